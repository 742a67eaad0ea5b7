/*
 * check_search.c - tests of query understanding: acronyms found in text
 * (acronym.c), alias groups and synonym files (alias.c), spelling
 * correction (spell.c), numbers in other forms, and what smp_search
 * reports about them.  The answers to questions: check_answer.c.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "answer/answer.h"
#include "indexer/indexer.h"
#include "helpers.h"

/* --- acronyms ------------------------------------------------------------- */

typedef struct found {
    char acr[16][16], lf[16][64];
    int n, stop_after;
} found;

static int on_acr(void *ud, const char *a, size_t al, const char *l, size_t ll) {
    found *f = ud;
    ck_assert_int_lt(f->n, 16);
    snprintf(f->acr[f->n], sizeof f->acr[0], "%.*s", (int)al, a);
    snprintf(f->lf[f->n], sizeof f->lf[0], "%.*s", (int)ll, l);
    f->n++;
    return f->stop_after && f->n >= f->stop_after ? 42 : 0;
}

static found acronyms(const char *text) {
    found f;
    memset(&f, 0, sizeof f);
    ck_assert_int_eq(smp_find_acronyms(text, strlen(text), on_acr, &f), 0);
    return f;
}

START_TEST(test_acronym_forms) {
    found f = acronyms("Many men choose scalp micropigmentation (SMP) after a transplant.");
    ck_assert_int_eq(f.n, 1);
    ck_assert_str_eq(f.acr[0], "SMP");
    ck_assert_str_eq(f.lf[0], "scalp micropigmentation");

    f = acronyms("Scalp micropigmentation, or SMP, is a popular choice.");
    ck_assert_int_eq(f.n, 1);
    ck_assert_str_eq(f.acr[0], "SMP");
    ck_assert_str_eq(f.lf[0], "Scalp micropigmentation");

    f = acronyms("Ask about PMU (permanent make-up) before booking.");
    ck_assert_int_eq(f.n, 1);
    ck_assert_str_eq(f.acr[0], "PMU");
    ck_assert_str_eq(f.lf[0], "permanent make-up");

    f = acronyms("The scars of follicular unit extraction (FUE) are small dots.");
    ck_assert_int_eq(f.n, 1);
    ck_assert_str_eq(f.lf[0], "follicular unit extraction");
}
END_TEST

START_TEST(test_acronym_rejects) {
    ck_assert_int_eq(acronyms("See the results (see below) and more.").n, 0);
    ck_assert_int_eq(acronyms("Clinics in the city (UK) charge more.").n, 0);
    ck_assert_int_eq(acronyms("A single letter (A) is no acronym.").n, 0);
    ck_assert_int_eq(acronyms("Unclosed (SMP").n, 0);
    ck_assert_int_eq(acronyms("").n, 0);
    ck_assert_int_eq(acronyms("(SMP)").n, 0);
}
END_TEST

START_TEST(test_acronym_stop) {
    found f;
    memset(&f, 0, sizeof f);
    f.stop_after = 1;
    const char *t = "scalp micropigmentation (SMP) and permanent make-up (PMU)";
    ck_assert_int_eq(smp_find_acronyms(t, strlen(t), on_acr, &f), 42);
    ck_assert_int_eq(f.n, 1);
}
END_TEST

/* --- alias groups ------------------------------------------------------------ */

typedef struct added {
    char words[16][32];
    int n;
} added;

static int on_add(void *ud, size_t group, int own, const smp_qword *phrase, size_t n) {
    SMP_UNUSED(group);
    added *a = ud;
    if (own) return 0; /* only what the group adds */
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_lt(a->n, 16);
        snprintf(a->words[a->n++], 32, "%.*s", (int)phrase[i].len, phrase[i].stem);
    }
    return 0;
}

static added expand(const smp_aliases *al, const char *const *q, size_t n) {
    smp_qword w[8];
    for (size_t i = 0; i < n; i++) w[i] = (smp_qword){q[i], strlen(q[i])};
    added a;
    memset(&a, 0, sizeof a);
    ck_assert_int_eq(smp_aliases_expand(al, w, n, on_add, &a), 0);
    return a;
}

