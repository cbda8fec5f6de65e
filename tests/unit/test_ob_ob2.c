/*
 * test_ob_ob2.c - Open Badges 2.0 verification: identity hashes, the hosted verification
 * scope rule, normalising 0.5-1.1 forms, and whole verifications against a table of served
 * documents: hosted (410 Gone, revoked: true, offline, from a URL), signed (RSA keys made
 * here, key ownership, tampering, revocation lists), recipient and dates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reco/crypto.h"
#include "reco/jose.h"
#include "reco/ob2.h"
#include "testlib.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- a table of documents */

#define MAX_DOCS 8

typedef struct served {
    const char *url[MAX_DOCS];
    long status[MAX_DOCS];
    char *body[MAX_DOCS];
    int n;
    int requests;
} served;

static void serve_add(served *s, const char *url, long status, const char *body)
{
    assert_true(s->n < MAX_DOCS);
    s->url[s->n] = url;
    s->status[s->n] = status;
    s->body[s->n] = strdup(body);
    s->n++;
}

static void serve_release(served *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->body[i]);
    s->n = 0;
}

static reco_code serve(void *ctx, const char *url, long *status, reco_buf *body, char **final_url,
                       reco_error *err)
{
    served *s = ctx;
    (void)final_url;
    s->requests++;
    for (int i = 0; i < s->n; i++) {
        if (strcmp(s->url[i], url) == 0) {
            *status = s->status[i];
            return reco_buf_puts(body, s->body[i]);
        }
    }
    return reco_error_set(err, RECO_EIO, NULL, "no such document %s", url);
}

static const char ISSUER[] = "{\"@context\":\"https://w3id.org/openbadges/v2\","
                             "\"type\":\"Issuer\",\"id\":\"https://issuer.example/profile\","
                             "\"name\":\"Example Issuer\",\"url\":\"https://issuer.example\","
                             "\"email\":\"badges@issuer.example\"%s}";
static const char BADGE[] = "{\"@context\":\"https://w3id.org/openbadges/v2\","
                            "\"type\":\"BadgeClass\",\"id\":\"https://issuer.example/badge\","
                            "\"name\":\"Robotics\",\"description\":\"Built a robot.\","
                            "\"image\":\"https://issuer.example/badge.png\","
                            "\"criteria\":{\"narrative\":\"Build one.\"},"
                            "\"issuer\":\"https://issuer.example/profile\"}";
/* sha256$ of "nobody@example.org" + "deadsea" (the 1EdTech fixtures' recipient) */
static const char RECIPIENT[] =
    "{\"type\":\"email\",\"hashed\":true,\"salt\":\"deadsea\",\"identity\":"
    "\"sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942\"}";

static char *assertion(const char *id, const char *verification, const char *extra)
{
    char *out = NULL;
    json_t *a = json_pack(
        "{s:s,s:s,s:s,s:o,s:s,s:s,s:o}", "@context", RECO_OB2_CONTEXT, "type", "Assertion", "id",
        id, "recipient", json_loads(RECIPIENT, 0, NULL), "issuedOn", "2020-01-01T00:00:00Z",
        "badge", "https://issuer.example/badge", "verification", json_loads(verification, 0, NULL));
    json_t *x = extra ? json_loads(extra, 0, NULL) : NULL;
    assert_non_null(a);
    if (x)
        json_object_update(a, x);
    json_decref(x);
    out = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    return out;
}

static void serve_issuer(served *s, const char *extra)
{
    char buf[1024];
    snprintf(buf, sizeof buf, ISSUER, extra ? extra : "");
    serve_add(s, "https://issuer.example/profile", 200, buf);
    serve_add(s, "https://issuer.example/badge", 200, BADGE);
}

static reco_report *verify_text(const char *text, served *s, const reco_ob2_verify_options *base)
{
    reco_ob2_verify_options opt = base ? *base : (reco_ob2_verify_options){0};
    reco_report *r = NULL;
    reco_error err = {0};
    opt.fetch = serve;
    opt.fetch_ctx = s;
    assert_int_equal(reco_ob2_verify_bytes(text, strlen(text), "test", &opt, &r, &err), RECO_OK);
    assert_non_null(r);
    return r;
}

static reco_check_status status_of(const reco_report *r, const char *name)
{
    const reco_check *c = reco_report_find(r, name);
    assert_non_null(c);
    return c->status;
}

