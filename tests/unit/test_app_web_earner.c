/*
 * test_app_web_earner.c - the use cases of the earner and public pages: the claim rules
 * (confirmed e-mail that matches, expired and used links), the backpack (received and
 * imported badges, public or private, share views), import of each format (JSON, JWT, PNG,
 * SVG) verified first with invalid badges refused and nothing stored, the credential page's
 * live report made again at once after a revocation, and the home, issuer and badge lists.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "app/app_internal.h"
#include "reco/app.h"
#include "app_fixture.h"
#include "reco/bake.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "png_build.h"

typedef struct fixture {
    char dir[64];
    reco_app *app;
    reco_app_user admin;
    reco_app_user earner; /* earner@example.org */
    reco_app_user other;  /* other@example.org */
    char ach_svg[64];     /* a badge with a generated SVG image */
    char ach_png[64];     /* a badge with a PNG image */
} fixture;

/* ---------------------------------------------------------------- fixture */

static json_t *must_parse(const char *text)
{
    json_t *v = json_loads(text, 0, NULL);
    assert_non_null(v);
    return v;
}

static void confirm(fixture *f, const reco_app_user *u)
{
    reco_arena *a = reco_arena_new(0);
    reco_user_row row;
    reco_error err = {0};
    assert_int_equal(reco_store_user_get(f->app->store, u->id, a, &row, &err), RECO_OK);
    row.confirmed_at = (int64_t)time(NULL);
    assert_int_equal(reco_store_user_put(f->app->store, &row, &err), RECO_OK);
    reco_arena_free(a);
}

