/*
 * format.h - the on-disk formats in one place: the constants of the index
 * file format, and every fixed-size record as named offsets with small
 * put/get helpers, shared by the writers (write.c, file_out.c, runs.c),
 * the readers (segment.c, cursor.c, positions.c), the manifest
 * (manifest.c) and the tests.  docs/FORMAT.md describes the same fields
 * in prose; the offsets below are the ones it gives.
 *
 * A record's put helper writes every byte of the record (reserved and
 * padding bytes as zero), so that a writer assembling it in a local array
 * writes the bytes a sequence of smp_buf_put_* would.  Get helpers read
 * without checks: the caller has checked the record lies in its section.
 */
#ifndef SMP_FORMAT_H
#define SMP_FORMAT_H

#include <string.h>

#include "base/base.h"

#define SMP_MAGIC "SMPIDX\r\n"   /* 8 bytes */
#define SMP_FOOTER_MAGIC "SMPEND\r\n"
#define SMP_MAGIC_LEN 8
#define SMP_FORMAT_VERSION 2
/* Bumped whenever tokenizing or stemming rules change, so that an index is
 * never queried with an analyzer that would produce different terms.
 * Version 2 added the analyzer options of META (SMP_AN_*, numbers.c); an
 * index of version 1 is read as version 2 with no options, whose rules are
 * the same. */
#define SMP_ANALYZER_VERSION 2

#define SMP_HEADER_SIZE 64
#define SMP_SECTION_ENTRY 32
#define SMP_FOOTER_SIZE 16
/* The reader refuses a section table of more entries than this. */
#define SMP_MAX_SECTIONS 1024

enum smp_section_id {
    SMP_SEC_META = 1,
    SMP_SEC_TERMS = 2,    /* term bytes */
    SMP_SEC_DICT = 3,     /* fixed-size term entries, sorted */
    SMP_SEC_POSTINGS = 4,
    SMP_SEC_DOCS = 5,     /* fixed-size passage entries */
    SMP_SEC_ARTICLES = 6, /* fixed-size article entries */
    SMP_SEC_STRINGS = 7,  /* NUL-terminated article strings */
    SMP_SEC_STORE_INDEX = 8,
    SMP_SEC_STORE = 9,
    SMP_SEC_ALIASES = 10, /* optional: alias groups, text (alias.c) */
    SMP_SEC_STORE_DICT = 11, /* preset dictionary of the store blocks */
    SMP_SEC_POSITIONS = 12,  /* optional: word positions, per term */
    SMP_SEC_POS_INDEX = 13,  /* u64 offset in POSITIONS per term */
    SMP_SEC_LENS = 14,       /* optional: u16 field lengths per passage */
    SMP_SEC_MANIFEST = 15,   /* only in a manifest (manifest.c) */
    SMP_SEC_DELETED = 16,    /* only in a manifest: terms of deleted passages */
    SMP_SEC_INFO = 17,       /* optional: per article, its URL, date, ... */
    SMP_SEC_FRAGMENTS = 18,  /* optional: per passage, its link target */
    SMP_SEC_LANGUAGES = 19,  /* optional: other stemmers some articles used */
    SMP_SEC_RANKING = 20,    /* optional: ranking options `smpsearch train` fitted */
    SMP_SEC_MAX = 20
};

/* LANGUAGES holds at most this many names, each shorter than
 * SMP_LANG_MAX and followed by '\n'. */
#define SMP_MAX_LANGUAGES 8

#define SMP_META_SIZE 112
/* META's language field (SMP_META_LANG): SMP_LANG_MAX bytes holding a
 * name of 1 .. SMP_LANG_MAX - 1 bytes, zero padded.  A name that fits
 * there fits with its NUL in char[SMP_LANG_MAX], the size of every
 * in-memory copy of an index's language (builder, inverter, writer,
 * segment, index).  The manifest may hold a longer one:
 * SMP_MANIFEST_LANG_MAX. */