START_TEST(test_alias_expand) {
    const char *text = "smp\tscalp micropigment\nlash lift\teyelash perm\tlash perm\n";
    smp_aliases *al = NULL;
    ck_assert_int_eq(smp_aliases_parse(&al, text, strlen(text)), SMP_OK);
    ck_assert_uint_eq(smp_aliases_groups(al), 2);

    const char *q1[] = {"smp", "cost"};
    added a = expand(al, q1, 2);
    ck_assert_int_eq(a.n, 2);
    ck_assert_str_eq(a.words[0], "scalp");
    ck_assert_str_eq(a.words[1], "micropigment");

    const char *q2[] = {"how", "long", "eyelash", "perm", "last"};
    a = expand(al, q2, 5);
    ck_assert_int_eq(a.n, 4); /* "lash lift" and "lash perm" */
    ck_assert_str_eq(a.words[0], "lash");
    ck_assert_str_eq(a.words[1], "lift");

    const char *q3[] = {"lash", "last"}; /* part of a phrase: no match */
    ck_assert_int_eq(expand(al, q3, 2).n, 0);
    const char *q4[] = {"perm", "eyelash"}; /* words out of order */
    ck_assert_int_eq(expand(al, q4, 2).n, 0);
    const char *q5[] = {"smp", "scalp", "micropigment"}; /* every phrase present */
    ck_assert_int_eq(expand(al, q5, 3).n, 0);
    smp_aliases_free(al);
    ck_assert_int_eq(smp_aliases_expand(NULL, NULL, 0, on_add, &a), 0);
}
END_TEST

START_TEST(test_alias_parse_errors) {
    smp_aliases *al = NULL;
    ck_assert_int_eq(smp_aliases_parse(&al, "lonely\n", 7), SMP_EFORMAT);
    ck_assert_ptr_null(al);
    ck_assert_int_eq(smp_aliases_parse(&al, "a\t\n", 3), SMP_EFORMAT);
    ck_assert_int_eq(smp_aliases_parse(&al, "\n\n", 2), SMP_OK); /* no group */
    ck_assert_uint_eq(smp_aliases_groups(al), 0);
    smp_aliases_free(al);
}
END_TEST

START_TEST(test_synonym_file) {
    char sdir[256], path[512];
    test_path(path, sizeof path, test_tmpdir(sdir, sizeof sdir), "synonyms.txt");
    const char *good = "# lay terms\n\nHair Tattoo, scalp micropigmentation\n"
                       "eyelash perm ,lash lift # old name\n";
    test_write_file(path, good, strlen(good));
    smp_stemmer *st;
    ck_assert_int_eq(smp_stemmer_new(&st, "english", NULL), SMP_OK);
    smp_buf out;
    smp_buf_init(&out);
    smp_error err;
    ck_assert_int_eq(smp_synonyms_load(path, st, &out, &err), SMP_OK);
    smp_buf_nul(&out);
    ck_assert_str_eq((char *)out.p, "hair tattoo\tscalp micropigment\neyelash perm\tlash lift\n");

    const char *bad = "lash lift, eyelash perm\njust one phrase\n";
    test_write_file(path, bad, strlen(bad));
    smp_buf_reset(&out);
    ck_assert_int_eq(smp_synonyms_load(path, st, &out, &err), SMP_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, ":2:"));
    unlink(path);
    ck_assert_int_eq(smp_synonyms_load(path, st, &out, &err), SMP_ENOTFOUND);
    smp_buf_free(&out);
    smp_stemmer_free(st);
}
END_TEST

/* --- spelling, through a small index ------------------------------------------ */

static char idx[512];

static void build(void) {
    const char *docs =
        "{\"_id\":\"d1\",\"title\":\"\",\"text\":\"A lash lift curls the lashes for weeks.\"}\n"
        "{\"_id\":\"d2\",\"title\":\"\",\"text\":\"Lift results fade as lashes shed. Lifts last.\"}\n"
        "{\"_id\":\"d3\",\"title\":\"\",\"text\":\"Scalp micropigmentation (SMP) mimics follicles.\"}\n"
        "{\"_id\":\"d4\",\"title\":\"\",\"text\":\"Loft apartments are not about lashes.\"}\n"
        "{\"_id\":\"d5\",\"title\":\"\",\"text\":\"Scalp micropigmentation lasts for years.\"}\n"
        "{\"_id\":\"d6\",\"title\":\"\",\"text\":\"An SMP session takes hours.\"}\n"
        "{\"_id\":\"d7\",\"title\":\"\",\"text\":\"Scalp care needs sunscreen.\"}\n";
    smp_index_close(test_build_doc("docs.jsonl", docs, NULL, "q.idx", idx, sizeof idx));
}

