/*
 * fuzz_report.h - what every verification report from fuzz input must satisfy: it renders as
 * JSON and as text, and it is never valid with a failed check. Static, for the targets that
 * include it after reco/report.h.
 */
#ifndef RECO_FUZZ_REPORT_H
#define RECO_FUZZ_REPORT_H

#include <jansson.h>
#include <stdlib.h>

/* Abort (a finding) unless r renders and its verdict agrees with its checks. */
static void check_report(const reco_report *r)
{
    json_t *j = NULL;
    reco_buf text;
    reco_buf_init(&text, 0);
    if (reco_report_to_json(r, &j, NULL) != RECO_OK || reco_report_to_text(r, &text, NULL))
        abort();
    for (size_t i = 0; i < reco_report_count(r); i++)
        if (reco_report_check(r, i)->status == RECO_CHECK_FAILED && reco_report_valid(r))
            abort();
    json_decref(j);
    reco_buf_release(&text);
}

#endif
