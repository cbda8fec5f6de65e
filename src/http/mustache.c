/*
 * mustache.c - the Mustache renderer of the web pages (include/reco/mustache.h).
 *
 * A template is parsed once into a tree of nodes living in the template's own arena; rendering
 * walks the tree with a stack of jansson contexts and appends to a capped reco_buf. The
 * specification (github.com/mustache/spec, the specs folder) decides every detail; the comments
 * name the rule being implemented. tests/conformance/http_mustache.c runs its test data.
 *
 * Standalone lines (spec "Standalone" cases): a line holding only whitespace and one section,
 * inverted, closing, comment, partial or set-delimiter tag is removed whole, newline included.
 * A standalone partial's indentation is added to every line of the partial's own text: this
 * is done while rendering (a "pending indent" written before the first output of each line),
 * so interpolated values holding newlines are not indented, as the spec asks.
 */
#include "reco/mustache.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reco/json.h"

typedef enum nkind {
    N_TEXT,
    N_VAR,      /* {{name}}: escaped */
    N_RAW,      /* {{{name}}} or {{&name}}: raw */
    N_SECTION,  /* {{#name}}...{{/name}} */
    N_INVERTED, /* {{^name}}...{{/name}} */
    N_PARTIAL,  /* {{>name}} */
    N_DYNAMIC,  /* {{>*name}}: the partial named by the value of name */
    N_PARENT,   /* {{<name}}...{{/name}}: the template name with the blocks inside overridden */
    N_BLOCK     /* {{$name}}default{{/name}}: replaced by an override of a parent tag */
} nkind;

typedef struct node {
    nkind kind;
    const char *s; /* text, or the tag name (NUL-terminated copy) */
    size_t n;
    const char *indent; /* standalone partials: the whitespace before the tag */
    size_t nindent;
    bool standalone;
    const char *dindent; /* blocks: the indentation removed from their lines (~inheritance) */
    size_t ndindent;
    const char *body; /* sections: the source between the tags (translations) */
    size_t nbody;
    struct node *child, *next;
} node;

typedef struct tmpl {
    char *name;
    node *root;
    reco_arena *arena;
    struct tmpl *next;
} tmpl;

struct reco_mustache {
    tmpl *list;
};

/* ---------------------------------------------------------------- parser */

#define MAX_DELIM 16
#define MAX_STRIP 256

typedef struct parser {
    reco_arena *a;
    const char *src;
    size_t len;
    const char *tname;
    char otag[MAX_DELIM], ctag[MAX_DELIM];
    size_t olen, clen;
    size_t line_last_tag, line_next; /* a standalone line of several tags: its end */
    char strip[MAX_STRIP];           /* inside blocks: indentation removed at line starts */
    size_t nstrip;
    reco_error *err;
} parser;

typedef struct frame {
    node *sec;   /* the open section (NULL for the root) */
    node **tail; /* where the next node of this level goes */
    size_t body_start;
    size_t tag_start; /* for the message about an unclosed section */
    size_t nstrip;    /* parser strip length to restore when the frame closes */
} frame;

static int line_of(const parser *p, size_t pos)
{
    int line = 1;
    for (size_t i = 0; i < pos && i < p->len; i++)
        line += p->src[i] == '\n';
    return line;
}

static reco_code perr(const parser *p, reco_code code, size_t pos, const char *what)
{
    return reco_error_set(p->err, code, NULL, "template '%s', line %d: %s", p->tname,
                          line_of(p, pos), what);
}

