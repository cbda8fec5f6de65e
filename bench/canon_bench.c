/*
 * canon_bench.c - how fast a credential is canonicalized the way a Data Integrity proof
 * (eddsa-rdfc-2022) needs it: JSON-LD toRdf (expansion included) then RDFC-1.0, on the
 * document without its proof. Single-threaded; the loader and its processed-context cache
 * are reused across credentials, as a verifying server does.
 *
 * usage: canon_bench [-n ITERATIONS] [--hash sha256|sha384] [--print] FILE...
 *   --print   print each canonical form after a "# FILE" line (to compare implementations)
 *
 * Prints the cold first credential time (empty cache), then credentials/second and
 * µs/credential over ITERATIONS passes through all files, and the share of RDFC-1.0 alone.
 */
#include "reco/json.h"
#include "reco/ld.h"
#include "reco/rdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define INPUT_MAX (16u * 1024u * 1024u)

typedef struct cred {
    const char *path;
    json_t *doc; /* without "proof" */
} cred;

typedef struct bench {
    reco_ld_loader *loader;
    reco_ld_cache *cache;
    reco_ld_options opt;
    reco_rdfc_options copt;
    reco_arena *arena;
    reco_dataset ds;
    reco_rdfc_result res;
    double rdfc_secs; /* time inside reco_rdfc_canonicalize */
} bench;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* toRdf + RDFC-1.0 of one credential; the canonical form is left in b->res. */
static reco_code canon_one(bench *b, const cred *c, reco_error *err)
{
    reco_dataset_release(&b->ds);
    reco_arena_reset(b->arena);
    reco_dataset_init(&b->ds, b->arena);
    reco_code rc = reco_ld_to_rdf(c->doc, &b->opt, &b->ds, err);
    if (!rc) {
        double t = now();
        rc = reco_rdfc_canonicalize(&b->ds, &b->copt, &b->res, err);
        b->rdfc_secs += now() - t;
    }
    return rc;
}

static int load(const char *path, cred *c)
{
    reco_buf text;
    reco_error err;
    reco_buf_init(&text, INPUT_MAX);
    int rc = 0;
    if (reco_file_read(path, INPUT_MAX, &text, &err) != RECO_OK ||
        reco_json_parse(text.data, text.len, NULL, &c->doc, &err) != RECO_OK) {
        fprintf(stderr, "error: %s\n", err.msg);
        rc = -1;
    } else if (json_is_object(c->doc)) {
        json_object_del(c->doc, "proof");
    }
    c->path = path;
    reco_buf_release(&text);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 1;
    long iterations = 200;
    bool print = false;
    cred *creds = calloc((size_t)argc, sizeof *creds);
    size_t n = 0;
    bench b;
    reco_error err;
    memset(&b, 0, sizeof b);
    reco_rdfc_result_init(&b.res);

    for (int i = 1; i < argc; i++) {
        if ((strcmp(argv[i], "-n") == 0 || strcmp(argv[i], "--iterations") == 0) && i + 1 < argc) {
            char *end = NULL;
            iterations = strtol(argv[++i], &end, 10);
            if (*end || iterations <= 0) {
                fprintf(stderr, "error: -n takes a positive number\n");
                goto out;
            }
        } else if (strcmp(argv[i], "--hash") == 0 && i + 1 < argc) {
            const char *h = argv[++i];
            b.copt.hash = strcmp(h, "sha384") == 0 ? RECO_HASH_SHA384 : RECO_HASH_SHA256;
        } else if (strcmp(argv[i], "--print") == 0) {
            print = true;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            printf("usage: canon_bench [-n ITERATIONS] [--hash sha256|sha384] [--print] FILE...\n");
            rc = 0;
            goto out;
        } else if (load(argv[i], &creds[n]) == 0) {
            n++;
        } else {
            goto out;
        }
    }
    if (!creds || n == 0) {
        fprintf(stderr, "usage: canon_bench [-n ITERATIONS] [--print] FILE...\n");
        goto out;
    }

    b.loader = reco_ld_loader_new();
    b.cache = reco_ld_cache_new(0);
    b.arena = reco_arena_new(0);
    if (!b.loader || !b.cache || !b.arena) {
        fprintf(stderr, "error: out of memory\n");
        goto out;
    }
    b.opt.loader = b.loader;
    b.opt.cache = b.cache;
    reco_dataset_init(&b.ds, b.arena);

    if (print) {
        for (size_t k = 0; k < n; k++) {
            if (canon_one(&b, &creds[k], &err) != RECO_OK) {
                fprintf(stderr, "error: %s: %s\n", creds[k].path, err.msg);
                goto out;
            }
            printf("# %s\n", base_name(creds[k].path));
            fwrite(b.res.nquads.data, 1, b.res.nquads.len, stdout);
        }
        rc = 0;
        goto out;
    }

    /* Cold: the first credential with an empty context cache. */
    double t0 = now();
    if (canon_one(&b, &creds[0], &err) != RECO_OK) {
        fprintf(stderr, "error: %s: %s\n", creds[0].path, err.msg);
        goto out;
    }
    double cold = now() - t0;

    b.rdfc_secs = 0;
    double start = now();
    for (long it = 0; it < iterations; it++) {
        for (size_t k = 0; k < n; k++) {
            if (canon_one(&b, &creds[k], &err) != RECO_OK) {
                fprintf(stderr, "error: %s: %s\n", creds[k].path, err.msg);
                goto out;
            }
        }
    }
    double secs = now() - start;
    double total = (double)iterations * (double)n;
    printf("reco: cold first credential %.0f µs\n", cold * 1e6);
    printf("reco: %.0f credentials (%zu files x %ld) in %.3f s: %.1f credentials/s, %.1f "
           "µs/credential (RDFC-1.0 alone %.1f µs)\n",
           total, n, iterations, secs, total / secs, secs * 1e6 / total, b.rdfc_secs * 1e6 / total);
    rc = 0;
out:
    for (size_t k = 0; creds && k < n; k++)
        json_decref(creds[k].doc);
    free(creds);
    reco_rdfc_result_release(&b.res);
    reco_dataset_release(&b.ds);
    reco_arena_free(b.arena);
    reco_ld_cache_free(b.cache);
    reco_ld_loader_free(b.loader);
    return rc;
}
