/*
 * issuer.c - issuers: creation from an OB 3.0 Profile-shaped body, the slug, the keys made on
 * creation (sealed at rest), and the documents that make the issuer verifiable: the Profile,
 * the did:web DID document and the key documents.
 *
 * Identity: under an https base URL the issuer is did:web:<host>[%3A<port>]:issuers:<slug>
 * (did:web method §3.2), resolved by https://<host>/issuers/<slug>/did.json. Under an http base
 * URL (local use and tests) there is no did:web; the issuer id is the profile URL, and the
 * profile lists the keys so that "<profile URL>#key-ed25519" dereferences from it (OB 3.0
 * §"Dereferencing the Public Key": an HTTP URL is what verifiers must support). Either way the
 * verification method is "<issuer id>#key-ed25519", whose controller is the issuer id, which
 * is the binding the VC checks look for.
 */
#include "app_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLUG_MAX     48
#define NAME_MAX_LEN 200
#define TEXT_MAX     10000
#define URL_MAX      2048

/* ---------------------------------------------------------------- slug */

/* ASCII for the Latin letters with diacritics French and its neighbours use. */
static const char *fold(int32_t cp)
{
    if (cp >= 0xC0 && cp <= 0xC5)
        return "a";
    if (cp >= 0xE0 && cp <= 0xE5)
        return "a";
    if (cp == 0xC6 || cp == 0xE6)
        return "ae";
    if (cp == 0xC7 || cp == 0xE7)
        return "c";
    if ((cp >= 0xC8 && cp <= 0xCB) || (cp >= 0xE8 && cp <= 0xEB))
        return "e";
    if ((cp >= 0xCC && cp <= 0xCF) || (cp >= 0xEC && cp <= 0xEF))
        return "i";
    if (cp == 0xD1 || cp == 0xF1)
        return "n";
    if ((cp >= 0xD2 && cp <= 0xD6) || cp == 0xD8 || (cp >= 0xF2 && cp <= 0xF6) || cp == 0xF8)
        return "o";
    if ((cp >= 0xD9 && cp <= 0xDC) || (cp >= 0xF9 && cp <= 0xFC))
        return "u";
    if (cp == 0xDD || cp == 0xFD || cp == 0xFF || cp == 0x178)
        return "y";
    if (cp == 0xDF)
        return "ss";
    if (cp == 0x152 || cp == 0x153)
        return "oe";
    return NULL;
}

/* Lower-case ASCII [a-z0-9-] from name: accents folded, other runs become one '-'. */
static void slugify(const char *name, char *out, size_t cap)
{
    size_t n = strlen(name), i = 0, o = 0;
    bool dash = false;
    while (i < n && o + 3 < cap && o < SLUG_MAX) {
        int32_t cp = reco_utf8_next(name, n, &i);
        const char *f = NULL;
        char one[2] = {0, 0};
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
            one[0] = (char)cp;
            f = one;
        } else if (cp >= 'A' && cp <= 'Z') {
            one[0] = (char)(cp - 'A' + 'a');
            f = one;
        } else {
            f = fold(cp);
        }
        if (!f) {
            dash = o > 0;
            continue;
        }
        if (dash && o + 1 < cap) {
            out[o++] = '-';
            dash = false;
        }
        for (; *f && o + 1 < cap && o < SLUG_MAX; f++)
            out[o++] = *f;
    }
    while (o && out[o - 1] == '-')
        o--;
    out[o] = '\0';
    if (!o)
        snprintf(out, cap, "issuer");
}

/* ---------------------------------------------------------------- ids */

reco_code app_issuer_id(reco_app *app, const char *slug, reco_buf *out)
{
    if (app->did_host[0])
        return reco_buf_printf(out, "%s:issuers:%s", app->did_host, slug);
    return reco_buf_printf(out, "%s/issuers/%s", app->base_url, slug);
}

reco_code reco_app_issuer_id(reco_app *app, const char *slug, reco_buf *out, reco_error *err)
{
    reco_code rc = app_issuer_id(app, slug, out);
    return reco_buf_error(rc, out, "issuer id", err);
}

