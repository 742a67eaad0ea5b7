/*
 * check_bm25.c - tests of BM25 scoring (bm25.c) and of the scores and
 * ranking that smp_search gives for a small in-memory corpus.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "answer/answer.h"
#include "indexer/indexer.h"
#include "helpers.h"

#define TOL 1e-9

/* ---- smp_bm25_idf -------------------------------------------------------- */

START_TEST(test_idf_small) {
    /* N = 4, df = 1: ln(1 + (4 - 1 + 0.5) / (1 + 0.5)) = ln(1 + 3.5/1.5)
       = ln(10/3) */
    ck_assert_double_eq_tol(smp_bm25_idf(4, 1), log(1.0 + 3.5 / 1.5), 1e-15);
    ck_assert_double_eq_tol(smp_bm25_idf(4, 1), 1.2039728043259361, 1e-15);
    /* df = 2 of 4: ln(1 + 2.5/2.5) = ln 2 */
    ck_assert_double_eq_tol(smp_bm25_idf(4, 2), 0.6931471805599453, 1e-15);
    /* df = N = 4: ln(1 + 0.5/4.5) = ln(10/9), small but positive */
    ck_assert_double_eq_tol(smp_bm25_idf(4, 4), 0.10536051565782635, 1e-15);
    ck_assert_double_gt(smp_bm25_idf(4, 4), 0);
    /* N = 1, df = 1: ln(1 + 0.5/1.5) = ln(4/3) */
    ck_assert_double_eq_tol(smp_bm25_idf(1, 1), 0.28768207245178085, 1e-15);
}
END_TEST

START_TEST(test_idf_large) {
    /* N = 10^9, df = 1: ln(1 + (10^9 - 0.5) / 1.5) */
    ck_assert_double_eq_tol(smp_bm25_idf(1000000000u, 1), 20.317800729838247, 1e-12);
    /* N = 2^40, df = 2^39: ln(1 + (2^39 + 0.5)/(2^39 + 0.5)) = ln 2 */
    ck_assert_double_eq_tol(smp_bm25_idf(1ull << 40, 1ull << 39), 0.6931471805599453,
                            1e-12);
    /* N = 2^40, df = N: ln(1 + 0.5 / (2^40 + 0.5)) ~ 0.5 / 2^40 */
    double v = smp_bm25_idf(1ull << 40, 1ull << 40);
    ck_assert_double_gt(v, 0);
    ck_assert_double_eq_tol(v, 0.5 / 1099511627776.5, 1e-20);
}
END_TEST

START_TEST(test_idf_decreases_with_df) {
    double prev = INFINITY;
    for (uint64_t df = 1; df <= 100; df++) {
        double v = smp_bm25_idf(100, df);
        ck_assert_double_lt(v, prev);
        ck_assert_double_gt(v, 0);
        prev = v;
    }
}
END_TEST

/* ---- smp_bm25_term ------------------------------------------------------- */

START_TEST(test_term_all_fields) {
    smp_bm25 p = {1.2, 0.75, {1, 1, 1}, 20};
    uint32_t tf[3] = {1, 2, 3}, len[3] = {5, 10, 15};
    /* tf' = 1 + 2 + 3 = 6, len' = 5 + 10 + 15 = 30
       norm = 1 - 0.75 + 0.75 * 30 / 20 = 0.25 + 1.125 = 1.375
       score = 2.0 * 6 / (6 + 1.2 * 1.375) = 12 / 7.65 */
    ck_assert_double_eq_tol(smp_bm25_term(&p, 2.0, tf, len), 12.0 / 7.65, 1e-12);
    ck_assert_double_eq_tol(smp_bm25_term(&p, 2.0, tf, len), 1.5686274509803921, 1e-12);
}
END_TEST