static const char *find(const char *hay, size_t n, const char *needle, size_t m)
{
    if (m == 0 || m > n)
        return NULL;
    for (size_t i = 0; i + m <= n; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0)
            return hay + i;
    return NULL;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static void trim(const char **s, size_t *n)
{
    while (*n && (is_blank(**s) || **s == '\n' || **s == '\r')) {
        (*s)++;
        (*n)--;
    }
    while (*n && (is_blank((*s)[*n - 1]) || (*s)[*n - 1] == '\n' || (*s)[*n - 1] == '\r'))
        (*n)--;
}

static node *new_node(parser *p, nkind kind, const char *s, size_t n)
{
    node *nd = reco_arena_calloc(p->a, sizeof *nd);
    if (!nd)
        return NULL;
    nd->kind = kind;
    if (kind == N_TEXT) {
        nd->s = s;
        nd->n = n;
    } else {
        nd->s = reco_arena_strndup(p->a, s, n);
        nd->n = n;
        if (!nd->s)
            return NULL;
    }
    return nd;
}

/* "{{=<% %>=}}": two delimiters without whitespace or '=' (spec delimiters.yml). */
static reco_code set_delimiters(parser *p, const char *s, size_t n, size_t pos)
{
    size_t i = 0, a0, a1, b0, b1;
    while (i < n && is_blank(s[i]))
        i++;
    a0 = i;
    while (i < n && !is_blank(s[i]) && s[i] != '=')
        i++;
    a1 = i;
    while (i < n && is_blank(s[i]))
        i++;
    b0 = i;
    while (i < n && !is_blank(s[i]) && s[i] != '=')
        i++;
    b1 = i;
    while (i < n && is_blank(s[i]))
        i++;
    if (a1 == a0 || b1 == b0 || i != n || a1 - a0 >= MAX_DELIM || b1 - b0 >= MAX_DELIM)
        return perr(p, RECO_EPARSE, pos, "bad set-delimiter tag");
    memcpy(p->otag, s + a0, a1 - a0);
    p->olen = a1 - a0;
    memcpy(p->ctag, s + b0, b1 - b0);
    p->clen = b1 - b0;
    return RECO_OK;
}

/*
 * ~inheritance "Standalone parent": a line holding only parent, block and closing tags, one of
 * which opens or closes a parent, is standalone as a whole. pos is just past the first tag of
 * the line, of type first; open[0..nopen) are the kinds of the sections open before it,
 * innermost last. Returns the end of the last tag of the line and sets *next past the newline,
 * or returns 0 when the line is not such a line.
 */
static size_t parent_line(const parser *p, char first, const nkind *open, size_t nopen, size_t pos,
                          size_t *next)
{
    nkind stack[16];
    size_t n = 0, last = 0;
    bool parent = false;
    char type = first;
    for (;;) {
        if (type == '<' || type == '$') {
            if (n == sizeof stack / sizeof stack[0])
                return 0;
            stack[n++] = type == '<' ? N_PARENT : N_BLOCK;
            parent |= type == '<';
        } else if (n) {
            parent |= stack[--n] == N_PARENT;
        } else if (nopen) {
            parent |= open[--nopen] == N_PARENT;
        } else {
            return 0;
        }
        last = pos;
        while (pos < p->len && is_blank(p->src[pos]))
            pos++;
        if (pos + p->olen >= p->len || memcmp(p->src + pos, p->otag, p->olen) != 0)
            break;
        type = p->src[pos + p->olen];
        if (type != '<' && type != '$' && type != '/')
            return 0;
        const char *e = find(p->src + pos + p->olen, p->len - pos - p->olen, p->ctag, p->clen);
        if (!e)
            return 0;
        pos = (size_t)(e - p->src) + p->clen;
    }
    if (!parent)
        return 0;
    if (pos == p->len)
        *next = pos;
    else if (p->src[pos] == '\n')
        *next = pos + 1;
    else if (p->src[pos] == '\r' && pos + 1 < p->len && p->src[pos + 1] == '\n')
        *next = pos + 2;
    else
        return 0;
    return last;
}

/* Blanks of the strip prefix at pos (a line start): how many to skip. */
static size_t strip_at(const parser *p, size_t pos, size_t end)
{
    size_t k = 0;
    while (k < p->nstrip && pos + k < end && p->src[pos + k] == p->strip[k])
        k++;
    return k;
}

/* Text [from, to) as nodes; inside blocks, their indentation is removed from each line
 * (~inheritance "Block reindentation": removed where defined, added where expanded). */
static reco_code add_text(parser *p, frame *f, size_t from, size_t to)
{
    while (from < to) {
        if (p->nstrip && (from == 0 || p->src[from - 1] == '\n'))
            from += strip_at(p, from, to);
        const char *nl = memchr(p->src + from, '\n', to - from);
        size_t end = p->nstrip && nl ? (size_t)(nl - p->src) + 1 : to;
        if (end > from) {
            node *nd = new_node(p, N_TEXT, p->src + from, end - from);
            if (!nd)
                return RECO_ENOMEM;
            *f->tail = nd;
            f->tail = &nd->next;
        }
        from = end;
    }
    return RECO_OK;
}

static reco_code parse(parser *p, node **out)
{
    reco_code rc = RECO_OK;
    frame st[RECO_MUSTACHE_MAX_NESTING + 1];
    size_t depth = 0;
    node *root = NULL;
    st[0] = (frame){NULL, &root, 0, 0, 0};
    size_t pos = 0, text_start = 0;
    memcpy(p->otag, "{{", 3);
    memcpy(p->ctag, "}}", 3);
    p->olen = p->clen = 2;

    for (;;) {
        const char *t = find(p->src + pos, p->len - pos, p->otag, p->olen);
        if (!t) {
            rc = add_text(p, &st[depth], text_start, p->len);
            if (rc)
                goto out;
            break;
        }
        size_t tag_start = (size_t)(t - p->src);
        size_t c = tag_start + p->olen; /* first byte inside the tag */
        char type = c < p->len ? p->src[c] : '\0';
        const char *end;
        size_t content, content_end, tag_end;
        if (type == '{' || type == '=') {
            /* Triple mustache ends with "}" + close tag, set-delimiter with "=" + close tag. */
            char close[MAX_DELIM + 1];
            close[0] = type == '{' ? '}' : '=';
            memcpy(close + 1, p->ctag, p->clen);
            end = find(p->src + c + 1, p->len - c - 1, close, p->clen + 1);
            if (!end) {
                rc = perr(p, RECO_EPARSE, tag_start, "unclosed tag");
                goto out;
            }
            content = c + 1;
            content_end = (size_t)(end - p->src);
            tag_end = content_end + 1 + p->clen;
        } else {
            end = find(p->src + c, p->len - c, p->ctag, p->clen);
            if (!end) {
                rc = perr(p, RECO_EPARSE, tag_start, "unclosed tag");
                goto out;
            }
            content = strchr("&#^/>!<$", type) && type ? c + 1 : c;
            content_end = (size_t)(end - p->src);
            tag_end = content_end + p->clen;
        }
        if (!type)
            type = 'v';
        else if (!strchr("{&#^/>!=<$", type))
            type = 'v';

        /* Standalone (spec: "Standalone Lines"): only these kinds of tags, alone on a line. */
        bool standalone = false, before_blank = false;
        size_t ls = tag_start, next = tag_end;
        if (strchr("#^/>!=<$", type)) {
            while (ls > 0 && p->src[ls - 1] != '\n')
                ls--;
            bool before = true;
            for (size_t i = ls; i < tag_start; i++)
                if (!is_blank(p->src[i]))
                    before = false;
            before_blank = before && ls >= text_start;
            size_t j = tag_end;
            while (j < p->len && is_blank(p->src[j]))
                j++;
            bool after = false;
            if (j == p->len) {
                after = true;
            } else if (p->src[j] == '\n') {
                after = true;
                j++;
            } else if (p->src[j] == '\r' && j + 1 < p->len && p->src[j + 1] == '\n') {
                after = true;
                j += 2;
            }
            if (before && after && ls >= text_start) {
                standalone = true;
                next = j;
            } else if (before && ls >= text_start && strchr("<$/", type)) {
                nkind open[RECO_MUSTACHE_MAX_NESTING];
                for (size_t k = 1; k <= depth; k++)
                    open[k - 1] = st[k].sec->kind;
                size_t last = parent_line(p, type, open, depth, tag_end, &j);
                if (last && last != tag_end) {
                    standalone = true;
                    p->line_last_tag = last;
                    p->line_next = j;
                }
            }
        }
        if (p->line_last_tag && tag_end == p->line_last_tag) {
            next = p->line_next;
            p->line_last_tag = 0;
        }
        size_t text_end = standalone ? ls : tag_start;
        rc = add_text(p, &st[depth], text_start, text_end);
        if (rc)
            goto out;

        const char *name = p->src + content;
        size_t nname = content_end - content;
        if (type != '!' && type != '=') {
            trim(&name, &nname);
            if (nname == 0) {
                rc = perr(p, RECO_EPARSE, tag_start, "empty tag name");
                goto out;
            }
            if (nname > RECO_MUSTACHE_MAX_NAME) {
                rc = perr(p, RECO_ELIMIT, tag_start, "tag name too long");
                goto out;
            }
        }

        node *nd = NULL;
        switch (type) {
        case '!':
            break;
        case '=':
            rc = set_delimiters(p, name, nname, tag_start);
            if (rc)
                goto out;
            break;
        case '/': {
            node *sec = st[depth].sec;
            if (!sec || sec->n != nname || memcmp(sec->s, name, nname) != 0) {
                rc = perr(p, RECO_EPARSE, tag_start,
                          sec ? "closing tag does not match the open section"
                              : "closing tag without an open section");
                goto out;
            }
            sec->body = p->src + st[depth].body_start;
            sec->nbody = text_end - st[depth].body_start;
            p->nstrip = st[depth].nstrip;
            depth--;
            break;
        }
        case '>': {
            bool dyn = nname > 1 && name[0] == '*';
            if (dyn) {
                name++;
                nname--;
                trim(&name, &nname);
                if (!nname) {
                    rc = perr(p, RECO_EPARSE, tag_start, "empty tag name");
                    goto out;
                }
            }
            nd = new_node(p, dyn ? N_DYNAMIC : N_PARTIAL, name, nname);
            if (nd && standalone) {
                nd->standalone = true;
                nd->indent = p->src + ls;
                nd->nindent = tag_start - ls;
            }
            break;
        }
        case '#':
        case '^':
            nd = new_node(p, type == '#' ? N_SECTION : N_INVERTED, name, nname);
            break;
        case '$':
            nd = new_node(p, N_BLOCK, name, nname);
            if (nd && before_blank) {
                /* Where it is expanded: the blanks before the tag (less the enclosing
                 * blocks' own indentation); where it is defined: the blanks of the first
                 * line of its content, removed from each of its lines. */
                size_t k = strip_at(p, ls, tag_start);
                nd->standalone = standalone;
                nd->indent = p->src + ls + k;
                nd->nindent = tag_start - ls - k;
            }
            if (nd && (next == 0 || p->src[next - 1] == '\n')) {
                size_t k = strip_at(p, next, p->len), b = next + k;
                while (b < p->len && is_blank(p->src[b]))
                    b++;
                nd->dindent = p->src + next + k;
                nd->ndindent = b - next - k;
            }
            break;
        case '<':
            nd = new_node(p, N_PARENT, name, nname);
            if (nd && standalone) {
                nd->standalone = true;
                nd->indent = p->src + ls;
                nd->nindent = tag_start - ls;
            }
            break;
        case '{':
        case '&':
            nd = new_node(p, N_RAW, name, nname);
            break;
        default:
            nd = new_node(p, N_VAR, name, nname);
            break;
        }
        if (strchr("#^>{&v<$", type)) {
            if (!nd) {
                rc = RECO_ENOMEM;
                goto out;
            }
            *st[depth].tail = nd;
            st[depth].tail = &nd->next;
            if (type == '#' || type == '^' || type == '<' || type == '$') {
                if (depth == RECO_MUSTACHE_MAX_NESTING) {
                    rc = perr(p, RECO_ELIMIT, tag_start, "sections nested too deep");
                    goto out;
                }
                depth++;
                st[depth] = (frame){nd, &nd->child, next, tag_start, p->nstrip};
                if (nd->ndindent) {
                    if (p->nstrip + nd->ndindent > MAX_STRIP) {
                        rc = perr(p, RECO_ELIMIT, tag_start, "blocks indented too deep");
                        goto out;
                    }
                    memcpy(p->strip + p->nstrip, nd->dindent, nd->ndindent);
                    p->nstrip += nd->ndindent;
                }
            }
        }
        pos = text_start = next;
    }
    if (depth) {
        rc = perr(p, RECO_EPARSE, st[depth].tag_start, "unclosed section");
        goto out;
    }
    *out = root;
out:
    return rc;
}

/* ---------------------------------------------------------------- the set */

reco_code reco_mustache_new(reco_mustache **out, reco_error *err)
{
    *out = calloc(1, sizeof **out);
    return *out ? RECO_OK : reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
}

void reco_mustache_free(reco_mustache *m)
{
    if (!m)
        return;
    for (tmpl *t = m->list, *nx; t; t = nx) {
        nx = t->next;
        reco_arena_free(t->arena);
        free(t);
    }
    free(m);
}

static const tmpl *find_tmpl(const reco_mustache *m, const char *name, size_t n)
{
    for (const tmpl *t = m->list; t; t = t->next)
        if (strlen(t->name) == n && memcmp(t->name, name, n) == 0)
            return t;
    return NULL;
}

reco_code reco_mustache_add(reco_mustache *m, const char *name, const char *src, size_t len,
                            reco_error *err)
{
    reco_code rc = RECO_OK;
    tmpl *t = NULL;
    if (len > RECO_MUSTACHE_MAX_SOURCE) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "template '%s' exceeds the limit of %u bytes",
                            name, RECO_MUSTACHE_MAX_SOURCE);
        goto out;
    }
    t = calloc(1, sizeof *t);
    if (t)
        t->arena = reco_arena_new(0);
    char *copy = t && t->arena ? reco_arena_strndup(t->arena, src, len) : NULL;
    if (copy)
        t->name = reco_arena_strdup(t->arena, name);
    if (!copy || !t->name) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    parser p = {.a = t->arena, .src = copy, .len = len, .tname = t->name, .err = err};
    rc = parse(&p, &t->root);
    if (rc)
        goto out;
    /* Replace a template of the same name. */
    for (tmpl **pp = &m->list; *pp; pp = &(*pp)->next) {
        if (strcmp((*pp)->name, name) == 0) {
            tmpl *old = *pp;
            *pp = old->next;
            reco_arena_free(old->arena);
            free(old);
            break;
        }
    }
    t->next = m->list;
    m->list = t;
    t = NULL;
