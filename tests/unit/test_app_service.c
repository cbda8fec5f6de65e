/*
 * test_app_service.c - the issuing service's use cases on a temporary data directory:
 * accounts and tokens, roles, issuers and sealed keys, achievements and images, awards that
 * verify, the outbox, revocation through the status list, bulk CSV jobs and their resumption.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "app/app_internal.h"
#include "reco/app.h"
#include "testlib.h"
#include "reco/bake.h"
#include "reco/ob.h"

#include <dirent.h>
#include <qrencode.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

typedef struct fixture {
    char dir[64];
    reco_app *app;
    reco_app_user admin;
    reco_app_user alice; /* no role until given one */
} fixture;

static reco_app *open_app(const char *dir)
{
    reco_app_config cfg = {0};
    reco_app *app = NULL;
    reco_error err = {0};
    cfg.data_dir = dir;
    cfg.base_url = "http://127.0.0.1:8080/";
    if (reco_app_open(&cfg, &app, &err) != RECO_OK)
        print_message("open: %s\n", err.msg);
    return app;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    reco_error err = {0};
    unsetenv("RECO_MASTER_KEY");
    unsetenv("RECO_SMTP_URL");
    snprintf(f->dir, sizeof f->dir, "/tmp/reco-app-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    f->app = open_app(f->dir);
    if (!f->app)
        return -1;
    if (reco_app_user_add(f->app, "Admin@Example.org", "correct horse battery", true, &f->admin,
                          &err) ||
        reco_app_user_add(f->app, "alice@example.org", "alice password", false, &f->alice, &err)) {
        print_message("user: %s\n", err.msg);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    reco_app_close(f->app);
    test_rm_tree(f->dir);
    free(f);
    return 0;
}

static json_t *must_parse(const char *text)
{
    json_t *v = json_loads(text, 0, NULL);
    assert_non_null(v);
    return v;
}

/* Make an issuer and a badge; returns the achievement's public id (static buffer). */
static const char *make_badge(fixture *f, const char *issuer_name, char *slug_out, size_t cap)
{
    static char pid[64];
    reco_error err = {0};
    json_t *body, *iss = NULL, *ach = NULL;
    char text[512];
    snprintf(text, sizeof text, "{\"name\": \"%s\", \"url\": \"https://example.org\"}",
             issuer_name);
    body = must_parse(text);
    assert_int_equal(reco_app_issuer_create(f->app, &f->admin, body, &iss, &err), RECO_OK);
    json_decref(body);
    snprintf(slug_out, cap, "%s", json_string_value(json_object_get(iss, "slug")));
    body = must_parse("{\"name\": \"Accueil du public\", \"description\": \"Sait accueillir.\","
                      " \"criteria\": {\"narrative\": \"A tenu l'accueil **deux mois**.\"},"
                      " \"achievementType\": \"ext:PeerRecognition\", \"tag\": [\"accueil\"],"
                      " \"alignment\": [{\"targetName\": \"Accueil\", \"targetUrl\": "
                      "\"https://candidat.francetravail.fr/metierscope/fiche-metier/M1601\","
                      " \"targetCode\": \"M1601\", \"targetFramework\": \"ROME\"}]}");
    assert_int_equal(reco_app_achievement_create(f->app, &f->admin, slug_out, body, &ach, &err),
                     RECO_OK);
    json_decref(body);
    const char *id = json_string_value(json_object_get(ach, "id"));
    snprintf(pid, sizeof pid, "%s", strrchr(id, '/') + 1);
    json_decref(iss);
    json_decref(ach);
    return pid;
}

static bool file_holds(const char *path, const char *needle)
{
    reco_buf b;
    bool found = false;
    size_t k = strlen(needle);
    reco_buf_init(&b, 0);
    if (reco_file_read(path, 0, &b, NULL) == RECO_OK)
        for (size_t i = 0; !found && k && i + k <= b.len; i++)
            found = memcmp(b.data + i, needle, k) == 0;
    reco_buf_release(&b);
    return found;
}

/* The message's QR code is libqrencode's symbol of the claim link, module for module: a
 * 1-bit greyscale PNG (chunk CRCs checked, rows unfiltered) drawing each module as a 4x4
 * square inside a quiet zone of 4 modules, black on white. */
static void assert_qr_of(const char *path, const char *claim)
{
    reco_buf m, b64, png;
    reco_buf_init(&m, 0);
    reco_buf_init(&b64, 0);
    reco_buf_init(&png, 0);
    assert_int_equal(reco_file_read(path, 0, &m, NULL), RECO_OK);
    const char *p = strstr(m.data, "Content-Type: image/png");
    assert_non_null(p);
    p = strstr(p, "\r\n\r\n");
    assert_non_null(p);
    p += 4;
    const char *end = strstr(p, "\r\n--");
    assert_non_null(end);
    for (; p < end; p++)
        if (*p != '\r' && *p != '\n')
            reco_buf_putc(&b64, *p);
    assert_int_equal(reco_base64_decode(b64.data, b64.len, &png, NULL), RECO_OK);
    const uint8_t *d = (const uint8_t *)png.data;
    assert_true(png.len > 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8));
    size_t pos = 8, w = 0, h = 0, zlen = 0;
    uint8_t *z = malloc(png.len);
    assert_non_null(z);
    while (pos + 12 <= png.len) {
        size_t n =
            (size_t)d[pos] << 24 | (size_t)d[pos + 1] << 16 | (size_t)d[pos + 2] << 8 | d[pos + 3];
        const uint8_t *type = d + pos + 4, *data = d + pos + 8;
        assert_true(pos + 12 + n <= png.len);
        uLong crc = crc32(crc32(0L, Z_NULL, 0), type, (uInt)(4 + n));
        const uint8_t *c = data + n;
        assert_int_equal(crc, (uLong)c[0] << 24 | (uLong)c[1] << 16 | (uLong)c[2] << 8 | c[3]);
        if (!memcmp(type, "IHDR", 4)) {
            w = (size_t)data[0] << 24 | (size_t)data[1] << 16 | (size_t)data[2] << 8 | data[3];
            h = (size_t)data[4] << 24 | (size_t)data[5] << 16 | (size_t)data[6] << 8 | data[7];
            assert_int_equal(data[8], 1); /* bit depth */
            assert_int_equal(data[9], 0); /* greyscale */
        } else if (!memcmp(type, "IDAT", 4)) {
            memcpy(z + zlen, data, n);
            zlen += n;
        }
        pos += 12 + n;
    }
    QRcode *qr = QRcode_encodeString(claim, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
    assert_non_null(qr);
    size_t modules = (size_t)qr->width + 8;
    assert_int_equal(w, modules * 4);
    assert_int_equal(h, w);
    size_t stride = 1 + (w + 7) / 8;
    uLongf rawlen = (uLongf)(stride * h);
    uint8_t *raw = malloc(rawlen);
    assert_non_null(raw);
    assert_int_equal(uncompress(raw, &rawlen, z, (uLong)zlen), Z_OK);
    assert_int_equal(rawlen, stride * h);
    for (size_t y = 0; y < h; y++) {
        uint8_t *row = raw + y * stride;
        assert_true(row[0] == 0 || (row[0] == 2 && y > 0)); /* None, or Up */
        if (row[0] == 2)
            for (size_t i = 1; i < stride; i++)
                row[i] = (uint8_t)(row[i] + row[i - stride]);
        for (size_t x = 0; x < w; x++) {
            size_t mx = x / 4, my = y / 4;
            bool dark = mx >= 4 && my >= 4 && mx < modules - 4 && my < modules - 4 &&
                        (qr->data[(my - 4) * (size_t)qr->width + (mx - 4)] & 1);
            bool white = (row[1 + x / 8] >> (7 - x % 8)) & 1;
            assert_true(dark != white);
        }
    }
    QRcode_free(qr);
    free(raw);
    free(z);
    reco_buf_release(&m);
    reco_buf_release(&b64);
    reco_buf_release(&png);
}

/* ---------------------------------------------------------------- accounts */

static void users_and_tokens(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    reco_app_user u;
    reco_buf tok;
    int64_t tid = 0;
    reco_buf_init(&tok, 0);
    assert_string_equal(f->admin.email, "admin@example.org");
    assert_true(f->admin.is_admin);
    assert_int_equal(
        reco_app_user_add(f->app, "ADMIN@example.org", "another password", false, NULL, &err),
        RECO_ECONFLICT);
    assert_int_equal(reco_app_user_add(f->app, "not-an-email", "long enough", false, NULL, &err),
                     RECO_EINVAL);
    assert_int_equal(reco_app_user_add(f->app, "b@example.org", "short", false, NULL, &err),
                     RECO_EINVAL);
    assert_int_equal(reco_app_login(f->app, "alice@example.org", "alice password", &u, &err),
                     RECO_OK);
    assert_int_equal(u.id, f->alice.id);
    assert_int_equal(reco_app_login(f->app, "alice@example.org", "wrong", &u, &err), RECO_EVERIFY);
    assert_int_equal(reco_app_login(f->app, "nobody@example.org", "wrong", &u, &err), RECO_EVERIFY);

    assert_int_equal(reco_app_token_add(f->app, &f->alice, "ci", 0, &tok, &tid, &err), RECO_OK);
    assert_true(strncmp(tok.data, "reco_", 5) == 0);
    assert_int_equal(reco_app_auth_token(f->app, tok.data, &u, &err), RECO_OK);
    assert_int_equal(u.id, f->alice.id);
    /* The store holds only the hash. */
    char db[128];
    snprintf(db, sizeof db, "%s/reco.db", f->dir);
    assert_false(file_holds(db, tok.data));
    /* A forged token (one character changed) and a revoked one are refused. */
    tok.data[10] = tok.data[10] == 'A' ? 'B' : 'A';
    assert_int_equal(reco_app_auth_token(f->app, tok.data, &u, &err), RECO_EVERIFY);
    assert_int_equal(reco_app_auth_token(f->app, "reco_", &u, &err), RECO_EVERIFY);
    assert_int_equal(reco_app_auth_token(f->app, NULL, &u, &err), RECO_EVERIFY);
    tok.data[10] = tok.data[10] == 'A' ? 'B' : 'A';
    assert_int_equal(reco_app_token_revoke(f->app, &f->alice, tid, &err), RECO_OK);
    assert_int_equal(reco_app_auth_token(f->app, tok.data, &u, &err), RECO_EVERIFY);
    reco_buf_release(&tok);
}

static void roles(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    char slug[80];
    const char *ach = make_badge(f, "Mission locale du Val", slug, sizeof slug);
    json_t *out = NULL;
    reco_app_award_params p = {0};
    p.email = "earner@example.org";
    p.no_email = true;
    assert_int_equal(reco_app_require_role(f->app, &f->alice, slug, RECO_ROLE_AWARDER, &err),
                     RECO_EDENIED);
    assert_int_equal(reco_app_award(f->app, &f->alice, ach, &p, &out, &err), RECO_EDENIED);
    assert_null(out);
    assert_int_equal(reco_app_require_role(f->app, &f->admin, slug, RECO_ROLE_OWNER, &err),
                     RECO_OK);
    assert_int_equal(reco_app_require_role(f->app, &f->alice, "no-such", RECO_ROLE_AWARDER, &err),
                     RECO_ENOTFOUND);
    /* Alice becomes awarder: she may award, not edit. */
    assert_int_equal(
        reco_app_role_set(f->app, &f->admin, slug, "alice@example.org", RECO_ROLE_AWARDER, &err),
        RECO_OK);
    assert_int_equal(reco_app_require_role(f->app, &f->alice, slug, RECO_ROLE_AWARDER, &err),
                     RECO_OK);
    assert_int_equal(reco_app_require_role(f->app, &f->alice, slug, RECO_ROLE_EDITOR, &err),
                     RECO_EDENIED);
    assert_int_equal(reco_app_award(f->app, &f->alice, ach, &p, &out, &err), RECO_OK);
    json_decref(out);
    json_t *body = must_parse("{\"name\": \"x\", \"description\": \"y\"}");
    assert_int_equal(reco_app_achievement_create(f->app, &f->alice, slug, body, &out, &err),
                     RECO_EDENIED);
    json_decref(body);
    /* Only an owner gives roles. */
    assert_int_equal(
        reco_app_role_set(f->app, &f->alice, slug, "alice@example.org", RECO_ROLE_OWNER, &err),
        RECO_EDENIED);
}

static bool report_check(const reco_report *r, const char *name, reco_check_status s);
static void print_report(const reco_report *r);

/* ---------------------------------------------------------------- issuers */

static void issuer_slug_keys_sealed(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    json_t *body = must_parse("{\"name\": \"Région Île-de-Test <script>alert(1)</script>\","
                              " \"email\": \"contact@region.example\","
                              " \"description\": \"<b>bold</b> & co\","
                              " \"address\": {\"addressLocality\": \"Lyon\","
                              " \"addressCountryCode\": \"FR\", \"commune\": \"69123\"},"
                              " \"departement\": \"69\", \"region\": \"84\"}");
    json_t *a = NULL, *b = NULL, *profile = NULL;
    assert_int_equal(reco_app_issuer_create(f->app, &f->admin, body, &a, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(a, "slug")),
                        "region-ile-de-test-script-alert-1-script");
    assert_int_equal(reco_app_issuer_create(f->app, &f->admin, body, &b, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(b, "slug")),
                        "region-ile-de-test-script-alert-1-script-2");
    /* Text stored as given; codes in the view, not in the JSON-LD profile. */
    assert_string_equal(json_string_value(json_object_get(a, "name")),
                        "Région Île-de-Test <script>alert(1)</script>");
    assert_string_equal(json_string_value(json_object_get(a, "description")), "<b>bold</b> & co");
    assert_string_equal(json_string_value(json_object_get(a, "commune")), "69123");
    assert_string_equal(json_string_value(json_object_get(a, "region")), "84");
    const char *slug = json_string_value(json_object_get(a, "slug"));
    assert_int_equal(reco_app_issuer_profile(f->app, slug, &profile, &err), RECO_OK);
    assert_null(json_object_get(json_object_get(profile, "address"), "commune"));
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(profile, "address"), "addressLocality")),
        "Lyon");
    char expect[200];
    snprintf(expect, sizeof expect, "http://127.0.0.1:8080/issuers/%s", slug);
    assert_string_equal(json_string_value(json_object_get(profile, "id")), expect);
    assert_true(json_array_size(json_object_get(profile, "verificationMethod")) == 2);

    /* The private keys are sealed: neither the Ed25519 secret nor the RSA d is in the db. */
    reco_arena *ar = reco_arena_new(0);
    reco_issuer_row row;
    reco_key *ed = NULL, *rsa = NULL;
    reco_buf sk;
    json_t *jwk = NULL;
    char db[128], wal[140];
    reco_buf_init(&sk, 0);
    assert_int_equal(reco_store_issuer_by_slug(f->app->store, slug, ar, &row, &err), RECO_OK);
    assert_true(strncmp(row.ed25519_sk, "v1:", 3) == 0);
    assert_int_equal(app_issuer_key(f->app, &row, false, &ed, &err), RECO_OK);
    assert_int_equal(app_issuer_key(f->app, &row, true, &rsa, &err), RECO_OK);
    assert_int_equal(reco_key_to_secret_multikey(ed, &sk, &err), RECO_OK);
    assert_int_equal(reco_key_to_jwk(rsa, true, &jwk, &err), RECO_OK);
    snprintf(db, sizeof db, "%s/reco.db", f->dir);
    snprintf(wal, sizeof wal, "%s/reco.db-wal", f->dir);
    assert_false(file_holds(db, sk.data));
    assert_false(file_holds(wal, sk.data));
    assert_false(file_holds(db, json_string_value(json_object_get(jwk, "d"))));
    assert_false(file_holds(wal, json_string_value(json_object_get(jwk, "d"))));
    /* A sealed key moved to another issuer does not open. */
    reco_key *moved = NULL;
    row.slug = "another";
    assert_int_equal(app_issuer_key(f->app, &row, false, &moved, &err), RECO_EVERIFY);
    /* The master key file is private. */
    struct stat st;
    char mk[128];
    snprintf(mk, sizeof mk, "%s/master.key", f->dir);
    assert_int_equal(stat(mk, &st), 0);
    assert_int_equal(st.st_mode & 077, 0);

    /* Slugs: accents folded, other runs one '-', nothing usable gives "issuer", at most 48. */
    const struct {
        const char *name, *slug;
    } slugs[] = {
        {"\xc5\x92uvre d'Art \xe2\x80\x94 \xc3\x89t\xc3\xa9 2024", "oeuvre-d-art-ete-2024"},
        {"\xe6\x97\xa5\xe6\x9c\xac", "issuer"},
        {"  --Stra\xc3\x9f"
         "e--  ",
         "strasse"},
        {"aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff",
         "aaaaaaaaaa-bbbbbbbbbb-cccccccccc-dddddddddd-eeee"},
    };
    for (size_t i = 0; i < sizeof slugs / sizeof *slugs; i++) {
        json_t *sb = json_pack("{s:s}", "name", slugs[i].name), *so = NULL;
        assert_int_equal(reco_app_issuer_create(f->app, &f->admin, sb, &so, &err), RECO_OK);
        assert_string_equal(json_string_value(json_object_get(so, "slug")), slugs[i].slug);
        json_decref(sb);
        json_decref(so);
    }

    /* Bad bodies name the member. */
    json_t *bad = must_parse("{\"url\": \"https://x.example\"}");
    json_t *o = NULL;
    assert_int_equal(reco_app_issuer_create(f->app, &f->admin, bad, &o, &err), RECO_EINVAL);
    assert_string_equal(err.path, "/name");
    json_decref(bad);
    bad = must_parse("{\"name\": \"x\", \"commune\": \"6912\"}");
    assert_int_equal(reco_app_issuer_create(f->app, &f->admin, bad, &o, &err), RECO_EINVAL);
    assert_string_equal(err.path, "/commune");
    json_decref(bad);

    json_decref(jwk);
    reco_buf_release(&sk);
    reco_key_free(ed);
    reco_key_free(rsa);
    reco_arena_free(ar);
    json_decref(profile);
    json_decref(a);
    json_decref(b);
    json_decref(body);
}

