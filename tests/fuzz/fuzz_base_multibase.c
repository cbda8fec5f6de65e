/*
 * fuzz_base_multibase.c - the text decoders (multibase, base58btc, base64url, base64, hex) on
 * any bytes; whatever decodes must encode back to the same text where the encoding is
 * canonical (base58btc, and base64url without padding).
 */
#include "reco/base.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    reco_buf dec, enc;
    reco_buf_init(&dec, 8192);
    reco_buf_init(&enc, 0);
    reco_multibase_decode(s, size, &dec, NULL);
    reco_buf_clear(&dec);
    reco_hex_decode(s, size, &dec, NULL);
    reco_buf_clear(&dec);
    reco_base64_decode(s, size, &dec, NULL);
    reco_buf_clear(&dec);
    if (reco_base58btc_decode(s, size, &dec, NULL) == RECO_OK) {
        if (reco_base58btc_encode((const uint8_t *)dec.data, dec.len, &enc) != RECO_OK ||
            enc.len != size || memcmp(enc.data, s, size) != 0)
            abort();
    }
    reco_buf_clear(&dec);
    reco_buf_clear(&enc);
    if (reco_base64url_decode(s, size, &dec, NULL) == RECO_OK && !memchr(s, '=', size)) {
        if (reco_base64url_encode((const uint8_t *)dec.data, dec.len, &enc) != RECO_OK ||
            enc.len != size || memcmp(enc.data, s, size) != 0)
            abort();
    }
    reco_buf_release(&dec);
    reco_buf_release(&enc);
    return 0;
}
