/*
 * test_ld_tordf.c - Deserialize JSON-LD to RDF (JSON-LD 1.1 API §8.1) over hand-written
 * expanded documents: node map generation (blank node labels, merging, named graphs, @reverse,
 * @included), literals (numbers, booleans, @json, languages, directions), lists and the
 * well-formedness rules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "reco/ld.h"
#include "reco/json.h"

#include <stdio.h>
#include <string.h>

#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define XSD "http://www.w3.org/2001/XMLSchema#"

typedef struct fixture {
    reco_arena *arena;
    reco_dataset ds;
    reco_error err;
    bool safe;       /* run in safe mode */
    char text[8192]; /* the quads as sorted lines, for assertions */
} fixture;

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof f);
    f.arena = reco_arena_new(0);
    assert_non_null(f.arena);
    reco_dataset_init(&f.ds, f.arena);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    reco_dataset_release(&f->ds);
    reco_arena_free(f->arena);
    return 0;
}

/* One term as N-Quads writes it (the test values need no escaping). */
static void term_text(const reco_term *t, char *out, size_t n)
{
    switch (t->kind) {
    case RECO_TERM_IRI:
        snprintf(out, n, "<%s>", t->value);
        break;
    case RECO_TERM_BLANK:
        snprintf(out, n, "_:%s", t->value);
        break;
    case RECO_TERM_LITERAL:
        if (t->language)
            snprintf(out, n, "\"%s\"@%s", t->value, t->language);
        else if (strcmp(t->datatype, XSD "string") == 0)
            snprintf(out, n, "\"%s\"", t->value);
        else
            snprintf(out, n, "\"%s\"^^<%s>", t->value, t->datatype);
        break;
    default:
        out[0] = '\0';
    }
}

static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Run toRdf over the expanded JSON text and render the dataset as sorted N-Quads-like lines
 * in f->text. Returns the code of reco_ld_expanded_to_rdf.
 */
static reco_code run(fixture *f, const char *expanded, reco_ld_rdf_direction dir, bool gen)
{
    json_error_t jerr;
    json_t *doc = json_loads(expanded, 0, &jerr);
    reco_ld_options opt;
    reco_code rc;
    static char lines[256][1024];
    const char *order[256];
    size_t used = 0;

    if (!doc)
        fail_msg("bad test json: %s", jerr.text);
    memset(&opt, 0, sizeof opt);
    opt.rdf_direction = dir;
    opt.generalized_rdf = gen;
    opt.safe = f->safe;
    rc = reco_ld_expanded_to_rdf(doc, &opt, &f->ds, &f->err);
    json_decref(doc);
    assert_true(f->ds.len <= 256);
    for (size_t i = 0; i < f->ds.len; i++) {
        char s[160], p[160], o[160], g[160];
        const reco_quad *q = &f->ds.quads[i];
        term_text(&q->s, s, sizeof s);
        term_text(&q->p, p, sizeof p);
        term_text(&q->o, o, sizeof o);
        term_text(&q->g, g, sizeof g);
        snprintf(lines[i], sizeof lines[i], "%s %s %s%s%s .", s, p, o, g[0] ? " " : "", g);
        order[i] = lines[i];
    }
    qsort(order, f->ds.len, sizeof order[0], cmp_line);
    f->text[0] = '\0';
    for (size_t i = 0; i < f->ds.len; i++)
        used += (size_t)snprintf(f->text + used, sizeof f->text - used, "%s\n", order[i]);
    return rc;
}

/* The dataset holds exactly these lines (sorted, newline-terminated). */
#define assert_quads(f, expected) assert_string_equal((f)->text, expected)

static void test_plain_triple(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f,
                         "[{\"@id\":\"http://ex/s\",\"http://ex/p\":[{\"@value\":\"hi\"}],"
                         "\"@type\":[\"http://ex/T\"]}]",
                         RECO_LD_RDFDIR_NONE, false),
                     RECO_OK);
    assert_quads(f, "<http://ex/s> <http://ex/p> \"hi\" .\n"
                    "<http://ex/s> <" RDF "type> <http://ex/T> .\n");
}

