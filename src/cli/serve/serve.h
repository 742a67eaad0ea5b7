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

/* The search page (page.html), NUL-terminated. */
extern const char serve_page[];

/* Completions for search-as-you-type, from the index's headings, article
 * titles and words (suggest.c). */
typedef struct suggester suggester;

int suggester_new(suggester **out, const smp_index *ix, smp_error *err);
void suggester_free(suggester *sg);
/* Writes {"query", "suggestions": [{"text", "kind", "passages"}...],
 * "words": [...]} for the typed text q, at most k suggestions. */
void suggester_json(const suggester *sg, const char *q, uint32_t k, FILE *f);
/* Writes {"starters": [{"text", "articles"}...]}: at most k of the index's
 * question headings to start from, those most articles ask first, no two
 * of one kind (first two words, "how long"). */
void suggester_starters_json(const suggester *sg, uint32_t k, FILE *f);

#endif
