/*
 * index.c - reading a segmented index: the manifest (manifest.c) and its
 * segment files, seen as one index.
 *
 * Passages are numbered across segments in manifest order (segment i
 * starts at the sum of the passages of the segments before it, deleted
 * ones included).  BM25 needs the statistics of the live passages only,
 * so that a segmented index ranks exactly as a full rebuild of the same
 * articles: the passage count and field lengths of the deleted passages
 * are subtracted once, at open; a term's document frequency is the sum
 * over segments of its document frequency there less the deleted passages
 * holding it, which the manifest lists per segment (smp_index_df).
 * smp_index_check counts those again from the postings.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index/index.h"

/* A file's passages in a segment, for the order of a full build. */
typedef struct span_of {
    uint32_t first_doc, file;
} span_of;

struct smp_multi {
    smp_manifest *m;
    smp_index **seg;
    smp_segref *ref;
    span_of **spans; /* per segment, by first passage */
    uint32_t *nspans;
    uint64_t live, articles, source_bytes, total_len[3];
};

static int cmp_span(const void *a, const void *b) {
    const span_of *x = a, *y = b;
    return x->first_doc < y->first_doc ? -1 : x->first_doc > y->first_doc;
}

/* Each segment's files by first passage. */
static int index_spans(smp_multi *mu) {
    const smp_manifest *m = mu->m;
    mu->spans = calloc(m->nseg + 1, sizeof *mu->spans);
    mu->nspans = calloc(m->nseg + 1, sizeof *mu->nspans);
    if (!mu->spans || !mu->nspans) return SMP_ENOMEM;
    for (uint32_t i = 0; i < m->nfiles; i++)
        if (m->file[i].seg != SMP_MSEG_NONE) mu->nspans[m->file[i].seg]++;
    for (uint32_t s = 0; s < m->nseg; s++) {
        if (!(mu->spans[s] = malloc(sizeof **mu->spans * (mu->nspans[s] + 1)))) return SMP_ENOMEM;
        mu->nspans[s] = 0;
    }
    for (uint32_t i = 0; i < m->nfiles; i++) {
        uint32_t s = m->file[i].seg;
        if (s != SMP_MSEG_NONE) mu->spans[s][mu->nspans[s]++] = (span_of){m->file[i].first_doc, i};
    }
    for (uint32_t s = 0; s < m->nseg; s++)
        qsort(mu->spans[s], mu->nspans[s], sizeof **mu->spans, cmp_span);
    return SMP_OK;
}

void smp_multi_free(smp_multi *mu) {
    if (!mu) return;
    for (uint32_t i = 0; mu->seg && i < mu->m->nseg; i++) smp_index_close(mu->seg[i]);
    for (uint32_t i = 0; mu->spans && i < mu->m->nseg; i++) free(mu->spans[i]);
    free(mu->spans);
    free(mu->nspans);
    free(mu->seg);
    free(mu->ref);
    smp_manifest_free(mu->m);
    free(mu);
}

int smp_multi_open(smp_multi **out, const char *path, smp_manifest *m, smp_error *err) {
    *out = NULL;
    smp_multi *mu = calloc(1, sizeof *mu);
    if (!mu) {
        smp_manifest_free(m);
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    }
    mu->m = m;
    mu->seg = calloc(m->nseg + 1, sizeof *mu->seg);
    mu->ref = calloc(m->nseg + 1, sizeof *mu->ref);
    char *dcopy = strdup(path);
    if (!mu->seg || !mu->ref || !dcopy) {
        free(dcopy);
        smp_multi_free(mu);
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    }
    const char *dir = dirname(dcopy);
    int rc = SMP_OK;
    uint64_t base = 0, deleted = 0;
    for (uint32_t i = 0; i < m->nseg && rc == SMP_OK; i++) {
        const smp_mseg *s = &m->seg[i];
        char sp[4096];
        if (snprintf(sp, sizeof sp, "%s/%s", dir, s->name) >= (int)sizeof sp) {
            rc = smp_set_error(err, SMP_EINVAL, "%s: path too long", path);
            break;
        }
        if ((rc = smp_segment_open(&mu->seg[i], sp, err))) break;
        smp_index *x = mu->seg[i];
        if (smp_index_nsegments(x) != 1 || smp_index_passages(x) != s->passages ||
            strcmp(smp_index_language(x), m->language) ||
            smp_index_analyzer(x) != smp_index_analyzer(mu->seg[0])) {
            rc = smp_set_error(err, SMP_ECORRUPT, "%s: segment %s does not match the manifest",
                               path, s->name);
            break;
        }
        if (base + s->passages >= UINT32_MAX) {
            rc = smp_set_error(err, SMP_ECORRUPT, "%s: too many passages", path);
            break;
        }
        uint64_t tl[3], seg_deleted = 0;
        smp_index_total_len(x, tl);
        for (int f = 0; f < 3; f++) mu->total_len[f] += tl[f];
        for (uint32_t k = 0; k < s->ndel; k++)
            for (uint32_t d = s->del[2 * k]; d < s->del[2 * k + 1]; d++) {
                uint32_t len[3];
                smp_index_doc_lens(x, d, len);
                for (int f = 0; f < 3; f++) mu->total_len[f] -= len[f];
                seg_deleted++;
            }
        mu->ref[i] = (smp_segref){x, (uint32_t)base, s->del, s->ndel, s->passages - seg_deleted};
        base += s->passages;
        deleted += seg_deleted;
    }
    free(dcopy);
    if (rc) {
        smp_multi_free(mu);
        return rc;
    }
    mu->live = base - deleted;
    for (uint32_t i = 0; i < m->nfiles; i++) {
        mu->articles += m->file[i].narticles;
        mu->source_bytes += m->file[i].bytes;
    }
    if ((rc = index_spans(mu))) {
        smp_multi_free(mu);
        return smp_set_error(err, rc, "out of memory");
    }
    *out = mu;
    return SMP_OK;
}

