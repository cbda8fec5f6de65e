/*
 * tordf.c - Deserialize JSON-LD to RDF (JSON-LD 1.1 API §8.1) with Object to RDF Conversion
 * (§8.2) and List to RDF Conversion (§8.3), over the node map of nodemap.c; and the toRdf()
 * entry point (§9.1: expand, generate the node map, deserialize).
 *
 * Only well-formed quads are produced (§8.1): subjects, predicates, objects and graph names
 * that are not absolute IRIs (RFC 3987) or blank node identifiers are skipped, as are literals
 * whose datatype IRI or language tag (BCP 47 §2.2.9) is not well-formed. Blank node labels
 * come from one issuer, the one the node map used, so "_:b0", "_:b1"... are issued in the
 * order the algorithms ask for them and never collide.
 */
#include "reco/ld.h"
#include "reco/json.h"

#include "nodemap.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RDF_NS  "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define XSD_NS  "http://www.w3.org/2001/XMLSchema#"
#define I18N_NS "https://www.w3.org/ns/i18n#"

static const char RDF_TYPE[] = RDF_NS "type";
static const char RDF_FIRST[] = RDF_NS "first";
static const char RDF_REST[] = RDF_NS "rest";
static const char RDF_NIL[] = RDF_NS "nil";
static const char RDF_VALUE[] = RDF_NS "value";
static const char RDF_LANGUAGE[] = RDF_NS "language";
static const char RDF_DIRECTION[] = RDF_NS "direction";
static const char RDF_JSON[] = RDF_NS "JSON";
static const char RDF_LANGSTRING[] = RDF_NS "langString";
static const char XSD_STRING[] = XSD_NS "string";
static const char XSD_BOOLEAN[] = XSD_NS "boolean";
static const char XSD_INTEGER[] = XSD_NS "integer";
static const char XSD_DOUBLE[] = XSD_NS "double";

/* Nesting of lists in lists (each level is a recursion of §8.2 / §8.3). */
#define TORDF_MAX_DEPTH 256

typedef struct tordf {
    ld_nodemap *nm;
    reco_dataset *ds;
    reco_ld_rdf_direction rdf_direction;
    bool generalized;
    bool safe;       /* leaving out something ill-formed is an error */
    reco_term graph; /* the graph the triples being made belong to */
    reco_error *err;
} tordf;

static reco_code oom(reco_error *err)
{
    return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory converting to rdf");
}

/*
 * Something ill-formed is left out, as §8.1 asks. In safe mode that is an error instead: what
 * a proof would not cover must not pass silently. The names follow the warnings other
 * processors give ("relative subject reference", ...).
 */
static reco_code dropped(tordf *t, const char *what, const char *value)
{
    reco_code rc = RECO_OK;
    if (t->safe)
        rc = reco_error_set(t->err, RECO_EPARSE, NULL, "safe mode: %s: '%.80s'", what,
                            value ? value : "(not a string)");
    return rc;
}

/* ---------------------------------------------------------------- well-formedness */

static bool is_blank(const char *s)
{
    return s[0] == '_' && s[1] == ':';
}

static bool is_hex(char c)
{
    return isxdigit((unsigned char)c) != 0;
}

/*
 * What a character of an IRI after the scheme is (RFC 3987 §2.2): 1 for those an IRI may not
 * hold (controls, space, DEL and < > " { } | \ ^ `), 2 for '%' and 3 for '#', which need a
 * closer look, 0 for the rest. A table, not strchr: this check runs on every subject,
 * predicate and object, so the common character costs one lookup.
 */
