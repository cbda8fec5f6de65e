/*
 * cmd_verify.c - `reco verify [--json] [--at DATE] FILE...`: verify Open Badges 3.0 credentials
 * with Data Integrity proofs and print a report per input, check by check.
 *
 * Rule for bad input: a file that cannot be opened or read is a usage problem (exit 2); a file
 * that was read but is not acceptable JSON (truncated, invalid UTF-8, duplicate keys, too
 * deep, larger than the limit) is a credential that fails its "json" check (exit 1).
 */
#include "cli.h"

#include "reco/did.h"
#include "reco/json.h"
#include "reco/ld.h"
#include "reco/ob.h"
#include "reco/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs(
        "usage: reco verify [--json] [--at DATE] [--recipient ID] [--fetch] FILE...\n\n"
        "Verify each credential FILE ('-' reads standard input) and print a report: one\n"
        "line per check (json, structure, proof, issuer-key, valid-from, valid-until), each\n"
        "passed, failed, warning or not-checked.\n\n"
        "  --json     print one JSON object per input, one per line:\n"
        "             {\"input\",\"kind\",\"valid\",\"checks\":[{\"name\",\"status\",\"message\"}],"
        "...}\n"
        "             (an input that cannot be read: {\"input\",\"valid\":false,\"error\"})\n"
        "  --at DATE  check the validity period at DATE (RFC 3339) instead of now\n"
        "  --fetch    fetch did:web and https verification methods (default: offline;\n"
        "             their proofs are then not-checked)\n"
        "  --recipient ID\n"
        "             also check that the credential was issued to ID: a DID or URI, or an\n"
        "             e-mail address matched against hashed identifiers (\"recipient\" check)\n\n"
        "Proofs verified: DataIntegrityProof with",
        f);
    for (size_t i = 0; reco_di_suite_at(i); i++)
        fprintf(f, " %s", reco_di_suite_at(i)->name);
    fputs(", keys from did:key and did:jwk (did:web and https with --fetch).\n\n"
          "exit codes: 0 every input is valid, 1 one is not (a file that is not acceptable\n"
          "JSON fails its \"json\" check), 2 usage error or a file that cannot be read\n",
          f);
}

/* One input: read it, verify it, print the report. Returns the exit code for this input. */
static int verify_one(const char *path, bool as_json, const reco_ob_verify_options *opt)
{
    int rc = CLI_OK;
    reco_buf data, text;
    reco_report *report = NULL;
    reco_error err;
    json_t *j = NULL;

    reco_buf_init(&data, 0);
    reco_buf_init(&text, 0);
    reco_error_clear(&err);
    reco_code rd = reco_file_read(path, RECO_JSON_DEFAULT_MAX_BYTES, &data, &err);
    if (rd == RECO_ELIMIT) {
        /* Too large to be a credential: a verdict on the input, like any other bad JSON. */
        report = reco_report_new(path, "unknown");
        if (!report || reco_report_require(report, "proof", NULL) ||
            reco_report_add(report, "json", RECO_CHECK_FAILED, "%s", err.msg)) {
            cli_error("out of memory");
            rc = CLI_USAGE;
            goto out;
        }
    } else if (rd != RECO_OK) {
        cli_error_from(&err);
        rc = CLI_USAGE;
        /* --json keeps one object per input, so a reader can pair them with the inputs. */
        if (as_json &&
            (j = json_pack("{s:s, s:b, s:s}", "input", path, "valid", 0, "error", err.msg)) &&
            reco_json_write(j, 0, &text, NULL) == RECO_OK && reco_buf_putc(&text, '\n') == 0)
            fwrite(text.data, 1, text.len, stdout);
        goto out;
    } else if (reco_ob_verify_bytes(data.data, data.len, path, opt, &report, &err) != RECO_OK) {
        cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }
    if (as_json) {
        if (reco_report_to_json(report, &j, &err) != RECO_OK ||
            reco_json_write(j, 0, &text, &err) != RECO_OK) {
            cli_error_from(&err);
            rc = CLI_USAGE;
            goto out;
        }
        reco_buf_putc(&text, '\n');
    } else if (reco_report_to_text(report, &text, &err) != RECO_OK) {
        cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }
    fwrite(text.data, 1, text.len, stdout);
    rc = reco_report_valid(report) ? CLI_OK : CLI_FALSE;
out:
    json_decref(j);
    reco_report_free(report);
    reco_buf_release(&data);
    reco_buf_release(&text);
    return rc;
}

int cmd_verify(int argc, char **argv)
{
    bool as_json = false, files_only = false, fetch = false;
    reco_did_resolver *resolver = NULL;
    int rc = CLI_OK, nfiles = 0;
    reco_time at;
    reco_ob_verify_options opt;
    char **files = NULL;

    memset(&opt, 0, sizeof opt);
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        goto out;
    }
    /* argv outlives the command: the file list points into it. */
    files = calloc((size_t)argc, sizeof *files);
    if (!files) {
        cli_error("out of memory");
        rc = CLI_USAGE;
        goto out;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (files_only || a[0] != '-' || a[1] == '\0') {
            files[nfiles++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            files_only = true;
        } else if (strcmp(a, "--json") == 0) {
            as_json = true;
        } else if (strcmp(a, "--at") == 0 && i + 1 < argc) {
            reco_error err;
            const char *s = argv[++i];
            if (reco_time_parse(s, strlen(s), true, &at, &err) != RECO_OK) {
                cli_error("--at wants an RFC 3339 date-time: %s", err.msg);
                rc = CLI_USAGE;
                goto out;
            }
            opt.vc.now = &at;
        } else if (strcmp(a, "--fetch") == 0) {
            fetch = true;
        } else if (strcmp(a, "--recipient") == 0 && i + 1 < argc) {
            opt.recipient = argv[++i];
        } else {
            cli_error("unknown option '%s' (see 'reco verify --help')", a);
            rc = CLI_USAGE;
            goto out;
        }
    }
    if (nfiles == 0) {
        cli_error("no file to verify (see 'reco verify --help')");
        rc = CLI_USAGE;
        goto out;
    }
    /* One loader for every input: the bundled contexts are parsed once. */
    if (!(opt.vc.di.loader = reco_ld_loader_new())) {
        cli_error("out of memory");
        rc = CLI_USAGE;
        goto out;
    }
    /* Verification methods: did:key and did:jwk always; did:web and https documents only with
     * --fetch (offline, they are reported as not checked). */
    reco_did_options dopt = {.offline = !fetch};
    reco_error derr;
    if (reco_did_resolver_new(&dopt, &resolver, &derr) != RECO_OK) {
        cli_error_from(&derr);
        rc = CLI_USAGE;
        goto out;
    }
    opt.vc.di.resolve = reco_did_vm_resolve;
    opt.vc.di.resolve_ctx = resolver;
    /* Every input is verified even after a failure; the worst outcome decides the exit. */
    for (int i = 0; i < nfiles; i++) {
        int one = verify_one(files[i], as_json, &opt);
        if (one > rc)
            rc = one;
    }
    fflush(stdout);
out:
    reco_ld_loader_free(opt.vc.di.loader);
    reco_did_resolver_free(resolver);
    free(files);
    return rc;
}
