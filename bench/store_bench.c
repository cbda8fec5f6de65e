/*
 * store_bench.c - figures of the SQLite store through the reco_store_* wrappers: awards (begin,
 * take a status index, store a 3 KB credential, commit) one per transaction and 100 per
 * transaction, lookups by public id, revocations (bit flips), and lookups from 4 threads while
 * a fifth awards. Prints figures; asserts nothing. Usage: store_bench [N awards, default 10000]
 */
#include "reco/store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct bench {
    reco_store *s;
    int64_t issuer, achievement, list;
    char json[3001];
    atomic_int stop;
    long awarded;
} bench;

static void die(const char *what, const reco_error *err)
{
    fprintf(stderr, "store_bench: %s: %s\n", what, err->msg);
    exit(1);
}

/* n awards named PREFIX-k, per awards to a transaction. */
static void award(bench *b, const char *prefix, long n, long per)
{
    reco_error err;
    for (long k = 0; k < n; k++) {
        char pid[48];
        int64_t idx;
        snprintf(pid, sizeof pid, "%s-%ld", prefix, k);
        if (k % per == 0 && reco_store_begin(b->s, &err))
            die("begin", &err);
        if (reco_store_status_list_take(b->s, b->list, &idx, &err))
            die("take", &err);
        reco_credential_row c = {.public_id = pid,
                                 .issuer_id = b->issuer,
                                 .achievement_id = b->achievement,
                                 .recipient_email = "earner@example.org",
                                 .json = b->json,
                                 .status_list_id = b->list,
                                 .status_index = idx};
        if (reco_store_credential_put(b->s, &c, &err))
            die("credential", &err);
        if ((k % per == per - 1 || k == n - 1) && reco_store_commit(b->s, &err))
            die("commit", &err);
    }
}

static long lookups(bench *b, const char *prefix, long range, long n)
{
    reco_error err;
    reco_arena *a = reco_arena_new(0);
    long done = 0;
    for (long k = 0; a && k < n && !atomic_load(&b->stop); k++, done++) {
        char pid[48];
        reco_credential_row c;
        snprintf(pid, sizeof pid, "%s-%ld", prefix, (k * 7919) % range);
        if (reco_store_credential_by_public_id(b->s, pid, a, &c, &err))
            die("lookup", &err);
        reco_arena_reset(a);
    }
    reco_arena_free(a);
    return done;
}

static void *lookup_thread(void *arg)
{
    bench *b = arg;
    return (void *)(intptr_t)lookups(b, "one", 1000, 1L << 40);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 10000;
    char dir[] = "/tmp/reco-store-bench-XXXXXX";
    char url[128], path[160];
    reco_error err;
    bench *b = calloc(1, sizeof *b);
    if (!b || n <= 0 || !mkdtemp(dir))
        return 1;
    snprintf(url, sizeof url, "sqlite:%s/reco.db", dir);
    if (reco_store_open(url, &b->s, &err))
        die("open", &err);
    memset(b->json, 'x', sizeof b->json - 1);
    reco_issuer_row i = {.slug = "bench", .name = "Bench"};
    reco_achievement_row a = {.public_id = "bench", .name = "Bench"};
    reco_status_list_row l = {.public_id = "bench", .purpose = "revocation", .size = 1 << 17};
    if (reco_store_issuer_put(b->s, &i, &err))
        die("issuer", &err);
    a.issuer_id = l.issuer_id = b->issuer = i.id;
    if (reco_store_achievement_put(b->s, &a, &err) || reco_store_status_list_put(b->s, &l, &err))
        die("achievement or list", &err);
    b->achievement = a.id;
    b->list = l.id;

    double t0 = now();
    award(b, "one", n, 1);
    double t1 = now();
    award(b, "batch", n, 100);
    double t2 = now();
    long got = lookups(b, "one", n, 10 * n);
    double t3 = now();
    for (long k = 0; k < 1000; k++)
        if (reco_store_status_list_set(b->s, b->list, k, true, 1, &err))
            die("revoke", &err);
    double t4 = now();
    printf("awards, one per transaction:   %ld in %.2f s (%.0f/s)\n", n, t1 - t0, n / (t1 - t0));
    printf("awards, 100 per transaction:   %ld in %.2f s (%.0f/s)\n", n, t2 - t1, n / (t2 - t1));
    printf("lookups by public id:          %ld in %.2f s (%.0f/s)\n", got, t3 - t2,
           got / (t3 - t2));
    printf("revocations (bit flips):       1000 in %.3f s\n", t4 - t3);

    /* Four readers while one thread awards one per transaction. */
    pthread_t th[4];
    long total = 0;
    atomic_store(&b->stop, 0);
    double t5 = now();
    for (int k = 0; k < 4; k++)
        pthread_create(&th[k], NULL, lookup_thread, b);
    award(b, "mixed", n, 1);
    atomic_store(&b->stop, 1);
    for (int k = 0; k < 4; k++) {
        void *r;
        pthread_join(th[k], &r);
        total += (long)(intptr_t)r;
    }
    double t6 = now();
    printf("4 readers during %ld awards:   %ld lookups in %.2f s (%.0f/s)\n", n, total, t6 - t5,
           total / (t6 - t5));

    snprintf(path, sizeof path, "%s/reco.db-wal", dir);
    FILE *wal = fopen(path, "rb");
    if (wal) {
        fseek(wal, 0, SEEK_END);
        printf("write-ahead log at the end:    %ld bytes\n", ftell(wal));
        fclose(wal);
    }
    reco_store_close(b->s);
    free(b);
    const char *files[] = {"reco.db", "reco.db-wal", "reco.db-shm"};
    for (size_t k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[k]);
        unlink(path);
    }
    rmdir(dir);
    return 0;
}