reco_code app_issuer_key(reco_app *app, const reco_issuer_row *row, bool rsa, reco_key **out,
                         reco_error *err)
{
    reco_buf plain;
    char aad[128];
    reco_code rc;
    json_t *jwk = NULL;
    *out = NULL;
    reco_buf_init(&plain, 64 * 1024);
    snprintf(aad, sizeof aad, "issuer:%s:%s", row->slug, rsa ? "rsa" : "ed25519");
    rc = app_unseal(app, aad, rsa ? row->rsa_sk : row->ed25519_sk, &plain, err);
    if (rc)
        goto out;
    if (rsa) {
        rc = reco_json_parse(plain.data, plain.len, NULL, &jwk, err);
        if (!rc)
            rc = reco_key_from_jwk(jwk, out, err);
    } else {
        rc = reco_key_from_secret_multikey(plain.data, out, err);
    }
out:
    if (jwk) {
        /* The private JWK's members are secrets too. */
        const char *k;
        json_t *v;
        json_object_foreach(jwk, k, v)
        {
            if (json_is_string(v))
                reco_wipe((char *)json_string_value(v), json_string_length(v));
        }
        json_decref(jwk);
    }
    reco_wipe(plain.data, plain.len);
    reco_buf_release(&plain);
    return rc;
}

/* ---------------------------------------------------------------- body */

/* INSEE codes: commune 5, département 2 or 3, région 2 characters; digits, 2A/2B for Corsica. */
static bool is_code(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == 'A' || s[i] == 'B'))
            return false;
    return true;
}

static const char *const address_fields[] = {
    "streetAddress",  "postalCode",         "addressLocality",    "addressRegion",
    "addressCountry", "addressCountryCode", "postOfficeBoxNumber"};
static const char *const territory_fields[] = {"commune", "departement", "region"};

/* The stored address: OB 3.0 Address members plus the territorial codes. */
static reco_code parse_address(const json_t *body, json_t **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    const json_t *in = json_object_get(body, "address");
    json_t *addr = json_object();
    char path[96];
    *out = NULL;
    if (!addr)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if (in && !json_is_null(in) && !json_is_object(in)) {
        rc = reco_error_set(err, RECO_EINVAL, "/address", "address is not an object");
        goto out;
    }
    for (size_t i = 0; in && i < sizeof address_fields / sizeof *address_fields; i++) {
        const char *v = NULL;
        if ((rc = app_opt_string(in, address_fields[i], 500, &v, err))) {
            if (err)
                snprintf(err->path, sizeof err->path, "/address/%s", address_fields[i]);
            goto out;
        }
        if (v && app_set_str(addr, address_fields[i], v)) {
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
            goto out;
        }
    }
    for (size_t i = 0; i < 3; i++) {
        const char *v = NULL;
        const json_t *where = json_object_get(body, territory_fields[i]) ? body : in;
        static const size_t mins[] = {5, 2, 2}, maxs[] = {5, 3, 2};
        if (!where)
            continue;
        if ((rc = app_opt_string(where, territory_fields[i], 8, &v, err)))
            goto out;
        if (!v)
            continue;
        if (!is_code(v, mins[i], maxs[i])) {
            snprintf(path, sizeof path, "%s/%s", where == body ? "" : "/address",
                     territory_fields[i]);
            rc = reco_error_set(err, RECO_EINVAL, path, "%s '%.10s' is not an INSEE code",
                                territory_fields[i], v);
            goto out;
        }
        if (app_set_str(addr, territory_fields[i], v)) {
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
            goto out;
        }
    }
out:
    if (rc || json_object_size(addr) == 0)
        json_decref(addr);
    else
        *out = addr;
    return rc;
}

/* ---------------------------------------------------------------- documents */

