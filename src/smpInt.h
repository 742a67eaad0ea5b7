/*
 * smpInt.h - internal interfaces of libsmpsearch, one banner per file.
 * Nothing here is part of the public API (include/smpsearch.h).
 */
#ifndef SMP_INT_H
#define SMP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smpsearch.h"

#define SMP_UNUSED(x) ((void)(x))

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

/**************************************************************************
** Interface to code in tokenize.c
**
** The tokenizer turns UTF-8 text into normalised tokens:
**   - a token is a maximal run of letters, digits and combining marks
**     (Unicode categories L*, N*, M*);
**   - each code point is case-folded and decomposed with compatibility
**     mappings, and combining marks are removed (accents stripped);
**   - an apostrophe (U+0027, U+2019) between two letters joins them:
**     "don't" -> "dont"; a trailing possessive "'s" is dropped:
**     "client's" -> "client", "it's" -> "it";
**   - a hyphen (U+002D, U+2010, U+2011) between two letters or digits
**     gives the parts and then their concatenation at the position of the
**     last part: "top-up" -> "top", "up", "topup";
**   - invalid UTF-8 bytes and everything else separate tokens;
**   - tokens longer than SMP_MAX_TOKEN bytes after folding are dropped.
** `start`/`end` are byte offsets of the token in the input text.
*/
#define SMP_MAX_TOKEN 64

typedef struct smp_token {
    const char *text; /* normalised token, NUL-terminated, len bytes */
    size_t len;
    size_t start, end; /* source byte range */
    uint32_t pos;      /* 0-based word position */
    int joined;        /* 1: the whole of a hyphenated word, after its parts */
} smp_token;

/* Called for each token; a non-zero return stops tokenizing and is
 * returned by smp_tokenize. */
typedef int (*smp_token_fn)(void *ud, const smp_token *tok);

int smp_tokenize(const char *text, size_t len, smp_token_fn fn, void *ud);

/**************************************************************************
** Interface to code in numbers.c
**
** A filter between the tokenizer and the stemmer: number words to digits,
** units written out, ranges as one more token "a-b" (see numbers.c).
** Used by smp_analyze when the stemmer has SMP_AN_NUMBERS:
**     smp_numbers nf;
**     smp_numbers_init(&nf, text, fn, ud);
**     smp_tokenize(text, len, smp_numbers_token, &nf);
*/
#define SMP_NUMBERS_HIST 16

typedef struct smp_numbers {
    const char *text; /* the text being tokenized, to read what joins two numbers */
    smp_token_fn fn; /* where filtered tokens go */
    void *ud;
    uint32_t shift;  /* positions added by split tokens ("6wks") */
    int have_num;    /* the last token was a number (or a connector after one) */
    long num;        /* its value */
    size_t num_start, num_end;
    int num_between; /* it came after "between" */
    int last_between;
    int unit_ok;     /* the last token was a number: a short unit may follow */
    struct {
        size_t start;
        int numeric;
    } hist[SMP_NUMBERS_HIST]; /* tokens of the current hyphenated word */
    size_t nhist;
} smp_numbers;

void smp_numbers_init(smp_numbers *nf, const char *text, smp_token_fn fn, void *ud);
int smp_numbers_token(void *nf, const smp_token *tok);
/* The other way of writing a number word or number: "three" -> "3",
 * "12" -> "twelve" (0-20 and the tens to 90), NUL-terminated in out;
 * returns its length, or 0 when w[0..n) is no such number. */
size_t smp_number_other_form(const char *w, size_t n, char *out, size_t cap);
/* The value of a number word ("eight") or of digits (at most 9), or -1. */
long smp_number_value(const char *w, size_t n);
/* A unit of time, "week", "weeks", "wks" or another short form (numbers.c),
 * written out and plural ("weeks"), or NULL. */
const char *smp_time_unit(const char *w, size_t n);
/* Is the word after text[end] a unit of time or a thing counted ("weeks",
 * "wks", "sessions", "times")? */
int smp_number_counts(const char *text, size_t len, size_t end);

/**************************************************************************
** Interface to code in stem.c
**
** A libstemmer wrapper with a cache so each distinct word is stemmed once.
** Tokens made only of digits, and tokens of 2 bytes or less, are returned
** unchanged.
*/
typedef struct smp_stemmer smp_stemmer;

/* SMP_EINVAL when libstemmer has no such language. */
int smp_stemmer_new(smp_stemmer **out, const char *language, smp_error *err);
void smp_stemmer_free(smp_stemmer *st);
/* The stem of word[0..len), NUL-terminated and owned by the stemmer
 * (valid until it is freed); *out_len gets its length.  NULL when out of
 * memory. */
const char *smp_stem(smp_stemmer *st, const char *word, size_t len,
                     size_t *out_len);
/* Cache counters (for tests and statistics). */
void smp_stemmer_counts(const smp_stemmer *st, uint64_t *hits,
                        uint64_t *misses);
const char *smp_stemmer_language(const smp_stemmer *st);
/* Analyzer options (SMP_AN_*), kept in an index's META section so that
 * questions are analysed as its passages were.  0 after smp_stemmer_new. */
#define SMP_AN_NUMBERS 1u /* numbers.c: number words, units, ranges */
#define SMP_AN_KNOWN SMP_AN_NUMBERS
void smp_stemmer_set_analyzer(smp_stemmer *st, uint32_t flags);
uint32_t smp_stemmer_analyzer(const smp_stemmer *st);

/* Tokenize + stem: fn gets each stemmed term (NUL-terminated) with the
 * token it came from.  Returns the first non-zero fn result, or
 * SMP_ENOMEM. */
typedef int (*smp_term_fn)(void *ud, const char *term, size_t len,
                           const smp_token *tok);
int smp_analyze(smp_stemmer *st, const char *text, size_t len,
                smp_term_fn fn, void *ud);
