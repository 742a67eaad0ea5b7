/*
 * check_index.c - writing and reading index files through the public API
 * (smp_builder_*, smp_index_*, smp_search), atomic replacement, and the
 * reader's defences against damaged files: truncation, bit flips, bad
 * versions, and crafted files whose checksums are valid.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "answer/answer.h"
#include "indexer/indexer.h"
#include "helpers.h"
#include "index/format.h"

/* ---- files and directories --------------------------------------------- */

#define PATH_LEN 512 /* room for a test's folder and any file name here */

/* A folder of one test under the run's temporary folder (helpers.h). */
typedef struct tdir {
    char dir[256];
} tdir;

static void tdir_new(tdir *t) { test_tmpdir(t->dir, sizeof t->dir); }

static const char *tdir_path(const tdir *t, const char *name, char *buf, size_t size) {
    return test_path(buf, size, t->dir, name);
}

static void tdir_free(tdir *t) { ck_assert_int_eq(test_rm_rf(t->dir), 0); }

/* Entries of dir whose name contains needle. */
static int count_names(const char *dir, const char *needle) {
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        if (strstr(de->d_name, needle)) n++;
    closedir(d);
    return n;
}

static uint8_t *slurp(const char *path, size_t *len) {
    int fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    struct stat st;
    ck_assert_int_eq(fstat(fd, &st), 0);
    *len = (size_t)st.st_size;
    uint8_t *p = malloc(*len ? *len : 1);
    ck_assert_ptr_nonnull(p);
    size_t got = 0;
    while (got < *len) {
        ssize_t k = read(fd, p + got, *len - got);
        ck_assert_int_gt(k, 0);
        got += (size_t)k;
    }
    close(fd);
    return p;
}

static int file_exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

/* ---- the sample corpus -------------------------------------------------- */

static const char md_scalp[] =
    "---\n"
    "title: Scalp Care Guide\n"
    "slug: scalp-care\n"
    "---\n"
    "\n"
    "Intro paragraph about micropigmentation of the scalp. It lasts for years.\n"
    "\n"
    "## How long does it last?\n"
    "\n"
    "The pigment fades slowly over several years. Touch ups keep the dots crisp.\n"
    "\n"
    "## Aftercare\n"
    "\n"
    "Avoid swimming pools and saunas for a week after the session.\n";

static const char md_lash[] =
    "# Lash Lift Basics\n"
    "\n"
    "A lash lift curls natural lashes from the root.\n"
    "\n"
    "## Duration\n"
    "\n"
    "Results last six to eight weeks.\n";

static const char txt_brow[] =
    "Eyebrow Tinting\n"
    "\n"
    "Tinting darkens sparse brows for about four weeks.\n"
    "\n"
    "Patch test\n"
    "\n"
    "A patch test is done two days before tinting.\n";

static const char jsonl_faq[] =
    "{\"_id\":\"q1\",\"title\":\"Saunas\",\"text\":\"Saunas open pores.\"}\n"
    "\n"
    "{\"_id\":\"q2\",\"title\":\"Brows\",\"text\":\"Microblading uses a manual blade.\"}\n";

static const size_t sample_bytes =
    sizeof md_scalp - 1 + sizeof md_lash - 1 + sizeof txt_brow - 1 + sizeof jsonl_faq - 1;

static smp_builder *sample_builder(void) {
    smp_build_options o;
    smp_build_options_init(&o);
    o.min_words = 1; /* keep the short sections as passages of their own */
    smp_builder *b = NULL;
    smp_error err;
    ck_assert_int_eq(smp_builder_new(&b, &o, &err), SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, "docs/scalp-care.md", "md", md_scalp,
                                            strlen(md_scalp), &err), SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, "notes/lash-lift.md", "md", md_lash,
                                            strlen(md_lash), &err), SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, "kb/eyebrow.txt", "txt", txt_brow,
                                            strlen(txt_brow), &err), SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, "data/faq.jsonl", "jsonl", jsonl_faq,
                                            strlen(jsonl_faq), &err), SMP_OK);
    return b;
}

static void build_sample(const char *path) {
    smp_builder *b = sample_builder();
    smp_error err;
    ck_assert_int_eq(smp_builder_write(b, path, &err), SMP_OK);
    smp_builder_free(b);
}

/* An index of the JSONL file only (2 passages). */
static void build_small(const char *path) {
    smp_builder *b = NULL;
    smp_error err;
    ck_assert_int_eq(smp_builder_new(&b, NULL, &err), SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, "data/faq.jsonl", "jsonl", jsonl_faq,
                                            strlen(jsonl_faq), &err), SMP_OK);
    ck_assert_int_eq(smp_builder_write(b, path, &err), SMP_OK);
    smp_builder_free(b);
}

static smp_index *open_ok(const char *path) {
    smp_index *ix = NULL;
    smp_error err;
    memset(&err, 0, sizeof err);
    int rc = smp_index_open(&ix, path, &err);
    ck_assert_msg(rc == SMP_OK, "open %s: %d %s", path, rc, err.msg);
    ck_assert_ptr_nonnull(ix);
    return ix;
}

static int open_rc(const char *path) {
    smp_index *ix = (smp_index *)&ix; /* must be reset to NULL */
    smp_error err;
    memset(&err, 0, sizeof err);
    int rc = smp_index_open(&ix, path, &err);
    if (rc) {
        ck_assert_ptr_null(ix);
        ck_assert_int_eq(err.code, rc);
        ck_assert_uint_gt(strlen(err.msg), 0);
    }
    smp_index_close(ix);
    return rc;
}

/* Searches with k and fixed field weights (title 1, heading 2, body 1),
 * whatever the defaults are. */
static smp_results *search_ok(const smp_index *ix, const char *q, uint32_t k) {
    smp_search_options o;
    smp_search_options_init(&o);
    o.k = k;
    o.weight[SMP_FIELD_TITLE] = 1;
    o.weight[SMP_FIELD_HEADING] = 2;
    o.weight[SMP_FIELD_BODY] = 1;
    o.rerank_depth = 0; /* scores by hand below: BM25F alone */
    smp_results *r = NULL;
    smp_error err;
    memset(&err, 0, sizeof err);
    int rc = smp_search(ix, q, &o, &r, &err);
    ck_assert_msg(rc == SMP_OK, "search '%s': %d %s", q, rc, err.msg);
    ck_assert_ptr_nonnull(r);
    return r;
}

/* ---- checks on results ------------------------------------------------- */

/* Every highlight lies inside the text, in increasing order without
 * overlap, and its word analyses to one of the query's terms; the answer
 * lies inside the text and, when there is a highlight of a word that is
 * not filler, contains one. */
static void check_result_spans(const smp_results *r) {
    smp_stemmer *st = NULL;
    ck_assert_int_eq(smp_stemmer_new(&st, "english", NULL), SMP_OK);
    char terms[512];
    snprintf(terms, sizeof terms, " %s ", smp_results_terms(r));
    for (uint32_t i = 0; i < smp_results_count(r); i++) {
        const smp_result *x = smp_results_get(r, i);
        ck_assert_uint_eq(x->rank, i + 1);
        ck_assert_uint_eq(strlen(x->text), x->text_len);
        ck_assert_uint_le(x->answer.start, x->answer.end);
        ck_assert_uint_le(x->answer.end, x->text_len);
        ck_assert_uint_lt(x->answer.start, x->answer.end);
        int in_answer = 0, content = 0;
        for (uint32_t h = 0; h < x->nhighlights; h++) {
            smp_span s = x->highlights[h];
            ck_assert_uint_lt(s.start, s.end);
            ck_assert_uint_le(s.end, x->text_len);
            if (h) ck_assert_uint_ge(s.start, x->highlights[h - 1].end);
            /* the highlighted word's stem is a query term */
            char word[128], stem[160];
            size_t wl = s.end - s.start;
            ck_assert_uint_lt(wl, sizeof word);
            memcpy(word, x->text + s.start, wl);
            word[wl] = 0;
            char folded[128];
            for (size_t c = 0; c <= wl; c++)
                folded[c] = (char)((word[c] >= 'A' && word[c] <= 'Z') ? word[c] + 32 : word[c]);
            size_t sl = 0;
            const char *sm = smp_stem(st, folded, wl, &sl);
            ck_assert_ptr_nonnull(sm);
            snprintf(stem, sizeof stem, " %.*s ", (int)sl, sm);
            ck_assert_msg(strstr(terms, stem) != NULL, "highlight '%s' (%s) not in [%s]",
                          word, stem, terms);
            if (!smp_is_filler(folded, wl)) {
                content = 1;
                if (s.start >= x->answer.start && s.end <= x->answer.end) in_answer = 1;
            }
        }
        if (content) ck_assert_msg(in_answer, "answer of %s has no query word", x->passage_id);
    }
    smp_stemmer_free(st);
}

static void assert_span_text(const smp_result *x, smp_span s, const char *want) {
    ck_assert_uint_eq(s.end - s.start, strlen(want));
    ck_assert_int_eq(memcmp(x->text + s.start, want, strlen(want)), 0);
}

/* ---- round trip ------------------------------------------------------------- */

START_TEST(test_build_stats_and_info) {
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN];
    tdir_path(&t, "sample.smpidx", path, sizeof path);
    smp_builder *b = sample_builder();
    smp_build_stats bs;
    smp_builder_stats(b, &bs);
    ck_assert_uint_eq(bs.files_seen, 4);
    ck_assert_uint_eq(bs.files_indexed, 4);
    ck_assert_uint_eq(bs.files_skipped, 0);
    ck_assert_uint_eq(bs.records_skipped, 0);
    ck_assert_uint_eq(bs.articles, 5);
    ck_assert_uint_eq(bs.passages, 9);
    ck_assert_uint_eq(bs.bytes_read, sample_bytes);
    ck_assert_int_eq(smp_builder_write(b, path, NULL), SMP_OK);
    smp_builder_free(b);
    ck_assert_int_eq(count_names(t.dir, ".tmp."), 0);

    smp_index *ix = open_ok(path);
    smp_index_info info;
    smp_index_get_info(ix, &info);
    ck_assert_uint_eq(info.format_version, 2);
    ck_assert_str_eq(info.language, "english");
    /* passages: scalp-care 3, lash-lift 2, eyebrow 2, q1, q2 */
    ck_assert_uint_eq(info.passages, 9);
    ck_assert_uint_eq(info.articles, 5);
    ck_assert_uint_eq(info.source_bytes, sample_bytes);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_uint_eq(info.file_bytes, (uint64_t)st.st_size);
    /* title tokens: "scalp care guide" 3 x 3 passages, "lash lift basics"
       3 x 2, "eyebrow tinting" 2 x 2, "saunas" 1, "brows" 1: 21.
       headings: "how long does it last" 5, "aftercare" 1, "duration" 1,
       "patch test" 2: 9.
       body: 11 + 13 + 11, 9 + 6 (with the range "6-8" of "six to eight
       weeks", numbers.c), 8 + 9, 3 + 5 = 75, + 1 = 76 */
    ck_assert_double_eq_tol(info.avg_len[0], 21.0 / 9.0, 1e-12);
    ck_assert_double_eq_tol(info.avg_len[1], 9.0 / 9.0, 1e-12);
    ck_assert_double_eq_tol(info.avg_len[2], 76.0 / 9.0, 1e-12);
    ck_assert_uint_gt(info.terms, 0);
    ck_assert_uint_ge(info.postings, info.terms);
    /* sections */
    ck_assert_uint_eq(info.nsections, 18);
    static const char *const names[] = {"meta", "terms", "dictionary", "postings",
                                        "passages", "articles", "strings",
                                        "store index", "store", "aliases",
                                        "store dictionary", "positions",
                                        "positions index", "lengths",
                                        "article info", "fragments", "languages",
                                        "ranking"};
    uint64_t sum = 0;
    for (uint32_t i = 0; i < info.nsections; i++) {
        ck_assert_str_eq(smp_index_section_name(ix, i), names[i]);
        if (i != 9 && i < 16) ck_assert_uint_gt(info.section_bytes[i], 0);
        sum += info.section_bytes[i];
    }
    /* no acronym and no synonym file: the optional aliases are absent */
    ck_assert_uint_eq(info.section_bytes[9], 0);
    ck_assert_ptr_null(smp_index_section_name(ix, 18));
    ck_assert_uint_eq(info.section_bytes[16], 0); /* every article in English */
    ck_assert_uint_eq(info.section_bytes[17], 0); /* no ranking trained */
    ck_assert_uint_eq(info.section_bytes[15], SMP_FRAGMENT_ENTRY * 9);
    ck_assert_uint_eq(info.section_bytes[12], SMP_POS_INDEX_ENTRY * info.terms);
    ck_assert_uint_eq(info.section_bytes[13], SMP_LENS_ENTRY * 9);
    ck_assert_uint_eq(info.section_bytes[0], SMP_META_SIZE);
    ck_assert_uint_eq(info.section_bytes[2], SMP_DICT_ENTRY * info.terms);
    ck_assert_uint_eq(info.section_bytes[4], SMP_DOC_ENTRY * 9);     /* passages */
    ck_assert_uint_eq(info.section_bytes[5], SMP_ARTICLE_ENTRY * 5); /* articles */
    /* header, table, sections, footer, at most 7 bytes of padding each
       (the sections in the file: those of a non-zero size) */
    uint64_t nwritten = 0;
    for (uint32_t i = 0; i < info.nsections; i++) nwritten += info.section_bytes[i] > 0;
    ck_assert_uint_eq(nwritten, 15);
    uint64_t fixed = SMP_HEADER_SIZE + nwritten * SMP_SECTION_ENTRY + sum + SMP_FOOTER_SIZE;
    ck_assert_uint_ge(info.file_bytes, fixed);
    ck_assert_uint_le(info.file_bytes, fixed + nwritten * 7);
    ck_assert_uint_eq(info.file_bytes % 8, 0);
    smp_index_close(ix);
    tdir_free(&t);
}
END_TEST

