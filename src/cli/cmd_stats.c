/* cmd_stats.c - `smpsearch stats`: what an index holds. */
#include <string.h>

#include "cli.h"

int cmd_stats(int argc, char **argv) {
    static const char *const names[] = {"--index", "--help", "--version", NULL};
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            puts("Usage: smpsearch stats [FILE]\n"
                 "Prints the contents and sizes of an index (default: --index FILE, else\n"
                 "$SMPSEARCH_INDEX, else ./smpsearch.idx, else the bundled demo articles).");
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "--version")) {
            printf("smpsearch %s\n", smp_version());
            return EXIT_OK;
        }
        if (cli_index_arg("stats", argc, argv, &i, &path, names)) return EXIT_USAGE;
    }
    path = cli_default_index(path);
    smp_error err = {0, ""};
    smp_index *ix;
    if (smp_index_open(&ix, path, &err)) {
        text_printf(stderr, "smpsearch stats: %s\n", err.msg);
        return EXIT_FAIL;
    }
    smp_index_info in;
    smp_index_get_info(ix, &in);
    text_printf(stdout, "index:          %s\n", path);
    printf("format:         %u\n", in.format_version);
    text_printf(stdout, "language:       %s\n", in.language);
    printf("numbers:        %s\n", in.numbers ? "ranges, units and number forms (3-5 = three to five)"
                                               : "plain words (--no-numbers)");
    printf("articles:       %llu\n", (unsigned long long)in.articles);
    printf("passages:       %llu\n", (unsigned long long)in.passages);
    if (in.segments > 1 || in.deleted_passages)
        printf("segments:       %u (%llu deleted passage%s; smpsearch optimize merges them)\n",
               in.segments, (unsigned long long)in.deleted_passages,
               cli_s(in.deleted_passages));
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
