/*
 * segment.c - opening, validating and reading one index file: a segment.
 * An index (index.c) is a set of segments; a plain index file is a set of
 * one.
 *
 * The file is mapped read-only, or (SMP_SEG_COPY) read into memory, so
 * that a file copied over in place cannot pull pages from under a reader.
 * smp_segment_open checks the header, the footer, the section table and
 * its CRC-32, the CRC-32 of every section but STORE (whose frames each
 * carry zstd's checksum, verified on every decompression: see
 * SMP_HFLAG_STORE_CHECKSUMS; a file written before them has its STORE CRC
 * checked too, as has every section of a copy), the META section and the
 * sizes of the fixed-size tables.  So no byte that reaches an answer is
 * used unverified.  Every later read is bounds-checked against its section
 * (dictionary entries, article strings, postings, positions and store
 * blocks), so a damaged file gives SMP_ECORRUPT and never a read out of
 * bounds.  smp_segment_check verifies everything else: the dictionary
 * order, and every list and block decoded.  The format is documented in
 * write.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "index/format.h"
#include "index/index.h"

typedef struct span {
    const uint8_t *p;
    uint64_t len;
    int present;
} span;

struct smp_segment {
    const uint8_t *map;
    size_t size;
    int copied;        /* map is malloc'ed (SMP_SEG_COPY), not mapped */
    uint32_t version;
    uint32_t flags;    /* the header's, SMP_HFLAG_* */
    span sec[SMP_SEC_MAX + 1];
    char language[SMP_LANG_MAX]; /* META's, shorter than its field */
    char languages[SMP_MAX_LANGUAGES][SMP_LANG_MAX]; /* LANGUAGES' names */
    uint32_t nlanguages;
    double ranking[SMP_RANKING_NVALUES]; /* RANKING's, when has_ranking */
    int has_ranking; /* how many values it has (0: none) */
    uint32_t analyzer; /* SMP_AN_* (META) */
    uint64_t passages, articles, terms, postings, source_bytes;
    uint64_t total_len[3];
    uint32_t nstore_blocks;
    char *path;
    const uint8_t *table; /* the section table, nsec entries */
    uint32_t nsec;
};

static const char *const section_names[SMP_SEC_MAX + 1] = {
    "", "meta", "terms", "dictionary", "postings", "passages",
    "articles", "strings", "store index", "store", "aliases", "store dictionary",
    "positions", "positions index", "lengths", "manifest", "deleted terms",
    "article info", "fragments", "languages", "ranking"};

/* The sections an index file may have (not the manifest's), in the order
 * of smp_index_info's section_bytes. */
static const uint8_t file_sections[] = {
    SMP_SEC_META,     SMP_SEC_TERMS,       SMP_SEC_DICT,      SMP_SEC_POSTINGS,
    SMP_SEC_DOCS,     SMP_SEC_ARTICLES,    SMP_SEC_STRINGS,   SMP_SEC_STORE_INDEX,
    SMP_SEC_STORE,    SMP_SEC_ALIASES,     SMP_SEC_STORE_DICT, SMP_SEC_POSITIONS,
    SMP_SEC_POS_INDEX, SMP_SEC_LENS,       SMP_SEC_INFO,      SMP_SEC_FRAGMENTS,
    SMP_SEC_LANGUAGES, SMP_SEC_RANKING};

static int optional_section(int id) {
    return id == SMP_SEC_ALIASES || id == SMP_SEC_STORE_DICT || id == SMP_SEC_POSITIONS ||
           id == SMP_SEC_POS_INDEX || id == SMP_SEC_LENS || id == SMP_SEC_MANIFEST ||
           id == SMP_SEC_DELETED || id == SMP_SEC_INFO || id == SMP_SEC_FRAGMENTS ||
           id == SMP_SEC_LANGUAGES || id == SMP_SEC_RANKING;
}

#define CORRUPT(...) smp_set_error(err, SMP_ECORRUPT, __VA_ARGS__)
#define IS_MANIFEST 1 /* validate(): the file is a manifest */

/* The header and the footer: magic, version, checksum, size, reserved
 * bytes, the file's size; *h gets the header. */
static int validate_header(smp_segment *ix, const char *path, smp_header *h, smp_error *err) {
    const uint8_t *m = ix->map;
    if (ix->size < SMP_HEADER_SIZE + SMP_FOOTER_SIZE ||
        memcmp(m + SMP_HDR_MAGIC, SMP_MAGIC, SMP_MAGIC_LEN))
        return CORRUPT("%s: not a smpsearch index (bad magic)", path);
    smp_header_get(m, h);
    ix->version = h->version;
    ix->flags = h->flags;
    if (ix->version != SMP_FORMAT_VERSION)
        return smp_set_error(err, SMP_EVERSION,
                             "%s: index format version %u, this build reads %u; "
                             "rebuild the index",
                             path, ix->version, SMP_FORMAT_VERSION);
    if (h->header_crc != (uint32_t)crc32(0, m, SMP_HDR_CRC))
        return CORRUPT("%s: header checksum mismatch", path);
    if (h->header_size != SMP_HEADER_SIZE)
        return CORRUPT("%s: bad header size", path);
    for (int i = SMP_HDR_RESERVED; i < SMP_HEADER_SIZE; i++)
        if (m[i]) return CORRUPT("%s: reserved header bytes are not zero", path);
    uint64_t fsize = h->file_size;
    if (fsize != ix->size)
        return CORRUPT("%s: file is %zu bytes but the header says %llu "
                       "(truncated or extended)",
                       path, ix->size, (unsigned long long)fsize);
    const uint8_t *foot = m + ix->size - SMP_FOOTER_SIZE;
    smp_footer ft;
    smp_footer_get(foot, &ft);
    if (memcmp(foot + SMP_FTR_MAGIC, SMP_FOOTER_MAGIC, SMP_MAGIC_LEN) ||
        ft.version != ix->version || ft.header_crc != h->header_crc)
        return CORRUPT("%s: footer missing or damaged", path);
    return SMP_OK;
}