static void did_web_under_https(void **state)
{
    fixture *f = *state;
    reco_app_config cfg = {0};
    reco_app *app = NULL;
    reco_error err = {0};
    json_t *body = must_parse("{\"name\": \"Badgeons\"}"), *iss = NULL, *did = NULL;
    reco_buf id;
    reco_buf_init(&id, 0);
    /* Same data, another base URL: an https base gives did:web identities. */
    reco_app_close(f->app);
    cfg.data_dir = f->dir;
    cfg.base_url = "https://badges.example.org:8443";
    assert_int_equal(reco_app_open(&cfg, &app, &err), RECO_OK);
    f->app = app;
    assert_int_equal(reco_app_issuer_create(app, &f->admin, body, &iss, &err), RECO_OK);
    assert_int_equal(reco_app_issuer_id(app, "badgeons", &id, &err), RECO_OK);
    assert_string_equal(id.data, "did:web:badges.example.org%3A8443:issuers:badgeons");
    assert_int_equal(reco_app_issuer_did_document(app, "badgeons", &did, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(did, "id")), id.data);
    json_t *vm = json_array_get(json_object_get(did, "verificationMethod"), 0);
    assert_string_equal(json_string_value(json_object_get(vm, "type")), "Multikey");
    assert_string_equal(json_string_value(json_object_get(vm, "controller")), id.data);
    assert_null(json_object_get(
        json_object_get(json_array_get(json_object_get(did, "verificationMethod"), 1),
                        "publicKeyJwk"),
        "d"));
    /* A credential of a did:web issuer verifies, its key bound through the DID. */
    json_t *ab = must_parse("{\"name\": \"B\", \"description\": \"d\"}"), *ach = NULL, *out = NULL;
    reco_app_award_params p = {0};
    reco_report *r = NULL;
    reco_buf text;
    reco_buf_init(&text, 0);
    p.did = "did:example:earner";
    assert_int_equal(reco_app_achievement_create(app, &f->admin, "badgeons", ab, &ach, &err),
                     RECO_OK);
    const char *aid = strrchr(json_string_value(json_object_get(ach, "id")), '/') + 1;
    assert_int_equal(reco_app_award(app, &f->admin, aid, &p, &out, &err), RECO_OK);
    const json_t *cred = json_object_get(out, "credential");
    assert_string_equal(json_string_value(json_object_get(json_object_get(cred, "issuer"), "id")),
                        id.data);
    char want_vm[200];
    snprintf(want_vm, sizeof want_vm, "%s#key-ed25519", id.data);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(cred, "proof"), "verificationMethod")),
        want_vm);
    assert_int_equal(reco_json_write(cred, 0, &text, &err), RECO_OK);
    assert_int_equal(reco_app_verify_bytes(app, text.data, text.len, "c", &r, &err), RECO_OK);
    if (!reco_report_valid(r))
        print_report(r);
    assert_true(reco_report_valid(r));
    assert_true(report_check(r, "issuer-key", RECO_CHECK_PASSED));
    reco_report_free(r);
    /* A base URL with a path puts its segments in the DID. */
    {
        reco_app_config c2 = {0};
        reco_app *app2 = NULL;
        reco_buf id2;
        reco_buf_init(&id2, 0);
        c2.data_dir = f->dir;
        c2.base_url = "https://example.org/reco/";
        assert_int_equal(reco_app_open(&c2, &app2, &err), RECO_OK);
        assert_int_equal(reco_app_issuer_id(app2, "badgeons", &id2, &err), RECO_OK);
        assert_string_equal(id2.data, "did:web:example.org:reco:issuers:badgeons");
        reco_buf_release(&id2);
        reco_app_close(app2);
    }
    /* The status list is under the https base URL. */
    const char *list = json_string_value(
        json_object_get(json_object_get(cred, "credentialStatus"), "statusListCredential"));
    assert_true(strncmp(list, "https://badges.example.org:8443/issuers/badgeons/status/", 56) == 0);
    reco_buf_release(&text);
    json_decref(ab);
    json_decref(ach);
    json_decref(out);
    reco_buf_release(&id);
    json_decref(did);
    json_decref(iss);
    json_decref(body);
}

