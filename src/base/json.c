/*
 * json.c - JSON on jansson with limits for untrusted input, our own writer (RFC 8785 string
 * and ECMAScript number forms) and the JSON Canonicalization Scheme (RFC 8785).
 *
 * jansson does the parsing (it already refuses invalid UTF-8, \u0000, lone surrogates, trailing
 * data and empty input); we add a byte cap, a nesting cap checked by a pre-scan before jansson
 * sees the text, and duplicate-key refusal. Writing is ours because json_dumps prints reals
 * with %.17g, which is neither canonical nor what ECMAScript prints.
 */
#include "reco/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Constructed trees may be deeper than parsed ones; the writer still refuses absurd depth. */
#define WRITE_MAX_DEPTH 10000

/* ---------------------------------------------------------------- parse */

/*
 * Deepest nesting of [ and { outside strings. Stops early once past limit, so hostile input
 * costs one linear scan. Malformed text is left for jansson to report.
 */
static int nesting_depth(const char *p, size_t n, int limit, size_t *where)
{
    int depth = 0, deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (in_string) {
            if (c == '\\')
                i++; /* skip the escaped character, e.g. \" */
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest) {
                deepest = depth;
                if (deepest > limit) {
                    *where = i;
                    break;
                }
            }
        } else if (c == ']' || c == '}') {
            if (depth > 0)
                depth--;
        }
    }
    return deepest;
}

/* Line and column (1-based, bytes) of offset i, for messages. */
static void line_col(const char *p, size_t i, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t k = 0; k < i; k++) {
        if (p[k] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

reco_code reco_json_parse(const char *data, size_t len, const reco_json_limits *lim, json_t **out,
                          reco_error *err)
{
    reco_code rc = RECO_OK;
    size_t max_bytes = lim && lim->max_bytes ? lim->max_bytes : RECO_JSON_DEFAULT_MAX_BYTES;
    int max_depth = lim && lim->max_depth > 0 ? lim->max_depth : RECO_JSON_DEFAULT_MAX_DEPTH;
    json_t *v = NULL;
    json_error_t je;
    *out = NULL;
    if (!data && len) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "no JSON data");
        goto out;
    }
    if (len > max_bytes) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "JSON text exceeds the limit of %zu bytes",
                            max_bytes);
        goto out;
    }
    size_t where = 0;
    if (nesting_depth(data, len, max_depth, &where) > max_depth) {
        int line, col;
        line_col(data, where, &line, &col);
        rc = reco_error_set(err, RECO_ELIMIT, NULL,
                            "JSON nesting deeper than %d levels at line %d, column %d", max_depth,
                            line, col);
        goto out;
    }
    /* RFC 8259 §2: any value may be a JSON text; §4: names SHOULD be unique, we insist. */
    size_t flags = JSON_REJECT_DUPLICATES | JSON_DECODE_ANY;
    v = json_loadb(data ? data : "", len, flags, &je);
    if (!v && strstr(je.text, "too big")) {
        /* An integer beyond int64 ("too big integer", "too big negative integer"): every
         * number of this document becomes a real. */
        v = json_loadb(data, len, flags | JSON_DECODE_INT_AS_REAL, &je);
    }
    if (!v) {
        /* jansson names its own flag here; say what is wrong instead. */
        const char *why = strncmp(je.text, "\\u0000 is not allowed", 20) == 0
                              ? "\\u0000 is not allowed in strings"
                              : je.text;
        rc = reco_error_set(err, RECO_EPARSE, NULL, "invalid JSON at line %d, column %d: %s",
                            je.line, je.column, why);
        goto out;
    }
    *out = v;
    v = NULL;
out:
    json_decref(v);
    return rc;
}

reco_code reco_json_read_file(const char *path, const reco_json_limits *lim, json_t **out,
                              reco_error *err)
{
    reco_buf b;
    size_t max_bytes = lim && lim->max_bytes ? lim->max_bytes : RECO_JSON_DEFAULT_MAX_BYTES;
    reco_buf_init(&b, 0);
    *out = NULL;
    reco_code rc = reco_file_read(path, max_bytes, &b, err);
    if (!rc) {
        rc = reco_json_parse(b.data, b.len, lim, out, err);
        if (rc && err && err->msg[0]) {
            /* Name the file: "FILE: invalid JSON at line 3, ...". */
            char msg[sizeof err->msg], where[sizeof err->path];
            memcpy(msg, err->msg, sizeof msg);
            memcpy(where, err->path, sizeof where);
            reco_error_set(err, rc, where, "%s: %s", path, msg);
        }
    }
    reco_buf_release(&b);
    return rc;
}

