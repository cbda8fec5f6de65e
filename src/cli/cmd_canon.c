/*
 * cmd_canon.c - `reco canon [options] FILE`: RDF Dataset Canonicalization (RDFC-1.0) of an
 * N-Quads file (name ending in .nq, or --nquads) or of a JSON-LD document (deserialized to
 * RDF first, with the same options as `reco jsonld`). Prints the canonical N-Quads, or with
 * --label-map the issued identifier map as a JSON object (input label -> canonical label).
 *
 * Exit codes: 0 success; 1 a JSON-LD error ("error: <JSON-LD error code>: <detail>") or the
 * work limit ("error: work limit exceeded: ..."); 2 a usage error or input that cannot be read
 * or parsed (JSON or N-Quads syntax).
 */
#include "cli.h"
#include "ldopts.h"

#include "reco/json.h"
#include "reco/ld.h"
#include "reco/rdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CANON_INPUT_MAX (64u * 1024u * 1024u)
#define CANON_ARENA_MAX (256u * 1024u * 1024u)

static void usage(FILE *f)
{
    fputs("usage: reco canon [options] FILE\n\n"
          "Canonicalize the RDF dataset in FILE with RDFC-1.0 and print it as canonical\n"
          "N-Quads. FILE is N-Quads when its name ends in .nq, JSON-LD otherwise ('-' reads\n"
          "standard input as JSON-LD unless --nquads is given).\n\n"
          "options:\n"
          "  --hash sha256|sha384      hash algorithm of RDFC-1.0 (default sha256)\n"
          "  --label-map               print the issued identifier map as JSON instead:\n"
          "                            {\"input label\": \"c14nN\", ...}\n"
          "  --nquads                  read FILE as N-Quads whatever its name\n"
          "  --max-calls N             work limit: calls of Hash N-Degree Quads (default 4096)\n\n"
          "JSON-LD input (same as 'reco jsonld'):\n",
          f);
    ldopts_help(f);
    fputs("\nexit codes: 0 success, 1 JSON-LD error or work limit exceeded, 2 usage error or\n"
          "unreadable input\n",
          f);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Print the issued identifier map in issue order. */
static int print_label_map(const reco_rdfc_result *res)
{
    int rc = CLI_OK;
    reco_buf out;
    reco_error err;
    json_t *map = json_object();

    reco_buf_init(&out, 0);
    reco_error_clear(&err);
    for (size_t i = 0; map && i < res->nlabels; i++) {
        if (json_object_set_new(map, res->labels[i].input, json_string(res->labels[i].canonical)) !=
            0) {
            json_decref(map);
            map = NULL;
        }
    }
    if (!map || reco_json_write(map, RECO_JSON_PRETTY, &out, &err) != RECO_OK ||
        reco_buf_putc(&out, '\n') != RECO_OK) {
        cli_error("cannot write the label map: out of memory");
        rc = CLI_USAGE;
        goto out;
    }
    rc = cli_write_out(NULL, out.data, out.len);
out:
    json_decref(map);
    reco_buf_release(&out);
    return rc;
}

/* Parse a decimal count; false when it is not one. */
static bool parse_count(const char *s, size_t *out)
{
    char *end = NULL;
    if (!s || !*s || *s == '-')
        return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || v == 0 || v > (1ull << 40))
        return false;
    *out = (size_t)v;
    return true;
}

