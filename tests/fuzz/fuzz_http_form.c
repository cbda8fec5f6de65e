/*
 * fuzz_http_form.c - the form body parser on any bytes. The first line of the input is the
 * Content-Type header, the rest is the body. Small limits so that every limit is reachable;
 * accepted fields must keep them, text values must be UTF-8, file names must be clean.
 */
#include "http/form.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data, *nl = memchr(s, '\n', size);
    reco_arena *a = reco_arena_new(0);
    srv_form_limits lim = {4096, 16, 32, 512, 1024};
    srv_form f;
    char *ctype = a && nl ? reco_arena_strndup(a, s, (size_t)(nl - s)) : NULL;
    if (ctype &&
        srv_form_parse(ctype, nl + 1, size - (size_t)(nl - s) - 1, &lim, a, &f, NULL) == RECO_OK) {
        if (f.n > lim.max_fields)
            abort();
        for (size_t i = 0; i < f.n; i++) {
            const srv_form_field *x = &f.field[i];
            if (!x->name[0] || strlen(x->name) > lim.max_name)
                abort();
            if (!x->filename && (x->len > lim.max_value || !reco_utf8_valid(x->value, x->len)))
                abort();
            if (x->filename && (x->len > lim.max_file || strchr(x->filename, '/') ||
                                x->filename[0] == '.' || strlen(x->filename) > 100))
                abort();
        }
    }
    reco_arena_free(a);
    return 0;
}
