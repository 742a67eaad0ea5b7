/*
 * check_tokenize.c - unit tests of the tokenizer (src/tokenize.c).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer/answer.h"
#include "indexer/indexer.h"
#include "helpers.h"

#define MAX_TOKS 64

typedef struct got_tok {
    char text[SMP_MAX_TOKEN + 1];
    size_t len, start, end;
    uint32_t pos;
    int joined;
} got_tok;

typedef struct got_list {
    got_tok t[MAX_TOKS];
    size_t n;
    size_t stop_after; /* return stop_rc after this many tokens; 0 = never */
    int stop_rc;
} got_list;

typedef struct want_tok {
    const char *text;
    size_t start, end;
    uint32_t pos;
} want_tok;

static int collect(void *ud, const smp_token *tok) {
    got_list *g = ud;
    ck_assert_uint_lt(g->n, MAX_TOKS);
    ck_assert_uint_le(tok->len, SMP_MAX_TOKEN);
    ck_assert_uint_eq(strlen(tok->text), tok->len);
    ck_assert_uint_le(tok->start, tok->end);
    got_tok *t = &g->t[g->n++];
    memcpy(t->text, tok->text, tok->len + 1);
    t->len = tok->len;
    t->start = tok->start;
    t->end = tok->end;
    t->pos = tok->pos;
    t->joined = tok->joined;
    if (g->stop_after && g->n == g->stop_after) return g->stop_rc;
    return 0;
}

/* Tokenizes a copy of text[0..len) in a buffer of exactly len bytes, so
 * that ASan catches any read past the end. */
static int run(const char *text, size_t len, got_list *g) {
    char *copy = len ? malloc(len) : NULL;
    if (len) {
        ck_assert_ptr_nonnull(copy);
        memcpy(copy, text, len);
    }
    int rc = smp_tokenize(copy, len, collect, g);
    /* offsets stay within the input */
    for (size_t i = 0; i < g->n; i++) ck_assert_uint_le(g->t[i].end, len);
    free(copy);
    return rc;
}

static void expect(const char *text, size_t len, const want_tok *w,
                   size_t nw) {
    got_list g;
    memset(&g, 0, sizeof g);
    ck_assert_int_eq(run(text, len, &g), 0);
    for (size_t i = 0; i < g.n && i < nw; i++) {
        ck_assert_msg(strcmp(g.t[i].text, w[i].text) == 0,
                      "token %zu: got '%s', want '%s'", i, g.t[i].text,
                      w[i].text);
        ck_assert_msg(g.t[i].start == w[i].start && g.t[i].end == w[i].end,
                      "token %zu '%s': got range %zu-%zu, want %zu-%zu", i,
                      w[i].text, g.t[i].start, g.t[i].end, w[i].start,
                      w[i].end);
        ck_assert_msg(g.t[i].pos == w[i].pos,
                      "token %zu '%s': got pos %u, want %u", i, w[i].text,
                      (unsigned)g.t[i].pos, (unsigned)w[i].pos);
    }
    ck_assert_msg(g.n == nw, "'%.*s': got %zu tokens, want %zu", (int)len,
                  text, g.n, nw);
}

#define EXPECT(s, ...)                                                      \
    do {                                                                    \
        static const want_tok w_[] = {__VA_ARGS__};                         \
        expect((s), sizeof(s) - 1, w_, sizeof w_ / sizeof w_[0]);           \
    } while (0)

#define EXPECT_NONE(s) expect((s), sizeof(s) - 1, NULL, 0)

START_TEST(test_basic) {
    EXPECT("Hello, World!", {"hello", 0, 5, 0}, {"world", 7, 12, 1});
    EXPECT("  the quick\tbrown\nfox ",
           {"the", 2, 5, 0}, {"quick", 6, 11, 1}, {"brown", 12, 17, 2},
           {"fox", 18, 21, 3});
}
END_TEST

