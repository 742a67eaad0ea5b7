/*
 * check_links.c - tests of where articles and passages are published:
 * URLs from paths and front matter, heading fragments (link.c, the
 * Markdown and HTML readers), the article info kept in the index (INFO,
 * FRAGMENTS) through a build, a build in runs, an update and an optimize,
 * and the links of a result (smp_result_link).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "helpers.h"

/* ---- link.c ---------------------------------------------------------- */

static void check_url(const char *path, size_t root_len, int fmt, const char *slug,
                      const char *want) {
    smp_ingest_ctx cx;
    memset(&cx, 0, sizeof cx);
    cx.path = path;
    cx.root_len = root_len;
    smp_buf b;
    smp_buf_init(&b);
    smp_url_from_path(&b, &cx, fmt, slug);
    ck_assert_int_eq(b.rc, 0);
    ck_assert_msg(!strcmp((const char *)b.p, want), "%s: '%s', not '%s'", path,
                  (const char *)b.p, want);
    smp_buf_free(&b);
}

START_TEST(test_url_from_path) {
    check_url("site/treatments/smp/index.html", 4, 'h', NULL, "/treatments/smp/");
    check_url("site/index.html", 4, 'h', NULL, "/");
    check_url("site/blog/post.html", 4, 'h', NULL, "/blog/post.html");
    check_url("site/old/prices.htm", 4, 'h', NULL, "/old/prices.htm");
    check_url("content/blog/lash-lift.md", 7, 'm', NULL, "/blog/lash-lift/");
    check_url("content/blog/lash-lift.md", 7, 'm', "lift", "/blog/lift/");
    check_url("content/blog/_index.md", 7, 'm', NULL, "/blog/");
    check_url("content/smp/index.md", 7, 'm', NULL, "/smp/");
    check_url("notes/prices.txt", 5, 't', NULL, "/prices.txt");
    /* a file given alone: its folder is the top */
    check_url("lash-lift.md", 0, 'm', NULL, "/lash-lift/");
    /* bytes a URL cannot hold are encoded */
    check_url("s/Price list é.html", 1, 'h', NULL, "/Price%20list%20%C3%A9.html");
}
END_TEST

static void check_slug(const char *heading, const char *want) {
    smp_buf b;
    smp_buf_init(&b);
    smp_slug(&b, heading, strlen(heading));
    ck_assert_msg(!strcmp((const char *)b.p, want), "'%s' -> '%s', not '%s'", heading,
                  (const char *)b.p, want);
    smp_buf_free(&b);
}

START_TEST(test_slugs) {
    check_slug("How long does SMP last?", "how-long-does-smp-last");
    check_slug("Aftercare: day 1\xE2\x80\x93" "3", "aftercare-day-13");
    check_slug("Prices (\xC2\xA3)", "prices-");
    check_slug("Caf\xC3\xA9 & brows", "caf\xC3\xA9--brows");
    check_slug("snake_case-and-dash", "snake_case-and-dash");
    check_slug("Don\xE2\x80\x99t rub them", "dont-rub-them");
}
END_TEST

START_TEST(test_url_join) {
    smp_buf b;
    smp_buf_init(&b);
    smp_url_join(&b, "https://clinic.example/", "/lash-lift/");
    ck_assert_str_eq((const char *)b.p, "https://clinic.example/lash-lift/");
    smp_buf_reset(&b);
    smp_url_join(&b, "https://clinic.example", "https://other.example/x/");
    ck_assert_str_eq((const char *)b.p, "https://other.example/x/");
    smp_buf_reset(&b);
    smp_url_join(&b, NULL, "/x/");
    ck_assert_str_eq((const char *)b.p, "/x/");
    smp_buf_reset(&b);
    smp_url_join(&b, "https://a.example", "//cdn.example/x");
    ck_assert_str_eq((const char *)b.p, "//cdn.example/x");
    smp_buf_free(&b);
}
END_TEST

/* ---- the readers ----------------------------------------------------- */

typedef struct read_run {
    smp_segment_opts opts;
    smp_ingest_ctx cx;
    coll c;
    char *buf;
    smp_error err;
    int rc;
} read_run;

