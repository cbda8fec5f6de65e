/*
 * test_vc_status.c - credential status: encodedList round trips, the bit order of Bitstring
 * Status List §5.2, GZIP bombs and broken lists refused, and whole checks against signed list
 * credentials served by a fetcher of the test: revoked and clear entries, suspension, a list with
 * a bad proof, from another issuer, expired, out of range, unreachable, offline; the 1EdTech
 * revocation list; and the DCC fixture list when the public vectors are present.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reco/json.h"
#include "reco/status.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_BYTES 16384

/* ---------------------------------------------------------------- bitstrings */

static void test_round_trip(void **state)
{
    (void)state;
    uint8_t *bits = calloc(1, LIST_BYTES);
    reco_buf enc, dec;
    reco_error err;
    uint8_t noise[64];
    assert_int_equal(reco_random(noise, sizeof noise, NULL), RECO_OK);
    for (size_t i = 0; i < sizeof noise; i++)
        reco_status_list_set(bits, LIST_BYTES, (uint64_t)noise[i] * 509u, true);
    reco_buf_init(&enc, 0);
    reco_buf_init(&dec, 0);
    assert_int_equal(reco_status_list_encode(bits, LIST_BYTES, &enc, &err), RECO_OK);
    /* Multibase base64url of GZIP: 'u' then "H4sI" (1f 8b 08). */
    assert_memory_equal(enc.data, "uH4sI", 5);
    assert_int_equal(reco_status_list_decode(enc.data, enc.len, 0, &dec, &err), RECO_OK);
    assert_int_equal(dec.len, LIST_BYTES);
    assert_memory_equal(dec.data, bits, LIST_BYTES);
    /* StatusList2021 wrote the same base64url without the multibase prefix. */
    reco_buf_clear(&dec);
    assert_int_equal(reco_status_list_decode(enc.data + 1, enc.len - 1, 0, &dec, &err), RECO_OK);
    assert_memory_equal(dec.data, bits, LIST_BYTES);
    reco_buf_release(&enc);
    reco_buf_release(&dec);
    free(bits);
}

static void test_bit_order(void **state)
{
    (void)state;
    uint8_t bits[4] = {0};
    uint32_t v = 9;
    reco_error err;
    /* §5.2: index 0 is the left-most bit of the first byte. */
    assert_true(reco_status_list_set(bits, sizeof bits, 0, true));
    assert_int_equal(bits[0], 0x80);
    /* Index 23 is the right-most bit of the third byte (the 1EdTech testlist has 0x01 there). */
    assert_true(reco_status_list_set(bits, sizeof bits, 23, true));
    assert_int_equal(bits[2], 0x01);
    assert_int_equal(reco_status_list_get(bits, sizeof bits, 23, 1, &v, &err), RECO_OK);
    assert_int_equal(v, 1);
    assert_int_equal(reco_status_list_get(bits, sizeof bits, 22, 1, &v, &err), RECO_OK);
    assert_int_equal(v, 0);
    assert_int_equal(reco_status_list_get(bits, sizeof bits, 16, 1, &v, &err), RECO_OK);
    assert_int_equal(v, 0);
    assert_int_equal(reco_status_list_get(bits, sizeof bits, 0, 1, &v, &err), RECO_OK);
    assert_int_equal(v, 1);
    /* statusSize 2: entry 11 is bits 22-23, the first one most significant: 0b01. */
    assert_int_equal(reco_status_list_get(bits, sizeof bits, 11, 2, &v, &err), RECO_OK);
    assert_int_equal(v, 1);
    assert_int_equal(reco_status_list_get(bits, sizeof bits, 0, 2, &v, &err), RECO_OK);
    assert_int_equal(v, 2);
    /* Past the end (RANGE_ERROR), an index that overflows, a size over 32. */
    assert_int_equal(reco_status_list_get(bits, sizeof bits, 32, 1, &v, &err), RECO_ELIMIT);
    assert_int_equal(reco_status_list_get(bits, sizeof bits, 16, 2, &v, &err), RECO_ELIMIT);
    assert_int_equal(reco_status_list_get(bits, sizeof bits, UINT64_MAX, 3, &v, &err), RECO_ELIMIT);
    assert_int_equal(reco_status_list_get(bits, sizeof bits, 0, 33, &v, &err), RECO_ELIMIT);
    assert_false(reco_status_list_set(bits, sizeof bits, 32, true));
    assert_true(reco_status_list_set(bits, sizeof bits, 0, false));
    assert_int_equal(bits[0], 0);

    /* The example list of §2.2 is 16 KB of zeros. */
    static const char example[] =
        "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA";
    reco_buf dec;
    reco_buf_init(&dec, 0);
    assert_int_equal(reco_status_list_decode(example, strlen(example), 0, &dec, &err), RECO_OK);
    assert_int_equal(dec.len, 16384);
    for (size_t i = 0; i < dec.len; i++)
        assert_int_equal(dec.data[i], 0);
    reco_buf_release(&dec);
}

