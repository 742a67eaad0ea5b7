/*
 * check_phrase.c - word positions in the index (positions.c) and quoted
 * phrase queries (phrase.c, search.c): positions decoded as written, phrases
 * matched only in order and within one field, every strategy agreeing, and
 * a brute-force comparison on random corpora.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "answer/answer.h"
#include "indexer/indexer.h"
#include "helpers.h"

static char dir[256];

static void mk(void) { test_tmpdir(dir, sizeof dir); }

/* Builds an index of JSONL text at dir/name; positions unless none. */
/* The one segment of an index file. */
static const smp_segment *seg0(const smp_index *ix) { return smp_index_segment(ix, 0)->seg; }

static smp_index *build(const char *name, const char *jsonl, int no_positions) {
    char path[512];
    test_path(path, sizeof path, dir, name);
    smp_build_options o;
    smp_build_options_init(&o);
    o.no_positions = no_positions;
    o.no_acronyms = 1;
    smp_builder *b;
    ck_assert_int_eq(smp_builder_new(&b, &o, NULL), SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, "d.jsonl", "jsonl", jsonl, strlen(jsonl), NULL),
                     SMP_OK);
    ck_assert_int_eq(smp_builder_write(b, path, NULL), SMP_OK);
    smp_builder_free(b);
    smp_index *ix;
    ck_assert_int_eq(smp_index_open(&ix, path, NULL), SMP_OK);
    unlink(path); /* the mapping stays valid */
    ck_assert_int_eq(smp_index_check(ix, NULL), SMP_OK);
    return ix;
}

