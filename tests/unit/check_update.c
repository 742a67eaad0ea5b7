/*
 * check_update.c - incremental updates (update.c, index.c, manifest.c): a
 * segmented index kept up to date through rounds of changed, added,
 * deleted and touched files answers every query exactly as a full build
 * of the same folder (scores to the last bit, passages of equal scores in
 * the same order), before and after optimize; and the error paths
 * leave the index in place as it was.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "answer/answer.h"
#include "indexer/indexer.h"
#include "helpers.h"

static char dir[256];
static char src[512], seg_idx[512], full_idx[512];

static void mk(void) {
    test_tmpdir(dir, sizeof dir);
    test_path(src, sizeof src, dir, "src");
    test_path(seg_idx, sizeof seg_idx, dir, "seg.idx");
    test_path(full_idx, sizeof full_idx, dir, "full.idx");
    ck_assert_int_eq(mkdir(src, 0755), 0);
}
static void rm(void) { test_rm_rf(dir); }

static uint32_t rnd(uint32_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static const char *const words[] = {
    "lash", "lift", "brow", "scalp", "pigment", "weeks", "years", "eight", "six", "tint",
    "serum", "keratin", "patch", "test", "aftercare", "sun", "swim", "sauna", "sleep", "oil",
    "hurt", "numbing", "cream", "session", "cost", "price", "touch", "fade", "colour", "dots",
    "lamination", "extension", "volume", "glue", "retention", "hairline", "density", "ink"};
#define NW (sizeof words / sizeof words[0])

static void put_words(FILE *f, uint32_t *seed, int n) {
    for (int w = 0; w < n; w++) {
        uint32_t v = rnd(seed) % 3 ? rnd(seed) % 10 : rnd(seed) % NW; /* skewed */
        fprintf(f, "%s%s", w ? " " : "", words[v]);
    }
}

/* Writes file i of the corpus (version v): Markdown with sections, some
 * defining acronyms, or every fifth a JSONL file of records. */
static void write_file(int i, uint32_t v) {
    char p[600];
    uint32_t seed = (uint32_t)i * 2654435761u + v * 40503u + 1;
    int jsonl = i % 5 == 4;
    snprintf(p, sizeof p, "%s/%s%02d.%s", src, i % 3 ? "a/" : "", i, jsonl ? "jsonl" : "md");
    if (i % 3) {
        char d[600];
        test_path(d, sizeof d, src, "a");
        mkdir(d, 0755);
    }
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    if (jsonl) {
        int n = 1 + (int)(rnd(&seed) % 6);
        for (int r = 0; r < n; r++) {
            fprintf(f, "{\"_id\":\"j%d-%d\",\"title\":\"%s %s\",\"text\":\"", i, r,
                    words[rnd(&seed) % NW], words[rnd(&seed) % NW]);
            put_words(f, &seed, 5 + (int)(rnd(&seed) % 40));
            fprintf(f, "\"}\n");
        }
    } else {
        fprintf(f, "---\ntitle: %s %s guide\n---\n\n", words[rnd(&seed) % NW],
                words[rnd(&seed) % NW]);
        int sections = 1 + (int)(rnd(&seed) % 4);
        for (int s = 0; s < sections; s++) {
            fprintf(f, "## How long does the %s last\n\n", words[rnd(&seed) % NW]);
            put_words(f, &seed, 20 + (int)(rnd(&seed) % 90));
            if (rnd(&seed) % 4 == 0) fprintf(f, " Scalp micropigmentation (SMP) lasts years.");
            if (rnd(&seed) % 6 == 0) fprintf(f, " Lash Lift Therapy (LLT) is quick.");
            if (v % 2 && rnd(&seed) % 5 == 0) fprintf(f, " Long Term Care (LTC) matters.");
            fprintf(f, ".\n\n");
        }
    }
    fclose(f);
}

static void remove_file(int i) {
    char p[600];
    snprintf(p, sizeof p, "%s/%s%02d.%s", src, i % 3 ? "a/" : "", i, i % 5 == 4 ? "jsonl" : "md");
    unlink(p);
}