uint64_t smp_multi_order_key(const smp_multi *mu, uint32_t seg, uint32_t doc) {
    const span_of *sp = mu->spans[seg];
    uint32_t lo = 0, hi = mu->nspans[seg];
    while (hi - lo > 1) { /* the last file starting at or before doc */
        uint32_t mid = lo + (hi - lo) / 2;
        if (sp[mid].first_doc <= doc) lo = mid;
        else hi = mid;
    }
    if (hi == 0 || sp[lo].first_doc > doc) return (uint64_t)UINT32_MAX << 32 | doc;
    return (uint64_t)sp[lo].file << 32 | (doc - sp[lo].first_doc);
}

uint32_t smp_multi_nsegments(const smp_multi *mu) { return mu->m->nseg; }
const smp_segref *smp_multi_segment(const smp_multi *mu, uint32_t i) { return &mu->ref[i]; }
const smp_manifest *smp_multi_manifest(const smp_multi *mu) { return mu->m; }
uint64_t smp_multi_live(const smp_multi *mu) { return mu->live; }

void smp_multi_avg_len(const smp_multi *mu, double avg[3]) {
    for (int f = 0; f < 3; f++)
        avg[f] = mu->live ? (double)mu->total_len[f] / (double)mu->live : 0;
}

/* Postings of the term (ti, in segment r) inside deleted passages. */
static int deleted_postings(const smp_segref *r, const smp_term_info *ti, uint32_t *count) {
    smp_cursor c;
    uint64_t N = smp_index_passages(r->ix);
    *count = 0;
    c.ti = *ti;
    int rc = smp_cursor_init(&c, N);
    for (size_t k = 0; k < r->ndel && rc == SMP_OK && c.doc != UINT32_MAX; k++) {
        if (c.doc < r->del[2 * k]) rc = smp_cursor_skip_to(&c, r->del[2 * k], N);
        while (rc == SMP_OK && c.doc < r->del[2 * k + 1]) {
            (*count)++;
            rc = smp_cursor_next(&c, N);
        }
    }
    return rc;
}

int smp_multi_df(const smp_multi *mu, const char *term, size_t len, uint32_t *df) {
    uint64_t sum = 0;
    *df = 0;
    for (uint32_t i = 0; i < mu->m->nseg; i++) {
        smp_term_info ti;
        const smp_segref *r = &mu->ref[i];
        int found = smp_index_lookup(r->ix, term, len, &ti);
        if (found < 0) return found;
        if (!found) continue;
        uint32_t del = r->ndel ? smp_mseg_deleted(&mu->m->seg[i], term, len) : 0;
        if (del > ti.df) return SMP_ECORRUPT;
        sum += ti.df - del;
    }
    *df = sum > UINT32_MAX ? UINT32_MAX : (uint32_t)sum;
    return sum > 0;
}

