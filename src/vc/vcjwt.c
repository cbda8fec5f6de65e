/*
 * vcjwt.c - credentials as JWTs: the JSON Web Token proof format of Open Badges 3.0 (§8.2),
 * the JWT encoding of VC Data Model 1.1 (§6.3.1, credential in the "vc" claim) and
 * VC-JOSE-COSE §3.1.1 (application/vc+jwt, the payload is the credential). Signing writes the
 * registered claims from the credential; verifying resolves the key, checks the signature
 * (jws.c), the binding of the key to the issuer and the claims against the credential.
 */
#include "reco/jose.h"
#include "reco/json.h"
#include "reco/vc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* RFC 7519 §4.1: the registered claim names. */
static const char *const registered_claims[] = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti"};
#define NREGISTERED (sizeof registered_claims / sizeof registered_claims[0])

void reco_vcjwt_init(reco_vcjwt *t)
{
    memset(t, 0, sizeof *t);
    reco_jws_init(&t->jws);
}

void reco_vcjwt_release(reco_vcjwt *t)
{
    reco_jws_release(&t->jws);
    json_decref(t->payload);
    json_decref(t->credential);
    reco_vcjwt_init(t);
}

/*
 * Report messages become JSON strings: bytes from outside (a kid, a parser's excerpt of the
 * input) and truncation by printf precision may leave invalid or cut UTF-8. Replace each bad
 * byte by '?'.
 */
static void utf8_clean(char *s)
{
    size_t n = strlen(s), i = 0;
    while (i < n) {
        size_t at = i;
        if (reco_utf8_next(s, n, &i) < 0)
            for (size_t k = at; k < i; k++)
                s[k] = '?';
    }
}

static reco_code add(reco_report *r, const char *name, reco_check_status st, const char *fmt, ...)
    RECO_PRINTF(4, 5);

static reco_code add(reco_report *r, const char *name, reco_check_status st, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    utf8_clean(msg);
    return reco_report_add(r, name, st, "%s", msg);
}

/* ---------------------------------------------------------------- credential fields */

static const json_t *first_subject(const json_t *vc)
{
    const json_t *s = json_object_get(vc, "credentialSubject");
    return json_is_array(s) ? json_array_get(s, 0) : s;
}

static const char *subject_id(const json_t *vc)
{
    return json_string_value(json_object_get(first_subject(vc), "id"));
}

/*
 * A date of the credential: the VC 2.0 name (validFrom, validUntil) or else the VC 1.1 one
 * (issuanceDate, expirationDate). *name gets the member used. RECO_ENOTFOUND when neither
 * is there, RECO_ESCHEMA when it is not a date-time.
 */
static reco_code cred_date(const json_t *vc, const char *v2, const char *v1, const char **name,
                           reco_time *t, reco_error *err)
{
    const json_t *v = json_object_get(vc, v2);
    reco_error e;
    *name = v2;
    if (!v) {
        v = json_object_get(vc, v1);
        *name = v1;
    }
    if (!v)
        return RECO_ENOTFOUND;
    if (!json_is_string(v) ||
        reco_time_parse(json_string_value(v), json_string_length(v), false, t, &e) != RECO_OK)
        return reco_error_set(err, RECO_ESCHEMA, NULL, "credential %s is not a date-time", *name);
    return RECO_OK;
}

static bool uses_v1_context(const json_t *vc)
{
    const json_t *ctx = json_object_get(vc, "@context");
    const json_t *first = json_is_array(ctx) ? json_array_get(ctx, 0) : ctx;
    return json_is_string(first) && strcmp(json_string_value(first), RECO_VC_CONTEXT_V1) == 0;
}

/* ---------------------------------------------------------------- signing */

/* Set a claim; in the payload form the credential may already hold it, with the same value. */
static reco_code put_claim(json_t *payload, const char *name, json_t *value, reco_error *err)
{
    const json_t *old = json_object_get(payload, name);
    if (!value)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if (old && !reco_json_equal(old, value)) {
        json_decref(value);
        return reco_error_set(err, RECO_ESCHEMA, NULL,
                              "the credential has a member '%s' that differs from the jwt claim "
                              "it would carry",
                              name);
    }
    if (json_object_set_new(payload, name, value) != 0)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    return RECO_OK;
}

