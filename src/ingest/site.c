/*
 * site.c - what the pages of one website share, for the rules of the HTML
 * reader that need the whole site: the site's name on every title
 * ("Lash Lift Aftercare | Glow Lash Studio") and the blocks of text
 * repeated on most pages (a table-layout footer, "You are visitor
 * number", a "Book now" line) outside the nav, header, footer and aside
 * markup that one page's reader already leaves out.
 *
 * A build profiles its HTML pages before reading them (html.c's
 * smp_html_profile_page gives each page's title and the hash of each of
 * its blocks), then reads each page with the profile.
 *
 * Sites: the pages of a build are grouped by the topmost folder (of the
 * pages' paths) that holds an index page (index.html, index.htm,
 * index.xhtml, default.htm, default.html); pages with no such folder
 * above them form one site together.  A folder holding several exported
 * sites (sites/hugo/, sites/legacy/) thus gives one site each, and a
 * build of one site folder gives one site.
 *
 * Thresholds (SITE_MIN_PAGES = 3):
 *  - a block (the text of one line as the reader emits it, a heading's
 *    own text; compared folded: case, runs of white space) is repeated
 *    when it is on at least 3 pages of its site and on at least half of
 *    them.  So nothing is repeated on a site of fewer than 3 pages, a
 *    block on 2 pages (an FAQ answer, a price row on two pages) always
 *    stays, and on a site of 3 pages a block must be on all three;
 *  - the site's name is the longest affix (text after, or before, one of
 *    the separators " | ", " - ", " – ", " — ", " · ", " : ", " :: ",
 *    " » ") that every titled page of a site of at least 3 pages shares:
 *    its title ends with SEP+name, starts with name+SEP or is the name
 *    alone; at least 2 titles carry it beside other text.  A title that
 *    is the name alone is kept as it is.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "ingest/ingest.h"

#define SITE_MIN_PAGES 3

typedef struct site_page {
    char *path;
    char *title;    /* folded, NUL-terminated ("" when none) */
    uint64_t *blocks; /* sorted, unique */
    size_t nblocks;
    size_t site;    /* index in sp->sites once finished */
} site_page;

struct smp_site {
    char *root;       /* the folder ("" for pages under no index page) */
    size_t npages;
    uint64_t *repeated; /* sorted */
    size_t nrepeated;
    char *affix;      /* folded site name, or NULL */
};

struct smp_site_profile {
    site_page *pages;
    size_t npages, apages;
    smp_site *sites;
    size_t nsites;
    bool finished;
};

static const char *const site_seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                        " \xC2\xB7 ", " : ", " :: ", " \xC2\xBB ", NULL};

/* ---- normalised text -------------------------------------------------- */

static bool s_space(const unsigned char *s, size_t i, size_t n, size_t *w) {
    unsigned char c = s[i];
    *w = 1;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return true;
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) return (*w = 2), true;
    return false;
}

/* Appends s[0..n) folded (case folded, composed, white space runs as one
 * space, none at the ends) to out, NUL-terminated. */
static void s_fold(smp_buf *out, const char *s, size_t n) {
    utf8proc_uint8_t *f = NULL;
    utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &f,
                                      UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    const unsigned char *t = k >= 0 ? f : (const unsigned char *)s;
    size_t tn = k >= 0 ? (size_t)k : n, from = out->n;
    bool space = false;
    for (size_t i = 0, w; i < tn; i += w) {
        if (s_space(t, i, tn, &w)) {
            space = true;
            continue;
        }
        if (space && out->n > from) smp_buf_putc(out, ' ');
        space = false;
        smp_buf_append(out, t + i, w);
    }
    free(f);
    smp_buf_nul(out);
}

uint64_t smp_site_block_hash(const char *s, size_t n) {
    smp_buf f;
    smp_buf_init(&f);
    s_fold(&f, s, n);
    uint64_t h = 14695981039346656037ull; /* FNV-1a */
    const uint8_t *p = f.rc ? (const uint8_t *)s : f.p;
    size_t len = f.rc ? n : f.n;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    smp_buf_free(&f);
    return h;
}

/* ---- the profile ------------------------------------------------------ */

int smp_site_profile_new(smp_site_profile **out) {
    *out = calloc(1, sizeof **out);
    return *out ? SMP_OK : SMP_ENOMEM;
}