/* The passage ids a query returns (all of them), sorted, space-separated. */
static void ids(const smp_index *ix, const char *q, int strategy, char *out, size_t cap) {
    smp_search_options o;
    smp_search_options_init(&o);
    o.k = 1000;
    o.strategy = strategy;
    o.no_spelling = 1;
    smp_results *r;
    ck_assert_int_eq(smp_search(ix, q, &o, &r, NULL), SMP_OK);
    uint32_t n = smp_results_count(r);
    const char **v = malloc((n + 1) * sizeof *v);
    for (uint32_t i = 0; i < n; i++) v[i] = smp_results_get(r, i)->passage_id;
    for (uint32_t i = 1; i < n; i++) /* insertion sort */
        for (uint32_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
            const char *t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    out[0] = 0;
    for (uint32_t i = 0; i < n; i++) {
        size_t l = strlen(out);
        snprintf(out + l, cap - l, "%s%s", i ? " " : "", v[i]);
    }
    free(v);
    smp_results_free(r);
}

static void expect(const smp_index *ix, const char *q, const char *want) {
    char got[4096];
    for (int s = SMP_TOPK_EXHAUSTIVE; s <= SMP_TOPK_BMW; s++) {
        ids(ix, q, s, got, sizeof got);
        ck_assert_msg(!strcmp(got, want), "%s (strategy %d): got [%s], want [%s]", q, s, got,
                      want);
    }
}

static const char *docs =
    "{\"_id\":\"d1\",\"title\":\"Lash lift\",\"text\":\"Results fade after eight years.\"}\n"
    "{\"_id\":\"d2\",\"title\":\"\",\"text\":\"Years: eight of them, and eight long years.\"}\n"
    "{\"_id\":\"d3\",\"title\":\"\",\"text\":\"It lasts eight years, eight years at most.\"}\n"
    "{\"_id\":\"d4\",\"title\":\"\",\"text\":\"How long does it last? A lift lasts weeks.\"}\n"
    "{\"_id\":\"d5\",\"title\":\"\",\"text\":\"Long does it take; how it lasts is long.\"}\n"
    "{\"_id\":\"d6\",\"title\":\"\",\"text\":\"Very very short lashes and very short brows.\"}\n";

START_TEST(test_positions_decoded) {
    smp_index *ix = build("p.idx", docs, 0);
    ck_assert(smp_segment_has_positions(seg0(ix)));
    /* "eight" in d1 (docid 0): title "lash lift" is 0-1, the gap, then the
       body "results fade after eight years" from 3 (no heading); with no
       title, the body starts at 1 */
    smp_term_info ti;
    ck_assert_int_eq(smp_segment_lookup(seg0(ix), "eight", 5, &ti), 1);
    ck_assert_uint_eq(ti.df, 3);
    smp_cursor c;
    memset(&c, 0, sizeof c);
    c.ti = ti;
    ck_assert_int_eq(smp_cursor_init(&c, smp_segment_passages(seg0(ix))), SMP_OK);
    smp_pos_reader pr;
    ck_assert_int_eq(smp_pos_init(&pr, &ti), SMP_OK);
    static const uint32_t want[3][3] = {{6}, {2, 6}, {3, 5}}; /* d1, d2, d3 */
    static const uint32_t nwant[3] = {1, 2, 2};
    for (int k = 0; k < 3; k++) {
        const uint32_t *p;
        uint32_t n;
        ck_assert_int_eq(smp_pos_get(&pr, &c, &p, &n), SMP_OK);
        ck_assert_uint_eq(n, nwant[k]);
        for (uint32_t j = 0; j < n; j++) ck_assert_uint_eq(p[j], want[k][j]);
        ck_assert_int_eq(smp_cursor_next(&c, smp_segment_passages(seg0(ix))), SMP_OK);
    }
    ck_assert_uint_eq(c.doc, UINT32_MAX);
    smp_pos_free(&pr);
    smp_index_close(ix);
}
END_TEST

START_TEST(test_phrases) {
    smp_index *ix = build("p.idx", docs, 0);
    expect(ix, "eight years", "d1 d2 d3");
    expect(ix, "\"eight years\"", "d1 d3");
    /* punctuation does not break a phrase: "Years: eight", "years, eight" */
    expect(ix, "\"years eight\"", "d2 d3");
    /* across the title and the body: not a phrase */
    expect(ix, "\"lift results\"", "");
    expect(ix, "\"lash lift\"", "d1");
    /* filler words in quotes count, in order */
    expect(ix, "\"how long does it last\"", "d4");
    expect(ix, "\"does it\"", "d4 d5");
    expect(ix, "\"it lasts\"", "d3 d4 d5"); /* stems: "it last?" in d4 */
    /* a repeated word */
    expect(ix, "\"very very short\"", "d6");
    expect(ix, "\"very short\"", "d6");
    /* a phrase and other words: the phrase is required, the others rank */
    expect(ix, "\"eight years\" lashes", "d1 d3");
    expect(ix, "\"eight years\" \"at most\"", "d3");
    /* curly quotes, an unclosed quote, a word the index lacks */
    expect(ix, "\xe2\x80\x9c" "eight years" "\xe2\x80\x9d", "d1 d3");
    expect(ix, "lashes \"eight years", "d1 d3");
    expect(ix, "\"eight zebras\"", "");
    /* one quoted word: required */
    expect(ix, "lashes \"brows\"", "d6");
    /* no_phrases: quotes are punctuation, the words a bag */
    smp_search_options o;
    smp_search_options_init(&o);
    o.no_phrases = 1;
    o.k = 100;
    smp_results *r;
    ck_assert_int_eq(smp_search(ix, "\"lift results\"", &o, &r, NULL), SMP_OK);
    ck_assert_uint_eq(smp_results_count(r), 2); /* d1 (both words), d4 (lift) */
    smp_results_free(r);
    smp_index_close(ix);
}
END_TEST

START_TEST(test_phrases_rank_by_bm25) {
    smp_index *ix = build("p.idx", docs, 0);
    smp_results *a, *b;
    ck_assert_int_eq(smp_search(ix, "\"eight years\"", NULL, &a, NULL), SMP_OK);
    ck_assert_int_eq(smp_search(ix, "eight years", NULL, &b, NULL), SMP_OK);
    /* the phrase filters; scores are those of the words */
    for (uint32_t i = 0; i < smp_results_count(a); i++) {
        const smp_result *x = smp_results_get(a, i);
        int seen = 0;
        for (uint32_t j = 0; j < smp_results_count(b); j++) {
            const smp_result *y = smp_results_get(b, j);
            if (!strcmp(x->passage_id, y->passage_id)) {
                ck_assert_double_eq_tol(x->score, y->score, 1e-12);
                seen = 1;
            }
        }
        ck_assert(seen);
    }
    smp_results_free(a);
    smp_results_free(b);
    smp_index_close(ix);
}
END_TEST

START_TEST(test_without_positions) {
    smp_index *ix = build("np.idx", docs, 1);
    ck_assert(!smp_segment_has_positions(seg0(ix)));
    smp_index_info in;
    smp_index_get_info(ix, &in);
    ck_assert_uint_eq(in.section_bytes[11], 0);
    ck_assert_uint_eq(in.section_bytes[12], 0);
    /* a phrase asks for all its words, in any order */
    expect(ix, "\"eight years\"", "d1 d2 d3");
    expect(ix, "\"lift results\"", "d1");
    expect(ix, "\"eight zebras\"", "");
    smp_index_close(ix);
}
END_TEST

/* --- random corpora against brute force ------------------------------------ */

static const char *const vocab[] = {"amber", "basil", "cedar", "dune", "ember", "fjord"};
#define NV 6

static uint32_t rnd(uint32_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

START_TEST(test_random_against_brute_force) {
    uint32_t seed = 0x9e3779b9u + (uint32_t)_i;
    enum { ND = 300, MAXW = 40 };
    static int words[ND][MAXW];
    static int nw[ND];
    smp_buf j;
    smp_buf_init(&j);
    for (int d = 0; d < ND; d++) {
        nw[d] = 1 + (int)(rnd(&seed) % MAXW);
        char line[1024];
        int n = snprintf(line, sizeof line, "{\"_id\":\"d%03d\",\"title\":\"\",\"text\":\"", d);
        for (int w = 0; w < nw[d]; w++) {
            /* skewed: early words are common */
            uint32_t r = rnd(&seed) % 21, v = r < 6 ? 0 : r < 11 ? 1 : r < 15 ? 2 : r < 18 ? 3 : r < 20 ? 4 : 5;
            words[d][w] = (int)v;
            n += snprintf(line + n, sizeof line - (size_t)n, "%s%s", w ? " " : "", vocab[v]);
        }
        n += snprintf(line + n, sizeof line - (size_t)n, "\"}\n");
        smp_buf_append(&j, line, (size_t)n);
    }
    smp_buf_put_u8(&j, 0);
    ck_assert_int_eq(j.rc, SMP_OK);
    /* many passages per term: more than one block of 128 */
    smp_index *ix = build("r.idx", (const char *)j.p, 0);
    for (int trial = 0; trial < 40; trial++) {
        int len = 2 + (int)(rnd(&seed) % 3), ph[4];
        char q[128] = "\"";
        for (int k = 0; k < len; k++) {
            ph[k] = (int)(rnd(&seed) % NV);
            strcat(q, vocab[ph[k]]);
            strcat(q, k + 1 < len ? " " : "\"");
        }
        char want[4096] = "";
        for (int d = 0; d < ND; d++) {
            int hit = 0;
            for (int s = 0; s + len <= nw[d] && !hit; s++) {
                int k = 0;
                while (k < len && words[d][s + k] == ph[k]) k++;
                hit = k == len;
            }
            if (hit) {
                size_t l = strlen(want);
                snprintf(want + l, sizeof want - l, "%sd%03d", l ? " " : "", d);
            }
        }
        expect(ix, q, want);
        /* with another word ranking and a small k, pruning still returns
           exactly the exhaustive top k */
        char q2[160];
        snprintf(q2, sizeof q2, "%s %s", q, vocab[rnd(&seed) % NV]);
        smp_search_options o;
        smp_search_options_init(&o);
        o.k = 1 + rnd(&seed) % 5;
        o.no_spelling = 1;
        smp_results *ref;
        o.strategy = SMP_TOPK_EXHAUSTIVE;
        ck_assert_int_eq(smp_search(ix, q2, &o, &ref, NULL), SMP_OK);
        for (int st = SMP_TOPK_MAXSCORE; st <= SMP_TOPK_BMW; st++) {
            smp_results *r;
            o.strategy = st;
            ck_assert_int_eq(smp_search(ix, q2, &o, &r, NULL), SMP_OK);
            ck_assert_uint_eq(smp_results_count(r), smp_results_count(ref));
            for (uint32_t i = 0; i < smp_results_count(r); i++) {
                ck_assert_uint_eq(smp_results_get(r, i)->docid, smp_results_get(ref, i)->docid);
                ck_assert_double_eq(smp_results_get(r, i)->score, smp_results_get(ref, i)->score);
            }
            smp_results_free(r);
        }
        smp_results_free(ref);
    }
    smp_index_close(ix);
    smp_buf_free(&j);
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("phrase");
    TCase *tc = tcase_create("phrase");
    tcase_add_unchecked_fixture(tc, mk, NULL);
    tcase_add_test(tc, test_positions_decoded);
    tcase_add_test(tc, test_phrases);
    tcase_add_test(tc, test_phrases_rank_by_bm25);
    tcase_add_test(tc, test_without_positions);
    tcase_add_loop_test(tc, test_random_against_brute_force, 0, 5);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}
