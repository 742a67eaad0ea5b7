/*
 * fuzz_synonyms.c - any bytes as a synonym file (`index --synonyms FILE`,
 * or synonyms.txt at the top of a folder): read with a stemmer into the
 * ALIASES text (0, SMP_EFORMAT for a line of one phrase, with a message);
 * when it reads, a small build with it, the index opened, checked and
 * searched with the file's first line as the question.
 */
#include "fuzz.h"
#include "analysis/analysis.h"
#include "base/base.h"

static const char ARTICLE[] =
    "# Lash lift\n\nA lash lift, or lash perm, lasts six to eight weeks.\n\n"
    "## Brows\n\nBrow lamination (a brow perm) keeps brows brushed up for weeks.\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[128], idx[128];
    snprintf(path, sizeof path, "%s/synonyms.txt", fuzz_dir());
    snprintf(idx, sizeof idx, "%s/synonyms.idx", fuzz_dir());
    FILE *f = fopen(path, "wb");
    FUZZ_ASSERT(f && fwrite(data, 1, size, f) == size && !fclose(f));
    smp_error err = {0, ""};
    smp_stemmer *st;
    FUZZ_ASSERT(smp_stemmer_new(&st, SMP_DEFAULT_LANGUAGE, &err) == SMP_OK);
    smp_buf out;
    smp_buf_init(&out);
    int rc = smp_synonyms_load(path, st, &out, &err);
    FUZZ_ASSERT(rc == SMP_OK || (rc == SMP_EFORMAT && err.msg[0]));
    smp_buf_free(&out);
    smp_stemmer_free(st);
    if (rc) return 0;
    /* a build with it: the groups are kept in the index and expand questions */
    smp_build_options o;
    smp_build_options_init(&o);
    o.synonyms = path;
    smp_builder *b;
    /* the build reads the file with the index's own analysis (numbers
       on), under which a phrase can come to nothing that the plain
       reading above kept: a clear refusal, as `smpsearch index` gives */
    rc = smp_builder_new(&b, &o, &err);
    FUZZ_ASSERT(rc == SMP_OK || (rc == SMP_EFORMAT && err.msg[0]));
    if (rc) return 0;
    FUZZ_ASSERT(smp_builder_add_buffer(b, "a.md", "md", ARTICLE, sizeof ARTICLE - 1, &err) ==
                SMP_OK);
    FUZZ_ASSERT(smp_builder_write(b, idx, &err) == SMP_OK);
    smp_builder_free(b);
    smp_index *ix;
    FUZZ_ASSERT(smp_index_open(&ix, idx, &err) == SMP_OK);
    FUZZ_ASSERT(smp_index_check(ix, &err) == SMP_OK);
    /* the first line, commas and all, as a question (up to 200 bytes) */
    size_t n = 0;
    while (n < size && n < 200 && data[n] != '\n') n++;
    char *q = fuzz_str(data, n);
    smp_results *r = NULL;
    rc = smp_search(ix, q, NULL, &r, &err);
    FUZZ_ASSERT(rc == SMP_OK || rc == SMP_EEMPTY || rc == SMP_EINVAL);
    smp_results_free(r);
    free(q);
    smp_index_close(ix);
    unlink(idx);
    return 0;
}