static const unsigned char iri_class[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1,
    [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1,
    [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1,
    [' '] = 1,  ['<'] = 1,  ['>'] = 1,  ['"'] = 1,  ['{'] = 1,  ['}'] = 1,  ['|'] = 1,  ['\\'] = 1,
    ['^'] = 1,  ['`'] = 1,  [0x7f] = 1, ['%'] = 2,  ['#'] = 3};

static bool scheme_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '-' || c == '.';
}

/*
 * An IRI per RFC 3987 §2.2, as far as its characters go: a scheme (ALPHA *(ALPHA / DIGIT /
 * "+" / "-" / ".")) and ':', then no space, control or character that IRIs exclude
 * (< > " { } | \ ^ `), percent signs followed by two hex digits, at most one '#'.
 */
static bool iri_well_formed(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    bool fragment = false;

    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
        return false;
    for (p++; scheme_char(*p); p++)
        ;
    if (*p != ':')
        return false;
    for (p++; *p; p++) {
        switch (iri_class[*p]) {
        case 0:
            break;
        case 2:
            if (!(is_hex((char)p[1]) && is_hex((char)p[2])))
                return false;
            break;
        case 3:
            if (fragment)
                return false;
            fragment = true;
            break;
        default:
            return false;
        }
    }
    return true;
}

/* A blank node identifier per Turtle BLANK_NODE_LABEL; the issuer only makes "_:bN". */
static bool blank_well_formed(const char *s)
{
    if (!is_blank(s) || s[2] == '\0')
        return false;
    for (const char *p = s + 2; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= 0x20 || strchr("<>\"{}|\\^`#:/?", c))
            return false;
    }
    return true;
}

static bool resource_well_formed(const char *s)
{
    return is_blank(s) ? blank_well_formed(s) : iri_well_formed(s);
}

static bool all_of(const char *s, size_t n, int (*pred)(int))
{
    for (size_t i = 0; i < n; i++)
        if (!pred((unsigned char)s[i]))
            return false;
    return true;
}

/* The irregular grandfathered tags of BCP 47 §2.1, which the general syntax does not cover. */
static const char *const irregular_tags[] = {
    "en-GB-oed", "i-ami", "i-bnn",     "i-default", "i-enochian", "i-hak",
    "i-klingon", "i-lux", "i-mingo",   "i-navajo",  "i-pwn",      "i-tao",
    "i-tay",     "i-tsu", "sgn-BE-FR", "sgn-BE-NL", "sgn-CH-DE"};

/*
 * A language tag well-formed per BCP 47 §2.2.9 (the ABNF of §2.1): language [-script]
 * [-region] *(-variant) *(-extension) [-privateuse], or privateuse alone, or a grandfathered
 * tag. Case is not significant.
 */
static bool lang_well_formed(const char *tag)
{
    enum { S_LANG, S_EXTLANG, S_SCRIPT, S_REGION, S_VARIANT, S_EXT } state = S_LANG;
    int extlangs = 0;
    bool in_ext = false, ext_has_subtag = true;
    const char *p = tag;

    for (size_t k = 0; k < sizeof irregular_tags / sizeof irregular_tags[0]; k++)
        if (strcasecmp(tag, irregular_tags[k]) == 0)
            return true;
    if (!*tag)
        return false;

    while (*p) {
        const char *e = strchr(p, '-');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || n > 8 || !all_of(p, n, isalnum))
            return false;
        if (p == tag) {
            /* language = 2*3ALPHA / 4ALPHA / 5*8ALPHA, or privateuse "x-..." alone. */
            if (n == 1 && (*p == 'x' || *p == 'X'))
                goto privateuse;
            if (n < 2 || !all_of(p, n, isalpha))
                return false;
            state = n <= 3 ? S_EXTLANG : S_SCRIPT;
        } else if (in_ext) {
            if (n == 1) {
                if (!ext_has_subtag)
                    return false;
                if (*p == 'x' || *p == 'X')
                    goto privateuse;
                ext_has_subtag = false;
            } else if (n >= 2) {
                ext_has_subtag = true;
            }
        } else if (n == 1) {
            /* A singleton starts an extension (or the private use part). */
            if (*p == 'x' || *p == 'X')
                goto privateuse;
            in_ext = true;
            ext_has_subtag = false;
        } else if (state == S_EXTLANG && n == 3 && all_of(p, n, isalpha) && extlangs < 3) {
            extlangs++;
        } else if (state <= S_SCRIPT && n == 4 && all_of(p, n, isalpha)) {
            state = S_REGION;
        } else if (state <= S_REGION &&
                   ((n == 2 && all_of(p, n, isalpha)) || (n == 3 && all_of(p, n, isdigit)))) {
            state = S_VARIANT;
        } else if ((n >= 5) || (n == 4 && isdigit((unsigned char)p[0]))) {
            state = S_VARIANT;
        } else {
            return false;
        }
        p = e ? e + 1 : p + n;
        if (e && !*p)
            return false; /* trailing '-' */
    }
    return ext_has_subtag;

