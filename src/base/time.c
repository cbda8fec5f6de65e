/*
 * time.c - RFC 3339 §5.6 / xsd:dateTime (XML Schema 1.1 Part 2 §3.3.7) parsing and formatting.
 *
 * Civil dates convert to days since the epoch with the proleptic Gregorian calendar (Howard
 * Hinnant's days_from_civil), so no libc time zone state is touched.
 */
#include "reco/base.h"

#include <stdio.h>
#include <string.h>

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Exactly `count` decimal digits at s[*i]; false when any is missing. */
static bool digits(const char *s, size_t n, size_t *i, int count, int *out)
{
    int v = 0;
    bool ok = n - *i >= (size_t)count;
    for (int k = 0; ok && k < count; k++) {
        char c = s[*i + (size_t)k];
        ok = c >= '0' && c <= '9';
        v = v * 10 + (c - '0');
    }
    if (ok) {
        *i += (size_t)count;
        *out = v;
    }
    return ok;
}

static bool expect(const char *s, size_t n, size_t *i, char c)
{
    bool ok = *i < n && s[*i] == c;
    if (ok)
        (*i)++;
    return ok;
}

reco_code reco_time_parse(const char *s, size_t n, bool require_offset, reco_time *out,
                          reco_error *err)
{
    reco_code rc = RECO_OK;
    size_t i = 0;
    int year, mon, day, hour, min, sec;
    int32_t nsec = 0;
    int64_t offset = 0;
    bool has_offset = false;
    /* date-fullyear "-" date-month "-" date-mday: four-digit years only (0001-9999). */
    if (!digits(s, n, &i, 4, &year) || !expect(s, n, &i, '-') || !digits(s, n, &i, 2, &mon) ||
        !expect(s, n, &i, '-') || !digits(s, n, &i, 2, &day)) {
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "invalid date-time: expected YYYY-MM-DD at offset %zu", i);
        goto out;
    }
    if (year < 1 || mon < 1 || mon > 12 || day < 1 || day > days_in_month(year, mon)) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "invalid date-time: no such date %.10s", s);
        goto out;
    }
    if (i >= n || (s[i] != 'T' && s[i] != 't')) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "invalid date-time: expected 'T' at offset %zu",
                            i);
        goto out;
    }
    i++;
    if (!digits(s, n, &i, 2, &hour) || !expect(s, n, &i, ':') || !digits(s, n, &i, 2, &min) ||
        !expect(s, n, &i, ':') || !digits(s, n, &i, 2, &sec)) {
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "invalid date-time: expected hh:mm:ss at offset %zu", i);
        goto out;
    }
    if (i < n && s[i] == '.') {
        /* time-secfrac: at least one digit; digits past nanoseconds are dropped. */
        i++;
        size_t first = i;
        int32_t scale = 100000000;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            nsec += (s[i] - '0') * scale;
            scale /= 10;
            i++;
        }
        if (i == first) {
            rc = reco_error_set(err, RECO_EPARSE, NULL,
                                "invalid date-time: expected digits after '.' at offset %zu", i);
            goto out;
        }
    }
    /*
     * xsd:dateTime allows 24:00:00 meaning the first instant of the next day; RFC 3339 does
     * not allow it, and neither allows a leap second here (we cannot place it on the time line).
     */
    bool end_of_day = hour == 24 && min == 0 && sec == 0 && nsec == 0;
    if ((hour > 23 && !end_of_day) || min > 59 || sec > 59) {
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "invalid date-time: time %02d:%02d:%02d out of range", hour, min, sec);
        goto out;
    }
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
        has_offset = true;
        i++;
    } else if (i < n && (s[i] == '+' || s[i] == '-')) {
        int sign = s[i] == '-' ? -1 : 1, oh, om;
        i++;
        if (!digits(s, n, &i, 2, &oh) || !expect(s, n, &i, ':') || !digits(s, n, &i, 2, &om) ||
            oh > 23 || om > 59) {
            rc = reco_error_set(err, RECO_EPARSE, NULL,
                                "invalid date-time: bad time zone offset at offset %zu", i);
            goto out;
        }
        has_offset = true;
        offset = sign * (int64_t)(oh * 3600 + om * 60);
    }
    if (i != n) {
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "invalid date-time: unexpected character at offset %zu", i);
        goto out;
    }
    if (require_offset && !has_offset) {
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "invalid date-time: a time zone offset (Z or +hh:mm) is required");
        goto out;
    }
    /* Local time minus the offset is UTC (RFC 3339 §4.2). */
    out->sec = days_from_civil(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec - offset;
    out->nsec = nsec;
    out->has_offset = has_offset;
out:
    return rc;
}

reco_code reco_time_format(const reco_time *t, reco_buf *out)
{
    reco_code rc = RECO_OK;
    int64_t days = t->sec / 86400, rem = t->sec % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    int64_t y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 1 || y > 9999 || t->nsec < 0 || t->nsec > 999999999) {
        rc = RECO_EINVAL;
        goto out;
    }
    rc = reco_buf_printf(out, "%04d-%02d-%02dT%02d:%02d:%02d", (int)y, m, d, (int)(rem / 3600),
                         (int)(rem / 60 % 60), (int)(rem % 60));
    if (!rc && t->nsec) {
        /* RFC 3339 time-secfrac, trailing zeros dropped. */
        char frac[16];
        snprintf(frac, sizeof frac, ".%09d", (int)t->nsec);
        size_t k = strlen(frac);
        while (frac[k - 1] == '0')
            k--;
        rc = reco_buf_append(out, frac, k);
    }
    if (!rc)
        rc = reco_buf_putc(out, 'Z');
out:
    return rc;
}

reco_time reco_time_now(void)
{
    struct timespec ts;
    reco_time t = {0, 0, true};
    if (clock_gettime(CLOCK_REALTIME, &ts) == 0) {
        t.sec = (int64_t)ts.tv_sec;
        t.nsec = (int32_t)ts.tv_nsec;
    }
    return t;
}

int reco_time_cmp(const reco_time *a, const reco_time *b)
{
    int64_t d =
        a->sec != b->sec ? (a->sec < b->sec ? -1 : 1) : (a->nsec > b->nsec) - (a->nsec < b->nsec);
    return (int)d;
}
