/* cmd_report.c - `smpsearch report FILE...`: what customers ask that the
 * articles do not answer, from the search logs of `smpsearch serve --log`
 * (querylog.h).
 *
 * Each question is searched again on the index, and questions whose
 * analysed terms (smp_results_terms: stemmed, spelling corrected, filler
 * left out; sorted, each once) are the same fall into one group: "how long
 * dose a lash lift last" and "How long does a lash lift last?" are one
 * question asked twice.  A group is a gap when the last time it was asked
 * it was not answered, or answered with a confidence under --threshold.
 * The gaps are listed unanswered first, then low-confidence, each most
 * asked first, with the wordings, when last asked and the passage that
 * comes closest in the index now.
 *
 * The search page searches as one types (after a pause), so the log also
 * holds beginnings of questions: a question that is the beginning of
 * another asked within TYPING_SECONDS after it is left out as typing.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "cli/cli.h"
#include "cli/querylog.h"

#define TYPING_SECONDS 10
#define MAX_LINE (1 << 16)
#define MAX_EXAMPLES 3
#define BAD_LINES_SHOWN 3 /* messages for the first bad lines of a file */

/* A distinct wording of a question, with what the index makes of it. */
typedef struct wording {
    const char *q;
    uint32_t count, unanswered, low;
    const qlog_record *last; /* the latest record of it */
    char *key;               /* sorted analysed terms, or '"' and the question */
    /* what the index answers now */
    int answered_now;
    double confidence_now;
    char *article, *title, *heading, *url; /* the closest passage, or NULL */
} wording;

typedef struct group {
    wording **w; /* its wordings, most asked first */
    uint32_t nw;
    uint32_t count, unanswered, low;
    const qlog_record *last;
    int status; /* GAP_* */
} group;

enum { GAP_NONE, GAP_UNANSWERED, GAP_LOW };

typedef struct report {
    const char *index_path, *base_url, *html, *since;
    int json;
    double threshold;
    uint32_t min_count, limit;
    /* read */
    qlog_record *recs;
    size_t n, cap;
    uint64_t skipped, typing, before;
    unsigned files;
} report;

static void report_usage(FILE *f) {
    fprintf(f,
            "Usage: smpsearch report [OPTIONS] FILE...\n"
            "Reads the search logs of 'smpsearch serve --log FILE' (rotated ones too:\n"
            "FILE.1 ..., gzip-compressed or not; - is standard input) and lists the\n"
            "questions customers ask that the articles do not answer: questions that\n"
            "read the same once analysed (spelling, word forms, filler) are one group,\n"
            "unanswered groups first, then those answered with low confidence, each\n"
            "most asked first, with their wordings, when last asked and the closest\n"
            "passage.\n"
            "      --index FILE      the index to analyse the questions with (default:\n"
            "                        $SMPSEARCH_INDEX or the bundled corpus index)\n"
            "      --json            the report as JSON\n"
            "      --html FILE       also write the report as a web page to FILE (one\n"
            "                        file: a chart of questions a day and the answered\n"
            "                        share, and the table of gaps)\n"
            "      --since DATE      only searches on or after DATE (YYYY-MM-DD, UTC)\n"
            "      --threshold X     an answer under this confidence is a gap too\n"
            "                        (default 0.5)\n"
            "      --min-count N     only groups asked at least N times (default 1)\n"
            "      --limit N         at most N groups (default 20; 0 for all)\n"
            "      --base-url URL    links to passages start with URL\n"
            "  -h, --help            this help\n"
            "A question that is the beginning of another asked within %d seconds after\n"
            "it (the search page searches as one types) is left out.\n",
            TYPING_SECONDS);
}

/* --- reading ---------------------------------------------------------------- */

static int add_record(report *R, qlog_record *rec) {
    if (R->n == R->cap) {
        size_t nc = R->cap ? 2 * R->cap : 256;
        qlog_record *p = realloc(R->recs, nc * sizeof *p);
        if (!p) return -1;
        R->recs = p;
        R->cap = nc;
    }
    R->recs[R->n++] = *rec;
    return 0;
}

/* Reads one log file: 0, or -1 after a message (cannot read it, or out of
 * memory). */
