/*
 * bake_svg.c - Open Badges baking in SVG images.
 *
 * OB 3.0 §"SVG Baking": xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" on the root
 * <svg>, then directly after it one <openbadges:credential> holding the JSON in CDATA, or an
 * empty one with the compact JWS in its verify attribute. OB 2.0 Baking §SVGs: the same with
 * namespace http://openbadges.org and <openbadges:assertion>, whose verify attribute holds a
 * JWS or the hosted assertion URL.
 *
 * This is not an XML parser: it is a small scanner that finds the root element, its namespace
 * declarations and the Open Badges elements, and copies everything else byte for byte. It never
 * expands entities beyond the five predefined ones and numeric character references (XML 1.0
 * §4.1, §4.6), and it refuses any DOCTYPE internal subset, the only place where entities could
 * be declared (billion laughs, external entities). An external DOCTYPE alone (as in SVG 1.1
 * files) is accepted and never fetched.
 */
#include "reco/bake.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Attributes read per tag; an SVG root rarely has more than a dozen. */
#define SVG_MAX_ATTRS 128
/* Open Badges elements remembered for removal when re-baking. */
#define SVG_MAX_OB 16

typedef struct svg_attr {
    reco_slice name;
    reco_slice value; /* raw, between the quotes, entities not decoded */
    size_t start;     /* of the white space before the name */
    size_t end;       /* past the closing quote */
} svg_attr;

typedef struct svg_tag {
    reco_slice name;
    bool self_closing;
    size_t close; /* offset of the '>' or "/>" that ends the tag */
    size_t nattr;
    svg_attr attr[SVG_MAX_ATTRS];
} svg_tag;

enum { T_EOF, T_TEXT, T_CDATA, T_COMMENT, T_PI, T_DOCTYPE, T_START, T_END };

typedef struct svg_tok {
    int type;
    size_t start, end; /* the whole token */
    reco_slice body;   /* text, or the inside of CDATA */
} svg_tok;

typedef struct svg_scan {
    const char *p;
    size_t n, pos;
} svg_scan;

/* What a scan of the whole document found. */
typedef struct svg_doc {
    svg_tag root;
    size_t root_start;
    bool root_closed;     /* its end tag was seen (or it is self-closing) */
    size_t ns_attr_start; /* xmlns:openbadges on the root: span to drop when re-baking */
    size_t ns_attr_end;   /* 0 when absent */
    size_t count;         /* Open Badges elements */
    size_t nspans;        /* elements to drop when re-baking: those, and would-be ones */
    size_t ob_start[SVG_MAX_OB], ob_end[SVG_MAX_OB];
    int ob_version;       /* of the first one */
    reco_slice ob_verify; /* its raw verify attribute; ptr NULL when absent */
    size_t body_start;    /* its content tokens, to decode on extraction */
    size_t body_end;
} svg_doc;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Loose XML 1.0 §2.3 Name characters: enough to find where a name ends. */
static bool is_name_char(char c)
{
    return (unsigned char)c >= 0x20 && c != 0x7f && c != ' ' && c != '/' && c != '>' && c != '<' &&
           c != '=' && c != '"' && c != '\'' && c != '&';
}

static bool at(const svg_scan *s, size_t i, const char *lit)
{
    size_t k = strlen(lit);
    return i <= s->n && s->n - i >= k && memcmp(s->p + i, lit, k) == 0;
}

static bool slice_is(reco_slice s, const char *lit)
{
    return s.len == strlen(lit) && memcmp(s.ptr, lit, s.len) == 0;
}

/* Offset of lit at or after from, or n. */
static size_t find(const svg_scan *s, size_t from, const char *lit)
{
    size_t k = strlen(lit);
    for (size_t i = from; i + k <= s->n; i++)
        if (s->p[i] == lit[0] && memcmp(s->p + i, lit, k) == 0)
            return i;
    return s->n;
}

