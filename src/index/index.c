/*
 * index.c - an index: a set of segments (segment.c) seen as one.  A plain
 * index file is a set of one; a manifest (manifest.c) names its segment
 * files and the passages deleted in each.  Everything that reads a whole
 * index goes through here; segment.c reads one file.
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
#include <unistd.h>

#include "index/format.h"
#include "index/index.h"

/* A file's passages in a segment, for the order of a full build. */
typedef struct span_of {
    uint32_t first_doc, file;
} span_of;

struct smp_index {
    char *path;
    smp_manifest *m;         /* NULL for a plain index file */
    uint64_t manifest_bytes; /* the manifest file's size */
    uint32_t nseg;
    smp_segment **seg;
    smp_segref *ref;
    span_of **spans; /* per segment of a manifest, by first passage */
    uint32_t *nspans;
    uint64_t live, articles, source_bytes, total_len[3];
    char language[SMP_LANG_MAX]; /* the segments' (META's) */
    uint32_t analyzer; /* SMP_AN_* of the segments */
    const char *aliases; /* ALIASES text, alen bytes */
    size_t alen;
};

static int cmp_span(const void *a, const void *b) {
    const span_of *x = a, *y = b;
    return x->first_doc < y->first_doc ? -1 : x->first_doc > y->first_doc;
}

/* Each segment's files by first passage. */
static int index_spans(smp_index *mu) {
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

void smp_index_close(smp_index *mu) {
    if (!mu) return;
    for (uint32_t i = 0; mu->seg && i < mu->nseg; i++) smp_segment_close(mu->seg[i]);
    for (uint32_t i = 0; mu->spans && i < mu->nseg; i++) free(mu->spans[i]);
    free(mu->spans);
    free(mu->nspans);
    free(mu->seg);
    free(mu->ref);
    smp_manifest_free(mu->m);
    free(mu->path);
    free(mu);
}

/* A plain index file: a set of one segment, nothing deleted. */
static int open_single(smp_index *mu, smp_segment *x) {
    mu->seg[0] = x;
    mu->nseg = 1;
    uint64_t n = smp_segment_passages(x);
    mu->ref[0] = (smp_segref){x, 0, NULL, 0, n};
    mu->live = n;
    mu->articles = smp_segment_articles(x);
    mu->source_bytes = smp_segment_source_bytes(x);
    smp_segment_total_len(x, mu->total_len);
    snprintf(mu->language, sizeof mu->language, "%s", smp_segment_language(x));
    mu->analyzer = smp_segment_analyzer(x);
    smp_segment_aliases(x, &mu->aliases, &mu->alen);
    return SMP_OK;
}

/* The segments a manifest names, in the folder of the manifest at path. */
static int open_segments(smp_index *mu, const char *path, unsigned flags, smp_error *err) {
    const smp_manifest *m = mu->m;
    char *dcopy = strdup(path);
    if (!dcopy) return smp_set_error(err, SMP_ENOMEM, "out of memory");
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
        if ((rc = smp_segment_open_flags(&mu->seg[i], sp, flags, err))) break;
        mu->nseg = i + 1;
        smp_segment *x = mu->seg[i];
        if (smp_segment_passages(x) != s->passages ||
            strcmp(smp_segment_language(x), m->language) ||
            smp_segment_analyzer(x) != smp_segment_analyzer(mu->seg[0])) {
            rc = smp_set_error(err, SMP_ECORRUPT, "%s: segment %s does not match the manifest",
                               path, s->name);
            break;
        }
        if (base + s->passages >= UINT32_MAX) {
            rc = smp_set_error(err, SMP_ECORRUPT, "%s: too many passages", path);
            break;
        }
        uint64_t tl[3], seg_deleted = 0;
        smp_segment_total_len(x, tl);
        for (int f = 0; f < 3; f++) mu->total_len[f] += tl[f];
        for (uint32_t k = 0; k < s->ndel; k++)
            for (uint32_t d = s->del[2 * k]; d < s->del[2 * k + 1]; d++) {
                uint32_t len[3];
                smp_segment_doc_lens(x, d, len);
                for (int f = 0; f < 3; f++) mu->total_len[f] -= len[f];
                seg_deleted++;
            }
        mu->ref[i] = (smp_segref){x, (uint32_t)base, s->del, s->ndel, s->passages - seg_deleted};
        base += s->passages;
        deleted += seg_deleted;
    }
    free(dcopy);
    if (rc) return rc;
    mu->live = base - deleted;
    for (uint32_t i = 0; i < m->nfiles; i++) {
        mu->articles += m->file[i].narticles;
        mu->source_bytes += m->file[i].bytes;
    }
    size_t ll = strlen(m->language);
    if (ll >= sizeof mu->language) ll = 0; /* then no segment matches it */
    memcpy(mu->language, m->language, ll);
    mu->language[ll] = 0;
    mu->analyzer = m->nseg ? smp_segment_analyzer(mu->seg[0]) : 0;
    mu->aliases = m->aliases;
    mu->alen = m->alen;
    if ((rc = index_spans(mu))) return smp_set_error(err, rc, "out of memory");
    return SMP_OK;
}

