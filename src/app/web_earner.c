/*
 * web_earner.c - the use cases of the earner pages (claim a badge, the backpack, import any
 * Open Badge, public or private, share) and of the public pages (home lists, issuer, badge and
 * credential pages with a live verification report). docs/web-earner.md.
 *
 * Imports are verified first with reco_app_verify_bytes, the same code as `reco verify` and
 * POST /api/v1/verify; a badge whose report is not valid is refused and never stored.
 *
 * The credential page's report is cached briefly (RECO_APP_REPORT_TTL) in a small table of
 * this file; an entry remembers the credential's revocation time it was made with, so a
 * revocation makes the next page verify again at once.
 */
#include "app_internal.h"
#include "reco/bake.h"
#include "reco/http.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define ARENA_CAP    (32u * 1024u * 1024u)
#define PAGE_DEFAULT 20
#define PAGE_EXPLORE 12
#define PAGE_MAX     100
#define REPORT_SLOTS 64
#define REPORT_MAX   (1u * 1024u * 1024u)

/* ---------------------------------------------------------------- small helpers */

static reco_code nomem(reco_error *err)
{
    return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
}

static reco_page page_of(const reco_page *p, int64_t def)
{
    reco_page pg = p ? *p : (reco_page){0};
    if (pg.limit <= 0)
        pg.limit = def;
    if (pg.limit > PAGE_MAX)
        pg.limit = PAGE_MAX;
    if (pg.offset < 0)
        pg.offset = 0;
    return pg;
}

/* {"items": items, "more", "offset", "next", "prev"}: steals items. */
static json_t *list_of(json_t *items, bool more, const reco_page *pg)
{
    json_t *o = json_object();
    if (!o) {
        json_decref(items);
        return NULL;
    }
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "more", json_boolean(more));
    json_object_set_new(o, "offset", json_integer(pg->offset));
    json_object_set_new(o, "next", more ? json_integer(pg->offset + pg->limit) : json_null());
    json_object_set_new(o, "prev",
                        pg->offset > 0
                            ? json_integer(pg->offset > pg->limit ? pg->offset - pg->limit : 0)
                            : json_null());
    json_object_set_new(o, "has_prev", json_boolean(pg->offset > 0));
    return o;
}

/* Set key to a string, or null when s is NULL or empty. */
static void set_str_or_null(json_t *o, const char *key, const char *s)
{
    json_object_set_new(o, key, s && s[0] ? json_string(s) : json_null());
    if (s && s[0] && !json_object_get(o, key)) /* not UTF-8: leave it out */
        json_object_set_new(o, key, json_null());
}

/* s when it is an http(s) URL (a link the pages may write in href), else NULL. */
static const char *web_url(const char *s)
{
    if (s && (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0))
        return s;
    return NULL;
}

static const char *summary_of(const json_t *report, const char *key)
{
    return json_string_value(json_object_get(json_object_get(report, "summary"), key));
}

static bool user_ok(const reco_app_user *user, reco_error *err)
{
    if (!user || user->id <= 0) {
        reco_error_set(err, RECO_EDENIED, "login", "you need to log in");
        return false;
    }
    return true;
}

/* ---------------------------------------------------------------- claim */

reco_code reco_app_claim_accept(reco_app *app, const reco_app_user *user, const char *token,
                                char *id_out, size_t cap, reco_error *err)
{
    reco_arena *a = reco_arena_new(ARENA_CAP);
    reco_credential_row c;
    reco_user_row u;
    char hash[65];
    reco_code rc = RECO_OK;
    bool locked = false;
    if (id_out && cap)
        id_out[0] = '\0';
    if (!a)
        return nomem(err);
    if (!user_ok(user, err)) {
        rc = RECO_EDENIED;
        goto out;
    }
    if (!token || strlen(token) < 20 || strlen(token) > 80) {
        rc = reco_error_set(err, RECO_ENOTFOUND, "token", "the claim link is not valid");
        goto out;
    }
    app_sha256_hex(token, strlen(token), hash);
    app_lock(app);
    locked = true;
    rc = reco_store_credential_by_claim(app->store, hash, a, &c, err);
    if (!rc && c.claim_expires_at && c.claim_expires_at < (int64_t)time(NULL))
        rc = RECO_ENOTFOUND;
    if (rc == RECO_ENOTFOUND) {
        rc = reco_error_set(err, RECO_ENOTFOUND, "token", "the claim link is not valid or expired");
        goto out;
    }
    if (rc)
        goto out;
    if (c.claimed_by) {
        rc = reco_error_set(err, RECO_ECONFLICT, "used",
                            c.claimed_by == user->id ? "you have claimed this badge already"
                                                     : "this badge was claimed already");
        goto out;
    }
    if ((rc = reco_store_user_get(app->store, user->id, a, &u, err)))
        goto out;
    /* Both are normalised (lower case) when stored; compare without case all the same. A
     * mismatch is said before a missing confirmation: confirming would not help there. */
    if (!c.recipient_email || !u.email || strcasecmp(c.recipient_email, u.email) != 0) {
        rc = reco_error_set(err, RECO_EDENIED, "email",
                            "this badge was awarded to another e-mail address than your "
                            "account's");
        goto out;
    }
    if (!u.confirmed_at) {
        rc = reco_error_set(err, RECO_EDENIED, "confirm",
                            "confirm your e-mail address before you claim a badge");
        goto out;
    }
    c.claimed_by = user->id;
    c.public_in_backpack = false;
    rc = reco_store_credential_put(app->store, &c, err);
    if (!rc && id_out && cap)
        snprintf(id_out, cap, "%s", c.public_id);
out:
    if (locked)
        app_unlock(app);
    reco_arena_free(a);
    return rc;
}

