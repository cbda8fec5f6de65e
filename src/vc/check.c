/*
 * check.c - the checks every Verifiable Credential verifier shares, each one a line of the
 * report: structure (VC Data Model 2.0 §4, and 1.1 for older credentials), the proof set
 * (di.c), the binding of each proof's key to the issuer, and the validity period.
 */
#include "reco/vc.h"
#include "reco/json.h"

#include <stdio.h>
#include <string.h>

#define ADD(...)                                                                                   \
    do {                                                                                           \
        if (reco_report_add(report, __VA_ARGS__) != RECO_OK) {                                     \
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");                          \
            goto out;                                                                              \
        }                                                                                          \
    } while (0)

const char *reco_vc_issuer_id(const json_t *vc)
{
    const json_t *iss = json_object_get(vc, "issuer");
    if (json_is_string(iss))
        return json_string_value(iss);
    return json_string_value(json_object_get(iss, "id"));
}

static bool has_type(const json_t *type, const char *name, size_t n)
{
    if (json_is_string(type))
        return json_string_length(type) == n && memcmp(json_string_value(type), name, n) == 0;
    for (size_t i = 0; i < json_array_size(type); i++) {
        const json_t *t = json_array_get(type, i);
        if (json_is_string(t) && json_string_length(t) == n &&
            memcmp(json_string_value(t), name, n) == 0)
            return true;
    }
    return false;
}

/* alternatives: "A|B" - true when type holds one of them. */
static bool has_one_of(const json_t *type, const char *alternatives)
{
    const char *p = alternatives;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (has_type(type, p, n))
            return true;
        p += n + (bar ? 1 : 0);
    }
    return false;
}

/* A date member: absent is fine; present must be an RFC 3339 date-time with an offset. */
static bool date_member(const json_t *vc, const char *name, bool *present, reco_time *t, char *why,
                        size_t n)
{
    const json_t *v = json_object_get(vc, name);
    reco_error e;
    *present = v != NULL;
    if (!v)
        return true;
    if (!json_is_string(v)) {
        snprintf(why, n, "%s is not a string", name);
        return false;
    }
    /* VC DM 2.0 §4.9: validFrom/validUntil are dateTimeStamp (offset required). */
    if (reco_time_parse(json_string_value(v), json_string_length(v), true, t, &e) != RECO_OK) {
        snprintf(why, n, "%s '%.40s' is not a date-time with a time zone: %.60s", name,
                 json_string_value(v), e.msg);
        return false;
    }
    return true;
}

/* The first structural problem of vc, written into why; false when there is one. */
static bool structure_ok(const json_t *vc, const char *const *extra_types, char *why, size_t n)
{
    const json_t *ctx = json_object_get(vc, "@context");
    const json_t *first = json_is_array(ctx) ? json_array_get(ctx, 0) : ctx;
    const char *f = json_string_value(first);
    if (!ctx) {
        snprintf(why, n, "@context is missing");
        return false;
    }
    /* VC DM 2.0 §4.3: the first @context entry is the VC context (v1 for DM 1.1). */
    if (!f || (strcmp(f, RECO_VC_CONTEXT_V2) != 0 && strcmp(f, RECO_VC_CONTEXT_V1) != 0)) {
        snprintf(why, n, "@context does not start with %s", RECO_VC_CONTEXT_V2);
        return false;
    }
    const json_t *type = json_object_get(vc, "type");
    if (!has_type(type, "VerifiableCredential", strlen("VerifiableCredential"))) {
        snprintf(why, n, "type does not hold VerifiableCredential");
        return false;
    }
    for (size_t i = 0; extra_types && extra_types[i]; i++) {
        if (!has_one_of(type, extra_types[i])) {
            snprintf(why, n, "type holds none of %s", extra_types[i]);
            return false;
        }
    }
    const json_t *iss = json_object_get(vc, "issuer");
    if (!iss) {
        snprintf(why, n, "issuer is missing");
        return false;
    }
    if (!reco_vc_issuer_id(vc)) {
        snprintf(why, n, "issuer has no id");
        return false;
    }
    const json_t *subj = json_object_get(vc, "credentialSubject");
    if (!json_is_object(subj) && !(json_is_array(subj) && json_array_size(subj) > 0)) {
        snprintf(why, n, "credentialSubject is missing or not an object");
        return false;
    }
    static const char *const dates[] = {"validFrom", "validUntil", "issuanceDate",
                                        "expirationDate"};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        bool present;
        reco_time t;
        if (!date_member(vc, dates[i], &present, &t, why, n))
            return false;
    }
    return true;
}

