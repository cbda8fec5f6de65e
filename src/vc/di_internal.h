/*
 * di_internal.h - what the Data Integrity files of src/vc share, outside the public API.
 */
#ifndef RECO_VC_DI_INTERNAL_H
#define RECO_VC_DI_INTERNAL_H

#include "reco/vc.h"

/**
 * RDFC-1.0 canonical N-Quads of a JSON-LD document (toRdf in safe mode with ctx's loader, or
 * the bundled contexts), appended to out: the transformation and proof configuration steps of
 * the *-rdfc-* suites.
 */
reco_code reco_di_rdfc_canon(const json_t *doc, const reco_di_ctx *ctx, reco_buf *out,
                             reco_error *err);

#endif
