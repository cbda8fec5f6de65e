/*
 * verify.c - the one verification pipeline (reco_verify_input, reco_verify_url) and Open Badges
 * 3.0 verification (OB 3.0 §"Verification"): what the input is (JSON, compact JWS, PNG, SVG,
 * URL), which verifier it goes to (OB 3.0 Data Integrity, OB 3.0 VC-JWT, OB 2.0 hosted or
 * signed), then the JSON itself, the VC checks (structure, proof set, issuer key, validity
 * period), the OB shape of the subject, the recipient, the status and the endorsements, all as
 * lines of one report.
 */
#include "reco/ob.h"
#include "reco/bake.h"
#include "reco/jose.h"
#include "reco/ob_model.h"
#include "reco/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

static bool holds_type(const json_t *type, const char *name)
{
    if (json_is_string(type))
        return strcmp(json_string_value(type), name) == 0;
    for (size_t i = 0; i < json_array_size(type); i++)
        if (json_is_string(json_array_get(type, i)) &&
            strcmp(json_string_value(json_array_get(type, i)), name) == 0)
            return true;
    return false;
}

/* A member that is one object or a list of them, as the i-th object (NULL past the end). */
static const json_t *one_or_many(const json_t *v, size_t i)
{
    return json_is_array(v) ? json_array_get(v, i) : i == 0 ? v : NULL;
}

/* Up to this many model problems are reported per credential; the first ones say enough. */
#define MAX_MODEL_PROBLEMS 4

typedef struct model {
    reco_report *report;
    size_t problems;
    reco_code rc;
} model;

static void problem(model *m, const char *path, const char *fmt, ...) RECO_PRINTF(3, 4);

static void problem(model *m, const char *path, const char *fmt, ...)
{
    if (m->rc || m->problems++ >= MAX_MODEL_PROBLEMS)
        return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (reco_report_add(m->report, "structure", RECO_CHECK_FAILED, "%s at %s", msg, path))
        m->rc = RECO_ENOMEM;
}

/* Image (OB 3.0 class Image): a URI string, or {"id", "type": "Image"}. */
static void check_image(model *m, const json_t *img, const char *path)
{
    char p[160];
    if (!img || json_is_string(img))
        return;
    snprintf(p, sizeof p, "%s/image", path);
    if (!json_is_object(img) || !json_is_string(json_object_get(img, "id")) ||
        !holds_type(json_object_get(img, "type"), "Image"))
        problem(m, p, "%s is neither a URI nor an Image with an id and type Image", "image");
}

/*
 * The OB 3.0 data model's required members and enumerations for the parts of an
 * OpenBadgeCredential that its checks do not already cover: Achievement (id, type, name,
 * description, criteria; achievementType in the AchievementType vocabulary or "ext:"), the
 * issuer Profile, IdentityObject, Result, Alignment, Evidence and Image. Each problem is a
 * failed "structure" line naming the JSON pointer.
 */
