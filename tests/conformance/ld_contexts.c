/*
 * ld_contexts.c - every bundled context against the copy of the same URL in the public
 * vectors (contexts/index.json), compared as parsed JSON.
 *
 * Prints one line per bundled URL: "same", "DIFFERENT: <first differing JSON pointer>" or
 * "not in vectors", then the vector URLs that are not bundled (for information). Exit 1 on a
 * difference that is not in the allow-list below, 77 when the vectors are absent.
 */
#include "reco/json.h"
#include "reco/ld.h"
#include "testlib.h"

#include <stdio.h>
#include <string.h>

/*
 * Differences known and accepted, each with its reason. Empty today: where the index has two
 * files for one URL (OB 3.0.3 and the 1EdTech validator variant that adds jti and
 * endorsementJwt), equal to either is a pass, and the npm package equals the spec copy.
 */
static const struct {
    const char *url;
    const char *reason;
} allowed[] = {
    {NULL, NULL},
};

static const char *allowed_reason(const char *url)
{
    for (size_t i = 0; allowed[i].url; i++)
        if (strcmp(allowed[i].url, url) == 0)
            return allowed[i].reason;
    return NULL;
}

/* The JSON pointer of the first difference between a and b into path; false when equal. */
static bool first_difference(const json_t *a, const json_t *b, char *path, size_t n)
{
    size_t len = strlen(path);
    if (json_is_object(a) && json_is_object(b)) {
        const char *key;
        const json_t *va;
        json_object_foreach((json_t *)a, key, va)
        {
            const json_t *vb = json_object_get(b, key);
            reco_json_path_push(path, n, key);
            if (!vb || first_difference(va, vb, path, n))
                return true;
            path[len] = '\0';
        }
        json_object_foreach((json_t *)b, key, va)
        {
            if (!json_object_get(a, key)) {
                reco_json_path_push(path, n, key);
                return true;
            }
        }
        return false;
    }
    if (json_is_array(a) && json_is_array(b)) {
        size_t na = json_array_size(a), nb = json_array_size(b);
        for (size_t i = 0; i < na || i < nb; i++) {
            reco_json_path_push_index(path, n, i);
            if (i >= na || i >= nb ||
                first_difference(json_array_get(a, i), json_array_get(b, i), path, n))
                return true;
            path[len] = '\0';
        }
        return false;
    }
    return !reco_json_equal(a, b);
}

int main(void)
{
    const char *dir = test_vectors_dir();
    json_t *index = NULL;
    size_t n = 0, same = 0, different = 0, accepted = 0, absent = 0;
    const reco_ld_bundled *list = reco_ld_bundled_list(&n);
    reco_error err;
    int status = 0;

    if (!dir) {
        printf("skip: no public vectors (set RECO_VECTORS or place ../shared/vectors)\n");
        return TEST_SKIP;
    }
    if (reco_json_read_file(test_vector_path("contexts/index.json"), NULL, &index, &err)) {
        printf("cannot read contexts/index.json: %s\n", err.msg);
        return 1;
    }
    const json_t *entries = json_object_get(index, "entries");

    for (size_t i = 0; i < n; i++) {
        const char *url = list[i].url;
        json_t *mine = NULL;
        char diff[1024] = "";
        bool found = false, equal = false;
        size_t k;
        const json_t *entry;

        if (reco_json_parse(list[i].data, list[i].len, NULL, &mine, &err)) {
            printf("%s: bundled copy does not parse: %s\n", url, err.msg);
            status = 1;
            continue;
        }
        json_array_foreach(entries, k, entry)
        {
            const json_t *urls = json_object_get(entry, "urls");
            const json_t *u;
            size_t j;
            bool listed = false;
            json_array_foreach(urls, j, u) listed =
                listed || (json_is_string(u) && strcmp(json_string_value(u), url) == 0);
            if (!listed)
                continue;
            found = true;
            char rel[512];
            json_t *theirs = NULL;
            snprintf(rel, sizeof rel, "contexts/%s",
                     json_string_value(json_object_get(entry, "file")));
            if (reco_json_read_file(test_vector_path(rel), NULL, &theirs, &err)) {
                printf("%s: cannot read %s: %s\n", url, rel, err.msg);
                status = 1;
                continue;
            }
            char path[256] = "";
            if (!first_difference(mine, theirs, path, sizeof path))
                equal = true;
            else if (!diff[0])
                snprintf(diff, sizeof diff, "%s %s", rel, path[0] ? path : "(root)");
            json_decref(theirs);
        }
        json_decref(mine);

        if (!found) {
            absent++;
            printf("%s: not in vectors (%s)\n", url, list[i].source);
        } else if (equal) {
            same++;
            printf("%s: same\n", url);
        } else if (allowed_reason(url)) {
            accepted++;
            printf("%s: DIFFERENT: %s (accepted: %s)\n", url, diff, allowed_reason(url));
        } else {
            different++;
            printf("%s: DIFFERENT: %s\n", url, diff);
        }
    }

    /* For information: what the vectors know that the binary does not carry. */
    size_t k;
    const json_t *entry;
    json_array_foreach(entries, k, entry)
    {
        const json_t *u;
        size_t j;
        json_array_foreach(json_object_get(entry, "urls"), j, u)
        {
            if (json_is_string(u) && !reco_ld_bundled_find(json_string_value(u)))
                printf("not bundled: %s\n", json_string_value(u));
        }
    }
    json_decref(index);

    printf("bundled contexts: %zu same, %zu different, %zu accepted differences, "
           "%zu not in vectors\n",
           same, different, accepted, absent);
    printf("%zu passed, %zu failed\n", same + accepted, different);
    if (different)
        status = 1;
    return status;
}
