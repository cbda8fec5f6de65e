/*
 * test_ld_expand.c - JSON-LD expansion of Open Badges 3.0 credentials with the bundled
 * contexts, safe mode, the context cache, errors and limits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ld/ld_internal.h"
#include "reco/json.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OBV  "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
#define CRED "https://www.w3.org/2018/credentials#"

static const char basic_credential[] =
    "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\","
    "  \"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],"
    " \"id\": \"http://example.com/credentials/3527\","
    " \"type\": [\"VerifiableCredential\", \"OpenBadgeCredential\"],"
    " \"issuer\": {\"id\": \"https://example.com/issuers/876543\", \"type\": [\"Profile\"],"
    "            \"name\": \"Example Corp\"},"
    " \"validFrom\": \"2010-01-01T00:00:00Z\","
    " \"name\": \"Teamwork Badge\","
    " \"credentialSubject\": {\"id\": \"did:example:ebfeb1f712ebc6f1c276e12ec21\","
    "   \"type\": [\"AchievementSubject\"],"
    "   \"achievement\": {\"id\": \"https://example.com/achievements/teamwork\","
    "     \"type\": [\"Achievement\"],"
    "     \"criteria\": {\"narrative\": \"Nominated by peers.\"},"
    "     \"description\": \"Collaboration.\", \"name\": \"Teamwork\"}}}";

typedef struct fixture {
    reco_ld_loader *loader;
    reco_ld_cache *cache;
    reco_ld_options opt;
    reco_error err;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->loader = reco_ld_loader_new();
    f->cache = reco_ld_cache_new(0);
    f->opt.loader = f->loader;
    f->opt.cache = f->cache;
    *state = f;
    return f->loader && f->cache ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    reco_ld_cache_free(f->cache);
    reco_ld_loader_free(f->loader);
    free(f);
    return 0;
}

static json_t *parse(const char *text)
{
    json_t *v = NULL;
    reco_error err;
    if (reco_json_parse(text, strlen(text), NULL, &v, &err) != RECO_OK)
        fail_msg("test input does not parse: %s", err.msg);
    return v;
}

static reco_code expand_text(fixture *f, const char *text, json_t **out)
{
    json_t *doc = parse(text);
    reco_error_clear(&f->err);
    reco_code rc = reco_ld_expand(doc, &f->opt, out, &f->err);
    json_decref(doc);
    return rc;
}

/* The first value of property prop in node (an expanded node object). */
static json_t *first(const json_t *node, const char *prop)
{
    return json_array_get(json_object_get(node, prop), 0);
}

static bool has_string(const json_t *arr, const char *s)
{
    size_t i;
    const json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
            return true;
    }
    return false;
}

static void test_ob3_basic_credential(void **state)
{
    fixture *f = *state;
    json_t *out = NULL;
    assert_int_equal(expand_text(f, basic_credential, &out), RECO_OK);
    assert_true(json_is_array(out));
    assert_int_equal(json_array_size(out), 1);
    json_t *vc = json_array_get(out, 0);
    assert_string_equal(json_string_value(json_object_get(vc, "@id")),
                        "http://example.com/credentials/3527");
    json_t *types = json_object_get(vc, "@type");
    assert_true(has_string(types, CRED "VerifiableCredential"));
    assert_true(has_string(types, OBV "OpenBadgeCredential"));
    /* validFrom is typed xsd:dateTime by the VC 2.0 context */
    json_t *vf = first(vc, CRED "validFrom");
    assert_non_null(vf);
    assert_string_equal(json_string_value(json_object_get(vf, "@value")), "2010-01-01T00:00:00Z");
    assert_string_equal(json_string_value(json_object_get(vf, "@type")),
                        "http://www.w3.org/2001/XMLSchema#dateTime");
    /* issuer is an @id-typed node */
    json_t *issuer = first(vc, CRED "issuer");
    assert_string_equal(json_string_value(json_object_get(issuer, "@id")),
                        "https://example.com/issuers/876543");
    assert_true(has_string(json_object_get(issuer, "@type"), OBV "Profile"));
    /* the type-scoped context of AchievementSubject defines achievement */
    json_t *subject = first(vc, CRED "credentialSubject");
    assert_non_null(subject);
    json_t *ach = first(subject, OBV "achievement");
    assert_non_null(ach);
    assert_true(has_string(json_object_get(ach, "@type"), OBV "Achievement"));
    /* the OB 3.0 context maps "criteria" to the IRI ending in #Criteria */
    json_t *crit = first(ach, OBV "Criteria");
    assert_non_null(crit);
    json_t *narr = first(crit, OBV "narrative");
    assert_non_null(narr);
    assert_string_equal(json_string_value(json_object_get(narr, "@value")), "Nominated by peers.");
    json_decref(out);
}