static bool any_passed(const reco_report *r, const char *name)
{
    for (size_t i = 0; i < reco_report_count(r); i++) {
        const reco_check *c = reco_report_check(r, i);
        if (strcmp(c->name, name) == 0 && c->status == RECO_CHECK_PASSED)
            return true;
    }
    return false;
}

/* ---------------------------------------------------------------- hashes and recipients */

static void test_identity_hash(void **state)
{
    reco_buf b;
    (void)state;
    reco_buf_init(&b, 0);
    /* the 0.5.1 component of openbadges-validator-core: test@example.com with "sel gris" */
    assert_int_equal(reco_ob2_identity_hash("sha256", "test@example.com", "sel gris", &b, NULL),
                     RECO_OK);
    assert_string_equal(b.data,
                        "sha256$85c4196c5516561cef673642157499b70066cb1070852b2a37fdbf3cc599b087");
    reco_buf_clear(&b);
    assert_int_equal(reco_ob2_identity_hash("md5", "test@example.com", "sel gris", &b, NULL),
                     RECO_OK);
    assert_string_equal(b.data, "md5$2c85687fb291b4bd01eccb65374ca73f");
    reco_buf_clear(&b);
    assert_int_equal(reco_ob2_identity_hash("sha1", "x", NULL, &b, NULL), RECO_EINVAL);
    reco_buf_release(&b);
}

static void test_recipient_match(void **state)
{
    json_t *hashed = json_loads(RECIPIENT, 0, NULL);
    json_t *md5 = json_pack("{s:s,s:b,s:s,s:s}", "type", "email", "hashed", 1, "salt", "sel gris",
                            "identity", "md5$2C85687FB291B4BD01ECCB65374CA73F");
    json_t *plain =
        json_pack("{s:s,s:b,s:s}", "type", "email", "hashed", 0, "identity", "Someone@Example.org");
    json_t *url = json_pack("{s:s,s:b,s:s}", "type", "url", "hashed", 0, "identity",
                            "https://example.org/Me");
    json_t *bad = json_pack("{s:s,s:b,s:s}", "type", "email", "hashed", 1, "identity", "sha1$00");
    reco_error err = {0};
    (void)state;
    assert_int_equal(reco_ob2_recipient_match(hashed, "nobody@example.org", NULL), RECO_OK);
    /* issuers hash e-mail addresses in lower case */
    assert_int_equal(reco_ob2_recipient_match(hashed, "Nobody@Example.org", NULL), RECO_OK);
    assert_int_equal(reco_ob2_recipient_match(hashed, "somebody@example.org", &err), RECO_EVERIFY);
    assert_non_null(strstr(err.msg, "does not hash"));
    assert_int_equal(reco_ob2_recipient_match(md5, "test@example.com", NULL), RECO_OK);
    assert_int_equal(reco_ob2_recipient_match(md5, "test@example.org", NULL), RECO_EVERIFY);
    assert_int_equal(reco_ob2_recipient_match(plain, "someone@example.org", NULL), RECO_OK);
    assert_int_equal(reco_ob2_recipient_match(plain, "someone@example.com", NULL), RECO_EVERIFY);
    assert_int_equal(reco_ob2_recipient_match(url, "https://example.org/Me", NULL), RECO_OK);
    assert_int_equal(reco_ob2_recipient_match(url, "https://example.org/me", NULL), RECO_EVERIFY);
    assert_int_equal(reco_ob2_recipient_match(bad, "x@example.org", NULL), RECO_ESCHEMA);
    json_decref(hashed);
    json_decref(md5);
    json_decref(plain);
    json_decref(url);
    json_decref(bad);
}

/* ---------------------------------------------------------------- hosted scope */