/* smp_analyze, also passing the tag the stemmer's cache keeps with the
 * word: two u32, zero when the word is first met, at an address that does
 * not change while the stemmer lives.  The indexer keeps the word's term
 * number there (invert.c), so that a word met again skips the dictionary
 * lookup. */
typedef int (*smp_tagged_term_fn)(void *ud, const char *term, size_t len,
                                  const smp_token *tok, uint32_t *tag);
int smp_analyze_tagged(smp_stemmer *st, const char *text, size_t len,
                       smp_tagged_term_fn fn, void *ud);

/**************************************************************************
** Interface to code in ingest_*.c and segment.c
**
** Readers turn one source file into passages, sent one by one to a
** callback.  Text given to the callback is plain text (Markdown syntax
** removed).  All pointers are valid only during the call.
*/
typedef struct smp_passage {
    const char *article_id; /* slug, file stem, or JSONL _id */
    const char *title;      /* "" if unknown */
    const char *path;       /* source file as given */
    const char *heading;    /* "" if none */
    const char *text;       /* plain text, text_len bytes */
    size_t text_len;
    uint32_t ordinal;       /* 1-based within the article; 0 for a JSONL
                               record that is its own passage */
    uint32_t line;          /* 1-based line of byte_start in the source */
    uint64_t byte_start, byte_end; /* source byte range */
} smp_passage;

typedef int (*smp_passage_fn)(void *ud, const smp_passage *p);
/* Notices about the input (bad JSONL line, ...).  May be NULL. */
typedef void (*smp_notice_fn)(void *ud, const char *path, const char *msg);

typedef struct smp_segment_opts {
    uint32_t max_words, overlap_words, min_words;
    int no_heading_path; /* Markdown: a passage's heading is its own only */
} smp_segment_opts;

typedef struct smp_ingest_ctx {
    const char *path;          /* source path, as given */
    const smp_segment_opts *seg;
    smp_passage_fn emit;
    smp_notice_fn notice;
    void *ud;
    uint64_t records_skipped;  /* out: JSONL lines skipped */
} smp_ingest_ctx;

/* Each returns 0, the first non-zero emit() result, SMP_ENOMEM, or
 * SMP_EFORMAT (with a message in err) when the file is unusable. */
int smp_ingest_markdown(smp_ingest_ctx *cx, const char *buf, size_t len,
                        smp_error *err);
int smp_ingest_text(smp_ingest_ctx *cx, const char *buf, size_t len,
                    smp_error *err);
int smp_ingest_jsonl(smp_ingest_ctx *cx, const char *buf, size_t len,
                     smp_error *err);

/* segment.c: sections -> passages.  A reader feeds sections (heading,
 * plain text, and anchors mapping plain-text offsets to source offsets);
 * the segmenter windows long sections, merges short ones into the next,
 * numbers the passages and emits them. */
typedef struct smp_anchor {
    size_t text_off; /* offset in the plain text */
    uint64_t src_off;  /* corresponding source byte offset */
} smp_anchor;

typedef struct smp_segmenter smp_segmenter;

int smp_segmenter_new(smp_segmenter **out, smp_ingest_ctx *cx,
                      const char *article_id, const char *title,
                      const char *src, size_t src_len);
/* Adds one section.  `anchors` are in increasing text_off order; at least
 * one (text_off 0) should be given. */
int smp_segmenter_add(smp_segmenter *sg, const char *heading,
                      size_t heading_len, const char *text, size_t text_len,
                      const smp_anchor *anchors, size_t nanchors);
/* Emits what is pending; returns 0 or the first error. */
int smp_segmenter_finish(smp_segmenter *sg);
void smp_segmenter_free(smp_segmenter *sg);

/* ingest.c: sanity checks shared by all formats.
 * Returns SMP_OK when buf may be indexed; otherwise SMP_EFORMAT with the
 * reason in err (empty, binary).  Invalid UTF-8 sequences are replaced in
 * place by spaces; *repaired gets their count. */
int smp_check_text(char *buf, size_t len, size_t *repaired, smp_error *err);
/* Appends the file name of path without folder and extension ("untitled"
 * when that is empty), NUL-terminated: the article id of a file without
 * a slug. */
void smp_file_stem(smp_buf *out, const char *path);

/**************************************************************************
** Interface to code in codec.c
**
** The only code that knows how posting blocks are laid out in bytes.
** A block holds up to SMP_BLOCK_SIZE postings:
**   docid gaps        Stream VByte (1-4 bytes/int), gap from the previous
**                     block's last docid (first block: from docid -1)
**   tf title          Stream VByte "0124" (0, 1, 2 or 4 bytes/int)
**   tf heading        Stream VByte "0124"
**   tf body           Stream VByte "0124"
** Stream VByte does not record counts: the caller knows the count of each
** block from the term's document frequency.
*/
#define SMP_BLOCK_SIZE 128

/* Maximum encoded size of one block of n postings. */
size_t smp_block_max_bytes(uint32_t n);
/* Encodes n postings; returns bytes written to out. */
size_t smp_block_encode(const uint32_t *docids, const uint32_t *tf[3],
                        uint32_t n, uint32_t prev_docid, uint8_t *out);
/* Decodes n postings from in[0..avail); checks that every byte the
 * encoding claims lies within avail and that docids strictly increase.
 * Returns bytes consumed, or 0 when the block is corrupt. */
size_t smp_block_decode(const uint8_t *in, size_t avail, uint32_t n,
                        uint32_t prev_docid, uint32_t *docids,
                        uint32_t *tf[3]);

/**************************************************************************
** Interface to code in bm25.c
*/
typedef struct smp_bm25 {
    double k1, b;
    double weight[3];
    double avg_len; /* average weighted length */
} smp_bm25;

