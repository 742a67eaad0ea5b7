/*
 * check_runs.c - builds under a memory budget (builder.c runs, runs.c):
 * an index built in many runs and merged answers every query exactly as
 * the index built in one piece, and the run files never outlive the build.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "answer/answer.h"
#include "indexer/indexer.h"
#include "helpers.h"

static char dir[256];
static char prefix[264]; /* run files: DIR/r.run.XXXXXX */
static void mk(void) { test_path(prefix, sizeof prefix, test_tmpdir(dir, sizeof dir), "r"); }

static uint32_t rnd(uint32_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static const char *const words[] = {
    "lash", "lift", "brow", "scalp", "pigment", "weeks", "years", "eight", "six", "tint",
    "serum", "keratin", "patch", "test", "aftercare", "sun", "swim", "sauna", "sleep", "oil",
    "hurt", "numbing", "cream", "session", "cost", "price", "touch", "fade", "colour", "dots"};
#define NW (sizeof words / sizeof words[0])

/* A JSONL corpus of n random passages; some define an acronym. */
static char *corpus(uint32_t seed, int n) {
    smp_buf b;
    smp_buf_init(&b);
    for (int d = 0; d < n; d++) {
        char line[2048];
        int k = snprintf(line, sizeof line, "{\"_id\":\"a%d\",\"title\":\"%s %s\",\"text\":\"", d,
                         words[rnd(&seed) % NW], words[rnd(&seed) % NW]);
        int len = 1 + (int)(rnd(&seed) % 60);
        for (int w = 0; w < len; w++) {
            /* skewed: the first eight words are common */
            uint32_t v = rnd(&seed) % 4 ? rnd(&seed) % 8 : rnd(&seed) % NW;
            k += snprintf(line + k, sizeof line - (size_t)k, "%s%s", w ? " " : "", words[v]);
        }
        if (d % 17 == 3)
            k += snprintf(line + k, sizeof line - (size_t)k,
                          " Scalp micropigmentation (SMP) lasts.");
        k += snprintf(line + k, sizeof line - (size_t)k, "\"}\n");
        smp_buf_append(&b, line, (size_t)k);
    }
    smp_buf_put_u8(&b, 0);
    ck_assert_int_eq(b.rc, SMP_OK);
    return (char *)b.p;
}

static size_t files_in(const char *d) {
    DIR *dd = opendir(d);
    ck_assert_ptr_nonnull(dd);
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(dd)))
        if (de->d_name[0] != '.') n++;
    closedir(dd);
    return n;
}

static void build(const char *jsonl, uint64_t budget, int no_positions, const char *path,
                  uint64_t *runs) {
    smp_build_options o;
    smp_build_options_init(&o);
    o.memory_budget = budget;
    o.run_prefix = prefix;
    o.no_positions = no_positions;
    smp_builder *b;
    ck_assert_int_eq(smp_builder_new(&b, &o, NULL), SMP_OK);
    /* two buffers: runs also split between files */
    size_t half = strlen(jsonl) / 2;
    while (jsonl[half - 1] != '\n') half++;
    ck_assert_int_eq(smp_builder_add_buffer(b, "one.jsonl", "jsonl", jsonl, half, NULL), SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, "two.jsonl", "jsonl", jsonl + half,
                                            strlen(jsonl) - half, NULL),
                     SMP_OK);
    smp_error err;
    ck_assert_int_eq(smp_builder_write(b, path, &err), SMP_OK);
    smp_build_stats s;
    smp_builder_stats(b, &s);
    *runs = s.runs;
    smp_builder_free(b);
}

/* Everything queries give, as text. */
static void answers(const char *path, uint32_t seed, smp_buf *out) {
    smp_index *ix;
    ck_assert_int_eq(smp_index_open(&ix, path, NULL), SMP_OK);
    smp_error err;
    ck_assert_msg(smp_index_check(ix, &err) == SMP_OK, "%s", err.msg);
    smp_index_info in;
    smp_index_get_info(ix, &in);
    smp_buf_reset(out);
    char line[4096];
    snprintf(line, sizeof line, "%llu %llu %llu %llu %.17g %.17g %.17g\n",
             (unsigned long long)in.passages, (unsigned long long)in.articles,
             (unsigned long long)in.terms, (unsigned long long)in.postings, in.avg_len[0],
             in.avg_len[1], in.avg_len[2]);
    smp_buf_puts(out, line);
    for (int q = 0; q < 60; q++) {
        char query[256];
        int nq = 1 + (int)(rnd(&seed) % 4), k = 0;
        for (int w = 0; w < nq; w++)
            k += snprintf(query + k, sizeof query - (size_t)k, "%s%s", w ? " " : "",
                          words[rnd(&seed) % NW]);
        if (q % 5 == 0) snprintf(query, sizeof query, "\"%s %s\" %s", words[q % NW],
                                 words[(q * 7) % NW], words[(q * 3) % NW]);
        if (q % 11 == 0) snprintf(query, sizeof query, "smp cost");
        smp_search_options o;
        smp_search_options_init(&o);
        o.k = 20;
        o.strategy = q % 3;
        smp_results *r;
        ck_assert_int_eq(smp_search(ix, query, &o, &r, NULL), SMP_OK);
        snprintf(line, sizeof line, "%s | %s | %s\n", query, smp_results_terms(r),
                 smp_results_expansions(r));
        smp_buf_puts(out, line);
        for (uint32_t i = 0; i < smp_results_count(r); i++) {
            const smp_result *x = smp_results_get(r, i);
            snprintf(line, sizeof line, "%u %.17g %s %s %s %u-%u %s\n", x->docid, x->score,
                     x->passage_id, x->article_title, x->path, x->answer.start, x->answer.end,
                     x->text);
            smp_buf_puts(out, line);
        }
        smp_results_free(r);
    }
    ck_assert_int_eq(out->rc, SMP_OK);
    smp_index_close(ix);
}

