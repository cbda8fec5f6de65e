/*
 * test_http_contrast.c - WCAG 2.1 AA contrast of the colours of web/static/reco.css (the
 * embedded copy). The style sheet declares its colours as custom properties of :root and, in
 * a comment between "@contrast-pairs" and "@end", every foreground/background pair its rules
 * use ("text --fg --bg"). Each pair must reach 4.5:1 for "text" (SC 1.4.3) and 3:1 for
 * "large" and "ui" (SC 1.4.3 large text, SC 1.4.11 non-text). Every colour must appear in a
 * pair, and no rule may write a literal colour (so no pair escapes the list).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "http/web_assets.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLOURS 64

typedef struct colour {
    char name[48];
    double lum;
    bool used;
} colour;

static colour colours[MAX_COLOURS];
static size_t ncolours;

static double channel(unsigned v)
{
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* WCAG 2.1 relative luminance of "#rrggbb" or "#rgb"; -1 when malformed. */
static double luminance(const char *hex, size_t n)
{
    unsigned rgb[3];
    if (n == 4) {
        for (int i = 0; i < 3; i++) {
            if (!isxdigit((unsigned char)hex[1 + i]))
                return -1;
            char d[3] = {hex[1 + i], hex[1 + i], 0};
            rgb[i] = (unsigned)strtoul(d, NULL, 16);
        }
    } else if (n == 7) {
        for (int i = 0; i < 3; i++) {
            if (!isxdigit((unsigned char)hex[1 + 2 * i]) ||
                !isxdigit((unsigned char)hex[2 + 2 * i]))
                return -1;
            char d[3] = {hex[1 + 2 * i], hex[2 + 2 * i], 0};
            rgb[i] = (unsigned)strtoul(d, NULL, 16);
        }
    } else {
        return -1;
    }
    return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
}

static double ratio(double a, double b)
{
    double hi = a > b ? a : b, lo = a > b ? b : a;
    return (hi + 0.05) / (lo + 0.05);
}

static void formula(void **state)
{
    (void)state;
    assert_true(fabs(ratio(luminance("#000000", 7), luminance("#fff", 4)) - 21.0) < 1e-9);
    assert_true(fabs(ratio(luminance("#767676", 7), luminance("#ffffff", 7)) - 4.54) < 0.01);
    assert_true(fabs(ratio(luminance("#777777", 7), luminance("#ffffff", 7)) - 4.48) < 0.01);
    assert_true(luminance("#12345", 6) < 0);
    assert_true(luminance("#zzzzzz", 7) < 0);
}

static colour *find(const char *name, size_t n)
{
    for (size_t i = 0; i < ncolours; i++)
        if (strlen(colours[i].name) == n && memcmp(colours[i].name, name, n) == 0)
            return &colours[i];
    return NULL;
}

/* The :root block's "--name: #hex;" declarations; returns the block's extent. */
static void read_root(const char *css, const char **start, const char **end)
{
    const char *r = strstr(css, ":root {");
    assert_non_null(r);
    const char *e = strchr(r, '}');
    assert_non_null(e);
    *start = r;
    *end = e;
    for (const char *p = r; p < e && (p = strstr(p, "--")) != NULL && p < e;) {
        const char *colon = strchr(p, ':'), *semi = strchr(p, ';');
        if (!colon || !semi || semi > e)
            break;
        const char *v = colon + 1;
        while (*v == ' ')
            v++;
        if (*v == '#') {
            size_t vn = (size_t)(semi - v);
            double l = luminance(v, vn);
            if (l < 0)
                fail_msg("reco.css: bad colour %.*s", (int)(semi - p), p);
            assert_true(ncolours < MAX_COLOURS);
            snprintf(colours[ncolours].name, sizeof colours[0].name, "%.*s", (int)(colon - p), p);
            colours[ncolours].lum = l;
            ncolours++;
        }
        p = semi + 1;
    }
}

static void declared_pairs_meet_aa(void **state)
{
    (void)state;
    const web_asset *a = web_asset_find("static/reco.css");
    assert_non_null(a);
    const char *css = a->data, *root, *root_end;
    read_root(css, &root, &root_end);
    assert_true(ncolours >= 4);

    const char *p = strstr(css, "@contrast-pairs");
    const char *end = p ? strstr(p, "@end") : NULL;
    assert_non_null(p);
    assert_non_null(end);
    p = strchr(p, '\n');
    int pairs = 0;
    while (p && p < end) {
        p++;
        const char *nl = strchr(p, '\n');
        char kind[16], fg[48], bg[48];
        char line[160];
        snprintf(line, sizeof line, "%.*s", nl ? (int)(nl - p) : 0, p);
        if (strstr(line, "@end"))
            break;
        if (sscanf(line, " * %15s %47s %47s", kind, fg, bg) == 3) {
            colour *f = find(fg, strlen(fg)), *b = find(bg, strlen(bg));
            if (!f || !b)
                fail_msg("reco.css: pair %s %s %s names an undefined colour", kind, fg, bg);
            double need = strcmp(kind, "text") == 0 ? 4.5 : 3.0;
            if (strcmp(kind, "text") && strcmp(kind, "large") && strcmp(kind, "ui"))
                fail_msg("reco.css: unknown pair kind '%s'", kind);
            double r = ratio(f->lum, b->lum);
            printf("  %-5s %-18s on %-16s %5.2f:1 (needs %.1f)\n", kind, fg, bg, r, need);
            if (r < need)
                fail_msg("reco.css: %s %s on %s has contrast %.2f:1, below %.1f:1", kind, fg, bg, r,
                         need);
            f->used = b->used = true;
            pairs++;
        }
        p = nl;
    }
    assert_true(pairs >= 10);
    for (size_t i = 0; i < ncolours; i++)
        if (!colours[i].used)
            fail_msg("reco.css: colour %s is in no declared contrast pair", colours[i].name);

    /* Outside :root and comments, no literal colour: rules go through the variables. */
    bool in_comment = false;
    for (const char *q = css; *q; q++) {
        if (!in_comment && q[0] == '/' && q[1] == '*') {
            in_comment = true;
            continue;
        }
        if (in_comment) {
            if (q[0] == '*' && q[1] == '/')
                in_comment = false;
            continue;
        }
        if (q >= root && q <= root_end)
            continue;
        if ((q[0] == '#' && isxdigit((unsigned char)q[1]) && isxdigit((unsigned char)q[2]) &&
             isxdigit((unsigned char)q[3]) && (q[-1] == ' ' || q[-1] == ':')) ||
            strncmp(q, "rgb(", 4) == 0 || strncmp(q, "rgba(", 5) == 0 || strncmp(q, "hsl(", 4) == 0)
            fail_msg("reco.css: literal colour outside :root near \"%.30s\"", q);
        for (const char *named = " white;\0 black;\0"; *named; named += strlen(named) + 1)
            if (strncmp(q, named, strlen(named)) == 0)
                fail_msg("reco.css: named colour outside :root near \"%.30s\"", q);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formula),
        cmocka_unit_test(declared_pairs_meet_aa),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
