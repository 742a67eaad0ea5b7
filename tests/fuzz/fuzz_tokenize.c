/*
 * fuzz_tokenize.c - any bytes through the tokenizer, the numbers filter
 * and the stemmer: every token lies inside the input, in order, and is
 * not empty; the filtered analysis of answers (smp_analyze_filtered)
 * finds every term of a set that the full analysis finds, at the same
 * tokens, the set being some of the input's own terms.
 */
#include "fuzz.h"
#include "answer/answer.h"
#include "indexer/indexer.h"

typedef struct st {
    size_t len, last_start;
    uint32_t last_pos;
    int n;
} st;

static int on_token(void *ud, const smp_token *t) {
    st *s = ud;
    FUZZ_ASSERT(t->len > 0 && strlen(t->text) == t->len);
    FUZZ_ASSERT(t->start < t->end && t->end <= s->len);
    FUZZ_ASSERT(s->n == 0 || t->pos >= s->last_pos);
    s->last_pos = t->pos;
    s->n++;
    return 0;
}

static int on_term(void *ud, const char *term, size_t len, const smp_token *t) {
    (void)ud;
    (void)t;
    FUZZ_ASSERT(strlen(term) == len);
    return 0;
}

/* The filtered analysis against the full one: the terms of a set, as
 * the full analysis gives them token by token, then as the filtered one
 * does. */
#define SET_MAX 16
#define SEEN_MAX 4096
typedef struct diff {
    char set[SET_MAX][64];
    size_t setlen[SET_MAX], nset;
    size_t nseen;  /* terms the full analysis gave (the set's source) */
    size_t ntok;   /* tokens given, either way */
    size_t start[SEEN_MAX], end[SEEN_MAX];
    int hit[SEEN_MAX]; /* the set's term index + 1, or 0 */
    int filtered;      /* second pass: compare, do not record */
} diff;

static int in_set(const diff *d, const char *term, size_t len) {
    for (size_t i = 0; i < d->nset; i++)
        if (d->setlen[i] == len && memcmp(d->set[i], term, len) == 0) return (int)i + 1;
    return 0;
}

/* first pass: every third term of the input goes into the set */
static int collect(void *ud, const char *term, size_t len, const smp_token *t) {
    (void)t;
    diff *d = ud;
    if (d->nseen++ % 3 == 0 && d->nset < SET_MAX && len > 0 && len < 64 && !in_set(d, term, len)) {
        memcpy(d->set[d->nset], term, len);
        d->setlen[d->nset++] = len;
    }
    return 0;
}

static int record(void *ud, const char *term, size_t len, const smp_token *t) {
    diff *d = ud;
    int h = term ? in_set(d, term, len) : 0;
    size_t i = d->ntok++;
    if (i >= SEEN_MAX) return 0;
    if (!d->filtered) {
        d->start[i] = t->start;
        d->end[i] = t->end;
        d->hit[i] = h;
    } else {
        FUZZ_ASSERT(d->start[i] == t->start && d->end[i] == t->end);
        FUZZ_ASSERT(d->hit[i] == h);
    }
    return 0;
}

static void check_filtered(smp_stemmer *s, const uint8_t *data, size_t size) {
    static diff d;
    memset(&d, 0, offsetof(diff, start));
    d.filtered = 0;
    FUZZ_ASSERT(smp_analyze(s, (const char *)data, size, collect, &d) == 0);
    smp_term_filter f;
    smp_term_filter_init(&f, s);
    for (size_t i = 0; i < d.nset; i++) smp_term_filter_add(&f, d.set[i], d.setlen[i]);
    d.ntok = 0;
    FUZZ_ASSERT(smp_analyze(s, (const char *)data, size, record, &d) == 0);
    size_t n = d.ntok;
    d.ntok = 0;
    d.filtered = 1;
    FUZZ_ASSERT(smp_analyze_filtered(s, (const char *)data, size, &f, record, &d) == 0);
    FUZZ_ASSERT(d.ntok == n);
}

/* Stemmers kept across inputs (made once), made again now and then so
   that their word caches stay small over millions of inputs. */
static smp_stemmer *stemmer, *numbers;
static unsigned long runs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (++runs % 4096 == 0) {
        smp_stemmer_free(stemmer);
        smp_stemmer_free(numbers);
        stemmer = numbers = NULL;
    }
    if (!stemmer && smp_stemmer_new(&stemmer, "english", NULL)) abort();
    st s = {size, 0, 0, 0};
    FUZZ_ASSERT(smp_tokenize((const char *)data, size, on_token, &s) == 0);
    FUZZ_ASSERT(smp_analyze(stemmer, (const char *)data, size, on_term, NULL) == 0);
    /* the numbers filter keeps the same promises */
    if (!numbers) {
        if (smp_stemmer_new(&numbers, "english", NULL)) abort();
        smp_stemmer_set_analyzer(numbers, SMP_AN_NUMBERS);
    }
    st s2 = {size, 0, 0, 0};
    smp_numbers nf;
    smp_numbers_init(&nf, (const char *)data, on_token, &s2);
    FUZZ_ASSERT(smp_tokenize((const char *)data, size, smp_numbers_token, &nf) == 0);
    FUZZ_ASSERT(smp_analyze(numbers, (const char *)data, size, on_term, NULL) == 0);
    /* the filtered analysis, with and without the numbers filter */
    check_filtered(stemmer, data, size);
    check_filtered(numbers, data, size);
    /* the text checker never grows or misreads the buffer */
    char *copy = fuzz_str(data, size);
    size_t repaired = 0;
    smp_error err;
    int rc = smp_check_text(copy, size, &repaired, &err);
    FUZZ_ASSERT(rc == SMP_OK || rc == SMP_EFORMAT);
    free(copy);
    return 0;
}
