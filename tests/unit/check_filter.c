/*
 * check_filter.c - filters on categories and tags and facet counts
 * (smp_search_options.categories, .tags, .facets; facets.c, topk.c,
 * execute.c): OR within a field, AND across fields, case aside; k
 * results under a selective filter, the same as the unfiltered ranking
 * with the other articles taken out, for every top-k strategy; facet
 * counts equal to a count of the matching passages by hand, each field's
 * own filter left out of its counts; a value no article has gives no
 * results, not an error; a segmented index kept by updates filters and
 * counts as a full build of the same files.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "helpers.h"

/* --- a small corpus -------------------------------------------------------- */

typedef struct art {
    const char *name, *cats, *tags; /* YAML lists, "" for none */
    const char *body;
} art;

static const art small[] = {
    {"a", "[lash lift]", "[aftercare]", "A lash lift lasts six to eight weeks."},
    {"b", "[Lash Lift]", "[tint]", "A lash tint lasts four to six weeks."},
    {"c", "[brows]", "[aftercare, Tint]", "Brow lamination lasts six weeks."},
    {"d", "[scalp micropigmentation]", "[aftercare, pain]", "SMP lasts up to eight years."},
    {"e", "", "", "Nothing here says how long anything lasts."},
};
#define NSMALL (sizeof small / sizeof small[0])

static void write_art(const char *dir, const art *a, int extra) {
    char md[2048], name[64], p[700];
    int n = snprintf(md, sizeof md, "---\ntitle: About %s\n", a->name);
    if (*a->cats) n += snprintf(md + n, sizeof md - (size_t)n, "categories: %s\n", a->cats);
    if (*a->tags) n += snprintf(md + n, sizeof md - (size_t)n, "tags: %s\n", a->tags);
    n += snprintf(md + n, sizeof md - (size_t)n,
                  "---\n## How long does it last?\n\n%s\n\n## Aftercare\n\n"
                  "Keep it dry for a day after it is done.%s\n",
                  a->body, extra ? " It lasts." : "");
    snprintf(name, sizeof name, "%s.md", a->name);
    test_write_file(test_path(p, sizeof p, dir, name), md, (size_t)n);
}

static smp_index *build_dir(const char *dir, char *path, size_t size) {
    snprintf(path, size, "%s.idx", dir);
    smp_builder *b;
    smp_error e;
    ck_assert_int_eq(smp_builder_new(&b, NULL, &e), 0);
    ck_assert_msg(smp_builder_add_path(b, dir, &e) == 0, "%s", e.msg);
    ck_assert_msg(smp_builder_write(b, path, &e) == 0, "%s", e.msg);
    smp_builder_free(b);
    smp_index *ix;
    ck_assert_int_eq(smp_index_open(&ix, path, &e), 0);
    return ix;
}

static smp_index *small_index(char *path, size_t size) {
    char dir[512];
    test_tmpdir(dir, sizeof dir);
    for (size_t i = 0; i < NSMALL; i++) write_art(dir, &small[i], 0);
    return build_dir(dir, path, size);
}

/* The articles of the results ("ab" for a's and b's passages), each once,
 * in name order. */
static void articles_of(const smp_results *r, char *out) {
    int seen[26] = {0};
    for (uint32_t i = 0; i < smp_results_count(r); i++) {
        const char *id = smp_results_get(r, i)->article_id;
        const char *slash = strrchr(id, '/');
        char c = (slash ? slash[1] : id[0]);
        ck_assert(c >= 'a' && c <= 'z');
        seen[c - 'a'] = 1;
    }
    int n = 0;
    for (int c = 0; c < 26; c++)
        if (seen[c]) out[n++] = (char)('a' + c);
    out[n] = 0;
}

static void search_with(smp_index *ix, const char *q, const char *const *cats, size_t nc,
                        const char *const *tags, size_t nt, char *arts) {
    smp_search_options so;
    smp_search_options_init(&so);
    so.k = 50;
    so.categories = cats;
    so.ncategories = nc;
    so.tags = tags;
    so.ntags = nt;
    smp_results *r = NULL;
    ck_assert_int_eq(smp_search(ix, q, &so, &r, NULL), SMP_OK);
    articles_of(r, arts);
    smp_results_free(r);
}