#define SMP_LANG_MAX 32
#define SMP_DICT_ENTRY 16
#define SMP_BLOCK_ENTRY 16
#define SMP_DOC_ENTRY 48
#define SMP_LENS_ENTRY 6
#define SMP_ARTICLE_ENTRY 12
#define SMP_INFO_ENTRY 24
#define SMP_FRAGMENT_ENTRY 4
#define SMP_STORE_ENTRY 16
#define SMP_POS_INDEX_ENTRY 8 /* POS_INDEX: one u64 per term */
#define SMP_POS_BLOCK_ENTRY 4 /* a term's positions: one u32 block end per block */
/* Limits of the u32 offsets: TERMS is shorter than this (DICT's term
 * offsets), and so is each term's postings list (its block ends), and
 * STRINGS (ARTICLES' string offsets). */
#define SMP_TERMS_MAX_BYTES UINT32_MAX
#define SMP_TERM_POSTINGS_MAX_BYTES UINT32_MAX
#define SMP_STRINGS_MAX_BYTES UINT32_MAX
/* Passages are packed into store blocks of about this many raw bytes. */
#define SMP_STORE_BLOCK 2048
#define SMP_STORE_DICT_MAX 8192
/* zstd level of the store blocks.  Measured on the 100,000-passage
 * bench corpus (42.3 MB of passage text in 21,883 blocks, the sampled
 * 8 KiB dictionary): level 1 compresses in 0.59 s of CPU to 20.29 MB,
 * level 2 in 0.72 s to 20.41 MB, level 3 in 0.80 s to 20.08 MB; level 1
 * also decompresses a block faster (9.7 against 10.8 us).  So level 1:
 * 27% less compression time for a store 1% larger. */
#define SMP_STORE_LEVEL 1
/* A store block never decompresses to more than this (a bound for readers). */
#define SMP_STORE_RAW_MAX (16u << 20)

/* The dictionary's order of terms (DICT, merging runs, the manifest's
 * DELETED section) is smp_term_cmp, in base/base.h. */

/* --- header: SMP_HEADER_SIZE bytes at offset 0 ----------------------------- */
#define SMP_HDR_MAGIC 0       /* SMP_MAGIC_LEN bytes, SMP_MAGIC */
#define SMP_HDR_VERSION 8     /* u32 format version */
#define SMP_HDR_HEADER_SIZE 12 /* u32 SMP_HEADER_SIZE */
#define SMP_HDR_NSECTIONS 16  /* u32 entries in the section table */
#define SMP_HDR_FLAGS 20      /* u32, SMP_HFLAG_* */
#define SMP_HDR_FILE_SIZE 24  /* u64 size of the whole file */
#define SMP_HDR_TABLE_CRC 32  /* u32 CRC-32 of the section table */
#define SMP_HDR_CRC 36        /* u32 CRC-32 of header bytes [0, SMP_HDR_CRC) */
#define SMP_HDR_RESERVED 40   /* zero bytes up to SMP_HEADER_SIZE */

/* Header flags.  A reader ignores bits it does not know. */
/* Every STORE frame carries zstd's content checksum (written since the
 * checksums were added); a reader then refuses a frame without one, and
 * without the flag verifies STORE's section CRC when it opens the file. */
#define SMP_HFLAG_STORE_CHECKSUMS 1u

typedef struct smp_header {
    uint32_t version, header_size, nsections, flags;
    uint64_t file_size;
    uint32_t table_crc, header_crc;
} smp_header;

static inline void smp_header_put(uint8_t p[SMP_HEADER_SIZE], const smp_header *h) {
    memset(p, 0, SMP_HEADER_SIZE);
    memcpy(p + SMP_HDR_MAGIC, SMP_MAGIC, SMP_MAGIC_LEN);
    smp_put_u32(p + SMP_HDR_VERSION, h->version);
    smp_put_u32(p + SMP_HDR_HEADER_SIZE, h->header_size);
    smp_put_u32(p + SMP_HDR_NSECTIONS, h->nsections);
    smp_put_u32(p + SMP_HDR_FLAGS, h->flags);
    smp_put_u64(p + SMP_HDR_FILE_SIZE, h->file_size);
    smp_put_u32(p + SMP_HDR_TABLE_CRC, h->table_crc);
    smp_put_u32(p + SMP_HDR_CRC, h->header_crc);
}

