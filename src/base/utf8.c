/*
 * utf8.c - strict UTF-8 (RFC 3629 §4): no overlong forms, no surrogates, nothing past U+10FFFF.
 */
#include "reco/base.h"

int32_t reco_utf8_next(const char *s, size_t n, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t at = *i;
    if (at >= n) {
        return -1;
    }
    unsigned c = p[at];
    if (c < 0x80) {
        *i = at + 1;
        return (int32_t)c;
    }
    size_t len;
    uint32_t cp, min;
    if (c >= 0xc2 && c <= 0xdf) {
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
        *i = at + 1;
        return -1;
    }
    if (n - at < len) {
        *i = at + 1;
        return -1;
    }
    for (size_t k = 1; k < len; k++) {
        unsigned cc = p[at + k];
        if ((cc & 0xc0) != 0x80) {
            *i = at + 1;
            return -1;
        }
        cp = cp << 6 | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        *i = at + 1;
        return -1;
    }
    *i = at + len;
    return (int32_t)cp;
}

bool reco_utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        /* ASCII fast path. */
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        if (reco_utf8_next(s, n, &i) < 0)
            return false;
    }
    return true;
}
