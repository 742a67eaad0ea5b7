/*
 * suggest.c - completions for search-as-you-type (`GET /api/suggest`).
 *
 * Made once per opened index: every passage's heading and article title
 * (the questions and topics people look for, as written), with how many
 * passages carry each, and every word of the headings, titles and texts,
 * folded to lower case, with how often it occurs.  The index's dictionary
 * holds stems ("micropigment"), not words people type, hence this list of
 * surface words.
 *
 * Phrases are one entry per wording: "Lash lift" as a heading and "Lash
 * Lift" as a title, or "How long does it last?" and "how long does it
 * last", are one suggestion (the heading's spelling, with its question
 * mark, is kept).  A title the builder made from a file name
 * ("lash-lift-aftercare": no space, a hyphen, underscore, slash or dot) is
 * no phrase people type, and is left out.
 *
 * For the typed text: the phrases (headings, titles) in which every typed
 * word begins a word, those that begin with the typed text first, then the
 * most common, then the shortest; and the words that complete the last,
 * unfinished word, most common first.
 *
 * Starter questions for the empty page: the headings that are questions,
 * those that the most articles ask first, then of the most common kind of
 * question (their first two words: "how long", "can i"), then the
 * shortest; no two of one kind.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/serve/serve.h"

#define MAX_WORDS 16
#define MAX_ENTRIES 500000

typedef struct entry {
    char *text;  /* as written */
    char *low;   /* lower case, words only, one space between them */
    uint32_t count;    /* passages */
    uint32_t articles; /* articles (after merging) */
    uint32_t article;  /* ordinal of the article it came from */
    int kind;    /* 0 heading, 1 title */
} entry;

typedef struct word {
    char *w;
    uint32_t count;
} word;

struct suggester {
    entry *e;
    size_t ne, cap;
    word *w; /* sorted by w */
    size_t nw, capw;
    char *root; /* the folder every article's path starts with ("" for none) */
};

/* A word byte: a letter or digit, or any byte of a multi-byte character. */
static int wbyte(unsigned char c) { return isalnum(c) || c >= 0x80; }

/* s (n bytes) folded for comparing phrases: lower case, its words
 * separated by one space, punctuation gone. */
static char *phrase_key(const char *s, size_t n) {
    char *o = malloc(n + 1);
    size_t m = 0;
    if (!o) return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (wbyte(c) || c == '\'') {
            if (c == '\'') continue; /* "doesn't" and "doesnt" */
            o[m++] = (char)tolower(c);
        } else if (m && o[m - 1] != ' ') {
            o[m++] = ' ';
        }
    }
    if (m && o[m - 1] == ' ') m--;
    o[m] = 0;
    return o;
}

/* 1 when text looks like a file name or slug, not words. */
static int is_slug(const char *s) {
    if (strchr(s, ' ')) return 0;
    return strpbrk(s, "-_/.") != NULL;
}

static char *lower(const char *s, size_t n) {
    char *o = malloc(n + 1);
    if (!o) return NULL;
    for (size_t i = 0; i < n; i++) o[i] = (char)tolower((unsigned char)s[i]);
    o[n] = 0;
    return o;
}

static int add_word(suggester *sg, const char *s, size_t n) {
    if (n < 2 || n > 40) return 0;
    if (sg->nw == sg->capw) {
        size_t nc = sg->capw ? 2 * sg->capw : 1024;
        word *w = realloc(sg->w, nc * sizeof *w);
        if (!w) return -1;
        sg->w = w;
        sg->capw = nc;
    }
    if (!(sg->w[sg->nw].w = lower(s, n))) return -1;
    sg->w[sg->nw++].count = 1;
    return 0;
}

static int add_words(suggester *sg, const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        while (i < n && !wbyte((unsigned char)s[i])) i++;
        size_t st = i;
        while (i < n && wbyte((unsigned char)s[i])) i++;
        if (i > st && add_word(sg, s + st, i - st)) return -1;
    }
    return 0;
}