/* ---------------------------------------------------------------- UTF-16 key order */

/* Walks a UTF-8 string as UTF-16 code units (RFC 8785 §3.2.3 sorts by those). */
typedef struct u16_iter {
    const char *s;
    size_t n, i;
    int32_t pending; /* low surrogate still to deliver, or -1 */
} u16_iter;

static int32_t u16_next(u16_iter *it)
{
    int32_t u = -1; /* the end */
    if (it->pending >= 0) {
        u = it->pending;
        it->pending = -1;
    } else if (it->i < it->n) {
        u = reco_utf8_next(it->s, it->n, &it->i);
        if (u < 0) {
            u = 0xfffd; /* keys are valid UTF-8 in jansson; keep the order total anyway */
        } else if (u >= 0x10000) {
            /* A supplementary character is a surrogate pair (RFC 8785 §3.2.3). */
            u -= 0x10000;
            it->pending = 0xdc00 + (u & 0x3ff);
            u = 0xd800 + (u >> 10);
        }
    }
    return u;
}

static int u16_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    u16_iter x = {a, an, 0, -1}, y = {b, bn, 0, -1};
    int32_t p, q;
    do {
        p = u16_next(&x);
        q = u16_next(&y);
    } while (p == q && p >= 0);
    /* The end (-1) sorts before every unit, so a prefix comes first. */
    return p == q ? 0 : p < q ? -1 : 1;
}

typedef struct member {
    const char *key;
    size_t len;
    json_t *value;
} member;

static int member_cmp(const void *a, const void *b)
{
    const member *x = a, *y = b;
    return u16_cmp(x->key, x->len, y->key, y->len);
}

/* ---------------------------------------------------------------- write */

static reco_code put_string(reco_buf *out, const char *s, size_t n, int flags, reco_error *err)
{
    reco_code rc = reco_buf_putc(out, '"');
    size_t i = 0;
    while (!rc && i < n) {
        /* Copy the longest run that needs no escape in one go. */
        size_t j = i;
        while (j < n) {
            unsigned char c = (unsigned char)s[j];
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80)
                break;
            j++;
        }
        if (j > i) {
            rc = reco_buf_append(out, s + i, j - i);
            i = j;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t at = i;
            int32_t cp = reco_utf8_next(s, n, &i);
            if (cp < 0) {
                rc = reco_error_set(err, RECO_EINVAL, NULL, "invalid UTF-8 in a string at byte %zu",
                                    at);
                break;
            }
            if (!(flags & RECO_JSON_ASCII)) {
                rc = reco_buf_append(out, s + at, i - at);
            } else if (cp >= 0x10000) {
                cp -= 0x10000;
                rc = reco_buf_printf(out, "\\u%04x\\u%04x", (unsigned)(0xd800 + (cp >> 10)),
                                     (unsigned)(0xdc00 + (cp & 0x3ff)));
            } else {
                rc = reco_buf_printf(out, "\\u%04x", (unsigned)cp);
            }
            continue;
        }
        /* RFC 8785 §3.2.2.2: the short escapes where JSON has them, else \u00xx. */
        i++;
        switch (c) {
        case '"':
            rc = reco_buf_puts(out, "\\\"");
            break;
        case '\\':
            rc = reco_buf_puts(out, "\\\\");
            break;
        case '\b':
            rc = reco_buf_puts(out, "\\b");
            break;
        case '\t':
            rc = reco_buf_puts(out, "\\t");
            break;
        case '\n':
            rc = reco_buf_puts(out, "\\n");
            break;
        case '\f':
            rc = reco_buf_puts(out, "\\f");
            break;
        case '\r':
            rc = reco_buf_puts(out, "\\r");
            break;
        default:
            rc = reco_buf_printf(out, "\\u%04x", (unsigned)c);
            break;
        }
    }
    if (!rc)
        rc = reco_buf_putc(out, '"');
    return rc;
}

