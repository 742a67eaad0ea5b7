/*
 * check_ingest.c - tests of the readers (markdown.c, ingest_text.c,
 * ingest_jsonl.c) and of smp_check_text (ingest.c).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer/answer.h"
#include "indexer/indexer.h"
#include "collect.h"
#include "helpers.h"

/* ---- collecting notices (passages: collect.h) ------------------------- */

static void notice(void *ud, const char *path, const char *msg) {
    coll *c = ud;
    ck_assert_str_eq(path, "data/corpus.jsonl");
    if (c->nnotices < 8)
        snprintf(c->notices[c->nnotices], sizeof c->notices[0], "%s", msg);
    c->nnotices++;
}

typedef int (*reader_fn)(smp_ingest_ctx *, const char *, size_t,
                         smp_error *);

typedef struct run {
    smp_segment_opts opts;
    smp_ingest_ctx cx;
    coll c;
    char *buf; /* exact-size copy of the input: no NUL after it */
    size_t len;
    int rc;
} run;

/* Runs reader over src (copied into a buffer of exactly its size, so
 * that ASan catches reads past the end) with segmenter options o. */
static void run_reader_opts(run *r, reader_fn reader, const char *path, const char *src,
                            const smp_segment_opts *o) {
    memset(r, 0, sizeof *r);
    r->opts = *o;
    r->cx.path = path;
    r->cx.seg = &r->opts;
    r->cx.emit = collect;
    r->cx.notice = notice;
    r->cx.ud = &r->c;
    r->len = strlen(src);
    r->buf = malloc(r->len ? r->len : 1);
    ck_assert_ptr_nonnull(r->buf);
    memcpy(r->buf, src, r->len);
    smp_error err;
    memset(&err, 0, sizeof err);
    r->rc = reader(&r->cx, r->buf, r->len, &err);
}

/* Runs reader with windows of 250 words overlapping by 50. */
static void run_reader(run *r, reader_fn reader, const char *path, const char *src,
                       uint32_t min_words) {
    smp_segment_opts o = {250, 50, min_words, 0};
    run_reader_opts(r, reader, path, src, &o);
}

static void run_free(run *r) {
    coll_free(&r->c);
    free(r->buf);
}

/* The passage's first and last words are where its byte range says. */
static void assert_range(const run *r, const rec *p) {
    ck_assert_uint_le(p->byte_start, p->byte_end);
    ck_assert_uint_le(p->byte_end, r->len);
    size_t first = strcspn(p->text, " \n");
    ck_assert_int_eq(memcmp(r->buf + p->byte_start, p->text, first), 0);
    size_t ll = 0;
    while (ll < p->text_len && p->text[p->text_len - ll - 1] != ' ' &&
           p->text[p->text_len - ll - 1] != '\n')
        ll++;
    ck_assert_int_eq(
        memcmp(r->buf + p->byte_end - ll, p->text + p->text_len - ll, ll), 0);
    /* line = 1 + newlines before byte_start */
    uint32_t line = 1;
    for (uint64_t i = 0; i < p->byte_start; i++) line += r->buf[i] == '\n';
    ck_assert_uint_eq(p->line, line);
}

/* ---- Markdown ---------------------------------------------------------- */

static const char md_doc[] =
    "---\n"
    "title: \"Scalp care: a guide\"\n"
    "slug: scalp-care\n"
    "tags: a, b\n"
    "---\n"
    "\n"
    "Intro with **bold** words and a [link text](https://example.com/x).\n"
    "Second line &amp; more.\n"
    "\n"
    "## First question?\n"
    "\n"
    "- item one\n"
    "- item *two*\n"
    "\n"
    "<div class=\"ad\">\n"
    "hidden html\n"
    "</div>\n"
    "\n"
    "## Second\n"
    "\n"
    "```\n"
    "code line\n"
    "```\n"
    "\n"
    "Caf&#233; &#x41;BC.\n";

START_TEST(test_md_front_matter_and_syntax) {
    run r;
    run_reader(&r, smp_ingest_markdown, "x/ignored.md", md_doc, 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 3);

    const rec *p = &r.c.r[0];
    ck_assert_str_eq(p->article_id, "scalp-care");
    ck_assert_str_eq(p->title, "Scalp care: a guide");
    ck_assert_str_eq(p->path, "x/ignored.md");
    ck_assert_str_eq(p->heading, "");
    ck_assert_uint_eq(p->ordinal, 1);
    ck_assert_str_eq(p->text, "Intro with bold words and a link text. "
                              "Second line & more.");
    ck_assert_uint_eq(p->line, 7);
    ck_assert_uint_eq(p->byte_start,
                      (size_t)(strstr(md_doc, "Intro") - md_doc));
    ck_assert_uint_eq(p->byte_end,
                      (size_t)(strstr(md_doc, " more.") - md_doc) + 6);

    p = &r.c.r[1];
    ck_assert_str_eq(p->heading, "First question?");
    ck_assert_uint_eq(p->ordinal, 2);
    ck_assert_str_eq(p->text, "item one\nitem two");
    ck_assert_uint_eq(p->line, 12);
    assert_range(&r, p);

    p = &r.c.r[2];
    ck_assert_str_eq(p->heading, "Second");
    ck_assert_uint_eq(p->ordinal, 3);
    ck_assert_str_eq(p->text, "code line\nCaf\xC3\xA9 ABC.");
    ck_assert_uint_eq(p->line, 22);
    ck_assert_uint_eq(p->byte_start,
                      (size_t)(strstr(md_doc, "code line") - md_doc));
    run_free(&r);
}
END_TEST

