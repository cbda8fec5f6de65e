/*
 * test_ob_issue.c - Open Badges 3.0 issuance and verification: the credential's shape, the
 * e-mail IdentityObject, the Achievement and Profile checks (errors name the JSON path), and
 * issue -> verify round trips where every kind of tampering is caught by the named check.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/json.h"
#include "reco/ob.h"

#include <string.h>

static const char *ach_text =
    "{\"id\":\"https://example.org/achievements/welding-2\",\"type\":[\"Achievement\"],"
    "\"name\":\"Welding level 2\",\"description\":\"Welds steel plates safely.\","
    "\"criteria\":{\"narrative\":\"Pass the practical test.\"}}";

static json_t *parse(const char *text)
{
    json_t *v = NULL;
    assert_int_equal(reco_json_parse(text, strlen(text), NULL, &v, NULL), RECO_OK);
    return v;
}

typedef struct fixture {
    reco_key *key;
    json_t *ach;
    reco_buf did;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_int_equal(reco_key_generate(RECO_KEY_ED25519, 0, &f->key, NULL), RECO_OK);
    f->ach = parse(ach_text);
    reco_buf_init(&f->did, 0);
    assert_int_equal(reco_key_to_did_key(f->key, &f->did, NULL), RECO_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    reco_key_free(f->key);
    json_decref(f->ach);
    reco_buf_release(&f->did);
    free(f);
    return 0;
}

static json_t *issue(fixture *f, const char *subject)
{
    json_t *vc = NULL;
    reco_error err;
    reco_ob_issue_params p = {.achievement = f->ach, .subject = subject};
    if (reco_ob_issue(&p, f->key, NULL, &vc, &err) != RECO_OK)
        fail_msg("issue: %s", err.msg);
    return vc;
}

static reco_report *verify(const json_t *vc)
{
    reco_report *r = reco_report_new("test", NULL);
    assert_int_equal(reco_ob_verify(vc, NULL, r, NULL), RECO_OK);
    return r;
}

static const char *status_of(const reco_report *r, const char *name)
{
    /* The first failed check of that name if any, else the first of that name. */
    const char *st = "(none)";
    for (size_t i = 0; i < reco_report_count(r); i++) {
        const reco_check *c = reco_report_check(r, i);
        if (strcmp(c->name, name) != 0)
            continue;
        if (c->status == RECO_CHECK_FAILED)
            return "failed";
        if (strcmp(st, "(none)") == 0)
            st = reco_check_status_name(c->status);
    }
    return st;
}

static void test_shape_did_subject(void **state)
{
    fixture *f = *state;
    json_t *vc = issue(f, "did:example:earner");
    json_t *ctx = json_object_get(vc, "@context");
    assert_string_equal(json_string_value(json_array_get(ctx, 0)),
                        "https://www.w3.org/ns/credentials/v2");
    assert_string_equal(json_string_value(json_array_get(ctx, 1)), RECO_OB3_CONTEXT);
    const char *id = json_string_value(json_object_get(vc, "id"));
    assert_int_equal(strlen(id), strlen("urn:uuid:") + 36);
    assert_memory_equal(id, "urn:uuid:", 9);
    assert_int_equal(id[9 + 14], '4'); /* version 4 */
    assert_non_null(strchr("89ab", id[9 + 19]));
    json_t *type = json_object_get(vc, "type");
    assert_string_equal(json_string_value(json_array_get(type, 0)), "VerifiableCredential");
    assert_string_equal(json_string_value(json_array_get(type, 1)), "OpenBadgeCredential");
    assert_string_equal(json_string_value(json_object_get(vc, "name")), "Welding level 2");
    json_t *iss = json_object_get(vc, "issuer");
    assert_string_equal(json_string_value(json_object_get(iss, "id")), f->did.data);
    assert_string_equal(json_string_value(json_array_get(json_object_get(iss, "type"), 0)),
                        "Profile");
    json_t *s = json_object_get(vc, "credentialSubject");
    assert_string_equal(json_string_value(json_object_get(s, "id")), "did:example:earner");
    assert_string_equal(json_string_value(json_array_get(json_object_get(s, "type"), 0)),
                        "AchievementSubject");
    assert_true(reco_json_equal(json_object_get(s, "achievement"), f->ach));
    const char *from = json_string_value(json_object_get(vc, "validFrom"));
    reco_time t, now = reco_time_now();
    assert_int_equal(reco_time_parse(from, strlen(from), true, &t, NULL), RECO_OK);
    assert_true(t.sec <= now.sec && t.sec > now.sec - 3600);
    assert_null(json_object_get(vc, "validUntil"));
    /* Two credentials never share an id. */
    json_t *vc2 = issue(f, "did:example:earner");
    assert_string_not_equal(id, json_string_value(json_object_get(vc2, "id")));
    json_decref(vc2);
    json_decref(vc);
}

