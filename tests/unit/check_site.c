/*
 * check_site.c - tests of the rules of a whole website (site.c, with the
 * HTML reader's pre-pass in html.c and the builder's): text blocks
 * repeated on most pages of a site left out, and the site's name on every
 * title taken off; both directions (what must go, what must stay), sites
 * told apart, and builds and updates of a folder of pages.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collect.h"
#include "helpers.h"

/* A page of an old site (no nav, header or footer markup): its title, its
 * content, and a table row under it (the site's footer, or "").  (The
 * reader reads a table row as one line: content in a layout table's cell
 * would be one block.) */
#define LEGACY_FMT                                                                         \
    "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n"                  \
    "<HTML><HEAD><TITLE>%s</TITLE></HEAD>\n"                                                \
    "<BODY BGCOLOR=\"#FFF5F7\">\n"                                                          \
    "<DIV ALIGN=\"left\">\n%s\n</DIV>\n"                                                    \
    "<TABLE WIDTH=\"760\" BORDER=\"0\">\n"                                                 \
    "%s%s%s"                                                                             \
    "</TABLE>\n</BODY></HTML>\n"
static char *legacy_page(const char *title, const char *content, const char *last_row) {
    size_t n = sizeof LEGACY_FMT + strlen(title) + strlen(content) + strlen(last_row) + 64;
    char *p = malloc(n);
    ck_assert_ptr_nonnull(p);
    snprintf(p, n, LEGACY_FMT, title, content,
             *last_row ? "<TR><TD ALIGN=\"center\"><FONT SIZE=\"1\">" : "", last_row,
             *last_row ? "</FONT></TD></TR>\n" : "");
    return p;
}

#define MAX_PAGES 12

typedef struct site_run {
    size_t n;
    const char *path[MAX_PAGES];
    char *html[MAX_PAGES];
    coll c[MAX_PAGES];
    smp_site_profile *sp;
} site_run;

static const smp_segment_opts opts = {250, 50, 0, 0};

/* Profiles the pages when profile (as a build does), then reads each one
 * with the profile (or with none). */
static void run_site(site_run *r, bool profile) {
    smp_error e;
    r->sp = NULL;
    if (profile) {
        ck_assert_int_eq(smp_site_profile_new(&r->sp), SMP_OK);
        for (size_t i = 0; i < r->n; i++) {
            smp_ingest_ctx cx = {0};
            cx.path = r->path[i];
            cx.seg = &opts;
            ck_assert_msg(smp_html_profile_page(r->sp, &cx, r->html[i], strlen(r->html[i]), &e) ==
                              SMP_OK,
                          "%s", e.msg);
        }
        ck_assert_int_eq(smp_site_profile_finish(r->sp), SMP_OK);
    }
    for (size_t i = 0; i < r->n; i++) {
        memset(&r->c[i], 0, sizeof r->c[i]);
        smp_ingest_ctx cx = {0};
        cx.path = r->path[i];
        cx.seg = &opts;
        cx.emit = collect;
        cx.ud = &r->c[i];
        cx.site = r->sp;
        ck_assert_msg(smp_ingest_html(&cx, r->html[i], strlen(r->html[i]), &e) == SMP_OK, "%s",
                      e.msg);
    }
}

static void site_free(site_run *r) {
    for (size_t i = 0; i < r->n; i++) {
        coll_free(&r->c[i]);
        free(r->html[i]);
    }
    smp_site_profile_free(r->sp);
}

/* Does a passage (text or heading) of page i hold s? */
static bool on_page(const site_run *r, size_t i, const char *s) {
    for (size_t k = 0; k < r->c[i].n; k++)
        if (strstr(r->c[i].r[k].text, s) || strstr(r->c[i].r[k].heading, s)) return true;
    return false;
}

/* On how many pages does s appear? */
static size_t pages_with(const site_run *r, const char *s) {
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++) n += on_page(r, i, s);
    return n;
}

static const char *const legacy_paths[] = {
    "bella/index.htm", "bella/about.htm", "bella/prices.htm", "bella/lashes.htm",
    "bella/brows.htm", "bella/contact.htm"};
