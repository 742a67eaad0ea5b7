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

#include "format.h"
#include "smpInt.h"

#define MAX_QUERY_TERMS 64
#define MAX_K 10000

struct smp_searcher {
    const smp_index *ix;
    smp_stemmer *st;
    smp_store_reader store;
    smp_buf spans; /* highlight scratch */
};

struct smp_results {
    smp_arena arena;
    smp_result *items;
    uint32_t n;
    char *terms;
};

void smp_search_options_init(smp_search_options *opt) {
    memset(opt, 0, sizeof *opt);
    opt->k = 10;
    opt->k1 = 1.2;
    opt->b = 0.75;
    opt->weight[SMP_FIELD_TITLE] = 2.0;
    opt->weight[SMP_FIELD_HEADING] = 2.0;
    opt->weight[SMP_FIELD_BODY] = 1.0;
    opt->language = NULL;
}

/* --- query analysis ------------------------------------------------------ */

typedef struct qstate {
    smp_arena *arena;
    smp_qterm terms[MAX_QUERY_TERMS];
    size_t n;
    int english;
} qstate;

static int on_query_term(void *ud, const char *term, size_t len, const smp_token *tok) {
    qstate *q = ud;
    for (size_t i = 0; i < q->n; i++)
        if (q->terms[i].len == len && memcmp(q->terms[i].term, term, len) == 0) return 0;
    if (q->n == MAX_QUERY_TERMS) return 0; /* the rest are ignored */
    char *copy = smp_arena_strndup(q->arena, term, len);
    if (!copy) return SMP_ENOMEM;
    q->terms[q->n++] = (smp_qterm){copy, len, 0, q->english && smp_is_filler(tok->text, tok->len)};
    return 0;
}

/* --- posting cursors ------------------------------------------------------ */

typedef struct cursor {
    smp_term_info ti;
    double idf;
    uint32_t nblocks, block; /* current block */
    const uint8_t *table, *data;
    size_t data_len;
    uint32_t n, i; /* postings in the block, position */
    uint32_t prev_last;
    uint32_t doc;  /* current docid, UINT32_MAX at the end */
    uint32_t docids[SMP_BLOCK_SIZE];
    uint32_t tf[3][SMP_BLOCK_SIZE];
} cursor;

static int load_block(cursor *c, uint32_t b, uint64_t N) {
    /* a single block has no table and fills the postings */
    const uint8_t *e = c->nblocks > 1 ? c->table + (size_t)b * SMP_BLOCK_ENTRY : NULL;
    uint32_t start = b ? smp_get_u32(e - SMP_BLOCK_ENTRY + 4) : 0;
    uint32_t end = e ? smp_get_u32(e + 4) : (uint32_t)c->data_len;
    if (end < start || end > c->data_len) return SMP_ECORRUPT;
    uint32_t n = b + 1 < c->nblocks ? SMP_BLOCK_SIZE : c->ti.df - SMP_BLOCK_SIZE * b;
    uint32_t *tf[3] = {c->tf[0], c->tf[1], c->tf[2]};
    size_t used = smp_block_decode(c->data + start, end - start, n, c->prev_last,
                                   c->docids, tf);
    if (used == 0 || (e && c->docids[n - 1] != smp_get_u32(e)) || c->docids[n - 1] >= N)
        return SMP_ECORRUPT;
    c->prev_last = c->docids[n - 1];
    c->block = b;
    c->n = n;
    c->i = 0;
    c->doc = c->docids[0];
    return SMP_OK;
}

static int cursor_init(cursor *c, uint64_t N) {
    c->nblocks = (c->ti.df + SMP_BLOCK_SIZE - 1) / SMP_BLOCK_SIZE;
    size_t tsize = c->nblocks > 1 ? (size_t)c->nblocks * SMP_BLOCK_ENTRY : 0;
    if (tsize > c->ti.post_len) return SMP_ECORRUPT;
    c->table = c->ti.post;
    c->data = c->ti.post + tsize;
    c->data_len = c->ti.post_len - tsize;
    c->prev_last = UINT32_MAX;
    return load_block(c, 0, N);
}

