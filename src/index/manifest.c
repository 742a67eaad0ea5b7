/*
 * manifest.c - the manifest of a segmented index: which segment files make
 * up the index, which of their passages are deleted, and what each source
 * file contributed (so an update knows what changed).
 *
 * An index built by `smpsearch index --update` is a set of immutable
 * segment files (each an ordinary index file, format in write.c,
 * named INDEX.seg.N beside INDEX) and INDEX itself, the manifest: an
 * index file in the same container (header, section table with CRC-32s,
 * footer) holding these sections and no others: MANIFEST and ALIASES
 * always, and DELETED when some segment has deleted passages:
 *
 * MANIFEST (id 15), all integers little-endian, strings as u32 length
 * then bytes (no NUL):
 *    u32 manifest version (1)
 *    u64 generation (1 for the first manifest, +1 for each one after)
 *    u64 next segment number
 *    str stemmer language
 *    u32 max_words, u32 overlap_words, u32 min_words, u32 flags
 *        (1: no positions, 2: no acronyms, 4: numbers as numbers.c reads
 *        them, 8: no heading paths): the build options, which an
 *        update must share with the segments it adds to
 *    u32 number of segments, then per segment, in passage order:
 *        str file name (in INDEX's folder)
 *        u32 passages in the file, u32 ranges of deleted passages R,
 *        R x (u32 first, u32 end): ascending, disjoint, non-empty
 *    u32 number of source files, then per file, in the order a full build
 *    reads them (walk.c):
 *        str path, u64 size, i64 mtime seconds, u32 mtime nanoseconds,
 *        u64 content hash (CRC-32 and Adler-32 of the bytes, high and low
 *        halves), u64 source bytes indexed,
 *        u32 segment + 1 (0: the file gave no passage), u32 first passage
 *        in the segment, u32 passages, u32 articles,
 *        u32 acronym definitions A, A x (str acronym, str long form,
 *        u32 count): what acronym.c found in the file's passages
 * ALIASES (id 10): the alias groups of the whole index (synonym lists,
 * then the acronyms of the live files), as in an index file.
 * DELETED (id 16), present when a segment has deleted passages: for each
 * segment in order, the terms of its deleted passages with how many of
 * them hold each, so that document frequencies over the live passages
 * cost a lookup (index.c):
 *    u32 T, T x u32 count, T x u32 end of the term's bytes in the blob
 *    (cumulative), u32 blob length, blob: the terms back to back, in the
 *    dictionary's order (smp_term_cmp), each once.
 *
 * Readers open INDEX, see the MANIFEST section, and open the segments it
 * names; writers replace INDEX atomically (file_out.c) and delete a
 * segment file only after the manifest naming it has been replaced.
 */
#include <stdlib.h>
#include <string.h>

#include "index/format.h"
#include "index/index.h"

/* --- writing -------------------------------------------------------------- */

static void put_str(smp_buf *b, const char *s) {
    size_t n = strlen(s);
    smp_buf_put_u32(b, (uint32_t)n);
    smp_buf_append(b, s, n);
}

int smp_manifest_encode(const smp_manifest *m, smp_buf *b) {
    smp_buf_put_u32(b, SMP_MANIFEST_VERSION);
    smp_buf_put_u64(b, m->generation);
    smp_buf_put_u64(b, m->next_id);
    put_str(b, m->language);
    smp_buf_put_u32(b, m->max_words);
    smp_buf_put_u32(b, m->overlap_words);
    smp_buf_put_u32(b, m->min_words);
    smp_buf_put_u32(b, m->flags);
    smp_buf_put_u32(b, m->nseg);
    for (uint32_t i = 0; i < m->nseg; i++) {
        const smp_mseg *s = &m->seg[i];
        put_str(b, s->name);
        smp_buf_put_u32(b, s->passages);
        smp_buf_put_u32(b, s->ndel);
        for (uint32_t k = 0; k < 2 * s->ndel; k++) smp_buf_put_u32(b, s->del[k]);
    }
    smp_buf_put_u32(b, m->nfiles);
    for (uint32_t i = 0; i < m->nfiles; i++) {
        const smp_mfile *f = &m->file[i];
        put_str(b, f->path);
        smp_buf_put_u64(b, f->size);
        smp_buf_put_u64(b, (uint64_t)f->mtime_s);
        smp_buf_put_u32(b, f->mtime_ns);
        smp_buf_put_u64(b, f->hash);
        smp_buf_put_u64(b, f->bytes);
        smp_buf_put_u32(b, f->seg == SMP_MSEG_NONE ? 0 : f->seg + 1);
        smp_buf_put_u32(b, f->first_doc);
        smp_buf_put_u32(b, f->ndocs);
        smp_buf_put_u32(b, f->narticles);
        smp_buf_put_u32(b, f->nacr);
        for (uint32_t k = 0; k < f->nacr; k++) {
            put_str(b, f->acr[k].acr);
            put_str(b, f->acr[k].long_form);
            smp_buf_put_u32(b, f->acr[k].count);
        }
    }
    return b->rc;
}

