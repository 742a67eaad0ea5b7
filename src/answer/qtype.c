/*
 * qtype.c - what kind of answer a question asks for, and whether a
 * sentence gives one.
 *
 * Seven kinds, told from the question's words (lower case, punctuation
 * read as a space), the first that matches in this order:
 *
 *   count        "how many sessions", "how many treatments", "number of
 *                sessions": a number of visits;
 *   price        "how much" (not "how much longer"), "cost", "price",
 *                "expensive", "cheap", a currency (£, €, $, euros, quid);
 *   duration     "how long", "how many weeks", "is it permanent", "last",
 *                "when can", "how soon", "how often";
 *   safety       "safe", "risk", "harm", "damage", "ruin", "side effect",
 *                "allergic", "reaction", "infection", "irritation", "patch
 *                test", "sensitive", "itchy", "swollen", "rash", "is it
 *                normal";
 *   pain         "hurt", "pain", "sore", "numbing", "anaesthetic", "sting",
 *                "discomfort", "tender", "feel like": pain or sensation;
 *   procedure    "how is", "how do I", "how does", "how to", "how should I",
 *                "how can I", "what happens", "step", "procedure",
 *                "process", "technique", "what should I do": how it is done;
 *   eligibility  "can I", "can you", "could I", "should I", "am I", "is it
 *                ok", "who should", "who can", "suitable", "candidate",
 *                "pregnant", "breastfeeding", "too old", "for women", "work
 *                on", "be done on": who may have it, and when.
 *
 * The order settles questions with the cues of several: "how long does
 * the swelling last" wants a duration, not safety; "is numbing cream safe"
 * safety, not pain; "how do I ..." a method, though "can I ..." would be a
 * yes or no.  A cue ending in a letter also matches longer words
 * ("allerg": allergy, allergic).
 *
 * A sentence gives a duration when a number (digits, or a number word:
 * "six", "a few") comes within three words before a unit of time ("weeks",
 * "hours"); a number of visits likewise before "session", "treatment",
 * "appointment" or "visit"; a price with a currency sign or a number before
 * "pounds", "dollars" or "euros".  The other four are told by words again:
 * safety by "safe", "risk", "allergic", "reaction", "infection",
 * "irritation", "side effect", "patch test", "harm", "damage",
 * "complication"; pain by "pain", "hurt", "discomfort", "comfortable",
 * "numbing", "anaesthetic", "sting", "scratch", "tender", "sore",
 * "sensation", "feel", "pressure", "tingling"; a procedure by a sequence or
 * a method ("first", "then", "next", "finally", "step", "stage", "applied",
 * "placed", "needle", "injected") or a number of minutes or hours ("takes
 * 45 to 60 minutes"); eligibility by "Yes" or "No" first, or "suitable",
 * "candidate", "recommended", "avoid", "pregnant", "should not", "never",
 * "wait", "postpone", "decline", "anyone with", "if you have", "you can",
 * "you cannot", "able to", "advised".
 *
 * The answer sentence (snippet.c) prefers, among sentences that match the
 * question's words, one that gives the kind of answer asked for.  The
 * words are English; the caller (search.c) asks only for English indexes.
 */
#include <ctype.h>
#include <string.h>

#include "answer/answer.h"

/* The text, lower case, letters and digits only, padded with spaces:
 * " how long does ... ".  Bytes of UTF-8 characters are kept. */
static size_t fold(const char *s, size_t len, char *out, size_t cap) {
    size_t n = 0;
    out[n++] = ' ';
    for (size_t i = 0; i < len && n + 2 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        out[n++] = isalnum(c) || c >= 0x80 ? (char)tolower(c) : ' ';
    }
    out[n++] = ' ';
    out[n] = 0;
    return n;
}

/* Cues are matched in the folded text: " word " is the whole word,
 * " word" also its longer forms ("allerg": allergy, allergic, allergies). */
static int has_cue(const char *folded, const char *const *cues) {
    for (int i = 0; cues[i]; i++)
        if (strstr(folded, cues[i])) return 1;
    return 0;
}

/* Question cues of the four kinds told by their words. */
static const char *const safety_q[] = {
    " safe ", " safely ", " safer ", " safety ", " unsafe ", " risk", " danger", " harm",
    " damag", " ruin", " side effect", " allerg", " react", " infect", " irritat",
    " patch test", " sensitive ", " itch", " swollen ", " swelling ", " rash",
    " blister", " is that normal", " is it normal", " is this normal", NULL};