static reco_code put_indent(reco_buf *out, int flags, int depth)
{
    reco_code rc = RECO_OK;
    if (flags & RECO_JSON_PRETTY) {
        rc = reco_buf_putc(out, '\n');
        for (int i = 0; !rc && i < depth; i++)
            rc = reco_buf_append(out, "  ", 2);
    }
    return rc;
}

static reco_code write_value(const json_t *v, int flags, int depth, reco_buf *out, reco_error *err);

static reco_code write_object(const json_t *v, int flags, int depth, reco_buf *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    size_t count = json_object_size(v);
    member *m = NULL;
    if (count == 0) {
        rc = reco_buf_append(out, "{}", 2);
        goto out;
    }
    m = malloc(count * sizeof *m);
    if (!m) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    /* jansson iterates objects in insertion order (since 2.8), which we keep unless sorting. */
    size_t k = 0;
    void *it = json_object_iter((json_t *)v);
    for (; it && k < count; it = json_object_iter_next((json_t *)v, it), k++) {
        m[k].key = json_object_iter_key(it);
        m[k].len = json_object_iter_key_len(it);
        m[k].value = json_object_iter_value(it);
    }
    count = k;
    if (flags & RECO_JSON_SORT_KEYS)
        qsort(m, count, sizeof *m, member_cmp);
    rc = reco_buf_putc(out, '{');
    for (size_t i = 0; !rc && i < count; i++) {
        if (i)
            rc = reco_buf_putc(out, ',');
        if (!rc)
            rc = put_indent(out, flags, depth + 1);
        if (!rc)
            rc = put_string(out, m[i].key, m[i].len, flags, err);
        if (!rc)
            rc = flags & RECO_JSON_PRETTY ? reco_buf_append(out, ": ", 2) : reco_buf_putc(out, ':');
        if (!rc)
            rc = write_value(m[i].value, flags, depth + 1, out, err);
    }
    if (!rc)
        rc = put_indent(out, flags, depth);
    if (!rc)
        rc = reco_buf_putc(out, '}');
out:
    free(m);
    return rc;
}

static reco_code write_value(const json_t *v, int flags, int depth, reco_buf *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    char num[32];
    if (depth > WRITE_MAX_DEPTH) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "JSON nesting deeper than %d levels",
                            WRITE_MAX_DEPTH);
        goto out;
    }
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        rc = write_object(v, flags, depth, out, err);
        break;
    case JSON_ARRAY: {
        size_t n = json_array_size(v);
        if (n == 0) {
            rc = reco_buf_append(out, "[]", 2);
            break;
        }
        rc = reco_buf_putc(out, '[');
        for (size_t i = 0; !rc && i < n; i++) {
            if (i)
                rc = reco_buf_putc(out, ',');
            if (!rc)
                rc = put_indent(out, flags, depth + 1);
            if (!rc)
                rc = write_value(json_array_get(v, i), flags, depth + 1, out, err);
        }
        if (!rc)
            rc = put_indent(out, flags, depth);
        if (!rc)
            rc = reco_buf_putc(out, ']');
        break;
    }
    case JSON_STRING:
        rc = put_string(out, json_string_value(v), json_string_length(v), flags, err);
        break;
    case JSON_INTEGER: {
        json_int_t i = json_integer_value(v);
        /*
         * RFC 8785 §3.2.2.3: numbers are IEEE doubles, so integers past 2^53 print as the
         * double they round to. Smaller ones print exactly as integers.
         */
        if (i > -(1LL << 53) && i < (1LL << 53))
            rc = reco_buf_printf(out, "%lld", (long long)i);
        else {
            reco_es_number((double)i, num);
            rc = reco_buf_puts(out, num);
        }
        break;
    }
    case JSON_REAL:
        if (reco_es_number(json_real_value(v), num) < 0) {
            rc = reco_error_set(err, RECO_EINVAL, NULL, "cannot write NaN or infinity in JSON");
            break;
        }
        rc = reco_buf_puts(out, num);
        break;
    case JSON_TRUE:
        rc = reco_buf_append(out, "true", 4);
        break;
    case JSON_FALSE:
        rc = reco_buf_append(out, "false", 5);
        break;
    case JSON_NULL:
        rc = reco_buf_append(out, "null", 4);
        break;
    }
out:
    return rc;
}