START_TEST(test_term_body_only) {
    smp_bm25 p = {1.2, 0.75, {0, 0, 1}, 10};
    uint32_t tf[3] = {7, 9, 3}, len[3] = {50, 60, 15};
    /* title and heading weigh nothing: tf' = 3, len' = 15
       norm = 0.25 + 0.75 * 15 / 10 = 1.375
       score = 2.0 * 3 / (3 + 1.2 * 1.375) = 6 / 4.65 */
    ck_assert_double_eq_tol(smp_bm25_term(&p, 2.0, tf, len), 6.0 / 4.65, 1e-12);
    ck_assert_double_eq_tol(smp_bm25_term(&p, 2.0, tf, len), 1.2903225806451613, 1e-12);
    /* the term only in the fields that weigh nothing: 0 */
    uint32_t tf2[3] = {7, 9, 0};
    ck_assert_double_eq(smp_bm25_term(&p, 2.0, tf2, len), 0.0);
}
END_TEST

START_TEST(test_term_fractional_weights) {
    smp_bm25 p = {1.5, 0.5, {2.0, 0.5, 1.0}, 12};
    uint32_t tf[3] = {1, 2, 1}, len[3] = {3, 4, 8};
    /* tf' = 2*1 + 0.5*2 + 1 = 4, len' = 2*3 + 0.5*4 + 8 = 16
       norm = 0.5 + 0.5 * 16 / 12 = 0.5 + 0.6666... = 7/6
       score = 1.0 * 4 / (4 + 1.5 * 7/6) = 4 / 5.75 */
    ck_assert_double_eq_tol(smp_bm25_term(&p, 1.0, tf, len), 4.0 / 5.75, 1e-12);
}
END_TEST

START_TEST(test_term_zero_tf) {
    smp_bm25 p = {1.2, 0.75, {1, 2, 1}, 10};
    uint32_t tf[3] = {0, 0, 0}, len[3] = {3, 4, 50};
    ck_assert_double_eq(smp_bm25_term(&p, 3.0, tf, len), 0.0);
    /* all weights zero: nothing counts */
    smp_bm25 z = {1.2, 0.75, {0, 0, 0}, 0};
    uint32_t tf1[3] = {1, 1, 1};
    ck_assert_double_eq(smp_bm25_term(&z, 3.0, tf1, len), 0.0);
}
END_TEST

START_TEST(test_term_b_zero) {
    /* b = 0: norm = 1 whatever the length; score = idf * 2 / (2 + 1.2) */
    smp_bm25 p = {1.2, 0.0, {0, 0, 1}, 10};
    uint32_t tf[3] = {0, 0, 2};
    uint32_t short_len[3] = {0, 0, 1}, long_len[3] = {0, 0, 1000};
    double want = 1.7 * 2.0 / 3.2;
    ck_assert_double_eq_tol(smp_bm25_term(&p, 1.7, tf, short_len), want, 1e-12);
    ck_assert_double_eq_tol(smp_bm25_term(&p, 1.7, tf, long_len), want, 1e-12);
    /* with b = 0.75 the long passage scores less than the short one */
    p.b = 0.75;
    ck_assert_double_lt(smp_bm25_term(&p, 1.7, tf, long_len),
                        smp_bm25_term(&p, 1.7, tf, short_len));
}
END_TEST

START_TEST(test_term_k1_zero) {
    /* k1 = 0: no saturation, the score is idf whenever tf > 0 */
    smp_bm25 p = {0.0, 0.75, {1, 1, 1}, 10};
    uint32_t len[3] = {2, 3, 40};
    uint32_t tf1[3] = {0, 0, 1}, tf9[3] = {4, 0, 5};
    ck_assert_double_eq_tol(smp_bm25_term(&p, 2.5, tf1, len), 2.5, 1e-15);
    ck_assert_double_eq_tol(smp_bm25_term(&p, 2.5, tf9, len), 2.5, 1e-15);
}
END_TEST

