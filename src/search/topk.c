/*
 * topk.c - document-at-a-time top-k: exhaustive evaluation (the
 * reference), MaxScore, Block-Max WAND and MaxScore with block bounds.
 *
 * A passage's score is the sum of its own terms' BM25 scores plus, for
 * each concept group (alternative wordings, see search.c), whatever the
 * best alternative earns above the question's own wording.  Every cursor
 * carries `ub`, a bound of its share of any passage's score (its BM25
 * bound times `scale`, the largest factor a group applies to it), so the
 * bounds of the cursors on a passage bound its score.
 *
 * Pruning skips a passage only when a bound of its score is below the
 * score of the k-th best so far (strictly below: a passage with an equal
 * score comes later in docid order and would lose the tie anyway, and
 * bounds carry a rounding margin).  So the pruned strategies return
 * exactly what the exhaustive one does.
 */
#include <stdlib.h>
#include <string.h>

#include "search/search.h"

/* For the functions of the scoring loops, whatever the compiler's guess. */
#if defined(__GNUC__)
#define HOT_INLINE static inline __attribute__((always_inline))
#else
#define HOT_INLINE static inline
#endif

/* --- the top-k heap: the worst of the best k at the root ------------------ */

static int worse(const smp_hit *a, const smp_hit *b) {
    return a->score < b->score || (a->score == b->score && a->doc > b->doc);
}

static void heap_down(smp_hit *h, uint32_t n, uint32_t i) {
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && worse(&h[l], &h[m])) m = l;
        if (r < n && worse(&h[r], &h[m])) m = r;
        if (m == i) return;
        smp_hit t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

static void heap_push(smp_hit *h, uint32_t *n, uint32_t k, smp_hit x) {
    if (*n < k) {
        uint32_t i = (*n)++;
        h[i] = x;
        while (i > 0 && worse(&h[i], &h[(i - 1) / 2])) {
            smp_hit t = h[i];
            h[i] = h[(i - 1) / 2];
            h[(i - 1) / 2] = t;
            i = (i - 1) / 2;
        }
    } else if (worse(&h[0], &x)) {
        h[0] = x;
        heap_down(h, *n, 0);
    }
}

static int cmp_hit(const void *a, const void *b) {
    const smp_hit *x = a, *y = b;
    if (worse(x, y)) return 1;
    if (worse(y, x)) return -1;
    return 0;
}

/* Bound of the cursor's share of a passage's score in block b (b =
 * nblocks: the whole list), from the block's maximum term frequencies and
 * shortest body. */
static double cursor_bound(const smp_cursor *c, const smp_bm25 *bm, uint32_t b) {
    uint32_t maxtf[3], minlen;
    smp_cursor_block_max(c, b, maxtf, &minlen);
    double wtf = 0;
    for (int f = 0; f < 3; f++) {
        if (!(c->fields >> f & 1)) continue;
        if (maxtf[f] == UINT32_MAX && bm->weight[f] > 0) return c->idf * c->scale;
        wtf += bm->weight[f] * maxtf[f];
    }
    if (wtf <= 0) return 0;
    /* the passage's weighted length is at least the body's */
    double wlen = bm->weight[2] * (minlen == UINT32_MAX ? 0 : minlen);
    double norm = 1.0 - bm->b + (bm->avg_len > 0 ? bm->b * wlen / bm->avg_len : 0);
    /* rounding margin, so that a bound is never below a computed score */
    return c->scale * c->idf * wtf / (wtf + bm->k1 * norm) * (1 + 1e-9);
}

/* The score to beat: the k-th best so far, or -1 while there are fewer;
 * at least the floor (the k-th best of the segments searched before). */
static double threshold(const smp_topk *t, const smp_hit *h, uint32_t n, uint32_t k) {
    double th = n < k ? -1.0 : h[0].score;
    return th > t->floor ? th : t->floor;
}

/* --- scoring one passage --------------------------------------------------- */

/* A cursor's scale bounds what it adds to a passage's score, per unit of
 * its share: 1 for a word of the question (its share is added, and an own
 * phrase of a group only takes it away again), and for an alternative, in
 * each group, the largest scale of that group's added phrases holding it
 * (a group adds its best added phrase), summed over the groups, since
 * one term can be an alternative in several. */