START_TEST(test_and_or) {
    char path[600], got[32];
    smp_index *ix = small_index(path, sizeof path);
    const char *q = "how long does it last";
    search_with(ix, q, NULL, 0, NULL, 0, got);
    ck_assert_str_eq(got, "abcde");
    /* case aside, the value as written: "Lash Lift" is "lash lift" */
    const char *lash[] = {"LASH lift"};
    search_with(ix, q, lash, 1, NULL, 0, got);
    ck_assert_str_eq(got, "ab");
    /* OR within a field */
    const char *two[] = {"lash lift", "brows"};
    search_with(ix, q, two, 2, NULL, 0, got);
    ck_assert_str_eq(got, "abc");
    const char *tint[] = {"tint"};
    search_with(ix, q, NULL, 0, tint, 1, got);
    ck_assert_str_eq(got, "bc");
    const char *tags2[] = {"pain", "tint"};
    search_with(ix, q, NULL, 0, tags2, 2, got);
    ck_assert_str_eq(got, "bcd");
    /* AND across fields */
    const char *after[] = {"aftercare"};
    search_with(ix, q, lash, 1, after, 1, got);
    ck_assert_str_eq(got, "a");
    search_with(ix, q, two, 2, tint, 1, got);
    ck_assert_str_eq(got, "bc");
    /* a value, not a part of one */
    const char *part[] = {"lash"};
    search_with(ix, q, part, 1, NULL, 0, got);
    ck_assert_str_eq(got, "");
    /* no filter values: no filter */
    search_with(ix, q, lash, 0, after, 0, got);
    ck_assert_str_eq(got, "abcde");
    smp_index_close(ix);
}
END_TEST

START_TEST(test_unknown_value) {
    char path[600];
    smp_index *ix = small_index(path, sizeof path);
    smp_search_options so;
    smp_search_options_init(&so);
    const char *none[] = {"opening hours"};
    so.categories = none;
    so.ncategories = 1;
    so.facets = 1;
    smp_results *r = NULL;
    smp_error e;
    ck_assert_int_eq(smp_search(ix, "how long does it last", &so, &r, &e), SMP_OK);
    ck_assert_uint_eq(smp_results_count(r), 0);
    ck_assert_int_eq(smp_results_answered(r), 0);
    /* the selected value is listed, with 0; the others keep their counts */
    const smp_facet *f;
    uint32_t n = smp_results_facets(r, SMP_FACET_CATEGORY, &f);
    int found = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!strcmp(f[i].value, "opening hours")) {
            found = 1;
            ck_assert_uint_eq(f[i].count, 0);
            ck_assert_int_eq(f[i].selected, 1);
        } else {
            ck_assert_uint_gt(f[i].count, 0);
            ck_assert_int_eq(f[i].selected, 0);
        }
    }
    ck_assert_int_eq(found, 1);
    ck_assert_uint_eq(n, 4); /* lash lift, brows, scalp micropigmentation + it */
    smp_results_free(r);
    /* NULL strings in the arrays are passed over; NULL err is fine */
    const char *holes[] = {NULL, "brows"};
    so.categories = holes;
    so.ncategories = 2;
    ck_assert_int_eq(smp_search(ix, "how long does it last", &so, &r, NULL), SMP_OK);
    ck_assert_uint_gt(smp_results_count(r), 0);
    smp_results_free(r);
    smp_index_close(ix);
}
END_TEST

/* --- facet counts ------------------------------------------------------------ */

/* 1 when '\n'-joined list has v, case aside. */
static int list_has(const char *list, const char *v) {
    size_t n = strlen(v);
    for (const char *p = list, *e; *p; p = *e ? e + 1 : e) {
        e = strchr(p, '\n');
        if (!e) e = p + strlen(p);
        if ((size_t)(e - p) == n && !strncasecmp(p, v, n)) return 1;
    }
    return 0;
}

/* The passages matching q that pass the filter of the other field (all
 * the exhaustive ranking scores), counted by hand for value v of field f. */
static uint32_t by_hand(smp_index *ix, const char *q, int field, const char *v,
                        const char *const *other, size_t nother) {
    smp_search_options so;
    smp_search_options_init(&so);
    so.k = 10000;
    so.strategy = SMP_TOPK_EXHAUSTIVE;
    so.rerank_depth = 0; /* the first stage's ranking: the second reranks its own best */
    if (field == SMP_FACET_CATEGORY) {
        so.tags = other;
        so.ntags = nother;
    } else {
        so.categories = other;
        so.ncategories = nother;
    }
    smp_results *r = NULL;
    ck_assert_int_eq(smp_search(ix, q, &so, &r, NULL), SMP_OK);
    uint32_t n = 0;
    for (uint32_t i = 0; i < smp_results_count(r); i++) {
        const smp_result *x = smp_results_get(r, i);
        n += list_has(field == SMP_FACET_CATEGORY ? x->categories : x->tags, v);
    }
    smp_results_free(r);
    return n;
}

