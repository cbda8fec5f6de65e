/*
 * multikey.c - Multikey (W3C Controlled Identifiers 1.0 §2.2.2) and did:key (did:key Method
 * 0.9 §3.1): a key's bytes behind a multicodec varint header, encoded as multibase
 * base58btc ('z').
 *
 *   ed25519-pub  0xed   -> varint 0xed 0x01  + 32 bytes            "z6Mk..."
 *   p256-pub     0x1200 -> varint 0x80 0x24  + 33 bytes compressed "zDn..."
 *   ed25519-priv 0x1300 -> varint 0x80 0x26  + 32-byte seed        "z3u2..."
 *   p256-priv    0x1306 -> varint 0x86 0x26  + 32-byte scalar
 */
#include "crypto_internal.h"

#include <openssl/core_names.h>

#include <string.h>

/* Longest accepted text: the longest form is 2 + 33 bytes, about 48 base58 characters. */
#define MULTIKEY_MAX_CHARS 128
#define DID_KEY_PREFIX     "did:key:"

static const uint8_t HDR_ED25519_PUB[2] = {0xed, 0x01};
static const uint8_t HDR_P256_PUB[2] = {0x80, 0x24};
static const uint8_t HDR_ED25519_PRIV[2] = {0x80, 0x26};
static const uint8_t HDR_P256_PRIV[2] = {0x86, 0x26};

/* Decode a Multikey value: must be multibase base58btc (Controlled Identifiers §2.2.2). */
static reco_code decode_z(const char *mb, size_t n, const char *what, reco_buf *out,
                          reco_error *err)
{
    reco_code rc;
    if (n == 0 || mb[0] != 'z') {
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "%s must be multibase base58btc (start with 'z')", what);
        goto out;
    }
    if (n > MULTIKEY_MAX_CHARS) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "%s is too long (%zu characters)", what, n);
        goto out;
    }
    rc = reco_multibase_decode(mb, n, out, err);
    /* Out of memory stays what it is; anything else is a malformed key. */
    if (rc && rc != RECO_ENOMEM && rc != RECO_ELIMIT)
        rc = reco_error_set(err, RECO_EINVAL, NULL, "%s is not valid base58btc", what);
out:
    return rc;
}

static bool has_header(const reco_buf *b, const uint8_t hdr[2])
{
    return b->len >= 2 && (uint8_t)b->data[0] == hdr[0] && (uint8_t)b->data[1] == hdr[1];
}

static reco_code from_multikey_n(const char *mb, size_t n, reco_key **out, reco_error *err)
{
    reco_code rc;
    reco_buf b;
    const uint8_t *p;

    *out = NULL;
    reco_buf_init(&b, 256);
    rc = decode_z(mb, n, "publicKeyMultibase", &b, err);
    if (rc)
        goto out;
    p = (const uint8_t *)b.data + 2;
    if (has_header(&b, HDR_ED25519_PUB)) {
        if (b.len != 2 + CRYPTO_ED25519_LEN) {
            rc = reco_error_set(err, RECO_EINVAL, NULL,
                                "ed25519 multikey must hold 32 key bytes, not %zu", b.len - 2);
            goto out;
        }
        rc = reco_crypto_ed25519(p, NULL, out, err);
    } else if (has_header(&b, HDR_P256_PUB)) {
        if (b.len != 2 + 1 + CRYPTO_P256_LEN) {
            rc = reco_error_set(err, RECO_EINVAL, NULL,
                                "p-256 multikey must hold a 33-byte compressed point, not %zu "
                                "bytes",
                                b.len - 2);
            goto out;
        }
        rc = reco_crypto_p256(p, b.len - 2, NULL, out, err);
    } else if (has_header(&b, HDR_ED25519_PRIV) || has_header(&b, HDR_P256_PRIV)) {
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "publicKeyMultibase holds a secret key, not a public key");
    } else {
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "unsupported multikey type (multicodec header 0x%02x 0x%02x); "
                            "expected ed25519-pub or p256-pub",
                            b.len > 0 ? (uint8_t)b.data[0] : 0, b.len > 1 ? (uint8_t)b.data[1] : 0);
    }
out:
    reco_buf_release(&b);
    return rc;
}

reco_code reco_key_from_multikey(const char *mb, reco_key **out, reco_error *err)
{
    return from_multikey_n(mb, strlen(mb), out, err);
}

