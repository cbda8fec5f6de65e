/*
 * bulk_award_bench.c - a bulk award of N CSV rows timed end to end, as the service does it:
 * one issuer and one badge in a fresh data directory, the CSV submitted as a job, the job run
 * (each award signed with eddsa-rdfc-2022, stored with its status index, its e-mail written to
 * the outbox with a QR code). Prints rows, seconds and rows per second.
 *
 * usage: bulk_award_bench [-n ROWS] [--data DIR]   (default 10000 rows, a new /tmp folder)
 */
#include "reco/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    long rows = 10000;
    char dir[256] = "";
    reco_app_config cfg = {0};
    reco_app *app = NULL;
    reco_app_user admin;
    reco_error err = {0};
    reco_buf csv;
    json_t *body, *iss = NULL, *ach = NULL, *job = NULL, *view = NULL;
    int rc = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            rows = strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--data") && i + 1 < argc)
            snprintf(dir, sizeof dir, "%s", argv[++i]);
        else {
            fprintf(stderr, "usage: bulk_award_bench [-n ROWS] [--data DIR]\n");
            return 2;
        }
    }
    if (rows <= 0 || rows > 100000) {
        fprintf(stderr, "error: -n wants 1 to 100000 rows\n");
        return 2;
    }
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/reco-bulk-XXXXXX");
        if (!mkdtemp(dir))
            return 2;
    }
    reco_buf_init(&csv, 0);
    reco_buf_puts(&csv, "name,email,narrative,evidence url\n");
    for (long i = 0; i < rows; i++)
        reco_buf_printf(&csv, "Earner %ld,earner%ld@example.org,\"Row %ld, bench\",\n", i, i, i);
    cfg.data_dir = dir;
    cfg.base_url = "http://localhost:8080";
    if (reco_app_open(&cfg, &app, &err) ||
        reco_app_user_add(app, "bench@example.org", "bench password", true, &admin, &err))
        goto out;
    body = json_pack("{s:s}", "name", "Bench issuer");
    if (reco_app_issuer_create(app, &admin, body, &iss, &err))
        goto out;
    json_decref(body);
    body = json_pack("{s:s, s:s}", "name", "Bench badge", "description", "Bulk award bench.");
    if (reco_app_achievement_create(app, &admin, json_string_value(json_object_get(iss, "slug")),
                                    body, &ach, &err))
        goto out;
    json_decref(body);
    const char *aid = strrchr(json_string_value(json_object_get(ach, "id")), '/') + 1;
    double t0 = now_s();
    if (reco_app_bulk_submit(app, &admin, aid, csv.data, csv.len, false, &job, &err))
        goto out;
    const char *jid = strrchr(json_string_value(json_object_get(job, "id")), '/') + 1;
    if (reco_app_job_run(app, jid, &err) || reco_app_job_get(app, NULL, jid, &view, &err))
        goto out;
    double t1 = now_s();
    printf("bulk award: %ld rows (%lld ok, %lld failed) in %.2f s, %.0f rows/s, e-mails in "
           "%s/outbox\n",
           rows, (long long)json_integer_value(json_object_get(view, "ok")),
           (long long)json_integer_value(json_object_get(view, "failed")), t1 - t0,
           (double)rows / (t1 - t0), dir);
    /* The job's view (what a client polling GET /api/v1/jobs/{id} gets): one entry per row. */
    {
        int views = 10;
        double v0 = now_s();
        for (int i = 0; i < views; i++) {
            json_t *again = NULL;
            if (reco_app_job_get(app, NULL, jid, &again, &err))
                goto out;
            char *text = json_dumps(again, JSON_COMPACT);
            free(text);
            json_decref(again);
        }
        printf("job view with %ld rows, made and written as JSON: %.1f ms\n", rows,
               (now_s() - v0) * 1000.0 / views);
    }
    rc = 0;
out:
    if (rc)
        fprintf(stderr, "error: %s\n", err.msg);
    json_decref(iss);
    json_decref(ach);
    json_decref(job);
    json_decref(view);
    reco_buf_release(&csv);
    reco_app_close(app);
    return rc;
}
