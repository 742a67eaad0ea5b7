/*
 * check_eval.c - tests of the relevance judgments reader and the
 * effectiveness measures (eval.c), against values worked out by hand.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"
#include "cli/eval.h"
#include "helpers.h"

static char path[512];

/* Writes text to a file named in `path`, in a fresh temporary folder. */
static void write_tmp(const char *text) {
    char dir[256];
    test_path(path, sizeof path, test_tmpdir(dir, sizeof dir), "qrels");
    test_write_file(path, text, strlen(text));
}

static qrels *load(const char *text) {
    write_tmp(text);
    qrels *q = NULL;
    smp_error err;
    int rc = qrels_load(&q, path, &err);
    unlink(path);
    ck_assert_msg(rc == SMP_OK, "load failed: %s", err.msg);
    return q;
}

static const char *const QRELS =
    "q1 0 a 2\n"
    "q1 0 b 1\n"
    "q1 0 c 0\n"   /* judged not relevant */
    "q2 0 x 1\n"
    "q3 0 y 0\n";  /* no relevant passage: not counted */

START_TEST(test_load_trec) {
    qrels *q = load(QRELS);
    ck_assert_uint_eq(qrels_queries(q), 2);
    ck_assert_str_eq(qrels_query(q, 0), "q1");
    ck_assert_str_eq(qrels_query(q, 1), "q2");
    ck_assert_int_eq(qrels_rel(q, "q1", "a"), 2);
    ck_assert_int_eq(qrels_rel(q, "q1", "b"), 1);
    ck_assert_int_eq(qrels_rel(q, "q1", "x"), 0);
    ck_assert_int_eq(qrels_rel(q, "q9", "a"), 0);
    ck_assert(qrels_has_query(q, "q2"));
    ck_assert(!qrels_has_query(q, "q3"));
    const char *ids[4];
    int rels[4];
    ck_assert_uint_eq(qrels_relevant(q, "q1", ids, rels, 4), 2);
    ck_assert_str_eq(ids[0], "a");
    ck_assert_int_eq(rels[0], 2);
    qrels_free(q);
}
END_TEST

START_TEST(test_load_beir_tsv_and_duplicates) {
    qrels *q = load("query-id\tcorpus-id\tscore\n1\t10\t1\n1\t10\t2\n2\t20\t1\n");
    ck_assert_uint_eq(qrels_queries(q), 2);
    ck_assert_int_eq(qrels_rel(q, "1", "10"), 2); /* the highest grade wins */
    qrels_free(q);
}
END_TEST

START_TEST(test_load_errors) {
    qrels *q = NULL;
    smp_error err;
    ck_assert_int_eq(qrels_load(&q, "/nonexistent/qrels", &err), SMP_ENOTFOUND);
    ck_assert_ptr_null(q);
    write_tmp("q1 0 a 1\nq1 0 b two\n");
    ck_assert_int_eq(qrels_load(&q, path, &err), SMP_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, ":2:"));
    unlink(path);
    write_tmp("q1 0 a 0\n");
    ck_assert_int_eq(qrels_load(&q, path, &err), SMP_EEMPTY);
    unlink(path);
    write_tmp("only two\n");
    ck_assert_int_eq(qrels_load(&q, path, &err), SMP_EFORMAT);
    unlink(path);
    /* no judgment at all (empty, comments, blank lines): no sort of an
       empty (NULL) table, found by the eval fuzz harness under UBSan */
    write_tmp("");
    ck_assert_int_eq(qrels_load(&q, path, &err), SMP_EEMPTY);
    unlink(path);
    write_tmp("# a comment\n\n   \n");
    ck_assert_int_eq(qrels_load(&q, path, &err), SMP_EEMPTY);
    ck_assert_ptr_null(q);
    unlink(path);
}
END_TEST

