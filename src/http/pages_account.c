/*
 * pages_account.c - sign up, e-mail confirmation, log in and out, password reset and account
 * settings (docs/web-accounts.md). Each handler reads the form, calls one app function and
 * renders a page of web/templates/account/ in the request's language; every POST checks the
 * CSRF token first (srv_form_read_checked) and changes nothing when it is wrong.
 */
#include "http/pages_account.h"
#include "http/web_view.h"

#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- helpers (pages_account.h) */

void web_field_set(json_t *ctx, const srv_session *s, const char *key, const web_field *f)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:n, s:b, s:s?, s:n}", "id", f->id, "name",
                          f->id, "label", reco_i18n_text(s->lang, f->label), "type",
                          f->type ? f->type : "text", "value", f->value ? f->value : "", "error",
                          "required", f->required, "autocomplete", f->autocomplete, "rows");
    if (!o)
        return;
    json_object_set_new(o, "hint",
                        f->hint ? json_string(reco_i18n_text(s->lang, f->hint)) : json_null());
    if (f->rows)
        json_object_set_new(o, "rows", json_integer(f->rows));
    json_object_set_new(ctx, key, o);
}

void web_field_error(json_t *ctx, const srv_session *s, const char *key, const char *msgid)
{
    json_t *o = json_object_get(ctx, key);
    const char *msg = reco_i18n_text(s->lang, msgid);
    if (o)
        json_object_set_new(o, "error", json_string(msg));
    web_error_add(ctx, o ? json_string_value(json_object_get(o, "id")) : key, msg);
}

const char *web_query(srv_req *r, const char *name)
{
    srv_query q;
    if (!r->query || !r->query[0] ||
        srv_query_parse(r->query, strlen(r->query), r->arena, &q, NULL) != RECO_OK)
        return NULL;
    return srv_query_get(&q, name);
}

/* A path of this site to go to after logging in, or "/dashboard". */
static const char *local_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 1024)
        return "/dashboard";
    for (const char *p = next; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || *p == '\\')
            return "/dashboard";
    return next;
}

static const char *lang_code(const srv_session *s)
{
    return reco_i18n_code(s->lang);
}

/* A message page with a link to the log-in page (after a confirmation or a reset). */
static void message_then_login(srv_req *r, const srv_session *s, const char *title,
                               const char *message)
{
    json_t *c = srv_page_ctx(r, s, title, "account/message");
    if (c) {
        json_object_set_new(c, "message", json_string(reco_i18n_text(s->lang, message)));
        json_object_set_new(c, "login_link", json_true());
    }
    srv_page_reply_take(r, s, 200, c);
}

/* ---------------------------------------------------------------- sign up */

static json_t *signup_ctx(srv_req *r, const srv_session *s, const srv_form *f)
{
    json_t *c = srv_page_ctx(r, s, "Create an account", "account/signup");
    if (!c)
        return NULL;
    web_field_set(c, s, "email_field",
                  &(web_field){"email", "E-mail address", "email", srv_form_str(f, "email"), NULL,
                               "email", true, 0});
    web_field_set(c, s, "name_field",
                  &(web_field){"name", "Your name", NULL, srv_form_str(f, "name"),
                               "As it will appear to issuers and on your public pages", "name",
                               true, 0});
    web_field_set(c, s, "password_field",
                  &(web_field){"password", "Password", "password", "", "At least 8 characters",
                               "new-password", true, 0});
    return c;
}

void h_web_signup(srv_req *r)
{
    srv_session s;
    srv_session_load(r, &s);
    if (s.signed_in) {
        srv_redirect(r, "/dashboard");
        return;
    }
    srv_page_reply_take(r, &s, 200, signup_ctx(r, &s, NULL));
}

void h_web_signup_post(srv_req *r)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    srv_session_load(r, &s);
    if (!srv_form_read_checked(r, &s, &f))
        return;
    reco_code rc = reco_app_signup(r->app, srv_form_str(&f, "email"), srv_form_str(&f, "name"),
                                   srv_form_str(&f, "password"), lang_code(&s), NULL, &err);
    if (rc == RECO_OK) {
        srv_page_message(r, &s, 200, "Check your e-mail",
                         "We sent you a link to confirm your e-mail address. Open it, then log "
                         "in.");
        return;
    }
    if (strcmp(err.path, "mail") == 0) {
        srv_page_message(r, &s, 200, "Account created",
                         "Your account is created, but the confirmation e-mail could not be "
                         "sent. Log in and ask for a new link from your account page.");
        return;
    }
    if (rc != RECO_EINVAL && rc != RECO_ECONFLICT) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    json_t *c = signup_ctx(r, &s, &f);
    if (c && rc == RECO_ECONFLICT)
        web_field_error(c, &s, "email_field",
                        "An account with this e-mail address exists already: log in instead");
    else if (c && strcmp(err.path, "name") == 0)
        web_field_error(c, &s, "name_field", "Enter your name");
    else if (c && strcmp(err.path, "password") == 0)
        web_field_error(c, &s, "password_field", "Choose a password of at least 8 characters");
    else if (c)
        web_field_error(c, &s, "email_field", "Enter an e-mail address like name@example.org");
    srv_page_reply_take(r, &s, 400, c);
}

