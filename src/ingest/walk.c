/* walk.c - listing the input files of a build: a file, or a folder walked
 * recursively in name order (hidden entries left out).  A full build and
 * an incremental update list the same files in the same order, which is
 * the order of the passages in the index. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/ingest.h"

#define MAX_DEPTH 64

int smp_format_of(const char *path) {
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) return 0;
    static const struct {
        const char *ext;
        int fmt;
    } formats[] = {{".md", 'm'},   {".markdown", 'm'}, {".mdown", 'm'}, {".mkd", 'm'},
                   {".mkdn", 'm'}, {".mdx", 'm'},      {".txt", 't'},   {".text", 't'},
                   {".jsonl", 'j'},  {".html", 'h'},     {".htm", 'h'},   {".xhtml", 'h'}};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (!strcasecmp(dot, formats[i].ext)) return formats[i].fmt;
    return 0;
}

/* Entries are kept as their d_type byte, then the name. */
static int cmp_entry(const void *a, const void *b) {
    return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

static int walk_dir(const char *path, int depth, smp_walk_fn fn, void *ud, smp_error *err) {
    if (depth > MAX_DEPTH) return fn(ud, SMP_WALK_NOTE, path, 0, "directories nested too deeply");
    DIR *d = opendir(path);
    if (!d) {
        char why[300];
        snprintf(why, sizeof why, "cannot read directory: %s", strerror(errno));
        return fn(ud, SMP_WALK_SKIP_DIR, path, 0, why);
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = SMP_OK;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue; /* ., .., hidden files */
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            char **nn = realloc(names, nc * sizeof *nn);
            if (!nn) { rc = SMP_ENOMEM; break; }
            names = nn;
            cap = nc;
        }
        size_t nl = strlen(de->d_name);
        if (!(names[n] = malloc(nl + 2))) { rc = SMP_ENOMEM; break; }
        names[n][0] = (char)de->d_type;
        memcpy(names[n] + 1, de->d_name, nl + 1);
        n++;
    }
    closedir(d);
    if (rc == SMP_OK && n > 1) qsort(names, n, sizeof *names, cmp_entry);
    size_t plen = strlen(path);
    for (size_t i = 0; rc == SMP_OK && i < n; i++) {
        const char *name = names[i] + 1;
        unsigned char type = (unsigned char)names[i][0];
        size_t len = plen + strlen(name) + 2;
        char *child = malloc(len);
        if (!child) { rc = SMP_ENOMEM; break; }
        snprintf(child, len, "%s%s%s", path, plen && path[plen - 1] == '/' ? "" : "/", name);
        struct stat st;
        if (depth == 0 && !strcmp(name, "synonyms.txt")) {
            rc = fn(ud, SMP_WALK_SYNONYMS, child, 0, NULL);
        } else if (type == DT_REG) { /* no stat needed: readdir said so */
            int fmt = smp_format_of(child);
            rc = fn(ud, fmt ? SMP_WALK_FILE : SMP_WALK_OTHER, child, fmt, NULL);
        } else if (type == DT_DIR) {
            rc = walk_dir(child, depth + 1, fn, ud, err);
        } else if (stat(child, &st) == 0) { /* a link, or a file system without d_type */
            if (S_ISDIR(st.st_mode)) rc = walk_dir(child, depth + 1, fn, ud, err);
            else if (S_ISREG(st.st_mode))
                rc = fn(ud, smp_format_of(child) ? SMP_WALK_FILE : SMP_WALK_OTHER, child,
                        smp_format_of(child), NULL);
        } else {
            rc = fn(ud, SMP_WALK_SKIP_FILE, child, 0, strerror(errno));
        }
        free(child);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    if (rc == SMP_ENOMEM) return smp_set_error(err, rc, "out of memory walking %s", path);
    return rc; /* the callback's errors carry their own message */
}

int smp_walk(const char *path, smp_walk_fn fn, void *ud, smp_error *err) {
    struct stat st;
    if (stat(path, &st) < 0)
        return smp_set_error(err, errno == ENOENT ? SMP_ENOTFOUND : SMP_EIO, "%s: %s", path,
                             strerror(errno));
    if (S_ISDIR(st.st_mode)) return walk_dir(path, 0, fn, ud, err);
    if (!S_ISREG(st.st_mode)) /* a FIFO or device would block or never end */
        return fn(ud, SMP_WALK_SKIP_FILE, path, 0, "not a regular file");
    int fmt = smp_format_of(path);
    if (!fmt)
        return fn(ud, SMP_WALK_SKIP_FILE, path, 0,
                  "unknown file type (expected .md, .txt, .jsonl or .html)");
    return fn(ud, SMP_WALK_FILE, path, fmt, NULL);
}

int smp_read_input(const char *path, uint64_t max_size, struct stat *st, char **buf,
                   char *why, size_t whylen) {
    *buf = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0 || fstat(fd, st) < 0) {
        snprintf(why, whylen, "cannot read: %s", strerror(errno));
        if (fd >= 0) close(fd);
        return 0;
    }
    if (!S_ISREG(st->st_mode)) { /* replaced since it was listed */
        snprintf(why, whylen, "not a regular file");
        close(fd);
        return 0;
    }
    if ((uint64_t)st->st_size > max_size) {
        snprintf(why, whylen, "too large (%lld bytes, limit %llu)", (long long)st->st_size,
                 (unsigned long long)max_size);
        close(fd);
        return 0;
    }
    size_t len = (size_t)st->st_size, got = 0;
    char *p = malloc(len + 1);
    if (!p) {
        close(fd);
        return SMP_ENOMEM;
    }
    while (got < len) {
        ssize_t k = read(fd, p + got, len - got);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        got += (size_t)k;
    }
    int read_errno = errno;
    close(fd);
    if (got < len) {
        snprintf(why, whylen, "read error: %s", read_errno ? strerror(read_errno) : "file shrank");
        free(p);
        return 0;
    }
    *buf = p;
    return 1;
}

size_t smp_walk_root_len(const char *path) {
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return strlen(path);
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) : 0;
}
