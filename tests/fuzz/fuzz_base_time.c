/*
 * fuzz_base_time.c - reco_time_parse on any bytes; a parsed moment that formats must parse
 * back to the same moment.
 */
#include "reco/base.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reco_time t, back;
    reco_buf b;
    reco_buf_init(&b, 0);
    if (reco_time_parse((const char *)data, size, false, &t, NULL) == RECO_OK &&
        reco_time_format(&t, &b) == RECO_OK) {
        if (reco_time_parse(b.data, b.len, true, &back, NULL) != RECO_OK ||
            reco_time_cmp(&t, &back) != 0)
            abort();
    }
    reco_buf_release(&b);
    return 0;
}
