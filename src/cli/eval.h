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
typedef struct qrels qrels;

typedef struct eval_metrics {
    uint32_t queries; /* queries averaged (1 or 0 for one query) */
    double ndcg10, mrr10, p1, recall10, recall100;
    double map;   /* average precision over the ranking (at most 100) */
    double top3;  /* a relevant passage in the first 3 (success@3) */
} eval_metrics;

/* Reads TREC qrels ("qid iter docid rel") or BEIR TSV ("qid docid rel",
 * with a "query-id" header line).  SMP_EEMPTY when nothing is relevant. */
int qrels_load(qrels **out, const char *path, smp_error *err);
void qrels_free(qrels *q);
/* Queries with at least one relevant passage, sorted by id. */
size_t qrels_queries(const qrels *q);
const char *qrels_query(const qrels *q, size_t i);
int qrels_has_query(const qrels *q, const char *qid);
/* Grade of docid for qid (0 when not judged). */
int qrels_rel(const qrels *q, const char *qid, const char *docid);
/* Relevant passages of qid (up to max into docids/rels); returns their
 * total count. */
size_t qrels_relevant(const qrels *q, const char *qid, const char **docids,
                          int *rels, size_t max);
/* Measures of one query's ranking docids[0..n). */
int eval_query(const qrels *q, const char *qid, const char *const *docids,
                   size_t n, eval_metrics *out);
void eval_add(eval_metrics *sum, const eval_metrics *one);
/* Divides the sums by the number of queries. */
void eval_mean(eval_metrics *sum, size_t nqueries);


#endif /* SMP_CLI_EVAL_H */
