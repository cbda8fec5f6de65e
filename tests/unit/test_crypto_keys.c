/*
 * test_crypto_keys.c - keys: generation, signatures, Multikey, did:key, JWK, PEM, the key
 * file, hashes. Known answers come from the RFCs (8037, 7638, FIPS 180-2 examples), the
 * did:key method's test vectors and, when present, the vc-di-eddsa test vectors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/crypto.h"
#include "reco/json.h"
#include "testlib.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char MSG[] = "an open badge for a volunteer";

static reco_key *gen(reco_key_type t)
{
    reco_key *k = NULL;
    reco_error err;
    assert_int_equal(reco_key_generate(t, 0, &k, &err), RECO_OK);
    assert_non_null(k);
    assert_true(reco_key_has_private(k));
    assert_int_equal(reco_key_get_type(k), t);
    return k;
}

/* Public-only copy through the given form: exercises both the form and the copy. */
static reco_key *pub_of(const reco_key *k)
{
    reco_key *p = NULL;
    reco_error err;
    assert_int_equal(reco_key_public(k, &p, &err), RECO_OK);
    assert_false(reco_key_has_private(p));
    assert_true(reco_key_public_equal(k, p));
    return p;
}

static char *hex_of(const void *p, size_t n)
{
    reco_buf b;
    reco_buf_init(&b, 0);
    assert_int_equal(reco_hex_encode(p, n, &b), RECO_OK);
    return reco_buf_detach(&b, NULL);
}

/* ---------------------------------------------------------------- types */

static void type_names(void **state)
{
    (void)state;
    reco_key_type t;
    reco_error err;
    const reco_key_type all[] = {RECO_KEY_ED25519, RECO_KEY_P256, RECO_KEY_RSA};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(reco_key_type_parse(reco_key_type_name(all[i]), &t, &err), RECO_OK);
        assert_int_equal(t, all[i]);
    }
    assert_int_equal(reco_key_type_parse("ed448", &t, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "ed448"));
    assert_int_equal(reco_key_type_parse(NULL, &t, &err), RECO_EINVAL);
}

/* ---------------------------------------------------------------- sign and verify */

static void sign_verify_one(reco_key_type t, size_t siglen, const char *alg)
{
    reco_key *k = gen(t), *other = gen(t), *pub;
    reco_buf sig;
    reco_error err;

    assert_string_equal(reco_key_jws_alg(k), alg);
    reco_buf_init(&sig, 0);
    assert_int_equal(reco_key_sign(k, MSG, sizeof MSG - 1, &sig, &err), RECO_OK);
    assert_int_equal(sig.len, siglen);
    assert_int_equal(reco_key_verify(k, MSG, sizeof MSG - 1, sig.data, sig.len, &err), RECO_OK);

    /* The public half alone verifies, and cannot sign. */
    pub = pub_of(k);
    assert_int_equal(reco_key_verify(pub, MSG, sizeof MSG - 1, sig.data, sig.len, &err), RECO_OK);
    reco_buf other_sig;
    reco_buf_init(&other_sig, 0);
    assert_int_equal(reco_key_sign(pub, MSG, sizeof MSG - 1, &other_sig, &err), RECO_EINVAL);

    /* A changed message, a changed signature, another key: verdicts. */
    assert_int_equal(reco_key_verify(k, MSG, sizeof MSG - 2, sig.data, sig.len, &err),
                     RECO_EVERIFY);
    assert_string_equal(err.msg, "signature does not match the key");
    sig.data[sig.len / 2] ^= 0x01;
    assert_int_equal(reco_key_verify(k, MSG, sizeof MSG - 1, sig.data, sig.len, &err),
                     RECO_EVERIFY);
    sig.data[sig.len / 2] ^= 0x01;
    assert_int_equal(reco_key_verify(other, MSG, sizeof MSG - 1, sig.data, sig.len, &err),
                     RECO_EVERIFY);
    assert_false(reco_key_public_equal(k, other));

    /* A signature of the wrong length is malformed. */
    assert_int_equal(reco_key_verify(k, MSG, sizeof MSG - 1, sig.data, sig.len - 1, &err),
                     RECO_EINVAL);
    assert_int_equal(reco_key_verify(k, MSG, sizeof MSG - 1, sig.data, 0, &err), RECO_EINVAL);

    /* Signatures append. */
    assert_int_equal(reco_buf_puts(&other_sig, "x"), RECO_OK);
    assert_int_equal(reco_key_sign(k, MSG, sizeof MSG - 1, &other_sig, &err), RECO_OK);
    assert_int_equal(other_sig.len, 1 + siglen);
    assert_int_equal(reco_key_verify(pub, MSG, sizeof MSG - 1, other_sig.data + 1, siglen, &err),
                     RECO_OK);

    reco_buf_release(&other_sig);
    reco_buf_release(&sig);
    reco_key_free(pub);
    reco_key_free(other);
    reco_key_free(k);
}

static void sign_verify_ed25519(void **state)
{
    (void)state;
    sign_verify_one(RECO_KEY_ED25519, 64, "EdDSA");
}

static void sign_verify_p256(void **state)
{
    (void)state;
    sign_verify_one(RECO_KEY_P256, 64, "ES256");
}

static void sign_verify_rsa(void **state)
{
    (void)state;
    sign_verify_one(RECO_KEY_RSA, 256, "RS256");
}

static void ed25519_deterministic_p256_not(void **state)
{
    (void)state;
    reco_key *ed = gen(RECO_KEY_ED25519), *ec = gen(RECO_KEY_P256);
    reco_buf a, b;
    reco_error err;
    reco_buf_init(&a, 0);
    reco_buf_init(&b, 0);
    assert_int_equal(reco_key_sign(ed, MSG, 5, &a, &err), RECO_OK);
    assert_int_equal(reco_key_sign(ed, MSG, 5, &b, &err), RECO_OK);
    assert_memory_equal(a.data, b.data, 64);
    reco_buf_clear(&a);
    reco_buf_clear(&b);
    assert_int_equal(reco_key_sign(ec, MSG, 5, &a, &err), RECO_OK);
    assert_int_equal(reco_key_sign(ec, MSG, 5, &b, &err), RECO_OK);
    assert_memory_not_equal(a.data, b.data, 64); /* random k: equal only by a 2^-256 chance */
    reco_buf_release(&a);
    reco_buf_release(&b);
    reco_key_free(ed);
    reco_key_free(ec);
}

