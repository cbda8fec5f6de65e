/*
 * context.c - JSON-LD 1.1 Context Processing (API §4.1), Create Term Definition (§4.2) and IRI
 * Expansion (§4.3), with the cache of processed contexts.
 *
 * An active context is immutable once built: processing a local context clones the term map
 * (term definitions themselves are shared) and fills the clone. Every context and definition
 * lives in the cache's arena, so a result can be kept and reused by the next call: the key is
 * (previous active context, local context, flags, base URL). A local context that came from the
 * document is keyed by its JSON text and deep-copied into the cache; one that the cache already
 * holds (a scoped context of a term, a loaded remote context) is keyed by its address. Term
 * definitions point into JSON values that the cache holds a reference to, so those addresses
 * stay valid for the life of the cache.
 */
#include "ld/ld_internal.h"
#include "reco/json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_DEFAULT_BYTES (64u * 1024u * 1024u)
#define MAX_TERM_RECURSION  128 /* dependency chains between terms; bounds the C stack */
#define LD_KEY_MODE10       0x100
#define LD_KEY_SAFE         0x200

reco_code reco_ld_fail(ld_proc *p, reco_code code, const char *fmt, ...)
{
    if (p->err && p->err->code != RECO_OK)
        return p->err->code; /* keep the first, innermost error */
    char msg[sizeof p->err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char path[sizeof p->err->path] = "";
    int d = p->depth < 256 ? p->depth : 255;
    for (int i = 0; i < d; i++) {
        if (p->where[i].key)
            reco_json_path_push(path, sizeof path, p->where[i].key);
        else
            reco_json_path_push_index(path, sizeof path, p->where[i].index);
    }
    return reco_error_set(p->err, code, path, "%s", msg);
}

static reco_code oom(ld_proc *p)
{
    /* The arena refuses past the cache's cap: that is a limit of the input, not the machine. */
    if (reco_arena_used(p->arena) + 1024u * 1024u > p->cache->max_bytes)
        return reco_ld_fail(p, RECO_ELIMIT, "context overflow: processed contexts exceed %zu bytes",
                            p->cache->max_bytes);
    return reco_ld_fail(p, RECO_ENOMEM, "out of memory: processing a JSON-LD context");
}

/* ---------------------------------------------------------------- term map */

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

static const ld_slot *map_find(const ld_termmap *m, const char *key, uint32_t h)
{
    if (!m->cap)
        return NULL;
    for (uint32_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        const ld_slot *s = &m->slots[i];
        if (!s->key)
            return NULL;
        if (s->hash == h && strcmp(s->key, key) == 0)
            return s;
    }
}

const ld_term *reco_ld_ctx_get(const ld_ctx *ctx, const char *term)
{
    const ld_slot *s = map_find(&ctx->terms, term, hash_str(term));
    return s ? s->def : NULL;
}

static bool map_grow(reco_arena *a, ld_termmap *m)
{
    uint32_t ncap = m->cap ? m->cap * 2 : 16;
    ld_slot *ns = reco_arena_calloc(a, (size_t)ncap * sizeof *ns);
    if (!ns)
        return false;
    for (uint32_t i = 0; i < m->cap; i++) {
        const ld_slot *s = &m->slots[i];
        if (!s->key)
            continue;
        uint32_t j = s->hash & (ncap - 1);
        while (ns[j].key)
            j = (j + 1) & (ncap - 1);
        ns[j] = *s;
    }
    m->slots = ns;
    m->cap = ncap;
    return true;
}

/* Set (def may be NULL to remove). key must live in the arena. */
static bool map_put(reco_arena *a, ld_termmap *m, const char *key, const ld_term *def)
{
    uint32_t h = hash_str(key);
    ld_slot *s = (ld_slot *)map_find(m, key, h);
    if (s) {
        s->def = def;
        return true;
    }
    if (!def)
        return true;
    if ((m->count + 1) * 4 > m->cap * 3 && !map_grow(a, m))
        return false;
    uint32_t i = h & (m->cap - 1);
    while (m->slots[i].key)
        i = (i + 1) & (m->cap - 1);
    m->slots[i] = (ld_slot){key, h, def};
    m->count++;
    return true;
}

static ld_ctx *ctx_clone(reco_arena *a, const ld_ctx *src)
{
    ld_ctx *c = reco_arena_alloc(a, sizeof *c);
    if (!c)
        return NULL;
    *c = *src;
    if (src->terms.cap) {
        c->terms.slots = reco_arena_alloc(a, (size_t)src->terms.cap * sizeof(ld_slot));
        if (!c->terms.slots)
            return NULL;
        memcpy(c->terms.slots, src->terms.slots, (size_t)src->terms.cap * sizeof(ld_slot));
    }
    return c;
}

/* ---------------------------------------------------------------- cache */

typedef struct ld_cache_entry {
    struct ld_cache_entry *next;
    uint64_t hash;
    const ld_ctx *prev;
    const void *id;       /* address key, or NULL */
    const char *text;     /* text key, or NULL */
    const char *base_url; /* may be NULL */
    unsigned flags;
    const ld_ctx *result;
} ld_cache_entry;

reco_ld_cache *reco_ld_cache_new(size_t max_bytes)
{
    reco_ld_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->max_bytes = max_bytes ? max_bytes : CACHE_DEFAULT_BYTES;
    c->arena = reco_arena_new(c->max_bytes);
    c->held = json_array();
    if (!c->arena || !c->held) {
        reco_ld_cache_free(c);
        return NULL;
    }
    return c;
}

void reco_ld_cache_free(reco_ld_cache *c)
{
    if (!c)
        return;
    reco_arena_free(c->arena);
    json_decref(c->held);
    free(c->buckets);
    free(c);
}

void reco_ld_cache_clear(reco_ld_cache *c)
{
    if (!c)
        return;
    reco_arena_reset(c->arena);
    json_array_clear(c->held);
    c->held_bytes = 0;
    free(c->buckets);
    c->buckets = NULL;
    c->nbuckets = 0;
    c->nentries = 0;
}

static bool str_eq(const char *a, const char *b)
{
    if (a == b)
        return true;
    return a && b && strcmp(a, b) == 0;
}

static uint64_t cache_hash(const ld_ctx *prev, const void *id, const char *text, const char *base,
                           unsigned flags)
{
    /* Addresses are 16-byte aligned: drop the zero bits before mixing. */
    uint64_t h = ((uint64_t)(uintptr_t)prev >> 4) * 0x9e3779b97f4a7c15ull;
    h ^= ((uint64_t)(uintptr_t)id >> 4) * 0xc2b2ae3d27d4eb4full;
    h ^= h >> 29;
    if (text)
        h ^= hash_str(text) * 0x165667b19e3779f9ull;
    if (base)
        h ^= (uint64_t)hash_str(base) << 17;
    return h ^ flags;
}

static const ld_ctx *cache_get(const reco_ld_cache *c, uint64_t h, const ld_ctx *prev,
                               const void *id, const char *text, const char *base, unsigned flags)
{
    if (!c->nbuckets)
        return NULL;
    for (const ld_cache_entry *e = c->buckets[h % c->nbuckets]; e; e = e->next)
        if (e->hash == h && e->prev == prev && e->id == id && e->flags == flags &&
            str_eq(e->text, text) && str_eq(e->base_url, base))
            return e->result;
    return NULL;
}

static bool cache_put(reco_ld_cache *c, uint64_t h, const ld_ctx *prev, const void *id,
                      const char *text, const char *base, unsigned flags, const ld_ctx *result)
{
    if (c->nentries >= c->nbuckets) {
        size_t nb = c->nbuckets ? c->nbuckets * 2 : 64;
        ld_cache_entry **b = calloc(nb, sizeof *b);
        if (!b)
            return false;
        for (size_t i = 0; i < c->nbuckets; i++) {
            ld_cache_entry *e = c->buckets[i];
            while (e) {
                ld_cache_entry *next = e->next;
                e->next = b[e->hash % nb];
                b[e->hash % nb] = e;
                e = next;
            }
        }
        free(c->buckets);
        c->buckets = b;
        c->nbuckets = nb;
    }
    ld_cache_entry *e = reco_arena_alloc(c->arena, sizeof *e);
    if (!e)
        return false;
    char *t = text ? reco_arena_strdup(c->arena, text) : NULL;
    char *bu = base ? reco_arena_strdup(c->arena, base) : NULL;
    if ((text && !t) || (base && !bu))
        return false;
    *e = (ld_cache_entry){c->buckets[h % c->nbuckets], h, prev, id, t, bu, flags, result};
    c->buckets[h % c->nbuckets] = e;
    c->nentries++;
    return true;
}

/* Keep v alive as long as the cache (one reference more). */
static bool hold(ld_proc *p, const json_t *v)
{
    return json_array_append(p->cache->held, (json_t *)v) == 0;
}

reco_code reco_ld_ctx_initial(ld_proc *p, const char *base, const ld_ctx **out)
{
    /* Initial contexts are keyed by their base alone (prev NULL, id NULL). */
    static const char nobase[] = "";
    const char *key = base ? base : nobase;
    uint64_t h = cache_hash(NULL, NULL, key, NULL, 0xff);
    const ld_ctx *c = cache_get(p->cache, h, NULL, NULL, key, NULL, 0xff);
    if (c) {
        *out = c;
        return RECO_OK;
    }
    ld_ctx *n = reco_arena_calloc(p->arena, sizeof *n);
    if (!n)
        return oom(p);
    if (base) {
        n->base = reco_arena_strdup(p->arena, base);
        if (!n->base)
            return oom(p);
        n->original_base = n->base;
    }
    if (!cache_put(p->cache, h, NULL, NULL, key, NULL, 0xff, n))
        return oom(p);
    *out = n;
    return RECO_OK;
}

/* ---------------------------------------------------------------- IRI expansion (§4.3) */

/* What Create Term Definition needs besides the term (§4.2 inputs). */
typedef struct tdef_env {
    const json_t *local; /* the local context (a map) */
    json_t *defined;     /* term -> true (done) / false (in progress) */
    const char *base_url;
    bool protect;
    unsigned flags;
    const ld_remote *remote;
    int recursion;
} tdef_env;

static reco_code create_term(ld_proc *p, ld_ctx *active, tdef_env *env, const char *term);

static const char *concat(reco_arena *a, const char *x, const char *y)
{
    size_t nx = strlen(x), ny = strlen(y);
    char *r = reco_arena_alloc(a, nx + ny + 1);
    if (!r)
        return NULL;
    memcpy(r, x, nx);
    memcpy(r + nx, y, ny + 1);
    return r;
}

/*
 * IRI Expansion (§4.3). env is NULL outside context processing. *res is NULL for null. Strings
 * are allocated in a.
 */
static reco_code expand_iri(ld_proc *p, reco_arena *a, ld_ctx *active, const char *value,
                            bool doc_rel, bool vocab, tdef_env *env, const char **res)
{
    reco_code rc = RECO_OK;
    *res = NULL;
    /* step 1 */
    if (reco_ld_is_keyword(value)) {
        *res = value;
        goto out;
    }
    /* step 2 */
    if (reco_ld_has_keyword_form(value))
        goto out;
    /* step 3 */
    if (env && json_object_get(env->local, value)) {
        json_t *d = json_object_get(env->defined, value);
        if (!json_is_true(d)) {
            rc = create_term(p, active, env, value);
            if (rc)
                goto out;
        }
    }
    const ld_term *def = reco_ld_ctx_get(active, value);
    /* step 4 */
    if (def && def->iri && def->iri[0] == '@' && reco_ld_is_keyword(def->iri)) {
        *res = def->iri;
        goto out;
    }
    /* step 5 */
    if (vocab && def) {
        *res = def->iri;
        goto out;
    }
    /* step 6 */
    const char *colon = strchr(value + (value[0] ? 1 : 0), ':');
    if (value[0] && colon) {
        size_t plen = (size_t)(colon - value);
        const char *suffix = colon + 1;
        if ((plen == 1 && value[0] == '_') || (suffix[0] == '/' && suffix[1] == '/')) {
            *res = value;
            goto out;
        }
        char pbuf[128];
        char *prefix = pbuf;
        if (plen >= sizeof pbuf) {
            prefix = reco_arena_strndup(a, value, plen);
            if (!prefix) {
                rc = oom(p);
                goto out;
            }
        } else {
            memcpy(pbuf, value, plen);
            pbuf[plen] = '\0';
        }
        if (env && json_object_get(env->local, prefix) &&
            !json_is_true(json_object_get(env->defined, prefix))) {
            rc = create_term(p, active, env, prefix);
            if (rc)
                goto out;
        }
        const ld_term *pd = reco_ld_ctx_get(active, prefix);
        if (pd && pd->iri && pd->prefix) {
            *res = concat(a, pd->iri, suffix);
            if (!*res)
                rc = oom(p);
            goto out;
        }
        if (reco_ld_iri_is_absolute(value)) {
            *res = value;
            goto out;
        }
    }
    /* step 7 */
    if (vocab && active->vocab) {
        *res = concat(a, active->vocab, value);
        if (!*res)
            rc = oom(p);
        goto out;
    }
    /* step 8 */
    if (doc_rel) {
        *res = reco_ld_iri_resolve(a, active->base, value);
        if (!*res)
            rc = oom(p);
        goto out;
    }
    /* step 9 */
    *res = value;
out:
    return rc;
}

reco_code reco_ld_iri_expand(ld_proc *p, reco_arena *a, const ld_ctx *ctx, const char *value,
                             bool doc_rel, bool vocab, const char **res)
{
    /* Without an env the context is only read. */
    return expand_iri(p, a, (ld_ctx *)ctx, value, doc_rel, vocab, NULL, res);
}

/* ---------------------------------------------------------------- Create Term Definition */

static bool is_gen_delim(char c)
{
    return c && strchr(":/?#[]@", c) != NULL;
}

static bool term_equal(const ld_term *a, const ld_term *b)
{
    /* §4.2 step 27.1: the same definition other than the protected flag */
    return str_eq(a->iri, b->iri) && str_eq(a->type, b->type) &&
           a->has_language == b->has_language && str_eq(a->language, b->language) &&
           a->has_direction == b->has_direction && str_eq(a->direction, b->direction) &&
           str_eq(a->index, b->index) && str_eq(a->nest, b->nest) && a->container == b->container &&
           a->prefix == b->prefix && a->reverse == b->reverse &&
           ((!a->context && !b->context) ||
            (a->context && b->context && json_equal(a->context, b->context)));
}

static unsigned container_bit(const char *s)
{
    static const struct {
        const char *k;
        unsigned bit;
    } t[] = {{"@list", LD_C_LIST},   {"@set", LD_C_SET}, {"@language", LD_C_LANGUAGE},
             {"@index", LD_C_INDEX}, {"@id", LD_C_ID},   {"@type", LD_C_TYPE},
             {"@graph", LD_C_GRAPH}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(s, t[i].k) == 0)
            return t[i].bit;
    return 0;
}

/* §4.2 step 19.1-19.2: the container mapping, or -1 when invalid. */
static int parse_container(ld_proc *p, const json_t *v)
{
    unsigned bits = 0;
    size_t n = 0;
    if (json_is_string(v)) {
        bits = container_bit(json_string_value(v));
        if (!bits)
            return -1;
        if (p->mode10 && (bits & (LD_C_GRAPH | LD_C_ID | LD_C_TYPE)))
            return -1;
        return (int)bits;
    }
    if (!json_is_array(v) || p->mode10)
        return -1;
    size_t i;
    const json_t *it;
    json_array_foreach(v, i, it)
    {
        unsigned b = json_is_string(it) ? container_bit(json_string_value(it)) : 0;
        if (!b)
            return -1;
        if (!(bits & b))
            n++;
        bits |= b;
    }
    if (n == 0)
        return -1;
    if (bits & LD_C_LIST)
        return n == 1 ? (int)bits : -1;
    if (bits & LD_C_GRAPH) {
        if (bits & ~(unsigned)(LD_C_GRAPH | LD_C_ID | LD_C_INDEX | LD_C_SET))
            return -1;
        if ((bits & LD_C_ID) && (bits & LD_C_INDEX))
            return -1;
        return (int)bits;
    }
    if (n > ((bits & LD_C_SET) ? 2u : 1u))
        return -1;
    return (int)bits;
}

static reco_code process_ctx(ld_proc *p, const ld_ctx *active, const json_t *local,
                             const char *base_url, const ld_remote *remote, unsigned flags,
                             const ld_ctx **out);

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        rc = reco_ld_fail(p, RECO_EPARSE, __VA_ARGS__);                                            \
        goto out;                                                                                  \
    } while (0)

