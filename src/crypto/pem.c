/*
 * pem.c - public keys as PEM SubjectPublicKeyInfo (RFC 5280 §4.1.2.7, RFC 7468 §13), the
 * form Open Badges 2.0 CryptographicKey.publicKeyPem uses.
 */
#include "crypto_internal.h"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <limits.h>
#include <string.h>

#define PEM_MAX_BYTES (16u * 1024u)

/* Which of our key types pkey is, with the same limits as the other ways in. */
static reco_code classify(EVP_PKEY *pkey, reco_key_type *t, reco_error *err)
{
    reco_code rc = RECO_OK;
    char group[64];
    size_t glen = 0;
    int bits;

    if (EVP_PKEY_is_a(pkey, "ED25519")) {
        *t = RECO_KEY_ED25519;
    } else if (EVP_PKEY_is_a(pkey, "EC")) {
        *t = RECO_KEY_P256;
        if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                           &glen) != 1 ||
            strcmp(group, "prime256v1") != 0) {
            ERR_clear_error();
            rc = reco_error_set(err, RECO_EINVAL, NULL,
                                "unsupported elliptic curve in the pem key; expected P-256");
        }
    } else if (EVP_PKEY_is_a(pkey, "RSA")) {
        *t = RECO_KEY_RSA;
        bits = EVP_PKEY_get_bits(pkey);
        if (bits < CRYPTO_RSA_MIN_BITS || bits > CRYPTO_RSA_MAX_BITS)
            rc = reco_error_set(err, RECO_EINVAL, NULL,
                                "rsa key of %d bits is out of range (%d to %d)", bits,
                                CRYPTO_RSA_MIN_BITS, CRYPTO_RSA_MAX_BITS);
    } else {
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "unsupported pem key type; expected Ed25519, P-256 or RSA");
    }
    return rc;
}

reco_code reco_key_from_pem(const char *pem, size_t n, reco_key **out, reco_error *err)
{
    reco_code rc;
    BIO *bio = NULL;
    EVP_PKEY *pkey = NULL;
    EVP_PKEY_CTX *check = NULL;
    reco_key_type t = RECO_KEY_ED25519;

    *out = NULL;
    if (n > PEM_MAX_BYTES) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "pem key is larger than %u bytes",
                            PEM_MAX_BYTES);
        goto out;
    }
    bio = BIO_new_mem_buf(pem, (int)n);
    if (!bio) {
        rc = reco_crypto_fail(err, "pem reading");
        goto out;
    }
    pkey = PEM_read_bio_PUBKEY_ex(bio, NULL, NULL, NULL, NULL, NULL);
    if (!pkey) {
        ERR_clear_error();
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "not a pem public key (\"-----BEGIN PUBLIC KEY-----\")");
        goto out;
    }
    rc = classify(pkey, &t, err);
    if (rc)
        goto out;
    if (t == RECO_KEY_P256) {
        check = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
        if (!check || EVP_PKEY_public_check(check) != 1) {
            ERR_clear_error();
            rc = reco_error_set(err, RECO_EINVAL, NULL, "p-256 public key is not a valid point");
            goto out;
        }
    }
    rc = reco_crypto_wrap(t, pkey, false, out, err);
    pkey = NULL;
out:
    EVP_PKEY_CTX_free(check);
    EVP_PKEY_free(pkey);
    BIO_free(bio);
    return rc;
}

reco_code reco_key_to_pem(const reco_key *k, reco_buf *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    BIO *bio = BIO_new(BIO_s_mem());
    char *data = NULL;
    long len;

    if (!bio || PEM_write_bio_PUBKEY(bio, k->pkey) != 1) {
        rc = reco_crypto_fail(err, "pem writing");
        goto out;
    }
    len = BIO_get_mem_data(bio, &data);
    if (len <= 0) {
        rc = reco_crypto_fail(err, "pem writing");
        goto out;
    }
    rc = reco_buf_append(out, data, (size_t)len);
    if (rc)
        reco_error_set(err, rc, NULL, "cannot append the pem key");
out:
    BIO_free(bio);
    return rc;
}
