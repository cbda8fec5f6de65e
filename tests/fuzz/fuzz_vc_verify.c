/*
 * fuzz_vc_verify.c - a credential from outside, through the whole Open Badges 3.0 verifier's
 * lower half: reco_json_parse with limits, then reco_vc_check (structure, proof set, issuer
 * key, dates) into a report that must render as JSON and text. Verdicts are fine; crashes,
 * leaks and undefined behaviour are not.
 */
#include "reco/json.h"
#include "reco/report.h"
#include "reco/vc.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const types[] = {"OpenBadgeCredential|AchievementCredential", NULL};
    reco_json_limits lim = {.max_bytes = 64 * 1024, .max_depth = 32};
    json_t *v = NULL, *j = NULL;
    reco_buf text;
    reco_report *r = reco_report_new("fuzz", NULL);
    reco_buf_init(&text, 0);
    if (!r)
        abort();
    if (reco_json_parse((const char *)data, size, &lim, &v, NULL) == RECO_OK) {
        if (reco_vc_check(v, types, NULL, r, NULL) != RECO_OK)
            abort();
        if (reco_report_to_json(r, &j, NULL) != RECO_OK || reco_report_to_text(r, &text, NULL))
            abort();
        /* No proof check passed means never valid. */
        const reco_check *c = reco_report_find(r, "proof");
        if (!c && reco_report_valid(r))
            abort();
    }
    json_decref(j);
    json_decref(v);
    reco_buf_release(&text);
    reco_report_free(r);
    return 0;
}
