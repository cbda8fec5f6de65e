/*
 * aead.c - secrets at rest: AES-256-GCM (NIST SP 800-38D) with a random 96-bit nonce per
 * message, and HMAC-SHA-256 (RFC 2104) for tokens.
 *
 * A random nonce under one key is safe for up to 2^32 messages (SP 800-38D §8.3), far more
 * than the keys of one platform will ever seal.
 */
#include "reco/crypto.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <limits.h>
#include <string.h>

/* OpenSSL's update calls take an int length. */
#define AEAD_MAX_LEN ((size_t)INT_MAX - RECO_AEAD_OVERHEAD)

reco_code reco_aead_seal(const uint8_t key[32], const void *aad, size_t aadlen, const void *plain,
                         size_t n, reco_buf *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    EVP_CIPHER_CTX *ctx = NULL;
    uint8_t nonce[RECO_AEAD_NONCE_LEN];
    unsigned char *ct;
    size_t start = out->len;
    int len = 0, fin = 0;

    if (n > AEAD_MAX_LEN || aadlen > AEAD_MAX_LEN) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "data to seal is too large (%zu bytes)", n);
        goto out;
    }
    rc = reco_random(nonce, sizeof nonce, err);
    if (rc)
        goto out;
    rc = reco_buf_reserve(out, RECO_AEAD_OVERHEAD + n);
    if (rc) {
        reco_error_set(err, rc, NULL, "no room for %zu sealed bytes", n);
        goto out;
    }
    memcpy(out->data + out->len, nonce, sizeof nonce);
    ct = (unsigned char *)out->data + out->len + sizeof nonce;
    ctx = EVP_CIPHER_CTX_new();
    if (!ctx || EVP_EncryptInit_ex2(ctx, EVP_aes_256_gcm(), key, nonce, NULL) != 1 ||
        (aadlen && EVP_EncryptUpdate(ctx, NULL, &len, aad, (int)aadlen) != 1) ||
        EVP_EncryptUpdate(ctx, ct, &len, plain, (int)n) != 1 ||
        EVP_EncryptFinal_ex(ctx, ct + len, &fin) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, RECO_AEAD_TAG_LEN, ct + n) != 1) {
        ERR_clear_error();
        rc = reco_error_set(err, RECO_ECRYPTO, NULL, "aes-256-gcm encryption failed");
        goto out;
    }
    /* GCM is a stream mode: the ciphertext is exactly as long as the plaintext. */
    RECO_ASSERT((size_t)len + (size_t)fin == n);
    out->len = start + RECO_AEAD_OVERHEAD + n;
    out->data[out->len] = '\0';
out:
    EVP_CIPHER_CTX_free(ctx);
    return rc;
}

reco_code reco_aead_open(const uint8_t key[32], const void *aad, size_t aadlen, const void *sealed,
                         size_t n, reco_buf *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    EVP_CIPHER_CTX *ctx = NULL;
    const unsigned char *nonce = sealed, *ct, *tag;
    unsigned char *pt;
    size_t ctlen, start = out->len;
    int len = 0, fin = 0;

    if (n < RECO_AEAD_OVERHEAD) {
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "sealed data is too short (%zu bytes, at least %d)", n,
                            RECO_AEAD_OVERHEAD);
        goto out;
    }
    if (n > AEAD_MAX_LEN || aadlen > AEAD_MAX_LEN) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "sealed data is too large (%zu bytes)", n);
        goto out;
    }
    ctlen = n - RECO_AEAD_OVERHEAD;
    ct = nonce + RECO_AEAD_NONCE_LEN;
    tag = ct + ctlen;
    rc = reco_buf_reserve(out, ctlen + 1);
    if (rc) {
        reco_error_set(err, rc, NULL, "no room for %zu opened bytes", ctlen);
        goto out;
    }
    pt = (unsigned char *)out->data + out->len;
    ctx = EVP_CIPHER_CTX_new();
    if (!ctx || EVP_DecryptInit_ex2(ctx, EVP_aes_256_gcm(), key, nonce, NULL) != 1 ||
        (aadlen && EVP_DecryptUpdate(ctx, NULL, &len, aad, (int)aadlen) != 1) ||
        EVP_DecryptUpdate(ctx, pt, &len, ct, (int)ctlen) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, RECO_AEAD_TAG_LEN, (void *)tag) != 1) {
        ERR_clear_error();
        rc = reco_error_set(err, RECO_ECRYPTO, NULL, "aes-256-gcm decryption failed");
        goto out;
    }
    /* The tag is checked here, before any plaintext is handed out. */
    if (EVP_DecryptFinal_ex(ctx, pt + len, &fin) != 1) {
        ERR_clear_error();
        reco_wipe(pt, ctlen);
        rc = reco_error_set(err, RECO_EVERIFY, NULL,
                            "sealed data does not match the key or was altered");
        goto out;
    }
    out->len = start + ctlen;
    out->data[out->len] = '\0';
out:
    EVP_CIPHER_CTX_free(ctx);
    return rc;
}

void reco_hmac_sha256(const void *key, size_t klen, const void *msg, size_t n, uint8_t out[32])
{
    static const unsigned char empty[1] = {0};
    size_t len = 0;
    /* An empty key is still a key (RFC 2104 §2 pads it with zeros); OpenSSL wants a pointer. */
    unsigned char *r = EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, klen ? key : empty, klen, msg,
                                 n, out, 32, &len);
    /* Only a broken OpenSSL build fails here: no outside data can make it fail. */
    RECO_ASSERT(r != NULL && len == 32);
}
