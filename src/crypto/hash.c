/*
 * hash.c - SHA-2 digests (FIPS 180-4) and the system's random bytes, through OpenSSL 3.
 */
#include "reco/crypto.h"

#include <limits.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

void reco_sha256(const void *p, size_t n, uint8_t out[32])
{
    unsigned int len = 0;
    /* Only a broken OpenSSL build fails here: no outside data can make it fail. */
    int ok = EVP_Digest(p, n, out, &len, EVP_sha256(), NULL);
    RECO_ASSERT(ok == 1 && len == 32);
}

void reco_sha384(const void *p, size_t n, uint8_t out[48])
{
    unsigned int len = 0;
    int ok = EVP_Digest(p, n, out, &len, EVP_sha384(), NULL);
    RECO_ASSERT(ok == 1 && len == 48);
}

reco_code reco_random(void *p, size_t n, reco_error *err)
{
    reco_code rc = RECO_OK;
    unsigned char *c = p;
    /* RAND_bytes takes an int: feed it in slices. */
    while (n > 0 && rc == RECO_OK) {
        int chunk = n > INT_MAX ? INT_MAX : (int)n;
        if (RAND_bytes(c, chunk) != 1)
            rc = reco_error_set(err, RECO_ECRYPTO, NULL,
                                "random generator failed to produce %d bytes", chunk);
        c += chunk;
        n -= (size_t)chunk;
    }
    return rc;
}
