/*
 * expand.c - the JSON-LD 1.1 Expansion Algorithm (API §5.1.2), Value Expansion (§5.3.2) and
 * the expand() entry point (JsonLdProcessor expand(), steps 5-8, for a parsed document).
 *
 * Output is built as new jansson values. Keys of a map are visited in code point order, so
 * errors and the order of merged @type values do not depend on how the input was written.
 * Safe mode turns what the algorithm would silently drop (an undefined property, a type or an
 * @id that does not become an absolute IRI) into an error naming it, as verifiers need.
 *
 * Every string put into the output comes from the input document or a context, both valid
 * UTF-8 once parsed, or is a concatenation or resolution of such strings at character
 * boundaries: the output is built with jansson's _nocheck constructors, which skip the UTF-8
 * validation of each key and value.
 */
#include "ld/ld_internal.h"
#include "reco/json.h"

#include <stdlib.h>
#include <string.h>

#define MAX_EXPAND_DEPTH 200
#define SORT_STACK_KEYS  32

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        rc = reco_ld_fail(p, RECO_EPARSE, __VA_ARGS__);                                            \
        goto out;                                                                                  \
    } while (0)

#define OOM()                                                                                      \
    do {                                                                                           \
        rc = reco_ld_fail(p, RECO_ENOMEM, "out of memory: expanding JSON-LD");                     \
        goto out;                                                                                  \
    } while (0)

static bool is_kw(const char *s, const char *kw)
{
    return s && strcmp(s, kw) == 0;
}

static bool is_scalar(const json_t *v)
{
    return json_is_string(v) || json_is_number(v) || json_is_boolean(v);
}

static const ld_term *term_of(const ld_ctx *c, const char *prop)
{
    return prop ? reco_ld_ctx_get(c, prop) : NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Keys of obj in code point order (UTF-8 byte order is code point order). */
typedef struct keylist {
    const char **k;
    size_t n;
    const char *stack[SORT_STACK_KEYS];
} keylist;

static bool keys_sorted(const json_t *obj, keylist *kl)
{
    size_t n = json_object_size(obj), i = 0;
    kl->k = n <= SORT_STACK_KEYS ? kl->stack : malloc(n * sizeof *kl->k);
    kl->n = n;
    if (!kl->k)
        return false;
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        (void)v;
        kl->k[i++] = key;
    }
    if (n > SORT_STACK_KEYS) {
        qsort(kl->k, n, sizeof *kl->k, cmp_str);
    } else {
        /* Insertion sort: most maps have a handful of entries. */
        for (i = 1; i < n; i++) {
            const char *x = kl->k[i];
            size_t j = i;
            for (; j > 0 && strcmp(kl->k[j - 1], x) > 0; j--)
                kl->k[j] = kl->k[j - 1];
            kl->k[j] = x;
        }
    }
    return true;
}

static void keys_release(keylist *kl)
{
    if (kl->k && kl->k != kl->stack)
        free(kl->k);
    kl->k = NULL;
}

static reco_code iri(ld_proc *p, const ld_ctx *c, const char *v, bool doc_rel, bool vocab,
                     const char **res)
{
    return reco_ld_iri_expand(p, p->scratch, c, v, doc_rel, vocab, res);
}

/* Where we are, for error paths. */
static void enter_key(ld_proc *p, const char *key)
{
    if (p->depth < 256)
        p->where[p->depth] = (ld_where){key, 0};
    p->depth++;
}

static void enter_index(ld_proc *p, size_t i)
{
    if (p->depth < 256)
        p->where[p->depth] = (ld_where){NULL, i};
    p->depth++;
}

static void leave(ld_proc *p)
{
    p->depth--;
}

/* Append v (stealing the reference) to arr, flattening when v is an array ("add value"). */
static bool add_flat(json_t *arr, json_t *v)
{
    if (json_is_array(v)) {
        bool ok = json_array_extend(arr, v) == 0;
        json_decref(v);
        return ok;
    }
    return json_array_append_new(arr, v) == 0;
}

/* add value (§4.4 / utility): obj[key] becomes an array holding v (stolen), flattened. */
static bool add_value(json_t *obj, const char *key, json_t *v)
{
    json_t *arr = json_object_get(obj, key);
    if (!json_is_array(arr)) {
        json_t *n = json_array();
        if (!n) {
            json_decref(v);
            return false;
        }
        if (arr && json_array_append(n, arr) != 0) {
            json_decref(n);
            json_decref(v);
            return false;
        }
        if (json_object_set_new_nocheck(obj, key, n) != 0) {
            json_decref(v);
            return false;
        }
        arr = n;
    }
    return add_flat(arr, v);
}

static json_t *as_array(json_t *v)
{
    if (!v || json_is_array(v))
        return v;
    json_t *a = json_array();
    if (a && json_array_append_new(a, v) == 0)
        return a;
    json_decref(a);
    return NULL;
}

static bool is_value_object(const json_t *v)
{
    return json_is_object(v) && json_object_get(v, "@value");
}

static bool is_list_object(const json_t *v)
{
    return json_is_object(v) && json_object_get(v, "@list");
}

static bool is_graph_object(const json_t *v)
{
    if (!json_is_object(v) || !json_object_get(v, "@graph"))
        return false;
    const char *k;
    const json_t *x;
    json_object_foreach((json_t *)v, k, x)
    {
        (void)x;
        if (strcmp(k, "@graph") && strcmp(k, "@id") && strcmp(k, "@index") && strcmp(k, "@context"))
            return false;
    }
    return true;
}

