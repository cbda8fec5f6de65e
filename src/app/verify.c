/*
 * verify.c - verification with the service's options: the same OB 3.0 checks as reco verify,
 * plus key resolution beyond did:key (this service's issuers from the store, offline; other
 * did:web and http(s) verification methods through the outbound client) and a "status" check
 * of BitstringStatusListEntry (Bitstring Status List v1.0 §3.2 validate algorithm).
 */
#include "app_internal.h"
#include "reco/bake.h"
#include "reco/http.h"
#include "reco/jose.h"
#include "reco/ob.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define FETCH_MAX   (2u * 1024u * 1024u)
#define BODY_MAX    (16u * 1024u * 1024u)
#define STATUS_MAX  (16u * 1024u * 1024u)
#define ARENA_V_CAP (16u * 1024u * 1024u)

/* ---------------------------------------------------------------- key resolution */

/* The slug of one of this service's issuers named by an issuer id prefix of vm, with the
 * fragment after it ("key-ed25519"), or false. */
static bool own_issuer(reco_app *app, const char *vm, char *slug, size_t cap, const char **frag)
{
    char prefix[400];
    size_t pl, sl;
    if (app->did_host[0])
        snprintf(prefix, sizeof prefix, "%s:issuers:", app->did_host);
    else
        snprintf(prefix, sizeof prefix, "%s/issuers/", app->base_url);
    pl = strlen(prefix);
    if (strncmp(vm, prefix, pl) != 0)
        return false;
    sl = strcspn(vm + pl, "#/?:");
    if (!sl || sl >= cap)
        return false;
    memcpy(slug, vm + pl, sl);
    slug[sl] = '\0';
    *frag = vm[pl + sl] == '#' ? vm + pl + sl + 1 : NULL;
    return true;
}

static reco_code key_from_method(const json_t *m, reco_key **out, reco_error *err)
{
    const char *mb = json_string_value(json_object_get(m, "publicKeyMultibase"));
    const json_t *jwk = json_object_get(m, "publicKeyJwk");
    if (mb)
        return reco_key_from_multikey(mb, out, err);
    if (json_is_object(jwk))
        return reco_key_from_jwk(jwk, out, err);
    return reco_error_set(err, RECO_ENOTFOUND, NULL, "the verification method holds no key");
}

/* A remote controller document (did:web DID document or an http(s) profile / key document)
 * and the method in it whose id is vm. */
static reco_code resolve_remote(reco_app *app, const char *vm, reco_key **out, reco_error *err)
{
    char url[2100];
    size_t n = strcspn(vm, "#");
    reco_http_opts ho = {0};
    reco_http_response resp;
    json_t *doc = NULL;
    reco_code rc;
    if (strncmp(vm, "did:web:", 8) == 0) {
        /* did:web §3.2.2 Read: ':' becomes '/', %3A becomes ':', then /did.json (or
         * /.well-known/did.json for a bare domain). */
        const char *p = vm + 8;
        size_t o = (size_t)snprintf(url, sizeof url, "https://");
        size_t end = n - 8;
        bool path = false;
        for (size_t i = 0; i < end && o + 4 < sizeof url; i++) {
            if (p[i] == ':') {
                url[o++] = '/';
                path = true;
            } else if (strncmp(p + i, "%3A", 3) == 0 || strncmp(p + i, "%3a", 3) == 0) {
                url[o++] = ':';
                i += 2;
            } else {
                url[o++] = p[i];
            }
        }
        url[o] = '\0';
        snprintf(url + o, sizeof url - o, "%s", path ? "/did.json" : "/.well-known/did.json");
    } else if (strncmp(vm, "https://", 8) == 0 || strncmp(vm, "http://", 7) == 0) {
        if (n >= sizeof url)
            return reco_error_set(err, RECO_ENOTFOUND, NULL, "verification method too long");
        memcpy(url, vm, n);
        url[n] = '\0';
    } else {
        return reco_error_set(err, RECO_ENOTFOUND, NULL, "cannot resolve verification method %.80s",
                              vm);
    }
    ho.max_bytes = FETCH_MAX;
    ho.allow_private_network = app->allow_private;
    ho.accept = "application/did+json, application/ld+json, application/json;q=0.9";
    rc = reco_http_get(url, &ho, &resp, err);
    if (!rc && (resp.status < 200 || resp.status > 299))
        rc =
            reco_error_set(err, RECO_ENOTFOUND, NULL, "%.100s answered HTTP %ld", url, resp.status);
    if (!rc)
        rc = reco_json_parse(resp.body.data, resp.body.len, NULL, &doc, err);
    reco_http_response_release(&resp);
    if (rc) {
        if (rc != RECO_ENOMEM)
            rc = RECO_ENOTFOUND;
        goto out;
    }
    if (json_is_string(json_object_get(doc, "id")) &&
        strcmp(json_string_value(json_object_get(doc, "id")), vm) == 0) {
        rc = key_from_method(doc, out, err);
        goto out;
    }
    {
        const json_t *list = json_object_get(doc, "verificationMethod");
        size_t i;
        const json_t *m;
        json_array_foreach(list, i, m)
        {
            const char *id = json_string_value(json_object_get(m, "id"));
            /* Relative ids ("#key-1") are relative to the document's id. */
            if (id && (strcmp(id, vm) == 0 || (id[0] == '#' && strcmp(id, vm + n) == 0))) {
                rc = key_from_method(m, out, err);
                goto out;
            }
        }
    }
    rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "%.100s does not list the key %.80s", url, vm);