static void test_numbers(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f,
                         "[{\"@id\":\"http://ex/s\",\"http://ex/p\":["
                         "{\"@value\":1.1},{\"@value\":5},{\"@value\":2.0},{\"@value\":1e21},"
                         "{\"@value\":123.45},{\"@value\":-1.5e-7},{\"@value\":0.0},"
                         "{\"@value\":7,\"@type\":\"" XSD "double\"},"
                         "{\"@value\":1e20}]}]",
                         RECO_LD_RDFDIR_NONE, false),
                     RECO_OK);
    assert_quads(f, "<http://ex/s> <http://ex/p> \"-1.5E-7\"^^<" XSD "double> .\n"
                    "<http://ex/s> <http://ex/p> \"0\"^^<" XSD "integer> .\n"
                    "<http://ex/s> <http://ex/p> \"1.0E21\"^^<" XSD "double> .\n"
                    "<http://ex/s> <http://ex/p> \"1.1E0\"^^<" XSD "double> .\n"
                    "<http://ex/s> <http://ex/p> \"1.2345E2\"^^<" XSD "double> .\n"
                    "<http://ex/s> <http://ex/p> \"100000000000000000000\"^^<" XSD "integer> .\n"
                    "<http://ex/s> <http://ex/p> \"2\"^^<" XSD "integer> .\n"
                    "<http://ex/s> <http://ex/p> \"5\"^^<" XSD "integer> .\n"
                    "<http://ex/s> <http://ex/p> \"7.0E0\"^^<" XSD "double> .\n");
}

static void test_booleans_and_typed(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f,
                         "[{\"@id\":\"http://ex/s\",\"http://ex/p\":[{\"@value\":true},"
                         "{\"@value\":false},{\"@value\":\"x\",\"@type\":\"http://ex/dt\"},"
                         "{\"@value\":3,\"@type\":\"http://ex/n\"}]}]",
                         RECO_LD_RDFDIR_NONE, false),
                     RECO_OK);
    assert_quads(f, "<http://ex/s> <http://ex/p> \"3\"^^<http://ex/n> .\n"
                    "<http://ex/s> <http://ex/p> \"false\"^^<" XSD "boolean> .\n"
                    "<http://ex/s> <http://ex/p> \"true\"^^<" XSD "boolean> .\n"
                    "<http://ex/s> <http://ex/p> \"x\"^^<http://ex/dt> .\n");
}

static void test_json_literal(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f,
                         "[{\"@id\":\"http://ex/s\",\"http://ex/p\":[{\"@type\":\"@json\","
                         "\"@value\":{\"b\":1.0,\"a\":[true,null, 1e2]}}]}]",
                         RECO_LD_RDFDIR_NONE, false),
                     RECO_OK);
    /* JCS: keys sorted, no spaces, ECMAScript numbers. */
    assert_quads(f, "<http://ex/s> <http://ex/p> \"{\"a\":[true,null,100],\"b\":1}\"^^<" RDF
                    "JSON> .\n");
}

static void test_blank_node_labels(void **state)
{
    fixture *f = *state;
    /* _:z is met first (b0), then _:a (b1) as its value, then the node without @id (b2). */
    assert_int_equal(run(f,
                         "[{\"@id\":\"_:z\",\"http://ex/p\":[{\"@id\":\"_:a\"}]},"
                         "{\"http://ex/q\":[{\"@id\":\"_:z\"}]}]",
                         RECO_LD_RDFDIR_NONE, false),
                     RECO_OK);
    assert_quads(f, "_:b0 <http://ex/p> _:b1 .\n"
                    "_:b2 <http://ex/q> _:b0 .\n");

    /* §7.2 step 3 relabels blank node types before step 6.1 relabels the node itself. */
    f->ds.len = 0;
    assert_int_equal(run(f,
                         "[{\"@id\":\"_:x\",\"@type\":[\"_:t\"],\"http://ex/p\":[{\"@id\":"
                         "\"_:x\"}]}]",
                         RECO_LD_RDFDIR_NONE, false),
                     RECO_OK);
    assert_quads(f, "_:b1 <http://ex/p> _:b1 .\n"
                    "_:b1 <" RDF "type> _:b0 .\n");
}

