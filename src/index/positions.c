/*
 * positions.c - reading the word positions of a term's postings.
 *
 * A term's positions (layout in write.c) follow its postings block
 * by block: for every block of 128 postings, one Stream VByte stream of
 * as many values as the block's term frequencies add up to.  A posting's
 * first value is its first position, the others are gaps (>= 0) from the
 * one before.  The reader decodes a whole block when the cursor enters
 * it, using the term frequencies the cursor already decoded.
 */
#include <stdlib.h>
#include <string.h>

#include "index/format.h"
#include "index/index.h"
#include "index/svb_decode.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* A block never holds more positions than this (a bound against damaged
 * term frequencies; 128 passages of 16 MiB of one-letter words). */
#define MAX_BLOCK_POSITIONS (1u << 30)

int smp_pos_init(smp_pos_reader *r, const smp_term_info *ti) {
    memset(r, 0, sizeof *r);
    r->block = -1;
    if (!ti->pos) return SMP_ECORRUPT;
    r->nblocks = (ti->df + SMP_BLOCK_SIZE - 1) / SMP_BLOCK_SIZE;
    size_t tsize = r->nblocks > 1 ? (size_t)r->nblocks * SMP_POS_BLOCK_ENTRY : 0;
    if (tsize > ti->pos_len) return SMP_ECORRUPT;
    r->table = ti->pos;
    r->data = ti->pos + tsize;
    r->data_len = ti->pos_len - tsize;
    return SMP_OK;
}

void smp_pos_free(smp_pos_reader *r) {
    free(r->val);
    r->val = NULL;
    r->cap = 0;
    r->block = -1;
}

/* Room for n positions in r->val: 0, or -1 when out of memory. */
static int reserve(smp_pos_reader *r, uint32_t n) {
    if (n <= r->cap) return 0;
    uint32_t nc = r->cap ? r->cap : 256;
    while (nc < n) nc *= 2;
    uint32_t *v = realloc(r->val, (size_t)nc * sizeof *v);
    if (!v) return -1;
    r->val = v;
    r->cap = nc;
    return 0;
}

static int load(smp_pos_reader *r, const smp_cursor *c) {
    uint32_t b = c->block;
    if (b >= r->nblocks) return SMP_ECORRUPT;
    const uint8_t *e = r->table + (size_t)b * SMP_POS_BLOCK_ENTRY; /* block b's end */
    uint64_t start = b && r->nblocks > 1 ? smp_get_u32(e - SMP_POS_BLOCK_ENTRY) : 0;
    uint64_t end = r->nblocks > 1 ? smp_get_u32(e) : r->data_len;
    if (start > end || end > r->data_len) return SMP_ECORRUPT;
    uint64_t total = 0;
    for (uint32_t i = 0; i < c->n; i++) {
        uint64_t tf = (uint64_t)c->tf[0][i] + c->tf[1][i] + c->tf[2][i];
        r->off[i] = (uint32_t)total;
        total += tf;
        /* a posting is at least one occurrence; a block whose term
           frequencies are all 0 would leave val unallocated under the
           postings' offsets */
        if (tf == 0 || total > MAX_BLOCK_POSITIONS) return SMP_ECORRUPT;
    }
    r->off[c->n] = (uint32_t)total;
    if (reserve(r, (uint32_t)total)) return SMP_ENOMEM;
    if (smp_stream_decode(r->data + start, end - start, (uint32_t)total, r->val) == 0)
        return SMP_ECORRUPT;
    for (uint32_t i = 0; i < c->n; i++) { /* gaps to positions */
        uint32_t *p = r->val + r->off[i];
        uint32_t k = r->off[i + 1] - r->off[i];
        for (uint32_t j = 1; j < k; j++) {
            if (p[j] > UINT32_MAX - p[j - 1]) return SMP_ECORRUPT;
            p[j] += p[j - 1];
        }
    }
    r->block = b;
    return SMP_OK;
}

