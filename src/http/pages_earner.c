/*
 * pages_earner.c - the earner's pages: the claim page of the award e-mail's link or QR code,
 * the backpack (received and imported badges), the import form (file, URL or pasted text),
 * public or private per badge, downloads, and the public share page with Open Graph tags and a
 * LinkedIn "add to profile" link. docs/web-earner.md.
 *
 * Every POST checks the CSRF token first (srv_form_read_checked) and changes nothing when it
 * fails. Refusals are said in the page's language; the rules live in the app layer
 * (reco_app_claim_accept, reco_app_backpack_import...).
 */
#include "http/pages.h"
#include "http/session.h"
#include "http/web_view.h"

#include <stdio.h>
#include <string.h>

#define LINK_MAX 4096

/* Append s percent-encoded (RFC 3986 unreserved kept) to b. */
static reco_code url_encode(reco_buf *b, const char *s)
{
    reco_code rc = RECO_OK;
    for (; s && *s && !rc; s++) {
        unsigned char c = (unsigned char)*s;
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '_' || c == '.' || c == '~';
        rc = plain ? reco_buf_putc(b, (char)c) : reco_buf_printf(b, "%%%02X", c);
    }
    return rc;
}

/* "<base><path>" in the arena (path may be absolute already). */
static const char *absolute(srv_req *r, const char *path)
{
    reco_buf *b = srv_buf(r, LINK_MAX);
    if (!path)
        return NULL;
    if (strncmp(path, "http://", 7) == 0 || strncmp(path, "https://", 8) == 0)
        return path;
    if (!b || reco_buf_puts(b, reco_app_base_url(r->app)) || reco_buf_puts(b, path))
        return path;
    return b->data;
}

/* The flash message of a redirect's ?done= */
static void done_flash(srv_req *r, const srv_session *s, json_t *ctx)
{
    const char *done = pages_query_str(r, "done");
    static const char *const msgs[][2] = {
        {"claimed", "The badge is in your backpack. It stays private until you make it public."},
        {"imported", "The badge passed verification and is in your backpack."},
        {"public", "The badge is public: anyone with its share link can see it."},
        {"private", "The badge is private: only you can see it."},
    };
    for (size_t i = 0; done && i < sizeof msgs / sizeof msgs[0]; i++)
        if (strcmp(done, msgs[i][0]) == 0)
            web_flash_add(ctx, "success", reco_i18n_text(s->lang, msgs[i][1]));
}

/* ---------------------------------------------------------------- claim */

/* The claim page, with an optional refusal (message already translated). */
static void claim_render(srv_req *r, const srv_session *s, unsigned status, const char *refusal)
{
    reco_error err = {0};
    json_t *c = NULL;
    srv_header_add(r, "Referrer-Policy", "no-referrer"); /* the token is in the URL */
    if (reco_app_claim_lookup(r->app, r->param[0], &c, &err)) {
        srv_page_message(r, s, 404, "This claim link is not valid",
                         "This claim link is not valid or has expired. Ask the issuer to send "
                         "the badge again.");
        return;
    }
    json_t *ctx = srv_page_ctx(r, s, "You received a badge", "earner/claim");
    if (!ctx) {
        json_decref(c);
        srv_page_reply(r, s, 500, NULL);
        return;
    }
    const json_t *ach = json_object_get(
        json_object_get(json_object_get(c, "credential"), "credentialSubject"), "achievement");
    const json_t *img = json_object_get(ach, "image");
    const char *path = r->path;
    reco_buf *next = srv_buf(r, LINK_MAX);
    if (next)
        (void)url_encode(next, path);
    json_object_set_new(
        ctx, "claim",
        json_pack("{s:s?, s:s?, s:s?, s:s?, s:b, s:s?, s:s}", "name",
                  json_string_value(json_object_get(c, "achievementName")), "issuer",
                  json_string_value(json_object_get(c, "issuerName")), "description",
                  json_string_value(json_object_get(ach, "description")), "image",
                  json_is_object(img) ? json_string_value(json_object_get(img, "id"))
                                      : json_string_value(img),
                  "claimed", json_is_true(json_object_get(c, "claimed")), "next",
                  next ? next->data : "", "action", path));
    if (refusal)
        web_flash_add(ctx, "error", refusal);
    json_decref(c);
    srv_page_reply_take(r, s, status, ctx);
}

void page_claim(srv_req *r)
{
    srv_session s;
    srv_session_load(r, &s);
    claim_render(r, &s, 200, NULL);
}

