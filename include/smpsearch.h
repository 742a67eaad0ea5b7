/*
 * smpsearch.h - the whole public interface of libsmpsearch.
 *
 * smpsearch indexes articles (Markdown, plain text, JSON Lines) as passages
 * split along their headings and answers questions with BM25-ranked
 * passages, each with the sentence that best answers the question.
 *
 * Conventions
 *   - Handles are opaque.  Each _new or _open function has a matching _free
 *     or _close function, and passing NULL to those is a no-op.
 *   - Functions that can fail return 0 (SMP_OK) or a negative SMP_E* code.
 *     Where a function takes an `smp_error *err`, a one-line message with
 *     the details is written there on failure (err may be NULL).
 *   - Strings returned by the library are NUL-terminated UTF-8 and owned by
 *     the handle they came from; they live until that handle is freed.
 *   - The library keeps no global mutable state and never exits the
 *     process.  Distinct handles may be used from distinct threads; one
 *     handle must not be used by two threads at once, except a read-only
 *     smp_index, which may be searched from any number of threads.
 */
#ifndef SMPSEARCH_H
#define SMPSEARCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* SMP_API marks the functions below, the only symbols the shared library
 * exports: the library is compiled with -fvisibility=hidden and
 * SMP_BUILDING_LIBRARY.  For its users, and for compilers other than GCC
 * and clang, it is empty. */
#if defined(SMP_BUILDING_LIBRARY) && (defined(__GNUC__) || defined(__clang__))
#define SMP_API __attribute__((visibility("default")))
#else
#define SMP_API
#endif

#define SMP_VERSION_STRING "0.1.0"

/* Error codes. */
enum {
    SMP_OK = 0,
    SMP_ENOMEM = -1,    /* out of memory */
    SMP_EIO = -2,       /* a system call failed (see the message) */
    SMP_ECORRUPT = -3,  /* an index file is damaged or truncated */
    SMP_EVERSION = -4,  /* an index written by an incompatible version */
    SMP_EINVAL = -5,    /* a bad argument */
    SMP_EANALYZER = -6, /* analyzer settings do not match the index */
    SMP_ENOTFOUND = -7, /* a file or item does not exist */
    SMP_EFORMAT = -8,   /* an input file could not be understood */
    SMP_EEMPTY = -9,    /* nothing to index / nothing to search for */
    SMP_EBUSY = -10     /* another process is writing the index */
};

/* Details of a failure; `code` repeats the returned code. */
typedef struct smp_error {
    int code;
    char msg[512];
} smp_error;

/* A static description of an error code ("index is corrupt", ...). */
SMP_API const char *smp_strerror(int code);
/* The library version, e.g. "0.1.0". */
SMP_API const char *smp_version(void);

/* Fields of a passage, and their number: the sizes of the per-field
 * arrays smp_index_info.avg_len and smp_search_options.weight. */
enum { SMP_FIELD_TITLE = 0, SMP_FIELD_HEADING = 1, SMP_FIELD_BODY = 2 };
#define SMP_NFIELDS 3

/* ------------------------------------------------------------------ */
/* Building an index                                                   */
/* ------------------------------------------------------------------ */

typedef struct smp_builder smp_builder;

/* Severity of a message sent to smp_build_options.log. */
enum { SMP_LOG_INFO = 0, SMP_LOG_WARN = 1 };

