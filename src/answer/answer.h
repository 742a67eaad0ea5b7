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


/**************************************************************************
** Interface to code in confidence.c
*/
/* The share (0..1) of the question's own content words that occur in the
 * fields of a passage analysed with st (see confidence.c for the weights):
 * heading[f] non-zero for a title or heading field, 0 for the text.  The
 * index's language word list is asked when q->known_words is set.
 * 0, or what smp_analyze returns. */
int smp_confidence(smp_stemmer *st, const smp_query *q, const char *const *fields,
                   const size_t *lens, const int *heading, size_t nfields, double *out);


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
} smp_topics;
/* Reads the categories of every article of ix (n is 0 past
 * SMP_MAX_TOPICS), their words stemmed with st: 0 or SMP_ENOMEM. */
int smp_topics_load(smp_topics *t, const smp_index *ix, smp_stemmer *st);
void smp_topics_free(smp_topics *t);
/* 1 when a content term of q (its own, or one its alias groups added) is
 * a word of a topic's name. */
int smp_topics_named(const smp_topics *t, const smp_query *q);
/* The topic (a name of t) of an article of these categories ('\n'
 * joined), or NULL. */
const char *smp_topic_of(const smp_topics *t, const char *categories);

#endif /* SMP_ANSWER_H */