reco_code reco_vcjwt_sign(const json_t *credential, const reco_key *key,
                          const reco_vcjwt_sign_options *opt, reco_buf *out, reco_error *err)
{
    static const reco_vcjwt_sign_options none = {0};
    reco_code rc = RECO_OK;
    json_t *payload = NULL, *copy = NULL;
    reco_buf text;
    reco_time from, until;
    const char *from_name, *until_name, *iss, *jti, *sub;
    bool has_until = false;
    reco_vcjwt_form form;

    reco_buf_init(&text, 0);
    if (!opt)
        opt = &none;
    if (!json_is_object(credential)) {
        rc = reco_error_set(err, RECO_ESCHEMA, NULL, "the credential is not a JSON object");
        goto out;
    }
    if (!(iss = reco_vc_issuer_id(credential))) {
        rc = reco_error_set(err, RECO_ESCHEMA, "/issuer",
                            "the credential has no issuer id for the jwt claim iss");
        goto out;
    }
    rc = cred_date(credential, "validFrom", "issuanceDate", &from_name, &from, err);
    if (rc == RECO_ENOTFOUND)
        rc = reco_error_set(err, RECO_ESCHEMA, "/validFrom",
                            "the credential has no validFrom nor issuanceDate for the jwt claim "
                            "nbf");
    if (rc)
        goto out;
    rc = cred_date(credential, "validUntil", "expirationDate", &until_name, &until, err);
    if (rc && rc != RECO_ENOTFOUND)
        goto out;
    has_until = rc == RECO_OK;
    rc = RECO_OK;
    jti = json_string_value(json_object_get(credential, "id"));
    sub = subject_id(credential);

    form = opt->form;
    if (form == RECO_VCJWT_AUTO)
        form = uses_v1_context(credential) ? RECO_VCJWT_VC_CLAIM : RECO_VCJWT_PAYLOAD;
    if (!(copy = json_deep_copy(credential))) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (form == RECO_VCJWT_VC_CLAIM) {
        /* VC Data Model 1.1 §6.3.1: the credential goes in "vc", whole. */
        if (!(payload = json_object()) || json_object_set(payload, "vc", copy) != 0) {
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
            goto out;
        }
    } else {
        /* OB 3.0 §8.2.2: the payload is the credential's object with the claims added. */
        payload = json_incref(copy);
    }
    /* OB 3.0 §8.2.2 "JWT Payload Format" table. */
    rc = put_claim(payload, "iss", json_string(iss), err);
    if (!rc && jti)
        rc = put_claim(payload, "jti", json_string(jti), err);
    if (!rc)
        rc = put_claim(payload, "nbf", json_integer(from.sec), err);
    if (!rc && sub)
        rc = put_claim(payload, "sub", json_string(sub), err);
    if (!rc && has_until)
        rc = put_claim(payload, "exp", json_integer(until.sec), err);
    if (!rc)
        rc = reco_json_write(payload, 0, &text, err);
    if (!rc) {
        reco_jws_sign_options jo = {
            .typ = opt->typ ? opt->typ : "JWT",
            .kid = opt->kid,
            /* OB 3.0 §8.2.1: without kid the public key MUST be in jwk. */
            .embed_jwk = opt->embed_jwk || !opt->kid,
        };
        rc = reco_jws_sign(key, &jo, text.data, text.len, out, err);
    }
out:
    json_decref(payload);
    json_decref(copy);
    reco_buf_release(&text);
    return rc;
}

/* ---------------------------------------------------------------- decoding */

/* RFC 7515 §4.1.9: "typ" may leave out "application/"; media types are case-insensitive. */
static bool is_vc_jose_cose(const reco_jws *jws)
{
    const char *typ = jws->typ;
    if (!typ)
        return false;
    if (strncasecmp(typ, "application/", 12) == 0)
        typ += 12;
    return strcasecmp(typ, "vc+jwt") == 0;
}

