/*
 * ob2_model.c - the Open Badges 2.0 data model without the network: detecting the version of
 * a document, normalising 0.5-1.1 forms to the 2.0 shape, IdentityObject hashes, the hosted
 * verification scope rule, and the property checks of the badge objects (OB 2.0 §"Open
 * Badges Vocabulary", §"Data Validation").
 */
#include "reco/ob2.h"
#include "reco/crypto.h"
#include "ob2_internal.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- small helpers */

const char *ob2_str(const json_t *o, const char *key)
{
    const json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

bool ob2_is_http_url(const char *s)
{
    if (!s)
        return false;
    return (strncmp(s, "https://", 8) == 0 && s[8] != '\0') ||
           (strncmp(s, "http://", 7) == 0 && s[7] != '\0');
}

/* An absolute IRI or compact IRI: scheme ":" then no white space (RFC 3987 §2.2, loosely),
 * or a blank node "_:b0". */
bool ob2_is_iri(const char *s)
{
    size_t i = 0;
    if (!s || !isalpha((unsigned char)s[0])) {
        return s && s[0] == '_' && s[1] == ':' && s[2] != '\0';
    }
    while (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '.' || s[i] == '-')
        i++;
    if (s[i] != ':' || s[i + 1] == '\0')
        return false;
    for (; s[i]; i++) {
        if ((unsigned char)s[i] <= ' ')
            return false;
    }
    return true;
}

bool ob2_has_type(const json_t *node, const char *name)
{
    const json_t *t = json_is_object(node) ? json_object_get(node, "type") : NULL;
    size_t i;
    const json_t *v;
    if (json_is_string(t))
        return strcmp(json_string_value(t), name) == 0;
    json_array_foreach(t, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), name) == 0)
            return true;
    }
    return false;
}

bool ob2_host_of(const char *url, char *out, size_t n)
{
    const char *p, *end, *at;
    size_t len;
    if (!ob2_is_http_url(url) || n == 0)
        return false;
    p = strstr(url, "://") + 3;
    end = p + strcspn(p, "/?#");
    at = memchr(p, '@', (size_t)(end - p));
    if (at)
        p = at + 1;
    len = (size_t)(end - p);
    if (len == 0 || len >= n)
        return false;
    memcpy(out, p, len);
    out[len] = '\0';
    for (size_t i = 0; i < len; i++)
        out[i] = (char)tolower((unsigned char)out[i]);
    return true;
}

/* ---------------------------------------------------------------- version detection */

static bool context_is(const json_t *ctx, const char *url)
{
    size_t i;
    const json_t *v;
    if (json_is_string(ctx))
        return strcmp(json_string_value(ctx), url) == 0 ||
               (strncmp(json_string_value(ctx), url, strlen(url)) == 0 &&
                (json_string_value(ctx)[strlen(url)] == '/' ||
                 strcmp(json_string_value(ctx) + strlen(url), ".json") == 0));
    json_array_foreach(ctx, i, v)
    {
        if (context_is(v, url))
            return true;
    }
    return false;
}

int reco_ob2_detect(const json_t *doc)
{
    const json_t *ctx;
    if (!json_is_object(doc))
        return 0;
    ctx = json_object_get(doc, "@context");
    if (ctx) {
        if (context_is(ctx, RECO_OB2_CONTEXT))
            return 20;
        if (context_is(ctx, RECO_OB1_CONTEXT))
            return 11;
        if (json_is_object(ctx) && json_object_get(ctx, "obi"))
            return 20; /* an inline copy of the 2.0 context (as the validator's own fixtures) */
        if (json_is_string(ctx) &&
            strncmp(json_string_value(ctx), "https://w3id.org/openbadges", 27) == 0)
            return 20; /* an Open Badges context, just not a valid one: checked later */
        return 0;
    }
    if (json_is_object(json_object_get(doc, "verify")))
        return 10;
    if (json_is_string(json_object_get(doc, "recipient")) &&
        json_is_object(json_object_get(doc, "badge")))
        return 5;
    if (json_object_get(doc, "recipient") && json_object_get(doc, "badge"))
        return 10;
    return 0;
}

