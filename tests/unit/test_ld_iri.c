/*
 * test_ld_iri.c - IRI reference resolution (RFC 3986 §5.4 examples, normal and abnormal), the
 * absolute-IRI test and keyword forms used by JSON-LD expansion.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ld/ld_internal.h"

#include <string.h>

#define BASE "http://a/b/c/d;p?q"

static const char *const cases[][2] = {
    /* RFC 3986 §5.4.1 normal examples */
    {"g:h", "g:h"},
    {"g", "http://a/b/c/g"},
    {"./g", "http://a/b/c/g"},
    {"g/", "http://a/b/c/g/"},
    {"/g", "http://a/g"},
    {"//g", "http://g"},
    {"?y", "http://a/b/c/d;p?y"},
    {"g?y", "http://a/b/c/g?y"},
    {"#s", "http://a/b/c/d;p?q#s"},
    {"g#s", "http://a/b/c/g#s"},
    {"g?y#s", "http://a/b/c/g?y#s"},
    {";x", "http://a/b/c/;x"},
    {"g;x", "http://a/b/c/g;x"},
    {"g;x?y#s", "http://a/b/c/g;x?y#s"},
    {"", "http://a/b/c/d;p?q"},
    {".", "http://a/b/c/"},
    {"./", "http://a/b/c/"},
    {"..", "http://a/b/"},
    {"../", "http://a/b/"},
    {"../g", "http://a/b/g"},
    {"../..", "http://a/"},
    {"../../", "http://a/"},
    {"../../g", "http://a/g"},
    /* §5.4.2 abnormal examples */
    {"../../../g", "http://a/g"},
    {"../../../../g", "http://a/g"},
    {"/./g", "http://a/g"},
    {"/../g", "http://a/g"},
    {"g.", "http://a/b/c/g."},
    {".g", "http://a/b/c/.g"},
    {"g..", "http://a/b/c/g.."},
    {"..g", "http://a/b/c/..g"},
    {"./../g", "http://a/b/g"},
    {"./g/.", "http://a/b/c/g/"},
    {"g/./h", "http://a/b/c/g/h"},
    {"g/../h", "http://a/b/c/h"},
    {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
    {"g;x=1/../y", "http://a/b/c/y"},
    {"g?y/./x", "http://a/b/c/g?y/./x"},
    {"g?y/../x", "http://a/b/c/g?y/../x"},
    {"g#s/./x", "http://a/b/c/g#s/./x"},
    {"g#s/../x", "http://a/b/c/g#s/../x"},
    {"http:g", "http:g"},
};

static void test_rfc3986_examples(void **state)
{
    (void)state;
    reco_arena *a = reco_arena_new(0);
    assert_non_null(a);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *r = reco_ld_iri_resolve(a, BASE, cases[i][0]);
        assert_non_null(r);
        if (strcmp(r, cases[i][1]) != 0)
            fail_msg("resolving '%s': got '%s', expected '%s'", cases[i][0], r, cases[i][1]);
    }
    reco_arena_free(a);
}

static void test_base_without_path(void **state)
{
    (void)state;
    reco_arena *a = reco_arena_new(0);
    assert_string_equal(reco_ld_iri_resolve(a, "http://example.com", "foo"),
                        "http://example.com/foo");
    assert_string_equal(reco_ld_iri_resolve(a, "http://example.com?q", "#f"),
                        "http://example.com?q#f");
    /* no base, or a relative one: the reference is kept as it is */
    assert_string_equal(reco_ld_iri_resolve(a, NULL, "foo/../bar"), "foo/../bar");
    assert_string_equal(reco_ld_iri_resolve(a, "relative/base", "x"), "x");
    reco_arena_free(a);
}

static void test_absolute_and_keywords(void **state)
{
    (void)state;
    assert_true(reco_ld_iri_is_absolute("http://example.com/"));
    assert_true(reco_ld_iri_is_absolute("urn:uuid:1234"));
    assert_true(reco_ld_iri_is_absolute("did:key:z6Mk"));
    assert_false(reco_ld_iri_is_absolute("_:b0"));
    assert_false(reco_ld_iri_is_absolute("foo"));
    assert_false(reco_ld_iri_is_absolute("1http:x"));
    assert_false(reco_ld_iri_is_absolute("http://example.com/a b"));
    assert_true(reco_ld_iri_is_blank("_:b0"));
    assert_false(reco_ld_iri_is_blank("http:x"));
    assert_true(reco_ld_is_keyword("@id"));
    assert_true(reco_ld_is_keyword("@propagate"));
    assert_false(reco_ld_is_keyword("@ignoreMe"));
    assert_true(reco_ld_has_keyword_form("@ignoreMe"));
    assert_false(reco_ld_has_keyword_form("@"));
    assert_false(reco_ld_has_keyword_form("@foo.bar"));
    assert_false(reco_ld_has_keyword_form("foo"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc3986_examples),
        cmocka_unit_test(test_base_without_path),
        cmocka_unit_test(test_absolute_and_keywords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
