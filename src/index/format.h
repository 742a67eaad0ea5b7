/*
 * format.h - constants of the index file format, shared by the writer
 * (write.c, where the format is documented in full) and the reader
 * (segment.c).
 */
#ifndef SMP_FORMAT_H
#define SMP_FORMAT_H

#define SMP_MAGIC "SMPIDX\r\n"   /* 8 bytes */
#define SMP_FOOTER_MAGIC "SMPEND\r\n"
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
    SMP_SEC_MAX = 16
};

#define SMP_META_SIZE 112
#define SMP_LANG_MAX 32
#define SMP_DICT_ENTRY 16
#define SMP_BLOCK_ENTRY 16
#define SMP_DOC_ENTRY 48
#define SMP_LENS_ENTRY 6
#define SMP_ARTICLE_ENTRY 12
#define SMP_STORE_ENTRY 16
/* Passages are packed into store blocks of about this many raw bytes. */
#define SMP_STORE_BLOCK 2048
#define SMP_STORE_DICT_MAX 8192
/* zstd level of the store blocks (see bench/README.md for the choice). */
#define SMP_STORE_LEVEL 3
/* A store block never decompresses to more than this (a bound for readers). */
#define SMP_STORE_RAW_MAX (16u << 20)

#endif /* SMP_FORMAT_H */
