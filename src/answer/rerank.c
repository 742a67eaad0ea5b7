/*
 * rerank.c - the second stage of ranking: the first stage's best passages
 * (BM25F with MaxScore, search/) ranked again by their score plus a
 * weighted sum of features that BM25F cannot see:
 *
 *   proximity      the question's content words close together in the
 *                  body: for each such word there, its idf times 1/d^2,
 *                  d the fewest words from one of its places to a place of
 *                  another content word of the question (positions, read
 *                  as phrase.c reads them; a term's places in a passage run
 *                  through title, heading and body in that order, so its
 *                  last tf[body] places are the body's);
 *   heading_match  how well the passage's heading, or its article's
 *   title_match    title, matches the whole question, filler words included
 *                  ("what is", "who should not", "can I"): the harmonic mean
 *                  of the share of the question's idf it holds and the
 *                  share of its words that are the question's; FAQ headings
 *                  are the questions they answer;
 *   topic          the question names the topic of the passage's article
 *                  (its category; topics.c): the share of the topic's words
 *                  it names;
 *   answer_type    the passage gives an answer of the kind the question
 *                  asks for (qtype.c: a duration, visits, a price, ...);
 *   length         ln(1 + words of the body).
 *
 * Every feature is 0 or more and costs nothing when its weight is 0.  The
 * weights are options (smp_search_options), fitted by `smpsearch train`.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "answer/answer.h"

static const char *const names[SMP_RR_NFEATURES] = {
    "proximity", "heading match", "title match", "topic", "answer type", "length"};

const char *smp_rerank_name(int f) {
    return f >= 0 && f < SMP_RR_NFEATURES ? names[f] : NULL;
}

int smp_rerank_weights(const smp_search_options *o, double w[SMP_RR_NFEATURES]) {
    w[SMP_RR_PROXIMITY] = o->proximity_weight;
    w[SMP_RR_HEADING] = o->heading_match_weight;
    w[SMP_RR_TITLE] = o->title_match_weight;
    w[SMP_RR_TOPIC] = o->topic_weight;
    w[SMP_RR_ANSWER_TYPE] = o->answer_type_weight;
    w[SMP_RR_LENGTH] = o->length_weight;
    int any = 0;
    for (int f = 0; f < SMP_RR_NFEATURES; f++) any |= w[f] != 0;
    return any;
}

/* One distinct word of the question, in one segment. */
typedef struct rr_term {
    const smp_qterm *qt;
    double idf;
    int found;   /* the segment holds it */
    int has_pos; /* pr is open */
    smp_cursor c;
    smp_pos_reader pr;
} rr_term;

/* A candidate: its place in the caller's list, and where it lives. */
typedef struct rr_doc {
    uint32_t i, local;
    long seg;
} rr_doc;

static int by_place(const void *a, const void *b) {
    const rr_doc *x = a, *y = b;
    if (x->seg != y->seg) return x->seg < y->seg ? -1 : 1;
    return x->local < y->local ? -1 : x->local > y->local;
}

/* The fewest words between a place in a[0..na) and one in b[0..nb),
 * both ascending. */
static uint32_t min_distance(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb) {
    uint32_t best = UINT32_MAX, i = 0, j = 0;
    while (i < na && j < nb) {
        uint32_t d = a[i] > b[j] ? a[i] - b[j] : b[j] - a[i];
        if (d < best) best = d;
        if (a[i] < b[j]) i++;
        else j++;
    }
    return best;
}

static void close_terms(rr_term *t, size_t n) {
    for (size_t k = 0; k < n; k++)
        if (t[k].has_pos) smp_pos_free(&t[k].pr);
}

/* Opens the question's distinct own words in segment sg. */
static int open_terms(const smp_segment *sg, int positions, rr_term *t, size_t nt) {
    uint64_t N = smp_segment_passages(sg);
    for (size_t k = 0; k < nt; k++) {
        rr_term *x = &t[k];
        const smp_qterm *qt = x->qt;
        x->found = x->has_pos = 0;
        x->c.lazy = 1; /* term frequencies only of the passages asked for */
        int found = smp_segment_lookup(sg, qt->term, qt->len, &x->c.ti);
        if (found < 0) return SMP_ECORRUPT;
        if (!found) continue;
        int rc = smp_cursor_init(&x->c, N);
        if (rc) return rc;
        x->found = 1;
        if (positions && !qt->filler && x->c.ti.pos) {
            x->pr.block = -1;
            if ((rc = smp_pos_init(&x->pr, &x->c.ti))) return rc;
            x->has_pos = 1;
        }
    }
    return SMP_OK;
}

