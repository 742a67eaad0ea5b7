/*
 * jsonld.c - the questions and answers of schema.org FAQPage JSON-LD, the
 * content of one <script type="application/ld+json"> of a web page.
 *
 * json-c parses the text (at most LD_DEPTH levels deep, fed LD_CHUNK bytes
 * at a time); then a walk in document order finds every object whose
 * "@type" is FAQPage (a plain name, one of an array of types, or a full
 * IRI such as https://schema.org/FAQPage), wherever it sits: the top
 * level, an array, an "@graph", or a property of another node.  The
 * Questions of its "mainEntity" (an array or one node) go to the callback.
 * A question or an answer may be a reference to a node elsewhere in the
 * document ({"@id": "..."} or the IRI as a string), as WordPress SEO
 * plugins write them: the "@id"s of the document are gathered into a
 * table the first time one is needed.
 */
#include <string.h>

#include <json-c/json.h>

#include "ingest/ingest.h"

#define LD_DEPTH 64           /* json-c's nesting limit, and the walks' */
#define LD_CHUNK (1u << 20)   /* bytes given to json-c at a time */

typedef struct ld {
    struct lh_table *ids; /* "@id" -> its node; NULL until needed */
    json_object *root;
    smp_faq_fn fn;
    void *ud;
} ld;

static bool ld_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Drops what pages put around the JSON: whitespace, a UTF-8 byte order
 * mark and an HTML comment's "<!--" in front, whitespace and "-->"
 * behind. */
static void ld_unwrap(const char **s, size_t *n) {
    const char *p = *s;
    size_t k = *n;
    for (;;) {
        if (k && ld_space(*p)) {
            p++, k--;
        } else if (k >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
            p += 3, k -= 3;
        } else if (k >= 4 && memcmp(p, "<!--", 4) == 0) {
            p += 4, k -= 4;
        } else {
            break;
        }
    }
    for (;;) {
        if (k && ld_space(p[k - 1]))
            k--;
        else if (k >= 3 && memcmp(p + k - 3, "-->", 3) == 0)
            k -= 3;
        else
            break;
    }
    *s = p;
    *n = k;
}

/* Parses s[0..n) whole into *out (NULL for a JSON null): SMP_OK, or
 * SMP_EFORMAT when it is not one JSON value with only whitespace after
 * it, SMP_ENOMEM. */
static int ld_parse(const char *s, size_t n, json_object **out) {
    *out = NULL;
    json_tokener *tok = json_tokener_new_ex(LD_DEPTH);
    if (!tok) return SMP_ENOMEM;
    json_object *obj = NULL;
    enum json_tokener_error e = json_tokener_continue;
    size_t off = 0, end = 0;
    while (off < n) {
        size_t k = n - off < LD_CHUNK ? n - off : LD_CHUNK;
        obj = json_tokener_parse_ex(tok, s + off, (int)k);
        e = json_tokener_get_error(tok);
        if (e != json_tokener_continue) {
            end = off + json_tokener_get_parse_end(tok);
            break;
        }
        off += k;
    }
    if (e == json_tokener_continue) {
        /* end of input: a bare number or literal needs the final '\0' */
        obj = json_tokener_parse_ex(tok, "", 1);
        e = json_tokener_get_error(tok);
        end = n;
    }
    json_tokener_free(tok);
    if (e != json_tokener_success) return SMP_EFORMAT;
    for (size_t i = end; i < n; i++) {
        if (!ld_space(s[i])) {
            json_object_put(obj);
            return SMP_EFORMAT;
        }
    }
    *out = obj;
    return SMP_OK;
}

/* Whether the type name t (a string value of "@type") is want: the name
 * itself or an IRI ending in it ("https://schema.org/FAQPage",
 * "schema:FAQPage"). */
static bool ld_type_name(json_object *t, const char *want) {
    if (!json_object_is_type(t, json_type_string)) return false;
    const char *s = json_object_get_string(t);
    size_t n = (size_t)json_object_get_string_len(t), i = n;
    while (i > 0 && s[i - 1] != '/' && s[i - 1] != '#' && s[i - 1] != ':') i--;
    return n - i == strlen(want) && memcmp(s + i, want, n - i) == 0;
}

/* 1 when the node's "@type" names want (or lists it), 0 when it names
 * only other types, -1 when it has no "@type". */
static int ld_is(json_object *node, const char *want) {
    json_object *t;
    if (!json_object_object_get_ex(node, "@type", &t)) return -1;
    if (!json_object_is_type(t, json_type_array)) return ld_type_name(t, want);
    size_t n = json_object_array_length(t);
    for (size_t i = 0; i < n; i++)
        if (ld_type_name(json_object_array_get_idx(t, i), want)) return 1;
    return 0;
}

/* A text value, trimmed and not empty, in *s and *n: a string, a
 * language-tagged {"@value": "..."}, or the first of an array that gives
 * one. */
static bool ld_text(json_object *v, int depth, const char **s, size_t *n) {
    if (depth > LD_DEPTH || !v) return false;
    if (json_object_is_type(v, json_type_string)) {
        const char *p = json_object_get_string(v);
        size_t k = (size_t)json_object_get_string_len(v);
        while (k && ld_space(*p)) p++, k--;
        while (k && ld_space(p[k - 1])) k--;
        *s = p;
        *n = k;
        return k > 0;
    }
    if (json_object_is_type(v, json_type_object)) {
        json_object *x;
        return json_object_object_get_ex(v, "@value", &x) && ld_text(x, depth + 1, s, n);
    }
    if (json_object_is_type(v, json_type_array)) {
        size_t len = json_object_array_length(v);
        for (size_t i = 0; i < len; i++)
            if (ld_text(json_object_array_get_idx(v, i), depth + 1, s, n)) return true;
    }
    return false;
}