typedef struct smp_build_options {
    const char *language;   /* libstemmer algorithm, default "english" */
    uint32_t max_words;     /* sections longer than this are windowed (250) */
    uint32_t overlap_words; /* words shared by consecutive windows (50) */
    uint32_t min_words;     /* shorter sections merge with the next (25) */
    uint64_t max_file_size; /* larger input files are skipped (64 MiB) */
    /* A synonym file: one group a line, phrases separated by commas.  A
     * file named synonyms.txt directly in a folder given to
     * smp_builder_add_path is read the same way.  May be NULL. */
    const char *synonyms;
    int no_acronyms;        /* 1: do not detect acronyms in the text */
    int no_positions;       /* 1: no word positions (no phrase queries) */
    /* 1: numbers are plain words.  By default number words and digits are
     * indexed as written ("three" stays "three", "3" stays "3"), but units
     * of time are written out ("6 wks", "6wks" = "6 weeks") and a range of
     * two numbers ("3-5", "three to five", "between 3 and 5") also gives
     * one extra term, so either form of the range finds the other; a
     * question's number of something ("three weeks", "3 sessions") also
     * searches the other form ("3 weeks", "three sessions") at half the
     * alias weight.  Kept in the index: questions are analysed the same
     * way. */
    int no_numbers;
    /* 1: a Markdown passage's heading is its own heading only.  By default
     * it is the path of headings above it, from level 2 down ("Aftercare
     * \u203A Sun exposure", joined by SMP_HEADING_SEP), indexed and shown
     * as the heading. */
    int no_heading_path;
    /* When the index being built holds more than this many bytes, its
     * passages so far are written to a run file and the build goes on
     * with empty memory; the runs are merged by smp_builder_write,
     * streaming, so a corpus larger than memory still indexes.  0: no
     * limit (one run, in memory). */
    uint64_t memory_budget;
    /* Run files are named RUN_PREFIX.run.XXXXXX (default $TMPDIR/smpsearch,
     * else /tmp/smpsearch); the CLI uses the output path, so the runs lie
     * beside the index and smp_index_lock clears those of a killed build. */
    const char *run_prefix;
    /* Put in front of the articles' URLs that are paths of the site
     * ("/treatments/smp/"): "https://clinic.example".  An article's URL
     * is its front matter's url or permalink, its page's canonical link
     * or og:url, a JSON Lines record's "url", else the one a static site
     * gives its path (treatments/smp/index.html -> /treatments/smp/,
     * blog/post.md -> /blog/post/).  NULL: none. */
    const char *base_url;
    /* 1: follow symbolic links whose target is outside the folder given to
     * smp_builder_add_path.  By default such a link is not followed
     * (counted in smp_build_stats.links_not_followed and said once), so
     * a link in a site folder cannot put other files of the machine in
     * the index.  Links inside the folder are followed; each real folder
     * is read once, so a link back up the tree ends. */
    int follow_links;
    /* Called once per skipped or repaired file (and other notices).
     * `path` may be NULL.  May be NULL. */
    void (*log)(void *ud, int level, const char *path, const char *msg);
    /* Called after each input file.  May be NULL. */
    void (*progress)(void *ud, uint64_t files, uint64_t bytes,
                     uint64_t passages);
    void *ud;
} smp_build_options;

/* Counters of a build, filled by smp_builder_stats(). */
typedef struct smp_build_stats {
    uint64_t files_seen;     /* regular files with a known extension */
    uint64_t files_indexed;  /* files that gave at least one passage */
    uint64_t files_skipped;  /* unreadable, binary, empty, too big, bad */
    uint64_t files_repaired; /* invalid UTF-8 replaced, or bad JSONL lines */
    uint64_t records_skipped;/* JSONL lines that could not be used */
    uint64_t bytes_read;     /* source bytes of the indexed files */
    uint64_t articles;
    uint64_t passages;
    uint64_t runs;           /* run files written under the memory budget */
    uint64_t links_not_followed; /* out of the folder, or to a folder read
                                    already (see follow_links) */
    uint64_t passages_cut;   /* passages or headings cut to the index's
                                limits (8 MiB of text, 4 MiB of heading) */
} smp_build_stats;

/* What joins the headings of a heading path in smp_result.heading: " \u203A ". */
#define SMP_HEADING_SEP " \xe2\x80\xba "

/* Fills *opt with the defaults given beside its fields; the others are 0
 * or NULL. */
SMP_API void smp_build_options_init(smp_build_options *opt);

/* A builder with the options `opt` (NULL: the defaults), copied, strings
 * included.  SMP_EINVAL for an unknown language or overlap_words not
 * below max_words; an error too when the synonym file cannot be read or
 * understood. */
SMP_API int smp_builder_new(smp_builder **out, const smp_build_options *opt,
                            smp_error *err);
