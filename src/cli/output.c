/* output.c - query results as text (highlighted on a terminal), JSON,
 * JSON Lines and TREC run lines. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define WIDTH 78
#define INDENT "   "

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    size_t len = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (len == 0 || len > n) return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && s[1] < 0xA0) return 0; /* overlong */
    if (c == 0xED && s[1] > 0x9F) return 0; /* surrogates */
    if (c == 0xF0 && s[1] < 0x90) return 0; /* overlong */
    if (c == 0xF4 && s[1] > 0x8F) return 0; /* past U+10FFFF */
    return len;
}

/* --- text a person reads -------------------------------------------------
 * Titles, headings, passages, paths, links, questions and messages come
 * from articles, file names and customers: none of their bytes may reach a
 * terminal as an order.  A C0 control character or DEL is shown in caret
 * notation (ESC as ^[, BEL as ^G, as cat -v and less show them), a C1
 * control (U+0080..U+009F, which a terminal may read as ESC [) and a bidi
 * override or isolate (which reorders what follows) as <U+009B>, and a
 * byte that is not UTF-8 as <9B>.  Tab passes, so does newline where the
 * caller allows it (keep_nl).  Our own escape codes (bold) go in a
 * format string or through fputs, never through these. */

size_t text_char(FILE *f, const char *s, size_t n, int keep_nl, size_t *cols) {
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    char esc[16];
    size_t used = 1;
    esc[0] = 0;
    if (c < 0x20 || c == 0x7f) {
        if (c == '\t' || (c == '\n' && keep_nl)) {
            if (f) fputc(c, f);
            if (cols) *cols += 1;
            return 1;
        }
        snprintf(esc, sizeof esc, "^%c", c == 0x7f ? '?' : c + 0x40);
    } else if (c >= 0x80) {
        used = utf8_len(u, n);
        if (!used) {
            used = 1;
            snprintf(esc, sizeof esc, "<%02X>", c);
        } else {
            uint32_t cp = used == 2   ? (uint32_t)(c & 0x1F) << 6 | (u[1] & 0x3F)
                          : used == 3 ? (uint32_t)(c & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 |
                                            (u[2] & 0x3F)
                                      : 0x10000;
            if (cp < 0xA0 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
                snprintf(esc, sizeof esc, "<U+%04X>", (unsigned)cp);
        }
    }
    if (esc[0]) {
        if (f) fputs(esc, f);
        if (cols) *cols += strlen(esc);
    } else {
        if (f) fwrite(u, 1, used, f);
        if (cols) *cols += 1;
    }
    return used;
}

void text_string(FILE *f, const char *s, size_t len, int keep_nl) {
    for (size_t i = 0; i < len;) i += text_char(f, s + i, len - i, keep_nl, NULL);
}

/* Writes s[0..len) as %s would with width and flags, escaped. */
static void text_field(FILE *f, const char *s, size_t len, int width, int left) {
    size_t cols = 0;
    for (size_t i = 0; i < len;) i += text_char(NULL, s + i, len - i, 1, &cols);
    if (!left)
        for (size_t k = cols; (int)k < width; k++) fputc(' ', f);
    text_string(f, s, len, 1);
    if (left)
        for (size_t k = cols; (int)k < width; k++) fputc(' ', f);
}

/* Each number is printed by fprintf with its conversion as written in the
 * format, which is a literal of the caller's (checked there through
 * text_printf's format attribute). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
int text_vprintf(FILE *f, const char *fmt, va_list ap) {
    const char *p = fmt;
    while (*p) {
        const char *pc = strchr(p, '%');
        if (!pc) {
            fputs(p, f);
            break;
        }
        fwrite(p, 1, (size_t)(pc - p), f);
        const char *q = pc + 1;
        if (*q == '%') {
            fputc('%', f);
            p = q + 1;
            continue;
        }
        /* the conversion again, with * replaced by the numbers given */
        char spec[48];
        size_t k = 0;
        int left = 0, width = 0, prec = -1;
        spec[k++] = '%';
        while (*q && strchr("-+ #0", *q)) {
            left |= *q == '-';
            if (k < 8) spec[k++] = *q;
            q++;
        }
        if (*q == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                left = 1;
                width = -width;
                if (k < 8) spec[k++] = '-';
            }
            q++;
        } else {
            while (*q >= '0' && *q <= '9') width = width * 10 + (*q++ - '0');
        }
        if (width) k += (size_t)snprintf(spec + k, 12, "%d", width);
        if (*q == '.') {
            q++;
            prec = 0;
            if (*q == '*') {
                prec = va_arg(ap, int);
                q++;
            } else {
                while (*q >= '0' && *q <= '9') prec = prec * 10 + (*q++ - '0');
            }
            if (prec >= 0) k += (size_t)snprintf(spec + k, 12, ".%d", prec);
        }
        const char *lm = q;
        while (*q && strchr("hlLqjzt", *q)) q++;
        size_t nlm = (size_t)(q - lm) < 2 ? (size_t)(q - lm) : 2;
        memcpy(spec + k, lm, nlm);
        k += nlm;
        char conv = *q ? *q++ : 0;
        spec[k++] = conv;
        spec[k] = 0;
        int ll = nlm == 2 && lm[0] == 'l', l = nlm == 1 && lm[0] == 'l';
        int z = nlm == 1 && (lm[0] == 'z' || lm[0] == 't'), j = nlm == 1 && lm[0] == 'j';
        switch (conv) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            /* with a precision the string need not end within it */
            size_t n = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
            text_field(f, s, n, width, left);
            break;
        }
        case 'c': {
            char c = (char)va_arg(ap, int);
            text_field(f, &c, 1, width, left);
            break;
        }
        case 'd':
        case 'i':
            if (ll)
                fprintf(f, spec, va_arg(ap, long long));
            else if (l)
                fprintf(f, spec, va_arg(ap, long));
            else if (z)
                fprintf(f, spec, va_arg(ap, ptrdiff_t));
            else if (j)
                fprintf(f, spec, va_arg(ap, intmax_t));
            else
                fprintf(f, spec, va_arg(ap, int));
            break;
        case 'u':
        case 'x':
        case 'X':
        case 'o':
            if (ll)
                fprintf(f, spec, va_arg(ap, unsigned long long));
            else if (l)
                fprintf(f, spec, va_arg(ap, unsigned long));
            else if (z)
                fprintf(f, spec, va_arg(ap, size_t));
            else if (j)
                fprintf(f, spec, va_arg(ap, uintmax_t));
            else
                fprintf(f, spec, va_arg(ap, unsigned));
            break;
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G':
        case 'a':
        case 'A':
            if (nlm == 1 && lm[0] == 'L')
                fprintf(f, spec, va_arg(ap, long double));
            else
                fprintf(f, spec, va_arg(ap, double));
            break;
        case 'p': fprintf(f, spec, va_arg(ap, void *)); break;
        default: /* not a conversion this program uses: shown as written */
            fwrite(pc, 1, (size_t)(q - pc), f);
            if (!conv) return 0;
        }
        p = q;
    }
    return 0;
}
#pragma GCC diagnostic pop

