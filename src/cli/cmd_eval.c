/* cmd_eval.c - `smpsearch eval`: effectiveness of the engine (or of any
 * TREC run file) against relevance judgments.  Uses the library's
 * internal evaluation code (src/eval.c). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eval.h"

static void eval_usage(FILE *f) {
    fputs("Usage: smpsearch eval --queries FILE --qrels FILE [OPTIONS]\n"
          "       smpsearch eval --run FILE --qrels FILE [--json]\n"
          "Runs each judged question (queries: 'id<TAB>question' lines) against the\n"
          "index, or reads a TREC run, and prints nDCG@10, MRR@10, P@1, Recall@10\n"
          "and Recall@100 averaged over every judged question (trec_eval -c).\n"
          "  --index FILE      index to search (default: the default index)\n"
          "  --run-out FILE    also write the ranking as a TREC run (100 per question)\n"
          "  --run-tag TAG     run name in that file (default: smpsearch)\n"
          "  --per-query       list the questions whose first result is not relevant\n"
          "  --json            the figures as one JSON object\n"
          "  -h, --help        this help\n"
          "Ranking options, as for query:\n", f);
    cli_ranking_help(f);
    cli_filter_help(f);
}

#define EVAL_DEPTH 100

typedef struct ranking {
    char *qid;
    const char **docids; /* owned strings */
    double *scores;
    size_t n, cap;
} ranking;

static void print_metrics(const eval_metrics *m, int json) {
    if (json) {
        printf("{\"queries\": %u, \"ndcg@10\": %.4f, \"mrr@10\": %.4f, \"p@1\": %.4f, "
               "\"success@3\": %.4f, \"map\": %.4f, \"recall@10\": %.4f, "
               "\"recall@100\": %.4f}\n",
               m->queries, m->ndcg10, m->mrr10, m->p1, m->top3, m->map, m->recall10,
               m->recall100);
        return;
    }
    printf("queries     %u\nnDCG@10     %.4f\nMRR@10      %.4f\nP@1         %.4f\n"
           "Success@3   %.4f\nMAP         %.4f\nRecall@10   %.4f\nRecall@100  %.4f\n",
           m->queries, m->ndcg10, m->mrr10, m->p1, m->top3, m->map, m->recall10, m->recall100);
}

static void print_expected(const qrels *qr, const char *qid) {
    const char *ids[5];
    int rels[5];
    size_t n = qrels_relevant(qr, qid, ids, rels, 5);
    printf("   expected:");
    for (size_t i = 0; i < n && i < 5; i++) text_printf(stdout, " %s (%d)", ids[i], rels[i]);
    if (n > 5) printf(" and %zu more", n - 5);
    putchar('\n');
}

/* --- scoring a TREC run file ------------------------------------------------ */

static int cmp_ranking(const void *a, const void *b) {
    return strcmp(((const ranking *)a)->qid, ((const ranking *)b)->qid);
}

static void rankings_free(ranking *r, size_t n) {
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < r[i].n; k++) free((char *)r[i].docids[k]);
        free(r[i].docids);
        free(r[i].scores);
        free(r[i].qid);
    }
    free(r);
}

/* Sorts one query's documents as trec_eval does: by score, best first,
 * equal scores by document id in decreasing order. */
static void sort_ranking(ranking *r) {
    for (size_t i = 1; i < r->n; i++) { /* insertion sort: runs are short */
        double s = r->scores[i];
        const char *d = r->docids[i];
        size_t k = i;
        while (k > 0 && (r->scores[k - 1] < s ||
                         (r->scores[k - 1] == s && strcmp(r->docids[k - 1], d) < 0))) {
            r->scores[k] = r->scores[k - 1];
            r->docids[k] = r->docids[k - 1];
            k--;
        }
        r->scores[k] = s;
        r->docids[k] = d;
    }
}

