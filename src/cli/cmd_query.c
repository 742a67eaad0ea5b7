/* cmd_query.c - `smpsearch query` and the bare `smpsearch QUESTION`:
 * one question from the command line, or many with --batch. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* --threads at most (as serve) */
#define MAX_THREADS 256

static void query_usage(FILE *f) {
    fputs("Usage: smpsearch query [OPTIONS] QUERY...\n"
          "       smpsearch query [OPTIONS] --batch FILE|-\n"
          "Searches an index and prints the best passages with their answers.\n"
          "  -k N                  number of results (default: 10; 3 for the bare form)\n"
          "      --index FILE      index to search (default: $SMPSEARCH_INDEX, else\n"
          "                        ./smpsearch.idx, else the bundled demo articles)\n"
          "      --json            one JSON document (same as --format json)\n"
          "      --format F        text, json, jsonl or trec\n"
          "      --batch FILE      one question per line (or 'id<TAB>question'); - is stdin\n"
          "      --run-tag TAG     run name in TREC output (default: smpsearch)\n"
          "      --threads N       answer a batch on N threads (default: the number of\n"
          "                        cores); the output is the same whatever N is\n"
          "      --base-url URL    put URL in front of links that are paths of the\n"
          "                        site (/lash-lift/)\n"
          "      --explain         why each result ranks: the terms it holds, their\n"
          "                        frequencies in title, heading and body, their scores\n",
          f);
    cli_ranking_help(f);
    cli_filter_help(f);
    fputs("  -h, --help            this help\n"
          "Highlights are bold on a terminal; set NO_COLOR to turn them off.\n", f);
}

/* One question from the command line. */
static int run_one(smp_searcher *sr, const smp_search_options *so, const out_opts *o,
                   const char *query) {
    smp_error err = {0, ""};
    smp_results *r = NULL;
    int rc = smp_searcher_search(sr, query, so, &r, &err);
    if (rc) {
        text_printf(stderr, "smpsearch: %s\n", err.msg);
        return rc;
    }
    out_results(stdout, o, NULL, query, r);
    smp_results_free(r);
    return SMP_OK;
}

