/*
 * search.h - ranking: query terms, BM25, posting cursors, positions,
 * phrases, top-k with dynamic pruning, spelling correction (subsystem
 * search/, above index/).
 * Nothing here is part of the public API (include/smpsearch.h).
 */
#ifndef SMP_SEARCH_H
#define SMP_SEARCH_H

#include "index/index.h"

/**************************************************************************
** Interface to code in bm25.c
*/
typedef struct smp_bm25 {
    double k1, b;
    double weight[3];
    double avg_len; /* average weighted length */
} smp_bm25;

/* Lucene idf: ln(1 + (N - df + 0.5) / (df + 0.5)). */
double smp_bm25_idf(uint64_t N, uint64_t df);
/* One term's score in one passage: idf * tf' / (tf' + k1 (1 - b + b len'/avg))
 * with tf' = sum of weight[f] * tf[f] and len' = sum of weight[f] * len[f]. */
/* The two halves of smp_bm25_term, for scoring many terms of one passage:
 * k1 times the passage's length normalisation, then a term's score with
 * it (the same arithmetic, so the same result to the bit). */
double smp_bm25_knorm(const smp_bm25 *p, const uint32_t len[3]);
static inline double smp_bm25_term_k(const smp_bm25 *p, double idf, const uint32_t tf[3],
                                     double knorm) {
    /* inline: the scoring loops call it for every posting they score */
    double wtf = 0;
    for (int f = 0; f < 3; f++) wtf += p->weight[f] * tf[f];
    if (wtf <= 0) return 0;
    return idf * wtf / (wtf + knorm);
}
double smp_bm25_term(const smp_bm25 *p, double idf, const uint32_t tf[3],
                     const uint32_t len[3]);

/* The length factors (smp_bm25_knorm) of one segment's passages under one
 * parameter set, each computed once, 64 passages at a time as the ranking
 * first needs them, and kept while the parameters stay the same (a
 * searcher keeps one per segment: 8 bytes a passage once all are
 * needed).  The same doubles smp_bm25_knorm gives, so scores are the same
 * to the bit. */
typedef struct smp_knorms {
    const smp_segment *seg;
    smp_bm25 bm;     /* the parameters of v */
    uint64_t n;      /* passages */
    double *v;       /* passage d's factor, once computed */
    uint64_t *done;  /* bit c: passages 64c..64c+63 computed */
} smp_knorms;

/* Makes kn hold seg's factors under bm, forgetting any computed under other
 * parameters or for another segment: 0 or SMP_ENOMEM (kn is then empty). */
int smp_knorms_prepare(smp_knorms *kn, const smp_segment *seg, const smp_bm25 *bm);
void smp_knorms_free(smp_knorms *kn);
/* Computes the factors of passages 64c..64c+63 (of those there are). */
void smp_knorms_fill(smp_knorms *kn, uint32_t c);
/* Passage doc's factor (doc < kn->n). */
static inline double smp_knorms_get(smp_knorms *kn, uint32_t doc) {
    uint32_t c = doc >> 6;
    if (!(kn->done[c >> 6] >> (c & 63) & 1)) smp_knorms_fill(kn, c);
    return kn->v[doc];
}


/**************************************************************************
** Interface to code in spell.c
*/
/* Edits allowed for a word of len bytes (0, 1 or 2). */
int smp_spell_max_edits(size_t len);
/* Optimal string alignment distance (Levenshtein plus the swap of two
 * neighbours) between a[0..n) and b[0..m), bytes compared as they are;
 * max + 1 when it exceeds max or a string is longer than 64 bytes. */
unsigned smp_osa_distance(const char *a, size_t n, const char *b, size_t m, unsigned max);
/* 1 and the nearest dictionary term (not NUL-terminated, in the index's
 * memory) when word is within the allowed edits of one; 0 otherwise. */
int smp_spell_correct(const smp_index *ix, const char *word, size_t len, const char **out,
                      size_t *out_len);
/* The same for a word as typed whose stem has no near term: its beginning
 * against terms of 5 bytes or more ("appointmnet" -> "appoint"). */
int smp_spell_correct_prefix(const smp_index *ix, const char *word, size_t len,
                             const char **out, size_t *out_len);