/* ---------------------------------------------------------------- achievements */

static void achievement_images(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    char slug[80];
    const char *pid = make_badge(f, "Association Les Jardins", slug, sizeof slug);
    reco_buf img;
    const char *mime = NULL;
    json_t *ach = NULL;
    reco_buf_init(&img, 0);
    assert_int_equal(reco_app_achievement_image(f->app, pid, &img, &mime, &err), RECO_OK);
    assert_string_equal(mime, "image/svg+xml");
    assert_int_equal(reco_bake_detect(img.data, img.len), RECO_BAKE_SVG);
    assert_non_null(strstr(img.data, ">AP<"));
    assert_int_equal(reco_app_achievement_get(f->app, pid, &ach, &err), RECO_OK);
    assert_int_equal(reco_ob_check_achievement(ach, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(ach, "achievementType")),
                        "ext:PeerRecognition");
    json_decref(ach);

    /* Dangerous SVG refused; an unknown achievementType refused. */
    const char *evil[] = {"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x</script></svg>",
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x()\"></svg>",
                          "<svg><foreignObject></foreignObject></svg>"};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(reco_app_image_check(evil[i], strlen(evil[i]), &mime, &err), RECO_EINVAL);
    const char *ok = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\"></svg>";
    assert_int_equal(reco_app_image_check(ok, strlen(ok), &mime, &err), RECO_OK);
    assert_int_equal(reco_app_image_check("GIF89a", 6, &mime, &err), RECO_EINVAL);
    json_t *bad = must_parse("{\"name\": \"n\", \"description\": \"d\", \"achievementType\": "
                             "\"Magic\"}");
    assert_int_equal(reco_app_achievement_create(f->app, &f->admin, slug, bad, &ach, &err),
                     RECO_EINVAL);
    assert_string_equal(err.path, "/achievementType");
    json_decref(bad);
    /* A data: URL image, stored and served as given. */
    reco_buf url;
    reco_buf_init(&url, 0);
    reco_buf_puts(&url, "{\"name\": \"n\", \"description\": \"d\", \"image\": "
                        "\"data:image/svg+xml;base64,");
    reco_base64_encode((const uint8_t *)ok, strlen(ok), &url);
    reco_buf_puts(&url, "\"}");
    bad = must_parse(url.data);
    assert_int_equal(reco_app_achievement_create(f->app, &f->admin, slug, bad, &ach, &err),
                     RECO_OK);
    const char *id = json_string_value(json_object_get(ach, "id"));
    reco_buf_clear(&img);
    assert_int_equal(reco_app_achievement_image(f->app, strrchr(id, '/') + 1, &img, &mime, &err),
                     RECO_OK);
    assert_memory_equal(img.data, ok, strlen(ok));
    json_decref(ach);
    json_decref(bad);
    reco_buf_release(&url);

    /* Over 512 KiB is refused, also inside a data: URL. */
    static char big[RECO_APP_MAX_IMAGE + 2];
    memcpy(big, "\x89PNG\r\n\x1a\n", 8);
    assert_int_equal(reco_app_image_check(big, sizeof big, &mime, &err), RECO_ELIMIT);
    assert_int_equal(reco_app_image_check(big, RECO_APP_MAX_IMAGE, &mime, &err), RECO_OK);
    assert_string_equal(mime, "image/png");

    /* Update: members given replace the stored ones; the editor role is needed. */
    json_t *upd = must_parse("{\"name\": \"Accueil <i>avancé</i>\", \"validityDays\": 30}");
    assert_int_equal(reco_app_achievement_update(f->app, &f->alice, pid, upd, &ach, &err),
                     RECO_EDENIED);
    assert_int_equal(reco_app_achievement_update(f->app, &f->admin, pid, upd, &ach, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(ach, "name")), "Accueil <i>avancé</i>");
    assert_string_equal(json_string_value(json_object_get(ach, "description")), "Sait accueillir.");
    json_decref(ach);
    json_decref(upd);
    upd = must_parse("{\"validityDays\": -1}");
    assert_int_equal(reco_app_achievement_update(f->app, &f->admin, pid, upd, &ach, &err),
                     RECO_EINVAL);
    assert_string_equal(err.path, "/validityDays");
    json_decref(upd);
    /* The award made after the update expires after 30 days. */
    reco_app_award_params p = {0};
    json_t *out = NULL;
    p.did = "did:example:x";
    assert_int_equal(reco_app_award(f->app, &f->admin, pid, &p, &out, &err), RECO_OK);
    {
        const json_t *c = json_object_get(out, "credential");
        const char *from = json_string_value(json_object_get(c, "validFrom"));
        const char *until = json_string_value(json_object_get(c, "validUntil"));
        reco_time tf, tu;
        assert_non_null(until);
        assert_int_equal(reco_time_parse(from, strlen(from), true, &tf, &err), RECO_OK);
        assert_int_equal(reco_time_parse(until, strlen(until), true, &tu, &err), RECO_OK);
        assert_int_equal(tu.sec - tf.sec, 30 * 86400);
    }
    json_decref(out);
    reco_buf_release(&img);
}

