/*
 * fuzz_ingest.c - any bytes as an article: Markdown (md4c and front
 * matter), plain text or JSON Lines, chosen by the first byte; the
 * passages are indexed, written, opened, checked and searched.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    static const char *const formats[] = {"md", "txt", "jsonl"};
    const char *fmt = formats[data[0] % 3];
    smp_build_options o;
    smp_build_options_init(&o);
    o.min_words = 1 + data[0] / 3 % 30; /* merging and windowing vary */
    o.max_words = 20 + data[0] % 7 * 40;
    o.overlap_words = o.max_words / 5;
    o.no_positions = data[0] >> 7;
    smp_builder *b;
    FUZZ_ASSERT(smp_builder_new(&b, &o, NULL) == SMP_OK);
    smp_error err;
    int rc = smp_builder_add_buffer(b, "in", fmt, (const char *)data + 1, size - 1, &err);
    FUZZ_ASSERT(rc == SMP_OK);
    char path[128];
    snprintf(path, sizeof path, "%s/ingest.idx", fuzz_dir());
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
    smp_index_info in;
    smp_index_get_info(ix, &in);
    FUZZ_ASSERT(in.passages == s.passages && in.articles == s.articles);
    smp_results *r;
    rc = smp_search(ix, "how long does it last", NULL, &r, &err);
    FUZZ_ASSERT(rc == SMP_OK);
    smp_results_free(r);
    smp_index_close(ix);
    return 0;
}
