/*
 * test_base_json.c - parsing with limits, the writer, JCS, ECMAScript numbers, equality and
 * JSON pointer paths.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static reco_code parse(const char *text, const reco_json_limits *lim, json_t **v, reco_error *err)
{
    return reco_json_parse(text, strlen(text), lim, v, err);
}

/* Parse, expect failure with code, and check the message holds want. */
static void parse_fails(const char *text, reco_code code, const char *want)
{
    json_t *v = (json_t *)1;
    reco_error err;
    reco_error_clear(&err);
    reco_code rc = parse(text, NULL, &v, &err);
    if (rc != code || !strstr(err.msg, want))
        fail_msg("input %s: code %d message \"%s\", wanted code %d with \"%s\"", text, rc, err.msg,
                 code, want);
    assert_null(v);
}

static void parse_ok_and_types(void **state)
{
    (void)state;
    json_t *v = NULL;
    reco_error err;
    assert_int_equal(parse("{\"a\": [1, 2.5, \"x\", true, null], \"b\": {}}", NULL, &v, &err),
                     RECO_OK);
    json_t *a = json_object_get(v, "a");
    assert_true(json_is_integer(json_array_get(a, 0)));
    assert_true(json_is_real(json_array_get(a, 1)));
    json_decref(v);
    /* Any value may be a JSON text (RFC 8259 §2), surrounded by whitespace. */
    assert_int_equal(parse(" \"s\"\n", NULL, &v, &err), RECO_OK);
    assert_string_equal(json_string_value(v), "s");
    json_decref(v);
    assert_int_equal(parse("42", NULL, &v, &err), RECO_OK);
    assert_int_equal(json_integer_value(v), 42);
    json_decref(v);
}

static void parse_refusals(void **state)
{
    (void)state;
    parse_fails("{\"a\": [1, 2", RECO_EPARSE, "invalid JSON at line 1");
    parse_fails("", RECO_EPARSE, "invalid JSON");
    parse_fails("   ", RECO_EPARSE, "invalid JSON");
    parse_fails("{\"a\":1,\n\"a\":2}", RECO_EPARSE, "duplicate object key");
    parse_fails("{\"a\":1} x", RECO_EPARSE, "invalid JSON at line 1");
    parse_fails("[1] [2]", RECO_EPARSE, "invalid JSON");
    parse_fails("[\"\xff\"]", RECO_EPARSE, "invalid JSON");
    parse_fails("[\"\xc0\xaf\"]", RECO_EPARSE, "invalid JSON");
    parse_fails("[\"\xed\xa0\x80\"]", RECO_EPARSE, "invalid JSON");
    parse_fails("[\"\\ud800\"]", RECO_EPARSE, "invalid JSON");
    parse_fails("[\"\\udc00\\ud800\"]", RECO_EPARSE, "invalid JSON");
    parse_fails("[\"\\u0000\"]", RECO_EPARSE, "\\u0000 is not allowed in strings");
    parse_fails("[01]", RECO_EPARSE, "invalid JSON");
    parse_fails("[1,]", RECO_EPARSE, "invalid JSON");
    parse_fails("{'a':1}", RECO_EPARSE, "invalid JSON");
    parse_fails("[NaN]", RECO_EPARSE, "invalid JSON");
    parse_fails("[1e400]", RECO_EPARSE, "invalid JSON");
    /* Line and column point at the problem. */
    parse_fails("{\n  \"a\": 1,\n  \"b\": x\n}", RECO_EPARSE, "invalid JSON at line 3");
}

