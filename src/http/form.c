/*
 * form.c - HTML form bodies (src/http/form.h): application/x-www-form-urlencoded (WHATWG URL
 * §5.1) and multipart/form-data (RFC 7578, with the delimiter syntax of RFC 2046 §5.1.1).
 *
 * Every length is checked before anything is copied; everything is allocated in the caller's
 * arena, so a refused body leaves nothing behind.
 */
#include "http/form.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct limits {
    size_t total, fields, name, value, file;
} limits;

static limits limits_of(const srv_form_limits *l)
{
    limits x = {SRV_FORM_MAX_TOTAL, SRV_FORM_MAX_FIELDS, SRV_FORM_MAX_NAME, SRV_FORM_MAX_VALUE,
                SRV_FORM_MAX_FILE};
    if (l) {
        if (l->max_total)
            x.total = l->max_total;
        if (l->max_fields)
            x.fields = l->max_fields;
        if (l->max_name)
            x.name = l->max_name;
        if (l->max_value)
            x.value = l->max_value;
        if (l->max_file)
            x.file = l->max_file;
    }
    return x;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * Check decoded text d[0..*n) in place: UTF-8, no control bytes but tab and line ends (none at
 * all in a name), "\r\n" and a lone "\r" become "\n". *n is updated.
 */
static reco_code text_check(char *d, size_t *n, bool is_name, const char *what, reco_error *err)
{
    size_t j = 0;
    for (size_t i = 0; i < *n; i++) {
        unsigned char c = (unsigned char)d[i];
        if (c == '\r' && !is_name) {
            if (i + 1 < *n && d[i + 1] == '\n')
                i++;
            c = '\n';
        } else if ((c < 0x20 && (is_name || (c != '\t' && c != '\n'))) || c == 0x7f) {
            return reco_error_set(err, RECO_EINVAL, NULL, "bad form: control byte in %s %s",
                                  is_name ? "the name of" : "the value of", what);
        }
        d[j++] = (char)c;
    }
    d[j] = '\0';
    *n = j;
    if (!reco_utf8_valid(d, j))
        return reco_error_set(err, RECO_EINVAL, NULL, "bad form: %s is not UTF-8", what);
    return RECO_OK;
}

static reco_code add_field(srv_form *out, size_t cap, const srv_form_field *f, reco_error *err)
{
    if (out->n == cap)
        return reco_error_set(err, RECO_ELIMIT, NULL, "form too large: more than %zu fields", cap);
    out->field[out->n++] = *f;
    return RECO_OK;
}

/* ---------------------------------------------------------------- urlencoded */

/* Percent-decode s[0..n) ('+' is a space) into a new arena string of at most max bytes. */
static reco_code url_decode(const char *s, size_t n, size_t max, reco_arena *a, char **out,
                            size_t *outlen, reco_error *err)
{
    char *d;
    size_t j = 0;
    if (n > max * 3)
        return reco_error_set(err, RECO_ELIMIT, NULL, "form too large: a field exceeds %zu bytes",
                              max);
    if (!(d = reco_arena_alloc(a, n + 1)))
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return reco_error_set(err, RECO_EINVAL, NULL, "bad form: bad %%-escape");
            c = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+') {
            c = ' ';
        }
        d[j++] = c;
    }
    if (j > max)
        return reco_error_set(err, RECO_ELIMIT, NULL, "form too large: a field exceeds %zu bytes",
                              max);
    d[j] = '\0';
    *out = d;
    *outlen = j;
    return RECO_OK;
}

static reco_code parse_urlencoded(const char *body, size_t n, const limits *lim, reco_arena *a,
                                  srv_form *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    size_t i = 0;
    while (i < n && !rc) {
        size_t start = i, eq = (size_t)-1;
        while (i < n && body[i] != '&') {
            if (body[i] == '=' && eq == (size_t)-1)
                eq = i;
            i++;
        }
        size_t end = i++;
        if (end == start)
            continue; /* "a=1&&b=2" */
        size_t kend = eq == (size_t)-1 ? end : eq;
        srv_form_field f = {0};
        char *k = NULL, *v = NULL;
        size_t kl = 0, vl = 0;
        rc = url_decode(body + start, kend - start, lim->name, a, &k, &kl, err);
        if (!rc && kl == 0)
            rc = reco_error_set(err, RECO_EINVAL, NULL, "bad form: a field without a name");
        if (!rc)
            rc = text_check(k, &kl, true, "a field", err);
        if (!rc)
            rc = url_decode(eq == (size_t)-1 ? "" : body + eq + 1,
                            eq == (size_t)-1 ? 0 : end - eq - 1, lim->value, a, &v, &vl, err);
        if (!rc)
            rc = text_check(v, &vl, false, "a field", err);
        f.name = k;
        f.value = v;
        f.len = vl;
        if (!rc)
            rc = add_field(out, lim->fields, &f, err);
    }
    return rc;
}