static reco_code check_model(const json_t *vc, reco_report *report, reco_error *err)
{
    model m = {.report = report};
    char path[160];
    reco_error e;
    const json_t *subject = json_object_get(vc, "credentialSubject");
    const json_t *ach = json_object_get(subject, "achievement");
    const json_t *issuer = json_object_get(vc, "issuer");

    reco_error_clear(&e);
    if (json_is_object(ach) && reco_ob_check_achievement(ach, &e) != RECO_OK) {
        snprintf(path, sizeof path, "/credentialSubject/achievement%s", e.path);
        problem(&m, path, "%s", e.msg);
    }
    const json_t *at = json_object_get(ach, "achievementType");
    if (at) {
        const char *v = json_string_value(at);
        bool known = v && strncmp(v, "ext:", 4) == 0 && v[4];
        known = known || (v && reco_ob_model_enum_has("AchievementType", v));
        /* An extensible vocabulary that issuers stretch ("Program"): a warning, not a fault. */
        if (!known && !m.rc &&
            reco_report_add(report, "structure", RECO_CHECK_WARNING,
                            "achievementType '%.60s' is neither a term of the AchievementType "
                            "vocabulary nor an ext: extension at "
                            "/credentialSubject/achievement/achievementType",
                            v ? v : "(not a string)"))
            m.rc = RECO_ENOMEM;
    }
    check_image(&m, json_object_get(ach, "image"), "/credentialSubject/achievement");
    const json_t *al;
    for (size_t i = 0; (al = one_or_many(json_object_get(ach, "alignment"), i)); i++) {
        snprintf(path, sizeof path, "/credentialSubject/achievement/alignment/%zu", i);
        if (!holds_type(json_object_get(al, "type"), "Alignment") ||
            !json_is_string(json_object_get(al, "targetName")) ||
            !json_is_string(json_object_get(al, "targetUrl")))
            problem(&m, path, "%s lacks type Alignment, targetName or targetUrl", "alignment");
    }
    if (json_is_object(issuer)) {
        reco_error_clear(&e);
        if (reco_ob_check_profile(issuer, &e) != RECO_OK) {
            snprintf(path, sizeof path, "/issuer%s", e.path);
            problem(&m, path, "%s", e.msg);
        }
        check_image(&m, json_object_get(issuer, "image"), "/issuer");
    }
    const json_t *id;
    for (size_t i = 0; (id = one_or_many(json_object_get(subject, "identifier"), i)); i++) {
        snprintf(path, sizeof path, "/credentialSubject/identifier/%zu", i);
        if (!holds_type(json_object_get(id, "type"), "IdentityObject") ||
            !json_is_boolean(json_object_get(id, "hashed")) ||
            !json_is_string(json_object_get(id, "identityHash")) ||
            !json_is_string(json_object_get(id, "identityType")))
            problem(&m, path, "%s lacks type IdentityObject, hashed, identityHash or identityType",
                    "identifier");
    }
    const json_t *res;
    for (size_t i = 0; (res = one_or_many(json_object_get(subject, "result"), i)); i++) {
        snprintf(path, sizeof path, "/credentialSubject/result/%zu", i);
        if (!holds_type(json_object_get(res, "type"), "Result"))
            problem(&m, path, "%s is not of type Result", "result");
    }
    const json_t *ev;
    for (size_t i = 0; (ev = one_or_many(json_object_get(vc, "evidence"), i)); i++) {
        snprintf(path, sizeof path, "/evidence/%zu", i);
        if (!holds_type(json_object_get(ev, "type"), "Evidence"))
            problem(&m, path, "%s is not of type Evidence", "evidence");
    }
    if (!m.rc && m.problems > MAX_MODEL_PROBLEMS &&
        reco_report_add(report, "structure", RECO_CHECK_FAILED,
                        "%zu more problems with the Open Badges 3.0 data model",
                        m.problems - MAX_MODEL_PROBLEMS))
        m.rc = RECO_ENOMEM;
    return m.rc ? reco_error_set(err, m.rc, NULL, "out of memory") : RECO_OK;
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

/* OB 3.0 "Verify the Recipient Using an Identifier", steps 1-3, for one identifier entry. The
 * hash is "sha256$" + hex (OB 3.0 IdentityHash) or, as OB 2.0 also allowed, "md5$" + hex. */
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
        return looks_like_email(known) ? strcasecmp(value, known) == 0 : strcmp(value, known) == 0;
    const char *alg = strncasecmp(value, "md5$", 4) == 0 ? "md5" : "sha256";
    reco_buf h;
    reco_buf_init(&h, 256);
    bool same = false;
    if (reco_ob2_identity_hash(alg, known, json_string_value(json_object_get(ident, "salt")), &h,
                               NULL) == RECO_OK)
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

/* ---------------------------------------------------------------- one run of the pipeline */

/* Endorsements verified per credential; more are reported as not checked. */
#define MAX_ENDORSEMENTS 16
/* A URL whose answer is a baked image holding a URL...: fetches followed per input. */
#define MAX_HOPS 3

/* What every step of one verification shares. */
typedef struct run {
    reco_vc_check_options vc;   /* clock, proof key resolution (resolve_chain), loader */
    reco_vc_check_options list; /* the same for status list credentials (proof embedded) */
    reco_vm_resolve_fn user_resolve;
    void *user_ctx;
    reco_did_resolver *resolver; /* keys and status lists; NULL: did:key only, no status */
    const char *recipient;
    reco_time at;
    reco_json_limits limits;
    const reco_verify_options *opt; /* NULL for reco_ob_verify */
    reco_ld_loader *own_loader;
    reco_did_resolver *own_resolver;
    reco_http_opts http; /* for the default fetcher and remote contexts */
    size_t max_input;
    int depth, max_depth, hops;
} run;

static reco_code oom(reco_error *err)
{
    return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
}

/*
 * Key resolution for Data Integrity methods and JWT kids alike: the caller's resolver first (a
 * server's own issuers), then the DID resolver (did:key, did:jwk, did:web, https; it returns a
 * key only when the method's URL names its controller), else did:key alone.
 */
static reco_code resolve_chain(void *ctx, const char *vm, reco_key **out, reco_error *err)
{
    run *r = ctx;
    if (r->user_resolve) {
        reco_code rc = r->user_resolve(r->user_ctx, vm, out, err);
        if (rc != RECO_ENOTFOUND)
            return rc;
    }
    if (r->resolver)
        return reco_did_vm_resolve(r->resolver, vm, out, err);
    return reco_vm_resolve_did_key(NULL, vm, out, err);
}

static const char *const endorsement_types[] = {"EndorsementCredential", NULL};
static const char *const list_types[] = {"BitstringStatusListCredential", NULL};
static const char *const list2021_types[] = {"StatusList2021Credential", NULL};

/* What a credential given as input is, by its type: an Open Badge (OpenBadgeCredential,
 * AchievementCredential, and anything else: the OB checks say what is missing), an OB 3.0
 * EndorsementCredential, or a status list credential (Bitstring Status List v1.0 §2.2,
 * StatusList2021). */
typedef enum input_class { INPUT_BADGE, INPUT_ENDORSEMENT, INPUT_STATUS_LIST } input_class;

static input_class class_of(const json_t *vc)
{
    const json_t *type = json_object_get(vc, "type");
    if (holds_type(type, "OpenBadgeCredential") || holds_type(type, "AchievementCredential"))
        return INPUT_BADGE;
    if (holds_type(type, "EndorsementCredential"))
        return INPUT_ENDORSEMENT;
    if (holds_type(type, "BitstringStatusListCredential") ||
        holds_type(type, "StatusList2021Credential"))
        return INPUT_STATUS_LIST;
    return INPUT_BADGE;
}

static const char *class_kind(input_class c)
{
    return c == INPUT_ENDORSEMENT   ? "ob3-endorsement"
           : c == INPUT_STATUS_LIST ? "status-list"
                                    : "ob3-data-integrity";
}

static reco_code verify_jwt(run *r, const char *text, size_t n, const char *input,
                            const char *const *types, reco_report **out, reco_error *err);
static reco_code ob3_checks(run *r, const json_t *vc, const char *const *types, bool jwt,
                            reco_report *report, reco_error *err);

/* Where OB 3.0 places endorsements: the credential, its achievement, its issuer Profile. */
typedef struct endorsement_place {
    const json_t *list; /* an EndorsementCredential or a list of them */
    const json_t *jwts; /* endorsementJwt: a compact JWS or a list of them */
    const char *of;
} endorsement_place;

/* One endorsement into a nested report: an embedded credential (Data Integrity) or a JWT. */
static reco_code endorsement_report(run *r, const json_t *e, reco_report **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_report *child = NULL;
    *out = NULL;
    if (json_is_string(e)) {
        rc = verify_jwt(r, json_string_value(e), json_string_length(e), "endorsementJwt",
                        endorsement_types, &child, err);
    } else {
        const char *eid = json_string_value(json_object_get(e, "id"));
        if (!(child = reco_report_new(eid ? eid : "", "ob3-data-integrity")))
            return oom(err);
        rc = ob3_checks(r, e, endorsement_types, false, child, err);
    }
    if (rc) {
        reco_report_free(child);
        return rc;
    }
    *out = child;
    return RECO_OK;
}

/*
 * OB 3.0 §verification step 6 and §"EndorsementCredential Verification": each endorsement
 * (embedded "endorsement" objects and "endorsementJwt" strings) is a credential of its own,
 * verified by the same pipeline into a nested report. Endorsements say something about the
 * credential without being part of its validity, so their outcome is one "endorsements" line:
 * passed, or a warning naming how many did not verify.
 */
static reco_code check_endorsements(run *r, const json_t *vc, reco_report *report, reco_error *err)
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
    size_t total = 0, verified = 0, skipped = 0;
    reco_code rc = RECO_OK;
    for (size_t p = 0; !rc && p < sizeof places / sizeof places[0]; p++) {
        size_t k = 0;
        for (int which = 0; !rc && which < 2; which++) {
            const json_t *list = which ? places[p].jwts : places[p].list;
            size_t n = json_is_array(list) ? json_array_size(list) : list ? 1 : 0;
            for (size_t i = 0; !rc && i < n; i++) {
                const json_t *e = json_is_array(list) ? json_array_get(list, i) : list;
                reco_report *child = NULL;
                if (total == MAX_ENDORSEMENTS || r->depth >= r->max_depth) {
                    skipped++;
                    continue;
                }
                char label[80];
                snprintf(label, sizeof label, "endorsement %zu of %s", ++k, places[p].of);
                r->depth++;
                rc = endorsement_report(r, e, &child, err);
                r->depth--;
                if (rc)
                    break;
                total++;
                verified += reco_report_valid(child);
                rc = reco_report_add_child(report, label, child, err);
            }
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
    if (!rc && skipped)
        rc = reco_report_add(report, "endorsements", RECO_CHECK_NOT_CHECKED,
                             "%zu endorsement%s not checked (more than %d, or nested deeper than "
                             "%d)",
                             skipped, skipped > 1 ? "s" : "", MAX_ENDORSEMENTS, r->max_depth);
    return rc ? oom(err) : RECO_OK;
}

static reco_code summary(const json_t *vc, reco_report *report, reco_error *err)
{
    const json_t *iss = json_object_get(vc, "issuer");
    const json_t *ach = json_object_get(json_object_get(vc, "credentialSubject"), "achievement");
    const char *from = json_string_value(json_object_get(vc, "validFrom"));
    const char *until = json_string_value(json_object_get(vc, "validUntil"));
    const struct {
        const char *key, *value;
    } fields[] = {
        {"issuer", reco_vc_issuer_id(vc)},
        {"issuer-name", json_string_value(json_object_get(iss, "name"))},
        {"achievement", json_string_value(json_object_get(ach, "name"))},
        {"subject", subject_summary(vc)},
        {"valid-from", from ? from : json_string_value(json_object_get(vc, "issuanceDate"))},
        {"valid-until", until ? until : json_string_value(json_object_get(vc, "expirationDate"))},
    };
    reco_code rc = RECO_OK;
    for (size_t i = 0; !rc && i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i].value)
            rc = reco_report_set_summary(report, fields[i].key, fields[i].value, err);
    return rc;
}

/* An EndorsementCredential's summary (OB 3.0 classes EndorsementCredential, EndorsementSubject):
 * who endorses ("endorser", the issuer), what ("endorsed", credentialSubject.id: an issuer, an
 * achievement or a credential) and what they say ("endorsement-comment"). */
static reco_code endorsement_summary(const json_t *vc, reco_report *report, reco_error *err)
{
    const json_t *s = json_object_get(vc, "credentialSubject");
    if (json_is_array(s))
        s = json_array_get(s, 0);
    const struct {
        const char *key, *value;
    } fields[] = {
        {"endorser", reco_vc_issuer_id(vc)},
        {"endorsed", json_string_value(json_object_get(s, "id"))},
        {"endorsement-comment", json_string_value(json_object_get(s, "endorsementComment"))},
    };
    reco_code rc = RECO_OK;
    for (size_t i = 0; !rc && i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i].value)
            rc = reco_report_set_summary(report, fields[i].key, fields[i].value, err);
    return rc;
}

