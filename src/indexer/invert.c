/*
 * invert.c - analysing and inverting a build's passages, on threads of
 * their own.
 *
 * The builder (builder.c) reads files and splits them into passages; it
 * hands each passage over as a record (its article, place and text) into
 * a batch.  Full batches are analysed (tokenized and stemmed) by worker
 * threads, one batch each at a time, each worker with stemmers of its
 * own, giving each passage its terms (stem, field, position and the
 * stemmer's tag of the word).  The inverting thread takes the analysed
 * batches strictly in the order they were filled and adds them to the
 * writer (write.c); under a memory budget it writes runs and starts new
 * writers, merged at the end (runs.c).  So the build uses every core: the
 * analysis, most of a build's work, is shared by the workers, and the
 * index is the same whatever their timing, since passages and terms
 * reach the writer in the order the builder gave them.
 *
 * Ownership: the builder owns the batch it fills; a worker owns the batch
 * it analyses and its stemmers; the inverting thread owns the batch it
 * inverts, the writer, the runs and the word tags.  A tag (two u32 kept
 * by a worker's stemmer cache for each distinct word, in memory that
 * never moves) holds the word's term number in the current writer and
 * that writer's generation; only the inverting thread reads or writes it,
 * and the queue's lock orders its zeroing by the stemmer before any use
 * there.  Batches change hands under the one lock.  Errors of any thread
 * are sticky and reported to the builder at its next hand-over or at the
 * end.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "indexer/indexer.h"

#define MAX_WORKERS 4             /* analysing threads, at most */
#define NBATCH (2 * MAX_WORKERS + 2) /* batches in flight, at most */
#define BATCH_PASSAGES 4096       /* a batch is handed over at this many passages */
#define BATCH_BYTES (256u << 10)  /* or this much text */
#define PREFETCH_TAG 8            /* how many words ahead a tag is fetched */

typedef struct prec { /* a passage in a batch */
    uint32_t new_article;
    uint32_t ordinal, line;
    uint64_t byte_start, byte_end;
    size_t str[5]; /* offsets in strs: article id, title, path, heading, text */
    size_t frag;   /* offset in strs of the fragment */
    size_t info[6]; /* offsets in strs of the article's info (smp_article_info) */
    size_t lang;    /* offset in strs of its stemmer's language, "" the index's
                       (new articles) */
    size_t slang;   /* the same for every passage: whose stemmer analyses it */
    size_t text_len;
    size_t tok_start, ntok;
} prec;

typedef struct ptok { /* a term occurrence */
    uint32_t *tag;
    const char *stem; /* in the stemmer's arena: never moves */
    uint32_t len, pos;
    int field;
} ptok;

enum { B_FREE, B_FILLING, B_QUEUED, B_ANALYSING, B_READY, B_INVERTING };

typedef struct batch {
    smp_buf recs, strs, toks;
    int end;      /* the last batch */
    int state;    /* B_* */
    uint64_t seq; /* the order it was filled in */
} batch;

/* An analysing thread and its stemmers: the index's language's, and
 * those of the other languages its passages come in, made when first
 * needed. */
typedef struct worker {
    smp_inverter *v;
    pthread_t th;
    smp_stemmer *st;
    struct {
        char name[SMP_LANG_MAX];
        smp_stemmer *st;
    } langs[SMP_MAX_LANGUAGES];
    size_t nlangs;
    smp_error err;
} worker;

struct smp_inverter {
    smp_invert_opts o;
    char language[SMP_LANG_MAX]; /* for META: format.h */
    char *run_prefix;
    /* queue, under mu */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch b[NBATCH];
    int nbatch;
    uint64_t fill_seq;   /* seq of the next batch the builder fills */
    uint64_t invert_seq; /* seq of the next batch to invert */
    int cur; /* the batch being filled by the builder, -1 none */
    pthread_t th;
    int running, abort;
    worker workers[MAX_WORKERS];
    int nworkers;    /* started */
    int closing;     /* the last batch is queued: workers end when none is left */
    int rc;          /* sticky, the first error of any thread */
    smp_error err;   /* its message */
    /* the inverting thread's */
    smp_writer *w;
    uint32_t gen; /* generation of w, never 0 */
    char **runs;
    size_t nruns;
    size_t runs_done; /* nruns as the builder may read it, under mu */
    smp_error ierr;
    smp_buf occs; /* a passage's occurrences (smp_term_occ) */
};

