/*
 * ob2.c - Open Badges 2.0 verification (OB 2.0 §"Verification"): the assertion, given as JSON,
 * as a compact JWS or by its URL, is checked with the documents it links to (BadgeClass,
 * issuer Profile, CryptographicKey, RevocationList), fetched through one callback so that
 * tests can serve them and --offline can refuse them. Every check goes to the report; a check
 * that needed a document that could not be had is not-checked with the reason, never passed.
 */
#include "reco/ob2.h"
#include "reco/crypto.h"
#include "reco/jose.h"
#include "ob2_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_FETCHES 16
#define DEFAULT_MAX_DOC     (1024u * 1024u)

/* What came of fetching a linked document. */
typedef enum fetch_result {
    FETCH_OK = 0,  /* a JSON object, in *doc */
    FETCH_OFFLINE, /* refused: offline */
    FETCH_GONE,    /* HTTP 410 (*doc may hold the body) */
    FETCH_MISSING, /* another non-2xx status */
    FETCH_FAILED,  /* network, limit, or not JSON */
    FETCH_NOMEM
} fetch_result;

typedef struct vctx {
    const reco_ob2_verify_options *opt;
    reco_report *r;
    reco_time now;
    int fetches;
    json_t *cache; /* url -> fetched document */
    bool oom;
} vctx;

/* ---------------------------------------------------------------- fetching */

static reco_code http_fetch(void *ctx, const char *url, long *status, reco_buf *body,
                            char **final_url, reco_error *err)
{
    const reco_http_opts *o = ctx;
    reco_http_opts opts = o ? *o : (reco_http_opts){0};
    reco_http_response resp;
    reco_code rc;
    if (!opts.accept)
        opts.accept = "application/ld+json, application/json";
    if (!opts.max_bytes)
        opts.max_bytes = body->max;
    rc = reco_http_get(url, &opts, &resp, err);
    if (!rc) {
        *status = resp.status;
        rc = reco_buf_append(body, resp.body.data, resp.body.len);
        if (rc)
            reco_error_set(err, rc, NULL, "document at %s is too large", url);
        if (resp.final_url) {
            *final_url = resp.final_url;
            resp.final_url = NULL;
        }
    }
    reco_http_response_release(&resp);
    return rc;
}

static void addf(vctx *c, const char *name, reco_check_status st, const char *fmt, ...)
    RECO_PRINTF(4, 5);

static void addf(vctx *c, const char *name, reco_check_status st, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (reco_report_add(c->r, name, st, "%s", msg) != RECO_OK)
        c->oom = true;
}

/*
 * Fetch url as a JSON object (borrowed reference in *doc, owned by the cache). why gets the
 * reason when the result is not FETCH_OK.
 */
static fetch_result fetch_json(vctx *c, const char *url, json_t **doc, char *why, size_t n)
{
    const reco_ob2_verify_options *o = c->opt;
    reco_ob2_fetch_fn fetch = o->fetch ? o->fetch : http_fetch;
    void *fctx = o->fetch ? o->fetch_ctx : (void *)&o->http;
    reco_buf body;
    reco_error e = {0};
    long status = 0;
    char *final_url = NULL;
    json_t *cached, *parsed = NULL;
    fetch_result res = FETCH_FAILED;
    reco_code rc;
    int max = o->max_fetches > 0 ? o->max_fetches : DEFAULT_MAX_FETCHES;

    *doc = NULL;
    cached = json_object_get(c->cache, url);
    if (cached) {
        *doc = json_is_object(cached) ? cached : NULL;
        snprintf(why, n, "%s could not be fetched before", url);
        return json_is_object(cached) ? FETCH_OK : FETCH_FAILED;
    }
    if (o->offline) {
        snprintf(why, n, "offline: %s was not fetched", url);
        return FETCH_OFFLINE;
    }
    if (c->fetches >= max) {
        snprintf(why, n, "%s not fetched: more than %d documents needed", url, max);
        return FETCH_FAILED;
    }
    c->fetches++;
    reco_buf_init(&body, o->limits.max_bytes ? o->limits.max_bytes : DEFAULT_MAX_DOC);
    rc = fetch(fctx, url, &status, &body, &final_url, &e);
    if (rc == RECO_ENOMEM) {
        res = FETCH_NOMEM;
        goto out;
    }
    if (rc) {
        snprintf(why, n, "cannot fetch %s: %s", url, e.msg[0] ? e.msg : reco_code_name(rc));
        goto out;
    }
    if (status != 410 && (status < 200 || status > 299)) {
        snprintf(why, n, "%s answered http %ld", url, status);
        res = FETCH_MISSING;
        goto out;
    }
    rc = reco_json_parse(body.data ? body.data : "", body.len, &o->limits, &parsed, &e);
    if (status == 410) {
        snprintf(why, n, "%s answered 410 gone", url);
        res = FETCH_GONE;
        if (!rc && json_is_object(parsed))
            *doc = parsed, parsed = NULL;
        goto out;
    }
    if (rc || !json_is_object(parsed)) {
        snprintf(why, n, "%s is not a json object: %s", url, rc ? e.msg : "another json value");
        goto out;
    }
    if (json_object_set(c->cache, url, parsed)) {
        res = FETCH_NOMEM;
        goto out;
    }
    *doc = parsed;
    res = FETCH_OK;
out:
    if (res != FETCH_OK && res != FETCH_NOMEM && !(res == FETCH_GONE && *doc))
        json_object_set_new(c->cache, url, json_null());
    if (res == FETCH_GONE && *doc) {
        /* keep the 410 body alive in the cache under a key no URL has */
        if (json_object_set_new(c->cache, "\x01gone", *doc))
            *doc = NULL;
    }
    json_decref(parsed);
    free(final_url);
    reco_buf_release(&body);
    return res;
}

