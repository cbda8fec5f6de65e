/*
 * nquads.c - RDF 1.1 N-Quads: a parser for untrusted input (every position of an error is
 * reported as line and column, every size is capped) and the canonical serialization that
 * RDFC-1.0 hashes and returns (RDFC-1.0 Appendix A "A Canonical form of N-Quads").
 */
#include "reco/rdf.h"

#include <string.h>

/* The longest term (IRI, label, literal value) the parser accepts, in bytes. */
#define MAX_TERM (1u << 20)

/* ---------------------------------------------------------------- canonical writer */

static const char hexdig[] = "0123456789ABCDEF";

/*
 * RDFC-1.0 Appendix A, "Within STRING_LITERAL_QUOTE": BS, HT, LF, FF, CR, '"' and '\' as
 * ECHAR; U+0000-U+0007, VT, U+000E-U+001F, DEL and characters outside XML 1.1 Char (U+FFFE,
 * U+FFFF; surrogates cannot occur in UTF-8) as \u with four upper-case HEX; everything else
 * as itself. Runs of plain bytes are copied in one append.
 */
static reco_code write_literal_body(const char *v, size_t n, reco_buf *out)
{
    reco_code rc = RECO_OK;
    size_t run = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        unsigned char c = (unsigned char)v[i];
        char esc[7];
        size_t elen = 0;
        size_t skip = 1;
        if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
            esc[0] = '\\';
            elen = 2;
            switch (c) {
            case '\b':
                esc[1] = 'b';
                break;
            case '\t':
                esc[1] = 't';
                break;
            case '\n':
                esc[1] = 'n';
                break;
            case '\f':
                esc[1] = 'f';
                break;
            case '\r':
                esc[1] = 'r';
                break;
            case '"':
                esc[1] = '"';
                break;
            case '\\':
                esc[1] = '\\';
                break;
            default:
                memcpy(esc + 1, "u00", 3);
                esc[4] = hexdig[c >> 4];
                esc[5] = hexdig[c & 15];
                elen = 6;
            }
        } else if (c == 0xef && i + 2 < n && (unsigned char)v[i + 1] == 0xbf &&
                   ((unsigned char)v[i + 2] == 0xbe || (unsigned char)v[i + 2] == 0xbf)) {
            /* U+FFFE and U+FFFF are not XML 1.1 Char. */
            memcpy(esc, (unsigned char)v[i + 2] == 0xbe ? "\\uFFFE" : "\\uFFFF", 6);
            elen = 6;
            skip = 3;
        }
        if (!elen) {
            run++;
            continue;
        }
        rc = reco_buf_append(out, v + i - run, run);
        run = 0;
        if (!rc)
            rc = reco_buf_append(out, esc, elen);
        i += skip - 1;
    }
    if (!rc && run)
        rc = reco_buf_append(out, v + n - run, run);
    return rc;
}

/* Append open, s (n bytes) and close (each of at most 3 bytes) with one reservation. */
static reco_code append_wrapped(reco_buf *out, const char *open, const char *s, size_t n,
                                const char *close)
{
    size_t no = strlen(open), nc = strlen(close);
    reco_code rc = reco_buf_reserve(out, no + n + nc);
    if (!rc) {
        char *d = out->data + out->len;
        memcpy(d, open, no);
        memcpy(d + no, s, n);
        memcpy(d + no + n, close, nc);
        out->len += no + n + nc;
        out->data[out->len] = '\0';
    }
    return rc;
}

reco_code reco_nquads_write_term(const reco_term *t, reco_buf *out)
{
    reco_code rc = RECO_OK;
    switch (t->kind) {
    case RECO_TERM_IRI:
        rc = append_wrapped(out, "<", t->value, strlen(t->value), ">");
        break;
    case RECO_TERM_BLANK:
        rc = append_wrapped(out, "_:", t->value, strlen(t->value), "");
        break;
    case RECO_TERM_LITERAL: {
        size_t n = t->value_len ? t->value_len : strlen(t->value);
        rc = reco_buf_putc(out, '"');
        if (!rc)
            rc = write_literal_body(t->value, n, out);
        if (!rc)
            rc = reco_buf_putc(out, '"');
        if (!rc && t->language && t->language[0]) {
            rc = reco_buf_putc(out, '@');
            if (!rc)
                rc = reco_buf_puts(out, t->language);
        } else if (!rc && t->datatype && strcmp(t->datatype, RECO_XSD_STRING) != 0) {
            /* Appendix A: xsd:string literals never carry their datatype. */
            rc = append_wrapped(out, "^^<", t->datatype, strlen(t->datatype), ">");
        }
        break;
    }
    case RECO_TERM_DEFAULT_GRAPH:
    default:
        break;
    }
    return rc;
}

