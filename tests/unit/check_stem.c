/*
 * check_stem.c - unit tests of the stemmer wrapper and smp_analyze
 * (src/stem.c).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer/answer.h"
#include "indexer/indexer.h"
#include "helpers.h"

static smp_stemmer *new_stemmer(const char *language) {
    smp_stemmer *st = NULL;
    smp_error err;
    memset(&err, 0, sizeof err);
    int rc = smp_stemmer_new(&st, language, &err);
    ck_assert_msg(rc == SMP_OK, "smp_stemmer_new(%s): %d %s", language, rc,
                  err.msg);
    ck_assert_ptr_nonnull(st);
    return st;
}

static void check_stem(smp_stemmer *st, const char *word, const char *want) {
    size_t n = 12345;
    const char *s = smp_stem(st, word, strlen(word), &n);
    ck_assert_ptr_nonnull(s);
    ck_assert_msg(strcmp(s, want) == 0, "stem(%s) = '%s', want '%s'", word,
                  s, want);
    ck_assert_uint_eq(n, strlen(want));
}

START_TEST(test_english) {
    smp_stemmer *st = new_stemmer("english");
    ck_assert_str_eq(smp_stemmer_language(st), "english");
    check_stem(st, "lasts", "last");
    check_stem(st, "lasting", "last");
    check_stem(st, "lasted", "last");
    check_stem(st, "treatments", "treatment");
    check_stem(st, "running", "run");
    check_stem(st, "hours", "hour");
    check_stem(st, "clients", "client");
    check_stem(st, "generously", "generous");
    check_stem(st, "the", "the");
    smp_stemmer_free(st);
}
END_TEST

START_TEST(test_default_language) {
    smp_stemmer *st = new_stemmer(NULL);
    ck_assert_str_eq(smp_stemmer_language(st), "english");
    check_stem(st, "running", "run");
    smp_stemmer_free(st);
}
END_TEST

START_TEST(test_not_nul_terminated) {
    smp_stemmer *st = new_stemmer("english");
    size_t n = 0;
    const char *s = smp_stem(st, "runningXYZ", 7, &n);
    ck_assert_str_eq(s, "run");
    ck_assert_uint_eq(n, 3);
    /* a prefix of a cached word is a different word */
    s = smp_stem(st, "runningXYZ", 4, &n);
    ck_assert_str_eq(s, "runn");
    ck_assert_uint_eq(n, 4);
    s = smp_stem(st, "lastsXYZ", 5, NULL); /* out_len may be NULL */
    ck_assert_str_eq(s, "last");
    smp_stemmer_free(st);
}
END_TEST

START_TEST(test_cache_counters) {
    smp_stemmer *st = new_stemmer("english");
    uint64_t hits = 99, misses = 99;
    smp_stemmer_counts(st, &hits, &misses);
    ck_assert_uint_eq(hits, 0);
    ck_assert_uint_eq(misses, 0);

    size_t n1, n2;
    const char *a = smp_stem(st, "running", 7, &n1);
    smp_stemmer_counts(st, &hits, &misses);
    ck_assert_uint_eq(hits, 0);
    ck_assert_uint_eq(misses, 1);
    const char *b = smp_stem(st, "running", 7, &n2);
    smp_stemmer_counts(st, &hits, &misses);
    ck_assert_uint_eq(hits, 1);
    ck_assert_uint_eq(misses, 1);
    ck_assert_ptr_eq(a, b); /* the cached string itself */
    ck_assert_uint_eq(n1, n2);

    /* a different word with the same stem is a separate entry */
    check_stem(st, "runs", "run");
    smp_stemmer_counts(st, &hits, &misses);
    ck_assert_uint_eq(hits, 1);
    ck_assert_uint_eq(misses, 2);
    smp_stemmer_free(st);
}
END_TEST