/* A linked node: embedded object (borrowed) or fetched from its IRI and normalised. */
static fetch_result linked(vctx *c, json_t *ref, const char *type, json_t **node, char *why,
                           size_t n)
{
    fetch_result fr;
    *node = NULL;
    if (json_is_object(ref)) {
        *node = ref;
        return FETCH_OK;
    }
    if (!json_is_string(ref) || !ob2_is_http_url(json_string_value(ref))) {
        snprintf(why, n, "'%s' is neither an embedded %s nor an http(s) url",
                 json_is_string(ref) ? json_string_value(ref) : "(not text)", type);
        return FETCH_MISSING;
    }
    fr = fetch_json(c, json_string_value(ref), node, why, n);
    if (fr == FETCH_OK)
        ob2_normalize_linked(*node, json_string_value(ref), type);
    return fr;
}

static reco_check_status fetch_status(fetch_result fr)
{
    return fr == FETCH_MISSING ? RECO_CHECK_FAILED : RECO_CHECK_NOT_CHECKED;
}

/* ---------------------------------------------------------------- the checks */

static const char *text_of(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    const char *s = json_string_value(v);
    if (!s && json_is_object(v))
        s = ob2_str(v, "@value");
    return s;
}

static void check_context(vctx *c, const json_t *doc, int version, bool assertion)
{
    const json_t *ctx = json_object_get(doc, "@context");
    if (version != 20 && version != 0) {
        addf(c, "context", RECO_CHECK_PASSED, "open badges %s document read as 2.0",
             version == 11   ? "1.1"
             : version == 10 ? "1.0"
                             : "0.5");
        return;
    }
    if (!ctx) {
        addf(c, "context", assertion ? RECO_CHECK_FAILED : RECO_CHECK_WARNING,
             "no @context: read with the open badges 2.0 terms");
        return;
    }
    if (json_is_object(ctx) || reco_ob2_detect(doc) == 20) {
        bool ok = json_is_object(ctx);
        if (json_is_string(ctx))
            ok = strcmp(json_string_value(ctx), RECO_OB2_CONTEXT) == 0 ||
                 strcmp(json_string_value(ctx), RECO_OB2_CONTEXT ".json") == 0 ||
                 strcmp(json_string_value(ctx), RECO_OB2_CONTEXT "/") == 0;
        if (json_is_array(ctx)) {
            size_t i;
            const json_t *v;
            json_array_foreach(ctx, i, v)
            {
                if (json_is_string(v) && strcmp(json_string_value(v), RECO_OB2_CONTEXT) == 0)
                    ok = true;
            }
        }
        if (ok) {
            addf(c, "context", RECO_CHECK_PASSED, "open badges 2.0 context");
            return;
        }
    }
    addf(c, "context", RECO_CHECK_FAILED, "@context %s is not the open badges 2.0 context",
         json_is_string(ctx) ? json_string_value(ctx) : "value");
}

