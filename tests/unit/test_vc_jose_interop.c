/*
 * test_vc_jose_interop.c - reco's compact JWS and VC-JWT against a second implementation, the
 * npm package jose (tests/interop, pinned), through node: tokens signed by reco verify with
 * jose, tokens signed by jose verify with reco, for RS256, ES256 and EdDSA. Skipped when node
 * or tests/interop/node_modules is missing (tests/e2e/jose_interop.sh installs it and sets
 * RECO_JOSE_REQUIRED=1, which turns the skip into a failure).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/jose.h"
#include "reco/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char script[1024];
static char dir[64];
static reco_key *keys[3];
static const char *const algs[3] = {"EdDSA", "ES256", "RS256"};

static bool file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static int setup(void **state)
{
    (void)state;
    const reco_key_type types[3] = {RECO_KEY_ED25519, RECO_KEY_P256, RECO_KEY_RSA};
    for (int i = 0; i < 3; i++)
        if (reco_key_generate(types[i], 0, &keys[i], NULL))
            return -1;
    snprintf(dir, sizeof dir, "/tmp/reco-jose-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    const char *names[] = {"token", "jwk", "payload"};
    for (int i = 0; i < 3; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
        reco_key_free(keys[i]);
    }
    rmdir(dir);
    return 0;
}

/* Skip (or fail when required) unless node and the pinned jose are there. */
static void need_jose(void)
{
    const char *src = getenv("RECO_SOURCE_DIR");
    const char *required = getenv("RECO_JOSE_REQUIRED");
    char mod[1100];
    snprintf(script, sizeof script, "%s/tests/interop/jose_check.mjs", src ? src : ".");
    snprintf(mod, sizeof mod, "%s/tests/interop/node_modules/jose/package.json", src ? src : ".");
    const char *why = NULL;
    if (system("node --version >/dev/null 2>&1") != 0)
        why = "node is not installed";
    else if (!file_exists(mod))
        why = "tests/interop/node_modules has no jose (npm ci --prefix tests/interop)";
    if (!why)
        return;
    if (required && strcmp(required, "1") == 0)
        fail_msg("jose interop required but %s", why);
    print_message("skipped: %s\n", why);
    skip();
}

static void write_file(const char *name, const char *text)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void write_jwk(const reco_key *k, bool with_private)
{
    json_t *jwk = NULL;
    reco_buf b;
    reco_buf_init(&b, 0);
    assert_int_equal(reco_key_to_jwk(k, with_private, &jwk, NULL), RECO_OK);
    assert_int_equal(reco_json_write(jwk, 0, &b, NULL), RECO_OK);
    write_file("jwk", b.data);
    json_decref(jwk);
    reco_wipe(b.data, b.len);
    reco_buf_release(&b);
}

/* Run node on the script with args; stdout into out; the exit status. */
static int node(reco_buf *out, const char *fmt, ...) RECO_PRINTF(2, 3);

