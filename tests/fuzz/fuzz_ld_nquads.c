/*
 * fuzz_ld_nquads.c - reco_nquads_parse with small limits, then RDFC-1.0 with a low work
 * limit. When canonicalization succeeds, its output must parse and canonicalize to itself.
 */
#include "reco/rdf.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reco_arena *arena = reco_arena_new(64u << 20);
    reco_dataset ds, again;
    reco_dataset_init(&ds, arena);
    reco_dataset_init(&again, arena);
    ds.max_quads = again.max_quads = 2000;
    reco_rdfc_result r1, r2;
    reco_rdfc_result_init(&r1);
    reco_rdfc_result_init(&r2);
    reco_rdfc_options opt = {
        .max_ndegree_calls = 64, .max_ndegree_depth = 8, .max_permutations = 512};
    if (reco_nquads_parse((const char *)data, size, &ds, NULL) == RECO_OK &&
        reco_rdfc_canonicalize(&ds, &opt, &r1, NULL) == RECO_OK) {
        if (reco_nquads_parse(r1.nquads.data, r1.nquads.len, &again, NULL) != RECO_OK)
            abort();
        if (reco_rdfc_canonicalize(&again, &opt, &r2, NULL) == RECO_OK &&
            (r1.nquads.len != r2.nquads.len ||
             memcmp(r1.nquads.data, r2.nquads.data, r1.nquads.len) != 0))
            abort();
    }
    reco_rdfc_result_release(&r1);
    reco_rdfc_result_release(&r2);
    reco_dataset_release(&ds);
    reco_dataset_release(&again);
    reco_arena_free(arena);
    return 0;
}