START_TEST(test_spell_correct) {
    smp_index *ix;
    ck_assert_int_eq(smp_index_open(&ix, idx, NULL), SMP_OK);
    const char *c;
    size_t cl;
    /* "lyft" is one edit from "lift" (df 2) and "loft" is two away */
    ck_assert_int_eq(smp_spell_correct(ix, "lyft", 4, &c, &cl), 1);
    ck_assert_int_eq((int)cl, 4);
    ck_assert(!memcmp(c, "lift", 4));
    /* a swap of neighbours is one edit */
    ck_assert_int_eq(smp_spell_correct(ix, "lahs", 4, &c, &cl), 1);
    ck_assert(!memcmp(c, "lash", 4));
    /* two edits allowed from 8 bytes on */
    ck_assert_int_eq(smp_spell_correct(ix, "micropigmant", 12, &c, &cl), 1);
    ck_assert(!memcmp(c, "micropigment", 12));
    ck_assert_int_eq(smp_spell_correct(ix, "lxyt", 4, &c, &cl), 0); /* two edits, short */
    ck_assert_int_eq(smp_spell_correct(ix, "lft", 3, &c, &cl), 0);  /* too short */
    ck_assert_int_eq(smp_spell_correct(ix, "2024", 4, &c, &cl), 0); /* a number */
    ck_assert_int_eq(smp_spell_correct(ix, "zash", 4, &c, &cl), 0); /* first letter */
    ck_assert_int_eq(smp_spell_max_edits(3), 0);
    ck_assert_int_eq(smp_spell_max_edits(7), 1);
    ck_assert_int_eq(smp_spell_max_edits(8), 2);
    smp_index_close(ix);
}
END_TEST

/* Filler words never set off an alias group: "OFS" stems to "of", so a
 * question with "of" in it would bring in "old file system" */
START_TEST(test_alias_not_from_filler) {
    const char *docs =
        "{\"_id\":\"a\",\"title\":\"Old File System\",\"text\":\"The Old File "
        "System (OFS) keeps files in one flat table.\"}\n"
        "{\"_id\":\"b\",\"title\":\"Embedded systems\",\"text\":\"Small systems "
        "of many kinds use it.\"}\n";
    char path[512];
    smp_index *ix = test_build_doc("ofs.jsonl", docs, NULL, "ofs.idx", path, sizeof path);
    ck_assert_ptr_nonnull(ix);
    smp_results *r;
    ck_assert_int_eq(smp_search(ix, "what is OFS", NULL, &r, NULL), SMP_OK);
    ck_assert_str_eq(smp_results_expansions(r), "old file system");
    smp_results_free(r);
    ck_assert_int_eq(smp_search(ix, "Who uses it? On what kinds of systems?", NULL, &r, NULL),
                     SMP_OK);
    ck_assert_str_eq(smp_results_expansions(r), "");
    smp_results_free(r);
    smp_index_close(ix);
}
END_TEST