/* The fields (not the magic, not the reserved bytes). */
static inline void smp_header_get(const uint8_t *p, smp_header *h) {
    h->version = smp_get_u32(p + SMP_HDR_VERSION);
    h->header_size = smp_get_u32(p + SMP_HDR_HEADER_SIZE);
    h->nsections = smp_get_u32(p + SMP_HDR_NSECTIONS);
    h->flags = smp_get_u32(p + SMP_HDR_FLAGS);
    h->file_size = smp_get_u64(p + SMP_HDR_FILE_SIZE);
    h->table_crc = smp_get_u32(p + SMP_HDR_TABLE_CRC);
    h->header_crc = smp_get_u32(p + SMP_HDR_CRC);
}

/* --- section table: SMP_SECTION_ENTRY bytes an entry, from SMP_HEADER_SIZE -- */
#define SMP_TAB_ID 0        /* u32 section id (enum smp_section_id) */
#define SMP_TAB_CRC 4       /* u32 CRC-32 of the section's bytes */
#define SMP_TAB_OFFSET 8    /* u64 offset of the section in the file */
#define SMP_TAB_LENGTH 16   /* u64 length of the section */
#define SMP_TAB_RESERVED 24 /* u64, written 0 */

typedef struct smp_section {
    uint32_t id, crc;
    uint64_t offset, length, reserved;
} smp_section;

/* Entry i of a section table that starts at table. */
static inline const uint8_t *smp_section_at(const uint8_t *table, uint64_t i) {
    return table + i * SMP_SECTION_ENTRY;
}

static inline void smp_section_put(uint8_t p[SMP_SECTION_ENTRY], const smp_section *s) {
    smp_put_u32(p + SMP_TAB_ID, s->id);
    smp_put_u32(p + SMP_TAB_CRC, s->crc);
    smp_put_u64(p + SMP_TAB_OFFSET, s->offset);
    smp_put_u64(p + SMP_TAB_LENGTH, s->length);
    smp_put_u64(p + SMP_TAB_RESERVED, s->reserved);
}

static inline void smp_section_get(const uint8_t *p, smp_section *s) {
    s->id = smp_get_u32(p + SMP_TAB_ID);
    s->crc = smp_get_u32(p + SMP_TAB_CRC);
    s->offset = smp_get_u64(p + SMP_TAB_OFFSET);
    s->length = smp_get_u64(p + SMP_TAB_LENGTH);
    s->reserved = smp_get_u64(p + SMP_TAB_RESERVED);
}

/* --- footer: the last SMP_FOOTER_SIZE bytes --------------------------------- */
#define SMP_FTR_MAGIC 0      /* SMP_MAGIC_LEN bytes, SMP_FOOTER_MAGIC */
#define SMP_FTR_VERSION 8    /* u32 format version, as in the header */
#define SMP_FTR_HEADER_CRC 12 /* u32, the header's SMP_HDR_CRC */

typedef struct smp_footer {
    uint32_t version, header_crc;
} smp_footer;

static inline void smp_footer_put(uint8_t p[SMP_FOOTER_SIZE], const smp_footer *f) {
    memcpy(p + SMP_FTR_MAGIC, SMP_FOOTER_MAGIC, SMP_MAGIC_LEN);
    smp_put_u32(p + SMP_FTR_VERSION, f->version);
    smp_put_u32(p + SMP_FTR_HEADER_CRC, f->header_crc);
}

static inline void smp_footer_get(const uint8_t *p, smp_footer *f) {
    f->version = smp_get_u32(p + SMP_FTR_VERSION);
    f->header_crc = smp_get_u32(p + SMP_FTR_HEADER_CRC);
}

/* --- META: SMP_META_SIZE bytes ---------------------------------------------- */
#define SMP_META_ANALYZER_VERSION 0 /* u32 SMP_ANALYZER_VERSION */
#define SMP_META_LANG_LEN 4         /* u32 length of the language name */
#define SMP_META_LANG 8             /* SMP_LANG_MAX bytes, zero padded */
#define SMP_META_PASSAGES 40        /* u64 N */
#define SMP_META_ARTICLES 48        /* u64 */
#define SMP_META_TERMS 56           /* u64 */
#define SMP_META_POSTINGS 64        /* u64 sum of the document frequencies */
#define SMP_META_SOURCE_BYTES 72    /* u64 */
#define SMP_META_TOTAL_LEN 80       /* 3 x u64: title, heading, body */
#define SMP_META_ANALYZER 104       /* u32 SMP_AN_* (analyzer version 2) */
#define SMP_META_RESERVED 108       /* u32, written 0 */

