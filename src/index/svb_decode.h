/* svb_decode.h - our Stream VByte decoders (svb_decode.c).
 *
 * Same format and semantics as libstreamvbyte's streamvbyte_decode and
 * streamvbyte_decode_0124: decode n values from in into out[0..n) and
 * return the bytes consumed (control bytes plus data bytes).  They read
 * only the bytes the stream occupies and write only out[0..n).
 */
#ifndef SMP_SVB_DECODE_H
#define SMP_SVB_DECODE_H

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__) || defined(__i386__)
#define SMP_SVB_X86 1
#endif

/* The fastest implementation this CPU runs. */
size_t smp_svb_decode(const uint8_t *in, uint32_t *out, uint32_t n);
size_t smp_svb_decode_0124(const uint8_t *in, uint32_t *out, uint32_t n);

/* The portable implementation. */
size_t smp_svb_decode_scalar(const uint8_t *in, uint32_t *out, uint32_t n);
size_t smp_svb_decode_0124_scalar(const uint8_t *in, uint32_t *out, uint32_t n);

#ifdef SMP_SVB_X86
/* The SSSE3 implementation: call only when smp_svb_have_ssse3(). */
size_t smp_svb_decode_ssse3(const uint8_t *in, uint32_t *out, uint32_t n);
size_t smp_svb_decode_0124_ssse3(const uint8_t *in, uint32_t *out, uint32_t n);
#endif

/* The same, reading only in[0..avail), which may hold more than the
 * stream (the fast loops then run to its end): the bytes consumed, or 0
 * when the stream claims more bytes than avail. */
size_t smp_svb_decode_within(const uint8_t *in, size_t avail, uint32_t *out, uint32_t n);
size_t smp_svb_decode_0124_within(const uint8_t *in, size_t avail, uint32_t *out, uint32_t n);
size_t smp_svb_decode_within_scalar(const uint8_t *in, size_t avail, uint32_t *out,
                                    uint32_t n);
size_t smp_svb_decode_0124_within_scalar(const uint8_t *in, size_t avail, uint32_t *out,
                                         uint32_t n);
#ifdef SMP_SVB_X86
size_t smp_svb_decode_within_ssse3(const uint8_t *in, size_t avail, uint32_t *out,
                                   uint32_t n);
size_t smp_svb_decode_0124_within_ssse3(const uint8_t *in, size_t avail, uint32_t *out,
                                        uint32_t n);
#endif

/* Values from..from+count-1 (from + count <= n) of the 1234 stream of n
 * values at in, which lies within in[0..avail): the data of the values
 * before them is skipped by their keys, nothing else is decoded.  1, or 0
 * when the stream claims bytes past avail. */
int smp_svb_decode_range(const uint8_t *in, size_t avail, uint32_t n, uint32_t from,
                         uint32_t count, uint32_t *out);

/* Gaps v[0..n) to docids in place, from prev (the previous block's last
 * docid; UINT32_MAX before the first block, whose first gap is docid + 1):
 * 1 when they strictly increase (no gap of 0, no docid past UINT32_MAX),
 * else 0 (v is then partly converted). */
int smp_svb_prefix_sum(uint32_t *v, uint32_t n, uint32_t prev);
int smp_svb_prefix_sum_scalar(uint32_t *v, uint32_t n, uint32_t prev);
#ifdef SMP_SVB_X86
int smp_svb_prefix_sum_ssse3(uint32_t *v, uint32_t n, uint32_t prev);
#endif

/* 1 when the SSSE3 implementation is built in and the CPU supports it
 * (smp_svb_decode then uses it), else 0. */
int smp_svb_have_ssse3(void);

/* Name of the implementation smp_block_decode uses: "ssse3" or "scalar"
 * (defined in codec.c). */
const char *smp_codec_decoder(void);

#endif /* SMP_SVB_DECODE_H */
