/*
 * reco/vc.h - Verifiable Credentials: Data Integrity proofs (VC Data Integrity 1.0 §4) with a
 * table of cryptosuites (vc-di-eddsa: eddsa-rdfc-2022, eddsa-jcs-2022, eddsa-2022 and
 * Ed25519Signature2020), verification
 * method resolution (did:key, or a resolver the caller supplies), and the checks every VC
 * verifier shares (structure of the VC Data Model, validity period, issuer/key binding).
 */
#ifndef RECO_VC_H
#define RECO_VC_H

#include "reco/common.h"
#include "reco/base.h"
#include "reco/crypto.h"
#include "reco/ld.h"
#include "reco/report.h"
#include <jansson.h>

#define RECO_VC_CONTEXT_V1 "https://www.w3.org/2018/credentials/v1"
#define RECO_VC_CONTEXT_V2 "https://www.w3.org/ns/credentials/v2"

/** The suite used when none is asked for. */
#define RECO_DI_DEFAULT_SUITE "eddsa-rdfc-2022"

/* ---------------------------------------------------------------- cryptosuites */

/** What a suite's steps may need besides their inputs. */
typedef struct reco_di_ctx {
    reco_ld_loader *loader; /**< JSON-LD suites: contexts (NULL = bundled only) */
} reco_di_ctx;

/**
 * One Data Integrity cryptosuite (vc-di-eddsa §3). Every step appends its output to out.
 * Members are appended, never reordered (version counts them).
 */
typedef struct reco_di_suite {
    int version;            /**< 1 */
    const char *name;       /**< the proof's "cryptosuite" value */
    const char *proof_type; /**< the proof's "type": "DataIntegrityProof" */
    reco_key_type key_type; /**< keys it signs with */
    /**
     * true (JCS suites): the proof itself carries the document's @context (vc-di-eddsa §3.3.1
     * step 2) and verification checks it; false (RDFC suites): only the proof configuration
     * gets the document's @context (§3.2.5 step 4).
     */
    bool proof_has_context;
    /** Transformation: canonical bytes of the unsecured document. */
    reco_code (*transform)(const json_t *unsecured, const reco_di_ctx *ctx, reco_buf *out,
                           reco_error *err);
    /** Proof configuration: canonical bytes of the proof options (with their @context). */
    reco_code (*configure)(const json_t *proof_config, const reco_di_ctx *ctx, reco_buf *out,
                           reco_error *err);
    /** Hashing: hash(canonical config) || hash(transformed document), *n bytes into out. */
    reco_code (*hash)(const reco_buf *config, const reco_buf *doc, uint8_t out[128], size_t *n);
} reco_di_suite;

/**
 * The suite with this name, or NULL when the build does not know it. Known: eddsa-rdfc-2022,
 * eddsa-jcs-2022, eddsa-2022 (the earlier name of eddsa-rdfc-2022, for verifying older
 * credentials) and Ed25519Signature2020 (vc-di-eddsa appendix: a proof "type" of its own, no
 * "cryptosuite"; same steps as eddsa-rdfc-2022).
 */
RECO_API const reco_di_suite *reco_di_suite_find(const char *name);
/** The i-th known suite (NULL past the end), for listing them in help texts. */
RECO_API const reco_di_suite *reco_di_suite_at(size_t i);

/* ---------------------------------------------------------------- adding a proof */

/** Options of reco_di_add_proof. Zero-initialise; every NULL member takes its default. */
typedef struct reco_di_sign_options {
    const char *cryptosuite;         /**< NULL = RECO_DI_DEFAULT_SUITE */
    const char *verification_method; /**< NULL = "<did:key>#<multikey>" of the key */
    const char *proof_purpose;       /**< NULL = "assertionMethod" */
    const reco_time *created;        /**< NULL = now (seconds precision) */
    const char *id;                  /**< the proof's id, or NULL for none */
    const char *previous_proof;      /**< id of a proof this one chains to, or NULL */
    reco_ld_loader *loader;          /**< for JSON-LD suites; NULL = bundled contexts */
    /**
     * Ids of several proofs this one chains to (NULL-terminated), written as a list; used
     * instead of previous_proof when not NULL.
     */
    const char *const *previous_proofs;
} reco_di_sign_options;

/**
 * Add a Data Integrity proof to doc, in place (VC Data Integrity §4.2 Add Proof, and §4.3
 * Add Proof Set/Chain when doc already has a proof: the existing proofs stay and the new one
 * goes alongside; it signs the document without them, except those named by previous_proof).
 * RECO_EINVAL for an unknown suite or a key the suite cannot use; RECO_ESCHEMA when doc is not
 * an object or previous_proof names no proof.
 */
RECO_API reco_code reco_di_add_proof(json_t *doc, const reco_key *key,
                                     const reco_di_sign_options *opt, reco_error *err);

