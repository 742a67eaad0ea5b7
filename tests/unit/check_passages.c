/*
 * check_passages.c - tests of the passage splitter, the segmenter of
 * ingest/passages.c: merging of short sections, windowing of long ones,
 * ordinals, byte ranges and lines.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer/answer.h"
#include "indexer/indexer.h"
#include "collect.h"
#include "helpers.h"

/* A segmenter over src, with the given limits. */
typedef struct fixture {
    smp_segment_opts opts;
    smp_ingest_ctx cx;
    coll c;
    smp_segmenter *sg;
} fixture;

static void fx_open(fixture *f, const char *src, size_t src_len,
                    uint32_t max_words, uint32_t overlap, uint32_t min_words) {
    memset(f, 0, sizeof *f);
    f->opts.max_words = max_words;
    f->opts.overlap_words = overlap;
    f->opts.min_words = min_words;
    f->cx.path = "dir/article.md";
    f->cx.seg = &f->opts;
    f->cx.emit = collect;
    f->cx.ud = &f->c;
    ck_assert_int_eq(smp_segmenter_new(&f->sg, &f->cx, "art", "The Title",
                                       src, src_len),
                     SMP_OK);
}

static void fx_close(fixture *f) {
    smp_segmenter_free(f->sg);
    coll_free(&f->c);
}

/* Adds src[off..off+len) as a section whose text is verbatim source. */
static int add_verbatim(fixture *f, const char *heading, const char *src,
                        size_t off, size_t len) {
    smp_anchor a = {0, off};
    return smp_segmenter_add(f->sg, heading, strlen(heading), NULL, 0, src + off, len,
                             &a, 1);
}

/* "w0 w1 ... w<n-1>" separated by single spaces (caller frees). */
static char *make_words(size_t n) {
    char *s = malloc(n * 8 + 1);
    ck_assert_ptr_nonnull(s);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += (size_t)sprintf(s + k, i ? " w%zu" : "w%zu", i);
    return s;
}

/* Is the passage's first word at src[byte_start] and its last word
 * just before src[byte_end]? */
static void assert_range(const rec *r, const char *src) {
    const char *sp = strpbrk(r->text, " \n");
    size_t first = sp ? (size_t)(sp - r->text) : r->text_len;
    ck_assert_uint_le(r->byte_start + first, r->byte_end);
    ck_assert_int_eq(memcmp(src + r->byte_start, r->text, first), 0);
    const char *last = r->text + r->text_len;
    while (last > r->text && last[-1] != ' ' && last[-1] != '\n') last--;
    size_t ll = (size_t)(r->text + r->text_len - last);
    ck_assert_int_eq(memcmp(src + r->byte_end - ll, last, ll), 0);
}

/* ---- tests ------------------------------------------------------------- */

START_TEST(test_basic_sections) {
    const char *src = "# T\n\n## One\n\nalpha beta gamma\n\n## Two\n\n"
                      "delta epsilon\nzeta eta\n";
    fixture f;
    fx_open(&f, src, strlen(src), 250, 50, 2);
    size_t a = (size_t)(strstr(src, "alpha") - src);
    size_t d = (size_t)(strstr(src, "delta") - src);
    ck_assert_int_eq(add_verbatim(&f, "One", src, a, 16), 0);
    ck_assert_int_eq(add_verbatim(&f, "Two", src, d, 22), 0);
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);

    ck_assert_uint_eq(f.c.n, 2);
    const rec *r = &f.c.r[0];
    ck_assert_uint_eq(r->ordinal, 1);
    ck_assert_str_eq(r->article_id, "art");
    ck_assert_str_eq(r->title, "The Title");
    ck_assert_str_eq(r->path, "dir/article.md");
    ck_assert_str_eq(r->heading, "One");
    ck_assert_str_eq(r->text, "alpha beta gamma");
    ck_assert_uint_eq(r->byte_start, a);
    ck_assert_uint_eq(r->byte_end, a + 16);
    ck_assert_uint_eq(r->line, 5);
    r = &f.c.r[1];
    ck_assert_uint_eq(r->ordinal, 2);
    ck_assert_str_eq(r->heading, "Two");
    ck_assert_str_eq(r->text, "delta epsilon\nzeta eta");
    ck_assert_uint_eq(r->byte_start, d);
    ck_assert_uint_eq(r->byte_end, d + 22);
    ck_assert_uint_eq(r->line, 9);
    fx_close(&f);
}
END_TEST