/* Adds a file or a directory (walked recursively, in name order).
 * Files that cannot be used are skipped, logged and counted; those are not
 * errors.  When the path holds at least 3 HTML pages, they are read once
 * ahead, and text each website (a folder with an index page) repeats on
 * most of its pages, and the site's name on every title, are left out.  Returns an error only for a path that does not exist or cannot
 * be examined, a synonyms.txt that cannot be used, a run file that cannot be
 * written (memory_budget), or when memory runs out. */
SMP_API int smp_builder_add_path(smp_builder *b, const char *path, smp_error *err);
/* Adds one document from memory.  `format` is "md", "txt" or "jsonl". */
SMP_API int smp_builder_add_buffer(smp_builder *b, const char *path,
                                   const char *format, const char *data, size_t len,
                                   smp_error *err);
/* Writes the index atomically: a temporary file beside `path` is written,
 * fsync'ed and renamed over `path`.  On failure `path` is untouched.
 * Returns SMP_EEMPTY when no passage was added. */
SMP_API int smp_builder_write(smp_builder *b, const char *path, smp_error *err);
/* Fills *out with the counters of the build so far. */
SMP_API void smp_builder_stats(const smp_builder *b, smp_build_stats *out);
SMP_API void smp_builder_free(smp_builder *b);

/* One passage as a build reads it from a file (smp_explain_file); the
 * strings are valid during the call. */
typedef struct smp_explained {
    const char *article_id, *title, *heading;
    const char *fragment; /* the section's link target (after '#'), "" none */
    const char *text;
    size_t text_len;
    uint32_t ordinal, line;
} smp_explained;

/* What a file declares about itself (its first article's, for JSON
 * Lines): its title, language (<html lang>, front matter lang), URL
 * (front matter url, <link rel="canonical">, og:url, else the one its
 * path gives, as in a build of its folder with opt's base_url), date and
 * description; "" when it gives none.  Cut to fit. */
typedef struct smp_explained_file {
    char title[512];
    char language[64];
    char url[1024];
    char date[64];
    char description[1024];
} smp_explained_file;

typedef int (*smp_explain_fn)(void *ud, const smp_explained *p);

/* The format a build reads the file at path in, by its extension: "md",
 * "txt", "jsonl" or "html" (the names smp_builder_add_buffer takes), or
 * NULL for a file a build passes over. */
SMP_API const char *smp_file_format(const char *path);

/* Reads the file at path as smp_builder_add_path would (its format from
 * its extension; opt as for a build, NULL for the defaults; an HTML page
 * alone, without what other pages of its site repeat) without building
 * anything: fn (may be NULL) gets each passage in order, and
 * *file (may be NULL) what the file declares.  0, the first non-zero fn
 * result, SMP_EFORMAT with the reason in err when a build would skip the
 * file (empty, binary, a draft, a noindex or error page...), SMP_EINVAL
 * for a file of no known type, SMP_EIO or SMP_ENOMEM.  A file that gives
 * no passage returns 0 with no call. */
SMP_API int smp_explain_file(const char *path, const smp_build_options *opt,
                             smp_explain_fn fn, void *ud, smp_explained_file *file,
                             smp_error *err);

/* One writer per index: *out becomes an advisory lock on INDEX.lock (INDEX
 * is index_path), to hold for a whole build; *out is NULL on failure.
 * SMP_EBUSY (naming the process) when another holds it.  Taking it
 * also removes what builds of this index killed mid-way left behind
 * (INDEX.tmp.*, INDEX.pos.*, INDEX.run.*, and segment files INDEX.seg.*
 * the index in place does not name).  Readers never need it. */
typedef struct smp_lock smp_lock;
SMP_API int smp_index_lock(smp_lock **out, const char *index_path, smp_error *err);
/* Releases the lock, first removing the same leftovers as taking it does
 * (those this writer made orphans), then INDEX.lock itself: only a killed
 * writer leaves it behind, and the next lock takes it over.  l NULL: no-op. */
SMP_API void smp_index_unlock(smp_lock *l);

