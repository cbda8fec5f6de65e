/*
 * sqlite.c - the SQLite store backend (docs/storage.md).
 *
 * One writing connection per store, in WAL mode with foreign keys on, a busy timeout for other
 * processes (the CLI next to a running server), synchronous=NORMAL: in WAL mode a committed
 * transaction survives the death of the process (SIGKILL), and only a power loss may forget the
 * last commits, never corrupt the file. FULL would cost one fsync per award.
 *
 * Threads: every write takes one recursive mutex; reco_store_begin takes it too and keeps it
 * until the outermost commit or rollback, so a transaction begun by one thread never interleaves
 * with another thread's statements (their writes wait). Reads go to the writing connection only
 * from the thread that holds the transaction; all others use a small pool of read connections,
 * which see the last committed state and never wait for a transaction. Transactions nest by
 * counting; an inner rollback dooms the outer transaction, whose commit then rolls back and
 * fails.
 *
 * Statements are prepared once per connection (SQLITE_PREPARE_PERSISTENT) and kept in a table
 * indexed by an enum; a statement is reset and its bindings cleared after every use, so strings
 * bound from the caller's rows are only borrowed for the call.
 */
#include "reco/store.h"
#include "store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------------------------------------------------------------- columns and statements */

/* Column lists, "id" first; inserts and updates bind the others as ?1..?N in this order. */
#define USER_COLS   "id,email,password_hash,name,locale,is_admin,confirmed_at,created_at"
#define SECRET_COLS "id,kind,hash,user_id,label,created_at,expires_at,revoked_at"
#define ISSUER_COLS                                                                                \
    "id,slug,name,url,email,description,image_url,address,ed25519_sk,ed25519_pk,rsa_sk,rsa_pk,"    \
    "created_at"
#define ACH_COLS                                                                                   \
    "id,public_id,issuer_id,name,description,criteria_md,achievement_type,tags,alignments,"        \
    "image_type,image,validity_days,created_at"
#define CRED_COLS                                                                                  \
    "id,public_id,issuer_id,achievement_id,recipient_email,recipient_did,recipient_name,json,jwt," \
    "status_list_id,status_index,claim_hash,claimed_by,claim_expires_at,revoked_at,"               \
    "revocation_reason,job_id,job_row,public_in_backpack,created_at"
/* A status list and its bits (schema version 2 keeps them in two tables). */
#define LIST_SELECT                                                                                \
    "SELECT l.id,l.public_id,l.issuer_id,l.purpose,l.size,l.next_index,b.bits,l.updated_at"        \
    " FROM status_lists l JOIN status_list_bits b ON b.list_id=l.id"
#define JOB_COLS                                                                                   \
    "id,public_id,kind,issuer_id,achievement_id,user_id,state,all_or_nothing,input,total,done,ok," \
    "failed,report,error,created_at,updated_at"
#define BACKPACK_COLS                                                                              \
    "id,public_id,user_id,source,format,content,report,title,issuer_name,is_public,created_at"

enum {
    ST_USER_INS,
    ST_USER_UPD,
    ST_USER_GET,
    ST_USER_BY_EMAIL,
    ST_SECRET_INS,
    ST_SECRET_UPD,
    ST_SECRET_FIND,
    ST_SECRET_REVOKE,
    ST_SECRET_LIST,
    ST_ISSUER_INS,
    ST_ISSUER_UPD,
    ST_ISSUER_GET,
    ST_ISSUER_BY_SLUG,
    ST_ISSUER_LIST,
    ST_ROLE_UPSERT,
    ST_ROLE_DELETE,
    ST_ROLE_GET,
    ST_ROLES_OF_USER,
    ST_ACH_INS,
    ST_ACH_UPD,
    ST_ACH_GET,
    ST_ACH_BY_PUBLIC_ID,
    ST_ACH_LIST,
    ST_ACH_LIST_ISSUER,
    ST_CRED_INS,
    ST_CRED_UPD,
    ST_CRED_GET,
    ST_CRED_BY_PUBLIC_ID,
    ST_CRED_BY_CLAIM,
    ST_CRED_BY_JOB_ROW,
    ST_LIST_INS,
    ST_LIST_UPD,
    ST_LIST_GET,
    ST_LIST_BY_PUBLIC_ID,
    ST_LIST_OPEN_FOR,
    ST_LIST_TAKE,
    ST_LIST_SIZE,
    ST_LIST_BITS_INS,
    ST_LIST_BITS_UPD,
    ST_LIST_TOUCH,
    ST_JOB_INS,
    ST_JOB_UPD,
    ST_JOB_GET,
    ST_JOB_BY_PUBLIC_ID,
    ST_JOB_PENDING,
    ST_BP_INS,
    ST_BP_UPD,
    ST_BP_GET,
    ST_BP_LIST,
    ST_BP_DELETE,
    ST_MEMBERS_OF_ISSUER,
    ST_JOB_PROGRESS,
    ST_JOB_CREDENTIALS,
    /* credential_list: one statement per combination of filters (bit 1 issuer, 2 achievement,
       4 claimed by, 8 search), so that each can use its index; rows, then counts. */
    ST_CRED_LIST,
    ST_CRED_COUNT = ST_CRED_LIST + 16,
    ST_COUNT = ST_CRED_COUNT + 16
};

/* A statement is either SQL text or an insert / update generated from a column list. */
typedef struct stmt_def {
    const char *sql;
    const char *table;
    const char *cols;
    bool update;
} stmt_def;

#define SQL(s)                                                                                     \
    {                                                                                              \
        s, NULL, NULL, false                                                                       \
    }
#define INSERT(t, c)                                                                               \
    {                                                                                              \
        NULL, t, c, false                                                                          \
    }
#define UPDATE(t, c)                                                                               \
    {                                                                                              \
        NULL, t, c, true                                                                           \
    }
#define NEWEST    " ORDER BY created_at DESC, id DESC"
#define PAGE      " LIMIT ?2 OFFSET ?3"
#define LIKE(col) col " LIKE ?4 ESCAPE '\\'"

static const stmt_def stmt_defs[ST_CRED_LIST] = {
    [ST_USER_INS] = INSERT("users", USER_COLS),
    [ST_USER_UPD] = UPDATE("users", USER_COLS),
    [ST_USER_GET] = SQL("SELECT " USER_COLS " FROM users WHERE id=?1"),
    [ST_USER_BY_EMAIL] = SQL("SELECT " USER_COLS " FROM users WHERE email=?1"),
    [ST_SECRET_INS] = INSERT("secrets", SECRET_COLS),
    [ST_SECRET_UPD] = UPDATE("secrets", SECRET_COLS),
    [ST_SECRET_FIND] = SQL("SELECT " SECRET_COLS " FROM secrets WHERE kind=?1 AND hash=?2"
                           " AND revoked_at=0 AND (expires_at=0 OR expires_at>?3)"),
    /* Revoking twice keeps the first time. */
    [ST_SECRET_REVOKE] = SQL("UPDATE secrets SET revoked_at=CASE WHEN revoked_at=0 THEN ?2"
                             " ELSE revoked_at END WHERE id=?1"),
    [ST_SECRET_LIST] =
        SQL("SELECT " SECRET_COLS " FROM secrets WHERE user_id=?1 AND kind=?2" NEWEST),
    [ST_ISSUER_INS] = INSERT("issuers", ISSUER_COLS),
    [ST_ISSUER_UPD] = UPDATE("issuers", ISSUER_COLS),
    [ST_ISSUER_GET] = SQL("SELECT " ISSUER_COLS " FROM issuers WHERE id=?1"),
    [ST_ISSUER_BY_SLUG] = SQL("SELECT " ISSUER_COLS " FROM issuers WHERE slug=?1"),
    [ST_ISSUER_LIST] = SQL("SELECT " ISSUER_COLS " FROM issuers"
                           " ORDER BY name COLLATE NOCASE, id LIMIT ?1 OFFSET ?2"),
    [ST_ROLE_UPSERT] = SQL("INSERT INTO memberships(issuer_id,user_id,role) VALUES(?1,?2,?3)"
                           " ON CONFLICT(issuer_id,user_id) DO UPDATE SET role=excluded.role"),
    [ST_ROLE_DELETE] = SQL("DELETE FROM memberships WHERE issuer_id=?1 AND user_id=?2"),
    [ST_ROLE_GET] = SQL("SELECT role FROM memberships WHERE issuer_id=?1 AND user_id=?2"),
    [ST_ROLES_OF_USER] =
        SQL("SELECT issuer_id,role FROM memberships WHERE user_id=?1 ORDER BY issuer_id"),
    [ST_MEMBERS_OF_ISSUER] = SQL("SELECT m.user_id,u.email,u.name,m.role FROM memberships m"
                                 " JOIN users u ON u.id=m.user_id WHERE m.issuer_id=?1"
                                 " ORDER BY m.role DESC, u.email LIMIT 1000"),
    [ST_ACH_INS] = INSERT("achievements", ACH_COLS),
    [ST_ACH_UPD] = UPDATE("achievements", ACH_COLS),
    [ST_ACH_GET] = SQL("SELECT " ACH_COLS " FROM achievements WHERE id=?1"),
    [ST_ACH_BY_PUBLIC_ID] = SQL("SELECT " ACH_COLS " FROM achievements WHERE public_id=?1"),
    [ST_ACH_LIST] = SQL("SELECT " ACH_COLS " FROM achievements WHERE ?1=0" NEWEST PAGE),
    [ST_ACH_LIST_ISSUER] =
        SQL("SELECT " ACH_COLS " FROM achievements WHERE issuer_id=?1" NEWEST PAGE),
    [ST_CRED_INS] = INSERT("credentials", CRED_COLS),
    [ST_CRED_UPD] = UPDATE("credentials", CRED_COLS),
    [ST_CRED_GET] = SQL("SELECT " CRED_COLS " FROM credentials WHERE id=?1"),
    [ST_CRED_BY_PUBLIC_ID] = SQL("SELECT " CRED_COLS " FROM credentials WHERE public_id=?1"),
    [ST_CRED_BY_CLAIM] = SQL("SELECT " CRED_COLS " FROM credentials WHERE claim_hash=?1"),
    [ST_CRED_BY_JOB_ROW] =
        SQL("SELECT " CRED_COLS " FROM credentials WHERE job_id=?1 AND job_row=?2"),
    /* ?6 (the bits) goes to status_list_bits: see sq_status_list_put. */
    [ST_LIST_INS] = SQL("INSERT INTO status_lists(public_id,issuer_id,purpose,size,next_index,"
                        "updated_at) VALUES(?1,?2,?3,?4,?5,?7)"),
    [ST_LIST_UPD] = SQL("UPDATE status_lists SET public_id=?1,issuer_id=?2,purpose=?3,size=?4,"
                        "next_index=?5,updated_at=?7 WHERE id=?8"),
    [ST_LIST_GET] = SQL(LIST_SELECT " WHERE l.id=?1"),
    [ST_LIST_BY_PUBLIC_ID] = SQL(LIST_SELECT " WHERE l.public_id=?1"),
    [ST_LIST_OPEN_FOR] = SQL(LIST_SELECT " WHERE l.issuer_id=?1 AND l.purpose=?2"
                                         " AND l.next_index<l.size ORDER BY l.id LIMIT 1"),
    /* One statement: the increment and the read cannot be separated by another writer. */
    [ST_LIST_TAKE] = SQL("UPDATE status_lists SET next_index=next_index+1"
                         " WHERE id=?1 AND next_index<size RETURNING next_index-1"),
    [ST_LIST_SIZE] = SQL("SELECT size FROM status_lists WHERE id=?1"),
    [ST_LIST_BITS_INS] = SQL("INSERT INTO status_list_bits(list_id,bits) VALUES(?1,?2)"),
    [ST_LIST_BITS_UPD] = SQL("UPDATE status_list_bits SET bits=?2 WHERE list_id=?1"),
    [ST_LIST_TOUCH] = SQL("UPDATE status_lists SET updated_at=?2 WHERE id=?1"),
    [ST_JOB_INS] = INSERT("jobs", JOB_COLS),
    [ST_JOB_UPD] = UPDATE("jobs", JOB_COLS),
    [ST_JOB_GET] = SQL("SELECT " JOB_COLS " FROM jobs WHERE id=?1"),
    [ST_JOB_BY_PUBLIC_ID] = SQL("SELECT " JOB_COLS " FROM jobs WHERE public_id=?1"),
    [ST_JOB_PENDING] = SQL("SELECT " JOB_COLS " FROM jobs WHERE state IN (1,2) ORDER BY id"),
    [ST_BP_INS] = INSERT("backpack", BACKPACK_COLS),
    [ST_BP_UPD] = UPDATE("backpack", BACKPACK_COLS),
    [ST_BP_GET] = SQL("SELECT " BACKPACK_COLS " FROM backpack WHERE public_id=?1"),
    [ST_BP_LIST] = SQL("SELECT " BACKPACK_COLS " FROM backpack WHERE user_id=?1"
                       " AND (?4=0 OR is_public=1)" NEWEST PAGE),
    [ST_BP_DELETE] = SQL("DELETE FROM backpack WHERE id=?1"),
    /* The input column is left alone: a progress update writes a small row. */
    [ST_JOB_PROGRESS] = SQL("UPDATE jobs SET state=?2,done=?3,ok=?4,failed=?5,report=?6,"
                            "error=?7,updated_at=?8 WHERE id=?1"),
    [ST_JOB_CREDENTIALS] = SQL("SELECT job_row,public_id FROM credentials WHERE job_id=?1"
                               " ORDER BY job_row"),
};

