/*
 * pages_issuer.c - the issuer pages (docs/web-accounts.md): the dashboard of a signed-in user,
 * creating an issuer, an issuer's dashboard (profile form, members and roles, badges, recent
 * awards), the badge editor with its preview (a "Preview" submit button; no JavaScript needed),
 * awarding one person or a CSV file, the bulk job's progress page (refreshed by
 * <meta http-equiv="refresh"> while it runs), the award list with search, and revocation with
 * a confirmation step. Each handler reads its form, calls one app function and renders a
 * template of web/templates/issuer/.
 */
#include "http/pages_account.h"
#include "http/web_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AWARDS_PER_PAGE  25
#define ALIGN_ROWS_MAX   20
#define ALIGN_BLANK      2
#define BADGE_FORM_VALUE (1024u * 1024u) /* the carried image (a data: URL) is one text field */

/* ---------------------------------------------------------------- helpers */

/* Load the session and require a log-in; false when a redirect was sent. */
static bool signed_in(srv_req *r, srv_session *s)
{
    srv_session_load(r, s);
    return !srv_require_login(r, s);
}

/* a b c concatenated in the arena ("" when out of memory). */
static const char *cat3(srv_req *r, const char *a, const char *b, const char *c)
{
    reco_buf *x = srv_buf(r, 8192);
    if (!x || reco_buf_puts(x, a) || reco_buf_puts(x, b ? b : "") || reco_buf_puts(x, c ? c : ""))
        return "";
    return x->data;
}

/* s percent-encoded for a query value, in the arena. */
static const char *url_encode(srv_req *r, const char *s)
{
    reco_buf *b = srv_buf(r, strlen(s) * 3 + 1);
    if (!b || reco_buf_puts(b, ""))
        return "";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '~';
        if (plain ? reco_buf_putc(b, (char)*p) : reco_buf_printf(b, "%%%02X", *p))
            return "";
    }
    return b->data;
}

/* The date of a Unix time in the page's language (arena). */
static const char *date_of(srv_req *r, const srv_session *s, int64_t sec)
{
    reco_time t = {sec, 0, true};
    reco_buf *b = srv_buf(r, 128);
    if (!b || reco_i18n_format_date(s->lang, &t, b) || !b->data)
        return "";
    return b->data;
}

/* Every item of list gets "date" from its "created_at". */
static void dates_of(srv_req *r, const srv_session *s, json_t *list)
{
    size_t i;
    json_t *it;
    json_array_foreach(list, i, it)
    {
        json_int_t t = json_integer_value(json_object_get(it, "created_at"));
        json_object_set_new(it, "date", json_string(date_of(r, s, t)));
    }
}

/* The last path segment of a URL ("<base>/api/v1/jobs/<id>" -> "<id>"). */
static const char *last_segment(const char *url)
{
    const char *p = url ? strrchr(url, '/') : NULL;
    return p ? p + 1 : (url ? url : "");
}

/* A non-negative integer query parameter, def when absent or not digits. */
static int64_t query_int(srv_req *r, const char *name, int64_t def)
{
    const char *v = web_query(r, name);
    int64_t n = 0;
    if (!v || !*v)
        return def;
    for (; *v >= '0' && *v <= '9' && n < 100000000; v++)
        n = n * 10 + (*v - '0');
    return *v ? def : n;
}

/* ---------------------------------------------------------------- dashboard */