/* Checks every facet count of a search against by_hand. */
static void check_facets(smp_index *ix, const char *q, const char *const *cats, size_t nc,
                         const char *const *tags, size_t nt) {
    smp_search_options so;
    smp_search_options_init(&so);
    so.categories = cats;
    so.ncategories = nc;
    so.tags = tags;
    so.ntags = nt;
    so.facets = 1;
    smp_results *r = NULL;
    ck_assert_int_eq(smp_search(ix, q, &so, &r, NULL), SMP_OK);
    for (int f = 0; f < SMP_NFACETS; f++) {
        const smp_facet *v;
        uint32_t n = smp_results_facets(r, f, &v);
        for (uint32_t i = 0; i < n; i++) {
            uint32_t want = by_hand(ix, q, f, v[i].value, f ? cats : tags, f ? nc : nt);
            ck_assert_msg(v[i].count == want, "%s %s: %u, by hand %u", f ? "tag" : "category",
                          v[i].value, v[i].count, want);
            if (i) /* highest first */
                ck_assert_uint_le(v[i].count, v[i - 1].count);
        }
        /* a result's values count it: selected values never drop to 0 */
        for (uint32_t i = 0; i < smp_results_count(r); i++) {
            const char *list = f ? smp_results_get(r, i)->tags : smp_results_get(r, i)->categories;
            for (uint32_t j = 0; j < n; j++)
                if (list_has(list, v[j].value)) ck_assert_uint_gt(v[j].count, 0);
        }
    }
    smp_results_free(r);
}

START_TEST(test_facets) {
    char path[600];
    smp_index *ix = small_index(path, sizeof path);
    const char *q = "how long does it last";
    smp_search_options so;
    smp_search_options_init(&so);
    so.facets = 1;
    smp_results *r = NULL;
    ck_assert_int_eq(smp_search(ix, q, &so, &r, NULL), SMP_OK);
    const smp_facet *c;
    uint32_t nc = smp_results_facets(r, SMP_FACET_CATEGORY, &c);
    /* "Lash Lift" and "lash lift" are one value, written the first way in
       byte order; an article's sections under 25 words are one passage */
    ck_assert_uint_eq(nc, 3);
    ck_assert_str_eq(c[0].value, "Lash Lift");
    ck_assert_uint_eq(c[0].count, 2);
    ck_assert_uint_eq(c[1].count, 1);
    ck_assert_int_eq(c[0].selected, 0);
    const smp_facet *t;
    ck_assert_uint_eq(smp_results_facets(r, SMP_FACET_TAG, &t), 3);
    ck_assert_str_eq(t[0].value, "aftercare");
    ck_assert_uint_eq(t[0].count, 3);
    ck_assert_str_eq(t[1].value, "Tint");
    ck_assert_uint_eq(t[1].count, 2);
    /* out of range, NULL results */
    ck_assert_uint_eq(smp_results_facets(r, 2, &t), 0);
    ck_assert_ptr_null(t);
    ck_assert_uint_eq(smp_results_facets(r, -1, NULL), 0);
    ck_assert_uint_eq(smp_results_facets(NULL, 0, &t), 0);
    smp_results_free(r);
    /* disjunctive: a selected category's siblings keep their counts; the
       tags count under it */
    const char *lash[] = {"lash lift"};
    so.categories = lash;
    so.ncategories = 1;
    ck_assert_int_eq(smp_search(ix, q, &so, &r, NULL), SMP_OK);
    nc = smp_results_facets(r, SMP_FACET_CATEGORY, &c);
    ck_assert_uint_eq(nc, 3);
    ck_assert_str_eq(c[0].value, "Lash Lift");
    ck_assert_uint_eq(c[0].count, 2);
    ck_assert_int_eq(c[0].selected, 1);
    ck_assert_uint_eq(c[1].count, 1);
    ck_assert_int_eq(c[1].selected, 0);
    ck_assert_uint_eq(smp_results_facets(r, SMP_FACET_TAG, &t), 2); /* aftercare, tint */
    ck_assert_uint_eq(t[0].count, 1);
    ck_assert_uint_eq(t[1].count, 1);
    smp_results_free(r);
    /* a word one article has: only its passages match */
    so.categories = NULL;
    so.ncategories = 0;
    ck_assert_int_eq(smp_search(ix, "lamination", &so, &r, NULL), SMP_OK);
    ck_assert_uint_eq(smp_results_facets(r, SMP_FACET_CATEGORY, &c), 1);
    ck_assert_str_eq(c[0].value, "brows");
    ck_assert_uint_eq(c[0].count, 1);
    smp_results_free(r);
    /* not asked for: none */
    so.facets = 0;
    ck_assert_int_eq(smp_search(ix, q, &so, &r, NULL), SMP_OK);
    ck_assert_uint_eq(smp_results_facets(r, SMP_FACET_CATEGORY, &c), 0);
    ck_assert_ptr_null(c);
    smp_results_free(r);
    /* against counts by hand, under filters of each field and both */
    const char *after[] = {"aftercare"}, *two[] = {"brows", "lash lift"};
    check_facets(ix, q, NULL, 0, NULL, 0);
    check_facets(ix, q, lash, 1, NULL, 0);
    check_facets(ix, q, NULL, 0, after, 1);
    check_facets(ix, q, two, 2, after, 1);
    check_facets(ix, "\"eight weeks\"", NULL, 0, NULL, 0); /* a quoted phrase */
    smp_index_close(ix);
}
END_TEST

