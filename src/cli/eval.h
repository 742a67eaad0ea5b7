/*
 * eval.h - relevance judgments and effectiveness measures, for
 * `smpsearch eval`.
 * Nothing here is part of the public API (include/smpsearch.h).
 */
#ifndef SMP_CLI_EVAL_H
#define SMP_CLI_EVAL_H

#include <stddef.h>
#include <stdint.h>
#include "smpsearch.h"

/**************************************************************************
** Interface to code in eval.c
**
** Relevance judgments and effectiveness measures (trec_eval -c
** conventions, see eval.c).
*/
typedef struct smp_qrels smp_qrels;

typedef struct smp_eval_metrics {
    uint32_t queries; /* queries averaged (1 or 0 for one query) */
    double ndcg10, mrr10, p1, recall10, recall100;
} smp_eval_metrics;

/* Reads TREC qrels ("qid iter docid rel") or BEIR TSV ("qid docid rel",
 * with a "query-id" header line).  SMP_EEMPTY when nothing is relevant. */
int smp_qrels_load(smp_qrels **out, const char *path, smp_error *err);
void smp_qrels_free(smp_qrels *q);
/* Queries with at least one relevant passage, sorted by id. */
size_t smp_qrels_queries(const smp_qrels *q);
const char *smp_qrels_query(const smp_qrels *q, size_t i);
int smp_qrels_has_query(const smp_qrels *q, const char *qid);
/* Grade of docid for qid (0 when not judged). */
int smp_qrels_rel(const smp_qrels *q, const char *qid, const char *docid);
/* Relevant passages of qid (up to max into docids/rels); returns their
 * total count. */
size_t smp_qrels_relevant(const smp_qrels *q, const char *qid, const char **docids,
                          int *rels, size_t max);
/* Measures of one query's ranking docids[0..n). */
int smp_eval_query(const smp_qrels *q, const char *qid, const char *const *docids,
                   size_t n, smp_eval_metrics *out);
void smp_eval_add(smp_eval_metrics *sum, const smp_eval_metrics *one);
/* Divides the sums by the number of queries. */
void smp_eval_mean(smp_eval_metrics *sum, size_t nqueries);


#endif /* SMP_CLI_EVAL_H */
