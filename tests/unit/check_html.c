/*
 * check_html.c - tests of the HTML reader (html.c): the content region and
 * the chrome left out, sections, FAQ blocks, tables, charsets, titles,
 * skipped pages and bad input; pages written like site-builder exports.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "helpers.h"

typedef struct run {
    smp_segment_opts opts;
    smp_ingest_ctx cx;
    coll c;
    char *buf;
    size_t len;
    smp_error err;
    int rc;
} run;

/* Reads src[0..len) (an exact-size copy) as path; min_words as given. */
static void read_page_n(run *r, const char *path, const char *src, size_t len,
                        uint32_t min_words) {
    memset(r, 0, sizeof *r);
    r->opts = (smp_segment_opts){250, 50, min_words, 0};
    r->cx.path = path;
    r->cx.seg = &r->opts;
    r->cx.emit = collect;
    r->cx.ud = &r->c;
    r->len = len;
    r->buf = malloc(len ? len : 1);
    ck_assert_ptr_nonnull(r->buf);
    memcpy(r->buf, src, len);
    r->rc = smp_ingest_html(&r->cx, r->buf, r->len, &r->err);
}

static void read_page(run *r, const char *src, uint32_t min_words) {
    read_page_n(r, "site/lash-lift.html", src, strlen(src), min_words);
}

static void run_free(run *r) {
    coll_free(&r->c);
    free(r->buf);
}

/* No passage (text, heading or title) holds s. */
static void assert_nowhere(const run *r, const char *s) {
    for (size_t i = 0; i < r->c.n; i++) {
        if (strstr(r->c.r[i].text, s) || strstr(r->c.r[i].heading, s) ||
            strstr(r->c.r[i].title, s))
            ck_abort_msg("'%s' in passage %zu: [%s] %s", s, i + 1, r->c.r[i].heading,
                         r->c.r[i].text);
    }
}

/* The passage whose heading is h, or fails. */
static const rec *with_heading(const run *r, const char *h) {
    for (size_t i = 0; i < r->c.n; i++)
        if (!strcmp(r->c.r[i].heading, h)) return &r->c.r[i];
    ck_abort_msg("no passage headed '%s'", h);
    return NULL;
}

static bool somewhere(const run *r, const char *s) {
    for (size_t i = 0; i < r->c.n; i++)
        if (strstr(r->c.r[i].text, s)) return true;
    return false;
}

/* A page as a site builder exports it: cookie banner, menus, a sidebar
 * with a newsletter form, share buttons, related posts, a footer with the
 * opening hours. */
static const char *const export_page =
    "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>Lash lift: how long it lasts | Glow Studio</title>\n"
    "<meta property=\"og:site_name\" content=\"Glow Studio\">\n"
    "<link rel=\"canonical\" href=\"https://glow.example/lash-lift/\">\n"
    "<style>body{color:red}</style>\n</head>\n<body>\n"
    "<div id=\"cookie-banner\" class=\"gdpr\"><p>We use cookies. Accept all</p></div>\n"
    "<div class=\"cookieConsent\"><p>Manage preferences</p></div>\n"
    "<header class=\"site-header\"><nav><ul class=\"menu\"><li><a href=\"/\">Home</a></li>"
    "<li><a href=\"/prices\">Book now</a></li></ul></nav></header>\n"
    "<div class=\"breadcrumbs\"><a href=\"/\">Studio</a> / Lashes</div>\n"
    "<main class=\"main-content\">\n<article>\n"
    "<header><h1>Lash lift: how long it lasts</h1><p class=\"byline\">By Jo, 3 May</p></header>\n"
    "<p>A <strong>lash</strong> <span>lift</span> curls your natural lashes&nbsp;from the "
    "root. It   typically <em>lasts</em> six&#32;to eight weeks &amp; more.</p>\n"
    "<h2 id=\"aftercare\">Aftercare</h2>\n"
    "<p>Keep lashes dry for 24 hours.<br>Avoid steam.</p>\n"
    "<ul><li>No mascara for a day</li><li>No oil-based remover</li></ul>\n"
    "<h3>Sun exposure</h3>\n<p>Sun does not affect the lift.</p>\n"
    "<h2>Prices</h2>\n<table><thead><tr><th>Treatment</th><th>Duration</th><th>Price</th>"
    "</tr></thead>\n<tbody><tr><td>Lash lift</td><td>60 minutes</td><td>\xC2\xA3" "55</td></tr>\n"
    "<tr><td>Lash lift and tint</td><td>75 minutes</td><td>\xC2\xA3" "65</td></tr></tbody>"
    "</table>\n"
    "<h2>FAQ</h2>\n"
    "<details><summary>Does a lash lift hurt?</summary><p>No, it is painless.</p></details>\n"
    "<details><summary>Can I wear mascara?</summary><p>Yes, after 24 hours.</p></details>\n"
    "<dl><dt>Is it safe?</dt><dd>Yes, with a patch test.</dd><dt>How often?</dt>"
    "<dd>Every eight weeks.</dd><dd>Or when it drops.</dd></dl>\n"
    "<div class=\"share-buttons\"><a href=\"#\">Share on Facebook</a></div>\n"
    "<ul class=\"socialLinks\"><li>Instagram</li></ul>\n"
    "<section class=\"related-posts\"><h3>You may also like</h3><p>Brow lamination</p>"
    "</section>\n<div id=\"comments\"><p>Great post!</p></div>\n"
    "<div class=\"popup-modal\"><p>10% off today</p></div>\n"
    "</article>\n</main>\n"
    "<aside class=\"sidebar\"><div class=\"widget\"><form><p>Subscribe to our newsletter</p>"
    "<input type=\"email\"><button>Sign up</button></form></div></aside>\n"
    "<div class=\"newsletter-signup\"><p>Join the list</p></div>\n"
    "<footer><p>Opening hours: Mon-Sat 9-6</p></footer>\n"
    "<script>var tracking = \"pixel\";</script>\n<noscript>Enable JavaScript</noscript>\n"
    "</body></html>\n";

