/*
 * collect.h - test helper: a passage callback that keeps copies of what it
 * is given, for the reader and segmenter suites.
 */
#ifndef SMP_TEST_COLLECT_H
#define SMP_TEST_COLLECT_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "answer/answer.h"
#include "indexer/indexer.h"

typedef struct rec {
    char *article_id, *title, *path, *heading, *text;
    char *fragment;                 /* "" when none */
    char *url, *date, *description; /* the article info; "" without */
    char *tags, *categories, *language;
    size_t text_len;
    uint32_t ordinal, line;
    uint64_t byte_start, byte_end;
} rec;

typedef struct coll {
    rec r[64];
    size_t n;
    size_t stop_at; /* return stop_rc from this emit on (1-based); 0 = never */
    int stop_rc;
    char notices[8][128];
    size_t nnotices;
} coll;

static char *dup_n(const char *s, size_t n) {
    char *p = malloc(n + 1);
    ck_assert_ptr_nonnull(p);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

static int collect(void *ud, const smp_passage *p) {
    coll *c = ud;
    ck_assert_uint_lt(c->n, sizeof c->r / sizeof c->r[0]);
    rec *r = &c->r[c->n++];
    r->article_id = dup_n(p->article_id, strlen(p->article_id));
    r->title = dup_n(p->title, strlen(p->title));
    r->path = dup_n(p->path, strlen(p->path));
    r->heading = dup_n(p->heading, strlen(p->heading));
    const char *frag = p->fragment ? p->fragment : "";
    r->fragment = dup_n(frag, strlen(frag));
    const smp_article_info none = {"", "", "", "", "", ""}, *in = p->info ? p->info : &none;
    r->url = dup_n(in->url, strlen(in->url));
    r->date = dup_n(in->date, strlen(in->date));
    r->description = dup_n(in->description, strlen(in->description));
    r->tags = dup_n(in->tags, strlen(in->tags));
    r->categories = dup_n(in->categories, strlen(in->categories));
    r->language = dup_n(in->language, strlen(in->language));
    r->text = dup_n(p->text, p->text_len);
    r->text_len = p->text_len;
    r->ordinal = p->ordinal;
    r->line = p->line;
    r->byte_start = p->byte_start;
    r->byte_end = p->byte_end;
    if (c->stop_at && c->n >= c->stop_at) return c->stop_rc;
    return 0;
}

static void coll_free(coll *c) {
    for (size_t i = 0; i < c->n; i++) {
        free(c->r[i].article_id);
        free(c->r[i].title);
        free(c->r[i].fragment);
        free(c->r[i].url);
        free(c->r[i].date);
        free(c->r[i].description);
        free(c->r[i].tags);
        free(c->r[i].categories);
        free(c->r[i].language);
        free(c->r[i].path);
        free(c->r[i].heading);
        free(c->r[i].text);
    }
    c->n = 0;
}

#endif
