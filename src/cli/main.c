/* main.c - the smpsearch program: subcommand dispatch and the bare
 * `smpsearch "question"` form. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f) {
    fputs("Usage: smpsearch QUESTION...            answer from the default index\n"
          "       smpsearch index [-o FILE] PATH...  build an index\n"
          "       smpsearch query [OPTIONS] QUERY    search an index\n"
          "       smpsearch stats [FILE]             describe an index\n"
          "       smpsearch index --update -o FILE PATH...  reindex what changed\n"
          "       smpsearch optimize [FILE]          merge the segments of an index\n"
          "       smpsearch check [FILE]             verify an index, every byte\n"
          "       smpsearch serve [--listen A:P]     the search page and JSON API\n"
          "       smpsearch report LOG...            questions the articles do not answer\n"
          "       smpsearch eval --queries Q --qrels R  measure answer quality\n"
          "       smpsearch train --queries Q --qrels R  fit the ranking to your questions\n"
          "       smpsearch passages [FILE]          list every passage (JSON lines)\n"
          "       smpsearch --help | --version\n"
          "Run 'smpsearch COMMAND --help' for the options of a command.\n"
          "The default index is --index FILE, else $SMPSEARCH_INDEX, else the\n"
          "index of the bundled corpus.\n", f);
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
    if (!strcmp(cmd, "train")) return cmd_train(argc - 1, argv + 1);
    if (!strcmp(cmd, "report")) return cmd_report(argc - 1, argv + 1);
    return cmd_query(argc, argv, 1);
}
