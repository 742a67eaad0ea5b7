/*
 * fuzz_querylog.c - any bytes as a line of a search log (`serve --log`,
 * read by `smpsearch report`) through qlog_parse: it returns 0, -1 with a
 * message, or -2; a record it reads has a valid time, a confidence in
 * 0..1 and NUL-terminated strings, and written again (qlog_write's form)
 * reads back the same.
 *
 * fuzz-sources: src/cli/querylog.c src/cli/output.c
 */
#include "fuzz.h"
#include "cli/cli.h"
#include "cli/querylog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    qlog_record rec;
    const char *why = NULL;
    int rc = qlog_parse((const char *)data, size, &rec, &why);
    FUZZ_ASSERT(rc == 0 || rc == -1 || rc == -2);
    if (rc) {
        FUZZ_ASSERT(why && *why && !rec.q && !rec.article);
        return 0;
    }
    FUZZ_ASSERT(strlen(rec.time) == QLOG_TIME_LEN - 1 && rec.time[QLOG_TIME_LEN - 2] == 'Z');
    FUZZ_ASSERT(rec.q && rec.confidence >= 0 && rec.confidence <= 1);
    FUZZ_ASSERT(!rec.article == !rec.title && !rec.article == !rec.heading &&
                !rec.article == !rec.url);
    /* the record as the writer puts it: the same when read back */
    char *line = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&line, &n);
    FUZZ_ASSERT(f);
    fprintf(f, "{\"time\": \"%s\", \"q\": ", rec.time);
    json_string(f, rec.q, strlen(rec.q));
    fprintf(f, ", \"answered\": %s, \"confidence\": %.17g, \"results\": %u, \"top\": ",
            rec.answered ? "true" : "false", rec.confidence, rec.results);
    if (rec.article) {
        fputs("{\"article\": ", f);
        json_string(f, rec.article, strlen(rec.article));
        fputs(", \"title\": ", f);
        json_string(f, rec.title, strlen(rec.title));
        fputs(", \"heading\": ", f);
        json_string(f, rec.heading, strlen(rec.heading));
        fputs(", \"url\": ", f);
        json_string(f, rec.url, strlen(rec.url));
        fputs("}}\n", f);
    } else {
        fputs("null}\n", f);
    }
    fclose(f);
    qlog_record again;
    int rc2 = qlog_parse(line, n, &again, &why);
    FUZZ_ASSERT(rc2 == 0 || rc2 == -2);
    if (rc2 == 0) {
        FUZZ_ASSERT(!strcmp(again.time, rec.time) && again.answered == rec.answered &&
                    again.confidence == rec.confidence && again.results == rec.results);
        FUZZ_ASSERT(!again.article == !rec.article);
        qlog_record_clear(&again);
    }
    free(line);
    qlog_record_clear(&rec);
    return 0;
}
