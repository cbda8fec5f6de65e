/*
 * key.c - key pairs on OpenSSL 3: generation, raw import and export, signing and
 * verification for Ed25519 (RFC 8032), ES256 (RFC 7518 §3.4) and RS256 (RFC 7518 §3.3).
 *
 * Every key is an EVP_PKEY behind the opaque reco_key; OpenSSL frees private material with
 * a clearing free, and the copies this file makes on the stack are wiped before returning.
 */
#include "crypto_internal.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/params.h>
#include <openssl/x509.h>

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- helpers */

reco_code reco_crypto_fail(reco_error *err, const char *what)
{
    unsigned long e = ERR_peek_last_error();
    const char *reason = e ? ERR_reason_error_string(e) : NULL;
    ERR_clear_error();
    return reco_error_set(err, RECO_ECRYPTO, NULL, "%s failed%s%s", what, reason ? ": " : "",
                          reason ? reason : "");
}

void reco_crypto_params_free(OSSL_PARAM *params)
{
    if (!params)
        return;
    for (OSSL_PARAM *p = params; p->key; p++)
        if (p->data && p->data_size)
            OPENSSL_cleanse(p->data, p->data_size);
    OSSL_PARAM_free(params);
}

reco_code reco_crypto_wrap(reco_key_type t, EVP_PKEY *pkey, bool priv, reco_key **out,
                           reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_key *k = calloc(1, sizeof *k);
    if (!k) {
        EVP_PKEY_free(pkey);
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory for a key");
        goto out;
    }
    k->type = t;
    k->pkey = pkey;
    k->priv = priv;
    *out = k;
out:
    return rc;
}

const char *reco_key_type_name(reco_key_type t)
{
    switch (t) {
    case RECO_KEY_ED25519:
        return "ed25519";
    case RECO_KEY_P256:
        return "p256";
    case RECO_KEY_RSA:
        return "rsa";
    }
    return "unknown";
}

reco_code reco_key_type_parse(const char *s, reco_key_type *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    if (s && strcmp(s, "ed25519") == 0)
        *out = RECO_KEY_ED25519;
    else if (s && strcmp(s, "p256") == 0)
        *out = RECO_KEY_P256;
    else if (s && strcmp(s, "rsa") == 0)
        *out = RECO_KEY_RSA;
    else
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "unknown key type '%.40s'; expected ed25519, p256 or rsa", s ? s : "");
    return rc;
}

reco_key_type reco_key_get_type(const reco_key *k)
{
    return k->type;
}

bool reco_key_has_private(const reco_key *k)
{
    return k->priv;
}

const char *reco_key_jws_alg(const reco_key *k)
{
    switch (k->type) {
    case RECO_KEY_ED25519:
        return "EdDSA"; /* RFC 8037 §3.1 */
    case RECO_KEY_P256:
        return "ES256";
    case RECO_KEY_RSA:
        return "RS256";
    }
    return "none";
}

void reco_key_free(reco_key *k)
{
    if (!k)
        return;
    EVP_PKEY_free(k->pkey); /* OpenSSL clears private key data as it frees it */
    reco_wipe(k, sizeof *k);
    free(k);
}

/* ---------------------------------------------------------------- generation */

reco_code reco_key_generate(reco_key_type t, int bits, reco_key **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    EVP_PKEY *pkey = NULL;

    *out = NULL;
    if (t == RECO_KEY_RSA && bits == 0)
        bits = CRYPTO_RSA_MIN_BITS;
    switch (t) {
    case RECO_KEY_ED25519:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
        break;
    case RECO_KEY_P256:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
        break;
    case RECO_KEY_RSA:
        if (bits < CRYPTO_RSA_MIN_BITS || bits > CRYPTO_RSA_MAX_BITS) {
            rc = reco_error_set(err, RECO_EINVAL, NULL,
                                "rsa key size %d bits is out of range (%d to %d)", bits,
                                CRYPTO_RSA_MIN_BITS, CRYPTO_RSA_MAX_BITS);
            goto out;
        }
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
        break;
    default:
        rc = reco_error_set(err, RECO_EINVAL, NULL, "unknown key type %d", (int)t);
        goto out;
    }
    if (!pkey)
        rc = reco_crypto_fail(err, "key generation");
    else
        rc = reco_crypto_wrap(t, pkey, true, out, err);
out:
    return rc;
}

