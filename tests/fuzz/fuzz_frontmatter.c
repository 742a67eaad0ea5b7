/*
 * fuzz_frontmatter.c - any bytes as the top of a Markdown article through
 * the front-matter reader (YAML with libyaml and, where libyaml refuses
 * it, line by line; TOML; a JSON object): 0 or SMP_ENOMEM; the body starts
 * within the input; every string it gives is NUL-terminated; read twice,
 * the same.  The ingest harness reaches the reader too, behind md4c and a
 * build; this one reaches it thousands of times faster.
 */
#include "fuzz.h"
#include "ingest/ingest.h"

static void same(const char *a, const char *b) {
    FUZZ_ASSERT(!a == !b);
    if (a) FUZZ_ASSERT(!strcmp(a, b));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* a copy of exactly size bytes: an over-read is found by ASan */
    char *buf = malloc(size ? size : 1);
    FUZZ_ASSERT(buf);
    memcpy(buf, data, size);
    smp_front a, b;
    int rc = smp_front_matter(buf, size, &a);
    FUZZ_ASSERT(rc == SMP_OK || rc == SMP_ENOMEM);
    if (rc) {
        free(buf);
        return 0;
    }
    FUZZ_ASSERT(a.kind == 0 || a.kind == 'y' || a.kind == 't' || a.kind == 'j');
    FUZZ_ASSERT(!a.bad || a.kind == 'y');
    FUZZ_ASSERT(a.body <= size);
    if (a.kind == 0) FUZZ_ASSERT(a.body == 0 && !a.title && !a.ntags && !a.ncategories);
    FUZZ_ASSERT(smp_front_matter(buf, size, &b) == SMP_OK);
    FUZZ_ASSERT(a.kind == b.kind && a.body == b.body && a.draft == b.draft);
    same(a.title, b.title);
    same(a.slug, b.slug);
    same(a.url, b.url);
    same(a.date, b.date);
    same(a.updated, b.updated);
    same(a.description, b.description);
    same(a.lang, b.lang);
    FUZZ_ASSERT(a.ntags == b.ntags && a.ncategories == b.ncategories);
    for (size_t i = 0; i < a.ntags; i++) same(a.tags[i], b.tags[i]);
    for (size_t i = 0; i < a.ncategories; i++) same(a.categories[i], b.categories[i]);
    smp_front_free(&a);
    smp_front_free(&b);
    free(buf);
    return 0;
}