START_TEST(test_metrics_by_hand) {
    qrels *q = load(QRELS);
    eval_metrics m;
    /* q1 ranked: c (rel 0), a (2), z (unjudged), b (1) */
    const char *run[] = {"c", "a", "z", "b"};
    ck_assert_int_eq(eval_query(q, "q1", run, 4, &m), SMP_OK);
    double dcg = 2 / log2(3) + 1 / log2(5);
    double idcg = 2 / log2(2) + 1 / log2(3);
    ck_assert_uint_eq(m.queries, 1);
    ck_assert_double_eq_tol(m.ndcg10, dcg / idcg, 1e-12);
    ck_assert_double_eq_tol(m.mrr10, 0.5, 1e-12);
    ck_assert_double_eq_tol(m.p1, 0, 1e-12);
    ck_assert_double_eq_tol(m.recall10, 1, 1e-12);
    ck_assert_double_eq_tol(m.recall100, 1, 1e-12);
    /* relevant at ranks 2 and 4: precisions 1/2 and 2/4 over 2 relevant */
    ck_assert_double_eq_tol(m.map, (0.5 + 0.5) / 2, 1e-12);
    ck_assert_double_eq_tol(m.top3, 1, 1e-12);

    /* perfect ranking */
    const char *best[] = {"a", "b"};
    ck_assert_int_eq(eval_query(q, "q1", best, 2, &m), SMP_OK);
    ck_assert_double_eq_tol(m.ndcg10, 1, 1e-12);
    ck_assert_double_eq_tol(m.p1, 1, 1e-12);

    /* relevant only beyond rank 10: counts for recall@100 alone */
    const char *deep[12] = {"n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9", "n10", "n11", "x"};
    ck_assert_int_eq(eval_query(q, "q2", deep, 12, &m), SMP_OK);
    ck_assert_double_eq_tol(m.ndcg10, 0, 1e-12);
    ck_assert_double_eq_tol(m.mrr10, 0, 1e-12);
    ck_assert_double_eq_tol(m.recall10, 0, 1e-12);
    ck_assert_double_eq_tol(m.recall100, 1, 1e-12);
    ck_assert_double_eq_tol(m.top3, 0, 1e-12);

    /* no results at all */
    ck_assert_int_eq(eval_query(q, "q2", NULL, 0, &m), SMP_OK);
    ck_assert_uint_eq(m.queries, 1);
    ck_assert_double_eq_tol(m.ndcg10, 0, 1e-12);
    ck_assert_double_eq_tol(m.map, 0, 1e-12);

    /* a passage listed twice counts once */
    const char *twice[] = {"a", "a", "b"};
    ck_assert_int_eq(eval_query(q, "q1", twice, 3, &m), SMP_OK);
    ck_assert_double_eq_tol(m.recall10, 1, 1e-12);
    ck_assert_double_eq_tol(m.ndcg10, (2 / log2(2) + 1 / log2(4)) / idcg, 1e-12);
    ck_assert_double_eq_tol(m.map, (1.0 + 2.0 / 3) / 2, 1e-12);

    /* a query without relevant judgments is not counted */
    ck_assert_int_eq(eval_query(q, "q3", run, 4, &m), SMP_OK);
    ck_assert_uint_eq(m.queries, 0);
    qrels_free(q);
}
END_TEST

START_TEST(test_mean) {
    eval_metrics sum = {0, 0, 0, 0, 0, 0, 0, 0};
    eval_metrics a = {1, 1.0, 1.0, 1.0, 0.5, 1.0, 0.8, 1};
    eval_metrics b = {1, 0.5, 0.25, 0.0, 0.5, 0.5, 0.4, 0};
    eval_add(&sum, &a);
    eval_add(&sum, &b);
    eval_mean(&sum, 4); /* two more judged questions got nothing */
    ck_assert_uint_eq(sum.queries, 2);
    ck_assert_double_eq_tol(sum.ndcg10, 0.375, 1e-12);
    ck_assert_double_eq_tol(sum.mrr10, 0.3125, 1e-12);
    ck_assert_double_eq_tol(sum.p1, 0.25, 1e-12);
    ck_assert_double_eq_tol(sum.recall10, 0.25, 1e-12);
    ck_assert_double_eq_tol(sum.recall100, 0.375, 1e-12);
    ck_assert_double_eq_tol(sum.map, 0.3, 1e-12);
    ck_assert_double_eq_tol(sum.top3, 0.25, 1e-12);
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("eval");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_load_trec);
    tcase_add_test(tc, test_load_beir_tsv_and_duplicates);
    tcase_add_test(tc, test_load_errors);
    tcase_add_test(tc, test_metrics_by_hand);
    tcase_add_test(tc, test_mean);
    suite_add_tcase(s, tc);
    return s;
}
