/*
 * invert.c - the inverting stage of a build, on a thread of its own.
 *
 * The builder (builder.c) reads files, splits them into passages and
 * analyses the text; it hands each passage over as a record (its article,
 * place and text) and its terms (stem, field, position, and the stemmer's
 * tag of the word), in batches through a small bounded queue.  This
 * thread adds them to the writer (write.c) and, under a memory
 * budget, writes runs and starts new writers; the runs are merged at the
 * end (runs.c).  So the two cores share the build: analysing on one,
 * inverting on the other.
 *
 * Ownership: the builder's thread owns the stemmer and everything before
 * the queue; this thread owns the writer, the runs and the word tags.  A
 * tag (two u32 kept by the stemmer's cache for each distinct word, in
 * memory that never moves) holds the word's term number in the current
 * writer and that writer's generation; only this thread reads or writes
 * it, and the queue's lock orders its zeroing by the stemmer before any
 * use here.  Errors here are sticky and reported to the builder at its
 * next hand-over or at the end.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "indexer/indexer.h"

#define NBATCH 3                  /* batches in flight */
#define BATCH_TOKENS 65536        /* a batch is handed over at this many terms */
#define BATCH_BYTES (1u << 20)    /* or this much text */

typedef struct prec { /* a passage in a batch */
    uint32_t new_article;
    uint32_t ordinal, line;
    uint64_t byte_start, byte_end;
    size_t str[5]; /* offsets in strs: article id, title, path, heading, text */
    size_t frag;   /* offset in strs of the fragment */
    size_t info[6]; /* offsets in strs of the article's info (smp_article_info) */
    size_t lang;    /* offset in strs of its stemmer's language, "" the index's */
    size_t text_len;
    size_t tok_start, ntok;
} prec;

typedef struct ptok { /* a term occurrence */
    uint32_t *tag;
    const char *stem; /* in the stemmer's arena: never moves */
    uint32_t len, pos;
    int field;
} ptok;

typedef struct batch {
    smp_buf recs, strs, toks;
    int end; /* the last batch */
} batch;

struct smp_inverter {
    smp_invert_opts o;
    char language[SMP_LANG_MAX]; /* for META: format.h */
    char *run_prefix;
    /* queue */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch b[NBATCH];
    int full[NBATCH]; /* ring of batch numbers waiting for this thread */
    int head, nfull;
    int freelist[NBATCH], nfree;
    int cur; /* the batch being filled by the builder, -1 none */
    pthread_t th;
    int running, abort;
    /* this thread's */
    smp_writer *w;
    uint32_t gen; /* generation of w, never 0 */
    char **runs;
    size_t nruns;
    size_t runs_done; /* nruns as the builder may read it, under mu */
    int rc; /* sticky */
    smp_error err;
};

/* --- this thread ---------------------------------------------------------- */

/* Writes the passages so far to a new run file and starts an empty
 * writer sharing the first run's store dictionary. */
static int flush_run(smp_inverter *v, smp_error *err) {
    const char *prefix = v->run_prefix, *dir = NULL;
    if (!prefix || !*prefix) {
        dir = getenv("TMPDIR");
        if (!dir || !*dir) dir = "/tmp";
    }
    size_t len = (prefix && *prefix ? strlen(prefix) : strlen(dir) + 16) + 16;
    char **runs = realloc(v->runs, (v->nruns + 1) * sizeof *runs);
    if (!runs) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    v->runs = runs;
    char *path = malloc(len);
    if (!path) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    if (prefix && *prefix) snprintf(path, len, "%s.run.XXXXXX", prefix);
    else snprintf(path, len, "%s/smpsearch.run.XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0) {
        int rc = smp_set_error(err, SMP_EIO, "cannot create the run file %s: %s", path,
                               strerror(errno));
        free(path);
        return rc;
    }
    close(fd);
    v->runs[v->nruns++] = path; /* removed by smp_inverter_free */
    int rc = smp_writer_write(v->w, path, 0, err);
    if (rc) return rc;
    smp_writer *nw;
    if ((rc = smp_writer_new(&nw, v->language, v->o.analyzer))) return smp_set_error(err, rc, "out of memory");
    smp_writer_set_positions(nw, v->o.positions);
    const uint8_t *dict;
    size_t dlen;
    smp_writer_store_dict(v->w, &dict, &dlen);
    if (smp_writer_set_store_dict(nw, dict, dlen)) {
        smp_writer_free(nw);
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    }
    smp_writer_free(v->w);
    v->w = nw;
    v->gen++; /* every tag now names a term of the old writer */
    pthread_mutex_lock(&v->mu);
    v->runs_done = v->nruns;
    pthread_mutex_unlock(&v->mu);
    return SMP_OK;
}

