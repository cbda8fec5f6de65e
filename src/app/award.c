/*
 * award.c - awarding an achievement: the OpenBadgeCredential (VC Data Model 2.0 + OB 3.0
 * context 3.0.3) with a BitstringStatusListEntry, signed with eddsa-rdfc-2022 by the issuer's
 * Ed25519 key (VC-JWT with the RSA key on request), stored with its status index and a hashed
 * claim token in one transaction; then the earner is told.
 */
#include "app_internal.h"
#include "reco/status.h"
#include "reco/jose.h"
#include "reco/ob.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CLAIM_TTL    (30 * 24 * 3600)
#define SALT_BYTES   16
#define ARENA_AW_CAP (8u * 1024u * 1024u)
#define SUITE        "eddsa-rdfc-2022"

/* An http(s) link of at most 2048 bytes (evidence URLs end up in signed credentials). */
static bool is_http_url(const char *s)
{
    return app_is_http_url(s) && strlen(s) <= 2048;
}

/* A DID (did:<method>:<id>) or another absolute URI with a scheme. */
static bool is_did(const char *s)
{
    size_t n = strlen(s);
    if (strncmp(s, "did:", 4) != 0 || n < 7 || n > 2048)
        return false;
    const char *m = s + 4;
    size_t ml = strcspn(m, ":");
    if (!ml || !m[ml] || !m[ml + 1])
        return false;
    for (size_t i = 0; i < ml; i++)
        if (!((m[i] >= 'a' && m[i] <= 'z') || (m[i] >= '0' && m[i] <= '9')))
            return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '<' || *p == '>')
            return false;
    return true;
}

reco_code app_award_params_check(const reco_app_award_params *p, reco_error *err)
{
    char norm[256];
    reco_code rc;
    if (!p)
        return reco_error_set(err, RECO_EINVAL, "/recipient", "the recipient is missing");
    if ((p->email && p->email[0]) == (p->did && p->did[0]))
        return reco_error_set(err, RECO_EINVAL, "/recipient",
                              "the recipient needs an e-mail address or a DID (one of them)");
    if (p->email && p->email[0] &&
        (rc = reco_app_email_normalize(norm, sizeof norm, p->email, err))) {
        if (err)
            snprintf(err->path, sizeof err->path, "/recipient/email");
        return rc;
    }
    if (p->did && p->did[0] && !is_did(p->did))
        return reco_error_set(err, RECO_EINVAL, "/recipient/id",
                              "the recipient id '%.60s' is not a DID", p->did);
    if (p->evidence_url && p->evidence_url[0] && !is_http_url(p->evidence_url))
        return reco_error_set(err, RECO_EINVAL, "/evidence",
                              "evidence is not an http or https URL");
    if (p->narrative && strlen(p->narrative) > 20000)
        return reco_error_set(err, RECO_ELIMIT, "/narrative", "narrative is too long");
    if (p->name && strlen(p->name) > 200)
        return reco_error_set(err, RECO_ELIMIT, "/name", "name is too long");
    return RECO_OK;
}

void app_award_result_release(award_result *res)
{
    json_decref(res->credential);
    free(res->jwt);
    reco_wipe(res->claim_token, sizeof res->claim_token);
    memset(res, 0, sizeof *res);
}

/* The issuer's revocation list with a free index, made when there is none (in the caller's
 * transaction). */
static reco_code take_status_index(reco_app *app, const reco_issuer_row *iss, reco_arena *a,
                                   reco_status_list_row *list, int64_t *index, reco_error *err)
{
    reco_code rc;
    char pid[48];
    for (int attempt = 0; attempt < 2; attempt++) {
        rc = reco_store_status_list_open_for(app->store, iss->id, "revocation", a, list, err);
        if (rc == RECO_ENOTFOUND) {
            reco_status_list_row fresh = {0};
            if ((rc = app_public_id(pid, sizeof pid, err)))
                return rc;
            fresh.public_id = pid;
            fresh.issuer_id = iss->id;
            fresh.purpose = "revocation";
            fresh.size = STATUS_LIST_SIZE;
            fresh.updated_at = (int64_t)time(NULL);
            if ((rc = reco_store_status_list_put(app->store, &fresh, err)))
                return rc;
            rc = reco_store_status_list_get(app->store, fresh.id, a, list, err);
        }
        if (rc)
            return rc;
        rc = reco_store_status_list_take(app->store, list->id, index, err);
        if (rc != RECO_ELIMIT)
            return rc;
    }
    return rc;
}

