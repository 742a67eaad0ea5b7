/* common.c - what the commands of the smpsearch program share: the index
 * argument and the default index, ranking options, a clock. */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "smp_paths.h" /* SMP_PKGDATADIR, written by make */

int cli_index_arg(const char *cmd, int argc, char **argv, int *i, const char **path) {
    if (!strcmp(argv[*i], "--index") && *i + 1 < argc) {
        *path = argv[++*i];
    } else if (argv[*i][0] == '-' || *path) {
        fprintf(stderr, "smpsearch %s: unexpected argument '%s'\n", cmd, argv[*i]);
        return -1;
    } else {
        *path = argv[*i];
    }
    return 0;
}

double cli_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *cli_default_index(const char *given) {
    static char beside[PATH_MAX]; /* program state, not library state */
    if (given) return given;
    const char *env = getenv("SMPSEARCH_INDEX");
    if (env && *env) return env;
    ssize_t n = readlink("/proc/self/exe", beside, sizeof beside - 32);
    if (n > 0) {
        beside[n] = 0;
        char *slash = strrchr(beside, '/');
        if (slash) {
            strcpy(slash + 1, "corpus.smpidx");
            struct stat st;
            if (stat(beside, &st) == 0) return beside;
        }
    }
    return SMP_PKGDATADIR "/corpus.smpidx";
}

static int parse_double(const char *s, double *out) {
    char *end;
    *out = strtod(s, &end);
    return *s && !*end;
}

/* The second stage's weights of so, in the order of their flags. */
static void rerank_weights(smp_search_options *so, double *w[CLI_OPT_RERANK_NWEIGHTS]) {
    w[0] = &so->proximity_weight;
    w[1] = &so->heading_match_weight;
    w[2] = &so->title_match_weight;
    w[3] = &so->topic_weight;
    w[4] = &so->answer_type_weight;
    w[5] = &so->length_weight;
}

static const char *const rerank_flags[CLI_OPT_RERANK_NWEIGHTS] = {
    "proximity-weight", "heading-match-weight", "title-match-weight",
    "topic-weight",     "answer-type-weight",   "length-weight"};

int cli_index_ranking(smp_search_options *so, const smp_index *ix, int fitted) {
    if (fitted) return 0;
    smp_search_options t, d;
    smp_search_options_for(&t, ix);
    smp_search_options_init(&d);
    so->k1 = t.k1;
    so->b = t.b;
    for (int f = 0; f < 3; f++) so->weight[f] = t.weight[f];
    so->question_weight = t.question_weight;
    so->alias_weight = t.alias_weight;
    double *to[CLI_OPT_RERANK_NWEIGHTS], *from[CLI_OPT_RERANK_NWEIGHTS];
    double *def[CLI_OPT_RERANK_NWEIGHTS];
    rerank_weights(so, to);
    rerank_weights(&t, from);
    rerank_weights(&d, def);
    int differ = 0;
    for (int k = 0; k < CLI_OPT_RERANK_NWEIGHTS; k++) {
        *to[k] = *from[k];
        differ |= *from[k] != *def[k];
    }
    return differ || t.k1 != d.k1 || t.b != d.b || t.question_weight != d.question_weight ||
           t.alias_weight != d.alias_weight || t.weight[0] != d.weight[0] ||
           t.weight[1] != d.weight[1] || t.weight[2] != d.weight[2];
}

void cli_ranking_help(FILE *f) {
    smp_search_options d;
    smp_search_options_init(&d);
    fprintf(f,
            "      --k1 X, --b X     BM25 parameters (default: %g, %g)\n"
            "      --weights T,H,B   field weights of title, heading, body (default: %g,%g,%g)\n"
            "      --question-weight X  weight of question words (what, does, can) in\n"
            "                        titles and headings (default: %g)\n"
            "      --alias-weight X  weight of the words acronyms and synonyms add\n"
            "                        (default: %g)\n"
            "      --proximity-weight X, --heading-match-weight X, --title-match-weight X,\n"
            "      --topic-weight X, --answer-type-weight X, --length-weight X\n"
            "                        the second stage: the first stage's best passages\n"
            "                        ranked again by their score plus each weight times\n"
            "                        its feature: the question's words close together in\n"
            "                        the body, the whole question in the heading, in the\n"
            "                        title, the question's topic, an answer of the kind\n"
            "                        asked for, ln(1 + body words); 0 leaves a feature out\n"
            "                        (defaults: %g, %g, %g, %g, %g, %g)\n"
            "      --rerank-depth N  passages of the first stage ranked again: the best\n"
            "                        max(k, N) (default: %u)\n"
            "                        These eleven default to the index's own when\n"
            "                        `smpsearch train` stored them (not the depth).\n"
            "      --keep-filler     rank with question filler (how, does, the) in the\n"
            "                        body too\n"
            "      --no-spelling     do not correct words missing from the index\n"
            "      --no-aliases      do not add acronyms and synonyms to the query\n"
            "      --no-phrases      read double quotes as punctuation, not phrases\n"
            "      --no-answer-types do not prefer answer sentences that give the kind of\n"
            "                        answer asked for (a duration, visits, a price,\n"
            "                        pain, safety, a procedure, eligibility)\n"
            "      --min-confidence X below it, say there is no good answer (default: %g)\n"
            "      --no-group        show results that give the same answer (6-8 weeks)\n"
            "                        in full, not as one line under the first\n"
            "      --strategy S      top-k evaluation: maxscore (default), bmw or\n"
            "                        exhaustive; all give the same results\n",
            d.k1, d.b, d.weight[0], d.weight[1], d.weight[2], d.question_weight,
            d.alias_weight, d.proximity_weight, d.heading_match_weight, d.title_match_weight,
            d.topic_weight, d.answer_type_weight, d.length_weight, d.rerank_depth,
            d.min_confidence);
}