static void check_dates(vctx *c, const json_t *a)
{
    const char *on = ob2_str(a, "issuedOn");
    const char *ex = ob2_str(a, "expires");
    reco_time ton, tex;
    bool have_on = on && reco_time_parse(on, strlen(on), false, &ton, NULL) == RECO_OK;
    bool have_ex = ex && reco_time_parse(ex, strlen(ex), false, &tex, NULL) == RECO_OK;
    if (!have_on)
        addf(c, "issued-on", RECO_CHECK_FAILED, "issuedOn is missing or not a date-time");
    else if (reco_time_cmp(&ton, &c->now) > 0)
        addf(c, "issued-on", RECO_CHECK_FAILED, "issued in the future, on %s", on);
    else
        addf(c, "issued-on", RECO_CHECK_PASSED, "issued on %s", on);
    if (!ex)
        return;
    if (!have_ex)
        addf(c, "expires", RECO_CHECK_FAILED, "expires is not a date-time");
    else if (have_on && reco_time_cmp(&tex, &ton) < 0)
        addf(c, "expires", RECO_CHECK_FAILED, "expires %s before it was issued (%s)", ex, on);
    else if (reco_time_cmp(&tex, &c->now) <= 0)
        addf(c, "expires", RECO_CHECK_FAILED, "expired on %s", ex);
    else
        addf(c, "expires", RECO_CHECK_PASSED, "expires on %s", ex);
}

static void summary(vctx *c, const char *key, const char *value)
{
    if (value && reco_report_set_summary(c->r, key, value, NULL) != RECO_OK)
        c->oom = true;
}

/* Is the assertion (id or 1.x uid) in the issuer's RevocationList (OB 2.0 §RevocationList)? */
static void check_revocation_list(vctx *c, const json_t *a, const json_t *issuer)
{
    json_t *ref = json_object_get(issuer, "revocationList");
    json_t *list = NULL;
    const json_t *revoked, *v;
    const char *id = ob2_str(a, "id"), *uid = ob2_str(a, "uid");
    char why[400];
    fetch_result fr;
    size_t i;
    if (!ref) {
        addf(c, "revocation", RECO_CHECK_PASSED, "the issuer publishes no revocation list");
        return;
    }
    fr = linked(c, ref, "RevocationList", &list, why, sizeof why);
    if (fr == FETCH_NOMEM) {
        c->oom = true;
        return;
    }
    if (fr != FETCH_OK) {
        addf(c, "revocation", RECO_CHECK_NOT_CHECKED, "revocation list: %s", why);
        return;
    }
    revoked = json_object_get(list, "revokedAssertions");
    if (revoked && !json_is_array(revoked)) {
        addf(c, "revocation", RECO_CHECK_NOT_CHECKED,
             "revocation list revokedAssertions is not an array");
        return;
    }
    json_array_foreach(revoked, i, v)
    {
        const char *rid = json_is_string(v) ? json_string_value(v) : ob2_str(v, "id");
        const char *ruid = ob2_str(v, "uid");
        if ((rid && id && strcmp(rid, id) == 0) || (ruid && uid && strcmp(ruid, uid) == 0) ||
            (rid && uid && strcmp(rid, uid) == 0)) {
            const char *reason = ob2_str(v, "revocationReason");
            addf(c, "revocation", RECO_CHECK_FAILED,
                 "revoked: listed in the issuer's revocation "
                 "list%s%s",
                 reason ? ": " : "", reason ? reason : "");
            return;
        }
    }
    addf(c, "revocation", RECO_CHECK_PASSED, "not in the issuer's revocation list (%zu entries)",
         json_array_size(revoked));
}

/* Is the key id among the issuer's publicKey (an IRI, an object with id, or an array)? */
static bool listed(const json_t *pk, const char *kid)
{
    size_t i;
    const json_t *v;
    if (json_is_string(pk))
        return strcmp(json_string_value(pk), kid) == 0;
    if (json_is_object(pk))
        return ob2_str(pk, "id") && strcmp(ob2_str(pk, "id"), kid) == 0;
    json_array_foreach(pk, i, v)
    {
        if (listed(v, kid))
            return true;
    }
    return false;
}

/* OB 2.0 §SignedBadge Verification steps 4-6: a key linked from the issuer Profile (the
 * verification creator, or the issuer's publicKey), whose owner is the issuer. */
