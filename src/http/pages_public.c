/*
 * pages_public.c - the public pages: home (what reco is, a verify form, issuers and badges),
 * the lists of issuers and badges, an issuer's page, a badge's page, a credential's page with
 * its live verification panel, and the verify page (upload, URL or pasted text) that shows the
 * report of `reco verify` check by check. No JavaScript; every text from the catalogues.
 * docs/web-earner.md.
 */
#include "http/pages.h"
#include "http/session.h"
#include "http/web_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- helpers (pages.h) */

const char *pages_date(srv_req *r, reco_lang lang, const char *iso)
{
    reco_time t;
    reco_buf b;
    char *s = NULL;
    if (!iso)
        return NULL;
    if (reco_time_parse(iso, strlen(iso), false, &t, NULL) != RECO_OK)
        return iso;
    reco_buf_init(&b, 128);
    if (reco_i18n_format_date(lang, &t, &b) == RECO_OK)
        s = reco_arena_strndup(r->arena, b.data, b.len);
    reco_buf_release(&b);
    return s ? s : iso;
}

void pages_set_date(srv_req *r, reco_lang lang, json_t *o, const char *key, const char *iso)
{
    const char *d = pages_date(r, lang, iso);
    json_object_set_new(o, key, d ? json_string(d) : json_null());
}

int64_t pages_query_int(srv_req *r, const char *name)
{
    srv_query q;
    const char *v;
    int64_t n = 0;
    if (!r->query[0] ||
        srv_query_parse(r->query, strlen(r->query), r->arena, &q, NULL) != RECO_OK ||
        !(v = srv_query_get(&q, name)))
        return 0;
    for (; *v >= '0' && *v <= '9' && n < 100000000; v++)
        n = n * 10 + (*v - '0');
    return *v ? 0 : n;
}

const char *pages_query_str(srv_req *r, const char *name)
{
    srv_query q;
    if (!r->query[0] || srv_query_parse(r->query, strlen(r->query), r->arena, &q, NULL) != RECO_OK)
        return NULL;
    return srv_query_get(&q, name);
}

void pages_set_report(json_t *ctx, const json_t *report)
{
    const char *code = json_string_value(json_object_get(ctx, "lang"));
    reco_lang lang = RECO_LANG_DEFAULT;
    if (code)
        reco_i18n_parse_code(code, strlen(code), &lang);
    json_t *v = report ? web_report_view(report, lang) : NULL;
    json_object_set_new(ctx, "report", v ? v : json_null());
}

/* ---------------------------------------------------------------- home and lists */

