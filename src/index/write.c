/*
 * write.c - the in-memory inverted index of a build, and the index
 * file it is written to.
 *
 * INDEX FILE FORMAT, version 2
 * ============================
 * All integers are little-endian.  Every section starts at an offset that
 * is a multiple of 8.  "u32" etc. are unsigned integers of that many bits.
 *
 * Header (64 bytes, at offset 0)
 *    0  8  magic "SMPIDX\r\n"
 *    8  u32 format version (2)
 *   12  u32 header size (64)
 *   16  u32 number of sections S
 *   20  u32 flags (0)
 *   24  u64 size of the whole file in bytes
 *   32  u32 CRC-32 of the section table
 *   36  u32 CRC-32 of header bytes 0..35
 *   40  24 bytes of zero (reserved)
 *
 * Section table (S entries of 32 bytes, at offset 64)
 *    0  u32 section id (below)
 *    4  u32 CRC-32 (zlib crc32) of the section's bytes
 *    8  u64 offset of the section in the file
 *   16  u64 length of the section in bytes
 *   24  u64 reserved (0)
 * Ids a reader does not know are ignored, so sections can be added (e.g.
 * positions) without a version bump as long as the old ones keep their
 * meaning.
 *
 * META (id 1, 112 bytes)
 *    0  u32 analyzer version (tokenizer/stemmer rules, see format.h); an
 *       index of version 1 reads as version 2 with no analyzer options
 *    4  u32 length of the stemmer language name
 *    8  32 bytes language name, zero padded ("english")
 *   40  u64 passages N
 *   48  u64 articles
 *   56  u64 terms
 *   64  u64 postings (sum of document frequencies)
 *   72  u64 source bytes indexed
 *   80  u64 total length in tokens of field title, heading, body (3 x u64)
 *  104  u32 analyzer options (SMP_AN_*; bit 0: numbers, see numbers.c);
 *       a reader refuses bits it does not know
 *  108  u32 reserved (0)
 *
 * TERMS (id 2): the bytes of all terms, back to back, no separators.
 *
 * DICT (id 3): one 16-byte entry per term, sorted by term bytes
 * (smp_term_cmp: memcmp order, a prefix before its extensions),
 * binary-searchable:
 *    0  u32 offset of the term in TERMS
 *    4  u32 document frequency df (>= 1)
 *    8  u64 offset of the term's postings in POSTINGS
 * Terms and postings are laid out in dictionary order, so a term's length
 * (1..65535 bytes) is the next entry's term offset minus its own (the last
 * one: up to the end of TERMS), and likewise the length of its postings.
 *
 * POSTINGS (id 4): per term, nb = ceil(df / 128) blocks.  First the block
 * table (absent when nb = 1, the common case of a rare term: the block then
 * fills the term's postings), nb entries of 16 bytes:
 *    0  u32 last docid in the block
 *    4  u32 end of the block's data, counted from the end of the table
 *    8  u16 max tf in title, u16 max tf in heading, u16 max tf in body
 *       (each saturated at 65535), to bound the block's best score
 *   14  u16 smallest body length in the block (saturated)
 * then the blocks' data back to back.  Every block holds 128 postings but
 * the last, which holds df - 128 (nb - 1).  Block bytes are described in
 * index.h (codec.c): docid gaps in Stream VByte, then the title, heading
 * and body term frequencies in Stream VByte 0124.
 *
 * DOCS (id 5): one 48-byte entry per passage, in docid order:
 *    0  u32 article number
 *    4  u32 ordinal of the passage in its article (0: the record itself)
 *    8  u32 line of the passage in the source file (1-based)
 *   12  u32 length in tokens of title, heading, body (3 x u32)
 *   24  u64 first source byte, 32 u64 end source byte
 *   40  u32 store block, 44 u32 offset of the passage's record in the
 *       decompressed block
 *
 * ARTICLES (id 6): one 12-byte entry per article: u32 offsets in STRINGS of
 * its id, title and path.
 *
 * STRINGS (id 7): NUL-terminated UTF-8 strings; the section ends with NUL.
 *
 * INFO (id 17, optional): one 24-byte entry per article: u32 offsets in
 * STRINGS of its URL, date, description, tags, categories and language
 * (an empty string when unknown; lists joined by '\n').
 *
 * FRAGMENTS (id 18, optional): one u32 per passage: offset in STRINGS of
 * its link target (the part of its URL after '#'), an empty string for none.
 *
 * LANGUAGES (id 19, optional): the libstemmer names of the languages some
 * articles were stemmed in, other than META's, each followed by '\n'.
 *
 * STORE_INDEX (id 8): one 16-byte entry per store block: u64 offset in
 * STORE, u32 compressed length, u32 decompressed length (<= 16 MiB).
 *
 * ALIASES (id 10, optional): alias groups used to expand queries, as
 * UTF-8 text: one group a line, its phrases separated by tabs, each phrase
 * its stems separated by spaces (see alias.c).
 *
 * STORE (id 9): zstd frames (no checksum, no dictionary id; the frame
 * header holds the content size), each compressed with the STORE_DICT
 * section as raw-content dictionary.  A decompressed block is a sequence
 * of whole passage records of about 2 KiB in all (one passage when it is
 * longer): u32 heading length, heading bytes, u32 text length, text bytes.
 * zstd rather than zlib (format 1): a dictionary prepared once (a CDict,
 * a DDict) makes each small block cheap to compress and to read.
 *
 * STORE_DICT (id 11): up to 8 KiB of passage text, the preset dictionary
 * of every store block, so that small blocks - showing a result
 * decompresses one - compress nearly as well as large ones.  The writer
 * samples it evenly across its own passages (build_store_dict).  In a
 * build with runs that means the first run's passages only: every later
 * run is given that run's dictionary (smp_writer_set_store_dict), and the
 * merged file keeps it, since merging runs copies the compressed blocks.
 *
 * POSITIONS (id 12, optional: absent with --no-positions): the word
 * positions of every posting, term by term in dictionary order, each term
 * in the blocks of its postings.  First a table of nb u32 (absent when
 * nb = 1): the end of each block's data, counted from the end of the
 * table.  Then per block one Stream VByte stream (libstreamvbyte's
 * streamvbyte_encode) of as many values as the term frequencies of the
 * block's postings add up to: for each posting its first position, then
 * the gaps (>= 0) to the next.  Positions count the words of a passage
 * through its title, heading and body, with one unused position between
 * fields so that no phrase spans two.  Ranked queries never read them.
 *
 * POS_INDEX (id 13, with POSITIONS): one u64 per term, in dictionary
 * order: the offset of its positions in POSITIONS; their length runs to
 * the next term's (the last one's to the end of the section).
 *
 * LENS (id 14, optional): per passage, in docid order, u16 lengths of
 * title, heading and body, saturated at 65535 (then DOCS has the real
 * ones).  Scoring reads only these, 6 bytes a passage instead of a 48-byte
 * DOCS entry, so far fewer cache misses on a large index.
 *
 * Footer (16 bytes, at the end of the file): 8 bytes "SMPEND\r\n", u32
 * format version, u32 CRC-32 of the header.  A file cut short loses it.
 *
 * Opening checks the header, the footer, the section table (and its
 * CRC), META (and its CRC) and the sizes of the fixed-size tables: work
 * that does not grow with the index.  Every other read is bounds-checked
 * where it happens.  smp_index_check (`smpsearch check`) verifies every
 * checksum, so that a damaged byte anywhere but in the zero padding
 * between sections (which no reader looks at) is found, and every
 * structure.  Of the words written 0 it checks the header's reserved
 * bytes and each section table entry's reserved word, but not the
 * header's flags word, META's reserved word or the zero bytes after
 * META's language name: nothing reads them, and the checksums cover
 * them.
 *
 * Writing: everything is assembled in memory, written to a temporary file
 * in the target's directory, fsync'ed, renamed over the target and the
 * directory fsync'ed.  Any failure removes the temporary file and leaves
 * the target as it was.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "index/format.h"
#include "index/index.h"

typedef smp_posting posting;

typedef struct wterm {
    const char *text; /* arena */
    uint32_t len;
    uint32_t n, cap;
    uint32_t last_doc; /* p[n - 1].doc, or UINT32_MAX when n = 0: no load of
                          p[] to tell a term's first occurrence in a passage */
    posting *p;
    /* positions as LEB128 varints: per posting the first, then gaps */
    uint8_t *pb;
    uint32_t pn, pcap;
    uint32_t lastpos;
} wterm;