static void read_file(read_run *r, const char *path, size_t root_len, int fmt, const char *src) {
    memset(r, 0, sizeof *r);
    r->opts = (smp_segment_opts){250, 50, 0, 0};
    r->cx.path = path;
    r->cx.root_len = root_len;
    r->cx.seg = &r->opts;
    r->cx.emit = collect;
    r->cx.ud = &r->c;
    size_t len = strlen(src);
    r->buf = malloc(len + 1);
    ck_assert_ptr_nonnull(r->buf);
    memcpy(r->buf, src, len + 1);
    r->rc = smp_ingest_file(&r->cx, fmt, r->buf, len, NULL, NULL, &r->err);
    ck_assert_msg(r->rc == 0, "%s: %s", path, r->err.msg);
}

static void read_free(read_run *r) {
    coll_free(&r->c);
    free(r->buf);
}

static const rec *headed(const read_run *r, const char *h) {
    for (size_t i = 0; i < r->c.n; i++)
        if (!strcmp(r->c.r[i].heading, h)) return &r->c.r[i];
    ck_abort_msg("no passage headed '%s'", h);
    return NULL;
}

START_TEST(test_markdown_fragments_and_info) {
    read_run r;
    read_file(&r, "content/faq/lash-lift-faq.md", 7, 'm',
              "---\n"
              "title: Lash lift questions\n"
              "date: 2026-03-02\n"
              "description: \"Short answers about lash lifts\"\n"
              "tags: [lash lift, aftercare]\n"
              "categories: lashes\n"
              "lang: en-GB\n"
              "---\n"
              "Our most asked questions, answered by the studio.\n\n"
              "## How long does a lash lift last?\n\n"
              "Six to eight weeks, as your lashes grow out.\n\n"
              "## Aftercare {#after-care}\n\n"
              "Keep them dry for a day.\n\n"
              "### Mascara\n\nWait 48 hours before wearing mascara.\n\n"
              "## Aftercare\n\nThe second section with this heading.\n");
    ck_assert_uint_eq(r.c.n, 5);
    ck_assert_str_eq(r.c.r[0].fragment, ""); /* the introduction: the top of the page */
    ck_assert_str_eq(headed(&r, "How long does a lash lift last?")->fragment,
                     "how-long-does-a-lash-lift-last");
    /* an id the heading gives itself, taken out of the heading */
    ck_assert_str_eq(r.c.r[2].heading, "Aftercare");
    ck_assert_str_eq(r.c.r[2].fragment, "after-care");
    ck_assert_str_eq(headed(&r, "Aftercare \xE2\x80\xBA Mascara")->fragment, "mascara");
    /* a heading met twice: Hugo's numbering */
    ck_assert_str_eq(r.c.r[4].fragment, "aftercare");
    for (size_t i = 0; i < r.c.n; i++) {
        ck_assert_str_eq(r.c.r[i].url, "/faq/lash-lift-faq/");
        ck_assert_str_eq(r.c.r[i].date, "2026-03-02");
        ck_assert_str_eq(r.c.r[i].description, "Short answers about lash lifts");
        ck_assert_str_eq(r.c.r[i].tags, "lash lift\naftercare");
        ck_assert_str_eq(r.c.r[i].categories, "lashes");
        ck_assert_str_eq(r.c.r[i].language, "en-GB");
    }
    read_free(&r);

    /* the front matter's URL wins over the path's, and a slug names it */
    read_file(&r, "c/p.md", 1, 'm', "+++\ntitle = \"P\"\nurl = \"/prices/\"\n+++\nText.\n");
    ck_assert_str_eq(r.c.r[0].url, "/prices/");
    read_free(&r);
    read_file(&r, "c/blog/p.md", 1, 'm', "---\nslug: lash-prices\n---\nText.\n");
    ck_assert_str_eq(r.c.r[0].url, "/blog/lash-prices/");
    read_free(&r);
}
END_TEST