/**
 * The steps of a suite laid bare (conformance tests compare each one with published vectors):
 * canon_doc receives the transformed document, canon_config the canonical proof
 * configuration, hash (*hash_len bytes) the hash data that gets signed. unsecured is the
 * document without its proof; proof_config is the proof without proofValue, with the
 * @context the suite asks for already set. Errors are the suite's (RECO_EPARSE or RECO_ELIMIT
 * from canonicalization, RECO_ENOTFOUND for a context that cannot be loaded).
 */
RECO_API reco_code reco_di_hash_data(const reco_di_suite *suite, const json_t *unsecured,
                                     const json_t *proof_config, const reco_di_ctx *ctx,
                                     reco_buf *canon_doc, reco_buf *canon_config, uint8_t hash[128],
                                     size_t *hash_len, reco_error *err);

/* ---------------------------------------------------------------- verifying proofs */

/**
 * Resolve a verification method (a DID URL) to a public key. The default resolver knows
 * did:key only. Returns RECO_ENOTFOUND when the method is not one it can resolve.
 */
typedef reco_code (*reco_vm_resolve_fn)(void *ctx, const char *vm, reco_key **out, reco_error *err);

/** The default resolver: did:key (Ed25519 and P-256) through reco_key_from_did_key. */
RECO_API reco_code reco_vm_resolve_did_key(void *ctx, const char *vm, reco_key **out,
                                           reco_error *err);

typedef struct reco_di_verify_options {
    reco_vm_resolve_fn resolve; /**< NULL = reco_vm_resolve_did_key */
    void *resolve_ctx;
    const char *expected_purpose; /**< NULL = "assertionMethod" */
    reco_ld_loader *loader;       /**< for JSON-LD suites; NULL = bundled contexts */
} reco_di_verify_options;

/** The outcome of one proof of a proof set. */
typedef struct reco_di_result {
    bool verified;
    char cryptosuite[64];
    char verification_method[256]; /**< as written in the proof (truncated if longer) */
    reco_error why;                /**< when not verified: what is wrong */
    /**
     * Not verified because it could not be checked: the resolver does not know the
     * verification method (RECO_ENOTFOUND), or a JSON-LD context the suite needs is not
     * available. Reports show it as "not-checked", never as passed.
     */
    bool unchecked;
} reco_di_result;

/** Maximum number of proofs in a proof set that reco verifies. */
#define RECO_DI_MAX_PROOFS 16

/**
 * Verify every proof of doc (VC Data Integrity §4.4 Verify Proof, §4.5 Verify Proof Sets and
 * Chains). results receives one entry per proof (at most max). *count is the number of proofs.
 * Returns RECO_OK when there is at least one proof and every one verified, RECO_EVERIFY when
 * one did not (see results[i].why), RECO_ESCHEMA when doc has no proof or it is malformed,
 * RECO_ELIMIT over RECO_DI_MAX_PROOFS proofs.
 */
RECO_API reco_code reco_di_verify(const json_t *doc, const reco_di_verify_options *opt,
                                  reco_di_result *results, size_t max, size_t *count,
                                  reco_error *err);

/* ---------------------------------------------------------------- credential checks */

/** Options shared by the VC checks. */
typedef struct reco_vc_check_options {
    const reco_time *now; /**< NULL = the current time */
    reco_di_verify_options di;
    /**
     * The credential is secured from outside (a VC-JWT, OB 3.0 §8.2): a document without
     * "proof" gets no proof or issuer-key lines (the caller adds them); an embedded proof is
     * still verified (OB 3.0 §8.2: embedded proofs are added before the JWT is made).
     */
    bool proof_external;
} reco_vc_check_options;

/** The issuer's id: issuer as a string, or issuer.id. NULL when neither is a string. */
RECO_API const char *reco_vc_issuer_id(const json_t *vc);

/**
 * The VC Data Model checks, each added to report (reco/report.h) and "proof" declared as
 * required:
 *  - "structure" (VC DM 2.0 §4: @context starts with the VC v1 or v2 context, type holds
 *    VerifiableCredential and every name of extra_types[] - each entry a '|'-separated
 *    alternative list like "OpenBadgeCredential|AchievementCredential" -, an issuer with an
 *    id, a credentialSubject object, well-formed dates);
 *  - "proof", one per proof of the proof set;
 *  - "issuer-key", one per proof: the verification method's controller is the issuer;
 *  - "valid-from" and "valid-until" (validFrom/validUntil, or issuanceDate/expirationDate).
 * Returns RECO_OK when the checks ran (whatever their verdict); errors only for ENOMEM.
 */
RECO_API reco_code reco_vc_check(const json_t *vc, const char *const *extra_types,
                                 const reco_vc_check_options *opt, reco_report *report,
                                 reco_error *err);

#endif
