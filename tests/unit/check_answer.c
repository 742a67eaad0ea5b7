/*
 * check_answer.c - tests of answers: the kind of answer a question asks
 * for (qtype.c), the answer sentence of a passage (snippet.c), answer
 * values and the groups of results that agree on one (value.c), and the
 * confidence that the best passage answers (confidence.c).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "answer/answer.h"
#include "indexer/indexer.h"
#include "helpers.h"

/* The small index of check_search's spelling tests, for confidence. */
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

START_TEST(test_answer_values) {
    static const struct {
        int type;
        const char *text, *want;
    } cases[] = {
        {SMP_QTYPE_DURATION, "A lash lift typically lasts six to eight weeks.", "6\xe2\x80\x93" "8 weeks"},
        {SMP_QTYPE_DURATION, "Expect 6-8 wks of curl.", "6\xe2\x80\x93" "8 weeks"},
        {SMP_QTYPE_DURATION, "It holds 6 \xe2\x80\x93 8 weeks.", "6\xe2\x80\x93" "8 weeks"},
        {SMP_QTYPE_DURATION, "It holds between six and eight weeks.", "6\xe2\x80\x93" "8 weeks"},
        {SMP_QTYPE_DURATION, "SMP lasts up to about eight years.", "up to 8 years"},
        {SMP_QTYPE_DURATION, "Wait at least 24 hours before swimming.", "at least 24 hours"},
        {SMP_QTYPE_DURATION, "A tint fades after one week.", "1 week"},
        {SMP_QTYPE_DURATION, "Six clients came, and it lasted 3 more months.", "3 months"},
        {SMP_QTYPE_COUNT, "Most people need three SMP sessions, two to four at most.", "3 sessions"},
        {SMP_QTYPE_COUNT, "Plan for two or three treatments.", "2\xe2\x80\x93" "3 sessions"},
        {SMP_QTYPE_PRICE, "It costs \xc2\xa3" "1,000 to \xc2\xa3" "4,000 in the UK.",
         "\xc2\xa3" "1,000\xe2\x80\x93\xc2\xa3" "4,000"},
        {SMP_QTYPE_PRICE, "Expect $50 for a tint.", "$50"},
        {SMP_QTYPE_PRICE, "About 40 to 80 euros.", "\xe2\x82\xac" "40\xe2\x80\x93\xe2\x82\xac" "80"},
        /* none of the kind asked for */
        {SMP_QTYPE_DURATION, "Most people need three sessions.", ""},
        {SMP_QTYPE_PRICE, "It lasts eight weeks.", ""},
        {SMP_QTYPE_DURATION, "Lashes grow in cycles.", ""},
        {SMP_QTYPE_NONE, "It lasts eight weeks.", ""},
        {SMP_QTYPE_DURATION, "", ""},
        /* a descending pair is two numbers, not a range */
        {SMP_QTYPE_DURATION, "From 8 to 6 weeks.", "6 weeks"},
    };
    char v[SMP_ANSWER_VALUE_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = smp_answer_value(cases[i].type, cases[i].text, strlen(cases[i].text), v,
                                    sizeof v);
        ck_assert_msg(!strcmp(v, cases[i].want) && n == strlen(v), "'%s': got '%s', want '%s'",
                      cases[i].text, v, cases[i].want);
    }
    ck_assert_uint_eq(smp_answer_value(SMP_QTYPE_DURATION, "8 weeks", 7, v, 16), 0);
}
END_TEST

START_TEST(test_answer_groups) {
    const char *docs =
        "{\"_id\":\"a\",\"title\":\"Lash lift\",\"text\":\"A lash lift lasts six to eight weeks.\"}\n"
        "{\"_id\":\"b\",\"title\":\"Lift guide\",\"text\":\"Your lash lift lasts 6-8 wks.\"}\n"
        "{\"_id\":\"c\",\"title\":\"Lift myths\",\"text\":\"A lash lift lasts up to twelve "
        "weeks, some say.\"}\n"
        "{\"_id\":\"d\",\"title\":\"Lift care\",\"text\":\"Lash lift care keeps the curl.\"}\n"
        "{\"_id\":\"e\",\"title\":\"Lift FAQ\",\"text\":\"A lash lift will last about 6 "
        "to 8 weeks.\"}\n";
    char p[512];
    smp_index *ix = test_build_doc("doc.jsonl", docs, NULL, "g.idx", p, sizeof p);
    smp_search_options o;
    smp_search_options_init(&o);
    smp_results *r;
    for (int off = 0; off < 2; off++) {
        o.no_answer_groups = off;
        ck_assert_int_eq(smp_search(ix, "how long does a lash lift last", &o, &r, NULL), SMP_OK);
        uint32_t n = smp_results_count(r);
        ck_assert_uint_eq(n, 5);
        /* three articles agree on 6-8 weeks, one says up to 12 weeks, one
           gives no duration: three groups (five without grouping) */
        ck_assert_uint_eq(smp_results_ngroups(r), off ? 5 : 3);
        uint32_t agree = 0, seen = 0;
        for (uint32_t i = 0; i < n; i++) {
            const smp_result *x = smp_results_get(r, i);
            ck_assert_uint_lt(x->group, smp_results_ngroups(r));
            ck_assert_uint_le(x->group, seen); /* numbered by first result */
            if (x->group == seen) seen++;
            if (!strcmp(x->article_id, "a") || !strcmp(x->article_id, "b") ||
                !strcmp(x->article_id, "e")) {
                ck_assert_str_eq(x->answer_value, "6\xe2\x80\x93" "8 weeks");
                agree += x->group == smp_results_get(r, 0)->group;
            } else if (!strcmp(x->article_id, "c")) {
                ck_assert_str_eq(x->answer_value, "up to 12 weeks");
            } else {
                ck_assert_str_eq(x->answer_value, "");
            }
        }
        ck_assert_str_eq(smp_results_get(r, 0)->answer_value, "6\xe2\x80\x93" "8 weeks");
        ck_assert_uint_eq(agree, off ? 1 : 3);
        smp_results_free(r);
    }
    /* no answer types: no values, a group each */
    o.no_answer_types = 1;
    o.no_answer_groups = 0;
    ck_assert_int_eq(smp_search(ix, "how long does a lash lift last", &o, &r, NULL), SMP_OK);
    ck_assert_uint_eq(smp_results_ngroups(r), 5);
    ck_assert_str_eq(smp_results_get(r, 0)->answer_value, "");
    smp_results_free(r);
    smp_index_close(ix);
    unlink(p);
}
END_TEST

