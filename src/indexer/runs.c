/*
 * runs.c - merging the runs of a build into one index file.
 *
 * A build with a memory budget writes its passages in runs: each run is a
 * complete index file of consecutive articles, written when the writer's
 * memory passes the budget, all runs compressing their stored text with
 * the first run's dictionary.  Merging them (not to be confused with the
 * segment merges of an update, update.c) reads the runs through the index
 * reader and streams the final file (file_out.c): for each term in
 * dictionary order, its postings from every run in turn (passage numbers
 * shifted by the passages of the runs before), re-encoded in blocks;
 * positions go to an unlinked temporary file beside the output and are
 * copied in after; passage and store tables are shifted; compressed store
 * blocks are copied as they are.  Only the dictionary, the article table
 * and a few chunks of terms' postings (write_terms) are held in memory.  The result answers every
 * query as a build without a budget does (tests/check_runs.c).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "index/format.h"
#include "indexer/indexer.h"

/* The runs being merged. */
typedef struct run_merge {
    size_t n;
    smp_segment **ix;
    uint64_t *doc_base, *art_base, *blk_base, *store_base, *tix, *nterms;
    uint64_t N, A, B;
    uint32_t *blen; /* body length of every passage */
    uint64_t total[3];
    int positions;
    int posfd;
    char *pospath;
} run_merge;

static void run_merge_free(run_merge *m) {
    for (size_t r = 0; r < m->n; r++) smp_segment_close(m->ix ? m->ix[r] : NULL);
    free(m->ix);
    free(m->doc_base);
    free(m->art_base);
    free(m->blk_base);
    free(m->store_base);
    free(m->tix);
    free(m->nterms);
    free(m->blen);
    if (m->posfd >= 0) close(m->posfd);
    free(m->pospath);
}

/* Opens the runs and lays out where each one's passages, articles and
 * store blocks go. */
static int run_merge_open(run_merge *m, const char *const *paths, size_t n, smp_error *err) {
    m->n = n;
    m->posfd = -1;
    m->ix = calloc(n, sizeof *m->ix);
    m->doc_base = calloc(n, sizeof *m->doc_base);
    m->art_base = calloc(n, sizeof *m->art_base);
    m->blk_base = calloc(n, sizeof *m->blk_base);
    m->store_base = calloc(n, sizeof *m->store_base);
    m->tix = calloc(n, sizeof *m->tix);
    m->nterms = calloc(n, sizeof *m->nterms);
    if (!m->ix || !m->doc_base || !m->art_base || !m->blk_base || !m->store_base || !m->tix ||
        !m->nterms)
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    for (size_t r = 0; r < n; r++) {
        int rc = smp_segment_open(&m->ix[r], paths[r], err);
        if (rc) return rc;
        smp_index_info in;
        smp_segment_info(m->ix[r], &in);
        if (r && (strcmp(in.language, smp_segment_language(m->ix[0])) ||
                  smp_segment_analyzer(m->ix[r]) != smp_segment_analyzer(m->ix[0]) ||
                  smp_segment_has_positions(m->ix[r]) != m->positions))
            return smp_set_error(err, SMP_EINVAL, "%s: run built with other settings", paths[r]);
        m->positions = smp_segment_has_positions(m->ix[r]);
        const uint8_t *p;
        uint64_t silen;
        smp_segment_raw_section(m->ix[r], SMP_SEC_STORE_INDEX, &p, &silen);
        m->doc_base[r] = m->N;
        m->art_base[r] = m->A;
        m->blk_base[r] = m->B;
        m->N += in.passages;
        m->A += in.articles;
        m->B += silen / SMP_STORE_ENTRY;
        m->nterms[r] = in.terms;
    }
    /* store offsets: each run's store follows the ones before */
    for (size_t r = 1; r < n; r++) {
        const uint8_t *p;
        uint64_t slen;
        smp_segment_raw_section(m->ix[r - 1], SMP_SEC_STORE, &p, &slen);
        m->store_base[r] = m->store_base[r - 1] + slen;
    }
    if (m->N >= UINT32_MAX || m->A >= UINT32_MAX || m->B >= UINT32_MAX)
        return smp_set_error(err, SMP_EINVAL,
                             "too many passages for one index: %llu passages, %llu articles "
                             "and %llu store blocks; the index format holds at most %llu of "
                             "each (their numbers are 32 bits)",
                             (unsigned long long)m->N, (unsigned long long)m->A,
                             (unsigned long long)m->B, (unsigned long long)(UINT32_MAX - 1));
    m->blen = malloc((m->N + 1) * sizeof *m->blen);
    if (!m->blen) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    for (size_t r = 0; r < n; r++) {
        uint64_t np = smp_segment_passages(m->ix[r]);
        for (uint64_t d = 0; d < np; d++) {
            uint32_t len[3];
            smp_segment_doc_lens(m->ix[r], (uint32_t)d, len);
            m->blen[m->doc_base[r] + d] = len[2];
            for (int f = 0; f < 3; f++) m->total[f] += len[f];
        }
    }
    return SMP_OK;
}

