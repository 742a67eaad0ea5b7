/*
 * frontmatter.c - the front matter of a Markdown article as static-site
 * tools write it: YAML between "---" lines (Jekyll, Hugo, Eleventy, Astro),
 * TOML between "+++" lines (Hugo), or a JSON object at the top (Hugo).
 *
 * YAML is read with libyaml and JSON with json-c.  Debian packages no C
 * library for TOML (only C++ ones), so TOML is read here, as far as front
 * matter uses it: top-level `key = value` lines with strings (basic and
 * literal, one line), booleans, numbers, dates and one-line arrays of
 * strings; keys under a [table] header are left out, as the values front
 * matter is read for live at the top.  YAML that libyaml refuses (a title
 * with an unquoted ": ", which people write and Jekyll tolerates) is read
 * line by line as `key: value`, so nothing is lost.
 *
 * Read: title, slug, url/permalink, date, updated/lastmod, description/
 * summary, lang/language, tags, categories/category, and draft: true /
 * published: false.
 */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "ingest/ingest.h"

/* ---- the fields ------------------------------------------------------------ */

enum { F_NONE, F_TITLE, F_SLUG, F_URL, F_DATE, F_UPDATED, F_DESCRIPTION, F_TAGS,
       F_CATEGORIES, F_DRAFT, F_PUBLISHED, F_LANG };

static int field_of(const char *k, size_t n) {
    static const struct {
        const char *name;
        int field;
    } names[] = {{"title", F_TITLE},         {"slug", F_SLUG},
                 {"url", F_URL},             {"permalink", F_URL},
                 {"date", F_DATE},           {"updated", F_UPDATED},
                 {"lastmod", F_UPDATED},     {"last_modified_at", F_UPDATED},
                 {"description", F_DESCRIPTION}, {"summary", F_DESCRIPTION},
                 {"excerpt", F_DESCRIPTION}, {"tags", F_TAGS},
                 {"categories", F_CATEGORIES}, {"category", F_CATEGORIES},
                 {"draft", F_DRAFT},         {"published", F_PUBLISHED},
                 {"lang", F_LANG},           {"language", F_LANG}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].name) == n && !memcmp(names[i].name, k, n)) return names[i].field;
    return F_NONE;
}

static int is_true(const char *v, size_t n) {
    return (n == 4 && !memcmp(v, "true", 4)) || (n == 4 && !memcmp(v, "True", 4)) ||
           (n == 4 && !memcmp(v, "TRUE", 4)) || (n == 3 && !memcmp(v, "yes", 3));
}

static int is_false(const char *v, size_t n) {
    return (n == 5 && !memcmp(v, "false", 5)) || (n == 5 && !memcmp(v, "False", 5)) ||
           (n == 5 && !memcmp(v, "FALSE", 5)) || (n == 2 && !memcmp(v, "no", 2));
}

static int push(char ***list, size_t *n, const char *v, size_t len) {
    char **l = realloc(*list, sizeof *l * (*n + 1));
    if (!l) return SMP_ENOMEM;
    *list = l;
    if (!(l[*n] = strndup(v, len))) return SMP_ENOMEM;
    (*n)++;
    return SMP_OK;
}

/* A tag or category: an element of a list, or a scalar that lists them
 * between commas ("tags: smp pain, numbing cream"). */
static int push_list(char ***list, size_t *n, const char *v, size_t len, int in_list) {
    while (len) {
        size_t k = 0;
        while (k < len && (in_list || v[k] != ',')) k++;
        size_t e = k;
        while (e && (v[e - 1] == ' ' || v[e - 1] == '\t')) e--;
        if (e && push(list, n, v, e)) return SMP_ENOMEM;
        if (k == len) break;
        v += k + 1, len -= k + 1;
        while (len && (*v == ' ' || *v == '\t')) v++, len--;
    }
    return SMP_OK;
}

/* A scalar value of field f (a list element when in_list). */
static int set_value(smp_front *fm, int f, const char *v, size_t n, int in_list) {
    while (n && (*v == ' ' || *v == '\t')) v++, n--;
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r')) n--;
    char **slot = NULL;
    switch (f) {
    case F_TITLE: slot = &fm->title; break;
    case F_SLUG: slot = &fm->slug; break;
    case F_URL: slot = &fm->url; break;
    case F_DATE: slot = &fm->date; break;
    case F_UPDATED: slot = &fm->updated; break;
    case F_DESCRIPTION: slot = &fm->description; break;
    case F_LANG: slot = &fm->lang; break;
    case F_TAGS: return push_list(&fm->tags, &fm->ntags, v, n, in_list);
    case F_CATEGORIES: return push_list(&fm->categories, &fm->ncategories, v, n, in_list);
    case F_DRAFT: fm->draft |= is_true(v, n); return SMP_OK;
    case F_PUBLISHED: fm->draft |= is_false(v, n); return SMP_OK;
    default: return SMP_OK;
    }
    if (in_list || *slot) return SMP_OK; /* the first value counts */
    return (*slot = strndup(v, n)) ? SMP_OK : SMP_ENOMEM;
}