START_TEST(test_unchanged) {
    smp_stemmer *st = new_stemmer("english");
    check_stem(st, "2024", "2024");
    check_stem(st, "1234567890123", "1234567890123");
    check_stem(st, "8", "8");
    check_stem(st, "is", "is");
    check_stem(st, "as", "as");
    check_stem(st, "", "");
    /* digits mixed with letters are stemmed normally */
    check_stem(st, "covid19", "covid19");
    uint64_t hits, misses;
    smp_stemmer_counts(st, &hits, &misses);
    ck_assert_uint_eq(hits + misses, 7);
    check_stem(st, "2024", "2024");
    smp_stemmer_counts(st, &hits, &misses);
    ck_assert_uint_eq(hits, 1);
    ck_assert_uint_eq(misses, 7);
    smp_stemmer_free(st);
}
END_TEST

START_TEST(test_unknown_language) {
    smp_stemmer *st = (smp_stemmer *)&st; /* must be reset to NULL */
    smp_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(smp_stemmer_new(&st, "klingon", &err), SMP_EINVAL);
    ck_assert_ptr_null(st);
    ck_assert_int_eq(err.code, SMP_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "klingon"));
    ck_assert_ptr_nonnull(strstr(err.msg, "unknown"));
    ck_assert_ptr_nonnull(strstr(err.msg, "english"));
    /* err may be NULL */
    ck_assert_int_eq(smp_stemmer_new(&st, "", NULL), SMP_EINVAL);
    ck_assert_ptr_null(st);
    /* names are case-sensitive in libstemmer */
    ck_assert_int_eq(smp_stemmer_new(&st, "English", NULL), SMP_EINVAL);
    smp_stemmer_free(NULL); /* no-op */
}
END_TEST

START_TEST(test_french) {
    smp_stemmer *st = new_stemmer("french");
    ck_assert_str_eq(smp_stemmer_language(st), "french");
    check_stem(st, "chevaux", "cheval");
    check_stem(st, "continuellement", "continuel");
    check_stem(st, "maisons", "maison");
    smp_stemmer_free(st);

    st = new_stemmer("german");
    check_stem(st, "häuser", "haus");
    smp_stemmer_free(st);
}
END_TEST

/* Many distinct words make the table grow; earlier results stay valid
 * and every cached stem matches a second, fresh stemmer. */
START_TEST(test_growth) {
    smp_stemmer *st = new_stemmer("english");
    smp_stemmer *ref = new_stemmer("english");
    enum { N = 5000 };
    const char *first[16];
    char w[32];
    for (int i = 0; i < N; i++) {
        int n = snprintf(w, sizeof w, "word%dings", i);
        const char *s = smp_stem(st, w, (size_t)n, NULL);
        ck_assert_ptr_nonnull(s);
        if (i < 16) first[i] = s;
    }
    ck_assert_str_eq(first[7], "word7");
    for (int i = N - 1; i >= 0; i--) {
        int n = snprintf(w, sizeof w, "word%dings", i);
        size_t sl, rl;
        const char *s = smp_stem(st, w, (size_t)n, &sl);
        const char *r = smp_stem(ref, w, (size_t)n, &rl);
        ck_assert_str_eq(s, r);
        ck_assert_uint_eq(sl, rl);
        if (i < 16) ck_assert_ptr_eq(s, first[i]);
    }
    uint64_t hits, misses;
    smp_stemmer_counts(st, &hits, &misses);
    ck_assert_uint_eq(hits, N);
    ck_assert_uint_eq(misses, N);
    smp_stemmer_counts(ref, &hits, &misses);
    ck_assert_uint_eq(hits, 0);
    ck_assert_uint_eq(misses, N);
    smp_stemmer_free(ref);
    smp_stemmer_free(st);
}
END_TEST

#define MAX_TERMS 128

typedef struct term_list {
    char term[MAX_TERMS][SMP_MAX_TOKEN + 1];
    uint32_t pos[MAX_TERMS];
    size_t start[MAX_TERMS], end[MAX_TERMS];
    size_t n;
    size_t stop_after;
    int stop_rc;
} term_list;