static const char *const boilerplate[] = {
    "cookies", "Accept all", "Manage preferences", "Home", "Book now", "Studio /", "By Jo",
    "Share on", "Instagram", "You may also like", "Brow lamination", "Great post",
    "10% off", "Subscribe", "Sign up", "Join the list", "Opening hours", "pixel",
    "JavaScript", "color:red", NULL};

START_TEST(test_chrome_left_out) {
    run r;
    read_page(&r, export_page, 1);
    ck_assert_int_eq(r.rc, SMP_OK);
    ck_assert_uint_gt(r.c.n, 5);
    for (const char *const *b = boilerplate; *b; b++) assert_nowhere(&r, *b);
    /* the content is all there */
    ck_assert(somewhere(&r, "curls your natural lashes"));
    ck_assert(somewhere(&r, "No, it is painless."));
    run_free(&r);
}
END_TEST

START_TEST(test_title_text_and_paths) {
    run r;
    read_page(&r, export_page, 1);
    ck_assert_int_eq(r.rc, SMP_OK);
    for (size_t i = 0; i < r.c.n; i++) {
        ck_assert_str_eq(r.c.r[i].title, "Lash lift: how long it lasts"); /* " | Glow Studio" */
        ck_assert_str_eq(r.c.r[i].article_id, "lash-lift");
        ck_assert_uint_eq(r.c.r[i].ordinal, i + 1);
    }
    /* the lead: inline markup, entities, spans and spaces read as text;
       the h1 (the title, in the article's header) is no heading */
    ck_assert_str_eq(r.c.r[0].heading, "");
    ck_assert_str_eq(r.c.r[0].text, "A lash lift curls your natural lashes from the root. "
                                    "It typically lasts six to eight weeks & more.");
    /* <br> and list items end lines; heading paths as in Markdown */
    ck_assert_str_eq(with_heading(&r, "Aftercare")->text,
                     "Keep lashes dry for 24 hours.\nAvoid steam.\nNo mascara for a day\n"
                     "No oil-based remover");
    ck_assert_str_eq(with_heading(&r, "Aftercare \xE2\x80\xBA Sun exposure")->text,
                     "Sun does not affect the lift.");
    /* a table row is one line with its headers */
    ck_assert_str_eq(with_heading(&r, "Prices")->text,
                     "Treatment: Lash lift, Duration: 60 minutes, Price: \xC2\xA3" "55\n"
                     "Treatment: Lash lift and tint, Duration: 75 minutes, Price: \xC2\xA3" "65");
    /* source ranges: the passage starts where its first word is */
    const rec *p = with_heading(&r, "Aftercare");
    ck_assert_int_eq(memcmp(r.buf + p->byte_start, "Keep", 4), 0);
    ck_assert_uint_le(p->byte_end, r.len);
    uint32_t line = 1;
    for (const char *c = export_page; c < strstr(export_page, "<p>A <strong>"); c++)
        line += *c == '\n';
    ck_assert_uint_eq(r.c.r[0].line, line);
    run_free(&r);
}
END_TEST