/* Confidence that the best passage answers: all the question's content
 * there and known, high; words no article uses, low, and "no answer";
 * min_confidence 0 always answers; ids-only results are not measured. */
START_TEST(test_confidence) {
    smp_index *ix;
    ck_assert_int_eq(smp_index_open(&ix, idx, NULL), SMP_OK);
    smp_search_options o;
    smp_search_options_init(&o);
    ck_assert(o.min_confidence == SMP_MIN_CONFIDENCE);
    smp_results *r;
    ck_assert_int_eq(smp_search(ix, "does scalp micropigmentation last", &o, &r, NULL),
                     SMP_OK);
    ck_assert_uint_gt(smp_results_count(r), 0);
    /* all three words there, in the text only (these passages have no
       title or heading): each counts 0.75 */
    ck_assert_double_eq_tol(smp_results_confidence(r), 0.75, 1e-9);
    ck_assert_int_eq(smp_results_answered(r), 1);
    smp_results_free(r);
    /* "lashes" is there, "router" and "password" in no article */
    ck_assert_int_eq(smp_search(ix, "reset the router password lashes", &o, &r, NULL), SMP_OK);
    ck_assert_uint_gt(smp_results_count(r), 0);
    double c = smp_results_confidence(r);
    ck_assert(c > 0 && c < SMP_MIN_CONFIDENCE);
    ck_assert_int_eq(smp_results_answered(r), 0);
    smp_results_free(r);
    /* ids only: not measured, not judged */
    o.ids_only = 1;
    ck_assert_int_eq(smp_search(ix, "reset the router password lashes", &o, &r, NULL), SMP_OK);
    ck_assert_uint_gt(smp_results_count(r), 0);
    ck_assert(smp_results_confidence(r) == 0);
    ck_assert_int_eq(smp_results_answered(r), 1);
    smp_results_free(r);
    o.ids_only = 0;
    o.min_confidence = 0;
    ck_assert_int_eq(smp_search(ix, "reset the router password lashes", &o, &r, NULL), SMP_OK);
    ck_assert_int_eq(smp_results_answered(r), 1);
    smp_results_free(r);
    /* no result at all: no answer, confidence 0 */
    ck_assert_int_eq(smp_search(ix, "router password", &o, &r, NULL), SMP_OK);
    ck_assert_uint_eq(smp_results_count(r), 0);
    ck_assert_int_eq(smp_results_answered(r), 0);
    ck_assert(smp_results_confidence(r) == 0);
    smp_results_free(r);
    smp_index_close(ix);
}
END_TEST

/* Articles near the domain of the questions: they name laser (for
 * removing SMP), hair and removal, and lash lifts. */
static char near_idx[512];

static void build_near(void) {
    const char *docs =
        "{\"_id\":\"r1\",\"title\":\"Can SMP be removed?\",\"text\":\"Laser removal of "
        "scalp micropigmentation costs about 100 to 300 pounds a session.\"}\n"
        "{\"_id\":\"r2\",\"title\":\"Hair tattoo FAQ\",\"text\":\"A hair tattoo hides "
        "thinning hair with dots of pigment.\"}\n"
        "{\"_id\":\"l1\",\"title\":\"How long does a lash lift last?\",\"text\":\"A lash "
        "lift lasts six to eight weeks.\"}\n"
        "{\"_id\":\"l2\",\"title\":\"Lash lift aftercare\",\"text\":\"Keep your lashes dry "
        "for a day and leave mascara off.\"}\n";
    smp_index_close(test_build_doc("near.jsonl", docs, NULL, "near.idx", near_idx,
                                   sizeof near_idx));
}

static double confidence_of(smp_index *ix, const char *q, int no_spelling, int *answered) {
    smp_search_options o;
    smp_search_options_init(&o);
    o.no_spelling = no_spelling;
    smp_results *r;
    ck_assert_int_eq(smp_search(ix, q, &o, &r, NULL), SMP_OK);
    double c = smp_results_confidence(r); /* 0 when nothing matches */
    if (answered) *answered = smp_results_answered(r);
    smp_results_free(r);
    return c;
}

/* "No good answer" for a question about a treatment the articles do not
 * cover though they share its words ("laser", "hair", "removal"): the
 * words English knows that no article uses weigh heavily. */
