/*
 * spell.c - typo tolerance: the dictionary term closest to a word that is
 * not in the dictionary.
 *
 * Distance is optimal string alignment (Levenshtein plus the swap of two
 * neighbours) over bytes.  Words shorter than 4 bytes are not corrected,
 * words of 4 to 7 bytes allow one edit and longer ones two, as small-site
 * search engines do.  Candidates share the word's first byte (people rarely
 * mistype the first letter, and the dictionary is sorted, so they form one
 * range).  The nearest candidate wins; among equally near ones, the one in
 * the most passages.
 *
 * The dictionary holds stems, so a typo in a word's ending ("appointmnet",
 * "micropigmentaion") leaves its stem far from the indexed one
 * ("appoint", "micropigment"): when no term is near the stem, the word as
 * typed is matched by its beginning, a term of 5 bytes or more against as
 * many bytes of the word when 2 to 6 bytes are left after them.
 *
 * Before a candidate's distance is computed, the sets of bytes of the two
 * words are compared: an edit brings in at most one byte the other word
 * lacks and takes away at most one, so a candidate with more than `max`
 * bytes the word lacks, or lacking more than `max` of the word's, is too
 * far (a bag-distance bound, about a tenth of the cost of the distance).
 */
#include <string.h>

#include "search/search.h"

#define MAXLEN 64

unsigned smp_osa_distance(const char *a, size_t n, const char *b, size_t m, unsigned max) {
    if (n > MAXLEN || m > MAXLEN) return max + 1;
    unsigned rows[3][MAXLEN + 1];
    unsigned *pp = rows[0], *p = rows[1], *c = rows[2];
    for (size_t j = 0; j <= m; j++) p[j] = (unsigned)j;
    for (size_t i = 1; i <= n; i++) {
        c[0] = (unsigned)i;
        unsigned rowmin = c[0];
        for (size_t j = 1; j <= m; j++) {
            unsigned cost = a[i - 1] != b[j - 1];
            unsigned v = p[j - 1] + cost;
            if (p[j] + 1 < v) v = p[j] + 1;
            if (c[j - 1] + 1 < v) v = c[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            c[j] = v;
            if (v < rowmin) rowmin = v;
        }
        if (rowmin > max) return max + 1;
        unsigned *t = pp;
        pp = p;
        p = c;
        c = t;
    }
    return p[m] > max ? max + 1 : p[m];
}

/* The set of bytes of s, hashed into 64 bits (letters have their own). */
static uint64_t byte_set(const char *s, size_t n) {
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = (unsigned char)s[i];
        m |= (uint64_t)1 << (c >= 'a' && c <= 'z' ? c - 'a' : 26 + c % 38);
    }
    return m;
}

static int popcount64(uint64_t m) {
    int n = 0;
    for (; m; m &= m - 1) n++;
    return n;
}

/* At most max edits can turn a word of byte set a into one of byte set b. */
static int sets_near(uint64_t a, uint64_t b, unsigned max) {
    return popcount64(a & ~b) <= (int)max && popcount64(b & ~a) <= (int)max;
}

int smp_spell_max_edits(size_t len) { return len < 4 ? 0 : len < 8 ? 1 : 2; }

/* The first dictionary term whose first byte is >= c. */
static uint64_t first_with(const smp_segment *ix, unsigned char c) {
    uint64_t lo = 0, hi = smp_segment_terms(ix);
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        const char *t;
        size_t tl;
        uint32_t df;
        smp_segment_term_at(ix, mid, &t, &tl, &df);
        if ((unsigned char)t[0] < c) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The term nearest word (OSA, at most max edits; prefix: against word's
 * first tl bytes, for terms tl of 5 bytes or more, 2 to 6 bytes shorter
 * than word); the most frequent among equally near ones. */
static int nearest(const smp_index *ix, const char *word, size_t len, int prefix,
                   const char **out, size_t *out_len);

int smp_spell_correct(const smp_index *ix, const char *word, size_t len, const char **out,
                      size_t *out_len) {
    return nearest(ix, word, len, 0, out, out_len);
}

int smp_spell_correct_prefix(const smp_index *ix, const char *word, size_t len,
                             const char **out, size_t *out_len) {
    return nearest(ix, word, len, 1, out, out_len);
}

static int nearest(const smp_index *ix, const char *word, size_t len, int prefix,
                   const char **out, size_t *out_len) {
    unsigned max = (unsigned)smp_spell_max_edits(len);
    if (max == 0 || len > MAXLEN) return 0;
    for (size_t i = 0; i < len; i++) /* numbers are not typos */
        if (word[i] >= '0' && word[i] <= '9') return 0;
    /* a segmented index (index.c): the candidates of every segment, ranked
       by their document frequency over the live passages of the whole
       index, so the choice is the one a single index of the same articles
       makes (a term only in deleted passages is none) */
    int segmented = smp_index_manifest(ix) != NULL;
    uint64_t set[MAXLEN + 1]; /* set[i]: the byte set of the word's first i bytes */
    set[0] = 0;
    for (size_t i = 0; i < len; i++) set[i + 1] = set[i] | byte_set(word + i, 1);
    unsigned best = max + 1;
    uint32_t best_df = 0;
    for (size_t s = 0; s < smp_index_nsegments(ix); s++) {
        const smp_segment *six = smp_index_segment(ix, s)->seg;
        uint64_t n = smp_segment_terms(six);
        for (uint64_t i = first_with(six, (unsigned char)word[0]); i < n; i++) {
            const char *t;
            size_t tl;
            uint32_t df;
            smp_segment_term_at(six, i, &t, &tl, &df);
            if (t[0] != word[0]) break;
            unsigned d;
            if (prefix) {
                if (tl < 5 || tl + 2 > len || tl + 6 < len) continue;
                unsigned m = (unsigned)smp_spell_max_edits(tl);
                if (!sets_near(set[tl], byte_set(t, tl), m)) continue;
                d = smp_osa_distance(word, tl, t, tl, best < m ? best : m);
                if (d > m) continue;
            } else {
                if (tl > MAXLEN || (tl > len ? tl - len : len - tl) > max) continue;
                if (!sets_near(set[len], byte_set(t, tl), max)) continue;
                d = smp_osa_distance(word, len, t, tl, best < max ? best : max);
            }
            if (d > best || d > max) continue;
            if (segmented && (smp_index_df(ix, t, tl, &df) < 0 || df == 0)) continue;
            int cmp = 0; /* equally near and frequent: the first in dictionary order */
            if (segmented && d == best && df == best_df) {
                cmp = smp_term_cmp(t, tl, *out, *out_len);
            }
            if (d < best || df > best_df || cmp < 0) {
                best = d;
                best_df = df;
                *out = t;
                *out_len = tl;
            }
        }
    }
    return best <= max && (best > 0 || prefix);
}
