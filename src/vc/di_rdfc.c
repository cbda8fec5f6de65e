/*
 * di_rdfc.c - the steps of eddsa-rdfc-2022 (vc-di-eddsa §3.2): the document and the proof
 * configuration are each turned into RDF (JSON-LD 1.1 toRdf, safe mode, bundled contexts only)
 * and canonicalized with RDFC-1.0; the canonical N-Quads are what gets hashed.
 */
#include "reco/ld.h"
#include "reco/rdf.h"
#include "vc/di_internal.h"

/* A credential's RDF is small; caps keep a hostile document's expansion bounded. */
#define RDFC_ARENA_MAX (64u * 1024u * 1024u)
#define RDFC_MAX_QUADS 100000u
#define RDFC_OUT_MAX   (16u * 1024u * 1024u)

/*
 * vc-di-eddsa §3.2.3 step 2 (and §3.2.5 step 5): "converting unsecuredDocument to RDF
 * statements, applying the RDF Dataset Canonicalization Algorithm [RDF-CANON] to the result,
 * and then serializing the result to a serialized canonical form". Safe mode (VC Data
 * Integrity §4 "Context Validation"): a term the contexts do not define is an error, never
 * silently dropped from what is signed.
 */
reco_code reco_di_rdfc_canon(const json_t *doc, const reco_di_ctx *ctx, reco_buf *out,
                             reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_ld_loader *own = NULL;
    reco_arena *arena = reco_arena_new(RDFC_ARENA_MAX);
    reco_dataset ds;
    reco_rdfc_result res;
    reco_ld_options opt = {0};

    reco_rdfc_result_init(&res);
    reco_dataset_init(&ds, arena);
    ds.max_quads = RDFC_MAX_QUADS;
    if (!arena) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    opt.loader = ctx && ctx->loader ? ctx->loader : (own = reco_ld_loader_new());
    opt.safe = true;
    if (!opt.loader) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if ((rc = reco_ld_to_rdf(doc, &opt, &ds, err)))
        goto out;
    if ((rc = reco_rdfc_canonicalize(&ds, NULL, &res, err)))
        goto out;
    if (res.nquads.len > RDFC_OUT_MAX) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "canonical form over %u bytes", RDFC_OUT_MAX);
        goto out;
    }
    rc = res.nquads.len ? reco_buf_append(out, res.nquads.data, res.nquads.len) : RECO_OK;
    if (rc)
        reco_error_set(err, rc, NULL, "cannot hold the canonical form");
out:
    reco_rdfc_result_release(&res);
    reco_dataset_release(&ds);
    reco_arena_free(arena);
    reco_ld_loader_free(own);
    return rc;
}
