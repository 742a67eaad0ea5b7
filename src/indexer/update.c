/*
 * update.c - incremental updates of a segmented index (layout in
 * manifest.c): only the files that changed are read again.
 *
 * An update walks the paths as a full build would (walk.c).  A file whose
 * size and modification time match its record in the manifest is taken as
 * unchanged without reading it; any other is read and hashed, and one
 * whose content hash still matches only has its time updated.  Changed
 * and new files are indexed into one new segment; the passages of
 * changed and vanished files are marked deleted in their segments.  Then
 * segments are merged by a size-tiered policy (segment merges, not to be
 * confused with merging the runs of one build, runs.c): a segment with
 * more than half of its passages deleted is rewritten, and
 * SEGMENT_MERGE_FACTOR neighbouring segments of the same tier (live
 * passages in [4^t, 4^(t+1))) are merged into one, until neither applies,
 * so a folder updated often keeps a number of segments logarithmic in its
 * size.  A segment merge feeds the live passages of its segments back
 * through the builder (their stored text is the text that was analysed),
 * file by file in the order a full build reads them, which gives the
 * segment a full build of those files would.  Every segment thus holds
 * its files in that order, which index.c (smp_index_order_key) uses to
 * rank passages of equal scores as a full build does.
 *
 * Every new segment file is written and fsync'ed before the manifest that
 * names it replaces the old one (write, fsync, rename); the segments the
 * old manifest alone named are deleted after that.  A reader keeps the
 * files it opened (deleted files stay readable while mapped); a killed
 * update leaves the old manifest and its segments as they were, and its
 * new files are removed by the next writer (lock.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "indexer/indexer.h"

#define SEGMENT_MERGE_FACTOR 4
#define NEW_SEGMENT (UINT32_MAX - 1) /* file record of the segment being built */

typedef struct entry { /* a file the walk found */
    char *path;
    size_t root_len; /* path[root_len..] is its path in the site */
    int fmt;
} entry;

typedef struct upd {
    const char *index_path;
    char *dir, *base; /* INDEX's folder and file name */
    smp_build_options opt;
    smp_update_stats *stats;
    smp_index *old_ix;       /* the index being updated, or NULL */
    const smp_manifest *old; /* its manifest, or NULL */
    /* the new manifest's segments, with their open files */
    smp_mseg *seg;
    const smp_segment **sx;
    smp_segment **owned; /* segments written by this update */
    uint32_t nseg, nowned;
    uint64_t next_id;
    smp_mfile *file;
    uint32_t nfiles;
    entry *ent;
    size_t nent, capent;
    size_t root_len; /* smp_walk_root_len of the path being walked */
    int profiled; /* the walk's HTML pages read ahead (site.c) */
    smp_stemmer *st;
    smp_buf synonyms;
    int touched; /* a file kept with a new modification time */
    smp_error *err;
} upd;

static int nomem(upd *u) { return smp_set_error(u->err, SMP_ENOMEM, "out of memory"); }

static void logu(upd *u, int level, const char *path, const char *msg) {
    if (u->opt.log) u->opt.log(u->opt.ud, level, path, msg);
}

uint64_t smp_content_hash(const void *p, size_t n) {
    uint64_t c = crc32_z(0, p, n), a = adler32_z(1, p, n);
    return c << 32 | a;
}

/* --- segments -------------------------------------------------------------- */

static uint32_t deleted_count(const smp_mseg *s) {
    uint32_t n = 0;
    for (uint32_t k = 0; k < s->ndel; k++) n += s->del[2 * k + 1] - s->del[2 * k];
    return n;
}

/* Marks passages [a, b) of segment s deleted, keeping the ranges sorted
 * and merged. */
static int add_deleted(upd *u, smp_mseg *s, uint32_t a, uint32_t b) {
    uint32_t *d = realloc(s->del, sizeof *d * 2 * ((size_t)s->ndel + 1));
    if (!d) return nomem(u);
    s->del = d;
    uint32_t i = 0;
    while (i < s->ndel && d[2 * i] < a) i++;
    memmove(d + 2 * i + 2, d + 2 * i, sizeof *d * 2 * (s->ndel - i));
    d[2 * i] = a;
    d[2 * i + 1] = b;
    s->ndel++;
    uint32_t o = 0; /* coalesce touching ranges */
    for (uint32_t k = 1; k < s->ndel; k++) {
        if (d[2 * k] <= d[2 * o + 1]) {
            if (d[2 * k + 1] > d[2 * o + 1]) d[2 * o + 1] = d[2 * k + 1];
        } else {
            o++;
            d[2 * o] = d[2 * k];
            d[2 * o + 1] = d[2 * k + 1];
        }
    }
    s->ndel = o + 1;
    return SMP_OK;
}