static void test_spec_examples_expand_in_safe_mode(void **state)
{
    fixture *f = *state;
    if (!test_vectors_dir()) {
        skip();
        return;
    }
    static const char *const files[] = {
        "ob3-examples/1edtech-spec-examples/basic-openbadgecredential.json",
        "ob3-examples/1edtech-spec-examples/complete-openbadgecredential.json",
        "ob3-examples/1edtech-spec-examples/endorsementcredential.json",
        "ob3-examples/1edtech-spec-ldp-vectors/obv3p0-signed.json",
    };
    f->opt.safe = true;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        json_t *doc = NULL, *out = NULL;
        reco_error err;
        if (reco_json_read_file(test_vector_path(files[i]), NULL, &doc, &err) != RECO_OK)
            continue; /* not every copy of the vectors has every file */
        reco_code rc = reco_ld_expand(doc, &f->opt, &out, &f->err);
        if (rc != RECO_OK)
            fail_msg("%s: %s at %s", files[i], f->err.msg, f->err.path);
        assert_int_equal(json_array_size(out), 1);
        json_decref(out);
        json_decref(doc);
    }
}

static void test_safe_mode_undefined_property(void **state)
{
    fixture *f = *state;
    json_t *out = NULL;
    char text[4096];
    /* the same credential with an undefined property in the subject */
    const char *at = strstr(basic_credential, "\"type\": [\"AchievementSubject\"]");
    assert_non_null(at);
    snprintf(text, sizeof text, "%.*s\"foo\": \"bar\", %s", (int)(at - basic_credential),
             basic_credential, at);
    /* without safe mode the property is dropped */
    assert_int_equal(expand_text(f, text, &out), RECO_OK);
    json_t *subject = first(json_array_get(out, 0), CRED "credentialSubject");
    assert_int_equal(json_object_size(subject), 3); /* @id, @type, achievement */
    json_decref(out);
    out = NULL;
    f->opt.safe = true;
    assert_int_equal(expand_text(f, text, &out), RECO_EPARSE);
    assert_null(out);
    assert_string_equal(f->err.msg, "safe mode: the property 'foo' is not defined by the context");
    assert_string_equal(f->err.path, "/credentialSubject/foo");
}

static void test_safe_mode_relative_type_and_id(void **state)
{
    fixture *f = *state;
    json_t *out = NULL;
    f->opt.safe = true;
    assert_int_equal(expand_text(f,
                                 "{\"@context\": {\"name\": \"http://schema.org/name\"},"
                                 " \"@type\": \"Person\", \"name\": \"x\"}",
                                 &out),
                     RECO_EPARSE);
    assert_non_null(strstr(f->err.msg, "safe mode: the type 'Person'"));
    assert_int_equal(expand_text(f,
                                 "{\"@context\": {\"name\": \"http://schema.org/name\"},"
                                 " \"@id\": \"relative\", \"name\": \"x\"}",
                                 &out),
                     RECO_EPARSE);
    assert_non_null(strstr(f->err.msg, "safe mode: the @id 'relative'"));
    /* with a base the @id becomes absolute: accepted */
    f->opt.base = "https://example.com/doc";
    assert_int_equal(expand_text(f,
                                 "{\"@context\": {\"name\": \"http://schema.org/name\"},"
                                 " \"@id\": \"relative\", \"name\": \"x\"}",
                                 &out),
                     RECO_OK);
    assert_string_equal(json_string_value(json_object_get(json_array_get(out, 0), "@id")),
                        "https://example.com/relative");
    json_decref(out);
}

static void test_safe_mode_reserved_term_after_cache(void **state)
{
    fixture *f = *state;
    json_t *out = NULL;
    const char *text =
        "{\"@context\": {\"@vocab\": \"http://e.com/\", \"@reserved\": \"http://e.com/r\"},"
        " \"name\": \"x\"}";
    /* not safe: the keyword-like term is ignored, and the processed context is cached */
    assert_int_equal(expand_text(f, text, &out), RECO_OK);
    json_decref(out);
    /* safe: the same context is refused, whatever the cache holds */
    f->opt.safe = true;
    assert_int_equal(expand_text(f, text, &out), RECO_EPARSE);
    assert_string_equal(f->err.msg, "safe mode: the term '@reserved' has the form of a keyword");
}