static char *adup(ld_proc *p, const char *s)
{
    return reco_arena_strdup(p->arena, s);
}

/* Create Term Definition (§4.2). */
static reco_code create_term(ld_proc *p, ld_ctx *active, tdef_env *env, const char *term)
{
    reco_code rc = RECO_OK;
    const json_t *value = json_object_get(env->local, term);
    const json_t *id_v = NULL, *v;
    bool simple = false;
    if (++env->recursion > MAX_TERM_RECURSION) {
        rc = reco_ld_fail(p, RECO_ELIMIT, "context overflow: term definitions nest too deep");
        goto out;
    }
    /* step 1 */
    json_t *d = json_object_get(env->defined, term);
    if (d) {
        if (json_is_true(d))
            goto out;
        FAIL("cyclic IRI mapping: the term '%s' depends on itself", term);
    }
    /* step 2 */
    if (term[0] == '\0')
        FAIL("invalid term definition: the empty term");
    json_object_set_new(env->defined, term, json_false());

    /* step 4 */
    if (strcmp(term, "@type") == 0) {
        if (p->mode10)
            FAIL("keyword redefinition: @type");
        bool ok = json_is_object(value) && json_object_size(value) > 0;
        const char *k;
        const json_t *x;
        if (ok) {
            json_object_foreach((json_t *)value, k, x)
            {
                if (strcmp(k, "@container") == 0 && json_is_string(x) &&
                    strcmp(json_string_value(x), "@set") == 0)
                    continue;
                if (strcmp(k, "@protected") == 0)
                    continue;
                ok = false;
            }
        }
        if (!ok)
            FAIL("keyword redefinition: @type may only be given @container @set");
    } else if (reco_ld_is_keyword(term)) {
        /* step 5 */
        FAIL("keyword redefinition: %s", term);
    } else if (reco_ld_has_keyword_form(term)) {
        /* reserved for future keywords: ignored, but a verifier refuses it */
        if (p->opt->safe)
            FAIL("safe mode: the term '%s' has the form of a keyword", term);
        json_object_set_new(env->defined, term, json_true());
        goto out;
    }

    /* step 6 */
    const ld_term *previous = reco_ld_ctx_get(active, term);
    const char *akey = NULL;
    if (previous) {
        if (!map_put(p->arena, &active->terms, term, NULL)) {
            rc = oom(p);
            goto out;
        }
    }
    /* steps 7-9 */
    if (json_is_null(value)) {
        id_v = json_null();
    } else if (json_is_string(value)) {
        id_v = value;
        simple = true;
    } else if (!json_is_object(value)) {
        FAIL("invalid term definition: '%s' is neither a string, a map nor null", term);
    }
    const json_t *obj = json_is_object(value) ? value : NULL;
    if (obj)
        id_v = json_object_get(obj, "@id");

    /* step 10 */
    ld_term *def = reco_arena_calloc(p->arena, sizeof *def);
    akey = adup(p, term);
    if (!def || !akey) {
        rc = oom(p);
        goto out;
    }
    def->protect = env->protect;
    /* step 11 */
    if (obj && (v = json_object_get(obj, "@protected"))) {
        if (p->mode10)
            FAIL("invalid term definition: @protected in json-ld-1.0 mode");
        if (!json_is_boolean(v))
            FAIL("invalid @protected value: for '%s'", term);
        def->protect = json_is_true(v);
    }
    /* step 12 */
    if (obj && (v = json_object_get(obj, "@type"))) {
        if (!json_is_string(v))
            FAIL("invalid type mapping: the @type of '%s' is not a string", term);
        const char *t;
        rc = expand_iri(p, p->arena, active, json_string_value(v), false, true, env, &t);
        if (rc)
            goto out;
        if (t && (strcmp(t, "@json") == 0 || strcmp(t, "@none") == 0) && p->mode10)
            FAIL("invalid type mapping: %s in json-ld-1.0 mode", t);
        if (!t || !(strcmp(t, "@id") == 0 || strcmp(t, "@json") == 0 || strcmp(t, "@none") == 0 ||
                    strcmp(t, "@vocab") == 0 || reco_ld_iri_is_absolute(t)))
            FAIL("invalid type mapping: '%s' for the term '%s'", json_string_value(v), term);
        def->type = (t == json_string_value(v)) ? adup(p, t) : t;
        if (!def->type) {
            rc = oom(p);
            goto out;
        }
    }
    /* step 13 */
    if (obj && (v = json_object_get(obj, "@reverse"))) {
        if (json_object_get(obj, "@id") || json_object_get(obj, "@nest"))
            FAIL("invalid reverse property: '%s' has @reverse with @id or @nest", term);
        if (!json_is_string(v))
            FAIL("invalid IRI mapping: the @reverse of '%s' is not a string", term);
        if (reco_ld_has_keyword_form(json_string_value(v)) &&
            !reco_ld_is_keyword(json_string_value(v))) {
            if (p->opt->safe)
                FAIL("safe mode: the @reverse of '%s' has the form of a keyword", term);
            json_object_set_new(env->defined, term, json_true());
            goto out;
        }
        const char *iri;
        rc = expand_iri(p, p->arena, active, json_string_value(v), false, true, env, &iri);
        if (rc)
            goto out;
        if (!iri || !(reco_ld_iri_is_absolute(iri) || reco_ld_iri_is_blank(iri)))
            FAIL("invalid IRI mapping: the @reverse of '%s' is not an IRI", term);
        def->iri = (iri == json_string_value(v)) ? adup(p, iri) : iri;
        if ((v = json_object_get(obj, "@container"))) {
            const char *c = json_string_value(v);
            if (!json_is_null(v) && !(c && (strcmp(c, "@set") == 0 || strcmp(c, "@index") == 0)))
                FAIL("invalid reverse property: the container of '%s' is not @set or @index", term);
            if (c)
                def->container = container_bit(c);
        }
        def->reverse = true;
    } else if (id_v && !(json_is_string(id_v) && strcmp(json_string_value(id_v), term) == 0)) {
        /* step 14 */
        if (json_is_null(id_v)) {
            def->iri = NULL;
        } else {
            if (!json_is_string(id_v))
                FAIL("invalid IRI mapping: the @id of '%s' is not a string", term);
            const char *s = json_string_value(id_v);
            if (!reco_ld_is_keyword(s) && reco_ld_has_keyword_form(s)) {
                if (p->opt->safe)
                    FAIL("safe mode: the @id of '%s' has the form of a keyword", term);
                json_object_set_new(env->defined, term, json_true());
                goto out;
            }
            const char *iri;
            rc = expand_iri(p, p->arena, active, s, false, true, env, &iri);
            if (rc)
                goto out;
            if (!iri || !(reco_ld_is_keyword(iri) || reco_ld_iri_is_absolute(iri) ||
                          reco_ld_iri_is_blank(iri)))
                FAIL("invalid IRI mapping: '%s' for the term '%s'", s, term);
            if (strcmp(iri, "@context") == 0)
                FAIL("invalid keyword alias: '%s' aliases @context", term);
            def->iri = (iri == s) ? adup(p, iri) : iri;
            if (!def->iri) {
                rc = oom(p);
                goto out;
            }
            /* step 14.2.4 */
            const char *c = strchr(term, ':');
            size_t tl = strlen(term);
            if ((c && c != term && c != term + tl - 1) || strchr(term, '/')) {
                json_object_set_new(env->defined, term, json_true());
                const char *again;
                rc = expand_iri(p, p->arena, active, term, false, true, env, &again);
                if (rc)
                    goto out;
                if (!str_eq(again, def->iri))
                    FAIL("invalid IRI mapping: '%s' does not expand to its @id", term);
            }
            /* step 14.2.5 */
            if (!strchr(term, ':') && !strchr(term, '/') && simple &&
                (reco_ld_iri_is_blank(def->iri) || is_gen_delim(def->iri[strlen(def->iri) - 1])))
                def->prefix = true;
        }
    } else if (strchr(term + 1, ':')) {
        /* step 15 */
        const char *colon = strchr(term + 1, ':');
        char *prefix = reco_arena_strndup(p->arena, term, (size_t)(colon - term));
        if (!prefix) {
            rc = oom(p);
            goto out;
        }
        if (json_object_get(env->local, prefix)) {
            rc = create_term(p, active, env, prefix);
            if (rc)
                goto out;
        }
        const ld_term *pd = reco_ld_ctx_get(active, prefix);
        if (pd && pd->iri) {
            def->iri = concat(p->arena, pd->iri, colon + 1);
            if (!def->iri) {
                rc = oom(p);
                goto out;
            }
        } else {
            def->iri = akey;
        }
    } else if (strchr(term, '/')) {
        /* step 16: the term itself is expanded without the local context */
        const char *iri;
        rc = expand_iri(p, p->arena, active, term, false, true, NULL, &iri);
        if (rc)
            goto out;
        if (!iri || !reco_ld_iri_is_absolute(iri))
            FAIL("invalid IRI mapping: the relative term '%s' does not expand to an IRI", term);
        def->iri = (iri == term) ? akey : iri;
    } else if (strcmp(term, "@type") == 0) {
        /* step 17 */
        def->iri = "@type";
    } else if (active->vocab) {
        /* step 18 */
        def->iri = concat(p->arena, active->vocab, term);
        if (!def->iri) {
            rc = oom(p);
            goto out;
        }
    } else {
        FAIL("invalid IRI mapping: no @vocab to map the term '%s'", term);
    }

    /* step 19 */
    if (obj && !def->reverse && (v = json_object_get(obj, "@container"))) {
        int c = parse_container(p, v);
        if (c < 0)
            FAIL("invalid container mapping: for the term '%s'", term);
        def->container = (unsigned)c;
        if (def->container & LD_C_TYPE) {
            if (!def->type)
                def->type = "@id";
            else if (strcmp(def->type, "@id") != 0 && strcmp(def->type, "@vocab") != 0)
                FAIL("invalid type mapping: a @type container needs @id or @vocab ('%s')", term);
        }
    }
    /* step 20 */
    if (obj && (v = json_object_get(obj, "@index"))) {
        if (p->mode10 || !(def->container & LD_C_INDEX))
            FAIL("invalid term definition: @index without an @index container ('%s')", term);
        if (!json_is_string(v))
            FAIL("invalid term definition: the @index of '%s' is not a string", term);
        const char *ix;
        rc = expand_iri(p, p->arena, active, json_string_value(v), false, true, env, &ix);
        if (rc)
            goto out;
        if (!ix || !reco_ld_iri_is_absolute(ix))
            FAIL("invalid term definition: the @index of '%s' is not an IRI", term);
        def->index = adup(p, json_string_value(v));
        if (!def->index) {
            rc = oom(p);
            goto out;
        }
    }
    /* step 21 */
    if (obj && (v = json_object_get(obj, "@context"))) {
        if (p->mode10)
            FAIL("invalid term definition: scoped context in json-ld-1.0 mode ('%s')", term);
        const ld_ctx *scratch;
        rc = process_ctx(p, active, v, env->base_url, env->remote,
                         LD_OVERRIDE_PROTECTED | LD_NO_VALIDATE_SCOPED, &scratch);
        if (rc == RECO_ENOMEM || rc == RECO_ELIMIT)
            goto out;
        if (rc) {
            char inner[sizeof p->err->msg];
            snprintf(inner, sizeof inner, "%s", p->err ? p->err->msg : "");
            reco_error_clear(p->err);
            FAIL("invalid scoped context: for the term '%s': %s", term, inner);
        }
        def->context = (json_t *)v;
        if (env->base_url) {
            def->base_url = adup(p, env->base_url);
            if (!def->base_url) {
                rc = oom(p);
                goto out;
            }
        }
    }
    /* step 22 */
    if (obj && !json_object_get(obj, "@type") && (v = json_object_get(obj, "@language"))) {
        if (!json_is_null(v) && !json_is_string(v))
            FAIL("invalid language mapping: for the term '%s'", term);
        def->has_language = true;
        if (json_is_string(v) && !(def->language = adup(p, json_string_value(v)))) {
            rc = oom(p);
            goto out;
        }
    }
    /* step 23 */
    if (obj && !json_object_get(obj, "@type") && (v = json_object_get(obj, "@direction"))) {
        const char *s = json_string_value(v);
        if (!json_is_null(v) && !(s && (strcmp(s, "ltr") == 0 || strcmp(s, "rtl") == 0)))
            FAIL("invalid base direction: for the term '%s'", term);
        def->has_direction = true;
        def->direction = s ? (s[0] == 'l' ? "ltr" : "rtl") : NULL;
    }
    /* step 24 */
    if (obj && (v = json_object_get(obj, "@nest"))) {
        if (p->mode10)
            FAIL("invalid term definition: @nest in json-ld-1.0 mode ('%s')", term);
        const char *s = json_string_value(v);
        if (!s || (reco_ld_is_keyword(s) && strcmp(s, "@nest") != 0))
            FAIL("invalid @nest value: for the term '%s'", term);
        if (!(def->nest = adup(p, s))) {
            rc = oom(p);
            goto out;
        }
    }
    /* step 25 */
    if (obj && (v = json_object_get(obj, "@prefix"))) {
        if (p->mode10 || strchr(term, ':') || strchr(term, '/'))
            FAIL("invalid term definition: @prefix on '%s'", term);
        if (!json_is_boolean(v))
            FAIL("invalid @prefix value: for the term '%s'", term);
        def->prefix = json_is_true(v);
        if (def->prefix && def->iri && reco_ld_is_keyword(def->iri))
            FAIL("invalid term definition: the keyword alias '%s' cannot be a prefix", term);
    }
    /* step 26 */
    if (obj) {
        const char *k;
        const json_t *x;
        json_object_foreach((json_t *)obj, k, x)
        {
            if (strcmp(k, "@id") && strcmp(k, "@reverse") && strcmp(k, "@container") &&
                strcmp(k, "@context") && strcmp(k, "@direction") && strcmp(k, "@index") &&
                strcmp(k, "@language") && strcmp(k, "@nest") && strcmp(k, "@prefix") &&
                strcmp(k, "@protected") && strcmp(k, "@type"))
                FAIL("invalid term definition: unknown entry '%s' for the term '%s'", k, term);
        }
    }
    /* step 27 */
    if (!(env->flags & LD_OVERRIDE_PROTECTED) && previous && previous->protect) {
        if (!term_equal(def, previous))
            FAIL("protected term redefinition: '%s'", term);
        def = (ld_term *)previous;
    }
    /* step 28 */
    if (!map_put(p->arena, &active->terms, akey, def)) {
        rc = oom(p);
        goto out;
    }
    if (def->protect)
        active->has_protected = true;
    json_object_set_new(env->defined, term, json_true());
out:
    env->recursion--;
    return rc;
}

