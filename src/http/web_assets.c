/*
 * web_assets.c - lookups in the table of embedded web files (cmake/web.cmake) and the loading
 * of the page templates into a Mustache set at start.
 */
#include "http/web_assets.h"
#include "http/handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_path(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const web_asset *)elem)->path);
}

const web_asset *web_asset_find(const char *path)
{
    size_t n;
    const web_asset *list = web_assets_list(&n);
    if (!path)
        return NULL;
    return bsearch(path, list, n, sizeof list[0], cmp_path);
}

const web_asset *web_static_find(const char *rest)
{
    char path[256];
    size_t n = rest ? strlen(rest) : 0;
    /* The table holds only plain relative paths; refuse anything else before looking. */
    if (n == 0 || n + sizeof "static/" > sizeof path || rest[0] == '/' || strstr(rest, ".."))
        return NULL;
    memcpy(path, "static/", 7);
    memcpy(path + 7, rest, n + 1);
    return web_asset_find(path);
}

reco_code web_templates_load(reco_mustache *m, reco_error *err)
{
    static const char prefix[] = "templates/", suffix[] = ".mustache";
    const size_t np = sizeof prefix - 1, ns = sizeof suffix - 1;
    reco_code rc = RECO_OK;
    size_t n;
    const web_asset *list = web_assets_list(&n);
    for (size_t i = 0; i < n && !rc; i++) {
        const char *p = list[i].path;
        size_t len = p ? strlen(p) : 0;
        char name[256];
        if (len <= np + ns || len - np - ns >= sizeof name || strncmp(p, prefix, np) != 0 ||
            strcmp(p + len - ns, suffix) != 0)
            continue;
        memcpy(name, p + np, len - np - ns);
        name[len - np - ns] = '\0';
        rc = reco_mustache_add(m, name, list[i].data, list[i].len, err);
    }
    return rc;
}

void web_static_serve(srv_req *r, const char *rest)
{
    const web_asset *a = web_static_find(rest);
    if (!a) {
        srv_reply_error(r, 404, "not_found", NULL, "no static file '%.100s'", rest ? rest : "");
        return;
    }
    srv_header_add(r, "ETag", a->etag);
    srv_header_add(r, "Cache-Control", WEB_STATIC_CACHE_CONTROL);
    srv_header_add(r, "X-Content-Type-Options", "nosniff");
    /* If-None-Match: a list of entity tags or "*" (RFC 9110 §13.1.2, weak comparison: a W/
     * prefix does not matter, and our tags are fixed-length hex in quotes). */
    const char *m = r->if_none_match;
    if (m && (strcmp(m, "*") == 0 || strstr(m, a->etag))) {
        srv_reply(r, 304, a->ctype, "", 0);
        return;
    }
    srv_reply(r, 200, a->ctype, a->data, a->len);
}

/* The routes /static/{name}.EXT: the file name is the route's parameter and its extension. */
static void static_ext(srv_req *r, const char *ext)
{
    char rest[SRV_MAX_PARAM + 8];
    snprintf(rest, sizeof rest, "%s.%s", r->nparam ? r->param[0] : "", ext);
    web_static_serve(r, rest);
}

void h_static_css(srv_req *r)
{
    static_ext(r, "css");
}

void h_static_svg(srv_req *r)
{
    static_ext(r, "svg");
}

void h_static_js(srv_req *r)
{
    static_ext(r, "js");
}