out:
    if (t) {
        reco_arena_free(t->arena);
        free(t);
    }
    return rc;
}

bool reco_mustache_has(const reco_mustache *m, const char *name)
{
    return m && name && find_tmpl(m, name, strlen(name)) != NULL;
}

/* ---------------------------------------------------------------- rendering */

#define MAX_INDENT 512

typedef struct rstate {
    const reco_mustache *m;
    const reco_mustache_opts *opts;
    reco_buf *out;
    reco_error *err;
    const json_t *stack[RECO_MUSTACHE_MAX_DEPTH];
    size_t depth;
    int partials;
    char indent[MAX_INDENT];
    size_t nindent;
    bool pending; /* at the start of a line of an indented partial */
    unsigned long steps;
    const node
        *parents[RECO_MUSTACHE_MAX_PARTIAL]; /* parent tags being expanded, outermost first */
    size_t nparents;
} rstate;

reco_code reco_mustache_escape(reco_buf *out, const char *s, size_t n)
{
    reco_code rc = RECO_OK;
    size_t start = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        const char *rep;
        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        rc = reco_buf_append(out, s + start, i - start);
        if (!rc)
            rc = reco_buf_puts(out, rep);
        start = i + 1;
    }
    if (!rc)
        rc = reco_buf_append(out, s + start, n - start);
    return rc;
}