typedef smp_doc_info wdoc; /* a passage: its DOCS entry */

struct smp_writer {
    char language[SMP_LANG_MAX];
    uint32_t analyzer; /* SMP_AN_* */
    smp_arena arena;
    /* terms: open addressing table of indexes into terms[] */
    wterm *terms;
    uint32_t nterms, terms_cap;
    uint32_t *slots; /* value: term index + 1; 0 = empty */
    uint32_t nslots;
    wdoc *docs;
    uint32_t ndocs, docs_cap;
    smp_buf articles; /* ARTICLES section */
    smp_buf strings;  /* STRINGS section */
    smp_buf info;     /* INFO section, written when any article has one */
    smp_buf frags;    /* FRAGMENTS section, written when any passage has one */
    int any_info, any_frag;
    smp_buf languages; /* LANGUAGES section: names, each with '\n' */
    uint32_t nlanguages;
    uint32_t empty;   /* offset of an empty string of the last article */
    uint32_t narticles;
    /* the passage store */
    smp_buf raw;         /* current uncompressed block */
    smp_buf store;       /* STORE section */
    smp_buf store_index; /* STORE_INDEX section */
    uint32_t nblocks;
    uint64_t postings;
    smp_buf aliases; /* ALIASES section */
    smp_buf store_dict; /* STORE_DICT section */
    int positions;      /* store word positions */
    int store_lost;     /* a failed write left the passages pointing at
                           store blocks it could not compress */
    int fixed_dict;     /* store_dict given, not sampled */
    int scratch;        /* writes a run: smp_out_set_scratch */
    uint64_t mem;       /* bytes held by terms, postings and passages */
};

static uint32_t hash_bytes(const char *s, size_t len) {
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (uint8_t)s[i];
        h *= 16777619u;
    }
    return h;
}

int smp_writer_new(smp_writer **out, const char *language, uint32_t analyzer) {
    *out = NULL;
    if (!language || strlen(language) >= SMP_LANG_MAX) return SMP_EINVAL;
    smp_writer *w = calloc(1, sizeof *w);
    if (!w) return SMP_ENOMEM;
    strcpy(w->language, language);
    w->analyzer = analyzer;
    w->positions = 1;
    smp_arena_init(&w->arena);
    smp_buf_init(&w->articles);
    smp_buf_init(&w->info);
    smp_buf_init(&w->frags);
    smp_buf_init(&w->languages);
    smp_buf_init(&w->strings);
    smp_buf_init(&w->raw);
    smp_buf_init(&w->store);
    smp_buf_init(&w->store_index);
    smp_buf_init(&w->aliases);
    smp_buf_init(&w->store_dict);
    w->nslots = 1024;
    w->slots = calloc(w->nslots, sizeof *w->slots);
    if (!w->slots) {
        smp_writer_free(w);
        return SMP_ENOMEM;
    }
    *out = w;
    return SMP_OK;
}

void smp_writer_free(smp_writer *w) {
    if (!w) return;
    for (uint32_t i = 0; i < w->nterms; i++) {
        free(w->terms[i].p);
        free(w->terms[i].pb);
    }
    free(w->terms);
    free(w->slots);
    free(w->docs);
    smp_buf_free(&w->articles);
    smp_buf_free(&w->info);
    smp_buf_free(&w->frags);
    smp_buf_free(&w->languages);
    smp_buf_free(&w->strings);
    smp_buf_free(&w->raw);
    smp_buf_free(&w->store);
    smp_buf_free(&w->store_index);
    smp_buf_free(&w->aliases);
    smp_buf_free(&w->store_dict);
    smp_arena_free(&w->arena);
    free(w);
}

void smp_writer_set_aliases(smp_writer *w, const char *text, size_t len) {
    smp_buf_reset(&w->aliases);
    smp_buf_append(&w->aliases, text, len);
}

void smp_writer_set_positions(smp_writer *w, int on) { w->positions = on != 0; }

void smp_writer_set_scratch(smp_writer *w) { w->scratch = 1; }

int smp_writer_set_store_dict(smp_writer *w, const uint8_t *p, size_t n) {
    smp_buf_reset(&w->store_dict);
    smp_buf_append(&w->store_dict, p, n);
    w->fixed_dict = 1;
    return w->store_dict.rc;
}

void smp_writer_store_dict(const smp_writer *w, const uint8_t **p, size_t *n) {
    *p = w->store_dict.p;
    *n = w->store_dict.n;
}

uint64_t smp_writer_memory(const smp_writer *w) {
    return w->mem + w->raw.alloc + w->strings.alloc + w->articles.alloc +
           (uint64_t)w->nslots * sizeof *w->slots;
}

uint64_t smp_writer_passages(const smp_writer *w) { return w->ndocs; }
uint64_t smp_writer_articles(const smp_writer *w) { return w->narticles; }

static uint32_t add_string(smp_writer *w, const char *s) {
    uint32_t off = (uint32_t)w->strings.n;
    smp_buf_append(&w->strings, s, strlen(s) + 1);
    return off;
}

/* s cut to at most max bytes (at a UTF-8 character boundary); its offset,
 * or the last article's empty string for "". */
