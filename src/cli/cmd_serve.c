/*
 * cmd_serve.c - `reco serve`: open the service (app), start the HTTP server, wait for SIGTERM
 * or SIGINT, then stop gracefully: no new connections, requests in flight finish, the job
 * worker commits its current row, the database closes.
 */
#include "cli.h"
#include "reco/app.h"
#include "reco/server.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: reco serve [--data DIR] [--listen ADDR:PORT] [--base-url URL]\n"
               "                  [--allow-private-network] [--access-log FILE] [--threads N]\n\n"
               "Run the issuing service: hosted credentials, profiles, status lists and the JSON\n"
               "API /api/v1 (docs/server.md, docs/api.md).\n\n"
               "  --data DIR               data directory (reco.db, master.key, outbox/);\n"
               "                           default $RECO_DATA or ./data\n"
               "  --listen ADDR:PORT       default $RECO_LISTEN or 127.0.0.1:8080\n"
               "  --base-url URL           public URL of the service; default $RECO_BASE_URL or\n"
               "                           http://localhost:8080\n"
               "  --allow-private-network  outbound fetches may reach loopback and private\n"
               "                           addresses over plain http (tests, local use)\n"
               "  --access-log FILE        append the access log to FILE (default stderr)\n"
               "  --threads N              worker threads (default: the number of CPUs)\n\n"
               "E-mails go through $RECO_SMTP_URL when set, else to DIR/outbox/ as .eml files.\n"
               "SIGTERM or SIGINT stops the server cleanly (exit 0).\n");
}

static const char *env_or(const char *name, const char *def)
{
    const char *v = getenv(name);
    return v && *v ? v : def;
}

int cmd_serve(int argc, char **argv)
{
    const char *data = env_or("RECO_DATA", "./data");
    const char *listen = env_or("RECO_LISTEN", "127.0.0.1:8080");
    const char *base = env_or("RECO_BASE_URL", "http://localhost:8080");
    const char *log_path = NULL;
    bool private_net = false;
    unsigned threads = 0;
    int log_fd = 2, rc = CLI_OK;
    reco_app *app = NULL;
    reco_server *srv = NULL;
    reco_error err = {0};
    sigset_t set;

    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return CLI_OK;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_val = i + 1 < argc;
        if (strcmp(a, "--data") == 0 && has_val)
            data = argv[++i];
        else if (strcmp(a, "--listen") == 0 && has_val)
            listen = argv[++i];
        else if (strcmp(a, "--base-url") == 0 && has_val)
            base = argv[++i];
        else if (strcmp(a, "--access-log") == 0 && has_val)
            log_path = argv[++i];
        else if (strcmp(a, "--threads") == 0 && has_val) {
            char *end = NULL;
            unsigned long n = strtoul(argv[++i], &end, 10);
            if (*end || n < 1 || n > 256) {
                cli_error("--threads must be 1 to 256");
                return CLI_USAGE;
            }
            threads = (unsigned)n;
        } else if (strcmp(a, "--allow-private-network") == 0)
            private_net = true;
        else {
            cli_error("unknown or incomplete option '%s' (see 'reco serve --help')", a);
            return CLI_USAGE;
        }
    }

    /* Block the stop signals in every thread (the app's worker, MHD's pool inherit the mask);
     * this thread waits for them with sigwait. */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (log_path) {
        log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
        if (log_fd < 0) {
            cli_error("cannot open access log %s: %s", log_path, strerror(errno));
            return CLI_USAGE;
        }
    }

    reco_app_config cfg = {0};
    cfg.data_dir = data;
    cfg.base_url = base;
    cfg.smtp_url = getenv("RECO_SMTP_URL");
    cfg.allow_private_network = private_net;
    cfg.start_worker = true;
    if (reco_app_open(&cfg, &app, &err)) {
        cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }

    reco_server_config scfg = {0};
    scfg.app = app;
    scfg.listen = listen;
    scfg.threads = threads;
    scfg.access_log_fd = log_fd;
    if (reco_server_start(&scfg, &srv, &err)) {
        cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }
    char shown[300];
    const char *colon = strrchr(listen, ':');
    snprintf(shown, sizeof shown, "%.*s:%u", colon ? (int)(colon - listen) : 0, listen,
             reco_server_port(srv));
    printf("reco: listening on http://%s (base URL %s)\n", shown, reco_app_base_url(app));
    fflush(stdout);

    int sig = 0;
    while (sigwait(&set, &sig) != 0)
        ;
    fprintf(stderr, "reco: %s received, stopping\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    reco_server_stop(srv, 10000);
    srv = NULL;

out:
    reco_server_stop(srv, 0);
    reco_app_close(app);
    if (log_fd > 2)
        close(log_fd);
    if (rc == CLI_OK)
        fprintf(stderr, "reco: stopped\n");
    return rc;
}
