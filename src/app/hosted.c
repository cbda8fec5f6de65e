/*
 * hosted.c - what the service serves about credentials: the signed JSON, the VC-JWT, the
 * baked PNG or SVG (OB 3.0 §"Baked Badge"), the admin view and lists, and claim links.
 */
#include "app_internal.h"
#include "reco/bake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ARENA_CRED_CAP (16u * 1024u * 1024u)

static reco_code credential_row(reco_app *app, const char *public_id, reco_arena *a,
                                reco_credential_row *c, reco_error *err)
{
    reco_code rc;
    rc = reco_store_credential_by_public_id(app->store, public_id ? public_id : "", a, c, err);
    if (rc == RECO_ENOTFOUND)
        reco_error_set(err, rc, NULL, "no credential %.60s", public_id ? public_id : "");
    return rc;
}

reco_code reco_app_credential_json(reco_app *app, const char *public_id, reco_buf *out,
                                   reco_error *err)
{
    reco_arena *a = reco_arena_new(ARENA_CRED_CAP);
    reco_credential_row c;
    reco_code rc;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = credential_row(app, public_id, a, &c, err);
    if (!rc && (rc = reco_buf_puts(out, c.json)))
        reco_buf_error(rc, out, "credential", err);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_credential_jwt(reco_app *app, const char *public_id, reco_buf *out,
                                  reco_error *err)
{
    reco_arena *a = reco_arena_new(ARENA_CRED_CAP);
    reco_credential_row c;
    reco_code rc;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = credential_row(app, public_id, a, &c, err);
    if (!rc && (!c.jwt || !c.jwt[0]))
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "credential %.60s has no VC-JWT form",
                            public_id);
    if (!rc && (rc = reco_buf_puts(out, c.jwt)))
        reco_buf_error(rc, out, "credential", err);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_credential_baked(reco_app *app, const char *public_id, const char *format,
                                    reco_buf *out, const char **mime, reco_error *err)
{
    reco_arena *a = reco_arena_new(ARENA_CRED_CAP);
    reco_credential_row c;
    reco_achievement_row ach;
    reco_code rc;
    bool png = format && strcmp(format, "png") == 0;
    *mime = NULL;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if (!png && !(format && strcmp(format, "svg") == 0)) {
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "no %.10s form (png or svg)",
                            format ? format : "");
        goto out;
    }
    if ((rc = credential_row(app, public_id, a, &c, err)))
        goto out;
    rc = reco_store_achievement_get(app->store, c.achievement_id, a, &ach, err);
    if (rc)
        goto out;
    if (!ach.image_len || !ach.image_type ||
        strcmp(ach.image_type, png ? "image/png" : "image/svg+xml") != 0) {
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "this badge has no %s image",
                            png ? "png" : "svg");
        goto out;
    }
    reco_buf_clear(out);
    rc = png ? reco_bake_png(ach.image, ach.image_len, c.json, strlen(c.json), 3, out, err)
             : reco_bake_svg(ach.image, ach.image_len, c.json, strlen(c.json), 3, out, err);
    if (!rc)
        *mime = png ? "image/png" : "image/svg+xml";
out:
    reco_arena_free(a);
    return rc;
}

/* The admin view of one credential row. */
static json_t *credential_view(reco_app *app, const reco_credential_row *c,
                               const reco_issuer_row *iss, const reco_achievement_row *ach,
                               bool with_credential)
{
    char url[600], when[40];
    json_t *v = json_object();
    json_t *r = json_object();
    snprintf(url, sizeof url, "%s/credentials/%s", app->base_url, c->public_id);
    app_set_str(v, "id", url);
    if (with_credential) {
        json_t *cred = json_loads(c->json, 0, NULL);
        if (cred)
            json_object_set_new(v, "credential", cred);
    }
    app_set_str(r, "email", c->recipient_email);
    app_set_str(r, "id", c->recipient_did);
    app_set_str(r, "name", c->recipient_name);
    json_object_set_new(v, "recipient", r);
    if (ach) {
        snprintf(url, sizeof url, "%s/achievements/%s", app->base_url, ach->public_id);
        app_set_str(v, "achievement", url);
        app_set_str(v, "achievementName", ach->name);
    }
    if (iss)
        app_set_str(v, "issuer", iss->slug);
    json_object_set_new(v, "revoked", json_boolean(c->revoked_at != 0));
    if (c->revoked_at) {
        app_time_text(c->revoked_at, when, sizeof when);
        app_set_str(v, "revokedAt", when);
        app_set_str(v, "revocationReason", c->revocation_reason);
    }
    json_object_set_new(v, "claimed", json_boolean(c->claimed_by != 0));
    app_time_text(c->created_at, when, sizeof when);
    app_set_str(v, "createdAt", when);
    return v;
}