/* ---------------------------------------------------------------- awards */

static bool report_check(const reco_report *r, const char *name, reco_check_status s)
{
    for (size_t i = 0; i < reco_report_count(r); i++) {
        const reco_check *c = reco_report_check(r, i);
        if (!strcmp(c->name, name) && c->status == s)
            return true;
    }
    return false;
}

/* How many checks of that name the report holds (each check is reported once). */
static size_t report_count(const reco_report *r, const char *name)
{
    size_t n = 0;
    for (size_t i = 0; i < reco_report_count(r); i++)
        n += !strcmp(reco_report_check(r, i)->name, name);
    return n;
}

static void print_report(const reco_report *r)
{
    reco_buf t;
    reco_buf_init(&t, 0);
    reco_report_to_text(r, &t, NULL);
    print_message("%s\n", t.data);
    reco_buf_release(&t);
}

/* The bit of index in the served status list credential. */
static int served_bit(fixture *f, const char *list_url, long index)
{
    char slug[80], pid[64];
    const char *p = strstr(list_url, "/issuers/") + 9;
    size_t n = strcspn(p, "/");
    reco_buf out, z, bits;
    reco_error err = {0};
    json_t *doc;
    int bit = -1;
    snprintf(slug, sizeof slug, "%.*s", (int)n, p);
    snprintf(pid, sizeof pid, "%s", strrchr(list_url, '/') + 1);
    reco_buf_init(&out, 0);
    reco_buf_init(&z, 0);
    reco_buf_init(&bits, 0);
    assert_int_equal(reco_app_status_list(f->app, slug, pid, &out, &err), RECO_OK);
    doc = must_parse(out.data);
    const char *enc = json_string_value(
        json_object_get(json_object_get(doc, "credentialSubject"), "encodedList"));
    assert_non_null(enc);
    assert_int_equal(enc[0], 'u');
    assert_int_equal(reco_multibase_decode(enc, strlen(enc), &z, &err), RECO_OK);
    /* GZIP, 16 KiB of bits. */
    uint8_t raw[16384];
    z_stream zs = {0};
    assert_int_equal(inflateInit2(&zs, 31), Z_OK);
    zs.next_in = (Bytef *)z.data;
    zs.avail_in = (uInt)z.len;
    zs.next_out = raw;
    zs.avail_out = sizeof raw;
    assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
    assert_int_equal(zs.total_out, 16384);
    inflateEnd(&zs);
    bit = (raw[index / 8] >> (7 - index % 8)) & 1;
    /* The list credential itself is signed by the issuer and verifies. */
    reco_report *r = NULL;
    assert_int_equal(reco_app_verify_bytes(f->app, out.data, out.len, "list", &r, &err), RECO_OK);
    assert_true(report_check(r, "proof", RECO_CHECK_PASSED));
    reco_report_free(r);
    json_decref(doc);
    reco_buf_release(&out);
    reco_buf_release(&z);
    reco_buf_release(&bits);
    return bit;
}