static int collect_term(void *ud, const char *term, size_t len,
                        const smp_token *tok) {
    term_list *l = ud;
    ck_assert_uint_lt(l->n, MAX_TERMS);
    ck_assert_uint_le(len, SMP_MAX_TOKEN);
    ck_assert_uint_eq(strlen(term), len);
    memcpy(l->term[l->n], term, len + 1);
    l->pos[l->n] = tok->pos;
    l->start[l->n] = tok->start;
    l->end[l->n] = tok->end;
    l->n++;
    if (l->stop_after && l->n == l->stop_after) return l->stop_rc;
    return 0;
}

START_TEST(test_analyze) {
    static const char text[] =
        "The clients' treatments lasted 3-5 hours; it's running well.";
    static const char *const want[] = {"the",  "client", "treatment",
                                       "last", "3",      "5",
                                       "35",   "hour",   "it",
                                       "run",  "well"};
    static const uint32_t want_pos[] = {0, 1, 2, 3, 4, 5, 5, 6, 7, 8, 9};
    smp_stemmer *st = new_stemmer("english");
    term_list l;
    memset(&l, 0, sizeof l);
    ck_assert_int_eq(smp_analyze(st, text, sizeof text - 1, collect_term, &l),
                     0);
    ck_assert_uint_eq(l.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < l.n; i++) {
        ck_assert_msg(strcmp(l.term[i], want[i]) == 0,
                      "term %zu: got '%s', want '%s'", i, l.term[i], want[i]);
        ck_assert_uint_eq(l.pos[i], want_pos[i]);
    }
    /* token offsets come through: "treatments" */
    ck_assert_uint_eq(l.start[2], 13);
    ck_assert_uint_eq(l.end[2], 23);

    /* second pass: every term is a cache hit */
    uint64_t hits0, misses0, hits1, misses1;
    smp_stemmer_counts(st, &hits0, &misses0);
    memset(&l, 0, sizeof l);
    ck_assert_int_eq(smp_analyze(st, text, sizeof text - 1, collect_term, &l),
                     0);
    smp_stemmer_counts(st, &hits1, &misses1);
    ck_assert_uint_eq(misses1, misses0);
    ck_assert_uint_eq(hits1 - hits0, l.n);

    /* a non-zero callback result stops and is returned */
    memset(&l, 0, sizeof l);
    l.stop_after = 3;
    l.stop_rc = 17;
    ck_assert_int_eq(smp_analyze(st, text, sizeof text - 1, collect_term, &l),
                     17);
    ck_assert_uint_eq(l.n, 3);

    /* empty text gives nothing */
    memset(&l, 0, sizeof l);
    ck_assert_int_eq(smp_analyze(st, "", 0, collect_term, &l), 0);
    ck_assert_uint_eq(l.n, 0);
    smp_stemmer_free(st);
}
END_TEST

START_TEST(test_analyze_french) {
    static const char text[] = "Les chevaux d'Édouard";
    smp_stemmer *st = new_stemmer("french");
    term_list l;
    memset(&l, 0, sizeof l);
    ck_assert_int_eq(smp_analyze(st, text, sizeof text - 1, collect_term, &l),
                     0);
    ck_assert_uint_eq(l.n, 3);
    ck_assert_str_eq(l.term[0], "le");
    ck_assert_str_eq(l.term[1], "cheval");
    ck_assert_str_eq(l.term[2], "dedouard");
    smp_stemmer_free(st);
}
END_TEST


/* The terms of text analysed with the numbers option, space-separated,
 * each as "term@pos". */
static void numbers_terms(smp_stemmer *st, const char *text, char *out, size_t cap) {
    term_list l;
    memset(&l, 0, sizeof l);
    ck_assert_int_eq(smp_analyze(st, text, strlen(text), collect_term, &l), 0);
    size_t n = 0;
    out[0] = 0;
    for (size_t i = 0; i < l.n; i++) {
        int k = snprintf(out + n, cap - n, "%s%s@%u", i ? " " : "", l.term[i], l.pos[i]);
        ck_assert(k > 0 && (size_t)k < cap - n);
        n += (size_t)k;
    }
}