static bool is_node_object(const json_t *v)
{
    return json_is_object(v) && !json_object_get(v, "@value") && !json_object_get(v, "@list") &&
           !json_object_get(v, "@set");
}

static reco_code safe_iri(ld_proc *p, const char *what, const char *orig, const char *res)
{
    if (!p->opt->safe || (res && (reco_ld_iri_is_absolute(res) || reco_ld_iri_is_blank(res) ||
                                  reco_ld_is_keyword(res))))
        return RECO_OK;
    return reco_ld_fail(p, RECO_EPARSE, "safe mode: the %s '%s' does not expand to an absolute IRI",
                        what, orig);
}

/* Well-formed as BCP 47 §2.1 at the level JSON-LD asks for: alphanum subtags of 1-8 chars. */
static bool language_ok(const char *s)
{
    size_t n = 0;
    bool first = true;
    for (;; s++) {
        if (*s == '-' || *s == '\0') {
            if (n == 0 || n > 8)
                return false;
            if (*s == '\0')
                return true;
            n = 0;
            first = false;
            continue;
        }
        bool alpha = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z');
        bool digit = *s >= '0' && *s <= '9';
        if (!(alpha || (digit && !first)))
            return false;
        n++;
    }
}

static reco_code safe_language(ld_proc *p, const char *lang)
{
    if (!p->opt->safe || language_ok(lang))
        return RECO_OK;
    return reco_ld_fail(p, RECO_EPARSE, "safe mode: the language tag '%s' is not well-formed",
                        lang);
}

/* ---------------------------------------------------------------- Value Expansion (§5.3.2) */

static reco_code value_expand(ld_proc *p, const ld_ctx *c, const char *prop, const json_t *value,
                              json_t **out)
{
    reco_code rc = RECO_OK;
    const ld_term *def = term_of(c, prop);
    json_t *r = NULL;
    const char *type = def ? def->type : NULL;
    /* steps 1-2 */
    if (type && json_is_string(value) && (is_kw(type, "@id") || is_kw(type, "@vocab"))) {
        const char *s = json_string_value(value), *e;
        rc = iri(p, c, s, true, is_kw(type, "@vocab"), &e);
        if (rc)
            goto out;
        if ((rc = safe_iri(p, "value", s, e)))
            goto out;
        r = json_object();
        if (!r || (e && json_object_set_new_nocheck(r, "@id", json_string_nocheck(e))))
            OOM();
        if (!e) {
            /* a keyword-like value expands to null: an @id of null is dropped later */
            json_decref(r);
            r = json_object();
            if (!r || json_object_set_new_nocheck(r, "@id", json_null()))
                OOM();
        }
        goto out;
    }
    /* step 3 */
    r = json_object();
    if (!r || json_object_set_nocheck(r, "@value", (json_t *)value))
        OOM();
    /* step 4 */
    if (type && !is_kw(type, "@id") && !is_kw(type, "@vocab") && !is_kw(type, "@none")) {
        if (json_object_set_new_nocheck(r, "@type", json_string_nocheck(type)))
            OOM();
    } else if (json_is_string(value)) {
        /* step 5 */
        const char *lang = def && def->has_language ? def->language : c->language;
        const char *dir = def && def->has_direction ? def->direction : c->direction;
        if (lang && json_object_set_new_nocheck(r, "@language", json_string_nocheck(lang)))
            OOM();
        if (dir && json_object_set_new_nocheck(r, "@direction", json_string_nocheck(dir)))
            OOM();
    }
out:
    if (rc) {
        json_decref(r);
        r = NULL;
    }
    *out = r;
    return rc;
}

/* ---------------------------------------------------------------- Expansion (§5.1.2) */

static reco_code expand(ld_proc *p, const ld_ctx *active, const char *prop, const json_t *element,
                        const char *base_url, bool from_map, json_t **out);

/* Context Processing for a context the cache holds (scoped contexts). */
static reco_code scoped(ld_proc *p, const ld_ctx *active, const ld_term *def, unsigned flags,
                        const ld_ctx **out)
{
    return reco_ld_process_context(p, active, def->context, def->base_url, NULL, flags, false, out);
}

typedef struct obj_state {
    const ld_ctx *type_scoped;
    const char *input_type;
    json_t *result;
    json_t *nests; /* nesting keys (strings) */
    /* The map's keys, sorted, and what each expanded to in step 11 under which context, for
     * steps 13-14 of the same map to reuse (NULL: not known, as for nested entries). */
    const keylist *keys;
    const char *const *expanded;
    const ld_ctx *const *expanded_in;
} obj_state;

static reco_code expand_entries(ld_proc *p, const ld_ctx *active, const char *prop,
                                const json_t *element, const char *base_url, obj_state *st);