reco_code reco_app_credential_get(reco_app *app, const reco_app_user *actor, const char *public_id,
                                  json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(ARENA_CRED_CAP);
    reco_credential_row c;
    reco_issuer_row iss;
    reco_achievement_row ach;
    reco_code rc;
    *out = NULL;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = reco_store_credential_by_public_id(app->store, public_id ? public_id : "", a, &c, err);
    if (rc == RECO_ENOTFOUND)
        reco_error_set(err, rc, NULL, "no credential %.60s", public_id ? public_id : "");
    if (!rc)
        rc = reco_store_issuer_get(app->store, c.issuer_id, a, &iss, err);
    if (!rc)
        rc = app_check_role(app, actor, &iss, RECO_ROLE_AWARDER, err);
    if (!rc)
        rc = reco_store_achievement_get(app->store, c.achievement_id, a, &ach, err);
    if (!rc && !(*out = credential_view(app, &c, &iss, &ach, true)))
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_credential_list(reco_app *app, const reco_app_user *actor, const char *slug,
                                   const char *achievement_id, const reco_page *page, json_t **out,
                                   reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_issuer_row iss = {0};
    reco_achievement_row ach = {0};
    reco_credential_row *rows = NULL;
    reco_page pg = page ? *page : (reco_page){0};
    size_t n = 0;
    int64_t total = 0, issuer_id = 0, achievement_row = 0;
    reco_code rc = RECO_OK;
    json_t *items = json_array();
    *out = NULL;
    if (!a || !items) {
        reco_arena_free(a);
        json_decref(items);
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    }
    if (!actor) {
        rc = reco_error_set(err, RECO_EDENIED, NULL, "you need to sign in");
        goto out;
    }
    if (pg.limit <= 0)
        pg.limit = 50;
    if (pg.limit > 1000)
        pg.limit = 1000;
    if (pg.offset < 0)
        pg.offset = 0;
    if (slug && slug[0]) {
        rc = reco_store_issuer_by_slug(app->store, slug, a, &iss, err);
        if (rc == RECO_ENOTFOUND)
            reco_error_set(err, rc, NULL, "no issuer %.60s", slug);
        if (!rc)
            rc = app_check_role(app, actor, &iss, RECO_ROLE_AWARDER, err);
        issuer_id = iss.id;
    }
    if (!rc && achievement_id && achievement_id[0]) {
        reco_issuer_row ai;
        rc = app_load_achievement(app, achievement_id, a, &ach, &ai, err);
        if (!rc)
            rc = app_check_role(app, actor, &ai, RECO_ROLE_AWARDER, err);
        if (!rc && issuer_id && ai.id != issuer_id)
            rc = reco_error_set(err, RECO_EINVAL, NULL,
                                "achievement %.60s is not one of issuer %.60s", achievement_id,
                                slug);
        achievement_row = ach.id;
        issuer_id = ai.id;
    }
    if (!rc && !issuer_id && !actor->is_admin) {
        /* Without a filter, a non-admin sees the credentials of one issuer they belong to:
         * the store lists by one issuer, so an unfiltered list is for admins. */
        rc = reco_error_set(err, RECO_EDENIED, NULL,
                            "name an issuer or an achievement to list credentials");
    }
    if (!rc)
        rc = reco_store_credential_list(app->store, issuer_id, achievement_row, 0, NULL, &pg, a,
                                        &rows, &n, &total, err);
    for (size_t i = 0; !rc && i < n; i++) {
        reco_issuer_row ri;
        reco_achievement_row ra;
        rc = reco_store_issuer_get(app->store, rows[i].issuer_id, a, &ri, err);
        if (!rc)
            rc = reco_store_achievement_get(app->store, rows[i].achievement_id, a, &ra, err);
        if (!rc)
            json_array_append_new(items, credential_view(app, &rows[i], &ri, &ra, false));
    }
    if (!rc &&
        !(*out = json_pack("{s:O, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
                           "limit", (json_int_t)pg.limit, "offset", (json_int_t)pg.offset)))
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
out:
    json_decref(items);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_claim_lookup(reco_app *app, const char *token, json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(ARENA_CRED_CAP);
    reco_credential_row c;
    reco_issuer_row iss;
    reco_achievement_row ach;
    char hash[65];
    reco_code rc;
    *out = NULL;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if (!token || strlen(token) < 20 || strlen(token) > 80) {
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "the claim link is not valid");
        goto out;
    }
    app_sha256_hex(token, strlen(token), hash);
    rc = reco_store_credential_by_claim(app->store, hash, a, &c, err);
    if (!rc)
        rc = reco_store_issuer_get(app->store, c.issuer_id, a, &iss, err);
    if (!rc)
        rc = reco_store_achievement_get(app->store, c.achievement_id, a, &ach, err);
    if (!rc && c.claim_expires_at && c.claim_expires_at < (int64_t)time(NULL))
        rc = RECO_ENOTFOUND;
    if (rc == RECO_ENOTFOUND)
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "the claim link is not valid or expired");
    if (!rc) {
        *out = credential_view(app, &c, &iss, &ach, true);
        json_object_del(*out, "recipient");
        app_set_str(*out, "issuerName", iss.name);
    }
out:
    reco_arena_free(a);
    return rc;
}