static void test_bad_lists(void **state)
{
    (void)state;
    reco_buf enc, dec;
    reco_error err;
    /* A GZIP bomb: 8 MiB of zeros compress to a few KiB; the cap stops inflating early. */
    size_t big = 8u * 1024u * 1024u;
    uint8_t *zeros = calloc(1, big);
    reco_buf_init(&enc, 0);
    reco_buf_init(&dec, 0);
    assert_int_equal(reco_status_list_encode(zeros, big, &enc, &err), RECO_OK);
    assert_true(enc.len < 64 * 1024);
    assert_int_equal(reco_status_list_decode(enc.data, enc.len, 0, &dec, &err), RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "inflates past"));
    assert_int_equal(dec.len, 0);
    assert_int_equal(reco_status_list_decode(enc.data, enc.len, 4096, &dec, &err), RECO_ELIMIT);
    assert_int_equal(reco_status_list_decode(enc.data, enc.len, big, &dec, &err), RECO_OK);
    assert_int_equal(dec.len, big);
    free(zeros);

    /* Truncated GZIP, trailing data, other encodings. */
    reco_buf_clear(&enc);
    uint8_t small[LIST_BYTES] = {0};
    assert_int_equal(reco_status_list_encode(small, sizeof small, &enc, &err), RECO_OK);
    reco_buf_clear(&dec);
    assert_int_equal(reco_status_list_decode(enc.data, enc.len - 8, 0, &dec, &err), RECO_EPARSE);
    assert_int_equal(dec.len, 0);
    reco_buf raw, twice;
    reco_buf_init(&raw, 0);
    reco_buf_init(&twice, 0);
    assert_int_equal(reco_multibase_decode(enc.data, enc.len, &raw, &err), RECO_OK);
    assert_int_equal(reco_buf_append(&raw, "junk", 4), RECO_OK);
    assert_int_equal(reco_multibase_encode('u', (const uint8_t *)raw.data, raw.len, &twice),
                     RECO_OK);
    assert_int_equal(reco_status_list_decode(twice.data, twice.len, 0, &dec, &err), RECO_EPARSE);
    assert_int_equal(reco_status_list_decode("zabc", 4, 0, &dec, &err), RECO_EPARSE);
    assert_int_equal(reco_status_list_decode("", 0, 0, &dec, &err), RECO_EPARSE);
    assert_int_equal(reco_status_list_decode("u!!!", 4, 0, &dec, &err), RECO_EPARSE);
    /* Base64url of bytes that are not GZIP. */
    assert_int_equal(reco_status_list_decode("uAAAAAAAA", 9, 0, &dec, &err), RECO_EPARSE);
    reco_buf_release(&raw);
    reco_buf_release(&twice);
    reco_buf_release(&enc);
    reco_buf_release(&dec);
}