typedef struct smp_meta {
    uint32_t analyzer_version;
    const char *language; /* get: points into the record, not NUL-terminated */
    uint32_t language_len;
    uint64_t passages, articles, terms, postings, source_bytes;
    uint64_t total_len[3];
    uint32_t analyzer; /* as stored: a reader ignores it in version 1 */
    uint32_t reserved;
} smp_meta;

/* language_len must be below SMP_LANG_MAX (the writers check it). */
static inline void smp_meta_put(uint8_t p[SMP_META_SIZE], const smp_meta *m) {
    uint32_t ll = m->language_len < SMP_LANG_MAX ? m->language_len : SMP_LANG_MAX - 1;
    memset(p, 0, SMP_META_SIZE);
    smp_put_u32(p + SMP_META_ANALYZER_VERSION, m->analyzer_version);
    smp_put_u32(p + SMP_META_LANG_LEN, ll);
    memcpy(p + SMP_META_LANG, m->language, ll);
    smp_put_u64(p + SMP_META_PASSAGES, m->passages);
    smp_put_u64(p + SMP_META_ARTICLES, m->articles);
    smp_put_u64(p + SMP_META_TERMS, m->terms);
    smp_put_u64(p + SMP_META_POSTINGS, m->postings);
    smp_put_u64(p + SMP_META_SOURCE_BYTES, m->source_bytes);
    for (int f = 0; f < 3; f++) smp_put_u64(p + SMP_META_TOTAL_LEN + 8 * f, m->total_len[f]);
    smp_put_u32(p + SMP_META_ANALYZER, m->analyzer);
    smp_put_u32(p + SMP_META_RESERVED, m->reserved);
}

static inline void smp_meta_get(const uint8_t *p, smp_meta *m) {
    m->analyzer_version = smp_get_u32(p + SMP_META_ANALYZER_VERSION);
    m->language_len = smp_get_u32(p + SMP_META_LANG_LEN);
    m->language = (const char *)p + SMP_META_LANG;
    m->passages = smp_get_u64(p + SMP_META_PASSAGES);
    m->articles = smp_get_u64(p + SMP_META_ARTICLES);
    m->terms = smp_get_u64(p + SMP_META_TERMS);
    m->postings = smp_get_u64(p + SMP_META_POSTINGS);
    m->source_bytes = smp_get_u64(p + SMP_META_SOURCE_BYTES);
    for (int f = 0; f < 3; f++) m->total_len[f] = smp_get_u64(p + SMP_META_TOTAL_LEN + 8 * f);
    m->analyzer = smp_get_u32(p + SMP_META_ANALYZER);
    m->reserved = smp_get_u32(p + SMP_META_RESERVED);
}

/* --- DICT: SMP_DICT_ENTRY bytes a term ------------------------------------- */
#define SMP_DICT_TERM_OFF 0 /* u32 offset of the term in TERMS */
#define SMP_DICT_DF 4       /* u32 document frequency */
#define SMP_DICT_POST_OFF 8 /* u64 offset of its postings in POSTINGS */

typedef struct smp_dict_entry {
    uint32_t term_off, df;
    uint64_t post_off;
} smp_dict_entry;

static inline void smp_dict_put(uint8_t p[SMP_DICT_ENTRY], const smp_dict_entry *d) {
    smp_put_u32(p + SMP_DICT_TERM_OFF, d->term_off);
    smp_put_u32(p + SMP_DICT_DF, d->df);
    smp_put_u64(p + SMP_DICT_POST_OFF, d->post_off);
}

static inline void smp_dict_get(const uint8_t *p, smp_dict_entry *d) {
    d->term_off = smp_get_u32(p + SMP_DICT_TERM_OFF);
    d->df = smp_get_u32(p + SMP_DICT_DF);
    d->post_off = smp_get_u64(p + SMP_DICT_POST_OFF);
}

/* --- block table of a term's postings: SMP_BLOCK_ENTRY bytes a block ------- */
#define SMP_BLOCK_LAST 0     /* u32 docid of the block's last posting */
#define SMP_BLOCK_END 4      /* u32 end of its data, from the end of the table */
#define SMP_BLOCK_MAX_TF 8   /* 3 x u16 largest tf of title, heading, body */
#define SMP_BLOCK_MIN_BODY 14 /* u16 shortest body length */

