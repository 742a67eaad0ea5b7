/* cmd_index.c - `smpsearch index`: build an index from files and folders. */
#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static void index_usage(FILE *f) {
    fputs("Usage: smpsearch index [OPTIONS] PATH...\n"
          "Builds an index of the Markdown (.md), text (.txt), JSON Lines (.jsonl) and\n"
          "HTML (.html, .htm) files under each PATH (folders are walked recursively).\n"
          "  -o, --output FILE      index to write (default: smpsearch.idx, the one\n"
          "                         the other commands search when run here)\n"
          "  -q, --quiet            no progress line and no summary\n"
          "      --language NAME    stemmer language (default: english)\n"
          "      --max-file-size SIZE  skip files larger than SIZE: bytes, or a number\n"
          "                         with K, M or G, as --memory (default: 64M)\n"
          "      --max-words N      window size for long sections (default: 250)\n"
          "      --synonyms FILE    synonym groups, one a line, phrases separated by\n"
          "                         commas (synonyms.txt in a PATH folder is read too)\n"
          "      --no-acronyms      do not detect acronyms such as 'scalp\n"
          "                         micropigmentation (SMP)' in the text\n"
          "      --no-positions     leave word positions out: a smaller index,\n"
          "                         but no \"phrase\" queries\n"
          "      --no-heading-path  a Markdown passage's heading is its own only, not\n"
          "                         the path of headings above it (A \u203A B)\n"
          "      --follow-links     follow symbolic links out of the folder too (by\n"
          "                         default they are not followed, and counted)\n"
          "      --no-numbers       numbers are plain words: no \"three\" = \"3\",\n"
          "                         \"wks\" = \"weeks\", ranges (\"3-5\" = \"three to five\")\n"
          "      --memory SIZE      memory for the index being built (default 512M);\n"
          "                         beyond it, runs are written beside the output and\n"
          "                         merged at the end (0: no limit)\n"
          "      --update           reindex only what changed since the last --update:\n"
          "                         new, changed and deleted files (a segmented index,\n"
          "                         see `smpsearch optimize`)\n"
          "      --base-url URL     put URL (https://clinic.example) in front of the\n"
          "                         articles' links that are paths of the site\n"
          "      --json             print a summary of the build as one JSON object\n"
          "      --explain FILE     print what FILE gives (title, language, URL, date,\n"
          "                         each passage with its heading and its link\n"
          "                         target) and write no index\n"
          "  -h, --help             this help\n"
          "Exit status: 0 all files indexed, 3 index written but some input was\n"
          "skipped, 1 failure, 2 usage error.\n", f);
}

typedef struct progress_state {
    int tty, quiet;
    double start;
    int shown;
    uint64_t total; /* bytes of the input files, for the ETA (0: unknown) */
} progress_state;

static int indexable(const char *name) { return smp_file_format(name) != NULL; }

/* --explain: the passages of one file, printed as a build reads them. */
static void explain_file(const smp_explained_file *f) {
    text_printf(stdout, "title: %s\nlanguage: %s\nurl: %s\n", f->title,
                *f->language ? f->language : "(none)", *f->url ? f->url : "(none)");
    if (*f->date) text_printf(stdout, "date: %s\n", f->date);
    if (*f->description) text_printf(stdout, "description: %s\n", f->description);
}

typedef struct explain_out {
    FILE *f; /* the passages, printed after what the file declares */
    int n;
} explain_out;

static int explain_passage(void *ud, const smp_explained *p) {
    explain_out *x = ud;
    if (x->n++ == 0) text_printf(x->f, "article: %s\n", p->article_id);
    text_printf(x->f, "\npassage %u, line %u: %s\n", p->ordinal, p->line,
                *p->heading ? p->heading : "(no heading)");
    if (*p->fragment) text_printf(x->f, "  #%s\n", p->fragment);
    const char *t = p->text, *end = p->text + p->text_len;
    while (t < end) {
        const char *nl = memchr(t, '\n', (size_t)(end - t));
        const char *le = nl ? nl : end;
        text_printf(x->f, "  %.*s\n", (int)(le - t), t);
        t = nl ? nl + 1 : end;
    }
    return 0;
}