static void test_build(void **state)
{
    (void)state;
    uint8_t bits[LIST_BYTES] = {0};
    json_t *c = NULL;
    reco_error err;
    reco_status_list_params p = {.id = "https://example.org/status/1",
                                 .issuer = "did:example:issuer",
                                 .bits = bits,
                                 .len = sizeof bits};
    reco_status_list_set(bits, sizeof bits, 5, true);
    assert_int_equal(reco_status_list_credential_build(&p, &c, &err), RECO_OK);
    const json_t *s = json_object_get(c, "credentialSubject");
    assert_string_equal(json_string_value(json_object_get(s, "type")), "BitstringStatusList");
    assert_string_equal(json_string_value(json_object_get(s, "statusPurpose")), "revocation");
    assert_string_equal(json_string_value(json_object_get(s, "id")),
                        "https://example.org/status/1#list");
    assert_string_equal(json_string_value(json_array_get(json_object_get(c, "type"), 1)),
                        "BitstringStatusListCredential");
    const char *enc = json_string_value(json_object_get(s, "encodedList"));
    reco_buf dec;
    uint32_t v;
    reco_buf_init(&dec, 0);
    assert_int_equal(reco_status_list_decode(enc, strlen(enc), 0, &dec, &err), RECO_OK);
    assert_int_equal(reco_status_list_get((const uint8_t *)dec.data, dec.len, 5, 1, &v, &err),
                     RECO_OK);
    assert_int_equal(v, 1);
    reco_buf_release(&dec);
    json_decref(c);
    /* Under 16 KB, or without an issuer: refused. */
    p.len = 100;
    assert_int_equal(reco_status_list_credential_build(&p, &c, &err), RECO_EINVAL);
    p.len = sizeof bits;
    p.issuer = NULL;
    assert_int_equal(reco_status_list_credential_build(&p, &c, &err), RECO_EINVAL);

    json_t *e = NULL;
    assert_int_equal(
        reco_status_entry_build("https://example.org/status/1", 94567, "suspension", &e, &err),
        RECO_OK);
    assert_string_equal(json_string_value(json_object_get(e, "statusListIndex")), "94567");
    assert_string_equal(json_string_value(json_object_get(e, "id")),
                        "https://example.org/status/1#94567");
    assert_string_equal(json_string_value(json_object_get(e, "statusPurpose")), "suspension");
    json_decref(e);
}

/* ---------------------------------------------------------------- checks */

#define MAX_DOCS 8

/* The fetcher of the test: URL -> body; a URL it does not know gives RECO_EIO. */
typedef struct served {
    const char *url[MAX_DOCS];
    char *body[MAX_DOCS];
    int n;
    int calls;
} served;

static reco_code serve(void *ctx, const char *url, reco_buf *body, char **final_url,
                       reco_error *err)
{
    served *s = ctx;
    (void)final_url;
    s->calls++;
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->url[i], url) == 0) {
            reco_code rc = reco_buf_puts(body, s->body[i]);
            return rc ? reco_error_set(err, rc, NULL, "too big") : RECO_OK;
        }
    return reco_error_set(err, RECO_EIO, NULL, "connection refused");
}

static void serve_json(served *s, const char *url, const json_t *doc)
{
    reco_buf b;
    reco_buf_init(&b, 0);
    assert_int_equal(reco_json_write(doc, 0, &b, NULL), RECO_OK);
    assert_true(s->n < MAX_DOCS);
    s->url[s->n] = url;
    s->body[s->n++] = reco_buf_detach(&b, NULL);
}

static void served_free(served *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->body[i]);
    memset(s, 0, sizeof *s);
}

static char *did_of(const reco_key *k)
{
    reco_buf b;
    reco_buf_init(&b, 0);
    assert_int_equal(reco_key_to_did_key(k, &b, NULL), RECO_OK);
    return reco_buf_detach(&b, NULL);
}

/* A signed list credential with bits set at the given indexes (ends with UINT64_MAX). */
static json_t *signed_list(const reco_key *k, const char *id, const char *purpose,
                           const uint64_t *set, const char *valid_until)
{
    static uint8_t bits[LIST_BYTES];
    char *did = did_of(k);
    json_t *c = NULL;
    memset(bits, 0, sizeof bits);
    for (size_t i = 0; set && set[i] != UINT64_MAX; i++)
        reco_status_list_set(bits, sizeof bits, set[i], true);
    reco_status_list_params p = {
        .id = id, .issuer = did, .purpose = purpose, .bits = bits, .len = sizeof bits};
    reco_time from = {.sec = 1704067200}; /* 2024-01-01 */
    reco_time until;
    p.valid_from = &from;
    if (valid_until) {
        assert_int_equal(reco_time_parse(valid_until, strlen(valid_until), true, &until, NULL),
                         RECO_OK);
        p.valid_until = &until;
    }
    assert_int_equal(reco_status_list_credential_build(&p, &c, NULL), RECO_OK);
    reco_di_sign_options so = {.cryptosuite = "eddsa-jcs-2022"};
    assert_int_equal(reco_di_add_proof(c, k, &so, NULL), RECO_OK);
    free(did);
    return c;
}

