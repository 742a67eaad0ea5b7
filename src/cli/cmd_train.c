/* cmd_train.c - `smpsearch train`: the ranking options fitted to a site's
 * own judged questions and stored in its index.
 *
 * Coordinate ascent (Metzler and Croft 2007) over k1, b, the title and
 * heading weights, the question weight, the alias weight and the second
 * stage's weights (rerank.c): each round
 * tries every value of one option's grid with the others held and keeps
 * the best, until a round changes nothing.  The objective is nDCG@10 +
 * P@1 over the questions.  The questions are split into folds by article
 * (the article of each question's best-graded passage), so that questions
 * about one article are never on both sides: each fold is answered with
 * options fitted on the others, which estimates what the fitting gains on
 * questions it has not seen; the options stored are then fitted on all. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eval.h"

#define MAX_FOLDS 10

typedef struct question {
    char *qid, *text;
    int fold;
} question;

typedef struct trainer {
    smp_searcher *sr;
    const qrels *qr;
    question *q;
    size_t n;
} trainer;

/* The options' grids: k1, b, title weight, heading weight, question and
 * alias weight, then the rerank weights (proximity, heading match, title
 * match, topic, answer type, length). */
#define NPARAMS 12
#define FIRST_RERANK 6
#define GRID_MAX 7
static const struct {
    int n;
    double v[GRID_MAX];
} grid[NPARAMS] = {
    {6, {0.6, 0.9, 1.2, 1.5, 1.8, 2.2}}, {5, {0.3, 0.45, 0.6, 0.75, 0.9}},
    {5, {1, 1.5, 2, 3, 4}},              {5, {1, 1.5, 2, 3, 4}},
    {5, {0, 0.15, 0.3, 0.5, 0.75}},      {6, {0.25, 0.4, 0.5, 0.65, 0.8, 1}},
    {5, {0, 0.01, 0.02, 0.05, 0.1}},     {5, {0, 0.25, 0.5, 1, 2}},
    {5, {0, 0.25, 0.5, 1, 2}},           {6, {0, 0.25, 0.5, 1, 1.5, 2}},
    {5, {0, 0.25, 0.5, 1, 2}},           {5, {-0.25, -0.1, 0, 0.1, 0.25}}};

static double *param(smp_search_options *o, int i) {
    switch (i) {
    case 0: return &o->k1;
    case 1: return &o->b;
    case 2: return &o->weight[0];
    case 3: return &o->weight[1];
    case 4: return &o->question_weight;
    case 5: return &o->alias_weight;
    case 6: return &o->proximity_weight;
    case 7: return &o->heading_match_weight;
    case 8: return &o->title_match_weight;
    case 9: return &o->topic_weight;
    case 10: return &o->answer_type_weight;
    default: return &o->length_weight;
    }
}

/* nDCG@10 + P@1 over the questions of fold `only` (-1: all) or of every
 * fold but `skip` (-1: none); m (may be NULL) gets the means. */
static double objective(const trainer *t, const smp_search_options *so, int only, int skip,
                        eval_metrics *m) {
    eval_metrics sum;
    memset(&sum, 0, sizeof sum);
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++) {
        if ((only >= 0 && t->q[i].fold != only) || (skip >= 0 && t->q[i].fold == skip)) continue;
        smp_results *r = NULL;
        const char *ids[10];
        uint32_t nr = 0;
        if (smp_searcher_search(t->sr, t->q[i].text, so, &r, NULL) == SMP_OK)
            for (; nr < smp_results_count(r) && nr < 10; nr++)
                ids[nr] = smp_results_get(r, nr)->passage_id;
        eval_metrics one;
        if (eval_query(t->qr, t->q[i].qid, ids, nr, &one) == SMP_OK) eval_add(&sum, &one);
        smp_results_free(r);
        n++;
    }
    eval_mean(&sum, n);
    if (m) *m = sum;
    return sum.ndcg10 + sum.p1;
}

/* Coordinate ascent from *so on the questions of every fold but skip,
 * over the options from first on. */
static void fit(const trainer *t, smp_search_options *so, int skip, int first, int verbose) {
    double best = objective(t, so, -1, skip, NULL);
    for (int round = 0, changed = 1; changed && round < 4; round++) {
        changed = 0;
        for (int p = first; p < NPARAMS; p++)
            for (int k = 0; k < grid[p].n; k++) {
                smp_search_options trial = *so;
                *param(&trial, p) = grid[p].v[k];
                double v = objective(t, &trial, -1, skip, NULL);
                if (v > best + 1e-9) {
                    best = v;
                    *so = trial;
                    changed = 1;
                    if (verbose)
                        text_printf(stderr,
                                    "round %d: %.4f with k1 %g, b %g, weights %g,%g,%g, "
                                    "question weight %g, alias weight %g, rerank weights "
                                    "%g,%g,%g,%g,%g,%g\n",
                                    round + 1, v, so->k1, so->b, so->weight[0], so->weight[1],
                                    so->weight[2], so->question_weight, so->alias_weight,
                                    so->proximity_weight, so->heading_match_weight,
                                    so->title_match_weight, so->topic_weight,
                                    so->answer_type_weight, so->length_weight);
                }
            }
    }
}