/* The section table: in bounds, its checksum, each section in bounds and
 * known ones once (into ix->sec), META's checksum. */
static int read_section_table(smp_segment *ix, const char *path, const smp_header *h,
                              smp_error *err) {
    const uint8_t *m = ix->map;
    uint32_t nsec = h->nsections;
    uint64_t table_end = SMP_HEADER_SIZE + (uint64_t)nsec * SMP_SECTION_ENTRY;
    if (nsec > SMP_MAX_SECTIONS || table_end > ix->size - SMP_FOOTER_SIZE)
        return CORRUPT("%s: section table out of bounds", path);
    if (h->table_crc != (uint32_t)crc32_z(0, m + SMP_HEADER_SIZE, table_end - SMP_HEADER_SIZE))
        return CORRUPT("%s: section table checksum mismatch", path);
    ix->table = m + SMP_HEADER_SIZE;
    ix->nsec = nsec;
    for (uint32_t i = 0; i < nsec; i++) {
        smp_section e;
        smp_section_get(smp_section_at(ix->table, i), &e);
        uint32_t id = e.id;
        uint64_t off = e.offset, len = e.length;
        if (off < table_end || off > ix->size - SMP_FOOTER_SIZE ||
            len > ix->size - SMP_FOOTER_SIZE - off)
            return CORRUPT("%s: section %u out of bounds", path, id);
        if (id == 0 || id > SMP_SEC_MAX) continue; /* unknown: ignore */
        if (ix->sec[id].present) return CORRUPT("%s: duplicate section %u", path, id);
        ix->sec[id] = (span){m + off, len, 1};
        if (id == SMP_SEC_META && e.crc != (uint32_t)crc32_z(0, m + off, len))
            return CORRUPT("%s: checksum mismatch in the meta section", path);
    }
    return SMP_OK;
}

/* A manifest is small: every section's checksum, then IS_MANIFEST. */
static int validate_manifest(const smp_segment *ix, const char *path, smp_error *err) {
    for (uint32_t i = 0; i < ix->nsec; i++) {
        smp_section e;
        smp_section_get(smp_section_at(ix->table, i), &e);
        if (e.crc != (uint32_t)crc32_z(0, ix->map + e.offset, e.length))
            return CORRUPT("%s: checksum mismatch in the manifest", path);
    }
    return IS_MANIFEST;
}

/* The CRC-32 of every section listed (unknown ids too), but of STORE only
 * when its frames carry no checksums of their own or when all is asked
 * for: a section damaged anywhere is refused before any of it is used. */
static int verify_sections(const smp_segment *ix, const char *path, int all, smp_error *err) {
    for (uint32_t i = 0; i < ix->nsec; i++) {
        smp_section e;
        smp_section_get(smp_section_at(ix->table, i), &e);
        if (e.id == SMP_SEC_STORE && !all && (ix->flags & SMP_HFLAG_STORE_CHECKSUMS)) continue;
        if (e.crc != (uint32_t)crc32_z(0, ix->map + e.offset, e.length))
            return CORRUPT("%s: checksum mismatch in the %s section", path,
                           e.id >= 1 && e.id <= SMP_SEC_MAX ? section_names[e.id] : "unknown");
    }
    return SMP_OK;
}

/* META: the analyzer's version and options, the language, the counts. */
static int read_meta(smp_segment *ix, const char *path, smp_error *err) {
    const span *meta = &ix->sec[SMP_SEC_META];
    if (meta->len < SMP_META_SIZE) return CORRUPT("%s: meta section too short", path);
    smp_meta mi;
    smp_meta_get(meta->p, &mi);
    uint32_t aver = mi.analyzer_version;
    ix->analyzer = aver == 1 ? 0 : mi.analyzer; /* 1: before the options */
    if (aver == 2 && (ix->analyzer & ~SMP_AN_KNOWN))
        return smp_set_error(err, SMP_EANALYZER,
                             "%s: built with analyzer options %#x this build does not know; "
                             "rebuild the index", path, ix->analyzer);
    if (aver != 1 && aver != SMP_ANALYZER_VERSION)
        return smp_set_error(err, SMP_EANALYZER,
                             "%s: built with analyzer version %u, this build has %u; "
                             "rebuild the index",
                             path, aver, SMP_ANALYZER_VERSION);
    uint32_t llen = mi.language_len;
    if (llen == 0 || llen >= SMP_LANG_MAX) return CORRUPT("%s: bad language name", path);
    memcpy(ix->language, mi.language, llen);
    ix->language[llen] = 0;
    ix->passages = mi.passages;
    ix->articles = mi.articles;
    ix->terms = mi.terms;
    ix->postings = mi.postings;
    ix->source_bytes = mi.source_bytes;
    for (int f = 0; f < 3; f++) ix->total_len[f] = mi.total_len[f];
    return SMP_OK;
}

/* LANGUAGES: at most SMP_MAX_LANGUAGES names of letters and '_', each
 * shorter than SMP_LANG_MAX and ended by '\n' (its CRC is not checked on
 * open: what is read is checked here). */
static int read_languages(smp_segment *ix, const char *path, smp_error *err) {
    const span *l = &ix->sec[SMP_SEC_LANGUAGES];
    size_t n = 0;
    for (uint64_t i = 0; l->present && i < l->len; i++) {
        uint8_t c = l->p[i];
        if (c == '\n' && n > 0) {
            ix->languages[ix->nlanguages++][n] = 0;
            n = 0;
        } else if (((c >= 'a' && c <= 'z') || c == '_') && n + 1 < SMP_LANG_MAX &&
                   ix->nlanguages < SMP_MAX_LANGUAGES) {
            ix->languages[ix->nlanguages][n++] = (char)c;
        } else {
            return CORRUPT("%s: bad languages section", path);
        }
    }
    if (n) return CORRUPT("%s: bad languages section", path);
    return SMP_OK;
}