/* Lucene idf: ln(1 + (N - df + 0.5) / (df + 0.5)). */
double smp_bm25_idf(uint64_t N, uint64_t df);
/* One term's score in one passage: idf * tf' / (tf' + k1 (1 - b + b len'/avg))
 * with tf' = sum of weight[f] * tf[f] and len' = sum of weight[f] * len[f]. */
/* The two halves of smp_bm25_term, for scoring many terms of one passage:
 * k1 times the passage's length normalisation, then a term's score with
 * it (the same arithmetic, so the same result to the bit). */
double smp_bm25_knorm(const smp_bm25 *p, const uint32_t len[3]);
double smp_bm25_term_k(const smp_bm25 *p, double idf, const uint32_t tf[3], double knorm);
double smp_bm25_term(const smp_bm25 *p, double idf, const uint32_t tf[3],
                     const uint32_t len[3]);

/**************************************************************************
** Interface to code in index_write.c
**
** The in-memory inverted index of a build and its serialisation.  The
** on-disk format is documented at the top of index_write.c.
*/
typedef struct smp_writer smp_writer;

/* One posting of a term: passage and term frequency per field. */
typedef struct smp_posting {
    uint32_t doc;
    uint32_t tf[3];
} smp_posting;

/* Appends the postings section bytes of one term (block table, then
 * blocks) to out, given its np postings; the body length of passage d is
 * the native uint32_t at body_len + d * stride.  data is scratch. */
void smp_encode_postings(const smp_posting *pl, uint32_t np, const uint8_t *body_len,
                         size_t stride, smp_buf *out, smp_buf *data);
/* Appends the positions of one term (block ends, then one stream per
 * block) to out, given its postings and their positions as LEB128 varints
 * (per posting the first, then the gaps).  vals and data are scratch. */
void smp_encode_positions(const smp_posting *pl, uint32_t np, const uint8_t *pv, smp_buf *out,
                          smp_buf *vals, smp_buf *data);

int smp_writer_new(smp_writer **out, const char *language, uint32_t analyzer);
void smp_writer_free(smp_writer *w);
int smp_writer_add_article(smp_writer *w, const char *id, const char *title,
                           const char *path, uint32_t *out_article);
/* The longest heading and text of one passage (their store block must
 * stay under SMP_STORE_RAW_MAX, format.h). */
#define SMP_PASSAGE_HEADING_MAX ((16u << 20) / 4)
#define SMP_PASSAGE_TEXT_MAX ((16u << 20) / 2)
/* Adds a passage of the last added article; its terms follow through
 * smp_writer_add_term with the returned docid. */
int smp_writer_add_passage(smp_writer *w, uint32_t ordinal, uint32_t line,
                           uint64_t byte_start, uint64_t byte_end,
                           const char *heading, size_t heading_len,
                           const char *text, size_t text_len,
                           uint32_t *out_doc);
/* Whether to store word positions (the default) or not. */
void smp_writer_set_positions(smp_writer *w, int on);
/* The store's dictionary: given (so that the runs of one build share it),
 * else sampled from the passages when written; and as it was written. */
int smp_writer_set_store_dict(smp_writer *w, const uint8_t *p, size_t n);
void smp_writer_store_dict(const smp_writer *w, const uint8_t **p, size_t *n);
/* Bytes the writer holds (terms, postings, positions, passages, text). */
uint64_t smp_writer_memory(const smp_writer *w);
/* One occurrence of term in field of doc (doc must be the last passage) at
 * word position pos of the passage; a term's positions in a passage come
 * in ascending order. */
int smp_writer_add_term(smp_writer *w, uint32_t doc, int field,
                        const char *term, size_t len, uint32_t pos);
/* The same in two steps: the number of a term (added if new; -1 when out
 * of memory), then an occurrence of term number id. */
int64_t smp_writer_term_id(smp_writer *w, const char *term, size_t len);
int smp_writer_add_term_id(smp_writer *w, uint32_t doc, int field, uint32_t id, uint32_t pos);
/* The ALIASES section (alias.c text form); empty = none. */
void smp_writer_set_aliases(smp_writer *w, const char *text, size_t len);
uint64_t smp_writer_passages(const smp_writer *w);
uint64_t smp_writer_articles(const smp_writer *w);
/* Writes atomically (temporary file, fsync, rename). */
int smp_writer_write(smp_writer *w, const char *path, uint64_t source_bytes,
                     smp_error *err);

/* One Stream VByte stream of n values (position lists): bound of its size,
 * encoder (returns bytes written), and a checked decoder that reads only
 * within avail bytes and returns the bytes used, 0 when corrupt. */
size_t smp_stream_max_bytes(uint32_t n);
size_t smp_stream_encode(const uint32_t *v, uint32_t n, uint8_t *out);
size_t smp_stream_decode(const uint8_t *in, size_t avail, uint32_t n, uint32_t *out);

/**************************************************************************
** Interface to code in file_out.c
**
** Writing an index file section by section into a temporary file, then
** atomically in place of the target (fsync, rename, directory fsync).
** Errors are sticky and reported by commit, which (like abort) removes
** the temporary file unless it was renamed.
*/
typedef struct smp_out smp_out;

/* write(2) until all n bytes are written (EINTR retried): 0, or -1 with
 * errno set. */
int smp_write_all(int fd, const void *p, size_t n);

/* Room for at most maxsec sections. */
int smp_out_open(smp_out **out, const char *path, uint32_t maxsec, smp_error *err);
void smp_out_begin(smp_out *o, uint32_t id);
void smp_out_write(smp_out *o, const void *p, size_t n);
void smp_out_end(smp_out *o);
/* begin, write, end */
void smp_out_section(smp_out *o, uint32_t id, const void *p, size_t n);
int smp_out_commit(smp_out *o, smp_error *err);
void smp_out_abort(smp_out *o);