START_TEST(test_faq_blocks) {
    run r;
    read_page(&r, export_page, 1);
    ck_assert_int_eq(r.rc, SMP_OK);
    ck_assert_str_eq(with_heading(&r, "FAQ \xE2\x80\xBA Does a lash lift hurt?")->text,
                     "No, it is painless.");
    ck_assert_str_eq(with_heading(&r, "FAQ \xE2\x80\xBA Can I wear mascara?")->text,
                     "Yes, after 24 hours.");
    ck_assert_str_eq(with_heading(&r, "FAQ \xE2\x80\xBA Is it safe?")->text,
                     "Yes, with a patch test.");
    ck_assert_str_eq(with_heading(&r, "FAQ \xE2\x80\xBA How often?")->text,
                     "Every eight weeks.\nOr when it drops.");
    run_free(&r);
    /* without heading paths: the question alone */
    run q;
    memset(&q, 0, sizeof q);
    q.opts = (smp_segment_opts){250, 50, 1, 1};
    q.cx.path = "a.html";
    q.cx.seg = &q.opts;
    q.cx.emit = collect;
    q.cx.ud = &q.c;
    q.rc = smp_ingest_html(&q.cx, export_page, strlen(export_page), &q.err);
    ck_assert_int_eq(q.rc, SMP_OK);
    with_heading(&q, "Can I wear mascara?");
    with_heading(&q, "Sun exposure");
    coll_free(&q.c);
}
END_TEST

START_TEST(test_marks) {
    run r;
    read_page(&r,
              "<html><head><title>Brows</title></head><body>"
              "<div class=\"hero\"><p>Welcome to the studio</p></div>"
              "<div data-smpsearch-body><h2>Brow lamination</h2><p>It lasts six weeks.</p>"
              "<p data-smpsearch-ignore>Book your slot today</p></div>"
              "<main><p>Main text that marks override</p></main>"
              "<div data-smpsearch-body><h2>Brow tint</h2><p>A tint lasts four weeks.</p></div>"
              "</body></html>",
              1);
    ck_assert_int_eq(r.rc, SMP_OK);
    ck_assert_uint_eq(r.c.n, 2);
    ck_assert_str_eq(with_heading(&r, "Brow lamination")->text, "It lasts six weeks.");
    ck_assert_str_eq(with_heading(&r, "Brow tint")->text, "A tint lasts four weeks.");
    assert_nowhere(&r, "Welcome");
    assert_nowhere(&r, "Book your slot");
    assert_nowhere(&r, "Main text");
    run_free(&r);
}
END_TEST

START_TEST(test_region_fallbacks) {
    run r;
    /* several articles, and the teaser cards in the sidebar are not ones */
    read_page(&r,
              "<body><nav><p>Menu</p></nav><article><p>First article text.</p></article>"
              "<div class=\"x\"><p>Between the articles</p></div>"
              "<article><p>Second article text.</p></article>"
              "<aside><article><p>Teaser card</p></article></aside></body>",
              1);
    ck_assert_int_eq(r.rc, SMP_OK);
    ck_assert(somewhere(&r, "First article text."));
    ck_assert(somewhere(&r, "Second article text."));
    assert_nowhere(&r, "Between");
    assert_nowhere(&r, "Teaser");
    assert_nowhere(&r, "Menu");
    run_free(&r);
    /* role="main" */
    read_page(&r,
              "<body><div class=\"top\"><p>Top strip</p></div>"
              "<div role=\"main\" class=\"content\"><p>The role main text.</p></div></body>",
              1);
    ck_assert_int_eq(r.rc, SMP_OK);
    ck_assert_uint_eq(r.c.n, 1);
    ck_assert_str_eq(r.c.r[0].text, "The role main text.");
    run_free(&r);
    /* the body, less its furniture */
    read_page(&r,
              "<body><header><p>Logo line</p></header><p>Body text here.</p>"
              "<footer>Footer line</footer></body>",
              1);
    ck_assert_int_eq(r.rc, SMP_OK);
    ck_assert_uint_eq(r.c.n, 1);
    ck_assert_str_eq(r.c.r[0].text, "Body text here.");
    run_free(&r);
}
END_TEST

