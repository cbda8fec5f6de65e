/*
 * crypto_internal.h - what the files of src/crypto share: the key structure and the helpers
 * that build keys from raw material. Not part of the public API.
 */
#ifndef RECO_CRYPTO_INTERNAL_H
#define RECO_CRYPTO_INTERNAL_H

#include "reco/crypto.h"

#include <openssl/evp.h>
#include <openssl/params.h>

struct reco_key {
    reco_key_type type;
    EVP_PKEY *pkey;
    bool priv; /* the private half is present */
};

/* Sizes fixed by the algorithms. */
#define CRYPTO_ED25519_LEN   32 /* public key and seed, RFC 8032 §5.1.5 */
#define CRYPTO_P256_LEN      32 /* field element and scalar */
#define CRYPTO_RSA_MIN_BITS  2048
#define CRYPTO_RSA_MAX_BITS  16384 /* bounds the cost of a verification on outside keys */
#define CRYPTO_RSA_MAX_E_LEN 8     /* public exponent, bytes */

/* Wrap pkey (ownership taken, freed on failure) into a new reco_key. */
reco_code reco_crypto_wrap(reco_key_type t, EVP_PKEY *pkey, bool priv, reco_key **out,
                           reco_error *err);

/* RECO_ECRYPTO with the reason of the last OpenSSL error; the error queue is emptied. */
reco_code reco_crypto_fail(reco_error *err, const char *what);

/* Free a parameter array built with OSSL_PARAM_BLD, clearing the values first (they may hold
 * private numbers; OpenSSL 3.0 has no clearing free for them). NULL does nothing. */
void reco_crypto_params_free(OSSL_PARAM *params);

/* Ed25519 from a 32-byte public key, a 32-byte seed, or both (then they must agree). */
reco_code reco_crypto_ed25519(const uint8_t *pub, const uint8_t *seed, reco_key **out,
                              reco_error *err);

/*
 * P-256 from an encoded point (33 bytes compressed or 65 uncompressed, SEC 1 §2.3.3) and an
 * optional 32-byte big-endian scalar. The point is checked to be on the curve, the pair to
 * agree.
 */
reco_code reco_crypto_p256(const uint8_t *point, size_t n, const uint8_t *d, reco_key **out,
                           reco_error *err);

/* The uncompressed public point (0x04 || x || y) of the 32-byte scalar d; 0 < d < n. */
reco_code reco_crypto_p256_derive(const uint8_t d[32], uint8_t point[65], reco_error *err);

/* Big-endian x and y of a P-256 public key, 32 bytes each. */
reco_code reco_crypto_p256_xy(const reco_key *k, uint8_t x[32], uint8_t y[32], reco_error *err);

#endif
