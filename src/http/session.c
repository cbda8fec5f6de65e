/*
 * session.c - sessions, CSRF tokens, cookies, form bodies and page rendering for the web
 * pages (src/http/session.h). The secrets themselves are made and checked by the app layer
 * (reco_app_session_*, reco_app_random_hex); this file only carries them between the cookie,
 * the form and the app, and compares tokens in constant time.
 */
#include "http/session.h"
#include "http/web_assets.h"
#include "http/web_view.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define PAGE_MAX (4u << 20) /* bytes of one rendered page */

/* ---------------------------------------------------------------- templates */

static pthread_once_t tpl_once = PTHREAD_ONCE_INIT;
static reco_mustache *tpl;

static void tpl_load(void)
{
    reco_mustache *m = NULL;
    reco_error err = {0};
    if (reco_i18n_init(&err) || reco_mustache_new(&m, &err) || web_templates_load(m, &err)) {
        fprintf(stderr, "reco: cannot load the page templates: %s\n", err.msg);
        reco_mustache_free(m);
        return;
    }
    tpl = m;
}

const reco_mustache *srv_templates(void)
{
    pthread_once(&tpl_once, tpl_load);
    return tpl;
}

/* ---------------------------------------------------------------- cookies */

bool srv_cookie_get(const char *header, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name);
    const char *p = header;
    if (!p || cap == 0)
        return false;
    while (*p) {
        while (*p == ' ' || *p == ';' || *p == '\t')
            p++;
        const char *k = p;
        while (*p && *p != '=' && *p != ';')
            p++;
        size_t kl = (size_t)(p - k);
        while (kl && (k[kl - 1] == ' ' || k[kl - 1] == '\t'))
            kl--;
        if (*p != '=')
            continue;
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        const char *v = p;
        while (*p && *p != ';')
            p++;
        size_t vl = (size_t)(p - v);
        while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
            vl--;
        if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
            v++;
            vl -= 2;
        }
        if (kl == nl && memcmp(k, name, nl) == 0) {
            if (vl >= cap)
                return false;
            memcpy(out, v, vl);
            out[vl] = '\0';
            return true;
        }
    }
    return false;
}

void srv_cookie_set(srv_req *r, const char *name, const char *value, long max_age, bool http_only)
{
    char line[512], age[40] = "";
    const char *base = reco_app_base_url(r->app);
    bool secure = base && strncmp(base, "https:", 6) == 0;
    if (max_age >= 0)
        snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
    int n = snprintf(line, sizeof line, "%s=%s; Path=/%s%s; SameSite=Lax%s", name, value, age,
                     http_only ? "; HttpOnly" : "", secure ? "; Secure" : "");
    if (n > 0 && (size_t)n < sizeof line)
        srv_header_add(r, "Set-Cookie", line);
    reco_wipe(line, sizeof line);
}

void srv_session_cookie_set(srv_req *r, const char *token)
{
    srv_cookie_set(r, SRV_SESSION_COOKIE, token, RECO_APP_SESSION_TTL, true);
}

void srv_session_cookie_clear(srv_req *r)
{
    srv_cookie_set(r, SRV_SESSION_COOKIE, "", 0, true);
}

/* ---------------------------------------------------------------- session */

