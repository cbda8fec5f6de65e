/*
 * test_base_time.c - RFC 3339 / xsd:dateTime parsing and formatting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/base.h"

#include <stdio.h>
#include <string.h>

static reco_code parse(const char *s, bool require_offset, reco_time *t, reco_error *err)
{
    return reco_time_parse(s, strlen(s), require_offset, t, err);
}

static void parse_valid(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t sec;
        int32_t nsec;
        bool has_offset;
    } cases[] = {
        {"1970-01-01T00:00:00Z", 0, 0, true},
        {"1970-01-01t00:00:01z", 1, 0, true},
        {"2010-01-01T00:00:00Z", 1262304000, 0, true},
        {"2024-02-29T12:34:56Z", 1709210096, 0, true},
        {"2000-02-29T00:00:00Z", 951782400, 0, true},
        {"2022-05-01T10:00:00+02:00", 1651392000, 0, true},
        {"2022-05-01T06:30:00-01:30", 1651392000, 0, true},
        {"2022-05-01T08:00:00.5Z", 1651392000, 500000000, true},
        {"2022-05-01T08:00:00.123456789123Z", 1651392000, 123456789, true},
        {"2022-05-01T08:00:00", 1651392000, 0, false},
        {"1969-12-31T23:59:59Z", -1, 0, true},
        {"0001-01-01T00:00:00Z", -62135596800, 0, true},
        {"9999-12-31T23:59:59Z", 253402300799, 0, true},
        {"2022-05-01T24:00:00Z", 1651449600, 0, true}, /* xsd: next day's first instant */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reco_time t;
        reco_error err;
        reco_error_clear(&err);
        if (parse(cases[i].text, false, &t, &err) != RECO_OK)
            fail_msg("%s: %s", cases[i].text, err.msg);
        assert_int_equal(t.sec, cases[i].sec);
        assert_int_equal(t.nsec, cases[i].nsec);
        assert_int_equal(t.has_offset, cases[i].has_offset);
    }
}

static void parse_invalid(void **state)
{
    (void)state;
    static const char *bad[] = {
        "",
        "2022-05-01",
        "2022-05-01T10:00Z",
        "2022-5-01T10:00:00Z",
        "22022-05-01T10:00:00Z",
        "0000-01-01T00:00:00Z",
        "2022-13-01T00:00:00Z",
        "2022-00-01T00:00:00Z",
        "2022-04-31T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2022-05-01T25:00:00Z",
        "2022-05-01T24:00:01Z",
        "2022-05-01T10:60:00Z",
        "2022-05-01T23:59:60Z",
        "2022-05-01 10:00:00Z",
        "2022-05-01T10:00:00.Z",
        "2022-05-01T10:00:00+0200",
        "2022-05-01T10:00:00+24:00",
        "2022-05-01T10:00:00+02:60",
        "2022-05-01T10:00:00Zjunk",
        "2022-05-01T10:00:00ZZ",
        "+2022-05-01T10:00:00Z",
        "2022-05-01T1a:00:00Z",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        reco_time t;
        reco_error err;
        if (parse(bad[i], false, &t, &err) != RECO_EPARSE)
            fail_msg("accepted %s", bad[i]);
        assert_non_null(strstr(err.msg, "invalid date-time"));
    }
    /* Truncated copies of a valid text are refused at every length. */
    const char *good = "2022-05-01T10:00:00+02:00";
    for (size_t n = 0; n < strlen(good); n++) {
        reco_time t;
        if (n == 19)
            continue; /* "2022-05-01T10:00:00" is valid without an offset */
        assert_int_equal(reco_time_parse(good, n, false, &t, NULL), RECO_EPARSE);
    }
}

static void require_offset(void **state)
{
    (void)state;
    reco_time t;
    reco_error err;
    assert_int_equal(parse("2022-05-01T08:00:00", true, &t, &err), RECO_EPARSE);
    assert_non_null(strstr(err.msg, "offset"));
    assert_int_equal(parse("2022-05-01T08:00:00Z", true, &t, &err), RECO_OK);
}

static void format(void **state)
{
    (void)state;
    static const struct {
        int64_t sec;
        int32_t nsec;
        const char *text;
    } cases[] = {
        {0, 0, "1970-01-01T00:00:00Z"},
        {1709210096, 0, "2024-02-29T12:34:56Z"},
        {1651392000, 500000000, "2022-05-01T08:00:00.5Z"},
        {1651392000, 123456789, "2022-05-01T08:00:00.123456789Z"},
        {1651392000, 1000, "2022-05-01T08:00:00.000001Z"},
        {-1, 0, "1969-12-31T23:59:59Z"},
        {-62135596800, 0, "0001-01-01T00:00:00Z"},
        {253402300799, 0, "9999-12-31T23:59:59Z"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reco_time t = {cases[i].sec, cases[i].nsec, true};
        reco_buf b;
        reco_buf_init(&b, 0);
        assert_int_equal(reco_time_format(&t, &b), RECO_OK);
        assert_string_equal(b.data, cases[i].text);
        /* And back. */
        reco_time back;
        assert_int_equal(reco_time_parse(b.data, b.len, true, &back, NULL), RECO_OK);
        assert_int_equal(reco_time_cmp(&t, &back), 0);
        reco_buf_release(&b);
    }
    reco_time out_of_range = {253402300800, 0, true};
    reco_buf b;
    reco_buf_init(&b, 0);
    assert_int_equal(reco_time_format(&out_of_range, &b), RECO_EINVAL);
    reco_buf_release(&b);
}

static void compare_and_now(void **state)
{
    (void)state;
    reco_time a, b;
    assert_int_equal(parse("2022-05-01T10:00:00+02:00", false, &a, NULL), RECO_OK);
    assert_int_equal(parse("2022-05-01T08:00:00Z", false, &b, NULL), RECO_OK);
    assert_int_equal(reco_time_cmp(&a, &b), 0);
    assert_int_equal(parse("2022-05-01T08:00:00.000000001Z", false, &b, NULL), RECO_OK);
    assert_true(reco_time_cmp(&a, &b) < 0);
    assert_true(reco_time_cmp(&b, &a) > 0);
    reco_time now = reco_time_now();
    assert_true(now.sec > 1700000000); /* after November 2023 */
    assert_true(now.nsec >= 0 && now.nsec < 1000000000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_valid),     cmocka_unit_test(parse_invalid),
        cmocka_unit_test(require_offset),  cmocka_unit_test(format),
        cmocka_unit_test(compare_and_now),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