static void test_scope(void **state)
{
    json_t *plain = json_pack("{s:s}", "id", "https://issuer.example/profile");
    json_t *sw =
        json_pack("{s:s,s:{s:[s,s]}}", "id", "https://issuer.example/profile", "verification",
                  "startsWith", "https://issuer.example/badges/", "https://other.example/ob/");
    json_t *ao = json_pack("{s:s,s:{s:s}}", "id", "https://issuer.example/profile", "verification",
                           "allowedOrigins", "badges.example");
    json_t *urn = json_pack("{s:s}", "id", "urn:uuid:2d391246-6e0d-4dab-906c-b29770bd7aa6");
    reco_error err = {0};
    (void)state;
    /* default: the issuer's origin */
    assert_int_equal(reco_ob2_check_scope("https://issuer.example/a/1", plain, NULL), RECO_OK);
    assert_int_equal(reco_ob2_check_scope("https://ISSUER.example/a/1", plain, NULL), RECO_OK);
    assert_int_equal(reco_ob2_check_scope("https://evil.example/a/1", plain, &err), RECO_EVERIFY);
    assert_non_null(strstr(err.msg, "issuer's origin"));
    assert_int_equal(reco_ob2_check_scope("https://issuer.example.evil/a", plain, NULL),
                     RECO_EVERIFY);
    assert_int_equal(reco_ob2_check_scope("urn:uuid:1", plain, NULL), RECO_EVERIFY);
    /* startsWith, any of several */
    assert_int_equal(reco_ob2_check_scope("https://issuer.example/badges/1", sw, NULL), RECO_OK);
    assert_int_equal(reco_ob2_check_scope("https://other.example/ob/1", sw, NULL), RECO_EVERIFY);
    assert_int_equal(reco_ob2_check_scope("https://issuer.example/other/1", sw, &err),
                     RECO_EVERIFY);
    assert_non_null(strstr(err.msg, "does not start with"));
    /* allowedOrigins replaces the issuer's origin */
    assert_int_equal(reco_ob2_check_scope("https://badges.example/1", ao, NULL), RECO_OK);
    assert_int_equal(reco_ob2_check_scope("https://issuer.example/1", ao, NULL), RECO_EVERIFY);
    /* no http domain to enforce */
    assert_int_equal(reco_ob2_check_scope("https://issuer.example/1", urn, NULL), RECO_ENOTFOUND);
    json_decref(plain);
    json_decref(sw);
    json_decref(ao);
    json_decref(urn);
}

/* ---------------------------------------------------------------- older versions */

static void test_normalize_05(void **state)
{
    json_t *in = json_loads("{\"recipient\":\"sha256$85c4196c5516561cef673642157499b70066cb107"
                            "0852b2a37fdbf3cc599b087\",\"salt\":\"sel gris\",\"issued_on\":"
                            "\"2011-06-01\",\"badge\":{\"version\":\"0.5.0\",\"name\":\"Basic\","
                            "\"image\":\"http://old.example/i\",\"description\":\"A badge.\","
                            "\"criteria\":\"http://old.example/c\",\"issuer\":{\"origin\":"
                            "\"http://old.example\",\"name\":\"Old Issuer\"}}}",
                            0, NULL);
    json_t *out = NULL;
    int version = -1;
    (void)state;
    assert_int_equal(reco_ob2_detect(in), 5);
    assert_int_equal(reco_ob2_normalize(in, &out, &version, NULL), RECO_OK);
    assert_int_equal(version, 5);
    assert_string_equal(json_string_value(json_object_get(out, "@context")), RECO_OB2_CONTEXT);
    assert_string_equal(json_string_value(json_object_get(out, "type")), "Assertion");
    assert_string_equal(json_string_value(json_object_get(out, "issuedOn")),
                        "2011-06-01T00:00:00Z");
    assert_true(json_is_true(json_object_get(json_object_get(out, "recipient"), "hashed")));
    assert_int_equal(
        reco_ob2_recipient_match(json_object_get(out, "recipient"), "test@example.com", NULL),
        RECO_OK);
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(json_object_get(out, "badge"), "issuer"), "url")),
                        "http://old.example");
    assert_null(json_object_get(out, "salt"));
    json_decref(in);
    json_decref(out);
}

