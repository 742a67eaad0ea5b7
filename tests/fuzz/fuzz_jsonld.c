/*
 * fuzz_jsonld.c - any bytes as the JSON-LD of one <script> element,
 * through smp_jsonld_faq: it returns 0 or SMP_EFORMAT (SMP_ENOMEM), calls
 * fn only with trimmed, non-empty text, gives the same with a byte order
 * mark in front, and returns fn's stop result at once.
 */
#include "fuzz.h"
#include "ingest/ingest.h"

typedef struct faq_run {
    size_t calls, stop_at; /* stop_at: return 5 on that call (1-based), 0: never */
    uint64_t sum;          /* of the lengths, to compare runs */
} faq_run;

static int space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int on_faq(void *ud, const char *q, size_t qlen, const char *a, size_t alen) {
    faq_run *r = ud;
    FUZZ_ASSERT(q && a && qlen > 0 && alen > 0);
    FUZZ_ASSERT(!space(q[0]) && !space(q[qlen - 1]));
    FUZZ_ASSERT(!space(a[0]) && !space(a[alen - 1]));
    r->calls++;
    r->sum += qlen * 31 + alen;
    return r->calls == r->stop_at ? 5 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *json = (const char *)data;
    faq_run all = {0, 0, 0};
    int rc = smp_jsonld_faq(json, size, on_faq, &all);
    FUZZ_ASSERT(rc == SMP_OK || rc == SMP_EFORMAT || rc == SMP_ENOMEM);
    FUZZ_ASSERT(rc == SMP_OK || all.calls == 0);
    if (rc == SMP_ENOMEM) return 0;
    /* a byte order mark in front changes nothing */
    uint8_t *bom = malloc(size + 3);
    if (!bom) abort();
    memcpy(bom, "\xEF\xBB\xBF", 3);
    if (size) memcpy(bom + 3, data, size);
    faq_run again = {0, 0, 0};
    int rc2 = smp_jsonld_faq((const char *)bom, size + 3, on_faq, &again);
    free(bom);
    FUZZ_ASSERT(rc2 == rc && again.calls == all.calls && again.sum == all.sum);
    /* fn's non-zero result stops the walk and comes back */
    if (all.calls > 0) {
        faq_run stop = {0, 1 + all.calls / 2, 0};
        FUZZ_ASSERT(smp_jsonld_faq(json, size, on_faq, &stop) == 5);
        FUZZ_ASSERT(stop.calls == stop.stop_at);
    }
    return 0;
}