/* ---------------------------------------------------------------- raw import */

reco_code reco_crypto_ed25519(const uint8_t *pub, const uint8_t *seed, reco_key **out,
                              reco_error *err)
{
    reco_code rc = RECO_OK;
    EVP_PKEY *pkey = NULL;
    uint8_t derived[CRYPTO_ED25519_LEN];
    size_t dlen = sizeof derived;

    *out = NULL;
    if (!pub && !seed) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "ed25519 key needs a public key or a seed");
        goto out;
    }
    if (seed) {
        pkey = EVP_PKEY_new_raw_private_key_ex(NULL, "ED25519", NULL, seed, CRYPTO_ED25519_LEN);
        if (!pkey) {
            rc = reco_crypto_fail(err, "ed25519 private key import");
            goto out;
        }
        /* The public key is derived from the seed (RFC 8032 §5.1.5); a given one must match. */
        if (pub) {
            if (EVP_PKEY_get_raw_public_key(pkey, derived, &dlen) != 1) {
                rc = reco_crypto_fail(err, "ed25519 public key derivation");
                goto out;
            }
            if (dlen != sizeof derived || !reco_ct_equal(derived, pub, sizeof derived)) {
                rc = reco_error_set(err, RECO_EINVAL, NULL,
                                    "ed25519 public key does not match the private key");
                goto out;
            }
        }
    } else {
        pkey = EVP_PKEY_new_raw_public_key_ex(NULL, "ED25519", NULL, pub, CRYPTO_ED25519_LEN);
        if (!pkey) {
            rc = reco_crypto_fail(err, "ed25519 public key import");
            goto out;
        }
    }
    rc = reco_crypto_wrap(RECO_KEY_ED25519, pkey, seed != NULL, out, err);
    pkey = NULL;
out:
    EVP_PKEY_free(pkey);
    return rc;
}

reco_code reco_crypto_p256(const uint8_t *point, size_t n, const uint8_t *d, reco_key **out,
                           reco_error *err)
{
    reco_code rc = RECO_OK;
    OSSL_PARAM_BLD *bld = NULL;
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL, *check = NULL;
    EVP_PKEY *pkey = NULL;
    BIGNUM *priv = NULL;

    *out = NULL;
    /* SEC 1 §2.3.3: 0x02/0x03 + x (compressed) or 0x04 + x + y (uncompressed). */
    if (!((n == 1 + CRYPTO_P256_LEN && (point[0] == 0x02 || point[0] == 0x03)) ||
          (n == 1 + 2 * CRYPTO_P256_LEN && point[0] == 0x04))) {
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "p-256 public key is not a compressed (33 bytes) or uncompressed "
                            "(65 bytes) point (%zu bytes)",
                            n);
        goto out;
    }
    bld = OSSL_PARAM_BLD_new();
    if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) ||
        !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, n)) {
        rc = reco_crypto_fail(err, "p-256 key parameters");
        goto out;
    }
    if (d) {
        priv = BN_secure_new();
        if (!priv || !BN_bin2bn(d, CRYPTO_P256_LEN, priv) ||
            !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv)) {
            rc = reco_crypto_fail(err, "p-256 key parameters");
            goto out;
        }
    }
    params = OSSL_PARAM_BLD_to_param(bld);
    ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1) {
        rc = reco_crypto_fail(err, "p-256 key import");
        goto out;
    }
    /* Decoding the point checks that it lies on the curve (SEC 1 §2.3.4). */
    if (EVP_PKEY_fromdata(ctx, &pkey, d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) != 1) {
        ERR_clear_error();
        rc = reco_error_set(err, RECO_EINVAL, NULL, "p-256 public key is not a point of the curve");
        goto out;
    }
    check = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    if (!check) {
        rc = reco_crypto_fail(err, "p-256 key check");
        goto out;
    }
    /* Public check: on the curve, not infinity, right order. With d: 0 < d < n, dG == Q. */
    if ((d ? EVP_PKEY_check(check) : EVP_PKEY_public_check(check)) != 1) {
        ERR_clear_error();
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            d ? "p-256 private key does not match its public key"
                              : "p-256 public key is not a valid point");
        goto out;
    }
    rc = reco_crypto_wrap(RECO_KEY_P256, pkey, d != NULL, out, err);
    pkey = NULL;
