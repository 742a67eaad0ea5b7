/* cmd_stats.c - `smpsearch stats`: what an index holds. */
#include <string.h>

#include "cli.h"

int cmd_stats(int argc, char **argv) {
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            puts("Usage: smpsearch stats [FILE]\n"
                 "Prints the contents and sizes of an index (default: the default index).");
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "--version")) {
            printf("smpsearch %s\n", smp_version());
            return EXIT_OK;
        }
        if (cli_index_arg("stats", argc, argv, &i, &path)) return EXIT_USAGE;
    }
    path = cli_default_index(path);
    smp_error err = {0, ""};
    smp_index *ix;
    if (smp_index_open(&ix, path, &err)) {
        fprintf(stderr, "smpsearch stats: %s\n", err.msg);
        return EXIT_FAIL;
    }
    smp_index_info in;
    smp_index_get_info(ix, &in);
    printf("index:          %s\n", path);
    printf("format:         %u\n", in.format_version);
    printf("language:       %s\n", in.language);
    printf("numbers:        %s\n", in.numbers ? "ranges, units and number forms (numbers.c)"
                                               : "plain words (--no-numbers)");
    printf("articles:       %llu\n", (unsigned long long)in.articles);
    printf("passages:       %llu\n", (unsigned long long)in.passages);
    if (in.segments > 1 || in.deleted_passages)
        printf("segments:       %u (%llu deleted passages; smpsearch optimize merges them)\n",
               in.segments, (unsigned long long)in.deleted_passages);
    printf("terms:          %llu%s\n", (unsigned long long)in.terms,
           in.segments > 1 ? " (summed over segments)" : "");
    printf("postings:       %llu\n", (unsigned long long)in.postings);
    printf("avg length:     title %.1f, heading %.1f, body %.1f tokens\n", in.avg_len[0],
           in.avg_len[1], in.avg_len[2]);
    printf("source bytes:   %llu\n", (unsigned long long)in.source_bytes);
    printf("index bytes:    %llu (%.2fx the source)\n", (unsigned long long)in.file_bytes,
           in.source_bytes ? (double)in.file_bytes / (double)in.source_bytes : 0.0);
    printf("sections:\n");
    for (uint32_t i = 0; i < in.nsections; i++)
        printf("  %-14s %10llu bytes\n", smp_index_section_name(ix, i),
               (unsigned long long)in.section_bytes[i]);
    smp_index_close(ix);
    return EXIT_OK;
}

/* `smpsearch passages [FILE]`: every passage as a JSON line, for writing
 * relevance judgments and for inspecting how articles were split. */
int cmd_passages(int argc, char **argv) {
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            puts("Usage: smpsearch passages [FILE]\n"
                 "Prints every passage of an index as one JSON object a line: passage_id,\n"
                 "article (id, title, path), heading, line and text.");
            return EXIT_OK;
        }
        if (argv[i][0] == '-' || path) {
            fprintf(stderr, "smpsearch passages: unexpected argument '%s'\n", argv[i]);
            return EXIT_USAGE;
        }
        path = argv[i];
    }
    path = cli_default_index(path);
    smp_error err = {0, ""};
    smp_index *ix = NULL;
    smp_searcher *sr = NULL;
    if (smp_index_open(&ix, path, &err) || smp_searcher_new(&sr, ix, &err)) {
        fprintf(stderr, "smpsearch passages: %s\n", err.msg);
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
            fprintf(stderr, "smpsearch passages: %s\n", err.msg);
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
