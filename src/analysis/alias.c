/* alias.c - alias groups (acronyms found in the corpus, the curated
 * synonym file): their text form in the index and query expansion. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"

#define MAX_PHRASE 16 /* stems in one phrase; longer phrases are not kept */

typedef struct phrase {
    const char *stems[MAX_PHRASE];
    size_t lens[MAX_PHRASE];
    size_t n;
} phrase;

typedef struct group {
    phrase *p;
    size_t n;
} group;

/* Every phrase by its first stem, in a hash table (chains through next),
 * to find the groups a query can match without looking at the others;
 * built in time linear in the groups, since a searcher builds it on
 * creation. */
typedef struct first_stem {
    const char *stem;
    size_t len;
    uint32_t group;
    uint32_t next; /* the next entry of the same slot, + 1; 0: none */
} first_stem;

struct smp_aliases {
    smp_arena arena;
    group *g;
    size_t n;
    first_stem *firsts;
    size_t nfirsts;
    uint32_t *slots; /* first entry + 1 per slot; 0: empty */
    size_t nslots;   /* a power of two */
};

static uint32_t hash_stem(const char *s, size_t n) {
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static int index_firsts(smp_aliases *a) {
    size_t n = 0;
    for (size_t g = 0; g < a->n; g++) n += a->g[g].n;
    if (n >= UINT32_MAX / 2) return SMP_ENOMEM;
    a->firsts = smp_arena_alloc(&a->arena, (n + 1) * sizeof *a->firsts);
    a->nslots = 16;
    while (a->nslots < 2 * n) a->nslots *= 2;
    a->slots = smp_arena_alloc(&a->arena, a->nslots * sizeof *a->slots);
    if (!a->firsts || !a->slots) return SMP_ENOMEM;
    memset(a->slots, 0, a->nslots * sizeof *a->slots);
    for (size_t g = 0; g < a->n; g++)
        for (size_t p = 0; p < a->g[g].n; p++) {
            first_stem *f = &a->firsts[a->nfirsts];
            f->stem = a->g[g].p[p].stems[0];
            f->len = a->g[g].p[p].lens[0];
            f->group = (uint32_t)g;
            uint32_t h = hash_stem(f->stem, f->len) & (uint32_t)(a->nslots - 1);
            f->next = a->slots[h];
            a->slots[h] = (uint32_t)++a->nfirsts;
        }
    return SMP_OK;
}

static size_t count_char(const char *s, size_t len, char c) {
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += s[i] == c;
    return n;
}

static int parse_phrase(smp_arena *ar, const char *s, size_t len, phrase *out) {
    out->n = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && s[i] == ' ') i++;
        size_t j = i;
        while (j < len && s[j] != ' ') j++;
        if (j > i) {
            if (out->n == MAX_PHRASE) return SMP_EFORMAT;
            char *c = smp_arena_strndup(ar, s + i, j - i);
            if (!c) return SMP_ENOMEM;
            out->stems[out->n] = c;
            out->lens[out->n++] = j - i;
        }
        i = j;
    }
    return out->n ? SMP_OK : SMP_EFORMAT;
}