/* The "status-list" line of a list credential given as input: Bitstring Status List v1.0 §2.2
 * (credentialSubject of type BitstringStatusList with statusPurpose and encodedList; the older
 * StatusList2021 the same way), the encodedList expanded by §3.5 under the cap
 * RECO_STATUS_MAX_BITSTRING, and the summary: purpose, entries (bits), set-bits. */
static reco_code check_list_shape(const json_t *vc, bool v2021, reco_report *report,
                                  reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_buf bits;
    reco_error e;
    char purpose[160] = "", num[32];
    const char *want = v2021 ? "StatusList2021" : "BitstringStatusList";
    const json_t *s = json_object_get(vc, "credentialSubject");
    if (json_is_array(s))
        s = json_array_get(s, 0);
    const json_t *p = json_object_get(s, "statusPurpose");
    const char *enc = json_string_value(json_object_get(s, "encodedList"));

    reco_buf_init(&bits, 0);
    reco_error_clear(&e);
    if ((rc = reco_report_require(report, "status-list", err)))
        return rc;
    if (!json_is_object(s)) {
        rc = reco_report_add(report, "status-list", RECO_CHECK_FAILED,
                             "the list's credentialSubject is not an object");
        goto out;
    }
    if (!holds_type(json_object_get(s, "type"), want)) {
        rc = reco_report_add(report, "status-list", RECO_CHECK_FAILED,
                             "the list's credentialSubject is not of type %s at "
                             "/credentialSubject/type",
                             want);
        goto out;
    }
    /* §2.2: statusPurpose is required, a string or a list of them. */
    for (size_t i = 0, n = json_is_array(p) ? json_array_size(p) : 1; i < n; i++) {
        const char *v = json_string_value(json_is_array(p) ? json_array_get(p, i) : p);
        size_t used = strlen(purpose);
        if (!v || !v[0]) {
            purpose[0] = '\0';
            break;
        }
        snprintf(purpose + used, sizeof purpose - used, "%s%s", used ? ", " : "", v);
    }
    if (!purpose[0]) {
        rc = reco_report_add(report, "status-list", RECO_CHECK_FAILED,
                             "the list has no statusPurpose (a string or a list of strings) at "
                             "/credentialSubject/statusPurpose");
        goto out;
    }
    if (!enc) {
        rc = reco_report_add(report, "status-list", RECO_CHECK_FAILED,
                             "the list has no encodedList at /credentialSubject/encodedList");
        goto out;
    }
    rc = reco_status_list_decode(enc, strlen(enc), RECO_STATUS_MAX_BITSTRING, &bits, &e);
    if (rc == RECO_ENOMEM)
        goto out;
    if (rc) {
        rc = reco_report_add(report, "status-list", RECO_CHECK_FAILED,
                             "the encodedList cannot be expanded: %s", e.msg);
        goto out;
    }
    size_t set = 0;
    for (size_t i = 0; i < bits.len; i++)
        set += (size_t)__builtin_popcount((unsigned char)bits.data[i]);
    /* §2.2 "the uncompressed bitstring MUST be at least 16KB": a shorter list still answers
     * for its entries (the status checks read such lists), but gives less herd privacy. */
    rc = reco_report_add(report, "status-list", RECO_CHECK_PASSED,
                         "a %s for %s: %zu entries, %zu set", want, purpose, bits.len * 8, set);
    if (!rc && bits.len < RECO_STATUS_MIN_BITSTRING)
        rc = reco_report_add(report, "status-list", RECO_CHECK_WARNING,
                             "%zu entries: shorter than the 16KB (131072 entries) Bitstring Status "
                             "List §2.2 asks for, so less herd privacy",
                             bits.len * 8);
    if (!rc)
        rc = reco_report_set_summary(report, "purpose", purpose, err);
    snprintf(num, sizeof num, "%zu", bits.len * 8);
    if (!rc)
        rc = reco_report_set_summary(report, "entries", num, err);
    snprintf(num, sizeof num, "%zu", set);
    if (!rc)
        rc = reco_report_set_summary(report, "set-bits", num, err);
out:
    reco_buf_release(&bits);
    return rc ? oom(err) : RECO_OK;
}