reco_code reco_nquads_write_quad(const reco_quad *q, reco_buf *out)
{
    /* Appendix A: a single space after subject, predicate, object and graph label; one LF. */
    reco_code rc = reco_nquads_write_term(&q->s, out);
    if (!rc)
        rc = reco_buf_putc(out, ' ');
    if (!rc)
        rc = reco_nquads_write_term(&q->p, out);
    if (!rc)
        rc = reco_buf_putc(out, ' ');
    if (!rc)
        rc = reco_nquads_write_term(&q->o, out);
    if (!rc && q->g.kind != RECO_TERM_DEFAULT_GRAPH) {
        rc = reco_buf_putc(out, ' ');
        if (!rc)
            rc = reco_nquads_write_term(&q->g, out);
    }
    if (!rc)
        rc = reco_buf_append(out, " .\n", 3);
    return rc;
}

reco_code reco_nquads_write(const reco_dataset *ds, reco_buf *out)
{
    reco_code rc = RECO_OK;
    for (size_t i = 0; i < ds->len && !rc; i++)
        rc = reco_nquads_write_quad(&ds->quads[i], out);
    return rc;
}

/* ---------------------------------------------------------------- parser */

typedef struct parser {
    const char *s;
    size_t n, i;
    reco_dataset *ds;
    reco_buf tmp;   /* decoded text of the term being read */
    unsigned flags; /* RECO_NQUADS_* */
    reco_error *err;
} parser;

/* An error at byte offset at: the line and column are counted only now, on the error path. */
static reco_code fail_at(parser *p, size_t at, reco_code code, const char *what)
{
    size_t line = 1, col = 1;
    for (size_t i = 0; i < at && i < p->n; i++) {
        unsigned char c = (unsigned char)p->s[i];
        if (c == '\n') {
            line++;
            col = 1;
        } else if ((c & 0xc0) != 0x80) {
            col++; /* count code points, not continuation bytes */
        }
    }
    return reco_error_set(p->err, code, NULL, "line %zu column %zu: %s", line, col, what);
}

static reco_code fail(parser *p, const char *what)
{
    return fail_at(p, p->i, RECO_EPARSE, what);
}

static bool at_end(const parser *p)
{
    return p->i >= p->n;
}

static char peek(const parser *p)
{
    return p->i < p->n ? p->s[p->i] : '\0';
}

static void skip_ws(parser *p)
{
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t'))
        p->i++;
}

static int hexval(char c)
{
    int v = -1;
    if (c >= '0' && c <= '9')
        v = c - '0';
    else if (c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
    return v;
}

static reco_code put_utf8(reco_buf *b, uint32_t cp)
{
    char u[4];
    size_t len;
    if (cp < 0x80) {
        u[0] = (char)cp;
        len = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xc0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3f));
        len = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xe0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[2] = (char)(0x80 | (cp & 0x3f));
        len = 3;
    } else {
        u[0] = (char)(0xf0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[3] = (char)(0x80 | (cp & 0x3f));
        len = 4;
    }
    return reco_buf_append(b, u, len);
}

/* Out of memory and the term cap both surface through the temporary buffer. */
static reco_code buf_fail(parser *p, reco_code rc)
{
    return rc == RECO_ELIMIT
               ? fail_at(p, p->i, RECO_ELIMIT, "term too long: the limit is 1 MiB")
               : reco_error_set(p->err, RECO_ENOMEM, NULL, "out of memory parsing n-quads");
}

/* UCHAR ::= '\u' HEX{4} | '\U' HEX{8}; p->i is on the 'u' or 'U'. */
static reco_code read_uchar(parser *p, uint32_t *cp)
{
    reco_code rc = RECO_OK;
    size_t digits = p->s[p->i] == 'u' ? 4 : 8;
    size_t start = p->i - 1;
    uint32_t v = 0;
    p->i++;
    for (size_t k = 0; k < digits && !rc; k++) {
        int h = p->i < p->n ? hexval(p->s[p->i]) : -1;
        if (h < 0) {
            rc = fail(p, "bad \\u or \\U escape: expected a hex digit");
        } else {
            v = (v << 4) | (uint32_t)h;
            p->i++;
        }
    }
    if (!rc && (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)))
        rc = fail_at(p, start, RECO_EPARSE, "escape is not a unicode scalar value");
    if (!rc)
        *cp = v;
    return rc;
}

/* Decode a UCHAR at p->i (on the 'u' or 'U') into tmp; with in_iri, refuse what an IRI may
 * not hold: an escape may not smuggle in what the grammar forbids raw. */
