/*
 * demo.c - demonstration data: a small territorial recognition ecosystem (a region, the
 * "Badgeons" collective, a mission locale, an association, a company), each with badges
 * (formal, informal and peer kinds; aligned to ROME and ESCO), awards to fictitious earners and
 * an admin user. Every name, address and person here is fictitious; the ROME codes are real
 * codes of the French job directory, chosen to illustrate alignment.
 *
 * Idempotent: when the demo admin exists, nothing is added.
 */
#include "app_internal.h"

#include <stdio.h>
#include <string.h>

#define DEMO_ADMIN "admin@demo.reco.example"

typedef struct demo_badge {
    const char *issuer; /* index name in issuers[] */
    const char *json;   /* Achievement body */
} demo_badge;

typedef struct demo_award {
    size_t badge;
    const char *email;
    const char *did;
    const char *name;
    const char *narrative;
} demo_award;

static const char *const issuers[] = {
    "{\"name\": \"Région Val-de-Brume\", \"url\": \"https://region-val-de-brume.example\","
    " \"email\": \"recon@region-val-de-brume.example\","
    " \"description\": \"Collectivité régionale (fictive) : formation, orientation, emploi.\","
    " \"address\": {\"addressLocality\": \"Brume-la-Ville\", \"postalCode\": \"99100\","
    " \"addressCountry\": \"France\", \"addressCountryCode\": \"FR\"}, \"region\": \"99\"}",

    "{\"name\": \"Collectif Badgeons Val-de-Brume\", \"url\": \"https://badgeons.example\","
    " \"email\": \"bonjour@badgeons.example\","
    " \"description\": \"Collectif territorial (fictif) qui anime la reconnaissance ouverte.\","
    " \"address\": {\"addressLocality\": \"Brume-la-Ville\", \"addressCountryCode\": \"FR\"},"
    " \"departement\": \"99\", \"region\": \"99\"}",

    "{\"name\": \"Mission locale des Trois Rivières\","
    " \"url\": \"https://ml-trois-rivieres.example\","
    " \"email\": \"contact@ml-trois-rivieres.example\","
    " \"description\": \"Accompagnement des 16-25 ans (structure fictive).\","
    " \"address\": {\"addressLocality\": \"Saint-Aubin-des-Rivières\","
    " \"postalCode\": \"99200\", \"addressCountryCode\": \"FR\"},"
    " \"commune\": \"99201\", \"departement\": \"99\", \"region\": \"99\"}",

    "{\"name\": \"Association Les Jardins du Ruisseau\","
    " \"url\": \"https://jardins-ruisseau.example\","
    " \"description\": \"Jardins partagés et chantiers bénévoles (association fictive).\","
    " \"address\": {\"addressLocality\": \"Le Ruisseau\", \"addressCountryCode\": \"FR\"},"
    " \"commune\": \"99305\", \"departement\": \"99\", \"region\": \"99\"}",

    "{\"name\": \"Atelier Bois & Compagnie\", \"url\": \"https://atelier-bois.example\","
    " \"email\": \"rh@atelier-bois.example\","
    " \"description\": \"Menuiserie artisanale (entreprise fictive), 12 salariés.\","
    " \"address\": {\"addressLocality\": \"Brume-la-Ville\", \"addressCountryCode\": \"FR\"},"
    " \"commune\": \"99101\", \"departement\": \"99\", \"region\": \"99\"}",
};

#define ROME(code, label)                                                                          \
    "{\"targetName\": \"" label "\", \"targetCode\": \"" code "\", \"targetFramework\": "          \
    "\"ROME\", \"targetUrl\": \"https://candidat.francetravail.fr/metierscope/fiche-metier/" code  \
    "\"}"

