/*
 * pages_account.h - the account pages (sign up, e-mail confirmation, log in and out, password
 * reset, settings) in pages_account.c and the issuer pages (dashboards, profile, members,
 * badge editor, awards one by one and from CSV, bulk job progress, award list, revocation) in
 * pages_issuer.c, with the form helpers both use. docs/web-accounts.md.
 */
#ifndef RECO_HTTP_PAGES_ACCOUNT_H
#define RECO_HTTP_PAGES_ACCOUNT_H

#include "http/session.h"

/* accounts */
void h_web_signup(srv_req *r);
void h_web_signup_post(srv_req *r);
void h_web_confirm(srv_req *r);
void h_web_confirm_resend(srv_req *r);
void h_web_login(srv_req *r);
void h_web_login_post(srv_req *r);
void h_web_logout(srv_req *r);
void h_web_reset(srv_req *r);
void h_web_reset_post(srv_req *r);
void h_web_reset_token(srv_req *r);
void h_web_reset_token_post(srv_req *r);
void h_web_account(srv_req *r);
void h_web_account_post(srv_req *r);

/* issuer pages */
void h_web_dashboard(srv_req *r);
void h_web_issuer_new(srv_req *r);
void h_web_issuer_create(srv_req *r);
void h_web_issuer(srv_req *r);
void h_web_issuer_profile(srv_req *r);
void h_web_issuer_members(srv_req *r);
void h_web_awards(srv_req *r);
void h_web_badge_new(srv_req *r);
void h_web_badge_create(srv_req *r);
void h_web_badge_edit(srv_req *r);
void h_web_badge_update(srv_req *r);
void h_web_badge_preview(srv_req *r);
void h_web_award_form(srv_req *r);
void h_web_award(srv_req *r);
void h_web_csv_form(srv_req *r);
void h_web_csv(srv_req *r);
void h_web_job(srv_req *r);
void h_web_revoke_form(srv_req *r);
void h_web_revoke(srv_req *r);

/* ---------------------------------------------------------------- form helpers */

/** What a field partial shows (docs/web.md); label and hint are msgids, translated here. */
typedef struct web_field {
    const char *id;
    const char *label;
    const char *type; /* NULL = text */
    const char *value;
    const char *hint;
    const char *autocomplete;
    bool required;
    int rows; /* textareas; 0 = default */
} web_field;

/** ctx[key] = the context of partials/field_* for f, every key present. */
void web_field_set(json_t *ctx, const srv_session *s, const char *key, const web_field *f);

/**
 * Mark the field under ctx[key] (made by web_field_set) with msgid translated as its error,
 * and add the error to the summary of the page.
 */
void web_field_error(json_t *ctx, const srv_session *s, const char *key, const char *msgid);

/** A query parameter of the request (arena), or NULL. */
const char *web_query(srv_req *r, const char *name);

#endif
