/*
 * check_jsonld.c - tests of smp_jsonld_faq (jsonld.c): the questions and
 * answers of FAQPage JSON-LD in the shapes clinic websites publish it,
 * references between @graph nodes, wrappers, broken JSON and a large text.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "helpers.h"

/* ---- collecting the pairs ---------------------------------------------- */

#define MAXQ 16

typedef struct faqs {
    int n;            /* calls */
    int stop_at;      /* return stop_rc on this call (1-based); 0: never */
    int stop_rc;
    char *q[MAXQ], *a[MAXQ];
    size_t qlen[MAXQ];
} faqs;

static int on_faq(void *ud, const char *q, size_t qlen, const char *a, size_t alen) {
    faqs *f = ud;
    ck_assert_uint_gt(qlen, 0);
    ck_assert_uint_gt(alen, 0);
    if (f->n < MAXQ) {
        f->q[f->n] = strndup(q, qlen);
        f->qlen[f->n] = qlen;
        f->a[f->n] = strndup(a, alen);
        ck_assert_ptr_nonnull(f->q[f->n]);
        ck_assert_ptr_nonnull(f->a[f->n]);
    }
    f->n++;
    return f->n == f->stop_at ? f->stop_rc : 0;
}

static void faqs_free(faqs *f) {
    for (int i = 0; i < f->n && i < MAXQ; i++) {
        free(f->q[i]);
        free(f->a[i]);
    }
    memset(f, 0, sizeof *f);
}

/* Runs smp_jsonld_faq over a copy of json of exactly its size (ASan sees
 * a read past the end), collecting into f; returns its result. */
static int run_len(faqs *f, const char *json, size_t len) {
    char *buf = malloc(len ? len : 1);
    ck_assert_ptr_nonnull(buf);
    memcpy(buf, json, len);
    int rc = smp_jsonld_faq(buf, len, on_faq, f);
    free(buf);
    return rc;
}

static int run(faqs *f, const char *json) {
    return run_len(f, json, strlen(json));
}

static void assert_pair(const faqs *f, int i, const char *q, const char *a) {
    ck_assert_int_lt(i, f->n);
    ck_assert_str_eq(f->q[i], q);
    ck_assert_str_eq(f->a[i], a);
}

/* ---- the forms of FAQPage ----------------------------------------------- */

/* A plain FAQPage object: mainEntity an array, in document order, trimmed,
 * HTML and entities passed as they are. */
START_TEST(test_plain_faqpage) {
    static const char json[] =
        "{\n"
        "  \"@context\": \"https://schema.org\",\n"
        "  \"@type\": \"FAQPage\",\n"
        "  \"mainEntity\": [\n"
        "    {\n"
        "      \"@type\": \"Question\",\n"
        "      \"name\": \"  How long does a lash lift last?\\n\",\n"
        "      \"acceptedAnswer\": {\n"
        "        \"@type\": \"Answer\",\n"
        "        \"text\": \"<p>Most clients keep the curl for <strong>six to eight "
        "weeks</strong>, as long as the natural lash cycle.</p>\"\n"
        "      }\n"
        "    },\n"
        "    {\n"
        "      \"@type\": \"Question\",\n"
        "      \"name\": \"Can I wear mascara &amp; eyeliner afterwards?\",\n"
        "      \"acceptedAnswer\": {\n"
        "        \"@type\": \"Answer\",\n"
        "        \"text\": \"\\t Wait 24&nbsp;hours, then use a water-based mascara.\\r\\n\"\n"
        "      }\n"
        "    }\n"
        "  ]\n"
        "}\n";
    faqs f = {0};
    ck_assert_int_eq(run(&f, json), 0);
    ck_assert_int_eq(f.n, 2);
    assert_pair(&f, 0, "How long does a lash lift last?",
                "<p>Most clients keep the curl for <strong>six to eight weeks</strong>, as long "
                "as the natural lash cycle.</p>");
    assert_pair(&f, 1, "Can I wear mascara &amp; eyeliner afterwards?",
                "Wait 24&nbsp;hours, then use a water-based mascara.");
    faqs_free(&f);
}
END_TEST

