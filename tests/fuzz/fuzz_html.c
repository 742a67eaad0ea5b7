/*
 * fuzz_html.c - any bytes as an HTML page: the reader (libxml2's parser,
 * the region and chrome rules, sections, tables), then the passages are
 * indexed, written, opened, checked and searched.  The first byte chooses
 * the segmenter's options.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    smp_build_options o;
    smp_build_options_init(&o);
    o.min_words = 1 + data[0] % 30;
    o.max_words = 20 + data[0] % 7 * 40;
    o.overlap_words = o.max_words / 5;
    o.no_heading_path = data[0] >> 7;
    smp_builder *b;
    FUZZ_ASSERT(smp_builder_new(&b, &o, NULL) == SMP_OK);
    smp_error err;
    int rc = smp_builder_add_buffer(b, "in.html", "html", (const char *)data + 1, size - 1, &err);
    FUZZ_ASSERT(rc == SMP_OK);
    char path[128];
    snprintf(path, sizeof path, "%s/html.idx", fuzz_dir());
    rc = smp_builder_write(b, path, &err);
    smp_build_stats s;
    smp_builder_stats(b, &s);
    smp_builder_free(b);
    FUZZ_ASSERT(rc == SMP_OK || (rc == SMP_EEMPTY && s.passages == 0));
    if (rc) return 0;
    smp_index *ix;
    FUZZ_ASSERT(smp_index_open(&ix, path, &err) == SMP_OK);
    unlink(path);
    FUZZ_ASSERT(smp_index_check(ix, &err) == SMP_OK);
    smp_results *r;
    FUZZ_ASSERT(smp_search(ix, "how long does a lash lift last", NULL, &r, &err) == SMP_OK);
    smp_results_free(r);
    smp_index_close(ix);
    return 0;
}