static void test_normalize_1x(void **state)
{
    json_t *v10 = json_loads("{\"uid\":\"123abc\",\"recipient\":{\"identity\":\"t@example.com\","
                             "\"hashed\":false,\"type\":\"email\"},\"badge\":"
                             "\"http://a.example/bc\",\"issuedOn\":1430352000,\"verify\":{"
                             "\"type\":\"hosted\",\"url\":\"http://a.example/instance\"}}",
                             0, NULL);
    json_t *v11 = json_loads("{\"@context\":\"https://w3id.org/openbadges/v1\",\"type\":"
                             "\"Assertion\",\"id\":\"https://a.example/1\",\"verify\":{\"type\":"
                             "\"signed\",\"url\":\"https://a.example/key\"}}",
                             0, NULL);
    json_t *v20 = json_loads("{\"@context\":\"https://w3id.org/openbadges/v2\",\"type\":"
                             "\"Assertion\",\"id\":\"https://a.example/1\"}",
                             0, NULL);
    json_t *v3 = json_loads("{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"type\":"
                            "[\"VerifiableCredential\"]}",
                            0, NULL);
    json_t *out = NULL;
    int version = 0;
    (void)state;
    assert_int_equal(reco_ob2_normalize(v10, &out, &version, NULL), RECO_OK);
    assert_int_equal(version, 10);
    assert_string_equal(json_string_value(json_object_get(out, "id")), "http://a.example/instance");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(out, "verification"), "type")), "hosted");
    assert_null(json_object_get(out, "verify"));
    assert_string_equal(json_string_value(json_object_get(out, "issuedOn")),
                        "2015-04-30T00:00:00Z");
    json_decref(out);
    assert_int_equal(reco_ob2_normalize(v11, &out, &version, NULL), RECO_OK);
    assert_int_equal(version, 11);
    assert_string_equal(json_string_value(json_object_get(out, "@context")), RECO_OB2_CONTEXT);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(out, "verification"), "creator")),
        "https://a.example/key");
    json_decref(out);
    assert_int_equal(reco_ob2_normalize(v20, &out, &version, NULL), RECO_OK);
    assert_int_equal(version, 20);
    assert_true(reco_json_equal(out, v20));
    json_decref(out);
    assert_int_equal(reco_ob2_detect(v3), 0);
    {
        json_t *str = json_string("x");
        assert_int_equal(reco_ob2_normalize(str, &out, NULL, NULL), RECO_ESCHEMA);
        json_decref(str);
    }
    json_decref(v10);
    json_decref(v11);
    json_decref(v20);
    json_decref(v3);
}

/* ---------------------------------------------------------------- hosted verification */

static const char HOSTED[] = "{\"type\":\"hosted\"}";
static const char AID[] = "https://issuer.example/assertions/1";

static void test_hosted_valid(void **state)
{
    served s = {0};
    char *a = assertion(AID, HOSTED, NULL);
    reco_report *r;
    (void)state;
    serve_issuer(&s, NULL);
    serve_add(&s, AID, 200, a);
    r = verify_text(a, &s, NULL);
    assert_true(reco_report_valid(r));
    assert_string_equal(reco_report_kind(r), "ob2-hosted");
    assert_true(any_passed(r, "verification"));
    assert_int_equal(status_of(r, "badge"), RECO_CHECK_PASSED);
    assert_int_equal(status_of(r, "issuer"), RECO_CHECK_PASSED);
    assert_string_equal(reco_report_summary(r, "achievement"), "Robotics");
    assert_string_equal(reco_report_summary(r, "issuer"), "Example Issuer");
    assert_string_equal(reco_report_summary(r, "issued"), "2020-01-01T00:00:00Z");
    assert_null(reco_report_find(r, "version"));
    reco_report_free(r);
    free(a);
    serve_release(&s);
}

static void test_hosted_gone_and_revoked(void **state)
{
    served s = {0};
    char *a = assertion(AID, HOSTED, NULL);
    char *rev = assertion(AID, HOSTED, "{\"revoked\":true,\"revocationReason\":\"cheated\"}");
    reco_report *r;
    (void)state;
    serve_issuer(&s, NULL);
    serve_add(&s, AID, 410, "{\"id\":\"https://issuer.example/assertions/1\",\"revoked\":true}");
    r = verify_text(a, &s, NULL);
    assert_false(reco_report_valid(r));
    assert_int_equal(status_of(r, "revocation"), RECO_CHECK_FAILED);
    assert_non_null(strstr(reco_report_find(r, "revocation")->message, "410"));
    reco_report_free(r);
    serve_release(&s);

    serve_issuer(&s, NULL);
    serve_add(&s, AID, 200, rev);
    r = verify_text(a, &s, NULL);
    assert_false(reco_report_valid(r));
    assert_int_equal(status_of(r, "revocation"), RECO_CHECK_FAILED);
    assert_non_null(strstr(reco_report_find(r, "revocation")->message, "cheated"));
    reco_report_free(r);
    serve_release(&s);

    /* missing at its id (404): failed, not merely unchecked */
    serve_issuer(&s, NULL);
    serve_add(&s, AID, 404, "not here");
    r = verify_text(a, &s, NULL);
    assert_false(reco_report_valid(r));
    assert_int_equal(status_of(r, "verification"), RECO_CHECK_FAILED);
    reco_report_free(r);
    serve_release(&s);
    free(a);
    free(rev);
}