static int invert_batch(smp_inverter *v, const batch *bt) {
    const prec *r = (const prec *)(const void *)bt->recs.p;
    size_t n = bt->recs.n / sizeof *r;
    const ptok *tk = (const ptok *)(const void *)bt->toks.p;
    const char *s = (const char *)bt->strs.p;
    for (size_t i = 0; i < n; i++, r++) {
        int rc;
        if (r->new_article) {
            if (v->o.memory_budget && smp_writer_passages(v->w) &&
                smp_writer_memory(v->w) > v->o.memory_budget &&
                (rc = flush_run(v, &v->err)))
                return rc;
            uint32_t a;
            smp_article_info info = {s + r->info[0], s + r->info[1], s + r->info[2],
                                     s + r->info[3], s + r->info[4], s + r->info[5]};
            if ((rc = smp_writer_add_article(v->w, s + r->str[0], s + r->str[1], s + r->str[2],
                                             &info, &a, &v->err)))
                return rc;
            if (s[r->lang] && (rc = smp_writer_add_language(v->w, s + r->lang)))
                return smp_set_error(&v->err, rc, "out of memory");
        }
        uint32_t doc;
        const char *heading = s + r->str[3];
        rc = smp_writer_add_passage(v->w, r->ordinal, r->line, r->byte_start, r->byte_end, heading,
                                    strlen(heading), s + r->frag, s + r->str[4], r->text_len,
                                    &doc);
        if (rc) return smp_set_error(&v->err, rc, "cannot add a passage of %s", s + r->str[2]);
        for (size_t k = r->tok_start; k < r->tok_start + r->ntok; k++) {
            const ptok *t = &tk[k];
            if (t->tag[1] != v->gen) { /* first time in this writer */
                int64_t id = smp_writer_term_id(v->w, t->stem, t->len);
                if (id < 0) return smp_set_error(&v->err, SMP_ENOMEM, "out of memory");
                t->tag[0] = (uint32_t)id;
                t->tag[1] = v->gen;
            }
            if ((rc = smp_writer_add_term_id(v->w, doc, t->field, t->tag[0], t->pos)))
                return smp_set_error(&v->err, rc, "cannot index a passage of %s",
                                     s + r->str[2]);
        }
    }
    return SMP_OK;
}

static void *run(void *arg) {
    smp_inverter *v = arg;
    for (;;) {
        pthread_mutex_lock(&v->mu);
        while (!v->nfull && !v->abort) pthread_cond_wait(&v->cv, &v->mu);
        if (v->abort) {
            pthread_mutex_unlock(&v->mu);
            return NULL;
        }
        int bi = v->full[v->head];
        v->head = (v->head + 1) % NBATCH;
        v->nfull--;
        int failed = v->rc;
        pthread_mutex_unlock(&v->mu);
        batch *bt = &v->b[bi];
        int rc = failed ? SMP_OK : invert_batch(v, bt);
        int end = bt->end;
        pthread_mutex_lock(&v->mu);
        if (rc && !v->rc) v->rc = rc;
        v->freelist[v->nfree++] = bi;
        pthread_cond_broadcast(&v->cv);
        pthread_mutex_unlock(&v->mu);
        if (end) return NULL;
    }
}

/* --- the builder's side --------------------------------------------------- */

