/*
 * cmd_user.c - `reco user add --data DIR --email E [--admin]`: add a user of the issuing
 * service; the password is read from standard input (one line), never from the command line.
 */
#include "cli.h"

#include "reco/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD_LINE_MAX 1024

static void usage(FILE *f)
{
    fputs("usage: reco user add [--data DIR] --email EMAIL [--admin] < password\n\n"
          "Add a user of the issuing service. The password (8 to 1024 bytes) is the first\n"
          "line of standard input.\n\n"
          "  --data DIR     data directory (default $RECO_DATA or ./data)\n"
          "  --email EMAIL  the user's e-mail address (stored in lower case)\n"
          "  --admin        the user may do everything on every issuer\n\n"
          "exit codes: 0 success, 2 usage error, bad input or the user exists already\n",
          f);
}

/* The first line of stdin, without its line end. */
static int read_password(char *out, size_t cap)
{
    size_t n;
    if (!fgets(out, (int)cap, stdin))
        return -1;
    n = strlen(out);
    if (n == cap - 1 && out[n - 1] != '\n')
        return -2;
    while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
    return 0;
}

int cmd_user(int argc, char **argv)
{
    const char *data = getenv("RECO_DATA"), *email = NULL;
    bool admin = false;
    int rc = CLI_OK;
    reco_app *app = NULL;
    reco_app_config cfg = {0};
    reco_app_user user;
    reco_error err = {0};
    char password[PASSWORD_LINE_MAX + 2];
    memset(password, 0, sizeof password);
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        goto out;
    }
    if (argc < 2 || strcmp(argv[1], "add") != 0) {
        cli_error("expected 'reco user add' (see 'reco user --help')");
        rc = CLI_USAGE;
        goto out;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
            data = argv[++i];
        } else if (strcmp(argv[i], "--email") == 0 && i + 1 < argc) {
            email = argv[++i];
        } else if (strcmp(argv[i], "--admin") == 0) {
            admin = true;
        } else {
            cli_error("unexpected argument '%s' (see 'reco user --help')", argv[i]);
            rc = CLI_USAGE;
            goto out;
        }
    }
    if (!email) {
        cli_error("--email EMAIL is required (see 'reco user --help')");
        rc = CLI_USAGE;
        goto out;
    }
    switch (read_password(password, sizeof password)) {
    case -1:
        cli_error("no password on standard input");
        rc = CLI_USAGE;
        goto out;
    case -2:
        cli_error("the password is longer than %d bytes", PASSWORD_LINE_MAX);
        rc = CLI_USAGE;
        goto out;
    default:
        break;
    }
    cfg.data_dir = data && data[0] ? data : "./data";
    cfg.base_url = getenv("RECO_BASE_URL");
    if (reco_app_open(&cfg, &app, &err) ||
        reco_app_user_add(app, email, password, admin, &user, &err)) {
        cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }
    printf("user %s added%s\n", user.email, admin ? " (admin)" : "");
out:
    reco_wipe(password, sizeof password);
    reco_app_close(app);
    return rc;
}
