/*
 * index.h - the index on disk: the posting codec, the writer of one index
 * file, the reader of a segment file, the manifest and the index as a set
 * of segments (subsystem index/, above analysis/).  The format is in
 * docs/FORMAT.md.
 * Nothing here is part of the public API (include/smpsearch.h).
 */
#ifndef SMP_INDEX_H
#define SMP_INDEX_H

#include "analysis/analysis.h"
#include "index/format.h"

/* The fields of a passage: title, heading, body. */
#ifndef SMP_NFIELDS
#define SMP_NFIELDS 3
#endif

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
/* smp_block_decode in parts, for decoding term frequencies only when they
 * are needed: the docids (returns the bytes of their stream, or 0 when
 * corrupt); then the term frequency streams of fields from..to-1 (title,
 * heading, body), in[0] the start of field from's, which follows the
 * docids' stream or the field before's (returns their bytes, or 0). */
size_t smp_block_decode_docids(const uint8_t *in, size_t avail, uint32_t n,
                               uint32_t prev_docid, uint32_t *docids);
size_t smp_block_decode_tf(const uint8_t *in, size_t avail, uint32_t n, int from, int to,
                           uint32_t *tf[3]);


/**************************************************************************
** Interface to code in write.c
**
** The in-memory inverted index of a build and its serialisation.  The
** on-disk format is documented at the top of write.c.
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
/* Adds an article (its strings are copied; info may be NULL, and its
 * strings are cut to 4096 bytes); SMP_EINVAL when STRINGS would pass its
 * limit (SMP_STRINGS_MAX_BYTES), SMP_ENOMEM. */
int smp_writer_add_article(smp_writer *w, const char *id, const char *title,
                           const char *path, const smp_article_info *info,
                           uint32_t *out_article, smp_error *err);
/* Notes that some article's terms come from the stemmer of language
 * (a libstemmer name), not the index's: the LANGUAGES section.  0 or
 * SMP_ENOMEM; past SMP_MAX_LANGUAGES names, SMP_EINVAL. */
int smp_writer_add_language(smp_writer *w, const char *language);
/* The longest heading and text of one passage (their store block must
 * stay under SMP_STORE_RAW_MAX, format.h). */
#define SMP_PASSAGE_HEADING_MAX ((16u << 20) / 4)
#define SMP_PASSAGE_TEXT_MAX ((16u << 20) / 2)
/* Adds a passage of the last added article; its terms follow through
 * smp_writer_add_term with the returned docid.  fragment (NULL or "":
 * none) is its link target, cut to 256 bytes. */
int smp_writer_add_passage(smp_writer *w, uint32_t ordinal, uint32_t line,
                           uint64_t byte_start, uint64_t byte_end,
                           const char *heading, size_t heading_len, const char *fragment,
                           const char *text, size_t text_len,
                           uint32_t *out_doc);
/* Whether to store word positions (the default) or not. */
void smp_writer_set_positions(smp_writer *w, int on);
/* The writer writes scratch files (smp_out_set_scratch): a build's runs. */
void smp_writer_set_scratch(smp_writer *w);
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
/* The occurrences of a passage's terms, in the order of its words: the
 * same as smp_writer_add_term_id for each in turn, faster (the terms'
 * memory is fetched ahead). */
typedef struct smp_term_occ {
    uint32_t id, pos, field;
} smp_term_occ;
int smp_writer_add_occs(smp_writer *w, uint32_t doc, const smp_term_occ *o, size_t n);
/* The ALIASES section (alias.c text form); empty = none. */
void smp_writer_set_aliases(smp_writer *w, const char *text, size_t len);
uint64_t smp_writer_passages(const smp_writer *w);
uint64_t smp_writer_articles(const smp_writer *w);
/* The format's limits met while one term is written (by the writer and
 * when merging runs): its postings, post_len bytes, and TERMS, terms_len bytes
 * with it.  SMP_OK, or SMP_EINVAL with a message naming the limit. */
int smp_term_limits(const char *term, size_t len, uint64_t post_len, uint64_t terms_len,
                    smp_error *err);
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
/* The header's flags (SMP_HFLAG_*; 0 unless set). */
void smp_out_set_flags(smp_out *o, uint32_t flags);
/* A scratch file (a build's run): committed without fsync, of the file
 * or of its directory. */