static const demo_badge badges[] = {
    {"0", "{\"name\": \"Parcours Avenir Jeunes\","
          " \"description\": \"A suivi le parcours régional d'orientation et de découverte des "
          "métiers.\", \"criteria\": {\"narrative\": \"- 3 immersions en entreprise\\n- un "
          "projet professionnel présenté au jury\"}, \"achievementType\": \"LearningProgram\","
          " \"tag\": [\"orientation\", \"jeunes\"], \"validityDays\": 1095,"
          " \"image\": {\"generate\": true, \"colour\": \"#0969da\"}}"},
    {"1", "{\"name\": \"Reconnu·e par ses pairs\","
          " \"description\": \"Reconnaissance entre pairs : une personne du collectif "
          "témoigne d'une contribution.\", \"criteria\": {\"narrative\": \"Un témoignage "
          "écrit par un membre du collectif.\"}, \"achievementType\": \"ext:PeerRecognition\","
          " \"tag\": [\"pairs\", \"informel\"], \"image\": {\"generate\": true, \"colour\": "
          "\"#8250df\"}}"},
    {"1", "{\"name\": \"Membre du collectif Badgeons\","
          " \"description\": \"Membre actif du collectif territorial.\","
          " \"criteria\": {\"narrative\": \"Participer à au moins deux rencontres par an.\"},"
          " \"achievementType\": \"Membership\", \"validityDays\": 365}"},
    {"2", "{\"name\": \"Accueillir et renseigner un public\","
          " \"description\": \"Sait accueillir, écouter et orienter les personnes.\","
          " \"criteria\": {\"narrative\": \"Observation en situation pendant une permanence "
          "d'accueil.\"}, \"achievementType\": \"Competency\", \"alignment\": [" ROME(
              "M1601", "Accueil et renseignements") "]}"},
    {"2", "{\"name\": \"Savoir-être en équipe\","
          " \"description\": \"Reconnaissance informelle des savoir-être mis en œuvre dans un "
          "projet collectif.\", \"criteria\": {\"narrative\": \"Attesté par le conseiller ou la "
          "conseillère.\"}, \"achievementType\": \"ext:Informal\", \"tag\": [\"soft skills\"]}"},
    {"3", "{\"name\": \"Jardinier·e bénévole\","
          " \"description\": \"A contribué à l'entretien des jardins partagés.\","
          " \"criteria\": {\"narrative\": \"20 heures de chantier bénévole.\"},"
          " \"achievementType\": \"ext:Volunteering\", \"alignment\": [" ROME(
              "A1203", "Aménagement et entretien des espaces verts") "]}"},
    {"4",
     "{\"name\": \"Initiation à la menuiserie\","
     " \"description\": \"Connaît les gestes de base : mesurer, tracer, débiter, "
     "assembler.\", \"criteria\": {\"narrative\": \"Réalisation d'un tabouret en atelier, "
     "évaluée par un compagnon.\"}, \"achievementType\": \"Competency\", \"alignment\": "
     "[" ROME(
         "H2206",
         "Réalisation de menuiserie bois et tableterie") ","
                                                         " {\"targetName\": \"menuisier / "
                                                         "menuisière\", \"targetFramework\": "
                                                         "\"ESCO\","
                                                         " \"targetCode\": \"7522\", "
                                                         "\"targetUrl\": "
                                                         "\"https://esco.ec.europa.eu/fr/"
                                                         "classification/occupation_main\"}]}"},
};