START_TEST(test_text_trimmed) {
    const char *src = "\n   one two three   \n";
    fixture f;
    fx_open(&f, src, strlen(src), 250, 50, 1);
    ck_assert_int_eq(add_verbatim(&f, "", src, 0, strlen(src)), 0);
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);
    ck_assert_uint_eq(f.c.n, 1);
    ck_assert_str_eq(f.c.r[0].heading, "");
    ck_assert_str_eq(f.c.r[0].text, "one two three");
    ck_assert_uint_eq(f.c.r[0].byte_start, 4);
    ck_assert_uint_eq(f.c.r[0].byte_end, 17);
    ck_assert_uint_eq(f.c.r[0].line, 2);
    fx_close(&f);
}
END_TEST

START_TEST(test_anchors_map) {
    /* plain text "bold text and link" from "**bold** text and [link](u)" */
    const char *src = "x\n**bold** text and [link](u)\n";
    const char *plain = "bold text and link";
    smp_anchor an[] = {{0, 4}, {4, 10}, {14, 21}};
    fixture f;
    fx_open(&f, src, strlen(src), 250, 50, 1);
    ck_assert_int_eq(smp_segmenter_add(f.sg, "H", 1, NULL, 0, plain, strlen(plain),
                                       an, 3),
                     0);
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);
    ck_assert_uint_eq(f.c.n, 1);
    ck_assert_uint_eq(f.c.r[0].byte_start, 4);
    ck_assert_uint_eq(f.c.r[0].byte_end, 25); /* after "link" */
    ck_assert_int_eq(memcmp(src + 21, "link", 4), 0);
    ck_assert_uint_eq(f.c.r[0].line, 2);
    fx_close(&f);
}
END_TEST

START_TEST(test_merge_short) {
    /* min_words 7: "A" (3 words) is held, A+B (3 + 1 + 2 = 6) still, and
       A+B+C (6 + 1 + 3 = 10) goes out; "D" (6) is pending at finish. */
    const char *src = "## A\none two three\n## B\nfour five\n## C\n"
                      "six seven eight\n## D\nnine ten eleven twelve "
                      "thirteen fourteen\n";
    fixture f;
    fx_open(&f, src, strlen(src), 250, 50, 7);
    size_t a = (size_t)(strstr(src, "one") - src);
    size_t b = (size_t)(strstr(src, "four") - src);
    size_t c = (size_t)(strstr(src, "six") - src);
    size_t d = (size_t)(strstr(src, "nine") - src);
    ck_assert_int_eq(add_verbatim(&f, "A", src, a, 13), 0);
    ck_assert_uint_eq(f.c.n, 0);
    ck_assert_int_eq(add_verbatim(&f, "B", src, b, 9), 0);
    ck_assert_uint_eq(f.c.n, 0);
    ck_assert_int_eq(add_verbatim(&f, "C", src, c, 15), 0);
    ck_assert_uint_eq(f.c.n, 1);
    ck_assert_int_eq(add_verbatim(&f, "D", src, d, 40), 0);
    ck_assert_uint_eq(f.c.n, 1);
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);
    ck_assert_uint_eq(f.c.n, 2);

    const rec *r = &f.c.r[0];
    ck_assert_uint_eq(r->ordinal, 1);
    ck_assert_str_eq(r->heading, "A");
    ck_assert_str_eq(r->text, "one two three\nB\nfour five\nC\n"
                              "six seven eight");
    ck_assert_uint_eq(r->byte_start, a);
    ck_assert_uint_eq(r->byte_end, c + 15);
    ck_assert_uint_eq(r->line, 2);
    r = &f.c.r[1];
    ck_assert_uint_eq(r->ordinal, 2);
    ck_assert_str_eq(r->heading, "D");
    ck_assert_str_eq(r->text, "nine ten eleven twelve thirteen fourteen");
    ck_assert_uint_eq(r->byte_start, d);
    ck_assert_uint_eq(r->byte_end, d + 40);
    ck_assert_uint_eq(r->line, 8);
    fx_close(&f);
}
END_TEST

