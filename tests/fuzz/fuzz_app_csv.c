/*
 * fuzz_app_csv.c - reco_app_csv_parse on any bytes with small limits: every field handed to
 * the callback lies inside the limits, and rows are numbered 0, 1, 2... without gaps.
 */
#include "reco/app.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct seen {
    size_t next_row;
} seen;

static reco_code on_row(void *ctx, size_t row, const reco_slice *fields, size_t n, reco_error *err)
{
    seen *s = ctx;
    (void)err;
    if (row != s->next_row++ || n == 0 || n > 8)
        abort();
    for (size_t i = 0; i < n; i++)
        if (fields[i].len > 64 || fields[i].ptr[fields[i].len] != '\0')
            abort();
    return RECO_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reco_app_csv_limits lim = {
        .max_bytes = 1 << 16, .max_rows = 50, .max_field = 64, .max_cols = 8};
    seen s = {0};
    (void)reco_app_csv_parse((const char *)data, size, &lim, on_row, &s, NULL);
    return 0;
}
