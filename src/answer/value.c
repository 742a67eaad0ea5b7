/*
 * value.c - the answer a sentence gives, as a value to compare.
 *
 * "How long does a lash lift last?" is answered by three articles with
 * "six to eight weeks", "6-8 weeks" and "about six to eight weeks", and by
 * a fourth with "four to six weeks".  smp_answer_value reads the first
 * quantity of the kind the question asks for (qtype.c: a duration, a
 * number of sessions, a price) in an answer sentence and writes it in one
 * form, so the search can group results that agree (search.c) and show
 * those that do not side by side:
 *
 *   - numbers in digits ("six" -> "6"; the number words of numbers.c), a
 *     range as "6–8" whether written "6-8", "6 – 8", "six to eight",
 *     "between 6 and 8" or "6 or 8"; "up to" and "at least" are kept,
 *     "about", "roughly" and the like are not;
 *   - then the unit, written out (smp_time_unit of numbers.c, and
 *     "nights") and plural, "weeks", "hours", but "1 week"; visits of any
 *     name ("treatments", "appointments") are "sessions";
 *   - a price is the amount with its currency sign ("£35–£70"), or the
 *     number before "pounds", "dollars", "euros" with the sign.
 *
 * A sentence without such a quantity gives "" (no value).  English only,
 * as the question types are.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer/answer.h"

#define MAX_WORDS 96

typedef struct word {
    char s[24]; /* lower case; a dash is "-"; a currency sign "£", "$", "€" */
    double num; /* its value, when it is a number (has_num) */
    int has_num;
} word;