static void full_build(void) {
    smp_builder *b;
    smp_error e;
    ck_assert_int_eq(smp_builder_new(&b, NULL, &e), SMP_OK);
    ck_assert_int_eq(smp_builder_add_path(b, src, &e), SMP_OK);
    ck_assert_msg(smp_builder_write(b, full_idx, &e) == SMP_OK, "%s", e.msg);
    smp_builder_free(b);
}

static void update(smp_update_stats *st) {
    smp_error e;
    const char *paths[] = {src};
    ck_assert_msg(smp_index_update(seg_idx, paths, 1, NULL, st, &e) == SMP_OK, "%s", e.msg);
}

typedef struct row {
    double score;
    char id[64];
} row;

/* The results as (score, passage id), in rank order. */
static size_t rows(smp_searcher *s, const char *q, uint32_t k, int no_phrases, row *out,
                   char *corr, char *exp) {
    smp_search_options o;
    smp_search_options_init(&o);
    o.k = k;
    o.no_phrases = no_phrases;
    smp_results *r;
    smp_error e;
    int rc = smp_searcher_search(s, q, &o, &r, &e);
    if (rc == SMP_EEMPTY) return 0;
    ck_assert_msg(rc == SMP_OK, "%s: %s", q, e.msg);
    size_t n = smp_results_count(r);
    for (size_t i = 0; i < n; i++) {
        const smp_result *x = smp_results_get(r, (uint32_t)i);
        out[i].score = x->score;
        snprintf(out[i].id, sizeof out[i].id, "%s", x->passage_id);
    }
    snprintf(corr, 256, "%s", smp_results_corrected(r) ? smp_results_corrected(r) : "-");
    snprintf(exp, 256, "%s", smp_results_expansions(r));
    smp_results_free(r);
    return n;
}

/* Every query of the list answers alike from both indexes, to the order
 * of passages with equal scores: all results (k 1000), and the top 3. */
static size_t compare(const char *a_path, const char *b_path, uint32_t seed) {
    smp_index *a, *b;
    smp_searcher *sa, *sb;
    smp_error e;
    ck_assert_msg(smp_index_open(&a, a_path, &e) == SMP_OK, "%s", e.msg);
    ck_assert_msg(smp_index_open(&b, b_path, &e) == SMP_OK, "%s", e.msg);
    ck_assert_int_eq(smp_searcher_new(&sa, a, &e), SMP_OK);
    ck_assert_int_eq(smp_searcher_new(&sb, b, &e), SMP_OK);
    smp_index_info ia, ib;
    smp_index_get_info(a, &ia);
    smp_index_get_info(b, &ib);
    ck_assert_uint_eq(ia.passages, ib.passages);
    ck_assert_uint_eq(ia.articles, ib.articles);
    for (int f = 0; f < 3; f++) ck_assert(ia.avg_len[f] == ib.avg_len[f]);
    static row ra[1000], rb[1000];
    char ca[256], cb[256], ea[256], eb[256];
    size_t queries = 0;
    for (int qi = 0; qi < 160; qi++) {
        char q[256];
        if (qi < (int)NW) {
            snprintf(q, sizeof q, "%s", words[qi]);
        } else if (qi < 120) {
            snprintf(q, sizeof q, "how long does %s %s last", words[rnd(&seed) % NW],
                     words[rnd(&seed) % NW]);
        } else if (qi < 135) { /* misspelt: spelling correction */
            const char *w = words[rnd(&seed) % NW];
            size_t l = strlen(w);
            snprintf(q, sizeof q, "%.*sx%s %s", (int)(l / 2), w, w + l / 2 + 1,
                     words[rnd(&seed) % NW]);
        } else if (qi < 145) { /* acronyms and long forms: alias groups */
            static const char *const al[] = {"smp", "scalp micropigmentation lasts", "llt",
                                             "lash lift therapy", "ltc care"};
            snprintf(q, sizeof q, "%s %s", al[qi % 5], words[rnd(&seed) % NW]);
        } else { /* quoted phrases */
            snprintf(q, sizeof q, "\"%s %s\" %s", words[rnd(&seed) % 10],
                     words[rnd(&seed) % 10], words[rnd(&seed) % NW]);
        }
        size_t na = rows(sa, q, 1000, 0, ra, ca, ea), nb = rows(sb, q, 1000, 0, rb, cb, eb);
        ck_assert_msg(na == nb, "%s: %zu results, %zu", q, na, nb);
        for (size_t i = 0; i < na; i++)
            ck_assert_msg(ra[i].score == rb[i].score && !strcmp(ra[i].id, rb[i].id),
                          "%s: rank %zu: %s %.17g vs %s %.17g", q, i, ra[i].id, ra[i].score,
                          rb[i].id, rb[i].score);
        ck_assert_msg(!strcmp(ca, cb), "%s: corrected '%s' vs '%s'", q, ca, cb);
        ck_assert_msg(!strcmp(ea, eb), "%s: expansions '%s' vs '%s'", q, ea, eb);
        na = rows(sa, q, 3, 1, ra, ca, ea);
        nb = rows(sb, q, 3, 1, rb, cb, eb);
        ck_assert_uint_eq(na, nb);
        for (size_t i = 0; i < na; i++)
            ck_assert_msg(ra[i].score == rb[i].score && !strcmp(ra[i].id, rb[i].id),
                          "%s (top 3): rank %zu: %s vs %s", q, i, ra[i].id, rb[i].id);
        queries++;
    }
    smp_searcher_free(sa);
    smp_searcher_free(sb);
    smp_index_close(a);
    smp_index_close(b);
    return queries;
}