static uint32_t add_string_max(smp_writer *w, const char *s, size_t max) {
    size_t n = strlen(s);
    if (n == 0) return w->empty;
    if (n > max) {
        n = max;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    uint32_t off = (uint32_t)w->strings.n;
    smp_buf_append(&w->strings, s, n);
    smp_buf_put_u8(&w->strings, 0);
    return off;
}

/* The longest info string and fragment kept (longer ones are cut). */
#define INFO_MAX 4096
#define FRAGMENT_MAX 256

/* STRINGS' offsets are 32 bits: a new article is refused this close to
 * the limit, room for its id, title and path when each is under 4096
 * bytes (longer ones are not measured here) and its info strings; a
 * fragment of a passage is dropped this close to it. */
#define STRINGS_ROOM ((3 + SMP_INFO_FIELDS) * 4096)

int smp_writer_add_article(smp_writer *w, const char *id, const char *title,
                           const char *path, const smp_article_info *info,
                           uint32_t *out_article, smp_error *err) {
    if (w->strings.n > SMP_STRINGS_MAX_BYTES - STRINGS_ROOM)
        return smp_set_error(err, SMP_EINVAL,
                             "the ids, titles and paths of the articles take more than %llu "
                             "bytes, the most the index format holds (its string offsets "
                             "are 32 bits)",
                             (unsigned long long)(SMP_STRINGS_MAX_BYTES - STRINGS_ROOM));
    uint32_t off[3];
    off[0] = add_string(w, id);
    off[1] = add_string(w, title);
    off[2] = add_string(w, path);
    w->empty = off[2] + (uint32_t)strlen(path); /* its NUL */
    uint8_t e[SMP_ARTICLE_ENTRY];
    smp_article_put(e, off);
    smp_buf_append(&w->articles, e, sizeof e);
    const char *f[SMP_INFO_FIELDS] = {"", "", "", "", "", ""};
    if (info) {
        const char *given[SMP_INFO_FIELDS] = {info->url,  info->date,       info->description,
                                              info->tags, info->categories, info->language};
        for (int k = 0; k < SMP_INFO_FIELDS; k++)
            if (given[k] && *given[k]) {
                f[k] = given[k];
                w->any_info = 1;
            }
    }
    uint32_t ioff[SMP_INFO_FIELDS];
    for (int k = 0; k < SMP_INFO_FIELDS; k++) ioff[k] = add_string_max(w, f[k], INFO_MAX);
    uint8_t ie[SMP_INFO_ENTRY];
    smp_info_put(ie, ioff);
    smp_buf_append(&w->info, ie, sizeof ie);
    if (w->articles.rc || w->strings.rc || w->info.rc)
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    *out_article = w->narticles++;
    return SMP_OK;
}

int smp_writer_add_language(smp_writer *w, const char *language) {
    size_t n = strlen(language);
    if (n == 0 || n >= SMP_LANG_MAX || strchr(language, '\n')) return SMP_EINVAL;
    for (size_t at = 0; at < w->languages.n;) {
        const uint8_t *nl = memchr(w->languages.p + at, '\n', w->languages.n - at);
        size_t l = (size_t)(nl - (w->languages.p + at));
        if (l == n && !memcmp(w->languages.p + at, language, n)) return SMP_OK;
        at += l + 1;
    }
    if (w->nlanguages == SMP_MAX_LANGUAGES) return SMP_EINVAL;
    smp_buf_append(&w->languages, language, n);
    smp_buf_putc(&w->languages, '\n');
    w->nlanguages++;
    return w->languages.rc ? SMP_ENOMEM : SMP_OK;
}

/* The preset dictionary: text sampled evenly across this writer's
 * passages, so that small blocks compress nearly as well as large ones;
 * unless it was given (the later runs of a build take the first run's). */
static void build_store_dict(smp_writer *w) {
    if (w->fixed_dict) return;
    smp_buf_reset(&w->store_dict);
    uint32_t stride = w->ndocs / 64 ? w->ndocs / 64 : 1;
    for (uint32_t d = 0; d < w->ndocs && w->store_dict.n < SMP_STORE_DICT_MAX; d += stride) {
        const uint8_t *rec = w->raw.p + w->docs[d].store_off;
        uint32_t hl = smp_get_u32(rec), tl = smp_get_u32(rec + 4 + hl);
        size_t room = SMP_STORE_DICT_MAX - w->store_dict.n;
        smp_buf_append(&w->store_dict, rec + 8 + hl, tl < room ? tl : room);
    }
}

/* Splits the passage records (all in w->raw, in docid order) into
 * blocks of whole records of about SMP_STORE_BLOCK bytes (one record when
 * it is longer), points each passage at its block and its offset there,
 * and gives the blocks' starts in w->raw: *nblocks + 1 offsets, the last
 * one the end of w->raw; NULL when out of memory. */
static size_t *plan_store(smp_writer *w, uint32_t *nblocks) {
    size_t *bstart = malloc(((size_t)w->ndocs + 1) * sizeof *bstart);
    if (!bstart) return NULL;
    uint32_t nb = 0;
    for (uint32_t first = 0; first < w->ndocs;) {
        size_t start = w->docs[first].store_off;
        uint32_t last = first;
        while (last < w->ndocs) { /* whole records up to the block size */
            size_t rstart = w->docs[last].store_off;
            size_t rend = last + 1 < w->ndocs ? w->docs[last + 1].store_off : w->raw.n;
            if (last > first && rend - start > SMP_STORE_BLOCK) break;
            w->docs[last].store_block = nb;
            w->docs[last].store_off = (uint32_t)(rstart - start);
            last++;
        }
        bstart[nb++] = start;
        first = last;
    }
    bstart[nb] = w->raw.n;
    *nblocks = nb;
    return bstart;
}

/* A compression context for store blocks with the preset dictionary
 * cdict (NULL: none), or NULL when out of memory. */
static ZSTD_CCtx *store_cctx(const ZSTD_CDict *cdict) {
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    if (!cctx ||
        ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, SMP_STORE_LEVEL)) ||
        ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_dictIDFlag, 0)) ||
        /* each frame ends with a checksum of its content, verified by
           every decompression (SMP_HFLAG_STORE_CHECKSUMS) */
        ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1)) ||
        ZSTD_isError(ZSTD_CCtx_refCDict(cctx, cdict))) {
        ZSTD_freeCCtx(cctx);
        return NULL;
    }
    return cctx;
}

/* Compresses store blocks b0..b1-1 (their starts in bstart) into frames
 * appended to store, with their STORE_INDEX entries appended to index,
 * frame offsets counted from the start of store. */
static int compress_blocks(const smp_writer *w, ZSTD_CCtx *cctx, const size_t *bstart,
                           uint32_t b0, uint32_t b1, smp_buf *store, smp_buf *index) {
    for (uint32_t b = b0; b < b1; b++) {
        size_t start = bstart[b], end = bstart[b + 1];
        size_t bound = ZSTD_compressBound(end - start);
        if (smp_buf_reserve(store, bound)) return SMP_ENOMEM;
        size_t z = ZSTD_compress2(cctx, store->p + store->n, bound, w->raw.p + start, end - start);
        if (ZSTD_isError(z)) return SMP_ENOMEM;
        uint8_t e[SMP_STORE_ENTRY];
        smp_store_put(e, &(smp_store_entry){store->n, (uint32_t)z, (uint32_t)(end - start)});
        smp_buf_append(index, e, sizeof e);
        store->n += z;
    }
    return index->rc ? SMP_ENOMEM : SMP_OK;
}

