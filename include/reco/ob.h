/*
 * reco/ob.h - Open Badges 3.0: building an OpenBadgeCredential from an Achievement, an issuer
 * Profile and a subject, signing it, and verifying one into a report (reco/report.h).
 */
#ifndef RECO_OB_H
#define RECO_OB_H

#include "reco/common.h"
#include "reco/base.h"
#include "reco/crypto.h"
#include "reco/json.h"
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
} reco_ob_issue_params;

/**
 * Build the unsigned OpenBadgeCredential (VC Data Model 2.0 + OB 3.0 contexts, type
 * ["VerifiableCredential","OpenBadgeCredential"], name = the achievement's name). key gives the
 * issuer's did:key (its public part is enough). *out is a new reference.
 * RECO_ESCHEMA for a bad achievement or profile, RECO_EINVAL for a subject that is neither a
 * URI nor an e-mail address or valid_until not after valid_from.
 */
RECO_API reco_code reco_ob_build(const reco_ob_issue_params *p, const reco_key *key, json_t **out,
                                 reco_error *err);

/** reco_ob_build, then reco_di_add_proof with sign (NULL = defaults). */
RECO_API reco_code reco_ob_issue(const reco_ob_issue_params *p, const reco_key *key,
                                 const reco_di_sign_options *sign, json_t **out, reco_error *err);

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
 * ("structure" fails when credentialSubject has neither id nor identifier, or no achievement).
 * Endorsements (EndorsementCredentials in the credential, its achievement and its issuer) are
 * verified into nested reports, one each (kind "ob3-endorsement"), summed up by an
 * "endorsements" check that is passed or a warning: they never make the credential invalid.
 * Sets the report's kind ("ob3-data-integrity") and summary (issuer, subject, achievement).
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

#endif