reco_code reco_vcjwt_decode(const char *compact, size_t n, const reco_jws_limits *lim,
                            reco_vcjwt *t, reco_error *err)
{
    reco_code rc;
    reco_error je;
    const json_t *vc;

    reco_vcjwt_init(t);
    if ((rc = reco_jws_parse(compact, n, lim, &t->jws, err)) != RECO_OK)
        goto out;
    /* RFC 8725 §3.11: a token of another kind (vp+jwt, at+jwt...) is not a credential. OB 3.0
     * §8.2.1: typ, if present, is "JWT"; VC-JOSE-COSE §3.1.1: "vc+jwt". */
    if (t->jws.typ && strcasecmp(t->jws.typ, "JWT") != 0 && !is_vc_jose_cose(&t->jws)) {
        rc = reco_error_set(err, RECO_ESCHEMA, "/typ",
                            "jws typ '%.40s' is not a credential; expected JWT or vc+jwt",
                            t->jws.typ);
        goto out;
    }
    reco_json_limits jl = {
        .max_bytes = lim && lim->max_bytes ? lim->max_bytes : RECO_JWS_DEFAULT_MAX_BYTES,
        .max_depth = lim ? lim->max_depth : 0,
    };
    /* RFC 7519 §7.2 step 10: the payload is a JSON object (the JWT Claims Set). */
    rc = reco_json_parse(t->jws.payload.data, t->jws.payload.len, &jl, &t->payload, &je);
    if (rc) {
        rc = reco_error_set(err, rc == RECO_ELIMIT ? RECO_ELIMIT : RECO_EPARSE, NULL,
                            "the jwt payload is not valid JSON: %.120s", je.msg);
        goto out;
    }
    if (!json_is_object(t->payload)) {
        rc = reco_error_set(err, RECO_ESCHEMA, NULL, "the jwt payload is not a JSON object");
        goto out;
    }
    if ((vc = json_object_get(t->payload, "vc")) != NULL) {
        /* VC Data Model 1.1 §6.3.1; OB 3.0 §8.3 note on credentials in the vc claim. */
        if (!json_is_object(vc)) {
            rc = reco_error_set(err, RECO_ESCHEMA, "/vc", "the jwt claim vc is not an object");
            goto out;
        }
        t->credential = json_deep_copy(vc);
        t->form = RECO_VCJWT_VC_CLAIM;
    } else {
        if (!json_object_get(t->payload, "@context")) {
            rc = reco_error_set(err, RECO_ESCHEMA, NULL,
                                "the jwt payload holds no credential (neither a vc claim nor "
                                "an @context)");
            goto out;
        }
        t->credential = json_deep_copy(t->payload);
        for (size_t i = 0; t->credential && i < NREGISTERED; i++)
            json_object_del(t->credential, registered_claims[i]);
        t->form = RECO_VCJWT_PAYLOAD;
    }
    if (!t->credential)
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
out:
    if (rc)
        reco_vcjwt_release(t);
    return rc;
}

/* ---------------------------------------------------------------- claims */

typedef struct claims_run {
    reco_report *report;
    reco_error *err;
    reco_code rc; /* RECO_EVERIFY after the first failure, RECO_ENOMEM */
    int problems;
} claims_run;

static void problem(claims_run *r, reco_check_status st, const char *path, const char *fmt, ...)
    RECO_PRINTF(4, 5);

