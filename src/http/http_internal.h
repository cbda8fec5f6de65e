/*
 * http_internal.h - what the files of the server share: the request a handler sees, the
 * route table and its matcher, the parsers of outside input (path, query string, Accept,
 * Authorization, Content-Type) and the reply helpers.
 *
 * Every parser here reads untrusted bytes, has limits, and has a fuzz target
 * (tests/fuzz/fuzz_http_*.c).
 */
#ifndef RECO_HTTP_INTERNAL_H
#define RECO_HTTP_INTERNAL_H

#include "reco/app.h"
#include "reco/base.h"
#include "reco/common.h"
#include "reco/json.h"
#include "reco/report.h"
#include <jansson.h>

/* ---------------------------------------------------------------- limits */

#define SRV_MAX_PATH          2048 /* bytes of the raw path */
#define SRV_MAX_SEGMENTS      16   /* path segments */
#define SRV_MAX_SEGMENT       200  /* bytes of one decoded segment */
#define SRV_MAX_PARAMS        4    /* {param}s in a pattern */
#define SRV_MAX_PARAM         128  /* bytes of one {param} value */
#define SRV_MAX_QUERY         4096 /* bytes of the raw query string */
#define SRV_MAX_QUERY_ARGS    32
#define SRV_MAX_QUERY_KEY     64
#define SRV_MAX_QUERY_VALUE   1024
#define SRV_MAX_ACCEPT        2048 /* bytes of an Accept header considered */
#define SRV_MAX_ACCEPT_RANGES 32
#define SRV_MAX_TOKEN         512 /* bytes of a bearer token */
#define SRV_ARENA_CAP         (64u * 1024u * 1024u)

/* ---------------------------------------------------------------- path */

/** A path split into percent-decoded segments (allocated in an arena). */
typedef struct srv_path {
    const char *seg[SRV_MAX_SEGMENTS];
    size_t nseg;
} srv_path;

/**
 * Split the raw request path (without the query) into segments and percent-decode each one.
 * Refused (RECO_EINVAL, "bad path: ..."): not starting with '/', longer than SRV_MAX_PATH, more
 * than SRV_MAX_SEGMENTS segments, a segment over SRV_MAX_SEGMENT, a bad %-escape, an encoded
 * '/' or '\\', a NUL or control byte, invalid UTF-8, a "." or ".." segment, an empty segment
 * other than a trailing one ("/a//b"). A trailing '/' is ignored ("/healthz/" = "/healthz").
 */
reco_code srv_path_parse(const char *raw, size_t n, reco_arena *a, srv_path *out, reco_error *err);

/* ---------------------------------------------------------------- query */

typedef struct srv_query_arg {
    const char *key;
    const char *value;
} srv_query_arg;

typedef struct srv_query {
    srv_query_arg arg[SRV_MAX_QUERY_ARGS];
    size_t n;
} srv_query;

/**
 * Parse "k=v&k2=v2" (application/x-www-form-urlencoded: '+' is a space, %XX escapes). n 0 is
 * an empty query. Refused (RECO_EINVAL "bad query string: ..."): over the SRV_MAX_QUERY*
 * limits, a bad %-escape, NUL or control bytes, invalid UTF-8, an empty key, a repeated key.
 * "k" without '=' has the value "".
 */
reco_code srv_query_parse(const char *raw, size_t n, reco_arena *a, srv_query *out,
                          reco_error *err);

/** The value of key, or NULL. */
const char *srv_query_get(const srv_query *q, const char *key);

/* ---------------------------------------------------------------- Accept */

/**
 * Choose among offers (exact media types, lower case, "type/subtype") the one the Accept
 * header prefers (RFC 9110 §12.5.1): each offer takes the q of the most specific range that
 * matches it (type/subtype, then type/'*', then '*'/'*', with parameters other than q ignored); the
 * highest q wins, ties go to the earlier offer; q=0 means "not acceptable". A missing or empty
 * header accepts everything. Returns the index of the chosen offer, or -1 when none is acceptable.
 * Malformed ranges are skipped; only the first SRV_MAX_ACCEPT bytes and SRV_MAX_ACCEPT_RANGES
 * ranges are considered.
 */
int srv_accept_choose(const char *accept, const char *const *offers, size_t noffers);

/* ---------------------------------------------------------------- headers */

/**
 * The token of "Authorization: Bearer <token>" (scheme case-insensitive, b64token characters
 * of RFC 6750 §2.1, at most SRV_MAX_TOKEN bytes) copied to out (cap bytes, NUL-terminated).
 * false when the header is missing or not that form.
 */
bool srv_bearer_token(const char *header, char *out, size_t cap);

/**
 * True when the Content-Type header names mime (case-insensitive), with optional parameters
 * after ';'. "application/json" also accepts any "application/<x>+json".
 */