typedef struct smp_block_entry {
    uint32_t last, end;
    uint16_t max_tf[3]; /* saturated at UINT16_MAX by the writer */
    uint16_t min_body;
} smp_block_entry;

static inline void smp_block_put(uint8_t p[SMP_BLOCK_ENTRY], const smp_block_entry *b) {
    smp_put_u32(p + SMP_BLOCK_LAST, b->last);
    smp_put_u32(p + SMP_BLOCK_END, b->end);
    for (int f = 0; f < 3; f++) smp_put_u16(p + SMP_BLOCK_MAX_TF + 2 * f, b->max_tf[f]);
    smp_put_u16(p + SMP_BLOCK_MIN_BODY, b->min_body);
}

static inline void smp_block_get(const uint8_t *p, smp_block_entry *b) {
    b->last = smp_get_u32(p + SMP_BLOCK_LAST);
    b->end = smp_get_u32(p + SMP_BLOCK_END);
    for (int f = 0; f < 3; f++) b->max_tf[f] = smp_get_u16(p + SMP_BLOCK_MAX_TF + 2 * f);
    b->min_body = smp_get_u16(p + SMP_BLOCK_MIN_BODY);
}

/* --- DOCS: SMP_DOC_ENTRY bytes a passage ------------------------------------ */
#define SMP_DOC_ARTICLE 0      /* u32 article number */
#define SMP_DOC_ORDINAL 4      /* u32 ordinal in the article */
#define SMP_DOC_LINE 8         /* u32 1-based line in the source file */
#define SMP_DOC_LEN 12         /* 3 x u32 length of title, heading, body */
#define SMP_DOC_BYTE_START 24  /* u64 first source byte */
#define SMP_DOC_BYTE_END 32    /* u64 one past the last source byte */
#define SMP_DOC_STORE_BLOCK 40 /* u32 store block */
#define SMP_DOC_STORE_OFF 44   /* u32 offset of its record in the block */

/* A DOCS entry. */
typedef struct smp_doc_info {
    uint32_t article, ordinal, line;
    uint32_t len[3];
    uint64_t byte_start, byte_end;
    uint32_t store_block, store_off;
} smp_doc_info;

static inline void smp_doc_put(uint8_t p[SMP_DOC_ENTRY], const smp_doc_info *d) {
    smp_put_u32(p + SMP_DOC_ARTICLE, d->article);
    smp_put_u32(p + SMP_DOC_ORDINAL, d->ordinal);
    smp_put_u32(p + SMP_DOC_LINE, d->line);
    for (int f = 0; f < 3; f++) smp_put_u32(p + SMP_DOC_LEN + 4 * f, d->len[f]);
    smp_put_u64(p + SMP_DOC_BYTE_START, d->byte_start);
    smp_put_u64(p + SMP_DOC_BYTE_END, d->byte_end);
    smp_put_u32(p + SMP_DOC_STORE_BLOCK, d->store_block);
    smp_put_u32(p + SMP_DOC_STORE_OFF, d->store_off);
}

static inline void smp_doc_get(const uint8_t *p, smp_doc_info *d) {
    d->article = smp_get_u32(p + SMP_DOC_ARTICLE);
    d->ordinal = smp_get_u32(p + SMP_DOC_ORDINAL);
    d->line = smp_get_u32(p + SMP_DOC_LINE);
    for (int f = 0; f < 3; f++) d->len[f] = smp_get_u32(p + SMP_DOC_LEN + 4 * f);
    d->byte_start = smp_get_u64(p + SMP_DOC_BYTE_START);
    d->byte_end = smp_get_u64(p + SMP_DOC_BYTE_END);
    d->store_block = smp_get_u32(p + SMP_DOC_STORE_BLOCK);
    d->store_off = smp_get_u32(p + SMP_DOC_STORE_OFF);
}

/* --- LENS: SMP_LENS_ENTRY bytes a passage ----------------------------------- */
#define SMP_LENS_LEN 0 /* 3 x u16 length of title, heading, body, saturated */

/* The DOCS lengths, each saturated at UINT16_MAX (which then means "see
 * DOCS"). */
