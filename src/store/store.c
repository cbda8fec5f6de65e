/*
 * store.c - the reco_store_* wrappers: the only code that calls through reco_store_methods.
 *
 * reco_store_open picks the backend by the URL's scheme. The wrappers check what every backend
 * would otherwise check alike (pages, roles, secret kinds, required arguments), so that the
 * backends only speak SQL and both refuse the same inputs the same way.
 */
#include "reco/store.h"

#include <string.h>

/* Backends by URL scheme; a plain path (no "scheme:") is a SQLite file. */
static const reco_store_methods *backend_for(const char *url)
{
    if (strncmp(url, "sqlite:", 7) == 0)
        return reco_store_sqlite_methods();
    if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
        return NULL;
    return reco_store_sqlite_methods();
}

reco_code reco_store_open(const char *url, reco_store **out, reco_error *err)
{
    reco_code rc = RECO_OK;
    const reco_store_methods *m;
    *out = NULL;
    if (!url || !*url) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "empty store location");
        goto out;
    }
    m = backend_for(url);
    if (!m) {
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "unsupported store location '%.60s': this build has SQLite only", url);
        goto out;
    }
    rc = m->open(url, out, err);
out:
    return rc;
}

void reco_store_close(reco_store *s)
{
    if (s)
        s->m->close(s);
}

const char *reco_store_scheme(const reco_store *s)
{
    return s->m->scheme;
}

/* A page with its defaults applied: limit 0 = 50, at most 1000, no negative offset. */
static reco_code page_norm(const reco_page *pg, reco_page *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    out->limit = pg ? pg->limit : 0;
    out->offset = pg ? pg->offset : 0;
    if (out->limit == 0)
        out->limit = 50;
    if (out->limit < 0 || out->limit > 1000)
        rc = reco_error_set(err, RECO_EINVAL, NULL, "page limit %lld is outside 1..1000",
                            (long long)out->limit);
    else if (out->offset < 0)
        rc = reco_error_set(err, RECO_EINVAL, NULL, "page offset %lld is negative",
                            (long long)out->offset);
    return rc;
}

static bool kind_ok(reco_secret_kind k)
{
    return k >= RECO_SECRET_API_TOKEN && k <= RECO_SECRET_PASSWORD_RESET;
}

static reco_code need(const void *p, const char *what, reco_error *err)
{
    return p ? RECO_OK : reco_error_set(err, RECO_EINVAL, NULL, "missing %s", what);
}

reco_code reco_store_begin(reco_store *s, reco_error *err)
{
    return s->m->begin(s, err);
}

reco_code reco_store_commit(reco_store *s, reco_error *err)
{
    return s->m->commit(s, err);
}

void reco_store_rollback(reco_store *s)
{
    s->m->rollback(s);
}

int reco_store_schema_version(reco_store *s)
{
    return s->m->schema_version(s);
}

reco_code reco_store_user_put(reco_store *s, reco_user_row *u, reco_error *err)
{
    reco_code rc = need(u->email, "user e-mail", err);
    if (!rc)
        rc = s->m->user_put(s, u, err);
    return rc;
}

reco_code reco_store_user_get(reco_store *s, int64_t id, reco_arena *a, reco_user_row *out,
                              reco_error *err)
{
    return s->m->user_get(s, id, a, out, err);
}

reco_code reco_store_user_by_email(reco_store *s, const char *email, reco_arena *a,
                                   reco_user_row *out, reco_error *err)
{
    reco_code rc = need(email, "e-mail", err);
    if (!rc)
        rc = s->m->user_by_email(s, email, a, out, err);
    return rc;
}

reco_code reco_store_secret_put(reco_store *s, reco_secret_row *t, reco_error *err)
{
    reco_code rc = need(t->hash, "secret hash", err);
    if (!rc && !kind_ok(t->kind))
        rc = reco_error_set(err, RECO_EINVAL, NULL, "unknown secret kind %d", (int)t->kind);
    if (!rc)
        rc = s->m->secret_put(s, t, err);
    return rc;
}

reco_code reco_store_secret_find(reco_store *s, reco_secret_kind kind, const char *hash,
                                 int64_t now, reco_arena *a, reco_secret_row *out, reco_error *err)
{
    reco_code rc = need(hash, "secret hash", err);
    if (!rc && !kind_ok(kind))
        rc = reco_error_set(err, RECO_EINVAL, NULL, "unknown secret kind %d", (int)kind);
    if (!rc)
        rc = s->m->secret_find(s, kind, hash, now, a, out, err);
    return rc;
}