/* ---------------------------------------------------------------- normalising */

/* 1.0 and 0.5 dates: "YYYY-MM-DD" or Unix seconds become xsd:dateTime. */
static reco_code fix_date(json_t *o, const char *from, const char *to)
{
    json_t *v = json_object_get(o, from);
    char buf[64];
    reco_code rc = RECO_OK;
    if (!v)
        return RECO_OK;
    if (json_is_integer(v)) {
        reco_time t = {.sec = json_integer_value(v), .nsec = 0, .has_offset = true};
        reco_buf b;
        reco_buf_init(&b, 64);
        if (reco_time_format(&t, &b) == RECO_OK)
            rc = json_object_set_new(o, to, json_string(b.data)) ? RECO_ENOMEM : RECO_OK;
        reco_buf_release(&b);
    } else if (json_is_string(v) && strlen(json_string_value(v)) == 10 &&
               json_string_value(v)[4] == '-') {
        snprintf(buf, sizeof buf, "%sT00:00:00Z", json_string_value(v));
        rc = json_object_set_new(o, to, json_string(buf)) ? RECO_ENOMEM : RECO_OK;
    } else if (strcmp(from, to) != 0) {
        rc = json_object_set(o, to, v) ? RECO_ENOMEM : RECO_OK;
    }
    if (!rc && strcmp(from, to) != 0)
        json_object_del(o, from);
    return rc;
}

static void set_default(json_t *o, const char *key, const char *value)
{
    if (!json_object_get(o, key))
        json_object_set_new(o, key, json_string(value));
}

/* 0.5 (OB 0.5 assertion): recipient is the e-mail address or its "sha256$" hash with a
 * top-level salt; the badge and its issuer (origin, name) are embedded. */
static void normalize_05(json_t *o)
{
    const char *r = ob2_str(o, "recipient");
    json_t *id = json_object();
    json_t *badge = json_object_get(o, "badge");
    json_t *iss = json_object_get(badge, "issuer");
    bool hashed = r && (strncmp(r, "sha256$", 7) == 0 || strncmp(r, "md5$", 4) == 0);
    json_object_set_new(id, "type", json_string("email"));
    json_object_set_new(id, "hashed", json_boolean(hashed));
    json_object_set_new(id, "identity", json_string(r ? r : ""));
    if (ob2_str(o, "salt"))
        json_object_set(id, "salt", json_object_get(o, "salt"));
    json_object_set_new(o, "recipient", id);
    json_object_del(o, "salt");
    fix_date(o, "issued_on", "issuedOn");
    fix_date(o, "expires", "expires");
    set_default(badge, "type", "BadgeClass");
    json_object_del(badge, "version");
    if (json_is_object(iss)) {
        set_default(iss, "type", "Issuer");
        if (ob2_str(iss, "origin") && !json_object_get(iss, "url"))
            json_object_set(iss, "url", json_object_get(iss, "origin"));
        if (ob2_str(iss, "origin") && !json_object_get(iss, "id"))
            json_object_set(iss, "id", json_object_get(iss, "origin"));
        if (ob2_str(iss, "contact") && !json_object_get(iss, "email"))
            json_object_set(iss, "email", json_object_get(iss, "contact"));
    }
}

/* 1.0 / 1.1: "verify" {type, url} becomes "verification" and (hosted) the url the id; uid
 * stays for revocation lists (OB 2.0 §SignedBadge Verification step 7). */