static reco_code out_err(rstate *st, reco_code rc)
{
    return reco_buf_error(rc, st->out, "rendered page", st->err);
}

static reco_code flush_indent(rstate *st)
{
    reco_code rc = RECO_OK;
    if (st->pending && st->nindent)
        rc = reco_buf_append(st->out, st->indent, st->nindent);
    st->pending = false;
    return rc;
}

/* Template text: the indentation of a standalone partial goes before each of its lines. */
static reco_code emit_text(rstate *st, const char *s, size_t n)
{
    reco_code rc = RECO_OK;
    if (!st->nindent)
        return out_err(st, reco_buf_append(st->out, s, n));
    while (n && !rc) {
        const char *nl = memchr(s, '\n', n);
        size_t k = nl ? (size_t)(nl - s) + 1 : n;
        rc = flush_indent(st);
        if (!rc)
            rc = reco_buf_append(st->out, s, k);
        st->pending = nl != NULL;
        s += k;
        n -= k;
    }
    return out_err(st, rc);
}

/* "list.0" (an extension: the spec names only object members): the item at a decimal index,
 * so that `{{#errors.0}}` opens a block once when the list is not empty. */
static const json_t *array_item(const json_t *v, const char *s, size_t n)
{
    size_t idx = 0;
    if (!json_is_array(v) || n == 0 || n > 9)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return NULL;
        idx = idx * 10 + (size_t)(s[i] - '0');
    }
    return json_array_get(v, idx);
}

