/*
 * reco/ob.h - Open Badges 3.0: building an OpenBadgeCredential from an Achievement, an issuer
 * Profile and a subject, signing it, and verifying one into a report (reco/report.h).
 */
#ifndef RECO_OB_H
#define RECO_OB_H

#include "reco/common.h"
#include "reco/base.h"
#include "reco/crypto.h"
#include "reco/did.h"
#include "reco/http.h"
#include "reco/json.h"
#include "reco/ob2.h"
#include "reco/report.h"
#include "reco/vc.h"
#include <jansson.h>

/** The Open Badges 3.0 JSON-LD context a new credential names second. */
#define RECO_OB3_CONTEXT "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

/**
 * Check the fields an OB 3.0 Achievement must have (OB 3.0 data model, class Achievement): id (a
 * URI), type holding "Achievement", name, description (strings), criteria (an object with id or
 * narrative). RECO_ESCHEMA with err->path naming the JSON pointer ("/criteria") and the message
 * what is wrong ("achievement criteria is missing").
 */
RECO_API reco_code reco_ob_check_achievement(const json_t *achievement, reco_error *err);

/**
 * Check an issuer Profile (OB 3.0 data model, class Profile): an object whose type holds "Profile",
 * an id that is a URI when present. RECO_ESCHEMA naming the JSON pointer.
 */
RECO_API reco_code reco_ob_check_profile(const json_t *profile, reco_error *err);

/**
 * "sha256$" + hex(SHA-256(identity || salt)), the IdentityHash of the OB 3.0 data model (class
 * IdentityObject), appended to out.
 */
RECO_API reco_code reco_ob_identity_hash(const char *identity, const char *salt, reco_buf *out,
                                         reco_error *err);

/** What a new credential is made of. Zero-initialise, then fill. */
typedef struct reco_ob_issue_params {
    const json_t *achievement; /**< required; checked with reco_ob_check_achievement */
    /**
     * The issuer Profile, or NULL: then the issuer is {"id": <key's did:key>, "type":
     * ["Profile"]}. A Profile without id gets the key's did:key; a Profile whose id is not the
     * key's did:key is refused (RECO_ESCHEMA at "/id"), because verification binds the key to
     * the issuer through that id.
     */
    const json_t *issuer;
    /**
     * The earner: a DID or another absolute URI becomes credentialSubject.id; an e-mail address
     * becomes a hashed, salted IdentityObject (identityType "emailAddress").
     */
    const char *subject;
    const reco_time *valid_from;  /**< NULL = now (seconds precision) */
    const reco_time *valid_until; /**< NULL = none */
    const char *id;               /**< NULL = "urn:uuid:" + random UUID v4 */
    /** OB 3.0 Evidence objects (a list) for the credential's "evidence", or NULL. */
    const json_t *evidence;
    /** OB 3.0 Result objects (a list) for credentialSubject.result, or NULL. */
    const json_t *results;
    /** credentialSubject.narrative (OB 3.0 class AchievementSubject), or NULL. */
    const char *narrative;
    /** A credentialStatus entry (reco_status_entry_build: BitstringStatusListEntry), or NULL. */
    const json_t *credential_status;
} reco_ob_issue_params;

/**
 * The issuer DID that a key stands for when no Profile names another: its did:key (Ed25519,
 * P-256), or did:jwk (base64url of the JCS form of the public JWK) for an RSA key, which has
 * no did:key. Appended to out.
 */
RECO_API reco_code reco_ob_key_did(const reco_key *key, reco_buf *out, reco_error *err);

/**
 * Build the unsigned OpenBadgeCredential (VC Data Model 2.0 + OB 3.0 contexts, type
 * ["VerifiableCredential","OpenBadgeCredential"], name = the achievement's name). key gives the
 * issuer's did:key (its public part is enough). *out is a new reference.
 * RECO_ESCHEMA for a bad achievement or profile, RECO_EINVAL for a subject that is neither a
 * URI nor an e-mail address or valid_until not after valid_from. The issuer id is
 * reco_ob_key_did of the key.
 */
RECO_API reco_code reco_ob_build(const reco_ob_issue_params *p, const reco_key *key, json_t **out,
                                 reco_error *err);

/** reco_ob_build, then reco_di_add_proof with sign (NULL = defaults). */
RECO_API reco_code reco_ob_issue(const reco_ob_issue_params *p, const reco_key *key,
                                 const reco_di_sign_options *sign, json_t **out, reco_error *err);

/**
 * reco_ob_build, then the credential as a VC-JWT (OB 3.0 §8.2, reco_vcjwt_sign) appended to out:
 * header {"alg": RS256 or EdDSA (or ES256) by the key, "typ": "JWT", "kid": the issuer DID URL
 * ("did:key:z..#z..", "did:jwk:...#0")}, claims iss, jti, nbf, sub, exp from the credential.
 */
RECO_API reco_code reco_ob_issue_jwt(const reco_ob_issue_params *p, const reco_key *key,
                                     reco_buf *out, reco_error *err);