/* Incremental updates.  smp_index_update brings the index at index_path
 * up to date with the files under paths (listed as smp_builder_add_path
 * lists them): files whose size and modification time are unchanged are
 * not read; the others are read and hashed, and those whose content
 * changed (and new ones) are indexed into a new segment, while the
 * passages of changed and vanished files are marked deleted.  The index
 * is then a set of segment files (INDEX.seg.N) and a manifest at
 * index_path, replaced atomically; segments are merged by a size-tiered
 * policy.  It answers every query exactly as a full build of the same
 * files would: the same passages, scores and order.  A
 * missing index is created; a single index file is replaced.  Build
 * options must match those of the index, else every file is indexed
 * again.  The caller holds smp_index_lock.  SMP_EEMPTY when nothing would
 * be left to search (the index is then left as it was). */
typedef struct smp_update_stats {
    uint64_t files_seen;      /* files of a known type under the paths */
    uint64_t files_unchanged; /* same size and time, or same content */
    uint64_t files_changed, files_added;
    uint64_t files_deleted;   /* in the index, no longer under the paths */
    uint64_t files_skipped;   /* could not be read or used */
    uint64_t passages_added, passages_deleted;
    uint64_t passages;        /* live passages after the update */
    uint32_t segments;        /* segment files after the update */
    uint32_t merges;          /* segments written by merging */
} smp_update_stats;

SMP_API int smp_index_update(const char *index_path, const char *const *paths, size_t npaths,
                             const smp_build_options *opt, smp_update_stats *stats, smp_error *err);
/* Merges all segments of a segmented index into one, leaving out deleted
 * passages.  The caller holds smp_index_lock. */
SMP_API int smp_index_optimize(const char *index_path, smp_update_stats *stats, smp_error *err);

/* ------------------------------------------------------------------ */
/* Reading an index                                                    */
/* ------------------------------------------------------------------ */

typedef struct smp_index smp_index;

/* Maps the file (and, for an index kept by smp_index_update, the segment
 * files its manifest names) and validates its header and section table
 * with their checksums, and the checksum of every section but the stored
 * text (whose blocks carry their own, verified each time one is read);
 * smp_index_check verifies the rest.  SMP_ENOTFOUND if it does not exist,
 * SMP_ECORRUPT / SMP_EVERSION if it is not a usable index. */
SMP_API int smp_index_open(smp_index **out, const char *path, smp_error *err);
/* Flags of smp_index_open_flags: */
enum {
    /* Read the files into memory instead of mapping them, and verify
     * every checksum: the index then never changes under the caller,
     * whatever happens to its files (a copy over them in place, a cut
     * short file), at the cost of memory the size of the files.  A file
     * that changes while it is read gives SMP_ECORRUPT (open it again
     * later).  What a long-running server wants. */
    SMP_OPEN_COPY = 1
};
/* smp_index_open with SMP_OPEN_* flags (0: as smp_index_open). */
SMP_API int smp_index_open_flags(smp_index **out, const char *path, unsigned flags,
                                 smp_error *err);
SMP_API void smp_index_close(smp_index *ix);
/* Opening checks the header, the section table and the sizes of the
 * tables, in time independent of the index's size; every later read is
 * bounds-checked, so a damaged index gives SMP_ECORRUPT, never a crash.
 * This verifies the whole file: every checksum, the dictionary order,
 * every postings and positions list and every stored passage.  SMP_OK, or
 * SMP_ECORRUPT with what is wrong in err (SMP_ENOMEM). */
SMP_API int smp_index_check(const smp_index *ix, smp_error *err);

typedef struct smp_index_info {
    uint32_t format_version;
    const char *language;
    int numbers; /* numbers, units and ranges read as such (no_numbers off) */
    uint64_t passages, articles, terms, postings;
    uint64_t source_bytes; /* bytes of source text indexed */
    uint64_t file_bytes;   /* size of the index file */
    double avg_len[SMP_NFIELDS]; /* average field lengths: title, heading, body */
    /* an index kept up to date by smp_index_update is a set of segment
       files: their number (1 for a plain index file) and their passages
       deleted since (left out of everything else here) */
    uint32_t segments;
    uint64_t deleted_passages;
    /* bytes per section, in the order of smp_index_section_name() */
    uint32_t nsections;
    uint64_t section_bytes[24];
} smp_index_info;

/* Fills *out with the index's figures; `language` lives as long as ix. */
SMP_API void smp_index_get_info(const smp_index *ix, smp_index_info *out);
/* Name of section i of the info ("dictionary", "postings", ...), NULL for
 * i >= nsections. */
