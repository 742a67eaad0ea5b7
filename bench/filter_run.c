/*
 * filter_run.c - the cost of filters and facet counts, through the
 * library (smp_search_options.categories, .tags, .facets).
 *
 * Opens an index, makes one searcher and answers every question of a
 * query file ("qid<TAB>question" or a bare question a line) in five
 * modes, each question's modes back to back in an order that rotates
 * from round to round, so that the modes share the machine's state:
 *   plain        no filter, no facets (the reference)
 *   filter       the categories and tags given (-c, -g)
 *   facets       facet counts, no filter
 *   both         the filter and facet counts
 *   filter-exh   the filter with exhaustive evaluation (what the filter
 *                inside MaxScore saves)
 * Each call is timed with CLOCK_MONOTONIC.  For each mode one line:
 *   filter: mode=M calls=N p50_us=.. p90_us=.. mean_us=.. ratio_p50=..
 *           results=..
 * ratio_p50 is the median over calls of the call's time over the same
 * question's plain time in the same round; results is the mean number of
 * results (k when the filter leaves k passages).  Then the time of the
 * first search with facets on a new searcher (which reads the articles'
 * categories and tags once) beside the median of the later ones.
 *
 * Usage: filter_run [-k N] [-r ROUNDS] [-c CATEGORY]... [-g TAG]...
 *                   INDEX QUERIES
 *
 * Build (from the top of the source tree, after make):
 *   cc -std=c11 -O2 -Wall -Wextra -Iinclude bench/filter_run.c \
 *      .libs/libsmpsearch.a -lstemmer -lstreamvbyte -lz -lzstd -lutf8proc -lmd4c \
 *      -ljson-c -lm -lpthread -o filter_run
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smpsearch.h"

#define MAX_VALUES 16
enum { PLAIN, FILTER, FACETS, BOTH, FILTER_EXH, NMODES };
static const char *const mode_name[NMODES] = {"plain", "filter", "facets", "both",
                                              "filter-exh"};

static void die(const char *what, const char *detail) {
    fprintf(stderr, "filter_run: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile p (0..100) of v[0..n), sorted in place. */
static double pct(double *v, size_t n, double p) {
    if (!n) return 0;
    qsort(v, n, sizeof *v, cmp_double);
    size_t r = (size_t)(p / 100.0 * (double)n + 0.999999);
    if (r < 1) r = 1;
    if (r > n) r = n;
    return v[r - 1];
}

static char **read_queries(const char *path, size_t *n) {
    FILE *f = fopen(path, "r");
    if (!f) die("cannot open", path);
    char **q = NULL, *line = NULL;
    size_t cap = 0, qcap = 0;
    ssize_t len;
    *n = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
        char *tab = strchr(line, '\t'), *text = tab ? tab + 1 : line;
        if (!*text) continue;
        if (*n == qcap) {
            qcap = qcap ? qcap * 2 : 64;
            if (!(q = realloc(q, qcap * sizeof *q))) die("out of memory", NULL);
        }
        if (!(q[(*n)++] = strdup(text))) die("out of memory", NULL);
    }
    free(line);
    fclose(f);
    return q;
}

static double run(smp_searcher *s, const char *q, const smp_search_options *so, uint32_t *nres) {
    smp_results *r = NULL;
    smp_error err;
    double t0 = now_us();
    int rc = smp_searcher_search(s, q, so, &r, &err);
    double t = now_us() - t0;
    if (rc != SMP_OK && rc != SMP_EEMPTY) die(q, err.msg);
    *nres = smp_results_count(r);
    smp_results_free(r);
    return t;
}