/* "@type" as a list, and as full or compact IRIs. */
START_TEST(test_type_forms) {
    static const char *const types[] = {
        "[\"FAQPage\", \"WebPage\"]", "[\"WebPage\", \"FAQPage\"]",
        "\"https://schema.org/FAQPage\"", "\"http://schema.org/FAQPage\"",
        "\"schema:FAQPage\""};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        char json[512];
        snprintf(json, sizeof json,
                 "{\"@context\": \"https://schema.org\", \"@type\": %s,"
                 " \"name\": \"Brow lamination FAQ\","
                 " \"mainEntity\": {\"@type\": \"https://schema.org/Question\","
                 " \"name\": \"Does brow lamination damage the hairs?\","
                 " \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": \"Not when the "
                 "solution is timed to the hair type and followed by a nourishing oil.\"}}}",
                 types[i]);
        faqs f = {0};
        ck_assert_int_eq(run(&f, json), 0);
        ck_assert_msg(f.n == 1, "type %s: %d questions", types[i], f.n);
        assert_pair(&f, 0, "Does brow lamination damage the hairs?",
                    "Not when the solution is timed to the hair type and followed by a "
                    "nourishing oil.");
        faqs_free(&f);
    }
    /* names that only look alike are other types */
    faqs f = {0};
    ck_assert_int_eq(run(&f, "{\"@type\": \"FAQPages\", \"mainEntity\": {\"name\": \"q\","
                             " \"acceptedAnswer\": {\"text\": \"a\"}}}"),
                     0);
    ck_assert_int_eq(run(&f, "{\"@type\": \"faqpage\", \"mainEntity\": {\"name\": \"q\","
                             " \"acceptedAnswer\": {\"text\": \"a\"}}}"),
                     0);
    ck_assert_int_eq(f.n, 0);
}
END_TEST

/* A top-level array of nodes: only the FAQPage's questions. */
START_TEST(test_top_level_array) {
    static const char json[] =
        "[\n"
        " {\"@context\": \"https://schema.org\", \"@type\": \"BeautySalon\",\n"
        "  \"name\": \"Northside Brow & Lash Studio\", \"telephone\": \"+44 20 7946 0000\"},\n"
        " {\"@context\": \"https://schema.org\", \"@type\": \"FAQPage\",\n"
        "  \"mainEntity\": [\n"
        "   {\"@type\": \"Question\", \"name\": \"Do I need a patch test before a lash tint?\",\n"
        "    \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": \"Yes, at least 48 hours "
        "before your first appointment.\"}},\n"
        "   {\"@type\": \"Question\", \"name\": \"Is a lash lift safe in pregnancy?\",\n"
        "    \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": \"Hormones can make the "
        "result unpredictable, so we suggest waiting.\"}}\n"
        "  ]},\n"
        " {\"@context\": \"https://schema.org\", \"@type\": \"BreadcrumbList\",\n"
        "  \"itemListElement\": [{\"@type\": \"ListItem\", \"position\": 1, \"name\": "
        "\"Home\", \"item\": \"https://example.com/\"}]}\n"
        "]";
    faqs f = {0};
    ck_assert_int_eq(run(&f, json), 0);
    ck_assert_int_eq(f.n, 2);
    assert_pair(&f, 0, "Do I need a patch test before a lash tint?",
                "Yes, at least 48 hours before your first appointment.");
    assert_pair(&f, 1, "Is a lash lift safe in pregnancy?",
                "Hormones can make the result unpredictable, so we suggest waiting.");
    faqs_free(&f);
}
END_TEST

/* An @graph whose FAQPage holds its questions (as Rank Math writes it),
 * and an array of such graphs. */