/* ---------------------------------------------------------------- connections */

/* One SQLite connection and its prepared statements. */
typedef struct conn {
    sqlite3 *db;
    int slot; /* a read connection's place in the pool; the writer's is -1 */
    sqlite3_stmt *st[ST_COUNT];
} conn;

/* Read connections at most; a reader waits when all are in use. */
#define READERS 4

typedef struct sq {
    reco_store base;        /* first: a reco_store * is a sq * */
    conn w;                 /* the one connection that writes */
    pthread_mutex_t mu;     /* recursive; guards w; held by a transaction from begin to its end */
    int depth;              /* transaction nesting, 0 = none */
    atomic_uintptr_t owner; /* the transaction's thread (thread_id()), 0 = none */
    bool doomed;            /* an inner rollback happened: the outermost commit rolls back */
    int version;            /* schema version after migrations */
    bool memory;            /* ":memory:": one connection only, no readers */
    char path[PATH_MAX];
    /* Read connections, opened on demand, for reads made while w is busy. */
    pthread_mutex_t pool_mu;
    pthread_cond_t pool_cv;
    conn *readers[READERS];
    bool reader_busy[READERS];
} sq;

static void lock(sq *q)
{
    int r = pthread_mutex_lock(&q->mu);
    RECO_ASSERT(r == 0);
}

static void unlock(sq *q)
{
    int r = pthread_mutex_unlock(&q->mu);
    RECO_ASSERT(r == 0);
}

/*
 * After every commit of the writing connection (it replaces SQLite's auto-checkpoint, which
 * does the first branch): past 1000 pages of log, copy what readers allow back into the
 * database (PASSIVE). Under a steady stream of reads that is never all of it, and the log
 * would grow without end (checkpoint starvation); past WAL_RESTART pages, wait for the readers
 * of the moment (short: one statement each, within busy_timeout) so that the log restarts from
 * its beginning.
 */
#define WAL_RESTART 8192 /* pages: 32 MB with 4 KB pages */

static int wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
    (void)arg;
    if (pages >= WAL_RESTART)
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_RESTART, NULL, NULL);
    else if (pages >= 1000)
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    return SQLITE_OK; /* a checkpoint that could not finish is tried again at the next commit */
}

static reco_code reader_open(sq *q, int slot, conn **out, reco_error *err);

/* A number for the calling thread, never 0: the address of a thread-local byte. */
static _Thread_local char thread_tag;

static uintptr_t thread_id(void)
{
    return (uintptr_t)&thread_tag;
}

/*
 * The connection for one read call: the writing one when this thread holds the transaction (so
 * a transaction reads its own writes; only this thread sets or clears owner to itself), else a
 * read connection from the pool: a read never waits for another thread's transaction or write
 * and sees the last committed state (WAL readers neither block the writer nor wait for it).
 * Reads never take the writing connection otherwise: under a steady stream of reads, writers
 * would starve waiting for it.
 */
static reco_code read_begin(sq *q, conn **c, reco_error *err)
{
    reco_code rc = RECO_OK;
    int k;
    *c = NULL;
    if (q->memory || atomic_load(&q->owner) == thread_id()) {
        lock(q);
        *c = &q->w;
        goto out;
    }
    pthread_mutex_lock(&q->pool_mu);
    for (;;) {
        for (k = 0; k < READERS; k++)
            if (!q->reader_busy[k])
                break;
        if (k < READERS)
            break;
        pthread_cond_wait(&q->pool_cv, &q->pool_mu);
    }
    q->reader_busy[k] = true;
    pthread_mutex_unlock(&q->pool_mu);
    /* Slot k is ours until read_end: its connection is touched by nobody else. */
    if (!q->readers[k])
        rc = reader_open(q, k, &q->readers[k], err);
    if (rc) {
        pthread_mutex_lock(&q->pool_mu);
        q->reader_busy[k] = false;
        pthread_cond_signal(&q->pool_cv);
        pthread_mutex_unlock(&q->pool_mu);
        goto out;
    }
    *c = q->readers[k];
out:
    return rc;
}

static void read_end(sq *q, conn *c)
{
    if (!c)
        return;
    if (c == &q->w) {
        unlock(q);
        return;
    }
    pthread_mutex_lock(&q->pool_mu);
    q->reader_busy[c->slot] = false;
    pthread_cond_signal(&q->pool_cv);
    pthread_mutex_unlock(&q->pool_mu);
}

/*
 * Map a failed SQLite call to a reco code: unique violations are conflicts, references to
 * missing rows and broken constraints are bad arguments, the rest is a store failure.
 * Called while the connection is ours (sqlite3_errmsg belongs to the connection).
 */
static reco_code fail(conn *c, int r, const char *what, reco_error *err)
{
    const char *msg = sqlite3_errmsg(c->db);
    reco_code rc;
    switch (r) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        rc = reco_error_set(err, RECO_ECONFLICT, NULL, "%s already exists (%s)", what, msg);
        break;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        rc = reco_error_set(err, RECO_EINVAL, NULL, "%s refers to a row that does not exist", what);
        break;
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_TRIGGER:
        rc = reco_error_set(err, RECO_EINVAL, NULL, "%s is not valid (%s)", what, msg);
        break;
    case SQLITE_NOMEM:
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory in the store (%s)", what);
        break;
    default:
        rc = reco_error_set(err, RECO_ESTORE, NULL, "store failure on %s: %s", what, msg);
        break;
    }
    return rc;
}

static reco_code exec(conn *c, const char *sql, const char *what, reco_error *err)
{
    int r = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
    return r == SQLITE_OK ? RECO_OK : fail(c, r, what, err);
}

/* The SQL of a generated insert or update (see the column lists). */
static reco_code gen_sql(const stmt_def *d, reco_buf *b)
{
    const char *cols = strchr(d->cols, ',') + 1; /* without "id" */
    reco_code rc = RECO_OK;
    int n = 1;
    if (d->update) {
        rc = reco_buf_printf(b, "UPDATE %s SET ", d->table);
        for (const char *c = cols; !rc && *c; n++) {
            size_t len = strcspn(c, ",");
            rc = reco_buf_printf(b, "%s%.*s=?%d", n > 1 ? "," : "", (int)len, c, n);
            c += len + (c[len] == ',');
        }
        if (!rc)
            rc = reco_buf_printf(b, " WHERE id=?%d", n);
    } else {
        rc = reco_buf_printf(b, "INSERT INTO %s(%s) VALUES(", d->table, cols);
        for (const char *c = cols; !rc && c; n++) {
            c = strchr(c, ',');
            c = c ? c + 1 : NULL;
            rc = reco_buf_printf(b, "%s?%d", n > 1 ? "," : "", n);
        }
        if (!rc)
            rc = reco_buf_puts(b, ")");
    }
    return rc;
}