static int open_index(smp_index **out, const char *path, unsigned flags, smp_error *err) {
    smp_segment *one = NULL;
    smp_manifest *m = NULL;
    uint64_t bytes = 0;
    int rc = smp_index_file_open_flags(path, flags & SMP_OPEN_COPY ? SMP_SEG_COPY : 0, &one, &m,
                                       &bytes, err);
    if (rc) return rc;
    smp_index *mu = calloc(1, sizeof *mu);
    uint32_t n = m ? m->nseg : 1;
    if (mu) {
        mu->m = m;
        mu->path = strdup(path);
        mu->seg = calloc(n + 1, sizeof *mu->seg);
        mu->ref = calloc(n + 1, sizeof *mu->ref);
    }
    if (!mu || !mu->path || !mu->seg || !mu->ref) {
        if (mu) smp_index_close(mu);
        else smp_manifest_free(m);
        smp_segment_close(one);
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    }
    if (one) {
        rc = open_single(mu, one);
    } else {
        mu->manifest_bytes = bytes;
        rc = open_segments(mu, path, flags & SMP_OPEN_COPY ? SMP_SEG_COPY : 0, err);
    }
    if (rc) {
        smp_index_close(mu);
        return rc;
    }
    *out = mu;
    return SMP_OK;
}

int smp_index_open(smp_index **out, const char *path, smp_error *err) {
    return smp_index_open_flags(out, path, 0, err);
}

int smp_index_open_flags(smp_index **out, const char *path, unsigned flags, smp_error *err) {
    if (!out || !path) return smp_set_error(err, SMP_EINVAL, "no index given");
    *out = NULL;
    /* an update may replace the manifest and delete the segments it named
       between our reading the one and opening the others: read it again */
    int rc = SMP_OK;
    for (int attempt = 0; attempt < 5; attempt++) {
        rc = open_index(out, path, flags, err);
        if (rc != SMP_ENOTFOUND) break;
        if (access(path, F_OK) != 0) break; /* the index itself is missing */
    }
    return rc;
}

