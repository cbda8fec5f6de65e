/* cmd_extract.c - placeholder until the command is written; it refuses to run. */
#include "cli.h"

int cmd_extract(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'extract' is not available in this build");
    return CLI_USAGE;
}
