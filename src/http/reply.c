/*
 * reply.c - how handlers build their answer: status, content type, body, headers, and the
 * clean-ups run when the request completes (so that handlers never free anything). Errors
 * have one shape: {"error": {"code", "message", "path"}}.
 */
#include "http/http_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void srv_on_done(srv_req *r, void (*fn)(void *), void *p)
{
    srv_cleanup *c = reco_arena_alloc(r->arena, sizeof *c);
    if (!c) {
        /* cannot defer: run it now rather than leak (the reply is then an error anyway) */
        fn(p);
        return;
    }
    c->fn = fn;
    c->p = p;
    c->next = r->cleanups;
    r->cleanups = c;
}

static void json_done(void *p)
{
    json_decref(p);
}

void srv_keep_json(srv_req *r, json_t *j)
{
    if (j)
        srv_on_done(r, json_done, j);
}

static void buf_done(void *p)
{
    reco_buf_release(p);
}

reco_buf *srv_buf(srv_req *r, size_t max)
{
    reco_buf *b = reco_arena_alloc(r->arena, sizeof *b);
    if (!b)
        return NULL;
    reco_buf_init(b, max);
    srv_on_done(r, buf_done, b);
    return b;
}

void srv_header_add(srv_req *r, const char *name, const char *value)
{
    srv_header *h = reco_arena_alloc(r->arena, sizeof *h);
    if (!h)
        return;
    h->name = reco_arena_strdup(r->arena, name);
    h->value = reco_arena_strdup(r->arena, value);
    if (!h->name || !h->value)
        return;
    h->next = r->headers;
    r->headers = h;
}

void srv_reply(srv_req *r, unsigned status, const char *ctype, const char *data, size_t len)
{
    r->status = status;
    r->ctype = ctype;
    r->data = data;
    r->len = len;
}

static const char oom_body[] = "{\"error\":{\"code\":\"internal\",\"message\":\"out of "
                               "memory\",\"path\":\"\"}}";

void srv_reply_json(srv_req *r, unsigned status, const json_t *v)
{
    reco_buf *b = srv_buf(r, 0);
    if (!b || reco_json_write(v, 0, b, NULL) || reco_buf_putc(b, '\n')) {
        srv_reply(r, 500, "application/json", oom_body, sizeof oom_body - 1);
        return;
    }
    srv_reply(r, status, "application/json", b->data, b->len);
}

void srv_reply_json_take(srv_req *r, unsigned status, json_t *v)
{
    srv_reply_json(r, status, v);
    json_decref(v);
}

void srv_reply_error(srv_req *r, unsigned status, const char *code, const char *path,
                     const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* a message or path from the app may be cut in the middle of a UTF-8 sequence */
    if (!reco_utf8_valid(msg, strlen(msg)))
        snprintf(msg, sizeof msg, "%s", code);
    if (path && !reco_utf8_valid(path, strlen(path)))
        path = "";
    json_t *e = json_pack("{s:{s:s,s:s,s:s}}", "error", "code", code, "message", msg, "path",
                          path ? path : "");
    if (!e) {
        srv_reply(r, 500, "application/json", oom_body, sizeof oom_body - 1);
        return;
    }
    srv_reply_json_take(r, status, e);
}

unsigned srv_status_of(reco_code code)
{
    switch (code) {
    case RECO_OK:
        return 200;
    case RECO_EINVAL:
    case RECO_EPARSE:
    case RECO_ESCHEMA:
        return 400;
    case RECO_ELIMIT:
        return 413;
    case RECO_EVERIFY:
        return 401;
    case RECO_EDENIED:
        return 403;
    case RECO_ENOTFOUND:
        return 404;
    case RECO_ECONFLICT:
        return 409;
    default:
        return 500;
    }
}

static const char *code_name(unsigned status)
{
    switch (status) {
    case 400:
        return "bad_request";
    case 401:
        return "unauthorized";
    case 403:
        return "forbidden";
    case 404:
        return "not_found";
    case 405:
        return "method_not_allowed";
    case 409:
        return "conflict";
    case 413:
        return "too_large";
    case 415:
        return "unsupported_media_type";
    default:
        return "internal";
    }
}

void srv_reply_app_error(srv_req *r, const reco_error *err)
{
    unsigned status = srv_status_of(err->code);
    if (status == 500) {
        /* the details go to the log, never to the client */
        fprintf(stderr, "reco: %s %s: %s: %s\n", r->method, r->path, reco_code_name(err->code),
                err->msg);
        srv_reply_error(r, 500, "internal", "", "internal error");
        return;
    }
    if (status == 401)
        srv_header_add(r, "WWW-Authenticate", "Bearer realm=\"reco\", error=\"invalid_token\"");
    srv_reply_error(r, status, code_name(status), err->path, "%s",
                    err->msg[0] ? err->msg : reco_code_name(err->code));
}

bool srv_etag(srv_req *r, const char *data, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    char tag[24];
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)data[i];
        h *= 1099511628211ull;
    }
    snprintf(tag, sizeof tag, "\"%016llx\"", (unsigned long long)h);
    srv_header_add(r, "ETag", tag);
    if (!r->if_none_match)
        return false;
    /* If-None-Match: a list of entity tags, or "*" (RFC 9110 §13.1.2; weak comparison) */
    const char *m = r->if_none_match;
    if (strcmp(m, "*") == 0)
        return true;
    return strstr(m, tag) != NULL;
}
