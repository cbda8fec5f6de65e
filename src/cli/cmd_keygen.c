/*
 * cmd_keygen.c - `reco keygen [--type ed25519|p256|rsa] [--bits N] --out KEYFILE [--force]`:
 * make a key pair, save it as a key file readable by its owner only (mode 0600), and print
 * its public key: the did:key for Ed25519 and P-256, the public JWK for RSA.
 */
#include "cli.h"

#include "reco/crypto.h"
#include "reco/json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *f)
{
    fputs("usage: reco keygen [--type ed25519|p256|rsa] [--bits N] --out KEYFILE [--force]\n\n"
          "Make a key pair and save it in KEYFILE (mode 0600), then print the public key:\n"
          "its did:key for Ed25519 and P-256, its public JWK for RSA.\n\n"
          "  --type T    key type (default ed25519)\n"
          "  --bits N    RSA modulus size (default 2048; less is refused)\n"
          "  --out FILE  where to save the key pair (required)\n"
          "  --force     replace FILE when it exists (default: refuse)\n\n"
          "exit codes: 0 success, 2 usage error or the key cannot be saved\n",
          f);
}

/* A positive decimal number for --bits (no atoi: overflow and junk are refused). */
static int parse_bits(const char *s, int *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || !end || *end || v <= 0 || v > 16384)
        return -1;
    *out = (int)v;
    return 0;
}

int cmd_keygen(int argc, char **argv)
{
    const char *type_name = "ed25519", *out_path = NULL;
    int bits = 0, force = 0, rc = CLI_OK;
    reco_key_type type;
    reco_key *key = NULL;
    reco_error err;
    reco_buf pub;
    json_t *jwk = NULL;
    struct stat st;

    reco_buf_init(&pub, 64 * 1024);
    reco_error_clear(&err);
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        goto out;
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--type") == 0 && i + 1 < argc) {
            type_name = argv[++i];
        } else if (strcmp(argv[i], "--bits") == 0 && i + 1 < argc) {
            if (parse_bits(argv[++i], &bits)) {
                cli_error("--bits wants a positive number, not '%s'", argv[i]);
                rc = CLI_USAGE;
                goto out;
            }
        } else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
            out_path = argv[++i];
        } else if (strcmp(argv[i], "--force") == 0) {
            force = 1;
        } else {
            cli_error("unexpected argument '%s' (see 'reco keygen --help')", argv[i]);
            rc = CLI_USAGE;
            goto out;
        }
    }
    if (!out_path) {
        cli_error("--out KEYFILE is required (see 'reco keygen --help')");
        rc = CLI_USAGE;
        goto out;
    }
    if (reco_key_type_parse(type_name, &type, &err) != RECO_OK) {
        cli_error("unknown key type '%s' (ed25519, p256 or rsa)", type_name);
        rc = CLI_USAGE;
        goto out;
    }
    if (bits && type != RECO_KEY_RSA) {
        cli_error("--bits applies to rsa keys only");
        rc = CLI_USAGE;
        goto out;
    }
    /* A key file is precious: never replace one by accident. */
    if (!force && lstat(out_path, &st) == 0) {
        cli_error("%s already exists; use --force to replace it", out_path);
        rc = CLI_USAGE;
        goto out;
    }
    if (reco_key_generate(type, bits, &key, &err) != RECO_OK ||
        reco_key_save(key, out_path, &err) != RECO_OK) {
        cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }
    if (type == RECO_KEY_RSA) {
        if (reco_key_to_jwk(key, false, &jwk, &err) == RECO_OK)
            reco_json_write(jwk, RECO_JSON_PRETTY, &pub, &err);
    } else {
        reco_key_to_did_key(key, &pub, &err);
    }
    if (err.code != RECO_OK) {
        cli_error_from(&err);
        rc = CLI_USAGE;
        goto out;
    }
    printf("%s\n", pub.data);
out:
    json_decref(jwk);
    reco_key_free(key);
    reco_buf_release(&pub);
    return rc;
}