/* The SQL of one credential_list variant (mask: 1 issuer, 2 achievement, 4 claimed by, 8
   search). Parameters keep their numbers whatever the mask: ?1 issuer, ?2 achievement, ?3
   claimed by, ?4 search pattern, ?5 limit, ?6 offset. */
static reco_code cred_list_sql(int mask, bool count, reco_buf *b)
{
    reco_code rc = reco_buf_puts(b, count ? "SELECT count(*) FROM credentials WHERE 1=1"
                                          : "SELECT " CRED_COLS " FROM credentials WHERE 1=1");
    if (!rc && (mask & 1))
        rc = reco_buf_puts(b, " AND issuer_id=?1");
    if (!rc && (mask & 2))
        rc = reco_buf_puts(b, " AND achievement_id=?2");
    if (!rc && (mask & 4))
        rc = reco_buf_puts(b, " AND claimed_by=?3");
    if (!rc && (mask & 8))
        rc = reco_buf_puts(b, " AND (" LIKE("recipient_email") " OR " LIKE(
                                  "recipient_name") " OR " LIKE("public_id") ")");
    if (!rc && !count)
        rc = reco_buf_puts(b, NEWEST " LIMIT ?5 OFFSET ?6");
    return rc;
}

/* The cached statement number id, prepared on first use. */
static reco_code stmt(conn *c, int id, sqlite3_stmt **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    reco_buf b;
    const char *sql;
    reco_buf_init(&b, 4096);
    *out = c->st[id];
    if (*out)
        goto out;
    if (id >= ST_CRED_LIST) {
        bool count = id >= ST_CRED_COUNT;
        rc = cred_list_sql(id - (count ? ST_CRED_COUNT : ST_CRED_LIST), count, &b);
        sql = b.data;
    } else if (stmt_defs[id].sql) {
        sql = stmt_defs[id].sql;
    } else {
        rc = gen_sql(&stmt_defs[id], &b);
        sql = b.data;
    }
    if (rc) {
        rc = reco_error_set(err, rc, NULL, "cannot make statement %d", id);
        goto out;
    }
    int r = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->st[id], NULL);
    if (r != SQLITE_OK) {
        rc = fail(c, r, "preparing a statement", err);
        goto out;
    }
    *out = c->st[id];
out:
    reco_buf_release(&b);
    return rc;
}

/* After every use: the statement is ready again and holds no borrowed pointer. */
static void done(sqlite3_stmt *st)
{
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
}

/* ---------------------------------------------------------------- binding */