/* Splits a sentence into words, dashes and currency signs. */
static size_t split(const char *t, size_t len, word *w) {
    size_t n = 0;
    for (size_t i = 0; i < len && n < MAX_WORDS;) {
        unsigned char c = (unsigned char)t[i];
        word *x = &w[n];
        memset(x, 0, sizeof *x);
        if (isalnum(c)) {
            size_t k = 0;
            while (i < len && k < sizeof x->s - 1 &&
                   (isalnum((unsigned char)t[i]) ||
                    ((t[i] == ',' || t[i] == '.') && i + 1 < len &&
                     isdigit((unsigned char)t[i + 1]) && k && isdigit((unsigned char)x->s[k - 1]))))
                x->s[k++] = (char)tolower((unsigned char)t[i++]);
            while (i < len && isalnum((unsigned char)t[i])) i++; /* too long: cut */
            n++;
            continue;
        }
        size_t sl = 0;
        const char *sym = NULL;
        if (c == '-') sym = "-", sl = 1;
        else if (c == '$') sym = "$", sl = 1;
        else if (c == 0xE2 && i + 2 < len && (unsigned char)t[i + 1] == 0x80 &&
                 (unsigned char)t[i + 2] >= 0x90 && (unsigned char)t[i + 2] <= 0x94)
            sym = "-", sl = 3; /* hyphens and dashes */
        else if (c == 0xC2 && i + 1 < len && (unsigned char)t[i + 1] == 0xA3)
            sym = "\xC2\xA3", sl = 2; /* pound sign */
        else if (c == 0xE2 && i + 2 < len && (unsigned char)t[i + 1] == 0x82 &&
                 (unsigned char)t[i + 2] == 0xAC)
            sym = "\xE2\x82\xAC", sl = 3; /* euro sign */
        if (sym) {
            strcpy(x->s, sym);
            n++;
            i += sl;
        } else {
            i++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        word *x = &w[i];
        if (isdigit((unsigned char)x->s[0])) {
            char d[24];
            size_t k = 0;
            int ok = 1;
            for (const char *p = x->s; *p; p++)
                if (*p != ',') {
                    if (!isdigit((unsigned char)*p) && *p != '.') ok = 0;
                    d[k++] = *p;
                }
            d[k] = 0;
            if (ok) {
                x->num = strtod(d, NULL);
                x->has_num = 1;
            }
        } else {
            long v = smp_number_value(x->s, strlen(x->s));
            if (v >= 0) {
                x->num = (double)v;
                x->has_num = 1;
            }
        }
    }
    return n;
}

static int is(const word *w, size_t n, size_t i, const char *s) {
    return i < n && !strcmp(w[i].s, s);
}

/* The unit of word i for the question type, written out and plural
 * ("weeks", "sessions"), or NULL. */
static const char *unit(int qtype, const word *w, size_t n, size_t i) {
    if (i >= n) return NULL;
    const char *s = w[i].s;
    size_t l = strlen(s);
    if (qtype == SMP_QTYPE_DURATION) {
        const char *u = smp_time_unit(s, l); /* numbers.c: "wks", "week" */
        if (!u && (!strcmp(s, "night") || !strcmp(s, "nights"))) u = "nights";
        return u;
    }
    if (qtype == SMP_QTYPE_COUNT) {
        static const char *const u[] = {"session", "treatment", "appointment", "visit",
                                        "sitting", "pass", "round", NULL};
        for (int k = 0; u[k]; k++) {
            size_t ul = strlen(u[k]);
            if ((l == ul || (l == ul + 1 && s[ul] == 's') ||
                 (l == ul + 2 && !strcmp(s + ul, "es"))) && !memcmp(s, u[k], ul))
                return "sessions";
        }
    }
    return NULL;
}

/* A number as people write it: "8", "1.5", "1,000". */
static void fmt_num(char *out, size_t cap, double v) {
    /* the range is checked before the cast: a double past long long's
       range has no long long value (twenty digits before "weeks") */
    if (!(v >= 1000 && v < 1e15) || v != (double)(long long)v) {
        snprintf(out, cap, "%g", v);
        return;
    }
    char d[24];
    int n = snprintf(d, sizeof d, "%lld", (long long)v);
    size_t k = 0;
    for (int i = 0; i < n && k + 2 < cap; i++) {
        if (i && (n - i) % 3 == 0) out[k++] = ',';
        out[k++] = d[i];
    }
    out[k] = 0;
}

/* A currency at word i: its sign, or NULL. */
static const char *currency(const word *w, size_t n, size_t i) {
    if (i >= n) return NULL;
    const char *s = w[i].s;
    if (!strcmp(s, "$") || !strcmp(s, "\xC2\xA3") || !strcmp(s, "\xE2\x82\xAC")) return s;
    return NULL;
}

static const char *currency_word(const word *w, size_t n, size_t i) {
    if (i >= n) return NULL;
    const char *s = w[i].s;
    if (!strncmp(s, "pound", 5) || !strcmp(s, "gbp")) return "\xC2\xA3";
    if (!strncmp(s, "dollar", 6) || !strcmp(s, "usd")) return "$";
    if (!strncmp(s, "euro", 4) || !strcmp(s, "eur")) return "\xE2\x82\xAC";
    return NULL;
}

/* A range joiner after word i (a dash, "to", "or", "and" after
 * "between"): the index of the second number, or 0. */
static size_t range_to(const word *w, size_t n, size_t i, int between, int price) {
    size_t j = i + 1;
    if (!(is(w, n, j, "-") || is(w, n, j, "to") || is(w, n, j, "or") ||
          (between && is(w, n, j, "and"))))
        return 0;
    j++;
    if (price && currency(w, n, j)) j++;
    return j < n && w[j].has_num && w[j].num > w[i].num ? j : 0;
}

size_t smp_answer_value(int qtype, const char *text, size_t len, char *out, size_t cap) {
    if (cap) out[0] = 0;
    if (cap < 64 || (qtype != SMP_QTYPE_DURATION && qtype != SMP_QTYPE_COUNT &&
                     qtype != SMP_QTYPE_PRICE))
        return 0;
    word w[MAX_WORDS];
    size_t n = split(text, len, w);
    for (size_t i = 0; i < n; i++) {
        int price = qtype == SMP_QTYPE_PRICE;
        const char *sign = price ? currency(w, n, i) : NULL;
        size_t a = sign ? i + 1 : i;
        if (a >= n || !w[a].has_num || (price && !sign && !currency_word(w, n, a + 1) &&
                                        !(range_to(w, n, a, 0, 1) &&
                                          currency_word(w, n, range_to(w, n, a, 0, 1) + 1))))
            continue;
        int between = i > 0 && (is(w, n, i - 1, "between") || is(w, n, i - 1, "from"));
        size_t b = range_to(w, n, a, between, price);
        size_t end = (b ? b : a) + 1; /* the word after the number(s) */
        char lo[32], hi[32], v[160];
        fmt_num(lo, sizeof lo, w[a].num);
        fmt_num(hi, sizeof hi, b ? w[b].num : 0);
        const char *u = NULL;
        if (price) {
            if (!sign) sign = currency_word(w, n, end);
            if (!sign) continue;
            if (b) snprintf(v, sizeof v, "%s%s\xE2\x80\x93%s%s", sign, lo, sign, hi);
            else snprintf(v, sizeof v, "%s%s", sign, lo);
        } else {
            /* the unit may follow a word or two: "6 to 8 more weeks" */
            for (size_t k = end; k < end + 3 && k < n && !u && !w[k].has_num; k++)
                u = unit(qtype, w, n, k);
            if (!u) continue;
            /* "1 week": the plural without its "s" */
            int ul = (int)strlen(u) - (!b && w[a].num == 1);
            if (b) snprintf(v, sizeof v, "%s\xE2\x80\x93%s %s", lo, hi, u);
            else snprintf(v, sizeof v, "%s %.*s", lo, ul, u);
        }
        /* "up to eight years" and "at least three sessions" say less */
        size_t q = sign && a == i + 1 ? i : a;
        const char *pre = "";
        if (q >= 2 && is(w, n, q - 2, "up") && is(w, n, q - 1, "to")) pre = "up to ";
        else if (q >= 3 && is(w, n, q - 3, "up") && is(w, n, q - 2, "to")) pre = "up to ";
        else if (q >= 2 && is(w, n, q - 2, "at") && is(w, n, q - 1, "least")) pre = "at least ";
        int k = snprintf(out, cap, "%s%s", pre, v);
        return k > 0 && (size_t)k < cap ? (size_t)k : 0;
    }
    return 0;
}