privateuse:
    /* privateuse = "x" 1*("-" (1*8alphanum)) */
    p++;
    if (*p != '-')
        return false;
    while (*p == '-') {
        const char *s = ++p;
        while (isalnum((unsigned char)*p))
            p++;
        if (p == s || p - s > 8)
            return false;
    }
    return *p == '\0';
}

/* ---------------------------------------------------------------- terms */

/* An IRI or blank node term for a node map identifier (copied into the dataset's arena). */
static reco_code resource_term(tordf *t, const char *id, reco_term *out)
{
    memset(out, 0, sizeof *out);
    if (is_blank(id)) {
        out->kind = RECO_TERM_BLANK;
        out->value = reco_arena_strdup(t->ds->arena, id + 2);
    } else {
        out->kind = RECO_TERM_IRI;
        out->value = reco_arena_strdup(t->ds->arena, id);
    }
    return out->value ? RECO_OK : oom(t->err);
}

static void iri_term(const char *iri, reco_term *out)
{
    memset(out, 0, sizeof *out);
    out->kind = RECO_TERM_IRI;
    out->value = iri;
}

/* A fresh blank node from the node map's issuer (§7.4 with identifier null). */
static reco_code fresh_blank(tordf *t, reco_term *out)
{
    json_t *label = NULL;
    reco_code rc = ld_nodemap_blank(t->nm, NULL, &label, t->err);
    if (rc == RECO_OK)
        rc = resource_term(t, json_string_value(label), out);
    json_decref(label);
    return rc;
}

static reco_code add_triple(tordf *t, reco_dataset *triples, const reco_term *s, const reco_term *p,
                            const reco_term *o)
{
    reco_quad q;
    q.s = *s;
    q.p = *p;
    q.o = *o;
    q.g = t->graph;
    return reco_dataset_add(triples, &q, t->err);
}

/* Move every quad of from to the end of to. */
static reco_code append_all(tordf *t, reco_dataset *to, const reco_dataset *from)
{
    reco_code rc = RECO_OK;
    for (size_t i = 0; i < from->len && rc == RECO_OK; i++)
        rc = reco_dataset_add(to, &from->quads[i], t->err);
    return rc;
}

/* A scratch list of triples sharing the output's arena and quad limit. */
static void scratch_init(tordf *t, reco_dataset *d)
{
    reco_dataset_init(d, t->ds->arena);
    d->max_quads = t->ds->max_quads;
}

/* ---------------------------------------------------------------- numbers */

/*
 * The canonical lexical form of an xsd:double (XML Schema 1.1 Part 2 §3.3.5.2) as JSON-LD 1.1
 * API §8.6 asks for it: the mantissa rounded to 15 digits after the point, trailing zeros
 * dropped but one digit kept, "E", the exponent without '+' or leading zeros: 1.1 ->
 * "1.1E0", 1e21 -> "1.0E21", 0 -> "0.0E0", -1.5e-7 -> "-1.5E-7".
 */
static void double_lexical(double d, char out[48])
{
    char tmp[48];
    char *e, *m_end;
    long exp;
    size_t n;

    if (d == 0) {
        memcpy(out, "0.0E0", 6);
        return;
    }
    snprintf(tmp, sizeof tmp, "%.15e", d);
    e = strchr(tmp, 'e');
    exp = strtol(e + 1, NULL, 10);
    m_end = e;
    /* Drop trailing zeros of the fraction, keep at least one digit after the point. */
    while (m_end[-1] == '0' && m_end[-2] != '.')
        m_end--;
    n = (size_t)(m_end - tmp);
    memcpy(out, tmp, n);
    snprintf(out + n, 48 - n, "E%ld", exp);
}

/* ---------------------------------------------------------------- §8.2 / §8.3 */

static reco_code object_to_rdf(tordf *t, const json_t *item, reco_dataset *list_triples,
                               reco_term *out, bool *ok, int depth);