static void award_email_verify_revoke(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    char slug[80];
    const char *ach = make_badge(f, "Entreprise Exemple", slug, sizeof slug);
    reco_app_award_params p = {0};
    json_t *out = NULL;
    reco_report *r = NULL;
    reco_buf text;
    reco_buf_init(&text, 0);
    p.email = "Earner@Example.org";
    p.name = "Camille <b>Test</b>";
    p.narrative = "A accueilli <script>x</script> le public.";
    p.evidence_url = "https://example.org/evidence/1";
    assert_int_equal(reco_app_award(f->app, &f->admin, ach, &p, &out, &err), RECO_OK);
    const json_t *cred = json_object_get(out, "credential");
    const char *id = json_string_value(json_object_get(out, "id"));
    assert_string_equal(json_string_value(json_object_get(cred, "id")), id);
    assert_true(strncmp(id, "http://127.0.0.1:8080/credentials/", 34) == 0);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(cred, "proof"), "cryptosuite")),
        "eddsa-rdfc-2022");
    const json_t *st = json_object_get(cred, "credentialStatus");
    assert_string_equal(json_string_value(json_object_get(st, "type")), "BitstringStatusListEntry");
    assert_string_equal(json_string_value(json_object_get(st, "statusPurpose")), "revocation");
    const char *list_url = json_string_value(json_object_get(st, "statusListCredential"));
    const char *idx = json_string_value(json_object_get(st, "statusListIndex"));
    char expect_id[400];
    snprintf(expect_id, sizeof expect_id, "%s#%s", list_url, idx);
    assert_string_equal(json_string_value(json_object_get(st, "id")), expect_id);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(cred, "credentialSubject"), "narrative")),
        p.narrative);

    /* The hosted JSON verifies with the service's options (its own issuers offline). */
    const char *pid = strrchr(id, '/') + 1;
    assert_int_equal(reco_app_credential_json(f->app, pid, &text, &err), RECO_OK);
    assert_int_equal(reco_app_verify_bytes(f->app, text.data, text.len, id, &r, &err), RECO_OK);
    if (!reco_report_valid(r))
        print_report(r);
    assert_true(reco_report_valid(r));
    assert_true(report_check(r, "issuer-key", RECO_CHECK_PASSED));
    assert_true(report_check(r, "status", RECO_CHECK_PASSED));
    /* One status line: the verdict, never also "not checked (no resolver)". */
    assert_int_equal(report_count(r, "status"), 1);
    reco_report_free(r);
    /* With the recipient's e-mail as the OB verifier knows it. */
    {
        reco_ob_verify_options o = {0};
        json_t *c = must_parse(text.data);
        o.recipient = "earner@example.org";
        o.vc.di.loader = app_loader(f->app);
        reco_report *rr = reco_report_new("x", NULL);
        o.vc.di.resolve = NULL;
        reco_code vrc = reco_ob_verify(c, &o, rr, &err);
        if (vrc || !report_check(rr, "recipient", RECO_CHECK_PASSED)) {
            print_message("reco_ob_verify: %s\n", err.msg);
            print_report(rr);
        }
        assert_int_equal(vrc, RECO_OK);
        assert_true(report_check(rr, "recipient", RECO_CHECK_PASSED));
        reco_report_free(rr);
        json_decref(c);
    }
    /* The baked SVG holds the credential. */
    reco_buf img;
    const char *mime;
    reco_baked baked;
    reco_buf_init(&img, 0);
    reco_baked_init(&baked);
    assert_int_equal(reco_app_credential_baked(f->app, pid, "svg", &img, &mime, &err), RECO_OK);
    assert_int_equal(reco_extract(img.data, img.len, &baked, &err), RECO_OK);
    assert_string_equal(baked.text.data, text.data);
    assert_int_equal(reco_app_credential_baked(f->app, pid, "png", &img, &mime, &err),
                     RECO_ENOTFOUND);
    reco_baked_release(&baked);
    reco_buf_release(&img);

    /* The outbox holds one message with the claim link and a QR code. */
    char outbox[128];
    snprintf(outbox, sizeof outbox, "%s/outbox", f->dir);
    DIR *d = opendir(outbox);
    struct dirent *e;
    int emls = 0;
    const char *claim = json_string_value(json_object_get(out, "claimUrl"));
    assert_non_null(d);
    while ((e = readdir(d))) {
        if (!strstr(e->d_name, ".eml"))
            continue;
        char path[400];
        snprintf(path, sizeof path, "%s/%s", outbox, e->d_name);
        assert_true(file_holds(path, claim));
        assert_true(file_holds(path, "To: <earner@example.org>"));
        assert_true(file_holds(path, "Content-Type: image/png"));
        assert_qr_of(path, claim);
        assert_true(file_holds(path, "vous a d\xc3\xa9"
                                     "cern\xc3\xa9"));
        assert_true(file_holds(path, "awarded you the badge"));
        emls++;
    }
    closedir(d);
    assert_int_equal(emls, 1);
    /* The claim link leads to the credential; the token is not stored. */
    json_t *cl = NULL;
    assert_int_equal(reco_app_claim_lookup(f->app, strrchr(claim, '/') + 1, &cl, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(cl, "id")), id);
    json_decref(cl);
    char db[128];
    snprintf(db, sizeof db, "%s/reco.db", f->dir);
    assert_false(file_holds(db, strrchr(claim, '/') + 1));

    /* Revocation flips the bit in the served list; verification then fails on status. */
    long index = strtol(idx, NULL, 10);
    assert_int_equal(served_bit(f, list_url, index), 0);
    assert_int_equal(reco_app_revoke(f->app, &f->alice, pid, "no", &err), RECO_EDENIED);
    assert_int_equal(reco_app_revoke(f->app, &f->admin, pid, "erreur de saisie", &err), RECO_OK);
    assert_int_equal(reco_app_revoke(f->app, &f->admin, pid, "again", &err), RECO_ECONFLICT);
    assert_int_equal(served_bit(f, list_url, index), 1);
    assert_int_equal(reco_app_verify_bytes(f->app, text.data, text.len, id, &r, &err), RECO_OK);
    assert_false(reco_report_valid(r));
    assert_true(report_check(r, "status", RECO_CHECK_FAILED));
    assert_int_equal(report_count(r, "status"), 1);
    reco_report_free(r);
    json_t *view = NULL;
    assert_int_equal(reco_app_credential_get(f->app, &f->admin, pid, &view, &err), RECO_OK);
    assert_true(json_is_true(json_object_get(view, "revoked")));
    assert_string_equal(json_string_value(json_object_get(view, "revocationReason")),
                        "erreur de saisie");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(view, "recipient"), "name")),
        "Camille <b>Test</b>");
    json_decref(view);
    json_decref(out);
    reco_buf_release(&text);
}

