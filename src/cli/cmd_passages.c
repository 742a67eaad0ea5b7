/* cmd_passages.c - `smpsearch passages`: every live passage of an index,
 * as JSON lines. */
#include <string.h>

#include "cli.h"

int cmd_passages(int argc, char **argv) {
    static const char *const names[] = {"--index", "--help", "--version", NULL};
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            puts("Usage: smpsearch passages [FILE]\n"
                 "Prints every passage of an index as one JSON object a line: passage_id,\n"
                 "article (id, title, path), heading, line and text.  The index is FILE\n"
                 "(or --index FILE), else $SMPSEARCH_INDEX, else ./smpsearch.idx, else\n"
                 "the bundled demo articles.");
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "--version")) {
            printf("smpsearch %s\n", smp_version());
            return EXIT_OK;
        }
        if (cli_index_arg("passages", argc, argv, &i, &path, names)) return EXIT_USAGE;
    }
    path = cli_default_index(path);
    smp_error err = {0, ""};
    smp_index *ix = NULL;
    smp_searcher *sr = NULL;
    if (smp_index_open(&ix, path, &err) || smp_searcher_new(&sr, ix, &err)) {
        text_printf(stderr, "smpsearch passages: %s\n", err.msg);
        smp_index_close(ix);
        return EXIT_FAIL;
    }
    smp_index_info in;
    smp_index_get_info(ix, &in);
    int status = EXIT_OK;
    for (uint64_t d = 0; d < in.passages + in.deleted_passages; d++) {
        smp_result x;
        int rc = smp_searcher_passage(sr, (uint32_t)d, &x, &err);
        if (rc == SMP_ENOTFOUND) continue; /* deleted by an update */
        if (rc) {
            text_printf(stderr, "smpsearch passages: %s\n", err.msg);
            status = EXIT_FAIL;
            break;
        }
        fputs("{\"passage_id\": ", stdout);
        json_string(stdout, x.passage_id, strlen(x.passage_id));
        fputs(", \"article\": {\"id\": ", stdout);
        json_string(stdout, x.article_id, strlen(x.article_id));
        fputs(", \"title\": ", stdout);
        json_string(stdout, x.article_title, strlen(x.article_title));
        fputs(", \"path\": ", stdout);
        json_string(stdout, x.path, strlen(x.path));
        fputs("}, \"heading\": ", stdout);
        json_string(stdout, x.heading, strlen(x.heading));
        printf(", \"line\": %u, \"text\": ", x.line);
        json_string(stdout, x.text, x.text_len);
        fputs("}\n", stdout);
    }
    smp_searcher_free(sr);
    smp_index_close(ix);
    return status;
}
