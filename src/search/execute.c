/*
 * execute.c - the ranking of a planned question: each segment, largest
 * first, gets cursors for the question's terms it holds, its concept
 * groups and required phrases, and a top-k run (topk.c) that prunes below
 * the k-th score the segments before it gave; hits of several segments
 * are merged, equal scores in the order of a full build of the same files.
 */
#include <stdlib.h>
#include <string.h>

#include "search/search.h"

#define MAX_QUOTED SMP_MAX_QUOTED
#define MAX_QUERY_TERMS SMP_MAX_QUERY_TERMS
#define MAX_PHRASE_TERMS SMP_MAX_PHRASE_TERMS

/* A hit of a segmented index, with its place in a full build. */
typedef struct ranked {
    double score;
    uint64_t key; /* smp_index_order_key */
    uint32_t doc;
} ranked;

/* Best first: higher score, then earlier in a full build. */
static int cmp_ranked(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

static void free_topk(smp_topk *tk) {
    if (!tk) return;
    for (size_t i = 0; i < tk->nreq; i++) smp_phrase_free(&tk->req[i]);
    free(tk->req);
    free(tk);
}

/* The segments, largest first: their best scores let the smaller ones
 * skip more. */
static size_t *largest_first(const smp_index *ix, size_t nseg) {
    size_t *order = malloc(sizeof *order * (nseg + 1));
    if (!order) return NULL;
    for (size_t i = 0; i < nseg; i++) order[i] = i;
    for (size_t i = 1; i < nseg; i++)
        for (size_t j = i; j > 0 && smp_index_segment(ix, order[j])->live >
                                        smp_index_segment(ix, order[j - 1])->live;
             j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    return order;
}

/* A cursor for each scored term the segment holds (cursor_of: term ->
 * cursor, -1 for none); *nc gets their count.  lazy: term frequencies
 * decoded only as they are asked for (smp_cursor_tf).  0 or SMP_ECORRUPT. */
static int open_cursors(const smp_plan *pl, const smp_query *q, const smp_segment *six,
                        int lazy, smp_cursor *cur, int *cursor_of, size_t *nc) {
    uint64_t Ns = smp_segment_passages(six);
    *nc = 0;
    for (size_t i = 0; i < q->n; i++) {
        smp_cursor *c = &cur[*nc];
        cursor_of[i] = -1;
        if (!pl->use[i]) continue;
        if (pl->plain) {
            c->ti = pl->gti[i];
        } else {
            int found = smp_segment_lookup(six, q->terms[i].term, q->terms[i].len, &c->ti);
            if (found < 0) return SMP_ECORRUPT;
            if (!found) continue;
        }
        c->idf = pl->tidf[i];
        c->own = !q->terms[i].alt;
        c->lazy = lazy;
        if (smp_cursor_init(c, Ns)) return SMP_ECORRUPT;
        c->fields = pl->fields[i];
        cursor_of[i] = (int)(*nc)++;
    }
    return SMP_OK;
}

/* The concept groups whose phrases have their words in this segment. */
static void add_groups(smp_topk *tk, const smp_plan *pl, const smp_query *q,
                       const int *cursor_of) {
    size_t lp = 0;
    for (size_t p = 0; p < pl->np; p++) {
        const smp_qphrase *qph = &q->phrases[pl->gsrc[p]];
        size_t k, m = 0;
        for (k = 0; k < pl->glen[p]; k++) {
            int ci = cursor_of[pl->gterm[p][k]];
            if (ci >= 0) tk->pcur[lp][m++] = ci;
            else if (!qph->own) break; /* cannot match in this segment */
        }
        if (k < pl->glen[p]) continue;
        tk->pgroup[lp] = qph->group;
        tk->pown[lp] = qph->own;
        tk->pscale[lp] = pl->pscale[p];
        tk->plen[lp++] = m;
    }
    tk->np = lp;
}

/* The quoted phrases every result must hold: 1 when one has a word the
 * segment lacks (no result here), 0, SMP_ENOMEM or SMP_ECORRUPT. */
static int add_required(smp_topk *tk, const smp_query *q, const smp_segment *six) {
    for (size_t j = 0; j < q->nquoted; j++) {
        if (q->qp[j].n == 0) continue;
        smp_term_info ti[MAX_PHRASE_TERMS];
        uint32_t off[MAX_PHRASE_TERMS];
        for (size_t k = 0; k < q->qp[j].n; k++) {
            const smp_qterm *t = &q->terms[q->qp[j].term[k]];
            int found = smp_segment_lookup(six, t->term, t->len, &ti[k]);
            if (found < 0) return SMP_ECORRUPT;
            if (!found) return 1;
            off[k] = q->qp[j].pos[k] - q->qp[j].pos[0];
        }
        if (!tk->req && !(tk->req = calloc(MAX_QUOTED, sizeof *tk->req))) return SMP_ENOMEM;
        int rc = smp_phrase_init(&tk->req[tk->nreq], six, ti, off, q->qp[j].n);
        if (rc) return rc == SMP_ENOMEM ? rc : SMP_ECORRUPT;
        tk->nreq++;
    }
    return 0;
}

static void free_required(smp_topk *tk) {
    for (size_t i = 0; i < tk->nreq; i++) smp_phrase_free(&tk->req[i]);
    tk->nreq = 0;
    free(tk->req);
    tk->req = NULL;
}

/* The hits of one run: segment si's passages as the index's, merged with
 * those before (keys: NULL for a single segment) into the best k. */
static uint32_t merge_hits(const smp_index *ix, size_t si, uint32_t k, smp_hit *heap,
                           uint32_t nh, uint32_t sh, ranked *keys) {
    const smp_segref *sg = smp_index_segment(ix, si);
    for (uint32_t i = 0; i < sh; i++) {
        if (keys) keys[nh + i] = (ranked){heap[nh + i].score,
                                          smp_index_order_key(ix, si, heap[nh + i].doc),
                                          heap[nh + i].doc + sg->base};
        heap[nh + i].doc += sg->base;
    }
    nh += sh;
    if (keys) { /* keep the best k of all segments so far, equal scores in
                   the order of a full build */
        qsort(keys, nh, sizeof *keys, cmp_ranked);
        if (nh > k) nh = k;
        for (uint32_t i = 0; i < nh; i++) heap[i] = (smp_hit){keys[i].score, keys[i].doc};
    }
    return nh;
}

/* Ranks one segment into heap + *nh (room for k more). */
static int run_segment(const smp_plan *pl, const smp_index *ix, size_t si, const smp_query *q,
                       const smp_search_options *opt, const uint8_t *pass, smp_knorms *kn,
                       smp_topk *tk, smp_cursor *cur, smp_hit *heap, uint32_t *nh,
                       ranked *keys) {
    const smp_segref *sg = smp_index_segment(ix, si);
    int cursor_of[MAX_QUERY_TERMS];
    size_t nc;
    int rc = open_cursors(pl, q, sg->seg, 1, cur, cursor_of, &nc);
    if (rc || nc == 0) return rc;
    memset(tk, 0, sizeof *tk);
    tk->floor = *nh == opt->k ? heap[*nh - 1].score : -1.0;
    tk->seg = sg->seg;
    tk->N = smp_segment_passages(sg->seg);
    tk->cur = cur;
    tk->nc = nc;
    tk->del = sg->del;
    tk->ndel = sg->ndel;
    tk->pass = pass;
    tk->narticles = smp_segment_articles(sg->seg);
    add_groups(tk, pl, q, cursor_of);
    rc = add_required(tk, q, sg->seg);
    if (rc == 0) {
        tk->bm = (smp_bm25){opt->k1, opt->b, {opt->weight[0], opt->weight[1], opt->weight[2]}, 0};
        for (int f = 0; f < 3; f++) tk->bm.avg_len += tk->bm.weight[f] * pl->avg[f];
        /* without memory for the factors, they are computed as needed */
        if (kn && smp_knorms_prepare(kn, sg->seg, &tk->bm) == SMP_OK) tk->kn = kn;
        smp_topk_prepare(tk);
        uint32_t sh = 0;
        rc = smp_topk_run(tk, opt->strategy, opt->k, heap + *nh, &sh);
        if (rc == SMP_OK) *nh = merge_hits(ix, si, opt->k, heap, *nh, sh, keys);
        else if (rc != SMP_ENOMEM) rc = SMP_ECORRUPT;
    }
    free_required(tk);
    return rc < 0 ? rc : SMP_OK; /* 1: a quoted word is not here */
}

int smp_plan_execute(const smp_plan *pl, const smp_index *ix, const smp_query *q,
                     const smp_search_options *opt, const smp_facet_table *ft,
                     const uint8_t *pass, smp_knorms *kn, smp_hit **heap_out,
                     uint32_t *nh_out) {
    *heap_out = NULL;
    *nh_out = 0;
    size_t nseg = smp_index_nsegments(ix);
    /* run_segment clears the top-k state for each segment: no calloc of
       its ~6 KB here */
    smp_topk *tk = malloc(sizeof *tk);
    if (tk) {
        tk->req = NULL;
        tk->nreq = 0;
    }
    smp_cursor *cur = calloc(q->n + 1, sizeof *cur);
    smp_hit *heap = malloc(sizeof *heap * opt->k * (nseg > 1 ? 2 : 1));
    ranked *keys = nseg > 1 ? malloc(sizeof *keys * opt->k * 2) : NULL;
    size_t *order = largest_first(ix, nseg);
    int rc = tk && cur && heap && order && (nseg < 2 || keys) ? SMP_OK : SMP_ENOMEM;
    uint32_t nh = 0;
    for (size_t oi = 0; oi < nseg && !pl->impossible && rc == SMP_OK; oi++)
        rc = run_segment(pl, ix, order[oi], q, opt, pass ? pass + ft->abase[order[oi]] : NULL,
                         kn ? &kn[order[oi]] : NULL, tk, cur, heap, &nh, keys);
    free_topk(tk);
    free(cur);
    free(keys);
    free(order);
    if (rc) {
        free(heap);
        return rc;
    }
    *heap_out = heap;
    *nh_out = nh;
    return SMP_OK;
}

/* --- facet counts ------------------------------------------------------------ */

/* 1 when passage doc is in a deleted range of del[*at..] (ranges ascending,
 * doc ascending between calls: *at moves forward). */
static int deleted_at(const uint32_t *del, size_t ndel, size_t *at, uint32_t doc) {
    while (*at < ndel && del[2 * *at + 1] <= doc) ++*at;
    return *at < ndel && del[2 * *at] <= doc;
}

/* Counts one segment's matching passages into counts (smp_plan_facets). */
static int facet_segment(const smp_plan *pl, const smp_index *ix, size_t si, const smp_query *q,
                         const smp_facet_table *ft, const uint8_t *pass, smp_topk *tk,
                         smp_cursor *cur, uint32_t *counts[SMP_NFACETS]) {
    const smp_segref *sg = smp_index_segment(ix, si);
    int cursor_of[MAX_QUERY_TERMS];
    size_t nc, at = 0;
    int rc = open_cursors(pl, q, sg->seg, 0, cur, cursor_of, &nc);
    if (rc || nc == 0) return rc;
    memset(tk, 0, sizeof *tk);
    if ((rc = add_required(tk, q, sg->seg))) {
        free_required(tk);
        return rc < 0 ? rc : SMP_OK; /* 1: a quoted word is not here */
    }
    uint64_t N = smp_segment_passages(sg->seg), na = smp_segment_articles(sg->seg);
    const smp_facet_field *cat = &ft->f[SMP_FACET_CATEGORY], *tag = &ft->f[SMP_FACET_TAG];
    for (;;) {
        uint32_t doc = UINT32_MAX;
        for (size_t i = 0; i < nc; i++)
            if (cur[i].doc < doc) doc = cur[i].doc;
        if (doc == UINT32_MAX) break;
        int match = 0;
        for (size_t i = 0; i < nc; i++) {
            smp_cursor *c = &cur[i];
            if (c->doc != doc) continue;
            for (int f = 0; f < 3 && !match; f++) match = (c->fields >> f & 1) && c->tf[f][c->i];
        }
        if (match && sg->ndel) match = !deleted_at(sg->del, sg->ndel, &at, doc);
        for (size_t i = 0; i < tk->nreq && match > 0; i++)
            match = smp_phrase_match(&tk->req[i], doc);
        if (match < 0) {
            rc = match;
            break;
        }
        uint32_t a = match ? smp_segment_doc_article(sg->seg, doc) : UINT32_MAX;
        if (a < na) {
            a += ft->abase[si];
            uint8_t p = pass ? pass[a] : SMP_PASS_ALL;
            if (p & SMP_PASS_TAG)
                for (uint32_t j = cat->start[a]; j < cat->start[a + 1]; j++)
                    counts[SMP_FACET_CATEGORY][cat->ids[j]]++;
            if (p & SMP_PASS_CATEGORY)
                for (uint32_t j = tag->start[a]; j < tag->start[a + 1]; j++)
                    counts[SMP_FACET_TAG][tag->ids[j]]++;
        } else if (match) {
            rc = SMP_ECORRUPT;
            break;
        }
        for (size_t i = 0; i < nc; i++)
            if (cur[i].doc == doc && (rc = smp_cursor_next(&cur[i], N))) break;
        if (rc) break;
    }
    free_required(tk);
    return rc == SMP_ENOMEM ? rc : rc ? SMP_ECORRUPT : SMP_OK;
}

int smp_plan_facets(const smp_plan *pl, const smp_index *ix, const smp_query *q,
                    const smp_facet_table *ft, const uint8_t *pass,
                    uint32_t *counts[SMP_NFACETS]) {
    if (pl->impossible || (!ft->f[0].n && !ft->f[1].n)) return SMP_OK;
    smp_topk *tk = calloc(1, sizeof *tk);
    smp_cursor *cur = calloc(q->n + 1, sizeof *cur);
    int rc = tk && cur ? SMP_OK : SMP_ENOMEM;
    for (size_t si = 0; si < smp_index_nsegments(ix) && rc == SMP_OK; si++)
        rc = facet_segment(pl, ix, si, q, ft, pass, tk, cur, counts);
    free_topk(tk);
    free(cur);
    return rc;
}
