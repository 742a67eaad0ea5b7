/*
 * fuzz_index.c - any bytes as an index file (seeded with real ones): open
 * either refuses it or gives an index whose searches and passages read
 * only inside the file; the full check never crashes either.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[128];
    snprintf(path, sizeof path, "%s/in.idx", fuzz_dir());
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    fclose(f);
    smp_index *ix = NULL;
    smp_error err;
    int rc = smp_index_open(&ix, path, &err);
    unlink(path);
    if (rc) {
        FUZZ_ASSERT(ix == NULL);
        return 0;
    }
    static const char *const queries[] = {"how long does it last", "lash lift", "\"eight weeks\"",
                                          "pigmnet fades", "smp"};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        smp_results *r = NULL;
        rc = smp_search(ix, queries[i], NULL, &r, &err);
        FUZZ_ASSERT(rc == SMP_OK || rc == SMP_ECORRUPT || rc == SMP_EEMPTY ||
                    rc == SMP_EANALYZER);
        for (uint32_t k = 0; k < smp_results_count(r); k++) {
            const smp_result *x = smp_results_get(r, k);
            (void)strlen(x->text);
            (void)strlen(x->heading);
            (void)strlen(x->path);
            (void)strlen(x->article_title);
            (void)strlen(x->url);
            (void)strlen(x->fragment);
            (void)strlen(x->tags);
            (void)strlen(x->language);
            char *link = NULL;
            FUZZ_ASSERT(smp_result_link(x, "https://a.example", SMP_LINK_ANSWER, &link, NULL) ==
                        SMP_OK);
            FUZZ_ASSERT(link != NULL);
            free(link);
        }
        smp_results_free(r);
    }
    smp_index_info in;
    smp_index_get_info(ix, &in);
    rc = smp_index_check(ix, &err);
    FUZZ_ASSERT(rc == SMP_OK || rc == SMP_ECORRUPT || rc == SMP_ENOMEM);
    smp_index_close(ix);
    return 0;
}