START_TEST(test_analyze_numbers) {
    static const struct {
        const char *text, *want;
    } cases[] = {
        /* ranges in every form give the same range term, at the second
           number; dashed digits lose their joined form "35" */
        {"3-5 years", "3@0 5@1 3-5@1 year@2"},
        {"3\xe2\x80\x93" "5 years", "3@0 5@1 3-5@1 year@2"},
        {"3 - 5 years", "3@0 5@1 3-5@1 year@2"},
        {"three to five years", "three@0 to@1 five@2 3-5@2 year@3"},
        {"between 3 and 5 years", "between@0 3@1 and@2 5@3 3-5@3 year@4"},
        {"two or three sessions", "two@0 or@1 three@2 2-3@2 session@3"},
        /* "and" joins only after "between"; a descending pair is no range */
        {"3 and 5", "3@0 and@1 5@2"},
        {"5 to 3", "5@0 to@1 3@2"},
        {"twenty-four", "twenti@0 four@1 twentyfour@1"},
        /* a word between the numbers, or a range already closed */
        {"3 big 5", "3@0 big@1 5@2"},
        {"1 to 2 to 3", "1@0 to@1 2@2 1-2@2 to@3 3@4"},
        /* units written out after a number, and split from it */
        {"6 wks", "6@0 week@1"},
        {"6wks later", "6@0 week@1 later@2"},
        {"4-6wks", "4@0 6@1 4-6@1 week@2"},
        {"24h 30 mins", "24h@0 30@1 minut@2"},
        {"2days", "2@0 day@1"},
        {"after 127seconds", "after@0 127@1 second@2"}, /* digits and a unit past 9 bytes */
        /* short units only after a number; other glued forms alone */
        {"wks min", "wks@0 min@1"},
        {"30s 3d 1st", "30s@0 3d@1 1st@2"},
        /* a hyphenated word with letters keeps its joined form */
        {"covid-19", "covid@0 19@1 covid19@1"},
    };
    smp_stemmer *st = new_stemmer("english");
    smp_stemmer_set_analyzer(st, SMP_AN_NUMBERS);
    char got[512];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        numbers_terms(st, cases[i].text, got, sizeof got);
        ck_assert_msg(!strcmp(got, cases[i].want), "'%s': got '%s', want '%s'", cases[i].text,
                      got, cases[i].want);
    }
    /* the range covers both numbers in the source text */
    term_list l;
    memset(&l, 0, sizeof l);
    ck_assert_int_eq(smp_analyze(st, "lasts 6 to 8 weeks", 18, collect_term, &l), 0);
    ck_assert_str_eq(l.term[4], "6-8");
    ck_assert_uint_eq(l.start[4], 6);
    ck_assert_uint_eq(l.end[4], 12);
    /* without the option: as the tokenizer gives them */
    smp_stemmer_set_analyzer(st, 0);
    numbers_terms(st, "3-5 wks", got, sizeof got);
    ck_assert_str_eq(got, "3@0 5@1 35@1 wks@2");
    smp_stemmer_free(st);
}
END_TEST

START_TEST(test_number_forms) {
    char o[32];
    ck_assert_uint_eq(smp_number_other_form("three", 5, o, sizeof o), 1);
    ck_assert_str_eq(o, "3");
    ck_assert_uint_eq(smp_number_other_form("12", 2, o, sizeof o), 6);
    ck_assert_str_eq(o, "twelve");
    ck_assert_uint_eq(smp_number_other_form("90", 2, o, sizeof o), 6);
    ck_assert_str_eq(o, "ninety");
    /* no word form, leading zeros, not a number, too little room */
    ck_assert_uint_eq(smp_number_other_form("21", 2, o, sizeof o), 0);
    ck_assert_uint_eq(smp_number_other_form("03", 2, o, sizeof o), 0);
    ck_assert_uint_eq(smp_number_other_form("lash", 4, o, sizeof o), 0);
    ck_assert_uint_eq(smp_number_other_form("12", 2, o, 4), 0);
    /* a number of things: a unit or a counted word follows */
    static const char q[] = "3 weeks, 2-wk, 4 sessions, 5 journals, 6";
    ck_assert(smp_number_counts(q, sizeof q - 1, 1));
    ck_assert(smp_number_counts(q, sizeof q - 1, 10));
    ck_assert(smp_number_counts(q, sizeof q - 1, 16));
    ck_assert(!smp_number_counts(q, sizeof q - 1, 28));
    ck_assert(!smp_number_counts(q, sizeof q - 1, sizeof q - 1));
    ck_assert(!smp_number_counts("3 weeksend", 10, 1));
}
END_TEST

