/*
 * report.c - the verification report (reco/report.h). Plain malloc'ed lists: a report is
 * small (tens of checks) and lives from one verification to the rendering of its result.
 */
#include "reco/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MESSAGE_MAX 512

typedef struct summary_field {
    char *key;
    char *value;
} summary_field;

typedef struct child_report {
    char *label;
    reco_report *report;
} child_report;

struct reco_report {
    char *input;
    char *kind;
    reco_check *checks;
    size_t nchecks, capchecks;
    char **required;
    size_t nrequired;
    summary_field *summary;
    size_t nsummary;
    child_report *children;
    size_t nchildren;
};

static char *dup_str(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

const char *reco_check_status_name(reco_check_status s)
{
    switch (s) {
    case RECO_CHECK_PASSED:
        return "passed";
    case RECO_CHECK_FAILED:
        return "failed";
    case RECO_CHECK_WARNING:
        return "warning";
    case RECO_CHECK_NOT_CHECKED:
        return "not-checked";
    }
    return "not-checked";
}

reco_report *reco_report_new(const char *input, const char *kind)
{
    reco_report *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->input = dup_str(input ? input : "");
    r->kind = dup_str(kind ? kind : "unknown");
    if (!r->input || !r->kind) {
        reco_report_free(r);
        return NULL;
    }
    return r;
}

void reco_report_free(reco_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nchecks; i++) {
        free((char *)r->checks[i].name);
        free((char *)r->checks[i].message);
    }
    free(r->checks);
    for (size_t i = 0; i < r->nrequired; i++)
        free(r->required[i]);
    free(r->required);
    for (size_t i = 0; i < r->nsummary; i++) {
        free(r->summary[i].key);
        free(r->summary[i].value);
    }
    free(r->summary);
    for (size_t i = 0; i < r->nchildren; i++) {
        free(r->children[i].label);
        reco_report_free(r->children[i].report);
    }
    free(r->children);
    free(r->input);
    free(r->kind);
    free(r);
}

reco_code reco_report_set_kind(reco_report *r, const char *kind, reco_error *err)
{
    char *k = dup_str(kind ? kind : "unknown");
    if (!k)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    free(r->kind);
    r->kind = k;
    return RECO_OK;
}

const char *reco_report_kind(const reco_report *r)
{
    return r->kind;
}

const char *reco_report_input(const reco_report *r)
{
    return r->input;
}

reco_code reco_report_add(reco_report *r, const char *name, reco_check_status status,
                          const char *fmt, ...)
{
    char msg[MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* Messages quote input (and may be cut in the middle of a character): bytes that are not
     * UTF-8 become '?', so every report renders as JSON. */
    for (size_t i = 0, len = strlen(msg); i < len;) {
        size_t at = i;
        if (reco_utf8_next(msg, len, &i) < 0)
            msg[at] = '?';
    }

    if (r->nchecks == r->capchecks) {
        size_t cap = r->capchecks ? r->capchecks * 2 : 8;
        reco_check *c = realloc(r->checks, cap * sizeof *c);
        if (!c)
            return RECO_ENOMEM;
        r->checks = c;
        r->capchecks = cap;
    }
    char *n = dup_str(name);
    char *m = dup_str(msg);
    if (!n || !m) {
        free(n);
        free(m);
        return RECO_ENOMEM;
    }
    r->checks[r->nchecks++] = (reco_check){.name = n, .status = status, .message = m};
    return RECO_OK;
}

reco_code reco_report_require(reco_report *r, const char *name, reco_error *err)
{
    for (size_t i = 0; i < r->nrequired; i++)
        if (strcmp(r->required[i], name) == 0)
            return RECO_OK;
    char **q = realloc(r->required, (r->nrequired + 1) * sizeof *q);
    if (!q)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    r->required = q;
    if (!(q[r->nrequired] = dup_str(name)))
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    r->nrequired++;
    return RECO_OK;
}

size_t reco_report_count(const reco_report *r)
{
    return r->nchecks;
}

const reco_check *reco_report_check(const reco_report *r, size_t i)
{
    return i < r->nchecks ? &r->checks[i] : NULL;
}

const reco_check *reco_report_find(const reco_report *r, const char *name)
{
    for (size_t i = 0; i < r->nchecks; i++)
        if (strcmp(r->checks[i].name, name) == 0)
            return &r->checks[i];
    return NULL;
}

bool reco_report_valid(const reco_report *r)
{
    if (r->nchecks == 0)
        return false;
    for (size_t i = 0; i < r->nchecks; i++)
        if (r->checks[i].status == RECO_CHECK_FAILED)
            return false;
    for (size_t k = 0; k < r->nrequired; k++) {
        bool passed = false;
        for (size_t i = 0; i < r->nchecks && !passed; i++)
            passed = r->checks[i].status == RECO_CHECK_PASSED &&
                     strcmp(r->checks[i].name, r->required[k]) == 0;
        if (!passed)
            return false;
    }
    return true;
}

reco_code reco_report_set_summary(reco_report *r, const char *key, const char *value,
                                  reco_error *err)
{
    char *v = dup_str(value ? value : "");
    if (!v)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < r->nsummary; i++) {
        if (strcmp(r->summary[i].key, key) == 0) {
            free(r->summary[i].value);
            r->summary[i].value = v;
            return RECO_OK;
        }
    }
    summary_field *s = realloc(r->summary, (r->nsummary + 1) * sizeof *s);
    char *k = s ? dup_str(key) : NULL;
    if (s)
        r->summary = s;
    if (!k) {
        free(v);
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    }
    r->summary[r->nsummary++] = (summary_field){.key = k, .value = v};
    return RECO_OK;
}