/* Name lookup (spec interpolation.yml "Dotted Names", sections.yml "Implicit Iterator"): the
 * first part is looked up from the innermost context outwards, the rest only inside it. */
static const json_t *lookup(const rstate *st, const char *name, size_t n)
{
    if (n == 1 && name[0] == '.')
        return st->depth ? st->stack[st->depth - 1] : NULL;
    const char *dot = memchr(name, '.', n);
    size_t k = dot ? (size_t)(dot - name) : n;
    const json_t *v = NULL;
    for (size_t i = st->depth; i-- > 0 && !v;)
        if (json_is_object(st->stack[i]))
            v = json_object_getn(st->stack[i], name, k);
    while (v && dot) {
        name = dot + 1;
        n -= k + 1;
        dot = memchr(name, '.', n);
        k = dot ? (size_t)(dot - name) : n;
        v = json_is_object(v) ? json_object_getn(v, name, k) : array_item(v, name, k);
    }
    return v;
}

static bool truthy(const json_t *v)
{
    if (!v || json_is_null(v) || json_is_false(v))
        return false;
    if (json_is_array(v))
        return json_array_size(v) > 0;
    return true;
}

static reco_code emit_value(rstate *st, const json_t *v, bool escape)
{
    reco_code rc = flush_indent(st);
    char num[40];
    const char *s = "";
    size_t n = 0;
    if (json_is_string(v)) {
        s = json_string_value(v);
        n = json_string_length(v);
    } else if (json_is_integer(v)) {
        int k = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        s = num;
        n = k > 0 ? (size_t)k : 0;
    } else if (json_is_real(v)) {
        int k = reco_es_number(json_real_value(v), num);
        s = num;
        n = k > 0 ? (size_t)k : 0;
    } else if (json_is_true(v)) {
        s = "true";
        n = 4;
    } else if (json_is_false(v)) {
        s = "false";
        n = 5;
    }
    if (!rc)
        rc = escape ? reco_mustache_escape(st->out, s, n) : reco_buf_append(st->out, s, n);
    return out_err(st, rc);
}