/* Every number word has its value (numbers.c looks them up by first
 * letter and length); its prefixes, extensions and neighbours have none. */
START_TEST(test_number_words) {
    static const char *const words[] = {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
        "eighty", "ninety"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        const char *w = words[i];
        size_t n = strlen(w);
        long v = i <= 20 ? (long)i : (long)(i - 18) * 10;
        ck_assert_int_eq(smp_number_value(w, n), v);
        if (strcmp(w, "eighty")) /* "eight" */
            ck_assert_int_eq(smp_number_value(w, n - 1), -1); /* "thre" */
        char longer[16];
        snprintf(longer, sizeof longer, "%ss", w);
        ck_assert_int_eq(smp_number_value(longer, n + 1), -1); /* "threes" */
        snprintf(longer, sizeof longer, "%s", w);
        longer[n - 1] = 'q';
        ck_assert_int_eq(smp_number_value(longer, n), -1);
    }
    ck_assert_int_eq(smp_number_value("123456789", 9), 123456789);
    ck_assert_int_eq(smp_number_value("1234567890", 10), -1);
    ck_assert_int_eq(smp_number_value("3a", 2), -1);
    ck_assert_int_eq(smp_number_value("", 0), -1);
    ck_assert_int_eq(smp_number_value("Three", 5), -1); /* tokens are folded */
    ck_assert_int_eq(smp_number_value("\xc3\xa9t\xc3\xa9", 5), -1);
}
END_TEST

/* Words longer than the 16 bytes a cache slot holds, alike in those. */
START_TEST(test_long_words) {
    smp_stemmer *st = new_stemmer("english");
    static const char *const w[] = {"internationalisations", "internationalisationx",
                                    "internationalisation", "internationalisatio",
                                    "internationalisationsinternationalisations"};
    const char *first[5];
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 5; i++) {
            size_t sl;
            const char *s = smp_stem(st, w[i], strlen(w[i]), &sl);
            ck_assert_ptr_nonnull(s);
            ck_assert_uint_eq(strlen(s), sl);
            if (round == 0) first[i] = s;
            else ck_assert_ptr_eq(s, first[i]);
        }
    ck_assert_str_eq(first[0], "internationalis");
    ck_assert_str_eq(first[1], "internationalisationx");
    uint64_t hits, misses;
    smp_stemmer_counts(st, &hits, &misses);
    ck_assert_uint_eq(hits, 5);
    ck_assert_uint_eq(misses, 5);
    smp_stemmer_free(st);
}
END_TEST

/* Language tags as pages and front matter give them, to stemmers. */
START_TEST(test_stemmer_for_lang) {
    ck_assert_str_eq(smp_stemmer_for_lang("fr"), "french");
    ck_assert_str_eq(smp_stemmer_for_lang("en-GB"), "english");
    ck_assert_str_eq(smp_stemmer_for_lang("pt_BR"), "portuguese");
    ck_assert_str_eq(smp_stemmer_for_lang("DE"), "german");
    ck_assert_str_eq(smp_stemmer_for_lang("nb-NO"), "norwegian");
    ck_assert_str_eq(smp_stemmer_for_lang("French"), "french");
    ck_assert_str_eq(smp_stemmer_for_lang("spanish"), "spanish");
    ck_assert_ptr_null(smp_stemmer_for_lang("ja"));    /* no Snowball stemmer */
    ck_assert_ptr_null(smp_stemmer_for_lang("klingon"));
    ck_assert_ptr_null(smp_stemmer_for_lang(""));
    ck_assert_ptr_null(smp_stemmer_for_lang(NULL));
    ck_assert_ptr_null(smp_stemmer_for_lang("abcdefghijklmnopqrstuvwxyzabcdefghij-x"));
    /* every name it gives makes a stemmer */
    const char *tags[] = {"fr", "de", "es", "it", "nl", "sv", "da", "ru", "pt"};
    for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++) {
        smp_stemmer *st;
        ck_assert_int_eq(smp_stemmer_new(&st, smp_stemmer_for_lang(tags[k]), NULL), 0);
        smp_stemmer_free(st);
    }
}
END_TEST

