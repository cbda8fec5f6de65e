/*
 * test_vc_vcjwt.c - VC-JWT (OB 3.0 §8.2): the claims built from a credential, both payload
 * forms decoded, every claim mismatch caught, key resolution (jwk header, did:key kid, a
 * resolver callback, issuer binding), the whole verification as a report, and the JWT files
 * of the public OB 3.0 vectors when they are present.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/jose.h"
#include "reco/json.h"
#include "reco/vc.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static reco_key *ed, *rsa;
static char did[128], kid[256];

static int setup(void **state)
{
    (void)state;
    reco_buf b, mk;
    reco_buf_init(&b, 0);
    reco_buf_init(&mk, 0);
    if (reco_key_generate(RECO_KEY_ED25519, 0, &ed, NULL) ||
        reco_key_generate(RECO_KEY_RSA, 2048, &rsa, NULL) || reco_key_to_did_key(ed, &b, NULL) ||
        reco_key_to_multikey(ed, &mk, NULL))
        return -1;
    snprintf(did, sizeof did, "%s", b.data);
    snprintf(kid, sizeof kid, "%s#%s", b.data, mk.data);
    reco_buf_release(&b);
    reco_buf_release(&mk);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    reco_key_free(ed);
    reco_key_free(rsa);
    return 0;
}

static json_t *parse_json(const char *text)
{
    json_t *v = NULL;
    reco_error err;
    if (reco_json_parse(text, strlen(text), NULL, &v, &err) != RECO_OK)
        fail_msg("json: %s", err.msg);
    return v;
}

/* An OB 3.0 credential (VC 2.0 context) issued by issuer. */
static json_t *credential_v2(const char *issuer)
{
    char text[2048];
    snprintf(text, sizeof text,
             "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
             "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],"
             "\"id\":\"urn:uuid:2f1c1a34-8d0a-4e55-9a61-0d8c3b1e7a10\","
             "\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],"
             "\"name\":\"Gardening\",\"issuer\":{\"id\":\"%s\",\"type\":[\"Profile\"]},"
             "\"validFrom\":\"2024-01-01T00:00:00Z\",\"validUntil\":\"2099-01-01T00:00:00Z\","
             "\"credentialSubject\":{\"id\":\"did:example:earner\","
             "\"type\":[\"AchievementSubject\"]}}",
             issuer);
    return parse_json(text);
}

/* A VC 1.1 credential: issuer as a string, issuanceDate, no expiry. */
static json_t *credential_v1(const char *issuer)
{
    char text[2048];
    snprintf(text, sizeof text,
             "{\"@context\":[\"https://www.w3.org/2018/credentials/v1\"],"
             "\"id\":\"http://example.edu/credentials/3732\","
             "\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],"
             "\"issuer\":\"%s\",\"issuanceDate\":\"2010-01-01T00:00:00Z\","
             "\"credentialSubject\":[{\"id\":\"did:example:ebfeb1f712ebc6f1c276e12ec21\"}]}",
             issuer);
    return parse_json(text);
}

static char *sign_vc(const json_t *vc, const reco_key *k, const reco_vcjwt_sign_options *opt)
{
    reco_buf out;
    reco_error err;
    reco_buf_init(&out, 0);
    if (reco_vcjwt_sign(vc, k, opt, &out, &err) != RECO_OK)
        fail_msg("vcjwt sign: %s", err.msg);
    return reco_buf_detach(&out, NULL);
}

static void decode(const char *s, reco_vcjwt *t)
{
    reco_error err;
    if (reco_vcjwt_decode(s, strlen(s), NULL, t, &err) != RECO_OK)
        fail_msg("vcjwt decode: %s", err.msg);
}

static const char *claim_str(const reco_vcjwt *t, const char *name)
{
    return json_string_value(json_object_get(t->payload, name));
}

static json_int_t claim_int(const reco_vcjwt *t, const char *name)
{
    const json_t *v = json_object_get(t->payload, name);
    assert_true(json_is_integer(v));
    return json_integer_value(v);
}

static reco_time at(int64_t sec)
{
    return (reco_time){.sec = sec, .has_offset = true};
}

/* ---------------------------------------------------------------- signing, both forms */

static void test_sign_payload_form(void **state)
{
    (void)state;
    json_t *vc = credential_v2(did);
    reco_vcjwt_sign_options opt = {.kid = kid};
    char *s = sign_vc(vc, ed, &opt);
    reco_vcjwt t;
    reco_error err;

    decode(s, &t);
    /* OB 3.0 §8.2.1 header, §8.2.2 claims at the payload root next to the credential. */
    assert_string_equal(t.jws.typ, "JWT");
    assert_string_equal(t.jws.kid, kid);
    assert_null(t.jws.jwk);
    assert_int_equal(t.jws.alg, RECO_JWS_EDDSA);
    assert_int_equal(t.form, RECO_VCJWT_PAYLOAD);
    assert_null(json_object_get(t.payload, "vc"));
    assert_string_equal(claim_str(&t, "iss"), did);
    assert_string_equal(claim_str(&t, "jti"), "urn:uuid:2f1c1a34-8d0a-4e55-9a61-0d8c3b1e7a10");
    assert_string_equal(claim_str(&t, "sub"), "did:example:earner");
    assert_int_equal(claim_int(&t, "nbf"), 1704067200); /* 2024-01-01T00:00:00Z */
    assert_int_equal(claim_int(&t, "exp"), 4070908800); /* 2099-01-01T00:00:00Z */
    assert_string_equal(claim_str(&t, "name"), "Gardening");
    /* The credential comes back without the claims, equal to what was signed. */
    assert_true(reco_json_equal(t.credential, vc));
    reco_time now = at(1750000000);
    reco_vcjwt_check_options co = {.now = &now};
    assert_int_equal(reco_vcjwt_check_claims(&t, &co, NULL, &err), RECO_OK);

    reco_key *k = NULL;
    assert_int_equal(reco_vcjwt_resolve_key(&t, NULL, NULL, &k, &err), RECO_OK);
    assert_true(reco_key_public_equal(k, ed));
    assert_int_equal(reco_jws_verify(&t.jws, k, &err), RECO_OK);
    reco_key_free(k);
    reco_vcjwt_release(&t);
    free(s);
    json_decref(vc);
}

