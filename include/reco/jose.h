/*
 * reco/jose.h - compact JWS (RFC 7515) and VC-JWT, the JSON Web Token proof format of Open
 * Badges 3.0 (§8.2 "JSON Web Token Proof Format") and of VC-JOSE-COSE (application/vc+jwt).
 *
 * Two layers:
 *  - reco_jws_*: parse a compact JWS with limits, sign, verify with a reco_key. Algorithms:
 *    RS256 (RSA, RFC 7518 §3.3), ES256 (P-256, RFC 7518 §3.4) and EdDSA (Ed25519, RFC 8037
 *    §3.1). "none", other algorithms, a "crit" header, "b64": false and a private "jwk" in
 *    the header are refused when parsing.
 *  - reco_vcjwt_*: a credential as a JWT. Signing writes the JWT claims iss, jti, nbf, sub,
 *    exp from the credential; decoding accepts the VC 1.1 form (credential in the "vc" claim)
 *    and the form where the payload is the credential (OB 3.0 §8.2.2, VC-JOSE-COSE §3.1.1);
 *    claim checks compare the claims with the credential; key resolution takes the key from
 *    the "jwk" header or from a did:key "kid", and hands every other "kid" to a callback.
 *
 * See docs/vc-jwt.md for a walk through.
 */
#ifndef RECO_JOSE_H
#define RECO_JOSE_H

#include "reco/common.h"
#include "reco/base.h"
#include "reco/crypto.h"
#include "reco/report.h"
#include <jansson.h>

/* ---------------------------------------------------------------- compact JWS */

/** Signature algorithms reco signs and verifies with. */
typedef enum reco_jws_alg {
    RECO_JWS_ALG_NONE = 0, /**< not an algorithm: "no algorithm known yet" */
    RECO_JWS_RS256,        /**< RSASSA-PKCS1-v1_5 SHA-256, RSA key (RFC 7518 §3.3) */
    RECO_JWS_ES256,        /**< ECDSA P-256 SHA-256, raw r||s (RFC 7518 §3.4) */
    RECO_JWS_EDDSA         /**< Ed25519 (RFC 8037 §3.1) */
} reco_jws_alg;

/** "RS256", "ES256", "EdDSA"; "none" for RECO_JWS_ALG_NONE. */
RECO_API const char *reco_jws_alg_name(reco_jws_alg alg);

/**
 * Parse an "alg" value. RECO_EINVAL for "none" ("unsecured JWS (alg none) refused") and for
 * every algorithm reco does not implement ("unsupported JWS algorithm 'HS256'").
 */
RECO_API reco_code reco_jws_alg_parse(const char *s, reco_jws_alg *out, reco_error *err);

/** The algorithm a key signs with: Ed25519 -> EdDSA, P-256 -> ES256, RSA -> RS256. */
RECO_API reco_jws_alg reco_jws_alg_of_key(const reco_key *k);

/**
 * RECO_OK when key can be used with alg, RECO_EVERIFY otherwise ("the JWS algorithm EdDSA
 * needs an ed25519 key, not rsa"). RFC 7515 §10.7: the key type is bound to the algorithm,
 * never chosen by the token.
 */
RECO_API reco_code reco_jws_key_matches(const reco_key *key, reco_jws_alg alg, reco_error *err);

#define RECO_JWS_DEFAULT_MAX_BYTES  (1024u * 1024u) /**< whole compact JWS */
#define RECO_JWS_DEFAULT_MAX_HEADER (8u * 1024u)    /**< decoded protected header */

/** Limits of reco_jws_parse. Zero in a field means the default. */
typedef struct reco_jws_limits {
    size_t max_bytes;  /**< length of the compact text, default 1 MiB */
    size_t max_header; /**< decoded header JSON, default 8 KiB */
    int max_depth;     /**< JSON nesting of header and payload, default 64 */
} reco_jws_limits;

/**
 * A parsed compact JWS (RFC 7515 §7.1). Caller-owned: reco_jws_init / reco_jws_release.
 * kid, typ, cty and jwk point into header and live as long as it does.
 */
typedef struct reco_jws {
    json_t *header;         /**< the JOSE header (protected), an object */
    reco_jws_alg alg;       /**< from "alg", never RECO_JWS_ALG_NONE after a successful parse */
    const char *kid;        /**< "kid" or NULL */
    const char *typ;        /**< "typ" or NULL */
    const char *cty;        /**< "cty" or NULL */
    const json_t *jwk;      /**< "jwk" (checked to hold no private member) or NULL */
    reco_buf payload;       /**< the decoded payload bytes (NUL-terminated, not counted) */
    reco_buf signature;     /**< the decoded signature bytes */
    reco_buf signing_input; /**< ASCII(BASE64URL(header) || '.' || BASE64URL(payload)) */
} reco_jws;

