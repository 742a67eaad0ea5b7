/* arena.c - bump allocator: many small blocks freed at once. */
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

struct smp_arena_chunk {
    smp_arena_chunk *next;
    size_t size, used;
    max_align_t data[];
};

#define ARENA_CHUNK (64 * 1024)

void smp_arena_init(smp_arena *a) { memset(a, 0, sizeof *a); }

void smp_arena_free(smp_arena *a) {
    smp_arena_chunk *c = a->head;
    while (c) {
        smp_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    smp_arena_init(a);
}

void *smp_arena_alloc(smp_arena *a, size_t size) {
    size = (size + 7) & ~(size_t)7;
    smp_arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t csize = size > ARENA_CHUNK ? size : ARENA_CHUNK;
        c = malloc(sizeof *c + csize);
        if (!c) return NULL;
        c->size = csize;
        c->used = 0;
        /* a big one-off block goes behind the current chunk so the
           current chunk's free space is not wasted */
        if (a->head && size > ARENA_CHUNK) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    a->used_bytes += size;
    return p;
}

char *smp_arena_strndup(smp_arena *a, const char *s, size_t len) {
    char *p = smp_arena_alloc(a, len + 1);
    if (!p) return NULL;
    memcpy(p, s, len);
    p[len] = 0;
    return p;
}
