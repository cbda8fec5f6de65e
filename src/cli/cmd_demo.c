/*
 * cmd_demo.c - `reco demo [--data DIR] [--base-url URL]`: make the demonstration ecosystem
 * (issuers, badges, awards, an admin user) in the data directory; a second run adds nothing.
 */
#include "cli.h"

#include "reco/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: reco demo [--data DIR] [--base-url URL]\n\n"
          "Fill the data directory with a small, fictitious territorial ecosystem: a region,\n"
          "the \"Badgeons\" collective, a mission locale, an association and a company, with\n"
          "badges (formal, informal, peer; aligned to ROME and ESCO), awards, and an admin\n"
          "user whose e-mail, password and API token are printed. Run twice, it adds nothing.\n"
          "Credentials carry the base URL: use the one 'reco serve' will use.\n\n"
          "  --data DIR      data directory (default $RECO_DATA or ./data)\n"
          "  --base-url URL  public URL of the service (default $RECO_BASE_URL or\n"
          "                  http://localhost:8080)\n\n"
          "exit codes: 0 success, 2 usage error or the data cannot be written\n",
          f);
}

int cmd_demo(int argc, char **argv)
{
    const char *data = getenv("RECO_DATA"), *base = getenv("RECO_BASE_URL");
    int rc = CLI_OK;
    reco_app *app = NULL;
    reco_app_config cfg = {0};
    reco_app_demo_result res;
    reco_error err = {0};
    memset(&res, 0, sizeof res);
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        goto out;
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
            data = argv[++i];
        } else if (strcmp(argv[i], "--base-url") == 0 && i + 1 < argc) {
            base = argv[++i];
        } else {
            cli_error("unexpected argument '%s' (see 'reco demo --help')", argv[i]);
            rc = CLI_USAGE;
            goto out;
        }
    }
    cfg.data_dir = data && data[0] ? data : "./data";
    cfg.base_url = base;
    if (reco_app_open(&cfg, &app, &err) || reco_app_demo(app, &res, &err)) {
        cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }
    if (res.created)
        printf("demo data made in %s: %zu issuers, %zu badges, %zu credentials\n"
               "admin e-mail:   %s\nadmin password: %s\nAPI token:      %s\n",
               cfg.data_dir, res.issuers, res.achievements, res.credentials, res.email,
               res.password, res.token);
    else
        printf("demo data already present in %s (%zu issuers, %zu badges, %zu credentials); "
               "nothing added\nadmin e-mail: %s\n",
               cfg.data_dir, res.issuers, res.achievements, res.credentials, res.email);
out:
    reco_wipe(&res, sizeof res);
    reco_app_close(app);
    return rc;
}