void smp_topk_prepare(smp_topk *t) {
    double best[SMP_TOPK_MAX_CURSORS]; /* in the group at hand */
    for (size_t i = 0; i < t->nc; i++) {
        t->cur[i].scale = t->cur[i].own ? 1 : 0;
        best[i] = 0;
    }
    for (size_t p = 0; p < t->np; p++) {
        if (!t->pown[p])
            for (size_t k = 0; k < t->plen[p]; k++) {
                int i = t->pcur[p][k];
                if (!t->cur[i].own && t->pscale[p] > best[i]) best[i] = t->pscale[p];
            }
        if (p + 1 == t->np || t->pgroup[p + 1] != t->pgroup[p])
            for (size_t i = 0; i < t->nc; i++) {
                t->cur[i].scale += best[i];
                best[i] = 0;
            }
    }
    for (size_t i = 0; i < t->nc; i++)
        t->cur[i].ub = cursor_bound(&t->cur[i], &t->bm, t->cur[i].nblocks);
}

/* The BM25 score of the cursor's term in the passage it is on, whose
 * length factor is knorm, in the fields it is scored in. */
HOT_INLINE double cursor_share(const smp_topk *t, const smp_cursor *c, double knorm) {
    uint32_t tf[3] = {c->fields & 1 ? c->tf[0][c->i] : 0, c->fields & 2 ? c->tf[1][c->i] : 0,
                      c->fields & 4 ? c->tf[2][c->i] : 0};
    return smp_bm25_term_k(&t->bm, c->idf, tf, knorm);
}

/* The same, decoding the cursor's term frequencies first when they are
 * not yet (lazy cursors): 0 or SMP_ECORRUPT. */
HOT_INLINE int share(const smp_topk *t, smp_cursor *c, double knorm, double *out) {
    int rc = smp_cursor_tf(c, c->fields & 4 ? 3 : c->fields & 2 ? 2 : 1);
    if (rc) return rc;
    *out = cursor_share(t, c, knorm);
    return SMP_OK;
}

/* Passage doc's length factor (smp_bm25_knorm), doc < t->N. */
HOT_INLINE double knorm_of(const smp_topk *t, uint32_t doc) {
    if (t->kn) return smp_knorms_get(t->kn, doc);
    uint32_t len[3];
    smp_segment_doc_lens(t->seg, doc, len);
    return smp_bm25_knorm(&t->bm, len);
}

/* The score of a passage from the shares of the cursors on it: on[i]
 * tells whether t->cur[i] is, and its share is then in its contrib. */
static double combine(const smp_topk *t, const uint8_t *on) {
    double score = 0;
    for (size_t i = 0; i < t->nc; i++)
        if (on[i] && t->cur[i].own) score += t->cur[i].contrib;
    /* per group: own = best of the question's phrases (already in the
       score), alt = best added phrase, scaled */
    double own = 0, alt = 0;
    for (size_t p = 0; p < t->np; p++) {
        double sum = 0;
        size_t k;
        for (k = 0; k < t->plen[p]; k++) {
            int i = t->pcur[p][k];
            const smp_cursor *c = &t->cur[i];
            if (!on[i] && !t->pown[p]) break;
            /* words of the question score on their own already */
            if (t->pown[p] || !c->own) sum += c->contrib;
        }
        if (t->pown[p] && sum > own) own = sum;
        if (!t->pown[p] && k == t->plen[p] && t->pscale[p] * sum > alt)
            alt = t->pscale[p] * sum;
        if (p + 1 == t->np || t->pgroup[p + 1] != t->pgroup[p]) {
            if (alt > own) score += alt - own;
            own = alt = 0;
        }
    }
    return score;
}

/* The exact score of doc; cursors on doc are those with c->doc == doc. */
static int score_doc(smp_topk *t, uint32_t doc, double *out) {
    if (doc >= t->N) return SMP_ECORRUPT; /* cursors check it: cannot happen */
    double knorm = knorm_of(t, doc);
    uint8_t on[SMP_TOPK_MAX_CURSORS];
    for (size_t i = 0; i < t->nc; i++) {
        smp_cursor *c = &t->cur[i];
        c->contrib = 0;
        on[i] = c->doc == doc;
        if (!on[i]) continue;
        int rc = share(t, c, knorm, &c->contrib);
        if (rc) return rc;
    }
    t->scored++;
    *out = combine(t, on);
    return SMP_OK;
}