/* The text of the node's key, as ld_text gives it. */
static bool ld_prop_text(json_object *node, const char *key, const char **s, size_t *n) {
    json_object *v;
    return json_object_object_get_ex(node, key, &v) && ld_text(v, 0, s, n);
}

/* Adds every node below v that has an "@id" and more than that to the
 * table (the first of an id wins). */
static int ld_gather_ids(struct lh_table *t, json_object *v, int depth) {
    if (depth > LD_DEPTH) return SMP_OK;
    if (json_object_is_type(v, json_type_array)) {
        size_t n = json_object_array_length(v);
        for (size_t i = 0; i < n; i++) {
            int rc = ld_gather_ids(t, json_object_array_get_idx(v, i), depth + 1);
            if (rc) return rc;
        }
        return SMP_OK;
    }
    if (!json_object_is_type(v, json_type_object)) return SMP_OK;
    json_object *id;
    if (json_object_object_get_ex(v, "@id", &id) && json_object_is_type(id, json_type_string) &&
        json_object_object_length(v) > 1 &&
        !lh_table_lookup_ex(t, json_object_get_string(id), NULL) &&
        lh_table_insert(t, json_object_get_string(id), v) != 0)
        return SMP_ENOMEM;
    json_object_object_foreach(v, key, val) {
        (void)key;
        int rc = ld_gather_ids(t, val, depth + 1);
        if (rc) return rc;
    }
    return SMP_OK;
}

/* The node v stands for: v itself, or, when v is a reference (an IRI
 * string, or an object with an "@id" but no `key`), the node of that
 * "@id" in the document if there is one.  NULL when there is no node;
 * SMP_ENOMEM in *rc when the table of ids cannot be made. */
static json_object *ld_deref(ld *d, json_object *v, const char *key, int *rc) {
    json_object *id = NULL;
    if (json_object_is_type(v, json_type_string))
        id = v;
    else if (!json_object_is_type(v, json_type_object))
        return NULL;
    else if (json_object_object_get_ex(v, key, NULL) ||
             !json_object_object_get_ex(v, "@id", &id) ||
             !json_object_is_type(id, json_type_string))
        return v;
    if (!d->ids) {
        d->ids = lh_kchar_table_new(64, NULL);
        if (!d->ids || ld_gather_ids(d->ids, d->root, 0)) {
            *rc = SMP_ENOMEM;
            return NULL;
        }
    }
    void *node;
    if (lh_table_lookup_ex(d->ids, json_object_get_string(id), &node)) return node;
    return id == v ? NULL : v;
}

/* One entry of a FAQPage's "mainEntity": calls fn when it is a Question
 * (or an untyped node) with a question and an answer text. */
static int ld_question(ld *d, json_object *v) {
    int rc = SMP_OK;
    json_object *q = ld_deref(d, v, "acceptedAnswer", &rc);
    if (!q || ld_is(q, "Question") == 0) return rc;
    const char *qs, *as;
    size_t qn, an;
    if (!ld_prop_text(q, "name", &qs, &qn) && !ld_prop_text(q, "text", &qs, &qn)) return SMP_OK;
    json_object *a;
    if (!json_object_object_get_ex(q, "acceptedAnswer", &a)) return SMP_OK;
    size_t n = json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 1;
    for (size_t i = 0; i < n; i++) {
        json_object *x = json_object_is_type(a, json_type_array) ? json_object_array_get_idx(a, i) : a;
        x = ld_deref(d, x, "text", &rc);
        if (rc) return rc;
        if (x && ld_prop_text(x, "text", &as, &an)) return d->fn(d->ud, qs, qn, as, an);
    }
    return SMP_OK;
}

/* The Questions of one FAQPage node. */
static int ld_faq(ld *d, json_object *page) {
    json_object *m;
    if (!json_object_object_get_ex(page, "mainEntity", &m)) return SMP_OK;
    if (!json_object_is_type(m, json_type_array)) return ld_question(d, m);
    size_t n = json_object_array_length(m);
    for (size_t i = 0; i < n; i++) {
        int rc = ld_question(d, json_object_array_get_idx(m, i));
        if (rc) return rc;
    }
    return SMP_OK;
}

/* Every FAQPage at or below v, in document order. */
static int ld_walk(ld *d, json_object *v, int depth) {
    if (depth > LD_DEPTH) return SMP_OK;
    if (json_object_is_type(v, json_type_array)) {
        size_t n = json_object_array_length(v);
        for (size_t i = 0; i < n; i++) {
            int rc = ld_walk(d, json_object_array_get_idx(v, i), depth + 1);
            if (rc) return rc;
        }
        return SMP_OK;
    }
    if (!json_object_is_type(v, json_type_object)) return SMP_OK;
    if (ld_is(v, "FAQPage") == 1) return ld_faq(d, v);
    json_object_object_foreach(v, key, val) {
        (void)key;
        int rc = ld_walk(d, val, depth + 1);
        if (rc) return rc;
    }
    return SMP_OK;
}

int smp_jsonld_faq(const char *json, size_t len, smp_faq_fn fn, void *ud) {
    if (!json) len = 0;
    ld_unwrap(&json, &len);
    /* a NUL byte is no JSON; json-c would take it for the end */
    if (len == 0 || memchr(json, 0, len)) return SMP_EFORMAT;
    ld d = {NULL, NULL, fn, ud};
    int rc = ld_parse(json, len, &d.root);
    if (rc) return rc;
    rc = ld_walk(&d, d.root, 0);
    if (d.ids) lh_table_free(d.ids);
    json_object_put(d.root);
    return rc;
}