void h_page_claim_post(srv_req *r)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    char id[64];
    srv_session_load(r, &s);
    if (!srv_form_read_checked(r, &s, &f))
        return;
    if (srv_require_login(r, &s))
        return;
    if (reco_app_claim_accept(r->app, &s.s.user, r->param[0], id, sizeof id, &err) == RECO_OK) {
        srv_redirect(r, "/backpack?done=claimed");
        return;
    }
    const char *why;
    if (strcmp(err.path, "confirm") == 0)
        why = "Confirm your e-mail address first: open the link we sent you when you signed up, "
              "then claim the badge again.";
    else if (strcmp(err.path, "email") == 0)
        why = "This badge was awarded to another e-mail address. Log in with the account of "
              "the address the badge was sent to.";
    else if (strcmp(err.path, "used") == 0)
        why = "This badge has been claimed already.";
    else if (strcmp(err.path, "token") == 0)
        why = "This claim link is not valid or has expired. Ask the issuer to send the badge "
              "again.";
    else {
        srv_page_app_error(r, &s, &err);
        return;
    }
    claim_render(r, &s, srv_status_of(err.code), reco_i18n_text(s.lang, why));
}

/* ---------------------------------------------------------------- backpack */

/* The backpack page; extra (may be NULL) adds an import refusal and its report. */
static void backpack_render(srv_req *r, const srv_session *s, unsigned status, json_t *extra)
{
    reco_error err = {0};
    json_t *data = NULL;
    reco_page rp = {20, pages_query_int(r, "received")};
    reco_page ip = {20, pages_query_int(r, "imported")};
    if (reco_app_backpack(r->app, &s->s.user, &rp, &ip, &data, &err)) {
        json_decref(extra);
        srv_page_app_error(r, s, &err);
        return;
    }
    json_t *ctx = srv_page_ctx(r, s, "My badges", "earner/backpack");
    if (ctx) {
        json_object_set_new(ctx, "backpack", data);
        json_object_set_new(ctx, "report", json_null());
        json_object_set_new(ctx, "url_value", json_null());
        json_object_set_new(ctx, "detail", json_null());
        if (extra)
            json_object_update(ctx, extra);
        done_flash(r, s, ctx);
    } else {
        json_decref(data);
    }
    json_decref(extra);
    srv_page_reply_take(r, s, status, ctx);
}

void h_page_backpack(srv_req *r)
{
    srv_session s;
    srv_session_load(r, &s);
    if (srv_require_login(r, &s))
        return;
    backpack_render(r, &s, 200, NULL);
}

void h_page_backpack_import(srv_req *r)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    json_t *res = NULL;
    reco_code rc;
    srv_session_load(r, &s);
    if (!srv_form_read_checked(r, &s, &f))
        return;
    if (srv_require_login(r, &s))
        return;
    const srv_form_field *file = srv_form_file(&f, "file");
    const char *url = srv_form_str(&f, "url");
    const char *text = srv_form_str(&f, "text");
    const char *field = file ? "file" : url[0] ? "url" : "text";
    if (file)
        rc = reco_app_backpack_import(r->app, &s.s.user, file->value, file->len, file->filename,
                                      &res, &err);
    else if (url[0])
        rc = reco_app_backpack_import_url(r->app, &s.s.user, url, &res, &err);
    else if (text[0])
        rc = reco_app_backpack_import(r->app, &s.s.user, text, strlen(text), "text", &res, &err);
    else
        rc = reco_error_set(&err, RECO_EINVAL, "file", "nothing to import");
    if (rc == RECO_OK) {
        json_decref(res);
        srv_redirect(r, "/backpack?done=imported");
        return;
    }
    json_t *extra = json_object();
    json_t *errs = json_array();
    const char *why =
        rc == RECO_EVERIFY ? "This badge did not pass verification, so it was not added."
        : !file && !url[0] && !text[0] ? "Choose a file, enter an address or paste a badge"
        : rc == RECO_ELIMIT            ? "The badge is too large."
                                       : "No badge could be read from this input";
    json_array_append_new(
        errs, json_pack("{s:s, s:s}", "id", field, "message", reco_i18n_text(s.lang, why)));
    json_object_set_new(extra, "errors", errs);
    if (rc == RECO_EVERIFY && res)
        pages_set_report(extra, json_object_get(res, "report"));
    else if (rc != RECO_ENOMEM)
        json_object_set_new(extra, "detail", json_string(err.msg));
    json_object_set_new(extra, "url_value", json_string(url));
    json_decref(res);
    backpack_render(r, &s, rc == RECO_ENOMEM ? 500 : rc == RECO_ELIMIT ? 413 : 400, extra);
}