static json_t *credential(const reco_key *issuer, const char *id, json_t *status)
{
    char *did = did_of(issuer);
    json_t *c = json_pack("{s:[s], s:s, s:[s], s:s, s:s, s:{s:s}, s:o}", "@context",
                          RECO_VC_CONTEXT_V2, "id", id, "type", "VerifiableCredential", "issuer",
                          did, "validFrom", "2024-02-01T00:00:00Z", "credentialSubject", "id",
                          "did:example:alice", "credentialStatus", status);
    free(did);
    return c;
}

static json_t *entry(const char *list, const char *purpose, const char *index)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "type", "BitstringStatusListEntry", "statusPurpose",
                     purpose, "statusListIndex", index, "statusListCredential", list);
}

typedef struct fixture {
    reco_key *issuer, *other;
    served srv;
    reco_did_resolver *resolver;
    reco_vc_check_options vc;
    reco_status_options opt;
    reco_time now;
} fixture;

#define LIST_URL  "https://issuer.example/status/1"
#define SUSP_URL  "https://issuer.example/status/2"
#define BAD_URL   "https://issuer.example/status/bad"
#define OTHER_URL "https://issuer.example/status/other"
#define OLD_URL   "https://issuer.example/status/old"
#define RL_URL    "https://issuer.example/revocations"
#define MSG_URL   "https://issuer.example/status/messages"

static int fixture_setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    static const uint64_t revoked[] = {42, 131071, UINT64_MAX};
    assert_int_equal(reco_key_generate(RECO_KEY_ED25519, 0, &f->issuer, NULL), RECO_OK);
    assert_int_equal(reco_key_generate(RECO_KEY_ED25519, 0, &f->other, NULL), RECO_OK);

    json_t *l = signed_list(f->issuer, LIST_URL, "revocation", revoked, NULL);
    serve_json(&f->srv, LIST_URL, l);
    json_decref(l);
    l = signed_list(f->issuer, SUSP_URL, "suspension", revoked, NULL);
    serve_json(&f->srv, SUSP_URL, l);
    json_decref(l);
    /* A list whose bits were changed after signing: the proof no longer verifies. */
    l = signed_list(f->issuer, BAD_URL, "revocation", revoked, NULL);
    json_t *s = json_object_get(l, "credentialSubject");
    uint8_t zero[LIST_BYTES] = {0};
    reco_buf enc;
    reco_buf_init(&enc, 0);
    assert_int_equal(reco_status_list_encode(zero, sizeof zero, &enc, NULL), RECO_OK);
    json_object_set_new(s, "encodedList", json_string(enc.data));
    reco_buf_release(&enc);
    serve_json(&f->srv, BAD_URL, l);
    json_decref(l);
    /* A well-signed list of another issuer, saying nothing is revoked. */
    l = signed_list(f->other, OTHER_URL, "revocation", NULL, NULL);
    serve_json(&f->srv, OTHER_URL, l);
    json_decref(l);
    l = signed_list(f->issuer, OLD_URL, "revocation", NULL, "2024-06-01T00:00:00Z");
    serve_json(&f->srv, OLD_URL, l);
    json_decref(l);
    l = signed_list(f->issuer, MSG_URL, "message", revoked, NULL);
    serve_json(&f->srv, MSG_URL, l);
    json_decref(l);
    /* A 1EdTech revocation list (unsigned JSON). */
    char *did = did_of(f->issuer);
    l = json_pack("{s:s, s:s, s:[{s:s, s:s}, s]}", "id", RL_URL, "issuer", did,
                  "revokedCredentials", "id", "urn:uuid:revoked", "revocationReason",
                  "issued by mistake", "urn:uuid:also-revoked");
    free(did);
    serve_json(&f->srv, RL_URL, l);
    json_decref(l);

    reco_did_options o = {.fetch = serve, .fetch_ctx = &f->srv};
    assert_int_equal(reco_did_resolver_new(&o, &f->resolver, NULL), RECO_OK);
    f->now.sec = 1735689600; /* 2025-01-01 */
    f->vc.now = &f->now;
    f->vc.di.resolve = reco_did_vm_resolve;
    f->vc.di.resolve_ctx = f->resolver;
    f->opt.resolver = f->resolver;
    f->opt.vc = &f->vc;
    *state = f;
    return 0;
}

