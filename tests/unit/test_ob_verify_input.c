/*
 * test_ob_verify_input.c - the one verification pipeline (reco_verify_input, reco_verify_url):
 * what each input is taken for, the verifier it goes to and the report's kind and summary, for
 * every form: OB 3.0 JSON (eddsa-rdfc-2022, eddsa-jcs-2022), VC-JWT (EdDSA, RS256 through
 * did:jwk), a baked PNG and SVG, a URL served by a fetch callback (no network), an OB 2.0
 * hosted assertion, offline refusals, limits, and VC-JWTs that must be refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/bake.h"
#include "reco/jose.h"
#include "reco/json.h"
#include "reco/ob.h"
#include "reco/status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *ach_text =
    "{\"id\":\"https://example.org/achievements/web\",\"type\":[\"Achievement\"],"
    "\"name\":\"Web basics\",\"description\":\"Builds a web page.\","
    "\"criteria\":{\"narrative\":\"Publish a page.\"}}";

static json_t *parse(const char *text)
{
    json_t *v = NULL;
    assert_int_equal(reco_json_parse(text, strlen(text), NULL, &v, NULL), RECO_OK);
    return v;
}

static reco_key *key_of(reco_key_type t)
{
    reco_key *k = NULL;
    assert_int_equal(reco_key_generate(t, t == RECO_KEY_RSA ? 2048 : 0, &k, NULL), RECO_OK);
    return k;
}

/* An issued credential as JSON text (suite NULL = default) into out. */
static void issue_json(const reco_key *k, const char *suite, reco_buf *out)
{
    json_t *ach = parse(ach_text), *vc = NULL;
    reco_error err;
    reco_ob_issue_params p = {.achievement = ach, .subject = "did:example:alice"};
    reco_di_sign_options so = {.cryptosuite = suite};
    if (reco_ob_issue(&p, k, &so, &vc, &err) != RECO_OK)
        fail_msg("issue: %s", err.msg);
    assert_int_equal(reco_json_write(vc, 0, out, NULL), RECO_OK);
    json_decref(vc);
    json_decref(ach);
}

static void issue_jwt(const reco_key *k, reco_buf *out)
{
    json_t *ach = parse(ach_text);
    reco_error err;
    reco_ob_issue_params p = {.achievement = ach, .subject = "did:example:alice"};
    if (reco_ob_issue_jwt(&p, k, out, &err) != RECO_OK)
        fail_msg("issue jwt: %s", err.msg);
    json_decref(ach);
}

static const char *status_of(const reco_report *r, const char *name)
{
    const reco_check *c = reco_report_find(r, name);
    return c ? reco_check_status_name(c->status) : "(none)";
}

static reco_report *run(const char *data, size_t n, const reco_verify_options *opt)
{
    reco_report *r = NULL;
    reco_error err;
    if (reco_verify_input(data, n, "input", opt, &r, &err) != RECO_OK)
        fail_msg("reco_verify_input: %s", err.msg);
    assert_non_null(r);
    return r;
}

static const reco_verify_options offline = {.offline = true};

static void test_detect(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        reco_verify_format want;
    } cases[] = {
        {"{\"a\":1}", RECO_VERIFY_FORMAT_JSON},
        {"  \n[1]", RECO_VERIFY_FORMAT_JSON},
        {"", RECO_VERIFY_FORMAT_JSON},
        {"{\"\xff\"}", RECO_VERIFY_FORMAT_JSON},
        {"eyJhbGciOiJFZERTQSJ9.eyJhIjoxfQ.c2ln", RECO_VERIFY_FORMAT_JWS},
        {"eyJhbGciOiJFZERTQSJ9.eyJhIjoxfQ.c2ln\n", RECO_VERIFY_FORMAT_JWS},
        {"https://example.org/assertions/1", RECO_VERIFY_FORMAT_URL},
        {"<svg xmlns=\"http://www.w3.org/2000/svg\"/>", RECO_VERIFY_FORMAT_SVG},
        {"<?xml version=\"1.0\"?><svg/>", RECO_VERIFY_FORMAT_SVG},
        {"\x89PNG\r\n\x1a\n", RECO_VERIFY_FORMAT_PNG},
        {"hello", RECO_VERIFY_FORMAT_UNKNOWN},
        {"a.b", RECO_VERIFY_FORMAT_UNKNOWN},
        {"ftp://example.org/x", RECO_VERIFY_FORMAT_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reco_verify_format got = reco_verify_detect(cases[i].text, strlen(cases[i].text));
        if (got != cases[i].want)
            fail_msg("detect '%s': %s, expected %s", cases[i].text, reco_verify_format_name(got),
                     reco_verify_format_name(cases[i].want));
    }
    assert_string_equal(reco_verify_format_name(RECO_VERIFY_FORMAT_JWS), "jws");
}