/* The judged questions of path, each in the fold of its article. */
static int load_questions(const char *path, const qrels *qr, int folds, question **out,
                          size_t *n) {
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, nq = 0, aq = 0;
    question *q = NULL;
    int rc = 0;
    while (getline(&line, &cap, f) >= 0) {
        line[strcspn(line, "\r\n")] = 0;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = 0;
        if (!qrels_has_query(qr, line)) continue;
        if (nq == aq) {
            aq = aq ? 2 * aq : 64;
            question *p = realloc(q, aq * sizeof *p);
            if (!p) {
                rc = -1;
                break;
            }
            q = p;
        }
        const char *ids[64];
        int rels[64];
        size_t nr = qrels_relevant(qr, line, ids, rels, 64), best = 0;
        for (size_t i = 1; i < nr && i < 64; i++)
            if (rels[i] > rels[best]) best = i;
        unsigned h = 5381; /* the article: the passage id before '#' */
        for (const char *c = nr ? ids[best] : line; *c && *c != '#'; c++)
            h = h * 33 + (unsigned char)*c;
        q[nq].qid = strdup(line);
        q[nq].text = strdup(tab + 1);
        q[nq].fold = (int)(h % (unsigned)folds);
        if (!q[nq].qid || !q[nq].text) {
            free(q[nq].qid);
            free(q[nq].text);
            rc = -1;
            break;
        }
        nq++;
    }
    free(line);
    fclose(f);
    *out = q;
    *n = nq;
    if (rc) text_printf(stderr, "smpsearch train: out of memory\n");
    return rc;
}

static void usage(FILE *f) {
    fputs("Usage: smpsearch train --queries Q --qrels R [--index FILE] [--folds N] [--dry-run]\n"
          "Fits the ranking options (k1, b, title and heading weights, question and alias\n"
          "weight, the rerank weights: proximity, heading match, title match, topic,\n"
          "answer type, length) to the judged questions Q (id<TAB>question) with\n"
          "judgments R (TREC qrels), and stores them in the index, which then ranks with\n"
          "them; a ranking option given to query, eval or serve still wins.  Questions\n"
          "are split into folds by article (default 3): each fold is answered with\n"
          "options fitted on the others, an estimate on unseen questions, printed beside\n"
          "the defaults.\n"
          "  --index FILE  the index to fit and store in (default: $SMPSEARCH_INDEX,\n"
          "              else ./smpsearch.idx; the bundled demo index only with\n"
          "              --dry-run)\n"
          "  --folds N   folds by article (default 3)\n"
          "  --dry-run   fit and report, store nothing\n"
          "  --rerank-only  fit the rerank weights only; the others keep their defaults\n"
          "  --force     store even when the held-out estimate is below the defaults\n"
          "  --reset     remove stored options (the defaults rank again)\n", f);
}

/* Stores o (NULL: removes the options) under the index's lock: 0 or -1
 * after a message. */
static int store(const char *path, const smp_search_options *o) {
    smp_error err = {0, ""};
    smp_lock *lock;
    if (smp_index_lock(&lock, path, &err)) {
        text_printf(stderr, "smpsearch train: %s\n", err.msg);
        return -1;
    }
    int rc = smp_index_set_ranking(path, o, &err);
    smp_index_unlock(lock);
    if (rc) text_printf(stderr, "smpsearch train: %s\n", err.msg);
    return rc ? -1 : 0;
}

static void report(const char *what, const eval_metrics *m) {
    printf("%-36s nDCG@10 %.4f  P@1 %.4f  Success@3 %.4f\n", what, m->ndcg10, m->p1, m->top3);
}