/* XML 1.0 §2.8 doctypedecl. Only the external form is accepted. */
static reco_code scan_doctype(svg_scan *s, reco_error *err)
{
    reco_code rc = RECO_OK;
    char quote = 0;
    size_t i;
    for (i = s->pos + 9; i < s->n; i++) {
        char c = s->p[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[') {
            if (find(s, i, "<!ENTITY") < s->n)
                rc = reco_error_set(err, RECO_EPARSE, NULL,
                                    "entity declarations (<!ENTITY>) in the SVG are refused: "
                                    "expansion can exhaust memory or read local files");
            else
                rc = reco_error_set(err, RECO_EPARSE, NULL,
                                    "DOCTYPE internal subset in the SVG is refused: it could "
                                    "declare entities");
            goto out;
        } else if (c == '>') {
            break;
        }
    }
    if (i >= s->n) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "truncated SVG: unterminated DOCTYPE");
        goto out;
    }
    s->pos = i + 1;
out:
    return rc;
}

/* XML 1.0 §3.1 STag / EmptyElemTag: name, attributes, '>' or "/>". */
static reco_code scan_start_tag(svg_scan *s, svg_tag *tag, reco_error *err)
{
    reco_code rc = RECO_OK;
    size_t i = s->pos + 1, k;
    tag->nattr = 0;
    tag->self_closing = false;
    for (k = i; k < s->n && is_name_char(s->p[k]); k++)
        ;
    if (k == i) {
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "malformed SVG: '<' without a tag name at "
                            "offset %zu",
                            s->pos);
        goto out;
    }
    tag->name = (reco_slice){s->p + i, k - i};
    i = k;
    for (;;) {
        size_t ws = i;
        while (i < s->n && is_space(s->p[i]))
            i++;
        if (i >= s->n)
            break;
        if (s->p[i] == '>') {
            tag->close = i;
            s->pos = i + 1;
            goto out;
        }
        if (at(s, i, "/>")) {
            tag->close = i;
            tag->self_closing = true;
            s->pos = i + 2;
            goto out;
        }
        if (i == ws) {
            rc = reco_error_set(err, RECO_EPARSE, NULL,
                                "malformed SVG: no space before an attribute at offset %zu", i);
            goto out;
        }
        if (tag->nattr == SVG_MAX_ATTRS) {
            rc = reco_error_set(err, RECO_ELIMIT, NULL,
                                "too many attributes in an SVG tag: more than %d", SVG_MAX_ATTRS);
            goto out;
        }
        svg_attr *a = &tag->attr[tag->nattr];
        a->start = ws;
        for (k = i; k < s->n && is_name_char(s->p[k]); k++)
            ;
        a->name = (reco_slice){s->p + i, k - i};
        i = k;
        while (i < s->n && is_space(s->p[i]))
            i++;
        if (a->name.len == 0 || i >= s->n || s->p[i] != '=') {
            rc = reco_error_set(err, RECO_EPARSE, NULL,
                                "malformed SVG: attribute without '=' at offset %zu", i);
            goto out;
        }
        i++;
        while (i < s->n && is_space(s->p[i]))
            i++;
        if (i >= s->n || (s->p[i] != '"' && s->p[i] != '\'')) {
            rc = reco_error_set(err, RECO_EPARSE, NULL,
                                "malformed SVG: attribute value not quoted at offset %zu", i);
            goto out;
        }
        char q = s->p[i++];
        for (k = i; k < s->n && s->p[k] != q; k++) {
            /* XML 1.0 §3.1 [41]: no '<' in attribute values. */
            if (s->p[k] == '<') {
                rc = reco_error_set(err, RECO_EPARSE, NULL,
                                    "malformed SVG: '<' in an attribute value at offset %zu", k);
                goto out;
            }
        }
        if (k >= s->n)
            break;
        a->value = (reco_slice){s->p + i, k - i};
        a->end = k + 1;
        i = k + 1;
        tag->nattr++;
    }
    rc = reco_error_set(err, RECO_EPARSE, NULL, "truncated SVG: unterminated tag at offset %zu",
                        s->pos);
out:
    return rc;
}