/*
 * A status list credential given as input (BitstringStatusListCredential, Bitstring Status List
 * v1.0 §2.2 and §3.3 step 4; StatusList2021Credential): the VC checks (structure, proofs, the
 * key bound to the list's issuer, dates), the list's shape, the list's own status when it has
 * one, then the summary.
 */
static reco_code status_list_checks(run *r, const json_t *vc, bool jwt, reco_report *report,
                                    reco_error *err)
{
    reco_code rc;
    reco_vc_check_options vco = r->vc;
    const json_t *type = json_object_get(vc, "type");
    bool v2021 = holds_type(type, "StatusList2021Credential") &&
                 !holds_type(type, "BitstringStatusListCredential");
    vco.proof_external = jwt;
    if ((rc = reco_vc_check(vc, v2021 ? list2021_types : list_types, &vco, report, err)))
        return rc;
    if ((rc = check_list_shape(vc, v2021, report, err)))
        return rc;
    if (r->resolver && json_object_get(vc, "credentialStatus")) {
        reco_status_options so = {0};
        so.resolver = r->resolver;
        so.vc = &r->list;
        so.list_issuer_may_differ = r->opt && r->opt->status_list_issuer_may_differ;
        if ((rc = reco_status_check(vc, &so, report, err)))
            return rc;
    }
    return summary(vc, report, err);
}