START_TEST(test_graph_inline) {
    static const char graph[] =
        "{\"@context\": \"https://schema.org\", \"@graph\": [\n"
        " {\"@type\": \"Organization\", \"@id\": \"https://clinic.example/#organization\",\n"
        "  \"name\": \"Fade & Follicle SMP Clinic\"},\n"
        " {\"@type\": \"WebSite\", \"@id\": \"https://clinic.example/#website\",\n"
        "  \"url\": \"https://clinic.example/\", \"publisher\": {\"@id\": "
        "\"https://clinic.example/#organization\"}},\n"
        " {\"@type\": \"WebPage\", \"@id\": \"https://clinic.example/smp/#webpage\",\n"
        "  \"name\": \"Scalp micropigmentation\", \"isPartOf\": {\"@id\": "
        "\"https://clinic.example/#website\"}},\n"
        " {\"@type\": \"FAQPage\", \"mainEntity\": [\n"
        "  {\"@type\": \"Question\", \"name\": \"How many SMP sessions will I need?\",\n"
        "   \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": \"Usually three, about two "
        "weeks apart, each building density.\"}},\n"
        "  {\"@type\": \"Question\", \"name\": \"Does scalp micropigmentation hurt?\",\n"
        "   \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": \"Most people rate it three "
        "or four out of ten; the crown is the most sensitive area.\"}}\n"
        " ]}\n"
        "]}";
    faqs f = {0};
    ck_assert_int_eq(run(&f, graph), 0);
    ck_assert_int_eq(f.n, 2);
    assert_pair(&f, 0, "How many SMP sessions will I need?",
                "Usually three, about two weeks apart, each building density.");
    assert_pair(&f, 1, "Does scalp micropigmentation hurt?",
                "Most people rate it three or four out of ten; the crown is the most sensitive "
                "area.");
    faqs_free(&f);

    /* the same graph twice in a top-level array, then once more under a
     * WebPage's mainEntity */
    char *two = malloc(2 * sizeof graph + 64);
    ck_assert_ptr_nonnull(two);
    snprintf(two, 2 * sizeof graph + 64, "[%s, {\"@type\": \"WebPage\", \"mainEntity\": %s}]",
             graph, graph);
    ck_assert_int_eq(run(&f, two), 0);
    ck_assert_int_eq(f.n, 4);
    assert_pair(&f, 2, "How many SMP sessions will I need?",
                "Usually three, about two weeks apart, each building density.");
    faqs_free(&f);
    free(two);
}
END_TEST

/* An @graph whose FAQPage (also the WebPage, as Yoast writes it) refers to
 * Question nodes elsewhere in the graph by "@id"; the answer of one is a
 * reference too, and references that lead nowhere are skipped. */
