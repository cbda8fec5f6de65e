/*
 * fuzz_crypto_jwk.c - a JWK from untrusted JSON: parse, load, write back, thumbprint.
 */
#include "reco/crypto.h"
#include "reco/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *jwk = NULL, *back = NULL;
    reco_key *k = NULL;
    reco_buf tp;
    reco_buf_init(&tp, 0);
    if (reco_json_parse((const char *)data, size, NULL, &jwk, NULL) == RECO_OK &&
        reco_key_from_jwk(jwk, &k, NULL) == RECO_OK) {
        /* A key that loaded must write back and load again as the same key. */
        reco_key *again = NULL;
        RECO_ASSERT(reco_key_to_jwk(k, reco_key_has_private(k), &back, NULL) == RECO_OK);
        RECO_ASSERT(reco_key_from_jwk(back, &again, NULL) == RECO_OK);
        RECO_ASSERT(reco_key_public_equal(k, again));
        RECO_ASSERT(reco_key_jwk_thumbprint(k, &tp, NULL) == RECO_OK);
        reco_key_free(again);
    }
    reco_buf_release(&tp);
    reco_key_free(k);
    json_decref(back);
    json_decref(jwk);
    return 0;
}