static void test_hosted_copy_differs(void **state)
{
    served s = {0};
    char *given = assertion(AID, HOSTED, "{\"expires\":\"2099-01-01T00:00:00Z\"}");
    char *hosted = assertion(AID, HOSTED, "{\"expires\":\"2021-01-01T00:00:00Z\"}");
    reco_report *r;
    (void)state;
    serve_issuer(&s, NULL);
    serve_add(&s, AID, 200, hosted);
    r = verify_text(given, &s, NULL);
    /* the hosted copy counts: it has expired */
    assert_false(reco_report_valid(r));
    assert_int_equal(status_of(r, "expires"), RECO_CHECK_FAILED);
    assert_int_equal(status_of(r, "verification"), RECO_CHECK_WARNING);
    reco_report_free(r);
    serve_release(&s);
    free(given);
    free(hosted);
}

static void test_hosted_out_of_scope(void **state)
{
    served s = {0};
    const char *id = "https://elsewhere.example/assertions/1";
    char *a = assertion(id, HOSTED, NULL);
    reco_report *r;
    (void)state;
    serve_issuer(&s, NULL);
    serve_add(&s, id, 200, a);
    r = verify_text(a, &s, NULL);
    assert_false(reco_report_valid(r));
    reco_report_free(r);
    serve_release(&s);
    /* the issuer allows that origin */
    serve_issuer(&s, ",\"verification\":{\"allowedOrigins\":[\"elsewhere.example\"]}");
    serve_add(&s, id, 200, a);
    r = verify_text(a, &s, NULL);
    assert_true(reco_report_valid(r));
    reco_report_free(r);
    serve_release(&s);
    free(a);
}

static void test_offline(void **state)
{
    served s = {0};
    char *a = assertion(AID, HOSTED, NULL);
    reco_ob2_verify_options opt = {.offline = true};
    reco_report *r;
    (void)state;
    serve_issuer(&s, NULL);
    serve_add(&s, AID, 200, a);
    r = verify_text(a, &s, &opt);
    assert_int_equal(s.requests, 0);
    assert_false(reco_report_valid(r));
    assert_false(any_passed(r, "verification"));
    assert_int_equal(status_of(r, "verification"), RECO_CHECK_NOT_CHECKED);
    assert_int_equal(status_of(r, "badge"), RECO_CHECK_NOT_CHECKED);
    assert_int_equal(status_of(r, "issuer"), RECO_CHECK_NOT_CHECKED);
    assert_non_null(strstr(reco_report_find(r, "badge")->message, "offline"));
    reco_report_free(r);
    free(a);
    serve_release(&s);
}

static void test_from_url(void **state)
{
    served s = {0};
    char *a = assertion(AID, HOSTED, NULL);
    reco_report *r;
    (void)state;
    serve_issuer(&s, NULL);
    serve_add(&s, AID, 200, a);
    r = verify_text(AID, &s, NULL);
    assert_true(reco_report_valid(r));
    assert_string_equal(reco_report_kind(r), "ob2-hosted");
    assert_int_equal(s.requests, 3); /* assertion, badge, issuer: each once */
    reco_report_free(r);
    serve_release(&s);
    serve_issuer(&s, NULL);
    serve_add(&s, AID, 410, "");
    r = verify_text(AID, &s, NULL);
    assert_false(reco_report_valid(r));
    assert_int_equal(status_of(r, "revocation"), RECO_CHECK_FAILED);
    reco_report_free(r);
    serve_release(&s);
    free(a);
}