int cmd_train(int argc, char **argv) {
    static const struct option longopts[] = {
        {"queries", required_argument, NULL, 'Q'}, {"qrels", required_argument, NULL, 'R'},
        {"index", required_argument, NULL, 'i'},   {"folds", required_argument, NULL, 'f'},
        {"dry-run", no_argument, NULL, 'n'},       {"reset", no_argument, NULL, 'r'},
        {"force", no_argument, NULL, 'F'},         {"rerank-only", no_argument, NULL, 'O'},
        {"help", no_argument, NULL, 'h'},          {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    const char *queries = NULL, *qrels_path = NULL, *index_path = NULL;
    int folds = 3, dry = 0, reset = 0, force = 0, first = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'Q': queries = optarg; break;
        case 'R': qrels_path = optarg; break;
        case 'i': index_path = optarg; break;
        case 'f': folds = atoi(optarg); break;
        case 'n': dry = 1; break;
        case 'r': reset = 1; break;
        case 'F': force = 1; break;
        case 'O': first = FIRST_RERANK; break;
        case 'h': usage(stdout); return EXIT_OK;
        case 'V': printf("smpsearch %s\n", smp_version()); return EXIT_OK;
        default: cli_option_error("train", c, argv, longopts); return EXIT_USAGE;
        }
    }
    int bundled;
    cli_find_index(index_path, &bundled);
    if (bundled && !dry) {
        text_printf(stderr, "smpsearch train: it stores what it fits in the index, and no index "
                            "is named (no --index, $SMPSEARCH_INDEX or ./smpsearch.idx): the "
                            "bundled demo index is not changed; use --dry-run to try it\n");
        return EXIT_USAGE;
    }
    const char *path = cli_default_index(index_path);
    smp_error err = {0, ""};
    if (reset) {
        if (store(path, NULL)) return EXIT_FAIL;
        text_printf(stdout, "%s: ranking options removed\n", path);
        return EXIT_OK;
    }
    if (!queries || !qrels_path || optind < argc || folds < 2 || folds > MAX_FOLDS) {
        usage(stderr);
        return EXIT_USAGE;
    }
    qrels *qr = NULL;
    smp_index *ix = NULL;
    trainer t = {0};
    int status = EXIT_FAIL;
    if (qrels_load(&qr, qrels_path, &err) || smp_index_open(&ix, path, &err) ||
        smp_searcher_new(&t.sr, ix, &err)) {
        text_printf(stderr, "smpsearch train: %s\n", err.msg);
        goto done;
    }
    t.qr = qr;
    if (load_questions(queries, qr, folds, &t.q, &t.n)) goto done;
    if (t.n < 10) {
        text_printf(stderr, "smpsearch train: %zu judged question%s; at least 10 are needed\n", t.n,
                    cli_s(t.n));
        goto done;
    }
    smp_search_options base;
    smp_search_options_init(&base);
    base.k = 10;
    base.ids_only = 1;
    /* held out: each fold answered with options fitted on the others */
    eval_metrics held, sum, m;
    memset(&sum, 0, sizeof sum);
    for (int f = 0; f < folds; f++) {
        smp_search_options o = base;
        fit(&t, &o, f, first, 0);
        objective(&t, &o, f, -1, &m);
        size_t nf = 0;
        for (size_t i = 0; i < t.n; i++) nf += t.q[i].fold == f;
        m.ndcg10 *= (double)nf, m.p1 *= (double)nf, m.top3 *= (double)nf;
        sum.ndcg10 += m.ndcg10, sum.p1 += m.p1, sum.top3 += m.top3;
    }
    held = sum;
    held.ndcg10 /= (double)t.n, held.p1 /= (double)t.n, held.top3 /= (double)t.n;
    eval_metrics defaults, fitted;
    objective(&t, &base, -1, -1, &defaults);
    smp_search_options o = base;
    fit(&t, &o, -1, first, 1);
    objective(&t, &o, -1, -1, &fitted);
    printf("%zu question%s, %d fold%s by article\n", t.n, cli_s(t.n), folds, cli_s(folds));
    report("defaults", &defaults);
    report("fitted on other folds (held out)", &held);
    report("fitted on all (in sample)", &fitted);
    printf("options: --k1 %g --b %g --weights %g,%g,%g --question-weight %g --alias-weight %g\n"
           "  --proximity-weight %g --heading-match-weight %g --title-match-weight %g\n"
           "  --topic-weight %g --answer-type-weight %g --length-weight %g\n",
           o.k1, o.b, o.weight[0], o.weight[1], o.weight[2], o.question_weight, o.alias_weight,
           o.proximity_weight, o.heading_match_weight, o.title_match_weight, o.topic_weight,
           o.answer_type_weight, o.length_weight);
    smp_searcher_free(t.sr);
    t.sr = NULL;
    smp_index_close(ix);
    ix = NULL;
    if (dry) {
        status = EXIT_OK;
        goto done;
    }
    if (held.ndcg10 + held.p1 < defaults.ndcg10 + defaults.p1 && !force) {
        printf("not stored: on questions held out of the fitting, fitted options rank worse\n"
               "than the defaults (more judged questions help; --force stores them anyway)\n");
        status = EXIT_OK;
        goto done;
    }
    if (store(path, &o)) goto done;
    text_printf(stdout, "stored in %s\n", path);
    status = EXIT_OK;
done:
    for (size_t i = 0; i < t.n; i++) {
        free(t.q[i].qid);
        free(t.q[i].text);
    }
    free(t.q);
    smp_searcher_free(t.sr);
    smp_index_close(ix);
    qrels_free(qr);
    return status;
}