static int fixture_teardown(void **state)
{
    fixture *f = *state;
    reco_did_resolver_free(f->resolver);
    served_free(&f->srv);
    reco_key_free(f->issuer);
    reco_key_free(f->other);
    free(f);
    return 0;
}

/* The verdict on one entry of a credential by issuer. */
static reco_status_result judge(fixture *f, const reco_key *issuer, const char *id, json_t *e)
{
    reco_status_result res;
    json_t *c = credential(issuer, id, json_incref(e));
    assert_int_equal(reco_status_check_entry(c, e, &f->opt, &res, NULL), RECO_OK);
    json_decref(c);
    json_decref(e);
    return res;
}

static void test_revoked_and_clear(void **state)
{
    fixture *f = *state;
    reco_status_result r = judge(f, f->issuer, "urn:uuid:1", entry(LIST_URL, "revocation", "42"));
    assert_int_equal(r.status, RECO_CHECK_FAILED);
    assert_true(r.list_verified);
    assert_int_equal(r.value, 1);
    assert_int_equal(r.index, 42);
    assert_non_null(strstr(r.message, "revoked"));
    r = judge(f, f->issuer, "urn:uuid:1", entry(LIST_URL, "revocation", "41"));
    assert_int_equal(r.status, RECO_CHECK_PASSED);
    assert_non_null(strstr(r.message, "not revoked"));
    r = judge(f, f->issuer, "urn:uuid:1", entry(LIST_URL, "revocation", "131071"));
    assert_int_equal(r.status, RECO_CHECK_FAILED);
    /* Out of range: RANGE_ERROR. */
    r = judge(f, f->issuer, "urn:uuid:1", entry(LIST_URL, "revocation", "131072"));
    assert_int_equal(r.status, RECO_CHECK_FAILED);
    assert_non_null(strstr(r.message, "outside"));
    /* Suspension list. */
    r = judge(f, f->issuer, "urn:uuid:1", entry(SUSP_URL, "suspension", "42"));
    assert_int_equal(r.status, RECO_CHECK_FAILED);
    assert_non_null(strstr(r.message, "suspended"));
    r = judge(f, f->issuer, "urn:uuid:1", entry(SUSP_URL, "suspension", "0"));
    assert_int_equal(r.status, RECO_CHECK_PASSED);
    /* A purpose the list is not for (§3.3 step 5): not-checked, never passed. */
    r = judge(f, f->issuer, "urn:uuid:1", entry(LIST_URL, "suspension", "41"));
    assert_int_equal(r.status, RECO_CHECK_NOT_CHECKED);
    /* Lists are fetched once: the resolver's cache serves the others. */
    assert_int_equal(reco_did_resolver_fetches(f->resolver), 2);
}