void smp_out_set_scratch(smp_out *o);
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
    char language[SMP_MANIFEST_LANG_MAX]; /* the manifest's, see format.h */
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
/* (The dictionary's order of terms, smp_term_cmp, is in base/base.h.) */
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
/* Frees what one segment record holds (not the record), leaving it zero. */
void smp_mseg_free_fields(smp_mseg *s);
/* A deep copy of src into dst: SMP_OK, or SMP_ENOMEM with dst zero. */
int smp_mseg_copy(smp_mseg *dst, const smp_mseg *src);


/**************************************************************************
** Interface to code in segment.c
**
** A segment: one mapped index file, read with bounds checks.  Sizes come
** from the file and are validated before use; corrupt data gives
** SMP_ECORRUPT.  Passage and term numbers are the segment's own.
*/
typedef struct smp_segment smp_segment;

typedef struct smp_term_info {
    uint32_t df;
    const uint8_t *post; /* the term's postings (block table + blocks) */
    size_t post_len;
    const uint8_t *pos;  /* its positions (NULL when the index has none) */
    size_t pos_len;
} smp_term_info;

/* smp_doc_info, a passage's DOCS entry, is in format.h. */

/* Opens an index file that must not be a manifest. */
int smp_segment_open(smp_segment **out, const char *path, smp_error *err);
/* Flags of smp_segment_open_flags and smp_index_file_open_flags: */
#define SMP_SEG_COPY 1u /* read the file into memory (and verify every CRC) */
int smp_segment_open_flags(smp_segment **out, const char *path, unsigned flags, smp_error *err);
/* Opens the file an index path names: a segment (*seg, *m NULL) or a
 * manifest (*m, parsed; *seg NULL).  *bytes gets the file's size. */
int smp_index_file_open(const char *path, smp_segment **seg, smp_manifest **m, uint64_t *bytes,
                        smp_error *err);
int smp_index_file_open_flags(const char *path, unsigned flags, smp_segment **seg,
                              smp_manifest **m, uint64_t *bytes, smp_error *err);
void smp_segment_close(smp_segment *sg);
/* The header's flags (SMP_HFLAG_*). */
uint32_t smp_segment_flags(const smp_segment *sg);
/* What `stats` shows of one file (segments = 1). */
void smp_segment_info(const smp_segment *sg, smp_index_info *out);
/* The name of section i + 1 of smp_index_info.section_bytes, or NULL. */
const char *smp_section_name(uint32_t i);
/* 0, or SMP_ECORRUPT with a message: every byte of the file verified. */
int smp_segment_check(const smp_segment *sg, smp_error *err);

const char *smp_segment_path(const smp_segment *sg);
uint64_t smp_segment_passages(const smp_segment *sg);
uint64_t smp_segment_articles(const smp_segment *sg);
uint64_t smp_segment_source_bytes(const smp_segment *sg);
/* Total length of each field over the file's passages (META). */
void smp_segment_total_len(const smp_segment *sg, uint64_t total[SMP_NFIELDS]);
/* The ALIASES section text (len 0 when the file has none). */
void smp_segment_aliases(const smp_segment *sg, const char **text, size_t *len);
const char *smp_segment_language(const smp_segment *sg);
/* The analyzer options (SMP_AN_*) the file was built with. */
uint32_t smp_segment_analyzer(const smp_segment *sg);
/* 1 and *out filled when the term exists, 0 when not, SMP_ECORRUPT (< 0)
 * when the dictionary entries met are out of bounds. */
int smp_segment_lookup(const smp_segment *sg, const char *term, size_t len,
                       smp_term_info *out);
/* 1 and *out filled with the postings of term i, or SMP_ECORRUPT. */
int smp_segment_term_postings(const smp_segment *sg, uint64_t i, smp_term_info *out);
int smp_segment_has_positions(const smp_segment *sg);
/* The bytes of section id (format.h): 1 when present, else 0. */
int smp_segment_raw_section(const smp_segment *sg, uint32_t id, const uint8_t **p,
                            uint64_t *len);
uint64_t smp_segment_terms(const smp_segment *sg);
/* Term i (< smp_segment_terms) of the dictionary, in sorted order; not
 * NUL-terminated.  0, or SMP_ECORRUPT (the term is then "", df 0). */
int smp_segment_term_at(const smp_segment *sg, uint64_t i, const char **term, size_t *len,
                        uint32_t *df);
/* The field lengths of passage doc (< passages): what scoring needs, read
 * without the rest of its entry. */
