/* codec.c - posting blocks in bytes (layout described in index.h).
 *
 * Encoding goes through libstreamvbyte; decoding through our own decoders
 * of the same format (svb_decode.c: SSSE3 where the CPU has it), with the
 * library's decoders as the reference in the tests.  The decoders check
 * the data each control byte claims against the bytes they were given as
 * they go (svb_decode.c), so a corrupt block can never make them read past
 * those bytes; the gaps are then summed into docids, checked to increase.
 */
#include <string.h>
#include <streamvbyte.h>

#include "index/index.h"
#include "index/svb_decode.h"

const char *smp_codec_decoder(void) {
    return smp_svb_have_ssse3() ? "ssse3" : "scalar";
}

size_t smp_block_max_bytes(uint32_t n) {
    return 4 * streamvbyte_max_compressedbytes(n) + 16;
}

size_t smp_block_encode(const uint32_t *docids, const uint32_t *tf[3],
                        uint32_t n, uint32_t prev_docid, uint8_t *out) {
    uint32_t gaps[SMP_BLOCK_SIZE];
    uint32_t prev = prev_docid;
    for (uint32_t i = 0; i < n; i++) {
        gaps[i] = docids[i] - prev; /* first block: prev = UINT32_MAX */
        prev = docids[i];
    }
    size_t off = streamvbyte_encode(gaps, n, out);
    for (int f = 0; f < 3; f++) off += streamvbyte_encode_0124(tf[f], n, out + off);
    return off;
}

size_t smp_block_decode(const uint8_t *in, size_t avail, uint32_t n,
                        uint32_t prev_docid, uint32_t *docids,
                        uint32_t *tf[3]) {
    if (n == 0 || n > SMP_BLOCK_SIZE) return 0;
    /* each decoder checks the bytes its control bytes claim against what
       is left of avail as it goes */
    size_t off = smp_svb_decode_within(in, avail, docids, n);
    for (int f = 0; f < 3 && off; f++) {
        size_t got = smp_svb_decode_0124_within(in + off, avail - off, tf[f], n);
        off = got ? off + got : 0;
    }
    if (off == 0 || !smp_svb_prefix_sum(docids, n, prev_docid)) return 0;
    return off;
}

size_t smp_block_decode_docids(const uint8_t *in, size_t avail, uint32_t n,
                               uint32_t prev_docid, uint32_t *docids) {
    if (n == 0 || n > SMP_BLOCK_SIZE) return 0;
    size_t off = smp_svb_decode_within(in, avail, docids, n);
    if (off == 0 || !smp_svb_prefix_sum(docids, n, prev_docid)) return 0;
    return off;
}

size_t smp_block_decode_tf(const uint8_t *in, size_t avail, uint32_t n, int from, int to,
                           uint32_t *tf[3]) {
    if (n == 0 || n > SMP_BLOCK_SIZE) return 0;
    size_t off = 0;
    for (int f = from; f < to; f++) {
        size_t got = smp_svb_decode_0124_within(in + off, avail - off, tf[f], n);
        if (!got) return 0;
        off += got;
    }
    return off;
}

size_t smp_stream_max_bytes(uint32_t n) { return streamvbyte_max_compressedbytes(n); }

size_t smp_stream_encode(const uint32_t *v, uint32_t n, uint8_t *out) {
    return streamvbyte_encode(v, n, out);
}

size_t smp_stream_decode(const uint8_t *in, size_t avail, uint32_t n, uint32_t *out) {
    return n ? smp_svb_decode_within(in, avail, out, n) : 0;
}
