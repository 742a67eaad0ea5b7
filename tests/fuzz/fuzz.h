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
