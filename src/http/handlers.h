/*
 * handlers.h - the handlers named by the route table (routes.c): hosted documents in
 * docs.c, the JSON API in api.c. Each reads its parameters from the request, calls one app
 * function and replies (http_internal.h).
 */
#ifndef RECO_HTTP_HANDLERS_H
#define RECO_HTTP_HANDLERS_H

#include "http/http_internal.h"

void h_healthz(srv_req *r);
/* GET /static/<name>.css|.svg|.js: the embedded files of web/static (web_static_serve). */
void h_static_css(srv_req *r);
void h_static_svg(srv_req *r);
void h_static_js(srv_req *r);

void h_credential(srv_req *r);
void h_credential_download_json(srv_req *r);
void h_credential_png(srv_req *r);
void h_credential_svg(srv_req *r);
void h_credential_jwt(srv_req *r);
void h_issuer(srv_req *r);
void h_issuer_did(srv_req *r);
void h_issuer_key(srv_req *r);
void h_status_list(srv_req *r);
void h_achievement(srv_req *r);
void h_achievement_image(srv_req *r);
void h_claim(srv_req *r);

void h_api_issuer_create(srv_req *r);
void h_api_issuer_get(srv_req *r);
void h_api_achievement_create(srv_req *r);
void h_api_award(srv_req *r);
void h_api_award_csv(srv_req *r);
void h_api_job(srv_req *r);
void h_api_credential_list(srv_req *r);
void h_api_credential_get(srv_req *r);
void h_api_revoke(srv_req *r);
void h_api_verify(srv_req *r);

#endif
