/*
 * stem.c - libstemmer wrapper with a word -> stem cache, and the
 * tokenize + stem pipeline (smp_analyze).
 *
 * The cache is an open-addressing hash table (linear probing, at most half
 * full) whose strings live in an arena owned by the stemmer, so returned
 * stems stay valid until smp_stemmer_free() even when the table grows.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "analysis/analysis.h"

#define STEM_INITIAL_SLOTS 1024

typedef struct stem_slot {
    uint64_t hash;
    const char *word; /* NULL = empty slot */
    const char *stem;
    size_t wlen, slen;
    uint32_t *tag; /* two u32 for the caller (smp_analyze_tagged), in the arena */
} stem_slot;

struct smp_stemmer {
    struct sb_stemmer *sb;
    const char *language; /* copy in arena */
    smp_arena arena;
    stem_slot *slots;
    size_t nslots; /* power of two */
    size_t count;
    uint64_t hits, misses;
    uint32_t analyzer; /* SMP_AN_* */
};

/* FNV-1a, 64 bits. */
static uint64_t hash_bytes(const char *s, size_t n) {
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)s[i];
        h *= 0x100000001b3u;
    }
    return h;
}

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
    if (!tag) return NULL;
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
    if (st->nslots > SIZE_MAX / 2 / sizeof *st->slots) return false;
    size_t nn = st->nslots * 2;
    stem_slot *ns = calloc(nn, sizeof *ns);
    if (!ns) return false;
    for (size_t i = 0; i < st->nslots; i++) {
        const stem_slot *s = &st->slots[i];
        if (!s->word) continue;
        size_t j = (size_t)s->hash & (nn - 1);
        while (ns[j].word) j = (j + 1) & (nn - 1);
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

static const char *stem_slot_of(smp_stemmer *st, const char *word, size_t len,
                                size_t *out_len, stem_slot **out_slot);

const char *smp_stem(smp_stemmer *st, const char *word, size_t len, size_t *out_len) {
    stem_slot *s;
    return stem_slot_of(st, word, len, out_len, &s);
}

/* smp_stem, also giving the cache slot of the word (valid until the next
 * call). */
static const char *stem_slot_of(smp_stemmer *st, const char *word, size_t len,
                                size_t *out_len, stem_slot **out_slot) {
    if (!word) {
        word = "";
        len = 0;
    }
    uint64_t h = hash_bytes(word, len);
    size_t mask = st->nslots - 1;
    size_t i = (size_t)h & mask;
    for (; st->slots[i].word; i = (i + 1) & mask) {
        stem_slot *s = &st->slots[i];
        if (s->hash == h && s->wlen == len && memcmp(s->word, word, len) == 0) {
            st->hits++;
            *out_slot = s;
            if (out_len) *out_len = s->slen;
            return s->stem;
        }
    }

    /* Miss: compute the stem, then store "word\0stem\0" in the arena. */
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
    bool same = slen == len && memcmp(stem, word, len) == 0;
    size_t need = len + 1 + (same ? 0 : slen + 1);
    if (need < len || need > SIZE_MAX - 16) return NULL; /* overflow */
    uint32_t *tag = smp_arena_alloc(&st->arena, 2 * sizeof *tag + need);
    if (!tag) return NULL;
    tag[0] = tag[1] = 0;
    char *mem = (char *)(tag + 2);
    memcpy(mem, word, len);
    mem[len] = 0;
    char *stem_copy = mem;
    if (!same) {
        stem_copy = mem + len + 1;
        memcpy(stem_copy, stem, slen);
        stem_copy[slen] = 0;
    }

    if ((st->count + 1) * 2 > st->nslots) {
        if (!table_grow(st)) return NULL;
        mask = st->nslots - 1;
        i = (size_t)h & mask;
        while (st->slots[i].word) i = (i + 1) & mask;
    }
    stem_slot *s = &st->slots[i];
    s->hash = h;
    s->word = mem;
    s->wlen = len;
    s->stem = stem_copy;
    s->slen = slen;
    s->tag = tag;
    *out_slot = s;
    st->count++;
    st->misses++;
    if (out_len) *out_len = slen;
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
} analyze_ctx;

static int analyze_token(void *ud, const smp_token *tok) {
    analyze_ctx *cx = ud;
    size_t slen;
    stem_slot *s;
    const char *term = stem_slot_of(cx->st, tok->text, tok->len, &slen, &s);
    if (!term) return SMP_ENOMEM;
    return cx->tfn ? cx->tfn(cx->ud, term, slen, tok, s->tag) : cx->fn(cx->ud, term, slen, tok);
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
    analyze_ctx cx = {st, fn, NULL, ud};
    return analyze(&cx, text, len);
}

int smp_analyze_tagged(smp_stemmer *st, const char *text, size_t len,
                       smp_tagged_term_fn fn, void *ud) {
    if (!st || !fn) return SMP_EINVAL;
    analyze_ctx cx = {st, NULL, fn, ud};
    return analyze(&cx, text, len);
}