/* A credential given as input, by what it is (class_of): a badge, an endorsement, a list. */
static reco_code input_checks(run *r, const json_t *vc, bool jwt, reco_report *report,
                              reco_error *err)
{
    switch (class_of(vc)) {
    case INPUT_ENDORSEMENT:
        return ob3_checks(r, vc, endorsement_types, jwt, report, err);
    case INPUT_STATUS_LIST:
        return status_list_checks(r, vc, jwt, report, err);
    default:
        return ob3_checks(r, vc, ob_types, jwt, report, err);
    }
}

/*
 * The checks of an OB 3.0 credential (OB 3.0 §"Verification" steps 1-6): the VC checks
 * (structure, proofs unless jwt, issuer key, dates), the OB shape, the recipient (the top
 * credential only), the status, the endorsements, then the summary.
 */
static reco_code ob3_checks(run *r, const json_t *vc, const char *const *types, bool jwt,
                            reco_report *report, reco_error *err)
{
    reco_code rc;
    reco_vc_check_options vco = r->vc;
    vco.proof_external = jwt;
    if ((rc = reco_vc_check(vc, types, &vco, report, err)))
        return rc;
    if (!json_is_object(vc))
        return RECO_OK;
    const char *problem = types == ob_types ? ob_problem(vc) : NULL;
    if (problem && reco_report_add(report, "structure", RECO_CHECK_FAILED, "%s", problem))
        return oom(err);
    /* The model's details only for what is an Open Badge (the type line says when not). */
    const json_t *type = json_object_get(vc, "type");
    if (types == ob_types &&
        (holds_type(type, "OpenBadgeCredential") || holds_type(type, "AchievementCredential")) &&
        (rc = check_model(vc, report, err)))
        return rc;
    /* OB 3.0 data model, classes EndorsementCredential and EndorsementSubject (required members:
     * id, type, name, issuer, validFrom or issuanceDate, credentialSubject with id and type
     * EndorsementSubject): one "schema" line naming the JSON pointers. */
    if (types == endorsement_types && holds_type(type, "EndorsementCredential") &&
        (rc = reco_ob_model_check_report(vc, "EndorsementCredential", report, err)))
        return rc;
    if (r->recipient && r->depth == 0 && (rc = check_recipient(vc, r->recipient, report, err)))
        return rc;
    /* OB 3.0 §verification step 5 "Check the status" (reco/status.h). */
    if (r->resolver && json_object_get(vc, "credentialStatus")) {
        reco_status_options so = {0};
        so.resolver = r->resolver;
        so.vc = &r->list;
        so.list_issuer_may_differ = r->opt && r->opt->status_list_issuer_may_differ;
        if ((rc = reco_status_check(vc, &so, report, err)))
            return rc;
    }
    /* Without a resolver (reco_ob_verify) the status is the caller's to check. */
    if ((rc = check_endorsements(r, vc, report, err)))
        return rc;
    if (types == endorsement_types && (rc = endorsement_summary(vc, report, err)))
        return rc;
    return summary(vc, report, err);
}

/* A VC-JWT (OB 3.0 §8.2, §8.3.1): signature, key, claims (reco/jose.h), then the checks of
 * the credential it carries. */
static reco_code verify_jwt(run *r, const char *text, size_t n, const char *input,
                            const char *const *types, reco_report **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_vcjwt t;
    reco_vcjwt_verify_options jo;
    reco_report *report = reco_report_new(input, "ob3-vc-jwt");

    reco_vcjwt_init(&t);
    memset(&jo, 0, sizeof jo);
    *out = NULL;
    if (!report)
        return oom(err);
    jo.resolve = resolve_chain;
    jo.resolve_ctx = r;
    jo.claims.now = &r->at;
    jo.claims.lenient = r->opt && r->opt->lenient_jwt_claims;
    jo.limits.max_depth = r->limits.max_depth;
    if ((rc = reco_vcjwt_verify(text, n, &jo, report, &t, err)))
        goto out;
    if (t.credential)
        rc = types ? ob3_checks(r, t.credential, types, true, report, err)
                   : input_checks(r, t.credential, true, report, err);
out:
    reco_vcjwt_release(&t);
    if (rc) {
        reco_report_free(report);
        report = NULL;
    }
    *out = report;
    return rc;
}

static void ob2_options(run *r, reco_ob2_verify_options *o)
{
    memset(o, 0, sizeof *o);
    o->at = &r->at;
    o->recipient = r->recipient;
    o->limits = r->limits;
    if (!r->opt)
        return;
    o->fetch = r->opt->fetch;
    o->fetch_ctx = r->opt->fetch_ctx;
    o->http = r->http;
    o->offline = r->opt->offline;
}

