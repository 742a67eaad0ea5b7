/*
 * results.c - the public face of searching: a searcher over an index,
 * and the results of a question: each passage with its article, heading,
 * text, answer sentence, highlights and answer value, the confidence that
 * the best one answers, the groups of results that agree, and the
 * question as corrected.  The ranking itself is search/: the question is
 * analysed (query.c), planned over the whole index (plan.c) and run over
 * its segments (execute.c).
 *
 * Ties in score are broken by the lower passage number (in a segmented
 * index, by the place in a full build), so results are deterministic.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "answer/answer.h"

#define MAX_K 10000
/* Results read to find each topic's best answer (topics.c). */
#define TOPIC_POOL 40
/* A topic's best result scores at least this share of the best result. */
#define TOPIC_MIN_SHARE 0.5
/* A topic's results read for its best answer. */
#define TOPIC_TRIES 4

struct smp_searcher {
    const smp_index *ix;
    smp_stemmer *st;
    /* the stemmers of the index's other languages (smp_index_languages) */
    smp_stemmer *langs[SMP_MAX_LANGUAGES];
    const char *lang_names[SMP_MAX_LANGUAGES];
    size_t nlangs;
    smp_topics topics; /* the categories of the index's articles */
    uint64_t searches;        /* searches made; the last one's q, plan and: */
    smp_search_options last;  /* options (smp_searcher_explain) */
    int last_qtype;           /* what it asks for (when reranked or answered) */
    smp_aliases *aliases; /* NULL when the index has none */
    smp_store_reader *store; /* one per segment */
    size_t nstore;
    smp_answer_memo *memo;   /* the second stage's answer types, made on first use */
    smp_buf spans;   /* highlight scratch */
    smp_buf scratch; /* strings of smp_searcher_passage */
    smp_query *q;    /* the question being searched (on the heap: large) */
    smp_plan *plan;  /* its plan */
    /* the categories and tags of the articles, read on the first search
       that filters or counts facets */
    smp_facet_table facets;
    int facets_loaded;
    size_t word_cache; /* smp_searcher_set_word_cache (0: no bound) */
    /* the passages' length factors under the last parameters, one set per
       segment (search.h), made on the first search */
    smp_knorms *knorms;
};

struct smp_results {
    smp_arena arena;
    smp_result *items;
    uint32_t n;
    char *terms;      /* the question's terms, after spelling correction */
    char *expansions; /* terms added by alias groups */
    char *content;    /* the terms that are not filler (smp_results_content_terms) */
    char *corrected;  /* the question with corrected words, or NULL */
    double confidence; /* that the best passage answers (confidence.c) */
    int answered;      /* confidence reached the option's threshold */
    uint32_t ngroups;  /* of results that give the same answer */
    /* a question that names no topic of several: the best result of each
       topic (items holds the results, then the rest of the pool read for
       the topics) */
    uint32_t npool;
    uint64_t search_no; /* the searcher's search that made them */
    uint32_t ntopics;
    const char *topic[SMP_MAX_TOPICS];
    uint32_t topic_item[SMP_MAX_TOPICS];
    /* facet counts (smp_search_options.facets), per SMP_FACET_* */
    smp_facet *facet[SMP_NFACETS];
    uint32_t nfacet[SMP_NFACETS];
};

void smp_search_options_init(smp_search_options *opt) {
    memset(opt, 0, sizeof *opt);
    opt->k = 10;
    opt->k1 = 1.8;
    opt->b = 0.6;
    opt->weight[SMP_FIELD_TITLE] = 2.0;
    opt->weight[SMP_FIELD_HEADING] = 4.0;
    opt->weight[SMP_FIELD_BODY] = 1.0;
    opt->language = NULL;
    opt->alias_weight = 0.8;
    opt->strategy = SMP_TOPK_MAXSCORE;
    opt->min_confidence = SMP_MIN_CONFIDENCE;
    opt->question_weight = SMP_QUESTION_WEIGHT;
    opt->rerank_depth = SMP_RERANK_DEPTH;
    /* fitted by coordinate ascent on the tuning half of the customer
       questions (tests/relevance/customers), held out on the validation
       half, StackFAQ and six test collections (README) */
    opt->proximity_weight = 0.01;
    opt->heading_match_weight = 0.25;
    opt->title_match_weight = 1.0;
    opt->topic_weight = 2.0;
    opt->answer_type_weight = 0.5;
    opt->length_weight = 0.1;
}