static int cursor_next(cursor *c, uint64_t N) {
    if (++c->i < c->n) {
        c->doc = c->docids[c->i];
        return SMP_OK;
    }
    if (c->block + 1 >= c->nblocks) {
        c->doc = UINT32_MAX;
        return SMP_OK;
    }
    return load_block(c, c->block + 1, N);
}

/* --- top-k heap (the worst of the best k at the root) --------------------- */

typedef struct hit {
    double score;
    uint32_t doc;
} hit;

static int worse(const hit *a, const hit *b) {
    return a->score < b->score || (a->score == b->score && a->doc > b->doc);
}

static void heap_down(hit *h, uint32_t n, uint32_t i) {
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && worse(&h[l], &h[m])) m = l;
        if (r < n && worse(&h[r], &h[m])) m = r;
        if (m == i) return;
        hit t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

static void heap_push(hit *h, uint32_t *n, uint32_t k, hit x) {
    if (*n < k) {
        uint32_t i = (*n)++;
        h[i] = x;
        while (i > 0 && worse(&h[i], &h[(i - 1) / 2])) {
            hit t = h[i];
            h[i] = h[(i - 1) / 2];
            h[(i - 1) / 2] = t;
            i = (i - 1) / 2;
        }
    } else if (worse(&h[0], &x)) {
        h[0] = x;
        heap_down(h, *n, 0);
    }
}

static int cmp_hit(const void *a, const void *b) {
    const hit *x = a, *y = b;
    if (worse(x, y)) return 1;
    if (worse(y, x)) return -1;
    return 0;
}

/* --- results --------------------------------------------------------------- */

static int fill_result(const smp_index *ix, smp_stemmer *st, const qstate *q,
                       smp_results *r, smp_result *out, const hit *h,
                       smp_store_reader *store, smp_buf *spans) {
    smp_doc_info d;
    int rc = smp_index_doc(ix, h->doc, &d);
    if (rc) return rc;
    const char *aid, *title, *path, *heading, *text;
    uint32_t hl, tl;
    if ((rc = smp_index_article(ix, d.article, &aid, &title, &path))) return rc;
    if ((rc = smp_index_passage(ix, &d, store, &heading, &hl, &text, &tl)))
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
    if (!out->heading || !out->text || !out->passage_id) return SMP_ENOMEM;
    smp_buf_reset(spans);
    rc = smp_snippet(st, q->terms, q->n, out->text, tl, &out->answer, spans);
    if (rc) return rc;
    out->nhighlights = (uint32_t)(spans->n / sizeof(smp_span));
    smp_span *hs = smp_arena_alloc(&r->arena, spans->n + sizeof(smp_span));
    if (!hs) return SMP_ENOMEM;
    if (spans->n) memcpy(hs, spans->p, spans->n);
    out->highlights = hs;
    return SMP_OK;
}

int smp_searcher_new(smp_searcher **out, const smp_index *ix, smp_error *err) {
    *out = NULL;
    if (!ix) return smp_set_error(err, SMP_EINVAL, "no index");
    smp_searcher *s = calloc(1, sizeof *s);
    if (!s) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    s->ix = ix;
    smp_store_reader_init(&s->store);
    smp_buf_init(&s->spans);
    if (smp_stemmer_new(&s->st, smp_index_language(ix), err)) {
        smp_searcher_free(s);
        return smp_set_error(err, SMP_EANALYZER, "the index's stemmer (%s) is not available",
                             smp_index_language(ix));
    }
    *out = s;
    return SMP_OK;
}

