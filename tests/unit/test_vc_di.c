/*
 * test_vc_di.c - Data Integrity proofs: sign and verify round trips, tampering of each part
 * caught, unknown suites refused, proof sets and chains.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/json.h"
#include "reco/vc.h"

#include <string.h>

/* These documents use terms no context defines, so they are signed with the JCS suite. */
static const reco_di_sign_options jcs = {.cryptosuite = "eddsa-jcs-2022"};

static json_t *credential(void)
{
    json_t *vc = NULL;
    const char *text =
        "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
        "\"id\":\"urn:uuid:2f1c1a34-8d0a-4e55-9a61-0d8c3b1e7a10\","
        "\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],"
        "\"name\":\"Gardening\",\"issuer\":{\"id\":\"did:example:issuer\",\"type\":[\"Profile\"]},"
        "\"validFrom\":\"2024-01-01T00:00:00Z\","
        "\"credentialSubject\":{\"id\":\"did:example:earner\",\"type\":[\"AchievementSubject\"]}}";
    assert_int_equal(reco_json_parse(text, strlen(text), NULL, &vc, NULL), RECO_OK);
    return vc;
}

static reco_key *new_key(reco_key_type t)
{
    reco_key *k = NULL;
    assert_int_equal(reco_key_generate(t, 0, &k, NULL), RECO_OK);
    return k;
}

static reco_code verify(const json_t *doc, reco_di_result *res, size_t *count)
{
    reco_error err;
    return reco_di_verify(doc, NULL, res, RECO_DI_MAX_PROOFS, count, &err);
}

static json_t *signed_credential(reco_key *k)
{
    json_t *vc = credential();
    reco_error err;
    reco_code rc = reco_di_add_proof(vc, k, &jcs, &err);
    if (rc)
        fail_msg("add proof: %s", err.msg);
    return vc;
}

static void test_round_trip(void **state)
{
    (void)state;
    reco_key *k = new_key(RECO_KEY_ED25519);
    json_t *vc = signed_credential(k);
    json_t *proof = json_object_get(vc, "proof");
    assert_true(json_is_object(proof));
    assert_string_equal(json_string_value(json_object_get(proof, "type")), "DataIntegrityProof");
    assert_string_equal(json_string_value(json_object_get(proof, "cryptosuite")), "eddsa-jcs-2022");
    assert_string_equal(json_string_value(json_object_get(proof, "proofPurpose")),
                        "assertionMethod");
    const char *vm = json_string_value(json_object_get(proof, "verificationMethod"));
    assert_non_null(vm);
    assert_memory_equal(vm, "did:key:z6Mk", 12);
    assert_non_null(strchr(vm, '#'));
    assert_int_equal(json_string_value(json_object_get(proof, "proofValue"))[0], 'z');
    /* §3.3.1 step 2: the proof carries the document's @context. */
    assert_true(
        reco_json_equal(json_object_get(proof, "@context"), json_object_get(vc, "@context")));
    reco_time t;
    const char *created = json_string_value(json_object_get(proof, "created"));
    assert_int_equal(reco_time_parse(created, strlen(created), true, &t, NULL), RECO_OK);

    reco_di_result res[RECO_DI_MAX_PROOFS];
    size_t count = 0;
    assert_int_equal(verify(vc, res, &count), RECO_OK);
    assert_int_equal(count, 1);
    assert_true(res[0].verified);
    assert_string_equal(res[0].cryptosuite, "eddsa-jcs-2022");
    assert_string_equal(res[0].verification_method, vm);
    json_decref(vc);
    reco_key_free(k);
}

/* Change one part of a signed credential; verification must fail with res[0].why set. */
static void expect_tamper_caught(json_t *vc, const char *why_part)
{
    reco_di_result res[RECO_DI_MAX_PROOFS];
    size_t count = 0;
    assert_int_equal(verify(vc, res, &count), RECO_EVERIFY);
    assert_int_equal(count, 1);
    assert_false(res[0].verified);
    if (!strstr(res[0].why.msg, why_part))
        fail_msg("expected '%s' in '%s'", why_part, res[0].why.msg);
}