out:
    EVP_PKEY_free(pkey);
    EVP_PKEY_CTX_free(check);
    EVP_PKEY_CTX_free(ctx);
    reco_crypto_params_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_clear_free(priv);
    return rc;
}

reco_code reco_crypto_p256_derive(const uint8_t d[32], uint8_t point[65], reco_error *err)
{
    reco_code rc = RECO_OK;
    EC_GROUP *group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    EC_POINT *q = NULL;
    BIGNUM *bd = BN_secure_new();
    BN_CTX *bctx = BN_CTX_secure_new();

    if (!group || !bd || !bctx || !BN_bin2bn(d, CRYPTO_P256_LEN, bd)) {
        rc = reco_crypto_fail(err, "p-256 setup");
        goto out;
    }
    /* SEC 1 §3.2.1: the private key is an integer in [1, n-1]. */
    if (BN_is_zero(bd) || BN_cmp(bd, EC_GROUP_get0_order(group)) >= 0) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "p-256 private key is out of range");
        goto out;
    }
    q = EC_POINT_new(group);
    if (!q || EC_POINT_mul(group, q, bd, NULL, NULL, bctx) != 1 ||
        EC_POINT_point2oct(group, q, POINT_CONVERSION_UNCOMPRESSED, point, 65, bctx) != 65) {
        rc = reco_crypto_fail(err, "p-256 public key derivation");
        goto out;
    }
out:
    EC_POINT_free(q);
    BN_clear_free(bd);
    BN_CTX_free(bctx);
    EC_GROUP_free(group);
    return rc;
}

reco_code reco_key_from_ed25519_raw(const uint8_t *pub, const uint8_t *seed, reco_key **out,
                                    reco_error *err)
{
    return reco_crypto_ed25519(pub, seed, out, err);
}

reco_code reco_key_from_public_raw(reco_key_type t, const void *p, size_t n, reco_key **out,
                                   reco_error *err)
{
    reco_code rc;
    *out = NULL;
    if (t == RECO_KEY_ED25519 && n != CRYPTO_ED25519_LEN)
        rc = reco_error_set(err, RECO_EINVAL, NULL, "ed25519 public key must be 32 bytes, not %zu",
                            n);
    else if (t == RECO_KEY_ED25519)
        rc = reco_crypto_ed25519(p, NULL, out, err);
    else if (t == RECO_KEY_P256)
        rc = reco_crypto_p256(p, n, NULL, out, err);
    else
        rc = reco_error_set(err, RECO_EINVAL, NULL, "no raw public key form for %s keys",
                            reco_key_type_name(t));
    return rc;
}

/* ---------------------------------------------------------------- raw export */

reco_code reco_crypto_p256_xy(const reco_key *k, uint8_t x[32], uint8_t y[32], reco_error *err)
{
    reco_code rc = RECO_OK;
    BIGNUM *bx = NULL, *by = NULL;

    if (EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_EC_PUB_X, &bx) != 1 ||
        EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_EC_PUB_Y, &by) != 1 ||
        BN_bn2binpad(bx, x, CRYPTO_P256_LEN) != CRYPTO_P256_LEN ||
        BN_bn2binpad(by, y, CRYPTO_P256_LEN) != CRYPTO_P256_LEN)
        rc = reco_crypto_fail(err, "p-256 public key export");
    BN_free(bx);
    BN_free(by);
    return rc;
}