/**************************************************************************
** Interface to code in phrase.c
**
** A quoted phrase of the query: its words at their offsets from the
** first.  smp_phrase_match answers whether passage doc holds the phrase;
** call it with ascending docids.
*/
#define SMP_MAX_PHRASE_TERMS 16

typedef struct smp_phrase {
    size_t n;
    uint64_t N;
    int positions; /* 0: the index has none, all words anywhere will do */
    smp_cursor *cur;
    smp_pos_reader *pr;
    uint32_t offset[SMP_MAX_PHRASE_TERMS];
} smp_phrase;

int smp_phrase_init(smp_phrase *ph, const smp_segment *seg, const smp_term_info *ti,
                    const uint32_t *offset, size_t n);
/* 1 when passage doc holds the phrase, 0 when not, or SMP_ECORRUPT. */
int smp_phrase_match(smp_phrase *ph, uint32_t doc);
void smp_phrase_free(smp_phrase *ph);


/**************************************************************************
** Interface to code in facets.c
**
** The categories and tags of an index's articles as numbered values, for
** filters and facet counts (see facets.c).  Articles are numbered across
** segments: segment s's article a is abase[s] + a.
*/
/* An article's byte of a filter: it passes the category filter (or there
 * is none), the tag filter; it passes the filter when it has both. */
#define SMP_PASS_CATEGORY 1
#define SMP_PASS_TAG 2
#define SMP_PASS_ALL 3

typedef struct smp_facet_field {
    char **value;    /* the values, as first written */
    char **key;      /* and case folded */
    uint32_t n, cap;
    uint32_t *slot;  /* hash table of keys: value number + 1, 0 free */
    uint32_t nslot;
    /* article a's values: ids[start[a] .. start[a + 1]) */
    uint32_t *start;
    uint32_t *ids;
    size_t nids, capids;
} smp_facet_field;

typedef struct smp_facet_table {
    smp_facet_field f[SMP_NFACETS]; /* SMP_FACET_CATEGORY, SMP_FACET_TAG */
    uint32_t *abase;                /* nseg + 1 */
    size_t nseg;
    uint32_t narticles;
} smp_facet_table;

/* Reads the categories and tags of every article of ix: 0, SMP_ENOMEM
 * or SMP_ECORRUPT (t is then empty). */
int smp_facet_table_load(smp_facet_table *t, const smp_index *ix);
void smp_facet_table_free(smp_facet_table *t);
/* 1 with the number of value[0..len) (any case) in field in *id, 0 when
 * no article has it, SMP_ENOMEM. */
int smp_facet_find(const smp_facet_table *t, int field, const char *value, size_t len,
                   uint32_t *id);
/* opt's filters: for each field with values, sel[field] (calloc'ed, one
 * byte per value number: 1 selected), else NULL; and the filter, one
 * SMP_PASS_* byte per article, in *pass (malloc'ed), NULL when opt has
 * none.  The caller frees them.  0 or SMP_ENOMEM. */
int smp_filter_make(const smp_facet_table *t, const smp_search_options *opt,
                    uint8_t *sel[SMP_NFACETS], uint8_t **pass);


/**************************************************************************
** Interface to code in topk.c
**
** Document-at-a-time top-k over a query's cursors, with the concept
** groups of search.c (alternative wordings), by exhaustive evaluation (the
** reference), MaxScore or Block-Max WAND.  The pruned strategies return
** exactly the exhaustive top k (scores and order).
*/
#define SMP_MAX_PHRASES 64

typedef struct smp_hit {
    double score;
    uint32_t doc;
} smp_hit;

/* The most cursors a top-k run takes: one per term of the question. */
#define SMP_TOPK_MAX_CURSORS 255