/* A report that says only that the input could not be verified: check name, status, why. */
static reco_code verdict_report(const char *input, const char *check, reco_check_status st,
                                const char *msg, reco_report **out, reco_error *err)
{
    reco_report *report = reco_report_new(input, "unknown");
    *out = NULL;
    if (!report || reco_report_require(report, "proof", NULL) ||
        reco_report_add(report, check, st, "%s", msg)) {
        reco_report_free(report);
        return oom(err);
    }
    *out = report;
    return RECO_OK;
}

/* Whether a compact JWS carries an Open Badges 2.0 signed assertion (its payload's context). */
static bool jws_is_ob2(const char *text, size_t n, const reco_json_limits *lim)
{
    reco_jws jws;
    json_t *payload = NULL;
    bool ob2 = false;
    reco_jws_init(&jws);
    if (reco_jws_parse(text, n, NULL, &jws, NULL) == RECO_OK &&
        reco_json_parse(jws.payload.data, jws.payload.len, lim, &payload, NULL) == RECO_OK)
        ob2 = reco_ob2_detect(payload) > 0;
    json_decref(payload);
    reco_jws_release(&jws);
    return ob2;
}

static reco_code verify_url_run(run *r, const char *url, const char *input, reco_report **out,
                                reco_error *err);

/*
 * Text: a JSON credential (OB 3.0 Data Integrity, or an OB 2.0 object), a compact JWS (OB 3.0
 * VC-JWT or a signed OB 2.0 assertion) or a URL. note, when not NULL, becomes a passed "baked"
 * check (where the text was found).
 */
static reco_code verify_text(run *r, const char *text, size_t n, const char *input,
                             const char *note, reco_report **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_report *report = NULL;
    json_t *doc = NULL;
    reco_ob2_verify_options o2;
    reco_error perr;
    reco_verify_format f = reco_verify_detect(text, n);

    *out = NULL;
    ob2_options(r, &o2);
    reco_error_clear(&perr);
    if (f == RECO_VERIFY_FORMAT_URL) {
        char url[2048];
        size_t b = 0, e = n;
        while (b < e && strchr(" \t\r\n", text[b]))
            b++;
        while (e > b && strchr(" \t\r\n", text[e - 1]))
            e--;
        if (e - b >= sizeof url) {
            rc = verdict_report(input, "fetch", RECO_CHECK_FAILED, "the URL is too long", &report,
                                err);
            goto out;
        }
        memcpy(url, text + b, e - b);
        url[e - b] = '\0';
        rc = verify_url_run(r, url, input, &report, err);
    } else if (f == RECO_VERIFY_FORMAT_JWS) {
        if (jws_is_ob2(text, n, &r->limits))
            rc = reco_ob2_verify_bytes(text, n, input, &o2, &report, err);
        else
            rc = verify_jwt(r, text, n, input, NULL, &report, err);
    } else if (f == RECO_VERIFY_FORMAT_JSON) {
        rc = reco_json_parse(text, n, &r->limits, &doc, &perr);
        if (rc == RECO_ENOMEM)
            goto out;
        if (rc) {
            /* Bad JSON is a verdict about the input: the report says why. */
            char msg[300];
            snprintf(msg, sizeof msg, "%s%s%s", perr.msg, perr.path[0] ? " at " : "", perr.path);
            rc = verdict_report(input, "json", RECO_CHECK_FAILED, msg, &report, err);
            goto out;
        }
        if (reco_ob2_detect(doc) > 0) {
            rc = reco_ob2_verify_bytes(text, n, input, &o2, &report, err);
            goto out;
        }
        if (!(report = reco_report_new(input, class_kind(class_of(doc)))) ||
            reco_report_add(report, "json", RECO_CHECK_PASSED, "%zu bytes of well-formed JSON",
                            n)) {
            rc = oom(err);
            goto out;
        }
        rc = input_checks(r, doc, false, report, err);
    } else {
        rc = verdict_report(input, "input", RECO_CHECK_FAILED,
                            "not a credential: neither JSON, a compact JWS, a PNG or SVG image "
                            "nor an http(s) URL",
                            &report, err);
    }
out:
    json_decref(doc);
    if (!rc && report && note &&
        reco_report_add(report, "baked", RECO_CHECK_PASSED, "%s", note) != RECO_OK)
        rc = oom(err);
    if (rc) {
        reco_report_free(report);
        report = NULL;
    }
    *out = report;
    return rc;
}

/* Bytes: an image is opened (reco/bake.h), anything else goes to verify_text. */
static reco_code verify_bytes(run *r, const char *data, size_t n, const char *input,
                              reco_report **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_baked baked;
    reco_error xerr;
    char note[160], msg[300];
    reco_verify_format f = RECO_VERIFY_FORMAT_UNKNOWN;

    *out = NULL;
    reco_baked_init(&baked);
    reco_error_clear(&xerr);
    /* The size alone decides first: the bytes past the limit are never looked at. */
    if (n > r->max_input) {
        snprintf(msg, sizeof msg, "the input is over the limit of %zu bytes", r->max_input);
        rc = verdict_report(input, "input", RECO_CHECK_FAILED, msg, out, err);
        goto out;
    }
    f = reco_verify_detect(data, n);
    if (f != RECO_VERIFY_FORMAT_PNG && f != RECO_VERIFY_FORMAT_SVG) {
        rc = verify_text(r, data, n, input, NULL, out, err);
        goto out;
    }
    rc = reco_extract(data, n, &baked, &xerr);
    if (rc == RECO_ENOMEM)
        goto out;
    if (rc) {
        snprintf(msg, sizeof msg, "%s %s: %s", reco_verify_format_name(f),
                 rc == RECO_ENOTFOUND ? "holds no credential" : "could not be read", xerr.msg);
        rc = verdict_report(input, "baked", RECO_CHECK_FAILED, msg, out, err);
        goto out;
    }
    snprintf(note, sizeof note, "%s image holding an Open Badges %s %s",
             f == RECO_VERIFY_FORMAT_PNG ? "a PNG" : "an SVG", baked.version == 2 ? "2.0" : "3.0",
             baked.kind == RECO_BAKE_JSON  ? "credential (JSON)"
             : baked.kind == RECO_BAKE_JWT ? "credential (compact JWS)"
                                           : "hosted assertion URL");
    rc = verify_text(r, baked.text.data, baked.text.len, input, note, out, err);
out:
    reco_baked_release(&baked);
    return rc;
}