static void test_sign_vc_claim_form(void **state)
{
    (void)state;
    json_t *vc = credential_v1("https://example.edu/issuers/565049");
    char *s = sign_vc(vc, rsa, NULL); /* no kid: the public key goes in jwk */
    reco_vcjwt t;
    reco_error err;

    decode(s, &t);
    assert_int_equal(t.jws.alg, RECO_JWS_RS256);
    assert_null(t.jws.kid);
    assert_non_null(t.jws.jwk);
    assert_null(json_object_get(t.jws.jwk, "d"));
    assert_int_equal(t.form, RECO_VCJWT_VC_CLAIM);
    assert_true(reco_json_equal(json_object_get(t.payload, "vc"), vc));
    assert_true(reco_json_equal(t.credential, vc));
    assert_string_equal(claim_str(&t, "iss"), "https://example.edu/issuers/565049");
    assert_string_equal(claim_str(&t, "jti"), "http://example.edu/credentials/3732");
    assert_string_equal(claim_str(&t, "sub"), "did:example:ebfeb1f712ebc6f1c276e12ec21");
    assert_int_equal(claim_int(&t, "nbf"), 1262304000);
    assert_null(json_object_get(t.payload, "exp"));
    assert_int_equal(reco_vcjwt_check_claims(&t, NULL, NULL, &err), RECO_OK);

    reco_key *k = NULL;
    assert_int_equal(reco_vcjwt_resolve_key(&t, NULL, NULL, &k, &err), RECO_OK);
    assert_true(reco_key_public_equal(k, rsa));
    assert_false(reco_key_has_private(k));
    assert_int_equal(reco_jws_verify(&t.jws, k, &err), RECO_OK);
    reco_key_free(k);
    reco_vcjwt_release(&t);
    free(s);
    json_decref(vc);
}

static void test_forced_forms(void **state)
{
    (void)state;
    json_t *vc = credential_v2(did);
    reco_vcjwt_sign_options opt = {.kid = kid, .form = RECO_VCJWT_VC_CLAIM};
    char *s = sign_vc(vc, ed, &opt);
    reco_vcjwt t;
    decode(s, &t);
    assert_int_equal(t.form, RECO_VCJWT_VC_CLAIM);
    assert_true(reco_json_equal(t.credential, vc));
    reco_vcjwt_release(&t);
    free(s);

    /* VC-JOSE-COSE §3.1.1: typ vc+jwt, the payload is the credential. */
    opt = (reco_vcjwt_sign_options){.kid = kid, .typ = "vc+jwt", .form = RECO_VCJWT_PAYLOAD};
    s = sign_vc(vc, ed, &opt);
    decode(s, &t);
    assert_string_equal(t.jws.typ, "vc+jwt");
    assert_int_equal(t.form, RECO_VCJWT_PAYLOAD);
    assert_true(reco_json_equal(t.credential, vc));
    reco_vcjwt_release(&t);
    free(s);
    json_decref(vc);
}

static void test_sign_refused(void **state)
{
    (void)state;
    reco_buf out;
    reco_error err;
    json_t *vc = credential_v2(did);
    reco_buf_init(&out, 0);

    json_object_del(vc, "validFrom");
    assert_int_equal(reco_vcjwt_sign(vc, ed, NULL, &out, &err), RECO_ESCHEMA);
    assert_non_null(strstr(err.msg, "nbf"));
    json_object_set_new(vc, "validFrom", json_string("yesterday"));
    assert_int_equal(reco_vcjwt_sign(vc, ed, NULL, &out, &err), RECO_ESCHEMA);
    json_object_set_new(vc, "validFrom", json_string("2024-01-01T00:00:00Z"));
    json_object_set_new(vc, "issuer", json_object());
    assert_int_equal(reco_vcjwt_sign(vc, ed, NULL, &out, &err), RECO_ESCHEMA);
    assert_non_null(strstr(err.msg, "issuer"));
    /* A member named like a claim, with another value, would be overwritten: refused. */
    json_object_set_new(vc, "issuer", json_string(did));
    json_object_set_new(vc, "iss", json_string("did:example:other"));
    assert_int_equal(reco_vcjwt_sign(vc, ed, NULL, &out, &err), RECO_ESCHEMA);
    assert_non_null(strstr(err.msg, "'iss'"));
    assert_int_equal(out.len, 0);
    json_t *arr = json_array();
    assert_int_equal(reco_vcjwt_sign(arr, ed, NULL, &out, &err), RECO_ESCHEMA);
    json_decref(arr);
    reco_buf_release(&out);
    json_decref(vc);
}

/* ---------------------------------------------------------------- decoding */

