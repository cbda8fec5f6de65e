/*
 * fuzz_ld_tordf.c - node map generation and Deserialize JSON-LD to RDF over any JSON taken as
 * an expanded document, in every rdfDirection mode, with and without generalized RDF. What
 * comes out (safe mode too) must be well-formed: written as N-Quads it must parse back, quad for
 * quad.
 */
#include "reco/json.h"
#include "reco/ld.h"
#include "reco/rdf.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reco_json_limits lim = {.max_bytes = 64 * 1024, .max_depth = 32};
    json_t *doc = NULL;

    if (reco_json_parse((const char *)data, size, &lim, &doc, NULL) != RECO_OK)
        return 0;
    for (int mode = 0; mode < 9; mode++) {
        reco_arena *arena = reco_arena_new(64u * 1024u * 1024u);
        reco_dataset ds, back;
        reco_ld_options opt = {0};
        reco_buf text;

        if (!arena)
            abort();
        reco_dataset_init(&ds, arena);
        reco_dataset_init(&back, arena);
        ds.max_quads = 100000;
        reco_buf_init(&text, 0);
        opt.rdf_direction = (reco_ld_rdf_direction)(mode % 3);
        opt.generalized_rdf = mode / 3 == 1;
        opt.safe = mode / 3 == 2;
        if (reco_ld_expanded_to_rdf(doc, &opt, &ds, NULL) == RECO_OK && !opt.generalized_rdf) {
            /* Generalized RDF may put blank nodes where N-Quads has none: not checked. */
            if (reco_nquads_write(&ds, &text) != RECO_OK ||
                reco_nquads_parse(text.data ? text.data : "", text.len, &back, NULL) != RECO_OK ||
                back.len != ds.len)
                abort();
        }
        reco_buf_release(&text);
        reco_dataset_release(&ds);
        reco_dataset_release(&back);
        reco_arena_free(arena);
    }
    json_decref(doc);
    return 0;
}