static void make_badges(fixture *f)
{
    reco_error err = {0};
    json_t *body, *iss = NULL, *ach = NULL;
    reco_buf png, url;
    body =
        must_parse("{\"name\": \"Mission <script>locale</script>\", \"url\": "
                   "\"https://example.org\", \"description\": \"Accompagne <b>les</b> jeunes\"}");
    assert_int_equal(reco_app_issuer_create(f->app, &f->admin, body, &iss, &err), RECO_OK);
    json_decref(body);
    const char *slug = json_string_value(json_object_get(iss, "slug"));
    body = must_parse("{\"name\": \"Accueil <i>du public</i>\", \"description\": \"Sait "
                      "accueillir.\", \"tag\": [\"accueil\"], \"alignment\": [{\"targetName\": "
                      "\"Accueil\", \"targetUrl\": \"https://example.org/rome/M1601\", "
                      "\"targetCode\": \"M1601\", \"targetFramework\": \"ROME\"}]}");
    assert_int_equal(reco_app_achievement_create(f->app, &f->admin, slug, body, &ach, &err),
                     RECO_OK);
    snprintf(f->ach_svg, sizeof f->ach_svg, "%s",
             strrchr(json_string_value(json_object_get(ach, "id")), '/') + 1);
    json_decref(body);
    json_decref(ach);
    make_png(&png, NULL, NULL, 0);
    reco_buf_init(&url, 0);
    reco_buf_puts(&url, "{\"name\": \"Premiers secours\", \"description\": \"PSC1\", \"image\": "
                        "\"data:image/png;base64,");
    reco_base64_encode((const uint8_t *)png.data, png.len, &url);
    reco_buf_puts(&url, "\"}");
    body = must_parse(url.data);
    assert_int_equal(reco_app_achievement_create(f->app, &f->admin, slug, body, &ach, &err),
                     RECO_OK);
    snprintf(f->ach_png, sizeof f->ach_png, "%s",
             strrchr(json_string_value(json_object_get(ach, "id")), '/') + 1);
    json_decref(body);
    json_decref(ach);
    json_decref(iss);
    reco_buf_release(&png);
    reco_buf_release(&url);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    reco_error err = {0};
    if (!f ||
        app_fixture_open(f->dir, sizeof f->dir, "web-earner", "http://127.0.0.1:8080", &f->app))
        return -1;
    if (reco_app_user_add(f->app, "admin@example.org", "correct horse battery", true, &f->admin,
                          &err) ||
        reco_app_user_add(f->app, "Earner@Example.org", "earner password", false, &f->earner,
                          &err) ||
        reco_app_user_add(f->app, "other@example.org", "other password", false, &f->other, &err)) {
        print_message("setup: %s\n", err.msg);
        return -1;
    }
    make_badges(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    app_fixture_close(f->app, f->dir);
    free(f);
    return 0;
}

/* Award ach to email; the claim token (from the claim URL) into token, the public id into
 * pid; *jwt (may be NULL) gets the VC-JWT when asked. */
static void award(fixture *f, const char *ach, const char *email, bool jwt, char *token, char *pid,
                  char **jwt_out)
{
    reco_app_award_params p = {0};
    reco_error err = {0};
    json_t *out = NULL;
    p.email = email;
    p.jwt = jwt;
    p.no_email = true;
    assert_int_equal(reco_app_award(f->app, &f->admin, ach, &p, &out, &err), RECO_OK);
    snprintf(token, 96, "%s",
             strrchr(json_string_value(json_object_get(out, "claimUrl")), '/') + 1);
    snprintf(pid, 64, "%s", strrchr(json_string_value(json_object_get(out, "id")), '/') + 1);
    if (jwt_out)
        *jwt_out = strdup(json_string_value(json_object_get(out, "jwt")));
    json_decref(out);
}

/* ---------------------------------------------------------------- claim */

static void claim_rules(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    char token[96], pid[64], id[64];

    award(f, f->ach_svg, "earner@example.org", false, token, pid, NULL);

    /* Not signed in, a bad or unknown token. */
    assert_int_equal(reco_app_claim_accept(f->app, NULL, token, id, sizeof id, &err), RECO_EDENIED);
    assert_int_equal(reco_app_claim_accept(f->app, &f->earner, "short", id, sizeof id, &err),
                     RECO_ENOTFOUND);
    assert_string_equal(err.path, "token");
    assert_int_equal(reco_app_claim_accept(f->app, &f->earner,
                                           "UnknownTokenUnknownTokenUnknownToken12", id, sizeof id,
                                           &err),
                     RECO_ENOTFOUND);

    /* The right address, not confirmed yet: refused. */
    assert_int_equal(reco_app_claim_accept(f->app, &f->earner, token, id, sizeof id, &err),
                     RECO_EDENIED);
    assert_string_equal(err.path, "confirm");

    /* Another account, another address: refused for that reason, confirmed or not. */
    assert_int_equal(reco_app_claim_accept(f->app, &f->other, token, id, sizeof id, &err),
                     RECO_EDENIED);
    assert_string_equal(err.path, "email");
    confirm(f, &f->other);
    assert_int_equal(reco_app_claim_accept(f->app, &f->other, token, id, sizeof id, &err),
                     RECO_EDENIED);
    assert_string_equal(err.path, "email");

    /* Nothing changed: the credential is claimed by nobody. */
    json_t *bp = NULL;
    assert_int_equal(reco_app_backpack(f->app, &f->other, NULL, NULL, &bp, &err), RECO_OK);
    assert_int_equal(json_array_size(json_object_get(json_object_get(bp, "received"), "items")), 0);
    json_decref(bp);

    /* Confirmed, the address matches (case aside): claimed, once. */
    confirm(f, &f->earner);
    assert_int_equal(reco_app_claim_accept(f->app, &f->earner, token, id, sizeof id, &err),
                     RECO_OK);
    assert_string_equal(id, pid);
    assert_int_equal(reco_app_claim_accept(f->app, &f->earner, token, id, sizeof id, &err),
                     RECO_ECONFLICT);
    assert_string_equal(err.path, "used");
    assert_int_equal(reco_app_claim_accept(f->app, &f->other, token, id, sizeof id, &err),
                     RECO_ECONFLICT);

    /* An expired link. */
    char token2[96], pid2[64];
    award(f, f->ach_svg, "earner@example.org", false, token2, pid2, NULL);
    reco_arena *a = reco_arena_new(0);
    reco_credential_row c;
    assert_int_equal(reco_store_credential_by_public_id(f->app->store, pid2, a, &c, &err), RECO_OK);
    c.claim_expires_at = (int64_t)time(NULL) - 10;
    assert_int_equal(reco_store_credential_put(f->app->store, &c, &err), RECO_OK);
    reco_arena_free(a);
    assert_int_equal(reco_app_claim_accept(f->app, &f->earner, token2, id, sizeof id, &err),
                     RECO_ENOTFOUND);
    assert_string_equal(err.path, "token");

    /* A credential awarded to a DID is not claimed by e-mail. */
    reco_app_award_params p = {0};
    json_t *out = NULL;
    p.did = "did:example:earner";
    p.no_email = true;
    assert_int_equal(reco_app_award(f->app, &f->admin, f->ach_svg, &p, &out, &err), RECO_OK);
    const char *cu = json_string_value(json_object_get(out, "claimUrl"));
    assert_int_equal(
        reco_app_claim_accept(f->app, &f->earner, strrchr(cu, '/') + 1, id, sizeof id, &err),
        RECO_EDENIED);
    assert_string_equal(err.path, "email");
    json_decref(out);
}

/* ---------------------------------------------------------------- backpack, public, share */

static void backpack_public_private(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    char token[96], pid[64], id[64];
    json_t *bp = NULL, *v = NULL;

    confirm(f, &f->earner);
    award(f, f->ach_png, "earner@example.org", false, token, pid, NULL);
    assert_int_equal(reco_app_claim_accept(f->app, &f->earner, token, id, sizeof id, &err),
                     RECO_OK);
    assert_int_equal(reco_app_backpack(f->app, &f->earner, NULL, NULL, &bp, &err), RECO_OK);
    json_t *items = json_object_get(json_object_get(bp, "received"), "items");
    assert_int_equal(json_array_size(items), 1);
    json_t *it = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(it, "id")), pid);
    assert_string_equal(json_string_value(json_object_get(it, "name")), "Premiers secours");
    assert_false(json_is_true(json_object_get(it, "public")));
    assert_non_null(json_string_value(json_object_get(it, "png"))); /* a PNG badge */
    assert_true(json_is_null(json_object_get(it, "svg")));
    json_decref(bp);

    /* Private: only its owner sees the share view. */
    assert_int_equal(reco_app_share_view(f->app, NULL, pid, &v, &err), RECO_ENOTFOUND);
    assert_int_equal(reco_app_share_view(f->app, &f->other, pid, &v, &err), RECO_ENOTFOUND);
    assert_int_equal(reco_app_share_view(f->app, &f->earner, pid, &v, &err), RECO_OK);
    assert_true(json_is_true(json_object_get(v, "owner")));
    json_decref(v);

    /* Another account cannot change it, nor learn that it exists. */
    assert_int_equal(reco_app_backpack_set_public(f->app, &f->other, pid, true, &err),
                     RECO_ENOTFOUND);
    assert_int_equal(reco_app_backpack_set_public(f->app, NULL, pid, true, &err), RECO_EDENIED);
    assert_int_equal(reco_app_backpack_set_public(f->app, &f->earner, pid, true, &err), RECO_OK);

    /* Public: anyone sees it, with what the share page needs. */
    assert_int_equal(reco_app_share_view(f->app, NULL, pid, &v, &err), RECO_OK);
    assert_false(json_is_true(json_object_get(v, "owner")));
    assert_string_equal(json_string_value(json_object_get(v, "name")), "Premiers secours");
    assert_string_equal(json_string_value(json_object_get(v, "issuer")),
                        "Mission <script>locale</script>");
    assert_true(json_integer_value(json_object_get(v, "issueYear")) >= 2024);
    assert_true(json_integer_value(json_object_get(v, "issueMonth")) >= 1);
    assert_true(json_is_true(json_object_get(json_object_get(v, "report"), "valid")));
    json_decref(v);

    assert_int_equal(reco_app_backpack_set_public(f->app, &f->earner, pid, false, &err), RECO_OK);
    assert_int_equal(reco_app_share_view(f->app, NULL, pid, &v, &err), RECO_ENOTFOUND);

    /* An unclaimed credential has no share page, even for its recipient. */
    char token2[96], pid2[64];
    award(f, f->ach_svg, "earner@example.org", false, token2, pid2, NULL);
    assert_int_equal(reco_app_share_view(f->app, &f->earner, pid2, &v, &err), RECO_ENOTFOUND);
    assert_int_equal(reco_app_backpack_set_public(f->app, &f->earner, pid2, true, &err),
                     RECO_ENOTFOUND);
}