static int explain(const char *path, const smp_build_options *opt) {
    smp_explained_file file;
    smp_error err = {0, ""};
    char *text = NULL;
    size_t tlen = 0;
    explain_out x = {open_memstream(&text, &tlen), 0};
    if (!x.f) {
        text_printf(stderr, "smpsearch index: out of memory\n");
        return EXIT_FAIL;
    }
    int rc = smp_explain_file(path, opt, explain_passage, &x, &file, &err);
    fclose(x.f);
    int n = x.n;
    if (rc == SMP_EINVAL || rc == SMP_EIO || rc == SMP_ENOMEM) {
        free(text);
        text_printf(stderr, "smpsearch index: %s\n", err.msg);
        return EXIT_FAIL;
    }
    text_printf(stdout, "file: %s\n", path);
    explain_file(&file);
    fwrite(text, 1, tlen, stdout);
    free(text);
    if (rc == SMP_EFORMAT) {
        text_printf(stdout, "skipped: %s\n", err.msg);
        return EXIT_SKIPPED;
    }
    if (n == 0) {
        printf("skipped: no text to index\n");
        return EXIT_SKIPPED;
    }
    printf("\n%d passage%s\n", n, n == 1 ? "" : "s");
    return EXIT_OK;
}

/* Bytes of the files the build will read under path (as the builder walks:
 * hidden entries skipped), for the progress line's ETA. */
static uint64_t input_bytes(const char *path, int depth) {
    struct stat st;
    if (depth > 64 || stat(path, &st)) return 0;
    if (S_ISREG(st.st_mode)) return indexable(path) ? (uint64_t)st.st_size : 0;
    if (!S_ISDIR(st.st_mode)) return 0;
    DIR *d = opendir(path);
    if (!d) return 0;
    uint64_t sum = 0;
    struct dirent *de;
    char child[4096];
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        if (snprintf(child, sizeof child, "%s/%s", path, de->d_name) < (int)sizeof child)
            sum += input_bytes(child, depth + 1);
    }
    closedir(d);
    return sum;
}

static void on_log(void *ud, int level, const char *path, const char *msg) {
    progress_state *p = ud;
    if (p->shown) {
        fputs("\r\033[K", stderr);
        p->shown = 0;
    }
    if (level >= SMP_LOG_WARN || !p->quiet)
        text_printf(stderr, "smpsearch: %s%s%s\n", path ? path : "", path ? ": " : "", msg);
}

static void on_progress(void *ud, uint64_t files, uint64_t bytes, uint64_t passages) {
    progress_state *p = ud;
    if (!p->tty || p->quiet) return;
    double t = cli_now() - p->start;
    char eta[48] = "";
    if (p->total > bytes && bytes > 0 && t > 1)
        snprintf(eta, sizeof eta, ", about %.0f s left",
                 t * (double)(p->total - bytes) / (double)bytes);
    char of[32] = ""; /* an update reads only what changed: no total */
    if (p->total) snprintf(of, sizeof of, " of %.1f", (double)p->total / 1e6);
    text_printf(stderr,
                "\r\033[Kindexing: %llu file%s, %.1f%s MB, %llu passage%s "
                "(%.0f passages/s)%s",
                (unsigned long long)files, cli_s(files), (double)bytes / 1e6, of,
                (unsigned long long)passages, cli_s(passages), t > 0 ? (double)passages / t : 0.0,
                eta);
    p->shown = 1;
}

static int run_update(const char *output, const char *const *paths, size_t n,
                      const smp_build_options *opt, progress_state *ps, int json,
                      smp_error *err) {
    smp_update_stats u;
    int rc = smp_index_update(output, paths, n, opt, &u, err);
    if (ps->shown) fputs("\r\033[K", stderr);
    cli_update_summary("update", output, rc, err, &u, (cli_now() - ps->start) * 1e3, json,
                   ps->quiet);
    if (rc) return EXIT_FAIL;
    return u.files_skipped ? EXIT_SKIPPED : EXIT_OK;
}

/* What the command line asks for. */
typedef struct index_args {
    const char *output;
    progress_state ps;
    int json, update;
    const char *explain; /* --explain FILE */
} index_args;