static const char *const legacy_topics[] = {
    "Welcome to Bella Rosa, a friendly beauty salon in the heart of Harrogate.",
    "Bella Rosa was opened in 1998 by a beauty therapist who trained in Lyon.",
    "Our prices for lashes and brows, valid from the first of January.",
    "A lash lift curls your own eyelashes from the root for six to eight weeks.",
    "Brow shaping and tinting take about half an hour and last four weeks.",
    "Phone the salon to book, or call in to pick up a gift certificate."};
static const char *const footer =
    "Bella Rosa Beauty, 7 Cold Bath Road, Harrogate<BR>Best viewed in 800x600 with Internet "
    "Explorer 6<BR>You are visitor number <IMG SRC=\"counter.gif\" ALT=\"counter\">";

/* Six pages: the footer row on all, "Book now" on all (the first line), a "Visit us" heading with the opening hours on
 * four, an FAQ answer and a price row on two. */
static void legacy_site(site_run *r) {
    memset(r, 0, sizeof *r);
    r->n = 6;
    for (size_t i = 0; i < r->n; i++) {
        char content[2048];
        snprintf(content, sizeof content,
                 "<P><A HREF=\"book.htm\">Book  now</A></P>\n<P>%s</P>\n%s%s%s",
                 legacy_topics[i],
                 i == 2 || i == 3
                     ? "<P>Does a lash lift hurt? No: the lotions are gentle and most clients "
                       "doze off.</P>\n<TABLE><TR><TH>Treatment</TH><TH>Price</TH></TR>"
                       "<TR><TD>Lash lift</TD><TD>&pound;45</TD></TR></TABLE>\n"
                     : "",
                 i < 4 ? "<H3>Visit us</H3><P>Open Tuesday to Saturday, 9 till 5.</P>\n" : "",
                 i == 5 ? "<P>BOOK NOW</P>\n" : "");
        char title[200];
        snprintf(title, sizeof title, "Bella Rosa Beauty - Page %zu", i + 1);
        r->path[i] = legacy_paths[i];
        r->html[i] = legacy_page(title, content, footer);
    }
}

START_TEST(test_repeated_blocks_left_out) {
    site_run r;
    legacy_site(&r);
    run_site(&r, true);
    /* on all six pages, or four of six: chrome */
    ck_assert_uint_eq(pages_with(&r, "Cold Bath Road"), 0);
    ck_assert_uint_eq(pages_with(&r, "visitor number"), 0);
    ck_assert_uint_eq(pages_with(&r, "Internet Explorer"), 0);
    ck_assert_uint_eq(pages_with(&r, "Book"), 0); /* "Book  now", "BOOK NOW" the same */
    ck_assert_uint_eq(pages_with(&r, "Visit us"), 0);
    ck_assert_uint_eq(pages_with(&r, "Tuesday to Saturday"), 0);
    /* on two of six: content */
    ck_assert_uint_eq(pages_with(&r, "Does a lash lift hurt? No: the lotions are gentle"), 2);
    ck_assert_uint_eq(pages_with(&r, "Treatment: Lash lift, Price: \xC2\xA3" "45"), 2);
    /* each page's own text stays */
    for (size_t i = 0; i < r.n; i++) ck_assert(on_page(&r, i, legacy_topics[i]));
    site_free(&r);

    /* read without the profile, the same pages keep all of it */
    legacy_site(&r);
    run_site(&r, false);
    ck_assert_uint_eq(pages_with(&r, "Cold Bath Road"), 6);
    ck_assert_uint_eq(pages_with(&r, "Visit us"), 4);
    site_free(&r);
}
END_TEST