/* 1 when doc lies in one of the deleted ranges. */
static int deleted(const smp_topk *t, uint32_t doc) {
    size_t lo = 0, hi = t->ndel;
    while (lo < hi) { /* first range ending after doc */
        size_t mid = lo + (hi - lo) / 2;
        if (t->del[2 * mid + 1] <= doc) lo = mid + 1;
        else hi = mid;
    }
    return lo < t->ndel && t->del[2 * lo] <= doc;
}

/* Offers a scored passage to the heap (it enters when it beats the k-th
 * best, is not deleted and holds the required phrases), moving no cursor. */
static int push(smp_topk *t, uint32_t doc, double score, uint32_t k, smp_hit *heap,
                uint32_t *nh) {
    smp_hit x = {score, doc};
    int enter = score > 0 && (*nh < k || worse(&heap[0], &x)) && !(t->ndel && deleted(t, doc));
    for (size_t i = 0; i < t->nreq && enter; i++)
        if ((enter = smp_phrase_match(&t->req[i], doc)) < 0) return enter;
    if (enter) heap_push(heap, nh, k, x);
    return SMP_OK;
}

/* Offers doc with its score to the heap (unless its article does not
 * pass the filter) and moves the cursors on it forward. */
static int offer(smp_topk *t, uint32_t doc, double score, int filtered, uint32_t k,
                 smp_hit *heap, uint32_t *nh) {
    int rc;
    if (!filtered && (rc = push(t, doc, score, k, heap, nh))) return rc;
    for (size_t i = 0; i < t->nc; i++)
        if (t->cur[i].doc == doc && (rc = smp_cursor_next(&t->cur[i], t->N))) return rc;
    return SMP_OK;
}

/* 1 when doc's article does not pass the filter: it is not scored. */
static int filtered_out(const smp_topk *t, uint32_t doc) {
    if (!t->pass) return 0;
    uint32_t a = smp_segment_doc_article(t->seg, doc);
    return a >= t->narticles || t->pass[a] != SMP_PASS_ALL;
}

/* Scores doc (every cursor already at or past it), offers it to the heap
 * and moves the cursors on it forward. */
static int take(smp_topk *t, uint32_t doc, uint32_t k, smp_hit *heap, uint32_t *nh) {
    double score = 0;
    int rc;
    int filtered = filtered_out(t, doc);
    if (!filtered && (rc = score_doc(t, doc, &score))) return rc;
    return offer(t, doc, score, filtered, k, heap, nh);
}

/* --- strategies --------------------------------------------------------------- */

static int exhaustive(smp_topk *t, uint32_t k, smp_hit *heap, uint32_t *nh) {
    for (;;) {
        uint32_t doc = UINT32_MAX;
        for (size_t i = 0; i < t->nc; i++)
            if (t->cur[i].doc < doc) doc = t->cur[i].doc;
        if (doc == UINT32_MAX) return SMP_OK;
        int rc = take(t, doc, k, heap, nh);
        if (rc) return rc;
    }
}

static int cmp_ub(const void *a, const void *b) {
    double x = (*(smp_cursor *const *)a)->ub, y = (*(smp_cursor *const *)b)->ub;
    return (x > y) - (x < y);
}

/* MaxScore with partial scores: doc, found by the essential cursors, gets
 * their shares first; then the non-essential cursors, the largest bound
 * first, each moved to doc only while the score so far plus the bounds of
 * those left could still beat the threshold (PISA's and Lucene's
 * MaxScore).  A passage given up on is never fully scored.  A share
 * counts at its cursor's scale (see smp_topk_prepare): without concept
 * groups a passage's score is the sum of its own terms' shares, and the
 * score so far is exact; with them it is a bound of what the cursors add.
 * The shares are added up in an order of their own, so the test carries a
 * margin for rounding; a passage that gets through is scored as score_doc
 * scores it, the same to the bit (by score_doc itself, with groups).
 * Questions of more than 64 terms, and the blockmax strategy, take this
 * path; the others take maxscore_window's. */
