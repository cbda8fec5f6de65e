/*
 * web_assets.h - the files of web/templates/, web/static/ and po/ compiled into the binary
 * (cmake/web.cmake generates the table), and the set of page templates made from them.
 */
#ifndef RECO_HTTP_WEB_ASSETS_H
#define RECO_HTTP_WEB_ASSETS_H

#include "http/http_internal.h"
#include "reco/common.h"
#include "reco/mustache.h"

/** One embedded file. Everything is static data. */
typedef struct web_asset {
    const char *path; /* "static/reco.css", "templates/layout.mustache", "po/fr.po" */
    const char *data; /* the bytes, followed by a NUL not counted in len */
    size_t len;
    const char *ctype; /* "text/css; charset=utf-8" */
    const char *etag;  /* "\"<16 hex digits of the SHA-256>\"", quotes included */
} web_asset;

/** The generated table, sorted by path (strcmp), and its length. */
const web_asset *web_assets_list(size_t *n);

/** The asset at path ("static/reco.css"), or NULL. */
const web_asset *web_asset_find(const char *path);

/**
 * The asset that serves the URL path "/static/<rest>" (rest is the part after "/static/"), or
 * NULL: only files under static/ are served, never templates or catalogues.
 */
const web_asset *web_static_find(const char *rest);

/** Cache-Control for a static asset: long-lived, since a change of bytes changes the etag. */
#define WEB_STATIC_CACHE_CONTROL "public, max-age=31536000, immutable"

/**
 * Answer GET /static/<rest> from the table: 200 with the file, its content type, its ETag,
 * Cache-Control WEB_STATIC_CACHE_CONTROL and X-Content-Type-Options: nosniff; 304 without a
 * body when If-None-Match names the etag (or is "*"); 404 (JSON error) when there is no such
 * static file. The data is static: nothing is copied.
 */
void web_static_serve(srv_req *r, const char *rest);

/**
 * Parse every embedded templates/NAME.mustache into m under NAME ("layout",
 * "partials/header", "pages/home"). Errors name the template (RECO_EPARSE, RECO_ELIMIT,
 * RECO_ENOMEM).
 */
reco_code web_templates_load(reco_mustache *m, reco_error *err);

#endif
