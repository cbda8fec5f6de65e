/*
 * test_store_sqlite.c - the store conformance suite (store_suite.inc) on the SQLite backend,
 * then what only SQLite has: the file and its mode, WAL, the folder rules, migrations recorded
 * in schema_migrations, a database newer than the program, a file that is not a database.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "store_suite.inc"

#include "store/store_internal.h"

#include <sqlite3.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------- the backend for the suite */

static int sqlite_fresh(char *url, size_t cap)
{
    char dir[] = "/tmp/reco-store-XXXXXX";
    if (!mkdtemp(dir))
        return -1;
    return (size_t)snprintf(url, cap, "sqlite:%s/reco.db", dir) < cap ? 0 : -1;
}

/* Remove DIR/reco.db, its -wal and -shm files and any other file the test left, then DIR. */
static void remove_dir(const char *dir)
{
    static const char *const names[] = {"reco.db",      "reco.db-wal",  "reco.db-shm", "other.db",
                                        "other.db-wal", "other.db-shm", "junk.db",     "sub"};
    char path[600];
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        unlink(path);
    }
    rmdir(dir);
}

static void sqlite_destroy(const char *url)
{
    char dir[512];
    const char *p = url + strlen("sqlite:");
    const char *slash = strrchr(p, '/');
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - p), p);
    remove_dir(dir);
}

static const store_suite_backend sqlite_backend = {"store suite (sqlite)", sqlite_fresh,
                                                   sqlite_destroy};

/* ---------------------------------------------------------------- SQLite only */

static char dir[64];

static int dir_setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/reco-sqlite-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int dir_teardown(void **state)
{
    (void)state;
    remove_dir(dir);
    return 0;
}

/* One value of a query run on the file directly, as text. */
static void raw_query(const char *path, const char *sql, char *out, size_t cap)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    int r = sqlite3_step(st);
    assert_true(r == SQLITE_ROW || r == SQLITE_DONE);
    const unsigned char *t = r == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
    snprintf(out, cap, "%s", t ? (const char *)t : "");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void file_mode_and_wal(void **state)
{
    (void)state;
    char path[128], wal[140], value[64];
    reco_store *s = NULL;
    reco_error err;
    struct stat sb;
    snprintf(path, sizeof path, "%s/reco.db", dir);
    snprintf(wal, sizeof wal, "%s/reco.db-wal", dir);
    mode_t old = umask(0);                          /* even a permissive umask gives 0600 */
    reco_code rc = reco_store_open(path, &s, &err); /* a plain path */
    umask(old);
    assert_int_equal(rc, RECO_OK);
    assert_string_equal(reco_store_scheme(s), "sqlite");
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    reco_user_row u = {.email = "a@example.org"};
    assert_int_equal(reco_store_user_put(s, &u, &err), RECO_OK);
    assert_int_equal(stat(wal, &sb), 0); /* WAL mode: the write went to the -wal file */
    assert_int_equal(sb.st_mode & 0777, 0600);
    raw_query(path, "PRAGMA journal_mode", value, sizeof value);
    assert_string_equal(value, "wal");
    /* Every migration is recorded, and the version is the highest. */
    raw_query(path, "SELECT count(*) = max(version) FROM schema_migrations", value, sizeof value);
    assert_string_equal(value, "1");
    raw_query(path, "SELECT max(version) FROM schema_migrations", value, sizeof value);
    assert_int_equal(strtol(value, NULL, 10), reco_store_schema_version(s));
    /* Foreign keys hold (the pragma is per connection: checked through the store). */
    reco_secret_row t = {.kind = RECO_SECRET_SESSION, .hash = "x", .user_id = 999};
    assert_int_equal(reco_store_secret_put(s, &t, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "does not exist"));
    reco_store_close(s);
}

static void lookups_use_indexes(void **state)
{
    (void)state;
    char path[128], plan[256];
    reco_store *s = NULL;
    reco_error err;
    snprintf(path, sizeof path, "%s/reco.db", dir);
    assert_int_equal(reco_store_open(path, &s, &err), RECO_OK);
    reco_store_close(s);
    static const char *const lookups[] = {
        "users WHERE email='a'",
        "secrets WHERE kind=1 AND hash='a'",
        "issuers WHERE slug='a'",
        "achievements WHERE public_id='a'",
        "credentials WHERE public_id='a'",
        "credentials WHERE claim_hash='a'",
        "credentials WHERE job_id=1 AND job_row=2",
        "status_lists WHERE public_id='a'",
        "jobs WHERE public_id='a'",
        "backpack WHERE public_id='a'",
        "memberships WHERE user_id=1",
    };
    for (size_t k = 0; k < sizeof lookups / sizeof lookups[0]; k++) {
        char sql[200];
        snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN SELECT * FROM %s", lookups[k]);
        sqlite3 *db = NULL;
        sqlite3_stmt *st = NULL;
        assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        snprintf(plan, sizeof plan, "%s", (const char *)sqlite3_column_text(st, 3));
        sqlite3_finalize(st);
        sqlite3_close(db);
        if (!strstr(plan, "USING") || strstr(plan, "SCAN"))
            fail_msg("%s: no index (%s)", lookups[k], plan);
    }
}