/* The next token; *tag is filled for T_START and its name for T_END. */
static reco_code next_token(svg_scan *s, svg_tok *t, svg_tag *tag, reco_error *err)
{
    reco_code rc = RECO_OK;
    size_t e;
    t->start = s->pos;
    t->body = (reco_slice){NULL, 0};
    if (s->pos >= s->n) {
        t->type = T_EOF;
    } else if (s->p[s->pos] != '<') {
        e = s->pos;
        while (e < s->n && s->p[e] != '<')
            e++;
        t->type = T_TEXT;
        t->body = (reco_slice){s->p + s->pos, e - s->pos};
        s->pos = e;
    } else if (at(s, s->pos, "<!--")) {
        e = find(s, s->pos + 4, "-->");
        if (e >= s->n) {
            rc = reco_error_set(err, RECO_EPARSE, NULL, "truncated SVG: unterminated comment");
            goto out;
        }
        t->type = T_COMMENT;
        s->pos = e + 3;
    } else if (at(s, s->pos, "<![CDATA[")) {
        e = find(s, s->pos + 9, "]]>");
        if (e >= s->n) {
            rc = reco_error_set(err, RECO_EPARSE, NULL, "truncated SVG: unterminated CDATA");
            goto out;
        }
        t->type = T_CDATA;
        t->body = (reco_slice){s->p + s->pos + 9, e - s->pos - 9};
        s->pos = e + 3;
    } else if (at(s, s->pos, "<?")) {
        e = find(s, s->pos + 2, "?>");
        if (e >= s->n) {
            rc = reco_error_set(err, RECO_EPARSE, NULL,
                                "truncated SVG: unterminated processing instruction");
            goto out;
        }
        t->type = T_PI;
        s->pos = e + 2;
    } else if (at(s, s->pos, "<!DOCTYPE")) {
        t->type = T_DOCTYPE;
        rc = scan_doctype(s, err);
    } else if (at(s, s->pos, "<!ENTITY")) {
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "entity declarations (<!ENTITY>) in the SVG are refused: expansion "
                            "can exhaust memory or read local files");
    } else if (at(s, s->pos, "<!")) {
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "malformed SVG: unexpected markup declaration at offset %zu", s->pos);
    } else if (at(s, s->pos, "</")) {
        size_t i = s->pos + 2, k;
        for (k = i; k < s->n && is_name_char(s->p[k]); k++)
            ;
        tag->name = (reco_slice){s->p + i, k - i};
        while (k < s->n && is_space(s->p[k]))
            k++;
        if (k == i || k >= s->n || s->p[k] != '>') {
            rc = reco_error_set(err, RECO_EPARSE, NULL, "malformed SVG: bad end tag at offset %zu",
                                s->pos);
            goto out;
        }
        t->type = T_END;
        s->pos = k + 1;
    } else {
        t->type = T_START;
        rc = scan_start_tag(s, tag, err);
    }
    t->end = s->pos;
out:
    return rc;
}

/* The local part of a qualified name, and its prefix (empty when none). */
static void split_qname(reco_slice q, reco_slice *prefix, reco_slice *local)
{
    const char *colon = memchr(q.ptr, ':', q.len);
    if (colon) {
        *prefix = (reco_slice){q.ptr, (size_t)(colon - q.ptr)};
        *local = (reco_slice){colon + 1, q.len - (size_t)(colon - q.ptr) - 1};
    } else {
        *prefix = (reco_slice){q.ptr, 0};
        *local = q;
    }
}

/* The namespace declared for prefix by xmlns:prefix in tag, or ptr NULL. */
static reco_slice ns_of(const svg_tag *tag, reco_slice prefix)
{
    reco_slice none = {NULL, 0};
    for (size_t i = 0; i < tag->nattr; i++) {
        const reco_slice *nm = &tag->attr[i].name;
        if (nm->len == 6 + prefix.len && memcmp(nm->ptr, "xmlns:", 6) == 0 &&
            memcmp(nm->ptr + 6, prefix.ptr, prefix.len) == 0)
            return tag->attr[i].value;
    }
    return none;
}

static const reco_slice *attr_value(const svg_tag *tag, const char *name)
{
    for (size_t i = 0; i < tag->nattr; i++)
        if (slice_is(tag->attr[i].name, name))
            return &tag->attr[i].value;
    return NULL;
}

/*
 * 3 for <p:credential> with p bound to the OB 3.0 namespace, 2 for <p:assertion> with p bound
 * to the OB 2.0 one, 0 otherwise. The binding is looked up on the element, then on the root;
 * an unbound "openbadges" prefix is taken at its word, as the specifications spell it.
 */