static void explore(srv_req *r, const char *title, const char *page, int64_t ilimit, int64_t alimit)
{
    srv_session s;
    reco_error err = {0};
    json_t *data = NULL;
    srv_session_load(r, &s);
    reco_page ip = {ilimit, pages_query_int(r, "issuers")};
    reco_page ap = {alimit, pages_query_int(r, "badges")};
    if (reco_app_explore(r->app, &ip, &ap, &data, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    json_t *ctx = srv_page_ctx(r, &s, title, page);
    if (ctx) {
        json_object_set_new(ctx, "explore", data);
        /* on the list pages the items come right under the h1 */
        json_object_set_new(ctx, "list_h2", json_boolean(ilimit == 1 || alimit == 1));
    } else
        json_decref(data);
    srv_page_reply_take(r, &s, 200, ctx);
}

void h_page_home(srv_req *r)
{
    explore(r, "Open Badges: issue, collect and verify", "public/home", 6, 6);
}

void h_page_issuers(srv_req *r)
{
    explore(r, "Issuers", "public/issuers", 24, 1);
}

void h_page_badges(srv_req *r)
{
    explore(r, "Badges", "public/badges", 1, 24);
}

/* ---------------------------------------------------------------- issuer and badge */

void page_issuer(srv_req *r)
{
    srv_session s;
    reco_error err = {0};
    json_t *data = NULL;
    srv_session_load(r, &s);
    reco_page pg = {24, pages_query_int(r, "badges")};
    if (reco_app_issuer_page(r->app, r->param[0], &pg, &data, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    const char *name = json_string_value(json_object_get(json_object_get(data, "issuer"), "name"));
    json_t *ctx = srv_page_ctx(r, &s, "Issuer", "public/issuer");
    if (ctx) {
        json_object_set_new(ctx, "title", json_string(name ? name : "reco"));
        json_object_set(ctx, "issuer", json_object_get(data, "issuer"));
        json_object_set(ctx, "achievements", json_object_get(data, "achievements"));
    }
    json_decref(data);
    srv_page_reply_take(r, &s, 200, ctx);
}

void page_achievement(srv_req *r)
{
    srv_session s;
    reco_error err = {0};
    json_t *a = NULL;
    srv_session_load(r, &s);
    if (reco_app_achievement_page(r->app, r->param[0], &a, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    const char *name = json_string_value(json_object_get(a, "name"));
    json_t *ctx = srv_page_ctx(r, &s, "Badge", "public/badge");
    if (ctx) {
        json_object_set_new(ctx, "title", json_string(name ? name : "reco"));
        json_object_set(ctx, "badge", a);
    }
    json_decref(a);
    srv_page_reply_take(r, &s, 200, ctx);
}

/* ---------------------------------------------------------------- credential */

void page_credential(srv_req *r)
{
    srv_session s;
    reco_error err = {0};
    json_t *c = NULL;
    srv_session_load(r, &s);
    if (reco_app_credential_page(r->app, r->param[0], &c, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    const char *name = json_string_value(json_object_get(c, "name"));
    json_t *ctx = srv_page_ctx(r, &s, "Badge", "public/credential");
    if (ctx) {
        json_object_set_new(ctx, "title", json_string(name ? name : "Open Badge"));
        pages_set_date(r, s.lang, c, "validFromText",
                       json_string_value(json_object_get(c, "validFrom")));
        pages_set_date(r, s.lang, c, "validUntilText",
                       json_string_value(json_object_get(c, "validUntil")));
        pages_set_date(r, s.lang, c, "revokedAtText",
                       json_string_value(json_object_get(c, "revokedAt")));
        pages_set_report(ctx, json_object_get(c, "report"));
        json_object_del(c, "report");
        json_object_set(ctx, "cred", c);
    }
    json_decref(c);
    srv_page_reply_take(r, &s, 200, ctx);
}

/* ---------------------------------------------------------------- verify */

static void report_free(void *p)
{
    reco_report_free(p);
}

static json_t *verify_ctx(srv_req *r, const srv_session *s)
{
    json_t *ctx = srv_page_ctx(r, s, "Verify a badge", "public/verify");
    if (ctx) {
        json_object_set_new(ctx, "report", json_null());
        json_object_set_new(ctx, "field_error", json_null());
        json_object_set_new(ctx, "invalid_file", json_false());
        json_object_set_new(ctx, "invalid_url", json_false());
        json_object_set_new(ctx, "invalid_text", json_false());
    }
    return ctx;
}

void h_page_verify(srv_req *r)
{
    srv_session s;
    srv_session_load(r, &s);
    srv_page_reply_take(r, &s, 200, verify_ctx(r, &s));
}

void h_page_verify_post(srv_req *r)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    reco_report *rep = NULL;
    json_t *rj = NULL;
    reco_code rc;
    srv_session_load(r, &s);
    if (!srv_form_read_checked(r, &s, &f))
        return;
    const srv_form_field *file = srv_form_file(&f, "file");
    const char *url = srv_form_str(&f, "url");
    const char *text = srv_form_str(&f, "text");
    json_t *ctx = verify_ctx(r, &s);
    if (!ctx) {
        srv_page_reply(r, &s, 500, NULL);
        return;
    }
    if (file)
        rc = reco_app_verify_bytes(r->app, file->value, file->len, file->filename, &rep, &err);
    else if (url[0])
        rc = reco_app_verify_url(r->app, url, &rep, &err);
    else if (text[0])
        rc = reco_app_verify_bytes(r->app, text, strlen(text), "text", &rep, &err);
    else
        rc = reco_error_set(&err, RECO_EINVAL, "file",
                            "Choose a file, enter an address or paste a badge");
    if (rep)
        srv_on_done(r, report_free, rep);
    if (!rc && reco_report_to_json(rep, &rj, &err) == RECO_OK) {
        pages_set_report(ctx, rj);
        json_decref(rj);
        json_object_set_new(ctx, "url_value", json_string(url));
        srv_page_reply_take(r, &s, 200, ctx);
        return;
    }
    /* Not a verdict: nothing could be read. The reason in the page's language, then the
     * detail as the library gave it. */
    const char *field = file || !url[0] ? (text[0] && !file ? "text" : "file") : "url";
    const char *why =
        rc == RECO_EINVAL && !file && !url[0] && !text[0]
            ? reco_i18n_text(s.lang, "Choose a file, enter an address or paste a badge")
            : reco_i18n_text(s.lang, "No badge could be read from this input");
    web_error_add(ctx, field, why);
    /* the field in error says so itself (aria-invalid, aria-describedby) */
    char flag[16];
    snprintf(flag, sizeof flag, "invalid_%s", field);
    json_object_set_new(ctx, flag, json_true());
    json_object_set_new(ctx, "field_error", json_string(why));
    json_object_set_new(ctx, "detail", rc == RECO_ENOMEM ? json_null() : json_string(err.msg));
    json_object_set_new(ctx, "url_value", json_string(url));
    json_object_set_new(ctx, "text_value", json_string(text));
    srv_page_reply_take(r, &s, rc == RECO_ENOMEM ? 500 : 400, ctx);
}
