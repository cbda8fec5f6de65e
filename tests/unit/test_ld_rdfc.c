/*
 * test_ld_rdfc.c - RDFC-1.0: the worked examples of the specification (§4.4.2), invariance
 * under relabelling and reordering, duplicates, both hash algorithms, the issued identifier
 * map, and the work limits that guard against poison graphs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/rdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Canonicalize N-Quads text; returns the code, fills *res (caller releases). */
static reco_code canon(const char *text, const reco_rdfc_options *opt, reco_arena *arena,
                       reco_rdfc_result *res, reco_error *err)
{
    reco_dataset ds;
    reco_dataset_init(&ds, arena);
    reco_code rc = reco_nquads_parse(text, strlen(text), &ds, err);
    if (!rc)
        rc = reco_rdfc_canonicalize(&ds, opt, res, err);
    reco_dataset_release(&ds);
    return rc;
}

static const char *label_of(const reco_rdfc_result *r, const char *input)
{
    for (size_t i = 0; i < r->nlabels; i++)
        if (strcmp(r->labels[i].input, input) == 0)
            return r->labels[i].canonical;
    return NULL;
}

/* §4.4.2 first example: both blank nodes have unique first degree hashes (e0 sorts first). */
static void spec_example_unique_hashes(void **state)
{
    (void)state;
    reco_arena *a = reco_arena_new(0);
    reco_rdfc_result r;
    reco_rdfc_result_init(&r);
    const char *doc = "<http://example.com/#p> <http://example.com/#q> _:e0 .\n"
                      "<http://example.com/#p> <http://example.com/#r> _:e1 .\n"
                      "_:e0 <http://example.com/#s> <http://example.com/#u> .\n"
                      "_:e1 <http://example.com/#t> <http://example.com/#u> .\n";
    assert_int_equal(canon(doc, NULL, a, &r, NULL), RECO_OK);
    assert_int_equal(r.nlabels, 2);
    assert_string_equal(r.labels[0].input, "e0");
    assert_string_equal(r.labels[0].canonical, "c14n0");
    assert_string_equal(r.labels[1].input, "e1");
    assert_string_equal(r.labels[1].canonical, "c14n1");
    assert_string_equal(r.nquads.data,
                        "<http://example.com/#p> <http://example.com/#q> _:c14n0 .\n"
                        "<http://example.com/#p> <http://example.com/#r> _:c14n1 .\n"
                        "_:c14n0 <http://example.com/#s> <http://example.com/#u> .\n"
                        "_:c14n1 <http://example.com/#t> <http://example.com/#u> .\n");
    reco_rdfc_result_release(&r);
    reco_arena_free(a);
}

static const char *shared_doc = "<http://example.com/#p> <http://example.com/#q> _:e0 .\n"
                                "<http://example.com/#p> <http://example.com/#q> _:e1 .\n"
                                "_:e0 <http://example.com/#p> _:e2 .\n"
                                "_:e1 <http://example.com/#p> _:e3 .\n"
                                "_:e2 <http://example.com/#r> _:e3 .\n";

/* §4.4.2 second example: e0 and e1 share a first degree hash; Hash N-Degree Quads orders them. */
static void spec_example_shared_hashes(void **state)
{
    (void)state;
    reco_arena *a = reco_arena_new(0);
    reco_rdfc_result r;
    reco_rdfc_result_init(&r);
    assert_int_equal(canon(shared_doc, NULL, a, &r, NULL), RECO_OK);
    assert_int_equal(r.nlabels, 4);
    assert_string_equal(label_of(&r, "e0"), "c14n3");
    assert_string_equal(label_of(&r, "e1"), "c14n2");
    assert_string_equal(label_of(&r, "e2"), "c14n0");
    assert_string_equal(label_of(&r, "e3"), "c14n1");
    /* The map is in issue order. */
    for (size_t i = 0; i < r.nlabels; i++) {
        char want[32];
        snprintf(want, sizeof want, "c14n%zu", i);
        assert_string_equal(r.labels[i].canonical, want);
    }
    reco_rdfc_result_release(&r);
    reco_arena_free(a);
}