void smp_site_profile_free(smp_site_profile *sp) {
    if (!sp) return;
    for (size_t i = 0; i < sp->npages; i++) {
        free(sp->pages[i].path);
        free(sp->pages[i].title);
        free(sp->pages[i].blocks);
    }
    free(sp->pages);
    for (size_t i = 0; i < sp->nsites; i++) {
        free(sp->sites[i].root);
        free(sp->sites[i].repeated);
        free(sp->sites[i].affix);
    }
    free(sp->sites);
    free(sp);
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int smp_site_profile_add(smp_site_profile *sp, const char *path, const char *title,
                         size_t title_len, const uint64_t *blocks, size_t nblocks) {
    if (sp->finished || !path) return SMP_EINVAL;
    if (sp->npages == sp->apages) {
        size_t na = sp->apages ? sp->apages * 2 : 16;
        site_page *p = realloc(sp->pages, na * sizeof *p);
        if (!p) return SMP_ENOMEM;
        sp->pages = p;
        sp->apages = na;
    }
    site_page pg = {0};
    smp_buf t;
    smp_buf_init(&t);
    s_fold(&t, title ? title : "", title ? title_len : 0);
    pg.path = strdup(path);
    pg.title = t.rc ? NULL : (char *)t.p;
    pg.blocks = malloc((nblocks ? nblocks : 1) * sizeof *pg.blocks);
    if (!pg.path || !pg.title || !pg.blocks) {
        free(pg.path);
        smp_buf_free(&t);
        free(pg.blocks);
        return SMP_ENOMEM;
    }
    if (nblocks) memcpy(pg.blocks, blocks, nblocks * sizeof *blocks);
    qsort(pg.blocks, nblocks, sizeof *pg.blocks, cmp_u64);
    for (size_t i = 0; i < nblocks; i++) /* each block once a page */
        if (!pg.nblocks || pg.blocks[pg.nblocks - 1] != pg.blocks[i])
            pg.blocks[pg.nblocks++] = pg.blocks[i];
    sp->pages[sp->npages++] = pg;
    return SMP_OK;
}

/* ---- sites ------------------------------------------------------------ */

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_page(const void *a, const void *b) {
    return strcmp(((const site_page *)a)->path, ((const site_page *)b)->path);
}

static bool s_index_page(const char *path) {
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    static const char *const names[] = {"index.html", "index.htm", "index.xhtml",
                                        "default.htm", "default.html", NULL};
    for (const char *const *n = names; *n; n++)
        if (!strcasecmp(name, *n)) return true;
    return false;
}

/* The length of the site folder of path: the topmost of its folders in
 * dirs (sorted, NUL-terminated copies); 0 when none is. */
static size_t s_site_len(const char *path, char **dirs, size_t ndirs, char *tmp) {
    for (const char *p = path; (p = strchr(p, '/')); p++) {
        size_t n = (size_t)(p - path);
        if (n == 0) continue; /* "/": the file system's root */
        memcpy(tmp, path, n);
        tmp[n] = 0;
        char *key = tmp;
        if (bsearch(&key, dirs, ndirs, sizeof *dirs, cmp_str)) return n;
    }
    return 0;
}

/* Does the folded title t carry the folded name a: 2 beside other text,
 * 1 as the whole title, 0 not at all? */
static int s_carries(const char *t, const char *a) {
    size_t tn = strlen(t), an = strlen(a);
    if (tn == an) return !strcmp(t, a);
    for (const char *const *s = site_seps; *s; s++) {
        size_t sl = strlen(*s);
        if (tn < an + sl + 1) continue;
        if (!memcmp(t + tn - an, a, an) && !memcmp(t + tn - an - sl, *s, sl)) return 2;
        if (!memcmp(t, a, an) && !memcmp(t + an, *s, sl)) return 2;
    }
    return 0;
}

/* The site's name: the longest affix of one of its titles that all carry
 * (pages[ids[0..n)]); NULL when none, or SMP_ENOMEM through *rc. */
static char *s_affix(const smp_site_profile *sp, const size_t *ids, size_t n, int *rc) {
    size_t titled = 0;
    for (size_t i = 0; i < n; i++) titled += sp->pages[ids[i]].title[0] != 0;
    if (titled < SITE_MIN_PAGES) return NULL;
    const char *best = NULL;
    size_t bestn = 0;
    /* candidates: each text before or after a separator in the first few
       titles (any title carries the name, but the home page's may be the
       name alone) */
    for (size_t f = 0, tried = 0; f < n && tried < 8; f++) {
        const char *first = sp->pages[ids[f]].title;
        size_t fn = strlen(first);
        if (!fn) continue;
        tried++;
        for (size_t at = 0; at < fn; at++) {
            for (const char *const *s = site_seps; *s; s++) {
                size_t sl = strlen(*s);
                if (at + sl > fn || memcmp(first + at, *s, sl)) continue;
                const char *cand[2] = {first, first + at + sl};
                size_t cn[2] = {at, fn - at - sl};
                for (int k = 0; k < 2; k++) {
                    char c[1024];
                    if (!cn[k] || cn[k] <= bestn || cn[k] >= sizeof c) continue;
                    memcpy(c, cand[k], cn[k]);
                    c[cn[k]] = 0;
                    size_t beside = 0, i = 0;
                    for (; i < n; i++) {
                        const char *t = sp->pages[ids[i]].title;
                        if (!t[0]) continue;
                        int how = s_carries(t, c);
                        if (!how) break;
                        if (how == 2) beside++;
                    }
                    if (i == n && beside >= 2) {
                        best = cand[k];
                        bestn = cn[k];
                    }
                }
            }
        }
    }
    if (!best) return NULL;
    char *a = malloc(bestn + 1);
    if (!a) {
        *rc = SMP_ENOMEM;
        return NULL;
    }
    memcpy(a, best, bestn);
    a[bestn] = 0;
    return a;
}

/* The repeated blocks of the site's pages (pages[ids[0..n)]). */
static int s_repeated(const smp_site_profile *sp, const size_t *ids, size_t n, smp_site *site) {
    if (n < SITE_MIN_PAGES) return SMP_OK;
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += sp->pages[ids[i]].nblocks;
    if (!total) return SMP_OK;
    uint64_t *all = malloc(total * sizeof *all);
    if (!all) return SMP_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const site_page *pg = &sp->pages[ids[i]];
        memcpy(all + k, pg->blocks, pg->nblocks * sizeof *all);
        k += pg->nblocks;
    }
    qsort(all, total, sizeof *all, cmp_u64);
    size_t out = 0;
    for (size_t i = 0; i < total;) {
        size_t j = i;
        while (j < total && all[j] == all[i]) j++;
        size_t pages = j - i; /* each page's blocks are unique */
        if (pages >= SITE_MIN_PAGES && 2 * pages >= n) all[out++] = all[i];
        i = j;
    }
    if (out) {
        uint64_t *r = realloc(all, out * sizeof *r);
        site->repeated = r ? r : all;
        site->nrepeated = out;
    } else {
        free(all);
    }
    return SMP_OK;
}