/* RANKING: version 2 (or 1, without the rerank weights), and values a
 * search accepts (smp_index_set_ranking writes no others): k1 and the
 * field, question and alias weights >= 0 and below 1000, b and the alias
 * weight in [0, 1], the rerank weights above -1000 and below 1000. */
static int read_ranking(smp_segment *ix, const char *path, smp_error *err) {
    const span *r = &ix->sec[SMP_SEC_RANKING];
    if (!r->present) return SMP_OK;
    double *v = ix->ranking;
    int n = smp_ranking_get(r->p, r->len, v);
    if (n < 0) return CORRUPT("%s: bad ranking section", path);
    for (int i = 0; i < n; i++)
        if (!(v[i] >= (i < SMP_RANKING_NVALUES_V1 ? 0 : -1000) && v[i] < 1000))
            return CORRUPT("%s: bad ranking section", path);
    if (v[1] > 1 || v[6] > 1) return CORRUPT("%s: bad ranking section", path);
    ix->has_ranking = n;
    return SMP_OK;
}

/* The fixed-size tables agree with META's counts, and STRINGS ends with
 * NUL. */
static int validate_tables(smp_segment *ix, const char *path, smp_error *err) {
    int rc;
    if (ix->passages == 0 || ix->passages >= UINT32_MAX ||
        ix->sec[SMP_SEC_DOCS].len != ix->passages * SMP_DOC_ENTRY)
        return CORRUPT("%s: passage table does not match the passage count", path);
    if (ix->articles == 0 || ix->articles >= UINT32_MAX ||
        ix->sec[SMP_SEC_ARTICLES].len != ix->articles * SMP_ARTICLE_ENTRY)
        return CORRUPT("%s: article table does not match the article count", path);
    if (ix->terms >= UINT32_MAX || ix->sec[SMP_SEC_DICT].len != ix->terms * SMP_DICT_ENTRY)
        return CORRUPT("%s: dictionary does not match the term count", path);
    if (ix->sec[SMP_SEC_STORE_INDEX].len % SMP_STORE_ENTRY)
        return CORRUPT("%s: bad store index size", path);
    ix->nstore_blocks = (uint32_t)(ix->sec[SMP_SEC_STORE_INDEX].len / SMP_STORE_ENTRY);
    if (ix->sec[SMP_SEC_POS_INDEX].present != ix->sec[SMP_SEC_POSITIONS].present ||
        (ix->sec[SMP_SEC_POS_INDEX].present &&
         ix->sec[SMP_SEC_POS_INDEX].len != ix->terms * SMP_POS_INDEX_ENTRY))
        return CORRUPT("%s: positions index does not match the term count", path);
    if (ix->sec[SMP_SEC_LENS].present &&
        ix->sec[SMP_SEC_LENS].len != ix->passages * SMP_LENS_ENTRY)
        return CORRUPT("%s: length table does not match the passage count", path);
    if (ix->sec[SMP_SEC_INFO].present &&
        ix->sec[SMP_SEC_INFO].len != ix->articles * SMP_INFO_ENTRY)
        return CORRUPT("%s: article info does not match the article count", path);
    if (ix->sec[SMP_SEC_FRAGMENTS].present &&
        ix->sec[SMP_SEC_FRAGMENTS].len != ix->passages * SMP_FRAGMENT_ENTRY)
        return CORRUPT("%s: fragment table does not match the passage count", path);

    if ((rc = read_languages(ix, path, err)) || (rc = read_ranking(ix, path, err))) return rc;
    /* strings end with NUL, so any offset inside gives a bounded string */
    const span *str = &ix->sec[SMP_SEC_STRINGS];
    if (str->len == 0 || str->p[str->len - 1] != 0)
        return CORRUPT("%s: strings section not terminated", path);
    return SMP_OK;
}

/* The checks made on open: O(1) in the size of the index (the header,
 * the footer, the section table and its checksum, the small META section,
 * and the sizes of the fixed-size tables).  Everything else is checked
 * where it is read, and all of it by smp_segment_check. */
static int validate(smp_segment *ix, const char *path, unsigned flags, smp_error *err) {
    smp_header h = {0}; /* read by validate_header (GCC cannot tell) */
    int rc;
    if ((rc = validate_header(ix, path, &h, err)) ||
        (rc = read_section_table(ix, path, &h, err)))
        return rc;
    if (ix->sec[SMP_SEC_MANIFEST].present) return validate_manifest(ix, path, err);
    for (int id = 1; id <= SMP_SEC_MAX; id++)
        if (!ix->sec[id].present && !optional_section(id))
            return CORRUPT("%s: the %s section is missing", path, section_names[id]);
    if ((rc = verify_sections(ix, path, !!(flags & SMP_SEG_COPY), err)) ||
        (rc = read_meta(ix, path, err)))
        return rc;
    return validate_tables(ix, path, err);
}

/* The n bytes of fd read into a new buffer (*out), checking that the file
 * did not change (size, time of change) while it was read. */