static reco_code render_nodes(rstate *st, const node *nd);

static reco_code push(rstate *st, const json_t *v)
{
    if (st->depth == RECO_MUSTACHE_MAX_DEPTH)
        return reco_error_set(st->err, RECO_ELIMIT, NULL,
                              "template contexts nested over the limit of %d",
                              RECO_MUSTACHE_MAX_DEPTH);
    st->stack[st->depth++] = v;
    return RECO_OK;
}

static reco_code render_partial_body(rstate *st, const node *nd, const char *name, size_t n)
{
    reco_code rc = RECO_OK;
    const tmpl *t = find_tmpl(st->m, name, n);
    size_t saved = st->nindent;
    if (!t) /* spec partials.yml "Failed Lookup": nothing */
        return RECO_OK;
    if (st->partials == RECO_MUSTACHE_MAX_PARTIAL)
        return reco_error_set(st->err, RECO_ELIMIT, NULL,
                              "partials nested over the limit of %d (partial '%s')",
                              RECO_MUSTACHE_MAX_PARTIAL, t->name);
    if (nd->standalone) {
        /* The partial's lines take the indentation of its tag, after the enclosing one. */
        if (st->nindent + nd->nindent > MAX_INDENT)
            return reco_error_set(st->err, RECO_ELIMIT, NULL, "partial indentation too deep");
        memcpy(st->indent + st->nindent, nd->indent, nd->nindent);
        st->nindent += nd->nindent;
        st->pending = true;
    } else {
        rc = out_err(st, flush_indent(st));
        st->nindent = 0;
    }
    st->partials++;
    if (!rc)
        rc = render_nodes(st, t->root);
    st->partials--;
    if (!nd->standalone)
        st->pending = false;
    st->nindent = saved;
    return rc;
}

