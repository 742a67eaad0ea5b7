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
    free(t->stem_names);
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
    uint32_t name; /* the name being read */
} stem_ctx;

static int on_stem(void *ud, const char *term, size_t len, const smp_token *tok) {
    stem_ctx *c = ud;
    smp_topics *t = c->t;
    SMP_UNUSED(tok);
    size_t k = 0;
    while (k < t->nstems && !(strlen(t->stems[k]) == len && !memcmp(t->stems[k], term, len))) k++;
    if (k == t->nstems) {
        size_t cap = c->cap;
        int rc = push(&t->stems, &t->nstems, &c->cap, term, len);
        if (rc) return rc;
        if (c->cap != cap) {
            uint16_t *m = realloc(t->stem_names, c->cap * sizeof *m);
            if (!m) return SMP_ENOMEM;
            t->stem_names = m;
        }
        t->stem_names[k] = 0;
    }
    if (!(t->stem_names[k] >> c->name & 1)) t->name_stems[c->name]++;
    t->stem_names[k] |= (uint16_t)(1u << c->name);
    return 0;
}

int smp_topics_load(smp_topics *t, const smp_index *ix, smp_stemmer *st) {
    memset(t, 0, sizeof *t);
    size_t cap = 0;
    stem_ctx sc = {t, 0, 0};
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
                sc.name = (uint32_t)t->n;
                t->name_stems[t->n] = 0;
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

void smp_topics_share(const smp_topics *t, const smp_query *q, double share[SMP_MAX_TOPICS]) {
    uint32_t hits[SMP_MAX_TOPICS] = {0};
    for (size_t k = 0; k < t->nstems; k++) {
        size_t len = strlen(t->stems[k]), i = 0;
        while (i < q->n && (q->terms[i].filler || q->terms[i].len != len ||
                            memcmp(q->terms[i].term, t->stems[k], len)))
            i++;
        if (i == q->n) continue;
        for (size_t n = 0; n < t->n; n++) hits[n] += t->stem_names[k] >> n & 1;
    }
    for (size_t n = 0; n < SMP_MAX_TOPICS; n++)
        share[n] = n < t->n && t->name_stems[n] ? (double)hits[n] / t->name_stems[n] : 0;
}

double smp_topic_share(const smp_topics *t, const double share[SMP_MAX_TOPICS],
                       const char *categories) {
    double best = 0;
    for (const char *p = categories, *e; p && *p; p = *e ? e + 1 : e) {
        e = strchr(p, '\n');
        if (!e) e = p + strlen(p);
        for (size_t i = 0; i < t->n; i++)
            if (strlen(t->names[i]) == (size_t)(e - p) &&
                !memcmp(t->names[i], p, (size_t)(e - p)) && share[i] > best)
                best = share[i];
    }
    return best;
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
