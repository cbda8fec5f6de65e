/*
 * rdfc.c - RDF Dataset Canonicalization, RDFC-1.0 (W3C Recommendation), §4.4 and the
 * algorithms it calls: Issue Identifier (§4.5), Hash First Degree Quads (§4.6), Hash Related
 * Blank Node (§4.7) and Hash N-Degree Quads (§4.8).
 *
 * This runs on every credential verification, so the state is built once and indexed:
 * terms are serialized and interned once (a quad is four integers), blank nodes get dense
 * ids with their mention sets stored contiguously, hashing reuses one EVP context, and the
 * buffers of each recursion level of Hash N-Degree Quads are reused across calls.
 *
 * Where the specification leaves an order open (the order of permutations, ties between
 * equal hashes) this follows the reference implementation (rdf-canonize) so that issued
 * identifier maps agree too: permutations in Steinhaus-Johnson-Trotter order starting from
 * the list sorted by label, ties kept in order of first appearance.
 */
#include "reco/rdf.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_CALLS 4096
#define DEFAULT_MAX_DEPTH 32
#define DEFAULT_MAX_PERMS 65536
#define MAX_DEPTH_CAP     4096
#define MAX_DIGEST        48

typedef struct digest {
    uint8_t b[MAX_DIGEST];
} digest;

/* A component of an interned quad: >= 0 a term id, < 0 the blank node BN(c). */
#define BN(c)     (-1 - (c))
#define IS_BN(c)  ((c) < 0)
#define TERM_NONE 0 /* term id 0 is the default graph, serialized as nothing */

typedef struct cquad {
    int32_t c[4]; /* s, p, o, g */
} cquad;

typedef struct bnode {
    uint32_t label_off, label_len; /* in st->labels */
    const char *input;             /* the input label (lives in ds->arena) */
    uint32_t rank;                 /* position of the label in code point order */
    uint32_t first, count;         /* mention set: st->mention[first .. first+count) */
    int32_t canon;                 /* canonical number, -1 until issued */
    digest h1;                     /* first degree hash (§4.6) */
} bnode;

/* An identifier issuer for temporary identifiers (§4.5): ids in the order issued. */
typedef struct issuer {
    uint32_t *ids;
    size_t len, cap;
} issuer;

/* One related blank node and its related hash (§4.8.2 step 3). */
typedef struct related {
    digest h;
    uint32_t id;
    uint32_t seq; /* discovery order, for a stable sort */
} related;

/* Reusable scratch for one recursion level of Hash N-Degree Quads. */
typedef struct frame {
    related *rel;
    size_t nrel, caprel;
    uint32_t *perm, *recur;
    uint8_t *dir;
    size_t capperm;
    reco_buf data, path, chosen;
    issuer cur, best;
} frame;

/* A string map from bytes to a dense id; keys live in a buffer, entries hold offsets. */
typedef struct smap_entry {
    uint32_t off, len, id, used;
    uint64_t hash;
} smap_entry;

typedef struct smap {
    smap_entry *e;
    size_t cap, len; /* cap is a power of two */
} smap;

typedef struct state {
    const reco_dataset *ds;
    reco_error *err;
    const EVP_MD *md;
    EVP_MD_CTX *ctx;
    size_t dlen;

    reco_buf terms; /* serialized terms, back to back */
    struct termref {
        uint32_t off, len;
    } * term;
    size_t nterms, capterms;
    smap term_map;

    reco_buf labels; /* input blank node labels, back to back */
    bnode *bn;
    size_t nbn, capbn;
    smap bn_map;

    cquad *q; /* the distinct quads that mention a blank node */
    size_t nq;
    uint32_t *ground; /* indexes in ds of quads without blank nodes: only serialized, once */
    size_t nground;
    uint32_t *mention;

    reco_buf lines; /* scratch: serialized lines */
    reco_slice *slices;
    size_t capslices;

    uint32_t *canon_order; /* ids in the order the canonical issuer issued them */
    size_t ncanon;

    uint64_t seed; /* of the interning tables' hash */
    frame **frames;
    size_t max_calls, max_depth, max_perms, calls, perms;
} state;

/* ---------------------------------------------------------------- small helpers */

static reco_code nomem(state *st)
{
    return reco_error_set(st->err, RECO_ENOMEM, NULL, "out of memory canonicalizing");
}

static reco_code grow(void **p, size_t *cap, size_t need, size_t elem)
{
    reco_code rc = RECO_OK;
    if (need > *cap) {
        size_t nc = *cap ? *cap : 16;
        while (nc < need)
            nc *= 2;
        void *np = realloc(*p, nc * elem);
        if (np) {
            *p = np;
            *cap = nc;
        } else {
            rc = RECO_ENOMEM;
        }
    }
    return rc;
}

/* A buffer failed: out of memory, or a cap was reached. */
static reco_code buf_error(state *st, reco_code rc)
{
    return rc == RECO_ENOMEM
               ? nomem(st)
               : reco_error_set(st->err, rc, NULL, "dataset too large to canonicalize");
}

/*
 * The interning tables' hash: eight bytes at a time (terms are long IRIs and literals, so a
 * byte-wise hash dominated the run). The seed differs per run (see reco_rdfc_canonicalize),
 * which keeps crafted collisions from turning the tables quadratic.
 */