/* ---------------------------------------------------------------- Context Processing (§4.1.2) */

static bool remote_has(const ld_remote *r, const char *url)
{
    for (; r; r = r->next)
        if (strcmp(r->url, url) == 0)
            return true;
    return false;
}

/* Load a remote context document and return its @context entry (held by the cache). */
static reco_code load_remote(ld_proc *p, const char *url, const json_t **ctx)
{
    reco_code rc = RECO_OK;
    const json_t *doc = NULL;
    reco_error lerr;
    reco_error_clear(&lerr);
    if (!p->opt->loader) {
        rc = reco_ld_fail(p, RECO_EPARSE, "loading remote context failed: %s: no loader", url);
        goto out;
    }
    rc = reco_ld_loader_load(p->opt->loader, url, &doc, &lerr);
    if (rc) {
        rc = reco_ld_fail(p, rc == RECO_ELIMIT ? RECO_ELIMIT : RECO_EPARSE,
                          "loading remote context failed: %s", lerr.msg);
        goto out;
    }
    const json_t *c = json_is_object(doc) ? json_object_get(doc, "@context") : NULL;
    if (!c) {
        rc = reco_ld_fail(p, RECO_EPARSE, "invalid remote context: %s has no @context", url);
        goto out;
    }
    if (!hold(p, c)) {
        rc = oom(p);
        goto out;
    }
    *ctx = c;
out:
    return rc;
}