static void normalize_1x(json_t *o)
{
    json_t *verify = json_object_get(o, "verify");
    if (json_is_object(verify) && !json_object_get(o, "verification")) {
        const char *type = ob2_str(verify, "type");
        const char *url = ob2_str(verify, "url");
        json_t *v = json_object();
        json_object_set_new(v, "type", json_string(type ? type : ""));
        if (type && strcmp(type, "signed") == 0 && url)
            json_object_set_new(v, "creator", json_string(url));
        if (type && strcmp(type, "hosted") == 0 && url && !json_object_get(o, "id"))
            json_object_set_new(o, "id", json_string(url));
        json_object_set_new(o, "verification", v);
    }
    json_object_del(o, "verify");
    fix_date(o, "issuedOn", "issuedOn");
    fix_date(o, "expires", "expires");
}

reco_code reco_ob2_normalize(const json_t *doc, json_t **out, int *version, reco_error *err)
{
    int v;
    json_t *o;
    *out = NULL;
    if (!json_is_object(doc))
        return reco_error_set(err, RECO_ESCHEMA, "", "open badges document is not an object");
    v = reco_ob2_detect(doc);
    if (version)
        *version = v;
    o = json_deep_copy(doc);
    if (!o)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if (v == 5) {
        normalize_05(o);
    } else if (v == 10 || v == 11) {
        normalize_1x(o);
    }
    if (v != 20 && v != 0) {
        json_object_set_new(o, "@context", json_string(RECO_OB2_CONTEXT));
        if (json_object_get(o, "recipient") && json_object_get(o, "badge"))
            set_default(o, "type", "Assertion");
    }
    *out = o;
    return RECO_OK;
}

/* A fetched 1.x BadgeClass or Profile has neither @context, type nor id: the URL it came from
 * is its id, the role it plays its type. */
void ob2_normalize_linked(json_t *o, const char *url, const char *type)
{
    if (!json_is_object(o) || json_object_get(o, "@context"))
        return;
    /* Left without @context: 1.x Profiles did not require an e-mail address. */
    set_default(o, "type", type);
    if (url)
        set_default(o, "id", url);
}

/* ---------------------------------------------------------------- identity hashes */

reco_code reco_ob2_identity_hash(const char *alg, const char *identity, const char *salt,
                                 reco_buf *out, reco_error *err)
{
    const EVP_MD *md = NULL;
    EVP_MD_CTX *mc = NULL;
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int dn = 0;
    reco_code rc = RECO_OK;
    /* IdentityObject §identity: "sha256$" or "md5$" + hex digest of identity + salt. MD5 is
     * only ever recomputed here to compare with what an issuer published, never to protect
     * anything new; it comes straight from libcrypto like SHA-256 does in reco_sha256. */
    if (alg && strcmp(alg, "sha256") == 0)
        md = EVP_sha256();
    else if (alg && strcmp(alg, "md5") == 0)
        md = EVP_md5();
    if (!md || !identity)
        return reco_error_set(err, RECO_EINVAL, NULL, "unsupported identity hash '%s'",
                              alg ? alg : "(none)");
    mc = EVP_MD_CTX_new();
    if (!mc || EVP_DigestInit_ex(mc, md, NULL) != 1 ||
        EVP_DigestUpdate(mc, identity, strlen(identity)) != 1 ||
        (salt && EVP_DigestUpdate(mc, salt, strlen(salt)) != 1) ||
        EVP_DigestFinal_ex(mc, d, &dn) != 1) {
        rc = reco_error_set(err, RECO_ECRYPTO, NULL, "digest failed");
        goto out;
    }
    rc = reco_buf_printf(out, "%s$", alg);
    if (!rc)
        rc = reco_hex_encode(d, dn, out);
    if (rc)
        reco_error_set(err, rc, NULL, "cannot write identity hash");
out:
    EVP_MD_CTX_free(mc);
    return rc;
}

static bool ascii_case_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    }
    return *a == *b;
}

