/* buffer.c - growable byte buffer with a sticky error and a size cap. */
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

void smp_buf_init(smp_buf *b) { memset(b, 0, sizeof *b); }

void smp_buf_free(smp_buf *b) {
    free(b->p);
    smp_buf_init(b);
}

void smp_buf_reset(smp_buf *b) {
    b->n = 0;
    b->rc = SMP_OK;
}

int smp_buf_reserve(smp_buf *b, size_t extra) {
    if (b->rc) return b->rc;
    if (extra > SIZE_MAX - b->n - 1 || (b->cap && b->n + extra > b->cap)) {
        b->rc = SMP_ENOMEM;
        return b->rc;
    }
    size_t need = b->n + extra + 1; /* room for smp_buf_nul() */
    if (need <= b->alloc) return SMP_OK;
    size_t na = b->alloc ? b->alloc : 64;
    while (na < need) na = na > SIZE_MAX / 2 ? need : na * 2;
    uint8_t *p = realloc(b->p, na);
    if (!p) {
        b->rc = SMP_ENOMEM;
        return b->rc;
    }
    b->p = p;
    b->alloc = na;
    return SMP_OK;
}

void smp_buf_append(smp_buf *b, const void *data, size_t len) {
    if (len == 0 || smp_buf_reserve(b, len)) return;
    memcpy(b->p + b->n, data, len);
    b->n += len;
}

void smp_buf_putc(smp_buf *b, int c) {
    uint8_t ch = (uint8_t)c;
    smp_buf_append(b, &ch, 1);
}

void smp_buf_puts(smp_buf *b, const char *s) { smp_buf_append(b, s, strlen(s)); }

void smp_buf_put_u8(smp_buf *b, uint8_t v) { smp_buf_append(b, &v, 1); }

void smp_buf_put_u16(smp_buf *b, uint16_t v) {
    uint8_t x[2];
    smp_put_u16(x, v);
    smp_buf_append(b, x, sizeof x);
}

void smp_buf_put_u32(smp_buf *b, uint32_t v) {
    uint8_t x[4];
    smp_put_u32(x, v);
    smp_buf_append(b, x, sizeof x);
}

void smp_buf_put_u64(smp_buf *b, uint64_t v) {
    uint8_t x[8];
    smp_put_u64(x, v);
    smp_buf_append(b, x, sizeof x);
}

size_t smp_varint_encode(uint8_t out[SMP_VARINT_MAX], uint32_t v) {
    size_t k = 0;
    while (v >= 0x80) {
        out[k++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    out[k++] = (uint8_t)v;
    return k;
}

uint32_t smp_varint_decode(const uint8_t *b, uint32_t *at) {
    uint32_t v = 0;
    for (int shift = 0;; shift += 7) {
        uint8_t c = b[(*at)++];
        v |= (uint32_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) return v;
    }
}

void smp_buf_put_varint(smp_buf *b, uint32_t v) {
    uint8_t tmp[SMP_VARINT_MAX];
    smp_buf_append(b, tmp, smp_varint_encode(tmp, v));
}

void smp_buf_pad(smp_buf *b, size_t align) {
    static const uint8_t zeros[16];
    while (b->rc == SMP_OK && b->n % align) {
        size_t k = align - b->n % align;
        smp_buf_append(b, zeros, k > sizeof zeros ? sizeof zeros : k);
    }
}

void smp_buf_nul(smp_buf *b) {
    if (smp_buf_reserve(b, 0) == SMP_OK) b->p[b->n] = 0;
}
