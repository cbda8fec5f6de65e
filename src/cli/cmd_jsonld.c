/* cmd_jsonld.c - placeholder until the command is written; it refuses to run. */
#include "cli.h"

int cmd_jsonld(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'jsonld' is not available in this build");
    return CLI_USAGE;
}
