/*
 * test_ld_nquads.c - N-Quads parsing (terms, escapes, comments, errors with line and column,
 * limits) and the canonical writer (RDFC-1.0 Appendix A).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reco/rdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fixture {
    reco_arena *arena;
    reco_dataset ds;
    reco_buf out;
    reco_error err;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->arena = reco_arena_new(0);
    reco_dataset_init(&f->ds, f->arena);
    reco_buf_init(&f->out, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    reco_dataset_release(&f->ds);
    reco_buf_release(&f->out);
    reco_arena_free(f->arena);
    free(f);
    return 0;
}

static reco_code parse(fixture *f, const char *text)
{
    reco_dataset_release(&f->ds);
    reco_dataset_init(&f->ds, f->arena);
    reco_error_clear(&f->err);
    return reco_nquads_parse(text, strlen(text), &f->ds, &f->err);
}

/* Parse then write back: the canonical form of the input. */
static const char *roundtrip(fixture *f, const char *text)
{
    assert_int_equal(parse(f, text), RECO_OK);
    reco_buf_clear(&f->out);
    assert_int_equal(reco_nquads_write(&f->ds, &f->out), RECO_OK);
    return f->out.data;
}

static void terms_of_each_kind(void **state)
{
    fixture *f = *state;
    const char *doc = "<http://a/s> <http://a/p> \"v\" .\n"
                      "_:b0 <http://a/p> \"chat\"@fr-CA <http://a/g> .\n"
                      "<http://a/s> <http://a/p> \"5\"^^<http://www.w3.org/2001/XMLSchema#integer> "
                      "_:g1 .\n";
    assert_int_equal(parse(f, doc), RECO_OK);
    assert_int_equal(f->ds.len, 3);
    const reco_quad *q = f->ds.quads;
    assert_int_equal(q[0].s.kind, RECO_TERM_IRI);
    assert_string_equal(q[0].s.value, "http://a/s");
    assert_int_equal(q[0].o.kind, RECO_TERM_LITERAL);
    assert_string_equal(q[0].o.datatype, RECO_XSD_STRING);
    assert_null(q[0].o.language);
    assert_int_equal(q[0].g.kind, RECO_TERM_DEFAULT_GRAPH);
    assert_int_equal(q[1].s.kind, RECO_TERM_BLANK);
    assert_string_equal(q[1].s.value, "b0");
    assert_string_equal(q[1].o.language, "fr-CA");
    assert_string_equal(q[1].o.datatype, RECO_RDF_LANGSTRING);
    assert_string_equal(q[1].g.value, "http://a/g");
    assert_string_equal(q[2].o.datatype, "http://www.w3.org/2001/XMLSchema#integer");
    assert_int_equal(q[2].g.kind, RECO_TERM_BLANK);
    assert_string_equal(q[2].g.value, "g1");
}

static void comments_blank_lines_and_eols(void **state)
{
    fixture *f = *state;
    const char *doc =
        "# a comment\r\n\n   \t\n<http://a/s> <http://a/p> <http://a/o> . # trailing\r"
        "<http://a/s>\t<http://a/p>   _:x.\n# last line without EOL";
    assert_int_equal(parse(f, doc), RECO_OK);
    assert_int_equal(f->ds.len, 2);
    /* The dot right after a label ends the statement; it is not part of the label. */
    assert_string_equal(f->ds.quads[1].o.value, "x");
    assert_int_equal(parse(f, ""), RECO_OK);
    assert_int_equal(f->ds.len, 0);
}

static void escapes_are_decoded(void **state)
{
    fixture *f = *state;
    assert_int_equal(
        parse(f, "<http://a/\\u0073> <http://a/p> \"a\\tb\\u00e9\\U0001F600\\\"\\'\" ."), RECO_OK);
    assert_string_equal(f->ds.quads[0].s.value, "http://a/s");
    assert_string_equal(f->ds.quads[0].o.value, "a\tb\xc3\xa9\xf0\x9f\x98\x80\"'");
    /* U+0000 is kept: the length says where the value ends. */
    assert_int_equal(parse(f, "<http://a/s> <http://a/p> \"x\\u0000y\" ."), RECO_OK);
    assert_int_equal(f->ds.quads[0].o.value_len, 3);
    assert_memory_equal(f->ds.quads[0].o.value, "x\0y", 3);
}

