/*
 * csv.c - a CSV reader for bulk awards (RFC 4180 §2, with the usual leniency: LF alone ends a
 * line too, a last line may lack its line end, a UTF-8 byte order mark is skipped, empty lines
 * are skipped). Input from outside: every size is capped (bytes, rows, fields per row, bytes
 * per field) and every refusal names the line.
 */
#include "app_internal.h"

#include <stdlib.h>
#include <string.h>

#define DEF_MAX_BYTES (10u * 1024u * 1024u)
#define DEF_MAX_ROWS  100000u
#define DEF_MAX_FIELD 4096u
#define DEF_MAX_COLS  32u

typedef struct reader {
    reco_app_csv_limits lim;
    reco_buf field_data;   /* the fields of the current record, each NUL-terminated */
    size_t starts[64 + 1]; /* offset of each field in field_data */
    size_t nfields;
    size_t field_len; /* bytes in the field being read */
} reader;

static reco_code end_field(reader *r, size_t line, reco_error *err)
{
    reco_code rc;
    if (r->nfields >= r->lim.max_cols)
        return reco_error_set(err, RECO_ELIMIT, NULL, "line %zu has more than %zu fields", line,
                              r->lim.max_cols);
    if ((rc = reco_buf_putc(&r->field_data, '\0')))
        return reco_buf_error(rc, &r->field_data, "csv record", err);
    r->nfields++;
    r->starts[r->nfields] = r->field_data.len;
    r->field_len = 0;
    return RECO_OK;
}

static reco_code add_byte(reader *r, char c, size_t line, reco_error *err)
{
    reco_code rc;
    if (++r->field_len > r->lim.max_field)
        return reco_error_set(err, RECO_ELIMIT, NULL,
                              "a field on line %zu is longer than %zu bytes", line,
                              r->lim.max_field);
    if ((rc = reco_buf_putc(&r->field_data, c)))
        return reco_buf_error(rc, &r->field_data, "csv record", err);
    return RECO_OK;
}

static reco_code end_record(reader *r, size_t *row, bool any_quote, reco_app_csv_row_fn fn,
                            void *ctx, size_t line, reco_error *err)
{
    reco_slice fields[64];
    reco_code rc = RECO_OK;
    /* An empty line (one empty, unquoted field) is skipped. */
    bool empty = r->nfields == 1 && r->starts[1] == 1 && !any_quote;
    if (!empty) {
        if (*row > r->lim.max_rows)
            return reco_error_set(err, RECO_ELIMIT, NULL, "more than %zu rows (line %zu)",
                                  r->lim.max_rows, line);
        for (size_t i = 0; i < r->nfields; i++) {
            fields[i].ptr = r->field_data.data + r->starts[i];
            fields[i].len = r->starts[i + 1] - r->starts[i] - 1;
        }
        rc = fn(ctx, *row, fields, r->nfields, err);
        (*row)++;
    }
    reco_buf_clear(&r->field_data);
    r->nfields = 0;
    r->starts[0] = 0;
    r->field_len = 0;
    return rc;
}

reco_code reco_app_csv_parse(const char *data, size_t n, const reco_app_csv_limits *lim,
                             reco_app_csv_row_fn fn, void *ctx, reco_error *err)
{
    reader r;
    reco_code rc = RECO_OK;
    size_t i = 0, line = 1, row = 0, rec_line = 1;
    enum { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED } st = FIELD_START;
    bool any_quote = false;
    memset(&r, 0, sizeof r);
    r.lim.max_bytes = lim && lim->max_bytes ? lim->max_bytes : DEF_MAX_BYTES;
    r.lim.max_rows = lim && lim->max_rows ? lim->max_rows : DEF_MAX_ROWS;
    r.lim.max_field = lim && lim->max_field ? lim->max_field : DEF_MAX_FIELD;
    r.lim.max_cols = lim && lim->max_cols ? lim->max_cols : DEF_MAX_COLS;
    if (r.lim.max_cols > 64)
        r.lim.max_cols = 64;
    reco_buf_init(&r.field_data, r.lim.max_cols * (r.lim.max_field + 1) + 1);
    if (n > r.lim.max_bytes) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "the CSV is %zu bytes, more than %zu", n,
                            r.lim.max_bytes);
        goto out;
    }
    if (memchr(data, 0, n)) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "the CSV holds a NUL byte");
        goto out;
    }
    if (!reco_utf8_valid(data, n)) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "the CSV is not UTF-8 text");
        goto out;
    }
    if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    if (i == n) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "the CSV is empty");
        goto out;
    }
    for (; i < n && !rc; i++) {
        char c = data[i];
        switch (st) {
        case FIELD_START:
            if (c == '"') {
                st = QUOTED;
                any_quote = true;
                break;
            }
            st = UNQUOTED;
            /* fall through */
        case UNQUOTED:
            if (c == ',') {
                rc = end_field(&r, line, err);
                st = FIELD_START;
            } else if (c == '\n' || (c == '\r' && i + 1 < n && data[i + 1] == '\n')) {
                if (c == '\r')
                    i++;
                rc = end_field(&r, line, err);
                if (!rc)
                    rc = end_record(&r, &row, any_quote, fn, ctx, rec_line, err);
                any_quote = false;
                st = FIELD_START;
                rec_line = ++line;
            } else if (c == '"') {
                rc = reco_error_set(err, RECO_EPARSE, NULL,
                                    "line %zu: a quote inside an unquoted field", line);
            } else if (c == '\r') {
                rc = reco_error_set(err, RECO_EPARSE, NULL, "line %zu: a lone carriage return",
                                    line);
            } else {
                rc = add_byte(&r, c, line, err);
            }
            break;
        case QUOTED:
            if (c == '"')
                st = QUOTE_IN_QUOTED;
            else {
                if (c == '\n')
                    line++;
                rc = add_byte(&r, c, line, err);
            }
            break;
        case QUOTE_IN_QUOTED:
            if (c == '"') {
                rc = add_byte(&r, '"', line, err);
                st = QUOTED;
            } else if (c == ',') {
                rc = end_field(&r, line, err);
                st = FIELD_START;
            } else if (c == '\n' || (c == '\r' && i + 1 < n && data[i + 1] == '\n')) {
                if (c == '\r')
                    i++;
                rc = end_field(&r, line, err);
                if (!rc)
                    rc = end_record(&r, &row, any_quote, fn, ctx, rec_line, err);
                any_quote = false;
                st = FIELD_START;
                rec_line = ++line;
            } else {
                rc = reco_error_set(err, RECO_EPARSE, NULL,
                                    "line %zu: text after the closing quote of a field", line);
            }
            break;
        }
    }
    if (rc)
        goto out;
    if (st == QUOTED) {
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "line %zu: a quoted field is not closed at the end of the CSV",
                            rec_line);
        goto out;
    }
    /* A last line without its line end. */
    if (st != FIELD_START || r.nfields > 0) {
        rc = end_field(&r, line, err);
        if (!rc)
            rc = end_record(&r, &row, any_quote, fn, ctx, rec_line, err);
    }
out:
    reco_buf_release(&r.field_data);
    return rc;
}