void h_page_backpack_visibility(srv_req *r)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    srv_session_load(r, &s);
    if (!srv_form_read_checked(r, &s, &f))
        return;
    if (srv_require_login(r, &s))
        return;
    bool pub = strcmp(srv_form_str(&f, "public"), "1") == 0;
    if (reco_app_backpack_set_public(r->app, &s.s.user, r->param[0], pub, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    srv_redirect(r, pub ? "/backpack?done=public" : "/backpack?done=private");
}

void h_page_backpack_download(srv_req *r)
{
    srv_session s;
    reco_error err = {0};
    const char *mime = NULL;
    char disp[200];
    srv_session_load(r, &s);
    reco_buf *b = srv_buf(r, RECO_APP_MAX_IMPORT);
    if (!b || reco_app_backpack_content(r->app, s.signed_in ? &s.s.user : NULL, r->param[0], b,
                                        &mime, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    snprintf(disp, sizeof disp, "attachment; filename=\"badge-%s.%s\"", r->param[0],
             strstr(mime, "jwt")    ? "jwt"
             : strstr(mime, "json") ? "json"
                                    : "txt");
    srv_header_add(r, "Content-Disposition", disp);
    srv_header_add(r, "Cache-Control", "no-store");
    srv_reply(r, 200, mime, b->data, b->len);
}

/* ---------------------------------------------------------------- share */

static void meta_add(json_t *meta, const char *property, const char *content)
{
    if (content && content[0])
        json_array_append_new(meta,
                              json_pack("{s:s, s:s}", "property", property, "content", content));
}

/* https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=... */
static const char *linkedin_url(srv_req *r, const json_t *v, const char *share)
{
    reco_buf *b = srv_buf(r, LINK_MAX);
    reco_code rc;
    if (!b)
        return NULL;
    rc =
        reco_buf_puts(b, "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=");
    if (!rc)
        rc = url_encode(b, json_string_value(json_object_get(v, "name")));
    if (!rc)
        rc = reco_buf_puts(b, "&organizationName=");
    if (!rc)
        rc = url_encode(b, json_string_value(json_object_get(v, "issuer")));
    if (!rc && json_is_integer(json_object_get(v, "issueYear")))
        rc = reco_buf_printf(b, "&issueYear=%lld&issueMonth=%lld",
                             (long long)json_integer_value(json_object_get(v, "issueYear")),
                             (long long)json_integer_value(json_object_get(v, "issueMonth")));
    if (!rc)
        rc = reco_buf_puts(b, "&certUrl=");
    if (!rc)
        rc = url_encode(b, share);
    if (!rc)
        rc = reco_buf_puts(b, "&certId=");
    if (!rc)
        rc = url_encode(b, json_string_value(json_object_get(v, "id")));
    return rc ? NULL : b->data;
}

void h_page_share(srv_req *r)
{
    srv_session s;
    reco_error err = {0};
    json_t *v = NULL;
    char path[200];
    srv_session_load(r, &s);
    if (reco_app_share_view(r->app, s.signed_in ? &s.s.user : NULL, r->param[0], &v, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    snprintf(path, sizeof path, "/share/%s", r->param[0]);
    const char *share = absolute(r, path);
    const char *name = json_string_value(json_object_get(v, "name"));
    const char *issuer = json_string_value(json_object_get(v, "issuer"));
    const char *desc = json_string_value(json_object_get(v, "description"));
    const char *image = json_string_value(json_object_get(v, "image"));
    json_t *ctx = srv_page_ctx(r, &s, "Badge", "earner/share");
    json_t *meta = json_array();
    if (!ctx || !meta) {
        json_decref(ctx);
        json_decref(meta);
        json_decref(v);
        srv_page_reply(r, &s, 500, NULL);
        return;
    }
    json_object_set_new(ctx, "title", json_string(name ? name : "Open Badge"));
    meta_add(meta, "og:type", "website");
    meta_add(meta, "og:site_name", "reco");
    meta_add(meta, "og:title", name ? name : "Open Badge");
    meta_add(meta, "og:description",
             desc     ? desc
             : issuer ? issuer
                      : reco_i18n_text(s.lang, "An Open Badge"));
    meta_add(meta, "og:image", absolute(r, image ? image : "/static/logo.svg"));
    meta_add(meta, "og:image:alt", name);
    meta_add(meta, "og:url", share);
    json_object_set_new(ctx, "meta", meta);
    pages_set_date(r, s.lang, v, "issuedText", json_string_value(json_object_get(v, "issued")));
    pages_set_report(ctx, json_object_get(v, "report"));
    json_object_del(v, "report");
    const char *li = linkedin_url(r, v, share);
    json_object_set_new(v, "linkedin", li ? json_string(li) : json_null());
    json_object_set_new(v, "shareUrl", json_string(share));
    json_object_set_new(ctx, "badge", v);
    srv_page_reply_take(r, &s, 200, ctx);
}