static void award_did_and_jwt(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    char slug[80];
    const char *ach = make_badge(f, "Collectif Badgeons", slug, sizeof slug);
    json_t *body = must_parse("{\"recipient\": {\"id\": "
                              "\"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK\"},"
                              " \"evidence\": [{\"id\": \"https://example.org/e\"}],"
                              " \"format\": \"jwt\"}");
    json_t *out = NULL;
    reco_report *r = NULL;
    assert_int_equal(reco_app_award_json(f->app, &f->admin, ach, body, &out, &err), RECO_OK);
    const json_t *cred = json_object_get(out, "credential");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(cred, "credentialSubject"), "id")),
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
    const char *jwt = json_string_value(json_object_get(out, "jwt"));
    assert_non_null(jwt);
    assert_int_equal(reco_app_verify_bytes(f->app, jwt, strlen(jwt), "jwt", &r, &err), RECO_OK);
    if (!reco_report_valid(r))
        print_report(r);
    assert_true(report_check(r, "proof", RECO_CHECK_PASSED));
    assert_true(report_check(r, "status", RECO_CHECK_PASSED));
    assert_int_equal(report_count(r, "status"), 1);
    reco_report_free(r);
    /* The request form of the verify API, by URL of this service. */
    char req[600];
    snprintf(req, sizeof req, "{\"url\": \"%s\"}", json_string_value(json_object_get(out, "id")));
    assert_int_equal(reco_app_verify_request(f->app, req, strlen(req), &r, &err), RECO_OK);
    assert_true(reco_report_valid(r));
    assert_true(report_check(r, "status", RECO_CHECK_PASSED));
    assert_int_equal(report_count(r, "status"), 1);
    reco_report_free(r);
    /* No outbox for a DID recipient. */
    char outbox[128];
    snprintf(outbox, sizeof outbox, "%s/outbox", f->dir);
    assert_int_equal(access(outbox, F_OK), -1);
    json_decref(out);
    json_decref(body);
    /* Bad recipients. */
    const char *bad[] = {
        "{\"recipient\": {}}",
        "{\"recipient\": {\"email\": \"a@b.example\", \"id\": \"did:key:z6Mk\"}}",
        "{\"recipient\": {\"id\": \"not a did\"}}",
        "{\"recipient\": {\"email\": \"x@y.example\"}, \"evidence\": \"ftp://x\"}"};
    for (size_t i = 0; i < 4; i++) {
        body = must_parse(bad[i]);
        assert_int_equal(reco_app_award_json(f->app, &f->admin, ach, body, &out, &err),
                         RECO_EINVAL);
        json_decref(body);
    }
}

/* ---------------------------------------------------------------- bulk */

static const char *const csv_mixed =
    "name,email,narrative,evidence url\r\n"
    "Ada,ada@example.org,\"Tenu l'accueil, deux mois\",https://example.org/1\r\n"
    "Bad,not-an-email,,\r\n"
    "\"Grace \"\"G\"\"\",grace@example.org,,\r\n"
    "Evid,e@example.org,,ftp://nope\r\n"
    "Linus,linus@example.org,,\n";

static void bulk_with_bad_rows(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    char slug[80];
    const char *ach = make_badge(f, "Mission Bulk", slug, sizeof slug);
    json_t *job = NULL, *view = NULL;
    assert_int_equal(reco_app_bulk_submit(f->app, &f->admin, ach, csv_mixed, strlen(csv_mixed),
                                          false, &job, &err),
                     RECO_OK);
    assert_string_equal(json_string_value(json_object_get(job, "state")), "queued");
    assert_int_equal(json_integer_value(json_object_get(job, "total")), 5);
    const char *jid = strrchr(json_string_value(json_object_get(job, "id")), '/') + 1;
    assert_int_equal(reco_app_job_run(f->app, jid, &err), RECO_OK);
    assert_int_equal(reco_app_job_get(f->app, &f->admin, jid, &view, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(view, "state")), "done");
    assert_int_equal(json_integer_value(json_object_get(view, "ok")), 3);
    assert_int_equal(json_integer_value(json_object_get(view, "failed")), 2);
    json_t *rows = json_object_get(view, "rows");
    assert_int_equal(json_array_size(rows), 5);
    const char *expect[] = {"ok", "error", "ok", "error", "ok"};
    for (size_t i = 0; i < 5; i++) {
        json_t *row = json_array_get(rows, i);
        assert_int_equal(json_integer_value(json_object_get(row, "row")), (json_int_t)i + 1);
        assert_string_equal(json_string_value(json_object_get(row, "status")), expect[i]);
    }
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(rows, 1), "message")),
                           "not-an-email"));
    /* Row 3's quoted name reached the credential row. */
    json_t *list = NULL;
    assert_int_equal(reco_app_credential_list(f->app, &f->admin, slug, NULL, NULL, &list, &err),
                     RECO_OK);
    assert_int_equal(json_integer_value(json_object_get(list, "total")), 3);
    bool grace = false;
    for (size_t i = 0; i < json_array_size(json_object_get(list, "items")); i++) {
        json_t *it = json_array_get(json_object_get(list, "items"), i);
        const char *nm =
            json_string_value(json_object_get(json_object_get(it, "recipient"), "name"));
        grace |= nm && !strcmp(nm, "Grace \"G\"");
    }
    assert_true(grace);
    json_decref(list);
    /* Pages: limit and offset, newest first, the total of the whole list. */
    reco_page pg = {.limit = 2, .offset = 2};
    assert_int_equal(reco_app_credential_list(f->app, &f->admin, NULL, ach, &pg, &list, &err),
                     RECO_OK);
    assert_int_equal(json_integer_value(json_object_get(list, "total")), 3);
    assert_int_equal(json_array_size(json_object_get(list, "items")), 1);
    json_decref(list);
    /* Without a filter only admins list; an issuer's list needs a role there. */
    assert_int_equal(reco_app_credential_list(f->app, &f->alice, NULL, NULL, NULL, &list, &err),
                     RECO_EDENIED);
    assert_int_equal(reco_app_credential_list(f->app, &f->alice, slug, NULL, NULL, &list, &err),
                     RECO_EDENIED);
    /* Running it again awards nothing more. */
    assert_int_equal(reco_app_job_run(f->app, jid, &err), RECO_OK);
    assert_int_equal(reco_app_credential_list(f->app, &f->admin, slug, NULL, NULL, &list, &err),
                     RECO_OK);
    assert_int_equal(json_integer_value(json_object_get(list, "total")), 3);
    json_decref(list);
    json_decref(view);
    json_decref(job);

    /* All or nothing: one bad row, none awarded. */
    assert_int_equal(reco_app_bulk_submit(f->app, &f->admin, ach, csv_mixed, strlen(csv_mixed),
                                          true, &job, &err),
                     RECO_OK);
    jid = strrchr(json_string_value(json_object_get(job, "id")), '/') + 1;
    assert_int_equal(reco_app_job_run(f->app, jid, &err), RECO_OK);
    assert_int_equal(reco_app_job_get(f->app, &f->admin, jid, &view, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(view, "state")), "failed");
    assert_int_equal(json_integer_value(json_object_get(view, "ok")), 0);
    assert_int_equal(json_integer_value(json_object_get(view, "failed")), 2);
    assert_int_equal(json_array_size(json_object_get(view, "rows")), 2);
    assert_int_equal(reco_app_credential_list(f->app, &f->admin, slug, NULL, NULL, &list, &err),
                     RECO_OK);
    assert_int_equal(json_integer_value(json_object_get(list, "total")), 3);
    json_decref(list);
    json_decref(view);
    json_decref(job);

    /* Malformed CSV queues nothing. */
    const char *broken[] = {"name,email\nA,\"a@example.org\n", "name,narrative\nA,x\n",
                            "name,email\nA,a\"b@example.org\n", ""};
    for (size_t i = 0; i < 4; i++) {
        job = NULL;
        assert_int_equal(reco_app_bulk_submit(f->app, &f->admin, ach, broken[i], strlen(broken[i]),
                                              false, &job, &err),
                         RECO_EPARSE);
        assert_null(job);
    }
    /* The awarder role is needed. */
    assert_int_equal(reco_app_bulk_submit(f->app, &f->alice, ach, csv_mixed, strlen(csv_mixed),
                                          false, &job, &err),
                     RECO_EDENIED);
}