static int b_text(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

static int b_i64(sqlite3_stmt *st, int i, int64_t v)
{
    return sqlite3_bind_int64(st, i, v);
}

/* A reference to another row: 0 = none = NULL. */
static int b_ref(sqlite3_stmt *st, int i, int64_t v)
{
    return v ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
}

static int b_blob(sqlite3_stmt *st, int i, const void *p, size_t n)
{
    return p ? sqlite3_bind_blob64(st, i, p, n, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

/* Bind functions take the row and bind ?1..?N in the order of the column list (without id). */
typedef int (*binder)(sqlite3_stmt *st, const void *row);

static int bind_user(sqlite3_stmt *st, const void *row)
{
    const reco_user_row *u = row;
    int r = b_text(st, 1, u->email);
    if (!r)
        r = b_text(st, 2, u->password_hash);
    if (!r)
        r = b_text(st, 3, u->name);
    if (!r)
        r = b_text(st, 4, u->locale);
    if (!r)
        r = b_i64(st, 5, u->is_admin);
    if (!r)
        r = b_i64(st, 6, u->confirmed_at);
    if (!r)
        r = b_i64(st, 7, u->created_at);
    return r;
}

static int bind_secret(sqlite3_stmt *st, const void *row)
{
    const reco_secret_row *t = row;
    int r = b_i64(st, 1, t->kind);
    if (!r)
        r = b_text(st, 2, t->hash);
    if (!r)
        r = b_ref(st, 3, t->user_id);
    if (!r)
        r = b_text(st, 4, t->label);
    if (!r)
        r = b_i64(st, 5, t->created_at);
    if (!r)
        r = b_i64(st, 6, t->expires_at);
    if (!r)
        r = b_i64(st, 7, t->revoked_at);
    return r;
}

static int bind_issuer(sqlite3_stmt *st, const void *row)
{
    const reco_issuer_row *i = row;
    const char *text[] = {i->slug,        i->name,      i->url,     i->email,
                          i->description, i->image_url, i->address, i->ed25519_sk,
                          i->ed25519_pk,  i->rsa_sk,    i->rsa_pk};
    int r = SQLITE_OK;
    for (int k = 0; !r && k < 11; k++)
        r = b_text(st, k + 1, text[k]);
    if (!r)
        r = b_i64(st, 12, i->created_at);
    return r;
}

static int bind_achievement(sqlite3_stmt *st, const void *row)
{
    const reco_achievement_row *a = row;
    int r = b_text(st, 1, a->public_id);
    if (!r)
        r = b_ref(st, 2, a->issuer_id);
    if (!r)
        r = b_text(st, 3, a->name);
    if (!r)
        r = b_text(st, 4, a->description);
    if (!r)
        r = b_text(st, 5, a->criteria_md);
    if (!r)
        r = b_text(st, 6, a->achievement_type);
    if (!r)
        r = b_text(st, 7, a->tags);
    if (!r)
        r = b_text(st, 8, a->alignments);
    if (!r)
        r = b_text(st, 9, a->image_type);
    if (!r)
        r = b_blob(st, 10, a->image, a->image_len);
    if (!r)
        r = b_i64(st, 11, a->validity_days);
    if (!r)
        r = b_i64(st, 12, a->created_at);
    return r;
}

static int bind_credential(sqlite3_stmt *st, const void *row)
{
    const reco_credential_row *c = row;
    int r = b_text(st, 1, c->public_id);
    if (!r)
        r = b_ref(st, 2, c->issuer_id);
    if (!r)
        r = b_ref(st, 3, c->achievement_id);
    if (!r)
        r = b_text(st, 4, c->recipient_email);
    if (!r)
        r = b_text(st, 5, c->recipient_did);
    if (!r)
        r = b_text(st, 6, c->recipient_name);
    if (!r)
        r = b_text(st, 7, c->json);
    if (!r)
        r = b_text(st, 8, c->jwt);
    if (!r)
        r = b_ref(st, 9, c->status_list_id);
    if (!r)
        r = b_i64(st, 10, c->status_index);
    if (!r)
        r = b_text(st, 11, c->claim_hash);
    if (!r)
        r = b_ref(st, 12, c->claimed_by);
    if (!r)
        r = b_i64(st, 13, c->claim_expires_at);
    if (!r)
        r = b_i64(st, 14, c->revoked_at);
    if (!r)
        r = b_text(st, 15, c->revocation_reason);
    if (!r)
        r = b_ref(st, 16, c->job_id);
    if (!r)
        r = b_i64(st, 17, c->job_row);
    if (!r)
        r = b_i64(st, 18, c->public_in_backpack);
    if (!r)
        r = b_i64(st, 19, c->created_at);
    return r;
}

static int bind_list(sqlite3_stmt *st, const void *row)
{
    const reco_status_list_row *l = row;
    int r = b_text(st, 1, l->public_id);
    if (!r)
        r = b_ref(st, 2, l->issuer_id);
    if (!r)
        r = b_text(st, 3, l->purpose);
    if (!r)
        r = b_i64(st, 4, l->size);
    if (!r)
        r = b_i64(st, 5, l->next_index);
    if (!r)
        r = b_i64(st, 7, l->updated_at); /* ?6, the bits, go to their own table */
    return r;
}

static int bind_job(sqlite3_stmt *st, const void *row)
{
    const reco_job_row *j = row;
    int r = b_text(st, 1, j->public_id);
    if (!r)
        r = b_text(st, 2, j->kind);
    if (!r)
        r = b_ref(st, 3, j->issuer_id);
    if (!r)
        r = b_ref(st, 4, j->achievement_id);
    if (!r)
        r = b_ref(st, 5, j->user_id);
    if (!r)
        r = b_i64(st, 6, j->state);
    if (!r)
        r = b_i64(st, 7, j->all_or_nothing);
    if (!r)
        r = b_text(st, 8, j->input);
    if (!r)
        r = b_i64(st, 9, j->total);
    if (!r)
        r = b_i64(st, 10, j->done);
    if (!r)
        r = b_i64(st, 11, j->ok);
    if (!r)
        r = b_i64(st, 12, j->failed);
    if (!r)
        r = b_text(st, 13, j->report);
    if (!r)
        r = b_text(st, 14, j->error);
    if (!r)
        r = b_i64(st, 15, j->created_at);
    if (!r)
        r = b_i64(st, 16, j->updated_at);
    return r;
}

static int bind_backpack(sqlite3_stmt *st, const void *row)
{
    const reco_backpack_row *b = row;
    int r = b_text(st, 1, b->public_id);
    if (!r)
        r = b_ref(st, 2, b->user_id);
    if (!r)
        r = b_text(st, 3, b->source);
    if (!r)
        r = b_text(st, 4, b->format);
    if (!r)
        r = b_text(st, 5, b->content);
    if (!r)
        r = b_text(st, 6, b->report);
    if (!r)
        r = b_text(st, 7, b->title);
    if (!r)
        r = b_text(st, 8, b->issuer_name);
    if (!r)
        r = b_i64(st, 9, b->is_public);
    if (!r)
        r = b_i64(st, 10, b->created_at);
    return r;
}

/* ---------------------------------------------------------------- reading rows */

/* Reading one result row into the caller's arena; oom is set when the arena refuses. */
typedef struct rd {
    sqlite3_stmt *st;
    reco_arena *a;
    bool oom;
} rd;

static const char *c_text(rd *r, int i)
{
    if (sqlite3_column_type(r->st, i) == SQLITE_NULL)
        return NULL;
    const char *p = (const char *)sqlite3_column_text(r->st, i);
    size_t n = (size_t)sqlite3_column_bytes(r->st, i);
    char *s = p ? reco_arena_strndup(r->a, p, n) : NULL;
    if (!s)
        r->oom = true;
    return s;
}

static const void *c_blob(rd *r, int i, size_t *len)
{
    *len = 0;
    if (sqlite3_column_type(r->st, i) == SQLITE_NULL)
        return NULL;
    const void *p = sqlite3_column_blob(r->st, i);
    size_t n = (size_t)sqlite3_column_bytes(r->st, i);
    uint8_t *s = reco_arena_alloc(r->a, n ? n : 1); /* an empty blob is not NULL */
    if (!s) {
        r->oom = true;
        return NULL;
    }
    if (n)
        memcpy(s, p, n);
    *len = n;
    return s;
}

static int64_t c_i64(rd *r, int i)
{
    return sqlite3_column_int64(r->st, i); /* NULL reads as 0 */
}

typedef void (*reader)(rd *r, void *row);

static void read_user(rd *r, void *row)
{
    reco_user_row *u = row;
    u->id = c_i64(r, 0);
    u->email = c_text(r, 1);
    u->password_hash = c_text(r, 2);
    u->name = c_text(r, 3);
    u->locale = c_text(r, 4);
    u->is_admin = c_i64(r, 5) != 0;
    u->confirmed_at = c_i64(r, 6);
    u->created_at = c_i64(r, 7);
}

static void read_secret(rd *r, void *row)
{
    reco_secret_row *t = row;
    t->id = c_i64(r, 0);
    t->kind = (reco_secret_kind)c_i64(r, 1);
    t->hash = c_text(r, 2);
    t->user_id = c_i64(r, 3);
    t->label = c_text(r, 4);
    t->created_at = c_i64(r, 5);
    t->expires_at = c_i64(r, 6);
    t->revoked_at = c_i64(r, 7);
}

static void read_issuer(rd *r, void *row)
{
    reco_issuer_row *i = row;
    i->id = c_i64(r, 0);
    i->slug = c_text(r, 1);
    i->name = c_text(r, 2);
    i->url = c_text(r, 3);
    i->email = c_text(r, 4);
    i->description = c_text(r, 5);
    i->image_url = c_text(r, 6);
    i->address = c_text(r, 7);
    i->ed25519_sk = c_text(r, 8);
    i->ed25519_pk = c_text(r, 9);
    i->rsa_sk = c_text(r, 10);
    i->rsa_pk = c_text(r, 11);
    i->created_at = c_i64(r, 12);
}

static void read_achievement(rd *r, void *row)
{
    reco_achievement_row *a = row;
    a->id = c_i64(r, 0);
    a->public_id = c_text(r, 1);
    a->issuer_id = c_i64(r, 2);
    a->name = c_text(r, 3);
    a->description = c_text(r, 4);
    a->criteria_md = c_text(r, 5);
    a->achievement_type = c_text(r, 6);
    a->tags = c_text(r, 7);
    a->alignments = c_text(r, 8);
    a->image_type = c_text(r, 9);
    a->image = c_blob(r, 10, &a->image_len);
    a->validity_days = c_i64(r, 11);
    a->created_at = c_i64(r, 12);
}

static void read_credential(rd *r, void *row)
{
    reco_credential_row *c = row;
    c->id = c_i64(r, 0);
    c->public_id = c_text(r, 1);
    c->issuer_id = c_i64(r, 2);
    c->achievement_id = c_i64(r, 3);
    c->recipient_email = c_text(r, 4);
    c->recipient_did = c_text(r, 5);
    c->recipient_name = c_text(r, 6);
    c->json = c_text(r, 7);
    c->jwt = c_text(r, 8);
    c->status_list_id = c_i64(r, 9);
    c->status_index = c_i64(r, 10);
    c->claim_hash = c_text(r, 11);
    c->claimed_by = c_i64(r, 12);
    c->claim_expires_at = c_i64(r, 13);
    c->revoked_at = c_i64(r, 14);
    c->revocation_reason = c_text(r, 15);
    c->job_id = c_i64(r, 16);
    c->job_row = c_i64(r, 17);
    c->public_in_backpack = c_i64(r, 18) != 0;
    c->created_at = c_i64(r, 19);
}

static void read_list(rd *r, void *row)
{
    reco_status_list_row *l = row;
    l->id = c_i64(r, 0);
    l->public_id = c_text(r, 1);
    l->issuer_id = c_i64(r, 2);
    l->purpose = c_text(r, 3);
    l->size = c_i64(r, 4);
    l->next_index = c_i64(r, 5);
    l->bits = c_blob(r, 6, &l->bits_len);
    l->updated_at = c_i64(r, 7);
}

static void read_job(rd *r, void *row)
{
    reco_job_row *j = row;
    j->id = c_i64(r, 0);
    j->public_id = c_text(r, 1);
    j->kind = c_text(r, 2);
    j->issuer_id = c_i64(r, 3);
    j->achievement_id = c_i64(r, 4);
    j->user_id = c_i64(r, 5);
    j->state = (reco_job_state)c_i64(r, 6);
    j->all_or_nothing = c_i64(r, 7) != 0;
    j->input = c_text(r, 8);
    j->total = c_i64(r, 9);
    j->done = c_i64(r, 10);
    j->ok = c_i64(r, 11);
    j->failed = c_i64(r, 12);
    j->report = c_text(r, 13);
    j->error = c_text(r, 14);
    j->created_at = c_i64(r, 15);
    j->updated_at = c_i64(r, 16);
}

static void read_backpack(rd *r, void *row)
{
    reco_backpack_row *b = row;
    b->id = c_i64(r, 0);
    b->public_id = c_text(r, 1);
    b->user_id = c_i64(r, 2);
    b->source = c_text(r, 3);
    b->format = c_text(r, 4);
    b->content = c_text(r, 5);
    b->report = c_text(r, 6);
    b->title = c_text(r, 7);
    b->issuer_name = c_text(r, 8);
    b->is_public = c_i64(r, 9) != 0;
    b->created_at = c_i64(r, 10);
}

/* ---------------------------------------------------------------- generic operations */

/* A bound statement that answers at most one row: read it, or RECO_ENOTFOUND. */
static reco_code fetch_one(conn *c, sqlite3_stmt *st, reader rdr, reco_arena *a, void *out,
                           size_t size, const char *what, reco_error *err)
{
    reco_code rc = RECO_OK;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        rd x = {st, a, false};
        memset(out, 0, size);
        rdr(&x, out);
        if (x.oom)
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory reading a %s", what);
    } else if (r == SQLITE_DONE) {
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "no such %s", what);
    } else {
        rc = fail(c, r, what, err);
    }
    return rc;
}

/* Every row of a bound statement into an array grown in the arena. */
static reco_code fetch_all(conn *c, sqlite3_stmt *st, reader rdr, reco_arena *a, size_t size,
                           void **out, size_t *n, const char *what, reco_error *err)
{
    reco_code rc = RECO_OK;
    uint8_t *arr = NULL;
    size_t cap = 0, len = 0;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            uint8_t *bigger = reco_arena_alloc(a, ncap * size);
            if (!bigger) {
                rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory listing %s", what);
                goto out;
            }
            if (len)
                memcpy(bigger, arr, len * size);
            arr = bigger;
            cap = ncap;
        }
        rd x = {st, a, false};
        memset(arr + len * size, 0, size);
        rdr(&x, arr + len * size);
        if (x.oom) {
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory listing %s", what);
            goto out;
        }
        len++;
    }
    if (r != SQLITE_DONE)
        rc = fail(c, r, what, err);
out:
    if (!rc) {
        *out = arr;
        *n = len;
    }
    return rc;
}

/* Insert (id 0: *id gets the new row's id) or update every column of the row with that id. */
static reco_code put_row(sq *q, int ins, int upd, int ncols, binder bind, const void *row,
                         int64_t *id, const char *what, reco_error *err)
{
    conn *c = &q->w;
    reco_code rc;
    sqlite3_stmt *st = NULL;
    int r;
    lock(q);
    rc = stmt(c, *id ? upd : ins, &st, err);
    if (rc)
        goto out;
    r = bind(st, row);
    if (!r && *id)
        r = sqlite3_bind_int64(st, ncols + 1, *id);
    if (!r)
        r = sqlite3_step(st);
    if (r != SQLITE_DONE) {
        rc = fail(c, r, what, err);
        goto out;
    }
    if (!*id)
        *id = sqlite3_last_insert_rowid(c->db);
    else if (sqlite3_changes(c->db) == 0)
        rc =
            reco_error_set(err, RECO_ENOTFOUND, NULL, "no such %s (id %lld)", what, (long long)*id);
out:
    done(st);
    unlock(q);
    return rc;
}

/* Bound by id (or one text key), one row. */
static reco_code get_by(sq *q, int id, int64_t key, const char *skey, reader rdr, reco_arena *a,
                        void *out, size_t size, const char *what, reco_error *err)
{
    conn *c = NULL;
    reco_code rc;
    sqlite3_stmt *st = NULL;
    int r;
    rc = read_begin(q, &c, err);
    if (rc)
        goto out;
    rc = stmt(c, id, &st, err);
    if (rc)
        goto out;
    r = skey ? b_text(st, 1, skey) : b_i64(st, 1, key);
    if (r) {
        rc = fail(c, r, what, err);
        goto out;
    }
    rc = fetch_one(c, st, rdr, a, out, size, what, err);
out:
    done(st);
    read_end(q, c);
    return rc;
}

/* ---------------------------------------------------------------- open, close, transactions */

