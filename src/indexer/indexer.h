/*
 * indexer.h - writing indexes: the builder, the inverting thread, the
 * merge of a build's runs, the deleted terms of an update (subsystem
 * indexer/, above ingest/ and index/).  "Merging runs" is the last step of
 * one build (runs.c); a "segment merge" rewrites segments of a segmented
 * index in an update (update.c).
 * Nothing here is part of the public API (include/smpsearch.h).
 */
#ifndef SMP_INDEXER_H
#define SMP_INDEXER_H

#include "index/index.h"
#include "ingest/ingest.h"

/**************************************************************************
** Interface to code in builder.c, for incremental updates (update.c)
*/
/* Adds a file already read (buf, modified in place, owned by the caller;
 * fmt as smp_format_of); path[root_len..] is its path in the site
 * (smp_walk_root_len of the path walked). */
int smp_builder_add_data(smp_builder *b, const char *path, size_t root_len, int fmt, char *buf,
                         size_t len, smp_error *err);
/* Adds a passage as it was split from its file (a segment merge);
 * new_file: the first passage of a file. */
int smp_builder_add_passage(smp_builder *b, const smp_passage *p, int new_file,
                            smp_error *err);
/* The HTML pages of a build (paths[0..n), as the build reads them), read
 * ahead for the rules that need a whole website (site.c): when there are
 * at least SMP_SITE_MIN_HTML, the builder reads the pages added from now
 * on with their profile (smp_builder_add_path profiles the pages of its
 * path itself).  Replaces an earlier profile; pages that cannot be read
 * or would be skipped are left out.  0 or SMP_ENOMEM. */
#define SMP_SITE_MIN_HTML 3
int smp_builder_profile_sites(smp_builder *b, const char *const *paths, size_t n,
                              smp_error *err);
/* From now on, keep the acronym definitions of each file apart ... */
void smp_builder_track_files(smp_builder *b);
/* ... and hand over those found since the last call (caller frees). */
void smp_builder_file_acronyms(smp_builder *b, smp_macr **out, uint32_t *n);


/**************************************************************************
** Interface to code in invert.c
**
** Analysing and inverting a build's passages, on threads of their own:
** the builder hands passages over; worker threads analyse them (each
** with stemmers of its own), and the inverting thread adds them to the
** writer in the order given, writes runs under the memory budget, and
** writes the index (one piece, or runs merged).  Errors of the threads are
** sticky: returned by the builder's next calls.
*/
typedef struct smp_inverter smp_inverter;

typedef struct smp_invert_opts {
    const char *language;
    int positions;          /* store word positions */
    uint64_t memory_budget; /* 0: none */
    const char *run_prefix; /* runs: RUN_PREFIX.run.XXXXXX (NULL: $TMPDIR/smpsearch) */
    uint32_t analyzer;      /* SMP_AN_* of the stemmers, kept in META */
} smp_invert_opts;

int smp_inverter_new(smp_inverter **out, const smp_invert_opts *o, smp_error *err);
/* A passage, starting a new article or not, to be analysed and added.
 * The strings are copied.  lang: the stemmer its article's terms come
 * from when not the index's (smp_stemmer_for_lang), else NULL. */
int smp_inverter_passage(smp_inverter *v, const smp_passage *p, int new_article,
                         const char *lang);
/* The threads' first error, if any, into err. */
int smp_inverter_error(smp_inverter *v, smp_error *err);
/* Waits for the threads to add everything, then writes the index. */
int smp_inverter_write(smp_inverter *v, const char *path, const char *aliases, size_t alen,
                       uint64_t source_bytes, smp_error *err);
/* Runs written so far. */
uint64_t smp_inverter_runs(const smp_inverter *v);
/* Stops the threads (when still running) and frees everything, run files
 * included. */
void smp_inverter_free(smp_inverter *v);


/**************************************************************************
** Interface to code in runs.c
**
** Merges the runs of a build (index files of consecutive articles, sharing
** one store dictionary) into one index file, streamed to disk; aliases is
** the final ALIASES section (may be empty).
*/
int smp_merge_runs(const char *const *paths, size_t n, const char *out_path,
                   const char *aliases, size_t alen, uint64_t source_bytes, smp_error *err);


/**************************************************************************
** Interface to code in deleted_terms.c
**
** The terms of passages an update deletes, for the manifest's DELETED
** section.
*/
typedef struct smp_termbag { /* terms with counts */
    char **t;
    uint32_t *len, *count;
    size_t n, cap;
    int rc; /* SMP_ENOMEM once an addition failed */
} smp_termbag;

void smp_termbag_free(smp_termbag *b);
/* Adds the terms of passages [first, end) of segment ix, each passage's
 * once: 0, SMP_ENOMEM, or the error reading a passage. */
int smp_deleted_terms(const smp_segment *ix, smp_stemmer *st, uint32_t first, uint32_t end,
                      smp_termbag *bag, smp_store_reader *rd);
/* Adds the bag's counts to the segment's table (dblob, dend, dcount);
 * the bag is used up.  0 or SMP_ENOMEM. */
int smp_mseg_add_terms(smp_mseg *s, smp_termbag *bag);


#endif /* SMP_INDEXER_H */