/* Records the first error of any thread (rc, message in e); under mu. */
static void fail(smp_inverter *v, int rc, const smp_error *e) {
    if (rc && !v->rc) {
        v->rc = rc;
        v->err = *e;
    }
}

/* --- the inverting thread ------------------------------------------------- */

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
    smp_writer_set_scratch(v->w); /* read back by the merge, then removed */
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
                (rc = flush_run(v, &v->ierr)))
                return rc;
            uint32_t a;
            smp_article_info info = {s + r->info[0], s + r->info[1], s + r->info[2],
                                     s + r->info[3], s + r->info[4], s + r->info[5]};
            if ((rc = smp_writer_add_article(v->w, s + r->str[0], s + r->str[1], s + r->str[2],
                                             &info, &a, &v->ierr)))
                return rc;
            if (s[r->lang] && (rc = smp_writer_add_language(v->w, s + r->lang)))
                return smp_set_error(&v->ierr, rc, "out of memory");
        }
        uint32_t doc;
        const char *heading = s + r->str[3];
        rc = smp_writer_add_passage(v->w, r->ordinal, r->line, r->byte_start, r->byte_end, heading,
                                    strlen(heading), s + r->frag, s + r->str[4], r->text_len,
                                    &doc);
        if (rc) return smp_set_error(&v->ierr, rc, "cannot add a passage of %s", s + r->str[2]);
        /* the passage's term numbers, then its occurrences all at once */
        if (smp_buf_reserve(&v->occs, r->ntok * sizeof(smp_term_occ)))
            return smp_set_error(&v->ierr, SMP_ENOMEM, "out of memory");
        smp_term_occ *o = (smp_term_occ *)(void *)v->occs.p;
        const ptok *t = &tk[r->tok_start];
        for (size_t k = 0; k < r->ntok; k++, t++) {
            if (k + PREFETCH_TAG < r->ntok) __builtin_prefetch(t[PREFETCH_TAG].tag, 1);
            if (t->tag[1] != v->gen) { /* first time in this writer */
                int64_t id = smp_writer_term_id(v->w, t->stem, t->len);
                if (id < 0) return smp_set_error(&v->ierr, SMP_ENOMEM, "out of memory");
                t->tag[0] = (uint32_t)id;
                t->tag[1] = v->gen;
            }
            o[k] = (smp_term_occ){t->tag[0], t->pos, (uint32_t)t->field};
        }
        if ((rc = smp_writer_add_occs(v->w, doc, o, r->ntok)))
            return smp_set_error(&v->ierr, rc, "cannot index a passage of %s", s + r->str[2]);
    }
    return SMP_OK;
}

/* The batch of sequence number seq when it is in the state, or -1. */
static int find_batch(const smp_inverter *v, int state, uint64_t seq) {
    for (int i = 0; i < v->nbatch; i++)
        if (v->b[i].state == state && v->b[i].seq == seq) return i;
    return -1;
}

static void *run(void *arg) {
    smp_inverter *v = arg;
    pthread_mutex_lock(&v->mu);
    for (;;) {
        int bi;
        while ((bi = find_batch(v, B_READY, v->invert_seq)) < 0 && !v->abort)
            pthread_cond_wait(&v->cv, &v->mu);
        if (bi < 0) break; /* aborted */
        batch *bt = &v->b[bi];
        bt->state = B_INVERTING;
        int failed = v->rc;
        pthread_mutex_unlock(&v->mu);
        int rc = failed ? SMP_OK : invert_batch(v, bt);
        pthread_mutex_lock(&v->mu);
        fail(v, rc, &v->ierr);
        bt->state = B_FREE;
        v->invert_seq++;
        pthread_cond_broadcast(&v->cv);
        if (bt->end) break;
    }
    pthread_mutex_unlock(&v->mu);
    return NULL;
}

/* --- the analysing threads ------------------------------------------------ */

/* The worker's stemmer for passages of the language (libstemmer's name),
 * "" for the index's; NULL when out of memory. */
static smp_stemmer *worker_stemmer(worker *k, const char *lang, smp_error *err) {
    if (!*lang) return k->st;
    for (size_t i = 0; i < k->nlangs; i++)
        if (!strcmp(k->langs[i].name, lang)) return k->langs[i].st;
    if (k->nlangs == SMP_MAX_LANGUAGES || strlen(lang) >= SMP_LANG_MAX) {
        smp_set_error(err, SMP_EINVAL, "too many languages");
        return NULL;
    }
    smp_stemmer *st;
    if (smp_stemmer_new(&st, lang, err)) return NULL;
    smp_stemmer_set_analyzer(st, k->v->o.analyzer);
    strcpy(k->langs[k->nlangs].name, lang);
    k->langs[k->nlangs++].st = st;
    return st;
}

