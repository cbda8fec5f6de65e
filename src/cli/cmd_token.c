/*
 * cmd_token.c - `reco token add --data DIR --email E [--label L]`: make a personal API token
 * for a user and print it (it is shown once: only its hash is stored).
 */
#include "cli.h"

#include "reco/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: reco token add [--data DIR] --email EMAIL [--label LABEL]\n\n"
          "Make a personal API token for the user and print it on standard output. It is\n"
          "shown only now: the service keeps only its hash. Use it as\n"
          "'Authorization: Bearer TOKEN' with the JSON API.\n\n"
          "  --data DIR     data directory (default $RECO_DATA or ./data)\n"
          "  --email EMAIL  the user\n"
          "  --label LABEL  a note to recognise the token later\n\n"
          "exit codes: 0 success, 2 usage error or no such user\n",
          f);
}

int cmd_token(int argc, char **argv)
{
    const char *data = getenv("RECO_DATA"), *email = NULL, *label = "cli";
    int rc = CLI_OK;
    reco_app *app = NULL;
    reco_app_config cfg = {0};
    reco_app_user user;
    reco_error err = {0};
    reco_buf tok;
    reco_buf_init(&tok, 256);
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        goto out;
    }
    if (argc < 2 || strcmp(argv[1], "add") != 0) {
        cli_error("expected 'reco token add' (see 'reco token --help')");
        rc = CLI_USAGE;
        goto out;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
            data = argv[++i];
        } else if (strcmp(argv[i], "--email") == 0 && i + 1 < argc) {
            email = argv[++i];
        } else if (strcmp(argv[i], "--label") == 0 && i + 1 < argc) {
            label = argv[++i];
        } else {
            cli_error("unexpected argument '%s' (see 'reco token --help')", argv[i]);
            rc = CLI_USAGE;
            goto out;
        }
    }
    if (!email) {
        cli_error("--email EMAIL is required (see 'reco token --help')");
        rc = CLI_USAGE;
        goto out;
    }
    cfg.data_dir = data && data[0] ? data : "./data";
    cfg.base_url = getenv("RECO_BASE_URL");
    if (reco_app_open(&cfg, &app, &err) || reco_app_user_by_email(app, email, &user, &err) ||
        reco_app_token_add(app, &user, label, 0, &tok, NULL, &err)) {
        cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }
    printf("%s\n", tok.data);
out:
    reco_wipe(tok.data, tok.len);
    reco_buf_release(&tok);
    reco_app_close(app);
    return rc;
}