static void test_merge_and_dedupe(void **state)
{
    fixture *f = *state;
    /* The same node twice: equal values are merged, the type is not repeated. */
    assert_int_equal(run(f,
                         "[{\"@id\":\"http://ex/s\",\"@type\":[\"http://ex/T\"],"
                         "\"http://ex/p\":[{\"@value\":\"v\"}]},"
                         "{\"@id\":\"http://ex/s\",\"@type\":[\"http://ex/T\"],"
                         "\"http://ex/p\":[{\"@value\":\"v\"},{\"@value\":\"w\"}]}]",
                         RECO_LD_RDFDIR_NONE, false),
                     RECO_OK);
    assert_quads(f, "<http://ex/s> <http://ex/p> \"v\" .\n"
                    "<http://ex/s> <http://ex/p> \"w\" .\n"
                    "<http://ex/s> <" RDF "type> <http://ex/T> .\n");
}

static void test_named_graph(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f,
                         "[{\"@id\":\"http://ex/g\",\"http://ex/label\":[{\"@value\":\"G\"}],"
                         "\"@graph\":[{\"@id\":\"http://ex/s\",\"http://ex/p\":[{\"@id\":"
                         "\"http://ex/o\"}]}]},"
                         "{\"@graph\":[{\"@id\":\"http://ex/t\",\"http://ex/p\":[{\"@value\":1}]}]}"
                         "]",
                         RECO_LD_RDFDIR_NONE, false),
                     RECO_OK);
    assert_quads(f, "<http://ex/g> <http://ex/label> \"G\" .\n"
                    "<http://ex/s> <http://ex/p> <http://ex/o> <http://ex/g> .\n"
                    "<http://ex/t> <http://ex/p> \"1\"^^<" XSD "integer> _:b0 .\n");
}

static void test_lists(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f,
                         "[{\"@id\":\"http://ex/s\",\"http://ex/p\":[{\"@list\":[{\"@value\":1},"
                         "{\"@id\":\"http://ex/o\"}]}],\"http://ex/e\":[{\"@list\":[]}]}]",
                         RECO_LD_RDFDIR_NONE, false),
                     RECO_OK);
    assert_quads(f, "<http://ex/s> <http://ex/e> <" RDF "nil> .\n"
                    "<http://ex/s> <http://ex/p> _:b0 .\n"
                    "_:b0 <" RDF "first> \"1\"^^<" XSD "integer> .\n"
                    "_:b0 <" RDF "rest> _:b1 .\n"
                    "_:b1 <" RDF "first> <http://ex/o> .\n"
                    "_:b1 <" RDF "rest> <" RDF "nil> .\n");
}

static void test_list_of_lists(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f,
                         "[{\"@id\":\"http://ex/s\",\"http://ex/p\":[{\"@list\":[{\"@list\":"
                         "[{\"@value\":\"a\"}]}]}]}]",
                         RECO_LD_RDFDIR_NONE, false),
                     RECO_OK);
    assert_quads(f, "<http://ex/s> <http://ex/p> _:b0 .\n"
                    "_:b0 <" RDF "first> _:b1 .\n"
                    "_:b0 <" RDF "rest> <" RDF "nil> .\n"
                    "_:b1 <" RDF "first> \"a\" .\n"
                    "_:b1 <" RDF "rest> <" RDF "nil> .\n");
}

static void test_reverse_and_included(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f,
                         "[{\"@id\":\"http://ex/s\",\"@reverse\":{\"http://ex/knows\":"
                         "[{\"@id\":\"http://ex/o\"}]},\"@included\":[{\"@id\":\"http://ex/i\","
                         "\"http://ex/p\":[{\"@value\":\"inc\"}]}]}]",
                         RECO_LD_RDFDIR_NONE, false),
                     RECO_OK);
    assert_quads(f, "<http://ex/i> <http://ex/p> \"inc\" .\n"
                    "<http://ex/o> <http://ex/knows> <http://ex/s> .\n");
}