static size_t outbox_files(fixture *f, const char *suffix)
{
    char outbox[128];
    size_t n = 0;
    snprintf(outbox, sizeof outbox, "%s/outbox", f->dir);
    DIR *d = opendir(outbox);
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t len = strlen(e->d_name), sl = strlen(suffix);
        n += len > sl && !strcmp(e->d_name + len - sl, suffix);
    }
    if (d)
        closedir(d);
    return n;
}

/* The e-mails are written by a second thread: when the job says done, all of them are in the
 * outbox (none left under a temporary name); when they cannot be written, the rows stay
 * awarded and say so. */
static void bulk_emails_before_done(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    char slug[80], jid[64], outbox[128];
    const char *ach = make_badge(f, "Mission Mails", slug, sizeof slug);
    json_t *job = NULL, *view = NULL;
    reco_buf csv;
    reco_buf_init(&csv, 0);
    reco_buf_puts(&csv, "name,email\n");
    for (int i = 1; i <= 40; i++)
        reco_buf_printf(&csv, "Earner %d,earner%d@example.org\n", i, i);
    assert_int_equal(
        reco_app_bulk_submit(f->app, &f->admin, ach, csv.data, csv.len, false, &job, &err),
        RECO_OK);
    snprintf(jid, sizeof jid, "%s",
             strrchr(json_string_value(json_object_get(job, "id")), '/') + 1);
    json_decref(job);
    assert_int_equal(reco_app_job_run(f->app, jid, &err), RECO_OK);
    assert_int_equal(reco_app_job_get(f->app, NULL, jid, &view, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(view, "state")), "done");
    assert_int_equal(json_integer_value(json_object_get(view, "ok")), 40);
    json_decref(view);
    assert_int_equal(outbox_files(f, ".eml"), 40);
    assert_int_equal(outbox_files(f, ".tmp"), 0);

    /* An outbox that cannot be written: a file where the folder should be. */
    snprintf(outbox, sizeof outbox, "%s/outbox", f->dir);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && touch '%s'", outbox, outbox);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(
        reco_app_bulk_submit(f->app, &f->admin, ach, csv.data, csv.len, false, &job, &err),
        RECO_OK);
    snprintf(jid, sizeof jid, "%s",
             strrchr(json_string_value(json_object_get(job, "id")), '/') + 1);
    json_decref(job);
    assert_int_equal(reco_app_job_run(f->app, jid, &err), RECO_OK);
    assert_int_equal(reco_app_job_get(f->app, NULL, jid, &view, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(view, "state")), "done");
    assert_int_equal(json_integer_value(json_object_get(view, "ok")), 40);
    assert_int_equal(json_integer_value(json_object_get(view, "failed")), 0);
    json_t *rows = json_object_get(view, "rows");
    assert_int_equal(json_array_size(rows), 40);
    for (size_t i = 0; i < 40; i++) {
        json_t *row = json_array_get(rows, i);
        assert_int_equal(json_integer_value(json_object_get(row, "row")), (json_int_t)i + 1);
        assert_string_equal(json_string_value(json_object_get(row, "status")), "ok");
        assert_true(json_is_string(json_object_get(row, "credential")));
        assert_true(json_is_string(json_object_get(row, "emailError")));
    }
    json_decref(view);
    unlink(outbox);
    reco_buf_release(&csv);
}

static void bulk_resumes_after_interruption(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    char slug[80];
    const char *ach = make_badge(f, "Mission Resume", slug, sizeof slug);
    json_t *job = NULL, *view = NULL, *list = NULL;
    size_t resumed = 0;
    char jid[64];
    assert_int_equal(reco_app_bulk_submit(f->app, &f->admin, ach, csv_mixed, strlen(csv_mixed),
                                          false, &job, &err),
                     RECO_OK);
    snprintf(jid, sizeof jid, "%s",
             strrchr(json_string_value(json_object_get(job, "id")), '/') + 1);
    json_decref(job);
    /* Stop after two rows, as if the process had been killed; then reopen and resume. */
    reco_app_debug_stop_after(f->app, 2);
    assert_int_equal(reco_app_job_run(f->app, jid, &err), RECO_OK);
    assert_int_equal(reco_app_job_get(f->app, NULL, jid, &view, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(view, "state")), "running");
    assert_int_equal(json_integer_value(json_object_get(view, "done")), 2);
    json_decref(view);
    reco_app_close(f->app);
    f->app = open_app(f->dir);
    assert_non_null(f->app);
    assert_int_equal(reco_app_jobs_resume(f->app, &resumed, &err), RECO_OK);
    assert_int_equal(resumed, 1);
    assert_int_equal(reco_app_job_get(f->app, NULL, jid, &view, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(view, "state")), "done");
    assert_int_equal(json_integer_value(json_object_get(view, "done")), 5);
    assert_int_equal(json_integer_value(json_object_get(view, "ok")), 3);
    json_decref(view);
    assert_int_equal(reco_app_credential_list(f->app, &f->admin, slug, NULL, NULL, &list, &err),
                     RECO_OK);
    assert_int_equal(json_integer_value(json_object_get(list, "total")), 3);
    json_decref(list);
}

/* A large input (over 64 KiB), with an interruption inside a transaction's rows: what was
 * committed is kept and the resumption awards each row once. */
static void bulk_large_input_in_batches(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    char slug[80], jid[64];
    const char *ach = make_badge(f, "Mission Batch", slug, sizeof slug);
    reco_buf csv;
    json_t *job = NULL, *view = NULL, *list = NULL;
    char pad[241];
    memset(pad, 'x', sizeof pad - 1);
    pad[sizeof pad - 1] = '\0';
    reco_buf_init(&csv, 0);
    reco_buf_puts(&csv, "email,narrative\n");
    for (int i = 1; i <= 300; i++)
        reco_buf_printf(&csv, "%s%d%s,%s\n", i % 97 == 0 ? "bad" : "p", i,
                        i % 97 == 0 ? "" : "@example.org", pad);
    assert_true(csv.len > 64 * 1024);
    assert_int_equal(
        reco_app_bulk_submit(f->app, &f->admin, ach, csv.data, csv.len, false, &job, &err),
        RECO_OK);
    snprintf(jid, sizeof jid, "%s",
             strrchr(json_string_value(json_object_get(job, "id")), '/') + 1);
    json_decref(job);
    reco_app_debug_stop_after(f->app, 150);
    assert_int_equal(reco_app_job_run(f->app, jid, &err), RECO_OK);
    assert_int_equal(reco_app_job_get(f->app, NULL, jid, &view, &err), RECO_OK);
    assert_int_equal(json_integer_value(json_object_get(view, "done")), 150);
    json_decref(view);
    reco_app_debug_stop_after(f->app, 0);
    assert_int_equal(reco_app_jobs_resume(f->app, NULL, &err), RECO_OK);
    assert_int_equal(reco_app_job_get(f->app, NULL, jid, &view, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(view, "state")), "done");
    /* Rows 97, 194 and 291 have no e-mail address: reported, in row order, not awarded. */
    assert_int_equal(json_integer_value(json_object_get(view, "ok")), 297);
    assert_int_equal(json_integer_value(json_object_get(view, "failed")), 3);
    json_t *rows = json_object_get(view, "rows");
    assert_int_equal(json_array_size(rows), 300);
    for (size_t i = 0; i < 300; i++) {
        json_t *row = json_array_get(rows, i);
        assert_int_equal(json_integer_value(json_object_get(row, "row")), (json_int_t)i + 1);
        assert_string_equal(json_string_value(json_object_get(row, "status")),
                            (i + 1) % 97 == 0 ? "error" : "ok");
    }
    json_decref(view);
    assert_int_equal(reco_app_credential_list(f->app, &f->admin, slug, NULL, NULL, &list, &err),
                     RECO_OK);
    assert_int_equal(json_integer_value(json_object_get(list, "total")), 297);
    json_decref(list);
    reco_buf_release(&csv);
}

