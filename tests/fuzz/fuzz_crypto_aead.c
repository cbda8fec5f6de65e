/*
 * fuzz_crypto_aead.c - opening sealed data that may have been altered: it must open only
 * when intact, and then seal and open back to the same bytes.
 */
#include "reco/crypto.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t key[32] = {0}; /* the seeds are sealed under the zero key */
    reco_buf plain, box, again;
    reco_buf_init(&plain, 1u << 20);
    reco_buf_init(&box, 0);
    reco_buf_init(&again, 0);
    if (reco_aead_open(key, "reco", 4, data, size, &plain, NULL) == RECO_OK) {
        RECO_ASSERT(plain.len + RECO_AEAD_OVERHEAD == size);
        RECO_ASSERT(reco_aead_seal(key, "reco", 4, plain.data, plain.len, &box, NULL) == RECO_OK);
        RECO_ASSERT(reco_aead_open(key, "reco", 4, box.data, box.len, &again, NULL) == RECO_OK);
        RECO_ASSERT(again.len == plain.len && memcmp(again.data, plain.data, plain.len) == 0);
    }
    reco_buf_release(&plain);
    reco_buf_release(&box);
    reco_buf_release(&again);
    return 0;
}