/* The next term in dictionary order over all runs: its bytes, or NULL
 * when every run is done. */
static int next_term(run_merge *m, const char **term, size_t *len) {
    *term = NULL;
    *len = 0;
    for (size_t r = 0; r < m->n; r++) {
        if (m->tix[r] >= m->nterms[r]) continue;
        const char *t;
        size_t tl;
        uint32_t df;
        if (smp_segment_term_at(m->ix[r], m->tix[r], &t, &tl, &df)) return SMP_ECORRUPT;
        if (!*term || smp_term_cmp(t, tl, *term, *len) < 0) {
            *term = t;
            *len = tl;
        }
    }
    return SMP_OK;
}

/* Collects one term's postings (and positions as varints) from every run
 * that has it, advancing those runs. */
static int gather(run_merge *m, const char *term, size_t len, smp_buf *pl, smp_buf *pv,
                  smp_cursor *c, smp_pos_reader *pr) {
    smp_buf_reset(pl);
    smp_buf_reset(pv);
    for (size_t r = 0; r < m->n; r++) {
        if (m->tix[r] >= m->nterms[r]) continue;
        const char *t;
        size_t tl;
        uint32_t df;
        smp_segment_term_at(m->ix[r], m->tix[r], &t, &tl, &df);
        if (tl != len || memcmp(t, term, len)) continue;
        memset(c, 0, sizeof *c);
        uint64_t N = smp_segment_passages(m->ix[r]);
        if (smp_segment_term_postings(m->ix[r], m->tix[r], &c->ti) != 1 || smp_cursor_init(c, N))
            return SMP_ECORRUPT;
        if (m->positions && smp_pos_init(pr, &c->ti)) return SMP_ECORRUPT;
        int rc = SMP_OK;
        while (rc == SMP_OK && c->doc != UINT32_MAX) {
            smp_posting p = {(uint32_t)(c->doc + m->doc_base[r]),
                             {c->tf[0][c->i], c->tf[1][c->i], c->tf[2][c->i]}};
            smp_buf_append(pl, &p, sizeof p);
            if (m->positions) {
                const uint32_t *pos;
                uint32_t np;
                if ((rc = smp_pos_get(pr, c, &pos, &np))) break;
                for (uint32_t k = 0; k < np; k++) smp_buf_put_varint(pv, k ? pos[k] - pos[k - 1] : pos[k]);
            }
            rc = smp_cursor_next(c, N);
        }
        if (m->positions) smp_pos_free(pr);
        if (rc) return rc;
        m->tix[r]++;
    }
    return pl->rc || pv->rc ? SMP_ENOMEM : SMP_OK;
}

/* The terms are merged on two threads: a reading thread gathers each
 * term's postings from the runs and encodes them into chunks of
 * consecutive terms, while the writing thread (the caller's) writes each
 * chunk in order, with the dictionary's offsets, the CRC and the write
 * calls.  The bytes are those of one thread doing both in turn. */
#define MERGE_CHUNKS 4                /* chunks in flight, at most */
#define MERGE_CHUNK_TERMS 16384       /* a chunk ends at this many terms */
#define MERGE_CHUNK_BYTES (4u << 20)  /* or this many bytes of postings and positions */