/* The OB 3.0 Address of the stored address text (territorial codes left out). */
static json_t *ob_address(const char *text)
{
    json_t *stored = text ? json_loads(text, 0, NULL) : NULL;
    json_t *addr = NULL;
    if (!stored)
        return NULL;
    addr = json_object();
    json_object_set_new(addr, "type", json_pack("[s]", "Address"));
    for (size_t i = 0; i < sizeof address_fields / sizeof *address_fields; i++) {
        json_t *v = json_object_get(stored, address_fields[i]);
        if (json_is_string(v))
            json_object_set(addr, address_fields[i], v);
    }
    json_decref(stored);
    if (json_object_size(addr) == 1) {
        json_decref(addr);
        return NULL;
    }
    return addr;
}

reco_code app_profile_json(reco_app *app, const reco_issuer_row *iss, json_t **out, reco_error *err)
{
    reco_buf id;
    json_t *p = json_object();
    int bad = !p;
    reco_code rc = RECO_OK;
    reco_buf_init(&id, 1024);
    bad |= app_issuer_id(app, iss->slug, &id) != RECO_OK;
    if (!bad) {
        bad |= app_set_str(p, "id", id.data);
        bad |= app_set(p, "type", json_pack("[s]", "Profile"));
        bad |= app_set_str(p, "name", iss->name);
        bad |= app_set_str(p, "url", iss->url);
        bad |= app_set_str(p, "email", iss->email);
        bad |= app_set_str(p, "description", iss->description);
        if (iss->image_url && iss->image_url[0])
            bad |=
                app_set(p, "image", json_pack("{s:s, s:s}", "id", iss->image_url, "type", "Image"));
        json_t *addr = ob_address(iss->address);
        if (addr)
            bad |= app_set(p, "address", addr);
    }
    if (bad) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        json_decref(p);
        p = NULL;
    }
    reco_buf_release(&id);
    *out = p;
    return rc;
}

/* The two verification methods of an issuer (Controlled Identifiers 1.0 §2.2). */
static json_t *verification_methods(reco_app *app, const reco_issuer_row *iss, const char *id)
{
    char vm[1200];
    json_t *list = json_array();
    json_t *jwk = iss->rsa_pk ? json_loads(iss->rsa_pk, 0, NULL) : NULL;
    snprintf(vm, sizeof vm, "%s#key-ed25519", id);
    json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "id", vm, "type", "Multikey",
                                          "controller", id, "publicKeyMultibase",
                                          iss->ed25519_pk ? iss->ed25519_pk : ""));
    if (jwk) {
        snprintf(vm, sizeof vm, "%s#key-rsa", id);
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:o}", "id", vm, "type",
                                              "JsonWebKey", "controller", id, "publicKeyJwk", jwk));
    }
    (void)app;
    return list;
}

static reco_code issuer_row_by_slug(reco_app *app, const char *slug, reco_arena *a,
                                    reco_issuer_row *iss, reco_error *err)
{
    reco_code rc;
    rc = reco_store_issuer_by_slug(app->store, slug ? slug : "", a, iss, err);
    if (rc == RECO_ENOTFOUND)
        reco_error_set(err, rc, NULL, "no issuer %.60s", slug ? slug : "");
    return rc;
}

