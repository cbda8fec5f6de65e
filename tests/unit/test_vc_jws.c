/*
 * test_vc_jws.c - compact JWS: sign and verify round trips for RS256, ES256 and EdDSA; every
 * refusal of the parser (alg none, unknown alg, crit, b64 false, private jwk, part count,
 * base64url, size limits) and of the verifier (tampering, key of another type).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/jose.h"
#include "reco/json.h"

#include <stdlib.h>
#include <string.h>

static reco_key *ed, *p256, *rsa;

static int setup(void **state)
{
    (void)state;
    if (reco_key_generate(RECO_KEY_ED25519, 0, &ed, NULL) ||
        reco_key_generate(RECO_KEY_P256, 0, &p256, NULL) ||
        reco_key_generate(RECO_KEY_RSA, 2048, &rsa, NULL))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    reco_key_free(ed);
    reco_key_free(p256);
    reco_key_free(rsa);
    return 0;
}

/* A token from raw parts: header and payload texts are base64url-encoded, sig as given. */
static char *token(const char *header, const char *payload, const char *sig_b64)
{
    reco_buf b;
    reco_buf_init(&b, 0);
    assert_int_equal(reco_base64url_encode((const uint8_t *)header, strlen(header), &b), RECO_OK);
    assert_int_equal(reco_buf_putc(&b, '.'), RECO_OK);
    assert_int_equal(reco_base64url_encode((const uint8_t *)payload, strlen(payload), &b), RECO_OK);
    assert_int_equal(reco_buf_putc(&b, '.'), RECO_OK);
    assert_int_equal(reco_buf_puts(&b, sig_b64), RECO_OK);
    return reco_buf_detach(&b, NULL);
}

static char *sign(const reco_key *k, const reco_jws_sign_options *opt, const char *payload)
{
    reco_buf out;
    reco_error err;
    reco_buf_init(&out, 0);
    reco_code rc = reco_jws_sign(k, opt, payload, strlen(payload), &out, &err);
    if (rc)
        fail_msg("sign: %s", err.msg);
    return reco_buf_detach(&out, NULL);
}

static reco_code parse(const char *s, reco_jws *jws, reco_error *err)
{
    return reco_jws_parse(s, strlen(s), NULL, jws, err);
}

static void expect_refused(const char *s, reco_code code, const char *needle)
{
    reco_jws jws;
    reco_error err;
    reco_code rc = parse(s, &jws, &err);
    if (rc != code)
        fail_msg("expected %s, got %s (%s) for %.80s", reco_code_name(code), reco_code_name(rc),
                 rc ? err.msg : "", s);
    if (needle && !strstr(err.msg, needle))
        fail_msg("message '%s' does not say '%s'", err.msg, needle);
    assert_null(jws.header);
    assert_int_equal(jws.payload.len, 0);
}

static void round_trip(reco_key *k, const char *alg, reco_key *other_same_type)
{
    reco_jws_sign_options opt = {.typ = "JWT", .kid = "did:example:123#key-1"};
    const char *payload = "{\"hello\":\"world\",\"n\":1}";
    char *s = sign(k, &opt, payload);
    reco_jws jws;
    reco_error err;

    assert_int_equal(parse(s, &jws, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(jws.header, "alg")), alg);
    assert_string_equal(reco_jws_alg_name(jws.alg), alg);
    assert_string_equal(jws.typ, "JWT");
    assert_string_equal(jws.kid, "did:example:123#key-1");
    assert_null(jws.jwk);
    assert_null(jws.cty);
    assert_int_equal(jws.payload.len, strlen(payload));
    assert_memory_equal(jws.payload.data, payload, strlen(payload));
    assert_int_equal(reco_jws_verify(&jws, k, &err), RECO_OK);
    /* Another key of the same type does not verify it. */
    assert_int_equal(reco_jws_verify(&jws, other_same_type, &err), RECO_EVERIFY);
    /* The header has no jwk to take a key from. */
    reco_key *hk = NULL;
    assert_int_equal(reco_jws_header_key(&jws, &hk, &err), RECO_ENOTFOUND);
    assert_null(hk);
    reco_jws_release(&jws);
    free(s);
}

static void test_round_trip_eddsa(void **state)
{
    (void)state;
    reco_key *o = NULL;
    assert_int_equal(reco_key_generate(RECO_KEY_ED25519, 0, &o, NULL), RECO_OK);
    round_trip(ed, "EdDSA", o);
    reco_key_free(o);
}

static void test_round_trip_es256(void **state)
{
    (void)state;
    reco_key *o = NULL;
    assert_int_equal(reco_key_generate(RECO_KEY_P256, 0, &o, NULL), RECO_OK);
    round_trip(p256, "ES256", o);
    reco_key_free(o);
}