/* ---------------------------------------------------------------- multipart */

static const char *find(const char *h, size_t hn, const char *needle, size_t nn)
{
    if (nn == 0 || hn < nn)
        return NULL;
    const char *end = h + hn - nn + 1;
    for (const char *p = h; p < end;) {
        const char *q = memchr(p, needle[0], (size_t)(end - p));
        if (!q)
            return NULL;
        if (memcmp(q, needle, nn) == 0)
            return q;
        p = q + 1;
    }
    return NULL;
}

/*
 * The value of parameter name in a header value ("form-data; name=\"a\"; filename=\"b\""),
 * quoted (backslash escapes) or a token, into a new arena string; NULL when absent. *len gets
 * its length. The search starts after the first ';'.
 */
static const char *header_param(const char *v, size_t n, const char *name, reco_arena *a,
                                size_t *len)
{
    size_t nl = strlen(name), i = 0;
    while (i < n && v[i] != ';')
        i++;
    while (i < n) {
        i++; /* the ';' */
        while (i < n && (v[i] == ' ' || v[i] == '\t'))
            i++;
        size_t ks = i;
        while (i < n && v[i] != '=' && v[i] != ';')
            i++;
        size_t ke = i;
        while (ke > ks && (v[ke - 1] == ' ' || v[ke - 1] == '\t'))
            ke--;
        bool match = ke - ks == nl && strncasecmp(v + ks, name, nl) == 0;
        if (i >= n || v[i] == ';')
            continue;
        i++; /* the '=' */
        while (i < n && (v[i] == ' ' || v[i] == '\t'))
            i++;
        char *out = reco_arena_alloc(a, n - i + 1);
        size_t j = 0;
        if (!out)
            return NULL;
        if (i < n && v[i] == '"') {
            for (i++; i < n && v[i] != '"'; i++) {
                if (v[i] == '\\' && i + 1 < n)
                    i++;
                out[j++] = v[i];
            }
            if (i < n)
                i++; /* closing quote */
            while (i < n && v[i] != ';')
                i++;
        } else {
            while (i < n && v[i] != ';' && v[i] != ' ' && v[i] != '\t')
                out[j++] = v[i++];
            while (i < n && v[i] != ';')
                i++;
        }
        out[j] = '\0';
        if (match) {
            *len = j;
            return out;
        }
    }
    return NULL;
}

/* The boundary of a multipart Content-Type into out (1..70 bytes, RFC 2046 §5.1.1). */
static reco_code boundary_of(const char *ctype, reco_arena *a, const char **out, size_t *len,
                             reco_error *err)
{
    size_t bl = 0;
    const char *b = header_param(ctype, strlen(ctype), "boundary", a, &bl);
    if (!b || bl == 0 || bl > 70)
        return reco_error_set(err, RECO_EINVAL, NULL,
                              "bad form: the multipart boundary is missing or longer than 70 "
                              "bytes");
    for (size_t i = 0; i < bl; i++)
        if ((unsigned char)b[i] < 0x20 || (unsigned char)b[i] > 0x7e)
            return reco_error_set(err, RECO_EINVAL, NULL, "bad form: bad multipart boundary");
    *out = b;
    *len = bl;
    return RECO_OK;
}