bool srv_content_type_is(const char *header, const char *mime);

/* ---------------------------------------------------------------- requests and routes */

typedef struct srv_cleanup {
    void (*fn)(void *);
    void *p;
    struct srv_cleanup *next;
} srv_cleanup;

typedef struct srv_header {
    const char *name, *value;
    struct srv_header *next;
} srv_header;

/** A request as a handler sees it, and the reply it builds. Everything lives in the arena. */
typedef struct srv_req {
    reco_app *app;
    reco_arena *arena;
    const char *method; /* "GET", "POST", ... ("HEAD" is routed as "GET") */
    const char *path;   /* raw path, for the log */
    const char *query;  /* raw query without '?', or "" */
    srv_path segs;
    const char *param[SRV_MAX_PARAMS]; /* the {param} values of the matched route, in order */
    size_t nparam;
    const char *accept;       /* header or NULL */
    const char *content_type; /* header or NULL */
    const char *if_none_match;
    const char *cookie;          /* Cookie header or NULL (sessions, CSRF, language) */
    const char *accept_language; /* header or NULL */
    char client_ip[64];          /* the peer's address as text, "" when unknown (rate limits) */
    reco_slice body;
    reco_app_user user; /* set when the route needs a token */

    /* reply */
    unsigned status;
    const char *ctype;
    const char *data;
    size_t len;
    srv_header *headers;
    srv_cleanup *cleanups;
} srv_req;

typedef void (*srv_handler)(srv_req *r);

enum {
    SRV_AUTH = 1,      /* a valid bearer token is required (401 otherwise) */
    SRV_BODY_JSON = 2, /* body: application/json, max_json_body */
    SRV_BODY_CSV = 4,  /* body: text/csv, max_csv_body */
    SRV_BODY_ANY = 8,  /* body: any type, max_json_body */
    SRV_BODY_FORM = 16 /* body: application/x-www-form-urlencoded or multipart/form-data,
                          max_csv_body (forms with uploads; src/http/form.h parses it) */
};

typedef struct srv_route {
    const char *method;
    const char *pattern; /* "/credentials/{id}.json": literal segments, or a {param} with an
                            optional literal suffix */
    srv_handler handler;
    int flags;
} srv_route;

/** The route table (routes.c) and its length. */
extern const srv_route srv_routes[];
extern const size_t srv_nroutes;

/**
 * Match one pattern against a parsed path; on a match fill params (SRV_MAX_PARAMS) and *n.
 * A {param} value must be 1..SRV_MAX_PARAM bytes of [A-Za-z0-9_-] (so it is never "." or
 * "..", and carries no '/').
 */
bool srv_pattern_match(const char *pattern, const srv_path *p, const char **params, size_t *n);

/**
 * Find the route for method and path. Returns it (params filled), or NULL with *path_known
 * true when the path matches a route of another method (405: *allow lists them, "GET, POST",
 * in a caller buffer of allow_cap bytes), false otherwise (404).
 */
const srv_route *srv_route_find(const char *method, const srv_path *p, const char **params,
                                size_t *nparams, bool *path_known, char *allow, size_t allow_cap);

/* ---------------------------------------------------------------- replies (reply.c) */

/** Run fn(p) when the request completes (json_decref, reco_report_free, buffers). */
void srv_on_done(srv_req *r, void (*fn)(void *), void *p);
/** Release j (json_decref) when the request completes. NULL does nothing. */
void srv_keep_json(srv_req *r, json_t *j);
/** A buffer released when the request completes. NULL when out of memory. */
reco_buf *srv_buf(srv_req *r, size_t max);
/** Add a response header (name and value copied to the arena). */
void srv_header_add(srv_req *r, const char *name, const char *value);
/** Reply with bytes (copied by the server when sent; data may live in the arena or a buf). */
void srv_reply(srv_req *r, unsigned status, const char *ctype, const char *data, size_t len);
/** Reply with JSON text of v (v borrowed). */
void srv_reply_json(srv_req *r, unsigned status, const json_t *v);
/** Reply with v and release v (the handler's reference). */
void srv_reply_json_take(srv_req *r, unsigned status, json_t *v);
/** {"error": {"code", "message", "path"}} with this status; code is a short name. */
void srv_reply_error(srv_req *r, unsigned status, const char *code, const char *path,
                     const char *fmt, ...) RECO_PRINTF(5, 6);
/** Map an app error to its status (app.h conventions) and reply with it. 500 hides details. */
void srv_reply_app_error(srv_req *r, const reco_error *err);
/** The HTTP status for an app code. */
unsigned srv_status_of(reco_code code);
/**
 * A strong ETag of data ("\"<16 hex>\"", FNV-1a 64) with the header set; true when the
 * request's If-None-Match names it (the caller then answers 304).
 */
bool srv_etag(srv_req *r, const char *data, size_t len);

#endif
