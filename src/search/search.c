/*
 * search.c - query analysis, document-at-a-time BM25 evaluation over all
 * postings of the query's terms, top-k selection with a heap, and the
 * assembly of results (article, heading, text, answer, highlights).
 *
 * Ties in score are broken by the lower passage number, so results are
 * deterministic.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index/format.h"
#include "answer/answer.h"

#define MAX_QUERY_TERMS 255 /* indexes fit a uint8_t */
#define MAX_K 10000

struct smp_searcher {
    const smp_index *ix;
    smp_stemmer *st;
    smp_aliases *aliases; /* NULL when the index has none */
    smp_store_reader *store; /* one per segment */
    size_t nstore;
    smp_buf spans;   /* highlight scratch */
    smp_buf scratch; /* strings of smp_searcher_passage */
};

struct smp_results {
    smp_arena arena;
    smp_result *items;
    uint32_t n;
    char *terms;      /* the question's terms, after spelling correction */
    char *expansions; /* terms added by alias groups */
    char *corrected;  /* the question with corrected words, or NULL */
    double confidence; /* that the best passage answers (confidence.c) */
    int answered;      /* confidence reached the option's threshold */
    uint32_t ngroups;  /* of results that give the same answer */
};

void smp_search_options_init(smp_search_options *opt) {
    memset(opt, 0, sizeof *opt);
    opt->k = 10;
    opt->k1 = 1.5;
    opt->b = 0.75;
    opt->weight[SMP_FIELD_TITLE] = 2.0;
    opt->weight[SMP_FIELD_HEADING] = 2.0;
    opt->weight[SMP_FIELD_BODY] = 1.0;
    opt->language = NULL;
    opt->alias_weight = 0.5;
    opt->strategy = SMP_TOPK_MAXSCORE;
    opt->min_confidence = SMP_MIN_CONFIDENCE;
}

/* --- query analysis ------------------------------------------------------ */

#define MAX_PHRASES SMP_MAX_PHRASES
#define MAX_PHRASE_TERMS SMP_MAX_PHRASE_TERMS
#define MAX_QUOTED 8

typedef struct qphrase {
    uint8_t term[MAX_PHRASE_TERMS]; /* indexes into qstate.terms */
    size_t n;
    size_t group;  /* phrases of one group are alternatives */
    int own;       /* the question's own wording of the group */
    double weight; /* of an alternative wording */
} qphrase;

/* Group numbers of hyphenated words and numbers, apart from those of
 * alias groups. */
#define HYPHEN_GROUP ((size_t)1 << 30)

typedef struct qstate {
    smp_arena *arena;
    smp_qterm terms[MAX_QUERY_TERMS];
    size_t n;
    size_t nown;                     /* terms of the question itself */
    size_t span[MAX_QUERY_TERMS][2]; /* first occurrence in the query */
    uint8_t seq[MAX_QUERY_TERMS];    /* the question's terms in order */
    size_t seq_start[MAX_QUERY_TERMS]; /* their byte offsets */
    size_t nseq;
    uint32_t last_pos;               /* word position of the last term */
    size_t hyphen_groups;
    int english;
    smp_stemmer *st;     /* SMP_AN_NUMBERS: a number's other form is added */
    const char *query;
    size_t query_len;
    double alias_weight; /* of the terms alias groups add */
    qphrase phrases[MAX_PHRASES]; /* added by alias groups */
    size_t nphrases;
    /* quoted phrases: byte ranges in the query, then their words */
    size_t quoted[MAX_QUOTED][2];
    size_t nquoted;
    int qtype; /* the kind of answer asked for (qtype.c) */
    struct {
        uint8_t term[MAX_PHRASE_TERMS];
        uint32_t pos[MAX_PHRASE_TERMS];
        size_t n;
    } qp[MAX_QUOTED];
} qstate;

/* Finds the quoted parts of the query: between straight or curly double
 * quotes, paired in order; a quote left open runs to the end. */
static void find_quoted(qstate *q, const char *query) {
    size_t len = strlen(query), open = SIZE_MAX;
    for (size_t i = 0; i < len && q->nquoted < MAX_QUOTED; i++) {
        size_t qlen = 0;
        if (query[i] == '"') qlen = 1;
        else if ((unsigned char)query[i] == 0xE2 && i + 2 < len &&
                 (unsigned char)query[i + 1] == 0x80 &&
                 ((unsigned char)query[i + 2] >= 0x9C && (unsigned char)query[i + 2] <= 0x9E))
            qlen = 3; /* U+201C..U+201E */
        if (!qlen) continue;
        if (open == SIZE_MAX) {
            open = i + qlen;
        } else {
            q->quoted[q->nquoted][0] = open;
            q->quoted[q->nquoted++][1] = i;
            open = SIZE_MAX;
        }
        i += qlen - 1;
    }
    if (open != SIZE_MAX && q->nquoted < MAX_QUOTED) {
        q->quoted[q->nquoted][0] = open;
        q->quoted[q->nquoted++][1] = len;
    }
}