/* Writes the builder's passages as a new segment file; *name gets its
 * name, *ix the file opened. */
static int write_segment(upd *u, smp_builder *b, char **name, smp_segment **ix) {
    char nm[512], path[4096];
    snprintf(nm, sizeof nm, "%s.seg.%llu", u->base, (unsigned long long)u->next_id++);
    if (snprintf(path, sizeof path, "%s/%s", u->dir, nm) >= (int)sizeof path)
        return smp_set_error(u->err, SMP_EINVAL, "%s: path too long", u->index_path);
    int rc = smp_builder_write(b, path, u->err);
    if (rc == SMP_OK) rc = smp_segment_open(ix, path, u->err);
    if (rc) return rc;
    if (!(*name = strdup(nm))) {
        smp_segment_close(*ix);
        return nomem(u);
    }
    smp_segment **o = realloc(u->owned, sizeof *o * (u->nowned + 1));
    if (!o) {
        smp_segment_close(*ix);
        free(*name);
        unlink(path);
        return nomem(u);
    }
    u->owned = o;
    u->owned[u->nowned++] = *ix;
    return SMP_OK;
}

static smp_builder *new_builder(upd *u, int acronyms) {
    smp_build_options o = u->opt;
    o.synonyms = NULL; /* the manifest keeps the alias groups */
    o.no_acronyms = u->opt.no_acronyms || !acronyms;
    o.run_prefix = u->index_path;
    smp_builder *b;
    if (smp_builder_new(&b, &o, u->err)) return NULL;
    if (acronyms) smp_builder_track_files(b);
    return b;
}

/* Room for one more segment in the arrays. */
static int grow_segments(upd *u) {
    smp_mseg *s = realloc(u->seg, sizeof *s * (u->nseg + 1));
    if (s) u->seg = s;
    const smp_segment **x = realloc(u->sx, sizeof *x * (u->nseg + 1));
    if (x) u->sx = x;
    return s && x ? SMP_OK : nomem(u);
}

/* A segment merge: replaces segments [first, first + n) by one holding
 * their live passages, file by file in their order. */
