/*
 * test_http_parse.c - the server's parsers of outside input: path splitting and decoding, the
 * route matcher (params, suffixes, 404 and 405 with Allow), Accept negotiation with q-values,
 * query strings, bearer tokens, Content-Type, and HTML escaping.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "http/http_internal.h"
#include "reco/mustache.h"

#include <string.h>

static reco_arena *arena;

static int setup(void **state)
{
    (void)state;
    arena = reco_arena_new(0);
    return arena ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    reco_arena_free(arena);
    return 0;
}

static reco_code parse_path(const char *raw, srv_path *p, reco_error *err)
{
    return srv_path_parse(raw, strlen(raw), arena, p, err);
}

static void path_split_and_decode(void **state)
{
    (void)state;
    srv_path p;
    reco_error err;
    assert_int_equal(parse_path("/", &p, &err), RECO_OK);
    assert_int_equal(p.nseg, 0);
    assert_int_equal(parse_path("/healthz", &p, &err), RECO_OK);
    assert_int_equal(p.nseg, 1);
    assert_string_equal(p.seg[0], "healthz");
    assert_int_equal(parse_path("/healthz/", &p, &err), RECO_OK);
    assert_int_equal(p.nseg, 1);
    assert_int_equal(parse_path("/a/b%20c/%C3%A9", &p, &err), RECO_OK);
    assert_int_equal(p.nseg, 3);
    assert_string_equal(p.seg[1], "b c");
    assert_string_equal(p.seg[2], "\xc3\xa9");
    /* '+' is not a space in a path */
    assert_int_equal(parse_path("/a+b", &p, &err), RECO_OK);
    assert_string_equal(p.seg[0], "a+b");
}

static void path_tricks_refused(void **state)
{
    (void)state;
    srv_path p;
    reco_error err;
    const char *bad[] = {
        "",       "healthz", "/a/../b", "/..",    "/./a",  "/a/%2e%2e/b", "/a/%2E%2e", "/a%2Fb",
        "/a%2fb", "/a%5cb",  "/a%00b",  "/a%0a",  "/a%",   "/a%4",        "/a%zz",     "/a//b",
        "//a",    "/a%C3",   "/a%FF",   "/a\x01", "/\x7f", "/a%c0%af",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        reco_error_clear(&err);
        if (parse_path(bad[i], &p, &err) != RECO_EINVAL)
            fail_msg("path '%s' was accepted", bad[i]);
        assert_non_null(strstr(err.msg, "path"));
    }
    /* limits: segments, segment length, total length */
    char many[200] = "";
    for (int i = 0; i < SRV_MAX_SEGMENTS + 1; i++)
        strcat(many, "/a");
    assert_int_equal(parse_path(many, &p, &err), RECO_EINVAL);
    char longseg[SRV_MAX_SEGMENT + 3];
    longseg[0] = '/';
    memset(longseg + 1, 'x', SRV_MAX_SEGMENT + 1);
    longseg[SRV_MAX_SEGMENT + 2] = '\0';
    assert_int_equal(parse_path(longseg, &p, &err), RECO_EINVAL);
    longseg[SRV_MAX_SEGMENT + 1] = '\0';
    assert_int_equal(parse_path(longseg, &p, &err), RECO_OK);
}

static const srv_route *find(const char *method, const char *raw, const char **params, size_t *n,
                             bool *known, char *allow)
{
    srv_path p;
    assert_int_equal(parse_path(raw, &p, NULL), RECO_OK);
    return srv_route_find(method, &p, params, n, known, allow, 64);
}

static void routes_match(void **state)
{
    (void)state;
    const char *params[SRV_MAX_PARAMS];
    size_t n = 0;
    bool known = false;
    char allow[64];
    const srv_route *r = find("GET", "/healthz", params, &n, &known, allow);
    assert_non_null(r);
    assert_string_equal(r->pattern, "/healthz");
    assert_int_equal(n, 0);

    r = find("GET", "/credentials/AbC123", params, &n, &known, allow);
    assert_non_null(r);
    assert_string_equal(r->pattern, "/credentials/{id}");
    assert_int_equal(n, 1);
    assert_string_equal(params[0], "AbC123");

    r = find("GET", "/credentials/AbC123.json", params, &n, &known, allow);
    assert_non_null(r);
    assert_string_equal(r->pattern, "/credentials/{id}.json");
    assert_string_equal(params[0], "AbC123");

    r = find("GET", "/credentials/x.png", params, &n, &known, allow);
    assert_non_null(r);
    assert_string_equal(params[0], "x");

    r = find("GET", "/issuers/region-x/status/1", params, &n, &known, allow);
    assert_non_null(r);
    assert_int_equal(n, 2);
    assert_string_equal(params[0], "region-x");
    assert_string_equal(params[1], "1");

    r = find("POST", "/api/v1/achievements/Q7/awards.csv", params, &n, &known, allow);
    assert_non_null(r);
    assert_true(r->flags & SRV_BODY_CSV);
    assert_string_equal(params[0], "Q7");
    r = find("POST", "/api/v1/achievements/Q7/awards", params, &n, &known, allow);
    assert_non_null(r);
    assert_true(r->flags & SRV_BODY_JSON);
    assert_true(r->flags & SRV_AUTH);
    r = find("POST", "/api/v1/verify", params, &n, &known, allow);
    assert_non_null(r);
    assert_false(r->flags & SRV_AUTH);
}

