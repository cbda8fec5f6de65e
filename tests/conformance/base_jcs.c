/*
 * base_jcs.c - RFC 8785 conformance: every jcs/input/NAME.json must canonicalize to the exact
 * bytes of jcs/output/NAME.json, and every line "hex-ieee,expected" of the ES6 number files
 * must print as expected through reco_es_number.
 */
#include "reco/json.h"
#include "testlib.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_documents(int *total)
{
    int passed = 0;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", test_vector_path("jcs/input"));
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "cannot open %s\n", dir);
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t nl = strlen(e->d_name);
        if (nl < 6 || strcmp(e->d_name + nl - 5, ".json") != 0)
            continue;
        char in[4096], exp_path[4096];
        snprintf(in, sizeof in, "%.3800s/%.255s", dir, e->d_name);
        snprintf(exp_path, sizeof exp_path, "%.3800s/%.255s", test_vector_path("jcs/output"),
                 e->d_name);
        (*total)++;
        json_t *v = NULL;
        reco_error err;
        reco_buf out;
        reco_buf_init(&out, 0);
        size_t elen = 0;
        char *expected = test_read_file(exp_path, &elen);
        bool ok = false;
        if (!expected) {
            printf("FAIL %s: cannot read expected output\n", e->d_name);
        } else if (reco_json_read_file(in, NULL, &v, &err) != RECO_OK) {
            printf("FAIL %s: %s\n", e->d_name, err.msg);
        } else if (reco_jcs(v, &out, &err) != RECO_OK) {
            printf("FAIL %s: %s\n", e->d_name, err.msg);
        } else if (out.len != elen || memcmp(out.data, expected, elen) != 0) {
            printf("FAIL %s:\n  got      %s\n  expected %s\n", e->d_name, out.data, expected);
        } else {
            ok = true;
        }
        passed += ok;
        json_decref(v);
        reco_buf_release(&out);
        free(expected);
    }
    closedir(d);
    return passed;
}

static int check_numbers(const char *rel, int *total)
{
    FILE *f = fopen(test_vector_path(rel), "r");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", test_vector_path(rel));
        return -1;
    }
    int passed = 0, lineno = 0;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        char *comma = strchr(line, ',');
        if (!comma)
            continue;
        *comma = '\0';
        (*total)++;
        char *end = NULL;
        uint64_t bits = strtoull(line, &end, 16);
        double d;
        memcpy(&d, &bits, sizeof d);
        char got[32];
        if (*end != '\0') {
            printf("FAIL %s:%d: bad hex %s\n", rel, lineno, line);
        } else if (reco_es_number(d, got) < 0 || strcmp(got, comma + 1) != 0) {
            printf("FAIL %s:%d: %s: got %s, expected %s\n", rel, lineno, line, got, comma + 1);
        } else {
            passed++;
        }
    }
    fclose(f);
    return passed;
}

int main(void)
{
    if (!test_vectors_dir()) {
        printf("skipped: no public vectors folder (set RECO_VECTORS)\n");
        return TEST_SKIP;
    }
    int docs_total = 0, nums_total = 0;
    int docs = check_documents(&docs_total);
    int n1 = check_numbers("jcs/es6-number-samples.csv", &nums_total);
    int n2 = check_numbers("jcs/es6-numbers-generated.csv", &nums_total);
    if (docs < 0 || n1 < 0 || n2 < 0)
        return 1;
    printf("jcs documents: %d/%d, numbers: %d/%d\n", docs, docs_total, n1 + n2, nums_total);
    return docs == docs_total && n1 + n2 == nums_total && docs_total > 0 && nums_total > 0 ? 0 : 1;
}