START_TEST(test_md_crlf_front_matter) {
    const char *doc = "---\r\n"
                      "title: 'Quoted title'\r\n"
                      "slug:  crlf-slug  \r\n"
                      "...\r\n"
                      "# Not the title\r\n"
                      "\r\n"
                      "Body text here.\r\n";
    run r;
    run_reader(&r, smp_ingest_markdown, "a.md", doc, 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 1);
    const rec *p = &r.c.r[0];
    ck_assert_str_eq(p->article_id, "crlf-slug");
    ck_assert_str_eq(p->title, "Quoted title");
    /* the front matter has the title, so the H1 is a section heading */
    ck_assert_str_eq(p->heading, "Not the title");
    ck_assert_str_eq(p->text, "Body text here.");
    ck_assert_uint_eq(p->line, 7);
    assert_range(&r, p);
    run_free(&r);
}
END_TEST

START_TEST(test_md_title_from_h1) {
    const char *doc = "# The  *Real* Title\n"
                      "\n"
                      "Opening paragraph text.\n"
                      "\n"
                      "## Part\n"
                      "\n"
                      "Part text.\n";
    run r;
    run_reader(&r, smp_ingest_markdown, "some/dir/my-article.md", doc, 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 2);
    ck_assert_str_eq(r.c.r[0].article_id, "my-article");
    ck_assert_str_eq(r.c.r[0].title, "The Real Title");
    ck_assert_str_eq(r.c.r[0].heading, ""); /* the H1 is not a section */
    ck_assert_str_eq(r.c.r[0].text, "Opening paragraph text.");
    ck_assert_uint_eq(r.c.r[0].line, 3);
    ck_assert_str_eq(r.c.r[1].heading, "Part");
    ck_assert_str_eq(r.c.r[1].text, "Part text.");
    ck_assert_str_eq(r.c.r[1].title, "The Real Title");
    ck_assert_uint_eq(r.c.r[1].line, 7);
    run_free(&r);
}
END_TEST

START_TEST(test_md_late_h1_and_no_title) {
    /* an H1 that is not the first block: title, and a section heading */
    const char *doc = "Lead text.\n\n# Late\n\nMore.\n";
    run r;
    run_reader(&r, smp_ingest_markdown, "late.markdown", doc, 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 2);
    ck_assert_str_eq(r.c.r[0].title, "Late");
    ck_assert_str_eq(r.c.r[0].heading, "");
    ck_assert_str_eq(r.c.r[1].heading, "Late");
    ck_assert_str_eq(r.c.r[1].text, "More.");
    run_free(&r);

    /* no front matter, no H1: the id is the title */
    run_reader(&r, smp_ingest_markdown, "notes.v2.md", "## H2\n\nText.\n", 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 1);
    ck_assert_str_eq(r.c.r[0].article_id, "notes.v2");
    ck_assert_str_eq(r.c.r[0].title, "notes.v2");
    ck_assert_str_eq(r.c.r[0].heading, "H2");
    run_free(&r);
}
END_TEST

START_TEST(test_md_unclosed_front_matter) {
    /* no closing line: not front matter; "---" is a thematic break */
    const char *doc = "---\ntitle: x\n";
    run r;
    run_reader(&r, smp_ingest_markdown, "u.md", doc, 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 1);
    ck_assert_str_eq(r.c.r[0].article_id, "u");
    ck_assert_str_eq(r.c.r[0].text, "title: x");
    assert_range(&r, &r.c.r[0]);
    run_free(&r);

    /* front matter only: no passages */
    run_reader(&r, smp_ingest_markdown, "f.md", "---\ntitle: T\n---", 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 0);
    run_free(&r);
}
END_TEST

START_TEST(test_md_merge_and_table) {
    /* with min_words 5 the short first section merges into the next */
    const char *doc = "## Short\n\nTiny bit.\n\n## Table\n\n"
                      "| a | b |\n|---|---|\n| c1 | d1 |\n| c2 | d2 |\n";
    run r;
    run_reader(&r, smp_ingest_markdown, "t.md", doc, 5);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 1);
    ck_assert_str_eq(r.c.r[0].heading, "Short");
    ck_assert_str_eq(r.c.r[0].text, "Tiny bit.\nTable\na b\nc1 d1\nc2 d2");
    ck_assert_uint_eq(r.c.r[0].line, 3);
    assert_range(&r, &r.c.r[0]);
    run_free(&r);
}
END_TEST

