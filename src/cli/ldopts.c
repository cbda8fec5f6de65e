/*
 * ldopts.c - parsing of the JSON-LD options shared by `reco jsonld` and `reco canon`
 * (see ldopts.h), and their translation into reco_ld_options.
 */
#include "ldopts.h"

#include "cli.h"
#include "reco/json.h"

#include <string.h>

void ldopts_init(ldopts *o)
{
    memset(o, 0, sizeof *o);
    o->rdf_direction = RECO_LD_RDFDIR_NONE;
}

/*
 * When argv[*i] is "--name" or "--name=VALUE", return 1 and set *value (NULL for a flag
 * given without "="). Return 0 when argv[*i] is another word.
 */
static int match(const char *arg, const char *name, const char **value)
{
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return 0;
    if (arg[n] == '\0') {
        *value = NULL;
        return 1;
    }
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    return 0;
}

/* The value of an option that takes one: after "=" or the next word. NULL when missing. */
static const char *take_value(const char *inline_value, int argc, char **argv, int *i)
{
    if (inline_value)
        return inline_value;
    if (*i + 1 >= argc)
        return NULL;
    (*i)++;
    return argv[*i];
}

int ldopts_parse_one(ldopts *o, int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    const char *iv = NULL;
    const char *v;

    if (match(arg, "--generalized-rdf", &iv) || match(arg, "--safe", &iv)) {
        if (iv) {
            cli_error("option '%.*s' takes no value", (int)(strchr(arg, '=') - arg), arg);
            return -1;
        }
        if (arg[2] == 'g')
            o->generalized_rdf = true;
        else
            o->safe = true;
        return 1;
    }
    if (match(arg, "--base", &iv)) {
        v = take_value(iv, argc, argv, i);
        if (!v || !*v) {
            cli_error("option '--base' needs an IRI");
            return -1;
        }
        o->base = v;
        return 1;
    }
    if (match(arg, "--expand-context", &iv)) {
        v = take_value(iv, argc, argv, i);
        if (!v || !*v) {
            cli_error("option '--expand-context' needs a file");
            return -1;
        }
        o->expand_context_path = v;
        return 1;
    }
    if (match(arg, "--processing-mode", &iv)) {
        v = take_value(iv, argc, argv, i);
        if (v && strcmp(v, "json-ld-1.0") == 0) {
            o->json_ld_10 = true;
        } else if (v && strcmp(v, "json-ld-1.1") == 0) {
            o->json_ld_10 = false;
        } else {
            cli_error("option '--processing-mode' needs json-ld-1.0 or json-ld-1.1");
            return -1;
        }
        return 1;
    }
    if (match(arg, "--rdf-direction", &iv)) {
        v = take_value(iv, argc, argv, i);
        if (v && strcmp(v, "i18n-datatype") == 0) {
            o->rdf_direction = RECO_LD_RDFDIR_I18N_DATATYPE;
        } else if (v && strcmp(v, "compound-literal") == 0) {
            o->rdf_direction = RECO_LD_RDFDIR_COMPOUND_LITERAL;
        } else {
            cli_error("option '--rdf-direction' needs i18n-datatype or compound-literal");
            return -1;
        }
        return 1;
    }
    if (match(arg, "--map", &iv)) {
        v = take_value(iv, argc, argv, i);
        const char *eq = v ? strchr(v, '=') : NULL;
        if (!eq || eq == v || eq[1] == '\0') {
            cli_error("option '--map' needs URL-PREFIX=DIR");
            return -1;
        }
        if (o->nmaps >= LDOPTS_MAX_MAPS) {
            cli_error("too many '--map' options (at most %d)", LDOPTS_MAX_MAPS);
            return -1;
        }
        o->maps[o->nmaps].prefix = v;
        o->maps[o->nmaps].prefix_len = (size_t)(eq - v);
        o->maps[o->nmaps].dir = eq + 1;
        o->nmaps++;
        return 1;
    }
    return 0;
}

reco_code ldopts_apply(ldopts *o, reco_ld_options *opt, reco_error *err)
{
    reco_code rc = RECO_OK;
    char prefix[2048];

    memset(opt, 0, sizeof *opt);
    if (!o->loader) {
        o->loader = reco_ld_loader_new();
        if (!o->loader) {
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory making the loader");
            goto out;
        }
        for (size_t k = 0; k < o->nmaps; k++) {
            if (o->maps[k].prefix_len >= sizeof prefix) {
                rc = reco_error_set(err, RECO_EINVAL, NULL, "map prefix too long");
                goto out;
            }
            memcpy(prefix, o->maps[k].prefix, o->maps[k].prefix_len);
            prefix[o->maps[k].prefix_len] = '\0';
            rc = reco_ld_loader_map(o->loader, prefix, o->maps[k].dir, err);
            if (rc != RECO_OK)
                goto out;
        }
    }
    if (o->expand_context_path && !o->expand_context) {
        rc = reco_json_read_file(o->expand_context_path, NULL, &o->expand_context, err);
        if (rc != RECO_OK)
            goto out;
    }
    opt->base = o->base;
    opt->expand_context = o->expand_context;
    opt->json_ld_10 = o->json_ld_10;
    opt->safe = o->safe;
    opt->generalized_rdf = o->generalized_rdf;
    opt->rdf_direction = o->rdf_direction;
    opt->loader = o->loader;
out:
    return rc;
}

void ldopts_release(ldopts *o)
{
    if (o->expand_context)
        json_decref(o->expand_context);
    reco_ld_loader_free(o->loader);
    o->expand_context = NULL;
    o->loader = NULL;
}

void ldopts_help(FILE *f)
{
    fputs("JSON-LD options:\n"
          "  --base IRI                 base IRI of the document\n"
          "  --expand-context FILE      a context applied before the document's own\n"
          "  --processing-mode MODE     json-ld-1.0 or json-ld-1.1 (default)\n"
          "  --rdf-direction MODE       i18n-datatype or compound-literal (default: none)\n"
          "  --generalized-rdf          keep blank-node predicates\n"
          "  --safe                     undefined terms and dropped values are errors\n"
          "  --map URL-PREFIX=DIR       load documents under URL-PREFIX from DIR (repeatable);\n"
          "                             otherwise only the bundled contexts are available\n",
          f);
}