static void test_round_trip_rs256(void **state)
{
    (void)state;
    reco_key *o = NULL;
    assert_int_equal(reco_key_generate(RECO_KEY_RSA, 2048, &o, NULL), RECO_OK);
    round_trip(rsa, "RS256", o);
    reco_key_free(o);
}

static void test_header_order_and_jwk(void **state)
{
    (void)state;
    reco_jws_sign_options opt = {.typ = "vc+jwt", .cty = "vc", .kid = "k1", .embed_jwk = true};
    char *s = sign(rsa, &opt, "{}");
    reco_jws jws;
    reco_error err;
    reco_buf hdr;
    reco_key *hk = NULL;

    /* RFC 7515 §7.1: header text as written, members in the documented order. */
    reco_buf_init(&hdr, 0);
    assert_int_equal(reco_base64url_decode(s, (size_t)(strchr(s, '.') - s), &hdr, &err), RECO_OK);
    const char *want =
        "{\"alg\":\"RS256\",\"typ\":\"vc+jwt\",\"cty\":\"vc\",\"kid\":\"k1\",\"jwk\":{";
    assert_true(strncmp(hdr.data, want, strlen(want)) == 0);
    assert_null(strstr(hdr.data, "\"d\""));
    assert_int_equal(parse(s, &jws, &err), RECO_OK);
    assert_string_equal(jws.cty, "vc");
    assert_non_null(jws.jwk);
    assert_int_equal(reco_jws_header_key(&jws, &hk, &err), RECO_OK);
    assert_false(reco_key_has_private(hk));
    assert_true(reco_key_public_equal(hk, rsa));
    assert_int_equal(reco_jws_verify(&jws, hk, &err), RECO_OK);
    reco_key_free(hk);
    reco_jws_release(&jws);
    reco_buf_release(&hdr);
    free(s);
}

static void test_sign_needs_private_key(void **state)
{
    (void)state;
    reco_key *pub = NULL;
    reco_buf out;
    reco_error err;
    reco_buf_init(&out, 0);
    assert_int_equal(reco_key_public(ed, &pub, NULL), RECO_OK);
    assert_int_equal(reco_jws_sign(pub, NULL, "{}", 2, &out, &err), RECO_EINVAL);
    assert_int_equal(out.len, 0);
    reco_key_free(pub);
    reco_buf_release(&out);
}

/* Replace character i of s by a different base64url character. */
static void flip(char *s, size_t i)
{
    s[i] = s[i] == 'A' ? 'B' : 'A';
}

static void test_tampered_payload(void **state)
{
    (void)state;
    const reco_key *keys[] = {ed, p256, rsa};
    for (size_t i = 0; i < 3; i++) {
        char *s = sign(keys[i], NULL, "{\"grade\":\"pass\"}");
        reco_jws jws;
        reco_error err;
        char *dot = strchr(s, '.');
        flip(s, (size_t)(dot - s) + 2);
        assert_int_equal(parse(s, &jws, &err), RECO_OK);
        assert_int_equal(reco_jws_verify(&jws, keys[i], &err), RECO_EVERIFY);
        assert_non_null(strstr(err.msg, "does not verify"));
        reco_jws_release(&jws);
        free(s);
    }
}

static void test_tampered_signature(void **state)
{
    (void)state;
    const reco_key *keys[] = {ed, p256, rsa};
    for (size_t i = 0; i < 3; i++) {
        char *s = sign(keys[i], NULL, "{\"grade\":\"pass\"}");
        reco_jws jws;
        reco_error err;
        flip(s, strlen(s) - 5);
        assert_int_equal(parse(s, &jws, &err), RECO_OK);
        assert_int_equal(reco_jws_verify(&jws, keys[i], &err), RECO_EVERIFY);
        reco_jws_release(&jws);
        /* A shortened signature is refused as well. */
        s[strlen(s) - strlen(s) % 4 - 4] = '\0'; /* whole base64url quanta stay canonical */
        assert_int_equal(parse(s, &jws, &err), RECO_OK);
        assert_int_equal(reco_jws_verify(&jws, keys[i], &err), RECO_EVERIFY);
        reco_jws_release(&jws);
        free(s);
    }
}

static void test_tampered_header(void **state)
{
    (void)state;
    /* Same signature, header changed (kid): the signing input differs. */
    reco_jws_sign_options opt = {.kid = "a"};
    char *s = sign(ed, &opt, "{}");
    char *t = token("{\"alg\":\"EdDSA\",\"kid\":\"b\"}", "{}", strrchr(s, '.') + 1);
    reco_jws jws;
    reco_error err;
    assert_int_equal(parse(t, &jws, &err), RECO_OK);
    assert_int_equal(reco_jws_verify(&jws, ed, &err), RECO_EVERIFY);
    reco_jws_release(&jws);
    free(s);
    free(t);
}