int smp_writer_add_passage(smp_writer *w, uint32_t ordinal, uint32_t line,
                           uint64_t byte_start, uint64_t byte_end,
                           const char *heading, size_t heading_len, const char *fragment,
                           const char *text, size_t text_len,
                           uint32_t *out_doc) {
    if (w->narticles == 0) return SMP_EINVAL;
    if (!fragment || w->strings.n > SMP_STRINGS_MAX_BYTES - STRINGS_ROOM) fragment = "";

    if (w->ndocs == UINT32_MAX - 1) return SMP_ENOMEM;
    if (heading_len > SMP_PASSAGE_HEADING_MAX || text_len > SMP_PASSAGE_TEXT_MAX)
        return SMP_EINVAL;
    if (w->ndocs == w->docs_cap) {
        uint32_t nc = w->docs_cap ? w->docs_cap * 2 : 256;
        wdoc *d = realloc(w->docs, nc * sizeof *d);
        if (!d) return SMP_ENOMEM;
        w->mem += (uint64_t)(nc - w->docs_cap) * sizeof *d;
        w->docs = d;
        w->docs_cap = nc;
    }
    if (w->raw.n + 8 + heading_len + text_len > UINT32_MAX) return SMP_ENOMEM;
    wdoc *d = &w->docs[w->ndocs];
    memset(d, 0, sizeof *d);
    d->article = w->narticles - 1;
    d->ordinal = ordinal;
    d->line = line;
    d->byte_start = byte_start;
    d->byte_end = byte_end;
    d->store_off = (uint32_t)w->raw.n; /* in w->raw until plan_store */
    smp_buf_put_u32(&w->raw, (uint32_t)heading_len);
    smp_buf_append(&w->raw, heading, heading_len);
    smp_buf_put_u32(&w->raw, (uint32_t)text_len);
    smp_buf_append(&w->raw, text, text_len);
    if (w->raw.rc) return SMP_ENOMEM;
    if (*fragment) w->any_frag = 1;
    smp_buf_put_u32(&w->frags, add_string_max(w, fragment, FRAGMENT_MAX));
    if (w->frags.rc || w->strings.rc) return SMP_ENOMEM; /* the writer is done for */
    *out_doc = w->ndocs++;
    return SMP_OK;
}

static int grow_slots(smp_writer *w) {
    uint32_t ns = w->nslots * 2;
    uint32_t *slots = calloc(ns, sizeof *slots);
    if (!slots) return SMP_ENOMEM;
    for (uint32_t i = 0; i < w->nterms; i++) {
        uint32_t h = hash_bytes(w->terms[i].text, w->terms[i].len) & (ns - 1);
        while (slots[h]) h = (h + 1) & (ns - 1);
        slots[h] = i + 1;
    }
    free(w->slots);
    w->slots = slots;
    w->nslots = ns;
    return SMP_OK;
}

/* The term's index, adding it if new; -1 when out of memory. */
static int64_t term_index(smp_writer *w, const char *term, size_t len) {
    uint32_t h = hash_bytes(term, len) & (w->nslots - 1);
    while (w->slots[h]) {
        wterm *t = &w->terms[w->slots[h] - 1];
        if (t->len == len && memcmp(t->text, term, len) == 0)
            return w->slots[h] - 1;
        h = (h + 1) & (w->nslots - 1);
    }
    if (w->nterms == w->terms_cap) {
        uint32_t nc = w->terms_cap ? w->terms_cap * 2 : 1024;
        wterm *t = realloc(w->terms, nc * sizeof *t);
        if (!t) return -1;
        w->mem += (uint64_t)(nc - w->terms_cap) * sizeof *t;
        w->terms = t;
        w->terms_cap = nc;
    }
    wterm *t = &w->terms[w->nterms];
    memset(t, 0, sizeof *t);
    t->last_doc = UINT32_MAX;
    t->text = smp_arena_strndup(&w->arena, term, len);
    if (!t->text) return -1;
    w->mem += len + 1;
    t->len = (uint32_t)len;
    w->slots[h] = ++w->nterms;
    if (w->nterms * 2 > w->nslots && grow_slots(w)) return -1;
    return w->nterms - 1;
}

static int put_varint(smp_writer *w, wterm *t, uint32_t v) {
    if (t->pcap - t->pn < SMP_VARINT_MAX) {
        uint32_t nc = t->pcap ? t->pcap * 2 : 8;
        if (nc < t->pcap) return SMP_ENOMEM;
        uint8_t *b = realloc(t->pb, nc);
        if (!b) return SMP_ENOMEM;
        w->mem += nc - t->pcap;
        t->pb = b;
        t->pcap = nc;
    }
    t->pn += (uint32_t)smp_varint_encode(t->pb + t->pn, v);
    return SMP_OK;
}

int64_t smp_writer_term_id(smp_writer *w, const char *term, size_t len) {
    if (len == 0 || len > UINT16_MAX) return -1;
    return term_index(w, term, len);
}

int smp_writer_add_term(smp_writer *w, uint32_t doc, int field,
                        const char *term, size_t len, uint32_t pos) {
    if (len == 0 || len > UINT16_MAX) return SMP_EINVAL;
    int64_t ti = term_index(w, term, len);
    if (ti < 0) return SMP_ENOMEM;
    return smp_writer_add_term_id(w, doc, field, (uint32_t)ti, pos);
}

/* An occurrence of term t in doc, the last passage. */
static int add_occ(smp_writer *w, wterm *t, uint32_t doc, int field, uint32_t pos) {
    int first = t->last_doc != doc;
    if (!first && pos < t->lastpos) return SMP_EINVAL;
    if (w->positions) {
        if (put_varint(w, t, first ? pos : pos - t->lastpos)) return SMP_ENOMEM;
        t->lastpos = pos;
    }
    if (first) {
        if (t->n == t->cap) {
            uint32_t nc = t->cap ? t->cap * 2 : 4;
            posting *p = realloc(t->p, nc * sizeof *p);
            if (!p) return SMP_ENOMEM;
            w->mem += (uint64_t)(nc - t->cap) * sizeof *p;
            t->p = p;
            t->cap = nc;
        }
        posting *p = &t->p[t->n++];
        memset(p, 0, sizeof *p);
        p->doc = doc;
        t->last_doc = doc;
        w->postings++;
    }
    posting *p = &t->p[t->n - 1];
    if (p->tf[field] < UINT32_MAX) p->tf[field]++;
    if (w->docs[doc].len[field] < UINT32_MAX) w->docs[doc].len[field]++;
    return SMP_OK;
}

