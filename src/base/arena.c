/*
 * arena.c - the bump allocator behind every parsed tree (STYLE.md "Memory" rule 2).
 *
 * Blocks form a singly linked list, newest first. Every allocation is rounded up to 16 bytes so
 * any type fits. The cap counts bytes handed out, so a parser fed hostile input fails with NULL
 * instead of taking the whole machine.
 */
#include "reco/base.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16u
#define ARENA_BLOCK 8192u

typedef struct arena_block {
    struct arena_block *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    /* The header is padded to ARENA_ALIGN so data starts aligned. */
    _Alignas(16) unsigned char data[];
} arena_block;

struct reco_arena {
    arena_block *head;
    size_t max;  /* 0 = no cap */
    size_t used; /* bytes handed out (rounded) */
};

reco_arena *reco_arena_new(size_t max_bytes)
{
    reco_arena *a = calloc(1, sizeof *a);
    if (a)
        a->max = max_bytes;
    return a;
}

static void free_blocks(arena_block *b)
{
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
}

void reco_arena_free(reco_arena *a)
{
    if (!a)
        return;
    free_blocks(a->head);
    free(a);
}

void reco_arena_reset(reco_arena *a)
{
    if (!a || !a->head)
        return;
    /* Keep the oldest block (the last of the list): it is the one sized for ordinary use. */
    arena_block *b = a->head, *keep = NULL;
    while (b) {
        arena_block *next = b->next;
        if (!next)
            keep = b;
        else
            free(b);
        b = next;
    }
    keep->next = NULL;
    keep->used = 0;
    a->head = keep;
    a->used = 0;
}

/* A block with room for need bytes, linked into a; NULL when out of memory. */
static arena_block *new_block(reco_arena *a, size_t need)
{
    arena_block *b = a->head;
    size_t size = ARENA_BLOCK;
    /* Grow block sizes with use (up to 1 MiB) so large trees need few blocks. */
    if (b && b->size >= ARENA_BLOCK && b->size < (1u << 20))
        size = b->size * 2;
    bool one_off = need > size;
    if (one_off)
        size = need;
    arena_block *nb = malloc(sizeof *nb + size);
    if (nb) {
        nb->size = size;
        nb->used = 0;
        if (b && one_off) {
            /* A big one-off allocation: keep filling the current block afterwards. */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
    }
    return nb;
}

void *reco_arena_alloc(reco_arena *a, size_t n)
{
    void *p = NULL;
    if (!a || n > SIZE_MAX / 2)
        goto out;
    size_t need = ((n ? n : 1) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (a->max && (need > a->max || a->used > a->max - need))
        goto out;
    arena_block *b = a->head;
    if (!b || b->size - b->used < need)
        b = new_block(a, need);
    if (!b)
        goto out;
    p = b->data + b->used;
    b->used += need;
    a->used += need;
out:
    return p;
}

void *reco_arena_calloc(reco_arena *a, size_t n)
{
    void *p = reco_arena_alloc(a, n);
    if (p)
        memset(p, 0, n);
    return p;
}

char *reco_arena_strndup(reco_arena *a, const char *s, size_t n)
{
    char *p = s && n < SIZE_MAX ? reco_arena_alloc(a, n + 1) : NULL;
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *reco_arena_strdup(reco_arena *a, const char *s)
{
    return s ? reco_arena_strndup(a, s, strlen(s)) : NULL;
}

size_t reco_arena_used(const reco_arena *a)
{
    return a ? a->used : 0;
}