/* A word inside quotes is part of that phrase and never filler. */
static void note_quoted(qstate *q, size_t term, const smp_token *tok) {
    for (size_t j = 0; j < q->nquoted; j++) {
        if (tok->start < q->quoted[j][0] || tok->start >= q->quoted[j][1]) continue;
        q->terms[term].filler = 0;
        if (q->qp[j].n < MAX_PHRASE_TERMS) {
            q->qp[j].term[q->qp[j].n] = (uint8_t)term;
            q->qp[j].pos[q->qp[j].n++] = tok->pos;
        }
        return;
    }
}

static int add_term(qstate *q, const char *term, size_t len, double weight, int filler,
                    int alt, size_t *index) {
    for (size_t i = 0; i < q->n; i++)
        if (q->terms[i].len == len && memcmp(q->terms[i].term, term, len) == 0) {
            if (!alt) q->terms[i].alt = 0; /* the question says it plainly too */
            *index = i;
            return 0;
        }
    *index = SIZE_MAX;
    if (q->n == MAX_QUERY_TERMS) return 0; /* the rest are ignored */
    char *copy = smp_arena_strndup(q->arena, term, len);
    if (!copy) return SMP_ENOMEM;
    q->terms[q->n] = (smp_qterm){copy, len, 0, filler, weight, NULL, 0, alt, 0};
    *index = q->n++;
    return 0;
}

/* Adds a phrase (term indexes) to a concept group. */
static void add_phrase(qstate *q, size_t group, int own, double weight, const size_t *terms,
                       size_t n) {
    if (q->nphrases == MAX_PHRASES || n > MAX_PHRASE_TERMS) return;
    qphrase *p = &q->phrases[q->nphrases++];
    p->group = group;
    p->own = own;
    p->weight = weight;
    p->n = n;
    for (size_t k = 0; k < n; k++) p->term[k] = (uint8_t)terms[k];
}

/* A hyphenated word gives its parts and then their joined form at the
 * last part's position ("pre-school": "pre", "school", "preschool").  The
 * two are one concept: the joined form is an alternative wording of the
 * parts, so the word is not counted three times. */
static int on_joined(qstate *q, const char *term, size_t len, const smp_token *tok) {
    size_t parts[MAX_PHRASE_TERMS], np = 0, first = q->nseq;
    while (first > 0 && q->seq_start[first - 1] >= tok->start) first--;
    for (size_t k = first; k < q->nseq && np < MAX_PHRASE_TERMS; k++) parts[np++] = q->seq[k];
    size_t i, before = q->n;
    int rc = add_term(q, term, len, 1.0, 0, 1, &i);
    if (rc || i == SIZE_MAX) return rc;
    if (i == before) { /* its place in the question, for the corrected text */
        q->span[i][0] = tok->start;
        q->span[i][1] = tok->end;
    }
    if (np < 2) return 0;
    q->terms[i].qtf++;
    size_t group = HYPHEN_GROUP + q->hyphen_groups++;
    add_phrase(q, group, 1, 1.0, parts, np);
    add_phrase(q, group, 0, 1.0, &i, 1);
    return 0;
}

/* A number of things in the question has its other form as an
 * alternative wording: "three weeks" finds "3 weeks" too, and "8 years"
 * "eight years" (numbers.c).  It weighs half an alias: a number the
 * question shares with a passage says less than a synonym does, and at
 * 0.25 the judged number questions (tests/relevance/numbers.tsv) rank
 * best and the development questions lose least (nDCG@10 0.7208 against
 * 0.7199 at the alias weight). */
static int add_number_form(qstate *q, size_t i, const smp_token *tok, const char *other,
                           size_t ol) {
    size_t sl, j;
    if (!smp_number_counts(q->query, q->query_len, tok->end)) return 0;
    const char *stem = smp_stem(q->st, other, ol, &sl);
    if (!stem) return SMP_ENOMEM;
    double wgt = q->alias_weight / 2;
    int rc = add_term(q, stem, sl, wgt, 0, 1, &j);
    if (rc || j == SIZE_MAX || j == i) return rc;
    size_t group = HYPHEN_GROUP + q->hyphen_groups++;
    add_phrase(q, group, 1, 1.0, &i, 1);
    add_phrase(q, group, 0, wgt, &j, 1);
    return 0;
}

static int on_query_term(void *ud, const char *term, size_t len, const smp_token *tok) {
    qstate *q = ud;
    /* the joined form of a hyphenated word shares the last part's position */
    if (q->nseq > 0 && tok->pos == q->last_pos) return on_joined(q, term, len, tok);
    q->last_pos = tok->pos;
    size_t i, before = q->n;
    int rc = add_term(q, term, len, 1.0, q->english && smp_is_filler(tok->text, tok->len), 0,
                      &i);
    if (rc || i == SIZE_MAX) return rc;
    q->terms[i].qtf++;
    char other[32]; /* a number's other form: "four" is no misspelt "for" */
    size_t ol = smp_number_other_form(tok->text, tok->len, other, sizeof other);
    if (ol) q->terms[i].number = 1;
    note_quoted(q, i, tok);
    if (i == before || q->span[i][1] == 0) { /* new, or only added so far */
        q->span[i][0] = tok->start;
        q->span[i][1] = tok->end;
    }
    if (ol && i == before && q->st && (rc = add_number_form(q, i, tok, other, ol))) return rc;
    if (q->nseq < MAX_QUERY_TERMS) {
        q->seq_start[q->nseq] = tok->start;
        q->seq[q->nseq++] = (uint8_t)i;
    }
    return 0;
}

