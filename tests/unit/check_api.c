/*
 * check_api.c - every public function on both kinds of index: a single
 * index file, and a segmented index (a manifest and its segments, with
 * deleted passages) holding the same articles.  Both must answer alike
 * through every accessor, with and without an error out-parameter; and the
 * internal readers are typed so that a whole index and one segment file
 * cannot be confused (index.h: smp_index, smp_segment).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"
#include "index/index.h"

static char dir[512], src[600], single_idx[600], seg_idx[600];

static void put(const char *name, const char *text) {
    char p[700];
    test_write_file(test_path(p, sizeof p, src, name), text, strlen(text));
}

static void update(void) {
    const char *paths[] = {src};
    smp_update_stats st;
    ck_assert_int_eq(smp_index_update(seg_idx, paths, 1, NULL, &st, NULL), SMP_OK);
}

/* A segmented index of three segments, one with a deleted passage range,
 * and a single file built from the same folder. */
static void setup(void) {
    test_tmpdir(dir, sizeof dir);
    test_path(src, sizeof src, dir, "articles");
    test_path(single_idx, sizeof single_idx, dir, "single.idx");
    test_path(seg_idx, sizeof seg_idx, dir, "seg.idx");
    ck_assert_int_eq(mkdir(src, 0755), 0);
    put("a-lash-lift.md", "# Lash lift\n\n## How long does it last\n\nA lash lift lasts six "
                          "to eight weeks.\n\n## Does it hurt\n\nNo, a lash lift does not hurt.\n");
    put("b-smp.md", "# Scalp micropigmentation\n\n## Sessions\n\nMost clients need two or "
                    "three sessions of SMP.\n\n## Cost\n\nSMP costs between 1,000 and 4,000 "
                    "pounds.\n");
    update();
    put("c-brows.md", "# Brow lamination\n\n## Aftercare\n\nKeep your brows dry for a day; "
                      "a lamination lasts six weeks.\n");
    update();
    /* changed: its passages in the first segment are deleted */
    put("a-lash-lift.md", "# Lash lift\n\n## How long does it last\n\nA lash lift lasts six "
                          "to eight weeks, longer with a serum.\n\n## Does it hurt\n\nNo, a "
                          "lash lift does not hurt; the lash is only curled.\n");
    update();
    smp_builder *b;
    ck_assert_int_eq(smp_builder_new(&b, NULL, NULL), SMP_OK);
    ck_assert_int_eq(smp_builder_add_path(b, src, NULL), SMP_OK);
    ck_assert_int_eq(smp_builder_write(b, single_idx, NULL), SMP_OK);
    smp_builder_free(b);
}

static void teardown(void) { test_rm_rf(dir); }

static smp_index *open_ok(const char *path) {
    smp_index *ix = NULL;
    ck_assert_int_eq(smp_index_open(&ix, path, NULL), SMP_OK);
    ck_assert_ptr_nonnull(ix);
    ck_assert_int_eq(smp_index_check(ix, NULL), SMP_OK);
    return ix;
}

/* The live passages of an index, as "passage id|heading|text" lines in
 * docid order, through smp_searcher_passage. */
static char *all_passages(const smp_index *ix, uint32_t *deleted) {
    smp_searcher *s;
    ck_assert_int_eq(smp_searcher_new(&s, ix, NULL), SMP_OK);
    size_t cap = 1 << 16, n = 0;
    char *out = calloc(cap, 1);
    *deleted = 0;
    uint32_t doc;
    for (doc = 0;; doc++) {
        smp_result r;
        smp_error e;
        int rc = smp_searcher_passage(s, doc, &r, &e);
        if (rc == SMP_ENOTFOUND) { /* deleted in its segment */
            ck_assert_ptr_nonnull(strstr(e.msg, "deleted"));
            ck_assert_int_eq(smp_searcher_passage(s, doc, &r, NULL), SMP_ENOTFOUND);
            (*deleted)++;
            continue;
        }
        if (rc == SMP_EINVAL) break;
        ck_assert_int_eq(rc, SMP_OK);
        n += (size_t)snprintf(out + n, cap - n, "%s|%s|%s\n", r.passage_id, r.heading, r.text);
        ck_assert_uint_lt(n, cap);
    }
    ck_assert_int_eq(smp_searcher_passage(s, doc + 100, &(smp_result){0}, NULL), SMP_EINVAL);
    smp_searcher_free(s);
    return out;
}