void smp_front_free(smp_front *fm) {
    free(fm->title);
    free(fm->slug);
    free(fm->url);
    free(fm->date);
    free(fm->updated);
    free(fm->description);
    free(fm->lang);
    for (size_t i = 0; i < fm->ntags; i++) free(fm->tags[i]);
    for (size_t i = 0; i < fm->ncategories; i++) free(fm->categories[i]);
    free(fm->tags);
    free(fm->categories);
    memset(fm, 0, sizeof *fm);
}

/* ---- delimited blocks ------------------------------------------------------- */

static int line_is(const char *s, const char *e, const char *word) {
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
    size_t n = strlen(word);
    return (size_t)(e - s) == n && !memcmp(s, word, n);
}

/* The block between a first line `fence` and the next line `fence` (or
 * `alt`): its bytes [*bs, *be), and the offset after the closing line; 0
 * when there is no such block. */
static size_t fenced(const char *buf, size_t len, size_t start, const char *fence,
                     const char *alt, size_t *bs, size_t *be) {
    const char *p = buf + start, *end = buf + len;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl || !line_is(p, nl, fence)) return 0;
    *bs = (size_t)(nl + 1 - buf);
    for (p = nl + 1; p < end; p = nl + 1) {
        nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if (line_is(p, le, fence) || (alt && line_is(p, le, alt))) {
            *be = (size_t)(p - buf);
            return nl ? (size_t)(nl + 1 - buf) : len;
        }
        if (!nl) break;
    }
    return 0;
}

/* ---- YAML ------------------------------------------------------------------- */

/* The top-level mapping's keys and their scalar or sequence values;
 * nested mappings are passed over.  0, SMP_EFORMAT (not YAML) or
 * SMP_ENOMEM. */
static int read_yaml(const char *s, size_t n, smp_front *fm) {
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) return SMP_ENOMEM;
    yaml_parser_set_input_string(&p, (const unsigned char *)s, n);
    int rc = SMP_OK, depth = 0, want_key = 1, field = F_NONE, in_list = 0;
    for (int done = 0; !done && rc == SMP_OK;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            rc = SMP_EFORMAT;
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT: done = 1; break;
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT:
            depth++;
            if (depth == 2 && ev.type == YAML_SEQUENCE_START_EVENT) in_list = 1;
            break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            depth--;
            if (depth == 1) { /* a value that was a list or a mapping */
                in_list = 0;
                want_key = 1;
            }
            break;
        case YAML_SCALAR_EVENT: {
            const char *v = (const char *)ev.data.scalar.value;
            size_t vl = ev.data.scalar.length;
            if (depth == 1 && want_key) {
                field = field_of(v, vl);
                want_key = 0;
            } else if (depth == 1) {
                rc = set_value(fm, field, v, vl, 0);
                want_key = 1;
            } else if (depth == 2 && in_list) {
                rc = set_value(fm, field, v, vl, 1);
            }
            break;
        }
        default: break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return rc;
}

/* `key: value` lines, for YAML that libyaml refuses. */
static int read_lines(const char *s, size_t n, const char *sep, smp_front *fm) {
    const char *p = s, *end = s + n;
    size_t sl = strlen(sep);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *c = NULL;
        for (const char *q = p; q + sl <= le; q++)
            if (!memcmp(q, sep, sl)) {
                c = q;
                break;
            }
        if (c && p < le && *p != ' ' && *p != '\t' && *p != '#') {
            const char *ke = c;
            while (ke > p && (ke[-1] == ' ' || ke[-1] == '\t')) ke--;
            const char *vs = c + sl, *ve = le;
            while (vs < ve && (*vs == ' ' || *vs == '\t')) vs++;
            while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r')) ve--;
            int f = field_of(p, (size_t)(ke - p));
            if (f != F_NONE && vs < ve) {
                int rc;
                if (*vs == '[' && ve[-1] == ']') { /* a one-line list */
                    const char *a = vs + 1;
                    while (a < ve - 1) {
                        const char *b = memchr(a, ',', (size_t)(ve - 1 - a));
                        if (!b) b = ve - 1;
                        const char *x = a, *y = b;
                        while (x < y && (*x == ' ' || *x == '"' || *x == '\'')) x++;
                        while (y > x && (y[-1] == ' ' || y[-1] == '"' || y[-1] == '\'')) y--;
                        if ((rc = set_value(fm, f, x, (size_t)(y - x), 1))) return rc;
                        a = b + 1;
                    }
                } else {
                    if (ve - vs >= 2 && (*vs == '"' || *vs == '\'') && ve[-1] == *vs) vs++, ve--;
                    if ((rc = set_value(fm, f, vs, (size_t)(ve - vs), 0))) return rc;
                }
            }
        }
        p = nl ? nl + 1 : end;
    }
    return SMP_OK;
}

