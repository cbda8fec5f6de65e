/*
 * reco/rdf.h - RDF datasets, N-Quads (RDF 1.1 N-Quads, with the canonical form RDFC-1.0 §4.3
 * asks for) and RDF Dataset Canonicalization RDFC-1.0.
 */
#ifndef RECO_RDF_H
#define RECO_RDF_H

#include "reco/common.h"
#include "reco/base.h"

/** What a term is. */
typedef enum reco_term_kind {
    RECO_TERM_IRI = 1,
    RECO_TERM_BLANK, /**< value is the label without "_:" */
    RECO_TERM_LITERAL,
    RECO_TERM_DEFAULT_GRAPH
} reco_term_kind;

/** The IRI of xsd:string, the datatype of simple literals. */
#define RECO_XSD_STRING "http://www.w3.org/2001/XMLSchema#string"
/** The IRI of rdf:langString, the datatype of literals with a language tag. */
#define RECO_RDF_LANGSTRING "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

/** One term. Strings are NUL-terminated UTF-8 that the dataset's arena owns. */
typedef struct reco_term {
    reco_term_kind kind;
    const char *value;
    const char *datatype; /**< literals: IRI, never NULL (xsd:string or rdf:langString) */
    const char *language; /**< literals with a language tag, else NULL */
    /**
     * Byte length of value. 0 means strlen(value); set it when a literal holds U+0000 (the
     * N-Quads parser always sets it for literals).
     */
    size_t value_len;
} reco_term;

/** One quad; the graph is a term too. */
typedef struct reco_quad {
    reco_term s, p, o, g; /**< g.kind == RECO_TERM_DEFAULT_GRAPH for the default graph */
} reco_quad;

/** A list of quads whose strings live in arena. Caller-owned (init / release). */
typedef struct reco_dataset {
    reco_arena *arena; /**< not owned */
    reco_quad *quads;  /**< malloc'ed array */
    size_t len, cap;
    size_t max_quads; /**< 0 = 1,000,000 */
} reco_dataset;

/** An empty dataset whose strings will live in arena (not owned); max_quads 0 (default). */
RECO_API void reco_dataset_init(reco_dataset *ds, reco_arena *arena);
/** Free the quad array (not the arena); ds is then empty and may be reused. NULL is fine. */
RECO_API void reco_dataset_release(reco_dataset *ds);
/**
 * Append a quad (its strings must already live in ds->arena or outlive it). RECO_ELIMIT past
 * max_quads ("too many quads: the limit is N"), RECO_ENOMEM.
 */
RECO_API reco_code reco_dataset_add(reco_dataset *ds, const reco_quad *q, reco_error *err);

/**
 * Parse N-Quads (RDF 1.1 N-Quads grammar) into ds (strings copied into ds->arena). Errors are
 * RECO_EPARSE with a message "line L column C: what is wrong" (columns count code points from
 * 1). Refuses invalid UTF-8, bad escapes, relative IRIs, escapes in IRIs that decode to
 * characters an IRI may not hold, terms longer than 1 MiB, and more than ds->max_quads quads
 * (RECO_ELIMIT). Quads are appended in document order; duplicates are kept (RDFC removes them).
 */
RECO_API reco_code reco_nquads_parse(const char *text, size_t n, reco_dataset *ds, reco_error *err);

/** Flags of reco_nquads_parse_ex. */
enum {
    RECO_NQUADS_STRICT = 0, /**< RDF 1.1 N-Quads: what reco_nquads_parse accepts */
    /** Generalized RDF (RDF 1.1 Concepts §7): blank nodes accepted as predicates, as toRdf
     *  makes them with produceGeneralizedRdf. Everything else stays as strict. */
    RECO_NQUADS_GENERALIZED = 1
};
/** reco_nquads_parse with flags (RECO_NQUADS_*); reco_nquads_parse is flags 0. */
RECO_API reco_code reco_nquads_parse_ex(const char *text, size_t n, unsigned flags,
                                        reco_dataset *ds, reco_error *err);
/**
 * Append one term in canonical N-Quads form (RDFC-1.0 Appendix A): IRIs as <iri>, blank nodes
 * as _:label, literals quoted with the escapes canonical N-Quads requires, "^^<datatype>"
 * unless xsd:string, "@lang" for language-tagged strings. A default graph term appends
 * nothing. RECO_ELIMIT when out's cap is reached, RECO_ENOMEM.
 */
RECO_API reco_code reco_nquads_write_term(const reco_term *t, reco_buf *out);
/** Append one quad as a canonical N-Quads line (RDFC-1.0 §4.3 / N-Quads canonical form). */
RECO_API reco_code reco_nquads_write_quad(const reco_quad *q, reco_buf *out);
/** Append every quad, in order. */
RECO_API reco_code reco_nquads_write(const reco_dataset *ds, reco_buf *out);

/** The hash function of RDFC-1.0 (SHA-256 by default, §4.2; SHA-384 on request). */
typedef enum reco_hash_alg { RECO_HASH_SHA256 = 0, RECO_HASH_SHA384 } reco_hash_alg;

/** Options of reco_rdfc_canonicalize; zero fields take the defaults. */
typedef struct reco_rdfc_options {
    reco_hash_alg hash;
    /** Poison-graph guard: maximum calls of Hash N-Degree Quads (0 = default 4096). */
    size_t max_ndegree_calls;
    /** Maximum recursion depth of Hash N-Degree Quads (0 = default 32; at most 4096). */
    size_t max_ndegree_depth;
    /**
     * Maximum permutations of related blank node lists examined over the whole run (0 =
     * default 65536): a node with many indistinguishable neighbours costs n! permutations
     * even when no recursion happens.
     */
    size_t max_permutations;
} reco_rdfc_options;

/** One entry of the issued identifier map: input label -> canonical label (no "_:"). */
typedef struct reco_rdfc_label {
    const char *input;
    const char *canonical;
} reco_rdfc_label;

/** What RDFC-1.0 returns (§4.4.3 steps 6-7). Caller-owned: init / release. */
typedef struct reco_rdfc_result {
    reco_buf nquads;         /**< canonical N-Quads, sorted, duplicates removed */
    reco_rdfc_label *labels; /**< malloc'ed issued identifier map, in issue order (c14n0...) */
    size_t nlabels;
} reco_rdfc_result;

/** An empty result; it may be passed to reco_rdfc_canonicalize again and again. */
RECO_API void reco_rdfc_result_init(reco_rdfc_result *r);
/** Free the N-Quads buffer and the label array (NULL is fine). */
RECO_API void reco_rdfc_result_release(reco_rdfc_result *r);

/**
 * RDFC-1.0 (§4.4). opt may be NULL for defaults. Exceeding the work limit gives RECO_ELIMIT
 * with a message starting "work limit exceeded: ". Label strings live in ds->arena.
 * The dataset is taken as a set: duplicate quads count once. out must have been initialised
 * with reco_rdfc_result_init; on error it is left empty. Blank nodes in predicate position
 * (generalized RDF) are relabelled like the others.
 */
RECO_API reco_code reco_rdfc_canonicalize(const reco_dataset *ds, const reco_rdfc_options *opt,
                                          reco_rdfc_result *out, reco_error *err);

#endif