static int score_run(const char *run_path, const qrels *qr, int json) {
    FILE *f = fopen(run_path, "r");
    if (!f) {
        perror(run_path);
        return EXIT_FAIL;
    }
    ranking *rk = NULL;
    size_t nrk = 0, caprk = 0;
    char *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0;
    int status = EXIT_OK;
    while (getline(&line, &cap, f) >= 0) {
        lineno++;
        char qid[256], docid[256];
        double score;
        if (line[0] == '\n' || line[0] == '#') continue;
        if (sscanf(line, "%255s %*s %255s %*s %lf", qid, docid, &score) != 3) {
            text_printf(stderr, "smpsearch eval: %s:%lu: not a TREC run line\n", run_path, lineno);
            status = EXIT_FAIL;
            break;
        }
        ranking *r = nrk ? &rk[nrk - 1] : NULL;
        if (!r || strcmp(r->qid, qid)) {
            if (nrk == caprk) {
                caprk = caprk ? caprk * 2 : 64;
                ranking *nr = realloc(rk, caprk * sizeof *nr);
                if (!nr) { status = EXIT_FAIL; break; }
                rk = nr;
            }
            r = &rk[nrk++];
            memset(r, 0, sizeof *r);
            r->qid = strdup(qid);
            if (!r->qid) { status = EXIT_FAIL; break; }
        }
        if (r->n == r->cap) {
            size_t nc = r->cap ? r->cap * 2 : 16;
            const char **d = realloc(r->docids, nc * sizeof *d);
            double *s = d ? realloc(r->scores, nc * sizeof *s) : NULL;
            if (d) r->docids = d;
            if (!d || !s) { status = EXIT_FAIL; break; }
            r->scores = s;
            r->cap = nc;
        }
        if (!(r->docids[r->n] = strdup(docid))) { status = EXIT_FAIL; break; }
        r->scores[r->n++] = score;
    }
    free(line);
    fclose(f);
    if (status == EXIT_OK) {
        if (nrk) qsort(rk, nrk, sizeof *rk, cmp_ranking); /* rk is NULL for an empty run */
        eval_metrics sum;
        memset(&sum, 0, sizeof sum);
        size_t nq = qrels_queries(qr);
        for (size_t i = 0; i < nq && status == EXIT_OK; i++) {
            ranking key = {(char *)qrels_query(qr, i), NULL, NULL, 0, 0};
            ranking *r = nrk ? bsearch(&key, rk, nrk, sizeof *rk, cmp_ranking) : NULL;
            eval_metrics one;
            if (r) sort_ranking(r);
            if (eval_query(qr, key.qid, r ? r->docids : NULL, r ? r->n : 0, &one))
                status = EXIT_FAIL;
            eval_add(&sum, &one);
        }
        eval_mean(&sum, nq);
        sum.queries = (uint32_t)nq;
        if (status == EXIT_OK) print_metrics(&sum, json);
    } else {
        text_printf(stderr, "smpsearch eval: cannot read %s\n", run_path);
    }
    rankings_free(rk, nrk);
    return status;
}

/* --- running the engine on the judged questions ------------------------------- */

static int run_queries(const char *queries_path, const char *index_path,
                       const smp_search_options *given, int fitted, const qrels *qr,
                       const char *run_out, const char *tag, int per_query, int json) {
    smp_error err = {0, ""};
    smp_index *ix = NULL;
    smp_searcher *sr = NULL;
    FILE *qf = NULL, *rf = NULL;
    char *line = NULL;
    size_t cap = 0;
    int status = EXIT_FAIL;
    const char *path = cli_default_index(index_path);
    if (smp_index_open(&ix, path, &err) || smp_searcher_new(&sr, ix, &err)) {
        text_printf(stderr, "smpsearch eval: %s\n", err.msg);
        goto done;
    }
    smp_search_options opts = *given, *so = &opts;
    if (cli_index_ranking(so, ix, fitted))
        text_printf(stderr,
                    "smpsearch eval: ranking with the options `smpsearch train` stored "
                    "(k1 %g, b %g, weights %g,%g,%g, question weight %g, alias weight %g)\n",
                    so->k1, so->b, so->weight[0], so->weight[1], so->weight[2], so->question_weight,
                    so->alias_weight);
    if (!(qf = fopen(queries_path, "r"))) {
        perror(queries_path);
        goto done;
    }
    if (run_out && !(rf = fopen(run_out, "w"))) {
        perror(run_out);
        goto done;
    }
    eval_metrics sum;
    memset(&sum, 0, sizeof sum);
    size_t asked = 0, failures = 0;
    unsigned long lineno = 0;
    status = EXIT_OK;
    while (getline(&line, &cap, qf) >= 0) {
        lineno++;
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        char *tab = strchr(line, '\t');
        if (!n) continue;
        if (!tab) {
            text_printf(stderr, "smpsearch eval: %s:%lu: expected 'id<TAB>question'\n",
                        queries_path, lineno);
            status = EXIT_FAIL;
            break;
        }
        *tab = 0;
        const char *qid = line, *question = tab + 1;
        if (!qrels_has_query(qr, qid)) continue;
        smp_results *res = NULL;
        int rc = smp_searcher_search(sr, question, so, &res, &err);
        if (rc && rc != SMP_EEMPTY) {
            text_printf(stderr, "smpsearch eval: %s: %s\n", qid, err.msg);
            status = EXIT_FAIL;
            break;
        }
        uint32_t nr = smp_results_count(res);
        const char *ids[EVAL_DEPTH];
        for (uint32_t i = 0; i < nr && i < EVAL_DEPTH; i++) {
            const smp_result *x = smp_results_get(res, i);
            ids[i] = x->passage_id;
            if (rf)
                fprintf(rf, "%s Q0 %s %u %.6f %s\n", qid, x->passage_id, x->rank, x->score,
                        tag);
        }
        eval_metrics one;
        if (eval_query(qr, qid, ids, nr, &one)) {
            smp_results_free(res);
            status = EXIT_FAIL;
            break;
        }
        eval_add(&sum, &one);
        asked++;
        if (per_query && one.p1 == 0) {
            failures++;
            text_printf(stdout, "%s: %s\n   nDCG@10 %.3f, first: ", qid, question, one.ndcg10);
            if (nr) {
                const smp_result *x = smp_results_get(res, 0);
                smp_result full;
                const char *heading = smp_searcher_passage(sr, x->docid, &full, NULL) == SMP_OK
                                          ? full.heading : "";
                text_printf(stdout, "%s (%s%s%s)\n", x->passage_id, x->article_title,
                            *heading ? SMP_HEADING_SEP : "", heading);
            } else {
                printf("nothing\n");
            }
            print_expected(qr, qid);
        }
        smp_results_free(res);
    }
    if (status == EXIT_OK) {
        size_t nq = qrels_queries(qr);
        eval_mean(&sum, nq);
        sum.queries = (uint32_t)nq;
        if (per_query)
            printf("%zu of %zu question%s with a first result that is not relevant\n\n",
                   failures, asked, cli_s(asked));
        if (asked < nq)
            text_printf(stderr, "smpsearch eval: %zu judged question%s not in %s: counted as 0\n",
                        nq - asked, nq - asked == 1 ? " is" : "s are", queries_path);
        print_metrics(&sum, json);
    }
done:
    free(line);
    if (qf) fclose(qf);
    if (rf && fclose(rf)) {
        perror(run_out);
        status = EXIT_FAIL;
    }
    smp_searcher_free(sr);
    smp_index_close(ix);
    return status;
}