reco_code reco_key_public_raw(const reco_key *k, reco_buf *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    uint8_t raw[1 + CRYPTO_P256_LEN], y[CRYPTO_P256_LEN];
    size_t n = CRYPTO_ED25519_LEN;

    switch (k->type) {
    case RECO_KEY_ED25519:
        if (EVP_PKEY_get_raw_public_key(k->pkey, raw, &n) != 1 || n != CRYPTO_ED25519_LEN) {
            rc = reco_crypto_fail(err, "ed25519 public key export");
            goto out;
        }
        break;
    case RECO_KEY_P256:
        /* SEC 1 §2.3.3 compressed form: 0x02 for even y, 0x03 for odd y, then x. */
        rc = reco_crypto_p256_xy(k, raw + 1, y, err);
        if (rc)
            goto out;
        raw[0] = (uint8_t)(0x02 | (y[CRYPTO_P256_LEN - 1] & 1));
        n = sizeof raw;
        break;
    default:
        rc = reco_error_set(err, RECO_EINVAL, NULL, "no raw public key form for %s keys",
                            reco_key_type_name(k->type));
        goto out;
    }
    rc = reco_buf_append(out, raw, n);
    if (rc)
        reco_error_set(err, rc, NULL, "cannot append the public key");
out:
    return rc;
}

reco_code reco_key_public(const reco_key *k, reco_key **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    unsigned char *der = NULL;
    const unsigned char *p;
    EVP_PKEY *pub = NULL;
    int len;

    *out = NULL;
    /* Through SubjectPublicKeyInfo: the one form every key type shares. */
    len = i2d_PUBKEY(k->pkey, &der);
    if (len <= 0) {
        rc = reco_crypto_fail(err, "public key export");
        goto out;
    }
    p = der;
    pub = d2i_PUBKEY(NULL, &p, len);
    if (!pub) {
        rc = reco_crypto_fail(err, "public key import");
        goto out;
    }
    rc = reco_crypto_wrap(k->type, pub, false, out, err);
out:
    OPENSSL_free(der);
    return rc;
}

bool reco_key_public_equal(const reco_key *a, const reco_key *b)
{
    /* EVP_PKEY_eq compares the public components only. */
    return a && b && a->type == b->type && EVP_PKEY_eq(a->pkey, b->pkey) == 1;
}

/* ---------------------------------------------------------------- sign */

/* ES256 (RFC 7518 §3.4): the signature is r || s, each 32 bytes big-endian, not DER. */
static reco_code der_to_raw(const unsigned char *der, size_t n, uint8_t raw[64], reco_error *err)
{
    reco_code rc = RECO_OK;
    const unsigned char *p = der;
    const BIGNUM *r, *s;
    ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)n);

    if (!sig) {
        rc = reco_crypto_fail(err, "ecdsa signature decoding");
        goto out;
    }
    ECDSA_SIG_get0(sig, &r, &s);
    if (BN_bn2binpad(r, raw, CRYPTO_P256_LEN) != CRYPTO_P256_LEN ||
        BN_bn2binpad(s, raw + CRYPTO_P256_LEN, CRYPTO_P256_LEN) != CRYPTO_P256_LEN)
        rc = reco_error_set(err, RECO_ECRYPTO, NULL, "ecdsa signature has an oversized integer");
out:
    ECDSA_SIG_free(sig);
    return rc;
}

static reco_code raw_to_der(const uint8_t raw[64], unsigned char **der, int *len, reco_error *err)
{
    reco_code rc = RECO_OK;
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(raw, CRYPTO_P256_LEN, NULL);
    BIGNUM *s = BN_bin2bn(raw + CRYPTO_P256_LEN, CRYPTO_P256_LEN, NULL);

    *der = NULL;
    if (!sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
        BN_free(r);
        BN_free(s);
        rc = reco_crypto_fail(err, "ecdsa signature encoding");
        goto out;
    }
    /* sig owns r and s now */
    *len = i2d_ECDSA_SIG(sig, der);
    if (*len <= 0) {
        *der = NULL;
        rc = reco_crypto_fail(err, "ecdsa signature encoding");
    }
out:
    ECDSA_SIG_free(sig);
    return rc;
}