reco_code reco_ob2_recipient_match(const json_t *recipient, const char *identity, reco_error *err)
{
    const char *have = ob2_str(recipient, "identity");
    const char *type = ob2_str(recipient, "type");
    const json_t *hashed = json_object_get(recipient, "hashed");
    const char *salt = ob2_str(recipient, "salt");
    bool email = type && strcmp(type, "email") == 0;
    reco_buf b;
    reco_code rc;
    char alg[8];
    size_t alen;
    if (!have || !identity)
        return reco_error_set(err, RECO_ESCHEMA, "/recipient/identity",
                              "recipient identity is missing");
    if (!json_is_true(hashed)) {
        if (email ? ascii_case_equal(have, identity) : strcmp(have, identity) == 0)
            return RECO_OK;
        return reco_error_set(err, RECO_EVERIFY, "/recipient/identity",
                              "recipient '%s' is not '%s'", have, identity);
    }
    alen = strcspn(have, "$");
    if (have[alen] != '$' || alen >= sizeof alg)
        return reco_error_set(err, RECO_ESCHEMA, "/recipient/identity",
                              "hashed identity has no 'alg$' prefix");
    memcpy(alg, have, alen);
    alg[alen] = '\0';
    for (size_t i = 0; i < alen; i++)
        alg[i] = (char)tolower((unsigned char)alg[i]);
    reco_buf_init(&b, 256);
    rc = reco_ob2_identity_hash(alg, identity, salt, &b, err);
    if (rc == RECO_EINVAL) {
        rc = reco_error_set(err, RECO_ESCHEMA, "/recipient/identity",
                            "unsupported identity hash '%s'", alg);
    } else if (!rc && !ascii_case_equal(b.data, have)) {
        /* E-mail addresses are compared as issuers hash them: most lower-case first. */
        bool lower_ok = false;
        if (email) {
            char low[320];
            size_t n = strlen(identity);
            if (n < sizeof low) {
                for (size_t i = 0; i <= n; i++)
                    low[i] = (char)tolower((unsigned char)identity[i]);
                reco_buf_clear(&b);
                lower_ok = reco_ob2_identity_hash(alg, low, salt, &b, NULL) == RECO_OK &&
                           ascii_case_equal(b.data, have);
            }
        }
        if (!lower_ok)
            rc = reco_error_set(err, RECO_EVERIFY, "/recipient/identity",
                                "'%s' does not hash to the recipient identity", identity);
    }
    reco_buf_release(&b);
    return rc;
}

/* ---------------------------------------------------------------- hosted scope */

reco_code reco_ob2_check_scope(const char *assertion_id, const json_t *issuer, reco_error *err)
{
    const json_t *policy = json_object_get(issuer, "verification");
    const json_t *sw = json_is_object(policy) ? json_object_get(policy, "startsWith") : NULL;
    const json_t *ao = json_is_object(policy) ? json_object_get(policy, "allowedOrigins") : NULL;
    const char *issuer_id = ob2_str(issuer, "id");
    char host[256], ihost[256];
    size_t i;
    const json_t *v;
    if (!assertion_id)
        return reco_error_set(err, RECO_EVERIFY, "/id", "assertion has no id");
    /* VerificationObject §startsWith: the id must start with one of the values. */
    if (sw) {
        bool ok = false;
        if (json_is_string(sw))
            ok = strncmp(assertion_id, json_string_value(sw), strlen(json_string_value(sw))) == 0;
        json_array_foreach(sw, i, v)
        {
            if (json_is_string(v) &&
                strncmp(assertion_id, json_string_value(v), strlen(json_string_value(v))) == 0)
                ok = true;
        }
        if (!ok)
            return reco_error_set(err, RECO_EVERIFY, "/id",
                                  "assertion id %s does not start with any value the issuer's "
                                  "verification policy permits",
                                  assertion_id);
    }
    if (!ob2_host_of(assertion_id, host, sizeof host))
        return reco_error_set(err, RECO_EVERIFY, "/id",
                              "hosted assertion id %s is not an http(s) url", assertion_id);
    /* VerificationObject §allowedOrigins; without it, the origin of the issuer's id
     * (§HostedBadge Verification: "defaults to ... the same origin as the issuer Profile"). */
    if (ao) {
        bool ok = false;
        if (json_is_string(ao))
            ok = ascii_case_equal(json_string_value(ao), host);
        json_array_foreach(ao, i, v)
        {
            if (json_is_string(v) && ascii_case_equal(json_string_value(v), host))
                ok = true;
        }
        if (!ok)
            return reco_error_set(err, RECO_EVERIFY, "/id",
                                  "assertion %s is not hosted in the issuer's allowed origins",
                                  assertion_id);
        return RECO_OK;
    }
    if (!ob2_host_of(issuer_id, ihost, sizeof ihost)) {
        if (sw)
            return RECO_OK;
        return reco_error_set(err, RECO_ENOTFOUND, "/id",
                              "issuer %s has no http domain to enforce the hosted verification "
                              "policy against",
                              issuer_id ? issuer_id : "(no id)");
    }
    if (strcmp(host, ihost) != 0)
        return reco_error_set(err, RECO_EVERIFY, "/id",
                              "assertion %s is not hosted on the issuer's origin %s", assertion_id,
                              ihost);
    return RECO_OK;
}

