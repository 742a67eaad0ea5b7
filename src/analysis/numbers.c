/*
 * numbers.c - numbers, ranges and units in the token stream.
 *
 * A question says "three to five years", an article "3-5 yrs"; both should
 * find each other.  When the index's analyzer has SMP_AN_NUMBERS (the
 * default), smp_analyze passes every token through this filter on its way
 * to the stemmer, at build time and at query time alike:
 *
 *   - number words and digits stay as they are written, but a question's
 *     number of something (smp_number_counts: "3 weeks", "eight years",
 *     "two sessions") has the other form as an alternative wording at
 *     half the alias weight (search.c, with smp_number_other_form):
 *     "three weeks" also finds "3 weeks".  Other numbers are left alone:
 *     "fifty journals", "(3,4)P" or "3-phosphatase" are not helped by
 *     "three".  Numbers are not indexed in one form ("three" as "3"),
 *     as that makes "3" far more common and questions find their
 *     passages less well.
 *   - a number glued to a unit of time is split: "6wks" -> "6", "weeks",
 *     "2days" -> "2", "days" (the words after it move one position on).
 *     One-letter units are left alone ("30s", "3d", "24h"): split, a
 *     "3h" would match every question's "3";
 *   - an abbreviated unit right after a number is written out: "wk",
 *     "wks" -> "weeks", "hr", "hrs" -> "hours", "min", "mins" ->
 *     "minutes", "sec", "secs" -> "seconds", "yr", "yrs" -> "years",
 *     "mo", "mos", "mth", "mths" -> "months";
 *   - two numbers a < b joined as a range give one more token "a-b" at the
 *     position of the second: "3-5", "3–5", "3 — 5", "3 to 5", "three to
 *     five", "2 or 3", "between 3 and 5".  The tokenizer's joined form of
 *     dashed digits ("3-5" -> "35") is dropped, as it is no number the
 *     text says.  A range term is rare, so a question giving a range ranks
 *     first the passages that give the same one, in whatever form.
 *
 * The filter keeps a little state between tokens (the last number, the
 * tokens of the current hyphenated word) and reads the source text
 * between two numbers to see what joins them; it allocates nothing.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analysis.h"

static const struct {
    const char *word;
    unsigned value;
} number_words[] = {
    {"zero", 0},      {"one", 1},        {"two", 2},        {"three", 3},      {"four", 4},
    {"five", 5},      {"six", 6},        {"seven", 7},      {"eight", 8},      {"nine", 9},
    {"ten", 10},      {"eleven", 11},    {"twelve", 12},    {"thirteen", 13},  {"fourteen", 14},
    {"fifteen", 15},  {"sixteen", 16},   {"seventeen", 17}, {"eighteen", 18},  {"nineteen", 19},
    {"twenty", 20},   {"thirty", 30},    {"forty", 40},     {"fifty", 50},     {"sixty", 60},
    {"seventy", 70},  {"eighty", 80},    {"ninety", 90},
};

/* Units of time: the written-out form, then its short forms.  Short forms
 * are recognised only after a number ("6 wks", "6wks"); "min" alone may
 * be a minimum. */
static const struct {
    const char *full;
    const char *const abbr[5];
} units[] = {
    {"seconds", {"sec", "secs", NULL}},
    {"minutes", {"min", "mins", NULL}},
    {"hours", {"hr", "hrs", NULL}},
    {"days", {NULL}},
    {"weeks", {"wk", "wks", NULL}},
    {"months", {"mo", "mos", "mth", "mths", NULL}},
    {"years", {"yr", "yrs", NULL}},
};

/* The written-out unit for word[0..n), or NULL.  `glued`: the word came
 * straight after digits ("6wks"), where the full words count too. */
static const char *unit_of(const char *w, size_t n, int glued) {
    if (n == 0) return NULL;
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        if (units[u].full[0] != w[0] && (!units[u].abbr[0] || units[u].abbr[0][0] != w[0]))
            continue; /* each unit's abbreviations share its first letter */
        size_t fl = strlen(units[u].full);
        if (glued && (n == fl || n == fl - 1) && !memcmp(w, units[u].full, n))
            return units[u].full;
        for (int a = 0; units[u].abbr[a]; a++) {
            size_t al = strlen(units[u].abbr[a]);
            if (al == n && !memcmp(w, units[u].abbr[a], n))
                return units[u].full;
        }
    }
    return NULL;
}