START_TEST(test_md_corpus_like) {
    /* a long section is windowed; ranges stay consistent */
    size_t n = 0, cap = 8000;
    char *doc = malloc(cap);
    ck_assert_ptr_nonnull(doc);
    n += (size_t)sprintf(doc + n, "---\ntitle: Long\n---\n\n## Many words\n\n");
    for (int i = 0; i < 600; i++)
        n += (size_t)sprintf(doc + n, "%sw%d", i % 10 == 9 ? "\n" : " ", i);
    n += (size_t)sprintf(doc + n, "\n");
    run r;
    run_reader(&r, smp_ingest_markdown, "long.md", doc, 25);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 3);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_str_eq(r.c.r[i].heading, "Many words");
        ck_assert_uint_eq(r.c.r[i].ordinal, i + 1);
        assert_range(&r, &r.c.r[i]);
    }
    ck_assert_int_eq(strncmp(r.c.r[1].text, "w200 ", 5), 0);
    ck_assert_int_eq(strncmp(r.c.r[2].text, "w400 ", 5), 0);
    ck_assert_str_eq(r.c.r[2].text + r.c.r[2].text_len - 5, " w599");
    run_free(&r);
    free(doc);
}
END_TEST

START_TEST(test_md_heading_paths) {
    static const char doc[] = "---\ntitle: Lash care\n---\n# Lash care\n\nIntro.\n\n"
                              "## Aftercare\n\nRules.\n\n### Sun exposure\n\nShade.\n\n"
                              "#### Beaches\n\nHats.\n\n### Swimming\n\nWait.\n\n"
                              "## Infills\n\nBook.\n\n##### Deep\n\nSkip.\n\n## Lashes\n\n### Tint\n\nDye.\n\n"
                              "# Other\n\nNew.\n\n"
                              "### Alone\n\nLone.\n\n## Empty\n\n### \n\nNone.\n";
    static const char *const want[] = {
        "Lash care", "Aftercare", "Aftercare \xe2\x80\xba Sun exposure",
        "Aftercare \xe2\x80\xba Sun exposure \xe2\x80\xba Beaches",
        "Aftercare \xe2\x80\xba Swimming", "Infills", "Infills \xe2\x80\xba Deep",
        /* a heading with no text of its own names the passage below it
           (passages.c) once, not twice */
        "Lashes \xe2\x80\xba Tint",
        "Other", "Alone", "Empty"}; /* under an empty heading, its section's */
    run r;
    run_reader(&r, smp_ingest_markdown, "p.md", doc, 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < r.c.n; i++)
        ck_assert_msg(!strcmp(r.c.r[i].heading, want[i]), "passage %zu: '%s', want '%s'", i,
                      r.c.r[i].heading, want[i]);
    /* the article's title is unchanged, and the text is not touched */
    ck_assert_str_eq(r.c.r[3].title, "Lash care");
    ck_assert_str_eq(r.c.r[3].text, "Hats.");
    run_free(&r);

    /* switched off: each heading alone */
    smp_segment_opts o = {250, 50, 0, 1};
    run_reader_opts(&r, smp_ingest_markdown, "p.md", doc, &o);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, sizeof want / sizeof want[0]);
    ck_assert_str_eq(r.c.r[3].heading, "Beaches");
    ck_assert_str_eq(r.c.r[4].heading, "Swimming");
    ck_assert_str_eq(r.c.r[7].heading, "Lashes \xe2\x80\xba Tint"); /* passages.c's join */
    run_free(&r);
}
END_TEST

START_TEST(test_md_emit_stops) {
    const char *doc = "## A\n\nOne.\n\n## B\n\nTwo.\n\n## C\n\nThree.\n";
    run r;
    memset(&r, 0, sizeof r);
    smp_segment_opts o = {250, 50, 0, 0};
    r.cx.path = "s.md";
    r.cx.seg = &o;
    r.cx.emit = collect;
    r.cx.ud = &r.c;
    r.c.stop_at = 2;
    r.c.stop_rc = 7;
    ck_assert_int_eq(smp_ingest_markdown(&r.cx, doc, strlen(doc), NULL), 7);
    ck_assert_uint_eq(r.c.n, 2);
    coll_free(&r.c);
}
END_TEST

START_TEST(test_md_odd_inputs) {
    static const char *docs[] = {
        "", "---", "---\n", "---\n---\n", "#", "&#;", "&#x110000; &#0; x",
        "\xEF\xBB\xBF---\ntitle: bom\n---\nText.", "> quote\n> more",
        "<!-- only html -->\n", "    indented code\n",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        run r;
        run_reader(&r, smp_ingest_markdown, "o.md", docs[i], 0);
        ck_assert_int_eq(r.rc, 0);
        for (size_t k = 0; k < r.c.n; k++)
            ck_assert_uint_le(r.c.r[k].byte_end, r.len);
        run_free(&r);
    }
    run r;
    run_reader(&r, smp_ingest_markdown, "o.md",
               "\xEF\xBB\xBF---\ntitle: bom\n---\nText.", 0);
    ck_assert_uint_eq(r.c.n, 1);
    ck_assert_str_eq(r.c.r[0].title, "bom");
    run_free(&r);
    run_reader(&r, smp_ingest_markdown, "o.md", "&#x110000; &#0; x", 0);
    ck_assert_uint_eq(r.c.n, 1);
    ck_assert_str_eq(r.c.r[0].text, "\xEF\xBF\xBD \xEF\xBF\xBD x");
    run_free(&r);
}
END_TEST