static void problem(claims_run *r, reco_check_status st, const char *path, const char *fmt, ...)
{
    char msg[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    utf8_clean(msg);
    r->problems++;
    if (r->report && reco_report_add(r->report, "jwt-claims", st, "%s", msg) != RECO_OK &&
        r->rc != RECO_ENOMEM)
        r->rc = reco_error_set(r->err, RECO_ENOMEM, NULL, "out of memory");
    if (st == RECO_CHECK_FAILED && r->rc == RECO_OK)
        r->rc = reco_error_set(r->err, RECO_EVERIFY, path, "%s", msg);
}

static void missing(claims_run *r, bool required, bool lenient, const char *claim, const char *what)
{
    if (!required)
        return;
    problem(r, lenient ? RECO_CHECK_WARNING : RECO_CHECK_FAILED, NULL,
            "the jwt has no %s claim; OB 3.0 §8.2.2 requires it (%s)", claim, what);
}

/* iss, jti, sub: a string claim that must equal a string of the credential. */
static void string_claim(claims_run *r, const reco_vcjwt *t, const char *claim, const char *want,
                         const char *what, bool required, bool lenient)
{
    const json_t *v = json_object_get(t->payload, claim);
    char path[16];
    snprintf(path, sizeof path, "/%s", claim);
    if (!v) {
        if (want)
            missing(r, required, lenient, claim, what);
        return;
    }
    if (!json_is_string(v)) {
        problem(r, RECO_CHECK_FAILED, path, "the jwt claim %s is not a string", claim);
        return;
    }
    if (!want) {
        problem(r, RECO_CHECK_FAILED, path,
                "the jwt claim %s is '%.80s' but the credential has no %s", claim,
                json_string_value(v), what);
        return;
    }
    if (strcmp(json_string_value(v), want) != 0)
        problem(r, RECO_CHECK_FAILED, path, "the jwt claim %s '%.80s' differs from the %s '%.80s'",
                claim, json_string_value(v), what, want);
}

static void fmt_time(int64_t sec, char *out, size_t n)
{
    reco_buf b;
    reco_time tm = {.sec = sec};
    reco_buf_init(&b, 64);
    if (reco_time_format(&tm, &b) == RECO_OK)
        snprintf(out, n, "%s", b.data);
    else
        snprintf(out, n, "%lld", (long long)sec);
    reco_buf_release(&b);
}

/* A NumericDate claim (RFC 7519 §2): a JSON number of seconds, possibly with a fraction. */
static bool numeric_date(claims_run *r, const json_t *v, const char *claim, int64_t *sec)
{
    char path[16];
    double d;
    snprintf(path, sizeof path, "/%s", claim);
    if (!json_is_number(v)) {
        problem(r, RECO_CHECK_FAILED, path, "the jwt claim %s is not a number (NumericDate)",
                claim);
        return false;
    }
    d = floor(json_number_value(v));
    /* Years 0001-9999 are all reco_time formats; anything outside is not a credential date. */
    if (!(d >= -62135596800.0 && d <= 253402300799.0)) {
        problem(r, RECO_CHECK_FAILED, path, "the jwt claim %s is out of range", claim);
        return false;
    }
    *sec = (int64_t)d;
    return true;
}

/*
 * nbf or exp against the credential's dates. OB 3.0 §8.3.1: nbf equals validFrom (issuanceDate
 * for VC 1.1 credentials, whose JWT encoding maps nbf to it); exp sets validUntil. A credential
 * with both validFrom and issuanceDate may match either.
 */
static void date_claim(claims_run *r, const reco_vcjwt *t, const char *claim, const char *v2,
                       const char *v1, bool required, bool lenient)
{
    const json_t *v = json_object_get(t->payload, claim);
    const json_t *c2 = json_object_get(t->credential, v2), *c1 = json_object_get(t->credential, v1);
    char path[16], a[40], b[40];
    int64_t sec = 0;
    reco_time tm;
    const json_t *cands[2] = {c2, c1};
    const char *names[2] = {v2, v1};
    const char *first = NULL;
    int64_t first_sec = 0;

    snprintf(path, sizeof path, "/%s", claim);
    if (!v) {
        if (c2 || c1)
            missing(r, required, lenient, claim, c2 ? v2 : v1);
        if (!required && (c2 || c1) && strcmp(claim, "exp") == 0)
            problem(r, RECO_CHECK_WARNING, path,
                    "the credential has %s but the jwt has no exp claim (OB 3.0 §8.2.2)",
                    c2 ? v2 : v1);
        return;
    }
    if (!numeric_date(r, v, claim, &sec))
        return;
    for (int i = 0; i < 2; i++) {
        if (!cands[i])
            continue;
        if (!json_is_string(cands[i]) ||
            reco_time_parse(json_string_value(cands[i]), json_string_length(cands[i]), false, &tm,
                            NULL) != RECO_OK) {
            problem(r, RECO_CHECK_FAILED, path,
                    "the credential %s is not a date-time to compare "
                    "the jwt claim %s with",
                    names[i], claim);
            return;
        }
        if (tm.sec == sec)
            return;
        if (!first) {
            first = names[i];
            first_sec = tm.sec;
        }
    }
    fmt_time(sec, a, sizeof a);
    if (!first) {
        /* exp with no validUntil: exp sets it (OB 3.0 §8.3.1), nothing to compare. */
        if (strcmp(claim, "exp") != 0)
            problem(r, RECO_CHECK_FAILED, path,
                    "the jwt claim %s (%s) has no %s in the credential to match", claim, a, v2);
        return;
    }
    fmt_time(first_sec, b, sizeof b);
    problem(r, RECO_CHECK_FAILED, path, "the jwt claim %s (%s) differs from the credential %s (%s)",
            claim, a, first, b);
}

/* RFC 7519 §4.1.4, §4.1.5: the token is used only between nbf and exp. */
static void window(claims_run *r, const reco_vcjwt *t, const reco_time *now)
{
    const json_t *nbf = json_object_get(t->payload, "nbf");
    const json_t *exp = json_object_get(t->payload, "exp");
    char a[40], b[40];
    fmt_time(now->sec, b, sizeof b);
    if (json_is_number(nbf) && floor(json_number_value(nbf)) > (double)now->sec) {
        fmt_time((int64_t)fmax(fmin(json_number_value(nbf), 253402300799.0), 0), a, sizeof a);
        problem(r, RECO_CHECK_FAILED, "/nbf", "the jwt is not valid before %s (now %s)", a, b);
    }
    if (json_is_number(exp) && json_number_value(exp) <= (double)now->sec) {
        fmt_time((int64_t)fmax(fmin(json_number_value(exp), 253402300799.0), -62135596800.0), a,
                 sizeof a);
        problem(r, RECO_CHECK_FAILED, "/exp", "the jwt expired at %s (now %s)", a, b);
    }
}

reco_code reco_vcjwt_check_claims(const reco_vcjwt *t, const reco_vcjwt_check_options *opt,
                                  reco_report *report, reco_error *err)
{
    static const reco_vcjwt_check_options none = {0};
    claims_run r = {.report = report, .err = err};
    reco_time now;
    bool req, len;

    if (!opt)
        opt = &none;
    now = opt->now ? *opt->now : reco_time_now();
    /* VC-JOSE-COSE §3.1.1: the claims are optional there, but must agree when present. */
    req = !is_vc_jose_cose(&t->jws);
    len = opt->lenient;
    string_claim(&r, t, "iss", reco_vc_issuer_id(t->credential), "issuer id", req, len);
    string_claim(&r, t, "jti", json_string_value(json_object_get(t->credential, "id")),
                 "credential id", req, len);
    string_claim(&r, t, "sub", subject_id(t->credential), "credentialSubject.id", req, len);
    date_claim(&r, t, "nbf", "validFrom", "issuanceDate", req, len);
    date_claim(&r, t, "exp", "validUntil", "expirationDate", false, len);
    window(&r, t, &now);
    if (r.problems == 0 && report &&
        reco_report_add(report, "jwt-claims", RECO_CHECK_PASSED,
                        "the jwt claims agree with the credential") != RECO_OK)
        r.rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    return r.rc;
}

/* ---------------------------------------------------------------- keys */

typedef enum key_source { SRC_NONE = 0, SRC_JWK, SRC_DID_KEY, SRC_RESOLVER } key_source;

/* The key of t, without the issuer binding. */
static reco_code find_key(const reco_vcjwt *t, reco_jws_kid_resolve_fn resolve, void *ctx,
                          reco_key **out, key_source *src, reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_key *jwk = NULL, *kid = NULL;
    const char *k = t->jws.kid;
    reco_error e;

    *out = NULL;
    *src = SRC_NONE;
    if (t->jws.jwk && (rc = reco_jws_header_key(&t->jws, &jwk, err)) != RECO_OK)
        goto out;
    if (k && strncmp(k, "did:key:", 8) == 0) {
        if ((rc = reco_key_from_did_key(k, &kid, &e)) != RECO_OK) {
            rc = reco_error_set(err, RECO_EINVAL, "/kid",
                                "kid '%.80s' is not a usable did:key: %.60s", k, e.msg);
            goto out;
        }
        if (jwk && !reco_key_public_equal(jwk, kid)) {
            rc = reco_error_set(err, RECO_EVERIFY, "/jwk",
                                "the jws header jwk and kid '%.80s' are different keys", k);
            goto out;
        }
        *src = SRC_DID_KEY;
    } else if (jwk) {
        *src = SRC_JWK;
    } else if (k && resolve) {
        if ((rc = resolve(ctx, k, &kid, err)) != RECO_OK)
            goto out;
        *src = SRC_RESOLVER;
    } else if (k) {
        rc = reco_error_set(err, RECO_ENOTFOUND, "/kid",
                            "no key for kid '%.100s': only did:key is resolved offline", k);
        goto out;
    } else {
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL,
                            "the jws header has neither kid nor jwk (OB 3.0 §8.2.1)");
        goto out;
    }
    if (*src != SRC_JWK && (rc = reco_jws_key_matches(kid, t->jws.alg, err)) != RECO_OK)
        goto out;
    if (*src == SRC_JWK) {
        *out = jwk;
        jwk = NULL;
    } else {
        *out = kid;
        kid = NULL;
    }
out:
    reco_key_free(jwk);
    reco_key_free(kid);
    return rc;
}