START_TEST(test_merge_texts) {
    const char *src = "## A\none two three\n## B\nfour five six seven\n"
                      "## C\neight nine ten eleven twelve\n";
    fixture f;
    fx_open(&f, src, strlen(src), 250, 50, 5);
    size_t a = (size_t)(strstr(src, "one") - src);
    size_t b = (size_t)(strstr(src, "four") - src);
    size_t c = (size_t)(strstr(src, "eight") - src);
    ck_assert_int_eq(add_verbatim(&f, "A", src, a, 13), 0);
    ck_assert_uint_eq(f.c.n, 0);
    ck_assert_int_eq(add_verbatim(&f, "B", src, b, 19), 0);
    ck_assert_uint_eq(f.c.n, 1); /* 3 + heading 1 + 4 = 8 >= 5 */
    ck_assert_int_eq(add_verbatim(&f, "C", src, c, 29), 0);
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);

    ck_assert_uint_eq(f.c.n, 2);
    const rec *r = &f.c.r[0];
    ck_assert_uint_eq(r->ordinal, 1);
    ck_assert_str_eq(r->heading, "A");
    ck_assert_str_eq(r->text, "one two three\nB\nfour five six seven");
    ck_assert_uint_eq(r->byte_start, a);
    ck_assert_uint_eq(r->byte_end, b + 19); /* covers both sections */
    ck_assert_uint_eq(r->line, 2);
    r = &f.c.r[1];
    ck_assert_uint_eq(r->ordinal, 2);
    ck_assert_str_eq(r->heading, "C");
    ck_assert_str_eq(r->text, "eight nine ten eleven twelve");
    ck_assert_uint_eq(r->line, 6);
    assert_range(r, src);
    fx_close(&f);
}
END_TEST

START_TEST(test_merge_chain_and_heading_only) {
    /* a heading without body, then two short sections, then enough */
    const char *src = "## Intro\n## A\none two\n## B\nthree\n## C\n"
                      "four five six seven eight nine ten\n";
    fixture f;
    fx_open(&f, src, strlen(src), 250, 50, 10);
    size_t a = (size_t)(strstr(src, "one") - src);
    size_t b = (size_t)(strstr(src, "three") - src);
    size_t c = (size_t)(strstr(src, "four") - src);
    smp_anchor h = {0, 3};
    ck_assert_int_eq(smp_segmenter_add(f.sg, "Intro", 5, NULL, 0, "", 0, &h, 1), 0);
    ck_assert_int_eq(add_verbatim(&f, "A", src, a, 7), 0);
    ck_assert_int_eq(add_verbatim(&f, "B", src, b, 5), 0);
    ck_assert_uint_eq(f.c.n, 0);
    ck_assert_int_eq(add_verbatim(&f, "C", src, c, 34), 0);
    ck_assert_uint_eq(f.c.n, 1);
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);
    ck_assert_uint_eq(f.c.n, 1);
    const rec *r = &f.c.r[0];
    /* a heading with no text names the passage together with the next */
    ck_assert_str_eq(r->heading, "Intro \xe2\x80\xba A");
    ck_assert_str_eq(r->text, "one two\nB\nthree\nC\n"
                              "four five six seven eight nine ten");
    ck_assert_uint_eq(r->ordinal, 1);
    /* like every passage, the range starts at the first word of text */
    ck_assert_uint_eq(r->byte_start, a);
    ck_assert_uint_eq(r->byte_end, c + 34);
    ck_assert_uint_eq(r->line, 3);
    fx_close(&f);
}
END_TEST