HOT_INLINE int partial_take(smp_topk *t, smp_cursor **o, const double *prefix, size_t first_ess,
                            uint32_t doc, double th, uint32_t k, smp_hit *heap, uint32_t *nh) {
    int rc;
    if (doc >= t->N) return SMP_ECORRUPT; /* cursors check it: cannot happen */
    if (filtered_out(t, doc)) return offer(t, doc, 0, 1, k, heap, nh);
    double knorm = knorm_of(t, doc), sum = 0;
    for (size_t i = first_ess; i < t->nc; i++) {
        smp_cursor *c = o[i];
        if (c->doc != doc) continue;
        if ((rc = share(t, c, knorm, &c->contrib))) return rc;
        sum += c->scale * c->contrib;
    }
    for (size_t i = first_ess; i-- > 0;) {
        /* prefix[i + 1]: the bounds of o[0..i], those left */
        if ((sum + prefix[i + 1]) * (1 + 1e-12) < th) return offer(t, doc, 0, 1, k, heap, nh);
        smp_cursor *c = o[i];
        if ((rc = smp_cursor_skip_to(c, doc, t->N))) return rc;
        if (c->doc != doc) continue;
        if ((rc = share(t, c, knorm, &c->contrib))) return rc;
        sum += c->scale * c->contrib;
    }
    /* every cursor on doc is at it now, its share in contrib: the score
       as score_doc gives it, without computing the shares again */
    uint8_t on[SMP_TOPK_MAX_CURSORS];
    for (size_t i = 0; i < t->nc; i++)
        if (!(on[i] = t->cur[i].doc == doc)) t->cur[i].contrib = 0;
    t->scored++;
    return offer(t, doc, combine(t, on), 0, k, heap, nh);
}

/* The number of trailing zero bits of x != 0. */
static inline int ctz64(uint64_t x) {
#if defined(__GNUC__)
    return __builtin_ctzll(x);
#else
    int n = 0;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
#endif
}

/* MaxScore in windows of passages (Lucene's MaxScoreBulkScorer), for
 * questions of at most 64 cursors: in each window of WINDOW docids the
 * essential cursors are walked one after the other, each share stored by
 * passage with the sum of scale times share, a bound of what they add, so
 * finding a candidate costs no comparison across cursors.  Then the
 * window's candidates, in docid order, get the non-essential cursors'
 * shares as in partial_take (the largest bound first, while the passage
 * could still enter, with or without concept groups), and one that gets
 * through is scored as score_doc scores it, the same to the bit.  The
 * split into essential and non-essential cursors is renewed at each
 * window; inside one the threshold only rises, so a split made at its
 * start stays safe. */
#define WINDOW 512

typedef struct window {
    smp_cursor **o;        /* the cursors by bound, ascending */
    const double *prefix;  /* prefix[i]: the bounds of o[0..i-1] */
    size_t *rank;          /* t->cur[i] is o[rank[i]] */
    size_t first_ess;      /* o[first_ess..] are essential */
    uint32_t base;         /* the window's first docid */
    double *share;         /* share[j * WINDOW + s]: o[j]'s share of base + s */
    double *acc;           /* acc[s]: the essential shares of base + s */
    uint64_t *on;          /* on[s]: bit j set when o[j] is on base + s */
    uint64_t seen[WINDOW / 64]; /* slots with a share */
} window;

/* The essential cursors' shares of the passages of the window. */
static int window_fill(smp_topk *t, window *w) {
    uint64_t end = (uint64_t)w->base + WINDOW;
    for (size_t j = w->first_ess; j < t->nc; j++) {
        smp_cursor *c = w->o[j];
        double *sh = w->share + j * WINDOW;
        while (c->doc < end && c->doc != UINT32_MAX) {
            uint32_t s = c->doc - w->base;
            int rc;
            if (!filtered_out(t, c->doc)) {
                if ((rc = share(t, c, knorm_of(t, c->doc), &sh[s]))) return rc;
                if (!w->on[s]) {
                    w->acc[s] = 0;
                    w->seen[s >> 6] |= (uint64_t)1 << (s & 63);
                }
                /* scale is 1 for the question's words, 0 for
                   alternatives without groups: the own shares then */
                w->acc[s] += c->scale * sh[s];
                w->on[s] |= (uint64_t)1 << j;
            }
            if ((rc = smp_cursor_next(c, t->N))) return rc;
        }
    }
    return SMP_OK;
}

