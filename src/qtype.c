/*
 * qtype.c - what kind of answer a question asks for, and whether a
 * sentence gives one.
 *
 * "How long does it last", "how many weeks", "is it permanent" ask for a
 * duration; "how many sessions" for a number of visits; "how much",
 * "cost", "price" for a price.  A sentence gives a duration when a number
 * (digits, or a number word: "six", "a few") comes within three words
 * before a unit of time ("weeks", "hours"); a number of visits likewise
 * before "session", "treatment", "appointment" or "visit"; a price with a
 * currency sign or a number before "pounds", "dollars" or "euros".  The
 * answer sentence (snippet.c) prefers, among sentences that match the
 * question's words, one that gives the kind of answer asked for.
 */
#include <ctype.h>
#include <string.h>

#include "smpInt.h"

/* The question, lower case, padded with spaces: " how long does ... ". */
static size_t fold(const char *s, char *out, size_t cap) {
    size_t n = 0;
    out[n++] = ' ';
    for (; *s && n + 2 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        out[n++] = isalnum(c) || c >= 0x80 ? (char)tolower(c) : ' ';
    }
    out[n++] = ' ';
    out[n] = 0;
    return n;
}

int smp_question_type(const char *query) {
    char q[512];
    fold(query, q, sizeof q);
    static const char *const count[] = {" how many session", " how many treatment",
                                        " how many appointment", " how many visit",
                                        " how many time", " number of session", NULL};
    static const char *const duration[] = {
        " how long ", " how many week", " how many month", " how many year", " how many day",
        " how many hour", " is it permanent", " are they permanent", " how permanent", " last ",
        " lasts ", " when can ", " how soon ", " how often ", NULL};
    static const char *const price[] = {" how much ", " cost ", " costs ", " price ",
                                        " prices ", " expensive ", " cheap ", " cheaper ", NULL};
    for (int i = 0; count[i]; i++)
        if (strstr(q, count[i])) return SMP_QTYPE_COUNT;
    for (int i = 0; price[i]; i++)
        if (strstr(q, price[i])) return SMP_QTYPE_PRICE;
    for (int i = 0; duration[i]; i++)
        if (strstr(q, duration[i])) return SMP_QTYPE_DURATION;
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
    for (int i = 0; number_words[i]; i++)
        if (strlen(number_words[i]) == n && !memcmp(w, number_words[i], n)) return 1;
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

int smp_gives_answer(int type, const char *text, size_t len) {
    if (type == SMP_QTYPE_NONE) return 0;
    const char *const *units = type == SMP_QTYPE_DURATION ? time_units
                               : type == SMP_QTYPE_COUNT  ? visit_units
                                                          : money_units;
    char s[1024];
    if (len > sizeof s - 3) len = sizeof s - 3;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (type == SMP_QTYPE_PRICE && (c == '$' || c == 0xA3 /* after C2: the pound sign */ ||
                                        (c == 0xE2 && i + 2 < len &&
                                         (unsigned char)text[i + 1] == 0x82 &&
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