static void test_data_integrity(void **state)
{
    (void)state;
    reco_key *k = key_of(RECO_KEY_ED25519);
    const char *suites[] = {NULL, "eddsa-jcs-2022"};
    for (size_t i = 0; i < 2; i++) {
        reco_buf text;
        reco_buf_init(&text, 0);
        issue_json(k, suites[i], &text);
        if (!suites[i])
            assert_non_null(strstr(text.data, "\"eddsa-rdfc-2022\""));
        reco_report *r = run(text.data, text.len, &offline);
        assert_string_equal(reco_report_kind(r), "ob3-data-integrity");
        assert_true(reco_report_valid(r));
        assert_string_equal(reco_report_summary(r, "achievement"), "Web basics");
        assert_string_equal(reco_report_summary(r, "subject"), "did:example:alice");
        assert_non_null(reco_report_summary(r, "valid-from"));
        assert_non_null(reco_report_summary(r, "issuer"));
        reco_report_free(r);
        /* Tampered: the proof check fails. */
        char *at = strstr(text.data, "Web basics");
        at[0] = 'w';
        r = run(text.data, text.len, &offline);
        assert_false(reco_report_valid(r));
        assert_string_equal(status_of(r, "proof"), "failed");
        reco_report_free(r);
        reco_buf_release(&text);
    }
    reco_key_free(k);
}

static void test_vc_jwt(void **state)
{
    (void)state;
    reco_key_type types[] = {RECO_KEY_ED25519, RECO_KEY_RSA};
    for (size_t i = 0; i < 2; i++) {
        reco_key *k = key_of(types[i]);
        reco_buf jwt;
        reco_buf_init(&jwt, 0);
        issue_jwt(k, &jwt);
        reco_verify_options o = {.offline = true, .recipient = "did:example:alice"};
        reco_report *r = run(jwt.data, jwt.len, &o);
        assert_string_equal(reco_report_kind(r), "ob3-vc-jwt");
        if (!reco_report_valid(r)) {
            reco_buf t;
            reco_buf_init(&t, 0);
            reco_report_to_text(r, &t, NULL);
            fail_msg("vc-jwt %zu not valid:\n%s", i, t.data);
        }
        assert_string_equal(status_of(r, "proof"), "passed");
        assert_string_equal(status_of(r, "issuer-key"), "passed");
        assert_string_equal(status_of(r, "recipient"), "passed");
        if (types[i] == RECO_KEY_RSA)
            assert_true(strncmp(reco_report_summary(r, "issuer"), "did:jwk:", 8) == 0);
        reco_report_free(r);

        /* The signature of another token: refused. */
        char *dot = strrchr(jwt.data, '.');
        dot[3] = dot[3] == 'A' ? 'B' : 'A';
        r = run(jwt.data, jwt.len, &offline);
        assert_false(reco_report_valid(r));
        reco_report_free(r);
        reco_buf_release(&jwt);
        reco_key_free(k);
    }
}

/* A header swapped for {"alg":"none"} or with "crit": the "jwt" check fails. */
static void test_vc_jwt_refused(void **state)
{
    (void)state;
    reco_key *k = key_of(RECO_KEY_ED25519);
    reco_buf jwt, bad;
    reco_buf_init(&jwt, 0);
    reco_buf_init(&bad, 0);
    issue_jwt(k, &jwt);
    const char *payload = strchr(jwt.data, '.');
    static const char *const headers[] = {
        "eyJhbGciOiJub25lIn0",                      /* {"alg":"none"} */
        "eyJhbGciOiJFZERTQSIsImNyaXQiOlsiZXhwIl19", /* {"alg":"EdDSA","crit":["exp"]} */
        "eyJhbGciOiJIUzI1NiJ9",                     /* {"alg":"HS256"} */
        "eyJhbGciOiJFZERTQSIsInR5cCI6ImF0K2p3dCJ9", /* {"alg":"EdDSA","typ":"at+jwt"} */
    };
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
        reco_buf_clear(&bad);
        assert_int_equal(reco_buf_printf(&bad, "%s%s", headers[i], payload), RECO_OK);
        reco_report *r = run(bad.data, bad.len, &offline);
        assert_string_equal(reco_report_kind(r), "ob3-vc-jwt");
        assert_false(reco_report_valid(r));
        assert_string_equal(status_of(r, "jwt"), "failed");
        reco_report_free(r);
    }
    reco_buf_release(&jwt);
    reco_buf_release(&bad);
    reco_key_free(k);
}