static void check_sound(const char *path) {
    smp_index *ix;
    smp_error e;
    ck_assert_msg(smp_index_open(&ix, path, &e) == SMP_OK, "%s", e.msg);
    ck_assert_msg(smp_index_check(ix, &e) == SMP_OK, "%s", e.msg);
    smp_index_close(ix);
}

static uint32_t segments(const char *path) {
    smp_index *ix;
    smp_index_info info;
    ck_assert_int_eq(smp_index_open(&ix, path, NULL), SMP_OK);
    smp_index_get_info(ix, &info);
    smp_index_close(ix);
    return info.segments;
}

#define NFILES 40

START_TEST(test_update_matches_rebuild) {
    FILE *syn;
    char p[600];
    const char *groups = "lash lift, eyelash perm\nbrow, eyebrow\n";
    test_write_file(test_path(p, sizeof p, src, "synonyms.txt"), groups, strlen(groups));
    uint32_t version[NFILES] = {0};
    int present[NFILES] = {0};
    for (int i = 0; i < NFILES; i++)
        if (i % 4 != 3) write_file(i, 0), present[i] = 1;
    smp_update_stats st;
    update(&st);
    ck_assert_uint_eq(st.files_added, 30);
    ck_assert_uint_eq(st.segments, 1);
    full_build();
    compare(full_idx, seg_idx, 1);
    uint32_t seed = 99, merges = 0, max_segments = 0;
    for (int round = 0; round < 12; round++) {
        uint64_t changed = 0, added = 0, deleted = 0;
        int nchanges = 1 + (int)(rnd(&seed) % 4);
        for (int c = 0; c < nchanges; c++) {
            int i = (int)(rnd(&seed) % NFILES);
            if (!present[i]) {
                write_file(i, ++version[i]);
                present[i] = 1;
                added++;
            } else if (rnd(&seed) % 3 == 0) {
                remove_file(i);
                present[i] = 0;
                deleted++;
            } else {
                write_file(i, ++version[i]);
                changed++;
            }
        }
        /* touched, same content: read again, found unchanged */
        for (int i = 0; i < NFILES; i++)
            if (present[i] && rnd(&seed) % 10 == 0) write_file(i, version[i]);
        if (round == 6) { /* the synonym list changes: groups change */
            ck_assert_ptr_nonnull(syn = fopen(p, "a"));
            fputs("sauna, steam room\n", syn);
            fclose(syn);
        }
        update(&st);
        /* a file changed twice or added then deleted counts once */
        ck_assert_uint_le(st.files_changed + st.files_added + st.files_deleted,
                          changed + added + deleted);
        ck_assert_uint_ge(st.files_unchanged, st.files_seen - (uint64_t)nchanges);
        merges += st.merges;
        if (st.segments > max_segments) max_segments = st.segments;
        full_build();
        compare(full_idx, seg_idx, (uint32_t)round + 7);
        check_sound(seg_idx);
    }
    ck_assert_uint_gt(merges, 0);        /* the policy merged */
    ck_assert_uint_gt(max_segments, 1);  /* and segments piled up first */
    ck_assert_uint_le(max_segments, 12); /* but not without bound */
    /* nothing changed: nothing read, nothing written, the manifest in place
       stays (the same file) */
    struct stat before, after;
    ck_assert_int_eq(stat(seg_idx, &before), 0);
    update(&st);
    ck_assert_uint_eq(st.files_unchanged, st.files_seen);
    ck_assert_uint_eq(st.passages_added + st.passages_deleted, 0);
    ck_assert_int_eq(stat(seg_idx, &after), 0);
    ck_assert_uint_eq(before.st_ino, after.st_ino);
    ck_assert_int_eq(smp_index_optimize(seg_idx, &st, NULL), SMP_OK);
    ck_assert_uint_eq(st.segments, 1);
    ck_assert_uint_eq(segments(seg_idx), 1);
    compare(full_idx, seg_idx, 1234);
    check_sound(seg_idx);
    /* optimize again: already one clean segment */
    ck_assert_int_eq(smp_index_optimize(seg_idx, &st, NULL), SMP_OK);
    ck_assert_uint_eq(st.merges, 0);
}
END_TEST

