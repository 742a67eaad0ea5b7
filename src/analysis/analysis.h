/*
 * analysis.h - text to terms: the tokenizer, the numbers filter, the
 * stemmer, question filler, acronyms and alias groups (subsystem
 * analysis/, above base/).
 * Nothing here is part of the public API (include/smpsearch.h).
 */
#ifndef SMP_ANALYSIS_H
#define SMP_ANALYSIS_H

#include "base/base.h"

/**************************************************************************
** Interface to code in tokenize.c
**
** The tokenizer turns UTF-8 text into normalised tokens:
**   - a token is a maximal run of letters, digits and combining marks
**     (Unicode categories L*, N*, M*);
**   - each code point is case-folded and decomposed with compatibility
**     mappings, and combining marks are removed (accents stripped);
**   - an apostrophe (U+0027, U+2019) between two letters joins them:
**     "don't" -> "dont"; a trailing possessive "'s" is dropped:
**     "client's" -> "client", "it's" -> "it";
**   - a hyphen (U+002D, U+2010, U+2011) between two letters or digits
**     gives the parts and then their concatenation at the position of the
**     last part: "top-up" -> "top", "up", "topup";
**   - invalid UTF-8 bytes and everything else separate tokens;
**   - tokens longer than SMP_MAX_TOKEN bytes after folding are dropped.
** `start`/`end` are byte offsets of the token in the input text.
*/
#define SMP_MAX_TOKEN 64

typedef struct smp_token {
    const char *text; /* normalised token, NUL-terminated, len bytes */
    size_t len;
    size_t start, end; /* source byte range */
    uint32_t pos;      /* 0-based word position */
    int joined;        /* 1: the whole of a hyphenated word, after its parts */
} smp_token;

/* Called for each token; a non-zero return stops tokenizing and is
 * returned by smp_tokenize. */
typedef int (*smp_token_fn)(void *ud, const smp_token *tok);

int smp_tokenize(const char *text, size_t len, smp_token_fn fn, void *ud);


/**************************************************************************
** Interface to code in numbers.c
**
** A filter between the tokenizer and the stemmer: number words to digits,
** units written out, ranges as one more token "a-b" (see numbers.c).
** Used by smp_analyze when the stemmer has SMP_AN_NUMBERS:
**     smp_numbers nf;
**     smp_numbers_init(&nf, text, fn, ud);
**     smp_tokenize(text, len, smp_numbers_token, &nf);
*/
#define SMP_NUMBERS_HIST 16

typedef struct smp_numbers {
    const char *text; /* the text being tokenized, to read what joins two numbers */
    smp_token_fn fn; /* where filtered tokens go */
    void *ud;
    uint32_t shift;  /* positions added by split tokens ("6wks") */
    int have_num;    /* the last token was a number (or a connector after one) */
    long num;        /* its value */
    size_t num_start, num_end;
    int num_between; /* it came after "between" */
    int last_between;
    int unit_ok;     /* the last token was a number: a short unit may follow */
    struct {
        size_t start;
        int numeric;
    } hist[SMP_NUMBERS_HIST]; /* the last tokens of the current word (a ring) */
    size_t nhist;             /* tokens remembered since the word began */
} smp_numbers;

void smp_numbers_init(smp_numbers *nf, const char *text, smp_token_fn fn, void *ud);
int smp_numbers_token(void *nf, const smp_token *tok);
/* The other way of writing a number word or number: "three" -> "3",
 * "12" -> "twelve" (0-20 and the tens to 90), NUL-terminated in out;
 * returns its length, or 0 when w[0..n) is no such number. */
size_t smp_number_other_form(const char *w, size_t n, char *out, size_t cap);
/* The value of a number word ("eight") or of digits (at most 9), or -1. */
long smp_number_value(const char *w, size_t n);
/* A unit of time, "week", "weeks", "wks" or another short form (numbers.c),
 * written out and plural ("weeks"), or NULL. */
const char *smp_time_unit(const char *w, size_t n);
/* Is the word after text[end] a unit of time or a thing counted ("weeks",
 * "wks", "sessions", "times")? */