START_TEST(test_graph_id_references) {
    static const char json[] =
        "{\"@context\": \"https://schema.org\", \"@graph\": [\n"
        " {\"@type\": [\"WebPage\", \"FAQPage\"], \"@id\": \"https://studio.example/faq/\",\n"
        "  \"url\": \"https://studio.example/faq/\", \"name\": \"Lash lift questions\",\n"
        "  \"isPartOf\": {\"@id\": \"https://studio.example/#website\"},\n"
        "  \"mainEntity\": [\n"
        "   {\"@id\": \"https://studio.example/faq/#faq-question-1\"},\n"
        "   {\"@id\": \"https://studio.example/faq/#faq-question-404\"},\n"
        "   {\"@id\": \"https://studio.example/faq/#faq-question-2\"},\n"
        "   \"https://studio.example/faq/#faq-question-3\"\n"
        "  ]},\n"
        " {\"@type\": \"BreadcrumbList\", \"@id\": \"https://studio.example/faq/#breadcrumb\",\n"
        "  \"itemListElement\": [{\"@type\": \"ListItem\", \"position\": 1, \"name\": "
        "\"Home\"}]},\n"
        " {\"@type\": \"WebSite\", \"@id\": \"https://studio.example/#website\", \"name\": "
        "\"Studio\"},\n"
        " {\"@type\": \"Question\", \"@id\": \"https://studio.example/faq/#faq-question-2\",\n"
        "  \"position\": 2, \"url\": \"https://studio.example/faq/#faq-question-2\",\n"
        "  \"name\": \"Will a lash lift work on short lashes?\", \"answerCount\": 1,\n"
        "  \"acceptedAnswer\": {\"@id\": \"https://studio.example/faq/#answer-2\"},\n"
        "  \"inLanguage\": \"en-GB\"},\n"
        " {\"@type\": \"Question\", \"@id\": \"https://studio.example/faq/#faq-question-1\",\n"
        "  \"position\": 1, \"url\": \"https://studio.example/faq/#faq-question-1\",\n"
        "  \"name\": \"How soon can my lashes get wet?\", \"answerCount\": 1,\n"
        "  \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": \"Keep them dry for 24 "
        "hours so the new shape can set.\"},\n"
        "  \"inLanguage\": \"en-GB\"},\n"
        " {\"@type\": \"Answer\", \"@id\": \"https://studio.example/faq/#answer-2\",\n"
        "  \"text\": \"Yes: we choose a smaller silicone shield so even short lashes wrap "
        "around it.\"},\n"
        " {\"@type\": \"Question\", \"@id\": \"https://studio.example/faq/#faq-question-3\",\n"
        "  \"name\": \"Can I have a lash lift and tint together?\",\n"
        "  \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": \"Yes, the tint goes on "
        "straight after the lift.\"}}\n"
        "]}";
    faqs f = {0};
    ck_assert_int_eq(run(&f, json), 0);
    ck_assert_int_eq(f.n, 3);
    /* in the FAQPage's order, not the graph's */
    assert_pair(&f, 0, "How soon can my lashes get wet?",
                "Keep them dry for 24 hours so the new shape can set.");
    assert_pair(&f, 1, "Will a lash lift work on short lashes?",
                "Yes: we choose a smaller silicone shield so even short lashes wrap around it.");
    assert_pair(&f, 2, "Can I have a lash lift and tint together?",
                "Yes, the tint goes on straight after the lift.");
    faqs_free(&f);

    /* a FAQPage in one node of a top-level array, its questions in another */
    static const char split[] =
        "[{\"@context\": \"https://schema.org\", \"@graph\": [{\"@type\": \"FAQPage\",\n"
        "   \"mainEntity\": {\"@id\": \"#q-brows\"}}]},\n"
        " {\"@context\": \"https://schema.org\", \"@graph\": [{\"@type\": \"Question\",\n"
        "   \"@id\": \"#q-brows\", \"name\": \"How long do powder brows last?\",\n"
        "   \"acceptedAnswer\": {\"text\": \"One to three years, with a colour boost "
        "every twelve to eighteen months.\"}}]}]";
    ck_assert_int_eq(run(&f, split), 0);
    ck_assert_int_eq(f.n, 1);
    assert_pair(&f, 0, "How long do powder brows last?",
                "One to three years, with a colour boost every twelve to eighteen months.");
    faqs_free(&f);
}
END_TEST

/* Questions: "text" when there is no name; acceptedAnswer an array (the
 * first with text); those without an answer text skipped. */
