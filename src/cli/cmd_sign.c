/*
 * cmd_sign.c - `reco sign --key KEYFILE [--proof SUITE] [--out FILE] DOC.json`: add a Data
 * Integrity proof to any JSON document. A proof already there stays: the new proof goes
 * alongside it in a proof set (VC Data Integrity §4.3).
 */
#include "cli.h"

#include "reco/json.h"
#include "reco/vc.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: reco sign --key KEYFILE [--proof SUITE] [--out FILE] DOC.json\n\n"
          "Add a Data Integrity proof made with the key in KEYFILE to the JSON document\n"
          "DOC.json ('-' reads standard input) and print the signed document (or write it\n"
          "to FILE). Existing proofs are kept: the new one joins them in a proof set.\n\n"
          "  --key FILE     key file made by 'reco keygen' (mode 0600)\n"
          "  --proof SUITE  cryptosuite (default " RECO_DI_DEFAULT_SUITE "); known:",
          f);
    for (size_t i = 0; reco_di_suite_at(i); i++)
        fprintf(f, " %s", reco_di_suite_at(i)->name);
    fputs("\n  --out FILE     write the signed document to FILE instead of standard output\n\n"
          "exit codes: 0 success, 2 usage error, unreadable or invalid input\n",
          f);
}

int cmd_sign(int argc, char **argv)
{
    const char *key_path = NULL, *suite = NULL, *out_path = NULL, *doc_path = NULL;
    int rc = CLI_OK;
    reco_key *key = NULL;
    json_t *doc = NULL;
    reco_error err;
    reco_buf text;

    reco_buf_init(&text, 0);
    reco_error_clear(&err);
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        goto out;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v && strcmp(a, "--key") == 0) {
            key_path = v;
            i++;
        } else if (v && strcmp(a, "--proof") == 0) {
            suite = v;
            i++;
        } else if (v && strcmp(a, "--out") == 0) {
            out_path = v;
            i++;
        } else if (!doc_path && (a[0] != '-' || strcmp(a, "-") == 0)) {
            doc_path = a;
        } else {
            cli_error("unexpected argument '%s' (see 'reco sign --help')", a);
            rc = CLI_USAGE;
            goto out;
        }
    }
    if (!key_path || !doc_path) {
        cli_error("--key KEYFILE and DOC.json are required (see 'reco sign --help')");
        rc = CLI_USAGE;
        goto out;
    }
    if (suite && !reco_di_suite_find(suite)) {
        cli_error("unknown proof suite '%s' (see 'reco sign --help')", suite);
        rc = CLI_USAGE;
        goto out;
    }
    if (reco_key_load(key_path, &key, &err) != RECO_OK) {
        cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }
    if (reco_json_read_file(doc_path, NULL, &doc, &err) != RECO_OK) {
        if (err.path[0])
            cli_error("%s: %s (at %s)", doc_path, err.msg, err.path);
        else
            cli_error("%s: %s", doc_path, err.msg);
        rc = CLI_USAGE;
        goto out;
    }
    reco_di_sign_options so = {.cryptosuite = suite};
    if (reco_di_add_proof(doc, key, &so, &err) != RECO_OK ||
        reco_json_write(doc, RECO_JSON_PRETTY, &text, &err) != RECO_OK) {
        cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }
    if (reco_buf_putc(&text, '\n') != RECO_OK) {
        cli_error("out of memory");
        rc = CLI_USAGE;
        goto out;
    }
    if (out_path) {
        if (reco_file_write(out_path, text.data, text.len, 0644, &err) != RECO_OK) {
            cli_error_from(&err);
            rc = CLI_USAGE;
        }
    } else if (fwrite(text.data, 1, text.len, stdout) != text.len || fflush(stdout) != 0) {
        cli_error("cannot write to standard output");
        rc = CLI_USAGE;
    }
out:
    json_decref(doc);
    reco_key_free(key);
    reco_buf_release(&text);
    return rc;
}