/* Word positions run through the fields of a passage (title, heading,
 * body) with a gap of one between fields, so that no phrase spans two. */
typedef struct field_ctx {
    smp_buf *toks;
    uint32_t base, end; /* first position of the field; one past the last used */
    int field;
    size_t ntok;
} field_ctx;

static int on_field_term(void *ud, const char *term, size_t len, const smp_token *tok,
                         uint32_t *tag) {
    field_ctx *f = ud;
    uint32_t pos = f->base + tok->pos;
    if (pos < f->base) return SMP_EINVAL; /* over 4 billion words */
    if (pos + 1 > f->end) f->end = pos + 1;
    if (len == 0 || len > UINT16_MAX) return SMP_EINVAL;
    ptok t = {tag, term, (uint32_t)len, pos, f->field};
    smp_buf_append(f->toks, &t, sizeof t);
    f->ntok++;
    return f->toks->rc ? SMP_ENOMEM : SMP_OK;
}

/* Gives each passage of the batch its terms. */
static int analyse_batch(worker *k, batch *bt) {
    prec *r = (prec *)(void *)bt->recs.p;
    size_t n = bt->recs.n / sizeof *r;
    const char *s = (const char *)bt->strs.p;
    smp_buf_reset(&bt->toks);
    for (size_t i = 0; i < n; i++, r++) {
        smp_stemmer *st = worker_stemmer(k, s + r->slang, &k->err);
        if (!st) return k->err.code ? k->err.code : SMP_ENOMEM;
        field_ctx f = {&bt->toks, 0, 0, SMP_FIELD_TITLE, 0};
        const char *title = s + r->str[1], *heading = s + r->str[3];
        int rc = smp_analyze_tagged(st, title, strlen(title), on_field_term, &f);
        if (rc == SMP_OK) {
            f.field = SMP_FIELD_HEADING;
            f.base = f.end + 1;
            rc = smp_analyze_tagged(st, heading, strlen(heading), on_field_term, &f);
        }
        if (rc == SMP_OK) {
            f.field = SMP_FIELD_BODY;
            f.base = f.end + 1;
            rc = smp_analyze_tagged(st, s + r->str[4], r->text_len, on_field_term, &f);
        }
        if (rc)
            return smp_set_error(&k->err, rc, "%s: %s", s + r->str[2], smp_strerror(rc));
        r->tok_start = bt->toks.n / sizeof(ptok) - f.ntok;
        r->ntok = f.ntok;
    }
    return SMP_OK;
}

/* The queued batch filled first, or -1. */
static int first_queued(const smp_inverter *v) {
    int best = -1;
    for (int i = 0; i < v->nbatch; i++)
        if (v->b[i].state == B_QUEUED && (best < 0 || v->b[i].seq < v->b[best].seq)) best = i;
    return best;
}

static void *work(void *arg) {
    worker *k = arg;
    smp_inverter *v = k->v;
    pthread_mutex_lock(&v->mu);
    for (;;) {
        int bi;
        while ((bi = first_queued(v)) < 0 && !v->abort && !v->closing)
            pthread_cond_wait(&v->cv, &v->mu);
        if (bi < 0 || v->abort) break;
        batch *bt = &v->b[bi];
        bt->state = B_ANALYSING;
        int failed = v->rc;
        pthread_mutex_unlock(&v->mu);
        int rc = failed ? SMP_OK : analyse_batch(k, bt);
        pthread_mutex_lock(&v->mu);
        fail(v, rc, &k->err);
        bt->state = B_READY;
        pthread_cond_broadcast(&v->cv);
    }
    pthread_mutex_unlock(&v->mu);
    return NULL;
}

