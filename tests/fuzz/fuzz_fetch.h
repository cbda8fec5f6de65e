/*
 * fuzz_fetch.h - a fetcher that answers every URL with the fuzz input, for the targets that
 * feed their bytes to code that fetches documents (DID resolution, status lists). Static, for
 * the targets that include it after the reco headers.
 */
#ifndef RECO_FUZZ_FETCH_H
#define RECO_FUZZ_FETCH_H

typedef struct input {
    const uint8_t *p;
    size_t n;
} input;

/* The fetcher: ctx is an input; the body is its bytes whatever the URL. */
static reco_code serve_input(void *ctx, const char *url, reco_buf *body, char **final_url,
                             reco_error *err)
{
    const input *in = ctx;
    (void)url;
    (void)final_url;
    reco_code rc = reco_buf_append(body, in->p, in->n);
    return rc ? reco_error_set(err, rc, NULL, "too big") : RECO_OK;
}

#endif