int smp_pos_get(smp_pos_reader *r, const smp_cursor *c, const uint32_t **pos, uint32_t *n) {
    if (r->block != (int64_t)c->block) {
        int rc = load(r, c);
        if (rc) {
            r->block = -1;
            return rc;
        }
    }
    *pos = r->val + r->off[c->i];
    *n = r->off[c->i + 1] - r->off[c->i];
    return SMP_OK;
}

int smp_pos_get_one(smp_pos_reader *r, const smp_cursor *c, const uint32_t **pos, uint32_t *n) {
    if (r->block == (int64_t)c->block) return smp_pos_get(r, c, pos, n);
    uint32_t b = c->block;
    if (b >= r->nblocks || c->i >= c->n) return SMP_ECORRUPT;
    const uint8_t *e = r->table + (size_t)b * SMP_POS_BLOCK_ENTRY; /* block b's end */
    uint64_t start = b && r->nblocks > 1 ? smp_get_u32(e - SMP_POS_BLOCK_ENTRY) : 0;
    uint64_t end = r->nblocks > 1 ? smp_get_u32(e) : r->data_len;
    if (start > end || end > r->data_len) return SMP_ECORRUPT;
    /* the block's positions before the posting's, and in all */
    /* sums in 32 bits: a sum that wraps is past MAX_BLOCK_POSITIONS in a
       damaged block, whose offsets are then wrong, but every read below
       stays within the block's bytes */
    uint32_t before = 0, total = 0, zero = 0, k;
    uint32_t i = 0;
#ifdef __SSE2__
    {
        __m128i vb = _mm_setzero_si128(), vt = _mm_setzero_si128(), vz = vt;
        const __m128i zeros = _mm_setzero_si128();
        for (; i + 4 <= c->n; i += 4) {
            __m128i t = _mm_add_epi32(
                _mm_add_epi32(_mm_loadu_si128((const __m128i *)(const void *)(c->tf[0] + i)),
                              _mm_loadu_si128((const __m128i *)(const void *)(c->tf[1] + i))),
                _mm_loadu_si128((const __m128i *)(const void *)(c->tf[2] + i)));
            vz = _mm_or_si128(vz, _mm_cmpeq_epi32(t, zeros));
            vt = _mm_add_epi32(vt, t);
            if (i + 4 <= c->i) vb = _mm_add_epi32(vb, t);
        }
        uint32_t x[4], y[4];
        _mm_storeu_si128((__m128i *)(void *)x, vt);
        _mm_storeu_si128((__m128i *)(void *)y, vb);
        total = x[0] + x[1] + x[2] + x[3];
        before = y[0] + y[1] + y[2] + y[3];
        zero = _mm_movemask_epi8(vz) != 0;
        /* the posting's own group of four: those before it */
        for (uint32_t j = c->i & ~3u; j < c->i && j < i; j++)
            before += c->tf[0][j] + c->tf[1][j] + c->tf[2][j];
    }
#endif
    for (; i < c->n; i++) {
        uint32_t t = c->tf[0][i] + c->tf[1][i] + c->tf[2][i];
        before += i < c->i ? t : 0;
        total += t;
        zero |= t == 0;
    }
    k = c->tf[0][c->i] + c->tf[1][c->i] + c->tf[2][c->i];
    if (before > total || k > total - before) return SMP_ECORRUPT;
    /* a posting is at least one occurrence */
    if (zero || total > MAX_BLOCK_POSITIONS) return SMP_ECORRUPT;
    if (reserve(r, k)) return SMP_ENOMEM;
    r->block = -1; /* val holds no whole block now */
    uint32_t *p = r->val;
    if (!smp_svb_decode_range(r->data + start, end - start, (uint32_t)total, (uint32_t)before,
                              (uint32_t)k, p))
        return SMP_ECORRUPT;
    for (uint32_t j = 1; j < k; j++) { /* gaps to positions */
        if (p[j] > UINT32_MAX - p[j - 1]) return SMP_ECORRUPT;
        p[j] += p[j - 1];
    }
    *pos = p;
    *n = (uint32_t)k;
    return SMP_OK;
}