static void es256_zero_signature_is_a_verdict(void **state)
{
    (void)state;
    reco_key *k = gen(RECO_KEY_P256);
    uint8_t zero[64] = {0}, big[64];
    reco_error err;
    memset(big, 0xff, sizeof big); /* r and s above the group order */
    assert_int_equal(reco_key_verify(k, MSG, 3, zero, sizeof zero, &err), RECO_EVERIFY);
    assert_int_equal(reco_key_verify(k, MSG, 3, big, sizeof big, &err), RECO_EVERIFY);
    reco_key_free(k);
}

static void rsa_sizes(void **state)
{
    (void)state;
    reco_key *k = NULL;
    reco_error err;
    assert_int_equal(reco_key_generate(RECO_KEY_RSA, 1024, &k, &err), RECO_EINVAL);
    assert_null(k);
    assert_int_equal(reco_key_generate(RECO_KEY_RSA, 3072, &k, &err), RECO_OK);
    reco_buf sig;
    reco_buf_init(&sig, 0);
    assert_int_equal(reco_key_sign(k, MSG, 3, &sig, &err), RECO_OK);
    assert_int_equal(sig.len, 384);
    reco_buf_release(&sig);
    reco_key_free(k);
    reco_key_free(NULL);
}

/* ---------------------------------------------------------------- multikey and did:key */

static void multikey_round_trip(void **state)
{
    (void)state;
    const reco_key_type types[] = {RECO_KEY_ED25519, RECO_KEY_P256};
    const char *prefix[] = {"z6Mk", "zDn"};
    reco_error err;
    for (size_t i = 0; i < 2; i++) {
        reco_key *k = gen(types[i]), *back = NULL;
        reco_buf mk, did, raw;
        reco_buf_init(&mk, 0);
        reco_buf_init(&did, 0);
        reco_buf_init(&raw, 0);
        assert_int_equal(reco_key_to_multikey(k, &mk, &err), RECO_OK);
        assert_int_equal(strncmp(mk.data, prefix[i], strlen(prefix[i])), 0);
        assert_int_equal(reco_key_from_multikey(mk.data, &back, &err), RECO_OK);
        assert_true(reco_key_public_equal(k, back));
        assert_false(reco_key_has_private(back));
        reco_key_free(back);

        assert_int_equal(reco_key_public_raw(k, &raw, &err), RECO_OK);
        assert_int_equal(raw.len, types[i] == RECO_KEY_ED25519 ? 32 : 33);
        assert_int_equal(reco_key_from_public_raw(types[i], raw.data, raw.len, &back, &err),
                         RECO_OK);
        assert_true(reco_key_public_equal(k, back));
        reco_key_free(back);

        assert_int_equal(reco_key_to_did_key(k, &did, &err), RECO_OK);
        assert_int_equal(strncmp(did.data, "did:key:", 8), 0);
        assert_string_equal(did.data + 8, mk.data);
        assert_int_equal(reco_key_from_did_key(did.data, &back, &err), RECO_OK);
        assert_true(reco_key_public_equal(k, back));
        reco_key_free(back);

        /* The verification method form: did:key:X#X. */
        assert_int_equal(reco_buf_printf(&did, "#%s", mk.data), RECO_OK);
        assert_int_equal(reco_key_from_did_key(did.data, &back, &err), RECO_OK);
        assert_true(reco_key_public_equal(k, back));
        reco_key_free(back);

        reco_buf_release(&mk);
        reco_buf_release(&did);
        reco_buf_release(&raw);
        reco_key_free(k);
    }
}

/* Multibase 'z' of the given bytes. */
static char *z_of(const uint8_t *p, size_t n)
{
    reco_buf b;
    reco_buf_init(&b, 0);
    assert_int_equal(reco_multibase_encode('z', p, n, &b), RECO_OK);
    return reco_buf_detach(&b, NULL);
}

static void multikey_refusals(void **state)
{
    (void)state;
    reco_key *k = NULL, *rsa = gen(RECO_KEY_RSA);
    reco_error err;
    reco_buf b;
    uint8_t bytes[40] = {0xed, 0x01};
    char *s;

    reco_buf_init(&b, 0);
    assert_int_equal(reco_key_to_multikey(rsa, &b, &err), RECO_EINVAL);
    assert_int_equal(reco_key_to_did_key(rsa, &b, &err), RECO_EINVAL);
    assert_int_equal(reco_key_public_raw(rsa, &b, &err), RECO_EINVAL);
    reco_buf_release(&b);

    assert_int_equal(reco_key_from_multikey("", &k, &err), RECO_EINVAL);
    assert_int_equal(reco_key_from_multikey("u7QE", &k, &err), RECO_EINVAL);
    assert_int_equal(reco_key_from_multikey("z0OIl", &k, &err), RECO_EINVAL); /* not base58 */
    /* Ed25519 header with 31 and 33 key bytes. */
    s = z_of(bytes, 2 + 31);
    assert_int_equal(reco_key_from_multikey(s, &k, &err), RECO_EINVAL);
    free(s);
    s = z_of(bytes, 2 + 33);
    assert_int_equal(reco_key_from_multikey(s, &k, &err), RECO_EINVAL);
    free(s);
    /* P-256 header with x = 2^256 - 1, which is not even an element of the field. */
    uint8_t p256[35] = {0x80, 0x24, 0x02};
    memset(p256 + 3, 0xff, 32);
    s = z_of(p256, sizeof p256);
    assert_int_equal(reco_key_from_multikey(s, &k, &err), RECO_EINVAL);
    free(s);
    /* Unknown multicodec (secp256k1-pub 0xe7 0x01). */
    bytes[0] = 0xe7;
    s = z_of(bytes, 2 + 33);
    assert_int_equal(reco_key_from_multikey(s, &k, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "unsupported multikey"));
    free(s);
    /* Far too long. */
    char longz[300];
    memset(longz, '2', sizeof longz - 1);
    longz[0] = 'z';
    longz[sizeof longz - 1] = '\0';
    assert_int_equal(reco_key_from_multikey(longz, &k, &err), RECO_ELIMIT);
    assert_null(k);
    reco_key_free(rsa);
}