static void encode_deleted(const smp_manifest *m, smp_buf *b) {
    for (uint32_t i = 0; i < m->nseg; i++) {
        const smp_mseg *s = &m->seg[i];
        smp_buf_put_u32(b, s->ndt);
        for (uint32_t k = 0; k < s->ndt; k++) smp_buf_put_u32(b, s->dcount[k]);
        for (uint32_t k = 0; k < s->ndt; k++) smp_buf_put_u32(b, s->dend[k]);
        uint32_t blen = s->ndt ? s->dend[s->ndt - 1] : 0;
        smp_buf_put_u32(b, blen);
        smp_buf_append(b, s->dblob, blen);
    }
}

int smp_manifest_write(const smp_manifest *m, const char *path, smp_error *err) {
    smp_buf b, d;
    smp_buf_init(&b);
    smp_buf_init(&d);
    int deletions = 0;
    for (uint32_t i = 0; i < m->nseg; i++) deletions |= m->seg[i].ndel > 0;
    smp_manifest_encode(m, &b);
    if (deletions) encode_deleted(m, &d);
    if (b.rc || d.rc) {
        smp_buf_free(&b);
        smp_buf_free(&d);
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    }
    smp_out *o;
    int rc = smp_out_open(&o, path, 3, err);
    if (rc == SMP_OK) {
        smp_out_section(o, SMP_SEC_MANIFEST, b.p, b.n);
        smp_out_section(o, SMP_SEC_ALIASES, m->aliases ? m->aliases : "", m->alen);
        if (deletions) smp_out_section(o, SMP_SEC_DELETED, d.p, d.n);
        rc = smp_out_commit(o, err);
    }
    smp_buf_free(&b);
    smp_buf_free(&d);
    return rc;
}

uint32_t smp_mseg_deleted(const smp_mseg *s, const char *term, size_t len) {
    uint32_t lo = 0, hi = s->ndt;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2, start = mid ? s->dend[mid - 1] : 0;
        int c = smp_term_cmp(s->dblob + start, s->dend[mid] - start, term, len);
        if (c == 0) return s->dcount[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}


/* --- reading -------------------------------------------------------------- */

typedef struct rd {
    const uint8_t *p;
    size_t n, at;
    int bad;
} rd;

static uint32_t get32(rd *r) {
    if (r->bad || r->n - r->at < 4) { r->bad = 1; return 0; }
    uint32_t v = smp_get_u32(r->p + r->at);
    r->at += 4;
    return v;
}

static uint64_t get64(rd *r) {
    if (r->bad || r->n - r->at < 8) { r->bad = 1; return 0; }
    uint64_t v = smp_get_u64(r->p + r->at);
    r->at += 8;
    return v;
}

/* A counted array of at most what the bytes left could hold. */
static uint32_t get_count(rd *r, size_t min_size) {
    uint32_t n = get32(r);
    if (n > (r->n - r->at) / min_size) r->bad = 1;
    return r->bad ? 0 : n;
}

static char *get_str(rd *r) {
    uint32_t n = get32(r);
    if (r->bad || n > r->n - r->at || memchr(r->p + r->at, 0, n)) {
        r->bad = 1;
        return NULL;
    }
    char *s = malloc((size_t)n + 1);
    if (!s) return NULL;
    memcpy(s, r->p + r->at, n);
    s[n] = 0;
    r->at += n;
    return s;
}

/* The DELETED section into the segments' tables: 0, 1 (damaged) or
 * SMP_ENOMEM. */
static int parse_deleted(smp_manifest *m, const uint8_t *p, size_t n) {
    rd r = {p, n, 0, 0};
    for (uint32_t i = 0; i < m->nseg; i++) {
        smp_mseg *s = &m->seg[i];
        uint32_t t = get_count(&r, SMP_MDEL_TERM_SIZE);
        if (r.bad) return 1;
        s->dcount = malloc(sizeof *s->dcount * ((size_t)t + 1));
        s->dend = malloc(sizeof *s->dend * ((size_t)t + 1));
        if (!s->dcount || !s->dend) return SMP_ENOMEM;
        s->ndt = t;
        for (uint32_t k = 0; k < t; k++) s->dcount[k] = get32(&r);
        for (uint32_t k = 0; k < t; k++) s->dend[k] = get32(&r);
        uint32_t blen = get32(&r);
        if (r.bad || blen > r.n - r.at || (t ? s->dend[t - 1] : 0) != blen) return 1;
        if (!(s->dblob = malloc((size_t)blen + 1))) return SMP_ENOMEM;
        memcpy(s->dblob, r.p + r.at, blen);
        r.at += blen;
        for (uint32_t k = 0; k < t; k++) /* non-empty terms inside the blob */
            if (s->dend[k] <= (k ? s->dend[k - 1] : 0) || s->dcount[k] == 0 ||
                s->dcount[k] > s->passages)
                return 1;
        for (uint32_t k = 1; k < t; k++) { /* sorted, each once */
            uint32_t a = s->dend[k - 1], prev = k > 1 ? s->dend[k - 2] : 0;
            if (smp_term_cmp(s->dblob + prev, a - prev, s->dblob + a, s->dend[k] - a) >= 0)
                return 1;
        }
    }
    return r.at == r.n ? 0 : 1;
}

void smp_mfiles_free(smp_mfile *file, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        smp_mfile *f = &file[i];
        free(f->path);
        for (uint32_t k = 0; k < f->nacr; k++) {
            free(f->acr[k].acr);
            free(f->acr[k].long_form);
        }
        free(f->acr);
    }
    free(file);
}