static void check_signature(vctx *c, const json_t *a, const json_t *issuer, const reco_jws *jws)
{
    const json_t *ver = json_object_get(a, "verification");
    json_t *cands = json_array();
    const json_t *pk = json_object_get(issuer, "publicKey"), *v;
    const char *issuer_id = ob2_str(issuer, "id");
    char why[400] = "";
    bool offline = false;
    size_t i;
    if (!cands) {
        c->oom = true;
        return;
    }
    if (ob2_str(ver, "creator"))
        json_array_append(cands, json_object_get(ver, "creator"));
    else if (json_is_array(pk))
        json_array_extend(cands, (json_t *)pk);
    else if (pk)
        json_array_append(cands, (json_t *)pk);
    if (json_array_size(cands) == 0) {
        addf(c, "signature", RECO_CHECK_FAILED,
             "no key: the assertion names no creator and the issuer no publicKey");
        goto out;
    }
    json_array_foreach(cands, i, v)
    {
        json_t *key_doc = NULL;
        reco_key *key = NULL;
        reco_error e = {0};
        const char *pem, *owner, *kid = json_is_string(v) ? json_string_value(v) : ob2_str(v, "id");
        fetch_result fr = linked(c, (json_t *)v, "CryptographicKey", &key_doc, why, sizeof why);
        if (fr == FETCH_NOMEM) {
            c->oom = true;
            goto out;
        }
        if (fr == FETCH_OFFLINE)
            offline = true;
        if (fr != FETCH_OK)
            continue;
        owner = ob2_str(key_doc, "owner");
        pem = ob2_str(key_doc, "publicKeyPem");
        if (kid && pk && !listed(pk, kid)) {
            /* step 4: "Do not trust a key that is not properly linked from the issuer
             * Profile": an issuer that lists its keys must list this one. */
            snprintf(why, sizeof why, "key %s is not one of the issuer's publicKey", kid);
            continue;
        }
        if (!owner || !issuer_id || strcmp(owner, issuer_id) != 0) {
            snprintf(why, sizeof why, "key %s is owned by %s, not by the issuer %s",
                     kid ? kid : "(embedded)", owner ? owner : "nobody",
                     issuer_id ? issuer_id : "?");
            continue;
        }
        if (!pem || reco_key_from_pem(pem, strlen(pem), &key, &e) != RECO_OK) {
            snprintf(why, sizeof why, "key %s has no usable publicKeyPem: %s",
                     kid ? kid : "(embedded)", pem ? e.msg : "missing");
            continue;
        }
        if (reco_jws_verify(jws, key, &e) == RECO_OK) {
            addf(c, "signature", RECO_CHECK_PASSED,
                 "%s signature verified with key %s of issuer %s", reco_jws_alg_name(jws->alg),
                 kid ? kid : "(embedded)", issuer_id);
            reco_key_free(key);
            goto out;
        }
        snprintf(why, sizeof why, "signature does not verify with key %s: %s",
                 kid ? kid : "(embedded)", e.msg);
        reco_key_free(key);
        addf(c, "signature", RECO_CHECK_FAILED, "%s", why);
        goto out;
    }
    addf(c, "signature", offline ? RECO_CHECK_NOT_CHECKED : RECO_CHECK_FAILED, "%s", why);
out:
    json_decref(cands);
}

static void check_recipient(vctx *c, const json_t *a)
{
    const json_t *r = json_object_get(a, "recipient");
    reco_error e = {0};
    reco_code rc;
    const char *ident = ob2_str(r, "identity");
    /* the subject is the identity as published: plain, or its salted hash */
    summary(c, "subject", ident);
    if (!c->opt->recipient)
        return;
    rc = reco_ob2_recipient_match(r, c->opt->recipient, &e);
    if (rc == RECO_OK) {
        addf(c, "recipient", RECO_CHECK_PASSED, "the badge was issued to %s", c->opt->recipient);
        summary(c, "subject", c->opt->recipient);
    } else if (rc == RECO_ENOMEM)
        c->oom = true;
    else
        addf(c, "recipient", RECO_CHECK_FAILED, "%s", e.msg);
}

static void check_images(vctx *c, const json_t *a, const json_t *bc)
{
    char why[300];
    const json_t *ai = json_object_get(a, "image");
    const json_t *bi = json_object_get(bc, "image");
    if (ai && !ob2_image_valid(ai, false, "assertion", why, sizeof why)) {
        addf(c, "image", RECO_CHECK_FAILED, "%s", why);
        return;
    }
    if (bi && !ob2_image_valid(bi, true, "badge class", why, sizeof why)) {
        addf(c, "image", RECO_CHECK_FAILED, "%s", why);
        return;
    }
    if (ai || bi)
        addf(c, "image", RECO_CHECK_PASSED, "%s",
             ai ? "assertion image is a url" : "badge class image given");
}