START_TEST(test_nul_bytes) {
    /* readers must cope with NUL bytes (smp_check_text is not called) */
    static const char src[] = "---\ntitle: a\0b\n---\n## H\0\n\nx\0y z\n";
    size_t len = sizeof src - 1;
    reader_fn readers[] = {smp_ingest_markdown, smp_ingest_text,
                           smp_ingest_jsonl};
    for (size_t i = 0; i < 3; i++) {
        char *buf = malloc(len);
        ck_assert_ptr_nonnull(buf);
        memcpy(buf, src, len);
        coll c;
        memset(&c, 0, sizeof c);
        smp_segment_opts o = {250, 50, 0, 0};
        smp_ingest_ctx cx;
        memset(&cx, 0, sizeof cx);
        cx.path = "data/corpus.jsonl";
        cx.seg = &o;
        cx.emit = collect;
        cx.notice = notice;
        cx.ud = &c;
        ck_assert_int_eq(readers[i](&cx, buf, len, NULL), 0);
        for (size_t k = 0; k < c.n; k++)
            ck_assert_uint_le(c.r[k].byte_end, len);
        coll_free(&c);
        free(buf);
    }
}
END_TEST

/* ---- plain text -------------------------------------------------------- */

static const char txt_doc[] =
    "What You Need To Know About SMP\n"
    "\n"
    "Losing your hair can be a distressing experience, but don't worry.\n"
    "There's hope out there for you.\n"
    "\n"
    "What is SMP?\n"
    "\n"
    "With SMP, natural pigments are tattooed onto the scalp.\n"
    "\n"
    "How long does SMP last?\xC2\xA0\n"
    "\n"
    "The treatment lasts up to eight years.\n"
    "\n"
    "  \xE2\x80\xA2 It's reversible\n"
    "\n"
    "A rundown of the most significant ones:\n"
    "\n"
    "Closing Heading\n";

START_TEST(test_text_headings) {
    run r;
    run_reader(&r, smp_ingest_text, "seed/smp-article.txt", txt_doc, 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 4);
    for (size_t i = 0; i < r.c.n; i++) {
        ck_assert_str_eq(r.c.r[i].article_id, "smp-article");
        ck_assert_str_eq(r.c.r[i].title, "What You Need To Know About SMP");
        ck_assert_uint_eq(r.c.r[i].ordinal, i + 1);
    }
    const rec *p = &r.c.r[0];
    ck_assert_str_eq(p->heading, "");
    ck_assert_str_eq(p->text,
                     "Losing your hair can be a distressing experience, but "
                     "don't worry.\nThere's hope out there for you.");
    ck_assert_uint_eq(p->line, 3);
    assert_range(&r, p);
    p = &r.c.r[1];
    ck_assert_str_eq(p->heading, "What is SMP?");
    ck_assert_str_eq(p->text,
                     "With SMP, natural pigments are tattooed onto the scalp.");
    ck_assert_uint_eq(p->line, 8);
    assert_range(&r, p);
    p = &r.c.r[2];
    ck_assert_str_eq(p->heading, "How long does SMP last?"); /* NBSP cut */
    ck_assert_str_eq(p->text, "The treatment lasts up to eight years.\n"
                              "\xE2\x80\xA2 It's reversible\n"
                              "A rundown of the most significant ones:");
    ck_assert_uint_eq(p->line, 12);
    assert_range(&r, p);
    p = &r.c.r[3];
    ck_assert_str_eq(p->heading, "Closing Heading");
    ck_assert_str_eq(p->text, "");
    run_free(&r);
}
END_TEST

START_TEST(test_text_min_words_and_seed_shape) {
    /* with min_words 25 short sections still do not merge here: the lead
       is the article's introduction, a passage of its own, and a section
       headed by a question keeps its answer to itself */
    run r;
    run_reader(&r, smp_ingest_text, "a.txt", txt_doc, 25);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 4);
    ck_assert_str_eq(r.c.r[0].heading, "");
    ck_assert_str_eq(r.c.r[0].text,
                     "Losing your hair can be a distressing experience, but "
                     "don't worry.\nThere's hope out there for you.");
    ck_assert_uint_eq(r.c.r[0].line, 3);
    assert_range(&r, &r.c.r[0]);
    ck_assert_str_eq(r.c.r[1].heading, "What is SMP?");
    ck_assert_str_eq(r.c.r[1].text, "With SMP, natural pigments are tattooed onto the scalp.");
    ck_assert_uint_eq(r.c.r[1].ordinal, 2);
    ck_assert_str_eq(r.c.r[2].heading, "How long does SMP last?");
    ck_assert_uint_eq(r.c.r[2].ordinal, 3);
    ck_assert_str_eq(r.c.r[2].text + r.c.r[2].text_len - 5, "ones:");
    ck_assert_uint_eq(r.c.r[2].line, 12);
    /* a last heading with nothing under it is left as it was */
    ck_assert_str_eq(r.c.r[3].heading, "Closing Heading");
    run_free(&r);

    /* short sections whose headings ask nothing still merge */
    const char *tips = "Lash lift care\n\nTips\n\nSleep on your back.\n\nAftercare\n\n"
                       "Keep the lashes dry for a day.\n\nProducts\n\n"
                       "Use an oil-free cleanser.\n";
    run_reader(&r, smp_ingest_text, "tips.txt", tips, 25);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 1);
    ck_assert_ptr_nonnull(strstr(r.c.r[0].text, "Keep the lashes dry"));
    ck_assert_ptr_nonnull(strstr(r.c.r[0].text, "oil-free"));
    run_free(&r);

    /* a long first line is body text, and still the title */
    const char *doc = "  This first line is a full sentence and not a "
                      "heading.\n"
                      "It goes on.\n\nNext paragraph\nhas two lines\n";
    run_reader(&r, smp_ingest_text, "b.text", doc, 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 1);
    ck_assert_str_eq(r.c.r[0].title,
                     "This first line is a full sentence and not a heading.");
    ck_assert_str_eq(r.c.r[0].article_id, "b");
    ck_assert_str_eq(r.c.r[0].text,
                     "This first line is a full sentence and not a heading.\n"
                     "It goes on.\nNext paragraph\nhas two lines");
    ck_assert_uint_eq(r.c.r[0].byte_start, 2);
    run_free(&r);

    /* a heading of 13 words is body text; CRLF lines */
    doc = "Title\r\n\r\none two three four five six seven eight nine ten "
          "eleven twelve thirteen\r\n\r\nTwelve words only here a b c d e f g "
          "h\r\n\r\nBody text.\r\n";
    run_reader(&r, smp_ingest_text, "c.txt", doc, 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 2);
    ck_assert_str_eq(r.c.r[0].title, "Title");
    ck_assert_str_eq(r.c.r[0].heading, "");
    ck_assert_str_eq(r.c.r[1].heading,
                     "Twelve words only here a b c d e f g h");
    ck_assert_str_eq(r.c.r[1].text, "Body text.");
    ck_assert_uint_eq(r.c.r[1].line, 7);
    run_free(&r);
}
END_TEST