START_TEST(test_role_heading) {
    run r;
    read_page(&r,
              "<main><div role=\"heading\" aria-level=\"2\">Healing</div><p>Two weeks.</p>"
              "<span role=\"heading\" aria-level=\"3\">Flaking</span><p>Normal.</p></main>",
              1);
    ck_assert_int_eq(r.rc, SMP_OK);
    ck_assert_str_eq(with_heading(&r, "Healing")->text, "Two weeks.");
    ck_assert_str_eq(with_heading(&r, "Healing \xE2\x80\xBA Flaking")->text, "Normal.");
    run_free(&r);
}
END_TEST

START_TEST(test_charsets) {
    run r;
    /* windows-1252 and iso-8859-1 bytes: 0xA3 pound, 0xE9 e acute */
    static const char cp1252[] =
        "<html><head><meta charset=\"windows-1252\"><title>Caf\xE9 prices</title></head>"
        "<body><p>A lash lift costs \xA3" "55 at the caf\xE9.</p></body></html>";
    read_page(&r, cp1252, 1);
    ck_assert_int_eq(r.rc, SMP_OK);
    ck_assert_uint_eq(r.c.n, 1);
    ck_assert_str_eq(r.c.r[0].title, "Caf\xC3\xA9 prices");
    ck_assert_str_eq(r.c.r[0].text, "A lash lift costs \xC2\xA3" "55 at the caf\xC3\xA9.");
    run_free(&r);
    static const char latin1[] =
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
        "charset=iso-8859-1\"></head><body><p>Prix \xA3" "30, s\xE9" "ance</p></body></html>";
    read_page(&r, latin1, 1);
    ck_assert_int_eq(r.rc, SMP_OK);
    ck_assert_str_eq(r.c.r[0].text, "Prix \xC2\xA3" "30, s\xC3\xA9" "ance");
    run_free(&r);
    static const char bom[] = "\xEF\xBB\xBF<p>Caf\xC3\xA9 \xC2\xA3" "5</p>";
    read_page(&r, bom, 1);
    ck_assert_int_eq(r.rc, SMP_OK);
    ck_assert_str_eq(r.c.r[0].text, "Caf\xC3\xA9 \xC2\xA3" "5");
    run_free(&r);
}
END_TEST

START_TEST(test_titles) {
    run r;
    read_page(&r,
              "<head><meta property=\"og:title\" content=\"Brow tint guide\"></head>"
              "<body><h1>Another h1</h1><p>Text.</p></body>",
              1);
    ck_assert_str_eq(r.c.r[0].title, "Brow tint guide");
    run_free(&r);
    read_page(&r, "<body><h1>Hybrid   lashes</h1><p>Text of it.</p></body>", 1);
    ck_assert_str_eq(r.c.r[0].title, "Hybrid lashes");
    ck_assert_str_eq(r.c.r[0].heading, ""); /* the h1 is the title */
    run_free(&r);
    read_page(&r,
              "<head><title>SMP aftercare \xE2\x80\x93 Scalp Co</title>"
              "<meta property=\"og:site_name\" content=\"Scalp Co\"></head><p>Text.</p>",
              1);
    ck_assert_str_eq(r.c.r[0].title, "SMP aftercare");
    run_free(&r);
    read_page(&r,
              "<head><title>SMP aftercare - Scalp Co</title>"
              "<meta property=\"og:site_name\" content=\"Other\"></head><p>Text.</p>",
              1);
    ck_assert_str_eq(r.c.r[0].title, "SMP aftercare - Scalp Co");
    run_free(&r);
    /* FOLDER/index.html is named by its folder */
    read_page_n(&r, "site/lash-lift/index.html", "<p>Text.</p>", 12, 1);
    ck_assert_str_eq(r.c.r[0].article_id, "lash-lift");
    ck_assert_str_eq(r.c.r[0].title, "lash-lift");
    run_free(&r);
}
END_TEST

