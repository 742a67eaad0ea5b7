/* main.c - the smpsearch program: subcommand dispatch, `smpsearch help`
 * and the bare `smpsearch "question"` form.
 *
 * How the first argument is read:
 *   - a command name runs the command; "help [COMMAND]" prints a usage;
 *   - "-" and "--" options are the global ones (--help, --version) or
 *     those of query; "--" ends them, the rest is a question;
 *   - a word that is not a command but is within one edit of one (two for
 *     the long names optimize and passages), such as "indx" or "stat", is
 *     taken for a misspelt command: an error with the suggestion, exit 2.
 *     An argument holding a space ("stat of smp"), one after "--" or
 *     `smpsearch query WORD` is searched for as it is;
 *   - anything else starts a question. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run_query(int argc, char **argv) { return cmd_query(argc, argv, 0); }

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"index", cmd_index},   {"query", run_query}, {"stats", cmd_stats},
    {"check", cmd_check},   {"optimize", cmd_optimize}, {"serve", cmd_serve},
    {"eval", cmd_eval},     {"passages", cmd_passages}, {"train", cmd_train},
    {"report", cmd_report},
    {"help", NULL}, /* main's own */
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f) {
    fputs("Usage: smpsearch QUESTION...            answer from the default index\n"
          "       smpsearch index [-o FILE] PATH...  build an index (default: ./smpsearch.idx)\n"
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
          "       smpsearch help [COMMAND] | --help | --version\n"
          "Run 'smpsearch help COMMAND' or 'smpsearch COMMAND --help' for the options\n"
          "of a command.\n"
          "The default index is --index FILE, else $SMPSEARCH_INDEX, else\n"
          "./smpsearch.idx (what 'smpsearch index DIR' writes) when it exists, else the\n"
          "bundled demo articles, with a notice on stderr.\n"
          "A first word that is not a command but is one edit from one (two for\n"
          "optimize and passages), as 'indx' or 'stat', is an error that names the\n"
          "command; to search for such a word, use 'smpsearch query WORD',\n"
          "'smpsearch -- WORD...' or quote it with other words.\n", f);
}

/* The command named name: its index in commands, or -1. */
static int find_command(const char *name) {
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(commands[i].name, name)) return (int)i;
    return -1;
}

/* The command one or two edits from word (see the top), or NULL. */
static const char *near_command(const char *word) {
    const char *names[NCOMMANDS];
    for (size_t i = 0; i < NCOMMANDS; i++) names[i] = commands[i].name;
    size_t len = strlen(word);
    const char *near = cli_nearest(word, len, names, NCOMMANDS, 2);
    if (!near) return NULL;
    int max = strlen(near) > 5 ? 2 : 1;
    return cli_edit_distance(word, len, near, strlen(near), max) <= max ? near : NULL;
}

/* The message of an unknown command word; argv[0..argc), when given, are
 * the words a question would be made of. */
static int unknown_command(const char *word, const char *near, int argc, char **argv) {
    text_printf(stderr, "smpsearch: unknown command '%s'", word);
    if (near) text_printf(stderr, "; did you mean '%s'?", near);
    fputs("\nRun 'smpsearch --help' for the commands.\n", stderr);
    if (argc > 0) {
        fputs("To search for these words instead, run: smpsearch query", stderr);
        for (int i = 0; i < argc; i++)
            text_printf(stderr, strpbrk(argv[i], " \t'\"") ? " '%s'" : " %s", argv[i]);
        fputc('\n', stderr);
    }
    return EXIT_USAGE;
}

/* `smpsearch help [COMMAND]`. */
static int help(int argc, char **argv) {
    if (argc < 3 || !strcmp(argv[2], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    int k = find_command(argv[2]);
    if (k < 0) return unknown_command(argv[2], near_command(argv[2]), 0, NULL);
    char opt[] = "--help";
    char *args[] = {argv[2], opt, NULL};
    return commands[k].run(2, args);
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
    int k = find_command(cmd);
    if (k >= 0) return commands[k].run ? commands[k].run(argc - 1, argv + 1) : help(argc, argv);
    if (cmd[0] != '-' && !strpbrk(cmd, " \t\n")) {
        const char *near = near_command(cmd);
        if (near) return unknown_command(cmd, near, argc - 1, argv + 1);
    }
    return cmd_query(argc, argv, 1);
}
