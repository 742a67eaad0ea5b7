/*
 * cursor.c - iterating one term's postings: block decoding, skipping with
 * the block table, and score bounds for dynamic pruning.
 *
 * The postings layout is described in write.c: a table of 16-byte
 * entries (last docid, end of data, max tf of title/heading/body, shortest
 * body) when the term has more than one block, then the blocks.  Every
 * value read from the table is checked before use.
 */
#include <string.h>

#include "index/format.h"
#include "index/index.h"

static const uint8_t *entry(const smp_cursor *c, uint32_t b) {
    return c->table + (size_t)b * SMP_BLOCK_ENTRY;
}

uint32_t smp_cursor_block_last(const smp_cursor *c, uint32_t b) {
    /* a single block has no table, but it is the block held */
    return c->nblocks == 1 ? c->docids[c->n - 1] : smp_get_u32(entry(c, b) + SMP_BLOCK_LAST);
}

static int load_block(smp_cursor *c, uint32_t b, uint64_t N) {
    /* a single block has no table and fills the postings */
    const uint8_t *e = c->nblocks > 1 ? entry(c, b) : NULL;
    uint32_t start = b && e ? smp_get_u32(e - SMP_BLOCK_ENTRY + SMP_BLOCK_END) : 0;
    uint32_t end = e ? smp_get_u32(e + SMP_BLOCK_END) : (uint32_t)c->data_len;
    if (end < start || end > c->data_len) return SMP_ECORRUPT;
    uint32_t n = b + 1 < c->nblocks ? SMP_BLOCK_SIZE : c->ti.df - SMP_BLOCK_SIZE * b;
    /* the decoder may read on to the end of the term's postings (its fast
       loops then run to the end of each stream), but the block must end
       where the table says */
    size_t used = smp_block_decode_docids(c->data + start, c->data_len - start, n,
                                          c->prev_last, c->docids);
    if (used == 0 || used > end - start || (e && c->docids[n - 1] != smp_get_u32(e + SMP_BLOCK_LAST)) ||
        c->docids[n - 1] >= N)
        return SMP_ECORRUPT;
    c->prev_last = c->docids[n - 1];
    c->block = b;
    c->n = n;
    c->i = 0;
    c->doc = c->docids[0];
    c->tf_at = start + used;
    c->tf_end = end;
    c->ntf = 0;
    return c->lazy ? SMP_OK : smp_cursor_decode_tf(c, 3);
}

int smp_cursor_decode_tf(smp_cursor *c, int nf) {
    if (c->ntf >= nf) return SMP_OK;
    uint32_t *tf[3] = {c->tf[0], c->tf[1], c->tf[2]};
    size_t used = smp_block_decode_tf(c->data + c->tf_at, c->data_len - c->tf_at, c->n, c->ntf,
                                      nf, tf);
    if (used == 0 || used > c->tf_end - c->tf_at) return SMP_ECORRUPT;
    c->tf_at += used;
    c->ntf = nf;
    return SMP_OK;
}

int smp_cursor_init(smp_cursor *c, uint64_t N) {
    c->nblocks = (c->ti.df + SMP_BLOCK_SIZE - 1) / SMP_BLOCK_SIZE;
    size_t tsize = c->nblocks > 1 ? (size_t)c->nblocks * SMP_BLOCK_ENTRY : 0;
    if (c->nblocks == 0 || tsize > c->ti.post_len) return SMP_ECORRUPT;
    c->table = c->ti.post;
    c->data = c->ti.post + tsize;
    c->data_len = c->ti.post_len - tsize;
    c->prev_last = UINT32_MAX;
    c->scale = 1;
    c->fields = 7;
    int rc = load_block(c, 0, N);
    if (rc || c->nblocks > 1) return rc;
    if ((rc = smp_cursor_decode_tf(c, 3))) return rc;
    /* one block, no table: its maximum term frequencies from the block */
    memset(c->max1, 0, sizeof c->max1);
    for (uint32_t i = 0; i < c->n; i++)
        for (int f = 0; f < 3; f++)
            if (c->tf[f][i] > c->max1[f]) c->max1[f] = c->tf[f][i];
    c->minlen1 = 0; /* body lengths are not at hand: 0 is a safe bound */
    return SMP_OK;
}

int smp_cursor_next_block(smp_cursor *c, uint64_t N) {
    c->i = c->n;
    if (c->block + 1 >= c->nblocks) {
        c->doc = UINT32_MAX;
        return SMP_OK;
    }
    return load_block(c, c->block + 1, N);
}

uint32_t smp_cursor_block_of(const smp_cursor *c, uint32_t target) {
    if (c->nblocks == 1) return c->doc == UINT32_MAX || c->docids[c->n - 1] < target ? 1 : 0;
    uint32_t lo = c->block, hi = c->nblocks; /* first block whose last >= target */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (smp_cursor_block_last(c, mid) < target) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

int smp_cursor_skip_to(smp_cursor *c, uint32_t target, uint64_t N) {
    if (c->doc >= target) return SMP_OK;
    if (c->docids[c->n - 1] < target) {
        uint32_t b = smp_cursor_block_of(c, target);
        if (b >= c->nblocks) {
            c->doc = UINT32_MAX;
            return SMP_OK;
        }
        /* the gaps of block b start from the last docid of block b - 1 */
        c->prev_last = smp_cursor_block_last(c, b - 1);
        int rc = load_block(c, b, N);
        if (rc) return rc;
    }
    uint32_t lo = c->i, hi = c->n - 1; /* first docid >= target in the block */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (c->docids[mid] < target) lo = mid + 1;
        else hi = mid;
    }
    c->i = lo;
    c->doc = c->docids[lo];
    return SMP_OK;
}

void smp_cursor_block_max(const smp_cursor *c, uint32_t b, uint32_t maxtf[3],
                          uint32_t *minlen) {
    maxtf[0] = maxtf[1] = maxtf[2] = 0;
    *minlen = UINT32_MAX;
    if (c->nblocks == 1) {
        memcpy(maxtf, c->max1, 3 * sizeof maxtf[0]);
        *minlen = c->minlen1;
        return;
    }
    uint32_t from = b < c->nblocks ? b : 0, to = b < c->nblocks ? b + 1 : c->nblocks;
    for (uint32_t k = from; k < to; k++) {
        smp_block_entry be;
        smp_block_get(entry(c, k), &be);
        for (int f = 0; f < 3; f++) {
            uint32_t v = be.max_tf[f];
            if (v == UINT16_MAX) v = UINT32_MAX; /* saturated: no bound */
            if (v > maxtf[f]) maxtf[f] = v;
        }
        if (be.min_body < *minlen) *minlen = be.min_body;
    }
}
