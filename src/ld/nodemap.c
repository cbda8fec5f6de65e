/*
 * nodemap.c - Node Map Generation (JSON-LD 1.1 API §7.2) and Generate Blank Node Identifier
 * (§7.4). The node map is the flattened index of an expanded document that Deserialize
 * JSON-LD to RDF (§8.1, tordf.c) walks: graph name -> node id -> node object whose property
 * values are node references, value objects and list objects.
 *
 * Only §8.1 reads this node map, so it is leaner than the one §7.2 describes: a node reference
 * ({"@id": id} there) is the id's JSON string itself, shared with the input or the identifier
 * map instead of a new map (two references are equal when their ids are, as before, and a
 * string never equals a value or list object); a node object has no "@id" entry (its key in
 * the graph is its id).
 *
 * The algorithm of §7.2 removes entries from the element it visits; here the input is left
 * alone: the entries the algorithm would have removed are skipped when the remaining
 * properties are merged (step 6.12), and @type values are relabelled in copies.
 */
#include "nodemap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NODEMAP_MAX_DEPTH 512
/* Arrays up to this size are searched for duplicates one by one; longer ones get an index. */
#define NODEMAP_LINEAR_MAX 16

typedef struct gen_state {
    ld_nodemap *nm;
    reco_error *err;
    json_t *default_graph; /* nm->graphs["@default"] once made: most elements belong to it */
} gen_state;

static const char DEFAULT_GRAPH[] = "@default";

/* The keyword entries of a map (NULL when absent), found in one pass over it. */
typedef struct kw_entries {
    const json_t *id, *type, *index, *reverse, *graph, *included, *value, *list;
} kw_entries;

static void find_keywords(const json_t *element, kw_entries *kw)
{
    const char *key;
    json_t *v;
    memset(kw, 0, sizeof *kw);
    json_object_foreach((json_t *)element, key, v)
    {
        if (key[0] != '@')
            continue;
        if (strcmp(key, "@id") == 0)
            kw->id = v;
        else if (strcmp(key, "@type") == 0)
            kw->type = v;
        else if (strcmp(key, "@index") == 0)
            kw->index = v;
        else if (strcmp(key, "@reverse") == 0)
            kw->reverse = v;
        else if (strcmp(key, "@graph") == 0)
            kw->graph = v;
        else if (strcmp(key, "@included") == 0)
            kw->included = v;
        else if (strcmp(key, "@value") == 0)
            kw->value = v;
        else if (strcmp(key, "@list") == 0)
            kw->list = v;
    }
}

static reco_code oom(reco_error *err)
{
    return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory building the node map");
}

static bool is_blank(const char *s)
{
    return s[0] == '_' && s[1] == ':';
}

reco_code ld_nodemap_init(ld_nodemap *nm, reco_error *err)
{
    reco_code rc = RECO_OK;

    memset(nm, 0, sizeof *nm);
    nm->graphs = json_object();
    nm->idmap = json_object();
    nm->index = json_object();
    if (!nm->graphs || !nm->idmap || !nm->index) {
        ld_nodemap_release(nm);
        rc = oom(err);
    }
    return rc;
}

void ld_nodemap_release(ld_nodemap *nm)
{
    json_decref(nm->graphs);
    json_decref(nm->idmap);
    json_decref(nm->index);
    nm->graphs = NULL;
    nm->idmap = NULL;
    nm->index = NULL;
}

/* §7.4 Generate Blank Node Identifier, steps 1-4; labels are "_:b" and a counter. */
reco_code ld_nodemap_blank(ld_nodemap *nm, const char *identifier, json_t **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    char label[32];
    json_t *v = NULL;

    *out = NULL;
    /* Step 1. */
    if (identifier && (v = json_object_get(nm->idmap, identifier)) != NULL) {
        *out = json_incref(v);
        goto out;
    }
    /* Steps 2 and 3. */
    snprintf(label, sizeof label, "_:b%zu", nm->counter++);
    v = json_string_nocheck(label);
    if (!v || (identifier && json_object_set_nocheck(nm->idmap, identifier, v) != 0)) {
        json_decref(v);
        rc = oom(err);
        goto out;
    }
    *out = v;
out:
    return rc;
}

/*
 * The text that stands for item in an array's index: sorted keys, so that maps with the same
 * entries give the same text (json_equal's notion of equality: 1 and 1.0 differ in both).
 */
