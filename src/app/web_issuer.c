/*
 * web_issuer.c - what the issuer pages show beyond the API: the user's dashboard, an issuer's
 * dashboard (profile, members, badges, recent awards), the profile edit, the award list with
 * search, and a badge as its editor reads it (include/reco/app.h, "web: accounts and issuer
 * pages"). Every function checks the actor's role first.
 */
#include "app_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NAME_MAX_BYTES 200
#define URL_MAX        2048
#define TEXT_MAX       8000
#define SEARCH_MAX     200

static reco_code nomem(reco_error *err)
{
    return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
}

static const char *role_text(reco_role r)
{
    switch (r) {
    case RECO_ROLE_OWNER:
        return "owner";
    case RECO_ROLE_EDITOR:
        return "editor";
    case RECO_ROLE_AWARDER:
        return "awarder";
    default:
        return "none";
    }
}

/* The issuer row of slug and the actor's role on it, checked against min. */
static reco_code issuer_for(reco_app *app, const reco_app_user *actor, const char *slug,
                            reco_role min, reco_arena *a, reco_issuer_row *iss, reco_role *role,
                            reco_error *err)
{
    reco_code rc = reco_store_issuer_by_slug(app->store, slug ? slug : "", a, iss, err);
    if (rc == RECO_ENOTFOUND)
        return reco_error_set(err, rc, NULL, "no issuer %.60s", slug ? slug : "");
    if (!rc)
        rc = app_check_role(app, actor, iss, min, err);
    if (!rc)
        rc = reco_store_role_get(app->store, iss->id, actor->id, role, err);
    if (!rc && actor->is_admin)
        *role = RECO_ROLE_OWNER;
    return rc;
}

reco_code reco_app_web_dashboard(reco_app *app, const reco_app_user *user, json_t **out,
                                 reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    int64_t *ids = NULL;
    reco_role *roles = NULL;
    size_t n = 0;
    json_t *list = json_array();
    reco_code rc;
    *out = NULL;
    if (!a || !list) {
        rc = nomem(err);
        goto out;
    }
    if ((rc = reco_store_roles_of_user(app->store, user->id, a, &ids, &roles, &n, err)))
        goto out;
    for (size_t i = 0; i < n && !rc; i++) {
        reco_issuer_row iss;
        if ((rc = reco_store_issuer_get(app->store, ids[i], a, &iss, err)))
            break;
        if (json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "slug", iss.slug, "name",
                                                  iss.name ? iss.name : iss.slug, "role",
                                                  role_text(roles[i]))))
            rc = nomem(err);
    }
    if (!rc && user->is_admin) {
        reco_issuer_row *all = NULL;
        size_t na = 0;
        reco_page pg = {200, 0};
        rc = reco_store_issuer_list(app->store, &pg, a, &all, &na, err);
        for (size_t i = 0; !rc && i < na; i++) {
            bool member = false;
            for (size_t k = 0; k < n; k++)
                member |= ids[k] == all[i].id;
            if (!member && json_array_append_new(
                               list, json_pack("{s:s, s:s, s:s}", "slug", all[i].slug, "name",
                                               all[i].name ? all[i].name : "", "role", "admin")))
                rc = nomem(err);
        }
    }
    if (!rc && !(*out = json_pack("{s:O}", "issuers", list)))
        rc = nomem(err);
out:
    json_decref(list);
    reco_arena_free(a);
    return rc;
}

/* One award as the lists show it. */
static json_t *award_item(reco_app *app, const reco_credential_row *c, const char *badge,
                          const char *badge_id)
{
    char url[512];
    snprintf(url, sizeof url, "%s/credentials/%s", app->base_url, c->public_id);
    return json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:b, s:s?, s:b, s:I}", "id", c->public_id,
                     "url", url, "recipient",
                     c->recipient_email ? c->recipient_email
                                        : (c->recipient_did ? c->recipient_did : ""),
                     "name", c->recipient_name, "badge", badge, "badge_id", badge_id, "revoked",
                     c->revoked_at != 0, "reason", c->revocation_reason, "claimed",
                     c->claimed_by != 0, "created_at", (json_int_t)c->created_at);
}