void smp_segment_doc_lens(const smp_segment *sg, uint32_t doc, uint32_t len[SMP_NFIELDS]);
/* 0, or SMP_ECORRUPT / SMP_EINVAL. */
int smp_segment_doc(const smp_segment *sg, uint32_t doc, smp_doc_info *out);
/* The article of passage doc, read alone; UINT32_MAX for a doc out of
 * range or an article number out of range (corrupt). */
uint32_t smp_segment_doc_article(const smp_segment *sg, uint32_t doc);
int smp_segment_article(const smp_segment *sg, uint32_t article, const char **id,
                        const char **title, const char **path);
/* The article's INFO strings (all "" when the segment has no INFO); 0,
 * SMP_EINVAL (no such article) or SMP_ECORRUPT. */
int smp_segment_article_info(const smp_segment *sg, uint32_t article, smp_article_info *out);
/* The RANKING section's values (k1, b, the 3 field weights, question and
 * alias weight, then the rerank weights) in v: how many it has
 * (SMP_RANKING_NVALUES, or SMP_RANKING_NVALUES_V1 for a version 1 section
 * without rerank weights), or 0 when the segment has none. */
int smp_segment_ranking(const smp_segment *sg, double v[SMP_RANKING_NVALUES]);
/* The names of the LANGUAGES sections of segs[0..n), each once (up to
 * max in out, strings of the segments): how many. */
uint32_t smp_segments_languages(smp_segment *const *segs, size_t n, const char **out,
                                uint32_t max);
/* Passage doc's link target ("" when it has none, or the segment no
 * FRAGMENTS); 0, SMP_EINVAL or SMP_ECORRUPT. */
int smp_segment_fragment(const smp_segment *sg, uint32_t doc, const char **out);

/* Store blocks a reader keeps decompressed: a search reads its best
 * passages for the second stage, then again for the answers, and the
 * questions to one site meet the same passages again and again.  Block b
 * goes to slot b % SMP_STORE_CACHE; the blocks kept hold at most
 * SMP_STORE_CACHE_BYTES (blocks are about SMP_STORE_BLOCK bytes, so a
 * small site's whole store stays decompressed), else those of the other
 * slots are let go. */
#define SMP_STORE_CACHE 256
#define SMP_STORE_CACHE_BYTES (1u << 20)

/* Reads passages from the store with one reusable decompression context,
 * keeping decompressed blocks as above. */
typedef struct smp_store_reader {
    smp_buf block[SMP_STORE_CACHE];
    int64_t cached[SMP_STORE_CACHE]; /* block number held in block[i], or -1 */
    size_t bytes;         /* the blocks' memory (their allocs) */
    void *dctx;           /* ZSTD_DCtx, made on first use */
    void *ddict;          /* ZSTD_DDict of the store dictionary, likewise */
} smp_store_reader;

void smp_store_reader_init(smp_store_reader *r);
void smp_store_reader_free(smp_store_reader *r);
/* Inflates the doc's store block (unless the reader holds it already) and
 * points heading/text into it; valid until the reader's next read (the
 * block often stays longer, but only the next read is promised). */
int smp_segment_passage(const smp_segment *sg, const smp_doc_info *d,
                        smp_store_reader *r, const char **heading,
                        uint32_t *heading_len, const char **text,
                        uint32_t *text_len);

/**************************************************************************
** Interface to code in index.c
**
** An index: always a set of segments (a plain index file is a set of
** one), opened by smp_index_open (public).  Passages are numbered across
** segments: those of segment i start at its base.  BM25's statistics are
** those of the live passages.
*/
typedef struct smp_segref {
    const smp_segment *seg;
    uint32_t base;
    const uint32_t *del; /* deleted passages [del[2k], del[2k+1]), ascending */
    size_t ndel;
    uint64_t live;       /* passages not deleted */
} smp_segref;

size_t smp_index_nsegments(const smp_index *ix);
const smp_segref *smp_index_segment(const smp_index *ix, size_t i);
/* The segment holding passage doc of the index, and its number there in
 * *local; -1 when there is no such passage (a deleted one has a segment:
 * smp_segref_deleted tells). */
long smp_index_locate(const smp_index *ix, uint32_t doc, uint32_t *local);
/* 1 when passage local of the segment is deleted. */
int smp_segref_deleted(const smp_segref *r, uint32_t local);
/* Where passage doc of segment seg comes in a full build of the same
 * files (file, then passage in the file): ties in score rank by it. */
