/*
 * app_fixture.h - a service on a temporary data directory, for the unit tests of the app and
 * http modules (include after <cmocka.h>). Static inline functions in a header because the .c
 * files of tests/lib are linked into every test program, also those without the app module.
 */
#ifndef RECO_TEST_APP_FIXTURE_H
#define RECO_TEST_APP_FIXTURE_H

#include "reco/app.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/*
 * Make a new directory "/tmp/reco-<name>-XXXXXX" into dir (cap bytes) and open a service on it
 * with base_url (may be NULL) into *app. RECO_MASTER_KEY and RECO_SMTP_URL are unset first, so
 * the environment of the test run changes nothing. 0 on success, else -1 with a message.
 */
static inline int app_fixture_open(char *dir, size_t cap, const char *name, const char *base_url,
                                   reco_app **app)
{
    reco_app_config cfg = {0};
    reco_error err = {0};
    unsetenv("RECO_MASTER_KEY");
    unsetenv("RECO_SMTP_URL");
    snprintf(dir, cap, "/tmp/reco-%s-XXXXXX", name);
    if (!mkdtemp(dir)) {
        print_message("cannot make %s\n", dir);
        return -1;
    }
    cfg.data_dir = dir;
    cfg.base_url = base_url;
    if (reco_app_open(&cfg, app, &err) != RECO_OK) {
        print_message("open: %s\n", err.msg);
        return -1;
    }
    return 0;
}

/* Close the service and remove its directory. */
static inline void app_fixture_close(reco_app *app, const char *dir)
{
    reco_app_close(app);
    test_rm_tree(dir);
}

#endif