/* The default fetcher of URL inputs: the one HTTP client with the run's options. */
static reco_code default_fetch(void *ctx, const char *url, long *status, reco_buf *body,
                               char **final_url, reco_error *err)
{
    const reco_http_opts *ho = ctx;
    reco_http_response resp;
    reco_code rc = reco_http_get(url, ho, &resp, err);
    if (!rc) {
        *status = resp.status;
        rc = reco_buf_append(body, resp.body.data, resp.body.len);
        if (rc)
            reco_error_set(err, rc, NULL, "the answer of %.100s is over %zu bytes", url, body->max);
        *final_url = resp.final_url;
        resp.final_url = NULL;
    }
    reco_http_response_release(&resp);
    return rc;
}

static bool is_http_url(const char *s)
{
    return strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0;
}

static reco_code verify_url_run(run *r, const char *url, const char *input, reco_report **out,
                                reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_buf body;
    reco_error ferr;
    char msg[400];
    char *final_url = NULL;
    long status = 0;
    json_t *doc = NULL;
    reco_ob2_verify_options o2;

    reco_buf_init(&body, r->max_input);
    reco_error_clear(&ferr);
    ob2_options(r, &o2);
    *out = NULL;
    if (!is_http_url(url)) {
        rc = verdict_report(input, "fetch", RECO_CHECK_FAILED, "not an http(s) URL", out, err);
        goto out;
    }
    if (!r->opt || r->opt->offline) {
        snprintf(msg, sizeof msg, "offline: %.300s was not fetched", url);
        rc = verdict_report(input, "fetch", RECO_CHECK_NOT_CHECKED, msg, out, err);
        goto out;
    }
    if (r->hops >= MAX_HOPS) {
        rc = verdict_report(input, "fetch", RECO_CHECK_FAILED,
                            "too many documents lead to other URLs", out, err);
        goto out;
    }
    r->hops++;
    reco_ob2_fetch_fn fetch = r->opt->fetch ? r->opt->fetch : default_fetch;
    void *fctx = r->opt->fetch ? r->opt->fetch_ctx : (void *)&r->http;
    rc = fetch(fctx, url, &status, &body, &final_url, &ferr);
    if (rc == RECO_ENOMEM)
        goto out;
    if (rc) {
        snprintf(msg, sizeof msg, "could not fetch %.200s: %s", url, ferr.msg);
        rc = verdict_report(input, "fetch", RECO_CHECK_FAILED, msg, out, err);
        goto out;
    }
    /* OB 2.0 hosted verification: 410 Gone is a revoked assertion; the verifier judges it. */
    if (status == 410) {
        rc = reco_ob2_verify_bytes(url, strlen(url), input, &o2, out, err);
        goto out;
    }
    if (status < 200 || status > 299) {
        snprintf(msg, sizeof msg, "%.200s answered HTTP %ld", url, status);
        rc = verdict_report(input, "fetch", RECO_CHECK_FAILED, msg, out, err);
        goto out;
    }
    /* An OB 2.0 hosted assertion is verified from its URL: its id must be where it lives. */
    if (reco_verify_detect(body.data, body.len) == RECO_VERIFY_FORMAT_JSON &&
        reco_json_parse(body.data, body.len, &r->limits, &doc, NULL) == RECO_OK &&
        reco_ob2_detect(doc) > 0) {
        rc = reco_ob2_verify_bytes(url, strlen(url), input, &o2, out, err);
        goto out;
    }
    rc = verify_bytes(r, body.data ? body.data : "", body.len, input, out, err);
out:
    json_decref(doc);
    free(final_url);
    reco_buf_release(&body);
    return rc;
}

/* ---------------------------------------------------------------- entry points */

reco_verify_format reco_verify_detect(const void *data, size_t n)
{
    reco_bake_kind kind;
    switch (reco_bake_detect(data, n)) {
    case RECO_BAKE_PNG:
        return RECO_VERIFY_FORMAT_PNG;
    case RECO_BAKE_SVG:
        return RECO_VERIFY_FORMAT_SVG;
    default:
        break;
    }
    /* JSON by its first byte, whatever follows: the JSON parser says what is wrong with it
     * (bad UTF-8, too deep, an array instead of an object), and so does an empty input. */
    const unsigned char *p = data;
    size_t i = 0;
    if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
        i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (!data || i == n || p[i] == '{' || p[i] == '[')
        return RECO_VERIFY_FORMAT_JSON;
    if (reco_bake_kind_of(data, n, &kind, NULL) != RECO_OK)
        return RECO_VERIFY_FORMAT_UNKNOWN;
    return kind == RECO_BAKE_JSON  ? RECO_VERIFY_FORMAT_JSON
           : kind == RECO_BAKE_JWT ? RECO_VERIFY_FORMAT_JWS
                                   : RECO_VERIFY_FORMAT_URL;
}