static int node(reco_buf *out, const char *fmt, ...)
{
    char args[512], cmd[2048], chunk[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "node '%s' %s 2>/dev/null", script, args);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        assert_int_equal(reco_buf_append(out, chunk, n), RECO_OK);
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_reco_to_jose(void **state)
{
    (void)state;
    need_jose();
    const char *payload = "{\"msg\":\"signed by reco\",\"n\":[1,2,3]}";
    for (int i = 0; i < 3; i++) {
        reco_buf tok, out;
        reco_jws_sign_options opt = {.typ = "JWT", .kid = "urn:example:key"};
        reco_buf_init(&tok, 0);
        reco_buf_init(&out, 0);
        assert_int_equal(reco_jws_sign(keys[i], &opt, payload, strlen(payload), &tok, NULL),
                         RECO_OK);
        write_file("token", tok.data);
        write_jwk(keys[i], false);
        int rc = node(&out, "verify %s/token %s/jwk", dir, dir);
        if (rc != 0)
            fail_msg("jose refused reco's %s token (exit %d)", algs[i], rc);
        assert_string_equal(out.data, payload);
        /* A tampered signature is refused by jose too: the check above can fail. */
        tok.data[tok.len - 3] = tok.data[tok.len - 3] == 'A' ? 'B' : 'A';
        write_file("token", tok.data);
        reco_buf_clear(&out);
        assert_int_not_equal(node(&out, "verify %s/token %s/jwk", dir, dir), 0);
        reco_buf_release(&tok);
        reco_buf_release(&out);
    }
}

static void test_jose_to_reco(void **state)
{
    (void)state;
    need_jose();
    const char *payload = "{\"msg\":\"signed by jose\"}";
    write_file("payload", payload);
    for (int i = 0; i < 3; i++) {
        reco_buf out;
        reco_jws jws;
        reco_error err;
        reco_buf_init(&out, 0);
        write_jwk(keys[i], true);
        int rc = node(&out, "sign %s %s/jwk %s/payload", algs[i], dir, dir);
        if (rc != 0)
            fail_msg("jose could not sign with %s (exit %d)", algs[i], rc);
        if (reco_jws_parse(out.data, out.len, NULL, &jws, &err) != RECO_OK)
            fail_msg("reco refused jose's %s token: %s", algs[i], err.msg);
        assert_string_equal(reco_jws_alg_name(jws.alg), algs[i]);
        assert_string_equal(jws.typ, "JWT");
        assert_string_equal(jws.payload.data, payload);
        if (reco_jws_verify(&jws, keys[i], &err) != RECO_OK)
            fail_msg("reco does not verify jose's %s token: %s", algs[i], err.msg);
        reco_jws_release(&jws);
        reco_buf_release(&out);
    }
}

static json_t *credential(const char *issuer)
{
    char text[1024];
    json_t *v = NULL;
    snprintf(text, sizeof text,
             "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"id\":\"urn:uuid:1234\","
             "\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],"
             "\"issuer\":{\"id\":\"%s\",\"type\":[\"Profile\"]},"
             "\"validFrom\":\"2024-01-01T00:00:00Z\",\"validUntil\":\"2090-01-01T00:00:00Z\","
             "\"credentialSubject\":{\"id\":\"did:example:earner\"}}",
             issuer);
    assert_int_equal(reco_json_parse(text, strlen(text), NULL, &v, NULL), RECO_OK);
    return v;
}

static void test_vcjwt_both_ways(void **state)
{
    (void)state;
    need_jose();
    reco_buf did, mk, tok, out;
    char kid[256];
    reco_buf_init(&did, 0);
    reco_buf_init(&mk, 0);
    assert_int_equal(reco_key_to_did_key(keys[0], &did, NULL), RECO_OK);
    assert_int_equal(reco_key_to_multikey(keys[0], &mk, NULL), RECO_OK);
    snprintf(kid, sizeof kid, "%s#%s", did.data, mk.data);
    json_t *vc = credential(did.data);

    /* reco signs (both forms), jose's jwtVerify checks typ, nbf, exp and the signature. */
    for (int form = RECO_VCJWT_VC_CLAIM; form <= RECO_VCJWT_PAYLOAD; form++) {
        reco_vcjwt_sign_options opt = {.kid = kid, .form = (reco_vcjwt_form)form};
        reco_buf_init(&tok, 0);
        reco_buf_init(&out, 0);
        assert_int_equal(reco_vcjwt_sign(vc, keys[0], &opt, &tok, NULL), RECO_OK);
        write_file("token", tok.data);
        write_jwk(keys[0], false);
        assert_int_equal(node(&out, "verify-jwt %s/token %s/jwk", dir, dir), 0);
        json_t *claims = NULL;
        assert_int_equal(reco_json_parse(out.data, out.len, NULL, &claims, NULL), RECO_OK);
        assert_string_equal(json_string_value(json_object_get(claims, "iss")), did.data);
        assert_string_equal(json_string_value(json_object_get(claims, "sub")),
                            "did:example:earner");
        json_decref(claims);
        reco_buf_release(&tok);
        reco_buf_release(&out);
    }

    /* jose signs a VC-JWT with a did:key kid; reco verifies it and its claims. */
    json_t *payload = json_pack("{s:O,s:s,s:s,s:I,s:I,s:s}", "vc", vc, "iss", did.data, "jti",
                                "urn:uuid:1234", "nbf", (json_int_t)1704067200, "exp",
                                (json_int_t)3786912000, "sub", "did:example:earner");
    char *text = json_dumps(payload, JSON_COMPACT);
    write_file("payload", text);
    write_jwk(keys[0], true);
    reco_buf_init(&out, 0);
    char args[512];
    snprintf(args, sizeof args, "sign EdDSA %s/jwk %s/payload '%s'", dir, dir, kid);
    assert_int_equal(node(&out, "%s", args), 0);
    reco_report *r = reco_report_new("jose", "ob3-vc-jwt");
    reco_vcjwt t;
    assert_int_equal(reco_vcjwt_verify(out.data, out.len, NULL, r, &t, NULL), RECO_OK);
    reco_buf rt;
    reco_buf_init(&rt, 0);
    assert_int_equal(reco_report_to_text(r, &rt, NULL), RECO_OK);
    if (!reco_report_valid(r))
        fail_msg("reco does not accept jose's VC-JWT:\n%s", rt.data);
    assert_true(reco_json_equal(t.credential, vc));
    reco_vcjwt_release(&t);
    reco_report_free(r);
    reco_buf_release(&rt);
    reco_buf_release(&out);
    free(text);
    json_decref(payload);
    json_decref(vc);
    reco_buf_release(&did);
    reco_buf_release(&mk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reco_to_jose),
        cmocka_unit_test(test_jose_to_reco),
        cmocka_unit_test(test_vcjwt_both_ways),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