void h_web_dashboard(srv_req *r)
{
    srv_session s;
    reco_error err = {0};
    json_t *d = NULL;
    if (!signed_in(r, &s))
        return;
    if (reco_app_web_dashboard(r->app, &s.s.user, &d, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    json_t *c = srv_page_ctx(r, &s, "Dashboard", "issuer/dashboard");
    if (c) {
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(d, "issuers"), i, it)
        {
            char key[32];
            snprintf(key, sizeof key, "role_%.20s", json_string_value(json_object_get(it, "role")));
            json_object_set_new(it, key, json_true());
        }
        json_object_set(c, "issuers", json_object_get(d, "issuers"));
        json_object_set_new(c, "confirmed", json_boolean(s.s.confirmed));
    }
    json_decref(d);
    srv_page_reply_take(r, &s, 200, c);
}

/* ---------------------------------------------------------------- issuers */

/* A profile member of v: at the top level, else inside "address" (API view, create body). */
static const char *profile_str(const json_t *v, const char *key)
{
    const char *x = json_string_value(json_object_get(v, key));
    return x ? x : json_string_value(json_object_get(json_object_get(v, "address"), key));
}

static void profile_fields(json_t *c, const srv_session *s, const json_t *v)
{
#define STR(k) profile_str(v, k)
    web_field_set(c, s, "name_field",
                  &(web_field){"name", "Name of the organisation", NULL, STR("name"), NULL,
                               "organization", true, 0});
    web_field_set(c, s, "url_field",
                  &(web_field){"url", "Web site", "url", STR("url"),
                               "An address starting with https://", "url", false, 0});
    web_field_set(c, s, "email_field",
                  &(web_field){"email", "Contact e-mail address", "email", STR("email"), NULL,
                               "email", false, 0});
    web_field_set(
        c, s, "description_field",
        &(web_field){"description", "Description", NULL, STR("description"), NULL, NULL, false, 5});
    web_field_set(c, s, "image_field",
                  &(web_field){"image", "Logo (web address of an image)", "url", STR("image"), NULL,
                               "off", false, 0});
    web_field_set(c, s, "postal_field",
                  &(web_field){"postalCode", "Postal code", NULL, STR("postalCode"), NULL,
                               "postal-code", false, 0});
    web_field_set(c, s, "locality_field",
                  &(web_field){"addressLocality", "Town", NULL, STR("addressLocality"), NULL,
                               "address-level2", false, 0});
    web_field_set(c, s, "commune_field",
                  &(web_field){"commune", "Commune code (INSEE)", NULL, STR("commune"),
                               "5 characters, for example 29019", "off", false, 0});
    web_field_set(c, s, "departement_field",
                  &(web_field){"departement", "Department code", NULL, STR("departement"),
                               "For example 29 or 2A", "off", false, 0});
    web_field_set(c, s, "region_field",
                  &(web_field){"region", "Region code (INSEE)", NULL, STR("region"),
                               "2 digits, for example 53", "off", false, 0});
#undef STR
}

/* Show an app error about a profile under its field. */
static void profile_error(json_t *c, const srv_session *s, const reco_error *err)
{
    const char *p = err->path;
    if (strstr(p, "commune"))
        web_field_error(c, s, "commune_field", "Enter the 5-character INSEE code of the commune");
    else if (strstr(p, "departement"))
        web_field_error(c, s, "departement_field", "Enter a department code like 29 or 2A");
    else if (strstr(p, "region"))
        web_field_error(c, s, "region_field", "Enter the 2-digit INSEE code of the region");
    else if (strstr(p, "postalCode") || strstr(p, "addressLocality"))
        web_field_error(c, s, strstr(p, "postalCode") ? "postal_field" : "locality_field",
                        "The text is too long");
    else if (strstr(p, "image"))
        web_field_error(c, s, "image_field",
                        "Enter a web address starting with http:// or https://");
    else if (strstr(p, "url"))
        web_field_error(c, s, "url_field", "Enter a web address starting with http:// or https://");
    else if (strstr(p, "email"))
        web_field_error(c, s, "email_field", "Enter an e-mail address like name@example.org");
    else if (strstr(p, "description"))
        web_field_error(c, s, "description_field", "The description is too long");
    else
        web_field_error(c, s, "name_field", "Enter the name of the organisation");
}

/*
 * The profile members of a form. create: as reco_app_issuer_create takes them (empty members
 * left out, the postal address in "address"); else flat, as reco_app_issuer_update takes them
 * ("" clears a member).
 */
static json_t *profile_body(const srv_form *f, bool create)
{
    static const char *const keys[] = {
        "name",    "url",         "email",  "description", "image",
        "commune", "departement", "region", "postalCode",  "addressLocality"};
    json_t *b = json_object(), *addr = json_object();
    for (size_t i = 0; b && addr && i < sizeof keys / sizeof *keys; i++) {
        const char *v = srv_form_str(f, keys[i]);
        if (create && i > 0 && !v[0])
            continue;
        json_object_set_new(create && i >= 8 ? addr : b, keys[i], json_string(v));
    }
    if (b && addr && json_object_size(addr))
        json_object_set(b, "address", addr);
    json_decref(addr);
    return b;
}

void h_web_issuer_new(srv_req *r)
{
    srv_session s;
    if (!signed_in(r, &s))
        return;
    json_t *c = srv_page_ctx(r, &s, "New issuer", "issuer/issuer_new");
    if (c)
        profile_fields(c, &s, NULL);
    srv_page_reply_take(r, &s, 200, c);
}

void h_web_issuer_create(srv_req *r)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    json_t *out = NULL, *body;
    if (!signed_in(r, &s) || !srv_form_read_checked(r, &s, &f))
        return;
    body = profile_body(&f, true);
    reco_code rc = reco_app_issuer_create(r->app, &s.s.user, body, &out, &err);
    if (rc == RECO_OK) {
        srv_redirect(r, cat3(r, "/dashboard/issuers/",
                             json_string_value(json_object_get(out, "slug")), "?created=1"));
    } else if (rc == RECO_EINVAL || rc == RECO_ESCHEMA) {
        json_t *c = srv_page_ctx(r, &s, "New issuer", "issuer/issuer_new");
        if (c) {
            profile_fields(c, &s, body);
            profile_error(c, &s, &err);
        }
        srv_page_reply_take(r, &s, 400, c);
    } else {
        srv_page_app_error(r, &s, &err);
    }
    json_decref(out);
    json_decref(body);
}

static const char *const role_values[] = {"owner", "editor", "awarder"};
static const char *const role_labels[] = {"Owner", "Editor", "Awarder"};

/* Options of a role <select>, current selected. */
static json_t *role_options(const srv_session *s, const char *current)
{
    json_t *o = json_array();
    for (size_t i = 0; o && i < 3; i++)
        json_array_append_new(o, json_pack("{s:s, s:s, s:b}", "value", role_values[i], "label",
                                           reco_i18n_text(s->lang, role_labels[i]), "selected",
                                           current && strcmp(current, role_values[i]) == 0));
    return o;
}

/* The issuer's dashboard context; ctx fields may be overridden by the caller (errors). */
static json_t *issuer_ctx(srv_req *r, const srv_session *s, const char *slug, json_t **view,
                          reco_error *err)
{
    json_t *d = NULL, *c;
    if (reco_app_web_issuer(r->app, &s->s.user, slug, &d, err))
        return NULL;
    c = srv_page_ctx(r, s, "Issuer dashboard", "issuer/issuer");
    if (c) {
        const char *k;
        json_t *v;
        json_object_foreach(d, k, v)
        {
            json_object_set(c, k, v);
        }
        json_t *members = json_object_get(c, "members");
        size_t i;
        json_array_foreach(members, i, v)
        {
            char id[32];
            snprintf(id, sizeof id, "role-%zu", i + 1);
            json_object_set_new(v, "select_id", json_string(id));
            json_object_set_new(v, "options",
                                role_options(s, json_string_value(json_object_get(v, "role"))));
        }
        dates_of(r, s, json_object_get(c, "awards"));
        profile_fields(c, s, json_object_get(d, "issuer"));
        web_field_set(c, s, "member_email_field",
                      &(web_field){"member-email", "E-mail address of the person", "email", "",
                                   "The person must have an account already", "off", true, 0});
        json_object_set_new(c, "member_role_options", role_options(s, "awarder"));
        json_object_set_new(c, "slug", json_string(slug));
    }
    *view = d;
    return c;
}

void h_web_issuer(srv_req *r)
{
    srv_session s;
    reco_error err = {0};
    json_t *d = NULL;
    if (!signed_in(r, &s))
        return;
    json_t *c = issuer_ctx(r, &s, r->param[0], &d, &err);
    if (!c && !d) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    if (c && web_query(r, "created"))
        web_flash_add(c, "success", reco_i18n_text(s.lang, "The issuer is created"));
    if (c && web_query(r, "saved"))
        web_flash_add(c, "success", reco_i18n_text(s.lang, "Your changes are saved"));
    json_decref(d);
    srv_page_reply_take(r, &s, 200, c);
}

void h_web_issuer_profile(srv_req *r)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    json_t *d = NULL, *body;
    if (!signed_in(r, &s) || !srv_form_read_checked(r, &s, &f))
        return;
    body = profile_body(&f, false);
    reco_code rc = reco_app_issuer_update(r->app, &s.s.user, r->param[0], body, NULL, &err);
    if (rc == RECO_OK) {
        srv_redirect(r, cat3(r, "/dashboard/issuers/", r->param[0], "?saved=1"));
    } else if (rc == RECO_EINVAL) {
        reco_error e2 = {0};
        json_t *c = issuer_ctx(r, &s, r->param[0], &d, &e2);
        if (c) {
            profile_fields(c, &s, body);
            profile_error(c, &s, &err);
        }
        srv_page_reply_take(r, &s, 400, c);
    } else {
        srv_page_app_error(r, &s, &err);
    }
    json_decref(d);
    json_decref(body);
}