uint64_t smp_index_order_key(const smp_index *mu, size_t seg, uint32_t doc) {
    if (!mu->m) return doc;
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

size_t smp_index_nsegments(const smp_index *mu) { return mu->nseg; }
const smp_segref *smp_index_segment(const smp_index *mu, size_t i) { return &mu->ref[i]; }
const smp_manifest *smp_index_manifest(const smp_index *mu) { return mu->m; }
uint64_t smp_index_live_passages(const smp_index *mu) { return mu->live; }
const char *smp_index_path(const smp_index *mu) { return mu->path; }
const char *smp_index_language(const smp_index *mu) { return mu->language; }
uint32_t smp_index_analyzer(const smp_index *mu) { return mu->analyzer; }

int smp_index_ranking(const smp_index *mu, double v[SMP_RANKING_NVALUES]) {
    return !mu->m && mu->nseg == 1 ? smp_segment_ranking(mu->seg[0], v) : 0;
}

uint32_t smp_index_languages(const smp_index *mu, const char **out, uint32_t max) {
    return smp_segments_languages(mu->seg, mu->nseg, out, max);
}

void smp_index_aliases(const smp_index *mu, const char **text, size_t *len) {
    *text = mu->aliases;
    *len = mu->alen;
}

long smp_index_locate(const smp_index *mu, uint32_t doc, uint32_t *local) {
    size_t lo = 0, hi = mu->nseg;
    if (hi == 0) return -1;
    while (hi - lo > 1) { /* the last segment whose base is <= doc */
        size_t mid = lo + (hi - lo) / 2;
        if (mu->ref[mid].base <= doc) lo = mid;
        else hi = mid;
    }
    const smp_segref *r = &mu->ref[lo];
    *local = doc - r->base;
    if (doc < r->base || *local >= smp_segment_passages(r->seg)) return -1;
    return (long)lo;
}

int smp_segref_deleted(const smp_segref *r, uint32_t local) {
    for (size_t k = 0; k < r->ndel; k++)
        if (local >= r->del[2 * k] && local < r->del[2 * k + 1]) return 1;
    return 0;
}

void smp_index_avg_len(const smp_index *mu, double avg[3]) {
    for (int f = 0; f < 3; f++)
        avg[f] = mu->live ? (double)mu->total_len[f] / (double)mu->live : 0;
}

/* Postings of the term (ti, in segment r) inside deleted passages. */
static int deleted_postings(const smp_segref *r, const smp_term_info *ti, uint32_t *count) {
    smp_cursor c;
    uint64_t N = smp_segment_passages(r->seg);
    *count = 0;
    c.ti = *ti;
    c.lazy = 1; /* docids only */
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

int smp_index_df(const smp_index *mu, const char *term, size_t len, uint32_t *df) {
    uint64_t sum = 0;
    *df = 0;
    for (uint32_t i = 0; i < mu->nseg; i++) {
        smp_term_info ti;
        const smp_segref *r = &mu->ref[i];
        int found = smp_segment_lookup(r->seg, term, len, &ti);
        if (found < 0) return found;
        if (!found) continue;
        uint32_t del = r->ndel ? smp_mseg_deleted(&mu->m->seg[i], term, len) : 0;
        if (del > ti.df) return SMP_ECORRUPT;
        sum += ti.df - del;
    }
    *df = sum > UINT32_MAX ? UINT32_MAX : (uint32_t)sum;
    return sum > 0;
}

void smp_index_get_info(const smp_index *mu, smp_index_info *out) {
    if (!out) return;
    memset(out, 0, sizeof *out);
    if (!mu) return;
    if (!mu->m) {
        smp_segment_info(mu->seg[0], out);
        return;
    }
    for (uint32_t i = 0; i < mu->nseg; i++) {
        smp_index_info si;
        smp_segment_info(mu->seg[i], &si);
        out->format_version = si.format_version;
        out->terms += si.terms;
        out->postings += si.postings;
        out->file_bytes += si.file_bytes;
        out->nsections = si.nsections;
        for (uint32_t k = 0; k < si.nsections && k < sizeof out->section_bytes / 8; k++)
            out->section_bytes[k] += si.section_bytes[k];
        out->deleted_passages += si.passages;
    }
    out->language = mu->m->language;
    out->passages = mu->live;
    out->deleted_passages -= mu->live;
    out->articles = mu->articles;
    out->source_bytes = mu->source_bytes;
    out->segments = mu->m->nseg;
    out->numbers = !!(mu->analyzer & SMP_AN_NUMBERS);
    out->file_bytes += mu->manifest_bytes;
    smp_index_avg_len(mu, out->avg_len);
}

const char *smp_index_section_name(const smp_index *ix, uint32_t i) {
    SMP_UNUSED(ix);
    return smp_section_name(i);
}

typedef struct claim {
    uint32_t seg, first, end, file;
} claim;

static int cmp_claim(const void *a, const void *b) {
    const claim *f = a, *g = b;
    if (f->seg != g->seg) return f->seg < g->seg ? -1 : 1;
    return f->first < g->first ? -1 : f->first > g->first;
}

int smp_index_check(const smp_index *mu, smp_error *err) {
    if (!mu) return smp_set_error(err, SMP_EINVAL, "no index given");
    for (uint32_t i = 0; i < mu->nseg; i++) {
        int rc = smp_segment_check(mu->seg[i], err);
        if (rc) return rc;
    }
    if (!mu->m) return SMP_OK;
    const char *path = mu->path;
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
        uint64_t nt = smp_segment_terms(r->seg), listed = 0;
        for (uint64_t t = 0; t < nt; t++) {
            const char *term;
            size_t tl;
            uint32_t df, del;
            smp_term_info ti;
            if (smp_segment_term_at(r->seg, t, &term, &tl, &df) ||
                smp_segment_term_postings(r->seg, t, &ti) != 1 || deleted_postings(r, &ti, &del))
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