/* Slot s of the window, a candidate: the non-essential cursors' shares,
 * the largest bound first, while the passage could still beat th (each
 * cursor adds at most scale times its share, and its ub bounds that);
 * when it can, its score, as score_doc gives it, offered to the heap. */
static int window_take(smp_topk *t, window *w, uint32_t s, double th, uint32_t k,
                       smp_hit *heap, uint32_t *nh) {
    uint64_t on = w->on[s];
    uint32_t doc = w->base + s;
    int rc;
    w->on[s] = 0;
    if (doc >= t->N) return SMP_ECORRUPT; /* cursors check it: cannot happen */
    double sum = w->acc[s], knorm = knorm_of(t, doc);
    for (size_t i = w->first_ess; i-- > 0;) {
        /* prefix[i + 1]: the bounds of o[0..i], those left */
        if ((sum + w->prefix[i + 1]) * (1 + 1e-12) < th) return SMP_OK;
        smp_cursor *c = w->o[i];
        if ((rc = smp_cursor_skip_to(c, doc, t->N))) return rc;
        if (c->doc != doc) continue;
        if ((rc = share(t, c, knorm, &c->contrib))) return rc;
        sum += c->scale * c->contrib;
    }
    if (sum * (1 + 1e-12) < th) return SMP_OK;
    uint8_t at[SMP_TOPK_MAX_CURSORS];
    for (size_t i = 0; i < t->nc; i++) {
        smp_cursor *c = &t->cur[i];
        size_t j = w->rank[i];
        if (j >= w->first_ess) {
            at[i] = on >> j & 1;
            c->contrib = at[i] ? w->share[j * WINDOW + s] : 0;
        } else {
            at[i] = c->doc == doc;
            if (!at[i]) c->contrib = 0;
        }
    }
    t->scored++;
    return push(t, doc, combine(t, at), k, heap, nh);
}

static int maxscore_window(smp_topk *t, smp_cursor **o, const double *prefix, uint32_t k,
                           smp_hit *heap, uint32_t *nh) {
    size_t nc = t->nc;
    int rc = SMP_OK;
    window w = {.o = o, .prefix = prefix};
    w.share = malloc(nc * WINDOW * sizeof *w.share);
    w.acc = malloc(WINDOW * sizeof *w.acc);
    w.on = calloc(WINDOW, sizeof *w.on);
    w.rank = malloc(nc * sizeof *w.rank);
    if (!w.share || !w.acc || !w.on || !w.rank) {
        rc = SMP_ENOMEM;
        goto done;
    }
    for (size_t j = 0; j < nc; j++) w.rank[o[j] - t->cur] = j;
    for (;;) {
        double th = threshold(t, heap, *nh, k);
        while (w.first_ess < nc && prefix[w.first_ess + 1] < th) w.first_ess++;
        if (w.first_ess == nc) break; /* nothing left can enter */
        w.base = UINT32_MAX;
        for (size_t j = w.first_ess; j < nc; j++)
            if (o[j]->doc < w.base) w.base = o[j]->doc;
        if (w.base == UINT32_MAX) break;
        if ((rc = window_fill(t, &w))) goto done;
        /* its candidates, in docid order */
        for (uint32_t i = 0; i < WINDOW / 64; i++) {
            for (uint64_t bits = w.seen[i]; bits; bits &= bits - 1) {
                uint32_t s = i * 64 + (uint32_t)ctz64(bits);
                if ((rc = window_take(t, &w, s, th, k, heap, nh))) goto done;
                th = threshold(t, heap, *nh, k);
            }
            w.seen[i] = 0;
        }
    }
done:
    free(w.share);
    free(w.acc);
    free(w.on);
    free(w.rank);
    return rc;
}