/* The number words again, by first letter, for value_of: every token of
 * the text is looked up, and most are ruled out by their first letter and
 * length before any bytes are compared. */
static const struct {
    char word[10];
    uint8_t len, value;
} by_letter[] = {
    {"eight", 5, 8},     {"eleven", 6, 11},   {"eighteen", 8, 18}, {"eighty", 6, 80},
    {"four", 4, 4},      {"five", 4, 5},      {"fourteen", 8, 14}, {"fifteen", 7, 15},
    {"forty", 5, 40},    {"fifty", 5, 50},    {"nine", 4, 9},      {"nineteen", 8, 19},
    {"ninety", 6, 90},   {"one", 3, 1},       {"six", 3, 6},       {"seven", 5, 7},
    {"sixteen", 7, 16},  {"seventeen", 9, 17}, {"sixty", 5, 60},   {"seventy", 7, 70},
    {"two", 3, 2},       {"three", 5, 3},     {"ten", 3, 10},      {"twelve", 6, 12},
    {"thirteen", 8, 13}, {"twenty", 6, 20},   {"thirty", 6, 30},   {"zero", 4, 0},
};

/* Per letter a..z: where its words start in by_letter and how many there
 * are, and a mask of their lengths (bit n: a word of n letters). */
static const struct {
    uint8_t first, count;
    uint16_t lens;
} letters[26] = {
    ['e' - 'a'] = {0, 4, 1u << 5 | 1u << 6 | 1u << 8},
    ['f' - 'a'] = {4, 6, 1u << 4 | 1u << 5 | 1u << 7 | 1u << 8},
    ['n' - 'a'] = {10, 3, 1u << 4 | 1u << 6 | 1u << 8},
    ['o' - 'a'] = {13, 1, 1u << 3},
    ['s' - 'a'] = {14, 6, 1u << 3 | 1u << 5 | 1u << 7 | 1u << 9},
    ['t' - 'a'] = {20, 7, 1u << 3 | 1u << 5 | 1u << 6 | 1u << 8},
    ['z' - 'a'] = {27, 1, 1u << 4},
};

/* Could w[0..n) be a number word or digits (value_of)?  Rules out most
 * words by their first letter and length. */
static bool may_be_number(const char *w, size_t n) {
    unsigned c = (unsigned char)w[0];
    return n >= 1 && n <= 9 &&
           ((c >= '0' && c <= '9') || (c - 'a' < 26 && letters[c - 'a'].lens >> n & 1));
}

/* The value of a number word or of digits (at most 9), or -1. */
static long value_of(const char *w, size_t n) {
    if (!may_be_number(w, n)) return -1;
    unsigned c = (unsigned char)w[0];
    if (c >= '0' && c <= '9') {
        long v = 0;
        for (size_t i = 0; i < n; i++) {
            if (w[i] < '0' || w[i] > '9') return -1;
            v = v * 10 + (w[i] - '0');
        }
        return v;
    }
    c -= 'a';
    for (unsigned i = letters[c].first; i < letters[c].first + letters[c].count; i++)
        if (by_letter[i].len == n && by_letter[i].word[1] == w[1] &&
            !memcmp(by_letter[i].word, w, n))
            return by_letter[i].value;
    return -1;
}

/* Does text[from, to) join two numbers as a range?  Spaces around one
 * dash, or the word "to" or "or", or "and" after "between". */