/* credentialSubject: the DID as id, or a salted hash of the e-mail (OB 3.0 IdentityObject). */
static reco_code subject_json(const reco_app_award_params *p, json_t *achievement, json_t **out,
                              reco_error *err)
{
    json_t *s = json_object();
    reco_code rc = RECO_OK;
    reco_buf salt, hash;
    uint8_t raw[SALT_BYTES];
    char norm[256];
    reco_buf_init(&salt, 64);
    reco_buf_init(&hash, 128);
    json_object_set_new(s, "type", json_pack("[s]", "AchievementSubject"));
    if (p->did && p->did[0]) {
        json_object_set_new(s, "id", json_string(p->did));
    } else {
        if ((rc = reco_app_email_normalize(norm, sizeof norm, p->email, err)))
            goto out;
        if ((rc = reco_random(raw, sizeof raw, err)) ||
            (rc = reco_hex_encode(raw, sizeof raw, &salt)) ||
            (rc = reco_ob_identity_hash(norm, salt.data, &hash, err)))
            goto out;
        json_object_set_new(s, "identifier",
                            json_pack("[{s:s, s:b, s:s, s:s, s:s}]", "type", "IdentityObject",
                                      "hashed", 1, "identityHash", hash.data, "identityType",
                                      "emailAddress", "salt", salt.data));
    }
    json_object_set(s, "achievement", achievement);
    if (p->narrative && p->narrative[0])
        json_object_set_new(s, "narrative", json_string(p->narrative));
out:
    reco_buf_release(&salt);
    reco_buf_release(&hash);
    if (rc) {
        json_decref(s);
        s = NULL;
    }
    *out = s;
    return rc;
}