/* The results of a question, as lines of passage id, score, answer. */
static char *answer(const smp_index *ix, const char *q, int with_err) {
    smp_search_options o;
    smp_search_options_init(&o);
    o.k = 10;
    smp_results *r = NULL;
    smp_error e;
    ck_assert_int_eq(smp_search(ix, q, &o, &r, with_err ? &e : NULL), SMP_OK);
    size_t cap = 8192, n = 0;
    char *out = calloc(cap, 1);
    n += (size_t)snprintf(out, cap, "terms %s; content %s; expansions %s; corrected %s; "
                                    "conf %.6f %d; groups %u\n",
                          smp_results_terms(r), smp_results_content_terms(r),
                          smp_results_expansions(r),
                          smp_results_corrected(r) ? smp_results_corrected(r) : "-",
                          smp_results_confidence(r), smp_results_answered(r),
                          smp_results_ngroups(r));
    for (uint32_t i = 0; i < smp_results_count(r); i++) {
        const smp_result *x = smp_results_get(r, i);
        n += (size_t)snprintf(out + n, cap - n, "%s %.12g [%.*s] %s\n", x->passage_id,
                              x->score, (int)(x->answer.end - x->answer.start),
                              x->text + x->answer.start, x->answer_value);
        ck_assert_uint_lt(n, cap);
    }
    ck_assert_ptr_null(smp_results_get(r, smp_results_count(r)));
    smp_results_free(r);
    return out;
}

static const char *const questions[] = {
    "how long does a lash lift last", "does it hurt", "smp sessions", "how much does smp cost",
    "brow aftercare", "\"lash lift\"", "lamintion", "serum"};

START_TEST(test_both_kinds_alike) {
    smp_index *one = open_ok(single_idx), *set = open_ok(seg_idx);
    smp_index_info a, b;
    smp_index_get_info(one, &a);
    smp_index_get_info(set, &b);
    ck_assert_uint_eq(a.segments, 1);
    ck_assert_uint_eq(b.segments, 3);
    ck_assert_uint_eq(a.passages, b.passages);
    ck_assert_uint_eq(a.articles, b.articles);
    ck_assert_uint_gt(b.deleted_passages, 0);
    ck_assert_str_eq(a.language, b.language);
    for (int f = 0; f < 3; f++) ck_assert(a.avg_len[f] == b.avg_len[f]);
    ck_assert_ptr_nonnull(smp_index_section_name(one, 0));
    ck_assert_str_eq(smp_index_section_name(one, 0), smp_index_section_name(set, 0));
    ck_assert_ptr_null(smp_index_section_name(set, 1000));

    uint32_t del_one, del_set;
    char *p1 = all_passages(one, &del_one), *p2 = all_passages(set, &del_set);
    ck_assert_uint_eq(del_one, 0);
    ck_assert_uint_eq(del_set, b.deleted_passages);
    /* the same passages; the changed file's come last in the set */
    ck_assert_uint_eq(strlen(p1), strlen(p2));
    for (char *line = strtok(p1, "\n"); line; line = strtok(NULL, "\n"))
        ck_assert_msg(strstr(p2, line), "missing from the segmented index: %s", line);
    free(p1);
    free(p2);

    for (size_t i = 0; i < sizeof questions / sizeof *questions; i++) {
        char *x = answer(one, questions[i], 1), *y = answer(set, questions[i], 0);
        ck_assert_str_eq(x, y);
        free(x);
        free(y);
    }
    smp_index_close(one);
    smp_index_close(set);
}
END_TEST

/* The whole-index readers see every segment; a segment's readers see its
 * own file (a lookup in the index of a word only the second segment holds
 * used to miss). */