/* MaxScore (Turtle and Flood): cursors sorted by bound; the prefix whose
 * bounds sum to no more than the threshold is "non-essential" - a passage
 * found only there cannot enter the top k - so candidates come from the
 * essential cursors alone, and the others are skipped to them. */
static int maxscore(smp_topk *t, uint32_t k, smp_hit *heap, uint32_t *nh) {
    smp_cursor **o = malloc((t->nc + 1) * sizeof *o);
    double *prefix = malloc((t->nc + 1) * sizeof *prefix);
    int rc = SMP_OK;
    if (!o || !prefix) {
        rc = SMP_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < t->nc; i++) o[i] = &t->cur[i];
    qsort(o, t->nc, sizeof *o, cmp_ub);
    prefix[0] = 0;
    for (size_t i = 0; i < t->nc; i++) prefix[i + 1] = prefix[i] + o[i]->ub;
    if (t->nc <= 64) {
        rc = maxscore_window(t, o, prefix, k, heap, nh);
        goto done;
    }
    size_t first_ess = 0; /* o[first_ess..] are essential */
    for (;;) {
        double th = threshold(t, heap, *nh, k);
        while (first_ess < t->nc && prefix[first_ess + 1] < th) first_ess++;
        if (first_ess == t->nc) break; /* nothing left can enter */
        uint32_t doc = UINT32_MAX;
        for (size_t i = first_ess; i < t->nc; i++)
            if (o[i]->doc < doc) doc = o[i]->doc;
        if (doc == UINT32_MAX) break;
        /* a bound of doc's score: essential cursors on it, plus all the
           non-essential ones */
        double bound = prefix[first_ess];
        for (size_t i = first_ess; i < t->nc; i++)
            if (o[i]->doc == doc) bound += o[i]->ub;
        if (bound < th) {
            for (size_t i = first_ess; i < t->nc; i++)
                if (o[i]->doc == doc && (rc = smp_cursor_next(o[i], t->N))) goto done;
            continue;
        }
        if ((rc = partial_take(t, o, prefix, first_ess, doc, th, k, heap, nh))) goto done;
    }
done:
    free(o);
    free(prefix);
    return rc;
}

/* The block bounds of a cursor, computed as they are first asked for. */
typedef struct block_bounds {
    double *v;   /* bound of block b, or -1 before it is computed */
} block_bounds;

static double block_bound(const smp_topk *t, const smp_cursor *c, block_bounds *bb, uint32_t b) {
    if (bb->v[b] < 0) bb->v[b] = cursor_bound(c, &t->bm, b);
    return bb->v[b];
}

/* A bound of the cursor's share of the passages from..to (from <= to):
 * 0 when it has no posting there, else the largest bound of the blocks
 * that could hold one, from the block table (nothing decoded). */
static double range_bound(const smp_topk *t, const smp_cursor *c, block_bounds *bb,
                          uint32_t from, uint32_t to) {
    if (c->doc > to) return 0; /* also at the end */
    if (from < c->doc) from = c->doc;
    uint32_t b = c->docids[c->n - 1] >= from ? c->block : smp_cursor_block_of(c, from);
    if (b >= c->nblocks) return 0;
    double m = block_bound(t, c, bb, b);
    while (b + 1 < c->nblocks && smp_cursor_block_last(c, b) < to) {
        double x = block_bound(t, c, bb, ++b);
        if (x > m) m = x;
    }
    return m;
}

/* MaxScore (Turtle and Flood) with block bounds (Lucene's
 * MaxScoreBulkScorer).  Cursors sorted by bound; the prefix whose bounds
 * sum to no more than the threshold is "non-essential": a passage found
 * only there cannot enter the top k.  The docids are walked in windows
 * that end where the first block of an essential cursor ends; in each,
 * every cursor's bound is that of its blocks there (the block table's
 * maxima), a window whose bounds add up to less than the threshold is
 * skipped without decoding anything, and in the others the cursors are
 * split again by those tighter bounds: candidates come from the window's
 * essential cursors alone, and the others are moved to them (in
 * partial_take, only while the passage could still enter). */
