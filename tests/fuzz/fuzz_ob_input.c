/*
 * fuzz_ob_input.c - bytes from outside through the one verification pipeline
 * (reco_verify_input: detection, PNG/SVG extraction, JSON, compact JWS as VC-JWT or OB 2.0
 * signed assertion, OB 3.0 and OB 2.0 checks), offline so that nothing is fetched. A report
 * must always come back, render, and never be valid with a failed check.
 */
#include "reco/ob.h"

#include <stdlib.h>

#include "fuzz_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static reco_ld_loader *loader;
    if (!loader && !(loader = reco_ld_loader_new()))
        abort();
    reco_verify_options opt = {.offline = true,
                               .loader = loader,
                               .recipient = "earner@example.org",
                               .limits = {.max_bytes = 64 * 1024, .max_depth = 32},
                               .max_input = 256 * 1024};
    reco_report *r = NULL;
    if (reco_verify_input((const char *)data, size, "fuzz", &opt, &r, NULL) != RECO_OK)
        abort();
    check_report(r);
    reco_report_free(r);
    return 0;
}
