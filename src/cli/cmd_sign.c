/* cmd_sign.c - placeholder until the command is written; it refuses to run. */
#include "cli.h"

int cmd_sign(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'sign' is not available in this build");
    return CLI_USAGE;
}
