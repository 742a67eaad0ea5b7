/*
 * fts5_run.c - the SQLite FTS5 peer of the relevance and speed comparisons.
 *
 * Reads a BEIR corpus.jsonl ({"_id","title","text"} per line), indexes it in
 * an FTS5 table (id UNINDEXED, title, text; tokenize='porter unicode61'),
 * then answers each "qid<TAB>query" line of queries.tsv with an OR of the
 * query's words (each kept word quoted as a string token), ranked by FTS5's
 * bm25() with its default weights (ORDER BY rank, rank being bm25), and
 * writes a TREC run to stdout:
 *   qid Q0 docid rank score tag        (score = -bm25, higher is better)
 * stderr gets the index build time and the median query time, then a
 * "speed:" line: queries, p50/p99/mean latency in microseconds, single-thread
 * queries per second, and the hits returned.  A query's time covers building
 * the MATCH expression, running the statement and copying each hit's id and
 * score; the run is printed after the timed loop.
 *
 * Modes:
 *   fts5_run [OPTS] corpus.jsonl queries.tsv      build (in memory unless
 *                                                 -d), then search
 *   fts5_run -b -d DB [OPTS] corpus.jsonl         build DB only
 *   fts5_run -s -d DB [OPTS] queries.tsv          search an existing DB
 *   fts5_run -i -d DB                             print the bytes of each
 *                                                 table of DB (from dbstat):
 *                                                 "tables: docs_data=N ..."
 * Options:
 *   -k N      hits per query (default 100)
 *   -t TAG    run tag (default fts5)
 *   -d FILE   database file (replaced when building) instead of memory
 *   -O        after building, merge the index into one b-tree
 *             (INSERT INTO docs(docs) VALUES('optimize')), timed as build
 *   -r N      run the query set N times (default 1; the run is written for
 *             the first round)
 *   -w N      before timing, run the first N queries once, untimed
 *   -n        write no run
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
#include <unistd.h>

#include <json-c/json.h>
#include <sqlite3.h>

static void die(const char *what, const char *detail) {
    fprintf(stderr, "fts5_run: %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    exit(1);
}

static void *xrealloc(void *p, size_t n) {
    p = realloc(p, n);
    if (!p) die("out of memory", NULL);
    return p;
}

static char *xstrdup(const char *s) {
    char *d = strdup(s);
    if (!d) die("out of memory", NULL);
    return d;
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
    const char *s = json_object_get_string(v);
    return s ? s : "";
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

/* Indexes corpus into db; returns the number of documents. */
static size_t build(sqlite3 *db, const char *corpus, int optimize) {
    FILE *cf = fopen(corpus, "r");
    if (!cf) die("cannot open", corpus);
    exec_sql(db, "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, "
                 "text, tokenize = 'porter unicode61')");
    exec_sql(db, "BEGIN");
    sqlite3_stmt *ins = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO docs(rowid, id, title, text) "
                               "VALUES (?, ?, ?, ?)", -1, &ins, NULL) != SQLITE_OK)
        die("prepare insert", sqlite3_errmsg(db));
    char *line = NULL;
    size_t cap = 0, ndocs = 0;
    ssize_t len;
    long lineno = 0;
    while ((len = getline(&line, &cap, cf)) != -1) {
        lineno++;
        if (len <= 1) continue;
        json_object *obj = json_tokener_parse(line);
        if (!obj || !json_object_is_type(obj, json_type_object)) {
            fprintf(stderr, "fts5_run: %s:%ld: not a JSON object, skipped\n",
                    corpus, lineno);
            json_object_put(obj);
            continue;
        }
        sqlite3_bind_int64(ins, 1, (sqlite3_int64)ndocs + 1);
        sqlite3_bind_text(ins, 2, field(obj, "_id"), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 3, field(obj, "title"), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 4, field(obj, "text"), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE)
            die("insert", sqlite3_errmsg(db));
        sqlite3_reset(ins);
        ndocs++;
        json_object_put(obj);
    }
    free(line);
    fclose(cf);
    sqlite3_finalize(ins);
    exec_sql(db, "COMMIT");
    if (optimize) exec_sql(db, "INSERT INTO docs(docs) VALUES('optimize')");
    return ndocs;
}