static bool is_version_11(const json_t *v)
{
    return json_is_real(v) && (json_real_value(v) == 1.1 || json_real_value(v) == 1.2);
}

/* Steps 5.4-5.13 for one context definition (a map). */
static reco_code process_map(ld_proc *p, ld_ctx *result, const json_t *ctxdef, const char *base_url,
                             const ld_remote *remote, unsigned flags)
{
    reco_code rc = RECO_OK;
    json_t *merged = NULL;
    json_t *defined = NULL;
    const json_t *v;
    /* step 5.5 */
    if ((v = json_object_get(ctxdef, "@version"))) {
        if (!is_version_11(v))
            FAIL("invalid @version value: only 1.1 is known");
        if (p->mode10)
            FAIL("processing mode conflict: @version 1.1 in json-ld-1.0 mode");
    }
    /* step 5.6 */
    if ((v = json_object_get(ctxdef, "@import"))) {
        if (p->mode10)
            FAIL("invalid context entry: @import in json-ld-1.0 mode");
        if (!json_is_string(v))
            FAIL("invalid @import value: not a string");
        const char *url = reco_ld_iri_resolve(p->arena, base_url, json_string_value(v));
        if (!url) {
            rc = oom(p);
            goto out;
        }
        const json_t *imp;
        rc = load_remote(p, url, &imp);
        if (rc)
            goto out;
        if (!json_is_object(imp))
            FAIL("invalid remote context: the imported context %s is not a map", url);
        if (json_object_get(imp, "@import"))
            FAIL("invalid context entry: the imported context %s has @import", url);
        merged = json_copy((json_t *)imp);
        if (!merged || json_object_update(merged, (json_t *)ctxdef) || !hold(p, merged)) {
            rc = oom(p);
            goto out;
        }
        ctxdef = merged;
    }
    /* step 5.7 */
    if ((v = json_object_get(ctxdef, "@base")) && !remote) {
        if (json_is_null(v)) {
            result->base = NULL;
        } else if (json_is_string(v) && reco_ld_iri_is_absolute(json_string_value(v))) {
            if (!(result->base = adup(p, json_string_value(v)))) {
                rc = oom(p);
                goto out;
            }
        } else if (json_is_string(v) && result->base) {
            const char *b = reco_ld_iri_resolve(p->arena, result->base, json_string_value(v));
            if (!b || (b == json_string_value(v) && !(b = adup(p, b)))) {
                rc = oom(p);
                goto out;
            }
            result->base = b;
        } else {
            FAIL("invalid base IRI: @base must be an IRI or null");
        }
    }
    /* step 5.8 */
    if ((v = json_object_get(ctxdef, "@vocab"))) {
        if (json_is_null(v)) {
            result->vocab = NULL;
        } else if (json_is_string(v)) {
            const char *s = json_string_value(v);
            const char *iri;
            rc = expand_iri(p, p->arena, result, s, true, true, NULL, &iri);
            if (rc)
                goto out;
            if (!iri || (!reco_ld_iri_is_absolute(iri) && !reco_ld_iri_is_blank(iri) &&
                         (p->mode10 || reco_ld_is_keyword(iri))))
                FAIL("invalid vocab mapping: '%s'", s);
            if (p->opt->safe && !reco_ld_iri_is_absolute(iri) && !reco_ld_iri_is_blank(iri))
                FAIL("safe mode: @vocab '%s' does not expand to an absolute IRI", s);
            if (iri == s && !(iri = adup(p, iri))) {
                rc = oom(p);
                goto out;
            }
            result->vocab = iri;
        } else {
            FAIL("invalid vocab mapping: @vocab must be a string or null");
        }
    }
    /* step 5.9 */
    if ((v = json_object_get(ctxdef, "@language"))) {
        if (json_is_null(v))
            result->language = NULL;
        else if (json_is_string(v)) {
            if (!(result->language = adup(p, json_string_value(v)))) {
                rc = oom(p);
                goto out;
            }
        } else
            FAIL("invalid default language: @language must be a string or null");
    }
    /* step 5.10 */
    if ((v = json_object_get(ctxdef, "@direction"))) {
        if (p->mode10)
            FAIL("invalid context entry: @direction in json-ld-1.0 mode");
        const char *s = json_string_value(v);
        if (json_is_null(v))
            result->direction = NULL;
        else if (s && (strcmp(s, "ltr") == 0 || strcmp(s, "rtl") == 0))
            result->direction = s[0] == 'l' ? "ltr" : "rtl";
        else
            FAIL("invalid base direction: @direction must be \"ltr\", \"rtl\" or null");
    }
    /* step 5.11 */
    if ((v = json_object_get(ctxdef, "@propagate"))) {
        if (p->mode10)
            FAIL("invalid context entry: @propagate in json-ld-1.0 mode");
        if (!json_is_boolean(v))
            FAIL("invalid @propagate value: must be true or false");
    }
    /* steps 5.12-5.13 */
    defined = json_object();
    if (!defined) {
        rc = oom(p);
        goto out;
    }
    const json_t *prot = json_object_get(ctxdef, "@protected");
    if (prot && !json_is_boolean(prot))
        FAIL("invalid @protected value: must be true or false");
    if (prot && p->mode10)
        FAIL("invalid context entry: @protected in json-ld-1.0 mode");
    tdef_env env = {ctxdef, defined, base_url, json_is_true(prot), flags, remote, 0};
    const char *k;
    const json_t *x;
    json_object_foreach((json_t *)ctxdef, k, x)
    {
        if (strcmp(k, "@base") == 0 || strcmp(k, "@direction") == 0 || strcmp(k, "@import") == 0 ||
            strcmp(k, "@language") == 0 || strcmp(k, "@propagate") == 0 ||
            strcmp(k, "@protected") == 0 || strcmp(k, "@version") == 0 || strcmp(k, "@vocab") == 0)
            continue;
        rc = create_term(p, result, &env, k);
        if (rc)
            goto out;
    }
out:
    json_decref(defined);
    json_decref(merged);
    return rc;
}