int text_printf(FILE *f, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = text_vprintf(f, fmt, ap);
    va_end(ap);
    return rc;
}

/* A JSON string: always valid UTF-8 (a byte that is not is written as
 * U+FFFD), control characters escaped. */
void json_string(FILE *f, const char *s, size_t len) {
    const unsigned char *u = (const unsigned char *)s;
    fputc('"', f);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = u[i];
        switch (c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (c < 0x20 || c == 0x7f) {
                fprintf(f, "\\u%04x", c);
            } else if (c < 0x80) {
                fputc(c, f);
            } else {
                size_t k = utf8_len(u + i, len - i);
                if (k) {
                    fwrite(u + i, 1, k, f);
                    i += k - 1;
                } else {
                    fputs("\\ufffd", f);
                }
            }
        }
    }
    fputc('"', f);
}

static void json_cstr(FILE *f, const char *s) { json_string(f, s, strlen(s)); }

size_t heading_part(const char *h, const char **next) {
    const char *e = strstr(h, SMP_HEADING_SEP);
    *next = e ? e + strlen(SMP_HEADING_SEP) : NULL;
    return e ? (size_t)(e - h) : strlen(h);
}

/* "heading_path": the headings of a heading path ("Aftercare \u203A Sun
 * exposure", markdown.c) as an array, from the outermost. */