static void folder_rules(void **state)
{
    (void)state;
    char url[160], path[128];
    reco_store *s = NULL;
    reco_error err;
    struct stat sb;
    /* A folder means FOLDER/reco.db. */
    snprintf(url, sizeof url, "sqlite:%s", dir);
    assert_int_equal(reco_store_open(url, &s, &err), RECO_OK);
    reco_store_close(s);
    snprintf(path, sizeof path, "%s/reco.db", dir);
    assert_int_equal(stat(path, &sb), 0);
    /* The folder of the file must exist: the store makes no folder. */
    snprintf(url, sizeof url, "sqlite:%s/sub/reco.db", dir);
    assert_int_equal(reco_store_open(url, &s, &err), RECO_EIO);
    assert_null(s);
    assert_non_null(strstr(err.msg, "does not exist"));
    snprintf(path, sizeof path, "%s/sub", dir);
    assert_int_not_equal(stat(path, &sb), 0);
    /* Empty or unsupported locations. */
    assert_int_equal(reco_store_open("", &s, &err), RECO_EINVAL);
    assert_int_equal(reco_store_open("sqlite:", &s, &err), RECO_EINVAL);
    assert_int_equal(reco_store_open("postgres://localhost/reco", &s, &err), RECO_EINVAL);
    assert_null(s);
    /* "sqlite://" + absolute path and an in-memory database work too. */
    snprintf(url, sizeof url, "sqlite://%s/other.db", dir);
    assert_int_equal(reco_store_open(url, &s, &err), RECO_OK);
    reco_store_close(s);
    assert_int_equal(reco_store_open("sqlite::memory:", &s, &err), RECO_OK);
    assert_true(reco_store_schema_version(s) >= 1);
    reco_store_close(s);
    reco_store_close(NULL);
}

static void refuses_newer_schema_and_junk(void **state)
{
    (void)state;
    char path[128];
    reco_store *s = NULL;
    reco_error err;
    snprintf(path, sizeof path, "%s/reco.db", dir);
    assert_int_equal(reco_store_open(path, &s, &err), RECO_OK);
    reco_store_close(s);
    raw_exec(path, "INSERT INTO schema_migrations VALUES (999, 'from the future', 0)");
    assert_int_equal(reco_store_open(path, &s, &err), RECO_ESTORE);
    assert_null(s);
    assert_non_null(strstr(err.msg, "newer"));
    /* A file that is not a database. */
    snprintf(path, sizeof path, "%s/junk.db", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    for (int k = 0; k < 200; k++)
        fputs("this is not a database, ", fp);
    fclose(fp);
    assert_int_equal(reco_store_open(path, &s, &err), RECO_ESTORE);
    assert_null(s);
}

/* A database left at schema version 1 by an older program: opening it applies the rest, and
   the status list bits come through the move to their own table. */
static void migrates_from_version_1(void **state)
{
    (void)state;
    char path[128], sql[256];
    size_t n;
    const reco_sqlite_migration *m = reco_sqlite_migrations(&n);
    reco_store *s = NULL;
    reco_error err;
    reco_status_list_row l;
    int64_t idx;
    assert_true(n >= 2);
    assert_int_equal(m[0].version, 1);
    snprintf(path, sizeof path, "%s/reco.db", dir);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                                  "name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, m[0].sql, NULL, NULL, NULL), SQLITE_OK);
    snprintf(sql, sizeof sql, "INSERT INTO schema_migrations VALUES (1, 'initial schema', 0)");
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "INSERT INTO issuers(id, slug, name) VALUES (1, 'a', 'A');"
                     "INSERT INTO status_lists(id, public_id, issuer_id, purpose, size,"
                     " next_index, bits, updated_at) VALUES (7, 'sl', 1, 'revocation',"
                     " 16, 3, x'a55a', 42);",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);

    assert_int_equal(reco_store_open(path, &s, &err), RECO_OK);
    assert_int_equal(reco_store_schema_version(s), (int)n);
    reco_arena *a = reco_arena_new(0);
    assert_int_equal(reco_store_status_list_by_public_id(s, "sl", a, &l, &err), RECO_OK);
    assert_int_equal(l.id, 7);
    assert_int_equal(l.size, 16);
    assert_int_equal(l.next_index, 3);
    assert_int_equal(l.bits_len, 2);
    assert_int_equal(l.bits[0], 0xa5);
    assert_int_equal(l.bits[1], 0x5a);
    assert_int_equal(l.updated_at, 42);
    assert_int_equal(reco_store_status_list_take(s, 7, &idx, &err), RECO_OK);
    assert_int_equal(idx, 3);
    assert_int_equal(reco_store_status_list_set(s, 7, 1, true, 43, &err), RECO_OK);
    assert_int_equal(reco_store_status_list_get(s, 7, a, &l, &err), RECO_OK);
    assert_int_equal(l.bits[0], 0xe5);
    reco_store_close(s);
    reco_arena_free(a);
}

