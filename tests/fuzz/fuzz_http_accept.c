/*
 * fuzz_http_accept.c - Accept negotiation, the bearer token and Content-Type readers on any
 * bytes (as a NUL-terminated header value): the choice is an offer or -1, a token is within
 * its cap.
 */
#include "http/http_internal.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const offers[] = {"application/ld+json", "application/vc+ld+json",
                                         "application/json", "text/html"};
    char token[SRV_MAX_TOKEN + 1];
    char *h = malloc(size + 1);
    if (!h)
        return 0;
    memcpy(h, data, size);
    h[size] = '\0';
    int k = srv_accept_choose(h, offers, 4);
    if (k < -1 || k > 3)
        abort();
    if (srv_bearer_token(h, token, sizeof token) && strlen(token) > SRV_MAX_TOKEN)
        abort();
    (void)srv_content_type_is(h, "application/json");
    (void)srv_content_type_is(h, "text/csv");
    free(h);
    return 0;
}