/** Empty JWS, ready for reco_jws_parse. */
RECO_API void reco_jws_init(reco_jws *jws);
/** Free what the JWS holds; it is then empty and may be reused. */
RECO_API void reco_jws_release(reco_jws *jws);

/**
 * Parse a compact JWS (RFC 7515 §5.2 steps 1-7, without the signature check): exactly three
 * parts separated by '.', each base64url without padding or white space (RFC 7515 §2), the
 * header a JSON object (duplicate names refused, §5.2 step 4) with a supported "alg". A
 * trailing newline (one "\n" or "\r\n", as files have) is ignored; anything else is not.
 * Refused:
 *  - RECO_ELIMIT: text over max_bytes, header over max_header;
 *  - RECO_EPARSE: part count, bad base64url, header not JSON;
 *  - RECO_EINVAL: alg "none" or unsupported, "crit" (reco understands no extension, §4.1.11),
 *    "b64" other than true (RFC 7797), "jwk" not an object or holding a private member
 *    ("d", "p", "q", "dp", "dq", "qi", "oth", "k"; OB 3.0 §8.2.1 "The JWK MUST never contain
 *    d"), "kid"/"typ"/"cty" not strings.
 * The payload is not interpreted. On error *jws is left empty.
 */
RECO_API reco_code reco_jws_parse(const char *compact, size_t n, const reco_jws_limits *lim,
                                  reco_jws *jws, reco_error *err);

/**
 * Verify the signature of a parsed JWS with key (RFC 7515 §5.2 step 8). RECO_EVERIFY when the
 * key does not fit the algorithm or the signature is wrong; RECO_OK when it is good.
 */
RECO_API reco_code reco_jws_verify(const reco_jws *jws, const reco_key *key, reco_error *err);

/**
 * The public key of the "jwk" header, checked against "alg". RECO_ENOTFOUND when the header
 * has no jwk; RECO_EINVAL when the JWK cannot be imported; RECO_EVERIFY when its type does not
 * fit the algorithm. *out is a new key the caller frees.
 */
RECO_API reco_code reco_jws_header_key(const reco_jws *jws, reco_key **out, reco_error *err);

/** Options of reco_jws_sign. Zero-initialise; every NULL/false member is left out. */
typedef struct reco_jws_sign_options {
    const char *typ; /**< "typ" header ("JWT", "vc+jwt") */
    const char *cty; /**< "cty" header */
    const char *kid; /**< "kid" header */
    bool embed_jwk;  /**< add the public key as "jwk" (never the private part) */
} reco_jws_sign_options;

/**
 * Sign payload[0..n) as a compact JWS appended to out (RFC 7515 §5.1, §7.1). The header is
 * {"alg", "typ", "cty", "kid", "jwk"} in that order, alg from the key (reco_jws_alg_of_key).
 * RECO_EINVAL when the key has no private half.
 */
RECO_API reco_code reco_jws_sign(const reco_key *key, const reco_jws_sign_options *opt,
                                 const void *payload, size_t n, reco_buf *out, reco_error *err);

/* ---------------------------------------------------------------- VC-JWT */

/** Where the credential sits in the JWT payload. */
typedef enum reco_vcjwt_form {
    /**
     * Signing: RECO_VCJWT_VC_CLAIM for a credential with the VC 1.1 context,
     * RECO_VCJWT_PAYLOAD otherwise. Never the result of decoding.
     */
    RECO_VCJWT_AUTO = 0,
    /** VC Data Model 1.1 §6.3.1: {"vc": credential, "iss", "jti", "nbf", "sub", "exp"}. */
    RECO_VCJWT_VC_CLAIM,
    /**
     * OB 3.0 §8.2.2 "JWT Payload Format": the payload is the credential's JSON object with the
     * claims iss, jti, nbf, sub, exp added; VC-JOSE-COSE §3.1.1 (typ "vc+jwt"): the payload is
     * the credential.
     */
    RECO_VCJWT_PAYLOAD
} reco_vcjwt_form;

