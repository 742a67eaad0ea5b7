/*
 * plan.c - what the ranking of one question needs from the whole index,
 * the same whether it is one file or segments (so both rank alike): the
 * live passage count, each term's idf from its live document frequency,
 * which terms are scored (question filler is left out when the question
 * has a real word), the concept groups with their scales, whether a quoted
 * phrase has a word nowhere, and the average field lengths.
 */
#include <string.h>

#include "search/search.h"

#define MAX_PHRASES SMP_MAX_PHRASES

int smp_plan_make(smp_plan *p, const smp_index *ix, smp_query *qp,
                  const smp_search_options *opt) {
    int keep_filler = opt->keep_filler;
    smp_query *q = qp;
    uint64_t N = smp_index_live_passages(ix);
    int *use = p->use; /* the term is scored */
    int plain = smp_index_manifest(ix) == NULL; /* one file: look terms up once */
    smp_term_info *gti = p->gti;
    double *tidf = p->tidf;
    /* question filler ("how", "does", "the") is left out of the ranking
       when the question has a real word: it only adds noise in the body;
       in headings and titles, which are questions, it tells "what is X"
       from "how to remove X" and "who should not" from "who can" */
    int content = 0;
    for (size_t i = 0; i < q->nown; i++) content |= !q->terms[i].filler && !q->terms[i].alt;
    for (size_t i = 0; i < q->n; i++) {
        use[i] = 0;
        int dup = 0; /* a correction may repeat another word */
        for (size_t k = 0; k < i; k++)
            dup |= q->terms[k].len == q->terms[i].len &&
                   !memcmp(q->terms[k].term, q->terms[i].term, q->terms[i].len);
        int heading_only = q->terms[i].filler && content && !keep_filler;
        if (dup || (heading_only && opt->question_weight <= 0)) continue;
        p->fields[i] = heading_only ? (1u << SMP_FIELD_TITLE | 1u << SMP_FIELD_HEADING) : 7u;
        uint32_t df;
        int found = plain ? smp_segment_lookup(smp_index_segment(ix, 0)->seg, q->terms[i].term,
                                               q->terms[i].len, &gti[i])
                          : smp_index_df(ix, q->terms[i].term, q->terms[i].len, &df);
        if (found < 0) return SMP_ECORRUPT;
        if (!found) continue;
        if (plain) df = gti[i].df;
        use[i] = 1;
        q->terms[i].idf = smp_bm25_idf(N, df);
        /* a word said twice counts twice, as in Lucene's and FTS5's BM25 */
        tidf[i] = q->terms[i].idf * (q->terms[i].qtf ? q->terms[i].qtf : 1);
        if (heading_only) tidf[i] *= opt->question_weight;
    }
    /* concept groups; a phrase with a word nowhere never matches */
    double pidf[MAX_PHRASES];
    size_t np = 0;
    for (size_t ph = 0; ph < q->nphrases; ph++) {
        size_t k, m = 0;
        pidf[np] = 0;
        for (k = 0; k < q->phrases[ph].n; k++) {
            size_t t = q->phrases[ph].term[k];
            if (use[t]) {
                p->gterm[np][m++] = t;
                /* an added phrase weighs only its words the question lacks */
                if (q->phrases[ph].own || q->terms[t].alt) pidf[np] += tidf[t];
            } else if (!q->phrases[ph].own) {
                break; /* an added phrase must match whole */
            }
        }
        if (k == q->phrases[ph].n) {
            p->glen[np] = m;
            p->gsrc[np++] = ph;
        }
    }
    /* an added phrase is scaled to the idf of the question's own phrase,
       so a long form of many words weighs what the one acronym does */
    for (size_t ph = 0, g0 = 0; ph < np; ph++) {
        const smp_qphrase *qph = &q->phrases[p->gsrc[ph]];
        if (ph == 0 || qph->group != q->phrases[p->gsrc[ph - 1]].group) g0 = ph;
        double own_idf = 0;
        for (size_t k = g0; k < np && q->phrases[p->gsrc[k]].group == qph->group; k++)
            if (q->phrases[p->gsrc[k]].own && pidf[k] > own_idf) own_idf = pidf[k];
        p->pscale[ph] = qph->weight * (own_idf > 0 && pidf[ph] > 0 ? own_idf / pidf[ph] : 1);
    }
    /* quoted phrases: every result must hold each of them */
    int impossible = 0;
    for (size_t j = 0; j < q->nquoted && !impossible; j++)
        for (size_t k = 0; k < q->qp[j].n && !impossible; k++) {
            const smp_qterm *t = &q->terms[q->qp[j].term[k]];
            uint32_t df;
            int found = smp_index_df(ix, t->term, t->len, &df);
            if (found < 0) return SMP_ECORRUPT;
            impossible = !found;
        }
    smp_index_avg_len(ix, p->avg);
    p->N = N;
    p->plain = plain;
    p->np = np;
    p->impossible = impossible;
    return SMP_OK;
}
