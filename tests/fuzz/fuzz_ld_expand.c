/*
 * fuzz_ld_expand.c - JSON-LD context processing and expansion over any JSON, with a loader
 * that knows only the bundled contexts, in default, safe and json-ld-1.0 modes. One context
 * cache serves every input, as in a verifier. On success the output is an array; on failure
 * the error has a message.
 */
#include "reco/json.h"
#include "reco/ld.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static reco_ld_loader *loader;
    static reco_ld_cache *cache;
    reco_json_limits lim = {.max_bytes = 256 * 1024, .max_depth = 64};
    json_t *doc = NULL;

    if (!loader && !(loader = reco_ld_loader_new()))
        abort();
    if (!cache && !(cache = reco_ld_cache_new(16u * 1024u * 1024u)))
        abort();
    if (reco_json_parse((const char *)data, size, &lim, &doc, NULL) != RECO_OK)
        return 0;
    for (int mode = 0; mode < 3; mode++) {
        reco_ld_options opt = {0};
        reco_error err;
        json_t *out = NULL;
        opt.loader = loader;
        opt.cache = cache;
        opt.base = mode == 0 ? "https://example.com/a/b?c" : NULL;
        opt.safe = mode == 1;
        opt.json_ld_10 = mode == 2;
        reco_code rc = reco_ld_expand(doc, &opt, &out, &err);
        if (rc == RECO_OK && !json_is_array(out))
            abort();
        if (rc != RECO_OK && (out || err.msg[0] == '\0'))
            abort();
        json_decref(out);
    }
    json_decref(doc);
    return 0;
}