/* The write-ahead log stays bounded while other threads read without pause: checkpoints that
   readers hold back do not let it grow for ever (checkpoint starvation). */
typedef struct reader_arg {
    reco_store *s;
    atomic_int *stop;
    long reads;
} reader_arg;

static void *reader_loop(void *arg)
{
    reader_arg *r = arg;
    reco_arena *a = reco_arena_new(0);
    reco_error err;
    while (a && !atomic_load(r->stop)) {
        reco_issuer_row *rows;
        size_t n;
        reco_page pg = {.limit = 1};
        if (reco_store_issuer_list(r->s, &pg, a, &rows, &n, &err) == RECO_OK)
            r->reads++;
        reco_arena_reset(a);
    }
    reco_arena_free(a);
    return NULL;
}

static void wal_stays_bounded(void **state)
{
    (void)state;
    char path[128], wal[140];
    reco_store *s = NULL;
    reco_error err;
    struct stat sb;
    pthread_t th[2];
    reader_arg ra[2];
    atomic_int stop = 0;
    static char text[16384];
    snprintf(path, sizeof path, "%s/reco.db", dir);
    snprintf(wal, sizeof wal, "%s/reco.db-wal", dir);
    assert_int_equal(reco_store_open(path, &s, &err), RECO_OK);
    memset(text, 'w', sizeof text - 1);
    for (int k = 0; k < 2; k++) {
        ra[k] = (reader_arg){.s = s, .stop = &stop};
        assert_int_equal(pthread_create(&th[k], NULL, reader_loop, &ra[k]), 0);
    }
    /* 4000 rows of 16 KB: 64 MB through the log, twice the point where it restarts. */
    off_t largest = 0;
    for (int k = 0; k < 4000; k++) {
        char slug[16];
        snprintf(slug, sizeof slug, "i%d", k);
        reco_issuer_row i = {.slug = slug, .name = "x", .description = text};
        assert_int_equal(reco_store_issuer_put(s, &i, &err), RECO_OK);
        if (k % 100 == 99 && stat(wal, &sb) == 0 && sb.st_size > largest)
            largest = sb.st_size;
    }
    atomic_store(&stop, 1);
    for (int k = 0; k < 2; k++) {
        assert_int_equal(pthread_join(th[k], NULL), 0);
        assert_true(ra[k].reads > 0);
    }
    reco_store_close(s);
    /* 8192 pages of 4 KB before a restart, plus what one commit adds. */
    if (largest > 40L * 1024 * 1024)
        fail_msg("write-ahead log grew to %lld bytes", (long long)largest);
}

int main(void)
{
    static const struct CMUnitTest own[] = {
        cmocka_unit_test_setup_teardown(file_mode_and_wal, dir_setup, dir_teardown),
        cmocka_unit_test_setup_teardown(lookups_use_indexes, dir_setup, dir_teardown),
        cmocka_unit_test_setup_teardown(folder_rules, dir_setup, dir_teardown),
        cmocka_unit_test_setup_teardown(refuses_newer_schema_and_junk, dir_setup, dir_teardown),
        cmocka_unit_test_setup_teardown(migrates_from_version_1, dir_setup, dir_teardown),
        cmocka_unit_test_setup_teardown(wal_stays_bounded, dir_setup, dir_teardown),
    };
    int failed = store_suite_run(&sqlite_backend);
    failed += cmocka_run_group_tests_name("sqlite backend", own, NULL, NULL);
    return failed ? 1 : 0;
}