static void test_unverifiable_lists(void **state)
{
    fixture *f = *state;
    reco_status_result r = judge(f, f->issuer, "urn:uuid:1", entry(BAD_URL, "revocation", "42"));
    assert_int_equal(r.status, RECO_CHECK_NOT_CHECKED);
    assert_false(r.list_verified);
    assert_non_null(strstr(r.message, "could not be verified"));

    r = judge(f, f->issuer, "urn:uuid:1", entry(OTHER_URL, "revocation", "42"));
    assert_int_equal(r.status, RECO_CHECK_NOT_CHECKED);
    assert_non_null(strstr(r.message, "not by the credential's issuer"));
    /* §2.2 allows another issuer; then the verdict stands and names it. */
    f->opt.list_issuer_may_differ = true;
    r = judge(f, f->issuer, "urn:uuid:1", entry(OTHER_URL, "revocation", "42"));
    f->opt.list_issuer_may_differ = false;
    assert_int_equal(r.status, RECO_CHECK_PASSED);
    assert_non_null(strstr(r.message, "list issued by"));

    /* Expired at the verification time; valid at an earlier one (--at). */
    r = judge(f, f->issuer, "urn:uuid:1", entry(OLD_URL, "revocation", "3"));
    assert_int_equal(r.status, RECO_CHECK_NOT_CHECKED);
    reco_time then = {.sec = 1709251200}; /* 2024-03-01 */
    f->vc.now = &then;
    r = judge(f, f->issuer, "urn:uuid:1", entry(OLD_URL, "revocation", "3"));
    f->vc.now = &f->now;
    assert_int_equal(r.status, RECO_CHECK_PASSED);

    /* Fetch failure, offline. */
    r = judge(f, f->issuer, "urn:uuid:1",
              entry("https://issuer.example/status/missing", "revocation", "3"));
    assert_int_equal(r.status, RECO_CHECK_NOT_CHECKED);
    assert_non_null(strstr(r.message, "could not fetch the status list"));
    f->opt.resolver = NULL;
    r = judge(f, f->issuer, "urn:uuid:1", entry(LIST_URL, "revocation", "42"));
    f->opt.resolver = f->resolver;
    assert_int_equal(r.status, RECO_CHECK_NOT_CHECKED);
    assert_non_null(strstr(r.message, "offline"));

    /* A minimum number of entries (§3.3 step 9). */
    f->opt.min_entries = 131072 * 2;
    r = judge(f, f->issuer, "urn:uuid:1", entry(LIST_URL, "revocation", "41"));
    f->opt.min_entries = 0;
    assert_int_equal(r.status, RECO_CHECK_NOT_CHECKED);
}

static void test_malformed_entries(void **state)
{
    fixture *f = *state;
    reco_status_result r = judge(f, f->issuer, "urn:uuid:1", entry(LIST_URL, "revocation", "-1"));
    assert_int_equal(r.status, RECO_CHECK_FAILED);
    r = judge(f, f->issuer, "urn:uuid:1", entry(LIST_URL, "revocation", "4x"));
    assert_int_equal(r.status, RECO_CHECK_FAILED);
    r = judge(f, f->issuer, "urn:uuid:1", entry("ftp://x", "revocation", "4"));
    assert_int_equal(r.status, RECO_CHECK_FAILED);
    r = judge(f, f->issuer, "urn:uuid:1",
              json_pack("{s:s, s:s}", "type", "CredentialStatusList2017", "id", "https://x"));
    assert_int_equal(r.status, RECO_CHECK_NOT_CHECKED);
    assert_non_null(strstr(r.message, "not supported"));
    json_t *e = entry(LIST_URL, "revocation", "4");
    json_object_set_new(e, "statusSize", json_integer(0));
    r = judge(f, f->issuer, "urn:uuid:1", e);
    assert_int_equal(r.status, RECO_CHECK_FAILED);
    e = entry(LIST_URL, "revocation", "4");
    json_object_set_new(e, "statusSize", json_integer(64));
    r = judge(f, f->issuer, "urn:uuid:1", e);
    assert_int_equal(r.status, RECO_CHECK_NOT_CHECKED);
    /* statusSize 2 with a statusMessage: entry 21 is bits 42-43 = 0b10. */
    e = entry(LIST_URL, "message", "21");
    json_object_set_new(e, "statusSize", json_integer(2));
    json_object_set_new(e, "statusMessage",
                        json_pack("[{s:s,s:s},{s:s,s:s},{s:s,s:s},{s:s,s:s}]", "status", "0x0",
                                  "message", "pending", "status", "0x1", "message", "accepted",
                                  "status", "0x2", "message", "rejected", "status", "0x3",
                                  "message", "undefined"));
    json_t *e2 = json_deep_copy(e);
    r = judge(f, f->issuer, "urn:uuid:1", e);
    /* The list is a revocation list, not a message list: not-checked. */
    assert_int_equal(r.status, RECO_CHECK_NOT_CHECKED);
    /* On a message list the value is 2, "rejected": a warning that names it. */
    json_object_set_new(e2, "statusListCredential", json_string(MSG_URL));
    r = judge(f, f->issuer, "urn:uuid:1", json_incref(e2));
    assert_int_equal(r.status, RECO_CHECK_WARNING);
    assert_int_equal(r.value, 2);
    assert_non_null(strstr(r.message, "rejected"));
    json_object_set_new(e2, "statusListIndex", json_string("20"));
    r = judge(f, f->issuer, "urn:uuid:1", e2);
    assert_int_equal(r.status, RECO_CHECK_PASSED);
    assert_non_null(strstr(r.message, "pending"));
    /* A JSON integer index (as the 1EdTech fixtures write it) is read too. */
    e = entry(LIST_URL, "revocation", "0");
    json_object_set_new(e, "statusListIndex", json_integer(42));
    r = judge(f, f->issuer, "urn:uuid:1", e);
    assert_int_equal(r.status, RECO_CHECK_FAILED);
    assert_int_equal(r.index, 42);
}

