/* bm25.c - BM25 scoring (Lucene's idf, a BM25F-style field combination).
 *
 * Fields are combined before saturation (Robertson and Zaragoza's simple
 * BM25F): a term's pseudo frequency is the weighted sum of its frequencies
 * in title, heading and body, and a passage's pseudo length the weighted
 * sum of its field lengths; the usual BM25 formula is then applied to
 * these with the average pseudo length over the collection.
 */
#include <math.h>

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

double smp_bm25_term_k(const smp_bm25 *p, double idf, const uint32_t tf[3], double knorm) {
    double wtf = 0;
    for (int f = 0; f < 3; f++) wtf += p->weight[f] * tf[f];
    if (wtf <= 0) return 0;
    return idf * wtf / (wtf + knorm);
}

double smp_bm25_term(const smp_bm25 *p, double idf, const uint32_t tf[3],
                     const uint32_t len[3]) {
    return smp_bm25_term_k(p, idf, tf, smp_bm25_knorm(p, len));
}