int smp_aliases_parse(smp_aliases **out, const char *text, size_t len) {
    *out = NULL;
    smp_aliases *a = calloc(1, sizeof *a);
    if (!a) return SMP_ENOMEM;
    smp_arena_init(&a->arena);
    size_t lines = count_char(text, len, '\n') + 1;
    a->g = smp_arena_alloc(&a->arena, lines * sizeof *a->g);
    int rc = a->g ? SMP_OK : SMP_ENOMEM;
    size_t pos = 0;
    while (rc == SMP_OK && pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *line = text + pos;
        size_t llen = end - pos;
        pos = end + 1;
        if (llen == 0) continue;
        group *g = &a->g[a->n];
        size_t np = count_char(line, llen, '\t') + 1;
        g->p = smp_arena_alloc(&a->arena, np * sizeof *g->p);
        if (!g->p) {
            rc = SMP_ENOMEM;
            break;
        }
        g->n = 0;
        size_t i = 0;
        while (rc == SMP_OK && i <= llen) {
            const char *tab = memchr(line + i, '\t', llen - i);
            size_t e = tab ? (size_t)(tab - line) : llen;
            rc = parse_phrase(&a->arena, line + i, e - i, &g->p[g->n]);
            if (rc == SMP_OK) g->n++;
            i = e + 1;
        }
        if (rc == SMP_OK && g->n < 2) rc = SMP_EFORMAT;
        a->n++;
    }
    if (rc == SMP_OK) rc = index_firsts(a);
    if (rc) {
        smp_aliases_free(a);
        return rc;
    }
    *out = a;
    return SMP_OK;
}

void smp_aliases_free(smp_aliases *a) {
    if (!a) return;
    smp_arena_free(&a->arena);
    free(a);
}

size_t smp_aliases_groups(const smp_aliases *a) { return a ? a->n : 0; }

/* Does phrase p occur as consecutive stems of q? */
static int phrase_in(const phrase *p, const smp_qword *q, size_t n) {
    for (size_t i = 0; i + p->n <= n; i++) {
        size_t k = 0;
        while (k < p->n && q[i + k].len == p->lens[k] &&
               !memcmp(q[i + k].stem, p->stems[k], p->lens[k]))
            k++;
        if (k == p->n) return 1;
    }
    return 0;
}

static int cmp_u32(const void *x, const void *y) {
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

int smp_aliases_expand(const smp_aliases *a, const smp_qword *q, size_t n,
                       smp_expand_fn fn, void *ud) {
    if (!a || n == 0) return 0;
    /* candidate groups: those with a phrase starting with a query word */
    uint32_t cand[256];
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t h = hash_stem(q[i].stem, q[i].len) & (uint32_t)(a->nslots - 1);
        for (uint32_t e = a->slots[h]; e && nc < 256; e = a->firsts[e - 1].next) {
            const first_stem *f = &a->firsts[e - 1];
            if (f->len == q[i].len && !memcmp(f->stem, q[i].stem, f->len)) cand[nc++] = f->group;
        }
    }
    qsort(cand, nc, sizeof *cand, cmp_u32); /* groups in order, each once */
    for (size_t ci = 0; ci < nc; ci++) {
        if (ci && cand[ci] == cand[ci - 1]) continue;
        size_t gi = cand[ci];
        const group *g = &a->g[gi];
        int hit = 0;
        for (size_t p = 0; p < g->n && !hit; p++) hit = phrase_in(&g->p[p], q, n);
        if (!hit) continue;
        for (size_t p = 0; p < g->n; p++) {
            const phrase *ph = &g->p[p];
            smp_qword w[MAX_PHRASE];
            for (size_t k = 0; k < ph->n; k++) w[k] = (smp_qword){ph->stems[k], ph->lens[k]};
            int rc = fn(ud, gi, phrase_in(ph, q, n), w, ph->n);
            if (rc) return rc;
        }
    }
    return 0;
}

/* --- building the text form ------------------------------------------------ */

typedef struct stem_out {
    smp_buf *out;
    int first;
    size_t n; /* stems written */
    uint32_t last_pos;
} stem_out;

static int put_stem(void *ud, const char *term, size_t len, const smp_token *tok) {
    stem_out *s = ud;
    /* a hyphenated word's joined form shares its last part's position:
       phrases keep the parts only, as queries do */
    if (!s->first && tok->pos == s->last_pos) return 0;
    s->last_pos = tok->pos;
    if (!s->first) smp_buf_putc(s->out, ' ');
    smp_buf_append(s->out, term, len);
    s->first = 0;
    s->n++;
    return s->out->rc;
}