static void test_recipient_and_dates(void **state)
{
    served s = {0};
    char *a = assertion(AID, HOSTED, "{\"expires\":\"2030-01-01T00:00:00Z\"}");
    reco_ob2_verify_options opt = {0};
    reco_time before, after;
    reco_report *r;
    (void)state;
    assert_int_equal(reco_time_parse("2025-06-01T00:00:00Z", 20, true, &before, NULL), RECO_OK);
    assert_int_equal(reco_time_parse("2031-06-01T00:00:00Z", 20, true, &after, NULL), RECO_OK);
    serve_issuer(&s, NULL);
    serve_add(&s, AID, 200, a);
    opt.at = &before;
    opt.recipient = "nobody@example.org";
    r = verify_text(a, &s, &opt);
    assert_true(reco_report_valid(r));
    assert_int_equal(status_of(r, "recipient"), RECO_CHECK_PASSED);
    assert_int_equal(status_of(r, "expires"), RECO_CHECK_PASSED);
    reco_report_free(r);
    opt.recipient = "somebody@example.org";
    opt.at = &after;
    r = verify_text(a, &s, &opt);
    assert_false(reco_report_valid(r));
    assert_int_equal(status_of(r, "recipient"), RECO_CHECK_FAILED);
    assert_int_equal(status_of(r, "expires"), RECO_CHECK_FAILED);
    reco_report_free(r);
    /* issued after the at-time */
    assert_int_equal(reco_time_parse("2019-06-01T00:00:00Z", 20, true, &before, NULL), RECO_OK);
    opt.recipient = NULL;
    opt.at = &before;
    r = verify_text(a, &s, &opt);
    assert_int_equal(status_of(r, "issued-on"), RECO_CHECK_FAILED);
    reco_report_free(r);
    serve_release(&s);
    free(a);
}

static void test_older_version(void **state)
{
    served s = {0};
    char *orig = assertion(AID, HOSTED, NULL);
    json_t *j = json_loads(orig, 0, NULL);
    char *a;
    reco_report *r;
    (void)state;
    /* 1.1: the v1 context and "verify" */
    json_object_set_new(j, "@context", json_string(RECO_OB1_CONTEXT));
    json_object_set(j, "verify", json_object_get(j, "verification"));
    json_object_del(j, "verification");
    a = json_dumps(j, JSON_COMPACT);
    serve_issuer(&s, NULL);
    serve_add(&s, AID, 200, a);
    r = verify_text(a, &s, NULL);
    assert_int_equal(status_of(r, "version"), RECO_CHECK_WARNING);
    assert_non_null(strstr(reco_report_find(r, "version")->message, "older open badges version"));
    assert_true(reco_report_valid(r));
    reco_report_free(r);
    serve_release(&s);
    /* 1.0 with a recipient string is an error */
    r = verify_text("{\"uid\":\"1\",\"recipient\":\"t@example.com\",\"badge\":"
                    "\"http://a.example/bc\",\"issuedOn\":\"2015-04-30\",\"verify\":{\"type\":"
                    "\"hosted\",\"url\":\"http://a.example/i\"}}",
                    &s, NULL);
    assert_false(reco_report_valid(r));
    assert_int_equal(status_of(r, "structure"), RECO_CHECK_FAILED);
    reco_report_free(r);
    free(a);
    free(orig);
    json_decref(j);
}

/* ---------------------------------------------------------------- signed verification */

typedef struct signer {
    reco_key *key;
    char *pem;
} signer;

static void signer_new(signer *sg)
{
    reco_buf b;
    assert_int_equal(reco_key_generate(RECO_KEY_RSA, 2048, &sg->key, NULL), RECO_OK);
    reco_buf_init(&b, 0);
    assert_int_equal(reco_key_to_pem(sg->key, &b, NULL), RECO_OK);
    sg->pem = reco_buf_detach(&b, NULL);
}

static char *sign(const signer *sg, const char *payload)
{
    reco_buf b;
    reco_jws_sign_options o = {.typ = "JWT"};
    reco_buf_init(&b, 0);
    assert_int_equal(reco_jws_sign(sg->key, &o, payload, strlen(payload), &b, NULL), RECO_OK);
    return reco_buf_detach(&b, NULL);
}

static char *key_doc(const signer *sg, const char *owner)
{
    json_t *k =
        json_pack("{s:s,s:s,s:s,s:s,s:s}", "@context", RECO_OB2_CONTEXT, "type", "CryptographicKey",
                  "id", "https://issuer.example/key", "owner", owner, "publicKeyPem", sg->pem);
    char *s = json_dumps(k, JSON_COMPACT);
    json_decref(k);
    return s;
}

