/*
 * verify.c - Open Badges 3.0 verification (OB 3.0 §"OpenBadgeCredential Verification"): the
 * JSON itself, the VC checks (structure, proof set, issuer key, validity period) and the OB
 * shape of the subject, all as lines of one report.
 */
#include "reco/ob.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const ob_types[] = {"OpenBadgeCredential|AchievementCredential", NULL};

/* ^https://purl.imsglobal.org/spec/ob/v3p0/context(-3.d.d)*.json$ (OB 3.0 data model,
 * OpenBadgeCredential @context constraint). */
static bool is_ob3_context(const char *s)
{
    static const char prefix[] = "https://purl.imsglobal.org/spec/ob/v3p0/context";
    if (!s || strncmp(s, prefix, sizeof prefix - 1) != 0)
        return false;
    s += sizeof prefix - 1;
    while (s[0] == '-' && s[1] == '3' && s[2] == '.' && s[3] >= '0' && s[3] <= '9' && s[4] == '.' &&
           s[5] >= '0' && s[5] <= '9')
        s += 6;
    return strcmp(s, ".json") == 0;
}

/* OB 3.0 §verification step 1: the OB context is named, credentialSubject is identified by id
 * and/or identifier, and (class AchievementSubject) it carries the achievement. NULL when
 * fine, else the problem. */
static const char *ob_problem(const json_t *vc)
{
    const json_t *ctx = json_object_get(vc, "@context");
    bool named = false;
    for (size_t i = 0; i < json_array_size(ctx) && !named; i++)
        named = is_ob3_context(json_string_value(json_array_get(ctx, i)));
    if (ctx && !named)
        return "@context does not name the Open Badges 3.0 context";
    const json_t *s = json_object_get(vc, "credentialSubject");
    if (!json_is_object(s))
        return NULL; /* reported by the VC structure check */
    const json_t *id = json_object_get(s, "id");
    const json_t *ident = json_object_get(s, "identifier");
    if (!json_is_string(id) && !(json_is_array(ident) && json_array_size(ident) > 0) &&
        !json_is_object(ident))
        return "credentialSubject has neither an id nor an identifier";
    if (!json_is_object(json_object_get(s, "achievement")))
        return "credentialSubject has no achievement object";
    return NULL;
}

static const char *subject_summary(const json_t *vc)
{
    const json_t *s = json_object_get(vc, "credentialSubject");
    const char *id = json_string_value(json_object_get(s, "id"));
    if (id)
        return id;
    const json_t *ident = json_object_get(s, "identifier");
    if (json_is_array(ident))
        ident = json_array_get(ident, 0);
    const char *type = json_string_value(json_object_get(ident, "identityType"));
    return type && strcmp(type, "emailAddress") == 0 ? "(hashed e-mail address)" : NULL;
}

/* An e-mail address as `reco issue` tells them apart from URIs: an '@' and no ':'. */
static bool looks_like_email(const char *s)
{
    return strchr(s, '@') && !strchr(s, ':');
}

/* OB 3.0 "Verify the Recipient Using an Identifier", steps 1-3, for one identifier entry. */
static bool identifier_matches(const json_t *ident, const char *known)
{
    const char *type = json_string_value(json_object_get(ident, "identityType"));
    const char *value = json_string_value(json_object_get(ident, "identityHash"));
    const json_t *hashed = json_object_get(ident, "hashed");
    if (!type || !value)
        return false;
    /* Step 1: the known identifier's type (e-mail addresses are the type reco can tell). */
    if (looks_like_email(known) != (strcmp(type, "emailAddress") == 0))
        return false;
    if (!json_is_true(hashed))
        return strcmp(value, known) == 0;
    reco_buf h;
    reco_buf_init(&h, 256);
    bool same = false;
    if (reco_ob_identity_hash(known, json_string_value(json_object_get(ident, "salt")), &h, NULL) ==
        RECO_OK)
        same = strlen(value) == h.len && strncasecmp(value, h.data, h.len) == 0;
    reco_buf_release(&h);
    return same;
}

