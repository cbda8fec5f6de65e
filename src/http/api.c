/*
 * api.c - the JSON API /api/v1 (docs/api.md). The server has already checked the bearer
 * token (r->user), the Content-Type and the body cap; each handler parses the body or the
 * query, calls one app function and maps its code to a status.
 */
#include "http/handlers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define API_JSON_DEPTH 32

/* The JSON body (kept until the request completes), or NULL after replying 400. */
static json_t *json_body(srv_req *r)
{
    reco_error err = {0};
    json_t *v = NULL;
    reco_json_limits lim = {r->body.len + 1, API_JSON_DEPTH};
    if (reco_json_parse(r->body.ptr, r->body.len, &lim, &v, &err)) {
        srv_reply_error(r, err.code == RECO_ELIMIT ? 413 : 400,
                        err.code == RECO_ELIMIT ? "too_large" : "bad_request", "",
                        "malformed JSON body: %s", err.msg);
        return NULL;
    }
    srv_keep_json(r, v);
    if (!json_is_object(v)) {
        srv_reply_error(r, 400, "bad_request", "", "the body must be a JSON object");
        return NULL;
    }
    return v;
}

/* The query string, or NULL after replying 400. */
static srv_query *query(srv_req *r)
{
    reco_error err = {0};
    srv_query *q = reco_arena_calloc(r->arena, sizeof *q);
    if (!q) {
        srv_reply_error(r, 500, "internal", "", "internal error");
        return NULL;
    }
    if (srv_query_parse(r->query, strlen(r->query), r->arena, q, &err)) {
        srv_reply_error(r, 400, "bad_request", "", "%s", err.msg);
        return NULL;
    }
    return q;
}

/* Reply 201/202 with the created object and a Location naming its "id". */
static void created(srv_req *r, unsigned status, json_t *v)
{
    const char *id = json_string_value(json_object_get(v, "id"));
    if (id)
        srv_header_add(r, "Location", id);
    srv_reply_json_take(r, status, v);
}

void h_api_issuer_create(srv_req *r)
{
    reco_error err = {0};
    json_t *body = json_body(r), *out = NULL;
    if (!body)
        return;
    if (reco_app_issuer_create(r->app, &r->user, body, &out, &err))
        srv_reply_app_error(r, &err);
    else
        created(r, 201, out);
}

void h_api_issuer_get(srv_req *r)
{
    reco_error err = {0};
    json_t *out = NULL;
    if (reco_app_issuer_get(r->app, r->param[0], &out, &err))
        srv_reply_app_error(r, &err);
    else
        srv_reply_json_take(r, 200, out);
}

void h_api_achievement_create(srv_req *r)
{
    reco_error err = {0};
    json_t *body = json_body(r), *out = NULL;
    if (!body)
        return;
    if (reco_app_achievement_create(r->app, &r->user, r->param[0], body, &out, &err))
        srv_reply_app_error(r, &err);
    else
        created(r, 201, out);
}

void h_api_award(srv_req *r)
{
    reco_error err = {0};
    json_t *body = json_body(r), *out = NULL;
    if (!body)
        return;
    if (reco_app_award_json(r->app, &r->user, r->param[0], body, &out, &err))
        srv_reply_app_error(r, &err);
    else
        created(r, 201, out);
}

/* "true"/"1" or "false"/"0"; -1 otherwise. */
static int flag(const char *v)
{
    if (!v)
        return 0;
    if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
        return 1;
    if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
        return 0;
    return -1;
}

void h_api_award_csv(srv_req *r)
{
    reco_error err = {0};
    json_t *out = NULL;
    srv_query *q = query(r);
    if (!q)
        return;
    int aon = flag(srv_query_get(q, "allOrNothing"));
    if (aon < 0) {
        srv_reply_error(r, 400, "bad_request", "", "allOrNothing must be true or false");
        return;
    }
    if (reco_app_bulk_submit(r->app, &r->user, r->param[0], r->body.ptr, r->body.len, aon == 1,
                             &out, &err)) {
        /* a CSV over the row count is a bad body rather than an oversized one */
        if (err.code == RECO_ELIMIT && r->body.len < 10u * 1024u * 1024u)
            err.code = RECO_EINVAL;
        srv_reply_app_error(r, &err);
    } else {
        created(r, 202, out);
    }
}