int smp_inverter_new(smp_inverter **out, const smp_invert_opts *o, smp_error *err) {
    *out = NULL;
    if (strlen(o->language) >= SMP_LANG_MAX)
        return smp_set_error(err, SMP_EINVAL, "language name too long");
    smp_inverter *v = calloc(1, sizeof *v);
    if (!v) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    v->o = *o;
    strcpy(v->language, o->language);
    v->o.language = v->language;
    v->run_prefix = o->run_prefix ? strdup(o->run_prefix) : NULL;
    v->o.run_prefix = NULL;
    v->gen = 1;
    v->cur = -1;
    for (int i = 0; i < NBATCH; i++) {
        smp_buf_init(&v->b[i].recs);
        smp_buf_init(&v->b[i].strs);
        smp_buf_init(&v->b[i].toks);
        v->freelist[v->nfree++] = i;
    }
    pthread_mutex_init(&v->mu, NULL);
    pthread_cond_init(&v->cv, NULL);
    int rc = (o->run_prefix && !v->run_prefix) ? SMP_ENOMEM : smp_writer_new(&v->w, v->language, v->o.analyzer);
    if (rc) {
        smp_inverter_free(v);
        return smp_set_error(err, rc, "out of memory");
    }
    smp_writer_set_positions(v->w, o->positions);
    if (pthread_create(&v->th, NULL, run, v)) {
        smp_inverter_free(v);
        return smp_set_error(err, SMP_ENOMEM, "cannot start the indexing thread");
    }
    v->running = 1;
    *out = v;
    return SMP_OK;
}

/* Hands the batch being filled over to the thread; 0, or its error. */
static int hand_over(smp_inverter *v, int end) {
    pthread_mutex_lock(&v->mu);
    if (v->cur >= 0) {
        v->b[v->cur].end = end;
        v->full[(v->head + v->nfull) % NBATCH] = v->cur;
        v->nfull++;
        v->cur = -1;
        pthread_cond_broadcast(&v->cv);
    }
    int rc = v->rc;
    pthread_mutex_unlock(&v->mu);
    return rc;
}

/* The batch to fill, waiting for one to come back if need be. */
static batch *current(smp_inverter *v) {
    if (v->cur >= 0) return &v->b[v->cur];
    pthread_mutex_lock(&v->mu);
    while (!v->nfree) pthread_cond_wait(&v->cv, &v->mu);
    v->cur = v->freelist[--v->nfree];
    pthread_mutex_unlock(&v->mu);
    batch *bt = &v->b[v->cur];
    smp_buf_reset(&bt->recs);
    smp_buf_reset(&bt->strs);
    smp_buf_reset(&bt->toks);
    bt->end = 0;
    return bt;
}

static size_t put_str(smp_buf *b, const char *s, size_t n) {
    size_t off = b->n;
    smp_buf_append(b, s, n);
    smp_buf_put_u8(b, 0);
    return off;
}

int smp_inverter_passage(smp_inverter *v, const smp_passage *p, int new_article,
                         const char *lang) {
    batch *bt = current(v);
    prec r;
    memset(&r, 0, sizeof r);
    r.new_article = (uint32_t)new_article;
    r.ordinal = p->ordinal;
    r.line = p->line;
    r.byte_start = p->byte_start;
    r.byte_end = p->byte_end;
    r.str[0] = put_str(&bt->strs, p->article_id, strlen(p->article_id));
    r.str[1] = put_str(&bt->strs, p->title, strlen(p->title));
    r.str[2] = put_str(&bt->strs, p->path, strlen(p->path));
    r.str[3] = put_str(&bt->strs, p->heading, strlen(p->heading));
    r.str[4] = put_str(&bt->strs, p->text, p->text_len);
    const char *frag = p->fragment ? p->fragment : "";
    r.frag = put_str(&bt->strs, frag, strlen(frag));
    if (new_article) {
        const smp_article_info *in = p->info;
        const char *f[6] = {in ? in->url : "",  in ? in->date : "",       in ? in->description : "",
                            in ? in->tags : "", in ? in->categories : "", in ? in->language : ""};
        for (int k = 0; k < 6; k++)
            r.info[k] = put_str(&bt->strs, f[k] ? f[k] : "", f[k] ? strlen(f[k]) : 0);
        r.lang = put_str(&bt->strs, lang ? lang : "", lang ? strlen(lang) : 0);
    }
    r.text_len = p->text_len;
    r.tok_start = bt->toks.n / sizeof(ptok);
    smp_buf_append(&bt->recs, &r, sizeof r);
    return bt->recs.rc || bt->strs.rc ? SMP_ENOMEM : SMP_OK;
}