/* The issuer Profile of a BadgeClass, fetched and checked ("issuer"); NULL when unavailable. */
static json_t *issuer_of(vctx *c, json_t *bc)
{
    json_t *iss = NULL;
    char why[400];
    fetch_result fr;
    if (!bc) {
        addf(c, "issuer", RECO_CHECK_NOT_CHECKED, "no badge class to find the issuer in");
        return NULL;
    }
    fr = linked(c, json_object_get(bc, "issuer"), "Issuer", &iss, why, sizeof why);
    if (fr == FETCH_NOMEM) {
        c->oom = true;
        return NULL;
    }
    if (fr != FETCH_OK) {
        addf(c, "issuer", fetch_status(fr), "issuer profile: %s", why);
        return NULL;
    }
    if (!ob2_check_profile(iss, true, why, sizeof why)) {
        addf(c, "issuer", RECO_CHECK_FAILED, "%s", why);
        return NULL;
    }
    summary(c, "issuer", text_of(iss, "name"));
    if (json_is_string(json_object_get(bc, "issuer")) && ob2_str(iss, "id") &&
        strcmp(ob2_str(iss, "id"), json_string_value(json_object_get(bc, "issuer"))) != 0)
        addf(c, "issuer", RECO_CHECK_WARNING, "issuer fetched from %s has the id %s",
             json_string_value(json_object_get(bc, "issuer")), ob2_str(iss, "id"));
    else
        addf(c, "issuer", RECO_CHECK_PASSED, "issuer %s (%s)",
             text_of(iss, "name") ? text_of(iss, "name") : "", ob2_str(iss, "id"));
    return iss;
}

static json_t *badge_of(vctx *c, json_t *a)
{
    json_t *bc = NULL;
    json_t *ref = json_object_get(a, "badge");
    char why[400];
    fetch_result fr = linked(c, ref, "BadgeClass", &bc, why, sizeof why);
    if (fr == FETCH_NOMEM) {
        c->oom = true;
        return NULL;
    }
    if (fr != FETCH_OK) {
        addf(c, "badge", fetch_status(fr), "badge class: %s", why);
        return NULL;
    }
    if (!ob2_check_badgeclass(bc, why, sizeof why)) {
        addf(c, "badge", RECO_CHECK_FAILED, "%s", why);
        return NULL;
    }
    summary(c, "achievement", text_of(bc, "name"));
    if (json_is_string(ref) && strcmp(ob2_str(bc, "id"), json_string_value(ref)) != 0)
        addf(c, "badge", RECO_CHECK_WARNING, "badge class fetched from %s has the id %s",
             json_string_value(ref), ob2_str(bc, "id"));
    else
        addf(c, "badge", RECO_CHECK_PASSED, "badge class '%s'",
             text_of(bc, "name") ? text_of(bc, "name") : "");
    return bc;
}

/*
 * OB 2.0 §HostedBadge Verification: "the input data should only be trusted to identify the
 * URI of the hosted verification file, and upon loading the hosted verification file, the
 * retrieved data should be used as the Assertion value". Returns the assertion to verify from
 * here on (borrowed; given itself when it came from its URL or could not be fetched), or NULL
 * when the hosted assertion is revoked or missing (checks already added).
 */
static json_t *hosted_assertion(vctx *c, json_t *given, bool from_url, bool *fetched,
                                json_t **owned)
{
    const char *id = ob2_str(given, "id");
    json_t *doc = NULL, *norm = NULL;
    char why[400];
    fetch_result fr;
    *fetched = from_url;
    if (from_url)
        return given;
    if (!ob2_is_http_url(id)) {
        addf(c, "verification", RECO_CHECK_FAILED,
             "a hosted assertion's id must be the http(s) url it is hosted at");
        return given;
    }
    fr = fetch_json(c, id, &doc, why, sizeof why);
    if (fr == FETCH_NOMEM) {
        c->oom = true;
        return NULL;
    }
    if (fr == FETCH_GONE) {
        const char *reason = ob2_str(doc, "revocationReason");
        addf(c, "revocation", RECO_CHECK_FAILED, "revoked: %s%s%s", why, reason ? ": " : "",
             reason ? reason : "");
        return NULL;
    }
    if (fr == FETCH_MISSING) {
        addf(c, "verification", RECO_CHECK_FAILED, "hosted assertion not found: %s", why);
        return NULL;
    }
    if (fr != FETCH_OK) {
        addf(c, "verification", RECO_CHECK_NOT_CHECKED, "hosted assertion: %s", why);
        return given;
    }
    if (reco_ob2_normalize(doc, &norm, NULL, NULL) != RECO_OK) {
        c->oom = true;
        return NULL;
    }
    *owned = norm;
    *fetched = true;
    if (!ob2_str(norm, "id"))
        json_object_set_new(norm, "id", json_string(id));
    else if (strcmp(ob2_str(norm, "id"), id) != 0)
        addf(c, "verification", RECO_CHECK_WARNING, "the assertion hosted at %s has the id %s", id,
             ob2_str(norm, "id"));
    if (!reco_json_equal(norm, given))
        addf(c, "verification", RECO_CHECK_WARNING,
             "the assertion hosted at %s differs from the one given: the hosted one is verified",
             id);
    return norm;
}