/* §5.1.2 step 13.7: a language map. */
static reco_code expand_language_map(ld_proc *p, const ld_ctx *active, const ld_term *def,
                                     const json_t *value, json_t **out)
{
    reco_code rc = RECO_OK;
    keylist kl = {0};
    json_t *ev = json_array();
    if (!ev || !keys_sorted(value, &kl))
        OOM();
    const char *dir = active->direction;
    if (def && def->has_direction)
        dir = def->direction;
    for (size_t i = 0; i < kl.n; i++) {
        const char *lang = kl.k[i];
        const json_t *lv = json_object_get(value, lang);
        size_t n = json_is_array(lv) ? json_array_size(lv) : 1;
        const char *el;
        rc = iri(p, active, lang, false, true, &el);
        if (rc)
            goto out;
        for (size_t j = 0; j < n; j++) {
            const json_t *item = json_is_array(lv) ? json_array_get(lv, j) : lv;
            if (json_is_null(item))
                continue;
            if (!json_is_string(item))
                FAIL("invalid language map value: for the language '%s'", lang);
            if (!is_kw(lang, "@none") && !is_kw(el, "@none") && (rc = safe_language(p, lang)))
                goto out;
            json_t *v = json_object();
            if (!v || json_object_set_nocheck(v, "@value", (json_t *)item) ||
                json_array_append_new(ev, v))
                OOM();
            if (!is_kw(lang, "@none") && !is_kw(el, "@none") &&
                json_object_set_new_nocheck(v, "@language", json_string_nocheck(lang)))
                OOM();
            if (dir && json_object_set_new_nocheck(v, "@direction", json_string_nocheck(dir)))
                OOM();
        }
    }
out:
    keys_release(&kl);
    if (rc) {
        json_decref(ev);
        ev = NULL;
    }
    *out = ev;
    return rc;
}

/* §5.1.2 step 13.8: an index, id or type map. */
static reco_code expand_index_map(ld_proc *p, const ld_ctx *active, const char *key,
                                  const ld_term *def, const json_t *value, const char *base_url,
                                  json_t **out)
{
    reco_code rc = RECO_OK;
    keylist kl = {0};
    json_t *iv = NULL;
    json_t *ev = json_array();
    if (!ev || !keys_sorted(value, &kl))
        OOM();
    unsigned cont = def->container;
    const char *index_key = def->index ? def->index : "@index";
    for (size_t i = 0; i < kl.n; i++) {
        const char *index = kl.k[i];
        const json_t *ival = json_object_get(value, index);
        /* steps 13.8.3.1-3 */
        const ld_ctx *map_ctx = active;
        if (cont & (LD_C_ID | LD_C_TYPE))
            map_ctx = active->previous ? active->previous : active;
        const ld_term *idef = reco_ld_ctx_get(map_ctx, index);
        if ((cont & LD_C_TYPE) && idef && idef->context) {
            rc = scoped(p, map_ctx, idef, LD_NO_PROPAGATE, &map_ctx);
            if (rc)
                goto out;
        }
        /* step 13.8.3.4 */
        const char *eindex;
        rc = iri(p, active, index, false, true, &eindex);
        if (rc)
            goto out;
        /* steps 13.8.3.5-6 */
        enter_key(p, index);
        json_t *wrapped = NULL;
        if (json_is_array(ival)) {
            rc = expand(p, map_ctx, key, ival, base_url, true, &iv);
        } else {
            wrapped = json_array();
            if (!wrapped || json_array_append(wrapped, (json_t *)ival)) {
                json_decref(wrapped);
                leave(p);
                OOM();
            }
            rc = expand(p, map_ctx, key, wrapped, base_url, true, &iv);
            json_decref(wrapped);
        }
        leave(p);
        if (rc)
            goto out;
        iv = as_array(iv);
        if (!iv)
            continue;
        /* step 13.8.3.7 */
        for (size_t j = 0; j < json_array_size(iv); j++) {
            json_t *item = json_array_get(iv, j);
            if ((cont & LD_C_GRAPH) && !is_graph_object(item)) {
                json_t *g = json_object(), *ga = json_array();
                if (!g || !ga || json_array_append(ga, item) ||
                    json_object_set_new_nocheck(g, "@graph", ga)) {
                    json_decref(g);
                    OOM();
                }
                json_array_set_new(iv, j, g);
                item = g;
            }
            if (!json_is_object(item))
                continue;
            if ((cont & LD_C_INDEX) && !is_kw(index_key, "@index") && !is_kw(eindex, "@none")) {
                /* step 13.8.3.7.2 */
                json_t *re = NULL, *idx = json_string_nocheck(index);
                if (!idx)
                    OOM();
                rc = value_expand(p, active, index_key, idx, &re);
                json_decref(idx);
                if (rc)
                    goto out;
                const char *eikey;
                rc = iri(p, active, index_key, false, true, &eikey);
                if (rc) {
                    json_decref(re);
                    goto out;
                }
                if (!eikey) {
                    json_decref(re);
                    continue;
                }
                json_t *vals = json_array();
                if (!vals || json_array_append_new(vals, re)) {
                    json_decref(vals);
                    OOM();
                }
                json_t *old = json_object_get(item, eikey);
                if (old && (json_is_array(old) ? json_array_extend(vals, old)
                                               : json_array_append(vals, old))) {
                    json_decref(vals);
                    OOM();
                }
                if (json_object_set_new_nocheck(item, eikey, vals))
                    OOM();
                if (is_value_object(item) && json_object_size(item) > 1)
                    FAIL("invalid value object: an index map of '%s' adds '%s' to a value", key,
                         index_key);
            } else if ((cont & LD_C_INDEX) && !json_object_get(item, "@index") &&
                       !is_kw(eindex, "@none")) {
                if (json_object_set_new_nocheck(item, "@index", json_string_nocheck(index)))
                    OOM();
            } else if ((cont & LD_C_ID) && !json_object_get(item, "@id") &&
                       !is_kw(eindex, "@none")) {
                const char *eid;
                rc = iri(p, active, index, true, false, &eid);
                if (rc)
                    goto out;
                if ((rc = safe_iri(p, "@id", index, eid)))
                    goto out;
                if (json_object_set_new_nocheck(item, "@id",
                                                eid ? json_string_nocheck(eid) : json_null()))
                    OOM();
            } else if ((cont & LD_C_TYPE) && !is_kw(eindex, "@none")) {
                if ((rc = safe_iri(p, "type", index, eindex)))
                    goto out;
                json_t *types = json_array();
                if (!types || json_array_append_new(types, json_string_nocheck(eindex))) {
                    json_decref(types);
                    OOM();
                }
                json_t *old = json_object_get(item, "@type");
                if (old && (json_is_array(old) ? json_array_extend(types, old)
                                               : json_array_append(types, old))) {
                    json_decref(types);
                    OOM();
                }
                if (json_object_set_new_nocheck(item, "@type", types))
                    OOM();
            }
        }
        if (json_array_extend(ev, iv))
            OOM();
        json_decref(iv);
        iv = NULL;
    }
out:
    json_decref(iv);
    keys_release(&kl);
    if (rc) {
        json_decref(ev);
        ev = NULL;
    }
    *out = ev;
    return rc;
}

