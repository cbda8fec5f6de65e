/*
 * reco/ld.h - JSON-LD 1.1: the document loader with the bundled contexts, expansion, and
 * Deserialize JSON-LD to RDF (JSON-LD 1.1 Processing Algorithms and API).
 */
#ifndef RECO_LD_H
#define RECO_LD_H

#include "reco/common.h"
#include "reco/base.h"
#include "reco/rdf.h"
#include <jansson.h>

/* ---------------------------------------------------------------- bundled contexts */

/** One context compiled into the binary. */
typedef struct reco_ld_bundled {
    const char *url;  /**< the URL it answers to (one entry per URL) */
    const char *data; /**< JSON text, NUL-terminated */
    size_t len;
    const char *source; /**< "npm-package@version/path" */
} reco_ld_bundled;

/** The table of bundled contexts, *n entries. */
RECO_API const reco_ld_bundled *reco_ld_bundled_list(size_t *n);
/** The bundled context for exactly this URL, or NULL. */
RECO_API const reco_ld_bundled *reco_ld_bundled_find(const char *url);

/* ---------------------------------------------------------------- document loader */

/**
 * A remote fetcher supplied by a higher layer (the one HTTP client). It stores the body in
 * body (whose cap enforces the size limit) and may set *final_url (malloc'ed) after redirects.
 */
typedef reco_code (*reco_ld_fetch_fn)(void *ctx, const char *url, reco_buf *body, char **final_url,
                                      reco_error *err);

typedef struct reco_ld_loader reco_ld_loader;

/** A loader that knows the bundled contexts and refuses every other URL. */
RECO_API reco_ld_loader *reco_ld_loader_new(void);
RECO_API void reco_ld_loader_free(reco_ld_loader *l);
/**
 * Documents whose URL starts with prefix are read from dir + rest of URL (tests' --map). The
 * longest matching prefix wins; a rest with a ".." segment, a backslash or a leading '/' is
 * refused; a query or fragment is not part of the file name. At most 16 maps (RECO_ELIMIT).
 */
RECO_API reco_code reco_ld_loader_map(reco_ld_loader *l, const char *prefix, const char *dir,
                                      reco_error *err);
/**
 * Allow remote loading through fetch, at most max_docs documents of at most max_bytes each
 * over the loader's life (0 = defaults 32 and 1 MiB).
 */
RECO_API void reco_ld_loader_allow_fetch(reco_ld_loader *l, reco_ld_fetch_fn fetch, void *ctx,
                                         size_t max_docs, size_t max_bytes);
/**
 * Load url: bundled first, then the maps, then fetch when allowed; otherwise RECO_ENOTFOUND
 * ("loading document failed: <url> is not a bundled context and fetching is not allowed");
 * RECO_ELIMIT past the fetch budget. Every error message begins "loading document failed: "
 * (JSON-LD 1.1 API §9.5). The document is parsed once and cached by the loader; *doc is
 * borrowed and lives as long as the loader.
 */
RECO_API reco_code reco_ld_loader_load(reco_ld_loader *l, const char *url, const json_t **doc,
                                       reco_error *err);
/**
 * reco_ld_loader_load, also giving the RemoteDocument's documentUrl (JSON-LD 1.1 API §9.4.1):
 * the URL after redirects when a fetch was redirected, else url. *document_url (may be NULL
 * to skip) is borrowed and lives as long as the loader.
 */
RECO_API reco_code reco_ld_loader_load_remote(reco_ld_loader *l, const char *url,
                                              const json_t **doc, const char **document_url,
                                              reco_error *err);

/* ---------------------------------------------------------------- processing */

typedef enum reco_ld_rdf_direction {
    RECO_LD_RDFDIR_NONE = 0,
    RECO_LD_RDFDIR_I18N_DATATYPE,
    RECO_LD_RDFDIR_COMPOUND_LITERAL
} reco_ld_rdf_direction;

/**
 * Processed contexts kept across calls: a second document with the same @context is not
 * processed again. Not thread-safe: one cache per thread. Use it with one loader (or loaders
 * that answer the same documents for the same URLs).
 */
typedef struct reco_ld_cache reco_ld_cache;

/** A new cache holding at most max_bytes of processed contexts (0 = 64 MiB); NULL on ENOMEM. */
RECO_API reco_ld_cache *reco_ld_cache_new(size_t max_bytes);
/** Free the cache (NULL does nothing). */
RECO_API void reco_ld_cache_free(reco_ld_cache *c);

typedef struct reco_ld_options {
    const char *base;             /**< document base IRI, or NULL */
    const json_t *expand_context; /**< expandContext option, or NULL */
    bool json_ld_10;              /**< processingMode json-ld-1.0 (default 1.1) */
    bool safe;                    /**< undefined terms and dropped values are errors */
    bool generalized_rdf;         /**< produceGeneralizedRdf */
    reco_ld_rdf_direction rdf_direction;
    reco_ld_loader *loader;   /**< required */
    size_t max_context_depth; /**< nested / imported contexts (0 = 32) */
    /** Processed contexts to reuse across calls, or NULL for the loader's own cache (so a
     *  loader that lives across calls processes each context once). When full, the cache is
     *  emptied at the start of the next call. */
    reco_ld_cache *cache;
} reco_ld_options;

/**
 * Errors from processing: err->code RECO_EPARSE (or RECO_ELIMIT for limits) and err->msg
 * "<JSON-LD error code>: <detail>", the code spelled as in JSON-LD 1.1 API §9.5 (for example
 * "invalid @id value: ..."). In safe mode "safe mode: ..." naming the term.
 */

/**
 * Expansion (JSON-LD 1.1 API §5.1.2); *out is a new reference (always an array), NULL on error.
 * err->path is the JSON pointer of the offending entry. Safe mode refuses, instead of dropping:
 * a property the context does not define ("safe mode: the property 'foo' is not defined by the
 * context"), a @type, @id, @vocab or @id-typed value that does not become an absolute IRI or
 * blank node, a keyword-like term, and free-floating values, lists, scalars and empty objects.
 * Limits (RECO_ELIMIT): "context overflow: ..." past max_context_depth nested or remote
 * contexts or a full cache, "document too deep: ..." past 200 levels of nesting.
 */
RECO_API reco_code reco_ld_expand(const json_t *doc, const reco_ld_options *opt, json_t **out,
                                  reco_error *err);

/**
 * Deserialize JSON-LD to RDF (§8.1) of an expanded document, adding quads to ds (node map
 * generation §7.2 included; blank node labels _:b0, _:b1... as the algorithm issues them).
 * Only opt->generalized_rdf, opt->rdf_direction and opt->safe are read; opt may be NULL.
 * Ill-formed subjects, predicates, objects, graph names, datatypes and language tags are
 * left out as §8.1 asks; in safe mode they are errors instead ("safe mode: relative subject
 * reference: '...'", RECO_EPARSE). Other errors: "conflicting indexes: ..." (RECO_EPARSE),
 * RECO_ELIMIT (nesting, ds->max_quads), RECO_ENOMEM; on error ds keeps only the quads it had
 * before the call. Strings live in ds->arena.
 */
RECO_API reco_code reco_ld_expanded_to_rdf(const json_t *expanded, const reco_ld_options *opt,
                                           reco_dataset *ds, reco_error *err);

/** toRdf() (§9.1): reco_ld_expand then reco_ld_expanded_to_rdf, errors of either. */
RECO_API reco_code reco_ld_to_rdf(const json_t *doc, const reco_ld_options *opt, reco_dataset *ds,
                                  reco_error *err);

#endif
