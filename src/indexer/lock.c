/*
 * lock.c - one writer per index.
 *
 * A build takes an advisory lock (flock) on INDEX.lock for its whole run;
 * a second build of the same index fails at once with SMP_EBUSY and the
 * process id of the one holding it.  Readers never take the lock: they
 * open whatever file the last rename put in place.  The lock file is left
 * in place (removing it would race with a writer that has just opened
 * it).  Once the lock is held, files an earlier build of this index left
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
#include <unistd.h>

#include "indexer/indexer.h"

struct smp_lock {
    int fd;
    char *index_path;
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
    int state = smp_index_open(&ix, index_path, &e);
    DIR *dd = opendir(dir);
    if (!dd) goto done;
    struct dirent *de;
    while ((de = readdir(dd))) {
        const char *n = de->d_name;
        if (strncmp(n, base, blen) || n[blen] != '.') continue;
        const char *rest = n + blen + 1;
        char p[4096];
        if (!strncmp(rest, "seg.", 4)) {
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

int smp_index_lock(smp_lock **out, const char *index_path, smp_error *err) {
    *out = NULL;
    size_t n = strlen(index_path) + 6;
    char *path = malloc(n);
    if (!path) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    snprintf(path, n, "%s.lock", index_path);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        int rc = smp_set_error(err, SMP_EIO, "cannot open the lock file %s: %s", path,
                               strerror(errno));
        free(path);
        return rc;
    }
    if (flock(fd, LOCK_EX | LOCK_NB)) {
        int e = errno, rc;
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
    free(path);
    smp_lock *l = malloc(sizeof *l);
    if (!l) {
        close(fd);
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    }
    l->fd = fd;
    if (!(l->index_path = strdup(index_path))) {
        close(fd);
        free(l);
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    }
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
    close(l->fd); /* releases the lock */
    free(l->index_path);
    free(l);
}