void smp_mseg_free_fields(smp_mseg *s) {
    free(s->name);
    free(s->del);
    free(s->dblob);
    free(s->dend);
    free(s->dcount);
    memset(s, 0, sizeof *s);
}

int smp_mseg_copy(smp_mseg *dst, const smp_mseg *src) {
    memset(dst, 0, sizeof *dst);
    uint32_t blen = src->ndt ? src->dend[src->ndt - 1] : 0;
    dst->name = strdup(src->name);
    dst->del = malloc(sizeof *dst->del * (2 * (size_t)src->ndel + 1));
    dst->dblob = malloc((size_t)blen + 1);
    dst->dend = malloc(sizeof *dst->dend * ((size_t)src->ndt + 1));
    dst->dcount = malloc(sizeof *dst->dcount * ((size_t)src->ndt + 1));
    if (!dst->name || !dst->del || !dst->dblob || !dst->dend || !dst->dcount) {
        smp_mseg_free_fields(dst);
        return SMP_ENOMEM;
    }
    dst->passages = src->passages;
    dst->ndel = src->ndel;
    memcpy(dst->del, src->del, sizeof *dst->del * 2 * src->ndel);
    dst->ndt = src->ndt;
    if (src->ndt) {
        memcpy(dst->dblob, src->dblob, blen);
        memcpy(dst->dend, src->dend, sizeof *dst->dend * src->ndt);
        memcpy(dst->dcount, src->dcount, sizeof *dst->dcount * src->ndt);
    }
    return SMP_OK;
}

void smp_msegs_free(smp_mseg *seg, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) smp_mseg_free_fields(&seg[i]);
    free(seg);
}

void smp_manifest_free(smp_manifest *m) {
    if (!m) return;
    smp_msegs_free(m->seg, m->nseg);
    smp_mfiles_free(m->file, m->nfiles);
    free(m->aliases);
    free(m);
}

/* A segment file name: no folder, nothing hidden. */
static int plain_name(const char *s) {
    return s[0] && s[0] != '.' && !strchr(s, '/');
}