static void routes_404_405(void **state)
{
    (void)state;
    const char *params[SRV_MAX_PARAMS];
    size_t n = 0;
    bool known = true;
    char allow[64];
    assert_null(find("GET", "/nothing", params, &n, &known, allow));
    assert_false(known);
    /* a param outside [A-Za-z0-9_-] never matches */
    assert_null(find("GET", "/credentials/a.b", params, &n, &known, allow));
    assert_false(known);
    assert_null(find("GET", "/credentials/a%20b", params, &n, &known, allow));
    assert_false(known);
    assert_null(find("GET", "/credentials/.json", params, &n, &known, allow));
    assert_false(known);
    /* too many or too few segments */
    assert_null(find("GET", "/credentials/a/b", params, &n, &known, allow));
    assert_null(find("GET", "/credentials", params, &n, &known, allow));
    /* known path, other method */
    assert_null(find("DELETE", "/credentials/abc", params, &n, &known, allow));
    assert_true(known);
    assert_string_equal(allow, "GET, HEAD");
    assert_null(find("GET", "/api/v1/issuers", params, &n, &known, allow));
    assert_true(known);
    assert_string_equal(allow, "POST");
    assert_null(find("PUT", "/api/v1/verify", params, &n, &known, allow));
    assert_true(known);
    assert_string_equal(allow, "POST");
    /* a 128-byte param matches, 129 does not */
    char raw[200] = "/achievements/";
    memset(raw + strlen(raw), 'a', SRV_MAX_PARAM);
    assert_non_null(find("GET", raw, params, &n, &known, allow));
    strcat(raw, "a");
    assert_null(find("GET", raw, params, &n, &known, allow));
}

static const char *const offers[] = {"application/ld+json", "application/vc+ld+json",
                                     "application/json", "text/html"};

static int choose(const char *accept)
{
    return srv_accept_choose(accept, offers, 4);
}

static void accept_negotiation(void **state)
{
    (void)state;
    assert_int_equal(choose(NULL), 0);
    assert_int_equal(choose(""), 0);
    assert_int_equal(choose("*/*"), 0);
    assert_int_equal(choose("application/ld+json"), 0);
    assert_int_equal(choose("application/vc+ld+json"), 1);
    assert_int_equal(choose("application/json"), 2);
    assert_int_equal(choose("APPLICATION/JSON"), 2);
    assert_int_equal(choose("text/html"), 3);
    /* a browser */
    assert_int_equal(choose("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"), 3);
    /* q-values */
    assert_int_equal(choose("text/html;q=0.5, application/json;q=0.9"), 2);
    assert_int_equal(choose("text/html;q=0.5, application/json;q=0.4"), 3);
    assert_int_equal(choose("application/json; charset=utf-8; q=0.7, text/html;q=0.6"), 2);
    assert_int_equal(choose("text/*;q=0.9, application/*;q=0.8"), 3);
    assert_int_equal(choose("application/*;q=0.9, text/html;q=0.1"), 0);
    /* the most specific range decides: json excluded, others by * / * */
    assert_int_equal(choose("application/ld+json;q=0, application/vc+ld+json;q=0, */*"), 2);
    assert_int_equal(choose("*/*;q=0"), -1);
    assert_int_equal(choose("image/png"), -1);
    assert_int_equal(choose("text/html;q=0, */*;q=0.1"), 0);
    /* malformed ranges are skipped */
    assert_int_equal(choose("garbage, text/html"), 3);
    assert_int_equal(choose("text/html;q=2, application/json"), 2);
    assert_int_equal(choose("text/html;q=0.1234, application/json;q=0.5"), 2);
    assert_int_equal(choose("*/html, application/json;q=0.5"), 2);
    assert_int_equal(choose(",,,"), 0);
    assert_int_equal(choose("text/html;q="), 0);
}

