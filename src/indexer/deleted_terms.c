/*
 * deleted_terms.c - the terms of deleted passages: when an update deletes
 * passages from a segment, the manifest records which terms they held and
 * in how many of them (its DELETED section, manifest.c), so that readers
 * get document frequencies over the live passages with a lookup
 * (index.c).  The terms are found by analysing the passages' stored title,
 * heading and text as the builder analysed them when indexing; `smpsearch
 * check` counts them again from the postings.
 */
#include <stdlib.h>
#include <string.h>

#include "indexer/indexer.h"

static void bag_add(smp_termbag *b, const char *t, size_t len, uint32_t count) {
    if (b->rc) return;
    if (b->n == b->cap) {
        size_t nc = b->cap ? 2 * b->cap : 256;
        char **nt = realloc(b->t, sizeof *nt * nc);
        if (nt) b->t = nt;
        uint32_t *nl = realloc(b->len, sizeof *nl * nc);
        if (nl) b->len = nl;
        uint32_t *ncount = realloc(b->count, sizeof *ncount * nc);
        if (ncount) b->count = ncount;
        if (!nt || !nl || !ncount) {
            b->rc = SMP_ENOMEM;
            return;
        }
        b->cap = nc;
    }
    if (!(b->t[b->n] = malloc(len + 1))) {
        b->rc = SMP_ENOMEM;
        return;
    }
    memcpy(b->t[b->n], t, len);
    b->len[b->n] = (uint32_t)len;
    b->count[b->n++] = count;
}

void smp_termbag_free(smp_termbag *b) {
    for (size_t i = 0; i < b->n; i++) free(b->t[i]);
    free(b->t);
    free(b->len);
    free(b->count);
    memset(b, 0, sizeof *b);
}

static int on_deleted_term(void *ud, const char *term, size_t len, const smp_token *tok) {
    (void)tok;
    bag_add(ud, term, len, 1);
    return ((smp_termbag *)ud)->rc;
}

/* Sorts the bag's entries (smp_term_cmp) and adds up the counts of equal
 * terms into one entry. */
static void bag_sum(smp_termbag *b) {
    size_t *ix = malloc(sizeof *ix * (b->n + 1));
    char **t = malloc(sizeof *t * (b->n + 1));
    uint32_t *len = malloc(sizeof *len * (b->n + 1)), *count = malloc(sizeof *count * (b->n + 1));
    if (!ix || !t || !len || !count) {
        free(ix), free(t), free(len), free(count);
        b->rc = SMP_ENOMEM;
        return;
    }
    /* merge sort of indexes, bottom up */
    size_t *tmp = malloc(sizeof *tmp * (b->n + 1));
    if (!tmp) {
        free(ix), free(t), free(len), free(count);
        b->rc = SMP_ENOMEM;
        return;
    }
    for (size_t i = 0; i < b->n; i++) ix[i] = i;
    for (size_t w = 1; w < b->n; w *= 2) {
        for (size_t lo = 0; lo < b->n; lo += 2 * w) {
            size_t mid = lo + w < b->n ? lo + w : b->n, hi = lo + 2 * w < b->n ? lo + 2 * w : b->n;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                tmp[o++] = smp_term_cmp(b->t[ix[j]], b->len[ix[j]], b->t[ix[i]], b->len[ix[i]]) < 0
                               ? ix[j++] : ix[i++];
            while (i < mid) tmp[o++] = ix[i++];
            while (j < hi) tmp[o++] = ix[j++];
        }
        size_t *sw = ix;
        ix = tmp;
        tmp = sw;
    }
    size_t m = 0;
    for (size_t k = 0; k < b->n; k++) {
        size_t i = ix[k];
        if (m && !smp_term_cmp(t[m - 1], len[m - 1], b->t[i], b->len[i])) {
            count[m - 1] += b->count[i];
            free(b->t[i]);
        } else {
            t[m] = b->t[i];
            len[m] = b->len[i];
            count[m++] = b->count[i];
        }
    }
    free(ix);
    free(tmp);
    free(b->t), free(b->len), free(b->count);
    b->t = t, b->len = len, b->count = count, b->n = m, b->cap = b->n;
}

/* Adds the terms of passages [first, end) of segment s to bag: each
 * passage's terms once, as the inverter counts them (its title, heading
 * and text analysed as builder.c analyses them). */
int smp_deleted_terms(const smp_segment *ix, smp_stemmer *st, uint32_t first, uint32_t end,
                      smp_termbag *bag, smp_store_reader *rd) {
    int rc = SMP_OK;
    for (uint32_t d = first; d < end && rc == SMP_OK; d++) {
        smp_doc_info di;
        const char *aid, *title, *path, *heading, *text;
        uint32_t hl, tl;
        rc = smp_segment_doc(ix, d, &di);
        if (rc == SMP_OK) rc = smp_segment_article(ix, di.article, &aid, &title, &path);
        if (rc == SMP_OK) rc = smp_segment_passage(ix, &di, rd, &heading, &hl, &text, &tl);
        if (rc) return rc;
        smp_termbag one = {0};
        /* the heading as builder.c has it: up to its first NUL */
        size_t hlen = strnlen(heading, hl);
        if ((rc = smp_analyze(st, title, strlen(title), on_deleted_term, &one)) == SMP_OK &&
            (rc = smp_analyze(st, heading, hlen, on_deleted_term, &one)) == SMP_OK)
            rc = smp_analyze(st, text, tl, on_deleted_term, &one);
        if (rc == SMP_OK) bag_sum(&one);
        for (size_t i = 0; rc == SMP_OK && i < one.n; i++) bag_add(bag, one.t[i], one.len[i], 1);
        if (rc == SMP_OK) rc = one.rc ? one.rc : bag->rc;
        smp_termbag_free(&one);
        if (rc) return SMP_ENOMEM;
    }
    return SMP_OK;
}

/* Adds the bag's counts to segment s's table of deleted terms. */
int smp_mseg_add_terms(smp_mseg *s, smp_termbag *bag) {
    for (uint32_t i = 0; i < s->ndt; i++) { /* the table so far, into the bag */
        uint32_t a = i ? s->dend[i - 1] : 0;
        bag_add(bag, s->dblob + a, s->dend[i] - a, s->dcount[i]);
    }
    bag_sum(bag);
    if (bag->rc) return SMP_ENOMEM;
    size_t blen = 0;
    for (size_t i = 0; i < bag->n; i++) blen += bag->len[i];
    char *blob = malloc(blen + 1);
    uint32_t *dend = malloc(sizeof *dend * (bag->n + 1)), *dcount = malloc(sizeof *dcount * (bag->n + 1));
    if (!blob || !dend || !dcount || blen > UINT32_MAX) {
        free(blob), free(dend), free(dcount);
        return SMP_ENOMEM;
    }
    size_t o = 0;
    for (size_t i = 0; i < bag->n; i++) {
        memcpy(blob + o, bag->t[i], bag->len[i]);
        o += bag->len[i];
        dend[i] = (uint32_t)o;
        dcount[i] = bag->count[i];
    }
    free(s->dblob), free(s->dend), free(s->dcount);
    s->dblob = blob, s->dend = dend, s->dcount = dcount, s->ndt = (uint32_t)bag->n;
    return SMP_OK;
}