/* §8.3 List to RDF Conversion. */
static reco_code list_to_rdf(tordf *t, const json_t *list, reco_dataset *list_triples,
                             reco_term *out, int depth)
{
    reco_code rc = RECO_OK;
    size_t n = json_array_size(list);
    reco_term *bnodes = NULL;
    reco_term first, rest, next, object;
    reco_dataset embedded;
    bool ok;

    scratch_init(t, &embedded);
    /* Step 1. */
    if (n == 0) {
        iri_term(RDF_NIL, out);
        goto out;
    }
    /* Step 2. */
    bnodes = reco_arena_alloc(t->ds->arena, n * sizeof *bnodes);
    if (!bnodes) {
        rc = oom(t->err);
        goto out;
    }
    for (size_t i = 0; i < n && rc == RECO_OK; i++)
        rc = fresh_blank(t, &bnodes[i]);
    if (rc != RECO_OK)
        goto out;
    iri_term(RDF_FIRST, &first);
    iri_term(RDF_REST, &rest);
    /* Step 3. */
    for (size_t i = 0; i < n; i++) {
        embedded.len = 0;
        rc = object_to_rdf(t, json_array_get(list, i), &embedded, &object, &ok, depth + 1);
        if (rc == RECO_OK && ok)
            rc = add_triple(t, list_triples, &bnodes[i], &first, &object);
        if (rc != RECO_OK)
            goto out;
        if (i + 1 < n)
            next = bnodes[i + 1];
        else
            iri_term(RDF_NIL, &next);
        rc = add_triple(t, list_triples, &bnodes[i], &rest, &next);
        if (rc == RECO_OK)
            rc = append_all(t, list_triples, &embedded);
        if (rc != RECO_OK)
            goto out;
    }
    /* Step 4. */
    *out = bnodes[0];
out:
    reco_dataset_release(&embedded);
    return rc;
}

/* A literal term; strings already in the arena (or static). */
static void literal_term(const char *value, const char *datatype, const char *language,
                         reco_term *out)
{
    memset(out, 0, sizeof *out);
    out->kind = RECO_TERM_LITERAL;
    out->value = value;
    out->datatype = datatype;
    out->language = language;
}