/* One query per passage, with a word found only there. */
typedef struct expect {
    const char *query, *passage_id, *article_id, *title, *path, *heading;
    uint32_t line;
    const char *text, *answer, *highlight;
} expect;

static const expect passages[] = {
    {"micropigmentation", "scalp-care#1", "scalp-care", "Scalp Care Guide",
     "docs/scalp-care.md", "", 6,
     "Intro paragraph about micropigmentation of the scalp. It lasts for years.",
     "Intro paragraph about micropigmentation of the scalp.", "micropigmentation"},
    {"crisp", "scalp-care#2", "scalp-care", "Scalp Care Guide", "docs/scalp-care.md",
     "How long does it last?", 10,
     "The pigment fades slowly over several years. Touch ups keep the dots crisp.",
     "Touch ups keep the dots crisp.", "crisp"},
    {"swimming", "scalp-care#3", "scalp-care", "Scalp Care Guide", "docs/scalp-care.md",
     "Aftercare", 14, "Avoid swimming pools and saunas for a week after the session.",
     "Avoid swimming pools and saunas for a week after the session.", "swimming"},
    {"root", "lash-lift#1", "lash-lift", "Lash Lift Basics", "notes/lash-lift.md", "", 3,
     "A lash lift curls natural lashes from the root.",
     "A lash lift curls natural lashes from the root.", "root"},
    {"eight", "lash-lift#2", "lash-lift", "Lash Lift Basics", "notes/lash-lift.md",
     "Duration", 7, "Results last six to eight weeks.", "Results last six to eight weeks.",
     "eight"},
    {"sparse", "eyebrow#1", "eyebrow", "Eyebrow Tinting", "kb/eyebrow.txt", "", 3,
     "Tinting darkens sparse brows for about four weeks.",
     "Tinting darkens sparse brows for about four weeks.", "sparse"},
    {"DAYS", "eyebrow#2", "eyebrow", "Eyebrow Tinting", "kb/eyebrow.txt", "Patch test", 7,
     "A patch test is done two days before tinting.",
     "A patch test is done two days before tinting.", "days"},
    {"pores", "q1", "q1", "Saunas", "data/faq.jsonl", "", 1, "Saunas open pores.",
     "Saunas open pores.", "pores"},
    {"microblading", "q2", "q2", "Brows", "data/faq.jsonl", "", 3,
     "Microblading uses a manual blade.", "Microblading uses a manual blade.",
     "Microblading"},
};

START_TEST(test_each_passage) {
    const expect *e = &passages[_i];
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN];
    build_sample(tdir_path(&t, "sample.smpidx", path, sizeof path));
    smp_index *ix = open_ok(path);
    smp_results *r = search_ok(ix, e->query, 10);
    ck_assert_uint_eq(smp_results_count(r), 1);
    const smp_result *x = smp_results_get(r, 0);
    ck_assert_uint_eq(x->rank, 1);
    ck_assert_double_gt(x->score, 0);
    ck_assert_uint_eq(x->docid, (uint32_t)_i); /* passages in input order */
    ck_assert_str_eq(x->passage_id, e->passage_id);
    ck_assert_str_eq(x->article_id, e->article_id);
    ck_assert_str_eq(x->article_title, e->title);
    ck_assert_str_eq(x->path, e->path);
    ck_assert_str_eq(x->heading, e->heading);
    ck_assert_uint_eq(x->line, e->line);
    ck_assert_str_eq(x->text, e->text);
    ck_assert_uint_eq(x->text_len, strlen(e->text));
    assert_span_text(x, x->answer, e->answer);
    ck_assert_uint_eq(x->nhighlights, 1);
    assert_span_text(x, x->highlights[0], e->highlight);
    ck_assert_int_eq(strncasecmp(x->text + x->highlights[0].start, e->query,
                                 strlen(e->query)), 0);
    check_result_spans(r);
    smp_results_free(r);
    smp_index_close(ix);
    tdir_free(&t);
}
END_TEST

START_TEST(test_search_question) {
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN];
    build_sample(tdir_path(&t, "sample.smpidx", path, sizeof path));
    smp_index *ix = open_ok(path);
    smp_results *r = search_ok(ix, "How long does the pigment last?", 10);
    /* "does" stems to "doe" in the English (Porter2) stemmer */
    ck_assert_str_eq(smp_results_terms(r), "how long doe the pigment last");
    /* the filler ("how", "does", "the") does not rank: only the passages
       with "long", "pigment" or "last" come back */
    ck_assert_uint_eq(smp_results_count(r), 3);
    static const char *const order[] = {"scalp-care#2", "lash-lift#2", "scalp-care#1"};
    for (uint32_t i = 0; i < 3; i++) {
        ck_assert_str_eq(smp_results_get(r, i)->passage_id, order[i]);
        if (i) ck_assert_double_le(smp_results_get(r, i)->score,
                                   smp_results_get(r, i - 1)->score);
    }
    const smp_result *x = smp_results_get(r, 0);
    ck_assert_str_eq(x->heading, "How long does it last?");
    assert_span_text(x, x->answer, "The pigment fades slowly over several years.");
    /* filler words ("the", "how", "does") are not highlighted when the
       question has a real word */
    ck_assert_uint_eq(x->nhighlights, 1);
    assert_span_text(x, x->highlights[0], "pigment");
    ck_assert_uint_eq(x->highlights[0].start, 4);
    /* "lasts" matches "last" after stemming */
    x = smp_results_get(r, 2);
    assert_span_text(x, x->answer, "It lasts for years.");
    check_result_spans(r);
    smp_results_free(r);
    smp_index_close(ix);
    tdir_free(&t);
}
END_TEST

START_TEST(test_highlights_verbatim_words) {
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN];
    build_sample(tdir_path(&t, "sample.smpidx", path, sizeof path));
    smp_index *ix = open_ok(path);
    smp_results *r = search_ok(ix, "saunas pigment tinting", 10);
    ck_assert_str_eq(smp_results_terms(r), "sauna pigment tint");
    ck_assert_uint_eq(smp_results_count(r), 5);
    static const char *const order[] = {"q1", "eyebrow#1", "eyebrow#2", "scalp-care#2",
                                        "scalp-care#3"};
    static const char *const words[] = {"saunas", "pigment", "tinting"};
    for (uint32_t i = 0; i < 5; i++) {
        const smp_result *x = smp_results_get(r, i);
        ck_assert_str_eq(x->passage_id, order[i]);
        ck_assert_uint_eq(x->nhighlights, 1);
        for (uint32_t h = 0; h < x->nhighlights; h++) {
            smp_span s = x->highlights[h];
            int found = 0;
            for (int w = 0; w < 3; w++)
                if (s.end - s.start == strlen(words[w]) &&
                    strncasecmp(x->text + s.start, words[w], strlen(words[w])) == 0)
                    found = 1;
            ck_assert_msg(found, "highlight %u of %s", h, x->passage_id);
            /* the answer contains the query word */
            ck_assert_uint_le(x->answer.start, s.start);
            ck_assert_uint_ge(x->answer.end, s.end);
        }
    }
    assert_span_text(smp_results_get(r, 3), smp_results_get(r, 3)->answer,
                     "The pigment fades slowly over several years.");
    check_result_spans(r);
    smp_results_free(r);
    smp_index_close(ix);
    tdir_free(&t);
}
END_TEST

START_TEST(test_k_limits) {
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN];
    build_sample(tdir_path(&t, "sample.smpidx", path, sizeof path));
    smp_index *ix = open_ok(path);
    /* "the" is in 4 passages */
    smp_results *all = search_ok(ix, "the", 10);
    ck_assert_uint_eq(smp_results_count(all), 4);
    for (uint32_t k = 1; k <= 5; k++) {
        smp_results *r = search_ok(ix, "the", k);
        uint32_t n = k < 4 ? k : 4;
        ck_assert_uint_eq(smp_results_count(r), n);
        for (uint32_t i = 0; i < n; i++) {
            ck_assert_str_eq(smp_results_get(r, i)->passage_id,
                             smp_results_get(all, i)->passage_id);
            ck_assert(smp_results_get(r, i)->score == smp_results_get(all, i)->score);
        }
        ck_assert_ptr_null(smp_results_get(r, n));
        smp_results_free(r);
    }
    check_result_spans(all);
    smp_results_free(all);
    smp_index_close(ix);
    tdir_free(&t);
}
END_TEST

START_TEST(test_empty_and_unknown_queries) {
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN];
    build_sample(tdir_path(&t, "sample.smpidx", path, sizeof path));
    smp_index *ix = open_ok(path);
    smp_search_options o;
    smp_search_options_init(&o);
    smp_error err;
    static const char *const empties[] = {"", "?!... --- ,,,", "   \n\t", "\"'()[]{}<>"};
    for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
        smp_results *r = (smp_results *)&r;
        memset(&err, 0, sizeof err);
        ck_assert_int_eq(smp_search(ix, empties[i], &o, &r, &err), SMP_EEMPTY);
        ck_assert_ptr_null(r);
        ck_assert_int_eq(err.code, SMP_EEMPTY);
    }
    /* words that occur nowhere: no results, no error */
    smp_results *r = NULL;
    ck_assert_int_eq(smp_search(ix, "zyzzyva quixotic", &o, &r, &err), SMP_OK);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(smp_results_count(r), 0);
    ck_assert_ptr_null(smp_results_get(r, 0));
    ck_assert_str_eq(smp_results_terms(r), "zyzzyva quixot");
    smp_results_free(r);
    /* NULL options mean the defaults */
    ck_assert_int_eq(smp_search(ix, "pores", NULL, &r, &err), SMP_OK);
    ck_assert_uint_eq(smp_results_count(r), 1);
    ck_assert_str_eq(smp_results_get(r, 0)->passage_id, "q1");
    smp_results_free(r);
    smp_index_close(ix);
    tdir_free(&t);
}
END_TEST

START_TEST(test_search_options) {
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN];
    build_sample(tdir_path(&t, "sample.smpidx", path, sizeof path));
    smp_index *ix = open_ok(path);
    smp_search_options o;
    smp_results *r = (smp_results *)&r;
    smp_error err;

    /* the defaults: 10 results, the usual BM25 parameters, the index's
       language; the field weights are tuning, only their range is fixed */
    memset(&o, 0xFF, sizeof o);
    smp_search_options_init(&o);
    ck_assert_uint_eq(o.k, 10);
    ck_assert_double_eq(o.k1, 1.8);
    ck_assert_double_eq(o.b, 0.6);
    for (int f = 0; f < 3; f++) {
        ck_assert(isfinite(o.weight[f]));
        ck_assert_double_gt(o.weight[f], 0);
    }
    ck_assert_ptr_null(o.language);

    /* another stemmer than the index's */
    o.language = "french";
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(smp_search(ix, "pores", &o, &r, &err), SMP_EANALYZER);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, SMP_EANALYZER);
    ck_assert_ptr_nonnull(strstr(err.msg, "french"));
    /* the index's own */
    o.language = "english";
    ck_assert_int_eq(smp_search(ix, "pores", &o, &r, &err), SMP_OK);
    ck_assert_uint_eq(smp_results_count(r), 1);
    smp_results_free(r);

    /* bad parameters */
    struct {
        uint32_t k;
        double k1, b, w;
    } bad[] = {{0, 1.2, 0.75, 1}, {10001, 1.2, 0.75, 1}, {10, -0.1, 0.75, 1},
               {10, NAN, 0.75, 1}, {10, 1.2, 1.01, 1},   {10, 1.2, -0.01, 1},
               {10, 1.2, NAN, 1},  {10, 1.2, 0.75, -1},  {10, 1.2, 0.75, NAN},
               {10, 1.2, 0.75, INFINITY}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        smp_search_options_init(&o);
        o.k = bad[i].k;
        o.k1 = bad[i].k1;
        o.b = bad[i].b;
        o.weight[i % 3] = bad[i].w;
        r = (smp_results *)&r;
        ck_assert_msg(smp_search(ix, "pores", &o, &r, NULL) == SMP_EINVAL, "case %zu", i);
        ck_assert_ptr_null(r);
    }
    /* the largest k is accepted */
    smp_search_options_init(&o);
    o.k = 10000;
    ck_assert_int_eq(smp_search(ix, "the", &o, &r, NULL), SMP_OK);
    ck_assert_uint_eq(smp_results_count(r), 4);
    smp_results_free(r);
    /* no index or no query */
    ck_assert_int_eq(smp_search(NULL, "pores", NULL, &r, NULL), SMP_EINVAL);
    ck_assert_int_eq(smp_search(ix, NULL, NULL, &r, NULL), SMP_EINVAL);
    smp_index_close(ix);
    tdir_free(&t);
}
END_TEST