/* ---------------------------------------------------------------- property checks */

/* Classes of the OB 2.0 vocabulary and aliases of its context, accepted as bare type terms
 * (OB 2.0 §"Open Badges Vocabulary"; other types must be IRIs or compact IRIs). */
static const char *const known_types[] = {
    "Assertion",          "BadgeClass",  "Issuer",      "Profile",         "IdentityObject",
    "VerificationObject", "HostedBadge", "SignedBadge", "hosted",          "signed",
    "Criteria",           "Evidence",    "Image",       "AlignmentObject", "CryptographicKey",
    "RevocationList",     "Endorsement", "Extension",   "TypeValidation",  "FrameValidation"};

bool ob2_type_valid(const json_t *node, char *why, size_t n)
{
    const json_t *t = json_object_get(node, "type");
    size_t i, k, count = 0;
    const json_t *v;
    json_t *one = NULL;
    bool ok = true;
    if (!t) {
        snprintf(why, n, "type is missing");
        return false;
    }
    if (json_is_string(t)) {
        one = json_pack("[O]", t);
        t = one;
    }
    if (!json_is_array(t)) {
        snprintf(why, n, "type must be a string or an array of strings");
        return false;
    }
    json_array_foreach(t, i, v)
    {
        const char *s = json_string_value(v);
        bool known = false;
        count++;
        if (!s) {
            snprintf(why, n, "type value %zu is not a string", i);
            ok = false;
            break;
        }
        for (k = 0; k < sizeof known_types / sizeof known_types[0]; k++) {
            if (strcmp(s, known_types[k]) == 0)
                known = true;
        }
        if (!known && !(strchr(s, ':') && ob2_is_iri(s))) {
            snprintf(why, n, "type '%s' is neither an open badges class nor an iri", s);
            ok = false;
            break;
        }
    }
    if (ok && count == 0) {
        snprintf(why, n, "type is empty");
        ok = false;
    }
    json_decref(one);
    return ok;
}

static bool text_prop(const json_t *o, const char *k, bool required, const char *what, char *why,
                      size_t n)
{
    const json_t *v = json_object_get(o, k);
    if (!v) {
        if (required)
            snprintf(why, n, "%s has no %s", what, k);
        return !required;
    }
    if (json_is_string(v))
        return true;
    /* A language map or a @value object (OB 2.0 §Internationalization) is text too. */
    if (json_is_object(v) && (json_object_get(v, "@value") || json_object_size(v) > 0))
        return true;
    snprintf(why, n, "%s %s must be text", what, k);
    return false;
}

