/*
 * ingest_jsonl.c - JSON Lines in BEIR form, one record per line:
 *   {"_id": "...", "title": "...", "text": "...", ...}
 * Each record is one passage (ordinal 0).  "_id" may be a string or an
 * integer; "id" is accepted when "_id" is absent.  Lines that cannot be
 * used are skipped, counted and reported through cx->notice.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "ingest/ingest.h"

static bool jl_blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
              c == '\v'))
            return false;
    }
    return true;
}

static void jl_skip(smp_ingest_ctx *cx, uint64_t line, const char *why) {
    cx->records_skipped++;
    if (cx->notice) {
        char msg[128];
        snprintf(msg, sizeof msg, "line %" PRIu64 ": %s", line, why);
        cx->notice(cx->ud, cx->path, msg);
    }
}

/* The record's id as a string (idbuf holds integer ids), or NULL. */
static const char *jl_id(json_object *obj, char *idbuf, size_t idsize) {
    json_object *v = NULL;
    if (!json_object_object_get_ex(obj, "_id", &v) &&
        !json_object_object_get_ex(obj, "id", &v))
        return NULL;
    if (json_object_is_type(v, json_type_string)) {
        const char *s = json_object_get_string(v);
        return s && *s ? s : NULL;
    }
    if (json_object_is_type(v, json_type_int)) {
        /* json-c keeps integers above INT64_MAX as uint64 */
        if (json_object_get_int64(v) == INT64_MAX)
            snprintf(idbuf, idsize, "%" PRIu64, json_object_get_uint64(v));
        else
            snprintf(idbuf, idsize, "%" PRId64, json_object_get_int64(v));
        return idbuf;
    }
    return NULL;
}

/* A string of the record with its NUL characters (\u0000) as spaces, in
 * *copy, when it holds any; else the string itself.  NULL without memory.
 * Counted in *nuls. */
static const char *jl_no_nul(json_object *v, smp_buf *copy, size_t *nuls) {
    const char *s = json_object_get_string(v);
    size_t n = (size_t)json_object_get_string_len(v);
    if (!s || !memchr(s, 0, n)) return s;
    smp_buf_reset(copy);
    smp_buf_append(copy, s, n);
    smp_buf_append(copy, "", 1);
    if (copy->rc) return NULL;
    for (size_t i = 0; i < n; i++)
        if (!copy->p[i]) copy->p[i] = ' ', (*nuls)++;
    return (const char *)copy->p;
}

/* Emits the record on buf[start..end), or explains why not in *why. */
/* A record's string field, "" when absent or not a string. */
static const char *jl_str(json_object *obj, const char *key) {
    json_object *v;
    if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_string))
        return "";
    return json_object_get_string(v);
}

/* Appends a record's list field (an array of strings, or one string) to
 * b as its items joined by '\n', then a NUL; returns where it starts. */
static size_t jl_list(smp_buf *b, json_object *obj, const char *key) {
    size_t start = b->n, n = 0;
    json_object *v;
    if (json_object_object_get_ex(obj, key, &v)) {
        size_t len = json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 1;
        for (size_t i = 0; i < len; i++) {
            json_object *e = json_object_is_type(v, json_type_array)
                                 ? json_object_array_get_idx(v, i) : v;
            if (!json_object_is_type(e, json_type_string) || !json_object_get_string_len(e))
                continue;
            if (n++) smp_buf_putc(b, '\n');
            smp_buf_append(b, json_object_get_string(e), (size_t)json_object_get_string_len(e));
        }
    }
    smp_buf_put_u8(b, 0);
    return start;
}