reco_code reco_store_secret_revoke(reco_store *s, int64_t id, int64_t now, reco_error *err)
{
    return s->m->secret_revoke(s, id, now, err);
}

reco_code reco_store_secret_list(reco_store *s, int64_t user_id, reco_secret_kind kind,
                                 reco_arena *a, reco_secret_row **out, size_t *n, reco_error *err)
{
    reco_code rc = RECO_OK;
    *out = NULL;
    *n = 0;
    if (!kind_ok(kind))
        rc = reco_error_set(err, RECO_EINVAL, NULL, "unknown secret kind %d", (int)kind);
    if (!rc)
        rc = s->m->secret_list(s, user_id, kind, a, out, n, err);
    return rc;
}

reco_code reco_store_issuer_put(reco_store *s, reco_issuer_row *i, reco_error *err)
{
    reco_code rc = need(i->slug, "issuer slug", err);
    if (!rc)
        rc = need(i->name, "issuer name", err);
    if (!rc)
        rc = s->m->issuer_put(s, i, err);
    return rc;
}

reco_code reco_store_issuer_get(reco_store *s, int64_t id, reco_arena *a, reco_issuer_row *out,
                                reco_error *err)
{
    return s->m->issuer_get(s, id, a, out, err);
}

reco_code reco_store_issuer_by_slug(reco_store *s, const char *slug, reco_arena *a,
                                    reco_issuer_row *out, reco_error *err)
{
    reco_code rc = need(slug, "issuer slug", err);
    if (!rc)
        rc = s->m->issuer_by_slug(s, slug, a, out, err);
    return rc;
}

reco_code reco_store_issuer_list(reco_store *s, const reco_page *pg, reco_arena *a,
                                 reco_issuer_row **out, size_t *n, reco_error *err)
{
    reco_page p;
    reco_code rc = page_norm(pg, &p, err);
    *out = NULL;
    *n = 0;
    if (!rc)
        rc = s->m->issuer_list(s, &p, a, out, n, err);
    return rc;
}

reco_code reco_store_role_set(reco_store *s, int64_t issuer_id, int64_t user_id, reco_role role,
                              reco_error *err)
{
    reco_code rc = RECO_OK;
    if (role < RECO_ROLE_NONE || role > RECO_ROLE_OWNER)
        rc = reco_error_set(err, RECO_EINVAL, NULL, "unknown role %d", (int)role);
    if (!rc)
        rc = s->m->role_set(s, issuer_id, user_id, role, err);
    return rc;
}

reco_code reco_store_role_get(reco_store *s, int64_t issuer_id, int64_t user_id, reco_role *out,
                              reco_error *err)
{
    *out = RECO_ROLE_NONE;
    return s->m->role_get(s, issuer_id, user_id, out, err);
}

reco_code reco_store_roles_of_user(reco_store *s, int64_t user_id, reco_arena *a, int64_t **issuers,
                                   reco_role **roles, size_t *n, reco_error *err)
{
    *issuers = NULL;
    *roles = NULL;
    *n = 0;
    return s->m->roles_of_user(s, user_id, a, issuers, roles, n, err);
}

reco_code reco_store_achievement_put(reco_store *s, reco_achievement_row *r, reco_error *err)
{
    reco_code rc = need(r->public_id, "achievement public id", err);
    if (!rc)
        rc = need(r->name, "achievement name", err);
    if (!rc && r->image_len && !r->image)
        rc = reco_error_set(err, RECO_EINVAL, NULL, "image length %zu without image bytes",
                            r->image_len);
    if (!rc)
        rc = s->m->achievement_put(s, r, err);
    return rc;
}

reco_code reco_store_achievement_get(reco_store *s, int64_t id, reco_arena *a,
                                     reco_achievement_row *out, reco_error *err)
{
    return s->m->achievement_get(s, id, a, out, err);
}

reco_code reco_store_achievement_by_public_id(reco_store *s, const char *public_id, reco_arena *a,
                                              reco_achievement_row *out, reco_error *err)
{
    reco_code rc = need(public_id, "achievement public id", err);
    if (!rc)
        rc = s->m->achievement_by_public_id(s, public_id, a, out, err);
    return rc;
}

reco_code reco_store_achievement_list(reco_store *s, int64_t issuer_id, const reco_page *pg,
                                      reco_arena *a, reco_achievement_row **out, size_t *n,
                                      reco_error *err)
{
    reco_page p;
    reco_code rc = page_norm(pg, &p, err);
    *out = NULL;
    *n = 0;
    if (!rc)
        rc = s->m->achievement_list(s, issuer_id, &p, a, out, n, err);
    return rc;
}

