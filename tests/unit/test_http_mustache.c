/*
 * test_http_mustache.c - the renderer beyond the specification's data: escaping (quotes and
 * script in values), limits (self-including partials, deep contexts, the output cap, long
 * names, deep sections), parse errors with the template name and line, the translation
 * sections, list indexes, and the embedded templates: every one parses, and the layout with
 * a verification report renders in both languages with every outcome in words.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "http/i18n.h"
#include "http/web_assets.h"
#include "http/web_view.h"
#include "reco/mustache.h"

#include <stdlib.h>
#include <string.h>

static reco_mustache *set(const char *name, const char *src)
{
    reco_mustache *m = NULL;
    assert_int_equal(reco_mustache_new(&m, NULL), RECO_OK);
    if (name)
        assert_int_equal(reco_mustache_add(m, name, src, strlen(src), NULL), RECO_OK);
    return m;
}

/* Render src with the JSON text data; returns a malloc'ed string, or NULL with *rc set. */
static char *render(reco_mustache *m, const char *src, const char *data,
                    const reco_mustache_opts *opts, size_t cap, reco_code *rc, reco_error *err)
{
    json_t *ctx = data ? json_loads(data, 0, NULL) : NULL;
    reco_buf out;
    reco_buf_init(&out, cap);
    *rc = reco_mustache_add(m, "t0", src, strlen(src), err);
    if (!*rc)
        *rc = reco_mustache_render(m, "t0", ctx, opts, &out, err);
    json_decref(ctx);
    char *s = NULL;
    if (!*rc)
        s = reco_buf_detach(&out, NULL);
    reco_buf_release(&out);
    return s;
}

static void expect(const char *src, const char *data, const char *want)
{
    reco_mustache *m = set(NULL, NULL);
    reco_code rc;
    reco_error err = {0};
    char *s = render(m, src, data, NULL, 0, &rc, &err);
    if (rc)
        fail_msg("render failed: %s", err.msg);
    assert_string_equal(s, want);
    free(s);
    reco_mustache_free(m);
}

static void escaping_by_default(void **state)
{
    (void)state;
    expect("<p title=\"{{v}}\">{{v}}</p>", "{\"v\": \"<script>alert('x')</script>\\\"&\"}",
           "<p title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;\">"
           "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;</p>");
    expect("{{{v}}}|{{&v}}", "{\"v\": \"<b>\"}", "<b>|<b>");
    expect("{{n}} {{r}} {{b}} {{z}}", "{\"n\": 10000, \"r\": 1.5, \"b\": true, \"z\": null}",
           "10000 1.5 true ");
}

static void list_index_extension(void **state)
{
    (void)state;
    expect("{{#e.0}}<ul>{{/e.0}}{{#e}}<li>{{m}}</li>{{/e}}{{#e.0}}</ul>{{/e.0}}",
           "{\"e\": [{\"m\": \"a\"}, {\"m\": \"b\"}]}", "<ul><li>a</li><li>b</li></ul>");
    expect("{{#e.0}}<ul>{{/e.0}}x{{#e.0}}</ul>{{/e.0}}", "{\"e\": []}", "x");
    expect("{{e.1.m}}|{{e.9.m}}|{{e.x}}", "{\"e\": [{\"m\": \"a\"}, {\"m\": \"b\"}]}", "b||");
}

static void self_including_partial_is_an_error(void **state)
{
    (void)state;
    reco_mustache *m = set("loop", "a{{>loop}}");
    reco_code rc;
    reco_error err = {0};
    char *s = render(m, "{{>loop}}", "{}", NULL, 0, &rc, &err);
    assert_null(s);
    assert_int_equal(rc, RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "partials nested"));
    /* Two partials including each other. */
    assert_int_equal(reco_mustache_add(m, "a", "{{>b}}", 6, NULL), RECO_OK);
    assert_int_equal(reco_mustache_add(m, "b", "{{>a}}", 6, NULL), RECO_OK);
    s = render(m, "{{>a}}", NULL, NULL, 0, &rc, &err);
    assert_int_equal(rc, RECO_ELIMIT);
    /* A missing partial is nothing (the spec's rule), a missing template an error. */
    s = render(m, "[{{>nothing}}]", NULL, NULL, 0, &rc, &err);
    assert_string_equal(s, "[]");
    free(s);
    reco_buf out;
    reco_buf_init(&out, 0);
    assert_int_equal(reco_mustache_render(m, "nothing", NULL, NULL, &out, &err), RECO_ENOTFOUND);
    reco_buf_release(&out);
    reco_mustache_free(m);
}