/**************************************************************************
** Interface to code in manifest.c
**
** The manifest of a segmented index (format in manifest.c).
*/
#define SMP_MSEG_NONE UINT32_MAX
/* build options of the files (a manifest written before numbers.c has no
   SMP_MFLAG_NUMBERS, as its segments have no SMP_AN_NUMBERS) */
enum {
    SMP_MFLAG_NO_POSITIONS = 1,
    SMP_MFLAG_NO_ACRONYMS = 2,
    SMP_MFLAG_NUMBERS = 4,
    SMP_MFLAG_NO_HEADING_PATH = 8
};

typedef struct smp_macr { /* an acronym definition found in a file */
    char *acr, *long_form;
    uint32_t count;
} smp_macr;

typedef struct smp_mfile { /* a source file */
    char *path;
    uint64_t size;
    int64_t mtime_s;
    uint32_t mtime_ns;
    uint64_t hash;  /* smp_content_hash of its bytes */
    uint64_t bytes; /* source bytes indexed (0 when skipped) */
    uint32_t seg;   /* segment of its passages, or SMP_MSEG_NONE */
    uint32_t first_doc, ndocs, narticles;
    smp_macr *acr;
    uint32_t nacr;
} smp_mfile;

typedef struct smp_mseg { /* a segment file */
    char *name;
    uint32_t passages;
    uint32_t *del; /* deleted passages: [del[2i], del[2i+1]), ascending */
    uint32_t ndel;
    /* the terms of the deleted passages, sorted (smp_term_cmp): term i is
       dblob[dend[i - 1] .. dend[i]) (from 0 for i = 0), in dcount[i] of
       them */
    char *dblob;
    uint32_t *dend, *dcount;
    uint32_t ndt;
} smp_mseg;

typedef struct smp_manifest {
    uint64_t generation, next_id;
    char language[64];
    uint32_t max_words, overlap_words, min_words, flags;
    smp_mseg *seg;
    uint32_t nseg;
    smp_mfile *file;
    uint32_t nfiles;
    char *aliases; /* ALIASES text, alen bytes */
    size_t alen;
} smp_manifest;

/* A source file's content hash (CRC-32 and Adler-32, high and low). */
uint64_t smp_content_hash(const void *p, size_t n);
int smp_manifest_encode(const smp_manifest *m, smp_buf *b);
/* The dictionary's order of terms: memcmp, a prefix first. */
int smp_term_cmp(const char *a, size_t alen, const char *b, size_t blen);
/* Deleted passages of segment s that hold the term. */
uint32_t smp_mseg_deleted(const smp_mseg *s, const char *term, size_t len);
/* Writes the manifest atomically at path (file_out.c). */
int smp_manifest_write(const smp_manifest *m, const char *path, smp_error *err);
/* Parses a MANIFEST section (and the ALIASES text, and the DELETED
 * section, dp NULL when absent) read from path: SMP_ECORRUPT when it is
 * damaged or inconsistent. */
int smp_manifest_parse(const uint8_t *p, size_t n, const char *aliases, size_t alen,
                       const uint8_t *dp, size_t dn, smp_manifest **out, const char *path,
                       smp_error *err);
void smp_manifest_free(smp_manifest *m);
/* Free n records and the array. */
void smp_mfiles_free(smp_mfile *file, uint32_t n);
void smp_msegs_free(smp_mseg *seg, uint32_t n);

/**************************************************************************
** Interface to code in multi.c
**
** The segments of a manifest opened as one index (index_read.c keeps one
** in its smp_index).
*/
typedef struct smp_multi smp_multi;
typedef struct smp_segref smp_segref; /* index_read.c's interface */

/* Takes ownership of m (freed on failure too). */
int smp_multi_open(smp_multi **out, const char *path, smp_manifest *m, smp_error *err);
void smp_multi_free(smp_multi *mu);
uint32_t smp_multi_nsegments(const smp_multi *mu);
const smp_segref *smp_multi_segment(const smp_multi *mu, uint32_t i);
const smp_manifest *smp_multi_manifest(const smp_multi *mu);
uint64_t smp_multi_live(const smp_multi *mu);
void smp_multi_avg_len(const smp_multi *mu, double avg[3]);
int smp_multi_df(const smp_multi *mu, const char *term, size_t len, uint32_t *df);
uint64_t smp_multi_order_key(const smp_multi *mu, uint32_t seg, uint32_t doc);
void smp_multi_info(const smp_multi *mu, smp_index_info *out);
int smp_multi_check(const smp_multi *mu, const char *path, smp_error *err);

/**************************************************************************
** Interface to code in builder.c, for incremental updates (update.c)
*/
/* Adds a file already read (buf, modified in place, owned by the caller;
 * fmt as smp_format_of). */
int smp_builder_add_data(smp_builder *b, const char *path, int fmt, char *buf, size_t len,
                         smp_error *err);
/* Adds a passage as it was split from its file (a merge of segments);
 * new_file: the first passage of a file. */
int smp_builder_add_passage(smp_builder *b, const smp_passage *p, int new_file,
                            smp_error *err);
/* From now on, keep the acronym definitions of each file apart ... */
void smp_builder_track_files(smp_builder *b);
/* ... and hand over those found since the last call (caller frees). */
void smp_builder_file_acronyms(smp_builder *b, smp_macr **out, uint32_t *n);