/* One part's headers h[0..hn) (CRLF-separated lines) into f. */
static reco_code part_headers(const char *h, size_t hn, const limits *lim, reco_arena *a,
                              srv_form_field *f, reco_error *err)
{
    bool disposition = false;
    size_t i = 0;
    while (i < hn) {
        const char *eol = find(h + i, hn - i, "\r\n", 2);
        size_t le = eol ? (size_t)(eol - h) : hn;
        const char *line = h + i;
        size_t ll = le - i;
        const char *colon = memchr(line, ':', ll);
        i = le + 2;
        if (!colon)
            return reco_error_set(err, RECO_EINVAL, NULL, "bad form: a part header without ':'");
        size_t nl = (size_t)(colon - line);
        const char *v = colon + 1;
        size_t vl = ll - nl - 1;
        while (vl && (*v == ' ' || *v == '\t')) {
            v++;
            vl--;
        }
        if (nl == 19 && strncasecmp(line, "Content-Disposition", 19) == 0) {
            size_t len = 0;
            if (vl < 9 || strncasecmp(v, "form-data", 9) != 0)
                return reco_error_set(err, RECO_EINVAL, NULL,
                                      "bad form: a part is not Content-Disposition: form-data");
            const char *name = header_param(v, vl, "name", a, &len);
            if (!name || len == 0)
                return reco_error_set(err, RECO_EINVAL, NULL, "bad form: a part without a name");
            if (len > lim->name)
                return reco_error_set(err, RECO_ELIMIT, NULL,
                                      "form too large: a field name exceeds %zu bytes", lim->name);
            char *nm = (char *)name;
            reco_code rc = text_check(nm, &len, true, "a field", err);
            if (rc)
                return rc;
            f->name = nm;
            const char *fn = header_param(v, vl, "filename", a, &len);
            if (fn) {
                char *clean = reco_arena_alloc(a, SRV_FORM_MAX_FILENAME + 1);
                if (!clean)
                    return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
                if (len == 0)
                    clean[0] = '\0';
                else
                    srv_form_filename_clean(fn, len, clean, SRV_FORM_MAX_FILENAME + 1);
                f->filename = clean;
            }
            disposition = true;
        } else if (nl == 12 && strncasecmp(line, "Content-Type", 12) == 0) {
            size_t tl = 0;
            while (tl < vl && tl < 100 && v[tl] != ';' && v[tl] != ' ')
                tl++;
            char *t = reco_arena_strndup(a, v, tl);
            if (!t)
                return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
            for (char *p = t; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p - 'A' + 'a');
            f->ctype = t;
        }
    }
    if (!disposition)
        return reco_error_set(err, RECO_EINVAL, NULL,
                              "bad form: a part without Content-Disposition");
    return RECO_OK;
}

static reco_code parse_multipart(const char *ctype, const char *body, size_t n, const limits *lim,
                                 reco_arena *a, srv_form *out, reco_error *err)
{
    const char *b = NULL;
    size_t bl = 0;
    reco_code rc = boundary_of(ctype, a, &b, &bl, err);
    if (rc)
        return rc;
    /* delim = "\r\n--" boundary; the first one may come without the CRLF */
    char *delim = reco_arena_alloc(a, bl + 5);
    if (!delim)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    memcpy(delim, "\r\n--", 4);
    memcpy(delim + 4, b, bl);
    size_t dl = bl + 4;
    const char *p;
    if (n >= dl - 2 && memcmp(body, delim + 2, dl - 2) == 0)
        p = body + dl - 2;
    else if ((p = find(body, n, delim, dl)))
        p += dl;
    else
        return reco_error_set(err, RECO_EINVAL, NULL,
                              "bad form: no multipart boundary in the "
                              "body");
    const char *end = body + n;
    for (;;) {
        /* after a delimiter: "--" ends the body, else optional whitespace and CRLF */
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return RECO_OK;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return reco_error_set(err, RECO_EINVAL, NULL,
                                  "bad form: the body ends before the closing boundary");
        p += 2;
        size_t left = (size_t)(end - p);
        const char *hend =
            find(p, left < SRV_FORM_MAX_PART_HEADERS + 4 ? left : SRV_FORM_MAX_PART_HEADERS + 4,
                 "\r\n\r\n", 4);
        srv_form_field f = {0};
        if (left >= 2 && p[0] == '\r' && p[1] == '\n')
            return reco_error_set(err, RECO_EINVAL, NULL,
                                  "bad form: a part without Content-Disposition");
        if (!hend)
            return reco_error_set(err, left > SRV_FORM_MAX_PART_HEADERS ? RECO_ELIMIT : RECO_EINVAL,
                                  NULL, "bad form: the headers of a part are %s",
                                  left > SRV_FORM_MAX_PART_HEADERS ? "too long" : "unterminated");
        if ((rc = part_headers(p, (size_t)(hend - p), lim, a, &f, err)))
            return rc;
        const char *data = hend + 4;
        const char *next = find(data, (size_t)(end - data), delim, dl);
        if (!next)
            return reco_error_set(err, RECO_EINVAL, NULL,
                                  "bad form: the body ends before the closing boundary");
        size_t len = (size_t)(next - data);
        if (f.filename && len > lim->file)
            return reco_error_set(err, RECO_ELIMIT, NULL,
                                  "form too large: the file '%.100s' exceeds %zu bytes", f.filename,
                                  lim->file);
        if (!f.filename && len > lim->value)
            return reco_error_set(err, RECO_ELIMIT, NULL,
                                  "form too large: the field '%.64s' exceeds %zu bytes", f.name,
                                  lim->value);
        char *v = reco_arena_alloc(a, len + 1);
        if (!v)
            return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        memcpy(v, data, len);
        v[len] = '\0';
        if (!f.filename && (rc = text_check(v, &len, false, "a field", err)))
            return rc;
        f.value = v;
        f.len = len;
        if ((rc = add_field(out, lim->fields, &f, err)))
            return rc;
        p = next + dl;
    }
}

