/*
 * http.c - the one outbound HTTP client, on libcurl.
 *
 * The limits live here so that no caller can forget them: a total timeout, a body cap
 * enforced while receiving (the write callback stops the transfer), a redirect cap, https
 * only, and no connection to a non-public address. The address check runs in curl's
 * open-socket hook, that is on the address actually connected to after DNS resolution and on
 * every redirect hop, so a public name that resolves to 127.0.0.1 (or rebinds to it) is
 * refused as well as a literal private address.
 */
#include "reco/http.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define DEFAULT_TIMEOUT_MS    10000L
#define DEFAULT_MAX_BYTES     (1024u * 1024u)
#define DEFAULT_MAX_REDIRECTS 5
#define LD_ACCEPT             "application/ld+json, application/json;q=0.9"

typedef struct request {
    reco_buf *body;
    reco_code write_rc; /* why the write callback stopped the transfer */
    bool allow_private;
    bool refused;
    char refused_addr[INET6_ADDRSTRLEN];
} request;

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;

static void curl_init(void)
{
    curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* ---------------------------------------------------------------- address policy */

static bool ipv4_is_private(uint32_t h)
{
    static const struct {
        uint32_t net, mask;
    } ranges[] = {
        {0x00000000u, 0xFF000000u}, /* 0.0.0.0/8 "this network" (RFC 791) */
        {0x0A000000u, 0xFF000000u}, /* 10/8 private (RFC 1918) */
        {0x64400000u, 0xFFC00000u}, /* 100.64/10 carrier-grade NAT (RFC 6598) */
        {0x7F000000u, 0xFF000000u}, /* 127/8 loopback */
        {0xA9FE0000u, 0xFFFF0000u}, /* 169.254/16 link-local, cloud metadata (RFC 3927) */
        {0xAC100000u, 0xFFF00000u}, /* 172.16/12 private */
        {0xC0000000u, 0xFFFFFF00u}, /* 192.0.0/24 protocol assignments (RFC 6890) */
        {0xC0000200u, 0xFFFFFF00u}, /* 192.0.2/24 documentation */
        {0xC0A80000u, 0xFFFF0000u}, /* 192.168/16 private */
        {0xC6120000u, 0xFFFE0000u}, /* 198.18/15 benchmarking (RFC 2544) */
        {0xC6336400u, 0xFFFFFF00u}, /* 198.51.100/24 documentation */
        {0xCB007100u, 0xFFFFFF00u}, /* 203.0.113/24 documentation */
        {0xE0000000u, 0xE0000000u}, /* 224/4 multicast, 240/4 reserved, broadcast */
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if ((h & ranges[i].mask) == ranges[i].net)
            return true;
    return false;
}

static uint32_t be32(const uint8_t *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static bool all_zero(const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

static bool ipv6_is_private(const uint8_t *b)
{
    /* Forms that carry an IPv4 address are judged by that address. */
    if (all_zero(b, 10) && b[10] == 0xff && b[11] == 0xff) /* ::ffff:a.b.c.d mapped */
        return ipv4_is_private(be32(b + 12));
    if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && all_zero(b + 4, 8))
        return ipv4_is_private(be32(b + 12)); /* 64:ff9b::/96 NAT64 (RFC 6052) */
    if (b[0] == 0x20 && b[1] == 0x02)         /* 2002::/16 6to4 (RFC 3056) */
        return ipv4_is_private(be32(b + 2));
    if (all_zero(b, 12)) /* ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d */
        return true;
    if ((b[0] & 0xfe) == 0xfc) /* fc00::/7 unique local */
        return true;
    if (b[0] == 0xfe && (b[1] & 0x80) == 0x80) /* fe80::/10 link-local, fec0::/10 site-local */
        return true;
    if (b[0] == 0xff) /* multicast */
        return true;
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) /* 2001:db8::/32 doc */
        return true;
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) /* Teredo, hides v4 */
        return true;
    if (b[0] == 0x01 && all_zero(b + 1, 7)) /* 100::/64 discard (RFC 6666) */
        return true;
    return false;
}

bool reco_http_address_is_private(const struct sockaddr *addr)
{
    if (!addr)
        return true;
    if (addr->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)addr;
        return ipv4_is_private(ntohl(in->sin_addr.s_addr));
    }
    if (addr->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)addr;
        return ipv6_is_private(in6->sin6_addr.s6_addr);
    }
    /* Unix sockets and anything else are never a public peer. */
    return true;
}