int smp_number_counts(const char *text, size_t len, size_t end);


/**************************************************************************
** Interface to code in stem.c
**
** A libstemmer wrapper with a cache so each distinct word is stemmed once.
** Tokens made only of digits, and tokens of 2 bytes or less, are returned
** unchanged.
*/
typedef struct smp_stemmer smp_stemmer;

/* The libstemmer language when none is given: of smp_stemmer_new, of a
 * build (smp_build_options_init) and of an update. */
#define SMP_DEFAULT_LANGUAGE "english"

/* The libstemmer language of a language tag as pages and front matter
 * give it ("fr", "en-GB", "pt_BR", "German" or "french"): its name in
 * sb_stemmer_list() (a static string), or NULL when this libstemmer has
 * none. */
#define SMP_LANG_NAME_MAX 24
const char *smp_stemmer_for_lang(const char *tag);
/* SMP_EINVAL when libstemmer has no such language. */
int smp_stemmer_new(smp_stemmer **out, const char *language, smp_error *err);
void smp_stemmer_free(smp_stemmer *st);
/* The stem of word[0..len), NUL-terminated and owned by the stemmer
 * (valid until it is freed); *out_len gets its length.  NULL when out of
 * memory. */
const char *smp_stem(smp_stemmer *st, const char *word, size_t len,
                     size_t *out_len);
/* Cache counters (for tests and statistics). */
void smp_stemmer_counts(const smp_stemmer *st, uint64_t *hits,
                        uint64_t *misses);
const char *smp_stemmer_language(const smp_stemmer *st);
/* Analyzer options (SMP_AN_*), kept in an index's META section so that
 * questions are analysed as its passages were.  0 after smp_stemmer_new. */
#define SMP_AN_NUMBERS 1u /* numbers.c: number words, units, ranges */
#define SMP_AN_KNOWN SMP_AN_NUMBERS
void smp_stemmer_set_analyzer(smp_stemmer *st, uint32_t flags);
uint32_t smp_stemmer_analyzer(const smp_stemmer *st);

/* Tokenize + stem: fn gets each stemmed term (NUL-terminated) with the
 * token it came from.  Returns the first non-zero fn result, or
 * SMP_ENOMEM. */
typedef int (*smp_term_fn)(void *ud, const char *term, size_t len,
                           const smp_token *tok);
int smp_analyze(smp_stemmer *st, const char *text, size_t len,
                smp_term_fn fn, void *ud);
/* smp_analyze, also passing the tag the stemmer's cache keeps with the
 * word: two u32, zero when the word is first met, at an address that does
 * not change while the stemmer lives.  The indexer keeps the word's term
 * number there (invert.c), so that a word met again skips the dictionary
 * lookup. */
typedef int (*smp_tagged_term_fn)(void *ud, const char *term, size_t len,
                                  const smp_token *tok, uint32_t *tag);
int smp_analyze_tagged(smp_stemmer *st, const char *text, size_t len,
                       smp_tagged_term_fn fn, void *ud);


/* Analysis for finding given terms (answer sentences, highlights): a
 * token whose stem cannot be any of them is not stemmed.  The filter
 * holds, for each first byte, the length of the shortest term starting
 * with it: with a stemmer whose stems keep the word's first byte and are
 * never longer than the word (english, porter), a token that starts with
 * byte b and is shorter than minlen[b] stems to none of the terms.  With
 * other stemmers every token passes.
 *     smp_term_filter f;
 *     smp_term_filter_init(&f, st);
 *     for each term: smp_term_filter_add(&f, term, len);
 *     smp_analyze_filtered(st, text, len, &f, fn, ud);
 * fn gets the tokens the filter rules out with term NULL and len 0 (their
 * offsets and positions as ever), the others with their stems as
 * smp_analyze gives them. */
typedef struct smp_term_filter {
    uint8_t minlen[256];
} smp_term_filter;

