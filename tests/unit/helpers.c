/*
 * helpers.c - the main() of every Check suite and the files they share
 * (see helpers.h).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "helpers.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char root[4096];

const char *test_root(void) { return root; }

char *test_tmpdir(char *dir, size_t size) {
    int n = snprintf(dir, size, "%s/t.XXXXXX", root);
    ck_assert_msg(n > 0 && (size_t)n < size, "temporary folder name too long under %s", root);
    ck_assert_msg(mkdtemp(dir) != NULL, "cannot make a folder under %s", root);
    return dir;
}

char *test_path(char *buf, size_t size, const char *dir, const char *name) {
    int n = snprintf(buf, size, "%s/%s", dir, name);
    ck_assert_msg(n > 0 && (size_t)n < size, "path too long: %s/%s", dir, name);
    return buf;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

int test_rm_rf(const char *path) {
    return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) ? -1 : 0;
}

void test_write_file(const char *path, const void *data, size_t len) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_msg(fd >= 0, "cannot create %s", path);
    const char *p = data;
    size_t done = 0;
    while (done < len) {
        ssize_t k = write(fd, p + done, len - done);
        ck_assert_msg(k > 0, "cannot write %s", path);
        done += (size_t)k;
    }
    ck_assert_int_eq(close(fd), 0);
}

smp_index *test_build_doc(const char *name, const char *text, const smp_build_options *bo,
                          const char *file, char *path, size_t size) {
    const char *format = strrchr(name, '.');
    ck_assert_ptr_nonnull(format);
    char dir[512];
    test_path(path, size, test_tmpdir(dir, sizeof dir), file);
    smp_builder *b;
    ck_assert_int_eq(smp_builder_new(&b, bo, NULL), SMP_OK);
    ck_assert_int_eq(smp_builder_add_buffer(b, name, format + 1, text, strlen(text), NULL), SMP_OK);
    ck_assert_int_eq(smp_builder_write(b, path, NULL), SMP_OK);
    smp_builder_free(b);
    smp_index *ix;
    ck_assert_int_eq(smp_index_open(&ix, path, NULL), SMP_OK);
    return ix;
}

int main(int argc, char **argv) {
    (void)argc;
    const char *name = strrchr(argv[0], '/');
    name = name ? name + 1 : argv[0];
    if (!strncmp(name, "lt-", 3)) name += 3; /* a libtool wrapper's */
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp) tmp = "/tmp";
    int n = snprintf(root, sizeof root, "%s/%s.XXXXXX", tmp, name);
    if (n < 0 || (size_t)n >= sizeof root || !mkdtemp(root)) {
        fprintf(stderr, "%s: cannot make a temporary folder in %s\n", name, tmp);
        return EXIT_FAILURE;
    }
    SRunner *sr = srunner_create(make_suite());
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    if (test_rm_rf(root)) {
        fprintf(stderr, "%s: cannot remove %s\n", name, root);
        failed++;
    }
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
