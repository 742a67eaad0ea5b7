/* cmd_optimize.c - `smpsearch optimize`: the segments of an index merged
 * into one. */
#include <string.h>

#include "cli.h"

int cmd_optimize(int argc, char **argv) {
    static const char *const names[] = {"--index", "--json", "--quiet", "--help", "--version",
                                        NULL};
    int json = 0, quiet = 0;
    const char *index = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) json = 1;
        else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) quiet = 1;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            puts("Usage: smpsearch optimize [-q] [--json] [INDEX]\n"
                 "Merges the segments of an index kept with `smpsearch index --update`\n"
                 "into one, leaving deleted passages out.  The index is INDEX (or\n"
                 "--index INDEX), else $SMPSEARCH_INDEX, else ./smpsearch.idx.");
            return EXIT_OK;
        } else if (!strcmp(argv[i], "--version")) {
            printf("smpsearch %s\n", smp_version());
            return EXIT_OK;
        } else if (cli_index_arg("optimize", argc, argv, &i, &index, names)) {
            return EXIT_USAGE;
        }
    }
    index = cli_default_index(index);
    double start = cli_now();
    smp_error err = {0, ""};
    smp_lock *lock;
    if (smp_index_lock(&lock, index, &err)) {
        text_printf(stderr, "smpsearch optimize: %s\n", err.msg);
        return EXIT_FAIL;
    }
    smp_update_stats u;
    int rc = smp_index_optimize(index, &u, &err);
    smp_index_unlock(lock);
    cli_update_summary("optimize", index, rc, &err, &u, (cli_now() - start) * 1e3, json, quiet);
    return rc ? EXIT_FAIL : EXIT_OK;
}