static reco_code render_partial(rstate *st, const node *nd, const char *name, size_t n)
{
    /* A parent tag is a partial whose blocks its own $ tags override (spec ~inheritance). */
    if (nd->kind == N_PARENT) {
        if (st->nparents == RECO_MUSTACHE_MAX_PARTIAL)
            return reco_error_set(st->err, RECO_ELIMIT, NULL, "parent templates nested too deep");
        st->parents[st->nparents++] = nd;
    }
    reco_code rc = render_partial_body(st, nd, name, n);
    if (nd->kind == N_PARENT)
        st->nparents--;
    return rc;
}

/* {{$name}}: the override from the outermost parent tag that has one, else the default. */
static const node *block_content(const rstate *st, const node *nd)
{
    for (size_t i = 0; i < st->nparents; i++)
        for (const node *c = st->parents[i]->child; c; c = c->next)
            if (c->kind == N_BLOCK && c->n == nd->n && memcmp(c->s, nd->s, nd->n) == 0)
                return c->child;
    return nd->child;
}

/* A block's content goes to the indentation of the place it is expanded: the blanks before
 * its tag, or when the tag stands alone without them, its default content's own (~inheritance
 * "Block reindentation", "Intrinsic indentation"). */
static reco_code render_block(rstate *st, const node *nd)
{
    const char *e = nd->nindent ? nd->indent : nd->standalone ? nd->dindent : NULL;
    size_t ne = nd->nindent ? nd->nindent : nd->standalone ? nd->ndindent : 0;
    size_t saved = st->nindent;
    if (st->nindent + ne > MAX_INDENT)
        return reco_error_set(st->err, RECO_ELIMIT, NULL, "block indentation too deep");
    if (ne) {
        memcpy(st->indent + st->nindent, e, ne);
        st->nindent += ne;
        st->pending = nd->standalone;
    }
    reco_code rc = render_nodes(st, block_content(st, nd));
    st->nindent = saved;
    return rc;
}

/* {{#t}}msgid{{/t}} and {{#t:NAME}}singular|plural{{/t:NAME}} (mustache.h). */
static bool is_translation(const rstate *st, const node *nd)
{
    return st->opts && st->opts->translate && nd->kind == N_SECTION && nd->s[0] == 't' &&
           (nd->n == 1 || (nd->n > 2 && nd->s[1] == ':'));
}