START_TEST(test_update_errors_keep_index) {
    for (int i = 0; i < 6; i++) write_file(i, 0);
    smp_update_stats st;
    update(&st);
    full_build();
    smp_error e;
    /* a path that does not exist: an error, the index as it was */
    const char *bad[] = {src, "/nonexistent/smp-upd"};
    ck_assert_int_eq(smp_index_update(seg_idx, bad, 2, NULL, &st, &e), SMP_ENOTFOUND);
    compare(full_idx, seg_idx, 5);
    /* everything deleted: SMP_EEMPTY, the index as it was */
    char empty[512];
    test_path(empty, sizeof empty, dir, "empty");
    ck_assert_int_eq(mkdir(empty, 0755), 0);
    const char *none[] = {empty};
    ck_assert_int_eq(smp_index_update(seg_idx, none, 1, NULL, &st, &e), SMP_EEMPTY);
    compare(full_idx, seg_idx, 6);
    /* other build options: everything indexed again, same answers */
    smp_build_options o;
    smp_build_options_init(&o);
    o.no_positions = 1;
    const char *paths[] = {src};
    ck_assert_int_eq(smp_index_update(seg_idx, paths, 1, &o, &st, &e), SMP_OK);
    ck_assert_uint_eq(st.files_unchanged, 0);
    ck_assert_uint_eq(st.files_added, 6);
    /* optimize needs a segmented index */
    ck_assert_int_eq(smp_index_optimize(full_idx, &st, &e), SMP_EINVAL);
    ck_assert_int_eq(smp_index_optimize(empty, &st, &e) < 0, 1);
    /* a single index file is replaced by a segmented one */
    char single[512];
    test_path(single, sizeof single, dir, "single.idx");
    {
        smp_builder *b;
        ck_assert_int_eq(smp_builder_new(&b, NULL, NULL), SMP_OK);
        ck_assert_int_eq(smp_builder_add_path(b, src, NULL), SMP_OK);
        ck_assert_int_eq(smp_builder_write(b, single, NULL), SMP_OK);
        smp_builder_free(b);
    }
    ck_assert_int_eq(smp_index_update(single, paths, 1, NULL, &st, &e), SMP_OK);
    ck_assert_uint_eq(st.files_added, 6);
    compare(full_idx, single, 8);
    rmdir(empty);
}
END_TEST