static void canonical_literal_escapes(void **state)
{
    fixture *f = *state;
    /* Appendix A: ECHAR for BS HT LF FF CR " \, \u00XX for other controls and DEL. */
    const char *got =
        roundtrip(f, "<http://a/s> <http://a/p> "
                     "\"\\b\\t\\n\\f\\r\\\"\\\\\\u0000\\u000b\\u001f\\u007f\\'x\" .\n");
    assert_string_equal(got, "<http://a/s> <http://a/p> "
                             "\"\\b\\t\\n\\f\\r\\\"\\\\\\u0000\\u000B\\u001F\\u007F'x\" .\n");
    /* U+FFFE and U+FFFF are not XML 1.1 Char; non-ASCII otherwise stays as itself. */
    got = roundtrip(f, "<http://a/s> <http://a/p> \"\\uFFFF\\ufffe\\u00e9\" .");
    assert_string_equal(got, "<http://a/s> <http://a/p> \"\\uFFFF\\uFFFE\xc3\xa9\" .\n");
}

static void canonical_layout(void **state)
{
    fixture *f = *state;
    const char *got = roundtrip(f, "<http://a/s>   <http://a/p>\t\"x\"^^"
                                   "<http://www.w3.org/2001/XMLSchema#string>   <http://a/g>  .");
    /* xsd:string is implied; single spaces; " .\n" at the end. */
    assert_string_equal(got, "<http://a/s> <http://a/p> \"x\" <http://a/g> .\n");
    got = roundtrip(f, "_:a <http://a/p> \"1\"^^<http://a/int> .\n_:a <http://a/p> \"x\"@en .");
    assert_string_equal(got, "_:a <http://a/p> \"1\"^^<http://a/int> .\n"
                             "_:a <http://a/p> \"x\"@en .\n");
}

static void write_term_from_other_producers(void **state)
{
    fixture *f = *state;
    /* A literal built in memory (value_len 0 = strlen) and a default graph term. */
    reco_term lit = {.kind = RECO_TERM_LITERAL, .value = "a\"b", .datatype = RECO_XSD_STRING};
    reco_term dg = {.kind = RECO_TERM_DEFAULT_GRAPH};
    reco_buf_clear(&f->out);
    assert_int_equal(reco_nquads_write_term(&lit, &f->out), RECO_OK);
    assert_int_equal(reco_nquads_write_term(&dg, &f->out), RECO_OK);
    assert_string_equal(f->out.data, "\"a\\\"b\"");
}

/* The message names line and column of the problem. */
static void expect_error(fixture *f, const char *doc, reco_code code, const char *where)
{
    assert_int_equal(parse(f, doc), code);
    if (!strstr(f->err.msg, where))
        fail_msg("expected '%s' in '%s'", where, f->err.msg);
}

static void errors_name_line_and_column(void **state)
{
    fixture *f = *state;
    expect_error(f, "<http://a/s> <http://a/p> <http://a/o> .\n<rel> <http://a/p> \"x\" .",
                 RECO_EPARSE, "line 2 column 1: relative iri");
    expect_error(f, "<http://a/s> <http://a/p> \"unterminated .", RECO_EPARSE,
                 "line 1 column 27: unterminated string");
    expect_error(f, "<http://a/s> <http://a/p> \"x\\q\" .", RECO_EPARSE,
                 "line 1 column 29: bad escape");
    expect_error(f, "<http://a/s> <http://a/p> <http://a/o>", RECO_EPARSE, "expected '.'");
    expect_error(f, "<http://a/s> <http://a/p> <http://a/o> . <http://a/x>", RECO_EPARSE,
                 "line 1 column 42: expected the end of the line");
    expect_error(f, "\"lit\" <http://a/p> <http://a/o> .", RECO_EPARSE, "expected a subject");
    expect_error(f, "<http://a/s> _:p <http://a/o> .", RECO_EPARSE, "expected a predicate");
    expect_error(f, "<http://a/s> <http://a/p> \"x\"@ .", RECO_EPARSE, "bad language tag");
    expect_error(f, "<http://a/s> <http://a/p> \"x\"@en- .", RECO_EPARSE, "bad language tag");
    expect_error(f, "<http://a/s> <http://a/p> _:-x .", RECO_EPARSE, "blank node label");
    expect_error(f, "<http://a/s> <http://a/p> \"a\nb\" .", RECO_EPARSE, "line break");
    expect_error(f, "<http://a/\\u0020> <http://a/p> <http://a/o> .", RECO_EPARSE,
                 "not allowed in an iri");
    expect_error(f, "<http://a/ b> <http://a/p> <http://a/o> .", RECO_EPARSE,
                 "line 1 column 11: character not allowed");
    expect_error(f, "<http://a/s> <http://a/p> \"\\uD800\" .", RECO_EPARSE,
                 "not a unicode scalar value");
    expect_error(f, "<http://a/s> <http://a/p> \"\\u12\" .", RECO_EPARSE, "hex digit");
}