/* 300 records, all 3 tokens long: "common wNNN rare|plain", "rare" in
 * records on either side of the 128-posting block boundaries. */
static const uint32_t rare_at[] = {0, 127, 128, 255, 256, 299};

static int is_rare(uint32_t i) {
    for (size_t k = 0; k < sizeof rare_at / sizeof rare_at[0]; k++)
        if (rare_at[k] == i) return 1;
    return 0;
}

START_TEST(test_many_blocks) {
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN];
    tdir_path(&t, "big.smpidx", path, sizeof path);
    smp_buf src;
    smp_buf_init(&src);
    for (uint32_t i = 0; i < 300; i++) {
        char line[128];
        snprintf(line, sizeof line,
                 "{\"_id\":\"r%u\",\"text\":\"common w%03u %s\"}\n", i, i,
                 is_rare(i) ? "rare" : "plain");
        smp_buf_puts(&src, line);
    }
    ck_assert_int_eq(src.rc, SMP_OK);
    smp_builder *b = NULL;
    ck_assert_int_eq(smp_builder_new(&b, NULL, NULL), SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, "big.jsonl", "jsonl", (const char *)src.p,
                                            src.n, NULL), SMP_OK);
    ck_assert_int_eq(smp_builder_write(b, path, NULL), SMP_OK);
    smp_builder_free(b);
    smp_buf_free(&src);

    smp_index *ix = open_ok(path);
    smp_index_info info;
    smp_index_get_info(ix, &info);
    ck_assert_uint_eq(info.passages, 300);
    ck_assert_uint_eq(info.articles, 300);
    /* common, rare, plain, w000..w299 */
    ck_assert_uint_eq(info.terms, 303);
    ck_assert_uint_eq(info.postings, 300 * 3);

    /* every passage has length 3 = the average: norm 1, score
       idf * 1 / (1 + k1) with the default k1 = 1.8, all equal, so in docid
       order */
    smp_results *r = search_ok(ix, "common", 10000);
    ck_assert_uint_eq(smp_results_count(r), 300);
    double s_common = log(1 + 0.5 / 300.5) / 2.8;
    for (uint32_t i = 0; i < 300; i++) {
        const smp_result *x = smp_results_get(r, i);
        char id[16];
        snprintf(id, sizeof id, "r%u", i);
        ck_assert_str_eq(x->passage_id, id);
        ck_assert_uint_eq(x->docid, i);
        ck_assert_uint_eq(x->line, i + 1);
        ck_assert_double_eq_tol(x->score, s_common, 1e-12);
    }
    smp_results_free(r);

    r = search_ok(ix, "plain", 10000);
    ck_assert_uint_eq(smp_results_count(r), 294);
    for (uint32_t i = 0, j = 0; i < 300; i++) {
        if (is_rare(i)) continue;
        ck_assert_uint_eq(smp_results_get(r, j)->docid, i);
        j++;
    }
    smp_results_free(r);

    /* the rare passages first, in docid order, then the others */
    r = search_ok(ix, "rare common", 10);
    ck_assert_uint_eq(smp_results_count(r), 10);
    double s_rare = log(1 + (300 - 6 + 0.5) / 6.5) / 2.8;
    for (uint32_t i = 0; i < 6; i++) {
        ck_assert_uint_eq(smp_results_get(r, i)->docid, rare_at[i]);
        ck_assert_double_eq_tol(smp_results_get(r, i)->score, s_rare + s_common, 1e-12);
    }
    static const uint32_t next[] = {1, 2, 3, 4};
    for (uint32_t i = 6; i < 10; i++) {
        ck_assert_uint_eq(smp_results_get(r, i)->docid, next[i - 6]);
        ck_assert_double_eq_tol(smp_results_get(r, i)->score, s_common, 1e-12);
    }
    smp_results_free(r);

    r = search_ok(ix, "w128 w127", 10);
    ck_assert_uint_eq(smp_results_count(r), 2);
    ck_assert_str_eq(smp_results_get(r, 0)->passage_id, "r127");
    ck_assert_str_eq(smp_results_get(r, 1)->passage_id, "r128");
    smp_results_free(r);
    smp_index_close(ix);
    tdir_free(&t);
}
END_TEST

/* ---- building and writing -------------------------------------------- */

START_TEST(test_builder_errors) {
    smp_build_options o;
    smp_build_options_init(&o);
    smp_builder *b = (smp_builder *)&b;
    smp_error err;
    memset(&err, 0, sizeof err);
    o.language = "klingon";
    ck_assert_int_eq(smp_builder_new(&b, &o, &err), SMP_EINVAL);
    ck_assert_ptr_null(b);
    ck_assert_int_eq(err.code, SMP_EINVAL);
    o.language = "a-language-name-much-too-long-to-be-real";
    b = (smp_builder *)&b;
    ck_assert_int_eq(smp_builder_new(&b, &o, NULL), SMP_EINVAL);
    ck_assert_ptr_null(b);
    smp_build_options_init(&o);
    o.overlap_words = o.max_words;
    ck_assert_int_eq(smp_builder_new(&b, &o, NULL), SMP_EINVAL);
    ck_assert_ptr_null(b);

    ck_assert_int_eq(smp_builder_new(&b, NULL, NULL), SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, "x.pdf", "pdf", "abc", 3, &err), SMP_EINVAL);
    ck_assert_int_eq(smp_builder_add_path(b, "/nonexistent/check_index/x.md", &err),
                     SMP_ENOTFOUND);
    smp_builder_free(b);
    smp_builder_free(NULL);
}
END_TEST

START_TEST(test_write_empty) {
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN];
    tdir_path(&t, "empty.smpidx", path, sizeof path);
    smp_builder *b = NULL;
    smp_error err;
    ck_assert_int_eq(smp_builder_new(&b, NULL, NULL), SMP_OK);
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(smp_builder_write(b, path, &err), SMP_EEMPTY);
    ck_assert_int_eq(err.code, SMP_EEMPTY);
    ck_assert(!file_exists(path));
    /* only unusable input: still nothing to write */
    ck_assert_int_eq(smp_builder_add_buffer(b, "blank.txt", "txt", "  \n\n ", 5, NULL), SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, "bad.jsonl", "jsonl", "{\"x\":1}\n", 8, NULL),
                     SMP_OK);
    smp_build_stats bs;
    smp_builder_stats(b, &bs);
    ck_assert_uint_eq(bs.files_seen, 2);
    ck_assert_uint_eq(bs.files_skipped, 2);
    ck_assert_uint_eq(bs.passages, 0);
    ck_assert_int_eq(smp_builder_write(b, path, NULL), SMP_EEMPTY);
    ck_assert(!file_exists(path));
    smp_builder_free(b);
    ck_assert_int_eq(count_names(t.dir, "smpidx"), 0);
    tdir_free(&t);
}
END_TEST

START_TEST(test_overwrite) {
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN];
    tdir_path(&t, "ix.smpidx", path, sizeof path);
    build_small(path);
    smp_index *ix = open_ok(path);
    smp_index_info info;
    smp_index_get_info(ix, &info);
    ck_assert_uint_eq(info.passages, 2);
    /* replacing the file keeps the mapping of the open index valid */
    build_sample(path);
    smp_results *r = search_ok(ix, "pores", 10);
    ck_assert_uint_eq(smp_results_count(r), 1);
    ck_assert_str_eq(smp_results_get(r, 0)->text, "Saunas open pores.");
    smp_results_free(r);
    smp_index_close(ix);

    ix = open_ok(path);
    smp_index_get_info(ix, &info);
    ck_assert_uint_eq(info.passages, 9);
    smp_index_close(ix);
    ck_assert_int_eq(count_names(t.dir, ".tmp."), 0);
    ck_assert_int_eq(count_names(t.dir, "ix.smpidx"), 1);
    tdir_free(&t);
}
END_TEST

START_TEST(test_write_failures_keep_old_index) {
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN], sub[PATH_LEN], bad[PATH_LEN];
    tdir_path(&t, "ix.smpidx", path, sizeof path);
    build_small(path);
    size_t old_len;
    uint8_t *old = slurp(path, &old_len);

    smp_builder *b = sample_builder();
    smp_error err;

    /* 1. the target's directory does not exist */
    tdir_path(&t, "missing/ix.smpidx", bad, sizeof bad);
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(smp_builder_write(b, bad, &err), SMP_EIO);
    ck_assert_int_eq(err.code, SMP_EIO);
    ck_assert(!file_exists(bad));

    /* 2. the target is a directory: the rename fails */
    tdir_path(&t, "dir.smpidx", sub, sizeof sub);
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    tdir_path(&t, "dir.smpidx/keep", bad, sizeof bad);
    test_write_file(bad, "x", 1);
    ck_assert_int_eq(smp_builder_write(b, sub, &err), SMP_EIO);
    ck_assert_int_eq(count_names(t.dir, ".tmp."), 0);
    ck_assert(file_exists(bad));

    /* 3. writing the data fails (file size limit, works as root too):
       no ck_assert while the limit is on, Check writes to files */
    struct rlimit old_lim, lim;
    ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old_lim), 0);
    void (*old_sig)(int) = signal(SIGXFSZ, SIG_IGN);
    lim = old_lim;
    lim.rlim_cur = 1000; /* less than the sample index */
    int lim_rc = setrlimit(RLIMIT_FSIZE, &lim);
    int wrc = smp_builder_write(b, path, &err);
    setrlimit(RLIMIT_FSIZE, &old_lim);
    signal(SIGXFSZ, old_sig);
    ck_assert_int_eq(lim_rc, 0);
    ck_assert_int_eq(wrc, SMP_EIO);
    ck_assert_int_eq(err.code, SMP_EIO);
    ck_assert_int_eq(count_names(t.dir, ".tmp."), 0);

    /* the old index is intact and opens */
    size_t now_len;
    uint8_t *now = slurp(path, &now_len);
    ck_assert_uint_eq(now_len, old_len);
    ck_assert_int_eq(memcmp(now, old, old_len), 0);
    free(now);
    smp_index *ix = open_ok(path);
    smp_index_info info;
    smp_index_get_info(ix, &info);
    ck_assert_uint_eq(info.passages, 2);
    smp_index_close(ix);

    /* and the same builder can still write once the problem is gone */
    ck_assert_int_eq(smp_builder_write(b, path, &err), SMP_OK);
    ix = open_ok(path);
    smp_index_get_info(ix, &info);
    ck_assert_uint_eq(info.passages, 9);
    smp_index_close(ix);
    ck_assert_int_eq(count_names(t.dir, ".tmp."), 0);
    smp_builder_free(b);
    free(old);
    tdir_free(&t);
}
END_TEST

START_TEST(test_null_frees) {
    smp_index_close(NULL);
    smp_results_free(NULL);
    smp_builder_free(NULL);
    ck_assert_uint_eq(smp_results_count(NULL), 0);
    ck_assert_ptr_null(smp_results_get(NULL, 0));
    ck_assert_str_eq(smp_results_terms(NULL), "");
}
END_TEST

/* ---- opening bad files --------------------------------------------------- */

START_TEST(test_open_missing_and_odd_files) {
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN];
    smp_index *ix = (smp_index *)&ix;
    smp_error err;
    memset(&err, 0, sizeof err);
    tdir_path(&t, "missing.smpidx", path, sizeof path);
    ck_assert_int_eq(smp_index_open(&ix, path, &err), SMP_ENOTFOUND);
    ck_assert_ptr_null(ix);
    ck_assert_int_eq(err.code, SMP_ENOTFOUND);
    ck_assert_int_eq(smp_index_open(&ix, path, NULL), SMP_ENOTFOUND);
    /* a directory is not an index */
    ck_assert_int_eq(open_rc(t.dir), SMP_EIO);

    /* empty file */
    tdir_path(&t, "empty.smpidx", path, sizeof path);
    test_write_file(path, "", 0);
    ck_assert_int_eq(open_rc(path), SMP_ECORRUPT);

    /* random bytes, small and large */
    uint8_t junk[8192];
    uint32_t x = 0x12345678;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (uint8_t)(x >> 24);
    }
    tdir_path(&t, "junk.smpidx", path, sizeof path);
    static const size_t sizes[] = {1, 79, 80, 81, 1000, 8192};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        test_write_file(path, junk, sizes[i]);
        ck_assert_int_eq(open_rc(path), SMP_ECORRUPT);
    }
    /* the right magic followed by junk: the version field is read before
       the header checksum, so junk there reads as another version */
    memcpy(junk, "SMPIDX\r\n", 8);
    ck_assert_uint_ne(smp_get_u32(junk + SMP_HDR_VERSION), SMP_FORMAT_VERSION);
    test_write_file(path, junk, sizeof junk);
    ck_assert_int_eq(open_rc(path), SMP_EVERSION);
    /* the right magic and version followed by junk */
    smp_put_u32(junk + SMP_HDR_VERSION, SMP_FORMAT_VERSION);
    test_write_file(path, junk, sizeof junk);
    ck_assert_int_eq(open_rc(path), SMP_ECORRUPT);
    /* text */
    test_write_file(path, "hello world\n", 12);
    ck_assert_int_eq(open_rc(path), SMP_ECORRUPT);
    tdir_free(&t);
}
END_TEST

