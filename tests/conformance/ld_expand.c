/*
 * ld_expand.c - the W3C JSON-LD 1.1 expansion tests (json-ld-api tests/expand-manifest.jsonld)
 * run through reco_ld_expand.
 *
 * Positive tests compare with the expected output as JSON-LD: arrays are unordered except the
 * value of @list (the test suite README). Negative tests pass when err->msg starts with the
 * expected error code. Tests for JSON-LD 1.0 only, or that need HTML or an HTTP server, are
 * counted as not applicable. One loader and one context cache serve every test, so the cache
 * is exercised across documents as in a verifier.
 */
#include "reco/json.h"
#include "reco/ld.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST_BASE "https://w3c.github.io/json-ld-api/tests/"

static bool ld_equal(const json_t *a, const json_t *b, bool ordered);

static bool array_equal(const json_t *a, const json_t *b, bool ordered)
{
    size_t n = json_array_size(a);
    if (n != json_array_size(b))
        return false;
    if (ordered) {
        for (size_t i = 0; i < n; i++)
            if (!ld_equal(json_array_get(a, i), json_array_get(b, i), false))
                return false;
        return true;
    }
    bool *used = calloc(n ? n : 1, sizeof *used);
    bool ok = used != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        bool found = false;
        for (size_t j = 0; j < n && !found; j++) {
            if (!used[j] && ld_equal(json_array_get(a, i), json_array_get(b, j), false)) {
                used[j] = true;
                found = true;
            }
        }
        ok = found;
    }
    free(used);
    return ok;
}

static bool ld_equal(const json_t *a, const json_t *b, bool ordered)
{
    if (json_is_number(a) && json_is_number(b))
        return json_number_value(a) == json_number_value(b);
    if (json_typeof(a) != json_typeof(b))
        return false;
    switch (json_typeof(a)) {
    case JSON_OBJECT: {
        if (json_object_size(a) != json_object_size(b))
            return false;
        const char *k;
        const json_t *v;
        json_object_foreach((json_t *)a, k, v)
        {
            const json_t *w = json_object_get(b, k);
            if (!w)
                return false;
            bool is_list = strcmp(k, "@list") == 0;
            /* a @json literal is compared as plain JSON */
            if (strcmp(k, "@value") == 0) {
                if (!reco_json_equal(v, w))
                    return false;
            } else if (!(json_is_array(v) ? (json_is_array(w) && array_equal(v, w, is_list))
                                          : ld_equal(v, w, false))) {
                return false;
            }
        }
        return true;
    }
    case JSON_ARRAY:
        return array_equal(a, b, ordered);
    case JSON_STRING:
        return strcmp(json_string_value(a), json_string_value(b)) == 0;
    default:
        return true; /* true, false, null */
    }
}

static json_t *read_json(const char *dir, const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    json_t *v = NULL;
    reco_json_limits lim = {64u * 1024u * 1024u, 512};
    reco_error err;
    if (reco_json_read_file(path, &lim, &v, &err) != RECO_OK)
        return NULL;
    return v;
}