START_TEST(test_runs_answer_as_one_piece) {
    uint32_t seed = 0x2545F491u + (uint32_t)_i * 7919u;
    char *jsonl = corpus(seed, 400 + 150 * _i);
    char one[512], many[512];
    test_path(one, sizeof one, dir, "one.idx");
    test_path(many, sizeof many, dir, "many.idx");
    int no_pos = _i == 2;
    uint64_t runs;
    build(jsonl, 0, no_pos, one, &runs);
    ck_assert_uint_eq(runs, 0);
    /* budgets from one article a run to a few runs */
    static const uint64_t budgets[] = {1, 20000, 120000};
    smp_buf want, got;
    smp_buf_init(&want);
    smp_buf_init(&got);
    answers(one, seed, &want);
    ck_assert_uint_gt(want.n, 2000);
    for (size_t i = 0; i < sizeof budgets / sizeof budgets[0]; i++) {
        build(jsonl, budgets[i], no_pos, many, &runs);
        ck_assert_uint_gt(runs, 1);
        if (budgets[i] == 1) ck_assert_uint_eq(runs, (uint64_t)(400 + 150 * _i));
        answers(many, seed, &got);
        ck_assert_msg(got.n == want.n && !memcmp(got.p, want.p, want.n),
                      "budget %llu (%llu runs): answers differ",
                      (unsigned long long)budgets[i], (unsigned long long)runs);
        /* only the two indexes are left: no run, no temporary file */
        ck_assert_uint_eq(files_in(dir), 2);
    }
    unlink(one);
    unlink(many);
    smp_buf_free(&want);
    smp_buf_free(&got);
    free(jsonl);
}
END_TEST

START_TEST(test_run_files_cleaned_up) {
    char *jsonl = corpus(99, 200);
    smp_build_options o;
    smp_build_options_init(&o);
    o.memory_budget = 1;
    o.run_prefix = prefix;
    smp_builder *b;
    smp_error err;
    /* a failed merge (the target's folder is missing): the runs were
       written, and freeing the builder removes them */
    ck_assert_int_eq(smp_builder_new(&b, &o, NULL), SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, "c.jsonl", "jsonl", jsonl, strlen(jsonl), NULL),
                     SMP_OK);
    char bad[512];
    test_path(bad, sizeof bad, dir, "no/such/dir/x.idx");
    ck_assert_int_eq(smp_builder_write(b, bad, &err), SMP_EIO);
    ck_assert_ptr_nonnull(strstr(err.msg, "temporary file"));
    smp_build_stats s;
    smp_builder_stats(b, &s);
    ck_assert_uint_eq(s.runs, 200); /* one article a run */
    ck_assert_uint_eq(s.passages, 200);
    ck_assert_uint_eq(files_in(dir), 200);
    smp_builder_free(b);
    ck_assert_uint_eq(files_in(dir), 0);
    /* a builder freed in the middle of a build (its thread stopped where
       it is) leaves nothing behind either */
    ck_assert_int_eq(smp_builder_new(&b, &o, NULL), SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, "c.jsonl", "jsonl", jsonl, strlen(jsonl), NULL),
                     SMP_OK);
    smp_builder_free(b);
    ck_assert_uint_eq(files_in(dir), 0);
    /* a run folder that does not exist: a clear error (from the inverting
       thread, at the next hand-over or at the end), nothing written */
    o.run_prefix = "/nonexistent/smpsearch-runs/x";
    ck_assert_int_eq(smp_builder_new(&b, &o, NULL), SMP_OK);
    int rc = smp_builder_add_buffer(b, "c.jsonl", "jsonl", jsonl, strlen(jsonl), &err);
    char path[512];
    test_path(path, sizeof path, dir, "x.idx");
    if (rc == SMP_OK) rc = smp_builder_write(b, path, &err);
    ck_assert_int_eq(rc, SMP_EIO);
    ck_assert_ptr_nonnull(strstr(err.msg, "cannot create the run file /nonexistent"));
    smp_builder_free(b);
    ck_assert_int_ne(access(path, F_OK), 0);
    ck_assert_uint_eq(files_in(dir), 0);
    free(jsonl);
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("runs");
    TCase *tc = tcase_create("runs");
    tcase_add_unchecked_fixture(tc, mk, NULL);
    tcase_add_loop_test(tc, test_runs_answer_as_one_piece, 0, 3);
    tcase_add_test(tc, test_run_files_cleaned_up);
    tcase_set_timeout(tc, 120);
    suite_add_tcase(s, tc);
    return s;
}