void smp_term_filter_init(smp_term_filter *f, const smp_stemmer *st);
void smp_term_filter_add(smp_term_filter *f, const char *term, size_t len);
int smp_analyze_filtered(smp_stemmer *st, const char *text, size_t len,
                         const smp_term_filter *f, smp_term_fn fn, void *ud);

/**************************************************************************
** Interface to code in filler.c
*/
/* 1 when the folded (unstemmed) English word is question filler or a stop
 * word; such words rank passages but do not pick answer sentences. */
int smp_is_filler(const char *word, size_t len);

/**************************************************************************
** Interface to code in words.c
**
** The words of the language (the word list configure found, built into
** the library; empty without one).
*/
/* 1 when word[0..len) is a word of the list (case aside). */
int smp_words_has(const char *word, size_t len);
/* Bytes of the list: 0 when the build had none. */
size_t smp_words_size(void);

/**************************************************************************
** Interface to code in informal.c
**
** English as people type it (tokens as the tokenizer gives them).
*/
/* The word an informal spelling stands for ("u" -> "you", "appt" ->
 * "appointment", "hrs" -> "hours"), or NULL. */
const char *smp_informal_word(const char *tok, size_t len);
/* 1 for "not", "never" and a negative contraction ("cant", "shouldnt",
 * "dont": the tokenizer drops the apostrophe). */
int smp_is_negation(const char *tok, size_t len);

/**************************************************************************
** Interface to code in acronym.c
*/
/* Called with each acronym definition found: the acronym as written and
 * its long form (not NUL-terminated).  Non-zero stops the search. */
typedef int (*smp_acronym_fn)(void *ud, const char *acr, size_t acr_len,
                              const char *long_form, size_t long_len);
int smp_find_acronyms(const char *text, size_t len, smp_acronym_fn fn, void *ud);


typedef struct smp_macr { /* an acronym definition found in a file, with its count */
    char *acr, *long_form;
    uint32_t count;
} smp_macr;

/**************************************************************************
** Interface to code in alias.c
**
** Alias groups: phrases that mean the same thing ("smp", "scalp
** micropigmentation"; "eyelash perm", "lash lift").  In the index (section
** ALIASES) a group is one line of analysed phrases separated by tabs, each
** phrase its stems separated by spaces.  At query time a phrase of a group
** found in the query adds the group's other phrases, at a lower weight.
*/
typedef struct smp_aliases smp_aliases;

/* Parses the ALIASES section text (len bytes). */
int smp_aliases_parse(smp_aliases **out, const char *text, size_t len);
void smp_aliases_free(smp_aliases *a);
size_t smp_aliases_groups(const smp_aliases *a);

/* One stem of the query, in order. */
typedef struct smp_qword {
    const char *stem;
    size_t len;
} smp_qword;

/* For the query's stems q[0..n) in order, calls fn for every phrase of
 * each group that has a phrase in the query: with own = 1 for the phrases
 * found in the query, own = 0 for the others, which the group adds.  Calls
 * come group by group.  Returns the first non-zero fn result. */
typedef int (*smp_expand_fn)(void *ud, size_t group, int own, const smp_qword *phrase,
                             size_t n);
int smp_aliases_expand(const smp_aliases *a, const smp_qword *q, size_t n,
                       smp_expand_fn fn, void *ud);

/* Reads a synonym file: one group a line, phrases separated by commas,
 * '#' starts a comment.  Each group is analysed with st and appended to
 * out in the ALIASES text form.  SMP_EFORMAT for a line with one phrase. */
int smp_synonyms_load(const char *path, smp_stemmer *st, smp_buf *out, smp_error *err);
/* Appends a group for each acronym that the definitions acr[0..n) (in
 * the order first met, with counts) give one long form only. */
int smp_alias_acronyms(smp_buf *out, smp_stemmer *st, const smp_macr *acr, size_t n);
/* Appends one group (phrases[0..n), as written) in ALIASES text form. */
int smp_alias_group_add(smp_buf *out, smp_stemmer *st, const char *const *phrases,
                        const size_t *lens, size_t n);


#endif /* SMP_ANALYSIS_H */