static void deep_context_and_output_cap(void **state)
{
    (void)state;
    /* 100 nested objects, walked by a recursive partial: the context stack limit stops it. */
    json_t *root = json_object(), *cur = root;
    for (int i = 0; i < 100; i++) {
        json_t *n = json_object();
        json_object_set_new(cur, "c", n);
        cur = n;
    }
    reco_mustache *m = set("node", "{{#c}}.{{>node}}{{/c}}");
    reco_buf out;
    reco_buf_init(&out, 0);
    reco_error err = {0};
    assert_int_equal(reco_mustache_render(m, "node", root, NULL, &out, &err), RECO_ELIMIT);
    reco_buf_release(&out);
    json_decref(root);

    /* The output cap of the caller's buffer. */
    reco_code rc;
    char *s = render(m, "{{#l}}0123456789{{/l}}",
                     "{\"l\": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]}", NULL, 100,
                     &rc, &err);
    assert_null(s);
    assert_int_equal(rc, RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "exceeds the limit of 100 bytes"));
    reco_mustache_free(m);
}

static void parse_errors_name_template_and_line(void **state)
{
    (void)state;
    static const struct {
        const char *src;
        reco_code code;
        const char *msg;
    } bad[] = {
        {"a\n{{#s}}b\nc", RECO_EPARSE, "line 2: unclosed section"},
        {"a\nb {{name", RECO_EPARSE, "line 2: unclosed tag"},
        {"{{#a}}{{/b}}", RECO_EPARSE, "does not match"},
        {"{{/a}}", RECO_EPARSE, "without an open section"},
        {"{{ }}", RECO_EPARSE, "empty tag name"},
        {"{{=a=}}", RECO_EPARSE, "bad set-delimiter"},
        {"{{{a}}", RECO_EPARSE, "unclosed tag"},
    };
    reco_mustache *m = set(NULL, NULL);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        reco_error err = {0};
        assert_int_equal(reco_mustache_add(m, "page", bad[i].src, strlen(bad[i].src), &err),
                         bad[i].code);
        if (!strstr(err.msg, bad[i].msg) || !strstr(err.msg, "template 'page'"))
            fail_msg("case %zu: %s", i, err.msg);
    }
    assert_false(reco_mustache_has(m, "page"));
    /* Deep sections and long names. */
    reco_buf b;
    reco_buf_init(&b, 0);
    for (int i = 0; i <= RECO_MUSTACHE_MAX_NESTING; i++)
        reco_buf_puts(&b, "{{#a}}");
    reco_error err = {0};
    assert_int_equal(reco_mustache_add(m, "deep", b.data, b.len, &err), RECO_ELIMIT);
    reco_buf_clear(&b);
    reco_buf_puts(&b, "{{");
    for (int i = 0; i < RECO_MUSTACHE_MAX_NAME + 1; i++)
        reco_buf_putc(&b, 'x');
    reco_buf_puts(&b, "}}");
    assert_int_equal(reco_mustache_add(m, "long", b.data, b.len, &err), RECO_ELIMIT);
    reco_buf_release(&b);
    reco_mustache_free(m);
}

static void replacing_a_template(void **state)
{
    (void)state;
    reco_mustache *m = set("x", "one");
    assert_int_equal(reco_mustache_add(m, "x", "two", 3, NULL), RECO_OK);
    reco_buf out;
    reco_buf_init(&out, 0);
    assert_int_equal(reco_mustache_render(m, "x", NULL, NULL, &out, NULL), RECO_OK);
    assert_string_equal(out.data, "two");
    reco_buf_release(&out);
    reco_mustache_free(m);
}

