/*
 * docs.c - the hosted documents: credentials (JSON-LD by content negotiation, else a minimal
 * HTML page; .json, .png, .svg and .jwt downloads), issuer profiles, DID and key documents,
 * status list credentials, achievements and their images. Public: no token.
 */
#include "http/handlers.h"

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

static void reply_html_cached(srv_req *r, reco_buf *b, reco_code rc, const char *cache)
{
    if (rc) {
        srv_reply_error(r, 500, "internal", "", "internal error");
        return;
    }
    reply_doc(r, "text/html; charset=utf-8", b->data, b->len, cache);
}

static void reply_html(srv_req *r, reco_buf *b, reco_code rc)
{
    reply_html_cached(r, b, rc, DOC_CACHE);
}

/* A string member (or the "name" of an object member), or NULL. */
static const char *str_of(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_object(v))
        v = json_object_get(v, "name");
    return json_string_value(v);
}

/* ---------------------------------------------------------------- credentials */

static void credential_html(srv_req *r, const char *id, const reco_buf *json)
{
    json_t *c = NULL;
    reco_buf *b = srv_buf(r, 0);
    if (!b || reco_json_parse(json->data, json->len, NULL, &c, NULL)) {
        srv_reply_error(r, 500, "internal", "", "internal error");
        return;
    }
    srv_keep_json(r, c);
    const json_t *subj = json_object_get(c, "credentialSubject");
    const json_t *ach = json_object_get(subj, "achievement");
    const char *recipient = json_string_value(json_object_get(subj, "id"));
    if (!recipient && json_object_get(subj, "identifier"))
        recipient = "an e-mail address (hashed in the credential)";
    const char *links[8];
    char buf[3][200];
    snprintf(buf[0], sizeof buf[0], "/credentials/%s.json", id);
    snprintf(buf[1], sizeof buf[1], "/credentials/%s.png", id);
    snprintf(buf[2], sizeof buf[2], "/credentials/%s.svg", id);
    links[0] = "JSON-LD credential";
    links[1] = buf[0];
    links[2] = "Badge image (PNG)";
    links[3] = buf[1];
    links[4] = "Badge image (SVG)";
    links[5] = buf[2];
    const char *rows[] = {"Achievement", str_of(subj, "achievement"),
                          "Description", json_string_value(json_object_get(ach, "description")),
                          "Issuer",      str_of(c, "issuer"),
                          "Recipient",   recipient,
                          "Valid from",  json_string_value(json_object_get(c, "validFrom")),
                          "Valid until", json_string_value(json_object_get(c, "validUntil")),
                          "Identifier",  json_string_value(json_object_get(c, "id"))};
    const char *title = str_of(c, "name");
    if (!title)
        title = str_of(subj, "achievement");
    reply_html(r, b,
               srv_html_page(b, title ? title : "Open Badge", rows, sizeof rows / sizeof *rows / 2,
                             links, 3));
}

void h_credential(srv_req *r)
{
    reco_error err = {0};
    reco_buf *b = srv_buf(r, 0);
    int k = negotiate(r);
    if (!b || reco_app_credential_json(r->app, r->param[0], b, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    if (k >= 0)
        reply_doc(r, doc_offers[k], b->data, b->len, DOC_CACHE);
    else
        credential_html(r, r->param[0], b);
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
    if (reco_app_issuer_profile(r->app, r->param[0], &p, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    srv_keep_json(r, p);
    if (k >= 0) {
        reply_json_doc(r, k, p, DOC_CACHE);
        return;
    }
    reco_buf *b = srv_buf(r, 0);
    char did[200];
    snprintf(did, sizeof did, "/issuers/%s/did.json", r->param[0]);
    const char *links[] = {"DID document", did};
    const char *rows[] = {"Identifier",  json_string_value(json_object_get(p, "id")),
                          "Web site",    json_string_value(json_object_get(p, "url")),
                          "E-mail",      json_string_value(json_object_get(p, "email")),
                          "Description", json_string_value(json_object_get(p, "description"))};
    const char *name = json_string_value(json_object_get(p, "name"));
    reply_html(r, b, b ? srv_html_page(b, name ? name : "Issuer", rows, 4, links, 1) : RECO_ENOMEM);
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
    if (reco_app_achievement_get(r->app, r->param[0], &a, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    srv_keep_json(r, a);
    if (k >= 0) {
        reply_json_doc(r, k, a, DOC_CACHE);
        return;
    }
    reco_buf *b = srv_buf(r, 0);
    char img[200];
    snprintf(img, sizeof img, "/achievements/%s/image", r->param[0]);
    const char *links[] = {"Image", img};
    const json_t *crit = json_object_get(a, "criteria");
    const char *rows[] = {"Description", json_string_value(json_object_get(a, "description")),
                          "Criteria",    json_string_value(json_object_get(crit, "narrative")),
                          "Issuer",      str_of(a, "creator"),
                          "Identifier",  json_string_value(json_object_get(a, "id"))};
    const char *name = json_string_value(json_object_get(a, "name"));
    reply_html(r, b,
               b ? srv_html_page(b, name ? name : "Achievement", rows, 4, links, 1) : RECO_ENOMEM);
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

/* The link of the award e-mail: what was awarded, by whom, and the credential's links. */
void h_claim(srv_req *r)
{
    reco_error err = {0};
    json_t *c = NULL;
    int k = negotiate(r);
    srv_header_add(r, "Referrer-Policy", "no-referrer"); /* the token is in the URL */
    if (reco_app_claim_lookup(r->app, r->param[0], &c, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    srv_keep_json(r, c);
    if (k >= 0) {
        srv_header_add(r, "Cache-Control", "no-store");
        srv_reply_json(r, 200, c);
        return;
    }
    reco_buf *b = srv_buf(r, 0);
    const char *id = json_string_value(json_object_get(c, "id"));
    const char *links[] = {"Your credential", id ? id : ""};
    /* names under "achievementName" / "issuerName" (app.h once said "achievement"/"issuer") */
    const char *ach = json_string_value(json_object_get(c, "achievementName"));
    const char *iss = json_string_value(json_object_get(c, "issuerName"));
    const char *rows[] = {"Badge", ach ? ach : str_of(c, "achievement"), "Issuer",
                          iss ? iss : str_of(c, "issuer")};
    reply_html_cached(r, b,
                      b ? srv_html_page(b, "You received a badge", rows, 2, links, id ? 1 : 0)
                        : RECO_ENOMEM,
                      "no-store");
}
