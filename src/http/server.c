/*
 * server.c - libmicrohttpd glue: one arena per request (made when the request line arrives,
 * freed when the request completes), routing, the checks every route shares (method, bearer
 * token, Content-Type, body cap), the body read with its cap, the reply and the access log.
 *
 * MHD calls the access handler several times per request: once when the headers are in,
 * once per piece of body, and once at the end. Early answers (404, 405, 401, 415, 413 by
 * Content-Length) are queued at the first call, before any body is read.
 */
#include "reco/server.h"
#include "http/http_internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct reco_server {
    struct MHD_Daemon *d;
    reco_app *app;
    int log_fd;
    size_t max_json, max_csv;
    unsigned port;
    atomic_long in_flight;
};

/* One request, from the request line to completion. Lives in its own arena. */
typedef struct srv_conn {
    reco_server *srv;
    srv_req req;
    const srv_route *route;
    struct timespec t0;
    bool started;
    bool too_large;
    bool uri_too_long;
    reco_buf body;
    size_t max_body;
    const char *log_method;
    unsigned status;
    size_t bytes;
} srv_conn;

static long elapsed_us(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (long)((t1.tv_sec - t0->tv_sec) * 1000000L + (t1.tv_nsec - t0->tv_nsec) / 1000L);
}

/* ---------------------------------------------------------------- request lifecycle */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    reco_server *s = cls;
    (void)c;
    reco_arena *a = reco_arena_new(SRV_ARENA_CAP);
    srv_conn *q = a ? reco_arena_calloc(a, sizeof *q) : NULL;
    if (!q) {
        reco_arena_free(a);
        return NULL;
    }
    clock_gettime(CLOCK_MONOTONIC, &q->t0);
    q->srv = s;
    q->req.app = s->app;
    q->req.arena = a;
    size_t cap = SRV_MAX_PATH + SRV_MAX_QUERY + 1, n = strnlen(uri, cap + 1);
    if (n > cap) {
        q->uri_too_long = true; /* answered 414; keep only what the log shows */
        n = 300;
    }
    const char *qm = memchr(uri, '?', n);
    q->req.path = reco_arena_strndup(a, uri, qm ? (size_t)(qm - uri) : n);
    q->req.query = qm ? reco_arena_strndup(a, qm + 1, n - (size_t)(qm - uri) - 1) : "";
    reco_buf_init(&q->body, 0);
    atomic_fetch_add(&s->in_flight, 1);
    return q;
}

/* The access log line: time, method, path, status, bytes, microseconds. */
static void log_line(srv_conn *q)
{
    char line[512], when[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int n = snprintf(line, sizeof line, "%s %s %.300s %u %zu %ld\n", when,
                     q->log_method ? q->log_method : "-", q->req.path ? q->req.path : "-",
                     q->status, q->bytes, elapsed_us(&q->t0));
    if (n < 0)
        return;
    if ((size_t)n >= sizeof line) {
        n = sizeof line - 1;
        line[n - 1] = '\n';
    }
    /* one write per line: lines from several threads never interleave */
    ssize_t w = write(q->srv->log_fd, line, (size_t)n);
    (void)w;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    reco_server *s = cls;
    srv_conn *q = *req_cls;
    (void)c;
    (void)toe;
    if (!q)
        return;
    if (s->log_fd >= 0)
        log_line(q);
    for (srv_cleanup *k = q->req.cleanups; k; k = k->next)
        k->fn(k->p);
    reco_buf_release(&q->body);
    reco_arena_free(q->req.arena);
    *req_cls = NULL;
    atomic_fetch_sub(&s->in_flight, 1);
}

/* ---------------------------------------------------------------- replies */

static enum MHD_Result send_reply(srv_conn *q, struct MHD_Connection *c)
{
    srv_req *r = &q->req;
    if (!r->status)
        srv_reply_error(r, 500, "internal", "", "internal error");
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        r->len, (void *)(r->data ? r->data : ""), MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    if (r->ctype)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    for (srv_header *h = r->headers; h; h = h->next)
        MHD_add_response_header(resp, h->name, h->value);
    enum MHD_Result ret = MHD_queue_response(c, r->status, resp);
    MHD_destroy_response(resp);
    q->status = r->status;
    q->bytes = r->len;
    return ret;
}

static void run_handler(srv_conn *q)
{
    q->req.body.ptr = q->body.data ? q->body.data : "";
    q->req.body.len = q->body.len;
    q->route->handler(&q->req);
}

/* The peer's address as text into out ("" when unknown). */
static void client_ip(struct MHD_Connection *c, char *out, size_t cap)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    out[0] = '\0';
    if (!ci || !ci->client_addr)
        return;
    if (ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, out,
                  (socklen_t)cap);
    else if (ci->client_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, out,
                  (socklen_t)cap);
}

