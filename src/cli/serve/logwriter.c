/* logwriter.c - the search log's writer thread (logwriter.h).
 *
 * Request threads copy their line and append it to a queue under a
 * mutex held for a few instructions; only the writer thread touches the
 * file.  It takes the whole queue at once (swapping two arrays), writes it
 * with as few write(2) calls as fit, and rotates the file when the next
 * line would take it past max_size: FILE.(keep-1) becomes FILE.keep, ...,
 * FILE becomes FILE.1, and a new FILE is opened.  Being the only writer,
 * it never loses or splits a line in a rotation.  The file is opened with
 * O_APPEND, so a line written while another process appends to the same
 * file is not interleaved with its lines either.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/serve/logwriter.h"

#define BUF_SIZE (1 << 16) /* bytes gathered for one write(2) */

typedef struct line {
    char *s;
    size_t n;
} line;

struct logwriter {
    char *path;
    logwriter_opts o;
    int fd;         /* -1 while the file cannot be opened */
    uint64_t size;  /* of the file, as far as this writer knows */
    int failing;    /* the last write or open failed (said once) */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* under mu: */
    line *queue;
    unsigned n;
    line *spare; /* the writer's: the other array of the two */
    char *buf;   /* the writer's: lines gathered for one write */
    int stop, reopen;
    logwriter_stats st;
};

static int open_log(logwriter *w) {
    w->fd = open(w->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (w->fd < 0) return -1;
    struct stat sb;
    w->size = fstat(w->fd, &sb) == 0 ? (uint64_t)sb.st_size : 0;
    return 0;
}

static void say_failure(logwriter *w, const char *what) {
    if (w->failing) return;
    w->failing = 1;
    text_printf(stderr, "smpsearch serve: --log %s: %s: %s (lines are dropped until it works)\n",
            w->path, what, strerror(errno));
}

/* Writes buf whole: 0 or -1. */
static int write_all(int fd, const char *buf, size_t n) {
    while (n) {
        ssize_t k = write(fd, buf, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        buf += k;
        n -= (size_t)k;
    }
    return 0;
}

/* FILE.(keep-1) -> FILE.keep, ..., FILE -> FILE.1, a new FILE. */
static void rotate(logwriter *w) {
    size_t plen = strlen(w->path) + 24;
    char *from = malloc(plen), *to = malloc(plen);
    if (w->fd >= 0) close(w->fd);
    w->fd = -1;
    if (from && to) {
        for (unsigned i = w->o.keep; i >= 2; i--) {
            snprintf(from, plen, "%s.%u", w->path, i - 1);
            snprintf(to, plen, "%s.%u", w->path, i);
            rename(from, to); /* a missing one is no error */
        }
        if (w->o.keep) {
            snprintf(to, plen, "%s.1", w->path);
            rename(w->path, to);
        } else {
            unlink(w->path);
        }
    }
    free(from);
    free(to);
    if (open_log(w)) {
        say_failure(w, "cannot open it after rotating");
    } else {
        pthread_mutex_lock(&w->mu);
        w->st.rotations++;
        pthread_mutex_unlock(&w->mu);
    }
}

/* Writes lines[0..n), freeing them; returns the number written. */
static uint64_t write_lines(logwriter *w, line *lines, unsigned n, char *buf, size_t cap) {
    uint64_t written = 0;
    size_t used = 0;
    unsigned pending = 0; /* lines in buf */
    for (unsigned i = 0; i <= n; i++) {
        int last = i == n;
        int full = !last && used + lines[i].n > cap;
        int rot = !last && w->o.max_size && w->size + used + lines[i].n > w->o.max_size &&
                  w->size + used > 0;
        if ((last || full || rot) && used) {
            if (w->fd >= 0 && write_all(w->fd, buf, used) == 0) {
                w->failing = 0;
                written += pending;
                w->size += used;
            } else if (w->fd >= 0) {
                say_failure(w, "cannot write");
            }
            used = 0;
            pending = 0;
        }
        if (last) break;
        if (rot) rotate(w);
        if (lines[i].n > cap) { /* longer than the buffer: on its own */
            if (w->fd >= 0 && write_all(w->fd, lines[i].s, lines[i].n) == 0) {
                written++;
                w->size += lines[i].n;
            }
        } else {
            memcpy(buf + used, lines[i].s, lines[i].n);
            used += lines[i].n;
            pending++;
        }
        free(lines[i].s);
    }
    return written;
}

static void *writer_main(void *arg) {
    logwriter *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->mu);
        while (!w->n && !w->stop && !w->reopen) pthread_cond_wait(&w->cv, &w->mu);
        line *batch = w->queue;
        unsigned n = w->n;
        int stop = w->stop, reopen = w->reopen;
        w->queue = w->spare; /* take the queue, leave the empty array */
        w->n = 0;
        w->spare = batch;
        w->reopen = 0;
        pthread_mutex_unlock(&w->mu);
        if (reopen) {
            if (w->fd >= 0) close(w->fd);
            w->failing = 0;
            if (open_log(w)) say_failure(w, "cannot open it again");
        } else if (w->fd < 0 && n && open_log(w) == 0) {
            w->failing = 0;
        }
        uint64_t written = write_lines(w, batch, n, w->buf, BUF_SIZE);
        pthread_mutex_lock(&w->mu);
        w->st.written += written;
        w->st.dropped += n - written;
        pthread_mutex_unlock(&w->mu);
        if (stop && !n) break;
    }
    return NULL;
}

