/*
 * test_http_static.c - serving the embedded static files: the file with its type, etag and
 * cache headers, 304 on a matching If-None-Match, 404 for templates, catalogues, traversal
 * and unknown names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "http/web_assets.h"

#include <string.h>

static const char *header(const srv_req *r, const char *name)
{
    for (const srv_header *h = r->headers; h; h = h->next)
        if (strcmp(h->name, name) == 0)
            return h->value;
    return NULL;
}

/* What the server does when a request completes. */
static void done(srv_req *r)
{
    for (srv_cleanup *c = r->cleanups; c; c = c->next)
        c->fn(c->p);
    r->cleanups = NULL;
}

static void serve(srv_req *r, reco_arena *a, const char *rest, const char *inm)
{
    done(r);
    memset(r, 0, sizeof *r);
    r->arena = a;
    r->method = "GET";
    r->if_none_match = inm;
    web_static_serve(r, rest);
}

static void static_files(void **state)
{
    (void)state;
    reco_arena *a = reco_arena_new(0);
    srv_req r = {0};
    const web_asset *css = web_static_find("reco.css");
    assert_non_null(css);

    serve(&r, a, "reco.css", NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.ctype, "text/css; charset=utf-8");
    assert_int_equal(r.len, css->len);
    assert_ptr_equal(r.data, css->data);
    assert_string_equal(header(&r, "ETag"), css->etag);
    assert_string_equal(header(&r, "Cache-Control"), "public, max-age=31536000, immutable");
    assert_string_equal(header(&r, "X-Content-Type-Options"), "nosniff");

    serve(&r, a, "reco.css", css->etag);
    assert_int_equal(r.status, 304);
    assert_int_equal(r.len, 0);
    char list[128];
    snprintf(list, sizeof list, "\"0000000000000000\", W/%s", css->etag);
    serve(&r, a, "reco.css", list);
    assert_int_equal(r.status, 304);
    serve(&r, a, "reco.css", "*");
    assert_int_equal(r.status, 304);
    serve(&r, a, "reco.css", "\"0000000000000000\"");
    assert_int_equal(r.status, 200);

    serve(&r, a, "logo.svg", NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.ctype, "image/svg+xml");

    static const char *const refused[] = {"../templates/layout.mustache",
                                          "../po/fr.po",
                                          "",
                                          "/etc/passwd",
                                          "nothing.css",
                                          "reco.css/"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        serve(&r, a, refused[i], NULL);
        if (r.status != 404)
            fail_msg("'%s' answered %u", refused[i], r.status);
    }
    done(&r);
    reco_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(static_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
