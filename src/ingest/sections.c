/*
 * sections.c - the sections a reader collects from one file (a heading,
 * its plain text, and anchors from text offsets back to the source),
 * handed to the passage splitter once the file is read.  The Markdown and
 * HTML readers both collect through here.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"

void smp_sections_init(smp_article_sections *s) {
    memset(s, 0, sizeof *s);
    smp_buf_init(&s->text);
    smp_buf_init(&s->headings);
    smp_buf_init(&s->fragments);
}

void smp_sections_free(smp_article_sections *s) {
    smp_buf_free(&s->text);
    smp_buf_free(&s->headings);
    smp_buf_free(&s->fragments);
    free(s->anchors);
    free(s->secs);
    memset(s, 0, sizeof *s);
}

int smp_sections_anchor(smp_article_sections *s, uint64_t src_off) {
    smp_article_section *sec = smp_sections_cur(s);
    size_t off = s->text.n - sec->text_off;
    if (sec->nanchors && s->anchors[s->nanchors - 1].text_off == off) {
        s->anchors[s->nanchors - 1].src_off = src_off;
        return SMP_OK;
    }
    if (s->nanchors == s->aanchors) {
        size_t na = s->aanchors ? s->aanchors * 2 : 64;
        if (na > SIZE_MAX / sizeof *s->anchors) return SMP_ENOMEM;
        smp_anchor *p = realloc(s->anchors, na * sizeof *p);
        if (!p) return SMP_ENOMEM;
        s->anchors = p;
        s->aanchors = na;
    }
    s->anchors[s->nanchors].text_off = off;
    s->anchors[s->nanchors].src_off = src_off;
    s->nanchors++;
    sec->nanchors++;
    return SMP_OK;
}

smp_article_section *smp_sections_open(smp_article_sections *s) {
    if (s->nsecs) {
        smp_article_section *sec = smp_sections_cur(s);
        sec->text_len = s->text.n - sec->text_off;
    }
    if (s->nsecs == s->asecs) {
        size_t na = s->asecs ? s->asecs * 2 : 16;
        if (na > SIZE_MAX / sizeof *s->secs) return NULL;
        smp_article_section *p = realloc(s->secs, na * sizeof *p);
        if (!p) return NULL;
        s->secs = p;
        s->asecs = na;
    }
    smp_article_section *sec = &s->secs[s->nsecs++];
    memset(sec, 0, sizeof *sec);
    sec->heading_off = s->headings.n;
    sec->text_off = s->text.n;
    sec->anchor_first = s->nanchors;
    return sec;
}

int smp_sections_fragment(smp_article_sections *s, const char *frag, size_t len) {
    smp_article_section *sec = smp_sections_cur(s);
    sec->fragment_off = s->fragments.n;
    sec->fragment_len = len;
    smp_buf_append(&s->fragments, frag, len);
    return s->fragments.rc ? SMP_ENOMEM : SMP_OK;
}

int smp_sections_feed(const smp_article_sections *s, smp_ingest_ctx *cx, const char *id,
                      const char *title, const char *src, size_t src_len) {
    smp_segmenter *sg = NULL;
    int rc = smp_segmenter_new(&sg, cx, id, title, src, src_len);
    for (size_t i = 0; rc == SMP_OK && i < s->nsecs; i++) {
        const smp_article_section *sec = &s->secs[i];
        if (sec->drop_if_empty && sec->text_len == 0) continue;
        const char *h = sec->heading_len ? (const char *)s->headings.p + sec->heading_off : "";
        const char *t = sec->text_len ? (const char *)s->text.p + sec->text_off : "";
        const char *f = sec->fragment_len ? (const char *)s->fragments.p + sec->fragment_off : "";
        rc = smp_segmenter_add(sg, h, sec->heading_len, f, sec->fragment_len, t, sec->text_len,
                               s->anchors + sec->anchor_first, sec->nanchors);
    }
    if (rc == SMP_OK) rc = smp_segmenter_finish(sg);
    smp_segmenter_free(sg);
    return rc;
}