void h_web_issuer_members(srv_req *r)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    json_t *d = NULL;
    if (!signed_in(r, &s) || !srv_form_read_checked(r, &s, &f))
        return;
    const char *role = srv_form_str(&f, "role");
    reco_role rl = strcmp(role, "owner") == 0     ? RECO_ROLE_OWNER
                   : strcmp(role, "editor") == 0  ? RECO_ROLE_EDITOR
                   : strcmp(role, "awarder") == 0 ? RECO_ROLE_AWARDER
                                                  : RECO_ROLE_NONE;
    if (srv_form_flag(&f, "remove"))
        rl = RECO_ROLE_NONE;
    reco_code rc =
        reco_app_role_set(r->app, &s.s.user, r->param[0], srv_form_str(&f, "email"), rl, &err);
    if (rc == RECO_OK) {
        srv_redirect(r, cat3(r, "/dashboard/issuers/", r->param[0], "?saved=1#members"));
    } else if (rc == RECO_ENOTFOUND || rc == RECO_EINVAL) {
        reco_error e2 = {0};
        json_t *c = issuer_ctx(r, &s, r->param[0], &d, &e2);
        if (c) {
            json_t *fld = json_object_get(c, "member_email_field");
            if (fld)
                json_object_set_new(fld, "value", json_string(srv_form_str(&f, "email")));
            web_field_error(c, &s, "member_email_field",
                            "No account uses this e-mail address: ask the person to sign up "
                            "first");
        }
        srv_page_reply_take(r, &s, c ? 400 : 404, c);
    } else {
        srv_page_app_error(r, &s, &err);
    }
    json_decref(d);
}

/* ---------------------------------------------------------------- award list */

void h_web_awards(srv_req *r)
{
    srv_session s;
    reco_error err = {0};
    json_t *list = NULL, *d = NULL;
    if (!signed_in(r, &s))
        return;
    const char *q = web_query(r, "q"), *badge = web_query(r, "badge");
    int64_t page = query_int(r, "page", 1);
    if (page < 1)
        page = 1;
    reco_page pg = {AWARDS_PER_PAGE, (page - 1) * AWARDS_PER_PAGE};
    if (reco_app_web_awards(r->app, &s.s.user, r->param[0], badge, q, &pg, &list, &err) ||
        reco_app_web_issuer(r->app, &s.s.user, r->param[0], &d, &err)) {
        json_decref(list);
        srv_page_app_error(r, &s, &err);
        return;
    }
    json_t *c = srv_page_ctx(r, &s, "Awards", "issuer/awards");
    if (c) {
        json_int_t total = json_integer_value(json_object_get(list, "total"));
        json_t *items = json_object_get(list, "items");
        dates_of(r, &s, items);
        json_object_set(c, "items", items);
        json_object_set(c, "issuer", json_object_get(d, "issuer"));
        json_object_set_new(c, "slug", json_string(r->param[0]));
        json_object_set_new(c, "q", json_string(q ? q : ""));
        json_object_set_new(c, "total", json_integer(total));
        json_t *opts = json_array();
        size_t i;
        json_t *b;
        json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", "", "label",
                                              reco_i18n_text(s.lang, "All badges"), "selected",
                                              !badge || !badge[0]));
        json_array_foreach(json_object_get(d, "badges"), i, b)
        {
            const char *id = json_string_value(json_object_get(b, "id"));
            json_array_append_new(opts, json_pack("{s:s, s:O, s:b}", "value", id, "label",
                                                  json_object_get(b, "name"), "selected",
                                                  badge && strcmp(badge, id) == 0));
        }
        json_object_set_new(c, "badge_field",
                            json_pack("{s:s, s:s, s:s, s:n, s:n, s:o}", "id", "badge", "name",
                                      "badge", "label", reco_i18n_text(s.lang, "Badge"), "hint",
                                      "error", "options", opts));
        const char *base = cat3(r, "?q=", url_encode(r, q ? q : ""),
                                cat3(r, "&badge=", url_encode(r, badge ? badge : ""), "&page="));
        char num[32];
        if (page > 1) {
            snprintf(num, sizeof num, "%lld", (long long)(page - 1));
            json_object_set_new(c, "prev_url", json_string(cat3(r, base, num, "")));
        }
        if (page * AWARDS_PER_PAGE < total) {
            snprintf(num, sizeof num, "%lld", (long long)(page + 1));
            json_object_set_new(c, "next_url", json_string(cat3(r, base, num, "")));
        }
        json_object_set_new(c, "page_no", json_integer(page));
        json_object_set_new(
            c, "pages", json_integer(total ? (total + AWARDS_PER_PAGE - 1) / AWARDS_PER_PAGE : 1));
        if (web_query(r, "revoked"))
            web_flash_add(c, "success", reco_i18n_text(s.lang, "The badge is revoked"));
    }
    json_decref(list);
    json_decref(d);
    srv_page_reply_take(r, &s, 200, c);
}

/* ---------------------------------------------------------------- badge editor */

static const char *const type_values[] = {
    "Badge",      "Achievement",      "Certificate",        "CertificateOfCompletion",
    "Competency", "Course",           "Assessment",         "Award",
    "Membership", "CommunityService", "MicroCredential",    "LearningProgram",
    "License",    "ext:Informal",     "ext:PeerRecognition"};
static const char *const type_labels[] = {"Badge",
                                          "Achievement",
                                          "Certificate",
                                          "Certificate of completion",
                                          "Competency",
                                          "Course",
                                          "Assessment",
                                          "Award",
                                          "Membership",
                                          "Community service",
                                          "Micro-credential",
                                          "Learning programme",
                                          "Licence",
                                          "Informal recognition",
                                          "Recognition by a peer"};

static json_t *type_options(const srv_session *s, const char *current)
{
    json_t *o = json_array();
    bool found = false;
    for (size_t i = 0; o && i < sizeof type_values / sizeof *type_values; i++) {
        bool sel = current && strcmp(current, type_values[i]) == 0;
        found |= sel;
        json_array_append_new(o,
                              json_pack("{s:s, s:s, s:b}", "value", type_values[i], "label",
                                        reco_i18n_text(s->lang, type_labels[i]), "selected", sel));
    }
    if (o && current && current[0] && !found) /* a type set through the API stays choosable */
        json_array_append_new(
            o, json_pack("{s:s, s:s, s:b}", "value", current, "label", current, "selected", 1));
    return o;
}