uint64_t smp_index_order_key(const smp_index *ix, size_t seg, uint32_t doc);
/* The manifest, or NULL for a plain index file. */
const smp_manifest *smp_index_manifest(const smp_index *ix);
/* Passages not deleted: BM25's N. */
uint64_t smp_index_live_passages(const smp_index *ix);
/* Average length of each field over the live passages. */
void smp_index_avg_len(const smp_index *ix, double avg[SMP_NFIELDS]);
/* Document frequency over the live passages: 1 (df > 0), 0, or
 * SMP_ECORRUPT. */
int smp_index_df(const smp_index *ix, const char *term, size_t len, uint32_t *df);
/* The alias groups of the whole index (ALIASES text, len 0 when none). */
void smp_index_aliases(const smp_index *ix, const char **text, size_t *len);
const char *smp_index_language(const smp_index *ix);
/* The ranking options stored in an index file (smp_segment_ranking): how
 * many, or 0 when it has none or is a segmented index. */
int smp_index_ranking(const smp_index *ix, double v[SMP_RANKING_NVALUES]);
/* The other languages some articles were stemmed in (LANGUAGES of every
 * segment, each name once; up to max in out, strings of the index): how
 * many. */
uint32_t smp_index_languages(const smp_index *ix, const char **out, uint32_t max);
/* The analyzer options (SMP_AN_*) of its segments. */
uint32_t smp_index_analyzer(const smp_index *ix);
/* The path the index was opened from. */
const char *smp_index_path(const smp_index *ix);

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
    uint8_t fields;          /* scored in these fields (bit f: field f; 7, all,
                                after smp_cursor_init) */
    double scale;            /* its share of a passage's score (1 for own) */
    double ub;               /* bound of scale x its score in any passage */
    double contrib;          /* its score in the passage being scored */
    uint32_t max1[3], minlen1; /* of the only block when there is no table */
    /* lazy term frequencies: set lazy before smp_cursor_init, and a block's
       frequencies are decoded only when smp_cursor_tf asks for them (the
       fields up to the nf-th); ntf: the streams of the block decoded so
       far (3 when not lazy); tf_at, tf_end: where they start and where
       the block ends in data */
    int lazy;
    int ntf;
    size_t tf_at, tf_end;
    uint32_t docids[SMP_BLOCK_SIZE];
    uint32_t tf[3][SMP_BLOCK_SIZE];
} smp_cursor;

int smp_cursor_init(smp_cursor *c, uint64_t N);
/* Moves to the next posting of the block after the last (or to the end). */
int smp_cursor_next_block(smp_cursor *c, uint64_t N);
/* Moves to the next posting (UINT32_MAX in doc at the end); within the
 * decoded block inline, since the scoring loops call it for every posting. */
static inline int smp_cursor_next(smp_cursor *c, uint64_t N) {
    if (c->i + 1 < c->n) {
        c->doc = c->docids[++c->i];
        return SMP_OK;
    }
    return smp_cursor_next_block(c, N);
}
/* Decodes the term frequencies of the block's first nf fields (1-3)
 * when they are not yet: 0 or SMP_ECORRUPT. */
int smp_cursor_decode_tf(smp_cursor *c, int nf);
static inline int smp_cursor_tf(smp_cursor *c, int nf) {
    return c->ntf >= nf ? 0 : smp_cursor_decode_tf(c, nf);
}
/* Moves to the first posting with docid >= target (UINT32_MAX: none). */
int smp_cursor_skip_to(smp_cursor *c, uint32_t target, uint64_t N);
/* The block that would hold target, found in the block table without
 * decoding (nblocks when target is past the last posting). */
uint32_t smp_cursor_block_of(const smp_cursor *c, uint32_t target);
/* Last docid of block b. */
uint32_t smp_cursor_block_last(const smp_cursor *c, uint32_t b);
/* The largest term frequency of each field and the shortest body in block
 * b (b = nblocks: the whole list), for score bounds (topk.c); a saturated
 * frequency is UINT32_MAX, an unknown length UINT32_MAX. */
void smp_cursor_block_max(const smp_cursor *c, uint32_t b, uint32_t maxtf[3],
                          uint32_t *minlen);


/**************************************************************************
** Interface to code in positions.c
**
** Word positions of a term's postings (layout in write.c), read
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
/* The same, decoding only that posting's positions (for reading a few
 * postings of a block; smp_pos_get decodes the whole block, for reading
 * many).  The cursor's term frequencies must be decoded (smp_cursor_tf). */
int smp_pos_get_one(smp_pos_reader *r, const smp_cursor *c, const uint32_t **pos, uint32_t *n);
void smp_pos_free(smp_pos_reader *r);


#endif /* SMP_INDEX_H */
