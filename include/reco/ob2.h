/*
 * reco/ob2.h - Open Badges 2.0 verification (OB 2.0 §"Verification"): hosted assertions
 * (fetched from their id, HTTP 410 Gone and "revoked": true are revocation, the hosted
 * verification scope of the issuer Profile), signed assertions (compact JWS RS256, the key a
 * CryptographicKey linked from the issuer Profile, the issuer's RevocationList), the linked
 * BadgeClass and issuer Profile, recipient identity hashes, dates and images. The older forms
 * the reference validator accepts (0.5, 1.0, 1.1) are normalised to the 2.0 shape first.
 *
 * How the verification pipeline calls it (input detection stays with the caller):
 *  - a JSON text, a compact JWS or an http(s) URL (also the text extracted from a baked PNG or
 *    SVG by reco_extract, whatever its kind): reco_ob2_verify_bytes(text, len, input_name,
 *    &opt, &report, &err), which adds the "json" check and does the rest;
 *  - an already parsed JSON object: reco_ob2_verify(doc, &opt, report, &err);
 *  - reco_ob2_detect() tells whether a parsed JSON document is an Open Badges 0.5-2.0 object
 *    (so the caller picks this verifier rather than the 3.0 one).
 * Options: zero-initialise reco_ob2_verify_options; the default fetcher is reco_http_get with
 * opt.http; set opt.offline to forbid fetching, opt.at to verify as of another moment,
 * opt.recipient to check the earner.
 *
 * See docs/ob2.md for the checks and their names.
 */
#ifndef RECO_OB2_H
#define RECO_OB2_H

#include "reco/common.h"
#include "reco/base.h"
#include "reco/http.h"
#include "reco/json.h"
#include "reco/report.h"
#include <jansson.h>

/** The JSON-LD context of Open Badges 2.0. */
#define RECO_OB2_CONTEXT "https://w3id.org/openbadges/v2"
/** The JSON-LD context of Open Badges 1.1. */
#define RECO_OB1_CONTEXT "https://w3id.org/openbadges/v1"

/**
 * Fetch url for the verifier: on RECO_OK *status holds the HTTP status (the verifier judges
 * it: 2xx is a document, 410 is a revoked hosted assertion, anything else is missing) and body
 * the response body (the callee appends to it; its cap is the size limit); *final_url may be
 * set to a malloc'ed URL after redirects (or left NULL). Any other code means the document
 * could not be fetched (RECO_EIO, RECO_ELIMIT, RECO_EINVAL for a refused address) and err says
 * why.
 */
typedef reco_code (*reco_ob2_fetch_fn)(void *ctx, const char *url, long *status, reco_buf *body,
                                       char **final_url, reco_error *err);

/** Options of reco_ob2_verify. Zero-initialise; zeros are the defaults. */
typedef struct reco_ob2_verify_options {
    reco_ob2_fetch_fn fetch; /**< NULL = reco_http_get with http */
    void *fetch_ctx;
    reco_http_opts http; /**< options of the default fetcher */
    /**
     * Fetch nothing: every check that needs a document from the web (the hosted assertion,
     * BadgeClass, issuer Profile, key, revocation list) is not-checked with the reason.
     */
    bool offline;
    const reco_time *at; /**< verify as of this moment; NULL = now */
    /**
     * The earner the verifier expects (an e-mail address, URL, telephone number...), or NULL.
     * When set, a "recipient" check compares it with the assertion's IdentityObject: hashed
     * identities ("sha256$" or "md5$" + hex of identity + salt) are recomputed.
     */
    const char *recipient;
    reco_json_limits limits; /**< for every JSON text parsed (input and fetched documents) */
    int max_fetches;         /**< documents fetched per verification, default 16 */
} reco_ob2_verify_options;

/**
 * The Open Badges version of a parsed document: 20 for 2.0 (its @context is, or holds,
 * RECO_OB2_CONTEXT; an inline context object defining "obi"; or another string under
 * https://w3id.org/openbadges, which the "context" check then refuses), 11 (RECO_OB1_CONTEXT),
 * 10 (a "verify" object, no
 * @context), 5 (a "recipient" string and an embedded "badge" object, no @context), 0 when it
 * does not look like an Open Badges 0.5-2.0 document at all (an OB 3.0 credential, say).
 */