/**************************************************************************
** Interface to code in walk.c
**
** The input files of a build, in the order a build reads them: a file, or
** a folder walked recursively in name order.  fn is called for each file
** of a known format ('m' Markdown, 't' text, 'j' JSON Lines), for the
** synonyms.txt at the top of a folder, and for each entry skipped (why
** says why); a non-zero result stops the walk and is returned.
*/
enum {
    SMP_WALK_FILE,      /* a file to read (fmt set) */
    SMP_WALK_SYNONYMS,  /* FOLDER/synonyms.txt */
    SMP_WALK_SKIP_FILE, /* a file that cannot be read */
    SMP_WALK_SKIP_DIR,  /* a folder that cannot be read */
    SMP_WALK_NOTE       /* nothing read there (nested too deeply) */
};
typedef int (*smp_walk_fn)(void *ud, int kind, const char *path, int fmt, const char *why);
/* SMP_ENOTFOUND / SMP_EIO when path itself cannot be found. */
int smp_walk(const char *path, smp_walk_fn fn, void *ud, smp_error *err);
/* 'm', 't', 'j' from the file name's extension, or 0. */
int smp_format_of(const char *path);
/* Reads an input file whole: 1 and *buf (st->st_size bytes and one
 * spare; the caller frees it); 0 when it cannot be used, with why it is
 * skipped in why (unreadable, not a regular file, larger than max_size,
 * a read error); or SMP_ENOMEM. */
struct stat;
int smp_read_input(const char *path, uint64_t max_size, struct stat *st, char **buf,
                   char *why, size_t whylen);

/**************************************************************************
** Interface to code in invert.c
**
** The inverting stage of a build, on its own thread: the builder hands it
** passages and their terms; it adds them to the writer, writes runs under
** the memory budget, and writes the index (one piece, or runs merged).
** Errors of the thread are sticky: returned by the builder's next calls.
*/
#define SMP_LANG_NAME_MAX 64

typedef struct smp_inverter smp_inverter;

typedef struct smp_invert_opts {
    const char *language;
    int positions;          /* store word positions */
    uint64_t memory_budget; /* 0: none */
    const char *run_prefix; /* runs: RUN_PREFIX.run.XXXXXX (NULL: $TMPDIR/smpsearch) */
    uint32_t analyzer;      /* SMP_AN_* of the stemmer, kept in META */
} smp_invert_opts;

int smp_inverter_new(smp_inverter **out, const smp_invert_opts *o, smp_error *err);
/* A passage, starting a new article or not; then its terms; then the end
 * of the passage.  The strings are copied. */
int smp_inverter_passage(smp_inverter *v, const smp_passage *p, int new_article);
/* tag: the stemmer's tag of the word (smp_analyze_tagged) */
int smp_inverter_term(smp_inverter *v, const char *stem, size_t len, uint32_t *tag, int field,
                      uint32_t pos);
int smp_inverter_end_passage(smp_inverter *v);
/* The thread's error, if any, into err. */
int smp_inverter_error(smp_inverter *v, smp_error *err);
/* Waits for the thread to add everything, then writes the index. */
int smp_inverter_write(smp_inverter *v, const char *path, const char *aliases, size_t alen,
                       uint64_t source_bytes, smp_error *err);
/* Runs written so far. */
uint64_t smp_inverter_runs(const smp_inverter *v);
/* Stops the thread (when still running) and frees everything, run files
 * included. */
void smp_inverter_free(smp_inverter *v);

/**************************************************************************
** Interface to code in merge.c
**
** Merges the runs of a build (index files of consecutive articles, sharing
** one store dictionary) into one index file, streamed to disk; aliases is
** the final ALIASES section (may be empty).
*/
int smp_merge_runs(const char *const *paths, size_t n, const char *out_path,
                   const char *aliases, size_t alen, uint64_t source_bytes, smp_error *err);

/**************************************************************************
** Interface to code in index_read.c
**
** Bounds-checked access to a mapped index.  Sizes come from the file and
** are validated before use; corrupt data gives SMP_ECORRUPT.
*/
typedef struct smp_term_info {
    uint32_t df;
    const uint8_t *post; /* the term's postings (block table + blocks) */
    size_t post_len;
    const uint8_t *pos;  /* its positions (NULL when the index has none) */
    size_t pos_len;
} smp_term_info;

typedef struct smp_doc_info {
    uint32_t article, ordinal, line;
    uint32_t len[3];
    uint64_t byte_start, byte_end;
    uint32_t store_block, store_off;
} smp_doc_info;

uint64_t smp_index_passages(const smp_index *ix);
/* The ALIASES section text (len 0 when the index has none). */
void smp_index_aliases(const smp_index *ix, const char **text, size_t *len);
const char *smp_index_language(const smp_index *ix);
/* The analyzer options (SMP_AN_*) the index was built with. */
uint32_t smp_index_analyzer(const smp_index *ix);
/* Average length of each field (title, heading, body). */
void smp_index_avg_len(const smp_index *ix, double avg[3]);
/* 1 and *out filled when the term exists, 0 when not, SMP_ECORRUPT (< 0)
 * when the dictionary entries met are out of bounds. */
int smp_index_lookup(const smp_index *ix, const char *term, size_t len,
                     smp_term_info *out);
/* 1 and *out filled with the postings of term i, or SMP_ECORRUPT. */
int smp_index_term_postings(const smp_index *ix, uint64_t i, smp_term_info *out);
int smp_index_has_positions(const smp_index *ix);
/* The bytes of section id (format.h): 1 when present, else 0. */
int smp_index_raw_section(const smp_index *ix, uint32_t id, const uint8_t **p, uint64_t *len);
uint64_t smp_index_terms(const smp_index *ix);
/* Term i (< smp_index_terms) of the dictionary, in sorted order; not
 * NUL-terminated.  0, or SMP_ECORRUPT (the term is then "", df 0). */
int smp_index_term_at(const smp_index *ix, uint64_t i, const char **term, size_t *len,
                      uint32_t *df);
/* The field lengths of passage doc (< passages): what scoring needs, read
 * without the rest of its entry. */
void smp_index_doc_lens(const smp_index *ix, uint32_t doc, uint32_t len[3]);
/* 0, or SMP_ECORRUPT / SMP_EINVAL. */
int smp_index_doc(const smp_index *ix, uint32_t doc, smp_doc_info *out);
int smp_index_article(const smp_index *ix, uint32_t article, const char **id,
                      const char **title, const char **path);