/* ---------------------------------------------------------------- import */

static size_t imported_count(fixture *f, const reco_app_user *u)
{
    reco_error err = {0};
    json_t *bp = NULL;
    assert_int_equal(reco_app_backpack(f->app, u, NULL, NULL, &bp, &err), RECO_OK);
    size_t n = json_array_size(json_object_get(json_object_get(bp, "imported"), "items"));
    json_decref(bp);
    return n;
}

static void import_one(fixture *f, const void *data, size_t n, const char *source,
                       const char *format)
{
    reco_error err = {0};
    json_t *out = NULL, *v = NULL;
    reco_code rc = reco_app_backpack_import(f->app, &f->other, data, n, source, &out, &err);
    if (rc)
        print_message("import %s: %s\n", source, err.msg);
    assert_int_equal(rc, RECO_OK);
    assert_true(json_is_true(json_object_get(out, "valid")));
    const char *id = json_string_value(json_object_get(out, "id"));
    assert_non_null(id);
    assert_int_equal(reco_app_share_view(f->app, &f->other, id, &v, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(v, "format")), format);
    assert_string_equal(json_string_value(json_object_get(v, "kind")), "imported");
    assert_non_null(json_string_value(json_object_get(v, "name")));
    json_decref(v);
    /* private until made public */
    assert_int_equal(reco_app_share_view(f->app, NULL, id, &v, &err), RECO_ENOTFOUND);
    reco_buf b;
    const char *mime = NULL;
    reco_buf_init(&b, 0);
    assert_int_equal(reco_app_backpack_content(f->app, &f->other, id, &b, &mime, &err), RECO_OK);
    assert_true(b.len > 0);
    assert_string_equal(mime,
                        strcmp(format, "jwt") == 0 ? "application/vc+jwt" : "application/ld+json");
    reco_buf_release(&b);
    json_decref(out);
}

