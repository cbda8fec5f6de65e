/*
 * fuzz_crypto_pem.c - a PEM public key (Open Badges 2.0 publicKeyPem) from untrusted text.
 */
#include "reco/crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reco_key *k = NULL, *again = NULL;
    reco_buf pem;
    reco_buf_init(&pem, 0);
    if (reco_key_from_pem((const char *)data, size, &k, NULL) == RECO_OK) {
        /* A key that loaded writes back and loads again as the same key. */
        RECO_ASSERT(reco_key_to_pem(k, &pem, NULL) == RECO_OK);
        RECO_ASSERT(reco_key_from_pem(pem.data, pem.len, &again, NULL) == RECO_OK);
        RECO_ASSERT(reco_key_public_equal(k, again));
    }
    reco_key_free(again);
    reco_key_free(k);
    reco_buf_release(&pem);
    return 0;
}
