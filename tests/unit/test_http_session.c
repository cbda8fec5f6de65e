/*
 * test_http_session.c - sessions and CSRF as the pages see them: reading cookies, the cookie
 * flags, a request's session from its cookie (live, closed, forged), the double-submit token
 * for pages without a session, the constant-time check of a form's token, the language of a
 * request, and forms refused with 403 before anything is done.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "http/session.h"
#include "app_fixture.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fixture {
    char dir[64];
    reco_app *app;
    reco_arena *arena;
} fixture;

static fixture *open_fixture(const char *base)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || app_fixture_open(f->dir, sizeof f->dir, "sess", base, &f->app))
        return NULL;
    f->arena = reco_arena_new(0);
    return f;
}

static int setup(void **state)
{
    *state = open_fixture("http://127.0.0.1:8080");
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    reco_arena_free(f->arena);
    app_fixture_close(f->app, f->dir);
    free(f);
    return 0;
}

static void done(srv_req *r)
{
    for (srv_cleanup *c = r->cleanups; c; c = c->next)
        c->fn(c->p);
    r->cleanups = NULL;
}

static void request(fixture *f, srv_req *r, const char *method, const char *cookie,
                    const char *query)
{
    memset(r, 0, sizeof *r);
    r->app = f->app;
    r->arena = f->arena;
    r->method = method;
    r->path = "/account";
    r->query = query ? query : "";
    r->cookie = cookie;
    r->accept_language = "en";
    snprintf(r->client_ip, sizeof r->client_ip, "127.0.0.1");
}

/* The n-th Set-Cookie header of r whose value starts with prefix, or NULL. */
static const char *set_cookie(const srv_req *r, const char *prefix)
{
    for (const srv_header *h = r->headers; h; h = h->next)
        if (strcmp(h->name, "Set-Cookie") == 0 && strncmp(h->value, prefix, strlen(prefix)) == 0)
            return h->value;
    return NULL;
}

static void cookies(void **state)
{
    (void)state;
    char v[65];
    assert_true(srv_cookie_get("a=1; reco_session=abc; b=2", "reco_session", v, sizeof v));
    assert_string_equal(v, "abc");
    assert_true(srv_cookie_get("reco_session=\"q\"", "reco_session", v, sizeof v));
    assert_string_equal(v, "q");
    assert_true(srv_cookie_get("x_reco_session=1;reco_session=2", "reco_session", v, sizeof v));
    assert_string_equal(v, "2");
    assert_true(srv_cookie_get("  lang = en ;", "lang", v, sizeof v));
    assert_string_equal(v, "en");
    assert_false(srv_cookie_get("reco_sessionx=1", "reco_session", v, sizeof v));
    assert_false(srv_cookie_get("noequals; other", "noequals", v, sizeof v));
    assert_false(srv_cookie_get(NULL, "a", v, sizeof v));
    assert_false(srv_cookie_get("", "a", v, sizeof v));
    char big[200];
    memset(big, 'x', sizeof big);
    memcpy(big, "a=", 2);
    big[sizeof big - 1] = '\0';
    assert_false(srv_cookie_get(big, "a", v, sizeof v)); /* longer than the buffer: refused */
}