START_TEST(test_confidence_near_domain_refused) {
    smp_index *ix;
    ck_assert_int_eq(smp_index_open(&ix, near_idx, NULL), SMP_OK);
    int answered;
    double c = confidence_of(ix, "how much is laser hair removal for underarms", 0, &answered);
    ck_assert(c < SMP_MIN_CONFIDENCE);
    ck_assert_int_eq(answered, 0);
    c = confidence_of(ix, "how long do gel nails last", 0, &answered);
    ck_assert(c < SMP_MIN_CONFIDENCE);
    ck_assert_int_eq(answered, 0);
    smp_index_close(ix);
}
END_TEST

/* A typo the spelling mends does not stop an answerable question being
 * answered, and an alias found in another wording counts as found. */
START_TEST(test_confidence_typo_answered) {
    smp_index *ix;
    ck_assert_int_eq(smp_index_open(&ix, near_idx, NULL), SMP_OK);
    int answered;
    double c = confidence_of(ix, "how long does a lash lfit last", 0, &answered);
    ck_assert(c >= SMP_MIN_CONFIDENCE);
    ck_assert_int_eq(answered, 1);
    c = confidence_of(ix, "mascarra on a lash lift", 0, &answered);
    ck_assert(c >= SMP_MIN_CONFIDENCE);
    ck_assert_int_eq(answered, 1);
    smp_index_close(ix);
}
END_TEST

/* A correction never raises the confidence: a corrected word weighs what
 * the word as typed weighs, and is never found. */
START_TEST(test_confidence_correction_does_not_raise) {
    smp_index *ix;
    ck_assert_int_eq(smp_index_open(&ix, near_idx, NULL), SMP_OK);
    static const char *const qs[] = {
        "how long does a lash lfit last", "mascarra on a lash lift",
        "lazer removal of smp", "botxo for lahses", "how much is lazer hair remvoal",
    };
    for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
        double with = confidence_of(ix, qs[i], 0, NULL);
        double without = confidence_of(ix, qs[i], 1, NULL);
        ck_assert_msg(with <= without + 1e-12, "%s: %f > %f", qs[i], with, without);
    }
    smp_index_close(ix);
}
END_TEST

/* The kind of answer a question asks for, and sentences that give one. */
START_TEST(test_answer_types) {
    ck_assert_int_eq(smp_question_type("How long does a lash lift last?"), SMP_QTYPE_DURATION);
    ck_assert_int_eq(smp_question_type("is it permanent"), SMP_QTYPE_DURATION);
    ck_assert_int_eq(smp_question_type("how many sessions of SMP"), SMP_QTYPE_COUNT);
    ck_assert_int_eq(smp_question_type("how much does microblading cost"), SMP_QTYPE_PRICE);
    ck_assert_int_eq(smp_question_type("how much is a lash lift"), SMP_QTYPE_PRICE);
    /* a comparison is no price; a currency is */
    ck_assert_int_eq(smp_question_type("how much longer do extensions last"),
                     SMP_QTYPE_DURATION);
    ck_assert_int_eq(smp_question_type("how much lighter will my smp get"), SMP_QTYPE_NONE);
    ck_assert_int_eq(smp_question_type("how much more does it hurt"), SMP_QTYPE_PAIN);
    ck_assert_int_eq(smp_question_type("lash lift in euros"), SMP_QTYPE_PRICE);
    ck_assert_int_eq(smp_question_type("brows for $200?"), SMP_QTYPE_PRICE);
    ck_assert_int_eq(smp_question_type("smp under \xc2\xa3" "1000"), SMP_QTYPE_PRICE);
    ck_assert_int_eq(smp_question_type("is it 50 quid"), SMP_QTYPE_PRICE);
    ck_assert_int_eq(smp_question_type("lash tint colours"), SMP_QTYPE_NONE);
    ck_assert_int_eq(smp_question_type("permanent eyeliner aftercare"), SMP_QTYPE_NONE);
    const char *yes_d[] = {"It lasts six to eight weeks.", "Expect 3-5 years.",
                           "within a few days", "about 12 months later"};
    for (size_t i = 0; i < 4; i++)
        ck_assert_msg(smp_gives_answer(SMP_QTYPE_DURATION, yes_d[i], strlen(yes_d[i])), "%s",
                      yes_d[i]);
    const char *no_d[] = {"It lasts a long time.", "Weeks pass slowly for eight people here.",
                          "Six of the lashes curl."};
    for (size_t i = 0; i < 3; i++)
        ck_assert_msg(!smp_gives_answer(SMP_QTYPE_DURATION, no_d[i], strlen(no_d[i])), "%s",
                      no_d[i]);
    ck_assert(smp_gives_answer(SMP_QTYPE_COUNT, "Most need two or three sessions.", 32));
    ck_assert(!smp_gives_answer(SMP_QTYPE_COUNT, "Sessions take hours.", 20));
    const char *price = "Prices start at \xc2\xa3" "300 for the first session.";
    ck_assert(smp_gives_answer(SMP_QTYPE_PRICE, price, strlen(price)));
    ck_assert(smp_gives_answer(SMP_QTYPE_PRICE, "It costs 250 pounds.", 20));
    ck_assert(!smp_gives_answer(SMP_QTYPE_PRICE, "It is not cheap.", 16));
    ck_assert(!smp_gives_answer(SMP_QTYPE_NONE, "It lasts six weeks.", 19));
}
END_TEST

/* Pain, safety, procedure and eligibility questions, told by their words;
 * the first kind that matches wins (count, price, duration, safety, pain,
 * procedure, eligibility). */
