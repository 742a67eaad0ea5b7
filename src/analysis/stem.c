/*
 * stem.c - libstemmer wrapper with a word -> stem cache, and the
 * tokenize + stem pipeline (smp_analyze).
 *
 * The cache is an open-addressing hash table (linear probing, at most half
 * full) whose strings live in an arena owned by the stemmer, so returned
 * stems stay valid until smp_stemmer_free() even when the table grows.
 * A slot holds the first 16 bytes of its word, so that looking up a word
 * of up to 16 bytes, nearly every word, reads the slot alone.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "analysis/analysis.h"

#define STEM_INITIAL_SLOTS 1024

/* Words of up to this many bytes are compared inside the slot, without
 * reading the arena. */
#define STEM_KEY 16

/* A cached word.  Its record in the arena: the two u32 of its tag, then
 * "word\0stem\0". */
typedef struct stem_slot {
    uint64_t key[2]; /* the word's first STEM_KEY bytes, zero padded */
    uint32_t *tag;   /* its record; NULL = empty slot */
    uint32_t hash;
    uint16_t wlen, slen; /* words and stems of up to UINT16_MAX bytes are cached */
} stem_slot;

struct smp_stemmer {
    struct sb_stemmer *sb;
    const char *language; /* copy in arena */
    smp_arena arena;
    stem_slot *slots;
    size_t nslots; /* power of two, at most 2^32 */
    size_t count;
    uint64_t hits, misses;
    uint32_t analyzer; /* SMP_AN_* */
    bool keeps_first;  /* stems keep the word's first byte and never grow */
};

static uint64_t mix64(uint64_t h) {
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93u;
    h ^= h >> 32;
    return h;
}

/* The word's key and its hash: the key words multiplied in, then 8 bytes
 * at a time for the rest of a long word. */
static uint64_t load64(const char *s) {
    uint64_t v;
    memcpy(&v, s, sizeof v);
    return v;
}

static uint64_t load32(const char *s) {
    uint32_t v;
    memcpy(&v, s, sizeof v);
    return v;
}

/* The word's first STEM_KEY bytes as two little-endian words, zero padded,
 * read with loads that overlap rather than byte by byte. */
static void word_key(const char *s, size_t n, uint64_t key[2]) {
    const unsigned char *u = (const unsigned char *)s;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    key[0] = key[1] = 0; /* the loads below assume little-endian */
    memcpy(key, s, n < STEM_KEY ? n : STEM_KEY);
    return;
#endif
    if (n >= 16) {
        key[0] = load64(s);
        key[1] = load64(s + 8);
    } else if (n > 8) {
        key[0] = load64(s);
        key[1] = load64(s + n - 8) >> (8 * (16 - n));
    } else if (n >= 4) {
        key[0] = load32(s) | load32(s + n - 4) << (8 * (n - 4));
        key[1] = 0;
    } else {
        key[0] = n ? (uint64_t)u[0] | (uint64_t)u[n / 2] << (8 * (n / 2)) |
                         (uint64_t)u[n - 1] << (8 * (n - 1))
                   : 0;
        key[1] = 0;
    }
}