SMP_API const char *smp_index_section_name(const smp_index *ix, uint32_t i);

/* ------------------------------------------------------------------ */
/* Searching                                                           */
/* ------------------------------------------------------------------ */

/* Top-k strategies: exhaustive evaluation (the reference), MaxScore (the
 * default), Block-Max WAND and MaxScore with the block table's bounds in
 * windows of docids (Lucene's MaxScoreBulkScorer) skip passages that
 * cannot enter the top k. */
enum { SMP_TOPK_EXHAUSTIVE = 0, SMP_TOPK_MAXSCORE = 1, SMP_TOPK_BMW = 2, SMP_TOPK_BLOCKMAX = 3 };

typedef struct smp_search_options {
    uint32_t k;        /* results wanted (10) */
    double k1, b;      /* BM25 parameters (see smp_search_options_init) */
    double weight[SMP_NFIELDS]; /* field weights: title, heading, body */
    /* Stemmer language the caller expects, or NULL for the index's own.
     * A different language gives SMP_EANALYZER. */
    const char *language;
    int no_spelling; /* 1: do not correct words missing from the index */
    int no_aliases;  /* 1: do not add acronyms and synonyms to the query */
    /* 1: double quotes are punctuation, not phrases: the question is a
     * bag of words (prose queries of test collections quote prose) */
    int no_phrases;
    double alias_weight; /* weight of the terms they add (0..1) */
    /* 1: results carry ids, scores, articles and lines only: no heading,
     * text, answer or highlights, and no confidence (for evaluations and
     * TREC runs; smp_results_confidence is then 0 and smp_results_answered
     * 1 when there are results).  The ranking is the same either way. */
    int ids_only;
    /* how the top k are found: all give the same results (SMP_TOPK_*) */
    int strategy;
    /* below this confidence (smp_results_confidence) the results say the
       articles hold no good answer (SMP_MIN_CONFIDENCE; 0: always one) */
    double min_confidence;
    /* 1: the answer sentence does not prefer one that gives the kind of
       answer the question asks for (a duration, a number of visits, a
       price, pain, safety, a procedure, eligibility; English indexes
       only); ranking is the same either way */
    int no_answer_types;
    /* 1: question filler ("how", "does", "the", "can I") ranks passages
       like any word; by default it is left out when the question has a
       real word */
    int keep_filler;
    /* Question filler left out of the ranking still counts where a
     * passage's heading and title are the question it answers: "what is",
     * "who should not", "can I" matched there (never in the body), at
     * this weight of a word (0: not at all; SMP_QUESTION_WEIGHT). */
    double question_weight;
    /* 1: every result is a group of its own (smp_result.group), even when
       several give the same answer */
    int no_answer_groups;
    /* Filters on what articles say about themselves (front matter
     * `categories` and `tags`, a page's `article:section` and
     * `article:tag`; see smp_result.categories): results come only from
     * articles that have one of the ncategories values of `categories`
     * (when there are any) and one of the ntags values of `tags` (when
     * there are any): OR within a field, AND across fields.  A value
     * matches one as the article writes it, case aside ("Lash Lift" =
     * "lash lift"; Unicode case folding), not a part of one.  A value no
     * article has leaves nothing to find: zero results, not an error.
     * Filtering happens inside the top-k evaluation, so k results still
     * come back when k passages pass.  The arrays and strings are read
     * during the search only. */
    const char *const *categories;
    size_t ncategories;
    const char *const *tags;
    size_t ntags;
    /* 1: count the matching passages per category and per tag
     * (smp_results_facets) */
    int facets;
    /* The second stage (rerank.c): the first stage's best rerank_depth
     * passages are ranked again by their BM25F score plus the sum of
     * each weight below times its feature, when any weight is not 0;
     * passages past the depth follow in the first stage's order.  Each
     * feature is 0 or more (a weight may be negative, and must be a
     * number); `query --explain` shows what each adds.
     * - proximity: the question's words close together in the body: for
     *   each content word there, its idf times 1/d^2, d the fewest words
     *   to another content word of the question (1: adjacent);
     * - heading_match, title_match: how well the passage's heading, or
     *   its article's title, matches the whole question (filler words,
     *   negations and modal verbs included): the harmonic mean of the
     *   share of the question's idf it holds and the share of its words
     *   that are the question's (0..1);
     * - topic: the question names its article's topic (a category, see
     *   smp_results_topics): the share of the topic's words it names
     *   (0..1), 0 when it names no topic;
     * - answer_type: the passage gives an answer of the kind asked for (a
     *   duration, a number of visits, a price, ...; English, 0 or 1);
     * - length: ln(1 + words of the passage's body). */
    uint32_t rerank_depth; /* SMP_RERANK_DEPTH; 0: no second stage */
    double proximity_weight, heading_match_weight, title_match_weight, topic_weight,
        answer_type_weight, length_weight;
} smp_search_options;

