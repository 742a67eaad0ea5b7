/* snippet.c - the answer sentence and the highlights of a passage. */
#include <string.h>

#include "answer/answer.h"

#define MAX_Q SMP_SNIPPET_MAX_TERMS

typedef struct sentence_state {
    const smp_qterm *q;
    size_t nq;
    smp_buf *spans;
    /* sentences */
    const char *text;
    size_t len;
    size_t sent_start;  /* start of the current sentence */
    size_t sent_end;    /* its end, found once per sentence */
    int has_content;    /* the query has a non-filler term */
    uint64_t seen;      /* query terms seen in the current sentence */
    double best_score;
    size_t best_start, best_end;
    int have_best;
    int qtype; /* the kind of answer asked for (qtype.c) */
    int have_plain;           /* a sentence that is no question was seen */
    size_t plain_start, plain_end; /* the first such */
    unsigned char *found;     /* smp_snippet_found: where terms were, or NULL */
} sentence_state;

/* Sentence end: the offset just after the sentence that contains `from`. */
static size_t sentence_end(const char *t, size_t len, size_t from) {
    /* 1: a newline, 2: a stop, 0: any other byte */
    static const uint8_t kind[256] = {['\n'] = 1, ['.'] = 2, ['!'] = 2, ['?'] = 2};
    const unsigned char *u = (const unsigned char *)t;
    for (size_t i = from; i < len; i++) {
        if (!kind[u[i]]) continue;
        if (u[i] == '\n') return i;
        if (i + 1 == len || t[i + 1] == ' ' || t[i + 1] == '\n' || t[i + 1] == '\t')
            return i + 1;
    }
    return len;
}

static double seen_score(const sentence_state *s) {
    double sc = 0;
    for (size_t i = 0; i < s->nq; i++)
        if ((s->seen & ((uint64_t)1 << i)) && !s->q[i].filler) sc += s->q[i].idf * s->q[i].weight;
    return sc;
}

static void close_sentence(sentence_state *s, size_t end) {
    double sc = seen_score(s);
    /* a question is never the answer (a heading repeated in a merged
       passage, a rhetorical question) */
    size_t last = end;
    while (last > s->sent_start && (s->text[last - 1] == ' ' || s->text[last - 1] == '\n'))
        last--;
    if (last > s->sent_start && s->text[last - 1] == '?') {
        s->seen = 0;
        return;
    }
    if (!s->have_plain && last > s->sent_start) {
        s->have_plain = 1;
        s->plain_start = s->sent_start;
        s->plain_end = end;
    }
    /* a sentence that matches the question and gives the kind of answer
       it asks for (a duration, a number of visits, a price, pain, safety,
       a procedure, eligibility: qtype.c) comes first */
    if (sc > 0 && s->qtype && smp_gives_answer(s->qtype, s->text + s->sent_start,
                                               end - s->sent_start))
        sc *= 1.5;
    if (sc > 0 && (!s->have_best || sc > s->best_score)) {
        s->best_score = sc;
        s->best_start = s->sent_start;
        s->best_end = end;
        s->have_best = 1;
    }
    s->seen = 0;
}

/* Closes every sentence that ends before a token starting at start. */
SMP_NOINLINE static void close_before(sentence_state *s, size_t start) {
    while (start >= s->sent_end) {
        close_sentence(s, s->sent_end);
        s->sent_start = s->sent_end;
        while (s->sent_start < s->len &&
               (s->text[s->sent_start] == ' ' || s->text[s->sent_start] == '\n' ||
                s->text[s->sent_start] == '\t'))
            s->sent_start++;
        s->sent_end = sentence_end(s->text, s->len, s->sent_start);
    }
}

/* A term of the text: the question's terms it is marked seen and, when
 * worth it, highlighted. */
SMP_NOINLINE static void match_term(sentence_state *s, const char *term, size_t len, const smp_token *tok) {
    if (s->found) /* every term it is: a corrected word may repeat one */
        for (size_t i = 0; i < s->nq; i++)
            if (s->q[i].len == len && memcmp(s->q[i].term, term, len) == 0)
                s->found[i] |= SMP_FOUND_BODY;
    for (size_t i = 0; i < s->nq; i++) {
        if (s->q[i].len == len && memcmp(s->q[i].term, term, len) == 0) {
            s->seen |= (uint64_t)1 << i;
            /* "how", "does", "a" are not worth a highlight when the
               question has real words */
            if (s->q[i].filler && s->has_content) break;
            /* a hyphen's joined form repeats its parts, and a range
               ("three to five", numbers.c) spans words already marked:
               the spans it overlaps become one */
            smp_span sp = {(uint32_t)tok->start, (uint32_t)tok->end};
            while (s->spans->n >= sizeof(smp_span)) {
                smp_span last;
                memcpy(&last, s->spans->p + s->spans->n - sizeof last, sizeof last);
                if (sp.start >= last.end) break;
                if (last.start < sp.start) sp.start = last.start;
                if (last.end > sp.end) sp.end = last.end;
                s->spans->n -= sizeof last;
            }
            smp_buf_append(s->spans, &sp, sizeof sp);
            break;
        }
    }
}