static bool iri_prop(const json_t *o, const char *k, bool required, const char *what, char *why,
                     size_t n)
{
    const char *s = ob2_str(o, k);
    if (!json_object_get(o, k)) {
        if (required)
            snprintf(why, n, "%s has no %s", what, k);
        return !required;
    }
    if (!ob2_is_iri(s)) {
        snprintf(why, n, "%s %s must be an iri", what, k);
        return false;
    }
    return true;
}

/* Image (OB 2.0 §Image): an IRI, a data URI when data_ok, or an object whose id is one. */
bool ob2_image_valid(const json_t *img, bool data_ok, const char *what, char *why, size_t n)
{
    const char *s = json_is_object(img) ? ob2_str(img, "id") : json_string_value(img);
    if (!s) {
        snprintf(why, n, "%s image must be an iri or an image object with an id", what);
        return false;
    }
    if (strncmp(s, "data:", 5) == 0) {
        if (!data_ok) {
            /* The reference validator refuses data URIs for the Assertion image (it is the
             * baked image's URL; the unbaked image belongs to the BadgeClass). */
            snprintf(why, n, "%s image must be a url, not a data uri", what);
            return false;
        }
        if (strncmp(s, "data:image/png", 14) != 0 && strncmp(s, "data:image/svg+xml", 18) != 0) {
            snprintf(why, n, "%s image data uri must be image/png or image/svg+xml", what);
            return false;
        }
        return true;
    }
    if (!ob2_is_iri(s)) {
        snprintf(why, n, "%s image '%s' is not an iri", what, s);
        return false;
    }
    return true;
}

bool ob2_check_badgeclass(const json_t *bc, char *why, size_t n)
{
    const json_t *crit, *iss, *al;
    size_t i;
    const json_t *v;
    if (!json_is_object(bc)) {
        snprintf(why, n, "badge is not a BadgeClass object");
        return false;
    }
    if (!ob2_has_type(bc, "BadgeClass")) {
        snprintf(why, n, "badge type is not BadgeClass");
        return false;
    }
    if (!iri_prop(bc, "id", true, "badge class", why, n) ||
        !text_prop(bc, "name", true, "badge class", why, n) ||
        !text_prop(bc, "description", true, "badge class", why, n))
        return false;
    crit = json_object_get(bc, "criteria");
    if (!crit || (json_is_string(crit) && !ob2_is_iri(json_string_value(crit))) ||
        (json_is_object(crit) && !ob2_str(crit, "id") && !json_object_get(crit, "narrative")) ||
        (!json_is_string(crit) && !json_is_object(crit))) {
        snprintf(why, n, "badge class criteria must be an iri or a Criteria object");
        return false;
    }
    iss = json_object_get(bc, "issuer");
    if (!iss || (json_is_string(iss) && !ob2_is_iri(json_string_value(iss))) ||
        (!json_is_string(iss) && !json_is_object(iss))) {
        snprintf(why, n, "badge class issuer must be an iri or a Profile");
        return false;
    }
    if (json_object_get(bc, "image") &&
        !ob2_image_valid(json_object_get(bc, "image"), true, "badge class", why, n))
        return false;
    al = json_object_get(bc, "alignment");
    if (json_is_object(al))
        al = json_pack("[O]", al);
    else
        json_incref((json_t *)al);
    json_array_foreach(al, i, v)
    {
        if (!json_is_object(v) || !ob2_str(v, "targetName") ||
            !ob2_is_iri(ob2_str(v, "targetUrl"))) {
            snprintf(why, n, "badge class alignment %zu needs targetName and targetUrl", i);
            json_decref((json_t *)al);
            return false;
        }
    }
    json_decref((json_t *)al);
    return true;
}