static reco_code process_ctx(ld_proc *p, const ld_ctx *active, const json_t *local,
                             const char *base_url, const ld_remote *remote, unsigned flags,
                             const ld_ctx **out)
{
    reco_code rc = RECO_OK;
    const ld_ctx *cached;
    /* The processing mode changes the outcome, so it is part of the key. */
    unsigned key_flags = flags | (p->mode10 ? LD_KEY_MODE10 : 0) | (p->opt->safe ? LD_KEY_SAFE : 0);
    uint64_t h = cache_hash(active, local, NULL, base_url, key_flags);
    /* Values processed here are held by the cache, so their address is a key. */
    if ((cached = cache_get(p->cache, h, active, local, NULL, base_url, key_flags))) {
        *out = cached;
        return RECO_OK;
    }
    if (++p->ctx_depth > (int)p->max_depth) {
        rc = reco_ld_fail(p, RECO_ELIMIT, "context overflow: contexts nest deeper than %zu",
                          p->max_depth);
        goto out;
    }
    /* step 1 */
    ld_ctx *result = ctx_clone(p->arena, active);
    if (!result) {
        rc = oom(p);
        goto out;
    }
    /* step 2 */
    bool propagate = !(flags & LD_NO_PROPAGATE);
    const json_t *pv = json_is_object(local) ? json_object_get(local, "@propagate") : NULL;
    if (json_is_boolean(pv))
        propagate = json_is_true(pv);
    /* step 3 */
    if (!propagate && !result->previous)
        result->previous = active;
    /* step 4 */
    size_t n = json_is_array(local) ? json_array_size(local) : 1;
    for (size_t i = 0; i < n; i++) {
        const json_t *c = json_is_array(local) ? json_array_get(local, i) : local;
        /* step 5.1 */
        if (json_is_null(c)) {
            if (!(flags & LD_OVERRIDE_PROTECTED) && result->has_protected)
                FAIL("invalid context nullification: the context has protected terms");
            ld_ctx *fresh = reco_arena_calloc(p->arena, sizeof *fresh);
            if (!fresh) {
                rc = oom(p);
                goto out;
            }
            fresh->base = active->original_base;
            fresh->original_base = active->original_base;
            if (!propagate)
                fresh->previous = result;
            result = fresh;
            continue;
        }
        /* step 5.2 */
        if (json_is_string(c)) {
            const char *url = reco_ld_iri_resolve(p->arena, base_url, json_string_value(c));
            if (!url) {
                rc = oom(p);
                goto out;
            }
            if (!reco_ld_iri_is_absolute(url))
                FAIL("loading remote context failed: '%s' is not an absolute IRI", url);
            if (remote_has(remote, url)) {
                /* step 5.2.2 */
                if (flags & LD_NO_VALIDATE_SCOPED)
                    continue;
                FAIL("recursive context inclusion: %s", url);
            }
            /* step 5.2.3 */
            size_t count = remote ? remote->n + 1 : 1;
            if (count > p->max_depth) {
                rc = reco_ld_fail(p, RECO_ELIMIT, "context overflow: more than %zu contexts",
                                  p->max_depth);
                goto out;
            }
            if (!(url = adup(p, url))) {
                rc = oom(p);
                goto out;
            }
            ld_remote node = {url, remote, count};
            const json_t *loaded;
            rc = load_remote(p, url, &loaded);
            if (rc)
                goto out;
            /* step 5.2.6 */
            const ld_ctx *r2;
            rc = process_ctx(p, result, loaded, url, &node,
                             flags & (LD_NO_VALIDATE_SCOPED | LD_OVERRIDE_PROTECTED), &r2);
            if (rc)
                goto out;
            result = (ld_ctx *)r2;
            continue;
        }
        /* step 5.3 */
        if (!json_is_object(c))
            FAIL("invalid local context: a context must be a map, a string or null");
        /* Results from the cache are shared: clone before changing. */
        if (result != (const ld_ctx *)NULL && i > 0) {
            ld_ctx *cl = ctx_clone(p->arena, result);
            if (!cl) {
                rc = oom(p);
                goto out;
            }
            result = cl;
        }
        rc = process_map(p, result, c, base_url, remote, flags);
        if (rc)
            goto out;
    }
    /* Validation runs (§4.2 step 21.3) start from a context still being built: not kept. */
    if (!(flags & LD_NO_VALIDATE_SCOPED) &&
        !cache_put(p->cache, h, active, local, NULL, base_url, key_flags, result)) {
        rc = oom(p);
        goto out;
    }
    *out = result;
out:
    p->ctx_depth--;
    return rc;
}

