/*
 * test_ld_loader.c - the bundled context table and the document loader: bundled first, maps
 * with their path checks, the fetch budget, the per-loader cache.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reco/json.h"
#include "reco/ld.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define REFUSED_PREFIX "loading document failed: "

/* ---------------------------------------------------------------- bundled table */

static void test_bundled_table_sorted_and_terminated(void **state)
{
    (void)state;
    size_t n = 0;
    const reco_ld_bundled *list = reco_ld_bundled_list(&n);
    assert_non_null(list);
    assert_true(n >= 20);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(list[i].url);
        assert_true(strncmp(list[i].url, "https://", 8) == 0);
        assert_true(list[i].len > 0);
        assert_int_equal(list[i].data[list[i].len], '\0');
        assert_int_equal(strlen(list[i].data), list[i].len);
        assert_non_null(strchr(list[i].source, '@'));
        /* bsearch needs strictly increasing URLs (which also means no URL twice). */
        if (i > 0)
            assert_true(strcmp(list[i - 1].url, list[i].url) < 0);
    }
}

static void test_bundled_find(void **state)
{
    (void)state;
    static const char *const want[] = {
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        "https://w3id.org/security/data-integrity/v2",
        "https://w3id.org/security/multikey/v1",
        "https://w3id.org/security/suites/ed25519-2020/v1",
        "https://www.w3.org/ns/credentials/status/v1",
        "https://w3id.org/vc/status-list/2021/v1",
        "https://www.w3.org/ns/did/v1",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const reco_ld_bundled *b = reco_ld_bundled_find(want[i]);
        assert_non_null(b);
        assert_string_equal(b->url, want[i]);
    }
    /* Exact match only: no prefix, no trailing slash, no other scheme. */
    assert_null(reco_ld_bundled_find("https://www.w3.org/ns/credentials/v"));
    assert_null(reco_ld_bundled_find("https://www.w3.org/ns/credentials/v2/"));
    assert_null(reco_ld_bundled_find("http://www.w3.org/ns/credentials/v2"));
    assert_null(reco_ld_bundled_find(""));
    assert_null(reco_ld_bundled_find(NULL));
}

static void test_bundled_parse_as_contexts(void **state)
{
    (void)state;
    size_t n = 0;
    const reco_ld_bundled *list = reco_ld_bundled_list(&n);
    for (size_t i = 0; i < n; i++) {
        json_t *doc = NULL;
        reco_error err;
        assert_int_equal(reco_json_parse(list[i].data, list[i].len, NULL, &doc, &err), RECO_OK);
        /* A context document has @context: a map, or an array (security v2 imports v1). */
        const json_t *ctx = json_object_get(doc, "@context");
        bool ok = json_is_object(ctx) || json_is_array(ctx);
        json_decref(doc);
        assert_true(ok);
    }
}

/* ---------------------------------------------------------------- loading */