static void test_signed(void **state)
{
    signer sg = {0}, other = {0};
    served s = {0};
    const char *sid = "urn:uuid:6deb4a00-ebce-4b28-8cc2-afa705ef7be4";
    char *payload =
        assertion(sid, "{\"type\":\"signed\",\"creator\":\"https://issuer.example/key\"}", NULL);
    char *jws, *kd, *kd_wrong, *bad_sig;
    reco_report *r;
    (void)state;
    signer_new(&sg);
    signer_new(&other);
    jws = sign(&sg, payload);
    kd = key_doc(&sg, "https://issuer.example/profile");
    kd_wrong = key_doc(&sg, "https://mallory.example/profile");

    /* good signature, empty revocation list */
    serve_issuer(&s, ",\"publicKey\":\"https://issuer.example/key\",\"revocationList\":"
                     "\"https://issuer.example/revoked\"");
    serve_add(&s, "https://issuer.example/key", 200, kd);
    serve_add(&s, "https://issuer.example/revoked", 200,
              "{\"type\":\"RevocationList\",\"revokedAssertions\":[]}");
    r = verify_text(jws, &s, NULL);
    assert_true(reco_report_valid(r));
    assert_string_equal(reco_report_kind(r), "ob2-signed");
    assert_int_equal(status_of(r, "signature"), RECO_CHECK_PASSED);
    assert_int_equal(status_of(r, "revocation"), RECO_CHECK_PASSED);
    reco_report_free(r);
    serve_release(&s);

    /* listed (by string) in the revocation list */
    serve_issuer(&s, ",\"revocationList\":\"https://issuer.example/revoked\"");
    serve_add(&s, "https://issuer.example/key", 200, kd);
    serve_add(&s, "https://issuer.example/revoked", 200,
              "{\"type\":\"RevocationList\",\"revokedAssertions\":[{\"id\":\"urn:uuid:x\"},"
              "\"urn:uuid:6deb4a00-ebce-4b28-8cc2-afa705ef7be4\"]}");
    r = verify_text(jws, &s, NULL);
    assert_false(reco_report_valid(r));
    assert_int_equal(status_of(r, "signature"), RECO_CHECK_PASSED);
    assert_int_equal(status_of(r, "revocation"), RECO_CHECK_FAILED);
    reco_report_free(r);
    /* the list cannot be fetched: not checked, never passed */
    serve_release(&s);
    serve_issuer(&s, ",\"revocationList\":\"https://issuer.example/revoked\"");
    serve_add(&s, "https://issuer.example/key", 200, kd);
    r = verify_text(jws, &s, NULL);
    assert_int_equal(status_of(r, "revocation"), RECO_CHECK_NOT_CHECKED);
    reco_report_free(r);
    serve_release(&s);

    /* a key not owned by the issuer is not trusted */
    serve_issuer(&s, NULL);
    serve_add(&s, "https://issuer.example/key", 200, kd_wrong);
    r = verify_text(jws, &s, NULL);
    assert_false(reco_report_valid(r));
    assert_int_equal(status_of(r, "signature"), RECO_CHECK_FAILED);
    assert_non_null(strstr(reco_report_find(r, "signature")->message, "not by the issuer"));
    reco_report_free(r);
    serve_release(&s);

    /* an issuer that lists its keys must list the creator */
    serve_issuer(&s, ",\"publicKey\":[\"https://issuer.example/other-key\"]");
    serve_add(&s, "https://issuer.example/key", 200, kd);
    r = verify_text(jws, &s, NULL);
    assert_false(reco_report_valid(r));
    assert_int_equal(status_of(r, "signature"), RECO_CHECK_FAILED);
    assert_non_null(strstr(reco_report_find(r, "signature")->message, "publicKey"));
    reco_report_free(r);
    serve_release(&s);

    /* signed by another key */
    bad_sig = sign(&other, payload);
    serve_issuer(&s, NULL);
    serve_add(&s, "https://issuer.example/key", 200, kd);
    r = verify_text(bad_sig, &s, NULL);
    assert_false(reco_report_valid(r));
    assert_int_equal(status_of(r, "signature"), RECO_CHECK_FAILED);
    reco_report_free(r);

    /* offline: the key cannot be had */
    {
        reco_ob2_verify_options opt = {.offline = true};
        r = verify_text(jws, &s, &opt);
        assert_false(reco_report_valid(r));
        assert_int_equal(status_of(r, "signature"), RECO_CHECK_NOT_CHECKED);
        reco_report_free(r);
    }
    serve_release(&s);
    free(payload);
    free(jws);
    free(bad_sig);
    free(kd);
    free(kd_wrong);
    free(sg.pem);
    free(other.pem);
    reco_key_free(sg.key);
    reco_key_free(other.key);
}