static void invalid_utf8_is_refused(void **state)
{
    fixture *f = *state;
    /* Column counts code points: "é" is one column. */
    expect_error(f, "<http://a/s> <http://a/p> \"\xc3\xa9\xff\" .", RECO_EPARSE,
                 "line 1 column 29: invalid utf-8");
    expect_error(f, "<http://a/\xc0\xaf> <http://a/p> <http://a/o> .", RECO_EPARSE,
                 "invalid utf-8");
    expect_error(f, "# comment \xed\xa0\x80\n", RECO_EPARSE, "invalid utf-8");
}

static void limits(void **state)
{
    fixture *f = *state;
    reco_dataset_release(&f->ds);
    reco_dataset_init(&f->ds, f->arena);
    f->ds.max_quads = 2;
    const char *doc = "<http://a/s> <http://a/p> \"1\" .\n<http://a/s> <http://a/p> \"2\" .\n"
                      "<http://a/s> <http://a/p> \"3\" .\n";
    assert_int_equal(reco_nquads_parse(doc, strlen(doc), &f->ds, &f->err), RECO_ELIMIT);
    assert_non_null(strstr(f->err.msg, "too many quads"));

    /* A literal over 1 MiB is refused. */
    size_t n = (1u << 20) + 64;
    char *big = malloc(n + 64);
    size_t k = (size_t)snprintf(big, 64, "<http://a/s> <http://a/p> \"");
    memset(big + k, 'x', n);
    memcpy(big + k + n, "\" .", 4);
    assert_int_equal(parse(f, big), RECO_ELIMIT);
    assert_non_null(strstr(f->err.msg, "too long"));
    free(big);
}

/* Blank node predicates: refused by default, accepted only with RECO_NQUADS_GENERALIZED. */
static void generalized_predicates_on_request(void **state)
{
    fixture *f = *state;
    const char *doc = "_:b0 _:b1 \"v\" .\n";
    assert_int_equal(parse(f, doc), RECO_EPARSE);
    assert_non_null(strstr(f->err.msg, "expected a predicate iri"));
    reco_dataset_release(&f->ds);
    reco_dataset_init(&f->ds, f->arena);
    assert_int_equal(
        reco_nquads_parse_ex(doc, strlen(doc), RECO_NQUADS_GENERALIZED, &f->ds, &f->err), RECO_OK);
    assert_int_equal(f->ds.len, 1);
    assert_int_equal(f->ds.quads[0].p.kind, RECO_TERM_BLANK);
    assert_string_equal(f->ds.quads[0].p.value, "b1");
    reco_buf_clear(&f->out);
    assert_int_equal(reco_nquads_write(&f->ds, &f->out), RECO_OK);
    assert_string_equal(f->out.data, doc);
    /* Literals stay out of predicate position even then. */
    const char *bad = "_:b0 \"p\" \"v\" .\n";
    assert_int_equal(
        reco_nquads_parse_ex(bad, strlen(bad), RECO_NQUADS_GENERALIZED, &f->ds, &f->err),
        RECO_EPARSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(terms_of_each_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(comments_blank_lines_and_eols, setup, teardown),
        cmocka_unit_test_setup_teardown(escapes_are_decoded, setup, teardown),
        cmocka_unit_test_setup_teardown(canonical_literal_escapes, setup, teardown),
        cmocka_unit_test_setup_teardown(canonical_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(write_term_from_other_producers, setup, teardown),
        cmocka_unit_test_setup_teardown(errors_name_line_and_column, setup, teardown),
        cmocka_unit_test_setup_teardown(invalid_utf8_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(limits, setup, teardown),
        cmocka_unit_test_setup_teardown(generalized_predicates_on_request, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