START_TEST(test_text_emit_stops) {
    run r;
    memset(&r, 0, sizeof r);
    smp_segment_opts o = {250, 50, 0, 0};
    r.cx.path = "s.txt";
    r.cx.seg = &o;
    r.cx.emit = collect;
    r.cx.ud = &r.c;
    r.c.stop_at = 1;
    r.c.stop_rc = SMP_EIO;
    ck_assert_int_eq(smp_ingest_text(&r.cx, txt_doc, strlen(txt_doc), NULL),
                     SMP_EIO);
    ck_assert_uint_eq(r.c.n, 1);
    coll_free(&r.c);
}
END_TEST

START_TEST(test_text_odd_inputs) {
    static const char *docs[] = {"", "\n\n", "x", "Title only\n",
                                 "\xC2\xA0\n\xC2", "a\n\n\n\n"};
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        run r;
        run_reader(&r, smp_ingest_text, "", docs[i], 0);
        ck_assert_int_eq(r.rc, 0);
        for (size_t k = 0; k < r.c.n; k++) {
            ck_assert_str_eq(r.c.r[k].article_id, "untitled");
            ck_assert_uint_le(r.c.r[k].byte_end, r.len);
        }
        run_free(&r);
    }
}
END_TEST

/* ---- JSON Lines -------------------------------------------------------- */

static const char jsonl_doc[] =
    "{\"_id\": \"d1\", \"title\": \"First\", \"text\": \"Alpha beta.\", "
    "\"metadata\": {}}\n"
    "{\"_id\": \"d2\", \"title\": \"Second\", \"text\": \"Gamma \\u00e9 "
    "delta.\"\n"
    "\n"
    "{\"_id\": 42, \"text\": \"Numeric id.\"}\r\n"
    "not json at all\n"
    "{\"title\": \"no id\", \"text\": \"x\"}\n"
    "{\"_id\": \"d5\", \"text\": \"\"}\n"
    "[1, 2]\n"
    "{\"_id\": \"d7\", \"title\": 5, \"text\": \"Last one.\"} trailing\n"
    "{\"_id\": \"d8\", \"text\": \"No newline at end.\"}";

START_TEST(test_jsonl_records) {
    run r;
    run_reader(&r, smp_ingest_jsonl, "data/corpus.jsonl", jsonl_doc, 25);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 3);

    const rec *p = &r.c.r[0];
    ck_assert_str_eq(p->article_id, "d1");
    ck_assert_str_eq(p->title, "First");
    ck_assert_str_eq(p->heading, "");
    ck_assert_str_eq(p->text, "Alpha beta.");
    ck_assert_str_eq(p->path, "data/corpus.jsonl");
    ck_assert_uint_eq(p->ordinal, 0);
    ck_assert_uint_eq(p->line, 1);
    ck_assert_uint_eq(p->byte_start, 0);
    ck_assert_uint_eq(p->byte_end,
                      (size_t)(strchr(jsonl_doc, '\n') - jsonl_doc));

    p = &r.c.r[1];
    ck_assert_str_eq(p->article_id, "42");
    ck_assert_str_eq(p->title, "");
    ck_assert_str_eq(p->text, "Numeric id.");
    ck_assert_uint_eq(p->line, 4);
    size_t s = (size_t)(strstr(jsonl_doc, "{\"_id\": 42") - jsonl_doc);
    size_t e = (size_t)(strstr(jsonl_doc, "\r\n") - jsonl_doc);
    ck_assert_uint_eq(p->byte_start, s);
    ck_assert_uint_eq(p->byte_end, e); /* without "\r\n" */

    p = &r.c.r[2];
    ck_assert_str_eq(p->article_id, "d8");
    ck_assert_str_eq(p->text, "No newline at end.");
    ck_assert_uint_eq(p->line, 10);
    ck_assert_uint_eq(p->byte_end, r.len);

    ck_assert_uint_eq(r.cx.records_skipped, 6);
    ck_assert_uint_eq(r.c.nnotices, 6);
    ck_assert_str_eq(r.c.notices[0], "line 2: invalid JSON (truncated)");
    ck_assert_str_eq(r.c.notices[1], "line 5: invalid JSON");
    ck_assert_str_eq(r.c.notices[2], "line 6: missing _id");
    ck_assert_str_eq(r.c.notices[3], "line 7: missing or empty text");
    ck_assert_str_eq(r.c.notices[4], "line 8: not a JSON object");
    ck_assert_str_eq(r.c.notices[5],
                     "line 9: invalid JSON (text after the record)");
    run_free(&r);
}
END_TEST