/* A request body follows the headers. */
static bool has_body(struct MHD_Connection *c)
{
    const char *cl =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    return (cl && strcmp(cl, "0") != 0) ||
           MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
}

/* The checks of the first call. Returns true when a reply is ready (an early answer). */
static bool prepare(srv_conn *q, struct MHD_Connection *c, const char *method)
{
    srv_req *r = &q->req;
    reco_error err = {0};
    char allow[64];
    bool known = false;
    const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;

    r->method = m;
    r->accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
    r->content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    r->if_none_match =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    r->cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
    r->accept_language =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
    client_ip(c, r->client_ip, sizeof r->client_ip);

    if (q->uri_too_long) {
        srv_reply_error(r, 414, "uri_too_long", "", "the request target exceeds %d bytes",
                        SRV_MAX_PATH + SRV_MAX_QUERY + 1);
        return true;
    }
    if (srv_path_parse(r->path, strlen(r->path), r->arena, &r->segs, &err)) {
        srv_reply_error(r, err.code == RECO_ENOMEM ? 500 : 400,
                        err.code == RECO_ENOMEM ? "internal" : "bad_request", "", "%s", err.msg);
        return true;
    }
    q->route = srv_route_find(m, &r->segs, r->param, &r->nparam, &known, allow, sizeof allow);
    if (!q->route && known) {
        srv_header_add(r, "Allow", allow);
        srv_reply_error(r, 405, "method_not_allowed", "",
                        "method %.16s not allowed here (allowed: %s)", method, allow);
        return true;
    }
    if (!q->route) {
        srv_reply_error(r, 404, "not_found", "", "no such page: %.200s", r->path);
        return true;
    }
    int flags = q->route->flags;
    if (flags & SRV_AUTH) {
        char token[SRV_MAX_TOKEN + 1];
        const char *h =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
        if (!h) {
            srv_header_add(r, "WWW-Authenticate", "Bearer realm=\"reco\"");
            srv_reply_error(r, 401, "unauthorized", "",
                            "a bearer token is required (Authorization: Bearer <token>)");
            return true;
        }
        if (!srv_bearer_token(h, token, sizeof token)) {
            srv_header_add(r, "WWW-Authenticate", "Bearer realm=\"reco\", error=\"invalid_token\"");
            srv_reply_error(r, 401, "unauthorized", "",
                            "the Authorization header is not 'Bearer <token>'");
            return true;
        }
        reco_code rc = reco_app_auth_token(r->app, token, &r->user, &err);
        reco_wipe(token, sizeof token);
        if (rc) {
            if (rc == RECO_EVERIFY)
                err.path[0] = '\0';
            srv_reply_app_error(r, &err);
            return true;
        }
    }
    q->max_body = 0;
    if (flags & SRV_BODY_JSON) {
        q->max_body = q->srv->max_json;
        /* no body at all (a revocation without a reason) needs no Content-Type */
        if (has_body(c) && !srv_content_type_is(r->content_type, "application/json")) {
            srv_reply_error(r, 415, "unsupported_media_type", "",
                            "the body must be application/json");
            return true;
        }
    } else if (flags & SRV_BODY_CSV) {
        q->max_body = q->srv->max_csv;
        if (!srv_content_type_is(r->content_type, "text/csv")) {
            srv_reply_error(r, 415, "unsupported_media_type", "", "the body must be text/csv");
            return true;
        }
    } else if (flags & SRV_BODY_ANY) {
        q->max_body = q->srv->max_json;
    } else if (flags & SRV_BODY_FORM) {
        q->max_body = q->srv->max_csv;
        if (!srv_content_type_is(r->content_type, "application/x-www-form-urlencoded") &&
            !srv_content_type_is(r->content_type, "multipart/form-data")) {
            srv_reply_error(r, 415, "unsupported_media_type", "",
                            "the body must be a form (application/x-www-form-urlencoded or "
                            "multipart/form-data)");
            return true;
        }
    }
    const char *cl =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && q->max_body) {
        char *end = NULL;
        errno = 0;
        unsigned long long v = strtoull(cl, &end, 10);
        if (errno || end == cl || *end || v > q->max_body) {
            srv_header_add(r, "Connection", "close");
            srv_reply_error(r, 413, "too_large", "", "the body exceeds the limit of %zu bytes",
                            q->max_body);
            return true;
        }
    }
    q->body.max = q->max_body ? q->max_body : 1;
    return false;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    srv_conn *q = *req_cls;
    (void)cls;
    (void)url;
    (void)version;
    if (!q)
        return MHD_NO; /* out of memory when the request began: drop the connection */
    if (!q->started) {
        /* Only the headers are in. Answer early only when a body is coming that must not be
         * read (the connection then closes); otherwise answer at the last call, which keeps
         * the connection alive. */
        q->started = true;
        q->log_method = reco_arena_strdup(q->req.arena, method);
        if (prepare(q, c, method) && has_body(c))
            return send_reply(q, c);
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!q->req.status && q->max_body && !q->too_large &&
            reco_buf_append(&q->body, upload_data, *upload_data_size)) {
            q->too_large = true;
            reco_buf_release(&q->body);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (q->status)
        return MHD_YES; /* already answered */
    if (!q->req.status && q->too_large)
        srv_reply_error(&q->req, 413, "too_large", "", "the body exceeds the limit of %zu bytes",
                        q->max_body);
    if (!q->req.status)
        run_handler(q);
    return send_reply(q, c);
}

