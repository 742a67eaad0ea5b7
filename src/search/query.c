/*
 * query.c - a question analysed into what the ranking needs: its stemmed
 * terms (filler marked), quoted phrases, the joined forms of hyphenated
 * words and the other forms of numbers, spelling corrections of words the
 * index lacks, and the phrases of alias groups the question matches.
 * Terms that mean one thing in several wordings form concept groups,
 * which the ranking scores as one term.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "search/search.h"

#define MAX_PHRASES SMP_MAX_PHRASES
#define MAX_PHRASE_TERMS SMP_MAX_PHRASE_TERMS

/* Group numbers of hyphenated words and numbers, apart from those of
 * alias groups. */
#define HYPHEN_GROUP ((size_t)1 << 30)

/* Finds the quoted parts of the query: between straight or curly double
 * quotes, paired in order; a quote left open runs to the end. */
static void find_quoted(smp_query *q, const char *query) {
    size_t len = strlen(query), open = SIZE_MAX;
    for (size_t i = 0; i < len && q->nquoted < SMP_MAX_QUOTED; i++) {
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
            q->qp[q->nquoted].n = 0;
            q->quoted[q->nquoted][0] = open;
            q->quoted[q->nquoted++][1] = i;
            open = SIZE_MAX;
        }
        i += qlen - 1;
    }
    if (open != SIZE_MAX && q->nquoted < SMP_MAX_QUOTED) {
        q->qp[q->nquoted].n = 0;
        q->quoted[q->nquoted][0] = open;
        q->quoted[q->nquoted++][1] = len;
    }
}