/** Options of the OB verifier. Zero-initialise; zeros are the defaults. */
typedef struct reco_ob_verify_options {
    reco_vc_check_options vc; /**< clock, resolver, loader */
    reco_json_limits limits;  /**< for reco_ob_verify_bytes */
    /**
     * The recipient the verifier knows (a DID or URI, or an e-mail address), or NULL. When set,
     * a "recipient" check (OB 3.0 "Verify the Recipient Using an Identifier"): passed when it
     * is credentialSubject.id or matches one of its identifier entries (hashed ones through
     * "sha256$" + hex(SHA-256(value + salt))), failed otherwise.
     */
    const char *recipient;
} reco_ob_verify_options;

/**
 * Verify a parsed OB 3.0 credential: the VC checks of reco_vc_check with the type
 * OpenBadgeCredential (or AchievementCredential), plus the OB 3.0 shape of the subject
 * ("structure" fails when credentialSubject has neither id nor identifier, or no achievement)
 * and the OB 3.0 data model's required members (each failure naming its JSON pointer).
 * Endorsements ("endorsement" objects and "endorsementJwt" strings of the credential, its
 * achievement and its issuer) are verified into nested reports, one each (kind
 * "ob3-data-integrity" or "ob3-vc-jwt", summary "endorser"), summed up by an "endorsements"
 * check that is passed or a warning: they never make the credential invalid. Keys: did:key
 * unless opt->vc.di.resolve says otherwise. Prefer reco_verify_input, which does all of this
 * for every form of input.
 * Sets the report's kind ("ob3-data-integrity") and summary (issuer, subject, achievement).
 * The credential's status is not checked here (the pipeline, reco_verify_input, checks it).
 * Returns RECO_OK when the checks ran, whatever their verdict (see reco_report_valid);
 * RECO_ENOMEM otherwise.
 */
RECO_API reco_code reco_ob_verify(const json_t *credential, const reco_ob_verify_options *opt,
                                  reco_report *report, reco_error *err);

/**
 * Verify bytes: a "json" check (parse with opt->limits: size, depth, duplicate keys, UTF-8),
 * then reco_ob_verify. Input that is not acceptable JSON gives a report whose "json" check
 * failed (a verdict, not an error). *out is a new report named after input.
 */
RECO_API reco_code reco_ob_verify_bytes(const char *data, size_t n, const char *input,
                                        const reco_ob_verify_options *opt, reco_report **out,
                                        reco_error *err);

/* ---------------------------------------------------------------- the verification pipeline */

/*
 * One pipeline for every face: `reco verify`, POST /api/verify, the public verify page and
 * the conformance runners all call reco_verify_input or reco_verify_url and nothing else, so
 * the same bytes give the same report everywhere.
 *
 * What the input is (reco_verify_detect) decides the verifier:
 *  - a JSON object: an Open Badges 0.5-2.0 document (reco_ob2_detect) goes to reco/ob2.h
 *    (kind "ob2-hosted", ...); an EndorsementCredential alone is verified as an OB 3.0
 *    endorsement (kind "ob3-endorsement": the VC checks with that type and the data model of
 *    class EndorsementCredential, a "schema" check); a BitstringStatusListCredential or
 *    StatusList2021Credential as a status list (kind "status-list": the VC checks, and a
 *    "status-list" check of its shape: subject type, statusPurpose, encodedList expanded
 *    under RECO_STATUS_MAX_BITSTRING); anything else is an OB 3.0 credential secured with Data
 *    Integrity proofs (kind "ob3-data-integrity");
 *  - a compact JWS: a payload with an Open Badges 2.0 context is a signed 2.0 assertion (kind
 *    "ob2-signed"), anything else an OB 3.0 VC-JWT (kind "ob3-vc-jwt", reco/jose.h);
 *  - a PNG or SVG image: the baked text (reco/bake.h) is verified as above; an "image" check
 *    says where it came from;
 *  - an http(s) URL (also a legacy baked URL): fetched (not when offline), then verified as
 *    above; an Open Badges 2.0 hosted assertion is verified by reco/ob2.h from its URL.
 * Every credential then has its status checked (reco/status.h), its dates ("valid-from",
 * "valid-until", as of opt->at), its recipient (opt->recipient) and its endorsements (nested
 * reports, label "endorsement N of the credential|achievement|issuer").
 *
 * The report's kind is one of "ob3-data-integrity", "ob3-vc-jwt", "ob2-hosted",
 * "ob2-signed", "ob3-endorsement", "status-list" (or "ob2-badgeclass", "ob2-profile",
 * "ob2-object" for 2.0 objects that are not assertions, "unknown" for input that is none of
 * these); a VC-JWT keeps "ob3-vc-jwt" whatever it carries. Its summary holds "issuer" (id),
 * "issuer-name", "achievement" (name), "subject", "valid-from", "valid-until" when the
 * credential has them; an endorsement adds "endorser", "endorsed" (credentialSubject.id) and
 * "endorsement-comment"; a status list adds "purpose", "entries" (bits in the list) and
 * "set-bits".
 */