typedef struct mterm { /* a term of a chunk */
    uint32_t n, len;          /* postings, bytes of the term */
    uint64_t post_at, pos_at; /* its postings and positions in the chunk's */
} mterm;

typedef struct mchunk {
    smp_buf terms, post, pos; /* the terms' bytes, postings, positions */
    smp_buf info;             /* mterm per term */
    int rc;                   /* of gathering (SMP_ECORRUPT, SMP_ENOMEM) */
    int last;                 /* no term after this chunk's */
} mchunk;

typedef struct mpipe {
    run_merge *m;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    mchunk c[MERGE_CHUNKS];
    uint64_t filled, written; /* chunks encoded, chunks written */
    int stop;                 /* the writer gave up */
} mpipe;

/* Encodes the next terms into c; the reading thread's. */
static void fill_chunk(run_merge *m, mchunk *c, smp_buf *pl, smp_buf *pv, smp_buf *data,
                       smp_buf *vals, smp_cursor *cur, smp_pos_reader *pr) {
    smp_buf_reset(&c->terms);
    smp_buf_reset(&c->post);
    smp_buf_reset(&c->pos);
    smp_buf_reset(&c->info);
    c->rc = SMP_OK;
    c->last = 0;
    for (uint32_t k = 0; k < MERGE_CHUNK_TERMS && c->post.n + c->pos.n < MERGE_CHUNK_BYTES; k++) {
        const char *term;
        size_t len;
        if ((c->rc = next_term(m, &term, &len))) return;
        if (!term) {
            c->last = 1;
            return;
        }
        if ((c->rc = gather(m, term, len, pl, pv, cur, pr))) return;
        uint32_t n = (uint32_t)(pl->n / sizeof(smp_posting));
        const smp_posting *p = (const smp_posting *)(const void *)pl->p;
        mterm t = {n, (uint32_t)len, c->post.n, c->pos.n};
        smp_encode_postings(p, n, (const uint8_t *)m->blen, sizeof *m->blen, &c->post, data);
        if (m->positions) smp_encode_positions(p, n, pv->p, &c->pos, vals, data);
        smp_buf_append(&c->terms, term, len);
        smp_buf_append(&c->info, &t, sizeof t);
        if (c->post.rc || c->pos.rc || c->terms.rc || c->info.rc || data->rc || vals->rc) {
            c->rc = SMP_ENOMEM;
            return;
        }
    }
}

static void *read_terms(void *arg) {
    mpipe *q = arg;
    smp_buf pl, pv, data, vals;
    smp_buf_init(&pl);
    smp_buf_init(&pv);
    smp_buf_init(&data);
    smp_buf_init(&vals);
    smp_cursor *cur = malloc(sizeof *cur);
    smp_pos_reader pr;
    memset(&pr, 0, sizeof pr);
    for (uint64_t seq = 0;; seq++) {
        mchunk *c = &q->c[seq % MERGE_CHUNKS];
        pthread_mutex_lock(&q->mu);
        while (!q->stop && seq - q->written >= MERGE_CHUNKS) pthread_cond_wait(&q->cv, &q->mu);
        int stop = q->stop;
        pthread_mutex_unlock(&q->mu);
        if (stop) break;
        if (cur) fill_chunk(q->m, c, &pl, &pv, &data, &vals, cur, &pr);
        else c->rc = SMP_ENOMEM;
        pthread_mutex_lock(&q->mu);
        q->filled = seq + 1;
        pthread_cond_broadcast(&q->cv);
        pthread_mutex_unlock(&q->mu);
        if (c->rc || c->last) break;
    }
    free(cur);
    smp_buf_free(&pl);
    smp_buf_free(&pv);
    smp_buf_free(&data);
    smp_buf_free(&vals);
    return NULL;
}

/* Writes chunk c: its postings into the open POSTINGS section, its
 * positions aside, and the terms' dictionary entries and POS_INDEX
 * entries, offsets counted from the first term's. */
