/*
 * acronym.c - finds acronyms defined in running text:
 *
 *     scalp micropigmentation (SMP)       long form, then the acronym
 *     scalp micropigmentation, or SMP     long form, ", or", the acronym
 *     SMP (scalp micropigmentation)       the acronym, then the long form
 *
 * An acronym is a word of 2 to 8 letters or digits with at least two
 * capitals that starts with a letter.  The long form is found with the
 * algorithm of Schwartz and Hearst (2003): the acronym's characters are
 * matched right to left inside the words before it, the first one at the
 * start of a word, and the long form starts at the word where the first
 * character matched.  It spans at least two and at most min(|A| + 5, 2 |A|)
 * words.
 */
#include <ctype.h>
#include <string.h>

#include "analysis/analysis.h"

#define ACR_MAX 8

static int is_alnum(char c) { return isalnum((unsigned char)c); }
static int lower(char c) { return tolower((unsigned char)c); }

/* Is s[0..n) an acronym? */
static int is_acronym(const char *s, size_t n) {
    if (n < 2 || n > ACR_MAX || !isalpha((unsigned char)s[0])) return 0;
    int caps = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_alnum(s[i])) return 0;
        caps += isupper((unsigned char)s[i]) != 0;
    }
    return caps >= 2;
}

/* Schwartz-Hearst: the start of the long form of acr inside
 * text[from..to), or (size_t)-1. */
static size_t best_long_form(const char *acr, size_t alen, const char *text, size_t from,
                             size_t to) {
    if (to <= from) return (size_t)-1;
    ptrdiff_t s = (ptrdiff_t)alen - 1, l = (ptrdiff_t)(to - from) - 1;
    const char *lf = text + from;
    while (s >= 0) {
        int c = lower(acr[s]);
        if (!is_alnum(acr[s])) {
            s--;
            continue;
        }
        while ((l >= 0 && lower(lf[l]) != c) || (s == 0 && l > 0 && is_alnum(lf[l - 1])))
            l--;
        if (l < 0) return (size_t)-1;
        l--;
        s--;
    }
    /* back to the start of the word where the match ended */
    ptrdiff_t start = l + 1;
    while (start > 0 && lf[start - 1] != ' ') start--;
    return from + (size_t)start;
}

/* The start of the text window of at most `words` words ending at `end`,
 * not crossing a sentence or clause boundary. */
static size_t window_start(const char *t, size_t end, size_t words) {
    size_t i = end, n = 0;
    while (i > 0) {
        char c = t[i - 1];
        if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':' || c == '\n' ||
            c == '(' || c == ')' || c == ',')
            break;
        if (c == ' ' && i < end && t[i] != ' ' && ++n >= words) break;
        i--;
    }
    while (i < end && t[i] == ' ') i++;
    return i;
}

static int count_words(const char *t, size_t a, size_t b) {
    int n = 0, in = 0;
    for (size_t i = a; i < b; i++) {
        int w = t[i] != ' ';
        if (w && !in) n++;
        in = w;
    }
    return n;
}

/* Reports acr with the long form text[a..b) when it is plausible. */
static int report(const char *acr, size_t alen, const char *t, size_t a, size_t b,
                  smp_acronym_fn fn, void *ud) {
    while (b > a && (t[b - 1] == ' ' || t[b - 1] == ',')) b--;
    if (a == (size_t)-1 || b <= a) return 0;
    int w = count_words(t, a, b);
    int maxw = (int)(alen + 5 < 2 * alen ? alen + 5 : 2 * alen);
    if (w < 2 || w > maxw || b - a <= alen) return 0; /* "ASA (Association)": no */
    /* the long form must not contain the acronym itself */
    for (size_t i = a; i + alen <= b; i++)
        if (!strncmp(t + i, acr, alen)) return 0;
    return fn(ud, acr, alen, t + a, b - a);
}

int smp_find_acronyms(const char *t, size_t len, smp_acronym_fn fn, void *ud) {
    int rc;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '(') {
            size_t j = i + 1;
            while (j < len && t[j] != ')' && j - i < 120) j++;
            if (j >= len || t[j] != ')') continue;
            if (is_acronym(t + i + 1, j - i - 1)) {
                /* long form (ACR) */
                const char *acr = t + i + 1;
                size_t alen = j - i - 1;
                size_t end = i;
                while (end > 0 && t[end - 1] == ' ') end--;
                size_t ws = window_start(t, end, alen + 5 < 2 * alen ? alen + 5 : 2 * alen);
                if ((rc = report(acr, alen, t, best_long_form(acr, alen, t, ws, end), end, fn, ud)))
                    return rc;
            } else {
                /* ACR (long form) */
                size_t e = i;
                while (e > 0 && t[e - 1] == ' ') e--;
                size_t s = e;
                while (s > 0 && is_alnum(t[s - 1])) s--;
                if (e > s && is_acronym(t + s, e - s) &&
                    best_long_form(t + s, e - s, t, i + 1, j) == i + 1)
                    if ((rc = report(t + s, e - s, t, i + 1, j, fn, ud))) return rc;
            }
            continue;
        }
        /* long form, or ACR */
        if (t[i] == ',' && i + 5 < len && !strncmp(t + i, ", or ", 5)) {
            size_t s = i + 5, e = s;
            while (e < len && is_alnum(t[e])) e++;
            if (!is_acronym(t + s, e - s) || (e < len && t[e] != ' ' && t[e] != ',' &&
                                              t[e] != '.' && t[e] != ')' && t[e] != ';'))
                continue;
            size_t alen = e - s;
            size_t ws = window_start(t, i, alen + 5 < 2 * alen ? alen + 5 : 2 * alen);
            if ((rc = report(t + s, alen, t, best_long_form(t + s, alen, t, ws, i), i, fn, ud)))
                return rc;
        }
    }
    return 0;
}