static int read_log(report *R, const char *path) {
    gzFile gz = strcmp(path, "-") ? gzopen(path, "rb") : gzdopen(0, "rb");
    if (!gz) {
        text_printf(stderr, "smpsearch report: %s: %s\n", path, strerror(errno ? errno : ENOMEM));
        return -1;
    }
    R->files++;
    char *buf = malloc(MAX_LINE);
    if (!buf) {
        gzclose(gz);
        text_printf(stderr, "smpsearch report: out of memory\n");
        return -1;
    }
    uint64_t lineno = 0, bad = 0;
    int rc = 0;
    while (gzgets(gz, buf, MAX_LINE)) {
        lineno++;
        size_t len = strlen(buf);
        const char *why = NULL;
        if (len == MAX_LINE - 1 && buf[len - 1] != '\n') { /* too long: skip the rest */
            int ch;
            while ((ch = gzgetc(gz)) != -1 && ch != '\n') {}
            why = "line too long";
        }
        int blank = 1;
        for (size_t i = 0; i < len && blank; i++) blank = isspace((unsigned char)buf[i]) != 0;
        if (blank && !why) continue;
        qlog_record rec;
        int prc = why ? -1 : qlog_parse(buf, len, &rec, &why);
        if (prc == -2) {
            text_printf(stderr, "smpsearch report: out of memory\n");
            rc = -1;
            break;
        }
        if (prc) {
            if (++bad <= BAD_LINES_SHOWN)
                text_printf(stderr, "smpsearch report: %s:%llu: skipped: %s\n", path,
                            (unsigned long long)lineno, why);
            continue;
        }
        if (R->since && strncmp(rec.time, R->since, 10) < 0) {
            R->before++;
            qlog_record_clear(&rec);
            continue;
        }
        if (add_record(R, &rec)) {
            qlog_record_clear(&rec);
            text_printf(stderr, "smpsearch report: out of memory\n");
            rc = -1;
            break;
        }
    }
    int err = 0;
    const char *gzmsg = gzerror(gz, &err);
    if (!rc && err && err != Z_STREAM_END && err != Z_BUF_ERROR) {
        text_printf(stderr, "smpsearch report: %s: %s\n", path,
                    err == Z_ERRNO ? strerror(errno) : gzmsg);
        rc = -1;
    }
    if (bad > BAD_LINES_SHOWN)
        text_printf(stderr, "smpsearch report: %s: %llu more lines skipped\n", path,
                    (unsigned long long)(bad - BAD_LINES_SHOWN));
    R->skipped += bad;
    free(buf);
    gzclose(gz);
    return rc;
}

/* --- typing in progress ---------------------------------------------------- */

static time_t rec_time(const qlog_record *r) {
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = atoi(r->time) - 1900;
    tm.tm_mon = atoi(r->time + 5) - 1;
    tm.tm_mday = atoi(r->time + 8);
    tm.tm_hour = atoi(r->time + 11);
    tm.tm_min = atoi(r->time + 14);
    tm.tm_sec = atoi(r->time + 17);
    return timegm(&tm);
}

static int by_time(const void *a, const void *b) {
    return strcmp(((const qlog_record *)a)->time, ((const qlog_record *)b)->time);
}

/* s without the spaces around it: *len bytes from the return value */
static const char *trimmed(const char *s, size_t *len) {
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) n--;
    *len = n;
    return s;
}

/* 1 when a (trimmed) is the beginning of b and b is longer */
static int begins(const char *a, const char *b) {
    size_t na, nb;
    a = trimmed(a, &na);
    b = trimmed(b, &nb);
    if (!na || na >= nb) return 0;
    for (size_t i = 0; i < na; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) return 0;
    return 1;
}

/* Sorts the records by time and leaves out those typed on. */
static void drop_typing(report *R) {
    if (R->n > 1) qsort(R->recs, R->n, sizeof *R->recs, by_time);
    time_t *t = malloc((R->n ? R->n : 1) * sizeof *t);
    if (!t) return; /* then none is left out */
    for (size_t i = 0; i < R->n; i++) t[i] = rec_time(&R->recs[i]);
    size_t out = 0;
    for (size_t i = 0; i < R->n; i++) {
        int typed_on = 0;
        for (size_t j = i + 1; j < R->n && t[j] - t[i] <= TYPING_SECONDS && !typed_on; j++)
            typed_on = begins(R->recs[i].q, R->recs[j].q);
        if (typed_on) {
            qlog_record_clear(&R->recs[i]);
            R->typing++;
        } else {
            R->recs[out++] = R->recs[i];
        }
    }
    R->n = out;
    free(t);
}

