/*
 * ldopts.h - the JSON-LD processing options that several commands share (`reco jsonld`,
 * `reco canon`): --base, --expand-context, --processing-mode, --rdf-direction,
 * --generalized-rdf, --safe and the repeatable --map URL-PREFIX=DIR.
 *
 * Use:
 *     ldopts o;
 *     ldopts_init(&o);
 *     for (int i = 1; i < argc; i++) {
 *         int r = ldopts_parse_one(&o, argc, argv, &i);
 *         if (r < 0) { rc = CLI_USAGE; goto out; }   // message already printed
 *         if (r > 0) continue;                        // one of ours, value consumed
 *         ... the command's own options and operands ...
 *     }
 *     reco_ld_options opt;
 *     if (ldopts_apply(&o, &opt, &err) != RECO_OK) { cli_error_from(&err); ... }
 *     ...
 *     ldopts_release(&o);
 */
#ifndef RECO_CLI_LDOPTS_H
#define RECO_CLI_LDOPTS_H

#include "reco/ld.h"

#include <stdio.h>

/** One --map URL-PREFIX=DIR (both point into argv). */
typedef struct ldopts_map {
    const char *prefix;
    size_t prefix_len;
    const char *dir;
} ldopts_map;

#define LDOPTS_MAX_MAPS 16

/** Options as read from the command line. Caller-owned: ldopts_init / ldopts_release. */
typedef struct ldopts {
    const char *base;                /**< --base IRI, or NULL */
    const char *expand_context_path; /**< --expand-context FILE, or NULL */
    bool json_ld_10;                 /**< --processing-mode json-ld-1.0 */
    bool safe;                       /**< --safe */
    bool generalized_rdf;            /**< --generalized-rdf */
    reco_ld_rdf_direction rdf_direction;
    ldopts_map maps[LDOPTS_MAX_MAPS];
    size_t nmaps;
    /* Filled by ldopts_apply, freed by ldopts_release. */
    json_t *expand_context;
    reco_ld_loader *loader;
} ldopts;

/** Defaults: no base, JSON-LD 1.1, no rdfDirection, nothing loaded. */
void ldopts_init(ldopts *o);

/**
 * Look at argv[*i]. When it is one of the shared options, record it, advance *i past its
 * value (if any) and return 1. Return 0 when argv[*i] is not one of them (the caller handles
 * it). Return -1 on a usage error (missing or bad value), after printing "error: ..." on
 * stderr. Both "--opt VALUE" and "--opt=VALUE" are accepted.
 */
int ldopts_parse_one(ldopts *o, int argc, char **argv, int *i);

/**
 * Build processing options: a loader with the bundled contexts and every --map, and the
 * --expand-context file parsed. *opt borrows from o (valid until ldopts_release). Errors:
 * RECO_EIO / RECO_EPARSE for an unreadable or malformed context file, RECO_ENOMEM.
 */
reco_code ldopts_apply(ldopts *o, reco_ld_options *opt, reco_error *err);

/** Free what ldopts_apply made; o may then be initialised again. */
void ldopts_release(ldopts *o);

/** Print the option lines of the shared options for a command's --help. */
void ldopts_help(FILE *f);

#endif