static int joins_range(const char *t, size_t from, size_t to, int between) {
    while (from < to && (t[from] == ' ' || t[from] == '\t')) from++;
    while (to > from && (t[to - 1] == ' ' || t[to - 1] == '\t')) to--;
    size_t n = to - from;
    const char *g = t + from;
    if (n == 1 && g[0] == '-') return 1;
    /* en dash, em dash, non-breaking hyphen, hyphen, minus sign */
    if (n == 3 && ((unsigned char)g[0] == 0xE2 && (unsigned char)g[1] == 0x80 &&
                   ((unsigned char)g[2] >= 0x90 && (unsigned char)g[2] <= 0x94)))
        return 1;
    if (n == 3 && (unsigned char)g[0] == 0xE2 && (unsigned char)g[1] == 0x88 &&
        (unsigned char)g[2] == 0x92)
        return 1;
    char w[4] = {0};
    for (size_t i = 0; i < n && i < 3; i++) w[i] = (char)tolower((unsigned char)g[i]);
    if (n == 2 && (!strcmp(w, "to") || !strcmp(w, "or"))) return 1;
    if (n == 3 && between && !strcmp(w, "and")) return 1;
    return 0;
}

void smp_numbers_init(smp_numbers *nf, const char *text, smp_token_fn fn, void *ud) {
    memset(nf, 0, sizeof *nf);
    nf->text = text;
    nf->fn = fn;
    nf->ud = ud;
}

/* Sends one token on, at its position moved by the words split so far. */
static int emit(smp_numbers *nf, const char *s, size_t n, size_t start, size_t end,
                uint32_t pos, int joined) {
    smp_token t = {s, n, start, end, pos + nf->shift, joined};
    return nf->fn(nf->ud, &t);
}

/* Remembers a token of the current word: its start, and whether it was a
 * number (a joined word of numbers only is no word). */
static void remember(smp_numbers *nf, size_t start, int numeric) {
    size_t i = nf->nhist % SMP_NUMBERS_HIST; /* a ring: the last ones */
    nf->hist[i].start = start;
    nf->hist[i].numeric = numeric;
    nf->nhist++;
}

/* A number, written w[0..n) and worth v: sent on, then the range it
 * closes, if any. */
static int number(smp_numbers *nf, const char *w, size_t n, long v, size_t start, size_t end,
                  uint32_t pos) {
    int rc = emit(nf, w, n, start, end, pos, 0);
    if (rc) return rc;
    if (nf->have_num && nf->num < v && nf->num_end <= start &&
        joins_range(nf->text, nf->num_end, start, nf->num_between)) {
        char r[48];
        int rn = snprintf(r, sizeof r, "%ld-%ld", nf->num, v);
        if ((rc = emit(nf, r, (size_t)rn, nf->num_start, end, pos, 1))) return rc;
        nf->have_num = 0; /* "3 to 5 to 7" is one range and a number */
    } else {
        nf->have_num = 1;
        nf->num = v;
        nf->num_start = start;
        nf->num_between = nf->last_between;
    }
    nf->num_end = end;
    nf->last_between = 0;
    return 0;
}

/* A connector of two numbers of a range ("3 to 5", "2 or 3", "between 3
 * and 5"), which does not end the wait for the second number. */
static bool connector(const char *w, size_t n) {
    return (n == 2 && (!memcmp(w, "to", 2) || !memcmp(w, "or", 2))) ||
           (n == 3 && !memcmp(w, "and", 3));
}

SMP_NOINLINE static int numbers_token(smp_numbers *nf, const smp_token *tok);

int smp_numbers_token(void *ud, const smp_token *tok) {
    smp_numbers *nf = ud;
    const char *w = tok->text;
    size_t n = tok->len;
    /* most tokens: a word of ASCII letters that is no number and no unit
       (none can follow), which numbers_token passes on as it is */
    if (!tok->joined && !nf->unit_ok && (unsigned)(unsigned char)w[0] - 'a' < 26u &&
        !may_be_number(w, n)) {
        remember(nf, tok->start, 0);
        nf->last_between = n == 7 && !memcmp(w, "between", 7);
        if (!connector(w, n)) nf->have_num = 0;
        return emit(nf, w, n, tok->start, tok->end, tok->pos, 0);
    }
    return numbers_token(nf, tok);
}