START_TEST(test_duplicate_heading_numbering) {
    read_run r;
    read_file(&r, "a.md", 0, 'm',
              "## Price\n\nOne.\n\n## Price\n\nTwo.\n\n## Price\n\nThree.\n\n"
              "## Price-1\n\nFour.\n");
    ck_assert_uint_eq(r.c.n, 4);
    ck_assert_str_eq(r.c.r[0].fragment, "price");
    ck_assert_str_eq(r.c.r[1].fragment, "price-1");
    ck_assert_str_eq(r.c.r[2].fragment, "price-2");
    ck_assert_str_eq(r.c.r[3].fragment, "price-1-1");
    read_free(&r);
}
END_TEST

static const char *const page =
    "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">\n"
    "<title>Rehaussement de cils</title>\n"
    "<meta name=\"description\" content=\"Tout sur le rehaussement\">\n"
    "<meta property=\"article:published_time\" content=\"2026-01-15T10:00:00+01:00\">\n"
    "<meta property=\"article:section\" content=\"Cils\">\n"
    "<meta property=\"article:tag\" content=\"cils\">\n"
    "<meta property=\"article:tag\" content=\"soin\">\n"
    "</head><body><main>\n"
    "<p>Introduction du salon.</p>\n"
    "<h2 id=\"duree\">Combien de temps dure-t-il ?</h2><p>Six à huit semaines.</p>\n"
    "<section id=\"prix\"><h2>Prix</h2><p>Quarante-cinq euros.</p></section>\n"
    "<h2><a id=\"apres\"></a>Après le soin</h2><p>Pas d'eau pendant un jour.</p>\n"
    "<h2>Sans identifiant</h2><p>Ce titre n'a pas d'id.</p>\n"
    "<details id=\"q-mascara\"><summary>Et le mascara ?</summary><p>Après 48 heures.</p>"
    "</details>\n"
    "<details><summary id=\"q-bain\">Et la piscine ?</summary><p>Après deux jours.</p>"
    "</details>\n"
    "<dl><dt id=\"q-teinture\">Et la teinture ?</dt><dd>Oui, le même jour.</dd></dl>\n"
    "</main></body></html>\n";

START_TEST(test_html_fragments_and_info) {
    read_run r;
    read_file(&r, "site/fr/cils/index.html", 4, 'h', page);
    ck_assert_str_eq(r.c.r[0].fragment, "");
    ck_assert_str_eq(headed(&r, "Combien de temps dure-t-il ?")->fragment, "duree");
    ck_assert_str_eq(headed(&r, "Prix")->fragment, "prix");
    ck_assert_str_eq(headed(&r, "Après le soin")->fragment, "apres");
    /* no id: no fragment (a slug would name nothing on the page) */
    ck_assert_str_eq(headed(&r, "Sans identifiant")->fragment, "");
    ck_assert_str_eq(headed(&r, "Sans identifiant \xE2\x80\xBA Et le mascara ?")->fragment,
                     "q-mascara");
    ck_assert_str_eq(headed(&r, "Sans identifiant \xE2\x80\xBA Et la piscine ?")->fragment,
                     "q-bain");
    ck_assert_str_eq(headed(&r, "Sans identifiant \xE2\x80\xBA Et la teinture ?")->fragment,
                     "q-teinture");
    const rec *x = &r.c.r[0];
    ck_assert_str_eq(x->url, "/fr/cils/");
    ck_assert_str_eq(x->language, "fr");
    ck_assert_str_eq(x->description, "Tout sur le rehaussement");
    ck_assert_str_eq(x->date, "2026-01-15T10:00:00+01:00");
    ck_assert_str_eq(x->tags, "cils\nsoin");
    ck_assert_str_eq(x->categories, "Cils");
    read_free(&r);

    /* a canonical link is the URL */
    read_file(&r, "site/a.html", 4, 'h',
              "<html><head><link rel=\"canonical\" href=\"https://glow.example/a/\"></head>"
              "<body><p>Some text here.</p></body></html>");
    ck_assert_str_eq(r.c.r[0].url, "https://glow.example/a/");
    read_free(&r);
}
END_TEST