/* The default of smp_search_options.rerank_depth. */
#define SMP_RERANK_DEPTH 20

/* The default of smp_search_options.min_confidence, chosen on the tuning
 * half of the customer and off-topic questions (bench/no_answer_cv.py). */
#define SMP_MIN_CONFIDENCE 0.40
/* The default of smp_search_options.question_weight. */
#define SMP_QUESTION_WEIGHT 0.5

/* Fills *opt with the defaults: k 10, k1 1.8, b 0.6, weights 2 (title),
 * 4 (heading) and 1 (body), alias_weight 0.8, SMP_QUESTION_WEIGHT,
 * SMP_TOPK_MAXSCORE, SMP_MIN_CONFIDENCE, SMP_RERANK_DEPTH and the rerank
 * weights proximity 0.01, heading match 0.25, title match 1, topic 2,
 * answer type 0.5 and length 0.1; the others are 0 or NULL. */
SMP_API void smp_search_options_init(smp_search_options *opt);
/* smp_search_options_init, then the ranking options (k1, b, weight,
 * question_weight, alias_weight) that `smpsearch train` fitted to the
 * site's own judged questions and stored in ix, when it holds them. */
SMP_API void smp_search_options_for(smp_search_options *opt, const smp_index *ix);
/* Stores opt's ranking options (k1, b, weight, question_weight,
 * alias_weight) in the index file at path, which is written again
 * atomically with everything else as it was; NULL opt removes them.
 * Ranking options are kept in a single index file: a segmented index
 * (smp_index_update) gives SMP_EINVAL.  The caller holds smp_index_lock.
 * 0, SMP_EINVAL (also for options out of range), SMP_ENOTFOUND,
 * SMP_ECORRUPT, SMP_EIO or SMP_ENOMEM. */
SMP_API int smp_index_set_ranking(const char *path, const smp_search_options *opt,
                                  smp_error *err);

/* A highlighted range of bytes inside a result's text. */
typedef struct smp_span {
    uint32_t start, end;
} smp_span;

typedef struct smp_result {
    uint32_t rank;        /* 1-based */
    double score;
    uint32_t docid;       /* internal passage number */
    const char *passage_id; /* stable id: "article#n", or the JSONL _id */
    const char *article_id, *article_title, *path;
    const char *heading;  /* "" when the passage has none */
    /* Where the passage is published: its article's URL (see
     * smp_build_options.base_url) and its section's link target, the
     * part after '#' (a heading's id, or the heading id a site generator
     * makes of a Markdown heading); "" when unknown or none. */
    const char *url, *fragment;
    /* What the article says about itself, "" when it says nothing: its
     * date as written, description, tags and categories (lists joined by
     * '\n') and language. */
    const char *date, *description, *tags, *categories, *language;
    uint32_t line;        /* 1-based line of the passage in `path` */
    const char *text;     /* the passage's plain text */
    uint32_t text_len;
    smp_span answer;      /* the best-matching sentence inside text */
    const smp_span *highlights; /* query-term matches inside text */
    uint32_t nhighlights;
    /* The answer the answer sentence gives, in one form, when the question
     * asks for a duration, a number of sessions or a price: "6\u20138
     * weeks", "up to 8 years", "3 sessions", "\u00a335\u2013\u00a370"; ""
     * otherwise. */
    const char *answer_value;
    /* Results with the same answer_value share a group: groups are
     * numbered 0.. in the order of their first result, and a result
     * without an answer_value has a group of its own.  Several articles
     * agreeing are one group; articles that disagree, several. */
    uint32_t group;
} smp_result;