START_TEST(test_bad_version) {
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN], bad[PATH_LEN];
    build_sample(tdir_path(&t, "ix.smpidx", path, sizeof path));
    tdir_path(&t, "bad.smpidx", bad, sizeof bad);
    size_t len;
    uint8_t *orig = slurp(path, &len);
    uint8_t *m = malloc(len);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(smp_get_u32(orig + SMP_HDR_VERSION), SMP_FORMAT_VERSION);
    static const uint32_t versions[] = {0, 1, 3, 0x100, UINT32_MAX};
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
        /* the version is checked before the header checksum */
        memcpy(m, orig, len);
        smp_put_u32(m + SMP_HDR_VERSION, versions[i]);
        test_write_file(bad, m, len);
        smp_index *ix = (smp_index *)&ix;
        smp_error err;
        memset(&err, 0, sizeof err);
        ck_assert_int_eq(smp_index_open(&ix, bad, &err), SMP_EVERSION);
        ck_assert_ptr_null(ix);
        ck_assert_int_eq(err.code, SMP_EVERSION);
        /* with the checksums made consistent again: still the version */
        smp_put_u32(m + SMP_HDR_CRC, (uint32_t)crc32(0, m, SMP_HDR_CRC));
        uint8_t *foot = m + len - SMP_FOOTER_SIZE;
        smp_put_u32(foot + SMP_FTR_HEADER_CRC, smp_get_u32(m + SMP_HDR_CRC));
        smp_put_u32(foot + SMP_FTR_VERSION, versions[i]);
        test_write_file(bad, m, len);
        ck_assert_int_eq(open_rc(bad), SMP_EVERSION);
    }
    free(m);
    free(orig);
    tdir_free(&t);
}
END_TEST

START_TEST(test_truncation) {
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN], bad[PATH_LEN];
    build_sample(tdir_path(&t, "ix.smpidx", path, sizeof path));
    tdir_path(&t, "cut.smpidx", bad, sizeof bad);
    size_t len;
    uint8_t *orig = slurp(path, &len);
    ck_assert_uint_gt(len, 400);
    size_t tested = 0;
    for (size_t n = 0; n < len;) {
        test_write_file(bad, orig, n);
        ck_assert_msg(open_rc(bad) == SMP_ECORRUPT, "truncated to %zu of %zu bytes", n, len);
        tested++;
        if (n + 1 == len) break;
        n = n < 200 ? n + 1 : n + 97;
        if (n >= len) n = len - 1;
    }
    ck_assert_uint_ge(tested, 200 + (len - 200) / 97);
    /* one byte too many */
    uint8_t *longer = malloc(len + 1);
    ck_assert_ptr_nonnull(longer);
    memcpy(longer, orig, len);
    longer[len] = 0;
    test_write_file(bad, longer, len + 1);
    ck_assert_int_eq(open_rc(bad), SMP_ECORRUPT);
    /* the whole file opens */
    test_write_file(bad, orig, len);
    ck_assert_int_eq(open_rc(bad), SMP_OK);
    free(longer);
    free(orig);
    tdir_free(&t);
}
END_TEST

/* ---- bit flips -------------------------------------------------------------- */

typedef struct layout {
    uint32_t nsec;
    struct {
        uint32_t id;
        uint64_t off, len;
    } s[16];
} layout;

/* Entry i of the section table of the file m. */
#define TABLE_ENTRY(m, i) ((m) + SMP_HEADER_SIZE + SMP_SECTION_ENTRY * (size_t)(i))

static void parse_layout(const uint8_t *m, size_t len, layout *L) {
    L->nsec = smp_get_u32(m + SMP_HDR_NSECTIONS);
    ck_assert_uint_eq(L->nsec, 15); /* no aliases in the sample */
    for (uint32_t i = 0; i < L->nsec; i++) {
        smp_section e;
        smp_section_get(smp_section_at(m + SMP_HEADER_SIZE, i), &e);
        L->s[i].id = e.id;
        L->s[i].off = e.offset;
        L->s[i].len = e.length;
        ck_assert_uint_le(L->s[i].off + L->s[i].len, len - SMP_FOOTER_SIZE);
    }
}

/* Is byte `off` covered by a check that a flip of it must trip?
 * The header (its fields by CRC, its reserved bytes by being zero), the
 * section table, the sections and the whole footer: everything but the
 * zero padding that aligns the sections. */
static int covered(const layout *L, size_t len, size_t off) {
    if (off < SMP_HEADER_SIZE + SMP_SECTION_ENTRY * (size_t)L->nsec) return 1;
    if (off >= len - SMP_FOOTER_SIZE) return 1; /* footer */
    for (uint32_t i = 0; i < L->nsec; i++)
        if (off >= L->s[i].off && off < L->s[i].off + L->s[i].len) return 1;
    return 0; /* padding before a section or the footer */
}

/* Everything a few searches give, as text (through the searcher s when
 * not NULL). */
static void snapshot_with(const smp_index *ix, smp_searcher *s, smp_buf *out) {
    static const char *const queries[] = {"how long does the pigment last",
                                          "saunas pigment tinting", "lash lift weeks",
                                          "patch test brows", "microblading pores"};
    smp_buf_reset(out);
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
        smp_results *r = NULL;
        int rc = s ? smp_searcher_search(s, queries[q], NULL, &r, NULL)
                   : smp_search(ix, queries[q], NULL, &r, NULL);
        char line[1024];
        int n = snprintf(line, sizeof line, "q%zu rc=%d n=%u\n", q, rc, smp_results_count(r));
        ck_assert(n > 0 && (size_t)n < sizeof line);
        smp_buf_puts(out, line);
        for (uint32_t i = 0; i < smp_results_count(r); i++) {
            const smp_result *x = smp_results_get(r, i);
            n = snprintf(line, sizeof line, "%u %.17g %u %s|%s|%s|%s|%s|%u|%u-%u|%s\n", x->rank,
                         x->score, x->docid, x->passage_id, x->article_id, x->article_title,
                         x->path, x->heading, x->line, x->answer.start, x->answer.end, x->text);
            ck_assert(n > 0 && (size_t)n < sizeof line);
            smp_buf_puts(out, line);
            for (uint32_t h = 0; h < x->nhighlights; h++) {
                snprintf(line, sizeof line, " %u-%u", x->highlights[h].start,
                         x->highlights[h].end);
                smp_buf_puts(out, line);
            }
        }
        smp_results_free(r);
    }
    ck_assert_int_eq(out->rc, SMP_OK);
}

static void snapshot(const smp_index *ix, smp_buf *out) { snapshot_with(ix, NULL, out); }

/* Searches a possibly damaged index and reads every string of every
 * result: errors are allowed, reads out of bounds are not (ASan). */
static void exercise(const smp_index *ix) {
    static const char *const queries[] = {"how long does the pigment last",
                                          "saunas pigment tinting", "lash lift weeks",
                                          "patch test brows", "microblading pores",
                                          "\"patch test\"", "pigmnet"};
    size_t sum = 0;
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
        smp_results *r = NULL;
        int rc = smp_search(ix, queries[q], NULL, &r, NULL);
        ck_assert(rc == SMP_OK || rc == SMP_ECORRUPT || rc == SMP_EEMPTY);
        for (uint32_t i = 0; i < smp_results_count(r); i++) {
            const smp_result *x = smp_results_get(r, i);
            sum += strlen(x->text) + strlen(x->heading) + strlen(x->path) +
                   strlen(x->article_title) + strlen(x->article_id) + strlen(x->passage_id);
        }
        smp_results_free(r);
    }
    ck_assert_uint_lt(sum, SIZE_MAX);
}

START_TEST(test_searcher) {
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN];
    build_sample(tdir_path(&t, "sample.smpidx", path, sizeof path));
    smp_index *ix = open_ok(path);
    smp_searcher *s = (smp_searcher *)&s;
    smp_error err;
    ck_assert_int_eq(smp_searcher_new(&s, NULL, &err), SMP_EINVAL);
    ck_assert_ptr_null(s);
    smp_searcher_free(NULL);

    ck_assert_int_eq(smp_searcher_new(&s, ix, &err), SMP_OK);
    smp_buf want, got;
    smp_buf_init(&want);
    smp_buf_init(&got);
    snapshot(ix, &want);
    ck_assert_uint_gt(want.n, 500);
    /* a series of searches through one searcher (its caches warm) gives
       what one-off searches give */
    for (int round = 0; round < 3; round++) {
        snapshot_with(ix, s, &got);
        ck_assert_uint_eq(got.n, want.n);
        ck_assert_int_eq(memcmp(got.p, want.p, want.n), 0);
    }
    /* errors leave the searcher usable */
    smp_search_options o;
    smp_search_options_init(&o);
    smp_results *r = (smp_results *)&r;
    o.language = "french";
    ck_assert_int_eq(smp_searcher_search(s, "pores", &o, &r, &err), SMP_EANALYZER);
    ck_assert_ptr_null(r);
    o.language = NULL;
    o.k = 0;
    ck_assert_int_eq(smp_searcher_search(s, "pores", &o, &r, &err), SMP_EINVAL);
    ck_assert_int_eq(smp_searcher_search(s, "?!", NULL, &r, &err), SMP_EEMPTY);
    ck_assert_int_eq(smp_searcher_search(s, NULL, NULL, &r, &err), SMP_EINVAL);
    ck_assert_int_eq(smp_searcher_search(NULL, "pores", NULL, &r, &err), SMP_EINVAL);
    snapshot_with(ix, s, &got);
    ck_assert_uint_eq(got.n, want.n);
    ck_assert_int_eq(memcmp(got.p, want.p, want.n), 0);
    /* results outlive the searcher */
    ck_assert_int_eq(smp_searcher_search(s, "Patch test", NULL, &r, &err), SMP_OK);
    smp_searcher_free(s);
    ck_assert_uint_ge(smp_results_count(r), 1);
    const smp_result *x = smp_results_get(r, 0);
    ck_assert_str_eq(x->passage_id, "eyebrow#2");
    ck_assert_str_eq(x->heading, "Patch test");
    ck_assert_str_eq(x->text, "A patch test is done two days before tinting.");
    ck_assert_uint_eq(x->nhighlights, 2);
    assert_span_text(x, x->highlights[0], "patch");
    assert_span_text(x, x->highlights[1], "test");
    smp_results_free(r);
    smp_buf_free(&want);
    smp_buf_free(&got);
    smp_index_close(ix);
    tdir_free(&t);
}
END_TEST