START_TEST(test_search_reports_corrections_and_aliases) {
    smp_index *ix;
    ck_assert_int_eq(smp_index_open(&ix, idx, NULL), SMP_OK);
    smp_results *r;
    ck_assert_int_eq(smp_search(ix, "lash lyft", NULL, &r, NULL), SMP_OK);
    ck_assert_str_eq(smp_results_corrected(r), "lash lift");
    ck_assert_str_eq(smp_results_terms(r), "lash lift");
    ck_assert_uint_ge(smp_results_count(r), 2);
    smp_results_free(r);

    /* switched off: the misspelled word finds nothing */
    smp_search_options o;
    smp_search_options_init(&o);
    o.no_spelling = 1;
    ck_assert_int_eq(smp_search(ix, "lyft", &o, &r, NULL), SMP_OK);
    ck_assert_ptr_null(smp_results_corrected(r));
    ck_assert_uint_eq(smp_results_count(r), 0);
    smp_results_free(r);

    /* the acronym defined in d3 finds the long form alone (d5), but not a
       part of it (d7: "scalp" without "micropigmentation") */
    ck_assert_int_eq(smp_search(ix, "smp", NULL, &r, NULL), SMP_OK);
    ck_assert_str_eq(smp_results_expansions(r), "scalp micropigment");
    ck_assert_uint_eq(smp_results_count(r), 3);
    int seen5 = 0;
    double with_alias_d6 = 0;
    for (uint32_t i = 0; i < smp_results_count(r); i++) {
        const smp_result *x = smp_results_get(r, i);
        ck_assert_str_ne(x->passage_id, "d7");
        seen5 |= !strcmp(x->passage_id, "d5");
        if (!strcmp(x->passage_id, "d6")) with_alias_d6 = x->score;
    }
    ck_assert(seen5);
    smp_results_free(r);
    /* a passage with the question's own word scores as without aliases:
       the group is one concept, not a bonus */
    o.no_aliases = 1;
    ck_assert_int_eq(smp_search(ix, "smp", &o, &r, NULL), SMP_OK);
    ck_assert_uint_eq(smp_results_count(r), 2); /* d3, d6 */
    for (uint32_t i = 0; i < 2; i++)
        if (!strcmp(smp_results_get(r, i)->passage_id, "d6"))
            ck_assert_double_eq_tol(smp_results_get(r, i)->score, with_alias_d6, 1e-12);
    smp_results_free(r);
    o.no_aliases = 0;
    ck_assert_int_eq(smp_search(ix, "scalp micropigmentation", NULL, &r, NULL), SMP_OK);
    ck_assert_str_eq(smp_results_expansions(r), "smp");
    smp_results_free(r);
    o.no_spelling = 0;
    o.no_aliases = 1;
    ck_assert_int_eq(smp_search(ix, "smp", &o, &r, NULL), SMP_OK);
    ck_assert_str_eq(smp_results_expansions(r), "");
    smp_results_free(r);
    smp_index_close(ix);
}
END_TEST

START_TEST(test_ids_only) {
    smp_index *ix;
    ck_assert_int_eq(smp_index_open(&ix, idx, NULL), SMP_OK);
    smp_results *full, *ids;
    smp_search_options o;
    smp_search_options_init(&o);
    ck_assert_int_eq(smp_search(ix, "lash lift lashes", &o, &full, NULL), SMP_OK);
    o.ids_only = 1;
    ck_assert_int_eq(smp_search(ix, "lash lift lashes", &o, &ids, NULL), SMP_OK);
    ck_assert_uint_eq(smp_results_count(ids), smp_results_count(full));
    ck_assert_uint_ge(smp_results_count(ids), 3);
    for (uint32_t i = 0; i < smp_results_count(ids); i++) {
        const smp_result *a = smp_results_get(full, i), *b = smp_results_get(ids, i);
        ck_assert_str_eq(a->passage_id, b->passage_id);
        ck_assert_double_eq(a->score, b->score);
        ck_assert_uint_gt(a->text_len, 0);
        ck_assert_uint_eq(b->text_len, 0);
        ck_assert_str_eq(b->text, "");
        ck_assert_uint_eq(b->nhighlights, 0);
    }
    smp_results_free(full);
    smp_results_free(ids);
    smp_index_close(ix);
}
END_TEST

/* The ids of the results of q, in order, space-separated. */
static void result_ids(smp_index *ix, const char *q, char *out, size_t cap) {
    smp_results *r;
    smp_search_options o; /* the first stage alone: what the words find */
    smp_search_options_init(&o);
    o.rerank_depth = 0;
    ck_assert_int_eq(smp_search(ix, q, &o, &r, NULL), SMP_OK);
    size_t n = 0;
    out[0] = 0;
    for (size_t i = 0; i < smp_results_count(r); i++) {
        int k = snprintf(out + n, cap - n, "%s%s", i ? " " : "", smp_results_get(r, i)->article_id);
        ck_assert(k > 0 && (size_t)k < cap - n);
        n += (size_t)k;
    }
    smp_results_free(r);
}