typedef struct smp_results smp_results;

/* Runs `query` against the index (a searcher made and freed for the
 * call) with the options `opt` (NULL: the defaults).  An empty query, or
 * one with no searchable word, gives SMP_EEMPTY.  A query with words that
 * occur nowhere gives zero results and SMP_OK.  Result strings live until
 * the results are freed and the index is closed, whichever comes first. */
SMP_API int smp_search(const smp_index *ix, const char *query,
                       const smp_search_options *opt, smp_results **out,
                       smp_error *err);

/* A searcher keeps per-thread state between searches of one index (the
 * stemmer's cache, scratch buffers, the last inflated store block), so a
 * series of questions is answered faster than by smp_search().  One
 * searcher serves one thread at a time; the index must outlive it. */
typedef struct smp_searcher smp_searcher;

SMP_API int smp_searcher_new(smp_searcher **out, const smp_index *ix, smp_error *err);
/* As smp_search(), with the searcher's state. */
SMP_API int smp_searcher_search(smp_searcher *s, const char *query,
                                const smp_search_options *opt, smp_results **out,
                                smp_error *err);
SMP_API void smp_searcher_free(smp_searcher *s);
/* The stemmer's cache keeps each distinct word a searcher has met (each is
 * stemmed once), and so grows with every new word of every question: when
 * a search starts with more than `words` of them cached, the cache is
 * emptied and fills again.  0: no bound.  The default is
 * SMP_WORD_CACHE_DEFAULT words (about 100 bytes each). */
#define SMP_WORD_CACHE_DEFAULT 8192
SMP_API void smp_searcher_set_word_cache(smp_searcher *s, size_t words);
/* Fills *out with passage `docid` (0 .. passages + deleted_passages - 1,
 * see smp_index_info) as a result without score, answer or highlights.
 * Its strings stay valid until the next call on this searcher.  SMP_EINVAL
 * for a docid out of range; SMP_ENOTFOUND for a passage an update deleted
 * (the segment holding it has not been merged yet). */
SMP_API int smp_searcher_passage(smp_searcher *s, uint32_t docid, smp_result *out, smp_error *err);

/* The number of results, and result i (0-based; NULL when i >= count). */
SMP_API uint32_t smp_results_count(const smp_results *r);
SMP_API const smp_result *smp_results_get(const smp_results *r, uint32_t i);
/* The query's terms after analysis and spelling correction,
 * space-separated. */
SMP_API const char *smp_results_terms(const smp_results *r);
/* Terms added by acronyms and synonyms (weighted lower), or "". */
SMP_API const char *smp_results_expansions(const smp_results *r);
/* The terms of smp_results_terms that say what the question is about:
 * without question filler and stop words ("how", "does", "the"), also
 * when typed with two adjacent letters swapped ("dose", "teh"), and
 * without alternative forms, in the question's order, space-separated;
 * "" when there are none.  Questions that differ only in spelling, word
 * forms and filler have the same (`smpsearch report` groups by them). */
SMP_API const char *smp_results_content_terms(const smp_results *r);
/* The confidence, 0..1, that the best result answers the question: the
 * share of the question's content words (by idf) it holds, times the share
 * the articles use at all (see confidence.c); 0 without results, and 0
 * when the search asked for ids only (not measured). */
SMP_API double smp_results_confidence(const smp_results *r);
/* 1 when the best result is taken to answer the question (confidence at
 * least the option's min_confidence), 0 when the articles hold no good
 * answer: the results are then only the closest passages.  A search for
 * ids only does not judge: 1 when there are results. */
SMP_API int smp_results_answered(const smp_results *r);
/* The number of answer groups among the results (smp_result.group). */
SMP_API uint32_t smp_results_ngroups(const smp_results *r);
/* The query with misspelled words replaced by the nearest indexed term
 * ("showing results for ..."), or NULL when nothing was corrected. */
