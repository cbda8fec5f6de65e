/*
 * reco/status.h - credential status: W3C Bitstring Status List v1.0 (BitstringStatusListEntry,
 * BitstringStatusListCredential), its predecessor StatusList2021 (StatusList2021Entry,
 * StatusList2021Credential) and the 1EdTech Revocation List (credentialStatus type
 * "1EdTechRevocationList", OB 3.0 §"Verification" step "Check the status").
 *
 * Verifying: reco_status_check reads a credential's credentialStatus (an object or an array),
 * fetches each status list through a reco_did_resolver (reco/did.h: the one HTTP client, or the
 * caller's fetcher, with its cache), verifies the list credential (proof, issuer, type, validity
 * period, purpose), inflates the bitstring with a cap and reads the entry's bits. Each entry is
 * one "status" check of the report: passed ("not revoked"), failed ("revoked", "suspended"), or
 * not-checked with the reason when the list cannot be fetched or verified - never passed then.
 *
 * Issuing: reco_status_list_encode (GZIP + multibase base64url) and
 * reco_status_list_credential_build (the unsigned BitstringStatusListCredential that the caller
 * signs with reco_di_add_proof).
 *
 * See docs/status.md.
 */
#ifndef RECO_STATUS_H
#define RECO_STATUS_H

#include "reco/common.h"
#include "reco/base.h"
#include "reco/did.h"
#include "reco/report.h"
#include "reco/vc.h"
#include <jansson.h>

/** Default cap on an inflated bitstring (RECO_ELIMIT past it): 2 MiB, 16 Mi entries. */
#define RECO_STATUS_MAX_BITSTRING (2u * 1024u * 1024u)
/** The smallest bitstring the spec lets issuers publish (§2.2 "at least 16KB"). */
#define RECO_STATUS_MIN_BITSTRING 16384u
/** Entries of one credentialStatus that are checked; more are reported as not checked. */
#define RECO_STATUS_MAX_ENTRIES 8

/* ---------------------------------------------------------------- bitstrings */

/**
 * Expand an encodedList (Bitstring Status List §3.5 "Bitstring Expansion Algorithm"): multibase
 * base64url ('u' prefix, as BitstringStatusList requires) or, for StatusList2021, plain
 * base64url (it starts with "H4sI", the GZIP magic), then GZIP-inflated (RFC 1952) into bits.
 * max is the cap on the inflated size (0 = RECO_STATUS_MAX_BITSTRING): more gives RECO_ELIMIT
 * ("the status list inflates past N bytes"), so a tiny GZIP bomb costs at most max bytes.
 * RECO_EPARSE for bad base64url, another multibase, data that is not GZIP or is truncated,
 * trailing data after the GZIP member. bits is appended to; on error it is left as it was.
 */
RECO_API reco_code reco_status_list_decode(const char *encoded, size_t n, size_t max,
                                           reco_buf *bits, reco_error *err);

/**
 * GZIP (RFC 1952) then multibase base64url ('u', no padding) of len bytes of bitstring
 * (§3.4 "Bitstring Generation Algorithm" step 3), appended to encoded: the encodedList value.
 * Bit i of the list is bit (7 - i % 8) of byte i / 8 (index 0 is the left-most, most
 * significant bit of the first byte, §5.2 "Bitstring Encoding").
 */
RECO_API reco_code reco_status_list_encode(const uint8_t *bits, size_t len, reco_buf *encoded,
                                           reco_error *err);

/**
 * The status value of entry index with size bits per entry (statusSize, 1 when 0): bits
 * index*size .. index*size+size-1, the first one the most significant. RECO_ELIMIT when that
 * range is past len bytes (the spec's RANGE_ERROR) or size is over 32.
 */
RECO_API reco_code reco_status_list_get(const uint8_t *bits, size_t len, uint64_t index,
                                        unsigned size, uint32_t *value, reco_error *err);

/** Set (or clear) one bit of a bitstring; false when index is past len bytes. */
RECO_API bool reco_status_list_set(uint8_t *bits, size_t len, uint64_t index, bool on);

/* ---------------------------------------------------------------- issuing */

/** What a status list credential is made of. Zero-initialise, then fill. */
typedef struct reco_status_list_params {
    const char *id;               /**< the list credential's URL (statusListCredential); required */
    const char *issuer;           /**< the issuer id; required */
    const char *purpose;          /**< "revocation" (NULL), "suspension", ... */
    const uint8_t *bits;          /**< the bitstring; at least RECO_STATUS_MIN_BITSTRING bytes */
    size_t len;                   /**< its length in bytes */
    const reco_time *valid_from;  /**< NULL = now (seconds precision) */
    const reco_time *valid_until; /**< NULL = none */
} reco_status_list_params;