START_TEST(test_jsonl_no_window_no_notice) {
    /* a long record stays one passage; notice may be NULL */
    size_t cap = 16000, n = 0;
    char *doc = malloc(cap);
    ck_assert_ptr_nonnull(doc);
    n += (size_t)sprintf(doc + n, "{\"_id\": \"big\", \"text\": \"");
    for (int i = 0; i < 600; i++) n += (size_t)sprintf(doc + n, "w%d ", i);
    n += (size_t)sprintf(doc + n, "\"}\nbad\n{\"_id\":\"s\",\"text\":\"x\"}\n");
    run r;
    memset(&r, 0, sizeof r);
    smp_segment_opts o = {250, 50, 25, 0};
    r.cx.path = "big.jsonl";
    r.cx.seg = &o;
    r.cx.emit = collect;
    r.cx.ud = &r.c;
    ck_assert_int_eq(smp_ingest_jsonl(&r.cx, doc, n, NULL), 0);
    ck_assert_uint_eq(r.c.n, 2);
    ck_assert_str_eq(r.c.r[0].article_id, "big");
    ck_assert_int_eq(strncmp(r.c.r[0].text, "w0 w1 ", 6), 0);
    ck_assert_ptr_nonnull(strstr(r.c.r[0].text, " w599 "));
    ck_assert_str_eq(r.c.r[1].text, "x"); /* short, yet not merged */
    ck_assert_uint_eq(r.c.r[1].line, 3);
    ck_assert_uint_eq(r.cx.records_skipped, 1);
    coll_free(&r.c);
    free(doc);
}
END_TEST

START_TEST(test_jsonl_emit_stops) {
    run r;
    memset(&r, 0, sizeof r);
    r.cx.path = "data/corpus.jsonl";
    r.cx.emit = collect;
    r.cx.notice = notice;
    r.cx.ud = &r.c;
    r.c.stop_at = 1;
    r.c.stop_rc = -77;
    ck_assert_int_eq(
        smp_ingest_jsonl(&r.cx, jsonl_doc, strlen(jsonl_doc), NULL), -77);
    ck_assert_uint_eq(r.c.n, 1);
    ck_assert_uint_eq(r.cx.records_skipped, 0);
    coll_free(&r.c);
}
END_TEST

START_TEST(test_jsonl_odd_inputs) {
    static const char *docs[] = {
        "", "\n", "{", "{\"_id\":", "\"str\"", "{\"_id\":\"a\",\"text\":\"b\"",
        "{\"_id\": 1.5, \"text\": \"x\"}", "{\"_id\": \"\", \"text\": \"x\"}",
        "{\"_id\": \"a\", \"text\": \" \\n \"}", "null", "{}{}",
        "{\"_id\": 18446744073709551615, \"text\": \"max\"}",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        run r;
        run_reader(&r, smp_ingest_jsonl, "data/corpus.jsonl", docs[i], 0);
        ck_assert_int_eq(r.rc, 0);
        if (i < 11) ck_assert_uint_eq(r.c.n, 0);
        ck_assert_uint_eq(r.cx.records_skipped, i < 2 ? 0 : i < 11 ? 1 : 0);
        if (i == 11) ck_assert_str_eq(r.c.r[0].article_id,
                                      "18446744073709551615");
        run_free(&r);
    }
}
END_TEST

/* ---- smp_check_text ---------------------------------------------------- */

START_TEST(test_check_text) {
    smp_error err;
    size_t rep = 99;
    char empty[1] = {0};
    ck_assert_int_eq(smp_check_text(empty, 0, &rep, &err), SMP_EFORMAT);
    ck_assert_str_eq(err.msg, "empty file");
    ck_assert_int_eq(err.code, SMP_EFORMAT);
    ck_assert_uint_eq(rep, 0);

    char ws[] = " \n\t\r\n  ";
    ck_assert_int_eq(smp_check_text(ws, strlen(ws), &rep, &err), SMP_EFORMAT);
    ck_assert_str_eq(err.msg, "empty file");

    char bin[] = "abc\0def";
    ck_assert_int_eq(smp_check_text(bin, 7, &rep, &err), SMP_EFORMAT);
    ck_assert_str_eq(err.msg, "binary file (NUL byte at offset 3)");
    ck_assert_int_eq(smp_check_text(bin, 7, NULL, NULL), SMP_EFORMAT);

    char good[] = "Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 ok";
    char copy[sizeof good];
    memcpy(copy, good, sizeof good);
    ck_assert_int_eq(smp_check_text(good, strlen(good), &rep, &err), SMP_OK);
    ck_assert_uint_eq(rep, 0);
    ck_assert_str_eq(good, copy);
}
END_TEST