/* Buffer failures carry no message of their own: give them one. */
static reco_code buf_message(reco_code rc, const reco_buf *out, reco_error *err)
{
    /* The writer's own limit (nesting) has its message already. */
    if (!err || err->code != rc)
        reco_buf_error(rc, out, "JSON output", err);
    return rc;
}

reco_code reco_json_write(const json_t *v, int flags, reco_buf *out, reco_error *err)
{
    reco_code rc;
    size_t start = out->len;
    reco_error_clear(err);
    rc = v ? write_value(v, flags, 0, out, err)
           : reco_error_set(err, RECO_EINVAL, NULL, "no JSON value to write");
    if (rc) {
        rc = buf_message(rc, out, err);
        out->len = start;
        if (out->cap)
            out->data[start] = '\0';
    }
    return rc;
}

reco_code reco_jcs(const json_t *v, reco_buf *out, reco_error *err)
{
    /* RFC 8785 §3.2: no whitespace, sorted members, minimal escapes, ECMAScript numbers. */
    return reco_json_write(v, RECO_JSON_SORT_KEYS, out, err);
}

/* ---------------------------------------------------------------- equality */

static bool number_equal(const json_t *a, const json_t *b)
{
    bool eq;
    if (json_is_integer(a) && json_is_integer(b)) {
        eq = json_integer_value(a) == json_integer_value(b);
    } else if (json_is_real(a) && json_is_real(b)) {
        eq = json_real_value(a) == json_real_value(b);
    } else {
        const json_t *i = json_is_integer(a) ? a : b;
        double r = json_real_value(json_is_real(a) ? a : b);
        /* Mixed: equal only when the real is exactly that integer (no rounding via double). */
        eq = r >= -9223372036854775808.0 && r < 9223372036854775808.0 && r == floor(r) &&
             (json_int_t)r == json_integer_value(i);
    }
    return eq;
}

static bool equal_depth(const json_t *a, const json_t *b, int depth)
{
    bool eq = false;
    if (a == b) {
        eq = true;
    } else if (!a || !b || depth > WRITE_MAX_DEPTH) {
        eq = false;
    } else if (json_is_number(a) && json_is_number(b)) {
        eq = number_equal(a, b);
    } else if (json_typeof(a) != json_typeof(b)) {
        eq = false;
    } else if (json_is_object(a)) {
        const char *key;
        size_t key_len;
        json_t *va;
        eq = json_object_size(a) == json_object_size(b);
        json_object_keylen_foreach((json_t *)a, key, key_len, va)
        {
            if (!eq)
                break;
            json_t *vb = json_object_getn(b, key, key_len);
            eq = vb && equal_depth(va, vb, depth + 1);
        }
    } else if (json_is_array(a)) {
        size_t n = json_array_size(a);
        eq = n == json_array_size(b);
        for (size_t i = 0; eq && i < n; i++)
            eq = equal_depth(json_array_get(a, i), json_array_get(b, i), depth + 1);
    } else if (json_is_string(a)) {
        eq = json_string_length(a) == json_string_length(b) &&
             memcmp(json_string_value(a), json_string_value(b), json_string_length(a)) == 0;
    } else {
        eq = true; /* true, false, null: same type is same value */
    }
    return eq;
}

bool reco_json_equal(const json_t *a, const json_t *b)
{
    return equal_depth(a, b, 0);
}

/* ---------------------------------------------------------------- JSON pointer paths */

void reco_json_path_push(char *path, size_t n, const char *segment)
{
    size_t o = path && n ? strnlen(path, n) : 0;
    if (!path || n == 0 || o >= n - 1) {
        if (path && n)
            path[n - 1] = '\0';
        goto out;
    }
    /* RFC 6901 §3: '~' is written "~0" and '/' is written "~1". */
    path[o++] = '/';
    for (const char *s = segment ? segment : ""; *s && o + 1 < n; s++) {
        if (*s == '~' || *s == '/') {
            if (o + 2 >= n)
                break;
            path[o++] = '~';
            path[o++] = *s == '~' ? '0' : '1';
        } else {
            path[o++] = *s;
        }
    }
    path[o] = '\0';
out:
    return;
}

void reco_json_path_push_index(char *path, size_t n, size_t index)
{
    char seg[24];
    snprintf(seg, sizeof seg, "%zu", index);
    reco_json_path_push(path, n, seg);
}