START_TEST(test_bit_flips) {
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN], bad[PATH_LEN];
    build_sample(tdir_path(&t, "ix.smpidx", path, sizeof path));
    tdir_path(&t, "flip.smpidx", bad, sizeof bad);
    size_t len;
    uint8_t *orig = slurp(path, &len);
    layout L;
    parse_layout(orig, len, &L);

    smp_buf want, got;
    smp_buf_init(&want);
    smp_buf_init(&got);
    smp_index *ix = open_ok(path);
    snapshot(ix, &want);
    smp_index_close(ix);

    test_write_file(bad, orig, len);
    int fd = open(bad, O_RDWR);
    ck_assert_int_ge(fd, 0);
    size_t uncovered = 0;
    for (size_t off = 0; off < len; off++) {
        int cov = covered(&L, len, off);
        uncovered += !cov;
        for (int bit = 0; bit < 8; bit++) {
            uint8_t v = (uint8_t)(orig[off] ^ (1u << bit));
            ck_assert_int_eq(pwrite(fd, &v, 1, (off_t)off), 1);
            ix = NULL;
            int rc = smp_index_open(&ix, bad, NULL);
            if (off >= SMP_HDR_VERSION && off < SMP_HDR_VERSION + 4) {
                /* the format version, read before the header CRC */
                ck_assert_msg(rc == SMP_EVERSION, "offset %zu bit %d: %d", off, bit, rc);
            } else if (rc == SMP_OK) {
                /* open checks only what costs O(1): searching the damaged
                   index may fail but never reads out of bounds (ASan),
                   and the full check finds what open did not */
                exercise(ix);
                int crc = smp_index_check(ix, NULL);
                if (cov) {
                    ck_assert_msg(crc == SMP_ECORRUPT, "offset %zu bit %d: check %d", off,
                                  bit, crc);
                } else {
                    /* not covered by any checksum: must be harmless */
                    ck_assert_int_eq(crc, SMP_OK);
                    snapshot(ix, &got);
                    ck_assert_msg(got.n == want.n && memcmp(got.p, want.p, want.n) == 0,
                                  "offset %zu bit %d changes search results", off, bit);
                }
            } else {
                ck_assert_msg(cov && rc == SMP_ECORRUPT, "offset %zu bit %d: %d", off, bit, rc);
            }
            if (rc) ck_assert_ptr_null(ix);
            smp_index_close(ix);
            ck_assert_int_eq(pwrite(fd, &orig[off], 1, (off_t)off), 1);
        }
    }
    close(fd);
    /* the bytes no check covers: only the zero padding that aligns the
       sections, which no reader looks at */
    size_t padding = 0, end = SMP_HEADER_SIZE + SMP_SECTION_ENTRY * (size_t)L.nsec;
    for (uint32_t i = 0; i < L.nsec; i++) {
        ck_assert_uint_ge(L.s[i].off, end);
        padding += L.s[i].off - end;
        end = L.s[i].off + L.s[i].len;
    }
    padding += len - SMP_FOOTER_SIZE - end;
    ck_assert_uint_eq(uncovered, padding);
    ck_assert_int_eq(open_rc(bad), SMP_OK);
    smp_buf_free(&want);
    smp_buf_free(&got);
    free(orig);
    tdir_free(&t);
}
END_TEST

/* ---- crafted files: damage behind valid checksums ------------------------ */

static uint8_t *sec(uint8_t *m, const layout *L, uint32_t id, uint64_t *len) {
    for (uint32_t i = 0; i < L->nsec; i++)
        if (L->s[i].id == id) {
            if (len) *len = L->s[i].len;
            return m + L->s[i].off;
        }
    ck_abort_msg("no section %u", id);
    return NULL;
}

/* Recomputes every checksum from the section table as it now is. */
static void fix_crcs(uint8_t *m, size_t len) {
    uint32_t nsec = smp_get_u32(m + SMP_HDR_NSECTIONS);
    for (uint32_t i = 0; i < nsec && SMP_HEADER_SIZE + SMP_SECTION_ENTRY * (size_t)(i + 1) <= len;
         i++) {
        uint8_t *e = m + SMP_HEADER_SIZE + SMP_SECTION_ENTRY * (size_t)i;
        uint64_t off = smp_get_u64(e + SMP_TAB_OFFSET), sl = smp_get_u64(e + SMP_TAB_LENGTH);
        if (off <= len && sl <= len - off)
            smp_put_u32(e + SMP_TAB_CRC, (uint32_t)crc32_z(0, m + off, sl));
    }
    if (SMP_HEADER_SIZE + SMP_SECTION_ENTRY * (size_t)nsec <= len)
        smp_put_u32(m + SMP_HDR_TABLE_CRC,
                    (uint32_t)crc32_z(0, m + SMP_HEADER_SIZE, SMP_SECTION_ENTRY * (size_t)nsec));
    smp_put_u32(m + SMP_HDR_CRC, (uint32_t)crc32(0, m, SMP_HDR_CRC));
    smp_put_u32(m + len - SMP_FOOTER_SIZE + SMP_FTR_HEADER_CRC, smp_get_u32(m + SMP_HDR_CRC));
}

typedef struct crafted {
    tdir t;
    char path[PATH_LEN], bad[PATH_LEN];
    uint8_t *orig, *m;
    size_t len;
    layout L;
} crafted;

static void crafted_new(crafted *c) {
    tdir_new(&c->t);
    build_sample(tdir_path(&c->t, "ix.smpidx", c->path, sizeof c->path));
    tdir_path(&c->t, "bad.smpidx", c->bad, sizeof c->bad);
    c->orig = slurp(c->path, &c->len);
    c->m = malloc(c->len);
    ck_assert_ptr_nonnull(c->m);
    parse_layout(c->orig, c->len, &c->L);
    memcpy(c->m, c->orig, c->len);
}

/* Writes the patched copy with valid checksums, returns open's code, and
 * starts the next patch from the original. */
static int crafted_open(crafted *c, smp_index **ix) {
    fix_crcs(c->m, c->len);
    test_write_file(c->bad, c->m, c->len);
    memcpy(c->m, c->orig, c->len);
    *ix = NULL;
    return smp_index_open(ix, c->bad, NULL);
}

/* What open and then a full check say. */
static int crafted_rc(crafted *c) {
    smp_index *ix;
    int rc = crafted_open(c, &ix);
    if (rc == SMP_OK) rc = smp_index_check(ix, NULL);
    smp_index_close(ix);
    return rc;
}

static void crafted_free(crafted *c) {
    free(c->orig);
    free(c->m);
    tdir_free(&c->t);
}

START_TEST(test_crafted_checksums_ok) {
    /* fix_crcs on an unchanged file changes nothing */
    crafted c;
    crafted_new(&c);
    fix_crcs(c.m, c.len);
    ck_assert_int_eq(memcmp(c.m, c.orig, c.len), 0);
    ck_assert_int_eq(crafted_rc(&c), SMP_OK);
    crafted_free(&c);
}
END_TEST

START_TEST(test_crafted_header_and_table) {
    crafted c;
    crafted_new(&c);
    /* header size */
    smp_put_u32(c.m + SMP_HDR_HEADER_SIZE, 32);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    /* file size */
    smp_put_u64(c.m + SMP_HDR_FILE_SIZE, c.len + 8);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    /* too many sections / a table past the end */
    smp_put_u32(c.m + SMP_HDR_NSECTIONS, SMP_MAX_SECTIONS + 1);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    smp_put_u32(c.m + SMP_HDR_NSECTIONS, (uint32_t)(c.len / SMP_SECTION_ENTRY));
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    /* fewer sections: the last (store) is missing */
    smp_put_u32(c.m + SMP_HDR_NSECTIONS, 8);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    /* a duplicate section id */
    smp_put_u32(TABLE_ENTRY(c.m, 1) + SMP_TAB_ID, SMP_SEC_META);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    /* an unknown id instead of a known one: that one is missing */
    smp_put_u32(TABLE_ENTRY(c.m, 4) + SMP_TAB_ID, 99);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    /* sections out of bounds: offset inside the table, past the end,
       length past the end, huge values */
    smp_put_u64(TABLE_ENTRY(c.m, 0) + SMP_TAB_OFFSET, SMP_HEADER_SIZE);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    smp_put_u64(TABLE_ENTRY(c.m, 0) + SMP_TAB_OFFSET, c.len);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    smp_put_u64(TABLE_ENTRY(c.m, 8) + SMP_TAB_LENGTH, c.len);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    smp_put_u64(TABLE_ENTRY(c.m, 8) + SMP_TAB_OFFSET, UINT64_MAX - 8);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    smp_put_u64(TABLE_ENTRY(c.m, 8) + SMP_TAB_LENGTH, UINT64_MAX);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    /* footer magic */
    c.m[c.len - SMP_FOOTER_SIZE + SMP_FTR_MAGIC] ^= 1;
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    crafted_free(&c);
}
END_TEST

START_TEST(test_crafted_meta) {
    crafted c;
    crafted_new(&c);
    uint8_t *meta = sec(c.m, &c.L, SMP_SEC_META, NULL);
    /* analyzer version: 2 now, with options (numbers) */
    smp_index *mix;
    ck_assert_int_eq(smp_get_u32(meta + SMP_META_ANALYZER_VERSION), 2);
    ck_assert_int_eq(crafted_open(&c, &mix), SMP_OK);
    ck_assert_uint_eq(smp_index_analyzer(mix), SMP_AN_NUMBERS);
    smp_index_close(mix);
    meta = sec(c.m, &c.L, SMP_SEC_META, NULL);
    smp_put_u32(meta + SMP_META_ANALYZER_VERSION, 3);
    ck_assert_int_eq(crafted_rc(&c), SMP_EANALYZER);
    /* an option this build does not know */
    meta = sec(c.m, &c.L, SMP_SEC_META, NULL);
    smp_put_u32(meta + SMP_META_ANALYZER, SMP_AN_NUMBERS | 2);
    ck_assert_int_eq(crafted_rc(&c), SMP_EANALYZER);
    /* version 1 had no options: whatever the field holds, none */
    meta = sec(c.m, &c.L, SMP_SEC_META, NULL);
    smp_put_u32(meta + SMP_META_ANALYZER_VERSION, 1);
    ck_assert_int_eq(crafted_open(&c, &mix), SMP_OK);
    ck_assert_uint_eq(smp_index_analyzer(mix), 0);
    smp_index_close(mix);
    meta = sec(c.m, &c.L, SMP_SEC_META, NULL);
    /* language name length */
    meta = sec(c.m, &c.L, SMP_SEC_META, NULL);
    smp_put_u32(meta + SMP_META_LANG_LEN, 0);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    meta = sec(c.m, &c.L, SMP_SEC_META, NULL);
    smp_put_u32(meta + SMP_META_LANG_LEN, SMP_LANG_MAX);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    /* counts that disagree with the tables */
    static const size_t count_at[] = {SMP_META_PASSAGES, SMP_META_ARTICLES, SMP_META_TERMS};
    static const uint64_t deltas[] = {1, (uint64_t)-1, 1ull << 32, UINT64_MAX};
    for (size_t i = 0; i < 3; i++)
        for (size_t d = 0; d < 4; d++) {
            meta = sec(c.m, &c.L, SMP_SEC_META, NULL);
            smp_put_u64(meta + count_at[i], smp_get_u64(meta + count_at[i]) + deltas[d]);
            ck_assert_msg(crafted_rc(&c) == SMP_ECORRUPT, "count %zu delta %zu", i, d);
        }
    /* another language the stemmer knows: opens, searches in that
       language, and refuses the english analyzer */
    meta = sec(c.m, &c.L, SMP_SEC_META, NULL);
    smp_put_u32(meta + SMP_META_LANG_LEN, 6);
    memset(meta + SMP_META_LANG, 0, SMP_LANG_MAX);
    memcpy(meta + SMP_META_LANG, "french", 6);
    smp_index *ix;
    ck_assert_int_eq(crafted_open(&c, &ix), SMP_OK);
    smp_index_info info;
    smp_index_get_info(ix, &info);
    ck_assert_str_eq(info.language, "french");
    smp_search_options o;
    smp_search_options_init(&o);
    o.language = "english";
    smp_results *r = NULL;
    ck_assert_int_eq(smp_search(ix, "pores", &o, &r, NULL), SMP_EANALYZER);
    ck_assert_int_eq(smp_search(ix, "pores", NULL, &r, NULL), SMP_OK);
    smp_results_free(r);
    smp_index_close(ix);
    /* a language libstemmer does not have: opens, but cannot search */
    meta = sec(c.m, &c.L, SMP_SEC_META, NULL);
    smp_put_u32(meta + SMP_META_LANG_LEN, 7);
    memset(meta + SMP_META_LANG, 0, SMP_LANG_MAX);
    memcpy(meta + SMP_META_LANG, "klingon", 7);
    ck_assert_int_eq(crafted_open(&c, &ix), SMP_OK);
    r = (smp_results *)&r;
    ck_assert_int_eq(smp_search(ix, "pores", NULL, &r, NULL), SMP_EANALYZER);
    ck_assert_ptr_null(r);
    smp_searcher *sr = (smp_searcher *)&sr;
    ck_assert_int_eq(smp_searcher_new(&sr, ix, NULL), SMP_EANALYZER);
    ck_assert_ptr_null(sr);
    smp_index_close(ix);
    crafted_free(&c);
}
END_TEST