static uint64_t hash_bytes(const void *p, size_t n, uint64_t h)
{
    const unsigned char *s = p;
    const uint64_t k = 0x9e3779b97f4a7c15ULL;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    if (n)
        memcpy(&w, s, n);
    h = (h ^ w ^ (uint64_t)n) * k;
    return h ^ (h >> 32);
}

/*
 * Find key in the map, whose keys are at base+off. Returns the id, or inserts new_id
 * (keyed at new_off) and returns it. -1 on ENOMEM.
 */
static int64_t smap_find_or_add(smap *m, const char *base, const char *key, uint32_t len,
                                uint64_t h, uint32_t new_off, uint32_t new_id)
{
    if ((m->len + 1) * 2 > m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 64;
        smap_entry *ne = calloc(nc, sizeof *ne);
        if (!ne)
            return -1;
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->e[i].used)
                continue;
            size_t j = m->e[i].hash & (nc - 1);
            while (ne[j].used)
                j = (j + 1) & (nc - 1);
            ne[j] = m->e[i];
        }
        free(m->e);
        m->e = ne;
        m->cap = nc;
    }
    size_t j = h & (m->cap - 1);
    while (m->e[j].used) {
        smap_entry *e = &m->e[j];
        if (e->hash == h && e->len == len && memcmp(base + e->off, key, len) == 0)
            return e->id;
        j = (j + 1) & (m->cap - 1);
    }
    m->e[j] = (smap_entry){.off = new_off, .len = len, .id = new_id, .used = 1, .hash = h};
    m->len++;
    return new_id;
}

static void hex_append(reco_buf *b, const digest *d, size_t n, reco_code *rc)
{
    static const char hx[] = "0123456789abcdef";
    char tmp[2 * MAX_DIGEST];
    for (size_t i = 0; i < n; i++) {
        tmp[2 * i] = hx[d->b[i] >> 4];
        tmp[2 * i + 1] = hx[d->b[i] & 15];
    }
    if (!*rc)
        *rc = reco_buf_append(b, tmp, 2 * n);
}

/* Append "_:" prefix and number, e.g. "_:c14n3" or "_:b0" (no printf: this is hot). */
static void label_append(reco_buf *b, const char *prefix, size_t num, reco_code *rc)
{
    char tmp[48];
    size_t plen = strlen(prefix), k = sizeof tmp;
    do {
        tmp[--k] = (char)('0' + num % 10);
        num /= 10;
    } while (num);
    k -= plen + 2;
    tmp[k] = '_';
    tmp[k + 1] = ':';
    memcpy(tmp + k + 2, prefix, plen);
    if (!*rc)
        *rc = reco_buf_append(b, tmp + k, sizeof tmp - k);
}

static reco_code crypto_fail(state *st)
{
    return reco_error_set(st->err, RECO_ECRYPTO, NULL, "hashing failed in the crypto library");
}

static reco_code hash_begin(state *st)
{
    return EVP_DigestInit_ex2(st->ctx, st->md, NULL) == 1 ? RECO_OK : crypto_fail(st);
}

static reco_code hash_update(state *st, const void *p, size_t n)
{
    return EVP_DigestUpdate(st->ctx, p, n) == 1 ? RECO_OK : crypto_fail(st);
}

/* Digests shorter than MAX_DIGEST are zero-padded, so comparisons may read all of it. */
static reco_code hash_end(state *st, digest *d)
{
    unsigned int len = 0;
    memset(d, 0, sizeof *d);
    return EVP_DigestFinal_ex(st->ctx, d->b, &len) == 1 ? RECO_OK : crypto_fail(st);
}

static reco_code hash_once(state *st, const void *p, size_t n, digest *d)
{
    reco_code rc = hash_begin(st);
    if (!rc)
        rc = hash_update(st, p, n);
    if (!rc)
        rc = hash_end(st, d);
    return rc;
}

static int digest_cmp(const state *st, const digest *a, const digest *b)
{
    return memcmp(a->b, b->b, st->dlen);
}

/* Code point order of UTF-8 strings is their byte order. */
static int slice_cmp(const void *a, const void *b)
{
    const reco_slice *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->ptr, y->ptr, n);
    if (c)
        return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