static void test_tampering(void **state)
{
    (void)state;
    reco_key *k = new_key(RECO_KEY_ED25519);
    reco_key *other = new_key(RECO_KEY_ED25519);
    json_t *vc;

    vc = signed_credential(k);
    json_object_set_new(vc, "name", json_string("Gardening!"));
    expect_tamper_caught(vc, "signature does not match");
    json_decref(vc);

    vc = signed_credential(k);
    json_object_set_new(json_object_get(vc, "credentialSubject"), "id",
                        json_string("did:example:someone-else"));
    expect_tamper_caught(vc, "signature does not match");
    json_decref(vc);

    vc = signed_credential(k);
    json_object_set_new(vc, "validFrom", json_string("2024-01-01T00:00:01Z"));
    expect_tamper_caught(vc, "signature does not match");
    json_decref(vc);

    /* proofValue: one base58 character changed. */
    vc = signed_credential(k);
    json_t *proof = json_object_get(vc, "proof");
    char *pv = strdup(json_string_value(json_object_get(proof, "proofValue")));
    pv[10] = pv[10] == 'A' ? 'B' : 'A';
    json_object_set_new(proof, "proofValue", json_string(pv));
    free(pv);
    expect_tamper_caught(vc, "signature does not match");
    json_decref(vc);

    /* proofValue that is not base58btc multibase. */
    vc = signed_credential(k);
    json_object_set_new(json_object_get(vc, "proof"), "proofValue", json_string("uAAAA"));
    expect_tamper_caught(vc, "multibase base58btc");
    json_decref(vc);

    /* verificationMethod swapped for another key: the signature is not that key's. */
    vc = signed_credential(k);
    reco_buf did, mk;
    reco_buf_init(&did, 0);
    reco_buf_init(&mk, 0);
    assert_int_equal(reco_key_to_did_key(other, &did, NULL), RECO_OK);
    assert_int_equal(reco_key_to_multikey(other, &mk, NULL), RECO_OK);
    reco_buf_putc(&did, '#');
    reco_buf_puts(&did, mk.data);
    json_object_set_new(json_object_get(vc, "proof"), "verificationMethod", json_string(did.data));
    expect_tamper_caught(vc, "signature does not match");
    json_decref(vc);
    reco_buf_release(&did);
    reco_buf_release(&mk);

    /* A proof @context that is not the start of the document's (§3.3.2 step 4.1). */
    vc = signed_credential(k);
    json_object_set_new(json_object_get(vc, "proof"), "@context",
                        json_pack("[s]", "https://example.org/other"));
    expect_tamper_caught(vc, "@context");
    json_decref(vc);

    /* Another purpose than the verifier expects (§4.4 step 5). */
    vc = signed_credential(k);
    json_object_set_new(json_object_get(vc, "proof"), "proofPurpose",
                        json_string("authentication"));
    expect_tamper_caught(vc, "purpose");
    json_decref(vc);

    reco_key_free(k);
    reco_key_free(other);
}

static void test_unknown_suite(void **state)
{
    (void)state;
    reco_key *k = new_key(RECO_KEY_ED25519);
    json_t *vc = credential();
    reco_error err;
    reco_di_sign_options opt = {.cryptosuite = "eddsa-foo-2099"};
    assert_int_equal(reco_di_add_proof(vc, k, &opt, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "unknown cryptosuite 'eddsa-foo-2099'"));
    assert_null(json_object_get(vc, "proof"));
    json_decref(vc);

    vc = signed_credential(k);
    json_object_set_new(json_object_get(vc, "proof"), "cryptosuite", json_string("eddsa-foo-2099"));
    expect_tamper_caught(vc, "unsupported proof type DataIntegrityProof/eddsa-foo-2099");
    json_decref(vc);

    vc = signed_credential(k);
    json_object_set_new(json_object_get(vc, "proof"), "type", json_string("Ed25519Signature2020"));
    expect_tamper_caught(vc, "unsupported proof type Ed25519Signature2020");
    json_decref(vc);

    /* No proof at all is a malformed secured document, not a verdict on a proof. */
    vc = credential();
    reco_di_result res[RECO_DI_MAX_PROOFS];
    size_t count = 7;
    assert_int_equal(verify(vc, res, &count), RECO_ESCHEMA);
    assert_int_equal(count, 0);
    json_decref(vc);
    reco_key_free(k);
}

static void test_key_type_refused(void **state)
{
    (void)state;
    reco_key *p256 = new_key(RECO_KEY_P256);
    json_t *vc = credential();
    reco_error err;
    assert_int_equal(reco_di_add_proof(vc, p256, &jcs, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "ed25519"));
    json_decref(vc);
    reco_key_free(p256);
}

