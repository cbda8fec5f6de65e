/*
 * codec.c - byte codecs: hex, base64 and base64url (RFC 4648), base58btc (the Bitcoin alphabet,
 * as did:key and Data Integrity proofs use it) and multibase (draft-multiformats-multibase).
 *
 * Decoders are strict: they refuse characters of other alphabets and non-canonical trailing
 * bits, so one byte string has exactly one accepted text.
 */
#include "reco/base.h"

#include <string.h>

static const char hex_digits[] = "0123456789abcdef";

reco_code reco_hex_encode(const uint8_t *p, size_t n, reco_buf *out)
{
    reco_code rc = n > SIZE_MAX / 4 ? RECO_ELIMIT : reco_buf_reserve(out, 2 * n);
    if (rc)
        goto out;
    char *d = out->data + out->len;
    for (size_t i = 0; i < n; i++) {
        d[2 * i] = hex_digits[p[i] >> 4];
        d[2 * i + 1] = hex_digits[p[i] & 15];
    }
    out->len += 2 * n;
    out->data[out->len] = '\0';
out:
    return rc;
}

static int hex_value(char c)
{
    int v = -1;
    if (c >= '0' && c <= '9')
        v = c - '0';
    else if (c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
    return v;
}

static reco_code buf_fail(reco_code rc, const reco_buf *out, reco_error *err)
{
    return reco_buf_error(rc, out, "decoded data", err);
}

reco_code reco_hex_decode(const char *s, size_t n, reco_buf *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    size_t start = out->len;
    if (n % 2) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "odd number of hex digits (%zu)", n);
        goto out;
    }
    rc = reco_buf_reserve(out, n / 2);
    if (rc) {
        rc = buf_fail(rc, out, err);
        goto out;
    }
    for (size_t i = 0; i < n; i += 2) {
        int hi = hex_value(s[i]), lo = hex_value(s[i + 1]);
        if (hi < 0 || lo < 0) {
            size_t at = hi < 0 ? i : i + 1;
            rc = reco_error_set(err, RECO_EPARSE, NULL, "invalid hex digit 0x%02x at offset %zu",
                                (unsigned)(unsigned char)s[at], at);
            goto out;
        }
        out->data[out->len++] = (char)(hi << 4 | lo);
    }
out:
    if (rc)
        out->len = start;
    if (out->cap)
        out->data[out->len] = '\0';
    return rc;
}

/* ---------------------------------------------------------------- base64 (RFC 4648 §4, §5) */

static const char b64_std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char b64_url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static reco_code b64_encode(const char *alpha, bool pad, const uint8_t *p, size_t n, reco_buf *out)
{
    reco_code rc = RECO_OK;
    size_t full = n / 3, rest = n % 3;
    size_t olen = full * 4 + (rest ? (pad ? 4 : rest + 1) : 0);
    rc = n > SIZE_MAX / 4 - 4 ? RECO_ELIMIT : reco_buf_reserve(out, olen);
    if (rc)
        goto out;
    char *d = out->data + out->len;
    size_t i = 0, o = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        d[o++] = alpha[v >> 18 & 63];
        d[o++] = alpha[v >> 12 & 63];
        d[o++] = alpha[v >> 6 & 63];
        d[o++] = alpha[v & 63];
    }
    if (rest) {
        uint32_t v = (uint32_t)p[i] << 16 | (rest == 2 ? (uint32_t)p[i + 1] << 8 : 0);
        d[o++] = alpha[v >> 18 & 63];
        d[o++] = alpha[v >> 12 & 63];
        if (rest == 2)
            d[o++] = alpha[v >> 6 & 63];
        else if (pad)
            d[o++] = '=';
        if (pad)
            d[o++] = '=';
    }
    out->len += o;
    out->data[out->len] = '\0';
out:
    return rc;
}

static int b64_value(const char *alpha, char c)
{
    const char *hit = c ? memchr(alpha, c, 64) : NULL;
    return hit ? (int)(hit - alpha) : -1;
}

static reco_code b64_decode(const char *alpha, const char *name, const char *s, size_t n,
                            reco_buf *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    size_t start = out->len;
    /* Padding is optional but, when present, must make the length a multiple of 4. */
    size_t body = n;
    while (body > 0 && s[body - 1] == '=' && n - body < 2)
        body--;
    if (body < n && n % 4 != 0) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "invalid %s padding", name);
        goto out;
    }
    if (body % 4 == 1) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "invalid %s length %zu", name, body);
        goto out;
    }
    rc = reco_buf_reserve(out, body / 4 * 3 + 2);
    if (rc) {
        rc = buf_fail(rc, out, err);
        goto out;
    }
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < body; i++) {
        int v = b64_value(alpha, s[i]);
        if (v < 0) {
            rc = reco_error_set(err, RECO_EPARSE, NULL, "invalid %s character 0x%02x at offset %zu",
                                name, (unsigned)(unsigned char)s[i], i);
            goto out;
        }
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out->data[out->len++] = (char)(acc >> bits & 0xff);
        }
    }
    /* RFC 4648 §3.5: the unused low bits of the last character must be zero. */
    if (bits && (acc & ((1u << bits) - 1))) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "non-canonical %s: trailing bits set", name);
        goto out;
    }
out:
    if (rc)
        out->len = start;
    if (out->cap)
        out->data[out->len] = '\0';
    return rc;
}

reco_code reco_base64url_encode(const uint8_t *p, size_t n, reco_buf *out)
{
    return b64_encode(b64_url, false, p, n, out);
}

