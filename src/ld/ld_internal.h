/*
 * ld_internal.h - what the files of src/ld share and nothing outside sees: IRI helpers
 * (RFC 3986), the active context (JSON-LD 1.1 API §4.1) with its term definitions, and the
 * cache of processed contexts. Additive only: other files of the module include it.
 */
#ifndef RECO_LD_INTERNAL_H
#define RECO_LD_INTERNAL_H

#include "reco/ld.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- IRIs (iri.c) */

/** True when s has the form of an absolute IRI: a scheme ([A-Za-z][A-Za-z0-9+.-]*) then ':'. */
bool reco_ld_iri_is_absolute(const char *s);

/** True when s is a blank node identifier ("_:" prefix). */
bool reco_ld_iri_is_blank(const char *s);

/**
 * Resolve ref against base (RFC 3986 §5.2.2, with remove_dot_segments §5.2.4; no
 * normalisation). base NULL or not absolute: ref is returned as is. The result is allocated in
 * a (or is ref itself when nothing changes); NULL when out of memory.
 */
const char *reco_ld_iri_resolve(reco_arena *a, const char *base, const char *ref);

/** True when s is one of the JSON-LD 1.1 keywords ("@id", "@type", ...). */
bool reco_ld_is_keyword(const char *s);

/** True when s has the form of a keyword: "@" followed by one or more ALPHA (RFC 5234). */
bool reco_ld_has_keyword_form(const char *s);

/* ---------------------------------------------------------------- active context */

/** Container mapping bits (§4.2 step 19). */
enum {
    LD_C_LIST = 1,
    LD_C_SET = 2,
    LD_C_LANGUAGE = 4,
    LD_C_INDEX = 8,
    LD_C_ID = 16,
    LD_C_TYPE = 32,
    LD_C_GRAPH = 64
};

/** A term definition (§4.1). Immutable once in a context; contexts share them. */
typedef struct ld_term {
    const char *iri;       /**< IRI mapping; NULL for a term mapped to null */
    const char *type;      /**< type mapping (IRI, "@id", "@vocab", "@json", "@none") or NULL */
    const char *language;  /**< language mapping when has_language (NULL = null) */
    const char *direction; /**< direction mapping when has_direction (NULL = null) */
    const char *index;     /**< index mapping or NULL */
    const char *nest;      /**< nest value or NULL */
    json_t *context;       /**< scoped context (a reference owned by the cache) or NULL */
    const char *base_url;  /**< base URL of the scoped context */
    unsigned container;    /**< LD_C_* bits */
    bool has_language;
    bool has_direction;
    bool prefix;
    bool protect;
    bool reverse;
} ld_term;

typedef struct ld_slot {
    const char *key; /**< NULL: empty slot */
    uint32_t hash;
    const ld_term *def; /**< NULL: the term was removed */
} ld_slot;

/** Open-addressing map term -> definition; capacity is a power of two. */
typedef struct ld_termmap {
    ld_slot *slots;
    uint32_t cap;
    uint32_t count; /**< used slots, removed ones included */
} ld_termmap;

/** An active context (§4.1). Lives in the cache's arena; never changed once built. */
typedef struct ld_ctx {
    const char *base;          /**< base IRI or NULL */
    const char *original_base; /**< original base URL or NULL */
    const char *vocab;         /**< vocabulary mapping or NULL */
    const char *language;      /**< default language or NULL */
    const char *direction;     /**< default base direction or NULL */
    const struct ld_ctx *previous;
    ld_termmap terms;
    bool has_protected;
} ld_ctx;

/** The term definition of term in ctx, or NULL. */
const ld_term *reco_ld_ctx_get(const ld_ctx *ctx, const char *term);

/** Processed contexts kept across calls (the public reco_ld_cache). */
struct reco_ld_cache {
    reco_arena *arena;
    size_t max_bytes;
    struct ld_cache_entry **buckets;
    size_t nbuckets;
    size_t nentries;
    json_t *held;      /**< array of JSON values term definitions point into */
    size_t held_bytes; /**< rough size of the document contexts copied into held */
};

/** One step of a JSON pointer: a key, or an index when key is NULL. */
typedef struct ld_where {
    const char *key;
    size_t index;
} ld_where;

/** State of one expansion call. */
typedef struct ld_proc {
    const reco_ld_options *opt;
    reco_ld_cache *cache;
    reco_arena *arena;   /**< the cache's arena: contexts and term definitions */
    reco_arena *scratch; /**< this call's arena: expanded IRIs */
    reco_error *err;
    bool mode10;      /**< processingMode json-ld-1.0 */
    size_t max_depth; /**< nested contexts */
    int ctx_depth;    /**< current nesting of context processing */
    int depth;        /**< current nesting of expansion */
    /* Where expansion is, to name the place of an error (JSON pointer). */
    ld_where where[256];
} ld_proc;

/** A linked list of the remote contexts being processed (ancestors), for cycle checks. */
typedef struct ld_remote {
    const char *url;
    const struct ld_remote *next;
    size_t n;
} ld_remote;

/** Flags of context processing (§4.1.2 inputs). */
enum { LD_OVERRIDE_PROTECTED = 1, LD_NO_PROPAGATE = 2, LD_NO_VALIDATE_SCOPED = 4 };

/**
 * Context Processing (§4.1.2): *out = active updated with local. base_url resolves relative
 * context references. Cached in p->cache when the local context is a remote reference or
 * a value the cache holds (scoped contexts); doc_local says local comes from the document (its
 * text is the cache key).
 */
reco_code reco_ld_process_context(ld_proc *p, const ld_ctx *active, const json_t *local,
                                  const char *base_url, const ld_remote *remote, unsigned flags,
                                  bool doc_local, const ld_ctx **out);

/** A new empty active context with base and original base set to base (cached by base). */
reco_code reco_ld_ctx_initial(ld_proc *p, const char *base, const ld_ctx **out);

/**
 * IRI Expansion (§4.3) outside context processing: *res is the expanded value (borrowed from
 * ctx, allocated in a, or value itself) or NULL for null.
 */
reco_code reco_ld_iri_expand(ld_proc *p, reco_arena *a, const ld_ctx *ctx, const char *value,
                             bool doc_rel, bool vocab, const char **res);

/**
 * The loader's own cache of processed contexts (made on first use, freed with the loader), or
 * NULL when out of memory. Expansion uses it when the options give no cache, so a loader that
 * lives across calls processes each context once.
 */
reco_ld_cache *reco_ld_loader_contexts(reco_ld_loader *l);

/** Forget every processed context of c (call between expansions only). */
void reco_ld_cache_clear(reco_ld_cache *c);

/** Fill p->err (returns code). msg starts with the JSON-LD error code. */
reco_code reco_ld_fail(ld_proc *p, reco_code code, const char *fmt, ...) RECO_PRINTF(3, 4);

#endif