START_TEST(test_pending_at_finish) {
    const char *src = "## A\none two three four five six\n## B\nseven\n";
    fixture f;
    fx_open(&f, src, strlen(src), 250, 50, 5);
    size_t a = (size_t)(strstr(src, "one") - src);
    size_t b = (size_t)(strstr(src, "seven") - src);
    ck_assert_int_eq(add_verbatim(&f, "A", src, a, 27), 0);
    ck_assert_int_eq(add_verbatim(&f, "B", src, b, 5), 0);
    ck_assert_uint_eq(f.c.n, 1);
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);
    ck_assert_uint_eq(f.c.n, 2);
    ck_assert_str_eq(f.c.r[1].heading, "B");
    ck_assert_str_eq(f.c.r[1].text, "seven");
    ck_assert_uint_eq(f.c.r[1].ordinal, 2);
    ck_assert_uint_eq(f.c.r[1].byte_start, b);
    ck_assert_uint_eq(f.c.r[1].byte_end, b + 5);
    ck_assert_uint_eq(f.c.r[1].line, 4);
    /* finishing twice emits nothing more */
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);
    ck_assert_uint_eq(f.c.n, 2);
    fx_close(&f);
}
END_TEST

START_TEST(test_empty_section_ignored) {
    const char *src = "text here";
    fixture f;
    fx_open(&f, src, strlen(src), 250, 50, 0);
    smp_anchor a = {0, 0};
    ck_assert_int_eq(smp_segmenter_add(f.sg, "", 0, NULL, 0, "", 0, &a, 1), 0);
    ck_assert_int_eq(smp_segmenter_add(f.sg, "  ", 2, NULL, 0, " \n\t", 3, &a, 1), 0);
    ck_assert_int_eq(smp_segmenter_add(f.sg, NULL, 0, NULL, 0, NULL, 0, NULL, 0), 0);
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);
    ck_assert_uint_eq(f.c.n, 0);
    fx_close(&f);
}
END_TEST

START_TEST(test_heading_only_min_zero) {
    const char *src = "## Lonely\n";
    fixture f;
    fx_open(&f, src, strlen(src), 250, 50, 0);
    smp_anchor a = {0, 3};
    ck_assert_int_eq(smp_segmenter_add(f.sg, "Lonely", 6, NULL, 0, "", 0, &a, 1), 0);
    ck_assert_uint_eq(f.c.n, 0); /* held even though min_words is 0 */
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);
    ck_assert_uint_eq(f.c.n, 1);
    ck_assert_str_eq(f.c.r[0].heading, "Lonely");
    ck_assert_str_eq(f.c.r[0].text, "");
    ck_assert_uint_eq(f.c.r[0].text_len, 0);
    ck_assert_uint_eq(f.c.r[0].byte_start, 3);
    ck_assert_uint_eq(f.c.r[0].byte_end, 3);
    ck_assert_uint_eq(f.c.r[0].line, 1);
    fx_close(&f);

    /* followed by a section: merged into it */
    const char *src2 = "## Lonely\n## Next\nbody\n";
    fx_open(&f, src2, strlen(src2), 250, 50, 0);
    ck_assert_int_eq(smp_segmenter_add(f.sg, "Lonely", 6, NULL, 0, "", 0, &a, 1), 0);
    ck_assert_int_eq(add_verbatim(&f, "Next", src2, 18, 4), 0);
    ck_assert_uint_eq(f.c.n, 1);
    ck_assert_str_eq(f.c.r[0].heading, "Lonely \xe2\x80\xba Next");
    ck_assert_str_eq(f.c.r[0].text, "body");
    ck_assert_uint_eq(f.c.r[0].byte_start, 18);
    ck_assert_uint_eq(f.c.r[0].line, 3);
    ck_assert_uint_eq(f.c.r[0].byte_end, 22);
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);
    ck_assert_uint_eq(f.c.n, 1);
    fx_close(&f);
}
END_TEST