static void test_safe_mode_free_floating(void **state)
{
    fixture *f = *state;
    json_t *out = NULL;
    const char *only_context = "{\"@context\": \"https://www.w3.org/ns/credentials/v2\"}";
    assert_int_equal(expand_text(f, only_context, &out), RECO_OK);
    assert_int_equal(json_array_size(out), 0);
    json_decref(out);
    f->opt.safe = true;
    assert_int_equal(expand_text(f, only_context, &out), RECO_EPARSE);
    assert_string_equal(f->err.msg, "safe mode: a free-floating empty object is dropped");
    assert_int_equal(expand_text(f, "{\"@graph\": [{\"@value\": 1}]}", &out), RECO_EPARSE);
    assert_string_equal(f->err.msg, "safe mode: a free-floating value is dropped");
    assert_int_equal(expand_text(f,
                                 "{\"http://e.com/p\": {\"@value\": \"x\", \"@language\": "
                                 "\"en_US\"}}",
                                 &out),
                     RECO_EPARSE);
    assert_string_equal(f->err.msg, "safe mode: the language tag 'en_US' is not well-formed");
    assert_int_equal(
        expand_text(f, "{\"http://e.com/p\": {\"@value\": null, \"@type\": \"http://e.com/t\"}}",
                    &out),
        RECO_EPARSE);
    assert_string_equal(f->err.msg, "safe mode: a value object with a null @value is dropped");
    /* a JSON literal has the keyword @json for type: accepted */
    assert_int_equal(expand_text(f,
                                 "{\"@context\": {\"j\": {\"@id\": \"http://e.com/j\", \"@type\": "
                                 "\"@json\"}}, \"@id\": \"http://e.com/s\", \"j\": {\"a\": [1]}}",
                                 &out),
                     RECO_OK);
    json_decref(out);
    assert_int_equal(expand_text(f,
                                 "{\"http://e.com/p\": {\"@value\": \"x\", \"@language\": "
                                 "\"zh-Hant-TW\"}}",
                                 &out),
                     RECO_OK);
    json_decref(out);
}

static void test_protected_term_redefinition(void **state)
{
    fixture *f = *state;
    json_t *out = NULL;
    assert_int_equal(expand_text(f,
                                 "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\","
                                 " {\"name\": \"http://example.com/name\"}],"
                                 " \"name\": \"x\"}",
                                 &out),
                     RECO_EPARSE);
    assert_null(out);
    assert_int_equal(strncmp(f->err.msg, "protected term redefinition", 27), 0);
}

static void test_cache_reuses_contexts(void **state)
{
    fixture *f = *state;
    json_t *a = NULL, *b = NULL;
    assert_int_equal(expand_text(f, basic_credential, &a), RECO_OK);
    size_t used = reco_arena_used(f->cache->arena);
    size_t entries = f->cache->nentries;
    assert_true(entries > 0);
    /* the same contexts again: nothing new is processed */
    assert_int_equal(expand_text(f, basic_credential, &b), RECO_OK);
    assert_int_equal(reco_arena_used(f->cache->arena), used);
    assert_int_equal(f->cache->nentries, entries);
    assert_true(json_equal(a, b));
    json_decref(a);
    json_decref(b);
    /* and without a cache the result is the same */
    json_t *c = NULL;
    f->opt.cache = NULL;
    assert_int_equal(expand_text(f, basic_credential, &c), RECO_OK);
    f->opt.cache = f->cache;
    assert_int_equal(expand_text(f, basic_credential, &a), RECO_OK);
    assert_true(json_equal(a, c));
    json_decref(a);
    json_decref(c);
}

static void test_cache_inline_context(void **state)
{
    fixture *f = *state;
    json_t *a = NULL, *b = NULL;
    assert_int_equal(expand_text(f,
                                 "{\"@context\": {\"@vocab\": \"http://e.com/\", \"n\": "
                                 "{\"@type\": \"@id\"}}, \"n\": \"x:1\"}",
                                 &a),
                     RECO_OK);
    size_t entries = f->cache->nentries;
    /* another document with the same inline context: found by its text */
    assert_int_equal(expand_text(f,
                                 "{\"@context\": {\"@vocab\": \"http://e.com/\", \"n\": "
                                 "{\"@type\": \"@id\"}}, \"n\": \"x:2\", \"m\": 1}",
                                 &b),
                     RECO_OK);
    assert_int_equal(f->cache->nentries, entries);
    json_t *n = json_array_get(json_object_get(json_array_get(b, 0), "http://e.com/n"), 0);
    assert_string_equal(json_string_value(json_object_get(n, "@id")), "x:2");
    json_decref(a);
    json_decref(b);
    /* a different inline context is processed anew */
    assert_int_equal(
        expand_text(f, "{\"@context\": {\"@vocab\": \"http://f.com/\"}, \"m\": 1}", &a), RECO_OK);
    assert_true(f->cache->nentries > entries);
    assert_non_null(json_object_get(json_array_get(a, 0), "http://f.com/m"));
    json_decref(a);
}

static void test_remote_context_missing(void **state)
{
    fixture *f = *state;
    json_t *out = NULL;
    assert_int_equal(
        expand_text(f, "{\"@context\": \"https://example.invalid/ctx.jsonld\", \"a\": 1}", &out),
        RECO_EPARSE);
    assert_int_equal(strncmp(f->err.msg, "loading remote context failed", 29), 0);
}