static void parse_limits(void **state)
{
    (void)state;
    json_t *v = NULL;
    reco_error err;
    reco_json_limits lim = {.max_bytes = 10, .max_depth = 0};
    assert_int_equal(parse("[1,2,3,4,5,6]", &lim, &v, &err), RECO_ELIMIT);
    assert_string_equal(err.msg, "JSON text exceeds the limit of 10 bytes");
    assert_int_equal(parse("[1,2,3,4]", &lim, &v, &err), RECO_OK);
    json_decref(v);

    char deep[256];
    memset(deep, '[', 100);
    memset(deep + 100, ']', 100);
    deep[200] = '\0';
    assert_int_equal(parse(deep, NULL, &v, &err), RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "JSON nesting deeper than 64 levels"));
    assert_null(v);
    /* Exactly 64 levels pass; brackets inside strings do not count. */
    deep[64] = '\0';
    memset(deep + 64, ']', 64);
    deep[128] = '\0';
    memset(deep, '[', 64);
    assert_int_equal(parse(deep, NULL, &v, &err), RECO_OK);
    json_decref(v);
    char text[256];
    snprintf(text, sizeof text, "[\"%s\\\"[[[[[\"]", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
    lim.max_bytes = 0;
    lim.max_depth = 2;
    assert_int_equal(parse(text, &lim, &v, &err), RECO_OK);
    json_decref(v);
    assert_int_equal(parse("[[[1]]]", &lim, &v, &err), RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "deeper than 2 levels"));
}

static void parse_big_integers(void **state)
{
    (void)state;
    json_t *v = NULL;
    reco_error err;
    assert_int_equal(parse("[9223372036854775807, 1]", NULL, &v, &err), RECO_OK);
    assert_true(json_is_integer(json_array_get(v, 0)));
    json_decref(v);
    /* Past int64: the document parses with reals. */
    assert_int_equal(parse("[100000000000000000000000, 1]", NULL, &v, &err), RECO_OK);
    assert_true(json_is_real(json_array_get(v, 0)));
    assert_true(json_number_value(json_array_get(v, 0)) == 1e23);
    reco_buf out;
    reco_buf_init(&out, 0);
    assert_int_equal(reco_jcs(v, &out, &err), RECO_OK);
    assert_string_equal(out.data, "[1e+23,1]");
    json_decref(v);
    reco_buf_clear(&out);
    assert_int_equal(parse("[-9223372036854776000, 2.5]", NULL, &v, &err), RECO_OK);
    assert_true(json_number_value(json_array_get(v, 0)) == -9223372036854775808.0);
    assert_int_equal(reco_jcs(v, &out, &err), RECO_OK);
    assert_string_equal(out.data, "[-9223372036854776000,2.5]");
    reco_buf_release(&out);
    json_decref(v);
}

static char *write_text(const char *text, int flags)
{
    json_t *v = NULL;
    reco_error err;
    reco_buf out;
    reco_buf_init(&out, 0);
    assert_int_equal(parse(text, NULL, &v, &err), RECO_OK);
    assert_int_equal(reco_json_write(v, flags, &out, &err), RECO_OK);
    json_decref(v);
    return reco_buf_detach(&out, NULL);
}

static void check_write(const char *text, int flags, const char *want)
{
    char *got = write_text(text, flags);
    if (strcmp(got, want) != 0)
        fail_msg("write(%s, %d): got %s, wanted %s", text, flags, got, want);
    free(got);
}

static void writer(void **state)
{
    (void)state;
    /* Insertion order is kept; sorting is by UTF-16 code units. */
    check_write("{\"b\":1,\"a\":2,\"c\":3}", 0, "{\"b\":1,\"a\":2,\"c\":3}");
    check_write("{\"b\":1,\"a\":2,\"c\":3}", RECO_JSON_SORT_KEYS, "{\"a\":2,\"b\":1,\"c\":3}");
    /* U+1F602 (surrogates D83D DE02) sorts before U+FB33, unlike by code point. */
    check_write("{\"\\ufb33\":1,\"\\ud83d\\ude02\":2}", RECO_JSON_SORT_KEYS,
                "{\"\xf0\x9f\x98\x82\":2,\"\xef\xac\xb3\":1}");
    check_write("{\"ab\":1,\"a\":2,\"\":3}", RECO_JSON_SORT_KEYS, "{\"\":3,\"a\":2,\"ab\":1}");
    check_write("{\"a\":[1,{\"b\":[]},{}]}", RECO_JSON_PRETTY,
                "{\n  \"a\": [\n    1,\n    {\n      \"b\": []\n    },\n    {}\n  ]\n}");
    /* RFC 8785 §3.2.2.2 string escapes. */
    check_write("[\"\\u0008\\t\\n\\u000c\\r\\u001f\\u007f\\\"\\\\/\\u00e9\"]", 0,
                "[\"\\b\\t\\n\\f\\r\\u001f\x7f\\\"\\\\/\xc3\xa9\"]");
    check_write("[\"\\u00e9\\ud83d\\ude02\"]", RECO_JSON_ASCII, "[\"\\u00e9\\ud83d\\ude02\"]");
    check_write("[1.0, -0.0, 0.5, 1e21, 1e-7, 123456789012, -5]", 0,
                "[1,0,0.5,1e+21,1e-7,123456789012,-5]");
    check_write("[true,false,null]", RECO_JSON_PRETTY, "[\n  true,\n  false,\n  null\n]");
}