static inline void smp_lens_put(uint8_t p[SMP_LENS_ENTRY], const uint32_t len[3]) {
    for (int f = 0; f < 3; f++)
        smp_put_u16(p + SMP_LENS_LEN + 2 * f, len[f] < UINT16_MAX ? (uint16_t)len[f] : UINT16_MAX);
}

static inline void smp_lens_get(const uint8_t *p, uint32_t len[3]) {
    for (int f = 0; f < 3; f++) len[f] = smp_get_u16(p + SMP_LENS_LEN + 2 * f);
}

/* --- ARTICLES: SMP_ARTICLE_ENTRY bytes an article --------------------------- */
/* u32 offsets in STRINGS of the article's id, title and path */
#define SMP_ARTICLE_ID 0
#define SMP_ARTICLE_TITLE 4
#define SMP_ARTICLE_PATH 8

static inline void smp_article_put(uint8_t p[SMP_ARTICLE_ENTRY], const uint32_t off[3]) {
    smp_put_u32(p + SMP_ARTICLE_ID, off[0]);
    smp_put_u32(p + SMP_ARTICLE_TITLE, off[1]);
    smp_put_u32(p + SMP_ARTICLE_PATH, off[2]);
}

static inline void smp_article_get(const uint8_t *p, uint32_t off[3]) {
    off[0] = smp_get_u32(p + SMP_ARTICLE_ID);
    off[1] = smp_get_u32(p + SMP_ARTICLE_TITLE);
    off[2] = smp_get_u32(p + SMP_ARTICLE_PATH);
}

/* --- INFO: SMP_INFO_ENTRY bytes an article ------------------------------------
 * u32 offsets in STRINGS, in the order of smp_article_info's fields. */
#define SMP_INFO_URL 0
#define SMP_INFO_DATE 4
#define SMP_INFO_DESCRIPTION 8
#define SMP_INFO_TAGS 12
#define SMP_INFO_CATEGORIES 16
#define SMP_INFO_LANGUAGE 20
#define SMP_INFO_FIELDS 6

static inline void smp_info_put(uint8_t p[SMP_INFO_ENTRY], const uint32_t off[SMP_INFO_FIELDS]) {
    smp_put_u32(p + SMP_INFO_URL, off[0]);
    smp_put_u32(p + SMP_INFO_DATE, off[1]);
    smp_put_u32(p + SMP_INFO_DESCRIPTION, off[2]);
    smp_put_u32(p + SMP_INFO_TAGS, off[3]);
    smp_put_u32(p + SMP_INFO_CATEGORIES, off[4]);
    smp_put_u32(p + SMP_INFO_LANGUAGE, off[5]);
}

static inline void smp_info_get(const uint8_t *p, uint32_t off[SMP_INFO_FIELDS]) {
    off[0] = smp_get_u32(p + SMP_INFO_URL);
    off[1] = smp_get_u32(p + SMP_INFO_DATE);
    off[2] = smp_get_u32(p + SMP_INFO_DESCRIPTION);
    off[3] = smp_get_u32(p + SMP_INFO_TAGS);
    off[4] = smp_get_u32(p + SMP_INFO_CATEGORIES);
    off[5] = smp_get_u32(p + SMP_INFO_LANGUAGE);
}

/* --- FRAGMENTS: SMP_FRAGMENT_ENTRY bytes a passage: u32 offset in STRINGS -- */

/* --- RANKING: SMP_RANKING_SIZE bytes (version 2) or SMP_RANKING_SIZE_V1 (1) - */
#define SMP_RANKING_SIZE 112
#define SMP_RANKING_SIZE_V1 64
#define SMP_RANKING_VERSION 0   /* u32: 2 (1: the first 7 values only) */
#define SMP_RANKING_RESERVED 4  /* u32: 0 */
#define SMP_RANKING_VALUES 8    /* SMP_RANKING_NVALUES x f64 (IEEE 754 binary64) */
/* k1, b, 3 field weights, question, alias weight; then the rerank weights:
 * proximity, heading match, title match, topic, answer type, length */
#define SMP_RANKING_NVALUES 13
#define SMP_RANKING_NVALUES_V1 7