/* How well a field matches the question: the harmonic mean of the share
 * of the question's idf it holds (recall) and the share of its words that
 * are the question's (precision, n of len). */
static double match(double recall, uint32_t n, uint32_t len) {
    double precision = len ? (double)(n < len ? n : len) / len : 0;
    return recall + precision > 0 ? 2 * recall * precision / (recall + precision) : 0;
}

/* The features of one candidate, local in segment sg. */
/* Whether the passage (doc in the index, local in sg) gives the kind of
 * answer rr->qtype asks for: 1, 0, or a negative error code. */
static int gives_answer(smp_rerank *rr, const smp_segment *sg, smp_store_reader *store,
                        const smp_doc_info *d, uint32_t doc) {
    smp_answer_memo *m = rr->memo;
    size_t slot = doc % SMP_ANSWER_MEMO;
    uint16_t bit = (uint16_t)(1u << (rr->qtype & 15));
    if (m && m->doc[slot] != doc + 1) {
        m->doc[slot] = doc + 1;
        m->known[slot] = m->gives[slot] = 0;
    }
    if (m && (m->known[slot] & bit)) return (m->gives[slot] & bit) != 0;
    const char *heading, *text;
    uint32_t hl, tl;
    int rc = smp_segment_passage(sg, d, store, &heading, &hl, &text, &tl);
    if (rc) return -rc;
    int gives = smp_gives_answer(rr->qtype, text, tl) != 0;
    if (m) {
        m->known[slot] |= bit;
        if (gives) m->gives[slot] |= bit;
    }
    return gives;
}

/* answer: find out the answer type too (else it is left 0). */
static int doc_features(smp_rerank *rr, const smp_segment *sg, smp_store_reader *store,
                        rr_term *t, size_t nt, uint32_t local, uint32_t doc, int answer,
                        double f[SMP_RR_NFEATURES]) {
    const double *w = rr->w;
    int all = rr->all;
    uint64_t N = smp_segment_passages(sg);
    smp_doc_info d;
    int rc = smp_segment_doc(sg, local, &d);
    if (rc) return rc;
    const uint32_t *body[SMP_MAX_QUERY_TERMS];
    uint32_t nbody[SMP_MAX_QUERY_TERMS];
    double qidf = 0, head = 0, title = 0;
    uint32_t nhead = 0, ntitle = 0;
    for (size_t k = 0; k < nt; k++) {
        rr_term *x = &t[k];
        nbody[k] = 0;
        if (!x->idf) continue;
        qidf += x->idf;
        if (!x->found) continue;
        if ((rc = smp_cursor_skip_to(&x->c, local, N))) return rc;
        if (x->c.doc != local) continue;
        if ((rc = smp_cursor_tf(&x->c, 3))) return rc;
        uint32_t tf[3] = {x->c.tf[0][x->c.i], x->c.tf[1][x->c.i], x->c.tf[2][x->c.i]};
        if (tf[SMP_FIELD_HEADING]) head += x->idf, nhead += tf[SMP_FIELD_HEADING];
        if (tf[SMP_FIELD_TITLE]) title += x->idf, ntitle += tf[SMP_FIELD_TITLE];
        if (x->has_pos && tf[SMP_FIELD_BODY]) {
            const uint32_t *pos;
            uint32_t np;
            if ((rc = smp_pos_get_one(&x->pr, &x->c, &pos, &np))) return rc;
            uint32_t nb = tf[SMP_FIELD_BODY] < np ? tf[SMP_FIELD_BODY] : np;
            body[k] = pos + (np - nb);
            nbody[k] = nb;
        }
    }
    memset(f, 0, SMP_RR_NFEATURES * sizeof *f);
    if (all || w[SMP_RR_PROXIMITY] != 0)
        for (size_t a = 0; a < nt; a++) {
            if (!nbody[a]) continue;
            uint32_t best = UINT32_MAX;
            for (size_t b = 0; b < nt; b++) {
                if (b == a || !nbody[b]) continue;
                uint32_t dist = min_distance(body[a], nbody[a], body[b], nbody[b]);
                if (dist < best) best = dist;
            }
            if (best == UINT32_MAX) continue;
            double dd = best ? (double)best : 1.0;
            f[SMP_RR_PROXIMITY] += t[a].idf / (dd * dd);
        }
    if (qidf > 0) {
        f[SMP_RR_HEADING] = match(head / qidf, nhead, d.len[SMP_FIELD_HEADING]);
        f[SMP_RR_TITLE] = match(title / qidf, ntitle, d.len[SMP_FIELD_TITLE]);
    }
    if ((all || w[SMP_RR_TOPIC] != 0) && rr->topics && rr->topics->n) {
        smp_article_info in;
        if ((rc = smp_segment_article_info(sg, d.article, &in))) return rc;
        f[SMP_RR_TOPIC] = smp_topic_share(rr->topics, rr->topic_share, in.categories);
    }
    if (answer && (all || w[SMP_RR_ANSWER_TYPE] != 0) && rr->qtype != SMP_QTYPE_NONE) {
        int gives = gives_answer(rr, sg, store, &d, doc);
        if (gives < 0) return -gives;
        f[SMP_RR_ANSWER_TYPE] = gives;
    }
    f[SMP_RR_LENGTH] = log1p((double)d.len[SMP_FIELD_BODY]);
    return SMP_OK;
}