static void json_heading_path(FILE *f, const char *h) {
    fputs(", \"heading_path\": [", f);
    for (const char *p = *h ? h : NULL, *next; p; p = next) {
        size_t n = heading_part(p, &next);
        if (p != h) fputs(", ", f);
        json_string(f, p, n);
    }
    fputc(']', f);
}

/* Prints text[from..to) wrapped at WIDTH, bold inside highlights when
 * color is on.  White space runs (newlines too) print as one space. */
static void print_wrapped(FILE *f, const smp_result *r, uint32_t from, uint32_t to,
                          int color, const char *indent) {
    const char *t = r->text;
    size_t col = strlen(indent);
    uint32_t h = 0, i = from;
    int bold = 0;
    fputs(indent, f);
    while (i < to) {
        while (i < to && (t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || t[i] == '\r')) i++;
        if (i >= to) break;
        uint32_t j = i;
        size_t cols = 0;
        while (j < to && !(t[j] == ' ' || t[j] == '\n' || t[j] == '\t' || t[j] == '\r'))
            j += (uint32_t)text_char(NULL, t + j, to - j, 0, &cols);
        if (j > to) j = to;
        if (col > strlen(indent)) {
            if (col + 1 + cols > WIDTH) {
                if (bold) fputs("\033[0m", f);
                fputc('\n', f);
                fputs(indent, f);
                if (bold) fputs("\033[1m", f);
                col = strlen(indent);
            } else {
                fputc(' ', f);
                col++;
            }
        }
        for (uint32_t k = i; k < j;) {
            if (color) {
                while (h < r->nhighlights && r->highlights[h].end <= k) {
                    h++;
                }
                int in = h < r->nhighlights && r->highlights[h].start <= k;
                if (in && !bold) { fputs("\033[1m", f); bold = 1; }
                if (!in && bold) { fputs("\033[0m", f); bold = 0; }
            }
            k += (uint32_t)text_char(f, t + k, j - k, 0, NULL);
        }
        if (bold) { fputs("\033[0m", f); bold = 0; }
        col += cols;
        i = j;
    }
    fputc('\n', f);
}

/* The first result of result i's group. */
static uint32_t first_of_group(const smp_results *r, uint32_t i) {
    uint32_t g = smp_results_get(r, i)->group, k = 0;
    while (smp_results_get(r, k)->group != g) k++;
    return k;
}

/* The ranks of the results in result i's group, from i on: "1, 6, 8". */
static void print_ranks(FILE *f, const smp_results *r, uint32_t i) {
    uint32_t g = smp_results_get(r, i)->group;
    for (uint32_t k = i, first = 1; k < smp_results_count(r); k++)
        if (smp_results_get(r, k)->group == g) {
            fprintf(f, "%s%u", first ? "" : ", ", smp_results_get(r, k)->rank);
            first = 0;
        }
}

/* "Answers in these articles": each answer the results give, with the
 * results that give it, when more than one result gives one. */
static void print_answers(FILE *f, const smp_results *r) {
    uint32_t n = smp_results_count(r), with = 0;
    for (uint32_t i = 0; i < n; i++) with += *smp_results_get(r, i)->answer_value != 0;
    if (with < 2) return;
    fputs("Answers in these articles:\n", f);
    for (uint32_t i = 0; i < n; i++) {
        const smp_result *x = smp_results_get(r, i);
        if (!*x->answer_value || first_of_group(r, i) != i) continue;
        uint32_t count = 0;
        for (uint32_t k = i; k < n; k++) count += smp_results_get(r, k)->group == x->group;
        text_printf(f, INDENT "%s: %u result%s (", x->answer_value, count, count == 1 ? "" : "s");
        print_ranks(f, r, i);
        fputs(")\n", f);
    }
    fputc('\n', f);
}

/* "It depends on the topic": the best answer of each topic, for a
 * question that names none of several. */
