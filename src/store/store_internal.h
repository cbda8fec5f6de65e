/*
 * store_internal.h - what the files of the store module share and nobody else sees: the SQLite
 * schema migrations.
 */
#ifndef RECO_STORE_INTERNAL_H
#define RECO_STORE_INTERNAL_H

#include <stddef.h>

/** One schema step: applied once, in its own transaction, recorded in schema_migrations. */
typedef struct reco_sqlite_migration {
    int version; /**< 1, 2, 3, ... without gaps */
    const char *name;
    const char *sql; /**< one or more statements */
} reco_sqlite_migration;

/** The SQLite migrations in order; *n gets their number. */
const reco_sqlite_migration *reco_sqlite_migrations(size_t *n);

#endif