static int add_entry(suggester *sg, const char *text, int kind, uint32_t article) {
    size_t n = strlen(text);
    if (n == 0 || n > 200 || sg->ne >= MAX_ENTRIES || is_slug(text)) return 0;
    if (sg->ne == sg->cap) {
        size_t nc = sg->cap ? 2 * sg->cap : 256;
        entry *e = realloc(sg->e, nc * sizeof *e);
        if (!e) return -1;
        sg->e = e;
        sg->cap = nc;
    }
    entry *e = &sg->e[sg->ne];
    e->text = strdup(text);
    e->low = phrase_key(text, n);
    e->count = 1;
    e->articles = 1;
    e->article = article;
    e->kind = kind;
    if (e->low && !*e->low) { /* punctuation only */
        free(e->text);
        free(e->low);
        return 0;
    }
    if (!e->text || !e->low) {
        free(e->text);
        free(e->low);
        return -1;
    }
    sg->ne++;
    return 0;
}

/* Each heading of a heading path ("Aftercare \u203A Sun exposure") is a
 * phrase of its own: people type "sun exposure", not the path. */
static int add_heading(suggester *sg, const char *heading, uint32_t article) {
    char part[256];
    for (const char *h = heading, *next; h; h = next) {
        size_t n = heading_part(h, &next);
        if (n < sizeof part) {
            memcpy(part, h, n);
            part[n] = 0;
            if (add_entry(sg, part, 0, article)) return -1;
        }
    }
    return 0;
}

/* By wording, then headings before titles, then by article. */
static int cmp_entry(const void *a, const void *b) {
    const entry *x = a, *y = b;
    int c = strcmp(x->low, y->low);
    if (c) return c;
    if (x->kind != y->kind) return x->kind - y->kind;
    return x->article < y->article ? -1 : x->article > y->article;
}

/* The better spelling of one wording: a question mark, then a capital. */
static int better_text(const char *a, const char *b) {
    size_t na = strlen(a), nb = strlen(b);
    int qa = na && a[na - 1] == '?', qb = nb && b[nb - 1] == '?';
    if (qa != qb) return qa > qb;
    return isupper((unsigned char)a[0]) && !isupper((unsigned char)b[0]);
}

static int cmp_word(const void *a, const void *b) {
    return strcmp(((const word *)a)->w, ((const word *)b)->w);
}

void suggester_free(suggester *sg) {
    if (!sg) return;
    for (size_t i = 0; i < sg->ne; i++) {
        free(sg->e[i].text);
        free(sg->e[i].low);
    }
    for (size_t i = 0; i < sg->nw; i++) free(sg->w[i].w);
    free(sg->e);
    free(sg->w);
    free(sg->root);
    free(sg);
}

const char *suggester_root(const suggester *sg) { return sg->root ? sg->root : ""; }

/* root cut to the longest prefix it shares with path. */
static void common_prefix(char *root, const char *path) {
    size_t i = 0;
    while (root[i] && root[i] == path[i]) i++;
    root[i] = 0;
}

int suggester_new(suggester **out, const smp_index *ix, smp_error *err) {
    *out = NULL;
    suggester *sg = calloc(1, sizeof *sg);
    smp_searcher *sr = NULL;
    if (!sg || smp_searcher_new(&sr, ix, err)) {
        free(sg);
        return SMP_ENOMEM;
    }
    smp_index_info in;
    smp_index_get_info(ix, &in);
    const char *last_title = NULL;
    char *prev_title = NULL;
    uint32_t article = 0;
    int rc = 0;
    for (uint64_t d = 0; d < in.passages + in.deleted_passages && !rc; d++) {
        smp_result x;
        int r = smp_searcher_passage(sr, (uint32_t)d, &x, NULL);
        if (r == SMP_ENOTFOUND) continue;
        if (r) break;
        if (!prev_title || strcmp(prev_title, x.article_title)) {
            free(prev_title);
            prev_title = strdup(x.article_title);
            last_title = x.article_title;
            article++;
            rc = !prev_title || add_entry(sg, last_title, 1, article) ||
                 add_words(sg, last_title, strlen(last_title));
        }
        if (!sg->root) rc = !(sg->root = strdup(x.path));
        else common_prefix(sg->root, x.path);
        if (!rc) rc = add_heading(sg, x.heading, article);
        if (!rc) rc = add_words(sg, x.heading, strlen(x.heading)) || add_words(sg, x.text, x.text_len);
    }
    free(prev_title);
    smp_searcher_free(sr);
    if (sg->root) { /* a folder: up to its last '/' */
        char *slash = strrchr(sg->root, '/');
        if (slash) slash[1] = 0;
        else sg->root[0] = 0;
    }
    if (rc) {
        suggester_free(sg);
        snprintf(err->msg, sizeof err->msg, "out of memory making suggestions");
        return SMP_ENOMEM;
    }
    /* one entry per wording (a heading's kind and spelling before a
     * title's), with its passages and articles; one per word, with its
     * count */
    qsort(sg->e, sg->ne, sizeof *sg->e, cmp_entry);
    size_t m = 0;
    for (size_t i = 0; i < sg->ne; i++) {
        entry *p = m ? &sg->e[m - 1] : NULL, *e = &sg->e[i];
        if (p && !strcmp(p->low, e->low)) {
            p->count++;
            if (e->article != p->article) p->articles++;
            p->article = e->article;
            if (e->kind == p->kind && better_text(e->text, p->text)) {
                char *t = p->text;
                p->text = e->text;
                e->text = t;
            }
            free(e->text);
            free(e->low);
        } else {
            sg->e[m++] = *e;
        }
    }
    sg->ne = m;
    qsort(sg->w, sg->nw, sizeof *sg->w, cmp_word);
    m = 0;
    for (size_t i = 0; i < sg->nw; i++) {
        if (m && !strcmp(sg->w[m - 1].w, sg->w[i].w)) {
            sg->w[m - 1].count++;
            free(sg->w[i].w);
        } else {
            sg->w[m++] = sg->w[i];
        }
    }
    sg->nw = m;
    *out = sg;
    return SMP_OK;
}

