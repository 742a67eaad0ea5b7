/*
 * helpers.h - what the Check suites of tests/unit/ share: the one main()
 * that runs a suite, the run's temporary folder, a recursive delete,
 * writing a file and building a small index (helpers.c).
 */
#ifndef SMP_TEST_HELPERS_H
#define SMP_TEST_HELPERS_H

#include <check.h>
#include <stddef.h>

#include "smpsearch.h"

/* Each suite file defines this.  main() runs the suite with
 * srunner_run_all(CK_ENV), so the CK_* variables (CK_VERBOSITY, CK_FORK,
 * CK_RUN_SUITE, CK_RUN_CASE, CK_DEFAULT_TIMEOUT, CK_LOG_FILE_NAME...) work
 * as Check documents them, and exits non-zero when a test failed or the
 * temporary folder could not be removed. */
Suite *make_suite(void);

/* The run's temporary folder, $TMPDIR (default /tmp)/PROGRAM.XXXXXX: made
 * by main() before the first test, removed with all in it when the suite
 * ends, also after failed tests. */
const char *test_root(void);

/* Makes a new empty folder under test_root(), its path in dir (size
 * bytes); fails the test if it cannot.  Returns dir. */
char *test_tmpdir(char *dir, size_t size);

/* dir/name in buf (size bytes); fails the test if it does not fit.
 * Returns buf. */
char *test_path(char *buf, size_t size, const char *dir, const char *name);

/* Removes path and everything under it, following no links; 0 or -1. */
int test_rm_rf(const char *path);

/* Writes len bytes to path, created or emptied first; fails the test if
 * it cannot. */
void test_write_file(const char *path, const void *data, size_t len);

/* Builds an index of one source file, name (its format the extension:
 * "md", "jsonl"...) holding text, with build options bo (NULL: the
 * defaults), as file in a fresh folder under test_root(), its path in path
 * (size bytes), and opens it; fails the test if any step fails. */
smp_index *test_build_doc(const char *name, const char *text, const smp_build_options *bo,
                          const char *file, char *path, size_t size);

#endif