static int merge_segments(upd *u, uint32_t first, uint32_t n) {
    smp_builder *b = new_builder(u, 0);
    if (!b) return u->err->code;
    /* the files of those segments in the order a full build reads them
       (the file table's), so that the passages of every segment are in
       that order and ties rank as in a full build (index.c) */
    uint32_t *order = malloc(sizeof *order * (u->nfiles + 1)), no = 0;
    if (!order) {
        smp_builder_free(b);
        return nomem(u);
    }
    for (uint32_t i = 0; i < u->nfiles; i++)
        if (u->file[i].seg != SMP_MSEG_NONE && u->file[i].seg >= first &&
            u->file[i].seg < first + n)
            order[no++] = i;
    int rc = SMP_OK;
    smp_store_reader rd;
    smp_store_reader_init(&rd);
    uint32_t passages = 0;
    for (uint32_t k = 0; k < no && rc == SMP_OK; k++) {
        smp_mfile *f = &u->file[order[k]];
        const smp_segment *ix = u->sx[f->seg];
        if (k == 0 || f->seg != u->file[order[k - 1]].seg) { /* another store */
            smp_store_reader_free(&rd);
            smp_store_reader_init(&rd);
        }
        uint32_t new_first = passages;
        for (uint32_t d = f->first_doc; d < f->first_doc + f->ndocs && rc == SMP_OK; d++) {
            smp_doc_info di;
            smp_passage p;
            uint32_t hl, tl;
            rc = smp_segment_doc(ix, d, &di);
            smp_article_info info;
            if (rc == SMP_OK)
                rc = smp_segment_article(ix, di.article, &p.article_id, &p.title, &p.path);
            if (rc == SMP_OK) rc = smp_segment_article_info(ix, di.article, &info);
            if (rc == SMP_OK) rc = smp_segment_fragment(ix, d, &p.fragment);
            p.info = &info;
            if (rc == SMP_OK) rc = smp_segment_passage(ix, &di, &rd, &p.heading, &hl, &p.text, &tl);
            if (rc) {
                rc = smp_set_error(u->err, rc, "%s: cannot read passage %u of a segment: %s",
                                   u->index_path, d, smp_strerror(rc));
                break;
            }
            /* the builder reads the heading as a C string */
            char *heading = strndup(p.heading, hl);
            if (!heading) {
                rc = nomem(u);
                break;
            }
            p.heading = heading;
            p.text_len = tl;
            p.ordinal = di.ordinal;
            p.line = di.line;
            p.byte_start = di.byte_start;
            p.byte_end = di.byte_end;
            rc = smp_builder_add_passage(b, &p, d == f->first_doc, u->err);
            free(heading);
            passages++;
        }
        f->first_doc = new_first;
        f->seg = NEW_SEGMENT;
    }
    smp_store_reader_free(&rd);
    free(order);
    char *name = NULL;
    smp_segment *ix = NULL;
    if (rc == SMP_OK && passages) rc = write_segment(u, b, &name, &ix);
    smp_builder_free(b);
    if (rc) return rc;
    for (uint32_t s = first; s < first + n; s++) smp_mseg_free_fields(&u->seg[s]);
    uint32_t keep = passages ? 1 : 0; /* segments in place of the n */
    if (keep) {
        u->seg[first] = (smp_mseg){.name = name, .passages = passages};
        u->sx[first] = ix;
    }
    memmove(u->seg + first + keep, u->seg + first + n, sizeof *u->seg * (u->nseg - first - n));
    memmove(u->sx + first + keep, u->sx + first + n, sizeof *u->sx * (u->nseg - first - n));
    u->nseg -= n - keep;
    for (uint32_t i = 0; i < u->nfiles; i++) {
        smp_mfile *f = &u->file[i];
        if (f->seg == NEW_SEGMENT) f->seg = first;
        else if (f->seg != SMP_MSEG_NONE && f->seg >= first + n) f->seg -= n - keep;
    }
    u->stats->merges++;
    return SMP_OK;
}

static int tier(uint64_t live) {
    int t = 0;
    while (live >= SEGMENT_MERGE_FACTOR) live /= SEGMENT_MERGE_FACTOR, t++;
    return t;
}

/* The size-tiered policy of segment merges (see the top of the file). */
static int segment_merge_policy(upd *u) {
    for (;;) {
        int rc = SMP_OK, done = 1;
        for (uint32_t i = 0; i < u->nseg && done; i++)
            if (2 * (uint64_t)deleted_count(&u->seg[i]) > u->seg[i].passages) {
                rc = merge_segments(u, i, 1);
                done = 0;
            }
        for (uint32_t i = 0; done && i + SEGMENT_MERGE_FACTOR <= u->nseg; i++) {
            int t = tier(u->seg[i].passages - deleted_count(&u->seg[i])), same = 1;
            for (uint32_t k = 1; k < SEGMENT_MERGE_FACTOR; k++)
                same &= tier(u->seg[i + k].passages - deleted_count(&u->seg[i + k])) == t;
            if (same) {
                rc = merge_segments(u, i, SEGMENT_MERGE_FACTOR);
                done = 0;
            }
        }
        if (rc || done) return rc;
    }
}

/* --- the walk ---------------------------------------------------------- */

static int on_walk(void *ud, int kind, const char *path, int fmt, const char *why) {
    upd *u = ud;
    char msg[600];
    switch (kind) {
    case SMP_WALK_FILE:
        if (u->nent == u->capent) {
            size_t nc = u->capent ? 2 * u->capent : 64;
            entry *e = realloc(u->ent, sizeof *e * nc);
            if (!e) return nomem(u);
            u->ent = e;
            u->capent = nc;
        }
        if (!(u->ent[u->nent].path = strdup(path))) return nomem(u);
        u->ent[u->nent].root_len = u->root_len;
        u->ent[u->nent++].fmt = fmt;
        return SMP_OK;
    case SMP_WALK_SYNONYMS: {
        int rc = smp_synonyms_load(path, u->st, &u->synonyms, u->err);
        if (rc == SMP_OK) logu(u, SMP_LOG_INFO, path, "read as the synonym list");
        return rc;
    }
    case SMP_WALK_OTHER: /* a file no build reads: a full build names them */
        return SMP_OK;
    case SMP_WALK_LINKS:
        logu(u, SMP_LOG_WARN, path, why);
        return SMP_OK;
    case SMP_WALK_SKIP_FILE:
        u->stats->files_seen++;
        /* fall through */
    case SMP_WALK_SKIP_DIR:
        u->stats->files_skipped++;
        /* fall through */
    default:
        snprintf(msg, sizeof msg, "skipped: %s", why);
        logu(u, SMP_LOG_WARN, path, msg);
        return SMP_OK;
    }
}

