/*
 * reco/crypto.h - keys (Ed25519, P-256, RSA) on OpenSSL 3: generation, signing, verification,
 * Multikey, JWK, did:key, the private key file; hashes and randomness.
 */
#ifndef RECO_CRYPTO_H
#define RECO_CRYPTO_H

#include "reco/common.h"
#include "reco/base.h"
#include <jansson.h>

typedef enum reco_key_type { RECO_KEY_ED25519 = 1, RECO_KEY_P256, RECO_KEY_RSA } reco_key_type;

/** A public key, or a key pair. Opaque. */
typedef struct reco_key reco_key;

/** "ed25519", "p256", "rsa". */
RECO_API const char *reco_key_type_name(reco_key_type t);
/** Parse "ed25519" | "p256" | "rsa"; RECO_EINVAL otherwise. */
RECO_API reco_code reco_key_type_parse(const char *s, reco_key_type *out, reco_error *err);

/**
 * New key pair. bits is used for RSA only (0 = 2048; below 2048 or above 16384 refused with
 * RECO_EINVAL). The caller reco_key_free()s *out.
 */
RECO_API reco_code reco_key_generate(reco_key_type t, int bits, reco_key **out, reco_error *err);
/** NULL does nothing. Private material is wiped. */
RECO_API void reco_key_free(reco_key *k);
RECO_API reco_key_type reco_key_get_type(const reco_key *k);
RECO_API bool reco_key_has_private(const reco_key *k);

/**
 * Sign msg. Ed25519: pure EdDSA (RFC 8032), 64 bytes. P-256: ES256, SHA-256, raw r||s 64
 * bytes (RFC 7518 §3.4). RSA: RS256, PKCS#1 v1.5 with SHA-256. Appends to sig. A key
 * without its private half gives RECO_EINVAL.
 */
RECO_API reco_code reco_key_sign(const reco_key *k, const void *msg, size_t n, reco_buf *sig,
                                 reco_error *err);
/**
 * RECO_OK when the signature is good, RECO_EVERIFY ("signature does not match the key") when
 * it is not. Same algorithms. A signature of the wrong length for the key (not 64 bytes for
 * Ed25519 and ES256, not the modulus size for RS256) is malformed: RECO_EINVAL.
 */
RECO_API reco_code reco_key_verify(const reco_key *k, const void *msg, size_t n, const void *sig,
                                   size_t siglen, reco_error *err);

/** Raw public key bytes: 32 for Ed25519, 33 (compressed) for P-256; RSA refused. */
RECO_API reco_code reco_key_public_raw(const reco_key *k, reco_buf *out, reco_error *err);

/** Multikey publicKeyMultibase (Ed25519 "z6Mk...", P-256 "zDn..."); RSA refused. */
RECO_API reco_code reco_key_to_multikey(const reco_key *k, reco_buf *out, reco_error *err);
/**
 * From publicKeyMultibase (multicodec 0xed 0x01 Ed25519, 0x80 0x24 P-256). Refused with
 * RECO_EINVAL: another multibase than 'z', another multicodec, a wrong length, a point not
 * on the curve; over 128 characters RECO_ELIMIT. The key has no private half.
 */
RECO_API reco_code reco_key_from_multikey(const char *mb, reco_key **out, reco_error *err);

/** "did:key:z6Mk..." (Ed25519, P-256). */
RECO_API reco_code reco_key_to_did_key(const reco_key *k, reco_buf *out, reco_error *err);
/**
 * From "did:key:z..." or "did:key:z...#z..." (the fragment must repeat the key, RECO_EINVAL
 * otherwise). Same refusals as reco_key_from_multikey.
 */
RECO_API reco_code reco_key_from_did_key(const char *did, reco_key **out, reco_error *err);

/** Public JWK (RFC 7517/8037: OKP Ed25519, EC P-256, RSA). With_private adds d (and p, q...). */
RECO_API reco_code reco_key_to_jwk(const reco_key *k, bool with_private, json_t **out,
                                   reco_error *err);
/**
 * From a JWK, public or private. Refused with RECO_EINVAL: unknown kty or crv, a member that
 * is not base64url without padding, a wrong length (x, y, d are 32 bytes), a point not on
 * the curve, an RSA modulus under 2048 or over 16384 bits, multi-prime RSA ("oth"), some but
 * not all of p, q, dp, dq, qi, a private half that does not match the public half, a "use"
 * other than "sig", an "alg" other than the key's (reco_key_jws_alg; "Ed25519" is accepted
 * for OKP too). The path of the error names the member ("/x").
 */
RECO_API reco_code reco_key_from_jwk(const json_t *jwk, reco_key **out, reco_error *err);

/**
 * Save the key pair as a JSON key file {"type":"reco-key","keyType":..,"jwk":{...private}}
 * with mode 0600. The file is written atomically. A key without its private half is refused
 * (RECO_EINVAL).
 */
RECO_API reco_code reco_key_save(const reco_key *k, const char *path, reco_error *err);
/**
 * Load a key file. Refuses with RECO_EINVAL a file with any group or other permission bit
 * ("key file K is readable by other users (mode 0644); run chmod 600 K"), a file that is not
 * a reco key file (other "type"), a public-only key ("key file K holds no private key"), a
 * keyType that does not name the JWK's type; RECO_EPARSE for a file that is not JSON,
 * RECO_ENOTFOUND for a missing file, RECO_ELIMIT over 64 KiB.
 */