START_TEST(test_numbers_find_other_forms) {
    const char *docs =
        "{\"_id\":\"words\",\"title\":\"\",\"text\":\"A brow lamination holds for six to eight "
        "weeks.\"}\n"
        "{\"_id\":\"digits\",\"title\":\"\",\"text\":\"Infills are due every 2-3 wks.\"}\n"
        "{\"_id\":\"between\",\"title\":\"\",\"text\":\"Sessions run between 3 and 5 hours.\"}\n"
        "{\"_id\":\"one\",\"title\":\"\",\"text\":\"A lash tint fades in 4 weeks.\"}\n"
        "{\"_id\":\"other\",\"title\":\"\",\"text\":\"Brow gel sets for eight hours and costs "
        "six pounds; infills take an hour.\"}\n";
    char p[512], got[256];
    smp_index *ix;
    for (int plain = 0; plain < 2; plain++) {
        smp_build_options bo;
        smp_build_options_init(&bo);
        bo.no_numbers = plain;
        ix = test_build_doc("doc.jsonl", docs, &bo, "n.idx", p, sizeof p);
        ck_assert_uint_eq(smp_index_analyzer(ix), plain ? 0 : SMP_AN_NUMBERS);
        /* a range in digits finds it in words first; "8 weeks" finds
           "eight hours" too, below, through "eight" */
        result_ids(ix, "6-8 weeks", got, sizeof got);
        ck_assert_str_eq(got, plain ? "one words" : "words one digits other");
        /* in words, it finds it in digits ("2-3 wks" is "2-3 weeks") */
        result_ids(ix, "two to three weeks", got, sizeof got);
        ck_assert_str_eq(got, plain ? "one words" : "digits one words between");
        result_ids(ix, "3-5 hours", got, sizeof got);
        ck_assert_str_eq(got, plain ? "between other digits" : "between other digits");
        /* "hrs" is "hours" as typed, with or without numbers; the range
           ranks "between" first */
        result_ids(ix, "three to five hrs", got, sizeof got);
        ck_assert_str_eq(got, plain ? "other between" : "between other");
        /* a number of things in another form; "four" is no misspelt "for" */
        result_ids(ix, "four weeks", got, sizeof got);
        ck_assert_str_eq(got, plain ? "one words" : "one digits words");
        smp_index_close(ix);
        unlink(p);
    }
}
END_TEST

/* --- questions as customers type them ------------------------------------------ */

static const char *const faq_doc =
    "# Lash lift questions\n\n"
    "## Who should not have a lash lift?\n\nAnyone with an eye infection, recent eye surgery "
    "or a reaction to the lotion in a patch test should wait or avoid the treatment.\n\n"
    "## Who can have a lash lift?\n\nMost adults with lashes long enough to curl over the "
    "shield are suitable for the treatment.\n\n"
    "## How many hours does the appointment take?\n\nThe appointment takes about an hour "
    "from the patch check to the tint.\n\n"
    "## What is a lash lift?\n\nA semi-permanent curl of your natural lashes, set with a "
    "perming lotion over a silicone shield.\n\n"
    "## How to remove a lash lift\n\nA lash lift cannot be removed; the curl grows out "
    "with your lashes over six to eight weeks.\n";

static smp_results *ask(const smp_index *ix, const char *q, const smp_search_options *so) {
    smp_results *r = NULL;
    smp_error e;
    ck_assert_msg(smp_search(ix, q, so, &r, &e) == SMP_OK, "%s: %s", q, e.msg);
    ck_assert_uint_gt(smp_results_count(r), 0);
    return r;
}