static int features(smp_rerank *rr, const uint32_t *docs, size_t n, int answer,
                    double (*f)[SMP_RR_NFEATURES]) {
    const smp_query *q = rr->q;
    /* the question's own words, each once (filler too: the heading and
       title are matched against the whole question) */
    const smp_qterm *qt[SMP_MAX_QUERY_TERMS];
    size_t nt = 0;
    for (size_t i = 0; i < q->nown && i < SMP_MAX_QUERY_TERMS; i++) {
        const smp_qterm *x = &q->terms[i];
        if (x->alt || !x->len) continue;
        size_t k = 0;
        while (k < nt && !(qt[k]->len == x->len && !memcmp(qt[k]->term, x->term, x->len))) k++;
        if (k == nt) qt[nt++] = x;
    }
    rr_doc *order = malloc((n ? n : 1) * sizeof *order);
    rr_term *t = malloc((nt ? nt : 1) * sizeof *t); /* open_terms sets them up */
    int rc = order && t ? SMP_OK : SMP_ENOMEM;
    for (size_t k = 0; k < nt && t; k++) t[k].has_pos = 0;
    /* idf from the whole index, so that a segmented index ranks as a full
       build does */
    for (size_t k = 0; k < nt && rc == SMP_OK; k++) {
        uint32_t df = 0;
        t[k].qt = qt[k];
        int found = smp_index_df(rr->ix, qt[k]->term, qt[k]->len, &df);
        if (found < 0) rc = SMP_ECORRUPT;
        uint64_t N = rr->N ? rr->N : smp_index_live_passages(rr->ix);
        t[k].idf = found > 0 ? smp_bm25_idf(N, df) : 0;
    }
    for (size_t i = 0; i < n && rc == SMP_OK; i++) {
        order[i].i = (uint32_t)i;
        order[i].seg = smp_index_locate(rr->ix, docs[i], &order[i].local);
        if (order[i].seg < 0) rc = SMP_ECORRUPT;
    }
    if (rc == SMP_OK) qsort(order, n, sizeof *order, by_place);
    int positions = rr->all || rr->w[SMP_RR_PROXIMITY] != 0;
    long open = -1;
    for (size_t i = 0; i < n && rc == SMP_OK; i++) {
        const smp_segment *sg = smp_index_segment(rr->ix, (size_t)order[i].seg)->seg;
        if (order[i].seg != open) {
            close_terms(t, nt);
            open = order[i].seg;
            rc = open_terms(sg, positions && smp_segment_has_positions(sg), t, nt);
            if (rc) break;
        }
        rc = doc_features(rr, sg, &rr->store[open], t, nt, order[i].local, docs[order[i].i],
                          answer, f[order[i].i]);
    }
    if (t) close_terms(t, nt);
    free(t);
    free(order);
    return rc;
}

int smp_rerank_features(smp_rerank *rr, const uint32_t *docs, size_t n,
                        double (*f)[SMP_RR_NFEATURES]) {
    return features(rr, docs, n, 1, f);
}