static void did_key_refusals(void **state)
{
    (void)state;
    reco_key *k = NULL;
    reco_error err;
    const char *a = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    char buf[256];

    assert_int_equal(reco_key_from_did_key(a, &k, &err), RECO_OK);
    reco_key_free(k);
    /* A fragment naming another key. */
    snprintf(buf, sizeof buf, "%s#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", a);
    assert_int_equal(reco_key_from_did_key(buf, &k, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "fragment"));
    snprintf(buf, sizeof buf, "%s#", a);
    assert_int_equal(reco_key_from_did_key(buf, &k, &err), RECO_EINVAL);
    snprintf(buf, sizeof buf, "%s#%sX", a, a + 8);
    assert_int_equal(reco_key_from_did_key(buf, &k, &err), RECO_EINVAL);
    assert_int_equal(reco_key_from_did_key("did:web:example.com", &k, &err), RECO_EINVAL);
    assert_int_equal(reco_key_from_did_key("did:key:", &k, &err), RECO_EINVAL);
    assert_int_equal(reco_key_from_did_key(a + 8, &k, &err), RECO_EINVAL);
    assert_null(k);
}

/*
 * did:key Method test vectors (w3c-ccg/did-method-key, test-vectors/nist-curves.json): the
 * P-256 key with this JWK is did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv.
 */
static void did_key_p256_known(void **state)
{
    (void)state;
    const char *did = "did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv";
    json_t *jwk = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kty", "EC", "crv", "P-256", "x",
                            "igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns", "y",
                            "efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM", "d",
                            "gPh-VvVS8MbvKQ9LSVVmfnxnKjHn4Tqj0bmbpehRlpc");
    reco_key *k = NULL, *fromdid = NULL;
    reco_error err;
    reco_buf b;
    json_t *out = NULL;

    assert_int_equal(reco_key_from_jwk(jwk, &k, &err), RECO_OK);
    assert_true(reco_key_has_private(k));
    reco_buf_init(&b, 0);
    assert_int_equal(reco_key_to_did_key(k, &b, &err), RECO_OK);
    assert_string_equal(b.data, did);
    assert_int_equal(reco_key_from_did_key(did, &fromdid, &err), RECO_OK);
    assert_true(reco_key_public_equal(k, fromdid));
    assert_int_equal(reco_key_to_jwk(fromdid, false, &out, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(out, "x")),
                        json_string_value(json_object_get(jwk, "x")));
    assert_string_equal(json_string_value(json_object_get(out, "y")),
                        json_string_value(json_object_get(jwk, "y")));
    assert_null(json_object_get(out, "d"));
    json_decref(out);
    reco_buf_release(&b);
    reco_key_free(fromdid);
    reco_key_free(k);
    json_decref(jwk);
}

static void secret_multikey_round_trip(void **state)
{
    (void)state;
    const reco_key_type types[] = {RECO_KEY_ED25519, RECO_KEY_P256};
    reco_error err;
    for (size_t i = 0; i < 2; i++) {
        reco_key *k = gen(types[i]), *back = NULL, *pub = pub_of(k);
        reco_buf s, s2, sig;
        reco_buf_init(&s, 0);
        reco_buf_init(&s2, 0);
        reco_buf_init(&sig, 0);
        assert_int_equal(reco_key_to_secret_multikey(k, &s, &err), RECO_OK);
        assert_int_equal(reco_key_from_secret_multikey(s.data, &back, &err), RECO_OK);
        assert_true(reco_key_has_private(back));
        assert_true(reco_key_public_equal(k, back));
        assert_int_equal(reco_key_to_secret_multikey(back, &s2, &err), RECO_OK);
        assert_string_equal(s.data, s2.data);
        /* The restored key signs for the original public key. */
        assert_int_equal(reco_key_sign(back, MSG, 4, &sig, &err), RECO_OK);
        assert_int_equal(reco_key_verify(pub, MSG, 4, sig.data, sig.len, &err), RECO_OK);
        reco_key_free(back);
        back = NULL;
        /* A secret key is not a public key, nor the other way round. */
        assert_int_equal(reco_key_from_multikey(s.data, &back, &err), RECO_EINVAL);
        reco_buf_clear(&s2);
        assert_int_equal(reco_key_to_multikey(k, &s2, &err), RECO_OK);
        assert_int_equal(reco_key_from_secret_multikey(s2.data, &back, &err), RECO_EINVAL);
        reco_buf_clear(&s2);
        assert_int_equal(reco_key_to_secret_multikey(pub, &s2, &err), RECO_EINVAL);
        assert_null(back);
        reco_buf_release(&s);
        reco_buf_release(&s2);
        reco_buf_release(&sig);
        reco_key_free(pub);
        reco_key_free(k);
    }
    /* p256-priv of zero is out of range. */
    uint8_t zero[34] = {0x86, 0x26};
    char *z = z_of(zero, sizeof zero);
    reco_key *k = NULL;
    assert_int_equal(reco_key_from_secret_multikey(z, &k, &err), RECO_EINVAL);
    assert_null(k);
    free(z);
}

/* ---------------------------------------------------------------- vc-di-eddsa vectors */

