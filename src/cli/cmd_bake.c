/* cmd_bake.c - placeholder until the command is written; it refuses to run. */
#include "cli.h"

int cmd_bake(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'bake' is not available in this build");
    return CLI_USAGE;
}