/** Options of reco_vcjwt_sign. Zero-initialise. */
typedef struct reco_vcjwt_sign_options {
    reco_vcjwt_form form; /**< RECO_VCJWT_AUTO by default */
    /**
     * "kid" header: a URL that dereferences to the public key (OB 3.0 §8.2.1), e.g.
     * "did:key:z6Mk...#z6Mk..." or "https://example.org/issuers/1#key-1". When NULL the public
     * key goes in a "jwk" header instead, as OB 3.0 §8.2.1 requires one of them.
     */
    const char *kid;
    bool embed_jwk;  /**< also add "jwk" when kid is given */
    const char *typ; /**< NULL = "JWT" (OB 3.0 §8.2.1); "vc+jwt" for VC-JOSE-COSE */
} reco_vcjwt_sign_options;

/**
 * Sign credential as a VC-JWT appended to out as a compact JWS. The claims come from the
 * credential (OB 3.0 §8.2.2): iss = issuer id (issuer or issuer.id), jti = id, nbf = validFrom
 * (or issuanceDate) in seconds, sub = credentialSubject.id, exp = validUntil (or
 * expirationDate) in seconds. The credential is copied as it is, with any embedded proof
 * (OB 3.0 §8.2: embedded proofs are added before the JWT). RECO_ESCHEMA when the credential
 * is not an object, has no issuer id, no validFrom/issuanceDate, or a date that does not
 * parse; jti and sub are left out when the credential has no id / no subject id. RECO_EINVAL
 * when the key has no private half.
 */
RECO_API reco_code reco_vcjwt_sign(const json_t *credential, const reco_key *key,
                                   const reco_vcjwt_sign_options *opt, reco_buf *out,
                                   reco_error *err);

/** A decoded VC-JWT. Caller-owned: reco_vcjwt_init / reco_vcjwt_release. */
typedef struct reco_vcjwt {
    reco_jws jws;         /**< the parsed JWS: header, kid, jwk, signature */
    json_t *payload;      /**< the JWT claims set, an object */
    json_t *credential;   /**< the credential (a new object: "vc", or payload minus claims) */
    reco_vcjwt_form form; /**< RECO_VCJWT_VC_CLAIM or RECO_VCJWT_PAYLOAD */
} reco_vcjwt;

RECO_API void reco_vcjwt_init(reco_vcjwt *t);
RECO_API void reco_vcjwt_release(reco_vcjwt *t);

/**
 * Decode a VC-JWT without checking its signature: reco_jws_parse, the payload parsed as a
 * JSON object (limits of lim: max_bytes and max_depth), then the credential found: the "vc"
 * claim when there is one (VC 1.1, "vc" must be an object), else the payload itself with the
 * registered claim names of RFC 7519 §4.1 (iss, sub, aud, exp, nbf, iat, jti) taken out.
 * RECO_ESCHEMA when "typ" is present and is neither "JWT" nor "vc+jwt" (nor
 * "application/vc+jwt"; case-insensitive): a token of another kind is not a credential (RFC 8725
 * §3.11); when the payload is not an object, "vc" is not an object, or a payload without "vc"
 * has no "@context" (it would not be a credential). Errors of reco_jws_parse pass through.
 * On error *t is left empty.
 */
RECO_API reco_code reco_vcjwt_decode(const char *compact, size_t n, const reco_jws_limits *lim,
                                     reco_vcjwt *t, reco_error *err);

/** Options of reco_vcjwt_check_claims. Zero-initialise. */
typedef struct reco_vcjwt_check_options {
    const reco_time *now; /**< NULL = the current time */
    /**
     * The claims iss, jti, nbf and sub are required (OB 3.0 §8.2.2) unless the token is a
     * VC-JOSE-COSE one (typ "vc+jwt"), where they are optional (VC-JOSE-COSE §3.1.1, §6.1.1).
     * lenient turns a missing required claim into a warning instead of a failure (the 1EdTech
     * validator's own fixtures lack "sub").
     */
    bool lenient;
} reco_vcjwt_check_options;

/**
 * Compare the JWT claims with the credential (OB 3.0 §8.3.1 "Verify a Credential VC-JWT
 * Signature", VC-JOSE-COSE §6.1.1):
 *  - iss equals the issuer id (issuer, or issuer.id);
 *  - jti equals the credential's id;
 *  - sub equals credentialSubject.id (the first subject when it is an array);
 *  - nbf, in whole seconds, equals validFrom (or issuanceDate), and is not in the future;
 *  - exp, in whole seconds, equals validUntil (or expirationDate), and is not in the past;
 *    a credential with validUntil and no exp gets a warning;
 *  - a claim of the wrong JSON type (iss not a string, nbf not a number) is a failure.
 * Every result goes to report (may be NULL) as one check named "jwt-claims" per problem, or one
 * passed "jwt-claims" check when there is none. Returns RECO_OK when no check failed,
 * RECO_EVERIFY with the first failure in err ("jwt claim iss 'x' differs from issuer id 'y'",
 * path "/iss"), RECO_ENOMEM.
 */