START_TEST(test_case_folding) {
    EXPECT("SMP", {"smp", 0, 3, 0});
    EXPECT("Straße", {"strasse", 0, 7, 0});
    EXPECT("STRASSE straße", {"strasse", 0, 7, 0}, {"strasse", 8, 15, 1});
    EXPECT("Привет МИР", {"привет", 0, 12, 0}, {"мир", 13, 19, 1});
    /* compatibility forms: ligature fi, fullwidth letters */
    EXPECT("\xef\xac\x81le", {"file", 0, 5, 0});
    EXPECT("\xef\xbc\xa6\xef\xbd\x95\xef\xbd\x8c\xef\xbd\x8c",
           {"full", 0, 12, 0});
    /* CJK stays one run */
    EXPECT("日本語 text", {"日本語", 0, 9, 0}, {"text", 10, 14, 1});
}
END_TEST

START_TEST(test_accents) {
    EXPECT("café", {"cafe", 0, 5, 0});
    EXPECT("naïve", {"naive", 0, 6, 0});
    /* decomposed e + U+0301 combining acute */
    EXPECT("cafe\xcc\x81 au lait",
           {"cafe", 0, 6, 0}, {"au", 7, 9, 1}, {"lait", 10, 14, 2});
    EXPECT("Élan ÉLAN", {"elan", 0, 5, 0}, {"elan", 6, 11, 1});
    EXPECT("Ελλάδα", {"ελλαδα", 0, 12, 0});
}
END_TEST

START_TEST(test_apostrophes) {
    EXPECT("don't", {"dont", 0, 5, 0});
    EXPECT("don\xe2\x80\x99t", {"dont", 0, 7, 0});
    EXPECT("the client's file",
           {"the", 0, 3, 0}, {"client", 4, 10, 1}, {"file", 13, 17, 2});
    EXPECT("it's", {"it", 0, 2, 0});
    EXPECT("it\xe2\x80\x99s here", {"it", 0, 2, 0}, {"here", 7, 11, 1});
    EXPECT("IT'S", {"it", 0, 2, 0});
    EXPECT("rock'n'roll", {"rocknroll", 0, 11, 0});
    /* not between letters: separators */
    EXPECT("'quoted'", {"quoted", 1, 7, 0});
    EXPECT("the clients' files",
           {"the", 0, 3, 0}, {"clients", 4, 11, 1}, {"files", 13, 18, 2});
    EXPECT("90's", {"90", 0, 2, 0}, {"s", 3, 4, 1});
    EXPECT("a ' b", {"a", 0, 1, 0}, {"b", 4, 5, 1});
    /* "'s" followed by more letters is not a possessive */
    EXPECT("o'shea", {"oshea", 0, 6, 0});
}
END_TEST

START_TEST(test_hyphens) {
    EXPECT("top-up card",
           {"top", 0, 3, 0}, {"up", 4, 6, 1}, {"topup", 0, 6, 1},
           {"card", 7, 11, 2});
    EXPECT("state-of-the-art",
           {"state", 0, 5, 0}, {"of", 6, 8, 1}, {"the", 9, 12, 2},
           {"art", 13, 16, 3}, {"stateoftheart", 0, 16, 3});
    /* U+2010 HYPHEN and U+2011 NON-BREAKING HYPHEN */
    EXPECT("e\xe2\x80\x90mail",
           {"e", 0, 1, 0}, {"mail", 4, 8, 1}, {"email", 0, 8, 1});
    EXPECT("Co\xe2\x80\x91Op",
           {"co", 0, 2, 0}, {"op", 5, 7, 1}, {"coop", 0, 7, 1});
    /* not between two letters or digits */
    EXPECT("top - up", {"top", 0, 3, 0}, {"up", 6, 8, 1});
    EXPECT("x--y", {"x", 0, 1, 0}, {"y", 3, 4, 1});
    EXPECT("-x-", {"x", 1, 2, 0});
    /* U+2013 EN DASH is not a hyphen */
    EXPECT("a\xe2\x80\x93" "b", {"a", 0, 1, 0}, {"b", 4, 5, 1});
    EXPECT("don't-care",
           {"dont", 0, 5, 0}, {"care", 6, 10, 1}, {"dontcare", 0, 10, 1});
    EXPECT("Café-Bar",
           {"cafe", 0, 5, 0}, {"bar", 6, 9, 1}, {"cafebar", 0, 9, 1});
}
END_TEST