/* The phrases of a group are one concept, scored like one term: a
 * passage gets the larger of what the question's own phrase earns there
 * and what the best other phrase earns at the alias weight, so that saying
 * it both ways is no bonus.  An added phrase counts only where all its
 * words are (alone, words like "cell" or "unit" of a long form would match
 * far too much). */
static int on_expand(void *ud, size_t group, int own, const smp_qword *phrase, size_t n) {
    qstate *q = ud;
    size_t terms[MAX_PHRASE_TERMS];
    if (n > MAX_PHRASE_TERMS) return 0;
    for (size_t k = 0; k < n; k++) {
        int rc = add_term(q, phrase[k].stem, phrase[k].len, q->alias_weight, 0, 1, &terms[k]);
        if (rc) return rc;
        if (terms[k] == SIZE_MAX) return 0; /* out of room: drop the phrase */
    }
    add_phrase(q, group, own, q->alias_weight, terms, n);
    return 0;
}

/* Replaces each word of the question that is not in the dictionary by the
 * nearest one that is (spell.c). */
static int correct_spelling(const smp_index *ix, qstate *q) {
    for (size_t i = 0; i < q->nown; i++) {
        smp_qterm *t = &q->terms[i];
        uint32_t df;
        const char *c;
        size_t cl;
        if (t->alt || t->number) continue;
        int found = smp_index_df(ix, t->term, t->len, &df);
        if (found < 0) return found;
        if (found) continue;
        if (!smp_spell_correct(ix, t->term, t->len, &c, &cl)) continue;
        char *copy = smp_arena_strndup(q->arena, c, cl);
        if (!copy) return SMP_ENOMEM;
        t->orig = t->term;
        t->term = copy;
        t->len = cl;
    }
    return SMP_OK;
}

/* Adds the phrases of the alias groups that the question matches. */
static int expand_aliases(const smp_aliases *a, qstate *q) {
    smp_qword words[MAX_QUERY_TERMS];
    for (size_t i = 0; i < q->nseq; i++) {
        words[i].stem = q->terms[q->seq[i]].term;
        words[i].len = q->terms[q->seq[i]].len;
    }
    return smp_aliases_expand(a, words, q->nseq, on_expand, q);
}

/* --- results --------------------------------------------------------------- */

/* The segment holding passage doc (its number in the segment in *local),
 * or -1 when there is none or it is deleted. */
static long segment_of(const smp_index *ix, uint32_t doc, uint32_t *local) {
    long seg = smp_index_locate(ix, doc, local);
    if (seg < 0 || smp_segref_deleted(smp_index_segment(ix, (size_t)seg), *local)) return -1;
    return seg;
}

static int fill_result(smp_searcher *s, const qstate *q, smp_results *r, smp_result *out,
                       const smp_hit *h, int ids_only) {
    smp_doc_info d;
    uint32_t local;
    long seg = segment_of(s->ix, h->doc, &local);
    if (seg < 0) return SMP_ECORRUPT;
    const smp_segment *sg = smp_index_segment(s->ix, (size_t)seg)->seg;
    smp_store_reader *store = &s->store[seg];
    smp_stemmer *st = s->st;
    smp_buf *spans = &s->spans;
    int rc = smp_segment_doc(sg, local, &d);
    if (rc) return rc;
    const char *aid, *title, *path, *heading = "", *text = "";
    uint32_t hl = 0, tl = 0;
    if ((rc = smp_segment_article(sg, d.article, &aid, &title, &path))) return rc;
    if (!ids_only && (rc = smp_segment_passage(sg, &d, store, &heading, &hl, &text, &tl)))
        return rc;
    out->score = h->score;
    out->docid = h->doc;
    out->article_id = aid;
    out->article_title = title;
    out->path = path;
    out->line = d.line;
    out->heading = smp_arena_strndup(&r->arena, heading, hl);
    out->text = smp_arena_strndup(&r->arena, text, tl);
    out->text_len = tl;
    if (d.ordinal == 0) {
        out->passage_id = aid;
    } else {
        size_t n = strlen(aid) + 16;
        char *pid = smp_arena_alloc(&r->arena, n);
        if (pid) snprintf(pid, n, "%s#%u", aid, d.ordinal);
        out->passage_id = pid;
    }
    out->answer_value = "";
    if (!out->heading || !out->text || !out->passage_id) return SMP_ENOMEM;
    if (ids_only) return SMP_OK;
    smp_buf_reset(spans);
    rc = smp_snippet(st, q->terms, q->n, out->heading, out->text, tl, q->qtype, &out->answer,
                     spans);
    if (rc) return rc;
    out->nhighlights = (uint32_t)(spans->n / sizeof(smp_span));
    smp_span *hs = smp_arena_alloc(&r->arena, spans->n + sizeof(smp_span));
    if (!hs) return SMP_ENOMEM;
    if (spans->n) memcpy(hs, spans->p, spans->n);
    out->highlights = hs;
    char v[SMP_ANSWER_VALUE_MAX];
    if (q->qtype && smp_answer_value(q->qtype, out->text + out->answer.start,
                                     out->answer.end - out->answer.start, v, sizeof v) &&
        !(out->answer_value = smp_arena_strndup(&r->arena, v, strlen(v))))
        return SMP_ENOMEM;
    return SMP_OK;
}