static reco_code check_recipient(const json_t *vc, const char *known, reco_report *report,
                                 reco_error *err)
{
    const json_t *s = json_object_get(vc, "credentialSubject");
    const char *id = json_string_value(json_object_get(s, "id"));
    const json_t *ident = json_object_get(s, "identifier");
    bool match = id && strcmp(id, known) == 0;
    if (json_is_object(ident))
        match = match || identifier_matches(ident, known);
    for (size_t i = 0; !match && i < json_array_size(ident); i++)
        match = identifier_matches(json_array_get(ident, i), known);
    reco_code rc = match ? reco_report_add(report, "recipient", RECO_CHECK_PASSED,
                                           "the credential was issued to %.200s", known)
                         : reco_report_add(report, "recipient", RECO_CHECK_FAILED,
                                           "the credential was not issued to %.200s", known);
    return rc ? reco_error_set(err, rc, NULL, "out of memory") : RECO_OK;
}

/* Endorsements verified per credential; more are reported as not checked. */
#define MAX_ENDORSEMENTS 16

static const char *const endorsement_types[] = {"EndorsementCredential", NULL};

/* Where OB 3.0 places endorsements: the credential, its achievement, its issuer Profile. */
typedef struct endorsement_place {
    const json_t *list; /* an EndorsementCredential or a list of them */
    const json_t *jwts; /* endorsementJwt: compact JWS strings */
    const char *of;
} endorsement_place;

/*
 * OB 3.0 §verification step 6 and §"EndorsementCredential Verification": each endorsement is a
 * credential of its own, verified with the same VC checks into a nested report. Endorsements
 * say something about the credential without being part of its validity, so their outcome is
 * one "endorsements" line: passed, or a warning naming how many did not verify.
 */
static reco_code check_endorsements(const json_t *vc, const reco_ob_verify_options *opt,
                                    reco_report *report, reco_error *err)
{
    const json_t *subject = json_object_get(vc, "credentialSubject");
    const json_t *ach = json_object_get(subject, "achievement");
    const json_t *issuer = json_object_get(vc, "issuer");
    const endorsement_place places[] = {
        {json_object_get(vc, "endorsement"), json_object_get(vc, "endorsementJwt"),
         "the credential"},
        {json_object_get(ach, "endorsement"), json_object_get(ach, "endorsementJwt"),
         "the achievement"},
        {json_object_get(issuer, "endorsement"), json_object_get(issuer, "endorsementJwt"),
         "the issuer"},
    };
    size_t total = 0, verified = 0, jwts = 0, skipped = 0;
    reco_code rc = RECO_OK;
    for (size_t p = 0; !rc && p < sizeof places / sizeof places[0]; p++) {
        const json_t *list = places[p].list;
        size_t n = json_is_array(list) ? json_array_size(list) : list ? 1 : 0;
        jwts += json_is_array(places[p].jwts) ? json_array_size(places[p].jwts)
                : places[p].jwts              ? 1
                                              : 0;
        for (size_t i = 0; !rc && i < n; i++) {
            const json_t *e = json_is_array(list) ? json_array_get(list, i) : list;
            if (total == MAX_ENDORSEMENTS) {
                skipped++;
                continue;
            }
            char label[80];
            snprintf(label, sizeof label, "endorsement %zu of %s", i + 1, places[p].of);
            /* The nested report's input is the endorsement's id: the label says where it is. */
            const char *eid = json_string_value(json_object_get(e, "id"));
            reco_report *child = reco_report_new(eid ? eid : "", "ob3-endorsement");
            if (!child)
                return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
            rc = reco_vc_check(e, endorsement_types, &opt->vc, child, err);
            const char *by = json_is_object(e) ? reco_vc_issuer_id(e) : NULL;
            if (!rc && by)
                rc = reco_report_set_summary(child, "endorser", by, err);
            total++;
            verified += !rc && reco_report_valid(child);
            if (rc)
                reco_report_free(child);
            else
                rc = reco_report_add_child(report, label, child, err);
        }
    }
    if (rc)
        return rc;
    if (total && verified == total)
        rc = reco_report_add(report, "endorsements", RECO_CHECK_PASSED,
                             "%zu endorsement%s verified", total, total > 1 ? "s" : "");
    else if (total)
        rc = reco_report_add(report, "endorsements", RECO_CHECK_WARNING,
                             "%zu of %zu endorsements did not verify (see the nested reports)",
                             total - verified, total);
    if (!rc && (jwts || skipped))
        rc = reco_report_add(report, "endorsements", RECO_CHECK_NOT_CHECKED,
                             "%zu endorsement%s not checked (%s)", jwts + skipped,
                             jwts + skipped > 1 ? "s" : "",
                             jwts ? "endorsementJwt is not verified yet" : "too many");
    return rc ? reco_error_set(err, RECO_ENOMEM, NULL, "out of memory") : RECO_OK;
}

