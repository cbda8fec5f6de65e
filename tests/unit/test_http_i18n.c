/*
 * test_http_i18n.c - languages of the pages: the PO reader (entries, plurals, continued
 * strings, escapes, fuzzy and obsolete entries, errors), the embedded catalogues (every
 * string of every template translated in French and present in English, same msgids in
 * both), the choice of a request's language (account, cookie, Accept-Language with q-values),
 * and dates and numbers in each language.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "http/i18n.h"
#include "http/web_assets.h"
#include "reco/mustache.h"

#include <stdlib.h>
#include <string.h>

static void po_reader(void **state)
{
    (void)state;
    static const char po[] = "# comment\n"
                             "msgid \"\"\n"
                             "msgstr \"\"\n"
                             "\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n"
                             "\n"
                             "#: web/templates/x.mustache\n"
                             "msgid \"Sign in\"\n"
                             "msgstr \"Se \"\n"
                             "\"connecter\"\n"
                             "\n"
                             "msgid \"Quote \\\"q\\\" and\\\\ tab\\t\"\n"
                             "msgstr \"Guillemet \\\"q\\\"\"\n"
                             "\n"
                             "#, fuzzy\n"
                             "msgid \"Fuzzy\"\n"
                             "msgstr \"Flou\"\n"
                             "\n"
                             "msgctxt \"menu\"\n"
                             "msgid \"Open\"\n"
                             "msgstr \"Ouvrir\"\n"
                             "\n"
                             "msgid \"Empty\"\n"
                             "msgstr \"\"\n"
                             "\n"
                             "msgid \"{{n}} file\"\n"
                             "msgid_plural \"{{n}} files\"\n"
                             "msgstr[0] \"{{n}} fichier\"\n"
                             "msgstr[1] \"{{n}} fichiers\"\n"
                             "\n"
                             "#~ msgid \"Old\"\n"
                             "#~ msgstr \"Vieux\"\n";
    reco_po cat;
    reco_error err = {0};
    assert_int_equal(reco_po_parse(po, sizeof po - 1, &cat, &err), RECO_OK);
    assert_int_equal(cat.n, 4); /* Sign in, Quote, Empty, {{n}} file */
    const reco_po_entry *e = reco_po_find(&cat, "Sign in");
    assert_non_null(e);
    assert_string_equal(e->msgstr[0], "Se connecter");
    e = reco_po_find(&cat, "Quote \"q\" and\\ tab\t");
    assert_non_null(e);
    assert_string_equal(e->msgstr[0], "Guillemet \"q\"");
    assert_null(reco_po_find(&cat, "Fuzzy"));
    assert_null(reco_po_find(&cat, "Open"));
    assert_null(reco_po_find(&cat, "Old"));
    e = reco_po_find(&cat, "Empty");
    assert_non_null(e);
    assert_null(e->msgstr[0]);
    e = reco_po_find(&cat, "{{n}} file");
    assert_string_equal(e->plural, "{{n}} files");
    assert_string_equal(e->msgstr[1], "{{n}} fichiers");
    reco_po_release(&cat);

    static const struct {
        const char *po;
        reco_code code;
        const char *msg;
    } bad[] = {
        {"msgid \"a\"\n", RECO_EPARSE, "without msgstr"},
        {"msgstr \"a\"\n", RECO_EPARSE, "line 1: msgstr without msgid"},
        {"msgid \"a\nmsgstr \"b\"\n", RECO_EPARSE, "line 1: unterminated"},
        {"msgid \"a\" x\nmsgstr \"b\"\n", RECO_EPARSE, "text after"},
        {"msgid \"a\\q\"\nmsgstr \"b\"\n", RECO_EPARSE, "unknown escape"},
        {"msgid \"a\"\nmsgstr \"b\"\nbogus\n", RECO_EPARSE, "line 3: unknown keyword"},
        {"\"a\"\n", RECO_EPARSE, "without a keyword"},
        {"msgid \"a\"\nmsgstr \"b\"\nmsgid \"a\"\nmsgstr \"c\"\n", RECO_ECONFLICT, "twice"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        reco_error e2 = {0};
        assert_int_equal(reco_po_parse(bad[i].po, strlen(bad[i].po), &cat, &e2), bad[i].code);
        if (!strstr(e2.msg, bad[i].msg))
            fail_msg("case %zu: %s", i, e2.msg);
    }
}