static void test_language_and_direction(void **state)
{
    fixture *f = *state;
    const char *doc = "[{\"@id\":\"http://ex/s\",\"http://ex/p\":[{\"@value\":\"hi\","
                      "\"@language\":\"en-US\",\"@direction\":\"rtl\"},{\"@value\":\"x\","
                      "\"@direction\":\"ltr\"}]}]";

    /* No rdfDirection: the direction is dropped, the tag is kept as written. */
    assert_int_equal(run(f, doc, RECO_LD_RDFDIR_NONE, false), RECO_OK);
    assert_quads(f, "<http://ex/s> <http://ex/p> \"hi\"@en-US .\n"
                    "<http://ex/s> <http://ex/p> \"x\" .\n");

    f->ds.len = 0;
    assert_int_equal(run(f, doc, RECO_LD_RDFDIR_I18N_DATATYPE, false), RECO_OK);
    assert_quads(f, "<http://ex/s> <http://ex/p> \"hi\"^^<https://www.w3.org/ns/i18n#en-us_rtl> .\n"
                    "<http://ex/s> <http://ex/p> \"x\"^^<https://www.w3.org/ns/i18n#_ltr> .\n");

    f->ds.len = 0;
    assert_int_equal(run(f, doc, RECO_LD_RDFDIR_COMPOUND_LITERAL, false), RECO_OK);
    assert_quads(f, "<http://ex/s> <http://ex/p> _:b0 .\n"
                    "<http://ex/s> <http://ex/p> _:b1 .\n"
                    "_:b0 <" RDF "direction> \"rtl\" .\n"
                    "_:b0 <" RDF "language> \"en-us\" .\n"
                    "_:b0 <" RDF "value> \"hi\" .\n"
                    "_:b1 <" RDF "direction> \"ltr\" .\n"
                    "_:b1 <" RDF "value> \"x\" .\n");
}

static void test_ill_formed_skipped(void **state)
{
    fixture *f = *state;
    assert_int_equal(
        run(f,
            "[{\"@id\":\"rel/s\",\"http://ex/p\":[{\"@value\":\"dropped\"}]},"
            "{\"@id\":\"http://ex/a b\",\"http://ex/p\":[{\"@value\":\"dropped\"}]},"
            "{\"@id\":\"http://ex/s\",\"http://ex/a b\":[{\"@value\":\"dropped\"}],"
            "\"rel\":[{\"@value\":\"dropped\"}],"
            "\"_:bp\":[{\"@value\":\"dropped\"}],"
            "\"@type\":[\"http://ex/T\",\"http://in valid\"],"
            "\"http://ex/p\":[{\"@value\":\"a\",\"@language\":\"a b\"},{\"@id\":\"rel/o\"},"
            "{\"@value\":\"b\",\"@language\":\"de-CH-1996\"},{\"@value\":\"c\",\"@type\":\"x y\"},"
            "{\"@value\":\"d\",\"@language\":\"en-\"},{\"@value\":\"e\",\"@language\":\"x-priv\"}]}"
            "]",
            RECO_LD_RDFDIR_NONE, false),
        RECO_OK);
    assert_quads(f, "<http://ex/s> <http://ex/p> \"b\"@de-CH-1996 .\n"
                    "<http://ex/s> <http://ex/p> \"e\"@x-priv .\n"
                    "<http://ex/s> <" RDF "type> <http://ex/T> .\n");
}

static void test_generalized_rdf(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f, "[{\"@id\":\"http://ex/s\",\"_:p\":[{\"@value\":\"v\"}]}]",
                         RECO_LD_RDFDIR_NONE, true),
                     RECO_OK);
    assert_quads(f, "<http://ex/s> _:b0 \"v\" .\n");
}

static void test_conflicting_indexes(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f,
                         "[{\"@id\":\"http://ex/s\",\"@index\":\"a\"},"
                         "{\"@id\":\"http://ex/s\",\"@index\":\"b\"}]",
                         RECO_LD_RDFDIR_NONE, false),
                     RECO_EPARSE);
    assert_memory_equal(f->err.msg, "conflicting indexes:", 20);
}

static void test_null_id_dropped(void **state)
{
    fixture *f = *state;
    /* {"@id": null} is what expansion leaves for an IRI of keyword form: no triple names it. */
    assert_int_equal(run(f,
                         "[{\"@id\":\"http://ex/s\",\"http://ex/p\":[{\"@id\":null},"
                         "{\"@id\":\"http://ex/o\"}]},{\"@id\":null,\"http://ex/q\":"
                         "[{\"@value\":\"x\"}]}]",
                         RECO_LD_RDFDIR_NONE, false),
                     RECO_OK);
    assert_quads(f, "<http://ex/s> <http://ex/p> <http://ex/o> .\n");
}