/* Segments.  An index is a plain index file (one segment), or a manifest
 * naming segment files (multi.c); the accessors above read one segment,
 * those below see the whole index.  Passage numbers of segment i start at
 * its base. */
struct smp_segref {
    const smp_index *ix; /* the segment's own index file */
    uint32_t base;
    const uint32_t *del; /* deleted passages [del[2k], del[2k+1]), ascending */
    size_t ndel;
    uint64_t live;       /* passages not deleted */
};

size_t smp_index_nsegments(const smp_index *ix);
const smp_segref *smp_index_segment(const smp_index *ix, size_t i);
/* Where passage doc of segment seg comes in a full build of the same
 * files (file, then passage in the file): ties in score rank by it. */
uint64_t smp_index_order_key(const smp_index *ix, size_t seg, uint32_t doc);
/* The manifest, or NULL for a plain index file. */
const smp_manifest *smp_index_manifest(const smp_index *ix);
/* Passages not deleted: BM25's N. */
uint64_t smp_index_live_passages(const smp_index *ix);
/* Document frequency over the live passages: 1 (df > 0), 0, or
 * SMP_ECORRUPT. */
int smp_index_df(const smp_index *ix, const char *term, size_t len, uint32_t *df);
/* Total field lengths of one segment's passages (META). */
void smp_index_total_len(const smp_index *ix, uint64_t total[3]);
/* The path the index was opened from. */
const char *smp_index_file_path(const smp_index *ix);
/* Opens an index file that must not be a manifest. */
int smp_segment_open(smp_index **out, const char *path, smp_error *err);

/* Reads passages from the store with one reusable decompression context, keeping the
 * last decompressed block. */
typedef struct smp_store_reader {
    smp_buf block;
    int64_t cached_block; /* block number held in `block`, or -1 */
    void *dctx;           /* ZSTD_DCtx, made on first use */
    void *ddict;          /* ZSTD_DDict of the store dictionary, likewise */
} smp_store_reader;

void smp_store_reader_init(smp_store_reader *r);
void smp_store_reader_free(smp_store_reader *r);
/* Inflates the doc's store block (unless the reader holds it already) and
 * points heading/text into it; valid until the reader's next read. */
int smp_index_passage(const smp_index *ix, const smp_doc_info *d,
                      smp_store_reader *r, const char **heading,
                      uint32_t *heading_len, const char **text,
                      uint32_t *text_len);

/**************************************************************************
** Interface to code in dterms.c
**
** The terms of passages an update deletes, for the manifest's DELETED
** section.
*/
typedef struct smp_termbag { /* terms with counts */
    char **t;
    uint32_t *len, *count;
    size_t n, cap;
    int rc; /* SMP_ENOMEM once an addition failed */
} smp_termbag;

void smp_termbag_free(smp_termbag *b);
/* Adds the terms of passages [first, end) of segment ix, each passage's
 * once: 0, SMP_ENOMEM, or the error reading a passage. */
int smp_deleted_terms(const smp_index *ix, smp_stemmer *st, uint32_t first, uint32_t end,
                      smp_termbag *bag, smp_store_reader *rd);
/* Adds the bag's counts to the segment's table (dblob, dend, dcount);
 * the bag is used up.  0 or SMP_ENOMEM. */
int smp_mseg_add_terms(smp_mseg *s, smp_termbag *bag);

/**************************************************************************
** Interface to code in snippet.c
**
** Picks the sentence of a passage that best answers the query, and the
** byte ranges of the query's terms in the passage.
*/
/* answers.c: the first quantity of the kind qtype asks for (duration,
 * count, price) in text[0..len), in one form ("6\u20138 weeks"), into out
 * (cap >= SMP_ANSWER_VALUE_MAX); returns its length, 0 when there is
 * none. */
#define SMP_ANSWER_VALUE_MAX 192
size_t smp_answer_value(int qtype, const char *text, size_t len, char *out, size_t cap);

typedef struct smp_qterm {
    const char *term; /* stemmed, NUL-terminated */
    size_t len;
    double idf;
    int filler;       /* a question word or stop word ("how", "does", "the") */
    double weight;    /* 1, or less for a term an alias group added */
    const char *orig; /* the stem as typed, when spelling corrected it */
    uint32_t qtf;     /* times the question has it */
    int alt;          /* only an alternative wording (a hyphenated word's
                         joined form, an alias): scored through its group */
    int number;       /* a number word ("four"): never spelling-corrected */
} smp_qterm;

/* 1 when the folded (unstemmed) English word is question filler or a stop
 * word; such words rank passages but do not pick answer sentences. */
int smp_is_filler(const char *word, size_t len);

/* Sentences end at '.', '!' or '?' followed by white space, or at a line
 * break.  The answer is the sentence with the largest sum of idf over the
 * distinct non-filler query terms it contains, halved for a sentence that
 * ends with '?', else times 1.5 for one that gives the kind of answer qtype
 * asks for (smp_gives_answer; SMP_QTYPE_NONE: none); ties: the earlier one.
 * When no sentence has a query term, the first sentence.  The first
 * sentence also counts the query terms of the passage's heading (may be
 * NULL): in articles written as questions and answers, it is the heading's
 * answer.  Highlights are appended to `spans` as smp_span values.  Returns
 * 0 or SMP_ENOMEM. */
int smp_snippet(smp_stemmer *st, const smp_qterm *q, size_t nq, const char *heading,
                const char *text, size_t len, int qtype, smp_span *answer, smp_buf *spans);

/**************************************************************************
** Interface to code in confidence.c
*/
/* The share (0..1) of the question's own content words, weighted by idf,
 * that occur in the fields of a passage (see confidence.c); max_idf
 * weighs a word the index does not hold. */
