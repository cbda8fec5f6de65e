/*
 * fuzz_ob_png.c - PNG extraction and baking on arbitrary bytes: no crash, no leak, and
 * whatever image baking accepts must give back exactly the text baked into it. A second run
 * on a copy whose chunk CRCs are made right lets mutations reach past the CRC check.
 */
#include "reco/bake.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(const uint8_t *data, size_t size)
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
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *fixed = malloc(size ? size : 1);
    if (!fixed)
        return 0;
    memcpy(fixed, data, size);
    for (size_t i = 8; i + 12 <= size;) {
        size_t n = (size_t)fixed[i] << 24 | (size_t)fixed[i + 1] << 16 | (size_t)fixed[i + 2] << 8 |
                   fixed[i + 3];
        if (n > size - i - 12)
            break;
        uLong crc = crc32(0L, fixed + i + 4, (uInt)(n + 4));
        for (int k = 0; k < 4; k++)
            fixed[i + 8 + n + (size_t)k] = (uint8_t)(crc >> (24 - 8 * k));
        i += 12 + n;
    }
    run(data, size);
    run(fixed, size);
    free(fixed);
    return 0;
}
