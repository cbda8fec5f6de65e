/*
 * test_crypto_aead.c - secrets at rest (AES-256-GCM) and HMAC-SHA-256, with known answers
 * from the GCM specification's test cases and RFC 4231.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/crypto.h"

#include <stdlib.h>
#include <string.h>

static char *hex_of(const void *p, size_t n)
{
    reco_buf b;
    reco_buf_init(&b, 0);
    assert_int_equal(reco_hex_encode(p, n, &b), RECO_OK);
    return reco_buf_detach(&b, NULL);
}

static bool contains(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return true;
    return false;
}

static void seal_open_round_trip(void **state)
{
    (void)state;
    uint8_t key[32], other[32];
    const char secret[] = "{\"kty\":\"OKP\",\"d\":\"secret\"}";
    const char aad[] = "issuer/42";
    reco_buf box, plain;
    reco_error err;

    assert_int_equal(reco_random(key, sizeof key, &err), RECO_OK);
    memcpy(other, key, sizeof key);
    other[31] ^= 1;
    reco_buf_init(&box, 0);
    reco_buf_init(&plain, 0);
    assert_int_equal(reco_aead_seal(key, aad, strlen(aad), secret, strlen(secret), &box, &err),
                     RECO_OK);
    assert_int_equal(box.len, strlen(secret) + RECO_AEAD_OVERHEAD);
    assert_false(contains(box.data, box.len, "secret")); /* the plaintext does not show */

    assert_int_equal(reco_aead_open(key, aad, strlen(aad), box.data, box.len, &plain, &err),
                     RECO_OK);
    assert_int_equal(plain.len, strlen(secret));
    assert_string_equal(plain.data, secret);

    /* Another key, another aad, a flipped byte anywhere: refused, nothing handed out. */
    reco_buf_clear(&plain);
    assert_int_equal(reco_aead_open(other, aad, strlen(aad), box.data, box.len, &plain, &err),
                     RECO_EVERIFY);
    assert_non_null(strstr(err.msg, "altered"));
    assert_int_equal(plain.len, 0);
    assert_int_equal(reco_aead_open(key, "issuer/43", 9, box.data, box.len, &plain, &err),
                     RECO_EVERIFY);
    assert_int_equal(reco_aead_open(key, NULL, 0, box.data, box.len, &plain, &err), RECO_EVERIFY);
    for (size_t i = 0; i < box.len; i += 7) {
        box.data[i] ^= 0x20;
        assert_int_equal(reco_aead_open(key, aad, strlen(aad), box.data, box.len, &plain, &err),
                         RECO_EVERIFY);
        box.data[i] ^= 0x20;
    }
    assert_int_equal(plain.len, 0);
    assert_int_equal(
        reco_aead_open(key, aad, strlen(aad), box.data, RECO_AEAD_OVERHEAD - 1, &plain, &err),
        RECO_EINVAL);

    /* Two seals of the same text differ (random nonce). */
    reco_buf box2;
    reco_buf_init(&box2, 0);
    assert_int_equal(reco_aead_seal(key, aad, strlen(aad), secret, strlen(secret), &box2, &err),
                     RECO_OK);
    assert_int_equal(box2.len, box.len);
    assert_memory_not_equal(box.data, box2.data, box.len);

    /* Empty plaintext, no aad; sealing appends. */
    reco_buf_clear(&box2);
    assert_int_equal(reco_buf_puts(&box2, "v1:"), RECO_OK);
    assert_int_equal(reco_aead_seal(key, NULL, 0, "", 0, &box2, &err), RECO_OK);
    assert_int_equal(box2.len, 3 + RECO_AEAD_OVERHEAD);
    assert_int_equal(reco_aead_open(key, NULL, 0, box2.data + 3, box2.len - 3, &plain, &err),
                     RECO_OK);
    assert_int_equal(plain.len, 0);

    /* A capped output buffer is respected. */
    reco_buf small;
    reco_buf_init(&small, 8);
    assert_int_equal(reco_aead_seal(key, NULL, 0, secret, strlen(secret), &small, &err),
                     RECO_ELIMIT);
    assert_int_equal(small.len, 0);

    reco_buf_release(&small);
    reco_buf_release(&box2);
    reco_buf_release(&box);
    reco_buf_release(&plain);
}

/*
 * The GCM specification (McGrew and Viega), test cases 13 and 14: AES-256, zero key, zero
 * 96-bit IV; an empty plaintext gives tag 530f8afb...; 16 zero bytes give ciphertext
 * cea7403d... and tag d0d1c8a7.... Built as nonce || ciphertext || tag, they must open.
 */
static void gcm_known_answers(void **state)
{
    (void)state;
    uint8_t key[32] = {0};
    reco_buf box, plain;
    reco_error err;
    char *hex;

    reco_buf_init(&box, 0);
    reco_buf_init(&plain, 0);
    assert_int_equal(reco_hex_decode("000000000000000000000000"
                                     "530f8afbc74536b9a963b4f1c4cb738b",
                                     56, &box, &err),
                     RECO_OK);
    assert_int_equal(reco_aead_open(key, NULL, 0, box.data, box.len, &plain, &err), RECO_OK);
    assert_int_equal(plain.len, 0);

    reco_buf_clear(&box);
    assert_int_equal(reco_hex_decode("000000000000000000000000"
                                     "cea7403d4d606b6e074ec5d3baf39d18"
                                     "d0d1c8a799996bf0265b98b5d48ab919",
                                     88, &box, &err),
                     RECO_OK);
    assert_int_equal(reco_aead_open(key, NULL, 0, box.data, box.len, &plain, &err), RECO_OK);
    hex = hex_of(plain.data, plain.len);
    assert_string_equal(hex, "00000000000000000000000000000000");
    free(hex);
    reco_buf_release(&box);
    reco_buf_release(&plain);
}

/* RFC 4231 §4.3 (test case 2) and §4.2 (test case 1). */
static void hmac_known_answers(void **state)
{
    (void)state;
    uint8_t mac[32], key[20];
    char *hex;
    const char *data = "what do ya want for nothing?";

    reco_hmac_sha256("Jefe", 4, data, strlen(data), mac);
    hex = hex_of(mac, sizeof mac);
    assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    free(hex);

    memset(key, 0x0b, sizeof key);
    reco_hmac_sha256(key, sizeof key, "Hi There", 8, mac);
    hex = hex_of(mac, sizeof mac);
    assert_string_equal(hex, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    free(hex);

    /* An empty key is a key: same result each time, different from another key's. */
    uint8_t a[32], b[32];
    reco_hmac_sha256(NULL, 0, "x", 1, a);
    reco_hmac_sha256("", 0, "x", 1, b);
    assert_memory_equal(a, b, 32);
    reco_hmac_sha256("k", 1, "x", 1, b);
    assert_memory_not_equal(a, b, 32);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seal_open_round_trip),
        cmocka_unit_test(gcm_known_answers),
        cmocka_unit_test(hmac_known_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
