/*
 * confidence.c - whether the best passage answers the question at all.
 *
 * Search always finds the passages that match best; for a question the
 * articles do not answer ("how much is laser hair removal for underarms"
 * against beauty articles) the best of them is still a match of some of
 * its words, and presenting it as the answer misleads.  The confidence is
 * the share of the question's content words (not filler, not words the
 * aliases added, not numbers) that the best passage holds:
 *
 *   - each word the index holds weighs 1 (not its idf: in a collection
 *     about a few treatments the words that name them, "lash", "smp", are
 *     the common ones, and the rare ones are often what it does not
 *     cover); it counts in full when the passage's title or heading has
 *     it, CONF_BODY when only the text does;
 *   - a word no article uses that the language knows (words.c: "underarms",
 *     "botox" when no article says it, "tyre") weighs CONF_UNKNOWN and is
 *     never found: the question asks about something the articles lack;
 *   - a word no article uses that the language does not know either (a
 *     typo spelling could not mend, slang, "appt", "ur") says nothing about
 *     the topic and weighs nothing; in an index whose language has no word
 *     list every unknown word weighs CONF_UNKNOWN;
 *   - a word spelling correction replaced weighs what the word as typed
 *     would weigh, and is never found: a correction is a guess, and the
 *     corrected word never adds to the confidence (the correction may
 *     still bring another passage first);
 *   - a word is found when one of its other forms is (another language's
 *     stem, the word an informal spelling stands for: smp_qterm.form_of),
 *     or when an alias group it belongs to is found in another wording
 *     ("eyebrow perm" in a passage about "brow lamination").
 *
 * A question of filler only is measured over all its words.  Below the
 * threshold (SMP_MIN_CONFIDENCE, chosen on the tuning half of the customer
 * questions and off-topic questions, tests/relevance/customers and
 * bench/no_answer_cv.py) the results say there is no good answer.
 */
#include <stdlib.h>
#include <string.h>

#include "answer/answer.h"

/* The weight of a word found only in the passage's text. */
#define CONF_BODY 0.75
/* The weight of a word of the language that no article uses. */
#define CONF_UNKNOWN 3.0

enum { IN_TITLE_OR_HEADING = SMP_FOUND_HEADING, IN_BODY = SMP_FOUND_BODY };

typedef struct seen {
    const smp_qterm *q;
    size_t n;
    unsigned char *in; /* per term: the current field's bit */
    unsigned char bit;
} seen;

static int on_term(void *ud, const char *term, size_t len, const smp_token *tok) {
    seen *s = ud;
    (void)tok;
    if (!term) return 0; /* none of the terms (smp_analyze_filtered) */
    for (size_t i = 0; i < s->n; i++)
        if (s->q[i].len == len && !memcmp(s->q[i].term, term, len)) s->in[i] |= s->bit;
    return 0;
}

static int has_digit(const char *w, size_t len) {
    for (size_t i = 0; w && i < len; i++)
        if (w[i] >= '0' && w[i] <= '9') return 1;
    return 0;
}

/* Own words of an alias group count as found in a field where another
 * wording of the group has all its words. */
static void found_by_aliases(const smp_query *q, unsigned char *in, size_t na) {
    for (size_t k = 0; k < q->nphrases; k++) {
        const smp_qphrase *alt = &q->phrases[k];
        if (alt->own) continue;
        unsigned char all = IN_TITLE_OR_HEADING | IN_BODY;
        for (size_t j = 0; j < alt->n; j++)
            all &= alt->term[j] < na ? in[alt->term[j]] : 0;
        if (!all) continue;
        for (size_t m = 0; m < q->nphrases; m++) {
            const smp_qphrase *own = &q->phrases[m];
            if (!own->own || own->group != alt->group) continue;
            for (size_t j = 0; j < own->n; j++)
                if (own->term[j] < na) in[own->term[j]] |= all;
        }
    }
}

int smp_confidence(smp_stemmer *st, const smp_query *q, const unsigned char *found,
                   const char *const *fields, const size_t *lens, const int *heading,
                   size_t nfields, double *out) {
    unsigned char in[SMP_MAX_QUERY_TERMS];
    size_t n = q->nown, na = q->n;
    if (found) memcpy(in, found, sizeof in);
    else memset(in, 0, sizeof in);
    seen s = {q->terms, na, in, 0};
    smp_term_filter flt;
    smp_term_filter_init(&flt, st);
    for (size_t i = 0; i < na; i++) smp_term_filter_add(&flt, q->terms[i].term, q->terms[i].len);
    for (size_t f = 0; f < nfields; f++) {
        s.bit = heading[f] ? IN_TITLE_OR_HEADING : IN_BODY;
        int rc = smp_analyze_filtered(st, fields[f], lens[f], &flt, on_term, &s);
        if (rc) return rc;
    }
    /* a word is found, and known, in any of its other forms */
    int known[SMP_MAX_QUERY_TERMS];
    for (size_t i = 0; i < n; i++) known[i] = q->terms[i].idf > 0;
    for (size_t j = n; j < na; j++) {
        size_t i = q->terms[j].form_of;
        if (!i || i > n) continue;
        in[i - 1] |= in[j];
        if (q->terms[j].idf > 0) known[i - 1] = 1;
    }
    found_by_aliases(q, in, na);
    int content = 0;
    for (size_t i = 0; i < n; i++) content |= !q->terms[i].filler && !q->terms[i].alt;
    double want = 0, got = 0;
    for (size_t i = 0; i < n; i++) {
        const smp_qterm *t = &q->terms[i];
        if (t->alt || (content && t->filler)) continue;
        if (t->number || has_digit(q->word[i], q->word_len[i])) continue;
        int dup = 0; /* a correction may repeat a word: count it once */
        for (size_t k = 0; k < i && !dup; k++)
            dup = q->terms[k].len == t->len && !memcmp(q->terms[k].term, t->term, t->len);
        if (dup) continue;
        if (known[i] && !t->orig) {
            want += 1;
            got += in[i] & IN_TITLE_OR_HEADING ? 1 : in[i] & IN_BODY ? CONF_BODY : 0;
        } else if (!q->known_words ||
                   (q->word[i] && smp_words_has(q->word[i], q->word_len[i]))) {
            want += CONF_UNKNOWN; /* a word of the language the articles lack */
        }
    }
    *out = want > 0 ? got / want : 0;
    return SMP_OK;
}
