/*
 * test_app_csv.c - the CSV reader of bulk awards: RFC 4180 quoting, line ends, the byte order
 * mark, empty lines, and every refusal (limits, malformed quotes, encoding) naming its line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/app.h"

#include <stdio.h>
#include <string.h>

/* Records joined as "a|b|c\n" for easy comparison. */
typedef struct collect {
    char out[1024];
    size_t len;
    size_t rows;
} collect;

static reco_code on_row(void *ctx, size_t row, const reco_slice *f, size_t n, reco_error *err)
{
    collect *c = ctx;
    (void)err;
    assert_int_equal(row, c->rows);
    c->rows++;
    for (size_t i = 0; i < n; i++)
        c->len += (size_t)snprintf(c->out + c->len, sizeof c->out - c->len, "%s%.*s", i ? "|" : "",
                                   (int)f[i].len, f[i].ptr);
    c->len += (size_t)snprintf(c->out + c->len, sizeof c->out - c->len, "\n");
    return RECO_OK;
}

static reco_code parse(const char *text, const reco_app_csv_limits *lim, collect *c,
                       reco_error *err)
{
    memset(c, 0, sizeof *c);
    return reco_app_csv_parse(text, strlen(text), lim, on_row, c, err);
}

static void quoting_and_line_ends(void **state)
{
    (void)state;
    collect c;
    reco_error err = {0};
    assert_int_equal(parse("name,email\r\n\"Doe, Jane\",\"j@x.org\"\r\n\"say \"\"hi\"\"\",b\n"
                           "\"two\nlines\",c",
                           NULL, &c, &err),
                     RECO_OK);
    assert_string_equal(c.out, "name|email\nDoe, Jane|j@x.org\nsay \"hi\"|b\ntwo\nlines|c\n");
    assert_int_equal(c.rows, 4);
    /* BOM skipped, empty lines skipped, empty fields kept, a quoted empty line kept. */
    assert_int_equal(parse("\xEF\xBB\xBF"
                           "a,b\n\n,\n\"\"\n",
                           NULL, &c, &err),
                     RECO_OK);
    assert_string_equal(c.out, "a|b\n|\n\n");
}

static void refusals_name_the_line(void **state)
{
    (void)state;
    collect c;
    reco_error err = {0};
    assert_int_equal(parse("a,b\nx,y\"z\n", NULL, &c, &err), RECO_EPARSE);
    assert_non_null(strstr(err.msg, "line 2"));
    assert_int_equal(parse("a,b\n\"x\"y,z\n", NULL, &c, &err), RECO_EPARSE);
    assert_non_null(strstr(err.msg, "line 2"));
    assert_int_equal(parse("a,b\nc,d\n\"open\n", NULL, &c, &err), RECO_EPARSE);
    assert_non_null(strstr(err.msg, "line 3"));
    assert_int_equal(parse("a\rb\n", NULL, &c, &err), RECO_EPARSE);
    assert_int_equal(parse("a,\xff\n", NULL, &c, &err), RECO_EPARSE);
    assert_int_equal(reco_app_csv_parse("a\0b", 3, NULL, on_row, &c, &err), RECO_EPARSE);
    assert_int_equal(parse("", NULL, &c, &err), RECO_EPARSE);
}

static void limits(void **state)
{
    (void)state;
    collect c;
    reco_error err = {0};
    reco_app_csv_limits lim = {.max_bytes = 64, .max_rows = 2, .max_field = 4, .max_cols = 3};
    assert_int_equal(parse("a,b\n1,2\n3,4\n", &lim, &c, &err), RECO_OK);
    assert_int_equal(parse("a,b\n1,2\n3,4\n5,6\n", &lim, &c, &err), RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "more than 2 rows"));
    assert_int_equal(parse("a,b\n12345,2\n", &lim, &c, &err), RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "line 2"));
    assert_int_equal(parse("a,b,c,d\n", &lim, &c, &err), RECO_ELIMIT);
    char big[100];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(parse(big, &lim, &c, &err), RECO_ELIMIT);
    /* Quotes do not count towards a field's length; "" counts as one byte. */
    assert_int_equal(parse("\"ab\"\"c\"\n", &lim, &c, &err), RECO_OK);
    assert_string_equal(c.out, "ab\"c\n");
}

static reco_code stop_at_two(void *ctx, size_t row, const reco_slice *f, size_t n, reco_error *err)
{
    (void)ctx;
    (void)f;
    (void)n;
    if (row == 2)
        return reco_error_set(err, RECO_ECONFLICT, NULL, "stop");
    return RECO_OK;
}

static void callback_stops(void **state)
{
    (void)state;
    reco_error err = {0};
    const char *t = "a\nb\nc\nd\n";
    assert_int_equal(reco_app_csv_parse(t, strlen(t), NULL, stop_at_two, NULL, &err),
                     RECO_ECONFLICT);
    assert_string_equal(err.msg, "stop");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quoting_and_line_ends),
        cmocka_unit_test(refusals_name_the_line),
        cmocka_unit_test(limits),
        cmocka_unit_test(callback_stops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