/**
 * The unsigned BitstringStatusListCredential (Bitstring Status List §2.2): {"@context": [VC
 * 2.0], "id", "type": ["VerifiableCredential", "BitstringStatusListCredential"], "issuer",
 * "validFrom", ["validUntil"], "credentialSubject": {"id": id + "#list", "type":
 * "BitstringStatusList", "statusPurpose", "encodedList"}}. Sign it with reco_di_add_proof.
 * RECO_EINVAL for a missing id or issuer, or a bitstring under 16 KB (§2.2 "MUST be at least
 * 16KB"). *out is a new reference.
 */
RECO_API reco_code reco_status_list_credential_build(const reco_status_list_params *p, json_t **out,
                                                     reco_error *err);

/**
 * A BitstringStatusListEntry for a credential (§2.1): {"id": list_url + "#" + index, "type",
 * "statusPurpose", "statusListIndex": decimal string, "statusListCredential": list_url}.
 * purpose NULL = "revocation". *out is a new reference.
 */
RECO_API reco_code reco_status_entry_build(const char *list_url, uint64_t index,
                                           const char *purpose, json_t **out, reco_error *err);

/* ---------------------------------------------------------------- verifying */

/** Options of reco_status_check. Zero-initialise. */
typedef struct reco_status_options {
    /**
     * Fetches status lists (and resolves keys when vc->di.resolve is reco_did_vm_resolve on the
     * same resolver). NULL: nothing is fetched and every entry is not-checked ("offline").
     */
    reco_did_resolver *resolver;
    /**
     * How the list credential is verified (reco_vc_check: clock, proof resolver, JSON-LD
     * loader). NULL = defaults (did:key keys only, bundled contexts, the current time). The
     * clock also dates the credential's verification (--at).
     */
    const reco_vc_check_options *vc;
    size_t max_bitstring; /**< cap on the inflated list, 0 = RECO_STATUS_MAX_BITSTRING */
    /**
     * Accept a list issued by someone other than the credential's issuer (§2.2: "the issuer ...
     * MAY be different"); the check's message then names the list's issuer. Off by default:
     * the list must be the credential issuer's, else the entry is not-checked.
     */
    bool list_issuer_may_differ;
    /**
     * Entries the list must hold (§3.3 step 2 minimumNumberOfEntries, 131072 in the spec);
     * 0 = no minimum, because lists published by others (the DCC's, for one) are shorter.
     */
    size_t min_entries;
} reco_status_options;

/** The outcome of one credentialStatus entry. */
typedef struct reco_status_result {
    reco_check_status status; /**< passed, failed, warning or not-checked */
    char type[48];            /**< the entry's type */
    char purpose[32];         /**< statusPurpose ("revocation" for 1EdTechRevocationList) */
    char list[256];           /**< the list's URL (truncated) */
    uint64_t index;           /**< statusListIndex */
    uint32_t value;           /**< the status value read (0 = not set) */
    bool list_verified;       /**< the list was fetched and verified */
    char message[320];        /**< the report line */
} reco_status_result;

/**
 * Check one credentialStatus entry of credential (Bitstring Status List §3.3 "Validate
 * Algorithm"; StatusList2021 the same way; 1EdTech Revocation List: the list at the entry's id is
 * a JSON object whose "revokedCredentials" holds the credential's id, as an object's "id" or as a
 * string, and whose "issuer", when present, is the credential's issuer):
 *  - the entry malformed (no statusListIndex, an index that is not a base-10 integer, a
 *    statusListCredential that is not a URL, statusSize not a positive integer): failed;
 *  - the list cannot be fetched, is not JSON, its proof does not verify, it is issued by another
 *    issuer, it is not of the list type, it is not valid at the clock's time, its statusPurpose
 *    does not match, its encodedList does not decode, is over the cap or shorter than
 *    min_entries: not-checked, with the reason ("could not fetch the status list: ...");
 *  - the index outside the list: failed (RANGE_ERROR);
 *  - revocation set: failed "revoked"; suspension set: failed "suspended"; refresh set: warning;
 *    message: passed or warning with the statusMessage entry; clear: passed "not revoked" /
 *    "not suspended";
 *  - an entry type reco does not know: not-checked.
 * Returns RECO_OK when the entry was judged (see res), RECO_ENOMEM otherwise.
 */
RECO_API reco_code reco_status_check_entry(const json_t *credential, const json_t *entry,
                                           const reco_status_options *opt, reco_status_result *res,
                                           reco_error *err);

/**
 * Every credentialStatus entry of credential (an object or an array; at most
 * RECO_STATUS_MAX_ENTRIES, more are one not-checked line) through reco_status_check_entry, each
 * added to report as a check named "status" with res.status and res.message. A credential
 * without credentialStatus adds nothing. Returns RECO_OK when the checks ran (whatever their
 * verdict), RECO_ENOMEM otherwise.
 */
RECO_API reco_code reco_status_check(const json_t *credential, const reco_status_options *opt,
                                     reco_report *report, reco_error *err);

#endif