RECO_API int reco_ob2_detect(const json_t *doc);

/**
 * A copy of an assertion (or BadgeClass, Profile) in the 2.0 shape: 1.1 @context and "verify"
 * renamed, 1.0 "verify.url" as the id and verification {"type": "hosted"}, 0.5 recipient
 * string and salt as an IdentityObject, issued_on as issuedOn, the embedded 0.5 badge and
 * issuer (origin as url) typed. Dates given as a day ("2015-04-30") or Unix seconds become
 * xsd:dateTime. *version gets reco_ob2_detect's answer of the input (may be NULL). A 2.0
 * document comes back as an unchanged copy. RECO_ESCHEMA when doc is not an object. *out is a
 * new reference.
 */
RECO_API reco_code reco_ob2_normalize(const json_t *doc, json_t **out, int *version,
                                      reco_error *err);

/**
 * The OB 2.0 IdentityObject hash of identity with salt (may be NULL): "sha256$" or "md5$"
 * (alg "sha256" or "md5") + lower-case hex of the digest of identity || salt, appended to out.
 * RECO_EINVAL for another alg.
 */
RECO_API reco_code reco_ob2_identity_hash(const char *alg, const char *identity, const char *salt,
                                          reco_buf *out, reco_error *err);

/**
 * Whether the IdentityObject recipient names identity (OB 2.0 §IdentityObject): plain
 * identities compare exactly (e-mail addresses without regard to case), hashed ones through
 * reco_ob2_identity_hash with the recipient's salt, the hex compared without regard to case.
 * RECO_OK when it does, RECO_EVERIFY when it does not, RECO_ESCHEMA when recipient is not a
 * usable IdentityObject (unknown hash algorithm, identity not a string).
 */
RECO_API reco_code reco_ob2_recipient_match(const json_t *recipient, const char *identity,
                                            reco_error *err);

/**
 * The hosted verification scope rule (OB 2.0 §VerificationObject, §HostedBadge Verification)
 * for an assertion id and the issuer Profile: with "startsWith" in the issuer's verification
 * object, the id must start with one of its values; with "allowedOrigins", the id's host must
 * be one of them; without either, the id's host must be the host of the issuer's id.
 * RECO_OK when in scope; RECO_EVERIFY when not (err says why); RECO_ENOTFOUND when the issuer
 * id is not an http(s) URL and has no policy (no domain to enforce: a warning for the caller).
 */
RECO_API reco_code reco_ob2_check_scope(const char *assertion_id, const json_t *issuer,
                                        reco_error *err);

/**
 * Verify a parsed Open Badges 0.5-2.0 document into report (the "json" check is the caller's):
 * an Assertion fully (checks "version" (warning, for older versions), "context", "type",
 * "structure", "verification", "signature" (signed only), "revocation", "badge", "issuer",
 * "recipient" (when opt->recipient), "issued-on", "expires", "image"); a BadgeClass, issuer
 * Profile or other badge object as that object alone (with its issuer for a BadgeClass).
 * Sets the kind ("ob2-hosted", "ob2-signed", "ob2-badgeclass", "ob2-profile", "ob2-object")
 * and summary (issuer, achievement, subject, issued, expires). An assertion is valid only with
 * a passed "verification" (hosted) or "signature" (signed) check. Returns RECO_OK when the
 * checks ran whatever their verdict (see reco_report_valid), RECO_ENOMEM otherwise.
 */
RECO_API reco_code reco_ob2_verify(const json_t *doc, const reco_ob2_verify_options *opt,
                                   reco_report *report, reco_error *err);

/**
 * Verify a compact JWS (signed assertion), a JSON text (hosted assertion or badge object) or
 * an http(s) URL (a hosted assertion fetched first), with a "json" check for the text. *out
 * is a new report named after input (may be NULL). Text that is none of these gives a failed
 * "json" check (a verdict, not an error). RECO_ENOMEM otherwise.
 */
RECO_API reco_code reco_ob2_verify_bytes(const char *data, size_t n, const char *input,
                                         const reco_ob2_verify_options *opt, reco_report **out,
                                         reco_error *err);

#endif
