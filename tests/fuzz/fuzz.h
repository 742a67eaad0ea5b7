/*
 * fuzz.h - shared pieces of the fuzz harnesses (tests/fuzz/fuzz_*.c).
 *
 * Each harness defines LLVMFuzzerTestOneInput.  Built with clang's
 * -fsanitize=fuzzer by `make fuzz`; linked with replay.c by `make check`,
 * which runs every input kept under tests/fuzz/corpus/ (seeds and the
 * inputs of crashes found and fixed) through it.
 */
#ifndef SMP_FUZZ_H
#define SMP_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smpsearch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A scratch directory for files a harness writes, made once. */
static inline const char *fuzz_dir(void) {
    static char dir[64];
    if (!dir[0]) {
        const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(dir, sizeof dir, "%s/smpfuzz-XXXXXX", base);
        if (!mkdtemp(dir)) abort();
    }
    return dir;
}

/* A NUL-terminated copy of the input. */
static inline char *fuzz_str(const uint8_t *data, size_t size) {
    char *s = malloc(size + 1);
    if (!s) abort();
    memcpy(s, data, size);
    s[size] = 0;
    return s;
}

/* An index of a few articles, built once (for harnesses that search):
 * its path. */
static inline const char *fuzz_fixture_index(void) {
    static char path[128];
    if (path[0]) return path;
    static const char *const md[] = {
        "---\ntitle: Lash lift aftercare\ncategories: [lash lift]\ntags: [aftercare]\n---\n"
        "# Lash lift\n\nA lash lift lasts six to eight weeks.\n\n## How long does a lash lift "
        "last?\n\nAbout six to eight weeks, as lashes shed.\n\n## Can I wear mascara?\n\n"
        "Wait 24 hours before mascara.\n",
        "---\ntitle: Scalp micropigmentation\ncategories: [smp]\n---\n# SMP\n\nScalp "
        "micropigmentation lasts up to 8 years and costs about 2,000 pounds.\n\n## Does SMP "
        "hurt?\n\nMost people feel mild discomfort; numbing cream helps.\n",
        "# Brows\n\nBrow lamination keeps brows brushed up for about six weeks.\n"};
    smp_build_options o;
    smp_build_options_init(&o);
    smp_builder *b;
    smp_error err;
    if (smp_builder_new(&b, &o, &err)) abort();
    for (size_t i = 0; i < sizeof md / sizeof *md; i++) {
        char name[16];
        snprintf(name, sizeof name, "a%zu.md", i);
        if (smp_builder_add_buffer(b, name, "md", md[i], strlen(md[i]), &err)) abort();
    }
    snprintf(path, sizeof path, "%s/fixture.idx", fuzz_dir());
    if (smp_builder_write(b, path, &err)) abort();
    smp_builder_free(b);
    return path;
}

/* Writes data[0..size) to the scratch file name: its path, in out. */
static inline const char *fuzz_file(const char *name, const void *data, size_t size,
                                    char out[256]) {
    snprintf(out, 256, "%s/%s", fuzz_dir(), name);
    FILE *f = fopen(out, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f)) abort();
    return out;
}

/* Standard output into the scratch file name while a command runs
 * (fuzz_stdout_begin returns the saved descriptor for fuzz_stdout_end). */
static inline int fuzz_stdout_begin(const char *name, char out[256]) {
    snprintf(out, 256, "%s/%s", fuzz_dir(), name);
    fflush(stdout);
    int saved = dup(1);
    FILE *f = fopen(out, "wb");
    if (saved < 0 || !f || dup2(fileno(f), 1) < 0) abort();
    fclose(f);
    return saved;
}
static inline void fuzz_stdout_end(int saved) {
    fflush(stdout);
    if (dup2(saved, 1) < 0) abort();
    close(saved);
}

/* The contents of a file, NUL-terminated (*n its length). */
static inline char *fuzz_slurp(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    if (!f) abort();
    size_t cap = 4096, len = 0, k;
    char *s = malloc(cap + 1);
    while (s && (k = fread(s + len, 1, cap - len, f)) > 0)
        if ((len += k) == cap) s = realloc(s, (cap *= 2) + 1);
    fclose(f);
    if (!s) abort();
    s[len] = 0;
    *n = len;
    return s;
}

/* Text output holds no control character but newline and tab, no C1
 * control (U+0080..U+009F) and no bidi override: nothing a terminal
 * takes as an order. */
static inline int fuzz_text_clean(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) return 0;
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] < 0xA0) return 0;
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] >= 0xAA && (unsigned char)s[i + 2] <= 0xAE)
            return 0;
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x81 &&
            (unsigned char)s[i + 2] >= 0xA6 && (unsigned char)s[i + 2] <= 0xA9)
            return 0;
    }
    return 1;
}

/* Stops with a message when a library promise is broken: the fuzzer then
 * reports a crash. */
#define FUZZ_ASSERT(c)                                                          \
    do {                                                                        \
        if (!(c)) {                                                             \
            fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__, __LINE__, #c); \
            abort();                                                            \
        }                                                                       \
    } while (0)

#endif
