/* serve.h - the pieces of `smpsearch serve` (server.c, suggest.c, the
 * page built from page.html). */
#ifndef SMP_SERVE_H
#define SMP_SERVE_H

#include <stdint.h>
#include <stdio.h>

#include "smpsearch.h"

typedef struct serve_opts {
    unsigned max_query; /* bytes */
    unsigned max_k;
    const char *cors;     /* Access-Control-Allow-Origin, or NULL */
    const char *base_url; /* results link to base_url + article id, or NULL */
} serve_opts;

/* The search page (page.html) and the search box (widget.js),
 * NUL-terminated. */
extern const char serve_page[];
extern const char serve_widget[];

/* What `serve --title --accent --logo --page` ask for (NULL: not given). */
typedef struct branding_opts {
    const char *title, *accent, *logo, *page;
} branding_opts;

/* The page as served, made once at start (branding.c). */
typedef struct branding {
    char *page;           /* the HTML page, owned */
    size_t page_len;
    const char *csp;      /* its Content-Security-Policy */
    unsigned char *logo;  /* the --logo file's bytes, owned, or NULL */
    size_t logo_len;
    const char *logo_type; /* its media type */
} branding;

/* The page from the built-in one or the --page template, with the title,
 * accent and logo filled in, HTML-escaped.  0; -1 for a bad value (a
 * colour that is not one, a template without the placeholder); -2 for a
 * file that cannot be read; each with a message in msg.  *b is to be freed
 * with branding_free (also after an error). */
int branding_make(branding *b, const branding_opts *o, char *msg, size_t msgn);
void branding_free(branding *b);
/* 1 when s is a CSS colour this accepts: #rgb, #rgba, #rrggbb, #rrggbbaa,
 * a named colour, or rgb(), rgba(), hsl(), hsla(), hwb(), lab(), lch(),
 * oklab(), oklch() of numbers, units, commas, spaces and slashes. */
int branding_colour_ok(const char *s);

/* Completions for search-as-you-type, from the index's headings, article
 * titles and words (suggest.c). */
typedef struct suggester suggester;

int suggester_new(suggester **out, const smp_index *ix, smp_error *err);
void suggester_free(suggester *sg);
/* The folder every article's path starts with, up to and with its last
 * '/' ("/srv/site/"; "" when they share none): what the server leaves out
 * of the paths it shows.  Lives as long as sg. */
const char *suggester_root(const suggester *sg);
/* Writes {"query", "suggestions": [{"text", "kind", "passages"}...],
 * "words": [...]} for the typed text q, at most k suggestions. */
void suggester_json(const suggester *sg, const char *q, uint32_t k, FILE *f);
/* Writes {"starters": [{"text", "articles"}...]}: at most k of the index's
 * question headings to start from, those most articles ask first, no two
 * of one kind (first two words, "how long"). */
void suggester_starters_json(const suggester *sg, uint32_t k, FILE *f);

#endif
