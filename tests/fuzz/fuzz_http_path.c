/*
 * fuzz_http_path.c - the request path parser and the route matcher on any bytes: a parsed
 * path never holds a "." or ".." segment nor a '/', and a matched route's params are in the
 * slug charset.
 */
#include "http/http_internal.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reco_arena *a = reco_arena_new(0);
    srv_path p;
    const char *params[SRV_MAX_PARAMS];
    size_t n = 0;
    bool known = false;
    char allow[64];
    if (a && srv_path_parse((const char *)data, size, a, &p, NULL) == RECO_OK) {
        for (size_t i = 0; i < p.nseg; i++)
            if (strchr(p.seg[i], '/') || strcmp(p.seg[i], "..") == 0 || !p.seg[i][0])
                abort();
        const char *methods[] = {"GET", "POST"};
        for (size_t m = 0; m < 2; m++)
            if (srv_route_find(methods[m], &p, params, &n, &known, allow, sizeof allow))
                for (size_t i = 0; i < n; i++)
                    if (!params[i][0] || strspn(params[i], "abcdefghijklmnopqrstuvwxyz"
                                                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                           "0123456789-_") != strlen(params[i]))
                        abort();
    }
    reco_arena_free(a);
    return 0;
}
