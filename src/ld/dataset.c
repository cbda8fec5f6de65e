/*
 * dataset.c - an RDF dataset as a growable list of quads whose strings live in an arena.
 * The list may hold duplicates; RDFC-1.0 treats it as a set.
 */
#include "reco/rdf.h"

#include <stdlib.h>

#define DEFAULT_MAX_QUADS 1000000

void reco_dataset_init(reco_dataset *ds, reco_arena *arena)
{
    ds->arena = arena;
    ds->quads = NULL;
    ds->len = 0;
    ds->cap = 0;
    ds->max_quads = 0;
}

void reco_dataset_release(reco_dataset *ds)
{
    if (!ds)
        return;
    free(ds->quads);
    ds->quads = NULL;
    ds->len = 0;
    ds->cap = 0;
}

reco_code reco_dataset_add(reco_dataset *ds, const reco_quad *q, reco_error *err)
{
    size_t max = ds->max_quads ? ds->max_quads : DEFAULT_MAX_QUADS;
    if (ds->len >= max)
        return reco_error_set(err, RECO_ELIMIT, NULL, "too many quads: the limit is %zu", max);
    if (ds->len == ds->cap) {
        size_t cap = ds->cap ? ds->cap * 2 : 64;
        if (cap > max)
            cap = max;
        reco_quad *nq = realloc(ds->quads, cap * sizeof *nq);
        if (!nq)
            return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory adding a quad");
        ds->quads = nq;
        ds->cap = cap;
    }
    ds->quads[ds->len++] = *q;
    return RECO_OK;
}