/* The filter of smp_analyze_filtered rests on this: english and porter
 * stems keep the word's first byte and are never longer than the word.
 * Checked over the word list, over words the exceptions of Porter2 and
 * its short-word rules touch, and over non-ASCII words. */
extern const char smp_wordlist[];
extern const size_t smp_wordlist_size;

static void check_keeps_first(smp_stemmer *st, const char *w, size_t n) {
    size_t sl;
    const char *s = smp_stem(st, w, n, &sl);
    ck_assert_ptr_nonnull(s);
    ck_assert_msg(n == 0 || (sl >= 1 && sl <= n && s[0] == w[0]), "%s: stem(%.*s) = '%s'",
                  smp_stemmer_language(st), (int)n, w, s);
}

START_TEST(test_stems_keep_first) {
    static const char *const words[] = {
        "dying", "lying", "tying", "skies", "skis", "idly", "gently", "ugly", "early", "only",
        "singly", "news", "howe", "atlas", "bias", "ied", "ies", "ied", "sses", "aed", "oed",
        "ing", "eed", "eing", "yes", "yay", "youth", "ying", "yelling", "generously",
        "communism", "arsenal", "hoping", "hopped", "agreed", "caf\xc3\xa9s",
        "na\xc3\xafve", "\xc3\xa9tudes", "stra\xc3\x9f" "en", "\xce\xb5\xce\xbb\xce\xbb\xce\xb7\xce\xbd\xce\xb9\xce\xba\xce\xac",
        "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", "3-5", "123", "a1ing", "x86ing",
        "nato", "usb", "ieee", "ss", "s", "y", "yy", "yyy", "eeds", "ation", "ational"};
    const char *langs[] = {"english", "porter"};
    for (size_t l = 0; l < 2; l++) {
        smp_stemmer *st = new_stemmer(langs[l]);
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
            check_keeps_first(st, words[i], strlen(words[i]));
        size_t at = 0, nw = 0;
        while (at < smp_wordlist_size) {
            const char *nl = memchr(smp_wordlist + at, '\n', smp_wordlist_size - at);
            size_t end = nl ? (size_t)(nl - smp_wordlist) : smp_wordlist_size;
            check_keeps_first(st, smp_wordlist + at, end - at);
            at = end + 1;
            nw++;
        }
        ck_assert(smp_wordlist_size == 0 || nw > 1000);
        smp_stemmer_free(st);
    }
}
END_TEST

/* What smp_analyze gives a token, and whether it is one of the terms. */
typedef struct seen_terms {
    size_t n;
    size_t start[256], end[256];
    uint32_t pos[256];
    int match[256]; /* the number of the term it stems to, or -1 */
    const char *const *terms;
    size_t nterms;
} seen_terms;

static int on_seen(void *ud, const char *term, size_t len, const smp_token *tok) {
    seen_terms *s = ud;
    ck_assert_uint_lt(s->n, 256);
    int m = -1;
    for (size_t i = 0; term && i < s->nterms && m < 0; i++)
        if (strlen(s->terms[i]) == len && !memcmp(s->terms[i], term, len)) m = (int)i;
    s->start[s->n] = tok->start;
    s->end[s->n] = tok->end;
    s->pos[s->n] = tok->pos;
    s->match[s->n] = m;
    s->n++;
    return 0;
}

/* smp_analyze_filtered finds the terms smp_analyze finds, at the same
 * tokens, whatever the terms: each stem of the text alone, and sets of
 * them with terms the text lacks. */