START_TEST(test_kept_lines_map_to_source) {
    /* a line kept after lines left out still points at its own line */
    site_run r;
    legacy_site(&r);
    run_site(&r, true);
    ck_assert_uint_ge(r.c[2].n, 1);
    const rec *p = &r.c[2].r[0];
    ck_assert(!strncmp(p->text, "Our prices for lashes", 21));
    const char *src = r.html[2], *at = strstr(src, "Our prices for lashes");
    ck_assert_ptr_nonnull(at);
    ck_assert_uint_eq(p->byte_start, (uint64_t)(at - src));
    ck_assert_uint_eq(p->line, 6); /* not the line of "Book now" */
    ck_assert_ptr_nonnull(strstr(p->text, "doze off"));
    ck_assert_uint_gt(p->byte_end, (uint64_t)(strstr(src, "doze off") - src));
    site_free(&r);
}
END_TEST

START_TEST(test_thresholds) {
    /* ten pages: a block on 5 (half) goes, one on 4 stays; on three
       pages of three it goes */
    site_run r;
    memset(&r, 0, sizeof r);
    static const char *const paths[] = {"s/index.html", "s/a.html", "s/b.html", "s/c.html",
                                        "s/d.html",     "s/e.html", "s/f.html", "s/g.html",
                                        "s/h.html",     "s/i.html"};
    r.n = 10;
    for (size_t i = 0; i < r.n; i++) {
        char content[600];
        snprintf(content, sizeof content, "<P>Treatment notes for client group %zu.</P>%s%s", i,
                 i < 5 ? "<P>Gift certificates available, please ask at reception.</P>" : "",
                 i >= 6 ? "<P>Patch tests are free and take a minute.</P>" : "");
        r.path[i] = paths[i];
        r.html[i] = legacy_page("Notes", content, "");
    }
    run_site(&r, true);
    ck_assert_uint_eq(pages_with(&r, "Gift certificates"), 0);
    ck_assert_uint_eq(pages_with(&r, "Patch tests are free"), 4);
    site_free(&r);

    memset(&r, 0, sizeof r);
    r.n = 3;
    for (size_t i = 0; i < r.n; i++) {
        char content[300];
        snprintf(content, sizeof content, "<P>Notes for group %zu.</P>", i);
        r.path[i] = paths[i];
        r.html[i] = legacy_page("Notes", content, "Call 01423 000000 to book");
    }
    run_site(&r, true);
    ck_assert_uint_eq(pages_with(&r, "Call 01423"), 0);
    site_free(&r);
}
END_TEST

START_TEST(test_small_builds_unchanged) {
    /* one page, or two, with the same footer: no rule applies */
    for (size_t n = 1; n <= 2; n++) {
        site_run a, b;
        legacy_site(&a);
        legacy_site(&b);
        for (size_t i = n; i < 6; i++) {
            free(a.html[i]);
            free(b.html[i]);
        }
        a.n = b.n = n;
        run_site(&a, true);
        run_site(&b, false);
        for (size_t i = 0; i < n; i++) {
            ck_assert_uint_eq(a.c[i].n, b.c[i].n);
            for (size_t k = 0; k < a.c[i].n; k++) {
                ck_assert_str_eq(a.c[i].r[k].title, b.c[i].r[k].title);
                ck_assert_str_eq(a.c[i].r[k].heading, b.c[i].r[k].heading);
                ck_assert_str_eq(a.c[i].r[k].text, b.c[i].r[k].text);
                ck_assert_uint_eq(a.c[i].r[k].byte_start, b.c[i].r[k].byte_start);
            }
        }
        ck_assert_uint_eq(pages_with(&a, "Cold Bath Road"), n);
        ck_assert(strstr(a.c[0].r[0].title, "Bella Rosa Beauty - Page 1"));
        site_free(&a);
        site_free(&b);
    }
}
END_TEST

