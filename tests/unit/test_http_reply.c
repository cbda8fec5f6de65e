/*
 * test_http_reply.c - how handlers answer: the one error shape, the mapping of app codes to
 * statuses (a 500 never carries the internal message), WWW-Authenticate on 401, ETags and
 * If-None-Match, JSON replies, and clean-ups run when the request completes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "http/http_internal.h"

#include <stdio.h>
#include <string.h>

typedef struct fixture {
    reco_arena *arena;
    srv_req req;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->arena = reco_arena_new(0);
    f->req.arena = f->arena;
    f->req.method = "GET";
    f->req.path = "/test";
    *state = f;
    return f->arena ? 0 : -1;
}

/* What the server does when a request completes. */
static void complete(srv_req *r)
{
    for (srv_cleanup *k = r->cleanups; k; k = k->next)
        k->fn(k->p);
    r->cleanups = NULL;
}

static int teardown(void **state)
{
    fixture *f = *state;
    complete(&f->req);
    reco_arena_free(f->arena);
    free(f);
    return 0;
}

static const char *header_of(const srv_req *r, const char *name)
{
    for (const srv_header *h = r->headers; h; h = h->next)
        if (strcmp(h->name, name) == 0)
            return h->value;
    return NULL;
}

/* The reply body parsed; checks the error shape and returns code (in a static buffer). */
static const char *error_code(const srv_req *r, char *path, size_t pcap, char *msg, size_t mcap)
{
    static char code[64];
    json_t *v = NULL;
    assert_int_equal(reco_json_parse(r->data, r->len, NULL, &v, NULL), RECO_OK);
    json_t *e = json_object_get(v, "error");
    assert_true(json_is_object(e));
    assert_int_equal(json_object_size(e), 3);
    assert_true(json_is_string(json_object_get(e, "code")));
    assert_true(json_is_string(json_object_get(e, "message")));
    assert_true(json_is_string(json_object_get(e, "path")));
    snprintf(code, sizeof code, "%s", json_string_value(json_object_get(e, "code")));
    snprintf(path, pcap, "%s", json_string_value(json_object_get(e, "path")));
    snprintf(msg, mcap, "%s", json_string_value(json_object_get(e, "message")));
    json_decref(v);
    return code;
}

static void app_errors_map_to_statuses(void **state)
{
    fixture *f = *state;
    static const struct {
        reco_code code;
        unsigned status;
        const char *name;
    } cases[] = {
        {RECO_EINVAL, 400, "bad_request"},  {RECO_EPARSE, 400, "bad_request"},
        {RECO_ESCHEMA, 400, "bad_request"}, {RECO_EVERIFY, 401, "unauthorized"},
        {RECO_EDENIED, 403, "forbidden"},   {RECO_ENOTFOUND, 404, "not_found"},
        {RECO_ECONFLICT, 409, "conflict"},  {RECO_ELIMIT, 413, "too_large"},
        {RECO_ESTORE, 500, "internal"},     {RECO_EIO, 500, "internal"},
        {RECO_ENOMEM, 500, "internal"},     {RECO_ECRYPTO, 500, "internal"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        srv_req *r = &f->req;
        reco_error err;
        char path[96], msg[256];
        r->headers = NULL;
        reco_error_set(&err, cases[i].code, "/name", "secret detail %d", 42);
        srv_reply_app_error(r, &err);
        assert_int_equal(r->status, cases[i].status);
        assert_string_equal(r->ctype, "application/json");
        assert_string_equal(error_code(r, path, sizeof path, msg, sizeof msg), cases[i].name);
        if (cases[i].status == 500) {
            assert_null(strstr(msg, "secret"));
            assert_string_equal(path, "");
        } else {
            assert_string_equal(msg, "secret detail 42");
            assert_string_equal(path, "/name");
        }
        const char *www = header_of(r, "WWW-Authenticate");
        if (cases[i].status == 401)
            assert_non_null(www);
        else
            assert_null(www);
    }
}

static void error_text_is_json_safe(void **state)
{
    fixture *f = *state;
    char path[96], msg[256];
    /* quotes, control characters and a cut UTF-8 sequence still give valid JSON */
    srv_reply_error(&f->req, 400, "bad_request", "/a\"b", "bad \"%s\"\n\t%s", "x<y>", "\xc3");
    assert_int_equal(f->req.status, 400);
    assert_string_equal(error_code(&f->req, path, sizeof path, msg, sizeof msg), "bad_request");
    assert_string_equal(path, "/a\"b");
}

static void etags(void **state)
{
    fixture *f = *state;
    srv_req *r = &f->req;
    assert_false(srv_etag(r, "hello", 5));
    const char *tag = header_of(r, "ETag");
    assert_non_null(tag);
    assert_int_equal(strlen(tag), 18);
    assert_int_equal(tag[0], '"');
    char copy[32];
    snprintf(copy, sizeof copy, "%s", tag);
    r->headers = NULL;
    assert_false(srv_etag(r, "hellO", 5));
    assert_string_not_equal(header_of(r, "ETag"), copy);
    char inm[80];
    snprintf(inm, sizeof inm, "\"0000000000000000\", W/%s", copy);
    r->if_none_match = inm;
    assert_true(srv_etag(r, "hello", 5));
    r->if_none_match = "\"0000000000000000\"";
    assert_false(srv_etag(r, "hello", 5));
    r->if_none_match = "*";
    assert_true(srv_etag(r, "anything", 8));
}

static int cleanups_ran;

static void count_cleanup(void *p)
{
    (void)p;
    cleanups_ran++;
}

static void json_replies_and_cleanups(void **state)
{
    fixture *f = *state;
    srv_req *r = &f->req;
    json_t *v = json_pack("{s:s,s:i}", "a", "é<", "n", 3);
    srv_reply_json_take(r, 201, v);
    assert_int_equal(r->status, 201);
    assert_string_equal(r->data, "{\"a\":\"é<\",\"n\":3}\n");
    assert_int_equal(r->len, strlen(r->data));
    json_t *kept = json_object();
    srv_keep_json(r, kept); /* released at completion: ASan would report the leak */
    srv_keep_json(r, NULL);
    reco_buf *b = srv_buf(r, 16);
    assert_non_null(b);
    assert_int_equal(reco_buf_puts(b, "0123456789abcdef"), RECO_OK);
    assert_int_equal(reco_buf_puts(b, "x"), RECO_ELIMIT);
    cleanups_ran = 0;
    srv_on_done(r, count_cleanup, NULL);
    srv_on_done(r, count_cleanup, NULL);
    complete(r);
    assert_int_equal(cleanups_ran, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(app_errors_map_to_statuses, setup, teardown),
        cmocka_unit_test_setup_teardown(error_text_is_json_safe, setup, teardown),
        cmocka_unit_test_setup_teardown(etags, setup, teardown),
        cmocka_unit_test_setup_teardown(json_replies_and_cleanups, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
