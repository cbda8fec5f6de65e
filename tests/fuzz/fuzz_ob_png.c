/*
 * fuzz_ob_png.c - PNG extraction and baking on arbitrary bytes: no crash, no leak, and
 * whatever image baking accepts must give back exactly the text baked into it.
 */
#include "reco/bake.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char jws[] = "eyJhbGciOiJub25lIn0.e30.c2ln";
    reco_baked b;
    reco_buf out;
    reco_baked_init(&b);
    reco_buf_init(&out, 0);
    (void)reco_extract_png(data, size, &b, NULL);
    if (reco_bake_png(data, size, jws, strlen(jws), 3, &out, NULL) == RECO_OK &&
        (reco_extract_png(out.data, out.len, &b, NULL) != RECO_OK || b.version != 3 ||
         strcmp(b.text.data, jws) != 0))
        abort();
    reco_buf_release(&out);
    reco_baked_release(&b);
    return 0;
}