static const char *const pain_q[] = {
    " hurt", " pain", " sore ", " numb", " anaesthe", " anesthe", " sting",
    " discomfort", " uncomfortable ", " tender ", " feel like ", " feels like ",
    " does it feel ", NULL};
static const char *const procedure_q[] = {
    " how is ", " how are ", " how do i ", " how do you ", " how does ", " how to ",
    " how should i ", " how can i ", " what happens ", " step", " procedure ",
    " process ", " technique", " method", " what should i do ", NULL};
static const char *const eligibility_q[] = {
    " can i ", " can you ", " could i ", " should i ", " am i ", " is it ok",
    " who should", " who can ", " who is ", " suitable ", " suit ", " candidate",
    " pregnan", " breastfeed", " too old ", " too young ", " for women ", " for men ",
    " work on ", " be done on ", " allowed ", NULL};

/* Does the question ask a price?  "how much" but for "how much longer",
 * "lighter", "more" (a comparison, not money), or a price word, or a
 * currency as people write it: "£", "€", "$", "euros", "dollars", "quid". */
static int asks_price(const char *folded, const char *query) {
    static const char *const price[] = {" cost ", " costs ", " price ", " prices ",
                                        " expensive ", " cheap ", " cheaper ", " euro",
                                        " dollar", " pounds ", " quid ", " fee ", " fees ",
                                        "\xC2\xA3", "\xE2\x82\xAC", NULL};
    if (has_cue(folded, price) || strchr(query, '$')) return 1;
    for (const char *p = folded; (p = strstr(p, " how much ")); p += 9) {
        const char *w = p + 10, *e = strchr(w, ' ');
        size_t n = e ? (size_t)(e - w) : strlen(w);
        int comparative = (n > 3 && !memcmp(w + n - 2, "er", 2)) ||
                          (n == 4 && (!memcmp(w, "more", 4) || !memcmp(w, "less", 4)));
        if (!comparative) return 1;
    }
    return 0;
}

int smp_question_type(const char *query) {
    char q[512];
    fold(query, strlen(query), q, sizeof q);
    static const char *const count[] = {" how many session", " how many treatment",
                                        " how many appointment", " how many visit",
                                        " how many time", " number of session", NULL};
    static const char *const duration[] = {
        " how long ", " how many week", " how many month", " how many year", " how many day",
        " how many hour", " is it permanent", " are they permanent", " how permanent", " last ",
        " lasts ", " when can ", " how soon ", " how often ", " how much longer ", NULL};
    /* the first that matches: a question that asks how long the swelling
       lasts wants a duration, one that asks whether numbing cream is safe
       wants safety, "how do I ..." a method before "can I" a yes or no */
    if (has_cue(q, count)) return SMP_QTYPE_COUNT;
    if (asks_price(q, query)) return SMP_QTYPE_PRICE;
    if (has_cue(q, duration)) return SMP_QTYPE_DURATION;
    if (has_cue(q, safety_q)) return SMP_QTYPE_SAFETY;
    if (has_cue(q, pain_q)) return SMP_QTYPE_PAIN;
    if (has_cue(q, procedure_q)) return SMP_QTYPE_PROCEDURE;
    if (has_cue(q, eligibility_q)) return SMP_QTYPE_ELIGIBILITY;
    return SMP_QTYPE_NONE;
}

static const char *const number_words[] = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "few", "several", "couple",
    "a", "an", "single", "half", NULL};
static const char *const time_units[] = {"second", "minute", "hour", "day", "night", "week",
                                         "month", "year", "fortnight", NULL};
static const char *const visit_units[] = {"session", "treatment", "appointment", "visit",
                                          "pass", "round", "sitting", NULL};
static const char *const money_units[] = {"pound", "dollar", "euro", "gbp", "usd", "eur", NULL};

static int is_number(const char *w, size_t n) {
    int digit = n > 0;
    for (size_t i = 0; i < n; i++) digit &= isdigit((unsigned char)w[i]) || w[i] == '.' || w[i] == ',';
    if (digit && isdigit((unsigned char)w[0])) return 1;
    for (int i = 0; number_words[i] && n; i++)
        if (number_words[i][0] == w[0] && !strncmp(number_words[i], w, n) &&
            number_words[i][n] == 0)
            return 1;
    return 0;
}