void h_api_job(srv_req *r)
{
    reco_error err = {0};
    json_t *out = NULL;
    if (reco_app_job_get(r->app, &r->user, r->param[0], &out, &err))
        srv_reply_app_error(r, &err);
    else
        srv_reply_json_take(r, 200, out);
}

/* A non-negative integer of the query, within max; -1 when malformed, def when absent. */
static int64_t int_arg(const char *v, int64_t def, int64_t max)
{
    char *end = NULL;
    if (!v)
        return def;
    if (!*v || *v < '0' || *v > '9')
        return -1;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno || *end || n > max)
        return -1;
    return n;
}

void h_api_credential_list(srv_req *r)
{
    reco_error err = {0};
    json_t *out = NULL;
    srv_query *q = query(r);
    if (!q)
        return;
    reco_page page = {int_arg(srv_query_get(q, "limit"), 50, 1000),
                      int_arg(srv_query_get(q, "offset"), 0, INT64_C(1) << 40)};
    if (page.limit < 1 || page.offset < 0) {
        srv_reply_error(r, 400, "bad_request", "", "limit must be 1 to 1000 and offset 0 or more");
        return;
    }
    const char *issuer = srv_query_get(q, "issuer"), *ach = srv_query_get(q, "achievement");
    if (reco_app_credential_list(r->app, &r->user, issuer && *issuer ? issuer : NULL,
                                 ach && *ach ? ach : NULL, &page, &out, &err))
        srv_reply_app_error(r, &err);
    else
        srv_reply_json_take(r, 200, out);
}

void h_api_credential_get(srv_req *r)
{
    reco_error err = {0};
    json_t *out = NULL;
    if (reco_app_credential_get(r->app, &r->user, r->param[0], &out, &err))
        srv_reply_app_error(r, &err);
    else
        srv_reply_json_take(r, 200, out);
}

void h_api_revoke(srv_req *r)
{
    reco_error err = {0};
    json_t *body = r->body.len ? json_body(r) : json_object();
    if (!r->body.len)
        srv_keep_json(r, body);
    if (!body)
        return;
    const json_t *reason = json_object_get(body, "reason");
    if (reason && !json_is_string(reason)) {
        srv_reply_error(r, 400, "bad_request", "/reason", "expected a string at 'reason'");
        return;
    }
    if (reco_app_revoke(r->app, &r->user, r->param[0], json_string_value(reason), &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    char id[512];
    snprintf(id, sizeof id, "%s/credentials/%s", reco_app_base_url(r->app), r->param[0]);
    json_t *out = json_pack("{s:s,s:b}", "id", id, "revoked", 1);
    if (out && reason)
        json_object_set(out, "reason", (json_t *)reason);
    if (!out)
        srv_reply_error(r, 500, "internal", "", "internal error");
    else
        srv_reply_json_take(r, 200, out);
}

static void report_done(void *p)
{
    reco_report_free(p);
}

void h_api_verify(srv_req *r)
{
    reco_error err = {0};
    reco_report *rep = NULL;
    json_t *out = NULL;
    if (r->body.len == 0) {
        srv_reply_error(r, 400, "bad_request", "",
                        "the body is empty: send a credential or {\"url\": ...}");
        return;
    }
    if (reco_app_verify_request(r->app, r->body.ptr, r->body.len, &rep, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    srv_on_done(r, report_done, rep);
    if (reco_report_to_json(rep, &out, &err)) {
        srv_reply_app_error(r, &err);
        return;
    }
    /* 200 whatever the verdict: "valid" in the report says it */
    srv_reply_json_take(r, 200, out);
}