/* ---------------------------------------------------------------- confirmation */

void h_web_confirm(srv_req *r)
{
    srv_session s;
    reco_error err = {0};
    srv_session_load(r, &s);
    reco_code rc = reco_app_email_confirm(r->app, r->param[0], NULL, &err);
    if (rc == RECO_OK)
        message_then_login(r, &s, "E-mail address confirmed",
                           "Thank you: your e-mail address is confirmed. You can now log in.");
    else if (rc == RECO_EVERIFY)
        srv_page_message(r, &s, 404, "Link not valid",
                         "This confirmation link is not valid or has expired. Log in and ask "
                         "for a new one from your account page.");
    else
        srv_page_app_error(r, &s, &err);
}

void h_web_confirm_resend(srv_req *r)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    srv_session_load(r, &s);
    if (srv_require_login(r, &s) || !srv_form_read_checked(r, &s, &f))
        return;
    if (reco_app_email_confirm_send(r->app, s.s.user.id, lang_code(&s), &err))
        srv_page_app_error(r, &s, &err);
    else
        srv_page_message(r, &s, 200, "Check your e-mail",
                         "We sent you a new link to confirm your e-mail address.");
}

/* ---------------------------------------------------------------- log in and out */

static json_t *login_ctx(srv_req *r, const srv_session *s, const char *email, const char *next)
{
    json_t *c = srv_page_ctx(r, s, "Log in", "account/login");
    if (!c)
        return NULL;
    web_field_set(
        c, s, "email_field",
        &(web_field){"email", "E-mail address", "email", email, NULL, "username", true, 0});
    web_field_set(
        c, s, "password_field",
        &(web_field){"password", "Password", "password", "", NULL, "current-password", true, 0});
    json_object_set_new(c, "next", json_string(local_next(next)));
    return c;
}

void h_web_login(srv_req *r)
{
    srv_session s;
    srv_session_load(r, &s);
    if (s.signed_in) {
        srv_redirect(r, local_next(web_query(r, "next")));
        return;
    }
    srv_page_reply_take(r, &s, 200, login_ctx(r, &s, "", web_query(r, "next")));
}

void h_web_login_post(srv_req *r)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    reco_app_user user;
    reco_buf *token = srv_buf(r, 256);
    srv_session_load(r, &s);
    if (!srv_form_read_checked(r, &s, &f))
        return;
    const char *next = local_next(srv_form_get(&f, "next"));
    reco_code rc = reco_app_web_login(r->app, r->client_ip, srv_form_str(&f, "email"),
                                      srv_form_str(&f, "password"), &user, &err);
    if (rc == RECO_OK && token)
        rc = reco_app_session_open(r->app, &user, token, NULL, &err);
    if (rc == RECO_OK) {
        srv_session_cookie_set(r, token->data);
        reco_wipe(token->data, token->len);
        srv_redirect(r, next);
        return;
    }
    if (rc != RECO_EVERIFY && rc != RECO_ELIMIT) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    json_t *c = login_ctx(r, &s, srv_form_str(&f, "email"), next);
    if (c && rc == RECO_ELIMIT)
        web_field_error(c, &s, "email_field",
                        "Too many failed attempts: wait 15 minutes before trying again");
    else if (c)
        web_field_error(c, &s, "email_field", "Wrong e-mail address or password");
    srv_page_reply_take(r, &s, rc == RECO_ELIMIT ? 429 : 401, c);
}

void h_web_logout(srv_req *r)
{
    srv_session s;
    srv_form f;
    char token[SRV_MAX_COOKIE];
    srv_session_load(r, &s);
    if (!srv_form_read_checked(r, &s, &f))
        return;
    if (srv_cookie_get(r->cookie, SRV_SESSION_COOKIE, token, sizeof token))
        (void)reco_app_session_close(r->app, token, NULL);
    reco_wipe(token, sizeof token);
    srv_session_cookie_clear(r);
    srv_redirect(r, "/");
}

/* ---------------------------------------------------------------- password reset */

static json_t *reset_ctx(srv_req *r, const srv_session *s, const char *email)
{
    json_t *c = srv_page_ctx(r, s, "Forgotten password", "account/reset_request");
    if (c)
        web_field_set(c, s, "email_field",
                      &(web_field){"email", "E-mail address", "email", email,
                                   "We will send a link to choose a new password", "email", true,
                                   0});
    return c;
}

void h_web_reset(srv_req *r)
{
    srv_session s;
    srv_session_load(r, &s);
    srv_page_reply_take(r, &s, 200, reset_ctx(r, &s, ""));
}