/* A copy of s in lower case, in the arena. */
static char *lower_dup(reco_arena *a, const char *s)
{
    char *d = reco_arena_strdup(a, s);
    for (char *p = d; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return d;
}

/* §8.2 steps 4-15: a value object. *ok false when the value is not well-formed. */
static reco_code value_to_rdf(tordf *t, const json_t *item, reco_dataset *list_triples,
                              reco_term *out, bool *ok)
{
    reco_code rc = RECO_OK;
    reco_arena *a = t->ds->arena;
    const json_t *value = NULL, *typev = NULL, *langv = NULL, *dirv = NULL;
    const char *key;
    json_t *v;
    /* The entries of a value object, in one pass over it. */
    json_object_foreach((json_t *)item, key, v)
    {
        if (strcmp(key, "@value") == 0)
            value = v;
        else if (strcmp(key, "@type") == 0)
            typev = v;
        else if (strcmp(key, "@language") == 0)
            langv = v;
        else if (strcmp(key, "@direction") == 0)
            dirv = v;
    }
    const char *datatype = json_is_string(typev) ? json_string_value(typev) : NULL;
    const char *language = json_is_string(langv) ? json_string_value(langv) : NULL;
    const char *lexical = NULL;
    size_t lexical_len = 0; /* set for strings, which may hold U+0000 */
    char num[48];
    reco_buf jcs;

    reco_buf_init(&jcs, 0);
    *ok = false;
    /* Step 6: a datatype must be a well-formed IRI or @json. */
    if (typev && !(datatype && (strcmp(datatype, "@json") == 0 || iri_well_formed(datatype)))) {
        rc = dropped(t, "ill-formed datatype", datatype);
        goto out;
    }
    /* Step 7. */
    if (langv && !(language && lang_well_formed(language))) {
        rc = dropped(t, "ill-formed language tag", language);
        goto out;
    }

    if (datatype && strcmp(datatype, "@json") == 0) {
        /* Step 8: JCS (RFC 8785) is the canonical lexical form of rdf:JSON. */
        rc = reco_jcs(value, &jcs, t->err);
        if (rc != RECO_OK)
            goto out;
        lexical = reco_arena_strndup(a, jcs.data, jcs.len);
        datatype = RDF_JSON;
    } else if (json_is_boolean(value)) {
        /* Step 9. */
        lexical = json_is_true(value) ? "true" : "false";
        if (!datatype)
            datatype = XSD_BOOLEAN;
    } else if (json_is_number(value)) {
        double d = json_number_value(value);
        bool is_double_type = datatype && strcmp(datatype, XSD_DOUBLE) == 0;
        if (json_is_integer(value) && !is_double_type) {
            /* Step 11: integers within int64 are printed exactly. */
            snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
            if (!datatype)
                datatype = XSD_INTEGER;
        } else if (!isfinite(d)) {
            goto out;
        } else if (fmod(d, 1.0) != 0 || fabs(d) >= 1e21 || is_double_type) {
            /* Step 10. */
            double_lexical(d, num);
            if (!datatype)
                datatype = XSD_DOUBLE;
        } else {
            /* Step 11: an integral real below 10^21 has an exact decimal form. */
            snprintf(num, sizeof num, "%.0f", d == 0 ? 0.0 : d);
            if (!datatype)
                datatype = XSD_INTEGER;
        }
        lexical = reco_arena_strdup(a, num);
    } else if (json_is_string(value)) {
        /* Step 12. */
        lexical_len = json_string_length(value);
        lexical = reco_arena_strndup(a, json_string_value(value), lexical_len);
        if (!datatype)
            datatype = language ? RDF_LANGSTRING : XSD_STRING;
    } else {
        /* Not a value object of expanded form: nothing well-formed to say. */
        goto out;
    }
    /* A datatype taken from the item is copied; the ones set above are static. */
    if (datatype == json_string_value(typev))
        datatype = reco_arena_strdup(a, datatype);
    if (!lexical || !datatype) {
        rc = oom(t->err);
        goto out;
    }

    if (json_is_string(dirv) && t->rdf_direction != RECO_LD_RDFDIR_NONE) {
        /* Step 13. */
        const char *dir = json_string_value(dirv);
        const char *lang = language ? lower_dup(a, language) : "";
        if (!lang) {
            rc = oom(t->err);
            goto out;
        }
        if (t->rdf_direction == RECO_LD_RDFDIR_I18N_DATATYPE) {
            /* Step 13.2: https://www.w3.org/ns/i18n#<language>_<direction>. */
            size_t n = sizeof I18N_NS + strlen(lang) + 1 + strlen(dir);
            char *dt = reco_arena_alloc(a, n);
            if (!dt) {
                rc = oom(t->err);
                goto out;
            }
            snprintf(dt, n, "%s%s_%s", I18N_NS, lang, dir);
            if (!iri_well_formed(dt))
                goto out;
            literal_term(lexical, dt, NULL, out);
            out->value_len = lexical_len;
        } else {
            /* Step 13.3: a blank node with rdf:value, rdf:language, rdf:direction. */
            reco_term p, o;
            rc = fresh_blank(t, out);
            if (rc != RECO_OK)
                goto out;
            iri_term(RDF_VALUE, &p);
            literal_term(lexical, XSD_STRING, NULL, &o);
            o.value_len = lexical_len;
            rc = add_triple(t, list_triples, out, &p, &o);
            if (rc == RECO_OK && language) {
                iri_term(RDF_LANGUAGE, &p);
                literal_term(lang, XSD_STRING, NULL, &o);
                rc = add_triple(t, list_triples, out, &p, &o);
            }
            if (rc == RECO_OK) {
                const char *d = reco_arena_strdup(a, dir);
                if (!d) {
                    rc = oom(t->err);
                    goto out;
                }
                iri_term(RDF_DIRECTION, &p);
                literal_term(d, XSD_STRING, NULL, &o);
                rc = add_triple(t, list_triples, out, &p, &o);
            }
            if (rc != RECO_OK)
                goto out;
        }
    } else {
        /* Step 14: the language tag is kept as written (RDF compares it without case). */
        const char *l = NULL;
        if (language && !(l = reco_arena_strdup(a, language))) {
            rc = oom(t->err);
            goto out;
        }
        literal_term(lexical, datatype, l, out);
        out->value_len = lexical_len;
    }
    *ok = true;
out:
    reco_buf_release(&jcs);
    return rc;
}

/* §8.2 Object to RDF Conversion. *ok false: the result is null (the triple is dropped). */
static reco_code object_to_rdf(tordf *t, const json_t *item, reco_dataset *list_triples,
                               reco_term *out, bool *ok, int depth)
{
    reco_code rc = RECO_OK;

    *ok = false;
    memset(out, 0, sizeof *out);
    if (depth > TORDF_MAX_DEPTH) {
        rc = reco_error_set(t->err, RECO_ELIMIT, NULL,
                            "nesting too deep: more than %d nested lists", TORDF_MAX_DEPTH);
    } else if (json_is_string(item)) {
        /* Steps 1 and 2: a node reference (the node map keeps it as the id's string). */
        const char *id = json_string_value(item);
        if (!resource_well_formed(id)) {
            rc = dropped(t, "relative object reference", id);
        } else {
            *ok = true;
            rc = resource_term(t, id, out);
        }
    } else if (json_object_get(item, "@value")) {
        rc = value_to_rdf(t, item, list_triples, out, ok);
    } else if (json_object_get(item, "@list")) {
        /* Step 3. */
        *ok = true;
        rc = list_to_rdf(t, json_object_get(item, "@list"), list_triples, out, depth);
    }
    /* Anything else is not a value, list or node reference: nothing to convert. */
    return rc;
}

/* ---------------------------------------------------------------- §8.1 */

/* §8.1 step 1.3.2: one property of one node. */
static reco_code property_to_rdf(tordf *t, const reco_term *subject, const char *property,
                                 const json_t *values)
{
    reco_code rc = RECO_OK;
    reco_term p, o;
    reco_dataset list_triples;
    size_t i;
    const json_t *item;
    bool ok;

    scratch_init(t, &list_triples);
    if (strcmp(property, "@type") == 0) {
        /* Step 1.3.2.1. */
        iri_term(RDF_TYPE, &p);
        json_array_foreach((json_t *)values, i, item)
        {
            if (!json_is_string(item) || !resource_well_formed(json_string_value(item))) {
                rc = dropped(t, "relative type reference", json_string_value(item));
                if (rc != RECO_OK)
                    goto out;
                continue;
            }
            rc = resource_term(t, json_string_value(item), &o);
            if (rc == RECO_OK)
                rc = add_triple(t, t->ds, subject, &p, &o);
            if (rc != RECO_OK)
                goto out;
        }
        goto out;
    }
    /* Steps 1.3.2.2 - 1.3.2.4. */
    if (property[0] == '@')
        goto out;
    if (is_blank(property) && !t->generalized) {
        if (json_array_size(values) > 0)
            rc = dropped(t, "blank node predicate", property);
        goto out;
    }
    if (is_blank(property) ? !blank_well_formed(property) : !iri_well_formed(property)) {
        if (json_array_size(values) > 0)
            rc = dropped(t, "relative property reference", property);
        goto out;
    }
    rc = resource_term(t, property, &p);
    if (rc != RECO_OK)
        goto out;
    /* Step 1.3.2.5. */
    json_array_foreach((json_t *)values, i, item)
    {
        list_triples.len = 0;
        rc = object_to_rdf(t, item, &list_triples, &o, &ok, 0);
        if (rc == RECO_OK && ok)
            rc = add_triple(t, t->ds, subject, &p, &o);
        if (rc == RECO_OK)
            rc = append_all(t, t->ds, &list_triples);
        if (rc != RECO_OK)
            goto out;
    }
out:
    reco_dataset_release(&list_triples);
    return rc;
}

/* True when some entry of node would give a triple: @type or a property with values. */
static bool has_statements(const json_t *node)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)node, key, v)
    {
        if ((strcmp(key, "@type") == 0 || key[0] != '@') && json_array_size(v) > 0)
            return true;
    }
    return false;
}

