/*
 * ld_rdfc.c - the W3C RDFC-1.0 test suite (vectors/rdf-canon/manifest.jsonld):
 *   RDFC10EvalTest         canonical N-Quads equal to the expected file, byte for byte;
 *   RDFC10MapTest          issued identifier map equal to the expected JSON object;
 *   RDFC10NegativeEvalTest the default work limit stops the run ("work limit exceeded").
 * Exit 0 when every test passes, 1 otherwise, 77 when the vectors are absent.
 */
#include "reco/rdf.h"
#include "testlib.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tally {
    int pass, total;
} tally;

/* Parse the action file and canonicalize it with the test's hash algorithm. */
static reco_code run(const char *dir, json_t *entry, reco_arena *arena, reco_rdfc_result *res,
                     reco_error *err)
{
    char path[4096];
    const char *action = json_string_value(json_object_get(entry, "action"));
    const char *alg = json_string_value(json_object_get(entry, "hashAlgorithm"));
    snprintf(path, sizeof path, "%s/%s", dir, action ? action : "");
    size_t len = 0;
    char *text = test_read_file(path, &len);
    reco_dataset ds;
    reco_dataset_init(&ds, arena);
    reco_rdfc_options opt = {0};
    opt.hash = alg && strcmp(alg, "SHA384") == 0 ? RECO_HASH_SHA384 : RECO_HASH_SHA256;
    reco_code rc;
    if (!text)
        rc = reco_error_set(err, RECO_EIO, NULL, "cannot read %s", path);
    else
        rc = reco_nquads_parse(text, len, &ds, err);
    if (!rc)
        rc = reco_rdfc_canonicalize(&ds, &opt, res, err);
    reco_dataset_release(&ds);
    free(text);
    return rc;
}

int main(void)
{
    const char *vec = test_vectors_dir();
    if (!vec) {
        printf("rdfc: skipped: no public vectors folder (set RECO_VECTORS)\n");
        return TEST_SKIP;
    }
    char dir[2048], path[4096];
    snprintf(dir, sizeof dir, "%s/rdf-canon", vec);
    snprintf(path, sizeof path, "%s/manifest.jsonld", dir);
    json_error_t jerr;
    json_t *manifest = json_load_file(path, 0, &jerr);
    if (!manifest) {
        printf("rdfc: skipped: cannot read %s: %s\n", path, jerr.text);
        return TEST_SKIP;
    }
    tally eval = {0, 0}, map = {0, 0}, neg = {0, 0};
    json_t *entries = json_object_get(manifest, "entries");
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e)
    {
        const char *id = json_string_value(json_object_get(e, "id"));
        const char *type = json_string_value(json_object_get(e, "type"));
        const char *result = json_string_value(json_object_get(e, "result"));
        if (!id || !type)
            continue;
        reco_arena *arena = reco_arena_new(0);
        reco_rdfc_result res;
        reco_rdfc_result_init(&res);
        reco_error err;
        reco_error_clear(&err);
        reco_code rc = run(dir, e, arena, &res, &err);
        char why[8192] = "";

        if (strcmp(type, "rdfc:RDFC10NegativeEvalTest") == 0) {
            neg.total++;
            if (rc == RECO_ELIMIT && strncmp(err.msg, "work limit exceeded: ", 21) == 0)
                neg.pass++;
            else
                snprintf(why, sizeof why, "expected a work limit error, got %s: %s",
                         reco_code_name(rc), err.msg);
        } else if (strcmp(type, "rdfc:RDFC10EvalTest") == 0 && result) {
            eval.total++;
            snprintf(path, sizeof path, "%s/%s", dir, result);
            size_t elen = 0;
            char *expect = test_read_file(path, &elen);
            if (rc)
                snprintf(why, sizeof why, "%s: %s", reco_code_name(rc), err.msg);
            else if (!expect)
                snprintf(why, sizeof why, "cannot read %s", path);
            else if (elen != res.nquads.len || memcmp(expect, res.nquads.data, elen) != 0)
                snprintf(why, sizeof why, "output differs:\n--- got\n%.200s--- expected\n%.200s",
                         res.nquads.data, expect);
            else
                eval.pass++;
            free(expect);
        } else if (strcmp(type, "rdfc:RDFC10MapTest") == 0 && result) {
            map.total++;
            snprintf(path, sizeof path, "%s/%s", dir, result);
            json_t *expect = json_load_file(path, 0, &jerr);
            json_t *got = json_object();
            for (size_t k = 0; k < res.nlabels; k++)
                json_object_set_new(got, res.labels[k].input, json_string(res.labels[k].canonical));
            if (rc) {
                snprintf(why, sizeof why, "%s: %s", reco_code_name(rc), err.msg);
            } else if (!expect) {
                snprintf(why, sizeof why, "cannot read %s", path);
            } else if (!json_equal(expect, got)) {
                char *g = json_dumps(got, JSON_SORT_KEYS | JSON_COMPACT);
                char *x = json_dumps(expect, JSON_SORT_KEYS | JSON_COMPACT);
                snprintf(why, sizeof why, "map differs: got %.200s expected %.200s", g, x);
                free(g);
                free(x);
            } else {
                map.pass++;
            }
            json_decref(got);
            json_decref(expect);
        }
        if (why[0])
            printf("FAIL %s (%s): %s\n", id, json_string_value(json_object_get(e, "name")), why);
        reco_rdfc_result_release(&res);
        reco_arena_free(arena);
    }
    json_decref(manifest);
    printf("rdfc: eval %d/%d, map %d/%d, negative %d/%d\n", eval.pass, eval.total, map.pass,
           map.total, neg.pass, neg.total);
    bool ok = eval.pass == eval.total && map.pass == map.total && neg.pass == neg.total &&
              eval.total + map.total + neg.total > 0;
    return ok ? 0 : 1;
}