int smp_writer_add_term_id(smp_writer *w, uint32_t doc, int field, uint32_t id, uint32_t pos) {
    if (doc + 1 != w->ndocs || field < 0 || field > 2 || id >= w->nterms) return SMP_EINVAL;
    return add_occ(w, &w->terms[id], doc, field, pos);
}

/* How many occurrences ahead smp_writer_add_occs prefetches a term's
 * record, and the ends of its postings and positions. */
#define PREFETCH_TERM 16
#define PREFETCH_TAIL 8

/* Fetches the whole record of term id (it may span two cache lines). */
static inline void prefetch_term(const smp_writer *w, uint32_t id) {
    const char *t = (const char *)&w->terms[id];
    __builtin_prefetch(t, 1);
    __builtin_prefetch(t + sizeof(wterm) - 1, 1);
}

int smp_writer_add_occs(smp_writer *w, uint32_t doc, const smp_term_occ *o, size_t n) {
    if (doc + 1 != w->ndocs) return SMP_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (o[i].field > 2 || o[i].id >= w->nterms) return SMP_EINVAL;
    /* the terms of a passage lie scattered over the writer's memory: each
       occurrence's term record, and then the last posting and position
       byte of the term, are fetched a few occurrences before they are
       needed, so that the misses overlap */
    for (size_t i = 0; i < n && i < PREFETCH_TERM; i++) prefetch_term(w, o[i].id);
    for (size_t i = 0; i < n; i++) {
        if (i + PREFETCH_TERM < n) prefetch_term(w, o[i + PREFETCH_TERM].id);
        if (i + PREFETCH_TAIL < n) {
            const wterm *u = &w->terms[o[i + PREFETCH_TAIL].id];
            if (u->n) __builtin_prefetch(&u->p[u->n - 1], 1);
            if (u->pb) __builtin_prefetch(u->pb + u->pn, 1);
        }
        int rc = add_occ(w, &w->terms[o[i].id], doc, (int)o[i].field, o[i].pos);
        if (rc) return rc;
    }
    return SMP_OK;
}

/* --- serialisation ------------------------------------------------------ */

static int cmp_term(const void *a, const void *b, void *ctx) {
    const wterm *terms = ctx;
    const wterm *x = &terms[*(const uint32_t *)a];
    const wterm *y = &terms[*(const uint32_t *)b];
    return smp_term_cmp(x->text, x->len, y->text, y->len);
}

/* qsort_r is not C11; a small merge sort keeps us portable. */
static void sort_terms(uint32_t *ids, uint32_t *tmp, uint32_t n,
                       const wterm *terms) {
    if (n < 2) return;
    uint32_t h = n / 2;
    sort_terms(ids, tmp, h, terms);
    sort_terms(ids + h, tmp, n - h, terms);
    uint32_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = cmp_term(&ids[j], &ids[i], (void *)terms) < 0 ? ids[j++]
                                                               : ids[i++];
    while (i < h) tmp[k++] = ids[i++];
    while (j < n) tmp[k++] = ids[j++];
    memcpy(ids, tmp, n * sizeof *ids);
}

static uint16_t sat16(uint32_t v) { return v > UINT16_MAX ? UINT16_MAX : (uint16_t)v; }

void smp_encode_postings(const smp_posting *pl, uint32_t np, const uint8_t *body_len,
                         size_t stride, smp_buf *out, smp_buf *data) {
    uint32_t docids[SMP_BLOCK_SIZE], tfs[3][SMP_BLOCK_SIZE];
    const uint32_t *tfp[3] = {tfs[0], tfs[1], tfs[2]};
    uint32_t prev = UINT32_MAX;
    smp_buf_reset(data);
    for (uint32_t start = 0; start < np; start += SMP_BLOCK_SIZE) {
        uint32_t n = np - start < SMP_BLOCK_SIZE ? np - start : SMP_BLOCK_SIZE;
        uint32_t maxtf[3] = {0, 0, 0}, minlen = UINT32_MAX;
        for (uint32_t i = 0; i < n; i++) {
            const posting *p = &pl[start + i];
            docids[i] = p->doc;
            for (int f = 0; f < 3; f++) {
                tfs[f][i] = p->tf[f];
                if (p->tf[f] > maxtf[f]) maxtf[f] = p->tf[f];
            }
        }
        if (np > SMP_BLOCK_SIZE) /* for the block table */
            for (uint32_t i = 0; i < n; i++) {
                uint32_t bl;
                memcpy(&bl, body_len + (size_t)docids[i] * stride, sizeof bl);
                if (bl < minlen) minlen = bl;
            }
        if (smp_buf_reserve(data, smp_block_max_bytes(n))) return;
        data->n += smp_block_encode(docids, tfp, n, prev, data->p + data->n);
        prev = docids[n - 1];
        if (np <= SMP_BLOCK_SIZE) break; /* one block: no table */
        smp_block_entry be = {prev, (uint32_t)data->n,
                              {sat16(maxtf[0]), sat16(maxtf[1]), sat16(maxtf[2])}, sat16(minlen)};
        uint8_t e[SMP_BLOCK_ENTRY];
        smp_block_put(e, &be);
        smp_buf_append(out, e, sizeof e);
    }
    smp_buf_append(out, data->p, data->n);
    if (data->rc) out->rc = data->rc;
}

void smp_encode_positions(const smp_posting *pl, uint32_t np, const uint8_t *pv, smp_buf *out,
                          smp_buf *vals, smp_buf *data) {
    uint32_t nb = (np + SMP_BLOCK_SIZE - 1) / SMP_BLOCK_SIZE;
    uint32_t at = 0; /* read offset in pv */
    smp_buf_reset(data);
    for (uint32_t b = 0; b < nb; b++) {
        uint32_t from = b * SMP_BLOCK_SIZE, to = from + SMP_BLOCK_SIZE < np ? from + SMP_BLOCK_SIZE : np;
        uint64_t count = 0;
        for (uint32_t i = from; i < to; i++)
            count += (uint64_t)pl[i].tf[0] + pl[i].tf[1] + pl[i].tf[2];
        smp_buf_reset(vals);
        if (count > UINT32_MAX / 8 || smp_buf_reserve(vals, count * 4) ||
            smp_buf_reserve(data, smp_stream_max_bytes((uint32_t)count))) {
            out->rc = SMP_ENOMEM;
            return;
        }
        uint32_t *v = (uint32_t *)(void *)vals->p;
        for (uint64_t k = 0; k < count; k++) v[k] = smp_varint_decode(pv, &at);
        data->n += smp_stream_encode(v, (uint32_t)count, data->p + data->n);
        if (nb > 1) smp_buf_put_u32(out, (uint32_t)data->n);
    }
    smp_buf_append(out, data->p, data->n);
}