START_TEST(test_jsonl_info) {
    read_run r;
    read_file(&r, "d.jsonl", 0, 'j',
              "{\"_id\": \"a\", \"text\": \"One.\", \"url\": \"https://x.example/a\", "
              "\"tags\": [\"t1\", \"t2\"], \"categories\": \"c\", \"date\": \"2025-05-01\"}\n"
              "{\"_id\": \"b\", \"text\": \"Two.\"}\n");
    ck_assert_uint_eq(r.c.n, 2);
    ck_assert_str_eq(r.c.r[0].url, "https://x.example/a");
    ck_assert_str_eq(r.c.r[0].tags, "t1\nt2");
    ck_assert_str_eq(r.c.r[0].categories, "c");
    ck_assert_str_eq(r.c.r[0].date, "2025-05-01");
    ck_assert_str_eq(r.c.r[1].url, "");
    ck_assert_str_eq(r.c.r[1].tags, "");
    read_free(&r);
}
END_TEST

/* ---- the index ------------------------------------------------------- */

static const char *const article_a =
    "---\ntitle: Lash lift\ndate: 2026-02-01\ntags: [lashes]\n---\n"
    "## How long does a lash lift last?\n\nA lash lift lasts six to eight weeks.\n\n"
    "## Aftercare {#care}\n\nKeep the lashes dry for a day after the lift.\n";
static const char *const article_b =
    "<html lang=\"en\"><head><title>Brows</title></head><body><main>"
    "<h2 id=\"lamination\">Brow lamination</h2><p>Brow lamination lasts six weeks.</p>"
    "</main></body></html>";

/* The passage of ix whose heading ends with h, via a search for q. */
static void expect_result(const smp_index *ix, const char *q, const char *url,
                          const char *fragment, const char *date, const char *tags) {
    smp_results *res = NULL;
    smp_error e;
    ck_assert_msg(smp_search(ix, q, NULL, &res, &e) == SMP_OK, "%s", e.msg);
    ck_assert_uint_gt(smp_results_count(res), 0);
    const smp_result *x = smp_results_get(res, 0);
    ck_assert_str_eq(x->url, url);
    ck_assert_str_eq(x->fragment, fragment);
    ck_assert_str_eq(x->date, date);
    ck_assert_str_eq(x->tags, tags);
    smp_results_free(res);
}

static void expect_links(const smp_index *ix, const char *base) {
    char want[256];
    snprintf(want, sizeof want, "%s/lash-lift/", base);
    expect_result(ix, "aftercare lashes dry", want, "care", "2026-02-01", "lashes");
    snprintf(want, sizeof want, "%s/brows.html", base);
    expect_result(ix, "brow lamination", want, "lamination", "", "");
    smp_error e;
    ck_assert_msg(smp_index_check(ix, &e) == SMP_OK, "%s", e.msg);
}

static void write_site(char *dir, size_t size) {
    char p[512];
    test_tmpdir(dir, size);
    test_write_file(test_path(p, sizeof p, dir, "lash-lift.md"), article_a, strlen(article_a));
    test_write_file(test_path(p, sizeof p, dir, "brows.html"), article_b, strlen(article_b));
}

START_TEST(test_index_keeps_links) {
    char dir[512], idx[600];
    write_site(dir, sizeof dir);
    snprintf(idx, sizeof idx, "%s.idx", dir);
    for (int budget = 0; budget < 2; budget++) { /* in one piece, then in runs */
        smp_build_options o;
        smp_build_options_init(&o);
        o.base_url = "https://glow.example/";
        o.memory_budget = (uint64_t)budget; /* 1: a run per article */
        smp_builder *b;
        smp_error e;
        ck_assert_int_eq(smp_builder_new(&b, &o, &e), 0);
        ck_assert_msg(smp_builder_add_path(b, dir, &e) == 0, "%s", e.msg);
        ck_assert_msg(smp_builder_write(b, idx, &e) == 0, "%s", e.msg);
        smp_build_stats st;
        smp_builder_stats(b, &st);
        ck_assert_uint_eq(st.runs, budget ? 2 : 0);
        smp_builder_free(b);
        smp_index *ix;
        ck_assert_int_eq(smp_index_open(&ix, idx, &e), 0);
        expect_links(ix, "https://glow.example");
        smp_index_close(ix);
    }
}
END_TEST