reco_code app_award_one(reco_app *app, const award_ctx *ac, const reco_app_award_params *p,
                        award_result *res, reco_error *err)
{
    reco_code rc;
    reco_arena *a = reco_arena_new(0);
    reco_status_list_row list;
    int64_t index = 0;
    char url[600], list_url[700], vm[1200], kid[1200];
    char now_text[40], until_text[40];
    uint8_t raw[32];
    reco_buf iid, text, tok;
    json_t *cred = NULL, *issuer = NULL, *ach = NULL, *subject = NULL;
    reco_credential_row row = {0};
    char claim_hash[65];
    int64_t now = (int64_t)time(NULL);
    memset(res, 0, sizeof *res);
    reco_buf_init(&iid, 1024);
    reco_buf_init(&text, 4u * 1024u * 1024u);
    reco_buf_init(&tok, 128);
    if (!a) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if ((rc = app_public_id(res->public_id, sizeof res->public_id, err)))
        goto out;
    snprintf(url, sizeof url, "%s/credentials/%s", app->base_url, res->public_id);
    if ((rc = take_status_index(app, ac->iss, a, &list, &index, err)))
        goto out;
    snprintf(list_url, sizeof list_url, "%s/issuers/%s/status/%s", app->base_url, ac->iss->slug,
             list.public_id);
    if ((rc = app_issuer_id(app, ac->iss->slug, &iid))) {
        reco_buf_error(rc, &iid, "issuer id", err);
        goto out;
    }
    snprintf(vm, sizeof vm, "%s#key-ed25519", iid.data);
    snprintf(kid, sizeof kid, "%s#key-rsa", iid.data);
    if ((rc = app_profile_json(app, ac->iss, &issuer, err)) ||
        (rc = app_achievement_json(app, ac->ach, ac->iss, false, &ach, err)) ||
        (rc = subject_json(p, ach, &subject, err)))
        goto out;
    app_time_text(now, now_text, sizeof now_text);
    cred = json_pack("{s:[s,s], s:s, s:[s,s], s:s, s:O, s:s, s:O}", "@context", RECO_VC_CONTEXT_V2,
                     RECO_OB3_CONTEXT, "id", url, "type", "VerifiableCredential",
                     "OpenBadgeCredential", "name", ac->ach->name ? ac->ach->name : "", "issuer",
                     issuer, "validFrom", now_text, "credentialSubject", subject);
    if (!cred) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory building the credential");
        goto out;
    }
    if (ac->ach->validity_days > 0) {
        app_time_text(now + ac->ach->validity_days * 86400, until_text, sizeof until_text);
        json_object_set_new(cred, "validUntil", json_string(until_text));
    }
    if (p->evidence_url && p->evidence_url[0])
        json_object_set_new(cred, "evidence",
                            json_pack("[{s:s, s:[s]}]", "id", p->evidence_url, "type", "Evidence"));
    /* BitstringStatusList §2.1 (BitstringStatusListEntry). */
    {
        json_t *entry = NULL;
        if ((rc = reco_status_entry_build(list_url, (uint64_t)index, "revocation", &entry, err)))
            goto out;
        json_object_set_new(cred, "credentialStatus", entry);
    }
    {
        reco_di_sign_options so = {0};
        so.cryptosuite = reco_di_suite_find(SUITE) ? SUITE : RECO_DI_DEFAULT_SUITE;
        so.verification_method = vm;
        so.loader = app_loader(app);
        if ((rc = reco_di_add_proof(cred, ac->ed, &so, err)))
            goto out;
    }
    if (p->jwt) {
        reco_vcjwt_sign_options jo = {0};
        reco_buf jwt;
        reco_buf_init(&jwt, 4u * 1024u * 1024u);
        jo.kid = kid;
        rc = ac->rsa ? reco_vcjwt_sign(cred, ac->rsa, &jo, &jwt, err)
                     : reco_error_set(err, RECO_EINVAL, NULL, "the issuer has no RSA key");
        if (!rc)
            res->jwt = reco_buf_detach(&jwt, NULL);
        reco_buf_release(&jwt);
        if (rc)
            goto out;
    }
    if ((rc = reco_json_write(cred, 0, &text, err)))
        goto out;
    /* The claim token: random, only its hash is kept (valid 30 days). */
    if ((rc = reco_random(raw, sizeof raw, err)) ||
        (rc = reco_base58btc_encode(raw, sizeof raw, &tok)))
        goto out;
    snprintf(res->claim_token, sizeof res->claim_token, "%s", tok.data);
    app_sha256_hex(tok.data, tok.len, claim_hash);
    row.public_id = res->public_id;
    row.issuer_id = ac->iss->id;
    row.achievement_id = ac->ach->id;
    row.recipient_email = NULL;
    char norm[256];
    if (p->email && p->email[0] && !reco_app_email_normalize(norm, sizeof norm, p->email, NULL))
        row.recipient_email = norm;
    row.recipient_did = p->did && p->did[0] ? p->did : NULL;
    row.recipient_name = p->name && p->name[0] ? p->name : NULL;
    row.json = text.data;
    row.jwt = res->jwt;
    row.status_list_id = list.id;
    row.status_index = index;
    row.claim_hash = claim_hash;
    row.claim_expires_at = now + CLAIM_TTL;
    row.job_id = ac->job_id;
    row.job_row = ac->job_row;
    row.created_at = now;
    if ((rc = reco_store_credential_put(app->store, &row, err)))
        goto out;
    res->credential = cred;
    cred = NULL;
out:
    reco_wipe(raw, sizeof raw);
    reco_wipe(tok.data, tok.len);
    json_decref(cred);
    json_decref(issuer);
    json_decref(ach);
    json_decref(subject);
    reco_buf_release(&iid);
    reco_buf_release(&text);
    reco_buf_release(&tok);
    reco_arena_free(a);
    if (rc)
        app_award_result_release(res);
    return rc;
}