START_TEST(test_term_zero_avg_len) {
    /* no average length: the length part of norm is dropped, norm = 1 - b
       score = 1.0 * 1 / (1 + 1.2 * 0.25) = 1 / 1.3 */
    smp_bm25 p = {1.2, 0.75, {1, 1, 1}, 0};
    uint32_t tf[3] = {0, 0, 1}, len[3] = {0, 0, 0};
    ck_assert_double_eq_tol(smp_bm25_term(&p, 1.0, tf, len), 1.0 / 1.3, 1e-12);
}
END_TEST

START_TEST(test_term_saturates) {
    /* with len' = avg, norm = 1 and score = idf * tf / (tf + k1): it grows
       with tf and stays below idf */
    smp_bm25 p = {1.2, 0.75, {0, 0, 1}, 10};
    uint32_t len[3] = {0, 0, 10};
    double prev = 0;
    for (uint32_t t = 1; t <= 1000; t *= 10) {
        uint32_t tf[3] = {0, 0, t};
        double s = smp_bm25_term(&p, 1.0, tf, len);
        ck_assert_double_eq_tol(s, (double)t / ((double)t + 1.2), 1e-12);
        ck_assert_double_gt(s, prev);
        ck_assert_double_lt(s, 1.0);
        prev = s;
    }
}
END_TEST

/* ---- end to end: scores and ranking of smp_search ------------------------ */

/* Indexes are written in folders under the run's temporary folder. */
typedef struct tmpix {
    char dir[128];
    char path[192];
    smp_index *ix;
} tmpix;

/* Builds an index from one JSONL buffer in a fresh temporary directory. */
static void tmpix_build(tmpix *t, const char *jsonl) {
    test_tmpdir(t->dir, sizeof t->dir);
    test_path(t->path, sizeof t->path, t->dir, "bm25.smpidx");
    smp_builder *b = NULL;
    smp_error err;
    ck_assert_int_eq(smp_builder_new(&b, NULL, &err), SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, "corpus.jsonl", "jsonl", jsonl,
                                            strlen(jsonl), &err),
                     SMP_OK);
    ck_assert_int_eq(smp_builder_write(b, t->path, &err), SMP_OK);
    smp_builder_free(b);
    ck_assert_int_eq(smp_index_open(&t->ix, t->path, &err), SMP_OK);
}

static void tmpix_free(tmpix *t) {
    smp_index_close(t->ix);
    ck_assert_int_eq(unlink(t->path), 0);
    ck_assert_int_eq(rmdir(t->dir), 0);
}

/* BM25 of one term, written out: idf = ln(1 + (N - df + 0.5)/(df + 0.5)),
 * tf / (tf + k1 (1 - b + b len / avg)) with k1 = 1.2 and b = 0.75. */
static double by_hand(double N, double df, double tf, double len, double avg) {
    double idf = log(1.0 + (N - df + 0.5) / (df + 0.5));
    return idf * tf / (tf + 1.2 * (1.0 - 0.75 + 0.75 * len / avg));
}

static smp_results *search_body(const smp_index *ix, const char *q, uint32_t k) {
    smp_search_options o;
    smp_search_options_init(&o);
    o.k = k;
    o.k1 = 1.2; /* the hand computations below use these */
    o.b = 0.75;
    o.rerank_depth = 0; /* BM25F alone: no second stage */
    o.weight[0] = 0;
    o.weight[1] = 0;
    o.weight[2] = 1;
    smp_results *r = NULL;
    smp_error err;
    ck_assert_int_eq(smp_search(ix, q, &o, &r, &err), SMP_OK);
    ck_assert_ptr_nonnull(r);
    return r;
}

/* Body lengths in tokens: d1 4, d2 3, d3 3, d4 5; total 15, N = 4, avg
 * 3.75.  df: pigment 2 (d1, d4), scalp 2 (d1, d2), dot 3 (d1, d3, d4),
 * grey 2 (d3, d4), ink 2 (d3, d4), film 1 (d4). */
