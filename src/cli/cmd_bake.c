/*
 * cmd_bake.c - `reco bake --credential FILE --image PNG-or-SVG --out FILE [--ob2]`: embed a
 * credential in a badge image (Open Badges 3.0 §"Baked Badge", Open Badges 2.0 Baking). The
 * image keeps one credential: whatever it held before is replaced.
 */
#include "cli.h"

#include "reco/bake.h"
#include "reco/json.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: reco bake --credential FILE --image IMAGE --out FILE [--ob2]\n\n"
          "Bake the credential in FILE (JSON, or a compact JWS / VC-JWT) into IMAGE (PNG or\n"
          "SVG) and write the baked image to FILE ('-' for standard output). PNG gets an\n"
          "iTXt chunk, SVG an <openbadges:credential> element; a credential the image held\n"
          "before is replaced.\n\n"
          "  --credential FILE  the credential ('-' reads standard input)\n"
          "  --image FILE       the PNG or SVG image to bake into\n"
          "  --out FILE         where to write the baked image\n"
          "  --ob2              bake as Open Badges 2.0 (keyword 'openbadges', namespace\n"
          "                     http://openbadges.org); the default is 2.0 when the\n"
          "                     credential's @context is https://w3id.org/openbadges/v2,\n"
          "                     3.0 otherwise. A 2.0 hosted assertion URL may be baked too.\n\n"
          "exit codes: 0 success, 2 usage error, unreadable or invalid input\n",
          f);
}

/* The credential text: JSON must parse (with the usual limits); other kinds are checked by
 * the baking itself. */
static int read_credential(const char *path, reco_buf *text)
{
    int rc = CLI_OK;
    reco_error err;
    reco_bake_kind kind;
    json_t *doc = NULL;
    reco_error_clear(&err);
    if (reco_file_read(path, RECO_BAKE_MAX_TEXT, text, &err) != RECO_OK) {
        cli_error("%s: %s", path, err.msg);
        rc = CLI_USAGE;
        goto out;
    }
    /* A UTF-8 byte order mark some editors write is no part of the credential. */
    if (text->len >= 3 && memcmp(text->data, "\xEF\xBB\xBF", 3) == 0) {
        memmove(text->data, text->data + 3, text->len - 3);
        text->len -= 3;
        text->data[text->len] = '\0';
    }
    if (reco_bake_kind_of(text->data, text->len, &kind, &err) != RECO_OK) {
        cli_error("%s: %s", path, err.msg);
        rc = CLI_USAGE;
        goto out;
    }
    if (kind == RECO_BAKE_JSON &&
        reco_json_parse(text->data, text->len, NULL, &doc, &err) != RECO_OK) {
        cli_error("%s: the credential is not valid JSON: %s", path, err.msg);
        rc = CLI_USAGE;
    }
out:
    json_decref(doc);
    return rc;
}

int cmd_bake(int argc, char **argv)
{
    const char *cred_path = NULL, *image_path = NULL, *out_path = NULL;
    bool ob2 = false;
    int rc = CLI_OK, version;
    reco_error err;
    reco_buf text, image, baked;

    reco_buf_init(&text, RECO_BAKE_MAX_TEXT);
    reco_buf_init(&image, RECO_BAKE_MAX_IMAGE);
    reco_buf_init(&baked, 0);
    reco_error_clear(&err);
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        goto out;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v && strcmp(a, "--credential") == 0) {
            cred_path = v;
            i++;
        } else if (v && strcmp(a, "--image") == 0) {
            image_path = v;
            i++;
        } else if (v && strcmp(a, "--out") == 0) {
            out_path = v;
            i++;
        } else if (strcmp(a, "--ob2") == 0) {
            ob2 = true;
        } else {
            cli_error("unexpected argument '%s' (see 'reco bake --help')", a);
            rc = CLI_USAGE;
            goto out;
        }
    }
    if (!cred_path || !image_path || !out_path) {
        cli_error("--credential, --image and --out are required (see 'reco bake --help')");
        rc = CLI_USAGE;
        goto out;
    }
    rc = read_credential(cred_path, &text);
    if (rc)
        goto out;
    if (reco_file_read(image_path, RECO_BAKE_MAX_IMAGE, &image, &err) != RECO_OK) {
        cli_error("%s: %s", image_path, err.msg);
        rc = CLI_USAGE;
        goto out;
    }
    version = ob2 ? 2 : reco_bake_guess_version(text.data, text.len);
    if (reco_bake(image.data, image.len, text.data, text.len, version, &baked, &err) != RECO_OK) {
        cli_error("%s: %s", image_path, err.msg);
        rc = CLI_USAGE;
        goto out;
    }
    rc = cli_write_out(out_path, baked.data, baked.len);
out:
    reco_buf_release(&text);
    reco_buf_release(&image);
    reco_buf_release(&baked);
    return rc;
}