/* Results that give the same answer (value.c) share a group, numbered
 * by their first result; the others have a group each. */
static void group_answers(smp_results *r, int off) {
    uint32_t ng = 0;
    for (uint32_t i = 0; i < r->n; i++) {
        smp_result *x = &r->items[i];
        x->group = ng;
        for (uint32_t j = 0; j < i && !off && x->answer_value[0]; j++)
            if (!strcmp(r->items[j].answer_value, x->answer_value)) {
                x->group = r->items[j].group;
                break;
            }
        if (x->group == ng) ng++;
    }
    r->ngroups = ng;
}

/* Space-separated list of terms i in [from, to). */
static char *join_terms(smp_arena *a, const qstate *q, size_t from, size_t to) {
    size_t len = 1;
    for (size_t i = from; i < to; i++) len += q->terms[i].len + 1;
    char *out = smp_arena_alloc(a, len);
    if (!out) return NULL;
    char *p = out;
    for (size_t i = from; i < to; i++) {
        if (i > from) *p++ = ' ';
        memcpy(p, q->terms[i].term, q->terms[i].len);
        p += q->terms[i].len;
    }
    *p = 0;
    return out;
}

/* Fills the results' terms and expansions. */
static int describe_terms(smp_results *r, const qstate *q) {
    r->terms = join_terms(&r->arena, q, 0, q->nown);
    r->expansions = join_terms(&r->arena, q, q->nown, q->n);
    return r->terms && r->expansions ? SMP_OK : SMP_ENOMEM;
}

/* Fills the corrected question (left NULL when nothing was corrected):
 * the question with each corrected word replaced by its term's text. */
static int describe_corrected(smp_results *r, const char *query, const qstate *q) {
    size_t extra = 0, ncorr = 0;
    for (size_t i = 0; i < q->nown; i++)
        if (q->terms[i].orig) extra += q->terms[i].len, ncorr++;
    if (ncorr == 0) return SMP_OK;
    size_t qlen = strlen(query);
    char *out = smp_arena_alloc(&r->arena, qlen + extra + 1);
    if (!out) return SMP_ENOMEM;
    /* copy the question, each corrected word's first occurrence replaced */
    size_t o = 0, pos = 0;
    while (pos <= qlen) {
        size_t next = qlen, which = SIZE_MAX;
        for (size_t i = 0; i < q->nown; i++)
            if (q->terms[i].orig && q->span[i][0] >= pos && q->span[i][0] < next &&
                q->span[i][1] > q->span[i][0] && q->span[i][1] <= qlen) {
                next = q->span[i][0];
                which = i;
            }
        memcpy(out + o, query + pos, next - pos);
        o += next - pos;
        if (which == SIZE_MAX) break;
        memcpy(out + o, q->terms[which].term, q->terms[which].len);
        o += q->terms[which].len;
        pos = q->span[which][1];
    }
    out[o] = 0;
    r->corrected = out;
    return SMP_OK;
}

/* The word as written in a result that a corrected stem came from. */
typedef struct surface_find {
    const char *stem;
    size_t len;
    char word[SMP_MAX_TOKEN + 1];
} surface_find;

static int on_surface(void *ud, const char *term, size_t len, const smp_token *tok) {
    surface_find *f = ud;
    if (len != f->len || memcmp(term, f->stem, len)) return 0;
    memcpy(f->word, tok->text, tok->len + 1);
    return 1;
}

/* Rewrites the corrected question with words as they appear in the
 * results ("micropigmentation", not the stem "micropigment"). */
static int show_corrections(smp_searcher *s, qstate *q, smp_results *r, const char *query) {
    int changed = 0;
    for (size_t i = 0; i < q->nown; i++) {
        smp_qterm *t = &q->terms[i];
        if (!t->orig) continue;
        surface_find f = {t->term, t->len, ""};
        for (uint32_t k = 0; k < r->n && k < 10 && !f.word[0]; k++) {
            const smp_result *x = &r->items[k];
            const char *fields[3] = {x->heading, x->article_title, x->text};
            size_t lens[3] = {strlen(x->heading), strlen(x->article_title), x->text_len};
            for (int fi = 0; fi < 3 && !f.word[0]; fi++)
                if (smp_analyze(s->st, fields[fi], lens[fi], on_surface, &f) < 0)
                    return SMP_ENOMEM;
        }
        if (!f.word[0]) continue;
        char *w = smp_arena_strndup(&r->arena, f.word, strlen(f.word));
        if (!w) return SMP_ENOMEM;
        t->term = w; /* for display only: the search is done */
        t->len = strlen(w);
        changed = 1;
    }
    return changed ? describe_corrected(r, query, q) : SMP_OK;
}

/* The confidence that the best result answers the question, from its
 * title, heading and text (read again when the results carry ids only). */
