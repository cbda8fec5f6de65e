/*
 * esnum.c - ECMAScript Number::toString (ECMA-262 §6.1.6.1.20), the number form RFC 8785
 * §3.2.2.3 requires in canonical JSON.
 *
 * Step 5 of the algorithm asks for the shortest digit string k that reads back as the same
 * double; we find it by asking the C library for correctly rounded %.*e output with 1 to 17
 * significant digits and keeping the first that round-trips through strtod. Where the nearest
 * k-digit decimal falls just outside an asymmetric rounding interval (at powers of two), a
 * neighbour one unit away may still round-trip, so those are tried too, nearest first.
 */
#include "reco/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Split "d.ddde±x" into digits (no dot, trailing zeros dropped) and the decimal exponent. */
static int split_e(const char *txt, char digits[24], int *exp10)
{
    int k = 0;
    const char *p = txt;
    for (; *p && *p != 'e'; p++) {
        if (*p >= '0' && *p <= '9' && k < 23)
            digits[k++] = *p;
    }
    digits[k] = '\0';
    *exp10 = *p == 'e' ? (int)strtol(p + 1, NULL, 10) : 0;
    while (k > 1 && digits[k - 1] == '0')
        digits[--k] = '\0';
    return k;
}

/* Add delta (+1 or -1) in the last place of a k-digit string; false when it would change k. */
static bool bump(char *digits, int k, int delta)
{
    bool ok = false;
    for (int i = k - 1; i >= 0; i--) {
        int v = digits[i] - '0' + delta;
        if (v >= 0 && v <= 9) {
            digits[i] = (char)('0' + v);
            ok = !(i == 0 && v == 0);
            break;
        }
        digits[i] = delta > 0 ? '0' : '9';
    }
    return ok;
}

static double value_of(const char *digits, int k, int exp10)
{
    char txt[48];
    snprintf(txt, sizeof txt, "%c.%se%d", digits[0], k > 1 ? digits + 1 : "", exp10);
    return strtod(txt, NULL);
}

/* Shortest digits s (k of them) and n with value = 0.s * 10^n, for positive finite d. */
static int shortest(double d, char digits[24], int *n)
{
    char txt[48];
    int exp10 = 0, k = 0;
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(txt, sizeof txt, "%.*e", prec - 1, d);
        k = split_e(txt, digits, &exp10);
        if (k < prec && prec > 1)
            continue; /* already tried with fewer digits */
        if (strtod(txt, NULL) == d)
            goto found;
        if (prec < 17) {
            /* Neighbours one unit in the last place, for asymmetric intervals. */
            char alt[24];
            for (int delta = -1; delta <= 1; delta += 2) {
                memcpy(alt, digits, sizeof alt);
                int ak = k;
                /* Pad back to prec digits before bumping the last place. */
                while (ak < prec)
                    alt[ak++] = '0';
                alt[ak] = '\0';
                if (bump(alt, ak, delta) && value_of(alt, ak, exp10) == d) {
                    while (ak > 1 && alt[ak - 1] == '0')
                        alt[--ak] = '\0';
                    memcpy(digits, alt, sizeof alt);
                    k = ak;
                    goto found;
                }
            }
        }
    }
    /* 17 significant digits always round-trip (IEEE 754 binary64). */
    snprintf(txt, sizeof txt, "%.16e", d);
    k = split_e(txt, digits, &exp10);
found:
    *n = exp10 + 1;
    return k;
}

int reco_es_number(double d, char out[32])
{
    size_t o = 0;
    if (isnan(d) || isinf(d)) {
        out[0] = '\0';
        o = (size_t)-1;
        goto out;
    }
    /* Step 2: +0 and -0 both print "0". */
    if (d == 0) {
        out[o++] = '0';
        out[o] = '\0';
        goto out;
    }
    /* Step 3: a negative number is "-" followed by the positive form. */
    if (d < 0) {
        out[o++] = '-';
        d = -d;
    }
    char digits[24];
    int n;
    int k = shortest(d, digits, &n);
    if (k <= n && n <= 21) {
        /* Step 6: the k digits, then n - k zeros. */
        memcpy(out + o, digits, (size_t)k);
        o += (size_t)k;
        for (int i = 0; i < n - k; i++)
            out[o++] = '0';
    } else if (0 < n && n <= 21) {
        /* Step 7: n digits, a dot, the other k - n digits. */
        memcpy(out + o, digits, (size_t)n);
        o += (size_t)n;
        out[o++] = '.';
        memcpy(out + o, digits + n, (size_t)(k - n));
        o += (size_t)(k - n);
    } else if (-6 < n && n <= 0) {
        /* Step 8: "0.", -n zeros, the k digits. */
        out[o++] = '0';
        out[o++] = '.';
        for (int i = 0; i < -n; i++)
            out[o++] = '0';
        memcpy(out + o, digits, (size_t)k);
        o += (size_t)k;
    } else {
        /* Steps 9-10: exponential form with an explicit sign. */
        out[o++] = digits[0];
        if (k > 1) {
            out[o++] = '.';
            memcpy(out + o, digits + 1, (size_t)(k - 1));
            o += (size_t)(k - 1);
        }
        int e = n - 1;
        o += (size_t)snprintf(out + o, 32 - o, "e%c%d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    }
    out[o] = '\0';
out:
    return o == (size_t)-1 ? -1 : (int)o;
}
