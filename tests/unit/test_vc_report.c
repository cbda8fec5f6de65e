/*
 * test_vc_report.c - the verification report (validity rule, JSON and text forms, nesting)
 * and the VC checks that fill it (structure, issuer key, validity period).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/json.h"
#include "reco/report.h"
#include "reco/vc.h"

#include <string.h>

/* These documents use terms no context defines, so they are signed with the JCS suite. */
static const reco_di_sign_options jcs = {.cryptosuite = "eddsa-jcs-2022"};

static void test_validity_rule(void **state)
{
    (void)state;
    reco_report *r = reco_report_new("a.json", NULL);
    assert_non_null(r);
    assert_string_equal(reco_report_kind(r), "unknown");
    /* No check at all is not valid. */
    assert_false(reco_report_valid(r));
    assert_int_equal(reco_report_require(r, "proof", NULL), RECO_OK);
    assert_int_equal(reco_report_add(r, "json", RECO_CHECK_PASSED, "ok"), RECO_OK);
    /* The required check has not passed yet. */
    assert_false(reco_report_valid(r));
    assert_int_equal(reco_report_add(r, "proof", RECO_CHECK_NOT_CHECKED, "later"), RECO_OK);
    assert_false(reco_report_valid(r));
    assert_int_equal(reco_report_add(r, "proof", RECO_CHECK_PASSED, "proof %d", 1), RECO_OK);
    assert_true(reco_report_valid(r));
    assert_int_equal(reco_report_add(r, "valid-from", RECO_CHECK_WARNING, "no date"), RECO_OK);
    assert_true(reco_report_valid(r));
    assert_int_equal(reco_report_add(r, "valid-until", RECO_CHECK_FAILED, "expired"), RECO_OK);
    assert_false(reco_report_valid(r));
    assert_int_equal(reco_report_count(r), 5);
    assert_string_equal(reco_report_find(r, "proof")->message, "later");
    assert_null(reco_report_find(r, "nope"));
    assert_null(reco_report_check(r, 5));
    reco_report_free(r);
    reco_report_free(NULL);
}

static void test_json_and_text(void **state)
{
    (void)state;
    reco_report *r = reco_report_new("badge.json", "ob3-data-integrity");
    reco_report *child = reco_report_new("endorsement", "ob3-endorsement");
    reco_report_add(r, "proof", RECO_CHECK_PASSED, "verified");
    reco_report_add(r, "valid-until", RECO_CHECK_WARNING, "soon");
    reco_report_set_summary(r, "issuer", "did:key:z6Mk", NULL);
    reco_report_set_summary(r, "issuer", "did:key:z6Mx", NULL);
    reco_report_add(child, "proof", RECO_CHECK_FAILED, "bad signature");
    assert_int_equal(reco_report_add_child(r, "endorsement 1", child, NULL), RECO_OK);
    assert_string_equal(reco_report_summary(r, "issuer"), "did:key:z6Mx");

    json_t *j = NULL;
    assert_int_equal(reco_report_to_json(r, &j, NULL), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(j, "input")), "badge.json");
    assert_true(json_is_true(json_object_get(j, "valid")));
    json_t *checks = json_object_get(j, "checks");
    assert_int_equal(json_array_size(checks), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(checks, 1), "status")),
                        "warning");
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "summary"), "issuer")),
                        "did:key:z6Mx");
    json_t *nested = json_array_get(json_object_get(j, "nested"), 0);
    assert_string_equal(json_string_value(json_object_get(nested, "label")), "endorsement 1");
    assert_true(json_is_false(json_object_get(nested, "valid")));
    json_decref(j);

    reco_buf text;
    reco_buf_init(&text, 0);
    assert_int_equal(reco_report_to_text(r, &text, NULL), RECO_OK);
    assert_non_null(strstr(text.data, "badge.json: valid"));
    assert_non_null(strstr(text.data, "passed"));
    assert_non_null(strstr(text.data, "proof: verified"));
    assert_non_null(strstr(text.data, "    endorsement 1 endorsement: NOT VALID"));
    reco_buf_release(&text);
    reco_report_free(r);
}