int smp_confidence(smp_stemmer *st, const smp_qterm *q, size_t nown, double max_idf,
                   const char *const *fields, const size_t *lens, size_t nfields,
                   double *out);

/**************************************************************************
** Interface to code in qtype.c
*/
enum {
    SMP_QTYPE_NONE = 0,
    SMP_QTYPE_DURATION,
    SMP_QTYPE_COUNT,
    SMP_QTYPE_PRICE,
    SMP_QTYPE_PAIN,
    SMP_QTYPE_SAFETY,
    SMP_QTYPE_PROCEDURE,
    SMP_QTYPE_ELIGIBILITY
};
/* The kind of answer the question (as typed, English) asks for, by the
 * rules at the top of qtype.c; SMP_QTYPE_NONE when none. */
int smp_question_type(const char *query);
/* 1 when the sentence (len bytes, not NUL-terminated) gives an answer of
 * that kind; 0 for SMP_QTYPE_NONE or an unknown kind. */
int smp_gives_answer(int type, const char *text, size_t len);

/**************************************************************************
** Interface to code in eval.c
**
** Relevance judgments and effectiveness measures (trec_eval -c
** conventions, see eval.c).
*/
typedef struct smp_qrels smp_qrels;

typedef struct smp_eval_metrics {
    uint32_t queries; /* queries averaged (1 or 0 for one query) */
    double ndcg10, mrr10, p1, recall10, recall100;
} smp_eval_metrics;

/* Reads TREC qrels ("qid iter docid rel") or BEIR TSV ("qid docid rel",
 * with a "query-id" header line).  SMP_EEMPTY when nothing is relevant. */
int smp_qrels_load(smp_qrels **out, const char *path, smp_error *err);
void smp_qrels_free(smp_qrels *q);
/* Queries with at least one relevant passage, sorted by id. */
size_t smp_qrels_queries(const smp_qrels *q);
const char *smp_qrels_query(const smp_qrels *q, size_t i);
int smp_qrels_has_query(const smp_qrels *q, const char *qid);
/* Grade of docid for qid (0 when not judged). */
int smp_qrels_rel(const smp_qrels *q, const char *qid, const char *docid);
/* Relevant passages of qid (up to max into docids/rels); returns their
 * total count. */
size_t smp_qrels_relevant(const smp_qrels *q, const char *qid, const char **docids,
                          int *rels, size_t max);
/* Measures of one query's ranking docids[0..n). */
int smp_eval_query(const smp_qrels *q, const char *qid, const char *const *docids,
                   size_t n, smp_eval_metrics *out);
void smp_eval_add(smp_eval_metrics *sum, const smp_eval_metrics *one);
/* Divides the sums by the number of queries. */
void smp_eval_mean(smp_eval_metrics *sum, size_t nqueries);

/**************************************************************************
** Interface to code in acronym.c
*/
/* Called with each acronym definition found: the acronym as written and
 * its long form (not NUL-terminated).  Non-zero stops the search. */
typedef int (*smp_acronym_fn)(void *ud, const char *acr, size_t acr_len,
                              const char *long_form, size_t long_len);
int smp_find_acronyms(const char *text, size_t len, smp_acronym_fn fn, void *ud);

/**************************************************************************
** Interface to code in alias.c
**
** Alias groups: phrases that mean the same thing ("smp", "scalp
** micropigmentation"; "eyelash perm", "lash lift").  In the index (section
** ALIASES) a group is one line of analysed phrases separated by tabs, each
** phrase its stems separated by spaces.  At query time a phrase of a group
** found in the query adds the group's other phrases, at a lower weight.
*/
typedef struct smp_aliases smp_aliases;

/* Parses the ALIASES section text (len bytes). */
int smp_aliases_parse(smp_aliases **out, const char *text, size_t len);
void smp_aliases_free(smp_aliases *a);
size_t smp_aliases_groups(const smp_aliases *a);

/* One stem of the query, in order. */
typedef struct smp_qword {
    const char *stem;
    size_t len;
} smp_qword;

/* For the query's stems q[0..n) in order, calls fn for every phrase of
 * each group that has a phrase in the query: with own = 1 for the phrases
 * found in the query, own = 0 for the others, which the group adds.  Calls
 * come group by group.  Returns the first non-zero fn result. */
typedef int (*smp_expand_fn)(void *ud, size_t group, int own, const smp_qword *phrase,
                             size_t n);
int smp_aliases_expand(const smp_aliases *a, const smp_qword *q, size_t n,
                       smp_expand_fn fn, void *ud);

/* Reads a synonym file: one group a line, phrases separated by commas,
 * '#' starts a comment.  Each group is analysed with st and appended to
 * out in the ALIASES text form.  SMP_EFORMAT for a line with one phrase. */
int smp_synonyms_load(const char *path, smp_stemmer *st, smp_buf *out, smp_error *err);
/* Appends a group for each acronym that the definitions acr[0..n) (in
 * the order first met, with counts) give one long form only. */
int smp_alias_acronyms(smp_buf *out, smp_stemmer *st, const smp_macr *acr, size_t n);
/* Appends one group (phrases[0..n), as written) in ALIASES text form. */
int smp_alias_group_add(smp_buf *out, smp_stemmer *st, const char *const *phrases,
                        const size_t *lens, size_t n);

/**************************************************************************
** Interface to code in spell.c
*/
/* Edits allowed for a word of len bytes (0, 1 or 2). */
int smp_spell_max_edits(size_t len);
/* 1 and the nearest dictionary term (not NUL-terminated, in the index's
 * memory) when word is within the allowed edits of one; 0 otherwise. */
int smp_spell_correct(const smp_index *ix, const char *word, size_t len, const char **out,
                      size_t *out_len);