/* Renaming blank nodes and reordering quads never changes the canonical form. */
static void invariant_under_relabelling(void **state)
{
    (void)state;
    reco_arena *a = reco_arena_new(0);
    reco_rdfc_result r1, r2, r3;
    reco_rdfc_result_init(&r1);
    reco_rdfc_result_init(&r2);
    reco_rdfc_result_init(&r3);
    const char *other = "_:z2 <http://example.com/#r> _:y3 .\n"
                        "_:x1 <http://example.com/#p> _:y3 .\n"
                        "<http://example.com/#p> <http://example.com/#q> _:x1 .\n"
                        "_:w0 <http://example.com/#p> _:z2 .\n"
                        "<http://example.com/#p> <http://example.com/#q> _:w0 .\n";
    assert_int_equal(canon(shared_doc, NULL, a, &r1, NULL), RECO_OK);
    assert_int_equal(canon(other, NULL, a, &r2, NULL), RECO_OK);
    assert_string_equal(r1.nquads.data, r2.nquads.data);
    /* A graph that is not isomorphic (a self loop added) gives a different form. */
    const char *changed = "<http://example.com/#p> <http://example.com/#q> _:e0 .\n"
                          "<http://example.com/#p> <http://example.com/#q> _:e1 .\n"
                          "_:e0 <http://example.com/#p> _:e2 .\n"
                          "_:e1 <http://example.com/#p> _:e3 .\n"
                          "_:e2 <http://example.com/#r> _:e3 .\n"
                          "_:e3 <http://example.com/#r> _:e3 .\n";
    assert_int_equal(canon(changed, NULL, a, &r3, NULL), RECO_OK);
    assert_string_not_equal(r1.nquads.data, r3.nquads.data);
    reco_rdfc_result_release(&r1);
    reco_rdfc_result_release(&r2);
    reco_rdfc_result_release(&r3);
    reco_arena_free(a);
}

/* A dataset is a set: a repeated quad counts once, in the hashes and in the output. */
static void duplicates_count_once(void **state)
{
    (void)state;
    reco_arena *a = reco_arena_new(0);
    reco_rdfc_result r1, r2;
    reco_rdfc_result_init(&r1);
    reco_rdfc_result_init(&r2);
    const char *once =
        "_:a <http://x/p> \"v\" .\n_:b <http://x/p> \"v\" .\n_:b <http://x/q> _:a .\n";
    const char *twice = "_:a <http://x/p> \"v\" .\n_:b <http://x/p> \"v\" .\n"
                        "_:b <http://x/q> _:a .\n_:a <http://x/p> "
                        "\"v\"^^<http://www.w3.org/2001/XMLSchema#string> .\n";
    assert_int_equal(canon(once, NULL, a, &r1, NULL), RECO_OK);
    assert_int_equal(canon(twice, NULL, a, &r2, NULL), RECO_OK);
    assert_string_equal(r1.nquads.data, r2.nquads.data);
    assert_string_equal(label_of(&r1, "a"), label_of(&r2, "a"));
    reco_rdfc_result_release(&r1);
    reco_rdfc_result_release(&r2);
    reco_arena_free(a);
}

static void empty_and_ground_datasets(void **state)
{
    (void)state;
    reco_arena *a = reco_arena_new(0);
    reco_rdfc_result r;
    reco_rdfc_result_init(&r);
    assert_int_equal(canon("", NULL, a, &r, NULL), RECO_OK);
    assert_int_equal(r.nquads.len, 0);
    assert_int_equal(r.nlabels, 0);
    /* Without blank nodes the form is the sorted lines. */
    assert_int_equal(
        canon("<http://b> <http://p> \"2\" .\n<http://a> <http://p> \"1\" <http://g> .", NULL, a,
              &r, NULL),
        RECO_OK);
    assert_string_equal(r.nquads.data, "<http://a> <http://p> \"1\" <http://g> .\n"
                                       "<http://b> <http://p> \"2\" .\n");
    /* A repeated ground quad is written once. */
    assert_int_equal(
        canon("<http://b> <http://p> \"2\" .\n<http://a> <http://p> <http://o> .\n"
              "<http://b> <http://p> \"2\"^^<http://www.w3.org/2001/XMLSchema#string> .",
              NULL, a, &r, NULL),
        RECO_OK);
    assert_string_equal(r.nquads.data, "<http://a> <http://p> <http://o> .\n"
                                       "<http://b> <http://p> \"2\" .\n");
    reco_rdfc_result_release(&r);
    reco_arena_free(a);
}