static inline void smp_ranking_put(uint8_t p[SMP_RANKING_SIZE],
                                   const double v[SMP_RANKING_NVALUES]) {
    smp_put_u32(p + SMP_RANKING_VERSION, 2);
    smp_put_u32(p + SMP_RANKING_RESERVED, 0);
    for (int i = 0; i < SMP_RANKING_NVALUES; i++) {
        uint64_t bits;
        memcpy(&bits, &v[i], sizeof bits);
        smp_put_u64(p + SMP_RANKING_VALUES + 8 * i, bits);
    }
}

/* The values of a section of len bytes: how many (SMP_RANKING_NVALUES, or
 * SMP_RANKING_NVALUES_V1 for version 1), or -1 for another version or
 * size, or reserved bytes. */
static inline int smp_ranking_get(const uint8_t *p, uint64_t len, double v[SMP_RANKING_NVALUES]) {
    if (len < 8 || smp_get_u32(p + SMP_RANKING_RESERVED)) return -1;
    uint32_t version = smp_get_u32(p + SMP_RANKING_VERSION);
    int n = version == 2 && len == SMP_RANKING_SIZE      ? SMP_RANKING_NVALUES
            : version == 1 && len == SMP_RANKING_SIZE_V1 ? SMP_RANKING_NVALUES_V1
                                                         : -1;
    for (int i = 0; i < n; i++) {
        uint64_t bits = smp_get_u64(p + SMP_RANKING_VALUES + 8 * i);
        memcpy(&v[i], &bits, sizeof bits);
    }
    return n;
}

/* --- STORE_INDEX: SMP_STORE_ENTRY bytes a store block ----------------------- */
#define SMP_STORE_FRAME_OFF 0 /* u64 offset of the zstd frame in STORE */
#define SMP_STORE_FRAME_LEN 8 /* u32 its length */
#define SMP_STORE_RAW_LEN 12  /* u32 its decompressed length */

typedef struct smp_store_entry {
    uint64_t frame_off;
    uint32_t frame_len, raw_len;
} smp_store_entry;

static inline void smp_store_put(uint8_t p[SMP_STORE_ENTRY], const smp_store_entry *s) {
    smp_put_u64(p + SMP_STORE_FRAME_OFF, s->frame_off);
    smp_put_u32(p + SMP_STORE_FRAME_LEN, s->frame_len);
    smp_put_u32(p + SMP_STORE_RAW_LEN, s->raw_len);
}

static inline void smp_store_get(const uint8_t *p, smp_store_entry *s) {
    s->frame_off = smp_get_u64(p + SMP_STORE_FRAME_OFF);
    s->frame_len = smp_get_u32(p + SMP_STORE_FRAME_LEN);
    s->raw_len = smp_get_u32(p + SMP_STORE_RAW_LEN);
}

/* --- the manifest (manifest.c) ----------------------------------------------
 * The MANIFEST section is a sequence of fields (docs/FORMAT.md 3.3),
 * written by smp_manifest_encode and read by smp_manifest_parse, its one
 * writer and one reader.  A str is a u32 length and that many bytes. */
#define SMP_MANIFEST_VERSION 1
/* The manifest's language str (MANIFEST field 4) is shorter than this,
 * which is larger than SMP_LANG_MAX: the writer puts there a name META
 * holds, but the reader accepts any name shorter than this, so
 * smp_manifest.language is this size.  A segment of a longer name cannot
 * exist, so such a manifest then fails to open its segments. */
#define SMP_MANIFEST_LANG_MAX 64
/* Bytes a record takes at least (its strs empty): bounds of the counts of
 * records the bytes left can hold. */
#define SMP_MSTR_MIN 4                                      /* u32 length */
#define SMP_MRANGE_SIZE 8                                   /* u32 first, u32 end */
#define SMP_MSEG_MIN (SMP_MSTR_MIN + 4 + 4)                 /* name, passages, R */
#define SMP_MACR_MIN (SMP_MSTR_MIN + SMP_MSTR_MIN + 4)      /* acronym, long form, count */
#define SMP_MFILE_MIN (SMP_MSTR_MIN + 8 + 8 + 4 + 8 + 8 + 5 * 4)
/* DELETED: per term a u32 count and a u32 end */
#define SMP_MDEL_TERM_SIZE 8

#endif /* SMP_FORMAT_H */
