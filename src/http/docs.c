/*
 * docs.c - the hosted documents: credentials (JSON-LD by content negotiation, else the HTML
 * page of pages_public.c; .json, .png, .svg and .jwt downloads), issuer profiles, DID and key
 * documents, status list credentials, achievements and their images. Public: no token.
 */
#include "http/handlers.h"
#include "http/pages.h"

#include <stdio.h>
#include <string.h>

/* JSON-LD first: a client that sends no Accept, or * / *, gets the document itself. */
static const char *const doc_offers[] = {"application/ld+json", "application/vc+ld+json",
                                         "application/json", "text/html"};
enum { N_JSON_OFFERS = 3, N_DOC_OFFERS = 4 };

#define DOC_CACHE "public, max-age=300"

void h_healthz(srv_req *r)
{
    static const char ok[] = "{\"status\":\"ok\"}\n";
    srv_header_add(r, "Cache-Control", "no-store");
    srv_reply(r, 200, "application/json", ok, sizeof ok - 1);
}

/* Reply with a document (ETag, Cache-Control; 304 when the client has it). */
static void reply_doc(srv_req *r, const char *ctype, const char *data, size_t len,
                      const char *cache)
{
    if (cache)
        srv_header_add(r, "Cache-Control", cache);
    if (srv_etag(r, data, len)) {
        srv_reply(r, 304, NULL, "", 0);
        return;
    }
    srv_reply(r, 200, ctype, data, len);
}

/* The JSON media type the client prefers (for documents without an HTML form). */
static const char *doc_json_type(srv_req *r)
{
    int k = srv_accept_choose(r->accept, doc_offers, N_JSON_OFFERS);
    return doc_offers[k < 0 ? 0 : k];
}

/* -1 for HTML, else the index of the JSON type to answer with. */
static int negotiate(srv_req *r)
{
    srv_header_add(r, "Vary", "Accept");
    int k = srv_accept_choose(r->accept, doc_offers, N_DOC_OFFERS);
    return k >= 0 && k < N_JSON_OFFERS ? k : -1;
}

static void reply_json_doc(srv_req *r, int k, const json_t *v, const char *cache)
{
    reco_buf *b = srv_buf(r, 0);
    if (!b || reco_json_write(v, 0, b, NULL)) {
        srv_reply_error(r, 500, "internal", "", "internal error");
        return;
    }
    reply_doc(r, doc_offers[k < 0 ? 0 : k], b->data, b->len, cache);
}

/* ---------------------------------------------------------------- credentials */