/* Prints the bytes each table and index of db takes ("tables: name=N ..."),
 * from the dbstat virtual table. */
static void table_sizes(sqlite3 *db) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name, sum(pgsize) FROM dbstat "
                               "GROUP BY name ORDER BY name", -1, &st, NULL) != SQLITE_OK)
        die("dbstat", sqlite3_errmsg(db));
    printf("tables:");
    while (sqlite3_step(st) == SQLITE_ROW)
        printf(" %s=%lld", (const char *)sqlite3_column_text(st, 0),
               (long long)sqlite3_column_int64(st, 1));
    printf("\n");
    sqlite3_finalize(st);
}

/* One query of the set. */
typedef struct {
    char *qid, *match;
} query;

/* One hit of the first round, printed after timing. */
typedef struct {
    size_t q;
    char *id;
    double score;
} hit;

int main(int argc, char **argv) {
    long k = 100, rounds = 1, warm = 0;
    const char *tag = "fts5", *dbpath = NULL;
    int build_only = 0, search_only = 0, info = 0, optimize = 0, no_run = 0;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "-k") && more) k = strtol(argv[++i], NULL, 10);
        else if (!strcmp(a, "-t") && more) tag = argv[++i];
        else if (!strcmp(a, "-d") && more) dbpath = argv[++i];
        else if (!strcmp(a, "-r") && more) rounds = strtol(argv[++i], NULL, 10);
        else if (!strcmp(a, "-w") && more) warm = strtol(argv[++i], NULL, 10);
        else if (!strcmp(a, "-b")) build_only = 1;
        else if (!strcmp(a, "-s")) search_only = 1;
        else if (!strcmp(a, "-i")) info = 1;
        else if (!strcmp(a, "-O")) optimize = 1;
        else if (!strcmp(a, "-n")) no_run = 1;
        else break;
    }
    int nargs = info ? 0 : build_only || search_only ? 1 : 2;
    if (info + build_only + search_only > 1 || (info && !dbpath) ||
        argc - i != nargs || k <= 0 || rounds <= 0 || warm < 0 ||
        (build_only && search_only) ||
        ((build_only || search_only) && !dbpath)) {
        fprintf(stderr,
                "usage: fts5_run [-k N] [-t TAG] [-d DB] [-O] [-r N] [-w N] "
                "[-n] corpus.jsonl queries.tsv > run\n"
                "       fts5_run -b -d DB [-O] corpus.jsonl\n"
                "       fts5_run -s -d DB [-k N] [-t TAG] [-r N] [-w N] [-n] "
                "queries.tsv > run\n"
                "       fts5_run -i -d DB\n");
        return 2;
    }
    if (info) {
        sqlite3 *idb = NULL;
        if (sqlite3_open_v2(dbpath, &idb, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
            die("sqlite3_open", idb ? sqlite3_errmsg(idb) : dbpath);
        table_sizes(idb);
        sqlite3_close(idb);
        return 0;
    }
    const char *corpus = search_only ? NULL : argv[i];
    const char *qpath = build_only ? NULL : argv[argc - 1];

    if (dbpath && !search_only && unlink(dbpath) != 0 && access(dbpath, F_OK) == 0)
        die("cannot replace", dbpath);
    sqlite3 *db = NULL;
    int flags = search_only ? SQLITE_OPEN_READONLY
                            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(dbpath ? dbpath : ":memory:", &db, flags, NULL) !=
        SQLITE_OK)
        die("sqlite3_open", db ? sqlite3_errmsg(db) : dbpath);

    size_t ndocs = 0;
    double buildtime = 0;
    if (!search_only) {
        double t0 = now();
        ndocs = build(db, corpus, optimize);
        buildtime = now() - t0;
        if (build_only) {
            fprintf(stderr, "fts5: %zu docs, index build %.3f s\n", ndocs,
                    buildtime);
            sqlite3_close(db);
            return 0;
        }
    }

    /* the query set, read before timing */
    FILE *qf = fopen(qpath, "r");
    if (!qf) die("cannot open", qpath);
    query *qs = NULL;
    size_t nq = 0, capq = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, qf)) != -1) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = '\0';
        const char *text = tab + 1;
        /* every byte may become '"' 'x' '"' " OR " at worst */
        char *match = xrealloc(NULL, 7 * strlen(text) + 1);
        if (!make_match(text, match)) {
            fprintf(stderr, "fts5_run: query %s has no word, skipped\n", line);
            free(match);
            continue;
        }
        if (nq == capq) {
            capq = capq ? 2 * capq : 256;
            qs = xrealloc(qs, capq * sizeof *qs);
        }
        qs[nq].qid = xstrdup(line);
        qs[nq].match = match;
        nq++;
    }
    fclose(qf);
    free(line);

    sqlite3_stmt *sel = NULL;
    if (sqlite3_prepare_v2(db, "SELECT id, rank FROM docs WHERE docs MATCH ? "
                               "ORDER BY rank LIMIT ?", -1, &sel, NULL) != SQLITE_OK)
        die("prepare select", sqlite3_errmsg(db));
    hit *hits = NULL;
    size_t nhits = 0, caphits = 0, total_hits = 0;
    size_t ntimes = (size_t)rounds * nq;
    double *times = xrealloc(NULL, (ntimes ? ntimes : 1) * sizeof *times);
    for (long w = 0; w < warm && (size_t)w < nq; w++) {
        sqlite3_bind_text(sel, 1, qs[w].match, -1, SQLITE_STATIC);
        sqlite3_bind_int64(sel, 2, k);
        while (sqlite3_step(sel) == SQLITE_ROW) {
        }
        sqlite3_reset(sel);
    }
    double loop0 = now();
    for (long r = 0; r < rounds; r++) {
        for (size_t q = 0; q < nq; q++) {
            double q0 = now();
            sqlite3_bind_text(sel, 1, qs[q].match, -1, SQLITE_STATIC);
            sqlite3_bind_int64(sel, 2, k);
            int rc;
            while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
                const char *id = (const char *)sqlite3_column_text(sel, 0);
                double bm = sqlite3_column_double(sel, 1);
                total_hits++;
                if (r == 0 && !no_run) {
                    if (nhits == caphits) {
                        caphits = caphits ? 2 * caphits : 1024;
                        hits = xrealloc(hits, caphits * sizeof *hits);
                    }
                    hits[nhits].q = q;
                    hits[nhits].id = xstrdup(id ? id : "");
                    hits[nhits].score = -bm;
                    nhits++;
                }
            }
            if (rc != SQLITE_DONE) die("query", sqlite3_errmsg(db));
            sqlite3_reset(sel);
            times[(size_t)r * nq + q] = (now() - q0) * 1e6;
        }
    }
    double loop = now() - loop0;
    sqlite3_finalize(sel);

    int rank = 0;
    for (size_t h = 0; h < nhits; h++) {
        rank = h > 0 && hits[h - 1].q == hits[h].q ? rank + 1 : 1;
        printf("%s Q0 %s %d %.6f %s\n", qs[hits[h].q].qid, hits[h].id, rank,
               hits[h].score, tag);
        free(hits[h].id);
    }
    free(hits);

    qsort(times, ntimes, sizeof *times, cmp_double);
    double median = 0, p99 = 0, mean = 0;
    if (ntimes) {
        median = ntimes % 2 ? times[ntimes / 2]
                            : (times[ntimes / 2 - 1] + times[ntimes / 2]) / 2;
        p99 = times[(99 * ntimes + 99) / 100 - 1]; /* nearest rank */
        for (size_t j = 0; j < ntimes; j++) mean += times[j];
        mean /= (double)ntimes;
    }
    if (search_only)
        fprintf(stderr, "fts5: %zu queries, median %.0f us\n", ntimes, median);
    else
        fprintf(stderr, "fts5: %zu docs, index build %.3f s; %zu queries, "
                        "median %.0f us\n", ndocs, buildtime, ntimes, median);
    fprintf(stderr, "speed: queries=%zu p50_us=%.1f p99_us=%.1f mean_us=%.1f "
                    "qps=%.1f hits=%zu\n", ntimes, median, p99, mean,
            loop > 0 ? (double)ntimes / loop : 0.0, total_hits);
    for (size_t j = 0; j < nq; j++) {
        free(qs[j].qid);
        free(qs[j].match);
    }
    free(qs);
    free(times);
    sqlite3_close(db);
    return 0;
}