static char *index_key(const json_t *item)
{
    return json_dumps(item, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

/*
 * The index of arr (its items' texts as keys), made from the items when arr first grows
 * long. Indexes are found by the array's address, which is stable: arrays of the node map
 * live until the node map is released.
 */
static reco_code array_index(gen_state *st, json_t *arr, json_t **out)
{
    reco_code rc = RECO_OK;
    char addr[32];
    json_t *idx, *v;
    size_t i;
    char *key;

    *out = NULL;
    snprintf(addr, sizeof addr, "%p", (void *)arr);
    idx = json_object_get(st->nm->index, addr);
    if (!idx) {
        idx = json_object();
        if (!idx || json_object_set_new_nocheck(st->nm->index, addr, idx) != 0) {
            rc = oom(st->err);
            goto out;
        }
        json_array_foreach(arr, i, v)
        {
            key = index_key(v);
            if (!key || json_object_set_new_nocheck(idx, key, json_true()) != 0)
                rc = oom(st->err);
            free(key);
            if (rc != RECO_OK)
                goto out;
        }
    }
    *out = idx;
out:
    return rc;
}

/*
 * Append item to the array arr unless an equal item is there already (§7.2 steps 4.1.2,
 * 6.5.2, 6.6.2.2: "two maps are considered equal if they have equivalent map entries").
 * Short arrays are searched; long ones use an index so that merging stays linear in the size
 * of the document whatever its shape.
 */
static reco_code add_unique(gen_state *st, json_t *arr, json_t *item)
{
    reco_code rc = RECO_OK;
    size_t i;
    json_t *v, *idx = NULL;
    char *key = NULL;

    if (json_array_size(arr) < NODEMAP_LINEAR_MAX) {
        json_array_foreach(arr, i, v)
        {
            if (json_equal(v, item))
                goto out;
        }
    } else {
        rc = array_index(st, arr, &idx);
        if (rc != RECO_OK)
            goto out;
        key = index_key(item);
        if (!key) {
            rc = oom(st->err);
            goto out;
        }
        if (json_object_get(idx, key))
            goto out;
        if (json_object_set_new_nocheck(idx, key, json_true()) != 0) {
            rc = oom(st->err);
            goto out;
        }
    }
    if (json_array_append(arr, item) != 0)
        rc = oom(st->err);
out:
    free(key);
    return rc;
}

/* The array under key in obj, created empty when missing. NULL when out of memory. */
static json_t *array_entry(json_t *obj, const char *key)
{
    json_t *a = json_object_get(obj, key);
    if (json_is_array(a))
        return a;
    a = json_array();
    if (!a || json_object_set_new_nocheck(obj, key, a) != 0)
        return NULL;
    return a;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const ld_entry *)a)->key, ((const ld_entry *)b)->key);
}

bool ld_keys_sorted(ld_keys *k, const json_t *obj)
{
    const char *key;
    json_t *v;
    size_t i = 0;

    k->n = json_object_size(obj);
    k->v = k->small;
    if (k->n > sizeof k->small / sizeof k->small[0] && !(k->v = malloc(k->n * sizeof *k->v))) {
        k->v = k->small;
        k->n = 0;
        return false;
    }
    json_object_foreach((json_t *)obj, key, v)
    {
        (void)v;
        k->v[i++] = (ld_entry){key, v};
    }
    if (k->n > sizeof k->small / sizeof k->small[0]) {
        qsort(k->v, k->n, sizeof *k->v, cmp_entry);
    } else {
        /* Insertion sort: most nodes have a handful of properties. */
        for (i = 1; i < k->n; i++) {
            ld_entry x = k->v[i];
            size_t j = i;
            for (; j > 0 && strcmp(k->v[j - 1].key, x.key) > 0; j--)
                k->v[j] = k->v[j - 1];
            k->v[j] = x;
        }
    }
    return true;
}

void ld_keys_release(ld_keys *k)
{
    if (k->v != k->small)
        free(k->v);
    k->v = k->small;
    k->n = 0;
}

/*
 * Recursion of §7.2. active_subject is either a node id (subject_id) or, while a reverse
 * property is processed, a node reference map (reverse_subject); both NULL at the top.
 * list is the list object being filled (step 5) or NULL.
 */
static reco_code generate(gen_state *st, const json_t *element, const char *active_graph,
                          const char *subject_id, json_t *reverse_subject,
                          const char *active_property, json_t *list, int depth);