/* Damaged manifests and missing segments are reported, never a crash. */
START_TEST(test_damaged_manifest) {
    for (int i = 0; i < 5; i++) write_file(i, 0);
    smp_update_stats st;
    update(&st);
    write_file(1, 1); /* deleted passages: the manifest lists their terms */
    update(&st);
    ck_assert_uint_gt(st.passages_deleted, 0);
    FILE *f = fopen(seg_idx, "rb");
    ck_assert_ptr_nonnull(f);
    static uint8_t orig[1 << 16];
    size_t n = fread(orig, 1, sizeof orig, f);
    fclose(f);
    ck_assert_uint_gt(n, 100);
    ck_assert_uint_lt(n, sizeof orig);
    char bad[512];
    test_path(bad, sizeof bad, dir, "bad.idx");
    /* every byte flipped in turn: open refuses it or it searches soundly */
    for (size_t i = 0; i < n; i++) {
        orig[i] ^= 0x5a;
        test_write_file(bad, orig, n);
        orig[i] ^= 0x5a;
        smp_index *ix;
        int rc = smp_index_open(&ix, bad, NULL);
        if (rc == SMP_OK) { /* only bytes no checksum covers: padding */
            smp_results *r;
            ck_assert_int_eq(smp_search(ix, "lash lift", NULL, &r, NULL), SMP_OK);
            smp_results_free(r);
            smp_index_close(ix);
        } else {
            ck_assert(rc == SMP_ECORRUPT || rc == SMP_EVERSION);
        }
    }
    /* a segment gone: not found, with its name */
    smp_index *ix;
    ck_assert_int_eq(smp_index_open(&ix, seg_idx, NULL), SMP_OK);
    const smp_manifest *m = smp_index_manifest(ix);
    ck_assert_ptr_nonnull(m);
    char segp[512];
    snprintf(segp, sizeof segp, "%s/%s", dir, m->seg[0].name);
    smp_index_close(ix);
    char moved[600];
    snprintf(moved, sizeof moved, "%s.moved", segp);
    ck_assert_int_eq(rename(segp, moved), 0);
    smp_error e;
    ck_assert_int_eq(smp_index_open(&ix, seg_idx, &e), SMP_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(e.msg, ".seg."));
    ck_assert_int_eq(rename(moved, segp), 0);
    unlink(bad);
}
END_TEST