static int on_term(void *ud, const char *term, size_t len, const smp_token *tok) {
    sentence_state *s = ud;
    if (tok->start >= s->sent_end) close_before(s, tok->start);
    /* a NULL term is none of the question's terms (smp_analyze_filtered) */
    if (term) match_term(s, term, len, tok);
    return 0;
}

/* Marks in *seen the query terms found in the heading. */
typedef struct heading_match {
    const smp_qterm *q;
    size_t nq;
    uint64_t seen;
    unsigned char *found; /* or NULL */
} heading_match;

static int on_heading_term(void *ud, const char *term, size_t len, const smp_token *tok) {
    SMP_UNUSED(tok);
    heading_match *h = ud;
    if (!term) return 0;
    for (size_t i = 0; i < h->nq; i++)
        if (h->q[i].len == len && memcmp(h->q[i].term, term, len) == 0) {
            h->seen |= (uint64_t)1 << i;
            if (h->found) h->found[i] |= SMP_FOUND_HEADING;
        }
    return 0;
}

int smp_snippet(smp_stemmer *st, const smp_qterm *q, size_t nq, const char *heading,
                const char *text, size_t len, int qtype, smp_span *answer, smp_buf *spans) {
    return smp_snippet_found(st, q, nq, heading, text, len, qtype, answer, spans, NULL);
}

int smp_snippet_found(smp_stemmer *st, const smp_qterm *q, size_t nq, const char *heading,
                      const char *text, size_t len, int qtype, smp_span *answer,
                      smp_buf *spans, unsigned char *found) {
    sentence_state s;
    memset(&s, 0, sizeof s);
    s.qtype = qtype;
    s.found = found;
    /* a section's first sentence answers its heading: it shares the
       heading's matches with the question */
    s.q = q;
    s.nq = nq > MAX_Q ? MAX_Q : nq;
    for (size_t i = 0; i < s.nq; i++) s.has_content |= !q[i].filler;
    /* only tokens that may stem to a term that counts are stemmed: when
       the question has real words its filler neither scores a sentence
       (seen_score) nor is highlighted; a filler term equal to a real
       word's term passes with it, so on_term's first match is the same.
       Noting where terms are found (as smp_confidence does), every term
       passes: a token the filter would have ruled out can only stem to
       filler then (stems keep the first byte and are no longer than the
       word), which neither scores nor is highlighted, so the answer and
       the highlights are the same. */
    smp_term_filter flt;
    smp_term_filter_init(&flt, st);
    for (size_t i = 0; i < s.nq; i++)
        if (found || !s.has_content || !q[i].filler)
            smp_term_filter_add(&flt, q[i].term, q[i].len);
    heading_match hm = {q, s.nq, 0, found};
    if (heading &&
        smp_analyze_filtered(st, heading, strlen(heading), &flt, on_heading_term, &hm) < 0)
        return SMP_ENOMEM;
    s.seen = hm.seen;
    s.spans = spans;
    s.text = text;
    s.len = len;
    while (s.sent_start < len && (text[s.sent_start] == ' ' || text[s.sent_start] == '\n'))
        s.sent_start++;
    s.sent_end = sentence_end(text, len, s.sent_start);
    int rc = smp_analyze_filtered(st, text, len, &flt, on_term, &s);
    if (rc) return rc;
    close_sentence(&s, s.sent_end);
    if (!s.have_best && s.have_plain) { /* the first sentence that is no question */
        s.best_start = s.plain_start;
        s.best_end = s.plain_end;
    } else if (!s.have_best) {
        size_t a = 0;
        while (a < len && (text[a] == ' ' || text[a] == '\n')) a++;
        s.best_start = a;
        s.best_end = sentence_end(text, len, a);
    }
    answer->start = (uint32_t)s.best_start;
    answer->end = (uint32_t)s.best_end;
    return spans->rc;
}