/* Reads the options into opt and a: -1 to go on, else the exit status. */
static int index_options(int argc, char **argv, smp_build_options *opt, index_args *a) {
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"language", required_argument, NULL, 'L'},
        {"max-file-size", required_argument, NULL, 'M'},
        {"max-words", required_argument, NULL, 'W'},
        {"synonyms", required_argument, NULL, 'Y'},
        {"no-acronyms", no_argument, NULL, 'N'},
        {"no-positions", no_argument, NULL, 'P'},
        {"no-numbers", no_argument, NULL, 'B'},
        {"no-heading-path", no_argument, NULL, 'H'},
        {"follow-links", no_argument, NULL, 'F'},
        {"memory", required_argument, NULL, 'm'},
        {"json", no_argument, NULL, 'j'},
        {"update", no_argument, NULL, 'U'},
        {"explain", required_argument, NULL, 'E'},
        {"base-url", required_argument, NULL, 'u'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'o': a->output = optarg; break;
        case 'q': a->ps.quiet = 1; break;
        case 'L': opt->language = optarg; break;
        case 'M': {
            unsigned long long v;
            if (cli_parse_size(optarg, &v)) {
                text_printf(stderr,
                            "smpsearch index: bad --max-file-size '%s' (bytes, or a "
                            "number with K, M or G)\n",
                            optarg);
                return EXIT_USAGE;
            }
            opt->max_file_size = v;
            break;
        }
        case 'W': {
            unsigned long v = strtoul(optarg, &end, 10);
            if (*end || v < 20 || v > 100000) {
                text_printf(stderr, "smpsearch index: --max-words must be 20..100000\n");
                return EXIT_USAGE;
            }
            opt->max_words = (uint32_t)v;
            opt->overlap_words = (uint32_t)v / 5;
            break;
        }
        case 'Y': opt->synonyms = optarg; break;
        case 'N': opt->no_acronyms = 1; break;
        case 'P': opt->no_positions = 1; break;
        case 'B': opt->no_numbers = 1; break;
        case 'H': opt->no_heading_path = 1; break;
        case 'F': opt->follow_links = 1; break;
        case 'j': a->json = 1; break;
        case 'U': a->update = 1; break;
        case 'E': a->explain = optarg; break;
        case 'u': opt->base_url = optarg; break;
        case 'm': {
            unsigned long long v;
            if (cli_parse_size(optarg, &v)) {
                text_printf(stderr,
                            "smpsearch index: bad --memory '%s' (bytes, or a number "
                            "with K, M or G; 0 for no limit)\n",
                            optarg);
                return EXIT_USAGE;
            }
            opt->memory_budget = v;
            break;
        }
        case 'h': index_usage(stdout); return EXIT_OK;
        case 'V': printf("smpsearch %s\n", smp_version()); return EXIT_OK;
        default: cli_option_error("index", c, argv, longopts); return EXIT_USAGE;
        }
    }
    if (a->explain) {
        if (optind < argc) {
            text_printf(stderr, "smpsearch index: --explain takes one FILE and no PATH\n");
            return EXIT_USAGE;
        }
        return explain(a->explain, opt);
    }
    if (optind >= argc) {
        text_printf(stderr, "smpsearch index: no input PATH given\n");
        index_usage(stderr);
        return EXIT_USAGE;
    }
    return -1;
}