/* ---- TOML ------------------------------------------------------------------- */

/* Top-level `key = value` lines up to the first [table]; the values
 * front matter uses (see the top of this file). */
static int read_toml(const char *s, size_t n, smp_front *fm) {
    const char *p = s, *end = s + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *q = p;
        while (q < le && (*q == ' ' || *q == '\t')) q++;
        if (q < le && *q == '[') break; /* a table: the top level ends */
        size_t ll = (size_t)(le - q);
        const char *eq = memchr(q, '=', ll);
        if (eq && q < le && *q != '#') {
            /* a literal string '...' or a basic "..." one keeps its quotes
               out; read_lines does the rest */
            int rc = read_lines(q, ll, "=", fm);
            if (rc) return rc;
        }
        p = nl ? nl + 1 : end;
    }
    return SMP_OK;
}

/* ---- JSON ------------------------------------------------------------------- */

static int read_json_value(smp_front *fm, int f, json_object *v) {
    if (json_object_is_type(v, json_type_array)) {
        size_t n = json_object_array_length(v);
        for (size_t i = 0; i < n; i++) {
            json_object *e = json_object_array_get_idx(v, i);
            if (!json_object_is_type(e, json_type_string)) continue;
            int rc = set_value(fm, f, json_object_get_string(e),
                               (size_t)json_object_get_string_len(e), 1);
            if (rc) return rc;
        }
        return SMP_OK;
    }
    if (json_object_is_type(v, json_type_boolean)) {
        const char *b = json_object_get_boolean(v) ? "true" : "false";
        return set_value(fm, f, b, strlen(b), 0);
    }
    if (!json_object_is_type(v, json_type_string)) return SMP_OK;
    return set_value(fm, f, json_object_get_string(v), (size_t)json_object_get_string_len(v), 0);
}

/* A JSON object at start: its end in *after; 0, or SMP_EFORMAT. */
static int read_json(const char *buf, size_t len, size_t start, smp_front *fm, size_t *after) {
    json_tokener *tok = json_tokener_new_ex(32);
    if (!tok) return SMP_ENOMEM;
    json_object *o = json_tokener_parse_ex(tok, buf + start, (int)(len - start > 1 << 20
                                                                       ? 1 << 20
                                                                       : len - start));
    size_t used = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (!o || !json_object_is_type(o, json_type_object)) {
        json_object_put(o);
        return SMP_EFORMAT;
    }
    int rc = SMP_OK;
    json_object_object_foreach(o, key, val) {
        int f = field_of(key, strlen(key));
        if (f != F_NONE && (rc = read_json_value(fm, f, val))) break;
    }
    json_object_put(o);
    /* the tokener may have read white space past the closing brace */
    *after = start + used;
    while (*after > start && buf[*after - 1] != '}') (*after)--;
    while (*after < len && buf[*after] != '\n') (*after)++;
    if (*after < len) (*after)++;
    return rc;
}

/* ---- the reader ------------------------------------------------------------- */

int smp_front_matter(const char *buf, size_t len, smp_front *fm) {
    memset(fm, 0, sizeof *fm);
    size_t start = len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
    size_t bs = 0, be = 0, after;
    int rc;
    if ((after = fenced(buf, len, start, "---", "...", &bs, &be))) {
        rc = read_yaml(buf + bs, be - bs, fm);
        if (rc == SMP_EFORMAT) { /* what libyaml refuses, read as lines */
            smp_front_free(fm);
            fm->bad = 1;
            rc = read_lines(buf + bs, be - bs, ":", fm);
        }
        fm->kind = 'y';
    } else if ((after = fenced(buf, len, start, "+++", NULL, &bs, &be))) {
        rc = read_toml(buf + bs, be - bs, fm);
        fm->kind = 't';
    } else if (start < len && buf[start] == '{') {
        rc = read_json(buf, len, start, fm, &after);
        if (rc == SMP_EFORMAT) { /* a brace that starts no front matter */
            smp_front_free(fm);
            return SMP_OK;
        }
        fm->kind = 'j';
    } else {
        return SMP_OK;
    }
    if (rc) {
        smp_front_free(fm);
        return rc;
    }
    fm->body = after;
    return SMP_OK;
}
