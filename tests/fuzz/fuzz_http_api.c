/*
 * fuzz_http_api.c - the JSON API and hosted-document handlers on any request, through the
 * route table, against a real service in a temporary data directory (opened once, with an
 * admin user, an issuer and a badge; closed at exit). Input: "METHOD TARGET\n" then
 * "Content-Type\n" then the body. Every answer must be a status the API documents, with a
 * JSON error body for errors (an HTML page when the handler answers a browser).
 */
#include "http/handlers.h"
#include "http/http_internal.h"
#include "testlib.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static reco_app *app;
static reco_app_user admin;
static char dir[64];

static void done(void)
{
    reco_app_close(app);
    test_rm_tree(dir);
}

/* The service, made on the first input: issuer "fuzz", one badge. */
static bool init(void)
{
    reco_app_config cfg = {0};
    json_t *out = NULL;
    if (app)
        return true;
    snprintf(dir, sizeof dir, "/tmp/reco-fuzz-http-XXXXXX");
    if (!mkdtemp(dir))
        return false;
    cfg.data_dir = dir;
    cfg.base_url = "http://127.0.0.1:8080";
    if (reco_app_open(&cfg, &app, NULL) ||
        reco_app_user_add(app, "fuzz@example.org", "fuzz password", true, &admin, NULL))
        abort();
    atexit(done);
    json_t *body = json_pack("{s:s}", "name", "Fuzz");
    if (reco_app_issuer_create(app, &admin, body, &out, NULL))
        abort();
    json_decref(out);
    json_decref(body);
    body = json_pack("{s:s,s:s}", "name", "Badge", "description", "d");
    if (reco_app_achievement_create(app, &admin, "fuzz", body, &out, NULL))
        abort();
    json_decref(out);
    json_decref(body);
    return true;
}

/* Only the handlers of the API and of the hosted documents (the web pages have their own). */
static bool ours(srv_handler h)
{
    static const srv_handler list[] = {
        h_healthz,
        h_credential,
        h_credential_download_json,
        h_credential_png,
        h_credential_svg,
        h_credential_jwt,
        h_issuer,
        h_issuer_did,
        h_issuer_key,
        h_status_list,
        h_achievement,
        h_achievement_image,
        h_claim,
        h_api_issuer_create,
        h_api_issuer_get,
        h_api_achievement_create,
        h_api_award,
        h_api_award_csv,
        h_api_job,
        h_api_credential_list,
        h_api_credential_get,
        h_api_revoke,
        h_api_verify,
    };
    for (size_t i = 0; i < sizeof list / sizeof *list; i++)
        if (list[i] == h)
            return true;
    return false;
}

static const char *next_line(const char **p, const char *end, reco_arena *a)
{
    const char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));
    const char *e = nl ? nl : end;
    *p = nl ? nl + 1 : end;
    return reco_arena_strndup(a, s, (size_t)(e - s));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    bool known = false;
    char allow[64];
    if (size > 65536 || !init())
        return 0;
    reco_arena *a = reco_arena_new(0);
    srv_req r;
    memset(&r, 0, sizeof r);
    r.app = app;
    r.arena = a;
    r.user = admin;
    const char *line = next_line(&p, end, a);
    const char *ctype = next_line(&p, end, a);
    const char *sp = strchr(line, ' ');
    if (!sp)
        goto out;
    r.method = reco_arena_strndup(a, line, (size_t)(sp - line));
    const char *target = sp + 1, *qm = strchr(target, '?');
    r.path = qm ? reco_arena_strndup(a, target, (size_t)(qm - target)) : target;
    r.query = qm ? qm + 1 : "";
    r.content_type = *ctype ? ctype : NULL;
    r.accept = strlen(ctype) % 2 ? "text/html" : "application/ld+json";
    r.body.ptr = p;
    r.body.len = (size_t)(end - p);
    if (srv_path_parse(r.path, strlen(r.path), a, &r.segs, NULL))
        goto out;
    const srv_route *route =
        srv_route_find(r.method, &r.segs, r.param, &r.nparam, &known, allow, sizeof allow);
    if (!route || !ours(route->handler))
        goto out;
    route->handler(&r);
    switch (r.status) {
    case 200:
    case 201:
    case 202:
    case 304:
    case 400:
    case 401:
    case 403:
    case 404:
    case 409:
    case 413:
        break;
    default:
        abort(); /* a 500, or no answer */
    }
    /* errors are JSON, except the pages a browser gets (Accept: text/html) */
    if (r.status >= 400 && r.ctype && strncmp(r.ctype, "text/html", 9) == 0) {
        if (!r.len)
            abort();
    } else if (r.status >= 400) {
        json_t *v = NULL;
        if (reco_json_parse(r.data, r.len, NULL, &v, NULL) ||
            !json_is_string(json_object_get(json_object_get(v, "error"), "code")))
            abort();
        json_decref(v);
    }
out:
    for (srv_cleanup *k = r.cleanups; k; k = k->next)
        k->fn(k->p);
    reco_arena_free(a);
    return 0;
}