static void translations(void **state)
{
    (void)state;
    reco_mustache *m = set(NULL, NULL);
    reco_mustache_opts fr = reco_i18n_opts(RECO_LANG_FR), en = reco_i18n_opts(RECO_LANG_EN);
    reco_code rc;
    reco_error err = {0};
    char *s = render(m, "<a>{{#t}}Log in{{/t}}</a>", "{}", &fr, 0, &rc, &err);
    assert_string_equal(s, "<a>Se connecter</a>");
    free(s);
    s = render(m, "<a>{{#t}}Log in{{/t}}</a>", "{}", &en, 0, &rc, &err);
    assert_string_equal(s, "<a>Log in</a>");
    free(s);
    /* A translation holding a tag is rendered with the context, escaped. */
    s = render(m, "{{#t}}Hello {{name}}{{/t}}", "{\"name\": \"<Zoé>\"}", &fr, 0, &rc, &err);
    assert_string_equal(s, "Bonjour &lt;Zoé&gt;");
    free(s);
    /* Plural forms: French n > 1, English n != 1. */
    const char *tpl = "{{#t:count}}{{count}} award|{{count}} awards{{/t:count}}";
    const struct {
        const reco_mustache_opts *o;
        const char *data, *want;
    } cases[] = {
        {&fr, "{\"count\": 0}", "0 attribution"},  {&fr, "{\"count\": 1}", "1 attribution"},
        {&fr, "{\"count\": 2}", "2 attributions"}, {&en, "{\"count\": 0}", "0 awards"},
        {&en, "{\"count\": 1}", "1 award"},        {&en, "{\"count\": 2}", "2 awards"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        s = render(m, tpl, cases[i].data, cases[i].o, 0, &rc, &err);
        assert_string_equal(s, cases[i].want);
        free(s);
    }
    /* An unknown string shows its source; without a translator "t" is an ordinary name. */
    s = render(m, "{{#t}}Not in the catalogue{{/t}}", "{}", &fr, 0, &rc, &err);
    assert_string_equal(s, "Not in the catalogue");
    free(s);
    s = render(m, "[{{#t}}Log in{{/t}}]", "{}", NULL, 0, &rc, &err);
    assert_string_equal(s, "[]");
    free(s);
    reco_mustache_free(m);
}

static reco_mustache *embedded(void)
{
    reco_mustache *m = set(NULL, NULL);
    reco_error err = {0};
    if (web_templates_load(m, &err))
        fail_msg("embedded templates: %s", err.msg);
    return m;
}

static void embedded_templates_parse(void **state)
{
    (void)state;
    reco_mustache *m = embedded();
    assert_true(reco_mustache_has(m, "layout"));
    assert_true(reco_mustache_has(m, "partials/report"));
    assert_true(reco_mustache_has(m, "partials/field_text"));
    assert_false(reco_mustache_has(m, "partials/report.mustache"));
    reco_mustache_free(m);
}

static const char report_json[] =
    "{\"input\": \"badge.png\", \"kind\": \"ob3-data-integrity\", \"valid\": false,"
    " \"checks\": [{\"name\": \"proof\", \"status\": \"passed\", \"message\": \"eddsa ok\"},"
    "  {\"name\": \"status\", \"status\": \"failed\", \"message\": \"revoked <b>\"},"
    "  {\"name\": \"valid-until\", \"status\": \"warning\", \"message\": \"expires soon\"},"
    "  {\"name\": \"issuer-key\", \"status\": \"not-checked\", \"message\": \"offline\"},"
    "  {\"name\": \"x-new\", \"status\": \"passed\", \"message\": \"new check\"}],"
    " \"summary\": {\"issuer-name\": \"Région\", \"valid-from\": \"2026-11-01T10:00:00Z\","
    "  \"entries\": \"131072\"},"
    " \"nested\": [{\"label\": \"endorsement 1 of the issuer\", \"input\": \"e\", \"kind\": \"k\", "
    "\"valid\": "
    "true,"
    "   \"checks\": [{\"name\": \"proof\", \"status\": \"passed\", \"message\": \"ok\"}]}]}";

static char *page_with_report(reco_mustache *m, reco_lang lang)
{
    json_t *report = json_loads(report_json, 0, NULL);
    json_t *ctx = web_page_context(lang, "Vérifier <x>", "partials/report");
    json_t *view = web_report_view(report, lang);
    assert_non_null(ctx);
    assert_non_null(view);
    json_object_update(ctx, view);
    web_flash_add(ctx, "error", "oops <i>");
    web_error_add(ctx, "url", "enter a URL");
    reco_buf out;
    reco_buf_init(&out, 1u << 20);
    reco_error err = {0};
    if (web_render(m, lang, "layout", ctx, &out, &err))
        fail_msg("layout: %s", err.msg);
    json_decref(view);
    json_decref(ctx);
    json_decref(report);
    char *s = reco_buf_detach(&out, NULL);
    reco_buf_release(&out);
    return s;
}

static void layout_with_report(void **state)
{
    (void)state;
    reco_mustache *m = embedded();
    char *fr = page_with_report(m, RECO_LANG_FR);
    const char *want_fr[] = {"<html lang=\"fr\">",
                             "<title>Vérifier &lt;x&gt; · reco</title>",
                             "href=\"#main\"",
                             "<main id=\"main\"",
                             "<nav class=\"site-nav\" aria-label=\"Menu principal\">",
                             "href=\"?lang=en\" hreflang=\"en\" lang=\"en\">English</a>",
                             "Erreur\xc2\xa0:</strong>",
                             "oops &lt;i&gt;",
                             "<li><a href=\"#url\">enter a URL</a></li>",
                             "Ce badge n’a pas pu être vérifié",
                             "Réussie",
                             "Échouée",
                             "Avertissement",
                             "Vérification impossible",
                             "revoked &lt;b&gt;",
                             "<dt>Émetteur</dt><dd>Région</dd>",
                             "<time datetime=\"2026-11-01T10:00:00Z\">1er novembre 2026</time>",
                             "<dd>131\xe2\x80\xaf"
                             "072</dd>",
                             "Statut de révocation",
                             "Révoqué : l’émetteur a retiré ce badge.",
                             "Preuve cryptographique",
                             "Détail technique : <span lang=\"en\">revoked &lt;b&gt;</span>",
                             "<code>x-new</code>",
                             "<span lang=\"en\">new check</span>",
                             "1 recommandation ou attestation imbriquée",
                             "— Recommandation 1 de l’émetteur",
                             "id=\"report-1-title\"",
                             "</footer>"};
    for (size_t i = 0; i < sizeof want_fr / sizeof want_fr[0]; i++)
        if (!strstr(fr, want_fr[i]))
            fail_msg("missing in the French page: %s\n%s", want_fr[i], fr);
    /* The nested report has no summary of its own: it must not show its parent's. */
    assert_null(strstr(strstr(fr, "report-1-title"), "Région"));
    free(fr);
    char *en = page_with_report(m, RECO_LANG_EN);
    const char *want_en[] = {"<html lang=\"en\">",
                             "Skip to main content",
                             "Could not check",
                             "hreflang=\"fr\" lang=\"fr\">Français</a>",
                             "1 endorsement or nested credential",
                             "Revoked: the issuer has withdrawn this badge.",
                             "<time datetime=\"2026-11-01T10:00:00Z\">November 1, 2026</time>",
                             "<dd>131,072</dd>",
                             "— Endorsement 1 of the issuer"};
    for (size_t i = 0; i < sizeof want_en / sizeof want_en[0]; i++)
        if (!strstr(en, want_en[i]))
            fail_msg("missing in the English page: %s", want_en[i]);
    free(en);
    reco_mustache_free(m);
}

/* The verify page's field in error says so itself: aria-invalid and aria-describedby to its
 * message and to the library's detail (marked lang="en"); the other fields do not. */
static void verify_field_error(void **state)
{
    (void)state;
    reco_mustache *m = embedded();
    json_t *ctx =
        json_pack("{s:n, s:s, s:s, s:b, s:b, s:b, s:s, s:s}", "report", "field_error",
                  "Aucun badge", "detail", "fetch failed", "invalid_file", 0, "invalid_url", 1,
                  "invalid_text", 0, "url_value", "https://x", "text_value", "");
    reco_buf out;
    reco_buf_init(&out, 0);
    assert_int_equal(web_render(m, RECO_LANG_FR, "public/verify", ctx, &out, NULL), RECO_OK);
    assert_non_null(strstr(
        out.data, "aria-describedby=\"url-hint url-error verify-detail\" aria-invalid=\"true\""));
    assert_non_null(strstr(out.data, "<p class=\"error-message\" id=\"url-error\">"));
    assert_non_null(strstr(out.data, "<span lang=\"en\">fetch failed</span>"));
    assert_non_null(strstr(out.data, "aria-describedby=\"text-hint\">"));
    assert_null(strstr(out.data, "file-error"));
    reco_buf_release(&out);
    json_decref(ctx);
    reco_mustache_free(m);
}

static void form_field_partial(void **state)
{
    (void)state;
    reco_mustache *m = embedded();
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "id", "email", "name", "email",
                            "label", "E-mail", "type", "email", "value", "\"><script>", "error",
                            "Enter an e-mail", "required", 1);
    reco_buf out;
    reco_buf_init(&out, 0);
    assert_int_equal(web_render(m, RECO_LANG_EN, "partials/field_text", ctx, &out, NULL), RECO_OK);
    assert_non_null(strstr(out.data, "<label for=\"email\">E-mail"));
    assert_non_null(strstr(out.data, "value=\"&quot;&gt;&lt;script&gt;\""));
    assert_non_null(strstr(out.data, "aria-invalid=\"true\""));
    assert_non_null(strstr(out.data, "aria-describedby=\"email-error\""));
    assert_non_null(strstr(out.data, "type=\"email\""));
    reco_buf_release(&out);
    json_decref(ctx);
    reco_mustache_free(m);
}

