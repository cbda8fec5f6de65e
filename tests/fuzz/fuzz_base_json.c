/*
 * fuzz_base_json.c - reco_json_parse with tight limits; on success the writer (every flag
 * combination) and JCS must succeed, and JCS must be a fixed point: parse(jcs(v)) == v.
 */
#include "reco/json.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reco_json_limits lim = {.max_bytes = 64 * 1024, .max_depth = 32};
    json_t *v = NULL, *again = NULL;
    reco_buf out, canon;
    reco_buf_init(&out, 0);
    reco_buf_init(&canon, 0);
    if (reco_json_parse((const char *)data, size, &lim, &v, NULL) == RECO_OK) {
        for (int flags = 0; flags < 8; flags++) {
            reco_buf_clear(&out);
            if (reco_json_write(v, flags, &out, NULL) != RECO_OK)
                abort();
        }
        if (reco_jcs(v, &canon, NULL) != RECO_OK)
            abort();
        lim.max_bytes = 0; /* escapes may make the canonical text longer */
        if (reco_json_parse(canon.data, canon.len, &lim, &again, NULL) != RECO_OK)
            abort();
        reco_buf_clear(&out);
        if (reco_jcs(again, &out, NULL) != RECO_OK || out.len != canon.len ||
            memcmp(out.data, canon.data, out.len) != 0)
            abort();
    }
    json_decref(v);
    json_decref(again);
    reco_buf_release(&out);
    reco_buf_release(&canon);
    return 0;
}