/* ---------------------------------------------------------------- backpack views */

/* The view of a received credential (a row of the store). */
static json_t *received_item(reco_app *app, const reco_credential_row *c,
                             const reco_achievement_row *ach, const reco_issuer_row *iss)
{
    json_t *o = json_object();
    json_t *vc = json_loads(c->json, 0, NULL);
    char buf[700];
    if (!o) {
        json_decref(vc);
        return NULL;
    }
    json_object_set_new(o, "id", json_string(c->public_id));
    json_object_set_new(o, "kind", json_string("received"));
    json_object_set_new(o, "received", json_true());
    set_str_or_null(o, "name", ach->name);
    set_str_or_null(o, "issuer", iss->name);
    set_str_or_null(o, "description", ach->description);
    snprintf(buf, sizeof buf, "/achievements/%s/image", ach->public_id);
    set_str_or_null(o, "image", ach->image_len ? buf : NULL);
    json_object_set_new(o, "public", json_boolean(c->public_in_backpack));
    json_object_set_new(o, "valid", json_boolean(!c->revoked_at));
    json_object_set_new(o, "revoked", json_boolean(c->revoked_at != 0));
    snprintf(buf, sizeof buf, "/share/%s", c->public_id);
    json_object_set_new(o, "share", json_string(buf));
    snprintf(buf, sizeof buf, "/credentials/%s.json", c->public_id);
    json_object_set_new(o, "json", json_string(buf));
    bool png = ach->image_type && strcmp(ach->image_type, "image/png") == 0;
    bool svg = ach->image_type && strcmp(ach->image_type, "image/svg+xml") == 0;
    snprintf(buf, sizeof buf, "/credentials/%s.png", c->public_id);
    set_str_or_null(o, "png", png ? buf : NULL);
    snprintf(buf, sizeof buf, "/credentials/%s.svg", c->public_id);
    set_str_or_null(o, "svg", svg ? buf : NULL);
    snprintf(buf, sizeof buf, "%s/credentials/%s", app->base_url, c->public_id);
    json_object_set_new(o, "credentialUrl", json_string(buf));
    set_str_or_null(o, "issued", json_string_value(json_object_get(vc, "validFrom")));
    json_decref(vc);
    return o;
}

/* The view of an imported badge. */
static json_t *imported_item(const reco_backpack_row *b, const json_t *report)
{
    json_t *o = json_object();
    char buf[300];
    if (!o)
        return NULL;
    json_object_set_new(o, "id", json_string(b->public_id));
    json_object_set_new(o, "kind", json_string("imported"));
    json_object_set_new(o, "imported", json_true());
    set_str_or_null(o, "name", b->title);
    set_str_or_null(o, "issuer", b->issuer_name);
    set_str_or_null(o, "description", NULL);
    set_str_or_null(o, "image", NULL);
    json_object_set_new(o, "public", json_boolean(b->is_public));
    json_object_set_new(o, "valid", json_boolean(json_is_true(json_object_get(report, "valid"))));
    json_object_set_new(o, "revoked", json_false());
    snprintf(buf, sizeof buf, "/share/%s", b->public_id);
    json_object_set_new(o, "share", json_string(buf));
    snprintf(buf, sizeof buf, "/backpack/%s/download", b->public_id);
    json_object_set_new(o, "json", json_string(buf));
    json_object_set_new(o, "png", json_null());
    json_object_set_new(o, "svg", json_null());
    /* a hosted URL is the credential's own address */
    set_str_or_null(o, "credentialUrl", web_url(b->content));
    set_str_or_null(o, "issued",
                    summary_of(report, "valid-from") ? summary_of(report, "valid-from")
                                                     : summary_of(report, "issued"));
    set_str_or_null(o, "source", b->source);
    set_str_or_null(o, "format", b->format);
    return o;
}

