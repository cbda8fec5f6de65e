/*
 * fuzz_ld_loader.c - the document loader on untrusted URLs: first line = the URL a document
 * references, the rest = the body a fetch would return. Exercises the bundled lookup, the map
 * path checks ("..", backslash, leading '/') and the fetch size cap and parsing.
 */
#include "reco/ld.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static reco_code body_fetch(void *ctx, const char *url, reco_buf *body, char **final_url,
                            reco_error *err)
{
    const reco_slice *s = ctx;
    (void)url;
    (void)final_url;
    (void)err;
    return reco_buf_append(body, s->ptr, s->len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *nl = memchr(data, '\n', size);
    size_t ulen = nl ? (size_t)(nl - (const char *)data) : size;
    char *url = malloc(ulen + 1);
    reco_ld_loader *l = reco_ld_loader_new();
    reco_slice body = {nl ? nl + 1 : "", nl ? size - ulen - 1 : 0};
    const json_t *doc;
    if (url && l) {
        memcpy(url, data, ulen);
        url[ulen] = '\0';
        reco_ld_loader_map(l, "https://map.example/", "/nonexistent-reco-fuzz", NULL);
        reco_ld_loader_allow_fetch(l, body_fetch, &body, 4, 4096);
        reco_ld_loader_load(l, url, &doc, NULL);
        reco_ld_loader_load(l, url, &doc, NULL);
    }
    reco_ld_loader_free(l);
    free(url);
    return 0;
}