void smp_searcher_free(smp_searcher *s) {
    if (!s) return;
    smp_stemmer_free(s->st);
    smp_store_reader_free(&s->store);
    smp_buf_free(&s->spans);
    free(s);
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
    const char *lang = smp_index_language(ix);
    if (opt->language && strcmp(opt->language, lang) != 0)
        return smp_set_error(err, SMP_EANALYZER,
                             "the index was built with the %s stemmer, not %s", lang,
                             opt->language);

    smp_results *r = calloc(1, sizeof *r);
    cursor *cur = NULL;
    hit *heap = NULL;
    int rc;
    if (!r) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    smp_arena_init(&r->arena);
    qstate q;
    q.arena = &r->arena;
    q.n = 0;
    q.english = !strcmp(lang, "english") || !strcmp(lang, "porter");
    if ((rc = smp_analyze(st, query, strlen(query), on_query_term, &q))) goto nomem;
    if (q.n == 0) {
        rc = smp_set_error(err, SMP_EEMPTY, "the query has no word to search for");
        goto fail;
    }
    /* the analysed terms, for display */
    size_t tlen = 0;
    for (size_t i = 0; i < q.n; i++) tlen += q.terms[i].len + 1;
    r->terms = smp_arena_alloc(&r->arena, tlen + 1);
    if (!r->terms) goto nomem;
    r->terms[0] = 0;
    for (size_t i = 0; i < q.n; i++) {
        if (i) strcat(r->terms, " ");
        strcat(r->terms, q.terms[i].term);
    }

    uint64_t N = smp_index_passages(ix);
    cur = calloc(q.n, sizeof *cur);
    heap = malloc(sizeof *heap * opt->k);
    if (!cur || !heap) goto nomem;
    size_t nc = 0;
    for (size_t i = 0; i < q.n; i++) {
        cursor *c = &cur[nc];
        if (!smp_index_lookup(ix, q.terms[i].term, q.terms[i].len, &c->ti)) continue;
        q.terms[i].idf = c->idf = smp_bm25_idf(N, c->ti.df);
        if ((rc = cursor_init(c, N))) goto corrupt;
        nc++;
    }

    smp_bm25 bm = {opt->k1, opt->b, {opt->weight[0], opt->weight[1], opt->weight[2]}, 0};
    double avg[3];
    smp_index_avg_len(ix, avg);
    for (int f = 0; f < 3; f++) bm.avg_len += bm.weight[f] * avg[f];

    uint32_t nh = 0;
    for (;;) {
        uint32_t doc = UINT32_MAX;
        for (size_t i = 0; i < nc; i++)
            if (cur[i].doc < doc) doc = cur[i].doc;
        if (doc == UINT32_MAX) break;
        smp_doc_info d;
        if ((rc = smp_index_doc(ix, doc, &d))) goto corrupt;
        double score = 0;
        for (size_t i = 0; i < nc; i++) {
            cursor *c = &cur[i];
            if (c->doc != doc) continue;
            uint32_t tf[3] = {c->tf[0][c->i], c->tf[1][c->i], c->tf[2][c->i]};
            score += smp_bm25_term(&bm, c->idf, tf, d.len);
            if ((rc = cursor_next(c, N))) goto corrupt;
        }
        if (score > 0) heap_push(heap, &nh, opt->k, (hit){score, doc});
    }
    qsort(heap, nh, sizeof *heap, cmp_hit);

    r->items = smp_arena_alloc(&r->arena, (nh + 1) * sizeof *r->items);
    if (!r->items) goto nomem;
    for (uint32_t i = 0; i < nh; i++) {
        smp_result *res = &r->items[i];
        memset(res, 0, sizeof *res);
        res->rank = i + 1;
        rc = fill_result(ix, st, &q, r, res, &heap[i], &s->store, &s->spans);
        if (rc == SMP_ENOMEM) goto nomem;
        if (rc) goto corrupt;
        r->n++;
    }
    free(cur);
    free(heap);
    *out = r;
    return SMP_OK;

corrupt:
    rc = smp_set_error(err, SMP_ECORRUPT, "the index is corrupt (postings or passage store)");
    goto fail;
nomem:
    rc = smp_set_error(err, SMP_ENOMEM, "out of memory");
fail:
    free(cur);
    free(heap);
    smp_results_free(r);
    return rc;
}

uint32_t smp_results_count(const smp_results *r) { return r ? r->n : 0; }

const smp_result *smp_results_get(const smp_results *r, uint32_t i) {
    return r && i < r->n ? &r->items[i] : NULL;
}

const char *smp_results_terms(const smp_results *r) { return r ? r->terms : ""; }

void smp_results_free(smp_results *r) {
    if (!r) return;
    smp_arena_free(&r->arena);
    free(r);
}