static int top_confidence(smp_searcher *s, const qstate *q, const smp_results *r, uint64_t N,
                          double *out) {
    const smp_result *x = &r->items[0];
    const char *fields[3] = {x->article_title, x->heading, x->text};
    size_t lens[3] = {strlen(x->article_title), strlen(x->heading), x->text_len};
    if (!x->text_len) { /* ids only: the passage from the store */
        uint32_t local, hl, tl;
        long seg = segment_of(s->ix, x->docid, &local);
        if (seg < 0) return SMP_ECORRUPT;
        const smp_segment *sg = smp_index_segment(s->ix, (size_t)seg)->seg;
        smp_doc_info d;
        int rc = smp_segment_doc(sg, local, &d);
        if (rc == SMP_OK)
            rc = smp_segment_passage(sg, &d, &s->store[seg], &fields[1], &hl, &fields[2], &tl);
        if (rc) return rc;
        lens[1] = hl;
        lens[2] = tl;
    }
    return smp_confidence(s->st, q->terms, q->nown, smp_bm25_idf(N ? N : 1, 1), fields, lens, 3,
                          out);
}

int smp_searcher_new(smp_searcher **out, const smp_index *ix, smp_error *err) {
    *out = NULL;
    if (!ix) return smp_set_error(err, SMP_EINVAL, "no index");
    smp_searcher *s = calloc(1, sizeof *s);
    if (!s) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    s->ix = ix;
    s->nstore = smp_index_nsegments(ix);
    if (!(s->store = calloc(s->nstore, sizeof *s->store))) {
        free(s);
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < s->nstore; i++) smp_store_reader_init(&s->store[i]);
    smp_buf_init(&s->scratch);
    const char *atext;
    size_t alen;
    smp_index_aliases(ix, &atext, &alen);
    if (alen && smp_aliases_parse(&s->aliases, atext, alen)) {
        smp_searcher_free(s);
        return smp_set_error(err, SMP_ECORRUPT, "the index's alias groups are damaged");
    }
    smp_buf_init(&s->spans);
    if (smp_stemmer_new(&s->st, smp_index_language(ix), err)) {
        smp_searcher_free(s);
        return smp_set_error(err, SMP_EANALYZER, "the index's stemmer (%s) is not available",
                             smp_index_language(ix));
    }
    smp_stemmer_set_analyzer(s->st, smp_index_analyzer(ix));
    *out = s;
    return SMP_OK;
}

void smp_searcher_free(smp_searcher *s) {
    if (!s) return;
    smp_stemmer_free(s->st);
    for (size_t i = 0; i < s->nstore; i++) smp_store_reader_free(&s->store[i]);
    free(s->store);
    smp_aliases_free(s->aliases);
    smp_buf_free(&s->scratch);
    smp_buf_free(&s->spans);
    free(s);
}

int smp_searcher_passage(smp_searcher *s, uint32_t docid, smp_result *out, smp_error *err) {
    memset(out, 0, sizeof *out);
    smp_doc_info d;
    const char *aid, *title, *path, *heading, *text;
    uint32_t hl, tl, local;
    long seg = smp_index_locate(s->ix, docid, &local);
    const smp_segref *r = seg >= 0 ? smp_index_segment(s->ix, (size_t)seg) : NULL;
    if (r && smp_segref_deleted(r, local))
        return smp_set_error(err, SMP_ENOTFOUND, "passage %u was deleted", docid);
    if (!r || smp_segment_doc(r->seg, local, &d))
        return smp_set_error(err, SMP_EINVAL, "no passage %u", docid);
    int rc = smp_segment_article(r->seg, d.article, &aid, &title, &path);
    if (rc == SMP_OK)
        rc = smp_segment_passage(r->seg, &d, &s->store[seg], &heading, &hl, &text, &tl);
    if (rc) return smp_set_error(err, rc, "cannot read passage %u: %s", docid, smp_strerror(rc));
    /* layout in scratch: passage id, heading, text, each NUL-terminated */
    smp_buf *b = &s->scratch;
    smp_buf_reset(b);
    char num[16];
    snprintf(num, sizeof num, "#%u", d.ordinal);
    smp_buf_puts(b, aid);
    if (d.ordinal) smp_buf_puts(b, num);
    smp_buf_putc(b, 0);
    size_t hoff = b->n;
    smp_buf_append(b, heading, hl);
    smp_buf_putc(b, 0);
    size_t toff = b->n;
    smp_buf_append(b, text, tl);
    smp_buf_putc(b, 0);
    if (b->rc) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    out->docid = docid;
    out->passage_id = (const char *)b->p;
    out->article_id = aid;
    out->article_title = title;
    out->path = path;
    out->heading = (const char *)b->p + hoff;
    out->text = (const char *)b->p + toff;
    out->text_len = tl;
    out->line = d.line;
    out->answer.end = tl;
    return SMP_OK;
}

int smp_search(const smp_index *ix, const char *query,
               const smp_search_options *opt, smp_results **out,
               smp_error *err) {
    *out = NULL;
    smp_searcher *s;
    int rc = smp_searcher_new(&s, ix, err);
    if (rc) return rc;
    rc = smp_searcher_search(s, query, opt, out, err);
    smp_searcher_free(s);
    return rc;
}