/* --- k results under a selective filter ------------------------------------------ */

/* 300 articles: most "common" ones, every 25th "rare"; rare ones say
 * the question's words less often, so few of them rank in the first k
 * unfiltered.  Every third a tag. */
static smp_index *many_index(char *path, size_t size) {
    char dir[512];
    test_tmpdir(dir, sizeof dir);
    for (int i = 0; i < 300; i++) {
        char name[32], md[1024], p[700];
        int rare = i % 25 == 0;
        snprintf(name, sizeof name, "n%03d.md", i);
        int n = snprintf(md, sizeof md,
                         "---\ntitle: Note %d\ncategories: [%s]\n%s---\n## Part one\n\n"
                         "%s lash lift %s weeks.\n\n## Part two\n\nSomething about colour %d.\n",
                         i, rare ? "Rare" : "common", i % 3 ? "" : "tags: [third]\n",
                         rare ? "A note on the" : "How long a lash lift lasts: the lash lift",
                         i % 2 ? "six" : "eight", i);
        test_write_file(test_path(p, sizeof p, dir, name), md, (size_t)n);
    }
    return build_dir(dir, path, size);
}

START_TEST(test_k_under_filter) {
    char path[600];
    smp_index *ix = many_index(path, sizeof path);
    const char *q = "how long does a lash lift last";
    const char *rare[] = {"rare"}, *third[] = {"third"};
    /* the reference: all passages ranked, the others taken out by hand */
    smp_search_options so;
    smp_search_options_init(&so);
    so.k = 10000;
    so.strategy = SMP_TOPK_EXHAUSTIVE;
    smp_results *all = NULL;
    ck_assert_int_eq(smp_search(ix, q, &so, &all, NULL), SMP_OK);
    uint32_t in_top10 = 0;
    for (uint32_t i = 0; i < 10; i++)
        in_top10 += list_has(smp_results_get(all, i)->categories, "rare");
    ck_assert_uint_eq(in_top10, 0); /* selective: none unfiltered */
    for (int both = 0; both < 2; both++)
        for (int st = SMP_TOPK_EXHAUSTIVE; st <= SMP_TOPK_BMW; st++) {
            smp_search_options_init(&so);
            so.k = 10;
            so.strategy = st;
            so.rerank_depth = 0;
            so.categories = rare;
            so.ncategories = 1;
            if (both) {
                so.tags = third;
                so.ntags = 1;
            }
            smp_results *r = NULL;
            ck_assert_int_eq(smp_search(ix, q, &so, &r, NULL), SMP_OK);
            /* rare articles are 0, 25, .. 275 (12); with "third" also
               multiples of 3: 0, 75, 150, 225 (4), two passages each
               holding "lash lift" in one */
            uint32_t want = both ? 4 : 10;
            ck_assert_uint_eq(smp_results_count(r), want);
            uint32_t j = 0;
            for (uint32_t i = 0; i < smp_results_count(all) && j < want; i++) {
                const smp_result *x = smp_results_get(all, i);
                if (!list_has(x->categories, "rare") || (both && !list_has(x->tags, "third")))
                    continue;
                const smp_result *y = smp_results_get(r, j++);
                ck_assert_str_eq(y->passage_id, x->passage_id);
                ck_assert(y->score == x->score);
            }
            ck_assert_uint_eq(j, want);
            smp_results_free(r);
        }
    smp_results_free(all);
    smp_index_close(ix);
}
END_TEST

/* --- a segmented index --------------------------------------------------------- */