static int put_chunk(run_merge *m, smp_out *o, const mchunk *c, smp_buf *terms, smp_buf *dict,
                     smp_buf *pos_index, uint64_t *post_off, uint64_t *pos_off,
                     uint64_t *postings, smp_error *err) {
    const mterm *t = (const mterm *)(const void *)c->info.p;
    size_t nt = c->info.n / sizeof *t;
    const char *tb = (const char *)c->terms.p;
    int rc = SMP_OK;
    for (size_t i = 0; i < nt && rc == SMP_OK; i++) {
        uint64_t post_len = (i + 1 < nt ? t[i + 1].post_at : c->post.n) - t[i].post_at;
        uint8_t de[SMP_DICT_ENTRY];
        smp_dict_put(de, &(smp_dict_entry){(uint32_t)terms->n, t[i].n, *post_off + t[i].post_at});
        smp_buf_append(dict, de, sizeof de);
        smp_buf_append(terms, tb, t[i].len);
        *postings += t[i].n;
        if (m->positions) smp_buf_put_u64(pos_index, *pos_off + t[i].pos_at);
        if (terms->rc || dict->rc || pos_index->rc) rc = SMP_ENOMEM;
        else rc = smp_term_limits(tb, t[i].len, post_len, terms->n, err);
        tb += t[i].len;
        /* the postings up to the term that failed, as one thread writes them */
        if (rc || i + 1 == nt)
            smp_out_write(o, c->post.p, (i + 1 < nt ? t[i + 1].post_at : c->post.n));
    }
    if (rc == SMP_ENOMEM) return smp_set_error(err, rc, "out of memory merging runs");
    if (rc) return rc; /* a limit: the message is set */
    if (m->positions && c->pos.n && smp_write_all(m->posfd, c->pos.p, c->pos.n))
        return smp_set_error(err, SMP_EIO, "cannot write positions: %s", strerror(errno));
    *post_off += c->post.n;
    *pos_off += c->pos.n;
    return SMP_OK;
}

static int write_terms(run_merge *m, smp_out *o, smp_buf *terms, smp_buf *dict, smp_buf *pos_index,
                       uint64_t *postings, smp_error *err) {
    mpipe q;
    memset(&q, 0, sizeof q);
    q.m = m;
    for (int i = 0; i < MERGE_CHUNKS; i++) {
        smp_buf_init(&q.c[i].terms);
        smp_buf_init(&q.c[i].post);
        smp_buf_init(&q.c[i].pos);
        smp_buf_init(&q.c[i].info);
    }
    pthread_mutex_init(&q.mu, NULL);
    pthread_cond_init(&q.cv, NULL);
    pthread_t th;
    int rc = SMP_OK;
    if (pthread_create(&th, NULL, read_terms, &q)) {
        rc = smp_set_error(err, SMP_ENOMEM, "cannot start the merging thread");
        goto done;
    }
    uint64_t post_off = 0, pos_off = 0;
    smp_out_begin(o, SMP_SEC_POSTINGS);
    for (uint64_t seq = 0; rc == SMP_OK; seq++) {
        mchunk *c = &q.c[seq % MERGE_CHUNKS];
        pthread_mutex_lock(&q.mu);
        while (q.filled <= seq) pthread_cond_wait(&q.cv, &q.mu);
        pthread_mutex_unlock(&q.mu);
        int last = c->last;
        if (c->rc == SMP_ECORRUPT) rc = smp_set_error(err, c->rc, "a run of the build is damaged");
        else if (c->rc) rc = smp_set_error(err, c->rc, "out of memory merging runs");
        else rc = put_chunk(m, o, c, terms, dict, pos_index, &post_off, &pos_off, postings, err);
        pthread_mutex_lock(&q.mu);
        q.written = seq + 1;
        if (rc) q.stop = 1;
        pthread_cond_broadcast(&q.cv);
        pthread_mutex_unlock(&q.mu);
        if (last) break;
    }
    smp_out_end(o);
    pthread_join(th, NULL);
done:
    pthread_mutex_destroy(&q.mu);
    pthread_cond_destroy(&q.cv);
    for (int i = 0; i < MERGE_CHUNKS; i++) {
        smp_buf_free(&q.c[i].terms);
        smp_buf_free(&q.c[i].post);
        smp_buf_free(&q.c[i].pos);
        smp_buf_free(&q.c[i].info);
    }
    return rc;
}