/* Datasets built in memory (the JSON-LD toRdf path) canonicalize like parsed ones. */
static void dataset_built_in_memory(void **state)
{
    (void)state;
    reco_arena *a = reco_arena_new(0);
    reco_dataset ds;
    reco_dataset_init(&ds, a);
    reco_quad q = {
        .s = {.kind = RECO_TERM_BLANK, .value = "b0"},
        .p = {.kind = RECO_TERM_IRI, .value = "http://x/p"},
        .o = {.kind = RECO_TERM_LITERAL,
              .value = "a\0b",
              .value_len = 3,
              .datatype = RECO_XSD_STRING},
        .g = {.kind = RECO_TERM_DEFAULT_GRAPH},
    };
    assert_int_equal(reco_dataset_add(&ds, &q, NULL), RECO_OK);
    reco_rdfc_result r;
    reco_rdfc_result_init(&r);
    assert_int_equal(reco_rdfc_canonicalize(&ds, NULL, &r, NULL), RECO_OK);
    assert_string_equal(r.nquads.data, "_:c14n0 <http://x/p> \"a\\u0000b\" .\n");
    assert_int_equal(r.nlabels, 1);
    assert_string_equal(r.labels[0].input, "b0");

    /* A malformed term is refused, not dereferenced. */
    reco_quad bad = q;
    bad.p.value = NULL;
    assert_int_equal(reco_dataset_add(&ds, &bad, NULL), RECO_OK);
    reco_error err;
    assert_int_equal(reco_rdfc_canonicalize(&ds, NULL, &r, &err), RECO_EINVAL);
    assert_int_equal(r.nquads.len, 0);
    reco_rdfc_result_release(&r);
    reco_dataset_release(&ds);
    reco_arena_free(a);
}

/* Both hash algorithms run; SHA-384 orders the tied nodes of this graph differently. */
static void sha384(void **state)
{
    (void)state;
    reco_arena *a = reco_arena_new(0);
    reco_rdfc_result r1, r2;
    reco_rdfc_result_init(&r1);
    reco_rdfc_result_init(&r2);
    reco_rdfc_options o256 = {.hash = RECO_HASH_SHA256};
    reco_rdfc_options o384 = {.hash = RECO_HASH_SHA384};
    assert_int_equal(canon(shared_doc, &o256, a, &r1, NULL), RECO_OK);
    assert_int_equal(canon(shared_doc, &o384, a, &r2, NULL), RECO_OK);
    assert_int_equal(r1.nlabels, r2.nlabels);
    assert_int_equal(r1.nquads.len, r2.nquads.len);
    assert_string_not_equal(r1.nquads.data, r2.nquads.data);
    reco_rdfc_options bad = {.hash = (reco_hash_alg)7};
    reco_error err;
    assert_int_equal(canon(shared_doc, &bad, a, &r2, &err), RECO_EINVAL);
    reco_rdfc_result_release(&r1);
    reco_rdfc_result_release(&r2);
    reco_arena_free(a);
}

/* A clique of n blank nodes, all related to each other: the classic poison graph. */
static char *clique(int n)
{
    reco_buf b;
    reco_buf_init(&b, 0);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            reco_buf_printf(&b, "_:e%d <http://x/p> _:e%d .\n", i, j);
    return reco_buf_detach(&b, NULL);
}

static void poison_graph_hits_the_work_limit(void **state)
{
    (void)state;
    reco_arena *a = reco_arena_new(0);
    reco_rdfc_result r;
    reco_rdfc_result_init(&r);
    reco_error err;
    char *doc = clique(10);
    assert_int_equal(canon(doc, NULL, a, &r, &err), RECO_ELIMIT);
    assert_true(strncmp(err.msg, "work limit exceeded: ", 21) == 0);
    assert_int_equal(r.nquads.len, 0);
    assert_int_equal(r.nlabels, 0);
    free(doc);

    /* A small clique passes with the defaults but not with a tighter call budget. */
    doc = clique(3);
    assert_int_equal(canon(doc, NULL, a, &r, &err), RECO_OK);
    assert_int_equal(r.nlabels, 3);
    reco_rdfc_options tight = {.max_ndegree_calls = 2};
    assert_int_equal(canon(doc, &tight, a, &r, &err), RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "calls of hash n-degree quads"));
    reco_rdfc_options few_perms = {.max_permutations = 3};
    assert_int_equal(canon(doc, &few_perms, a, &r, &err), RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "permutations"));
    free(doc);
    reco_rdfc_result_release(&r);
    reco_arena_free(a);
}

/* A ring of identical blank nodes recurses along the ring: the depth limit stops it. */
static void depth_limit(void **state)
{
    (void)state;
    reco_arena *a = reco_arena_new(0);
    reco_rdfc_result r;
    reco_rdfc_result_init(&r);
    reco_error err;
    reco_buf b;
    reco_buf_init(&b, 0);
    for (int i = 0; i < 12; i++)
        reco_buf_printf(&b, "_:n%d <http://x/next> _:n%d .\n", i, (i + 1) % 12);
    assert_int_equal(canon(b.data, NULL, a, &r, &err), RECO_OK);
    assert_int_equal(r.nlabels, 12);
    reco_rdfc_options shallow = {.max_ndegree_depth = 4};
    assert_int_equal(canon(b.data, &shallow, a, &r, &err), RECO_ELIMIT);
    assert_non_null(strstr(err.msg, "work limit exceeded: hash n-degree quads nested deeper"));
    reco_buf_release(&b);
    reco_rdfc_result_release(&r);
    reco_arena_free(a);
}