static int ob_version_of(const svg_tag *tag, const svg_tag *root)
{
    reco_slice prefix, local, ns;
    split_qname(tag->name, &prefix, &local);
    if (prefix.len == 0)
        return 0;
    ns = ns_of(tag, prefix);
    if (!ns.ptr && root)
        ns = ns_of(root, prefix);
    if (!ns.ptr && slice_is(prefix, "openbadges"))
        return slice_is(local, "credential") ? 3 : slice_is(local, "assertion") ? 2 : 0;
    if (ns.ptr && slice_is(ns, RECO_BAKE_SVG_NS_V3) && slice_is(local, "credential"))
        return 3;
    if (ns.ptr && slice_is(ns, RECO_BAKE_SVG_NS_V2) && slice_is(local, "assertion"))
        return 2;
    return 0;
}

/*
 * <openbadges:credential> or <openbadges:assertion> whose prefix is not bound on the element
 * itself: whatever the root binds it to now, it becomes an Open Badges element once baking
 * rebinds the prefix on the root, so baking drops it too (one credential per image).
 */
static bool claimed_by_rebake(const svg_tag *tag)
{
    reco_slice prefix, local;
    split_qname(tag->name, &prefix, &local);
    return slice_is(prefix, "openbadges") && !ns_of(tag, prefix).ptr &&
           (slice_is(local, "credential") || slice_is(local, "assertion"));
}

/* Skip the content of an Open Badges element up to its end tag; no child elements allowed. */
static reco_code skip_ob_body(svg_scan *s, const svg_tag *open, svg_tag *tmp, size_t *body_end,
                              reco_error *err)
{
    reco_code rc = RECO_OK;
    svg_tok t;
    for (;;) {
        size_t before = s->pos;
        rc = next_token(s, &t, tmp, err);
        if (rc)
            goto out;
        if (t.type == T_EOF) {
            rc = reco_error_set(err, RECO_EPARSE, NULL, "truncated SVG: <%.*s> is never closed",
                                (int)open->name.len, open->name.ptr);
            goto out;
        }
        if (t.type == T_START || t.type == T_DOCTYPE) {
            rc = reco_error_set(err, RECO_EPARSE, NULL,
                                "malformed SVG: unexpected markup inside <%.*s>",
                                (int)open->name.len, open->name.ptr);
            goto out;
        }
        if (t.type == T_END) {
            if (tmp->name.len != open->name.len ||
                memcmp(tmp->name.ptr, open->name.ptr, open->name.len) != 0) {
                rc = reco_error_set(err, RECO_EPARSE, NULL,
                                    "malformed SVG: <%.*s> closed by </%.*s>", (int)open->name.len,
                                    open->name.ptr, (int)tmp->name.len, tmp->name.ptr);
                goto out;
            }
            *body_end = before;
            goto out;
        }
    }
out:
    return rc;
}