START_TEST(test_update_keeps_links) {
    char dir[512], idx[600], p[600];
    write_site(dir, sizeof dir);
    snprintf(idx, sizeof idx, "%s.idx", dir);
    const char *paths[] = {dir};
    smp_error e;
    ck_assert_msg(smp_index_update(idx, paths, 1, NULL, NULL, &e) == 0, "%s", e.msg);
    /* a third file, then an optimize: the first two are copied from segments */
    test_write_file(test_path(p, sizeof p, dir, "more.md"), "# More\n\nOther words.\n", 21);
    ck_assert_msg(smp_index_update(idx, paths, 1, NULL, NULL, &e) == 0, "%s", e.msg);
    ck_assert_msg(smp_index_optimize(idx, NULL, &e) == 0, "%s", e.msg);
    smp_index *ix;
    ck_assert_int_eq(smp_index_open(&ix, idx, &e), 0);
    smp_index_info in;
    smp_index_get_info(ix, &in);
    ck_assert_uint_eq(in.segments, 1);
    expect_links(ix, "");
    smp_index_close(ix);
}
END_TEST

START_TEST(test_old_index_has_no_links) {
    /* an index of text files: no info and no fragments are written */
    char path[600];
    smp_index *ix = test_build_doc("notes.txt", "Plain notes about lash tints.\n", NULL,
                                   "n.idx", path, sizeof path);
    smp_index_info in;
    smp_index_get_info(ix, &in);
    for (uint32_t i = 0; i < in.nsections; i++)
        if (!strcmp(smp_index_section_name(ix, i), "fragments"))
            ck_assert_uint_eq(in.section_bytes[i], 0);
    smp_results *res = NULL;
    ck_assert_int_eq(smp_search(ix, "lash tints", NULL, &res, NULL), 0);
    ck_assert_str_eq(smp_results_get(res, 0)->fragment, "");
    ck_assert_str_eq(smp_results_get(res, 0)->url, "/notes.txt");
    smp_results_free(res);
    smp_index_close(ix);
}
END_TEST

/* ---- smp_result_link ------------------------------------------------- */

START_TEST(test_result_links) {
    const char *text = "Intro words here. A lash lift usually lasts six to eight weeks, "
                       "depending on your lash cycle & care. More.";
    smp_result r;
    memset(&r, 0, sizeof r);
    r.article_id = "lash-lift";
    r.url = "/lash-lift/";
    r.fragment = "how-long";
    r.text = text;
    r.text_len = (uint32_t)strlen(text);
    r.answer.start = 18;
    r.answer.end = (uint32_t)(strstr(text, " More.") - text);
    char *l;
    ck_assert_int_eq(smp_result_link(&r, NULL, SMP_LINK_ARTICLE, &l, NULL), 0);
    ck_assert_str_eq(l, "/lash-lift/");
    free(l);
    ck_assert_int_eq(smp_result_link(&r, "https://g.example/", SMP_LINK_PASSAGE, &l, NULL), 0);
    ck_assert_str_eq(l, "https://g.example/lash-lift/#how-long");
    free(l);
    ck_assert_int_eq(smp_result_link(&r, NULL, SMP_LINK_ANSWER, &l, NULL), 0);
    ck_assert_str_eq(l, "/lash-lift/#how-long:~:text=A%20lash%20lift%20usually%20lasts,"
                        "lash%20cycle%20%26%20care.");
    free(l);
    /* a short sentence is named whole; '-' and ',' are encoded */
    r.answer.end = (uint32_t)(strstr(text, " six") - text);
    r.fragment = "";
    r.text = "Intro words here. Lift, tint - done.";
    r.text_len = (uint32_t)strlen(r.text);
    r.answer.start = 18;
    r.answer.end = r.text_len;
    ck_assert_int_eq(smp_result_link(&r, NULL, SMP_LINK_ANSWER, &l, NULL), 0);
    ck_assert_str_eq(l, "/lash-lift/#:~:text=Lift%2C%20tint%20%2D%20done.");
    free(l);
    ck_assert_int_eq(smp_result_link(&r, NULL, SMP_LINK_PASSAGE, &l, NULL), 0);
    ck_assert_str_eq(l, "/lash-lift/"); /* no fragment: no '#' */
    free(l);
    /* no URL: the article id under the base URL, or none */
    r.url = "";
    ck_assert_int_eq(smp_result_link(&r, "https://g.example", SMP_LINK_ARTICLE, &l, NULL), 0);
    ck_assert_str_eq(l, "https://g.example/lash-lift");
    free(l);
    ck_assert_int_eq(smp_result_link(&r, NULL, SMP_LINK_ARTICLE, &l, NULL), 0);
    ck_assert_ptr_null(l);
    /* an absolute URL keeps its own host */
    r.url = "https://other.example/x/";
    ck_assert_int_eq(smp_result_link(&r, "https://g.example", SMP_LINK_ARTICLE, &l, NULL), 0);
    ck_assert_str_eq(l, "https://other.example/x/");
    free(l);
}
END_TEST