reco_code reco_app_backpack(reco_app *app, const reco_app_user *user, const reco_page *received,
                            const reco_page *imported, json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_page rp = page_of(received, PAGE_DEFAULT), ip = page_of(imported, PAGE_DEFAULT);
    reco_page rq = rp, iq = ip;
    reco_credential_row *cr = NULL;
    reco_backpack_row *br = NULL;
    size_t nc = 0, nb = 0;
    reco_code rc = RECO_OK;
    json_t *ritems = json_array(), *iitems = json_array();
    *out = NULL;
    if (!a || !ritems || !iitems) {
        rc = nomem(err);
        goto out;
    }
    if (!user_ok(user, err)) {
        rc = RECO_EDENIED;
        goto out;
    }
    rq.limit++; /* one more tells whether there is a next page */
    iq.limit++;
    rc = reco_store_credential_list(app->store, 0, 0, user->id, NULL, &rq, a, &cr, &nc, NULL, err);
    for (size_t i = 0; !rc && i < nc && i < (size_t)rp.limit; i++) {
        reco_achievement_row ach;
        reco_issuer_row iss;
        rc = reco_store_achievement_get(app->store, cr[i].achievement_id, a, &ach, err);
        if (!rc)
            rc = reco_store_issuer_get(app->store, cr[i].issuer_id, a, &iss, err);
        if (!rc && json_array_append_new(ritems, received_item(app, &cr[i], &ach, &iss)))
            rc = nomem(err);
    }
    if (!rc)
        rc = reco_store_backpack_list(app->store, user->id, false, &iq, a, &br, &nb, err);
    for (size_t i = 0; !rc && i < nb && i < (size_t)ip.limit; i++) {
        json_t *rep = json_loads(br[i].report ? br[i].report : "{}", 0, NULL);
        if (json_array_append_new(iitems, imported_item(&br[i], rep)))
            rc = nomem(err);
        json_decref(rep);
    }
    if (!rc) {
        json_t *r = list_of(ritems, nc > (size_t)rp.limit, &rp);
        json_t *im = list_of(iitems, nb > (size_t)ip.limit, &ip);
        ritems = iitems = NULL;
        if (!r || !im || !(*out = json_pack("{s:o, s:o}", "received", r, "imported", im)))
            rc = nomem(err);
    }
out:
    json_decref(ritems);
    json_decref(iitems);
    reco_arena_free(a);
    return rc;
}

/* ---------------------------------------------------------------- import */

