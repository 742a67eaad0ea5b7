/* common.c - what the commands of the smpsearch program share: the index
 * argument and the default index, ranking options, a clock. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "search/search.h" /* smp_osa_distance */
#include "smp_paths.h" /* SMP_PKGDATADIR, written by make */

int cli_index_arg(const char *cmd, int argc, char **argv, int *i, const char **path,
                  const char *const *names) {
    if (!strcmp(argv[*i], "--index") && *i + 1 < argc) {
        *path = argv[++*i];
    } else if (!strcmp(argv[*i], "--index")) {
        text_printf(stderr, "smpsearch %s: option '--index' needs a value\n", cmd);
        return -1;
    } else if (argv[*i][0] == '-' && argv[*i][1]) {
        cli_unknown_option(cmd, argv[*i], names);
        return -1;
    } else if (*path) {
        text_printf(stderr, "smpsearch %s: unexpected argument '%s' (the index is %s)\n", cmd,
                    argv[*i], *path);
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

const char *cli_find_index(const char *given, int *bundled) {
    static char beside[PATH_MAX]; /* program state, not library state */
    *bundled = 0;
    if (given) return given;
    const char *env = getenv("SMPSEARCH_INDEX");
    if (env && *env) return env;
    struct stat st;
    /* the index `smpsearch index DIR` just wrote here */
    if (stat(CLI_LOCAL_INDEX, &st) == 0) return CLI_LOCAL_INDEX;
    *bundled = 1;
    ssize_t n = readlink("/proc/self/exe", beside, sizeof beside - 32);
    if (n > 0) {
        beside[n] = 0;
        char *slash = strrchr(beside, '/');
        if (slash) {
            strcpy(slash + 1, "corpus.smpidx");
            if (stat(beside, &st) == 0) return beside;
        }
    }
    return SMP_PKGDATADIR "/corpus.smpidx";
}

const char *cli_default_index(const char *given) {
    int bundled;
    const char *path = cli_find_index(given, &bundled);
    if (bundled)
        fputs("smpsearch: searching the bundled demo articles (there is no ./" CLI_LOCAL_INDEX
              "); build your own with: smpsearch index DIR\n",
              stderr);
    return path;
}

int cli_parse_size(const char *s, unsigned long long *out) {
    if (!*s || *s < '0' || *s > '9') return -1; /* no sign, no space */
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned long long unit = *end == 'K' || *end == 'k'   ? 1ull << 10
                              : *end == 'M' || *end == 'm' ? 1ull << 20
                              : *end == 'G' || *end == 'g' ? 1ull << 30
                                                           : 1;
    if (unit > 1) end++;
    if (*end || errno || v > (1ull << 50) / unit) return -1;
    *out = v * unit;
    return 0;
}

int cli_edit_distance(const char *a, size_t alen, const char *b, size_t blen, int max) {
    /* the spelling corrector's distance, over ASCII-lower-cased copies */
    char la[64], lb[64];
    if (alen > sizeof la || blen > sizeof lb || max < 0) return max + 1;
    for (size_t i = 0; i < alen; i++)
        la[i] = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] + 32) : a[i];
    for (size_t i = 0; i < blen; i++)
        lb[i] = b[i] >= 'A' && b[i] <= 'Z' ? (char)(b[i] + 32) : b[i];
    return (int)smp_osa_distance(la, alen, lb, blen, (unsigned)max);
}

const char *cli_nearest(const char *word, size_t wlen, const char *const *names, size_t n,
                        int max) {
    const char *best = NULL;
    int bd = max + 1;
    for (size_t i = 0; i < n; i++) {
        int d = cli_edit_distance(word, wlen, names[i], strlen(names[i]), max);
        if (d < bd) {
            bd = d;
            best = names[i];
        }
    }
    return best;
}

/* Where the options of cmd ("" for the bare form) are told. */
static void help_hint(const char *cmd) {
    if (*cmd)
        text_printf(stderr, "Run 'smpsearch %s --help' for its options.\n", cmd);
    else fputs("Run 'smpsearch --help' or 'smpsearch query --help' for the options.\n", stderr);
}

/* The message of an unknown option arg ("--jsn" or "--jsn=x"), with the
 * nearest of the long option names (without their "--"). */
static void unknown_option(const char *cmd, const char *arg, const char *const *names,
                           size_t n) {
    const char *name = arg + (arg[1] == '-' ? 2 : 1);
    size_t len = strcspn(name, "=");
    const char *near = arg[1] == '-' ? cli_nearest(name, len, names, n, len > 4 ? 2 : 1) : NULL;
    text_printf(stderr, "smpsearch%s%s: unknown option '%.*s'", *cmd ? " " : "", cmd,
                (int)(name - arg + len), arg);
    if (near) text_printf(stderr, "; did you mean '--%s'?", near);
    fputc('\n', stderr);
    help_hint(cmd);
}

void cli_unknown_option(const char *cmd, const char *arg, const char *const *names) {
    const char *bare[32];
    size_t n = 0;
    for (; names && names[n] && n < 32; n++) bare[n] = names[n] + 2;
    unknown_option(cmd, arg, bare, n);
}