static uint32_t hash_word(const char *s, size_t n, uint64_t key[2]) {
    word_key(s, n, key);
    uint64_t h = (key[0] ^ (uint64_t)n * 0x9e3779b97f4a7c15u) * 0xbf58476d1ce4e5b9u;
    h = (h ^ key[1]) * 0x94d049bb133111ebu;
    for (size_t i = STEM_KEY; i < n; i += 8) {
        uint64_t w = 0;
        memcpy(&w, s + i, n - i < 8 ? n - i : 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9u;
    }
    return (uint32_t)(mix64(h) >> 32);
}

static const char *slot_word(const stem_slot *s) { return (const char *)(s->tag + 2); }
static const char *slot_stem(const stem_slot *s) { return slot_word(s) + s->wlen + 1; }

static bool language_is_known(const char *language) {
    for (const char **l = sb_stemmer_list(); *l; l++)
        if (strcmp(*l, language) == 0) return true;
    return false;
}

const char *smp_stemmer_for_lang(const char *tag) {
    /* ISO 639-1 codes of the languages Snowball stems */
    static const char *const codes[][2] = {
        {"ar", "arabic"},     {"ca", "catalan"},   {"da", "danish"},     {"de", "german"},
        {"el", "greek"},      {"en", "english"},   {"es", "spanish"},    {"et", "estonian"},
        {"eu", "basque"},     {"fi", "finnish"},   {"fr", "french"},     {"ga", "irish"},
        {"hi", "hindi"},      {"hu", "hungarian"}, {"hy", "armenian"},   {"id", "indonesian"},
        {"it", "italian"},    {"lt", "lithuanian"}, {"nb", "norwegian"}, {"ne", "nepali"},
        {"nl", "dutch"},      {"nn", "norwegian"}, {"no", "norwegian"},  {"pt", "portuguese"},
        {"ro", "romanian"},   {"ru", "russian"},   {"sr", "serbian"},    {"sv", "swedish"},
        {"ta", "tamil"},      {"tr", "turkish"},   {"yi", "yiddish"}};
    if (!tag || !*tag) return NULL; /* most articles declare none */
    char low[SMP_LANG_NAME_MAX];
    size_t n = 0;
    while (tag[n] && tag[n] != '-' && tag[n] != '_' && n + 1 < sizeof low) {
        char c = tag[n];
        low[n++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    low[n] = 0;
    if (tag[n] && tag[n] != '-' && tag[n] != '_') return NULL; /* too long */
    const char *name = NULL;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0] && !name; i++)
        if (!strcmp(codes[i][0], low)) name = codes[i][1];
    for (const char **l = sb_stemmer_list(); *l; l++) /* known to this libstemmer */
        if (!strcmp(*l, name ? name : low)) return *l;
    return NULL;
}

static int unknown_language(smp_error *err, const char *language) {
    char known[400];
    size_t n = 0;
    known[0] = 0;
    for (const char **l = sb_stemmer_list(); *l; l++) {
        int w = snprintf(known + n, sizeof known - n, "%s%s", n ? ", " : "",
                         *l);
        if (w < 0 || (size_t)w >= sizeof known - n) break;
        n += (size_t)w;
    }
    return smp_set_error(err, SMP_EINVAL,
                         "unknown stemmer language '%s' (known: %s)",
                         language, known);
}

int smp_stemmer_new(smp_stemmer **out, const char *language, smp_error *err) {
    if (!out) return smp_set_error(err, SMP_EINVAL, "no output handle");
    *out = NULL;
    if (!language) language = SMP_DEFAULT_LANGUAGE;

    smp_stemmer *st = calloc(1, sizeof *st);
    if (!st) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    smp_arena_init(&st->arena);

    st->sb = sb_stemmer_new(language, "UTF_8");
    if (!st->sb) {
        int rc = language_is_known(language)
                     ? smp_set_error(err, SMP_ENOMEM,
                                     "out of memory creating stemmer '%s'",
                                     language)
                     : unknown_language(err, language);
        free(st);
        return rc;
    }
    st->language = smp_arena_strndup(&st->arena, language, strlen(language));
    /* English (Porter2) and Porter change suffixes only, each step
       leaving the word's first letters and no step making it longer
       (check_stem.c tests this over the word list) */
    st->keeps_first = !strcmp(language, "english") || !strcmp(language, "porter");
    st->nslots = STEM_INITIAL_SLOTS;
    st->slots = calloc(st->nslots, sizeof *st->slots);
    if (!st->language || !st->slots) {
        smp_stemmer_free(st);
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    }
    *out = st;
    return SMP_OK;
}

void smp_stemmer_free(smp_stemmer *st) {
    if (!st) return;
    sb_stemmer_delete(st->sb);
    free(st->slots);
    smp_arena_free(&st->arena);
    free(st);
}

/* Doubles the table.  Returns false when out of memory (the old table is
 * kept and still valid). */
static bool table_grow(smp_stemmer *st) {
    if (st->nslots > SIZE_MAX / 2 / sizeof *st->slots || st->nslots >= (size_t)1 << 32)
        return false;
    size_t nn = st->nslots * 2;
    stem_slot *ns = calloc(nn, sizeof *ns);
    if (!ns) return false;
    for (size_t i = 0; i < st->nslots; i++) {
        const stem_slot *s = &st->slots[i];
        if (!s->tag) continue;
        size_t j = (size_t)s->hash & (nn - 1);
        while (ns[j].tag) j = (j + 1) & (nn - 1);
        ns[j] = *s;
    }
    free(st->slots);
    st->slots = ns;
    st->nslots = nn;
    return true;
}

/* True when the word is kept as it is: short, or only ASCII digits. */
static bool keep_unchanged(const char *word, size_t len) {
    if (len <= 2) return true;
    for (size_t i = 0; i < len; i++) /* numbers, and ranges "3-5" (numbers.c) */
        if ((word[i] < '0' || word[i] > '9') && word[i] != '-') return false;
    return true;
}

static const char *stem_of(smp_stemmer *st, const char *word, size_t len, size_t *out_len,
                           uint32_t **out_tag);

const char *smp_stem(smp_stemmer *st, const char *word, size_t len, size_t *out_len) {
    uint32_t *tag;
    return stem_of(st, word, len, out_len, &tag);
}

/* smp_stem, also giving the word's tag. */
static const char *stem_of(smp_stemmer *st, const char *word, size_t len, size_t *out_len,
                           uint32_t **out_tag) {
    if (!word) {
        word = "";
        len = 0;
    }
    uint64_t key[2];
    uint32_t h = hash_word(word, len, key);
    size_t mask = st->nslots - 1;
    size_t i = (size_t)h & mask;
    for (; st->slots[i].tag; i = (i + 1) & mask) {
        stem_slot *s = &st->slots[i];
        if (s->hash == h && s->wlen == len && s->key[0] == key[0] && s->key[1] == key[1] &&
            (len <= STEM_KEY || !memcmp(slot_word(s) + STEM_KEY, word + STEM_KEY, len - STEM_KEY))) {
            st->hits++;
            *out_tag = s->tag;
            if (out_len) *out_len = s->slen;
            return slot_stem(s);
        }
    }

    /* Miss: compute the stem, then store the tag and "word\0stem\0" in
       the arena. */
    const char *stem = word;
    size_t slen = len;
    if (!keep_unchanged(word, len) && len <= INT_MAX) {
        const sb_symbol *r =
            sb_stemmer_stem(st->sb, (const sb_symbol *)word, (int)len);
        if (!r) return NULL;
        int rl = sb_stemmer_length(st->sb);
        stem = (const char *)r;
        slen = rl > 0 ? (size_t)rl : 0;
    }
    size_t need = len + slen + 2;
    if (need < len || need > SIZE_MAX - 16) return NULL; /* overflow */
    uint32_t *tag = smp_arena_alloc(&st->arena, 2 * sizeof *tag + need);
    if (!tag) return NULL;
    tag[0] = tag[1] = 0;
    char *mem = (char *)(tag + 2);
    memcpy(mem, word, len);
    mem[len] = 0;
    char *stem_copy = mem + len + 1;
    memcpy(stem_copy, stem, slen);
    stem_copy[slen] = 0;
    *out_tag = tag;
    st->misses++;
    if (out_len) *out_len = slen;
    if (len > UINT16_MAX || slen > UINT16_MAX) return stem_copy; /* not kept in the table */

    if ((st->count + 1) * 2 > st->nslots) {
        if (!table_grow(st)) return NULL;
        mask = st->nslots - 1;
        i = (size_t)h & mask;
        while (st->slots[i].tag) i = (i + 1) & mask;
    }
    stem_slot *s = &st->slots[i];
    s->key[0] = key[0];
    s->key[1] = key[1];
    s->tag = tag;
    s->hash = h;
    s->wlen = (uint16_t)len;
    s->slen = (uint16_t)slen;
    st->count++;
    return stem_copy;
}

void smp_stemmer_counts(const smp_stemmer *st, uint64_t *hits,
                        uint64_t *misses) {
    if (hits) *hits = st ? st->hits : 0;
    if (misses) *misses = st ? st->misses : 0;
}

const char *smp_stemmer_language(const smp_stemmer *st) {
    return st ? st->language : NULL;
}

void smp_stemmer_set_analyzer(smp_stemmer *st, uint32_t flags) { st->analyzer = flags; }

uint32_t smp_stemmer_analyzer(const smp_stemmer *st) { return st ? st->analyzer : 0; }

typedef struct analyze_ctx {
    smp_stemmer *st;
    smp_term_fn fn;
    smp_tagged_term_fn tfn;
    void *ud;
    const smp_term_filter *filter; /* or NULL */
} analyze_ctx;

static int analyze_token(void *ud, const smp_token *tok) {
    analyze_ctx *cx = ud;
    size_t slen;
    uint32_t *tag;
    const smp_term_filter *f = cx->filter;
    if (f && f->minlen[(unsigned char)tok->text[0]] > tok->len)
        return cx->fn(cx->ud, NULL, 0, tok); /* its stem is none of the terms */
    const char *term = stem_of(cx->st, tok->text, tok->len, &slen, &tag);
    if (!term) return SMP_ENOMEM;
    return cx->tfn ? cx->tfn(cx->ud, term, slen, tok, tag) : cx->fn(cx->ud, term, slen, tok);
}

static int analyze(analyze_ctx *cx, const char *text, size_t len) {
    if (!(cx->st->analyzer & SMP_AN_NUMBERS)) return smp_tokenize(text, len, analyze_token, cx);
    smp_numbers nf;
    smp_numbers_init(&nf, text, analyze_token, cx);
    return smp_tokenize(text, len, smp_numbers_token, &nf);
}

int smp_analyze(smp_stemmer *st, const char *text, size_t len,
                smp_term_fn fn, void *ud) {
    if (!st || !fn) return SMP_EINVAL;
    analyze_ctx cx = {st, fn, NULL, ud, NULL};
    return analyze(&cx, text, len);
}

int smp_analyze_tagged(smp_stemmer *st, const char *text, size_t len,
                       smp_tagged_term_fn fn, void *ud) {
    if (!st || !fn) return SMP_EINVAL;
    analyze_ctx cx = {st, NULL, fn, ud, NULL};
    return analyze(&cx, text, len);
}

void smp_term_filter_init(smp_term_filter *f, const smp_stemmer *st) {
    /* with a stemmer that keeps first bytes, nothing passes until terms
       are added; with another, everything does */
    memset(f->minlen, st && st->keeps_first ? 0xff : 0, sizeof f->minlen);
}

void smp_term_filter_add(smp_term_filter *f, const char *term, size_t len) {
    if (len == 0) { /* no token stems to nothing: pass all the same */
        memset(f->minlen, 0, sizeof f->minlen);
        return;
    }
    uint8_t *m = &f->minlen[(unsigned char)term[0]];
    if (len < *m) *m = (uint8_t)len;
}

int smp_analyze_filtered(smp_stemmer *st, const char *text, size_t len,
                         const smp_term_filter *f, smp_term_fn fn, void *ud) {
    if (!st || !fn || !f) return SMP_EINVAL;
    analyze_ctx cx = {st, fn, NULL, ud, f};
    return analyze(&cx, text, len);
}
