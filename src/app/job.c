/*
 * job.c - bulk awards from CSV: a job row in the store, processed by one worker thread (or by
 * the caller), resumable.
 *
 * Crash safety: awards and the job's progress ("done", counts, the error report) are written
 * in the same transaction, so after a SIGKILL the job resumes at "done" and neither loses a
 * committed award nor makes one twice (credential_by_job_row guards the row as well). A few
 * rows share a transaction; the progress is written with the store's job_progress, which
 * never rewrites the CSV, so its cost does not grow with the input. E-mails are sent after
 * their transaction commits, by a second thread while the next rows are awarded; a crash
 * between the two loses those e-mails, never an award. The job is DONE once they are written.
 */
#include "app_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define BATCH_ROWS   8
#define BATCH_MAX    1000
#define REPORT_STEP  (8u * 1024u)
#define VIEW_MAX     100000
#define ARENA_JOB    (64u * 1024u * 1024u)
#define COL_NAME     0
#define COL_EMAIL    1
#define COL_DID      2
#define COL_NARR     3
#define COL_EVIDENCE 4
#define NCOLS        5

/* ---------------------------------------------------------------- reading the CSV */

typedef struct csv_row {
    char *f[NCOLS]; /* NULL when the column is absent or the field empty */
} csv_row;

typedef struct csv_doc {
    reco_arena *a;
    int col[NCOLS]; /* index of each column in the CSV, -1 when absent */
    csv_row *rows;
    size_t n, cap;
} csv_doc;

static int column_of(const char *s, size_t n)
{
    char name[32];
    size_t o = 0;
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n >= sizeof name)
        return -1;
    for (size_t i = 0; i < n; i++)
        name[o++] = (char)tolower((unsigned char)s[i]);
    name[o] = '\0';
    if (!strcmp(name, "name") || !strcmp(name, "nom"))
        return COL_NAME;
    if (!strcmp(name, "email") || !strcmp(name, "e-mail") || !strcmp(name, "courriel"))
        return COL_EMAIL;
    if (!strcmp(name, "did") || !strcmp(name, "id"))
        return COL_DID;
    if (!strcmp(name, "narrative") || !strcmp(name, "récit"))
        return COL_NARR;
    if (!strcmp(name, "evidence") || !strcmp(name, "evidence url") ||
        !strcmp(name, "evidence_url") || !strcmp(name, "evidenceurl") || !strcmp(name, "preuve"))
        return COL_EVIDENCE;
    return -1;
}

static reco_code on_row(void *ctx, size_t row, const reco_slice *fields, size_t nfields,
                        reco_error *err)
{
    csv_doc *d = ctx;
    if (row == 0) {
        for (size_t i = 0; i < nfields; i++) {
            int c = column_of(fields[i].ptr, fields[i].len);
            if (c >= 0 && d->col[c] >= 0)
                return reco_error_set(err, RECO_EPARSE, NULL, "the header names column %.*s twice",
                                      (int)fields[i].len, fields[i].ptr);
            if (c >= 0)
                d->col[c] = (int)i;
        }
        if (d->col[COL_EMAIL] < 0 && d->col[COL_DID] < 0)
            return reco_error_set(err, RECO_EPARSE, NULL,
                                  "the header row names no email (or did) column");
        return RECO_OK;
    }
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        csv_row *nr = reco_arena_alloc(d->a, cap * sizeof *nr);
        if (!nr)
            return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory reading the CSV");
        if (d->n)
            memcpy(nr, d->rows, d->n * sizeof *nr);
        d->rows = nr;
        d->cap = cap;
    }
    csv_row *r = &d->rows[d->n++];
    for (int c = 0; c < NCOLS; c++) {
        r->f[c] = NULL;
        if (d->col[c] < 0 || (size_t)d->col[c] >= nfields)
            continue;
        const reco_slice *s = &fields[d->col[c]];
        const char *p = s->ptr;
        size_t len = s->len;
        while (len && isspace((unsigned char)*p)) {
            p++;
            len--;
        }
        while (len && isspace((unsigned char)p[len - 1]))
            len--;
        if (len && !(r->f[c] = reco_arena_strndup(d->a, p, len)))
            return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory reading the CSV");
    }
    return RECO_OK;
}