static char *vector_text(const char *rel)
{
    size_t n = 0;
    char *s = test_read_file(test_vector_path(rel), &n);
    assert_non_null(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        s[--n] = '\0';
    return s;
}

/* The folders of TestVectors/ and the suffix of their file names. */
static const struct {
    const char *dir, *suffix;
} EDDSA_CASES[] = {
    {"eddsa-jcs-2022", "JCS"},
    {"eddsa-rdfc-2022", "DataInt"},
    {"eddsa-rdfc-2022/employ", "DataInt"},
    {"Ed25519Signature2020", "EdSig"},
};

static char *eddsa_file(size_t i, const char *stem)
{
    char rel[256];
    snprintf(rel, sizeof rel, "vc-di-eddsa/TestVectors/%s/%s%s.txt", EDDSA_CASES[i].dir, stem,
             EDDSA_CASES[i].suffix);
    return vector_text(rel);
}

static void eddsa_vectors(void **state)
{
    (void)state;
    if (!test_vectors_dir()) {
        print_message("skipped: vectors folder absent (set RECO_VECTORS)\n");
        skip();
    }
    json_t *pair = NULL;
    reco_error err;
    reco_key *k = NULL, *pub = NULL;
    reco_buf b, msg, sig;

    /* TestVectors/keyPair.json: the secret key is "privateKeyMultibase" there and
     * "secretKeyMultibase" in the specification's text; both hold the same value. */
    assert_int_equal(reco_json_read_file(test_vector_path("vc-di-eddsa/TestVectors/keyPair.json"),
                                         NULL, &pair, &err),
                     RECO_OK);
    const char *pk = json_string_value(json_object_get(pair, "publicKeyMultibase"));
    const char *sk = json_string_value(json_object_get(pair, "secretKeyMultibase"));
    if (!sk)
        sk = json_string_value(json_object_get(pair, "privateKeyMultibase"));
    assert_non_null(pk);
    assert_non_null(sk);

    reco_buf_init(&b, 0);
    reco_buf_init(&msg, 0);
    reco_buf_init(&sig, 0);
    assert_int_equal(reco_key_from_secret_multikey(sk, &k, &err), RECO_OK);
    assert_int_equal(reco_key_to_multikey(k, &b, &err), RECO_OK);
    assert_string_equal(b.data, pk);
    reco_buf_clear(&b);
    assert_int_equal(reco_key_to_secret_multikey(k, &b, &err), RECO_OK);
    assert_string_equal(b.data, sk);
    assert_int_equal(reco_key_from_multikey(pk, &pub, &err), RECO_OK);
    assert_true(reco_key_public_equal(k, pub));

    /* vc-di-eddsa §3.3.1 and §3.4.1: the signed bytes are proofHash || docHash, the same
     * combination for every suite; Ed25519 is deterministic, so the signatures match. */
    for (size_t i = 0; i < sizeof EDDSA_CASES / sizeof EDDSA_CASES[0]; i++) {
        char *proof_hash = eddsa_file(i, "proofHash");
        char *doc_hash = eddsa_file(i, "docHash");
        char *combined = eddsa_file(i, "combinedHash");
        char *sig_hex = eddsa_file(i, "sigHex");
        char *sig_z = eddsa_file(i, "sigBTC58");
        char *got;
        reco_buf_clear(&msg);
        reco_buf_clear(&sig);
        reco_buf_clear(&b);
        assert_int_equal(reco_hex_decode(proof_hash, strlen(proof_hash), &msg, &err), RECO_OK);
        assert_int_equal(reco_hex_decode(doc_hash, strlen(doc_hash), &msg, &err), RECO_OK);
        assert_int_equal(msg.len, 64);
        got = hex_of(msg.data, msg.len);
        assert_string_equal(got, combined);
        free(got);
        assert_int_equal(reco_key_sign(k, msg.data, msg.len, &sig, &err), RECO_OK);
        got = hex_of(sig.data, sig.len);
        if (strcmp(got, sig_hex) != 0)
            fail_msg("%s: signature %s, expected %s", EDDSA_CASES[i].dir, got, sig_hex);
        free(got);
        assert_int_equal(reco_multibase_encode('z', (const uint8_t *)sig.data, sig.len, &b),
                         RECO_OK);
        assert_string_equal(b.data, sig_z);
        assert_int_equal(reco_key_verify(pub, msg.data, msg.len, sig.data, sig.len, &err), RECO_OK);
        msg.data[0] ^= 1;
        assert_int_equal(reco_key_verify(pub, msg.data, msg.len, sig.data, sig.len, &err),
                         RECO_EVERIFY);
        free(proof_hash);
        free(doc_hash);
        free(combined);
        free(sig_hex);
        free(sig_z);
    }

    reco_buf_release(&b);
    reco_buf_release(&msg);
    reco_buf_release(&sig);
    reco_key_free(pub);
    reco_key_free(k);
    json_decref(pair);
}

/* ---------------------------------------------------------------- JWK */

static void jwk_round_trip(void **state)
{
    (void)state;
    const reco_key_type types[] = {RECO_KEY_ED25519, RECO_KEY_P256, RECO_KEY_RSA};
    const char *kty[] = {"OKP", "EC", "RSA"};
    reco_error err;
    for (size_t i = 0; i < 3; i++) {
        reco_key *k = gen(types[i]), *back = NULL, *pubk = NULL;
        json_t *priv = NULL, *pub = NULL, *again = NULL;
        reco_buf sig;
        reco_buf_init(&sig, 0);
        assert_int_equal(reco_key_to_jwk(k, true, &priv, &err), RECO_OK);
        assert_int_equal(reco_key_to_jwk(k, false, &pub, &err), RECO_OK);
        assert_string_equal(json_string_value(json_object_get(pub, "kty")), kty[i]);
        assert_non_null(json_object_get(priv, "d"));
        assert_null(json_object_get(pub, "d"));

        assert_int_equal(reco_key_from_jwk(priv, &back, &err), RECO_OK);
        assert_true(reco_key_has_private(back));
        assert_true(reco_key_public_equal(k, back));
        assert_int_equal(reco_key_to_jwk(back, true, &again, &err), RECO_OK);
        assert_true(json_equal(priv, again));

        assert_int_equal(reco_key_from_jwk(pub, &pubk, &err), RECO_OK);
        assert_false(reco_key_has_private(pubk));
        assert_true(reco_key_public_equal(k, pubk));
        json_t *none = NULL;
        assert_int_equal(reco_key_to_jwk(pubk, true, &none, &err), RECO_EINVAL);
        assert_null(none);

        /* Signed by the key read back, verified by the public JWK. */
        assert_int_equal(reco_key_sign(back, MSG, 7, &sig, &err), RECO_OK);
        assert_int_equal(reco_key_verify(pubk, MSG, 7, sig.data, sig.len, &err), RECO_OK);

        reco_buf_release(&sig);
        json_decref(priv);
        json_decref(pub);
        json_decref(again);
        reco_key_free(back);
        reco_key_free(pubk);
        reco_key_free(k);
    }
}

/* Copy of jwk with member name set to value (NULL deletes it); decref'd by the caller. */
static json_t *with(const json_t *jwk, const char *name, const char *value)
{
    json_t *c = json_deep_copy(jwk);
    assert_non_null(c);
    if (value)
        json_object_set_new(c, name, json_string(value));
    else
        json_object_del(c, name);
    return c;
}

static void expect_refused(json_t *jwk, reco_code code, const char *part)
{
    reco_key *k = NULL;
    reco_error err;
    reco_error_clear(&err);
    assert_int_equal(reco_key_from_jwk(jwk, &k, &err), code);
    assert_null(k);
    if (part && !strstr(err.msg, part))
        fail_msg("message '%s' lacks '%s'", err.msg, part);
    json_decref(jwk);
}

static void jwk_refusals(void **state)
{
    (void)state;
    reco_key *ed = gen(RECO_KEY_ED25519), *ed2 = gen(RECO_KEY_ED25519);
    reco_key *ec = gen(RECO_KEY_P256), *rsa = gen(RECO_KEY_RSA);
    json_t *jed = NULL, *jed2 = NULL, *jec = NULL, *jrsa = NULL;
    reco_error err;
    assert_int_equal(reco_key_to_jwk(ed, true, &jed, &err), RECO_OK);
    assert_int_equal(reco_key_to_jwk(ed2, true, &jed2, &err), RECO_OK);
    assert_int_equal(reco_key_to_jwk(ec, true, &jec, &err), RECO_OK);
    assert_int_equal(reco_key_to_jwk(rsa, true, &jrsa, &err), RECO_OK);

    expect_refused(json_string("OKP"), RECO_EINVAL, "object");
    expect_refused(with(jed, "kty", NULL), RECO_EINVAL, "kty");
    expect_refused(with(jed, "kty", "oct"), RECO_EINVAL, "oct");
    expect_refused(with(jed, "crv", "Ed448"), RECO_EINVAL, "Ed448");
    expect_refused(with(jed, "crv", "X25519"), RECO_EINVAL, NULL);
    expect_refused(with(jed, "x", NULL), RECO_EINVAL, "'x'");
    expect_refused(with(jed, "x", "AAAA"), RECO_EINVAL, "32 bytes");
    expect_refused(with(jed, "x", "!!notbase64url!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"), RECO_EINVAL,
                   "base64url");
    /* Padding is not base64url as JOSE uses it (RFC 7515 §2). */
    expect_refused(with(jed, "d", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), RECO_EINVAL,
                   "padding");
    /* The private half of another key. */
    expect_refused(with(jed, "d", json_string_value(json_object_get(jed2, "d"))), RECO_EINVAL,
                   "match");
    json_t *num = json_deep_copy(jed);
    json_object_set_new(num, "x", json_integer(5));
    expect_refused(num, RECO_EINVAL, "string");

    expect_refused(with(jec, "crv", "P-384"), RECO_EINVAL, "P-384");
    expect_refused(with(jec, "y", NULL), RECO_EINVAL, "'y'");
    /* Shortened coordinates are refused (RFC 7518 §6.2.1.2). */
    expect_refused(with(jec, "x", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), RECO_EINVAL,
                   "32 bytes");
    /* y of another point: not on the curve with this x. */
    json_t *jec2 = NULL;
    reco_key *ec2 = gen(RECO_KEY_P256);
    assert_int_equal(reco_key_to_jwk(ec2, false, &jec2, &err), RECO_OK);
    json_t *off = with(jec, "y", json_string_value(json_object_get(jec2, "y")));
    json_object_del(off, "d");
    expect_refused(off, RECO_EINVAL, "curve");
    expect_refused(with(jec, "d", json_string_value(json_object_get(jrsa, "e"))), RECO_EINVAL,
                   NULL);
    /* The scalar of another P-256 key. */
    json_t *jec2priv = NULL;
    assert_int_equal(reco_key_to_jwk(ec2, true, &jec2priv, &err), RECO_OK);
    expect_refused(with(jec, "d", json_string_value(json_object_get(jec2priv, "d"))), RECO_EINVAL,
                   "match");
    /* d = 0 and d = n (the group order) are out of range. */
    expect_refused(with(jec, "d", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), RECO_EINVAL,
                   NULL);
    expect_refused(with(jec, "d", "_____wAAAAD__________7zm-q2nF56E87nKwvxjJVE"), RECO_EINVAL,
                   NULL);
    json_decref(jec2priv);

    /* RSA: a 1024-bit modulus (the first 128 bytes of n) is too short. */
    const char *n = json_string_value(json_object_get(jrsa, "n"));
    reco_buf nb, shortn;
    reco_buf_init(&nb, 0);
    reco_buf_init(&shortn, 0);
    assert_int_equal(reco_base64url_decode(n, strlen(n), &nb, &err), RECO_OK);
    assert_int_equal(nb.len, 256);
    assert_int_equal(reco_base64url_encode((const uint8_t *)nb.data, 128, &shortn), RECO_OK);
    json_t *pubrsa = with(jrsa, "d", NULL);
    static const char *const crt[] = {"p", "q", "dp", "dq", "qi"};
    for (int i = 0; i < 5; i++)
        json_object_del(pubrsa, crt[i]);
    expect_refused(with(pubrsa, "n", shortn.data), RECO_EINVAL, "too short");
    reco_buf_release(&nb);
    reco_buf_release(&shortn);
    expect_refused(with(pubrsa, "e", "AAAA"), RECO_EINVAL, NULL); /* even exponent 0 */
    expect_refused(with(jrsa, "q", NULL), RECO_EINVAL, "p, q");
    expect_refused(with(jrsa, "oth", "x"), RECO_EINVAL, "multi-prime");
    /* d of another key does not match n. */
    reco_key *rsa2 = gen(RECO_KEY_RSA);
    json_t *jrsa2 = NULL;
    assert_int_equal(reco_key_to_jwk(rsa2, true, &jrsa2, &err), RECO_OK);
    json_t *mixed = with(pubrsa, "d", json_string_value(json_object_get(jrsa2, "d")));
    expect_refused(mixed, RECO_EINVAL, "match");

    /* "use" and "alg" must fit a signing key of this type when present. */
    expect_refused(with(jec, "use", "enc"), RECO_EINVAL, "signatures");
    expect_refused(with(jec, "alg", "RS256"), RECO_EINVAL, "RS256");
    expect_refused(with(jed, "alg", "ES256"), RECO_EINVAL, "ES256");
    json_t *algnum = json_deep_copy(jrsa);
    json_object_set_new(algnum, "alg", json_integer(1));
    expect_refused(algnum, RECO_EINVAL, "string");
    const char *fits[][2] = {{"alg", "EdDSA"}, {"alg", "Ed25519"}, {"use", "sig"}};
    for (size_t i = 0; i < 3; i++) {
        reco_key *ok = NULL;
        json_t *j = with(jed, fits[i][0], fits[i][1]);
        assert_int_equal(reco_key_from_jwk(j, &ok, &err), RECO_OK);
        reco_key_free(ok);
        json_decref(j);
    }

    /* A public-only RSA JWK and one with d alone both load. */
    reco_key *k = NULL;
    assert_int_equal(reco_key_from_jwk(pubrsa, &k, &err), RECO_OK);
    assert_false(reco_key_has_private(k));
    reco_key_free(k);
    json_t *donly = with(pubrsa, "d", json_string_value(json_object_get(jrsa, "d")));
    assert_int_equal(reco_key_from_jwk(donly, &k, &err), RECO_OK);
    assert_true(reco_key_has_private(k));
    json_t *dout = NULL;
    assert_int_equal(reco_key_to_jwk(k, true, &dout, &err), RECO_OK);
    assert_null(json_object_get(dout, "p"));
    json_decref(dout);
    reco_key_free(k);
    json_decref(donly);

    json_decref(pubrsa);
    json_decref(jrsa2);
    json_decref(jec2);
    json_decref(jed);
    json_decref(jed2);
    json_decref(jec);
    json_decref(jrsa);
    reco_key_free(ec2);
    reco_key_free(rsa2);
    reco_key_free(ed);
    reco_key_free(ed2);
    reco_key_free(ec);
    reco_key_free(rsa);
}

/*
 * RFC 8037 Appendix A: the Ed25519 key of A.1, its thumbprint (A.3) and the signature of
 * the JWS signing input of A.4 (Ed25519 is deterministic).
 */
static void rfc8037_vectors(void **state)
{
    (void)state;
    json_t *jwk = json_pack("{s:s, s:s, s:s, s:s}", "kty", "OKP", "crv", "Ed25519", "d",
                            "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A", "x",
                            "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    const char *input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
    const char *want = "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsP"
                       "t9g7sVvpAr_MuM0KAg";
    reco_key *k = NULL;
    reco_error err;
    reco_buf b, sig;

    reco_buf_init(&b, 0);
    reco_buf_init(&sig, 0);
    assert_int_equal(reco_key_from_jwk(jwk, &k, &err), RECO_OK);
    assert_int_equal(reco_key_jwk_thumbprint(k, &b, &err), RECO_OK);
    assert_string_equal(b.data, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    assert_int_equal(reco_key_sign(k, input, strlen(input), &sig, &err), RECO_OK);
    reco_buf_clear(&b);
    assert_int_equal(reco_base64url_encode((const uint8_t *)sig.data, sig.len, &b), RECO_OK);
    assert_string_equal(b.data, want);
    reco_buf_release(&b);
    reco_buf_release(&sig);
    reco_key_free(k);
    json_decref(jwk);
}

/* RFC 8032 §7.1 TEST 1: the raw seed gives the raw public key and signs "" as published. */
static void rfc8032_test1(void **state)
{
    (void)state;
    const char *seed_hex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    const char *pub_hex = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    const char *sig_hex = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                          "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
    reco_buf seed, pub, raw, sig;
    reco_key *k = NULL, *p = NULL, *both = NULL;
    reco_error err;
    char *hex;

    reco_buf_init(&seed, 0);
    reco_buf_init(&pub, 0);
    reco_buf_init(&raw, 0);
    reco_buf_init(&sig, 0);
    assert_int_equal(reco_hex_decode(seed_hex, 64, &seed, &err), RECO_OK);
    assert_int_equal(reco_hex_decode(pub_hex, 64, &pub, &err), RECO_OK);
    assert_int_equal(reco_key_from_ed25519_raw(NULL, (const uint8_t *)seed.data, &k, &err),
                     RECO_OK);
    assert_int_equal(reco_key_public_raw(k, &raw, &err), RECO_OK);
    hex = hex_of(raw.data, raw.len);
    assert_string_equal(hex, pub_hex);
    free(hex);
    assert_int_equal(reco_key_sign(k, "", 0, &sig, &err), RECO_OK);
    hex = hex_of(sig.data, sig.len);
    assert_string_equal(hex, sig_hex);
    free(hex);
    assert_int_equal(reco_key_from_ed25519_raw((const uint8_t *)pub.data, NULL, &p, &err), RECO_OK);
    assert_int_equal(reco_key_verify(p, "", 0, sig.data, sig.len, &err), RECO_OK);
    assert_int_equal(reco_key_verify(p, "x", 1, sig.data, sig.len, &err), RECO_EVERIFY);
    assert_int_equal(reco_key_from_ed25519_raw((const uint8_t *)pub.data,
                                               (const uint8_t *)seed.data, &both, &err),
                     RECO_OK);
    assert_true(reco_key_has_private(both));
    reco_key_free(both);
    both = NULL;
    /* A public key that is not the seed's. */
    pub.data[0] ^= 1;
    assert_int_equal(reco_key_from_ed25519_raw((const uint8_t *)pub.data,
                                               (const uint8_t *)seed.data, &both, &err),
                     RECO_EINVAL);
    assert_null(both);
    assert_int_equal(reco_key_from_ed25519_raw(NULL, NULL, &both, &err), RECO_EINVAL);
    assert_int_equal(reco_key_from_public_raw(RECO_KEY_ED25519, pub.data, 31, &both, &err),
                     RECO_EINVAL);
    assert_int_equal(reco_key_from_public_raw(RECO_KEY_RSA, pub.data, 32, &both, &err),
                     RECO_EINVAL);
    reco_buf_release(&seed);
    reco_buf_release(&pub);
    reco_buf_release(&raw);
    reco_buf_release(&sig);
    reco_key_free(k);
    reco_key_free(p);
}

/*
 * RFC 7515 Appendix A.3: the ES256 example signature (raw r || s, and with a high s, which
 * ES256 does not forbid) verifies with the example's public key.
 */
static void rfc7515_es256(void **state)
{
    (void)state;
    const char *input = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogIm"
                        "h0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    const char *sig_b64 = "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKT"
                          "UJqPP3-Kg6NU1Q";
    json_t *jwk = json_pack("{s:s, s:s, s:s, s:s}", "kty", "EC", "crv", "P-256", "x",
                            "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y",
                            "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0");
    reco_key *k = NULL;
    reco_error err;
    reco_buf sig;

    reco_buf_init(&sig, 0);
    assert_int_equal(reco_base64url_decode(sig_b64, strlen(sig_b64), &sig, &err), RECO_OK);
    assert_int_equal(sig.len, 64);
    assert_int_equal(reco_key_from_jwk(jwk, &k, &err), RECO_OK);
    assert_int_equal(reco_key_verify(k, input, strlen(input), sig.data, sig.len, &err), RECO_OK);
    sig.data[63] ^= 0x40;
    assert_int_equal(reco_key_verify(k, input, strlen(input), sig.data, sig.len, &err),
                     RECO_EVERIFY);
    reco_buf_release(&sig);
    reco_key_free(k);
    json_decref(jwk);
}

/* RFC 7638 §3.1: the thumbprint of the RSA key of the example. */
static void rfc7638_thumbprint(void **state)
{
    (void)state;
    json_t *jwk = json_pack(
        "{s:s, s:s, s:s, s:s}", "kty", "RSA", "e", "AQAB", "alg", "RS256", "n",
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_"
        "BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_"
        "FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-"
        "bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-"
        "kEgU8awapJzKnqDKgw");
    reco_key *k = NULL;
    reco_error err;
    reco_buf b;
    reco_buf_init(&b, 0);
    assert_int_equal(reco_key_from_jwk(jwk, &k, &err), RECO_OK);
    assert_int_equal(reco_key_get_type(k), RECO_KEY_RSA);
    assert_int_equal(reco_key_jwk_thumbprint(k, &b, &err), RECO_OK);
    assert_string_equal(b.data, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    reco_buf_release(&b);
    reco_key_free(k);
    json_decref(jwk);
}

/* ---------------------------------------------------------------- PEM */

static void pem_round_trip(void **state)
{
    (void)state;
    const reco_key_type types[] = {RECO_KEY_ED25519, RECO_KEY_P256, RECO_KEY_RSA};
    reco_error err;
    for (size_t i = 0; i < 3; i++) {
        reco_key *k = gen(types[i]), *back = NULL;
        reco_buf pem;
        reco_buf_init(&pem, 0);
        assert_int_equal(reco_key_to_pem(k, &pem, &err), RECO_OK);
        assert_non_null(strstr(pem.data, "-----BEGIN PUBLIC KEY-----"));
        assert_null(strstr(pem.data, "PRIVATE"));
        assert_int_equal(reco_key_from_pem(pem.data, pem.len, &back, &err), RECO_OK);
        assert_int_equal(reco_key_get_type(back), types[i]);
        assert_false(reco_key_has_private(back));
        assert_true(reco_key_public_equal(k, back));
        reco_buf_release(&pem);
        reco_key_free(back);
        reco_key_free(k);
    }
}

static char *openssl_pem(const char *type, const char *arg, size_t bits)
{
    EVP_PKEY *p =
        arg ? EVP_PKEY_Q_keygen(NULL, NULL, type, arg) : EVP_PKEY_Q_keygen(NULL, NULL, type, bits);
    BIO *bio = BIO_new(BIO_s_mem());
    char *data = NULL, *copy;
    assert_non_null(p);
    assert_int_equal(PEM_write_bio_PUBKEY(bio, p), 1);
    long n = BIO_get_mem_data(bio, &data);
    copy = calloc(1, (size_t)n + 1);
    memcpy(copy, data, (size_t)n);
    BIO_free(bio);
    EVP_PKEY_free(p);
    return copy;
}

static void pem_refusals(void **state)
{
    (void)state;
    reco_key *k = NULL;
    reco_error err;
    const char *junk = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
    assert_int_equal(reco_key_from_pem(junk, strlen(junk), &k, &err), RECO_EPARSE);
    assert_int_equal(reco_key_from_pem("", 0, &k, &err), RECO_EPARSE);
    char *small = openssl_pem("RSA", NULL, 1024);
    assert_int_equal(reco_key_from_pem(small, strlen(small), &k, &err), RECO_EINVAL);
    free(small);
    char *p384 = openssl_pem("EC", "P-384", 0);
    assert_int_equal(reco_key_from_pem(p384, strlen(p384), &k, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "P-256"));
    free(p384);
    char *big = calloc(1, 20000);
    memset(big, 'A', 19999);
    assert_int_equal(reco_key_from_pem(big, 19999, &k, &err), RECO_ELIMIT);
    free(big);
    assert_null(k);
}

/* ---------------------------------------------------------------- key file */

static char tmpdir[64];

static int make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/reco-crypto-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *tmp_path(const char *name)
{
    static char p[128];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    return p;
}

static void write_text(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(path, mode), 0);
}

static void keyfile_round_trip(void **state)
{
    (void)state;
    const reco_key_type types[] = {RECO_KEY_ED25519, RECO_KEY_P256, RECO_KEY_RSA};
    reco_error err;
    struct stat st;
    for (size_t i = 0; i < 3; i++) {
        reco_key *k = gen(types[i]), *back = NULL;
        const char *path = tmp_path(reco_key_type_name(types[i]));
        assert_int_equal(reco_key_save(k, path, &err), RECO_OK);
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0600);
        assert_int_equal(reco_key_load(path, &back, &err), RECO_OK);
        assert_int_equal(reco_key_get_type(back), types[i]);
        assert_true(reco_key_has_private(back));
        assert_true(reco_key_public_equal(k, back));

        /* The file says what it is. */
        json_t *doc = NULL;
        assert_int_equal(reco_json_read_file(path, NULL, &doc, &err), RECO_OK);
        assert_string_equal(json_string_value(json_object_get(doc, "type")), "reco-key");
        assert_string_equal(json_string_value(json_object_get(doc, "keyType")),
                            reco_key_type_name(types[i]));
        json_decref(doc);
        reco_key_free(back);
        reco_key_free(k);
    }
}

static void keyfile_refusals(void **state)
{
    (void)state;
    reco_key *k = gen(RECO_KEY_ED25519), *ec = gen(RECO_KEY_P256), *pub = pub_of(k), *back = NULL;
    reco_error err;
    const char *path = tmp_path("key.json");
    json_t *jwk = NULL, *pubjwk = NULL;
    char *text;

    /* Too open. */
    assert_int_equal(reco_key_save(k, path, &err), RECO_OK);
    assert_int_equal(chmod(path, 0644), 0);
    assert_int_equal(reco_key_load(path, &back, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "readable by other users (mode 0644)"));
    assert_non_null(strstr(err.msg, "chmod 600"));
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(reco_key_load(path, &back, &err), RECO_EINVAL);
    assert_int_equal(chmod(path, 0600), 0);
    assert_int_equal(reco_key_load(path, &back, &err), RECO_OK);
    reco_key_free(back);
    back = NULL;

    /* A public key is never saved. */
    assert_int_equal(reco_key_save(pub, tmp_path("pub.json"), &err), RECO_EINVAL);

    /* Not JSON, another type, public only, keyType lying. */
    write_text(path, "not json", 0600);
    assert_int_equal(reco_key_load(path, &back, &err), RECO_EPARSE);
    write_text(path, "{\"type\":\"other\",\"keyType\":\"ed25519\",\"jwk\":{}}", 0600);
    assert_int_equal(reco_key_load(path, &back, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "not a reco key file"));
    write_text(path, "[1,2]", 0600);
    assert_int_equal(reco_key_load(path, &back, &err), RECO_EINVAL);

    assert_int_equal(reco_key_to_jwk(k, false, &pubjwk, &err), RECO_OK);
    json_t *doc =
        json_pack("{s:s, s:s, s:O}", "type", "reco-key", "keyType", "ed25519", "jwk", pubjwk);
    text = json_dumps(doc, 0);
    write_text(path, text, 0600);
    free(text);
    json_decref(doc);
    assert_int_equal(reco_key_load(path, &back, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "holds no private key"));

    assert_int_equal(reco_key_to_jwk(ec, true, &jwk, &err), RECO_OK);
    doc = json_pack("{s:s, s:s, s:O}", "type", "reco-key", "keyType", "ed25519", "jwk", jwk);
    text = json_dumps(doc, 0);
    write_text(path, text, 0600);
    free(text);
    json_decref(doc);
    assert_int_equal(reco_key_load(path, &back, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "p256"));

    doc = json_pack("{s:s, s:s, s:O}", "type", "reco-key", "keyType", "dsa", "jwk", jwk);
    text = json_dumps(doc, 0);
    write_text(path, text, 0600);
    free(text);
    json_decref(doc);
    assert_int_equal(reco_key_load(path, &back, &err), RECO_EINVAL);

    assert_int_equal(reco_key_load(tmp_path("absent.json"), &back, &err), RECO_ENOTFOUND);
    assert_int_equal(reco_key_load(tmpdir, &back, &err), RECO_EINVAL);
    assert_null(back);

    json_decref(jwk);
    json_decref(pubjwk);
    reco_key_free(pub);
    reco_key_free(ec);
    reco_key_free(k);
}

/* ---------------------------------------------------------------- hashes, random */

static void hashes(void **state)
{
    (void)state;
    uint8_t h256[32], h384[48];
    char *hex;
    /* FIPS 180-2 Appendix B.1 and D.1: "abc". */
    reco_sha256("abc", 3, h256);
    hex = hex_of(h256, sizeof h256);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    free(hex);
    reco_sha384("abc", 3, h384);
    hex = hex_of(h384, sizeof h384);
    assert_string_equal(hex, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                             "8086072ba1e7cc2358baeca134c825a7");
    free(hex);
    /* The empty message. */
    reco_sha256("", 0, h256);
    hex = hex_of(h256, sizeof h256);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    free(hex);
}

static void random_bytes(void **state)
{
    (void)state;
    uint8_t a[32] = {0}, b[32] = {0}, zero[32] = {0};
    reco_error err;
    assert_int_equal(reco_random(a, sizeof a, &err), RECO_OK);
    assert_int_equal(reco_random(b, sizeof b, &err), RECO_OK);
    assert_int_equal(reco_random(b, 0, &err), RECO_OK);
    /* 256 random bits equal to zero or to each other only by a 2^-256 chance. */
    assert_memory_not_equal(a, zero, sizeof a);
    assert_memory_not_equal(a, b, sizeof a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(type_names),
        cmocka_unit_test(sign_verify_ed25519),
        cmocka_unit_test(sign_verify_p256),
        cmocka_unit_test(sign_verify_rsa),
        cmocka_unit_test(ed25519_deterministic_p256_not),
        cmocka_unit_test(es256_zero_signature_is_a_verdict),
        cmocka_unit_test(rsa_sizes),
        cmocka_unit_test(multikey_round_trip),
        cmocka_unit_test(multikey_refusals),
        cmocka_unit_test(did_key_refusals),
        cmocka_unit_test(did_key_p256_known),
        cmocka_unit_test(secret_multikey_round_trip),
        cmocka_unit_test(eddsa_vectors),
        cmocka_unit_test(jwk_round_trip),
        cmocka_unit_test(jwk_refusals),
        cmocka_unit_test(rfc8037_vectors),
        cmocka_unit_test(rfc7638_thumbprint),
        cmocka_unit_test(rfc8032_test1),
        cmocka_unit_test(rfc7515_es256),
        cmocka_unit_test(pem_round_trip),
        cmocka_unit_test(pem_refusals),
        cmocka_unit_test_setup_teardown(keyfile_round_trip, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(keyfile_refusals, make_tmpdir, remove_tmpdir),
        cmocka_unit_test(hashes),
        cmocka_unit_test(random_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