static void bulk_with_worker(void **state)
{
    fixture *f = *state;
    reco_error err = {0};
    reco_app_config cfg = {0};
    char slug[80];
    const char *ach = make_badge(f, "Mission Worker", slug, sizeof slug);
    json_t *job = NULL, *view = NULL;
    char jid[64];
    reco_app_close(f->app);
    cfg.data_dir = f->dir;
    cfg.base_url = "http://127.0.0.1:8080";
    cfg.start_worker = true;
    assert_int_equal(reco_app_open(&cfg, &f->app, &err), RECO_OK);
    assert_int_equal(reco_app_bulk_submit(f->app, &f->admin, ach, csv_mixed, strlen(csv_mixed),
                                          false, &job, &err),
                     RECO_OK);
    snprintf(jid, sizeof jid, "%s",
             strrchr(json_string_value(json_object_get(job, "id")), '/') + 1);
    json_decref(job);
    /* Closing waits for the worker; whatever it did not finish is resumed here. */
    reco_app_close(f->app);
    f->app = open_app(f->dir);
    assert_int_equal(reco_app_jobs_resume(f->app, NULL, &err), RECO_OK);
    assert_int_equal(reco_app_job_get(f->app, NULL, jid, &view, &err), RECO_OK);
    assert_string_equal(json_string_value(json_object_get(view, "state")), "done");
    assert_int_equal(json_integer_value(json_object_get(view, "ok")), 3);
    json_decref(view);
}

typedef struct worker_arg {
    fixture *f;
    const char *ach;
    int ok;
} worker_arg;

/* Awards and verifications from several threads share one app. */
static void *award_and_verify(void *p)
{
    worker_arg *w = p;
    for (int i = 0; i < 3; i++) {
        reco_app_award_params ap = {0};
        reco_error err = {0};
        json_t *out = NULL;
        reco_report *r = NULL;
        reco_buf text;
        char email[64];
        reco_buf_init(&text, 0);
        snprintf(email, sizeof email, "t%d@example.org", i);
        ap.email = email;
        ap.no_email = true;
        if (reco_app_award(w->f->app, &w->f->admin, w->ach, &ap, &out, &err) == RECO_OK &&
            reco_json_write(json_object_get(out, "credential"), 0, &text, &err) == RECO_OK &&
            reco_app_verify_bytes(w->f->app, text.data, text.len, "t", &r, &err) == RECO_OK &&
            reco_report_valid(r))
            w->ok++;
        reco_report_free(r);
        json_decref(out);
        reco_buf_release(&text);
    }
    return NULL;
}

static void threads_share_one_app(void **state)
{
    fixture *f = *state;
    char slug[80];
    const char *ach = make_badge(f, "Concurrent", slug, sizeof slug);
    pthread_t t[4];
    worker_arg w[4];
    json_t *list = NULL;
    reco_error err = {0};
    for (int i = 0; i < 4; i++) {
        w[i] = (worker_arg){f, ach, 0};
        assert_int_equal(pthread_create(&t[i], NULL, award_and_verify, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].ok, 3);
    }
    assert_int_equal(reco_app_credential_list(f->app, &f->admin, slug, NULL, NULL, &list, &err),
                     RECO_OK);
    assert_int_equal(json_integer_value(json_object_get(list, "total")), 12);
    /* Twelve distinct status indexes. */
    long seen[12];
    json_t *items = json_object_get(list, "items");
    assert_int_equal(json_array_size(items), 12);
    for (size_t i = 0; i < 12; i++) {
        const char *id = json_string_value(json_object_get(json_array_get(items, i), "id"));
        json_t *view = NULL;
        assert_int_equal(
            reco_app_credential_get(f->app, &f->admin, strrchr(id, '/') + 1, &view, &err), RECO_OK);
        seen[i] =
            strtol(json_string_value(json_object_get(
                       json_object_get(json_object_get(view, "credential"), "credentialStatus"),
                       "statusListIndex")),
                   NULL, 10);
        for (size_t k = 0; k < i; k++)
            assert_true(seen[k] != seen[i]);
        json_decref(view);
    }
    json_decref(list);
}

static void master_key_from_environment(void **state)
{
    fixture *f = *state;
    reco_app_config cfg = {0};
    reco_app *app = NULL;
    reco_error err = {0};
    char dir[128];
    snprintf(dir, sizeof dir, "%s/env", f->dir);
    cfg.data_dir = dir;
    setenv("RECO_MASTER_KEY", "not a key", 1);
    assert_int_equal(reco_app_open(&cfg, &app, &err), RECO_EINVAL);
    assert_non_null(strstr(err.msg, "RECO_MASTER_KEY"));
    setenv("RECO_MASTER_KEY", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
           1);
    assert_int_equal(reco_app_open(&cfg, &app, &err), RECO_OK);
    char mk[160];
    snprintf(mk, sizeof mk, "%s/master.key", dir);
    assert_int_equal(access(mk, F_OK), -1);
    reco_app_close(app);
    unsetenv("RECO_MASTER_KEY");
    /* A key file readable by others is refused. */
    assert_int_equal(chmod(f->dir, 0700), 0);
    snprintf(mk, sizeof mk, "%s/master.key", f->dir);
    assert_int_equal(chmod(mk, 0644), 0);
    reco_app_close(f->app);
    f->app = NULL;
    cfg.data_dir = f->dir;
    assert_int_equal(reco_app_open(&cfg, &app, &err), RECO_EINVAL);
    assert_int_equal(chmod(mk, 0600), 0);
    f->app = open_app(f->dir);
    assert_non_null(f->app);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(users_and_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(roles, setup, teardown),
        cmocka_unit_test_setup_teardown(issuer_slug_keys_sealed, setup, teardown),
        cmocka_unit_test_setup_teardown(did_web_under_https, setup, teardown),
        cmocka_unit_test_setup_teardown(achievement_images, setup, teardown),
        cmocka_unit_test_setup_teardown(award_email_verify_revoke, setup, teardown),
        cmocka_unit_test_setup_teardown(award_did_and_jwt, setup, teardown),
        cmocka_unit_test_setup_teardown(bulk_with_bad_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(bulk_resumes_after_interruption, setup, teardown),
        cmocka_unit_test_setup_teardown(bulk_large_input_in_batches, setup, teardown),
        cmocka_unit_test_setup_teardown(bulk_emails_before_done, setup, teardown),
        cmocka_unit_test_setup_teardown(bulk_with_worker, setup, teardown),
        cmocka_unit_test_setup_teardown(threads_share_one_app, setup, teardown),
        cmocka_unit_test_setup_teardown(master_key_from_environment, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