/* What the editor shows: from a stored badge (b) or a posted form (f). */
typedef struct badge_in {
    const char *name, *description, *criteria, *type, *tags, *validity, *colour, *image_mode,
        *image_data;
    json_t *aligns; /* [{framework, code, name, url}] (new reference) */
} badge_in;

static void badge_in_release(badge_in *b)
{
    json_decref(b->aligns);
}

static void badge_in_from_stored(srv_req *r, const json_t *b, badge_in *in)
{
    char num[32];
    reco_buf *tags = srv_buf(r, 64 * 1024);
    size_t i;
    json_t *t, *al;
    memset(in, 0, sizeof *in);
    in->name = json_string_value(json_object_get(b, "name"));
    in->description = json_string_value(json_object_get(b, "description"));
    in->criteria = json_string_value(json_object_get(b, "criteria"));
    in->type = json_string_value(json_object_get(b, "type"));
    json_array_foreach(json_object_get(b, "tags"), i, t)
    {
        if (tags && json_is_string(t))
            (void)reco_buf_printf(tags, "%s%s", i ? ", " : "", json_string_value(t));
    }
    in->tags = tags && tags->data ? tags->data : "";
    snprintf(num, sizeof num, "%lld",
             (long long)json_integer_value(json_object_get(b, "validity_days")));
    in->validity = strcmp(num, "0") ? reco_arena_strdup(r->arena, num) : "";
    in->image_mode = "keep";
    in->colour = "#0b57a4";
    in->aligns = json_array();
    json_array_foreach(json_object_get(b, "alignments"), i, al)
    {
        json_array_append_new(
            in->aligns, json_pack("{s:s, s:s, s:s, s:s}", "framework",
                                  json_string_value(json_object_get(al, "targetFramework"))
                                      ? json_string_value(json_object_get(al, "targetFramework"))
                                      : "",
                                  "code",
                                  json_string_value(json_object_get(al, "targetCode"))
                                      ? json_string_value(json_object_get(al, "targetCode"))
                                      : "",
                                  "name",
                                  json_string_value(json_object_get(al, "targetName"))
                                      ? json_string_value(json_object_get(al, "targetName"))
                                      : "",
                                  "url",
                                  json_string_value(json_object_get(al, "targetUrl"))
                                      ? json_string_value(json_object_get(al, "targetUrl"))
                                      : ""));
    }
}

static void badge_in_from_form(const srv_form *f, bool editing, badge_in *in)
{
    memset(in, 0, sizeof *in);
    in->name = srv_form_str(f, "name");
    in->description = srv_form_str(f, "description");
    in->criteria = srv_form_str(f, "criteria");
    in->type = srv_form_str(f, "type");
    in->tags = srv_form_str(f, "tags");
    in->validity = srv_form_str(f, "validity");
    in->colour = srv_form_str(f, "colour");
    in->image_mode = srv_form_str(f, "image_mode");
    if (!in->image_mode[0])
        in->image_mode = editing ? "keep" : "generate";
    in->image_data = srv_form_get(f, "image_data");
    in->aligns = json_array();
    size_t n = srv_form_count(f, "align_name");
    for (size_t i = 0; i < n && i < ALIGN_ROWS_MAX; i++) {
        const char *fw = srv_form_nth(f, "align_framework", i),
                   *code = srv_form_nth(f, "align_code", i), *nm = srv_form_nth(f, "align_name", i),
                   *url = srv_form_nth(f, "align_url", i);
        if ((!code || !code[0]) && (!nm || !nm[0]) && (!url || !url[0]))
            continue; /* a blank row */
        json_array_append_new(in->aligns, json_pack("{s:s, s:s, s:s, s:s}", "framework",
                                                    fw ? fw : "", "code", code ? code : "", "name",
                                                    nm ? nm : "", "url", url ? url : ""));
    }
}

