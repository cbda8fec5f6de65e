/*
 * routes.c - the one route table of the server, and its matcher. A pattern is a list of
 * segments: literal text, or "{name}" with an optional literal suffix ("{id}.json"). Routes
 * are tried in order; the first whose method and pattern match wins. A path that matches a
 * pattern under another method answers 405 with Allow.
 */
#include "http/handlers.h"
#include "http/http_internal.h"
#include "http/pages.h"
#include "http/pages_account.h"

#include <string.h>

const srv_route srv_routes[] = {
    {"GET", "/healthz", h_healthz, 0},

    /* hosted documents (docs/server.md) */
    {"GET", "/credentials/{id}.json", h_credential_download_json, 0},
    {"GET", "/credentials/{id}.png", h_credential_png, 0},
    {"GET", "/credentials/{id}.svg", h_credential_svg, 0},
    {"GET", "/credentials/{id}.jwt", h_credential_jwt, 0},
    {"GET", "/credentials/{id}", h_credential, 0},
    {"GET", "/issuers/{slug}", h_issuer, 0},
    {"GET", "/issuers/{slug}/did.json", h_issuer_did, 0},
    {"GET", "/issuers/{slug}/keys/{which}", h_issuer_key, 0},
    {"GET", "/issuers/{slug}/status/{list}", h_status_list, 0},
    {"GET", "/achievements/{id}", h_achievement, 0},
    {"GET", "/achievements/{id}/image", h_achievement_image, 0},
    {"GET", "/claim/{token}", h_claim, 0},
    {"GET", "/static/{name}.css", h_static_css, 0},
    {"GET", "/static/{name}.svg", h_static_svg, 0},
    {"GET", "/static/{name}.js", h_static_js, 0},

    /* public and earner pages (docs/web-earner.md); "" is the root path "/" */
    {"GET", "", h_page_home, 0},
    {"GET", "/issuers", h_page_issuers, 0},
    {"GET", "/badges", h_page_badges, 0},
    {"GET", "/verify", h_page_verify, 0},
    {"POST", "/verify", h_page_verify_post, SRV_BODY_FORM},
    {"POST", "/claim/{token}", h_page_claim_post, SRV_BODY_FORM},
    {"GET", "/backpack", h_page_backpack, 0},
    {"POST", "/backpack/import", h_page_backpack_import, SRV_BODY_FORM},
    {"POST", "/backpack/{id}/visibility", h_page_backpack_visibility, SRV_BODY_FORM},
    {"GET", "/backpack/{id}/download", h_page_backpack_download, 0},
    {"GET", "/share/{id}", h_page_share, 0},

    /* accounts and issuer pages (docs/web-accounts.md) */
    {"GET", "/signup", h_web_signup, 0},
    {"POST", "/signup", h_web_signup_post, SRV_BODY_FORM},
    {"GET", "/confirm/{token}", h_web_confirm, 0},
    {"POST", "/confirm", h_web_confirm_resend, SRV_BODY_FORM},
    {"GET", "/login", h_web_login, 0},
    {"POST", "/login", h_web_login_post, SRV_BODY_FORM},
    {"POST", "/logout", h_web_logout, SRV_BODY_FORM},
    {"GET", "/reset", h_web_reset, 0},
    {"POST", "/reset", h_web_reset_post, SRV_BODY_FORM},
    {"GET", "/reset/{token}", h_web_reset_token, 0},
    {"POST", "/reset/{token}", h_web_reset_token_post, SRV_BODY_FORM},
    {"GET", "/account", h_web_account, 0},
    {"POST", "/account", h_web_account_post, SRV_BODY_FORM},
    {"GET", "/dashboard", h_web_dashboard, 0},
    {"GET", "/dashboard/preview.svg", h_web_badge_preview, 0},
    {"GET", "/dashboard/issuers/new", h_web_issuer_new, 0},
    {"POST", "/dashboard/issuers", h_web_issuer_create, SRV_BODY_FORM},
    {"GET", "/dashboard/issuers/{slug}", h_web_issuer, 0},
    {"POST", "/dashboard/issuers/{slug}/profile", h_web_issuer_profile, SRV_BODY_FORM},
    {"POST", "/dashboard/issuers/{slug}/members", h_web_issuer_members, SRV_BODY_FORM},
    {"GET", "/dashboard/issuers/{slug}/awards", h_web_awards, 0},
    {"GET", "/dashboard/issuers/{slug}/badges/new", h_web_badge_new, 0},
    {"POST", "/dashboard/issuers/{slug}/badges", h_web_badge_create, SRV_BODY_FORM},
    {"GET", "/dashboard/badges/{id}", h_web_badge_edit, 0},
    {"POST", "/dashboard/badges/{id}", h_web_badge_update, SRV_BODY_FORM},
    {"GET", "/dashboard/badges/{id}/award", h_web_award_form, 0},
    {"POST", "/dashboard/badges/{id}/award", h_web_award, SRV_BODY_FORM},
    {"GET", "/dashboard/badges/{id}/csv", h_web_csv_form, 0},
    {"POST", "/dashboard/badges/{id}/csv", h_web_csv, SRV_BODY_FORM},
    {"GET", "/dashboard/jobs/{id}", h_web_job, 0},
    {"GET", "/dashboard/credentials/{id}/revoke", h_web_revoke_form, 0},
    {"POST", "/dashboard/credentials/{id}/revoke", h_web_revoke, SRV_BODY_FORM},

    /* JSON API (docs/api.md) */
    {"POST", "/api/v1/issuers", h_api_issuer_create, SRV_AUTH | SRV_BODY_JSON},
    {"GET", "/api/v1/issuers/{slug}", h_api_issuer_get, SRV_AUTH},
    {"POST", "/api/v1/issuers/{slug}/achievements", h_api_achievement_create,
     SRV_AUTH | SRV_BODY_JSON},
    {"POST", "/api/v1/achievements/{id}/awards", h_api_award, SRV_AUTH | SRV_BODY_JSON},
    {"POST", "/api/v1/achievements/{id}/awards.csv", h_api_award_csv, SRV_AUTH | SRV_BODY_CSV},
    {"GET", "/api/v1/jobs/{id}", h_api_job, SRV_AUTH},
    {"GET", "/api/v1/credentials", h_api_credential_list, SRV_AUTH},
    {"GET", "/api/v1/credentials/{id}", h_api_credential_get, SRV_AUTH},
    {"POST", "/api/v1/credentials/{id}/revoke", h_api_revoke, SRV_AUTH | SRV_BODY_JSON},
    {"POST", "/api/v1/verify", h_api_verify, SRV_BODY_ANY},
};