/* Copies `from` to `to`, flipping the byte at `at` (none when at >= size). */
static void copy_flipped(const char *from, const char *to, long at) {
    FILE *f = fopen(from, "rb"), *g = fopen(to, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(g);
    int c;
    for (long i = 0; (c = fgetc(f)) != EOF; i++) fputc(i == at ? c ^ 0x5a : c, g);
    fclose(f);
    fclose(g);
}

static long file_size(const char *path) {
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    return (long)st.st_size;
}

/* Damages `victim` (a copy kept aside) byte by byte until an index at
 * `open_path` opens but smp_index_check finds the damage (a byte of the
 * stored text: opening verifies every other section's checksum): with err ==
 * NULL both must return codes, never crash.  Restores `victim`. */
static void check_finds_damage(const char *open_path, const char *victim) {
    char keep[300];
    snprintf(keep, sizeof keep, "%s.keep", victim);
    copy_flipped(victim, keep, -1);
    long n = file_size(keep);
    int found = 0;
    for (long i = 0; i < n && !found; i++) {
        copy_flipped(keep, victim, i);
        smp_index *ix;
        int rc = smp_index_open(&ix, open_path, NULL);
        if (rc == SMP_OK) {
            rc = smp_index_check(ix, NULL);
            if (rc != SMP_OK) {
                ck_assert_int_eq(rc, SMP_ECORRUPT);
                found = 1;
            }
            smp_index_close(ix);
        } else {
            ck_assert(rc == SMP_ECORRUPT || rc == SMP_EVERSION || rc == SMP_ENOTFOUND);
        }
    }
    ck_assert_msg(found, "no damaged byte of %s got past open", victim);
    ck_assert_int_eq(rename(keep, victim), 0);
}

/* Every public function that takes an smp_error accepts err == NULL (the
 * header allows it), on success and on its error paths, for a single index
 * file and a segmented one. */
START_TEST(test_null_err) {
    for (int i = 0; i < 6; i++) write_file(i, 0);
    char src2[300], single[300], bad[300], missing[300], nodir[300];
    snprintf(src2, sizeof src2, "%s/src2", dir);
    snprintf(single, sizeof single, "%s/single.idx", dir);
    snprintf(bad, sizeof bad, "%s/bad.idx", dir);
    snprintf(missing, sizeof missing, "%s/missing.idx", dir);
    snprintf(nodir, sizeof nodir, "%s/no/such/dir/x.idx", dir);
    ck_assert_int_eq(mkdir(src2, 0755), 0);
    char p[400];
    snprintf(p, sizeof p, "%s/extra.md", src2);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "# Brow lamination\n\n## How long does it last\n\n"
               "Brow lamination lasts six to eight weeks with good aftercare.\n");
    fclose(f);
    f = fopen(bad, "w"); /* not an index */
    ck_assert_ptr_nonnull(f);
    fprintf(f, "this is not an index file, only some text long enough to read\n");
    fclose(f);

    /* building: the paths that work and the errors */
    smp_builder *b;
    smp_build_options o;
    smp_build_options_init(&o);
    o.language = "klingon";
    ck_assert_int_lt(smp_builder_new(&b, &o, NULL), 0);
    smp_build_options_init(&o);
    o.overlap_words = o.max_words;
    ck_assert_int_eq(smp_builder_new(&b, &o, NULL), SMP_EINVAL);
    smp_build_options_init(&o);
    o.synonyms = "/nonexistent/smp-synonyms.txt";
    ck_assert_int_lt(smp_builder_new(&b, &o, NULL), 0);
    ck_assert_int_eq(smp_builder_new(&b, NULL, NULL), SMP_OK);
    ck_assert_int_eq(smp_builder_write(b, single, NULL), SMP_EEMPTY);
    ck_assert_int_eq(smp_builder_add_path(b, "/nonexistent/smp-upd", NULL), SMP_ENOTFOUND);
    ck_assert_int_eq(smp_builder_add_buffer(b, "x.doc", "doc", "text", 4, NULL), SMP_EINVAL);
    ck_assert_int_eq(smp_builder_add_buffer(b, "x.md", "md", "# T\n\nlash lift\n", 15, NULL),
                     SMP_OK);
    ck_assert_int_eq(smp_builder_add_path(b, src, NULL), SMP_OK);
    ck_assert_int_lt(smp_builder_write(b, nodir, NULL), 0);
    ck_assert_int_eq(smp_builder_write(b, single, NULL), SMP_OK);
    smp_builder_free(b);

    /* the writer's lock */
    smp_lock *l, *l2;
    ck_assert_int_lt(smp_index_lock(&l, nodir, NULL), 0);
    ck_assert_int_eq(smp_index_lock(&l, seg_idx, NULL), SMP_OK);
    ck_assert_int_eq(smp_index_lock(&l2, seg_idx, NULL), SMP_EBUSY);

    /* updates: a segmented index (build, then a second folder) and errors */
    const char *one[] = {src}, *two[] = {src, src2}, *gone[] = {src, "/nonexistent/smp-upd"};
    ck_assert_int_eq(smp_index_update(seg_idx, one, 1, NULL, NULL, NULL), SMP_OK);
    ck_assert_int_eq(smp_index_update(seg_idx, two, 2, NULL, NULL, NULL), SMP_OK);
    ck_assert_uint_ge(segments(seg_idx), 2);
    ck_assert_int_eq(smp_index_update(seg_idx, gone, 2, NULL, NULL, NULL), SMP_ENOTFOUND);
    ck_assert_int_eq(smp_index_update(NULL, one, 1, NULL, NULL, NULL), SMP_EINVAL);
    ck_assert_int_eq(smp_index_update(bad, one, 1, NULL, NULL, NULL), SMP_ECORRUPT);
    smp_build_options_init(&o);
    o.language = "klingon";
    ck_assert_int_lt(smp_index_update(seg_idx, one, 1, &o, NULL, NULL), 0);
    smp_build_options_init(&o);
    o.overlap_words = o.max_words; /* refused by the builder of the new segment */
    ck_assert_int_eq(smp_index_update(seg_idx, two, 2, &o, NULL, NULL), SMP_EINVAL);
    smp_build_options_init(&o);
    o.synonyms = "/nonexistent/smp-synonyms.txt";
    ck_assert_int_lt(smp_index_update(seg_idx, one, 1, &o, NULL, NULL), 0);
    ck_assert_int_eq(smp_index_optimize(NULL, NULL, NULL), SMP_EINVAL);
    ck_assert_int_eq(smp_index_optimize(missing, NULL, NULL), SMP_ENOTFOUND);
    ck_assert_int_eq(smp_index_optimize(bad, NULL, NULL), SMP_ECORRUPT);
    ck_assert_int_eq(smp_index_optimize(single, NULL, NULL), SMP_EINVAL);
    ck_assert_uint_ge(segments(seg_idx), 2); /* the errors left it as it was */
    smp_index_unlock(l);

    /* opening */
    smp_index *ix;
    ck_assert_int_eq(smp_index_open(&ix, missing, NULL), SMP_ENOTFOUND);
    ck_assert_int_eq(smp_index_open(&ix, bad, NULL), SMP_ECORRUPT);
    ck_assert_int_lt(smp_index_open(&ix, dir, NULL), 0);

    /* reading and searching, a single file and a segmented index */
    const char *idx[] = {single, seg_idx};
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(smp_index_open(&ix, idx[k], NULL), SMP_OK);
        ck_assert_int_eq(smp_index_check(ix, NULL), SMP_OK);
        smp_results *r;
        ck_assert_int_eq(smp_search(ix, "how long does a lash lift last", NULL, &r, NULL),
                         SMP_OK);
        ck_assert_uint_gt(smp_results_count(r), 0);
        smp_results_free(r);
        ck_assert_int_eq(smp_search(ix, "", NULL, &r, NULL), SMP_EEMPTY);
        ck_assert_int_eq(smp_search(ix, NULL, NULL, &r, NULL), SMP_EINVAL);
        ck_assert_int_eq(smp_search(NULL, "lash", NULL, &r, NULL), SMP_EINVAL);
        smp_search_options so;
        smp_search_options_init(&so);
        so.language = "german";
        ck_assert_int_eq(smp_search(ix, "lash", &so, &r, NULL), SMP_EANALYZER);
        smp_search_options_init(&so);
        so.k = 0;
        ck_assert_int_eq(smp_search(ix, "lash", &so, &r, NULL), SMP_EINVAL);
        smp_searcher *s;
        ck_assert_int_eq(smp_searcher_new(&s, NULL, NULL), SMP_EINVAL);
        ck_assert_int_eq(smp_searcher_new(&s, ix, NULL), SMP_OK);
        ck_assert_int_eq(smp_searcher_search(s, "lash lift", NULL, &r, NULL), SMP_OK);
        smp_results_free(r);
        ck_assert_int_eq(smp_searcher_search(s, "   ", NULL, &r, NULL), SMP_EEMPTY);
        ck_assert_int_eq(smp_searcher_search(s, "lash", &so, &r, NULL), SMP_EINVAL);
        smp_result res;
        ck_assert_int_eq(smp_searcher_passage(s, 0, &res, NULL), SMP_OK);
        smp_index_info info;
        smp_index_get_info(ix, &info);
        uint32_t end = (uint32_t)(info.passages + info.deleted_passages);
        ck_assert_int_eq(smp_searcher_passage(s, end, &res, NULL), SMP_EINVAL);
        ck_assert_int_eq(smp_searcher_passage(s, UINT32_MAX, &res, NULL), SMP_EINVAL);
        smp_searcher_free(s);
        smp_index_close(ix);
    }

    /* a deleted passage of a segmented index */
    write_file(0, 1);
    ck_assert_int_eq(smp_index_update(seg_idx, two, 2, NULL, NULL, NULL), SMP_OK);
    ck_assert_int_eq(smp_index_open(&ix, seg_idx, NULL), SMP_OK);
    smp_index_info info;
    smp_index_get_info(ix, &info);
    ck_assert_uint_gt(info.deleted_passages, 0);
    smp_searcher *s;
    ck_assert_int_eq(smp_searcher_new(&s, ix, NULL), SMP_OK);
    int deleted = 0;
    for (uint32_t d = 0; d < info.passages + info.deleted_passages; d++) {
        smp_result res;
        int rc = smp_searcher_passage(s, d, &res, NULL);
        ck_assert(rc == SMP_OK || rc == SMP_ENOTFOUND);
        deleted += rc == SMP_ENOTFOUND;
    }
    ck_assert_int_gt(deleted, 0);
    smp_searcher_free(s);
    const smp_manifest *m = smp_index_manifest(ix);
    ck_assert_ptr_nonnull(m);
    char segp[600];
    snprintf(segp, sizeof segp, "%s/%s", dir, m->seg[0].name);
    smp_index_close(ix);

    /* damage that only a check finds: a single file, a segment */
    check_finds_damage(single, single);
    check_finds_damage(seg_idx, segp);

    /* a segment gone */
    char moved[620];
    snprintf(moved, sizeof moved, "%s.moved", segp);
    ck_assert_int_eq(rename(segp, moved), 0);
    ck_assert_int_eq(smp_index_open(&ix, seg_idx, NULL), SMP_ENOTFOUND);
    ck_assert_int_eq(smp_index_optimize(seg_idx, NULL, NULL), SMP_ENOTFOUND);
    ck_assert_int_eq(rename(moved, segp), 0);

    /* optimize, then all is well */
    ck_assert_int_eq(smp_index_optimize(seg_idx, NULL, NULL), SMP_OK);
    ck_assert_int_eq(smp_index_open(&ix, seg_idx, NULL), SMP_OK);
    ck_assert_int_eq(smp_index_check(ix, NULL), SMP_OK);
    smp_index_close(ix);
}
END_TEST