reco_code reco_app_award(reco_app *app, const reco_app_user *actor, const char *achievement_id,
                         const reco_app_award_params *p, json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(ARENA_AW_CAP);
    reco_achievement_row ach;
    reco_issuer_row iss;
    award_ctx ac = {0};
    award_result res = {0};
    reco_code rc;
    char url[600], claim[700];
    reco_error mail_err = {0};
    *out = NULL;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if ((rc = app_award_params_check(p, err)))
        goto out;
    app_lock(app);
    rc = app_load_achievement(app, achievement_id, a, &ach, &iss, err);
    if (!rc)
        rc = app_check_role(app, actor, &iss, RECO_ROLE_AWARDER, err);
    if (!rc)
        rc = app_issuer_key(app, &iss, false, &ac.ed, err);
    if (!rc && p->jwt)
        rc = app_issuer_key(app, &iss, true, &ac.rsa, err);
    ac.iss = &iss;
    ac.ach = &ach;
    if (!rc && !(rc = reco_store_begin(app->store, err))) {
        rc = app_award_one(app, &ac, p, &res, err);
        if (!rc)
            rc = reco_store_commit(app->store, err);
        else
            reco_store_rollback(app->store);
    }
    app_unlock(app);
    if (rc)
        goto out;
    snprintf(url, sizeof url, "%s/credentials/%s", app->base_url, res.public_id);
    snprintf(claim, sizeof claim, "%s/claim/%s", app->base_url, res.claim_token);
    *out = json_pack("{s:s, s:O, s:s}", "id", url, "credential", res.credential, "claimUrl", claim);
    if (!*out) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (res.jwt)
        json_object_set_new(*out, "jwt", json_string(res.jwt));
    /* The award stands even when the e-mail cannot be sent: it is said in the answer. */
    if (!p->no_email && p->email && p->email[0] &&
        app_mail_award(app, &iss, &ach, p, url, claim, &mail_err))
        json_object_set_new(*out, "emailError", json_string(mail_err.msg));
out:
    app_award_result_release(&res);
    reco_key_free(ac.ed);
    reco_key_free(ac.rsa);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_award_json(reco_app *app, const reco_app_user *actor, const char *achievement_id,
                              const json_t *body, json_t **out, reco_error *err)
{
    reco_app_award_params p = {0};
    const json_t *r, *ev;
    const char *format = NULL;
    reco_code rc;
    *out = NULL;
    if (!json_is_object(body))
        return reco_error_set(err, RECO_EINVAL, "", "the award is not a JSON object");
    r = json_object_get(body, "recipient");
    if (!json_is_object(r))
        return reco_error_set(err, RECO_EINVAL, "/recipient",
                              "recipient is not an object {\"email\": ...} or {\"id\": DID}");
    if ((rc = app_opt_string(r, "email", 254, &p.email, err)) ||
        (rc = app_opt_string(r, "id", 2048, &p.did, err))) {
        if (err)
            snprintf(err->path, sizeof err->path, "/recipient%s", p.email ? "/id" : "/email");
        return rc;
    }
    if ((rc = app_opt_string(r, "name", 200, &p.name, err)) ||
        (!p.name && (rc = app_opt_string(body, "name", 200, &p.name, err))) ||
        (rc = app_opt_string(body, "narrative", 20000, &p.narrative, err)) ||
        (rc = app_opt_string(body, "format", 16, &format, err)))
        return rc;
    ev = json_object_get(body, "evidence");
    if (json_is_string(ev))
        p.evidence_url = json_string_value(ev);
    else if (json_is_array(ev) && json_array_size(ev) == 1 &&
             json_is_string(json_object_get(json_array_get(ev, 0), "id")))
        p.evidence_url = json_string_value(json_object_get(json_array_get(ev, 0), "id"));
    else if (ev && !json_is_null(ev))
        return reco_error_set(err, RECO_EINVAL, "/evidence",
                              "evidence is neither a URL nor [{\"id\": URL}]");
    if (format && strcmp(format, "jwt") != 0 && strcmp(format, "ldp") != 0)
        return reco_error_set(err, RECO_EINVAL, "/format", "format is neither \"jwt\" nor \"ldp\"");
    p.jwt = format && strcmp(format, "jwt") == 0;
    return reco_app_award(app, actor, achievement_id, &p, out, err);
}