reco_code reco_app_issuer_profile(reco_app *app, const char *slug, json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_issuer_row iss;
    reco_code rc;
    json_t *p = NULL;
    *out = NULL;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = issuer_row_by_slug(app, slug, a, &iss, err);
    if (!rc)
        rc = app_profile_json(app, &iss, &p, err);
    if (!rc) {
        json_t *doc = json_pack("{s:[s,s]}", "@context", RECO_VC_CONTEXT_V2,
                                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
        json_object_update(doc, p);
        json_decref(p);
        p = doc;
        if (!app->did_host[0]) {
            const char *id = json_string_value(json_object_get(p, "id"));
            char vm[1200];
            snprintf(vm, sizeof vm, "%s#key-ed25519", id);
            json_object_set_new(p, "verificationMethod", verification_methods(app, &iss, id));
            json_object_set_new(p, "assertionMethod", json_pack("[s]", vm));
        }
    }
    reco_arena_free(a);
    *out = p;
    return rc;
}

reco_code reco_app_issuer_did_document(reco_app *app, const char *slug, json_t **out,
                                       reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_issuer_row iss;
    reco_buf id;
    reco_code rc;
    json_t *d = NULL;
    *out = NULL;
    reco_buf_init(&id, 1024);
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = issuer_row_by_slug(app, slug, a, &iss, err);
    if (!rc && (rc = app_issuer_id(app, iss.slug, &id)))
        reco_buf_error(rc, &id, "issuer id", err);
    if (!rc) {
        char ed[1200], rsa[1200];
        snprintf(ed, sizeof ed, "%s#key-ed25519", id.data);
        snprintf(rsa, sizeof rsa, "%s#key-rsa", id.data);
        d = json_pack("{s:[s,s,s], s:s, s:o, s:[s,s], s:[s]}", "@context",
                      "https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1",
                      "https://w3id.org/security/jwk/v1", "id", id.data, "verificationMethod",
                      verification_methods(app, &iss, id.data), "assertionMethod", ed, rsa,
                      "authentication", ed);
        if (!d)
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    }
    reco_buf_release(&id);
    reco_arena_free(a);
    *out = d;
    return rc;
}

reco_code reco_app_issuer_key_document(reco_app *app, const char *slug, const char *which,
                                       json_t **out, reco_error *err)
{
    reco_arena *a;
    reco_issuer_row iss;
    reco_buf id;
    reco_code rc;
    json_t *list = NULL, *doc = NULL;
    size_t pick;
    *out = NULL;
    if (!which || (strcmp(which, "ed25519") != 0 && strcmp(which, "rsa") != 0))
        return reco_error_set(err, RECO_ENOTFOUND, NULL, "no key %.20s (ed25519 or rsa)",
                              which ? which : "");
    pick = strcmp(which, "rsa") == 0;
    a = reco_arena_new(0);
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    reco_buf_init(&id, 1024);
    rc = issuer_row_by_slug(app, slug, a, &iss, err);
    if (!rc && (rc = app_issuer_id(app, iss.slug, &id)))
        reco_buf_error(rc, &id, "issuer id", err);
    if (!rc) {
        list = verification_methods(app, &iss, id.data);
        doc = json_array_get(list, pick);
        if (!doc) {
            rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "issuer %.60s has no %s key", slug,
                                which);
        } else {
            json_incref(doc);
            json_object_set_new(doc, "@context",
                                json_string(pick ? "https://w3id.org/security/jwk/v1"
                                                 : "https://w3id.org/security/multikey/v1"));
        }
    }
    json_decref(list);
    reco_buf_release(&id);
    reco_arena_free(a);
    *out = rc ? NULL : doc;
    if (rc)
        json_decref(doc);
    return rc;
}

/* ---------------------------------------------------------------- API view */

static json_t *issuer_view(reco_app *app, const reco_issuer_row *iss)
{
    char url[512], when[40];
    reco_buf id;
    json_t *v = json_object();
    json_t *stored = iss->address ? json_loads(iss->address, 0, NULL) : NULL;
    json_t *addr;
    reco_buf_init(&id, 1024);
    snprintf(url, sizeof url, "%s/issuers/%s", app->base_url, iss->slug);
    app_set_str(v, "id", url);
    app_set_str(v, "slug", iss->slug);
    if (app_issuer_id(app, iss->slug, &id) == RECO_OK)
        app_set_str(v, "issuerId", id.data);
    app_set_str(v, "name", iss->name);
    app_set_str(v, "url", iss->url);
    app_set_str(v, "email", iss->email);
    app_set_str(v, "description", iss->description);
    app_set_str(v, "image", iss->image_url);
    addr = ob_address(iss->address);
    if (addr) {
        json_object_del(addr, "type");
        json_object_set_new(v, "address", addr);
    }
    for (size_t i = 0; stored && i < 3; i++)
        app_set_str(v, territory_fields[i],
                    json_string_value(json_object_get(stored, territory_fields[i])));
    app_time_text(iss->created_at, when, sizeof when);
    app_set_str(v, "createdAt", when);
    json_decref(stored);
    reco_buf_release(&id);
    return v;
}

