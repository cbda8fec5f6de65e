/*
 * form.h - HTML form bodies: application/x-www-form-urlencoded and multipart/form-data
 * (RFC 7578), parsed into a list of fields allocated in the request's arena.
 *
 * Both encodings have hard limits (srv_form_limits): total size, number of fields, length of a
 * field name, of a text value and of an uploaded file. Text values are UTF-8 without control
 * bytes other than tab and line ends ("\r\n" becomes "\n", as a textarea's lines); file
 * contents are bytes, and their file names are sanitised (srv_form_filename_clean). A field
 * name may repeat (rows of a table: "alignment_code" several times). Fuzzed by
 * tests/fuzz/fuzz_http_form.c.
 */
#ifndef RECO_HTTP_FORM_H
#define RECO_HTTP_FORM_H

#include "reco/base.h"
#include "reco/common.h"

/** Limits of one form body. Zero members take the SRV_FORM_* defaults. */
typedef struct srv_form_limits {
    size_t max_total;  /* bytes of the whole body */
    size_t max_fields; /* fields, files included */
    size_t max_name;   /* bytes of a field name */
    size_t max_value;  /* bytes of a text value */
    size_t max_file;   /* bytes of one uploaded file */
} srv_form_limits;

#define SRV_FORM_MAX_TOTAL        (10u * 1024u * 1024u)
#define SRV_FORM_MAX_FIELDS       256
#define SRV_FORM_MAX_NAME         64
#define SRV_FORM_MAX_VALUE        (64u * 1024u)
#define SRV_FORM_MAX_FILE         (4u * 1024u * 1024u)
#define SRV_FORM_MAX_FILENAME     100  /* bytes of a sanitised file name */
#define SRV_FORM_MAX_PART_HEADERS 1024 /* bytes of the headers of one multipart part */

/** One field. Everything lives in the arena given to srv_form_parse. */
typedef struct srv_form_field {
    const char *name;
    const char *value;    /* text: NUL-terminated UTF-8; file: the bytes (a NUL follows them) */
    size_t len;           /* bytes of value */
    const char *filename; /* NULL for a text field; a file: sanitised name ("" when the
                             browser sent no file: the input was left empty) */
    const char *ctype;    /* a file's declared Content-Type (lower case), or NULL */
} srv_form_field;

typedef struct srv_form {
    srv_form_field *field;
    size_t n;
} srv_form;

/**
 * Parse body (n bytes) of the given Content-Type header into out. lim may be NULL (defaults).
 * Codes: RECO_EINVAL "bad form: ..." (an unknown Content-Type, a missing or bad multipart
 * boundary, a bad %-escape, invalid UTF-8 or control bytes in a text value or name, an empty
 * name, a part without Content-Disposition: form-data and a name, a body that ends before the
 * closing delimiter), RECO_ELIMIT "form too large: ..." (a limit), RECO_ENOMEM.
 */
reco_code srv_form_parse(const char *content_type, const char *body, size_t n,
                         const srv_form_limits *lim, reco_arena *a, srv_form *out, reco_error *err);

/** The first text value named name, or NULL (files are not returned). */
const char *srv_form_get(const srv_form *f, const char *name);

/** The first text value named name, or "" when absent. */
const char *srv_form_str(const srv_form *f, const char *name);

/** True when a text field named name is present with a value other than "" and "0". */
bool srv_form_flag(const srv_form *f, const char *name);

/** The idx-th text value named name (0-based, in body order), or NULL. */
const char *srv_form_nth(const srv_form *f, const char *name, size_t idx);

/** How many text values are named name. */
size_t srv_form_count(const srv_form *f, const char *name);

/** The first file field named name that holds bytes (len > 0), or NULL. */
const srv_form_field *srv_form_file(const srv_form *f, const char *name);

/**
 * A file name a browser sent, made safe to show and to store: only the part after the last
 * '/' or '\\', bytes other than [A-Za-z0-9._-] become '_', leading dots are dropped, at most
 * SRV_FORM_MAX_FILENAME bytes (cap: at least SRV_FORM_MAX_FILENAME + 1), "upload" when nothing
 * is left. Writes a NUL-terminated string into out.
 */
void srv_form_filename_clean(const char *in, size_t n, char *out, size_t cap);

#endif