void h_credential(srv_req *r)
{
    reco_error err = {0};
    reco_buf *b = srv_buf(r, 0);
    int k = negotiate(r);
    if (k < 0) {
        page_credential(r); /* pages_public.c */
        return;
    }
    if (!b || reco_app_credential_json(r->app, r->param[0], b, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    reply_doc(r, doc_offers[k], b->data, b->len, DOC_CACHE);
}

static void attachment(srv_req *r, const char *ext)
{
    char v[256];
    snprintf(v, sizeof v, "attachment; filename=\"badge-%s.%s\"", r->param[0], ext);
    srv_header_add(r, "Content-Disposition", v);
}

void h_credential_download_json(srv_req *r)
{
    reco_error err = {0};
    reco_buf *b = srv_buf(r, 0);
    if (!b || reco_app_credential_json(r->app, r->param[0], b, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    attachment(r, "json");
    reply_doc(r, "application/ld+json", b->data, b->len, DOC_CACHE);
}

static void baked(srv_req *r, const char *format)
{
    reco_error err = {0};
    const char *mime = NULL;
    reco_buf *b = srv_buf(r, 0);
    if (!b || reco_app_credential_baked(r->app, r->param[0], format, b, &mime, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    attachment(r, format);
    reply_doc(r, mime, b->data, b->len, DOC_CACHE);
}

void h_credential_png(srv_req *r)
{
    baked(r, "png");
}

void h_credential_svg(srv_req *r)
{
    baked(r, "svg");
}

void h_credential_jwt(srv_req *r)
{
    reco_error err = {0};
    reco_buf *b = srv_buf(r, 0);
    if (!b || reco_app_credential_jwt(r->app, r->param[0], b, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    reply_doc(r, "application/vc+jwt", b->data, b->len, DOC_CACHE);
}

/* ---------------------------------------------------------------- issuers */

void h_issuer(srv_req *r)
{
    reco_error err = {0};
    json_t *p = NULL;
    int k = negotiate(r);
    if (k < 0) {
        page_issuer(r); /* pages_public.c */
        return;
    }
    if (reco_app_issuer_profile(r->app, r->param[0], &p, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    srv_keep_json(r, p);
    reply_json_doc(r, k, p, DOC_CACHE);
}

void h_issuer_did(srv_req *r)
{
    reco_error err = {0};
    json_t *d = NULL;
    if (reco_app_issuer_did_document(r->app, r->param[0], &d, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    srv_keep_json(r, d);
    reco_buf *b = srv_buf(r, 0);
    if (!b || reco_json_write(d, 0, b, NULL)) {
        srv_reply_error(r, 500, "internal", "", "internal error");
        return;
    }
    reply_doc(r, "application/did+json", b->data, b->len, DOC_CACHE);
}

void h_issuer_key(srv_req *r)
{
    reco_error err = {0};
    json_t *d = NULL;
    if (reco_app_issuer_key_document(r->app, r->param[0], r->param[1], &d, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    srv_keep_json(r, d);
    reco_buf *b = srv_buf(r, 0);
    if (!b || reco_json_write(d, 0, b, NULL)) {
        srv_reply_error(r, 500, "internal", "", "internal error");
        return;
    }
    reply_doc(r, doc_json_type(r), b->data, b->len, DOC_CACHE);
}

void h_status_list(srv_req *r)
{
    reco_error err = {0};
    reco_buf *b = srv_buf(r, 0);
    if (!b || reco_app_status_list(r->app, r->param[0], r->param[1], b, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    /* revocation must show quickly: a short max-age, and the ETag for cheap revalidation */
    reply_doc(r, doc_json_type(r), b->data, b->len, "public, max-age=30");
}

/* ---------------------------------------------------------------- achievements */

void h_achievement(srv_req *r)
{
    reco_error err = {0};
    json_t *a = NULL;
    int k = negotiate(r);
    if (k < 0) {
        page_achievement(r); /* pages_public.c */
        return;
    }
    if (reco_app_achievement_get(r->app, r->param[0], &a, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    srv_keep_json(r, a);
    reply_json_doc(r, k, a, DOC_CACHE);
}

void h_achievement_image(srv_req *r)
{
    reco_error err = {0};
    const char *mime = NULL;
    reco_buf *b = srv_buf(r, 0);
    if (!b || reco_app_achievement_image(r->app, r->param[0], b, &mime, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    if (strcmp(mime, "image/svg+xml") == 0)
        /* an uploaded SVG is checked, and is never run as a page of this origin either */
        srv_header_add(r, "Content-Security-Policy",
                       "default-src 'none'; style-src 'unsafe-inline'");
    reply_doc(r, mime, b->data, b->len, DOC_CACHE);
}

/* ---------------------------------------------------------------- claim links */

/* The link of the award e-mail: JSON by Accept, else the claim page (pages_earner.c). */
void h_claim(srv_req *r)
{
    reco_error err = {0};
    json_t *c = NULL;
    int k = negotiate(r);
    if (k < 0) {
        page_claim(r);
        return;
    }
    srv_header_add(r, "Referrer-Policy", "no-referrer"); /* the token is in the URL */
    if (reco_app_claim_lookup(r->app, r->param[0], &c, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    srv_keep_json(r, c);
    srv_header_add(r, "Cache-Control", "no-store");
    srv_reply_json(r, 200, c);
}