/* ---------------------------------------------------------------- curl callbacks */

static size_t on_write(char *p, size_t size, size_t n, void *ud)
{
    request *r = ud;
    size_t len = size * n;
    r->write_rc = reco_buf_append(r->body, p, len);
    /* Returning less than len aborts the transfer with CURLE_WRITE_ERROR. */
    return r->write_rc ? 0 : len;
}

static curl_socket_t on_open_socket(void *ud, curlsocktype purpose, struct curl_sockaddr *a)
{
    request *r = ud;
    if (purpose == CURLSOCKTYPE_IPCXN && !r->allow_private &&
        reco_http_address_is_private(&a->addr)) {
        const void *raw = a->family == AF_INET6
                              ? (const void *)&((struct sockaddr_in6 *)(void *)&a->addr)->sin6_addr
                              : (const void *)&((struct sockaddr_in *)(void *)&a->addr)->sin_addr;
        r->refused = true;
        if (!inet_ntop(a->family, raw, r->refused_addr, sizeof r->refused_addr))
            snprintf(r->refused_addr, sizeof r->refused_addr, "(family %d)", a->family);
        /* curl then tries the next address of the name, if any, and each is checked. */
        return CURL_SOCKET_BAD;
    }
    return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

/* ---------------------------------------------------------------- requests */

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

void reco_http_response_release(reco_http_response *resp)
{
    if (!resp)
        return;
    reco_buf_release(&resp->body);
    free(resp->final_url);
    free(resp->content_type);
    resp->final_url = resp->content_type = NULL;
    resp->status = 0;
}

static reco_code map_curl_error(CURLcode cc, const request *r, const char *url,
                                const reco_http_opts *o, const char *detail, reco_error *err)
{
    switch (cc) {
    case CURLE_UNSUPPORTED_PROTOCOL:
        if (!o->allow_private_network)
            return reco_error_set(err, RECO_EINVAL, NULL,
                                  "scheme refused: only https is fetched (%s)", url);
        return reco_error_set(err, RECO_EINVAL, NULL, "scheme not supported: %s", url);
    case CURLE_URL_MALFORMAT:
        return reco_error_set(err, RECO_EINVAL, NULL, "malformed url: %s", url);
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
        if (cc == CURLE_FILESIZE_EXCEEDED || r->write_rc == RECO_ELIMIT)
            return reco_error_set(err, RECO_ELIMIT, NULL, "response larger than %zu bytes: %s",
                                  o->max_bytes, url);
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory reading %s", url);
    case CURLE_TOO_MANY_REDIRECTS:
        return reco_error_set(err, RECO_ELIMIT, NULL, "more than %d redirects: %s",
                              o->max_redirects, url);
    case CURLE_OPERATION_TIMEDOUT:
        return reco_error_set(err, RECO_EIO, NULL, "timed out after %ld ms: %s", o->timeout_ms,
                              url);
    default:
        if (r->refused)
            return reco_error_set(err, RECO_EINVAL, NULL, "non-public address %s refused (%s)",
                                  r->refused_addr, url);
        return reco_error_set(err, RECO_EIO, NULL, "%s: %s",
                              detail[0] ? detail : curl_easy_strerror(cc), url);
    }
}

reco_code reco_http_get(const char *url, const reco_http_opts *opts, reco_http_response *resp,
                        reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_http_opts o = {0};
    request r = {0};
    CURL *h = NULL;
    struct curl_slist *headers = NULL;
    char errbuf[CURL_ERROR_SIZE] = "";
    char accept[512];
    CURLcode cc;
    const char *protocols;

    if (opts)
        o = *opts;
    if (o.timeout_ms <= 0)
        o.timeout_ms = DEFAULT_TIMEOUT_MS;
    if (o.max_bytes == 0)
        o.max_bytes = DEFAULT_MAX_BYTES;
    if (o.max_redirects == 0)
        o.max_redirects = DEFAULT_MAX_REDIRECTS;
    RECO_ASSERT(resp);
    memset(resp, 0, sizeof *resp);
    reco_buf_init(&resp->body, o.max_bytes);
    r.body = &resp->body;
    r.allow_private = o.allow_private_network;

    if (!url || strlen(url) > 8192) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "url missing or longer than 8192 bytes");
        goto out;
    }
    pthread_once(&curl_once, curl_init);
    if (curl_init_rc != CURLE_OK || !(h = curl_easy_init())) {
        rc = reco_error_set(err, RECO_EIO, NULL, "http client could not start (libcurl)");
        goto out;
    }
    if (o.accept) {
        snprintf(accept, sizeof accept, "Accept: %s", o.accept);
        headers = curl_slist_append(NULL, accept);
        if (!headers) {
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory building headers");
            goto out;
        }
    }
    protocols = o.allow_private_network ? "http,https" : "https";
    cc = curl_easy_setopt(h, CURLOPT_URL, url);
    if (cc == CURLE_OK)
        cc = curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, protocols);
    if (cc == CURLE_OK)
        cc = curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
    if (cc == CURLE_OK)
        cc = curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, o.max_redirects > 0 ? 1L : 0L);
    if (cc == CURLE_OK)
        cc = curl_easy_setopt(h, CURLOPT_MAXREDIRS,
                              (long)(o.max_redirects > 0 ? o.max_redirects : 0));
    if (cc == CURLE_OK)
        cc = curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o.timeout_ms);
    if (cc == CURLE_OK)
        cc = curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    /* No proxy from the environment: the address policy must see the real peer. */
    if (cc == CURLE_OK)
        cc = curl_easy_setopt(h, CURLOPT_PROXY, "");
    if (cc == CURLE_OK)
        cc = curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o.max_bytes);
    /* Decoded bytes go through on_write, so the cap also bounds a compressed body. */
    if (cc == CURLE_OK)
        cc = curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    if (cc == CURLE_OK)
        cc = curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
    if (cc == CURLE_OK)
        cc = curl_easy_setopt(h, CURLOPT_WRITEDATA, &r);
    if (cc == CURLE_OK)
        cc = curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
    if (cc == CURLE_OK)
        cc = curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &r);
    if (cc == CURLE_OK)
        cc = curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    if (cc == CURLE_OK)
        cc = curl_easy_setopt(h, CURLOPT_USERAGENT, "reco");
    if (cc == CURLE_OK && headers)
        cc = curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    if (cc == CURLE_OK)
        cc = curl_easy_perform(h);
    if (cc != CURLE_OK) {
        rc = map_curl_error(cc, &r, url, &o, errbuf, err);
        goto out;
    }

    char *s = NULL;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
    if (curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &s) == CURLE_OK)
        resp->final_url = dup_or_null(s);
    s = NULL;
    if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &s) == CURLE_OK)
        resp->content_type = dup_or_null(s);
    if (!resp->final_url)
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory after fetching %s", url);
out:
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    if (rc) {
        /* Nothing half-read is handed out. */
        reco_http_response_release(resp);
        reco_buf_init(&resp->body, o.max_bytes);
    }
    return rc;
}

reco_code reco_http_ld_fetch(void *ctx, const char *url, reco_buf *body, char **final_url,
                             reco_error *err)
{
    reco_code rc;
    reco_http_opts o = {0};
    reco_http_response resp;
    if (ctx)
        o = *(const reco_http_opts *)ctx;
    o.accept = LD_ACCEPT;
    /* The loader's buffer cap is the document size limit; an uncapped buffer gets the default. */
    if (body->max - body->len < SIZE_MAX / 2)
        o.max_bytes = body->max - body->len;
    rc = reco_http_get(url, &o, &resp, err);
    if (rc)
        goto out;
    if (resp.status < 200 || resp.status > 299) {
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "http status %ld from %s", resp.status,
                            resp.final_url);
        goto out;
    }
    rc = reco_buf_append(body, resp.body.data ? resp.body.data : "", resp.body.len);
    if (rc) {
        rc = reco_error_set(err, rc, NULL, "response larger than %zu bytes: %s", o.max_bytes, url);
        goto out;
    }
    if (final_url) {
        *final_url = resp.final_url;
        resp.final_url = NULL;
    }
out:
    reco_http_response_release(&resp);
    return rc;
}
