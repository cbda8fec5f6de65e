/*
 * reco/report.h - the verification report: a list of named checks, each passed, failed,
 * warning or not-checked with a message, summary fields, and nested reports (one per
 * endorsement, for example). The same report is printed by `reco verify`, returned by the
 * HTTP API and rendered by the verify page.
 */
#ifndef RECO_REPORT_H
#define RECO_REPORT_H

#include "reco/common.h"
#include "reco/base.h"
#include <jansson.h>

/** The outcome of one check. "Not checked" is never shown as "passed". */
typedef enum reco_check_status {
    RECO_CHECK_PASSED = 0,
    RECO_CHECK_FAILED,
    RECO_CHECK_WARNING,
    RECO_CHECK_NOT_CHECKED
} reco_check_status;

/** One check. Strings are owned by the report. */
typedef struct reco_check {
    const char *name; /**< "json", "structure", "proof", "issuer-key", "valid-from", ... */
    reco_check_status status;
    const char *message; /**< one line, lower case, never NULL (may be empty) */
} reco_check;

/** A report. Opaque; reco_report_new / reco_report_free. */
typedef struct reco_report reco_report;

/** "passed", "failed", "warning", "not-checked". */
RECO_API const char *reco_check_status_name(reco_check_status s);

/**
 * A new, empty report about input (a file name, a URL, "-"; may be NULL) of the given kind
 * ("ob3-data-integrity", "unknown"...; may be NULL, then "unknown"). NULL on ENOMEM.
 */
RECO_API reco_report *reco_report_new(const char *input, const char *kind);
/** Free the report, its checks, its summary and its nested reports. NULL does nothing. */
RECO_API void reco_report_free(reco_report *r);

/** Change the kind once the input has been recognised. */
RECO_API reco_code reco_report_set_kind(reco_report *r, const char *kind, reco_error *err);
RECO_API const char *reco_report_kind(const reco_report *r);
RECO_API const char *reco_report_input(const reco_report *r);

/**
 * Append a check. The message is formatted with printf rules (truncated at 512 bytes).
 * Returns RECO_ENOMEM or RECO_OK.
 */
RECO_API reco_code reco_report_add(reco_report *r, const char *name, reco_check_status status,
                                   const char *fmt, ...) RECO_PRINTF(4, 5);

/**
 * Declare that the report is valid only when at least one check with this name passed
 * (a Data Integrity verifier requires "proof"). May be called several times.
 */
RECO_API reco_code reco_report_require(reco_report *r, const char *name, reco_error *err);

/** Number of checks, and the i-th check (NULL when out of range). */
RECO_API size_t reco_report_count(const reco_report *r);
RECO_API const reco_check *reco_report_check(const reco_report *r, size_t i);
/** The first check with this name, or NULL. */
RECO_API const reco_check *reco_report_find(const reco_report *r, const char *name);

/**
 * True when the report has at least one check, no check failed, and every required name has
 * a passed check. Nested reports do not count: the parent adds a check that says what their
 * outcome means for it.
 */
RECO_API bool reco_report_valid(const reco_report *r);

/** Set (or replace) a summary field, such as "issuer", "subject", "achievement". */
RECO_API reco_code reco_report_set_summary(reco_report *r, const char *key, const char *value,
                                           reco_error *err);
/** The summary value for key, or NULL. */
RECO_API const char *reco_report_summary(const reco_report *r, const char *key);

/**
 * Attach a nested report under a label ("endorsement 1"). The parent takes ownership of child,
 * also when this fails.
 */
RECO_API reco_code reco_report_add_child(reco_report *r, const char *label, reco_report *child,
                                         reco_error *err);
RECO_API size_t reco_report_child_count(const reco_report *r);
RECO_API const reco_report *reco_report_child(const reco_report *r, size_t i, const char **label);

/**
 * The report as JSON: {"input", "kind", "valid", "checks":[{"name","status","message"}],
 * "summary":{...}, "nested":[{"label", ...report...}]} ("summary" and "nested" only when
 * not empty). *out is a new reference.
 */
RECO_API reco_code reco_report_to_json(const reco_report *r, json_t **out, reco_error *err);

/**
 * The report as text for people, appended to out: a heading line with the input and the
 * verdict, then one line per check ("  passed      proof: ..."), then nested reports indented.
 */
RECO_API reco_code reco_report_to_text(const reco_report *r, reco_buf *out, reco_error *err);

#endif
