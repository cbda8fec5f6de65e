/*
 * test_base_codec.c - hex, base64, base64url, base58btc, multibase, UTF-8.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/base.h"

#include <string.h>

#define S(x) (const uint8_t *)(x), (sizeof(x) - 1)

static reco_buf out;

static int setup(void **state)
{
    (void)state;
    reco_buf_init(&out, 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    reco_buf_release(&out);
    return 0;
}

static void hex(void **state)
{
    (void)state;
    reco_error err;
    assert_int_equal(reco_hex_encode(S("\x00\x01\xab\xff"), &out), RECO_OK);
    assert_string_equal(out.data, "0001abff");
    reco_buf_clear(&out);
    assert_int_equal(reco_hex_decode("00aBFf", 6, &out, &err), RECO_OK);
    assert_int_equal(out.len, 3);
    assert_memory_equal(out.data, "\x00\xab\xff", 3);
    reco_buf_clear(&out);
    assert_int_equal(reco_hex_decode("abc", 3, &out, &err), RECO_EPARSE);
    assert_int_equal(reco_hex_decode("zz", 2, &out, &err), RECO_EPARSE);
    assert_non_null(strstr(err.msg, "invalid hex digit"));
    assert_int_equal(out.len, 0); /* nothing half-decoded is left behind */
}