/* "sqlite:PATH", "sqlite://PATH" or PATH; a folder means PATH/reco.db. */
static reco_code resolve_path(const char *url, char *path, size_t cap, reco_error *err)
{
    reco_code rc = RECO_OK;
    struct stat sb;
    char dir[PATH_MAX];
    if (strncmp(url, "sqlite:", 7) == 0)
        url += 7;
    if (strncmp(url, "//", 2) == 0)
        url += 2;
    if (!*url) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "empty SQLite path");
        goto out;
    }
    if ((size_t)snprintf(path, cap, "%s", url) >= cap) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "SQLite path is too long");
        goto out;
    }
    if (strcmp(path, ":memory:") == 0)
        goto out;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        if ((size_t)snprintf(path, cap, "%s/reco.db", url) >= cap)
            rc = reco_error_set(err, RECO_EINVAL, NULL, "SQLite path is too long");
        goto out;
    }
    /* The folder must exist: the store never makes folders. */
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        rc = reco_error_set(err, RECO_EIO, NULL, "folder %.100s does not exist", dir);
out:
    return rc;
}

/* Make the database file with mode 0600 before SQLite does (its -wal and -shm files then get
   the same mode). An existing file is left as it is. */
static reco_code create_private(const char *path, reco_error *err)
{
    reco_code rc = RECO_OK;
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        if (fchmod(fd, 0600) != 0)
            rc = reco_error_set(err, RECO_EIO, NULL, "cannot make %.100s private: %s", path,
                                strerror(errno));
        close(fd);
    } else if (errno != EEXIST) {
        rc = reco_error_set(err, RECO_EIO, NULL, "cannot create %.100s: %s", path, strerror(errno));
    }
    return rc;
}

/* A one-value query (PRAGMA or SELECT) as integer and, when text is given, as text. */
static reco_code query_value(conn *c, const char *sql, int64_t *value, char *text, size_t cap,
                             reco_error *err)
{
    reco_code rc = RECO_OK;
    sqlite3_stmt *st = NULL;
    int r = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
    if (r == SQLITE_OK)
        r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        if (value)
            *value = sqlite3_column_int64(st, 0);
        if (text) {
            const unsigned char *t = sqlite3_column_text(st, 0);
            snprintf(text, cap, "%s", t ? (const char *)t : "");
        }
    } else {
        rc = fail(c, r, sql, err);
    }
    sqlite3_finalize(st);
    return rc;
}

static reco_code record_migration(conn *c, const reco_sqlite_migration *m, reco_error *err)
{
    reco_code rc = RECO_OK;
    sqlite3_stmt *st = NULL;
    int r = sqlite3_prepare_v2(c->db,
                               "INSERT INTO schema_migrations(version,name,applied_at)"
                               " VALUES(?1,?2,CAST(strftime('%s','now') AS INTEGER))",
                               -1, &st, NULL);
    if (!r)
        r = sqlite3_bind_int(st, 1, m->version);
    if (!r)
        r = sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
    if (!r)
        r = sqlite3_step(st);
    if (r != SQLITE_DONE)
        rc = fail(c, r, "recording a migration", err);
    sqlite3_finalize(st);
    return rc;
}

/* Apply the migrations this database lacks, each in its own transaction (docs/storage.md). */
static reco_code migrate(sq *q, reco_error *err)
{
    conn *c = &q->w;
    size_t n;
    const reco_sqlite_migration *m = reco_sqlite_migrations(&n);
    reco_code rc = exec(c,
                        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY "
                        "KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
                        "creating schema_migrations", err);
    int64_t cur = 0;
    if (!rc)
        rc = query_value(c, "SELECT coalesce(max(version),0) FROM schema_migrations", &cur, NULL, 0,
                         err);
    if (!rc && cur > (int64_t)n) {
        rc = reco_error_set(err, RECO_ESTORE, NULL,
                            "database schema version %lld is newer than this program's (%zu)",
                            (long long)cur, n);
        goto out;
    }
    for (size_t i = 0; !rc && i < n; i++) {
        bool in_tx = false;
        /* IMMEDIATE: a second process starting at the same time waits, then sees the step
           done and skips it. */
        rc = exec(c, "BEGIN IMMEDIATE", "starting a migration", err);
        in_tx = !rc;
        if (!rc)
            rc = query_value(c, "SELECT coalesce(max(version),0) FROM schema_migrations", &cur,
                             NULL, 0, err);
        if (!rc && cur < m[i].version) {
            rc = exec(c, m[i].sql, m[i].name, err);
            if (!rc)
                rc = record_migration(c, &m[i], err);
        }
        if (!rc)
            rc = exec(c, "COMMIT", "committing a migration", err);
        else if (in_tx)
            sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    }
    if (!rc)
        rc = query_value(c, "SELECT coalesce(max(version),0) FROM schema_migrations", &cur, NULL, 0,
                         err);
    if (!rc)
        q->version = (int)cur;
out:
    return rc;
}

static void conn_close(conn *c)
{
    if (!c)
        return;
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(c->st[i]);
    sqlite3_close(c->db);
}

/* Open path on c with the settings every connection needs. write: also WAL, foreign keys and
   synchronous (journal_mode is kept in the file; the others are per connection). */
static reco_code conn_open(conn *c, const char *path, bool write, bool memory, reco_error *err)
{
    reco_code rc = RECO_OK;
    char mode[16];
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (write ? SQLITE_OPEN_CREATE : 0);
    /* NOMUTEX: a connection is only ever used by one thread at a time (the writer under q->mu,
       a reader while its slot is marked busy). */
    int r = sqlite3_open_v2(path, &c->db, flags, NULL);
    if (r != SQLITE_OK) {
        rc = reco_error_set(err, RECO_ESTORE, NULL, "cannot open %.100s: %s", path,
                            c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(r));
        goto out;
    }
    sqlite3_extended_result_codes(c->db, 1);
    /* Another process (the command line next to a running server) may hold the write lock. */
    sqlite3_busy_timeout(c->db, 5000);
    if (!write) {
        rc = exec(c, "PRAGMA query_only=ON", "opening a read connection", err);
        goto out;
    }
    /* journal_mode answers the mode it is in: "wal", or "memory" for an in-memory database.
       This is also the first read of the file: a file that is not a database fails here. */
    rc = query_value(c, "PRAGMA journal_mode=WAL", NULL, mode, sizeof mode, err);
    if (!rc && strcmp(mode, memory ? "memory" : "wal") != 0)
        rc = reco_error_set(err, RECO_ESTORE, NULL, "cannot switch %.100s to WAL (mode %s)", path,
                            mode);
    if (!rc)
        rc = exec(c, "PRAGMA foreign_keys=ON", "turning foreign keys on", err);
    /* NORMAL in WAL mode: a commit is durable once the process has written it (it survives a
       SIGKILL); only a power loss may forget the last commits, never corrupt the file. */
    if (!rc)
        rc = exec(c, "PRAGMA synchronous=NORMAL", "setting synchronous", err);
    if (!rc && !memory)
        sqlite3_wal_hook(c->db, wal_hook, NULL);
out:
    return rc;
}

static reco_code reader_open(sq *q, int slot, conn **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    conn *c = calloc(1, sizeof *c);
    if (!c)
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory opening a read connection");
    else
        c->slot = slot;
    if (!rc)
        rc = conn_open(c, q->path, false, false, err);
    if (rc) {
        conn_close(c);
        free(c);
        c = NULL;
    }
    *out = c;
    return rc;
}

/* Close: the caller makes sure no other thread uses the store any more. */
static void sq_close(reco_store *s)
{
    sq *q = (sq *)s;
    if (!q)
        return;
    for (int k = 0; k < READERS; k++) {
        conn_close(q->readers[k]);
        free(q->readers[k]);
    }
    if (q->depth && q->w.db)
        sqlite3_exec(q->w.db, "ROLLBACK", NULL, NULL, NULL);
    conn_close(&q->w);
    pthread_cond_destroy(&q->pool_cv);
    pthread_mutex_destroy(&q->pool_mu);
    pthread_mutex_destroy(&q->mu);
    free(q);
}

static reco_code sq_open(const char *url, reco_store **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    pthread_mutexattr_t attr;
    sq *q = calloc(1, sizeof *q);
    *out = NULL;
    if (!q) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory opening the store");
        goto out;
    }
    q->base.m = reco_store_sqlite_methods();
    q->w.slot = -1;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&q->mu, &attr);
    pthread_mutexattr_destroy(&attr);
    pthread_mutex_init(&q->pool_mu, NULL);
    pthread_cond_init(&q->pool_cv, NULL);
    rc = resolve_path(url, q->path, sizeof q->path, err);
    if (rc)
        goto out;
    q->memory = strcmp(q->path, ":memory:") == 0;
    if (!q->memory)
        rc = create_private(q->path, err);
    if (!rc)
        rc = conn_open(&q->w, q->path, true, q->memory, err);
    if (!rc)
        rc = migrate(q, err);
out:
    if (rc) {
        sq_close(q ? &q->base : NULL);
        q = NULL;
    }
    *out = q ? &q->base : NULL;
    return rc;
}

/* Begin keeps the mutex locked (once per level); commit and rollback release it. */
static reco_code sq_begin(reco_store *s, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = &q->w;
    reco_code rc = RECO_OK;
    lock(q);
    if (q->depth == 0) {
        rc = exec(c, "BEGIN IMMEDIATE", "beginning a transaction", err);
        q->doomed = false;
        if (!rc)
            atomic_store(&q->owner, thread_id());
    }
    if (rc)
        unlock(q);
    else
        q->depth++;
    return rc;
}