static void verify_assertion(vctx *c, json_t *a, const reco_jws *jws, bool from_url)
{
    const json_t *ver = json_object_get(a, "verification");
    const char *vtype = ob2_str(ver, "type");
    bool hosted = vtype && (strcmp(vtype, "hosted") == 0 || strcmp(vtype, "HostedBadge") == 0);
    bool is_signed = vtype && (strcmp(vtype, "signed") == 0 || strcmp(vtype, "SignedBadge") == 0);
    bool fetched = false;
    json_t *owned = NULL, *bc, *iss;
    char why[400], path[96];
    reco_error e = {0};

    if (jws && !is_signed) {
        addf(c, "verification", RECO_CHECK_FAILED,
             "a JWS-signed assertion must declare verification type signed");
        hosted = false;
    }
    if (reco_report_set_kind(c->r, is_signed ? "ob2-signed" : "ob2-hosted", NULL) ||
        reco_report_require(c->r, is_signed ? "signature" : "verification", NULL)) {
        c->oom = true;
        return;
    }
    if (hosted && !jws) {
        a = hosted_assertion(c, a, from_url, &fetched, &owned);
        if (!a)
            goto out;
        if (json_is_true(json_object_get(a, "revoked"))) {
            const char *reason = ob2_str(a, "revocationReason");
            addf(c, "revocation", RECO_CHECK_FAILED, "revoked: the hosted assertion says so%s%s",
                 reason ? ": " : "", reason ? reason : "");
            goto out;
        }
    }
    if (!ob2_check_assertion(a, why, sizeof why, path, sizeof path)) {
        addf(c, "structure", RECO_CHECK_FAILED, "%s (at %s)", why, path);
    } else {
        addf(c, "structure", RECO_CHECK_PASSED, "assertion has the required properties");
    }
    if (!hosted && !is_signed) {
        if (vtype)
            addf(c, "verification", RECO_CHECK_FAILED, "unknown verification type '%s'", vtype);
        else
            addf(c, "verification", RECO_CHECK_FAILED,
                 "the assertion names no verification method (open badges 0.5 had none)");
    }
    if (is_signed && !jws)
        addf(c, "signature", RECO_CHECK_NOT_CHECKED,
             "a signed assertion given as JSON: its JWS is needed to check the signature");

    bc = badge_of(c, a);
    iss = issuer_of(c, bc);

    if (hosted && !jws) {
        if (!iss) {
            addf(c, "verification", RECO_CHECK_NOT_CHECKED,
                 "hosted verification scope not checked without the issuer profile");
        } else {
            reco_code rc = reco_ob2_check_scope(ob2_str(a, "id"), iss, &e);
            if (rc == RECO_OK && fetched)
                addf(c, "verification", RECO_CHECK_PASSED,
                     "hosted at %s, within the issuer's verification scope", ob2_str(a, "id"));
            else if (rc == RECO_OK)
                addf(c, "verification", RECO_CHECK_NOT_CHECKED,
                     "within the issuer's scope, but the hosted copy was not retrieved");
            else if (rc == RECO_ENOTFOUND && fetched) {
                addf(c, "verification", RECO_CHECK_PASSED, "hosted at %s", ob2_str(a, "id"));
                addf(c, "verification", RECO_CHECK_WARNING, "%s", e.msg);
            } else if (rc == RECO_ENOTFOUND)
                addf(c, "verification", RECO_CHECK_WARNING, "%s", e.msg);
            else
                addf(c, "verification", RECO_CHECK_FAILED, "%s", e.msg);
        }
        if (iss && json_object_get(iss, "revocationList"))
            check_revocation_list(c, a, iss);
        else if (fetched)
            addf(c, "revocation", RECO_CHECK_PASSED, "the hosted assertion is not revoked");
        else
            addf(c, "revocation", RECO_CHECK_NOT_CHECKED, "the hosted assertion was not retrieved");
    } else if (is_signed) {
        if (!jws) {
            /* already not-checked above */
        } else if (!iss) {
            addf(c, "signature", RECO_CHECK_NOT_CHECKED,
                 "no issuer profile to find the signing key in");
        } else {
            check_signature(c, a, iss, jws);
        }
        if (iss)
            check_revocation_list(c, a, iss);
        else
            addf(c, "revocation", RECO_CHECK_NOT_CHECKED, "no issuer profile");
    }
    check_recipient(c, a);
    check_dates(c, a);
    summary(c, "issued", ob2_str(a, "issuedOn"));
    summary(c, "expires", ob2_str(a, "expires"));
    check_images(c, a, bc);
    if (json_object_get(a, "endorsement") || json_object_get(bc, "endorsement"))
        addf(c, "endorsements", RECO_CHECK_NOT_CHECKED,
             "open badges 2.0 endorsements are not verified");
out:
    json_decref(owned);
}