/* ---- articles in other languages --------------------------------------- */

static const char *const page_fr =
    "<html lang=\"fr\"><head><title>Entretien des extensions</title></head><body><main>"
    "<h2 id=\"nettoyage\">Entretien quotidien</h2><p>Nettoyez vos extensions chaque matin avec "
    "une brosse douce et une mousse sans huile.</p></main></body></html>";
static const char *const page_de =
    "<html lang=\"de-DE\"><head><title>Wimpernlifting</title></head><body><main>"
    "<h2>Wie lange hält ein Wimpernlifting?</h2><p>Eine Behandlung hält sechs bis acht "
    "Wochen.</p></main></body></html>";
static const char *const page_en =
    "<html lang=\"en-GB\"><head><title>Lash lift</title></head><body><main>"
    "<h2>Cleaning</h2><p>Clean your lashes daily with a soft brush.</p></main></body></html>";

/* Builds the three pages (lang attributes dropped when !langs) into idx,
 * in runs when budget is 1. */
static smp_index *build_languages(const char *dir, const char *idx, int langs, uint64_t budget) {
    char p[600];
    const char *pages[3][2] = {{"fr.html", page_fr}, {"de.html", page_de}, {"en.html", page_en}};
    for (int k = 0; k < 3; k++) {
        char *text = strdup(pages[k][1]);
        ck_assert_ptr_nonnull(text);
        if (!langs) { /* lang="xx" names no stemmer */
            char *l = strstr(text, "lang=\"");
            memcpy(l + 6, "xx\"", 3);
            memmove(l + 9, strchr(l + 9, '>'), strlen(strchr(l + 9, '>')) + 1);
        }
        test_write_file(test_path(p, sizeof p, dir, pages[k][0]), text, strlen(text));
        free(text);
    }
    smp_build_options o;
    smp_build_options_init(&o);
    o.memory_budget = budget;
    smp_builder *b;
    smp_error e;
    ck_assert_int_eq(smp_builder_new(&b, &o, &e), 0);
    ck_assert_msg(smp_builder_add_path(b, dir, &e) == 0, "%s", e.msg);
    ck_assert_msg(smp_builder_write(b, idx, &e) == 0, "%s", e.msg);
    smp_builder_free(b);
    smp_index *ix;
    ck_assert_msg(smp_index_open(&ix, idx, &e) == 0, "%s", e.msg);
    ck_assert_msg(smp_index_check(ix, &e) == 0, "%s", e.msg);
    return ix;
}

/* The confidence of q's answer, and whether its first result is the
 * passage headed h with a highlight starting at byte `at` of its text. */
static double answer_of(const smp_index *ix, const char *q, const char *h, uint32_t at,
                        int *highlighted) {
    smp_search_options so;
    smp_search_options_init(&so);
    so.no_spelling = 1;
    smp_results *r;
    ck_assert_int_eq(smp_search(ix, q, &so, &r, NULL), 0);
    ck_assert_uint_gt(smp_results_count(r), 0);
    const smp_result *x = smp_results_get(r, 0);
    ck_assert_str_eq(x->heading, h);
    *highlighted = 0;
    for (uint32_t i = 0; i < x->nhighlights; i++) *highlighted |= x->highlights[i].start == at;
    double c = smp_results_confidence(r);
    smp_results_free(r);
    return c;
}

