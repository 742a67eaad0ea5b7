/*
 * answer.h - from ranked passages to answers: the answer sentence and
 * highlights, question types, answer values, confidence (subsystem
 * answer/, above search/).
 * Nothing here is part of the public API (include/smpsearch.h).
 */
#ifndef SMP_ANSWER_H
#define SMP_ANSWER_H

#include "search/search.h"

/**************************************************************************
** Interface to code in snippet.c
**
** Picks the sentence of a passage that best answers the query, and the
** byte ranges of the query's terms in the passage.
*/
/* value.c: the first quantity of the kind qtype asks for (duration,
 * count, price) in text[0..len), in one form ("6\u20138 weeks"), into out
 * (cap >= SMP_ANSWER_VALUE_MAX); returns its length, 0 when there is
 * none. */
#define SMP_ANSWER_VALUE_MAX 192
size_t smp_answer_value(int qtype, const char *text, size_t len, char *out, size_t cap);


/* Sentences end at '.', '!' or '?' followed by white space, or at a line
 * break.  The answer is the sentence with the largest sum of idf over the
 * distinct non-filler query terms it contains, times 1.5 for one that
 * gives the kind of answer qtype asks for (smp_gives_answer;
 * SMP_QTYPE_NONE: none); ties: the earlier one.  A sentence that ends
 * with '?' is never the answer.  When no sentence has a query term, the
 * first sentence that is no question (the first sentence when all are).
 * The first
 * sentence also counts the query terms of the passage's heading (may be
 * NULL): in articles written as questions and answers, it is the heading's
 * answer.  Highlights are appended to `spans` as smp_span values.  Returns
 * 0 or SMP_ENOMEM. */
int smp_snippet(smp_stemmer *st, const smp_qterm *q, size_t nq, const char *heading,
                const char *text, size_t len, int qtype, smp_span *answer, smp_buf *spans);
/* smp_snippet, also noting for each query term i < nq (at most
 * SMP_SNIPPET_MAX_TERMS) where it was found: SMP_FOUND_HEADING in
 * found[i] when the heading has it, SMP_FOUND_BODY when the text does
 * (bits or-ed into found, which the caller clears), as smp_confidence
 * analyses those fields: the confidence of the best result then needs no
 * second analysis of its text. */
#define SMP_SNIPPET_MAX_TERMS 64
#define SMP_FOUND_HEADING 1 /* in the title or heading */
#define SMP_FOUND_BODY 2    /* in the text */
int smp_snippet_found(smp_stemmer *st, const smp_qterm *q, size_t nq, const char *heading,
                      const char *text, size_t len, int qtype, smp_span *answer,
                      smp_buf *spans, unsigned char *found);


/**************************************************************************
** Interface to code in confidence.c
*/
/* The share (0..1) of the question's own content words that occur in the
 * fields of a passage analysed with st (see confidence.c for the weights):
 * heading[f] non-zero for a title or heading field, 0 for the text.
 * found: NULL, or per term of q (SMP_MAX_QUERY_TERMS entries) the
 * SMP_FOUND_* bits of the passage's fields analysed already (by
 * smp_snippet_found), to which those of fields are added.  The index's
 * language word list is asked when q->known_words is set.  0, or what
 * smp_analyze returns. */
int smp_confidence(smp_stemmer *st, const smp_query *q, const unsigned char *found,
                   const char *const *fields, const size_t *lens, const int *heading,
                   size_t nfields, double *out);


/**************************************************************************
** Interface to code in qtype.c
*/
enum {
    SMP_QTYPE_NONE = 0,
    SMP_QTYPE_DURATION,
    SMP_QTYPE_COUNT,
    SMP_QTYPE_PRICE,
    SMP_QTYPE_PAIN,
    SMP_QTYPE_SAFETY,
    SMP_QTYPE_PROCEDURE,
    SMP_QTYPE_ELIGIBILITY
};
/* The kind of answer the question (as typed, English) asks for, by the
 * rules at the top of qtype.c; SMP_QTYPE_NONE when none. */
int smp_question_type(const char *query);
/* 1 when the sentence (len bytes, not NUL-terminated) gives an answer of
 * that kind; 0 for SMP_QTYPE_NONE or an unknown kind. */
int smp_gives_answer(int type, const char *text, size_t len);