reco_code reco_store_credential_put(reco_store *s, reco_credential_row *c, reco_error *err)
{
    reco_code rc = need(c->public_id, "credential public id", err);
    if (!rc)
        rc = need(c->json, "credential JSON", err);
    if (!rc)
        rc = s->m->credential_put(s, c, err);
    return rc;
}

reco_code reco_store_credential_get(reco_store *s, int64_t id, reco_arena *a,
                                    reco_credential_row *out, reco_error *err)
{
    return s->m->credential_get(s, id, a, out, err);
}

reco_code reco_store_credential_by_public_id(reco_store *s, const char *public_id, reco_arena *a,
                                             reco_credential_row *out, reco_error *err)
{
    reco_code rc = need(public_id, "credential public id", err);
    if (!rc)
        rc = s->m->credential_by_public_id(s, public_id, a, out, err);
    return rc;
}

reco_code reco_store_credential_by_claim(reco_store *s, const char *claim_hash, reco_arena *a,
                                         reco_credential_row *out, reco_error *err)
{
    reco_code rc = need(claim_hash, "claim hash", err);
    if (!rc)
        rc = s->m->credential_by_claim(s, claim_hash, a, out, err);
    return rc;
}

/* Longest search text (bytes); a longer one is refused rather than cut. */
#define SEARCH_MAX 200

reco_code reco_store_credential_list(reco_store *s, int64_t issuer_id, int64_t achievement_id,
                                     int64_t claimed_by, const char *search, const reco_page *pg,
                                     reco_arena *a, reco_credential_row **out, size_t *n,
                                     int64_t *total, reco_error *err)
{
    reco_page p;
    reco_code rc = page_norm(pg, &p, err);
    *out = NULL;
    *n = 0;
    if (total)
        *total = 0;
    if (search && !*search)
        search = NULL; /* empty search = no search */
    if (!rc && search && strlen(search) > SEARCH_MAX)
        rc = reco_error_set(err, RECO_EINVAL, NULL, "search text is longer than %d bytes",
                            SEARCH_MAX);
    if (!rc)
        rc = s->m->credential_list(s, issuer_id, achievement_id, claimed_by, search, &p, a, out, n,
                                   total, err);
    return rc;
}

reco_code reco_store_credential_by_job_row(reco_store *s, int64_t job_id, int64_t row,
                                           reco_arena *a, reco_credential_row *out, reco_error *err)
{
    return s->m->credential_by_job_row(s, job_id, row, a, out, err);
}

reco_code reco_store_status_list_put(reco_store *s, reco_status_list_row *l, reco_error *err)
{
    reco_code rc = need(l->public_id, "status list public id", err);
    if (!rc)
        rc = need(l->purpose, "status list purpose", err);
    if (!rc && (l->size <= 0 || l->size % 8 != 0))
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "status list size %lld is not a positive multiple of 8",
                            (long long)l->size);
    if (!rc && l->bits && l->bits_len != (size_t)(l->size / 8))
        rc = reco_error_set(err, RECO_EINVAL, NULL,
                            "status list bits are %zu bytes, size %lld needs %lld", l->bits_len,
                            (long long)l->size, (long long)(l->size / 8));
    if (!rc && (l->next_index < 0 || l->next_index > l->size))
        rc =
            reco_error_set(err, RECO_EINVAL, NULL, "status list next index %lld is outside 0..%lld",
                           (long long)l->next_index, (long long)l->size);
    if (!rc)
        rc = s->m->status_list_put(s, l, err);
    return rc;
}

reco_code reco_store_status_list_get(reco_store *s, int64_t id, reco_arena *a,
                                     reco_status_list_row *out, reco_error *err)
{
    return s->m->status_list_get(s, id, a, out, err);
}

reco_code reco_store_status_list_by_public_id(reco_store *s, const char *public_id, reco_arena *a,
                                              reco_status_list_row *out, reco_error *err)
{
    reco_code rc = need(public_id, "status list public id", err);
    if (!rc)
        rc = s->m->status_list_by_public_id(s, public_id, a, out, err);
    return rc;
}

reco_code reco_store_status_list_open_for(reco_store *s, int64_t issuer_id, const char *purpose,
                                          reco_arena *a, reco_status_list_row *out, reco_error *err)
{
    reco_code rc = need(purpose, "status list purpose", err);
    if (!rc)
        rc = s->m->status_list_open_for(s, issuer_id, purpose, a, out, err);
    return rc;
}

reco_code reco_store_status_list_take(reco_store *s, int64_t list_id, int64_t *index,
                                      reco_error *err)
{
    *index = -1;
    return s->m->status_list_take(s, list_id, index, err);
}

