/*
 * phrase.c - matching a quoted phrase in a passage with word positions.
 *
 * A phrase holds its own cursors (apart from the scoring ones) and a
 * positions reader per word.  Passages are asked about in ascending
 * order, as the top-k evaluation meets them, so the cursors only move
 * forward.  Without positions in the index, a phrase asks only that all
 * its words be in the passage.
 */
#include <stdlib.h>
#include <string.h>

#include "search/search.h"

int smp_phrase_init(smp_phrase *ph, const smp_segment *ix, const smp_term_info *ti,
                    const uint32_t *offset, size_t n) {
    memset(ph, 0, sizeof *ph);
    if (n == 0 || n > SMP_MAX_PHRASE_TERMS) return SMP_EINVAL;
    ph->N = smp_segment_passages(ix);
    ph->positions = smp_segment_has_positions(ix);
    ph->cur = calloc(n, sizeof *ph->cur);
    ph->pr = calloc(n, sizeof *ph->pr);
    if (!ph->cur || !ph->pr) {
        smp_phrase_free(ph);
        return SMP_ENOMEM;
    }
    ph->n = n;
    for (size_t k = 0; k < n; k++) {
        ph->cur[k].ti = ti[k];
        ph->offset[k] = offset[k];
        ph->pr[k].block = -1;
        int rc = smp_cursor_init(&ph->cur[k], ph->N);
        if (rc == SMP_OK && ph->positions) rc = smp_pos_init(&ph->pr[k], &ti[k]);
        if (rc) {
            smp_phrase_free(ph);
            return rc;
        }
    }
    return SMP_OK;
}

void smp_phrase_free(smp_phrase *ph) {
    if (ph->pr)
        for (size_t k = 0; k < ph->n; k++) smp_pos_free(&ph->pr[k]);
    free(ph->cur);
    free(ph->pr);
    memset(ph, 0, sizeof *ph);
}

static int contains(const uint32_t *p, uint32_t n, uint32_t v) {
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (p[mid] < v) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && p[lo] == v;
}

int smp_phrase_match(smp_phrase *ph, uint32_t doc) {
    for (size_t k = 0; k < ph->n; k++) {
        int rc = smp_cursor_skip_to(&ph->cur[k], doc, ph->N);
        if (rc) return rc;
        if (ph->cur[k].doc != doc) return 0;
    }
    if (!ph->positions || ph->n == 1) return 1;
    const uint32_t *pos[SMP_MAX_PHRASE_TERMS];
    uint32_t np[SMP_MAX_PHRASE_TERMS];
    size_t rarest = 0;
    for (size_t k = 0; k < ph->n; k++) {
        int rc = smp_pos_get(&ph->pr[k], &ph->cur[k], &pos[k], &np[k]);
        if (rc) return rc;
        if (np[k] < np[rarest]) rarest = k;
    }
    /* each place of the rarest word fixes where the phrase would start */
    for (uint32_t j = 0; j < np[rarest]; j++) {
        if (pos[rarest][j] < ph->offset[rarest]) continue;
        uint32_t start = pos[rarest][j] - ph->offset[rarest];
        size_t k;
        for (k = 0; k < ph->n; k++)
            if (k != rarest && !contains(pos[k], np[k], start + ph->offset[k])) break;
        if (k == ph->n) return 1;
    }
    return 0;
}