/* §5.1.2 step 13.4: a key that expands to a keyword. */
static reco_code expand_keyword(ld_proc *p, const ld_ctx *active, const char *prop, const char *key,
                                const char *ep, const json_t *value, const char *base_url,
                                obj_state *st)
{
    reco_code rc = RECO_OK;
    json_t *ev = NULL;
    json_t *result = st->result;
    /* step 13.4.1 */
    if (is_kw(prop, "@reverse"))
        FAIL("invalid reverse property map: '%s' inside @reverse", key);
    /* step 13.4.2 */
    if (json_object_get(result, ep) && !is_kw(ep, "@included") &&
        !(is_kw(ep, "@type") && !p->mode10))
        FAIL("colliding keywords: '%s' is given twice", ep);
    if (is_kw(ep, "@id")) {
        /* step 13.4.3 */
        if (!json_is_string(value))
            FAIL("invalid @id value: '%s' is not a string", key);
        const char *e;
        rc = iri(p, active, json_string_value(value), true, false, &e);
        if (rc)
            goto out;
        if ((rc = safe_iri(p, "@id", json_string_value(value), e)))
            goto out;
        /* a keyword-like @id expands to null, which is kept (step 13.4.16) */
        if (!(ev = e ? json_string_nocheck(e) : json_null()))
            OOM();
    } else if (is_kw(ep, "@type")) {
        /* step 13.4.4 */
        bool ok = json_is_string(value) || json_is_array(value);
        size_t n = json_is_array(value) ? json_array_size(value) : 1;
        for (size_t i = 0; ok && json_is_array(value) && i < n; i++)
            ok = json_is_string(json_array_get(value, i));
        if (!ok)
            FAIL("invalid type value: @type must be a string or an array of strings");
        ev = json_array();
        if (!ev)
            OOM();
        for (size_t i = 0; i < n; i++) {
            const json_t *t = json_is_array(value) ? json_array_get(value, i) : value;
            const char *e;
            rc = iri(p, st->type_scoped, json_string_value(t), true, true, &e);
            if (rc)
                goto out;
            if ((rc = safe_iri(p, "type", json_string_value(t), e)))
                goto out;
            if (e && json_array_append_new(ev, json_string_nocheck(e)))
                OOM();
        }
        if (json_is_string(value) && json_array_size(ev) == 1) {
            json_t *s = json_incref(json_array_get(ev, 0));
            json_decref(ev);
            ev = s;
        }
        /* step 13.4.4.5 */
        json_t *old = json_object_get(result, "@type");
        if (old) {
            json_t *merged = json_array();
            if (!merged || (json_is_array(old) ? json_array_extend(merged, old)
                                               : json_array_append(merged, old))) {
                json_decref(merged);
                OOM();
            }
            if (!add_flat(merged, ev)) {
                ev = NULL;
                json_decref(merged);
                OOM();
            }
            ev = merged;
        }
    } else if (is_kw(ep, "@graph")) {
        /* step 13.4.5 */
        rc = expand(p, active, "@graph", value, base_url, false, &ev);
        if (rc)
            goto out;
        ev = as_array(ev);
        if (!ev && !(ev = json_array()))
            OOM();
    } else if (is_kw(ep, "@included")) {
        /* step 13.4.6 */
        if (p->mode10)
            goto out;
        /* "@included" as active property keeps values and lists for the check of 13.4.6.3 */
        rc = expand(p, active, "@included", value, base_url, false, &ev);
        if (rc)
            goto out;
        ev = as_array(ev);
        if (!ev && !(ev = json_array()))
            OOM();
        for (size_t i = 0; i < json_array_size(ev); i++)
            if (!is_node_object(json_array_get(ev, i)))
                FAIL("invalid @included value: not a node object");
        json_t *old = json_object_get(result, "@included");
        if (old) {
            json_t *merged = json_deep_copy(old);
            if (!merged || json_array_extend(merged, ev)) {
                json_decref(merged);
                OOM();
            }
            json_decref(ev);
            ev = merged;
        }
    } else if (is_kw(ep, "@value")) {
        /* step 13.4.7 */
        if (is_kw(st->input_type, "@json")) {
            if (p->mode10)
                FAIL("invalid value object value: @json in json-ld-1.0 mode");
            ev = json_incref((json_t *)value);
        } else if (json_is_null(value)) {
            if (json_object_set_new_nocheck(result, "@value", json_null()))
                OOM();
            goto out;
        } else if (!is_scalar(value)) {
            FAIL("invalid value object value: @value must be a scalar or null");
        } else {
            ev = json_incref((json_t *)value);
        }
    } else if (is_kw(ep, "@language")) {
        /* step 13.4.8 */
        if (!json_is_string(value))
            FAIL("invalid language-tagged string: @language must be a string");
        if ((rc = safe_language(p, json_string_value(value))))
            goto out;
        ev = json_incref((json_t *)value);
    } else if (is_kw(ep, "@direction")) {
        /* step 13.4.9 */
        if (p->mode10)
            goto out;
        const char *s = json_string_value(value);
        if (!s || !(strcmp(s, "ltr") == 0 || strcmp(s, "rtl") == 0))
            FAIL("invalid base direction: @direction must be \"ltr\" or \"rtl\"");
        ev = json_incref((json_t *)value);
    } else if (is_kw(ep, "@index")) {
        /* step 13.4.10 */
        if (!json_is_string(value))
            FAIL("invalid @index value: must be a string");
        ev = json_incref((json_t *)value);
    } else if (is_kw(ep, "@list")) {
        /* step 13.4.11 */
        if (!prop || is_kw(prop, "@graph"))
            goto out;
        rc = expand(p, active, prop, value, base_url, false, &ev);
        if (rc)
            goto out;
        ev = as_array(ev);
        if (!ev && !(ev = json_array()))
            OOM();
    } else if (is_kw(ep, "@set")) {
        /* step 13.4.12 */
        rc = expand(p, active, prop, value, base_url, false, &ev);
        if (rc)
            goto out;
    } else if (is_kw(ep, "@reverse")) {
        /* step 13.4.13 */
        if (!json_is_object(value))
            FAIL("invalid @reverse value: must be a map");
        rc = expand(p, active, "@reverse", value, base_url, false, &ev);
        if (rc)
            goto out;
        if (json_is_object(ev)) {
            const char *k;
            json_t *x;
            json_t *rev = json_object_get(ev, "@reverse");
            if (rev) {
                json_object_foreach(rev, k, x)
                {
                    if (!add_value(result, k, json_incref(x)))
                        OOM();
                }
            }
            json_object_foreach(ev, k, x)
            {
                if (strcmp(k, "@reverse") == 0)
                    continue;
                json_t *rmap = json_object_get(result, "@reverse");
                if (!rmap) {
                    rmap = json_object();
                    if (!rmap || json_object_set_new_nocheck(result, "@reverse", rmap))
                        OOM();
                }
                for (size_t i = 0; i < json_array_size(x); i++) {
                    json_t *item = json_array_get(x, i);
                    if (is_value_object(item) || is_list_object(item))
                        FAIL("invalid reverse property value: a value or list under @reverse");
                }
                if (!add_value(rmap, k, json_incref(x)))
                    OOM();
            }
        }
        goto out;
    } else if (is_kw(ep, "@nest")) {
        /* step 13.4.14 */
        if (json_array_append_new(st->nests, json_string_nocheck(key)))
            OOM();
        goto out;
    } else {
        /* other keywords (@context was skipped before; framing keywords are not expanded) */
        goto out;
    }
    /* step 13.4.16 */
    if (ev) {
        if (json_object_set_new_nocheck(result, ep, ev))
            OOM();
        ev = NULL;
    }
out:
    json_decref(ev);
    return rc;
}

