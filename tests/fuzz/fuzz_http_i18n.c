/*
 * fuzz_http_i18n.c - the language choice (Accept-Language, the lang cookie in a Cookie header,
 * an account preference) and the PO catalogue reader on any bytes: the choice is always a
 * supported language, a parsed catalogue is sorted and released.
 */
#include "http/i18n.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *h = malloc(size + 1);
    if (!h)
        return 0;
    memcpy(h, data, size);
    h[size] = '\0';
    reco_lang l[4] = {reco_i18n_negotiate(NULL, h, NULL), reco_i18n_negotiate(h, NULL, NULL),
                      reco_i18n_negotiate(NULL, NULL, h), reco_i18n_negotiate(h, h, h)};
    for (int i = 0; i < 4; i++)
        if (l[i] >= RECO_LANG_COUNT)
            abort();
    reco_po po;
    if (reco_po_parse((const char *)data, size, &po, NULL) == RECO_OK) {
        for (size_t i = 1; i < po.n; i++)
            if (strcmp(po.entry[i - 1].msgid, po.entry[i].msgid) >= 0)
                abort();
        if (po.n && reco_po_find(&po, po.entry[po.n - 1].msgid) != &po.entry[po.n - 1])
            abort();
        reco_po_release(&po);
    }
    free(h);
    return 0;
}