out:
    json_decref(doc);
    return rc;
}

/* reco_vm_resolve_fn and reco_jws_kid_resolve_fn: did:key, this service's issuers, then
 * remote documents. */
static reco_code resolve(void *ctx, const char *vm, reco_key **out, reco_error *err)
{
    reco_app *app = ctx;
    char slug[128];
    const char *frag = NULL;
    *out = NULL;
    if (strncmp(vm, "did:key:", 8) == 0)
        return reco_vm_resolve_did_key(NULL, vm, out, err);
    if (own_issuer(app, vm, slug, sizeof slug, &frag)) {
        reco_arena *a = reco_arena_new(0);
        reco_issuer_row iss;
        reco_code rc;
        json_t *jwk = NULL;
        if (!a)
            return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        rc = reco_store_issuer_by_slug(app->store, slug, a, &iss, err);
        if (!rc && frag && strcmp(frag, "key-ed25519") == 0)
            rc = reco_key_from_multikey(iss.ed25519_pk, out, err);
        else if (!rc && frag && strcmp(frag, "key-rsa") == 0 && iss.rsa_pk &&
                 !(rc = reco_json_parse(iss.rsa_pk, strlen(iss.rsa_pk), NULL, &jwk, err)))
            rc = reco_key_from_jwk(jwk, out, err);
        else if (!rc)
            rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "issuer %.60s has no key %.40s", slug,
                                frag ? frag : "");
        json_decref(jwk);
        reco_arena_free(a);
        if (rc == RECO_ENOTFOUND)
            reco_error_set(err, rc, NULL, "no key %.100s on this service", vm);
        return rc;
    }
    return resolve_remote(app, vm, out, err);
}

/* ---------------------------------------------------------------- status */

/* Bit index of a status list (§2.1: bit 0 is the left-most bit of the first byte). */
static bool bit_at(const uint8_t *bits, size_t len, int64_t index, bool *value)
{
    if (index < 0 || (uint64_t)index / 8 >= len)
        return false;
    *value = (bits[index / 8] & (0x80 >> (index % 8))) != 0;
    return true;
}