/* A hit of a segmented index, with its place in a full build. */
typedef struct ranked {
    double score;
    uint64_t key; /* smp_index_order_key */
    uint32_t doc;
} ranked;

/* Best first: higher score, then earlier in a full build. */
static int cmp_ranked(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

static void free_topk(smp_topk *tk) {
    if (!tk) return;
    for (size_t i = 0; i < tk->nreq; i++) smp_phrase_free(&tk->req[i]);
    free(tk->req);
    free(tk);
}

int smp_searcher_search(smp_searcher *s, const char *query,
                        const smp_search_options *opt, smp_results **out,
                        smp_error *err) {
    *out = NULL;
    smp_search_options defaults;
    if (!opt) {
        smp_search_options_init(&defaults);
        opt = &defaults;
    }
    if (!s || !query) return smp_set_error(err, SMP_EINVAL, "no searcher or no query");
    const smp_index *ix = s->ix;
    smp_stemmer *st = s->st;
    if (opt->k == 0 || opt->k > MAX_K)
        return smp_set_error(err, SMP_EINVAL, "k must be between 1 and %d", MAX_K);
    if (!(opt->k1 >= 0) || !(opt->b >= 0 && opt->b <= 1))
        return smp_set_error(err, SMP_EINVAL, "k1 must be >= 0 and b in [0, 1]");
    for (int f = 0; f < 3; f++)
        if (!(opt->weight[f] >= 0) || !isfinite(opt->weight[f]))
            return smp_set_error(err, SMP_EINVAL, "field weights must be >= 0");
    if (opt->strategy < SMP_TOPK_EXHAUSTIVE || opt->strategy > SMP_TOPK_BMW)
        return smp_set_error(err, SMP_EINVAL, "unknown top-k strategy %d", opt->strategy);
    if (!(opt->alias_weight >= 0 && opt->alias_weight <= 1))
        return smp_set_error(err, SMP_EINVAL, "the alias weight must be in [0, 1]");
    const char *lang = smp_index_language(ix);
    if (opt->language && strcmp(opt->language, lang) != 0)
        return smp_set_error(err, SMP_EANALYZER,
                             "the index was built with the %s stemmer, not %s", lang,
                             opt->language);

    smp_results *r = calloc(1, sizeof *r);
    smp_cursor *cur = NULL;
    smp_hit *heap = NULL;
    ranked *keys = NULL; /* segmented indexes: hits with their order keys */
    size_t *order = NULL; /* segments, largest first */
    smp_topk *tk = NULL;
    int rc;
    if (!r) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    smp_arena_init(&r->arena);
    qstate q;
    memset(&q, 0, sizeof q);
    q.arena = &r->arena;
    q.english = !strcmp(lang, "english") || !strcmp(lang, "porter");
    q.alias_weight = opt->alias_weight;
    if (smp_stemmer_analyzer(st) & SMP_AN_NUMBERS) q.st = st;
    q.query = query;
    q.query_len = strlen(query);
    if (!opt->no_phrases) find_quoted(&q, query);
    if (q.english && !opt->no_answer_types) q.qtype = smp_question_type(query);
    if ((rc = smp_analyze(st, query, q.query_len, on_query_term, &q))) goto nomem;
    if (q.n == 0) {
        rc = smp_set_error(err, SMP_EEMPTY, "the query has no word to search for");
        goto fail;
    }
    q.nown = q.n;
    if (!opt->no_spelling && (rc = correct_spelling(ix, &q))) {
        if (rc == SMP_ECORRUPT) goto corrupt;
        goto nomem;
    }
    if (!opt->no_aliases && (rc = expand_aliases(s->aliases, &q))) goto nomem;
    if ((rc = describe_terms(r, &q)) || (rc = describe_corrected(r, query, &q))) goto nomem;

    /* statistics of the whole index: the same whether it is one file or
       segments, so both rank alike */
    uint64_t N = smp_index_live_passages(ix);
    int use[MAX_QUERY_TERMS]; /* the term is scored */
    int plain = smp_index_manifest(ix) == NULL; /* one file: look terms up once */
    smp_term_info gti[MAX_QUERY_TERMS];
    double tidf[MAX_QUERY_TERMS];
    /* question filler ("how", "does", "the") is left out of the ranking
       when the question has a real word: it only adds noise */
    int content = 0;
    for (size_t i = 0; i < q.nown; i++) content |= !q.terms[i].filler && !q.terms[i].alt;
    for (size_t i = 0; i < q.n; i++) {
        use[i] = 0;
        int dup = 0; /* a correction may repeat another word */
        for (size_t k = 0; k < i; k++)
            dup |= q.terms[k].len == q.terms[i].len &&
                   !memcmp(q.terms[k].term, q.terms[i].term, q.terms[i].len);
        if (dup || (q.terms[i].filler && content && !opt->keep_filler)) continue;
        uint32_t df;
        int found = plain ? smp_segment_lookup(smp_index_segment(ix, 0)->seg, q.terms[i].term,
                                               q.terms[i].len, &gti[i])
                          : smp_index_df(ix, q.terms[i].term, q.terms[i].len, &df);
        if (found < 0) goto corrupt;
        if (!found) continue;
        if (plain) df = gti[i].df;
        use[i] = 1;
        q.terms[i].idf = smp_bm25_idf(N, df);
        /* a word said twice counts twice, as in Lucene's and FTS5's BM25 */
        tidf[i] = q.terms[i].idf * (q.terms[i].qtf ? q.terms[i].qtf : 1);
    }
    /* concept groups; a phrase with a word nowhere never matches */
    size_t gterm[MAX_PHRASES][MAX_PHRASE_TERMS], glen[MAX_PHRASES], gsrc[MAX_PHRASES];
    double pscale[MAX_PHRASES], pidf[MAX_PHRASES];
    size_t np = 0;
    for (size_t p = 0; p < q.nphrases; p++) {
        size_t k, m = 0;
        pidf[np] = 0;
        for (k = 0; k < q.phrases[p].n; k++) {
            size_t t = q.phrases[p].term[k];
            if (use[t]) {
                gterm[np][m++] = t;
                /* an added phrase weighs only its words the question lacks */
                if (q.phrases[p].own || q.terms[t].alt) pidf[np] += tidf[t];
            } else if (!q.phrases[p].own) {
                break; /* an added phrase must match whole */
            }
        }
        if (k == q.phrases[p].n) {
            glen[np] = m;
            gsrc[np++] = p;
        }
    }
    /* an added phrase is scaled to the idf of the question's own phrase,
       so a long form of many words weighs what the one acronym does */
    for (size_t p = 0, g0 = 0; p < np; p++) {
        const qphrase *qp = &q.phrases[gsrc[p]];
        if (p == 0 || qp->group != q.phrases[gsrc[p - 1]].group) g0 = p;
        double own_idf = 0;
        for (size_t k = g0; k < np && q.phrases[gsrc[k]].group == qp->group; k++)
            if (q.phrases[gsrc[k]].own && pidf[k] > own_idf) own_idf = pidf[k];
        pscale[p] = qp->weight * (own_idf > 0 && pidf[p] > 0 ? own_idf / pidf[p] : 1);
    }
    /* quoted phrases: every result must hold each of them */
    int impossible = 0;
    for (size_t j = 0; j < q.nquoted && !impossible; j++)
        for (size_t k = 0; k < q.qp[j].n && !impossible; k++) {
            const smp_qterm *t = &q.terms[q.qp[j].term[k]];
            uint32_t df;
            int found = smp_index_df(ix, t->term, t->len, &df);
            if (found < 0) goto corrupt;
            impossible = !found;
        }
    double avg[3];
    smp_index_avg_len(ix, avg);

    size_t nseg = smp_index_nsegments(ix);
    tk = calloc(1, sizeof *tk);
    cur = calloc(q.n + 1, sizeof *cur);
    heap = malloc(sizeof *heap * opt->k * (nseg > 1 ? 2 : 1));
    if (nseg > 1) keys = malloc(sizeof *keys * opt->k * 2);
    if (!tk || !cur || !heap || (nseg > 1 && !keys)) goto nomem;
    uint32_t nh = 0;
    /* the largest segments first: their best scores let the smaller ones
       skip more */
    order = malloc(sizeof *order * nseg);
    if (!order) goto nomem;
    for (size_t i = 0; i < nseg; i++) order[i] = i;
    for (size_t i = 1; i < nseg; i++)
        for (size_t j = i; j > 0 && smp_index_segment(ix, order[j])->live >
                                        smp_index_segment(ix, order[j - 1])->live;
             j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (size_t oi = 0; oi < nseg && !impossible; oi++) {
        size_t si = order[oi];
        const smp_segref *sg = smp_index_segment(ix, si);
        const smp_segment *six = sg->seg;
        uint64_t Ns = smp_segment_passages(six);
        size_t nc = 0;
        int cursor_of[MAX_QUERY_TERMS]; /* term -> cursor, -1: none */
        for (size_t i = 0; i < q.n; i++) {
            smp_cursor *c = &cur[nc];
            cursor_of[i] = -1;
            if (!use[i]) continue;
            if (plain) {
                c->ti = gti[i];
            } else {
                int found = smp_segment_lookup(six, q.terms[i].term, q.terms[i].len, &c->ti);
                if (found < 0) goto corrupt;
                if (!found) continue;
            }
            c->idf = tidf[i];
            c->own = !q.terms[i].alt;
            if ((rc = smp_cursor_init(c, Ns))) goto corrupt;
            cursor_of[i] = (int)nc++;
        }
        if (nc == 0) continue;
        memset(tk, 0, sizeof *tk);
        tk->floor = nh == opt->k ? heap[nh - 1].score : -1.0;
        tk->seg = six;
        tk->N = Ns;
        tk->cur = cur;
        tk->nc = nc;
        tk->del = sg->del;
        tk->ndel = sg->ndel;
        size_t lp = 0;
        for (size_t p = 0; p < np; p++) { /* the group phrases with words here */
            const qphrase *qp = &q.phrases[gsrc[p]];
            size_t k, m = 0;
            for (k = 0; k < glen[p]; k++) {
                int ci = cursor_of[gterm[p][k]];
                if (ci >= 0) tk->pcur[lp][m++] = ci;
                else if (!qp->own) break; /* cannot match in this segment */
            }
            if (k < glen[p]) continue;
            tk->pgroup[lp] = qp->group;
            tk->pown[lp] = qp->own;
            tk->pscale[lp] = pscale[p];
            tk->plen[lp++] = m;
        }
        tk->np = lp;
        int absent = 0; /* a quoted word missing from this segment */
        for (size_t j = 0; j < q.nquoted && !absent; j++) {
            if (q.qp[j].n == 0) continue;
            smp_term_info ti[MAX_PHRASE_TERMS];
            uint32_t off[MAX_PHRASE_TERMS];
            for (size_t k = 0; k < q.qp[j].n && !absent; k++) {
                const smp_qterm *t = &q.terms[q.qp[j].term[k]];
                int found = smp_segment_lookup(six, t->term, t->len, &ti[k]);
                if (found < 0) goto corrupt;
                absent = !found;
                off[k] = q.qp[j].pos[k] - q.qp[j].pos[0];
            }
            if (absent) break;
            if (!tk->req && !(tk->req = calloc(MAX_QUOTED, sizeof *tk->req))) goto nomem;
            rc = smp_phrase_init(&tk->req[tk->nreq], six, ti, off, q.qp[j].n);
            if (rc == SMP_ENOMEM) goto nomem;
            if (rc) goto corrupt;
            tk->nreq++;
        }
        if (!absent) {
            tk->bm = (smp_bm25){opt->k1, opt->b, {opt->weight[0], opt->weight[1], opt->weight[2]}, 0};
            for (int f = 0; f < 3; f++) tk->bm.avg_len += tk->bm.weight[f] * avg[f];
            smp_topk_prepare(tk);
            uint32_t sh = 0;
            rc = smp_topk_run(tk, opt->strategy, opt->k, heap + nh, &sh);
            if (rc == SMP_ENOMEM) goto nomem;
            if (rc) goto corrupt;
            for (uint32_t i = 0; i < sh; i++) {
                if (nseg > 1) keys[nh + i] = (ranked){heap[nh + i].score,
                                                      smp_index_order_key(ix, si, heap[nh + i].doc),
                                                      heap[nh + i].doc + sg->base};
                heap[nh + i].doc += sg->base;
            }
            nh += sh;
            if (nseg > 1) { /* keep the best k of all segments so far, equal
                               scores in the order of a full build */
                qsort(keys, nh, sizeof *keys, cmp_ranked);
                if (nh > opt->k) nh = opt->k;
                for (uint32_t i = 0; i < nh; i++) heap[i] = (smp_hit){keys[i].score, keys[i].doc};
            }
        }
        for (size_t i = 0; i < tk->nreq; i++) smp_phrase_free(&tk->req[i]);
        tk->nreq = 0;
        free(tk->req);
        tk->req = NULL;
    }
    free(order);
    order = NULL;

    r->items = smp_arena_alloc(&r->arena, (nh + 1) * sizeof *r->items);
    if (!r->items) goto nomem;
    for (uint32_t i = 0; i < nh; i++) {
        smp_result *res = &r->items[i];
        memset(res, 0, sizeof *res);
        res->rank = i + 1;
        rc = fill_result(s, &q, r, res, &heap[i], opt->ids_only);
        if (rc == SMP_ENOMEM) goto nomem;
        if (rc) goto corrupt;
        r->n++;
    }
    if (r->n && (rc = top_confidence(s, &q, r, N, &r->confidence))) {
        if (rc == SMP_ENOMEM) goto nomem;
        goto corrupt;
    }
    r->answered = r->n > 0 && r->confidence >= opt->min_confidence;
    group_answers(r, opt->no_answer_groups);
    if (r->corrected && !opt->ids_only && (rc = show_corrections(s, &q, r, query)))
        goto nomem;
    free_topk(tk);
    free(cur);
    free(heap);
    free(keys);
    free(order);
    *out = r;
    return SMP_OK;

corrupt:
    rc = smp_set_error(err, SMP_ECORRUPT, "the index is corrupt (postings or passage store)");
    goto fail;
nomem:
    rc = smp_set_error(err, SMP_ENOMEM, "out of memory");
fail:
    free_topk(tk);
    free(cur);
    free(heap);
    free(keys);
    free(order);
    smp_results_free(r);
    return rc;
}

uint32_t smp_results_count(const smp_results *r) { return r ? r->n : 0; }

const smp_result *smp_results_get(const smp_results *r, uint32_t i) {
    return r && i < r->n ? &r->items[i] : NULL;
}

const char *smp_results_terms(const smp_results *r) { return r ? r->terms : ""; }
const char *smp_results_expansions(const smp_results *r) { return r ? r->expansions : ""; }
const char *smp_results_corrected(const smp_results *r) { return r ? r->corrected : NULL; }
double smp_results_confidence(const smp_results *r) { return r ? r->confidence : 0; }
int smp_results_answered(const smp_results *r) { return r ? r->answered : 0; }
uint32_t smp_results_ngroups(const smp_results *r) { return r ? r->ngroups : 0; }

void smp_results_free(smp_results *r) {
    if (!r) return;
    smp_arena_free(&r->arena);
    free(r);
}
