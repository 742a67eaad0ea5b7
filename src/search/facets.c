/*
 * facets.c - the categories and tags of an index's articles as numbered
 * values, for filters and facet counts (smp_search_options.categories,
 * .tags and .facets).
 *
 * Values come from each article's INFO strings (categories and tags,
 * joined by '\n') and compare case aside: each is keyed by its Unicode
 * case folding (NFC), and written as the first article that has it writes
 * it.  Articles are numbered across segments (segment i's from abase[i]),
 * deleted ones included: a passage's article is looked up in DOCS.
 *
 * A filter is then one byte per article (SMP_PASS_*), made once per
 * search from the article's value numbers: the top-k evaluation skips a
 * passage whose article's byte is not SMP_PASS_ALL before scoring it
 * (topk.c), and facet counts read it to leave a field's own filter out
 * of that field's counts (execute.c).
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "search/search.h"

/* --- case folding ------------------------------------------------------------ */

/* The key of a value: ASCII lowered in place into buf (cap bytes) when it
 * is ASCII and fits, else utf8proc's case folding (malloc'ed into *heap).
 * NULL when out of memory; *klen gets the key's length. */
static const char *fold(const char *s, size_t n, char *buf, size_t cap, char **heap,
                        size_t *klen) {
    *heap = NULL;
    size_t i = 0;
    while (i < n && !((unsigned char)s[i] & 0x80)) i++;
    if (i == n && n < cap) {
        for (i = 0; i < n; i++) buf[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
        buf[n] = 0;
        *klen = n;
        return buf;
    }
    utf8proc_uint8_t *f = NULL;
    utf8proc_ssize_t k =
        utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &f,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    if (k < 0) { /* invalid UTF-8: the bytes themselves */
        free(f);
        if (!(*heap = malloc(n + 1))) return NULL;
        memcpy(*heap, s, n);
        (*heap)[n] = 0;
        *klen = n;
        return *heap;
    }
    *heap = (char *)f;
    *klen = (size_t)k;
    return *heap;
}

static uint32_t hash(const char *s, size_t n) {
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* --- one field's values ------------------------------------------------------- */

/* The slot of key in f's hash table: holding its number + 1, or 0 (free). */
static uint32_t *slot_of(const smp_facet_field *f, const char *key, size_t n) {
    uint32_t m = f->nslot - 1, i = hash(key, n) & m;
    for (;;) {
        uint32_t v = f->slot[i];
        if (!v || (strlen(f->key[v - 1]) == n && !memcmp(f->key[v - 1], key, n)))
            return &f->slot[i];
        i = (i + 1) & m;
    }
}

static int grow_slots(smp_facet_field *f) {
    uint32_t ns = f->nslot ? f->nslot * 2 : 64;
    uint32_t *old = f->slot, on = f->nslot;
    if (!(f->slot = calloc(ns, sizeof *f->slot))) {
        f->slot = old;
        return SMP_ENOMEM;
    }
    f->nslot = ns;
    for (uint32_t i = 0; i < on; i++)
        if (old[i]) *slot_of(f, f->key[old[i] - 1], strlen(f->key[old[i] - 1])) = old[i];
    free(old);
    return SMP_OK;
}

static char *dup(const char *s, size_t n) {
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = 0;
    }
    return c;
}

/* The number of value s[0..n) in f, added when new: >= 0, or SMP_ENOMEM. */
static long intern(smp_facet_field *f, const char *s, size_t n) {
    char buf[256], *heap;
    size_t kl;
    const char *key = fold(s, n, buf, sizeof buf, &heap, &kl);
    if (!key) return SMP_ENOMEM;
    if ((uint64_t)(f->n + 1) * 2 > f->nslot && grow_slots(f)) {
        free(heap);
        return SMP_ENOMEM;
    }
    uint32_t *slot = slot_of(f, key, kl);
    if (*slot) { /* of several spellings, the first in byte order */
        free(heap);
        uint32_t v = *slot - 1;
        size_t on = strlen(f->value[v]);
        int c = memcmp(s, f->value[v], n < on ? n : on);
        if (c < 0 || (c == 0 && n < on)) {
            char *d = dup(s, n);
            if (!d) return SMP_ENOMEM;
            free(f->value[v]);
            f->value[v] = d;
        }
        return (long)v;
    }
    if (f->n == f->cap) {
        uint32_t nc = f->cap ? f->cap * 2 : 16;
        char **v = realloc(f->value, nc * sizeof *v);
        if (v) f->value = v;
        char **k = v ? realloc(f->key, nc * sizeof *k) : NULL;
        if (k) f->key = k;
        if (!v || !k) {
            free(heap);
            return SMP_ENOMEM;
        }
        f->cap = nc;
    }
    f->value[f->n] = dup(s, n);
    f->key[f->n] = heap ? heap : dup(key, kl);
    if (!f->value[f->n] || !f->key[f->n]) {
        free(f->value[f->n]);
        free(f->key[f->n]);
        return SMP_ENOMEM;
    }
    *slot = ++f->n;
    return (long)f->n - 1;
}

static void field_free(smp_facet_field *f) {
    for (uint32_t i = 0; i < f->n; i++) {
        free(f->value[i]);
        free(f->key[i]);
    }
    free(f->value);
    free(f->key);
    free(f->slot);
    free(f->start);
    free(f->ids);
    memset(f, 0, sizeof *f);
}

/* Appends to f the values of one article (list: '\n' joined, each once). */
static int add_article(smp_facet_field *f, const char *list) {
    size_t first = f->nids;
    for (const char *p = list, *e; *p; p = *e ? e + 1 : e) {
        e = strchr(p, '\n');
        if (!e) e = p + strlen(p);
        if (e == p) continue;
        long v = intern(f, p, (size_t)(e - p));
        if (v < 0) return (int)v;
        int seen = 0;
        for (size_t i = first; i < f->nids && !seen; i++) seen = f->ids[i] == (uint32_t)v;
        if (seen) continue;
        if (f->nids == f->capids) {
            size_t nc = f->capids ? f->capids * 2 : 64;
            uint32_t *ids = realloc(f->ids, nc * sizeof *ids);
            if (!ids) return SMP_ENOMEM;
            f->ids = ids;
            f->capids = nc;
        }
        f->ids[f->nids++] = (uint32_t)v;
    }
    return SMP_OK;
}

/* --- the table ------------------------------------------------------------------ */

void smp_facet_table_free(smp_facet_table *t) {
    if (!t) return;
    for (int f = 0; f < SMP_NFACETS; f++) field_free(&t->f[f]);
    free(t->abase);
    memset(t, 0, sizeof *t);
}

int smp_facet_table_load(smp_facet_table *t, const smp_index *ix) {
    memset(t, 0, sizeof *t);
    t->nseg = smp_index_nsegments(ix);
    uint64_t na = 0;
    for (size_t s = 0; s < t->nseg; s++) na += smp_segment_articles(smp_index_segment(ix, s)->seg);
    if (na >= UINT32_MAX) return SMP_ECORRUPT;
    t->narticles = (uint32_t)na;
    int rc = SMP_OK;
    if (!(t->abase = malloc((t->nseg + 1) * sizeof *t->abase))) rc = SMP_ENOMEM;
    for (int f = 0; f < SMP_NFACETS && rc == SMP_OK; f++)
        if (!(t->f[f].start = malloc((na + 1) * sizeof *t->f[f].start))) rc = SMP_ENOMEM;
    uint32_t a = 0;
    uint8_t *live = NULL;
    for (size_t s = 0; s < t->nseg && rc == SMP_OK; s++) {
        const smp_segref *ref = smp_index_segment(ix, s);
        const smp_segment *sg = ref->seg;
        t->abase[s] = a;
        uint64_t n = smp_segment_articles(sg);
        /* an article whose passages an update deleted has no values, so
           that values are written as a full build of the same files would */
        free(live);
        live = NULL;
        if (ref->ndel) {
            uint64_t np = smp_segment_passages(sg);
            if (!(live = calloc(n + 1, 1))) {
                rc = SMP_ENOMEM;
                break;
            }
            for (uint64_t d = 0; d < np; d++) {
                uint32_t da = smp_segment_doc_article(sg, (uint32_t)d);
                if (da < n && !smp_segref_deleted(ref, (uint32_t)d)) live[da] = 1;
            }
        }
        for (uint64_t i = 0; i < n && rc == SMP_OK; i++, a++) {
            smp_article_info in;
            /* a damaged entry has no values (smp_index_check reports it) */
            if ((live && !live[i]) || smp_segment_article_info(sg, (uint32_t)i, &in))
                in.categories = in.tags = "";
            t->f[SMP_FACET_CATEGORY].start[a] = (uint32_t)t->f[SMP_FACET_CATEGORY].nids;
            t->f[SMP_FACET_TAG].start[a] = (uint32_t)t->f[SMP_FACET_TAG].nids;
            rc = add_article(&t->f[SMP_FACET_CATEGORY], in.categories);
            if (rc == SMP_OK) rc = add_article(&t->f[SMP_FACET_TAG], in.tags);
        }
    }
    free(live);
    if (rc == SMP_OK) {
        t->abase[t->nseg] = a;
        for (int f = 0; f < SMP_NFACETS; f++) {
            if (t->f[f].nids >= UINT32_MAX) rc = SMP_ENOMEM;
            t->f[f].start[a] = (uint32_t)t->f[f].nids;
        }
    }
    if (rc) smp_facet_table_free(t);
    return rc;
}

int smp_facet_find(const smp_facet_table *t, int field, const char *value, size_t len,
                   uint32_t *id) {
    const smp_facet_field *f = &t->f[field];
    if (!f->n) return 0;
    char buf[256], *heap;
    size_t kl;
    const char *key = fold(value, len, buf, sizeof buf, &heap, &kl);
    if (!key) return SMP_ENOMEM;
    uint32_t v = *slot_of(f, key, kl);
    free(heap);
    *id = v - 1;
    return v != 0;
}

int smp_filter_make(const smp_facet_table *t, const smp_search_options *opt,
                    uint8_t *sel[SMP_NFACETS], uint8_t **pass) {
    const char *const *want[SMP_NFACETS] = {opt->categories, opt->tags};
    size_t nwant[SMP_NFACETS] = {opt->categories ? opt->ncategories : 0,
                                 opt->tags ? opt->ntags : 0};
    *pass = NULL;
    int rc = SMP_OK;
    for (int f = 0; f < SMP_NFACETS; f++) sel[f] = NULL;
    for (int f = 0; f < SMP_NFACETS && rc == SMP_OK; f++) {
        if (!nwant[f]) continue;
        if (!(sel[f] = calloc(t->f[f].n + 1, 1))) rc = SMP_ENOMEM;
        for (size_t i = 0; i < nwant[f] && rc == SMP_OK; i++) {
            if (!want[f][i]) continue;
            uint32_t v;
            int found = smp_facet_find(t, f, want[f][i], strlen(want[f][i]), &v);
            if (found < 0) rc = found;
            else if (found) sel[f][v] = 1;
        }
    }
    if (rc == SMP_OK && (nwant[0] || nwant[1])) {
        if (!(*pass = malloc(t->narticles + 1))) rc = SMP_ENOMEM;
        for (uint32_t a = 0; a < t->narticles && rc == SMP_OK; a++) {
            uint8_t p = 0;
            for (int f = 0; f < SMP_NFACETS; f++) {
                const smp_facet_field *ff = &t->f[f];
                int ok = !nwant[f];
                for (uint32_t j = ff->start[a]; j < ff->start[a + 1] && !ok; j++)
                    ok = sel[f][ff->ids[j]];
                if (ok) p |= (uint8_t)(f == SMP_FACET_CATEGORY ? SMP_PASS_CATEGORY : SMP_PASS_TAG);
            }
            (*pass)[a] = p;
        }
    }
    if (rc) {
        for (int f = 0; f < SMP_NFACETS; f++) {
            free(sel[f]);
            sel[f] = NULL;
        }
        free(*pass);
        *pass = NULL;
    }
    return rc;
}