/* INDEX.lock is gone once the lock is released; a second locker is still
 * kept out while it is held, and a lock file a killed writer left is taken
 * over. */
START_TEST(test_lock_file_removed) {
    char lockp[600];
    snprintf(lockp, sizeof lockp, "%s.lock", seg_idx);
    smp_lock *l, *l2;
    struct stat st;
    ck_assert_int_eq(smp_index_lock(&l, seg_idx, NULL), SMP_OK);
    ck_assert_int_eq(stat(lockp, &st), 0);
    ck_assert_int_eq(smp_index_lock(&l2, seg_idx, NULL), SMP_EBUSY);
    ck_assert_ptr_null(l2);
    ck_assert_int_eq(stat(lockp, &st), 0); /* the refused locker leaves it */
    smp_index_unlock(l);
    ck_assert_int_ne(stat(lockp, &st), 0);
    smp_index_unlock(NULL);

    /* left by a killed writer: an unlocked file with its process id */
    FILE *f = fopen(lockp, "w");
    ck_assert_ptr_nonnull(f);
    fputs("999999\n", f);
    fclose(f);
    ck_assert_int_eq(smp_index_lock(&l, seg_idx, NULL), SMP_OK);
    ck_assert_int_eq(smp_index_lock(&l2, seg_idx, NULL), SMP_EBUSY);
    smp_index_unlock(l);
    ck_assert_int_ne(stat(lockp, &st), 0);
}
END_TEST