START_TEST(test_index_and_segments) {
    smp_index *one = open_ok(single_idx), *set = open_ok(seg_idx);
    ck_assert_uint_eq(smp_index_nsegments(one), 1);
    ck_assert_uint_eq(smp_index_nsegments(set), 3);
    ck_assert_ptr_null(smp_index_manifest(one));
    ck_assert_ptr_nonnull(smp_index_manifest(set));
    static const char *const words[] = {"lash", "lamin", "smp", "serum", "curl"};
    for (size_t w = 0; w < 5; w++) {
        uint32_t d1, d2;
        ck_assert_int_eq(smp_index_df(one, words[w], strlen(words[w]), &d1), 1);
        ck_assert_int_eq(smp_index_df(set, words[w], strlen(words[w]), &d2), 1);
        ck_assert_uint_eq(d1, d2);
    }
    uint32_t df;
    ck_assert_int_eq(smp_index_df(set, "nowhere", 7, &df), 0);
    /* "lamin" is only in the second segment */
    smp_term_info ti;
    ck_assert_int_eq(smp_segment_lookup(smp_index_segment(set, 0)->seg, "lamin", 5, &ti), 0);
    ck_assert_int_eq(smp_segment_lookup(smp_index_segment(set, 1)->seg, "lamin", 5, &ti), 1);
    /* passage 0 of the index is passage 0 of its first segment, deleted */
    uint32_t local;
    long s = smp_index_locate(set, 0, &local);
    ck_assert_int_eq(s, 0);
    ck_assert_uint_eq(local, 0);
    ck_assert(smp_segref_deleted(smp_index_segment(set, 0), 0));
    smp_doc_info d;
    ck_assert_int_eq(smp_segment_doc(smp_index_segment(set, 0)->seg, 0, &d), SMP_OK);
    ck_assert_int_eq(smp_index_locate(set, UINT32_MAX - 1, &local), -1);
    ck_assert_int_eq(smp_index_locate(one, 0, &local), 0);
    smp_index_close(one);
    smp_index_close(set);
}
END_TEST

/* Errors through every public function, with err NULL and not. */
START_TEST(test_errors_without_err) {
    char missing[700];
    test_path(missing, sizeof missing, dir, "none.idx");
    smp_index *ix = (smp_index *)1;
    ck_assert_int_eq(smp_index_open(&ix, missing, NULL), SMP_ENOTFOUND);
    ck_assert_ptr_null(ix);
    smp_error e;
    ck_assert_int_eq(smp_index_open(&ix, missing, &e), SMP_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(e.msg, "none.idx"));
    /* a segment file is not an index's manifest, but a manifest is no
       segment */
    smp_segment *sg = NULL;
    ck_assert_int_eq(smp_segment_open(&sg, seg_idx, NULL), SMP_ECORRUPT);
    ck_assert_ptr_null(sg);
    smp_index *set = open_ok(seg_idx);
    ck_assert_int_eq(smp_search(set, "", NULL, &(smp_results *){NULL}, NULL), SMP_EEMPTY);
    smp_search_options o;
    smp_search_options_init(&o);
    o.k = 0;
    smp_results *r = NULL;
    ck_assert_int_eq(smp_search(set, "lash", &o, &r, NULL), SMP_EINVAL);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(smp_searcher_new(&(smp_searcher *){NULL}, NULL, NULL), SMP_EINVAL);
    smp_index_get_info(NULL, &(smp_index_info){0});
    ck_assert_int_eq(smp_index_check(NULL, NULL), SMP_EINVAL);
    smp_index_close(set);
    smp_index_close(NULL);
}
END_TEST

/* What a file gives, without a build, through the public API. */
static int count_explained(void *ud, const smp_explained *p) {
    int *n = ud;
    ck_assert_ptr_nonnull(p->text);
    ck_assert_uint_eq(p->ordinal, (uint32_t)*n + 1);
    (*n)++;
    return 0;
}

START_TEST(test_explain_file) {
    char p[700], q[700];
    test_path(p, sizeof p, src, "b-smp.md");
    smp_explained_file f;
    int n = 0;
    ck_assert_int_eq(smp_explain_file(p, NULL, count_explained, &n, &f, NULL), SMP_OK);
    ck_assert_int_eq(n, 1); /* two short sections, merged as a build merges them */
    ck_assert_str_eq(f.title, "Scalp micropigmentation");
    ck_assert_str_eq(f.language, "");
    test_path(q, sizeof q, dir, "page.html");
    const char *page = "<html lang=\"en-GB\"><head><title>Lash lift | Glow</title>"
                       "<meta property=\"og:site_name\" content=\"Glow\">"
                       "<link rel=\"canonical\" href=\"https://glow.example/lash-lift/\"></head>"
                       "<body><nav>Home Prices Book</nav><main><h1>Lash lift</h1>"
                       "<p>A lash lift lasts six to eight weeks.</p></main></body></html>";
    test_write_file(q, page, strlen(page));
    n = 0;
    ck_assert_int_eq(smp_explain_file(q, NULL, count_explained, &n, &f, NULL), SMP_OK);
    ck_assert_int_eq(n, 1);
    ck_assert_str_eq(f.title, "Lash lift");
    ck_assert_str_eq(f.language, "en-GB");
    ck_assert_str_eq(f.url, "https://glow.example/lash-lift/");
    ck_assert_str_eq(smp_file_format(q), "html");
    ck_assert_ptr_null(smp_file_format("notes.pdf"));
    /* what a build skips, and what it cannot read */
    put("draft.md", "---\ntitle: Offer\ndraft: true\n---\nLash lift now 5 pounds.\n");
    test_path(q, sizeof q, src, "draft.md");
    smp_error e;
    ck_assert_int_eq(smp_explain_file(q, NULL, NULL, NULL, NULL, &e), SMP_EFORMAT);
    ck_assert_ptr_nonnull(strstr(e.msg, "draft"));
    ck_assert_int_eq(smp_explain_file(q, NULL, NULL, NULL, NULL, NULL), SMP_EFORMAT);
    ck_assert_int_eq(smp_explain_file("x.pdf", NULL, NULL, NULL, NULL, NULL), SMP_EINVAL);
    test_path(q, sizeof q, dir, "none.md");
    ck_assert_int_eq(smp_explain_file(q, NULL, NULL, NULL, NULL, NULL), SMP_EIO);
    ck_assert_int_eq(smp_explain_file(NULL, NULL, NULL, NULL, NULL, NULL), SMP_EINVAL);
}
END_TEST