START_TEST(test_window_600) {
    char *words = make_words(600);
    size_t len = strlen(words);
    fixture f;
    fx_open(&f, words, len, 250, 50, 25);
    ck_assert_int_eq(add_verbatim(&f, "Long", words, 0, len), 0);
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);

    ck_assert_uint_eq(f.c.n, 3);
    static const int firsts[] = {0, 200, 400}, lasts[] = {249, 449, 599};
    for (size_t i = 0; i < 3; i++) {
        const rec *r = &f.c.r[i];
        char w[16];
        ck_assert_uint_eq(r->ordinal, i + 1);
        ck_assert_str_eq(r->heading, "Long");
        snprintf(w, sizeof w, "w%d ", firsts[i]);
        ck_assert_int_eq(strncmp(r->text, w, strlen(w)), 0);
        snprintf(w, sizeof w, " w%d", lasts[i]);
        size_t wl = strlen(w);
        ck_assert_uint_ge(r->text_len, wl);
        ck_assert_int_eq(memcmp(r->text + r->text_len - wl, w, wl), 0);
        /* exact substring of the section */
        ck_assert_ptr_nonnull(strstr(words, r->text));
        ck_assert_uint_eq(r->byte_end - r->byte_start, r->text_len);
        ck_assert_int_eq(memcmp(words + r->byte_start, r->text, r->text_len),
                         0);
        ck_assert_uint_eq(r->line, 1);
        /* 250 words in the first two, 200 in the last */
        size_t nw = 1;
        for (size_t k = 0; k < r->text_len; k++) nw += r->text[k] == ' ';
        ck_assert_uint_eq(nw, i < 2 ? 250 : 200);
    }
    fx_close(&f);
    free(words);
}
END_TEST

START_TEST(test_window_edges) {
    char *words = make_words(251);
    fixture f;
    /* exactly max_words: one passage */
    size_t len250 = (size_t)(strstr(words, " w250") - words);
    fx_open(&f, words, strlen(words), 250, 50, 25);
    ck_assert_int_eq(add_verbatim(&f, "", words, 0, len250), 0);
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);
    ck_assert_uint_eq(f.c.n, 1);
    ck_assert_uint_eq(f.c.r[0].text_len, len250);
    fx_close(&f);
    /* one more word: two windows, the second from w200 to w250 */
    fx_open(&f, words, strlen(words), 250, 50, 25);
    ck_assert_int_eq(add_verbatim(&f, "", words, 0, strlen(words)), 0);
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);
    ck_assert_uint_eq(f.c.n, 2);
    ck_assert_int_eq(strncmp(f.c.r[1].text, "w200 ", 5), 0);
    ck_assert_str_eq(f.c.r[1].text + f.c.r[1].text_len - 5, " w250");
    fx_close(&f);
    /* overlap >= max: step of one word */
    fx_open(&f, words, strlen(words), 3, 5, 0);
    ck_assert_int_eq(add_verbatim(&f, "", words, 0, 14), 0); /* w0..w4 */
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);
    ck_assert_uint_eq(f.c.n, 3);
    ck_assert_str_eq(f.c.r[0].text, "w0 w1 w2");
    ck_assert_str_eq(f.c.r[1].text, "w1 w2 w3");
    ck_assert_str_eq(f.c.r[2].text, "w2 w3 w4");
    ck_assert_uint_eq(f.c.r[2].byte_start, 6);
    fx_close(&f);
    free(words);
}
END_TEST

START_TEST(test_window_lines) {
    /* one word per line: the line of each window is its first word's */
    char src[64 * 4];
    size_t k = 0;
    for (int i = 0; i < 20; i++) k += (size_t)sprintf(src + k, "x%02d\n", i);
    fixture f;
    fx_open(&f, src, k, 8, 2, 0);
    ck_assert_int_eq(add_verbatim(&f, "H", src, 0, k), 0);
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);
    /* windows start at words 0, 6, 12 (12..19 is the last) */
    ck_assert_uint_eq(f.c.n, 3);
    ck_assert_uint_eq(f.c.r[0].line, 1);
    ck_assert_uint_eq(f.c.r[1].line, 7);
    ck_assert_uint_eq(f.c.r[2].line, 13);
    ck_assert_int_eq(strncmp(f.c.r[2].text, "x12\n", 4), 0);
    ck_assert_str_eq(f.c.r[2].text + f.c.r[2].text_len - 3, "x19");
    for (size_t i = 0; i < 3; i++) assert_range(&f.c.r[i], src);
    fx_close(&f);
}
END_TEST