static const char corpus4[] =
    "{\"_id\":\"d1\",\"title\":\"\",\"text\":\"pigment dot dot scalp\"}\n"
    "{\"_id\":\"d2\",\"title\":\"\",\"text\":\"scalp scalp scalp\"}\n"
    "{\"_id\":\"d3\",\"title\":\"\",\"text\":\"dot grey ink\"}\n"
    "{\"_id\":\"d4\",\"title\":\"\",\"text\":\"pigment grey ink film dot\"}\n";

START_TEST(test_index_stats) {
    tmpix t;
    tmpix_build(&t, corpus4);
    smp_index_info info;
    smp_index_get_info(t.ix, &info);
    ck_assert_uint_eq(info.passages, 4);
    ck_assert_uint_eq(info.articles, 4);
    ck_assert_uint_eq(info.terms, 6);
    /* postings: 2 + 2 + 3 + 2 + 2 + 1 */
    ck_assert_uint_eq(info.postings, 12);
    ck_assert_double_eq(info.avg_len[SMP_FIELD_TITLE], 0.0);
    ck_assert_double_eq(info.avg_len[SMP_FIELD_HEADING], 0.0);
    ck_assert_double_eq_tol(info.avg_len[SMP_FIELD_BODY], 15.0 / 4.0, 1e-15);
    tmpix_free(&t);
}
END_TEST

START_TEST(test_scores_two_terms) {
    tmpix t;
    tmpix_build(&t, corpus4);
    smp_results *r = search_body(t.ix, "pigment scalp", 10);
    ck_assert_str_eq(smp_results_terms(r), "pigment scalp");
    const double avg = 15.0 / 4.0;
    /* d1: pigment tf 1, scalp tf 1, len 4
       d2: scalp tf 3, len 3
       d4: pigment tf 1, len 5
       d3: neither word: not a result */
    double s1 = by_hand(4, 2, 1, 4, avg) + by_hand(4, 2, 1, 4, avg);
    double s2 = by_hand(4, 2, 3, 3, avg);
    double s4 = by_hand(4, 2, 1, 5, avg);
    /* the same numbers with the arithmetic done by hand:
       idf = ln 2; d1: 2 ln2 / (1 + 1.2 * 1.05); d2: 3 ln2 / (3 + 1.2 * 0.85);
       d4: ln2 / (1 + 1.2 * 1.25) */
    ck_assert_double_eq_tol(s1, 2 * 0.6931471805599453 / 2.26, 1e-12);
    ck_assert_double_eq_tol(s2, 3 * 0.6931471805599453 / 4.02, 1e-12);
    ck_assert_double_eq_tol(s4, 0.6931471805599453 / 2.5, 1e-12);

    ck_assert_uint_eq(smp_results_count(r), 3);
    const smp_result *x = smp_results_get(r, 0);
    ck_assert_str_eq(x->passage_id, "d1");
    ck_assert_uint_eq(x->rank, 1);
    ck_assert_double_eq_tol(x->score, s1, TOL);
    x = smp_results_get(r, 1);
    ck_assert_str_eq(x->passage_id, "d2");
    ck_assert_uint_eq(x->rank, 2);
    ck_assert_double_eq_tol(x->score, s2, TOL);
    x = smp_results_get(r, 2);
    ck_assert_str_eq(x->passage_id, "d4");
    ck_assert_uint_eq(x->rank, 3);
    ck_assert_double_eq_tol(x->score, s4, TOL);
    ck_assert_ptr_null(smp_results_get(r, 3));
    smp_results_free(r);
    tmpix_free(&t);
}
END_TEST