static void import_each_format(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    char token[96], pid[64], *jwt = NULL;
    reco_buf json, img;
    const char *mime;

    award(f, f->ach_png, "someone@example.org", true, token, pid, &jwt);
    reco_buf_init(&json, 0);
    reco_buf_init(&img, 0);
    assert_int_equal(reco_app_credential_json(f->app, pid, &json, &err), RECO_OK);

    import_one(f, json.data, json.len, "badge.json", "json");
    import_one(f, jwt, strlen(jwt), "badge.jwt", "jwt");
    assert_int_equal(reco_app_credential_baked(f->app, pid, "png", &img, &mime, &err), RECO_OK);
    import_one(f, img.data, img.len, "badge.png", "png");

    char token2[96], pid2[64];
    award(f, f->ach_svg, "someone@example.org", false, token2, pid2, NULL);
    reco_buf_clear(&img);
    assert_int_equal(reco_app_credential_baked(f->app, pid2, "svg", &img, &mime, &err), RECO_OK);
    import_one(f, img.data, img.len, "badge.svg", "svg");
    assert_int_equal(imported_count(f, &f->other), 4);

    /* Text around pasted JSON is fine. */
    reco_buf pasted;
    reco_buf_init(&pasted, 0);
    reco_buf_puts(&pasted, "\n  ");
    reco_buf_append(&pasted, json.data, json.len);
    reco_buf_puts(&pasted, "\n\n");
    import_one(f, pasted.data, pasted.len, "text", "json");
    reco_buf_release(&pasted);

    /* A tampered credential: refused with its report, and nothing stored. */
    json_t *c = must_parse(json.data), *out = NULL;
    json_object_set_new(c, "name", json_string("Forged <b>name</b>"));
    char *forged = json_dumps(c, JSON_COMPACT);
    assert_int_equal(
        reco_app_backpack_import(f->app, &f->other, forged, strlen(forged), "x.json", &out, &err),
        RECO_EVERIFY);
    assert_non_null(out);
    assert_false(json_is_true(json_object_get(out, "valid")));
    assert_true(json_is_array(json_object_get(json_object_get(out, "report"), "checks")));
    assert_null(json_object_get(out, "id"));
    json_decref(out);
    free(forged);
    json_decref(c);
    assert_int_equal(imported_count(f, &f->other), 5);

    /* A valid status list credential is a credential, not a badge: refused, nothing stored. */
    {
        json_t *cred = must_parse(json.data);
        const char *list = json_string_value(
            json_object_get(json_object_get(cred, "credentialStatus"), "statusListCredential"));
        assert_non_null(list);
        const char *iss = strstr(list, "/issuers/"), *st = strstr(list, "/status/");
        assert_non_null(iss);
        assert_non_null(st);
        char slug[128];
        snprintf(slug, sizeof slug, "%.*s", (int)(st - iss - 9), iss + 9);
        reco_buf sl;
        reco_buf_init(&sl, 0);
        assert_int_equal(reco_app_status_list(f->app, slug, st + 8, &sl, &err), RECO_OK);
        assert_int_equal(
            reco_app_backpack_import(f->app, &f->other, sl.data, sl.len, "list.json", &out, &err),
            RECO_EINVAL);
        assert_non_null(strstr(err.msg, "not a badge"));
        json_decref(out);
        out = NULL;
        reco_buf_release(&sl);
        json_decref(cred);
        assert_int_equal(imported_count(f, &f->other), 5);
    }

    /* Bytes that hold no badge, an empty input, an image without a credential. */
    assert_int_equal(reco_app_backpack_import(f->app, &f->other, "hello", 5, "x.txt", &out, &err),
                     RECO_EINVAL);
    assert_null(out);
    assert_int_equal(reco_app_backpack_import(f->app, &f->other, "", 0, "x", &out, &err),
                     RECO_EINVAL);
    reco_buf png;
    make_png(&png, NULL, NULL, 0);
    assert_int_not_equal(
        reco_app_backpack_import(f->app, &f->other, png.data, png.len, "x.png", &out, &err),
        RECO_OK);
    reco_buf_release(&png);
    /* Not signed in. */
    assert_int_equal(reco_app_backpack_import(f->app, NULL, json.data, json.len, "x", &out, &err),
                     RECO_EDENIED);
    /* A URL import takes http(s) only. */
    assert_int_equal(
        reco_app_backpack_import_url(f->app, &f->other, "file:///etc/passwd", &out, &err),
        RECO_EINVAL);
    assert_int_equal(imported_count(f, &f->other), 5);
    /* Others' imports stay theirs. */
    assert_int_equal(imported_count(f, &f->earner), 0);

    free(jwt);
    reco_buf_release(&json);
    reco_buf_release(&img);
}

