/* batch.c - `smpsearch query --batch`: one question a line (or
 * 'id<TAB>question'), answered in the order of the file.
 *
 * With one thread each line is read, answered and written in turn.  With
 * several, the main thread reads the lines into a ring of slots; each
 * worker has a searcher of its own over the one index (which is read only
 * and shared, as smpsearch.h allows), takes the next line no one has taken,
 * and writes its answer into a buffer of the line's own.  Whichever worker
 * finishes the oldest line still unwritten writes it, and every finished
 * line after it, to stdout (and its error, if any, to stderr).  A searcher's
 * answers do not depend on the questions it answered before (its caches
 * only save work), so stdout and stderr are the same bytes whatever the
 * number of threads.  The ring bounds the memory: the reader waits when a
 * slow question holds back RING_PER_THREAD lines per thread. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define RING_PER_THREAD 64

/* One line of the batch. */
typedef struct batch_line {
    char *line;        /* owned: the line as read, qid and q point into it */
    const char *qid, *q;
    char idbuf[24];    /* qid when the line has no id: its number */
    unsigned long lineno;
    int done;          /* answered: out and rc are set */
    char *out;         /* what goes to stdout (open_memstream's), or NULL */
    size_t outlen;
    int rc;            /* of the search (0, or an SMP_E* code) */
    smp_error err;     /* its message, when rc is not 0 */
} batch_line;

/* Splits a line (its newline gone) into x: id and question. */
static void split_line(batch_line *x, char *line, unsigned long lineno) {
    x->line = line;
    x->lineno = lineno;
    char *tab = strchr(line, '\t');
    if (tab) {
        *tab = 0;
        x->qid = line;
        x->q = tab + 1;
    } else {
        snprintf(x->idbuf, sizeof x->idbuf, "%lu", lineno);
        x->qid = x->idbuf;
        x->q = line;
    }
}

/* Reads the next line of f that is not empty into *line (getline's
 * buffer, *cap its size), without its line end: its length, or -1 at the
 * end.  *lineno counts the lines read. */
static ssize_t next_line(FILE *f, char **line, size_t *cap, unsigned long *lineno) {
    ssize_t n;
    while ((n = getline(line, cap, f)) >= 0) {
        ++*lineno;
        while (n > 0 && ((*line)[n - 1] == '\n' || (*line)[n - 1] == '\r')) (*line)[--n] = 0;
        if (n > 0) return n;
    }
    return -1;
}

/* Answers x into out: the text format's heading of the question, then
 * the results.  Returns the search's code (its message in x->err). */
static int answer(smp_searcher *sr, const smp_search_options *so, const out_opts *o, FILE *out,
                  batch_line *x) {
    if (o->format == OUT_TEXT)
        text_printf(out, "%s## %s: %s\n", x->lineno > 1 ? "\n" : "", x->qid, x->q);
    smp_results *r = NULL;
    x->err = (smp_error){0, ""};
    int rc = smp_searcher_search(sr, x->q, so, &r, &x->err);
    if (rc) return rc;
    out_results(out, o, x->qid, x->q, r);
    smp_results_free(r);
    return SMP_OK;
}

/* What a failed search of x says on stderr; its effect on the exit status. */
static int report(const batch_line *x, int rc) {
    if (!rc) return EXIT_OK;
    text_printf(stderr, "smpsearch: %s: %s\n", x->qid, x->err.msg);
    return rc == SMP_EEMPTY ? EXIT_OK : EXIT_FAIL;
}

/* --- one thread --------------------------------------------------------- */

static int run_serial(smp_searcher *sr, const smp_search_options *so, const out_opts *o,
                      FILE *f) {
    char *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0;
    int status = EXIT_OK;
    batch_line x;
    while (next_line(f, &line, &cap, &lineno) >= 0) {
        split_line(&x, line, lineno);
        if (report(&x, answer(sr, so, o, stdout, &x)) != EXIT_OK) status = EXIT_FAIL;
    }
    free(line);
    return status;
}

/* --- several threads ---------------------------------------------------- */

typedef struct batch {
    pthread_mutex_t mu;
    pthread_cond_t work; /* a line to take, or the end of the file */
    pthread_cond_t room; /* a slot written and free again */
    batch_line *ring;
    size_t nring;
    uint64_t nread, ntaken, nwritten; /* lines read, taken, written */
    int eof;
    int status;
    const smp_search_options *so;
} batch;

