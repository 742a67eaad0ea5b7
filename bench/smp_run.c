/*
 * smp_run.c - per-query latency of smpsearch through its library, the
 * counterpart of bench/peers/fts5_run.c and bench/peers/xapian_run.cc.
 *
 * Opens an index (smp_index_open), makes one searcher (smp_searcher_new)
 * and answers every line of a query file ("qid<TAB>question", or a bare
 * question numbered by its line) with smp_searcher_search, top k, timing
 * each call with clock_gettime(CLOCK_MONOTONIC).  The query set is run
 * twice: first with ids_only = 1 (ids, scores: what the peers return; the
 * latency figure), then with ids_only = 0 (also heading, text, answer
 * sentence and highlights: the cost of showing text).  For each pass a line
 * goes to stdout:
 *   speed: mode=ids queries=N p50_us=.. p99_us=.. mean_us=.. qps=.. hits=..
 *   speed: mode=text ...
 * (p99 by nearest rank; qps = queries / wall time of the timed loop, one
 * thread).  Search options are the library's defaults
 * (smp_search_options_init) apart from k and the flags below.
 *
 * Usage: smp_run [-k N] [-r ROUNDS] [-w N] [-o RUN] [-t TAG] [-S] [-A] [-Q]
 *                INDEX QUERIES
 *   -k N      results per query (default 10)
 *   -r N      run the query set N times in each pass (default 1)
 *   -w N      before each pass, run the first N queries once, untimed
 *   -o RUN    write the first round of the ids pass as a TREC run
 *   -t TAG    run tag (default smpsearch)
 *   -S        no spelling correction (no_spelling = 1)
 *   -A        no acronyms or synonyms (no_aliases = 1)
 *   -Q        quotes are punctuation, not phrases (no_phrases = 1), as the
 *             peers read questions: bags of words
 *
 * Build (from the top of the source tree, after make):
 *   cc -std=c11 -O2 -Wall -Wextra -Iinclude bench/smp_run.c \
 *      .libs/libsmpsearch.a -lstemmer -lstreamvbyte -lz -lzstd -lutf8proc -lmd4c \
 *      -ljson-c -lm -lpthread -o smp_run
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smpsearch.h"

static void die(const char *what, const char *detail) {
    fprintf(stderr, "smp_run: %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    exit(1);
}

static void *xrealloc(void *p, size_t n) {
    p = realloc(p, n ? n : 1);
    if (!p) die("out of memory", NULL);
    return p;
}

static char *xstrdup(const char *s) {
    char *d = strdup(s);
    if (!d) die("out of memory", NULL);
    return d;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct {
    char *qid, *text;
} query;

typedef struct {
    query *q;
    size_t n;
} query_set;

static query_set read_queries(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) die("cannot open", path);
    query_set qs = {NULL, 0};
    size_t capq = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    while ((len = getline(&line, &cap, f)) != -1) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char num[32], *qid = num, *text = line;
        char *tab = strchr(line, '\t');
        if (tab) {
            *tab = '\0';
            qid = line;
            text = tab + 1;
        } else {
            snprintf(num, sizeof num, "%ld", lineno);
        }
        if (!*text) continue;
        if (qs.n == capq) {
            capq = capq ? 2 * capq : 256;
            qs.q = xrealloc(qs.q, capq * sizeof *qs.q);
        }
        qs.q[qs.n].qid = xstrdup(qid);
        qs.q[qs.n].text = xstrdup(text);
        qs.n++;
    }
    free(line);
    fclose(f);
    return qs;
}

/* One timed pass over the query set; prints its speed line. */
static void pass(smp_searcher *sr, const query_set *qs,
                 const smp_search_options *opt, long rounds, long warm,
                 FILE *run, const char *tag, const char *mode) {
    smp_error err;
    smp_results *res = NULL;
    for (long w = 0; w < warm && (size_t)w < qs->n; w++) {
        if (smp_searcher_search(sr, qs->q[w].text, opt, &res, &err) == SMP_OK)
            smp_results_free(res);
    }
    size_t ntimes = (size_t)rounds * qs->n, hits = 0, empty = 0;
    double *times = xrealloc(NULL, ntimes * sizeof *times);
    double loop0 = now();
    for (long r = 0; r < rounds; r++) {
        for (size_t q = 0; q < qs->n; q++) {
            double q0 = now();
            res = NULL;
            int rc = smp_searcher_search(sr, qs->q[q].text, opt, &res, &err);
            double dt = now() - q0;
            times[(size_t)r * qs->n + q] = dt * 1e6;
            if (rc == SMP_EEMPTY) {
                empty++;
                continue;
            }
            if (rc != SMP_OK) die("search", err.msg);
            uint32_t n = smp_results_count(res);
            hits += n;
            if (run && r == 0) {
                for (uint32_t j = 0; j < n; j++) {
                    const smp_result *x = smp_results_get(res, j);
                    fprintf(run, "%s Q0 %s %u %.6f %s\n", qs->q[q].qid,
                            x->passage_id, x->rank, x->score, tag);
                }
            }
            smp_results_free(res);
        }
    }
    double loop = now() - loop0;
    qsort(times, ntimes, sizeof *times, cmp_double);
    double median = 0, p99 = 0, mean = 0;
    if (ntimes) {
        median = ntimes % 2 ? times[ntimes / 2]
                            : (times[ntimes / 2 - 1] + times[ntimes / 2]) / 2;
        p99 = times[(99 * ntimes + 99) / 100 - 1]; /* nearest rank */
        for (size_t j = 0; j < ntimes; j++) mean += times[j];
        mean /= (double)ntimes;
    }
    printf("speed: mode=%s queries=%zu p50_us=%.1f p99_us=%.1f mean_us=%.1f "
           "qps=%.1f hits=%zu empty=%zu\n", mode, ntimes, median, p99, mean,
           loop > 0 ? (double)ntimes / loop : 0.0, hits, empty);
    fflush(stdout);
    free(times);
}