static reco_code sq_commit(reco_store *s, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = &q->w;
    reco_code rc = RECO_OK;
    lock(q);
    if (q->depth == 0) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "commit without a transaction");
        unlock(q);
        goto out;
    }
    if (q->depth == 1) {
        /* SQLite itself may have rolled back (I/O error, disk full): then it is in autocommit
           mode again and nothing of the transaction is left to commit. */
        if (sqlite3_get_autocommit(c->db)) {
            rc = reco_error_set(err, RECO_ESTORE, NULL,
                                "transaction was rolled back by the database");
        } else if (q->doomed) {
            sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
            rc = reco_error_set(err, RECO_ESTORE, NULL,
                                "transaction was rolled back by an inner rollback");
        } else {
            rc = exec(c, "COMMIT", "committing", err);
            if (rc && !sqlite3_get_autocommit(c->db))
                sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
        }
        q->doomed = false;
        atomic_store(&q->owner, 0);
    }
    q->depth--;
    unlock(q); /* this call's */
    unlock(q); /* the matching begin's */
out:
    return rc;
}

static void sq_rollback(reco_store *s)
{
    sq *q = (sq *)s;
    conn *c = &q->w;
    lock(q);
    if (q->depth == 0) {
        unlock(q);
        return;
    }
    if (q->depth == 1) {
        if (!sqlite3_get_autocommit(c->db))
            sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
        q->doomed = false;
        atomic_store(&q->owner, 0);
    } else {
        q->doomed = true;
    }
    q->depth--;
    unlock(q);
    unlock(q);
}

static int sq_schema_version(reco_store *s)
{
    return ((sq *)s)->version;
}

/* ---------------------------------------------------------------- users and secrets */

static reco_code sq_user_put(reco_store *s, reco_user_row *u, reco_error *err)
{
    return put_row((sq *)s, ST_USER_INS, ST_USER_UPD, 7, bind_user, u, &u->id, "user", err);
}

static reco_code sq_user_get(reco_store *s, int64_t id, reco_arena *a, reco_user_row *out,
                             reco_error *err)
{
    return get_by((sq *)s, ST_USER_GET, id, NULL, read_user, a, out, sizeof *out, "user", err);
}

static reco_code sq_user_by_email(reco_store *s, const char *email, reco_arena *a,
                                  reco_user_row *out, reco_error *err)
{
    return get_by((sq *)s, ST_USER_BY_EMAIL, 0, email, read_user, a, out, sizeof *out, "user", err);
}

static reco_code sq_secret_put(reco_store *s, reco_secret_row *t, reco_error *err)
{
    return put_row((sq *)s, ST_SECRET_INS, ST_SECRET_UPD, 7, bind_secret, t, &t->id, "secret", err);
}

static reco_code sq_secret_find(reco_store *s, reco_secret_kind kind, const char *hash, int64_t now,
                                reco_arena *a, reco_secret_row *out, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = NULL;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    rc = read_begin(q, &c, err);
    if (rc)
        goto out;
    rc = stmt(c, ST_SECRET_FIND, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, kind);
    if (!r)
        r = b_text(st, 2, hash);
    if (!r)
        r = b_i64(st, 3, now);
    rc = r ? fail(c, r, "secret", err)
           : fetch_one(c, st, read_secret, a, out, sizeof *out, "live secret", err);
out:
    done(st);
    read_end(q, c);
    return rc;
}

static reco_code sq_secret_revoke(reco_store *s, int64_t id, int64_t now, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = &q->w;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    lock(q);
    rc = stmt(c, ST_SECRET_REVOKE, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, id);
    if (!r)
        r = b_i64(st, 2, now);
    if (!r)
        r = sqlite3_step(st);
    if (r != SQLITE_DONE)
        rc = fail(c, r, "secret", err);
    else if (sqlite3_changes(c->db) == 0)
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "no such secret (id %lld)", (long long)id);
out:
    done(st);
    unlock(q);
    return rc;
}

static reco_code sq_secret_list(reco_store *s, int64_t user_id, reco_secret_kind kind,
                                reco_arena *a, reco_secret_row **out, size_t *n, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = NULL;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    rc = read_begin(q, &c, err);
    if (rc)
        goto out;
    rc = stmt(c, ST_SECRET_LIST, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, user_id);
    if (!r)
        r = b_i64(st, 2, kind);
    rc = r ? fail(c, r, "secrets", err)
           : fetch_all(c, st, read_secret, a, sizeof **out, (void **)out, n, "secrets", err);
out:
    done(st);
    read_end(q, c);
    return rc;
}

/* ---------------------------------------------------------------- issuers and roles */

static reco_code sq_issuer_put(reco_store *s, reco_issuer_row *i, reco_error *err)
{
    return put_row((sq *)s, ST_ISSUER_INS, ST_ISSUER_UPD, 12, bind_issuer, i, &i->id, "issuer",
                   err);
}

static reco_code sq_issuer_get(reco_store *s, int64_t id, reco_arena *a, reco_issuer_row *out,
                               reco_error *err)
{
    return get_by((sq *)s, ST_ISSUER_GET, id, NULL, read_issuer, a, out, sizeof *out, "issuer",
                  err);
}

static reco_code sq_issuer_by_slug(reco_store *s, const char *slug, reco_arena *a,
                                   reco_issuer_row *out, reco_error *err)
{
    return get_by((sq *)s, ST_ISSUER_BY_SLUG, 0, slug, read_issuer, a, out, sizeof *out, "issuer",
                  err);
}

static reco_code sq_issuer_list(reco_store *s, const reco_page *pg, reco_arena *a,
                                reco_issuer_row **out, size_t *n, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = NULL;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    rc = read_begin(q, &c, err);
    if (rc)
        goto out;
    rc = stmt(c, ST_ISSUER_LIST, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, pg->limit);
    if (!r)
        r = b_i64(st, 2, pg->offset);
    rc = r ? fail(c, r, "issuers", err)
           : fetch_all(c, st, read_issuer, a, sizeof **out, (void **)out, n, "issuers", err);
out:
    done(st);
    read_end(q, c);
    return rc;
}

static reco_code sq_role_set(reco_store *s, int64_t issuer_id, int64_t user_id, reco_role role,
                             reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = &q->w;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    lock(q);
    rc = stmt(c, role == RECO_ROLE_NONE ? ST_ROLE_DELETE : ST_ROLE_UPSERT, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, issuer_id);
    if (!r)
        r = b_i64(st, 2, user_id);
    if (!r && role != RECO_ROLE_NONE)
        r = b_i64(st, 3, role);
    if (!r)
        r = sqlite3_step(st);
    if (r != SQLITE_DONE)
        rc = fail(c, r, "membership", err);
out:
    done(st);
    unlock(q);
    return rc;
}

static reco_code sq_role_get(reco_store *s, int64_t issuer_id, int64_t user_id, reco_role *out,
                             reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = NULL;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    *out = RECO_ROLE_NONE;
    rc = read_begin(q, &c, err);
    if (rc)
        goto out;
    rc = stmt(c, ST_ROLE_GET, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, issuer_id);
    if (!r)
        r = b_i64(st, 2, user_id);
    if (!r)
        r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *out = (reco_role)sqlite3_column_int(st, 0);
    else if (r != SQLITE_DONE)
        rc = fail(c, r, "membership", err);
out:
    done(st);
    read_end(q, c);
    return rc;
}

static reco_code sq_roles_of_user(reco_store *s, int64_t user_id, reco_arena *a, int64_t **issuers,
                                  reco_role **roles, size_t *n, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = NULL;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    size_t cap = 0, len = 0;
    int64_t *ids = NULL;
    reco_role *rs = NULL;
    rc = read_begin(q, &c, err);
    if (rc)
        goto out;
    rc = stmt(c, ST_ROLES_OF_USER, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, user_id);
    if (r) {
        rc = fail(c, r, "memberships", err);
        goto out;
    }
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            int64_t *nids = reco_arena_alloc(a, ncap * sizeof *nids);
            reco_role *nrs = reco_arena_alloc(a, ncap * sizeof *nrs);
            if (!nids || !nrs) {
                rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory listing roles");
                goto out;
            }
            if (len) {
                memcpy(nids, ids, len * sizeof *ids);
                memcpy(nrs, rs, len * sizeof *rs);
            }
            ids = nids;
            rs = nrs;
            cap = ncap;
        }
        ids[len] = sqlite3_column_int64(st, 0);
        rs[len] = (reco_role)sqlite3_column_int(st, 1);
        len++;
    }
    if (r != SQLITE_DONE) {
        rc = fail(c, r, "memberships", err);
        goto out;
    }
    *issuers = ids;
    *roles = rs;
    *n = len;
out:
    done(st);
    read_end(q, c);
    return rc;
}

static reco_code sq_members_of_issuer(reco_store *s, int64_t issuer_id, reco_arena *a,
                                      reco_member_row **out, size_t *n, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = NULL;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    size_t cap = 0, len = 0;
    reco_member_row *rows = NULL;
    rd rr = {0};
    rc = read_begin(q, &c, err);
    if (rc)
        goto out;
    rc = stmt(c, ST_MEMBERS_OF_ISSUER, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, issuer_id);
    if (r) {
        rc = fail(c, r, "members", err);
        goto out;
    }
    rr.st = st;
    rr.a = a;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            reco_member_row *nr = reco_arena_alloc(a, ncap * sizeof *nr);
            if (!nr) {
                rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory listing members");
                goto out;
            }
            if (len)
                memcpy(nr, rows, len * sizeof *rows);
            rows = nr;
            cap = ncap;
        }
        rows[len].user_id = sqlite3_column_int64(st, 0);
        rows[len].email = c_text(&rr, 1);
        rows[len].name = c_text(&rr, 2);
        rows[len].role = (reco_role)sqlite3_column_int(st, 3);
        len++;
    }
    if (rr.oom) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory listing members");
        goto out;
    }
    if (r != SQLITE_DONE) {
        rc = fail(c, r, "members", err);
        goto out;
    }
    *out = rows;
    *n = len;
out:
    done(st);
    read_end(q, c);
    return rc;
}

/* ---------------------------------------------------------------- achievements */

static reco_code sq_achievement_put(reco_store *s, reco_achievement_row *r, reco_error *err)
{
    return put_row((sq *)s, ST_ACH_INS, ST_ACH_UPD, 12, bind_achievement, r, &r->id, "achievement",
                   err);
}

