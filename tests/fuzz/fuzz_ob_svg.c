/*
 * fuzz_ob_svg.c - SVG extraction and baking on arbitrary bytes: no crash, no leak, and
 * whatever image baking accepts must give back exactly the text baked into it.
 */
#include "reco/bake.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char json[] = "{\"@context\":\"https://w3id.org/openbadges/v2\",\"a\":\"]]>&<\"}";
    reco_baked b;
    reco_buf out;
    reco_baked_init(&b);
    reco_buf_init(&out, 0);
    (void)reco_extract_svg(data, size, &b, NULL);
    if (reco_bake_svg(data, size, json, strlen(json), 2, &out, NULL) == RECO_OK &&
        (reco_extract_svg(out.data, out.len, &b, NULL) != RECO_OK || b.version != 2 ||
         strcmp(b.text.data, json) != 0))
        abort();
    reco_buf_release(&out);
    reco_baked_release(&b);
    return 0;
}