void cli_option_error(const char *cmd, int c, char **argv, const struct option *longopts) {
    const char *sp = *cmd ? " " : "";
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    int is_long = !strncmp(arg, "--", 2);
    if (!is_long) {
        if (c == ':')
            text_printf(stderr, "smpsearch%s%s: option '-%c' needs a value\n", sp, cmd, optopt);
        else
            text_printf(stderr, "smpsearch%s%s: unknown option '-%c'\n", sp, cmd, optopt);
        help_hint(cmd);
        return;
    }
    const char *name = arg + 2;
    size_t len = strcspn(name, "="), n = 0, prefixed = 0;
    const char *names[64];
    for (const struct option *o = longopts; o->name && n < 64; o++) {
        names[n++] = o->name;
        if (!strncmp(o->name, name, len)) prefixed++;
    }
    if (c == ':') {
        text_printf(stderr, "smpsearch%s%s: option '%.*s' needs a value\n", sp, cmd, (int)(len + 2),
                    arg);
    } else if (optopt) { /* a known option given a value it does not take */
        text_printf(stderr, "smpsearch%s%s: option '%.*s' takes no value\n", sp, cmd,
                    (int)(len + 2), arg);
    } else if (prefixed > 1) {
        text_printf(stderr, "smpsearch%s%s: option '%.*s' is ambiguous; it could be", sp, cmd,
                    (int)(len + 2), arg);
        const char *sep = "";
        for (size_t i = 0; i < n; i++)
            if (!strncmp(names[i], name, len)) {
                text_printf(stderr, "%s --%s", sep, names[i]);
                sep = ",";
            }
        fputc('\n', stderr);
    } else {
        unknown_option(cmd, arg, names, n);
        return;
    }
    help_hint(cmd);
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
            "      --strategy S      top-k evaluation: maxscore (default), bmw,\n"
            "                        blockmax or exhaustive; all give the same results\n",
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
        text_printf(stderr, "smpsearch: bad --%s '%s'\n", rerank_flags[opt - CLI_OPT_RERANK_WEIGHT],
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
        text_printf(stderr, "smpsearch: bad --rerank-depth '%s' (0 to 10000)\n", arg);
        return -1;
    }
    switch (opt) {
    case '1':
        if (parse_double(arg, &so->k1)) return 0;
        text_printf(stderr, "smpsearch: bad --k1 '%s'\n", arg);
        return -1;
    case 'b':
        if (parse_double(arg, &so->b)) return 0;
        text_printf(stderr, "smpsearch: bad --b '%s'\n", arg);
        return -1;
    case 'w':
        if (sscanf(arg, "%lf,%lf,%lf", &so->weight[0], &so->weight[1], &so->weight[2]) == 3)
            return 0;
        text_printf(stderr, "smpsearch: --weights wants three numbers: T,H,B\n");
        return -1;
    case 'a':
        if (parse_double(arg, &so->alias_weight)) return 0;
        text_printf(stderr, "smpsearch: bad --alias-weight '%s'\n", arg);
        return -1;
    case 'P':
        if (!strcmp(arg, "exhaustive")) so->strategy = SMP_TOPK_EXHAUSTIVE;
        else if (!strcmp(arg, "maxscore")) so->strategy = SMP_TOPK_MAXSCORE;
        else if (!strcmp(arg, "bmw")) so->strategy = SMP_TOPK_BMW;
        else if (!strcmp(arg, "blockmax")) so->strategy = SMP_TOPK_BLOCKMAX;
        else {
            text_printf(stderr,
                        "smpsearch: --strategy is exhaustive, maxscore, bmw or blockmax\n");
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
        text_printf(stderr, "smpsearch: bad --question-weight '%s'\n", arg);
        return -1;
    case CLI_OPT_MIN_CONFIDENCE:
        if (parse_double(arg, &so->min_confidence) && so->min_confidence >= 0 &&
            so->min_confidence <= 1)
            return 0;
        text_printf(stderr, "smpsearch: --min-confidence must be in [0, 1]\n");
        return -1;
    }
    return 1;
}

/* --- filters ------------------------------------------------------------------ */

void cli_filter_help(FILE *f) {
    fputs("      --category C      only passages of articles in category C (front matter\n"
          "                        categories, a page's article:section); repeatable:\n"
          "                        any of them.  Case aside.\n"
          "      --tag T           only passages of articles tagged T; repeatable: any\n"
          "                        of them.  --category and --tag together: both.\n"
          "      --facets          count the matching passages per category and tag\n"
          "                        (in --json; also done under a filter)\n",
          f);
}

int cli_parse_filter(int opt, const char *arg, cli_filters *f, smp_search_options *so) {
    if (opt == CLI_OPT_FACETS) {
        so->facets = 1;
        return 0;
    }
    if (opt != CLI_OPT_CATEGORY && opt != CLI_OPT_TAG) return 1;
    int cat = opt == CLI_OPT_CATEGORY;
    size_t *n = cat ? &so->ncategories : &so->ntags;
    if (*n == CLI_MAX_FILTER_VALUES) {
        text_printf(stderr, "smpsearch: at most %d values of --%s\n", CLI_MAX_FILTER_VALUES,
                    cat ? "category" : "tag");
        return -1;
    }
    if (cat) {
        f->category[(*n)++] = arg;
        so->categories = f->category;
    } else {
        f->tag[(*n)++] = arg;
        so->tags = f->tag;
    }
    return 0;
}