typedef struct worker {
    batch *b;
    smp_searcher *sr;
    out_opts o; /* explain: this worker's searcher */
} worker;

/* Writes the finished lines from the oldest unwritten on (b->mu held). */
static void write_ready(batch *b) {
    int freed = 0;
    while (b->nwritten < b->nread) {
        batch_line *x = &b->ring[b->nwritten % b->nring];
        if (!x->done) break;
        if (x->outlen) fwrite(x->out, 1, x->outlen, stdout);
        if (report(x, x->rc) != EXIT_OK) b->status = EXIT_FAIL;
        free(x->out);
        free(x->line);
        memset(x, 0, sizeof *x);
        b->nwritten++;
        freed = 1;
    }
    if (freed) pthread_cond_signal(&b->room);
}

static void *work(void *arg) {
    worker *w = arg;
    batch *b = w->b;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        while (b->ntaken == b->nread && !b->eof) pthread_cond_wait(&b->work, &b->mu);
        if (b->ntaken == b->nread) break; /* the end, and nothing left */
        batch_line *x = &b->ring[b->ntaken++ % b->nring];
        pthread_mutex_unlock(&b->mu);
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        int rc;
        if (m) {
            rc = answer(w->sr, b->so, &w->o, m, x);
            if (fclose(m) && rc == SMP_OK) rc = SMP_ENOMEM;
        } else {
            rc = SMP_ENOMEM;
        }
        if (rc == SMP_ENOMEM && !x->err.code) x->err = (smp_error){SMP_ENOMEM, "out of memory"};
        pthread_mutex_lock(&b->mu);
        x->out = buf;
        x->outlen = buf ? len : 0;
        x->rc = rc;
        x->done = 1;
        write_ready(b);
    }
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

static int run_threads(smp_searcher **sr, unsigned nthreads, const smp_search_options *so,
                       const out_opts *o, FILE *f) {
    batch b = {.nring = (size_t)nthreads * RING_PER_THREAD, .status = EXIT_OK, .so = so};
    worker *w = calloc(nthreads, sizeof *w);
    pthread_t *tid = calloc(nthreads, sizeof *tid);
    b.ring = calloc(b.nring, sizeof *b.ring);
    if (!w || !tid || !b.ring) {
        free(w);
        free(tid);
        free(b.ring);
        text_printf(stderr, "smpsearch: out of memory\n");
        return EXIT_FAIL;
    }
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.work, NULL);
    pthread_cond_init(&b.room, NULL);
    unsigned started = 0;
    for (; started < nthreads; started++) {
        w[started] = (worker){&b, sr[started], *o};
        if (o->explain) w[started].o.explain = sr[started];
        if (pthread_create(&tid[started], NULL, work, &w[started])) break;
    }
    int status = EXIT_OK;
    if (started == 0) {
        text_printf(stderr, "smpsearch: cannot start a thread\n");
        status = EXIT_FAIL;
    }
    char *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0;
    while (started && next_line(f, &line, &cap, &lineno) >= 0) {
        pthread_mutex_lock(&b.mu);
        while (b.nread - b.nwritten == b.nring) pthread_cond_wait(&b.room, &b.mu);
        split_line(&b.ring[b.nread % b.nring], line, lineno);
        b.nread++;
        pthread_cond_signal(&b.work);
        pthread_mutex_unlock(&b.mu);
        line = NULL; /* the slot owns it */
        cap = 0;
    }
    free(line);
    pthread_mutex_lock(&b.mu);
    b.eof = 1;
    pthread_cond_broadcast(&b.work);
    pthread_mutex_unlock(&b.mu);
    for (unsigned i = 0; i < started; i++) pthread_join(tid[i], NULL);
    if (b.status != EXIT_OK) status = b.status;
    pthread_cond_destroy(&b.room);
    pthread_cond_destroy(&b.work);
    pthread_mutex_destroy(&b.mu);
    free(b.ring);
    free(tid);
    free(w);
    return status;
}

int cli_run_batch(smp_searcher **sr, unsigned nthreads, const smp_search_options *so,
                  const out_opts *o, const char *path) {
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!f) {
        perror(path);
        return EXIT_FAIL;
    }
    int status = nthreads > 1 ? run_threads(sr, nthreads, so, o, f) : run_serial(sr[0], so, o, f);
    if (f != stdin) fclose(f);
    fflush(stdout);
    return status;
}