bool ob2_check_profile(const json_t *p, bool as_issuer, char *why, size_t n)
{
    if (!json_is_object(p)) {
        snprintf(why, n, "issuer is not a Profile object");
        return false;
    }
    if (!ob2_has_type(p, "Issuer") && !ob2_has_type(p, "Profile")) {
        snprintf(why, n, "issuer type is neither Issuer nor Profile");
        return false;
    }
    /* OB 2.0 §Profile, "A note on required properties": an issuer needs id, type, name, url,
     * email. */
    if (!iri_prop(p, "id", true, "issuer", why, n))
        return false;
    if (as_issuer &&
        (!text_prop(p, "name", true, "issuer", why, n) ||
         !iri_prop(p, "url", true, "issuer", why, n) ||
         !text_prop(p, "email", json_object_get(p, "@context") != NULL, "issuer", why, n)))
        return false;
    if (json_object_get(p, "image") &&
        !ob2_image_valid(json_object_get(p, "image"), true, "issuer", why, n))
        return false;
    return true;
}

/* The assertion's own properties (OB 2.0 §Assertion, §IdentityObject, §VerificationObject). */
bool ob2_check_assertion(const json_t *a, char *why, size_t n, char *path, size_t pn)
{
    const json_t *r = json_object_get(a, "recipient");
    const json_t *ver = json_object_get(a, "verification");
    const json_t *b = json_object_get(a, "badge");
    reco_time t;
    snprintf(path, pn, "/recipient");
    if (!json_is_object(r)) {
        snprintf(why, n, "recipient must be an IdentityObject");
        return false;
    }
    if (!ob2_str(r, "type") || !ob2_str(r, "identity")) {
        snprintf(why, n, "recipient needs a type and an identity");
        return false;
    }
    if (json_object_get(r, "hashed") && !json_is_boolean(json_object_get(r, "hashed"))) {
        snprintf(why, n, "recipient hashed must be true or false");
        return false;
    }
    if (json_object_get(r, "salt") && !json_is_string(json_object_get(r, "salt"))) {
        snprintf(why, n, "recipient salt must be text");
        return false;
    }
    snprintf(path, pn, "/id");
    if (!iri_prop(a, "id", true, "assertion", why, n))
        return false;
    snprintf(path, pn, "/badge");
    if (!(json_is_string(b) && ob2_is_iri(json_string_value(b))) && !json_is_object(b)) {
        snprintf(why, n, "assertion badge must be an iri or a BadgeClass");
        return false;
    }
    snprintf(path, pn, "/verification");
    if (!json_is_object(ver) || !ob2_str(ver, "type")) {
        snprintf(why, n, "assertion verification must be an object with a type");
        return false;
    }
    snprintf(path, pn, "/issuedOn");
    if (!ob2_str(a, "issuedOn") ||
        reco_time_parse(ob2_str(a, "issuedOn"), strlen(ob2_str(a, "issuedOn")), false, &t, NULL) !=
            RECO_OK) {
        snprintf(why, n, "assertion issuedOn must be a date-time");
        return false;
    }
    snprintf(path, pn, "/expires");
    if (json_object_get(a, "expires") &&
        (!ob2_str(a, "expires") ||
         reco_time_parse(ob2_str(a, "expires"), strlen(ob2_str(a, "expires")), false, &t, NULL) !=
             RECO_OK)) {
        snprintf(why, n, "assertion expires must be a date-time");
        return false;
    }
    path[0] = '\0';
    return true;
}

/* A node of another class given alone (the validator's RDF validation fixtures). */
bool ob2_check_other(const json_t *o, char *why, size_t n)
{
    if (ob2_has_type(o, "AlignmentObject"))
        return text_prop(o, "targetName", true, "alignment", why, n) &&
               iri_prop(o, "targetUrl", true, "alignment", why, n);
    if (ob2_has_type(o, "CryptographicKey"))
        return text_prop(o, "publicKeyPem", true, "key", why, n);
    if (ob2_has_type(o, "RevocationList"))
        return iri_prop(o, "id", true, "revocation list", why, n);
    return true;
}