START_TEST(test_numbers) {
    EXPECT("3-5 hours",
           {"3", 0, 1, 0}, {"5", 2, 3, 1}, {"35", 0, 3, 1},
           {"hours", 4, 9, 2});
    EXPECT("In 2024, 8 people",
           {"in", 0, 2, 0}, {"2024", 3, 7, 1}, {"8", 9, 10, 2},
           {"people", 11, 17, 3});
    EXPECT("3.5", {"3", 0, 1, 0}, {"5", 2, 3, 1});
    EXPECT("COVID-19",
           {"covid", 0, 5, 0}, {"19", 6, 8, 1}, {"covid19", 0, 8, 1});
    EXPECT("x\xc2\xb2", {"x2", 0, 3, 0}); /* superscript two */
}
END_TEST

START_TEST(test_invalid_utf8) {
    EXPECT("ab\xff" "cd", {"ab", 0, 2, 0}, {"cd", 3, 5, 1});
    /* truncated 2-byte sequence at the end, and before ASCII */
    EXPECT("ab\xc3", {"ab", 0, 2, 0});
    EXPECT("caf\xc3x", {"caf", 0, 3, 0}, {"x", 4, 5, 1});
    /* truncated 3-byte sequence: each byte is a separator */
    EXPECT("ok\xe2\x82", {"ok", 0, 2, 0});
    EXPECT("a\xe2\x82" "b", {"a", 0, 1, 0}, {"b", 3, 4, 1});
    /* overlong encodings of '/' and a surrogate */
    EXPECT("a\xc0\xaf" "b", {"a", 0, 1, 0}, {"b", 3, 4, 1});
    EXPECT("a\xe0\x80\xaf" "b", {"a", 0, 1, 0}, {"b", 4, 5, 1});
    EXPECT("a\xed\xa0\x80" "b", {"a", 0, 1, 0}, {"b", 4, 5, 1});
    /* above U+10FFFF, stray continuation bytes */
    EXPECT("a\xf4\x90\x80\x80" "b", {"a", 0, 1, 0}, {"b", 5, 6, 1});
    EXPECT("\x80\x80x\xbf", {"x", 2, 3, 0});
    /* an invalid byte does not join letters around an apostrophe */
    EXPECT("don\xff't", {"don", 0, 3, 0}, {"t", 5, 6, 1});
    /* embedded NUL is a separator */
    EXPECT("a\0b", {"a", 0, 1, 0}, {"b", 2, 3, 1});
    /* lead byte of a valid sequence cut by len */
    {
        static const want_tok w[] = {{"ab", 0, 2, 0}};
        expect("ab\xc3\xa9", 3, w, 1);
    }
}
END_TEST

START_TEST(test_empty) {
    got_list g;
    memset(&g, 0, sizeof g);
    ck_assert_int_eq(smp_tokenize(NULL, 0, collect, &g), 0);
    ck_assert_uint_eq(g.n, 0);
    ck_assert_int_eq(smp_tokenize("", 0, collect, &g), 0);
    ck_assert_uint_eq(g.n, 0);
    EXPECT_NONE("  ,.;!? \t\n--'' \xe2\x80\x99 \xe2\x80\x90 ()[]{}");
    EXPECT_NONE("\xff\xfe\xc0");
    /* a lone combining mark folds to nothing */
    EXPECT_NONE("\xcc\x81");
    /* len bounds the input: the rest is never read */
    {
        static const want_tok w[] = {{"abc", 0, 3, 0}};
        expect("abcdef", 3, w, 1);
    }
}
END_TEST

