/* querylog.h - the search log of `smpsearch serve --log` (written by
 * server.c through serve/logwriter.c) and read by `smpsearch report`
 * (cmd_report.c): one JSON object a line (JSON Lines), UTF-8:
 *
 *   {"time": "2025-06-01T09:30:12Z", "q": "how long dose a lash lift last",
 *    "answered": true, "confidence": 0.712, "results": 10,
 *    "top": {"article": "how-long-does-a-lash-lift-last",
 *            "title": "How long does a lash lift last, and ...",
 *            "heading": "How long does a lash lift last?",
 *            "url": "/how-long-does-a-lash-lift-last/#how-long-..."}}
 *
 * time is UTC, ISO 8601, to the second; q the question as typed (bytes
 * that are not UTF-8 are written as U+FFFD); answered and confidence as
 * smp_results_answered and smp_results_confidence gave them; results the
 * number of results; top the best passage, or null when there was none
 * (its url may be "").  Nothing else is recorded: no address, cookie,
 * user agent or referrer.  Readers ignore members they do not know.
 */
#ifndef SMP_QUERYLOG_H
#define SMP_QUERYLOG_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "smpsearch.h"

/* "YYYY-MM-DDTHH:MM:SSZ" and its NUL */
#define QLOG_TIME_LEN 21

/* The time t as the log writes it, into out[QLOG_TIME_LEN]. */
void qlog_time(time_t t, char out[QLOG_TIME_LEN]);

/* Writes the record of one search, with its newline, to f: the question q
 * (qlen bytes), its results r (NULL: none, as for a question without a
 * searchable word), links made with base_url (NULL: none). */
void qlog_write(FILE *f, const char *time, const char *q, size_t qlen, const smp_results *r,
                const char *base_url);

/* One record, read back.  Strings are NUL-terminated and owned by the
 * record (qlog_record_clear frees them); article, title, heading and url
 * are NULL when the search had no top passage. */
typedef struct qlog_record {
    char time[QLOG_TIME_LEN];
    char *q;
    int answered;
    double confidence; /* 0..1 */
    unsigned results;
    char *article, *title, *heading, *url;
} qlog_record;

/* Reads the record of line (len bytes, no newline needed; need not be
 * NUL-terminated) into *rec, which is cleared first: 0, or -1 with *why
 * set to a static message when the line is no record (rec is then left
 * cleared), or -2 when out of memory. */
int qlog_parse(const char *line, size_t len, qlog_record *rec, const char **why);
void qlog_record_clear(qlog_record *rec);

#endif