int cmd_query(int argc, char **argv, int bare) {
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'i'},
        {"json", no_argument, NULL, 'J'},
        {"format", required_argument, NULL, 'F'},
        {"batch", required_argument, NULL, 'B'},
        {"run-tag", required_argument, NULL, 'T'},
        {"threads", required_argument, NULL, 't'},
        {"base-url", required_argument, NULL, 'u'},
        {"explain", no_argument, NULL, 'E'},
        CLI_RANKING_LONGOPTS,
        CLI_FILTER_LONGOPTS,
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    smp_search_options so;
    int fitted = 0; /* a ranking option given: the index's trained ones are not used */
    cli_filters flt; /* --category, --tag: so points into it */
    smp_search_options_init(&so);
    if (bare) so.k = 3;
    const char *index_path = NULL, *batch = NULL;
    const char *no_color = getenv("NO_COLOR");
    out_opts o = {OUT_TEXT, isatty(1) && !(no_color && *no_color), NULL, NULL, -1, NULL, NULL};
    int explain = 0;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned nthreads = cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : (unsigned)cores;
    int c;
    optind = 1;
    opterr = 0;
    /* "+": stop at the first word, so questions may contain "-" words;
       ":": a missing value is told apart from an unknown option */
    while ((c = getopt_long(argc, argv, ":k:h", longopts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'k': {
            unsigned long k = strtoul(optarg, &end, 10);
            if (*end || k == 0 || k > 10000) {
                text_printf(stderr, "smpsearch: -k must be a number from 1 to 10000\n");
                return EXIT_USAGE;
            }
            so.k = (uint32_t)k;
            break;
        }
        case 'i': index_path = optarg; break;
        case 'J': o.format = OUT_JSON; break;
        case 'F':
            if (!strcmp(optarg, "text")) o.format = OUT_TEXT;
            else if (!strcmp(optarg, "json")) o.format = OUT_JSON;
            else if (!strcmp(optarg, "jsonl")) o.format = OUT_JSONL;
            else if (!strcmp(optarg, "trec")) o.format = OUT_TREC;
            else {
                text_printf(stderr, "smpsearch: unknown format '%s' (text, json, jsonl, trec)\n",
                            optarg);
                return EXIT_USAGE;
            }
            break;
        case 'B': batch = optarg; break;
        case 'T': o.run_tag = optarg; break;
        case 't': {
            unsigned long n = strtoul(optarg, &end, 10);
            if (*end || n == 0 || n > MAX_THREADS) {
                text_printf(stderr, "smpsearch: --threads must be a number from 1 to %d\n",
                            MAX_THREADS);
                return EXIT_USAGE;
            }
            nthreads = (unsigned)n;
            break;
        }
        case 'u': o.base_url = optarg; break;
        case 'E': explain = 1; break;
        case 'h': query_usage(stdout); return EXIT_OK;
        case 'V': printf("smpsearch %s\n", smp_version()); return EXIT_OK;
        case CLI_OPT_CATEGORY:
        case CLI_OPT_FACETS:
        case CLI_OPT_TAG:
            if (cli_parse_filter(c, optarg, &flt, &so)) return EXIT_USAGE;
            break;
        default: {
            int r = c == '?' || c == ':' ? 1 : cli_parse_ranking(c, optarg, &so, &fitted);
            if (r == 0) break;
            if (r > 0) cli_option_error(bare ? "" : "query", c, argv, longopts);
            return EXIT_USAGE;
        }
        }
    }
    if (!batch && optind >= argc) {
        text_printf(stderr, "smpsearch: no question given\n");
        query_usage(stderr);
        return EXIT_USAGE;
    }
    if (batch && optind < argc) {
        text_printf(stderr, "smpsearch: give either --batch or a question, not both\n");
        return EXIT_USAGE;
    }
    if (batch && o.format == OUT_JSON) o.format = OUT_JSONL; /* one document per line */
    if (o.format == OUT_TREC) so.ids_only = 1; /* a run needs no text */
    /* facet counts (a walk of every posting of the question's words): when
       asked for (--facets), or under a filter, and not for a TREC run */
    if (so.ncategories || so.ntags) so.facets = 1;
    if (o.format == OUT_TREC) so.facets = 0;
    const char *path = cli_default_index(index_path);
    smp_error err = {0, ""};
    smp_index *ix;
    if (smp_index_open(&ix, path, &err)) {
        text_printf(stderr, "smpsearch: %s\n", err.msg);
        if (err.code == SMP_ENOTFOUND)
            text_printf(stderr, "smpsearch: build one with 'smpsearch index DIR' (it writes "
                                "./smpsearch.idx), or pass --index FILE or set SMPSEARCH_INDEX\n");
        return EXIT_FAIL;
    }
    cli_index_ranking(&so, ix, fitted);
    if (!batch) nthreads = 1;
    /* a searcher per thread, all over the one index */
    smp_searcher **sr = calloc(nthreads, sizeof *sr);
    int status = sr ? EXIT_OK : EXIT_FAIL;
    for (unsigned i = 0; i < nthreads && status == EXIT_OK; i++)
        if (smp_searcher_new(&sr[i], ix, &err)) {
            text_printf(stderr, "smpsearch: %s\n", err.msg);
            status = EXIT_FAIL;
        }
    if (status == EXIT_OK && explain) o.explain = sr[0];
    if (status == EXIT_OK && batch) {
        status = cli_run_batch(sr, nthreads, &so, &o, batch);
    } else if (status == EXIT_OK) {
        size_t len = 1;
        for (int i = optind; i < argc; i++) len += strlen(argv[i]) + 1;
        char *q = malloc(len);
        if (q) {
            q[0] = 0;
            for (int i = optind; i < argc; i++) {
                if (i > optind) strcat(q, " ");
                strcat(q, argv[i]);
            }
            int rc = run_one(sr[0], &so, &o, q);
            status = rc == SMP_OK ? EXIT_OK : rc == SMP_EEMPTY ? EXIT_USAGE : EXIT_FAIL;
            free(q);
        } else {
            status = EXIT_FAIL;
        }
    }
    for (unsigned i = 0; sr && i < nthreads; i++) smp_searcher_free(sr[i]);
    free(sr);
    smp_index_close(ix);
    return status;
}
