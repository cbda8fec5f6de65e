/* cmd_issue.c - placeholder until the command is written; it refuses to run. */
#include "cli.h"

int cmd_issue(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'issue' is not available in this build");
    return CLI_USAGE;
}