typedef struct smp_topk {
    const smp_segment *seg;
    uint64_t N;
    smp_bm25 bm;
    smp_cursor *cur;
    size_t nc;
    /* concept groups: phrases as cursor lists, consecutive by group */
    int pcur[SMP_MAX_PHRASES][SMP_MAX_PHRASE_TERMS];
    size_t plen[SMP_MAX_PHRASES], pgroup[SMP_MAX_PHRASES], np;
    int pown[SMP_MAX_PHRASES];
    double pscale[SMP_MAX_PHRASES];
    /* quoted phrases every result must hold, checked only for passages
       that would enter the top k */
    smp_phrase *req;
    size_t nreq;
    /* a passage scoring below floor is not wanted (it cannot beat what
       other segments gave); -1: none.  Pruning only: passages at or above
       it are found as without it */
    double floor;
    /* deleted passages, never results: ranges [del[2i], del[2i+1]) */
    const uint32_t *del;
    size_t ndel;
    /* the filter (facets.c): a passage whose article's byte is not
       SMP_PASS_ALL is skipped before it is scored; pass holds
       narticles bytes, the segment's articles; NULL: no filter */
    const uint8_t *pass;
    uint64_t narticles;
    /* the passages' length factors under bm, NULL: computed as needed */
    smp_knorms *kn;
    /* counters, for tests and benchmarks */
    uint64_t scored; /* passages fully scored */
} smp_topk;

/* Sets each cursor's scale and ub from the groups; call once before
 * smp_topk_run. */
void smp_topk_prepare(smp_topk *t);
/* Fills heap (room for k) with the best k hits, best first; *nh gets
 * their count.  0 or SMP_ECORRUPT. */
int smp_topk_run(smp_topk *t, int strategy, uint32_t k, smp_hit *heap, uint32_t *nh);

/**************************************************************************
** Interface to code in query.c
**
** A question analysed into terms and concept groups (alternative
** wordings scored as one term: a hyphenated word and its joined form, a
** number and its other form, the phrases of an alias group).
*/
#define SMP_MAX_QUERY_TERMS SMP_TOPK_MAX_CURSORS /* term numbers fit a uint8_t */
#define SMP_MAX_QUOTED 8

typedef struct smp_qterm {
    const char *term; /* stemmed, NUL-terminated */
    size_t len;
    double idf;
    int filler;       /* a question word or stop word ("how", "does", "the") */
    double weight;    /* 1, or less for a term an alias group added */
    const char *orig; /* the stem as typed, when spelling corrected it */
    uint32_t qtf;     /* times the question has it */
    int alt;          /* only an alternative wording (a hyphenated word's
                         joined form, an alias): scored through its group */
    int number;       /* a number word ("four"): never spelling-corrected */
    size_t form_of;   /* another form of a word of the question (as another
                         language of the index stems it, or the word its
                         informal spelling stands for): 1 + the number of
                         that word, else 0 */
} smp_qterm;

typedef struct smp_qphrase {
    uint8_t term[SMP_MAX_PHRASE_TERMS]; /* numbers of smp_query.terms */
    size_t n;
    size_t group;  /* phrases of one group are alternatives */
    int own;       /* the question's own wording of the group */
    double weight; /* of an alternative wording */
} smp_qphrase;

typedef struct smp_query {
    /* smp_query_analyze clears the fields up to `terms`; the arrays from
       `terms` on hold only what was added (their counts say how much), each
       entry set as it is added, so a question does not clear ~33 KB */
    smp_arena *arena;                    /* owns the term strings */
    size_t n;
    size_t nown;                         /* terms of the question itself */
    size_t nseq;
    uint32_t last_pos; /* word position of the last term */
    size_t hyphen_groups;
    int english;
    smp_stemmer *st;   /* SMP_AN_NUMBERS: a number's other form is added */
    smp_stemmer *main_st; /* the index's stemmer */
    /* the stemmers of the index's other languages (smp_index_languages),
       and the question's own words as typed (word, word_len), for them */
    smp_stemmer *const *langs;
    size_t nlangs;
    int known_words; /* spelling leaves words of the language alone (words.c) */
    const char *query;
    size_t query_len;
    double alias_weight; /* of the terms alias groups add */
    size_t nphrases;
    size_t nquoted;
    /* n of them: */
    smp_qterm terms[SMP_MAX_QUERY_TERMS];
    size_t span[SMP_MAX_QUERY_TERMS][2]; /* first occurrence in the query */
    const char *word[SMP_MAX_QUERY_TERMS]; /* the question's words as typed */
    size_t word_len[SMP_MAX_QUERY_TERMS];
    /* nseq of them: */
    uint8_t seq[SMP_MAX_QUERY_TERMS];    /* the question's terms in order */
    size_t seq_start[SMP_MAX_QUERY_TERMS]; /* their byte offsets */
    smp_qphrase phrases[SMP_MAX_PHRASES]; /* concept groups (nphrases) */
    /* quoted phrases (nquoted): byte ranges in the query, then their words */
    size_t quoted[SMP_MAX_QUOTED][2];
    struct {
        uint8_t term[SMP_MAX_PHRASE_TERMS];
        uint32_t pos[SMP_MAX_PHRASE_TERMS];
        size_t n;
    } qp[SMP_MAX_QUOTED];
} smp_query;