/* --- grouping --------------------------------------------------------------- */

static int by_q(const void *a, const void *b) {
    const qlog_record *x = *(const qlog_record *const *)a, *y = *(const qlog_record *const *)b;
    int c = strcmp(x->q, y->q);
    return c ? c : strcmp(x->time, y->time);
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The key of terms ("lash lift long last"): the words sorted, each once;
 * NULL when there are none or no memory. */
static char *terms_key(const char *terms) {
    char *copy = strdup(terms);
    size_t n = 0, cap = 8;
    char **words = malloc(cap * sizeof *words);
    char *key = NULL;
    if (!copy || !words) goto done;
    for (char *save = NULL, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (n == cap) {
            char **p = realloc(words, 2 * cap * sizeof *p);
            if (!p) goto done;
            words = p;
            cap *= 2;
        }
        words[n++] = w;
    }
    if (!n) goto done;
    qsort(words, n, sizeof *words, cmp_str);
    key = malloc(strlen(terms) + 1);
    if (!key) goto done;
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && !strcmp(words[i], words[i - 1])) continue;
        if (len) key[len++] = ' ';
        memcpy(key + len, words[i], strlen(words[i]));
        len += strlen(words[i]);
    }
    key[len] = 0;
done:
    free(words);
    free(copy);
    return key;
}

/* '"' and the question, lowercased and trimmed: the key of a question
 * the index finds no word of. */
static char *plain_key(const char *q) {
    size_t n;
    q = trimmed(q, &n);
    char *k = malloc(n + 2);
    if (!k) return NULL;
    k[0] = '"';
    for (size_t i = 0; i < n; i++) k[i + 1] = (char)tolower((unsigned char)q[i]);
    k[n + 1] = 0;
    return k;
}

/* Searches w's question: its key, and the closest passage now. */
static int analyse(report *R, smp_searcher *sr, const smp_search_options *so, wording *w) {
    smp_results *r = NULL;
    smp_error err = {0, ""};
    int rc = smp_searcher_search(sr, w->q, so, &r, &err);
    if (rc == SMP_ENOMEM) return -1;
    const char *terms = rc == SMP_OK ? smp_results_content_terms(r) : "";
    w->key = terms && *terms ? terms_key(terms) : NULL;
    if (!w->key) w->key = plain_key(w->q);
    const smp_result *top = rc == SMP_OK ? smp_results_get(r, 0) : NULL;
    if (top) {
        w->answered_now = smp_results_answered(r);
        w->confidence_now = smp_results_confidence(r);
        char *link = NULL;
        if (smp_result_link(top, R->base_url, SMP_LINK_PASSAGE, &link, &err)) link = NULL;
        w->article = strdup(top->article_id);
        w->title = strdup(top->article_title);
        w->heading = strdup(top->heading);
        w->url = link ? link : strdup("");
        if (!w->article || !w->title || !w->heading || !w->url) rc = SMP_ENOMEM;
    }
    smp_results_free(r);
    return w->key && rc != SMP_ENOMEM ? 0 : -1;
}

static int by_key(const void *a, const void *b) {
    const wording *x = a, *y = b;
    return strcmp(x->key, y->key);
}

static int by_count(const void *a, const void *b) {
    const wording *x = *(const wording *const *)a, *y = *(const wording *const *)b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    int c = strcmp(y->last->time, x->last->time); /* the latest first */
    return c ? c : strcmp(x->q, y->q);
}

static int by_gap(const void *a, const void *b) {
    const group *x = a, *y = b;
    if (x->status != y->status) return x->status < y->status ? -1 : 1;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    int c = strcmp(y->last->time, x->last->time);
    return c ? c : strcmp(x->w[0]->q, y->w[0]->q);
}

/* --- output ----------------------------------------------------------------- */

static const char *status_name(int st) {
    return st == GAP_UNANSWERED ? "unanswered" : st == GAP_LOW ? "low confidence" : "answered";
}

/* The closest passage of a group: the index's now, else the log's. */
typedef struct closest {
    const char *article, *title, *heading, *url;
} closest;

static int group_closest(const group *g, closest *c) {
    const wording *w = g->w[0];
    if (w->article) {
        *c = (closest){w->article, w->title, w->heading, w->url};
        return 1;
    }
    if (g->last->article) {
        *c = (closest){g->last->article, g->last->title, g->last->heading, g->last->url};
        return 1;
    }
    return 0;
}