/* The number of analysing threads: one a processor, at most MAX_WORKERS. */
static int worker_count(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (int)n;
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
    int nworkers = worker_count();
    v->nbatch = 2 * nworkers + 2;
    for (int i = 0; i < NBATCH; i++) {
        smp_buf_init(&v->b[i].recs);
        smp_buf_init(&v->b[i].strs);
        smp_buf_init(&v->b[i].toks);
    }
    smp_buf_init(&v->occs);
    pthread_mutex_init(&v->mu, NULL);
    pthread_cond_init(&v->cv, NULL);
    int rc = (o->run_prefix && !v->run_prefix) ? SMP_ENOMEM : smp_writer_new(&v->w, v->language, v->o.analyzer);
    if (rc) {
        smp_inverter_free(v);
        return smp_set_error(err, rc, "out of memory");
    }
    smp_writer_set_positions(v->w, o->positions);
    for (int i = 0; i < nworkers; i++) {
        worker *k = &v->workers[i];
        k->v = v;
        if ((rc = smp_stemmer_new(&k->st, v->language, err))) {
            smp_inverter_free(v);
            return rc;
        }
        smp_stemmer_set_analyzer(k->st, v->o.analyzer);
        if (pthread_create(&k->th, NULL, work, k)) break;
        v->nworkers++;
    }
    if (!v->nworkers || pthread_create(&v->th, NULL, run, v)) {
        smp_inverter_free(v);
        return smp_set_error(err, SMP_ENOMEM, "cannot start the indexing threads");
    }
    v->running = 1;
    *out = v;
    return SMP_OK;
}

/* Hands the batch being filled over to the workers; 0, or the first
 * error of any thread. */
static int hand_over(smp_inverter *v, int end) {
    pthread_mutex_lock(&v->mu);
    if (v->cur >= 0) {
        v->b[v->cur].end = end;
        v->b[v->cur].state = B_QUEUED;
        v->cur = -1;
        if (end) v->closing = 1;
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
    int bi;
    for (;;) {
        for (bi = 0; bi < v->nbatch && v->b[bi].state != B_FREE; bi++) {}
        if (bi < v->nbatch) break;
        pthread_cond_wait(&v->cv, &v->mu);
    }
    v->cur = bi;
    batch *bt = &v->b[bi];
    bt->state = B_FILLING;
    bt->seq = v->fill_seq++;
    pthread_mutex_unlock(&v->mu);
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
    r.slang = put_str(&bt->strs, lang ? lang : "", lang ? strlen(lang) : 0);
    r.text_len = p->text_len;
    smp_buf_append(&bt->recs, &r, sizeof r);
    if (bt->recs.rc || bt->strs.rc) return SMP_ENOMEM;
    if (bt->recs.n / sizeof r < BATCH_PASSAGES && bt->strs.n < BATCH_BYTES) return SMP_OK;
    return hand_over(v, 0);
}

static int smp_inverter_finish(smp_inverter *v, smp_error *err) {
    if (!v->running) return v->rc ? smp_set_error(err, v->rc, "%s", v->err.msg) : SMP_OK;
    current(v); /* an empty last batch is fine */
    hand_over(v, 1);
    pthread_join(v->th, NULL);
    for (int i = 0; i < v->nworkers; i++) pthread_join(v->workers[i].th, NULL);
    v->nworkers = 0;
    v->running = 0;
    if (v->rc) return smp_set_error(err, v->rc, "%s", v->err.msg);
    return SMP_OK;
}

int smp_inverter_error(smp_inverter *v, smp_error *err) {
    pthread_mutex_lock(&v->mu);
    int rc = v->rc;
    if (rc) smp_set_error(err, rc, "%s", v->err.msg);
    pthread_mutex_unlock(&v->mu);
    return rc;
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
    if (v->nworkers) { /* a build given up: stop the threads where they are */
        pthread_mutex_lock(&v->mu);
        v->abort = 1;
        pthread_cond_broadcast(&v->cv);
        pthread_mutex_unlock(&v->mu);
        if (v->running) pthread_join(v->th, NULL);
        for (int i = 0; i < v->nworkers; i++) pthread_join(v->workers[i].th, NULL);
        v->nworkers = 0;
    }
    for (int i = 0; i < MAX_WORKERS; i++) {
        worker *k = &v->workers[i];
        smp_stemmer_free(k->st);
        for (size_t j = 0; j < k->nlangs; j++) smp_stemmer_free(k->langs[j].st);
    }
    pthread_mutex_destroy(&v->mu);
    pthread_cond_destroy(&v->cv);
    for (int i = 0; i < NBATCH; i++) {
        smp_buf_free(&v->b[i].recs);
        smp_buf_free(&v->b[i].strs);
        smp_buf_free(&v->b[i].toks);
    }
    smp_buf_free(&v->occs);
    smp_writer_free(v->w);
    for (size_t i = 0; i < v->nruns; i++) {
        unlink(v->runs[i]);
        free(v->runs[i]);
    }
    free(v->runs);
    free(v->run_prefix);
    free(v);
}