/* The issuer of the credential, or the iss claim when the credential has none. */
static const char *issuer_of(const reco_vcjwt *t)
{
    const char *iss = reco_vc_issuer_id(t->credential);
    return iss ? iss : json_string_value(json_object_get(t->payload, "iss"));
}

/* Length of the kid without its fragment. */
static size_t kid_base_len(const char *kid)
{
    const char *hash = strchr(kid, '#');
    return hash ? (size_t)(hash - kid) : strlen(kid);
}

/* Whether the kid names a key of the issuer: same DID (VC-JOSE-COSE §6.1.1), same document. */
static bool kid_of_issuer(const char *kid, const char *issuer)
{
    size_t n = kid_base_len(kid);
    return issuer && strlen(issuer) == n && memcmp(kid, issuer, n) == 0;
}

reco_code reco_vcjwt_resolve_key(const reco_vcjwt *t, reco_jws_kid_resolve_fn resolve, void *ctx,
                                 reco_key **out, reco_error *err)
{
    key_source src;
    const char *kid = t->jws.kid, *issuer = issuer_of(t);
    reco_code rc = find_key(t, resolve, ctx, out, &src, err);
    if (rc)
        return rc;
    if (src != SRC_JWK && kid && strncmp(kid, "did:", 4) == 0 && !kid_of_issuer(kid, issuer)) {
        reco_key_free(*out);
        *out = NULL;
        return reco_error_set(err, RECO_EVERIFY, "/kid",
                              "kid '%.80s' is not a key of issuer '%.60s'", kid,
                              issuer ? issuer : "(none)");
    }
    return RECO_OK;
}

