/* cmd_verify.c - placeholder until the command is written; it refuses to run. */
#include "cli.h"

int cmd_verify(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'verify' is not available in this build");
    return CLI_USAGE;
}
