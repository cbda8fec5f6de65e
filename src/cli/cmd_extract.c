/*
 * cmd_extract.c - `reco extract IMAGE`: print the credential baked into a PNG or SVG image
 * (Open Badges 3.0 §"Baked Badge" Extracting, Open Badges 2.0 Baking Extracting): the JSON as
 * it was baked, or the compact JWS, or the hosted assertion URL of a 2.0 badge.
 */
#include "cli.h"

#include "reco/bake.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: reco extract [--info] IMAGE\n\n"
          "Print the credential baked into IMAGE (PNG or SVG; '-' reads standard input):\n"
          "the JSON as baked, a compact JWS (VC-JWT or signed 2.0 assertion), or the URL\n"
          "of a hosted 2.0 assertion.\n\n"
          "  --info   also print 'openbadges VERSION KIND' (kind json, jwt or url) on\n"
          "           standard error\n\n"
          "exit codes: 0 success, 1 the image is corrupt or holds no single credential,\n"
          "2 usage error, unreadable file, or not a PNG or SVG image\n",
          f);
}

int cmd_extract(int argc, char **argv)
{
    static const char *const kinds[] = {"", "json", "jwt", "url"};
    const char *path = NULL;
    bool info = false;
    int rc = CLI_OK;
    reco_code code;
    reco_error err;
    reco_buf image;
    reco_baked baked;

    reco_buf_init(&image, RECO_BAKE_MAX_IMAGE);
    reco_baked_init(&baked);
    reco_error_clear(&err);
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        goto out;
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--info") == 0) {
            info = true;
        } else if (!path && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0)) {
            path = argv[i];
        } else {
            cli_error("unexpected argument '%s' (see 'reco extract --help')", argv[i]);
            rc = CLI_USAGE;
            goto out;
        }
    }
    if (!path) {
        cli_error("IMAGE is required (see 'reco extract --help')");
        rc = CLI_USAGE;
        goto out;
    }
    if (reco_file_read(path, RECO_BAKE_MAX_IMAGE, &image, &err) != RECO_OK) {
        cli_error("%s: %s", path, err.msg);
        rc = CLI_USAGE;
        goto out;
    }
    if (reco_bake_detect(image.data, image.len) == RECO_BAKE_OTHER) {
        cli_error("%s: not a PNG or SVG image", path);
        rc = CLI_USAGE;
        goto out;
    }
    code = reco_extract(image.data, image.len, &baked, &err);
    if (code != RECO_OK) {
        cli_error("%s: %s", path, err.msg);
        /* The image was read: what is wrong is the image itself. */
        rc = code == RECO_ENOMEM ? CLI_USAGE : CLI_FALSE;
        goto out;
    }
    if (info)
        fprintf(stderr, "openbadges %d %s\n", baked.version, kinds[baked.kind]);
    if (fwrite(baked.text.data, 1, baked.text.len, stdout) != baked.text.len ||
        fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
        cli_error("cannot write to standard output");
        rc = CLI_USAGE;
    }
out:
    reco_buf_release(&image);
    reco_baked_release(&baked);
    return rc;
}