START_TEST(test_sites_apart) {
    /* two sites in one build: a footer on the three pages of one is
       repeated there, though on 3 of 8 pages of the build */
    site_run r;
    memset(&r, 0, sizeof r);
    static const char *const paths[] = {"out/rosa/index.htm", "out/rosa/a.htm",
                                        "out/rosa/b.htm",     "out/glow/index.html",
                                        "out/glow/c.html",    "out/glow/d.html",
                                        "out/glow/e.html",    "out/glow/f.html"};
    r.n = 8;
    for (size_t i = 0; i < r.n; i++) {
        char content[300];
        snprintf(content, sizeof content, "<P>Page %zu of the export.</P>", i);
        r.path[i] = paths[i];
        r.html[i] = legacy_page("Export", content, i < 3 ? "Tel 01423 000000" : "");
    }
    run_site(&r, true);
    ck_assert_uint_eq(pages_with(&r, "Tel 01423"), 0);
    ck_assert_ptr_eq(smp_site_of(r.sp, "out/rosa/a.htm"), smp_site_of(r.sp, "out/rosa/b.htm"));
    ck_assert_ptr_ne(smp_site_of(r.sp, "out/rosa/a.htm"), smp_site_of(r.sp, "out/glow/c.html"));
    ck_assert_uint_eq(smp_site_pages(smp_site_of(r.sp, "out/glow/c.html")), 5);
    ck_assert_ptr_null(smp_site_of(r.sp, "out/other.html"));
    site_free(&r);
}
END_TEST

/* Reads pages titled titles[0..n) as one site; the titles they get in
 * got. */
static void titles_of(const char *const *titles, size_t n, char got[][200]) {
    site_run r;
    memset(&r, 0, sizeof r);
    static const char *const paths[] = {"glow/index.html", "glow/a/index.html",
                                        "glow/b/index.html", "glow/c/index.html",
                                        "glow/d/index.html"};
    r.n = n;
    for (size_t i = 0; i < n; i++) {
        char content[300];
        snprintf(content, sizeof content, "<P>A lash lift lasts six to eight weeks, %zu.</P>", i);
        r.path[i] = paths[i];
        r.html[i] = legacy_page(titles[i], content, "");
    }
    run_site(&r, true);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_ge(r.c[i].n, 1);
        snprintf(got[i], 200, "%s", r.c[i].r[0].title);
    }
    site_free(&r);
}

START_TEST(test_title_suffix) {
    char got[5][200];
    static const char *const suffix[] = {
        "Glow Lash Studio", "Lash Lift Aftercare | Glow Lash Studio",
        "Prices \xE2\x80\x93 Glow Lash Studio", "Brows \xE2\x80\x94 glow lash  studio",
        "Lash extensions \xC2\xBB Glow Lash Studio"};
    titles_of(suffix, 5, got);
    ck_assert_str_eq(got[0], "Glow Lash Studio"); /* the name alone stays */
    ck_assert_str_eq(got[1], "Lash Lift Aftercare");
    ck_assert_str_eq(got[2], "Prices");
    ck_assert_str_eq(got[3], "Brows");
    ck_assert_str_eq(got[4], "Lash extensions");

    static const char *const prefix[] = {"Glow Lash Studio :: Home", "Glow Lash Studio | Prices",
                                         "Glow Lash Studio - Lash lift", "Glow Lash Studio"};
    titles_of(prefix, 4, got);
    ck_assert_str_eq(got[0], "Home");
    ck_assert_str_eq(got[1], "Prices");
    ck_assert_str_eq(got[2], "Lash lift");
    ck_assert_str_eq(got[3], "Glow Lash Studio");

    /* the name on the home page first, on the others last */
    static const char *const home_first[] = {"Glow Lash Studio | Lash Lifts in Leeds",
                                             "Lash Lift | Glow Lash Studio",
                                             "Booking | Glow Lash Studio"};
    titles_of(home_first, 3, got);
    ck_assert_str_eq(got[0], "Lash Lifts in Leeds");
    ck_assert_str_eq(got[1], "Lash Lift");
    ck_assert_str_eq(got[2], "Booking");
}
END_TEST

START_TEST(test_title_not_shared) {
    char got[5][200];
    /* no shared part: each stays whole */
    static const char *const none[] = {"Lash lift | Leeds", "Brows | Bristol", "Prices | York"};
    titles_of(none, 3, got);
    ck_assert_str_eq(got[0], "Lash lift | Leeds");
    ck_assert_str_eq(got[1], "Brows | Bristol");
    ck_assert_str_eq(got[2], "Prices | York");
    /* one page of four without the name: not every page shares it */
    static const char *const most[] = {"Lash lift | Glow Lash Studio", "Brows | Glow Lash Studio",
                                       "Prices | Glow Lash Studio", "Contact us"};
    titles_of(most, 4, got);
    ck_assert_str_eq(got[0], "Lash lift | Glow Lash Studio");
    ck_assert_str_eq(got[3], "Contact us");
    /* a name shared by two pages only */
    static const char *const two[] = {"Lash lift | Glow", "Brows | Glow"};
    titles_of(two, 2, got); /* two pages: too few */
    ck_assert_str_eq(got[0], "Lash lift | Glow");
}
END_TEST