static void test_edtech_revocation_list(void **state)
{
    fixture *f = *state;
    json_t *e = json_pack("{s:s, s:s}", "id", RL_URL, "type", "1EdTechRevocationList");
    reco_status_result r = judge(f, f->issuer, "urn:uuid:revoked", json_incref(e));
    assert_int_equal(r.status, RECO_CHECK_FAILED);
    assert_non_null(strstr(r.message, "issued by mistake"));
    r = judge(f, f->issuer, "urn:uuid:also-revoked", json_incref(e));
    assert_int_equal(r.status, RECO_CHECK_FAILED);
    r = judge(f, f->issuer, "urn:uuid:fine", json_incref(e));
    assert_int_equal(r.status, RECO_CHECK_PASSED);
    /* The list is the issuer's: a credential of another issuer cannot use it. */
    r = judge(f, f->other, "urn:uuid:revoked", json_incref(e));
    assert_int_equal(r.status, RECO_CHECK_NOT_CHECKED);
    json_decref(e);
    /* Unreachable. */
    e = json_pack("{s:s, s:s}", "id", "https://issuer.example/none", "type",
                  "1EdTechRevocationList");
    r = judge(f, f->issuer, "urn:uuid:revoked", e);
    assert_int_equal(r.status, RECO_CHECK_NOT_CHECKED);
}

static void test_report(void **state)
{
    fixture *f = *state;
    json_t *c = credential(f->issuer, "urn:uuid:revoked",
                           json_pack("[o, o, {s:s, s:s}]", entry(LIST_URL, "revocation", "41"),
                                     entry(SUSP_URL, "suspension", "42"), "id", RL_URL, "type",
                                     "1EdTechRevocationList"));
    reco_report *rep = reco_report_new("t", NULL);
    assert_int_equal(reco_status_check(c, &f->opt, rep, NULL), RECO_OK);
    assert_int_equal(reco_report_count(rep), 3);
    assert_int_equal(reco_report_check(rep, 0)->status, RECO_CHECK_PASSED);
    assert_int_equal(reco_report_check(rep, 1)->status, RECO_CHECK_FAILED);
    assert_int_equal(reco_report_check(rep, 2)->status, RECO_CHECK_FAILED);
    assert_string_equal(reco_report_check(rep, 0)->name, "status");
    reco_report_free(rep);
    json_decref(c);
    /* No credentialStatus: no line. */
    c = json_pack("{s:s}", "id", "urn:uuid:x");
    rep = reco_report_new("t", NULL);
    assert_int_equal(reco_status_check(c, &f->opt, rep, NULL), RECO_OK);
    assert_int_equal(reco_report_count(rep), 0);
    reco_report_free(rep);
    json_decref(c);
}