/* ---------------------------------------------------------------- credential page */

static void credential_page_and_revocation(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    char token[96], pid[64];
    json_t *p = NULL;

    award(f, f->ach_svg, "earner@example.org", false, token, pid, NULL);
    assert_int_equal(reco_app_credential_page(f->app, pid, &p, &err), RECO_OK);
    assert_true(json_is_true(json_object_get(json_object_get(p, "report"), "valid")));
    assert_false(json_is_true(json_object_get(p, "revoked")));
    assert_string_equal(json_string_value(json_object_get(p, "name")), "Accueil <i>du public</i>");
    assert_true(json_is_true(json_object_get(p, "svg")));
    json_decref(p);
    /* twice: from the cache, the same verdict */
    assert_int_equal(reco_app_credential_page(f->app, pid, &p, &err), RECO_OK);
    assert_true(json_is_true(json_object_get(json_object_get(p, "report"), "valid")));
    json_decref(p);

    /* Revoked: the next page says so at once, in the report too. */
    assert_int_equal(reco_app_revoke(f->app, &f->admin, pid, "erreur <b>de saisie</b>", &err),
                     RECO_OK);
    assert_int_equal(reco_app_credential_page(f->app, pid, &p, &err), RECO_OK);
    assert_true(json_is_true(json_object_get(p, "revoked")));
    assert_string_equal(json_string_value(json_object_get(p, "revocationReason")),
                        "erreur <b>de saisie</b>");
    assert_false(json_is_true(json_object_get(json_object_get(p, "report"), "valid")));
    json_t *checks = json_object_get(json_object_get(p, "report"), "checks");
    size_t i;
    json_t *ck;
    bool status_failed = false;
    json_array_foreach(checks, i, ck)
    {
        if (strcmp(json_string_value(json_object_get(ck, "name")), "status") == 0)
            status_failed = strcmp(json_string_value(json_object_get(ck, "status")), "failed") == 0;
    }
    assert_true(status_failed);
    json_decref(p);

    assert_int_equal(reco_app_credential_page(f->app, "nosuchcredential", &p, &err),
                     RECO_ENOTFOUND);
}

