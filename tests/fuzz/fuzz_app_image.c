/*
 * fuzz_app_image.c - reco_app_image_check on any bytes: an accepted image is within the size
 * cap and is a PNG or an SVG holding no script, foreignObject or DOCTYPE.
 */
#include "reco/app.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool holds(const uint8_t *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (strncasecmp((const char *)p + i, needle, k) == 0)
            return true;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *mime = NULL;
    if (reco_app_image_check(data, size, &mime, NULL) != RECO_OK)
        return 0;
    if (size > RECO_APP_MAX_IMAGE || !mime)
        abort();
    if (strcmp(mime, "image/svg+xml") == 0 &&
        (holds(data, size, "<script") || holds(data, size, "<foreignobject") ||
         holds(data, size, "<!doctype")))
        abort();
    return 0;
}