/* A BadgeClass, Profile or other badge object given alone. */
static void verify_node(vctx *c, json_t *doc)
{
    char why[400];
    if (ob2_has_type(doc, "BadgeClass")) {
        json_t *bc = doc;
        if (reco_report_set_kind(c->r, "ob2-badgeclass", NULL)) {
            c->oom = true;
            return;
        }
        if (!ob2_check_badgeclass(bc, why, sizeof why)) {
            addf(c, "structure", RECO_CHECK_FAILED, "%s", why);
            return;
        }
        addf(c, "structure", RECO_CHECK_PASSED, "badge class has the required properties");
        summary(c, "achievement", text_of(bc, "name"));
        (void)issuer_of(c, bc);
        return;
    }
    if (ob2_has_type(doc, "Issuer") || ob2_has_type(doc, "Profile")) {
        if (reco_report_set_kind(c->r, "ob2-profile", NULL)) {
            c->oom = true;
            return;
        }
        if (!ob2_check_profile(doc, ob2_has_type(doc, "Issuer"), why, sizeof why))
            addf(c, "structure", RECO_CHECK_FAILED, "%s", why);
        else
            addf(c, "structure", RECO_CHECK_PASSED, "profile has the required properties");
        summary(c, "issuer", text_of(doc, "name"));
        return;
    }
    if (reco_report_set_kind(c->r, "ob2-object", NULL)) {
        c->oom = true;
        return;
    }
    if (!ob2_check_other(doc, why, sizeof why))
        addf(c, "structure", RECO_CHECK_FAILED, "%s", why);
    else
        addf(c, "structure", RECO_CHECK_PASSED, "no required properties missing");
}

static reco_code verify_doc(const json_t *doc, const reco_ob2_verify_options *opt,
                            reco_report *report, const reco_jws *jws, bool from_url,
                            reco_error *err)
{
    static const reco_ob2_verify_options defaults;
    vctx c = {0};
    json_t *n = NULL;
    int version = 0;
    char why[300];
    reco_code rc;

    c.opt = opt ? opt : &defaults;
    c.r = report;
    c.now = c.opt->at ? *c.opt->at : reco_time_now();
    c.cache = json_object();
    if (!c.cache)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = reco_ob2_normalize(doc, &n, &version, err);
    if (rc == RECO_ESCHEMA) {
        addf(&c, "structure", RECO_CHECK_FAILED, "%s", err ? err->msg : "not an object");
        rc = RECO_OK;
        goto out;
    }
    if (rc)
        goto out;
    if (version == 0 && !json_object_get(doc, "type")) {
        addf(&c, "structure", RECO_CHECK_FAILED,
             "not an open badges 2.0 document: no open badges context, type or recipient");
        goto out;
    }
    if (version != 20 && version != 0)
        addf(&c, "version", RECO_CHECK_WARNING,
             "older open badges version %s, normalised to 2.0 before verification",
             version == 11   ? "1.1"
             : version == 10 ? "1.0"
                             : "0.5");
    check_context(&c, n, version, ob2_has_type(n, "Assertion"));
    if (!ob2_type_valid(n, why, sizeof why)) {
        addf(&c, "type", RECO_CHECK_FAILED, "%s", why);
        goto out;
    }
    addf(&c, "type", RECO_CHECK_PASSED, "json-ld type recognised");
    if (ob2_has_type(n, "Assertion"))
        verify_assertion(&c, n, jws, from_url);
    else if (jws)
        addf(&c, "structure", RECO_CHECK_FAILED, "the JWS payload is not an Assertion");
    else
        verify_node(&c, n);
out:
    json_decref(n);
    json_decref(c.cache);
    if (!rc && c.oom)
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    return rc;
}

reco_code reco_ob2_verify(const json_t *doc, const reco_ob2_verify_options *opt,
                          reco_report *report, reco_error *err)
{
    if (!report)
        return reco_error_set(err, RECO_EINVAL, NULL, "no report");
    return verify_doc(doc, opt, report, NULL, false, err);
}

/* ---------------------------------------------------------------- bytes: JSON, JWS or URL */