static bool iri_forbidden(uint32_t c);

static reco_code put_uchar(parser *p, bool in_iri)
{
    uint32_t cp = 0;
    size_t esc = p->i - 1;
    reco_code rc = read_uchar(p, &cp);
    if (!rc && in_iri && iri_forbidden(cp))
        rc = fail_at(p, esc, RECO_EPARSE,
                     "escape in iri decodes to a character not allowed in an iri");
    if (!rc && (rc = put_utf8(&p->tmp, cp)) != RECO_OK)
        rc = buf_fail(p, rc);
    return rc;
}

/* Copy one raw UTF-8 character at p->i into tmp; invalid UTF-8 is refused where it stands. */
static reco_code copy_char(parser *p)
{
    reco_code rc = RECO_OK;
    size_t at = p->i;
    if (reco_utf8_next(p->s, p->n, &p->i) < 0) {
        p->i = at;
        rc = fail(p, "invalid utf-8");
    } else if ((rc = reco_buf_append(&p->tmp, p->s + at, p->i - at)) != RECO_OK) {
        rc = buf_fail(p, rc);
    }
    return rc;
}

/* The decoded term in tmp, copied into the arena (it may hold U+0000: copy by length). */
static reco_code tmp_dup(parser *p, const char **out)
{
    char *d = reco_arena_alloc(p->ds->arena, p->tmp.len + 1);
    if (d) {
        memcpy(d, p->tmp.data, p->tmp.len);
        d[p->tmp.len] = '\0';
    }
    *out = d;
    return d ? RECO_OK : buf_fail(p, RECO_ENOMEM);
}

static bool iri_forbidden(uint32_t c)
{
    return c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
           c == '^' || c == '`' || c == '\\';
}

/* RFC 3987 absolute IRI: scheme ":" with scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). */
static bool iri_absolute(const char *s, size_t n)
{
    bool ok = n > 0 && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'));
    size_t i = 1;
    while (ok && i < n && s[i] != ':') {
        char c = s[i++];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '+' || c == '-' || c == '.';
    }
    return ok && i < n; /* stopped on the ':' */
}

/* IRIREF ::= '<' ([^#x00-#x20<>"{}|^`\] | UCHAR)* '>'; leaves the IRI in p->tmp. */
static reco_code read_iri(parser *p)
{
    reco_code rc = RECO_OK;
    size_t start = p->i;
    reco_buf_clear(&p->tmp);
    p->i++; /* '<' */
    while (!rc) {
        if (at_end(p)) {
            rc = fail_at(p, start, RECO_EPARSE, "unterminated iri: expected '>'");
            break;
        }
        char c = p->s[p->i];
        if (c == '>')
            break;
        if (c == '\\') {
            p->i++;
            if (peek(p) == 'u' || peek(p) == 'U')
                rc = put_uchar(p, true);
            else
                rc = fail_at(p, p->i - 1, RECO_EPARSE,
                             "bad escape in iri: only \\u and \\U are allowed");
        } else if (iri_forbidden((unsigned char)c)) {
            rc = fail(p, "character not allowed in an iri");
        } else {
            rc = copy_char(p);
        }
    }
    if (!rc) {
        p->i++; /* '>' */
        if (!iri_absolute(p->tmp.data, p->tmp.len))
            rc = fail_at(p, start, RECO_EPARSE, "relative iri: n-quads needs absolute iris");
    }
    return rc;
}

static reco_code parse_iri_term(parser *p, reco_term *t)
{
    reco_code rc = read_iri(p);
    if (!rc) {
        t->kind = RECO_TERM_IRI;
        t->value_len = p->tmp.len;
        rc = tmp_dup(p, &t->value);
    }
    return rc;
}

/* PN_CHARS_BASE from the N-Quads grammar. */
static bool pn_chars_base(int32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xc0 && c <= 0xd6) ||
           (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff) || (c >= 0x370 && c <= 0x37d) ||
           (c >= 0x37f && c <= 0x1fff) || (c >= 0x200c && c <= 0x200d) ||
           (c >= 0x2070 && c <= 0x218f) || (c >= 0x2c00 && c <= 0x2fef) ||
           (c >= 0x3001 && c <= 0xd7ff) || (c >= 0xf900 && c <= 0xfdcf) ||
           (c >= 0xfdf0 && c <= 0xfffd) || (c >= 0x10000 && c <= 0xeffff);
}

static bool pn_chars_u(int32_t c)
{
    return pn_chars_base(c) || c == '_' || c == ':';
}