void h_web_reset_post(srv_req *r)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    srv_session_load(r, &s);
    if (!srv_form_read_checked(r, &s, &f))
        return;
    if (!srv_form_str(&f, "email")[0]) {
        json_t *c = reset_ctx(r, &s, "");
        if (c)
            web_field_error(c, &s, "email_field", "Enter your e-mail address");
        srv_page_reply_take(r, &s, 400, c);
        return;
    }
    if (reco_app_password_reset_request(r->app, srv_form_str(&f, "email"), lang_code(&s), &err))
        srv_page_app_error(r, &s, &err);
    else
        srv_page_message(r, &s, 200, "Check your e-mail",
                         "If an account uses this address, we sent it a link to choose a new "
                         "password. The link works once, for one hour.");
}

static json_t *new_password_ctx(srv_req *r, const srv_session *s)
{
    json_t *c = srv_page_ctx(r, s, "Choose a new password", "account/reset_password");
    if (c) {
        web_field_set(c, s, "password_field",
                      &(web_field){"password", "New password", "password", "",
                                   "At least 8 characters", "new-password", true, 0});
        json_object_set_new(c, "action", json_pack("s+", "/reset/", r->param[0]));
    }
    return c;
}

void h_web_reset_token(srv_req *r)
{
    srv_session s;
    srv_session_load(r, &s);
    if (reco_app_password_reset_check(r->app, r->param[0], NULL))
        srv_page_message(r, &s, 404, "Link not valid",
                         "This password reset link is not valid or has expired. Ask for a new "
                         "one.");
    else
        srv_page_reply_take(r, &s, 200, new_password_ctx(r, &s));
}

void h_web_reset_token_post(srv_req *r)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    srv_session_load(r, &s);
    if (!srv_form_read_checked(r, &s, &f))
        return;
    reco_code rc = reco_app_password_reset(r->app, r->param[0], srv_form_str(&f, "password"), &err);
    if (rc == RECO_OK) {
        message_then_login(r, &s, "Password changed",
                           "Your new password is saved. You can now log in with it.");
    } else if (rc == RECO_EINVAL) {
        json_t *c = new_password_ctx(r, &s);
        if (c)
            web_field_error(c, &s, "password_field", "Choose a password of at least 8 characters");
        srv_page_reply_take(r, &s, 400, c);
    } else if (rc == RECO_EVERIFY) {
        srv_page_message(r, &s, 404, "Link not valid",
                         "This password reset link is not valid or has expired. Ask for a new "
                         "one.");
    } else {
        srv_page_app_error(r, &s, &err);
    }
}

/* ---------------------------------------------------------------- settings */

static json_t *settings_ctx(srv_req *r, const srv_session *s, const char *name, const char *locale)
{
    json_t *c = srv_page_ctx(r, s, "Your account", "account/settings");
    if (!c)
        return NULL;
    web_field_set(c, s, "name_field",
                  &(web_field){"name", "Your name", NULL, name, NULL, "name", true, 0});
    json_t *opts =
        json_pack("[{s:s, s:s, s:b}, {s:s, s:s, s:b}, {s:s, s:s, s:b}]", "value", "", "label",
                  reco_i18n_text(s->lang, "As the browser asks"), "selected", !locale[0], "value",
                  "fr", "label", "Français", "selected", strcmp(locale, "fr") == 0, "value", "en",
                  "label", "English", "selected", strcmp(locale, "en") == 0);
    json_object_set_new(c, "locale_field",
                        json_pack("{s:s, s:s, s:s, s:n, s:n, s:o*}", "id", "locale", "name",
                                  "locale", "label", reco_i18n_text(s->lang, "Language"), "hint",
                                  "error", "options", opts));
    json_object_set_new(c, "account_email", json_string(s->s.user.email));
    json_object_set_new(c, "confirmed", json_boolean(s->s.confirmed));
    return c;
}

void h_web_account(srv_req *r)
{
    srv_session s;
    srv_session_load(r, &s);
    if (srv_require_login(r, &s))
        return;
    json_t *c = settings_ctx(r, &s, s.s.name, s.s.locale);
    const char *saved = web_query(r, "saved");
    if (c && saved)
        web_flash_add(c, "success", reco_i18n_text(s.lang, "Your settings are saved"));
    srv_page_reply_take(r, &s, 200, c);
}

void h_web_account_post(srv_req *r)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    srv_session_load(r, &s);
    if (srv_require_login(r, &s) || !srv_form_read_checked(r, &s, &f))
        return;
    const char *name = srv_form_str(&f, "name"), *locale = srv_form_str(&f, "locale");
    reco_code rc = reco_app_account_update(r->app, &s.s.user, name, locale, &err);
    if (rc == RECO_OK) {
        /* the page language follows the new preference at once */
        if (locale[0])
            srv_cookie_set(r, SRV_LANG_COOKIE, locale, 31536000L, false);
        srv_redirect(r, "/account?saved=1");
    } else if (rc == RECO_EINVAL) {
        json_t *c = settings_ctx(r, &s, name, locale);
        if (c && strcmp(err.path, "name") == 0)
            web_field_error(c, &s, "name_field", "Enter your name");
        else if (c)
            web_field_error(c, &s, "locale_field", "Choose French or English");
        srv_page_reply_take(r, &s, 400, c);
    } else {
        srv_page_app_error(r, &s, &err);
    }
}
