/* main.c - the smpsearch program: subcommand dispatch and the bare
 * `smpsearch "question"` form. */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "smp_paths.h" /* SMP_PKGDATADIR, written by make */

static void usage(FILE *f) {
    fputs("Usage: smpsearch QUESTION...            answer from the default index\n"
          "       smpsearch index [-o FILE] PATH...  build an index\n"
          "       smpsearch query [OPTIONS] QUERY    search an index\n"
          "       smpsearch stats [FILE]             describe an index\n"
          "       smpsearch index --update -o FILE PATH...  reindex what changed\n"
          "       smpsearch optimize [FILE]          merge the segments of an index\n"
          "       smpsearch check [FILE]             verify an index, every byte\n"
          "       smpsearch serve [--listen A:P]     the search page and JSON API\n"
          "       smpsearch eval --queries Q --qrels R  measure answer quality\n"
          "       smpsearch passages [FILE]          list every passage (JSON lines)\n"
          "       smpsearch --help | --version\n"
          "Run 'smpsearch COMMAND --help' for the options of a command.\n"
          "The default index is --index FILE, else $SMPSEARCH_INDEX, else the\n"
          "index of the bundled corpus.\n", f);
}

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

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    /* a file over the size limit (ulimit -f) is a write error to report,
       not a reason to die with the index half written */
    signal(SIGXFSZ, SIG_IGN);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("smpsearch %s\n", smp_version());
        return EXIT_OK;
    }
    if (!strcmp(cmd, "index")) return cmd_index(argc - 1, argv + 1);
    if (!strcmp(cmd, "query")) return cmd_query(argc - 1, argv + 1, 0);
    if (!strcmp(cmd, "stats")) return cmd_stats(argc - 1, argv + 1);
    if (!strcmp(cmd, "check")) return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "optimize")) return cmd_optimize(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve")) return cmd_serve(argc - 1, argv + 1);
    if (!strcmp(cmd, "eval")) return cmd_eval(argc - 1, argv + 1);
    if (!strcmp(cmd, "passages")) return cmd_passages(argc - 1, argv + 1);
    return cmd_query(argc, argv, 1);
}