START_TEST(test_question_fields) {
    static const char json[] =
        "{\"@context\": \"https://schema.org\", \"@type\": \"FAQPage\", \"mainEntity\": [\n"
        " {\"@type\": \"Question\", \"text\": \"Can SMP cover a hair transplant scar?\",\n"
        "  \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": \"Yes, once the scar is "
        "fully healed, usually after a year.\"}},\n"
        " {\"@type\": \"Question\", \"name\": \"   \", \"text\": \"Is SMP permanent?\",\n"
        "  \"acceptedAnswer\": [{\"@type\": \"Answer\"},\n"
        "                      {\"@type\": \"Answer\", \"text\": \"  \"},\n"
        "                      {\"@type\": \"Answer\", \"text\": \"It fades slowly; most "
        "clients book a refresh every four to six years.\"},\n"
        "                      {\"@type\": \"Answer\", \"text\": \"Not this one.\"}]},\n"
        " {\"@type\": \"Question\", \"name\": \"What should I avoid after brow "
        "lamination?\"},\n"
        " {\"@type\": \"Question\", \"name\": \"Can I swim after SMP?\",\n"
        "  \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": \"\"}},\n"
        " {\"@type\": \"Question\", \"name\": \"Do you offer a consultation?\",\n"
        "  \"acceptedAnswer\": []},\n"
        " {\"@type\": \"Question\",\n"
        "  \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": \"An answer without a "
        "question.\"}},\n"
        " {\"@type\": \"Answer\", \"name\": \"Not a question\",\n"
        "  \"acceptedAnswer\": {\"text\": \"ignored\"}},\n"
        " {\"name\": \"Is numbing cream used for lip blush?\",\n"
        "  \"acceptedAnswer\": {\"text\": \"Yes, a topical anaesthetic before and during.\"}},\n"
        " {\"@type\": \"Question\", \"name\": [{\"@language\": \"en\", \"@value\": \"How "
        "long does lash tint last?\"}],\n"
        "  \"acceptedAnswer\": {\"text\": [\"About four to six weeks.\"]}},\n"
        " {\"@type\": \"Question\", \"name\": 42, \"acceptedAnswer\": {\"text\": true}},\n"
        " 17, null, [\"nested\"]\n"
        "]}";
    faqs f = {0};
    ck_assert_int_eq(run(&f, json), 0);
    ck_assert_int_eq(f.n, 4);
    assert_pair(&f, 0, "Can SMP cover a hair transplant scar?",
                "Yes, once the scar is fully healed, usually after a year.");
    assert_pair(&f, 1, "Is SMP permanent?",
                "It fades slowly; most clients book a refresh every four to six years.");
    assert_pair(&f, 2, "Is numbing cream used for lip blush?",
                "Yes, a topical anaesthetic before and during.");
    assert_pair(&f, 3, "How long does lash tint last?", "About four to six weeks.");
    faqs_free(&f);
}
END_TEST

/* An empty FAQPage, one without mainEntity, and pages of other types
 * give no questions (and no error). */
START_TEST(test_nothing_to_give) {
    static const char *const texts[] = {
        "{\"@context\": \"https://schema.org\", \"@type\": \"FAQPage\", \"mainEntity\": []}",
        "{\"@context\": \"https://schema.org\", \"@type\": \"FAQPage\", \"name\": \"FAQ\"}",
        "{\"@context\": \"https://schema.org\", \"@type\": \"FAQPage\", \"mainEntity\": null}",
        "{\"@context\": \"https://schema.org\", \"@type\": \"Article\",\n"
        " \"headline\": \"Lash lift aftercare\", \"author\": {\"@type\": \"Person\", \"name\": "
        "\"Priya\"},\n"
        " \"mainEntity\": {\"@type\": \"Question\", \"name\": \"Can I sleep on my front?\",\n"
        "  \"acceptedAnswer\": {\"text\": \"Try not to for the first night.\"}}}",
        "{\"@context\": \"https://schema.org\", \"@type\": \"BreadcrumbList\",\n"
        " \"itemListElement\": [{\"@type\": \"ListItem\", \"position\": 1, \"name\": "
        "\"Treatments\"},\n"
        "  {\"@type\": \"ListItem\", \"position\": 2, \"name\": \"Brows\"}]}",
        "[{\"@type\": \"Question\", \"name\": \"Orphan question?\",\n"
        "  \"acceptedAnswer\": {\"text\": \"Not part of a FAQPage.\"}}]",
        "{\"@type\": \"QAPage\", \"mainEntity\": {\"@type\": \"Question\", \"name\": \"q\",\n"
        "  \"acceptedAnswer\": {\"text\": \"a\"}}}",
        "{}", "[]", "42", "null", "\"FAQPage\"", "true"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        faqs f = {0};
        ck_assert_msg(run(&f, texts[i]) == 0, "text %zu", i);
        ck_assert_msg(f.n == 0, "text %zu: %d questions", i, f.n);
    }
}
END_TEST

