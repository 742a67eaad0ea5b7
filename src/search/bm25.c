/* bm25.c - BM25 scoring (Lucene's idf, a BM25F-style field combination).
 *
 * Fields are combined before saturation (Robertson and Zaragoza's simple
 * BM25F): a term's pseudo frequency is the weighted sum of its frequencies
 * in title, heading and body, and a passage's pseudo length the weighted
 * sum of its field lengths; the usual BM25 formula is then applied to
 * these with the average pseudo length over the collection.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "search/search.h"

double smp_bm25_idf(uint64_t N, uint64_t df) {
    return log(1.0 + ((double)N - (double)df + 0.5) / ((double)df + 0.5));
}

double smp_bm25_knorm(const smp_bm25 *p, const uint32_t len[3]) {
    double wlen = 0;
    for (int f = 0; f < 3; f++) wlen += p->weight[f] * len[f];
    double norm = 1.0 - p->b + (p->avg_len > 0 ? p->b * wlen / p->avg_len : 0);
    return p->k1 * norm;
}

double smp_bm25_term(const smp_bm25 *p, double idf, const uint32_t tf[3],
                     const uint32_t len[3]) {
    return smp_bm25_term_k(p, idf, tf, smp_bm25_knorm(p, len));
}

int smp_knorms_prepare(smp_knorms *kn, const smp_segment *seg, const smp_bm25 *bm) {
    uint64_t n = smp_segment_passages(seg);
    if (kn->seg == seg && kn->n == n && kn->v && !memcmp(&kn->bm, bm, sizeof *bm))
        return SMP_OK;
    size_t words = (size_t)((n + 4095) / 4096); /* a bit per 64 passages */
    if (kn->seg != seg || kn->n != n || !kn->v) {
        smp_knorms_free(kn);
        kn->v = malloc((size_t)(n ? n : 1) * sizeof *kn->v);
        kn->done = calloc(words ? words : 1, sizeof *kn->done);
        if (!kn->v || !kn->done) {
            smp_knorms_free(kn);
            return SMP_ENOMEM;
        }
        kn->seg = seg;
        kn->n = n;
    } else {
        memset(kn->done, 0, (words ? words : 1) * sizeof *kn->done);
    }
    kn->bm = *bm;
    return SMP_OK;
}

void smp_knorms_free(smp_knorms *kn) {
    free(kn->v);
    free(kn->done);
    memset(kn, 0, sizeof *kn);
}

void smp_knorms_fill(smp_knorms *kn, uint32_t c) {
    uint64_t from = (uint64_t)c * 64, to = from + 64 < kn->n ? from + 64 : kn->n;
    for (uint64_t d = from; d < to; d++) {
        uint32_t len[3];
        smp_segment_doc_lens(kn->seg, (uint32_t)d, len);
        kn->v[d] = smp_bm25_knorm(&kn->bm, len);
    }
    kn->done[c >> 6] |= (uint64_t)1 << (c & 63);
}