START_TEST(test_check_text_repair) {
    smp_error err;
    size_t rep = 0;
    /* a lone continuation byte, a bad lead byte, a truncated 3-byte
       sequence, an overlong '/', a surrogate, and a truncated tail */
    char bad[] = "a\x80"
                 "b\xFF"
                 "c\xE2\x82"
                 "d\xC0\xAF"
                 "e\xED\xA0\x80"
                 "f\xC3\xA9g\xF0\x9F";
    size_t len = strlen(bad);
    ck_assert_int_eq(smp_check_text(bad, len, &rep, &err), SMP_OK);
    ck_assert_uint_eq(rep, 6);
    ck_assert_str_eq(bad, "a b c  d  e   f\xC3\xA9g  ");
    ck_assert_uint_eq(strlen(bad), len);

    /* only invalid bytes: not empty, repaired to spaces */
    char junk[] = "\xFE\xFE";
    ck_assert_int_eq(smp_check_text(junk, 2, &rep, NULL), SMP_OK);
    ck_assert_uint_eq(rep, 2);
    ck_assert_str_eq(junk, "  ");
}
END_TEST

/* ---- front matter as static-site tools write it ----------------------- */

START_TEST(test_front_matter_yaml) {
    const char *doc = "---\n"
                      "title: \"Lash lift: what to expect\"\n"
                      "slug: lash-lift\n"
                      "permalink: /treatments/lash-lift/\n"
                      "date: 2024-03-01\n"
                      "description: >\n  A lift curls your own lashes\n  for six to eight weeks.\n"
                      "tags:\n  - aftercare\n  - 'lash lift'\n"
                      "categories: [lashes, treatments]\n"
                      "params:\n  hidden: true\n"
                      "---\n# Body\n";
    smp_front fm;
    ck_assert_int_eq(smp_front_matter(doc, strlen(doc), &fm), SMP_OK);
    ck_assert_int_eq(fm.kind, 'y');
    ck_assert_int_eq(fm.bad, 0);
    ck_assert_str_eq(fm.title, "Lash lift: what to expect");
    ck_assert_str_eq(fm.slug, "lash-lift");
    ck_assert_str_eq(fm.url, "/treatments/lash-lift/");
    ck_assert_str_eq(fm.date, "2024-03-01");
    ck_assert_str_eq(fm.description, "A lift curls your own lashes for six to eight weeks.\n");
    ck_assert_uint_eq(fm.ntags, 2);
    ck_assert_str_eq(fm.tags[1], "lash lift");
    ck_assert_uint_eq(fm.ncategories, 2);
    ck_assert_str_eq(fm.categories[0], "lashes");
    ck_assert_int_eq(fm.draft, 0);
    ck_assert_str_eq(doc + fm.body, "# Body\n");
    smp_front_free(&fm);

    /* an unquoted ": " in a value: not YAML, read line by line */
    const char *loose = "---\ntitle: Lash serums: do they work?\nslug: serums\n---\nText\n";
    ck_assert_int_eq(smp_front_matter(loose, strlen(loose), &fm), SMP_OK);
    ck_assert_int_eq(fm.bad, 1);
    ck_assert_str_eq(fm.title, "Lash serums: do they work?");
    ck_assert_str_eq(fm.slug, "serums");
    smp_front_free(&fm);

    /* never closed: no front matter */
    const char *open_fm = "---\ntitle: x\nText without an end\n";
    ck_assert_int_eq(smp_front_matter(open_fm, strlen(open_fm), &fm), SMP_OK);
    ck_assert_int_eq(fm.kind, 0);
    ck_assert_uint_eq(fm.body, 0);
}
END_TEST

START_TEST(test_front_matter_toml_json) {
    const char *toml = "+++\n"
                       "title = \"SMP aftercare\"\n"
                       "slug = 'smp-aftercare'\n"
                       "draft = true\n"
                       "tags = [\"smp\", \"aftercare\"]\n"
                       "[params]\n"
                       "title = \"not this\"\n"
                       "+++\n"
                       "Keep the scalp dry.\n";
    smp_front fm;
    ck_assert_int_eq(smp_front_matter(toml, strlen(toml), &fm), SMP_OK);
    ck_assert_int_eq(fm.kind, 't');
    ck_assert_str_eq(fm.title, "SMP aftercare");
    ck_assert_str_eq(fm.slug, "smp-aftercare");
    ck_assert_int_eq(fm.draft, 1);
    ck_assert_uint_eq(fm.ntags, 2);
    ck_assert_str_eq(fm.tags[1], "aftercare");
    ck_assert_str_eq(toml + fm.body, "Keep the scalp dry.\n");
    smp_front_free(&fm);

    const char *json = "{\n  \"title\": \"Brow lamination\",\n  \"published\": false,\n"
                       "  \"categories\": [\"brows\"]\n}\n\nBrows are set for weeks.\n";
    ck_assert_int_eq(smp_front_matter(json, strlen(json), &fm), SMP_OK);
    ck_assert_int_eq(fm.kind, 'j');
    ck_assert_str_eq(fm.title, "Brow lamination");
    ck_assert_int_eq(fm.draft, 1);
    ck_assert_str_eq(fm.categories[0], "brows");
    ck_assert_str_eq(json + fm.body, "\nBrows are set for weeks.\n");
    smp_front_free(&fm);

    /* a brace that opens no JSON object is text */
    const char *brace = "{not json} and text\n";
    ck_assert_int_eq(smp_front_matter(brace, strlen(brace), &fm), SMP_OK);
    ck_assert_int_eq(fm.kind, 0);
}
END_TEST