static void print_topics(FILE *f, const out_opts *o, const smp_results *r) {
    fputs("It depends on the treatment:\n", f);
    for (uint32_t i = 0; i < smp_results_topics(r); i++) {
        const smp_result *x;
        const char *t = smp_results_topic(r, i, &x);
        const char *a = *x->answer_value ? x->answer_value : x->text + x->answer.start;
        int n = *x->answer_value ? (int)strlen(a) : (int)(x->answer.end - x->answer.start);
        fputs(INDENT, f);
        if (o->color) fputs("\033[1m", f);
        text_printf(f, "%s", t);
        if (o->color) fputs("\033[0m", f);
        text_printf(f, ": %.*s\n" INDENT "  %s%s%s\n", n, a, x->article_title,
                    *x->heading ? SMP_HEADING_SEP : "", x->heading);
    }
    fputc('\n', f);
}

/* Why result i ranks (query --explain): one line a term. */
static int on_explain_text(void *ud, const smp_explain_term *t) {
    if (!strcmp(t->kind, "rerank feature")) /* the second stage: no frequencies */
        text_printf(ud, INDENT "  %-13s %-29s %.3f\n", t->term, t->kind, t->score);
    else
        text_printf(ud, INDENT "  %-10s %-32s title %u, heading %u, body %u: %.3f\n", t->term,
                    t->kind, t->tf[0], t->tf[1], t->tf[2], t->score);
    return 0;
}

typedef struct explain_json {
    FILE *f;
    int n;
} explain_json;

static int on_explain_json(void *ud, const smp_explain_term *t) {
    explain_json *x = ud;
    fputs(x->n++ ? ", {\"term\": " : "{\"term\": ", x->f);
    json_cstr(x->f, t->term);
    fputs(", \"kind\": ", x->f);
    json_cstr(x->f, t->kind);
    fprintf(x->f, ", \"tf\": [%u, %u, %u], \"score\": %.6f}", t->tf[0], t->tf[1], t->tf[2],
            t->score);
    return 0;
}

/* Facet values shown on one line of text output. */
#define TEXT_FACETS 8

/* "Categories: lash lift 12 (selected), brows 8" and the same of tags,
 * when the search counted facets. */
static void print_facets(FILE *f, const smp_results *r) {
    static const char *const name[SMP_NFACETS] = {"Categories", "Tags"};
    int any = 0;
    for (int k = 0; k < SMP_NFACETS; k++) {
        const smp_facet *v;
        uint32_t n = smp_results_facets(r, k, &v);
        if (!n) continue;
        text_printf(f, "%s: ", name[k]);
        uint32_t shown = 0; /* the selected values first, then by count */
        for (int sel = 1; sel >= 0; sel--)
            for (uint32_t i = 0; i < n; i++)
                if (v[i].selected == sel && (sel || shown < TEXT_FACETS))
                    text_printf(f, "%s%s %u%s", shown++ ? ", " : "", v[i].value, v[i].count,
                                sel ? " (selected)" : "");
        if (n > shown) fprintf(f, ", and %u more", n - shown);
        fputc('\n', f);
        any = 1;
    }
    if (any) fputc('\n', f);
}

static void out_text(FILE *f, const out_opts *o, const char *query, const smp_results *r) {
    uint32_t n = smp_results_count(r);
    const char *corrected = smp_results_corrected(r);
    if (corrected) text_printf(f, "Showing results for: %s\n\n", corrected);
    print_facets(f, r);
    if (n == 0) {
        /* the words as the user wrote them (or as corrected), not their stems */
        text_printf(f, "No passage matches \"%s\".\n", corrected ? corrected : query);
        return;
    }
    if (smp_results_topics(r))
        print_topics(f, o, r);
    else if (!smp_results_answered(r))
        fprintf(f, "No good answer to this question in these articles (confidence %.2f); "
                   "the closest passages:\n\n", smp_results_confidence(r));
    else
        print_answers(f, r);
    for (uint32_t i = 0; i < n; i++) {
        const smp_result *x = smp_results_get(r, i);
        if (i) fputc('\n', f);
        if (first_of_group(r, i) < i) {
            /* the same answer as a result above: one line */
            text_printf(
                f, "%u. %s%s%s  [%.3f]\n" INDENT "%s:%u\n" INDENT "Also %s, as result %u.\n",
                x->rank, x->article_title, *x->heading ? SMP_HEADING_SEP : "", x->heading, x->score,
                x->path, x->line, x->answer_value, smp_results_get(r, first_of_group(r, i))->rank);
            continue;
        }
        fprintf(f, "%u. ", x->rank);
        if (o->color) fputs("\033[1m", f);
        text_printf(f, "%s%s%s", x->article_title, *x->heading ? SMP_HEADING_SEP : "", x->heading);
        if (o->color) fputs("\033[0m", f);
        fprintf(f, "  [%.3f]\n", x->score);
        text_printf(f, INDENT "%s:%u\n", x->path, x->line);
        char *link = NULL;
        smp_result_link(x, o->base_url, SMP_LINK_PASSAGE, &link, NULL);
        if (link) text_printf(f, INDENT "%s\n", link);
        free(link);
        fputs(INDENT "Answer:\n", f);
        print_wrapped(f, x, x->answer.start, x->answer.end, o->color, INDENT "  ");
        fputs(INDENT "Passage:\n", f);
        print_wrapped(f, x, 0, x->text_len, o->color, INDENT "  ");
        if (o->explain) {
            fputs(INDENT "Why:\n", f);
            smp_searcher_explain(o->explain, r, i, on_explain_text, f, NULL);
        }
    }
}