/* Scan the whole document: prolog, root, every Open Badges element, the root's end. */
static reco_code scan_doc(const char *p, size_t n, svg_doc *d, reco_error *err)
{
    reco_code rc = RECO_OK;
    svg_scan s = {p, n, 0};
    svg_tok t;
    svg_tag *tag = NULL;
    size_t depth = 0;
    bool seen_root = false, seen_doctype = false;
    memset(d, 0, sizeof *d);
    if (n > RECO_BAKE_MAX_IMAGE) {
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "image too large: %zu bytes, at most %u", n,
                            RECO_BAKE_MAX_IMAGE);
        goto out;
    }
    /* XML 1.0 §2.2: NUL is no character of any XML document. */
    if (memchr(p, 0, n)) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "not an SVG: it holds a NUL byte");
        goto out;
    }
    tag = malloc(sizeof *tag);
    if (!tag) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory scanning the SVG");
        goto out;
    }
    if (at(&s, 0, "\xEF\xBB\xBF"))
        s.pos = 3;
    for (;;) {
        rc = next_token(&s, &t, tag, err);
        if (rc)
            goto out;
        if (t.type == T_EOF)
            break;
        if (!seen_root) {
            /* XML 1.0 §2.8 prolog: only white space, comments, PIs and one DOCTYPE. */
            if (t.type == T_TEXT) {
                for (size_t i = 0; i < t.body.len; i++)
                    if (!is_space(t.body.ptr[i])) {
                        rc = reco_error_set(err, RECO_EPARSE, NULL,
                                            "not an SVG: text before the root element");
                        goto out;
                    }
            } else if (t.type == T_DOCTYPE) {
                if (seen_doctype) {
                    rc = reco_error_set(err, RECO_EPARSE, NULL,
                                        "malformed SVG: more than one DOCTYPE");
                    goto out;
                }
                seen_doctype = true;
            } else if (t.type == T_CDATA || t.type == T_END) {
                rc = reco_error_set(err, RECO_EPARSE, NULL,
                                    "not an SVG: markup before the root element");
                goto out;
            } else if (t.type == T_START) {
                reco_slice prefix, local;
                split_qname(tag->name, &prefix, &local);
                if (!slice_is(local, "svg")) {
                    rc = reco_error_set(err, RECO_EPARSE, NULL,
                                        "not an SVG: the root element is <%.*s>",
                                        (int)tag->name.len, tag->name.ptr);
                    goto out;
                }
                seen_root = true;
                d->root = *tag;
                d->root_start = t.start;
                for (size_t i = 0; i < tag->nattr; i++) {
                    if (!slice_is(tag->attr[i].name, "xmlns:openbadges"))
                        continue;
                    /* XML 1.0 §3.1 WFC Unique Att Spec. */
                    if (d->ns_attr_end) {
                        rc = reco_error_set(err, RECO_EPARSE, NULL,
                                            "malformed SVG: xmlns:openbadges given twice");
                        goto out;
                    }
                    d->ns_attr_start = tag->attr[i].start;
                    d->ns_attr_end = tag->attr[i].end;
                }
                if (tag->self_closing) {
                    d->root_closed = true;
                    break;
                }
                depth = 1;
            }
            continue;
        }
        if (t.type == T_DOCTYPE) {
            rc = reco_error_set(err, RECO_EPARSE, NULL, "malformed SVG: DOCTYPE after the root");
            goto out;
        }
        if (t.type == T_END) {
            if (--depth == 0) {
                d->root_closed = true;
                break;
            }
        } else if (t.type == T_START) {
            int v = ob_version_of(tag, &d->root);
            if (!v && !claimed_by_rebake(tag)) {
                if (!tag->self_closing)
                    depth++;
                continue;
            }
            if (v && d->count == 0) {
                const reco_slice *verify = attr_value(tag, "verify");
                d->ob_version = v;
                d->ob_verify = verify ? *verify : (reco_slice){NULL, 0};
            }
            size_t body_start = s.pos, body_end = s.pos;
            if (!tag->self_closing) {
                svg_tag open = *tag;
                rc = skip_ob_body(&s, &open, tag, &body_end, err);
                if (rc)
                    goto out;
            }
            if (v && d->count == 0) {
                d->body_start = body_start;
                d->body_end = body_end;
            }
            if (d->nspans == SVG_MAX_OB) {
                rc = reco_error_set(err, RECO_ELIMIT, NULL,
                                    "too many Open Badges elements in the SVG: more than %d",
                                    SVG_MAX_OB);
                goto out;
            }
            d->ob_start[d->nspans] = t.start;
            d->ob_end[d->nspans] = s.pos;
            d->nspans++;
            if (v)
                d->count++;
        }
    }
    if (!seen_root)
        rc = reco_error_set(err, RECO_EPARSE, NULL, "not an SVG: no root element");
    else if (!d->root_closed)
        rc = reco_error_set(err, RECO_EPARSE, NULL, "truncated SVG: <%.*s> is never closed",
                            (int)d->root.name.len, d->root.name.ptr);
out:
    free(tag);
    return rc;
}

/* Append the UTF-8 encoding of code point c (already checked to be a valid XML Char). */
static reco_code put_utf8(reco_buf *out, uint32_t c)
{
    char u[4];
    size_t k;
    if (c < 0x80) {
        u[0] = (char)c;
        k = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3f));
        k = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        u[2] = (char)(0x80 | (c & 0x3f));
        k = 3;
    } else {
        u[0] = (char)(0xF0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
        u[3] = (char)(0x80 | (c & 0x3f));
        k = 4;
    }
    return reco_buf_append(out, u, k);
}