static int read_whole(int fd, const struct stat *st, const char *path, uint8_t **out,
                      smp_error *err) {
    size_t n = (size_t)st->st_size, got = 0;
    uint8_t *p = malloc(n);
    if (!p) return smp_set_error(err, SMP_ENOMEM, "out of memory reading %s", path);
    while (got < n) {
        ssize_t k = pread(fd, p + got, n - got, (off_t)got);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            free(p);
            if (k == 0) return CORRUPT("%s: the file shrank while it was read", path);
            return smp_set_error(err, SMP_EIO, "cannot read %s: %s", path, strerror(errno));
        }
        got += (size_t)k;
    }
    struct stat after;
    if (fstat(fd, &after) || after.st_size != st->st_size ||
        after.st_mtim.tv_sec != st->st_mtim.tv_sec || after.st_mtim.tv_nsec != st->st_mtim.tv_nsec) {
        free(p);
        return CORRUPT("%s: the file changed while it was read", path);
    }
    *out = p;
    return SMP_OK;
}

/* Maps (or reads, SMP_SEG_COPY) and validates one file: a segment, or
 * (when m is not NULL) a manifest, which is parsed into *m and unmapped. */
static int open_file(smp_segment **out, smp_manifest **m, uint64_t *bytes, const char *path,
                     unsigned flags, smp_error *err) {
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int code = errno == ENOENT ? SMP_ENOTFOUND : SMP_EIO;
        return smp_set_error(err, code, "cannot open index %s: %s", path,
                             strerror(errno));
    }
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        close(fd);
        return smp_set_error(err, SMP_EIO, "%s: not a regular file", path);
    }
    if ((uint64_t)st.st_size < SMP_HEADER_SIZE + SMP_FOOTER_SIZE) {
        close(fd);
        return smp_set_error(err, SMP_ECORRUPT,
                             "%s: not a smpsearch index (only %lld bytes)", path,
                             (long long)st.st_size);
    }
    void *map;
    if (flags & SMP_SEG_COPY) {
        uint8_t *copy = NULL;
        int rc = read_whole(fd, &st, path, &copy, err);
        close(fd);
        if (rc) return rc;
        map = copy;
    } else {
        map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        close(fd);
        if (map == MAP_FAILED)
            return smp_set_error(err, SMP_EIO, "cannot map %s: %s", path, strerror(errno));
    }
    smp_segment *ix = calloc(1, sizeof *ix);
    if (!ix) {
        if (flags & SMP_SEG_COPY) free(map);
        else munmap(map, (size_t)st.st_size);
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    }
    ix->copied = !!(flags & SMP_SEG_COPY);
    ix->map = map;
    ix->size = (size_t)st.st_size;
    if (bytes) *bytes = ix->size;
    if (!(ix->path = strdup(path))) {
        smp_segment_close(ix);
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    }
    int rc = validate(ix, path, flags, err);
    if (rc == IS_MANIFEST && !m)
        rc = CORRUPT("%s: a manifest where a segment was expected", path);
    if (rc == IS_MANIFEST) {
        const span *ms = &ix->sec[SMP_SEC_MANIFEST], *al = &ix->sec[SMP_SEC_ALIASES],
                   *dl = &ix->sec[SMP_SEC_DELETED];
        rc = smp_manifest_parse(ms->p, ms->len, (const char *)al->p, al->len,
                                dl->present ? dl->p : NULL, dl->len, m, path, err);
        smp_segment_close(ix);
        return rc;
    }
    if (rc) {
        smp_segment_close(ix);
        return rc;
    }
    if (m) *m = NULL;
    *out = ix;
    return SMP_OK;
}

int smp_segment_open(smp_segment **out, const char *path, smp_error *err) {
    return open_file(out, NULL, NULL, path, 0, err);
}

int smp_segment_open_flags(smp_segment **out, const char *path, unsigned flags, smp_error *err) {
    return open_file(out, NULL, NULL, path, flags, err);
}

int smp_index_file_open(const char *path, smp_segment **seg, smp_manifest **m, uint64_t *bytes,
                        smp_error *err) {
    return open_file(seg, m, bytes, path, 0, err);
}

int smp_index_file_open_flags(const char *path, unsigned flags, smp_segment **seg,
                              smp_manifest **m, uint64_t *bytes, smp_error *err) {
    return open_file(seg, m, bytes, path, flags, err);
}

uint32_t smp_segment_flags(const smp_segment *ix) { return ix->flags; }


void smp_segment_close(smp_segment *ix) {
    if (!ix) return;
    if (ix->map && ix->copied) free((void *)ix->map);
    else if (ix->map) munmap((void *)ix->map, ix->size);
    free(ix->path);
    free(ix);
}

void smp_segment_info(const smp_segment *ix, smp_index_info *out) {
    memset(out, 0, sizeof *out);
    out->segments = 1;
    out->format_version = ix->version;
    out->language = ix->language;
    out->numbers = !!(ix->analyzer & SMP_AN_NUMBERS);
    out->passages = ix->passages;
    out->articles = ix->articles;
    out->terms = ix->terms;
    out->postings = ix->postings;
    out->source_bytes = ix->source_bytes;
    out->file_bytes = ix->size;
    for (int f = 0; f < 3; f++) out->avg_len[f] = (double)ix->total_len[f] / (double)ix->passages;
    out->nsections = sizeof file_sections / sizeof file_sections[0];
    for (uint32_t i = 0; i < out->nsections; i++)
        out->section_bytes[i] = ix->sec[file_sections[i]].len;
}

uint64_t smp_segment_articles(const smp_segment *ix) { return ix->articles; }
uint64_t smp_segment_source_bytes(const smp_segment *ix) { return ix->source_bytes; }

void smp_segment_total_len(const smp_segment *ix, uint64_t total[3]) {
    for (int f = 0; f < 3; f++) total[f] = ix->total_len[f];
}

const char *smp_section_name(uint32_t i) {
    return i < sizeof file_sections / sizeof file_sections[0] ? section_names[file_sections[i]]
                                                             : NULL;
}

const char *smp_segment_path(const smp_segment *ix) { return ix->path; }
uint64_t smp_segment_passages(const smp_segment *ix) { return ix->passages; }