typedef struct day {
    char date[11];
    uint32_t questions, answered;
} day;

typedef struct summary {
    uint64_t questions, answered;
    day *days;
    size_t ndays;
} summary;

/* Questions a day, every day from the first to the last (records sorted
 * by time): 0 or -1 (no memory). */
static int count_days(const report *R, summary *S) {
    memset(S, 0, sizeof *S);
    if (!R->n) return 0;
    time_t first = rec_time(&R->recs[0]) / 86400, last = rec_time(&R->recs[R->n - 1]) / 86400;
    S->ndays = (size_t)(last - first) + 1;
    if (!(S->days = calloc(S->ndays, sizeof *S->days))) return -1;
    for (size_t i = 0; i < S->ndays; i++) {
        char t[QLOG_TIME_LEN];
        qlog_time((time_t)(first + (time_t)i) * 86400, t);
        memcpy(S->days[i].date, t, 10);
    }
    for (size_t i = 0; i < R->n; i++) {
        size_t d = (size_t)(rec_time(&R->recs[i]) / 86400 - first);
        S->days[d].questions++;
        S->days[d].answered += R->recs[i].answered != 0;
        S->questions++;
        S->answered += R->recs[i].answered != 0;
    }
    return 0;
}

static unsigned pct(uint64_t part, uint64_t whole) {
    return whole ? (unsigned)((part * 100 + whole / 2) / whole) : 0;
}

static void out_text(FILE *f, const report *R, const summary *S, const group *gaps,
                     size_t ngaps) {
    if (!S->questions) {
        fprintf(f, "No searches in the logs%s.\n", R->since ? " since that date" : "");
        return;
    }
    fprintf(f, "%llu searches from %.10s to %.10s, %llu answered (%u%%).\n",
            (unsigned long long)S->questions, R->recs[0].time, R->recs[R->n - 1].time,
            (unsigned long long)S->answered, pct(S->answered, S->questions));
    if (!ngaps) {
        fprintf(f, "Every question asked was answered with confidence %.2f or more.\n",
                R->threshold);
        return;
    }
    int shown = GAP_NONE;
    for (size_t i = 0; i < ngaps; i++) {
        const group *g = &gaps[i];
        if (g->status != shown) {
            shown = g->status;
            if (shown == GAP_UNANSWERED)
                fputs("\nNot answered by the articles, most asked first:\n", f);
            else
                fprintf(f, "\nAnswered with low confidence (under %.2f), most asked first:\n",
                        R->threshold);
        }
        text_printf(f, "%3zu. %s\n", i + 1, g->w[0]->q);
        text_printf(f, "     asked %u time%s, last %.10s, confidence %.2f", g->count,
                    g->count == 1 ? "" : "s", g->last->time, g->last->confidence);
        if (g->w[0]->answered_now && g->w[0]->confidence_now >= R->threshold)
            fputs(" (answered by the index now)", f);
        fputc('\n', f);
        if (g->nw > 1) {
            fputs("     also asked as: ", f);
            for (uint32_t j = 1; j < g->nw && j <= MAX_EXAMPLES; j++)
                text_printf(f, "%s\"%s\"", j > 1 ? ", " : "", g->w[j]->q);
            if (g->nw > MAX_EXAMPLES + 1) fprintf(f, " and %u more", g->nw - MAX_EXAMPLES - 1);
            fputc('\n', f);
        }
        closest c;
        if (group_closest(g, &c))
            text_printf(f, "     closest: %s%s%s%s%s\n", c.title, *c.heading ? " \u203a " : "",
                        c.heading, *c.url ? "  " : "", c.url);
    }
}

static void json_cstr(FILE *f, const char *s) { json_string(f, s, strlen(s)); }