/* The DCC list (public vectors): bits 2, 6 and 8 are set, its fixtures name index 8 revoked. */
static void test_dcc_list(void **state)
{
    (void)state;
    if (!test_vectors_dir()) {
        print_message("skipped: public vectors absent\n");
        return;
    }
    const char *path = test_vector_path("ob3-examples/dcc-vc-test-fixtures/statusLists/"
                                        "didkey-ed25519Signature2020/e5WK8CbZ1GjycuPombrj.json");
    json_t *l = NULL;
    reco_buf dec;
    uint32_t v;
    if (reco_json_read_file(path, NULL, &l, NULL) != RECO_OK) {
        print_message("skipped: %s absent\n", path);
        return;
    }
    const char *enc =
        json_string_value(json_object_get(json_object_get(l, "credentialSubject"), "encodedList"));
    reco_buf_init(&dec, 0);
    assert_int_equal(reco_status_list_decode(enc, strlen(enc), 0, &dec, NULL), RECO_OK);
    for (uint64_t i = 0; i < 16; i++) {
        assert_int_equal(reco_status_list_get((const uint8_t *)dec.data, dec.len, i, 1, &v, NULL),
                         RECO_OK);
        assert_int_equal(v, i == 2 || i == 6 || i == 8);
    }
    reco_buf_release(&dec);
    json_decref(l);
}

/* A fetcher serving one file of the public vectors for any URL. */
static reco_code serve_file(void *ctx, const char *url, reco_buf *body, char **final_url,
                            reco_error *err)
{
    (void)url;
    (void)final_url;
    return reco_file_read((const char *)ctx, 0, body, err);
}

/* The 1EdTech validator's BitstringStatusList fixtures: its revoked credential names index 23 of
 * "testlist", whose proof is by the issuer's key written as a Multikey fragment (the validator's
 * rule, fragment_multikey). Served by the test's fetcher. */
static void test_edtech_fixture(void **state)
{
    (void)state;
    if (!test_vectors_dir()) {
        print_message("skipped: public vectors absent\n");
        return;
    }
    char list_path[1024], cred_path[1024];
    snprintf(list_path, sizeof list_path, "%s",
             test_vector_path("ob3-examples/1edtech-validator/bit-string-list/testlist"));
    snprintf(cred_path, sizeof cred_path, "%s",
             test_vector_path(
                 "ob3-examples/1edtech-validator/bit-string-list/credential-status-revoked.json"));
    json_t *cred = NULL;
    if (reco_json_read_file(cred_path, NULL, &cred, NULL) != RECO_OK) {
        print_message("skipped: %s absent\n", cred_path);
        return;
    }
    reco_did_options o = {.fetch = serve_file, .fetch_ctx = list_path, .fragment_multikey = true};
    reco_did_resolver *r = NULL;
    assert_int_equal(reco_did_resolver_new(&o, &r, NULL), RECO_OK);
    reco_time now = {.sec = 1735689600};
    reco_vc_check_options vc = {.now = &now,
                                .di = {.resolve = reco_did_vm_resolve, .resolve_ctx = r}};
    reco_status_options so = {.resolver = r, .vc = &vc};
    reco_status_result res;
    assert_int_equal(
        reco_status_check_entry(cred, json_object_get(cred, "credentialStatus"), &so, &res, NULL),
        RECO_OK);
    assert_true(res.list_verified);
    assert_int_equal(res.index, 23);
    assert_int_equal(res.status, RECO_CHECK_FAILED);
    assert_non_null(strstr(res.message, "revoked"));
    /* Without the fragment rule the key of the list cannot be resolved: not-checked. */
    reco_did_resolver_free(r);
    o.fragment_multikey = false;
    assert_int_equal(reco_did_resolver_new(&o, &r, NULL), RECO_OK);
    vc.di.resolve_ctx = r;
    so.resolver = r;
    assert_int_equal(
        reco_status_check_entry(cred, json_object_get(cred, "credentialStatus"), &so, &res, NULL),
        RECO_OK);
    assert_int_equal(res.status, RECO_CHECK_NOT_CHECKED);
    reco_did_resolver_free(r);
    json_decref(cred);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_bit_order),
        cmocka_unit_test(test_bad_lists),
        cmocka_unit_test(test_build),
        cmocka_unit_test(test_dcc_list),
        cmocka_unit_test(test_edtech_fixture),
        cmocka_unit_test_setup_teardown(test_revoked_and_clear, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_unverifiable_lists, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_malformed_entries, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_edtech_revocation_list, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_report, fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