static reco_code gunzip(const char *p, size_t n, reco_buf *out, reco_error *err)
{
    z_stream z;
    uint8_t chunk[16384];
    int zr = Z_OK;
    reco_code rc = RECO_OK;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 16) != Z_OK)
        return reco_error_set(err, RECO_ENOMEM, NULL, "cannot start decompression");
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)n;
    while (zr != Z_STREAM_END) {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        zr = inflate(&z, Z_NO_FLUSH);
        if (zr != Z_OK && zr != Z_STREAM_END) {
            rc = reco_error_set(err, RECO_EPARSE, NULL, "the encoded list is not GZIP data");
            break;
        }
        if ((rc = reco_buf_append(out, chunk, sizeof chunk - z.avail_out))) {
            reco_buf_error(rc, out, "status list", err);
            break;
        }
        if (zr == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
            rc = reco_error_set(err, RECO_EPARSE, NULL, "the encoded list is truncated");
            break;
        }
    }
    inflateEnd(&z);
    return rc;
}

/* The revocation bit of one entry: this service's lists from the store, others fetched (and
 * their proof verified). */
static reco_code status_bit(reco_app *app, const char *list_url, int64_t index, bool *value,
                            reco_error *err)
{
    char prefix[400];
    reco_code rc;
    reco_buf bits;
    reco_buf_init(&bits, STATUS_MAX);
    snprintf(prefix, sizeof prefix, "%s/issuers/", app->base_url);
    if (strncmp(list_url, prefix, strlen(prefix)) == 0 && strstr(list_url, "/status/")) {
        reco_arena *a = reco_arena_new(0);
        reco_status_list_row l;
        const char *pid = strrchr(list_url, '/') + 1;
        if (!a)
            return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        rc = reco_store_status_list_by_public_id(app->store, pid, a, &l, err);
        if (!rc && !bit_at(l.bits, l.bits_len, index, value))
            rc = reco_error_set(err, RECO_EINVAL, NULL, "index %lld is outside the list",
                                (long long)index);
        reco_arena_free(a);
        return rc;
    }
    {
        reco_http_opts ho = {0};
        reco_http_response resp;
        json_t *doc = NULL;
        reco_di_result results[RECO_DI_MAX_PROOFS];
        size_t count = 0;
        reco_di_verify_options dv = {0};
        ho.max_bytes = FETCH_MAX;
        ho.allow_private_network = app->allow_private;
        ho.accept = "application/vc+ld+json, application/ld+json, application/json;q=0.9";
        rc = reco_http_get(list_url, &ho, &resp, err);
        if (!rc && (resp.status < 200 || resp.status > 299))
            rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "the status list answered HTTP %ld",
                                resp.status);
        if (!rc)
            rc = reco_json_parse(resp.body.data, resp.body.len, NULL, &doc, err);
        reco_http_response_release(&resp);
        dv.resolve = resolve;
        dv.resolve_ctx = app;
        dv.loader = app_loader(app);
        if (!rc && reco_di_verify(doc, &dv, results, RECO_DI_MAX_PROOFS, &count, err) != RECO_OK)
            rc = reco_error_set(err, RECO_EVERIFY, NULL,
                                "the status list credential's proof does not verify");
        const char *enc = json_string_value(
            json_object_get(json_object_get(doc, "credentialSubject"), "encodedList"));
        if (!rc && !enc)
            rc = reco_error_set(err, RECO_ESCHEMA, NULL, "the status list has no encodedList");
        if (!rc) {
            reco_buf z;
            reco_buf_init(&z, STATUS_MAX);
            rc = reco_multibase_decode(enc, strlen(enc), &z, err);
            if (!rc)
                rc = gunzip(z.data, z.len, &bits, err);
            reco_buf_release(&z);
        }
        if (!rc && !bit_at((const uint8_t *)bits.data, bits.len, index, value))
            rc = reco_error_set(err, RECO_EINVAL, NULL, "index %lld is outside the list",
                                (long long)index);
        json_decref(doc);
    }
    reco_buf_release(&bits);
    return rc;
}

