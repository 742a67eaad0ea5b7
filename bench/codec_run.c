/*
 * codec_run.c - bits per integer and decode speed of the postings of an
 * index, for the speed report.
 *
 * Reads every postings block of an index (through the library's internal
 * reader: build against the static library with -Isrc) and decodes all of
 * them, several rounds, with each decoder of the Stream VByte format:
 * libstreamvbyte's (the reference, as Debian builds it), our scalar one
 * and our SSSE3 one (when the CPU has it); every decoder's output is
 * checked against the reference.  Prints a Markdown table: integers per
 * second (docid gaps and the three term frequencies of each posting),
 * median of the rounds, and the bits per integer of the postings section
 * (block tables included) and of the blocks alone.
 *
 * Usage: codec_run INDEX [ROUNDS]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <streamvbyte.h>

#include "index/format.h"
#include "answer/answer.h"
#include "indexer/indexer.h"
#include "index/svb_decode.h"

typedef struct blk {
    const uint8_t *p;
    uint32_t n; /* postings */
} blk;

typedef size_t (*dec_fn)(const uint8_t *in, uint32_t *out, uint32_t n);

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Decodes every block with dec (1234 form) and dec0124; returns seconds,
 * adds a checksum of the values to *sum. */
static double run(const blk *b, size_t nb, dec_fn dec, dec_fn dec0124, uint64_t *sum) {
    uint32_t out[4][SMP_BLOCK_SIZE];
    double t0 = now();
    uint64_t s = 0;
    for (size_t i = 0; i < nb; i++) {
        const uint8_t *p = b[i].p;
        p += dec(p, out[0], b[i].n);
        p += dec0124(p, out[1], b[i].n);
        p += dec0124(p, out[2], b[i].n);
        dec0124(p, out[3], b[i].n);
        s += out[0][b[i].n - 1] + out[3][0];
    }
    double t = now() - t0;
    *sum += s;
    return t;
}

static size_t lib_dec(const uint8_t *in, uint32_t *out, uint32_t n) {
    return streamvbyte_decode(in, out, n);
}
static size_t lib_dec0124(const uint8_t *in, uint32_t *out, uint32_t n) {
    return streamvbyte_decode_0124(in, out, n);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: codec_run INDEX [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 7;
    if (rounds < 1) rounds = 1;
    smp_segment *ix;
    smp_error err;
    if (smp_segment_open(&ix, argv[1], &err)) {
        fprintf(stderr, "codec_run: %s\n", err.msg);
        return 1;
    }
    uint64_t nt = smp_segment_terms(ix), postings = 0, table_bytes = 0, post_bytes = 0;
    size_t nb = 0, cap = 1024;
    blk *b = malloc(cap * sizeof *b);
    for (uint64_t t = 0; t < nt; t++) {
        smp_term_info ti;
        if (smp_segment_term_postings(ix, t, &ti) != 1) {
            fprintf(stderr, "codec_run: term %llu is damaged\n", (unsigned long long)t);
            return 1;
        }
        uint32_t nblocks = (ti.df + SMP_BLOCK_SIZE - 1) / SMP_BLOCK_SIZE;
        size_t tsize = nblocks > 1 ? (size_t)nblocks * SMP_BLOCK_ENTRY : 0;
        const uint8_t *data = ti.post + tsize;
        postings += ti.df;
        table_bytes += tsize;
        post_bytes += ti.post_len;
        for (uint32_t k = 0; k < nblocks; k++) {
            uint32_t start = k ? smp_get_u32(ti.post + (size_t)(k - 1) * SMP_BLOCK_ENTRY + 4) : 0;
            if (nb == cap) b = realloc(b, (cap *= 2) * sizeof *b);
            b[nb].p = data + start;
            b[nb].n = k + 1 < nblocks ? SMP_BLOCK_SIZE : ti.df - SMP_BLOCK_SIZE * k;
            nb++;
        }
    }
    struct {
        const char *name;
        dec_fn d, d0124;
    } decs[3] = {{"libstreamvbyte 0.4.1 (reference, Debian build)", lib_dec, lib_dec0124},
                 {"smpsearch scalar", smp_svb_decode_scalar, smp_svb_decode_0124_scalar},
#ifdef SMP_SVB_X86
                 {"smpsearch SSSE3 (used on this machine)", smp_svb_decode_ssse3,
                  smp_svb_decode_0124_ssse3}
#else
                 {NULL, NULL, NULL}
#endif
    };
    int ndec = 2;
#ifdef SMP_SVB_X86
    if (smp_svb_have_ssse3()) ndec = 3;
#endif
    uint64_t ref = 0;
    double *t = malloc((size_t)rounds * sizeof *t);
    printf("| decoder | integers/s (median of %d rounds) | ÷ reference |\n|---|---:|---:|\n",
           rounds);
    double ref_rate = 0;
    for (int d = 0; d < ndec; d++) {
        uint64_t sum = 0;
        run(b, nb, decs[d].d, decs[d].d0124, &sum); /* warm-up */
        if (d == 0) ref = sum;
        else if (sum != ref) {
            fprintf(stderr, "codec_run: %s disagrees with the reference\n", decs[d].name);
            return 1;
        }
        for (int r = 0; r < rounds; r++) t[r] = run(b, nb, decs[d].d, decs[d].d0124, &sum);
        qsort(t, (size_t)rounds, sizeof *t, cmp_d);
        double rate = (double)postings * 4 / t[rounds / 2];
        if (d == 0) ref_rate = rate;
        printf("| %s | %.2f billion | %.2f× |\n", decs[d].name, rate / 1e9, rate / ref_rate);
    }
    printf("\n%llu postings in %zu blocks of up to 128 (4 integers each: docid gap and the "
           "term frequency in title, heading and body): %.2f bits per integer for the "
           "blocks, %.2f with the block tables (%.1f bits per posting).\n",
           (unsigned long long)postings, nb,
           (double)(post_bytes - table_bytes) * 8 / ((double)postings * 4),
           (double)post_bytes * 8 / ((double)postings * 4), (double)post_bytes * 8 / postings);
    free(t);
    free(b);
    smp_segment_close(ix);
    return 0;
}
