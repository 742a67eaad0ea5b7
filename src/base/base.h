/*
 * base.h - the lowest layer of libsmpsearch: errors, growable buffers,
 * varints, the arena.  Every other subsystem builds on it.
 * Nothing here is part of the public API (include/smpsearch.h).
 */
#ifndef SMP_BASE_H
#define SMP_BASE_H


#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "smpsearch.h"

#define SMP_UNUSED(x) ((void)(x))
/* A function kept out of line: the rare path of a hot one, so that the
 * common path does not pay for the registers the rare one saves. */
#if defined(__GNUC__)
#define SMP_NOINLINE __attribute__((noinline))
#else
#define SMP_NOINLINE
#endif

/* Writes a formatted message into err (if not NULL) and returns code. */
int smp_set_error(smp_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;


/**************************************************************************
** Interface to code in buffer.c
**
** A growable byte buffer with a sticky error: once an append fails (out
** of memory or over `cap`), `rc` is set and later appends do nothing.
*/
typedef struct smp_buf {
    uint8_t *p;
    size_t n, alloc;
    size_t cap; /* hard size limit; 0 = none */
    int rc;     /* SMP_OK or SMP_ENOMEM */
} smp_buf;

void smp_buf_init(smp_buf *b);
void smp_buf_free(smp_buf *b);
void smp_buf_reset(smp_buf *b); /* n = 0, keeps memory */
int smp_buf_reserve(smp_buf *b, size_t extra);
void smp_buf_append(smp_buf *b, const void *data, size_t len);
void smp_buf_putc(smp_buf *b, int c);
void smp_buf_puts(smp_buf *b, const char *s);
void smp_buf_put_u8(smp_buf *b, uint8_t v);
void smp_buf_put_u16(smp_buf *b, uint16_t v); /* little-endian */
void smp_buf_put_u32(smp_buf *b, uint32_t v);
void smp_buf_put_u64(smp_buf *b, uint64_t v);
/* LEB128 varints (the position lists a build keeps in memory, see
 * smp_encode_positions): encode into out, returning the bytes used;
 * decode at *at, which it advances (the bytes are trusted: built here). */
#define SMP_VARINT_MAX 5
size_t smp_varint_encode(uint8_t out[SMP_VARINT_MAX], uint32_t v);
uint32_t smp_varint_decode(const uint8_t *b, uint32_t *at);
void smp_buf_put_varint(smp_buf *b, uint32_t v);
void smp_buf_pad(smp_buf *b, size_t align); /* zero bytes up to alignment */
/* Makes p[n] == 0 without counting it (for C-string use). */
void smp_buf_nul(smp_buf *b);

/* Little-endian integers at p, whatever the host's byte order: the one
 * copy of these for every file format (index files, manifests, runs). */
static inline void smp_put_u16(uint8_t *p, uint16_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}
static inline void smp_put_u32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static inline void smp_put_u64(uint8_t *p, uint64_t v) {
    smp_put_u32(p, (uint32_t)v);
    smp_put_u32(p + 4, (uint32_t)(v >> 32));
}
static inline uint16_t smp_get_u16(const uint8_t *p) {
    return (uint16_t)(p[0] | (p[1] << 8));
}
static inline uint32_t smp_get_u32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}
static inline uint64_t smp_get_u64(const uint8_t *p) {
    return (uint64_t)smp_get_u32(p) | ((uint64_t)smp_get_u32(p + 4) << 32);
}

/* The dictionary's order of terms (an index's DICT, merging runs, the
 * manifest's DELETED section, and every sorted word list that must agree
 * with it): memcmp of the common prefix, and a term before every longer
 * term it is a prefix of ("run" < "runner" < "runs").  Here, below
 * analysis/ and index/, so that both use the one copy. */
static inline int smp_term_cmp(const char *a, size_t alen, const char *b, size_t blen) {
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c) return c;
    return alen < blen ? -1 : alen > blen;
}

/* The place of word[0..len) in list[0..n), NUL-terminated words sorted by
 * smp_term_cmp, or -1. */
static inline long smp_sorted_find(const char *const *list, size_t n, const char *word,
                                   size_t len) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = smp_term_cmp(list[mid], strlen(list[mid]), word, len);
        if (c == 0) return (long)mid;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

/**************************************************************************
** Interface to code in arena.c
**
** A bump allocator: many small allocations freed together.
*/
typedef struct smp_arena_chunk smp_arena_chunk;
typedef struct smp_arena {
    smp_arena_chunk *head;
    size_t used_bytes;
} smp_arena;

void smp_arena_init(smp_arena *a);
void smp_arena_free(smp_arena *a);
/* 8-byte aligned memory, or NULL when out of memory. */
void *smp_arena_alloc(smp_arena *a, size_t size);
/* A NUL-terminated copy of s[0..len), or NULL. */
char *smp_arena_strndup(smp_arena *a, const char *s, size_t len);


/* url.c: appends url to out with base_url ("https://clinic.example",
 * trailing '/' or not) in front when url is a path of the site ("/x/");
 * an absolute URL ("https://...", "//cdn..."), or no base_url (NULL or
 * ""), is appended as it is.  NUL-terminated (out->rc on failure).  The
 * builder's --base-url and a result's links both use it. */
void smp_url_join(smp_buf *out, const char *base_url, const char *url);

/* What an article says about itself beyond its title, as the readers
 * find it (ingest/) and the index keeps it (INFO, docs/FORMAT.md): each ""
 * when unknown.  tags and categories are lists joined by '\n'. */
typedef struct smp_article_info {
    const char *url, *date, *description, *tags, *categories, *language;
} smp_article_info;

#endif /* SMP_BASE_H */