static bool pn_chars(int32_t c)
{
    return pn_chars_u(c) || c == '-' || (c >= '0' && c <= '9') || c == 0xb7 ||
           (c >= 0x300 && c <= 0x36f) || (c >= 0x203f && c <= 0x2040);
}

/*
 * BLANK_NODE_LABEL ::= '_:' (PN_CHARS_U | [0-9]) ((PN_CHARS | '.')* PN_CHARS)?
 * A label may not end with '.', so trailing dots are given back (they end the statement).
 */
static reco_code parse_bnode(parser *p, reco_term *t)
{
    reco_code rc = RECO_OK;
    size_t start = p->i, lstart = p->i + 2, at = lstart;
    int32_t c = -1;
    if (p->i + 1 >= p->n || p->s[p->i + 1] != ':') {
        rc = fail(p, "expected ':' after '_' of a blank node label");
        goto out;
    }
    p->i = lstart;
    c = reco_utf8_next(p->s, p->n, &at);
    if (c < 0 || !(pn_chars_u(c) || (c >= '0' && c <= '9'))) {
        rc = fail(p, c < 0 && at_end(p)
                         ? "empty blank node label"
                         : "blank node label must start with a letter, digit, '_' or ':'");
        goto out;
    }
    p->i = at;
    size_t last_good = p->i; /* end of the label without trailing dots */
    while (!at_end(p)) {
        at = p->i;
        c = reco_utf8_next(p->s, p->n, &at);
        if (c != '.' && (c < 0 || !pn_chars(c)))
            break;
        p->i = at;
        if (c != '.')
            last_good = p->i;
    }
    p->i = last_good;
    if (p->i - lstart > MAX_TERM) {
        rc = fail_at(p, start, RECO_ELIMIT, "blank node label too long");
        goto out;
    }
    t->kind = RECO_TERM_BLANK;
    t->value = reco_arena_strndup(p->ds->arena, p->s + lstart, p->i - lstart);
    t->value_len = p->i - lstart;
    if (!t->value)
        rc = buf_fail(p, RECO_ENOMEM);
out:
    return rc;
}

/* ECHAR ::= '\' [tbnrf"'\] or UCHAR; p->i is after the backslash. */
static reco_code read_escape(parser *p)
{
    reco_code rc = RECO_OK;
    static const char from[] = "tbnrf\"'\\";
    static const char to[] = "\t\b\n\r\f\"'\\";
    char e = peek(p);
    const char *k = e ? strchr(from, e) : NULL;
    if (e == 'u' || e == 'U') {
        rc = put_uchar(p, false);
    } else if (!k) {
        rc = fail_at(p, p->i - 1, RECO_EPARSE, "bad escape in string");
    } else {
        p->i++;
        if ((rc = reco_buf_putc(&p->tmp, to[k - from])) != RECO_OK)
            rc = buf_fail(p, rc);
    }
    return rc;
}

/* LANGTAG ::= '@' [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*; p->i is on the '@'. */
static reco_code parse_langtag(parser *p, reco_term *t)
{
    reco_code rc = RECO_OK;
    size_t ls = ++p->i;
    size_t part = 0;
    bool first = true;
    while (!at_end(p)) {
        char c = p->s[p->i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9')) {
            part++;
        } else if (c == '-' && part > 0) {
            first = false;
            part = 0;
        } else {
            break;
        }
        p->i++;
    }
    if (part == 0)
        rc = fail(p, "bad language tag");
    else if (p->i - ls > 256)
        rc = fail_at(p, ls, RECO_ELIMIT, "language tag too long");
    if (!rc) {
        t->language = reco_arena_strndup(p->ds->arena, p->s + ls, p->i - ls);
        t->datatype = RECO_RDF_LANGSTRING;
        if (!t->language)
            rc = buf_fail(p, RECO_ENOMEM);
    }
    return rc;
}

/* '^^' IRIREF; p->i is on the first '^'. */
static reco_code parse_datatype(parser *p, reco_term *t)
{
    reco_code rc = RECO_OK;
    if (p->i + 1 >= p->n || p->s[p->i + 1] != '^') {
        rc = fail(p, "expected '^^' before a datatype");
    } else {
        p->i += 2;
        skip_ws(p);
        if (peek(p) != '<')
            rc = fail(p, "expected a datatype iri after '^^'");
    }
    if (!rc)
        rc = read_iri(p);
    if (!rc)
        rc = tmp_dup(p, &t->datatype);
    return rc;
}