/* Copies the positions written aside into the output. */
static int copy_positions(run_merge *m, smp_out *o, smp_error *err) {
    uint8_t *buf = malloc(1u << 20);
    if (!buf) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    smp_out_begin(o, SMP_SEC_POSITIONS);
    off_t at = 0;
    for (;;) {
        ssize_t k = pread(m->posfd, buf, 1u << 20, at);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) {
            free(buf);
            return smp_set_error(err, SMP_EIO, "cannot read back positions: %s", strerror(errno));
        }
        if (k == 0) break;
        smp_out_write(o, buf, (size_t)k);
        at += k;
    }
    smp_out_end(o);
    free(buf);
    return SMP_OK;
}

/* DOCS, LENS, ARTICLES and STRINGS, STORE_INDEX, STORE, STORE_DICT. */
static int write_tables(run_merge *m, smp_out *o, smp_error *err) {
    smp_out_begin(o, SMP_SEC_DOCS);
    for (size_t r = 0; r < m->n; r++) {
        const uint8_t *p;
        uint64_t len;
        smp_segment_raw_section(m->ix[r], SMP_SEC_DOCS, &p, &len);
        for (uint64_t off = 0; off + SMP_DOC_ENTRY <= len; off += SMP_DOC_ENTRY) {
            smp_doc_info d;
            uint8_t e[SMP_DOC_ENTRY];
            smp_doc_get(p + off, &d);
            d.article += (uint32_t)m->art_base[r];
            d.store_block += (uint32_t)m->blk_base[r];
            smp_doc_put(e, &d);
            smp_out_write(o, e, sizeof e);
        }
    }
    smp_out_end(o);
    smp_out_begin(o, SMP_SEC_LENS);
    for (size_t r = 0; r < m->n; r++) {
        const uint8_t *p;
        uint64_t len;
        if (smp_segment_raw_section(m->ix[r], SMP_SEC_LENS, &p, &len)) {
            smp_out_write(o, p, len);
            continue;
        }
        uint64_t np = smp_segment_passages(m->ix[r]);
        for (uint64_t d = 0; d < np; d++) { /* a run without LENS: from DOCS */
            uint32_t l[3];
            uint8_t e[SMP_LENS_ENTRY];
            smp_segment_doc_lens(m->ix[r], (uint32_t)d, l);
            smp_lens_put(e, l);
            smp_out_write(o, e, sizeof e);
        }
    }
    smp_out_end(o);
    /* articles, their info, the passages' fragments, and their strings */
    smp_buf arts, strs, info, frags;
    smp_buf_init(&arts);
    smp_buf_init(&strs);
    smp_buf_init(&info);
    smp_buf_init(&frags);
    int any_info = 0, any_frag = 0, rc = SMP_OK;
    uint32_t empty = 0; /* offset of a NUL: an empty string */
    for (size_t r = 0; r < m->n && rc == SMP_OK; r++) {
        smp_index_info in;
        smp_segment_info(m->ix[r], &in);
        const uint8_t *sp;
        uint64_t sl;
        any_info |= smp_segment_raw_section(m->ix[r], SMP_SEC_INFO, &sp, &sl);
        any_frag |= smp_segment_raw_section(m->ix[r], SMP_SEC_FRAGMENTS, &sp, &sl);
        for (uint64_t a = 0; a < in.articles && rc == SMP_OK; a++) {
            const char *s[3 + SMP_INFO_FIELDS];
            smp_article_info ai;
            if (smp_segment_article(m->ix[r], (uint32_t)a, &s[0], &s[1], &s[2]) ||
                smp_segment_article_info(m->ix[r], (uint32_t)a, &ai)) {
                rc = SMP_ECORRUPT;
                break;
            }
            s[3] = ai.url, s[4] = ai.date, s[5] = ai.description;
            s[6] = ai.tags, s[7] = ai.categories, s[8] = ai.language;
            uint32_t off[3 + SMP_INFO_FIELDS];
            for (int k = 0; k < 3 + SMP_INFO_FIELDS; k++) {
                /* an empty info string: the NUL that ends the first id */
                off[k] = k >= 3 && !*s[k] ? empty : (uint32_t)strs.n;
                if (k < 3 || *s[k]) smp_buf_append(&strs, s[k], strlen(s[k]) + 1);
                if (k == 0 && strs.n == strlen(s[0]) + 1) empty = (uint32_t)strlen(s[0]);
            }
            uint8_t e[SMP_ARTICLE_ENTRY], ie[SMP_INFO_ENTRY];
            smp_article_put(e, off);
            smp_buf_append(&arts, e, sizeof e);
            smp_info_put(ie, off + 3);
            smp_buf_append(&info, ie, sizeof ie);
        }
        for (uint32_t d = 0; d < in.passages && rc == SMP_OK; d++) {
            const char *f;
            if (smp_segment_fragment(m->ix[r], d, &f)) {
                rc = SMP_ECORRUPT;
                break;
            }
            uint32_t off = empty;
            if (*f) {
                off = (uint32_t)strs.n;
                smp_buf_append(&strs, f, strlen(f) + 1);
            }
            smp_buf_put_u32(&frags, off);
        }
    }
    if (rc == SMP_ECORRUPT) {
        smp_buf_free(&arts);
        smp_buf_free(&strs);
        smp_buf_free(&info);
        smp_buf_free(&frags);
        return smp_set_error(err, rc, "a run of the build is damaged");
    }
    rc = arts.rc || strs.rc || info.rc || frags.rc || strs.n > UINT32_MAX ? SMP_ENOMEM : SMP_OK;
    smp_out_section(o, SMP_SEC_ARTICLES, arts.p, arts.n);
    smp_out_section(o, SMP_SEC_STRINGS, strs.p, strs.n);
    if (any_info) smp_out_section(o, SMP_SEC_INFO, info.p, info.n);
    if (any_frag) smp_out_section(o, SMP_SEC_FRAGMENTS, frags.p, frags.n);
    smp_buf langs; /* the runs' LANGUAGES, each name once */
    smp_buf_init(&langs);
    const char *names[SMP_MAX_LANGUAGES];
    uint32_t nl = smp_segments_languages(m->ix, m->n, names, SMP_MAX_LANGUAGES);
    for (uint32_t j = 0; j < nl; j++) {
        smp_buf_puts(&langs, names[j]);
        smp_buf_putc(&langs, '\n');
    }
    if (langs.rc) rc = SMP_ENOMEM;
    if (langs.n) smp_out_section(o, SMP_SEC_LANGUAGES, langs.p, langs.n);
    smp_buf_free(&langs);
    smp_buf_free(&arts);
    smp_buf_free(&strs);
    smp_buf_free(&info);
    smp_buf_free(&frags);
    if (rc) return smp_set_error(err, rc, "out of memory merging runs");
    /* store blocks, copied, their offsets shifted */
    smp_out_begin(o, SMP_SEC_STORE_INDEX);
    for (size_t r = 0; r < m->n; r++) {
        const uint8_t *p;
        uint64_t len;
        smp_segment_raw_section(m->ix[r], SMP_SEC_STORE_INDEX, &p, &len);
        for (uint64_t off = 0; off + SMP_STORE_ENTRY <= len; off += SMP_STORE_ENTRY) {
            smp_store_entry se;
            uint8_t e[SMP_STORE_ENTRY];
            smp_store_get(p + off, &se);
            se.frame_off += m->store_base[r];
            smp_store_put(e, &se);
            smp_out_write(o, e, sizeof e);
        }
    }
    smp_out_end(o);
    smp_out_begin(o, SMP_SEC_STORE);
    for (size_t r = 0; r < m->n; r++) {
        const uint8_t *p;
        uint64_t len;
        smp_segment_raw_section(m->ix[r], SMP_SEC_STORE, &p, &len);
        smp_out_write(o, p, len);
    }
    smp_out_end(o);
    const uint8_t *p;
    uint64_t len;
    if (smp_segment_raw_section(m->ix[0], SMP_SEC_STORE_DICT, &p, &len))
        smp_out_section(o, SMP_SEC_STORE_DICT, p, len);
    return SMP_OK;
}