START_TEST(test_negations) {
    char p[600];
    smp_index *ix = test_build_doc("faq.md", faq_doc, NULL, "neg.idx", p, sizeof p);
    const char *qs[] = {"who shouldn't have a lash lift", "who can't get a lash lift",
                        "who should not have a lash lift"};
    for (size_t k = 0; k < 3; k++) {
        smp_results *r = ask(ix, qs[k], NULL);
        /* "shouldnt" is no misspelt "should": never corrected */
        ck_assert_msg(smp_results_corrected(r) == NULL, "%s corrected to %s", qs[k],
                      smp_results_corrected(r));
        ck_assert_str_eq(smp_results_get(r, 0)->heading, "Who should not have a lash lift?");
        smp_results_free(r);
    }
    smp_results *r = ask(ix, "who can have a lash lift", NULL);
    ck_assert_str_eq(smp_results_get(r, 0)->heading, "Who can have a lash lift?");
    smp_results_free(r);
    smp_index_close(ix);
}
END_TEST

START_TEST(test_informal_words) {
    char p[600];
    smp_index *ix = test_build_doc("faq.md", faq_doc, NULL, "inf.idx", p, sizeof p);
    smp_results *r = ask(ix, "how many hrs is the appt", NULL);
    ck_assert_str_eq(smp_results_get(r, 0)->heading, "How many hours does the appointment take?");
    ck_assert_ptr_null(smp_results_corrected(r));
    smp_results_free(r);
    /* the table: every informal form, and only those */
    ck_assert_str_eq(smp_informal_word("u", 1), "you");
    ck_assert_str_eq(smp_informal_word("tho", 3), "though");
    ck_assert_str_eq(smp_informal_word("thru", 4), "through");
    ck_assert_str_eq(smp_informal_word("yrs", 3), "years");
    ck_assert_str_eq(smp_informal_word("abt", 3), "about");
    ck_assert_ptr_null(smp_informal_word("hours", 5));
    ck_assert_ptr_null(smp_informal_word("", 0));
    ck_assert(smp_is_negation("cant", 4) && smp_is_negation("wouldnt", 7) &&
              smp_is_negation("arent", 5) && smp_is_negation("not", 3));
    ck_assert(!smp_is_negation("can", 3) && !smp_is_negation("note", 4));
    smp_index_close(ix);
}
END_TEST

START_TEST(test_question_weight) {
    char p[600];
    smp_index *ix = test_build_doc("faq.md", faq_doc, NULL, "qw.idx", p, sizeof p);
    smp_search_options so;
    smp_search_options_init(&so);
    ck_assert_double_eq(so.question_weight, SMP_QUESTION_WEIGHT);
    /* "what is" picks the definition; without question words in headings,
       "lash lift" alone cannot tell the two apart */
    smp_results *r = ask(ix, "what is a lash lift", &so);
    ck_assert_str_eq(smp_results_get(r, 0)->heading, "What is a lash lift?");
    smp_results_free(r);
    r = ask(ix, "how to remove a lash lift", &so);
    ck_assert_str_eq(smp_results_get(r, 0)->heading, "How to remove a lash lift");
    smp_results_free(r);
    /* filler scored in headings and titles only: a passage whose body
       alone has "what" gains nothing */
    so.question_weight = 0;
    smp_results *r0 = ask(ix, "what is a lash lift", &so);
    so.question_weight = SMP_QUESTION_WEIGHT;
    smp_results *r1 = ask(ix, "what is a lash lift", &so);
    double s0 = -1, s1 = -1;
    for (uint32_t i = 0; i < smp_results_count(r0); i++)
        if (!strcmp(smp_results_get(r0, i)->heading, "What is a lash lift?"))
            s0 = smp_results_get(r0, i)->score;
    for (uint32_t i = 0; i < smp_results_count(r1); i++)
        if (!strcmp(smp_results_get(r1, i)->heading, "What is a lash lift?"))
            s1 = smp_results_get(r1, i)->score;
    ck_assert_double_gt(s1, s0);
    smp_results_free(r0);
    smp_results_free(r1);
    smp_index_close(ix);
}
END_TEST