static void test_proof_set(void **state)
{
    (void)state;
    reco_key *a = new_key(RECO_KEY_ED25519);
    reco_key *b = new_key(RECO_KEY_ED25519);
    json_t *vc = signed_credential(a);
    json_t *first = json_deep_copy(json_object_get(vc, "proof"));
    reco_error err;
    assert_int_equal(reco_di_add_proof(vc, b, &jcs, &err), RECO_OK);
    json_t *set = json_object_get(vc, "proof");
    assert_true(json_is_array(set));
    assert_int_equal(json_array_size(set), 2);
    /* The existing proof stays as it was; the new one goes alongside. */
    assert_true(reco_json_equal(json_array_get(set, 0), first));

    reco_di_result res[RECO_DI_MAX_PROOFS];
    size_t count = 0;
    assert_int_equal(verify(vc, res, &count), RECO_OK);
    assert_int_equal(count, 2);
    assert_true(res[0].verified && res[1].verified);
    assert_string_not_equal(res[0].verification_method, res[1].verification_method);

    /* Both must verify: breaking the second fails the set, the first still verifies. */
    json_object_set_new(json_array_get(set, 1), "created", json_string("2001-01-01T00:00:00Z"));
    assert_int_equal(verify(vc, res, &count), RECO_EVERIFY);
    assert_true(res[0].verified);
    assert_false(res[1].verified);
    json_decref(first);
    json_decref(vc);
    reco_key_free(a);
    reco_key_free(b);
}

static void test_proof_chain(void **state)
{
    (void)state;
    reco_key *a = new_key(RECO_KEY_ED25519);
    reco_key *b = new_key(RECO_KEY_ED25519);
    json_t *vc = credential();
    reco_error err;
    reco_di_sign_options o1 = {.id = "urn:proof-1", .cryptosuite = "eddsa-jcs-2022"};
    reco_di_sign_options o2 = {
        .id = "urn:proof-2", .previous_proof = "urn:proof-1", .cryptosuite = "eddsa-jcs-2022"};
    reco_di_sign_options bad = {.previous_proof = "urn:proof-9"};
    assert_int_equal(reco_di_add_proof(vc, a, &o1, &err), RECO_OK);
    assert_int_equal(reco_di_add_proof(vc, b, &bad, &err), RECO_ESCHEMA);
    assert_int_equal(reco_di_add_proof(vc, b, &o2, &err), RECO_OK);

    reco_di_result res[RECO_DI_MAX_PROOFS];
    size_t count = 0;
    assert_int_equal(verify(vc, res, &count), RECO_OK);
    assert_int_equal(count, 2);

    /* The second proof signs the first: changing the first's proofValue breaks both. */
    json_t *p1 = json_array_get(json_object_get(vc, "proof"), 0);
    json_t *p2 = json_array_get(json_object_get(vc, "proof"), 1);
    json_t *other = signed_credential(b);
    json_object_set(p1, "proofValue",
                    json_object_get(json_object_get(other, "proof"), "proofValue"));
    assert_int_equal(verify(vc, res, &count), RECO_EVERIFY);
    assert_false(res[0].verified);
    assert_false(res[1].verified);

    /* A previousProof that names nothing is refused. */
    json_object_set_new(p2, "previousProof", json_string("urn:proof-404"));
    assert_int_equal(verify(vc, res, &count), RECO_EVERIFY);
    assert_non_null(strstr(res[1].why.msg, "urn:proof-404"));
    json_decref(other);
    json_decref(vc);
    reco_key_free(a);
    reco_key_free(b);
}

static reco_code refuse_all(void *ctx, const char *vm, reco_key **out, reco_error *err)
{
    (void)ctx;
    (void)out;
    return reco_error_set(err, RECO_ENOTFOUND, NULL, "no resolver for %s", vm);
}

/* A method no resolver knows: the proof could not be checked, which is not "wrong". */
static void test_unresolved_method(void **state)
{
    (void)state;
    reco_key *k = new_key(RECO_KEY_ED25519);
    json_t *vc = signed_credential(k);
    reco_di_result res[RECO_DI_MAX_PROOFS];
    size_t count = 0;
    reco_di_verify_options opt = {.resolve = refuse_all};
    assert_int_equal(reco_di_verify(vc, &opt, res, RECO_DI_MAX_PROOFS, &count, NULL), RECO_EVERIFY);
    assert_false(res[0].verified);
    assert_true(res[0].unchecked);
    assert_non_null(strstr(res[0].why.msg, "no resolver"));
    /* The default resolver knows did:key only. */
    json_object_set_new(json_object_get(vc, "proof"), "verificationMethod",
                        json_string("https://example.org/issuers/1#key-1"));
    assert_int_equal(verify(vc, res, &count), RECO_EVERIFY);
    assert_true(res[0].unchecked);
    /* A bad signature is checked and wrong. */
    json_decref(vc);
    vc = signed_credential(k);
    json_object_set_new(vc, "name", json_string("x"));
    assert_int_equal(verify(vc, res, &count), RECO_EVERIFY);
    assert_false(res[0].unchecked);
    json_decref(vc);
    reco_key_free(k);
}