/* ---------------------------------------------------------------- start and stop */

static reco_code parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len,
                              bool *v6, reco_error *err)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    const char *h = listen;
    size_t hl;
    reco_code rc = RECO_OK;
    if (!colon || colon == listen || !colon[1])
        return reco_error_set(err, RECO_EINVAL, NULL,
                              "bad listen address '%.100s': expected ADDR:PORT", listen);
    hl = (size_t)(colon - listen);
    if (h[0] == '[' && hl >= 2 && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    if (hl == 0 || hl >= sizeof host)
        return reco_error_set(err, RECO_EINVAL, NULL, "bad listen address '%.100s'", listen);
    memcpy(host, h, hl);
    host[hl] = '\0';
    char *end = NULL;
    errno = 0;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (errno || *end || port > 65535 || colon[1] < '0' || colon[1] > '9')
        return reco_error_set(err, RECO_EINVAL, NULL, "bad port in listen address '%.100s'",
                              listen);
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    int g = getaddrinfo(host, NULL, &hints, &res);
    if (g != 0 || !res)
        return reco_error_set(err, RECO_EINVAL, NULL, "cannot resolve listen address '%.100s': %s",
                              listen, gai_strerror(g));
    if (res->ai_addrlen > sizeof *ss) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "bad listen address '%.100s'", listen);
    } else {
        memcpy(ss, res->ai_addr, res->ai_addrlen);
        *len = res->ai_addrlen;
        *v6 = res->ai_family == AF_INET6;
        if (*v6)
            ((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
        else
            ((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
    }
    freeaddrinfo(res);
    return rc;
}

reco_code reco_server_start(const reco_server_config *cfg, reco_server **out, reco_error *err)
{
    struct sockaddr_storage ss;
    socklen_t sslen = 0;
    bool v6 = false;
    reco_server *s = NULL;
    reco_code rc = RECO_OK;
    *out = NULL;
    if (!cfg || !cfg->app)
        return reco_error_set(err, RECO_EINVAL, NULL, "the server needs an app");
    const char *listen = cfg->listen ? cfg->listen : "127.0.0.1:8080";
    if ((rc = parse_listen(listen, &ss, &sslen, &v6, err)))
        return rc;
    s = calloc(1, sizeof *s);
    if (!s)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    s->app = cfg->app;
    s->log_fd = cfg->access_log_fd == 0 ? 2 : cfg->access_log_fd;
    s->max_json = cfg->max_json_body ? cfg->max_json_body : 1024u * 1024u;
    s->max_csv = cfg->max_csv_body ? cfg->max_csv_body : 10u * 1024u * 1024u;
    atomic_init(&s->in_flight, 0);
    unsigned threads = cfg->threads;
    if (!threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 && n < 256 ? (unsigned)n : 1;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_AUTO;
    if (v6)
        flags |= MHD_USE_IPv6;
    s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
                            (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, threads,
                            MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_COMPLETED,
                            on_completed, s, MHD_OPTION_CONNECTION_TIMEOUT,
                            (unsigned)(cfg->timeout_secs ? cfg->timeout_secs : 30),
                            MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_END);
    if (!s->d) {
        rc = reco_error_set(err, RECO_EIO, NULL, "cannot listen on %.100s: %s", listen,
                            errno ? strerror(errno) : "the HTTP daemon did not start");
        free(s);
        return rc;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : 0;
    *out = s;
    return RECO_OK;
}

unsigned reco_server_port(const reco_server *s)
{
    return s ? s->port : 0;
}

void reco_server_stop(reco_server *s, unsigned grace_ms)
{
    if (!s)
        return;
    /* stop accepting; the listening socket is closed so that the port is free at once */
    MHD_socket ls = MHD_quiesce_daemon(s->d);
    if (ls != MHD_INVALID_SOCKET)
        close(ls);
    /* let the requests in flight finish (idle keep-alive connections do not count) */
    for (unsigned waited = 0; atomic_load(&s->in_flight) > 0 && waited < grace_ms; waited += 10) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(s->d);
    free(s);
}