const char *reco_verify_format_name(reco_verify_format f)
{
    static const char *const names[] = {"unknown", "json", "jws", "png", "svg", "url"};
    return (unsigned)f < sizeof names / sizeof names[0] ? names[f] : "unknown";
}

static void run_release(run *r)
{
    reco_ld_loader_free(r->own_loader);
    reco_did_resolver_free(r->own_resolver);
}

static reco_code run_init(run *r, const reco_verify_options *opt, reco_error *err)
{
    static const reco_verify_options defaults = {0};
    memset(r, 0, sizeof *r);
    if (!opt)
        opt = &defaults;
    r->opt = opt;
    r->at = opt->at ? *opt->at : reco_time_now();
    r->recipient = opt->recipient;
    r->limits = opt->limits;
    r->max_input = opt->max_input ? opt->max_input : RECO_VERIFY_MAX_INPUT;
    r->max_depth = opt->max_endorsement_depth > 0 ? opt->max_endorsement_depth : 2;
    r->http = opt->http;
    r->http.allow_private_network = r->http.allow_private_network || opt->allow_private_network;
    if (!r->http.max_bytes)
        r->http.max_bytes = r->max_input;
    r->user_resolve = opt->resolve;
    r->user_ctx = opt->resolve_ctx;
    if (opt->loader) {
        r->vc.di.loader = opt->loader;
    } else {
        if (!(r->own_loader = reco_ld_loader_new()))
            return oom(err);
        /* Verification is offline-first (DESIGN.md): JSON-LD contexts come from the binary and
         * are never fetched, so no server can change what a signed term means. A context that
         * is not bundled makes the proof not-checked, with its URL named. */
        r->vc.di.loader = r->own_loader;
    }
    if (opt->resolver) {
        r->resolver = opt->resolver;
    } else {
        reco_did_options d = {0};
        d.offline = opt->offline;
        d.allow_private_network = r->http.allow_private_network;
        d.timeout_ms = opt->http.timeout_ms;
        reco_code rc = reco_did_resolver_new(&d, &r->own_resolver, err);
        if (rc)
            return rc;
        r->resolver = r->own_resolver;
    }
    r->vc.now = &r->at;
    r->vc.di.resolve = resolve_chain;
    r->vc.di.resolve_ctx = r;
    r->list = r->vc;
    return RECO_OK;
}

reco_code reco_verify_input(const char *data, size_t n, const char *input_name,
                            const reco_verify_options *opt, reco_report **out, reco_error *err)
{
    run r;
    *out = NULL;
    reco_code rc = run_init(&r, opt, err);
    if (!rc)
        rc = verify_bytes(&r, data ? data : "", data ? n : 0, input_name, out, err);
    run_release(&r);
    return rc;
}

reco_code reco_verify_url(const char *url, const reco_verify_options *opt, reco_report **out,
                          reco_error *err)
{
    run r;
    *out = NULL;
    reco_code rc = run_init(&r, opt, err);
    if (!rc)
        rc = verify_url_run(&r, url ? url : "", url, out, err);
    run_release(&r);
    return rc;
}

/* ---------------------------------------------------------------- OB 3.0 alone */

reco_code reco_ob_verify(const json_t *vc, const reco_ob_verify_options *opt, reco_report *report,
                         reco_error *err)
{
    static const reco_ob_verify_options defaults = {0};
    reco_code rc;
    run r;
    if (!opt)
        opt = &defaults;
    memset(&r, 0, sizeof r);
    r.vc = opt->vc;
    r.at = opt->vc.now ? *opt->vc.now : reco_time_now();
    r.vc.now = &r.at;
    r.user_resolve = opt->vc.di.resolve;
    r.user_ctx = opt->vc.di.resolve_ctx;
    r.vc.di.resolve = resolve_chain;
    r.vc.di.resolve_ctx = &r;
    r.list = r.vc;
    r.recipient = opt->recipient;
    r.limits = opt->limits;
    r.max_input = RECO_VERIFY_MAX_INPUT;
    r.max_depth = 2;
    if ((rc = reco_report_set_kind(report, "ob3-data-integrity", err)))
        return rc;
    return ob3_checks(&r, vc, ob_types, false, report, err);
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
        return oom(err);
    reco_error_clear(&perr);
    rc = reco_json_parse(data, n, &opt->limits, &doc, &perr);
    if (rc == RECO_ENOMEM) {
        oom(err);
        goto out;
    }
    if (rc) {
        /* Bad JSON is a verdict about the input: the report says why, the caller goes on. */
        rc = RECO_OK;
        if (reco_report_require(r, "proof", err) ||
            reco_report_add(r, "json", RECO_CHECK_FAILED, "%s%s%s", perr.msg,
                            perr.path[0] ? " at " : "", perr.path))
            rc = oom(err);
        goto out;
    }
    if (reco_report_add(r, "json", RECO_CHECK_PASSED, "%zu bytes of well-formed JSON", n)) {
        rc = oom(err);
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
