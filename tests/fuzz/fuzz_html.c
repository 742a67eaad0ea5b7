/*
 * fuzz_html.c - any bytes as an HTML page: the reader (libxml2's parser,
 * the region and chrome rules, sections, tables), then the passages are
 * indexed, written, opened, checked and searched.  The first byte chooses
 * the segmenter's options.  Then the page read as three pages of one site
 * (site.c): every block repeated, so every line is left out again.
 */
#include "fuzz.h"
#include "ingest/ingest.h"

/* Each passage within the page's bytes. */
static int on_site_passage(void *ud, const smp_passage *p) {
    size_t len = *(const size_t *)ud;
    FUZZ_ASSERT(p->byte_start <= p->byte_end && p->byte_end <= len);
    return 0;
}

/* The page as three pages of a site, profiled, then read with the
 * profile. */
static void as_site(const char *page, size_t len, const smp_build_options *o) {
    static const char *const paths[] = {"s/index.html", "s/a.html", "s/b.html"};
    smp_segment_opts seg = {o->max_words, o->overlap_words, o->min_words, o->no_heading_path};
    smp_site_profile *sp;
    FUZZ_ASSERT(smp_site_profile_new(&sp) == SMP_OK);
    smp_error err;
    for (size_t i = 0; i < 3; i++) {
        smp_ingest_ctx cx = {.path = paths[i], .seg = &seg};
        int rc = smp_html_profile_page(sp, &cx, page, len, &err);
        FUZZ_ASSERT(rc == SMP_OK || rc == SMP_EFORMAT);
    }
    FUZZ_ASSERT(smp_site_profile_finish(sp) == SMP_OK);
    smp_ingest_ctx cx = {.path = paths[1], .seg = &seg, .emit = on_site_passage, .ud = &len,
                         .site = sp};
    int rc = smp_ingest_html(&cx, page, len, &err);
    FUZZ_ASSERT(rc == SMP_OK || rc == SMP_EFORMAT);
    smp_site_profile_free(sp);
}

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
    as_site((const char *)data + 1, size - 1, &o);
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
