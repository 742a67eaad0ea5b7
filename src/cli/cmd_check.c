/* cmd_check.c - `smpsearch check`: verify a whole index file. */
#include <string.h>

#include "cli.h"

int cmd_check(int argc, char **argv) {
    static const char *const names[] = {"--index", "--quiet", "--help", "--version", NULL};
    const char *path = NULL;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            puts("Usage: smpsearch check [-q] [FILE]\n"
                 "Verifies every checksum and structure of an index (default: --index\n"
                 "FILE, else $SMPSEARCH_INDEX, else ./smpsearch.idx, else the bundled demo\n"
                 "articles): the dictionary, every postings and positions list\n"
                 "and every stored passage.  Opening an index for a query checks only\n"
                 "its header and tables, so that it costs microseconds.\n"
                 "  -q, --quiet   print nothing when the index is sound\n"
                 "Exit status: 0 sound, 1 damaged or unreadable, 2 usage error.");
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "--version")) {
            printf("smpsearch %s\n", smp_version());
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) quiet = 1;
        else if (cli_index_arg("check", argc, argv, &i, &path, names)) return EXIT_USAGE;
    }
    int bundled;
    path = quiet ? cli_find_index(path, &bundled) : cli_default_index(path);
    smp_error err = {0, ""};
    smp_index *ix;
    double t0 = cli_now();
    if (smp_index_open(&ix, path, &err)) {
        text_printf(stderr, "smpsearch check: %s\n", err.msg);
        return EXIT_FAIL;
    }
    int rc = smp_index_check(ix, &err);
    double ms = (cli_now() - t0) * 1e3;
    if (rc) {
        text_printf(stderr, "smpsearch check: %s\n", err.msg);
    } else if (!quiet) {
        smp_index_info in;
        smp_index_get_info(ix, &in);
        text_printf(
            stdout, "%s: ok (%llu byte%s, %llu passage%s, %llu term%s, %llu posting%s; %.1f ms)\n",
            path, (unsigned long long)in.file_bytes, cli_s(in.file_bytes),
            (unsigned long long)in.passages, cli_s(in.passages), (unsigned long long)in.terms,
            cli_s(in.terms), (unsigned long long)in.postings, cli_s(in.postings), ms);
    }
    smp_index_close(ix);
    return rc ? EXIT_FAIL : EXIT_OK;
}