/* ---------------------------------------------------------------- keys in documents */

/* Private members of a JWK (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2). */
static bool jwk_has_private(const json_t *jwk)
{
    static const char *const names[] = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (json_object_get(jwk, names[i]))
            return true;
    return false;
}

static reco_code public_jwk(const json_t *jwk, const char *where, reco_key **out, reco_error *err)
{
    reco_error e;
    if (!json_is_object(jwk))
        return reco_error_set(err, RECO_EINVAL, NULL, "%s is not a jwk object", where);
    if (jwk_has_private(jwk))
        return reco_error_set(err, RECO_EINVAL, NULL, "%s holds private key material; refused",
                              where);
    if (reco_key_from_jwk(jwk, out, &e) != RECO_OK)
        return reco_error_set(err, RECO_EINVAL, NULL, "%s is unusable: %.100s", where, e.msg);
    return RECO_OK;
}

static const char *fragment_of(const char *kid)
{
    const char *hash = strchr(kid, '#');
    return hash ? hash + 1 : NULL;
}

/* Whether the method id (absolute, or "#frag" relative to base) names kid. */
static bool method_is(const char *id, const char *base, const char *kid)
{
    if (!id)
        return false;
    if (strcmp(id, kid) == 0)
        return true;
    if (id[0] == '#') {
        size_t n = base ? strlen(base) : 0;
        if (kid[0] == '#')
            return strcmp(id, kid) == 0;
        return n > 0 && strncmp(kid, base, n) == 0 && strcmp(kid + n, id) == 0;
    }
    return false;
}

/* Whether the DID document lists kid under assertionMethod, by reference or embedded. */
static bool asserts(const json_t *doc, const char *base, const char *kid)
{
    const json_t *am = json_object_get(doc, "assertionMethod");
    for (size_t i = 0; i < json_array_size(am); i++) {
        const json_t *m = json_array_get(am, i);
        const char *id =
            json_is_string(m) ? json_string_value(m) : json_string_value(json_object_get(m, "id"));
        if (method_is(id, base, kid))
            return true;
    }
    return false;
}