static bool hex64(const char *s)
{
    size_t i = 0;
    for (; s[i]; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return i == 64;
}

/* The lang=xx argument of the raw query, if any. */
static bool query_lang(const char *q, reco_lang *out)
{
    const char *p = q;
    while (p && *p) {
        if (strncmp(p, "lang=", 5) == 0) {
            size_t n = strcspn(p + 5, "&");
            return reco_i18n_parse_code(p + 5, n, out);
        }
        p = strchr(p, '&');
        if (p)
            p++;
    }
    return false;
}

void srv_session_load(srv_req *r, srv_session *s)
{
    char token[SRV_MAX_COOKIE];
    reco_error err = {0};
    memset(s, 0, sizeof *s);
    if (srv_cookie_get(r->cookie, SRV_SESSION_COOKIE, token, sizeof token) && token[0]) {
        if (reco_app_session_get(r->app, token, &s->s, &err) == RECO_OK)
            s->signed_in = true;
        else
            srv_session_cookie_clear(r); /* expired, closed or forged: forget it */
    }
    reco_wipe(token, sizeof token);
    if (s->signed_in) {
        memcpy(s->csrf, s->s.csrf, sizeof s->csrf);
    } else if (!srv_cookie_get(r->cookie, SRV_CSRF_COOKIE, s->csrf, sizeof s->csrf) ||
               !hex64(s->csrf)) {
        if (reco_app_random_hex(s->csrf, &err) == RECO_OK)
            srv_cookie_set(r, SRV_CSRF_COOKIE, s->csrf, -1, true);
        else
            s->csrf[0] = '\0'; /* no token: every POST is refused */
    }
    reco_lang q;
    if (query_lang(r->query, &q)) {
        s->lang = q;
        s->lang_from_query = true;
        srv_cookie_set(r, SRV_LANG_COOKIE, reco_i18n_code(q), 31536000L, false);
    } else {
        s->lang = reco_i18n_negotiate(r->cookie, r->accept_language,
                                      s->signed_in && s->s.locale[0] ? s->s.locale : NULL);
    }
}

bool srv_csrf_check(const srv_session *s, const char *token)
{
    size_t n = strlen(s->csrf);
    if (!token || n != 64 || strlen(token) != n)
        return false;
    return reco_ct_equal(token, s->csrf, n);
}

/* ---------------------------------------------------------------- forms */

static bool form_read(srv_req *r, const srv_session *s, const srv_form_limits *lim, srv_form *f)
{
    reco_error err = {0};
    reco_code rc =
        srv_form_parse(r->content_type, r->body.ptr, r->body.len, lim, r->arena, f, &err);
    if (rc == RECO_OK)
        return true;
    if (rc == RECO_ELIMIT)
        srv_page_message(r, s, 413, "The form is too large",
                         "The form or one of its files is larger than this site accepts.");
    else if (rc == RECO_ENOMEM)
        srv_page_message(r, s, 500, "Something went wrong", "Please try again later.");
    else
        srv_page_message(r, s, 400, "The form could not be read",
                         "The form was not sent correctly. Go back and try again.");
    return false;
}

bool srv_form_read(srv_req *r, const srv_session *s, srv_form *f)
{
    return form_read(r, s, NULL, f);
}

bool srv_form_read_checked(srv_req *r, const srv_session *s, srv_form *f)
{
    return srv_form_read_checked_with(r, s, NULL, f);
}

bool srv_form_read_checked_with(srv_req *r, const srv_session *s, const srv_form_limits *lim,
                                srv_form *f)
{
    if (!form_read(r, s, lim, f))
        return false;
    if (!srv_csrf_check(s, srv_form_get(f, "csrf"))) {
        srv_page_forbidden(r, s);
        return false;
    }
    return true;
}

/* ---------------------------------------------------------------- pages */

/* The current path and query without lang=..., followed by '?' or '&'. */
static const char *switch_url(srv_req *r)
{
    reco_buf *b = srv_buf(r, SRV_MAX_PATH + SRV_MAX_QUERY + 8);
    bool first = true;
    const char *p = r->query;
    if (!b || reco_buf_puts(b, r->path))
        return "?";
    while (p && *p) {
        size_t n = strcspn(p, "&");
        if (n && strncmp(p, "lang=", 5) != 0) {
            if (reco_buf_putc(b, first ? '?' : '&') || reco_buf_append(b, p, n))
                return "?";
            first = false;
        }
        p += n;
        if (*p == '&')
            p++;
    }
    if (reco_buf_putc(b, first ? '?' : '&'))
        return "?";
    return b->data;
}

json_t *srv_page_ctx(srv_req *r, const srv_session *s, const char *title, const char *page)
{
    json_t *c = web_page_context(s->lang, reco_i18n_text(s->lang, title), page);
    if (!c)
        return NULL;
    json_t *user = s->signed_in ? json_pack("{s:s, s:s, s:b}", "name",
                                            s->s.name[0] ? s->s.name : s->s.user.email, "email",
                                            s->s.user.email, "confirmed", s->s.confirmed)
                                : json_null();
    if (!user || json_object_set_new(c, "user", user) ||
        json_object_set_new(c, "csrf", json_string(s->csrf)) ||
        json_object_set_new(c, "switch_url", json_string(switch_url(r)))) {
        json_decref(c);
        return NULL;
    }
    return c;
}

void srv_page_reply(srv_req *r, const srv_session *s, unsigned status, const json_t *ctx)
{
    reco_error err = {0};
    const reco_mustache *m = srv_templates();
    reco_buf *out = srv_buf(r, PAGE_MAX);
    srv_header_add(r, "Cache-Control", "no-store");
    if (ctx && m && out && web_render(m, s->lang, "layout", ctx, out, &err) == RECO_OK) {
        srv_reply(r, status, "text/html; charset=utf-8", out->data, out->len);
        return;
    }
    static const char fail[] = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>"
                               "Error</title></head><body><h1>Something went wrong</h1></body>"
                               "</html>\n";
    srv_reply(r, 500, "text/html; charset=utf-8", fail, sizeof fail - 1);
}

void srv_page_reply_take(srv_req *r, const srv_session *s, unsigned status, json_t *ctx)
{
    srv_page_reply(r, s, status, ctx);
    json_decref(ctx);
}

void srv_page_message(srv_req *r, const srv_session *s, unsigned status, const char *title,
                      const char *message)
{
    json_t *c = srv_page_ctx(r, s, title, "account/message");
    if (c)
        json_object_set_new(c, "message", json_string(reco_i18n_text(s->lang, message)));
    srv_page_reply_take(r, s, status, c);
}

void srv_page_forbidden(srv_req *r, const srv_session *s)
{
    srv_page_message(r, s, 403, "Form refused",
                     "This form has expired or was not sent from this site, so nothing was "
                     "changed. Go back, reload the page and try again.");
}

void srv_page_app_error(srv_req *r, const srv_session *s, const reco_error *err)
{
    unsigned st = srv_status_of(err->code);
    json_t *c = NULL;
    switch (st) {
    case 403:
        srv_page_message(r, s, 403, "Not allowed", "You do not have the role needed for this.");
        return;
    case 404:
        srv_page_message(r, s, 404, "Not found", "There is nothing at this address.");
        return;
    case 400:
    case 409:
    case 413:
        c = srv_page_ctx(r, s, "There is a problem", "account/message");
        if (c)
            json_object_set_new(c, "message", json_string(err->msg));
        srv_page_reply_take(r, s, st, c);
        return;
    default:
        srv_page_message(r, s, 500, "Something went wrong", "Please try again later.");
    }
}

void srv_redirect(srv_req *r, const char *location)
{
    srv_header_add(r, "Location", location);
    srv_header_add(r, "Cache-Control", "no-store");
    srv_reply(r, 303, "text/plain; charset=utf-8", "", 0);
}

bool srv_require_login(srv_req *r, const srv_session *s)
{
    if (s->signed_in)
        return false;
    reco_buf *b = srv_buf(r, SRV_MAX_PATH * 3 + 32);
    if (!b || reco_buf_puts(b, "/login?next="))
        srv_redirect(r, "/login");
    else {
        for (const char *p = r->path; *p; p++) {
            unsigned char c = (unsigned char)*p;
            bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
            if (plain ? reco_buf_putc(b, (char)c) : reco_buf_printf(b, "%%%02X", c))
                break;
        }
        srv_redirect(r, b->data);
    }
    return true;
}
