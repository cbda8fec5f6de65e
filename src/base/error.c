/*
 * error.c - the one error type (reco/common.h), assertions and secret hygiene.
 */
#include "reco/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

reco_code reco_error_set(reco_error *err, reco_code code, const char *path, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    err->path[0] = '\0';
    if (path)
        snprintf(err->path, sizeof err->path, "%s", path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

void reco_error_clear(reco_error *err)
{
    if (!err)
        return;
    err->code = RECO_OK;
    err->path[0] = '\0';
    err->msg[0] = '\0';
}

const char *reco_code_name(reco_code code)
{
    switch (code) {
    case RECO_OK:
        return "ok";
    case RECO_ENOMEM:
        return "out of memory";
    case RECO_EINVAL:
        return "invalid argument";
    case RECO_EPARSE:
        return "parse error";
    case RECO_ESCHEMA:
        return "schema error";
    case RECO_EVERIFY:
        return "verification failed";
    case RECO_ECRYPTO:
        return "crypto error";
    case RECO_ENOTFOUND:
        return "not found";
    case RECO_ECONFLICT:
        return "conflict";
    case RECO_ELIMIT:
        return "limit exceeded";
    case RECO_EIO:
        return "i/o error";
    case RECO_ESTORE:
        return "store error";
    case RECO_EDENIED:
        return "permission denied";
    }
    return "unknown error";
}

void reco_assert_fail(const char *expr, const char *file, int line)
{
    fprintf(stderr, "reco: assertion failed: %s (%s:%d)\n", expr, file, line);
    abort();
}

void reco_wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n--)
        *v++ = 0;
}

bool reco_ct_equal(const void *a, const void *b, size_t n)
{
    const volatile unsigned char *x = a, *y = b;
    unsigned char d = 0;
    for (size_t i = 0; i < n; i++)
        d |= x[i] ^ y[i];
    return d == 0;
}