/* RANKING sections of version 1 (before the rerank weights) still read:
 * their 7 values, the rerank weights left to the defaults. */
START_TEST(test_ranking_versions) {
    uint8_t p[SMP_RANKING_SIZE];
    double v[SMP_RANKING_NVALUES], got[SMP_RANKING_NVALUES];
    for (int i = 0; i < SMP_RANKING_NVALUES; i++) v[i] = 0.5 + i;
    smp_ranking_put(p, v);
    ck_assert_int_eq(smp_ranking_get(p, SMP_RANKING_SIZE, got), SMP_RANKING_NVALUES);
    for (int i = 0; i < SMP_RANKING_NVALUES; i++) ck_assert_double_eq(got[i], v[i]);
    ck_assert_int_eq(smp_ranking_get(p, SMP_RANKING_SIZE_V1, got), -1); /* 2 is 112 bytes */
    smp_put_u32(p + SMP_RANKING_VERSION, 1); /* version 1: 64 bytes, 7 values */
    ck_assert_int_eq(smp_ranking_get(p, SMP_RANKING_SIZE_V1, got), SMP_RANKING_NVALUES_V1);
    for (int i = 0; i < SMP_RANKING_NVALUES_V1; i++) ck_assert_double_eq(got[i], v[i]);
    ck_assert_int_eq(smp_ranking_get(p, SMP_RANKING_SIZE, got), -1);
    smp_put_u32(p + SMP_RANKING_VERSION, 3);
    ck_assert_int_eq(smp_ranking_get(p, SMP_RANKING_SIZE, got), -1);
}
END_TEST