/* ---------------------------------------------------------------- lists */

static void explore_issuer_badge(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    json_t *e = NULL, *p = NULL;
    reco_page one = {1, 0};

    assert_int_equal(reco_app_explore(f->app, NULL, &one, &e, &err), RECO_OK);
    json_t *is = json_object_get(e, "issuers"), *as = json_object_get(e, "achievements");
    assert_int_equal(json_array_size(json_object_get(is, "items")), 1);
    assert_false(json_is_true(json_object_get(is, "more")));
    assert_int_equal(json_array_size(json_object_get(as, "items")), 1);
    assert_true(json_is_true(json_object_get(as, "more"))); /* two badges, pages of one */
    assert_int_equal(json_integer_value(json_object_get(as, "next")), 1);
    const char *slug =
        json_string_value(json_object_get(json_array_get(json_object_get(is, "items"), 0), "slug"));
    assert_non_null(slug);

    assert_int_equal(reco_app_issuer_page(f->app, slug, NULL, &p, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(json_object_get(p, "issuer"), "name")),
                        "Mission <script>locale</script>");
    assert_int_equal(json_array_size(json_object_get(json_object_get(p, "achievements"), "items")),
                     2);
    json_decref(p);
    assert_int_equal(reco_app_issuer_page(f->app, "nosuch", NULL, &p, &err), RECO_ENOTFOUND);

    assert_int_equal(reco_app_achievement_page(f->app, f->ach_svg, &p, &err), RECO_OK);
    assert_string_equal(json_string_value(json_array_get(json_object_get(p, "tags"), 0)),
                        "accueil");
    json_t *al = json_array_get(json_object_get(p, "alignments"), 0);
    assert_string_equal(json_string_value(json_object_get(al, "code")), "M1601");
    assert_string_equal(json_string_value(json_object_get(al, "framework")), "ROME");
    json_decref(p);
    assert_int_equal(reco_app_achievement_page(f->app, "nosuch", &p, &err), RECO_ENOTFOUND);

    /* A link that is not http(s) is never handed to a page (refused here or left out). */
    json_t *body = must_parse("{\"name\": \"n\", \"description\": \"d\", \"alignment\": "
                              "[{\"targetName\": \"x\", \"targetUrl\": \"javascript:alert(1)\"}]}");
    json_t *ach = NULL;
    if (reco_app_achievement_create(f->app, &f->admin, slug, body, &ach, &err) == RECO_OK) {
        const char *id = strrchr(json_string_value(json_object_get(ach, "id")), '/') + 1;
        assert_int_equal(reco_app_achievement_page(f->app, id, &p, &err), RECO_OK);
        al = json_array_get(json_object_get(p, "alignments"), 0);
        assert_true(json_is_null(json_object_get(al, "url")));
        json_decref(p);
    }
    json_decref(ach);
    json_decref(body);
    json_decref(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(claim_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(backpack_public_private, setup, teardown),
        cmocka_unit_test_setup_teardown(import_each_format, setup, teardown),
        cmocka_unit_test_setup_teardown(credential_page_and_revocation, setup, teardown),
        cmocka_unit_test_setup_teardown(explore_issuer_badge, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