/* XML 1.0 §2.2 [2] Char: which code points a character reference may name. */
static bool is_xml_char(uint32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/*
 * Append raw character data with its references decoded: the five predefined entities (XML
 * 1.0 §4.6) and numeric character references (§4.1). Any other entity is refused: without a
 * DTD subset nothing else can be defined, and nothing else is ever expanded.
 */
static reco_code decode_xml(reco_slice raw, reco_buf *out, reco_error *err)
{
    static const struct {
        const char *name;
        char c;
    } predefined[] = {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"apos", '\''}, {"quot", '"'}};
    reco_code rc = RECO_OK;
    size_t i = 0;
    while (i < raw.len && !rc) {
        const char *amp = memchr(raw.ptr + i, '&', raw.len - i);
        size_t stop = amp ? (size_t)(amp - raw.ptr) : raw.len;
        rc = reco_buf_append(out, raw.ptr + i, stop - i);
        if (rc || !amp)
            break;
        const char *semi = memchr(amp, ';', raw.len - stop < 16 ? raw.len - stop : 16);
        if (!semi) {
            rc = reco_error_set(err, RECO_EPARSE, NULL,
                                "malformed SVG: '&' not followed by a reference ending in ';'");
            goto out;
        }
        reco_slice name = {amp + 1, (size_t)(semi - amp - 1)};
        i = (size_t)(semi - raw.ptr) + 1;
        if (name.len >= 2 && name.ptr[0] == '#') {
            uint32_t c = 0;
            bool hex = name.ptr[1] == 'x';
            size_t k = hex ? 2 : 1;
            if (k == name.len)
                c = 0xFFFFFFFFu;
            for (; k < name.len && c <= 0x10FFFF; k++) {
                char d = name.ptr[k];
                int v = d >= '0' && d <= '9'          ? d - '0'
                        : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10
                        : hex && d >= 'A' && d <= 'F' ? d - 'A' + 10
                                                      : -1;
                if (v < 0) {
                    c = 0xFFFFFFFFu;
                    break;
                }
                c = c * (hex ? 16u : 10u) + (uint32_t)v;
            }
            if (!is_xml_char(c)) {
                rc = reco_error_set(err, RECO_EPARSE, NULL,
                                    "malformed SVG: bad character reference '&%.*s;'",
                                    (int)name.len, name.ptr);
                goto out;
            }
            rc = put_utf8(out, c);
            continue;
        }
        size_t j;
        for (j = 0; j < sizeof predefined / sizeof predefined[0]; j++)
            if (slice_is(name, predefined[j].name))
                break;
        if (j == sizeof predefined / sizeof predefined[0]) {
            rc = reco_error_set(err, RECO_EPARSE, NULL,
                                "undefined entity '&%.*s;' in the SVG: only the five XML "
                                "entities and character references are read",
                                (int)name.len, name.ptr);
            goto out;
        }
        rc = reco_buf_putc(out, predefined[j].c);
    }
    if (rc == RECO_ELIMIT)
        rc = reco_error_set(err, rc, NULL, "baked text too large: more than %zu bytes", out->max);
    else if (rc)
        rc = reco_error_set(err, rc, NULL, "out of memory reading the SVG");
out:
    return rc;
}

/* Trim white space at both ends of b in place. */
static void trim_buf(reco_buf *b)
{
    size_t s = 0, e = b->len;
    while (s < e && is_space(b->data[s]))
        s++;
    while (e > s && is_space(b->data[e - 1]))
        e--;
    if (b->len) {
        memmove(b->data, b->data + s, e - s);
        b->len = e - s;
        b->data[b->len] = '\0';
    }
}