START_TEST(test_scores_common_and_rare) {
    tmpix t;
    tmpix_build(&t, corpus4);
    smp_results *r = search_body(t.ix, "dot film", 10);
    ck_assert_str_eq(smp_results_terms(r), "dot film");
    const double avg = 15.0 / 4.0;
    /* dot: df 3 (d1 tf 2 len 4, d3 tf 1 len 3, d4 tf 1 len 5); film: df 1
       (d4 tf 1 len 5) */
    double s1 = by_hand(4, 3, 2, 4, avg);
    double s3 = by_hand(4, 3, 1, 3, avg);
    double s4 = by_hand(4, 3, 1, 5, avg) + by_hand(4, 1, 1, 5, avg);
    /* idf(dot) = ln(1 + 1.5/3.5), idf(film) = ln(1 + 3.5/1.5) */
    double idf_dot = log(1 + 1.5 / 3.5), idf_film = log(1 + 3.5 / 1.5);
    ck_assert_double_eq_tol(s1, idf_dot * 2 / (2 + 1.2 * 1.05), 1e-12);
    ck_assert_double_eq_tol(s3, idf_dot * 1 / (1 + 1.2 * 0.85), 1e-12);
    ck_assert_double_eq_tol(s4, (idf_dot + idf_film) / (1 + 1.2 * 1.25), 1e-12);
    ck_assert_double_gt(s4, s1);
    ck_assert_double_gt(s1, s3);

    ck_assert_uint_eq(smp_results_count(r), 3);
    ck_assert_str_eq(smp_results_get(r, 0)->passage_id, "d4");
    ck_assert_double_eq_tol(smp_results_get(r, 0)->score, s4, TOL);
    ck_assert_str_eq(smp_results_get(r, 1)->passage_id, "d1");
    ck_assert_double_eq_tol(smp_results_get(r, 1)->score, s1, TOL);
    ck_assert_str_eq(smp_results_get(r, 2)->passage_id, "d3");
    ck_assert_double_eq_tol(smp_results_get(r, 2)->score, s3, TOL);
    smp_results_free(r);

    /* k = 1 keeps only the best */
    r = search_body(t.ix, "dot film", 1);
    ck_assert_uint_eq(smp_results_count(r), 1);
    ck_assert_str_eq(smp_results_get(r, 0)->passage_id, "d4");
    ck_assert_double_eq_tol(smp_results_get(r, 0)->score, s4, TOL);
    smp_results_free(r);
    tmpix_free(&t);
}
END_TEST

START_TEST(test_scores_repeated_query_word) {
    /* a word repeated in the query counts once per time, as in Lucene and
       FTS5 (long questions say what matters more than once) */
    tmpix t;
    tmpix_build(&t, corpus4);
    smp_results *r = search_body(t.ix, "film film FILM", 10);
    ck_assert_str_eq(smp_results_terms(r), "film");
    ck_assert_uint_eq(smp_results_count(r), 1);
    ck_assert_str_eq(smp_results_get(r, 0)->passage_id, "d4");
    ck_assert_double_eq_tol(smp_results_get(r, 0)->score,
                            3 * by_hand(4, 1, 1, 5, 15.0 / 4.0), TOL);
    smp_results_free(r);
    tmpix_free(&t);
}
END_TEST