static int maxscore_blocks(smp_topk *t, uint32_t k, smp_hit *heap, uint32_t *nh) {
    size_t nc = t->nc, nb = 0;
    for (size_t i = 0; i < nc; i++) nb += t->cur[i].nblocks;
    smp_cursor **o = malloc((nc + 1) * sizeof *o), **w = malloc((nc + 1) * sizeof *w);
    double *prefix = malloc((nc + 1) * sizeof *prefix);
    double *wprefix = malloc((nc + 1) * sizeof *wprefix);
    double *wub = malloc((nc + 1) * sizeof *wub);
    block_bounds *bb = malloc((nc + 1) * sizeof *bb);
    double *bv = malloc((nb + 1) * sizeof *bv);
    int rc = SMP_OK;
    if (!o || !w || !prefix || !wprefix || !wub || !bb || !bv) {
        rc = SMP_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < nb; i++) bv[i] = -1;
    for (size_t i = 0, at = 0; i < nc; i++) {
        bb[i].v = bv + at;
        at += t->cur[i].nblocks;
    }
    for (size_t i = 0; i < nc; i++) o[i] = &t->cur[i];
    qsort(o, nc, sizeof *o, cmp_ub);
    prefix[0] = 0;
    for (size_t i = 0; i < nc; i++) prefix[i + 1] = prefix[i] + o[i]->ub;
    uint32_t wmin = 0;
    for (;;) {
        double th = threshold(t, heap, *nh, k);
        size_t first_ess = 0; /* o[first_ess..] are essential */
        while (first_ess < nc && prefix[first_ess + 1] < th) first_ess++;
        if (first_ess == nc) break; /* nothing left can enter */
        /* the window: from wmin (or the essential cursors' first posting
           after it) to the nearest end of an essential cursor's block */
        uint32_t wmax = UINT32_MAX, start = UINT32_MAX;
        for (size_t i = first_ess; i < nc; i++) {
            const smp_cursor *c = o[i];
            if (c->doc == UINT32_MAX) continue;
            uint32_t at = c->doc > wmin ? c->doc : wmin;
            uint32_t b = c->docids[c->n - 1] >= at ? c->block : smp_cursor_block_of(c, at);
            if (b >= c->nblocks) continue;
            uint32_t last = b == c->block ? c->docids[c->n - 1] : smp_cursor_block_last(c, b);
            if (last < wmax) wmax = last;
            if (at < start) start = at;
        }
        if (start == UINT32_MAX) break; /* the essential cursors are done */
        wmin = start;
        /* the cursors by their bounds in the window */
        for (size_t i = 0; i < nc; i++) {
            smp_cursor *c = &t->cur[i];
            double x = range_bound(t, c, &bb[i], wmin, wmax);
            size_t j = i;
            for (; j > 0 && wub[j - 1] > x; j--) {
                wub[j] = wub[j - 1];
                w[j] = w[j - 1];
            }
            wub[j] = x;
            w[j] = c;
        }
        wprefix[0] = 0;
        for (size_t i = 0; i < nc; i++) wprefix[i + 1] = wprefix[i] + wub[i];
        size_t wfirst = 0; /* w[wfirst..] are essential in the window */
        while (wfirst < nc) {
            while (wfirst < nc && wprefix[wfirst + 1] < th) wfirst++;
            if (wfirst == nc) break; /* nothing in the window can enter */
            uint32_t doc = UINT32_MAX;
            for (size_t i = wfirst; i < nc; i++) {
                if (w[i]->doc < wmin && (rc = smp_cursor_skip_to(w[i], wmin, t->N))) goto done;
                if (w[i]->doc < doc) doc = w[i]->doc;
            }
            if (doc > wmax) break;
            /* a bound of doc's score: essential cursors on it, plus all the
               non-essential ones */
            double bound = wprefix[wfirst];
            for (size_t i = wfirst; i < nc; i++)
                if (w[i]->doc == doc) bound += wub[i];
            if (bound < th) {
                for (size_t i = wfirst; i < nc; i++)
                    if (w[i]->doc == doc && (rc = smp_cursor_next(w[i], t->N))) goto done;
                continue;
            }
            if ((rc = partial_take(t, w, wprefix, wfirst, doc, th, k, heap, nh))) goto done;
            th = threshold(t, heap, *nh, k);
        }
        if (wmax == UINT32_MAX) break;
        wmin = wmax + 1;
    }
done:
    free(o);
    free(w);
    free(prefix);
    free(wprefix);
    free(wub);
    free(bb);
    free(bv);
    return rc;
}