int smp_inverter_term(smp_inverter *v, const char *stem, size_t len, uint32_t *tag, int field,
                      uint32_t pos) {
    batch *bt = &v->b[v->cur]; /* after smp_inverter_passage */
    ptok t = {tag, stem, (uint32_t)len, pos, field};
    smp_buf_append(&bt->toks, &t, sizeof t);
    prec *r = (prec *)(void *)(bt->recs.p + bt->recs.n - sizeof(prec));
    r->ntok++;
    return bt->toks.rc ? SMP_ENOMEM : SMP_OK;
}

int smp_inverter_end_passage(smp_inverter *v) {
    batch *bt = &v->b[v->cur];
    if (bt->toks.n / sizeof(ptok) < BATCH_TOKENS && bt->strs.n < BATCH_BYTES) return SMP_OK;
    return hand_over(v, 0);
}

static int smp_inverter_finish(smp_inverter *v, smp_error *err) {
    if (!v->running) return v->rc ? smp_set_error(err, v->rc, "%s", v->err.msg) : SMP_OK;
    current(v); /* an empty last batch is fine */
    hand_over(v, 1);
    pthread_join(v->th, NULL);
    v->running = 0;
    if (v->rc) return smp_set_error(err, v->rc, "%s", v->err.msg);
    return SMP_OK;
}

int smp_inverter_error(smp_inverter *v, smp_error *err) {
    pthread_mutex_lock(&v->mu);
    int rc = v->rc;
    pthread_mutex_unlock(&v->mu);
    return rc ? smp_set_error(err, rc, "%s", v->err.msg) : SMP_OK;
}

int smp_inverter_write(smp_inverter *v, const char *path, const char *aliases, size_t alen,
                       uint64_t source_bytes, smp_error *err) {
    int rc = smp_inverter_finish(v, err);
    if (rc) return rc;
    smp_writer_set_aliases(v->w, aliases, alen);
    if (v->nruns == 0) return smp_writer_write(v->w, path, source_bytes, err);
    if (smp_writer_passages(v->w) && (rc = flush_run(v, err))) return rc;
    return smp_merge_runs((const char *const *)v->runs, v->nruns, path, aliases, alen,
                          source_bytes, err);
}

uint64_t smp_inverter_runs(const smp_inverter *v) {
    smp_inverter *m = (smp_inverter *)(uintptr_t)v; /* the lock, not the state */
    pthread_mutex_lock(&m->mu);
    uint64_t n = m->runs_done;
    pthread_mutex_unlock(&m->mu);
    return n;
}

void smp_inverter_free(smp_inverter *v) {
    if (!v) return;
    if (v->running) { /* a build given up: stop the thread where it is */
        pthread_mutex_lock(&v->mu);
        v->abort = 1;
        pthread_cond_broadcast(&v->cv);
        pthread_mutex_unlock(&v->mu);
        pthread_join(v->th, NULL);
    }
    pthread_mutex_destroy(&v->mu);
    pthread_cond_destroy(&v->cv);
    for (int i = 0; i < NBATCH; i++) {
        smp_buf_free(&v->b[i].recs);
        smp_buf_free(&v->b[i].strs);
        smp_buf_free(&v->b[i].toks);
    }
    smp_writer_free(v->w);
    for (size_t i = 0; i < v->nruns; i++) {
        unlink(v->runs[i]);
        free(v->runs[i]);
    }
    free(v->runs);
    free(v->run_prefix);
    free(v);
}