START_TEST(test_long_tokens) {
    char buf[512];
    /* 64 bytes: kept; 65: dropped, and does not use a position */
    memset(buf, 'a', 64);
    {
        got_list g;
        memset(&g, 0, sizeof g);
        ck_assert_int_eq(run(buf, 64, &g), 0);
        ck_assert_uint_eq(g.n, 1);
        ck_assert_uint_eq(g.t[0].len, 64);
        ck_assert_uint_eq(g.t[0].end, 64);
    }
    int n = snprintf(buf, sizeof buf, "short %.*s word", 65,
                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    {
        static const want_tok w[] = {{"short", 0, 5, 0}, {"word", 72, 76, 1}};
        expect(buf, (size_t)n, w, 2);
    }
    /* the limit applies after folding: 33 x "é" (66 source bytes) folds
     * to 33 bytes and is kept; 33 x "ß" folds to 66 bytes and is dropped,
     * 32 x "ß" folds to exactly 64 */
    {
        size_t k = 0;
        for (int i = 0; i < 33; i++) k += (size_t)sprintf(buf + k, "é");
        got_list g;
        memset(&g, 0, sizeof g);
        ck_assert_int_eq(run(buf, k, &g), 0);
        ck_assert_uint_eq(g.n, 1);
        ck_assert_uint_eq(g.t[0].len, 33);
        ck_assert_uint_eq(g.t[0].end, 66);
    }
    {
        size_t k = 0;
        for (int i = 0; i < 33; i++) k += (size_t)sprintf(buf + k, "ß");
        got_list g;
        memset(&g, 0, sizeof g);
        ck_assert_int_eq(run(buf, k, &g), 0);
        ck_assert_uint_eq(g.n, 0);
        memset(&g, 0, sizeof g);
        ck_assert_int_eq(run(buf, k - 2, &g), 0);
        ck_assert_uint_eq(g.n, 1);
        ck_assert_uint_eq(g.t[0].len, 64);
        ck_assert_str_eq(g.t[0].text,
                         "ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss");
    }
    /* a too-long part of a hyphenated word is dropped with the
     * concatenation; the other parts remain */
    n = snprintf(buf, sizeof buf, "x-%.*s-y", 65,
                 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    {
        static const want_tok w[] = {{"x", 0, 1, 0}, {"y", 68, 69, 1}};
        expect(buf, (size_t)n, w, 2);
    }
    /* parts fit but the concatenation does not: it is omitted */
    n = snprintf(buf, sizeof buf, "%.*s-%.*s", 40,
                 "cccccccccccccccccccccccccccccccccccccccccccccccccc", 40,
                 "dddddddddddddddddddddddddddddddddddddddddddddddddd");
    {
        got_list g;
        memset(&g, 0, sizeof g);
        ck_assert_int_eq(run(buf, (size_t)n, &g), 0);
        ck_assert_uint_eq(g.n, 2);
        ck_assert_uint_eq(g.t[0].len, 40);
        ck_assert_uint_eq(g.t[0].pos, 0);
        ck_assert_uint_eq(g.t[1].start, 41);
        ck_assert_uint_eq(g.t[1].pos, 1);
    }
}
END_TEST

START_TEST(test_stop) {
    static const char s[] = "one two three four";
    got_list g;
    memset(&g, 0, sizeof g);
    g.stop_after = 2;
    g.stop_rc = 42;
    ck_assert_int_eq(run(s, sizeof s - 1, &g), 42);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(g.t[1].text, "two");

    /* stopping on a hyphen part skips the concatenation */
    static const char h[] = "top-up more";
    memset(&g, 0, sizeof g);
    g.stop_after = 2;
    g.stop_rc = -7;
    ck_assert_int_eq(run(h, sizeof h - 1, &g), -7);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(g.t[1].text, "up");

    /* stopping on the concatenation itself */
    memset(&g, 0, sizeof g);
    g.stop_after = 3;
    g.stop_rc = 1;
    ck_assert_int_eq(run(h, sizeof h - 1, &g), 1);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_str_eq(g.t[2].text, "topup");
}
END_TEST

START_TEST(test_offsets) {
    static const char s[] =
        "Search engines rank passages; the best one wins. "
        "Über naïve «quotes» and 42 numbers.";
    static const char *const source[] = {
        "Search", "engines", "rank", "passages", "the", "best", "one",
        "wins", "Über", "naïve", "quotes", "and", "42", "numbers"};
    static const char *const folded[] = {
        "search", "engines", "rank", "passages", "the", "best", "one",
        "wins", "uber", "naive", "quotes", "and", "42", "numbers"};
    got_list g;
    memset(&g, 0, sizeof g);
    ck_assert_int_eq(run(s, sizeof s - 1, &g), 0);
    ck_assert_uint_eq(g.n, 14);
    for (size_t i = 0; i < g.n; i++) {
        size_t n = g.t[i].end - g.t[i].start;
        ck_assert_uint_eq(n, strlen(source[i]));
        ck_assert_msg(memcmp(s + g.t[i].start, source[i], n) == 0,
                      "token %zu range does not hold '%s'", i, source[i]);
        ck_assert_str_eq(g.t[i].text, folded[i]);
        ck_assert_uint_eq(g.t[i].pos, i);
    }
}
END_TEST

/* Every byte value in every position: tokens stay within bounds and the
 * tokenizer does not crash (ASan checks the reads). */
START_TEST(test_all_bytes) {
    char buf[4];
    for (int a = 0; a < 256; a++) {
        for (int b = 0; b < 256; b += 3) {
            buf[0] = 'x';
            buf[1] = (char)a;
            buf[2] = (char)b;
            buf[3] = '\'';
            for (size_t len = 0; len <= 4; len++) {
                got_list g;
                memset(&g, 0, sizeof g);
                ck_assert_int_eq(run(buf, len, &g), 0);
            }
        }
    }
}
END_TEST

/* The ASCII fast path and the general path agree: a text of ASCII
 * letters and digits gives the tokens of the same text written in
 * fullwidth forms (U+FF10..U+FF5A, which fold to ASCII through utf8proc),
 * at the offsets that map to each other.  's' and 'S' stay ASCII, as the
 * possessive "'s" is recognised in ASCII only; mixed words take both
 * paths in turn. */
static size_t to_wide(const char *a, size_t n, char *out, size_t *map, unsigned seed) {
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)a[i];
        map[i] = o;
        int alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        seed = seed * 1103515245u + 12345u;
        if (alnum && c != 's' && c != 'S' && (seed >> 16) % 4 != 0) {
            unsigned cp = 0xFF00 + (c - 0x20); /* '0' -> U+FF10, 'A' -> U+FF21 */
            out[o++] = (char)(0xE0 | cp >> 12);
            out[o++] = (char)(0x80 | (cp >> 6 & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[o++] = (char)c;
        }
    }
    map[n] = o;
    return o;
}

START_TEST(test_fast_path_equivalence) {
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                   "      --''..,;:!?()/_@#\t\nsssSeeeaaa";
    unsigned seed = 12345;
    char a[160], w[160 * 3];
    size_t map[161];
    for (int round = 0; round < 3000; round++) {
        size_t n = 0, want = 1 + round % 60;
        while (n < want) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 16;
            if (r % 97 == 0 && n + 70 < sizeof a) { /* a word past SMP_MAX_TOKEN */
                size_t k = 60 + r % 10;
                for (size_t i = 0; i < k; i++) a[n++] = (char)('a' + (r + i) % 26);
            } else {
                a[n++] = alphabet[r % (sizeof alphabet - 1)];
            }
        }
        size_t wn = to_wide(a, n, w, map, seed);
        got_list ga, gw;
        memset(&ga, 0, sizeof ga);
        memset(&gw, 0, sizeof gw);
        ck_assert_int_eq(run(a, n, &ga), 0);
        ck_assert_int_eq(run(w, wn, &gw), 0);
        ck_assert_msg(ga.n == gw.n, "'%.*s': %zu tokens, wide %zu", (int)n, a, ga.n, gw.n);
        for (size_t i = 0; i < ga.n; i++) {
            ck_assert_str_eq(ga.t[i].text, gw.t[i].text);
            ck_assert_uint_eq(ga.t[i].pos, gw.t[i].pos);
            ck_assert_int_eq(ga.t[i].joined, gw.t[i].joined);
            ck_assert_uint_eq(map[ga.t[i].start], gw.t[i].start);
            ck_assert_uint_eq(map[ga.t[i].end], gw.t[i].end);
        }
    }
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("tokenize");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_basic);
    tcase_add_test(tc, test_case_folding);
    tcase_add_test(tc, test_accents);
    tcase_add_test(tc, test_apostrophes);
    tcase_add_test(tc, test_hyphens);
    tcase_add_test(tc, test_numbers);
    tcase_add_test(tc, test_invalid_utf8);
    tcase_add_test(tc, test_empty);
    tcase_add_test(tc, test_long_tokens);
    tcase_add_test(tc, test_stop);
    tcase_add_test(tc, test_offsets);
    tcase_add_test(tc, test_all_bytes);
    tcase_add_test(tc, test_fast_path_equivalence);
    suite_add_tcase(s, tc);
    return s;
}
