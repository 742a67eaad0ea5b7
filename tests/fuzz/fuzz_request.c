/*
 * fuzz_request.c - any bytes as the query string of a request to `smpsearch
 * serve` (the first byte chooses GET /api/search, /api/suggest or
 * /api/starters; the rest is what follows '?'), taken as the server takes
 * it with no socket: split at '&' and '=', percent-decoded by
 * libmicrohttpd's own MHD_http_unescape, q and k checked as server.c
 * checks them (q present, at most 512 bytes; k 1..100), category= and tag=
 * through cli_parse_filter, then the search on a small index with its
 * JSON answer (out_results), the suggestions (suggester_json) or the
 * starters, and the search log's line (qlog_write).  Every answer parses
 * as JSON; the log line reads back.
 *
 * fuzz-sources: src/cli/serve/suggest.c src/cli/common.c src/cli/output.c src/cli/querylog.c
 * fuzz-libs: -lmicrohttpd
 */
#include <json-c/json.h>
#include <microhttpd.h>

#include "fuzz.h"
#include "cli/cli.h"
#include "cli/querylog.h"
#include "cli/serve/serve.h"

#define MAX_QUERY 512
#define MAX_K 100

/* The answer in buf[0..n) is one JSON object. */
static void json_ok(const char *buf, size_t n) {
    json_tokener *tok = json_tokener_new();
    FUZZ_ASSERT(tok);
    json_object *o = json_tokener_parse_ex(tok, buf, (int)n);
    FUZZ_ASSERT(o && json_object_is_type(o, json_type_object));
    json_object_put(o);
    json_tokener_free(tok);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static smp_index *ix;
    static suggester *sg;
    smp_error err = {0, ""};
    if (!ix) {
        FUZZ_ASSERT(smp_index_open(&ix, fuzz_fixture_index(), &err) == SMP_OK);
        FUZZ_ASSERT(suggester_new(&sg, ix, &err) == SMP_OK);
    }
    if (size == 0 || size > 1 << 16) return 0;
    int endpoint = data[0] % 3;
    char *qs = fuzz_str(data + 1, size - 1);
    /* the arguments, as libmicrohttpd splits and decodes them */
    const char *q = NULL, *kv = NULL;
    int facets = 0;
    smp_search_options so;
    smp_search_options_for(&so, ix);
    cli_filters cf;
    int too_many = 0;
    for (char *p = qs, *amp; p; p = amp) {
        amp = strchr(p, '&');
        if (amp) *amp++ = 0;
        char *eq = strchr(p, '=');
        if (eq) *eq++ = 0;
        MHD_http_unescape(p);
        if (eq) MHD_http_unescape(eq);
        if (!strcmp(p, "q") && !q) q = eq ? eq : "";
        else if (!strcmp(p, "k") && !kv) kv = eq ? eq : "";
        else if (!strcmp(p, "facets")) facets = eq && !strcmp(eq, "1");
        else if ((!strcmp(p, "category") || !strcmp(p, "tag")) && eq && *eq) {
            int opt = *p == 'c' ? CLI_OPT_CATEGORY : CLI_OPT_TAG;
            size_t n = opt == CLI_OPT_CATEGORY ? so.ncategories : so.ntags;
            if (n == CLI_MAX_FILTER_VALUES) too_many = 1;
            else FUZZ_ASSERT(cli_parse_filter(opt, eq, &cf, &so) == 0);
        }
    }
    uint32_t k = endpoint == 0 ? 10 : endpoint == 1 ? 8 : 6;
    int bad = 0;
    if (kv) {
        char *end;
        unsigned long x = strtoul(kv, &end, 10);
        if (!*kv || *end || x < 1 || x > MAX_K) bad = 1;
        else k = (uint32_t)x;
    }
    if (endpoint != 2 && (!q || !*q || strlen(q) > MAX_QUERY)) bad = 1;
    char *body = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&body, &n);
    FUZZ_ASSERT(f);
    if (bad || too_many) {
        fputs("{}", f); /* a 400 */
    } else if (endpoint == 0) {
        so.k = k;
        so.facets = facets || so.ncategories || so.ntags;
        smp_results *r = NULL;
        int rc = smp_search(ix, q, &so, &r, &err);
        FUZZ_ASSERT(rc == SMP_OK || rc == SMP_EEMPTY || rc == SMP_EINVAL);
        if (rc != SMP_EINVAL) {
            out_opts oo = {.format = OUT_JSONL, .took_ms = 1.0};
            out_results(f, &oo, NULL, q, rc == SMP_OK ? r : NULL);
            /* the search log's line, read back */
            char *line = NULL;
            size_t ln = 0;
            FILE *lf = open_memstream(&line, &ln);
            FUZZ_ASSERT(lf);
            qlog_write(lf, "2025-06-01T09:00:00Z", q, strlen(q), rc == SMP_OK ? r : NULL, NULL);
            fclose(lf);
            qlog_record rec;
            const char *why;
            FUZZ_ASSERT(qlog_parse(line, ln, &rec, &why) == 0);
            FUZZ_ASSERT(rec.results == (rc == SMP_OK ? smp_results_count(r) : 0));
            qlog_record_clear(&rec);
            free(line);
        } else {
            fputs("{}", f);
        }
        smp_results_free(r);
    } else if (endpoint == 1) {
        suggester_json(sg, q, k, f);
    } else {
        suggester_starters_json(sg, k, f);
    }
    fclose(f);
    json_ok(body, n);
    free(body);
    free(qs);
    return 0;
}