/* §5.1.2 steps 13 and 14 over the entries of element. */
static reco_code expand_entries(ld_proc *p, const ld_ctx *active, const char *prop,
                                const json_t *element, const char *base_url, obj_state *st)
{
    reco_code rc = RECO_OK;
    keylist own = {0};
    const keylist *keys = st->keys;
    const char *const *pre = st->expanded;
    const ld_ctx *const *pre_in = st->expanded_in;
    json_t *ev = NULL;
    json_t *outer_nests = st->nests;
    json_t *nests = json_array();
    st->nests = nests;
    st->keys = NULL; /* nested entries (@nest) are other maps */
    st->expanded = NULL;
    st->expanded_in = NULL;
    if (!nests || (!keys && !keys_sorted(element, &own)))
        OOM();
    if (!keys)
        keys = &own;
    for (size_t i = 0; i < keys->n; i++) {
        const char *key = keys->k[i];
        const json_t *value = json_object_get(element, key);
        /* step 13.1 */
        if (strcmp(key, "@context") == 0)
            continue;
        /* step 13.2: step 11 expanded the key already when the context is still the same */
        const char *ep;
        if (pre && pre_in[i] == active)
            ep = pre[i];
        else if ((rc = iri(p, active, key, false, true, &ep)))
            goto out;
        /* step 13.3 */
        if (!ep || (!strchr(ep, ':') && !reco_ld_is_keyword(ep))) {
            if (p->opt->safe) {
                enter_key(p, key);
                rc =
                    reco_ld_fail(p, RECO_EPARSE,
                                 "safe mode: the property '%s' is not defined by the context", key);
                leave(p);
                goto out;
            }
            continue;
        }
        enter_key(p, key);
        if (reco_ld_is_keyword(ep)) {
            /* step 13.4 */
            rc = expand_keyword(p, active, prop, key, ep, value, base_url, st);
            leave(p);
            if (rc)
                goto out;
            continue;
        }
        if (p->opt->safe && !reco_ld_iri_is_absolute(ep) && !reco_ld_iri_is_blank(ep)) {
            rc = reco_ld_fail(p, RECO_EPARSE,
                              "safe mode: the property '%s' does not expand to an absolute IRI",
                              key);
            leave(p);
            goto out;
        }
        /* step 13.5 */
        const ld_term *def = reco_ld_ctx_get(active, key);
        unsigned cont = def ? def->container : 0;
        if (def && is_kw(def->type, "@json")) {
            /* step 13.6 */
            ev = json_object();
            if (!ev || json_object_set_nocheck(ev, "@value", (json_t *)value) ||
                json_object_set_new_nocheck(ev, "@type", json_string_nocheck("@json"))) {
                leave(p);
                OOM();
            }
        } else if ((cont & LD_C_LANGUAGE) && json_is_object(value)) {
            /* step 13.7 */
            rc = expand_language_map(p, active, def, value, &ev);
        } else if ((cont & (LD_C_INDEX | LD_C_TYPE | LD_C_ID)) && json_is_object(value)) {
            /* step 13.8 */
            rc = expand_index_map(p, active, key, def, value, base_url, &ev);
        } else {
            /* step 13.9 */
            rc = expand(p, active, key, value, base_url, false, &ev);
        }
        leave(p);
        if (rc)
            goto out;
        /* step 13.10 */
        if (!ev)
            continue;
        /* step 13.11 */
        if ((cont & LD_C_LIST) && !is_list_object(ev)) {
            json_t *l = json_object();
            ev = as_array(ev);
            if (!l || !ev || json_object_set_new_nocheck(l, "@list", ev)) {
                json_decref(l);
                ev = NULL;
                OOM();
            }
            ev = l;
        }
        /* step 13.12 */
        if ((cont & LD_C_GRAPH) && !(cont & (LD_C_ID | LD_C_INDEX))) {
            ev = as_array(ev);
            if (!ev)
                OOM();
            for (size_t j = 0; j < json_array_size(ev); j++) {
                json_t *g = json_object(), *ga = json_array();
                if (!g || !ga || json_array_append(ga, json_array_get(ev, j)) ||
                    json_object_set_new_nocheck(g, "@graph", ga)) {
                    json_decref(g);
                    OOM();
                }
                json_array_set_new(ev, j, g);
            }
        }
        if (def && def->reverse) {
            /* step 13.13 */
            json_t *rmap = json_object_get(st->result, "@reverse");
            if (!rmap) {
                rmap = json_object();
                if (!rmap || json_object_set_new_nocheck(st->result, "@reverse", rmap))
                    OOM();
            }
            ev = as_array(ev);
            if (!ev)
                OOM();
            for (size_t j = 0; j < json_array_size(ev); j++) {
                json_t *item = json_array_get(ev, j);
                if (is_value_object(item) || is_list_object(item))
                    FAIL("invalid reverse property value: '%s' has a value or a list", key);
            }
            bool ok = add_value(rmap, ep, ev);
            ev = NULL;
            if (!ok)
                OOM();
        } else {
            /* step 13.14 */
            bool ok = add_value(st->result, ep, ev);
            ev = NULL;
            if (!ok)
                OOM();
        }
    }
    /* step 14 */
    size_t nn = json_array_size(nests);
    const char **nk = NULL;
    if (nn) {
        nk = malloc(nn * sizeof *nk);
        if (!nk)
            OOM();
        for (size_t i = 0; i < nn; i++)
            nk[i] = json_string_value(json_array_get(nests, i));
        qsort(nk, nn, sizeof *nk, cmp_str);
    }
    for (size_t i = 0; i < nn && !rc; i++) {
        const char *nkey = nk[i];
        const json_t *nv = json_object_get(element, nkey);
        size_t n = json_is_array(nv) ? json_array_size(nv) : 1;
        enter_key(p, nkey);
        for (size_t j = 0; j < n && !rc; j++) {
            const json_t *item = json_is_array(nv) ? json_array_get(nv, j) : nv;
            /* step 14.2.1 */
            bool bad = !json_is_object(item);
            const char *k;
            const json_t *x;
            if (!bad) {
                json_object_foreach((json_t *)item, k, x)
                {
                    (void)x;
                    const char *e;
                    rc = iri(p, active, k, false, true, &e);
                    if (rc)
                        break;
                    if (is_kw(e, "@value"))
                        bad = true;
                }
            }
            if (rc)
                break;
            if (bad) {
                rc = reco_ld_fail(p, RECO_EPARSE,
                                  "invalid @nest value: '%s' is not a map of properties", nkey);
                break;
            }
            /* step 14.2.2: steps 3 and 8 with the nesting key, then 13 and 14 */
            const ld_ctx *nctx = active;
            const ld_term *ndef = reco_ld_ctx_get(active, nkey);
            if (ndef && ndef->context)
                rc = scoped(p, active, ndef, LD_OVERRIDE_PROTECTED, &nctx);
            if (!rc)
                rc = expand_entries(p, nctx, prop, item, base_url, st);
        }
        leave(p);
    }
    free(nk);
    if (rc)
        goto out;
out:
    json_decref(ev);
    keys_release(&own);
    json_decref(nests);
    st->nests = outer_nests;
    return rc;
}