SMP_NOINLINE static int numbers_token(smp_numbers *nf, const smp_token *tok) {
    const char *w = tok->text;
    size_t n = tok->len;
    int rc;

    if (tok->joined) {
        /* the whole of a hyphenated word: dropped when its parts were all
           digits ("3-5", "4-6wks") */
        size_t parts = 0, numeric = 0;
        size_t kept = nf->nhist < SMP_NUMBERS_HIST ? nf->nhist : SMP_NUMBERS_HIST;
        for (size_t i = 0; i < kept; i++)
            if (nf->hist[i].start >= tok->start) {
                parts++;
                numeric += nf->hist[i].numeric;
            }
        nf->nhist = 0;
        if (parts == 0 || numeric < parts) return emit(nf, w, n, tok->start, tok->end, tok->pos, 1);
        return 0;
    }

    long v = value_of(w, n);
    if (v >= 0) {
        remember(nf, tok->start, w[0] >= '0' && w[0] <= '9');
        nf->unit_ok = 1;
        return number(nf, w, n, v, tok->start, tok->end, tok->pos);
    }
    /* digits glued to a unit: "6wks", "24h" */
    size_t dn = 0;
    while (dn < n && dn < 9 && w[dn] >= '0' && w[dn] <= '9') dn++;
    const char *unit = dn && dn < n && !(w[dn] >= '0' && w[dn] <= '9')
                           ? unit_of(w + dn, n - dn, 1) : NULL;
    if (unit) {
        remember(nf, tok->start, 1);
        char d[16]; /* the digits alone, NUL-terminated as every token */
        memcpy(d, w, dn);
        d[dn] = 0;
        if ((rc = number(nf, d, dn, value_of(d, dn), tok->start, tok->end, tok->pos))) return rc;
        nf->shift++;
        rc = emit(nf, unit, strlen(unit), tok->start, tok->end, tok->pos, 0);
        nf->unit_ok = 0;
        return rc;
    }
    remember(nf, tok->start, 0);
    /* "6 wks": a short unit right after a number */
    unit = nf->unit_ok && nf->num_end <= tok->start ? unit_of(w, n, 0) : NULL;
    nf->unit_ok = 0;
    nf->last_between = n == 7 && !memcmp(w, "between", 7);
    if (unit) return emit(nf, unit, strlen(unit), tok->start, tok->end, tok->pos, 0);
    /* a word that is no connector ends the wait for a range's second number */
    if (!connector(w, n)) nf->have_num = 0;
    return emit(nf, w, n, tok->start, tok->end, tok->pos, 0);
}

long smp_number_value(const char *w, size_t n) { return value_of(w, n); }

const char *smp_time_unit(const char *w, size_t n) { return unit_of(w, n, 1); }

size_t smp_number_other_form(const char *w, size_t n, char *out, size_t cap) {
    long v = value_of(w, n);
    if (v < 0) return 0;
    if (w[0] < '0' || w[0] > '9') {
        int k = snprintf(out, cap, "%ld", v);
        return k > 0 && (size_t)k < cap ? (size_t)k : 0;
    }
    for (size_t i = 0; i < sizeof number_words / sizeof number_words[0]; i++)
        if (number_words[i].value == v && n == (v > 9 ? 2u : 1u)) { /* not "03" */
            size_t k = strlen(number_words[i].word);
            if (k >= cap) return 0;
            memcpy(out, number_words[i].word, k + 1);
            return k;
        }
    return 0;
}

/* Words that count things a question asks about, after a number. */
static const char *const counted[] = {"session", "sessions", "treatment", "treatments",
                                      "appointment", "appointments", "visit", "visits",
                                      "sitting", "sittings", "time", "times", "coat",
                                      "coats", "layer", "layers", "pass", "passes", NULL};

int smp_number_counts(const char *text, size_t len, size_t end) {
    while (end < len && (text[end] == ' ' || text[end] == '\t' || text[end] == '-')) end++;
    char w[16];
    size_t n = 0;
    while (end < len && n < sizeof w - 1 && isalpha((unsigned char)text[end]))
        w[n++] = (char)tolower((unsigned char)text[end++]);
    if (n == 0 || (end < len && isalpha((unsigned char)text[end]))) return 0;
    w[n] = 0;
    if (unit_of(w, n, 1)) return 1; /* "weeks", "wks", "week" */
    for (int i = 0; counted[i]; i++)
        if (!strcmp(w, counted[i])) return 1;
    return 0;
}