static json_t *parse(const char *text)
{
    json_t *v = NULL;
    assert_int_equal(reco_json_parse(text, strlen(text), NULL, &v, NULL), RECO_OK);
    return v;
}

static const char *status_of(const reco_report *r, const char *name)
{
    const reco_check *c = reco_report_find(r, name);
    return c ? reco_check_status_name(c->status) : "(none)";
}

/* Sign doc with a new key whose did:key is also the issuer id, then run the checks at now. */
static reco_report *check_signed(json_t *vc, bool issuer_is_key, const char *now_text)
{
    reco_key *k = NULL;
    reco_buf did;
    reco_buf_init(&did, 0);
    assert_int_equal(reco_key_generate(RECO_KEY_ED25519, 0, &k, NULL), RECO_OK);
    assert_int_equal(reco_key_to_did_key(k, &did, NULL), RECO_OK);
    if (issuer_is_key)
        json_object_set_new(vc, "issuer", json_string(did.data));
    assert_int_equal(reco_di_add_proof(vc, k, &jcs, NULL), RECO_OK);
    reco_time now;
    assert_int_equal(reco_time_parse(now_text, strlen(now_text), true, &now, NULL), RECO_OK);
    reco_vc_check_options opt = {.now = &now};
    static const char *const types[] = {"OpenBadgeCredential|AchievementCredential", NULL};
    reco_report *r = reco_report_new("t", NULL);
    assert_int_equal(reco_vc_check(vc, types, &opt, r, NULL), RECO_OK);
    reco_buf_release(&did);
    reco_key_free(k);
    return r;
}

static const char *base_vc = "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
                             "\"type\":[\"VerifiableCredential\",\"AchievementCredential\"],"
                             "\"issuer\":\"did:example:x\",\"validFrom\":\"2024-01-01T00:00:00Z\","
                             "\"validUntil\":\"2025-01-01T00:00:00Z\","
                             "\"credentialSubject\":{\"id\":\"did:example:earner\"}}";