static reco_code awards_of(reco_app *app, const reco_issuer_row *iss, int64_t ach_id,
                           const char *search, const reco_page *pg, reco_arena *a, json_t **out,
                           reco_error *err)
{
    reco_credential_row *rows = NULL;
    size_t n = 0;
    int64_t total = 0;
    json_t *items = json_array();
    reco_code rc = items ? RECO_OK : nomem(err);
    if (!rc)
        rc = reco_store_credential_list(app->store, iss->id, ach_id, 0, search ? search : "", pg, a,
                                        &rows, &n, &total, err);
    for (size_t i = 0; !rc && i < n; i++) {
        reco_achievement_row ach;
        const char *name = NULL, *pid = NULL;
        if (reco_store_achievement_get(app->store, rows[i].achievement_id, a, &ach, NULL) ==
            RECO_OK) {
            name = ach.name;
            pid = ach.public_id;
        }
        if (json_array_append_new(items, award_item(app, &rows[i], name, pid)))
            rc = nomem(err);
    }
    if (!rc &&
        !(*out = json_pack("{s:O, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
                           "limit", (json_int_t)pg->limit, "offset", (json_int_t)pg->offset)))
        rc = nomem(err);
    json_decref(items);
    return rc;
}

reco_code reco_app_web_awards(reco_app *app, const reco_app_user *actor, const char *slug,
                              const char *achievement_id, const char *search, const reco_page *page,
                              json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_issuer_row iss;
    reco_role role;
    reco_page pg = page ? *page : (reco_page){0};
    int64_t ach_id = 0;
    reco_code rc;
    *out = NULL;
    if (!a)
        return nomem(err);
    if (pg.limit <= 0 || pg.limit > 1000)
        pg.limit = 50;
    if (pg.offset < 0)
        pg.offset = 0;
    if (search && strlen(search) > SEARCH_MAX) {
        rc =
            reco_error_set(err, RECO_EINVAL, "q", "the search is longer than %d bytes", SEARCH_MAX);
        goto out;
    }
    if ((rc = issuer_for(app, actor, slug, RECO_ROLE_AWARDER, a, &iss, &role, err)))
        goto out;
    if (achievement_id && achievement_id[0]) {
        reco_achievement_row ach;
        rc = reco_store_achievement_by_public_id(app->store, achievement_id, a, &ach, err);
        if (!rc && ach.issuer_id != iss.id)
            rc = RECO_ENOTFOUND;
        if (rc == RECO_ENOTFOUND)
            reco_error_set(err, rc, NULL, "no badge %.60s at this issuer", achievement_id);
        if (rc)
            goto out;
        ach_id = ach.id;
    }
    rc = awards_of(app, &iss, ach_id, search, &pg, a, out, err);
out:
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_web_issuer(reco_app *app, const reco_app_user *actor, const char *slug,
                              json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_issuer_row iss;
    reco_role role = RECO_ROLE_NONE;
    reco_achievement_row *achs = NULL;
    reco_member_row *members = NULL;
    size_t nach = 0, nmem = 0;
    json_t *view = NULL, *badges = json_array(), *mem = json_array(), *awards = NULL;
    reco_page pg = {200, 0}, recent = {10, 0};
    reco_code rc;
    *out = NULL;
    if (!a || !badges || !mem) {
        rc = nomem(err);
        goto out;
    }
    if ((rc = issuer_for(app, actor, slug, RECO_ROLE_AWARDER, a, &iss, &role, err)))
        goto out;
    if ((rc = reco_app_issuer_get(app, slug, &view, err)))
        goto out;
    if ((rc = reco_store_achievement_list(app->store, iss.id, &pg, a, &achs, &nach, err)))
        goto out;
    for (size_t i = 0; i < nach; i++) {
        char url[512];
        snprintf(url, sizeof url, "%s/achievements/%s", app->base_url, achs[i].public_id);
        if (json_array_append_new(
                badges, json_pack("{s:s, s:s, s:s, s:s?, s:s?}", "id", achs[i].public_id, "url",
                                  url, "name", achs[i].name, "description", achs[i].description,
                                  "type", achs[i].achievement_type))) {
            rc = nomem(err);
            goto out;
        }
    }
    if (role == RECO_ROLE_OWNER) {
        if ((rc = reco_store_members_of_issuer(app->store, iss.id, a, &members, &nmem, err)))
            goto out;
        for (size_t i = 0; i < nmem; i++)
            if (json_array_append_new(
                    mem, json_pack("{s:s, s:s?, s:s, s:b, s:b, s:b}", "email", members[i].email,
                                   "name", members[i].name, "role", role_text(members[i].role),
                                   "role_owner", members[i].role == RECO_ROLE_OWNER, "role_editor",
                                   members[i].role == RECO_ROLE_EDITOR, "role_awarder",
                                   members[i].role == RECO_ROLE_AWARDER))) {
                rc = nomem(err);
                goto out;
            }
    }
    if ((rc = awards_of(app, &iss, 0, NULL, &recent, a, &awards, err)))
        goto out;
    *out = json_pack("{s:O, s:s, s:b, s:b, s:O, s:O, s:O, s:O}", "issuer", view, "role",
                     actor->is_admin && role == RECO_ROLE_OWNER ? "admin" : role_text(role),
                     "can_edit", role >= RECO_ROLE_EDITOR, "is_owner", role == RECO_ROLE_OWNER,
                     "members", mem, "badges", badges, "awards", json_object_get(awards, "items"),
                     "total_awards", json_object_get(awards, "total"));
    if (!*out)
        rc = nomem(err);
out:
    json_decref(view);
    json_decref(badges);
    json_decref(mem);
    json_decref(awards);
    reco_arena_free(a);
    return rc;
}

/* A string member of body into *out when present ("" allowed); RECO_EINVAL otherwise. */
static reco_code member(const json_t *body, const char *key, size_t max, const char **out,
                        reco_error *err)
{
    const json_t *v = json_object_get(body, key);
    char path[64];
    snprintf(path, sizeof path, "/%s", key);
    if (!v)
        return RECO_OK;
    if (!json_is_string(v) || json_string_length(v) > max ||
        strlen(json_string_value(v)) != json_string_length(v))
        return reco_error_set(err, RECO_EINVAL, path, "%s must be text of at most %zu bytes", key,
                              max);
    *out = json_string_value(v);
    return RECO_OK;
}

/* INSEE codes: commune 5, département 2 or 3, région 2 characters; digits, 2A/2B (Corsica). */
static bool insee_code(const char *v, size_t min, size_t max)
{
    size_t n = strlen(v);
    if (n < min || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((v[i] >= '0' && v[i] <= '9') || v[i] == 'A' || v[i] == 'B'))
            return false;
    return true;
}

/*
 * The stored address text with the members of body that belong to it replaced ("" removes
 * one): postalCode, addressLocality, and the territorial codes. *out: new malloc'ed text or
 * NULL when the address is empty.
 */
static reco_code merge_address(const char *stored, const json_t *body, char **out, reco_error *err)
{
    static const char *const keys[] = {"postalCode", "addressLocality", "commune", "departement",
                                       "region"};
    static const size_t mins[] = {0, 0, 5, 2, 2}, maxs[] = {16, 200, 5, 3, 2};
    json_t *addr = stored ? json_loads(stored, 0, NULL) : NULL;
    reco_code rc = RECO_OK;
    *out = NULL;
    if (!json_is_object(addr)) {
        json_decref(addr);
        addr = json_object();
    }
    for (size_t i = 0; addr && i < sizeof keys / sizeof *keys && !rc; i++) {
        const char *v = NULL;
        if ((rc = member(body, keys[i], maxs[i], &v, err)) || !v)
            continue;
        if (!v[0]) {
            json_object_del(addr, keys[i]);
        } else if (i >= 2 && !insee_code(v, mins[i], maxs[i])) {
            char path[32];
            snprintf(path, sizeof path, "/%s", keys[i]);
            rc = reco_error_set(err, RECO_EINVAL, path, "%s '%.10s' is not an INSEE code", keys[i],
                                v);
        } else {
            json_object_set_new(addr, keys[i], json_string(v));
        }
    }
    if (!addr)
        rc = nomem(err);
    if (!rc && json_object_size(addr) && !(*out = json_dumps(addr, JSON_COMPACT)))
        rc = nomem(err);
    json_decref(addr);
    return rc;
}

reco_code reco_app_issuer_update(reco_app *app, const reco_app_user *actor, const char *slug,
                                 const json_t *body, json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_issuer_row iss;
    reco_role role;
    const char *name = NULL, *url = NULL, *email = NULL, *desc = NULL, *image = NULL;
    char norm[256], *addr = NULL;
    reco_code rc;
    bool locked = false;
    if (out)
        *out = NULL;
    if (!a)
        return nomem(err);
    if (!json_is_object(body)) {
        rc = reco_error_set(err, RECO_EINVAL, "", "the profile is not a JSON object");
        goto out;
    }
    if ((rc = member(body, "name", NAME_MAX_BYTES, &name, err)) ||
        (rc = member(body, "url", URL_MAX, &url, err)) ||
        (rc = member(body, "email", 254, &email, err)) ||
        (rc = member(body, "description", TEXT_MAX, &desc, err)) ||
        (rc = member(body, "image", URL_MAX, &image, err)))
        goto out;
    if (image && image[0] && !app_is_http_url(image)) {
        rc = reco_error_set(err, RECO_EINVAL, "/image", "the logo is not an http or https URL");
        goto out;
    }
    if (name && !name[0]) {
        rc = reco_error_set(err, RECO_EINVAL, "/name", "the issuer name is missing");
        goto out;
    }
    if (url && url[0] && !app_is_http_url(url)) {
        rc = reco_error_set(err, RECO_EINVAL, "/url", "the web site is not an http or https URL");
        goto out;
    }
    if (email && email[0]) {
        if ((rc = reco_app_email_normalize(norm, sizeof norm, email, err))) {
            reco_error_set(err, rc, "/email", "the e-mail address is not valid");
            goto out;
        }
        email = norm;
    }
    app_lock(app);
    locked = true;
    if ((rc = issuer_for(app, actor, slug, RECO_ROLE_EDITOR, a, &iss, &role, err)))
        goto out;
    if (name)
        iss.name = name;
    if (url)
        iss.url = url[0] ? url : NULL;
    if (email)
        iss.email = email[0] ? email : NULL;
    if (desc)
        iss.description = desc[0] ? desc : NULL;
    if (image)
        iss.image_url = image[0] ? image : NULL;
    if ((rc = merge_address(iss.address, body, &addr, err)))
        goto out;
    iss.address = addr;
    if ((rc = reco_store_issuer_put(app->store, &iss, err)))
        goto out;
    app_unlock(app);
    locked = false;
    if (out)
        rc = reco_app_issuer_get(app, slug, out, err);
out:
    if (locked)
        app_unlock(app);
    free(addr);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_web_badge(reco_app *app, const reco_app_user *actor, const char *public_id,
                             json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_achievement_row ach;
    reco_issuer_row iss;
    reco_role role = RECO_ROLE_NONE;
    json_t *tags = NULL, *aligns = NULL;
    char url[512];
    reco_code rc;
    *out = NULL;
    if (!a)
        return nomem(err);
    rc = reco_store_achievement_by_public_id(app->store, public_id ? public_id : "", a, &ach, err);
    if (rc == RECO_ENOTFOUND)
        reco_error_set(err, rc, NULL, "no badge %.60s", public_id ? public_id : "");
    if (!rc)
        rc = reco_store_issuer_get(app->store, ach.issuer_id, a, &iss, err);
    if (!rc)
        rc = issuer_for(app, actor, iss.slug, RECO_ROLE_AWARDER, a, &iss, &role, err);
    if (rc)
        goto out;
    tags = ach.tags ? json_loads(ach.tags, 0, NULL) : NULL;
    aligns = ach.alignments ? json_loads(ach.alignments, 0, NULL) : NULL;
    snprintf(url, sizeof url, "%s/achievements/%s", app->base_url, ach.public_id);
    *out = json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s?, s:s?, s:s?, s:o, s:o, s:I, s:s?, s:b}", "id",
                     ach.public_id, "url", url, "issuer", iss.slug, "issuer_name", iss.name, "name",
                     ach.name, "description", ach.description, "criteria", ach.criteria_md, "type",
                     ach.achievement_type, "tags",
                     json_is_array(tags) ? json_incref(tags) : json_array(), "alignments",
                     json_is_array(aligns) ? json_incref(aligns) : json_array(), "validity_days",
                     (json_int_t)ach.validity_days, "image_type", ach.image_type, "can_edit",
                     role >= RECO_ROLE_EDITOR);
    if (!*out)
        rc = nomem(err);
out:
    json_decref(tags);
    json_decref(aligns);
    reco_arena_free(a);
    return rc;
}