RECO_API reco_code reco_vcjwt_check_claims(const reco_vcjwt *t, const reco_vcjwt_check_options *opt,
                                           reco_report *report, reco_error *err);

/**
 * Resolve a "kid" the library cannot resolve by itself (did:web, an https URL of a JWK or a
 * JWK set, an issuer profile): set *out to a new public key and return RECO_OK, or return
 * RECO_ENOTFOUND (or another code, with err) when it cannot.
 */
typedef reco_code (*reco_jws_kid_resolve_fn)(void *ctx, const char *kid, reco_key **out,
                                             reco_error *err);

/**
 * The public key that kid names in a document fetched for it (OB 3.0 §8.4 "Dereferencing the
 * Public Key": a kid dereferences to a JWK), for resolvers of https and did:web kids:
 *  - a JWK (an object with "kty"): that key;
 *  - a JWK Set ({"keys": [...]}, RFC 7517 §5): the key whose "kid" is kid or kid's fragment
 *    (the part after '#'); a set of one key without "kid" gives that key;
 *  - a DID document or controlled identifier document (an object with "verificationMethod"):
 *    the method whose "id" is kid (ids starting with '#' are relative to the document's "id"),
 *    with publicKeyJwk or publicKeyMultibase (Multikey). In a DID document (an "id" starting
 *    with "did:") the method must also be listed in "assertionMethod" (VC Data Integrity §2.1,
 *    Controlled Identifiers §2.3.2): RECO_EVERIFY otherwise.
 * A JWK with private members is refused (RECO_EINVAL). RECO_ENOTFOUND when nothing matches.
 * *out is a new key the caller frees.
 */
RECO_API reco_code reco_vcjwt_key_from_document(const json_t *doc, const char *kid, reco_key **out,
                                                reco_error *err);

/**
 * Find the key that verifies t, in this order (OB 3.0 §8.3 "Verify a Credential" steps 2-3):
 *  1. the "jwk" header (public only, refused at parse otherwise);
 *  2. a "kid" that is a did:key URL, through reco_key_from_did_key;
 *  3. any other "kid" through resolve (may be NULL); without it RECO_ENOTFOUND
 *     ("no key for kid '...': ...") so the caller may resolve it another way.
 * When both jwk and a did:key kid are present they must be the same key. When the kid is a
 * DID URL, its DID (the part before '#') must equal the issuer id of the credential (the key
 * is the issuer's, VC-JOSE-COSE §6.1.1): RECO_EVERIFY "kid ... is not a key of issuer ...".
 * The key must fit the header's alg (RECO_EVERIFY). RECO_ENOTFOUND when there is neither jwk
 * nor kid. *out is a new key the caller frees.
 */
RECO_API reco_code reco_vcjwt_resolve_key(const reco_vcjwt *t, reco_jws_kid_resolve_fn resolve,
                                          void *ctx, reco_key **out, reco_error *err);

/** Options of reco_vcjwt_verify. Zero-initialise. */
typedef struct reco_vcjwt_verify_options {
    reco_jws_kid_resolve_fn resolve; /**< for kids other than did:key; may be NULL */
    void *resolve_ctx;
    reco_vcjwt_check_options claims;
    reco_jws_limits limits;
} reco_vcjwt_verify_options;

/**
 * Decode, resolve the key, verify the signature and check the claims, adding to report:
 *  - "jwt" failed when the token cannot be decoded (and nothing else is checked);
 *  - "proof": passed "RS256 signature verified with <where the key came from>", failed when
 *    the signature is wrong, not-checked when the key could not be resolved;
 *  - "issuer-key": passed when the key is bound to the issuer (a DID kid whose DID is the
 *    issuer), failed when it is not, warning when the binding cannot be shown (jwk header,
 *    https kid);
 *  - "jwt-claims" as reco_vcjwt_check_claims.
 * "proof" is declared required. report must not be NULL. On return *t (may be NULL) holds the
 * decoded token when it could be decoded, so the caller can go on with the credential checks
 * (reco_vc_check); the caller releases it in any case. Returns RECO_OK when the checks ran
 * (whatever their verdict, see reco_report_valid), RECO_ENOMEM otherwise.
 */
RECO_API reco_code reco_vcjwt_verify(const char *compact, size_t n,
                                     const reco_vcjwt_verify_options *opt, reco_report *report,
                                     reco_vcjwt *t, reco_error *err);

#endif