/* §7.2 step 3: a copy of a value object whose @type is relabelled when it is a blank node. */
static reco_code relabel_value_type(gen_state *st, const json_t *element, const json_t *type,
                                    json_t **out)
{
    reco_code rc = RECO_OK;
    json_t *copy = NULL, *label = NULL;

    *out = NULL;
    if (!json_is_string(type) || !is_blank(json_string_value(type))) {
        *out = json_incref((json_t *)element);
        goto out;
    }
    copy = json_copy((json_t *)element);
    if (!copy) {
        rc = oom(st->err);
        goto out;
    }
    rc = ld_nodemap_blank(st->nm, json_string_value(type), &label, st->err);
    if (rc != RECO_OK)
        goto out;
    if (json_object_set_nocheck(copy, "@type", label) != 0) {
        rc = oom(st->err);
        goto out;
    }
    *out = copy;
    copy = NULL;
out:
    json_decref(copy);
    json_decref(label);
    return rc;
}

/* §7.2 step 4: a value object. */
static reco_code gen_value(gen_state *st, const json_t *element, const kw_entries *kw,
                           json_t *graph, const char *subject_id, const char *active_property,
                           json_t *list)
{
    reco_code rc = RECO_OK;
    json_t *value = NULL, *subject_node, *arr;

    rc = relabel_value_type(st, element, kw->type, &value);
    if (rc != RECO_OK)
        goto out;
    if (list) {
        /* Step 4.2. */
        if (json_array_append(json_object_get(list, "@list"), value) != 0)
            rc = oom(st->err);
        goto out;
    }
    /*
     * Step 4.1. Expansion never leaves a value without a subject (free-floating values are
     * dropped, reverse values are refused); such input is ignored rather than trusted.
     */
    subject_node = subject_id ? json_object_get(graph, subject_id) : NULL;
    if (!subject_node || !active_property)
        goto out;
    arr = array_entry(subject_node, active_property);
    if (!arr) {
        rc = oom(st->err);
        goto out;
    }
    rc = add_unique(st, arr, value);
out:
    json_decref(value);
    return rc;
}

/* §7.2 step 5: a list object. */
static reco_code gen_list(gen_state *st, const kw_entries *kw, const char *active_graph,
                          json_t *graph, const char *subject_id, const char *active_property,
                          json_t *list, int depth)
{
    reco_code rc = RECO_OK;
    json_t *result = json_object();
    json_t *subject_node, *arr;

    if (!result || json_object_set_new_nocheck(result, "@list", json_array()) != 0) {
        rc = oom(st->err);
        goto out;
    }
    /* Step 5.2. */
    rc = generate(st, kw->list, active_graph, subject_id, NULL, active_property, result, depth + 1);
    if (rc != RECO_OK)
        goto out;
    if (list) {
        /* Step 5.4. */
        if (json_array_append(json_object_get(list, "@list"), result) != 0)
            rc = oom(st->err);
        goto out;
    }
    /* Step 5.3: lists are never merged, each one is appended. */
    subject_node = subject_id ? json_object_get(graph, subject_id) : NULL;
    if (!subject_node || !active_property)
        goto out;
    arr = array_entry(subject_node, active_property);
    if (!arr || json_array_append(arr, result) != 0)
        rc = oom(st->err);
out:
    json_decref(result);
    return rc;
}

/* §7.2 step 6.9: the @reverse map of a node object. */
static reco_code gen_reverse(gen_state *st, const json_t *rev, const char *active_graph,
                             const char *id, int depth)
{
    reco_code rc = RECO_OK;
    json_t *referenced = json_string_nocheck(id); /* a node reference */
    ld_keys keys = {.v = NULL, .n = 0};

    if (!referenced) {
        rc = oom(st->err);
        goto out;
    }
    if (!json_is_object(rev))
        goto out;
    if (!ld_keys_sorted(&keys, rev)) {
        rc = oom(st->err);
        goto out;
    }
    /* Step 6.9.3: a map as active subject tells the recursion this is a reverse property. */
    for (size_t k = 0; k < keys.n && rc == RECO_OK; k++)
        rc = generate(st, keys.v[k].value, active_graph, NULL, referenced, keys.v[k].key, NULL,
                      depth + 1);
out:
    ld_keys_release(&keys);
    json_decref(referenced);
    return rc;
}

/* Entries of a node object that steps 6.1-6.11 consume before the properties are merged. */
static bool consumed_entry(const char *key)
{
    return strcmp(key, "@id") == 0 || strcmp(key, "@type") == 0 || strcmp(key, "@index") == 0 ||
           strcmp(key, "@reverse") == 0 || strcmp(key, "@graph") == 0 ||
           strcmp(key, "@included") == 0;
}