/* Byte order mark, whitespace and an HTML comment around the JSON. */
START_TEST(test_wrappers) {
    /* what comes before and after {"@type": "FAQPage", "mainEntity": q} */
    static const char *const around[][2] = {
        {"\xEF\xBB\xBF", ""},
        {"\n\t  ", "  \r\n"},
        {"<!--\n", "\n-->"},
        {"\n  <!-- ", " -->\n"},
        {"\xEF\xBB\xBF  <!--", ""},
        {"[", "]-->"}};
    static const char q[] =
        "{\"@type\": \"Question\", \"name\": \"Does lip blush hurt?\",\n"
        " \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": \"We apply numbing cream "
        "first; most feel only a light scratch.\"}}";
    for (size_t i = 0; i < sizeof around / sizeof around[0]; i++) {
        char json[512];
        snprintf(json, sizeof json, "%s{\"@type\": \"FAQPage\", \"mainEntity\": %s}%s",
                 around[i][0], q, around[i][1]);
        faqs f = {0};
        ck_assert_msg(run(&f, json) == 0, "text %zu", i);
        ck_assert_msg(f.n == 1, "text %zu: %d questions", i, f.n);
        assert_pair(&f, 0, "Does lip blush hurt?",
                    "We apply numbing cream first; most feel only a light scratch.");
        faqs_free(&f);
    }
}
END_TEST

/* Text that is not JSON: SMP_EFORMAT, and fn never called. */
START_TEST(test_not_json) {
    static const char *const texts[] = {
        "",
        "   \n ",
        "<!-- -->",
        "\xEF\xBB\xBF",
        "{\"@type\": \"FAQPage\", \"mainEntity\": [{\"@type\": \"Question\", \"name\": "
        "\"How long does SMP take?\", \"acceptedAnswer\": {\"text\": \"Three hours.\"}}",
        "{\"@type\": \"FAQPage\" \"mainEntity\": []}",
        "{\"@type\": \"FAQPage\", \"mainEntity\": [{\"@type\": \"Question\", \"name\": "
        "\"Unclosed string}]}",
        "{\"@type\": \"FAQPage\", \"mainEntity\": [{\"name\": \"q\", \"acceptedAnswer\": "
        "{\"text\": \"a\"}}]} trailing words",
        "{\"@type\": \"FAQPage\"}{\"@type\": \"FAQPage\"}",
        "<p>Lash lift FAQ</p>",
        "FAQPage",
        "tru",
        "{\"@type\": \"FAQPage\", \"mainEntity\": {\"name\": \"q\", \"acceptedAnswer\": "
        "{\"text\": \"a\"}}};",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        faqs f = {0};
        ck_assert_msg(run(&f, texts[i]) == SMP_EFORMAT, "text %zu", i);
        ck_assert_msg(f.n == 0, "text %zu: %d questions", i, f.n);
    }
    /* a NUL byte, even inside a string */
    static const char nul[] = "{\"@type\": \"FAQPage\", \"mainEntity\": {\"name\": \"q\0\","
                              " \"acceptedAnswer\": {\"text\": \"a\"}}}";
    faqs f = {0};
    ck_assert_int_eq(run_len(&f, nul, sizeof nul - 1), SMP_EFORMAT);
    ck_assert_int_eq(smp_jsonld_faq(NULL, 0, on_faq, &f), SMP_EFORMAT);
    ck_assert_int_eq(f.n, 0);
    /* an escaped NUL is JSON: the question holds it, qlen says so */
    static const char esc[] = "{\"@type\": \"FAQPage\", \"mainEntity\": {\"name\": "
                              "\"a\\u0000b\", \"acceptedAnswer\": {\"text\": \"c\"}}}";
    ck_assert_int_eq(run(&f, esc), 0);
    ck_assert_int_eq(f.n, 1);
    ck_assert_uint_eq(f.qlen[0], 3);
    ck_assert_int_eq(memcmp(f.q[0], "a", 2), 0); /* strndup stopped at the NUL */
    faqs_free(&f);
}
END_TEST

