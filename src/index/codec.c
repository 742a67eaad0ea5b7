/* codec.c - posting blocks in bytes (layout described in index.h).
 *
 * Encoding goes through libstreamvbyte; decoding through our own decoders
 * of the same format (svb_decode.c: SSSE3 where the CPU has it), with the
 * library's decoders as the reference in the tests.  Before decoding, the
 * control bytes of each stream are read to compute exactly how many data
 * bytes the stream claims, so a corrupt block can never make the decoder
 * read past the bytes it was given.
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

/* Bytes a stream of n values occupies according to its control bytes,
 * or 0 if the control bytes themselves do not fit in avail. */
static size_t stream_size(const uint8_t *in, size_t avail, uint32_t n,
                          int is0124) {
    static const uint8_t len1234[4] = {1, 2, 3, 4};
    static const uint8_t len0124[4] = {0, 1, 2, 4};
    const uint8_t *lens = is0124 ? len0124 : len1234;
    size_t keys = (n + 3) / 4;
    if (keys > avail) return 0;
    size_t data = 0;
    uint32_t full = n / 4;
    /* whole control bytes at once: the sum of four 2-bit keys k gives
       sum(k + 1) bytes in the 1234 form, sum(k) plus one per k = 3 (4 bytes,
       not 3) in the 0124 form */
    for (uint32_t i = 0; i < full; i++) {
        unsigned b = in[i];
        unsigned ksum = (b & 3) + ((b >> 2) & 3) + ((b >> 4) & 3) + (b >> 6);
        if (is0124) {
            unsigned threes = b & (b >> 1) & 0x55; /* low bit of each key pair set when k = 3 */
            /* at most four bits, at even places: add them up in place
               (no popcount instruction needed) */
            threes = (threes & 0x33) + ((threes >> 2) & 0x33);
            data += ksum + (threes & 0x0f) + (threes >> 4);
        } else {
            data += ksum + 4;
        }
    }
    for (uint32_t i = full * 4; i < n; i++)
        data += lens[(in[i / 4] >> (2 * (i % 4))) & 3];
    return keys + data;
}

size_t smp_block_decode(const uint8_t *in, size_t avail, uint32_t n,
                        uint32_t prev_docid, uint32_t *docids,
                        uint32_t *tf[3]) {
    if (n == 0 || n > SMP_BLOCK_SIZE) return 0;
    size_t off = 0;
    for (int s = 0; s < 4; s++) {
        size_t need = stream_size(in + off, avail - off, n, s > 0);
        if (need == 0 || need > avail - off) return 0;
        /* the decoders read exactly the `need` bytes validated above */
        size_t got = s == 0 ? smp_svb_decode(in + off, docids, n)
                            : smp_svb_decode_0124(in + off, tf[s - 1], n);
        if (got != need) return 0; /* cannot happen: both read the same keys */
        off += need;
    }
    uint32_t prev = prev_docid;
    for (uint32_t i = 0; i < n; i++) {
        if (docids[i] == 0) return 0; /* gaps are >= 1 */
        uint32_t d = prev + docids[i];
        if ((i > 0 || prev_docid != UINT32_MAX) && d <= prev) return 0; /* overflow */
        docids[i] = d;
        prev = d;
    }
    return off;
}

size_t smp_stream_max_bytes(uint32_t n) { return streamvbyte_max_compressedbytes(n); }

size_t smp_stream_encode(const uint32_t *v, uint32_t n, uint8_t *out) {
    return streamvbyte_encode(v, n, out);
}

size_t smp_stream_decode(const uint8_t *in, size_t avail, uint32_t n, uint32_t *out) {
    if (n == 0) return 0;
    size_t need = stream_size(in, avail, n, 0);
    if (need == 0 || need > avail) return 0;
    return smp_svb_decode(in, out, n) == need ? need : 0;
}
