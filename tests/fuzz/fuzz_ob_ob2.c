/*
 * fuzz_ob_ob2.c - the Open Badges 2.0 verifier on any bytes (JSON, JWS or URL text), once
 * offline and once with every fetched document answered by the same bytes, so the linked
 * BadgeClass, Profile, key and revocation list readers and the 0.5-1.1 normaliser see them
 * too. Never a crash or leak; an offline report never has a passed "verification".
 */
#include "reco/ob2.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct echo {
    const uint8_t *data;
    size_t size;
} echo;

static reco_code serve(void *ctx, const char *url, long *status, reco_buf *body, char **final_url,
                       reco_error *err)
{
    const echo *e = ctx;
    (void)url, (void)final_url, (void)err;
    *status = e->size % 7 == 3 ? 410 : 200;
    return reco_buf_append(body, e->data, e->size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    echo e = {data, size};
    reco_ob2_verify_options off = {.offline = true};
    reco_ob2_verify_options on = {.fetch = serve, .fetch_ctx = &e, .max_fetches = 6};
    reco_report *r = NULL;
    if (reco_ob2_verify_bytes((const char *)data, size, "fuzz", &off, &r, NULL) == RECO_OK) {
        for (size_t i = 0; i < reco_report_count(r); i++) {
            const reco_check *c = reco_report_check(r, i);
            if (strcmp(c->name, "verification") == 0 && c->status == RECO_CHECK_PASSED)
                abort();
        }
        reco_report_free(r);
    }
    r = NULL;
    if (reco_ob2_verify_bytes((const char *)data, size, "fuzz", &on, &r, NULL) == RECO_OK)
        reco_report_free(r);
    return 0;
}
