/* cli.h - shared pieces of the smpsearch program: the commands (one file
 * each), common.c and output.c. */
#ifndef SMP_CLI_H
#define SMP_CLI_H

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>

#include "smpsearch.h"

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_SKIPPED = 3 };

int cmd_index(int argc, char **argv);
int cmd_query(int argc, char **argv, int bare);
int cmd_stats(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_optimize(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_passages(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* getopt_long values above any option letter, for long-only options */
#define CLI_OPT_NO_PHRASES 0x101
#define CLI_OPT_NO_ANSWER_TYPES 0x102
#define CLI_OPT_MIN_CONFIDENCE 0x103
#define CLI_OPT_KEEP_FILLER 0x104
#define CLI_OPT_NO_GROUP 0x105
#define CLI_OPT_QUESTION_WEIGHT 0x106
/* the second stage's weights (0x110 + SMP_RR_*, in rerank.c's order) and depth */
#define CLI_OPT_RERANK_WEIGHT 0x110
#define CLI_OPT_RERANK_NWEIGHTS 6
#define CLI_OPT_RERANK_DEPTH 0x120

/* getopt_long entries of the ranking options that query and eval share. */
#define CLI_RANKING_LONGOPTS                                                   \
    {"k1", required_argument, NULL, '1'}, {"b", required_argument, NULL, 'b'},  \
        {"weights", required_argument, NULL, 'w'},                               \
        {"no-spelling", no_argument, NULL, 'S'},                                 \
        {"no-aliases", no_argument, NULL, 'A'},                                  \
        {"no-phrases", no_argument, NULL, CLI_OPT_NO_PHRASES},                   \
        {"no-answer-types", no_argument, NULL, CLI_OPT_NO_ANSWER_TYPES},         \
        {"min-confidence", required_argument, NULL, CLI_OPT_MIN_CONFIDENCE},     \
        {"keep-filler", no_argument, NULL, CLI_OPT_KEEP_FILLER},                 \
        {"question-weight", required_argument, NULL, CLI_OPT_QUESTION_WEIGHT},   \
        {"no-group", no_argument, NULL, CLI_OPT_NO_GROUP},                       \
        {"alias-weight", required_argument, NULL, 'a'},                         \
        {"proximity-weight", required_argument, NULL, CLI_OPT_RERANK_WEIGHT},    \
        {"heading-match-weight", required_argument, NULL, CLI_OPT_RERANK_WEIGHT + 1}, \
        {"title-match-weight", required_argument, NULL, CLI_OPT_RERANK_WEIGHT + 2}, \
        {"topic-weight", required_argument, NULL, CLI_OPT_RERANK_WEIGHT + 3},    \
        {"answer-type-weight", required_argument, NULL, CLI_OPT_RERANK_WEIGHT + 4}, \
        {"length-weight", required_argument, NULL, CLI_OPT_RERANK_WEIGHT + 5},   \
        {"rerank-depth", required_argument, NULL, CLI_OPT_RERANK_DEPTH},         \
        {"strategy", required_argument, NULL, 'P'}

/* --- filters: --category and --tag (query and eval) ------------------- */
#define CLI_OPT_CATEGORY 0x180
#define CLI_OPT_TAG 0x181
#define CLI_OPT_FACETS 0x182
/* getopt_long entries of the filter options (after CLI_RANKING_LONGOPTS) */
#define CLI_FILTER_LONGOPTS                                                    \
    {"category", required_argument, NULL, CLI_OPT_CATEGORY},                  \
        {"tag", required_argument, NULL, CLI_OPT_TAG},                          \
        {"facets", no_argument, NULL, CLI_OPT_FACETS}
/* Values of --category and --tag, each repeatable (argv strings). */
#define CLI_MAX_FILTER_VALUES 64
typedef struct cli_filters {
    const char *category[CLI_MAX_FILTER_VALUES];
    const char *tag[CLI_MAX_FILTER_VALUES];
} cli_filters;
/* Prints the help of the CLI_FILTER_LONGOPTS options. */
void cli_filter_help(FILE *f);
/* Applies filter option opt (CLI_OPT_CATEGORY or CLI_OPT_TAG) to f and so
 * (whose filter arrays become f's): 0, -1 after a message (too many
 * values), 1 when opt is not a filter option. */
int cli_parse_filter(int opt, const char *arg, cli_filters *f, smp_search_options *so);
/* --- end of filters --------------------------------------------------- */

/* Prints the help of the CLI_RANKING_LONGOPTS options, with the
 * library's defaults. */
void cli_ranking_help(FILE *f);
/* Applies ranking option opt (a CLI_RANKING_LONGOPTS value) to so: 0, -1
 * after a message for a bad value, 1 when opt is not a ranking option.
 * *fitted is set when opt is one of the options `smpsearch train` fits
 * (k1, b, weights, question and alias weight, the rerank weights). */
int cli_parse_ranking(int opt, const char *arg, smp_search_options *so, int *fitted);
/* The ranking options stored in ix (smp_search_options_for) into so,
 * unless the command line gave one of them (fitted): 1 when they differ
 * from the defaults (`smpsearch train` stored them). */
int cli_index_ranking(smp_search_options *so, const smp_index *ix, int fitted);

/* Takes argv[*i] as the index argument of command cmd ("--index FILE" or
 * a bare FILE, once): 0, advancing *i past what it used, or -1 after a
 * message for anything else (an unknown option is named, with the nearest
 * of names, the command's options: "--index", ..., NULL). */
int cli_index_arg(const char *cmd, int argc, char **argv, int *i, const char **path,
                  const char *const *names);

/* Seconds on a monotonic clock. */
double cli_now(void);

/* The index a build writes when given no -o, and the one searched when
 * no other is named. */
#define CLI_LOCAL_INDEX "smpsearch.idx"

/* The index to use: --index (given), then $SMPSEARCH_INDEX, then
 * ./smpsearch.idx when it exists, then the bundled corpus index beside the
 * program (build tree) or in the data dir.  *bundled is set when it is the
 * last. */
const char *cli_find_index(const char *given, int *bundled);
/* cli_find_index, with a notice on stderr when the bundled demo articles
 * are the ones used. */
const char *cli_default_index(const char *given);

/* Reads a size: bytes, or a number with K, M or G (KiB, MiB, GiB): 0, or
 * -1 for anything else (a sign, other letters, more than 2^50). */
int cli_parse_size(const char *s, unsigned long long *out);

/* Edit distance of a and b, ASCII case folded, where swapping two
 * neighbouring letters is one edit; at most max + 1 (it stops there). */
int cli_edit_distance(const char *a, size_t alen, const char *b, size_t blen, int max);
/* The name of names[0..n) nearest to word, if within max edits, else
 * NULL. */
const char *cli_nearest(const char *word, size_t wlen, const char *const *names, size_t n,
                        int max);

/* Reports a bad option: getopt_long returned c ('?' or ':', with opterr
 * 0 and ':' leading optstring after any '+') for argv[optind - 1].  The
 * message names it, says when it is ambiguous or lacks its value, and
 * suggests the nearest option of longopts; cmd is "" for the bare form. */
void cli_option_error(const char *cmd, int c, char **argv, const struct option *longopts);
/* An argument starting with '-' that a command reading its own arguments
 * does not know: the message, with the nearest of names (NULL-ended). */
void cli_unknown_option(const char *cmd, const char *arg, const char *const *names);

/* "s" unless n is 1: "%llu file%s". */
static inline const char *cli_s(unsigned long long n) { return n == 1 ? "" : "s"; }

/* Output formats of query results. */
enum { OUT_TEXT, OUT_JSON, OUT_JSONL, OUT_TREC };

typedef struct out_opts {
    int format;
    int color;            /* ANSI bold for highlights */
    const char *run_tag;  /* TREC run name */
    const char *base_url; /* in front of links that are paths (smp_result_link) */
    double took_ms;       /* JSON: "took_ms" when >= 0 */
    smp_searcher *explain; /* the searcher of the results: why each ranks (NULL: not) */
    /* public output (serve): articles' paths are shown without this
       folder they all start with, and never from '/' (NULL: as stored) */
    const char *path_root;
} out_opts;

/* Text a person reads (output.c): what comes from articles, file names,
 * questions and logs is never written raw.  text_char writes the character
 * at s (n bytes left) to f (NULL: only measures), a control character, a
 * C1 control, a bidi override or a byte that is not UTF-8 escaped ("^[",
 * "<U+009B>", "<9B>"; a tab as is, a newline as is when keep_nl); adds its
 * columns to *cols (when not NULL) and returns the bytes it used (>= 1). */
size_t text_char(FILE *f, const char *s, size_t n, int keep_nl, size_t *cols);
void text_string(FILE *f, const char *s, size_t len, int keep_nl);
/* fprintf for text a person reads: every %s and %c argument is written as
 * text_string writes it (newlines kept), numbers as fprintf writes them.
 * The format itself is written as is, so our own escape codes (bold) go
 * there, never in an argument. */
int text_printf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int text_vprintf(FILE *f, const char *fmt, va_list ap);

/* Answers the questions of the file at path (one a line, or
 * 'id<TAB>question'; "-": stdin) with searchers sr[0..nthreads), one per
 * thread (1: this one), writing each answer as out_results does and a
 * line on stderr for each question that fails, in the order of the file
 * whatever nthreads is (batch.c): EXIT_OK, or EXIT_FAIL when the file
 * cannot be read or a search fails (not for a question without a word). */
int cli_run_batch(smp_searcher **sr, unsigned nthreads, const smp_search_options *so,
                  const out_opts *o, const char *path);

/* r may be NULL: no results. */
void out_results(FILE *f, const out_opts *o, const char *qid, const char *query,
                 const smp_results *r);
void json_string(FILE *f, const char *s, size_t len);
/* Prints the summary of an update or optimize (what: "update" or
 * "optimize"): a JSON line, and a line on stderr unless quiet or json. */
void cli_update_summary(const char *what, const char *output, int rc, const smp_error *err,
                        const smp_update_stats *u, double ms, int json, int quiet);
/* The first heading of a heading path h ("Aftercare \u203A Sun exposure",
 * joined by SMP_HEADING_SEP): its length; *next is set to the heading after
 * it, or NULL when it is the last. */
size_t heading_part(const char *h, const char **next);

#endif