static void query_strings(void **state)
{
    (void)state;
    srv_query q;
    reco_error err;
    const char *s = "issuer=region-x&achievement=A%20B&limit=10&offset=&flag&x=a+b";
    assert_int_equal(srv_query_parse(s, strlen(s), arena, &q, &err), RECO_OK);
    assert_int_equal(q.n, 6);
    assert_string_equal(srv_query_get(&q, "issuer"), "region-x");
    assert_string_equal(srv_query_get(&q, "achievement"), "A B");
    assert_string_equal(srv_query_get(&q, "offset"), "");
    assert_string_equal(srv_query_get(&q, "flag"), "");
    assert_string_equal(srv_query_get(&q, "x"), "a b");
    assert_null(srv_query_get(&q, "nope"));
    assert_int_equal(srv_query_parse("", 0, arena, &q, &err), RECO_OK);
    assert_int_equal(q.n, 0);
    assert_int_equal(srv_query_parse("&&a=1&", 6, arena, &q, &err), RECO_OK);
    assert_int_equal(q.n, 1);
    /* an '=' in a value is kept */
    assert_int_equal(srv_query_parse("a=b=c", 5, arena, &q, &err), RECO_OK);
    assert_string_equal(srv_query_get(&q, "a"), "b=c");

    const char *bad[] = {"=1", "a=%", "a=%G0", "a=%00", "a=1&a=2", "a=%FF", "%0a=1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (srv_query_parse(bad[i], strlen(bad[i]), arena, &q, &err) != RECO_EINVAL)
            fail_msg("query '%s' was accepted", bad[i]);
        assert_non_null(strstr(err.msg, "query string"));
    }
    char big[SRV_MAX_QUERY + 10];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(srv_query_parse(big, strlen(big), arena, &q, &err), RECO_EINVAL);
    char many[400] = "";
    for (int i = 0; i < SRV_MAX_QUERY_ARGS + 1; i++) {
        char one[16];
        snprintf(one, sizeof one, "k%d=1&", i);
        strcat(many, one);
    }
    assert_int_equal(srv_query_parse(many, strlen(many), arena, &q, &err), RECO_EINVAL);
    char longval[SRV_MAX_QUERY_VALUE + 10] = "a=";
    memset(longval + 2, 'v', SRV_MAX_QUERY_VALUE + 1);
    longval[SRV_MAX_QUERY_VALUE + 3] = '\0';
    assert_int_equal(srv_query_parse(longval, strlen(longval), arena, &q, &err), RECO_EINVAL);
}

static void bearer_and_content_type(void **state)
{
    (void)state;
    char t[SRV_MAX_TOKEN + 1];
    assert_true(srv_bearer_token("Bearer reco_abc123", t, sizeof t));
    assert_string_equal(t, "reco_abc123");
    assert_true(srv_bearer_token("bearer  abc.def-ghi~+/== ", t, sizeof t));
    assert_string_equal(t, "abc.def-ghi~+/==");
    assert_false(srv_bearer_token(NULL, t, sizeof t));
    assert_false(srv_bearer_token("Bearer", t, sizeof t));
    assert_false(srv_bearer_token("Bearer ", t, sizeof t));
    assert_false(srv_bearer_token("Basic dXNlcjpwYXNz", t, sizeof t));
    assert_false(srv_bearer_token("Bearerabc", t, sizeof t));
    assert_false(srv_bearer_token("Bearer a b", t, sizeof t));
    assert_false(srv_bearer_token("Bearer a\"b", t, sizeof t));
    char big[SRV_MAX_TOKEN + 20] = "Bearer ";
    memset(big + 7, 'a', SRV_MAX_TOKEN + 1);
    big[7 + SRV_MAX_TOKEN + 1] = '\0';
    assert_false(srv_bearer_token(big, t, sizeof t));

    assert_true(srv_content_type_is("application/json", "application/json"));
    assert_true(srv_content_type_is("Application/JSON; charset=utf-8", "application/json"));
    assert_true(srv_content_type_is("application/ld+json", "application/json"));
    assert_true(srv_content_type_is("text/csv;charset=utf-8", "text/csv"));
    assert_false(srv_content_type_is(NULL, "application/json"));
    assert_false(srv_content_type_is("text/plain", "application/json"));
    assert_false(srv_content_type_is("application/jsonx", "application/json"));
    assert_false(srv_content_type_is("application/json", "text/csv"));
    assert_false(srv_content_type_is("text/json+json", "application/json"));
}

/* Every page is escaped by the one function the templates use. */
static void html_escaping(void **state)
{
    (void)state;
    reco_buf b;
    const char *in = "<script>alert('x')</script> & \"q\"";
    reco_buf_init(&b, 0);
    assert_int_equal(reco_mustache_escape(&b, in, strlen(in)), RECO_OK);
    assert_string_equal(b.data,
                        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    reco_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(path_split_and_decode),
        cmocka_unit_test(path_tricks_refused),
        cmocka_unit_test(routes_match),
        cmocka_unit_test(routes_404_405),
        cmocka_unit_test(accept_negotiation),
        cmocka_unit_test(query_strings),
        cmocka_unit_test(bearer_and_content_type),
        cmocka_unit_test(html_escaping),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