/* True when some node of graph has statements. */
static bool graph_has_statements(const json_t *graph)
{
    const char *key;
    json_t *node;
    json_object_foreach((json_t *)graph, key, node)
    {
        if (has_statements(node))
            return true;
    }
    return false;
}

/* §8.1 step 1: every graph, subject and property in code point order. */
static reco_code nodemap_to_rdf(tordf *t)
{
    reco_code rc = RECO_OK;
    ld_keys graphs = {.v = NULL, .n = 0}, subjects = {.v = NULL, .n = 0},
            props = {.v = NULL, .n = 0};
    reco_term subject;

    if (!ld_keys_sorted(&graphs, t->nm->graphs)) {
        rc = oom(t->err);
        goto out;
    }
    for (size_t gi = 0; gi < graphs.n; gi++) {
        const char *name = graphs.v[gi].key;
        const json_t *graph = graphs.v[gi].value;
        /* Steps 1.1 and 1.2. */
        if (strcmp(name, "@default") == 0) {
            memset(&t->graph, 0, sizeof t->graph);
            t->graph.kind = RECO_TERM_DEFAULT_GRAPH;
        } else if (!resource_well_formed(name)) {
            if (graph_has_statements(graph)) {
                rc = dropped(t, "relative graph reference", name);
                if (rc != RECO_OK)
                    goto out;
            }
            continue;
        } else {
            rc = resource_term(t, name, &t->graph);
            if (rc != RECO_OK)
                goto out;
        }
        ld_keys_release(&subjects);
        if (!ld_keys_sorted(&subjects, graph)) {
            rc = oom(t->err);
            goto out;
        }
        for (size_t si = 0; si < subjects.n; si++) {
            const char *id = subjects.v[si].key;
            const json_t *node = subjects.v[si].value;
            /* Step 1.3.1. */
            if (!resource_well_formed(id)) {
                if (has_statements(node)) {
                    rc = dropped(t, "relative subject reference", id);
                    if (rc != RECO_OK)
                        goto out;
                }
                continue;
            }
            rc = resource_term(t, id, &subject);
            if (rc != RECO_OK)
                goto out;
            ld_keys_release(&props);
            if (!ld_keys_sorted(&props, node)) {
                rc = oom(t->err);
                goto out;
            }
            for (size_t pi = 0; pi < props.n; pi++) {
                rc = property_to_rdf(t, &subject, props.v[pi].key, props.v[pi].value);
                if (rc != RECO_OK)
                    goto out;
            }
        }
    }
out:
    ld_keys_release(&graphs);
    ld_keys_release(&subjects);
    ld_keys_release(&props);
    return rc;
}

