/*
 * cmd_jsonld.c - `reco jsonld expand|tordf [options] FILE`: JSON-LD 1.1 expansion printed as
 * JSON, or Deserialize JSON-LD to RDF printed as N-Quads. Only bundled contexts (and the
 * folders given with --map) are loaded: nothing is fetched from the network.
 *
 * Exit codes: 0 success, 1 a JSON-LD error (first line on stderr "error: <JSON-LD error
 * code>: <detail>"), 2 a usage error or input that cannot be read or parsed as JSON.
 */
#include "cli.h"
#include "ldopts.h"

#include "reco/json.h"
#include "reco/ld.h"
#include "reco/rdf.h"

#include <stdio.h>
#include <string.h>

/* The arena of a toRdf run: the dataset's strings; a cap keeps a hostile input bounded. */
#define JSONLD_ARENA_MAX (256u * 1024u * 1024u)

typedef enum { SUB_EXPAND, SUB_TORDF } subcommand;

static void usage(FILE *f)
{
    fputs("usage: reco jsonld expand [options] FILE\n"
          "       reco jsonld tordf [options] FILE\n\n"
          "JSON-LD 1.1 processing of FILE ('-' reads standard input):\n"
          "  expand   print the expanded document (JSON)\n"
          "  tordf    print the RDF dataset of the document (N-Quads)\n\n",
          f);
    ldopts_help(f);
    fputs("\nexit codes: 0 success, 1 JSON-LD error, 2 usage error or unreadable input\n", f);
}

static void sub_usage(FILE *f, subcommand sub)
{
    if (sub == SUB_EXPAND)
        fputs("usage: reco jsonld expand [options] FILE\n\n"
              "Print the expanded form of the JSON-LD document in FILE ('-' reads standard\n"
              "input), as JSON-LD 1.1 API section 5.1.2 defines it.\n\n",
              f);
    else
        fputs("usage: reco jsonld tordf [options] FILE\n\n"
              "Print the RDF dataset of the JSON-LD document in FILE ('-' reads standard\n"
              "input) as N-Quads (Deserialize JSON-LD to RDF, JSON-LD 1.1 API section 8.1).\n"
              "Blank nodes are labelled _:b0, _:b1... in the order the algorithm makes them.\n\n",
              f);
    ldopts_help(f);
    fputs("\nexit codes: 0 success, 1 JSON-LD error, 2 usage error or unreadable input\n", f);
}

/* Write the buffer to stdout; 0 on success. */
static int run_expand(const json_t *doc, const reco_ld_options *opt)
{
    int rc = CLI_OK;
    json_t *expanded = NULL;
    reco_error err;
    reco_buf out;

    reco_buf_init(&out, 0);
    reco_error_clear(&err);
    if (reco_ld_expand(doc, opt, &expanded, &err) != RECO_OK) {
        cli_error_from(&err);
        rc = CLI_FALSE;
        goto out;
    }
    if (reco_json_write(expanded, RECO_JSON_PRETTY, &out, &err) != RECO_OK ||
        reco_buf_putc(&out, '\n') != RECO_OK) {
        cli_error("cannot write the expanded document: %s", err.msg);
        rc = CLI_USAGE;
        goto out;
    }
    rc = cli_write_out(NULL, out.data, out.len);
out:
    reco_buf_release(&out);
    json_decref(expanded);
    return rc;
}

static int run_tordf(const json_t *doc, const reco_ld_options *opt)
{
    int rc = CLI_OK;
    reco_arena *arena = reco_arena_new(JSONLD_ARENA_MAX);
    reco_dataset ds;
    reco_error err;
    reco_buf out;

    reco_buf_init(&out, 0);
    reco_error_clear(&err);
    reco_dataset_init(&ds, arena);
    if (!arena) {
        cli_error("out of memory");
        rc = CLI_USAGE;
        goto out;
    }
    if (reco_ld_to_rdf(doc, opt, &ds, &err) != RECO_OK) {
        cli_error_from(&err);
        rc = CLI_FALSE;
        goto out;
    }
    if (reco_nquads_write(&ds, &out) != RECO_OK) {
        cli_error("cannot write the n-quads: out of memory");
        rc = CLI_USAGE;
        goto out;
    }
    rc = cli_write_out(NULL, out.data, out.len);
out:
    reco_buf_release(&out);
    reco_dataset_release(&ds);
    reco_arena_free(arena);
    return rc;
}

int cmd_jsonld(int argc, char **argv)
{
    int rc = CLI_OK;
    subcommand sub;
    const char *file = NULL;
    ldopts lo;
    reco_ld_options opt;
    reco_error err;
    json_t *doc = NULL;
    bool operands_only = false;

    ldopts_init(&lo);
    reco_error_clear(&err);
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        rc = argc < 2 ? CLI_USAGE : CLI_OK;
        goto out;
    }
    if (strcmp(argv[1], "expand") == 0) {
        sub = SUB_EXPAND;
    } else if (strcmp(argv[1], "tordf") == 0) {
        sub = SUB_TORDF;
    } else {
        cli_error("unknown jsonld subcommand '%s' (expand or tordf)", argv[1]);
        rc = CLI_USAGE;
        goto out;
    }
    if (cli_wants_help(argc - 1, argv + 1)) {
        sub_usage(stdout, sub);
        goto out;
    }

    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!operands_only && strcmp(a, "--") == 0) {
            operands_only = true;
            continue;
        }
        if (!operands_only && a[0] == '-' && a[1] != '\0') {
            int r = ldopts_parse_one(&lo, argc, argv, &i);
            if (r < 0) {
                rc = CLI_USAGE;
                goto out;
            }
            if (r == 0) {
                cli_error("unknown option '%s' (see 'reco jsonld %s --help')", a, argv[1]);
                rc = CLI_USAGE;
                goto out;
            }
            continue;
        }
        if (file) {
            cli_error("one FILE only (got '%s' and '%s')", file, a);
            rc = CLI_USAGE;
            goto out;
        }
        file = a;
    }
    if (!file) {
        cli_error("missing FILE (see 'reco jsonld %s --help')", argv[1]);
        rc = CLI_USAGE;
        goto out;
    }

    if (reco_json_read_file(file, NULL, &doc, &err) != RECO_OK) {
        /* The message names the file already; "-" reads better as "standard input". */
        bool in = strcmp(file, "-") == 0;
        const char *m = in && strncmp(err.msg, "-: ", 3) == 0 ? err.msg + 3 : err.msg;
        cli_error("%s%s", in ? "standard input: " : "", m);
        rc = CLI_USAGE;
        goto out;
    }
    if (ldopts_apply(&lo, &opt, &err) != RECO_OK) {
        cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }
    rc = sub == SUB_EXPAND ? run_expand(doc, &opt) : run_tordf(doc, &opt);
out:
    json_decref(doc);
    ldopts_release(&lo);
    return rc;
}