/* 1 when some word of s begins with p (n bytes). */
static int has_word_prefix(const char *s, const char *p, size_t n) {
    for (const char *t = s; (t = strstr(t, p)); t++)
        if (t == s || !wbyte((unsigned char)t[-1])) return 1;
    (void)n;
    return 0;
}

typedef struct hit {
    const entry *e;
    int starts;
} hit;

static int cmp_hit(const void *a, const void *b) {
    const hit *x = a, *y = b;
    if (x->starts != y->starts) return y->starts - x->starts;
    if (x->e->count != y->e->count) return x->e->count < y->e->count ? 1 : -1;
    size_t lx = strlen(x->e->low), ly = strlen(y->e->low);
    if (lx != ly) return lx < ly ? -1 : 1;
    return strcmp(x->e->low, y->e->low);
}

void suggester_json(const suggester *sg, const char *q, uint32_t k, FILE *f) {
    size_t qn = strlen(q);
    char *lq = lower(q, qn);
    if (lq) { /* "doesn't" is typed as one word, as phrase_key makes it */
        size_t m = 0;
        for (size_t i = 0; i < qn; i++)
            if (lq[i] != '\'') lq[m++] = lq[i];
        lq[m] = 0;
        qn = m;
    }
    /* the typed words; the last is unfinished unless followed by a space */
    char *words[MAX_WORDS];
    size_t nw = 0;
    for (size_t i = 0; lq && i < qn && nw < MAX_WORDS;) {
        while (i < qn && !wbyte((unsigned char)lq[i])) i++;
        size_t st = i;
        while (i < qn && wbyte((unsigned char)lq[i])) i++;
        if (i > st) {
            words[nw] = lq + st;
            if (i < qn) lq[i++] = 0;
            nw++;
        }
    }
    int open_word = nw && qn && wbyte((unsigned char)q[qn - 1]);
    fputs("{\"query\": ", f);
    json_string(f, q, strlen(q));
    fputs(", \"suggestions\": [", f);
    hit *h = nw ? malloc(sizeof *h * (sg->ne + 1)) : NULL;
    size_t nh = 0;
    /* the text typed so far, lower case, words separated by one space */
    char typed[1024];
    size_t tl = 0;
    for (size_t i = 0; i < nw && tl + strlen(words[i]) + 2 < sizeof typed; i++)
        tl += (size_t)snprintf(typed + tl, sizeof typed - tl, "%s%s", i ? " " : "", words[i]);
    for (size_t i = 0; h && i < sg->ne; i++) {
        size_t k2;
        for (k2 = 0; k2 < nw; k2++)
            if (!has_word_prefix(sg->e[i].low, words[k2], strlen(words[k2]))) break;
        if (k2 < nw) continue;
        h[nh].e = &sg->e[i];
        h[nh++].starts = !strncmp(sg->e[i].low, typed, tl);
    }
    if (nh) qsort(h, nh, sizeof *h, cmp_hit);
    for (size_t i = 0; i < nh && i < k; i++) {
        fputs(i ? ", {\"text\": " : "{\"text\": ", f);
        json_string(f, h[i].e->text, strlen(h[i].e->text));
        fprintf(f, ", \"kind\": \"%s\", \"passages\": %u}", h[i].e->kind ? "title" : "heading",
                h[i].e->count);
    }
    free(h);
    fputs("], \"words\": [", f);
    if (open_word) { /* words completing the last one, most common first */
        const char *p = words[nw - 1];
        size_t pn = strlen(p), lo = 0, hi = sg->nw;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(sg->w[mid].w, p) < 0) lo = mid + 1;
            else hi = mid;
        }
        const word *best[8];
        size_t nb = 0;
        for (size_t i = lo; i < sg->nw && !strncmp(sg->w[i].w, p, pn); i++) {
            size_t j = nb < 8 ? nb++ : 8;
            if (j == 8 && sg->w[i].count <= best[7]->count) continue;
            if (j == 8) j = 7;
            while (j > 0 && best[j - 1]->count < sg->w[i].count) {
                best[j] = best[j - 1];
                j--;
            }
            best[j] = &sg->w[i];
        }
        for (size_t i = 0; i < nb && i < k; i++) {
            if (i) fputs(", ", f);
            json_string(f, best[i]->w, strlen(best[i]->w));
        }
    }
    fputs("]}\n", f);
    free(lq);
}