/* qsort, except that an empty array may be NULL. */
static void sort_items(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

/* ---------------------------------------------------------------- issuers (§4.5) */

static long issuer_find(const issuer *is, uint32_t id)
{
    for (size_t i = 0; i < is->len; i++)
        if (is->ids[i] == id)
            return (long)i;
    return -1;
}

/* Issue Identifier (§4.5): the existing number, or the next one. */
static reco_code issuer_issue(issuer *is, uint32_t id, size_t *num)
{
    reco_code rc = RECO_OK;
    long k = issuer_find(is, id);
    if (k >= 0) {
        *num = (size_t)k;
    } else {
        rc = grow((void **)&is->ids, &is->cap, is->len + 1, sizeof *is->ids);
        if (!rc) {
            is->ids[is->len] = id;
            *num = is->len++;
        }
    }
    return rc;
}

static reco_code issuer_copy(issuer *dst, const issuer *src)
{
    reco_code rc = grow((void **)&dst->ids, &dst->cap, src->len, sizeof *dst->ids);
    if (!rc) {
        if (src->len)
            memcpy(dst->ids, src->ids, src->len * sizeof *dst->ids);
        dst->len = src->len;
    }
    return rc;
}

static void issuer_release(issuer *is)
{
    free(is->ids);
    is->ids = NULL;
    is->len = is->cap = 0;
}

static void canon_issue(state *st, uint32_t id)
{
    /* The canonical issuer (prefix c14n): numbers are dense, so an array is the map. */
    if (st->bn[id].canon < 0) {
        st->bn[id].canon = (int32_t)st->ncanon;
        st->canon_order[st->ncanon++] = id;
    }
}

/* ---------------------------------------------------------------- building the state */

static reco_code intern_term(state *st, const reco_term *t, int32_t *out)
{
    size_t off = st->terms.len, len = 0;
    int64_t id = -1;
    reco_code rc = reco_nquads_write_term(t, &st->terms);
    if (rc) {
        rc = buf_error(st, rc);
        goto out;
    }
    len = st->terms.len - off;
    if (off > UINT32_MAX || len > UINT32_MAX) {
        rc = buf_error(st, RECO_ELIMIT);
        goto out;
    }
    id = smap_find_or_add(&st->term_map, st->terms.data, st->terms.data + off, (uint32_t)len,
                          hash_bytes(st->terms.data + off, len, st->seed), (uint32_t)off,
                          (uint32_t)st->nterms);
    if (id < 0 || ((size_t)id == st->nterms &&
                   grow((void **)&st->term, &st->capterms, st->nterms + 1, sizeof *st->term))) {
        rc = nomem(st);
        goto out;
    }
    if ((size_t)id == st->nterms) {
        st->term[st->nterms].off = (uint32_t)off;
        st->term[st->nterms].len = (uint32_t)len;
        st->nterms++;
    } else {
        st->terms.len = off; /* already known: drop the copy */
    }
    *out = (int32_t)id;
out:
    return rc;
}

static reco_code intern_bnode(state *st, const reco_term *t, int32_t *out)
{
    reco_code rc = RECO_OK;
    size_t len = t->value_len ? t->value_len : strlen(t->value);
    size_t off = st->labels.len;
    int64_t id = -1;
    if (off > UINT32_MAX || len > UINT32_MAX) {
        rc = buf_error(st, RECO_ELIMIT);
        goto out;
    }
    id = smap_find_or_add(&st->bn_map, st->labels.data, t->value, (uint32_t)len,
                          hash_bytes(t->value, len, st->seed), (uint32_t)off, (uint32_t)st->nbn);
    if (id < 0 || ((size_t)id == st->nbn &&
                   (reco_buf_append(&st->labels, t->value, len) ||
                    grow((void **)&st->bn, &st->capbn, st->nbn + 1, sizeof *st->bn)))) {
        rc = nomem(st);
        goto out;
    }
    if ((size_t)id == st->nbn) {
        st->bn[st->nbn] = (bnode){
            .label_off = (uint32_t)off, .label_len = (uint32_t)len, .input = t->value, .canon = -1};
        st->nbn++;
    }
    *out = BN((int32_t)id);
out:
    return rc;
}

static bool term_ok(const reco_term *t)
{
    return t->kind == RECO_TERM_DEFAULT_GRAPH ||
           (t->value && (t->kind == RECO_TERM_BLANK || t->kind == RECO_TERM_IRI ||
                         (t->kind == RECO_TERM_LITERAL && (t->datatype || t->language))));
}

static reco_code intern_component(state *st, const reco_term *t, int32_t *out)
{
    reco_code rc = RECO_OK;
    if (t->kind == RECO_TERM_BLANK)
        rc = intern_bnode(st, t, out);
    else if (t->kind == RECO_TERM_DEFAULT_GRAPH)
        *out = TERM_NONE;
    else
        rc = intern_term(st, t, out);
    return rc;
}

/* The state the qsort comparators look at; one per thread, so threads may canonicalize at once. */
static _Thread_local const state *sort_state;

static int rank_cmp(const void *a, const void *b)
{
    const bnode *x = &sort_state->bn[*(const uint32_t *)a];
    const bnode *y = &sort_state->bn[*(const uint32_t *)b];
    reco_slice sx = {sort_state->labels.data + x->label_off, x->label_len};
    reco_slice sy = {sort_state->labels.data + y->label_off, y->label_len};
    return slice_cmp(&sx, &sy);
}

static uint64_t quad_hash(const state *st, const cquad *q)
{
    return hash_bytes(q->c, sizeof q->c, st->seed);
}

/*
 * RDFC-1.0 §4.4.3 steps 1-2: intern every quad, drop duplicates (a dataset is a set), give
 * blank nodes dense ids in order of first appearance (subject, object, graph, then a
 * generalized predicate) and build the blank node to quads map as one contiguous array.
 */
static reco_code build(state *st)
{
    reco_code rc = RECO_OK;
    const reco_dataset *ds = st->ds;
    uint32_t *qtab = NULL;
    size_t qcap = 16;
    uint32_t *order = NULL;

    /* Term id 0 is the default graph (empty serialization). */
    if (grow((void **)&st->term, &st->capterms, 16, sizeof *st->term)) {
        rc = nomem(st);
        goto out;
    }
    st->term[0].off = 0;
    st->term[0].len = 0;
    st->nterms = 1;

    while (qcap < ds->len * 2 + 2)
        qcap *= 2;
    qtab = malloc(qcap * sizeof *qtab);
    st->q = malloc((ds->len ? ds->len : 1) * sizeof *st->q);
    st->ground = malloc((ds->len ? ds->len : 1) * sizeof *st->ground);
    if (!qtab || !st->q || !st->ground) {
        rc = nomem(st);
        goto out;
    }
    memset(qtab, 0xff, qcap * sizeof *qtab);

    static const int comp_order[4] = {0, 2, 3, 1}; /* s, o, g, p */
    for (size_t i = 0; i < ds->len && !rc; i++) {
        const reco_quad *in = &ds->quads[i];
        const reco_term *terms[4] = {&in->s, &in->p, &in->o, &in->g};
        bool blank = false, ok = true;
        for (int k = 0; k < 4; k++) {
            ok = ok && term_ok(terms[k]);
            blank = blank || terms[k]->kind == RECO_TERM_BLANK;
        }
        if (!ok) {
            rc = reco_error_set(st->err, RECO_EINVAL, NULL, "malformed term in quad %zu", i);
            break;
        }
        if (!blank) {
            /* No blank node: no hash depends on it; the output sort removes duplicates. */
            st->ground[st->nground++] = (uint32_t)i;
            continue;
        }
        cquad cq;
        for (int k = 0; k < 4 && !rc; k++) {
            int c = comp_order[k];
            rc = intern_component(st, terms[c], &cq.c[c]);
        }
        if (rc)
            break;
        size_t j = quad_hash(st, &cq) & (qcap - 1);
        bool dup = false;
        while (qtab[j] != UINT32_MAX) {
            if (memcmp(st->q[qtab[j]].c, cq.c, sizeof cq.c) == 0) {
                dup = true;
                break;
            }
            j = (j + 1) & (qcap - 1);
        }
        if (!dup) {
            qtab[j] = (uint32_t)st->nq;
            st->q[st->nq++] = cq;
        }
    }
    if (rc)
        goto out;

    /* Mention sets: each quad once per distinct blank node in it, in quad order. */
    for (size_t i = 0; i < st->nq; i++) {
        const cquad *q = &st->q[i];
        for (int k = 0; k < 4; k++) {
            if (!IS_BN(q->c[k]))
                continue;
            bool seen = false;
            for (int m = 0; m < k; m++)
                seen = seen || q->c[m] == q->c[k];
            if (!seen)
                st->bn[BN(q->c[k])].count++;
        }
    }
    size_t total = 0;
    for (size_t b = 0; b < st->nbn; b++) {
        st->bn[b].first = (uint32_t)total;
        total += st->bn[b].count;
        st->bn[b].count = 0;
    }
    st->mention = malloc((total ? total : 1) * sizeof *st->mention);
    st->canon_order = malloc((st->nbn ? st->nbn : 1) * sizeof *st->canon_order);
    order = malloc((st->nbn ? st->nbn : 1) * sizeof *order);
    if (!st->mention || !st->canon_order || !order) {
        rc = nomem(st);
        goto out;
    }
    for (size_t i = 0; i < st->nq; i++) {
        const cquad *q = &st->q[i];
        for (int k = 0; k < 4; k++) {
            if (!IS_BN(q->c[k]))
                continue;
            bool seen = false;
            for (int m = 0; m < k; m++)
                seen = seen || q->c[m] == q->c[k];
            if (!seen) {
                bnode *b = &st->bn[BN(q->c[k])];
                st->mention[b->first + b->count++] = (uint32_t)i;
            }
        }
    }

    /* Ranks: the permutation order of §4.8.3 starts from labels sorted by code point. */
    for (size_t b = 0; b < st->nbn; b++)
        order[b] = (uint32_t)b;
    sort_state = st;
    sort_items(order, st->nbn, sizeof *order, rank_cmp);
    for (size_t b = 0; b < st->nbn; b++)
        st->bn[order[b]].rank = (uint32_t)b;

out:
    free(qtab);
    free(order);
    return rc;
}

/* ---------------------------------------------------------------- hashing algorithms */

static void term_append(state *st, reco_buf *b, int32_t t, reco_code *rc)
{
    if (!*rc)
        *rc = reco_buf_append(b, st->terms.data + st->term[t].off, st->term[t].len);
}

/*
 * Serialize quad q in canonical n-quads form, writing blank nodes through the mode: with ref
 * >= 0 as "_:a" for ref and "_:z" for others (§4.6.3 step 3.1.1); with ref < 0 with their
 * canonical identifiers (§4.4.3 step 7).
 */
static void line_append(state *st, reco_buf *b, const cquad *q, int32_t ref, reco_code *rc)
{
    for (int k = 0; k < 4 && !*rc; k++) {
        int32_t c = q->c[k];
        if (k == 3 && c == TERM_NONE)
            break;
        if (k)
            *rc = reco_buf_putc(b, ' ');
        if (!IS_BN(c))
            term_append(st, b, c, rc);
        else if (ref >= 0)
            *rc = *rc ? *rc : reco_buf_append(b, BN(c) == ref ? "_:a" : "_:z", 3);
        else
            label_append(b, "c14n", (size_t)st->bn[BN(c)].canon, rc);
    }
    if (!*rc)
        *rc = reco_buf_append(b, " .\n", 3);
}

/* Serialize lines one per listed quad into st->lines and sort them (st->slices). */
static reco_code lines_sorted(state *st, const uint32_t *qs, size_t n, int32_t ref)
{
    reco_code rc = RECO_OK;
    reco_buf_clear(&st->lines);
    if (grow((void **)&st->slices, &st->capslices, n + 1, sizeof *st->slices)) {
        rc = nomem(st);
        goto out;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        size_t start = st->lines.len;
        line_append(st, &st->lines, &st->q[qs ? qs[i] : i], ref, &rc);
        st->slices[i].ptr = (const char *)(uintptr_t)start; /* an offset until the end */
        st->slices[i].len = st->lines.len - start;
    }
    if (rc) {
        rc = buf_error(st, rc);
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        st->slices[i].ptr = st->lines.data + (uintptr_t)st->slices[i].ptr;
    sort_items(st->slices, n, sizeof *st->slices, slice_cmp);
out:
    return rc;
}

/* Hash First Degree Quads (§4.6). */
static reco_code hash_first_degree(state *st, uint32_t id)
{
    bnode *b = &st->bn[id];
    reco_code rc = lines_sorted(st, st->mention + b->first, b->count, (int32_t)id);
    if (!rc)
        rc = hash_begin(st);
    for (size_t i = 0; i < b->count && !rc; i++)
        rc = hash_update(st, st->slices[i].ptr, st->slices[i].len);
    if (!rc)
        rc = hash_end(st, &b->h1);
    return rc;
}

/* Hash Related Blank Node (§4.7). */
static reco_code hash_related(state *st, uint32_t rel, const cquad *q, const issuer *is,
                              char position, reco_buf *scratch, digest *out)
{
    reco_code rc = RECO_OK;
    reco_buf_clear(scratch);
    /* Step 1: the position; step 2: <predicate> unless the position is g. */
    rc = reco_buf_putc(scratch, position);
    if (position != 'g') {
        if (IS_BN(q->c[1])) {
            /* Generalized RDF: a blank predicate has no IRI; keep its place label-free. */
            if (!rc)
                rc = reco_buf_append(scratch, "<>", 2);
        } else {
            term_append(st, scratch, q->c[1], &rc); /* "<iri>" already */
        }
    }
    /* Steps 3-4: canonical identifier, else temporary one, else first degree hash. */
    long k;
    if (st->bn[rel].canon >= 0)
        label_append(scratch, "c14n", (size_t)st->bn[rel].canon, &rc);
    else if ((k = issuer_find(is, rel)) >= 0)
        label_append(scratch, "b", (size_t)k, &rc);
    else
        hex_append(scratch, &st->bn[rel].h1, st->dlen, &rc);
    if (rc)
        rc = buf_error(st, rc);
    else
        rc = hash_once(st, scratch->data, scratch->len, out);
    return rc;
}

static int related_cmp(const void *a, const void *b)
{
    const related *x = a, *y = b;
    int c = memcmp(x->h.b, y->h.b, sort_state->dlen);
    if (c)
        return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static reco_code frame_get(state *st, size_t depth, frame **out)
{
    if (!st->frames[depth]) {
        frame *f = calloc(1, sizeof *f);
        if (!f)
            return nomem(st);
        reco_buf_init(&f->data, 0);
        reco_buf_init(&f->path, 0);
        reco_buf_init(&f->chosen, 0);
        st->frames[depth] = f;
    }
    *out = st->frames[depth];
    return RECO_OK;
}

static void frame_free(frame *f)
{
    if (!f)
        return;
    free(f->rel);
    free(f->perm);
    free(f->recur);
    free(f->dir);
    reco_buf_release(&f->data);
    reco_buf_release(&f->path);
    reco_buf_release(&f->chosen);
    issuer_release(&f->cur);
    issuer_release(&f->best);
    free(f);
}

/* §4.8.3 step 5.4.4.3 / 5.4.5.5: path is not better than the chosen one, skip it. */
static bool path_worse(const reco_buf *path, const reco_buf *chosen)
{
    if (chosen->len == 0 || path->len < chosen->len)
        return false;
    reco_slice a = {path->data, path->len}, b = {chosen->data, chosen->len};
    return slice_cmp(&a, &b) > 0;
}

/*
 * The next permutation in Steinhaus-Johnson-Trotter order (the order rdf-canonize uses,
 * which decides among equally short paths). Elements compare by label rank; dir[i] is 1
 * when element i looks left. Returns false after the last permutation.
 */
static bool sjt_next(const state *st, uint32_t *cur, uint8_t *dir, size_t n)
{
    long pos = -1;
    uint32_t kr = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t r = st->bn[cur[i]].rank;
        bool mobile = dir[i] ? (i > 0 && r > st->bn[cur[i - 1]].rank)
                             : (i + 1 < n && r > st->bn[cur[i + 1]].rank);
        if (mobile && (pos < 0 || r > kr)) {
            pos = (long)i;
            kr = r;
        }
    }
    if (pos < 0)
        return false;
    size_t p = (size_t)pos, s = dir[p] ? p - 1 : p + 1;
    uint32_t tid = cur[p];
    uint8_t td = dir[p];
    cur[p] = cur[s];
    dir[p] = dir[s];
    cur[s] = tid;
    dir[s] = td;
    for (size_t i = 0; i < n; i++)
        if (st->bn[cur[i]].rank > kr)
            dir[i] = !dir[i];
    return true;
}

static int rank_id_cmp(const void *a, const void *b)
{
    uint32_t x = sort_state->bn[*(const uint32_t *)a].rank;
    uint32_t y = sort_state->bn[*(const uint32_t *)b].rank;
    return x < y ? -1 : x > y;
}

/*
 * Hash N-Degree Quads (§4.8.3). *io is the path identifier issuer: on return it holds the
 * issuer of the chosen paths (the spec's "replace issuer by reference", step 5.6).
 */
static reco_code hash_ndegree(state *st, uint32_t id, issuer *io, size_t depth, digest *out)
{
    reco_code rc = RECO_OK;
    frame *f = NULL;

    if (++st->calls > st->max_calls) {
        rc = reco_error_set(st->err, RECO_ELIMIT, NULL,
                            "work limit exceeded: more than %zu calls of hash n-degree quads",
                            st->max_calls);
        goto out;
    }
    if (depth >= st->max_depth) {
        rc = reco_error_set(st->err, RECO_ELIMIT, NULL,
                            "work limit exceeded: hash n-degree quads nested deeper than %zu",
                            st->max_depth);
        goto out;
    }
    rc = frame_get(st, depth, &f);
    if (rc)
        goto out;

    /* Steps 1-3: H[n], related hash -> related blank nodes, over the mention set. */
    f->nrel = 0;
    const bnode *b = &st->bn[id];
    static const int pos_comp[3] = {0, 2, 3};
    static const char pos_name[3] = {'s', 'o', 'g'};
    for (size_t m = 0; m < b->count && !rc; m++) {
        const cquad *q = &st->q[st->mention[b->first + m]];
        for (int k = 0; k < 3 && !rc; k++) {
            int32_t c = q->c[pos_comp[k]];
            if (!IS_BN(c) || (uint32_t)BN(c) == id)
                continue;
            if (grow((void **)&f->rel, &f->caprel, f->nrel + 1, sizeof *f->rel)) {
                rc = nomem(st);
                break;
            }
            related *r = &f->rel[f->nrel];
            r->id = (uint32_t)BN(c);
            r->seq = (uint32_t)f->nrel;
            rc = hash_related(st, r->id, q, io, pos_name[k], &f->path, &r->h);
            f->nrel++;
        }
    }
    if (rc)
        goto out;
    sort_state = st;
    sort_items(f->rel, f->nrel, sizeof *f->rel, related_cmp);

    /* Step 4: data to hash; step 5: each related hash in code point order. */
    reco_buf_clear(&f->data);
    for (size_t g = 0; g < f->nrel && !rc;) {
        size_t ge = g + 1;
        while (ge < f->nrel && digest_cmp(st, &f->rel[g].h, &f->rel[ge].h) == 0)
            ge++;
        size_t n = ge - g;
        hex_append(&f->data, &f->rel[g].h, st->dlen, &rc); /* step 5.1 */
        if (!rc && (grow((void **)&f->perm, &f->capperm, n, sizeof *f->perm) ||
                    !(f->recur = realloc(f->recur, f->capperm * sizeof *f->recur)) ||
                    !(f->dir = realloc(f->dir, f->capperm))))
            rc = nomem(st);
        if (rc)
            break;
        for (size_t i = 0; i < n; i++) {
            f->perm[i] = f->rel[g + i].id;
            f->dir[i] = 1;
        }
        sort_items(f->perm, n, sizeof *f->perm, rank_id_cmp);
        reco_buf_clear(&f->chosen); /* step 5.2 */
        bool have_best = false;

        /* Step 5.4: each permutation of the blank node list. */
        do {
            if (++st->perms > st->max_perms) {
                rc = reco_error_set(st->err, RECO_ELIMIT, NULL,
                                    "work limit exceeded: more than %zu permutations of related "
                                    "blank nodes",
                                    st->max_perms);
                break;
            }
            rc = issuer_copy(&f->cur, io); /* 5.4.1 */
            if (rc) {
                rc = nomem(st);
                break;
            }
            reco_buf_clear(&f->path);
            size_t nrec = 0;
            bool skip = false;
            for (size_t i = 0; i < n && !rc && !skip; i++) { /* 5.4.4 */
                uint32_t r = f->perm[i];
                if (st->bn[r].canon >= 0) {
                    label_append(&f->path, "c14n", (size_t)st->bn[r].canon, &rc);
                } else {
                    size_t num = 0;
                    if (issuer_find(&f->cur, r) < 0)
                        f->recur[nrec++] = r;
                    rc = issuer_issue(&f->cur, r, &num);
                    label_append(&f->path, "b", num, &rc);
                }
                skip = path_worse(&f->path, &f->chosen);
            }
            for (size_t i = 0; i < nrec && !rc && !skip; i++) { /* 5.4.5 */
                digest h;
                size_t num = 0;
                rc = hash_ndegree(st, f->recur[i], &f->cur, depth + 1, &h);
                if (rc)
                    break;
                rc = issuer_issue(&f->cur, f->recur[i], &num);
                label_append(&f->path, "b", num, &rc);
                if (!rc)
                    rc = reco_buf_putc(&f->path, '<');
                hex_append(&f->path, &h, st->dlen, &rc);
                if (!rc)
                    rc = reco_buf_putc(&f->path, '>');
                skip = path_worse(&f->path, &f->chosen);
            }
            if (rc)
                break;
            if (!skip) { /* 5.4.6 */
                reco_slice a = {f->path.data, f->path.len};
                reco_slice c = {f->chosen.data, f->chosen.len};
                if (!have_best || slice_cmp(&a, &c) < 0) {
                    reco_buf tb = f->chosen;
                    f->chosen = f->path;
                    f->path = tb;
                    issuer ti = f->best;
                    f->best = f->cur;
                    f->cur = ti;
                    have_best = true;
                }
            }
        } while (sjt_next(st, f->perm, f->dir, n));
        if (rc)
            break;
        /* 5.5: the chosen path; 5.6: the chosen issuer replaces issuer. */
        if (reco_buf_append(&f->data, f->chosen.data, f->chosen.len) || issuer_copy(io, &f->best))
            rc = nomem(st);
        g = ge;
    }
    if (rc == RECO_ENOMEM)
        rc = nomem(st);
    if (!rc)
        rc = hash_once(st, f->data.data, f->data.len, out); /* step 6 */
out:
    return rc;
}

/* ---------------------------------------------------------------- the algorithm (§4.4.3) */

typedef struct hpath {
    digest h;
    issuer is;
    uint32_t seq;
} hpath;

static int h1_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    int c = memcmp(sort_state->bn[x].h1.b, sort_state->bn[y].h1.b, sort_state->dlen);
    if (c)
        return c;
    return x < y ? -1 : x > y;
}

static int hpath_cmp(const void *a, const void *b)
{
    const hpath *x = a, *y = b;
    int c = memcmp(x->h.b, y->h.b, sort_state->dlen);
    if (c)
        return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void reco_rdfc_result_init(reco_rdfc_result *r)
{
    reco_buf_init(&r->nquads, 0);
    r->labels = NULL;
    r->nlabels = 0;
}

void reco_rdfc_result_release(reco_rdfc_result *r)
{
    if (!r)
        return;
    reco_buf_release(&r->nquads);
    free(r->labels);
    r->labels = NULL;
    r->nlabels = 0;
}

/* Steps 5.1-5.3 for one list of blank nodes sharing a first degree hash. */
static reco_code label_shared(state *st, const uint32_t *ids, size_t n)
{
    reco_code rc = RECO_OK;
    hpath *paths = calloc(n, sizeof *paths);
    size_t np = 0;
    if (!paths) {
        rc = nomem(st);
        goto out;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        if (st->bn[ids[i]].canon >= 0) /* 5.2.1 */
            continue;
        hpath *p = &paths[np++];
        size_t num = 0;
        p->seq = (uint32_t)i;
        rc = issuer_issue(&p->is, ids[i], &num); /* 5.2.2-5.2.3: b0 */
        if (rc) {
            rc = nomem(st);
            break;
        }
        rc = hash_ndegree(st, ids[i], &p->is, 0, &p->h); /* 5.2.4 */
    }
    if (rc)
        goto out;
    sort_state = st;
    sort_items(paths, np, sizeof *paths, hpath_cmp); /* 5.3, ties in list order */
    for (size_t i = 0; i < np; i++)
        for (size_t k = 0; k < paths[i].is.len; k++)
            canon_issue(st, paths[i].is.ids[k]);
out:
    for (size_t i = 0; paths && i < n; i++)
        issuer_release(&paths[i].is);
    free(paths);
    return rc;
}

static reco_code serialize(state *st, reco_rdfc_result *out)
{
    /* §4.4.3 step 7 and §4.9: canonical lines, code point order, each once. */
    reco_code rc = RECO_OK;
    size_t n = st->nq + st->nground;
    reco_buf_clear(&st->lines);
    if (grow((void **)&st->slices, &st->capslices, n + 1, sizeof *st->slices)) {
        rc = nomem(st);
        goto out;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        size_t start = st->lines.len;
        if (i < st->nq)
            line_append(st, &st->lines, &st->q[i], -1, &rc);
        else
            rc = reco_nquads_write_quad(&st->ds->quads[st->ground[i - st->nq]], &st->lines);
        st->slices[i].ptr = (const char *)(uintptr_t)start; /* an offset until the end */
        st->slices[i].len = st->lines.len - start;
    }
    for (size_t i = 0; i < n && !rc; i++)
        st->slices[i].ptr = st->lines.data + (uintptr_t)st->slices[i].ptr;
    if (!rc)
        sort_items(st->slices, n, sizeof *st->slices, slice_cmp);
    if (!rc)
        rc = reco_buf_reserve(&out->nquads, st->lines.len);
    for (size_t i = 0; i < n && !rc; i++) {
        if (i == 0 || slice_cmp(&st->slices[i], &st->slices[i - 1]) != 0)
            rc = reco_buf_append(&out->nquads, st->slices[i].ptr, st->slices[i].len);
    }
    if (rc) {
        rc = buf_error(st, rc);
        goto out;
    }
    /* Step 6: the issued identifiers map, in the order identifiers were issued. */
    out->labels = calloc(st->ncanon ? st->ncanon : 1, sizeof *out->labels);
    if (!out->labels) {
        rc = nomem(st);
        goto out;
    }
    for (size_t i = 0; i < st->ncanon; i++) {
        char tmp[32];
        int k = snprintf(tmp, sizeof tmp, "c14n%zu", i);
        char *c = reco_arena_strndup(st->ds->arena, tmp, (size_t)k);
        if (!c) {
            rc = nomem(st);
            goto out;
        }
        out->labels[i].input = st->bn[st->canon_order[i]].input;
        out->labels[i].canonical = c;
    }
    out->nlabels = st->ncanon;
out:
    return rc;
}

reco_code reco_rdfc_canonicalize(const reco_dataset *ds, const reco_rdfc_options *opt,
                                 reco_rdfc_result *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    uint32_t *order = NULL;
    EVP_MD *md = NULL;
    state st;
    memset(&st, 0, sizeof st);
    st.ds = ds;
    st.err = err;
    reco_buf_init(&st.terms, 0);
    reco_buf_init(&st.labels, 0);
    reco_buf_init(&st.lines, 0);
    reco_rdfc_options o = {0};
    if (opt)
        o = *opt;
    st.max_calls = o.max_ndegree_calls ? o.max_ndegree_calls : DEFAULT_MAX_CALLS;
    st.max_depth = o.max_ndegree_depth ? o.max_ndegree_depth : DEFAULT_MAX_DEPTH;
    st.max_perms = o.max_permutations ? o.max_permutations : DEFAULT_MAX_PERMS;
    if (st.max_depth > MAX_DEPTH_CAP) /* one frame of scratch per level is allocated up front */
        st.max_depth = MAX_DEPTH_CAP;

    reco_buf_clear(&out->nquads);
    free(out->labels);
    out->labels = NULL;
    out->nlabels = 0;

    if (o.hash != RECO_HASH_SHA256 && o.hash != RECO_HASH_SHA384) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "unknown hash algorithm %d", (int)o.hash);
        goto out;
    }
    md = EVP_MD_fetch(NULL, o.hash == RECO_HASH_SHA384 ? "SHA384" : "SHA256", NULL);
    st.ctx = EVP_MD_CTX_new();
    st.frames = calloc(st.max_depth + 1, sizeof *st.frames);
    if (!md || !st.ctx || !st.frames) {
        rc = reco_error_set(err, md ? RECO_ENOMEM : RECO_ECRYPTO, NULL,
                            "cannot set up the hash for canonicalization");
        goto out;
    }
    st.md = md;
    /* Addresses differ from run to run (ASLR): enough to defeat precomputed collisions. */
    st.seed = ((uint64_t)(uintptr_t)&st * 0x9e3779b97f4a7c15ULL) ^ (uint64_t)(uintptr_t)st.ctx;
    st.dlen = (size_t)EVP_MD_get_size(md);

    /* Steps 1-2: the canonicalization state and the blank node to quads map. */
    rc = build(&st);
    if (rc)
        goto out;

    /* Step 3: first degree hashes; the hash to blank nodes map is the ids sorted by hash. */
    order = malloc((st.nbn ? st.nbn : 1) * sizeof *order);
    if (!order) {
        rc = nomem(&st);
        goto out;
    }
    for (size_t i = 0; i < st.nbn && !rc; i++) {
        rc = hash_first_degree(&st, (uint32_t)i);
        order[i] = (uint32_t)i;
    }
    if (rc)
        goto out;
    sort_state = &st;
    sort_items(order, st.nbn, sizeof *order, h1_cmp);

    /* Step 4: unique hashes get canonical identifiers in hash order. */
    for (size_t i = 0; i < st.nbn;) {
        size_t e = i + 1;
        while (e < st.nbn && digest_cmp(&st, &st.bn[order[i]].h1, &st.bn[order[e]].h1) == 0)
            e++;
        if (e - i == 1)
            canon_issue(&st, order[i]);
        i = e;
    }
    /* Step 5: shared hashes, in hash order, through Hash N-Degree Quads. */
    for (size_t i = 0; i < st.nbn && !rc;) {
        size_t e = i + 1;
        while (e < st.nbn && digest_cmp(&st, &st.bn[order[i]].h1, &st.bn[order[e]].h1) == 0)
            e++;
        if (e - i > 1)
            rc = label_shared(&st, order + i, e - i);
        i = e;
    }
    if (rc)
        goto out;
    RECO_ASSERT(st.ncanon == st.nbn);

    /* Steps 6-7. */
    rc = serialize(&st, out);

out:
    if (rc) {
        reco_buf_clear(&out->nquads);
        free(out->labels);
        out->labels = NULL;
        out->nlabels = 0;
    }
    for (size_t d = 0; st.frames && d <= st.max_depth; d++)
        frame_free(st.frames[d]);
    free(st.frames);
    free(order);
    free(st.term);
    free(st.term_map.e);
    free(st.bn_map.e);
    free(st.bn);
    free(st.q);
    free(st.ground);
    free(st.mention);
    free(st.slices);
    free(st.canon_order);
    reco_buf_release(&st.terms);
    reco_buf_release(&st.labels);
    reco_buf_release(&st.lines);
    EVP_MD_CTX_free(st.ctx);
    EVP_MD_free(md);
    return rc;
}