START_TEST(test_article_languages) {
    char dir[512], idx[600];
    int hl;
    double with[2];
    for (uint64_t budget = 0; budget < 2; budget++) {
        test_tmpdir(dir, sizeof dir);
        snprintf(idx, sizeof idx, "%s.idx", dir);
        smp_index *ix = build_languages(dir, idx, 1, budget);
        smp_index_info in;
        smp_index_get_info(ix, &in);
        ck_assert_str_eq(in.language, "english");
        /* "nettoyer" and "Nettoyez" are one word to the French stemmer only */
        double c = answer_of(ix, "comment nettoyer les extensions", "Entretien quotidien", 0, &hl);
        ck_assert_msg(hl, "the French verb is not highlighted");
        with[budget] = c;
        /* "behandlungen" and "Behandlung": German */
        answer_of(ix, "wie viele behandlungen", "Wie lange hält ein Wimpernlifting?", 5, &hl);
        ck_assert(hl);
        /* the English page is stemmed in English still */
        answer_of(ix, "cleaning lashes", "Cleaning", 0, &hl);
        ck_assert(hl);
        smp_index_close(ix);
    }
    /* without the languages, the French verb is found only in part */
    test_tmpdir(dir, sizeof dir);
    snprintf(idx, sizeof idx, "%s.idx", dir);
    smp_index *ix = build_languages(dir, idx, 0, 0);
    double without = answer_of(ix, "comment nettoyer les extensions", "Entretien quotidien", 0,
                               &hl);
    ck_assert(!hl);
    ck_assert_double_gt(with[0], without); /* it covers more of the question */
    ck_assert_double_eq_tol(with[0], with[1], 1e-9);
    smp_index_close(ix);
}
END_TEST

START_TEST(test_languages_section_checked) {
    char dir[512], idx[600];
    test_tmpdir(dir, sizeof dir);
    snprintf(idx, sizeof idx, "%s.idx", dir);
    smp_index_close(build_languages(dir, idx, 1, 0));
    FILE *f = fopen(idx, "r+b");
    ck_assert_ptr_nonnull(f);
    uint8_t m[8192];
    size_t len = fread(m, 1, sizeof m, f);
    uint32_t nsec = smp_get_u32(m + SMP_HDR_NSECTIONS);
    uint64_t off = 0, slen = 0;
    for (uint32_t i = 0; i < nsec; i++) {
        smp_section e;
        smp_section_get(smp_section_at(m + SMP_HEADER_SIZE, i), &e);
        if (e.id == SMP_SEC_LANGUAGES) off = e.offset, slen = e.length;
    }
    ck_assert_uint_gt(slen, 0);
    ck_assert_uint_lt(off + slen, len);
    ck_assert(!memcmp(m + off, "french\ngerman\n", slen) || !memcmp(m + off, "german\nfrench\n", slen));
    m[off] = 'F'; /* not a libstemmer name */
    fseek(f, (long)off, SEEK_SET);
    fputc('F', f);
    fclose(f);
    smp_index *ix = NULL;
    smp_error e;
    ck_assert_int_eq(smp_index_open(&ix, idx, &e), SMP_ECORRUPT);
    ck_assert_ptr_nonnull(strstr(e.msg, "languages"));
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("links");
    TCase *t = tcase_create("core");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, test_url_from_path);
    tcase_add_test(t, test_slugs);
    tcase_add_test(t, test_url_join);
    tcase_add_test(t, test_markdown_fragments_and_info);
    tcase_add_test(t, test_duplicate_heading_numbering);
    tcase_add_test(t, test_html_fragments_and_info);
    tcase_add_test(t, test_jsonl_info);
    tcase_add_test(t, test_index_keeps_links);
    tcase_add_test(t, test_update_keeps_links);
    tcase_add_test(t, test_old_index_has_no_links);
    tcase_add_test(t, test_result_links);
    tcase_add_test(t, test_article_languages);
    tcase_add_test(t, test_languages_section_checked);
    suite_add_tcase(s, t);
    return s;
}