static void test_load_bundled_is_cached(void **state)
{
    (void)state;
    reco_ld_loader *l = reco_ld_loader_new();
    const json_t *a = NULL, *b = NULL;
    reco_error err;
    assert_non_null(l);
    assert_int_equal(reco_ld_loader_load(l, "https://www.w3.org/ns/credentials/v2", &a, &err),
                     RECO_OK);
    assert_non_null(a);
    /* VC Data Model 2.0 context defines VerifiableCredential. */
    assert_non_null(json_object_get(json_object_get(a, "@context"), "VerifiableCredential"));
    assert_int_equal(reco_ld_loader_load(l, "https://www.w3.org/ns/credentials/v2", &b, &err),
                     RECO_OK);
    assert_ptr_equal(a, b);
    assert_int_equal(reco_ld_loader_load(
                         l, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", &b, &err),
                     RECO_OK);
    assert_ptr_not_equal(a, b);
    assert_non_null(json_object_get(json_object_get(b, "@context"), "OpenBadgeCredential"));
    reco_ld_loader_free(l);
    reco_ld_loader_free(NULL);
}

static void test_unknown_url_refused(void **state)
{
    (void)state;
    reco_ld_loader *l = reco_ld_loader_new();
    const json_t *doc = (const json_t *)l; /* must be reset */
    reco_error err;
    assert_int_equal(reco_ld_loader_load(l, "https://example.com/ctx.jsonld", &doc, &err),
                     RECO_ENOTFOUND);
    assert_null(doc);
    assert_int_equal(err.code, RECO_ENOTFOUND);
    assert_string_equal(err.msg, "loading document failed: https://example.com/ctx.jsonld is not "
                                 "a bundled context and fetching is not allowed");
    reco_ld_loader_free(l);
}

/* ---------------------------------------------------------------- maps */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void test_map(void **state)
{
    (void)state;
    char dir[] = "/tmp/reco-loader-XXXXXX";
    char sub[64], file[96], outside[64];
    reco_ld_loader *l = reco_ld_loader_new();
    const json_t *doc = NULL, *again = NULL;
    reco_error err;
    assert_non_null(mkdtemp(dir));
    snprintf(sub, sizeof sub, "%s/ctx", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(file, sizeof file, "%s/a.jsonld", sub);
    write_file(file, "{\"@context\": {\"a\": \"https://example.org/vocab#a\"}}");
    /* A file beside the mapped folder that ".." would reach. */
    snprintf(outside, sizeof outside, "%s/secret.json", dir);
    write_file(outside, "{\"@context\": {}}");

    assert_int_equal(reco_ld_loader_map(l, "https://example.org/ctx/", sub, &err), RECO_OK);
    assert_int_equal(reco_ld_loader_load(l, "https://example.org/ctx/a.jsonld", &doc, &err),
                     RECO_OK);
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "@context"), "a")),
                        "https://example.org/vocab#a");
    /* Cached: the same tree, even when the file has changed since. */
    write_file(file, "{\"@context\": {\"b\": \"https://example.org/vocab#b\"}}");
    assert_int_equal(reco_ld_loader_load(l, "https://example.org/ctx/a.jsonld", &again, &err),
                     RECO_OK);
    assert_ptr_equal(doc, again);
    /* A fragment is not part of the file name; a fresh load sees the new file. */
    assert_int_equal(reco_ld_loader_load(l, "https://example.org/ctx/a.jsonld#x", &again, &err),
                     RECO_OK);
    assert_non_null(json_object_get(json_object_get(again, "@context"), "b"));

    /* ".." segments never leave the folder. */
    assert_int_not_equal(
        reco_ld_loader_load(l, "https://example.org/ctx/../secret.json", &doc, &err), RECO_OK);
    assert_non_null(strstr(err.msg, "'..'"));
    assert_true(strncmp(err.msg, REFUSED_PREFIX, strlen(REFUSED_PREFIX)) == 0);
    assert_int_not_equal(reco_ld_loader_load(l, "https://example.org/ctx/..", &doc, &err), RECO_OK);
    assert_int_not_equal(
        reco_ld_loader_load(l, "https://example.org/ctx/x/../../secret.json", &doc, &err), RECO_OK);
    assert_int_not_equal(reco_ld_loader_load(l, "https://example.org/ctx//etc/passwd", &doc, &err),
                         RECO_OK);
    /* "..." and "a..b" are ordinary names (absent here), not parent references. */
    assert_int_equal(reco_ld_loader_load(l, "https://example.org/ctx/a..b", &doc, &err),
                     RECO_ENOTFOUND);
    assert_true(strncmp(err.msg, REFUSED_PREFIX, strlen(REFUSED_PREFIX)) == 0);

    /* Bundled contexts win over a map that covers their URL. */
    assert_int_equal(reco_ld_loader_map(l, "https://www.w3.org/", sub, &err), RECO_OK);
    assert_int_equal(reco_ld_loader_load(l, "https://www.w3.org/ns/credentials/v2", &doc, &err),
                     RECO_OK);
    assert_non_null(json_object_get(json_object_get(doc, "@context"), "VerifiableCredential"));

    /* Invalid JSON in a mapped file is a load failure, not a crash. */
    write_file(file, "{\"@context\": ");
    assert_int_equal(reco_ld_loader_load(l, "https://example.org/ctx/a.jsonld?v=2", &doc, &err),
                     RECO_EPARSE);
    assert_true(strncmp(err.msg, REFUSED_PREFIX, strlen(REFUSED_PREFIX)) == 0);

    assert_int_equal(reco_ld_loader_map(l, "", sub, &err), RECO_EINVAL);
    reco_ld_loader_free(l);
    unlink(file);
    unlink(outside);
    rmdir(sub);
    rmdir(dir);
}

