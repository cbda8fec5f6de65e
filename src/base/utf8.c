/*
 * utf8.c - strict UTF-8 (RFC 3629 §4): no overlong forms, no surrogates, nothing past U+10FFFF.
 */
#include "reco/base.h"

int32_t reco_utf8_next(const char *s, size_t n, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t at = *i, len = 1;
    int32_t result = -1;
    uint32_t cp = 0, min = 0;
    if (at >= n)
        goto out;
    unsigned c = p[at];
    /* RFC 3629 §4: the lead byte fixes the length; C0, C1 and F5-FF never appear. */
    if (c < 0x80) {
        result = (int32_t)c;
        goto out;
    } else if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        cp = c & 0x1f;
        min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        cp = c & 0x0f;
        min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        goto out;
    }
    if (n - at < len)
        goto bad;
    for (size_t k = 1; k < len; k++) {
        unsigned cc = p[at + k];
        if ((cc & 0xc0) != 0x80)
            goto bad;
        cp = cp << 6 | (cc & 0x3f);
    }
    /* Overlong forms, surrogates and code points past U+10FFFF are malformed. */
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        goto bad;
    result = (int32_t)cp;
    goto out;
bad:
    len = 1;
out:
    if (at < n)
        *i = at + len;
    return result;
}

bool reco_utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    bool ok = true;
    while (ok && i < n) {
        /* ASCII fast path. */
        if ((unsigned char)s[i] < 0x80)
            i++;
        else
            ok = reco_utf8_next(s, n, &i) >= 0;
    }
    return ok;
}