static reco_code expand_map(ld_proc *p, const ld_ctx *active, const char *prop,
                            const json_t *element, const char *base_url, bool from_map,
                            const ld_term *pdef, json_t **out)
{
    reco_code rc = RECO_OK;
    keylist kl = {0};
    const char *expanded_stack[SORT_STACK_KEYS], **expanded = expanded_stack;
    const ld_ctx *in_stack[SORT_STACK_KEYS], **expanded_in = in_stack;
    json_t *result = NULL;
    const char *k;
    const json_t *x;
    /* step 7 */
    if (active->previous && !from_map) {
        bool keep = false;
        size_t n = json_object_size(element);
        json_object_foreach((json_t *)element, k, x)
        {
            (void)x;
            const char *e;
            rc = iri(p, active, k, false, true, &e);
            if (rc)
                goto out;
            if (is_kw(e, "@value") || (n == 1 && is_kw(e, "@id")))
                keep = true;
        }
        if (!keep)
            active = active->previous;
    }
    /* step 8 */
    if (pdef && pdef->context) {
        rc = scoped(p, active, pdef, LD_OVERRIDE_PROTECTED, &active);
        if (rc)
            goto out;
    }
    /* step 9 */
    const json_t *lc = json_object_get(element, "@context");
    if (lc) {
        enter_key(p, "@context");
        rc = reco_ld_process_context(p, active, lc, base_url, NULL, 0, true, &active);
        leave(p);
        if (rc)
            goto out;
    }
    /* step 10 */
    obj_state st = {.type_scoped = active};
    /* steps 11-12 */
    if (!keys_sorted(element, &kl))
        OOM();
    if (kl.n > SORT_STACK_KEYS && (!(expanded = malloc(kl.n * sizeof *expanded)) ||
                                   !(expanded_in = malloc(kl.n * sizeof *expanded_in))))
        OOM();
    bool have_input_type = false;
    for (size_t i = 0; i < kl.n; i++) {
        const char *e;
        rc = iri(p, active, kl.k[i], false, true, &e);
        if (rc)
            goto out;
        expanded[i] = e;
        expanded_in[i] = active;
        if (!is_kw(e, "@type"))
            continue;
        const json_t *v = json_object_get(element, kl.k[i]);
        size_t n = json_is_array(v) ? json_array_size(v) : 1;
        const char *terms[SORT_STACK_KEYS];
        const char **tl = n <= SORT_STACK_KEYS ? terms : malloc(n * sizeof *tl);
        size_t m = 0;
        if (!tl)
            OOM();
        for (size_t j = 0; j < n; j++) {
            const json_t *t = json_is_array(v) ? json_array_get(v, j) : v;
            if (json_is_string(t))
                tl[m++] = json_string_value(t);
        }
        const char *last = m ? tl[m - 1] : NULL;
        qsort(tl, m, sizeof *tl, cmp_str);
        for (size_t j = 0; j < m && !rc; j++) {
            const ld_term *td = reco_ld_ctx_get(st.type_scoped, tl[j]);
            if (td && td->context)
                rc = scoped(p, active, td, LD_NO_PROPAGATE, &active);
        }
        if (tl != terms)
            free(tl);
        if (rc)
            goto out;
        if (!have_input_type && last) {
            have_input_type = true;
            st.input_type = last;
        }
    }
    if (st.input_type) {
        rc = iri(p, active, st.input_type, false, true, &st.input_type);
        if (rc)
            goto out;
    }
    result = json_object();
    if (!result)
        OOM();
    st.result = result;
    st.keys = &kl;
    st.expanded = expanded;
    st.expanded_in = expanded_in;
    /* steps 13-14 */
    rc = expand_entries(p, active, prop, element, base_url, &st);
    if (rc)
        goto out;
    json_t *val = json_object_get(result, "@value");
    if (val) {
        /* step 15 */
        json_t *type = json_object_get(result, "@type");
        json_object_foreach(result, k, x)
        {
            (void)x;
            if (strcmp(k, "@direction") && strcmp(k, "@index") && strcmp(k, "@language") &&
                strcmp(k, "@type") && strcmp(k, "@value"))
                FAIL("invalid value object: unexpected entry '%s'", k);
        }
        if (type && (json_object_get(result, "@language") || json_object_get(result, "@direction")))
            FAIL("invalid value object: @type with @language or @direction");
        if (type && json_is_string(type) && is_kw(json_string_value(type), "@json"))
            goto done;
        if (json_is_null(val) || (json_is_array(val) && json_array_size(val) == 0)) {
            if (p->opt->safe)
                FAIL("safe mode: a value object with a null @value is dropped");
            json_decref(result);
            result = NULL;
            goto done;
        }
        if (!json_is_string(val) && json_object_get(result, "@language"))
            FAIL("invalid language-tagged value: the @value is not a string");
        if (type && (!json_is_string(type) || !reco_ld_iri_is_absolute(json_string_value(type))))
            FAIL("invalid typed value: the @type of a value must be an IRI");
    } else if (json_object_get(result, "@type")) {
        /* step 16 */
        json_t *type = json_object_get(result, "@type");
        if (!json_is_array(type)) {
            json_t *a = json_array();
            if (!a || json_array_append(a, type) ||
                json_object_set_new_nocheck(result, "@type", a)) {
                json_decref(a);
                OOM();
            }
        }
    } else if (json_object_get(result, "@set") || json_object_get(result, "@list")) {
        /* step 17 */
        size_t n = json_object_size(result);
        if (n > 2 || (n == 2 && !json_object_get(result, "@index")))
            FAIL("invalid set or list object: only @index may go with @set or @list");
        json_t *set = json_object_get(result, "@set");
        if (set) {
            json_t *s = json_incref(set);
            json_decref(result);
            result = s;
        }
    }
done:
    /* step 18 */
    if (json_is_object(result) && json_object_size(result) == 1 &&
        json_object_get(result, "@language")) {
        if (p->opt->safe)
            FAIL("safe mode: an object with only @language is dropped");
        json_decref(result);
        result = NULL;
    }
    /* step 19 */
    if (json_is_object(result) && (!prop || is_kw(prop, "@graph"))) {
        size_t n = json_object_size(result);
        if (n == 0 || json_object_get(result, "@value") || json_object_get(result, "@list") ||
            (n == 1 && json_object_get(result, "@id"))) {
            /* a free-floating object says nothing: a verifier refuses it rather than drop it */
            if (p->opt->safe)
                FAIL("safe mode: a free-floating %s is dropped",
                     n == 0                              ? "empty object"
                     : json_object_get(result, "@value") ? "value"
                     : json_object_get(result, "@list")  ? "list"
                                                         : "node with only @id");
            json_decref(result);
            result = NULL;
        }
    }
out:
    if (expanded != expanded_stack)
        free(expanded);
    if (expanded_in != in_stack)
        free(expanded_in);
    keys_release(&kl);
    if (rc) {
        json_decref(result);
        result = NULL;
    }
    *out = result;
    return rc;
}

