/*
 * topics.c - questions that name no topic.  "How long does it last?" asked
 * of a clinic's articles on scalp micropigmentation, lash lifts and brows
 * has one answer per treatment, not one best passage.  The topics of an
 * index are the categories its articles give (front matter `categories`,
 * a page's `article:section`, a record's `categories`; INFO); a question
 * names a topic when one of its words, or of the words its alias groups
 * add ("smp" -> "scalp micropigmentation"), is a word of a topic's name.
 * A question that names none, over an index of two topics or more, is
 * answered per topic: the best result of each (results.c).
 */
#include <stdlib.h>
#include <string.h>

#include "answer/answer.h"

void smp_topics_free(smp_topics *t) {
    for (size_t i = 0; i < t->n; i++) free(t->names[i]);
    for (size_t i = 0; i < t->nstems; i++) free(t->stems[i]);
    free(t->names);
    free(t->stems);
    memset(t, 0, sizeof *t);
}

static int has(char *const *list, size_t n, const char *s, size_t len) {
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && !memcmp(list[i], s, len)) return 1;
    return 0;
}

static int push(char ***list, size_t *n, size_t *cap, const char *s, size_t len) {
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        char **p = realloc(*list, nc * sizeof *p);
        if (!p) return SMP_ENOMEM;
        *list = p;
        *cap = nc;
    }
    char *c = malloc(len + 1);
    if (!c) return SMP_ENOMEM;
    memcpy(c, s, len);
    c[len] = 0;
    (*list)[(*n)++] = c;
    return SMP_OK;
}

typedef struct stem_ctx {
    smp_topics *t;
    size_t cap;
} stem_ctx;

static int on_stem(void *ud, const char *term, size_t len, const smp_token *tok) {
    stem_ctx *c = ud;
    SMP_UNUSED(tok);
    if (has(c->t->stems, c->t->nstems, term, len)) return 0;
    return push(&c->t->stems, &c->t->nstems, &c->cap, term, len);
}

int smp_topics_load(smp_topics *t, const smp_index *ix, smp_stemmer *st) {
    memset(t, 0, sizeof *t);
    size_t cap = 0;
    stem_ctx sc = {t, 0};
    for (size_t s = 0; s < smp_index_nsegments(ix); s++) {
        const smp_segment *sg = smp_index_segment(ix, s)->seg;
        const uint8_t *info;
        uint64_t info_len;
        if (!smp_segment_raw_section(sg, SMP_SEC_INFO, &info, &info_len)) continue; /* none */
        uint64_t na = smp_segment_articles(sg);
        for (uint64_t a = 0; a < na; a++) {
            smp_article_info in;
            if (smp_segment_article_info(sg, (uint32_t)a, &in)) continue; /* check reports it */
            for (const char *p = in.categories, *e; *p; p = *e ? e + 1 : e) {
                e = strchr(p, '\n');
                if (!e) e = p + strlen(p);
                size_t len = (size_t)(e - p);
                if (!len || has(t->names, t->n, p, len)) continue;
                if (t->n == SMP_MAX_TOPICS) { /* a blog's many categories: no topics */
                    smp_topics_free(t);
                    return SMP_OK;
                }
                int rc = push(&t->names, &t->n, &cap, p, len);
                if (rc == SMP_OK) rc = smp_analyze(st, p, len, on_stem, &sc);
                if (rc) {
                    smp_topics_free(t);
                    return SMP_ENOMEM;
                }
            }
        }
    }
    return SMP_OK;
}

int smp_topics_named(const smp_topics *t, const smp_query *q) {
    for (size_t i = 0; i < q->n; i++) {
        const smp_qterm *x = &q->terms[i];
        if (x->filler) continue;
        if (has(t->stems, t->nstems, x->term, x->len)) return 1;
    }
    return 0;
}

const char *smp_topic_of(const smp_topics *t, const char *categories) {
    for (const char *p = categories, *e; p && *p; p = *e ? e + 1 : e) {
        e = strchr(p, '\n');
        if (!e) e = p + strlen(p);
        for (size_t i = 0; i < t->n; i++)
            if (strlen(t->names[i]) == (size_t)(e - p) && !memcmp(t->names[i], p, (size_t)(e - p)))
                return t->names[i];
    }
    return NULL;
}
