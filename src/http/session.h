/*
 * session.h - who is asking, in which language, and the pages they get: the browser session
 * (cookie reco_session), the CSRF token of every form, the cookie helpers, and the rendering
 * of a page in the request's language with the layout (docs/web-accounts.md).
 *
 * CSRF: a signed-in browser's forms carry the session's own token (stored with the session);
 * pages without a session (sign up, log in, password reset, verify) use a double-submit cookie
 * reco_csrf, set on first visit, whose value the form repeats. srv_csrf_check compares the
 * form's "csrf" field with the expected token in constant time; a POST handler that gets false
 * answers srv_page_forbidden and changes nothing.
 */
#ifndef RECO_HTTP_SESSION_H
#define RECO_HTTP_SESSION_H

#include "http/form.h"
#include "http/http_internal.h"
#include "http/i18n.h"
#include <jansson.h>

#define SRV_SESSION_COOKIE "reco_session"
#define SRV_CSRF_COOKIE    "reco_csrf"
#define SRV_LANG_COOKIE    "lang"
#define SRV_MAX_COOKIE     256 /* bytes of one cookie value we read */

/** What a page handler knows about the request once srv_session_load has run. */
typedef struct srv_session {
    bool signed_in;       /* a live session cookie came with the request */
    reco_app_session s;   /* the session (user, name, locale, csrf) when signed_in */
    char csrf[65];        /* the token forms carry and POSTs must repeat */
    reco_lang lang;       /* the page's language */
    bool lang_from_query; /* ?lang= chose it (the cookie was set) */
} srv_session;

/**
 * The value of cookie name in a Cookie header ("a=1; b=2") copied to out (cap bytes,
 * NUL-terminated; values longer than cap - 1 are refused). false when absent or too long.
 */
bool srv_cookie_get(const char *header, const char *name, char *out, size_t cap);

/**
 * Add a Set-Cookie header: name=value; Path=/; HttpOnly (when http_only); SameSite=Lax;
 * Max-Age=max_age (a negative max_age omits it: a browser-session cookie; 0 deletes); Secure
 * when the service's base URL is https. value must be cookie-safe (the callers pass hex,
 * base58 or a language code).
 */
void srv_cookie_set(srv_req *r, const char *name, const char *value, long max_age, bool http_only);

/**
 * Load the request's session: the reco_session cookie checked through the app (an unknown,
 * expired or forged one counts as signed out, and the cookie is cleared), the CSRF token (the
 * session's, else the reco_csrf cookie's, else a new one set as that cookie), and the language:
 * ?lang=fr|en (which sets the lang cookie), else the account's preference, the lang cookie,
 * Accept-Language (reco_i18n_negotiate).
 */
void srv_session_load(srv_req *r, srv_session *s);

/** True when token (the form's "csrf" field, may be NULL) equals s->csrf (constant time). */
bool srv_csrf_check(const srv_session *s, const char *token);

/** Set the session cookie after a log-in (HttpOnly, SameSite=Lax, Path=/, 14 days). */
void srv_session_cookie_set(srv_req *r, const char *token);

/** Delete the session cookie (log out). */
void srv_session_cookie_clear(srv_req *r);

/* ---------------------------------------------------------------- forms */

/**
 * Parse the request's form body into f (arena); false after replying 400/413 with a page in
 * s->lang. Form routes have SRV_BODY_FORM, so the Content-Type was checked already.
 */
bool srv_form_read(srv_req *r, const srv_session *s, srv_form *f);

/**
 * srv_form_read, then the CSRF check: false after replying 403 (srv_page_forbidden). Every POST
 * page handler starts with this.
 */
bool srv_form_read_checked(srv_req *r, const srv_session *s, srv_form *f);

/** srv_form_read_checked with other limits than the defaults (lim may be NULL). */
bool srv_form_read_checked_with(srv_req *r, const srv_session *s, const srv_form_limits *lim,
                                srv_form *f);

/* ---------------------------------------------------------------- pages */

/**
 * The page context for the layout (web_page_context) with the request's user ({"name",
 * "email"} or null), csrf, and switch_url (the path and its query without lang, then "?" or
 * "&"). title is translated here. A new reference; NULL when out of memory.
 */
json_t *srv_page_ctx(srv_req *r, const srv_session *s, const char *title, const char *page);

/** Render the layout with ctx (borrowed) and reply status as text/html; 500 page on failure. */
void srv_page_reply(srv_req *r, const srv_session *s, unsigned status, const json_t *ctx);

/** Render, then release ctx. */
void srv_page_reply_take(srv_req *r, const srv_session *s, unsigned status, json_t *ctx);

/**
 * A short page: status, a translated title and a translated message (pages/message). Used for
 * 403 (a forged or missing CSRF token), 404, 500 and simple confirmations.
 */
void srv_page_message(srv_req *r, const srv_session *s, unsigned status, const char *title,
                      const char *message);

/** 403 "This form has expired or was not sent from this site" in the page's language. */
void srv_page_forbidden(srv_req *r, const srv_session *s);

/** An app error as a page: its status (srv_status_of) and message; 500 hides details. */
void srv_page_app_error(srv_req *r, const srv_session *s, const reco_error *err);

/** 303 See Other to location (a path of this site). */
void srv_redirect(srv_req *r, const char *location);

/**
 * Redirect to the log-in page with ?next=<this path> when not signed in; true when it did (the
 * handler then returns).
 */
bool srv_require_login(srv_req *r, const srv_session *s);

/** The template set shared by all pages (loaded at first use); NULL when it did not load. */
const reco_mustache *srv_templates(void);

#endif