const size_t srv_nroutes = sizeof srv_routes / sizeof srv_routes[0];

static bool param_ok(const char *s, size_t n)
{
    if (n == 0 || n > SRV_MAX_PARAM)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return true;
}

bool srv_pattern_match(const char *pattern, const srv_path *p, const char **params, size_t *n)
{
    const char *s = pattern;
    size_t k = 0;
    *n = 0;
    while (*s == '/') {
        const char *e = strchr(s + 1, '/');
        size_t plen = e ? (size_t)(e - s - 1) : strlen(s + 1);
        const char *pat = s + 1;
        if (k == p->nseg)
            return false;
        const char *seg = p->seg[k];
        size_t slen = strlen(seg);
        if (plen > 0 && pat[0] == '{') {
            const char *close = memchr(pat, '}', plen);
            if (!close || *n == SRV_MAX_PARAMS)
                return false;
            const char *suffix = close + 1;
            size_t sufl = plen - (size_t)(suffix - pat);
            if (slen <= sufl || memcmp(seg + slen - sufl, suffix, sufl) != 0)
                return false;
            if (!param_ok(seg, slen - sufl))
                return false;
            params[(*n)++] = seg; /* the caller cuts the suffix (srv_route_find) */
        } else if (slen != plen || memcmp(seg, pat, plen) != 0) {
            return false;
        }
        k++;
        s = pat + plen;
    }
    return k == p->nseg;
}

/* The suffix of the i-th {param} of pattern ("" when none). */
static size_t suffix_len(const char *pattern, size_t i)
{
    const char *s = pattern;
    while ((s = strchr(s, '{'))) {
        const char *close = strchr(s, '}');
        const char *e = strchr(close, '/');
        size_t n = e ? (size_t)(e - close - 1) : strlen(close + 1);
        if (i-- == 0)
            return n;
        s = close;
    }
    return 0;
}

const srv_route *srv_route_find(const char *method, const srv_path *p, const char **params,
                                size_t *nparams, bool *path_known, char *allow, size_t allow_cap)
{
    const srv_route *found = NULL;
    size_t alen = 0;
    *path_known = false;
    if (allow_cap)
        allow[0] = '\0';
    for (size_t i = 0; i < srv_nroutes && !found; i++) {
        const char *tmp[SRV_MAX_PARAMS];
        size_t nt = 0;
        if (!srv_pattern_match(srv_routes[i].pattern, p, tmp, &nt))
            continue;
        if (strcmp(srv_routes[i].method, method) == 0) {
            found = &srv_routes[i];
            memcpy(params, tmp, nt * sizeof *tmp);
            *nparams = nt;
            break;
        }
        *path_known = true;
        size_t ml = strlen(srv_routes[i].method);
        if (!strstr(allow, srv_routes[i].method) && alen + ml + 3 < allow_cap) {
            if (alen) {
                memcpy(allow + alen, ", ", 2);
                alen += 2;
            }
            memcpy(allow + alen, srv_routes[i].method, ml + 1);
            alen += ml;
        }
    }
    /* HEAD is served wherever GET is (MHD sends the headers only) */
    if (!found && strstr(allow, "GET") && alen + 7 < allow_cap)
        memcpy(allow + alen, ", HEAD", 7);
    if (found) {
        *path_known = true;
        for (size_t i = 0; i < *nparams; i++) {
            size_t sl = suffix_len(found->pattern, i);
            if (sl) {
                /* params point into the segments, which this request owns (arena) */
                char *v = (char *)params[i];
                v[strlen(v) - sl] = '\0';
            }
        }
    }
    return found;
}
