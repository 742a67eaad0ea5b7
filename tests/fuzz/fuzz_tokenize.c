/*
 * fuzz_tokenize.c - any bytes through the tokenizer, the numbers filter
 * and the stemmer: every token lies inside the input, in order, and is
 * not empty.
 */
#include "fuzz.h"
#include "answer/answer.h"
#include "indexer/indexer.h"

typedef struct st {
    size_t len, last_start;
    uint32_t last_pos;
    int n;
} st;

static int on_token(void *ud, const smp_token *t) {
    st *s = ud;
    FUZZ_ASSERT(t->len > 0 && strlen(t->text) == t->len);
    FUZZ_ASSERT(t->start < t->end && t->end <= s->len);
    FUZZ_ASSERT(s->n == 0 || t->pos >= s->last_pos);
    s->last_pos = t->pos;
    s->n++;
    return 0;
}

static int on_term(void *ud, const char *term, size_t len, const smp_token *t) {
    (void)ud;
    (void)t;
    FUZZ_ASSERT(strlen(term) == len);
    return 0;
}

static smp_stemmer *stemmer, *numbers;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!stemmer && smp_stemmer_new(&stemmer, "english", NULL)) abort();
    st s = {size, 0, 0, 0};
    FUZZ_ASSERT(smp_tokenize((const char *)data, size, on_token, &s) == 0);
    FUZZ_ASSERT(smp_analyze(stemmer, (const char *)data, size, on_term, NULL) == 0);
    /* the numbers filter keeps the same promises */
    if (!numbers) {
        if (smp_stemmer_new(&numbers, "english", NULL)) abort();
        smp_stemmer_set_analyzer(numbers, SMP_AN_NUMBERS);
    }
    st s2 = {size, 0, 0, 0};
    smp_numbers nf;
    smp_numbers_init(&nf, (const char *)data, on_token, &s2);
    FUZZ_ASSERT(smp_tokenize((const char *)data, size, smp_numbers_token, &nf) == 0);
    FUZZ_ASSERT(smp_analyze(numbers, (const char *)data, size, on_term, NULL) == 0);
    /* the text checker never grows or misreads the buffer */
    char *copy = fuzz_str(data, size);
    size_t repaired = 0;
    smp_error err;
    int rc = smp_check_text(copy, size, &repaired, &err);
    FUZZ_ASSERT(rc == SMP_OK || rc == SMP_EFORMAT);
    free(copy);
    return 0;
}