/* What an import holds: the credential text and its format name. */
static reco_code import_text(const void *data, size_t n, reco_buf *text, const char **format,
                             reco_error *err)
{
    reco_bake_format f = reco_bake_detect(data, n);
    reco_bake_kind kind;
    reco_code rc;
    if (f != RECO_BAKE_OTHER) {
        reco_baked b;
        reco_baked_init(&b);
        rc = reco_extract(data, n, &b, err);
        if (!rc)
            rc = reco_buf_append(text, b.text.data, b.text.len);
        reco_baked_release(&b);
        *format = f == RECO_BAKE_PNG ? "png" : "svg";
        return rc;
    }
    rc = reco_bake_kind_of(data, n, &kind, NULL);
    if (rc || kind == RECO_BAKE_URL)
        return reco_error_set(err, RECO_EINVAL, "file",
                              "no Open Badge found: expected a PNG or SVG badge image, a JSON "
                              "credential or a JWT");
    *format = kind == RECO_BAKE_JWT ? "jwt" : "json";
    /* keep the text without the white space around it */
    const char *s = data;
    size_t i = 0, j = n;
    while (i < j && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    while (j > i && (s[j - 1] == ' ' || s[j - 1] == '\t' || s[j - 1] == '\r' || s[j - 1] == '\n'))
        j--;
    return reco_buf_append(text, s + i, j - i);
}

/* A report about an Open Badge: the verifier also accepts lone endorsements and status list
 * credentials (kinds ob3-endorsement, status-list, or a VC-JWT whose summary names an
 * endorser), which are valid credentials but not badges an earner holds. */
static bool is_badge(const reco_report *rep)
{
    const char *kind = reco_report_kind(rep);
    static const char *const badges[] = {"ob3-data-integrity", "ob3-vc-jwt", "ob2-hosted",
                                         "ob2-signed"};
    bool known = false;
    for (size_t i = 0; i < sizeof badges / sizeof badges[0]; i++)
        known = known || strcmp(kind, badges[i]) == 0;
    return known && !reco_report_summary(rep, "endorser");
}

static reco_code import_bytes(reco_app *app, const reco_app_user *user, const void *data, size_t n,
                              const char *source, const char *force_format, json_t **out,
                              reco_error *err)
{
    reco_buf text, rtext;
    reco_report *rep = NULL;
    json_t *rj = NULL;
    const char *format = NULL;
    char pid[48];
    reco_code rc;
    reco_buf_init(&text, RECO_BAKE_MAX_TEXT + 1);
    reco_buf_init(&rtext, REPORT_MAX);
    if (out)
        *out = NULL;
    if (!user_ok(user, err)) {
        rc = RECO_EDENIED;
        goto out;
    }
    if (!data || n == 0) {
        rc = reco_error_set(err, RECO_EINVAL, "file", "the badge is empty");
        goto out;
    }
    if (n > RECO_APP_MAX_IMPORT) {
        rc = reco_error_set(err, RECO_ELIMIT, "file", "the badge is larger than %u MiB",
                            RECO_APP_MAX_IMPORT >> 20);
        goto out;
    }
    if ((rc = import_text(data, n, &text, &format, err)))
        goto out;
    if ((rc = reco_app_verify_bytes(app, data, n, source, &rep, err)))
        goto out;
    if ((rc = reco_report_to_json(rep, &rj, err)))
        goto out;
    bool valid = reco_report_valid(rep);
    if (out && !(*out = json_pack("{s:b, s:O}", "valid", valid, "report", rj))) {
        rc = nomem(err);
        goto out;
    }
    if (!valid) {
        rc = reco_error_set(err, RECO_EVERIFY, "report", "this badge did not pass verification");
        goto out;
    }
    if (!is_badge(rep)) {
        rc = reco_error_set(err, RECO_EINVAL, "file",
                            "this is a valid %s, not a badge: only Open Badges join the backpack",
                            strcmp(reco_report_kind(rep), "status-list") == 0 ? "status list"
                                                                              : "endorsement");
        goto out;
    }
    if ((rc = reco_json_write(rj, 0, &rtext, err)) || (rc = app_public_id(pid, sizeof pid, err)))
        goto out;
    {
        const char *title = summary_of(rj, "achievement");
        const char *iname = summary_of(rj, "issuer-name");
        reco_backpack_row b = {0};
        b.public_id = pid;
        b.user_id = user->id;
        b.source = source;
        b.format = force_format ? force_format : format;
        b.content = text.data;
        b.report = rtext.data;
        b.title = title ? title : "Open Badge";
        b.issuer_name = iname ? iname : summary_of(rj, "issuer");
        b.is_public = false;
        b.created_at = (int64_t)time(NULL);
        rc = reco_store_backpack_put(app->store, &b, err);
    }
    if (!rc && out)
        json_object_set_new(*out, "id", json_string(pid));
out:
    if (rc && rc != RECO_EVERIFY && out) {
        json_decref(*out);
        *out = NULL;
    }
    json_decref(rj);
    reco_report_free(rep);
    reco_buf_release(&text);
    reco_buf_release(&rtext);
    return rc;
}

reco_code reco_app_backpack_import(reco_app *app, const reco_app_user *user, const void *data,
                                   size_t n, const char *source, json_t **out, reco_error *err)
{
    return import_bytes(app, user, data, n, source, NULL, out, err);
}

reco_code reco_app_backpack_import_url(reco_app *app, const reco_app_user *user, const char *url,
                                       json_t **out, reco_error *err)
{
    reco_http_opts opts = {0};
    reco_http_response resp;
    reco_code rc;
    if (out)
        *out = NULL;
    if (!url || (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0) ||
        strlen(url) > 2000)
        return reco_error_set(err, RECO_EINVAL, "url", "enter an http or https address");
    if (!user_ok(user, err))
        return RECO_EDENIED;
    opts.max_bytes = RECO_APP_MAX_IMPORT;
    opts.allow_private_network = app->allow_private;
    opts.accept = "application/ld+json, application/json, image/png, image/svg+xml, "
                  "application/vc+jwt;q=0.9, */*;q=0.5";
    rc = reco_http_get(url, &opts, &resp, err);
    if (!rc && (resp.status < 200 || resp.status > 299))
        rc = reco_error_set(err, RECO_ENOTFOUND, "url", "the address answered HTTP %ld",
                            resp.status);
    if (!rc)
        rc = import_bytes(app, user, resp.body.data, resp.body.len, url, "url", out, err);
    reco_http_response_release(&resp);
    return rc;
}

/* ---------------------------------------------------------------- public or private */

reco_code reco_app_backpack_set_public(reco_app *app, const reco_app_user *user, const char *id,
                                       bool is_public, reco_error *err)
{
    reco_arena *a = reco_arena_new(ARENA_CAP);
    reco_credential_row c;
    reco_backpack_row b;
    reco_code rc;
    if (!a)
        return nomem(err);
    if (!user_ok(user, err)) {
        reco_arena_free(a);
        return RECO_EDENIED;
    }
    app_lock(app);
    rc = reco_store_credential_by_public_id(app->store, id ? id : "", a, &c, err);
    if (!rc && c.claimed_by == user->id) {
        c.public_in_backpack = is_public;
        rc = reco_store_credential_put(app->store, &c, err);
        goto out;
    }
    if (rc && rc != RECO_ENOTFOUND)
        goto out;
    rc = reco_store_backpack_get(app->store, id ? id : "", a, &b, err);
    if (!rc && b.user_id == user->id) {
        b.is_public = is_public;
        rc = reco_store_backpack_put(app->store, &b, err);
        goto out;
    }
    if (!rc || rc == RECO_ENOTFOUND)
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "no badge %.60s in your backpack",
                            id ? id : "");
out:
    app_unlock(app);
    reco_arena_free(a);
    return rc;
}