static reco_code sq_achievement_get(reco_store *s, int64_t id, reco_arena *a,
                                    reco_achievement_row *out, reco_error *err)
{
    return get_by((sq *)s, ST_ACH_GET, id, NULL, read_achievement, a, out, sizeof *out,
                  "achievement", err);
}

static reco_code sq_achievement_by_public_id(reco_store *s, const char *public_id, reco_arena *a,
                                             reco_achievement_row *out, reco_error *err)
{
    return get_by((sq *)s, ST_ACH_BY_PUBLIC_ID, 0, public_id, read_achievement, a, out, sizeof *out,
                  "achievement", err);
}

static reco_code sq_achievement_list(reco_store *s, int64_t issuer_id, const reco_page *pg,
                                     reco_arena *a, reco_achievement_row **out, size_t *n,
                                     reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = NULL;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    rc = read_begin(q, &c, err);
    if (rc)
        goto out;
    rc = stmt(c, issuer_id ? ST_ACH_LIST_ISSUER : ST_ACH_LIST, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, issuer_id);
    if (!r)
        r = b_i64(st, 2, pg->limit);
    if (!r)
        r = b_i64(st, 3, pg->offset);
    rc = r ? fail(c, r, "achievements", err)
           : fetch_all(c, st, read_achievement, a, sizeof **out, (void **)out, n, "achievements",
                       err);
out:
    done(st);
    read_end(q, c);
    return rc;
}

/* ---------------------------------------------------------------- credentials */

static reco_code sq_credential_put(reco_store *s, reco_credential_row *c, reco_error *err)
{
    return put_row((sq *)s, ST_CRED_INS, ST_CRED_UPD, 19, bind_credential, c, &c->id, "credential",
                   err);
}

static reco_code sq_credential_get(reco_store *s, int64_t id, reco_arena *a,
                                   reco_credential_row *out, reco_error *err)
{
    return get_by((sq *)s, ST_CRED_GET, id, NULL, read_credential, a, out, sizeof *out,
                  "credential", err);
}

static reco_code sq_credential_by_public_id(reco_store *s, const char *public_id, reco_arena *a,
                                            reco_credential_row *out, reco_error *err)
{
    return get_by((sq *)s, ST_CRED_BY_PUBLIC_ID, 0, public_id, read_credential, a, out, sizeof *out,
                  "credential", err);
}

static reco_code sq_credential_by_claim(reco_store *s, const char *claim_hash, reco_arena *a,
                                        reco_credential_row *out, reco_error *err)
{
    return get_by((sq *)s, ST_CRED_BY_CLAIM, 0, claim_hash, read_credential, a, out, sizeof *out,
                  "credential", err);
}

static reco_code sq_credential_by_job_row(reco_store *s, int64_t job_id, int64_t row, reco_arena *a,
                                          reco_credential_row *out, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = NULL;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    rc = read_begin(q, &c, err);
    if (rc)
        goto out;
    rc = stmt(c, ST_CRED_BY_JOB_ROW, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, job_id);
    if (!r)
        r = b_i64(st, 2, row);
    rc = r ? fail(c, r, "credential", err)
           : fetch_one(c, st, read_credential, a, out, sizeof *out, "credential", err);
out:
    done(st);
    read_end(q, c);
    return rc;
}

/* "%text%" with LIKE's wild cards in text escaped by a backslash. */
static void like_pattern(const char *text, char *out, size_t cap)
{
    size_t o = 0;
    out[o++] = '%';
    for (const char *p = text; *p && o + 3 < cap; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            out[o++] = '\\';
        out[o++] = *p;
    }
    out[o++] = '%';
    out[o] = '\0';
}

static int bind_filters(sqlite3_stmt *st, int mask, int64_t issuer_id, int64_t achievement_id,
                        int64_t claimed_by, const char *pattern)
{
    int r = SQLITE_OK;
    if (mask & 1)
        r = b_i64(st, 1, issuer_id);
    if (!r && (mask & 2))
        r = b_i64(st, 2, achievement_id);
    if (!r && (mask & 4))
        r = b_i64(st, 3, claimed_by);
    if (!r && (mask & 8))
        r = b_text(st, 4, pattern);
    return r;
}

static reco_code sq_credential_list(reco_store *s, int64_t issuer_id, int64_t achievement_id,
                                    int64_t claimed_by, const char *search, const reco_page *pg,
                                    reco_arena *a, reco_credential_row **out, size_t *n,
                                    int64_t *total, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = NULL;
    sqlite3_stmt *st = NULL, *cnt = NULL;
    reco_code rc;
    int r;
    char pattern[512]; /* the wrapper caps the search text at 200 bytes */
    int mask =
        (issuer_id ? 1 : 0) | (achievement_id ? 2 : 0) | (claimed_by ? 4 : 0) | (search ? 8 : 0);
    bool snapshot = false;
    if (search)
        like_pattern(search, pattern, sizeof pattern);
    rc = read_begin(q, &c, err);
    if (rc)
        goto out;
    /* The page and the total from one snapshot: a read transaction unless already in one. */
    if (sqlite3_get_autocommit(c->db)) {
        rc = exec(c, "BEGIN", "listing credentials", err);
        snapshot = !rc;
    }
    if (!rc)
        rc = stmt(c, ST_CRED_LIST + mask, &st, err);
    if (rc)
        goto out;
    r = bind_filters(st, mask, issuer_id, achievement_id, claimed_by, pattern);
    if (!r)
        r = b_i64(st, 5, pg->limit);
    if (!r)
        r = b_i64(st, 6, pg->offset);
    rc =
        r ? fail(c, r, "credentials", err)
          : fetch_all(c, st, read_credential, a, sizeof **out, (void **)out, n, "credentials", err);
    if (rc || !total)
        goto out;
    rc = stmt(c, ST_CRED_COUNT + mask, &cnt, err);
    if (rc)
        goto out;
    r = bind_filters(cnt, mask, issuer_id, achievement_id, claimed_by, pattern);
    if (!r)
        r = sqlite3_step(cnt);
    if (r == SQLITE_ROW)
        *total = sqlite3_column_int64(cnt, 0);
    else
        rc = fail(c, r, "credentials", err);
out:
    done(st);
    done(cnt);
    if (snapshot)
        sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL); /* read only: nothing to keep */
    read_end(q, c);
    return rc;
}

/* ---------------------------------------------------------------- status lists */

/* The row and its bits in one transaction; on update, bits NULL keeps the stored bits. */
static reco_code sq_status_list_put(reco_store *s, reco_status_list_row *l, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = &q->w;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    bool insert = l->id == 0, began = false;
    int64_t id = l->id;
    const uint8_t *bits = l->bits;
    size_t len = l->bits_len;
    uint8_t *zero = NULL;
    if (insert && !bits) {
        /* A new list without bits starts with every bit clear. */
        len = (size_t)(l->size / 8);
        bits = zero = calloc(1, len ? len : 1);
        if (!zero) {
            rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory making a status list");
            goto out;
        }
    }
    rc = sq_begin(s, err);
    began = !rc;
    if (!rc)
        rc = put_row(q, ST_LIST_INS, ST_LIST_UPD, 7, bind_list, l, &id, "status list", err);
    if (rc || !bits)
        goto out;
    rc = stmt(c, insert ? ST_LIST_BITS_INS : ST_LIST_BITS_UPD, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, id);
    if (!r)
        r = b_blob(st, 2, bits, len);
    if (!r)
        r = sqlite3_step(st);
    if (r != SQLITE_DONE)
        rc = fail(c, r, "status list bits", err);
out:
    done(st);
    free(zero);
    if (began && rc)
        sq_rollback(s);
    else if (began)
        rc = sq_commit(s, err);
    if (!rc)
        l->id = id;
    return rc;
}

static reco_code sq_status_list_get(reco_store *s, int64_t id, reco_arena *a,
                                    reco_status_list_row *out, reco_error *err)
{
    return get_by((sq *)s, ST_LIST_GET, id, NULL, read_list, a, out, sizeof *out, "status list",
                  err);
}

static reco_code sq_status_list_by_public_id(reco_store *s, const char *public_id, reco_arena *a,
                                             reco_status_list_row *out, reco_error *err)
{
    return get_by((sq *)s, ST_LIST_BY_PUBLIC_ID, 0, public_id, read_list, a, out, sizeof *out,
                  "status list", err);
}

static reco_code sq_status_list_open_for(reco_store *s, int64_t issuer_id, const char *purpose,
                                         reco_arena *a, reco_status_list_row *out, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = NULL;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    rc = read_begin(q, &c, err);
    if (rc)
        goto out;
    rc = stmt(c, ST_LIST_OPEN_FOR, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, issuer_id);
    if (!r)
        r = b_text(st, 2, purpose);
    rc = r ? fail(c, r, "status list", err)
           : fetch_one(c, st, read_list, a, out, sizeof *out, "open status list", err);
out:
    done(st);
    read_end(q, c);
    return rc;
}

static reco_code sq_status_list_take(reco_store *s, int64_t list_id, int64_t *index,
                                     reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = &q->w;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    lock(q);
    rc = stmt(c, ST_LIST_TAKE, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, list_id);
    if (!r)
        r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        *index = sqlite3_column_int64(st, 0);
        goto out;
    }
    if (r != SQLITE_DONE) {
        rc = fail(c, r, "status list", err);
        goto out;
    }
    /* No row changed: the list is full, or there is no such list. */
    done(st);
    rc = stmt(c, ST_LIST_SIZE, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, list_id);
    if (!r)
        r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        rc = reco_error_set(err, RECO_ELIMIT, NULL, "status list %lld is full (%lld entries)",
                            (long long)list_id, (long long)sqlite3_column_int64(st, 0));
    else if (r == SQLITE_DONE)
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "no such status list (id %lld)",
                            (long long)list_id);
    else
        rc = fail(c, r, "status list", err);
out:
    done(st);
    unlock(q);
    return rc;
}