static void out_json(FILE *f, const report *R, const summary *S, const group *gaps,
                     size_t ngaps) {
    fprintf(f, "{\"searches\": %llu, \"answered\": %llu, \"from\": ",
            (unsigned long long)S->questions, (unsigned long long)S->answered);
    if (R->n) fprintf(f, "\"%.10s\", \"to\": \"%.10s\"", R->recs[0].time, R->recs[R->n - 1].time);
    else fputs("null, \"to\": null", f);
    fprintf(f, ", \"files\": %u, \"skipped_lines\": %llu, \"typing\": %llu, \"threshold\": %g",
            R->files, (unsigned long long)R->skipped, (unsigned long long)R->typing,
            R->threshold);
    fputs(", \"days\": [", f);
    for (size_t i = 0; i < S->ndays; i++)
        fprintf(f, "%s{\"date\": \"%s\", \"searches\": %u, \"answered\": %u}", i ? ", " : "",
                S->days[i].date, S->days[i].questions, S->days[i].answered);
    fputs("], \"gaps\": [", f);
    for (size_t i = 0; i < ngaps; i++) {
        const group *g = &gaps[i];
        fprintf(f, "%s\n  {\"status\": \"%s\", \"question\": ", i ? "," : "",
                g->status == GAP_UNANSWERED ? "unanswered" : "low_confidence");
        json_cstr(f, g->w[0]->q);
        fprintf(f, ", \"count\": %u, \"unanswered\": %u, \"low_confidence\": %u, "
                   "\"last_asked\": \"%s\", \"confidence\": %.3f, \"terms\": ",
                g->count, g->unanswered, g->low, g->last->time, g->last->confidence);
        json_cstr(f, g->w[0]->key[0] == '"' ? "" : g->w[0]->key);
        fputs(", \"wordings\": [", f);
        for (uint32_t j = 0; j < g->nw; j++) {
            fputs(j ? ", {\"q\": " : "{\"q\": ", f);
            json_cstr(f, g->w[j]->q);
            fprintf(f, ", \"count\": %u}", g->w[j]->count);
        }
        fputs("], \"closest\": ", f);
        closest c;
        if (group_closest(g, &c)) {
            fputs("{\"article\": ", f);
            json_cstr(f, c.article);
            fputs(", \"title\": ", f);
            json_cstr(f, c.title);
            fputs(", \"heading\": ", f);
            json_cstr(f, c.heading);
            fputs(", \"url\": ", f);
            json_cstr(f, c.url);
            fputc('}', f);
        } else {
            fputs("null", f);
        }
        fprintf(f, ", \"answered_now\": %s}",
                g->w[0]->answered_now && g->w[0]->confidence_now >= R->threshold ? "true"
                                                                                 : "false");
    }
    fputs(ngaps ? "\n]}\n" : "]}\n", f);
}

static void html_esc(FILE *f, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: /* control characters have no place in a page (or a terminal) */
            if (((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n') || *s == 0x7f)
                fputs("&#xFFFD;", f);
            else
                fputc(*s, f);
        }
    }
}

/* The chart: a bar a day (answered and not, stacked) and the answered
 * share as a line, in inline SVG. */
static void html_chart(FILE *f, const summary *S) {
    const double W = 720, H = 200, L = 40, B = 24, T = 10, R = 40;
    uint32_t max = 1;
    for (size_t i = 0; i < S->ndays; i++)
        if (S->days[i].questions > max) max = S->days[i].questions;
    double pw = W - L - R, ph = H - T - B, bw = pw / (double)S->ndays;
    fprintf(f, "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"Searches a day and the "
               "answered share\">\n", W, H);
    fprintf(f, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" class=\"axis\"/>\n", L,
            T + ph, L + pw, T + ph);
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" class=\"lab\" text-anchor=\"end\">%u</text>\n",
            L - 4, T + 10, max);
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" class=\"lab\" text-anchor=\"end\">0</text>\n", L - 4,
            T + ph);
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" class=\"lab share\">100%%</text>\n", L + pw + 4,
            T + 10);
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" class=\"lab share\">0%%</text>\n", L + pw + 4, T + ph);
    for (size_t i = 0; i < S->ndays; i++) {
        const day *d = &S->days[i];
        double x = L + bw * (double)i + bw * 0.1, w = bw * 0.8;
        double ha = ph * d->answered / max, hu = ph * (d->questions - d->answered) / max;
        fprintf(f, "<g><title>%s: %u searches, %u answered (%u%%)</title>", d->date, d->questions,
                d->answered, pct(d->answered, d->questions));
        fprintf(f, "<rect class=\"ans\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>", x,
                T + ph - ha, w, ha);
        fprintf(f, "<rect class=\"unans\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>"
                   "</g>\n", x, T + ph - ha - hu, w, hu);
    }
    fputs("<polyline class=\"share\" points=\"", f);
    for (size_t i = 0; i < S->ndays; i++) {
        if (!S->days[i].questions) continue;
        double share = (double)S->days[i].answered / S->days[i].questions;
        fprintf(f, "%.2f,%.2f ", L + bw * ((double)i + 0.5), T + ph - ph * share);
    }
    fputs("\"/>\n", f);
    if (S->ndays) {
        fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" class=\"lab\">%s</text>\n", L, H - 6,
                S->days[0].date);
        if (S->ndays > 1)
            fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" class=\"lab\" text-anchor=\"end\">%s</text>\n",
                    L + pw, H - 6, S->days[S->ndays - 1].date);
    }
    fputs("</svg>\n", f);
}