static void check_status(reco_app *app, const json_t *vc, reco_report *report)
{
    const json_t *cs = json_object_get(vc, "credentialStatus");
    const json_t *e;
    size_t i, n;
    bool any = false;
    if (!cs)
        return;
    n = json_is_array(cs) ? json_array_size(cs) : 1;
    for (i = 0; i < n && i < 8; i++) {
        e = json_is_array(cs) ? json_array_get(cs, i) : cs;
        const char *type = json_string_value(json_object_get(e, "type"));
        const char *purpose = json_string_value(json_object_get(e, "statusPurpose"));
        const char *url = json_string_value(json_object_get(e, "statusListCredential"));
        const char *idx = json_string_value(json_object_get(e, "statusListIndex"));
        char *end = NULL;
        long long index;
        bool value = false;
        reco_error err = {0};
        if (!type || strcmp(type, "BitstringStatusListEntry") != 0)
            continue;
        any = true;
        index = idx ? strtoll(idx, &end, 10) : -1;
        if (!url || !idx || !end || *end || index < 0) {
            reco_report_add(report, "status", RECO_CHECK_FAILED,
                            "the status entry lacks statusListCredential or a statusListIndex");
            continue;
        }
        if (status_bit(app, url, index, &value, &err))
            reco_report_add(report, "status", RECO_CHECK_NOT_CHECKED,
                            "the status list could not be read: %s", err.msg);
        else if (value)
            reco_report_add(report, "status", RECO_CHECK_FAILED, "the credential is %s",
                            purpose && strcmp(purpose, "suspension") == 0 ? "suspended"
                                                                          : "revoked");
        else
            reco_report_add(report, "status", RECO_CHECK_PASSED, "not %s (status list index %lld)",
                            purpose && strcmp(purpose, "suspension") == 0 ? "suspended" : "revoked",
                            index);
    }
    if (!any)
        reco_report_add(report, "status", RECO_CHECK_WARNING,
                        "the credential's status is of a type this verifier does not know");
}

/* ---------------------------------------------------------------- verify */

static reco_code verify_text(reco_app *app, const char *text, size_t n, bool jwt, const char *input,
                             reco_report **out, reco_error *err)
{
    reco_ob_verify_options opt = {0};
    reco_code rc;
    json_t *vc = NULL;
    opt.vc.di.resolve = resolve;
    opt.vc.di.resolve_ctx = app;
    opt.vc.di.loader = app_loader(app);
    if (!jwt) {
        rc = reco_ob_verify_bytes(text, n, input, &opt, out, err);
        if (!rc && reco_json_parse(text, n, NULL, &vc, NULL) == RECO_OK)
            check_status(app, vc, *out);
        json_decref(vc);
        return rc;
    }
    {
        reco_vcjwt_verify_options jo = {0};
        reco_vcjwt t;
        reco_report *r = reco_report_new(input, "ob3-vc-jwt");
        reco_vcjwt_init(&t);
        if (!r)
            return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        jo.resolve = resolve;
        jo.resolve_ctx = app;
        rc = reco_vcjwt_verify(text, n, &jo, r, &t, err);
        if (!rc && t.credential)
            check_status(app, t.credential, r);
        reco_vcjwt_release(&t);
        if (rc)
            reco_report_free(r);
        else
            *out = r;
        return rc;
    }
}

reco_code reco_app_verify_bytes(reco_app *app, const void *data, size_t n, const char *input,
                                reco_report **out, reco_error *err)
{
    reco_bake_format f = reco_bake_detect(data, n);
    reco_bake_kind kind;
    reco_code rc;
    *out = NULL;
    if (f != RECO_BAKE_OTHER) {
        reco_baked b;
        reco_baked_init(&b);
        rc = reco_extract(data, n, &b, err);
        if (rc == RECO_OK && b.kind == RECO_BAKE_URL) {
            rc = reco_app_verify_url(app, b.text.data, out, err);
        } else if (rc == RECO_OK) {
            rc =
                verify_text(app, b.text.data, b.text.len, b.kind == RECO_BAKE_JWT, input, out, err);
        } else if (rc != RECO_ENOMEM) {
            /* An image without a credential is a verdict, not a fault. */
            reco_report *r = reco_report_new(input, "unknown");
            if (!r) {
                rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
            } else {
                reco_report_add(r, "extract", RECO_CHECK_FAILED, "%s",
                                err && err->msg[0] ? err->msg : "no credential in the image");
                reco_report_require(r, "proof", NULL);
                *out = r;
                rc = RECO_OK;
                reco_error_clear(err);
            }
        }
        reco_baked_release(&b);
        return rc;
    }
    if (reco_bake_kind_of(data, n, &kind, NULL) == RECO_OK && kind == RECO_BAKE_JWT) {
        /* Trim the white space reco_bake_kind_of set aside. */
        const char *s = data;
        while (n && (s[0] == ' ' || s[0] == '\n' || s[0] == '\r' || s[0] == '\t')) {
            s++;
            n--;
        }
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t'))
            n--;
        return verify_text(app, s, n, true, input, out, err);
    }
    return verify_text(app, data, n, false, input, out, err);
}