static reco_code render_translation(rstate *st, const node *nd)
{
    reco_code rc = RECO_OK;
    char id[2048], plural[2048];
    reco_arena *a = NULL;
    long count = 0;
    const char *body = nd->body;
    size_t nbody = nd->nbody;
    const char *bar = nd->n > 1 ? memchr(body, '|', nbody) : NULL;
    size_t nid = bar ? (size_t)(bar - body) : nbody;
    if (nid >= sizeof id || nbody - nid >= sizeof plural) {
        rc = reco_error_set(st->err, RECO_ELIMIT, NULL, "translated text too long");
        goto out;
    }
    memcpy(id, body, nid);
    id[nid] = '\0';
    if (bar) {
        memcpy(plural, bar + 1, nbody - nid - 1);
        plural[nbody - nid - 1] = '\0';
        const json_t *v = lookup(st, nd->s + 2, nd->n - 2);
        count = json_is_number(v) ? (long)json_number_value(v) : 0;
    }
    const char *text = st->opts->translate(st->opts->translate_ud, id, bar ? plural : NULL, count);
    if (!text)
        text = id;
    if (!strstr(text, "{{")) {
        rc = emit_text(st, text, strlen(text));
        goto out;
    }
    /* A translation holding tags is a template of its own, rendered in the same context. */
    a = reco_arena_new(0);
    if (!a) {
        rc = reco_error_set(st->err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    node *root = NULL;
    parser p = {.a = a, .src = text, .len = strlen(text), .tname = id, .err = st->err};
    rc = parse(&p, &root);
    if (!rc)
        rc = render_nodes(st, root);
out:
    reco_arena_free(a);
    return rc;
}

static reco_code render_nodes(rstate *st, const node *nd)
{
    reco_code rc = RECO_OK;
    for (; nd && !rc; nd = nd->next) {
        /* Nested sections over long lists multiply: bound the work, not only the output. */
        if (++st->steps > RECO_MUSTACHE_MAX_STEPS) {
            rc = reco_error_set(st->err, RECO_ELIMIT, NULL,
                                "rendering exceeds the limit of %lu steps",
                                (unsigned long)RECO_MUSTACHE_MAX_STEPS);
            break;
        }
        switch (nd->kind) {
        case N_TEXT:
            rc = emit_text(st, nd->s, nd->n);
            break;
        case N_VAR:
        case N_RAW:
            rc = emit_value(st, lookup(st, nd->s, nd->n), nd->kind == N_VAR);
            break;
        case N_SECTION: {
            if (is_translation(st, nd)) {
                rc = render_translation(st, nd);
                break;
            }
            const json_t *v = lookup(st, nd->s, nd->n);
            if (!truthy(v))
                break;
            if (json_is_array(v)) {
                for (size_t i = 0; i < json_array_size(v) && !rc; i++) {
                    rc = push(st, json_array_get(v, i));
                    if (!rc)
                        rc = render_nodes(st, nd->child);
                    if (!rc)
                        st->depth--;
                }
            } else {
                rc = push(st, v);
                if (!rc)
                    rc = render_nodes(st, nd->child);
                if (!rc)
                    st->depth--;
            }
            break;
        }
        case N_INVERTED:
            if (!truthy(lookup(st, nd->s, nd->n)))
                rc = render_nodes(st, nd->child);
            break;
        case N_PARTIAL:
            rc = render_partial(st, nd, nd->s, nd->n);
            break;
        case N_PARENT:
            rc = render_partial(st, nd, nd->s, nd->n);
            break;
        case N_BLOCK:
            rc = render_block(st, nd);
            break;
        case N_DYNAMIC: {
            const json_t *v = lookup(st, nd->s, nd->n);
            if (json_is_string(v))
                rc = render_partial(st, nd, json_string_value(v), json_string_length(v));
            break;
        }
        }
    }
    return rc;
}

reco_code reco_mustache_render(const reco_mustache *m, const char *name, const json_t *ctx,
                               const reco_mustache_opts *opts, reco_buf *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    rstate *st = NULL;
    const tmpl *t = m && name ? find_tmpl(m, name, strlen(name)) : NULL;
    if (!t) {
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "no template named '%s'",
                            name ? name : "(null)");
        goto out;
    }
    st = calloc(1, sizeof *st);
    if (!st) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    st->m = m;
    st->opts = opts;
    st->out = out;
    st->err = err;
    if (ctx)
        st->stack[st->depth++] = ctx;
    rc = render_nodes(st, t->root);
out:
    free(st);
    return rc;
}