reco_code reco_base64url_decode(const char *s, size_t n, reco_buf *out, reco_error *err)
{
    return b64_decode(b64_url, "base64url", s, n, out, err);
}

reco_code reco_base64_encode(const uint8_t *p, size_t n, reco_buf *out)
{
    return b64_encode(b64_std, true, p, n, out);
}

reco_code reco_base64_decode(const char *s, size_t n, reco_buf *out, reco_error *err)
{
    return b64_decode(b64_std, "base64", s, n, out, err);
}

/* ---------------------------------------------------------------- base58btc */

static const char b58_alpha[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
#define B58_MAX_TEXT 4096u

reco_code reco_base58btc_encode(const uint8_t *p, size_t n, reco_buf *out)
{
    reco_code rc = RECO_OK;
    /* Quadratic algorithm; callers encode keys and signatures, never bulk data. */
    if (n > B58_MAX_TEXT) {
        rc = RECO_ELIMIT;
        goto out;
    }
    size_t zeros = 0;
    while (zeros < n && p[zeros] == 0)
        zeros++;
    /* log(256)/log(58) < 1.38 */
    size_t size = (n - zeros) * 138 / 100 + 1;
    uint8_t digits[B58_MAX_TEXT * 138 / 100 + 1];
    memset(digits, 0, size);
    size_t used = 0;
    for (size_t i = zeros; i < n; i++) {
        uint32_t carry = p[i];
        size_t j = 0;
        for (; j < used || carry; j++) {
            carry += (uint32_t)digits[size - 1 - j] * 256u;
            digits[size - 1 - j] = (uint8_t)(carry % 58);
            carry /= 58;
        }
        used = j;
    }
    rc = reco_buf_reserve(out, zeros + used);
    if (rc)
        goto out;
    for (size_t i = 0; i < zeros; i++)
        out->data[out->len++] = '1';
    for (size_t j = size - used; j < size; j++)
        out->data[out->len++] = b58_alpha[digits[j]];
    out->data[out->len] = '\0';
out:
    return rc;
}

reco_code reco_base58btc_decode(const char *s, size_t n, reco_buf *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    size_t start = out->len;
    if (n > B58_MAX_TEXT) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL,
                            "base58btc text exceeds the limit of %u characters", B58_MAX_TEXT);
        goto out;
    }
    size_t ones = 0;
    while (ones < n && s[ones] == '1')
        ones++;
    /* log(58)/log(256) < 0.733 */
    size_t size = (n - ones) * 733 / 1000 + 1;
    uint8_t bytes[B58_MAX_TEXT * 733 / 1000 + 1];
    memset(bytes, 0, size);
    size_t used = 0;
    for (size_t i = ones; i < n; i++) {
        const char *hit = s[i] ? memchr(b58_alpha, s[i], 58) : NULL;
        if (!hit) {
            rc = reco_error_set(err, RECO_EPARSE, NULL,
                                "invalid base58btc character 0x%02x at offset %zu",
                                (unsigned)(unsigned char)s[i], i);
            goto out;
        }
        uint32_t carry = (uint32_t)(hit - b58_alpha);
        size_t j = 0;
        for (; j < used || carry; j++) {
            carry += (uint32_t)bytes[size - 1 - j] * 58u;
            bytes[size - 1 - j] = (uint8_t)(carry & 0xff);
            carry >>= 8;
        }
        used = j;
    }
    /* Each leading '1' stands for one leading zero byte. */
    rc = reco_buf_reserve(out, ones + used);
    if (rc) {
        rc = buf_fail(rc, out, err);
        goto out;
    }
    memset(out->data + out->len, 0, ones);
    out->len += ones;
    memcpy(out->data + out->len, bytes + size - used, used);
    out->len += used;
out:
    if (rc)
        out->len = start;
    if (out->cap)
        out->data[out->len] = '\0';
    return rc;
}

/* ---------------------------------------------------------------- multibase */

reco_code reco_multibase_decode(const char *s, size_t n, reco_buf *out, reco_error *err)
{
    reco_code rc;
    unsigned char prefix = n ? (unsigned char)s[0] : 0;
    switch (prefix) {
    case 'z':
        rc = reco_base58btc_decode(s + 1, n - 1, out, err);
        break;
    case 'u':
        rc = reco_base64url_decode(s + 1, n - 1, out, err);
        break;
    case 'f':
        rc = reco_hex_decode(s + 1, n - 1, out, err);
        break;
    case 'm':
        rc = reco_base64_decode(s + 1, n - 1, out, err);
        break;
    default:
        if (n == 0)
            rc = reco_error_set(err, RECO_EPARSE, NULL, "empty multibase text");
        else if (prefix >= 0x21 && prefix < 0x7f)
            rc =
                reco_error_set(err, RECO_EPARSE, NULL, "unsupported multibase prefix '%c'", prefix);
        else
            rc = reco_error_set(err, RECO_EPARSE, NULL, "unsupported multibase prefix 0x%02x",
                                prefix);
        break;
    }
    return rc;
}

reco_code reco_multibase_encode(char prefix, const uint8_t *p, size_t n, reco_buf *out)
{
    size_t start = out->len;
    reco_code rc = prefix == 'z' || prefix == 'u' ? reco_buf_putc(out, prefix) : RECO_EINVAL;
    if (!rc)
        rc = prefix == 'z' ? reco_base58btc_encode(p, n, out) : reco_base64url_encode(p, n, out);
    if (rc && out->cap) {
        out->len = start;
        out->data[start] = '\0';
    }
    return rc;
}