int logwriter_open(logwriter **out, const char *path, const logwriter_opts *o, char *msg,
                   size_t msglen) {
    *out = NULL;
    logwriter *w = calloc(1, sizeof *w);
    unsigned qn = o->queue ? o->queue : 1;
    if (!w || !(w->path = strdup(path)) || !(w->queue = calloc(qn, sizeof *w->queue)) ||
        !(w->spare = calloc(qn, sizeof *w->spare)) || !(w->buf = malloc(BUF_SIZE))) {
        snprintf(msg, msglen, "out of memory");
        goto fail;
    }
    w->o = *o;
    w->o.queue = qn;
    if (open_log(w)) {
        snprintf(msg, msglen, "--log %s: %s", path, strerror(errno));
        goto fail;
    }
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w)) {
        snprintf(msg, msglen, "--log: cannot start the writer thread");
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        close(w->fd);
        goto fail;
    }
    *out = w;
    return 0;
fail:
    if (w) {
        free(w->buf);
        free(w->spare);
        free(w->queue);
        free(w->path);
        free(w);
    }
    return -1;
}

void logwriter_push(logwriter *w, const char *s, size_t n) {
    char *copy = malloc(n ? n : 1);
    if (copy) memcpy(copy, s, n);
    pthread_mutex_lock(&w->mu);
    if (copy && w->n < w->o.queue) {
        w->queue[w->n++] = (line){copy, n};
        if (w->n == 1) pthread_cond_signal(&w->cv);
        copy = NULL;
    } else {
        w->st.dropped++;
    }
    pthread_mutex_unlock(&w->mu);
    free(copy);
}

void logwriter_reopen(logwriter *w) {
    pthread_mutex_lock(&w->mu);
    w->reopen = 1;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

void logwriter_get_stats(logwriter *w, logwriter_stats *st) {
    pthread_mutex_lock(&w->mu);
    *st = w->st;
    pthread_mutex_unlock(&w->mu);
}

void logwriter_close(logwriter *w) {
    if (!w) return;
    pthread_mutex_lock(&w->mu);
    w->stop = 1;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    for (unsigned i = 0; i < w->n; i++) free(w->queue[i].s); /* none, unless memory ran out */
    if (w->fd >= 0) close(w->fd);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w->buf);
    free(w->spare);
    free(w->queue);
    free(w->path);
    free(w);
}
