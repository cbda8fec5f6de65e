/*
 * status.c - revocation and the BitstringStatusListCredential (W3C Bitstring Status List
 * v1.0): one revocation list per issuer, one bit per credential; the signed list credential is
 * kept in memory until its bits change.
 */
#include "app_internal.h"
#include "reco/status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REASON_MAX 1000

void app_status_cache_free(reco_app *app)
{
    for (size_t i = 0; i < STATUS_CACHE_SLOTS; i++) {
        free(app->cache[i].json);
        app->cache[i].json = NULL;
    }
}

reco_code reco_app_revoke(reco_app *app, const reco_app_user *actor, const char *credential_id,
                          const char *reason, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_credential_row c;
    reco_issuer_row iss;
    reco_code rc;
    int64_t now = (int64_t)time(NULL);
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if (reason && strlen(reason) > REASON_MAX) {
        reco_arena_free(a);
        return reco_error_set(err, RECO_ELIMIT, "/reason", "reason is longer than %d bytes",
                              REASON_MAX);
    }
    app_lock(app);
    rc = reco_store_credential_by_public_id(app->store, credential_id ? credential_id : "", a, &c,
                                            err);
    if (rc == RECO_ENOTFOUND)
        reco_error_set(err, rc, NULL, "no credential %.60s", credential_id ? credential_id : "");
    if (!rc)
        rc = reco_store_issuer_get(app->store, c.issuer_id, a, &iss, err);
    if (!rc)
        rc = app_check_role(app, actor, &iss, RECO_ROLE_AWARDER, err);
    if (!rc && c.revoked_at)
        rc = reco_error_set(err, RECO_ECONFLICT, NULL, "credential %.60s is already revoked",
                            credential_id);
    /* The bit and the row change together (one transaction). */
    if (!rc && !(rc = reco_store_begin(app->store, err))) {
        rc = reco_store_status_list_set(app->store, c.status_list_id, c.status_index, true, now,
                                        err);
        c.revoked_at = now;
        c.revocation_reason = reason && reason[0] ? reason : "revoked by the issuer";
        if (!rc)
            rc = reco_store_credential_put(app->store, &c, err);
        if (!rc)
            rc = reco_store_commit(app->store, err);
        else
            reco_store_rollback(app->store);
    }
    app_unlock(app);
    reco_arena_free(a);
    return rc;
}

/* The signed BitstringStatusListCredential (§2.2) of a list. */
static reco_code make_list_credential(reco_app *app, const reco_issuer_row *iss,
                                      const reco_status_list_row *l, reco_buf *out, reco_error *err)
{
    reco_buf iid;
    char url[700], vm[1200];
    json_t *doc = NULL;
    reco_key *key = NULL;
    reco_code rc;
    reco_buf_init(&iid, 1024);
    snprintf(url, sizeof url, "%s/issuers/%s/status/%s", app->base_url, iss->slug, l->public_id);
    if ((rc = app_issuer_id(app, iss->slug, &iid))) {
        reco_error_set(err, rc, NULL, "cannot name the issuer of the status list");
        goto out;
    }
    snprintf(vm, sizeof vm, "%s#key-ed25519", iid.data);
    {
        reco_status_list_params p = {0};
        p.id = url;
        p.issuer = iid.data;
        p.purpose = l->purpose;
        p.bits = l->bits;
        p.len = l->bits_len;
        if ((rc = reco_status_list_credential_build(&p, &doc, err)))
            goto out;
    }
    if ((rc = app_issuer_key(app, iss, false, &key, err)))
        goto out;
    {
        reco_di_sign_options so = {0};
        so.cryptosuite =
            reco_di_suite_find("eddsa-rdfc-2022") ? "eddsa-rdfc-2022" : RECO_DI_DEFAULT_SUITE;
        so.verification_method = vm;
        so.loader = app_loader(app);
        if ((rc = reco_di_add_proof(doc, key, &so, err)))
            goto out;
    }
    rc = reco_json_write(doc, 0, out, err);
out:
    reco_key_free(key);
    json_decref(doc);
    reco_buf_release(&iid);
    return rc;
}

reco_code reco_app_status_list(reco_app *app, const char *slug, const char *list_id, reco_buf *out,
                               reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_status_list_row l;
    reco_issuer_row iss;
    uint8_t h[32];
    reco_code rc;
    bool hit = false;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = reco_store_status_list_by_public_id(app->store, list_id ? list_id : "", a, &l, err);
    if (!rc)
        rc = reco_store_issuer_get(app->store, l.issuer_id, a, &iss, err);
    if (rc == RECO_ENOTFOUND || (!rc && strcmp(iss.slug, slug ? slug : "") != 0))
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "no status list %.60s of issuer %.60s",
                            list_id ? list_id : "", slug ? slug : "");
    if (rc)
        goto out;
    reco_sha256(l.bits, l.bits_len, h);
    pthread_mutex_lock(&app->cache_mu);
    for (size_t i = 0; i < STATUS_CACHE_SLOTS && !hit; i++) {
        status_cache_entry *e = &app->cache[i];
        if (e->json && e->list_id == l.id && memcmp(e->bits_hash, h, 32) == 0) {
            hit = true;
            rc = reco_buf_append(out, e->json, e->len);
            if (rc)
                reco_buf_error(rc, out, "status list", err);
        }
    }
    pthread_mutex_unlock(&app->cache_mu);
    if (hit)
        goto out;
    {
        reco_buf made;
        reco_buf_init(&made, 0);
        rc = make_list_credential(app, &iss, &l, &made, err);
        if (!rc && (rc = reco_buf_append(out, made.data, made.len)))
            reco_buf_error(rc, out, "status list", err);
        if (!rc) {
            pthread_mutex_lock(&app->cache_mu);
            status_cache_entry *e = NULL;
            for (size_t i = 0; i < STATUS_CACHE_SLOTS && !e; i++)
                if (app->cache[i].json && app->cache[i].list_id == l.id)
                    e = &app->cache[i];
            if (!e)
                e = &app->cache[app->cache_next++ % STATUS_CACHE_SLOTS];
            free(e->json);
            e->list_id = l.id;
            memcpy(e->bits_hash, h, 32);
            e->json = reco_buf_detach(&made, &e->len);
            pthread_mutex_unlock(&app->cache_mu);
        }
        reco_buf_release(&made);
    }
out:
    reco_arena_free(a);
    return rc;
}