static void test_email_subject(void **state)
{
    fixture *f = *state;
    json_t *vc = issue(f, "earner@example.org");
    json_t *s = json_object_get(vc, "credentialSubject");
    assert_null(json_object_get(s, "id"));
    json_t *idobj = json_array_get(json_object_get(s, "identifier"), 0);
    assert_string_equal(json_string_value(json_object_get(idobj, "type")), "IdentityObject");
    assert_true(json_is_true(json_object_get(idobj, "hashed")));
    assert_string_equal(json_string_value(json_object_get(idobj, "identityType")), "emailAddress");
    const char *salt = json_string_value(json_object_get(idobj, "salt"));
    assert_true(salt && strlen(salt) >= 16);
    reco_buf want;
    reco_buf_init(&want, 0);
    assert_int_equal(reco_ob_identity_hash("earner@example.org", salt, &want, NULL), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(idobj, "identityHash")), want.data);
    assert_memory_equal(want.data, "sha256$", 7);
    assert_int_equal(want.len, 7 + 64);
    reco_buf_release(&want);
    /* A fresh salt each time: the same address does not give the same hash. */
    json_t *vc2 = issue(f, "earner@example.org");
    json_t *id2 =
        json_array_get(json_object_get(json_object_get(vc2, "credentialSubject"), "identifier"), 0);
    assert_string_not_equal(json_string_value(json_object_get(idobj, "identityHash")),
                            json_string_value(json_object_get(id2, "identityHash")));
    reco_report *r = verify(vc);
    assert_true(reco_report_valid(r));
    reco_report_free(r);
    json_decref(vc2);
    json_decref(vc);
}