int smp_term_limits(const char *term, size_t len, uint64_t post_len, uint64_t terms_len,
                    smp_error *err) {
    int shown = len > 64 ? 64 : (int)len;
    if (post_len > SMP_TERM_POSTINGS_MAX_BYTES)
        return smp_set_error(err, SMP_EINVAL,
                             "the postings of the term '%.*s' take %llu bytes; the index "
                             "format holds at most %llu bytes of postings per term",
                             shown, term, (unsigned long long)post_len,
                             (unsigned long long)SMP_TERM_POSTINGS_MAX_BYTES);
    if (terms_len > SMP_TERMS_MAX_BYTES)
        return smp_set_error(err, SMP_EINVAL,
                             "the terms take more than %llu bytes, the most the index "
                             "format holds (its term offsets are 32 bits)",
                             (unsigned long long)SMP_TERMS_MAX_BYTES);
    return SMP_OK;
}

/* --- writing, on every core ----------------------------------------------- *
 *
 * The file's big sections are made in pieces by a few threads (one a
 * processor): the store in ranges of blocks, each compressed into buffers
 * of its own, and TERMS, DICT, POSTINGS, POSITIONS and POS_INDEX in ranges
 * of terms in dictionary order, each encoded into buffers of its own with
 * offsets counted from the range's start.  The pieces are then put back in
 * order (the store's into the writer's buffers, the terms' written one
 * after another with their offsets moved), so the file is the same byte
 * for byte as if one thread had made it, whatever the number of threads
 * and their timing.  The store's ranges come first in the queue: they need
 * no sorted terms, so they are compressed while the main thread sorts. */

#define MAX_WRITE_THREADS 4
#define STORE_CHUNKS 64 /* ranges of store blocks, at most */
#define TERM_CHUNKS 64  /* ranges of terms, at most */

typedef struct tchunk { /* the terms ids[from..to) */
    uint32_t from, to;
    smp_buf terms, dict, post, pos, pos_index;
    int rc; /* the first term of the range past a limit of the format */
    smp_error err;
} tchunk;

typedef struct schunk { /* store blocks b0..b1-1 */
    uint32_t b0, b1;
    smp_buf store, index;
    int rc;
} schunk;

/* The jobs of a write, under mu. */
typedef struct wjobs {
    const smp_writer *w;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint32_t next;   /* the next job: store ranges first, then term ranges */
    uint32_t nstore; /* store ranges */
    uint32_t nterm;  /* term ranges, known once sorted */
    int sorted;      /* ids and the term ranges are ready */
    const uint32_t *ids;  /* term ids in dictionary order */
    const uint32_t *blen; /* body length of each passage */
    const size_t *bstart; /* start of each store block (plan_store) */
    const ZSTD_CDict *cdict;
    schunk *sc;
    tchunk *tc;
} wjobs;

/* Encodes the terms of one range: term by term, the bytes of TERMS, its
 * DICT entry, its POSTINGS, and its POSITIONS and POS_INDEX entry when the
 * writer keeps positions; offsets from the range's own start. */
static void encode_terms(const wjobs *j, tchunk *c, smp_buf *data, smp_buf *vals) {
    const smp_writer *w = j->w;
    for (uint32_t i = c->from; i < c->to; i++) {
        const wterm *t = &w->terms[j->ids[i]];
        uint64_t poff = c->post.n;
        smp_encode_postings(t->p, t->n, (const uint8_t *)j->blen, sizeof *j->blen, &c->post,
                            data);
        uint8_t de[SMP_DICT_ENTRY];
        smp_dict_put(de, &(smp_dict_entry){(uint32_t)c->terms.n, t->n, poff});
        smp_buf_append(&c->dict, de, sizeof de);
        smp_buf_append(&c->terms, t->text, t->len);
        if (w->positions) {
            smp_buf_put_u64(&c->pos_index, c->pos.n); /* SMP_POS_INDEX_ENTRY */
            smp_encode_positions(t->p, t->n, t->pb, &c->pos, vals, data);
        }
        if (!c->rc) c->rc = smp_term_limits(t->text, t->len, c->post.n - poff, 0, &c->err);
    }
    if (!c->rc && (data->rc || vals->rc || c->terms.rc || c->dict.rc || c->post.rc ||
                   c->pos.rc || c->pos_index.rc))
        c->rc = smp_set_error(&c->err, SMP_ENOMEM, "out of memory building the index");
}

/* A thread of the write (the main thread too, once it has sorted the
 * terms): takes jobs until none is left. */
static void *write_jobs(void *arg) {
    wjobs *j = arg;
    ZSTD_CCtx *cctx = NULL;
    int cctx_failed = 0;
    smp_buf data, vals; /* the encoders' scratch */
    smp_buf_init(&data);
    smp_buf_init(&vals);
    for (;;) {
        pthread_mutex_lock(&j->mu);
        while (j->next >= j->nstore && !j->sorted) pthread_cond_wait(&j->cv, &j->mu);
        uint32_t k = j->next;
        int any = k < j->nstore + j->nterm;
        if (any) j->next++;
        pthread_mutex_unlock(&j->mu);
        if (!any) break;
        if (k < j->nstore) {
            schunk *c = &j->sc[k];
            if (!cctx && !cctx_failed) cctx_failed = !(cctx = store_cctx(j->cdict));
            c->rc = cctx ? compress_blocks(j->w, cctx, j->bstart, c->b0, c->b1, &c->store,
                                           &c->index)
                         : SMP_ENOMEM;
        } else {
            encode_terms(j, &j->tc[k - j->nstore], &data, &vals);
        }
    }
    ZSTD_freeCCtx(cctx);
    smp_buf_free(&data);
    smp_buf_free(&vals);
    return NULL;
}

/* The number of threads writing: one a processor, at most MAX_WRITE_THREADS. */
static int write_thread_count(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_WRITE_THREADS ? MAX_WRITE_THREADS : (int)n;
}

/* Splits the store's blocks into ranges of about equal raw size; their
 * number. */
static uint32_t split_store(const size_t *bstart, uint32_t nblocks, schunk *sc) {
    size_t per = (bstart[nblocks] - bstart[0]) / STORE_CHUNKS + 1, start = bstart[0];
    uint32_t n = 0, b0 = 0;
    for (uint32_t b = 0; b < nblocks; b++)
        if (bstart[b + 1] - start >= per || b + 1 == nblocks) {
            sc[n].b0 = b0;
            sc[n++].b1 = b + 1;
            b0 = b + 1;
            start = bstart[b + 1];
        }
    return n;
}

/* Splits the terms, in the order of ids, into ranges of about equal work
 * (postings and position bytes); their number. */
static uint32_t split_terms(const smp_writer *w, const uint32_t *ids, tchunk *tc) {
    uint64_t total = 0, acc = 0;
    for (uint32_t i = 0; i < w->nterms; i++) total += (uint64_t)w->terms[i].n * 8 + w->terms[i].pn + 16;
    uint64_t per = total / TERM_CHUNKS + 1;
    uint32_t n = 0, from = 0;
    for (uint32_t i = 0; i < w->nterms; i++) {
        const wterm *t = &w->terms[ids[i]];
        acc += (uint64_t)t->n * 8 + t->pn + 16;
        if (acc >= per || i + 1 == w->nterms) {
            tc[n].from = from;
            tc[n++].to = i + 1;
            from = i + 1;
            acc = 0;
        }
    }
    return n;
}