reco_code reco_key_to_multikey(const reco_key *k, reco_buf *out, reco_error *err)
{
    reco_code rc;
    reco_buf raw;
    const uint8_t *hdr = k->type == RECO_KEY_ED25519 ? HDR_ED25519_PUB : HDR_P256_PUB;

    reco_buf_init(&raw, 256);
    if (k->type != RECO_KEY_ED25519 && k->type != RECO_KEY_P256) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "no multikey form for %s keys",
                            reco_key_type_name(k->type));
        goto out;
    }
    rc = reco_buf_append(&raw, hdr, 2);
    if (rc) {
        reco_error_set(err, rc, NULL, "cannot encode the multikey");
        goto out;
    }
    rc = reco_key_public_raw(k, &raw, err);
    if (rc)
        goto out;
    rc = reco_multibase_encode('z', (const uint8_t *)raw.data, raw.len, out);
    if (rc)
        reco_error_set(err, rc, NULL, "cannot encode the multikey");
out:
    reco_buf_release(&raw);
    return rc;
}

/* ---------------------------------------------------------------- secret keys */

reco_code reco_key_to_secret_multikey(const reco_key *k, reco_buf *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    uint8_t raw[2 + 32];
    size_t n = CRYPTO_ED25519_LEN;
    BIGNUM *d = NULL;

    if (!k->priv) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "key has no private half to export");
        goto out;
    }
    if (k->type == RECO_KEY_ED25519) {
        memcpy(raw, HDR_ED25519_PRIV, 2);
        if (EVP_PKEY_get_raw_private_key(k->pkey, raw + 2, &n) != 1 || n != CRYPTO_ED25519_LEN) {
            rc = reco_crypto_fail(err, "ed25519 private key export");
            goto out;
        }
    } else if (k->type == RECO_KEY_P256) {
        memcpy(raw, HDR_P256_PRIV, 2);
        if (EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_PRIV_KEY, &d) != 1 ||
            BN_bn2binpad(d, raw + 2, CRYPTO_P256_LEN) != CRYPTO_P256_LEN) {
            rc = reco_crypto_fail(err, "p-256 private key export");
            goto out;
        }
    } else {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "no multikey form for %s keys",
                            reco_key_type_name(k->type));
        goto out;
    }
    rc = reco_multibase_encode('z', raw, sizeof raw, out);
    if (rc)
        reco_error_set(err, rc, NULL, "cannot encode the secret multikey");
out:
    BN_clear_free(d);
    reco_wipe(raw, sizeof raw);
    return rc;
}

reco_code reco_key_from_secret_multikey(const char *mb, reco_key **out, reco_error *err)
{
    reco_code rc;
    reco_buf b;
    const uint8_t *p;
    uint8_t pt[1 + 2 * CRYPTO_P256_LEN];

    *out = NULL;
    reco_buf_init(&b, 256);
    rc = decode_z(mb, strlen(mb), "secretKeyMultibase", &b, err);
    if (rc)
        goto out;
    p = (const uint8_t *)b.data + 2;
    if (b.len != 2 + 32 || !(has_header(&b, HDR_ED25519_PRIV) || has_header(&b, HDR_P256_PRIV))) {
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "secretKeyMultibase is not an ed25519-priv or p256-priv key of 32 "
                            "bytes");
        goto out;
    }
    if (has_header(&b, HDR_ED25519_PRIV)) {
        rc = reco_crypto_ed25519(NULL, p, out, err);
        goto out;
    }
    /* P-256: the public point Q = dG is derived, then the pair imported and checked. */
    rc = reco_crypto_p256_derive(p, pt, err);
    if (!rc)
        rc = reco_crypto_p256(pt, sizeof pt, p, out, err);
out:
    if (b.data)
        reco_wipe(b.data, b.len);
    reco_buf_release(&b);
    return rc;
}

/* ---------------------------------------------------------------- did:key */

reco_code reco_key_to_did_key(const reco_key *k, reco_buf *out, reco_error *err)
{
    reco_code rc = reco_buf_puts(out, DID_KEY_PREFIX);
    if (rc)
        reco_error_set(err, rc, NULL, "cannot append the did");
    else
        rc = reco_key_to_multikey(k, out, err);
    return rc;
}

reco_code reco_key_from_did_key(const char *did, reco_key **out, reco_error *err)
{
    reco_code rc;
    const char *id, *hash;
    size_t n;

    *out = NULL;
    /* did:key Method §3.1.2: did:key:<mb-value>, and a DID URL's fragment repeats the value. */
    if (strncmp(did, DID_KEY_PREFIX, sizeof DID_KEY_PREFIX - 1) != 0) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "not a did:key identifier");
        goto out;
    }
    id = did + sizeof DID_KEY_PREFIX - 1;
    hash = strchr(id, '#');
    n = hash ? (size_t)(hash - id) : strlen(id);
    if (hash && hash[1] == '\0')
        rc = reco_error_set(err, RECO_EINVAL, NULL, "did:key has an empty fragment");
    else if (hash && (strlen(hash + 1) != n || memcmp(hash + 1, id, n) != 0))
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "did:key fragment does not repeat the key it follows");
    else
        rc = from_multikey_n(id, n, out, err);
out:
    return rc;
}