static bool looks_like_jws(const char *s, size_t n)
{
    size_t dots = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.')
            dots++;
        else if (!(s[i] == '-' || s[i] == '_' || (s[i] >= '0' && s[i] <= '9') ||
                   (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
            return false;
    }
    return dots == 2;
}

reco_code reco_ob2_verify_bytes(const char *data, size_t n, const char *input,
                                const reco_ob2_verify_options *opt, reco_report **out,
                                reco_error *err)
{
    static const reco_ob2_verify_options defaults;
    const reco_ob2_verify_options *o = opt ? opt : &defaults;
    reco_report *r;
    reco_jws jws;
    json_t *doc = NULL;
    reco_error e = {0};
    reco_code rc = RECO_OK;
    size_t a = 0, b = n;
    char url[2048];

    *out = NULL;
    r = reco_report_new(input, "unknown");
    if (!r)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    reco_jws_init(&jws);
    while (a < b && (data[a] == ' ' || data[a] == '\n' || data[a] == '\r' || data[a] == '\t'))
        a++;
    while (b > a && (data[b - 1] == ' ' || data[b - 1] == '\n' || data[b - 1] == '\r' ||
                     data[b - 1] == '\t'))
        b--;
    if (b > a && data[a] != '{' && looks_like_jws(data + a, b - a)) {
        reco_jws_limits lim = {.max_bytes = o->limits.max_bytes, .max_depth = o->limits.max_depth};
        rc = reco_jws_parse(data + a, b - a, &lim, &jws, &e);
        if (!rc)
            rc = reco_json_parse(jws.payload.data, jws.payload.len, &o->limits, &doc, &e);
        if (rc == RECO_ENOMEM)
            goto out;
        if (rc || !json_is_object(doc)) {
            rc = reco_report_add(r, "json", RECO_CHECK_FAILED, "signed assertion: %s",
                                 e.msg[0] ? e.msg : "the JWS payload is not a json object");
            goto out;
        }
        rc = reco_report_add(r, "json", RECO_CHECK_PASSED, "compact JWS with a json payload");
        if (!rc)
            rc = verify_doc(doc, o, r, &jws, false, err);
        goto out;
    }
    url[0] = '\0';
    if (b > a && b - a < sizeof url && !memchr(data + a, '\0', b - a)) {
        memcpy(url, data + a, b - a);
        url[b - a] = '\0';
    }
    if (ob2_is_http_url(url) && !strpbrk(url, " \t\r\n")) {
        vctx c = {.opt = o, .r = r};
        char why[400];
        json_t *got = NULL;
        fetch_result fr;
        c.cache = json_object();
        if (!c.cache) {
            rc = RECO_ENOMEM;
            goto out;
        }
        if (reco_report_set_kind(r, "ob2-hosted", NULL) ||
            reco_report_require(r, "verification", NULL)) {
            json_decref(c.cache);
            rc = RECO_ENOMEM;
            goto out;
        }
        fr = fetch_json(&c, url, &got, why, sizeof why);
        if (fr == FETCH_OK) {
            doc = json_incref(got);
            if (!ob2_str(doc, "id"))
                json_object_set_new(doc, "id", json_string(url));
        }
        json_decref(c.cache);
        if (fr == FETCH_NOMEM) {
            rc = RECO_ENOMEM;
        } else if (fr == FETCH_GONE) {
            rc = reco_report_add(r, "revocation", RECO_CHECK_FAILED, "revoked: %s", why);
        } else if (fr != FETCH_OK) {
            rc = reco_report_add(r, "verification", fetch_status(fr), "hosted assertion: %s", why);
        } else {
            rc = reco_report_add(r, "json", RECO_CHECK_PASSED, "hosted assertion fetched from %s",
                                 url);
            if (!rc)
                rc = verify_doc(doc, o, r, NULL, true, err);
        }
        goto out;
    }
    rc = reco_json_parse(data, n, &o->limits, &doc, &e);
    if (rc == RECO_ENOMEM)
        goto out;
    if (rc || !json_is_object(doc)) {
        rc = reco_report_add(r, "json", RECO_CHECK_FAILED, "%s", rc ? e.msg : "not a json object");
        goto out;
    }
    rc = reco_report_add(r, "json", RECO_CHECK_PASSED, "well-formed json");
    if (!rc)
        rc = verify_doc(doc, o, r, NULL, false, err);
out:
    json_decref(doc);
    reco_jws_release(&jws);
    if (rc) {
        reco_report_free(r);
        return rc == RECO_ENOMEM ? reco_error_set(err, RECO_ENOMEM, NULL, "out of memory") : rc;
    }
    *out = r;
    return RECO_OK;
}