START_TEST(test_question_types_by_words) {
    static const struct {
        const char *q;
        int type;
    } cases[] = {
        {"Does microblading hurt?", SMP_QTYPE_PAIN},
        {"what does SMP feel like", SMP_QTYPE_PAIN},
        {"numbing cream for lip blush", SMP_QTYPE_PAIN},
        {"is it painful", SMP_QTYPE_PAIN},
        {"is it safe", SMP_QTYPE_SAFETY},
        {"eyeliner tattoo risks", SMP_QTYPE_SAFETY},
        {"finasteride side effects", SMP_QTYPE_SAFETY},
        {"swollen itchy eyelids after a tint", SMP_QTYPE_SAFETY},
        {"my scalp is flaky, is that normal?", SMP_QTYPE_SAFETY},
        {"what are the steps of a lash lift", SMP_QTYPE_PROCEDURE},
        {"How is microblading done?", SMP_QTYPE_PROCEDURE},
        {"how do I clean my lash extensions", SMP_QTYPE_PROCEDURE},
        {"what happens at my first appointment", SMP_QTYPE_PROCEDURE},
        {"can I get a lash lift while pregnant", SMP_QTYPE_ELIGIBILITY},
        {"who shouldn't get brow lamination", SMP_QTYPE_ELIGIBILITY},
        {"is SMP suitable for grey hair", SMP_QTYPE_ELIGIBILITY},
        {"I'm on warfarin, can I still get SMP?", SMP_QTYPE_ELIGIBILITY},
        {"does smp work on black skin", SMP_QTYPE_ELIGIBILITY},
        /* several kinds: the order decides */
        {"how long does the swelling last", SMP_QTYPE_DURATION},
        {"how long does it take", SMP_QTYPE_DURATION},
        {"when can I wash my hair", SMP_QTYPE_DURATION},
        {"how much does a painless tattoo cost", SMP_QTYPE_PRICE},
        {"can you be allergic to SMP ink", SMP_QTYPE_SAFETY},
        {"is numbing cream safe", SMP_QTYPE_SAFETY},
        {"how do I stop it hurting", SMP_QTYPE_PAIN},
        {"how should I sleep, can I lie on my side", SMP_QTYPE_PROCEDURE},
        /* none: cues are whole words, or the start of one */
        {"lash lift", SMP_QTYPE_NONE},
        {"brow lamination before and after", SMP_QTYPE_NONE},
        {"candid photos of healed brows", SMP_QTYPE_NONE},
        {"can it be removed", SMP_QTYPE_NONE},
        {"", SMP_QTYPE_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(smp_question_type(cases[i].q) == cases[i].type, "\"%s\": %d, not %d",
                      cases[i].q, smp_question_type(cases[i].q), cases[i].type);
}
END_TEST

/* Sentences that give, or do not give, an answer of each of those kinds. */
START_TEST(test_gives_answer_by_words) {
    static const struct {
        int type;
        const char *s;
        int gives;
    } cases[] = {
        {SMP_QTYPE_PAIN, "Most clients feel pressure rather than real pain.", 1},
        {SMP_QTYPE_PAIN, "A numbing cream is used first.", 1},
        {SMP_QTYPE_PAIN, "It should be comfortable from start to finish.", 1},
        {SMP_QTYPE_PAIN, "The temples can be tender.", 1},
        {SMP_QTYPE_PAIN, "Microblading lasts one to three years.", 0},
        {SMP_QTYPE_PAIN, "Comfort is a matter of taste.", 0},
        {SMP_QTYPE_SAFETY, "It is safe for most healthy adults.", 1},
        {SMP_QTYPE_SAFETY, "Allergic reactions are rare.", 1},
        {SMP_QTYPE_SAFETY, "Ask for a patch test beforehand.", 1},
        {SMP_QTYPE_SAFETY, "The main risks are infection and irritation.", 1},
        {SMP_QTYPE_SAFETY, "Results look natural.", 0},
        {SMP_QTYPE_SAFETY, "Most clients feel pressure rather than real pain.", 0},
        {SMP_QTYPE_PROCEDURE, "First the lashes are cleansed.", 1},
        {SMP_QTYPE_PROCEDURE, "A lifting lotion is then applied.", 1},
        {SMP_QTYPE_PROCEDURE, "The appointment takes about 45 to 60 minutes.", 1},
        {SMP_QTYPE_PROCEDURE, "Fine needles place the pigment.", 1},
        {SMP_QTYPE_PROCEDURE, "Results look natural for years.", 0},
        {SMP_QTYPE_PROCEDURE, "It takes a while.", 0},
        {SMP_QTYPE_ELIGIBILITY, "Yes, but see your doctor.", 1},
        {SMP_QTYPE_ELIGIBILITY, "No, wait until it heals.", 1},
        {SMP_QTYPE_ELIGIBILITY, "It is not suitable for everyone.", 1},
        {SMP_QTYPE_ELIGIBILITY, "Avoid it while pregnant.", 1},
        {SMP_QTYPE_ELIGIBILITY, "You can swim after two days.", 1},
        {SMP_QTYPE_ELIGIBILITY, "Nobody notices the dots.", 0},
        {SMP_QTYPE_ELIGIBILITY, "The dots look like stubble.", 0},
        {SMP_QTYPE_NONE, "Yes, it is safe and painless.", 0},
        {99, "Yes, it is safe and painless.", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(smp_gives_answer(cases[i].type, cases[i].s, strlen(cases[i].s)) ==
                          cases[i].gives,
                      "type %d, \"%s\": not %d", cases[i].type, cases[i].s, cases[i].gives);
    /* only the len bytes count */
    ck_assert(!smp_gives_answer(SMP_QTYPE_SAFETY, "It is safe.", 5));
    ck_assert(smp_gives_answer(SMP_QTYPE_SAFETY, "It is safe.", 10));
}
END_TEST

/* The answer sentence of a one-passage index for a question, with or
 * without answer types (a copy to free). */
static char *answer_of(const char *md, const char *question, int no_answer_types) {
    char path[512];
    smp_build_options bo;
    smp_build_options_init(&bo);
    bo.min_words = 1;
    smp_index *ix = test_build_doc("doc.md", md, &bo, "a.idx", path, sizeof path);
    smp_search_options o;
    smp_search_options_init(&o);
    o.no_answer_types = no_answer_types;
    smp_results *r;
    ck_assert_int_eq(smp_search(ix, question, &o, &r, NULL), SMP_OK);
    const smp_result *x = smp_results_get(r, 0);
    ck_assert_ptr_nonnull(x);
    ck_assert_uint_lt(x->answer.start, x->answer.end);
    size_t n = x->answer.end - x->answer.start;
    char *a = malloc(n + 1);
    ck_assert_ptr_nonnull(a);
    memcpy(a, x->text + x->answer.start, n);
    a[n] = 0;
    smp_results_free(r);
    smp_index_close(ix);
    unlink(path);
    return a;
}

/* For each of the four kinds, two sentences match the question alike; the
 * second gives the kind of answer asked for and becomes the answer, and
 * without answer types the first (the earlier of equals) stays. */
START_TEST(test_answer_switches_to_typed_sentence) {
    static const struct {
        const char *question, *plain, *typed;
    } cases[] = {
        {"does microblading hurt", "Microblading is done by a trained artist.",
         "Most people say microblading feels like light scratching."},
        {"is a lash lift safe", "A lash lift curls your natural lashes.",
         "A lash lift carries a small risk of irritation."},
        {"how is a lash lift done", "A lash lift gives lashes a lasting curl.",
         "A lash lift starts with cleansing, then a lotion is applied."},
        {"can I get a lash lift while pregnant", "A lash lift keeps its curl for weeks.",
         "A lash lift is best avoided in the first months."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char md[512];
        snprintf(md, sizeof md, "---\ntitle: Notes\n---\n\n## Notes\n\n%s %s\n",
                 cases[i].plain, cases[i].typed);
        char *with = answer_of(md, cases[i].question, 0);
        char *without = answer_of(md, cases[i].question, 1);
        ck_assert_str_eq(with, cases[i].typed);
        ck_assert_str_eq(without, cases[i].plain);
        free(with);
        free(without);
    }
}
END_TEST

/* Among sentences that match the question, the one that gives the kind of
 * answer asked for is the answer (and not without answer types). */
START_TEST(test_answer_prefers_type) {
    const char *md = "---\ntitle: Lash lift\n---\n\n## Lash lift\n\n"
                     "A lash lift is a gentle perm for your natural lashes and it lasts. "
                     "The lash lift curl lasts six to eight weeks.\n";
    char p[512];
    smp_index *ix = test_build_doc("doc.md", md, NULL, "t.idx", p, sizeof p);
    smp_search_options o;
    smp_search_options_init(&o);
    smp_results *r;
    ck_assert_int_eq(smp_search(ix, "how long does a lash lift last", &o, &r, NULL), SMP_OK);
    const smp_result *x = smp_results_get(r, 0);
    ck_assert_ptr_nonnull(strstr(x->text + x->answer.start, "six to eight weeks"));
    ck_assert_uint_lt(x->answer.start, x->answer.end);
    ck_assert_ptr_nonnull(strstr(x->text + x->answer.start, "curl"));
    smp_results_free(r);
    o.no_answer_types = 1; /* then the first of the equally good sentences */
    ck_assert_int_eq(smp_search(ix, "how long does a lash lift last", &o, &r, NULL), SMP_OK);
    x = smp_results_get(r, 0);
    ck_assert_uint_eq(x->answer.start, 0);
    smp_results_free(r);
    smp_index_close(ix);
    unlink(p);
}
END_TEST

START_TEST(test_answer_follows_heading) {
    /* both sentences have "last"; the second also "long", but the first
       answers the heading, which has "long" and "last" */
    const char *md = "---\ntitle: Brows\n---\n\n## How long does lamination last?\n\n"
                     "Lamination typically lasts six to eight weeks. Oily skin can shorten "
                     "how long the set lasts, and so can rubbing.\n";
    char path[512];
    smp_build_options bo;
    smp_build_options_init(&bo);
    bo.min_words = 1;
    smp_index *ix = test_build_doc("doc.md", md, &bo, "a.idx", path, sizeof path);
    smp_results *r;
    ck_assert_int_eq(smp_search(ix, "how long does it last", NULL, &r, NULL), SMP_OK);
    const smp_result *x = smp_results_get(r, 0);
    ck_assert_ptr_nonnull(x);
    ck_assert_int_eq((int)(x->answer.end - x->answer.start), 46);
    ck_assert(!strncmp(x->text + x->answer.start, "Lamination typically lasts six to eight weeks.", 46));
    smp_results_free(r);
    smp_index_close(ix);
    unlink(path);
}
END_TEST

/* --- questions that name no topic ------------------------------------------- */

/* Writes one article per topic (category cat[i], a "how long does it
 * last" section with a duration) into a fresh folder and indexes it. */
static smp_index *topic_index(const char *const *cats, size_t n, char *path, size_t size) {
    char dir[512], p[600];
    test_tmpdir(dir, sizeof dir);
    for (size_t i = 0; i < n; i++) {
        char md[1024], name[64];
        snprintf(md, sizeof md,
                 "---\ntitle: All about %s\ncategories: [%s]\n---\n"
                 "## How long does %s last?\n\nA %s treatment lasts about %zu weeks before it "
                 "fades.\n\n## Aftercare\n\nKeep %s dry for a day.\n",
                 cats[i], cats[i], cats[i], cats[i], i + 3, cats[i]);
        snprintf(name, sizeof name, "a%zu.md", i);
        test_write_file(test_path(p, sizeof p, dir, name), md, strlen(md));
    }
    snprintf(path, size, "%s.idx", dir);
    smp_builder *b;
    smp_error e;
    ck_assert_int_eq(smp_builder_new(&b, NULL, &e), 0);
    ck_assert_msg(smp_builder_add_path(b, dir, &e) == 0, "%s", e.msg);
    ck_assert_msg(smp_builder_write(b, path, &e) == 0, "%s", e.msg);
    smp_builder_free(b);
    smp_index *ix;
    ck_assert_int_eq(smp_index_open(&ix, path, &e), 0);
    return ix;
}

START_TEST(test_topics) {
    static const char *const cats[] = {"lash lift", "brow lamination", "scalp micropigmentation"};
    char ipath[600];
    smp_index *ix = topic_index(cats, 3, ipath, sizeof ipath);
    smp_search_options so;
    smp_search_options_init(&so);
    so.k = 1; /* the topics are found beyond the k results */
    smp_results *r;
    ck_assert_int_eq(smp_search(ix, "how long does it last", &so, &r, NULL), 0);
    ck_assert_uint_eq(smp_results_count(r), 1);
    ck_assert_uint_eq(smp_results_topics(r), 3);
    int seen = 0;
    for (uint32_t i = 0; i < 3; i++) {
        const smp_result *x;
        const char *t = smp_results_topic(r, i, &x);
        ck_assert_ptr_nonnull(x);
        ck_assert_msg(strstr(x->heading, t) != NULL, "%s: %s", t, x->heading); /* its own */
        ck_assert_ptr_nonnull(strstr(x->answer_value, "weeks"));
        for (int k = 0; k < 3; k++) seen |= !strcmp(t, cats[k]) << k;
        if (i) { /* in rank order */
            const smp_result *prev;
            smp_results_topic(r, i - 1, &prev);
            ck_assert_uint_lt(prev->rank, x->rank);
        }
    }
    ck_assert_int_eq(seen, 7);
    ck_assert_ptr_null(smp_results_topic(r, 3, NULL));
    smp_results_free(r);
    /* a question that names a topic, by a word of its name: none */
    ck_assert_int_eq(smp_search(ix, "how long does a lash lift last", &so, &r, NULL), 0);
    ck_assert_uint_eq(smp_results_topics(r), 0);
    smp_results_free(r);
    smp_index_close(ix);
    /* an index of one topic: "it" is that topic */
    ix = topic_index(cats, 1, ipath, sizeof ipath);
    ck_assert_int_eq(smp_search(ix, "how long does it last", NULL, &r, NULL), 0);
    ck_assert_uint_eq(smp_results_topics(r), 0);
    smp_results_free(r);
    smp_index_close(ix);
}
END_TEST

START_TEST(test_topics_of_a_blog) {
    /* 13 categories are a blog's tags, not treatments: no topics */
    static const char *const cats[] = {"alpha", "bravo", "charlie", "delta", "echo",
                                       "foxtrot", "golf", "hotel", "india", "juliet",
                                       "kilo", "lima", "mike"};
    char ipath[600];
    smp_index *ix = topic_index(cats, 13, ipath, sizeof ipath);
    smp_results *r;
    ck_assert_int_eq(smp_search(ix, "how long does it last", NULL, &r, NULL), 0);
    ck_assert_uint_gt(smp_results_count(r), 0);
    ck_assert_uint_eq(smp_results_topics(r), 0);
    smp_results_free(r);
    smp_index_close(ix);
}
END_TEST

/* --- why a result ranks --------------------------------------------------------- */

typedef struct why {
    double sum;
    int n, question_words, alternatives, features;
} why;

static int on_why(void *ud, const smp_explain_term *t) {
    why *w = ud;
    w->sum += t->score;
    w->n++;
    w->question_words += !strcmp(t->kind, "question word (title, heading)");
    w->alternatives += !strcmp(t->kind, "alternative");
    if (!strcmp(t->kind, "rerank feature")) w->features++; /* the second stage: no tf */
    else ck_assert_uint_gt(t->tf[0] + t->tf[1] + t->tf[2], 0);
    return 0;
}

START_TEST(test_explain) {
    static const char *const md =
        "---\ntitle: Prices and aftercare\n---\n"
        "## How much does scalp micropigmentation cost?\n\nScalp micropigmentation costs "
        "between one and four thousand pounds for a full head.\n\n"
        "## Can I swim after SMP?\n\nAfter scalp micropigmentation (SMP), wait until the scalp "
        "has healed, about a week, before you swim in a chlorinated pool.\n";
    char p[600];
    smp_index *ix = test_build_doc("prices.md", md, NULL, "x.idx", p, sizeof p);
    smp_searcher *s;
    ck_assert_int_eq(smp_searcher_new(&s, ix, NULL), 0);
    static const char *const qs[] = {"how much is smp", "can i swim after scalp micropigmentation",
                                     "scalp micropigmentation cost"};
    for (int strategy = SMP_TOPK_EXHAUSTIVE; strategy <= SMP_TOPK_BMW; strategy++)
        for (size_t k = 0; k < 3; k++) {
            smp_search_options so;
            smp_search_options_init(&so);
            so.strategy = strategy;
            smp_results *r;
            ck_assert_int_eq(smp_searcher_search(s, qs[k], &so, &r, NULL), 0);
            for (uint32_t i = 0; i < smp_results_count(r); i++) {
                why w = {0, 0, 0, 0, 0};
                ck_assert_int_eq(smp_searcher_explain(s, r, i, on_why, &w, NULL), 0);
                ck_assert_double_eq_tol(w.sum, smp_results_get(r, i)->score, 1e-9);
                ck_assert_int_gt(w.n, 0);
                ck_assert_int_gt(w.features, 0); /* the default rerank weights */
                if (k == 1 && i == 0) ck_assert_int_gt(w.question_words, 0); /* "can", "i" */
            }
            smp_results_free(r);
        }
    /* "smp" -> "scalp micropigmentation": the alias adds where "smp" is not */
    smp_results *r, *later;
    ck_assert_int_eq(smp_searcher_search(s, "how much is smp", NULL, &r, NULL), 0);
    int alt = 0;
    for (uint32_t i = 0; i < smp_results_count(r); i++) {
        why w = {0, 0, 0, 0, 0};
        smp_searcher_explain(s, r, i, on_why, &w, NULL);
        alt += w.alternatives;
    }
    ck_assert_int_gt(alt, 0);
    /* results of an earlier search, or no such result */
    ck_assert_int_eq(smp_searcher_search(s, "swim", NULL, &later, NULL), 0);
    smp_error e;
    ck_assert_int_eq(smp_searcher_explain(s, r, 0, on_why, NULL, &e), SMP_EINVAL);
    ck_assert_int_eq(smp_searcher_explain(s, later, 99, on_why, NULL, NULL), SMP_EINVAL);
    ck_assert_int_eq(smp_searcher_explain(NULL, later, 0, on_why, NULL, NULL), SMP_EINVAL);
    smp_results_free(r);
    smp_results_free(later);
    smp_searcher_free(s);
    smp_index_close(ix);
}
END_TEST

/* --- the second stage (rerank.c) -------------------------------------------------- */

/* Options with one rerank weight: f (SMP_RR_*) at w, the others 0. */
static void one_feature(smp_search_options *o, int f, double w) {
    smp_search_options_init(o);
    o->proximity_weight = o->heading_match_weight = o->title_match_weight = 0;
    o->topic_weight = o->answer_type_weight = o->length_weight = 0;
    double *p[SMP_RR_NFEATURES] = {&o->proximity_weight, &o->heading_match_weight,
                                   &o->title_match_weight, &o->topic_weight,
                                   &o->answer_type_weight, &o->length_weight};
    *p[f] = w;
}

/* The passage ids of the results of q, space-separated. */
static void ranked(smp_index *ix, const char *q, const smp_search_options *o, char *out,
                   size_t cap) {
    smp_results *r;
    ck_assert_int_eq(smp_search(ix, q, o, &r, NULL), SMP_OK);
    size_t n = 0;
    out[0] = 0;
    for (uint32_t i = 0; i < smp_results_count(r); i++)
        n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? " " : "",
                              smp_results_get(r, i)->passage_id);
    smp_results_free(r);
}

START_TEST(test_rerank_proximity) {
    /* the same words, as often, in passages of the same length: BM25F
       cannot tell them apart and keeps the lower passage first; proximity
       puts the one where "numbing" and "cream" are adjacent first */
    static const char *const docs =
        "{\"_id\":\"far\",\"title\":\"\",\"text\":\"Numbing helps some clients, and a "
        "cooling gel or a cream after the session.\"}\n"
        "{\"_id\":\"near\",\"title\":\"\",\"text\":\"A numbing cream helps some clients, "
        "and a cooling gel after the session ends.\"}\n"
        "{\"_id\":\"other\",\"title\":\"\",\"text\":\"Book a patch test first.\"}\n";
    char p[600], got[256];
    smp_index *ix = test_build_doc("prox.jsonl", docs, NULL, "p.idx", p, sizeof p);
    smp_search_options o;
    one_feature(&o, SMP_RR_PROXIMITY, 0);
    ranked(ix, "numbing cream", &o, got, sizeof got);
    ck_assert_str_eq(got, "far near");
    one_feature(&o, SMP_RR_PROXIMITY, 0.5);
    ranked(ix, "numbing cream", &o, got, sizeof got);
    ck_assert_str_eq(got, "near far");
    /* its feature: each word's idf over the squared distance (1 and 10:
       positions count every word) */
    smp_searcher *s;
    ck_assert_int_eq(smp_searcher_new(&s, ix, NULL), 0);
    smp_results *r;
    ck_assert_int_eq(smp_searcher_search(s, "numbing cream", &o, &r, NULL), 0);
    double first = smp_results_get(r, 0)->score, second = smp_results_get(r, 1)->score;
    double idf = log(1 + (3 - 2 + 0.5) / (2 + 0.5));
    ck_assert_double_eq_tol(first - second, 0.5 * (2 * idf - 2 * idf / 100), 1e-9);
    why w = {0, 0, 0, 0, 0};
    ck_assert_int_eq(smp_searcher_explain(s, r, 0, on_why, &w, NULL), 0);
    ck_assert_double_eq_tol(w.sum, first, 1e-12);
    ck_assert_int_eq(w.features, 1);
    smp_results_free(r);
    /* depth 0: no second stage */
    o.rerank_depth = 0;
    ranked(ix, "numbing cream", &o, got, sizeof got);
    ck_assert_str_eq(got, "far near");
    smp_searcher_free(s);
    smp_index_close(ix);
}
END_TEST

START_TEST(test_rerank_heading_and_topic) {
    static const char *const cats[] = {"lash lift", "scalp micropigmentation", "brows"};
    char ipath[600], got[256];
    smp_index *ix = topic_index(cats, 3, ipath, sizeof ipath);
    smp_search_options o;
    /* "lash" names half of lash lift, "scalp micropigmentation" all of
       its topic: the aftercare of a1 comes before a0's */
    one_feature(&o, SMP_RR_TOPIC, 0);
    o.k = 2;
    ranked(ix, "keep it dry: lash or scalp micropigmentation aftercare?", &o, got, sizeof got);
    ck_assert_str_eq(got, "a1#2 a0#2");
    one_feature(&o, SMP_RR_TOPIC, 5);
    o.k = 2;
    ranked(ix, "keep it dry: lash or scalp micropigmentation aftercare?", &o, got, sizeof got);
    ck_assert_str_eq(got, "a1#2 a1#1");
    smp_index_close(ix);
}
END_TEST

START_TEST(test_rerank_heading_match) {
    /* the first stage leaves filler out ("who", "should", "not", "have"
       with question weight 0) and prefers the passage that says "lash
       lift" most; the heading that is the whole question wins with the
       heading match */
    static const char *const md =
        "---\ntitle: Lash lift\n---\n"
        "## Who can have a lash lift?\n\nMost adults can have a lash lift; a lash lift suits "
        "straight lashes.\n\n"
        "## Who should not have a lash lift?\n\nAnyone with an eye infection or a lash lift "
        "allergy.\n";
    char p[600], got[256];
    smp_index *ix = test_build_doc("lash.md", md, NULL, "h.idx", p, sizeof p);
    smp_search_options o;
    one_feature(&o, SMP_RR_HEADING, 0);
    o.question_weight = 0;
    ranked(ix, "who should not have a lash lift", &o, got, sizeof got);
    ck_assert_str_eq(got, "lash#1 lash#2");
    one_feature(&o, SMP_RR_HEADING, 2);
    o.question_weight = 0;
    ranked(ix, "who should not have a lash lift", &o, got, sizeof got);
    ck_assert_str_eq(got, "lash#2 lash#1");
    smp_index_close(ix);
}
END_TEST

START_TEST(test_rerank_options_checked) {
    static const char *const cats[] = {"lash lift"};
    char ipath[600];
    smp_index *ix = topic_index(cats, 1, ipath, sizeof ipath);
    smp_search_options o;
    smp_search_options_init(&o);
    o.topic_weight = NAN;
    smp_results *r = NULL;
    smp_error e;
    ck_assert_int_eq(smp_search(ix, "lash lift", &o, &r, &e), SMP_EINVAL);
    ck_assert_ptr_nonnull(strstr(e.msg, "topic"));
    smp_search_options_init(&o);
    o.rerank_depth = 20000;
    ck_assert_int_eq(smp_search(ix, "lash lift", &o, &r, NULL), SMP_EINVAL);
    smp_index_close(ix);
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("answer");
    TCase *tc = tcase_create("values");
    tcase_add_test(tc, test_answer_values);
    tcase_add_test(tc, test_answer_groups);
    suite_add_tcase(s, tc);
    tc = tcase_create("confidence");
    tcase_add_unchecked_fixture(tc, build, NULL);
    tcase_add_test(tc, test_confidence);
    suite_add_tcase(s, tc);
    tc = tcase_create("no answer");
    tcase_add_unchecked_fixture(tc, build_near, NULL);
    tcase_add_test(tc, test_confidence_near_domain_refused);
    tcase_add_test(tc, test_confidence_typo_answered);
    tcase_add_test(tc, test_confidence_correction_does_not_raise);
    suite_add_tcase(s, tc);
    tc = tcase_create("types");
    tcase_add_test(tc, test_answer_types);
    tcase_add_test(tc, test_question_types_by_words);
    tcase_add_test(tc, test_gives_answer_by_words);
    suite_add_tcase(s, tc);
    tc = tcase_create("sentence");
    tcase_add_test(tc, test_answer_prefers_type);
    tcase_add_test(tc, test_answer_switches_to_typed_sentence);
    tcase_add_test(tc, test_answer_follows_heading);
    tcase_add_test(tc, test_topics);
    tcase_add_test(tc, test_topics_of_a_blog);
    tcase_add_test(tc, test_explain);
    suite_add_tcase(s, tc);
    tc = tcase_create("rerank");
    tcase_add_test(tc, test_rerank_proximity);
    tcase_add_test(tc, test_rerank_heading_and_topic);
    tcase_add_test(tc, test_rerank_heading_match);
    tcase_add_test(tc, test_rerank_options_checked);
    suite_add_tcase(s, tc);
    return s;
}
