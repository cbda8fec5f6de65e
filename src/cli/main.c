/*
 * main.c - the reco command: a table of commands, each in its own file.
 */
#include "cli.h"
#include "reco/base.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"keygen", cmd_keygen, "make a key pair (Ed25519, P-256 or RSA) and print its public key"},
    {"issue", cmd_issue, "issue a signed Open Badges 3.0 credential"},
    {"sign", cmd_sign, "add a proof to a credential"},
    {"verify", cmd_verify, "verify credentials and print a report, check by check"},
    {"jsonld", cmd_jsonld, "JSON-LD 1.1 processing: expand, tordf"},
    {"canon", cmd_canon, "RDF Dataset Canonicalization (RDFC-1.0) of JSON-LD or N-Quads"},
    {"bake", cmd_bake, "bake a credential into a PNG or SVG image"},
    {"extract", cmd_extract, "print the credential baked into a PNG or SVG image"},
    {"user", cmd_user, "add a user of the issuing service (password on stdin)"},
    {"token", cmd_token, "make a personal API token for a user"},
    {"demo", cmd_demo, "fill a data directory with a demonstration ecosystem"},
    {"serve", cmd_serve, "run the issuing service: hosted credentials and the JSON API"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: reco COMMAND [OPTIONS] [ARGS]\n\n"
               "reco issues, verifies and bakes Open Badges 2.0 and 3.0.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'reco COMMAND --help' describes a command.\n"
               "exit codes: 0 success, 1 the thing checked is false or invalid, "
               "2 usage or unreadable input\n");
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_error_from(const reco_error *err)
{
    if (err->path[0])
        cli_error("%s (at %s)", err->msg[0] ? err->msg : reco_code_name(err->code), err->path);
    else
        cli_error("%s", err->msg[0] ? err->msg : reco_code_name(err->code));
}

int cli_exit_code(reco_code code)
{
    switch (code) {
    case RECO_OK:
        return CLI_OK;
    case RECO_EVERIFY:
    case RECO_ESCHEMA:
        return CLI_FALSE;
    default:
        return CLI_USAGE;
    }
}

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return 1;
    }
    return 0;
}

int cli_write_out(const char *path, const void *data, size_t len)
{
    reco_error err;
    if (!path || strcmp(path, "-") == 0) {
        if ((len && fwrite(data, 1, len, stdout) != len) || fflush(stdout) != 0) {
            cli_error("cannot write to standard output");
            return CLI_USAGE;
        }
        return CLI_OK;
    }
    reco_error_clear(&err);
    if (reco_file_write(path, data, len, 0644, &err) != RECO_OK) {
        cli_error_from(&err);
        return CLI_USAGE;
    }
    return CLI_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        puts("reco 0.1.0");
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    cli_error("unknown command '%s' (see 'reco --help')", argv[1]);
    return CLI_USAGE;
}