reco_code reco_extract_svg(const void *img, size_t n, reco_baked *out, reco_error *err)
{
    reco_code rc;
    svg_doc *d = malloc(sizeof *d);
    svg_tag *tmp = malloc(sizeof *tmp);
    if (!d || !tmp) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory scanning the SVG");
        goto out;
    }
    rc = scan_doc(img, n, d, err);
    if (rc)
        goto out;
    if (d->count == 0) {
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "the SVG holds no baked credential");
        goto out;
    }
    /* OB 3.0 §"SVG Baking", OB 2.0 Baking §SVGs: there MUST be only one such element. */
    if (d->count > 1) {
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "the image holds %zu baked credentials; one is allowed", d->count);
        goto out;
    }
    out->version = d->ob_version;
    reco_buf_clear(&out->text);
    /* The body: text (references decoded) and CDATA sections, comments skipped. */
    svg_scan s = {img, d->body_end, d->body_start};
    for (;;) {
        svg_tok t;
        rc = next_token(&s, &t, tmp, err);
        if (rc || t.type == T_EOF)
            break;
        if (t.type == T_TEXT) {
            rc = decode_xml(t.body, &out->text, err);
        } else if (t.type == T_CDATA) {
            rc = reco_buf_append(&out->text, t.body.ptr, t.body.len);
            if (rc)
                rc = reco_error_set(err, rc, NULL, "baked text too large: more than %zu bytes",
                                    out->text.max);
        }
        if (rc)
            goto out;
    }
    if (rc)
        goto out;
    trim_buf(&out->text);
    /* OB 2.0 Baking §SVGs Extracting: no body means the verify attribute holds the badge. */
    if (out->text.len == 0 && d->ob_verify.ptr) {
        rc = decode_xml(d->ob_verify, &out->text, err);
        if (rc)
            goto out;
        trim_buf(&out->text);
    }
    if (out->text.len == 0) {
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "empty Open Badges element: no body and no verify attribute");
        goto out;
    }
    rc = reco_bake_kind_of(out->text.data, out->text.len, &out->kind, err);
    if (!rc && out->kind == RECO_BAKE_URL && out->version == 3)
        rc = reco_error_set(err, RECO_EPARSE, NULL,
                            "the SVG bakes a URL as an Open Badges 3.0 credential; 3.0 bakes "
                            "JSON or a compact JWS");
out:
    free(tmp);
    free(d);
    return rc;
}

/* Append text as an attribute value between double quotes (XML 1.0 §3.1 [10]). */
static reco_code put_attr_value(reco_buf *out, const char *p, size_t n)
{
    reco_code rc = RECO_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        switch (p[i]) {
        case '&':
            rc = reco_buf_puts(out, "&amp;");
            break;
        case '<':
            rc = reco_buf_puts(out, "&lt;");
            break;
        case '>':
            rc = reco_buf_puts(out, "&gt;");
            break;
        case '"':
            rc = reco_buf_puts(out, "&quot;");
            break;
        default:
            rc = reco_buf_putc(out, p[i]);
            break;
        }
    }
    return rc;
}

/* Append JSON as CDATA; "]]>" would end the section, so it is split across two (§2.7). */
static reco_code put_cdata(reco_buf *out, const char *p, size_t n)
{
    reco_code rc = reco_buf_puts(out, "<![CDATA[");
    size_t i = 0;
    while (!rc && i < n) {
        size_t k = i;
        while (k + 3 <= n && memcmp(p + k, "]]>", 3) != 0)
            k++;
        if (k + 3 > n)
            k = n;
        rc = reco_buf_append(out, p + i, k - i);
        if (!rc && k < n)
            rc = reco_buf_puts(out, "]]]]><![CDATA[>");
        i = k < n ? k + 3 : n;
    }
    if (!rc)
        rc = reco_buf_puts(out, "]]>");
    return rc;
}

/* OB 2.0 Baking §SVGs: verify holds the hosted URL, which is the assertion's id. */
static reco_code put_v2_verify(reco_buf *out, const char *p, size_t n)
{
    reco_code rc = RECO_OK;
    json_t *doc = json_loadb(p, n, JSON_REJECT_DUPLICATES, NULL);
    const char *id = json_string_value(json_object_get(doc, "id"));
    if (id && (strncmp(id, "https://", 8) == 0 || strncmp(id, "http://", 7) == 0)) {
        rc = reco_buf_puts(out, " verify=\"");
        if (!rc)
            rc = put_attr_value(out, id, strlen(id));
        if (!rc)
            rc = reco_buf_putc(out, '"');
    }
    json_decref(doc);
    return rc;
}