/* ---------------------------------------------------------------- the live report cache */

typedef struct report_slot {
    const reco_app *app;
    char id[48];
    int64_t revoked_at;
    time_t made;
    char *json; /* malloc'ed report text */
} report_slot;

static pthread_mutex_t report_mu = PTHREAD_MUTEX_INITIALIZER;
static report_slot report_cache[REPORT_SLOTS];
static size_t report_next;

/* A copy of the cached report, or NULL. */
static json_t *report_cached(const reco_app *app, const char *id, int64_t revoked_at)
{
    json_t *v = NULL;
    time_t now = time(NULL);
    pthread_mutex_lock(&report_mu);
    for (size_t i = 0; i < REPORT_SLOTS && !v; i++) {
        report_slot *s = &report_cache[i];
        if (s->json && s->app == app && strcmp(s->id, id) == 0) {
            if (s->revoked_at == revoked_at && now - s->made < RECO_APP_REPORT_TTL &&
                now >= s->made)
                v = json_loads(s->json, 0, NULL);
            else {
                free(s->json);
                s->json = NULL;
            }
        }
    }
    pthread_mutex_unlock(&report_mu);
    return v;
}

static void report_keep(const reco_app *app, const char *id, int64_t revoked_at, const json_t *r)
{
    char *text = json_dumps(r, JSON_COMPACT);
    if (!text)
        return;
    pthread_mutex_lock(&report_mu);
    report_slot *s = &report_cache[report_next];
    report_next = (report_next + 1) % REPORT_SLOTS;
    free(s->json);
    s->app = app;
    snprintf(s->id, sizeof s->id, "%s", id);
    s->revoked_at = revoked_at;
    s->made = time(NULL);
    s->json = text;
    pthread_mutex_unlock(&report_mu);
}

/* The report of a hosted credential, from the cache or verified now. New reference. */
static reco_code live_report(reco_app *app, const reco_credential_row *c, json_t **out,
                             reco_error *err)
{
    reco_report *rep = NULL;
    reco_code rc = RECO_OK;
    char input[600];
    if ((*out = report_cached(app, c->public_id, c->revoked_at)))
        return RECO_OK;
    snprintf(input, sizeof input, "%s/credentials/%s", app->base_url, c->public_id);
    rc = reco_app_verify_bytes(app, c->json, strlen(c->json), input, &rep, err);
    if (!rc)
        rc = reco_report_to_json(rep, out, err);
    if (!rc)
        report_keep(app, c->public_id, c->revoked_at, *out);
    reco_report_free(rep);
    return rc;
}

/* ---------------------------------------------------------------- credential page */

static json_t *issuer_ref(const reco_issuer_row *iss)
{
    char page[200];
    snprintf(page, sizeof page, "/issuers/%s", iss->slug);
    return json_pack("{s:s?, s:s, s:s}", "name", iss->name, "slug", iss->slug, "page", page);
}

