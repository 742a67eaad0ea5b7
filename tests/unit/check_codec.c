/*
 * check_codec.c - tests of the posting block codec (codec.c):
 * smp_block_encode / smp_block_decode / smp_block_max_bytes, and of the
 * Stream VByte decoders it uses (svb_decode.c), every implementation
 * against libstreamvbyte's streamvbyte_decode / streamvbyte_decode_0124.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <streamvbyte.h>
#include <unistd.h>

#include "answer/answer.h"
#include "indexer/indexer.h"
#include "index/svb_decode.h"
#include "helpers.h"

/* ---- a deterministic PRNG (xorshift64*) ------------------------------- */

static uint64_t rng_state;

static void rng_seed(uint64_t s) { rng_state = s ? s : 0x9E3779B97F4A7C15ull; }

static uint32_t rng_u32(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545F4914F6CDD1Dull) >> 32);
}

/* ---- a block of postings ---------------------------------------------- */

typedef struct blk {
    uint32_t n;
    uint32_t prev;
    uint32_t docids[SMP_BLOCK_SIZE];
    uint32_t tf[3][SMP_BLOCK_SIZE];
} blk;

/* Strictly increasing random docids after prev (from -1 when prev is
 * UINT32_MAX), gaps in [1, maxgap]; random tfs of mixed sizes. */
static void blk_random(blk *b, uint32_t n, uint32_t prev, uint32_t maxgap) {
    memset(b, 0, sizeof *b);
    b->n = n;
    b->prev = prev;
    uint32_t d = prev;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t gap = 1 + rng_u32() % maxgap;
        d += gap; /* from UINT32_MAX, wraps to gap - 1 */
        b->docids[i] = d;
        for (int f = 0; f < 3; f++) {
            switch (rng_u32() % 5) {
            case 0: b->tf[f][i] = 0; break;
            case 1: b->tf[f][i] = rng_u32() % 256; break;
            case 2: b->tf[f][i] = rng_u32() % 65536; break;
            case 3: b->tf[f][i] = rng_u32(); break;
            default: b->tf[f][i] = 1 + rng_u32() % 4; break;
            }
        }
    }
}

static size_t blk_encode(const blk *b, uint8_t *out) {
    const uint32_t *tf[3] = {b->tf[0], b->tf[1], b->tf[2]};
    return smp_block_encode(b->docids, tf, b->n, b->prev, out);
}

/* Decodes in[0..avail) and returns the decoder's result; on success the
 * decoded postings must equal b's. */
static size_t blk_decode_check(const blk *b, const uint8_t *in, size_t avail) {
    uint32_t docids[SMP_BLOCK_SIZE], tfs[3][SMP_BLOCK_SIZE];
    uint32_t *tf[3] = {tfs[0], tfs[1], tfs[2]};
    size_t got = smp_block_decode(in, avail, b->n, b->prev, docids, tf);
    if (got) {
        for (uint32_t i = 0; i < b->n; i++) {
            ck_assert_uint_eq(docids[i], b->docids[i]);
            for (int f = 0; f < 3; f++) ck_assert_uint_eq(tfs[f][i], b->tf[f][i]);
        }
    }
    return got;
}

/* Encoded size of n values in Stream VByte (1234) and 0124, computed
 * independently of the library. */
static size_t svb_size(const uint32_t *v, uint32_t n) {
    size_t s = (n + 3) / 4;
    for (uint32_t i = 0; i < n; i++)
        s += v[i] < (1u << 8) ? 1 : v[i] < (1u << 16) ? 2 : v[i] < (1u << 24) ? 3 : 4;
    return s;
}

static size_t svb0124_size(const uint32_t *v, uint32_t n) {
    size_t s = (n + 3) / 4;
    for (uint32_t i = 0; i < n; i++)
        s += v[i] == 0 ? 0 : v[i] < (1u << 8) ? 1 : v[i] < (1u << 16) ? 2 : 4;
    return s;
}

static size_t expected_size(const blk *b) {
    uint32_t gaps[SMP_BLOCK_SIZE];
    uint32_t prev = b->prev;
    for (uint32_t i = 0; i < b->n; i++) {
        gaps[i] = b->docids[i] - prev;
        prev = b->docids[i];
    }
    size_t s = svb_size(gaps, b->n);
    for (int f = 0; f < 3; f++) s += svb0124_size(b->tf[f], b->n);
    return s;
}

/* A buffer whose last `len` bytes end exactly at a PROT_NONE page, so
 * that any read past them faults. */
typedef struct guarded {
    uint8_t *map;
    size_t maplen;
} guarded;

