/* querylog.c - one search log record written and read back (the format
 * is described in querylog.h). */
#include <json-c/json.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/querylog.h"

void qlog_time(time_t t, char out[QLOG_TIME_LEN]) {
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(out, QLOG_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm))
        strcpy(out, "1970-01-01T00:00:00Z");
}

static void json_cstr(FILE *f, const char *s) { json_string(f, s, strlen(s)); }

void qlog_write(FILE *f, const char *time, const char *q, size_t qlen, const smp_results *r,
                const char *base_url) {
    const smp_result *top = r ? smp_results_get(r, 0) : NULL;
    fprintf(f, "{\"time\": \"%s\", \"q\": ", time);
    json_string(f, q, qlen);
    fprintf(f, ", \"answered\": %s, \"confidence\": %.3f, \"results\": %u, \"top\": ",
            r && smp_results_answered(r) ? "true" : "false", r ? smp_results_confidence(r) : 0.0,
            r ? smp_results_count(r) : 0u);
    if (!top) {
        fputs("null}\n", f);
        return;
    }
    char *link = NULL;
    smp_error err = {0, ""};
    if (smp_result_link(top, base_url, SMP_LINK_PASSAGE, &link, &err)) link = NULL;
    fputs("{\"article\": ", f);
    json_cstr(f, top->article_id);
    fputs(", \"title\": ", f);
    json_cstr(f, top->article_title);
    fputs(", \"heading\": ", f);
    json_cstr(f, top->heading);
    fputs(", \"url\": ", f);
    json_cstr(f, link ? link : "");
    fputs("}}\n", f);
    free(link);
}

void qlog_record_clear(qlog_record *rec) {
    free(rec->q);
    free(rec->article);
    free(rec->title);
    free(rec->heading);
    free(rec->url);
    memset(rec, 0, sizeof *rec);
}

/* "YYYY-MM-DDTHH:MM:SSZ" with values in range: 0 or -1. */
static int valid_time(const char *s, size_t n) {
    static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
    if (n != sizeof pat - 1) return -1;
    for (size_t i = 0; i < n; i++)
        if (pat[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != pat[i]) return -1;
#define NUM2(i) ((s[i] - '0') * 10 + (s[(i) + 1] - '0'))
    int mon = NUM2(5), day = NUM2(8), h = NUM2(11), m = NUM2(14), sec = NUM2(17);
#undef NUM2
    return mon >= 1 && mon <= 12 && day >= 1 && day <= 31 && h < 24 && m < 60 && sec <= 60 ? 0
                                                                                            : -1;
}

/* member name of o as a string: its copy in *out (NULL for a JSON null
 * when nullable): 0, -1 (missing or not a string), -2 (no memory). */
static int get_str(json_object *o, const char *name, char **out) {
    json_object *v;
    *out = NULL;
    if (!json_object_object_get_ex(o, name, &v) || !json_object_is_type(v, json_type_string))
        return -1;
    return (*out = strdup(json_object_get_string(v))) ? 0 : -2;
}

int qlog_parse(const char *line, size_t len, qlog_record *rec, const char **why) {
    memset(rec, 0, sizeof *rec);
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
    if (len > INT_MAX - 1) {
        *why = "line too long";
        return -1;
    }
    json_tokener *tok = json_tokener_new();
    if (!tok) return -2;
    json_object *o = json_tokener_parse_ex(tok, line, (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t used = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    int rc = -1;
    json_object *v, *top;
    if (jerr != json_tokener_success || !o) {
        *why = "not JSON";
    } else if (used < len) {
        *why = "text after the record";
    } else if (!json_object_is_type(o, json_type_object)) {
        *why = "not a JSON object";
    } else if (!json_object_object_get_ex(o, "time", &v) ||
               !json_object_is_type(v, json_type_string) ||
               valid_time(json_object_get_string(v), (size_t)json_object_get_string_len(v))) {
        *why = "no time, or not YYYY-MM-DDTHH:MM:SSZ";
    } else if ((rc = get_str(o, "q", &rec->q)) != 0) {
        *why = "no question (q)";
    } else {
        memcpy(rec->time, json_object_get_string(v), QLOG_TIME_LEN);
        rc = -1;
        json_object *c;
        if (!json_object_object_get_ex(o, "answered", &v) ||
            !json_object_is_type(v, json_type_boolean)) {
            *why = "no answered (true or false)";
        } else if (!json_object_object_get_ex(o, "confidence", &c) ||
                   !(json_object_is_type(c, json_type_double) ||
                     json_object_is_type(c, json_type_int)) ||
                   !(json_object_get_double(c) >= 0 && json_object_get_double(c) <= 1)) {
            *why = "no confidence (0 to 1)";
        } else if (!json_object_object_get_ex(o, "top", &top) ||
                   !(top == NULL || json_object_is_type(top, json_type_object))) {
            *why = "no top (an object, or null)";
        } else if (top && (get_str(top, "article", &rec->article) || !rec->article[0])) {
            *why = "top without an article";
        } else if (top && ((rc = get_str(top, "title", &rec->title)) == -2 ||
                           (rc = get_str(top, "heading", &rec->heading)) == -2 ||
                           (rc = get_str(top, "url", &rec->url)) == -2)) {
            *why = "out of memory";
        } else {
            rec->answered = json_object_get_boolean(v);
            rec->confidence = json_object_get_double(c);
            json_object *n;
            if (json_object_object_get_ex(o, "results", &n) &&
                json_object_is_type(n, json_type_int) && json_object_get_int64(n) >= 0 &&
                json_object_get_int64(n) <= UINT_MAX)
                rec->results = (unsigned)json_object_get_int64(n);
            else
                rec->results = top ? 1 : 0;
            /* title, heading and url may be missing: "" */
            if (top && ((!rec->title && !(rec->title = strdup(""))) ||
                        (!rec->heading && !(rec->heading = strdup(""))) ||
                        (!rec->url && !(rec->url = strdup(""))))) {
                rc = -2;
            } else {
                rc = 0;
            }
        }
    }
    json_object_put(o);
    if (rc) qlog_record_clear(rec);
    if (rc == -2) *why = "out of memory";
    return rc;
}
