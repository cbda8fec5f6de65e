/*
 * nodemap.h - internal to the ld module: the node map of JSON-LD 1.1 API §7.2 (Node Map
 * Generation) and the blank node identifier issuer it shares with Deserialize JSON-LD to RDF
 * (§8.1), which keeps issuing labels after the node map is built (lists, compound literals).
 */
#ifndef RECO_LD_NODEMAP_H
#define RECO_LD_NODEMAP_H

#include "reco/common.h"
#include <jansson.h>

/** A node map and its blank node identifier issuer. Caller-owned: init / release. */
typedef struct ld_nodemap {
    /** graph name ("@default" or an id) -> (id -> node object); a node object maps each
     *  property (and "@type", "@index") to its values, and a node reference among them is
     *  the JSON string of the id */
    json_t *graphs;
    json_t *idmap;  /**< identifier map of §7.4: input label -> issued label */
    json_t *index;  /**< for long arrays of the node map: address -> set of item texts */
    size_t counter; /**< next N of "_:bN" */
} ld_nodemap;

/** An empty node map. RECO_ENOMEM when jansson cannot allocate. */
reco_code ld_nodemap_init(ld_nodemap *nm, reco_error *err);

/** Drop the maps; nm may be initialised again. */
void ld_nodemap_release(ld_nodemap *nm);

/**
 * Generate Blank Node Identifier (§7.4): with identifier NULL a fresh "_:bN"; otherwise the
 * label already issued for identifier, or a fresh one recorded for it. On OK *out is a new
 * reference to a JSON string.
 */
reco_code ld_nodemap_blank(ld_nodemap *nm, const char *identifier, json_t **out, reco_error *err);

/**
 * Node Map Generation (§7.2) over an expanded document (array or map), merging into
 * nm->graphs. The input is not modified. Errors: "conflicting indexes: ..." (RECO_EPARSE),
 * "invalid @id value: ..." for a non-string @id, RECO_ELIMIT when nesting passes the limit,
 * RECO_ENOMEM.
 */
reco_code ld_nodemap_generate(ld_nodemap *nm, const json_t *expanded, reco_error *err);

/** One entry of a map: its key and value, both borrowed from the map. */
typedef struct ld_entry {
    const char *key;
    json_t *value;
} ld_entry;

/** The entries of a map in code point order of their keys (UTF-8 byte order); small maps need
 *  no allocation. */
typedef struct ld_keys {
    ld_entry *v; /**< the sorted entries: small, or a malloc'ed array */
    size_t n;
    ld_entry small[16];
} ld_keys;

/** Fill k with the entries of obj (borrowed from obj), sorted. false when out of memory. */
bool ld_keys_sorted(ld_keys *k, const json_t *obj);
/** Free what ld_keys_sorted allocated; k may be filled again. */
void ld_keys_release(ld_keys *k);

#endif