/* A word inside quotes is part of that phrase and never filler. */
static void note_quoted(smp_query *q, size_t term, const smp_token *tok) {
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

static int add_term(smp_query *q, const char *term, size_t len, double weight, int filler,
                    int alt, size_t *index) {
    for (size_t i = 0; i < q->n; i++)
        if (q->terms[i].len == len && memcmp(q->terms[i].term, term, len) == 0) {
            if (!alt) q->terms[i].alt = 0; /* the question says it plainly too */
            *index = i;
            return 0;
        }
    *index = SIZE_MAX;
    if (q->n == SMP_MAX_QUERY_TERMS) return 0; /* the rest are ignored */
    char *copy = smp_arena_strndup(q->arena, term, len);
    if (!copy) return SMP_ENOMEM;
    q->terms[q->n] = (smp_qterm){copy, len, 0, filler, weight, NULL, 0, alt, 0, 0};
    q->span[q->n][0] = q->span[q->n][1] = 0;
    q->word[q->n] = NULL;
    q->word_len[q->n] = 0;
    *index = q->n++;
    return 0;
}

/* Adds a phrase (term indexes) to a concept group. */
static void add_phrase(smp_query *q, size_t group, int own, double weight, const size_t *terms,
                       size_t n) {
    if (q->nphrases == MAX_PHRASES || n > MAX_PHRASE_TERMS) return;
    smp_qphrase *p = &q->phrases[q->nphrases++];
    p->group = group;
    p->own = own;
    p->weight = weight;
    p->n = n;
    for (size_t k = 0; k < n; k++) p->term[k] = (uint8_t)terms[k];
}

/* A concept group whose own wording is word i of the question: its
 * number, for the other wordings (add_phrase). */
static size_t open_concept(smp_query *q, size_t i) {
    size_t group = HYPHEN_GROUP + q->hyphen_groups++;
    add_phrase(q, group, 1, 1.0, &i, 1);
    return group;
}

/* A hyphenated word gives its parts and then their joined form at the
 * last part's position ("pre-school": "pre", "school", "preschool").  The
 * two are one concept: the joined form is an alternative wording of the
 * parts, so the word is not counted three times. */
static int on_joined(smp_query *q, const char *term, size_t len, const smp_token *tok) {
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
 * question shares with a passage says less than a synonym does (the
 * weight was chosen on tests/relevance/numbers.tsv and the development
 * questions; the figures are in the README). */
static int add_number_form(smp_query *q, size_t i, const smp_token *tok, const char *other,
                           size_t ol) {
    size_t sl, j;
    if (!smp_number_counts(q->query, q->query_len, tok->end)) return 0;
    const char *stem = smp_stem(q->st, other, ol, &sl);
    if (!stem) return SMP_ENOMEM;
    double wgt = q->alias_weight / 2;
    int rc = add_term(q, stem, sl, wgt, 0, 1, &j);
    if (rc || j == SIZE_MAX || j == i) return rc;
    add_phrase(q, open_concept(q, i), 0, wgt, &j, 1);
    return 0;
}

/* English as typed: a negative contraction ("cant", "shouldnt") is filler
 * that brings "not" along, so that "who can't" meets "Who should not"; an
 * informal spelling ("hrs", "appt", "u") has the word it stands for as
 * another form, and is filler when that word is. */
static int add_informal_forms(smp_query *q, size_t i, const smp_token *tok) {
    size_t j;
    int rc;
    if (smp_is_negation(tok->text, tok->len)) {
        q->terms[i].filler = 1;
        if (tok->len == 3 && !memcmp(tok->text, "not", 3)) return 0;
        return add_term(q, "not", 3, 1.0, 1, 0, &j);
    }
    const char *word = smp_informal_word(tok->text, tok->len);
    if (!word) return 0;
    size_t sl;
    const char *stem = smp_stem(q->main_st, word, strlen(word), &sl);
    if (!stem) return SMP_ENOMEM;
    int filler = smp_is_filler(word, strlen(word));
    if (filler) q->terms[i].filler = 1;
    if ((rc = add_term(q, stem, sl, 1.0, filler, 1, &j)) || j == SIZE_MAX || j == i ||
        !q->terms[j].alt)
        return rc;
    q->terms[j].form_of = i + 1;
    add_phrase(q, open_concept(q, i), 0, 1.0, &j, 1);
    return 0;
}

static int on_query_term(void *ud, const char *term, size_t len, const smp_token *tok) {
    smp_query *q = ud;
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
    if (i == before) { /* the word as typed: other stemmers, the word list */
        if (!(q->word[i] = smp_arena_strndup(q->arena, tok->text, tok->len))) return SMP_ENOMEM;
        q->word_len[i] = tok->len;
    }
    if (ol && i == before && q->st && (rc = add_number_form(q, i, tok, other, ol))) return rc;
    if (q->english && i == before && (rc = add_informal_forms(q, i, tok))) return rc;
    if (q->nseq < SMP_MAX_QUERY_TERMS) {
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
    smp_query *q = ud;
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

/* An index of articles in several languages: each word of the question
 * also as each other language stems it ("durée" and "dure" are one stem in
 * French, two in English), when the index holds that stem.  The forms of
 * one word are one concept group, scored as one term. */
static int add_language_forms(const smp_index *ix, smp_query *q) {
    for (size_t i = 0; i < q->nown; i++) {
        if (!q->word[i] || q->terms[i].number) continue;
        size_t group = 0;
        for (size_t k = 0; k < q->nlangs; k++) {
            size_t sl, j;
            uint32_t df;
            const char *stem = smp_stem(q->langs[k], q->word[i], q->word_len[i], &sl);
            if (!stem) return SMP_ENOMEM;
            if (sl == q->terms[i].len && !memcmp(stem, q->terms[i].term, sl)) continue;
            int found = smp_index_df(ix, stem, sl, &df);
            if (found < 0) return found;
            if (!found) continue;
            int rc = add_term(q, stem, sl, 1.0, q->terms[i].filler, 1, &j);
            if (rc) return rc;
            if (j == SIZE_MAX || j == i || !q->terms[j].alt) continue;
            q->terms[j].form_of = i + 1;
            if (!group) group = open_concept(q, i);
            add_phrase(q, group, 0, 1.0, &j, 1);
        }
    }
    return SMP_OK;
}

/* Whether own word i has another form (another language's, or the word
 * its informal spelling stands for). */
static int has_other_form(const smp_query *q, size_t i) {
    for (size_t j = q->nown; j < q->n; j++)
        if (q->terms[j].form_of == i + 1) return 1;
    return 0;
}

/* Whether the language knows own word i as typed ("laser" is no misspelt
 * "layer"). */
static int knows_word(const smp_query *q, size_t i) {
    return q->known_words && q->word[i] && smp_words_has(q->word[i], q->word_len[i]);
}

/* Replaces each word of the question that is not in the dictionary by the
 * nearest one that is (spell.c); not a word another language of the index
 * has. */
static int correct_spelling(const smp_index *ix, smp_query *q) {
    for (size_t i = 0; i < q->nown; i++) {
        smp_qterm *t = &q->terms[i];
        uint32_t df;
        const char *c;
        size_t cl;
        /* filler and negations are never changed ("shouldnt" is no
           misspelt "should"), nor a word with another form */
        if (t->alt || t->number || t->filler || has_other_form(q, i)) continue;
        int found = smp_index_df(ix, t->term, t->len, &df);
        if (found < 0) return found;
        if (found || knows_word(q, i)) continue;
        if (!smp_spell_correct(ix, t->term, t->len, &c, &cl) &&
            !(q->word[i] && smp_spell_correct_prefix(ix, q->word[i], q->word_len[i], &c, &cl)))
            continue;
        char *copy = smp_arena_strndup(q->arena, c, cl);
        if (!copy) return SMP_ENOMEM;
        t->orig = t->term;
        t->term = copy;
        t->len = cl;
    }
    return SMP_OK;
}

/* The alias groups a question sets off: those where a phrase it says
 * holds a word that is not filler ("of" alone does not bring in an "OF"
 * acronym's long form, nor "it" an "IT" one; "point of sale" still
 * matches whole). */
typedef struct set_off {
    smp_query *q;
    size_t group[256]; /* smp_aliases_expand looks at 256 groups at most */
    size_t n;
} set_off;

/* 1 when the stem is one of the question's own words, not filler. */
static int content_word(const smp_query *q, const char *stem, size_t len) {
    for (size_t i = 0; i < q->nown; i++)
        if (q->terms[i].len == len && !memcmp(q->terms[i].term, stem, len))
            return !q->terms[i].filler;
    return 0;
}

static int on_match(void *ud, size_t group, int own, const smp_qword *phrase, size_t n) {
    set_off *so = ud;
    int content = 0;
    for (size_t k = 0; k < n && own && !content; k++)
        content = content_word(so->q, phrase[k].stem, phrase[k].len);
    if (content && so->n < sizeof so->group / sizeof so->group[0] &&
        !(so->n && so->group[so->n - 1] == group))
        so->group[so->n++] = group;
    return 0;
}

static int on_set_off(void *ud, size_t group, int own, const smp_qword *phrase, size_t n) {
    set_off *so = ud;
    for (size_t i = 0; i < so->n; i++)
        if (so->group[i] == group) return on_expand(so->q, group, own, phrase, n);
    return 0;
}

/* Adds the phrases of the alias groups that the question matches with a
 * word that is not filler. */
static int expand_aliases(const smp_aliases *a, smp_query *q) {
    smp_qword words[SMP_MAX_QUERY_TERMS];
    for (size_t i = 0; i < q->nseq; i++) {
        words[i].stem = q->terms[q->seq[i]].term;
        words[i].len = q->terms[q->seq[i]].len;
    }
    set_off so = {.q = q, .n = 0};
    int rc = smp_aliases_expand(a, words, q->nseq, on_match, &so);
    if (rc || so.n == 0) return rc;
    return smp_aliases_expand(a, words, q->nseq, on_set_off, &so);
}

int smp_query_analyze(smp_query *q, smp_arena *arena, const smp_index *ix, smp_stemmer *st,
                      smp_stemmer *const *langs, size_t nlangs, int known_words,
                      const smp_aliases *aliases, const char *query,
                      const smp_search_options *opt) {
    memset(q, 0, offsetof(smp_query, terms)); /* the arrays: as entries are added */
    q->known_words = known_words;
    q->arena = arena;
    q->langs = langs;
    q->nlangs = nlangs;
    q->main_st = st;
    const char *lang = smp_index_language(ix);
    q->english = !strcmp(lang, "english") || !strcmp(lang, "porter");
    q->alias_weight = opt->alias_weight;
    if (smp_stemmer_analyzer(st) & SMP_AN_NUMBERS) q->st = st;
    q->query = query;
    q->query_len = strlen(query);
    if (!opt->no_phrases) find_quoted(q, query);
    int rc = smp_analyze(st, query, q->query_len, on_query_term, q);
    if (rc) return rc;
    if (q->n == 0) return SMP_EEMPTY;
    q->nown = q->n;
    if (nlangs && (rc = add_language_forms(ix, q))) return rc;
    if (!opt->no_spelling && (rc = correct_spelling(ix, q))) return rc;
    if (!opt->no_aliases && (rc = expand_aliases(aliases, q))) return rc;
    return SMP_OK;
}