reco_code reco_app_verify_url(reco_app *app, const char *url, reco_report **out, reco_error *err)
{
    char prefix[400];
    reco_code rc;
    reco_buf body;
    *out = NULL;
    if (!url)
        return reco_error_set(err, RECO_EINVAL, "/url", "the URL is missing");
    snprintf(prefix, sizeof prefix, "%s/credentials/", app->base_url);
    reco_buf_init(&body, BODY_MAX);
    if (strncmp(url, prefix, strlen(prefix)) == 0) {
        /* This service's own credential: read it from the store, no request to itself. */
        char pid[64];
        size_t pl = strcspn(url + strlen(prefix), "/?#.");
        snprintf(pid, sizeof pid, "%.*s", (int)(pl < 63 ? pl : 63), url + strlen(prefix));
        rc = reco_app_credential_json(app, pid, &body, err);
    } else {
        reco_http_opts ho = {0};
        reco_http_response resp;
        ho.max_bytes = BODY_MAX;
        ho.allow_private_network = app->allow_private;
        ho.accept =
            "application/vc+ld+json, application/ld+json, application/json;q=0.9, */*;q=0.5";
        rc = reco_http_get(url, &ho, &resp, err);
        if (!rc && (resp.status < 200 || resp.status > 299))
            rc = reco_error_set(err, RECO_ENOTFOUND, "/url", "%.100s answered HTTP %ld", url,
                                resp.status);
        if (!rc && (rc = reco_buf_append(&body, resp.body.data, resp.body.len)))
            reco_buf_error(rc, &body, "response", err);
        reco_http_response_release(&resp);
    }
    if (!rc)
        rc = reco_app_verify_bytes(app, body.data, body.len, url, out, err);
    reco_buf_release(&body);
    return rc;
}

reco_code reco_app_verify_request(reco_app *app, const void *body, size_t n, reco_report **out,
                                  reco_error *err)
{
    json_t *doc = NULL;
    reco_code rc;
    *out = NULL;
    if (reco_json_parse(body, n, NULL, &doc, NULL) == RECO_OK && json_is_object(doc) &&
        json_is_string(json_object_get(doc, "url")) && !json_object_get(doc, "@context")) {
        rc = reco_app_verify_url(app, json_string_value(json_object_get(doc, "url")), out, err);
    } else if (json_is_object(doc) && json_is_string(json_object_get(doc, "credential"))) {
        const char *s = json_string_value(json_object_get(doc, "credential"));
        rc = reco_app_verify_bytes(app, s, strlen(s), "request", out, err);
    } else if (json_is_object(doc) && json_is_object(json_object_get(doc, "credential"))) {
        reco_buf b;
        reco_buf_init(&b, BODY_MAX);
        rc = reco_json_write(json_object_get(doc, "credential"), 0, &b, err);
        if (!rc)
            rc = reco_app_verify_bytes(app, b.data, b.len, "request", out, err);
        reco_buf_release(&b);
    } else {
        rc = reco_app_verify_bytes(app, body, n, "request", out, err);
    }
    json_decref(doc);
    return rc;
}
