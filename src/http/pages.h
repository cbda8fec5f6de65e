/*
 * pages.h - the public pages (home, explore, issuer, badge, credential with its verification
 * panel, verify) in pages_public.c and the earner pages (claim, backpack, import, public or
 * private, share, downloads) in pages_earner.c. docs/web-earner.md.
 *
 * The HTML forms of /credentials/{id}, /issuers/{slug}, /achievements/{id} and /claim/{token}
 * are rendered here; docs.c keeps the content negotiation and calls page_* for HTML.
 */
#ifndef RECO_HTTP_PAGES_H
#define RECO_HTTP_PAGES_H

#include "http/http_internal.h"
#include "http/i18n.h"
#include <jansson.h>

/* HTML forms of the hosted documents (docs.c chose HTML by Accept) */
void page_credential(srv_req *r);
void page_issuer(srv_req *r);
void page_achievement(srv_req *r);
void page_claim(srv_req *r);

/* public pages */
void h_page_home(srv_req *r);
void h_page_issuers(srv_req *r);
void h_page_badges(srv_req *r);
void h_page_verify(srv_req *r);
void h_page_verify_post(srv_req *r);

/* earner pages */
void h_page_claim_post(srv_req *r);
void h_page_backpack(srv_req *r);
void h_page_backpack_import(srv_req *r);
void h_page_backpack_visibility(srv_req *r);
void h_page_backpack_download(srv_req *r);
void h_page_share(srv_req *r);

/* shared by the page files (pages_public.c) */

/** An RFC 3339 date as people read it in lang ("22 novembre 2026"), in the request's arena;
 * the text itself when it does not parse; NULL for NULL. */
const char *pages_date(srv_req *r, reco_lang lang, const char *iso);
/** o[key] = pages_date(iso), or null. */
void pages_set_date(srv_req *r, reco_lang lang, json_t *o, const char *key, const char *iso);
/** A non-negative integer query parameter; 0 when absent or not digits. */
int64_t pages_query_int(srv_req *r, const char *name);
/** A query parameter (arena), or NULL. */
const char *pages_query_str(srv_req *r, const char *name);
/** ctx.report = the view of partials/report for report (reco_report_to_json), or null. */
void pages_set_report(json_t *ctx, const json_t *report);

#endif