static void writer_keeps_insertion_order(void **state)
{
    (void)state;
    /* Enough keys that a hash order would show: z49 ... z00 must come out as inserted. */
    json_t *v = json_object();
    char key[8], want[1024] = "{";
    for (int i = 49; i >= 0; i--) {
        snprintf(key, sizeof key, "z%02d", i);
        json_object_set_new(v, key, json_integer(i));
        size_t o = strlen(want);
        snprintf(want + o, sizeof want - o, "%s\"%s\":%d", i == 49 ? "" : ",", key, i);
    }
    size_t end = strlen(want);
    snprintf(want + end, sizeof want - end, "}");
    reco_buf out;
    reco_buf_init(&out, 0);
    reco_error err;
    assert_int_equal(reco_json_write(v, 0, &out, &err), RECO_OK);
    assert_string_equal(out.data, want);
    reco_buf_clear(&out);
    assert_int_equal(reco_jcs(v, &out, &err), RECO_OK);
    assert_memory_equal(out.data, "{\"z00\":0,\"z01\":1,", 17);
    reco_buf_release(&out);
    json_decref(v);
}

static void writer_refusals(void **state)
{
    (void)state;
    reco_error err;
    reco_buf out;
    reco_buf_init(&out, 0);
    json_t *v = json_pack("[f]", NAN);
    assert_int_equal(reco_json_write(v, 0, &out, &err), RECO_EINVAL);
    json_decref(v);
    v = json_array();
    json_array_append_new(v, json_string_nocheck("bad \xff"));
    assert_int_equal(reco_json_write(v, 0, &out, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "invalid UTF-8"));
    json_decref(v);
    assert_int_equal(out.len, 0);
    reco_buf_release(&out);

    reco_buf_init(&out, 5);
    v = json_pack("{s:s}", "key", "value");
    assert_int_equal(reco_json_write(v, 0, &out, &err), RECO_ELIMIT);
    assert_string_equal(err.msg, "JSON output exceeds the limit of 5 bytes");
    assert_int_equal(out.len, 0);
    json_decref(v);
    reco_buf_release(&out);
}

static void es_numbers(void **state)
{
    (void)state;
    static const struct {
        double d;
        const char *s;
    } cases[] = {
        {0.0, "0"},
        {-0.0, "0"},
        {1.0, "1"},
        {-1.5, "-1.5"},
        {0.1, "0.1"},
        {1e21, "1e+21"},
        {1e20, "100000000000000000000"},
        {123e18, "123000000000000000000"},
        {1e-6, "0.000001"},
        {1e-7, "1e-7"},
        {1.5e-7, "1.5e-7"},
        {5e-324, "5e-324"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {9007199254740993.0, "9007199254740992"},
        {333333333.33333329, "333333333.3333333"},
        {2e-3, "0.002"},
        {1e30, "1e+30"},
        {4.5, "4.5"},
    };
    char out[32];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n = reco_es_number(cases[i].d, out);
        assert_int_equal(n, (int)strlen(cases[i].s));
        assert_string_equal(out, cases[i].s);
    }
    assert_int_equal(reco_es_number(NAN, out), -1);
    assert_int_equal(reco_es_number(INFINITY, out), -1);
    assert_int_equal(reco_es_number(-INFINITY, out), -1);
}

static void jcs_values(void **state)
{
    (void)state;
    json_t *v = NULL;
    reco_error err;
    reco_buf out;
    reco_buf_init(&out, 0);
    assert_int_equal(parse("{ \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, "
                           "0.000000000000000000000000001], \"literals\": [null, true, false],"
                           " \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\"}",
                           NULL, &v, &err),
                     RECO_OK);
    assert_int_equal(reco_jcs(v, &out, &err), RECO_OK);
    assert_string_equal(out.data,
                        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,"
                        "0.002,1e-27],\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\"}");
    json_decref(v);
    reco_buf_release(&out);
}