/* `, "name": LINK` (null when the result has none). */
static void json_link(FILE *f, const char *name, const smp_result *x, const char *base_url,
                      int kind) {
    char *link = NULL;
    smp_result_link(x, base_url, kind, &link, NULL);
    fprintf(f, ", \"%s\": ", name);
    if (link) json_cstr(f, link);
    else fputs("null", f);
    free(link);
}

/* A list joined by '\n' as a JSON array. */
static void json_list(FILE *f, const char *s) {
    fputc('[', f);
    for (const char *p = s && *s ? s : NULL, *e; p; p = e ? e + 1 : NULL) {
        e = strchr(p, '\n');
        if (p != s) fputs(", ", f);
        json_string(f, p, e ? (size_t)(e - p) : strlen(p));
    }
    fputc(']', f);
}

/* What the article says about itself: date, description, tags,
 * categories, language. */
static void json_info(FILE *f, const smp_result *x) {
    const char *v[] = {x->date, x->description, x->language};
    const char *names[] = {"date", "description", "language"};
    for (int k = 0; k < 3; k++) {
        fprintf(f, ", \"%s\": ", names[k]);
        json_cstr(f, v[k] ? v[k] : "");
    }
    fputs(", \"tags\": ", f);
    json_list(f, x->tags);
    fputs(", \"categories\": ", f);
    json_list(f, x->categories);
}

/* `, "facets": {"category": {"lash lift": 12, ...}, "tag": {...}}`: passages
 * per value, highest first (empty when the search did not count them). */
static void json_facets(FILE *f, const smp_results *r, const char *nl, const char *in1) {
    static const char *const name[SMP_NFACETS] = {"category", "tag"};
    if (!smp_results_facets(r, SMP_FACET_CATEGORY, NULL) && !smp_results_facets(r, SMP_FACET_TAG, NULL))
        return; /* not counted, or no values */
    fprintf(f, ",%s%s\"facets\": {", nl, in1);
    for (int k = 0; k < SMP_NFACETS; k++) {
        const smp_facet *v;
        uint32_t n = smp_results_facets(r, k, &v);
        fprintf(f, "%s\"%s\": {", k ? ", " : "", name[k]);
        for (uint32_t i = 0; i < n; i++) {
            if (i) fputs(", ", f);
            json_cstr(f, v[i].value);
            fprintf(f, ": %u", v[i].count);
        }
        fputc('}', f);
    }
    fputc('}', f);
}

/* An article's path as public output shows it (out_opts.path_root):
 * without root, and never from '/'. */
static const char *shown_path(const char *root, const char *path) {
    if (!root) return path;
    size_t n = strlen(root);
    if (!strncmp(path, root, n)) path += n;
    while (*path == '/') path++;
    return path;
}