static int cmp_doc(const void *a, const void *b) {
    uint32_t x = (*(smp_cursor *const *)a)->doc, y = (*(smp_cursor *const *)b)->doc;
    return (x > y) - (x < y);
}

/* Block-Max WAND (Ding and Suel): cursors sorted by docid; the pivot is
 * the first docid where the term bounds reach the threshold; then the
 * per-block bounds of the cursors up to the pivot are checked, and when
 * even they fall short, all of them jump past the nearest block end. */
static int bmw(smp_topk *t, uint32_t k, smp_hit *heap, uint32_t *nh) {
    smp_cursor **o = malloc((t->nc + 1) * sizeof *o);
    int rc = SMP_OK;
    if (!o) return SMP_ENOMEM;
    for (size_t i = 0; i < t->nc; i++) o[i] = &t->cur[i];
    qsort(o, t->nc, sizeof *o, cmp_doc);
    for (;;) {
        /* only a few cursors moved since the last round: insertion sort */
        for (size_t i = 1; i < t->nc; i++) {
            smp_cursor *c = o[i];
            size_t j = i;
            while (j > 0 && o[j - 1]->doc > c->doc) {
                o[j] = o[j - 1];
                j--;
            }
            o[j] = c;
        }
        double th = threshold(t, heap, *nh, k), acc = 0;
        size_t p = 0;
        while (p < t->nc && o[p]->doc != UINT32_MAX) {
            acc += o[p]->ub;
            if (acc >= th) break;
            p++;
        }
        if (p == t->nc || o[p]->doc == UINT32_MAX) break; /* no pivot: done */
        uint32_t pivot = o[p]->doc;
        while (p + 1 < t->nc && o[p + 1]->doc == pivot) p++; /* all on the pivot */
        /* block bounds at the pivot */
        double bacc = 0;
        uint32_t next = UINT32_MAX; /* nearest end of those blocks, + 1 */
        for (size_t i = 0; i <= p; i++) {
            uint32_t b = smp_cursor_block_of(o[i], pivot);
            if (b >= o[i]->nblocks) continue;
            bacc += cursor_bound(o[i], &t->bm, b);
            uint32_t last = smp_cursor_block_last(o[i], b);
            if (last + 1 < next) next = last + 1;
        }
        if (bacc < th) {
            /* no passage up to the nearest block end beats the threshold
               with these terms alone; cursors after p start later */
            if (p + 1 < t->nc && o[p + 1]->doc < next) next = o[p + 1]->doc;
            if (next <= pivot) next = pivot + 1;
            for (size_t i = 0; i <= p; i++)
                if ((rc = smp_cursor_skip_to(o[i], next, t->N))) goto done;
            continue;
        }
        if (o[0]->doc == pivot) {
            /* every cursor before the pivot is on it: score it exactly,
               with the others moved up to it */
            for (size_t i = p + 1; i < t->nc; i++)
                if ((rc = smp_cursor_skip_to(o[i], pivot, t->N))) goto done;
            if ((rc = take(t, pivot, k, heap, nh))) goto done;
        } else {
            for (size_t i = 0; i < p && o[i]->doc < pivot; i++)
                if ((rc = smp_cursor_skip_to(o[i], pivot, t->N))) goto done;
        }
    }
done:
    free(o);
    return rc;
}

int smp_topk_run(smp_topk *t, int strategy, uint32_t k, smp_hit *heap, uint32_t *nh) {
    *nh = 0;
    t->scored = 0;
    int rc = strategy == SMP_TOPK_MAXSCORE   ? maxscore(t, k, heap, nh)
             : strategy == SMP_TOPK_BMW      ? bmw(t, k, heap, nh)
             : strategy == SMP_TOPK_BLOCKMAX ? maxscore_blocks(t, k, heap, nh)
                                             : exhaustive(t, k, heap, nh);
    if (rc) return rc;
    qsort(heap, *nh, sizeof *heap, cmp_hit);
    return SMP_OK;
}
