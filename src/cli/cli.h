/*
 * cli.h - what the commands of the reco binary share. The CLI uses only the public API
 * (include/reco); each command lives in its own cmd_<name>.c.
 */
#ifndef RECO_CLI_H
#define RECO_CLI_H

#include "reco/common.h"

/* Exit codes, the same for every command. */
enum {
    CLI_OK = 0,    /**< success */
    CLI_FALSE = 1, /**< the thing checked is false or invalid */
    CLI_USAGE = 2  /**< usage error or unreadable input */
};

/** Print "error: <message>" on stderr. */
void cli_error(const char *fmt, ...) RECO_PRINTF(1, 2);
/** Print "error: <msg>" from err, with " (at <path>)" when err->path is set. */
void cli_error_from(const reco_error *err);
/** CLI_USAGE for RECO_EINVAL/EPARSE/EIO/ENOTFOUND/ELIMIT on input, CLI_FALSE for verdicts. */
int cli_exit_code(reco_code code);
/** True when argv holds -h or --help (before a "--"). */
int cli_wants_help(int argc, char **argv);
/**
 * Write len bytes of data to the file path (created or replaced, mode 0644), or to standard
 * output (flushed) when path is NULL or "-". On failure prints the error and returns
 * CLI_USAGE; CLI_OK otherwise.
 */
int cli_write_out(const char *path, const void *data, size_t len);

/* One function per command: argc/argv start at the command name. */
int cmd_keygen(int argc, char **argv);
int cmd_issue(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_jsonld(int argc, char **argv);
int cmd_canon(int argc, char **argv);
int cmd_bake(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_serve(int argc, char **argv);

#endif