static void free_chunks(schunk *sc, tchunk *tc) {
    for (uint32_t i = 0; sc && i < STORE_CHUNKS; i++) {
        smp_buf_free(&sc[i].store);
        smp_buf_free(&sc[i].index);
    }
    for (uint32_t i = 0; tc && i < TERM_CHUNKS; i++) {
        smp_buf_free(&tc[i].terms);
        smp_buf_free(&tc[i].dict);
        smp_buf_free(&tc[i].post);
        smp_buf_free(&tc[i].pos);
        smp_buf_free(&tc[i].pos_index);
    }
    free(sc);
    free(tc);
}

/* The compressed store ranges, in order, into the writer's STORE and
 * STORE_INDEX, their frame offsets moved to count from STORE's start. */
static int join_store(smp_writer *w, const schunk *sc, uint32_t n, uint32_t nblocks) {
    for (uint32_t i = 0; i < n; i++) {
        if (sc[i].rc) return sc[i].rc;
        uint64_t base = w->store.n;
        smp_buf_append(&w->store, sc[i].store.p, sc[i].store.n);
        size_t at = w->store_index.n;
        smp_buf_append(&w->store_index, sc[i].index.p, sc[i].index.n);
        if (w->store_index.rc) break;
        for (uint8_t *e = w->store_index.p + at; e < w->store_index.p + w->store_index.n;
             e += SMP_STORE_ENTRY)
            smp_put_u64(e + SMP_STORE_FRAME_OFF, smp_get_u64(e + SMP_STORE_FRAME_OFF) + base);
    }
    if (w->store.rc || w->store_index.rc) return SMP_ENOMEM;
    w->nblocks = nblocks;
    return SMP_OK;
}

/* The term ranges' offsets moved to count from the start of the whole
 * sections; the first error of a range, in dictionary order, or TERMS
 * past its limit. */
static int join_terms(const smp_writer *w, tchunk *tc, uint32_t n, smp_error *err) {
    uint64_t terms = 0, post = 0, pos = 0;
    for (uint32_t i = 0; i < n; i++) {
        tchunk *c = &tc[i];
        if (c->rc) return smp_set_error(err, c->rc, "%s", c->err.msg);
        int rc = smp_term_limits("", 0, 0, terms + c->terms.n, err);
        if (rc) return rc;
        for (uint8_t *e = c->dict.p; e < c->dict.p + c->dict.n; e += SMP_DICT_ENTRY) {
            smp_put_u32(e + SMP_DICT_TERM_OFF, smp_get_u32(e + SMP_DICT_TERM_OFF) + (uint32_t)terms);
            smp_put_u64(e + SMP_DICT_POST_OFF, smp_get_u64(e + SMP_DICT_POST_OFF) + post);
        }
        if (w->positions)
            for (uint8_t *e = c->pos_index.p; e < c->pos_index.p + c->pos_index.n;
                 e += SMP_POS_INDEX_ENTRY)
                smp_put_u64(e, smp_get_u64(e) + pos);
        terms += c->terms.n;
        post += c->post.n;
        pos += c->pos.n;
    }
    return SMP_OK;
}

/* The sections smp_writer_write assembles; the others (ARTICLES, STRINGS,
 * the store, ALIASES) are the writer's own buffers, and the terms'
 * sections are the pieces of the term ranges. */
typedef struct wsections {
    smp_buf meta, docs, lens;
    tchunk *tc;
    uint32_t ntc;
} wsections;

/* A section of the file: one buffer, or the member at offset piece of
 * each term range. */
typedef struct section {
    uint32_t id;
    smp_buf *buf;
    size_t piece;
} section;

#define PIECE(m) offsetof(tchunk, m)

static int write_file(const char *path, const section *secs, int nsec, const wsections *s,
                      int scratch, smp_error *err) {
    smp_out *o;
    int rc = smp_out_open(&o, path, (uint32_t)nsec, err);
    if (rc) return rc;
    smp_out_set_flags(o, SMP_HFLAG_STORE_CHECKSUMS);
    if (scratch) smp_out_set_scratch(o);
    for (int i = 0; i < nsec; i++) {
        smp_out_begin(o, secs[i].id);
        if (secs[i].buf)
            smp_out_write(o, secs[i].buf->p, secs[i].buf->n);
        else
            for (uint32_t c = 0; c < s->ntc; c++) {
                const smp_buf *b = (const smp_buf *)(const void *)((const char *)&s->tc[c] +
                                                                   secs[i].piece);
                smp_out_write(o, b->p, b->n);
            }
        smp_out_end(o);
    }
    return smp_out_commit(o, err);
}

/* The writer's term ids in dictionary order, or NULL when out of memory. */
static uint32_t *sorted_term_ids(const smp_writer *w) {
    uint32_t *ids = malloc((w->nterms + 1) * sizeof *ids);
    uint32_t *tmp = malloc((w->nterms + 1) * sizeof *tmp);
    if (ids && tmp) {
        for (uint32_t i = 0; i < w->nterms; i++) ids[i] = i;
        sort_terms(ids, tmp, w->nterms, w->terms);
    } else {
        free(ids);
        ids = NULL;
    }
    free(tmp);
    return ids;
}

/* META: the analyzer, the language and the counts. */
static void put_meta(const smp_writer *w, uint64_t source_bytes, smp_buf *meta) {
    uint64_t total[3] = {0, 0, 0};
    for (uint32_t d = 0; d < w->ndocs; d++)
        for (int f = 0; f < 3; f++) total[f] += w->docs[d].len[f];
    smp_meta mi = {.analyzer_version = SMP_ANALYZER_VERSION,
                   .language = w->language,
                   .language_len = (uint32_t)strlen(w->language),
                   .passages = w->ndocs,
                   .articles = w->narticles,
                   .terms = w->nterms,
                   .postings = w->postings,
                   .source_bytes = source_bytes,
                   .total_len = {total[0], total[1], total[2]},
                   .analyzer = w->analyzer};
    uint8_t me[SMP_META_SIZE];
    smp_meta_put(me, &mi);
    smp_buf_append(meta, me, sizeof me);
}

/* DOCS and LENS: one entry per passage. */
static void put_docs(const smp_writer *w, wsections *s) {
    for (uint32_t d = 0; d < w->ndocs; d++) {
        uint8_t de[SMP_DOC_ENTRY], le[SMP_LENS_ENTRY];
        smp_doc_put(de, &w->docs[d]);
        smp_buf_append(&s->docs, de, sizeof de);
        smp_lens_put(le, w->docs[d].len);
        smp_buf_append(&s->lens, le, sizeof le);
    }
}