reco_code reco_ld_process_context(ld_proc *p, const ld_ctx *active, const json_t *local,
                                  const char *base_url, const ld_remote *remote, unsigned flags,
                                  bool doc_local, const ld_ctx **out)
{
    reco_code rc = RECO_OK;
    char *text = NULL;
    json_t *copy = NULL;
    if (!doc_local)
        return process_ctx(p, active, local, base_url, remote, flags, out);
    /* A context from the document: keyed by its text, processed from a copy the cache holds. */
    text = json_dumps(local, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!text) {
        rc = oom(p);
        goto out;
    }
    unsigned key_flags = flags | (p->mode10 ? LD_KEY_MODE10 : 0) | (p->opt->safe ? LD_KEY_SAFE : 0);
    uint64_t h = cache_hash(active, NULL, text, base_url, key_flags);
    const ld_ctx *c = cache_get(p->cache, h, active, NULL, text, base_url, key_flags);
    if (c) {
        *out = c;
        goto out;
    }
    copy = json_deep_copy(local);
    /* held values are outside the arena: count them (roughly) against the cache size */
    p->cache->held_bytes += 4 * strlen(text);
    if (!copy || !hold(p, copy)) {
        rc = oom(p);
        goto out;
    }
    rc = process_ctx(p, active, copy, base_url, remote, flags, &c);
    if (rc)
        goto out;
    if (!cache_put(p->cache, h, active, NULL, text, base_url, key_flags, c)) {
        rc = oom(p);
        goto out;
    }
    *out = c;
out:
    json_decref(copy);
    free(text);
    return rc;
}