START_TEST(test_analyze_filtered) {
    static const char text[] =
        "The clients' treatments lasted 3-5 hours (three to five wks, 6wks); it's "
        "running well. Top-up sessions, x86-64 CPUs and the NATO/USB-C ports: "
        "na\xc3\xafve caf\xc3\xa9s, \xc3\x89tudes, stra\xc3\x9f" "e, \xce\xb5\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1; "
        "dying skies, don't, O'Neill's between 2 and 4 yrs. A b c.";
    const char *langs[] = {"english", "porter", "french"};
    for (size_t l = 0; l < 3; l++) {
        smp_stemmer *st = new_stemmer(langs[l]);
        smp_stemmer_set_analyzer(st, l == 1 ? 0 : SMP_AN_NUMBERS);
        /* every stem of the text */
        term_list all;
        memset(&all, 0, sizeof all);
        ck_assert_int_eq(smp_analyze(st, text, sizeof text - 1, collect_term, &all), 0);
        const char *terms[MAX_TERMS + 2];
        size_t nt = 0;
        for (size_t i = 0; i < all.n; i++) terms[nt++] = all.term[i];
        terms[nt++] = "absent";
        terms[nt++] = "zz";
        for (size_t k = 0; k <= nt + 2; k++) {
            /* k < nt: term k alone; nt: all; nt + 1: every third; nt + 2: none */
            const char *set[MAX_TERMS + 2];
            size_t ns = 0;
            for (size_t i = 0; i < nt; i++)
                if (i == k || k == nt || (k == nt + 1 && i % 3 == 0)) set[ns++] = terms[i];
            seen_terms a, b;
            memset(&a, 0, sizeof a);
            memset(&b, 0, sizeof b);
            a.terms = b.terms = set;
            a.nterms = b.nterms = ns;
            ck_assert_int_eq(smp_analyze(st, text, sizeof text - 1, on_seen, &a), 0);
            smp_term_filter f;
            smp_term_filter_init(&f, st);
            for (size_t i = 0; i < ns; i++) smp_term_filter_add(&f, set[i], strlen(set[i]));
            ck_assert_int_eq(smp_analyze_filtered(st, text, sizeof text - 1, &f, on_seen, &b),
                             0);
            ck_assert_uint_eq(a.n, b.n);
            for (size_t i = 0; i < a.n; i++) {
                ck_assert_uint_eq(a.start[i], b.start[i]);
                ck_assert_uint_eq(a.end[i], b.end[i]);
                ck_assert_uint_eq(a.pos[i], b.pos[i]);
                ck_assert_int_eq(a.match[i], b.match[i]);
            }
        }
        /* the filter rules tokens out (english, porter) or passes all */
        smp_term_filter f;
        smp_term_filter_init(&f, st);
        smp_term_filter_add(&f, "treatment", 9);
        ck_assert_uint_eq(f.minlen['t'], l < 2 ? 9 : 0);
        ck_assert_uint_eq(f.minlen['a'], l < 2 ? 255 : 0);
        smp_stemmer_free(st);
    }
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("stem");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_english);
    tcase_add_test(tc, test_default_language);
    tcase_add_test(tc, test_not_nul_terminated);
    tcase_add_test(tc, test_cache_counters);
    tcase_add_test(tc, test_unchanged);
    tcase_add_test(tc, test_unknown_language);
    tcase_add_test(tc, test_french);
    tcase_add_test(tc, test_growth);
    tcase_add_test(tc, test_analyze);
    tcase_add_test(tc, test_analyze_french);
    tcase_add_test(tc, test_stemmer_for_lang);
    tcase_add_test(tc, test_analyze_numbers);
    tcase_add_test(tc, test_number_forms);
    tcase_add_test(tc, test_number_words);
    tcase_add_test(tc, test_long_words);
    tcase_add_test(tc, test_stems_keep_first);
    tcase_add_test(tc, test_analyze_filtered);
    suite_add_tcase(s, tc);
    return s;
}