void smp_search_options_for(smp_search_options *opt, const smp_index *ix) {
    smp_search_options_init(opt);
    double v[SMP_RANKING_NVALUES];
    int n = ix ? smp_index_ranking(ix, v) : 0;
    if (!n) return;
    opt->k1 = v[0];
    opt->b = v[1];
    for (int f = 0; f < 3; f++) opt->weight[f] = v[2 + f];
    opt->question_weight = v[5];
    opt->alias_weight = v[6];
    if (n < SMP_RANKING_NVALUES) return; /* version 1: the default rerank weights */
    opt->proximity_weight = v[7];
    opt->heading_match_weight = v[8];
    opt->title_match_weight = v[9];
    opt->topic_weight = v[10];
    opt->answer_type_weight = v[11];
    opt->length_weight = v[12];
}

/* --- results --------------------------------------------------------------- */

/* The segment holding passage doc (its number in the segment in *local),
 * or -1 when there is none or it is deleted. */
static long segment_of(const smp_index *ix, uint32_t doc, uint32_t *local) {
    long seg = smp_index_locate(ix, doc, local);
    if (seg < 0 || smp_segref_deleted(smp_index_segment(ix, (size_t)seg), *local)) return -1;
    return seg;
}

/* The result's article info and fragment (strings of the index). */
static int fill_links(const smp_segment *sg, uint32_t article, uint32_t local, smp_result *out) {
    smp_article_info in;
    int rc = smp_segment_article_info(sg, article, &in);
    if (rc == SMP_OK) rc = smp_segment_fragment(sg, local, &out->fragment);
    if (rc) return rc;
    out->url = in.url;
    out->date = in.date;
    out->description = in.description;
    out->tags = in.tags;
    out->categories = in.categories;
    out->language = in.language;
    return SMP_OK;
}

/* The stemmer a passage of an article in language tag was analysed with:
 * the index's, or that of one of its other languages. */
static smp_stemmer *stemmer_of(const smp_searcher *s, const char *tag) {
    const char *name = s->nlangs ? smp_stemmer_for_lang(tag) : NULL;
    for (size_t i = 0; name && i < s->nlangs; i++)
        if (!strcmp(s->lang_names[i], name)) return s->langs[i];
    return s->st;
}

/* found: NULL, or where the question's terms are in the passage's heading
 * and text (smp_snippet_found), for its confidence. */