static reco_code expand(ld_proc *p, const ld_ctx *active, const char *prop, const json_t *element,
                        const char *base_url, bool from_map, json_t **out)
{
    reco_code rc = RECO_OK;
    json_t *result = NULL;
    *out = NULL;
    if (p->depth >= MAX_EXPAND_DEPTH) {
        rc = reco_ld_fail(p, RECO_ELIMIT, "document too deep: more than %d levels to expand",
                          MAX_EXPAND_DEPTH);
        goto out;
    }
    /* step 1 */
    if (!element || json_is_null(element))
        goto out;
    /* step 3 */
    const ld_term *pdef = term_of(active, prop);
    if (is_scalar(element)) {
        /* step 4 */
        if (!prop || is_kw(prop, "@graph")) {
            if (p->opt->safe)
                rc = reco_ld_fail(p, RECO_EPARSE, "safe mode: a free-floating scalar is dropped");
            goto out;
        }
        if (pdef && pdef->context) {
            rc = scoped(p, active, pdef, LD_OVERRIDE_PROTECTED, &active);
            if (rc)
                goto out;
        }
        rc = value_expand(p, active, prop, element, &result);
        goto out;
    }
    if (json_is_array(element)) {
        /* step 5 */
        result = json_array();
        if (!result)
            OOM();
        bool list = pdef && (pdef->container & LD_C_LIST);
        for (size_t i = 0; i < json_array_size(element); i++) {
            json_t *item = NULL;
            enter_index(p, i);
            rc = expand(p, active, prop, json_array_get(element, i), base_url, from_map, &item);
            leave(p);
            if (rc)
                goto out;
            if (list && json_is_array(item)) {
                json_t *l = json_object();
                if (!l || json_object_set_new_nocheck(l, "@list", item)) {
                    json_decref(l);
                    OOM();
                }
                item = l;
            }
            if (item && !add_flat(result, item))
                OOM();
        }
        goto out;
    }
    /* step 6 */
    rc = expand_map(p, active, prop, element, base_url, from_map, pdef, &result);
out:
    if (rc) {
        json_decref(result);
        result = NULL;
    }
    *out = result;
    return rc;
}