static void test_baked(void **state)
{
    (void)state;
    static const unsigned char png[] = {
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
        0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00,
        0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78,
        0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x48, 0xaf, 0xa4, 0x71, 0x00,
        0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
    static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\"/>";
    reco_key *k = key_of(RECO_KEY_ED25519);
    reco_buf json, jwt, img;
    reco_buf_init(&json, 0);
    reco_buf_init(&jwt, 0);
    reco_buf_init(&img, 0);
    issue_json(k, NULL, &json);
    issue_jwt(k, &jwt);

    reco_error err;
    if (reco_bake_png(png, sizeof png, json.data, json.len, 3, &img, &err) != RECO_OK)
        fail_msg("bake png: %s", err.msg);
    reco_report *r = run(img.data, img.len, &offline);
    assert_string_equal(reco_report_kind(r), "ob3-data-integrity");
    assert_true(reco_report_valid(r));
    assert_string_equal(status_of(r, "baked"), "passed");
    reco_report_free(r);

    assert_int_equal(reco_bake_svg(svg, strlen(svg), jwt.data, jwt.len, 3, &img, NULL), RECO_OK);
    r = run(img.data, img.len, &offline);
    assert_string_equal(reco_report_kind(r), "ob3-vc-jwt");
    assert_true(reco_report_valid(r));
    reco_report_free(r);

    /* An image without a credential, and a truncated one: a failed "baked" check. */
    r = run((const char *)png, sizeof png, &offline);
    assert_false(reco_report_valid(r));
    assert_string_equal(status_of(r, "baked"), "failed");
    reco_report_free(r);
    r = run((const char *)png, 30, &offline);
    assert_false(reco_report_valid(r));
    reco_report_free(r);

    reco_buf_release(&json);
    reco_buf_release(&jwt);
    reco_buf_release(&img);
    reco_key_free(k);
}

/* A fetch callback standing in for the web: a table of URL -> (status, body). */
typedef struct web {
    const char *url[4];
    const char *body[4];
    long status[4];
    int calls;
} web;

static reco_code fake_fetch(void *ctx, const char *url, long *status, reco_buf *body,
                            char **final_url, reco_error *err)
{
    web *w = ctx;
    w->calls++;
    *final_url = NULL;
    for (size_t i = 0; i < 4 && w->url[i]; i++)
        if (strcmp(w->url[i], url) == 0) {
            *status = w->status[i];
            return reco_buf_puts(body, w->body[i]);
        }
    return reco_error_set(err, RECO_EIO, NULL, "no route to %s", url);
}

static void test_url(void **state)
{
    (void)state;
    reco_key *k = key_of(RECO_KEY_ED25519);
    reco_buf json;
    reco_buf_init(&json, 0);
    issue_json(k, NULL, &json);
    web w = {.url = {"https://example.org/c/1", "https://example.org/gone"},
             .body = {json.data, "gone"},
             .status = {200, 404}};
    reco_verify_options o = {.fetch = fake_fetch, .fetch_ctx = &w};
    reco_report *r = NULL;

    assert_int_equal(reco_verify_url("https://example.org/c/1", &o, &r, NULL), RECO_OK);
    assert_string_equal(reco_report_input(r), "https://example.org/c/1");
    assert_string_equal(reco_report_kind(r), "ob3-data-integrity");
    assert_true(reco_report_valid(r));
    reco_report_free(r);

    /* The URL as the input's text (a legacy baked URL, a pasted link) goes the same way. */
    r = run("https://example.org/c/1\n", 24, &o);
    assert_true(reco_report_valid(r));
    reco_report_free(r);

    assert_int_equal(reco_verify_url("https://example.org/gone", &o, &r, NULL), RECO_OK);
    assert_false(reco_report_valid(r));
    assert_string_equal(status_of(r, "fetch"), "failed");
    reco_report_free(r);

    /* Offline: nothing is fetched, the fetch is not-checked and the input is not valid. */
    int calls = w.calls;
    o.offline = true;
    assert_int_equal(reco_verify_url("https://example.org/c/1", &o, &r, NULL), RECO_OK);
    assert_false(reco_report_valid(r));
    assert_string_equal(status_of(r, "fetch"), "not-checked");
    assert_int_equal(w.calls, calls);
    reco_report_free(r);

    o.offline = false;
    assert_int_equal(reco_verify_url("ftp://example.org/c/1", &o, &r, NULL), RECO_OK);
    assert_string_equal(status_of(r, "fetch"), "failed");
    reco_report_free(r);
    reco_buf_release(&json);
    reco_key_free(k);
}

/* An Open Badges 2.0 hosted assertion goes to reco/ob2.h, fetched through the same callback. */
static void test_ob2_hosted(void **state)
{
    (void)state;
    static const char assertion[] =
        "{\"@context\":\"https://w3id.org/openbadges/v2\",\"type\":\"Assertion\","
        "\"id\":\"https://example.org/a/1\",\"recipient\":{\"type\":\"email\",\"hashed\":false,"
        "\"identity\":\"earner@example.org\"},\"badge\":\"https://example.org/b/1\","
        "\"verification\":{\"type\":\"hosted\"},\"issuedOn\":\"2024-01-01T00:00:00Z\"}";
    static const char badge[] =
        "{\"@context\":\"https://w3id.org/openbadges/v2\",\"type\":\"BadgeClass\","
        "\"id\":\"https://example.org/b/1\",\"name\":\"Hosted badge\",\"description\":\"d\","
        "\"image\":\"https://example.org/b/1.png\",\"criteria\":{\"narrative\":\"c\"},"
        "\"issuer\":\"https://example.org/i/1\"}";
    static const char issuer[] =
        "{\"@context\":\"https://w3id.org/openbadges/v2\",\"type\":\"Issuer\","
        "\"id\":\"https://example.org/i/1\",\"name\":\"Example issuer\","
        "\"url\":\"https://example.org\",\"email\":\"i@example.org\"}";
    web w = {
        .url = {"https://example.org/a/1", "https://example.org/b/1", "https://example.org/i/1"},
        .body = {assertion, badge, issuer},
        .status = {200, 200, 200}};
    reco_verify_options o = {
        .fetch = fake_fetch, .fetch_ctx = &w, .recipient = "earner@example.org"};
    reco_report *r = NULL;
    assert_int_equal(reco_verify_url("https://example.org/a/1", &o, &r, NULL), RECO_OK);
    assert_string_equal(reco_report_kind(r), "ob2-hosted");
    assert_string_equal(status_of(r, "verification"), "passed");
    assert_string_equal(status_of(r, "recipient"), "passed");
    assert_string_equal(reco_report_summary(r, "achievement"), "Hosted badge");
    reco_report_free(r);

    /* The same assertion given as bytes is an OB 2.0 document too. */
    r = run(assertion, strlen(assertion), &o);
    assert_string_equal(reco_report_kind(r), "ob2-hosted");
    reco_report_free(r);

    /* 410 Gone: a revoked hosted assertion. */
    w.status[0] = 410;
    assert_int_equal(reco_verify_url("https://example.org/a/1", &o, &r, NULL), RECO_OK);
    assert_false(reco_report_valid(r));
    reco_report_free(r);
}

static void test_bad_input(void **state)
{
    (void)state;
    reco_report *r = run("hello", 5, &offline);
    assert_string_equal(reco_report_kind(r), "unknown");
    assert_false(reco_report_valid(r));
    assert_string_equal(status_of(r, "input"), "failed");
    reco_report_free(r);

    r = run("{\"a\":", 5, &offline);
    assert_string_equal(status_of(r, "json"), "failed");
    assert_false(reco_report_valid(r));
    reco_report_free(r);

    r = run("[]", 2, &offline);
    assert_string_equal(status_of(r, "structure"), "failed");
    reco_report_free(r);

    reco_verify_options small = {.offline = true, .max_input = 8};
    r = run("{\"a\":\"0123456789\"}", 18, &small);
    assert_string_equal(status_of(r, "input"), "failed");
    assert_false(reco_report_valid(r));
    reco_report_free(r);

    /* NULL data with no length is an empty input, never a crash. */
    r = run(NULL, 0, &offline);
    assert_false(reco_report_valid(r));
    reco_report_free(r);
}

/* --at: the same credential before validFrom, inside, after validUntil. */
static void test_dates(void **state)
{
    (void)state;
    reco_key *k = key_of(RECO_KEY_ED25519);
    json_t *ach = parse(ach_text), *vc = NULL;
    reco_time from, until, at;
    assert_int_equal(reco_time_parse("2024-01-01T00:00:00Z", 20, true, &from, NULL), RECO_OK);
    assert_int_equal(reco_time_parse("2030-01-01T00:00:00Z", 20, true, &until, NULL), RECO_OK);
    reco_ob_issue_params p = {.achievement = ach,
                              .subject = "did:example:alice",
                              .valid_from = &from,
                              .valid_until = &until};
    reco_buf text;
    reco_buf_init(&text, 0);
    assert_int_equal(reco_ob_issue(&p, k, NULL, &vc, NULL), RECO_OK);
    assert_int_equal(reco_json_write(vc, 0, &text, NULL), RECO_OK);
    static const struct {
        const char *at, *from, *until;
    } cases[] = {
        {"2023-06-01T00:00:00Z", "failed", "passed"},
        {"2025-06-01T00:00:00Z", "passed", "passed"},
        {"2031-06-01T00:00:00Z", "passed", "failed"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(reco_time_parse(cases[i].at, 20, true, &at, NULL), RECO_OK);
        reco_verify_options o = {.offline = true, .at = &at};
        reco_report *r = run(text.data, text.len, &o);
        assert_string_equal(status_of(r, "valid-from"), cases[i].from);
        assert_string_equal(status_of(r, "valid-until"), cases[i].until);
        assert_string_equal(reco_report_summary(r, "valid-until"), "2030-01-01T00:00:00Z");
        reco_report_free(r);
    }
    reco_buf_release(&text);
    json_decref(vc);
    json_decref(ach);
    reco_key_free(k);
}

/* The OB 3.0 data model: problems named by their JSON pointer in failed "structure" lines. */
static void test_model(void **state)
{
    (void)state;
    reco_key *k = key_of(RECO_KEY_ED25519);
    reco_buf text;
    reco_buf_init(&text, 0);
    issue_json(k, NULL, &text);
    json_t *vc = parse(text.data);
    json_t *ach = json_object_get(json_object_get(vc, "credentialSubject"), "achievement");
    json_object_del(ach, "description");
    json_object_set_new(ach, "achievementType", json_string("Program"));
    json_object_set_new(json_object_get(vc, "issuer"), "type", json_string("Issuer"));
    json_object_set_new(vc, "evidence", json_pack("[{s:s}]", "id", "https://example.org/e"));
    reco_buf_clear(&text);
    assert_int_equal(reco_json_write(vc, 0, &text, NULL), RECO_OK);
    reco_report *r = run(text.data, text.len, &offline);
    const char *want[] = {"at /credentialSubject/achievement/description", "at /issuer/type",
                          "at /evidence/0", "at /credentialSubject/achievement/achievementType"};
    for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
        bool found = false;
        for (size_t i = 0; i < reco_report_count(r) && !found; i++) {
            const reco_check *c = reco_report_check(r, i);
            found = strcmp(c->name, "structure") == 0 && strstr(c->message, want[w]) &&
                    c->status == (w == 3 ? RECO_CHECK_WARNING : RECO_CHECK_FAILED);
        }
        if (!found)
            fail_msg("no structure line %s", want[w]);
    }
    reco_report_free(r);
    json_decref(vc);
    reco_buf_release(&text);
    reco_key_free(k);
}

/* Sign doc in place with k (eddsa-rdfc-2022, the key's did:key method) and return its text. */
static void sign_to_text(json_t *doc, const reco_key *k, reco_buf *out)
{
    reco_error err;
    json_object_del(doc, "proof");
    if (reco_di_add_proof(doc, k, NULL, &err) != RECO_OK)
        fail_msg("sign: %s", err.msg);
    reco_buf_clear(out);
    assert_int_equal(reco_json_write(doc, 0, out, NULL), RECO_OK);
}

/* Every check of r on stderr (when an assertion about it is about to fail). */
static void dump(const reco_report *r)
{
    for (size_t i = 0; i < reco_report_count(r); i++) {
        const reco_check *c = reco_report_check(r, i);
        fprintf(stderr, "  %s %s: %s\n", reco_check_status_name(c->status), c->name, c->message);
    }
}

static void assert_valid(const reco_report *r, bool want)
{
    if (reco_report_valid(r) != want) {
        dump(r);
        fail_msg("the report is %s, expected %s", want ? "not valid" : "valid",
                 want ? "valid" : "not valid");
    }
}

static void assert_summary(const reco_report *r, const char *key, const char *want)
{
    const char *got = reco_report_summary(r, key);
    if (!got || strcmp(got, want) != 0)
        fail_msg("summary %s: '%s', expected '%s'", key, got ? got : "(none)", want);
}

/*
 * A lone EndorsementCredential (OB 3.0 classes EndorsementCredential and EndorsementSubject) is
 * verified as one: kind ob3-endorsement, the VC checks with the type EndorsementCredential, the
 * model check ("schema"), and a summary naming endorser, endorsed subject and comment.
 */
static void test_endorsement_input(void **state)
{
    (void)state;
    reco_key *k = key_of(RECO_KEY_ED25519);
    reco_buf did, text;
    reco_buf_init(&did, 0);
    reco_buf_init(&text, 0);
    assert_int_equal(reco_ob_key_did(k, &did, NULL), RECO_OK);
    json_t *e = json_pack(
        "{s:[s,s],s:s,s:[s,s],s:s,s:{s:s,s:[s],s:s},s:s,s:{s:s,s:[s],s:s}}", "@context",
        RECO_VC_CONTEXT_V2, RECO_OB3_CONTEXT, "id", "urn:uuid:2f0c7f2a-1d8e-4c55-9d0e-0b7c6d4a1e10",
        "type", "VerifiableCredential", "EndorsementCredential", "name", "Endorsement of a school",
        "issuer", "id", did.data, "type", "Profile", "name", "Regional council", "validFrom",
        "2024-01-01T00:00:00Z", "credentialSubject", "id", "https://example.org/issuers/school",
        "type", "EndorsementSubject", "endorsementComment", "In good standing");
    assert_non_null(e);

    sign_to_text(e, k, &text);
    reco_report *r = run(text.data, text.len, &offline);
    assert_string_equal(reco_report_kind(r), "ob3-endorsement");
    assert_valid(r, true);
    assert_string_equal(status_of(r, "structure"), "passed");
    assert_string_equal(status_of(r, "proof"), "passed");
    assert_string_equal(status_of(r, "issuer-key"), "passed");
    assert_string_equal(status_of(r, "schema"), "passed");
    assert_summary(r, "endorser", did.data);
    assert_summary(r, "endorsed", "https://example.org/issuers/school");
    assert_summary(r, "endorsement-comment", "In good standing");
    assert_summary(r, "issuer-name", "Regional council");
    reco_report_free(r);

    /* The comment changed after signing: the proof fails. */
    json_t *copy = json_deep_copy(e);
    json_object_set_new(json_object_get(copy, "credentialSubject"), "endorsementComment",
                        json_string("Not in good standing"));
    reco_buf_clear(&text);
    assert_int_equal(reco_json_write(copy, 0, &text, NULL), RECO_OK);
    r = run(text.data, text.len, &offline);
    assert_valid(r, false);
    assert_string_equal(status_of(r, "proof"), "failed");
    reco_report_free(r);
    json_decref(copy);

    /* EndorsementSubject without id (OB 3.0: id is required), signed as it is: the model
     * check fails at its JSON pointer, the proof still verifies. */
    copy = json_deep_copy(e);
    json_object_del(json_object_get(copy, "credentialSubject"), "id");
    sign_to_text(copy, k, &text);
    r = run(text.data, text.len, &offline);
    assert_valid(r, false);
    assert_string_equal(status_of(r, "proof"), "passed");
    const reco_check *c = reco_report_find(r, "schema");
    assert_non_null(c);
    assert_int_equal(c->status, RECO_CHECK_FAILED);
    assert_non_null(strstr(c->message, "/credentialSubject/id"));
    reco_report_free(r);
    json_decref(copy);

    /* Signed by a key that is not the endorser's: issuer-key fails. */
    copy = json_deep_copy(e);
    json_object_set_new(json_object_get(copy, "issuer"), "id",
                        json_string("https://example.org/issuers/other"));
    sign_to_text(copy, k, &text);
    r = run(text.data, text.len, &offline);
    assert_valid(r, false);
    assert_string_equal(status_of(r, "issuer-key"), "failed");
    reco_report_free(r);
    json_decref(copy);

    /* The same endorsement as a VC-JWT (OB 3.0 §8.2): kind ob3-vc-jwt, checked as an
     * EndorsementCredential (schema and summary), not refused as a badge without achievement. */
    {
        reco_buf jwt, kid;
        reco_buf_init(&jwt, 0);
        reco_buf_init(&kid, 0);
        assert_int_equal(reco_buf_printf(&kid, "%s#%s", did.data, did.data + 8), RECO_OK);
        reco_vcjwt_sign_options jo = {.kid = kid.data};
        json_t *bare = json_deep_copy(e);
        json_object_del(bare, "proof");
        assert_int_equal(reco_vcjwt_sign(bare, k, &jo, &jwt, NULL), RECO_OK);
        r = run(jwt.data, jwt.len, &offline);
        assert_string_equal(reco_report_kind(r), "ob3-vc-jwt");
        assert_valid(r, true);
        assert_string_equal(status_of(r, "schema"), "passed");
        assert_summary(r, "endorsed", "https://example.org/issuers/school");
        reco_report_free(r);
        json_decref(bare);
        reco_buf_release(&jwt);
        reco_buf_release(&kid);
    }

    /* Not yet valid as of --at before validFrom. */
    sign_to_text(e, k, &text);
    reco_time at;
    assert_int_equal(reco_time_parse("2023-06-01T00:00:00Z", 20, true, &at, NULL), RECO_OK);
    reco_verify_options early = {.offline = true, .at = &at};
    r = run(text.data, text.len, &early);
    assert_valid(r, false);
    assert_string_equal(status_of(r, "valid-from"), "failed");
    reco_report_free(r);

    json_decref(e);
    reco_buf_release(&text);
    reco_buf_release(&did);
    reco_key_free(k);
}

/* A list credential built by reco_status_list_credential_build with bits set, signed by k. */
static json_t *status_list(const reco_key *k, const char *issuer, size_t len, const size_t *set,
                           size_t nset)
{
    uint8_t *bits = calloc(len, 1);
    assert_non_null(bits);
    for (size_t i = 0; i < nset; i++)
        assert_true(reco_status_list_set(bits, len, set[i], true));
    reco_time from;
    assert_int_equal(reco_time_parse("2024-01-01T00:00:00Z", 20, true, &from, NULL), RECO_OK);
    reco_status_list_params p = {.id = "https://example.org/status/1",
                                 .issuer = issuer,
                                 .bits = bits,
                                 .len = len < RECO_STATUS_MIN_BITSTRING ? RECO_STATUS_MIN_BITSTRING
                                                                        : len,
                                 .valid_from = &from};
    json_t *list = NULL;
    if (len < RECO_STATUS_MIN_BITSTRING) {
        /* Built at the minimum, then given a shorter encodedList (lists others publish). */
        uint8_t *full = calloc(RECO_STATUS_MIN_BITSTRING, 1);
        p.bits = full;
        assert_int_equal(reco_status_list_credential_build(&p, &list, NULL), RECO_OK);
        free(full);
        reco_buf enc;
        reco_buf_init(&enc, 0);
        assert_int_equal(reco_status_list_encode(bits, len, &enc, NULL), RECO_OK);
        json_object_set_new(json_object_get(list, "credentialSubject"), "encodedList",
                            json_stringn(enc.data, enc.len));
        reco_buf_release(&enc);
    } else {
        assert_int_equal(reco_status_list_credential_build(&p, &list, NULL), RECO_OK);
    }
    free(bits);
    (void)k;
    return list;
}

/*
 * A BitstringStatusListCredential given as input (Bitstring Status List v1.0 §2.2, §3.3 step
 * 4): kind status-list, proof and issuer key, dates, and the list's shape, with the summary
 * purpose, entries and set bits.
 */
static void test_status_list_input(void **state)
{
    (void)state;
    reco_key *k = key_of(RECO_KEY_ED25519);
    reco_buf did, text;
    reco_buf_init(&did, 0);
    reco_buf_init(&text, 0);
    assert_int_equal(reco_ob_key_did(k, &did, NULL), RECO_OK);
    const size_t set[] = {3, 100, 131071};
    json_t *list = status_list(k, did.data, RECO_STATUS_MIN_BITSTRING, set, 3);

    sign_to_text(list, k, &text);
    reco_report *r = run(text.data, text.len, &offline);
    assert_string_equal(reco_report_kind(r), "status-list");
    assert_valid(r, true);
    assert_string_equal(status_of(r, "structure"), "passed");
    assert_string_equal(status_of(r, "proof"), "passed");
    assert_string_equal(status_of(r, "issuer-key"), "passed");
    assert_string_equal(status_of(r, "status-list"), "passed");
    assert_summary(r, "purpose", "revocation");
    assert_summary(r, "entries", "131072");
    assert_summary(r, "set-bits", "3");
    assert_summary(r, "issuer", did.data);
    reco_report_free(r);

    /* A bit flipped after signing: the proof fails. */
    json_t *copy = json_deep_copy(list);
    reco_buf enc;
    reco_buf_init(&enc, 0);
    uint8_t *bits = calloc(RECO_STATUS_MIN_BITSTRING, 1);
    assert_int_equal(reco_status_list_encode(bits, RECO_STATUS_MIN_BITSTRING, &enc, NULL), RECO_OK);
    json_object_set_new(json_object_get(copy, "credentialSubject"), "encodedList",
                        json_stringn(enc.data, enc.len));
    reco_buf_clear(&text);
    assert_int_equal(reco_json_write(copy, 0, &text, NULL), RECO_OK);
    r = run(text.data, text.len, &offline);
    assert_valid(r, false);
    assert_string_equal(status_of(r, "proof"), "failed");
    assert_summary(r, "set-bits", "0");
    reco_report_free(r);
    json_decref(copy);
    free(bits);
    reco_buf_release(&enc);

    /* No statusPurpose (§2.2: required), signed as it is: the list check fails. */
    copy = json_deep_copy(list);
    json_object_del(json_object_get(copy, "credentialSubject"), "statusPurpose");
    sign_to_text(copy, k, &text);
    r = run(text.data, text.len, &offline);
    assert_valid(r, false);
    assert_string_equal(status_of(r, "proof"), "passed");
    assert_string_equal(status_of(r, "status-list"), "failed");
    reco_report_free(r);
    json_decref(copy);

    /* An encodedList that is not GZIP: the list check fails, never passes. */
    copy = json_deep_copy(list);
    json_object_set_new(json_object_get(copy, "credentialSubject"), "encodedList",
                        json_string("uAAAAAAAAAAAAAAAA"));
    sign_to_text(copy, k, &text);
    r = run(text.data, text.len, &offline);
    assert_valid(r, false);
    assert_string_equal(status_of(r, "status-list"), "failed");
    reco_report_free(r);
    json_decref(copy);

    /* Signed by a key that is not the list issuer's: issuer-key fails. */
    copy = json_deep_copy(list);
    json_object_set_new(copy, "issuer", json_string("https://example.org/issuers/other"));
    sign_to_text(copy, k, &text);
    r = run(text.data, text.len, &offline);
    assert_valid(r, false);
    assert_string_equal(status_of(r, "issuer-key"), "failed");
    reco_report_free(r);
    json_decref(copy);

    /* The older StatusList2021Credential (subject type StatusList2021), signed with
     * eddsa-jcs-2022 (the VC 2.0 context does not define its terms): verified the same way. */
    copy = json_deep_copy(list);
    json_object_set_new(copy, "type",
                        json_pack("[s,s]", "VerifiableCredential", "StatusList2021Credential"));
    json_object_set_new(json_object_get(copy, "credentialSubject"), "type",
                        json_string("StatusList2021"));
    {
        reco_di_sign_options so = {.cryptosuite = "eddsa-jcs-2022"};
        json_object_del(copy, "proof");
        assert_int_equal(reco_di_add_proof(copy, k, &so, NULL), RECO_OK);
    }
    reco_buf_clear(&text);
    assert_int_equal(reco_json_write(copy, 0, &text, NULL), RECO_OK);
    r = run(text.data, text.len, &offline);
    assert_string_equal(reco_report_kind(r), "status-list");
    assert_valid(r, true);
    assert_summary(r, "set-bits", "3");
    reco_report_free(r);
    json_decref(copy);

    /* A list shorter than 16KB: valid, with a warning (herd privacy). */
    const size_t one[] = {7};
    json_t *short_list = status_list(k, did.data, 1024, one, 1);
    sign_to_text(short_list, k, &text);
    r = run(text.data, text.len, &offline);
    assert_valid(r, true);
    bool warned = false;
    for (size_t i = 0; i < reco_report_count(r); i++)
        warned |= strcmp(reco_report_check(r, i)->name, "status-list") == 0 &&
                  reco_report_check(r, i)->status == RECO_CHECK_WARNING &&
                  strstr(reco_report_check(r, i)->message, "16KB");
    assert_true(warned);
    assert_summary(r, "entries", "8192");
    assert_summary(r, "set-bits", "1");
    reco_report_free(r);
    json_decref(short_list);

    json_decref(list);
    reco_buf_release(&text);
    reco_buf_release(&did);
    reco_key_free(k);
}

/* --recipient against identifiers: plain, sha256$ and md5$ with salt, e-mail case aside. */
static void test_recipient_hashes(void **state)
{
    (void)state;
    reco_key *k = key_of(RECO_KEY_ED25519);
    json_t *ach = parse(ach_text), *vc = NULL;
    reco_ob_issue_params p = {.achievement = ach, .subject = "earner@example.org"};
    assert_int_equal(reco_ob_issue(&p, k, NULL, &vc, NULL), RECO_OK);
    static const struct {
        const char *alg; /* NULL = plain */
        const char *known;
        const char *want;
    } cases[] = {
        {"sha256", "earner@example.org", "passed"}, {"sha256", "other@example.org", "failed"},
        {"md5", "earner@example.org", "passed"},    {"md5", "other@example.org", "failed"},
        {NULL, "Earner@Example.org", "passed"},     {NULL, "other@example.org", "failed"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reco_buf h, text;
        reco_buf_init(&h, 0);
        reco_buf_init(&text, 0);
        json_t *copy = json_deep_copy(vc);
        json_t *id = json_array_get(
            json_object_get(json_object_get(copy, "credentialSubject"), "identifier"), 0);
        if (cases[i].alg) {
            assert_int_equal(
                reco_ob2_identity_hash(cases[i].alg, "earner@example.org", "s4lt", &h, NULL),
                RECO_OK);
            json_object_set_new(id, "identityHash", json_string(h.data));
            json_object_set_new(id, "salt", json_string("s4lt"));
        } else {
            json_object_set_new(id, "hashed", json_false());
            json_object_set_new(id, "identityHash", json_string("earner@example.org"));
        }
        assert_int_equal(reco_json_write(copy, 0, &text, NULL), RECO_OK);
        reco_verify_options o = {.offline = true, .recipient = cases[i].known};
        reco_report *r = run(text.data, text.len, &o);
        if (strcmp(status_of(r, "recipient"), cases[i].want) != 0)
            fail_msg("case %zu: recipient %s, expected %s", i, status_of(r, "recipient"),
                     cases[i].want);
        reco_report_free(r);
        json_decref(copy);
        reco_buf_release(&h);
        reco_buf_release(&text);
    }
    json_decref(vc);
    json_decref(ach);
    reco_key_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_data_integrity),
        cmocka_unit_test(test_vc_jwt),
        cmocka_unit_test(test_vc_jwt_refused),
        cmocka_unit_test(test_baked),
        cmocka_unit_test(test_url),
        cmocka_unit_test(test_ob2_hosted),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_model),
        cmocka_unit_test(test_recipient_hashes),
        cmocka_unit_test(test_endorsement_input),
        cmocka_unit_test(test_status_list_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