/* ---- builds and updates of a folder ------------------------------------ */

static uint32_t hits(const char *idx, const char *q) {
    smp_index *ix;
    smp_error e;
    ck_assert_msg(smp_index_open(&ix, idx, &e) == SMP_OK, "%s", e.msg);
    smp_results *res;
    smp_search_options o;
    smp_search_options_init(&o);
    o.no_spelling = 1;
    ck_assert_msg(smp_search(ix, q, &o, &res, &e) == SMP_OK, "%s", e.msg);
    uint32_t n = smp_results_count(res);
    smp_results_free(res);
    smp_index_close(ix);
    return n;
}

static void write_legacy(const char *dir, size_t i, const char *topic) {
    char p[600], content[600], title[100];
    snprintf(content, sizeof content, "<P>%s</P>", topic);
    snprintf(title, sizeof title, "Bella Rosa Beauty - Page %zu", i + 1);
    char *html = legacy_page(title, content, footer);
    test_write_file(test_path(p, sizeof p, dir, legacy_paths[i] + strlen("bella/")), html,
                    strlen(html));
    free(html);
}

START_TEST(test_build_and_update) {
    char dir[512], idx[600], seg[600];
    test_tmpdir(dir, sizeof dir);
    char src[600];
    snprintf(src, sizeof src, "%s/bella", dir);
    ck_assert_int_eq(mkdir(src, 0755), 0);
    for (size_t i = 0; i < 4; i++) write_legacy(src, i, legacy_topics[i]);
    snprintf(idx, sizeof idx, "%s/full.idx", dir);
    snprintf(seg, sizeof seg, "%s/seg.idx", dir);
    smp_builder *b;
    smp_error e;
    ck_assert_int_eq(smp_builder_new(&b, NULL, &e), SMP_OK);
    ck_assert_msg(smp_builder_add_path(b, src, &e) == SMP_OK, "%s", e.msg);
    ck_assert_msg(smp_builder_write(b, idx, &e) == SMP_OK, "%s", e.msg);
    smp_builder_free(b);
    ck_assert_uint_eq(hits(idx, "visitor number"), 0);
    ck_assert_uint_eq(hits(idx, "Cold Bath Road"), 0);
    ck_assert_uint_ge(hits(idx, "lash lift eyelashes root"), 1);

    /* an update reads a changed page with the profile of all the pages */
    const char *paths[] = {src};
    smp_update_stats st;
    ck_assert_msg(smp_index_update(seg, paths, 1, NULL, &st, &e) == SMP_OK, "%s", e.msg);
    ck_assert_uint_eq(hits(seg, "visitor number"), 0);
    write_legacy(src, 4, legacy_topics[4]);
    ck_assert_msg(smp_index_update(seg, paths, 1, NULL, &st, &e) == SMP_OK, "%s", e.msg);
    ck_assert_uint_eq(st.files_added, 1);
    ck_assert_uint_eq(hits(seg, "visitor number"), 0);
    ck_assert_uint_ge(hits(seg, "brow shaping tinting"), 1);
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("site");
    TCase *t = tcase_create("site");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, test_repeated_blocks_left_out);
    tcase_add_test(t, test_kept_lines_map_to_source);
    tcase_add_test(t, test_thresholds);
    tcase_add_test(t, test_small_builds_unchanged);
    tcase_add_test(t, test_sites_apart);
    tcase_add_test(t, test_title_suffix);
    tcase_add_test(t, test_title_not_shared);
    tcase_add_test(t, test_build_and_update);
    suite_add_tcase(s, t);
    return s;
}