/* The JSON body of the app from the editor's input (image handled by the caller). */
static json_t *badge_body(const badge_in *in, reco_error *err)
{
    json_t *b = json_pack("{s:s, s:s, s:{s:s}, s:s}", "name", in->name, "description",
                          in->description, "criteria", "narrative", in->criteria, "achievementType",
                          in->type && in->type[0] ? in->type : "Badge");
    json_t *tags = json_array(), *al = json_array();
    if (!b || !tags || !al) {
        json_decref(b);
        json_decref(tags);
        json_decref(al);
        reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    /* tags: comma separated */
    const char *p = in->tags ? in->tags : "";
    while (*p) {
        size_t n = strcspn(p, ",");
        const char *s = p, *e = p + n;
        while (s < e && (*s == ' ' || *s == '\t' || *s == '\n'))
            s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
            e--;
        if (e > s)
            json_array_append_new(tags, json_stringn(s, (size_t)(e - s)));
        p += n;
        if (*p == ',')
            p++;
    }
    size_t i;
    json_t *row;
    json_array_foreach(in->aligns, i, row)
    {
        json_t *a = json_pack("{s:O, s:O}", "targetName", json_object_get(row, "name"), "targetUrl",
                              json_object_get(row, "url"));
        const char *code = json_string_value(json_object_get(row, "code"));
        const char *fw = json_string_value(json_object_get(row, "framework"));
        if (a && code && code[0])
            json_object_set_new(a, "targetCode", json_string(code));
        if (a && fw && fw[0])
            json_object_set_new(a, "targetFramework", json_string(fw));
        if (a)
            json_array_append_new(al, a);
    }
    json_object_set_new(b, "tag", tags);
    json_object_set_new(b, "alignment", al);
    long long days = 0;
    if (in->validity && in->validity[0]) {
        char *end = NULL;
        days = strtoll(in->validity, &end, 10);
        if (!end || *end || days < 0 || days > 36500) {
            json_decref(b);
            reco_error_set(err, RECO_EINVAL, "/validityDays",
                           "the validity is a number of days from 0 to 36500");
            return NULL;
        }
    }
    json_object_set_new(b, "validityDays", json_integer(days));
    return b;
}

/* "#rrggbb" or NULL. */
static const char *colour_ok(const char *c)
{
    if (!c || strlen(c) != 7 || c[0] != '#')
        return NULL;
    for (size_t i = 1; i < 7; i++)
        if (!((c[i] >= '0' && c[i] <= '9') || (c[i] >= 'a' && c[i] <= 'f') ||
              (c[i] >= 'A' && c[i] <= 'F')))
            return NULL;
    return c;
}

/*
 * The image of the editor's form as a data: URL (arena) when one was uploaded now or carried
 * from a preview; NULL when none. false after an error (err set, RECO_EINVAL or ELIMIT).
 */
static bool uploaded_image(srv_req *r, const srv_form *f, const badge_in *in, const char **out,
                           reco_error *err)
{
    const srv_form_field *file = srv_form_file(f, "image");
    const char *mime = NULL;
    *out = NULL;
    if (!file) {
        if (in->image_data && strncmp(in->image_data, "data:image/", 11) == 0)
            *out = in->image_data;
        return true;
    }
    if (reco_app_image_check(file->value, file->len, &mime, err))
        return false;
    reco_buf *b = srv_buf(r, file->len * 2 + 64);
    if (!b || reco_buf_printf(b, "data:%s;base64,", mime) ||
        reco_base64_encode((const uint8_t *)file->value, file->len, b)) {
        reco_error_set(err, RECO_ENOMEM, NULL, "out of memory");
        return false;
    }
    *out = b->data;
    return true;
}

/* The editor's page context. */
static json_t *badge_ctx(srv_req *r, const srv_session *s, const char *title, const char *action,
                         const badge_in *in, const char *image_url, bool editing)
{
    json_t *c = srv_page_ctx(r, s, title, "issuer/badge_edit");
    if (!c)
        return NULL;
    json_object_set_new(c, "action", json_string(action));
    json_object_set_new(c, "editing", json_boolean(editing));
    web_field_set(c, s, "name_field",
                  &(web_field){"name", "Name of the badge", NULL, in->name, NULL, "off", true, 0});
    web_field_set(c, s, "description_field",
                  &(web_field){"description", "Description", NULL, in->description,
                               "What the badge recognises, in a few sentences", NULL, true, 4});
    web_field_set(c, s, "criteria_field",
                  &(web_field){"criteria", "Criteria", NULL, in->criteria,
                               "What a person must do to earn it. Markdown is accepted: it is "
                               "shown as written, line by line",
                               NULL, false, 6});
    web_field_set(
        c, s, "tags_field",
        &(web_field){"tags", "Tags", NULL, in->tags, "Separated by commas", "off", false, 0});
    web_field_set(c, s, "validity_field",
                  &(web_field){"validity", "Validity in days", "number", in->validity,
                               "Leave empty for a badge that does not expire", "off", false, 0});
    json_object_set_new(
        c, "type_field",
        json_pack("{s:s, s:s, s:s, s:s, s:n, s:o}", "id", "type", "name", "type", "label",
                  reco_i18n_text(s->lang, "Kind of recognition"), "hint",
                  reco_i18n_text(s->lang, "Informal and peer recognition are extensions "
                                          "(ext:) of Open Badges 3.0"),
                  "error", "options", type_options(s, in->type)));
    /* alignment rows: the given ones, then blank ones */
    json_t *rows = json_array();
    size_t n = json_array_size(in->aligns);
    for (size_t i = 0; rows && i < n + ALIGN_BLANK && i < ALIGN_ROWS_MAX; i++) {
        json_t *a = json_array_get(in->aligns, i);
        const char *fw = json_string_value(json_object_get(a, "framework"));
        json_t *row =
            json_pack("{s:I, s:b, s:b, s:b, s:s, s:s, s:s}", "n", (json_int_t)(i + 1), "esco",
                      fw && strcmp(fw, "ESCO") == 0, "rome", fw && strcmp(fw, "ROME") == 0, "other",
                      !fw || (strcmp(fw, "ESCO") != 0 && strcmp(fw, "ROME") != 0), "code",
                      a ? json_string_value(json_object_get(a, "code")) : "", "name",
                      a ? json_string_value(json_object_get(a, "name")) : "", "url",
                      a ? json_string_value(json_object_get(a, "url")) : "");
        if (row)
            json_array_append_new(rows, row);
    }
    json_object_set_new(c, "alignments", rows);
    const char *colour = colour_ok(in->colour) ? in->colour : "#0b57a4";
    json_object_set_new(c, "colour", json_string(colour));
    json_object_set_new(c, "mode_keep", json_boolean(strcmp(in->image_mode, "keep") == 0));
    json_object_set_new(c, "mode_upload", json_boolean(strcmp(in->image_mode, "upload") == 0));
    json_object_set_new(c, "mode_generate", json_boolean(strcmp(in->image_mode, "generate") == 0));
    json_object_set_new(c, "image_data",
                        in->image_data ? json_string(in->image_data) : json_null());
    /* the preview: the image chosen, and the texts as the badge page shows them */
    const char *src = image_url;
    if (strcmp(in->image_mode, "generate") == 0 || !src)
        src = cat3(r, "/dashboard/preview.svg?name=", url_encode(r, in->name ? in->name : ""),
                   cat3(r, "&colour=", url_encode(r, colour), ""));
    json_object_set_new(c, "preview_src", json_string(src));
    json_object_set_new(c, "preview_name", json_string(in->name ? in->name : ""));
    json_object_set_new(c, "preview_description",
                        json_string(in->description ? in->description : ""));
    json_object_set_new(c, "preview_criteria", json_string(in->criteria ? in->criteria : ""));
    return c;
}

/* Show an app error about a badge under its field. */
static void badge_error(json_t *c, const srv_session *s, const reco_error *err)
{
    const char *p = err->path;
    if (strstr(p, "image"))
        web_field_error(c, s, "image",
                        err->code == RECO_ELIMIT ? "The image is larger than 512 KB"
                                                 : "Choose a PNG or SVG image without scripts");
    else if (strstr(p, "alignment"))
        web_field_error(c, s, "align-name-1",
                        "Each alignment needs a name and a web address starting with https://");
    else if (strstr(p, "validity"))
        web_field_error(c, s, "validity_field", "Enter a number of days from 0 to 36500");
    else if (strstr(p, "description"))
        web_field_error(c, s, "description_field", "Enter a description");
    else if (strstr(p, "achievementType"))
        web_field_error(c, s, "type_field", "Choose a kind of recognition");
    else if (strstr(p, "tag"))
        web_field_error(c, s, "tags_field", "A tag is too long");
    else if (strstr(p, "criteria"))
        web_field_error(c, s, "criteria_field", "The criteria are too long");
    else
        web_field_error(c, s, "name_field", "Enter the name of the badge");
}

/*
 * The POST of the editor (create when slug, update of badge id otherwise): "Preview" renders
 * the form again with the preview; "Save" calls the app.
 */
static void badge_post(srv_req *r, const char *slug, const char *id)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    badge_in in;
    json_t *body = NULL, *out = NULL;
    const char *image = NULL;
    srv_form_limits lim = {0, 0, 0, BADGE_FORM_VALUE, 0};
    bool editing = id != NULL;
    const char *action = editing ? cat3(r, "/dashboard/badges/", id, "")
                                 : cat3(r, "/dashboard/issuers/", slug, "/badges");
    const char *title = editing ? "Edit the badge" : "New badge";
    if (!signed_in(r, &s) || !srv_form_read_checked_with(r, &s, &lim, &f))
        return;
    badge_in_from_form(&f, editing, &in);
    reco_code rc = uploaded_image(r, &f, &in, &image, &err) ? RECO_OK : err.code;
    if (!rc && image && strcmp(in.image_mode, "keep") == 0)
        in.image_mode = "upload";
    in.image_data = image;
    if (!rc && strcmp(srv_form_str(&f, "action"), "preview") == 0) {
        const char *src = image;
        if (!src && editing && strcmp(in.image_mode, "keep") == 0)
            src = cat3(r, "/achievements/", id, "/image");
        json_t *c = badge_ctx(r, &s, title, action, &in, src, editing);
        if (c)
            json_object_set_new(c, "previewing", json_true());
        srv_page_reply_take(r, &s, 200, c);
        badge_in_release(&in);
        return;
    }
    if (!rc && !(body = badge_body(&in, &err)))
        rc = err.code;
    if (!rc) {
        if (strcmp(in.image_mode, "upload") == 0 && image)
            json_object_set_new(body, "image", json_string(image));
        else if (strcmp(in.image_mode, "upload") == 0 && !editing)
            rc = reco_error_set(&err, RECO_EINVAL, "/image", "no image was chosen");
        else if (strcmp(in.image_mode, "generate") == 0)
            json_object_set_new(body, "image",
                                json_pack("{s:b, s:s}", "generate", 1, "colour",
                                          colour_ok(in.colour) ? in.colour : "#0b57a4"));
    }
    if (!rc)
        rc = editing ? reco_app_achievement_update(r->app, &s.s.user, id, body, &out, &err)
                     : reco_app_achievement_create(r->app, &s.s.user, slug, body, &out, &err);
    if (rc == RECO_OK) {
        srv_redirect(r,
                     cat3(r, "/dashboard/badges/",
                          last_segment(json_string_value(json_object_get(out, "id"))), "?saved=1"));
    } else if (rc == RECO_EINVAL || rc == RECO_ESCHEMA || rc == RECO_ELIMIT || rc == RECO_EPARSE) {
        json_t *c = badge_ctx(r, &s, title, action, &in, image, editing);
        if (c)
            badge_error(c, &s, &err);
        srv_page_reply_take(r, &s, 400, c);
    } else {
        srv_page_app_error(r, &s, &err);
    }
    json_decref(body);
    json_decref(out);
    badge_in_release(&in);
}

