/*
 * fuzz_http_query.c - the query string parser on any bytes: within its limits, no repeated
 * key, every key and value valid UTF-8 without control bytes.
 */
#include "http/http_internal.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reco_arena *a = reco_arena_new(0);
    srv_query q;
    if (a && srv_query_parse((const char *)data, size, a, &q, NULL) == RECO_OK) {
        if (q.n > SRV_MAX_QUERY_ARGS)
            abort();
        for (size_t i = 0; i < q.n; i++) {
            size_t kl = strlen(q.arg[i].key), vl = strlen(q.arg[i].value);
            if (!kl || kl > SRV_MAX_QUERY_KEY || vl > SRV_MAX_QUERY_VALUE ||
                !reco_utf8_valid(q.arg[i].value, vl) ||
                srv_query_get(&q, q.arg[i].key) != q.arg[i].value)
                abort();
        }
    }
    reco_arena_free(a);
    return 0;
}