/* Whether any buffer of the file ran out of memory. */
static int sections_failed(const smp_writer *w, const wsections *s) {
    return s->meta.rc || s->docs.rc || w->strings.rc || s->lens.rc || w->articles.rc ||
           w->store.rc || w->store_index.rc || w->aliases.rc || w->info.rc || w->frags.rc ||
           w->languages.rc;
}

/* The file, its sections in this order; ALIASES is left out when empty,
 * POSITIONS and POS_INDEX when the writer keeps no positions, INFO and
 * FRAGMENTS when they would hold only empty strings. */
static int write_sections(smp_writer *w, wsections *s, const char *path, smp_error *err) {
    section secs[] = {
        {SMP_SEC_META, &s->meta, 0},
        {SMP_SEC_TERMS, NULL, PIECE(terms)},
        {SMP_SEC_DICT, NULL, PIECE(dict)},
        {SMP_SEC_POSTINGS, NULL, PIECE(post)},
        {SMP_SEC_DOCS, &s->docs, 0},
        {SMP_SEC_ARTICLES, &w->articles, 0},
        {SMP_SEC_STRINGS, &w->strings, 0},
        {SMP_SEC_STORE_INDEX, &w->store_index, 0},
        {SMP_SEC_STORE, &w->store, 0},
        {SMP_SEC_STORE_DICT, &w->store_dict, 0},
        {SMP_SEC_ALIASES, &w->aliases, 0},
        {SMP_SEC_POSITIONS, NULL, PIECE(pos)},
        {SMP_SEC_POS_INDEX, NULL, PIECE(pos_index)},
        {SMP_SEC_LENS, &s->lens, 0},
        {SMP_SEC_INFO, &w->info, 0},
        {SMP_SEC_FRAGMENTS, &w->frags, 0},
        {SMP_SEC_LANGUAGES, &w->languages, 0},
    };
    int nsec = 0;
    for (size_t i = 0; i < sizeof secs / sizeof secs[0]; i++)
        if (!((secs[i].id == SMP_SEC_ALIASES && w->aliases.n == 0) ||
              (secs[i].id == SMP_SEC_INFO && !w->any_info) ||
              (secs[i].id == SMP_SEC_FRAGMENTS && !w->any_frag) ||
              (secs[i].id == SMP_SEC_LANGUAGES && !w->languages.n) ||
              ((secs[i].id == SMP_SEC_POSITIONS || secs[i].id == SMP_SEC_POS_INDEX) &&
               !w->positions)))
            secs[nsec++] = secs[i];
    return write_file(path, secs, nsec, s, w->scratch, err);
}

/* The body length of each passage, packed (the postings' block tables
 * read them in docid order, term after term). */
static uint32_t *body_lengths(const smp_writer *w) {
    uint32_t *blen = malloc(((size_t)w->ndocs + 1) * sizeof *blen);
    if (blen)
        for (uint32_t d = 0; d < w->ndocs; d++) blen[d] = w->docs[d].len[2];
    return blen;
}

int smp_writer_write(smp_writer *w, const char *path, uint64_t source_bytes,
                     smp_error *err) {
    if (w->ndocs == 0) return smp_set_error(err, SMP_EEMPTY, "no passages to index");
    if (w->store_lost)
        return smp_set_error(err, SMP_ENOMEM, "out of memory compressing passages");
    int rc = SMP_OK, nth = write_thread_count(), started = 0;
    pthread_t th[MAX_WRITE_THREADS];
    wjobs j;
    memset(&j, 0, sizeof j);
    j.w = w;
    pthread_mutex_init(&j.mu, NULL);
    pthread_cond_init(&j.cv, NULL);
    wsections s;
    memset(&s, 0, sizeof s);
    smp_buf_init(&s.meta);
    smp_buf_init(&s.docs);
    smp_buf_init(&s.lens);
    size_t *bstart = NULL;
    uint32_t *blen = body_lengths(w), *ids = NULL, nblocks = 0;
    ZSTD_CDict *cdict = NULL;
    j.sc = calloc(STORE_CHUNKS, sizeof *j.sc);
    j.tc = calloc(TERM_CHUNKS, sizeof *j.tc);
    if (!blen || !j.sc || !j.tc) {
        rc = smp_set_error(err, SMP_ENOMEM, "out of memory");
        goto cleanup;
    }
    j.blen = blen;
    if (w->nblocks == 0) { /* not compressed by an earlier, failed write */
        build_store_dict(w);
        /* a dictionary of raw text: zstd takes it as raw content, since
           text never starts with its dictionary magic (37 A4 30 EC is
           not UTF-8) */
        cdict = w->store_dict.n
                    ? ZSTD_createCDict(w->store_dict.p, w->store_dict.n, SMP_STORE_LEVEL)
                    : NULL;
        if ((w->store_dict.n && !cdict) || !(bstart = plan_store(w, &nblocks))) {
            rc = smp_set_error(err, SMP_ENOMEM, "out of memory compressing passages");
            goto cleanup;
        }
        j.bstart = bstart;
        j.cdict = cdict;
        j.nstore = split_store(bstart, nblocks, j.sc);
    }
    /* the store's ranges start now, on the other threads */
    for (int i = 1; i < nth; i++)
        if (pthread_create(&th[started], NULL, write_jobs, &j) == 0) started++;
    ids = sorted_term_ids(w);
    pthread_mutex_lock(&j.mu);
    if (ids) {
        j.ids = ids;
        j.nterm = split_terms(w, ids, j.tc);
    }
    j.sorted = 1;
    pthread_cond_broadcast(&j.cv);
    pthread_mutex_unlock(&j.mu);
    write_jobs(&j);
    for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
    started = 0;
    if (j.nstore && (rc = join_store(w, j.sc, j.nstore, nblocks))) {
        w->store_lost = 1; /* the passages point at blocks (plan_store) */
        rc = smp_set_error(err, rc, "out of memory compressing passages");
        goto cleanup;
    }
    if (!ids) {
        rc = smp_set_error(err, SMP_ENOMEM, "out of memory");
        goto cleanup;
    }
    s.tc = j.tc;
    s.ntc = j.nterm;
    if ((rc = join_terms(w, j.tc, j.nterm, err))) goto cleanup;
    put_meta(w, source_bytes, &s.meta);
    put_docs(w, &s);
    if (sections_failed(w, &s)) {
        rc = smp_set_error(err, SMP_ENOMEM, "out of memory building the index");
        goto cleanup;
    }
    rc = write_sections(w, &s, path, err);
cleanup:
    for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
    pthread_mutex_destroy(&j.mu);
    pthread_cond_destroy(&j.cv);
    free_chunks(j.sc, j.tc);
    ZSTD_freeCDict(cdict);
    free(bstart);
    free(blen);
    free(ids);
    smp_buf_free(&s.meta);
    smp_buf_free(&s.docs);
    smp_buf_free(&s.lens);
    return rc;
}
