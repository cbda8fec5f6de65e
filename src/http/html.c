/*
 * html.c - the minimal HTML pages of the hosted documents (the full web pages come later).
 * Every text is escaped here; nothing from a credential, profile or achievement is written
 * raw.
 */
#include "http/http_internal.h"
#include "reco/mustache.h"

#include <string.h>

/* The same five characters as the templates escape (one escaping for every page). */
reco_code srv_html_escape(reco_buf *b, const char *s)
{
    return reco_mustache_escape(b, s, strlen(s));
}

reco_code srv_html_page(reco_buf *b, const char *title, const char *const *rows, size_t nrows,
                        const char *const *links, size_t nlinks)
{
    reco_code rc = reco_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                                    "<meta charset=\"utf-8\">\n"
                                    "<meta name=\"viewport\" content=\"width=device-width\">\n"
                                    "<title>");
    if (!rc)
        rc = srv_html_escape(b, title);
    if (!rc)
        rc = reco_buf_puts(b, "</title>\n</head>\n<body>\n<h1>");
    if (!rc)
        rc = srv_html_escape(b, title);
    if (!rc)
        rc = reco_buf_puts(b, "</h1>\n<dl>\n");
    for (size_t i = 0; i + 1 < nrows * 2 && !rc; i += 2) {
        if (!rows[i + 1])
            continue;
        rc = reco_buf_puts(b, "<dt>");
        if (!rc)
            rc = srv_html_escape(b, rows[i]);
        if (!rc)
            rc = reco_buf_puts(b, "</dt><dd>");
        if (!rc)
            rc = srv_html_escape(b, rows[i + 1]);
        if (!rc)
            rc = reco_buf_puts(b, "</dd>\n");
    }
    if (!rc)
        rc = reco_buf_puts(b, "</dl>\n<ul>\n");
    for (size_t i = 0; i + 1 < nlinks * 2 && !rc; i += 2) {
        rc = reco_buf_puts(b, "<li><a href=\"");
        if (!rc)
            rc = srv_html_escape(b, links[i + 1]);
        if (!rc)
            rc = reco_buf_puts(b, "\">");
        if (!rc)
            rc = srv_html_escape(b, links[i]);
        if (!rc)
            rc = reco_buf_puts(b, "</a></li>\n");
    }
    if (!rc)
        rc = reco_buf_puts(b, "</ul>\n</body>\n</html>\n");
    return rc;
}