static int fill_result(smp_searcher *s, const smp_query *q, int qtype, smp_results *r,
                       smp_result *out, const smp_hit *h, int ids_only, unsigned char *found) {
    smp_doc_info d;
    uint32_t local;
    long seg = segment_of(s->ix, h->doc, &local);
    if (seg < 0) return SMP_ECORRUPT;
    const smp_segment *sg = smp_index_segment(s->ix, (size_t)seg)->seg;
    smp_store_reader *store = &s->store[seg];
    smp_buf *spans = &s->spans;
    int rc = smp_segment_doc(sg, local, &d);
    if (rc) return rc;
    const char *aid, *title, *path, *heading = "", *text = "";
    uint32_t hl = 0, tl = 0;
    if ((rc = smp_segment_article(sg, d.article, &aid, &title, &path)) ||
        (rc = fill_links(sg, d.article, local, out)))
        return rc;
    smp_stemmer *st = stemmer_of(s, out->language);
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
    rc = smp_snippet_found(st, q->terms, q->n, out->heading, out->text, tl, qtype,
                           &out->answer, spans, found);
    if (rc) return rc;
    out->nhighlights = (uint32_t)(spans->n / sizeof(smp_span));
    smp_span *hs = smp_arena_alloc(&r->arena, spans->n + sizeof(smp_span));
    if (!hs) return SMP_ENOMEM;
    if (spans->n) memcpy(hs, spans->p, spans->n);
    out->highlights = hs;
    char v[SMP_ANSWER_VALUE_MAX];
    if (qtype && smp_answer_value(qtype, out->text + out->answer.start,
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
static char *join_terms(smp_arena *a, const smp_query *q, size_t from, size_t to) {
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

/* 1 when term t is filler as typed with two adjacent letters swapped
 * ("dose" for "does", "teh", "hwo"). */
static int swapped_filler(const smp_qterm *t) {
    char w[8];
    if (t->len < 3 || t->len > sizeof w) return 0;
    for (size_t i = 0; i + 1 < t->len; i++) {
        if (t->term[i] == t->term[i + 1]) continue;
        memcpy(w, t->term, t->len);
        w[i] = t->term[i + 1];
        w[i + 1] = t->term[i];
        if (smp_is_filler(w, t->len)) return 1;
    }
    return 0;
}

/* The question's own terms that are neither filler nor only an
 * alternative wording, space-separated. */
static char *join_content(smp_arena *a, const smp_query *q) {
    size_t len = 1;
    for (size_t i = 0; i < q->nown; i++) len += q->terms[i].len + 1;
    char *out = smp_arena_alloc(a, len);
    if (!out) return NULL;
    char *p = out;
    for (size_t i = 0; i < q->nown; i++) {
        const smp_qterm *t = &q->terms[i];
        if (t->filler || t->alt || (q->english && swapped_filler(t))) continue;
        if (p > out) *p++ = ' ';
        memcpy(p, t->term, t->len);
        p += t->len;
    }
    *p = 0;
    return out;
}

/* Fills the results' terms and expansions. */
static int describe_terms(smp_results *r, const smp_query *q) {
    r->terms = join_terms(&r->arena, q, 0, q->nown);
    r->expansions = join_terms(&r->arena, q, q->nown, q->n);
    r->content = join_content(&r->arena, q);
    return r->terms && r->expansions && r->content ? SMP_OK : SMP_ENOMEM;
}

/* Fills the corrected question (left NULL when nothing was corrected):
 * the question with each corrected word replaced by its term's text. */
static int describe_corrected(smp_results *r, const char *query, const smp_query *q) {
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
static int show_corrections(smp_searcher *s, smp_query *q, smp_results *r, const char *query) {
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
 * title, heading and text (read again when the results carry ids only).
 * found: NULL, or where the question's terms are in its heading and text
 * (smp_snippet_found), which are then not analysed again. */
static int top_confidence(smp_searcher *s, const smp_query *q, const smp_results *r,
                          const unsigned char *found, double *out) {
    const smp_result *x = &r->items[0];
    const char *fields[3] = {x->article_title, x->heading, x->text};
    size_t lens[3] = {strlen(x->article_title), strlen(x->heading), x->text_len};
    static const int heading[3] = {1, 1, 0};
    if (found) /* the title alone */
        return smp_confidence(stemmer_of(s, x->language), q, found, fields, lens, heading, 1,
                              out);
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
    return smp_confidence(stemmer_of(s, x->language), q, NULL, fields, lens, heading, 3, out);
}

int smp_searcher_new(smp_searcher **out, const smp_index *ix, smp_error *err) {
    *out = NULL;
    if (!ix) return smp_set_error(err, SMP_EINVAL, "no index");
    smp_searcher *s = calloc(1, sizeof *s);
    if (!s) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    s->ix = ix;
    s->word_cache = SMP_WORD_CACHE_DEFAULT;
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
    if (!(s->q = malloc(sizeof *s->q)) || !(s->plan = malloc(sizeof *s->plan))) {
        smp_searcher_free(s);
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    }
    if (smp_stemmer_new(&s->st, smp_index_language(ix), err)) {
        smp_searcher_free(s);
        return smp_set_error(err, SMP_EANALYZER, "the index's stemmer (%s) is not available",
                             smp_index_language(ix));
    }
    smp_stemmer_set_analyzer(s->st, smp_index_analyzer(ix));
    if (smp_topics_load(&s->topics, ix, s->st)) {
        smp_searcher_free(s);
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    }
    s->nlangs = smp_index_languages(ix, s->lang_names, SMP_MAX_LANGUAGES);
    for (size_t i = 0; i < s->nlangs; i++) {
        if (smp_stemmer_new(&s->langs[i], s->lang_names[i], err)) {
            const char *name = s->lang_names[i];
            s->nlangs = i;
            smp_searcher_free(s);
            return smp_set_error(err, SMP_EANALYZER, "the index's stemmer (%s) is not available",
                                 name);
        }
        smp_stemmer_set_analyzer(s->langs[i], smp_index_analyzer(ix));
    }
    *out = s;
    return SMP_OK;
}

void smp_searcher_set_word_cache(smp_searcher *s, size_t words) {
    if (s) s->word_cache = words;
}

/* A new, empty stemmer in place of *st (same language and analyzer); *st
 * stays as it is when there is no memory for one. */
static void renew_stemmer(smp_stemmer **st) {
    smp_stemmer *fresh;
    if (smp_stemmer_new(&fresh, smp_stemmer_language(*st), NULL)) return;
    smp_stemmer_set_analyzer(fresh, smp_stemmer_analyzer(*st));
    smp_stemmer_free(*st);
    *st = fresh;
}

/* The stemmers' caches emptied when they hold more than word_cache words
 * (each miss adds one): between searches, when no stem of theirs is in
 * use (a search copies the stems it keeps into its results). */
static void bound_word_cache(smp_searcher *s) {
    if (!s->word_cache) return;
    uint64_t words, n;
    smp_stemmer_counts(s->st, NULL, &words);
    for (size_t i = 0; i < s->nlangs; i++) {
        smp_stemmer_counts(s->langs[i], NULL, &n);
        words += n;
    }
    if (words <= s->word_cache) return;
    renew_stemmer(&s->st);
    for (size_t i = 0; i < s->nlangs; i++) renew_stemmer(&s->langs[i]);
}

void smp_searcher_free(smp_searcher *s) {
    if (!s) return;
    smp_stemmer_free(s->st);
    for (size_t i = 0; i < s->nlangs; i++) smp_stemmer_free(s->langs[i]);
    smp_topics_free(&s->topics);
    smp_facet_table_free(&s->facets);
    for (size_t i = 0; i < s->nstore; i++) smp_store_reader_free(&s->store[i]);
    free(s->store);
    free(s->memo);
    for (size_t i = 0; s->knorms && i < s->nstore; i++) smp_knorms_free(&s->knorms[i]);
    free(s->knorms);
    smp_aliases_free(s->aliases);
    smp_buf_free(&s->scratch);
    smp_buf_free(&s->spans);
    free(s->q);
    free(s->plan);
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
    if (rc == SMP_OK) rc = fill_links(r->seg, d.article, local, out);
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


/* The error of a failed search, with its code kept. */
static int search_error(smp_error *err, int rc) {
    switch (rc) {
    case SMP_ENOMEM: return smp_set_error(err, rc, "out of memory");
    case SMP_ECORRUPT:
        return smp_set_error(err, rc, "the index is corrupt (postings or passage store)");
    case SMP_EEMPTY: return smp_set_error(err, rc, "the query has no word to search for");
    default: return smp_set_error(err, rc, "%s", smp_strerror(rc));
    }
}

static int check_options(const smp_search_options *opt, const char *lang, smp_error *err) {
    if (opt->k == 0 || opt->k > MAX_K)
        return smp_set_error(err, SMP_EINVAL, "k must be between 1 and %d", MAX_K);
    if (!(opt->k1 >= 0) || !(opt->b >= 0 && opt->b <= 1))
        return smp_set_error(err, SMP_EINVAL, "k1 must be >= 0 and b in [0, 1]");
    for (int f = 0; f < 3; f++)
        if (!(opt->weight[f] >= 0) || !isfinite(opt->weight[f]))
            return smp_set_error(err, SMP_EINVAL, "field weights must be >= 0");
    if (opt->strategy < SMP_TOPK_EXHAUSTIVE || opt->strategy > SMP_TOPK_BLOCKMAX)
        return smp_set_error(err, SMP_EINVAL, "unknown top-k strategy %d", opt->strategy);
    if (!(opt->alias_weight >= 0 && opt->alias_weight <= 1))
        return smp_set_error(err, SMP_EINVAL, "the alias weight must be in [0, 1]");
    double w[SMP_RR_NFEATURES];
    smp_rerank_weights(opt, w);
    for (int f = 0; f < SMP_RR_NFEATURES; f++)
        if (!isfinite(w[f]))
            return smp_set_error(err, SMP_EINVAL, "the %s weight is not a number",
                                 smp_rerank_name(f));
    if (opt->rerank_depth > MAX_K)
        return smp_set_error(err, SMP_EINVAL, "the rerank depth must be at most %d", MAX_K);
    if (opt->language && strcmp(opt->language, lang) != 0)
        return smp_set_error(err, SMP_EANALYZER,
                             "the index was built with the %s stemmer, not %s", lang,
                             opt->language);
    return SMP_OK;
}

/* The results of the hits heap[0..nh): each passage with its answer
 * sentence and highlights, the confidence, the groups of agreeing
 * answers, the corrected question as the results write its words. */
/* Does the result's title or heading name topic t (case aside)? */
static int names_topic(const smp_result *x, const char *t) {
    size_t n = strlen(t);
    const char *fields[2] = {x->article_title, x->heading};
    for (int f = 0; f < 2; f++)
        for (const char *p = fields[f]; p && strlen(p) >= n; p++)
            if (!strncasecmp(p, t, n)) return 1;
    return 0;
}

/* The best result of each topic in the pool, in rank order, when there
 * are two or more.  Of a topic's first TOPIC_TRIES results, the first that
 * gives an answer value and names the topic in its title or heading ("How
 * long does a lash lift last?" for lash lift, over a lash tint article
 * filed under it), else the first with a value, else the first that names
 * it, else the first.  Results past the k asked for were read without
 * their text: those tried are read whole. */
static int pick_topics(smp_searcher *s, int qtype, const smp_hit *heap, smp_results *r) {
    int best[SMP_MAX_TOPICS];
    uint32_t tried[SMP_MAX_TOPICS];
    for (uint32_t i = 0; i < r->npool; i++) {
        smp_result *x = &r->items[i];
        const char *t = smp_topic_of(&s->topics, x->categories);
        if (!t) continue;
        uint32_t k = 0;
        while (k < r->ntopics && r->topic[k] != t) k++;
        if (k == SMP_MAX_TOPICS || (k < r->ntopics && tried[k] == TOPIC_TRIES)) continue;
        if (i >= r->n) { /* read without its text: read it whole */
            uint32_t rank = x->rank;
            memset(x, 0, sizeof *x);
            x->rank = rank;
            int rc = fill_result(s, s->q, qtype, r, x, &heap[i], 0, NULL);
            if (rc) return rc;
        }
        int quality = (*x->answer_value ? 2 : 0) + names_topic(x, t);
        if (k == r->ntopics) {
            r->topic[k] = t;
            tried[k] = 0;
            r->ntopics++;
        } else if (quality <= best[k]) {
            tried[k]++;
            continue;
        }
        tried[k]++;
        r->topic_item[k] = i;
        best[k] = quality;
    }
    /* a topic whose best passage scores under half the best is no answer
       to the question ("does it hurt": hair loss articles' "see a GP if
       it hurts") */
    uint32_t kept = 0;
    for (uint32_t k = 0; k < r->ntopics; k++)
        if (r->items[r->topic_item[k]].score >= TOPIC_MIN_SHARE * r->items[0].score) {
            r->topic[kept] = r->topic[k];
            r->topic_item[kept++] = r->topic_item[k];
        }
    r->ntopics = kept >= 2 ? kept : 0;
    for (uint32_t k = 1; k < r->ntopics; k++) /* in the order of their answers' ranks */
        for (uint32_t j = k; j > 0 && r->topic_item[j] < r->topic_item[j - 1]; j--) {
            const char *t = r->topic[j];
            uint32_t it = r->topic_item[j];
            r->topic[j] = r->topic[j - 1];
            r->topic_item[j] = r->topic_item[j - 1];
            r->topic[j - 1] = t;
            r->topic_item[j - 1] = it;
        }
    for (uint32_t k = 0; k < r->ntopics; k++) /* the results outlive the searcher */
        if (!(r->topic[k] = smp_arena_strndup(&r->arena, r->topic[k], strlen(r->topic[k]))))
            return SMP_ENOMEM;
    return SMP_OK;
}

/* The second stage's view of the searcher's last question. */
static void rerank_setup(smp_searcher *s, const smp_search_options *opt, smp_rerank *rr) {
    memset(rr, 0, sizeof *rr);
    rr->ix = s->ix;
    rr->q = s->q;
    rr->N = s->plan->N;
    rr->qtype = s->last_qtype;
    rr->topics = s->topics.n >= 2 ? &s->topics : NULL;
    if (rr->topics) smp_topics_share(rr->topics, s->q, rr->topic_share);
    rr->store = s->store;
    if (!s->memo) s->memo = calloc(1, sizeof *s->memo); /* without it, no memo */
    rr->memo = s->memo;
    smp_rerank_weights(opt, rr->w);
}

static int make_results(smp_searcher *s, const smp_search_options *opt, const char *query,
                        const smp_hit *heap, uint32_t nh, int per_topic, smp_results *r) {
    smp_query *q = s->q;
    /* ids only: no answer, and no answer type to look for */
    int qtype = !opt->no_answer_types ? s->last_qtype : SMP_QTYPE_NONE;
    r->items = smp_arena_alloc(&r->arena, (nh + 1) * sizeof *r->items);
    if (!r->items) return SMP_ENOMEM;
    r->n = nh < opt->k ? nh : opt->k;
    /* the best result's snippet notes where the question's terms are, for
       its confidence (when the snippet sees all the terms) */
    unsigned char found[SMP_MAX_QUERY_TERMS];
    int note = r->n && !opt->ids_only && q->n <= SMP_SNIPPET_MAX_TERMS;
    if (note) memset(found, 0, sizeof found);
    for (uint32_t i = 0; i < nh; i++) { /* the pool past k: for the topics */
        smp_result *res = &r->items[i];
        memset(res, 0, sizeof *res);
        res->rank = i + 1;
        int rc = fill_result(s, q, qtype, r, res, &heap[i], opt->ids_only || i >= r->n,
                             note && i == 0 ? found : NULL);
        if (rc) return rc;
        r->npool++;
    }
    int rc;
    if (per_topic && (rc = pick_topics(s, qtype, heap, r))) return rc;
    /* ids only (runs, evaluations): no confidence, which would read and
       analyse the best passage's text */
    if (r->n && !opt->ids_only &&
        (rc = top_confidence(s, q, r, note ? found : NULL, &r->confidence)))
        return rc;
    r->answered = r->n > 0 && (opt->ids_only || r->confidence >= opt->min_confidence);
    if (!r->answered) r->ntopics = 0; /* no answer per topic either */
    group_answers(r, opt->no_answer_groups);
    if (r->corrected && !opt->ids_only && (rc = show_corrections(s, q, r, query))) return rc;
    return SMP_OK;
}

/* --- filters and facets ------------------------------------------------------- */

static int has_filter(const smp_search_options *opt) {
    return (opt->categories && opt->ncategories) || (opt->tags && opt->ntags);
}

static int cmp_facet(const void *a, const void *b) {
    const smp_facet *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

/* The facets of field f from counts (one per value of the table), with
 * the values the filter selects (sel: by number; want: as written, for
 * those no article has), into r. */
static int facet_list(smp_results *r, const smp_facet_table *t, int f, const uint32_t *counts,
                      const uint8_t *sel, const char *const *want, size_t nwant) {
    const smp_facet_field *ff = &t->f[f];
    size_t n = 0;
    for (uint32_t v = 0; v < ff->n; v++) n += counts[v] || (sel && sel[v]);
    size_t cap = n + nwant;
    smp_facet *out = cap ? smp_arena_alloc(&r->arena, cap * sizeof *out) : NULL;
    if (cap && !out) return SMP_ENOMEM;
    n = 0;
    for (uint32_t v = 0; v < ff->n; v++) {
        if (!counts[v] && !(sel && sel[v])) continue;
        char *val = smp_arena_strndup(&r->arena, ff->value[v], strlen(ff->value[v]));
        if (!val) return SMP_ENOMEM;
        out[n++] = (smp_facet){val, counts[v], sel && sel[v]};
    }
    for (size_t i = 0; i < nwant; i++) { /* selected, in no article */
        if (!want[i]) continue;
        uint32_t v;
        int dup = smp_facet_find(t, f, want[i], strlen(want[i]), &v);
        if (dup < 0) return dup;
        for (size_t j = 0; j < n && !dup; j++) dup = !strcasecmp(out[j].value, want[i]);
        if (dup) continue;
        char *val = smp_arena_strndup(&r->arena, want[i], strlen(want[i]));
        if (!val) return SMP_ENOMEM;
        out[n++] = (smp_facet){val, 0, 1};
    }
    if (n) qsort(out, n, sizeof *out, cmp_facet);
    r->facet[f] = n ? out : NULL;
    r->nfacet[f] = (uint32_t)n;
    return SMP_OK;
}

/* Counts the facets of the question just planned into r. */
static int count_facets(smp_searcher *s, const smp_search_options *opt, uint8_t *sel[SMP_NFACETS],
                        const uint8_t *pass, smp_results *r) {
    const smp_facet_table *t = &s->facets;
    uint32_t *counts[SMP_NFACETS];
    counts[0] = calloc(t->f[0].n + 1, sizeof *counts[0]);
    counts[1] = calloc(t->f[1].n + 1, sizeof *counts[1]);
    int rc = counts[0] && counts[1] ? SMP_OK : SMP_ENOMEM;
    if (rc == SMP_OK) rc = smp_plan_facets(s->plan, s->ix, s->q, t, pass, counts);
    if (rc == SMP_OK)
        rc = facet_list(r, t, SMP_FACET_CATEGORY, counts[0], sel[0], opt->categories,
                        opt->categories ? opt->ncategories : 0);
    if (rc == SMP_OK)
        rc = facet_list(r, t, SMP_FACET_TAG, counts[1], sel[1], opt->tags,
                        opt->tags ? opt->ntags : 0);
    free(counts[0]);
    free(counts[1]);
    return rc;
}

int smp_searcher_search(smp_searcher *s, const char *query,
                        const smp_search_options *opt, smp_results **out,
                        smp_error *err) {
    if (!out) return smp_set_error(err, SMP_EINVAL, "no place for the results");
    *out = NULL;
    smp_search_options defaults;
    if (!s || !query) return smp_set_error(err, SMP_EINVAL, "no searcher or no query");
    if (!opt) {
        smp_search_options_for(&defaults, s->ix);
        opt = &defaults;
    }
    int rc = check_options(opt, smp_index_language(s->ix), err);
    if (rc) return rc;
    bound_word_cache(s);
    smp_results *r = calloc(1, sizeof *r);
    if (!r) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    smp_arena_init(&r->arena);
    smp_hit *heap = NULL;
    uint32_t nh = 0;
    rc = smp_query_analyze(s->q, &r->arena, s->ix, s->st, s->langs, s->nlangs,
                           !strcmp(smp_index_language(s->ix), "english"),
                           s->aliases, query, opt);
    if (rc == SMP_OK && (rc = describe_terms(r, s->q)) == SMP_OK)
        rc = describe_corrected(r, query, s->q);
    if (rc == SMP_OK) rc = smp_plan_make(s->plan, s->ix, s->q, opt);
    r->search_no = ++s->searches;
    s->last = *opt;
    /* a question that names no topic of several: enough results to find
       each topic's best */
    int per_topic = rc == SMP_OK && !opt->ids_only && s->topics.n >= 2 &&
                    !smp_topics_named(&s->topics, s->q);
    smp_search_options wide = *opt;
    if (per_topic && wide.k < TOPIC_POOL) wide.k = TOPIC_POOL;
    /* filters: a byte per article, from their categories and tags */
    uint8_t *sel[SMP_NFACETS] = {NULL, NULL}, *pass = NULL;
    if (rc == SMP_OK && (has_filter(opt) || opt->facets) && !s->facets_loaded) {
        rc = smp_facet_table_load(&s->facets, s->ix);
        s->facets_loaded = rc == SMP_OK;
    }
    if (rc == SMP_OK && has_filter(opt)) rc = smp_filter_make(&s->facets, opt, sel, &pass);
    /* the second stage ranks the first's best rerank_depth again; those
       past it follow in the first stage's order */
    smp_rerank rr;
    double w[SMP_RR_NFEATURES];
    int rerank = rc == SMP_OK && opt->rerank_depth && smp_rerank_weights(opt, w);
    uint32_t want = wide.k;
    if (rerank && wide.k < opt->rerank_depth) wide.k = opt->rerank_depth;
    /* without memory for them, the length factors are computed as needed */
    if (rc == SMP_OK && !s->knorms)
        s->knorms = calloc(s->nstore ? s->nstore : 1, sizeof *s->knorms);
    if (rc == SMP_OK)
        rc = smp_plan_execute(s->plan, s->ix, s->q, &wide, &s->facets, pass, s->knorms, &heap,
                              &nh);
    /* what the question asks for (English indexes only), found once for
       the second stage's answer type and the answers */
    const char *lang = smp_index_language(s->ix);
    int english = !strcmp(lang, "english") || !strcmp(lang, "porter");
    s->last_qtype = rc == SMP_OK && english &&
                            (rerank || (!opt->ids_only && !opt->no_answer_types))
                        ? smp_question_type(query)
                        : SMP_QTYPE_NONE;
    if (rc == SMP_OK && rerank) {
        rerank_setup(s, opt, &rr);
        rr.want = want;
        rc = smp_rerank_hits(&rr, heap, nh < opt->rerank_depth ? nh : opt->rerank_depth);
        if (nh > want) nh = want;
    }
    if (rc == SMP_OK) rc = make_results(s, opt, query, heap, nh, per_topic, r);
    if (rc == SMP_OK && opt->facets) rc = count_facets(s, opt, sel, pass, r);
    free(heap);
    free(pass);
    free(sel[0]);
    free(sel[1]);
    if (rc) {
        smp_results_free(r);
        return search_error(err, rc);
    }
    *out = r;
    return SMP_OK;
}

/* --- why a result ranks where it does --------------------------------------- */

int smp_searcher_explain(smp_searcher *s, const smp_results *r, uint32_t i,
                         smp_explain_term_fn fn, void *ud, smp_error *err) {
    if (!s || !r || i >= r->n) return smp_set_error(err, SMP_EINVAL, "no such result");
    if (r->search_no != s->searches)
        return smp_set_error(err, SMP_EINVAL, "the results are not this searcher's last search");
    const smp_query *q = s->q;
    const smp_plan *pl = s->plan;
    const smp_search_options *o = &s->last;
    uint32_t local;
    long seg = segment_of(s->ix, r->items[i].docid, &local);
    if (seg < 0) return smp_set_error(err, SMP_ECORRUPT, "passage %u is gone", r->items[i].docid);
    const smp_segment *sg = smp_index_segment(s->ix, (size_t)seg)->seg;
    smp_bm25 bm = {o->k1, o->b, {o->weight[0], o->weight[1], o->weight[2]}, 0};
    for (int f = 0; f < 3; f++) bm.avg_len += bm.weight[f] * pl->avg[f];
    uint32_t len[3];
    smp_segment_doc_lens(sg, local, len);
    double knorm = smp_bm25_knorm(&bm, len);
    double contrib[SMP_MAX_QUERY_TERMS];
    uint32_t tf[SMP_MAX_QUERY_TERMS][3];
    int held[SMP_MAX_QUERY_TERMS];
    for (size_t t = 0; t < q->n; t++) {
        held[t] = 0;
        contrib[t] = 0;
        if (!pl->use[t]) continue;
        smp_cursor c;
        memset(&c, 0, sizeof c);
        int found = smp_segment_lookup(sg, q->terms[t].term, q->terms[t].len, &c.ti);
        if (found < 0 || (found && smp_cursor_init(&c, smp_segment_passages(sg))) ||
            (found && smp_cursor_skip_to(&c, local, smp_segment_passages(sg))))
            return smp_set_error(err, SMP_ECORRUPT, "the index is corrupt (postings)");
        if (!found || c.doc != local) continue;
        held[t] = 1;
        for (int f = 0; f < 3; f++) tf[t][f] = pl->fields[t] >> f & 1 ? c.tf[f][c.i] : 0;
        contrib[t] = smp_bm25_term_k(&bm, pl->tidf[t], tf[t], knorm);
    }
    /* the question's own words */
    for (size_t t = 0; t < q->n; t++) {
        if (!held[t] || q->terms[t].alt || tf[t][0] + tf[t][1] + tf[t][2] == 0) continue;
        smp_explain_term e = {q->terms[t].term,
                              pl->fields[t] != 7 ? "question word (title, heading)" : "word",
                              {tf[t][0], tf[t][1], tf[t][2]}, contrib[t]};
        int rc = fn ? fn(ud, &e) : 0;
        if (rc) return rc;
    }
    /* concepts: what their best other wording adds above the question's
       own (execute.c and topk.c score them so) */
    double own = 0, alt = 0;
    size_t best = SIZE_MAX;
    for (size_t p = 0; p < pl->np; p++) {
        const smp_qphrase *ph = &q->phrases[pl->gsrc[p]];
        double sum = 0;
        size_t k;
        for (k = 0; k < pl->glen[p]; k++) {
            size_t t = pl->gterm[p][k];
            if (!held[t] && !ph->own) break;
            if (ph->own || q->terms[t].alt) sum += contrib[t];
        }
        if (ph->own && sum > own) own = sum;
        if (!ph->own && k == pl->glen[p] && pl->pscale[p] * sum > alt) {
            alt = pl->pscale[p] * sum;
            best = p;
        }
        if (p + 1 == pl->np || q->phrases[pl->gsrc[p + 1]].group != ph->group) {
            if (alt > own && best != SIZE_MAX) {
                char words[256] = "";
                size_t t0 = pl->gterm[best][0];
                for (size_t k2 = 0; k2 < pl->glen[best]; k2++) {
                    size_t t = pl->gterm[best][k2], wl = strlen(words);
                    snprintf(words + wl, sizeof words - wl, "%s%s", k2 ? " " : "",
                             q->terms[t].term);
                }
                smp_explain_term e = {words,
                                      q->terms[t0].form_of ? "other form" : "alternative",
                                      {tf[t0][0], tf[t0][1], tf[t0][2]}, alt - own};
                int rc = fn ? fn(ud, &e) : 0;
                if (rc) return rc;
            }
            own = alt = 0;
            best = SIZE_MAX;
        }
    }
    /* the second stage: what each feature adds */
    smp_rerank rr;
    double w[SMP_RR_NFEATURES], f[1][SMP_RR_NFEATURES];
    if (!o->rerank_depth || !smp_rerank_weights(o, w)) return SMP_OK;
    rerank_setup(s, o, &rr);
    int rc = smp_rerank_features(&rr, &r->items[i].docid, 1, f);
    if (rc) return smp_set_error(err, rc, "cannot read passage %u", r->items[i].docid);
    for (int k = 0; k < SMP_RR_NFEATURES; k++) {
        if (w[k] == 0) continue;
        smp_explain_term e = {smp_rerank_name(k), "rerank feature", {0, 0, 0}, w[k] * f[0][k]};
        rc = fn ? fn(ud, &e) : 0;
        if (rc) return rc;
    }
    return SMP_OK;
}

uint32_t smp_results_count(const smp_results *r) { return r ? r->n : 0; }

const smp_result *smp_results_get(const smp_results *r, uint32_t i) {
    return r && i < r->n ? &r->items[i] : NULL;
}

uint32_t smp_results_topics(const smp_results *r) { return r ? r->ntopics : 0; }

const char *smp_results_topic(const smp_results *r, uint32_t i, const smp_result **best) {
    if (best) *best = NULL;
    if (!r || i >= r->ntopics) return NULL;
    if (best) *best = &r->items[r->topic_item[i]];
    return r->topic[i];
}

const char *smp_results_terms(const smp_results *r) { return r ? r->terms : ""; }
const char *smp_results_expansions(const smp_results *r) { return r ? r->expansions : ""; }
const char *smp_results_content_terms(const smp_results *r) {
    return r && r->content ? r->content : "";
}
const char *smp_results_corrected(const smp_results *r) { return r ? r->corrected : NULL; }
double smp_results_confidence(const smp_results *r) { return r ? r->confidence : 0; }
int smp_results_answered(const smp_results *r) { return r ? r->answered : 0; }
uint32_t smp_results_ngroups(const smp_results *r) { return r ? r->ngroups : 0; }

uint32_t smp_results_facets(const smp_results *r, int field, const smp_facet **out) {
    if (out) *out = NULL;
    if (!r || field < 0 || field >= SMP_NFACETS) return 0;
    if (out) *out = r->facet[field];
    return r->nfacet[field];
}

void smp_results_free(smp_results *r) {
    if (!r) return;
    smp_arena_free(&r->arena);
    free(r);
}