static const demo_award awards[] = {
    {0, "lea.martin@example.org", NULL, "Léa Martin", "Parcours complet, projet présenté."},
    {0, "yanis.b@example.org", NULL, "Yanis B.", NULL},
    {1, "lea.martin@example.org", NULL, "Léa Martin",
     "A animé l'atelier d'accueil des "
     "nouveaux membres."},
    {2, "sam.durand@example.org", NULL, "Sam Durand", NULL},
    {3, "yanis.b@example.org", NULL, "Yanis B.", "Permanence du mardi, trois mois."},
    {4, NULL, "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "Noa", NULL},
    {5, "sam.durand@example.org", NULL, "Sam Durand", "Chantier de printemps."},
    {6, "lea.martin@example.org", NULL, "Léa Martin", "Tabouret réalisé en deux séances."},
};

static reco_code count_all(reco_app *app, reco_app_demo_result *out, reco_error *err)
{
    json_t *list = NULL;
    reco_app_user admin;
    reco_page pg = {.limit = 1000};
    reco_code rc = reco_app_issuer_list(app, &pg, &list, err);
    if (!rc)
        out->issuers = json_array_size(json_object_get(list, "items"));
    json_decref(list);
    list = NULL;
    if (!rc)
        rc = reco_app_achievement_list(app, NULL, &pg, &list, err);
    if (!rc)
        out->achievements = json_array_size(json_object_get(list, "items"));
    json_decref(list);
    list = NULL;
    if (!rc)
        rc = reco_app_user_by_email(app, DEMO_ADMIN, &admin, err);
    if (!rc)
        rc = reco_app_credential_list(app, &admin, NULL, NULL, &pg, &list, err);
    if (!rc)
        out->credentials = (size_t)json_integer_value(json_object_get(list, "total"));
    json_decref(list);
    return rc;
}

reco_code reco_app_demo(reco_app *app, reco_app_demo_result *out, reco_error *err)
{
    reco_code rc;
    reco_app_user admin;
    uint8_t raw[12];
    reco_buf pw, tok;
    char slugs[sizeof issuers / sizeof *issuers][80];
    char achs[sizeof badges / sizeof *badges][64];
    memset(out, 0, sizeof *out);
    snprintf(out->email, sizeof out->email, "%s", DEMO_ADMIN);
    reco_buf_init(&pw, 64);
    reco_buf_init(&tok, 96);
    rc = reco_app_user_by_email(app, DEMO_ADMIN, &admin, err);
    if (rc == RECO_OK) {
        rc = count_all(app, out, err);
        goto out;
    }
    if (rc != RECO_ENOTFOUND)
        goto out;
    reco_error_clear(err);
    out->created = true;
    if ((rc = reco_random(raw, sizeof raw, err)) ||
        (rc = reco_base58btc_encode(raw, sizeof raw, &pw)))
        goto out;
    snprintf(out->password, sizeof out->password, "%s", pw.data);
    if ((rc = reco_app_user_add(app, DEMO_ADMIN, pw.data, true, &admin, err)))
        goto out;
    if ((rc = reco_app_token_add(app, &admin, "demo", 0, &tok, NULL, err)))
        goto out;
    snprintf(out->token, sizeof out->token, "%s", tok.data);
    for (size_t i = 0; i < sizeof issuers / sizeof *issuers; i++) {
        json_t *body = json_loads(issuers[i], 0, NULL), *iss = NULL;
        if (!body) {
            rc = reco_error_set(err, RECO_EINVAL, NULL, "demo issuer %zu is not JSON", i);
            goto out;
        }
        rc = reco_app_issuer_create(app, &admin, body, &iss, err);
        json_decref(body);
        if (rc)
            goto out;
        snprintf(slugs[i], sizeof slugs[i], "%s", json_string_value(json_object_get(iss, "slug")));
        json_decref(iss);
    }
    for (size_t i = 0; i < sizeof badges / sizeof *badges; i++) {
        json_t *body = json_loads(badges[i].json, 0, NULL), *ach = NULL;
        size_t who = (size_t)(badges[i].issuer[0] - '0');
        if (!body) {
            rc = reco_error_set(err, RECO_EINVAL, NULL, "demo badge %zu is not JSON", i);
            goto out;
        }
        rc = reco_app_achievement_create(app, &admin, slugs[who], body, &ach, err);
        json_decref(body);
        if (rc)
            goto out;
        const char *id = json_string_value(json_object_get(ach, "id"));
        snprintf(achs[i], sizeof achs[i], "%s", strrchr(id, '/') + 1);
        json_decref(ach);
    }
    for (size_t i = 0; i < sizeof awards / sizeof *awards; i++) {
        reco_app_award_params p = {0};
        json_t *res = NULL;
        p.email = awards[i].email;
        p.did = awards[i].did;
        p.name = awards[i].name;
        p.narrative = awards[i].narrative;
        p.no_email = true;
        if ((rc = reco_app_award(app, &admin, achs[awards[i].badge], &p, &res, err)))
            goto out;
        json_decref(res);
    }
    rc = count_all(app, out, err);
out:
    reco_wipe(pw.data, pw.len);
    reco_wipe(tok.data, tok.len);
    reco_buf_release(&pw);
    reco_buf_release(&tok);
    return rc;
}