int main(int argc, char **argv) {
    long k = 10, rounds = 1, warm = 0;
    const char *runpath = NULL, *tag = "smpsearch";
    int no_spelling = 0, no_aliases = 0, no_phrases = 0;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "-k") && more) k = strtol(argv[++i], NULL, 10);
        else if (!strcmp(a, "-r") && more) rounds = strtol(argv[++i], NULL, 10);
        else if (!strcmp(a, "-w") && more) warm = strtol(argv[++i], NULL, 10);
        else if (!strcmp(a, "-o") && more) runpath = argv[++i];
        else if (!strcmp(a, "-t") && more) tag = argv[++i];
        else if (!strcmp(a, "-S")) no_spelling = 1;
        else if (!strcmp(a, "-A")) no_aliases = 1;
        else if (!strcmp(a, "-Q")) no_phrases = 1;
        else break;
    }
    if (argc - i != 2 || k <= 0 || k > 100000 || rounds <= 0 || warm < 0) {
        fprintf(stderr, "usage: smp_run [-k N] [-r ROUNDS] [-w N] [-o RUN] "
                        "[-t TAG] [-S] [-A] [-Q] INDEX QUERIES\n");
        return 2;
    }
    query_set qs = read_queries(argv[i + 1]);
    if (!qs.n) die("no query in", argv[i + 1]);

    smp_error err;
    smp_index *ix = NULL;
    smp_searcher *sr = NULL;
    double t0 = now();
    if (smp_index_open(&ix, argv[i], &err) != SMP_OK) die(argv[i], err.msg);
    if (smp_searcher_new(&sr, ix, &err) != SMP_OK) die("searcher", err.msg);
    printf("open: ms=%.3f\n", (now() - t0) * 1e3);

    smp_search_options opt;
    smp_search_options_init(&opt);
    opt.k = (uint32_t)k;
    opt.no_spelling = no_spelling;
    opt.no_aliases = no_aliases;
    opt.no_phrases = no_phrases;

    FILE *run = NULL;
    if (runpath && !(run = fopen(runpath, "w"))) die("cannot write", runpath);
    opt.ids_only = 1;
    pass(sr, &qs, &opt, rounds, warm, run, tag, "ids");
    if (run && fclose(run) != 0) die("cannot write", runpath);
    opt.ids_only = 0;
    pass(sr, &qs, &opt, rounds, warm, NULL, tag, "text");

    smp_searcher_free(sr);
    smp_index_close(ix);
    for (size_t j = 0; j < qs.n; j++) {
        free(qs.q[j].qid);
        free(qs.q[j].text);
    }
    free(qs.q);
    return 0;
}