reco_code reco_ob_verify(const json_t *vc, const reco_ob_verify_options *opt, reco_report *report,
                         reco_error *err)
{
    static const reco_ob_verify_options defaults = {0};
    reco_code rc = RECO_OK;
    if (!opt)
        opt = &defaults;
    if ((rc = reco_report_set_kind(report, "ob3-data-integrity", err)))
        return rc;
    if ((rc = reco_vc_check(vc, ob_types, &opt->vc, report, err)))
        return rc;
    const char *problem = json_is_object(vc) ? ob_problem(vc) : NULL;
    if (problem && reco_report_add(report, "structure", RECO_CHECK_FAILED, "%s", problem))
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if (opt->recipient && (rc = check_recipient(vc, opt->recipient, report, err)))
        return rc;
    if (json_is_object(vc) && (rc = check_endorsements(vc, opt, report, err)))
        return rc;

    const char *issuer = json_is_object(vc) ? reco_vc_issuer_id(vc) : NULL;
    const json_t *ach = json_object_get(json_object_get(vc, "credentialSubject"), "achievement");
    const char *ach_name = json_string_value(json_object_get(ach, "name"));
    const char *subject = json_is_object(vc) ? subject_summary(vc) : NULL;
    if (!rc && issuer)
        rc = reco_report_set_summary(report, "issuer", issuer, err);
    if (!rc && subject)
        rc = reco_report_set_summary(report, "subject", subject, err);
    if (!rc && ach_name)
        rc = reco_report_set_summary(report, "achievement", ach_name, err);
    return rc;
}

reco_code reco_ob_verify_bytes(const char *data, size_t n, const char *input,
                               const reco_ob_verify_options *opt, reco_report **out,
                               reco_error *err)
{
    static const reco_ob_verify_options defaults = {0};
    reco_code rc = RECO_OK;
    json_t *doc = NULL;
    reco_error perr;
    reco_report *r = reco_report_new(input, "unknown");

    if (!opt)
        opt = &defaults;
    *out = NULL;
    if (!r)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    reco_error_clear(&perr);
    rc = reco_json_parse(data, n, &opt->limits, &doc, &perr);
    if (rc == RECO_ENOMEM) {
        reco_error_set(err, rc, NULL, "out of memory");
        goto out;
    }
    if (rc) {
        /* Bad JSON is a verdict about the input: the report says why, the caller goes on. */
        rc = RECO_OK;
        if (reco_report_require(r, "proof", err) ||
            reco_report_add(r, "json", RECO_CHECK_FAILED, "%s%s%s", perr.msg,
                            perr.path[0] ? " at " : "", perr.path))
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (reco_report_add(r, "json", RECO_CHECK_PASSED, "%zu bytes of well-formed JSON", n)) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    rc = reco_ob_verify(doc, opt, r, err);
out:
    json_decref(doc);
    if (rc) {
        reco_report_free(r);
        r = NULL;
    }
    *out = r;
    return rc;
}