typedef struct snap {
    char ids[64][64];
    double score[64];
    uint32_t n;
    char facets[4096];
} snap;

static void take_snap(smp_index *ix, const char *q, const char *const *cats, size_t nc,
                      const char *const *tags, size_t nt, snap *s) {
    smp_search_options so;
    smp_search_options_init(&so);
    so.k = 64;
    so.categories = cats;
    so.ncategories = nc;
    so.tags = tags;
    so.ntags = nt;
    so.facets = 1;
    smp_results *r = NULL;
    ck_assert_int_eq(smp_search(ix, q, &so, &r, NULL), SMP_OK);
    s->n = smp_results_count(r);
    for (uint32_t i = 0; i < s->n; i++) {
        snprintf(s->ids[i], sizeof s->ids[i], "%s", smp_results_get(r, i)->passage_id);
        s->score[i] = smp_results_get(r, i)->score;
    }
    size_t off = 0;
    for (int f = 0; f < SMP_NFACETS; f++) {
        const smp_facet *v;
        uint32_t n = smp_results_facets(r, f, &v);
        for (uint32_t i = 0; i < n; i++)
            off += (size_t)snprintf(s->facets + off, sizeof s->facets - off, "%d %s %u %d;", f,
                                    v[i].value, v[i].count, v[i].selected);
    }
    smp_results_free(r);
}

static void same(smp_index *a, smp_index *b, const char *q, const char *const *cats, size_t nc,
                 const char *const *tags, size_t nt) {
    static snap x, y;
    take_snap(a, q, cats, nc, tags, nt, &x);
    take_snap(b, q, cats, nc, tags, nt, &y);
    ck_assert_uint_eq(x.n, y.n);
    for (uint32_t i = 0; i < x.n; i++) {
        ck_assert_str_eq(x.ids[i], y.ids[i]);
        ck_assert(x.score[i] == y.score[i]);
    }
    ck_assert_str_eq(x.facets, y.facets);
}

START_TEST(test_segmented) {
    char dir[512], src[600], seg[600], full[700];
    test_tmpdir(dir, sizeof dir);
    test_path(src, sizeof src, dir, "src");
    test_path(seg, sizeof seg, dir, "seg.idx");
    ck_assert_int_eq(mkdir(src, 0755), 0);
    const char *paths[] = {src};
    smp_update_stats st;
    smp_error e;
    for (size_t i = 0; i < NSMALL; i++) write_art(src, &small[i], 0);
    ck_assert_msg(smp_index_update(seg, paths, 1, NULL, &st, &e) == SMP_OK, "%s", e.msg);
    /* round 2: b moves to brows, a changes, f is new (lash lift) */
    art b2 = small[1], a2 = small[0];
    b2.cats = "[Brows]";
    write_art(src, &b2, 0);
    write_art(src, &a2, 1);
    art f = {"f", "[lash lift]", "[pain]", "A lash lift with a keratin step lasts eight weeks."};
    write_art(src, &f, 0);
    ck_assert_msg(smp_index_update(seg, paths, 1, NULL, &st, &e) == SMP_OK, "%s", e.msg);
    ck_assert_uint_ge(st.segments, 2);
    ck_assert_uint_gt(st.passages_deleted, 0);
    smp_index *ix, *fx;
    ck_assert_int_eq(smp_index_open(&ix, seg, &e), SMP_OK);
    fx = build_dir(src, full, sizeof full);
    const char *q = "how long does it last";
    const char *lash[] = {"lash lift"}, *brows[] = {"brows"}, *pain[] = {"Pain"};
    same(ix, fx, q, NULL, 0, NULL, 0);
    same(ix, fx, q, lash, 1, NULL, 0);
    same(ix, fx, q, brows, 1, NULL, 0);
    same(ix, fx, q, lash, 1, pain, 1);
    same(ix, fx, "keratin", NULL, 0, pain, 1);
    /* b is a brows article now, in the new segment; its old passages
       (lash lift) are deleted */
    char got[32];
    search_with(ix, q, lash, 1, NULL, 0, got);
    ck_assert_str_eq(got, "af");
    search_with(ix, q, brows, 1, NULL, 0, got);
    ck_assert_str_eq(got, "bc");
    smp_index_close(ix);
    smp_index_close(fx);
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("filter");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_and_or);
    tcase_add_test(tc, test_unknown_value);
    tcase_add_test(tc, test_facets);
    tcase_add_test(tc, test_k_under_filter);
    tcase_add_test(tc, test_segmented);
    suite_add_tcase(s, tc);
    return s;
}