static void out_json(FILE *f, const char *qid, const char *query, const smp_results *r,
                     int pretty, const char *base_url, double took_ms, smp_searcher *explain,
                     const char *path_root) {
    const char *nl = pretty ? "\n" : "";
    const char *in1 = pretty ? "  " : "", *in2 = pretty ? "    " : "";
    fputc('{', f);
    fputs(nl, f);
    if (qid) {
        fprintf(f, "%s\"id\": ", in1);
        json_cstr(f, qid);
        fprintf(f, ",%s", nl);
    }
    fprintf(f, "%s\"query\": ", in1);
    json_cstr(f, query);
    fprintf(f, ",%s%s\"terms\": ", nl, in1);
    json_cstr(f, smp_results_terms(r));
    fprintf(f, ",%s%s\"expansions\": ", nl, in1);
    json_cstr(f, smp_results_expansions(r));
    fprintf(f, ",%s%s\"corrected\": ", nl, in1);
    if (smp_results_corrected(r)) json_cstr(f, smp_results_corrected(r));
    else fputs("null", f);
    fprintf(f, ",%s%s\"answered\": %s, \"confidence\": %.4f", nl, in1,
            smp_results_answered(r) ? "true" : "false", smp_results_confidence(r));
    /* the answers the results give, each with the ranks that give it */
    fprintf(f, ",%s%s\"answers\": [", nl, in1);
    uint32_t nr = smp_results_count(r);
    for (uint32_t i = 0, na = 0; i < nr; i++) {
        const smp_result *x = smp_results_get(r, i);
        if (!*x->answer_value || first_of_group(r, i) != i) continue;
        fputs(na++ ? ", {\"answer\": " : "{\"answer\": ", f);
        json_cstr(f, x->answer_value);
        fputs(", \"ranks\": [", f);
        print_ranks(f, r, i);
        fputs("]}", f);
    }
    fputc(']', f);
    /* a question that names no topic of several: each topic's best answer */
    fprintf(f, ",%s%s\"topics\": [", nl, in1);
    for (uint32_t i = 0; i < smp_results_topics(r); i++) {
        const smp_result *x;
        const char *t = smp_results_topic(r, i, &x);
        fputs(i ? ", {\"topic\": " : "{\"topic\": ", f);
        json_cstr(f, t);
        fprintf(f, ", \"rank\": %u, \"passage_id\": ", x->rank);
        json_cstr(f, x->passage_id);
        fputs(", \"title\": ", f);
        json_cstr(f, x->article_title);
        fputs(", \"heading\": ", f);
        json_cstr(f, x->heading);
        fputs(", \"answer\": ", f);
        json_string(f, x->text + x->answer.start, x->answer.end - x->answer.start);
        fputs(", \"answer_value\": ", f);
        if (*x->answer_value) json_cstr(f, x->answer_value);
        else fputs("null", f);
        json_link(f, "url", x, base_url, SMP_LINK_ANSWER);
        fputc('}', f);
    }
    fputc(']', f);
    fprintf(f, ",%s%s\"results\": [", nl, in1);
    uint32_t n = smp_results_count(r);
    for (uint32_t i = 0; i < n; i++) {
        const smp_result *x = smp_results_get(r, i);
        fprintf(f, "%s%s%s{\"rank\": %u, \"score\": %.6f, \"passage_id\": ", i ? "," : "",
                nl, in2, x->rank, x->score);
        json_cstr(f, x->passage_id);
        fputs(", \"article\": {\"id\": ", f);
        json_cstr(f, x->article_id);
        fputs(", \"title\": ", f);
        json_cstr(f, x->article_title);
        fputs(", \"path\": ", f);
        json_cstr(f, shown_path(path_root, x->path));
        json_link(f, "url", x, base_url, SMP_LINK_ARTICLE);
        json_info(f, x);
        fputs("}, \"heading\": ", f);
        json_cstr(f, x->heading);
        json_heading_path(f, x->heading);
        fputs(", \"fragment\": ", f);
        json_cstr(f, x->fragment ? x->fragment : "");
        json_link(f, "url", x, base_url, SMP_LINK_PASSAGE);
        json_link(f, "answer_url", x, base_url, SMP_LINK_ANSWER);
        fprintf(f, ", \"line\": %u, \"text\": ", x->line);
        json_string(f, x->text, x->text_len);
        fputs(", \"answer\": ", f);
        json_string(f, x->text + x->answer.start, x->answer.end - x->answer.start);
        fputs(", \"answer_value\": ", f);
        if (*x->answer_value) json_cstr(f, x->answer_value);
        else fputs("null", f);
        fprintf(f, ", \"group\": %u", x->group);
        fprintf(f, ", \"answer_range\": [%u, %u], \"highlights\": [", x->answer.start,
                x->answer.end);
        for (uint32_t h = 0; h < x->nhighlights; h++)
            fprintf(f, "%s[%u, %u]", h ? ", " : "", x->highlights[h].start,
                    x->highlights[h].end);
        fputc(']', f);
        if (explain) { /* query --explain: why it ranks */
            explain_json ex = {f, 0};
            fputs(", \"explain\": [", f);
            smp_searcher_explain(explain, r, i, on_explain_json, &ex, NULL);
            fputc(']', f);
        }
        fputc('}', f);
    }
    fprintf(f, "%s%s]", n ? nl : "", n ? in1 : "");
    json_facets(f, r, nl, in1);
    if (took_ms >= 0) fprintf(f, ",%s%s\"took_ms\": %.3f", nl, in1, took_ms);
    fprintf(f, "%s}\n", nl);
}