START_TEST(test_emit_stops) {
    char *words = make_words(600);
    fixture f;
    fx_open(&f, words, strlen(words), 250, 50, 25);
    f.c.stop_at = 2;
    f.c.stop_rc = 42;
    ck_assert_int_eq(add_verbatim(&f, "", words, 0, strlen(words)), 42);
    ck_assert_uint_eq(f.c.n, 2); /* the third window was not emitted */
    ck_assert_int_eq(add_verbatim(&f, "", words, 0, strlen(words)), 42);
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 42);
    ck_assert_uint_eq(f.c.n, 2);
    fx_close(&f);
    free(words);
}
END_TEST

START_TEST(test_anchor_clamped) {
    const char *src = "short";
    smp_anchor a = {0, 1000};
    fixture f;
    fx_open(&f, src, strlen(src), 250, 50, 0);
    ck_assert_int_eq(smp_segmenter_add(f.sg, "", 0, NULL, 0, "abc def", 7, &a, 1), 0);
    ck_assert_uint_eq(f.c.n, 1);
    ck_assert_uint_eq(f.c.r[0].byte_start, 5);
    ck_assert_uint_eq(f.c.r[0].byte_end, 5);
    ck_assert_uint_eq(f.c.r[0].line, 1);
    fx_close(&f);
}
END_TEST

START_TEST(test_free_null) { smp_segmenter_free(NULL); }
END_TEST

/* A passage's fragment is its first section's; a heading right above a
 * subheading gives way to the subheading's; windows share it. */
START_TEST(test_fragments) {
    fixture f;
    const char *src = "x";
    fx_open(&f, src, 1, 12, 2, 5);
    smp_anchor a = {0, 0};
    ck_assert_int_eq(smp_segmenter_add(f.sg, "Care", 4, "care", 4, "", 0, &a, 1), 0);
    ck_assert_int_eq(smp_segmenter_add(f.sg, "Care \xE2\x80\xBA Day one", 15, "day-one", 7,
                                       "Keep dry.", 9, &a, 1), 0);
    ck_assert_int_eq(smp_segmenter_add(f.sg, "Sun", 3, "sun", 3, "Avoid sun beds.", 15, &a, 1),
                     0);
    char *w = make_words(20);
    ck_assert_int_eq(smp_segmenter_add(f.sg, "Long", 4, "long", 4, w, strlen(w), &a, 1), 0);
    ck_assert_int_eq(smp_segmenter_finish(f.sg), 0);
    ck_assert_uint_eq(f.c.n, 3);
    /* "Care" (no text) and "Day one" (short) joined by "Sun": day-one */
    ck_assert_str_eq(f.c.r[0].fragment, "day-one");
    ck_assert_ptr_nonnull(strstr(f.c.r[0].text, "Avoid sun beds."));
    ck_assert_str_eq(f.c.r[1].fragment, "long");
    ck_assert_str_eq(f.c.r[2].fragment, "long");
    free(w);
    fx_close(&f);
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("passages");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_basic_sections);
    tcase_add_test(tc, test_text_trimmed);
    tcase_add_test(tc, test_anchors_map);
    tcase_add_test(tc, test_merge_short);
    tcase_add_test(tc, test_merge_texts);
    tcase_add_test(tc, test_merge_chain_and_heading_only);
    tcase_add_test(tc, test_pending_at_finish);
    tcase_add_test(tc, test_empty_section_ignored);
    tcase_add_test(tc, test_heading_only_min_zero);
    tcase_add_test(tc, test_emit_stops);
    tcase_add_test(tc, test_anchor_clamped);
    tcase_add_test(tc, test_free_null);
    suite_add_tcase(s, tc);
    TCase *tw = tcase_create("windows");
    tcase_add_test(tw, test_window_600);
    tcase_add_test(tw, test_window_edges);
    tcase_add_test(tw, test_window_lines);
    tcase_add_test(tw, test_fragments);
    suite_add_tcase(s, tw);
    return s;
}
