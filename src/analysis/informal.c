/* informal.c - English as people type it into a search box: chat
 * spellings and clipped words ("u", "ur", "appt", "hrs", "pics") for the
 * word they stand for, and the negative contractions whose "not" the
 * tokenizer would otherwise lose ("can't" is the token "cant"). */
#include <string.h>

#include "analysis/analysis.h"

/* Sorted by the informal form (smp_term_cmp order). */
static const struct {
    const char *informal, *word;
} informal_words[] = {
    {"abt", "about"},          {"approx", "approximately"}, {"appt", "appointment"},
    {"appts", "appointments"}, {"b4", "before"},            {"bc", "because"},
    {"coz", "because"},        {"cuz", "because"},          {"diff", "difference"},
    {"hr", "hour"},            {"hrs", "hours"},            {"info", "information"},
    {"mins", "minutes"},       {"mo", "month"},             {"mos", "months"},
    {"mth", "month"},          {"mths", "months"},          {"pic", "picture"},
    {"pics", "pictures"},      {"pls", "please"},           {"plz", "please"},
    {"ppl", "people"},         {"r", "are"},                {"tho", "though"},
    {"thru", "through"},         {"u", "you"},                {"ur", "your"},
    {"w", "with"},             {"wk", "week"},              {"wks", "weeks"},
    {"yr", "year"},            {"yrs", "years"}};

/* Negative contractions as the tokenizer leaves them (apostrophe gone). */
static const char *const negations[] = {
    "arent", "cannot", "cant",    "couldnt", "didnt",  "doesnt", "dont",
    "hadnt", "hasnt",  "havent",  "isnt",    "mustnt", "neednt", "never",
    "shouldnt", "wasnt", "werent", "wont",   "wouldnt"};

const char *smp_informal_word(const char *tok, size_t len) {
    size_t lo = 0, hi = sizeof informal_words / sizeof informal_words[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *f = informal_words[mid].informal;
        int c = smp_term_cmp(f, strlen(f), tok, len);
        if (c == 0) return informal_words[mid].word;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

int smp_is_negation(const char *tok, size_t len) {
    return smp_sorted_find(negations, sizeof negations / sizeof negations[0], tok, len) >= 0 ||
           (len == 3 && !memcmp(tok, "not", 3));
}