/**************************************************************************
** Interface to code in topics.c
**
** Questions that name no topic of an index of several ("how long does it
** last"), answered per topic (see topics.c).
*/
/* More categories than this are a blog's, not a clinic's treatments. */
#define SMP_MAX_TOPICS 12
typedef struct smp_topics {
    char **names;  /* the categories of the index's articles, each once */
    size_t n;
    char **stems;  /* the stems of their words */
    size_t nstems;
    uint16_t *stem_names; /* per stem: bit i set when names[i] has it */
    uint32_t name_stems[SMP_MAX_TOPICS]; /* distinct stems of each name */
} smp_topics;
/* Reads the categories of every article of ix (n is 0 past
 * SMP_MAX_TOPICS), their words stemmed with st: 0 or SMP_ENOMEM. */
int smp_topics_load(smp_topics *t, const smp_index *ix, smp_stemmer *st);
void smp_topics_free(smp_topics *t);
/* 1 when a content term of q (its own, or one its alias groups added) is
 * a word of a topic's name. */
int smp_topics_named(const smp_topics *t, const smp_query *q);
/* share[i]: the share of topic i's words (its name's distinct stems)
 * that are content terms of q, own or added by alias groups; 0 past t->n. */
void smp_topics_share(const smp_topics *t, const smp_query *q, double share[SMP_MAX_TOPICS]);
/* The largest share of the topics among categories ('\n' joined), 0 when
 * none is a topic of t. */
double smp_topic_share(const smp_topics *t, const double share[SMP_MAX_TOPICS],
                       const char *categories);
/* The topic (a name of t) of an article of these categories ('\n'
 * joined), or NULL. */
const char *smp_topic_of(const smp_topics *t, const char *categories);


/**************************************************************************
** Interface to code in rerank.c
**
** The second stage: the first stage's best passages ranked again by their
** BM25F score plus a weighted sum of features (see rerank.c and
** smp_search_options).
*/
enum {
    SMP_RR_PROXIMITY = 0,
    SMP_RR_HEADING,
    SMP_RR_TITLE,
    SMP_RR_TOPIC,
    SMP_RR_ANSWER_TYPE,
    SMP_RR_LENGTH,
    SMP_RR_NFEATURES
};
/* Whether passages give the kind of answer a question type asks for, as
 * the second stage found out (smp_gives_answer reads the passage's text):
 * a direct-mapped cache by passage number, so that the passages every
 * question of a site meets are read once per searcher.  32 KB. */
#define SMP_ANSWER_MEMO 4096
typedef struct smp_answer_memo {
    uint32_t doc[SMP_ANSWER_MEMO];   /* passage number + 1; 0: empty */
    uint16_t known[SMP_ANSWER_MEMO]; /* bit t: type t was found out */
    uint16_t gives[SMP_ANSWER_MEMO]; /* bit t: the passage gives type t */
} smp_answer_memo;

typedef struct smp_rerank {
    const smp_index *ix;
    const smp_query *q;
    uint64_t N;      /* live passages, for idf (0: each segment's own) */
    int qtype;       /* what the question asks for (SMP_QTYPE_*) */
    const smp_topics *topics;            /* NULL: no topic feature */
    double topic_share[SMP_MAX_TOPICS];  /* smp_topics_share of q */
    smp_store_reader *store; /* one per segment of ix */
    smp_answer_memo *memo;   /* may be NULL */
    double w[SMP_RR_NFEATURES];
    int all; /* 1: every feature, whatever its weight (else those of w != 0) */
    /* smp_rerank_hits: only the best want of the hits are kept (0: all),
       so a passage that cannot be among them whatever its answer type is
       not read for it */
    uint32_t want;
} smp_rerank;

/* A feature's name ("proximity"), NULL past the last. */
const char *smp_rerank_name(int f);
/* The weights of the options o in w: 1 when any is not 0. */
int smp_rerank_weights(const smp_search_options *o, double w[SMP_RR_NFEATURES]);
/* The features of passages docs[0..n) (the index's numbers) in f[0..n):
 * 0, SMP_ENOMEM or SMP_ECORRUPT. */
int smp_rerank_features(smp_rerank *rr, const uint32_t *docs, size_t n,
                        double (*f)[SMP_RR_NFEATURES]);
/* The sum of the weights times the features f. */
double smp_rerank_score(const smp_rerank *rr, const double f[SMP_RR_NFEATURES]);
/* Adds each hit's weighted features to its score and sorts hits[0..nh)
 * again, best first (ties keep their order): 0, SMP_ENOMEM or
 * SMP_ECORRUPT.  With rr->want, hits past the first want come after them
 * in no given order, their scores maybe short of their answer type's. */
int smp_rerank_hits(smp_rerank *rr, smp_hit *hits, uint32_t nh);

#endif /* SMP_ANSWER_H */
