/*
 * fuzz_crypto_multikey.c - publicKeyMultibase, secretKeyMultibase and did:key from untrusted
 * text. A key that loads must encode back to the very same text.
 */
#include "reco/crypto.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    reco_key *k = NULL;
    reco_buf b;
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    reco_buf_init(&b, 0);
    if (reco_key_from_multikey(s, &k, NULL) == RECO_OK) {
        RECO_ASSERT(reco_key_to_multikey(k, &b, NULL) == RECO_OK);
        RECO_ASSERT(strcmp(b.data, s) == 0);
    }
    reco_key_free(k);
    k = NULL;
    reco_buf_clear(&b);
    if (reco_key_from_secret_multikey(s, &k, NULL) == RECO_OK) {
        RECO_ASSERT(reco_key_to_secret_multikey(k, &b, NULL) == RECO_OK);
        RECO_ASSERT(strcmp(b.data, s) == 0);
    }
    reco_key_free(k);
    k = NULL;
    reco_buf_clear(&b);
    if (reco_key_from_did_key(s, &k, NULL) == RECO_OK) {
        RECO_ASSERT(reco_key_to_did_key(k, &b, NULL) == RECO_OK);
        RECO_ASSERT(strncmp(b.data, s, b.len) == 0 && (s[b.len] == '\0' || s[b.len] == '#'));
    }
    reco_key_free(k);
    reco_buf_release(&b);
    free(s);
    return 0;
}