static const char *str(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static bool has_type(const json_t *t, const char *name)
{
    size_t i;
    const json_t *x;
    if (json_is_string(t))
        return strcmp(json_string_value(t), name) == 0;
    json_array_foreach(t, i, x)
    {
        if (json_is_string(x) && strcmp(json_string_value(x), name) == 0)
            return true;
    }
    return false;
}

typedef struct counts {
    int passed, total, na;
} counts;

/* Run every test of the manifest once; print failures when verbose. */
static counts run_suite(const json_t *manifest, const char *dir, reco_ld_loader *loader,
                        reco_ld_cache *cache, bool verbose)
{
    counts c = {0, 0, 0};
    reco_error err;
    const json_t *seq = json_object_get(manifest, "sequence");
    size_t i;
    const json_t *t;
    json_array_foreach(seq, i, t)
    {
        const char *id = str(t, "@id");
        const char *input = str(t, "input");
        const json_t *type = json_object_get(t, "@type");
        const json_t *option = json_object_get(t, "option");
        const char *spec = str(option, "specVersion");
        const char *mode = str(option, "processingMode");
        if ((spec && strcmp(spec, "json-ld-1.0") == 0) || !input || strstr(input, ".html") ||
            json_object_get(option, "contentType") || json_object_get(option, "httpLink") ||
            json_object_get(option, "redirectTo") || json_object_get(option, "httpStatus") ||
            json_object_get(t, "requires")) {
            c.na++;
            continue;
        }
        c.total++;
        char base[1024];
        snprintf(base, sizeof base, "%s%s", TEST_BASE, input);
        if (str(option, "base"))
            snprintf(base, sizeof base, "%s", str(option, "base"));
        json_t *doc = read_json(dir, input);
        json_t *ec = NULL, *expect = NULL, *out = NULL;
        if (str(option, "expandContext"))
            ec = read_json(dir, str(option, "expandContext"));
        reco_ld_options opt = {0};
        opt.base = base;
        opt.expand_context = ec;
        opt.json_ld_10 = mode && strcmp(mode, "json-ld-1.0") == 0;
        opt.loader = loader;
        opt.cache = cache;
        reco_error_clear(&err);
        reco_code rc = doc ? reco_ld_expand(doc, &opt, &out, &err) : RECO_EIO;
        if (has_type(type, "jld:NegativeEvaluationTest")) {
            const char *code = str(t, "expectErrorCode");
            if (rc != RECO_OK && code && strncmp(err.msg, code, strlen(code)) == 0)
                c.passed++;
            else if (!verbose)
                ;
            else if (rc == RECO_OK)
                printf("FAIL %s: expected error '%s', got a result\n", id, code);
            else
                printf("FAIL %s: expected error '%s', got '%s'\n", id, code, err.msg);
        } else {
            expect = read_json(dir, str(t, "expect"));
            if (rc != RECO_OK) {
                if (verbose)
                    printf("FAIL %s: %s (%s)\n", id, err.msg, err.path);
            } else if (!expect || !ld_equal(out, expect, false)) {
                char *got = json_dumps(out, JSON_COMPACT | JSON_ENCODE_ANY);
                if (verbose)
                    printf("FAIL %s: output differs: %.300s\n", id, got ? got : "?");
                free(got);
            } else {
                c.passed++;
            }
        }
        json_decref(doc);
        json_decref(ec);
        json_decref(expect);
        json_decref(out);
    }
    return c;
}

int main(void)
{
    const char *vec = test_vectors_dir();
    if (!vec) {
        printf("skip: no public vectors (RECO_VECTORS); expand conformance not run\n");
        return TEST_SKIP;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/jsonld-api", vec);
    json_t *manifest = read_json(dir, "expand-manifest.jsonld");
    if (!manifest) {
        printf("skip: %s/expand-manifest.jsonld cannot be read\n", dir);
        return TEST_SKIP;
    }
    reco_ld_loader *loader = reco_ld_loader_new();
    reco_ld_cache *cache = reco_ld_cache_new(0);
    reco_error err;
    char mapdir[4200];
    snprintf(mapdir, sizeof mapdir, "%s/", dir);
    if (!loader || !cache || reco_ld_loader_map(loader, TEST_BASE, mapdir, &err) != RECO_OK) {
        fprintf(stderr, "error: cannot set up the loader\n");
        return 1;
    }
    counts c = run_suite(manifest, dir, loader, cache, true);
    printf("expand: passed %d/%d applicable (%d not applicable)\n", c.passed, c.total, c.na);
    /* again with the cache warm from the first run, then with no cache: same results */
    counts warm = run_suite(manifest, dir, loader, cache, false);
    counts cold = run_suite(manifest, dir, loader, NULL, false);
    printf("expand (warm cache): passed %d/%d; (no cache): passed %d/%d\n", warm.passed, warm.total,
           cold.passed, cold.total);
    json_decref(manifest);
    reco_ld_cache_free(cache);
    reco_ld_loader_free(loader);
    /* at least 97% of the applicable tests, and the cache changes nothing */
    bool ok = c.total > 0 && c.passed * 100 >= c.total * 97 && warm.passed == c.passed &&
              cold.passed == c.passed;
    return ok ? 0 : 1;
}
