/*
 * fuzz_query.c - any bytes as a question: query analysis, spelling,
 * aliases, phrases, the four top-k strategies and answer extraction, on a
 * small index built once.  Every result must be well formed.  Most inputs
 * go through one searcher kept for the run (as serve keeps one), one in
 * eight through smp_search, which makes and frees a searcher each time.
 */
#include "fuzz.h"

static const char *const articles[] = {
    "---\ntitle: Scalp micropigmentation basics\n---\n\n"
    "Scalp micropigmentation (SMP) places tiny dots of pigment in the scalp.\n\n"
    "## How long does SMP last?\n\nThe pigment lasts four to six years, up to eight years, "
    "before a top-up is needed. Sun exposure fades it sooner.\n\n"
    "## Does it hurt?\n\nMost clients rate the pain three out of ten; numbing cream helps.\n",
    "---\ntitle: Lash lift aftercare\n---\n\n## What should I avoid after a lash lift?\n\n"
    "Keep the lashes dry for 24 hours. Avoid saunas, steam and oil-based products. "
    "A lash lift lasts six to eight weeks.\n\n## Can I wear mascara?\n\n"
    "Yes, after the first day; choose a water-based mascara.\n",
    "Brow lamination\n\nWhat it is\n\nBrow lamination sets brow hairs upward with a lotion. "
    "Results last six to eight weeks.\n",
};
static const char *const formats[] = {"md", "md", "txt"};

static smp_index *ix;
static smp_searcher *sr;

static void setup(void) {
    smp_builder *b;
    if (smp_builder_new(&b, NULL, NULL)) abort();
    for (int i = 0; i < 3; i++)
        if (smp_builder_add_buffer(b, i == 2 ? "brows.txt" : "a.md", formats[i], articles[i],
                                   strlen(articles[i]), NULL))
            abort();
    char path[128];
    snprintf(path, sizeof path, "%s/query.idx", fuzz_dir());
    if (smp_builder_write(b, path, NULL)) abort();
    smp_builder_free(b);
    if (smp_index_open(&ix, path, NULL)) abort();
    unlink(path);
    if (smp_searcher_new(&sr, ix, NULL)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!ix) setup();
    if (size == 0) return 0;
    /* the first byte picks options, the rest is the question */
    uint8_t o = data[0];
    char *q = fuzz_str(data + 1, size - 1);
    smp_search_options opt;
    smp_search_options_init(&opt);
    opt.k = 1 + (o & 7);
    opt.strategy = (o >> 3) & 3;
    opt.no_spelling = (o >> 5) & 1;
    opt.no_aliases = (o >> 6) & 1;
    opt.ids_only = o >> 7;
    smp_results *r = NULL;
    smp_error err;
    int rc = size % 8 == 0 ? smp_search(ix, q, &opt, &r, &err)
                           : smp_searcher_search(sr, q, &opt, &r, &err);
    FUZZ_ASSERT(rc == SMP_OK || rc == SMP_EEMPTY);
    FUZZ_ASSERT((rc == SMP_OK) == (r != NULL));
    for (uint32_t i = 0; i < smp_results_count(r); i++) {
        const smp_result *x = smp_results_get(r, i);
        FUZZ_ASSERT(x->rank == i + 1);
        FUZZ_ASSERT(strlen(x->text) == x->text_len);
        FUZZ_ASSERT(x->answer.start <= x->answer.end && x->answer.end <= x->text_len);
        for (uint32_t h = 0; h < x->nhighlights; h++)
            FUZZ_ASSERT(x->highlights[h].start < x->highlights[h].end &&
                        x->highlights[h].end <= x->text_len);
        if (i) FUZZ_ASSERT(smp_results_get(r, i - 1)->score >= x->score);
    }
    (void)strlen(smp_results_terms(r));
    (void)strlen(smp_results_expansions(r));
    const char *c = smp_results_corrected(r);
    if (c) (void)strlen(c);
    smp_results_free(r);
    free(q);
    return 0;
}