/* STRING_LITERAL_QUOTE ::= '"' ([^#x22#x5C#xA#xD] | ECHAR | UCHAR)* '"' then datatype or tag. */
static reco_code parse_literal(parser *p, reco_term *t)
{
    reco_code rc = RECO_OK;
    size_t start = p->i;
    reco_buf_clear(&p->tmp);
    p->i++;
    while (!rc) {
        char c = peek(p);
        if (at_end(p)) {
            rc = fail_at(p, start, RECO_EPARSE, "unterminated string: expected '\"'");
        } else if (c == '"') {
            break;
        } else if (c == '\n' || c == '\r') {
            rc = fail(p, "line break in a string: write \\n or \\r");
        } else if (c == '\\') {
            p->i++;
            rc = read_escape(p);
        } else {
            rc = copy_char(p);
        }
    }
    if (rc)
        goto out;
    p->i++; /* closing quote */
    t->kind = RECO_TERM_LITERAL;
    t->value_len = p->tmp.len;
    t->datatype = RECO_XSD_STRING;
    t->language = NULL;
    rc = tmp_dup(p, &t->value);
    if (!rc && peek(p) == '@')
        rc = parse_langtag(p, t);
    else if (!rc && peek(p) == '^')
        rc = parse_datatype(p, t);
out:
    return rc;
}

/* statement ::= subject predicate object graphLabel? '.' */
static reco_code parse_statement(parser *p)
{
    reco_code rc = RECO_OK;
    reco_quad q;
    memset(&q, 0, sizeof q);

    char c = peek(p);
    if (c == '<')
        rc = parse_iri_term(p, &q.s);
    else if (c == '_')
        rc = parse_bnode(p, &q.s);
    else
        rc = fail(p, "expected a subject: an iri or a blank node");

    if (!rc) {
        skip_ws(p);
        c = peek(p);
        if (c == '<')
            rc = parse_iri_term(p, &q.p);
        else if (c == '_' && (p->flags & RECO_NQUADS_GENERALIZED))
            rc = parse_bnode(p, &q.p); /* generalized RDF: a blank node predicate */
        else
            rc = fail(p, "expected a predicate iri");
    }

    if (!rc) {
        skip_ws(p);
        c = peek(p);
        if (c == '<')
            rc = parse_iri_term(p, &q.o);
        else if (c == '_')
            rc = parse_bnode(p, &q.o);
        else if (c == '"')
            rc = parse_literal(p, &q.o);
        else
            rc = fail(p, "expected an object: an iri, a blank node or a literal");
    }

    if (!rc) {
        skip_ws(p);
        c = peek(p);
        if (c == '<')
            rc = parse_iri_term(p, &q.g);
        else if (c == '_')
            rc = parse_bnode(p, &q.g);
        else
            q.g.kind = RECO_TERM_DEFAULT_GRAPH;
    }

    if (!rc) {
        skip_ws(p);
        if (peek(p) == '.')
            p->i++;
        else
            rc = fail(p, "expected '.' at the end of the statement");
    }
    if (!rc)
        rc = reco_dataset_add(p->ds, &q, p->err);
    return rc;
}

reco_code reco_nquads_parse(const char *text, size_t n, reco_dataset *ds, reco_error *err)
{
    return reco_nquads_parse_ex(text, n, RECO_NQUADS_STRICT, ds, err);
}

reco_code reco_nquads_parse_ex(const char *text, size_t n, unsigned flags, reco_dataset *ds,
                               reco_error *err)
{
    reco_code rc = RECO_OK;
    parser p = {.s = text, .n = n, .i = 0, .ds = ds, .flags = flags, .err = err};
    reco_buf_init(&p.tmp, MAX_TERM);

    /* nquadsDoc ::= statement? (EOL statement)* EOL? -- with comments and blank lines. */
    while (!rc && !at_end(&p)) {
        skip_ws(&p);
        char c = peek(&p);
        if (at_end(&p))
            break;
        if (c == '\n' || c == '\r') {
            p.i++;
            continue;
        }
        if (c != '#') {
            rc = parse_statement(&p);
            if (rc)
                break;
            skip_ws(&p);
            c = peek(&p);
            if (!at_end(&p) && c != '\n' && c != '\r' && c != '#') {
                rc = fail(&p, "expected the end of the line after '.'");
                break;
            }
        }
        if (peek(&p) == '#') {
            /* A comment runs to the end of the line; it must still be valid UTF-8. */
            while (!at_end(&p) && p.s[p.i] != '\n' && p.s[p.i] != '\r') {
                size_t at = p.i;
                if (reco_utf8_next(p.s, p.n, &p.i) < 0) {
                    p.i = at;
                    rc = fail(&p, "invalid utf-8");
                    break;
                }
            }
        }
    }
    reco_buf_release(&p.tmp);
    return rc;
}