int cmd_eval(int argc, char **argv) {
    static const struct option longopts[] = {
        {"queries", required_argument, NULL, 'Q'},
        {"qrels", required_argument, NULL, 'R'},
        {"run", required_argument, NULL, 'r'},
        {"index", required_argument, NULL, 'i'},
        {"run-out", required_argument, NULL, 'o'},
        {"run-tag", required_argument, NULL, 'T'},
        {"per-query", no_argument, NULL, 'p'},
        {"json", no_argument, NULL, 'J'},
        CLI_RANKING_LONGOPTS,
        CLI_FILTER_LONGOPTS,
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    const char *queries = NULL, *qrels_path = NULL, *run = NULL, *index_path = NULL;
    const char *run_out = NULL, *tag = "smpsearch";
    int per_query = 0, json = 0, c;
    smp_search_options so;
    int fitted = 0;
    cli_filters flt; /* --category, --tag: so points into it */
    smp_search_options_init(&so);
    so.k = EVAL_DEPTH;
    so.ids_only = 1; /* headings are read only for --per-query failures */
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'Q': queries = optarg; break;
        case 'R': qrels_path = optarg; break;
        case 'r': run = optarg; break;
        case 'i': index_path = optarg; break;
        case 'o': run_out = optarg; break;
        case 'T': tag = optarg; break;
        case 'p': per_query = 1; break;
        case 'J': json = 1; break;
        case 'h': eval_usage(stdout); return EXIT_OK;
        case 'V': printf("smpsearch %s\n", smp_version()); return EXIT_OK;
        case CLI_OPT_CATEGORY:
        case CLI_OPT_FACETS:
        case CLI_OPT_TAG:
            if (cli_parse_filter(c, optarg, &flt, &so)) return EXIT_USAGE;
            break;
        default: {
            int r = c == '?' || c == ':' ? 1 : cli_parse_ranking(c, optarg, &so, &fitted);
            if (r == 0) break;
            if (r > 0) cli_option_error("eval", c, argv, longopts);
            return EXIT_USAGE;
        }
        }
    }
    if (optind < argc || !qrels_path || !!queries == !!run) {
        text_printf(stderr, "smpsearch eval: give --qrels and one of --queries or --run\n");
        eval_usage(stderr);
        return EXIT_USAGE;
    }
    smp_error err = {0, ""};
    qrels *qr;
    if (qrels_load(&qr, qrels_path, &err)) {
        text_printf(stderr, "smpsearch eval: %s\n", err.msg);
        return EXIT_FAIL;
    }
    int status = run ? score_run(run, qr, json)
                     : run_queries(queries, index_path, &so, fitted, qr, run_out, tag, per_query,
                                   json);
    qrels_free(qr);
    return status;
}