static void test_vc_checks(void **state)
{
    (void)state;
    json_t *vc = parse(base_vc);
    reco_report *r = check_signed(vc, true, "2024-06-01T00:00:00Z");
    assert_string_equal(status_of(r, "structure"), "passed");
    assert_string_equal(status_of(r, "proof"), "passed");
    assert_string_equal(status_of(r, "issuer-key"), "passed");
    assert_string_equal(status_of(r, "valid-from"), "passed");
    assert_string_equal(status_of(r, "valid-until"), "passed");
    assert_true(reco_report_valid(r));
    reco_report_free(r);
    json_decref(vc);

    /* Not yet valid, and expired: each its own check. */
    vc = parse(base_vc);
    r = check_signed(vc, true, "2023-06-01T00:00:00Z");
    assert_string_equal(status_of(r, "valid-from"), "failed");
    assert_string_equal(status_of(r, "valid-until"), "passed");
    assert_false(reco_report_valid(r));
    reco_report_free(r);
    json_decref(vc);
    vc = parse(base_vc);
    r = check_signed(vc, true, "2025-06-01T00:00:00Z");
    assert_string_equal(status_of(r, "valid-from"), "passed");
    assert_string_equal(status_of(r, "valid-until"), "failed");
    assert_non_null(strstr(reco_report_find(r, "valid-until")->message, "expired"));
    reco_report_free(r);
    json_decref(vc);

    /* A proof set co-signed by another key: the issuer's proof binds the credential, the
     * other proof is a warning. Without the issuer's proof, it fails. */
    vc = parse(base_vc);
    r = check_signed(vc, true, "2024-06-01T00:00:00Z");
    reco_report_free(r);
    reco_key *k2 = NULL;
    assert_int_equal(reco_key_generate(RECO_KEY_ED25519, 0, &k2, NULL), RECO_OK);
    assert_int_equal(reco_di_add_proof(vc, k2, &jcs, NULL), RECO_OK);
    reco_time at;
    assert_int_equal(reco_time_parse("2024-06-01T00:00:00Z", 20, true, &at, NULL), RECO_OK);
    reco_vc_check_options copt = {.now = &at};
    r = reco_report_new("t", NULL);
    assert_int_equal(reco_vc_check(vc, NULL, &copt, r, NULL), RECO_OK);
    size_t passed = 0, warned = 0;
    for (size_t i = 0; i < reco_report_count(r); i++) {
        const reco_check *c = reco_report_check(r, i);
        if (strcmp(c->name, "issuer-key") == 0) {
            passed += c->status == RECO_CHECK_PASSED;
            warned += c->status == RECO_CHECK_WARNING;
        }
    }
    assert_int_equal(passed, 1);
    assert_int_equal(warned, 1);
    assert_true(reco_report_valid(r));
    reco_report_free(r);
    /* Drop the issuer's proof: the other key alone does not make it the issuer's. */
    json_t *second = json_incref(json_array_get(json_object_get(vc, "proof"), 1));
    json_object_set_new(vc, "proof", second);
    r = reco_report_new("t", NULL);
    assert_int_equal(reco_vc_check(vc, NULL, &copt, r, NULL), RECO_OK);
    assert_string_equal(status_of(r, "proof"), "passed");
    assert_string_equal(status_of(r, "issuer-key"), "failed");
    reco_report_free(r);
    reco_key_free(k2);
    json_decref(vc);

    /* A key that is not the issuer's. */
    vc = parse(base_vc);
    r = check_signed(vc, false, "2024-06-01T00:00:00Z");
    assert_string_equal(status_of(r, "proof"), "passed");
    assert_string_equal(status_of(r, "issuer-key"), "failed");
    assert_non_null(strstr(reco_report_find(r, "issuer-key")->message, "did:example:x"));
    assert_false(reco_report_valid(r));
    reco_report_free(r);
    json_decref(vc);
}

static void test_structure_failures(void **state)
{
    (void)state;
    static const struct {
        const char *key, *value, *message;
    } cases[] = {
        {"@context", "[\"https://example.org/ctx\"]", "@context does not start"},
        {"type", "[\"VerifiableCredential\"]", "type holds none of"},
        {"type", "[\"OpenBadgeCredential\"]", "VerifiableCredential"},
        {"issuer", "{\"name\":\"x\"}", "issuer has no id"},
        {"credentialSubject", "\"x\"", "credentialSubject"},
        {"validFrom", "\"2024-01-01\"", "validFrom"},
        {"validUntil", "\"2024-13-01T00:00:00Z\"", "validUntil"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *vc = parse(base_vc);
        json_object_set_new(vc, cases[i].key, parse(cases[i].value));
        reco_report *r = check_signed(vc, false, "2024-06-01T00:00:00Z");
        const reco_check *c = reco_report_find(r, "structure");
        assert_non_null(c);
        assert_int_equal(c->status, RECO_CHECK_FAILED);
        if (!strstr(c->message, cases[i].message))
            fail_msg("case %zu: expected '%s' in '%s'", i, cases[i].message, c->message);
        assert_false(reco_report_valid(r));
        reco_report_free(r);
        json_decref(vc);
    }
    /* No proof: the proof check fails, the key check cannot run. */
    json_t *vc = parse(base_vc);
    reco_report *r = reco_report_new("t", NULL);
    assert_int_equal(reco_vc_check(vc, NULL, NULL, r, NULL), RECO_OK);
    assert_string_equal(status_of(r, "proof"), "failed");
    assert_string_equal(status_of(r, "issuer-key"), "not-checked");
    assert_false(reco_report_valid(r));
    reco_report_free(r);
    json_decref(vc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validity_rule),
        cmocka_unit_test(test_json_and_text),
        cmocka_unit_test(test_vc_checks),
        cmocka_unit_test(test_structure_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