static void test_bad_input(void **state)
{
    served s = {0};
    reco_report *r;
    (void)state;
    r = verify_text("{\"@context\": ", &s, NULL);
    assert_int_equal(status_of(r, "json"), RECO_CHECK_FAILED);
    assert_false(reco_report_valid(r));
    reco_report_free(r);
    r = verify_text("[1,2]", &s, NULL);
    assert_int_equal(status_of(r, "json"), RECO_CHECK_FAILED);
    reco_report_free(r);
    r = verify_text("{\"a\":1}", &s, NULL);
    assert_false(reco_report_valid(r));
    reco_report_free(r);
    /* a JWS whose payload is not JSON */
    r = verify_text("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln", &s, NULL);
    assert_int_equal(status_of(r, "json"), RECO_CHECK_FAILED);
    reco_report_free(r);
    assert_int_equal(s.requests, 0);
}

/* The 1.0 and 0.5 components of openbadges-validator-core, served as its tests serve them
 * (http://a.com/...). Skipped without the public vectors. */
static char *component(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "ob2-fixtures/openbadges-validator-core/components/%s.json", name);
    return test_vectors_dir() ? test_read_file(test_vector_path(rel), NULL) : NULL;
}

static void test_legacy_components(void **state)
{
    char *a10 = component("1_0_basic_assertion");
    char *bc10 = component("1_0_basic_badgeclass");
    char *is10 = component("1_0_basic_issuer");
    char *err10 = component("1_0_assertion_with_errors");
    char *a051 = component("0_5_1_assertion");
    served s = {0};
    reco_report *r;
    reco_ob2_verify_options opt = {.recipient = "test@example.com"};
    (void)state;
    if (!a10 || !bc10 || !is10 || !err10 || !a051) {
        free(a10), free(bc10), free(is10), free(err10), free(a051);
        skip();
    }
    serve_add(&s, "http://a.com/instance", 200, a10);
    serve_add(&s, "http://a.com/badgeclass", 200, bc10);
    serve_add(&s, "http://a.com/issuer", 200, is10);
    r = verify_text(a10, &s, &opt);
    assert_int_equal(status_of(r, "version"), RECO_CHECK_WARNING);
    assert_int_equal(status_of(r, "badge"), RECO_CHECK_PASSED);
    assert_int_equal(status_of(r, "issuer"), RECO_CHECK_PASSED);
    assert_int_equal(status_of(r, "recipient"), RECO_CHECK_PASSED);
    assert_true(any_passed(r, "verification"));
    assert_true(reco_report_valid(r));
    assert_string_equal(reco_report_summary(r, "achievement"), "Basic Badge");
    reco_report_free(r);
    /* its id serves the valid 1.0 assertion, which is what counts: serve the faulty one */
    serve_release(&s);
    serve_add(&s, "http://a.com/instance", 200, err10);
    serve_add(&s, "http://a.com/badgeclass", 200, bc10);
    serve_add(&s, "http://a.com/issuer", 200, is10);
    r = verify_text(err10, &s, NULL);
    assert_int_equal(status_of(r, "structure"), RECO_CHECK_FAILED);
    assert_false(reco_report_valid(r));
    reco_report_free(r);
    /* 0.5: normalised (hashed recipient with salt), but it names no verification method */
    r = verify_text(a051, &s, &opt);
    assert_int_equal(status_of(r, "version"), RECO_CHECK_WARNING);
    assert_int_equal(status_of(r, "recipient"), RECO_CHECK_PASSED);
    assert_int_equal(status_of(r, "issued-on"), RECO_CHECK_PASSED);
    assert_false(reco_report_valid(r));
    reco_report_free(r);
    serve_release(&s);
    free(a10), free(bc10), free(is10), free(err10), free(a051);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity_hash),
        cmocka_unit_test(test_recipient_match),
        cmocka_unit_test(test_scope),
        cmocka_unit_test(test_normalize_05),
        cmocka_unit_test(test_normalize_1x),
        cmocka_unit_test(test_hosted_valid),
        cmocka_unit_test(test_hosted_gone_and_revoked),
        cmocka_unit_test(test_hosted_copy_differs),
        cmocka_unit_test(test_hosted_out_of_scope),
        cmocka_unit_test(test_offline),
        cmocka_unit_test(test_from_url),
        cmocka_unit_test(test_recipient_and_dates),
        cmocka_unit_test(test_older_version),
        cmocka_unit_test(test_signed),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_legacy_components),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