/* Every {{#t}}...{{/t}} and {{#t:x}}a|b{{/t:x}} of every embedded template. */
static void each_template_string(void (*fn)(const char *path, const char *id, const char *pl))
{
    size_t n;
    const web_asset *list = web_assets_list(&n);
    for (size_t i = 0; i < n; i++) {
        if (strncmp(list[i].path, "templates/", 10) != 0)
            continue;
        const char *s = list[i].data;
        while ((s = strstr(s, "{{#t")) != NULL) {
            const char *open_end = strstr(s, "}}");
            assert_non_null(open_end);
            if (s[4] != '}' && s[4] != ':') {
                s += 4;
                continue;
            }
            char close[160];
            snprintf(close, sizeof close, "{{/%.*s}}", (int)(open_end - s - 3), s + 3);
            const char *body = open_end + 2, *end = strstr(body, close);
            assert_non_null(end);
            char id[1024] = "", pl[1024] = "";
            const char *bar = s[4] == ':' ? memchr(body, '|', (size_t)(end - body)) : NULL;
            snprintf(id, sizeof id, "%.*s", (int)((bar ? bar : end) - body), body);
            if (bar)
                snprintf(pl, sizeof pl, "%.*s", (int)(end - bar - 1), bar + 1);
            fn(list[i].path, id, bar ? pl : NULL);
            s = end;
        }
    }
}

static reco_po fr, en;

static void check_string(const char *path, const char *id, const char *pl)
{
    const reco_po_entry *f = reco_po_find(&fr, id), *e = reco_po_find(&en, id);
    if (!f || !f->msgstr[0] || !e)
        fail_msg("%s: \"%s\" is missing from po/fr.po or po/en.po", path, id);
    if (pl && (!f->plural || strcmp(f->plural, pl) != 0 || !f->msgstr[1]))
        fail_msg("%s: \"%s\" needs msgid_plural \"%s\" and msgstr[1] in po/fr.po", path, id, pl);
}

static void catalogues_cover_the_templates(void **state)
{
    (void)state;
    reco_error err = {0};
    assert_int_equal(reco_i18n_init(&err), RECO_OK);
    const web_asset *a = web_asset_find("po/fr.po"), *b = web_asset_find("po/en.po");
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(reco_po_parse(a->data, a->len, &fr, &err), RECO_OK);
    assert_int_equal(reco_po_parse(b->data, b->len, &en, &err), RECO_OK);
    each_template_string(check_string);
    /* Every translation is a valid template (they may hold {{name}} tags). */
    reco_mustache *m = NULL;
    assert_int_equal(reco_mustache_new(&m, NULL), RECO_OK);
    const reco_po *cats[] = {&fr, &en};
    for (size_t c = 0; c < 2; c++) {
        for (size_t i = 0; i < cats[c]->n; i++) {
            for (int k = 0; k < 2; k++) {
                const char *t = cats[c]->entry[i].msgstr[k];
                if (t && reco_mustache_add(m, "x", t, strlen(t), &err))
                    fail_msg("translation of \"%s\": %s", cats[c]->entry[i].msgid, err.msg);
            }
        }
    }
    reco_mustache_free(m);
    /* The same msgids in both catalogues. */
    assert_int_equal(fr.n, en.n);
    for (size_t i = 0; i < fr.n; i++)
        assert_string_equal(fr.entry[i].msgid, en.entry[i].msgid);
    reco_po_release(&fr);
    reco_po_release(&en);
}

static void lookups(void **state)
{
    (void)state;
    assert_string_equal(reco_i18n_text(RECO_LANG_FR, "Log in"), "Se connecter");
    assert_string_equal(reco_i18n_text(RECO_LANG_EN, "Log in"), "Log in");
    assert_string_equal(reco_i18n_text(RECO_LANG_FR, "No such string"), "No such string");
    assert_string_equal(reco_i18n_ntext(RECO_LANG_FR, "{{count}} award", "{{count}} awards", 1),
                        "{{count}} attribution");
    assert_string_equal(reco_i18n_ntext(RECO_LANG_FR, "{{count}} award", "{{count}} awards", 0),
                        "{{count}} attribution");
    assert_string_equal(reco_i18n_ntext(RECO_LANG_FR, "{{count}} award", "{{count}} awards", 5),
                        "{{count}} attributions");
    assert_string_equal(reco_i18n_ntext(RECO_LANG_EN, "{{count}} award", "{{count}} awards", 0),
                        "{{count}} awards");
    assert_string_equal(reco_i18n_ntext(RECO_LANG_FR, "one thing", "many things", 3),
                        "many things");
    assert_string_equal(reco_i18n_code(RECO_LANG_FR), "fr");
    assert_string_equal(reco_i18n_code(RECO_LANG_EN), "en");
}

