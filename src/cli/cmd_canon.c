/* cmd_canon.c - placeholder until the command is written; it refuses to run. */
#include "cli.h"

int cmd_canon(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'canon' is not available in this build");
    return CLI_USAGE;
}