int cli_parse_ranking(int opt, const char *arg, smp_search_options *so, int *fitted) {
    if (opt == '1' || opt == 'b' || opt == 'w' || opt == 'a' || opt == CLI_OPT_QUESTION_WEIGHT ||
        (opt >= CLI_OPT_RERANK_WEIGHT && opt < CLI_OPT_RERANK_WEIGHT + CLI_OPT_RERANK_NWEIGHTS))
        *fitted = 1;
    if (opt >= CLI_OPT_RERANK_WEIGHT && opt < CLI_OPT_RERANK_WEIGHT + CLI_OPT_RERANK_NWEIGHTS) {
        double *w[CLI_OPT_RERANK_NWEIGHTS];
        rerank_weights(so, w);
        if (parse_double(arg, w[opt - CLI_OPT_RERANK_WEIGHT]) &&
            isfinite(*w[opt - CLI_OPT_RERANK_WEIGHT]))
            return 0;
        fprintf(stderr, "smpsearch: bad --%s '%s'\n", rerank_flags[opt - CLI_OPT_RERANK_WEIGHT],
                arg);
        return -1;
    }
    if (opt == CLI_OPT_RERANK_DEPTH) {
        char *end;
        long v = strtol(arg, &end, 10);
        if (*arg && !*end && v >= 0 && v <= 10000) {
            so->rerank_depth = (uint32_t)v;
            return 0;
        }
        fprintf(stderr, "smpsearch: bad --rerank-depth '%s' (0 to 10000)\n", arg);
        return -1;
    }
    switch (opt) {
    case '1':
        if (parse_double(arg, &so->k1)) return 0;
        fprintf(stderr, "smpsearch: bad --k1 '%s'\n", arg);
        return -1;
    case 'b':
        if (parse_double(arg, &so->b)) return 0;
        fprintf(stderr, "smpsearch: bad --b '%s'\n", arg);
        return -1;
    case 'w':
        if (sscanf(arg, "%lf,%lf,%lf", &so->weight[0], &so->weight[1], &so->weight[2]) == 3)
            return 0;
        fprintf(stderr, "smpsearch: --weights wants three numbers: T,H,B\n");
        return -1;
    case 'a':
        if (parse_double(arg, &so->alias_weight)) return 0;
        fprintf(stderr, "smpsearch: bad --alias-weight '%s'\n", arg);
        return -1;
    case 'P':
        if (!strcmp(arg, "exhaustive")) so->strategy = SMP_TOPK_EXHAUSTIVE;
        else if (!strcmp(arg, "maxscore")) so->strategy = SMP_TOPK_MAXSCORE;
        else if (!strcmp(arg, "bmw")) so->strategy = SMP_TOPK_BMW;
        else {
            fprintf(stderr, "smpsearch: --strategy is exhaustive, maxscore or bmw\n");
            return -1;
        }
        return 0;
    case 'S': so->no_spelling = 1; return 0;
    case 'A': so->no_aliases = 1; return 0;
    case CLI_OPT_NO_PHRASES: so->no_phrases = 1; return 0;
    case CLI_OPT_NO_ANSWER_TYPES: so->no_answer_types = 1; return 0;
    case CLI_OPT_NO_GROUP: so->no_answer_groups = 1; return 0;
    case CLI_OPT_KEEP_FILLER: so->keep_filler = 1; return 0;
    case CLI_OPT_QUESTION_WEIGHT:
        if (parse_double(arg, &so->question_weight) && so->question_weight >= 0) return 0;
        fprintf(stderr, "smpsearch: bad --question-weight '%s'\n", arg);
        return -1;
    case CLI_OPT_MIN_CONFIDENCE:
        if (parse_double(arg, &so->min_confidence) && so->min_confidence >= 0 &&
            so->min_confidence <= 1)
            return 0;
        fprintf(stderr, "smpsearch: --min-confidence must be in [0, 1]\n");
        return -1;
    }
    return 1;
}