START_TEST(test_md_drafts_and_templates) {
    run r;
    /* a draft is not indexed: unpublished prices must not reach anyone */
    run_reader(&r, smp_ingest_markdown, "offer.md",
               "---\ntitle: Offer\ndraft: true\n---\nLash lift now 5 pounds.\n", 0);
    ck_assert_int_eq(r.rc, SMP_EFORMAT);
    ck_assert_uint_eq(r.c.n, 0);
    run_free(&r);
    run_reader(&r, smp_ingest_markdown, "offer.md",
               "+++\ntitle = \"Offer\"\npublished = false\n+++\nLash lift now 5 pounds.\n", 0);
    ck_assert_int_eq(r.rc, SMP_EFORMAT);
    run_free(&r);

    /* shortcodes and template tags are not text; TOML front matter never
       reaches a passage */
    run_reader(&r, smp_ingest_markdown, "care.md",
               "+++\ntitle = \"Care\"\n+++\n## Washing\n\n{{< figure src=\"wash.jpg\" >}}\n"
               "Wash the brows gently {% include cta.html %} after a day.\n"
               "{{% notice %}}Use cool water.{{% /notice %}} {{ site.Params.phone }}\n",
               0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 1);
    ck_assert_str_eq(r.c.r[0].title, "Care");
    ck_assert_ptr_null(strstr(r.c.r[0].text, "figure"));
    ck_assert_ptr_null(strstr(r.c.r[0].text, "include"));
    ck_assert_ptr_null(strstr(r.c.r[0].text, "notice"));
    ck_assert_ptr_null(strstr(r.c.r[0].text, "Params"));
    ck_assert_ptr_null(strstr(r.c.r[0].text, "title"));
    ck_assert_ptr_nonnull(strstr(r.c.r[0].text, "Use cool water."));
    ck_assert_ptr_nonnull(strstr(r.c.r[0].text, "after a day."));
    assert_range(&r, &r.c.r[0]);
    run_free(&r);

    /* MDX: import and export lines are code */
    run_reader(&r, smp_ingest_markdown, "page.MDX",
               "import Price from '../components/Price'\nexport const meta = {}\n\n"
               "# Lip blush\n\nA lip blush lasts two to three years.\n", 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.c.n, 1);
    ck_assert_ptr_null(strstr(r.c.r[0].text, "import"));
    ck_assert_ptr_null(strstr(r.c.r[0].text, "export"));
    run_free(&r);

    ck_assert_int_eq(smp_format_of("a/b.MD"), 'm');
    ck_assert_int_eq(smp_format_of("a/b.mdown"), 'm');
    ck_assert_int_eq(smp_format_of("a/b.mkd"), 'm');
    ck_assert_int_eq(smp_format_of("a/b.mdx"), 'm');
    ck_assert_int_eq(smp_format_of("a/b.Markdown"), 'm');
    ck_assert_int_eq(smp_format_of("a/b.pdf"), 0);
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("ingest");
    TCase *tm = tcase_create("markdown");
    tcase_add_test(tm, test_md_front_matter_and_syntax);
    tcase_add_test(tm, test_front_matter_yaml);
    tcase_add_test(tm, test_front_matter_toml_json);
    tcase_add_test(tm, test_md_drafts_and_templates);
    tcase_add_test(tm, test_md_crlf_front_matter);
    tcase_add_test(tm, test_md_title_from_h1);
    tcase_add_test(tm, test_md_late_h1_and_no_title);
    tcase_add_test(tm, test_md_heading_paths);
    tcase_add_test(tm, test_md_unclosed_front_matter);
    tcase_add_test(tm, test_md_merge_and_table);
    tcase_add_test(tm, test_md_corpus_like);
    tcase_add_test(tm, test_md_emit_stops);
    tcase_add_test(tm, test_md_odd_inputs);
    tcase_add_test(tm, test_nul_bytes);
    suite_add_tcase(s, tm);
    TCase *tt = tcase_create("text");
    tcase_add_test(tt, test_text_headings);
    tcase_add_test(tt, test_text_min_words_and_seed_shape);
    tcase_add_test(tt, test_text_emit_stops);
    tcase_add_test(tt, test_text_odd_inputs);
    suite_add_tcase(s, tt);
    TCase *tj = tcase_create("jsonl");
    tcase_add_test(tj, test_jsonl_records);
    tcase_add_test(tj, test_jsonl_no_window_no_notice);
    tcase_add_test(tj, test_jsonl_emit_stops);
    tcase_add_test(tj, test_jsonl_odd_inputs);
    suite_add_tcase(s, tj);
    TCase *tc = tcase_create("check_text");
    tcase_add_test(tc, test_check_text);
    tcase_add_test(tc, test_check_text_repair);
    suite_add_tcase(s, tc);
    return s;
}