START_TEST(test_scores_title_field) {
    /* BM25F with the title: weights {1, 0, 1} add title and body counts
       and lengths.  t1: title "scalp" (1 token), body "dot dot" (2);
       t2: title "", body "scalp dot ink" (3); t3: title "ink", body "dot".
       Weighted lengths: t1 1 + 2 = 3, t2 3, t3 1 + 1 = 2; avg 8/3.
       scalp: df 2 (t1 title tf 1, t2 body tf 1). */
    static const char c[] =
        "{\"_id\":\"t1\",\"title\":\"scalp\",\"text\":\"dot dot\"}\n"
        "{\"_id\":\"t2\",\"title\":\"\",\"text\":\"scalp dot ink\"}\n"
        "{\"_id\":\"t3\",\"title\":\"ink\",\"text\":\"dot\"}\n";
    tmpix t;
    tmpix_build(&t, c);
    smp_index_info info;
    smp_index_get_info(t.ix, &info);
    ck_assert_double_eq_tol(info.avg_len[SMP_FIELD_TITLE], 2.0 / 3.0, 1e-15);
    ck_assert_double_eq_tol(info.avg_len[SMP_FIELD_BODY], 6.0 / 3.0, 1e-15);

    smp_search_options o;
    smp_search_options_init(&o);
    o.k1 = 1.2;
    o.b = 0.75;
    o.rerank_depth = 0;
    o.weight[0] = 1;
    o.weight[1] = 0;
    o.weight[2] = 1;
    smp_results *r = NULL;
    ck_assert_int_eq(smp_search(t.ix, "scalp", &o, &r, NULL), SMP_OK);
    ck_assert_uint_eq(smp_results_count(r), 2);
    /* both tf' 1 and len' 3: equal scores, t1 first (lower docid) */
    double s = by_hand(3, 2, 1, 3, 8.0 / 3.0);
    ck_assert_double_eq_tol(s, log(1 + 1.5 / 2.5) / (1 + 1.2 * (0.25 + 0.75 * 3 / (8.0 / 3.0))),
                            1e-12);
    ck_assert_str_eq(smp_results_get(r, 0)->passage_id, "t1");
    ck_assert_double_eq_tol(smp_results_get(r, 0)->score, s, TOL);
    ck_assert_str_eq(smp_results_get(r, 1)->passage_id, "t2");
    ck_assert_double_eq_tol(smp_results_get(r, 1)->score, s, TOL);
    smp_results_free(r);

    /* title weight 3: tf' 3 and len' 3 * 1 + 2 = 5 for t1; t2 unchanged
       (title empty) with len' 3; avg' = 3 * 2/3 + 2 = 4 */
    o.weight[0] = 3;
    ck_assert_int_eq(smp_search(t.ix, "scalp", &o, &r, NULL), SMP_OK);
    ck_assert_uint_eq(smp_results_count(r), 2);
    double idf = log(1 + 1.5 / 2.5);
    double s1 = idf * 3 / (3 + 1.2 * (0.25 + 0.75 * 5 / 4.0));
    double s2 = idf * 1 / (1 + 1.2 * (0.25 + 0.75 * 3 / 4.0));
    ck_assert_str_eq(smp_results_get(r, 0)->passage_id, "t1");
    ck_assert_double_eq_tol(smp_results_get(r, 0)->score, s1, TOL);
    ck_assert_str_eq(smp_results_get(r, 1)->passage_id, "t2");
    ck_assert_double_eq_tol(smp_results_get(r, 1)->score, s2, TOL);
    smp_results_free(r);

    /* body only: t1 loses its title match */
    r = search_body(t.ix, "scalp", 10);
    ck_assert_uint_eq(smp_results_count(r), 1);
    ck_assert_str_eq(smp_results_get(r, 0)->passage_id, "t2");
    ck_assert_double_eq_tol(smp_results_get(r, 0)->score, by_hand(3, 2, 1, 3, 2.0), TOL);
    smp_results_free(r);
    tmpix_free(&t);
}
END_TEST