reco_code reco_app_credential_page(reco_app *app, const char *public_id, json_t **out,
                                   reco_error *err)
{
    reco_arena *a = reco_arena_new(ARENA_CAP);
    reco_credential_row c;
    reco_achievement_row ach;
    reco_issuer_row iss;
    json_t *vc = NULL, *rep = NULL, *o = NULL;
    char buf[700], when[40];
    reco_code rc;
    *out = NULL;
    if (!a)
        return nomem(err);
    rc = reco_store_credential_by_public_id(app->store, public_id ? public_id : "", a, &c, err);
    if (rc == RECO_ENOTFOUND)
        reco_error_set(err, rc, NULL, "no credential %.60s", public_id ? public_id : "");
    if (!rc)
        rc = reco_store_achievement_get(app->store, c.achievement_id, a, &ach, err);
    if (!rc)
        rc = reco_store_issuer_get(app->store, c.issuer_id, a, &iss, err);
    if (!rc && !(vc = json_loads(c.json, 0, NULL)))
        rc = reco_error_set(err, RECO_EPARSE, NULL, "stored credential %.60s is not JSON",
                            c.public_id);
    if (!rc)
        rc = live_report(app, &c, &rep, err);
    if (rc)
        goto out;
    if (!(o = json_object())) {
        rc = nomem(err);
        goto out;
    }
    const json_t *subj = json_object_get(vc, "credentialSubject");
    snprintf(buf, sizeof buf, "%s/credentials/%s", app->base_url, c.public_id);
    json_object_set_new(o, "id", json_string(buf));
    json_object_set_new(o, "publicId", json_string(c.public_id));
    set_str_or_null(o, "name", ach.name);
    set_str_or_null(o, "description", ach.description);
    snprintf(buf, sizeof buf, "/achievements/%s/image", ach.public_id);
    set_str_or_null(o, "image", ach.image_len ? buf : NULL);
    json_object_set_new(o, "issuer", issuer_ref(&iss));
    snprintf(buf, sizeof buf, "/achievements/%s", ach.public_id);
    json_object_set_new(o, "achievement", json_string(buf));
    set_str_or_null(o, "recipient", json_string_value(json_object_get(subj, "id")));
    set_str_or_null(o, "narrative", json_string_value(json_object_get(subj, "narrative")));
    set_str_or_null(o, "validFrom", json_string_value(json_object_get(vc, "validFrom")));
    set_str_or_null(o, "validUntil", json_string_value(json_object_get(vc, "validUntil")));
    json_object_set_new(o, "revoked", json_boolean(c.revoked_at != 0));
    if (c.revoked_at) {
        app_time_text(c.revoked_at, when, sizeof when);
        json_object_set_new(o, "revokedAt", json_string(when));
    } else {
        json_object_set_new(o, "revokedAt", json_null());
    }
    set_str_or_null(o, "revocationReason", c.revoked_at ? c.revocation_reason : NULL);
    json_object_set_new(o, "jwt", json_boolean(c.jwt && c.jwt[0]));
    bool png = ach.image_type && strcmp(ach.image_type, "image/png") == 0;
    json_object_set_new(o, "png", json_boolean(png));
    json_object_set_new(o, "svg", json_boolean(!png && ach.image_len));
    json_object_set_new(o, "public", json_boolean(c.public_in_backpack));
    json_object_set_new(o, "report", rep);
    rep = NULL;
    *out = o;
    o = NULL;
out:
    json_decref(o);
    json_decref(rep);
    json_decref(vc);
    reco_arena_free(a);
    return rc;
}

/* ---------------------------------------------------------------- share */

/* ISO date "2026-11-22..." into year and month numbers (0 when absent). */
static void year_month(const char *date, int *year, int *month)
{
    *year = *month = 0;
    if (date && strlen(date) >= 7 && date[4] == '-') {
        for (int i = 0; i < 4; i++)
            *year = *year * 10 + (date[i] >= '0' && date[i] <= '9' ? date[i] - '0' : 0);
        *month = (date[5] - '0') * 10 + (date[6] - '0');
        if (*month < 1 || *month > 12)
            *month = 0;
    }
}