static void equality(void **state)
{
    (void)state;
    json_t *a = NULL, *b = NULL;
    reco_error err;
    assert_int_equal(parse("{\"x\":[1,2.0,{\"p\":null}],\"y\":\"s\"}", NULL, &a, &err), RECO_OK);
    assert_int_equal(parse("{\"y\":\"s\",\"x\":[1.0,2,{\"p\":null}]}", NULL, &b, &err), RECO_OK);
    assert_true(reco_json_equal(a, b));
    json_decref(b);
    assert_int_equal(parse("{\"y\":\"s\",\"x\":[2,1,{\"p\":null}]}", NULL, &b, &err), RECO_OK);
    assert_false(reco_json_equal(a, b)); /* arrays are ordered */
    json_decref(b);
    assert_int_equal(parse("{\"y\":\"s\",\"x\":[1,2.5,{\"p\":null}]}", NULL, &b, &err), RECO_OK);
    assert_false(reco_json_equal(a, b));
    json_decref(b);
    assert_int_equal(parse("{\"y\":\"s\"}", NULL, &b, &err), RECO_OK);
    assert_false(reco_json_equal(a, b));
    json_decref(b);
    json_decref(a);

    json_t *big = json_integer(9007199254740993LL);
    json_t *r = json_real(9007199254740992.0);
    assert_false(reco_json_equal(big, r)); /* no rounding through double */
    json_decref(big);
    json_decref(r);
    json_t *t = json_true(), *n = json_null(), *s = json_string("1"), *one = json_integer(1);
    assert_false(reco_json_equal(t, n));
    assert_false(reco_json_equal(s, one));
    assert_true(reco_json_equal(n, n));
    json_decref(s);
    json_decref(one);
}

static void paths(void **state)
{
    (void)state;
    char path[32] = "";
    reco_json_path_push(path, sizeof path, "credentialSubject");
    reco_json_path_push_index(path, sizeof path, 3);
    assert_string_equal(path, "/credentialSubject/3");
    char p2[32] = "";
    reco_json_path_push(p2, sizeof p2, "a/b~c");
    assert_string_equal(p2, "/a~1b~0c");
    char small[8] = "";
    reco_json_path_push(small, sizeof small, "abcdefghij");
    assert_string_equal(small, "/abcdef"); /* truncated, still terminated */
    reco_json_path_push(small, sizeof small, "x");
    assert_string_equal(small, "/abcdef");
}

static void read_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/reco-json-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/doc.json", dir);
    reco_error err;
    assert_int_equal(reco_file_write(path, "{\"a\": 1}\n", 9, 0644, &err), RECO_OK);
    json_t *v = NULL;
    assert_int_equal(reco_json_read_file(path, NULL, &v, &err), RECO_OK);
    assert_int_equal(json_integer_value(json_object_get(v, "a")), 1);
    json_decref(v);
    assert_int_equal(reco_file_write(path, "{\"a\": }", 7, 0644, &err), RECO_OK);
    assert_int_equal(reco_json_read_file(path, NULL, &v, &err), RECO_EPARSE);
    assert_non_null(strstr(err.msg, "doc.json: invalid JSON at line 1"));
    reco_json_limits lim = {.max_bytes = 4, .max_depth = 0};
    assert_int_equal(reco_json_read_file(path, &lim, &v, &err), RECO_ELIMIT);
    unlink(path);
    assert_int_equal(reco_json_read_file(path, NULL, &v, &err), RECO_EIO);
    assert_non_null(strstr(err.msg, "No such file or directory"));
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_ok_and_types),
        cmocka_unit_test(parse_refusals),
        cmocka_unit_test(parse_limits),
        cmocka_unit_test(parse_big_integers),
        cmocka_unit_test(writer),
        cmocka_unit_test(writer_keeps_insertion_order),
        cmocka_unit_test(writer_refusals),
        cmocka_unit_test(es_numbers),
        cmocka_unit_test(jcs_values),
        cmocka_unit_test(equality),
        cmocka_unit_test(paths),
        cmocka_unit_test(read_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