reco_code reco_store_status_list_set(reco_store *s, int64_t list_id, int64_t index, bool value,
                                     int64_t now, reco_error *err)
{
    reco_code rc = RECO_OK;
    if (index < 0)
        rc = reco_error_set(err, RECO_EINVAL, NULL, "status index %lld is negative",
                            (long long)index);
    if (!rc)
        rc = s->m->status_list_set(s, list_id, index, value, now, err);
    return rc;
}

reco_code reco_store_job_put(reco_store *s, reco_job_row *j, reco_error *err)
{
    reco_code rc = need(j->public_id, "job public id", err);
    if (!rc)
        rc = need(j->kind, "job kind", err);
    if (!rc && (j->state < RECO_JOB_QUEUED || j->state > RECO_JOB_FAILED))
        rc = reco_error_set(err, RECO_EINVAL, NULL, "unknown job state %d", (int)j->state);
    if (!rc)
        rc = s->m->job_put(s, j, err);
    return rc;
}

reco_code reco_store_job_get(reco_store *s, int64_t id, reco_arena *a, reco_job_row *out,
                             reco_error *err)
{
    return s->m->job_get(s, id, a, out, err);
}

reco_code reco_store_job_by_public_id(reco_store *s, const char *public_id, reco_arena *a,
                                      reco_job_row *out, reco_error *err)
{
    reco_code rc = need(public_id, "job public id", err);
    if (!rc)
        rc = s->m->job_by_public_id(s, public_id, a, out, err);
    return rc;
}

reco_code reco_store_job_list_pending(reco_store *s, reco_arena *a, reco_job_row **out, size_t *n,
                                      reco_error *err)
{
    *out = NULL;
    *n = 0;
    return s->m->job_list_pending(s, a, out, n, err);
}

reco_code reco_store_backpack_put(reco_store *s, reco_backpack_row *b, reco_error *err)
{
    reco_code rc = need(b->public_id, "backpack public id", err);
    if (!rc)
        rc = need(b->content, "backpack content", err);
    if (!rc)
        rc = s->m->backpack_put(s, b, err);
    return rc;
}

reco_code reco_store_backpack_get(reco_store *s, const char *public_id, reco_arena *a,
                                  reco_backpack_row *out, reco_error *err)
{
    reco_code rc = need(public_id, "backpack public id", err);
    if (!rc)
        rc = s->m->backpack_get(s, public_id, a, out, err);
    return rc;
}

reco_code reco_store_backpack_list(reco_store *s, int64_t user_id, bool public_only,
                                   const reco_page *pg, reco_arena *a, reco_backpack_row **out,
                                   size_t *n, reco_error *err)
{
    reco_page p;
    reco_code rc = page_norm(pg, &p, err);
    *out = NULL;
    *n = 0;
    if (!rc)
        rc = s->m->backpack_list(s, user_id, public_only, &p, a, out, n, err);
    return rc;
}

reco_code reco_store_backpack_delete(reco_store *s, int64_t id, reco_error *err)
{
    return s->m->backpack_delete(s, id, err);
}

reco_code reco_store_members_of_issuer(reco_store *s, int64_t issuer_id, reco_arena *a,
                                       reco_member_row **out, size_t *n, reco_error *err)
{
    *out = NULL;
    *n = 0;
    if (!s->m->members_of_issuer)
        return reco_error_set(err, RECO_ENOTFOUND, NULL,
                              "listing members is not supported by the %s store", s->m->scheme);
    return s->m->members_of_issuer(s, issuer_id, a, out, n, err);
}

reco_code reco_store_job_progress(reco_store *s, reco_job_row *j, reco_error *err)
{
    if (s->m->version < 2 || !s->m->job_progress)
        return reco_store_job_put(s, j, err);
    if (j->id <= 0)
        return reco_error_set(err, RECO_ENOTFOUND, NULL, "no such job (id %lld)", (long long)j->id);
    if (j->state < RECO_JOB_QUEUED || j->state > RECO_JOB_FAILED)
        return reco_error_set(err, RECO_EINVAL, NULL, "unknown job state %d", (int)j->state);
    return s->m->job_progress(s, j, err);
}

reco_code reco_store_job_credentials(reco_store *s, int64_t job_id, reco_arena *a,
                                     reco_job_credential **out, size_t *n, reco_error *err)
{
    *out = NULL;
    *n = 0;
    if (s->m->version < 2 || !s->m->job_credentials)
        return reco_error_set(err, RECO_ENOTFOUND, NULL,
                              "listing a job's credentials is not supported by the %s store",
                              s->m->scheme);
    return s->m->job_credentials(s, job_id, a, out, n, err);
}