reco_code reco_app_share_view(reco_app *app, const reco_app_user *viewer, const char *id,
                              json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(ARENA_CAP);
    reco_credential_row c;
    reco_backpack_row b;
    json_t *o = NULL, *rep = NULL;
    reco_code rc;
    char buf[700];
    int year, month;
    *out = NULL;
    if (!a)
        return nomem(err);
    rc = reco_store_credential_by_public_id(app->store, id ? id : "", a, &c, err);
    if (!rc && c.claimed_by && (c.public_in_backpack || (viewer && viewer->id == c.claimed_by))) {
        reco_achievement_row ach;
        reco_issuer_row iss;
        rc = reco_store_achievement_get(app->store, c.achievement_id, a, &ach, err);
        if (!rc)
            rc = reco_store_issuer_get(app->store, c.issuer_id, a, &iss, err);
        if (!rc && !(o = received_item(app, &c, &ach, &iss)))
            rc = nomem(err);
        if (!rc)
            rc = live_report(app, &c, &rep, err);
        if (!rc) {
            snprintf(buf, sizeof buf, "%s/issuers/%s", app->base_url, iss.slug);
            json_object_set_new(o, "issuerUrl", json_string(buf));
            json_object_set_new(o, "owner", json_boolean(viewer && viewer->id == c.claimed_by));
        }
        goto done;
    }
    if (rc && rc != RECO_ENOTFOUND)
        goto out;
    rc = reco_store_backpack_get(app->store, id ? id : "", a, &b, err);
    if (!rc && (b.is_public || (viewer && viewer->id == b.user_id))) {
        rep = json_loads(b.report ? b.report : "{}", 0, NULL);
        if (!rep || !(o = imported_item(&b, rep)))
            rc = nomem(err);
        if (!rc) {
            set_str_or_null(o, "issuerUrl", web_url(summary_of(rep, "issuer")));
            json_object_set_new(o, "owner", json_boolean(viewer && viewer->id == b.user_id));
        }
        goto done;
    }
    if (!rc || rc == RECO_ENOTFOUND)
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "no public badge %.60s", id ? id : "");
    goto out;
done:
    if (rc)
        goto out;
    year_month(json_string_value(json_object_get(o, "issued")), &year, &month);
    json_object_set_new(o, "issueYear", year ? json_integer(year) : json_null());
    json_object_set_new(o, "issueMonth", month ? json_integer(month) : json_null());
    json_object_set_new(o, "report", rep);
    rep = NULL;
    *out = o;
    o = NULL;
out:
    json_decref(o);
    json_decref(rep);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_backpack_content(reco_app *app, const reco_app_user *viewer, const char *id,
                                    reco_buf *out, const char **mime, reco_error *err)
{
    reco_arena *a = reco_arena_new(ARENA_CAP);
    reco_backpack_row b;
    reco_code rc;
    *mime = NULL;
    if (!a)
        return nomem(err);
    rc = reco_store_backpack_get(app->store, id ? id : "", a, &b, err);
    if (!rc && !(b.is_public || (viewer && viewer->id == b.user_id)))
        rc = RECO_ENOTFOUND;
    if (rc == RECO_ENOTFOUND)
        reco_error_set(err, rc, NULL, "no public badge %.60s", id ? id : "");
    if (!rc) {
        reco_bake_kind kind = RECO_BAKE_JSON;
        (void)reco_bake_kind_of(b.content, strlen(b.content), &kind, NULL);
        *mime = kind == RECO_BAKE_JWT   ? "application/vc+jwt"
                : kind == RECO_BAKE_URL ? "text/plain; charset=utf-8"
                                        : "application/ld+json";
        rc = reco_buf_error(reco_buf_puts(out, b.content), out, "badge", err);
    }
    reco_arena_free(a);
    return rc;
}

/* ---------------------------------------------------------------- home, issuer, badge */

static json_t *achievement_item(const reco_achievement_row *ach, const reco_issuer_row *iss)
{
    json_t *o = json_object();
    char buf[300];
    if (!o)
        return NULL;
    json_object_set_new(o, "id", json_string(ach->public_id));
    set_str_or_null(o, "name", ach->name);
    set_str_or_null(o, "description", ach->description);
    snprintf(buf, sizeof buf, "/achievements/%s/image", ach->public_id);
    set_str_or_null(o, "image", ach->image_len ? buf : NULL);
    snprintf(buf, sizeof buf, "/achievements/%s", ach->public_id);
    json_object_set_new(o, "page", json_string(buf));
    json_object_set_new(o, "issuer", iss ? issuer_ref(iss) : json_null());
    return o;
}

/* A page of achievements (issuer_id 0 = all) as a list_of object. */
static reco_code achievements_of(reco_app *app, int64_t issuer_id, const reco_page *pg,
                                 reco_arena *a, json_t **out, reco_error *err)
{
    reco_page q = *pg;
    reco_achievement_row *rows = NULL;
    size_t n = 0;
    json_t *items = json_array();
    reco_code rc;
    *out = NULL;
    if (!items)
        return nomem(err);
    q.limit++;
    rc = reco_store_achievement_list(app->store, issuer_id, &q, a, &rows, &n, err);
    for (size_t i = 0; !rc && i < n && i < (size_t)pg->limit; i++) {
        reco_issuer_row iss;
        rc = reco_store_issuer_get(app->store, rows[i].issuer_id, a, &iss, err);
        if (!rc && json_array_append_new(items, achievement_item(&rows[i], &iss)))
            rc = nomem(err);
    }
    if (rc) {
        json_decref(items);
        return rc;
    }
    if (!(*out = list_of(items, n > (size_t)pg->limit, pg)))
        return nomem(err);
    return RECO_OK;
}