static void test_identity_hash_known_value(void **state)
{
    (void)state;
    /* SHA-256("abc") from FIPS 180-2, as an unsalted identity. */
    reco_buf h;
    reco_buf_init(&h, 0);
    assert_int_equal(reco_ob_identity_hash("ab", "c", &h, NULL), RECO_OK);
    assert_string_equal(h.data,
                        "sha256$ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    reco_buf_release(&h);
}

static void test_achievement_checks(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *edit; /* member to delete, or "key=json" to set */
        const char *path, *message;
    } cases[] = {
        {"id", "/id", "achievement id is missing"},
        {"type", "/type", "achievement type is missing"},
        {"name", "/name", "achievement name is missing"},
        {"description", "/description", "achievement description is missing"},
        {"criteria", "/criteria", "achievement criteria is missing"},
        {"id=\"not a uri\"", "/id", "absolute URI"},
        {"type=[\"Badge\"]", "/type", "Achievement"},
        {"name=42", "/name", "not a non-empty string"},
        {"criteria=\"x\"", "/criteria", "not an object"},
        {"criteria={}", "/criteria", "neither id nor narrative"},
        {"criteria={\"id\":\"relative/x\"}", "/criteria/id", "absolute URI"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *a = json_deep_copy(f->ach);
        const char *eq = strchr(cases[i].edit, '=');
        if (eq) {
            char key[32];
            snprintf(key, sizeof key, "%.*s", (int)(eq - cases[i].edit), cases[i].edit);
            json_object_set_new(a, key, parse(eq + 1));
        } else {
            json_object_del(a, cases[i].edit);
        }
        reco_error err;
        assert_int_equal(reco_ob_check_achievement(a, &err), RECO_ESCHEMA);
        assert_string_equal(err.path, cases[i].path);
        if (!strstr(err.msg, cases[i].message))
            fail_msg("case %zu: expected '%s' in '%s'", i, cases[i].message, err.msg);
        /* The same error comes out of issuance, and nothing is issued. */
        json_t *vc = (json_t *)1;
        reco_ob_issue_params p = {.achievement = a, .subject = "did:example:x"};
        assert_int_equal(reco_ob_issue(&p, f->key, NULL, &vc, &err), RECO_ESCHEMA);
        assert_null(vc);
        assert_string_equal(err.path, cases[i].path);
        json_decref(a);
    }
    assert_int_equal(reco_ob_check_achievement(f->ach, NULL), RECO_OK);
}

static void test_issuer_profile(void **state)
{
    fixture *f = *state;
    reco_error err;
    json_t *vc = NULL;
    json_t *profile = parse("{\"type\":[\"Profile\"],\"name\":\"Atelier\"}");
    reco_ob_issue_params p = {.achievement = f->ach, .subject = "did:example:x", .issuer = profile};
    assert_int_equal(reco_ob_issue(&p, f->key, NULL, &vc, &err), RECO_OK);
    json_t *iss = json_object_get(vc, "issuer");
    assert_string_equal(json_string_value(json_object_get(iss, "id")), f->did.data);
    assert_string_equal(json_string_value(json_object_get(iss, "name")), "Atelier");
    reco_report *r = verify(vc);
    assert_true(reco_report_valid(r));
    reco_report_free(r);
    json_decref(vc);

    /* An id that is not the key's did:key is refused: verification could not bind them. */
    json_object_set_new(profile, "id", json_string("https://example.org/issuers/atelier"));
    vc = NULL;
    assert_int_equal(reco_ob_issue(&p, f->key, NULL, &vc, &err), RECO_ESCHEMA);
    assert_string_equal(err.path, "/id");
    assert_non_null(strstr(err.msg, "did:key"));
    assert_null(vc);
    /* The key's own did:key is accepted. */
    json_object_set_new(profile, "id", json_string(f->did.data));
    assert_int_equal(reco_ob_issue(&p, f->key, NULL, &vc, &err), RECO_OK);
    json_decref(vc);
    /* Not a Profile. */
    json_object_set_new(profile, "type", json_pack("[s]", "Organization"));
    assert_int_equal(reco_ob_issue(&p, f->key, NULL, &vc, &err), RECO_ESCHEMA);
    assert_string_equal(err.path, "/type");
    json_decref(profile);
}

static void test_bad_params(void **state)
{
    fixture *f = *state;
    reco_error err;
    json_t *vc = NULL;
    reco_ob_issue_params p = {.achievement = f->ach, .subject = "someone"};
    assert_int_equal(reco_ob_issue(&p, f->key, NULL, &vc, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "subject"));
    p.subject = "";
    assert_int_equal(reco_ob_issue(&p, f->key, NULL, &vc, &err), RECO_EINVAL);
    p.subject = "a@b@example.org";
    assert_int_equal(reco_ob_issue(&p, f->key, NULL, &vc, &err), RECO_EINVAL);
    p.subject = "did:example:\xff";
    assert_int_equal(reco_ob_issue(&p, f->key, NULL, &vc, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "UTF-8"));
    reco_time from, until;
    assert_int_equal(reco_time_parse("2030-01-01T00:00:00Z", 20, true, &from, NULL), RECO_OK);
    assert_int_equal(reco_time_parse("2029-01-01T00:00:00Z", 20, true, &until, NULL), RECO_OK);
    p.subject = "did:example:x";
    p.valid_from = &from;
    p.valid_until = &until;
    assert_int_equal(reco_ob_issue(&p, f->key, NULL, &vc, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "valid-until"));
    /* Dates given are written as given; the proof suite can be chosen. */
    p.valid_from = &until;
    p.valid_until = &from;
    reco_di_sign_options so = {.cryptosuite = "eddsa-jcs-2022"};
    assert_int_equal(reco_ob_issue(&p, f->key, &so, &vc, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(vc, "validFrom")),
                        "2029-01-01T00:00:00Z");
    assert_string_equal(json_string_value(json_object_get(vc, "validUntil")),
                        "2030-01-01T00:00:00Z");
    json_decref(vc);
    so.cryptosuite = "nope-2022";
    vc = NULL;
    assert_int_equal(reco_ob_issue(&p, f->key, &so, &vc, &err), RECO_EINVAL);
    assert_null(vc);
}

/* Each edit of a valid credential must make verification fail on the named check. */
static void test_tampering(void **state)
{
    fixture *f = *state;
    reco_key *other = NULL;
    assert_int_equal(reco_key_generate(RECO_KEY_ED25519, 0, &other, NULL), RECO_OK);

    json_t *vc = issue(f, "did:example:earner");
    reco_report *r = verify(vc);
    assert_true(reco_report_valid(r));
    assert_string_equal(reco_report_summary(r, "subject"), "did:example:earner");
    assert_string_equal(reco_report_summary(r, "achievement"), "Welding level 2");
    assert_string_equal(reco_report_kind(r), "ob3-data-integrity");
    reco_report_free(r);

    static const struct {
        const char *member, *value, *check;
    } edits[] = {
        {"name", "\"Welding level 3\"", "proof"},
        {"validFrom", "\"2020-01-01T00:00:00Z\"", "proof"},
        {"credentialSubject",
         "{\"id\":\"did:example:mallory\",\"type\":[\"AchievementSubject\"],"
         "\"achievement\":{}}",
         "proof"},
        {"validUntil", "\"2021-01-01T00:00:00Z\"", "valid-until"},
        {"type", "[\"VerifiableCredential\"]", "structure"},
        {"@context", "[\"https://www.w3.org/ns/credentials/v2\"]", "structure"},
        {"@context",
         "[\"https://www.w3.org/ns/credentials/v2\","
         "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.x.json\"]",
         "structure"},
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        json_t *t = json_deep_copy(vc);
        json_object_set_new(t, edits[i].member, parse(edits[i].value));
        r = verify(t);
        assert_false(reco_report_valid(r));
        if (strcmp(status_of(r, edits[i].check), "failed") != 0)
            fail_msg("edit of %s: check %s is %s", edits[i].member, edits[i].check,
                     status_of(r, edits[i].check));
        reco_report_free(r);
        json_decref(t);
    }

    /* Signed by another key: the proof holds, the issuer binding does not. */
    json_t *t = json_deep_copy(vc);
    json_object_del(t, "proof");
    assert_int_equal(reco_di_add_proof(t, other, NULL, NULL), RECO_OK);
    r = verify(t);
    assert_string_equal(status_of(r, "proof"), "passed");
    assert_string_equal(status_of(r, "issuer-key"), "failed");
    assert_false(reco_report_valid(r));
    reco_report_free(r);
    json_decref(t);

    /* A subject without id or identifier is not an OB 3.0 credential (§verification step 1). */
    t = json_deep_copy(vc);
    json_object_del(json_object_get(t, "credentialSubject"), "id");
    r = verify(t);
    assert_string_equal(status_of(r, "structure"), "failed");
    reco_report_free(r);
    json_decref(t);
    json_decref(vc);
    reco_key_free(other);
}

static void test_recipient(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *subject, *known;
        bool match;
    } cases[] = {
        {"earner@example.org", "earner@example.org", true},
        {"earner@example.org", "other@example.org", false},
        {"earner@example.org", "did:example:earner", false},
        {"did:example:earner", "did:example:earner", true},
        {"did:example:earner", "did:example:other", false},
        {"did:example:earner", "earner@example.org", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *vc = issue(f, cases[i].subject);
        reco_ob_verify_options opt = {.recipient = cases[i].known};
        reco_report *r = reco_report_new("t", NULL);
        assert_int_equal(reco_ob_verify(vc, &opt, r, NULL), RECO_OK);
        assert_string_equal(status_of(r, "recipient"), cases[i].match ? "passed" : "failed");
        assert_int_equal(reco_report_valid(r), cases[i].match);
        reco_report_free(r);
        json_decref(vc);
    }
    /* An unhashed identifier compares as is; no recipient given, no check. */
    json_t *vc = issue(f, "did:example:earner");
    json_t *s = json_object_get(vc, "credentialSubject");
    json_object_set_new(s, "identifier",
                        json_pack("[{s:s, s:b, s:s, s:s}]", "type", "IdentityObject", "hashed", 0,
                                  "identityHash", "plain@example.org", "identityType",
                                  "emailAddress"));
    reco_ob_verify_options opt = {.recipient = "plain@example.org"};
    reco_report *r = reco_report_new("t", NULL);
    assert_int_equal(reco_ob_verify(vc, &opt, r, NULL), RECO_OK);
    assert_string_equal(status_of(r, "recipient"), "passed");
    reco_report_free(r);
    r = verify(vc);
    assert_null(reco_report_find(r, "recipient"));
    reco_report_free(r);
    json_decref(vc);
}

/* An EndorsementCredential about the achievement, signed by endorser. */
static json_t *endorsement(reco_key *endorser, const char *comment)
{
    reco_buf did;
    reco_buf_init(&did, 0);
    assert_int_equal(reco_key_to_did_key(endorser, &did, NULL), RECO_OK);
    json_t *e =
        json_pack("{s:[s,s], s:s, s:[s,s], s:s, s:{s:s, s:[s]}, s:s, s:{s:s, s:[s], s:s}}",
                  "@context", "https://www.w3.org/ns/credentials/v2", RECO_OB3_CONTEXT, "id",
                  "urn:uuid:0b5f6e0e-7d1f-4c43-9e3f-1c2d3e4f5a6b", "type", "VerifiableCredential",
                  "EndorsementCredential", "name", "Endorsement of Welding level 2", "issuer", "id",
                  did.data, "type", "Profile", "validFrom", "2024-01-01T00:00:00Z",
                  "credentialSubject", "id", "https://example.org/achievements/welding-2", "type",
                  "EndorsementSubject", "endorsementComment", comment);
    assert_non_null(e);
    assert_int_equal(reco_di_add_proof(e, endorser, NULL, NULL), RECO_OK);
    reco_buf_release(&did);
    return e;
}

static void test_endorsements(void **state)
{
    fixture *f = *state;
    reco_key *endorser = NULL;
    assert_int_equal(reco_key_generate(RECO_KEY_ED25519, 0, &endorser, NULL), RECO_OK);
    json_t *good = endorsement(endorser, "A sound assessment.");
    json_t *bad = endorsement(endorser, "A sound assessment.");
    /* Changed after signing: this endorsement does not verify. */
    json_object_set_new(json_object_get(bad, "credentialSubject"), "endorsementComment",
                        json_string("Changed."));

    json_object_set_new(f->ach, "endorsement", json_pack("[O]", good));
    json_t *vc = issue(f, "did:example:earner");
    reco_report *r = verify(vc);
    assert_true(reco_report_valid(r));
    assert_string_equal(status_of(r, "endorsements"), "passed");
    assert_int_equal(reco_report_child_count(r), 1);
    const char *label = NULL;
    const reco_report *child = reco_report_child(r, 0, &label);
    assert_string_equal(label, "endorsement 1 of the achievement");
    assert_string_equal(reco_report_kind(child), "ob3-data-integrity");
    assert_true(reco_report_valid(child));
    assert_non_null(reco_report_summary(child, "endorser"));
    reco_report_free(r);
    json_decref(vc);

    /* One good, one broken: the credential stays valid, the endorsements line warns. */
    json_object_set_new(f->ach, "endorsement", json_pack("[O,O]", good, bad));
    vc = issue(f, "did:example:earner");
    r = verify(vc);
    assert_true(reco_report_valid(r));
    assert_string_equal(status_of(r, "endorsements"), "warning");
    assert_int_equal(reco_report_child_count(r), 2);
    assert_true(reco_report_valid(reco_report_child(r, 0, NULL)));
    child = reco_report_child(r, 1, NULL);
    assert_false(reco_report_valid(child));
    assert_string_equal(status_of(child, "proof"), "failed");
    reco_report_free(r);
    json_decref(vc);

    /* Not an EndorsementCredential: its structure check fails in the nested report. */
    json_t *vc_as_endorsement = issue(f, "did:example:x");
    json_object_set_new(f->ach, "endorsement", json_pack("[O]", vc_as_endorsement));
    vc = issue(f, "did:example:earner");
    r = verify(vc);
    assert_string_equal(status_of(reco_report_child(r, 0, NULL), "structure"), "failed");
    reco_report_free(r);
    json_decref(vc);
    json_decref(vc_as_endorsement);

    /* No endorsement, no line. */
    json_object_del(f->ach, "endorsement");
    vc = issue(f, "did:example:earner");
    r = verify(vc);
    assert_null(reco_report_find(r, "endorsements"));
    assert_int_equal(reco_report_child_count(r), 0);
    reco_report_free(r);
    json_decref(vc);
    json_decref(good);
    json_decref(bad);
    reco_key_free(endorser);
}

static void test_verify_bytes(void **state)
{
    fixture *f = *state;
    json_t *vc = issue(f, "did:example:earner");
    reco_buf text;
    reco_buf_init(&text, 0);
    assert_int_equal(reco_json_write(vc, 0, &text, NULL), RECO_OK);
    reco_report *r = NULL;
    assert_int_equal(reco_ob_verify_bytes(text.data, text.len, "x.json", NULL, &r, NULL), RECO_OK);
    assert_true(reco_report_valid(r));
    assert_string_equal(reco_report_input(r), "x.json");
    assert_string_equal(status_of(r, "json"), "passed");
    reco_report_free(r);
    /* Truncated: the json check fails, the report is still made. */
    assert_int_equal(reco_ob_verify_bytes(text.data, text.len / 2, "x.json", NULL, &r, NULL),
                     RECO_OK);
    assert_false(reco_report_valid(r));
    assert_string_equal(status_of(r, "json"), "failed");
    reco_report_free(r);
    /* Over the configured size limit. */
    reco_ob_verify_options opt = {.limits = {.max_bytes = 64}};
    assert_int_equal(reco_ob_verify_bytes(text.data, text.len, "x.json", &opt, &r, NULL), RECO_OK);
    assert_string_equal(status_of(r, "json"), "failed");
    reco_report_free(r);
    reco_buf_release(&text);
    json_decref(vc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_shape_did_subject, setup, teardown),
        cmocka_unit_test_setup_teardown(test_email_subject, setup, teardown),
        cmocka_unit_test(test_identity_hash_known_value),
        cmocka_unit_test_setup_teardown(test_achievement_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_issuer_profile, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_params, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tampering, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recipient, setup, teardown),
        cmocka_unit_test_setup_teardown(test_endorsements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_bytes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
