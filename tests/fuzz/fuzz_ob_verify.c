/*
 * fuzz_ob_verify.c - bytes from outside through the whole Open Badges 3.0 verifier
 * (reco_ob_verify_bytes: JSON limits, VC checks, proofs, OB shape, recipient), as
 * `reco verify` runs it. A report must always come back and render.
 */
#include "reco/ob.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reco_ob_verify_options opt = {.limits = {.max_bytes = 64 * 1024, .max_depth = 32},
                                  .recipient = "earner@example.org"};
    reco_report *r = NULL;
    json_t *j = NULL;
    reco_buf text;
    reco_buf_init(&text, 0);
    if (reco_ob_verify_bytes((const char *)data, size, "fuzz", &opt, &r, NULL) != RECO_OK)
        abort();
    if (reco_report_to_json(r, &j, NULL) != RECO_OK || reco_report_to_text(r, &text, NULL))
        abort();
    /* A report with a failed check is never valid. */
    for (size_t i = 0; i < reco_report_count(r); i++)
        if (reco_report_check(r, i)->status == RECO_CHECK_FAILED && reco_report_valid(r))
            abort();
    json_decref(j);
    reco_buf_release(&text);
    reco_report_free(r);
    return 0;
}