/* Pure Ed25519 takes no digest (RFC 8032 §5.1.6); ES256 and RS256 hash with SHA-256. */
static const char *digest_of(const reco_key *k)
{
    return k->type == RECO_KEY_ED25519 ? NULL : "SHA256";
}

reco_code reco_key_sign(const reco_key *k, const void *msg, size_t n, reco_buf *sig,
                        reco_error *err)
{
    reco_code rc = RECO_OK;
    EVP_MD_CTX *mctx = NULL;
    unsigned char *tmp = NULL;
    size_t len = 0;
    uint8_t raw[2 * CRYPTO_P256_LEN];

    if (!k->priv) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "cannot sign with a public key only");
        goto out;
    }
    mctx = EVP_MD_CTX_new();
    if (!mctx || EVP_DigestSignInit_ex(mctx, NULL, digest_of(k), NULL, NULL, k->pkey, NULL) != 1) {
        rc = reco_crypto_fail(err, "signature setup");
        goto out;
    }
    /* One-shot: Ed25519 cannot be fed in pieces. The first call gives the maximum length. */
    if (EVP_DigestSign(mctx, NULL, &len, msg, n) != 1 || !(tmp = OPENSSL_malloc(len ? len : 1)) ||
        EVP_DigestSign(mctx, tmp, &len, msg, n) != 1) {
        rc = reco_crypto_fail(err, "signing");
        goto out;
    }
    if (k->type == RECO_KEY_P256) {
        rc = der_to_raw(tmp, len, raw, err);
        if (rc)
            goto out;
        rc = reco_buf_append(sig, raw, sizeof raw);
    } else {
        rc = reco_buf_append(sig, tmp, len);
    }
    if (rc)
        reco_error_set(err, rc, NULL, "cannot append the signature");
out:
    OPENSSL_free(tmp);
    EVP_MD_CTX_free(mctx);
    return rc;
}

/* ---------------------------------------------------------------- verify */

reco_code reco_key_verify(const reco_key *k, const void *msg, size_t n, const void *sig,
                          size_t siglen, reco_error *err)
{
    reco_code rc = RECO_OK;
    EVP_MD_CTX *mctx = NULL;
    unsigned char *der = NULL;
    const unsigned char *s = sig;
    size_t slen = siglen;
    int dlen = 0, ok;
    size_t want;

    /* A signature of the wrong size is malformed, not merely wrong. */
    switch (k->type) {
    case RECO_KEY_ED25519:
        want = 64; /* RFC 8032 §5.1.6 */
        break;
    case RECO_KEY_P256:
        want = 2 * CRYPTO_P256_LEN; /* RFC 7518 §3.4 */
        break;
    default:
        want = (size_t)EVP_PKEY_get_size(k->pkey); /* RFC 8017 §8.2.2 step 1 */
        break;
    }
    if (siglen != want) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "%s signature must be %zu bytes, not %zu",
                            reco_key_jws_alg(k), want, siglen);
        goto out;
    }
    if (k->type == RECO_KEY_P256) {
        rc = raw_to_der(sig, &der, &dlen, err);
        if (rc)
            goto out;
        s = der;
        slen = (size_t)dlen;
    }
    mctx = EVP_MD_CTX_new();
    if (!mctx ||
        EVP_DigestVerifyInit_ex(mctx, NULL, digest_of(k), NULL, NULL, k->pkey, NULL) != 1) {
        rc = reco_crypto_fail(err, "verification setup");
        goto out;
    }
    ok = EVP_DigestVerify(mctx, s, slen, msg, n);
    /* 0 is a bad signature; a negative value is a signature OpenSSL could not even parse
     * (r or s out of range): both are verdicts on outside data, not faults. */
    if (ok != 1) {
        ERR_clear_error();
        rc = reco_error_set(err, RECO_EVERIFY, NULL, "signature does not match the key");
    }
out:
    OPENSSL_free(der);
    EVP_MD_CTX_free(mctx);
    return rc;
}