/* ---------------------------------------------------------------- fetch */

typedef struct fake_fetch {
    int calls;
    const char *body;       /* what every fetch returns */
    const char *redirected; /* the URL it ends at, or NULL for the same */
    char last_url[128];
} fake_fetch;

static reco_code fake_fetch_fn(void *ctx, const char *url, reco_buf *body, char **final_url,
                               reco_error *err)
{
    fake_fetch *f = ctx;
    reco_code rc;
    f->calls++;
    snprintf(f->last_url, sizeof f->last_url, "%s", url);
    *final_url = strdup(f->redirected ? f->redirected : url); /* the loader frees it */
    rc = reco_buf_puts(body, f->body);
    if (rc)
        reco_error_set(err, rc, NULL, "body over the cap");
    return rc;
}

static void test_fetch_only_when_allowed_and_counted(void **state)
{
    (void)state;
    fake_fetch f = {.body = "{\"@context\": {\"x\": \"https://example.org/x\"}}"};
    reco_ld_loader *l = reco_ld_loader_new();
    const json_t *a = NULL, *b = NULL;
    reco_error err;
    reco_ld_loader_allow_fetch(l, fake_fetch_fn, &f, 2, 1024);

    /* Bundled URLs never go to the network. */
    assert_int_equal(
        reco_ld_loader_load(l, "https://w3id.org/security/data-integrity/v2", &a, &err), RECO_OK);
    assert_int_equal(f.calls, 0);

    assert_int_equal(reco_ld_loader_load(l, "https://example.org/one", &a, &err), RECO_OK);
    assert_int_equal(f.calls, 1);
    assert_string_equal(f.last_url, "https://example.org/one");
    assert_non_null(json_object_get(json_object_get(a, "@context"), "x"));
    /* Cached: no second call, same tree. */
    assert_int_equal(reco_ld_loader_load(l, "https://example.org/one", &b, &err), RECO_OK);
    assert_int_equal(f.calls, 1);
    assert_ptr_equal(a, b);

    assert_int_equal(reco_ld_loader_load(l, "https://example.org/two", &b, &err), RECO_OK);
    assert_int_equal(f.calls, 2);
    /* The third distinct document is over max_docs = 2, and the callback is not called. */
    assert_int_equal(reco_ld_loader_load(l, "https://example.org/three", &b, &err), RECO_ELIMIT);
    assert_int_equal(f.calls, 2);
    assert_true(strncmp(err.msg, REFUSED_PREFIX, strlen(REFUSED_PREFIX)) == 0);
    assert_non_null(strstr(err.msg, "more than 2 remote documents"));
    reco_ld_loader_free(l);
}