reco_code reco_app_explore(reco_app *app, const reco_page *issuers, const reco_page *achievements,
                           json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_page ip = page_of(issuers, PAGE_EXPLORE), ap = page_of(achievements, PAGE_EXPLORE);
    reco_page iq = ip;
    reco_issuer_row *rows = NULL;
    size_t n = 0;
    json_t *items = json_array(), *achs = NULL, *il = NULL;
    reco_code rc = RECO_OK;
    *out = NULL;
    if (!a || !items) {
        rc = nomem(err);
        goto out;
    }
    iq.limit++;
    rc = reco_store_issuer_list(app->store, &iq, a, &rows, &n, err);
    for (size_t i = 0; !rc && i < n && i < (size_t)ip.limit; i++) {
        json_t *o = issuer_ref(&rows[i]);
        if (o)
            set_str_or_null(o, "description", rows[i].description);
        if (json_array_append_new(items, o))
            rc = nomem(err);
    }
    if (!rc)
        rc = achievements_of(app, 0, &ap, a, &achs, err);
    if (!rc) {
        il = list_of(items, n > (size_t)ip.limit, &ip);
        items = NULL;
        if (!il || !(*out = json_pack("{s:O, s:O}", "issuers", il, "achievements", achs)))
            rc = nomem(err);
    }
out:
    json_decref(items);
    json_decref(il);
    json_decref(achs);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_issuer_page(reco_app *app, const char *slug, const reco_page *page, json_t **out,
                               reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_issuer_row iss;
    reco_page pg = page_of(page, PAGE_EXPLORE);
    json_t *view = NULL, *achs = NULL;
    reco_code rc;
    *out = NULL;
    if (!a)
        return nomem(err);
    rc = reco_store_issuer_by_slug(app->store, slug ? slug : "", a, &iss, err);
    if (rc == RECO_ENOTFOUND)
        reco_error_set(err, rc, NULL, "no issuer %.60s", slug ? slug : "");
    if (!rc)
        rc = reco_app_issuer_get(app, iss.slug, &view, err);
    if (!rc && !web_url(json_string_value(json_object_get(view, "url"))))
        json_object_del(view, "url"); /* only http(s) links in pages */
    if (!rc)
        rc = achievements_of(app, iss.id, &pg, a, &achs, err);
    if (!rc && !(*out = json_pack("{s:O, s:O}", "issuer", view, "achievements", achs)))
        rc = nomem(err);
    json_decref(view);
    json_decref(achs);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_achievement_page(reco_app *app, const char *public_id, json_t **out,
                                    reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_achievement_row ach;
    reco_issuer_row iss;
    json_t *o = NULL, *tags = NULL, *al = NULL, *als = json_array();
    reco_code rc;
    *out = NULL;
    if (!a || !als) {
        reco_arena_free(a);
        json_decref(als);
        return nomem(err);
    }
    rc = reco_store_achievement_by_public_id(app->store, public_id ? public_id : "", a, &ach, err);
    if (rc == RECO_ENOTFOUND)
        reco_error_set(err, rc, NULL, "no achievement %.60s", public_id ? public_id : "");
    if (!rc)
        rc = reco_store_issuer_get(app->store, ach.issuer_id, a, &iss, err);
    if (!rc && !(o = achievement_item(&ach, &iss)))
        rc = nomem(err);
    if (rc)
        goto out;
    set_str_or_null(o, "criteria", ach.criteria_md);
    set_str_or_null(o, "achievementType", ach.achievement_type);
    tags = ach.tags ? json_loads(ach.tags, 0, NULL) : NULL;
    json_object_set_new(o, "tags", json_is_array(tags) ? json_incref(tags) : json_array());
    al = ach.alignments ? json_loads(ach.alignments, 0, NULL) : NULL;
    size_t i;
    json_t *v;
    json_array_foreach(al, i, v)
    {
        json_t *x = json_object();
        set_str_or_null(x, "name", json_string_value(json_object_get(v, "targetName")));
        set_str_or_null(x, "url", web_url(json_string_value(json_object_get(v, "targetUrl"))));
        set_str_or_null(x, "code", json_string_value(json_object_get(v, "targetCode")));
        set_str_or_null(x, "framework", json_string_value(json_object_get(v, "targetFramework")));
        json_array_append_new(als, x);
    }
    json_object_set_new(o, "alignments", als);
    als = NULL;
    *out = o;
    o = NULL;
out:
    json_decref(o);
    json_decref(tags);
    json_decref(al);
    json_decref(als);
    reco_arena_free(a);
    return rc;
}
