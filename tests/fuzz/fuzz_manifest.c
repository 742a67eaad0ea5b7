/*
 * fuzz_manifest.c - any bytes as the manifest of a segmented index, over
 * real segment files: the input is the MANIFEST section (its length in
 * the first two bytes) and the DELETED section (the rest), wrapped with
 * valid checksums, so the fuzzer reaches the parser and the reading of
 * segments through it instead of stopping at a checksum.  Open either
 * refuses it or gives an index whose searches, passages and full check
 * never crash.
 *
 * The segments come from a small folder indexed with smp_index_update,
 * then changed and updated again (two segments, deleted passages).  With
 * SMP_FUZZ_SEED=FILE set, the harness writes that real manifest in the
 * input form to FILE (how tests/fuzz/corpus/manifest/ was made).
 */
#include <stdlib.h>

#include "fuzz.h"
#include "index/format.h"
#include "answer/answer.h"
#include "indexer/indexer.h"

static const char *const docs[] = {
    "# Lash lift\n\n## How long does it last\n\nA lash lift lasts six to eight weeks. "
    "Scalp micropigmentation (SMP) is another treatment.\n",
    "# Scalp micropigmentation\n\n## Does it hurt\n\nSMP feels like a scratch; numbing "
    "cream helps. Sessions take three hours.\n\n## Aftercare\n\nNo sauna for a week.\n",
    "# Brow lamination\n\n## How long\n\nBrow lamination lasts six weeks.\n",
};

static void write_doc(const char *dir, int i, const char *text) {
    char p[256];
    snprintf(p, sizeof p, "%s/src/d%d.md", dir, i);
    FILE *f = fopen(p, "w");
    if (!f) abort();
    fputs(text, f);
    fclose(f);
}

/* The segments, made once: DIR/m.idx.seg.* with DIR/m.idx naming them. */
/* The whole file at path (a manifest is small), or NULL. */
static uint8_t *read_all(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t *p = malloc(1 << 20);
    size_t n = p ? fread(p, 1, 1 << 20, f) : 0;
    fclose(f);
    if (n < SMP_HEADER_SIZE) {
        free(p);
        return NULL;
    }
    return p;
}

/* Section id of an index file's bytes, through its section table (the
 * file was just written, so it is not checked again). */
static int raw_section(const uint8_t *file, uint32_t id, const uint8_t **p, uint64_t *len) {
    uint32_t nsec = smp_get_u32(file + SMP_HDR_NSECTIONS);
    for (uint32_t i = 0; i < nsec; i++) {
        smp_section e;
        smp_section_get(smp_section_at(file + SMP_HEADER_SIZE, i), &e);
        if (e.id != id) continue;
        *p = file + e.offset;
        *len = e.length;
        return 1;
    }
    return 0;
}

static const char *setup(void) {
    static char idx[128];
    if (idx[0]) return idx;
    const char *dir = fuzz_dir();
    char src[128];
    snprintf(src, sizeof src, "%s/src", dir);
    snprintf(idx, sizeof idx, "%s/m.idx", dir);
    mkdir(src, 0755);
    for (int i = 0; i < 3; i++) write_doc(dir, i, docs[i]);
    const char *paths[] = {src};
    smp_update_stats st;
    if (smp_index_update(idx, paths, 1, NULL, &st, NULL)) abort();
    write_doc(dir, 1, "# Scalp micropigmentation\n\n## Does it hurt\n\nIt stings a little.\n");
    if (smp_index_update(idx, paths, 1, NULL, &st, NULL) || st.segments != 2) abort();
    const char *seed = getenv("SMP_FUZZ_SEED");
    if (seed) { /* the real manifest, in the input form */
        const uint8_t *m, *d;
        uint64_t ml, dl;
        uint8_t *file = read_all(idx);
        FILE *f = fopen(seed, "wb");
        if (!f || !file || !raw_section(file, SMP_SEC_MANIFEST, &m, &ml) || ml > 65535) abort();
        if (!raw_section(file, SMP_SEC_DELETED, &d, &dl)) dl = 0;
        uint8_t len[2] = {(uint8_t)ml, (uint8_t)(ml >> 8)};
        fwrite(len, 1, 2, f);
        fwrite(m, 1, ml, f);
        fwrite(d, 1, dl, f);
        fclose(f);
        free(file);
    }
    return idx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *real = setup();
    if (size < 2) return 0;
    size_t ml = (size_t)data[0] | (size_t)data[1] << 8;
    if (ml > size - 2) ml = size - 2;
    char path[160];
    snprintf(path, sizeof path, "%s/in.idx", fuzz_dir()); /* beside the segments */
    (void)real;
    smp_out *o;
    if (smp_out_open(&o, path, 3, NULL)) abort();
    smp_out_section(o, SMP_SEC_MANIFEST, data + 2, ml);
    smp_out_section(o, SMP_SEC_ALIASES, "smp\tscalp micropigment\n", 23);
    if (size - 2 - ml) smp_out_section(o, SMP_SEC_DELETED, data + 2 + ml, size - 2 - ml);
    if (smp_out_commit(o, NULL)) abort();
    smp_index *ix = NULL;
    smp_error err;
    int rc = smp_index_open(&ix, path, &err);
    if (getenv("SMP_FUZZ_VERBOSE")) fprintf(stderr, "open: %d %s\n", rc, rc ? err.msg : "");
    if (rc) {
        FUZZ_ASSERT(ix == NULL);
        unlink(path);
        return 0;
    }
    static const char *const queries[] = {"how long does it last", "smp hurt", "\"six weeks\"",
                                          "lamnation", "sauna"};
    smp_searcher *s;
    rc = smp_searcher_new(&s, ix, &err);
    FUZZ_ASSERT(rc == SMP_OK || rc == SMP_ECORRUPT || rc == SMP_EANALYZER);
    for (size_t i = 0; s && i < sizeof queries / sizeof queries[0]; i++) {
        smp_results *r = NULL;
        rc = smp_searcher_search(s, queries[i], NULL, &r, &err);
        FUZZ_ASSERT(rc == SMP_OK || rc == SMP_ECORRUPT || rc == SMP_EEMPTY ||
                    rc == SMP_EANALYZER);
        if (getenv("SMP_FUZZ_VERBOSE"))
            fprintf(stderr, "%s: %d, %u results\n", queries[i], rc, smp_results_count(r));
        for (uint32_t k = 0; k < smp_results_count(r); k++) {
            const smp_result *x = smp_results_get(r, k);
            (void)strlen(x->text);
            (void)strlen(x->path);
            smp_result p;
            (void)smp_searcher_passage(s, x->docid, &p, NULL);
        }
        smp_results_free(r);
    }
    for (uint32_t d = 0; s && d < 16; d++) {
        smp_result p;
        (void)smp_searcher_passage(s, d, &p, NULL);
    }
    smp_searcher_free(s);
    smp_index_info in;
    smp_index_get_info(ix, &in);
    rc = smp_index_check(ix, &err);
    FUZZ_ASSERT(rc == SMP_OK || rc == SMP_ECORRUPT || rc == SMP_ENOMEM);
    smp_index_close(ix);
    unlink(path);
    return 0;
}