/* A small deterministic generator, so failures reproduce. */
static uint32_t rng_next(uint64_t *st)
{
    *st = *st * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*st >> 33);
}

/*
 * Property: random graphs (few predicates, so many blank nodes look alike and Hash N-Degree
 * Quads has work to do) give the same canonical form after renaming every blank node and
 * shuffling the quads.
 */
static void random_graphs_are_relabelling_invariant(void **state)
{
    (void)state;
    uint64_t seed = 42;
    reco_rdfc_options opt = {.max_ndegree_calls = 100000, .max_permutations = 1000000};
    for (int round = 0; round < 150; round++) {
        int nb = 2 + (int)(rng_next(&seed) % 7), nq = nb + (int)(rng_next(&seed) % (2 * nb));
        int perm[8];
        int edges[32][4];
        for (int i = 0; i < nb; i++)
            perm[i] = i;
        for (int i = nb - 1; i > 0; i--) {
            int j = (int)(rng_next(&seed) % (uint32_t)(i + 1)), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        if (round % 2) {
            for (int q = 0; q < nq; q++) {
                edges[q][0] = (int)(rng_next(&seed) % (uint32_t)nb);
                edges[q][1] = (int)(rng_next(&seed) % 2);
                edges[q][2] = (int)(rng_next(&seed) % (uint32_t)nb);
                edges[q][3] = (int)(rng_next(&seed) % 3); /* 2: a named graph */
            }
        } else {
            /* Regular graphs: node i links to sigma_k(i) for two random permutations, so
             * every node has the same first degree hash and all go through N-degree. */
            int sigma[8];
            nq = 0;
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < nb; i++)
                    sigma[i] = i;
                for (int i = nb - 1; i > 0; i--) {
                    int j = (int)(rng_next(&seed) % (uint32_t)(i + 1)), t = sigma[i];
                    sigma[i] = sigma[j];
                    sigma[j] = t;
                }
                for (int i = 0; i < nb; i++, nq++) {
                    edges[nq][0] = i;
                    edges[nq][1] = 0;
                    edges[nq][2] = sigma[i];
                    edges[nq][3] = 0;
                }
            }
        }
        reco_buf a, b;
        reco_buf_init(&a, 0);
        reco_buf_init(&b, 0);
        for (int q = 0; q < nq; q++) {
            reco_buf_printf(&a, "_:n%d <http://x/p%d> _:n%d%s .\n", edges[q][0], edges[q][1],
                            edges[q][2], edges[q][3] == 2 ? " <http://x/g>" : "");
            /* The other document: renamed nodes, quads in reverse order. */
            int r = nq - 1 - q;
            reco_buf_printf(&b, "_:m%d <http://x/p%d> _:m%d%s .\n", perm[edges[r][0]], edges[r][1],
                            perm[edges[r][2]], edges[r][3] == 2 ? " <http://x/g>" : "");
        }
        reco_arena *ar = reco_arena_new(0);
        reco_rdfc_result r1, r2;
        reco_rdfc_result_init(&r1);
        reco_rdfc_result_init(&r2);
        reco_error err;
        if (canon(a.data, &opt, ar, &r1, &err) != RECO_OK)
            fail_msg("round %d: %s", round, err.msg);
        if (canon(b.data, &opt, ar, &r2, &err) != RECO_OK)
            fail_msg("round %d: %s", round, err.msg);
        if (strcmp(r1.nquads.data, r2.nquads.data) != 0)
            fail_msg("round %d differs:\n%s---\n%s", round, r1.nquads.data, r2.nquads.data);
        reco_rdfc_result_release(&r1);
        reco_rdfc_result_release(&r2);
        reco_arena_free(ar);
        reco_buf_release(&a);
        reco_buf_release(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spec_example_unique_hashes),
        cmocka_unit_test(spec_example_shared_hashes),
        cmocka_unit_test(invariant_under_relabelling),
        cmocka_unit_test(duplicates_count_once),
        cmocka_unit_test(empty_and_ground_datasets),
        cmocka_unit_test(dataset_built_in_memory),
        cmocka_unit_test(sha384),
        cmocka_unit_test(poison_graph_hits_the_work_limit),
        cmocka_unit_test(depth_limit),
        cmocka_unit_test(random_graphs_are_relabelling_invariant),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