/**************************************************************************
** Interface to code in cursor.c
**
** A cursor walks one term's postings in docid order, decoding a block of
** 128 at a time; skip_to uses the block table to jump over whole blocks
** without decoding them.  It also knows upper bounds of the term's score,
** per term and per block, for dynamic pruning (topk.c).
*/
typedef struct smp_cursor {
    smp_term_info ti;
    double idf;  /* the term's weight: idf times the times it is asked */
    uint32_t nblocks, block; /* current block */
    const uint8_t *table, *data;
    size_t data_len;
    uint32_t n, i;           /* postings in the block, position */
    uint32_t prev_last;
    uint32_t doc;            /* current docid, UINT32_MAX at the end */
    int own;                 /* a word of the question (else an alternative) */
    double scale;            /* its share of a passage's score (1 for own) */
    double ub;               /* bound of scale x its score in any passage */
    double contrib;          /* its score in the passage being scored */
    uint32_t max1[3], minlen1; /* of the only block when there is no table */
    uint32_t docids[SMP_BLOCK_SIZE];
    uint32_t tf[3][SMP_BLOCK_SIZE];
} smp_cursor;

int smp_cursor_init(smp_cursor *c, uint64_t N);
int smp_cursor_next(smp_cursor *c, uint64_t N);
/* Moves to the first posting with docid >= target (UINT32_MAX: none). */
int smp_cursor_skip_to(smp_cursor *c, uint32_t target, uint64_t N);
/* The block that would hold target, found in the block table without
 * decoding (nblocks when target is past the last posting). */
uint32_t smp_cursor_block_of(const smp_cursor *c, uint32_t target);
/* Last docid of block b. */
uint32_t smp_cursor_block_last(const smp_cursor *c, uint32_t b);
/* Bound of the term's BM25 score in block b (b = nblocks: the whole list),
 * from the block's maximum term frequencies and shortest body. */
double smp_cursor_bound(const smp_cursor *c, const smp_bm25 *bm, uint32_t b);

/**************************************************************************
** Interface to code in positions.c
**
** Word positions of a term's postings (layout in index_write.c), read
** alongside a cursor of the same term: positions are stored apart from
** the postings, block by block, and only phrase queries read them.
*/
typedef struct smp_pos_reader {
    const uint8_t *table, *data; /* block ends (when more than one), blocks */
    size_t data_len;
    uint32_t nblocks;
    int64_t block;               /* block decoded, -1 for none */
    uint32_t *val;               /* positions of the block's postings */
    uint32_t cap;
    uint32_t off[SMP_BLOCK_SIZE + 1]; /* posting i: val[off[i]..off[i+1]) */
} smp_pos_reader;

/* 0, or SMP_ECORRUPT when the term has no positions or they are out of
 * bounds. */
int smp_pos_init(smp_pos_reader *r, const smp_term_info *ti);
/* The positions of the cursor's current posting, ascending: 0, or
 * SMP_ECORRUPT / SMP_ENOMEM. */
int smp_pos_get(smp_pos_reader *r, const smp_cursor *c, const uint32_t **pos, uint32_t *n);
void smp_pos_free(smp_pos_reader *r);

/**************************************************************************
** Interface to code in phrase.c
**
** A quoted phrase of the query: its words at their offsets from the
** first.  smp_phrase_match answers whether passage doc holds the phrase;
** call it with ascending docids.
*/
#define SMP_MAX_PHRASE_TERMS 16

typedef struct smp_phrase {
    size_t n;
    uint64_t N;
    int positions; /* 0: the index has none, all words anywhere will do */
    smp_cursor *cur;
    smp_pos_reader *pr;
    uint32_t offset[SMP_MAX_PHRASE_TERMS];
} smp_phrase;

int smp_phrase_init(smp_phrase *ph, const smp_index *ix, const smp_term_info *ti,
                    const uint32_t *offset, size_t n);
/* 1 when passage doc holds the phrase, 0 when not, or SMP_ECORRUPT. */
int smp_phrase_match(smp_phrase *ph, uint32_t doc);
void smp_phrase_free(smp_phrase *ph);

/**************************************************************************
** Interface to code in topk.c
**
** Document-at-a-time top-k over a query's cursors, with the concept
** groups of search.c (alternative wordings), by exhaustive evaluation (the
** reference), MaxScore or Block-Max WAND.  The pruned strategies return
** exactly the exhaustive top k (scores and order).
*/
#define SMP_MAX_PHRASES 64

typedef struct smp_hit {
    double score;
    uint32_t doc;
} smp_hit;

typedef struct smp_topk {
    const smp_index *ix;
    uint64_t N;
    smp_bm25 bm;
    smp_cursor *cur;
    size_t nc;
    /* concept groups: phrases as cursor lists, consecutive by group */
    int pcur[SMP_MAX_PHRASES][SMP_MAX_PHRASE_TERMS];
    size_t plen[SMP_MAX_PHRASES], pgroup[SMP_MAX_PHRASES], np;
    int pown[SMP_MAX_PHRASES];
    double pscale[SMP_MAX_PHRASES];
    /* quoted phrases every result must hold, checked only for passages
       that would enter the top k */
    smp_phrase *req;
    size_t nreq;
    /* a passage scoring below floor is not wanted (it cannot beat what
       other segments gave); -1: none.  Pruning only: passages at or above
       it are found as without it */
    double floor;
    /* deleted passages, never results: ranges [del[2i], del[2i+1]) */
    const uint32_t *del;
    size_t ndel;
    /* counters, for tests and benchmarks */
    uint64_t scored; /* passages fully scored */
} smp_topk;

/* Sets each cursor's scale and ub from the groups; call once before
 * smp_topk_run. */
void smp_topk_prepare(smp_topk *t);
/* Fills heap (room for k) with the best k hits, best first; *nh gets
 * their count.  0 or SMP_ECORRUPT. */
int smp_topk_run(smp_topk *t, int strategy, uint32_t k, smp_hit *heap, uint32_t *nh);

#endif /* SMP_INT_H */