/* The summary of a build (JSON or lines), and its exit status. */
static int build_summary(const index_args *a, int rc, const smp_error *err,
                         const smp_build_stats *sp) {
    const char *output = a->output;
    int json = a->json;
    const smp_build_stats s = *sp;
    if (json) {
        struct stat st;
        long long size = rc == SMP_OK && stat(output, &st) == 0 ? (long long)st.st_size : 0;
        printf("{\"output\": ");
        json_string(stdout, output, strlen(output));
        printf(", \"status\": \"%s\", \"error\": ",
               rc ? "failed" : s.files_skipped || s.records_skipped || s.passages_cut ? "skipped" : "ok");
        if (rc) json_string(stdout, err->msg, strlen(err->msg));
        else fputs("null", stdout);
        printf(", \"files_seen\": %llu, \"files_indexed\": %llu, \"files_skipped\": %llu, "
               "\"files_repaired\": %llu, \"records_skipped\": %llu, \"articles\": %llu, "
               "\"passages\": %llu, \"runs\": %llu, \"source_bytes\": %llu, "
               "\"index_bytes\": %lld, \"links_not_followed\": %llu, \"passages_cut\": %llu, "
               "\"ms\": %.0f}\n",
               (unsigned long long)s.files_seen, (unsigned long long)s.files_indexed,
               (unsigned long long)s.files_skipped, (unsigned long long)s.files_repaired,
               (unsigned long long)s.records_skipped, (unsigned long long)s.articles,
               (unsigned long long)s.passages, (unsigned long long)s.runs,
               (unsigned long long)s.bytes_read, size, (unsigned long long)s.links_not_followed,
               (unsigned long long)s.passages_cut, (cli_now() - a->ps.start) * 1e3);
    }
    if (rc) {
        text_printf(stderr, "smpsearch index: %s\n", err->msg);
        if (rc == SMP_EEMPTY)
            text_printf(stderr, "smpsearch index: %llu file%s seen, %llu skipped; %s not written\n",
                        (unsigned long long)s.files_seen, cli_s(s.files_seen),
                        (unsigned long long)s.files_skipped, output);
        return EXIT_FAIL;
    }
    if (!a->ps.quiet && !json) {
        char runs[64] = "";
        if (s.runs)
            snprintf(runs, sizeof runs, " (%llu run%s merged)", (unsigned long long)s.runs,
                     cli_s(s.runs));
        struct stat st;
        long long size = stat(output, &st) == 0 ? (long long)st.st_size : 0;
        text_printf(stderr,
                    "indexed %llu of %llu file%s (%.1f KB): %llu article%s, %llu passage%s; "
                    "%llu skipped, %llu repaired, %llu bad record%s\n"
                    "wrote %s: %.1f KB (%.2fx the source) in %.0f ms%s\n",
                    (unsigned long long)s.files_indexed, (unsigned long long)s.files_seen,
                    cli_s(s.files_seen), (double)s.bytes_read / 1e3, (unsigned long long)s.articles,
                    cli_s(s.articles), (unsigned long long)s.passages, cli_s(s.passages),
                    (unsigned long long)s.files_skipped, (unsigned long long)s.files_repaired,
                    (unsigned long long)s.records_skipped, cli_s(s.records_skipped), output,
                    (double)size / 1e3, s.bytes_read ? (double)size / (double)s.bytes_read : 0,
                    (cli_now() - a->ps.start) * 1e3, runs);
    }
    return s.files_skipped || s.records_skipped || s.passages_cut ? EXIT_SKIPPED : EXIT_OK;
}

int cmd_index(int argc, char **argv) {
    smp_build_options opt;
    smp_build_options_init(&opt);
    opt.memory_budget = 512ull << 20;
    index_args a = {"smpsearch.idx", {isatty(2), 0, cli_now(), 0, 0}, 0, 0, NULL};
    int status = index_options(argc, argv, &opt, &a);
    if (status >= 0) return status;
    const char *output = a.output;
    progress_state ps = a.ps;
    int json = a.json, update = a.update;
    if (ps.tty && !ps.quiet && !update)
        for (int i = optind; i < argc; i++) ps.total += input_bytes(argv[i], 0);
    opt.log = on_log;
    opt.progress = on_progress;
    opt.ud = &ps;
    /* runs go beside the output: the disk that will hold the index */
    opt.run_prefix = output;
    smp_error err = {0, ""};
    smp_lock *lock;
    if (smp_index_lock(&lock, output, &err)) {
        text_printf(stderr, "smpsearch index: %s\n", err.msg);
        if (json) {
            printf("{\"output\": ");
            json_string(stdout, output, strlen(output));
            printf(", \"status\": \"failed\", \"error\": ");
            json_string(stdout, err.msg, strlen(err.msg));
            printf("}\n");
        }
        return EXIT_FAIL;
    }
    if (update) {
        int urc = run_update(output, (const char *const *)argv + optind,
                             (size_t)(argc - optind), &opt, &ps, json, &err);
        smp_index_unlock(lock);
        return urc;
    }
    smp_builder *b = NULL;
    if (smp_builder_new(&b, &opt, &err)) {
        text_printf(stderr, "smpsearch index: %s\n", err.msg);
        smp_index_unlock(lock);
        return EXIT_FAIL;
    }
    int rc = SMP_OK;
    for (int i = optind; i < argc && rc == SMP_OK; i++) rc = smp_builder_add_path(b, argv[i], &err);
    if (ps.shown) fputs("\r\033[K", stderr);
    if (rc == SMP_OK) rc = smp_builder_write(b, output, &err);
    smp_build_stats s;
    smp_builder_stats(b, &s);
    smp_builder_free(b);
    smp_index_unlock(lock);
    return build_summary(&a, rc, &err, &s);
}