SMP_API const char *smp_results_corrected(const smp_results *r);
/* A question that names none of the topics of an index whose articles
 * have several categories ("how long does it last" over scalp
 * micropigmentation, lash lift and brow articles) has an answer per topic:
 * how many topics the results found (0 for a question that names one, an
 * index of one topic, or more than 12 categories), then topic i's name
 * (its category) with its best result in *best (may be NULL), in rank
 * order; the result may rank below the k returned (its rank says where).
 * NULL past the last. */
SMP_API uint32_t smp_results_topics(const smp_results *r);
SMP_API const char *smp_results_topic(const smp_results *r, uint32_t i,
                                      const smp_result **best);
/* Facet counts, when smp_search_options.facets was set: for each value
 * of a field (SMP_FACET_CATEGORY or SMP_FACET_TAG), how many passages
 * match the question and pass the filters of the other field.  A passage
 * matches the question when it holds a word the ranking scores (a word of
 * the question, or of a wording its alias groups add; question filler
 * counts only in titles and headings) and every quoted phrase: the
 * passages a search with unlimited k could return, the k results among
 * them.  The field's own filter is left out of its own counts
 * ("disjunctive" facets), so a selected category's siblings keep their
 * counts, and a selected value counts at least the results it gave.
 * Values compare case aside; each is written as the articles write it
 * (of several spellings, the first in byte order: "Brows" before
 * "brows"). */
enum { SMP_FACET_CATEGORY = 0, SMP_FACET_TAG = 1 };
#define SMP_NFACETS 2
typedef struct smp_facet {
    const char *value;
    uint32_t count;  /* matching passages (not articles) */
    int selected;    /* 1: the filter names this value */
} smp_facet;
/* The values of field (SMP_FACET_*) that count at least one passage, and
 * the selected ones (with 0 when nothing matches, as the filter wrote
 * them when no article has them): their number, and *out (may be NULL)
 * pointing to them (owned by r), by count, highest first, then by value.
 * 0 with *out NULL when facets were not asked for, the index has no such
 * values, or field is unknown. */
SMP_API uint32_t smp_results_facets(const smp_results *r, int field, const smp_facet **out);
SMP_API void smp_results_free(smp_results *r);

/* Why a result ranks where it does: each scored word of the question that
 * the passage holds, with its frequency in the title, heading and body
 * (counted only in the fields it scores in) and its BM25F share; then each
 * concept whose other wording scores more than the question's own there,
 * with what it adds.  kind is "word", "question word (title, heading)"
 * (question filler, which counts in titles and headings only),
 * "alternative" (term: the words of a wording an alias group added; tf:
 * its first word's) or "other form" (the word in another language of the
 * index, or what an informal spelling stands for).  The scores add up to
 * the result's. */
typedef struct smp_explain_term {
    const char *term; /* the stem */
    const char *kind;
    uint32_t tf[SMP_NFIELDS];
    double score;
} smp_explain_term;
typedef int (*smp_explain_term_fn)(void *ud, const smp_explain_term *t);
/* Calls fn for each term of result i of r, which must come from s's last
 * search: 0, fn's first non-zero result, SMP_EINVAL (another search's
 * results, or no result i) or SMP_ECORRUPT. */
SMP_API int smp_searcher_explain(smp_searcher *s, const smp_results *r, uint32_t i,
                                 smp_explain_term_fn fn, void *ud, smp_error *err);

/* Links to a result, for a page or an answer: */
enum {
    SMP_LINK_ARTICLE, /* the article's URL */
    SMP_LINK_PASSAGE, /* ... with '#' and the passage's fragment, if any */
    /* ... and a text fragment (":~:text=start,end") of the answer
     * sentence, which browsers that support text fragments scroll to and
     * highlight; others go to the section. */
    SMP_LINK_ANSWER
};
/* Writes to *out (malloc'ed, the caller frees it) link `kind` of result
 * r: its URL with base_url (NULL: none) in front when the URL is a path of
 * the site ("/lash-lift/").  A result without a URL gets base_url and its
 * article id, or *out NULL when base_url is NULL too.  0 or SMP_ENOMEM. */
SMP_API int smp_result_link(const smp_result *r, const char *base_url, int kind, char **out,
                            smp_error *err);

#ifdef __cplusplus
}
#endif
#endif /* SMPSEARCH_H */