static void out_html(FILE *f, const report *R, const summary *S, const group *gaps,
                     size_t ngaps) {
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>What customers ask that the articles don't answer</title>\n<style>\n"
          "body{font:16px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
          "padding:0 1rem;color:#1d2327}\n"
          "h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}\n"
          ".lede{color:#50575e}\n"
          "svg{width:100%;height:auto;max-height:16rem}\n"
          ".ans{fill:#3b7d6e}.unans{fill:#d9a441}.axis{stroke:#8c8f94}\n"
          ".share{fill:none;stroke:#1d2327;stroke-width:1.5}\n"
          "text.lab{font-size:11px;fill:#50575e;stroke:none}\n"
          ".key span{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 1em}\n"
          "table{border-collapse:collapse;width:100%}\n"
          "th,td{text-align:left;vertical-align:top;padding:.45rem .5rem;"
          "border-bottom:1px solid #dcdcde}\n"
          "th{font-size:.85rem;color:#50575e}td.n{text-align:right}\n"
          ".also{color:#50575e;font-size:.9rem}.tag{font-size:.8rem;padding:.1rem .4rem;"
          "border-radius:.3rem;white-space:nowrap}\n"
          ".tag.unanswered{background:#fbeaea}.tag.low{background:#fcf3e1}\n"
          ".now{color:#3b7d6e;font-size:.85rem}\n"
          "</style>\n</head>\n<body>\n"
          "<h1>What customers ask that the articles don't answer</h1>\n",
          f);
    if (!S->questions) {
        fputs("<p class=\"lede\">No searches in the logs.</p>\n</body>\n</html>\n", f);
        return;
    }
    fprintf(f, "<p class=\"lede\">%llu searches from %.10s to %.10s, %llu answered (%u%%).</p>\n",
            (unsigned long long)S->questions, R->recs[0].time, R->recs[R->n - 1].time,
            (unsigned long long)S->answered, pct(S->answered, S->questions));
    fputs("<h2>Searches a day</h2>\n<p class=\"key\"><span class=\"ans\" style=\"background:"
          "#3b7d6e\"></span>answered<span style=\"background:#d9a441\"></span>not answered"
          "<span style=\"background:#1d2327;height:2px\"></span>answered share</p>\n",
          f);
    html_chart(f, S);
    fputs("<h2>Questions without a good answer, most asked first</h2>\n", f);
    if (!ngaps) {
        fprintf(f, "<p>Every question asked was answered with confidence %.2f or more.</p>\n",
                R->threshold);
    } else {
        fputs("<table>\n<thead><tr><th>#</th><th>Question</th><th>Asked</th><th>Last asked</th>"
              "<th>Answer</th><th>Closest passage</th></tr></thead>\n<tbody>\n", f);
        for (size_t i = 0; i < ngaps; i++) {
            const group *g = &gaps[i];
            fprintf(f, "<tr><td class=\"n\">%zu</td><td>", i + 1);
            html_esc(f, g->w[0]->q);
            if (g->nw > 1) {
                fputs("<div class=\"also\">also: ", f);
                for (uint32_t j = 1; j < g->nw && j <= MAX_EXAMPLES; j++) {
                    fputs(j > 1 ? ", \u201c" : "\u201c", f);
                    html_esc(f, g->w[j]->q);
                    fputs("\u201d", f);
                }
                if (g->nw > MAX_EXAMPLES + 1) fprintf(f, " and %u more", g->nw - MAX_EXAMPLES - 1);
                fputs("</div>", f);
            }
            fprintf(f, "</td><td class=\"n\">%u</td><td>%.10s</td>", g->count, g->last->time);
            fprintf(f, "<td><span class=\"tag %s\">%s</span> %.2f",
                    g->status == GAP_UNANSWERED ? "unanswered" : "low", status_name(g->status),
                    g->last->confidence);
            if (g->w[0]->answered_now && g->w[0]->confidence_now >= R->threshold)
                fputs("<div class=\"now\">answered by the index now</div>", f);
            fputs("</td><td>", f);
            closest c;
            if (group_closest(g, &c)) {
                int link = *c.url != 0;
                if (link) {
                    fputs("<a href=\"", f);
                    html_esc(f, c.url);
                    fputs("\">", f);
                }
                html_esc(f, c.title);
                if (link) fputs("</a>", f);
                if (*c.heading) {
                    fputs("<div class=\"also\">", f);
                    html_esc(f, c.heading);
                    fputs("</div>", f);
                }
            }
            fputs("</td></tr>\n", f);
        }
        fputs("</tbody>\n</table>\n", f);
    }
    if (R->threshold > 0)
        fprintf(f, "<p class=\"also\">Low confidence: under %.2f. Questions are grouped by "
                   "their words as the index reads them (spelling and word forms).</p>\n",
                R->threshold);
    fputs("</body>\n</html>\n", f);
}