void smp_multi_info(const smp_multi *mu, smp_index_info *out) {
    memset(out, 0, sizeof *out);
    for (uint32_t i = 0; i < mu->m->nseg; i++) {
        smp_index_info si;
        smp_index_get_info(mu->seg[i], &si);
        out->format_version = si.format_version;
        out->terms += si.terms;
        out->postings += si.postings;
        out->file_bytes += si.file_bytes;
        out->nsections = si.nsections;
        for (uint32_t k = 0; k < si.nsections && k < 16; k++)
            out->section_bytes[k] += si.section_bytes[k];
        out->deleted_passages += si.passages;
    }
    out->language = mu->m->language;
    out->passages = mu->live;
    out->deleted_passages -= mu->live;
    out->articles = mu->articles;
    out->source_bytes = mu->source_bytes;
    out->segments = mu->m->nseg;
    smp_multi_avg_len(mu, out->avg_len);
}

typedef struct claim {
    uint32_t seg, first, end, file;
} claim;

static int cmp_claim(const void *a, const void *b) {
    const claim *f = a, *g = b;
    if (f->seg != g->seg) return f->seg < g->seg ? -1 : 1;
    return f->first < g->first ? -1 : f->first > g->first;
}

int smp_multi_check(const smp_multi *mu, const char *path, smp_error *err) {
    for (uint32_t i = 0; i < mu->m->nseg; i++) {
        int rc = smp_index_check(mu->seg[i], err);
        if (rc) return rc;
    }
    /* the file table: every file's passages inside its segment, not
       deleted, and no passage claimed twice */
    const smp_manifest *m = mu->m;
    for (uint32_t i = 0; i < m->nfiles; i++) {
        const smp_mfile *f = &m->file[i];
        if (f->seg == SMP_MSEG_NONE) continue;
        const smp_mseg *s = &m->seg[f->seg];
        for (uint32_t k = 0; k < s->ndel; k++)
            if (f->first_doc < s->del[2 * k + 1] && s->del[2 * k] < f->first_doc + f->ndocs)
                return smp_set_error(err, SMP_ECORRUPT,
                                     "%s: the passages of %s are marked deleted", path, f->path);
    }
    /* no passage claimed by two files: sorted by segment and first passage,
       each file ends before the next begins */
    claim *order = malloc(sizeof *order * (m->nfiles + 1));
    if (!order) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->nfiles; i++)
        if (m->file[i].seg != SMP_MSEG_NONE)
            order[n++] = (claim){m->file[i].seg, m->file[i].first_doc,
                                 m->file[i].first_doc + m->file[i].ndocs, i};
    qsort(order, n, sizeof *order, cmp_claim);
    for (uint32_t i = 1; i < n; i++) {
        const smp_mfile *f = &m->file[order[i - 1].file], *g = &m->file[order[i].file];
        if (order[i - 1].seg == order[i].seg && order[i - 1].end > order[i].first) {
            free(order);
            return smp_set_error(err, SMP_ECORRUPT, "%s: %s and %s share passages", path,
                                 f->path, g->path);
        }
    }
    free(order);
    /* the deleted passages' terms, counted again from the postings */
    for (uint32_t i = 0; i < m->nseg; i++) {
        const smp_segref *r = &mu->ref[i];
        const smp_mseg *s = &m->seg[i];
        if (!r->ndel) continue;
        uint64_t nt = smp_index_terms(r->ix), listed = 0;
        for (uint64_t t = 0; t < nt; t++) {
            const char *term;
            size_t tl;
            uint32_t df, del;
            smp_term_info ti;
            if (smp_index_term_at(r->ix, t, &term, &tl, &df) ||
                smp_index_term_postings(r->ix, t, &ti) != 1 || deleted_postings(r, &ti, &del))
                return smp_set_error(err, SMP_ECORRUPT, "%s: cannot read segment %s", path,
                                     s->name);
            if (smp_mseg_deleted(s, term, tl) != del)
                return smp_set_error(err, SMP_ECORRUPT,
                                     "%s: segment %s: the manifest counts %u deleted passages "
                                     "with '%.*s', its postings %u",
                                     path, s->name, smp_mseg_deleted(s, term, tl), (int)tl,
                                     term, del);
            listed += del > 0;
        }
        if (listed != s->ndt)
            return smp_set_error(err, SMP_ECORRUPT,
                                 "%s: segment %s: the manifest lists %u terms of deleted "
                                 "passages, its postings %llu",
                                 path, s->name, s->ndt, (unsigned long long)listed);
    }
    uint64_t live = 0;
    for (uint32_t i = 0; i < m->nfiles; i++) live += m->file[i].ndocs;
    if (live != mu->live)
        return smp_set_error(err, SMP_ECORRUPT,
                             "%s: the files hold %llu passages, the segments %llu live ones",
                             path, (unsigned long long)live, (unsigned long long)mu->live);
    return SMP_OK;
}