/* The first two words of a key ("how long"), as a length. */
static size_t kind_len(const char *low) {
    const char *sp = strchr(low, ' ');
    if (!sp) return strlen(low);
    const char *sp2 = strchr(sp + 1, ' ');
    return sp2 ? (size_t)(sp2 - low) : strlen(low);
}

typedef struct starter {
    const entry *e;
    uint32_t kind_count; /* question headings of its kind */
} starter;

static int cmp_starter(const void *a, const void *b) {
    const starter *x = a, *y = b;
    if (x->e->articles != y->e->articles) return x->e->articles < y->e->articles ? 1 : -1;
    if (x->kind_count != y->kind_count) return x->kind_count < y->kind_count ? 1 : -1;
    size_t lx = strlen(x->e->low), ly = strlen(y->e->low);
    if (lx != ly) return lx < ly ? -1 : 1;
    return strcmp(x->e->low, y->e->low);
}

static int cmp_kind(const void *a, const void *b) {
    const char *x = ((const starter *)a)->e->low, *y = ((const starter *)b)->e->low;
    size_t nx = kind_len(x), ny = kind_len(y);
    int c = strncmp(x, y, nx < ny ? nx : ny);
    return c ? c : (nx > ny) - (nx < ny);
}

void suggester_starters_json(const suggester *sg, uint32_t k, FILE *f) {
    fputs("{\"starters\": [", f);
    starter *st = malloc(sizeof *st * (sg->ne + 1));
    size_t n = 0;
    for (size_t i = 0; st && i < sg->ne; i++) {
        const entry *e = &sg->e[i];
        size_t len = strlen(e->text);
        if (e->kind == 0 && len >= 8 && len <= 80 && e->text[len - 1] == '?' && strchr(e->low, ' '))
            st[n++] = (starter){e, 0};
    }
    /* how many questions of each kind (first two words) */
    if (n) qsort(st, n, sizeof *st, cmp_kind);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && !cmp_kind(&st[i], &st[j]); j++) {}
        for (size_t t = i; t < j; t++) st[t].kind_count = (uint32_t)(j - i);
    }
    if (n) qsort(st, n, sizeof *st, cmp_starter);
    /* one of each kind first; then others, when there are fewer kinds */
    uint32_t out = 0;
    unsigned char *used = n ? calloc(n, 1) : NULL;
    for (int pass = 0; used && pass < 2; pass++) {
        for (size_t i = 0; i < n && out < k; i++) {
            if (used[i]) continue;
            size_t j = 0;
            while (pass == 0 && j < i && !(used[j] && !cmp_kind(&st[i], &st[j]))) j++;
            if (pass == 0 && j < i) continue;
            used[i] = 1;
            fputs(out++ ? ", {\"text\": " : "{\"text\": ", f);
            json_string(f, st[i].e->text, strlen(st[i].e->text));
            fprintf(f, ", \"articles\": %u}", st[i].e->articles);
        }
    }
    free(used);
    free(st);
    fputs("]}\n", f);
}
