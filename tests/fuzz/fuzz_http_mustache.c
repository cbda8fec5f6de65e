/*
 * fuzz_http_mustache.c - the Mustache parser and renderer on any bytes: the input is added as
 * the template "t" and as the partial "p" (so it may include itself), then rendered with a
 * context of nested objects and lists and the French translations, into a capped buffer.
 * Errors are fine; crashes, leaks and unbounded work are not.
 */
#include "http/i18n.h"
#include "reco/mustache.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char ctx_json[] =
        "{\"a\": \"<&>\", \"n\": 3, \"count\": 2, \"t\": true, \"f\": false, \"z\": null,"
        " \"p\": \"p\", \"l\": [1, {\"a\": \"x\", \"l\": [1, 2]}, [3], \"s\"],"
        " \"o\": {\"a\": {\"b\": {\"c\": \"d\"}}, \"l\": [1, 2, 3, 4]}}";
    reco_mustache *m = NULL;
    json_t *ctx = json_loads(ctx_json, 0, NULL);
    reco_buf out;
    reco_buf_init(&out, 1u << 20);
    if (ctx && reco_mustache_new(&m, NULL) == RECO_OK) {
        reco_mustache_opts fr = reco_i18n_opts(RECO_LANG_FR);
        (void)reco_mustache_add(m, "p", (const char *)data, size, NULL);
        if (reco_mustache_add(m, "t", (const char *)data, size, NULL) == RECO_OK) {
            (void)reco_mustache_render(m, "t", ctx, NULL, &out, NULL);
            reco_buf_clear(&out);
            (void)reco_mustache_render(m, "t", ctx, &fr, &out, NULL);
        }
    }
    reco_buf_release(&out);
    reco_mustache_free(m);
    json_decref(ctx);
    return 0;
}