/* --- files ----------------------------------------------------------------- */

/* The old manifest's files sorted by path, for lookups. */
typedef struct old_file {
    const char *path;
    uint32_t i;
} old_file;

static int cmp_old(const void *a, const void *b) {
    return strcmp(((const old_file *)a)->path, ((const old_file *)b)->path);
}

static long find_old(const old_file *of, uint32_t n, const char *path) {
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(of[mid].path, path);
        if (c == 0) return of[mid].i;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

static int copy_record(upd *u, smp_mfile *dst, const smp_mfile *src) {
    *dst = *src;
    dst->path = strdup(src->path);
    dst->acr = calloc(src->nacr + 1, sizeof *dst->acr);
    dst->nacr = 0;
    if (!dst->path || !dst->acr) return nomem(u);
    for (uint32_t k = 0; k < src->nacr; k++) {
        smp_macr *a = &dst->acr[dst->nacr];
        a->acr = strdup(src->acr[k].acr);
        a->long_form = strdup(src->acr[k].long_form);
        a->count = src->acr[k].count;
        if (!a->acr || !a->long_form) {
            free(a->acr);
            free(a->long_form);
            return nomem(u);
        }
        dst->nacr++;
    }
    return SMP_OK;
}

/* Reads a file whole: 1 and *buf when it can be used, 0 when it was
 * skipped (logged and counted), or an error. */
static int read_file(upd *u, const char *path, struct stat *st, char **buf) {
    char why[400], msg[420];
    int got = smp_read_input(path, u->opt.max_file_size, st, buf, why, sizeof why);
    if (got == SMP_ENOMEM) return nomem(u);
    if (got == 0) {
        snprintf(msg, sizeof msg, "skipped: %s", why);
        u->stats->files_skipped++;
        logu(u, SMP_LOG_WARN, path, msg);
    }
    return got;
}

/* Indexes a new or changed file (buf, st) into the new segment with b and
 * fills its record f; frees buf. */
static int index_file(upd *u, smp_builder *b, const entry *ent, const smp_mfile *old,
                      smp_mfile *f, const struct stat *st, char *buf, uint64_t hash) {
    const char *path = ent->path;
    smp_build_stats before, after;
    int rc = SMP_OK;
    if (ent->fmt == 'h' && !u->profiled) {
        /* the first changed page: the rules of a whole website need all of
           its pages, changed or not, as the walk found them */
        u->profiled = 1;
        const char **html = malloc((u->nent + 1) * sizeof *html);
        size_t n = 0;
        if (!html) rc = nomem(u);
        for (size_t i = 0; html && i < u->nent; i++)
            if (u->ent[i].fmt == 'h') html[n++] = u->ent[i].path;
        if (rc == SMP_OK) rc = smp_builder_profile_sites(b, html, n, u->err);
        free(html);
        if (rc) {
            free(buf);
            return rc;
        }
    }
    smp_builder_stats(b, &before);
    rc = smp_builder_add_data(b, path, ent->root_len, ent->fmt, buf, (size_t)st->st_size,
                              u->err);
    free(buf);
    if (rc) return rc;
    smp_builder_stats(b, &after);
    if (!(f->path = strdup(path))) return nomem(u);
    u->nfiles++;
    f->size = (uint64_t)st->st_size;
    f->mtime_s = st->st_mtim.tv_sec;
    f->mtime_ns = (uint32_t)st->st_mtim.tv_nsec;
    f->hash = hash;
    f->ndocs = (uint32_t)(after.passages - before.passages);
    f->first_doc = f->ndocs ? (uint32_t)before.passages : 0;
    f->narticles = (uint32_t)(after.articles - before.articles);
    f->bytes = after.bytes_read - before.bytes_read;
    f->seg = f->ndocs ? NEW_SEGMENT : SMP_MSEG_NONE;
    smp_builder_file_acronyms(b, &f->acr, &f->nacr);
    if (after.files_skipped > before.files_skipped) u->stats->files_skipped++;
    if (old) u->stats->files_changed++;
    else u->stats->files_added++;
    u->stats->passages_added += f->ndocs;
    return SMP_OK;
}

/* One file the walk found: its old record (of, nold) kept when its size
 * and time match, or else its content hash (with the new time), and
 * otherwise indexed by b (index_file).  seen[o] marks the old record o
 * found, kept[o] one kept. */
static int update_file(upd *u, smp_builder *b, const entry *ent, const old_file *of,
                       uint32_t nold, uint8_t *kept, uint8_t *seen) {
    const char *path = ent->path;
    long o = find_old(of, nold, path);
    const smp_mfile *old = o >= 0 ? &u->old->file[o] : NULL;
    if (old) seen[o] = 1;
    struct stat st;
    smp_mfile *f = &u->file[u->nfiles];
    int rc;
    u->stats->files_seen++;
    if (old && stat(path, &st) == 0 && (uint64_t)st.st_size == old->size &&
        st.st_mtim.tv_sec == old->mtime_s && (uint32_t)st.st_mtim.tv_nsec == old->mtime_ns) {
        if ((rc = copy_record(u, f, old))) return rc;
        u->nfiles++;
        kept[o] = 1;
        u->stats->files_unchanged++;
        return SMP_OK;
    }
    char *buf;
    int got = read_file(u, path, &st, &buf);
    if (got <= 0) return got;
    uint64_t hash = smp_content_hash(buf, (size_t)st.st_size);
    if (old && old->hash == hash && old->size == (uint64_t)st.st_size) {
        free(buf);
        if ((rc = copy_record(u, f, old))) return rc;
        f->mtime_s = st.st_mtim.tv_sec;
        f->mtime_ns = (uint32_t)st.st_mtim.tv_nsec;
        u->nfiles++;
        kept[o] = 1;
        u->touched = 1;
        u->stats->files_unchanged++;
        return SMP_OK;
    }
    return index_file(u, b, ent, old, f, &st, buf, hash);
}

/* Marks deleted, in old segment s, the passages of its files not kept,
 * and records the terms they held. */
static int delete_old_passages(upd *u, uint32_t s, const uint8_t *kept) {
    int rc = SMP_OK;
    smp_termbag bag = {0};
    smp_store_reader rd;
    smp_store_reader_init(&rd);
    for (uint32_t i = 0; i < u->old->nfiles && rc == SMP_OK; i++) {
        const smp_mfile *f = &u->old->file[i];
        if (kept[i] || f->seg != s) continue;
        u->stats->passages_deleted += f->ndocs;
        rc = add_deleted(u, &u->seg[s], f->first_doc, f->first_doc + f->ndocs);
        if (rc == SMP_OK) {
            rc = smp_deleted_terms(u->sx[s], u->st, f->first_doc, f->first_doc + f->ndocs,
                                   &bag, &rd);
            if (rc == SMP_ENOMEM) rc = nomem(u);
            else if (rc)
                rc = smp_set_error(u->err, rc, "%s: cannot read the passages of %s: %s",
                                   u->index_path, f->path, smp_strerror(rc));
        }
    }
    if (rc == SMP_OK && bag.n && smp_mseg_add_terms(&u->seg[s], &bag)) rc = nomem(u);
    smp_termbag_free(&bag);
    smp_store_reader_free(&rd);
    return rc;
}

/* Writes the passages of b, if any, as the new segment, which the
 * records of the files indexed into it then name. */
static int add_new_segment(upd *u, smp_builder *b) {
    smp_build_stats bs;
    smp_builder_stats(b, &bs);
    if (!bs.passages) return SMP_OK;
    char *name;
    smp_segment *ix;
    int rc;
    if ((rc = grow_segments(u)) == SMP_OK && (rc = write_segment(u, b, &name, &ix)) == SMP_OK) {
        u->seg[u->nseg] = (smp_mseg){.name = name, .passages = (uint32_t)bs.passages};
        u->sx[u->nseg] = ix;
        for (uint32_t i = 0; i < u->nfiles; i++)
            if (u->file[i].seg == NEW_SEGMENT) u->file[i].seg = u->nseg;
        u->nseg++;
    }
    return rc;
}

/* The new file table, and the new segment of the changed files. */
static int update_files(upd *u) {
    uint32_t nold = u->old ? u->old->nfiles : 0;
    old_file *of = malloc(sizeof *of * (nold + 1));
    uint8_t *kept = calloc(nold + 1, 1), *seen = calloc(nold + 1, 1);
    u->file = calloc(u->nent + 1, sizeof *u->file);
    if (!of || !kept || !seen || !u->file) {
        free(of);
        free(kept);
        free(seen);
        return nomem(u);
    }
    for (uint32_t i = 0; i < nold; i++) of[i] = (old_file){u->old->file[i].path, i};
    if (nold) qsort(of, nold, sizeof *of, cmp_old);
    smp_builder *b = new_builder(u, 1);
    int rc = b ? SMP_OK : u->err->code;
    for (size_t e = 0; e < u->nent && rc == SMP_OK; e++)
        rc = update_file(u, b, &u->ent[e], of, nold, kept, seen);
    /* the passages of changed and vanished files are deleted, segment by
       segment, with the terms they held */
    for (uint32_t s = 0; u->old && s < u->old->nseg && rc == SMP_OK; s++)
        rc = delete_old_passages(u, s, kept);
    for (uint32_t i = 0; i < nold; i++)
        if (!kept[i] && !seen[i]) u->stats->files_deleted++;
    free(of);
    free(kept);
    free(seen);
    if (rc == SMP_OK && b) rc = add_new_segment(u, b);
    smp_builder_free(b);
    return rc;
}

/* --- the whole update ------------------------------------------------------ */

/* The manifest's flags (SMP_MFLAG_*) of the build options, and back: the
 * one place that pairs each flag with its option. */
static uint32_t options_to_flags(const smp_build_options *o) {
    return (o->no_positions ? SMP_MFLAG_NO_POSITIONS : 0) |
           (o->no_acronyms ? SMP_MFLAG_NO_ACRONYMS : 0) |
           (o->no_numbers ? 0 : SMP_MFLAG_NUMBERS) |
           (o->no_heading_path ? SMP_MFLAG_NO_HEADING_PATH : 0);
}

static void flags_to_options(uint32_t flags, smp_build_options *o) {
    o->no_positions = !!(flags & SMP_MFLAG_NO_POSITIONS);
    o->no_acronyms = !!(flags & SMP_MFLAG_NO_ACRONYMS);
    o->no_numbers = !(flags & SMP_MFLAG_NUMBERS);
    o->no_heading_path = !!(flags & SMP_MFLAG_NO_HEADING_PATH);
}

static int same_options(const smp_manifest *m, const smp_build_options *o) {
    return !strcmp(m->language, o->language ? o->language : SMP_DEFAULT_LANGUAGE) &&
           m->max_words == o->max_words && m->overlap_words == o->overlap_words &&
           m->min_words == o->min_words && m->flags == options_to_flags(o);
}

/* Opens the index being updated and takes over its segments. */
static int load_old(upd *u, int optimize) {
    smp_error e;
    int rc = smp_index_open(&u->old_ix, u->index_path, &e);
    if (rc == SMP_ENOTFOUND && !optimize) return SMP_OK;
    if (rc) {
        *u->err = e;
        return rc;
    }
    u->old = smp_index_manifest(u->old_ix);
    if (!u->old && optimize)
        return smp_set_error(u->err, SMP_EINVAL,
                             "%s is a single index file: nothing to optimize", u->index_path);
    if (!u->old) {
        logu(u, SMP_LOG_INFO, u->index_path,
             "a single index file: replaced by a segmented index of every file");
        return SMP_OK;
    }
    if (optimize) { /* the options of the index itself */
        u->opt.language = u->old->language;
        u->opt.max_words = u->old->max_words;
        u->opt.overlap_words = u->old->overlap_words;
        u->opt.min_words = u->old->min_words;
        flags_to_options(u->old->flags, &u->opt);
    } else if (!same_options(u->old, &u->opt)) {
        logu(u, SMP_LOG_INFO, u->index_path,
             "build options differ from the index's: every file is indexed again");
        u->old = NULL;
        return SMP_OK;
    }
    u->next_id = u->old->next_id;
    u->seg = calloc(u->old->nseg + 1, sizeof *u->seg);
    u->sx = calloc(u->old->nseg + 1, sizeof *u->sx);
    if (!u->seg || !u->sx) return nomem(u);
    for (uint32_t i = 0; i < u->old->nseg; i++) {
        if (smp_mseg_copy(&u->seg[u->nseg], &u->old->seg[i])) return nomem(u);
        u->sx[u->nseg++] = smp_index_segment(u->old_ix, i)->seg;
    }
    return SMP_OK;
}

/* The alias groups: synonym lists, then the acronyms of the live files
 * (their definitions added up in file order, as a full build counts them). */
static int build_aliases(upd *u, smp_buf *out) {
    smp_buf_append(out, u->synonyms.p, u->synonyms.n);
    size_t n = 0;
    for (uint32_t i = 0; i < u->nfiles; i++) n += u->file[i].nacr;
    smp_macr *all = calloc(n + 1, sizeof *all);
    if (!all) return nomem(u);
    size_t m = 0;
    for (uint32_t i = 0; i < u->nfiles; i++)
        for (uint32_t k = 0; k < u->file[i].nacr; k++) {
            const smp_macr *a = &u->file[i].acr[k];
            size_t j;
            for (j = 0; j < m; j++)
                if (!strcmp(all[j].acr, a->acr) && !strcmp(all[j].long_form, a->long_form)) break;
            if (j == m) all[m++] = (smp_macr){a->acr, a->long_form, 0};
            all[j].count += a->count;
        }
    int rc = smp_alias_acronyms(out, u->st, all, m);
    free(all);
    return rc ? nomem(u) : SMP_OK;
}

/* 1 when the update found nothing to change: the manifest in place stays
 * (an update from cron over a quiet folder writes nothing). */
static int unchanged(const upd *u, const smp_buf *aliases) {
    const smp_manifest *o = u->old;
    const smp_update_stats *st = u->stats;
    if (!o || u->touched || st->files_changed || st->files_added || st->files_deleted ||
        st->merges || st->passages_deleted || u->nfiles != o->nfiles || u->nseg != o->nseg ||
        aliases->n != o->alen || (o->alen && memcmp(aliases->p, o->aliases, o->alen)))
        return 0;
    for (uint32_t i = 0; i < u->nfiles; i++)
        if (strcmp(u->file[i].path, o->file[i].path)) return 0;
    return 1;
}

static int write_manifest(upd *u) {
    smp_manifest m;
    memset(&m, 0, sizeof m);
    m.generation = u->old ? u->old->generation + 1 : 1;
    m.next_id = u->next_id;
    snprintf(m.language, sizeof m.language, "%s", u->opt.language);
    m.max_words = u->opt.max_words;
    m.overlap_words = u->opt.overlap_words;
    m.min_words = u->opt.min_words;
    m.flags = options_to_flags(&u->opt);
    m.seg = u->seg;
    m.nseg = u->nseg;
    m.file = u->file;
    m.nfiles = u->nfiles;
    smp_buf al;
    smp_buf_init(&al);
    int rc = build_aliases(u, &al);
    m.aliases = (char *)al.p;
    m.alen = al.n;
    if (rc == SMP_OK && !unchanged(u, &al)) rc = smp_manifest_write(&m, u->index_path, u->err);
    smp_buf_free(&al);
    return rc;
}

/* Deletes the old manifest's segments that the new one does not name. */
static void remove_replaced(upd *u) {
    for (uint32_t i = 0; u->old && i < u->old->nseg; i++) {
        int used = 0;
        for (uint32_t k = 0; k < u->nseg && !used; k++)
            used = !strcmp(u->seg[k].name, u->old->seg[i].name);
        char path[4096];
        if (!used && snprintf(path, sizeof path, "%s/%s", u->dir, u->old->seg[i].name) <
                         (int)sizeof path)
            unlink(path);
    }
}

static void free_upd(upd *u) {
    smp_msegs_free(u->seg, u->nseg);
    free(u->sx);
    for (uint32_t i = 0; i < u->nowned; i++) smp_segment_close(u->owned[i]);
    free(u->owned);
    smp_mfiles_free(u->file, u->nfiles);
    for (size_t i = 0; i < u->nent; i++) free(u->ent[i].path);
    free(u->ent);
    smp_stemmer_free(u->st);
    smp_buf_free(&u->synonyms);
    smp_index_close(u->old_ix);
    free(u->dir);
    free(u->base);
}

/* An update of the index at index_path from paths, or (optimize) the
 * merge of all its segments into one. */
static int update_index(const char *index_path, const char *const *paths, size_t npaths,
                        const smp_build_options *opt, smp_update_stats *stats, int optimize,
                        smp_error *err) {
    smp_error ignored; /* err may be NULL: the code below reads u.err->code */
    if (!err) err = &ignored;
    smp_update_stats dummy;
    if (!stats) stats = &dummy;
    memset(stats, 0, sizeof *stats);
    upd u;
    memset(&u, 0, sizeof u);
    smp_build_options defaults;
    if (!opt) {
        smp_build_options_init(&defaults);
        opt = &defaults;
    }
    u.index_path = index_path;
    u.opt = *opt;
    if (!u.opt.language) u.opt.language = SMP_DEFAULT_LANGUAGE;
    u.stats = stats;
    u.err = err;
    smp_buf_init(&u.synonyms);
    char *d = strdup(index_path), *b = strdup(index_path);
    if (d && b) {
        u.dir = strdup(dirname(d));
        u.base = strdup(basename(b));
    }
    free(d);
    free(b);
    int rc = u.dir && u.base ? SMP_OK : nomem(&u);
    if (rc == SMP_OK) rc = load_old(&u, optimize);
    if (rc == SMP_OK) rc = smp_stemmer_new(&u.st, u.opt.language, err);
    if (rc == SMP_OK) smp_stemmer_set_analyzer(u.st, u.opt.no_numbers ? 0 : SMP_AN_NUMBERS);
    if (rc == SMP_OK && !optimize && opt->synonyms) /* as a build reads it: first */
        rc = smp_synonyms_load(opt->synonyms, u.st, &u.synonyms, err);
    if (rc == SMP_OK && optimize) {
        /* keep the file table and alias groups as they are */
        u.file = calloc(u.old->nfiles + 1, sizeof *u.file);
        if (!u.file) rc = nomem(&u);
        for (uint32_t i = 0; rc == SMP_OK && i < u.old->nfiles; i++)
            if ((rc = copy_record(&u, &u.file[i], &u.old->file[i])) == SMP_OK) u.nfiles++;
        int dirty = u.nseg > 1;
        for (uint32_t i = 0; i < u.nseg; i++) dirty |= u.seg[i].ndel > 0;
        if (rc == SMP_OK && dirty) rc = merge_segments(&u, 0, u.nseg);
    } else if (rc == SMP_OK) {
        for (size_t i = 0; i < npaths && rc == SMP_OK; i++) {
            u.root_len = smp_walk_root_len(paths[i]);
            rc = smp_walk(paths[i], u.opt.follow_links ? SMP_WALK_FOLLOW_LINKS : 0, on_walk, &u,
                          err);
        }
        if (rc == SMP_OK) rc = update_files(&u);
        if (rc == SMP_OK) rc = segment_merge_policy(&u);
    }
    uint64_t live = 0;
    for (uint32_t i = 0; i < u.nseg; i++) live += u.seg[i].passages - deleted_count(&u.seg[i]);
    if (rc == SMP_OK && live == 0) rc = smp_set_error(err, SMP_EEMPTY, "no passages to index");
    if (rc == SMP_OK) {
        if (optimize) { /* the old alias groups stay */
            smp_manifest m = *u.old;
            m.generation++;
            m.next_id = u.next_id;
            m.seg = u.seg;
            m.nseg = u.nseg;
            m.file = u.file;
            m.nfiles = u.nfiles;
            rc = smp_manifest_write(&m, index_path, err);
        } else {
            rc = write_manifest(&u);
        }
    }
    if (rc == SMP_OK) {
        remove_replaced(&u);
        stats->segments = u.nseg;
        stats->passages = live;
    } else { /* the new segments are not named by any manifest */
        for (uint32_t i = 0; i < u.nowned; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s", smp_segment_path(u.owned[i]));
            smp_segment_close(u.owned[i]);
            u.owned[i] = NULL;
            unlink(path);
        }
    }
    free_upd(&u);
    return rc;
}

int smp_index_update(const char *index_path, const char *const *paths, size_t npaths,
                     const smp_build_options *opt, smp_update_stats *stats, smp_error *err) {
    if (!index_path || (npaths && !paths))
        return smp_set_error(err, SMP_EINVAL, "no index path or no input paths");
    return update_index(index_path, paths, npaths, opt, stats, 0, err);
}

int smp_index_optimize(const char *index_path, smp_update_stats *stats, smp_error *err) {
    if (!index_path) return smp_set_error(err, SMP_EINVAL, "no index path");
    return update_index(index_path, NULL, 0, NULL, stats, 1, err);
}