int cmd_canon(int argc, char **argv)
{
    int rc = CLI_OK;
    const char *file = NULL;
    bool label_map = false, nquads = false, operands_only = false;
    reco_rdfc_options copt = {.hash = RECO_HASH_SHA256};
    ldopts lo;
    reco_ld_options opt;
    reco_error err;
    reco_buf text;
    reco_arena *arena = NULL;
    reco_dataset ds;
    reco_rdfc_result res;
    json_t *doc = NULL;

    ldopts_init(&lo);
    reco_error_clear(&err);
    reco_buf_init(&text, CANON_INPUT_MAX);
    reco_rdfc_result_init(&res);
    arena = reco_arena_new(CANON_ARENA_MAX);
    reco_dataset_init(&ds, arena);
    if (!arena) {
        cli_error("out of memory");
        rc = CLI_USAGE;
        goto out;
    }
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        goto out;
    }

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!operands_only && strcmp(a, "--") == 0) {
            operands_only = true;
        } else if (!operands_only && strcmp(a, "--label-map") == 0) {
            label_map = true;
        } else if (!operands_only && strcmp(a, "--nquads") == 0) {
            nquads = true;
        } else if (!operands_only && (strcmp(a, "--hash") == 0 || strncmp(a, "--hash=", 7) == 0)) {
            const char *v = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : NULL);
            if (v && strcmp(v, "sha256") == 0) {
                copt.hash = RECO_HASH_SHA256;
            } else if (v && strcmp(v, "sha384") == 0) {
                copt.hash = RECO_HASH_SHA384;
            } else {
                cli_error("--hash takes sha256 or sha384");
                rc = CLI_USAGE;
                goto out;
            }
        } else if (!operands_only &&
                   (strcmp(a, "--max-calls") == 0 || strncmp(a, "--max-calls=", 12) == 0)) {
            const char *v = a[11] == '=' ? a + 12 : (i + 1 < argc ? argv[++i] : NULL);
            if (!parse_count(v, &copt.max_ndegree_calls)) {
                cli_error("--max-calls takes a positive number");
                rc = CLI_USAGE;
                goto out;
            }
        } else if (!operands_only && a[0] == '-' && a[1] != '\0') {
            int r = ldopts_parse_one(&lo, argc, argv, &i);
            if (r < 0) {
                rc = CLI_USAGE;
                goto out;
            }
            if (r == 0) {
                cli_error("unknown option '%s' (see 'reco canon --help')", a);
                rc = CLI_USAGE;
                goto out;
            }
        } else if (file) {
            cli_error("one FILE only (got '%s' and '%s')", file, a);
            rc = CLI_USAGE;
            goto out;
        } else {
            file = a;
        }
    }
    if (!file) {
        cli_error("missing FILE (see 'reco canon --help')");
        rc = CLI_USAGE;
        goto out;
    }
    if (reco_file_read(file, CANON_INPUT_MAX, &text, &err) != RECO_OK) {
        cli_error_from(&err); /* the message names the file */
        rc = CLI_USAGE;
        goto out;
    }

    if (nquads || ends_with(file, ".nq")) {
        if (reco_nquads_parse(text.data, text.len, &ds, &err) != RECO_OK) {
            cli_error("cannot parse %s as n-quads: %s", file, err.msg);
            rc = CLI_USAGE;
            goto out;
        }
    } else {
        if (reco_json_parse(text.data, text.len, NULL, &doc, &err) != RECO_OK) {
            cli_error("cannot read %s: %s", strcmp(file, "-") == 0 ? "standard input" : file,
                      err.msg);
            rc = CLI_USAGE;
            goto out;
        }
        if (ldopts_apply(&lo, &opt, &err) != RECO_OK) {
            cli_error_from(&err);
            rc = CLI_USAGE;
            goto out;
        }
        if (reco_ld_to_rdf(doc, &opt, &ds, &err) != RECO_OK) {
            cli_error_from(&err);
            rc = CLI_FALSE;
            goto out;
        }
    }

    if (reco_rdfc_canonicalize(&ds, &copt, &res, &err) != RECO_OK) {
        cli_error_from(&err);
        rc = err.code == RECO_ELIMIT ? CLI_FALSE : CLI_USAGE;
        goto out;
    }
    if (label_map)
        rc = print_label_map(&res);
    else
        rc = cli_write_out(NULL, res.nquads.data, res.nquads.len);
out:
    json_decref(doc);
    reco_rdfc_result_release(&res);
    reco_dataset_release(&ds);
    reco_arena_free(arena);
    reco_buf_release(&text);
    ldopts_release(&lo);
    return rc;
}