static void negotiation(void **state)
{
    (void)state;
    static const struct {
        const char *cookie, *accept, *pref;
        reco_lang want;
    } cases[] = {
        {NULL, NULL, NULL, RECO_LANG_FR},
        {NULL, "en-US,en;q=0.9", NULL, RECO_LANG_EN},
        {NULL, "de-DE, en;q=0.5, fr;q=0.8", NULL, RECO_LANG_FR},
        {NULL, "de-DE, fr;q=0.4, en;q=0.5", NULL, RECO_LANG_EN},
        {NULL, "en;q=0.5, fr;q=0.5", NULL, RECO_LANG_EN}, /* tie: the earlier */
        {NULL, "fr;q=0, en;q=0.1", NULL, RECO_LANG_EN},
        {NULL, "fr;q=0, *", NULL, RECO_LANG_EN},
        {NULL, "*", NULL, RECO_LANG_FR},
        {NULL, "de, es", NULL, RECO_LANG_FR},
        {NULL, "en;q=2, fr;q=0.1", NULL, RECO_LANG_FR}, /* a bad q skips the range */
        {NULL, "en;q=0.5x, fr;q=0.1", NULL, RECO_LANG_FR},
        {NULL, "EN-gb", NULL, RECO_LANG_EN},
        {NULL, "english", NULL, RECO_LANG_FR},
        {NULL, " , ;, en ; q=0.7 ", NULL, RECO_LANG_EN},
        {"sid=abc; lang=en", "fr", NULL, RECO_LANG_EN},
        {"lang=\"en\"", "fr", NULL, RECO_LANG_EN},
        {"xlang=en; lang=xx", "en", NULL, RECO_LANG_EN},
        {"lang=fr", "en", NULL, RECO_LANG_FR},
        {"lang=fr", "en", "en", RECO_LANG_EN},
        {"lang=en", "en", "fr-FR", RECO_LANG_FR},
        {NULL, "en", "klingon", RECO_LANG_EN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reco_lang got = reco_i18n_negotiate(cases[i].cookie, cases[i].accept, cases[i].pref);
        if (got != cases[i].want)
            fail_msg("case %zu (%s | %s | %s): got %s", i, cases[i].cookie ? cases[i].cookie : "",
                     cases[i].accept ? cases[i].accept : "", cases[i].pref ? cases[i].pref : "",
                     reco_i18n_code(got));
    }
    /* Past the byte limit nothing is read. */
    char big[RECO_I18N_MAX_ACCEPT + 16];
    memset(big, ' ', sizeof big);
    memcpy(big + RECO_I18N_MAX_ACCEPT + 4, "en", 2);
    big[sizeof big - 1] = '\0';
    assert_int_equal(reco_i18n_negotiate(NULL, big, NULL), RECO_LANG_FR);
}

static void dates_and_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *when, *fr, *en;
    } dates[] = {
        {"2026-11-22T10:00:00Z", "22 novembre 2026", "November 22, 2026"},
        {"2026-02-01T23:59:59Z", "1er février 2026", "February 1, 2026"},
        {"2026-08-15T00:00:00+02:00", "14 août 2026", "August 14, 2026"},
        {"0001-01-01T00:00:00Z", "1er janvier 1", "January 1, 1"},
    };
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        reco_time t;
        reco_buf b;
        reco_buf_init(&b, 0);
        assert_int_equal(reco_time_parse(dates[i].when, strlen(dates[i].when), true, &t, NULL),
                         RECO_OK);
        assert_int_equal(reco_i18n_format_date(RECO_LANG_FR, &t, &b), RECO_OK);
        assert_string_equal(b.data, dates[i].fr);
        reco_buf_clear(&b);
        assert_int_equal(reco_i18n_format_date(RECO_LANG_EN, &t, &b), RECO_OK);
        assert_string_equal(b.data, dates[i].en);
        reco_buf_release(&b);
    }
    static const struct {
        long long n;
        const char *fr, *en;
    } nums[] = {
        {0, "0", "0"},
        {999, "999", "999"},
        {1000,
         "1\xe2\x80\xaf"
         "000",
         "1,000"},
        {10000,
         "10\xe2\x80\xaf"
         "000",
         "10,000"},
        {-1234567,
         "-1\xe2\x80\xaf"
         "234\xe2\x80\xaf"
         "567",
         "-1,234,567"},
        {(long long)(-9223372036854775807LL - 1), NULL, "-9,223,372,036,854,775,808"},
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        reco_buf b;
        reco_buf_init(&b, 0);
        if (nums[i].fr) {
            assert_int_equal(reco_i18n_format_int(RECO_LANG_FR, nums[i].n, &b), RECO_OK);
            assert_string_equal(b.data, nums[i].fr);
            reco_buf_clear(&b);
        }
        assert_int_equal(reco_i18n_format_int(RECO_LANG_EN, nums[i].n, &b), RECO_OK);
        assert_string_equal(b.data, nums[i].en);
        reco_buf_release(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(po_reader),         cmocka_unit_test(catalogues_cover_the_templates),
        cmocka_unit_test(lookups),           cmocka_unit_test(negotiation),
        cmocka_unit_test(dates_and_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