void h_web_badge_new(srv_req *r)
{
    srv_session s;
    reco_error err = {0};
    badge_in in = {0};
    if (!signed_in(r, &s))
        return;
    if (reco_app_require_role(r->app, &s.s.user, r->param[0], RECO_ROLE_EDITOR, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    in.name = in.description = in.criteria = in.tags = in.validity = "";
    in.type = "Badge";
    in.colour = "#0b57a4";
    in.image_mode = "generate";
    in.aligns = json_array();
    srv_page_reply_take(r, &s, 200,
                        badge_ctx(r, &s, "New badge",
                                  cat3(r, "/dashboard/issuers/", r->param[0], "/badges"), &in, NULL,
                                  false));
    badge_in_release(&in);
}

void h_web_badge_create(srv_req *r)
{
    badge_post(r, r->param[0], NULL);
}

void h_web_badge_edit(srv_req *r)
{
    srv_session s;
    reco_error err = {0};
    json_t *b = NULL;
    badge_in in;
    if (!signed_in(r, &s))
        return;
    if (reco_app_web_badge(r->app, &s.s.user, r->param[0], &b, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    badge_in_from_stored(r, b, &in);
    json_t *c = badge_ctx(r, &s, "Edit the badge", cat3(r, "/dashboard/badges/", r->param[0], ""),
                          &in, cat3(r, "/achievements/", r->param[0], "/image"), true);
    if (c) {
        json_object_set(c, "badge", b);
        json_object_set_new(c, "badge_id", json_string(r->param[0]));
        if (web_query(r, "saved"))
            web_flash_add(c, "success", reco_i18n_text(s.lang, "The badge is saved"));
    }
    srv_page_reply_take(r, &s, 200, c);
    badge_in_release(&in);
    json_decref(b);
}

void h_web_badge_update(srv_req *r)
{
    badge_post(r, NULL, r->param[0]);
}

void h_web_badge_preview(srv_req *r)
{
    srv_session s;
    reco_error err = {0};
    const char *name = web_query(r, "name"), *colour = web_query(r, "colour");
    reco_buf *out = srv_buf(r, 64 * 1024);
    if (!signed_in(r, &s))
        return;
    if (!out || reco_app_svg_generate(name && name[0] ? name : "?", colour_ok(colour), out, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    srv_header_add(r, "Cache-Control", "private, max-age=300");
    srv_header_add(r, "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    srv_reply(r, 200, "image/svg+xml", out->data, out->len);
}

/* ---------------------------------------------------------------- awards */

static json_t *award_ctx(srv_req *r, const srv_session *s, const json_t *b, const srv_form *f)
{
    json_t *c = srv_page_ctx(r, s, "Award the badge", "issuer/award");
    if (!c)
        return NULL;
    json_object_set(c, "badge", (json_t *)b);
    web_field_set(c, s, "recipient_field",
                  &(web_field){"recipient", "E-mail address or DID of the person", NULL,
                               srv_form_str(f, "recipient"),
                               "The person receives an e-mail with a link to claim the badge",
                               "off", true, 0});
    web_field_set(c, s, "name_field",
                  &(web_field){"name", "Name of the person", NULL, srv_form_str(f, "name"), NULL,
                               "off", false, 0});
    web_field_set(c, s, "narrative_field",
                  &(web_field){"narrative", "Why this person earned it", NULL,
                               srv_form_str(f, "narrative"), NULL, NULL, false, 4});
    web_field_set(c, s, "evidence_field",
                  &(web_field){"evidence", "Evidence (web address)", "url",
                               srv_form_str(f, "evidence"), "Optional: a page that shows the work",
                               "off", false, 0});
    return c;
}

void h_web_award_form(srv_req *r)
{
    srv_session s;
    reco_error err = {0};
    json_t *b = NULL;
    if (!signed_in(r, &s))
        return;
    if (reco_app_web_badge(r->app, &s.s.user, r->param[0], &b, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    srv_page_reply_take(r, &s, 200, award_ctx(r, &s, b, NULL));
    json_decref(b);
}

void h_web_award(srv_req *r)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    json_t *b = NULL, *out = NULL;
    reco_app_award_params p = {0};
    if (!signed_in(r, &s) || !srv_form_read_checked(r, &s, &f))
        return;
    if (reco_app_web_badge(r->app, &s.s.user, r->param[0], &b, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    const char *to = srv_form_str(&f, "recipient");
    while (*to == ' ')
        to++;
    if (strchr(to, '@') && strncmp(to, "did:", 4) != 0)
        p.email = to;
    else
        p.did = to;
    p.name = srv_form_get(&f, "name");
    p.narrative = srv_form_get(&f, "narrative");
    p.evidence_url = srv_form_get(&f, "evidence");
    if (p.name && !p.name[0])
        p.name = NULL;
    if (p.narrative && !p.narrative[0])
        p.narrative = NULL;
    if (p.evidence_url && !p.evidence_url[0])
        p.evidence_url = NULL;
    reco_code rc = to[0] ? reco_app_award(r->app, &s.s.user, r->param[0], &p, &out, &err)
                         : reco_error_set(&err, RECO_EINVAL, "/recipient", "no recipient");
    if (rc == RECO_OK) {
        json_t *c = srv_page_ctx(r, &s, "Badge awarded", "issuer/awarded");
        if (c) {
            json_object_set(c, "badge", b);
            json_object_set_new(c, "recipient", json_string(to));
            json_object_set(c, "credential_url", json_object_get(out, "id"));
            json_object_set(c, "claim_url", json_object_get(out, "claimUrl"));
            json_object_set_new(
                c, "credential_id",
                json_string(last_segment(json_string_value(json_object_get(out, "id")))));
            web_flash_add(c, "success", reco_i18n_text(s.lang, "The badge is awarded"));
        }
        srv_page_reply_take(r, &s, 201, c);
    } else if (rc == RECO_EINVAL || rc == RECO_ESCHEMA) {
        json_t *c = award_ctx(r, &s, b, &f);
        if (c && strstr(err.path, "evidence"))
            web_field_error(c, &s, "evidence_field",
                            "Enter a web address starting with http:// or https://");
        else if (c && strstr(err.path, "name"))
            web_field_error(c, &s, "name_field", "The name is too long");
        else if (c && strstr(err.path, "narrative"))
            web_field_error(c, &s, "narrative_field", "The text is too long");
        else if (c)
            web_field_error(c, &s, "recipient_field",
                            "Enter an e-mail address like name@example.org or a DID like "
                            "did:key:z6Mk...");
        srv_page_reply_take(r, &s, 400, c);
    } else {
        srv_page_app_error(r, &s, &err);
    }
    json_decref(b);
    json_decref(out);
}

static json_t *csv_ctx(srv_req *r, const srv_session *s, const json_t *b)
{
    json_t *c = srv_page_ctx(r, s, "Award from a CSV file", "issuer/award_csv");
    if (c)
        json_object_set(c, "badge", (json_t *)b);
    return c;
}

void h_web_csv_form(srv_req *r)
{
    srv_session s;
    reco_error err = {0};
    json_t *b = NULL;
    if (!signed_in(r, &s))
        return;
    if (reco_app_web_badge(r->app, &s.s.user, r->param[0], &b, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    srv_page_reply_take(r, &s, 200, csv_ctx(r, &s, b));
    json_decref(b);
}

void h_web_csv(srv_req *r)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    json_t *b = NULL, *job = NULL;
    if (!signed_in(r, &s) || !srv_form_read_checked(r, &s, &f))
        return;
    if (reco_app_web_badge(r->app, &s.s.user, r->param[0], &b, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    const srv_form_field *file = srv_form_file(&f, "csv");
    reco_code rc =
        file ? reco_app_bulk_submit(r->app, &s.s.user, r->param[0], file->value, file->len,
                                    srv_form_flag(&f, "all_or_nothing"), &job, &err)
             : reco_error_set(&err, RECO_EINVAL, "csv", "no file was chosen");
    if (rc == RECO_OK) {
        srv_redirect(r, cat3(r, "/dashboard/jobs/",
                             last_segment(json_string_value(json_object_get(job, "id"))), ""));
    } else if (rc == RECO_EINVAL || rc == RECO_EPARSE || rc == RECO_ELIMIT) {
        json_t *c = csv_ctx(r, &s, b);
        if (c) {
            const char *msg = !file ? "Choose a CSV file"
                              : rc == RECO_ELIMIT
                                  ? "The file has too many rows or is too large"
                                  : "The file is not a CSV file with a header row naming the "
                                    "columns name and email";
            web_field_error(c, &s, "csv", msg);
            if (file)
                json_object_set_new(c, "detail", json_string(err.msg));
        }
        srv_page_reply_take(r, &s, 400, c);
    } else {
        srv_page_app_error(r, &s, &err);
    }
    json_decref(b);
    json_decref(job);
}

/* The row errors of a bulk award the app writes in English (app_award_params_check,
 * reco_app_email_normalize), as flags the job page turns into catalogue strings with the value
 * inserted; an unknown message stays in English (marked lang="en" by the template). */
static void job_row_error(json_t *row)
{
    static const struct {
        const char *flag, *prefix, *suffix;
    } known[] = {
        {"bad_email", "'", "' is not an e-mail address (local@domain)"},
        {"bad_did", "the recipient id '", "' is not a DID"},
        {"missing_recipient", "the recipient needs an e-mail address or a DID", NULL},
        {"missing_recipient", "the recipient is missing", NULL},
        {"missing_recipient", "the e-mail address is empty", NULL},
        {"email_too_long", "the e-mail address is too long", NULL},
        {"bad_email_char", "the e-mail address holds a character not allowed", NULL},
        {"bad_evidence", "evidence is not an http or https URL", NULL},
        {"bad_evidence", "evidence is neither a URL", NULL},
        {"name_too_long", "name is too long", NULL},
        {"narrative_too_long", "narrative is too long", NULL},
    };
    const char *msg = json_string_value(json_object_get(row, "message"));
    const char *flag = NULL;
    json_t *value = json_null();
    for (size_t i = 0; msg && !flag && i < sizeof known / sizeof known[0]; i++) {
        size_t np = strlen(known[i].prefix), nm = strlen(msg);
        if (strncmp(msg, known[i].prefix, np) != 0)
            continue;
        if (!known[i].suffix) {
            flag = known[i].flag;
            continue;
        }
        size_t ns = strlen(known[i].suffix);
        if (nm >= np + ns && strcmp(msg + nm - ns, known[i].suffix) == 0) {
            flag = known[i].flag;
            json_decref(value);
            value = json_stringn(msg + np, nm - np - ns);
        }
    }
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        json_object_set_new(row, known[i].flag, json_boolean(flag && !strcmp(flag, known[i].flag)));
    json_object_set_new(row, "value", value ? value : json_null());
    json_object_set_new(row, "known_error", json_boolean(flag != NULL));
    if (!json_object_get(row, "message"))
        json_object_set_new(row, "message", json_null());
    if (!json_object_get(row, "credential"))
        json_object_set_new(row, "credential", json_null());
}

void h_web_job(srv_req *r)
{
    srv_session s;
    reco_error err = {0};
    json_t *job = NULL;
    if (!signed_in(r, &s))
        return;
    if (reco_app_job_get(r->app, &s.s.user, r->param[0], &job, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    const char *state = json_string_value(json_object_get(job, "state"));
    bool running = state && (strcmp(state, "queued") == 0 || strcmp(state, "running") == 0);
    json_t *c = srv_page_ctx(r, &s, "Awards from a CSV file", "issuer/job");
    if (c) {
        json_object_set(c, "job", job);
        json_object_set_new(c, "running", json_boolean(running));
        json_object_set_new(c, "state_queued", json_boolean(state && !strcmp(state, "queued")));
        json_object_set_new(c, "state_running", json_boolean(state && !strcmp(state, "running")));
        json_object_set_new(c, "state_done", json_boolean(state && !strcmp(state, "done")));
        json_object_set_new(c, "state_failed", json_boolean(state && !strcmp(state, "failed")));
        size_t i;
        json_t *row;
        json_array_foreach(json_object_get(job, "rows"), i, row)
        {
            const char *st = json_string_value(json_object_get(row, "status"));
            json_object_set_new(row, "ok", json_boolean(st && strcmp(st, "ok") == 0));
            job_row_error(row);
        }
        /* counts for the plural forms of the summary, written in the language */
        const char *names[][2] = {
            {"ok", "n_ok"}, {"failed", "n_failed"}, {"total", "n_total"}, {"done", "n_done"}};
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
            json_int_t n = json_integer_value(json_object_get(job, names[k][0]));
            char key[24];
            reco_buf b;
            reco_buf_init(&b, 64);
            snprintf(key, sizeof key, "%s_text", names[k][1]);
            json_object_set_new(c, names[k][1], json_integer(n));
            json_object_set_new(c, key,
                                reco_i18n_format_int(s.lang, (long long)n, &b) == RECO_OK && b.data
                                    ? json_string(b.data)
                                    : json_sprintf("%lld", (long long)n));
            reco_buf_release(&b);
        }
        /* The page reloads itself while the job runs, without JavaScript: the Refresh header
         * (a <meta http-equiv="refresh"> is flagged by axe-core as a timing trap, WCAG 2.2.1),
         * with a link to stop it. */
        bool stop = web_query(r, "stop") != NULL;
        json_object_set_new(c, "refreshing", json_boolean(running && !stop));
        if (running && !stop)
            srv_header_add(r, "Refresh", "2");
    }
    json_decref(job);
    srv_page_reply_take(r, &s, 200, c);
}

/* ---------------------------------------------------------------- revocation */

static json_t *revoke_ctx(srv_req *r, const srv_session *s, const json_t *cred)
{
    json_t *c = srv_page_ctx(r, s, "Revoke a badge", "issuer/revoke");
    if (!c)
        return NULL;
    json_object_set(c, "cred", (json_t *)cred);
    json_object_set_new(c, "credential_id", json_string(r->param[0]));
    const json_t *rec = json_object_get(cred, "recipient");
    const char *who = json_string_value(json_object_get(rec, "email"));
    json_object_set_new(c, "recipient",
                        json_string(who ? who
                                    : json_string_value(json_object_get(rec, "id"))
                                        ? json_string_value(json_object_get(rec, "id"))
                                        : ""));
    json_object_set(c, "recipient_name", json_object_get(rec, "name"));
    json_object_set(
        c, "achievement_name",
        json_object_get(json_object_get(json_object_get(json_object_get(cred, "credential"),
                                                        "credentialSubject"),
                                        "achievement"),
                        "name"));
    web_field_set(c, s, "reason_field",
                  &(web_field){"reason", "Reason", NULL, "",
                               "Kept with the record; the earner is not shown it", NULL, true, 3});
    return c;
}

void h_web_revoke_form(srv_req *r)
{
    srv_session s;
    reco_error err = {0};
    json_t *cred = NULL;
    if (!signed_in(r, &s))
        return;
    if (reco_app_credential_get(r->app, &s.s.user, r->param[0], &cred, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    srv_page_reply_take(r, &s, 200, revoke_ctx(r, &s, cred));
    json_decref(cred);
}

void h_web_revoke(srv_req *r)
{
    srv_session s;
    srv_form f;
    reco_error err = {0};
    json_t *cred = NULL;
    if (!signed_in(r, &s) || !srv_form_read_checked(r, &s, &f))
        return;
    if (reco_app_credential_get(r->app, &s.s.user, r->param[0], &cred, &err)) {
        srv_page_app_error(r, &s, &err);
        return;
    }
    const char *reason = srv_form_str(&f, "reason");
    reco_code rc = reason[0] ? reco_app_revoke(r->app, &s.s.user, r->param[0], reason, &err)
                             : reco_error_set(&err, RECO_EINVAL, "reason", "no reason");
    if (rc == RECO_OK || rc == RECO_ECONFLICT) {
        srv_redirect(r,
                     cat3(r, "/dashboard/issuers/",
                          json_string_value(json_object_get(cred, "issuer")), "/awards?revoked=1"));
    } else if (rc == RECO_EINVAL) {
        json_t *c = revoke_ctx(r, &s, cred);
        if (c)
            web_field_error(c, &s, "reason_field", "Give the reason for the revocation");
        srv_page_reply_take(r, &s, 400, c);
    } else {
        srv_page_app_error(r, &s, &err);
    }
    json_decref(cred);
}