/* A non-zero result of fn stops the walk and is returned. */
START_TEST(test_fn_stops) {
    static const char json[] =
        "{\"@graph\": [\n"
        " {\"@type\": \"FAQPage\", \"mainEntity\": [\n"
        "  {\"name\": \"Lash lift or extensions?\", \"acceptedAnswer\": {\"text\": \"A lift "
        "curls your own lashes; extensions add length.\"}},\n"
        "  {\"name\": \"Will my brows look drawn on?\", \"acceptedAnswer\": {\"text\": "
        "\"Microblading strokes follow the natural hairs.\"}},\n"
        "  {\"name\": \"Third?\", \"acceptedAnswer\": {\"text\": \"Never reached.\"}}]},\n"
        " {\"@type\": \"FAQPage\", \"mainEntity\": {\"name\": \"Fourth?\", \"acceptedAnswer\": "
        "{\"text\": \"Never reached either.\"}}}\n"
        "]}";
    faqs f = {.stop_at = 2, .stop_rc = 7};
    ck_assert_int_eq(run(&f, json), 7);
    ck_assert_int_eq(f.n, 2);
    assert_pair(&f, 1, "Will my brows look drawn on?",
                "Microblading strokes follow the natural hairs.");
    faqs_free(&f);
    f = (faqs){.stop_at = 1, .stop_rc = SMP_ENOMEM};
    ck_assert_int_eq(run(&f, json), SMP_ENOMEM);
    ck_assert_int_eq(f.n, 1);
    faqs_free(&f);
    f = (faqs){.stop_at = 4, .stop_rc = -100};
    ck_assert_int_eq(run(&f, json), -100);
    ck_assert_int_eq(f.n, 4);
    assert_pair(&f, 3, "Fourth?", "Never reached either.");
    faqs_free(&f);
}
END_TEST

/* Nesting: a FAQPage deep in arrays is found; beyond json-c's limit the
 * text is refused, not walked. */
START_TEST(test_depth) {
    static const char page[] = "{\"@type\": \"FAQPage\", \"mainEntity\": {\"name\": \"Deep?\","
                               " \"acceptedAnswer\": {\"text\": \"Yes.\"}}}";
    for (int depth = 40; depth <= 100000; depth *= 50) {
        size_t n = 2 * (size_t)depth + sizeof page;
        char *json = malloc(n);
        ck_assert_ptr_nonnull(json);
        memset(json, '[', (size_t)depth);
        memcpy(json + depth, page, sizeof page - 1);
        memset(json + depth + sizeof page - 1, ']', (size_t)depth);
        faqs f = {0};
        int rc = run_len(&f, json, n - 1);
        if (depth == 40) {
            ck_assert_int_eq(rc, 0);
            ck_assert_int_eq(f.n, 1);
            assert_pair(&f, 0, "Deep?", "Yes.");
        } else {
            ck_assert_int_eq(rc, SMP_EFORMAT);
            ck_assert_int_eq(f.n, 0);
        }
        faqs_free(&f);
        free(json);
    }
}
END_TEST

/* About 10 MB: many questions in an @graph by reference, and one answer
 * of several megabytes (json-c is given the text a megabyte at a time). */
