/* walk.c - listing the input files of a build: a file, or a folder walked
 * recursively in name order (hidden entries left out).  A full build and
 * an incremental update list the same files in the same order, which is
 * the order of the passages in the index.
 *
 * Symbolic links: each real folder is walked once, under the first name
 * met in name order (its device and inode are remembered), so a link back
 * up the tree ("d/self -> .") ends instead of walking 2^depth paths.  A
 * link whose target lies outside the folder being walked is not followed
 * unless SMP_WALK_FOLLOW_LINKS is given, as ripgrep and fd do: a site
 * folder holding "passwd.txt -> /etc/passwd" does not put the server's
 * files in the index.  Both are counted and reported once, at the end of
 * the walk (SMP_WALK_LINKS). */
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

typedef struct walker {
    smp_walk_fn fn;
    void *ud;
    smp_error *err;
    int follow_links;
    char *root; /* the real path of the folder walked */
    size_t root_len;
    struct seen_dir {
        dev_t dev;
        ino_t ino;
    } *seen;
    size_t nseen, capseen;
    uint64_t links_out, links_again;
} walker;

/* 1 when the folder st was walked already, else remembers it: 0, or
 * SMP_ENOMEM. */
static int seen_before(walker *w, const struct stat *st) {
    for (size_t i = 0; i < w->nseen; i++)
        if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino) return 1;
    if (w->nseen == w->capseen) {
        size_t nc = w->capseen ? 2 * w->capseen : 64;
        struct seen_dir *p = realloc(w->seen, nc * sizeof *p);
        if (!p) return SMP_ENOMEM;
        w->seen = p;
        w->capseen = nc;
    }
    w->seen[w->nseen].dev = st->st_dev;
    w->seen[w->nseen++].ino = st->st_ino;
    return 0;
}

/* The link at path leads out of the folder walked. */
static int leads_out(const walker *w, const char *path) {
    char *real = realpath(path, NULL);
    if (!real) return 0; /* a broken link: reported when it is read */
    int in = !strncmp(real, w->root, w->root_len) &&
             (real[w->root_len] == '/' || real[w->root_len] == 0 ||
              (w->root_len > 0 && w->root[w->root_len - 1] == '/'));
    free(real);
    return !in;
}

/* Entries are kept as their d_type byte, then the name. */
static int cmp_entry(const void *a, const void *b) {
    return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

static int walk_dir(walker *w, const char *path, int depth) {
    smp_walk_fn fn = w->fn;
    void *ud = w->ud;
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
            if (stat(child, &st) < 0)
                rc = fn(ud, SMP_WALK_SKIP_DIR, child, 0, strerror(errno));
            else if ((rc = seen_before(w, &st)) == 0)
                rc = walk_dir(w, child, depth + 1);
            else if (rc == 1)
                rc = SMP_OK, w->links_again++; /* reached through a link before */
        } else if (stat(child, &st) == 0) { /* a link, or a file system without d_type */
            struct stat lst;
            int link = type == DT_LNK || (lstat(child, &lst) == 0 && S_ISLNK(lst.st_mode));
            if (link && !w->follow_links && leads_out(w, child)) {
                w->links_out++;
            } else if (S_ISDIR(st.st_mode)) {
                if ((rc = seen_before(w, &st)) == 0) rc = walk_dir(w, child, depth + 1);
                else if (rc == 1) rc = SMP_OK, w->links_again++;
            } else if (S_ISREG(st.st_mode))
                rc = fn(ud, smp_format_of(child) ? SMP_WALK_FILE : SMP_WALK_OTHER, child,
                        smp_format_of(child), NULL);
        } else {
            rc = fn(ud, SMP_WALK_SKIP_FILE, child, 0, strerror(errno));
        }
        free(child);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    if (rc == SMP_ENOMEM) return smp_set_error(w->err, rc, "out of memory walking %s", path);
    return rc; /* the callback's errors carry their own message */
}

/* The links the walk of folder path did not follow, said once. */
static int report_links(walker *w, const char *path) {
    const struct {
        uint64_t n;
        const char *what;
    } kinds[] = {
        {w->links_out, "out of the folder not followed (--follow-links follows them)"},
        {w->links_again, "to a folder read already not followed"},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        if (!kinds[k].n) continue;
        char msg[200];
        snprintf(msg, sizeof msg, "%llu link%s %s", (unsigned long long)kinds[k].n,
                 kinds[k].n == 1 ? "" : "s", kinds[k].what);
        int n = kinds[k].n > INT32_MAX ? INT32_MAX : (int)kinds[k].n;
        int rc = w->fn(w->ud, SMP_WALK_LINKS, path, n, msg);
        if (rc) return rc;
    }
    return SMP_OK;
}

int smp_walk(const char *path, int flags, smp_walk_fn fn, void *ud, smp_error *err) {
    struct stat st;
    if (stat(path, &st) < 0)
        return smp_set_error(err, errno == ENOENT ? SMP_ENOTFOUND : SMP_EIO, "%s: %s", path,
                             strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        walker w = {.fn = fn, .ud = ud, .err = err,
                    .follow_links = (flags & SMP_WALK_FOLLOW_LINKS) != 0};
        if (!(w.root = realpath(path, NULL)))
            return smp_set_error(err, SMP_EIO, "%s: %s", path, strerror(errno));
        w.root_len = strlen(w.root);
        int rc = seen_before(&w, &st);
        if (rc == 0) rc = walk_dir(&w, path, 0);
        else rc = smp_set_error(err, SMP_ENOMEM, "out of memory walking %s", path);
        if (rc == SMP_OK) rc = report_links(&w, path);
        free(w.seen);
        free(w.root);
        return rc;
    }
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