int main(int argc, char **argv) {
    long k = 10, rounds = 5;
    const char *cats[MAX_VALUES], *tags[MAX_VALUES];
    size_t ncats = 0, ntags = 0;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        int more = i + 1 < argc;
        if (!strcmp(argv[i], "-k") && more) k = strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "-r") && more) rounds = strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "-c") && more && ncats < MAX_VALUES) cats[ncats++] = argv[++i];
        else if (!strcmp(argv[i], "-g") && more && ntags < MAX_VALUES) tags[ntags++] = argv[++i];
        else die("unknown option", argv[i]);
    }
    if (argc - i != 2 || k < 1 || rounds < 1 || (!ncats && !ntags))
        die("usage", "filter_run [-k N] [-r ROUNDS] [-c CATEGORY]... [-g TAG]... INDEX QUERIES");
    size_t nq;
    char **qs = read_queries(argv[i + 1], &nq);
    if (!nq) die("no question in", argv[i + 1]);
    smp_index *ix;
    smp_error err;
    if (smp_index_open(&ix, argv[i], &err)) die(argv[i], err.msg);

    smp_search_options so[NMODES];
    for (int m = 0; m < NMODES; m++) {
        smp_search_options_init(&so[m]);
        so[m].k = (uint32_t)k;
        so[m].ids_only = 1; /* the ranking's cost, not the text's */
        if (m == FILTER || m == BOTH || m == FILTER_EXH) {
            so[m].categories = cats;
            so[m].ncategories = ncats;
            so[m].tags = tags;
            so[m].ntags = ntags;
        }
        so[m].facets = m == FACETS || m == BOTH;
        if (m == FILTER_EXH) so[m].strategy = SMP_TOPK_EXHAUSTIVE;
    }

    /* the first search with facets on a new searcher reads the table */
    smp_searcher *s;
    if (smp_searcher_new(&s, ix, &err)) die("searcher", err.msg);
    uint32_t nr;
    double first = run(s, qs[0], &so[FACETS], &nr);
    double later[32];
    for (int r = 0; r < 32; r++) later[r] = run(s, qs[0], &so[FACETS], &nr);

    size_t ncalls = nq * (size_t)rounds;
    double *t[NMODES], *ratio[NMODES], sumres[NMODES] = {0}, sum[NMODES] = {0};
    for (int m = 0; m < NMODES; m++) {
        t[m] = malloc(ncalls * sizeof *t[m]);
        ratio[m] = malloc(ncalls * sizeof *ratio[m]);
        if (!t[m] || !ratio[m]) die("out of memory", NULL);
    }
    /* warm-up: every question once in every mode */
    for (size_t q = 0; q < nq; q++)
        for (int m = 0; m < NMODES; m++) run(s, qs[q], &so[m], &nr);
    size_t c = 0;
    for (long r = 0; r < rounds; r++)
        for (size_t q = 0; q < nq; q++, c++) {
            double tm[NMODES];
            for (int j = 0; j < NMODES; j++) {
                int m = (int)((j + r + (long)q) % NMODES);
                tm[m] = run(s, qs[q], &so[m], &nr);
                sumres[m] += nr;
            }
            for (int m = 0; m < NMODES; m++) {
                t[m][c] = tm[m];
                sum[m] += tm[m];
                ratio[m][c] = tm[PLAIN] > 0 ? tm[m] / tm[PLAIN] : 1;
            }
        }
    for (int m = 0; m < NMODES; m++) {
        double p50 = pct(t[m], ncalls, 50), p90 = pct(t[m], ncalls, 90);
        printf("filter: mode=%s calls=%zu p50_us=%.1f p90_us=%.1f mean_us=%.1f ratio_p50=%.3f "
               "results=%.2f\n",
               mode_name[m], ncalls, p50, p90, sum[m] / (double)ncalls, pct(ratio[m], ncalls, 50),
               sumres[m] / (double)ncalls);
        free(t[m]);
        free(ratio[m]);
    }
    printf("filter: first_facets_search_us=%.1f later_p50_us=%.1f\n", first, pct(later, 32, 50));
    smp_searcher_free(s);
    smp_index_close(ix);
    for (size_t q = 0; q < nq; q++) free(qs[q]);
    free(qs);
    return 0;
}