/** What a byte string handed to the pipeline looks like. */
typedef enum reco_verify_format {
    RECO_VERIFY_FORMAT_UNKNOWN = 0,
    RECO_VERIFY_FORMAT_JSON, /**< first non-blank byte '{' or '[', or nothing but blanks */
    RECO_VERIFY_FORMAT_JWS,  /**< three base64url parts joined by dots */
    RECO_VERIFY_FORMAT_PNG,  /**< PNG signature */
    RECO_VERIFY_FORMAT_SVG,  /**< XML whose root element is svg */
    RECO_VERIFY_FORMAT_URL   /**< an http:// or https:// URL */
} reco_verify_format;

/** The format of data[0..n) by its bytes (never fails). */
RECO_API reco_verify_format reco_verify_detect(const void *data, size_t n);
/** "unknown", "json", "jws", "png", "svg", "url". */
RECO_API const char *reco_verify_format_name(reco_verify_format f);

/** Largest input reco_verify_input reads (the largest image, RECO_BAKE_MAX_IMAGE). */
#define RECO_VERIFY_MAX_INPUT (16u * 1024u * 1024u)

/** Options of the pipeline. Zero-initialise; zeros are the defaults (fetching allowed). */
typedef struct reco_verify_options {
    /**
     * Fetch nothing: a URL input, did:web and https keys, status lists, OB 2.0 hosted
     * documents are reported as not-checked with the reason (never passed), so a credential
     * that needs them is not valid. did:key and did:jwk keys still resolve.
     */
    bool offline;
    /**
     * Allow loopback and private addresses and plain http:// for every fetch (tests with a
     * local server, a local deployment). Off: https to public addresses only.
     */
    bool allow_private_network;
    const reco_time *at;   /**< verify as of this moment (dates, status lists); NULL = now */
    const char *recipient; /**< an e-mail address, DID or URL the credential must name */
    /**
     * JSON-LD contexts for eddsa-rdfc-2022, eddsa-2022 and Ed25519Signature2020, or NULL for a
     * loader made for the call (bundled contexts only). A loader caches the contexts it has
     * processed and is NOT thread-safe: share one across the calls of one thread at a time (a
     * server keeps one per worker thread).
     */
    reco_ld_loader *loader;
    /**
     * Key documents and status lists (did:web, https), with their cache, or NULL for a
     * resolver made for the call from offline, allow_private_network and http. A resolver is
     * thread-safe: a server shares one across threads. When given, its own options decide
     * offline fetching of keys and status lists (make it with the same offline flag).
     */
    reco_did_resolver *resolver;
    /**
     * Tried first for every verification method and JWT kid (a server's own issuers, read
     * from its store); RECO_ENOTFOUND passes the method on to the resolver. The key it returns
     * is taken as controlled by the document the method's URL names. May be NULL.
     */
    reco_vm_resolve_fn resolve;
    void *resolve_ctx;
    /**
     * Fetches URL inputs and Open Badges 2.0 documents; NULL = reco_http_get with http (and
     * allow_private_network). Not called when offline.
     */
    reco_ob2_fetch_fn fetch;
    void *fetch_ctx;
    reco_http_opts http;     /**< options of the default fetcher (timeouts, caps, redirects) */
    reco_json_limits limits; /**< every JSON text parsed: input, payloads, fetched documents */
    size_t max_input;        /**< bytes of input or of a fetched input; 0 = RECO_VERIFY_MAX_INPUT */
    /** VC-JWT: a missing required claim (iss, jti, nbf, sub) is a warning, not a failure. */
    bool lenient_jwt_claims;
    /** Status lists issued by someone other than the credential's issuer are accepted. */
    bool status_list_issuer_may_differ;
    /** Endorsements of endorsements are verified down to this depth; 0 = 2. */
    int max_endorsement_depth;
} reco_verify_options;

/**
 * Verify data[0..n) - JSON, a compact JWS, a PNG or SVG with a baked credential, or a URL -
 * into a new report *out named input_name (a file name, "-", a URL; may be NULL). opt may be
 * NULL. Input that is none of these, or bad inside, gives a report with a failed check (a
 * verdict, not an error). Returns RECO_OK when the checks ran, whatever their verdict
 * (reco_report_valid tells), RECO_ENOMEM otherwise; *out is freed with reco_report_free.
 * Thread-safe when every thread has its own opt->loader (or none).
 */
RECO_API reco_code reco_verify_input(const char *data, size_t n, const char *input_name,
                                     const reco_verify_options *opt, reco_report **out,
                                     reco_error *err);

/**
 * Fetch url (an http(s) URL of a hosted credential, an OB 2.0 hosted assertion or a baked
 * image) and verify it as reco_verify_input does; an Open Badges 2.0 hosted assertion is
 * verified from its URL (its id must be where it was fetched). Offline, or a fetch that
 * fails, gives a report whose "fetch" check is not-checked or failed (a verdict). Same
 * returns as reco_verify_input.
 */
RECO_API reco_code reco_verify_url(const char *url, const reco_verify_options *opt,
                                   reco_report **out, reco_error *err);

#endif