/* " of type A, B" for the types other than VerifiableCredential, or "". */
static const char *type_names(const json_t *type, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < json_array_size(type); i++) {
        const char *t = json_string_value(json_array_get(type, i));
        if (!t || strcmp(t, "VerifiableCredential") == 0)
            continue;
        int w = snprintf(buf + used, n - used, "%s%.60s", used ? ", " : " of type ", t);
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
    }
    return buf;
}

/* The DID of a verification method: the DID URL without its fragment (or query). */
static size_t controller_len(const char *vm)
{
    size_t n = strcspn(vm, "#?");
    return n;
}

/* True when the DID of verification method vm is issuer. */
static bool controlled_by(const char *vm, const char *issuer)
{
    size_t clen = controller_len(vm);
    return strlen(issuer) == clen && memcmp(issuer, vm, clen) == 0;
}

reco_code reco_vc_check(const json_t *vc, const char *const *extra_types,
                        const reco_vc_check_options *opt, reco_report *report, reco_error *err)
{
    static const reco_vc_check_options defaults = {0};
    reco_di_result results[RECO_DI_MAX_PROOFS];
    size_t count = 0;
    reco_error derr;
    reco_code rc = RECO_OK;
    char why[256];

    if (!opt)
        opt = &defaults;
    if ((rc = reco_report_require(report, "proof", err)))
        goto out;

    if (!json_is_object(vc)) {
        ADD("structure", RECO_CHECK_FAILED, "the credential is not an object");
        goto out;
    }
    if (structure_ok(vc, extra_types, why, sizeof why))
        ADD("structure", RECO_CHECK_PASSED, "a verifiable credential%s",
            type_names(json_object_get(vc, "type"), why, sizeof why));
    else
        ADD("structure", RECO_CHECK_FAILED, "%s", why);

    /* Proofs: one line per member of the proof set (VC Data Integrity §4.5). */
    reco_error_clear(&derr);
    bool skip_proofs = opt->proof_external && !json_object_get(vc, "proof");
    reco_code vrc = skip_proofs
                        ? RECO_OK
                        : reco_di_verify(vc, &opt->di, results, RECO_DI_MAX_PROOFS, &count, &derr);
    if (vrc == RECO_ENOMEM) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (count == 0 && !skip_proofs) {
        ADD("proof", RECO_CHECK_FAILED, "%s", derr.msg);
        ADD("issuer-key", RECO_CHECK_NOT_CHECKED, "no proof, so no key to bind to the issuer");
    }
    const char *issuer = reco_vc_issuer_id(vc);
    /* A proof set may hold proofs by others than the issuer (a co-signer, a witness): the
     * credential is the issuer's when at least one verified proof is by the issuer's key;
     * the others are then noted as warnings. With no verified issuer proof, every proof by
     * another key fails the check. */
    size_t by_issuer = 0;
    for (size_t i = 0; issuer && i < count && i < RECO_DI_MAX_PROOFS; i++)
        if (!by_issuer && results[i].verified &&
            controlled_by(results[i].verification_method, issuer))
            by_issuer = i + 1;
    for (size_t i = 0; i < count && i < RECO_DI_MAX_PROOFS; i++) {
        const reco_di_result *r = &results[i];
        if (r->verified)
            ADD("proof", RECO_CHECK_PASSED, "proof %zu of %zu (%s) verified", i + 1, count,
                r->cryptosuite);
        else
            ADD("proof", r->unchecked ? RECO_CHECK_NOT_CHECKED : RECO_CHECK_FAILED,
                "proof %zu of %zu (%s): %s", i + 1, count,
                r->cryptosuite[0] ? r->cryptosuite : "no type", r->why.msg);

        /* The key must belong to the issuer: the verification method's DID is the issuer's id
         * (for did:key issuers this binds the key; other DID methods need their document). */
        const char *vm = r->verification_method;
        int clen = (int)(controller_len(vm) > 120 ? 120 : controller_len(vm));
        if (!vm[0])
            ADD("issuer-key", RECO_CHECK_FAILED, "proof %zu has no verification method", i + 1);
        else if (!issuer)
            ADD("issuer-key", RECO_CHECK_FAILED,
                "the credential has no issuer id to bind proof %zu's key to", i + 1);
        else if (r->unchecked)
            ADD("issuer-key", RECO_CHECK_NOT_CHECKED,
                "proof %zu's key could not be resolved, so its binding to the issuer is unknown",
                i + 1);
        else if (controlled_by(vm, issuer))
            ADD("issuer-key", RECO_CHECK_PASSED, "proof %zu's key %.*s is controlled by the issuer",
                i + 1, clen, vm);
        else if (by_issuer && r->verified)
            ADD("issuer-key", RECO_CHECK_WARNING,
                "proof %zu is a co-signature: its key is controlled by %.*s, not by the issuer "
                "(who signed proof %zu)",
                i + 1, clen, vm, by_issuer);
        else
            ADD("issuer-key", RECO_CHECK_FAILED,
                "proof %zu's key is controlled by %.*s, not by the issuer %.100s", i + 1, clen, vm,
                issuer);
    }

    /* VC Data Integrity §4.5 "Verify Proof Sets and Chains": a proof set is verified only when
     * every proof of it is. One line sums it up; it is required, so a member that could not be
     * checked leaves the credential unverified even when the others passed. */
    if (count > 1) {
        size_t ok = 0, failed = 0;
        for (size_t i = 0; i < count && i < RECO_DI_MAX_PROOFS; i++) {
            ok += results[i].verified;
            failed += !results[i].verified && !results[i].unchecked;
        }
        if ((rc = reco_report_require(report, "proof-set", err)))
            goto out;
        if (ok == count)
            ADD("proof-set", RECO_CHECK_PASSED, "all %zu proofs of the proof set verified", count);
        else if (failed)
            ADD("proof-set", RECO_CHECK_FAILED,
                "%zu of %zu proofs did not verify: a proof set holds only when every proof does",
                failed, count);
        else
            ADD("proof-set", RECO_CHECK_NOT_CHECKED,
                "%zu of %zu proofs could not be checked: a proof set holds only when every "
                "proof does",
                count - ok, count);
    }

    /* Validity period (VC DM 2.0 §4.9; DM 1.1 issuanceDate/expirationDate). */
    reco_time now = opt->now ? *opt->now : reco_time_now();
    const char *from_name = json_object_get(vc, "validFrom") ? "validFrom" : "issuanceDate";
    const char *until_name = json_object_get(vc, "validUntil") ? "validUntil" : "expirationDate";
    bool present;
    reco_time t;
    if (!date_member(vc, from_name, &present, &t, why, sizeof why))
        ADD("valid-from", RECO_CHECK_FAILED, "%s", why);
    else if (!present)
        ADD("valid-from", RECO_CHECK_WARNING, "the credential has no validFrom");
    else if (reco_time_cmp(&t, &now) > 0)
        ADD("valid-from", RECO_CHECK_FAILED, "not yet valid: valid from %s",
            json_string_value(json_object_get(vc, from_name)));
    else
        ADD("valid-from", RECO_CHECK_PASSED, "valid since %s",
            json_string_value(json_object_get(vc, from_name)));

    if (!date_member(vc, until_name, &present, &t, why, sizeof why))
        ADD("valid-until", RECO_CHECK_FAILED, "%s", why);
    else if (!present)
        ADD("valid-until", RECO_CHECK_PASSED, "the credential does not expire");
    else if (reco_time_cmp(&t, &now) <= 0)
        ADD("valid-until", RECO_CHECK_FAILED, "expired: valid until %s",
            json_string_value(json_object_get(vc, until_name)));
    else
        ADD("valid-until", RECO_CHECK_PASSED, "valid until %s",
            json_string_value(json_object_get(vc, until_name)));
out:
    return rc;
}
