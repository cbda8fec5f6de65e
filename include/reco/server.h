/*
 * reco/server.h - the HTTP server of `reco serve` (libmicrohttpd): hosted documents
 * (credentials, baked images, issuer profiles, DID and key documents, status lists,
 * achievements), the JSON API /api/v1 and /healthz, on a thread pool, with an access log and
 * a graceful stop.
 *
 * The server is a face of the app layer: every route reads its parameters, calls one reco_app
 * function and renders the answer. It keeps no state of its own besides the daemon.
 */
#ifndef RECO_SERVER_H
#define RECO_SERVER_H

#include "reco/common.h"
#include "reco/app.h"

typedef struct reco_server reco_server;

/** How the server runs. Zero-initialise, then fill; zero members take their default. */
typedef struct reco_server_config {
    reco_app *app;         /**< required; borrowed, must outlive the server */
    const char *listen;    /**< "ADDR:PORT" ("127.0.0.1:8080", "[::1]:8080", port 0 = any
                                free port); NULL = "127.0.0.1:8080" */
    unsigned threads;      /**< worker threads; 0 = the number of online CPUs */
    int access_log_fd;     /**< one line per request; 0 = stderr (2), -1 = no log */
    size_t max_json_body;  /**< default 1 MiB (413 beyond) */
    size_t max_csv_body;   /**< default 10 MiB (413 beyond) */
    unsigned timeout_secs; /**< idle connection timeout, default 30 */
} reco_server_config;

/**
 * Bind and start serving in the background (MHD internal polling threads, a pool of
 * cfg->threads). *out is stopped with reco_server_stop. Codes: RECO_EINVAL (bad listen
 * address, no app), RECO_EIO (cannot bind: "cannot listen on ADDR: ..."), RECO_ENOMEM.
 */
RECO_API reco_code reco_server_start(const reco_server_config *cfg, reco_server **out,
                                     reco_error *err);

/** The port actually bound (useful with port 0). */
RECO_API unsigned reco_server_port(const reco_server *s);

/**
 * Stop gracefully: stop accepting connections, wait up to grace_ms for the requests in flight
 * to complete, then stop the daemon and free the server. The app is not closed (the caller
 * calls reco_app_close afterwards). NULL does nothing.
 */
RECO_API void reco_server_stop(reco_server *s, unsigned grace_ms);

#endif
