/*
 * http_mustache.c - the Mustache specification's test data (the mustache folder of the public
 * vectors): each case renders `template` with `data` and `partials` and must give exactly
 * `expected`. Prints passed/total per file and every failure. The required modules and the
 * optional ~dynamic-names and ~inheritance modules (both implemented) must pass whole.
 */
#include "reco/json.h"
#include "reco/mustache.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *file;
    bool required;
} files[] = {
    {"comments.json", true},       {"delimiters.json", true},   {"interpolation.json", true},
    {"inverted.json", true},       {"partials.json", true},     {"sections.json", true},
    {"~dynamic-names.json", true}, {"~inheritance.json", true},
};

static bool run_case(const json_t *c, const char *file)
{
    const char *name = json_string_value(json_object_get(c, "name"));
    const char *tpl = json_string_value(json_object_get(c, "template"));
    const char *expected = json_string_value(json_object_get(c, "expected"));
    json_t *partials = json_object_get(c, "partials");
    reco_mustache *m = NULL;
    reco_error err = {0};
    reco_buf out;
    bool ok = false;
    reco_buf_init(&out, 1u << 20);
    if (!name || !tpl || !expected || reco_mustache_new(&m, &err)) {
        printf("FAIL %s: malformed case\n", file);
        goto out;
    }
    const char *key;
    json_t *v;
    json_object_foreach(partials, key, v)
    {
        if (reco_mustache_add(m, key, json_string_value(v), json_string_length(v), &err)) {
            printf("FAIL %s / %s: partial '%s': %s\n", file, name, key, err.msg);
            goto out;
        }
    }
    if (reco_mustache_add(m, "(template)", tpl, strlen(tpl), &err) ||
        reco_mustache_render(m, "(template)", json_object_get(c, "data"), NULL, &out, &err)) {
        printf("FAIL %s / %s: %s\n", file, name, err.msg);
        goto out;
    }
    ok = out.len == strlen(expected) && memcmp(out.data, expected, out.len) == 0;
    if (!ok)
        printf("FAIL %s / %s:\n  template %s\n  got      [%s]\n  expected [%s]\n", file, name, tpl,
               out.data ? out.data : "", expected);
out:
    reco_buf_release(&out);
    reco_mustache_free(m);
    return ok;
}

int main(void)
{
    if (!test_vectors_dir()) {
        printf("skipped: the public vectors folder (RECO_VECTORS) is absent\n");
        return TEST_SKIP;
    }
    int failed_required = 0;
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char rel[128];
        snprintf(rel, sizeof rel, "mustache/%s", files[f].file);
        json_error_t jerr;
        json_t *doc = json_load_file(test_vector_path(rel), 0, &jerr);
        if (!doc) {
            printf("FAIL %s: cannot read: %s\n", files[f].file, jerr.text);
            failed_required += files[f].required;
            continue;
        }
        json_t *tests = json_object_get(doc, "tests");
        size_t passed = 0, total = json_array_size(tests);
        for (size_t i = 0; i < total; i++)
            passed += run_case(json_array_get(tests, i), files[f].file);
        printf("%-22s %zu/%zu%s\n", files[f].file, passed, total,
               files[f].required ? "" : " (optional module)");
        if (files[f].required && passed != total)
            failed_required++;
        json_decref(doc);
    }
    return failed_required ? 1 : 0;
}
