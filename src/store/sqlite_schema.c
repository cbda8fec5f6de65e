/*
 * sqlite_schema.c - the SQLite schema as versioned migrations (docs/storage.md).
 *
 * Never edit a migration that has shipped: append a new one. Each runs once, in its own
 * transaction, and is recorded in schema_migrations; reco_store_open applies the missing ones.
 *
 * Conventions of the schema:
 * - every table has `id INTEGER PRIMARY KEY` (the rowid);
 * - a reference to another row that may be absent is NULL in the database and 0 in the row
 *   structs, so that foreign keys hold;
 * - times are INTEGER seconds since the epoch, 0 = none;
 * - every lookup the store makes has an index: public ids, slugs, e-mail, secret hashes,
 *   claim hashes, (job, row), (status list, index).
 */
#include "store_internal.h"

static const reco_sqlite_migration migrations[] = {
    {1, "initial schema",
     "CREATE TABLE users ("
     " id INTEGER PRIMARY KEY,"
     " email TEXT NOT NULL COLLATE NOCASE,"
     " password_hash TEXT,"
     " name TEXT,"
     " locale TEXT,"
     " is_admin INTEGER NOT NULL DEFAULT 0,"
     " confirmed_at INTEGER NOT NULL DEFAULT 0,"
     " created_at INTEGER NOT NULL DEFAULT 0);"
     "CREATE UNIQUE INDEX users_email ON users(email);"

     "CREATE TABLE secrets ("
     " id INTEGER PRIMARY KEY,"
     " kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 4),"
     " hash TEXT NOT NULL,"
     " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
     " label TEXT,"
     " created_at INTEGER NOT NULL DEFAULT 0,"
     " expires_at INTEGER NOT NULL DEFAULT 0,"
     " revoked_at INTEGER NOT NULL DEFAULT 0);"
     "CREATE UNIQUE INDEX secrets_kind_hash ON secrets(kind, hash);"
     "CREATE INDEX secrets_user ON secrets(user_id, kind);"

     "CREATE TABLE issuers ("
     " id INTEGER PRIMARY KEY,"
     " slug TEXT NOT NULL,"
     " name TEXT NOT NULL,"
     " url TEXT,"
     " email TEXT,"
     " description TEXT,"
     " image_url TEXT,"
     " address TEXT,"
     " ed25519_sk TEXT,"
     " ed25519_pk TEXT,"
     " rsa_sk TEXT,"
     " rsa_pk TEXT,"
     " created_at INTEGER NOT NULL DEFAULT 0);"
     "CREATE UNIQUE INDEX issuers_slug ON issuers(slug);"

     "CREATE TABLE memberships ("
     " issuer_id INTEGER NOT NULL REFERENCES issuers(id) ON DELETE CASCADE,"
     " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
     " role INTEGER NOT NULL CHECK (role BETWEEN 1 AND 3),"
     " PRIMARY KEY (issuer_id, user_id)) WITHOUT ROWID;"
     "CREATE INDEX memberships_user ON memberships(user_id);"

     "CREATE TABLE achievements ("
     " id INTEGER PRIMARY KEY,"
     " public_id TEXT NOT NULL,"
     " issuer_id INTEGER NOT NULL REFERENCES issuers(id),"
     " name TEXT NOT NULL,"
     " description TEXT,"
     " criteria_md TEXT,"
     " achievement_type TEXT,"
     " tags TEXT,"
     " alignments TEXT,"
     " image_type TEXT,"
     " image BLOB,"
     " validity_days INTEGER NOT NULL DEFAULT 0,"
     " created_at INTEGER NOT NULL DEFAULT 0);"
     "CREATE UNIQUE INDEX achievements_public_id ON achievements(public_id);"
     "CREATE INDEX achievements_issuer ON achievements(issuer_id, created_at);"
     "CREATE INDEX achievements_created ON achievements(created_at);"

     /* The bits are one BLOB of size / 8 bytes (BitstringStatusList section 2.1: index 0 is
        the left-most bit). */
     "CREATE TABLE status_lists ("
     " id INTEGER PRIMARY KEY,"
     " public_id TEXT NOT NULL,"
     " issuer_id INTEGER NOT NULL REFERENCES issuers(id),"
     " purpose TEXT NOT NULL,"
     " size INTEGER NOT NULL CHECK (size > 0 AND size % 8 = 0),"
     " next_index INTEGER NOT NULL DEFAULT 0 CHECK (next_index BETWEEN 0 AND size),"
     " bits BLOB NOT NULL CHECK (length(bits) * 8 = size),"
     " updated_at INTEGER NOT NULL DEFAULT 0);"
     "CREATE UNIQUE INDEX status_lists_public_id ON status_lists(public_id);"
     "CREATE INDEX status_lists_issuer ON status_lists(issuer_id, purpose);"

     "CREATE TABLE jobs ("
     " id INTEGER PRIMARY KEY,"
     " public_id TEXT NOT NULL,"
     " kind TEXT NOT NULL,"
     " issuer_id INTEGER REFERENCES issuers(id),"
     " achievement_id INTEGER REFERENCES achievements(id),"
     " user_id INTEGER REFERENCES users(id),"
     " state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 4),"
     " all_or_nothing INTEGER NOT NULL DEFAULT 0,"
     " input TEXT,"
     " total INTEGER NOT NULL DEFAULT 0,"
     " done INTEGER NOT NULL DEFAULT 0,"
     " ok INTEGER NOT NULL DEFAULT 0,"
     " failed INTEGER NOT NULL DEFAULT 0,"
     " report TEXT,"
     " error TEXT,"
     " created_at INTEGER NOT NULL DEFAULT 0,"
     " updated_at INTEGER NOT NULL DEFAULT 0);"
     "CREATE UNIQUE INDEX jobs_public_id ON jobs(public_id);"
     "CREATE INDEX jobs_pending ON jobs(state, id) WHERE state IN (1, 2);"

     "CREATE TABLE credentials ("
     " id INTEGER PRIMARY KEY,"
     " public_id TEXT NOT NULL,"
     " issuer_id INTEGER NOT NULL REFERENCES issuers(id),"
     " achievement_id INTEGER NOT NULL REFERENCES achievements(id),"
     " recipient_email TEXT,"
     " recipient_did TEXT,"
     " recipient_name TEXT,"
     " json TEXT NOT NULL,"
     " jwt TEXT,"
     " status_list_id INTEGER REFERENCES status_lists(id),"
     " status_index INTEGER NOT NULL DEFAULT 0,"
     " claim_hash TEXT,"
     " claimed_by INTEGER REFERENCES users(id),"
     " claim_expires_at INTEGER NOT NULL DEFAULT 0,"
     " revoked_at INTEGER NOT NULL DEFAULT 0,"
     " revocation_reason TEXT,"
     " job_id INTEGER REFERENCES jobs(id),"
     " job_row INTEGER NOT NULL DEFAULT 0,"
     " public_in_backpack INTEGER NOT NULL DEFAULT 0,"
     " created_at INTEGER NOT NULL DEFAULT 0);"
     "CREATE UNIQUE INDEX credentials_public_id ON credentials(public_id);"
     "CREATE UNIQUE INDEX credentials_claim ON credentials(claim_hash)"
     " WHERE claim_hash IS NOT NULL;"
     "CREATE UNIQUE INDEX credentials_job_row ON credentials(job_id, job_row)"
     " WHERE job_id IS NOT NULL;"
     /* One credential per status index: two awards can never share a bit. */
     "CREATE UNIQUE INDEX credentials_status ON credentials(status_list_id, status_index)"
     " WHERE status_list_id IS NOT NULL;"
     "CREATE INDEX credentials_issuer ON credentials(issuer_id, created_at);"
     "CREATE INDEX credentials_achievement ON credentials(achievement_id, created_at);"
     "CREATE INDEX credentials_claimed_by ON credentials(claimed_by, created_at)"
     " WHERE claimed_by IS NOT NULL;"
     "CREATE INDEX credentials_created ON credentials(created_at);"

     "CREATE TABLE backpack ("
     " id INTEGER PRIMARY KEY,"
     " public_id TEXT NOT NULL,"
     " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
     " source TEXT,"
     " format TEXT,"
     " content TEXT NOT NULL,"
     " report TEXT,"
     " title TEXT,"
     " issuer_name TEXT,"
     " is_public INTEGER NOT NULL DEFAULT 0,"
     " created_at INTEGER NOT NULL DEFAULT 0);"
     "CREATE UNIQUE INDEX backpack_public_id ON backpack(public_id);"
     "CREATE INDEX backpack_user ON backpack(user_id, created_at);"},

    /* The bits move to a table of their own, so that taking an index (every award) reads and
       writes a small row instead of one that carries 16 KB of bits, and flipping a bit
       (every revocation) writes one page of the BLOB (incremental BLOB I/O). The size of a
       list can no longer change: its bits are published. */
    {2, "status list bits in their own table",
     "CREATE TABLE status_list_bits ("
     " list_id INTEGER PRIMARY KEY REFERENCES status_lists(id) ON DELETE CASCADE,"
     " bits BLOB NOT NULL);"
     "INSERT INTO status_list_bits(list_id, bits) SELECT id, bits FROM status_lists;"
     "ALTER TABLE status_lists DROP COLUMN bits;"
     "CREATE TRIGGER status_lists_size BEFORE UPDATE OF size ON status_lists"
     " WHEN NEW.size <> OLD.size"
     " BEGIN SELECT RAISE(ABORT, 'the size of a status list cannot change'); END;"},
};

const reco_sqlite_migration *reco_sqlite_migrations(size_t *n)
{
    *n = sizeof migrations / sizeof migrations[0];
    return migrations;
}