START_TEST(test_crafted_tables) {
    crafted c;
    crafted_new(&c);
    uint64_t n;
    /* an article number past the articles */
    uint8_t *docs = sec(c.m, &c.L, SMP_SEC_DOCS, &n);
    ck_assert_uint_eq(n, 9 * SMP_DOC_ENTRY);
    smp_put_u32(docs + SMP_DOC_ENTRY * 3 + SMP_DOC_ARTICLE, 5);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    /* a store block past the store index */
    docs = sec(c.m, &c.L, SMP_SEC_DOCS, NULL);
    smp_put_u32(docs + SMP_DOC_ENTRY * 8 + SMP_DOC_STORE_BLOCK, 1000);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    /* an article string offset past the strings */
    uint8_t *arts = sec(c.m, &c.L, SMP_SEC_ARTICLES, NULL);
    uint64_t slen;
    sec(c.m, &c.L, SMP_SEC_STRINGS, &slen);
    smp_put_u32(arts + SMP_ARTICLE_ENTRY * 4 + SMP_ARTICLE_PATH, (uint32_t)slen);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    /* strings not NUL-terminated */
    uint8_t *str = sec(c.m, &c.L, SMP_SEC_STRINGS, &slen);
    str[slen - 1] = 'x';
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    /* store index entry outside the store */
    uint64_t stlen;
    sec(c.m, &c.L, SMP_SEC_STORE, &stlen);
    uint8_t *si = sec(c.m, &c.L, SMP_SEC_STORE_INDEX, NULL);
    smp_put_u64(si + SMP_STORE_FRAME_OFF, stlen + 1);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    si = sec(c.m, &c.L, SMP_SEC_STORE_INDEX, NULL);
    smp_put_u32(si + SMP_STORE_FRAME_LEN, (uint32_t)stlen + 1);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    si = sec(c.m, &c.L, SMP_SEC_STORE_INDEX, NULL);
    smp_put_u32(si + SMP_STORE_RAW_LEN, SMP_STORE_RAW_MAX + 1);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    /* dictionary entries: df 0, df > passages, offsets out of order or
       out of bounds */
    uint64_t dlen;
    uint8_t *dict = sec(c.m, &c.L, SMP_SEC_DICT, &dlen);
    ck_assert_uint_ge(dlen, 3 * SMP_DICT_ENTRY);
    uint8_t *e1 = dict + SMP_DICT_ENTRY; /* the second entry */
    smp_put_u32(e1 + SMP_DICT_DF, 0);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    dict = sec(c.m, &c.L, SMP_SEC_DICT, NULL);
    e1 = dict + SMP_DICT_ENTRY;
    smp_put_u32(e1 + SMP_DICT_DF, 10);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    dict = sec(c.m, &c.L, SMP_SEC_DICT, NULL);
    e1 = dict + SMP_DICT_ENTRY;
    smp_put_u32(e1 + SMP_DICT_TERM_OFF, smp_get_u32(e1 + SMP_DICT_ENTRY + SMP_DICT_TERM_OFF));
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    dict = sec(c.m, &c.L, SMP_SEC_DICT, NULL);
    e1 = dict + SMP_DICT_ENTRY;
    smp_put_u64(e1 + SMP_DICT_POST_OFF, smp_get_u64(dict + SMP_DICT_POST_OFF));
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    dict = sec(c.m, &c.L, SMP_SEC_DICT, NULL);
    smp_put_u32(dict + SMP_DICT_TERM_OFF, 1);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    dict = sec(c.m, &c.L, SMP_SEC_DICT, &dlen);
    smp_put_u64(dict + dlen - SMP_DICT_ENTRY + SMP_DICT_POST_OFF, UINT64_MAX);
    ck_assert_int_eq(crafted_rc(&c), SMP_ECORRUPT);
    crafted_free(&c);
}
END_TEST

/* Scores of a query, in rank order, as text. */
static void scores_of(const char *path, const char *q, char *out, size_t cap) {
    smp_index *ix = open_ok(path);
    smp_results *r;
    ck_assert_int_eq(smp_search(ix, q, NULL, &r, NULL), SMP_OK);
    out[0] = 0;
    for (uint32_t i = 0; i < smp_results_count(r); i++) {
        size_t l = strlen(out);
        snprintf(out + l, cap - l, "%s=%.17g ", smp_results_get(r, i)->passage_id,
                 smp_results_get(r, i)->score);
    }
    smp_results_free(r);
    smp_index_close(ix);
}

START_TEST(test_length_table) {
    /* scoring reads u16 lengths from the LENS section; a passage longer
       than 65535 words falls back to the 32-bit lengths of DOCS.  The
       scores must equal those of the same index without LENS. */
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN], bad[PATH_LEN];
    tdir_path(&t, "long.smpidx", path, sizeof path);
    tdir_path(&t, "nolens.smpidx", bad, sizeof bad);
    smp_buf j;
    smp_buf_init(&j);
    smp_buf_puts(&j, "{\"_id\":\"long\",\"title\":\"\",\"text\":\"");
    for (int i = 0; i < 70000; i++) smp_buf_puts(&j, "glow ");
    smp_buf_puts(&j, "pore\"}\n{\"_id\":\"short\",\"title\":\"\",\"text\":\"glow pore "
                     "short\"}\n{\"_id\":\"mid\",\"title\":\"Pore\",\"text\":\"glow\"}\n");
    smp_buf_put_u8(&j, 0);
    smp_builder *b;
    ck_assert_int_eq(smp_builder_new(&b, NULL, NULL), SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, "l.jsonl", "jsonl", (const char *)j.p,
                                            j.n - 1, NULL), SMP_OK);
    ck_assert_int_eq(smp_builder_write(b, path, NULL), SMP_OK);
    smp_builder_free(b);
    smp_buf_free(&j);
    smp_index *ix = open_ok(path);
    ck_assert_int_eq(smp_index_check(ix, NULL), SMP_OK);
    uint32_t len[3];
    const smp_segment *sg = smp_index_segment(ix, 0)->seg;
    smp_segment_doc_lens(sg, 0, len);
    ck_assert_uint_eq(len[2], 70001); /* from DOCS, not the saturated 65535 */
    smp_segment_doc_lens(sg, 1, len);
    ck_assert_uint_eq(len[2], 3);
    smp_index_close(ix);

    size_t n;
    uint8_t *m = slurp(path, &n);
    uint32_t nsec = smp_get_u32(m + SMP_HDR_NSECTIONS), found = 0;
    for (uint32_t i = 0; i < nsec; i++)
        if (smp_get_u32(TABLE_ENTRY(m, i) + SMP_TAB_ID) == SMP_SEC_LENS) { /* now unknown */
            smp_put_u32(TABLE_ENTRY(m, i) + SMP_TAB_ID, 99);
            found = 1;
        }
    ck_assert(found);
    fix_crcs(m, n);
    test_write_file(bad, m, n);
    free(m);
    ix = open_ok(bad);
    smp_index_info in;
    smp_index_get_info(ix, &in);
    ck_assert_uint_eq(in.section_bytes[13], 0);
    smp_index_close(ix);
    char with[512], without[512];
    scores_of(path, "glow pore", with, sizeof with);
    scores_of(bad, "glow pore", without, sizeof without);
    ck_assert_str_eq(with, without);
    ck_assert_ptr_nonnull(strstr(with, "long="));
    tdir_free(&t);
}
END_TEST

/* An index without positions keeps its LENS section and has no POSITIONS
 * or POS_INDEX, whether written at once or merged from runs; one with
 * positions has all three. */
START_TEST(test_no_positions_sections) {
    tdir t;
    tdir_new(&t);
    for (int v = 0; v < 4; v++) {
        int no_positions = v & 1, runs = v >> 1;
        smp_build_options o;
        smp_build_options_init(&o);
        o.min_words = 1;
        o.no_positions = no_positions;
        if (runs) o.memory_budget = 1; /* a run per file, merged by write */
        char path[PATH_LEN], prefix[PATH_LEN];
        tdir_path(&t, "pos.smpidx", path, sizeof path);
        tdir_path(&t, "runs", prefix, sizeof prefix);
        o.run_prefix = prefix;
        smp_builder *b = NULL;
        smp_error err;
        ck_assert_int_eq(smp_builder_new(&b, &o, &err), SMP_OK);
        ck_assert_int_eq(smp_builder_add_buffer(b, "a.md", "md", md_scalp, strlen(md_scalp),
                                                &err), SMP_OK);
        ck_assert_int_eq(smp_builder_add_buffer(b, "b.md", "md", md_lash, strlen(md_lash),
                                                &err), SMP_OK);
        ck_assert_int_eq(smp_builder_add_buffer(b, "c.jsonl", "jsonl", jsonl_faq,
                                                strlen(jsonl_faq), &err), SMP_OK);
        ck_assert_msg(smp_builder_write(b, path, &err) == SMP_OK, "%s", err.msg);
        smp_build_stats bs;
        smp_builder_stats(b, &bs);
        if (runs) ck_assert_uint_gt(bs.runs, 1);
        else ck_assert_uint_le(bs.runs, 1);
        smp_builder_free(b);
        smp_index *ix = open_ok(path);
        const smp_segment *sg = smp_index_segment(ix, 0)->seg;
        const uint8_t *p;
        uint64_t len;
        ck_assert_msg(smp_segment_raw_section(sg, SMP_SEC_LENS, &p, &len) == 1,
                      "no LENS (positions %s, runs %d)", no_positions ? "off" : "on", runs);
        smp_index_info in;
        smp_index_get_info(ix, &in);
        ck_assert_uint_eq(len, in.passages * SMP_LENS_ENTRY);
        ck_assert_int_eq(smp_segment_raw_section(sg, SMP_SEC_POSITIONS, &p, &len), !no_positions);
        ck_assert_int_eq(smp_segment_raw_section(sg, SMP_SEC_POS_INDEX, &p, &len), !no_positions);
        ck_assert_int_eq(smp_segment_has_positions(sg), !no_positions);
        ck_assert_int_eq(smp_index_check(ix, NULL), SMP_OK);
        smp_index_close(ix);
    }
    tdir_free(&t);
}
END_TEST

/* Every dictionary entry: its term and where its postings are. */
static int find_term(const uint8_t *m, const layout *L, const char *term, uint8_t **entry) {
    uint64_t dlen, tlen;
    uint8_t *dict = sec((uint8_t *)m, L, SMP_SEC_DICT, &dlen);
    const uint8_t *terms = sec((uint8_t *)m, L, SMP_SEC_TERMS, &tlen);
    uint64_t nt = dlen / SMP_DICT_ENTRY;
    for (uint64_t i = 0; i < nt; i++) {
        uint8_t *e = dict + SMP_DICT_ENTRY * i;
        uint32_t a = smp_get_u32(e + SMP_DICT_TERM_OFF);
        uint32_t b =
            i + 1 < nt ? smp_get_u32(e + SMP_DICT_ENTRY + SMP_DICT_TERM_OFF) : (uint32_t)tlen;
        if (b - a == strlen(term) && memcmp(terms + a, term, b - a) == 0) {
            *entry = e;
            return 1;
        }
    }
    return 0;
}

START_TEST(test_crafted_search_time) {
    /* damage that open cannot see: search reports SMP_ECORRUPT */
    crafted c;
    crafted_new(&c);
    uint8_t *e;
    smp_index *ix;
    smp_results *r;
    /* "pore" occurs once (q1, docid 7): its block is 1 gap + 3 tfs */
    ck_assert(find_term(c.m, &c.L, "pore", &e));
    ck_assert_uint_eq(smp_get_u32(e + SMP_DICT_DF), 1);
    uint8_t *post = sec(c.m, &c.L, SMP_SEC_POSTINGS, NULL) + smp_get_u64(e + SMP_DICT_POST_OFF);
    ck_assert_uint_eq(post[0], 0);     /* one 1-byte gap */
    ck_assert_uint_eq(post[1], 7 + 1); /* docid 7, from -1 */
    /* gap 0 */
    post[1] = 0;
    ck_assert_int_eq(crafted_open(&c, &ix), SMP_OK);
    r = (smp_results *)&r;
    ck_assert_int_eq(smp_search(ix, "pores", NULL, &r, NULL), SMP_ECORRUPT);
    ck_assert_ptr_null(r);
    /* other terms still work */
    ck_assert_int_eq(smp_search(ix, "microblading", NULL, &r, NULL), SMP_OK);
    ck_assert_uint_eq(smp_results_count(r), 1);
    smp_results_free(r);
    smp_index_close(ix);
    /* a docid past the passages (9) */
    ck_assert(find_term(c.m, &c.L, "pore", &e));
    post = sec(c.m, &c.L, SMP_SEC_POSTINGS, NULL) + smp_get_u64(e + SMP_DICT_POST_OFF);
    post[1] = 10 + 1;
    ck_assert_int_eq(crafted_open(&c, &ix), SMP_OK);
    ck_assert_int_eq(smp_search(ix, "pores", NULL, &r, NULL), SMP_ECORRUPT);
    smp_index_close(ix);
    /* control byte claiming 4-byte values that are not there */
    ck_assert(find_term(c.m, &c.L, "pore", &e));
    post = sec(c.m, &c.L, SMP_SEC_POSTINGS, NULL) + smp_get_u64(e + SMP_DICT_POST_OFF);
    post[0] = 0xFF;
    ck_assert_int_eq(crafted_open(&c, &ix), SMP_OK);
    int rc = smp_search(ix, "pores", NULL, &r, NULL);
    ck_assert_int_eq(rc, SMP_ECORRUPT);
    smp_index_close(ix);
    /* df says 2 but the block holds 1 posting: never a crash */
    ck_assert(find_term(c.m, &c.L, "pore", &e));
    smp_put_u32(e + SMP_DICT_DF, 2);
    ck_assert_int_eq(crafted_open(&c, &ix), SMP_OK);
    r = NULL;
    rc = smp_search(ix, "pores", NULL, &r, NULL);
    ck_assert(rc == SMP_OK || rc == SMP_ECORRUPT);
    smp_results_free(r);
    smp_index_close(ix);

    /* a passage's record offset outside its store block */
    uint8_t *docs = sec(c.m, &c.L, SMP_SEC_DOCS, NULL);
    smp_put_u32(docs + SMP_DOC_ENTRY * 7 + SMP_DOC_STORE_OFF, 0xFFFFFFF0u);
    ck_assert_int_eq(crafted_open(&c, &ix), SMP_OK);
    r = (smp_results *)&r;
    ck_assert_int_eq(smp_search(ix, "pores", NULL, &r, NULL), SMP_ECORRUPT);
    ck_assert_ptr_null(r);
    smp_index_close(ix);
    /* a store block that does not inflate */
    uint8_t *si = sec(c.m, &c.L, SMP_SEC_STORE_INDEX, NULL);
    uint8_t *store = sec(c.m, &c.L, SMP_SEC_STORE, NULL) + smp_get_u64(si + SMP_STORE_FRAME_OFF);
    store[2] ^= 0xFF;
    ck_assert_int_eq(crafted_open(&c, &ix), SMP_OK);
    ck_assert_int_eq(smp_search(ix, "pores", NULL, &r, NULL), SMP_ECORRUPT);
    smp_index_close(ix);
    /* an inflated length that is wrong */
    si = sec(c.m, &c.L, SMP_SEC_STORE_INDEX, NULL);
    smp_put_u32(si + SMP_STORE_RAW_LEN, smp_get_u32(si + SMP_STORE_RAW_LEN) + 1);
    ck_assert_int_eq(crafted_open(&c, &ix), SMP_OK);
    ck_assert_int_eq(smp_search(ix, "pores", NULL, &r, NULL), SMP_ECORRUPT);
    smp_index_close(ix);
    crafted_free(&c);
}
END_TEST