/* §7.2 step 6: a node object. */
static reco_code gen_node(gen_state *st, const json_t *element, const kw_entries *kw,
                          const char *active_graph, json_t *graph, const char *subject_id,
                          json_t *reverse_subject, const char *active_property, json_t *list,
                          int depth)
{
    reco_code rc = RECO_OK;
    const json_t *idv = kw->id;
    const json_t *types = kw->type;
    const json_t *index = kw->index;
    json_t *idj = NULL, *ref = NULL, *node, *arr, *label = NULL, *prop = NULL;
    json_t *relabelled = NULL;
    ld_keys keys = {.v = NULL, .n = 0};
    const char *id;
    size_t i;
    json_t *v;

    /* Step 3 comes first: blank node types are relabelled before the node's own @id. */
    if (types) {
        relabelled = json_array();
        if (!relabelled) {
            rc = oom(st->err);
            goto out;
        }
        for (i = 0; rc == RECO_OK && i < (json_is_array(types) ? json_array_size(types) : 1); i++) {
            v = json_is_array(types) ? json_array_get(types, i) : (json_t *)types;
            if (!json_is_string(v))
                continue;
            if (is_blank(json_string_value(v))) {
                rc = ld_nodemap_blank(st->nm, json_string_value(v), &label, st->err);
                if (rc == RECO_OK && json_array_append_new(relabelled, label) != 0)
                    rc = oom(st->err);
                label = NULL;
            } else if (json_array_append(relabelled, v) != 0) {
                rc = oom(st->err);
            }
        }
        if (rc != RECO_OK)
            goto out;
    }

    /*
     * Steps 6.1 and 6.2. An @id of null (expansion leaves it for an IRI that has the form of a
     * keyword, "@ignoreMe") names no node: it is keyed "" here, which is never a well-formed
     * subject, object or graph name, so §8.1 drops every triple that mentions it.
     */
    if (json_is_null(idv)) {
        idj = json_string_nocheck("");
        if (!idj) {
            rc = oom(st->err);
            goto out;
        }
    } else if (idv && !json_is_string(idv)) {
        rc = reco_error_set(st->err, RECO_EPARSE, NULL,
                            "invalid @id value: expected a string in expanded form");
        goto out;
    } else if (idv && !is_blank(json_string_value(idv))) {
        idj = json_incref((json_t *)idv);
    } else {
        rc = ld_nodemap_blank(st->nm, idv ? json_string_value(idv) : NULL, &idj, st->err);
    }
    if (rc != RECO_OK)
        goto out;
    id = json_string_value(idj);

    /* Steps 6.3 and 6.4. */
    node = json_object_get(graph, id);
    if (!node) {
        node = json_object();
        if (!node || json_object_set_new_nocheck(graph, id, node) != 0) {
            rc = oom(st->err);
            goto out;
        }
    }

    if (reverse_subject) {
        /* Step 6.5: node <- active property - active subject. */
        arr = array_entry(node, active_property);
        rc = arr ? add_unique(st, arr, reverse_subject) : oom(st->err);
    } else if (active_property) {
        /* Step 6.6. */
        ref = json_incref(idj); /* a node reference */
        if (!ref) {
            rc = oom(st->err);
            goto out;
        }
        if (list) {
            if (json_array_append(json_object_get(list, "@list"), ref) != 0)
                rc = oom(st->err);
        } else {
            json_t *subject_node = subject_id ? json_object_get(graph, subject_id) : NULL;
            if (subject_node) {
                arr = array_entry(subject_node, active_property);
                rc = arr ? add_unique(st, arr, ref) : oom(st->err);
            }
        }
    }
    if (rc != RECO_OK)
        goto out;

    /* Step 6.7. */
    if (relabelled) {
        arr = array_entry(node, "@type");
        if (!arr) {
            rc = oom(st->err);
            goto out;
        }
        json_array_foreach(relabelled, i, v)
        {
            rc = add_unique(st, arr, v);
            if (rc != RECO_OK)
                goto out;
        }
    }

    /* Step 6.8. */
    if (index) {
        const json_t *have = json_object_get(node, "@index");
        if (have && !json_equal((json_t *)have, (json_t *)index)) {
            rc = reco_error_set(st->err, RECO_EPARSE, NULL,
                                "conflicting indexes: node %.60s has two different @index values",
                                id);
            goto out;
        }
        if (!have && json_object_set_nocheck(node, "@index", (json_t *)index) != 0) {
            rc = oom(st->err);
            goto out;
        }
    }

    /* Step 6.9. */
    if (kw->reverse) {
        rc = gen_reverse(st, kw->reverse, active_graph, id, depth);
        if (rc != RECO_OK)
            goto out;
    }

    /* Step 6.10: the node's own graph, named by its id. */
    if (kw->graph) {
        rc = generate(st, kw->graph, id, NULL, NULL, NULL, NULL, depth + 1);
        if (rc != RECO_OK)
            goto out;
    }

    /* Step 6.11: included nodes belong to the active graph, unattached. */
    if (kw->included) {
        rc = generate(st, kw->included, active_graph, NULL, NULL, NULL, NULL, depth + 1);
        if (rc != RECO_OK)
            goto out;
    }

    /* Step 6.12, ordered by property. */
    if (!ld_keys_sorted(&keys, element)) {
        rc = oom(st->err);
        goto out;
    }
    for (size_t k = 0; k < keys.n; k++) {
        const char *property = keys.v[k].key;
        if (consumed_entry(property))
            continue;
        if (is_blank(property)) {
            /* Step 6.12.1: blank node properties are relabelled like any blank node. */
            rc = ld_nodemap_blank(st->nm, property, &prop, st->err);
            if (rc != RECO_OK)
                goto out;
            property = json_string_value(prop);
        }
        /* Step 6.12.2. */
        if (!array_entry(node, property)) {
            rc = oom(st->err);
            goto out;
        }
        rc = generate(st, keys.v[k].value, active_graph, id, NULL, property, NULL, depth + 1);
        json_decref(prop);
        prop = NULL;
        if (rc != RECO_OK)
            goto out;
    }
out:
    ld_keys_release(&keys);
    json_decref(relabelled);
    json_decref(prop);
    json_decref(ref);
    json_decref(idj);
    return rc;
}