/* The word is one of the units, or one followed by "s". */
static int is_unit(const char *w, size_t n, const char *const *units) {
    for (int i = 0; units[i]; i++) {
        size_t u = strlen(units[i]);
        if ((n == u || (n == u + 1 && w[u] == 's')) && !memcmp(w, units[i], u)) return 1;
    }
    return 0;
}

/* 1 when a number comes within three words before one of the units
 * (with price, also a currency sign before digits). */
static int number_before(const char *text, size_t len, const char *const *units, int price) {
    char s[1024];
    if (len > sizeof s - 3) len = sizeof s - 3;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (price && (c == '$' || c == 0xA3 /* after C2: the pound sign */ ||
                      (c == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x82 &&
                       (unsigned char)text[i + 2] == 0xAC)))
            for (size_t k = i + 1; k < len && k < i + 4; k++)
                if (isdigit((unsigned char)text[k])) return 1;
        s[n++] = isalnum(c) || c == '.' || c == ',' ? (char)tolower(c) : ' ';
    }
    s[n] = 0;
    /* words, and whether a number came within three words before a unit */
    int since_number = 99;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ') i++;
        size_t st = i;
        while (i < n && s[i] != ' ') i++;
        size_t wl = i - st;
        while (wl && (s[st + wl - 1] == '.' || s[st + wl - 1] == ',')) wl--;
        if (!wl) continue;
        if (since_number <= 3 && is_unit(s + st, wl, units)) return 1;
        /* "6-8 weeks", "3-5 years": digits joined by a dash were split */
        if (is_number(s + st, wl)) since_number = 0;
        else since_number++;
    }
    return 0;
}

/* Sentence cues of the four kinds told by their words. */
static const char *const safety_s[] = {
    " safe ", " safely ", " safer ", " safety ", " unsafe ", " risk", " allerg", " react",
    " infect", " irritat", " side effect", " patch test", " harm", " damag",
    " complication", NULL};
static const char *const pain_s[] = {
    " pain", " hurt", " discomfort", " comfortable ", " uncomfortable ", " numb",
    " anaesthe", " anesthe", " sting", " scratch", " prick", " tender", " sore ",
    " sensation", " sensitive ", " feel ", " feels ", " feeling ", " pressure ",
    " tingl", " burning ", NULL};
static const char *const procedure_s[] = {
    " first ", " firstly ", " then ", " next ", " finally ", " after that ", " step",
    " stage", " sequence ", " begins ", " followed by ", " appl", " placed ", " needle",
    " inject", NULL};
static const char *const eligibility_s[] = {
    " suitable ", " unsuitable ", " suit ", " suits ", " candidate", " recommend", " avoid",
    " pregnan", " breastfeed", " should not ", " shouldn", " should never ", " never ",
    " wait", " postpone", " declin", " contraindicat", " anyone with ", " people with ",
    " those with ", " if you have ", " you can ", " you cannot ", " you can t ",
    " able to ", " advis", NULL};
static const char *const procedure_units[] = {"minute", "hour", NULL};

int smp_gives_answer(int type, const char *text, size_t len) {
    switch (type) {
    case SMP_QTYPE_DURATION: return number_before(text, len, time_units, 0);
    case SMP_QTYPE_COUNT: return number_before(text, len, visit_units, 0);
    case SMP_QTYPE_PRICE: return number_before(text, len, money_units, 1);
    case SMP_QTYPE_SAFETY:
    case SMP_QTYPE_PAIN:
    case SMP_QTYPE_PROCEDURE:
    case SMP_QTYPE_ELIGIBILITY: break;
    default: return 0;
    }
    char s[1024];
    fold(text, len, s, sizeof s);
    switch (type) {
    case SMP_QTYPE_SAFETY: return has_cue(s, safety_s);
    case SMP_QTYPE_PAIN: return has_cue(s, pain_s);
    case SMP_QTYPE_PROCEDURE:
        /* a sequence or a method, or how long it takes */
        return has_cue(s, procedure_s) || number_before(text, len, procedure_units, 0);
    default:
        /* "Yes, ..." or "No, ..." answers "can I ...?" */
        return !strncmp(s, " yes ", 5) || !strncmp(s, " no ", 4) || has_cue(s, eligibility_s);
    }
}