/* RFC 4648 §10 test vectors. */
static void base64_rfc4648(void **state)
{
    (void)state;
    static const char *plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *std[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    static const char *url[] = {"", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"};
    reco_error err;
    for (int i = 0; i < 7; i++) {
        size_t n = strlen(plain[i]);
        reco_buf_clear(&out);
        assert_int_equal(reco_base64_encode((const uint8_t *)plain[i], n, &out), RECO_OK);
        assert_string_equal(out.data, std[i]);
        reco_buf_clear(&out);
        assert_int_equal(reco_base64url_encode((const uint8_t *)plain[i], n, &out), RECO_OK);
        assert_string_equal(out.data, url[i]);
        reco_buf_clear(&out);
        assert_int_equal(reco_base64_decode(std[i], strlen(std[i]), &out, &err), RECO_OK);
        assert_string_equal(out.data, plain[i]);
        reco_buf_clear(&out);
        assert_int_equal(reco_base64_decode(url[i], strlen(url[i]), &out, &err), RECO_OK);
        assert_string_equal(out.data, plain[i]);
        reco_buf_clear(&out);
        assert_int_equal(reco_base64url_decode(url[i], strlen(url[i]), &out, &err), RECO_OK);
        assert_string_equal(out.data, plain[i]);
        reco_buf_clear(&out);
        assert_int_equal(reco_base64url_decode(std[i], strlen(std[i]), &out, &err), RECO_OK);
        assert_string_equal(out.data, plain[i]);
    }
}

static void base64_alphabets_and_bad_input(void **state)
{
    (void)state;
    reco_error err;
    assert_int_equal(reco_base64url_encode(S("\xfb\xff\xbf"), &out), RECO_OK);
    assert_string_equal(out.data, "-_-_");
    reco_buf_clear(&out);
    assert_int_equal(reco_base64_encode(S("\xfb\xff\xbf"), &out), RECO_OK);
    assert_string_equal(out.data, "+/+/");
    reco_buf_clear(&out);
    /* Each decoder refuses the other alphabet. */
    assert_int_equal(reco_base64url_decode("+/+/", 4, &out, &err), RECO_EPARSE);
    assert_int_equal(reco_base64_decode("-_-_", 4, &out, &err), RECO_EPARSE);
    assert_int_equal(reco_base64_decode("Zm9v Zg==", 9, &out, &err), RECO_EPARSE); /* space */
    assert_int_equal(reco_base64_decode("Z", 1, &out, &err), RECO_EPARSE);         /* bad length */
    assert_int_equal(reco_base64_decode("Zg=", 3, &out, &err), RECO_EPARSE);       /* bad padding */
    assert_int_equal(reco_base64_decode("Zh==", 4, &out, &err), RECO_EPARSE); /* trailing bits */
    assert_int_equal(reco_base64_decode("Zg=a", 4, &out, &err), RECO_EPARSE);
    assert_int_equal(reco_base64_decode("Zg\0=", 4, &out, &err), RECO_EPARSE);
    assert_int_equal(out.len, 0);
}

static void base58btc(void **state)
{
    (void)state;
    reco_error err;
    assert_int_equal(reco_base58btc_encode(S("Hello World!"), &out), RECO_OK);
    assert_string_equal(out.data, "2NEpo7TZRRrLZSi2U");
    reco_buf_clear(&out);
    /* draft-msporny-base58 §5: leading zero bytes become leading '1's. */
    assert_int_equal(reco_base58btc_encode(S("\x00\x00\x28\x7f\xb4\xcd"), &out), RECO_OK);
    assert_string_equal(out.data, "11233QC4");
    reco_buf_clear(&out);
    assert_int_equal(reco_base58btc_decode("11233QC4", 8, &out, &err), RECO_OK);
    assert_int_equal(out.len, 6);
    assert_memory_equal(out.data, "\x00\x00\x28\x7f\xb4\xcd", 6);
    reco_buf_clear(&out);
    assert_int_equal(reco_base58btc_decode("111", 3, &out, &err), RECO_OK);
    assert_int_equal(out.len, 3);
    assert_memory_equal(out.data, "\0\0\0", 3);
    reco_buf_clear(&out);
    assert_int_equal(reco_base58btc_decode("", 0, &out, &err), RECO_OK);
    assert_int_equal(out.len, 0);
    /* 0, O, I and l are not in the alphabet. */
    assert_int_equal(reco_base58btc_decode("2NEpo0", 6, &out, &err), RECO_EPARSE);
    assert_non_null(strstr(err.msg, "invalid base58btc character 0x30 at offset 5"));
    assert_int_equal(reco_base58btc_decode("Il", 2, &out, &err), RECO_EPARSE);
    assert_int_equal(reco_base58btc_decode("2N+", 3, &out, &err), RECO_EPARSE);
    assert_int_equal(out.len, 0);
    char long_text[5000];
    memset(long_text, '2', sizeof long_text);
    assert_int_equal(reco_base58btc_decode(long_text, sizeof long_text, &out, &err), RECO_ELIMIT);

    /* Round trip of every length up to 80 with a mix of zeros. */
    uint8_t bytes[80];
    for (size_t n = 0; n <= sizeof bytes; n++) {
        for (size_t i = 0; i < n; i++)
            bytes[i] = i < n / 4 ? 0 : (uint8_t)(i * 37 + n);
        reco_buf_clear(&out);
        assert_int_equal(reco_base58btc_encode(bytes, n, &out), RECO_OK);
        reco_buf dec;
        reco_buf_init(&dec, 0);
        assert_int_equal(reco_base58btc_decode(out.data, out.len, &dec, &err), RECO_OK);
        assert_int_equal(dec.len, n);
        if (n)
            assert_memory_equal(dec.data, bytes, n);
        reco_buf_release(&dec);
    }
}

static void multibase(void **state)
{
    (void)state;
    reco_error err;
    /* A did:key Ed25519 public key: 0xed01 multicodec prefix + 32 bytes. */
    const char *key = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    assert_int_equal(reco_multibase_decode(key, strlen(key), &out, &err), RECO_OK);
    assert_int_equal(out.len, 34);
    assert_int_equal((unsigned char)out.data[0], 0xed);
    assert_int_equal((unsigned char)out.data[1], 0x01);
    reco_buf enc;
    reco_buf_init(&enc, 0);
    assert_int_equal(reco_multibase_encode('z', (const uint8_t *)out.data, out.len, &enc), RECO_OK);
    assert_string_equal(enc.data, key);
    reco_buf_release(&enc);

    reco_buf_clear(&out);
    assert_int_equal(reco_multibase_decode("uZm9v", 5, &out, &err), RECO_OK);
    assert_string_equal(out.data, "foo");
    reco_buf_clear(&out);
    assert_int_equal(reco_multibase_decode("mZm9v", 5, &out, &err), RECO_OK);
    assert_string_equal(out.data, "foo");
    reco_buf_clear(&out);
    assert_int_equal(reco_multibase_decode("f666f6f", 7, &out, &err), RECO_OK);
    assert_string_equal(out.data, "foo");
    reco_buf_clear(&out);
    assert_int_equal(reco_multibase_encode('u', S("foo"), &out), RECO_OK);
    assert_string_equal(out.data, "uZm9v");
    reco_buf_clear(&out);

    assert_int_equal(reco_multibase_decode("bmzxw6", 6, &out, &err), RECO_EPARSE);
    assert_string_equal(err.msg, "unsupported multibase prefix 'b'");
    assert_int_equal(reco_multibase_decode("\x01z", 2, &out, &err), RECO_EPARSE);
    assert_int_equal(reco_multibase_decode("", 0, &out, &err), RECO_EPARSE);
    assert_int_equal(reco_multibase_decode("z0", 2, &out, &err), RECO_EPARSE);
    assert_int_equal(reco_multibase_encode('b', S("foo"), &out), RECO_EINVAL);
    assert_int_equal(out.len, 0);
}

static void decode_respects_buffer_cap(void **state)
{
    (void)state;
    reco_error err;
    reco_buf small;
    reco_buf_init(&small, 2);
    assert_int_equal(reco_base64url_decode("Zm9v", 4, &small, &err), RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "exceeds the limit of 2 bytes"));
    assert_int_equal(reco_hex_decode("666f6f", 6, &small, &err), RECO_ELIMIT);
    assert_int_equal(reco_base58btc_decode("2NEpo7TZRRrLZSi2U", 17, &small, &err), RECO_ELIMIT);
    assert_int_equal(small.len, 0);
    reco_buf_release(&small);
}

static void utf8(void **state)
{
    (void)state;
    assert_true(reco_utf8_valid("", 0));
    assert_true(reco_utf8_valid("plain", 5));
    assert_true(reco_utf8_valid("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x82", 9)); /* é € 😂 */
    assert_true(reco_utf8_valid("\xf4\x8f\xbf\xbf", 4));                     /* U+10FFFF */
    assert_false(reco_utf8_valid("\xc0\xaf", 2));                            /* overlong '/' */
    assert_false(reco_utf8_valid("\xe0\x80\xaf", 3));                        /* overlong */
    assert_false(reco_utf8_valid("\xed\xa0\x80", 3));                        /* U+D800 */
    assert_false(reco_utf8_valid("\xf4\x90\x80\x80", 4));                    /* > U+10FFFF */
    assert_false(reco_utf8_valid("\xe2\x82", 2));                            /* truncated */
    assert_false(reco_utf8_valid("\x80", 1));                                /* lone trail */
    assert_false(reco_utf8_valid("\xff", 1));
    assert_false(reco_utf8_valid("a\xc3(", 3));

    size_t i = 0;
    const char *s = "a\xc3\xa9\xf0\x9f\x98\x82\xff";
    assert_int_equal(reco_utf8_next(s, 8, &i), 'a');
    assert_int_equal(reco_utf8_next(s, 8, &i), 0xe9);
    assert_int_equal(reco_utf8_next(s, 8, &i), 0x1f602);
    assert_int_equal(i, 7);
    assert_int_equal(reco_utf8_next(s, 8, &i), -1);
    assert_int_equal(i, 8); /* a malformed byte advances by one */
    assert_int_equal(reco_utf8_next(s, 8, &i), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(hex, setup, teardown),
        cmocka_unit_test_setup_teardown(base64_rfc4648, setup, teardown),
        cmocka_unit_test_setup_teardown(base64_alphabets_and_bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(base58btc, setup, teardown),
        cmocka_unit_test_setup_teardown(multibase, setup, teardown),
        cmocka_unit_test_setup_teardown(decode_respects_buffer_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(utf8, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