/* Analyses query (NUL-terminated) with the index's stemmer st and alias
 * groups (NULL: none), as the options say (phrases, spelling, aliases,
 * alias weight): 0, SMP_EEMPTY when it has no word to search for,
 * SMP_ENOMEM, or SMP_ECORRUPT.  langs: stemmers of the index's other
 * languages (nlangs of them, smp_index_languages): each word's stem in
 * each is an alternative wording of it.  known_words: a word of the
 * English word list (words.c) is not spelling-corrected. */
int smp_query_analyze(smp_query *q, smp_arena *arena, const smp_index *ix, smp_stemmer *st,
                      smp_stemmer *const *langs, size_t nlangs, int known_words,
                      const smp_aliases *aliases, const char *query,
                      const smp_search_options *opt);

/**************************************************************************
** Interface to code in plan.c and execute.c
**
** The ranking of an analysed question: its plan from the statistics of
** the whole index, then its execution over each segment.
*/
typedef struct smp_plan {
    uint64_t N;                           /* live passages */
    int use[SMP_MAX_QUERY_TERMS];         /* the term is scored */
    uint8_t fields[SMP_MAX_QUERY_TERMS];  /* in these fields (bit f: field f) */
    double tidf[SMP_MAX_QUERY_TERMS];     /* its idf times its count */
    int plain;                            /* one file: terms looked up once, */
    smp_term_info gti[SMP_MAX_QUERY_TERMS]; /* here */
    /* concept groups whose words the index holds: terms, count, the
       phrase of smp_query.phrases, scale */
    size_t gterm[SMP_MAX_PHRASES][SMP_MAX_PHRASE_TERMS], glen[SMP_MAX_PHRASES];
    size_t gsrc[SMP_MAX_PHRASES];
    double pscale[SMP_MAX_PHRASES];
    size_t np;
    int impossible; /* a quoted word is nowhere: no result */
    double avg[SMP_NFIELDS]; /* average field lengths */
} smp_plan;

/* Fills the plan and the idf of q's terms, as opt says (keep_filler,
 * question_weight): 0 or SMP_ECORRUPT. */
int smp_plan_make(smp_plan *p, const smp_index *ix, smp_query *q,
                  const smp_search_options *opt);
/* The best opt->k hits, best first, in *heap (the caller frees it) and
 * their count in *nh, of the passages whose article passes the filter
 * (pass: a byte per article of the index, smp_filter_make; NULL: all):
 * 0, SMP_ENOMEM or SMP_ECORRUPT.  kn: one smp_knorms per segment, kept
 * between searches (zeroed before the first), or NULL. */
int smp_plan_execute(const smp_plan *p, const smp_index *ix, const smp_query *q,
                     const smp_search_options *opt, const smp_facet_table *ft,
                     const uint8_t *pass, smp_knorms *kn, smp_hit **heap, uint32_t *nh);
/* Facet counts: counts[f][v] (f SMP_FACET_*, room for the table's values)
 * gets one for each live passage matching the question (holding a scored
 * term in a field it is scored in, and every quoted phrase) whose article
 * has value v of field f and passes the filter of the other field (pass:
 * NULL none).  0, SMP_ENOMEM or SMP_ECORRUPT. */
int smp_plan_facets(const smp_plan *p, const smp_index *ix, const smp_query *q,
                    const smp_facet_table *ft, const uint8_t *pass,
                    uint32_t *counts[SMP_NFACETS]);

#endif /* SMP_SEARCH_H */