/* The Open Badges element for text of kind and version. */
static reco_code put_ob_element(reco_buf *out, const char *p, size_t n, reco_bake_kind kind,
                                int version)
{
    const char *el = version == 3 ? "openbadges:credential" : "openbadges:assertion";
    reco_code rc = reco_buf_printf(out, "<%s", el);
    if (kind == RECO_BAKE_JSON) {
        if (!rc && version == 2)
            rc = put_v2_verify(out, p, n);
        if (!rc)
            rc = reco_buf_putc(out, '>');
        if (!rc)
            rc = put_cdata(out, p, n);
        if (!rc)
            rc = reco_buf_printf(out, "</%s>", el);
    } else {
        if (!rc)
            rc = reco_buf_puts(out, " verify=\"");
        if (!rc)
            rc = put_attr_value(out, p, n);
        /* OB 3.0 shows an empty element with an end tag; OB 2.0 a self-closing one. */
        if (!rc)
            rc = version == 3 ? reco_buf_printf(out, "\"></%s>", el) : reco_buf_puts(out, "\"/>");
    }
    return rc;
}

reco_code reco_bake_svg(const void *img, size_t n, const char *text, size_t len, int version,
                        reco_buf *out, reco_error *err)
{
    reco_code rc;
    const char *p = img;
    reco_bake_kind kind = RECO_BAKE_JSON;
    svg_doc *d = malloc(sizeof *d);
    size_t pos;
    reco_buf_clear(out);
    if (!d) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory scanning the SVG");
        goto out;
    }
    rc = reco_bake_check(text, len, version, &kind, err);
    if (rc)
        goto out;
    /* Surrounding white space is not part of the credential. */
    while (len && is_space(text[0])) {
        text++;
        len--;
    }
    while (len && is_space(text[len - 1]))
        len--;
    for (size_t i = 0; i < len; i++) {
        /* XML 1.0 §2.2: control characters other than tab, LF, CR cannot be carried. */
        if ((unsigned char)text[i] < 0x20 && !is_space(text[i])) {
            rc = reco_error_set(err, RECO_EINVAL, NULL,
                                "credential holds control character 0x%02x, which XML cannot "
                                "carry",
                                (unsigned char)text[i]);
            goto out;
        }
    }
    rc = scan_doc(p, n, d, err);
    if (rc)
        goto out;
    /* The root start tag, without an earlier xmlns:openbadges, with the one of version. */
    if (d->ns_attr_end) {
        rc = reco_buf_append(out, p, d->ns_attr_start);
        if (!rc)
            rc = reco_buf_append(out, p + d->ns_attr_end, d->root.close - d->ns_attr_end);
    } else {
        rc = reco_buf_append(out, p, d->root.close);
    }
    if (!rc)
        rc = reco_buf_printf(out, " xmlns:openbadges=\"%s\">\n",
                             version == 3 ? RECO_BAKE_SVG_NS_V3 : RECO_BAKE_SVG_NS_V2);
    /* OB "SVG Baking": the element comes directly after the <svg> tag. */
    if (!rc)
        rc = put_ob_element(out, text, len, kind, version);
    if (!rc && d->root.self_closing) {
        rc = reco_buf_puts(out, "\n</");
        if (!rc)
            rc = reco_buf_append(out, d->root.name.ptr, d->root.name.len);
        if (!rc)
            rc = reco_buf_putc(out, '>');
        pos = d->root.close + 2;
    } else {
        pos = d->root.close + 1;
    }
    /* The rest byte for byte, without the earlier Open Badges elements. */
    for (size_t i = 0; i < d->nspans && !rc; i++) {
        /* Its indentation goes with it (back to the line break), so that re-baking the same
         * image gives the same bytes. */
        size_t k = d->ob_start[i];
        while (k > pos && (p[k - 1] == ' ' || p[k - 1] == '\t'))
            k--;
        if (k > pos && p[k - 1] == '\n')
            k--;
        else
            k = d->ob_start[i];
        if (k > pos && p[k - 1] == '\r' && k < d->ob_start[i])
            k--;
        rc = reco_buf_append(out, p + pos, k - pos);
        pos = d->ob_end[i];
    }
    if (!rc)
        rc = reco_buf_append(out, p + pos, n - pos);
    if (rc == RECO_ELIMIT)
        rc = reco_error_set(err, rc, NULL, "baked image too large");
    else if (rc)
        rc = reco_error_set(err, rc, NULL, "out of memory baking the image");
out:
    free(d);
    return rc;
}