static void test_alg_key_mismatch(void **state)
{
    (void)state;
    char *s = sign(ed, NULL, "{}");
    reco_jws jws;
    reco_error err;
    assert_int_equal(parse(s, &jws, &err), RECO_OK);
    assert_int_equal(reco_jws_verify(&jws, rsa, &err), RECO_EVERIFY);
    assert_string_equal(err.msg, "the jws algorithm EdDSA needs an ed25519 key, not rsa");
    assert_int_equal(reco_jws_verify(&jws, p256, &err), RECO_EVERIFY);
    reco_jws_release(&jws);
    free(s);

    /* An RS256 header over an Ed25519 signature: the RSA key is chosen by alg, and fails;
     * the Ed25519 key does not fit RS256. */
    s = sign(ed, NULL, "{}");
    char *t = token("{\"alg\":\"RS256\"}", "{}", strrchr(s, '.') + 1);
    assert_int_equal(parse(t, &jws, &err), RECO_OK);
    assert_int_equal(reco_jws_verify(&jws, ed, &err), RECO_EVERIFY);
    assert_non_null(strstr(err.msg, "needs an rsa key"));
    assert_int_equal(reco_jws_verify(&jws, rsa, &err), RECO_EVERIFY);
    reco_jws_release(&jws);
    free(s);
    free(t);

    assert_int_equal(reco_jws_key_matches(rsa, RECO_JWS_RS256, NULL), RECO_OK);
    assert_int_equal(reco_jws_key_matches(p256, RECO_JWS_ES256, NULL), RECO_OK);
    assert_int_equal(reco_jws_key_matches(ed, RECO_JWS_EDDSA, NULL), RECO_OK);
    assert_int_equal(reco_jws_key_matches(ed, RECO_JWS_ES256, NULL), RECO_EVERIFY);
}