START_TEST(test_skipped_pages) {
    static const char *const pages[] = {
        "<head><meta name=\"robots\" content=\"noindex\"><title>Thanks</title></head><p>x y</p>",
        "<head><meta name=\"ROBOTS\" content=\"NOFOLLOW, NOINDEX\"></head><p>x y</p>",
        "<head><title>404 | Glow</title></head><p>Sorry, nothing here.</p>",
        "<body><h1>Page not found</h1><p>Try the menu.</p></body>",
        NULL};
    for (const char *const *p = pages; *p; p++) {
        run r;
        read_page(&r, *p, 1);
        ck_assert_int_eq(r.rc, SMP_EFORMAT);
        ck_assert_uint_eq(r.c.n, 0);
        ck_assert(strstr(r.err.msg, "noindex") || strstr(r.err.msg, "404"));
        run_free(&r);
    }
    /* the builder counts them as skipped */
    smp_builder *b;
    smp_error err;
    ck_assert_int_eq(smp_builder_new(&b, NULL, &err), SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, "a.html", "html", pages[0], strlen(pages[0]), &err),
                     SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, "b.html", "html", export_page,
                                            strlen(export_page), &err), SMP_OK);
    static const char bin[] = "<p>x\0\1\2</p>";
    ck_assert_int_eq(smp_builder_add_buffer(b, "c.html", "html", bin, sizeof bin, &err),
                     SMP_OK);
    smp_build_stats s;
    smp_builder_stats(b, &s);
    ck_assert_uint_eq(s.files_skipped, 2);
    ck_assert_uint_eq(s.files_indexed, 1);
    smp_builder_free(b);
}
END_TEST

START_TEST(test_formats) {
    ck_assert_int_eq(smp_format_of("site/a.html"), 'h');
    ck_assert_int_eq(smp_format_of("site/A.HTML"), 'h');
    ck_assert_int_eq(smp_format_of("site/a.Htm"), 'h');
    ck_assert_int_eq(smp_format_of("site/a.xhtml"), 'h');
    ck_assert_int_eq(smp_format_of("site/a.html.bak"), 0);
    ck_assert_int_eq(smp_format_of("site.html/a"), 0);
}
END_TEST

START_TEST(test_bad_input) {
    /* 100,000 nested divs */
    size_t n = 100000;
    char *deep = malloc(n * 11 + 64);
    ck_assert_ptr_nonnull(deep);
    size_t k = 0;
    for (size_t i = 0; i < n; i++, k += 5) memcpy(deep + k, "<div>", 5);
    k += (size_t)sprintf(deep + k, "deep text");
    for (size_t i = 0; i < n; i++, k += 6) memcpy(deep + k, "</div>", 6);
    run r;
    read_page_n(&r, "deep.html", deep, k, 1);
    ck_assert(r.rc == SMP_OK || r.rc == SMP_EFORMAT);
    run_free(&r);
    free(deep);
    /* broken markup */
    read_page(&r, "<p>Unclosed <b>bold <i>and <table><tr><td>cell</p></div></h2><<>>&#xFFFFFF;&bogus;"
                  "<h3>Heading<p>After</h9>", 1);
    ck_assert_int_eq(r.rc, SMP_OK);
    ck_assert(somewhere(&r, "cell"));
    run_free(&r);
    /* nothing but markup */
    read_page(&r, "<html><head></head><body></body></html>", 1);
    ck_assert_int_eq(r.rc, SMP_OK);
    ck_assert_uint_eq(r.c.n, 0);
    run_free(&r);
    /* a 10 MB page */
    size_t big = 10u << 20;
    char *page = malloc(big);
    ck_assert_ptr_nonnull(page);
    k = (size_t)sprintf(page, "<html><body><main>");
    for (int i = 0; k + 200 < big; i++)
        k += (size_t)sprintf(page + k, "<h2>Part %d</h2>\n<p>Lash lift text number %d, "
                                       "which lasts six weeks.</p>\n", i, i);
    k += (size_t)sprintf(page + k, "</main></body></html>");
    coll_free(&r.c);
    memset(&r, 0, sizeof r);
    r.opts = (smp_segment_opts){250, 50, 25, 0};
    r.cx.path = "big.html";
    r.cx.seg = &r.opts;
    r.c.stop_at = 60; /* the collector keeps 64 */
    r.c.stop_rc = 1;
    r.cx.emit = collect;
    r.cx.ud = &r.c;
    ck_assert_int_eq(smp_ingest_html(&r.cx, page, k, &r.err), 1);
    coll_free(&r.c);
    free(page);
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("html");
    TCase *t = tcase_create("reader");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, test_chrome_left_out);
    tcase_add_test(t, test_title_text_and_paths);
    tcase_add_test(t, test_faq_blocks);
    tcase_add_test(t, test_marks);
    tcase_add_test(t, test_region_fallbacks);
    tcase_add_test(t, test_role_heading);
    tcase_add_test(t, test_charsets);
    tcase_add_test(t, test_titles);
    tcase_add_test(t, test_skipped_pages);
    tcase_add_test(t, test_formats);
    tcase_add_test(t, test_bad_input);
    suite_add_tcase(s, t);
    return s;
}