static uint8_t *guarded_copy(guarded *g, const uint8_t *src, size_t len) {
    long ps = sysconf(_SC_PAGESIZE);
    ck_assert_int_gt(ps, 0);
    size_t page = (size_t)ps;
    size_t data_pages = (len + page - 1) / page + 1;
    g->maplen = (data_pages + 1) * page;
    g->map = mmap(NULL, g->maplen, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert(g->map != MAP_FAILED);
    ck_assert_int_eq(mprotect(g->map + data_pages * page, page, PROT_NONE), 0);
    uint8_t *p = g->map + data_pages * page - len;
    memcpy(p, src, len);
    return p;
}

static void guarded_free(guarded *g) { munmap(g->map, g->maplen); }

/* The full round-trip check of one block:
 *  - the encoded size is what Stream VByte defines and at most
 *    smp_block_max_bytes(n), and nothing is written past it;
 *  - decoding returns that size and the same postings, from aligned and
 *    misaligned buffers, with exactly the bytes and with extra bytes;
 *  - decoding with one byte less returns 0;
 *  - decoding from bytes that end at an unmapped page does not fault. */
static void roundtrip(const blk *b) {
    size_t max = smp_block_max_bytes(b->n);
    uint8_t *out = malloc(max + 64);
    ck_assert_ptr_nonnull(out);
    memset(out, 0xA5, max + 64);
    size_t size = blk_encode(b, out);
    ck_assert_uint_eq(size, expected_size(b));
    ck_assert_uint_le(size, max);
    for (size_t i = size; i < max + 64; i++) ck_assert_uint_eq(out[i], 0xA5);

    ck_assert_uint_eq(blk_decode_check(b, out, size), size);
    ck_assert_uint_eq(blk_decode_check(b, out, max + 64), size);

    /* misaligned copies, exactly sized (ASan sees reads past the end) */
    static const size_t shifts[] = {1, 3};
    for (size_t k = 0; k < 2; k++) {
        uint8_t *buf = malloc(size + shifts[k]);
        ck_assert_ptr_nonnull(buf);
        memset(buf, 0x5A, shifts[k]);
        memcpy(buf + shifts[k], out, size);
        ck_assert_uint_eq(blk_decode_check(b, buf + shifts[k], size), size);
        /* the corruption guard: one byte short is refused */
        ck_assert_uint_eq(blk_decode_check(b, buf + shifts[k], size - 1), 0);
        free(buf);
    }
    ck_assert_uint_eq(blk_decode_check(b, out, size - 1), 0);

    guarded g;
    uint8_t *p = guarded_copy(&g, out, size);
    ck_assert_uint_eq(blk_decode_check(b, p, size), size);
    guarded_free(&g);
    p = guarded_copy(&g, out, size - 1);
    ck_assert_uint_eq(blk_decode_check(b, p, size - 1), 0);
    guarded_free(&g);
    free(out);
}

/* ---- tests ------------------------------------------------------------- */

static const uint32_t small_ns[] = {1, 2, 3, 4, 5, 127, 128};

START_TEST(test_random_small_gaps) {
    rng_seed(0x5EED0001u + (uint64_t)_i);
    blk b;
    blk_random(&b, small_ns[_i], UINT32_MAX, 200);
    roundtrip(&b);
    /* a later block: gaps from the previous block's last docid */
    blk_random(&b, small_ns[_i], 1000000, 70000);
    roundtrip(&b);
}
END_TEST

START_TEST(test_random_large_gaps) {
    /* gaps of 1..4 bytes: up to 2^32 / (n + 1) so that docids fit */
    rng_seed(0x5EED0002u + (uint64_t)_i);
    uint32_t n = small_ns[_i];
    blk b;
    blk_random(&b, n, UINT32_MAX, (uint32_t)((UINT32_MAX - 1) / (n + 1)));
    ck_assert_uint_lt(b.docids[n - 1], UINT32_MAX);
    roundtrip(&b);
}
END_TEST

START_TEST(test_sweep_all_n) {
    /* every block size, several shapes each */
    for (uint32_t n = 1; n <= SMP_BLOCK_SIZE; n++) {
        blk b;
        rng_seed(0xC0DEC000u + n);
        blk_random(&b, n, UINT32_MAX, 3);
        roundtrip(&b);
        blk_random(&b, n, 77, 1u << 20);
        roundtrip(&b);
        blk_random(&b, n, UINT32_MAX, (uint32_t)((UINT32_MAX - 1) / (n + 1)));
        roundtrip(&b);
        /* all-zero title and heading tfs, body 1 */
        for (uint32_t i = 0; i < n; i++) {
            b.tf[0][i] = b.tf[1][i] = 0;
            b.tf[2][i] = 1;
        }
        roundtrip(&b);
    }
}
END_TEST

START_TEST(test_first_docid_zero) {
    blk b;
    memset(&b, 0, sizeof b);
    b.n = 1;
    b.prev = UINT32_MAX;
    b.docids[0] = 0;
    b.tf[2][0] = 1;
    uint8_t out[64];
    size_t size = blk_encode(&b, out);
    /* gap 1: key byte + 1 data byte; three 0124 streams: a key byte each,
       the body tf one data byte */
    ck_assert_uint_eq(size, 2 + 1 + 1 + 2);
    ck_assert_uint_eq(out[0], 0); /* 1-byte code */
    ck_assert_uint_eq(out[1], 1); /* gap from -1 */
    roundtrip(&b);

    /* consecutive docids from 0 */
    b.n = 5;
    for (uint32_t i = 0; i < 5; i++) b.docids[i] = i;
    roundtrip(&b);
}
END_TEST

START_TEST(test_largest_docids) {
    blk b;
    memset(&b, 0, sizeof b);
    /* docid 2^32 - 2 alone: a gap of 2^32 - 1 from -1 */
    b.n = 1;
    b.prev = UINT32_MAX;
    b.docids[0] = UINT32_MAX - 1;
    roundtrip(&b);

    /* 0, then a gap of 2^32 - 2 */
    b.n = 2;
    b.docids[0] = 0;
    b.docids[1] = UINT32_MAX - 1;
    b.tf[0][1] = 3;
    roundtrip(&b);

    /* a later block: previous last docid 0, next one 2^32 - 2 */
    b.n = 1;
    b.prev = 0;
    b.docids[0] = UINT32_MAX - 1;
    roundtrip(&b);

    /* the last docids below 2^32 - 1, consecutive */
    b.n = 4;
    b.prev = UINT32_MAX - 6;
    for (uint32_t i = 0; i < 4; i++) b.docids[i] = UINT32_MAX - 5 + i;
    roundtrip(&b);
}
END_TEST

START_TEST(test_tf_extremes) {
    static const uint32_t vals[] = {0, 1, 255, 256, 65535, 65536, UINT32_MAX};
    const uint32_t nv = sizeof vals / sizeof vals[0];
    blk b;
    memset(&b, 0, sizeof b);
    b.prev = UINT32_MAX;
    /* every value in every field, and every pairing across fields */
    b.n = nv * nv < SMP_BLOCK_SIZE ? nv * nv : SMP_BLOCK_SIZE;
    for (uint32_t i = 0; i < b.n; i++) {
        b.docids[i] = 10 * i + 3;
        b.tf[0][i] = vals[i % nv];
        b.tf[1][i] = vals[(i / nv) % nv];
        b.tf[2][i] = vals[(i + i / nv) % nv];
    }
    roundtrip(&b);
    /* each value alone in a one-posting block: 0124 sizes 0, 1, 1, 2, 2, 4, 4 */
    static const size_t data_bytes[] = {0, 1, 1, 2, 2, 4, 4};
    for (uint32_t v = 0; v < nv; v++) {
        memset(&b, 0, sizeof b);
        b.n = 1;
        b.prev = UINT32_MAX;
        b.docids[0] = 9;
        b.tf[0][0] = b.tf[1][0] = b.tf[2][0] = vals[v];
        uint8_t out[64];
        ck_assert_uint_eq(blk_encode(&b, out), 2 + 3 * (1 + data_bytes[v]));
        roundtrip(&b);
    }
}
END_TEST

START_TEST(test_all_zero_title_heading) {
    blk b;
    rng_seed(42);
    blk_random(&b, SMP_BLOCK_SIZE, UINT32_MAX, 100);
    for (uint32_t i = 0; i < b.n; i++) {
        b.tf[0][i] = b.tf[1][i] = 0;
        b.tf[2][i] = 1 + i % 3;
    }
    uint8_t out[4096];
    size_t size = blk_encode(&b, out);
    /* the title and heading streams are their 32 key bytes, all zero */
    uint32_t gaps[SMP_BLOCK_SIZE], prev = b.prev;
    for (uint32_t i = 0; i < b.n; i++) {
        gaps[i] = b.docids[i] - prev;
        prev = b.docids[i];
    }
    size_t g = svb_size(gaps, b.n);
    for (size_t i = g; i < g + 64; i++) ck_assert_uint_eq(out[i], 0);
    ck_assert_uint_eq(size, g + 64 + 32 + 128);
    roundtrip(&b);
}
END_TEST

START_TEST(test_bad_counts) {
    blk b;
    rng_seed(7);
    blk_random(&b, SMP_BLOCK_SIZE, UINT32_MAX, 100);
    uint8_t out[4096];
    size_t size = blk_encode(&b, out);
    uint32_t docids[SMP_BLOCK_SIZE + 8], tfs[3][SMP_BLOCK_SIZE + 8];
    uint32_t *tf[3] = {tfs[0], tfs[1], tfs[2]};
    ck_assert_uint_eq(smp_block_decode(out, size, 0, UINT32_MAX, docids, tf), 0);
    ck_assert_uint_eq(smp_block_decode(out, sizeof out, SMP_BLOCK_SIZE + 1,
                                       UINT32_MAX, docids, tf), 0);
    ck_assert_uint_eq(smp_block_decode(out, sizeof out, UINT32_MAX, UINT32_MAX,
                                       docids, tf), 0);
    /* nothing at all to read */
    ck_assert_uint_eq(smp_block_decode(out, 0, 1, UINT32_MAX, docids, tf), 0);
    ck_assert_uint_eq(smp_block_decode(out, size, SMP_BLOCK_SIZE, UINT32_MAX,
                                       docids, tf), size);
}
END_TEST

START_TEST(test_corrupt_gap_zero) {
    /* a docid equal to the previous one encodes a gap of 0 */
    blk b;
    memset(&b, 0, sizeof b);
    b.n = 3;
    b.prev = UINT32_MAX;
    b.docids[0] = 4;
    b.docids[1] = 4;
    b.docids[2] = 9;
    uint8_t out[64];
    size_t size = blk_encode(&b, out);
    ck_assert_uint_eq(blk_decode_check(&b, out, size), 0);

    /* gap 0 as the very first gap: docid -1 */
    b.n = 1;
    b.docids[0] = UINT32_MAX;
    size = blk_encode(&b, out);
    ck_assert_uint_eq(out[1], 0);
    ck_assert_uint_eq(blk_decode_check(&b, out, size), 0);

    /* gap 0 from a previous block's last docid */
    b.prev = 17;
    b.docids[0] = 17;
    size = blk_encode(&b, out);
    ck_assert_uint_eq(blk_decode_check(&b, out, size), 0);

    /* a hand-made block: gaps 1, 0 in 1-byte codes, tfs all empty */
    static const uint8_t raw[] = {0x00, 0x01, 0x00, 0x00, 0x00, 0x00};
    uint32_t docids[2], tfs[3][2];
    uint32_t *tf[3] = {tfs[0], tfs[1], tfs[2]};
    ck_assert_uint_eq(smp_block_decode(raw, sizeof raw, 2, UINT32_MAX, docids, tf), 0);
    /* the same with gaps 1, 1 decodes to docids 0, 1 */
    static const uint8_t ok[] = {0x00, 0x01, 0x01, 0x00, 0x00, 0x00};
    ck_assert_uint_eq(smp_block_decode(ok, sizeof ok, 2, UINT32_MAX, docids, tf), 6);
    ck_assert_uint_eq(docids[0], 0);
    ck_assert_uint_eq(docids[1], 1);
    ck_assert_uint_eq(tfs[0][0] | tfs[0][1] | tfs[1][0] | tfs[1][1] | tfs[2][0] | tfs[2][1], 0);
}
END_TEST

START_TEST(test_corrupt_overflow) {
    /* gaps whose sum passes 2^32 wrap around to smaller docids */
    uint32_t docids[4], tfs[3][4];
    uint32_t *tf[3] = {tfs[0], tfs[1], tfs[2]};
    uint8_t out[64];
    blk b;
    memset(&b, 0, sizeof b);
    /* previous block ended at 10; a "gap" of 2^32 - 5 gives docid 5 */
    b.n = 1;
    b.prev = 10;
    b.docids[0] = 5;
    size_t size = blk_encode(&b, out);
    ck_assert_uint_eq(smp_block_decode(out, size, 1, 10, docids, tf), 0);

    /* inside a block: 100, then a gap of 2^32 - 50 */
    b.n = 2;
    b.prev = UINT32_MAX;
    b.docids[0] = 100;
    b.docids[1] = 50;
    size = blk_encode(&b, out);
    ck_assert_uint_eq(smp_block_decode(out, size, 2, UINT32_MAX, docids, tf), 0);

    /* a block reaching docid 2^32 - 1 and wrapping after it: the docids
       decoded would be 2^32 - 1, 4, which do not increase */
    b.n = 2;
    b.prev = 10;
    b.docids[0] = UINT32_MAX;
    b.docids[1] = 4;
    size = blk_encode(&b, out);
    ck_assert_uint_eq(smp_block_decode(out, size, 2, 10, docids, tf), 0);
}
END_TEST

START_TEST(test_corrupt_control_bytes) {
    /* control bytes claiming more data than there is are refused, for
       each of the four streams */
    blk b;
    memset(&b, 0, sizeof b);
    b.n = 4;
    b.prev = UINT32_MAX;
    for (uint32_t i = 0; i < 4; i++) {
        b.docids[i] = i * 2;
        b.tf[2][i] = 1;
    }
    uint8_t out[64];
    size_t size = blk_encode(&b, out);
    /* layout: [key][4 gaps][key][key][key][4 body tfs] */
    ck_assert_uint_eq(size, 1 + 4 + 3 + 4);
    static const size_t key_at[] = {0, 5, 6, 7};
    for (size_t k = 0; k < 4; k++) {
        uint8_t bad[64];
        memcpy(bad, out, size);
        bad[key_at[k]] = 0xFF; /* four 4-byte values */
        uint32_t docids[4], tfs[3][4];
        uint32_t *tf[3] = {tfs[0], tfs[1], tfs[2]};
        ck_assert_uint_eq(smp_block_decode(bad, size, 4, UINT32_MAX, docids, tf), 0);
    }
}
END_TEST

START_TEST(test_max_bytes_bound) {
    /* the worst case: 4-byte gaps and 4-byte tfs everywhere */
    for (uint32_t n = 1; n <= SMP_BLOCK_SIZE; n++) {
        blk b;
        memset(&b, 0, sizeof b);
        b.n = n;
        b.prev = UINT32_MAX;
        uint32_t gap = (UINT32_MAX - 1) / (n + 1);
        ck_assert_uint_ge(gap, 1u << 24);
        for (uint32_t i = 0; i < n; i++) {
            b.docids[i] = (i + 1) * gap;
            for (int f = 0; f < 3; f++) b.tf[f][i] = UINT32_MAX - i;
        }
        size_t want = 4 * ((n + 3) / 4 + 4 * (size_t)n);
        ck_assert_uint_ge(smp_block_max_bytes(n), want);
        uint8_t out[4 * (32 + 4 * SMP_BLOCK_SIZE) + 64];
        ck_assert_uint_eq(blk_encode(&b, out), want);
        roundtrip(&b);
    }
}
END_TEST

START_TEST(test_short_tail_streams_no_overread) {
    /* a corrupt block whose docid stream fills all the bytes given: the
       tf streams are missing, decoding must fail without reading past the
       end (the bytes end at an unmapped page) */
    for (uint32_t n = 1; n <= SMP_BLOCK_SIZE; n++) {
        blk b;
        rng_seed(0xF00D0000u + n);
        blk_random(&b, n, UINT32_MAX, 1000);
        uint8_t out[4096];
        blk_encode(&b, out);
        uint32_t gaps[SMP_BLOCK_SIZE], prev = b.prev;
        for (uint32_t i = 0; i < n; i++) {
            gaps[i] = b.docids[i] - prev;
            prev = b.docids[i];
        }
        size_t g = svb_size(gaps, n);
        guarded gd;
        uint8_t *p = guarded_copy(&gd, out, g);
        uint32_t docids[SMP_BLOCK_SIZE], tfs[3][SMP_BLOCK_SIZE];
        uint32_t *tf[3] = {tfs[0], tfs[1], tfs[2]};
        ck_assert_uint_eq(smp_block_decode(p, g, n, UINT32_MAX, docids, tf), 0);
        guarded_free(&gd);
    }
}
END_TEST

/* ---- the Stream VByte decoders (svb_decode.c) against the library ------ */

typedef size_t (*svb_fn)(const uint8_t *in, uint32_t *out, uint32_t n);

typedef size_t (*svb_within_fn)(const uint8_t *in, size_t avail, uint32_t *out, uint32_t n);

typedef struct svb_impl {
    const char *name;
    svb_fn dec[2]; /* [0]: 1234, [1]: 0124 */
    svb_within_fn within[2];
} svb_impl;

/* The implementations this CPU can run: the scalar one, the dispatching
 * one, and the SSSE3 one when the CPU has SSSE3. */
static size_t svb_impls(svb_impl impl[3]) {
    size_t k = 0;
    impl[k++] = (svb_impl){"scalar",
                           {smp_svb_decode_scalar, smp_svb_decode_0124_scalar},
                           {smp_svb_decode_within_scalar, smp_svb_decode_0124_within_scalar}};
    impl[k++] = (svb_impl){"dispatch",
                           {smp_svb_decode, smp_svb_decode_0124},
                           {smp_svb_decode_within, smp_svb_decode_0124_within}};
#ifdef SMP_SVB_X86
    if (smp_svb_have_ssse3())
        impl[k++] = (svb_impl){"ssse3",
                               {smp_svb_decode_ssse3, smp_svb_decode_0124_ssse3},
                               {smp_svb_decode_within_ssse3, smp_svb_decode_0124_within_ssse3}};
#endif
    return k;
}

static size_t lib_encode(int fmt, const uint32_t *v, uint32_t n, uint8_t *out) {
    return fmt ? streamvbyte_encode_0124(v, n, out) : streamvbyte_encode(v, n, out);
}

static size_t lib_decode(int fmt, const uint8_t *in, uint32_t *out, uint32_t n) {
    return fmt ? streamvbyte_decode_0124(in, out, n) : streamvbyte_decode(in, out, n);
}

/* Value shapes for the streams. */
enum { SHAPE_MIXED, SHAPE_SMALL, SHAPE_ZERO, SHAPE_MAX, SHAPE_SPARSE, SHAPE_COUNT };

/* A value of a random byte length: 0, < 2^8, < 2^16, < 2^24, any, the
 * boundaries between them, UINT32_MAX. */
static uint32_t rng_mixed(void) {
    static const uint32_t edges[] = {0,       1,          255,        256,
                                     65535,   65536,      (1u << 24) - 1,
                                     1u << 24, UINT32_MAX - 1, UINT32_MAX};
    switch (rng_u32() % 7) {
    case 0: return 0;
    case 1: return rng_u32() % 256;
    case 2: return rng_u32() % 65536;
    case 3: return rng_u32() % (1u << 24);
    case 4: return rng_u32();
    case 5: return UINT32_MAX;
    default: return edges[rng_u32() % (sizeof edges / sizeof edges[0])];
    }
}

static void svb_values(uint32_t *v, uint32_t n, int shape) {
    for (uint32_t i = 0; i < n; i++) {
        switch (shape) {
        case SHAPE_MIXED: v[i] = rng_mixed(); break;
        case SHAPE_SMALL: v[i] = 1 + rng_u32() % 40; break;
        case SHAPE_ZERO: v[i] = 0; break;
        case SHAPE_MAX: v[i] = UINT32_MAX; break;
        default: /* mostly zeros (like title tfs), now and then anything */
            v[i] = rng_u32() % 8 ? 0 : rng_mixed();
            break;
        }
    }
}

#define SVB_CANARY 0xDEADBEEFu

/* Decodes the n-value stream enc[0..size) (format fmt) with every
 * implementation, the bytes at the very end of an allocation shifted by
 * in_shift bytes and the output at the very end of one shifted by out_shift
 * values (so ASan sees any access outside them), and once more into a
 * buffer with canaries after out[n - 1]; each must return size and the
 * values want. */
static void svb_check(int fmt, const uint8_t *enc, size_t size, uint32_t n,
                      const uint32_t *want, size_t in_shift, size_t out_shift) {
    uint8_t *ibuf = malloc(in_shift + size + 1); /* + 1: never malloc(0) */
    ck_assert_ptr_nonnull(ibuf);
    memset(ibuf, 0xEE, in_shift + 1);
    uint8_t *in = ibuf + 1 + in_shift;
    memcpy(in, enc, size); /* ends at the end of ibuf */
    uint32_t *obuf = malloc((out_shift + n + 1) * sizeof(uint32_t));
    ck_assert_ptr_nonnull(obuf);
    uint32_t *out = obuf + 1 + out_shift; /* ends at the end of obuf */
    uint32_t *canary = malloc((n + 8) * sizeof(uint32_t));
    ck_assert_ptr_nonnull(canary);
    uint8_t *pad = malloc(size + 32);
    ck_assert_ptr_nonnull(pad);

    svb_impl impl[3];
    size_t nimpl = svb_impls(impl);
    for (size_t k = 0; k < nimpl; k++) {
        memset(out, 0x55, n * sizeof(uint32_t));
        size_t got = impl[k].dec[fmt](in, out, n);
        ck_assert_msg(got == size, "%s %s n=%u shifts %zu/%zu: %zu bytes, want %zu",
                      impl[k].name, fmt ? "0124" : "1234", n, in_shift, out_shift,
                      got, size);
        /* (one assertion per check: each ck_assert costs a system call) */
        uint32_t i = 0;
        while (i < n && out[i] == want[i]) i++;
        if (i < n)
            ck_abort_msg("%s %s n=%u shifts %zu/%zu: out[%u] = %u, want %u",
                         impl[k].name, fmt ? "0124" : "1234", n, in_shift,
                         out_shift, i, out[i], want[i]);
        for (i = 0; i < n + 8; i++) canary[i] = SVB_CANARY;
        ck_assert_uint_eq(impl[k].dec[fmt](in, canary, n), size);
        ck_assert_int_eq(memcmp(canary, want, n * sizeof(uint32_t)), 0);
        for (i = n; i < n + 8 && canary[i] == SVB_CANARY; i++) {}
        ck_assert_msg(i == n + 8, "%s wrote past out[n - 1]", impl[k].name);
        /* bounded: the stream alone (at the end of the allocation), with
           bytes after it (the fast loops run to its end), one byte short */
        memset(out, 0x55, n * sizeof(uint32_t));
        ck_assert_uint_eq(impl[k].within[fmt](in, size, out, n), size);
        ck_assert_int_eq(memcmp(out, want, n * sizeof(uint32_t)), 0);
        memset(pad, 0xA5, size + 32);
        memcpy(pad, enc, size);
        memset(out, 0x55, n * sizeof(uint32_t));
        ck_assert_uint_eq(impl[k].within[fmt](pad, size + 32, out, n), size);
        ck_assert_int_eq(memcmp(out, want, n * sizeof(uint32_t)), 0);
        if (size > 0) ck_assert_uint_eq(impl[k].within[fmt](in, size - 1, out, n), 0);
    }
    free(pad);
    free(canary);
    free(obuf);
    free(ibuf);
}

/* Encodes v[0..n) with the library in format fmt, checks the size against
 * svb_size / svb0124_size and the library's own decoding, then checks our
 * decoders at several alignments. */
static void svb_roundtrip(int fmt, const uint32_t *v, uint32_t n) {
    size_t max = streamvbyte_max_compressedbytes(n);
    uint8_t *enc = malloc(max + 1);
    uint32_t *ref = malloc(((size_t)n + 1) * sizeof(uint32_t));
    ck_assert(enc && ref);
    size_t size = lib_encode(fmt, v, n, enc);
    ck_assert_uint_eq(size, fmt ? svb0124_size(v, n) : svb_size(v, n));
    ck_assert_uint_eq(lib_decode(fmt, enc, ref, n), size);
    ck_assert_int_eq(memcmp(ref, v, (size_t)n * sizeof(uint32_t)), 0);
    static const size_t in_shifts[] = {0, 1, 3, 8, 15};
    for (size_t s = 0; s < sizeof in_shifts / sizeof in_shifts[0]; s++)
        svb_check(fmt, enc, size, n, ref, in_shifts[s], s % 4);
    free(ref);
    free(enc);
}

/* The reference: docids from gaps, 1 when they strictly increase. */
static int prefix_ref(uint32_t *v, uint32_t n, uint32_t prev) {
    for (uint32_t i = 0; i < n; i++) {
        if (v[i] == 0) return 0;
        uint32_t d = prev + v[i];
        if ((i > 0 || prev != UINT32_MAX) && d <= prev) return 0;
        v[i] = prev = d;
    }
    return 1;
}

START_TEST(test_svb_prefix_sum) {
    /* every n of a block; small gaps, gaps near UINT32_MAX (wrapping), a
       gap of 0 at each place; from the start (prev UINT32_MAX) and after
       a block */
    uint32_t g[SMP_BLOCK_SIZE], want[SMP_BLOCK_SIZE], got[SMP_BLOCK_SIZE];
    for (uint32_t n = 0; n <= SMP_BLOCK_SIZE; n++)
        for (int shape = 0; shape < 4; shape++)
            for (int first = 0; first < 2; first++) {
                rng_seed(0x9F5u + 8 * (uint64_t)n + 2 * (uint64_t)shape + (uint64_t)first);
                uint32_t prev = first ? UINT32_MAX : rng_u32() % 1000;
                for (uint32_t i = 0; i < n; i++)
                    g[i] = shape == 1 ? rng_u32() : shape == 3 && i == n / 2 ? 0
                                                                           : 1 + rng_u32() % 300;
                if (shape == 2 && n) g[rng_u32() % n] = UINT32_MAX - rng_u32() % 500;
                memcpy(want, g, sizeof g);
                int ok = prefix_ref(want, n, prev);
                memcpy(got, g, sizeof g);
                ck_assert_int_eq(smp_svb_prefix_sum_scalar(got, n, prev), ok);
                if (ok) ck_assert_int_eq(memcmp(got, want, n * sizeof *got), 0);
                memcpy(got, g, sizeof g);
                ck_assert_int_eq(smp_svb_prefix_sum(got, n, prev), ok);
                if (ok) ck_assert_int_eq(memcmp(got, want, n * sizeof *got), 0);
#ifdef SMP_SVB_X86
                if (smp_svb_have_ssse3()) {
                    memcpy(got, g, sizeof g);
                    ck_assert_int_eq(smp_svb_prefix_sum_ssse3(got, n, prev), ok);
                    if (ok) ck_assert_int_eq(memcmp(got, want, n * sizeof *got), 0);
                }
#endif
            }
}
END_TEST

static const uint32_t svb_big_ns[] = {129, 255, 256, 257, 1000, 1023, 4096, 4099};

START_TEST(test_svb_every_n) {
    /* every n of a block and some larger ones, every shape, both formats */
    uint32_t n = _i <= SMP_BLOCK_SIZE ? (uint32_t)_i
                                      : svb_big_ns[_i - SMP_BLOCK_SIZE - 1];
    uint32_t *v = malloc(((size_t)n + 1) * sizeof(uint32_t));
    ck_assert_ptr_nonnull(v);
    for (int shape = 0; shape < SHAPE_COUNT; shape++) {
        rng_seed(0x5B0000u + 16 * (uint64_t)n + (uint64_t)shape);
        svb_values(v, n, shape);
        for (int fmt = 0; fmt < 2; fmt++) svb_roundtrip(fmt, v, n);
    }
    free(v);
}
END_TEST

START_TEST(test_svb_every_control_byte) {
    /* all 256 control bytes in both formats, in the middle of a stream
       (the 16-byte loads) and in its last quads (the scalar tail) */
    enum { NQ = 256 + 8 };
    uint32_t v[4 * NQ];
    for (int fmt = 0; fmt < 2; fmt++) {
        for (int order = 0; order < 2; order++) {
            rng_seed(0xC7B0u + 2 * (uint64_t)fmt + (uint64_t)order);
            for (uint32_t q = 0; q < NQ; q++) {
                /* order 0: c = 0..255 then 8 x 0xFF; order 1: 8 x 0x00, then
                   c = 255..0 so the last quads have small c */
                unsigned c = order == 0 ? (q < 256 ? q : 0xFF)
                                        : (q < 8 ? 0 : 255 - (q - 8));
                for (unsigned j = 0; j < 4; j++) {
                    unsigned k = (c >> (2 * j)) & 3;
                    uint32_t x = rng_u32();
                    uint32_t val;
                    if (fmt == 0) /* k + 1 bytes */
                        val = k == 3 ? (x | 1u << 24) : k == 0 ? x % 256
                              : (x % (1u << (8 * k))) | 1u << (8 * k);
                    else /* 0, 1, 2 or 4 bytes */
                        val = k == 0 ? 0 : k == 1 ? 1 + x % 255
                              : k == 2 ? (x % 65536) | 256 : x | 65536;
                    v[4 * q + j] = val;
                }
            }
            uint8_t enc[NQ * 17];
            size_t size = lib_encode(fmt, v, 4 * NQ, enc);
            for (uint32_t q = 0; q < NQ; q++) {
                unsigned c = order == 0 ? (q < 256 ? q : 0xFF)
                                        : (q < 8 ? 0 : 255 - (q - 8));
                ck_assert_uint_eq(enc[q], c);
            }
            svb_check(fmt, enc, size, 4 * NQ, v, 0, 0);
            svb_check(fmt, enc, size, 4 * NQ, v, 5, 3);
            /* the same streams cut short after each quad near the end */
            for (uint32_t n = 4 * NQ - 40; n < 4 * NQ; n++) svb_roundtrip(fmt, v, n);
        }
    }
}
END_TEST

START_TEST(test_svb_random_bytes) {
    /* arbitrary control and data bytes, not only what the encoder writes:
       non-minimal lengths, set bits in the unused keys of the last control
       byte */
    for (int fmt = 0; fmt < 2; fmt++) {
        for (uint32_t round = 0; round < 300; round++) {
            rng_seed(0xB17E5u + 1000 * (uint64_t)fmt + round);
            uint32_t n = round < 200 ? round % 133 : rng_u32() % 2000;
            size_t keys = ((size_t)n + 3) / 4;
            uint8_t *buf = malloc(keys + 4 * (size_t)n + 1);
            ck_assert_ptr_nonnull(buf);
            for (size_t i = 0; i < keys; i++) {
                uint32_t r = rng_u32();
                /* now and then runs of zero keys (0124: no data at all) */
                buf[i] = (round % 3 == 0 && r % 4) ? 0 : (uint8_t)(r >> 8);
            }
            size_t size = keys;
            for (uint32_t i = 0; i < n; i++) {
                unsigned k = (buf[i / 4] >> (2 * (i % 4))) & 3;
                size += fmt ? (k == 3 ? 4 : k) : k + 1;
            }
            for (size_t i = keys; i < size; i++) buf[i] = (uint8_t)rng_u32();
            uint32_t *ref = malloc(((size_t)n + 1) * sizeof(uint32_t));
            ck_assert_ptr_nonnull(ref);
            ck_assert_uint_eq(lib_decode(fmt, buf, ref, n), size);
            svb_check(fmt, buf, size, n, ref, round % 16, round % 4);
            free(ref);
            free(buf);
        }
    }
}
END_TEST

START_TEST(test_svb_stream_ends_buffer) {
    /* the stream fills a malloc'd buffer of exactly its size (ASan: any
       read past it is reported) and ends at an unmapped page (any read
       past it faults) */
    uint32_t v[SMP_BLOCK_SIZE * 8];
    uint8_t enc[sizeof v + SMP_BLOCK_SIZE * 2];
    svb_impl impl[3];
    size_t nimpl = svb_impls(impl);
    for (uint32_t n = 1; n <= SMP_BLOCK_SIZE * 8; n += n < 140 ? 1 : 97) {
        for (int shape = 0; shape < SHAPE_COUNT; shape++) {
            rng_seed(0xE4D0000u + 8 * (uint64_t)n + (uint64_t)shape);
            svb_values(v, n, shape);
            for (int fmt = 0; fmt < 2; fmt++) {
                size_t size = lib_encode(fmt, v, n, enc);
                uint8_t *exact = malloc(size);
                ck_assert_ptr_nonnull(exact);
                memcpy(exact, enc, size);
                guarded g;
                uint8_t *p = guarded_copy(&g, enc, size);
                uint32_t out[SMP_BLOCK_SIZE * 8];
                for (size_t k = 0; k < nimpl; k++) {
                    ck_assert_uint_eq(impl[k].dec[fmt](exact, out, n), size);
                    ck_assert_int_eq(memcmp(out, v, n * sizeof(uint32_t)), 0);
                    ck_assert_uint_eq(impl[k].dec[fmt](p, out, n), size);
                    ck_assert_int_eq(memcmp(out, v, n * sizeof(uint32_t)), 0);
                }
                guarded_free(&g);
                free(exact);
            }
        }
    }
}
END_TEST

START_TEST(test_svb_decoder_name) {
    const char *name = smp_codec_decoder();
    ck_assert_ptr_nonnull(name);
#ifdef SMP_SVB_X86
    ck_assert_str_eq(name, smp_svb_have_ssse3() ? "ssse3" : "scalar");
#else
    ck_assert_str_eq(name, "scalar");
    ck_assert_int_eq(smp_svb_have_ssse3(), 0);
#endif
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("codec");
    TCase *tr = tcase_create("roundtrip");
    tcase_add_loop_test(tr, test_random_small_gaps, 0,
                        (int)(sizeof small_ns / sizeof small_ns[0]));
    tcase_add_loop_test(tr, test_random_large_gaps, 0,
                        (int)(sizeof small_ns / sizeof small_ns[0]));
    tcase_add_test(tr, test_sweep_all_n);
    tcase_add_test(tr, test_first_docid_zero);
    tcase_add_test(tr, test_largest_docids);
    tcase_add_test(tr, test_tf_extremes);
    tcase_add_test(tr, test_all_zero_title_heading);
    tcase_add_test(tr, test_max_bytes_bound);
    suite_add_tcase(s, tr);
    TCase *tc = tcase_create("corrupt");
    tcase_add_test(tc, test_bad_counts);
    tcase_add_test(tc, test_corrupt_gap_zero);
    tcase_add_test(tc, test_corrupt_overflow);
    tcase_add_test(tc, test_corrupt_control_bytes);
    tcase_add_test(tc, test_short_tail_streams_no_overread);
    suite_add_tcase(s, tc);
    TCase *tv = tcase_create("svb");
    tcase_add_loop_test(tv, test_svb_every_n, 0,
                        SMP_BLOCK_SIZE + 1 + (int)(sizeof svb_big_ns / sizeof svb_big_ns[0]));
    tcase_add_test(tv, test_svb_every_control_byte);
    tcase_add_test(tv, test_svb_prefix_sum);
    tcase_add_test(tv, test_svb_random_bytes);
    tcase_add_test(tv, test_svb_stream_ends_buffer);
    tcase_add_test(tv, test_svb_decoder_name);
    suite_add_tcase(s, tv);
    return s;
}
