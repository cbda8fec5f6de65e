/*
 * cmd_verify.c - `reco verify [--json] [--offline] [--at DATE] [--recipient ID]
 * [--allow-private-network] INPUT...`: verify badges of every form (an OB 3.0 credential with
 * Data Integrity proofs or as a VC-JWT, an OB 2.0 hosted or signed assertion, a PNG or SVG with
 * a baked credential, a URL) through the one pipeline (reco_verify_input, reco_verify_url) and
 * print a report per input, check by check.
 *
 * Rule for bad input: an input that cannot be opened or read is a usage problem (exit 2); an
 * input that was read but is not a credential (truncated, not JSON, a broken image, larger
 * than the limit) is a credential whose first check failed (exit 1).
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
#include <unistd.h>

static void usage(FILE *f)
{
    fputs("usage: reco verify [--json] [--offline] [--at DATE] [--recipient ID]\n"
          "                   [--allow-private-network] INPUT...\n\n"
          "Verify each INPUT and print a report: one line per check (json, structure, proof,\n"
          "issuer-key, valid-from, valid-until, status, recipient, endorsements...), each\n"
          "passed, failed, warning or not-checked. INPUT is a file (a JSON credential, a\n"
          "compact JWT/JWS, a PNG or SVG with a baked credential), an http(s) URL, or '-'\n"
          "for standard input. Open Badges 3.0 (Data Integrity or VC-JWT) and 2.0 (hosted or\n"
          "signed) are told apart by their content.\n\n"
          "  --json     print one JSON object per input, one per line:\n"
          "             "
          "{\"input\",\"kind\",\"valid\",\"checks\":[{\"name\",\"status\",\"message\"}],\n"
          "              \"summary\":{...},\"nested\":[...]} (an input that cannot be read:\n"
          "             {\"input\",\"valid\":false,\"error\"})\n"
          "  --offline  fetch nothing (no URL input, did:web or https key, status list, OB 2.0\n"
          "             document); what needs them is reported not-checked, never passed\n"
          "  --at DATE  verify as of DATE (RFC 3339) instead of now\n"
          "  --recipient ID\n"
          "             also check that the credential was issued to ID: a DID or URI, or an\n"
          "             e-mail address matched against plain or hashed (sha256, md5) identifiers\n"
          "  --allow-private-network\n"
          "             allow fetching from loopback and private addresses and over plain\n"
          "             http:// (a local server); by default only https to public addresses\n"
          "  --fetch    accepted for compatibility: fetching is the default now\n\n"
          "Proofs verified: DataIntegrityProof with eddsa-rdfc-2022, eddsa-jcs-2022, eddsa-2022,\n"
          "Ed25519Signature2020, VC-JWT with RS256, EdDSA, ES256; keys from did:key, did:jwk,\n"
          "did:web and https documents.\n\n"
          "exit codes: 0 every input is valid, 1 one is not, 2 usage error or an input that\n"
          "cannot be read\n",
          f);
}

static bool is_url(const char *s)
{
    return strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0;
}

/* Print report as text or one JSON line. Returns the exit code it stands for. */
static int print_report(const reco_report *report, bool as_json)
{
    reco_buf text;
    json_t *j = NULL;
    reco_error err;
    int rc = CLI_OK;
    reco_buf_init(&text, 0);
    if (as_json ? reco_report_to_json(report, &j, &err) != RECO_OK ||
                      reco_json_write(j, 0, &text, &err) != RECO_OK ||
                      reco_buf_putc(&text, '\n') != RECO_OK
                : reco_report_to_text(report, &text, &err) != RECO_OK) {
        cli_error_from(&err);
        rc = CLI_USAGE;
    } else {
        fwrite(text.data, 1, text.len, stdout);
        rc = reco_report_valid(report) ? CLI_OK : CLI_FALSE;
    }
    json_decref(j);
    reco_buf_release(&text);
    return rc;
}