const char *reco_report_summary(const reco_report *r, const char *key)
{
    for (size_t i = 0; i < r->nsummary; i++)
        if (strcmp(r->summary[i].key, key) == 0)
            return r->summary[i].value;
    return NULL;
}

reco_code reco_report_add_child(reco_report *r, const char *label, reco_report *child,
                                reco_error *err)
{
    child_report *c = realloc(r->children, (r->nchildren + 1) * sizeof *c);
    char *l = c ? dup_str(label ? label : "") : NULL;
    if (c)
        r->children = c;
    if (!l) {
        reco_report_free(child);
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    }
    r->children[r->nchildren++] = (child_report){.label = l, .report = child};
    return RECO_OK;
}

size_t reco_report_child_count(const reco_report *r)
{
    return r->nchildren;
}

const reco_report *reco_report_child(const reco_report *r, size_t i, const char **label)
{
    if (i >= r->nchildren)
        return NULL;
    if (label)
        *label = r->children[i].label;
    return r->children[i].report;
}

/* json_object_set_new and friends only fail on ENOMEM; count failures instead of testing each. */
static int set_new(json_t *o, const char *k, json_t *v)
{
    return v ? json_object_set_new(o, k, v) : -1;
}

static json_t *report_json(const reco_report *r, const char *label)
{
    json_t *o = json_object();
    json_t *checks = json_array();
    int bad = !o || !checks;
    if (!bad && label)
        bad |= set_new(o, "label", json_string(label));
    if (!bad) {
        bad |= set_new(o, "input", json_string(r->input));
        bad |= set_new(o, "kind", json_string(r->kind));
        bad |= set_new(o, "valid", json_boolean(reco_report_valid(r)));
    }
    for (size_t i = 0; !bad && i < r->nchecks; i++) {
        json_t *c = json_object();
        bad |= !c;
        if (!bad) {
            bad |= set_new(c, "name", json_string(r->checks[i].name));
            bad |= set_new(c, "status", json_string(reco_check_status_name(r->checks[i].status)));
            bad |= set_new(c, "message", json_string(r->checks[i].message));
            bad |= json_array_append_new(checks, c);
        }
    }
    if (!bad) {
        bad |= json_object_set_new(o, "checks", checks);
        checks = NULL;
    }
    if (!bad && r->nsummary) {
        json_t *s = json_object();
        bad |= set_new(o, "summary", s);
        for (size_t i = 0; !bad && i < r->nsummary; i++)
            bad |= set_new(s, r->summary[i].key, json_string(r->summary[i].value));
    }
    if (!bad && r->nchildren) {
        json_t *a = json_array();
        bad |= set_new(o, "nested", a);
        for (size_t i = 0; !bad && i < r->nchildren; i++) {
            json_t *c = report_json(r->children[i].report, r->children[i].label);
            bad |= !c || json_array_append_new(a, c);
        }
    }
    json_decref(checks);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

reco_code reco_report_to_json(const reco_report *r, json_t **out, reco_error *err)
{
    *out = report_json(r, NULL);
    if (!*out)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    return RECO_OK;
}

static reco_code report_text(const reco_report *r, const char *label, int indent, reco_buf *out)
{
    reco_code rc = reco_buf_printf(out, "%*s%s%s%s: %s (%s)\n", indent, "", label ? label : "",
                                   label ? " " : "", r->input[0] ? r->input : "-",
                                   reco_report_valid(r) ? "valid" : "NOT VALID", r->kind);
    for (size_t i = 0; !rc && i < r->nsummary; i++)
        rc = reco_buf_printf(out, "%*s  %-12s %s\n", indent, "", r->summary[i].key,
                             r->summary[i].value);
    for (size_t i = 0; !rc && i < r->nchecks; i++)
        rc = reco_buf_printf(out, "%*s  %-12s %s: %s\n", indent, "",
                             reco_check_status_name(r->checks[i].status), r->checks[i].name,
                             r->checks[i].message);
    for (size_t i = 0; !rc && i < r->nchildren; i++)
        rc = report_text(r->children[i].report, r->children[i].label, indent + 4, out);
    return rc;
}

reco_code reco_report_to_text(const reco_report *r, reco_buf *out, reco_error *err)
{
    reco_code rc = report_text(r, NULL, 0, out);
    if (rc)
        return reco_error_set(err, rc, NULL, "cannot render the report: %s", reco_code_name(rc));
    return RECO_OK;
}
