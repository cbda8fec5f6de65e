/*
 * cmd_sign.c - `reco sign --key KEYFILE [--proof SUITE|vc-jwt] [--out FILE] DOC.json`: add a
 * Data Integrity proof to any JSON document, or sign it as a VC-JWT. A proof already there
 * stays: the new proof goes alongside it in a proof set (VC Data Integrity §4.3).
 */
#include "cli.h"

#include "reco/jose.h"
#include "reco/json.h"
#include "reco/ob.h"
#include "reco/vc.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: reco sign --key KEYFILE [--proof PROOF] [--verification-method VM]\n"
          "                 [--out FILE] DOC.json\n\n"
          "Add a Data Integrity proof made with the key in KEYFILE to the JSON document\n"
          "DOC.json ('-' reads standard input) and print the signed document (or write it\n"
          "to FILE). Existing proofs are kept: the new one joins them in a proof set.\n\n"
          "  --key FILE     key file made by 'reco keygen' (mode 0600)\n"
          "  --proof PROOF  eddsa-rdfc-2022 (default), eddsa-jcs-2022, or vc-jwt (the\n"
          "                 credential as a compact JWT, OB 3.0 section 8.2, kid the key's\n"
          "                 did:key or, for RSA, did:jwk). Suites this build knows:\n"
          "                ",
          f);
    for (size_t i = 0; reco_di_suite_at(i); i++)
        fprintf(f, " %s", reco_di_suite_at(i)->name);
    fputs("\n  --verification-method VM\n"
          "                 the proof's verificationMethod (a Data Integrity proof) or the\n"
          "                 JWT's kid (vc-jwt), e.g. did:web:example.org#key-1; default: the\n"
          "                 key's did:key (did:jwk for RSA) URL\n"
          "  --out FILE     write the signed document to FILE instead of standard output\n\n"
          "exit codes: 0 success, 2 usage error, unreadable or invalid input\n",
          f);
}

/* OB 3.0 §8.2: the document as a VC-JWT whose kid is the key's DID URL. */
static reco_code sign_jwt(const json_t *doc, const reco_key *key, const char *vm, reco_buf *out,
                          reco_error *err)
{
    reco_buf kid, mk;
    reco_buf_init(&kid, 16384);
    reco_buf_init(&mk, 1024);
    reco_code rc = RECO_OK;
    if (vm) {
        if ((rc = reco_buf_puts(&kid, vm)))
            reco_error_set(err, rc, NULL, "the verification method is too long");
    } else if ((rc = reco_ob_key_did(key, &kid, err)) == RECO_OK) {
        /* did:key URL "did:key:z..#z.."; did:jwk URL "did:jwk:...#0" (did:jwk method §2). */
        if (strncmp(kid.data, "did:key:", 8) != 0)
            rc = reco_buf_puts(&kid, "#0");
        else if ((rc = reco_key_to_multikey(key, &mk, err)) == RECO_OK)
            rc = reco_buf_printf(&kid, "#%s", mk.data);
    }
    if (!rc) {
        reco_vcjwt_sign_options so = {.kid = kid.data};
        rc = reco_vcjwt_sign(doc, key, &so, out, err);
    }
    reco_buf_release(&kid);
    reco_buf_release(&mk);
    return rc;
}

int cmd_sign(int argc, char **argv)
{
    const char *key_path = NULL, *suite = NULL, *out_path = NULL, *doc_path = NULL;
    const char *vm = NULL;
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
        } else if (v && strcmp(a, "--verification-method") == 0) {
            vm = v;
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
    bool jwt = suite && strcmp(suite, "vc-jwt") == 0;
    if (suite && !jwt && !reco_di_suite_find(suite)) {
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
    reco_di_sign_options so = {.cryptosuite = suite, .verification_method = vm};
    if (jwt ? sign_jwt(doc, key, vm, &text, &err) != RECO_OK
            : (reco_di_add_proof(doc, key, &so, &err) != RECO_OK ||
               reco_json_write(doc, RECO_JSON_PRETTY, &text, &err) != RECO_OK)) {
        cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }
    if (reco_buf_putc(&text, '\n') != RECO_OK) {
        cli_error("out of memory");
        rc = CLI_USAGE;
        goto out;
    }
    rc = cli_write_out(out_path, text.data, text.len);
out:
    json_decref(doc);
    reco_key_free(key);
    reco_buf_release(&text);
    return rc;
}