START_TEST(test_tie_break_lower_docid) {
    /* five identical passages among others: equal scores, ranked in the
       order they were added, also when k cuts the list */
    static const char c[] =
        "{\"_id\":\"x0\",\"title\":\"\",\"text\":\"grey film\"}\n"
        "{\"_id\":\"e1\",\"title\":\"\",\"text\":\"scalp pigment dot\"}\n"
        "{\"_id\":\"e2\",\"title\":\"\",\"text\":\"scalp pigment dot\"}\n"
        "{\"_id\":\"x1\",\"title\":\"\",\"text\":\"ink ink ink\"}\n"
        "{\"_id\":\"e3\",\"title\":\"\",\"text\":\"scalp pigment dot\"}\n"
        "{\"_id\":\"e4\",\"title\":\"\",\"text\":\"scalp pigment dot\"}\n"
        "{\"_id\":\"e5\",\"title\":\"\",\"text\":\"scalp pigment dot\"}\n";
    tmpix t;
    tmpix_build(&t, c);
    static const char *const want[] = {"e1", "e2", "e3", "e4", "e5"};
    /* N 7, df 5, tf 1, len 3, avg (2 + 15 + 3) / 7 */
    double s = by_hand(7, 5, 1, 3, 20.0 / 7.0);
    for (uint32_t k = 1; k <= 6; k++) {
        smp_results *r = search_body(t.ix, "pigment", k);
        uint32_t n = k < 5 ? k : 5;
        ck_assert_uint_eq(smp_results_count(r), n);
        uint32_t prev_doc = 0;
        for (uint32_t i = 0; i < n; i++) {
            const smp_result *x = smp_results_get(r, i);
            ck_assert_str_eq(x->passage_id, want[i]);
            ck_assert_uint_eq(x->rank, i + 1);
            ck_assert_double_eq_tol(x->score, s, TOL);
            /* exactly equal, not merely close */
            ck_assert(x->score == smp_results_get(r, 0)->score);
            if (i) ck_assert_uint_gt(x->docid, prev_doc);
            prev_doc = x->docid;
        }
        smp_results_free(r);
    }
    tmpix_free(&t);
}
END_TEST

START_TEST(test_result_fields_jsonl) {
    tmpix t;
    tmpix_build(&t, corpus4);
    smp_results *r = search_body(t.ix, "film", 10);
    ck_assert_uint_eq(smp_results_count(r), 1);
    const smp_result *x = smp_results_get(r, 0);
    ck_assert_str_eq(x->passage_id, "d4");
    ck_assert_str_eq(x->article_id, "d4");
    ck_assert_str_eq(x->article_title, "");
    ck_assert_str_eq(x->heading, "");
    ck_assert_str_eq(x->path, "corpus.jsonl");
    ck_assert_uint_eq(x->line, 4);
    ck_assert_uint_eq(x->docid, 3);
    ck_assert_str_eq(x->text, "pigment grey ink film dot");
    ck_assert_uint_eq(x->text_len, strlen("pigment grey ink film dot"));
    ck_assert_uint_eq(x->nhighlights, 1);
    ck_assert_uint_eq(x->highlights[0].start, 17);
    ck_assert_uint_eq(x->highlights[0].end, 21);
    ck_assert_uint_eq(x->answer.start, 0);
    ck_assert_uint_eq(x->answer.end, x->text_len);
    smp_results_free(r);
    tmpix_free(&t);
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("bm25");
    TCase *ti = tcase_create("idf");
    tcase_add_test(ti, test_idf_small);
    tcase_add_test(ti, test_idf_large);
    tcase_add_test(ti, test_idf_decreases_with_df);
    suite_add_tcase(s, ti);
    TCase *tt = tcase_create("term");
    tcase_add_test(tt, test_term_all_fields);
    tcase_add_test(tt, test_term_body_only);
    tcase_add_test(tt, test_term_fractional_weights);
    tcase_add_test(tt, test_term_zero_tf);
    tcase_add_test(tt, test_term_b_zero);
    tcase_add_test(tt, test_term_k1_zero);
    tcase_add_test(tt, test_term_zero_avg_len);
    tcase_add_test(tt, test_term_saturates);
    suite_add_tcase(s, tt);
    TCase *te = tcase_create("search");
    tcase_add_test(te, test_index_stats);
    tcase_add_test(te, test_scores_two_terms);
    tcase_add_test(te, test_scores_common_and_rare);
    tcase_add_test(te, test_scores_repeated_query_word);
    tcase_add_test(te, test_scores_title_field);
    tcase_add_test(te, test_tie_break_lower_docid);
    tcase_add_test(te, test_result_fields_jsonl);
    suite_add_tcase(s, te);
    return s;
}