int smp_site_profile_finish(smp_site_profile *sp) {
    if (sp->finished) return SMP_OK;
    int rc = SMP_OK;
    size_t n = sp->npages, ndirs = 0, maxlen = 0;
    char **dirs = malloc((n ? n : 1) * sizeof *dirs);
    size_t *ids = malloc((n ? n : 1) * sizeof *ids);
    size_t *lens = malloc((n ? n : 1) * sizeof *lens);
    char *tmp = NULL;
    if (!dirs || !ids || !lens) rc = SMP_ENOMEM;
    if (rc == SMP_OK && n) qsort(sp->pages, n, sizeof *sp->pages, cmp_page);
    for (size_t i = 0; rc == SMP_OK && i < n; i++) {
        const char *p = sp->pages[i].path;
        size_t l = strlen(p);
        if (l > maxlen) maxlen = l;
        const char *slash = strrchr(p, '/');
        if (!slash || !s_index_page(p)) continue;
        dirs[ndirs] = malloc((size_t)(slash - p) + 1);
        if (!dirs[ndirs]) rc = SMP_ENOMEM;
        else {
            memcpy(dirs[ndirs], p, (size_t)(slash - p));
            dirs[ndirs++][slash - p] = 0;
        }
    }
    if (rc == SMP_OK) tmp = malloc(maxlen + 1);
    if (rc == SMP_OK && !tmp) rc = SMP_ENOMEM;
    if (rc == SMP_OK) {
        qsort(dirs, ndirs, sizeof *dirs, cmp_str);
        for (size_t i = 0; i < n; i++) lens[i] = s_site_len(sp->pages[i].path, dirs, ndirs, tmp);
        sp->sites = calloc(n ? n : 1, sizeof *sp->sites);
        if (!sp->sites) rc = SMP_ENOMEM;
    }
    /* the pages of a site folder are adjacent in path order, those under
       no index page need not be: the last page's site is tried first */
    for (size_t i = 0, last = 0; rc == SMP_OK && i < n; i++) {
        const char *p = sp->pages[i].path;
        size_t s = last < sp->nsites && strlen(sp->sites[last].root) == lens[i] &&
                           !strncmp(sp->sites[last].root, p, lens[i])
                       ? last
                       : 0;
        while (s < sp->nsites && !(strlen(sp->sites[s].root) == lens[i] &&
                                   !strncmp(sp->sites[s].root, p, lens[i])))
            s++;
        last = s;
        if (s == sp->nsites) {
            sp->sites[s].root = malloc(lens[i] + 1);
            if (!sp->sites[s].root) {
                rc = SMP_ENOMEM;
                break;
            }
            memcpy(sp->sites[s].root, p, lens[i]);
            sp->sites[s].root[lens[i]] = 0;
            sp->nsites++;
        }
        sp->pages[i].site = s;
        sp->sites[s].npages++;
    }
    for (size_t s = 0; rc == SMP_OK && s < sp->nsites; s++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (sp->pages[i].site == s) ids[k++] = i;
        rc = s_repeated(sp, ids, k, &sp->sites[s]);
        if (rc == SMP_OK) sp->sites[s].affix = s_affix(sp, ids, k, &rc);
    }
    for (size_t i = 0; i < ndirs; i++) free(dirs[i]);
    free(dirs);
    free(ids);
    free(lens);
    free(tmp);
    /* the blocks are counted: only the sites' lists are looked up */
    for (size_t i = 0; i < n; i++) {
        free(sp->pages[i].blocks);
        sp->pages[i].blocks = NULL;
        sp->pages[i].nblocks = 0;
    }
    if (rc == SMP_OK) sp->finished = true;
    return rc;
}

