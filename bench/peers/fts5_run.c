/*
 * fts5_run.c - the SQLite FTS5 peer of the relevance comparison.
 *
 * Reads a BEIR corpus.jsonl ({"_id","title","text"} per line), indexes it in
 * an in-memory FTS5 table (title, text; tokenize='porter unicode61'), then
 * answers each "qid<TAB>query" line of queries.tsv with an OR of the query's
 * words (each kept word quoted as a string token), ranked by FTS5's bm25()
 * with its default weights, and writes a TREC run to stdout:
 *   qid Q0 docid rank score tag        (score = -bm25, higher is better)
 * stderr gets the index build time and the median query time.
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra fts5_run.c \
 *          $(pkg-config --cflags --libs sqlite3 json-c) -o fts5_run
 * Run:   fts5_run [-k 100] [-t fts5] corpus.jsonl queries.tsv > fts5.run
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>
#include <sqlite3.h>

static void die(const char *what, const char *detail) {
    fprintf(stderr, "fts5_run: %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    exit(1);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void exec_sql(sqlite3 *db, const char *sql) {
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) die(sql, msg);
}

/* A string field of obj, or "" (numbers are printed as they stand). */
static const char *field(json_object *obj, const char *name) {
    json_object *v = NULL;
    if (!json_object_object_get_ex(obj, name, &v) || !v) return "";
    return json_object_get_string(v);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Bytes of a word: ASCII letters and digits, and any non-ASCII byte (the
 * tokenizer classifies those itself). */
static int word_byte(unsigned char c) { return c >= 0x80 || isalnum(c); }

/* The FTS5 query for text: "w1" OR "w2" ...; empty when no word. */
static size_t make_match(const char *text, char *out) {
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        if (!word_byte(*p)) {
            p++;
            continue;
        }
        if (n) {
            memcpy(out + n, " OR ", 4);
            n += 4;
        }
        out[n++] = '"';
        while (*p && word_byte(*p)) out[n++] = (char)*p++;
        out[n++] = '"';
    }
    out[n] = '\0';
    return n;
}

int main(int argc, char **argv) {
    long k = 100;
    const char *tag = "fts5";
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "-k") && i + 1 < argc) {
            k = strtol(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "-t") && i + 1 < argc) {
            tag = argv[++i];
        } else {
            break;
        }
    }
    if (argc - i != 2 || k <= 0) {
        fprintf(stderr, "usage: fts5_run [-k N] [-t TAG] corpus.jsonl "
                        "queries.tsv > run\n");
        return 2;
    }
    FILE *cf = fopen(argv[i], "r");
    if (!cf) die("cannot open", argv[i]);
    FILE *qf = fopen(argv[i + 1], "r");
    if (!qf) die("cannot open", argv[i + 1]);

    sqlite3 *db = NULL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) die("sqlite3_open", NULL);
    exec_sql(db, "CREATE VIRTUAL TABLE docs USING fts5(title, text, "
                 "tokenize = 'porter unicode61')");

    double t0 = now();
    exec_sql(db, "BEGIN");
    sqlite3_stmt *ins = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO docs(rowid, title, text) "
                               "VALUES (?, ?, ?)", -1, &ins, NULL) != SQLITE_OK)
        die("prepare insert", sqlite3_errmsg(db));
    char **ids = NULL;
    size_t nids = 0, capids = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    while ((len = getline(&line, &cap, cf)) != -1) {
        lineno++;
        if (len <= 1) continue;
        json_object *obj = json_tokener_parse(line);
        if (!obj || !json_object_is_type(obj, json_type_object)) {
            fprintf(stderr, "fts5_run: %s:%ld: not a JSON object, skipped\n",
                    argv[i], lineno);
            json_object_put(obj);
            continue;
        }
        if (nids == capids) {
            capids = capids ? 2 * capids : 1024;
            ids = realloc(ids, capids * sizeof *ids);
            if (!ids) die("out of memory", NULL);
        }
        ids[nids] = strdup(field(obj, "_id"));
        if (!ids[nids]) die("out of memory", NULL);
        sqlite3_bind_int64(ins, 1, (sqlite3_int64)nids + 1);
        sqlite3_bind_text(ins, 2, field(obj, "title"), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 3, field(obj, "text"), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE)
            die("insert", sqlite3_errmsg(db));
        sqlite3_reset(ins);
        nids++;
        json_object_put(obj);
    }
    sqlite3_finalize(ins);
    exec_sql(db, "COMMIT");
    double build = now() - t0;
    fclose(cf);

    sqlite3_stmt *sel = NULL;
    if (sqlite3_prepare_v2(db, "SELECT rowid, bm25(docs) FROM docs "
                               "WHERE docs MATCH ? ORDER BY bm25(docs) "
                               "LIMIT ?", -1, &sel, NULL) != SQLITE_OK)
        die("prepare select", sqlite3_errmsg(db));
    double *times = NULL;
    size_t ntimes = 0, captimes = 0;
    char *match = NULL;
    size_t matchcap = 0;
    while ((len = getline(&line, &cap, qf)) != -1) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = '\0';
        const char *qid = line, *text = tab + 1;
        /* every byte may become '"' 'x' '"' " OR " at worst */
        size_t need = 7 * strlen(text) + 1;
        if (need > matchcap) {
            matchcap = need;
            match = realloc(match, matchcap);
            if (!match) die("out of memory", NULL);
        }
        if (!make_match(text, match)) {
            fprintf(stderr, "fts5_run: query %s has no word, skipped\n", qid);
            continue;
        }
        double q0 = now();
        sqlite3_bind_text(sel, 1, match, -1, SQLITE_STATIC);
        sqlite3_bind_int64(sel, 2, k);
        int rank = 0, rc;
        while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
            sqlite3_int64 row = sqlite3_column_int64(sel, 0);
            double bm = sqlite3_column_double(sel, 1);
            if (row < 1 || (size_t)row > nids) die("unexpected rowid", NULL);
            printf("%s Q0 %s %d %.6f %s\n", qid, ids[row - 1], ++rank, -bm,
                   tag);
        }
        if (rc != SQLITE_DONE) die("query", sqlite3_errmsg(db));
        sqlite3_reset(sel);
        if (ntimes == captimes) {
            captimes = captimes ? 2 * captimes : 256;
            times = realloc(times, captimes * sizeof *times);
            if (!times) die("out of memory", NULL);
        }
        times[ntimes++] = (now() - q0) * 1e6;
    }
    fclose(qf);
    sqlite3_finalize(sel);
    qsort(times, ntimes, sizeof *times, cmp_double);
    double median = 0;
    if (ntimes)
        median = ntimes % 2 ? times[ntimes / 2]
                            : (times[ntimes / 2 - 1] + times[ntimes / 2]) / 2;
    fprintf(stderr, "fts5: %zu docs, index build %.3f s; %zu queries, "
                    "median %.0f us\n", nids, build, ntimes, median);
    for (size_t j = 0; j < nids; j++) free(ids[j]);
    free(ids);
    free(times);
    free(match);
    free(line);
    sqlite3_close(db);
    return 0;
}