static reco_code key_of_method(const json_t *m, const char *kid, reco_key **out, reco_error *err)
{
    const json_t *jwk = json_object_get(m, "publicKeyJwk");
    const char *mb = json_string_value(json_object_get(m, "publicKeyMultibase"));
    reco_error e;
    if (jwk)
        return public_jwk(jwk, "the publicKeyJwk of the verification method", out, err);
    if (mb) {
        if (reco_key_from_multikey(mb, out, &e) != RECO_OK)
            return reco_error_set(err, RECO_EINVAL, NULL,
                                  "the publicKeyMultibase of %.100s is unusable: %.80s", kid,
                                  e.msg);
        return RECO_OK;
    }
    return reco_error_set(err, RECO_EINVAL, NULL,
                          "verification method %.100s has neither publicKeyJwk nor "
                          "publicKeyMultibase",
                          kid);
}

reco_code reco_vcjwt_key_from_document(const json_t *doc, const char *kid, reco_key **out,
                                       reco_error *err)
{
    const json_t *keys, *vms, *m;
    const char *frag, *base;

    *out = NULL;
    if (!json_is_object(doc) || !kid)
        return reco_error_set(err, RECO_EINVAL, NULL, "the key document is not a JSON object");
    /* A JWK: what an https kid dereferences to (OB 3.0 §8.4). */
    if (json_object_get(doc, "kty"))
        return public_jwk(doc, "the jwk document", out, err);
    frag = fragment_of(kid);
    /* A JWK Set, RFC 7517 §5: members matched by kid (§4.5). */
    if ((keys = json_object_get(doc, "keys")) != NULL) {
        if (!json_is_array(keys))
            return reco_error_set(err, RECO_EINVAL, "/keys", "the jwk set's keys is not an array");
        for (size_t i = 0; i < json_array_size(keys); i++) {
            const char *k = json_string_value(json_object_get(json_array_get(keys, i), "kid"));
            if (k && (strcmp(k, kid) == 0 || (frag && strcmp(k, frag) == 0)))
                return public_jwk(json_array_get(keys, i), "the jwk of the set", out, err);
        }
        if (json_array_size(keys) == 1 && !json_object_get(json_array_get(keys, 0), "kid"))
            return public_jwk(json_array_get(keys, 0), "the jwk of the set", out, err);
        return reco_error_set(err, RECO_ENOTFOUND, NULL, "no key with kid %.100s in the jwk set",
                              kid);
    }
    /* A DID document or controlled identifier document (Controlled Identifiers §2.2). */
    base = json_string_value(json_object_get(doc, "id"));
    vms = json_object_get(doc, "verificationMethod");
    m = NULL;
    for (size_t i = 0; !m && i < json_array_size(vms); i++)
        if (method_is(json_string_value(json_object_get(json_array_get(vms, i), "id")), base, kid))
            m = json_array_get(vms, i);
    /* A method may also be embedded in assertionMethod. */
    vms = json_object_get(doc, "assertionMethod");
    for (size_t i = 0; !m && i < json_array_size(vms); i++) {
        const json_t *e = json_array_get(vms, i);
        if (json_is_object(e) && method_is(json_string_value(json_object_get(e, "id")), base, kid))
            m = e;
    }
    if (!m)
        return reco_error_set(err, RECO_ENOTFOUND, NULL,
                              "no verification method %.100s in the document", kid);
    if (base && strncmp(base, "did:", 4) == 0 && !asserts(doc, base, kid))
        return reco_error_set(err, RECO_EVERIFY, NULL,
                              "verification method %.100s is not an assertionMethod of %.60s", kid,
                              base);
    return key_of_method(m, kid, out, err);
}

/* ---------------------------------------------------------------- verifying */