static void anonymous_double_submit(void **state)
{
    fixture *f = *state;
    srv_req r;
    srv_session s;
    request(f, &r, "GET", NULL, NULL);
    srv_session_load(&r, &s);
    assert_false(s.signed_in);
    assert_int_equal(strlen(s.csrf), 64);
    const char *c = set_cookie(&r, "reco_csrf=");
    assert_non_null(c);
    assert_non_null(strstr(c, s.csrf));
    assert_non_null(strstr(c, "HttpOnly"));
    assert_non_null(strstr(c, "SameSite=Lax"));
    assert_non_null(strstr(c, "Path=/"));
    assert_null(strstr(c, "Secure")); /* http base URL */
    assert_int_equal(s.lang, RECO_LANG_EN);
    /* the cookie comes back: the same token, no new cookie */
    char hdr[128], tok[65];
    snprintf(tok, sizeof tok, "%s", s.csrf);
    snprintf(hdr, sizeof hdr, "lang=fr; reco_csrf=%s", tok);
    done(&r);
    request(f, &r, "POST", hdr, NULL);
    srv_session_load(&r, &s);
    assert_string_equal(s.csrf, tok);
    assert_null(set_cookie(&r, "reco_csrf="));
    assert_int_equal(s.lang, RECO_LANG_FR); /* the lang cookie wins over Accept-Language */
    assert_true(srv_csrf_check(&s, tok));
    char bad[65];
    snprintf(bad, sizeof bad, "%s", tok);
    bad[63] = bad[63] == '0' ? '1' : '0';
    assert_false(srv_csrf_check(&s, bad));
    assert_false(srv_csrf_check(&s, NULL));
    assert_false(srv_csrf_check(&s, ""));
    assert_false(srv_csrf_check(&s, "00"));
    /* a cookie that is not 64 hex digits is replaced */
    done(&r);
    request(f, &r, "GET", "reco_csrf=short", NULL);
    srv_session_load(&r, &s);
    assert_string_not_equal(s.csrf, "short");
    assert_non_null(set_cookie(&r, "reco_csrf="));
    assert_false(srv_csrf_check(&s, "short"));
    done(&r);
}

static void signed_in_session(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    reco_app_user u;
    reco_app_session as;
    reco_buf tok;
    srv_req r;
    srv_session s;
    char hdr[256];
    reco_buf_init(&tok, 256);
    assert_int_equal(
        reco_app_signup(f->app, "sam@example.org", "Sam", "sam password", "fr", &u, &err), RECO_OK);
    assert_int_equal(reco_app_session_open(f->app, &u, &tok, &as, &err), RECO_OK);
    snprintf(hdr, sizeof hdr, "reco_csrf=%064d; reco_session=%s", 0, tok.data);
    request(f, &r, "GET", hdr, NULL);
    srv_session_load(&r, &s);
    assert_true(s.signed_in);
    assert_int_equal(s.s.user.id, u.id);
    assert_string_equal(s.csrf, as.csrf); /* the session's token, not the cookie's */
    assert_false(
        srv_csrf_check(&s, "0000000000000000000000000000000000000000000000000000000000000000"));
    assert_true(srv_csrf_check(&s, as.csrf));
    assert_int_equal(s.lang, RECO_LANG_FR); /* the account's language */
    done(&r);
    /* ?lang= wins and sets the cookie */
    request(f, &r, "GET", hdr, "x=1&lang=en");
    srv_session_load(&r, &s);
    assert_int_equal(s.lang, RECO_LANG_EN);
    assert_non_null(set_cookie(&r, "lang=en"));
    json_t *ctx = srv_page_ctx(&r, &s, "Your account", "account/settings");
    assert_string_equal(json_string_value(json_object_get(ctx, "switch_url")), "/account?x=1&");
    assert_string_equal(json_string_value(json_object_get(ctx, "csrf")), as.csrf);
    assert_string_equal(json_string_value(json_object_get(json_object_get(ctx, "user"), "name")),
                        "Sam");
    json_decref(ctx);
    done(&r);
    /* a forged session cookie: signed out, the cookie cleared */
    snprintf(hdr, sizeof hdr, "reco_session=%sX", tok.data);
    request(f, &r, "GET", hdr, NULL);
    srv_session_load(&r, &s);
    assert_false(s.signed_in);
    const char *c = set_cookie(&r, "reco_session=;");
    assert_non_null(c);
    assert_non_null(strstr(c, "Max-Age=0"));
    done(&r);
    /* a closed session */
    assert_int_equal(reco_app_session_close(f->app, tok.data, &err), RECO_OK);
    snprintf(hdr, sizeof hdr, "reco_session=%s", tok.data);
    request(f, &r, "GET", hdr, NULL);
    srv_session_load(&r, &s);
    assert_false(s.signed_in);
    done(&r);
    reco_buf_release(&tok);
}