/* ---------------------------------------------------------------- entry point */

reco_code reco_ld_expand(const json_t *doc, const reco_ld_options *opt, json_t **out,
                         reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_error local_err;
    reco_ld_cache *own = NULL;
    json_t *res = NULL;
    ld_proc *p = NULL;
    if (!err)
        err = &local_err;
    reco_error_clear(err);
    if (!doc || !opt || !out) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "invalid argument: expand needs a document");
        goto out;
    }
    *out = NULL;
    p = calloc(1, sizeof *p);
    if (!p) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory: expanding JSON-LD");
        goto out;
    }
    reco_ld_cache *cache = opt->cache;
    if (!cache && opt->loader)
        cache = reco_ld_loader_contexts(opt->loader);
    if (!cache) {
        own = cache = reco_ld_cache_new(0);
        if (!own) {
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory: expanding JSON-LD");
            goto out;
        }
    } else if (reco_arena_used(cache->arena) + cache->held_bytes > cache->max_bytes / 2) {
        reco_ld_cache_clear(cache);
    }
    p->opt = opt;
    p->cache = cache;
    p->arena = cache->arena;
    p->scratch = reco_arena_new(64u * 1024u * 1024u);
    p->err = err;
    p->mode10 = opt->json_ld_10;
    p->max_depth = opt->max_context_depth ? opt->max_context_depth : 32;
    if (!p->scratch) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory: expanding JSON-LD");
        goto out;
    }
    /* expand() steps 5-6: the initial context, then the expandContext option */
    const ld_ctx *active;
    rc = reco_ld_ctx_initial(p, opt->base, &active);
    if (rc)
        goto out;
    if (opt->expand_context) {
        const json_t *ec = opt->expand_context;
        if (json_is_object(ec) && json_object_get(ec, "@context"))
            ec = json_object_get(ec, "@context");
        rc = reco_ld_process_context(p, active, ec, opt->base, NULL, 0, true, &active);
        if (rc)
            goto out;
    }
    /* expand() step 8 */
    rc = expand(p, active, NULL, doc, opt->base, false, &res);
    if (rc)
        goto out;
    /* expand() steps 8.1-8.3: a lone @graph is unwrapped; the output is always an array */
    if (json_is_object(res) && json_object_size(res) == 1 && json_object_get(res, "@graph")) {
        json_t *g = json_incref(json_object_get(res, "@graph"));
        json_decref(res);
        res = g;
    }
    if (!res)
        res = json_array();
    else
        res = as_array(res);
    if (!res) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory: expanding JSON-LD");
        goto out;
    }
    *out = res;
    res = NULL;
out:
    json_decref(res);
    if (p)
        reco_arena_free(p->scratch);
    free(p);
    reco_ld_cache_free(own);
    return rc;
}