static void test_suite_table(void **state)
{
    (void)state;
    const reco_di_suite *s = reco_di_suite_find(RECO_DI_DEFAULT_SUITE);
    assert_non_null(s);
    assert_int_equal(s->key_type, RECO_KEY_ED25519);
    assert_null(reco_di_suite_find("nope"));
    assert_null(reco_di_suite_find(NULL));
    size_t n = 0;
    while (reco_di_suite_at(n))
        n++;
    assert_int_equal(n, 4);
    assert_string_equal(RECO_DI_DEFAULT_SUITE, "eddsa-rdfc-2022");
}

/* Every suite of the table signs and verifies; the RDFC ones need defined terms only. Legacy
 * Ed25519Signature2020 proofs have no cryptosuite member; a proof whose cryptosuite is changed
 * to another suite of the same algorithm (eddsa-2022 <-> eddsa-rdfc-2022) no longer verifies,
 * because the proof options are signed. */
static void test_every_suite(void **state)
{
    (void)state;
    static const char text[] =
        "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"id\":\"urn:uuid:1\","
        "\"type\":[\"VerifiableCredential\"],\"name\":\"A credential\","
        "\"issuer\":\"did:example:issuer\",\"validFrom\":\"2024-01-01T00:00:00Z\","
        "\"credentialSubject\":{\"id\":\"did:example:alice\"}}";
    reco_key *k = new_key(RECO_KEY_ED25519);
    const char *const names[] = {"eddsa-rdfc-2022", "eddsa-jcs-2022", "eddsa-2022",
                                 "Ed25519Signature2020"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        json_t *vc = NULL;
        reco_error err;
        reco_di_result res[RECO_DI_MAX_PROOFS];
        size_t count = 0;
        assert_int_equal(reco_json_parse(text, strlen(text), NULL, &vc, NULL), RECO_OK);
        reco_di_sign_options so = {.cryptosuite = names[i]};
        /* The Ed25519Signature2020 terms come from their own context, which the document names. */
        if (strcmp(names[i], "Ed25519Signature2020") == 0)
            json_array_append_new(json_object_get(vc, "@context"),
                                  json_string("https://w3id.org/security/suites/ed25519-2020/v1"));
        if (reco_di_add_proof(vc, k, &so, &err) != RECO_OK)
            fail_msg("%s: %s", names[i], err.msg);
        json_t *proof = json_object_get(vc, "proof");
        const reco_di_suite *suite = reco_di_suite_find(names[i]);
        assert_non_null(suite);
        assert_string_equal(json_string_value(json_object_get(proof, "type")), suite->proof_type);
        if (strcmp(suite->proof_type, "DataIntegrityProof") == 0)
            assert_string_equal(json_string_value(json_object_get(proof, "cryptosuite")), names[i]);
        else
            assert_null(json_object_get(proof, "cryptosuite"));
        if (verify(vc, res, &count) != RECO_OK)
            fail_msg("%s: %s", names[i], res[0].why.msg);
        assert_string_equal(res[0].cryptosuite, names[i]);
        if (strcmp(names[i], "eddsa-2022") == 0) {
            json_object_set_new(proof, "cryptosuite", json_string("eddsa-rdfc-2022"));
            assert_int_equal(verify(vc, res, &count), RECO_EVERIFY);
        }
        /* A legacy type with a cryptosuite, or DataIntegrityProof naming a proof type: refused. */
        if (strcmp(names[i], "Ed25519Signature2020") == 0) {
            json_object_set_new(proof, "cryptosuite", json_string("eddsa-rdfc-2022"));
            assert_int_equal(verify(vc, res, &count), RECO_EVERIFY);
            assert_non_null(strstr(res[0].why.msg, "unsupported proof type"));
            json_object_del(proof, "cryptosuite");
            json_object_set_new(proof, "type", json_string("DataIntegrityProof"));
            json_object_set_new(proof, "cryptosuite", json_string("Ed25519Signature2020"));
            assert_int_equal(verify(vc, res, &count), RECO_EVERIFY);
        }
        json_decref(vc);
    }
    reco_key_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),    cmocka_unit_test(test_tampering),
        cmocka_unit_test(test_unknown_suite), cmocka_unit_test(test_key_type_refused),
        cmocka_unit_test(test_proof_set),     cmocka_unit_test(test_proof_chain),
        cmocka_unit_test(test_suite_table),   cmocka_unit_test(test_unresolved_method),
        cmocka_unit_test(test_every_suite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
