/*
 * fuzz_app_import.c - reco_app_backpack_import on any bytes, as the backpack's import form
 * gives them: it never crashes; RECO_OK means a valid report and a stored badge whose text can
 * be read back; RECO_EVERIFY means an invalid report and nothing stored; any other code leaves
 * no result. One service in a temporary folder serves every input (removed at exit).
 */
#include "reco/app.h"
#include "testlib.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static reco_app *app;
static reco_app_user user;
static char dir[64];

static void done(void)
{
    reco_app_close(app);
    test_rm_tree(dir);
}

static void start(void)
{
    reco_app_config cfg = {0};
    snprintf(dir, sizeof dir, "/tmp/reco-fuzz-import-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    cfg.data_dir = dir;
    if (reco_app_open(&cfg, &app, NULL) ||
        reco_app_user_add(app, "fuzz@example.org", "fuzz password", false, &user, NULL))
        abort();
    atexit(done);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *out = NULL;
    if (!app)
        start();
    reco_code rc = reco_app_backpack_import(app, &user, data, size, "fuzz", &out, NULL);
    bool valid = json_is_true(json_object_get(out, "valid"));
    const char *id = json_string_value(json_object_get(out, "id"));
    if (rc == RECO_OK) {
        reco_buf b;
        const char *mime = NULL;
        reco_buf_init(&b, 0);
        if (!valid || !id || reco_app_backpack_content(app, &user, id, &b, &mime, NULL) || !b.len)
            abort();
        reco_buf_release(&b);
    } else if (rc == RECO_EVERIFY) {
        if (valid || id || !json_is_object(json_object_get(out, "report")))
            abort();
    } else if (out) {
        abort();
    }
    json_decref(out);
    return 0;
}