static reco_code read_csv(const char *csv, size_t n, csv_doc *d, reco_error *err)
{
    memset(d, 0, sizeof *d);
    for (int c = 0; c < NCOLS; c++)
        d->col[c] = -1;
    d->a = reco_arena_new(ARENA_JOB);
    if (!d->a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    return reco_app_csv_parse(csv, n, NULL, on_row, d, err);
}

static void params_of(const csv_row *r, reco_app_award_params *p)
{
    memset(p, 0, sizeof *p);
    p->name = r->f[COL_NAME];
    p->email = r->f[COL_EMAIL];
    p->did = r->f[COL_DID];
    p->narrative = r->f[COL_NARR];
    p->evidence_url = r->f[COL_EVIDENCE];
}

/* ---------------------------------------------------------------- views */

static const char *state_name(reco_job_state s)
{
    switch (s) {
    case RECO_JOB_QUEUED:
        return "queued";
    case RECO_JOB_RUNNING:
        return "running";
    case RECO_JOB_DONE:
        return "done";
    default:
        return "failed";
    }
}

/* The job view: its counts, and one entry per handled row (errors from the report, awards from
 * the credentials the job made). */
static json_t *job_view(reco_app *app, const reco_job_row *j, reco_arena *a)
{
    char url[600];
    json_t *v = json_object();
    json_t *rows = json_array();
    json_t *errors = j->report ? json_loads(j->report, 0, NULL) : NULL;
    size_t ei = 0, ci = 0, ncreds = 0;
    reco_job_credential *creds = NULL;
    /* One query for the job's credentials (row and public id), not one per row; a store
     * without it is asked row by row. */
    bool listed =
        reco_store_job_credentials(app->store, j->id, a, &creds, &ncreds, NULL) == RECO_OK;
    snprintf(url, sizeof url, "%s/api/v1/jobs/%s", app->base_url, j->public_id);
    app_set_str(v, "id", url);
    app_set_str(v, "state", state_name(j->state));
    json_object_set_new(v, "total", json_integer(j->total));
    json_object_set_new(v, "done", json_integer(j->done));
    json_object_set_new(v, "ok", json_integer(j->ok));
    json_object_set_new(v, "failed", json_integer(j->failed));
    json_object_set_new(v, "allOrNothing", json_boolean(j->all_or_nothing));
    app_set_str(v, "error", j->error);
    /* Error entries are sorted by row; rows without one were awarded. */
    int64_t upto =
        j->state == RECO_JOB_FAILED && j->all_or_nothing && j->ok == 0 ? j->total : j->done;
    for (int64_t r = 1; r <= upto && r <= VIEW_MAX; r++) {
        json_t *e = json_array_get(errors, ei);
        const char *mail_error = NULL;
        if (e && json_integer_value(json_object_get(e, "row")) == r &&
            json_is_string(json_object_get(e, "emailError"))) {
            /* An awarded row whose e-mail could not be sent. */
            mail_error = json_string_value(json_object_get(e, "emailError"));
            ei++;
        } else if (e && json_integer_value(json_object_get(e, "row")) == r) {
            json_array_append_new(rows,
                                  json_pack("{s:I, s:s, s:O}", "row", (json_int_t)r, "status",
                                            "error", "message", json_object_get(e, "message")));
            ei++;
            continue;
        }
        const char *cred_id = NULL;
        reco_credential_row c;
        if (listed) {
            /* creds is sorted by row, and rows are visited in order */
            while (ci < ncreds && creds[ci].row < r)
                ci++;
            if (ci < ncreds && creds[ci].row == r)
                cred_id = creds[ci].public_id;
        } else if (reco_store_credential_by_job_row(app->store, j->id, r, a, &c, NULL) == RECO_OK) {
            cred_id = c.public_id;
        }
        if (cred_id) {
            char curl[600];
            snprintf(curl, sizeof curl, "%s/credentials/%s", app->base_url, cred_id);
            json_t *ok = json_pack("{s:I, s:s, s:s}", "row", (json_int_t)r, "status", "ok",
                                   "credential", curl);
            if (ok && mail_error)
                json_object_set_new(ok, "emailError", json_string(mail_error));
            json_array_append_new(rows, ok);
        } else if (!(j->all_or_nothing && j->state == RECO_JOB_FAILED)) {
            json_array_append_new(rows, json_pack("{s:I, s:s, s:s}", "row", (json_int_t)r, "status",
                                                  "error", "message",
                                                  "no credential was recorded for this row"));
        }
    }
    json_object_set_new(v, "rows", rows);
    json_decref(errors);
    return v;
}

reco_code reco_app_job_get(reco_app *app, const reco_app_user *actor, const char *job_id,
                           json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(ARENA_JOB);
    reco_job_row j;
    reco_issuer_row iss;
    reco_code rc;
    *out = NULL;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = reco_store_job_by_public_id(app->store, job_id ? job_id : "", a, &j, err);
    if (rc == RECO_ENOTFOUND)
        reco_error_set(err, rc, NULL, "no job %.60s", job_id ? job_id : "");
    if (!rc && actor && !(rc = reco_store_issuer_get(app->store, j.issuer_id, a, &iss, err)))
        rc = app_check_role(app, actor, &iss, RECO_ROLE_AWARDER, err);
    if (!rc && !(*out = job_view(app, &j, a)))
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    reco_arena_free(a);
    return rc;
}

/* ---------------------------------------------------------------- submit */

reco_code reco_app_bulk_submit(reco_app *app, const reco_app_user *actor,
                               const char *achievement_id, const char *csv, size_t n,
                               bool all_or_nothing, json_t **out, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_achievement_row ach;
    reco_issuer_row iss;
    reco_job_row j = {0};
    csv_doc d = {0};
    char pid[48];
    char *input = NULL;
    reco_code rc;
    int64_t now = (int64_t)time(NULL);
    *out = NULL;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = app_load_achievement(app, achievement_id, a, &ach, &iss, err);
    if (!rc)
        rc = app_check_role(app, actor, &iss, RECO_ROLE_AWARDER, err);
    if (rc)
        goto out;
    /* The whole CSV is read first: a malformed one queues nothing. */
    if ((rc = read_csv(csv, n, &d, err)))
        goto out;
    if (d.n == 0) {
        rc = reco_error_set(err, RECO_EPARSE, NULL, "the CSV has no data row");
        goto out;
    }
    if (!(input = malloc(n + 1))) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    memcpy(input, csv, n);
    input[n] = '\0';
    if ((rc = app_public_id(pid, sizeof pid, err)))
        goto out;
    j.public_id = pid;
    j.kind = "bulk-award";
    j.issuer_id = iss.id;
    j.achievement_id = ach.id;
    j.user_id = actor ? actor->id : 0;
    j.state = RECO_JOB_QUEUED;
    j.all_or_nothing = all_or_nothing;
    j.input = input;
    j.total = (int64_t)d.n;
    j.report = "[]";
    j.created_at = now;
    j.updated_at = now;
    app_lock(app);
    rc = reco_store_job_put(app->store, &j, err);
    if (!rc && !(*out = job_view(app, &j, a)))
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    app_unlock(app);
    if (!rc)
        app_worker_enqueue(app, j.id);
out:
    free(input);
    reco_arena_free(d.a);
    reco_arena_free(a);
    return rc;
}

/* ---------------------------------------------------------------- run */

typedef struct pending_mail {
    reco_app_award_params p;
    int64_t row;
    char url[600];
    char claim[700];
} pending_mail;

/* The e-mails of committed rows are written by a second thread while the job awards the next
 * rows (making the QR code and writing the file cost about as much as signing). The job waits
 * for them before it says DONE, so a finished job has told every earner. The rows' strings
 * (params) live in the job's CSV arena until the job run ends. */
#define MAIL_QUEUE 64

typedef struct mailer {
    reco_app *app;
    const reco_issuer_row *iss;
    const reco_achievement_row *ach;
    pthread_t thread;
    bool started, closing;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pending_mail q[MAIL_QUEUE];
    size_t head, len, busy; /* busy: taken from the queue, not yet written */
    json_t *errors;         /* {"row", "emailError"} entries not yet in the job's report */
} mailer;

static void *mailer_main(void *arg)
{
    mailer *m = arg;
    pthread_mutex_lock(&m->mu);
    for (;;) {
        while (!m->len && !m->closing)
            pthread_cond_wait(&m->cv, &m->mu);
        if (!m->len)
            break; /* closing and nothing left */
        pending_mail pm = m->q[m->head];
        m->head = (m->head + 1) % MAIL_QUEUE;
        m->len--;
        m->busy++;
        pthread_cond_broadcast(&m->cv);
        pthread_mutex_unlock(&m->mu);
        reco_error me = {0};
        reco_code rc = app_mail_award(m->app, m->iss, m->ach, &pm.p, pm.url, pm.claim, &me);
        pthread_mutex_lock(&m->mu);
        if (rc)
            json_array_append_new(m->errors, json_pack("{s:I, s:s}", "row", (json_int_t)pm.row,
                                                       "emailError", me.msg));
        m->busy--;
        pthread_cond_broadcast(&m->cv);
    }
    pthread_mutex_unlock(&m->mu);
    return NULL;
}

static void mailer_init(mailer *m, reco_app *app, const reco_issuer_row *iss,
                        const reco_achievement_row *ach)
{
    memset(m, 0, sizeof *m);
    m->app = app;
    m->iss = iss;
    m->ach = ach;
    m->errors = json_array();
    pthread_mutex_init(&m->mu, NULL);
    pthread_cond_init(&m->cv, NULL);
    m->started = pthread_create(&m->thread, NULL, mailer_main, m) == 0;
}

/* Queue one e-mail (written here when the thread could not start). */
static void mailer_push(mailer *m, const pending_mail *pm)
{
    if (!m->started) {
        reco_error me = {0};
        if (app_mail_award(m->app, m->iss, m->ach, &pm->p, pm->url, pm->claim, &me))
            json_array_append_new(m->errors, json_pack("{s:I, s:s}", "row", (json_int_t)pm->row,
                                                       "emailError", me.msg));
        return;
    }
    pthread_mutex_lock(&m->mu);
    while (m->len == MAIL_QUEUE)
        pthread_cond_wait(&m->cv, &m->mu);
    m->q[(m->head + m->len) % MAIL_QUEUE] = *pm;
    m->len++;
    pthread_cond_broadcast(&m->cv);
    pthread_mutex_unlock(&m->mu);
}

/* Move the e-mail failures so far into the report; with wait, once every queued e-mail is
 * written. Answers whether there were any. */
static bool mailer_collect(mailer *m, json_t *errors, bool wait)
{
    bool any;
    pthread_mutex_lock(&m->mu);
    while (wait && m->started && (m->len || m->busy))
        pthread_cond_wait(&m->cv, &m->mu);
    any = json_array_size(m->errors) > 0;
    json_array_extend(errors, m->errors);
    json_array_clear(m->errors);
    pthread_mutex_unlock(&m->mu);
    return any;
}

static void mailer_stop(mailer *m)
{
    if (m->started) {
        pthread_mutex_lock(&m->mu);
        m->closing = true;
        pthread_cond_broadcast(&m->cv);
        pthread_mutex_unlock(&m->mu);
        pthread_join(m->thread, NULL);
    }
    json_decref(m->errors);
    pthread_mutex_destroy(&m->mu);
    pthread_cond_destroy(&m->cv);
}

static reco_code add_error(json_t *errors, int64_t row, const char *msg)
{
    return json_array_append_new(errors,
                                 json_pack("{s:I, s:s}", "row", (json_int_t)row, "message", msg))
               ? RECO_ENOMEM
               : RECO_OK;
}

static int by_row(const void *a, const void *b)
{
    json_int_t ra = json_integer_value(json_object_get(*(json_t *const *)a, "row"));
    json_int_t rb = json_integer_value(json_object_get(*(json_t *const *)b, "row"));
    return ra < rb ? -1 : ra > rb;
}

/* Report entries in row order (e-mail failures are noted after their batch's row errors). */
static void sort_report(json_t *errors)
{
    size_t n = json_array_size(errors);
    json_t **v = n ? malloc(n * sizeof *v) : NULL;
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(errors, i));
    qsort(v, n, sizeof *v, by_row);
    json_array_clear(errors);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(errors, v[i]);
    free(v);
}