/* One input: read or fetch it, verify it, print the report. Returns its exit code. */
static int verify_one(const char *input, bool as_json, const reco_verify_options *opt)
{
    int rc = CLI_OK;
    reco_buf data, text;
    reco_report *report = NULL;
    reco_error err;
    json_t *j = NULL;

    reco_buf_init(&data, 0);
    reco_buf_init(&text, 0);
    reco_error_clear(&err);
    if (is_url(input)) {
        if (reco_verify_url(input, opt, &report, &err) != RECO_OK) {
            cli_error_from(&err);
            rc = CLI_USAGE;
            goto out;
        }
    } else {
        reco_code rd = reco_file_read(input, RECO_VERIFY_MAX_INPUT, &data, &err);
        if (rd == RECO_ELIMIT) {
            /* Too large to be a badge: a verdict on the input, as the pipeline gives it. */
            rd = RECO_ENOMEM;
            if ((report = reco_report_new(input, "unknown")) &&
                reco_report_require(report, "proof", NULL) == RECO_OK &&
                reco_report_add(report, "input", RECO_CHECK_FAILED,
                                "the input is over the limit of %u bytes",
                                RECO_VERIFY_MAX_INPUT) == RECO_OK)
                rd = RECO_OK;
            else
                reco_error_set(&err, rd, NULL, "out of memory");
        } else if (rd == RECO_OK) {
            rd = reco_verify_input(data.data ? data.data : "", data.len, input, opt, &report, &err);
        } else {
            cli_error_from(&err);
            rc = CLI_USAGE;
            /* --json keeps one object per input, so a reader can pair them with the inputs. */
            if (as_json &&
                (j = json_pack("{s:s, s:b, s:s}", "input", input, "valid", 0, "error", err.msg)) &&
                reco_json_write(j, 0, &text, NULL) == RECO_OK && reco_buf_putc(&text, '\n') == 0)
                fwrite(text.data, 1, text.len, stdout);
            goto out;
        }
        if (rd != RECO_OK) {
            cli_error_from(&err);
            rc = CLI_USAGE;
            goto out;
        }
    }
    rc = print_report(report, as_json);
out:
    json_decref(j);
    reco_report_free(report);
    reco_buf_release(&data);
    reco_buf_release(&text);
    return rc;
}

int cmd_verify(int argc, char **argv)
{
    bool as_json = false, files_only = false, offline = false, private_net = false;
    reco_did_resolver *resolver = NULL;
    int rc = CLI_OK, ninputs = 0;
    reco_time at;
    reco_verify_options opt;
    char **inputs = NULL;

    memset(&opt, 0, sizeof opt);
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        goto out;
    }
    /* argv outlives the command: the input list points into it. */
    inputs = calloc((size_t)argc, sizeof *inputs);
    if (!inputs) {
        cli_error("out of memory");
        rc = CLI_USAGE;
        goto out;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (files_only || a[0] != '-' || a[1] == '\0') {
            inputs[ninputs++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            files_only = true;
        } else if (strcmp(a, "--json") == 0) {
            as_json = true;
        } else if (strcmp(a, "--offline") == 0) {
            offline = true;
        } else if (strcmp(a, "--allow-private-network") == 0) {
            private_net = true;
        } else if (strcmp(a, "--fetch") == 0) {
            /* Fetching is the default; the old opt-in is kept as a no-op. */
        } else if (strcmp(a, "--at") == 0 && i + 1 < argc) {
            reco_error err;
            const char *s = argv[++i];
            if (reco_time_parse(s, strlen(s), true, &at, &err) != RECO_OK) {
                cli_error("--at wants an RFC 3339 date-time: %s", err.msg);
                rc = CLI_USAGE;
                goto out;
            }
            opt.at = &at;
        } else if (strcmp(a, "--recipient") == 0 && i + 1 < argc) {
            opt.recipient = argv[++i];
        } else {
            cli_error("unknown option '%s' (see 'reco verify --help')", a);
            rc = CLI_USAGE;
            goto out;
        }
    }
    if (ninputs == 0) {
        cli_error("nothing to verify (see 'reco verify --help')");
        rc = CLI_USAGE;
        goto out;
    }
    opt.offline = offline;
    opt.allow_private_network = private_net;
    /* One loader and one resolver for every input: contexts and key documents are read once. */
    if (!(opt.loader = reco_ld_loader_new())) {
        cli_error("out of memory");
        rc = CLI_USAGE;
        goto out;
    }
    opt.http.allow_private_network = private_net;
    reco_did_options dopt = {.offline = offline, .allow_private_network = private_net};
    reco_error derr;
    if (reco_did_resolver_new(&dopt, &resolver, &derr) != RECO_OK) {
        cli_error_from(&derr);
        rc = CLI_USAGE;
        goto out;
    }
    opt.resolver = resolver;
    /* Every input is verified even after a failure; the worst outcome decides the exit. */
    bool progress = ninputs > 1 && isatty(STDERR_FILENO);
    for (int i = 0; i < ninputs; i++) {
        if (progress) {
            fprintf(stderr, "\r\033[K[%d/%d] %.200s", i + 1, ninputs, inputs[i]);
            fflush(stderr);
        }
        int one = verify_one(inputs[i], as_json, &opt);
        if (one > rc)
            rc = one;
        fflush(stdout);
    }
    if (progress)
        fputs("\r\033[K", stderr);
out:
    reco_ld_loader_free(opt.loader);
    reco_did_resolver_free(resolver);
    free(inputs);
    return rc;
}
