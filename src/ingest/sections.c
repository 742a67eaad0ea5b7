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
        const smp_anchor *a = sec->nanchors ? s->anchors + sec->anchor_first : NULL;
        rc = smp_segmenter_add(sg, h, sec->heading_len, f, sec->fragment_len, t, sec->text_len, a,
                               sec->nanchors);
    }
    if (rc == SMP_OK) rc = smp_segmenter_finish(sg);
    smp_segmenter_free(sg);
    return rc;
}

/* The source offset of text offset off of a section (its anchors a[0..n)),
 * as the segmenter maps it. */
static uint64_t sx_map(const smp_anchor *a, size_t n, size_t off) {
    size_t i = 0;
    while (i + 1 < n && a[i + 1].text_off <= off) i++;
    if (!n) return 0;
    return a[i].text_off <= off ? a[i].src_off + (off - a[i].text_off) : a[i].src_off;
}

int smp_sections_drop_lines(smp_article_sections *s,
                            bool (*drop)(void *ud, const char *line, size_t n), void *ud) {
    smp_buf text;
    smp_buf_init(&text);
    smp_anchor *anchors = NULL;
    size_t nanchors = 0, aanchors = 0, dropped = 0;
    int rc = SMP_OK;
    smp_article_section *secs = malloc((s->nsecs ? s->nsecs : 1) * sizeof *secs);
    if (!secs) return SMP_ENOMEM;
    for (size_t i = 0; i < s->nsecs && rc == SMP_OK; i++) {
        smp_article_section *sec = &secs[i];
        *sec = s->secs[i];
        const char *t = s->secs[i].text_len ? (const char *)s->text.p + s->secs[i].text_off : "";
        size_t tn = s->secs[i].text_len;
        const smp_anchor *a = s->secs[i].nanchors ? s->anchors + s->secs[i].anchor_first : NULL;
        size_t na = s->secs[i].nanchors, ai = 0;
        sec->text_off = text.n;
        sec->anchor_first = nanchors;
        sec->nanchors = 0;
        bool gap = false; /* a line left out since the last one kept */
        for (size_t from = 0; from < tn || (from == 0 && tn == 0);) {
            const char *nl = memchr(t + from, '\n', tn - from);
            size_t to = nl ? (size_t)(nl - t) : tn;
            bool keep = to == from || !drop(ud, t + from, to - from);
            if (!keep) {
                dropped++;
                gap = true;
            } else {
                if (text.n > sec->text_off) smp_buf_putc(&text, '\n');
                size_t base = text.n - sec->text_off; /* the line in the new text */
                /* the anchors of the line (and of the '\n' before it) */
                while (ai < na && a[ai].text_off < from) ai++;
                bool own = ai < na && a[ai].text_off == from;
                size_t need = (to - from) + 2;
                if (nanchors + need > aanchors) {
                    size_t nc = aanchors ? aanchors : 64;
                    while (nc < nanchors + need) nc *= 2;
                    smp_anchor *p = realloc(anchors, nc * sizeof *p);
                    if (!p) {
                        rc = SMP_ENOMEM;
                        break;
                    }
                    anchors = p;
                    aanchors = nc;
                }
                if ((gap || (base == 0 && from > 0)) && !own) {
                    anchors[nanchors++] = (smp_anchor){base, sx_map(a, na, from)};
                    sec->nanchors++;
                }
                for (; ai < na && a[ai].text_off <= to; ai++) {
                    if (a[ai].text_off == to && nl) break; /* the next line's */
                    anchors[nanchors++] = (smp_anchor){base + (a[ai].text_off - from),
                                                       a[ai].src_off};
                    sec->nanchors++;
                }
                smp_buf_append(&text, t + from, to - from);
                gap = false;
            }
            if (!nl) break;
            from = to + 1;
        }
        sec->text_len = text.n - sec->text_off;
    }
    if (text.rc) rc = SMP_ENOMEM;
    if (rc == SMP_OK && dropped) {
        smp_buf_free(&s->text);
        s->text = text;
        free(s->anchors);
        s->anchors = anchors;
        s->nanchors = nanchors;
        s->aanchors = aanchors;
        free(s->secs);
        s->secs = secs;
        s->asecs = s->nsecs ? s->nsecs : 1;
        return SMP_OK;
    }
    smp_buf_free(&text);
    free(anchors);
    free(secs);
    return rc;
}