static void forms_checked(void **state)
{
    fixture *f = *state;
    srv_req r;
    srv_session s;
    srv_form form;
    char body[200], hdr[128];
    request(f, &r, "GET", NULL, NULL);
    srv_session_load(&r, &s);
    snprintf(hdr, sizeof hdr, "reco_csrf=%s", s.csrf);
    done(&r);
    /* a good token */
    request(f, &r, "POST", hdr, NULL);
    srv_session_load(&r, &s);
    snprintf(body, sizeof body, "csrf=%s&name=x", s.csrf);
    r.content_type = "application/x-www-form-urlencoded";
    r.body.ptr = body;
    r.body.len = strlen(body);
    assert_true(srv_form_read_checked(&r, &s, &form));
    assert_string_equal(srv_form_get(&form, "name"), "x");
    assert_int_equal(r.status, 0);
    done(&r);
    /* a forged token: 403 page, in the request's language */
    request(f, &r, "POST", hdr, NULL);
    r.accept_language = "fr";
    srv_session_load(&r, &s);
    snprintf(body, sizeof body, "csrf=%064d&name=x", 1);
    r.content_type = "application/x-www-form-urlencoded";
    r.body.ptr = body;
    r.body.len = strlen(body);
    assert_false(srv_form_read_checked(&r, &s, &form));
    assert_int_equal(r.status, 403);
    assert_non_null(strstr(r.data, "Formulaire refusé"));
    assert_non_null(strstr(r.data, "lang=\"fr\""));
    done(&r);
    /* no token */
    request(f, &r, "POST", hdr, NULL);
    srv_session_load(&r, &s);
    r.content_type = "application/x-www-form-urlencoded";
    r.body.ptr = "name=x";
    r.body.len = 6;
    assert_false(srv_form_read_checked(&r, &s, &form));
    assert_int_equal(r.status, 403);
    done(&r);
    /* a body that is not a form: 400 */
    request(f, &r, "POST", hdr, NULL);
    srv_session_load(&r, &s);
    r.content_type = "application/x-www-form-urlencoded";
    r.body.ptr = "a=%ZZ";
    r.body.len = 5;
    assert_false(srv_form_read_checked(&r, &s, &form));
    assert_int_equal(r.status, 400);
    done(&r);
}

static void https_cookies_are_secure(void **state)
{
    (void)state;
    fixture *f = open_fixture("https://badges.example.org");
    srv_req r;
    srv_session s;
    assert_non_null(f);
    request(f, &r, "GET", NULL, NULL);
    srv_session_load(&r, &s);
    assert_non_null(strstr(set_cookie(&r, "reco_csrf="), "; Secure"));
    srv_session_cookie_set(&r, "abc");
    const char *c = set_cookie(&r, "reco_session=abc");
    assert_non_null(c);
    assert_non_null(strstr(c, "; Secure"));
    assert_non_null(strstr(c, "HttpOnly"));
    assert_non_null(strstr(c, "SameSite=Lax"));
    done(&r);
    void *st = f;
    teardown(&st);
}

static void login_redirect(void **state)
{
    fixture *f = *state;
    srv_req r;
    srv_session s;
    request(f, &r, "GET", NULL, NULL);
    r.path = "/dashboard/issuers/a b";
    srv_session_load(&r, &s);
    assert_true(srv_require_login(&r, &s));
    assert_int_equal(r.status, 303);
    const char *loc = NULL;
    for (const srv_header *h = r.headers; h; h = h->next)
        if (strcmp(h->name, "Location") == 0)
            loc = h->value;
    assert_string_equal(loc, "/login?next=%2Fdashboard%2Fissuers%2Fa%20b");
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cookies),
        cmocka_unit_test_setup_teardown(anonymous_double_submit, setup, teardown),
        cmocka_unit_test_setup_teardown(signed_in_session, setup, teardown),
        cmocka_unit_test_setup_teardown(forms_checked, setup, teardown),
        cmocka_unit_test(https_cookies_are_secure),
        cmocka_unit_test_setup_teardown(login_redirect, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
