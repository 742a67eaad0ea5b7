/* filler.c - question filler: words that rank passages but do not pick
 * answer sentences or count as the question's own content. */
#include <string.h>

#include "analysis/analysis.h"

/* English question words and Lucene's 33 stop words. */
static const char *const filler_words[] = {
    "a", "am", "an", "and", "are", "as", "at", "be", "but", "by", "can",
    "could", "did", "do", "does", "for", "get", "had", "has", "have", "how",
    "i", "if", "in", "into", "is", "it", "me", "my", "no", "not", "of", "on",
    "or", "should", "such", "that", "the", "their", "then", "there",
    "these", "they", "this", "to", "was", "what", "when", "where", "which",
    "who", "why", "will", "with", "would", "you", "your"};

int smp_is_filler(const char *word, size_t len) {
    return smp_sorted_find(filler_words, sizeof filler_words / sizeof filler_words[0], word,
                           len) >= 0;
}
