/*
 * buf.c - the one growable buffer type (STYLE.md "Memory" rule 4). Its hard cap is where size
 * limits are enforced, so every append checks it before growing.
 */
#include "reco/base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Storage is always NUL-terminated, so an empty buffer points at this until it allocates. */
static char empty_data[1] = "";

void reco_buf_init(reco_buf *b, size_t max)
{
    b->data = empty_data;
    b->len = 0;
    b->cap = 0;
    b->max = max ? max : SIZE_MAX / 2;
}

void reco_buf_release(reco_buf *b)
{
    if (!b)
        return;
    if (b->cap)
        free(b->data);
    b->data = empty_data;
    b->len = 0;
    b->cap = 0;
}

void reco_buf_clear(reco_buf *b)
{
    b->len = 0;
    if (b->cap)
        b->data[0] = '\0';
}

reco_code reco_buf_reserve(reco_buf *b, size_t n)
{
    reco_code rc = RECO_OK;
    if (n > b->max || b->len > b->max - n) {
        rc = RECO_ELIMIT;
        goto out;
    }
    size_t need = b->len + n + 1; /* + NUL */
    if (need <= b->cap)
        goto out;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    /* Never allocate far beyond what the cap allows. */
    if (cap > b->max + 1)
        cap = b->max + 1;
    char *p = realloc(b->cap ? b->data : NULL, cap);
    if (!p) {
        rc = RECO_ENOMEM;
        goto out;
    }
    if (!b->cap)
        p[0] = '\0';
    b->data = p;
    b->cap = cap;
out:
    return rc;
}

reco_code reco_buf_append(reco_buf *b, const void *p, size_t n)
{
    reco_code rc = reco_buf_reserve(b, n);
    if (rc)
        return rc;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return RECO_OK;
}

reco_code reco_buf_puts(reco_buf *b, const char *s)
{
    return reco_buf_append(b, s, strlen(s));
}

reco_code reco_buf_putc(reco_buf *b, char c)
{
    return reco_buf_append(b, &c, 1);
}

reco_code reco_buf_printf(reco_buf *b, const char *fmt, ...)
{
    reco_code rc = RECO_OK;
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        rc = RECO_EINVAL;
        goto out;
    }
    if ((size_t)n < sizeof small) {
        rc = reco_buf_append(b, small, (size_t)n);
        goto out;
    }
    rc = reco_buf_reserve(b, (size_t)n);
    if (rc)
        goto out;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
out:
    va_end(ap);
    return rc;
}

char *reco_buf_detach(reco_buf *b, size_t *len)
{
    /* An empty buffer owns nothing yet: hand out a real one-byte allocation instead. */
    char *p = b->cap ? b->data : calloc(1, 1);
    if (p) {
        if (len)
            *len = b->len;
        b->data = empty_data;
        b->len = 0;
        b->cap = 0;
    }
    return p;
}

reco_code reco_buf_error(reco_code rc, const reco_buf *b, const char *what, reco_error *err)
{
    /* Only the two codes a buffer produces get a message; others already carry theirs. */
    if (rc == RECO_ELIMIT)
        reco_error_set(err, rc, NULL, "%s exceeds the limit of %zu bytes", what ? what : "data",
                       b->max);
    else if (rc == RECO_ENOMEM)
        reco_error_set(err, rc, NULL, "out of memory");
    return rc;
}
