/*
 * fuzz_ob_verify.c - bytes from outside through the whole Open Badges 3.0 verifier
 * (reco_ob_verify_bytes: JSON limits, VC checks, proofs, OB shape, recipient), as
 * `reco verify` runs it. A report must always come back and render.
 */
#include "reco/ob.h"

#include <stdlib.h>

#include "fuzz_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reco_ob_verify_options opt = {.limits = {.max_bytes = 64 * 1024, .max_depth = 32},
                                  .recipient = "earner@example.org"};
    reco_report *r = NULL;
    if (reco_ob_verify_bytes((const char *)data, size, "fuzz", &opt, &r, NULL) != RECO_OK)
        abort();
    check_report(r);
    reco_report_free(r);
    return 0;
}