/* ---- the records of format.h ---------------------------------------------- */

/* Distinct values: every byte of every field put is different from every
 * other byte put (a byte counter, so a field written over another or at
 * the wrong width reads back wrong). */
typedef struct distinct {
    uint8_t next;
} distinct;

static uint64_t dv(distinct *d, int width) {
    uint64_t v = 0;
    for (int i = 0; i < width; i++) v |= (uint64_t)++d->next << (8 * i);
    return v;
}

/* A field of a record: where it starts and how wide it is. */
typedef struct fld {
    const char *name;
    size_t off, width;
} fld;

/* The fields, in order, cover [0, size) exactly: no gap, no overlap. */
static void assert_tiles(const char *record, const fld *f, size_t n, size_t size) {
    size_t end = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(f[i].off == end, "%s.%s at %zu, expected %zu", record, f[i].name, f[i].off,
                      end);
        end = f[i].off + f[i].width;
    }
    ck_assert_msg(end == size, "%s: fields end at %zu, the record is %zu bytes", record, end,
                  size);
}

/* put writes every byte of the record and none after it: the same bytes
 * over zeros and over 0xFF, and the guard bytes untouched. */
#define PUT_TWICE(buf, size, put_call)                                                   \
    do {                                                                                 \
        uint8_t other_[(size) + 8];                                                      \
        memset(buf, 0, sizeof buf);                                                      \
        memset(other_, 0xFF, sizeof other_);                                             \
        {                                                                                \
            uint8_t *p_ = buf;                                                           \
            put_call;                                                                    \
        }                                                                                \
        {                                                                                \
            uint8_t *p_ = other_;                                                        \
            put_call;                                                                    \
        }                                                                                \
        ck_assert_int_eq(memcmp(buf, other_, (size)), 0);                                \
        for (size_t g_ = (size); g_ < (size) + 8; g_++) {                                \
            ck_assert_uint_eq(buf[g_], 0);                                               \
            ck_assert_uint_eq(other_[g_], 0xFF);                                         \
        }                                                                                \
    } while (0)

START_TEST(test_record_layouts) {
    static const fld header[] = {
        {"magic", SMP_HDR_MAGIC, SMP_MAGIC_LEN}, {"version", SMP_HDR_VERSION, 4},
        {"header_size", SMP_HDR_HEADER_SIZE, 4}, {"nsections", SMP_HDR_NSECTIONS, 4},
        {"flags", SMP_HDR_FLAGS, 4},             {"file_size", SMP_HDR_FILE_SIZE, 8},
        {"table_crc", SMP_HDR_TABLE_CRC, 4},     {"header_crc", SMP_HDR_CRC, 4},
        {"reserved", SMP_HDR_RESERVED, SMP_HEADER_SIZE - SMP_HDR_RESERVED}};
    assert_tiles("header", header, sizeof header / sizeof header[0], SMP_HEADER_SIZE);
    static const fld section[] = {{"id", SMP_TAB_ID, 4},
                                  {"crc", SMP_TAB_CRC, 4},
                                  {"offset", SMP_TAB_OFFSET, 8},
                                  {"length", SMP_TAB_LENGTH, 8},
                                  {"reserved", SMP_TAB_RESERVED, 8}};
    assert_tiles("section", section, sizeof section / sizeof section[0], SMP_SECTION_ENTRY);
    static const fld footer[] = {{"magic", SMP_FTR_MAGIC, SMP_MAGIC_LEN},
                                 {"version", SMP_FTR_VERSION, 4},
                                 {"header_crc", SMP_FTR_HEADER_CRC, 4}};
    assert_tiles("footer", footer, sizeof footer / sizeof footer[0], SMP_FOOTER_SIZE);
    static const fld meta[] = {
        {"analyzer_version", SMP_META_ANALYZER_VERSION, 4}, {"language_len", SMP_META_LANG_LEN, 4},
        {"language", SMP_META_LANG, SMP_LANG_MAX},          {"passages", SMP_META_PASSAGES, 8},
        {"articles", SMP_META_ARTICLES, 8},                 {"terms", SMP_META_TERMS, 8},
        {"postings", SMP_META_POSTINGS, 8},                 {"source_bytes", SMP_META_SOURCE_BYTES, 8},
        {"total_len", SMP_META_TOTAL_LEN, 3 * 8},           {"analyzer", SMP_META_ANALYZER, 4},
        {"reserved", SMP_META_RESERVED, 4}};
    assert_tiles("meta", meta, sizeof meta / sizeof meta[0], SMP_META_SIZE);
    static const fld dict[] = {{"term_off", SMP_DICT_TERM_OFF, 4},
                               {"df", SMP_DICT_DF, 4},
                               {"post_off", SMP_DICT_POST_OFF, 8}};
    assert_tiles("dict", dict, sizeof dict / sizeof dict[0], SMP_DICT_ENTRY);
    static const fld block[] = {{"last", SMP_BLOCK_LAST, 4},
                                {"end", SMP_BLOCK_END, 4},
                                {"max_tf", SMP_BLOCK_MAX_TF, 3 * 2},
                                {"min_body", SMP_BLOCK_MIN_BODY, 2}};
    assert_tiles("block", block, sizeof block / sizeof block[0], SMP_BLOCK_ENTRY);
    static const fld doc[] = {
        {"article", SMP_DOC_ARTICLE, 4},         {"ordinal", SMP_DOC_ORDINAL, 4},
        {"line", SMP_DOC_LINE, 4},               {"len", SMP_DOC_LEN, 3 * 4},
        {"byte_start", SMP_DOC_BYTE_START, 8},   {"byte_end", SMP_DOC_BYTE_END, 8},
        {"store_block", SMP_DOC_STORE_BLOCK, 4}, {"store_off", SMP_DOC_STORE_OFF, 4}};
    assert_tiles("doc", doc, sizeof doc / sizeof doc[0], SMP_DOC_ENTRY);
    static const fld lens[] = {{"len", SMP_LENS_LEN, 3 * 2}};
    assert_tiles("lens", lens, 1, SMP_LENS_ENTRY);
    static const fld article[] = {{"id", SMP_ARTICLE_ID, 4},
                                  {"title", SMP_ARTICLE_TITLE, 4},
                                  {"path", SMP_ARTICLE_PATH, 4}};
    assert_tiles("article", article, 3, SMP_ARTICLE_ENTRY);
    static const fld store[] = {{"frame_off", SMP_STORE_FRAME_OFF, 8},
                                {"frame_len", SMP_STORE_FRAME_LEN, 4},
                                {"raw_len", SMP_STORE_RAW_LEN, 4}};
    assert_tiles("store", store, 3, SMP_STORE_ENTRY);
    /* the manifest's smallest records: their fields' widths */
    ck_assert_uint_eq(SMP_MSEG_MIN, 12);
    ck_assert_uint_eq(SMP_MACR_MIN, 12);
    ck_assert_uint_eq(SMP_MFILE_MIN, 4 + 8 + 8 + 4 + 8 + 8 + 4 + 4 + 4 + 4 + 4);
}
END_TEST