static reco_code generate(gen_state *st, const json_t *element, const char *active_graph,
                          const char *subject_id, json_t *reverse_subject,
                          const char *active_property, json_t *list, int depth)
{
    reco_code rc = RECO_OK;
    json_t *graph;
    size_t i;
    json_t *item;

    if (depth > NODEMAP_MAX_DEPTH) {
        rc = reco_error_set(st->err, RECO_ELIMIT, NULL,
                            "nesting too deep: more than %d levels in the node map",
                            NODEMAP_MAX_DEPTH);
        goto out;
    }
    /* Step 1. */
    if (json_is_array(element)) {
        json_array_foreach((json_t *)element, i, item)
        {
            rc = generate(st, item, active_graph, subject_id, reverse_subject, active_property,
                          list, depth + 1);
            if (rc != RECO_OK)
                goto out;
        }
        goto out;
    }
    /* Expanded form holds only arrays and maps at this level; anything else is ignored. */
    if (!json_is_object(element))
        goto out;

    /* Step 2: the active graph, created on first use (a named graph is met by its id). */
    graph = active_graph == DEFAULT_GRAPH && st->default_graph
                ? st->default_graph
                : json_object_get(st->nm->graphs, active_graph);
    if (!graph) {
        graph = json_object();
        if (!graph || json_object_set_new_nocheck(st->nm->graphs, active_graph, graph) != 0) {
            rc = oom(st->err);
            goto out;
        }
    }
    if (active_graph == DEFAULT_GRAPH)
        st->default_graph = graph;

    kw_entries kw;
    find_keywords(element, &kw);
    if (kw.value) {
        /* Values cannot be reverse property values; expansion refuses those. */
        if (!reverse_subject)
            rc = gen_value(st, element, &kw, graph, subject_id, active_property, list);
    } else if (kw.list) {
        if (!reverse_subject)
            rc = gen_list(st, &kw, active_graph, graph, subject_id, active_property, list, depth);
    } else {
        rc = gen_node(st, element, &kw, active_graph, graph, subject_id, reverse_subject,
                      active_property, list, depth);
    }
out:
    return rc;
}

reco_code ld_nodemap_generate(ld_nodemap *nm, const json_t *expanded, reco_error *err)
{
    gen_state st = {nm, err, NULL};
    return generate(&st, expanded, DEFAULT_GRAPH, NULL, NULL, NULL, NULL, 0);
}