/*
 * Set or clear one bit and touch updated_at, in one transaction (nested in the caller's if
 * any). The byte is read and written in place with incremental BLOB I/O: one page changes,
 * not the 16 KB of the list. BitstringStatusList section 2.1 ("Bitstring Encoding"): index 0
 * is the left-most bit, so bit i is the mask 0x80 >> (i % 8) of byte i / 8.
 */
static reco_code sq_status_list_set(reco_store *s, int64_t list_id, int64_t index, bool value,
                                    int64_t now, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = &q->w;
    sqlite3_stmt *st = NULL;
    sqlite3_blob *blob = NULL;
    reco_code rc;
    int r;
    int64_t size = 0;
    uint8_t byte = 0;
    rc = sq_begin(s, err);
    if (rc)
        return rc;
    rc = stmt(c, ST_LIST_SIZE, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, list_id);
    if (!r)
        r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        size = sqlite3_column_int64(st, 0);
    else if (r == SQLITE_DONE)
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "no such status list (id %lld)",
                            (long long)list_id);
    else
        rc = fail(c, r, "status list", err);
    done(st);
    st = NULL;
    if (rc)
        goto out;
    if (index >= size) {
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "status index %lld is outside the list (size %lld)", (long long)index,
                            (long long)size);
        goto out;
    }
    r = sqlite3_blob_open(c->db, "main", "status_list_bits", "bits", list_id, 1, &blob);
    if (!r && (int64_t)sqlite3_blob_bytes(blob) * 8 < size) {
        rc = reco_error_set(err, RECO_ESTORE, NULL, "bits of status list %lld are too short",
                            (long long)list_id);
        goto out;
    }
    int offset = (int)(index / 8);
    uint8_t mask = (uint8_t)(0x80u >> (index % 8));
    if (!r)
        r = sqlite3_blob_read(blob, &byte, 1, offset);
    byte = value ? (uint8_t)(byte | mask) : (uint8_t)(byte & ~mask);
    if (!r)
        r = sqlite3_blob_write(blob, &byte, 1, offset);
    if (r) {
        rc = fail(c, r, "status list bits", err);
        goto out;
    }
    rc = stmt(c, ST_LIST_TOUCH, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, list_id);
    if (!r)
        r = b_i64(st, 2, now);
    if (!r)
        r = sqlite3_step(st);
    if (r != SQLITE_DONE)
        rc = fail(c, r, "status list", err);
out:
    done(st);
    if (blob && sqlite3_blob_close(blob) != SQLITE_OK && !rc)
        rc = fail(c, SQLITE_ERROR, "status list bits", err);
    if (rc)
        sq_rollback(s);
    else
        rc = sq_commit(s, err);
    return rc;
}

/* ---------------------------------------------------------------- jobs */

static reco_code sq_job_put(reco_store *s, reco_job_row *j, reco_error *err)
{
    return put_row((sq *)s, ST_JOB_INS, ST_JOB_UPD, 16, bind_job, j, &j->id, "job", err);
}

static reco_code sq_job_get(reco_store *s, int64_t id, reco_arena *a, reco_job_row *out,
                            reco_error *err)
{
    return get_by((sq *)s, ST_JOB_GET, id, NULL, read_job, a, out, sizeof *out, "job", err);
}

static reco_code sq_job_by_public_id(reco_store *s, const char *public_id, reco_arena *a,
                                     reco_job_row *out, reco_error *err)
{
    return get_by((sq *)s, ST_JOB_BY_PUBLIC_ID, 0, public_id, read_job, a, out, sizeof *out, "job",
                  err);
}

static reco_code sq_job_list_pending(reco_store *s, reco_arena *a, reco_job_row **out, size_t *n,
                                     reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = NULL;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    rc = read_begin(q, &c, err);
    if (rc)
        goto out;
    rc = stmt(c, ST_JOB_PENDING, &st, err);
    if (!rc)
        rc = fetch_all(c, st, read_job, a, sizeof **out, (void **)out, n, "jobs", err);
out:
    done(st);
    read_end(q, c);
    return rc;
}

static reco_code sq_job_progress(reco_store *s, const reco_job_row *j, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = &q->w;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    lock(q);
    rc = stmt(c, ST_JOB_PROGRESS, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, j->id);
    if (!r)
        r = b_i64(st, 2, j->state);
    if (!r)
        r = b_i64(st, 3, j->done);
    if (!r)
        r = b_i64(st, 4, j->ok);
    if (!r)
        r = b_i64(st, 5, j->failed);
    if (!r)
        r = b_text(st, 6, j->report);
    if (!r)
        r = b_text(st, 7, j->error);
    if (!r)
        r = b_i64(st, 8, j->updated_at);
    if (!r)
        r = sqlite3_step(st);
    if (r != SQLITE_DONE)
        rc = fail(c, r, "job", err);
    else if (sqlite3_changes(c->db) == 0)
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "no such job (id %lld)", (long long)j->id);
out:
    done(st);
    unlock(q);
    return rc;
}

static void read_job_credential(rd *r, void *row)
{
    reco_job_credential *jc = row;
    jc->row = c_i64(r, 0);
    jc->public_id = c_text(r, 1);
}

static reco_code sq_job_credentials(reco_store *s, int64_t job_id, reco_arena *a,
                                    reco_job_credential **out, size_t *n, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = NULL;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    rc = read_begin(q, &c, err);
    if (rc)
        goto out;
    rc = stmt(c, ST_JOB_CREDENTIALS, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, job_id);
    rc = r ? fail(c, r, "credentials", err)
           : fetch_all(c, st, read_job_credential, a, sizeof **out, (void **)out, n, "credentials",
                       err);
out:
    done(st);
    read_end(q, c);
    return rc;
}

/* ---------------------------------------------------------------- backpack */

static reco_code sq_backpack_put(reco_store *s, reco_backpack_row *b, reco_error *err)
{
    return put_row((sq *)s, ST_BP_INS, ST_BP_UPD, 10, bind_backpack, b, &b->id, "backpack entry",
                   err);
}

static reco_code sq_backpack_get(reco_store *s, const char *public_id, reco_arena *a,
                                 reco_backpack_row *out, reco_error *err)
{
    return get_by((sq *)s, ST_BP_GET, 0, public_id, read_backpack, a, out, sizeof *out,
                  "backpack entry", err);
}

static reco_code sq_backpack_list(reco_store *s, int64_t user_id, bool public_only,
                                  const reco_page *pg, reco_arena *a, reco_backpack_row **out,
                                  size_t *n, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = NULL;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    rc = read_begin(q, &c, err);
    if (rc)
        goto out;
    rc = stmt(c, ST_BP_LIST, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, user_id);
    if (!r)
        r = b_i64(st, 2, pg->limit);
    if (!r)
        r = b_i64(st, 3, pg->offset);
    if (!r)
        r = b_i64(st, 4, public_only);
    rc = r ? fail(c, r, "backpack", err)
           : fetch_all(c, st, read_backpack, a, sizeof **out, (void **)out, n, "backpack", err);
out:
    done(st);
    read_end(q, c);
    return rc;
}

static reco_code sq_backpack_delete(reco_store *s, int64_t id, reco_error *err)
{
    sq *q = (sq *)s;
    conn *c = &q->w;
    sqlite3_stmt *st = NULL;
    reco_code rc;
    int r;
    lock(q);
    rc = stmt(c, ST_BP_DELETE, &st, err);
    if (rc)
        goto out;
    r = b_i64(st, 1, id);
    if (!r)
        r = sqlite3_step(st);
    if (r != SQLITE_DONE)
        rc = fail(c, r, "backpack entry", err);
    else if (sqlite3_changes(c->db) == 0)
        rc = reco_error_set(err, RECO_ENOTFOUND, NULL, "no such backpack entry (id %lld)",
                            (long long)id);
out:
    done(st);
    unlock(q);
    return rc;
}

/* ---------------------------------------------------------------- the table */

static const reco_store_methods sqlite_methods = {
    .version = 2,
    .scheme = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .schema_version = sq_schema_version,
    .user_put = sq_user_put,
    .user_get = sq_user_get,
    .user_by_email = sq_user_by_email,
    .secret_put = sq_secret_put,
    .secret_find = sq_secret_find,
    .secret_revoke = sq_secret_revoke,
    .secret_list = sq_secret_list,
    .issuer_put = sq_issuer_put,
    .issuer_get = sq_issuer_get,
    .issuer_by_slug = sq_issuer_by_slug,
    .issuer_list = sq_issuer_list,
    .role_set = sq_role_set,
    .role_get = sq_role_get,
    .roles_of_user = sq_roles_of_user,
    .achievement_put = sq_achievement_put,
    .achievement_get = sq_achievement_get,
    .achievement_by_public_id = sq_achievement_by_public_id,
    .achievement_list = sq_achievement_list,
    .credential_put = sq_credential_put,
    .credential_get = sq_credential_get,
    .credential_by_public_id = sq_credential_by_public_id,
    .credential_by_claim = sq_credential_by_claim,
    .credential_list = sq_credential_list,
    .credential_by_job_row = sq_credential_by_job_row,
    .status_list_put = sq_status_list_put,
    .status_list_get = sq_status_list_get,
    .status_list_by_public_id = sq_status_list_by_public_id,
    .status_list_open_for = sq_status_list_open_for,
    .status_list_take = sq_status_list_take,
    .status_list_set = sq_status_list_set,
    .job_put = sq_job_put,
    .job_get = sq_job_get,
    .job_by_public_id = sq_job_by_public_id,
    .job_list_pending = sq_job_list_pending,
    .backpack_put = sq_backpack_put,
    .backpack_get = sq_backpack_get,
    .backpack_list = sq_backpack_list,
    .backpack_delete = sq_backpack_delete,
    .members_of_issuer = sq_members_of_issuer,
    .job_progress = sq_job_progress,
    .job_credentials = sq_job_credentials,
};

const reco_store_methods *reco_store_sqlite_methods(void)
{
    return &sqlite_methods;
}