/* Two processes take and release the lock of one index over and over:
 * never both at once.  A holder marks its turn with a file created with
 * O_EXCL; a second holder at the same time finds it there.  (Removing the
 * lock file on release without checking, once locked, that the path still
 * names the locked file would let a process lock a removed file while
 * another locks the new one.) */
START_TEST(test_lock_exclusive_race) {
    char held[600];
    snprintf(held, sizeof held, "%s.held", seg_idx);
    int rounds = 3000;
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    int overlaps = 0, turns = 0;
    for (int i = 0; i < rounds; i++) {
        smp_lock *l;
        if (smp_index_lock(&l, seg_idx, NULL) != SMP_OK) continue; /* busy */
        turns++;
        int fd = open(held, O_CREAT | O_EXCL | O_WRONLY, 0644);
        if (fd < 0) overlaps++;
        else {
            close(fd);
            unlink(held);
        }
        smp_index_unlock(l);
    }
    if (child == 0) _exit(overlaps ? 1 : 0);
    int status;
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
    ck_assert_int_eq(overlaps, 0);
    ck_assert_int_gt(turns, 0);
    char lockp[600];
    snprintf(lockp, sizeof lockp, "%s.lock", seg_idx);
    struct stat st;
    ck_assert_int_ne(stat(lockp, &st), 0);
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("update");
    TCase *t = tcase_create("update");
    tcase_add_checked_fixture(t, mk, rm);
    tcase_set_timeout(t, 300);
    tcase_add_test(t, test_update_matches_rebuild);
    tcase_add_test(t, test_update_errors_keep_index);
    tcase_add_test(t, test_damaged_manifest);
    tcase_add_test(t, test_null_err);
    tcase_add_test(t, test_lock_file_removed);
    tcase_add_test(t, test_lock_exclusive_race);
    suite_add_tcase(s, t);
    return s;
}
