/*
 * lock.c - one writer per index.
 *
 * A build takes an advisory lock (flock) on INDEX.lock for its whole run;
 * a second build of the same index fails at once with SMP_EBUSY and the
 * process id of the one holding it.  Readers never take the lock: they
 * open whatever file the last rename put in place.
 *
 * The lock file does not stay behind: smp_index_unlock removes it while
 * still holding the lock, then releases it.  A locker may have opened the
 * file just before it was removed and be granted the lock on that
 * unlinked file once it is released, while a third process creates a new
 * INDEX.lock and locks that one: two holders.  So a locker, once granted
 * the lock, checks that the path still names the file it locked (same
 * device and inode; fstat against stat) and, when it does not, closes it
 * and starts again on the new file.  A holder's file is never removed by
 * anyone else, so the one whose check passes holds the only lock that
 * counts.  The same check on a busy lock tells a finishing build (its file
 * already removed) from a running one.  A killed build leaves its
 * INDEX.lock, unlocked: the next build takes it and removes it when done.
 *
 * Once the lock is held, files an earlier build of this index left
 * behind when it was killed (INDEX.tmp.*, INDEX.pos.*, INDEX.run.* and the
 * temporary files of runs) are removed: only a build holding the lock makes
 * them.  So are segment files (INDEX.seg.*, update.c) that the manifest in
 * place does not name, when the lock is taken and when it is released:
 * those of a killed update, or of a segmented index a full build replaced.
 * When the index in place cannot be read, no segment file is touched.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "indexer/indexer.h"

struct smp_lock {
    int fd;
    char *index_path;
    char *lock_path; /* INDEX.lock, removed by smp_index_unlock */
};

/* 1 when INDEX.seg.* file `name` is not named by the manifest in place
 * (there is none, or a single index file is there); 0 when it is, or
 * when the index cannot be read. */
static int orphan_segment(const smp_index *ix, int state, const char *name) {
    if (state == SMP_ENOTFOUND) return 1;
    if (state != SMP_OK) return 0;
    const smp_manifest *m = smp_index_manifest(ix);
    for (uint32_t i = 0; m && i < m->nseg; i++)
        if (!strcmp(m->seg[i].name, name)) return 0;
    return 1;
}

/* Removes DIR/BASE.tmp.*, .pos.* and .run.* (left by a killed build). */
static void remove_leftovers(const char *index_path) {
    char *d = strdup(index_path), *b = strdup(index_path);
    smp_index *ix = NULL;
    if (!d || !b) goto done;
    const char *dir = dirname(d), *base = basename(b);
    size_t blen = strlen(base);
    smp_error e;
    int state = SMP_OK, opened = 0; /* the index in place: opened at the first
                                       segment file, when there is one */
    DIR *dd = opendir(dir);
    if (!dd) goto done;
    struct dirent *de;
    while ((de = readdir(dd))) {
        const char *n = de->d_name;
        if (strncmp(n, base, blen) || n[blen] != '.') continue;
        const char *rest = n + blen + 1;
        char p[4096];
        if (!strncmp(rest, "seg.", 4)) {
            if (!opened++) state = smp_index_open(&ix, index_path, &e);
            if (orphan_segment(ix, state, n) && snprintf(p, sizeof p, "%s/%s", dir, n) <
                                                    (int)sizeof p)
                unlink(p);
            continue;
        }
        if (strncmp(rest, "tmp.", 4) && strncmp(rest, "pos.", 4) && strncmp(rest, "run.", 4))
            continue;
        /* KIND.XXXXXX from mkstemp, or the temporary file of a run */
        size_t rl = strlen(rest);
        if (rl != 10 && !(rl == 21 && !strncmp(rest + 10, ".tmp.", 5))) continue;
        if (snprintf(p, sizeof p, "%s/%s", dir, n) < (int)sizeof p) unlink(p);
    }
    closedir(dd);
done:
    smp_index_close(ix);
    free(d);
    free(b);
}

/* 1 when path names the file open as fd (it was not removed, or removed
 * and made again, since fd was opened). */
static int same_file(int fd, const char *path) {
    struct stat a, b;
    return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

int smp_index_lock(smp_lock **out, const char *index_path, smp_error *err) {
    *out = NULL;
    size_t n = strlen(index_path) + 6;
    char *path = malloc(n);
    if (!path) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    snprintf(path, n, "%s.lock", index_path);
    int fd;
    /* a file removed under us by a holder that finished: try the new one;
       each round needs another build to finish in between, so a few do */
    for (int attempt = 0;; attempt++) {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            int rc = smp_set_error(err, SMP_EIO, "cannot open the lock file %s: %s", path,
                                   strerror(errno));
            free(path);
            return rc;
        }
        int locked = flock(fd, LOCK_EX | LOCK_NB) == 0;
        int e = errno, rc;
        if (!same_file(fd, path)) {
            close(fd);
            if (attempt < 100) continue;
            rc = smp_set_error(err, SMP_EBUSY,
                               "%s is being written by other smpsearch processes, one after "
                               "another; try again when they are done", index_path);
            free(path);
            return rc;
        }
        if (locked) break;
        if (e == EWOULDBLOCK) {
            char pid[32] = "";
            ssize_t k = pread(fd, pid, sizeof pid - 1, 0);
            pid[k > 0 ? k : 0] = 0;
            pid[strcspn(pid, "\n")] = 0;
            rc = smp_set_error(err, SMP_EBUSY,
                               "%s is being written by another smpsearch (process %s); "
                               "try again when it is done",
                               index_path, *pid ? pid : "unknown");
        } else {
            rc = smp_set_error(err, SMP_EIO, "cannot lock %s: %s", path, strerror(e));
        }
        close(fd);
        free(path);
        return rc;
    }
    smp_lock *l = malloc(sizeof *l);
    if (!l || !(l->index_path = strdup(index_path))) {
        unlink(path); /* still held: no one else has it */
        close(fd);
        free(path);
        free(l);
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    }
    l->fd = fd;
    l->lock_path = path;
    char pid[32];
    int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)len, 0) < 0) {
        /* only a hint for the message above */
    }
    remove_leftovers(index_path);
    *out = l;
    return SMP_OK;
}

void smp_index_unlock(smp_lock *l) {
    if (!l) return;
    remove_leftovers(l->index_path); /* what the writer made orphans */
    /* removed while held, then released: see the top */
    unlink(l->lock_path);
    close(l->fd);
    free(l->lock_path);
    free(l->index_path);
    free(l);
}