int smp_manifest_parse(const uint8_t *p, size_t n, const char *aliases, size_t alen,
                       const uint8_t *dp, size_t dn, smp_manifest **out, const char *path,
                       smp_error *err) {
    *out = NULL;
    smp_manifest *m = calloc(1, sizeof *m);
    if (!m) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    rd r = {p, n, 0, 0};
    int nomem = 0;
    if (get32(&r) != SMP_MANIFEST_VERSION && !r.bad) {
        smp_manifest_free(m);
        return smp_set_error(err, SMP_EVERSION, "%s: manifest version not supported", path);
    }
    m->generation = get64(&r);
    m->next_id = get64(&r);
    char *lang = get_str(&r);
    if (lang && strlen(lang) < sizeof m->language) strcpy(m->language, lang);
    else r.bad |= lang != NULL, nomem |= !lang && !r.bad;
    free(lang);
    m->max_words = get32(&r);
    m->overlap_words = get32(&r);
    m->min_words = get32(&r);
    m->flags = get32(&r);
    uint32_t nseg = get_count(&r, SMP_MSEG_MIN);
    if (!r.bad && !(m->seg = calloc(nseg + 1, sizeof *m->seg))) nomem = 1;
    for (uint32_t i = 0; i < nseg && !r.bad && !nomem; i++) {
        smp_mseg *s = &m->seg[m->nseg++];
        if (!(s->name = get_str(&r))) { nomem = !r.bad; break; }
        if (!plain_name(s->name)) r.bad = 1;
        s->passages = get32(&r);
        s->ndel = get_count(&r, SMP_MRANGE_SIZE);
        if (!r.bad && !(s->del = malloc(sizeof *s->del * (2 * (size_t)s->ndel + 1)))) nomem = 1;
        for (uint32_t k = 0; k < 2 * s->ndel && !r.bad && !nomem; k++) s->del[k] = get32(&r);
        for (uint32_t k = 0; k < s->ndel && !r.bad && !nomem; k++)
            if (s->del[2 * k] >= s->del[2 * k + 1] || s->del[2 * k + 1] > s->passages ||
                (k && s->del[2 * k] < s->del[2 * k - 1]))
                r.bad = 1;
    }
    uint32_t nfiles = r.bad || nomem ? 0 : get_count(&r, SMP_MFILE_MIN);
    if (!r.bad && !nomem && !(m->file = calloc(nfiles + 1, sizeof *m->file))) nomem = 1;
    for (uint32_t i = 0; i < nfiles && !r.bad && !nomem; i++) {
        smp_mfile *f = &m->file[m->nfiles++];
        if (!(f->path = get_str(&r))) { nomem = !r.bad; break; }
        f->size = get64(&r);
        f->mtime_s = (int64_t)get64(&r);
        f->mtime_ns = get32(&r);
        f->hash = get64(&r);
        f->bytes = get64(&r);
        uint32_t seg = get32(&r);
        f->seg = seg == 0 ? SMP_MSEG_NONE : seg - 1;
        f->first_doc = get32(&r);
        f->ndocs = get32(&r);
        f->narticles = get32(&r);
        if (seg > m->nseg ||
            (seg && (f->ndocs == 0 || f->first_doc > m->seg[seg - 1].passages ||
                     f->ndocs > m->seg[seg - 1].passages - f->first_doc)))
            r.bad = 1;
        uint32_t nacr = get_count(&r, SMP_MACR_MIN);
        if (!r.bad && !(f->acr = calloc(nacr + 1, sizeof *f->acr))) nomem = 1;
        for (uint32_t k = 0; k < nacr && !r.bad && !nomem; k++) {
            smp_macr *a = &f->acr[f->nacr++];
            a->acr = get_str(&r);
            a->long_form = get_str(&r);
            a->count = get32(&r);
            if (!a->acr || !a->long_form) nomem |= !r.bad;
        }
    }
    if (!r.bad && !nomem && r.at != r.n) r.bad = 1;
    int deletions = 0;
    for (uint32_t i = 0; i < m->nseg; i++) deletions |= m->seg[i].ndel > 0;
    if (!r.bad && !nomem && (dp || deletions)) {
        int rc = dp ? parse_deleted(m, dp, dn) : 1;
        if (rc == SMP_ENOMEM) nomem = 1;
        else if (rc) r.bad = 1;
    }
    if (!r.bad && !nomem && alen) {
        if (!(m->aliases = malloc(alen))) nomem = 1;
        else memcpy(m->aliases, aliases, alen), m->alen = alen;
    }
    if (r.bad || nomem) {
        smp_manifest_free(m);
        if (nomem) return smp_set_error(err, SMP_ENOMEM, "out of memory");
        return smp_set_error(err, SMP_ECORRUPT, "%s: the manifest is damaged", path);
    }
    *out = m;
    return SMP_OK;
}