static void test_context_depth_limit(void **state)
{
    fixture *f = *state;
    json_t *out = NULL;
    /* three nested scoped contexts with a limit of two */
    const char *text = "{\"@context\": {\"@vocab\": \"http://e.com/\","
                       " \"a\": {\"@context\": {\"b\": {\"@context\": {\"c\": {\"@context\":"
                       " {\"d\": \"http://e.com/d\"}}}}}}},"
                       " \"a\": {\"b\": {\"c\": {\"d\": 1}}}}";
    f->opt.max_context_depth = 2;
    assert_int_equal(expand_text(f, text, &out), RECO_ELIMIT);
    assert_int_equal(strncmp(f->err.msg, "context overflow", 16), 0);
    f->opt.max_context_depth = 0;
    assert_int_equal(expand_text(f, text, &out), RECO_OK);
    json_decref(out);
}

static void test_small_cache_is_a_limit(void **state)
{
    fixture *f = *state;
    json_t *out = NULL;
    reco_ld_cache *tiny = reco_ld_cache_new(64 * 1024);
    assert_non_null(tiny);
    f->opt.cache = tiny;
    /* the OB 3.0 contexts do not fit in 64 KiB of processed contexts */
    assert_int_equal(expand_text(f, basic_credential, &out), RECO_ELIMIT);
    assert_null(out);
    assert_int_equal(strncmp(f->err.msg, "context overflow", 16), 0);
    f->opt.cache = f->cache;
    reco_ld_cache_free(tiny);
}

static void test_term_dependency_limit(void **state)
{
    fixture *f = *state;
    json_t *ctx = json_pack("{s:s}", "@vocab", "http://e.com/"), *out = NULL;
    char term[16], iri[24];
    /* t0 depends on t1, which depends on t2... 300 deep */
    for (int i = 0; i < 300; i++) {
        snprintf(term, sizeof term, "t%d", i);
        snprintf(iri, sizeof iri, "t%d:x", i + 1);
        json_object_set_new(ctx, term, json_string(iri));
    }
    json_t *doc = json_pack("{s:o,s:i}", "@context", ctx, "t0", 1);
    assert_int_equal(reco_ld_expand(doc, &f->opt, &out, &f->err), RECO_ELIMIT);
    assert_int_equal(strncmp(f->err.msg, "context overflow", 16), 0);
    assert_null(out);
    json_decref(doc);
}

static void test_expansion_depth_limit(void **state)
{
    fixture *f = *state;
    json_t *doc = json_object(), *cur = doc, *out = NULL;
    json_object_set_new(doc, "@context", json_pack("{s:s}", "@vocab", "http://e.com/"));
    for (int i = 0; i < 300; i++) {
        json_t *n = json_object();
        json_object_set_new(cur, "p", n);
        cur = n;
    }
    json_object_set_new(cur, "v", json_integer(1));
    assert_int_equal(reco_ld_expand(doc, &f->opt, &out, &f->err), RECO_ELIMIT);
    assert_null(out);
    json_decref(doc);
}

static void test_errors_name_the_code(void **state)
{
    fixture *f = *state;
    json_t *out = NULL;
    static const char *const cases[][2] = {
        {"{\"@id\": 5}", "invalid @id value"},
        {"{\"@context\": {\"@vocab\": 5}}", "invalid vocab mapping"},
        {"{\"@context\": {\"a\": {\"@id\": \"http://x/\", \"@container\": \"@bogus\"}}}",
         "invalid container mapping"},
        {"{\"@context\": {\"@id\": \"http://x/\"}}", "keyword redefinition"},
        {"{\"@context\": {\"a\": \"b:c\", \"b\": \"a:d\"}}", "cyclic IRI mapping"},
        {"{\"@context\": 5}", "invalid local context"},
        {"{\"http://x/p\": {\"@value\": \"a\", \"@language\": 5}}",
         "invalid language-tagged string"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(expand_text(f, cases[i][0], &out), RECO_EPARSE);
        if (strncmp(f->err.msg, cases[i][1], strlen(cases[i][1])) != 0)
            fail_msg("%s: got '%s', expected '%s'", cases[i][0], f->err.msg, cases[i][1]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ob3_basic_credential, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spec_examples_expand_in_safe_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_safe_mode_undefined_property, setup, teardown),
        cmocka_unit_test_setup_teardown(test_safe_mode_relative_type_and_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_safe_mode_reserved_term_after_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_safe_mode_free_floating, setup, teardown),
        cmocka_unit_test_setup_teardown(test_protected_term_redefinition, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cache_reuses_contexts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cache_inline_context, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remote_context_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_context_depth_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_small_cache_is_a_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_term_dependency_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expansion_depth_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_name_the_code, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
