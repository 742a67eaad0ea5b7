/* words.c - the words of the language: a word a customer types that the
 * articles lack is not a misspelling when the language knows it ("laser",
 * "march"), and spelling correction leaves it alone.  The words are those
 * of the word list `configure` found (Debian's wbritish or wamerican), made
 * into wordlist.c by `make`: its words of ASCII letters only, lower-cased,
 * sorted bytewise, each once, one a line, in one string (smp_wordlist).
 * A lookup is a binary search over that text, with no set-up. */
#include <string.h>

#include "analysis/analysis.h"

extern const char smp_wordlist[];
extern const size_t smp_wordlist_size;

/* The line of the list that holds byte at: its start and length. */
static const char *line_at(size_t at, size_t *len) {
    const char *t = smp_wordlist;
    size_t s = at;
    while (s > 0 && t[s - 1] != '\n') s--;
    const char *nl = memchr(t + s, '\n', smp_wordlist_size - s);
    *len = (size_t)((nl ? nl : t + smp_wordlist_size) - (t + s));
    return t + s;
}

int smp_words_has(const char *word, size_t len) {
    if (len == 0 || len >= 64 || smp_wordlist_size == 0) return 0;
    char low[64];
    for (size_t i = 0; i < len; i++) {
        char c = word[i];
        low[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    size_t lo = 0, hi = smp_wordlist_size; /* byte ranges, not lines */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2, n;
        const char *l = line_at(mid, &n);
        int c = smp_term_cmp(l, n, low, len);
        if (c == 0) return 1;
        if (c < 0) lo = (size_t)(l - smp_wordlist) + n + 1; /* after this line */
        else hi = (size_t)(l - smp_wordlist);               /* before it */
    }
    return 0;
}

size_t smp_words_size(void) { return smp_wordlist_size; }