static void test_alg_refused(void **state)
{
    (void)state;
    struct {
        const char *header;
        const char *needle;
    } cases[] = {
        {"{\"alg\":\"none\"}", "alg none"},
        {"{\"alg\":\"HS256\"}", "unsupported jws algorithm 'HS256'"},
        {"{\"alg\":\"eddsa\"}", "unsupported"}, /* case-sensitive, RFC 7515 §4.1.1 */
        {"{\"alg\":\"PS256\"}", "unsupported"},
        {"{\"alg\":\"ES384\"}", "unsupported"},
        {"{\"alg\":1}", "lacks a string member 'alg'"},
        {"{\"typ\":\"JWT\"}", "lacks a string member 'alg'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t = token(cases[i].header, "{}", "c2lnbmF0dXJl");
        expect_refused(t, RECO_EINVAL, cases[i].needle);
        free(t);
    }
    /* alg none with the empty signature RFC 7518 §3.6 gives it. */
    char *t = token("{\"alg\":\"none\"}", "{}", "");
    expect_refused(t, RECO_EPARSE, "signature is empty");
    free(t);
}

static void test_header_refused(void **state)
{
    (void)state;
    struct {
        const char *header;
        reco_code code;
        const char *needle;
    } cases[] = {
        {"{\"alg\":\"EdDSA\",\"crit\":[\"exp\"]}", RECO_EINVAL,
         "critical jws header extension 'exp'"},
        {"{\"alg\":\"EdDSA\",\"crit\":[]}", RECO_EINVAL, "critical"},
        {"{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"]}", RECO_EINVAL, "critical"},
        {"{\"alg\":\"EdDSA\",\"b64\":false}", RECO_EINVAL, "b64 false"},
        {"{\"alg\":\"EdDSA\",\"kid\":7}", RECO_EINVAL, "'kid' is not a string"},
        {"{\"alg\":\"EdDSA\",\"typ\":null}", RECO_EINVAL, "'typ' is not a string"},
        {"{\"alg\":\"EdDSA\",\"jwk\":\"x\"}", RECO_EINVAL, "'jwk' is not an object"},
        {"{\"alg\":\"EdDSA\",\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}}", RECO_EINVAL, "('k')"},
        {"{\"alg\":\"EdDSA\",\"alg\":\"EdDSA\"}", RECO_EPARSE, "duplicate"},
        {"[\"alg\"]", RECO_EPARSE, "not a JSON object"},
        {"{\"alg\":\"EdDSA\"", RECO_EPARSE, "not valid JSON"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t = token(cases[i].header, "{}", "c2lnbmF0dXJl");
        expect_refused(t, cases[i].code, cases[i].needle);
        free(t);
    }
    /* b64 true is the default and allowed. */
    char *t = token("{\"alg\":\"EdDSA\",\"b64\":true}", "{}", "c2lnbmF0dXJl");
    reco_jws jws;
    assert_int_equal(parse(t, &jws, NULL), RECO_OK);
    reco_jws_release(&jws);
    free(t);
}

static void test_private_jwk_refused(void **state)
{
    (void)state;
    const reco_key *keys[] = {ed, p256, rsa};
    for (size_t i = 0; i < 3; i++) {
        json_t *jwk = NULL, *h = json_object();
        reco_buf text;
        reco_buf_init(&text, 0);
        assert_int_equal(reco_key_to_jwk(keys[i], true, &jwk, NULL), RECO_OK);
        json_object_set_new(h, "alg", json_string(reco_jws_alg_name(reco_jws_alg_of_key(keys[i]))));
        json_object_set_new(h, "jwk", jwk);
        assert_int_equal(reco_json_write(h, 0, &text, NULL), RECO_OK);
        char *t = token(text.data, "{}", "c2lnbmF0dXJl");
        expect_refused(t, RECO_EINVAL, "private key material ('d')");
        free(t);
        json_decref(h);
        reco_buf_release(&text);
    }
}

static void test_part_count(void **state)
{
    (void)state;
    const char *cases[] = {
        "eyJhbGciOiJFZERTQSJ9",
        "eyJhbGciOiJFZERTQSJ9.e30",
        "eyJhbGciOiJFZERTQSJ9.e30.c2ln.c2ln",
        "eyJhbGciOiJFZERTQSJ9.e30.c2ln.c2ln.c2ln",
        "eyJhbGciOiJFZERTQSJ9..e30.c2ln",
        "",
        "..",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_refused(cases[i], RECO_EPARSE, NULL);
    expect_refused("a.b.c.d.e", RECO_EPARSE, "JWE");
    expect_refused("eyJhbGciOiJFZERTQSJ9.e30", RECO_EPARSE, "has 2");
}

static void test_bad_base64url(void **state)
{
    (void)state;
    struct {
        const char *s;
        const char *needle;
    } cases[] = {
        {"eyJhbGciOiJFZERTQSJ9.e30=.c2ln", "padding"},
        {"eyJhbGciOiJFZERTQSJ9.e30.c2ln+", "0x2b"},
        {"eyJhbGciOiJFZERTQSJ9.e30.c2l/", "0x2f"},
        {"eyJhbGciOiJFZERTQSJ9 .e30.c2ln", "0x20"},
        {"eyJhbGciOiJFZERTQSJ9.e3 0.c2ln", "0x20"},
        {"eyJhbGciOiJFZERTQSJ9.e30.c2ln\n\n", "0x0a"},
        {" eyJhbGciOiJFZERTQSJ9.e30.c2ln", "0x20"},
        {"eyJhbGciOiJFZERTQSJ9.e30.c2lnA", "impossible base64url length"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_refused(cases[i].s, RECO_EPARSE, cases[i].needle);

    /* One trailing newline is how files end: accepted. */
    reco_jws jws;
    const char *ok[] = {"eyJhbGciOiJFZERTQSJ9.e30.c2ln\n", "eyJhbGciOiJFZERTQSJ9.e30.c2ln\r\n"};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(parse(ok[i], &jws, NULL), RECO_OK);
        assert_int_equal(jws.signature.len, 3);
        assert_int_equal(jws.signing_input.len, strlen("eyJhbGciOiJFZERTQSJ9.e30"));
        reco_jws_release(&jws);
    }
}

static void test_limits(void **state)
{
    (void)state;
    /* The whole token over 1 MiB. */
    size_t n = RECO_JWS_DEFAULT_MAX_BYTES + 10;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, 'A', n);
    memcpy(big, "eyJhbGciOiJFZERTQSJ9.", 21);
    big[n - 10] = '.';
    big[n] = '\0';
    expect_refused(big, RECO_ELIMIT, "exceeds the limit");
    free(big);

    /* A header over 8 KiB. */
    reco_buf h;
    reco_buf_init(&h, 0);
    assert_int_equal(reco_buf_puts(&h, "{\"alg\":\"EdDSA\",\"x\":\""), RECO_OK);
    for (int i = 0; i < 9000; i++)
        assert_int_equal(reco_buf_putc(&h, 'x'), RECO_OK);
    assert_int_equal(reco_buf_puts(&h, "\"}"), RECO_OK);
    char *t = token(h.data, "{}", "c2ln");
    expect_refused(t, RECO_ELIMIT, "header");

    /* Caller limits: a smaller cap refuses what the default accepts. */
    reco_jws jws;
    reco_jws_limits lim = {.max_bytes = 64};
    char *s = sign(ed, NULL, "{\"a\":\"0123456789\"}");
    assert_int_equal(reco_jws_parse(s, strlen(s), &lim, &jws, NULL), RECO_ELIMIT);
    assert_int_equal(reco_jws_parse(s, strlen(s), NULL, &jws, NULL), RECO_OK);
    reco_jws_release(&jws);
    /* Header nesting over the depth limit. */
    free(t);
    t = token("{\"alg\":\"EdDSA\",\"x\":[[[[[[[[[[1]]]]]]]]]]}", "{}", "c2ln");
    lim = (reco_jws_limits){.max_depth = 4};
    assert_int_equal(reco_jws_parse(t, strlen(t), &lim, &jws, NULL), RECO_ELIMIT);
    free(s);
    free(t);
    reco_buf_release(&h);
}

static void test_alg_names(void **state)
{
    (void)state;
    reco_jws_alg a;
    assert_int_equal(reco_jws_alg_parse("RS256", &a, NULL), RECO_OK);
    assert_int_equal(a, RECO_JWS_RS256);
    assert_int_equal(reco_jws_alg_parse("ES256", &a, NULL), RECO_OK);
    assert_int_equal(a, RECO_JWS_ES256);
    assert_int_equal(reco_jws_alg_parse("EdDSA", &a, NULL), RECO_OK);
    assert_int_equal(a, RECO_JWS_EDDSA);
    assert_int_equal(reco_jws_alg_parse("none", &a, NULL), RECO_EINVAL);
    assert_int_equal(a, RECO_JWS_ALG_NONE);
    assert_int_equal(reco_jws_alg_of_key(rsa), RECO_JWS_RS256);
    assert_int_equal(reco_jws_alg_of_key(p256), RECO_JWS_ES256);
    assert_int_equal(reco_jws_alg_of_key(ed), RECO_JWS_EDDSA);
    assert_string_equal(reco_jws_alg_name(RECO_JWS_ALG_NONE), "none");
}

/* RFC 8037 Appendix A.4: the Ed25519 signature of "Example of Ed25519 signing". */
static void test_rfc8037_vector(void **state)
{
    (void)state;
    const char *jwk_text = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                           "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
    const char *jws_text =
        "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-"
        "09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
    json_t *jwk = NULL;
    reco_key *k = NULL;
    reco_jws jws;
    reco_error err;
    assert_int_equal(reco_json_parse(jwk_text, strlen(jwk_text), NULL, &jwk, NULL), RECO_OK);
    assert_int_equal(reco_key_from_jwk(jwk, &k, NULL), RECO_OK);
    assert_int_equal(parse(jws_text, &jws, &err), RECO_OK);
    assert_int_equal(jws.alg, RECO_JWS_EDDSA);
    assert_int_equal(jws.payload.len, strlen("Example of Ed25519 signing"));
    assert_int_equal(reco_jws_verify(&jws, k, &err), RECO_OK);
    reco_jws_release(&jws);
    reco_key_free(k);
    json_decref(jwk);

    /* Ed25519 is deterministic: signing with the A.2 private key gives the same token. */
    const char *priv_text = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                            "\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\","
                            "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
    assert_int_equal(reco_json_parse(priv_text, strlen(priv_text), NULL, &jwk, NULL), RECO_OK);
    assert_int_equal(reco_key_from_jwk(jwk, &k, NULL), RECO_OK);
    char *s = sign(k, NULL, "Example of Ed25519 signing");
    assert_string_equal(s, jws_text);
    free(s);
    reco_key_free(k);
    json_decref(jwk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_eddsa),
        cmocka_unit_test(test_round_trip_es256),
        cmocka_unit_test(test_round_trip_rs256),
        cmocka_unit_test(test_header_order_and_jwk),
        cmocka_unit_test(test_sign_needs_private_key),
        cmocka_unit_test(test_tampered_payload),
        cmocka_unit_test(test_tampered_signature),
        cmocka_unit_test(test_tampered_header),
        cmocka_unit_test(test_alg_key_mismatch),
        cmocka_unit_test(test_alg_refused),
        cmocka_unit_test(test_header_refused),
        cmocka_unit_test(test_private_jwk_refused),
        cmocka_unit_test(test_part_count),
        cmocka_unit_test(test_bad_base64url),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_alg_names),
        cmocka_unit_test(test_rfc8037_vector),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
