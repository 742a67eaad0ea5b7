/*
 * file_out.c - writing an index file section by section, atomically.
 *
 * The file (format in write.c) is written to a temporary file beside
 * the target: room for the header and section table first, then each
 * section as it comes, 8-byte aligned, its CRC-32 computed on the way, and
 * the footer.  Commit then writes the header and table at the front,
 * fsyncs, renames the file over the target and fsyncs the directory (a
 * scratch file, a build's run, is renamed without either: it is read back
 * by the same process and removed, and no crash leaves it in use).  Any
 * failure, or an abort, removes the temporary file and leaves the target
 * as it was.  Sections can be streamed (merging runs larger than
 * memory) or given whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "index/format.h"
#include "index/index.h"

#define OUT_BUF (1u << 20)

struct smp_out {
    char *path, *tmp;
    int fd;
    uint32_t maxsec, nsec;
    smp_buf table;
    uint64_t pos;       /* bytes written so far */
    uint64_t sec_start; /* of the open section */
    uint32_t sec_id, crc;
    int open_sec;
    uint8_t *buf; /* write buffer */
    size_t nbuf;
    int failed;
    uint32_t flags; /* the header's, SMP_HFLAG_* */
    int scratch;    /* no fsync: a file the process itself reads and removes */
};

int smp_write_all(int fd, const void *p, size_t n) {
    const uint8_t *c = p;
    while (n > 0) {
        ssize_t k = write(fd, c, n);
        if (k < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (k == 0) { /* no progress: never loop on it */
            errno = EIO;
            return -1;
        }
        c += k;
        n -= (size_t)k;
    }
    return 0;
}

static int flush(smp_out *o) {
    if (o->nbuf && smp_write_all(o->fd, o->buf, o->nbuf)) {
        o->failed = errno ? errno : EIO;
        return -1;
    }
    o->nbuf = 0;
    return 0;
}

static int raw(smp_out *o, const void *p, size_t n) {
    if (o->failed) return -1;
    o->pos += n;
    if (n >= OUT_BUF) return flush(o) ? -1 : (smp_write_all(o->fd, p, n) ? (o->failed = errno, -1) : 0);
    if (o->nbuf + n > OUT_BUF && flush(o)) return -1;
    memcpy(o->buf + o->nbuf, p, n);
    o->nbuf += n;
    return 0;
}

static int io_error(smp_out *o, smp_error *err) {
    return smp_set_error(err, SMP_EIO, "cannot write %s: %s", o->tmp,
                         strerror(o->failed ? o->failed : EIO));
}

int smp_out_open(smp_out **out, const char *path, uint32_t maxsec, smp_error *err) {
    *out = NULL;
    smp_out *o = calloc(1, sizeof *o);
    if (!o) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    o->fd = -1;
    smp_buf_init(&o->table);
    size_t plen = strlen(path);
    o->path = strdup(path);
    o->tmp = malloc(plen + 16);
    o->buf = malloc(OUT_BUF);
    if (!o->path || !o->tmp || !o->buf) {
        smp_out_abort(o);
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    }
    memcpy(o->tmp, path, plen);
    memcpy(o->tmp + plen, ".tmp.XXXXXX", 12);
    o->fd = mkstemp(o->tmp);
    if (o->fd < 0) {
        int e = errno;
        free(o->tmp);
        o->tmp = NULL;
        smp_out_abort(o);
        return smp_set_error(err, SMP_EIO, "cannot create a temporary file beside %s: %s", path,
                             strerror(e));
    }
    /* mkstemp makes the file private; an index is meant to be read by
       others (a web server): keep the mode of the index it replaces, or
       make it readable by all */
    struct stat old;
    o->maxsec = maxsec;
    if (fchmod(o->fd, stat(path, &old) == 0 ? (old.st_mode & 07777) : 0644)) o->failed = errno;
    /* room for the header and the table, written at commit */
    static const uint8_t zeros[SMP_HEADER_SIZE];
    raw(o, zeros, SMP_HEADER_SIZE);
    for (uint32_t i = 0; i < maxsec; i++) raw(o, zeros, SMP_SECTION_ENTRY);
    if (o->failed) {
        int rc = io_error(o, err);
        smp_out_abort(o);
        return rc;
    }
    *out = o;
    return SMP_OK;
}

static void pad8(smp_out *o) {
    static const uint8_t zeros[8];
    if (o->pos % 8) raw(o, zeros, 8 - o->pos % 8);
}

void smp_out_begin(smp_out *o, uint32_t id) {
    pad8(o);
    o->sec_id = id;
    o->sec_start = o->pos;
    o->crc = (uint32_t)crc32(0, NULL, 0);
    o->open_sec = 1;
}

void smp_out_write(smp_out *o, const void *p, size_t n) {
    if (!n) return;
    o->crc = (uint32_t)crc32_z(o->crc, p, n);
    raw(o, p, n);
}

void smp_out_end(smp_out *o) {
    if (!o->open_sec) return;
    o->open_sec = 0;
    if (o->nsec == o->maxsec) {
        o->failed = EINVAL;
        return;
    }
    o->nsec++;
    uint8_t e[SMP_SECTION_ENTRY];
    smp_section_put(e, &(smp_section){o->sec_id, o->crc, o->sec_start, o->pos - o->sec_start, 0});
    smp_buf_append(&o->table, e, sizeof e);
}

void smp_out_set_flags(smp_out *o, uint32_t flags) { o->flags = flags; }

void smp_out_set_scratch(smp_out *o) { o->scratch = 1; }

void smp_out_section(smp_out *o, uint32_t id, const void *p, size_t n) {
    smp_out_begin(o, id);
    smp_out_write(o, p, n);
    smp_out_end(o);
}

int smp_out_commit(smp_out *o, smp_error *err) {
    int rc = SMP_OK;
    if (o->failed) { /* a write failed on the way (disk full, ...) */
        rc = io_error(o, err);
        goto fail;
    }
    /* unused table entries would be read as sections: the table is as
       long as the sections written, so sections start after it; the
       reserved room left over is zero padding before the first one */
    if (o->table.rc) {
        rc = smp_set_error(err, SMP_ENOMEM, "out of memory writing %s", o->path);
        goto fail;
    }
    pad8(o);
    uint64_t file_size = o->pos + SMP_FOOTER_SIZE;
    smp_header h = {.version = SMP_FORMAT_VERSION,
                    .header_size = SMP_HEADER_SIZE,
                    .nsections = o->nsec,
                    .flags = o->flags,
                    .file_size = file_size,
                    .table_crc = (uint32_t)crc32_z(0, o->table.p, o->table.n),
                    .header_crc = 0};
    uint8_t head[SMP_HEADER_SIZE];
    smp_header_put(head, &h);
    h.header_crc = (uint32_t)crc32(0, head, SMP_HDR_CRC); /* of the bytes before it */
    smp_header_put(head, &h);
    uint8_t foot[SMP_FOOTER_SIZE];
    smp_footer_put(foot, &(smp_footer){SMP_FORMAT_VERSION, h.header_crc});
    raw(o, foot, sizeof foot);
    if (o->failed || flush(o) || pwrite(o->fd, head, sizeof head, 0) != (ssize_t)sizeof head ||
        pwrite(o->fd, o->table.p, o->table.n, SMP_HEADER_SIZE) != (ssize_t)o->table.n ||
        (!o->scratch && fsync(o->fd))) {
        if (!o->failed) o->failed = errno ? errno : EIO;
        rc = io_error(o, err);
        goto fail;
    }
    int fd = o->fd;
    o->fd = -1;
    if (close(fd)) {
        o->failed = errno;
        rc = io_error(o, err);
        goto fail;
    }
    if (rename(o->tmp, o->path)) {
        rc = smp_set_error(err, SMP_EIO, "cannot rename %s to %s: %s", o->tmp, o->path,
                           strerror(errno));
        goto fail;
    }
    free(o->tmp);
    o->tmp = NULL; /* renamed: nothing to remove */
    char *dircopy = o->scratch ? NULL : strdup(o->path);
    if (dircopy) {
        int dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY);
        if (dfd >= 0) {
            fsync(dfd); /* best effort: the rename is already done */
            close(dfd);
        }
        free(dircopy);
    }
    smp_out_abort(o);
    return SMP_OK;
fail:
    smp_out_abort(o);
    return rc;
}

void smp_out_abort(smp_out *o) {
    if (!o) return;
    if (o->fd >= 0) close(o->fd);
    if (o->tmp) unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    free(o->buf);
    smp_buf_free(&o->table);
    free(o);
}
