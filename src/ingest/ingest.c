/*
 * ingest.c - reading source files for the index.
 */
#include <string.h>

#include <utf8proc.h>

#include "ingest/ingest.h"

/**************************************************************************
** smp_check_text: sanity checks shared by all input formats (see ingest.h).
** Empty or whitespace-only input and input with a NUL byte are refused;
** each invalid UTF-8 sequence (a bad lead byte with the continuation bytes
** that follow it, at most 4 bytes) is overwritten with spaces.
*/
int smp_check_binary(const char *buf, size_t len, smp_error *err) {
    const char *nul = len ? memchr(buf, 0, len) : NULL;
    if (nul)
        return smp_set_error(err, SMP_EFORMAT, "binary file (NUL byte at offset %zu)",
                             (size_t)(nul - buf));
    for (size_t i = 0; i < len; i++) { /* ends at the first byte that is not a space */
        unsigned char c = (unsigned char)buf[i];
        if (!(c == ' ' || (c >= '\t' && c <= '\r'))) return SMP_OK;
    }
    return smp_set_error(err, SMP_EFORMAT, "empty file");
}

/* Whether any of the 8 bytes at p has its high bit set. */
static int any_high_bit(const uint8_t *p) {
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return (w & 0x8080808080808080u) != 0;
}

int smp_check_text(char *buf, size_t len, size_t *repaired, smp_error *err) {
    if (repaired) *repaired = 0;
    int rc = smp_check_binary(buf, len, err);
    if (rc) return rc;

    size_t fixed = 0;
    uint8_t *p = (uint8_t *)buf;
    for (size_t i = 0; i < len;) {
        if (p[i] < 0x80) { /* ASCII, 8 bytes at a time where it can */
            i++;
            while (len - i >= 8 && !any_high_bit(p + i)) i += 8;
            continue;
        }
        utf8proc_int32_t cp;
        size_t left = len - i < 4 ? len - i : 4;
        utf8proc_ssize_t n =
            utf8proc_iterate(p + i, (utf8proc_ssize_t)left, &cp);
        if (n > 0) {
            i += (size_t)n;
            continue;
        }
        size_t end = i + 1;
        while (end < len && end - i < 4 && (p[end] & 0xC0) == 0x80) end++;
        memset(p + i, ' ', end - i);
        fixed++;
        i = end;
    }
    if (repaired) *repaired = fixed;
    return SMP_OK;
}

/* Writes the file name of path without directory and extension. */
void smp_file_stem(smp_buf *out, const char *path) {
    const char *base = path ? path : "";
    const char *slash = strrchr(base, '/');
    if (slash) base = slash + 1;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    if (n == 0) smp_buf_puts(out, "untitled");
    else smp_buf_append(out, base, n);
    smp_buf_nul(out);
}