/* ---------------------------------------------------------------- public */

static bool ctype_is(const char *h, const char *mime)
{
    size_t n = strlen(mime);
    if (!h)
        return false;
    while (*h == ' ')
        h++;
    if (strncasecmp(h, mime, n) != 0)
        return false;
    h += n;
    while (*h == ' ')
        h++;
    return *h == '\0' || *h == ';';
}

reco_code srv_form_parse(const char *content_type, const char *body, size_t n,
                         const srv_form_limits *lim, reco_arena *a, srv_form *out, reco_error *err)
{
    limits l = limits_of(lim);
    out->n = 0;
    out->field = NULL;
    if (n > l.total)
        return reco_error_set(err, RECO_ELIMIT, NULL, "form too large: the body exceeds %zu bytes",
                              l.total);
    if (!(out->field = reco_arena_calloc(a, l.fields * sizeof *out->field)))
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    if (ctype_is(content_type, "application/x-www-form-urlencoded"))
        return parse_urlencoded(body, n, &l, a, out, err);
    if (ctype_is(content_type, "multipart/form-data"))
        return parse_multipart(content_type, body, n, &l, a, out, err);
    return reco_error_set(err, RECO_EINVAL, NULL,
                          "bad form: the body must be application/x-www-form-urlencoded or "
                          "multipart/form-data");
}

const char *srv_form_nth(const srv_form *f, const char *name, size_t idx)
{
    for (size_t i = 0; f && i < f->n; i++)
        if (!f->field[i].filename && strcmp(f->field[i].name, name) == 0 && idx-- == 0)
            return f->field[i].value;
    return NULL;
}

const char *srv_form_get(const srv_form *f, const char *name)
{
    return srv_form_nth(f, name, 0);
}

const char *srv_form_str(const srv_form *f, const char *name)
{
    const char *v = srv_form_get(f, name);
    return v ? v : "";
}

bool srv_form_flag(const srv_form *f, const char *name)
{
    const char *v = srv_form_get(f, name);
    return v && v[0] && strcmp(v, "0") != 0;
}

size_t srv_form_count(const srv_form *f, const char *name)
{
    size_t n = 0;
    for (size_t i = 0; f && i < f->n; i++)
        if (!f->field[i].filename && strcmp(f->field[i].name, name) == 0)
            n++;
    return n;
}

const srv_form_field *srv_form_file(const srv_form *f, const char *name)
{
    for (size_t i = 0; f && i < f->n; i++)
        if (f->field[i].filename && f->field[i].len > 0 && strcmp(f->field[i].name, name) == 0)
            return &f->field[i];
    return NULL;
}

void srv_form_filename_clean(const char *in, size_t n, char *out, size_t cap)
{
    size_t start = 0, j = 0;
    if (cap == 0)
        return;
    for (size_t i = 0; i < n; i++)
        if (in[i] == '/' || in[i] == '\\')
            start = i + 1;
    for (size_t i = start; i < n && j + 1 < cap && j < SRV_FORM_MAX_FILENAME; i++) {
        char c = in[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (c == '.' && j == 0)
            continue; /* no hidden files, no "..": leading dots go */
        out[j++] = ok ? c : '_';
    }
    out[j] = '\0';
    if (j == 0)
        snprintf(out, cap, "upload");
}