/* --- the command ---------------------------------------------------------- */

enum { OPT_JSON = 0x3b0, OPT_HTML, OPT_SINCE, OPT_THRESHOLD, OPT_MIN_COUNT, OPT_LIMIT,
       OPT_BASE_URL, OPT_INDEX };

static int valid_date(const char *s) {
    if (strlen(s) != 10) return 0;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i])) return 0;
    int m = atoi(s + 5), d = atoi(s + 8);
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int whole(const char *s, uint32_t *out) {
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || errno || v > UINT32_MAX || *s == '-') return -1;
    *out = (uint32_t)v;
    return 0;
}

int cmd_report(int argc, char **argv) {
    static const struct option longopts[] = {
        {"index", required_argument, NULL, OPT_INDEX},
        {"json", no_argument, NULL, OPT_JSON},
        {"html", required_argument, NULL, OPT_HTML},
        {"since", required_argument, NULL, OPT_SINCE},
        {"threshold", required_argument, NULL, OPT_THRESHOLD},
        {"min-count", required_argument, NULL, OPT_MIN_COUNT},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"base-url", required_argument, NULL, OPT_BASE_URL},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    report R;
    memset(&R, 0, sizeof R);
    R.threshold = 0.5;
    R.min_count = 1;
    R.limit = 20;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        char *end;
        switch (c) {
        case OPT_INDEX: R.index_path = optarg; break;
        case OPT_JSON: R.json = 1; break;
        case OPT_HTML: R.html = optarg; break;
        case OPT_BASE_URL: R.base_url = optarg; break;
        case OPT_SINCE:
            if (!valid_date(optarg)) {
                text_printf(stderr,
                            "smpsearch report: --since wants a date, YYYY-MM-DD, not '%s'\n",
                            optarg);
                return EXIT_USAGE;
            }
            R.since = optarg;
            break;
        case OPT_THRESHOLD:
            R.threshold = strtod(optarg, &end);
            if (!*optarg || *end || !(R.threshold >= 0 && R.threshold <= 1)) {
                text_printf(stderr, "smpsearch report: --threshold must be from 0 to 1\n");
                return EXIT_USAGE;
            }
            break;
        case OPT_MIN_COUNT:
            if (whole(optarg, &R.min_count) || !R.min_count) {
                text_printf(stderr,
                            "smpsearch report: --min-count must be a whole number, 1 or more\n");
                return EXIT_USAGE;
            }
            break;
        case OPT_LIMIT:
            if (whole(optarg, &R.limit)) {
                text_printf(stderr, "smpsearch report: --limit must be a whole number (0: all)\n");
                return EXIT_USAGE;
            }
            break;
        case 'h': report_usage(stdout); return EXIT_OK;
        default: report_usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        text_printf(stderr, "smpsearch report: which log files? (smpsearch report FILE...)\n");
        report_usage(stderr);
        return EXIT_USAGE;
    }
    int status = EXIT_FAIL;
    smp_index *ix = NULL;
    smp_searcher *sr = NULL;
    wording *ws = NULL;
    const qlog_record **order = NULL;
    wording **wp = NULL;
    group *groups = NULL;
    summary S;
    memset(&S, 0, sizeof S);
    size_t nw = 0, ng = 0, ngaps = 0;
    smp_error err = {0, ""};
    const char *path = cli_default_index(R.index_path);
    if (smp_index_open(&ix, path, &err) || smp_searcher_new(&sr, ix, &err)) {
        text_printf(stderr, "smpsearch report: %s\n", err.msg);
        goto cleanup;
    }
    for (int i = optind; i < argc; i++)
        if (read_log(&R, argv[i])) goto cleanup;
    drop_typing(&R);
    if (R.skipped)
        text_printf(stderr, "smpsearch report: %llu line%s skipped (not a search record)\n",
                    (unsigned long long)R.skipped, R.skipped == 1 ? "" : "s");
    if (count_days(&R, &S)) goto oom;

    /* the distinct wordings, each searched once */
    if (R.n && !(order = malloc(R.n * sizeof *order))) goto oom;
    for (size_t i = 0; i < R.n; i++) order[i] = &R.recs[i];
    if (R.n > 1) qsort(order, R.n, sizeof *order, by_q);
    if (R.n && !(ws = calloc(R.n, sizeof *ws))) goto oom;
    for (size_t i = 0; i < R.n; i++) {
        if (!nw || strcmp(ws[nw - 1].q, order[i]->q)) ws[nw++].q = order[i]->q;
        ws[nw - 1].count++;
        ws[nw - 1].unanswered += !order[i]->answered;
        ws[nw - 1].low += order[i]->answered && order[i]->confidence < R.threshold;
        ws[nw - 1].last = order[i]; /* sorted by time within a wording */
    }
    smp_search_options so;
    smp_search_options_for(&so, ix);
    so.k = 1;
    for (size_t i = 0; i < nw; i++)
        if (analyse(&R, sr, &so, &ws[i])) goto oom;

    /* the groups: wordings of one key */
    if (nw > 1) qsort(ws, nw, sizeof *ws, by_key);
    if (nw && !(wp = malloc(nw * sizeof *wp))) goto oom;
    for (size_t i = 0; i < nw; i++) wp[i] = &ws[i];
    if (nw && !(groups = calloc(nw, sizeof *groups))) goto oom;
    for (size_t i = 0, j; i < nw; i = j) {
        group *g = &groups[ng++];
        for (j = i; j < nw && !strcmp(ws[j].key, ws[i].key); j++) {
            g->count += ws[j].count;
            g->unanswered += ws[j].unanswered;
            g->low += ws[j].low;
            if (!g->last || strcmp(ws[j].last->time, g->last->time) > 0) g->last = ws[j].last;
        }
        g->w = wp + i;
        g->nw = (uint32_t)(j - i);
        qsort(g->w, g->nw, sizeof *g->w, by_count);
        g->status = !g->last->answered                     ? GAP_UNANSWERED
                    : g->last->confidence < R.threshold ? GAP_LOW
                                                        : GAP_NONE;
    }
    for (size_t gi = 0; gi < ng; gi++)
        if (groups[gi].status != GAP_NONE && groups[gi].count >= R.min_count)
            groups[ngaps++] = groups[gi];
    if (ngaps > 1) qsort(groups, ngaps, sizeof *groups, by_gap);
    if (R.limit && ngaps > R.limit) ngaps = R.limit;

    if (R.json) out_json(stdout, &R, &S, groups, ngaps);
    else out_text(stdout, &R, &S, groups, ngaps);
    if (R.html) {
        FILE *f = fopen(R.html, "w");
        if (!f) {
            text_printf(stderr, "smpsearch report: %s: %s\n", R.html, strerror(errno));
            goto cleanup;
        }
        out_html(f, &R, &S, groups, ngaps);
        if (fclose(f)) {
            text_printf(stderr, "smpsearch report: %s: %s\n", R.html, strerror(errno));
            goto cleanup;
        }
        if (!R.json) text_printf(stderr, "smpsearch report: wrote %s\n", R.html);
    }
    status = fflush(stdout) ? EXIT_FAIL : EXIT_OK;
    goto cleanup;
oom:
    text_printf(stderr, "smpsearch report: out of memory\n");
cleanup:
    for (size_t i = 0; i < nw; i++) {
        free(ws[i].key);
        free(ws[i].article);
        free(ws[i].title);
        free(ws[i].heading);
        free(ws[i].url);
    }
    free(ws);
    free(wp);
    free(order);
    free(groups);
    free(S.days);
    for (size_t i = 0; i < R.n; i++) qlog_record_clear(&R.recs[i]);
    free(R.recs);
    smp_searcher_free(sr);
    smp_index_close(ix);
    return status;
}
