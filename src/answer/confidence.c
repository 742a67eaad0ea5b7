/*
 * confidence.c - whether the best passage answers the question at all.
 *
 * Search always finds the passages that match best; for a question the
 * articles do not answer ("how do I fix a leaking tap" against beauty
 * articles) the best of them is still a weak match, and presenting it as
 * the answer misleads.  The confidence is the share of the question's
 * content that the best passage covers: the sum of the idf of the
 * question's own content words (not filler, not words the aliases added)
 * that occur in the passage (its title, heading or text), over the sum of
 * the idf of all of them.  A word the index does not hold at all weighs
 * as the rarest word would; a word spelling correction replaced counts
 * half, since the correction is a guess.  A question of filler only is
 * measured over all its words.  Below the threshold (calibrated on the
 * development questions and the off-topic ones, tests/relevance), the
 * results say there is no good answer.
 */
#include <stdlib.h>
#include <string.h>

#include "answer/answer.h"

typedef struct seen {
    const smp_qterm *q;
    size_t n;
    unsigned char *hit; /* per term: found in the passage */
} seen;

static int on_term(void *ud, const char *term, size_t len, const smp_token *tok) {
    seen *s = ud;
    (void)tok;
    for (size_t i = 0; i < s->n; i++)
        if (!s->hit[i] && s->q[i].len == len && !memcmp(s->q[i].term, term, len)) s->hit[i] = 1;
    return 0;
}

int smp_confidence(smp_stemmer *st, const smp_qterm *q, size_t nq, size_t nown,
                   double max_idf, const char *const *fields, const size_t *lens, size_t nfields,
                   double *out) {
    unsigned char hit[256];
    double idf[256];
    size_t n = nown < sizeof hit ? nown : sizeof hit, na = nq < sizeof hit ? nq : sizeof hit;
    memset(hit, 0, na);
    seen s = {q, na, hit};
    for (size_t f = 0; f < nfields; f++) {
        int rc = smp_analyze(st, fields[f], lens[f], on_term, &s);
        if (rc) return rc;
    }
    /* a word is found, and known, in any of its languages' forms */
    for (size_t i = 0; i < n; i++) idf[i] = q[i].idf;
    for (size_t j = n; j < na; j++) {
        size_t i = q[j].form_of;
        if (!i || i > n) continue;
        if (hit[j]) hit[i - 1] = 1;
        if (q[j].idf > idf[i - 1]) idf[i - 1] = q[j].idf;
    }
    int content = 0;
    for (size_t i = 0; i < n; i++) content |= !q[i].filler && !q[i].alt;
    double want = 0, got = 0, known = 0;
    for (size_t i = 0; i < n; i++) {
        if (q[i].alt || (content && q[i].filler)) continue;
        int dup = 0; /* a correction may repeat a word: count it once */
        for (size_t k = 0; k < i && !dup; k++)
            dup = q[k].len == q[i].len && !memcmp(q[k].term, q[i].term, q[i].len);
        if (dup) continue;
        double w = idf[i] > 0 ? idf[i] : max_idf; /* not in the index: the rarest */
        if (q[i].orig) w *= 0.5;                  /* a corrected word: a guess */
        want += w;
        if (hit[i]) got += w;
        if (idf[i] > 0 && !q[i].orig) known += w;
    }
    double cov = want > 0 ? got / want : 0, voc = want > 0 ? known / want : 0;
    *out = cov * voc;
    return SMP_OK;
}
