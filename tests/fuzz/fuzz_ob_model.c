/*
 * fuzz_ob_model.c - the Open Badges 3.0 data model checker on any JSON text: parsed with the
 * default limits, then checked as the class its type picks, as an Achievement and as a Profile,
 * and added to a report. Never a crash or leak; the counts always cover the issues kept, and a
 * document with errors is never reported as passed.
 */
#include "reco/json.h"
#include "reco/ob_model.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const classes[] = {NULL, "Achievement", "Profile", "EndorsementCredential"};
    json_t *doc = NULL;
    if (reco_json_parse((const char *)data, size, NULL, &doc, NULL) != RECO_OK)
        return 0;
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
        reco_ob_model_issues o;
        reco_code rc = reco_ob_model_check(doc, classes[i], &o, NULL);
        if (o.count > RECO_OB_MODEL_MAX_ISSUES || o.count > o.errors + o.warnings ||
            (rc == RECO_OK) != (o.errors == 0))
            abort();
    }
    reco_report *r = reco_report_new("fuzz", NULL);
    if (r && reco_ob_model_check_report(doc, NULL, r, NULL) == RECO_OK) {
        const reco_check *c = reco_report_find(r, "schema");
        if (!c || (c->status == RECO_CHECK_PASSED &&
                   reco_ob_model_check(doc, NULL, NULL, NULL) != RECO_OK))
            abort();
    }
    reco_report_free(r);
    json_decref(doc);
    return 0;
}