void out_results(FILE *f, const out_opts *o, const char *qid, const char *query,
                 const smp_results *r) {
    switch (o->format) {
    case OUT_TEXT: out_text(f, o, query ? query : "", r); break;
    case OUT_JSON:
        out_json(f, qid, query, r, 1, o->base_url, o->took_ms, o->explain, o->path_root);
        break;
    case OUT_JSONL:
        out_json(f, qid, query, r, 0, o->base_url, o->took_ms, o->explain, o->path_root);
        break;
    case OUT_TREC:
        for (uint32_t i = 0; i < smp_results_count(r); i++) {
            const smp_result *x = smp_results_get(r, i);
            fprintf(f, "%s Q0 %s %u %.6f %s\n", qid ? qid : "1", x->passage_id, x->rank,
                    x->score, o->run_tag ? o->run_tag : "smpsearch");
        }
        break;
    }
}

/* Prints the summary of an update or optimize (JSON or a line). */
void cli_update_summary(const char *what, const char *output, int rc, const smp_error *err,
                        const smp_update_stats *u, double ms, int json, int quiet) {
    if (json) {
        printf("{\"output\": ");
        json_string(stdout, output, strlen(output));
        printf(", \"operation\": \"%s\", \"status\": \"%s\", \"error\": ", what,
               rc ? "failed" : u->files_skipped ? "skipped" : "ok");
        if (rc) json_string(stdout, err->msg, strlen(err->msg));
        else fputs("null", stdout);
        printf(", \"files_seen\": %llu, \"files_unchanged\": %llu, \"files_changed\": %llu, "
               "\"files_added\": %llu, \"files_deleted\": %llu, \"files_skipped\": %llu, "
               "\"passages_added\": %llu, \"passages_deleted\": %llu, \"passages\": %llu, "
               "\"segments\": %u, \"merges\": %u, \"ms\": %.0f}\n",
               (unsigned long long)u->files_seen, (unsigned long long)u->files_unchanged,
               (unsigned long long)u->files_changed, (unsigned long long)u->files_added,
               (unsigned long long)u->files_deleted, (unsigned long long)u->files_skipped,
               (unsigned long long)u->passages_added, (unsigned long long)u->passages_deleted,
               (unsigned long long)u->passages, u->segments, u->merges, ms);
    }
    if (rc) {
        text_printf(stderr, "smpsearch %s: %s\n", what, err->msg);
        return;
    }
    if (quiet || json) return;
    if (!strcmp(what, "update"))
        text_printf(stderr,
                    "updated %s: %llu file%s unchanged, %llu changed, %llu added, %llu deleted, "
                    "%llu skipped; %llu passage%s added, %llu deleted\n",
                    output, (unsigned long long)u->files_unchanged, cli_s(u->files_unchanged),
                    (unsigned long long)u->files_changed, (unsigned long long)u->files_added,
                    (unsigned long long)u->files_deleted, (unsigned long long)u->files_skipped,
                    (unsigned long long)u->passages_added, cli_s(u->passages_added),
                    (unsigned long long)u->passages_deleted);
    text_printf(stderr, "%s: %llu passage%s in %u segment%s (%u merge%s) in %.0f ms\n", output,
                (unsigned long long)u->passages, cli_s(u->passages), u->segments,
                cli_s(u->segments), u->merges, cli_s(u->merges), ms);
}