RECO_API reco_code reco_key_load(const char *path, reco_key **out, reco_error *err);

/* ---------------------------------------------------------------- more ways in and out */

/**
 * Ed25519 from raw bytes (RFC 8032 §5.1.5): pub is the 32-byte public key, seed the 32-byte
 * private seed; either may be NULL but not both. When both are given they must agree
 * (RECO_EINVAL otherwise).
 */
RECO_API reco_code reco_key_from_ed25519_raw(const uint8_t *pub, const uint8_t *seed,
                                             reco_key **out, reco_error *err);

/**
 * A public key from raw bytes: Ed25519 32 bytes; P-256 a SEC 1 point, 33 bytes compressed or
 * 65 uncompressed (checked to be on the curve); RSA refused. RECO_EINVAL on a wrong length
 * or an invalid point.
 */
RECO_API reco_code reco_key_from_public_raw(reco_key_type t, const void *p, size_t n,
                                            reco_key **out, reco_error *err);

/** A new key holding only the public half of k. */
RECO_API reco_code reco_key_public(const reco_key *k, reco_key **out, reco_error *err);

/** True when a and b are the same public key (either may hold a private half). */
RECO_API bool reco_key_public_equal(const reco_key *a, const reco_key *b);

/** JOSE "alg" for the key's signatures (RFC 7518, RFC 8037): "EdDSA", "ES256", "RS256". */
RECO_API const char *reco_key_jws_alg(const reco_key *k);

/**
 * Multikey secretKeyMultibase (Controlled Identifiers §2.2.2): base58btc of multicodec
 * ed25519-priv 0x80 0x26 + 32-byte seed, or p256-priv 0x86 0x26 + 32-byte scalar. A key
 * without its private half, or RSA, is refused. The output is a secret: wipe it after use.
 */
RECO_API reco_code reco_key_to_secret_multikey(const reco_key *k, reco_buf *out, reco_error *err);
/** From secretKeyMultibase (the public half is derived). */
RECO_API reco_code reco_key_from_secret_multikey(const char *mb, reco_key **out, reco_error *err);

/**
 * JWK thumbprint (RFC 7638 §3): base64url (no padding) of the SHA-256 of the required public
 * members in lexicographic order, appended to out.
 */
RECO_API reco_code reco_key_jwk_thumbprint(const reco_key *k, reco_buf *out, reco_error *err);

/**
 * A public key from PEM "-----BEGIN PUBLIC KEY-----" (SubjectPublicKeyInfo, RFC 5280 §4.1),
 * as Open Badges 2.0 CryptographicKey.publicKeyPem carries it. Ed25519, P-256 and RSA of at
 * least 2048 bits; other keys refused. Input over 16 KiB gives RECO_ELIMIT.
 */
RECO_API reco_code reco_key_from_pem(const char *pem, size_t n, reco_key **out, reco_error *err);
/** PEM SubjectPublicKeyInfo of the public half, appended to out. */
RECO_API reco_code reco_key_to_pem(const reco_key *k, reco_buf *out, reco_error *err);

/* ---------------------------------------------------------------- secrets at rest */

#define RECO_AEAD_KEY_LEN   32 /**< AES-256 key */
#define RECO_AEAD_NONCE_LEN 12 /**< GCM nonce (NIST SP 800-38D §8.2.2, random) */
#define RECO_AEAD_TAG_LEN   16 /**< GCM tag */
/** Bytes reco_aead_seal adds to the plaintext: nonce and tag. */
#define RECO_AEAD_OVERHEAD (RECO_AEAD_NONCE_LEN + RECO_AEAD_TAG_LEN)

/**
 * Encrypt and authenticate n bytes with AES-256-GCM under a 32-byte key, binding aad (may be
 * NULL when aadlen is 0; e.g. the record's id, so a sealed value cannot be moved to another
 * record). Appends nonce (12, random) || ciphertext (n) || tag (16) to out.
 */
RECO_API reco_code reco_aead_seal(const uint8_t key[32], const void *aad, size_t aadlen,
                                  const void *plain, size_t n, reco_buf *out, reco_error *err);

/**
 * Reverse of reco_aead_seal: appends the plaintext to out. RECO_EVERIFY ("sealed data does
 * not match the key or was altered") when the key, the aad or any byte differs; RECO_EINVAL
 * when n is shorter than RECO_AEAD_OVERHEAD. out may hold a secret: wipe it after use.
 */
RECO_API reco_code reco_aead_open(const uint8_t key[32], const void *aad, size_t aadlen,
                                  const void *sealed, size_t n, reco_buf *out, reco_error *err);

/** HMAC-SHA-256 (RFC 2104) of n bytes under a key of klen bytes. */
RECO_API void reco_hmac_sha256(const void *key, size_t klen, const void *msg, size_t n,
                               uint8_t out[32]);

/** SHA-256 / SHA-384 of n bytes. */
RECO_API void reco_sha256(const void *p, size_t n, uint8_t out[32]);
RECO_API void reco_sha384(const void *p, size_t n, uint8_t out[48]);
/** n random bytes from the system's CSPRNG. */
RECO_API reco_code reco_random(void *p, size_t n, reco_error *err);

#endif