int smp_merge_runs(const char *const *paths, size_t n, const char *out_path,
                   const char *aliases, size_t alen, uint64_t source_bytes, smp_error *err) {
    if (n == 0) return smp_set_error(err, SMP_EEMPTY, "no passages to index");
    run_merge m;
    memset(&m, 0, sizeof m);
    smp_out *o = NULL;
    smp_buf terms, dict, pos_index, meta;
    smp_buf_init(&terms);
    smp_buf_init(&dict);
    smp_buf_init(&pos_index);
    smp_buf_init(&meta);
    uint64_t postings = 0;
    int rc = run_merge_open(&m, paths, n, err);
    if (rc == SMP_OK && m.positions) {
        size_t pl = strlen(out_path);
        m.pospath = malloc(pl + 16);
        if (!m.pospath) {
            rc = smp_set_error(err, SMP_ENOMEM, "out of memory");
        } else {
            memcpy(m.pospath, out_path, pl);
            memcpy(m.pospath + pl, ".pos.XXXXXX", 12);
            m.posfd = mkstemp(m.pospath);
            if (m.posfd < 0)
                rc = smp_set_error(err, SMP_EIO, "cannot create a temporary file beside %s: %s",
                                   out_path, strerror(errno));
            else
                unlink(m.pospath); /* gone when closed, whatever happens */
        }
    }
    if (rc == SMP_OK) rc = smp_out_open(&o, out_path, SMP_SEC_MAX, err);
    if (rc == SMP_OK) { /* the store's frames are copied: checksummed if every run's are */
        uint32_t flags = SMP_HFLAG_STORE_CHECKSUMS;
        for (size_t r = 0; r < n; r++) flags &= smp_segment_flags(m.ix[r]);
        smp_out_set_flags(o, flags);
    }
    if (rc == SMP_OK) rc = write_terms(&m, o, &terms, &dict, &pos_index, &postings, err);
    if (rc == SMP_OK && m.positions) rc = copy_positions(&m, o, err);
    if (rc == SMP_OK) rc = write_tables(&m, o, err);
    if (rc == SMP_OK) {
        const char *lang = smp_segment_language(m.ix[0]);
        smp_meta mi = {.analyzer_version = SMP_ANALYZER_VERSION,
                       .language = lang,
                       .language_len = (uint32_t)strlen(lang),
                       .passages = m.N,
                       .articles = m.A,
                       .terms = dict.n / SMP_DICT_ENTRY,
                       .postings = postings,
                       .source_bytes = source_bytes,
                       .total_len = {m.total[0], m.total[1], m.total[2]},
                       .analyzer = smp_segment_analyzer(m.ix[0])};
        uint8_t me[SMP_META_SIZE];
        smp_meta_put(me, &mi);
        smp_buf_append(&meta, me, sizeof me);
        if (meta.rc || terms.rc || dict.rc || pos_index.rc) {
            rc = smp_set_error(err, SMP_ENOMEM, "out of memory merging runs");
        } else {
            smp_out_section(o, SMP_SEC_META, meta.p, meta.n);
            smp_out_section(o, SMP_SEC_TERMS, terms.p, terms.n);
            smp_out_section(o, SMP_SEC_DICT, dict.p, dict.n);
            if (m.positions) smp_out_section(o, SMP_SEC_POS_INDEX, pos_index.p, pos_index.n);
            if (alen) smp_out_section(o, SMP_SEC_ALIASES, aliases, alen);
            rc = smp_out_commit(o, err);
            o = NULL;
        }
    }
    smp_out_abort(o);
    run_merge_free(&m);
    smp_buf_free(&terms);
    smp_buf_free(&dict);
    smp_buf_free(&pos_index);
    smp_buf_free(&meta);
    return rc;
}
