/* logwriter.h - the search log of `smpsearch serve --log FILE`: lines
 * (querylog.h) that request threads hand to a writer thread through a
 * bounded queue, so that no request waits for the disk. */
#ifndef SMP_LOGWRITER_H
#define SMP_LOGWRITER_H

#include <stddef.h>
#include <stdint.h>

typedef struct logwriter logwriter;

typedef struct logwriter_opts {
    uint64_t max_size; /* rotate when the file would grow past it (0: never) */
    unsigned keep;     /* rotated files kept: FILE.1 .. FILE.keep (0: none) */
    unsigned queue;    /* lines waiting at most; more are dropped and counted */
} logwriter_opts;

typedef struct logwriter_stats {
    uint64_t written; /* lines written */
    uint64_t dropped; /* lines dropped: the queue was full, or a write failed */
    uint64_t rotations;
} logwriter_stats;

/* Opens path for appending (created 0640 when missing) and starts the
 * writer thread: 0, or -1 with a message in msg (msglen bytes). */
int logwriter_open(logwriter **out, const char *path, const logwriter_opts *o, char *msg,
                   size_t msglen);
/* Queues a copy of line (len bytes, ending in a newline).  Never waits
 * for the disk: when the queue is full, or no memory is left, the line is
 * dropped and counted. */
void logwriter_push(logwriter *w, const char *line, size_t len);
/* Asks the writer to close and open the file again (after logrotate
 * renamed it; SIGHUP). */
void logwriter_reopen(logwriter *w);
void logwriter_get_stats(logwriter *w, logwriter_stats *st);
/* Writes what is queued, stops the thread and closes the file.  NULL is a
 * no-op. */
void logwriter_close(logwriter *w);

#endif