static reco_code save_progress(reco_app *app, reco_job_row *j, json_t *errors, size_t *report_len,
                               reco_error *err)
{
    char *text;
    sort_report(errors);
    text = json_dumps(errors, JSON_COMPACT);
    reco_code rc;
    if (!text)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    j->report = text;
    if (report_len)
        *report_len = strlen(text);
    j->updated_at = (int64_t)time(NULL);
    rc = reco_store_job_progress(app->store, j, err);
    j->report = NULL;
    free(text);
    return rc;
}

reco_code app_job_run_id(reco_app *app, int64_t job_id, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_job_row j;
    reco_achievement_row ach;
    reco_issuer_row iss;
    award_ctx ac = {0};
    csv_doc d = {0};
    json_t *errors = NULL;
    pending_mail *mails = NULL;
    reco_code rc;
    size_t handled = 0, batch, report_len = 0;
    bool locked = false, mailer_on = false;
    mailer ml;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    app_lock(app);
    locked = true;
    rc = reco_store_job_get(app->store, job_id, a, &j, err);
    if (rc || j.state == RECO_JOB_DONE || j.state == RECO_JOB_FAILED)
        goto out;
    if ((rc = reco_store_achievement_get(app->store, j.achievement_id, a, &ach, err)) ||
        (rc = reco_store_issuer_get(app->store, ach.issuer_id, a, &iss, err)) ||
        (rc = app_issuer_key(app, &iss, false, &ac.ed, err)))
        goto out;
    ac.iss = &iss;
    ac.ach = &ach;
    ac.job_id = j.id;
    errors = j.report ? json_loads(j.report, 0, NULL) : NULL;
    if (!json_is_array(errors)) {
        json_decref(errors);
        errors = json_array();
    }
    app_unlock(app);
    locked = false;
    if ((rc = read_csv(j.input ? j.input : "", j.input ? strlen(j.input) : 0, &d, err))) {
        /* Checked at submission; a stored CSV that no longer reads fails the job. */
        app_lock(app);
        locked = true;
        j.state = RECO_JOB_FAILED;
        j.error = err ? err->msg : "the CSV cannot be read";
        rc = save_progress(app, &j, errors, NULL, err);
        goto out;
    }
    /* A few rows per transaction: the progress update writes a small row (never the CSV),
     * and the rows of a transaction hold the writers' lock for a few milliseconds only. A
     * large error report (rewritten with every update) spreads its cost over more rows. */
    batch = BATCH_ROWS;
    mails = calloc(BATCH_MAX, sizeof *mails);
    if (!mails) {
        rc = reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    /* All or nothing: every row is checked before any award. */
    if (j.all_or_nothing && j.done == 0) {
        size_t bad = 0;
        for (size_t r = 0; r < d.n; r++) {
            reco_app_award_params p;
            reco_error e = {0};
            params_of(&d.rows[r], &p);
            if (app_award_params_check(&p, &e)) {
                add_error(errors, (int64_t)r + 1, e.msg);
                bad++;
            }
        }
        if (bad) {
            char why[160];
            snprintf(why, sizeof why, "%zu of %zu rows are not valid: nothing was awarded", bad,
                     d.n);
            app_lock(app);
            locked = true;
            j.state = RECO_JOB_FAILED;
            j.failed = (int64_t)bad;
            j.error = why;
            rc = save_progress(app, &j, errors, NULL, err);
            goto out;
        }
    }
    mailer_init(&ml, app, &iss, &ach);
    mailer_on = true;
    while ((size_t)j.done < d.n) {
        size_t nm = 0;
        app_lock(app);
        locked = true;
        if ((rc = reco_store_begin(app->store, err)))
            goto out;
        j.state = RECO_JOB_RUNNING;
        mailer_collect(&ml, errors, false); /* failures so far, saved with this progress */
        for (size_t k = 0; k < batch && (size_t)j.done < d.n; k++) {
            int64_t row = j.done + 1;
            reco_app_award_params p;
            reco_error e = {0};
            reco_credential_row existing;
            award_result res;
            params_of(&d.rows[row - 1], &p);
            ac.job_row = row;
            if (reco_store_credential_by_job_row(app->store, j.id, row, a, &existing, NULL) ==
                RECO_OK) {
                j.ok++; /* awarded before an interruption: never twice */
            } else if (app_award_params_check(&p, &e)) {
                add_error(errors, row, e.msg);
                j.failed++;
            } else if ((rc = app_award_one(app, &ac, &p, &res, &e))) {
                if (rc == RECO_ENOMEM || rc == RECO_ESTORE || rc == RECO_EIO) {
                    reco_store_rollback(app->store);
                    if (err)
                        *err = e;
                    goto out;
                }
                rc = RECO_OK;
                add_error(errors, row, e.msg);
                j.failed++;
            } else {
                j.ok++;
                if (p.email) {
                    pending_mail *m = &mails[nm++];
                    m->p = p;
                    m->row = row;
                    snprintf(m->url, sizeof m->url, "%s/credentials/%s", app->base_url,
                             res.public_id);
                    snprintf(m->claim, sizeof m->claim, "%s/claim/%s", app->base_url,
                             res.claim_token);
                }
                app_award_result_release(&res);
            }
            j.done = row;
            handled++;
            if (app->debug_stop_after && handled >= app->debug_stop_after)
                break;
        }
        /* DONE is said below, once the e-mails are written. */
        rc = save_progress(app, &j, errors, &report_len, err);
        batch = BATCH_ROWS * (1 + report_len / REPORT_STEP);
        if (batch > BATCH_MAX)
            batch = BATCH_MAX;
        if (!rc)
            rc = reco_store_commit(app->store, err);
        else
            reco_store_rollback(app->store);
        app_unlock(app);
        locked = false;
        if (rc)
            goto out;
        /* E-mails after the commit: an award is never undone by a mail failure. A failure is
         * noted in the report with the next progress update (or the last one below). */
        for (size_t k = 0; k < nm; k++)
            mailer_push(&ml, &mails[k]);
        reco_wipe(mails, nm * sizeof *mails); /* claim links */
        if (app->debug_stop_after && handled >= app->debug_stop_after)
            break; /* as if the process had stopped here */
        pthread_mutex_lock(&app->job_mu);
        bool stop = app->stopping;
        pthread_mutex_unlock(&app->job_mu);
        if (stop)
            break;
    }
    /* Every row handled (now or before a restart): once the e-mails are written, the job is
     * DONE, with their failures in the report. */
    bool unsaved = mailer_collect(&ml, errors, true);
    if ((size_t)j.done == d.n && (j.state != RECO_JOB_DONE || unsaved)) {
        app_lock(app);
        j.state = RECO_JOB_DONE;
        rc = save_progress(app, &j, errors, NULL, err);
        app_unlock(app);
    } else if (unsaved) {
        app_lock(app);
        rc = save_progress(app, &j, errors, NULL, err);
        app_unlock(app);
    }
out:
    if (locked)
        app_unlock(app);
    if (mailer_on)
        mailer_stop(&ml); /* the e-mails of committed rows are written before the job ends */
    free(mails);
    json_decref(errors);
    reco_key_free(ac.ed);
    reco_arena_free(d.a);
    reco_arena_free(a);
    return rc;
}

reco_code reco_app_job_run(reco_app *app, const char *job_id, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_job_row j;
    reco_code rc;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = reco_store_job_by_public_id(app->store, job_id ? job_id : "", a, &j, err);
    if (rc == RECO_ENOTFOUND)
        reco_error_set(err, rc, NULL, "no job %.60s", job_id ? job_id : "");
    if (!rc)
        rc = app_job_run_id(app, j.id, err);
    reco_arena_free(a);
    return rc;
}

/* ---------------------------------------------------------------- worker */

static void *worker_main(void *arg)
{
    reco_app *app = arg;
    for (;;) {
        int64_t id;
        pthread_mutex_lock(&app->job_mu);
        while (!app->stopping && app->queue_len == 0)
            pthread_cond_wait(&app->job_cond, &app->job_mu);
        if (app->stopping) {
            pthread_mutex_unlock(&app->job_mu);
            break;
        }
        id = app->queue[0];
        memmove(app->queue, app->queue + 1, (app->queue_len - 1) * sizeof *app->queue);
        app->queue_len--;
        pthread_mutex_unlock(&app->job_mu);
        reco_error e = {0};
        (void)app_job_run_id(app, id, &e);
    }
    return NULL;
}

void app_worker_enqueue(reco_app *app, int64_t job_id)
{
    pthread_mutex_lock(&app->job_mu);
    if (app->worker_running && app->queue_len < JOB_QUEUE_MAX) {
        app->queue[app->queue_len++] = job_id;
        pthread_cond_signal(&app->job_cond);
    }
    /* A full queue: the job stays QUEUED in the store and is resumed at the next start. */
    pthread_mutex_unlock(&app->job_mu);
}

reco_code reco_app_jobs_resume(reco_app *app, size_t *count, reco_error *err)
{
    reco_arena *a = reco_arena_new(0);
    reco_job_row *jobs = NULL;
    size_t n = 0;
    reco_code rc;
    bool worker;
    if (count)
        *count = 0;
    if (!a)
        return reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
    rc = reco_store_job_list_pending(app->store, a, &jobs, &n, err);
    pthread_mutex_lock(&app->job_mu);
    worker = app->worker_running;
    pthread_mutex_unlock(&app->job_mu);
    for (size_t i = 0; !rc && i < n; i++) {
        if (worker)
            app_worker_enqueue(app, jobs[i].id);
        else
            rc = app_job_run_id(app, jobs[i].id, err);
    }
    if (!rc && count)
        *count = n;
    reco_arena_free(a);
    return rc;
}

reco_code app_worker_start(reco_app *app, reco_error *err)
{
    pthread_mutex_lock(&app->job_mu);
    app->stopping = false;
    app->worker_running = pthread_create(&app->worker, NULL, worker_main, app) == 0;
    pthread_mutex_unlock(&app->job_mu);
    if (!app->worker_running)
        return reco_error_set(err, RECO_ENOMEM, NULL, "cannot start the job worker");
    return reco_app_jobs_resume(app, NULL, err);
}

void app_worker_stop(reco_app *app)
{
    bool running;
    pthread_mutex_lock(&app->job_mu);
    running = app->worker_running;
    app->stopping = true;
    pthread_cond_broadcast(&app->job_cond);
    pthread_mutex_unlock(&app->job_mu);
    if (running)
        pthread_join(app->worker, NULL);
    app->worker_running = false;
}