static void test_safe_mode(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *doc;
        const char *msg;
    } cases[] = {
        {"[{\"@id\":\"rel/s\",\"http://ex/p\":[{\"@value\":\"v\"}]}]",
         "safe mode: relative subject reference: 'rel/s'"},
        {"[{\"@id\":\"http://ex/s\",\"rel\":[{\"@value\":\"v\"}]}]",
         "safe mode: relative property reference: 'rel'"},
        {"[{\"@id\":\"http://ex/s\",\"http://ex/p\":[{\"@id\":\"rel/o\"}]}]",
         "safe mode: relative object reference: 'rel/o'"},
        {"[{\"@id\":\"http://ex/s\",\"@type\":[\"T\"]}]",
         "safe mode: relative type reference: 'T'"},
        {"[{\"@id\":\"http://ex/s\",\"_:p\":[{\"@value\":\"v\"}]}]",
         "safe mode: blank node predicate: '_:b0'"},
        {"[{\"@id\":\"http://ex/s\",\"http://ex/p\":[{\"@value\":\"v\",\"@language\":\"a b\"}]}]",
         "safe mode: ill-formed language tag: 'a b'"},
        {"[{\"@id\":\"g\",\"@graph\":[{\"@id\":\"http://ex/s\",\"http://ex/"
         "p\":[{\"@value\":1}]}]}]",
         "safe mode: relative graph reference: 'g'"},
    };

    f->safe = true;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        f->ds.len = 0;
        assert_int_equal(run(f, cases[i].doc, RECO_LD_RDFDIR_NONE, false), RECO_EPARSE);
        assert_string_equal(f->err.msg, cases[i].msg);
    }
    /* A failed call leaves the dataset as it was, here empty, though a quad was made first. */
    f->ds.len = 0;
    assert_int_equal(run(f,
                         "[{\"@id\":\"http://ex/s\",\"http://ex/p\":[{\"@value\":\"v\"}]},"
                         "{\"@id\":\"rel/s\",\"http://ex/p\":[{\"@value\":\"v\"}]}]",
                         RECO_LD_RDFDIR_NONE, false),
                     RECO_EPARSE);
    assert_int_equal(f->ds.len, 0);
    /* Well-formed data, and an ill-formed node that says nothing, pass in safe mode. */
    f->ds.len = 0;
    assert_int_equal(run(f,
                         "[{\"@id\":\"rel/quiet\"},{\"@id\":\"http://ex/s\",\"http://ex/p\":"
                         "[{\"@value\":\"v\",\"@language\":\"en\"}]}]",
                         RECO_LD_RDFDIR_NONE, false),
                     RECO_OK);
    assert_quads(f, "<http://ex/s> <http://ex/p> \"v\"@en .\n");
}

static void test_merge_long_arrays(void **state)
{
    fixture *f = *state;
    char doc[8192];
    size_t n = 0;

    /* The same 40 values twice (keys in another order the second time): each kept once. */
    n += (size_t)snprintf(doc + n, sizeof doc - n, "[");
    for (int round = 0; round < 2; round++) {
        n += (size_t)snprintf(doc + n, sizeof doc - n,
                              "%s{\"@id\":\"http://ex/s\",\"http://ex/p\":[", round ? "," : "");
        for (int i = 0; i < 40; i++)
            n += (size_t)snprintf(doc + n, sizeof doc - n,
                                  round ? "%s{\"@type\":\"http://ex/t\",\"@value\":\"%d\"}"
                                        : "%s{\"@value\":\"%d\",\"@type\":\"http://ex/t\"}",
                                  i ? "," : "", i);
        n += (size_t)snprintf(doc + n, sizeof doc - n, "]}");
    }
    n += (size_t)snprintf(doc + n, sizeof doc - n, "]");
    assert_true(n < sizeof doc);
    assert_int_equal(run(f, doc, RECO_LD_RDFDIR_NONE, false), RECO_OK);
    assert_int_equal(f->ds.len, 40);
    assert_non_null(strstr(f->text, "<http://ex/s> <http://ex/p> \"39\"^^<http://ex/t> .\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_plain_triple, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_booleans_and_typed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_literal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blank_node_labels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_and_dedupe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_long_arrays, setup, teardown),
        cmocka_unit_test_setup_teardown(test_named_graph, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_of_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reverse_and_included, setup, teardown),
        cmocka_unit_test_setup_teardown(test_language_and_direction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ill_formed_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_generalized_rdf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_conflicting_indexes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_null_id_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_safe_mode, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