static void test_fetch_size_cap_and_bad_json(void **state)
{
    (void)state;
    fake_fetch big = {.body = "{\"@context\": {\"x\": \"https://example.org/a-long-iri\"}}"};
    fake_fetch bad = {.body = "{not json"};
    reco_ld_loader *l = reco_ld_loader_new();
    const json_t *doc = NULL;
    reco_error err;

    reco_ld_loader_allow_fetch(l, fake_fetch_fn, &big, 0, 16);
    assert_int_equal(reco_ld_loader_load(l, "https://example.org/big", &doc, &err), RECO_ELIMIT);
    assert_int_equal(big.calls, 1);
    assert_null(doc);
    assert_string_equal(err.msg,
                        "loading document failed: https://example.org/big is larger than 16 bytes");
    /* A failed fetch is not cached: it is tried again, and counts again. */
    assert_int_equal(reco_ld_loader_load(l, "https://example.org/big", &doc, &err), RECO_ELIMIT);
    assert_int_equal(big.calls, 2);

    reco_ld_loader_allow_fetch(l, fake_fetch_fn, &bad, 0, 0);
    assert_int_equal(reco_ld_loader_load(l, "https://example.org/bad", &doc, &err), RECO_EPARSE);
    assert_int_equal(bad.calls, 1);
    assert_true(strncmp(err.msg, REFUSED_PREFIX "https://example.org/bad: ",
                        strlen(REFUSED_PREFIX "https://example.org/bad: ")) == 0);

    /* Turning fetching off again refuses as before. */
    reco_ld_loader_allow_fetch(l, NULL, NULL, 0, 0);
    assert_int_equal(reco_ld_loader_load(l, "https://example.org/bad", &doc, &err), RECO_ENOTFOUND);
    assert_int_equal(bad.calls, 1);
    reco_ld_loader_free(l);
}

static void test_document_url(void **state)
{
    (void)state;
    fake_fetch f = {.body = "{\"@context\": {}}", .redirected = "https://example.org/moved"};
    reco_ld_loader *l = reco_ld_loader_new();
    const json_t *doc = NULL;
    const char *doc_url = NULL;
    reco_error err;
    reco_ld_loader_allow_fetch(l, fake_fetch_fn, &f, 0, 0);

    assert_int_equal(reco_ld_loader_load_remote(l, "https://w3id.org/security/multikey/v1", &doc,
                                                &doc_url, &err),
                     RECO_OK);
    assert_string_equal(doc_url, "https://w3id.org/security/multikey/v1");

    /* A redirected fetch: documentUrl is where it ended, also when served from the cache. */
    assert_int_equal(reco_ld_loader_load_remote(l, "https://example.org/old", &doc, &doc_url, &err),
                     RECO_OK);
    assert_string_equal(doc_url, "https://example.org/moved");
    doc_url = NULL;
    assert_int_equal(reco_ld_loader_load_remote(l, "https://example.org/old", &doc, &doc_url, &err),
                     RECO_OK);
    assert_string_equal(doc_url, "https://example.org/moved");
    assert_int_equal(f.calls, 1);

    f.redirected = NULL;
    assert_int_equal(
        reco_ld_loader_load_remote(l, "https://example.org/same", &doc, &doc_url, &err), RECO_OK);
    assert_string_equal(doc_url, "https://example.org/same");
    /* document_url may be NULL. */
    assert_int_equal(reco_ld_loader_load_remote(l, "https://example.org/same", &doc, NULL, &err),
                     RECO_OK);
    /* A failure leaves no URL behind. */
    reco_ld_loader_allow_fetch(l, NULL, NULL, 0, 0);
    assert_int_equal(
        reco_ld_loader_load_remote(l, "https://example.org/other", &doc, &doc_url, &err),
        RECO_ENOTFOUND);
    assert_null(doc_url);
    reco_ld_loader_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bundled_table_sorted_and_terminated),
        cmocka_unit_test(test_bundled_find),
        cmocka_unit_test(test_bundled_parse_as_contexts),
        cmocka_unit_test(test_load_bundled_is_cached),
        cmocka_unit_test(test_unknown_url_refused),
        cmocka_unit_test(test_map),
        cmocka_unit_test(test_fetch_only_when_allowed_and_counted),
        cmocka_unit_test(test_fetch_size_cap_and_bad_json),
        cmocka_unit_test(test_document_url),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