static int jl_record(smp_ingest_ctx *cx, json_tokener *tok, const char *buf,
                     size_t start, size_t end, uint64_t line,
                     const char **why) {
    size_t n = end - start;
    if (n > INT_MAX - 1) {
        *why = "line too long";
        return SMP_OK;
    }
    json_tokener_reset(tok);
    json_object *obj = json_tokener_parse_ex(tok, buf + start, (int)n);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t used = json_tokener_get_parse_end(tok);
    if (jerr == json_tokener_continue) {
        /* end of input: a bare number or literal needs the final '\0' */
        obj = json_tokener_parse_ex(tok, "", 1);
        jerr = json_tokener_get_error(tok);
        used = n;
    }
    if (jerr != json_tokener_success) {
        *why = jerr == json_tokener_error_parse_eof ? "invalid JSON (truncated)"
                                                    : "invalid JSON";
        return SMP_OK;
    }
    int rc = SMP_OK;
    char idbuf[32];
    const char *id = NULL;
    json_object *tv = NULL, *hv = NULL;
    if (used < n && !jl_blank(buf + start + used, n - used)) {
        *why = "invalid JSON (text after the record)";
    } else if (!obj || !json_object_is_type(obj, json_type_object)) {
        *why = "not a JSON object";
    } else if (!(id = jl_id(obj, idbuf, sizeof idbuf))) {
        *why = "missing _id";
    } else if (!json_object_object_get_ex(obj, "text", &tv) ||
               !json_object_is_type(tv, json_type_string) ||
               json_object_get_string_len(tv) <= 0 ||
               jl_blank(json_object_get_string(tv),
                        (size_t)json_object_get_string_len(tv))) {
        *why = "missing or empty text";
    } else {
        const char *title = "";
        smp_buf tcopy, hcopy;
        smp_buf_init(&tcopy);
        smp_buf_init(&hcopy);
        size_t nuls = 0;
        if (json_object_object_get_ex(obj, "title", &hv) &&
            json_object_is_type(hv, json_type_string))
            title = jl_no_nul(hv, &hcopy, &nuls);
        const char *text = jl_no_nul(tv, &tcopy, &nuls);
        if (!title || !text) {
            smp_buf_free(&tcopy);
            smp_buf_free(&hcopy);
            json_object_put(obj);
            return SMP_ENOMEM;
        }
        if (nuls && cx->notice) {
            char msg[128];
            snprintf(msg, sizeof msg, "line %" PRIu64 ": %zu NUL character%s (\\u0000) read as %s",
                     line, nuls, nuls == 1 ? "" : "s", nuls == 1 ? "a space" : "spaces");
            cx->notice(cx->ud, cx->path, msg);
        }
        smp_buf lists;
        smp_buf_init(&lists);
        smp_article_info info = {jl_str(obj, "url"), jl_str(obj, "date"),
                                 jl_str(obj, "description"), "", "", jl_str(obj, "language")};
        if (!*info.language) info.language = jl_str(obj, "lang");
        jl_list(&lists, obj, "tags"); /* at 0 */
        size_t cat_off = jl_list(&lists, obj, "categories");
        if (lists.rc) {
            smp_buf_free(&lists);
            smp_buf_free(&tcopy);
            smp_buf_free(&hcopy);
            json_object_put(obj);
            return SMP_ENOMEM;
        }
        info.tags = (const char *)lists.p;
        info.categories = (const char *)lists.p + cat_off;
        smp_passage p;
        memset(&p, 0, sizeof p);
        p.info = &info;
        p.fragment = "";
        p.article_id = id;
        p.title = title;
        p.path = cx->path ? cx->path : "";
        p.heading = "";
        p.text = text;
        p.text_len = (size_t)json_object_get_string_len(tv);
        p.ordinal = 0;
        p.line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
        p.byte_start = start;
        p.byte_end = end;
        rc = cx->emit ? cx->emit(cx->ud, &p) : 0;
        smp_buf_free(&lists);
        smp_buf_free(&tcopy);
        smp_buf_free(&hcopy);
    }
    json_object_put(obj);
    return rc;
}

int smp_ingest_jsonl(smp_ingest_ctx *cx, const char *buf, size_t len,
                     smp_error *err) {
    SMP_UNUSED(err);
    if (!buf) {
        buf = "";
        len = 0;
    }
    json_tokener *tok = json_tokener_new();
    if (!tok) return SMP_ENOMEM;
    int rc = SMP_OK;
    uint64_t line = 0;
    for (size_t i = 0; i < len && rc == SMP_OK;) {
        line++;
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t start = i, end = nl ? (size_t)(nl - buf) : len;
        i = nl ? end + 1 : len;
        if (end > start && buf[end - 1] == '\r') end--;
        if (jl_blank(buf + start, end - start)) continue;
        const char *why = NULL;
        rc = jl_record(cx, tok, buf, start, end, line, &why);
        if (rc == SMP_OK && why) jl_skip(cx, line, why);
    }
    json_tokener_free(tok);
    return rc;
}