static void inheritance(void **state)
{
    (void)state;
    reco_mustache *m = set("base", "<title>{{$title}}reco{{/title}}</title>{{$body}}{{/body}}");
    reco_code rc;
    reco_error err = {0};
    char *s =
        render(m, "{{<base}}{{$title}}{{name}}{{/title}}{{$body}}<p>{{name}}</p>{{/body}}{{/base}}",
               "{\"name\": \"<x>\"}", NULL, 0, &rc, &err);
    assert_string_equal(s, "<title>&lt;x&gt;</title><p>&lt;x&gt;</p>");
    free(s);
    s = render(m, "{{<base}}{{/base}}", "{}", NULL, 0, &rc, &err);
    assert_string_equal(s, "<title>reco</title>");
    free(s);
    /* A parent that is its own parent ends with a limit, not a crash. */
    assert_int_equal(reco_mustache_add(m, "self", "{{<self}}{{/self}}", 18, NULL), RECO_OK);
    s = render(m, "{{<self}}{{/self}}", "{}", NULL, 0, &rc, &err);
    assert_null(s);
    assert_int_equal(rc, RECO_ELIMIT);
    reco_mustache_free(m);
}

static void switch_url(void **state)
{
    (void)state;
    static const struct {
        const char *path, *query, *want;
    } cases[] = {
        {"/verify", NULL, "/verify?"},
        {"/verify", "", "/verify?"},
        {"/verify", "lang=fr", "/verify?"},
        {"/b", "q=a%20b&lang=en&page=2", "/b?q=a%20b&page=2&"},
        {"/b", "language=x&&lang", "/b?language=x&"},
        {NULL, "x=1", "/?x=1&"},
        {"http://evil", NULL, "/?"},
        {"//evil.example/x", NULL, "/?"},
        {"/\\evil.example", NULL, "/?"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reco_buf b;
        reco_buf_init(&b, 0);
        assert_int_equal(web_switch_url(cases[i].path, cases[i].query, &b), RECO_OK);
        assert_string_equal(b.data, cases[i].want);
        reco_buf_release(&b);
    }
}

static void static_assets(void **state)
{
    (void)state;
    const web_asset *css = web_static_find("reco.css");
    assert_non_null(css);
    assert_string_equal(css->path, "static/reco.css");
    assert_string_equal(css->ctype, "text/css; charset=utf-8");
    assert_int_equal(strlen(css->etag), 18);
    assert_true(css->etag[0] == '"' && css->etag[17] == '"');
    assert_int_equal(css->data[css->len], '\0');
    const web_asset *svg = web_static_find("logo.svg");
    assert_non_null(svg);
    assert_string_equal(svg->ctype, "image/svg+xml");
    assert_non_null(web_static_find("favicon.svg"));
    /* Only static files are served. */
    assert_null(web_static_find("../templates/layout.mustache"));
    assert_null(web_static_find("/etc/passwd"));
    assert_null(web_static_find(""));
    assert_null(web_static_find(NULL));
    assert_null(web_static_find("nothing.css"));
    assert_non_null(web_asset_find("templates/layout.mustache"));
    /* The table is sorted (bsearch) by path. */
    size_t n;
    const web_asset *list = web_assets_list(&n);
    for (size_t i = 1; i < n; i++)
        assert_true(strcmp(list[i - 1].path, list[i].path) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escaping_by_default),
        cmocka_unit_test(list_index_extension),
        cmocka_unit_test(self_including_partial_is_an_error),
        cmocka_unit_test(deep_context_and_output_cap),
        cmocka_unit_test(parse_errors_name_template_and_line),
        cmocka_unit_test(replacing_a_template),
        cmocka_unit_test(translations),
        cmocka_unit_test(embedded_templates_parse),
        cmocka_unit_test(layout_with_report),
        cmocka_unit_test(form_field_partial),
        cmocka_unit_test(verify_field_error),
        cmocka_unit_test(static_assets),
        cmocka_unit_test(switch_url),
        cmocka_unit_test(inheritance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
