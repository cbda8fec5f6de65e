/*
 * cmd_issue.c - `reco issue --key KEYFILE --achievement ACH.json --subject DID-or-EMAIL
 * [--issuer PROFILE.json] [--proof SUITE] [--valid-from DATE] [--valid-until DATE] [--out FILE]`:
 * issue a signed Open Badges 3.0 OpenBadgeCredential (reco_ob_issue) and print it.
 */
#include "cli.h"

#include "reco/json.h"
#include "reco/ob.h"
#include "reco/vc.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: reco issue --key KEYFILE --achievement ACH.json --subject DID-or-EMAIL\n"
          "                  [--issuer PROFILE.json] [--proof SUITE] [--valid-from DATE]\n"
          "                  [--valid-until DATE] [--out FILE]\n\n"
          "Issue an Open Badges 3.0 OpenBadgeCredential for the achievement in ACH.json,\n"
          "signed with the key in KEYFILE, and print it (or write it to FILE).\n\n"
          "  --key FILE          key file made by 'reco keygen' (mode 0600)\n"
          "  --achievement FILE  an OB 3.0 Achievement: id, type, name, description, criteria\n"
          "  --subject S         the earner: a DID or URI (credentialSubject.id), or an e-mail\n"
          "                      address (stored as a salted SHA-256 IdentityObject)\n"
          "  --issuer FILE       an OB 3.0 Profile; its id must be the key's did:key (or be\n"
          "                      absent: the did:key is filled in). Default: a bare Profile\n"
          "  --proof SUITE       cryptosuite (default " RECO_DI_DEFAULT_SUITE "); known:",
          f);
    for (size_t i = 0; reco_di_suite_at(i); i++)
        fprintf(f, " %s", reco_di_suite_at(i)->name);
    fputs("\n  --valid-from DATE   RFC 3339 date-time or YYYY-MM-DD (default: now)\n"
          "  --valid-until DATE  expiry, RFC 3339 date-time or YYYY-MM-DD (default: none)\n"
          "  --out FILE          write the credential to FILE instead of standard output\n\n"
          "exit codes: 0 success, 2 usage error, unreadable or invalid input\n",
          f);
}

/* RFC 3339 date-time with offset, or a bare YYYY-MM-DD meaning midnight UTC. */
static int parse_date(const char *opt, const char *s, reco_time *t)
{
    char full[40];
    reco_error err;
    size_t n = strlen(s);
    if (n == 10) {
        snprintf(full, sizeof full, "%sT00:00:00Z", s);
        s = full;
        n = strlen(full);
    }
    if (reco_time_parse(s, n, true, t, &err) != RECO_OK) {
        cli_error("%s wants an RFC 3339 date-time or YYYY-MM-DD: %s", opt, err.msg);
        return -1;
    }
    return 0;
}

static int read_json(const char *what, const char *path, json_t **out)
{
    reco_error err;
    if (reco_json_read_file(path, NULL, out, &err) != RECO_OK) {
        /* The message names the file already. */
        if (err.path[0])
            cli_error("cannot read the %s: %s (at %s)", what, err.msg, err.path);
        else
            cli_error("cannot read the %s: %s", what, err.msg);
        return -1;
    }
    return 0;
}

int cmd_issue(int argc, char **argv)
{
    const char *key_path = NULL, *ach_path = NULL, *issuer_path = NULL, *out_path = NULL;
    const char *subject = NULL, *suite = NULL;
    reco_time from, until;
    bool has_from = false, has_until = false;
    int rc = CLI_OK;
    reco_key *key = NULL;
    json_t *ach = NULL, *issuer = NULL, *vc = NULL;
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
        if (v && strcmp(a, "--key") == 0)
            key_path = v;
        else if (v && strcmp(a, "--achievement") == 0)
            ach_path = v;
        else if (v && strcmp(a, "--subject") == 0)
            subject = v;
        else if (v && strcmp(a, "--issuer") == 0)
            issuer_path = v;
        else if (v && strcmp(a, "--proof") == 0)
            suite = v;
        else if (v && strcmp(a, "--out") == 0)
            out_path = v;
        else if (v && strcmp(a, "--valid-from") == 0) {
            if (parse_date(a, v, &from)) {
                rc = CLI_USAGE;
                goto out;
            }
            has_from = true;
        } else if (v && strcmp(a, "--valid-until") == 0) {
            if (parse_date(a, v, &until)) {
                rc = CLI_USAGE;
                goto out;
            }
            has_until = true;
        } else {
            cli_error("unexpected argument '%s' (see 'reco issue --help')", a);
            rc = CLI_USAGE;
            goto out;
        }
        i++;
    }
    if (!key_path || !ach_path || !subject) {
        cli_error("--key, --achievement and --subject are required (see 'reco issue --help')");
        rc = CLI_USAGE;
        goto out;
    }
    if (suite && !reco_di_suite_find(suite)) {
        cli_error("unknown proof suite '%s' (see 'reco issue --help')", suite);
        rc = CLI_USAGE;
        goto out;
    }
    if (reco_key_load(key_path, &key, &err) != RECO_OK) {
        cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }
    if (read_json("achievement", ach_path, &ach) ||
        (issuer_path && read_json("issuer profile", issuer_path, &issuer))) {
        rc = CLI_USAGE;
        goto out;
    }
    reco_ob_issue_params p = {
        .achievement = ach,
        .issuer = issuer,
        .subject = subject,
        .valid_from = has_from ? &from : NULL,
        .valid_until = has_until ? &until : NULL,
    };
    reco_di_sign_options so = {.cryptosuite = suite};
    if (reco_ob_issue(&p, key, &so, &vc, &err) != RECO_OK) {
        /* Schema errors name the file they come from and the JSON pointer inside it. */
        const char *file = strncmp(err.msg, "achievement", 11) == 0 ? ach_path
                           : strncmp(err.msg, "issuer", 6) == 0     ? issuer_path
                                                                    : NULL;
        if (file && err.path[0])
            cli_error("%s: %s (at %s)", file, err.msg, err.path);
        else
            cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }
    if (reco_json_write(vc, RECO_JSON_PRETTY, &text, &err) != RECO_OK ||
        reco_buf_putc(&text, '\n') != RECO_OK) {
        cli_error("cannot write the credential: %s", err.msg);
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
    json_decref(vc);
    json_decref(ach);
    json_decref(issuer);
    reco_key_free(key);
    reco_buf_release(&text);
    return rc;
}