static int by_value_desc(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* The answer type of the hits that could be among the best rr->want
 * whatever the answer types turn out to be (the others' stays 0): a hit
 * whose score with the largest answer type feature is below the want-th
 * best of the scores with the smallest cannot be. */
static int answer_types(smp_rerank *rr, const smp_hit *hits, uint32_t nh,
                        double (*f)[SMP_RR_NFEATURES]) {
    double wa = rr->w[SMP_RR_ANSWER_TYPE];
    double *lo = malloc(2 * (size_t)nh * sizeof *lo);
    if (!lo) return SMP_ENOMEM;
    double *hi = lo + nh;
    for (uint32_t i = 0; i < nh; i++) {
        double s = hits[i].score + smp_rerank_score(rr, f[i]);
        /* a margin for the rounding of sums in another order */
        double margin = 1e-9 * (fabs(s) + fabs(wa) + 1);
        lo[i] = s + (wa < 0 ? wa : 0) - margin;
        hi[i] = s + (wa > 0 ? wa : 0) + margin;
    }
    double *sorted = malloc((size_t)nh * sizeof *sorted);
    int rc = sorted ? SMP_OK : SMP_ENOMEM;
    if (rc == SMP_OK) {
        memcpy(sorted, lo, (size_t)nh * sizeof *sorted);
        qsort(sorted, nh, sizeof *sorted, by_value_desc);
        double bar = sorted[rr->want - 1];
        for (uint32_t i = 0; i < nh && rc == SMP_OK; i++) {
            if (hi[i] < bar) continue;
            uint32_t local;
            long seg = smp_index_locate(rr->ix, hits[i].doc, &local);
            if (seg < 0) {
                rc = SMP_ECORRUPT;
                break;
            }
            const smp_segment *sg = smp_index_segment(rr->ix, (size_t)seg)->seg;
            smp_doc_info d;
            if ((rc = smp_segment_doc(sg, local, &d))) break;
            int gives = gives_answer(rr, sg, &rr->store[seg], &d, hits[i].doc);
            if (gives < 0) rc = -gives;
            else f[i][SMP_RR_ANSWER_TYPE] = gives;
        }
    }
    free(sorted);
    free(lo);
    return rc;
}

double smp_rerank_score(const smp_rerank *rr, const double f[SMP_RR_NFEATURES]) {
    double s = 0;
    for (int k = 0; k < SMP_RR_NFEATURES; k++)
        if (rr->w[k] != 0) s += rr->w[k] * f[k];
    return s;
}

typedef struct rr_hit {
    smp_hit h;
    uint32_t first; /* rank in the first stage: ties keep its order */
} rr_hit;

static int by_score(const void *a, const void *b) {
    const rr_hit *x = a, *y = b;
    if (x->h.score != y->h.score) return x->h.score > y->h.score ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

int smp_rerank_hits(smp_rerank *rr, smp_hit *hits, uint32_t nh) {
    if (nh == 0) return SMP_OK;
    uint32_t *docs = malloc(nh * sizeof *docs);
    double (*f)[SMP_RR_NFEATURES] = malloc(nh * sizeof *f);
    rr_hit *h = malloc(nh * sizeof *h);
    int rc = docs && f && h ? SMP_OK : SMP_ENOMEM;
    for (uint32_t i = 0; i < nh && rc == SMP_OK; i++) docs[i] = hits[i].doc;
    /* the answer types last, of the hits that could still need them */
    int later = !rr->all && rr->want && rr->want < nh && rr->qtype != SMP_QTYPE_NONE &&
                rr->w[SMP_RR_ANSWER_TYPE] != 0;
    if (rc == SMP_OK) rc = features(rr, docs, nh, !later, f);
    if (rc == SMP_OK && later) rc = answer_types(rr, hits, nh, f);
    if (rc == SMP_OK) {
        for (uint32_t i = 0; i < nh; i++) {
            h[i].h = hits[i];
            h[i].h.score += smp_rerank_score(rr, f[i]);
            h[i].first = i;
        }
        qsort(h, nh, sizeof *h, by_score);
        for (uint32_t i = 0; i < nh; i++) hits[i] = h[i].h;
    }
    free(docs);
    free(f);
    free(h);
    return rc;
}