#define ADD(...)                                                                                   \
    do {                                                                                           \
        if (add(report, __VA_ARGS__) != RECO_OK) {                                                 \
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");                          \
            goto out;                                                                              \
        }                                                                                          \
    } while (0)

static const char *source_name(key_source src)
{
    switch (src) {
    case SRC_JWK:
        return "the jwk header";
    case SRC_DID_KEY:
        return "the did:key kid";
    case SRC_RESOLVER:
        return "the resolved kid";
    case SRC_NONE:
        break;
    }
    return "no key";
}

static reco_code issuer_key_check(const reco_vcjwt *t, const reco_key *key, key_source src,
                                  reco_report *report, reco_error *err)
{
    reco_code rc = RECO_OK;
    const char *kid = t->jws.kid, *issuer = issuer_of(t);
    reco_key *ik = NULL;

    if (!issuer) {
        ADD("issuer-key", RECO_CHECK_FAILED, "the credential has no issuer to bind the key to");
    } else if (src != SRC_JWK && kid) {
        if (kid_of_issuer(kid, issuer))
            ADD("issuer-key", RECO_CHECK_PASSED, "kid %.120s is a key of issuer %.120s", kid,
                issuer);
        else if (strncmp(kid, "did:", 4) == 0)
            ADD("issuer-key", RECO_CHECK_FAILED, "kid %.120s is not a key of issuer %.120s", kid,
                issuer);
        else
            ADD("issuer-key", RECO_CHECK_WARNING,
                "kid %.120s is outside the issuer document %.120s; its binding is the resolver's",
                kid, issuer);
    } else if (strncmp(issuer, "did:key:", 8) == 0 &&
               reco_key_from_did_key(issuer, &ik, NULL) == RECO_OK &&
               reco_key_public_equal(ik, key)) {
        ADD("issuer-key", RECO_CHECK_PASSED, "the jwk header is the key of issuer %.120s", issuer);
    } else {
        ADD("issuer-key", RECO_CHECK_WARNING,
            "the key comes from the jwk header; nothing binds it to issuer %.120s", issuer);
    }
out:
    reco_key_free(ik);
    return rc;
}

reco_code reco_vcjwt_verify(const char *compact, size_t n, const reco_vcjwt_verify_options *opt,
                            reco_report *report, reco_vcjwt *t, reco_error *err)
{
    static const reco_vcjwt_verify_options none = {0};
    reco_code rc = RECO_OK, vr;
    reco_vcjwt local;
    reco_key *key = NULL;
    key_source src = SRC_NONE;
    reco_error e;

    if (!t)
        t = &local;
    if (!opt)
        opt = &none;
    reco_vcjwt_init(t);
    if ((rc = reco_report_require(report, "proof", err)) != RECO_OK)
        goto out;
    vr = reco_vcjwt_decode(compact, n, &opt->limits, t, &e);
    if (vr == RECO_ENOMEM) {
        rc = reco_error_set(err, vr, NULL, "out of memory");
        goto out;
    }
    if (vr) {
        ADD("jwt", RECO_CHECK_FAILED, "%s", e.msg);
        goto out;
    }
    ADD("jwt", RECO_CHECK_PASSED, "compact jws, %s, credential %s", reco_jws_alg_name(t->jws.alg),
        t->form == RECO_VCJWT_VC_CLAIM ? "in the vc claim" : "as the payload");

    vr = find_key(t, opt->resolve, opt->resolve_ctx, &key, &src, &e);
    if (vr == RECO_ENOMEM) {
        rc = reco_error_set(err, vr, NULL, "out of memory");
        goto out;
    }
    if (vr == RECO_ENOTFOUND) {
        ADD("proof", RECO_CHECK_NOT_CHECKED, "%s", e.msg);
    } else if (vr) {
        ADD("proof", RECO_CHECK_FAILED, "%s", e.msg);
    } else {
        vr = reco_jws_verify(&t->jws, key, &e);
        if (vr == RECO_OK)
            ADD("proof", RECO_CHECK_PASSED, "%s signature verified with %s",
                reco_jws_alg_name(t->jws.alg), source_name(src));
        else
            ADD("proof", RECO_CHECK_FAILED, "%s", e.msg);
        if ((rc = issuer_key_check(t, key, src, report, err)) != RECO_OK)
            goto out;
    }
    vr = reco_vcjwt_check_claims(t, &opt->claims, report, &e);
    if (vr == RECO_ENOMEM)
        rc = reco_error_set(err, vr, NULL, "out of memory");
out:
    reco_key_free(key);
    if (t == &local)
        reco_vcjwt_release(&local);
    return rc;
}