static int count_faq(void *ud, const char *q, size_t qlen, const char *a, size_t alen) {
    size_t *c = ud;
    if (c[0] == 0) {
        ck_assert_uint_eq(alen, 4u << 20);
        ck_assert_int_eq(a[0], '<');
        ck_assert_int_eq(a[alen - 1], '>');
    } else {
        char want[64];
        int k = snprintf(want, sizeof want, "Question %zu about lash lifts?", c[0]);
        ck_assert_uint_eq(qlen, (size_t)k);
        ck_assert_int_eq(memcmp(q, want, qlen), 0);
        ck_assert_uint_gt(alen, 0);
    }
    c[0]++;
    return 0;
}

START_TEST(test_large) {
    enum { NQ = 30000 };
    size_t cap = 16u << 20, n = 0;
    char *json = malloc(cap);
    ck_assert_ptr_nonnull(json);
    n += (size_t)snprintf(json + n, cap - n,
                          "{\"@context\": \"https://schema.org\", \"@graph\": [{\"@type\": "
                          "\"FAQPage\", \"mainEntity\": [{\"@id\": \"#q0\"}");
    for (int i = 1; i < NQ; i++) n += (size_t)snprintf(json + n, cap - n, ", {\"@id\": \"#q%d\"}", i);
    n += (size_t)snprintf(json + n, cap - n, "]}");
    /* question 0: a long answer, "<p>xxxx...</p>" */
    n += (size_t)snprintf(json + n, cap - n,
                          ", {\"@type\": \"Question\", \"@id\": \"#q0\", \"name\": \"Long?\", "
                          "\"acceptedAnswer\": {\"text\": \"<p>");
    memset(json + n, 'x', (4u << 20) - 7);
    n += (4u << 20) - 7;
    n += (size_t)snprintf(json + n, cap - n, "</p>\"}}");
    for (int i = 1; i < NQ; i++)
        n += (size_t)snprintf(json + n, cap - n,
                              ", {\"@type\": \"Question\", \"@id\": \"#q%d\", \"name\": \"Question "
                              "%d about lash lifts?\", \"acceptedAnswer\": {\"@type\": "
                              "\"Answer\", \"text\": \"Answer %d: six to eight weeks, "
                              "depending on the lash cycle.\"}}",
                              i, i, i);
    n += (size_t)snprintf(json + n, cap - n, "]}");
    ck_assert_uint_lt(n, cap - 1);
    ck_assert_uint_gt(n, 9u << 20);
    size_t count = 0;
    ck_assert_int_eq(smp_jsonld_faq(json, n, count_faq, &count), 0);
    ck_assert_uint_eq(count, NQ);
    /* cut short anywhere, it is not JSON */
    count = 0;
    ck_assert_int_eq(smp_jsonld_faq(json, n - 1, count_faq, &count), SMP_EFORMAT);
    ck_assert_int_eq(smp_jsonld_faq(json, (5u << 20) + 3, count_faq, &count), SMP_EFORMAT);
    ck_assert_uint_eq(count, 0);
    free(json);
}
END_TEST

Suite *make_suite(void) {
    Suite *s = suite_create("jsonld");
    TCase *tf = tcase_create("forms");
    tcase_add_test(tf, test_plain_faqpage);
    tcase_add_test(tf, test_type_forms);
    tcase_add_test(tf, test_top_level_array);
    tcase_add_test(tf, test_graph_inline);
    tcase_add_test(tf, test_graph_id_references);
    tcase_add_test(tf, test_question_fields);
    tcase_add_test(tf, test_nothing_to_give);
    suite_add_tcase(s, tf);
    TCase *tt = tcase_create("text");
    tcase_add_test(tt, test_wrappers);
    tcase_add_test(tt, test_not_json);
    tcase_add_test(tt, test_fn_stops);
    tcase_add_test(tt, test_depth);
    tcase_add_test(tt, test_large);
    suite_add_tcase(s, tt);
    return s;
}