/* Ranking options stored in an index file (smpsearch train). */
START_TEST(test_stored_ranking) {
    smp_search_options o, got;
    smp_search_options_init(&o);
    o.k1 = 0.9;
    o.b = 0.4;
    o.weight[1] = 3;
    o.question_weight = 0.25;
    o.alias_weight = 0.6;
    o.topic_weight = 0.75;
    o.length_weight = -0.2; /* a rerank weight may be negative */
    smp_index *ix = open_ok(single_idx);
    smp_search_options_for(&got, ix); /* none stored: the defaults */
    ck_assert_double_eq(got.k1, 1.8);
    smp_index_close(ix);
    smp_error e;
    ck_assert_msg(smp_index_set_ranking(single_idx, &o, &e) == SMP_OK, "%s", e.msg);
    ix = open_ok(single_idx);
    ck_assert_int_eq(smp_index_check(ix, NULL), SMP_OK);
    smp_search_options_for(&got, ix);
    ck_assert_double_eq(got.k1, 0.9);
    ck_assert_double_eq(got.b, 0.4);
    ck_assert_double_eq(got.weight[0], 2);
    ck_assert_double_eq(got.weight[1], 3);
    ck_assert_double_eq(got.question_weight, 0.25);
    ck_assert_double_eq(got.alias_weight, 0.6);
    ck_assert_double_eq(got.topic_weight, 0.75);
    ck_assert_double_eq(got.length_weight, -0.2);
    ck_assert_double_eq(got.proximity_weight, o.proximity_weight);
    ck_assert_uint_eq(got.k, 10);
    /* a search without options ranks with them */
    smp_results *a, *b;
    ck_assert_int_eq(smp_search(ix, "how long does it last", NULL, &a, NULL), 0);
    ck_assert_int_eq(smp_search(ix, "how long does it last", &o, &b, NULL), 0);
    ck_assert_uint_eq(smp_results_count(a), smp_results_count(b));
    for (uint32_t i = 0; i < smp_results_count(a); i++)
        ck_assert_double_eq(smp_results_get(a, i)->score, smp_results_get(b, i)->score);
    smp_results_free(a);
    smp_results_free(b);
    smp_index_close(ix);
    /* removed again; out-of-range options and segmented indexes refused */
    ck_assert_int_eq(smp_index_set_ranking(single_idx, NULL, NULL), SMP_OK);
    ix = open_ok(single_idx);
    smp_search_options_for(&got, ix);
    ck_assert_double_eq(got.k1, 1.8);
    smp_index_close(ix);
    o.b = 1.5;
    ck_assert_int_eq(smp_index_set_ranking(single_idx, &o, NULL), SMP_EINVAL);
    o.b = 0.5;
    ck_assert_int_eq(smp_index_set_ranking(seg_idx, &o, &e), SMP_EINVAL);
    ck_assert_ptr_nonnull(strstr(e.msg, "segmented"));
    ck_assert_int_eq(smp_index_set_ranking(NULL, &o, NULL), SMP_EINVAL);
    ix = open_ok(seg_idx); /* a segmented index ranks with the defaults */
    smp_search_options_for(&got, ix);
    ck_assert_double_eq(got.k1, 1.8);
    smp_index_close(ix);
    /* a damaged RANKING section is refused on open: a value of 1e6 */
    ck_assert_int_eq(smp_index_set_ranking(single_idx, &o, NULL), SMP_OK);
    FILE *f = fopen(single_idx, "r+b");
    ck_assert_ptr_nonnull(f);
    uint8_t h[SMP_HEADER_SIZE + 64 * SMP_SECTION_ENTRY];
    ck_assert_uint_gt(fread(h, 1, sizeof h, f), SMP_HEADER_SIZE);
    uint64_t off = 0;
    for (uint32_t i = 0; i < smp_get_u32(h + SMP_HDR_NSECTIONS) && i < 64; i++) {
        smp_section sec;
        smp_section_get(smp_section_at(h + SMP_HEADER_SIZE, i), &sec);
        if (sec.id == SMP_SEC_RANKING) off = sec.offset;
    }
    ck_assert_uint_gt(off, 0);
    double big = 1e6;
    uint8_t v[8];
    uint64_t bits;
    memcpy(&bits, &big, 8);
    smp_put_u64(v, bits);
    fseek(f, (long)(off + SMP_RANKING_VALUES), SEEK_SET);
    ck_assert_uint_eq(fwrite(v, 1, 8, f), 8);
    fclose(f);
    smp_index *bad = NULL;
    ck_assert_int_eq(smp_index_open(&bad, single_idx, &e), SMP_ECORRUPT);
    ck_assert_ptr_nonnull(strstr(e.msg, "ranking"));
}
END_TEST

/* The content terms of a question: without filler, also filler with two
 * letters swapped, and alike for spelling variants and word forms. */
static void content_of(const smp_index *ix, const char *q, const char *want) {
    smp_results *r = NULL;
    ck_assert_int_eq(smp_search(ix, q, NULL, &r, NULL), SMP_OK);
    ck_assert_msg(!strcmp(smp_results_content_terms(r), want), "%s: '%s', not '%s'", q,
                  smp_results_content_terms(r), want);
    smp_results_free(r);
}

START_TEST(test_content_terms) {
    smp_index *ix;
    ck_assert_int_eq(smp_index_open(&ix, single_idx, NULL), SMP_OK);
    content_of(ix, "how long does a lash lift last", "long lash lift last");
    content_of(ix, "How long dose a lash lift last?", "long lash lift last");
    content_of(ix, "how long do lash lifts last", "long lash lift last");
    content_of(ix, "teh cost of smp", "cost smp");
    content_of(ix, "how does it", "");
    ck_assert_str_eq(smp_results_content_terms(NULL), "");
    smp_index_close(ix);
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("api");
    TCase *tc = tcase_create("kinds");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_both_kinds_alike);
    tcase_add_test(tc, test_index_and_segments);
    tcase_add_test(tc, test_errors_without_err);
    tcase_add_test(tc, test_explain_file);
    tcase_add_test(tc, test_stored_ranking);
    tcase_add_test(tc, test_content_terms);
    tcase_add_test(tc, test_ranking_versions);
    suite_add_tcase(s, tc);
    return s;
}