void smp_segment_aliases(const smp_segment *ix, const char **text, size_t *len) {
    *text = (const char *)ix->sec[SMP_SEC_ALIASES].p;
    *len = ix->sec[SMP_SEC_ALIASES].len;
}
const char *smp_segment_language(const smp_segment *ix) { return ix->language; }
uint32_t smp_segment_analyzer(const smp_segment *ix) { return ix->analyzer; }

int smp_segment_lookup(const smp_segment *ix, const char *term, size_t len,
                     smp_term_info *out) {
    uint64_t lo = 0, hi = ix->terms;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        const char *t;
        size_t tlen;
        uint32_t df;
        if (smp_segment_term_at(ix, mid, &t, &tlen, &df)) return SMP_ECORRUPT;
        int c = smp_term_cmp(t, tlen, term, len);
        if (c == 0) return smp_segment_term_postings(ix, mid, out);
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

int smp_segment_term_postings(const smp_segment *ix, uint64_t i, smp_term_info *out) {
    /* postings run up to the next term's, like the terms do */
    const span *post = &ix->sec[SMP_SEC_POSTINGS];
    const uint8_t *e = ix->sec[SMP_SEC_DICT].p + i * SMP_DICT_ENTRY;
    uint64_t poff = smp_get_u64(e + SMP_DICT_POST_OFF);
    uint64_t pend =
        i + 1 == ix->terms ? post->len : smp_get_u64(e + SMP_DICT_ENTRY + SMP_DICT_POST_OFF);
    uint32_t df = smp_get_u32(e + SMP_DICT_DF);
    if (poff >= pend || pend > post->len || df == 0 || df > ix->passages)
        return SMP_ECORRUPT;
    out->df = df;
    out->post = post->p + poff;
    out->post_len = pend - poff;
    out->pos = NULL;
    out->pos_len = 0;
    const span *pidx = &ix->sec[SMP_SEC_POS_INDEX], *pos = &ix->sec[SMP_SEC_POSITIONS];
    if (pidx->present) {
        const uint8_t *pe = pidx->p + i * SMP_POS_INDEX_ENTRY;
        uint64_t off = smp_get_u64(pe);
        uint64_t end = i + 1 == ix->terms ? pos->len : smp_get_u64(pe + SMP_POS_INDEX_ENTRY);
        if (off > end || end > pos->len) return SMP_ECORRUPT;
        out->pos = pos->p + off;
        out->pos_len = end - off;
    }
    return 1;
}

int smp_segment_raw_section(const smp_segment *ix, uint32_t id, const uint8_t **p, uint64_t *len) {
    *p = NULL;
    *len = 0;
    if (id == 0 || id > SMP_SEC_MAX || !ix->sec[id].present) return 0;
    *p = ix->sec[id].p;
    *len = ix->sec[id].len;
    return 1;
}

int smp_segment_has_positions(const smp_segment *ix) {
    return ix->sec[SMP_SEC_POSITIONS].present;
}

uint64_t smp_segment_terms(const smp_segment *ix) { return ix->terms; }

int smp_segment_term_at(const smp_segment *ix, uint64_t i, const char **term, size_t *len,
                      uint32_t *df) {
    const span *dict = &ix->sec[SMP_SEC_DICT], *terms = &ix->sec[SMP_SEC_TERMS];
    const uint8_t *e = dict->p + i * SMP_DICT_ENTRY;
    uint64_t start = smp_get_u32(e + SMP_DICT_TERM_OFF);
    uint64_t end =
        i + 1 == ix->terms ? terms->len : smp_get_u32(e + SMP_DICT_ENTRY + SMP_DICT_TERM_OFF);
    if (start > end || end > terms->len) {
        *term = "";
        *len = 0;
        *df = 0;
        return SMP_ECORRUPT;
    }
    *term = (const char *)terms->p + start;
    *len = end - start;
    *df = smp_get_u32(e + SMP_DICT_DF);
    return SMP_OK;
}

void smp_segment_doc_lens(const smp_segment *ix, uint32_t doc, uint32_t len[3]) {
    const span *lens = &ix->sec[SMP_SEC_LENS];
    if (lens->present) { /* 6 bytes a passage instead of 48: fewer cache misses */
        smp_lens_get(lens->p + (size_t)doc * SMP_LENS_ENTRY, len);
        if (len[0] < UINT16_MAX && len[1] < UINT16_MAX && len[2] < UINT16_MAX) return;
    }
    const uint8_t *e = ix->sec[SMP_SEC_DOCS].p + (size_t)doc * SMP_DOC_ENTRY + SMP_DOC_LEN;
    for (int f = 0; f < 3; f++) len[f] = smp_get_u32(e + 4 * f);
}

int smp_segment_doc(const smp_segment *ix, uint32_t doc, smp_doc_info *out) {
    if (doc >= ix->passages) return SMP_EINVAL;
    smp_doc_get(ix->sec[SMP_SEC_DOCS].p + (size_t)doc * SMP_DOC_ENTRY, out);
    return out->article >= ix->articles ? SMP_ECORRUPT : SMP_OK;
}

uint32_t smp_segment_doc_article(const smp_segment *ix, uint32_t doc) {
    if (doc >= ix->passages) return UINT32_MAX;
    uint32_t a = smp_get_u32(ix->sec[SMP_SEC_DOCS].p + (size_t)doc * SMP_DOC_ENTRY + SMP_DOC_ARTICLE);
    return a < ix->articles ? a : UINT32_MAX;
}

int smp_segment_article(const smp_segment *ix, uint32_t article, const char **id,
                      const char **title, const char **path) {
    if (article >= ix->articles) return SMP_EINVAL;
    const uint8_t *e = ix->sec[SMP_SEC_ARTICLES].p + (size_t)article * SMP_ARTICLE_ENTRY;
    const span *str = &ix->sec[SMP_SEC_STRINGS];
    uint32_t o[3];
    smp_article_get(e, o);
    for (int k = 0; k < 3; k++) /* the section ends with NUL (checked on open) */
        if (o[k] >= str->len) return SMP_ECORRUPT;
    *id = (const char *)str->p + o[0];
    *title = (const char *)str->p + o[1];
    *path = (const char *)str->p + o[2];
    return SMP_OK;
}

int smp_segment_article_info(const smp_segment *ix, uint32_t article, smp_article_info *out) {
    const char **f[SMP_INFO_FIELDS] = {&out->url,  &out->date,       &out->description,
                                       &out->tags, &out->categories, &out->language};
    for (int k = 0; k < SMP_INFO_FIELDS; k++) *f[k] = "";
    if (article >= ix->articles) return SMP_EINVAL;
    if (!ix->sec[SMP_SEC_INFO].present) return SMP_OK;
    const span *str = &ix->sec[SMP_SEC_STRINGS];
    uint32_t o[SMP_INFO_FIELDS];
    smp_info_get(ix->sec[SMP_SEC_INFO].p + (size_t)article * SMP_INFO_ENTRY, o);
    for (int k = 0; k < SMP_INFO_FIELDS; k++) {
        if (o[k] >= str->len) return SMP_ECORRUPT; /* STRINGS ends with NUL */
        *f[k] = (const char *)str->p + o[k];
    }
    return SMP_OK;
}

int smp_segment_ranking(const smp_segment *ix, double v[SMP_RANKING_NVALUES]) {
    if (!ix->has_ranking) return 0;
    memcpy(v, ix->ranking, sizeof ix->ranking);
    return ix->has_ranking;
}

uint32_t smp_segments_languages(smp_segment *const *segs, size_t n, const char **out,
                                uint32_t max) {
    uint32_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (uint32_t j = 0; j < segs[i]->nlanguages; j++) {
            uint32_t seen = 0;
            while (seen < k && strcmp(out[seen], segs[i]->languages[j])) seen++;
            if (seen == k && k < max) out[k++] = segs[i]->languages[j];
        }
    return k;
}

int smp_segment_fragment(const smp_segment *ix, uint32_t doc, const char **out) {
    *out = "";
    if (doc >= ix->passages) return SMP_EINVAL;
    if (!ix->sec[SMP_SEC_FRAGMENTS].present) return SMP_OK;
    uint32_t o = smp_get_u32(ix->sec[SMP_SEC_FRAGMENTS].p + (size_t)doc * SMP_FRAGMENT_ENTRY);
    if (o >= ix->sec[SMP_SEC_STRINGS].len) return SMP_ECORRUPT;
    *out = (const char *)ix->sec[SMP_SEC_STRINGS].p + o;
    return SMP_OK;
}

void smp_store_reader_init(smp_store_reader *r) {
    for (size_t i = 0; i < SMP_STORE_CACHE; i++) {
        smp_buf_init(&r->block[i]);
        r->cached[i] = -1;
    }
    r->bytes = 0;
    r->dctx = NULL;
    r->ddict = NULL;
}

void smp_store_reader_free(smp_store_reader *r) {
    ZSTD_freeDCtx(r->dctx);
    ZSTD_freeDDict(r->ddict);
    for (size_t i = 0; i < SMP_STORE_CACHE; i++) smp_buf_free(&r->block[i]);
    smp_store_reader_init(r);
}

/* Decompresses store block b into slot i of r. */
static int load_block(const smp_segment *ix, uint32_t b, smp_store_reader *r, size_t i) {
    smp_store_entry se;
    smp_store_get(ix->sec[SMP_SEC_STORE_INDEX].p + (size_t)b * SMP_STORE_ENTRY, &se);
    uint64_t off = se.frame_off;
    uint32_t clen = se.frame_len, rlen = se.raw_len;
    const span *store = &ix->sec[SMP_SEC_STORE], *dict = &ix->sec[SMP_SEC_STORE_DICT];
    smp_buf *blk = &r->block[i];
    r->cached[i] = -1;
    if (off > store->len || clen > store->len - off || rlen > SMP_STORE_RAW_MAX)
        return SMP_ECORRUPT;
    /* a damaged frame header must not drop the checksum: the frame's
       magic (28 B5 2F FD), then its descriptor with bit 2, checksum, set */
    const uint8_t *fr = store->p + off;
    if ((ix->flags & SMP_HFLAG_STORE_CHECKSUMS) &&
        (clen < 5 || fr[0] != 0x28 || fr[1] != 0xB5 || fr[2] != 0x2F || fr[3] != 0xFD ||
         !(fr[4] & 4)))
        return SMP_ECORRUPT;
    smp_buf_reset(blk);
    if (smp_buf_reserve(blk, rlen + 1)) return SMP_ENOMEM;
    if (!r->dctx && !(r->dctx = ZSTD_createDCtx())) return SMP_ENOMEM;
    if (!r->ddict && dict->present && dict->len &&
        !(r->ddict = ZSTD_createDDict(dict->p, dict->len)))
        return SMP_ENOMEM;
    /* room for one byte more than the block should hold, so that a frame
       claiming more is caught rather than cut to fit */
    size_t n = r->ddict ? ZSTD_decompress_usingDDict(r->dctx, blk->p, rlen + 1,
                                                     store->p + off, clen, r->ddict)
                        : ZSTD_decompressDCtx(r->dctx, blk->p, rlen + 1, store->p + off,
                                              clen);
    if (ZSTD_isError(n) || n != rlen) return SMP_ECORRUPT;
    blk->n = rlen;
    r->cached[i] = b;
    return SMP_OK;
}

/* The slot of r holding block b (b % SMP_STORE_CACHE), loaded when it
 * holds another: its index, or -1 with *rc set.  Past
 * SMP_STORE_CACHE_BYTES, the other slots' memory is let go: the cache
 * stays small whatever the passages. */
static long block_slot(const smp_segment *ix, uint32_t b, smp_store_reader *r, int *rc) {
    size_t i = b % SMP_STORE_CACHE;
    if (r->cached[i] == (int64_t)b) return (long)i;
    r->bytes -= r->block[i].alloc;
    *rc = load_block(ix, b, r, i);
    r->bytes += r->block[i].alloc;
    if (r->bytes > SMP_STORE_CACHE_BYTES)
        for (size_t j = 0; j < SMP_STORE_CACHE; j++)
            if (j != i && r->block[j].alloc) {
                r->bytes -= r->block[j].alloc;
                smp_buf_free(&r->block[j]);
                r->cached[j] = -1;
            }
    return *rc ? -1 : (long)i;
}

int smp_segment_passage(const smp_segment *ix, const smp_doc_info *d,
                      smp_store_reader *r, const char **heading,
                      uint32_t *heading_len, const char **text,
                      uint32_t *text_len) {
    if (d->store_block >= ix->nstore_blocks) return SMP_ECORRUPT;
    int rc = SMP_OK;
    long slot = block_slot(ix, d->store_block, r, &rc);
    if (slot < 0) return rc;
    const smp_buf *block = &r->block[slot];
    uint64_t o = d->store_off;
    if (o > block->n || block->n - o < 4) return SMP_ECORRUPT;
    uint32_t hl = smp_get_u32(block->p + o);
    o += 4;
    if (hl > block->n - o || block->n - o - hl < 4) return SMP_ECORRUPT;
    *heading = (const char *)block->p + o;
    *heading_len = hl;
    o += hl;
    uint32_t tl = smp_get_u32(block->p + o);
    o += 4;
    if (tl > block->n - o) return SMP_ECORRUPT;
    *text = (const char *)block->p + o;
    *text_len = tl;
    return SMP_OK;
}

/* --- full verification ------------------------------------------------------ */

/* Every section's checksum, and the reserved bytes of the section table. */
static int check_checksums(const smp_segment *ix, smp_error *err) {
    const char *path = ix->path;
    for (uint32_t i = 0; i < ix->nsec; i++) {
        smp_section e;
        smp_section_get(smp_section_at(ix->table, i), &e);
        uint32_t id = e.id;
        if (e.crc != (uint32_t)crc32_z(0, ix->map + e.offset, e.length))
            return CORRUPT("%s: checksum mismatch in the %s section", path,
                           id >= 1 && id <= SMP_SEC_MAX ? section_names[id] : "unknown");
        if (e.reserved) return CORRUPT("%s: reserved section table bytes are not zero", path);
    }
    return SMP_OK;
}

/* Every article's strings, info strings and passage fragments start
 * inside STRINGS. */
static int check_articles(const smp_segment *ix, smp_error *err) {
    const char *path = ix->path;
    const span *str = &ix->sec[SMP_SEC_STRINGS];
    for (uint64_t a = 0; a < ix->articles; a++) {
        uint32_t o[3];
        smp_article_info in;
        smp_article_get(ix->sec[SMP_SEC_ARTICLES].p + a * SMP_ARTICLE_ENTRY, o);
        for (int k = 0; k < 3; k++)
            if (o[k] >= str->len)
                return CORRUPT("%s: article %llu points outside the strings", path,
                               (unsigned long long)a);
        if (smp_segment_article_info(ix, (uint32_t)a, &in))
            return CORRUPT("%s: the info of article %llu points outside the strings", path,
                           (unsigned long long)a);
    }
    for (uint64_t d = 0; d < ix->passages; d++) {
        const char *f;
        if (smp_segment_fragment(ix, (uint32_t)d, &f))
            return CORRUPT("%s: the fragment of passage %llu points outside the strings", path,
                           (unsigned long long)d);
    }
    return SMP_OK;
}

/* The dictionary: offsets strictly increase inside their sections, the
 * terms are in strictly increasing order, and the document frequencies
 * add up to the postings count. */
static int check_dictionary(const smp_segment *ix, smp_error *err) {
    const char *path = ix->path;
    const span *dict = &ix->sec[SMP_SEC_DICT];
    uint64_t prev_toff = 0, prev_poff = 0, sum_df = 0;
    const char *prev_t = NULL;
    size_t prev_tl = 0;
    for (uint64_t t = 0; t < ix->terms; t++) {
        smp_dict_entry de;
        smp_dict_get(dict->p + t * SMP_DICT_ENTRY, &de);
        uint64_t toff = de.term_off, poff = de.post_off;
        uint32_t df = de.df;
        if ((t == 0 ? toff != 0 || poff != 0
                    : toff <= prev_toff || toff - prev_toff > UINT16_MAX || poff <= prev_poff) ||
            toff >= ix->sec[SMP_SEC_TERMS].len || poff >= ix->sec[SMP_SEC_POSTINGS].len ||
            df == 0 || df > ix->passages)
            return CORRUPT("%s: dictionary entry %llu out of bounds", path,
                           (unsigned long long)t);
        const char *term;
        size_t tl;
        if (smp_segment_term_at(ix, t, &term, &tl, &df) || tl == 0 || tl > UINT16_MAX)
            return CORRUPT("%s: term %llu has a bad length", path, (unsigned long long)t);
        if (prev_t && smp_term_cmp(prev_t, prev_tl, term, tl) >= 0)
            return CORRUPT("%s: dictionary not in order at term %llu", path,
                           (unsigned long long)t);
        prev_t = term;
        prev_tl = tl;
        prev_toff = toff;
        prev_poff = poff;
        sum_df += df;
    }
    if (sum_df != ix->postings)
        return CORRUPT("%s: the postings do not add up to the count in the header", path);
    return SMP_OK;
}

/* Passages refer to existing articles and store blocks, in order. */
static int check_passage_refs(const smp_segment *ix, smp_error *err) {
    const char *path = ix->path;
    uint32_t prev_block = 0;
    for (uint64_t d = 0; d < ix->passages; d++) {
        const uint8_t *e = ix->sec[SMP_SEC_DOCS].p + d * SMP_DOC_ENTRY;
        uint32_t blk = smp_get_u32(e + SMP_DOC_STORE_BLOCK);
        if (smp_get_u32(e + SMP_DOC_ARTICLE) >= ix->articles || blk >= ix->nstore_blocks ||
            blk < prev_block)
            return CORRUPT("%s: passage %llu refers outside the index", path,
                           (unsigned long long)d);
        prev_block = blk;
    }
    return SMP_OK;
}

/* Term t's postings list decodes to df postings, and its positions (if
 * the index has them) decode; its term frequencies are added to lens
 * (3 per passage).  c is scratch. */
static int check_term_postings(const smp_segment *ix, uint64_t t, smp_cursor *c, uint64_t *lens,
                               smp_error *err) {
    const char *path = ix->path;
    memset(c, 0, sizeof *c);
    uint32_t count = 0;
    if (smp_segment_term_postings(ix, t, &c->ti) != 1 || smp_cursor_init(c, ix->passages))
        return CORRUPT("%s: postings of term %llu do not decode", path, (unsigned long long)t);
    smp_pos_reader pr;
    int has_pos = smp_segment_has_positions(ix);
    if (has_pos && smp_pos_init(&pr, &c->ti))
        return CORRUPT("%s: positions of term %llu out of bounds", path, (unsigned long long)t);
    int rc = SMP_OK;
    while (c->doc != UINT32_MAX) {
        for (int f = 0; f < 3; f++) lens[c->doc * 3 + f] += c->tf[f][c->i];
        if (has_pos) {
            const uint32_t *pos;
            uint32_t np;
            if (smp_pos_get(&pr, c, &pos, &np)) {
                rc = CORRUPT("%s: positions of term %llu do not decode", path,
                             (unsigned long long)t);
                break;
            }
        }
        count++;
        if (smp_cursor_next(c, ix->passages)) {
            rc = CORRUPT("%s: postings of term %llu do not decode", path,
                         (unsigned long long)t);
            break;
        }
    }
    if (has_pos) smp_pos_free(&pr);
    if (rc == SMP_OK && count != c->ti.df)
        rc = CORRUPT("%s: term %llu has %u postings, its entry says %u", path,
                     (unsigned long long)t, count, c->ti.df);
    return rc;
}

/* Every postings list, in dictionary order (check_term_postings). */
static int check_postings(const smp_segment *ix, uint64_t *lens, smp_error *err) {
    smp_cursor *c = malloc(sizeof *c);
    if (!c) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    int rc = SMP_OK;
    for (uint64_t t = 0; t < ix->terms && rc == SMP_OK; t++)
        rc = check_term_postings(ix, t, c, lens, err);
    free(c);
    return rc;
}

/* Per passage: its lengths agree with its postings (lens, as summed by
 * check_postings) and the length table, its store block decompresses and
 * its record is whole. */
static int check_passages(const smp_segment *ix, const uint64_t *lens, smp_error *err) {
    const char *path = ix->path;
    const span *ls = &ix->sec[SMP_SEC_LENS];
    int rc = SMP_OK;
    smp_store_reader sr;
    smp_store_reader_init(&sr);
    for (uint64_t d = 0; d < ix->passages && rc == SMP_OK; d++) {
        smp_doc_info di;
        smp_segment_doc(ix, (uint32_t)d, &di);
        /* the LENS entry must be what the writer makes of DOCS */
        uint8_t e[SMP_LENS_ENTRY];
        uint32_t want[3], got[3] = {0, 0, 0};
        smp_lens_put(e, di.len);
        smp_lens_get(e, want);
        if (ls->present) smp_lens_get(ls->p + d * SMP_LENS_ENTRY, got);
        for (int f = 0; f < 3; f++) {
            if (lens[d * 3 + f] != di.len[f] && di.len[f] != UINT32_MAX)
                rc = CORRUPT("%s: passage %llu: its length disagrees with its postings", path,
                             (unsigned long long)d);
            if (ls->present && got[f] != want[f])
                rc = CORRUPT("%s: passage %llu: its length table entry disagrees", path,
                             (unsigned long long)d);
        }
        if (rc) break;
        const char *h, *tx;
        uint32_t hl, tl;
        int r = smp_segment_passage(ix, &di, &sr, &h, &hl, &tx, &tl);
        if (r == SMP_ENOMEM) rc = smp_set_error(err, SMP_ENOMEM, "out of memory");
        else if (r) rc = CORRUPT("%s: the stored text of passage %llu is damaged", path,
                                 (unsigned long long)d);
    }
    smp_store_reader_free(&sr);
    return rc;
}

/* Every checksum, then every structural invariant, then every postings
 * list, positions list and store block decoded and compared with the
 * tables.  Linear in the size of the index. */
int smp_segment_check(const smp_segment *ix, smp_error *err) {
    int rc;
    if ((rc = check_checksums(ix, err)) || (rc = check_articles(ix, err)) ||
        (rc = check_dictionary(ix, err)) || (rc = check_passage_refs(ix, err)))
        return rc;
    uint64_t *lens = calloc(ix->passages * 3, sizeof *lens);
    if (!lens) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    rc = check_postings(ix, lens, err);
    if (rc == SMP_OK) rc = check_passages(ix, lens, err);
    free(lens);
    return rc;
}