reco_code reco_app_issuer_get(reco_app *app, const char *slug, json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_issuer_row iss;
    reco_code rc;
    *out = NULL;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = issuer_row_by_slug(app, slug, a, &iss, err);
    if (!rc && !(*out = issuer_view(app, &iss)))
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_issuer_list(reco_app *app, const reco_page *page, json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_issuer_row *rows = NULL;
    reco_page pg = page ? *page : (reco_page){0};
    size_t n = 0;
    reco_code rc;
    json_t *items;
    *out = NULL;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if (pg.limit <= 0)
        pg.limit = 50;
    rc = reco_store_issuer_list(app->store, &pg, a, &rows, &n, err);
    if (!rc) {
        items = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(items, issuer_view(app, &rows[i]));
        *out = json_pack("{s:o, s:I, s:I}", "items", items, "limit", (json_int_t)pg.limit, "offset",
                         (json_int_t)pg.offset);
        if (!*out)
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    }
    reco_arena_free(a);
    return rc;
}

/* ---------------------------------------------------------------- create */

/* Make the keys and seal the private halves (aad binds each to its issuer and use). */
static reco_code make_keys(reco_app *app, const char *slug, reco_buf *ed_sk, reco_buf *ed_pk,
                           reco_buf *rsa_sk, reco_buf *rsa_pk, reco_error *err)
{
    reco_key *ed = NULL, *rsa = NULL;
    reco_buf secret;
    json_t *jwk = NULL, *pub = NULL;
    char *text = NULL;
    char aad[128];
    reco_code rc;
    reco_buf_init(&secret, 64 * 1024);
    if ((rc = reco_key_generate(RECO_KEY_ED25519, 0, &ed, err)))
        goto out;
    if ((rc = reco_key_to_secret_multikey(ed, &secret, err)))
        goto out;
    snprintf(aad, sizeof aad, "issuer:%s:ed25519", slug);
    if ((rc = app_seal(app, aad, secret.data, secret.len, ed_sk, err)))
        goto out;
    if ((rc = reco_key_to_multikey(ed, ed_pk, err)))
        goto out;
    reco_wipe(secret.data, secret.len);
    reco_buf_clear(&secret);
    if ((rc = reco_key_generate(RECO_KEY_RSA, 2048, &rsa, err)))
        goto out;
    if ((rc = reco_key_to_jwk(rsa, true, &jwk, err)))
        goto out;
    if ((rc = reco_json_write(jwk, RECO_JSON_SORT_KEYS, &secret, err)))
        goto out;
    snprintf(aad, sizeof aad, "issuer:%s:rsa", slug);
    if ((rc = app_seal(app, aad, secret.data, secret.len, rsa_sk, err)))
        goto out;
    if ((rc = reco_key_to_jwk(rsa, false, &pub, err)))
        goto out;
    rc = reco_json_write(pub, RECO_JSON_SORT_KEYS, rsa_pk, err);
out:
    if (jwk) {
        const char *k;
        json_t *v;
        json_object_foreach(jwk, k, v)
        {
            if (json_is_string(v))
                reco_wipe((char *)json_string_value(v), json_string_length(v));
        }
    }
    json_decref(jwk);
    json_decref(pub);
    free(text);
    reco_wipe(secret.data, secret.len);
    reco_buf_release(&secret);
    reco_key_free(ed);
    reco_key_free(rsa);
    return rc;
}

reco_code reco_app_issuer_create(reco_app *app, const reco_app_user *actor, const json_t *body,
                                 json_t **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_arena *a = NULL;
    const char *name = NULL, *url = NULL, *email = NULL, *desc = NULL, *image = NULL;
    char base_slug[SLUG_MAX + 4], slug[SLUG_MAX + 12];
    json_t *addr = NULL;
    char *addr_text = NULL;
    reco_buf ed_sk, ed_pk, rsa_sk, rsa_pk;
    reco_issuer_row row = {0}, found;
    bool locked = false;
    *out = NULL;
    reco_buf_init(&ed_sk, 0);
    reco_buf_init(&ed_pk, 0);
    reco_buf_init(&rsa_sk, 0);
    reco_buf_init(&rsa_pk, 0);
    if (!actor) {
        rc = reco_error_set(err, RECO_EDENIED, NULL, "you need to sign in");
        goto out;
    }
    if (!json_is_object(body)) {
        rc = reco_error_set(err, RECO_EINVAL, "", "the issuer is not a JSON object");
        goto out;
    }
    if ((rc = app_opt_string(body, "name", NAME_MAX_LEN, &name, err)) ||
        (rc = app_opt_string(body, "url", URL_MAX, &url, err)) ||
        (rc = app_opt_string(body, "email", 254, &email, err)) ||
        (rc = app_opt_string(body, "description", TEXT_MAX, &desc, err)) ||
        (rc = app_opt_string(body, "image", URL_MAX, &image, err)))
        goto out;
    if (!name || !name[0]) {
        rc = reco_error_set(err, RECO_EINVAL, "/name", "the issuer name is missing");
        goto out;
    }
    if (url && url[0] && !app_is_http_url(url)) {
        rc = reco_error_set(err, RECO_EINVAL, "/url", "url is not an http or https URL");
        goto out;
    }
    if (image && image[0] && !app_is_http_url(image)) {
        rc = reco_error_set(err, RECO_EINVAL, "/image", "image is not an http or https URL");
        goto out;
    }
    if (email && email[0]) {
        char norm[256];
        if ((rc = reco_app_email_normalize(norm, sizeof norm, email, err)))
            goto out;
    }
    if ((rc = parse_address(body, &addr, err)))
        goto out;
    if (addr && !(addr_text = json_dumps(addr, JSON_COMPACT))) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (!(a = reco_arena_new(0))) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    slugify(name, base_slug, sizeof base_slug);
    app_lock(app);
    locked = true;
    /* The first free slug: name, name-2, name-3... */
    for (int i = 1;; i++) {
        if (i == 1)
            snprintf(slug, sizeof slug, "%s", base_slug);
        else
            snprintf(slug, sizeof slug, "%s-%d", base_slug, i);
        rc = reco_store_issuer_by_slug(app->store, slug, a, &found, err);
        if (rc == RECO_ENOTFOUND)
            break;
        if (rc)
            goto out;
        if (i > 10000) {
            rc = reco_error_set(err, RECO_ECONFLICT, "/name", "too many issuers named so");
            goto out;
        }
    }
    reco_error_clear(err);
    if ((rc = make_keys(app, slug, &ed_sk, &ed_pk, &rsa_sk, &rsa_pk, err)))
        goto out;
    row.slug = slug;
    row.name = name;
    row.url = url;
    row.email = email;
    row.description = desc;
    row.image_url = image;
    row.address = addr_text;
    row.ed25519_sk = ed_sk.data;
    row.ed25519_pk = ed_pk.data;
    row.rsa_sk = rsa_sk.data;
    row.rsa_pk = rsa_pk.data;
    row.created_at = (int64_t)time(NULL);
    if ((rc = reco_store_begin(app->store, err)))
        goto out;
    rc = reco_store_issuer_put(app->store, &row, err);
    if (!rc && actor->id > 0)
        rc = reco_store_role_set(app->store, row.id, actor->id, RECO_ROLE_OWNER, err);
    if (!rc)
        rc = reco_store_commit(app->store, err);
    else
        reco_store_rollback(app->store);
    if (rc)
        goto out;
    app_unlock(app);
    locked = false;
    if (!(*out = issuer_view(app, &row)))
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
out:
    if (locked)
        app_unlock(app);
    json_decref(addr);
    free(addr_text);
    reco_buf_release(&ed_sk);
    reco_buf_release(&ed_pk);
    reco_buf_release(&rsa_sk);
    reco_buf_release(&rsa_pk);
    reco_arena_free(a);
    return rc;
}
