/*
 * demo.c - demonstration data (placeholder, filled below).
 */
#include "app_internal.h"

reco_code reco_app_demo(reco_app *app, reco_app_demo_result *out, reco_error *err)
{
    (void)app;
    (void)out;
    return reco_error_set(err, RECO_EINVAL, NULL, "not yet");
}