START_TEST(test_record_round_trips) {
    distinct d = {0};
    /* header */
    smp_header h = {(uint32_t)dv(&d, 4), (uint32_t)dv(&d, 4), (uint32_t)dv(&d, 4),
                    (uint32_t)dv(&d, 4), dv(&d, 8),           (uint32_t)dv(&d, 4),
                    (uint32_t)dv(&d, 4)};
    smp_header hb;
    uint8_t hp[SMP_HEADER_SIZE + 8];
    PUT_TWICE(hp, SMP_HEADER_SIZE, smp_header_put(p_, &h));
    ck_assert_int_eq(memcmp(hp + SMP_HDR_MAGIC, SMP_MAGIC, SMP_MAGIC_LEN), 0);
    for (size_t i = SMP_HDR_RESERVED; i < SMP_HEADER_SIZE; i++) ck_assert_uint_eq(hp[i], 0);
    smp_header_get(hp, &hb);
    ck_assert_uint_eq(hb.version, h.version);
    ck_assert_uint_eq(hb.header_size, h.header_size);
    ck_assert_uint_eq(hb.nsections, h.nsections);
    ck_assert_uint_eq(hb.flags, h.flags);
    ck_assert_uint_eq(hb.file_size, h.file_size);
    ck_assert_uint_eq(hb.table_crc, h.table_crc);
    ck_assert_uint_eq(hb.header_crc, h.header_crc);
    /* section table entry */
    smp_section se = {(uint32_t)dv(&d, 4), (uint32_t)dv(&d, 4), dv(&d, 8), dv(&d, 8), dv(&d, 8)};
    smp_section sb;
    uint8_t sp[SMP_SECTION_ENTRY + 8];
    PUT_TWICE(sp, SMP_SECTION_ENTRY, smp_section_put(p_, &se));
    smp_section_get(sp, &sb);
    ck_assert_uint_eq(sb.id, se.id);
    ck_assert_uint_eq(sb.crc, se.crc);
    ck_assert_uint_eq(sb.offset, se.offset);
    ck_assert_uint_eq(sb.length, se.length);
    ck_assert_uint_eq(sb.reserved, se.reserved);
    ck_assert_ptr_eq(smp_section_at(sp, 3), sp + 3 * SMP_SECTION_ENTRY);
    /* footer */
    smp_footer fe = {(uint32_t)dv(&d, 4), (uint32_t)dv(&d, 4)}, fb;
    uint8_t fp[SMP_FOOTER_SIZE + 8];
    PUT_TWICE(fp, SMP_FOOTER_SIZE, smp_footer_put(p_, &fe));
    ck_assert_int_eq(memcmp(fp + SMP_FTR_MAGIC, SMP_FOOTER_MAGIC, SMP_MAGIC_LEN), 0);
    smp_footer_get(fp, &fb);
    ck_assert_uint_eq(fb.version, fe.version);
    ck_assert_uint_eq(fb.header_crc, fe.header_crc);
    /* META: the language zero padded */
    d.next = 0;
    static const char lang[] = "portuguese";
    smp_meta me = {(uint32_t)dv(&d, 4), lang, (uint32_t)strlen(lang), dv(&d, 8), dv(&d, 8),
                   dv(&d, 8), dv(&d, 8), dv(&d, 8), {dv(&d, 8), dv(&d, 8), dv(&d, 8)},
                   (uint32_t)dv(&d, 4), (uint32_t)dv(&d, 4)};
    smp_meta mb;
    uint8_t mp[SMP_META_SIZE + 8];
    PUT_TWICE(mp, SMP_META_SIZE, smp_meta_put(p_, &me));
    for (size_t i = SMP_META_LANG + strlen(lang); i < SMP_META_LANG + SMP_LANG_MAX; i++)
        ck_assert_uint_eq(mp[i], 0);
    smp_meta_get(mp, &mb);
    ck_assert_uint_eq(mb.analyzer_version, me.analyzer_version);
    ck_assert_uint_eq(mb.language_len, me.language_len);
    ck_assert_int_eq(memcmp(mb.language, lang, mb.language_len), 0);
    ck_assert_ptr_eq(mb.language, (const char *)mp + SMP_META_LANG);
    ck_assert_uint_eq(mb.passages, me.passages);
    ck_assert_uint_eq(mb.articles, me.articles);
    ck_assert_uint_eq(mb.terms, me.terms);
    ck_assert_uint_eq(mb.postings, me.postings);
    ck_assert_uint_eq(mb.source_bytes, me.source_bytes);
    for (int f = 0; f < 3; f++) ck_assert_uint_eq(mb.total_len[f], me.total_len[f]);
    ck_assert_uint_eq(mb.analyzer, me.analyzer);
    ck_assert_uint_eq(mb.reserved, me.reserved);
    /* DICT */
    smp_dict_entry de = {(uint32_t)dv(&d, 4), (uint32_t)dv(&d, 4), dv(&d, 8)}, db;
    uint8_t dp[SMP_DICT_ENTRY + 8];
    PUT_TWICE(dp, SMP_DICT_ENTRY, smp_dict_put(p_, &de));
    smp_dict_get(dp, &db);
    ck_assert_uint_eq(db.term_off, de.term_off);
    ck_assert_uint_eq(db.df, de.df);
    ck_assert_uint_eq(db.post_off, de.post_off);
    /* block table entry */
    smp_block_entry be = {(uint32_t)dv(&d, 4),
                          (uint32_t)dv(&d, 4),
                          {(uint16_t)dv(&d, 2), (uint16_t)dv(&d, 2), (uint16_t)dv(&d, 2)},
                          (uint16_t)dv(&d, 2)},
                    bb;
    uint8_t bp[SMP_BLOCK_ENTRY + 8];
    PUT_TWICE(bp, SMP_BLOCK_ENTRY, smp_block_put(p_, &be));
    smp_block_get(bp, &bb);
    ck_assert_uint_eq(bb.last, be.last);
    ck_assert_uint_eq(bb.end, be.end);
    for (int f = 0; f < 3; f++) ck_assert_uint_eq(bb.max_tf[f], be.max_tf[f]);
    ck_assert_uint_eq(bb.min_body, be.min_body);
    /* DOCS */
    d.next = 0;
    smp_doc_info oe = {(uint32_t)dv(&d, 4),
                       (uint32_t)dv(&d, 4),
                       (uint32_t)dv(&d, 4),
                       {(uint32_t)dv(&d, 4), (uint32_t)dv(&d, 4), (uint32_t)dv(&d, 4)},
                       dv(&d, 8),
                       dv(&d, 8),
                       (uint32_t)dv(&d, 4),
                       (uint32_t)dv(&d, 4)},
                 ob;
    uint8_t op[SMP_DOC_ENTRY + 8];
    PUT_TWICE(op, SMP_DOC_ENTRY, smp_doc_put(p_, &oe));
    smp_doc_get(op, &ob);
    ck_assert_uint_eq(ob.article, oe.article);
    ck_assert_uint_eq(ob.ordinal, oe.ordinal);
    ck_assert_uint_eq(ob.line, oe.line);
    for (int f = 0; f < 3; f++) ck_assert_uint_eq(ob.len[f], oe.len[f]);
    ck_assert_uint_eq(ob.byte_start, oe.byte_start);
    ck_assert_uint_eq(ob.byte_end, oe.byte_end);
    ck_assert_uint_eq(ob.store_block, oe.store_block);
    ck_assert_uint_eq(ob.store_off, oe.store_off);
    /* LENS: below 65535 as they are, from 65535 saturated */
    uint32_t le[3] = {(uint32_t)dv(&d, 2), (uint32_t)dv(&d, 2), (uint32_t)dv(&d, 2)}, lb[3];
    uint8_t lp[SMP_LENS_ENTRY + 8];
    PUT_TWICE(lp, SMP_LENS_ENTRY, smp_lens_put(p_, le));
    smp_lens_get(lp, lb);
    for (int f = 0; f < 3; f++) ck_assert_uint_eq(lb[f], le[f]);
    uint32_t big[3] = {UINT16_MAX - 1, UINT16_MAX, UINT32_MAX};
    smp_lens_put(lp, big);
    smp_lens_get(lp, lb);
    ck_assert_uint_eq(lb[0], UINT16_MAX - 1);
    ck_assert_uint_eq(lb[1], UINT16_MAX);
    ck_assert_uint_eq(lb[2], UINT16_MAX);
    /* ARTICLES */
    uint32_t ae[3] = {(uint32_t)dv(&d, 4), (uint32_t)dv(&d, 4), (uint32_t)dv(&d, 4)}, ab[3];
    uint8_t ap[SMP_ARTICLE_ENTRY + 8];
    PUT_TWICE(ap, SMP_ARTICLE_ENTRY, smp_article_put(p_, ae));
    smp_article_get(ap, ab);
    for (int k = 0; k < 3; k++) ck_assert_uint_eq(ab[k], ae[k]);
    /* STORE_INDEX */
    smp_store_entry te = {dv(&d, 8), (uint32_t)dv(&d, 4), (uint32_t)dv(&d, 4)}, tb;
    uint8_t tp[SMP_STORE_ENTRY + 8];
    PUT_TWICE(tp, SMP_STORE_ENTRY, smp_store_put(p_, &te));
    smp_store_get(tp, &tb);
    ck_assert_uint_eq(tb.frame_off, te.frame_off);
    ck_assert_uint_eq(tb.frame_len, te.frame_len);
    ck_assert_uint_eq(tb.raw_len, te.raw_len);
}
END_TEST

START_TEST(test_manifest_round_trip) {
    /* every field of a manifest, written by smp_manifest_write and read
       back by the reader, DELETED section included */
    tdir t;
    tdir_new(&t);
    char path[PATH_LEN];
    tdir_path(&t, "m.idx", path, sizeof path);
    uint32_t del0[] = {2, 5, 7, 9}, dend0[] = {3, 5}, dcount0[] = {4, 1};
    char dblob0[] = "abcxy";
    smp_mseg seg[2] = {{.name = "m.idx.seg.3",
                        .passages = 11,
                        .del = del0,
                        .ndel = 2,
                        .dblob = dblob0,
                        .dend = dend0,
                        .dcount = dcount0,
                        .ndt = 2},
                       {.name = "m.idx.seg.7", .passages = 13}};
    smp_macr acr[2] = {{"SMP", "scalp micropigmentation", 3}, {"PMU", "permanent makeup", 1}};
    smp_mfile file[2] = {{.path = "docs/a.md",
                          .size = 0x0102030405060708ull,
                          .mtime_s = -12345678901ll,
                          .mtime_ns = 999999999,
                          .hash = 0x1112131415161718ull,
                          .bytes = 0x2122232425262728ull,
                          .seg = 1,
                          .first_doc = 4,
                          .ndocs = 9,
                          .narticles = 2,
                          .acr = acr,
                          .nacr = 2},
                         {.path = "docs/empty.md", .seg = SMP_MSEG_NONE}};
    char aliases[] = "smp\tscalp micropigment\n";
    smp_manifest m = {.generation = 0x3132333435363738ull,
                      .next_id = 0x4142434445464748ull,
                      .language = "danish",
                      .max_words = 301,
                      .overlap_words = 47,
                      .min_words = 23,
                      .flags = SMP_MFLAG_NO_POSITIONS | SMP_MFLAG_NUMBERS,
                      .seg = seg,
                      .nseg = 2,
                      .file = file,
                      .nfiles = 2,
                      .aliases = aliases,
                      .alen = strlen(aliases)};
    smp_error err;
    ck_assert_int_eq(smp_manifest_write(&m, path, &err), SMP_OK);
    smp_segment *sg = (smp_segment *)&sg;
    smp_manifest *r = NULL;
    uint64_t bytes = 0;
    ck_assert_int_eq(smp_index_file_open(path, &sg, &r, &bytes, &err), SMP_OK);
    ck_assert_ptr_null(sg);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_gt(bytes, SMP_HEADER_SIZE);
    ck_assert_uint_eq(r->generation, m.generation);
    ck_assert_uint_eq(r->next_id, m.next_id);
    ck_assert_str_eq(r->language, m.language);
    ck_assert_uint_eq(r->max_words, m.max_words);
    ck_assert_uint_eq(r->overlap_words, m.overlap_words);
    ck_assert_uint_eq(r->min_words, m.min_words);
    ck_assert_uint_eq(r->flags, m.flags);
    ck_assert_uint_eq(r->nseg, 2);
    for (uint32_t i = 0; i < 2; i++) {
        const smp_mseg *a = &m.seg[i], *b = &r->seg[i];
        ck_assert_str_eq(b->name, a->name);
        ck_assert_uint_eq(b->passages, a->passages);
        ck_assert_uint_eq(b->ndel, a->ndel);
        for (uint32_t k = 0; k < 2 * a->ndel; k++) ck_assert_uint_eq(b->del[k], a->del[k]);
        ck_assert_uint_eq(b->ndt, a->ndt);
        for (uint32_t k = 0; k < a->ndt; k++) {
            ck_assert_uint_eq(b->dend[k], a->dend[k]);
            ck_assert_uint_eq(b->dcount[k], a->dcount[k]);
        }
        if (a->ndt) ck_assert_int_eq(memcmp(b->dblob, a->dblob, a->dend[a->ndt - 1]), 0);
    }
    ck_assert_uint_eq(smp_mseg_deleted(&r->seg[0], "abc", 3), 4);
    ck_assert_uint_eq(smp_mseg_deleted(&r->seg[0], "xy", 2), 1);
    ck_assert_uint_eq(smp_mseg_deleted(&r->seg[0], "ab", 2), 0);
    ck_assert_uint_eq(r->nfiles, 2);
    for (uint32_t i = 0; i < 2; i++) {
        const smp_mfile *a = &m.file[i], *b = &r->file[i];
        ck_assert_str_eq(b->path, a->path);
        ck_assert_uint_eq(b->size, a->size);
        ck_assert_int_eq(b->mtime_s, a->mtime_s);
        ck_assert_uint_eq(b->mtime_ns, a->mtime_ns);
        ck_assert_uint_eq(b->hash, a->hash);
        ck_assert_uint_eq(b->bytes, a->bytes);
        ck_assert_uint_eq(b->seg, a->seg);
        ck_assert_uint_eq(b->first_doc, a->first_doc);
        ck_assert_uint_eq(b->ndocs, a->ndocs);
        ck_assert_uint_eq(b->narticles, a->narticles);
        ck_assert_uint_eq(b->nacr, a->nacr);
        for (uint32_t k = 0; k < a->nacr; k++) {
            ck_assert_str_eq(b->acr[k].acr, a->acr[k].acr);
            ck_assert_str_eq(b->acr[k].long_form, a->acr[k].long_form);
            ck_assert_uint_eq(b->acr[k].count, a->acr[k].count);
        }
    }
    ck_assert_uint_eq(r->alen, m.alen);
    ck_assert_int_eq(memcmp(r->aliases, aliases, m.alen), 0);
    smp_manifest_free(r);
    tdir_free(&t);
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("index");
    TCase *tr = tcase_create("roundtrip");
    tcase_add_test(tr, test_build_stats_and_info);
    tcase_add_loop_test(tr, test_each_passage, 0,
                        (int)(sizeof passages / sizeof passages[0]));
    tcase_add_test(tr, test_search_question);
    tcase_add_test(tr, test_highlights_verbatim_words);
    tcase_add_test(tr, test_k_limits);
    tcase_add_test(tr, test_empty_and_unknown_queries);
    tcase_add_test(tr, test_search_options);
    tcase_add_test(tr, test_many_blocks);
    tcase_add_test(tr, test_null_frees);
    tcase_add_test(tr, test_searcher);
    suite_add_tcase(s, tr);
    TCase *tw = tcase_create("write");
    tcase_add_test(tw, test_builder_errors);
    tcase_add_test(tw, test_write_empty);
    tcase_add_test(tw, test_overwrite);
    tcase_add_test(tw, test_write_failures_keep_old_index);
    tcase_add_test(tw, test_no_positions_sections);
    suite_add_tcase(s, tw);
    TCase *tf = tcase_create("format");
    tcase_add_test(tf, test_record_layouts);
    tcase_add_test(tf, test_record_round_trips);
    tcase_add_test(tf, test_manifest_round_trip);
    suite_add_tcase(s, tf);
    TCase *tc = tcase_create("corrupt");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_open_missing_and_odd_files);
    tcase_add_test(tc, test_bad_version);
    tcase_add_test(tc, test_truncation);
    tcase_add_test(tc, test_bit_flips);
    tcase_add_test(tc, test_crafted_checksums_ok);
    tcase_add_test(tc, test_crafted_header_and_table);
    tcase_add_test(tc, test_crafted_meta);
    tcase_add_test(tc, test_crafted_tables);
    tcase_add_test(tc, test_crafted_search_time);
    tcase_add_test(tc, test_length_table);
    suite_add_tcase(s, tc);
    return s;
}