static char *unsigned_token(const char *header, const char *payload)
{
    reco_buf b;
    reco_buf_init(&b, 0);
    assert_int_equal(reco_base64url_encode((const uint8_t *)header, strlen(header), &b), RECO_OK);
    assert_int_equal(reco_buf_putc(&b, '.'), RECO_OK);
    assert_int_equal(reco_base64url_encode((const uint8_t *)payload, strlen(payload), &b), RECO_OK);
    assert_int_equal(reco_buf_puts(&b, ".c2ln"), RECO_OK);
    return reco_buf_detach(&b, NULL);
}

static void test_decode_refused(void **state)
{
    (void)state;
    struct {
        const char *payload;
        reco_code code;
        const char *needle;
    } cases[] = {
        {"[1]", RECO_ESCHEMA, "not a JSON object"},
        {"{\"vc\":\"x\"}", RECO_ESCHEMA, "vc is not an object"},
        {"{\"iss\":\"a\"}", RECO_ESCHEMA, "holds no credential"},
        {"{\"a\":1,\"a\":2}", RECO_EPARSE, "not valid JSON"},
        {"not json", RECO_EPARSE, "not valid JSON"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = unsigned_token("{\"alg\":\"EdDSA\"}", cases[i].payload);
        reco_vcjwt t;
        reco_error err;
        assert_int_equal(reco_vcjwt_decode(s, strlen(s), NULL, &t, &err), cases[i].code);
        assert_non_null(strstr(err.msg, cases[i].needle));
        assert_null(t.payload);
        assert_null(t.credential);
        free(s);
    }
    /* RFC 8725 §3.11: a JWT of another kind is not taken for a credential. */
    const char *typs[] = {"vp+jwt", "at+jwt", "dpop+jwt", "JOSE"};
    for (size_t i = 0; i < sizeof typs / sizeof typs[0]; i++) {
        char h[96];
        snprintf(h, sizeof h, "{\"alg\":\"EdDSA\",\"typ\":\"%s\"}", typs[i]);
        char *s = unsigned_token(h, "{\"vc\":{}}");
        reco_vcjwt t;
        reco_error err;
        assert_int_equal(reco_vcjwt_decode(s, strlen(s), NULL, &t, &err), RECO_ESCHEMA);
        assert_non_null(strstr(err.msg, "expected JWT or vc+jwt"));
        free(s);
    }
    const char *ok_typs[] = {"JWT", "jwt", "vc+jwt", "application/vc+jwt", "VC+JWT"};
    for (size_t i = 0; i < sizeof ok_typs / sizeof ok_typs[0]; i++) {
        char h[96];
        snprintf(h, sizeof h, "{\"alg\":\"EdDSA\",\"typ\":\"%s\"}", ok_typs[i]);
        char *s = unsigned_token(h, "{\"vc\":{}}");
        reco_vcjwt t;
        assert_int_equal(reco_vcjwt_decode(s, strlen(s), NULL, &t, NULL), RECO_OK);
        reco_vcjwt_release(&t);
        free(s);
    }
    /* JWS refusals pass through. */
    reco_vcjwt t;
    char *s = unsigned_token("{\"alg\":\"none\"}", "{\"vc\":{}}");
    assert_int_equal(reco_vcjwt_decode(s, strlen(s), NULL, &t, NULL), RECO_EINVAL);
    free(s);
    /* Payload depth limit. */
    s = unsigned_token("{\"alg\":\"EdDSA\"}", "{\"vc\":{\"a\":[[[[[[1]]]]]]}}");
    reco_jws_limits lim = {.max_depth = 4};
    assert_int_equal(reco_vcjwt_decode(s, strlen(s), &lim, &t, NULL), RECO_ELIMIT);
    free(s);
}

/* ---------------------------------------------------------------- claims */

/* A signed v2 credential decoded, ready to be tampered with in its payload. */
static void decoded(reco_vcjwt *t)
{
    json_t *vc = credential_v2(did);
    reco_vcjwt_sign_options opt = {.kid = kid};
    char *s = sign_vc(vc, ed, &opt);
    decode(s, t);
    free(s);
    json_decref(vc);
}

static void expect_claim_failure(reco_vcjwt *t, const char *path, const char *needle)
{
    reco_time now = at(1750000000);
    reco_vcjwt_check_options co = {.now = &now};
    reco_report *r = reco_report_new("test", "ob3-vc-jwt");
    reco_error err;
    assert_non_null(r);
    assert_int_equal(reco_vcjwt_check_claims(t, &co, r, &err), RECO_EVERIFY);
    if (!strstr(err.msg, needle))
        fail_msg("message '%s' does not say '%s'", err.msg, needle);
    assert_string_equal(err.path, path);
    const reco_check *c = reco_report_find(r, "jwt-claims");
    assert_non_null(c);
    assert_int_equal(c->status, RECO_CHECK_FAILED);
    assert_false(reco_report_valid(r));
    reco_report_free(r);
}

static void test_claim_mismatches(void **state)
{
    (void)state;
    reco_vcjwt t;

    decoded(&t);
    json_object_set_new(t.payload, "iss", json_string("did:example:mallory"));
    expect_claim_failure(&t, "/iss",
                         "jwt claim iss 'did:example:mallory' differs from the "
                         "issuer id");
    reco_vcjwt_release(&t);

    decoded(&t);
    json_object_set_new(t.payload, "jti", json_string("urn:uuid:other"));
    expect_claim_failure(&t, "/jti",
                         "jwt claim jti 'urn:uuid:other' differs from the credential "
                         "id 'urn:uuid:2f1c1a34");
    reco_vcjwt_release(&t);

    decoded(&t);
    json_object_set_new(t.payload, "sub", json_string("did:example:someone-else"));
    expect_claim_failure(&t, "/sub", "differs from the credentialSubject.id 'did:example:earner'");
    reco_vcjwt_release(&t);

    decoded(&t);
    json_object_set_new(t.payload, "nbf", json_integer(1704067201));
    expect_claim_failure(&t, "/nbf",
                         "jwt claim nbf (2024-01-01T00:00:01Z) differs from the "
                         "credential validFrom (2024-01-01T00:00:00Z)");
    reco_vcjwt_release(&t);

    decoded(&t);
    json_object_set_new(t.payload, "exp", json_integer(4070908801));
    expect_claim_failure(&t, "/exp",
                         "jwt claim exp (2099-01-01T00:00:01Z) differs from the "
                         "credential validUntil");
    reco_vcjwt_release(&t);

    decoded(&t);
    json_object_set_new(t.payload, "nbf", json_string("2024-01-01T00:00:00Z"));
    expect_claim_failure(&t, "/nbf", "not a number");
    reco_vcjwt_release(&t);

    decoded(&t);
    json_object_set_new(t.payload, "iss", json_integer(1));
    expect_claim_failure(&t, "/iss", "not a string");
    reco_vcjwt_release(&t);

    /* The credential side changed (issuer of the decoded credential). */
    decoded(&t);
    json_object_set_new(json_object_get(t.credential, "issuer"), "id",
                        json_string("did:example:other"));
    expect_claim_failure(&t, "/iss", "differs from the issuer id 'did:example:other'");
    reco_vcjwt_release(&t);
}

static void test_claim_window(void **state)
{
    (void)state;
    reco_vcjwt t;
    reco_error err;
    decoded(&t);
    /* Before nbf: not yet valid. */
    reco_time now = at(1704067199);
    reco_vcjwt_check_options co = {.now = &now};
    assert_int_equal(reco_vcjwt_check_claims(&t, &co, NULL, &err), RECO_EVERIFY);
    assert_string_equal(err.path, "/nbf");
    assert_non_null(strstr(err.msg, "not valid before 2024-01-01T00:00:00Z"));
    /* At nbf: valid. */
    now = at(1704067200);
    assert_int_equal(reco_vcjwt_check_claims(&t, &co, NULL, &err), RECO_OK);
    /* At exp: expired (RFC 7519 §4.1.4, "on or after"). */
    now = at(4070908800);
    assert_int_equal(reco_vcjwt_check_claims(&t, &co, NULL, &err), RECO_EVERIFY);
    assert_string_equal(err.path, "/exp");
    assert_non_null(strstr(err.msg, "expired at 2099-01-01T00:00:00Z"));
    reco_vcjwt_release(&t);
}

static void test_claims_missing(void **state)
{
    (void)state;
    reco_vcjwt t;
    reco_error err;
    reco_time now = at(1750000000);
    reco_vcjwt_check_options co = {.now = &now};

    decoded(&t);
    json_object_del(t.payload, "sub");
    assert_int_equal(reco_vcjwt_check_claims(&t, &co, NULL, &err), RECO_EVERIFY);
    assert_non_null(strstr(err.msg, "no sub claim"));
    /* Lenient: a warning in the report, no failure. */
    co.lenient = true;
    reco_report *r = reco_report_new(NULL, NULL);
    assert_int_equal(reco_vcjwt_check_claims(&t, &co, r, &err), RECO_OK);
    const reco_check *c = reco_report_find(r, "jwt-claims");
    assert_int_equal(c->status, RECO_CHECK_WARNING);
    assert_non_null(strstr(c->message, "no sub claim"));
    reco_report_free(r);
    co.lenient = false;
    /* No exp while the credential has validUntil: a warning only. */
    json_object_set_new(t.payload, "sub", json_string("did:example:earner"));
    json_object_del(t.payload, "exp");
    r = reco_report_new(NULL, NULL);
    assert_int_equal(reco_vcjwt_check_claims(&t, &co, r, &err), RECO_OK);
    c = reco_report_find(r, "jwt-claims");
    assert_int_equal(c->status, RECO_CHECK_WARNING);
    assert_non_null(strstr(c->message, "no exp claim"));
    reco_report_free(r);
    /* iss, jti, nbf missing: each one named. */
    const char *names[] = {"iss", "jti", "nbf"};
    for (size_t i = 0; i < 3; i++) {
        json_t *v = json_incref(json_object_get(t.payload, names[i]));
        char want[32];
        json_object_del(t.payload, names[i]);
        snprintf(want, sizeof want, "no %s claim", names[i]);
        assert_int_equal(reco_vcjwt_check_claims(&t, &co, NULL, &err), RECO_EVERIFY);
        assert_non_null(strstr(err.msg, want));
        json_object_set_new(t.payload, names[i], v);
    }
    assert_int_equal(reco_vcjwt_check_claims(&t, &co, NULL, &err), RECO_OK);
    reco_vcjwt_release(&t);

    /* VC-JOSE-COSE (typ vc+jwt): the claims are optional. */
    char *s = unsigned_token("{\"alg\":\"EdDSA\",\"typ\":\"application/vc+jwt\"}",
                             "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
                             "\"id\":\"urn:x\",\"issuer\":\"did:example:x\","
                             "\"validFrom\":\"2024-01-01T00:00:00Z\","
                             "\"credentialSubject\":{\"id\":\"did:example:y\"}}");
    decode(s, &t);
    assert_int_equal(t.form, RECO_VCJWT_PAYLOAD);
    assert_int_equal(reco_vcjwt_check_claims(&t, &co, NULL, &err), RECO_OK);
    /* ... but must agree when present (VC-JOSE-COSE §6.1.1). */
    json_object_set_new(t.payload, "iss", json_string("did:example:z"));
    assert_int_equal(reco_vcjwt_check_claims(&t, &co, NULL, &err), RECO_EVERIFY);
    assert_string_equal(err.path, "/iss");
    reco_vcjwt_release(&t);
    free(s);
}

static void test_nbf_issuance_date(void **state)
{
    (void)state;
    /* A VC 1.1 credential with both validFrom and issuanceDate: nbf may match either (VC 1.1
     * maps nbf to issuanceDate, OB 3.0 to validFrom). Fractions of seconds are dropped. */
    json_t *vc = credential_v1("https://example.edu/issuers/565049");
    json_object_set_new(vc, "issuanceDate", json_string("2025-10-15T00:44:21.142Z"));
    json_object_set_new(vc, "validFrom", json_string("2022-12-31T00:00:00Z"));
    char *s = sign_vc(vc, rsa, NULL);
    reco_vcjwt t;
    reco_error err;
    decode(s, &t);
    assert_int_equal(claim_int(&t, "nbf"), 1672444800);
    assert_int_equal(reco_vcjwt_check_claims(&t, NULL, NULL, &err), RECO_OK);
    json_object_set_new(t.payload, "nbf", json_real(1760489061.9));
    assert_int_equal(reco_vcjwt_check_claims(&t, NULL, NULL, &err), RECO_OK);
    json_object_set_new(t.payload, "nbf", json_integer(1760489062));
    assert_int_equal(reco_vcjwt_check_claims(&t, NULL, NULL, &err), RECO_EVERIFY);
    reco_vcjwt_release(&t);
    free(s);
    json_decref(vc);
}

/* ---------------------------------------------------------------- keys */

static int resolver_calls;

static reco_code resolve_https(void *ctx, const char *k, reco_key **out, reco_error *err)
{
    resolver_calls++;
    if (strcmp(k, "https://example.edu/issuers/565049#key-1") != 0)
        return reco_error_set(err, RECO_ENOTFOUND, NULL, "unknown kid");
    return reco_key_public((const reco_key *)ctx, out, err);
}

static void test_resolve_key(void **state)
{
    (void)state;
    json_t *vc = credential_v1("https://example.edu/issuers/565049");
    reco_vcjwt_sign_options opt = {.kid = "https://example.edu/issuers/565049#key-1"};
    char *s = sign_vc(vc, rsa, &opt);
    reco_vcjwt t;
    reco_key *k = NULL;
    reco_error err;

    decode(s, &t);
    assert_null(t.jws.jwk);
    assert_int_equal(reco_vcjwt_resolve_key(&t, NULL, NULL, &k, &err), RECO_ENOTFOUND);
    assert_null(k);
    assert_non_null(strstr(err.msg, "no key for kid 'https://example.edu/issuers/565049#key-1'"));
    resolver_calls = 0;
    assert_int_equal(reco_vcjwt_resolve_key(&t, resolve_https, rsa, &k, &err), RECO_OK);
    assert_int_equal(resolver_calls, 1);
    assert_int_equal(reco_jws_verify(&t.jws, k, &err), RECO_OK);
    reco_key_free(k);
    /* The resolver's key must fit the algorithm. */
    assert_int_equal(reco_vcjwt_resolve_key(&t, resolve_https, ed, &k, &err), RECO_EVERIFY);
    assert_null(k);
    reco_vcjwt_release(&t);
    free(s);

    /* No kid, no jwk. */
    s = unsigned_token("{\"alg\":\"EdDSA\"}", "{\"vc\":{}}");
    decode(s, &t);
    assert_int_equal(reco_vcjwt_resolve_key(&t, resolve_https, rsa, &k, &err), RECO_ENOTFOUND);
    assert_non_null(strstr(err.msg, "neither kid nor jwk"));
    reco_vcjwt_release(&t);
    free(s);
    json_decref(vc);
}

static void test_did_kid_bound_to_issuer(void **state)
{
    (void)state;
    /* The did:key kid is not the issuer's DID: refused. */
    json_t *vc = credential_v2("did:example:issuer");
    reco_vcjwt_sign_options opt = {.kid = kid};
    char *s = sign_vc(vc, ed, &opt);
    reco_vcjwt t;
    reco_key *k = NULL;
    reco_error err;
    decode(s, &t);
    assert_int_equal(reco_vcjwt_resolve_key(&t, NULL, NULL, &k, &err), RECO_EVERIFY);
    assert_null(k);
    assert_non_null(strstr(err.msg, "is not a key of issuer 'did:example:issuer'"));
    reco_vcjwt_release(&t);
    free(s);
    json_decref(vc);

    /* jwk and did:key kid naming different keys: refused. */
    reco_key *other = NULL;
    assert_int_equal(reco_key_generate(RECO_KEY_ED25519, 0, &other, NULL), RECO_OK);
    vc = credential_v2(did);
    opt = (reco_vcjwt_sign_options){.kid = kid, .embed_jwk = true};
    s = sign_vc(vc, other, &opt);
    decode(s, &t);
    assert_int_equal(reco_vcjwt_resolve_key(&t, NULL, NULL, &k, &err), RECO_EVERIFY);
    assert_non_null(strstr(err.msg, "different keys"));
    reco_vcjwt_release(&t);
    free(s);
    /* A did:key kid of an Ed25519 key on an RS256 token: the key does not fit. */
    opt = (reco_vcjwt_sign_options){.kid = kid};
    s = sign_vc(vc, rsa, &opt);
    decode(s, &t);
    assert_int_equal(reco_vcjwt_resolve_key(&t, NULL, NULL, &k, &err), RECO_EVERIFY);
    assert_non_null(strstr(err.msg, "needs an rsa key"));
    reco_vcjwt_release(&t);
    free(s);
    reco_key_free(other);
    json_decref(vc);
}

/* ---------------------------------------------------------------- keys in documents */

static json_t *did_web_doc(bool rsa_asserts)
{
    json_t *jwk = NULL;
    reco_buf mk;
    reco_buf_init(&mk, 0);
    assert_int_equal(reco_key_to_jwk(rsa, false, &jwk, NULL), RECO_OK);
    assert_int_equal(reco_key_to_multikey(ed, &mk, NULL), RECO_OK);
    json_t *doc =
        json_pack("{s:s, s:[{s:s, s:s, s:s}, {s:s, s:s, s:o}], s:[s]}", "id", "did:web:example.org",
                  "verificationMethod", "id", "#key-1", "type", "Multikey", "publicKeyMultibase",
                  mk.data, "id", "did:web:example.org#key-rsa", "type", "JsonWebKey",
                  "publicKeyJwk", jwk, "assertionMethod", "#key-1");
    assert_non_null(doc);
    if (rsa_asserts)
        json_array_append_new(json_object_get(doc, "assertionMethod"),
                              json_string("did:web:example.org#key-rsa"));
    reco_buf_release(&mk);
    return doc;
}

static void expect_doc_key(const json_t *doc, const char *k, const reco_key *want)
{
    reco_key *got = NULL;
    reco_error err;
    if (reco_vcjwt_key_from_document(doc, k, &got, &err) != RECO_OK)
        fail_msg("no key for %s: %s", k, err.msg);
    assert_true(reco_key_public_equal(got, want));
    assert_false(reco_key_has_private(got));
    reco_key_free(got);
}

static void test_key_from_document(void **state)
{
    (void)state;
    reco_key *k = NULL;
    reco_error err;
    json_t *jwk = NULL, *priv = NULL;
    assert_int_equal(reco_key_to_jwk(rsa, false, &jwk, NULL), RECO_OK);
    assert_int_equal(reco_key_to_jwk(ed, true, &priv, NULL), RECO_OK);

    /* A JWK at the kid's URL. */
    expect_doc_key(jwk, "https://example.org/keys/1", rsa);
    assert_int_equal(reco_vcjwt_key_from_document(priv, "https://example.org/keys/1", &k, &err),
                     RECO_EINVAL);
    assert_non_null(strstr(err.msg, "private key material"));

    /* A JWK Set: by kid or by the kid's fragment. */
    json_t *edpub = NULL;
    assert_int_equal(reco_key_to_jwk(ed, false, &edpub, NULL), RECO_OK);
    json_object_set_new(edpub, "kid", json_string("key-ed"));
    json_t *rsak = json_deep_copy(jwk);
    json_object_set_new(rsak, "kid", json_string("https://example.org/jwks#key-rsa"));
    json_t *set = json_pack("{s:[O,O]}", "keys", edpub, rsak);
    expect_doc_key(set, "https://example.org/jwks#key-ed", ed);
    expect_doc_key(set, "https://example.org/jwks#key-rsa", rsa);
    assert_int_equal(reco_vcjwt_key_from_document(set, "https://example.org/jwks#other", &k, &err),
                     RECO_ENOTFOUND);
    json_decref(set);
    set = json_pack("{s:[O]}", "keys", jwk);
    expect_doc_key(set, "https://example.org/jwks#whatever", rsa);
    json_decref(set);
    set = json_pack("{s:[O]}", "keys", priv);
    assert_int_equal(reco_vcjwt_key_from_document(set, "x", &k, &err), RECO_EINVAL);
    json_decref(set);

    /* A DID document: relative and absolute method ids; assertionMethod required. */
    json_t *doc = did_web_doc(false);
    expect_doc_key(doc, "did:web:example.org#key-1", ed);
    assert_int_equal(reco_vcjwt_key_from_document(doc, "did:web:example.org#key-rsa", &k, &err),
                     RECO_EVERIFY);
    assert_non_null(strstr(err.msg, "not an assertionMethod"));
    assert_int_equal(reco_vcjwt_key_from_document(doc, "did:web:example.org#nope", &k, &err),
                     RECO_ENOTFOUND);
    assert_int_equal(reco_vcjwt_key_from_document(doc, "did:web:other.org#key-1", &k, &err),
                     RECO_ENOTFOUND);
    json_decref(doc);
    doc = did_web_doc(true);
    expect_doc_key(doc, "did:web:example.org#key-rsa", rsa);
    json_decref(doc);
    /* An issuer profile (https id): the verification method is enough. */
    doc = did_web_doc(false);
    json_object_set_new(doc, "id", json_string("https://example.org/issuers/1"));
    expect_doc_key(doc, "https://example.org/issuers/1#key-1", ed);
    json_decref(doc);

    assert_int_equal(reco_vcjwt_key_from_document(jwk, NULL, &k, &err), RECO_EINVAL);
    json_t *arr = json_array();
    assert_int_equal(reco_vcjwt_key_from_document(arr, "x", &k, &err), RECO_EINVAL);
    assert_null(k);
    json_decref(arr);
    json_decref(edpub);
    json_decref(rsak);
    json_decref(jwk);
    json_decref(priv);
}

/* A did:web resolver over one document, as app/ builds it with the HTTP client. */
static reco_code resolve_did_web(void *ctx, const char *k, reco_key **out, reco_error *err)
{
    return reco_vcjwt_key_from_document((const json_t *)ctx, k, out, err);
}

static void test_verify_did_web(void **state)
{
    (void)state;
    json_t *doc = did_web_doc(true);
    json_t *vc = credential_v2("did:web:example.org");
    reco_time now = at(1750000000);
    reco_vcjwt_verify_options vo = {
        .resolve = resolve_did_web, .resolve_ctx = doc, .claims.now = &now};
    const char *kids[] = {"did:web:example.org#key-1", "did:web:example.org#key-rsa"};
    reco_key *signers[] = {ed, rsa};
    for (int i = 0; i < 2; i++) {
        reco_vcjwt_sign_options opt = {.kid = kids[i]};
        char *s = sign_vc(vc, signers[i], &opt);
        reco_report *r = reco_report_new("x", NULL);
        assert_int_equal(reco_vcjwt_verify(s, strlen(s), &vo, r, NULL, NULL), RECO_OK);
        assert_int_equal(reco_report_find(r, "proof")->status, RECO_CHECK_PASSED);
        assert_int_equal(reco_report_find(r, "issuer-key")->status, RECO_CHECK_PASSED);
        assert_true(reco_report_valid(r));
        reco_report_free(r);
        free(s);
    }
    /* Signed by a key the document does not hold: the signature fails. */
    reco_key *other = NULL;
    assert_int_equal(reco_key_generate(RECO_KEY_ED25519, 0, &other, NULL), RECO_OK);
    reco_vcjwt_sign_options opt = {.kid = kids[0]};
    char *s = sign_vc(vc, other, &opt);
    reco_report *r = reco_report_new("x", NULL);
    assert_int_equal(reco_vcjwt_verify(s, strlen(s), &vo, r, NULL, NULL), RECO_OK);
    assert_int_equal(reco_report_find(r, "proof")->status, RECO_CHECK_FAILED);
    assert_false(reco_report_valid(r));
    reco_report_free(r);
    free(s);
    reco_key_free(other);
    json_decref(vc);
    json_decref(doc);
}

/* ---------------------------------------------------------------- the whole verification */

static const reco_check *check(const reco_report *r, const char *name)
{
    const reco_check *c = reco_report_find(r, name);
    if (!c)
        fail_msg("no check '%s' in the report", name);
    return c;
}

static void test_verify_report(void **state)
{
    (void)state;
    json_t *vc = credential_v2(did);
    reco_vcjwt_sign_options opt = {.kid = kid};
    char *s = sign_vc(vc, ed, &opt);
    reco_time now = at(1750000000);
    reco_vcjwt_verify_options vo = {.claims.now = &now};
    reco_vcjwt t;
    reco_error err;

    reco_report *r = reco_report_new("badge.jwt", "ob3-vc-jwt");
    assert_int_equal(reco_vcjwt_verify(s, strlen(s), &vo, r, &t, &err), RECO_OK);
    assert_int_equal(check(r, "jwt")->status, RECO_CHECK_PASSED);
    assert_int_equal(check(r, "proof")->status, RECO_CHECK_PASSED);
    assert_non_null(strstr(check(r, "proof")->message, "EdDSA signature verified"));
    assert_int_equal(check(r, "issuer-key")->status, RECO_CHECK_PASSED);
    assert_int_equal(check(r, "jwt-claims")->status, RECO_CHECK_PASSED);
    assert_true(reco_report_valid(r));
    assert_true(reco_json_equal(t.credential, vc));
    reco_vcjwt_release(&t);
    reco_report_free(r);

    /* The payload changed: the proof fails, the report is not valid. */
    char *dot = strchr(s, '.');
    dot[3] = dot[3] == 'A' ? 'B' : 'A';
    r = reco_report_new("badge.jwt", "ob3-vc-jwt");
    assert_int_equal(reco_vcjwt_verify(s, strlen(s), &vo, r, NULL, &err), RECO_OK);
    const reco_check *c = reco_report_find(r, "proof");
    if (c) /* the change may also break the JSON; either way the report is not valid */
        assert_int_equal(c->status, RECO_CHECK_FAILED);
    assert_false(reco_report_valid(r));
    reco_report_free(r);
    free(s);

    /* Not a token at all: "jwt" failed, nothing else, not valid. */
    r = reco_report_new("x", NULL);
    assert_int_equal(reco_vcjwt_verify("abc", 3, &vo, r, NULL, &err), RECO_OK);
    assert_int_equal(check(r, "jwt")->status, RECO_CHECK_FAILED);
    assert_null(reco_report_find(r, "proof"));
    assert_false(reco_report_valid(r));
    reco_report_free(r);

    /* An https kid with no resolver: proof not checked, so the report is not valid. */
    json_t *v1 = credential_v1("https://example.edu/issuers/565049");
    opt = (reco_vcjwt_sign_options){.kid = "https://example.edu/issuers/565049#key-1"};
    s = sign_vc(v1, rsa, &opt);
    r = reco_report_new("x", NULL);
    assert_int_equal(reco_vcjwt_verify(s, strlen(s), &vo, r, NULL, &err), RECO_OK);
    assert_int_equal(check(r, "proof")->status, RECO_CHECK_NOT_CHECKED);
    assert_false(reco_report_valid(r));
    reco_report_free(r);
    /* With a resolver: verified; the kid is in the issuer's document, so it is bound. */
    vo.resolve = resolve_https;
    vo.resolve_ctx = rsa;
    r = reco_report_new("x", NULL);
    assert_int_equal(reco_vcjwt_verify(s, strlen(s), &vo, r, NULL, &err), RECO_OK);
    assert_int_equal(check(r, "proof")->status, RECO_CHECK_PASSED);
    assert_int_equal(check(r, "issuer-key")->status, RECO_CHECK_PASSED);
    assert_true(reco_report_valid(r));
    reco_report_free(r);
    free(s);

    /* A kid of multi-byte characters, cut by the message length: the report stays UTF-8. */
    char longkid[400] = "https://example.edu/x"; /* odd length: %.100s cuts a character */
    for (int i = 0; i < 100; i++)
        strcat(longkid, "\xc3\xa9");
    opt = (reco_vcjwt_sign_options){.kid = longkid};
    s = sign_vc(v1, rsa, &opt);
    r = reco_report_new("x", NULL);
    vo.resolve = NULL;
    assert_int_equal(reco_vcjwt_verify(s, strlen(s), &vo, r, NULL, &err), RECO_OK);
    assert_int_equal(check(r, "proof")->status, RECO_CHECK_NOT_CHECKED);
    json_t *rj = NULL;
    assert_int_equal(reco_report_to_json(r, &rj, &err), RECO_OK);
    json_decref(rj);
    reco_report_free(r);
    free(s);
    vo.resolve = resolve_https;

    /* A jwk header: verified, binding to an https issuer only a warning. */
    s = sign_vc(v1, rsa, NULL);
    r = reco_report_new("x", NULL);
    assert_int_equal(reco_vcjwt_verify(s, strlen(s), &vo, r, NULL, &err), RECO_OK);
    assert_int_equal(check(r, "proof")->status, RECO_CHECK_PASSED);
    assert_int_equal(check(r, "issuer-key")->status, RECO_CHECK_WARNING);
    assert_true(reco_report_valid(r));
    reco_report_free(r);
    free(s);
    json_decref(v1);
    json_decref(vc);
}

/* ---------------------------------------------------------------- public vectors */

static void test_vectors(void **state)
{
    (void)state;
    const char *dir = test_vectors_dir();
    if (!dir) {
        print_message("skipped: no public vectors (../shared/vectors)\n");
        skip();
    }
    struct {
        const char *file;
        reco_vcjwt_form form;
        reco_check_status proof;
        reco_check_status claims;
    } cases[] = {
        /* {alg RS256, typ JWT}, no kid nor jwk: the key is out of band. */
        {"ob3-examples/1edtech-validator/simple.jwt", RECO_VCJWT_VC_CLAIM, RECO_CHECK_NOT_CHECKED,
         RECO_CHECK_PASSED},
        /* kid did:velocity (not resolvable offline); nbf is the issuanceDate, not validFrom. */
        {"ob3-examples/1edtech-validator/velocity.jwt", RECO_VCJWT_VC_CLAIM, RECO_CHECK_NOT_CHECKED,
         RECO_CHECK_PASSED},
        /* RS256 with the public key in jwk: verified offline. */
        {"ob3-examples/1edtech-validator-clr20/simple.jwt", RECO_VCJWT_VC_CLAIM, RECO_CHECK_PASSED,
         RECO_CHECK_PASSED},
    };
    size_t seen = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = 0;
        char *text = test_read_file(test_vector_path(cases[i].file), &n);
        if (!text) {
            print_message("skipped %s: absent\n", cases[i].file);
            continue;
        }
        seen++;
        reco_vcjwt t;
        reco_error err;
        reco_time now = at(1767225600); /* 2026-01-01, after every nbf of the files */
        reco_vcjwt_verify_options vo = {.claims.lenient = true, .claims.now = &now};
        reco_report *r = reco_report_new(cases[i].file, "ob3-vc-jwt");
        assert_int_equal(reco_vcjwt_verify(text, n, &vo, r, &t, &err), RECO_OK);
        assert_int_equal(check(r, "jwt")->status, RECO_CHECK_PASSED);
        assert_int_equal(t.form, cases[i].form);
        assert_int_equal(t.jws.alg, RECO_JWS_RS256);
        assert_non_null(reco_vc_issuer_id(t.credential));
        const reco_check *p = check(r, "proof");
        if (p->status != cases[i].proof)
            fail_msg("%s: proof %s: %s", cases[i].file, reco_check_status_name(p->status),
                     p->message);
        if (cases[i].claims != RECO_CHECK_NOT_CHECKED) {
            const reco_check *c = check(r, "jwt-claims");
            if (c->status != cases[i].claims)
                fail_msg("%s: jwt-claims %s: %s", cases[i].file, reco_check_status_name(c->status),
                         c->message);
        }
        reco_vcjwt_release(&t);
        reco_report_free(r);
        free(text);
    }
    if (seen == 0) {
        print_message("skipped: no JWT files among the vectors\n");
        skip();
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sign_payload_form),
        cmocka_unit_test(test_sign_vc_claim_form),
        cmocka_unit_test(test_forced_forms),
        cmocka_unit_test(test_sign_refused),
        cmocka_unit_test(test_decode_refused),
        cmocka_unit_test(test_claim_mismatches),
        cmocka_unit_test(test_claim_window),
        cmocka_unit_test(test_claims_missing),
        cmocka_unit_test(test_nbf_issuance_date),
        cmocka_unit_test(test_resolve_key),
        cmocka_unit_test(test_did_kid_bound_to_issuer),
        cmocka_unit_test(test_key_from_document),
        cmocka_unit_test(test_verify_did_web),
        cmocka_unit_test(test_verify_report),
        cmocka_unit_test(test_vectors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
