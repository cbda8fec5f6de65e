/* cmd_keygen.c - placeholder until the command is written; it refuses to run. */
#include "cli.h"

int cmd_keygen(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'keygen' is not available in this build");
    return CLI_USAGE;
}