int smp_alias_group_add(smp_buf *out, smp_stemmer *st, const char *const *phrases,
                        const size_t *lens, size_t n) {
    size_t start = out->n, kept = 0;
    for (size_t i = 0; i < n; i++) {
        size_t before = out->n;
        if (kept) smp_buf_putc(out, '\t');
        stem_out so = {out, 1, 0, 0};
        int rc = smp_analyze(st, phrases[i], lens[i], put_stem, &so);
        if (rc) return rc;
        if (so.first || so.n > MAX_PHRASE) { /* nothing searchable, or too long */
            out->n = before;
            continue;
        }
        kept++;
    }
    if (kept < 2) { /* a group needs two phrases */
        out->n = start;
        return SMP_EFORMAT;
    }
    smp_buf_putc(out, '\n');
    return out->rc;
}

int smp_synonyms_load(const char *path, smp_stemmer *st, smp_buf *out, smp_error *err) {
    FILE *f = fopen(path, "r");
    if (!f)
        return smp_set_error(err, errno == ENOENT ? SMP_ENOTFOUND : SMP_EIO,
                             "cannot open synonyms %s: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0;
    int rc = SMP_OK;
    while (rc == SMP_OK && getline(&line, &cap, f) >= 0) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        const char *ph[32];
        size_t lens[32], n = 0;
        for (char *p = line; *p && n < 32;) {
            char *comma = strchr(p, ',');
            size_t l = comma ? (size_t)(comma - p) : strlen(p);
            ph[n] = p;
            lens[n++] = l;
            p += l + (comma ? 1 : 0);
            if (!comma) break;
        }
        /* a blank or comment-only line has nothing to analyse */
        int blank = 1;
        for (const char *c = line; *c; c++)
            if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r') blank = 0;
        if (blank) continue;
        rc = smp_alias_group_add(out, st, ph, lens, n);
        if (rc == SMP_EFORMAT)
            smp_set_error(err, rc, "%s:%lu: a synonym line needs two or more phrases "
                          "separated by commas", path, lineno);
        else if (rc)
            smp_set_error(err, rc, "out of memory reading %s", path);
    }
    free(line);
    fclose(f);
    return rc;
}

static uint64_t str_hash(const char *s) {
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 0x100000001b3u;
    return h;
}

int smp_alias_acronyms(smp_buf *out, smp_stemmer *st, const smp_macr *acr, size_t n) {
    if (n == 0) return out->rc;
    /* how many definitions each acronym has: a table of the first
       definition of each, and a count per definition (kept at the first) */
    size_t nslots = 16;
    while (nslots < 2 * n) nslots *= 2;
    size_t *slots = calloc(nslots, sizeof *slots); /* definition + 1; 0 empty */
    uint32_t *forms = calloc(n, sizeof *forms);
    int rc = slots && forms ? SMP_OK : SMP_ENOMEM;
    for (size_t i = 0; i < n && rc == SMP_OK; i++) {
        size_t h = (size_t)str_hash(acr[i].acr) & (nslots - 1);
        while (slots[h] && strcmp(acr[slots[h] - 1].acr, acr[i].acr)) h = (h + 1) & (nslots - 1);
        if (!slots[h]) slots[h] = i + 1;
        forms[slots[h] - 1]++;
    }
    for (size_t i = 0; i < n && rc == SMP_OK; i++) {
        /* one group per acronym; one defined two ways is ambiguous (PD:
           Parkinson's disease or programmed death) and not expanded */
        if (forms[i] != 1) continue; /* 0: not its first definition */
        const char *ph[2] = {acr[i].acr, acr[i].long_form};
        size_t lens[2] = {strlen(ph[0]), strlen(ph[1])};
        rc = smp_alias_group_add(out, st, ph, lens, 2);
        if (rc == SMP_EFORMAT) rc = SMP_OK;
    }
    free(slots);
    free(forms);
    return rc ? rc : out->rc;
}