reco_code reco_ld_expanded_to_rdf(const json_t *expanded, const reco_ld_options *opt,
                                  reco_dataset *ds, reco_error *err)
{
    reco_code rc;
    ld_nodemap nm;
    tordf t;
    size_t start = ds->len;

    rc = ld_nodemap_init(&nm, err);
    if (rc != RECO_OK)
        goto out;
    memset(&t, 0, sizeof t);
    t.nm = &nm;
    t.ds = ds;
    t.err = err;
    t.generalized = opt && opt->generalized_rdf;
    t.safe = opt && opt->safe;
    t.rdf_direction = opt ? opt->rdf_direction : RECO_LD_RDFDIR_NONE;
    /* §9.1 toRdf() steps 4-6. */
    rc = ld_nodemap_generate(&nm, expanded, err);
    if (rc == RECO_OK)
        rc = nodemap_to_rdf(&t);
    ld_nodemap_release(&nm);
out:
    /* A failed conversion adds nothing: the quads it made are forgotten. */
    if (rc != RECO_OK)
        ds->len = start;
    return rc;
}

reco_code reco_ld_to_rdf(const json_t *doc, const reco_ld_options *opt, reco_dataset *ds,
                         reco_error *err)
{
    json_t *expanded = NULL;
    reco_code rc = reco_ld_expand(doc, opt, &expanded, err);
    if (rc == RECO_OK)
        rc = reco_ld_expanded_to_rdf(expanded, opt, ds, err);
    json_decref(expanded);
    return rc;
}