START_TEST(test_spelling_of_endings) {
    char ip[600];
    smp_index *ix = test_build_doc(
        "d.md", "# Visits\n\nYour appointment for scalp micropigmentation takes four hours.\n",
        NULL, "e.idx", ip, sizeof ip);
    static const char *const cases[][2] = {
        {"appointmnet", "appointment"},          /* the ending mistyped */
        {"micropigmentaion", "micropigmentation"},
        {"apointment", "appointment"},           /* a typo near the stem: as before */
    };
    for (size_t k = 0; k < 3; k++) {
        smp_results *r = ask(ix, cases[k][0], NULL);
        ck_assert_ptr_nonnull(smp_results_corrected(r));
        ck_assert_str_eq(smp_results_corrected(r), cases[k][1]);
        smp_results_free(r);
    }
    /* seven bytes past a stem are another word, not an ending */
    smp_results *r = NULL;
    ck_assert_int_eq(smp_search(ix, "appointmentqqqqqqq", NULL, &r, NULL), 0);
    ck_assert_ptr_null(smp_results_corrected(r));
    smp_results_free(r);
    smp_index_close(ix);
}
END_TEST

/* --- the language's words ------------------------------------------------------- */

START_TEST(test_word_list) {
    if (smp_words_size() == 0) return; /* built without a word list */
    /* the list as built: lower case, letters only; any case looked up */
    ck_assert(smp_words_has("laser", 5) && smp_words_has("LASER", 5) &&
              smp_words_has("march", 5) && smp_words_has("zebra", 5) &&
              smp_words_has("a", 1));
    ck_assert(!smp_words_has("pigmnet", 7) && !smp_words_has("micropigmentation", 17) &&
              !smp_words_has("", 0) &&
              !smp_words_has("zebra\n", 6) && !smp_words_has("lase r", 6));

    /* a word the language knows is not "corrected" into an indexed one */
    char ip[600];
    smp_index *ix = test_build_doc("d.md", "# Layers\n\nThe pigment sits in a thin layer of skin.\n",
                                   NULL, "w.idx", ip, sizeof ip);
    smp_stemmer *st;
    ck_assert_int_eq(smp_stemmer_new(&st, "english", NULL), 0);
    smp_search_options so;
    smp_search_options_init(&so);
    smp_query *q = malloc(sizeof *q);
    ck_assert_ptr_nonnull(q);
    smp_arena arena;
    smp_arena_init(&arena);
    for (int with = 0; with < 2; with++) {
        ck_assert_int_eq(smp_query_analyze(q, &arena, ix, st, NULL, 0, with, NULL,
                                           "laser after smp", &so), 0);
        ck_assert_str_eq(q->terms[0].term, with ? "laser" : "layer");
        ck_assert(with ? q->terms[0].orig == NULL : q->terms[0].orig != NULL);
    }
    /* a misspelling the language does not know is still corrected */
    ck_assert_int_eq(smp_query_analyze(q, &arena, ix, st, NULL, 0, 1, NULL, "pigmnet", &so), 0);
    ck_assert_str_eq(q->terms[0].term, "pigment");
    smp_arena_free(&arena);
    free(q);
    smp_stemmer_free(st);
    smp_index_close(ix);
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("search");
    TCase *tc = tcase_create("acronyms");
    tcase_add_test(tc, test_acronym_forms);
    tcase_add_test(tc, test_acronym_rejects);
    tcase_add_test(tc, test_acronym_stop);
    suite_add_tcase(s, tc);
    tc = tcase_create("typed");
    tcase_add_test(tc, test_negations);
    tcase_add_test(tc, test_informal_words);
    tcase_add_test(tc, test_question_weight);
    tcase_add_test(tc, test_word_list);
    tcase_add_test(tc, test_spelling_of_endings);
    suite_add_tcase(s, tc);
    tc = tcase_create("aliases");
    tcase_add_test(tc, test_alias_expand);
    tcase_add_test(tc, test_alias_parse_errors);
    tcase_add_test(tc, test_alias_not_from_filler);
    tcase_add_test(tc, test_synonym_file);
    suite_add_tcase(s, tc);
    tc = tcase_create("spelling");
    tcase_add_unchecked_fixture(tc, build, NULL);
    tcase_add_test(tc, test_spell_correct);
    tcase_add_test(tc, test_search_reports_corrections_and_aliases);
    tcase_add_test(tc, test_ids_only);
    tcase_add_test(tc, test_numbers_find_other_forms);
    suite_add_tcase(s, tc);
    return s;
}