const smp_site *smp_site_of(const smp_site_profile *sp, const char *path) {
    if (!sp || !sp->finished || !path || !sp->npages) return NULL;
    site_page key = {0};
    key.path = (char *)path;
    const site_page *pg = bsearch(&key, sp->pages, sp->npages, sizeof *sp->pages, cmp_page);
    return pg ? &sp->sites[pg->site] : NULL;
}

size_t smp_site_pages(const smp_site *s) { return s ? s->npages : 0; }

bool smp_site_repeated(const smp_site *s, uint64_t block) {
    return s && s->nrepeated &&
           bsearch(&block, s->repeated, s->nrepeated, sizeof *s->repeated, cmp_u64);
}

/* Does t[0..n) fold to the folded a? */
static bool s_same(const char *t, size_t n, const char *a, smp_buf *tmp) {
    smp_buf_reset(tmp);
    s_fold(tmp, t, n);
    return !tmp->rc && !strcmp((const char *)tmp->p, a);
}

int smp_site_strip_title(const smp_site *s, const char *t, size_t n, size_t *start,
                         size_t *len) {
    *start = 0;
    *len = n;
    if (!s || !s->affix) return SMP_OK;
    smp_buf tmp;
    smp_buf_init(&tmp);
    int rc = SMP_OK;
    bool done = false;
    /* the name at the end, else at the start; never the whole title */
    for (int end = 1; end >= 0 && !done; end--) {
        for (size_t at = 1; at < n && !done; at++) {
            for (const char *const *sep = site_seps; *sep && !done; sep++) {
                size_t sl = strlen(*sep);
                if (at + sl >= n || memcmp(t + at, *sep, sl)) continue;
                if (end && s_same(t + at + sl, n - at - sl, s->affix, &tmp)) {
                    *len = at;
                    done = true;
                } else if (!end && s_same(t, at, s->affix, &tmp)) {
                    *start = at + sl;
                    *len = n - at - sl;
                    done = true;
                }
                if (tmp.rc) rc = SMP_ENOMEM;
            }
        }
    }
    smp_buf_free(&tmp);
    return rc;
}
