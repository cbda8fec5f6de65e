/*
 * reco/http.h - the one outbound HTTP client (libcurl): OB 2.0 hosted badges, did:web, status
 * lists, remote JSON-LD documents when a caller allows fetching.
 *
 * Every request has a total timeout, a cap on the body, a cap on redirects, and refuses to
 * connect to loopback, private, link-local and other non-public addresses (checked on the
 * address actually connected to, after DNS, on every hop) and plain http:// unless the caller
 * allows the private network (tests, a local deployment). Proxies from the environment are
 * not used.
 */
#ifndef RECO_HTTP_H
#define RECO_HTTP_H

#include "reco/common.h"
#include "reco/base.h"

struct sockaddr;

/** Options of one request. Zero in a field means the default. */
typedef struct reco_http_opts {
    long timeout_ms;            /**< whole request, default 10000 */
    size_t max_bytes;           /**< body cap, default 1 MiB; RECO_ELIMIT past it */
    int max_redirects;          /**< default 5; a negative value follows none */
    bool allow_private_network; /**< allow non-public addresses and plain http:// */
    const char *accept;         /**< Accept header, or NULL for none */
} reco_http_opts;

/** What came back. Caller-owned: reco_http_response_release. */
typedef struct reco_http_response {
    long status;        /**< HTTP status of the last response */
    reco_buf body;      /**< the body, NUL-terminated */
    char *final_url;    /**< the URL after redirects (malloc'ed), or NULL */
    char *content_type; /**< Content-Type of the last response (malloc'ed), or NULL */
} reco_http_response;

/**
 * GET url. On RECO_OK *resp holds the response whatever its status (the caller judges the
 * status); resp is initialised here, and must be released with reco_http_response_release
 * whatever the result. Errors: RECO_EINVAL (bad URL, scheme not allowed, address refused),
 * RECO_ELIMIT (body over max_bytes, too many redirects), RECO_EIO (DNS, connection, TLS,
 * timeout), RECO_ENOMEM.
 */
RECO_API reco_code reco_http_get(const char *url, const reco_http_opts *opts,
                                 reco_http_response *resp, reco_error *err);

/** Free what resp holds; it is then empty. */
RECO_API void reco_http_response_release(reco_http_response *resp);

/**
 * True when addr (AF_INET or AF_INET6) is not a public unicast address: unspecified,
 * loopback, RFC 1918 private, carrier-grade NAT, link-local, unique local, multicast,
 * reserved, benchmarking, documentation, and IPv4-mapped or NAT64 forms of those.
 */
RECO_API bool reco_http_address_is_private(const struct sockaddr *addr);

/**
 * A reco_ld_fetch_fn (reco/ld.h) on reco_http_get: ctx is a const reco_http_opts * (or NULL
 * for defaults); the body's own cap is the size limit; the Accept header asks for JSON-LD.
 * A status other than 2xx gives RECO_ENOTFOUND naming the status.
 */
RECO_API reco_code reco_http_ld_fetch(void *ctx, const char *url, reco_buf *body, char **final_url,
                                      reco_error *err);

#endif
