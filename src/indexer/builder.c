/* builder.c - building an index: walking paths, reading files and
 * splitting them into passages, which are handed to the inverter
 * (invert.c), whose threads analyse them and add them to the writer. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "indexer/indexer.h"

/* An acronym definition seen in the text (long form lower-cased), with
 * how often. */
typedef smp_macr acronym;

static void free_acronyms(acronym *list, size_t n);

struct smp_builder {
    smp_build_options opt;
    char language[SMP_LANG_MAX]; /* for META: format.h */
    smp_segment_opts seg;
    smp_stemmer *st;
    /* stemmers of the other languages articles declare (<html lang>,
       front matter lang), made when first needed */
    struct {
        const char *name; /* smp_stemmer_for_lang's */
        smp_stemmer *st;
    } langs[SMP_MAX_LANGUAGES];
    size_t nlangs;
    smp_stemmer *cur_st;   /* the current article's */
    const char *cur_lang;  /* its language when not the index's, else NULL */
    smp_inverter *inv; /* the inverting thread, which owns the writer */
    smp_build_stats stats;
    /* the article being added */
    char *cur_article, *cur_path;
    smp_buf url; /* the article's URL with the base URL in front */
    int reading; /* passages come from a file read now (not a segment) */
    int rc; /* sticky error of the passage callback */
    smp_buf aliases;  /* groups from synonym files (alias.c text form) */
    acronym *acr;
    size_t nacr, capacr;
    size_t *acr_slots; /* hash table of acr: index + 1, 0 empty */
    size_t nacr_slots;
    /* per file, when an update asks (smp_builder_file_acronyms) */
    int track_files;
    acronym *facr;
    size_t nfacr, capfacr;
    int aliases_built;
    uint64_t passages, articles; /* handed to the inverter */
    int inv_failed;              /* an error came from the inverter */
    smp_site_profile *site;      /* of the pages being read, or NULL */
};


void smp_build_options_init(smp_build_options *opt) {
    memset(opt, 0, sizeof *opt);
    opt->language = SMP_DEFAULT_LANGUAGE;
    opt->max_words = 250;
    opt->overlap_words = 50;
    opt->min_words = 25;
    opt->max_file_size = 64u << 20;
}

int smp_builder_new(smp_builder **out, const smp_build_options *opt, smp_error *err) {
    *out = NULL;
    smp_build_options defaults;
    if (!opt) {
        smp_build_options_init(&defaults);
        opt = &defaults;
    }
    const char *lang = opt->language ? opt->language : SMP_DEFAULT_LANGUAGE;
    if (strlen(lang) >= SMP_LANG_MAX) /* no libstemmer name is this long */
        return smp_set_error(err, SMP_EINVAL, "unknown stemmer language '%s'", lang);
    if (opt->max_words == 0 || opt->overlap_words >= opt->max_words)
        return smp_set_error(err, SMP_EINVAL,
                             "window overlap must be smaller than the window size");
    smp_builder *b = calloc(1, sizeof *b);
    if (!b) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    b->opt = *opt;
    strcpy(b->language, lang);
    b->opt.language = b->language;
    b->seg = (smp_segment_opts){opt->max_words, opt->overlap_words, opt->min_words,
                                opt->no_heading_path};
    smp_buf_init(&b->aliases);
    smp_buf_init(&b->url);
    b->opt.synonyms = NULL;
    int rc = smp_stemmer_new(&b->st, lang, err);
    if (rc == SMP_OK) {
        uint32_t an = opt->no_numbers ? 0 : SMP_AN_NUMBERS;
        smp_stemmer_set_analyzer(b->st, an);
        b->cur_st = b->st;
        smp_invert_opts io = {lang, !opt->no_positions, opt->memory_budget, opt->run_prefix, an};
        rc = smp_inverter_new(&b->inv, &io, err);
    }
    if (rc == SMP_OK && opt->synonyms)
        rc = smp_synonyms_load(opt->synonyms, b->st, &b->aliases, err);
    if (rc) {
        smp_builder_free(b);
        return rc;
    }
    *out = b;
    return SMP_OK;
}

void smp_builder_free(smp_builder *b) {
    if (!b) return;
    free_acronyms(b->acr, b->nacr);
    free(b->acr_slots);
    free_acronyms(b->facr, b->nfacr);
    smp_buf_free(&b->aliases);
    smp_buf_free(&b->url);
    smp_inverter_free(b->inv);
    smp_stemmer_free(b->st);
    for (size_t i = 0; i < b->nlangs; i++) smp_stemmer_free(b->langs[i].st);
    smp_site_profile_free(b->site);
    free(b->cur_article);
    free(b->cur_path);
    free(b);
}

void smp_builder_stats(const smp_builder *b, smp_build_stats *out) {
    *out = b->stats;
    out->articles = b->articles;
    out->passages = b->passages;
    out->runs = b->inv ? smp_inverter_runs(b->inv) : 0;
}


static void logf_(smp_builder *b, int level, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static void logf_(smp_builder *b, int level, const char *path, const char *fmt, ...) {
    if (!b->opt.log) return;
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    b->opt.log(b->opt.ud, level, path, msg);
}

/* --- passages into the writer -------------------------------------------- */

/* Counts the definition in the list (acr[0..*n)), adding it if new
 * (is_new: known to be). */
static int count_acronym(acronym **list, size_t *n, size_t *cap, const char *acr, size_t alen,
                         const char *low, int is_new) {
    for (size_t i = 0; i < *n && !is_new; i++)
        if (strlen((*list)[i].acr) == alen && !memcmp((*list)[i].acr, acr, alen) &&
            !strcmp((*list)[i].long_form, low)) {
            (*list)[i].count++;
            return 0;
        }
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        acronym *a = realloc(*list, nc * sizeof *a);
        if (!a) return SMP_ENOMEM;
        *list = a;
        *cap = nc;
    }
    acronym *a = &(*list)[*n];
    a->acr = strndup(acr, alen);
    a->long_form = strdup(low);
    a->count = 1;
    if (!a->acr || !a->long_form) {
        free(a->acr);
        free(a->long_form);
        return SMP_ENOMEM;
    }
    (*n)++;
    return 0;
}

static size_t acronym_hash(const char *acr, size_t alen, const char *low) {
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (size_t i = 0; i < alen; i++) h = (h ^ (uint8_t)acr[i]) * 0x100000001b3u;
    h = (h ^ 0xff) * 0x100000001b3u;
    for (; *low; low++) h = (h ^ (uint8_t)*low) * 0x100000001b3u;
    return (size_t)h;
}

/* count_acronym for the build's list, found through its hash table. */
static int count_build_acronym(smp_builder *b, const char *acr, size_t alen, const char *low) {
    if ((b->nacr + 1) * 2 > b->nacr_slots) { /* grow the table first */
        size_t ns = b->nacr_slots ? b->nacr_slots * 2 : 64;
        size_t *slots = calloc(ns, sizeof *slots);
        if (!slots) return SMP_ENOMEM;
        for (size_t i = 0; i < b->nacr; i++) {
            size_t h = acronym_hash(b->acr[i].acr, strlen(b->acr[i].acr), b->acr[i].long_form);
            while (slots[h & (ns - 1)]) h++;
            slots[h & (ns - 1)] = i + 1;
        }
        free(b->acr_slots);
        b->acr_slots = slots;
        b->nacr_slots = ns;
    }
    size_t mask = b->nacr_slots - 1, h = acronym_hash(acr, alen, low);
    for (; b->acr_slots[h & mask]; h++) {
        acronym *a = &b->acr[b->acr_slots[h & mask] - 1];
        if (!strncmp(a->acr, acr, alen) && !a->acr[alen] && !strcmp(a->long_form, low)) {
            a->count++;
            return 0;
        }
    }
    size_t n = b->nacr;
    int rc = count_acronym(&b->acr, &b->nacr, &b->capacr, acr, alen, low, 1);
    if (rc == 0) b->acr_slots[h & mask] = n + 1;
    return rc;
}

static void free_acronyms(acronym *list, size_t n) {
    for (size_t i = 0; i < n; i++) {
        free(list[i].acr);
        free(list[i].long_form);
    }
    free(list);
}

static int on_acronym(void *ud, const char *acr, size_t alen, const char *lf, size_t llen) {
    smp_builder *b = ud;
    char low[256];
    if (llen >= sizeof low) return 0;
    for (size_t i = 0; i < llen; i++) low[i] = (char)tolower((unsigned char)lf[i]);
    low[llen] = 0;
    int rc = count_build_acronym(b, acr, alen, low);
    if (rc == 0 && b->track_files)
        rc = count_acronym(&b->facr, &b->nfacr, &b->capfacr, acr, alen, low, 0);
    return rc;
}

void smp_builder_track_files(smp_builder *b) { b->track_files = 1; }

void smp_builder_file_acronyms(smp_builder *b, smp_macr **out, uint32_t *n) {
    *out = b->facr;
    *n = (uint32_t)b->nfacr;
    b->facr = NULL;
    b->nfacr = b->capfacr = 0;
}

/* The alias groups: synonym files, then each acronym that the corpus
 * defines one way only, with that long form. */
static int build_aliases(smp_builder *b) {
    if (b->aliases_built) return SMP_OK;
    b->aliases_built = 1;
    return smp_alias_acronyms(&b->aliases, b->st, b->acr, b->nacr);
}

/* Chooses the stemmer of an article in language tag (may be NULL or ""):
 * the index's, or that of the article's language when libstemmer has one
 * and the index holds fewer than SMP_MAX_LANGUAGES others. */
static int article_stemmer(smp_builder *b, const char *tag) {
    const char *name = smp_stemmer_for_lang(tag);
    b->cur_st = b->st;
    b->cur_lang = NULL;
    if (!name || !strcmp(name, b->language)) return SMP_OK;
    size_t i = 0;
    while (i < b->nlangs && strcmp(b->langs[i].name, name)) i++;
    if (i == b->nlangs) {
        if (b->nlangs == SMP_MAX_LANGUAGES) return SMP_OK;
        smp_error e;
        int rc = smp_stemmer_new(&b->langs[i].st, name, &e);
        if (rc) return rc;
        smp_stemmer_set_analyzer(b->langs[i].st, smp_stemmer_analyzer(b->st));
        b->langs[i].name = name;
        b->nlangs++;
    }
    b->cur_st = b->langs[i].st;
    b->cur_lang = name;
    return SMP_OK;
}

/* Where text longer than max bytes is cut: at most max bytes, not inside a
 * UTF-8 character. */
static size_t utf8_cut(const char *text, size_t max) {
    size_t cut = max;
    while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80) cut--;
    return cut;
}

static int add_passage(smp_builder *b, const smp_passage *p);

/* A passage from a reader.  One beyond the writer's limits (a JSON Lines
 * record of one 9 MB word) is cut to them with a message, so one odd
 * record does not stop the build. */
static int on_passage(void *ud, const smp_passage *p) {
    smp_builder *b = ud;
    size_t hlen = strlen(p->heading);
    if (hlen <= SMP_PASSAGE_HEADING_MAX && p->text_len <= SMP_PASSAGE_TEXT_MAX)
        return add_passage(b, p);
    smp_passage cut = *p;
    char *heading = NULL;
    if (hlen > SMP_PASSAGE_HEADING_MAX) {
        hlen = utf8_cut(p->heading, SMP_PASSAGE_HEADING_MAX);
        if (!(heading = strndup(p->heading, hlen))) return SMP_ENOMEM;
        cut.heading = heading;
        logf_(b, SMP_LOG_WARN, p->path, "a heading cut to %zu bytes (the limit is %u)", hlen,
              SMP_PASSAGE_HEADING_MAX);
    }
    if (p->text_len > SMP_PASSAGE_TEXT_MAX) {
        cut.text_len = utf8_cut(p->text, SMP_PASSAGE_TEXT_MAX);
        logf_(b, SMP_LOG_WARN, p->path, "a passage of %zu bytes cut to %zu (the limit is %u)",
              p->text_len, cut.text_len, SMP_PASSAGE_TEXT_MAX);
    }
    b->stats.passages_cut++;
    int rc = add_passage(b, &cut);
    free(heading);
    return rc;
}

static int add_passage(smp_builder *b, const smp_passage *p) {
    int rc, new_article = 0;
    if (!b->cur_article || strcmp(b->cur_article, p->article_id) != 0 ||
        strcmp(b->cur_path, p->path) != 0) {
        free(b->cur_article);
        free(b->cur_path);
        b->cur_article = strdup(p->article_id);
        b->cur_path = strdup(p->path);
        if (!b->cur_article || !b->cur_path) return SMP_ENOMEM;
        new_article = 1;
        b->articles++;
        if ((rc = article_stemmer(b, p->info ? p->info->language : NULL))) return rc;
    }
    smp_passage with_base;
    smp_article_info info;
    if (new_article && b->reading && p->info && b->opt.base_url && *b->opt.base_url) {
        smp_buf_reset(&b->url);
        smp_url_join(&b->url, b->opt.base_url, p->info->url ? p->info->url : "");
        if (b->url.rc) return SMP_ENOMEM;
        info = *p->info;
        info.url = (const char *)b->url.p;
        with_base = *p;
        with_base.info = &info;
        p = &with_base;
    }
    /* analysed by the inverter's threads (invert.c) */
    if ((rc = smp_inverter_passage(b->inv, p, new_article, b->cur_lang))) {
        smp_error e;
        if (smp_inverter_error(b->inv, &e)) b->inv_failed = 1; /* a thread's error */
        return rc;
    }
    b->passages++;
    if (!b->opt.no_acronyms &&
        (rc = smp_find_acronyms(p->text, p->text_len, on_acronym, b)))
        return rc;
    return SMP_OK;
}

static void on_notice(void *ud, const char *path, const char *msg) {
    logf_(ud, SMP_LOG_WARN, path, "%s", msg);
}

/* Ingests one buffer (owned by the caller, modified in place);
 * path[root_len..] is its path in the site. */
static int ingest(smp_builder *b, const char *path, size_t root_len, int fmt, char *buf,
                  size_t len, smp_error *err) {
    smp_error e;
    size_t repaired = 0;
    smp_ingest_ctx cx = {.path = path, .root_len = root_len, .seg = &b->seg,
                         .emit = on_passage, .notice = on_notice, .ud = b, .site = b->site};
    uint64_t before = b->passages;
    free(b->cur_article);
    b->cur_article = NULL;
    b->reading = 1;
    int rc = smp_ingest_file(&cx, fmt, buf, len, &repaired, NULL, &e);
    b->reading = 0;
    if (repaired) {
        b->stats.files_repaired++;
        logf_(b, SMP_LOG_WARN, path, "repaired: %zu invalid UTF-8 byte%s replaced by spaces",
              repaired, repaired == 1 ? "" : "s");
    }
    b->stats.records_skipped += cx.records_skipped;
    if (rc && b->inv_failed) return smp_inverter_error(b->inv, err);
    if (rc == SMP_ENOMEM) return smp_set_error(err, rc, "out of memory reading %s", path);
    if (rc == SMP_EFORMAT) {
        b->stats.files_skipped++;
        logf_(b, SMP_LOG_WARN, path, "skipped: %s", e.msg);
        return SMP_OK;
    }
    if (rc) return smp_set_error(err, rc, "%s: %s", path, smp_strerror(rc));
    if (b->passages > before) {
        b->stats.files_indexed++;
        b->stats.bytes_read += len;
    } else if (cx.records_skipped == 0) {
        b->stats.files_skipped++;
        logf_(b, SMP_LOG_WARN, path, "skipped: no text to index");
    } else {
        b->stats.files_skipped++;
        logf_(b, SMP_LOG_WARN, path, "skipped: no usable record");
    }
    return SMP_OK;
}

int smp_builder_add_buffer(smp_builder *b, const char *path, const char *format,
                           const char *data, size_t len, smp_error *err) {
    int fmt = !strcmp(format, "md") ? 'm' : !strcmp(format, "txt") ? 't'
              : !strcmp(format, "jsonl") ? 'j' : !strcmp(format, "html") ? 'h' : 0;
    if (!fmt) return smp_set_error(err, SMP_EINVAL, "unknown format '%s'", format);
    char *copy = malloc(len + 1);
    if (!copy) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    memcpy(copy, data, len);
    b->stats.files_seen++;
    int rc = ingest(b, path, 0, fmt, copy, len, err);
    free(copy);
    return rc;
}

/* Files of types no build reads, counted by extension for one line of
 * the summary ("12 .pdf files not read"). */
#define OTHER_KINDS 16
struct walk_ctx {
    smp_builder *b;
    smp_error *err;
    size_t root_len; /* smp_walk_root_len of the path walked */
    struct {
        char ext[12]; /* ".pdf"; "" for no extension, "." for the rest */
        uint64_t n;
    } other[OTHER_KINDS];
    size_t nother;
};

static void count_other(struct walk_ctx *w, const char *path) {
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    char ext[12] = "";
    if (dot && (!slash || dot > slash + 1) && strlen(dot) < sizeof ext) {
        for (size_t i = 0; dot[i]; i++) ext[i] = (char)tolower((unsigned char)dot[i]);
        ext[strlen(dot)] = 0;
    }
    size_t i = 0;
    while (i < w->nother && strcmp(w->other[i].ext, ext)) i++;
    if (i == w->nother) {
        if (w->nother == OTHER_KINDS) i = OTHER_KINDS - 1, strcpy(w->other[i].ext, ".");
        else snprintf(w->other[w->nother++].ext, sizeof ext, "%s", ext);
    }
    w->other[i].n++;
}

/* "15 files of other types not read: 12 .pdf, 3 .jpg", most common
 * first. */
static void log_others(struct walk_ctx *w, const char *path) {
    if (!w->nother) return;
    char line[600];
    size_t k = 0;
    uint64_t total = 0;
    for (size_t i = 0; i < w->nother; i++) total += w->other[i].n;
    for (size_t done = 0; done < w->nother && k + 40 < sizeof line; done++) {
        size_t best = 0; /* the most common left */
        for (size_t i = 1; i < w->nother; i++)
            if (w->other[i].n > w->other[best].n) best = i;
        const char *e = w->other[best].ext;
        k += (size_t)snprintf(line + k, sizeof line - k, "%s%llu %s", done == 0 ? "" : ", ",
                              (unsigned long long)w->other[best].n,
                              !*e ? "without an extension" : !strcmp(e, ".") ? "of other types" : e);
        w->other[best].n = 0;
    }
    logf_(w->b, SMP_LOG_INFO, path, "%llu file%s of other types not read: %s",
          (unsigned long long)total, total == 1 ? "" : "s", line);
}

int smp_builder_add_data(smp_builder *b, const char *path, size_t root_len, int fmt, char *buf,
                         size_t len, smp_error *err) {
    b->stats.files_seen++;
    int rc = ingest(b, path, root_len, fmt, buf, len, err);
    if (b->opt.progress)
        b->opt.progress(b->opt.ud, b->stats.files_seen, b->stats.bytes_read, b->passages);
    return rc;
}

int smp_builder_add_passage(smp_builder *b, const smp_passage *p, int new_file,
                            smp_error *err) {
    if (new_file) {
        free(b->cur_article);
        b->cur_article = NULL;
    }
    int rc = on_passage(b, p);
    if (rc && b->inv_failed) return smp_inverter_error(b->inv, err);
    if (rc) return smp_set_error(err, rc, "%s: %s", p->path, smp_strerror(rc));
    return SMP_OK;
}

static int add_file(smp_builder *b, const char *path, size_t root_len, int fmt,
                    smp_error *err) {
    b->stats.files_seen++;
    struct stat st;
    char *buf, why[400];
    int got = smp_read_input(path, b->opt.max_file_size, &st, &buf, why, sizeof why);
    if (got == SMP_ENOMEM) return smp_set_error(err, SMP_ENOMEM, "out of memory reading %s", path);
    int rc = SMP_OK;
    if (got == 0) {
        b->stats.files_skipped++;
        logf_(b, SMP_LOG_WARN, path, "skipped: %s", why);
    } else {
        rc = ingest(b, path, root_len, fmt, buf, (size_t)st.st_size, err);
        free(buf);
    }
    if (b->opt.progress)
        b->opt.progress(b->opt.ud, b->stats.files_seen, b->stats.bytes_read,
                        b->passages);
    return rc;
}

/* What the walk finds (walk.c). */
static int on_walk(void *ud, int kind, const char *path, int fmt, const char *why) {
    struct walk_ctx *w = ud;
    smp_builder *b = w->b;
    int rc;
    switch (kind) {
    case SMP_WALK_FILE:
        return add_file(b, path, w->root_len, fmt, w->err);
    case SMP_WALK_OTHER:
        count_other(w, path);
        return SMP_OK;
    case SMP_WALK_SYNONYMS:
        rc = smp_synonyms_load(path, b->st, &b->aliases, w->err);
        if (rc == SMP_OK) logf_(b, SMP_LOG_INFO, path, "read as the synonym list");
        return rc;
    case SMP_WALK_LINKS:
        b->stats.links_not_followed += (uint64_t)fmt;
        logf_(b, SMP_LOG_WARN, path, "%s", why);
        return SMP_OK;
    case SMP_WALK_SKIP_FILE:
        b->stats.files_seen++;
        /* fall through */
    case SMP_WALK_SKIP_DIR:
        b->stats.files_skipped++;
        /* fall through */
    default:
        logf_(b, SMP_LOG_WARN, path, "skipped: %s", why);
        return SMP_OK;
    }
}

/* --- the pages of a website, before they are read (site.c) ---------------- */

int smp_builder_profile_sites(smp_builder *b, const char *const *paths, size_t n,
                              smp_error *err) {
    smp_site_profile_free(b->site);
    b->site = NULL;
    if (n < SMP_SITE_MIN_HTML) return SMP_OK;
    smp_site_profile *sp;
    if (smp_site_profile_new(&sp)) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    int rc = SMP_OK;
    for (size_t i = 0; i < n && rc == SMP_OK; i++) {
        struct stat st;
        char *buf, why[400];
        /* a file that cannot be read is reported when it is read */
        int got = smp_read_input(paths[i], b->opt.max_file_size, &st, &buf, why, sizeof why);
        if (got == SMP_ENOMEM) rc = SMP_ENOMEM;
        if (got <= 0) continue;
        smp_ingest_ctx cx = {.path = paths[i], .seg = &b->seg};
        smp_error e;
        rc = smp_html_profile_page(sp, &cx, buf, (size_t)st.st_size, &e);
        if (rc == SMP_EFORMAT) rc = SMP_OK; /* a page no build reads */
        free(buf);
    }
    if (rc == SMP_OK) rc = smp_site_profile_finish(sp);
    if (rc) {
        smp_site_profile_free(sp);
        return smp_set_error(err, rc, "out of memory reading the pages of %s",
                             n ? paths[0] : "the build");
    }
    b->site = sp;
    return SMP_OK;
}

/* The HTML pages a walk finds. */
typedef struct html_list {
    char **paths;
    size_t n, cap;
} html_list;

static int on_walk_html(void *ud, int kind, const char *path, int fmt, const char *why) {
    html_list *l = ud;
    (void)why;
    if (kind != SMP_WALK_FILE || fmt != 'h') return SMP_OK;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 64;
        char **p = realloc(l->paths, nc * sizeof *p);
        if (!p) return SMP_ENOMEM;
        l->paths = p;
        l->cap = nc;
    }
    if (!(l->paths[l->n] = strdup(path))) return SMP_ENOMEM;
    l->n++;
    return SMP_OK;
}

int smp_builder_add_path(smp_builder *b, const char *path, smp_error *err) {
    struct walk_ctx w;
    memset(&w, 0, sizeof w);
    w.b = b;
    w.err = err;
    w.root_len = smp_walk_root_len(path);
    /* the site's pages first (a walk that only lists them), then each file */
    html_list l = {0};
    smp_error ignored;
    int flags = b->opt.follow_links ? SMP_WALK_FOLLOW_LINKS : 0;
    int rc = smp_walk(path, flags, on_walk_html, &l, &ignored);
    if (rc == SMP_ENOMEM) rc = smp_set_error(err, rc, "out of memory");
    else rc = SMP_OK; /* the walk below reports what it cannot find */
    if (rc == SMP_OK) rc = smp_builder_profile_sites(b, (const char *const *)l.paths, l.n, err);
    for (size_t i = 0; i < l.n; i++) free(l.paths[i]);
    free(l.paths);
    if (rc == SMP_OK) rc = smp_walk(path, flags, on_walk, &w, err);
    if (rc == SMP_OK) log_others(&w, path);
    smp_site_profile_free(b->site);
    b->site = NULL;
    return rc;
}

int smp_builder_write(smp_builder *b, const char *path, smp_error *err) {
    int rc = build_aliases(b);
    if (rc) return smp_set_error(err, rc, "out of memory");
    if (b->passages == 0) return smp_set_error(err, SMP_EEMPTY, "no passages to index");
    return smp_inverter_write(b->inv, path, (const char *)b->aliases.p, b->aliases.n,
                              b->stats.bytes_read, err);
}

/* --- what a file gives, without a build ------------------------------------- */

const char *smp_file_format(const char *path) {
    switch (path ? smp_format_of(path) : 0) {
    case 'm': return "md";
    case 't': return "txt";
    case 'j': return "jsonl";
    case 'h': return "html";
    default: return NULL;
    }
}

typedef struct explain {
    smp_explain_fn fn;
    void *ud;
    smp_explained_file *file;
    const char *base_url;
    int seen; /* passages seen */
} explain;

static int on_explained(void *ud, const smp_passage *p) {
    explain *x = ud;
    smp_explained_file *f = x->file;
    if (f && !x->seen++) {
        snprintf(f->title, sizeof f->title, "%s", p->title);
        if (p->info) {
            smp_buf u;
            smp_buf_init(&u);
            smp_url_join(&u, x->base_url, p->info->url ? p->info->url : "");
            snprintf(f->url, sizeof f->url, "%s", u.rc ? "" : (const char *)u.p);
            smp_buf_free(&u);
            snprintf(f->language, sizeof f->language, "%s", p->info->language);
            snprintf(f->date, sizeof f->date, "%s", p->info->date);
            snprintf(f->description, sizeof f->description, "%s", p->info->description);
        }
    }
    smp_explained e = {p->article_id, p->title, p->heading, p->fragment ? p->fragment : "",
                       p->text, p->text_len, p->ordinal, p->line};
    return x->fn ? x->fn(x->ud, &e) : 0;
}

int smp_explain_file(const char *path, const smp_build_options *opt, smp_explain_fn fn,
                     void *ud, smp_explained_file *file, smp_error *err) {
    smp_build_options defaults;
    if (!opt) {
        smp_build_options_init(&defaults);
        opt = &defaults;
    }
    if (file) memset(file, 0, sizeof *file);
    if (!path) return smp_set_error(err, SMP_EINVAL, "no file given");
    int fmt = smp_format_of(path);
    if (!fmt)
        return smp_set_error(err, SMP_EINVAL, "%s: not a file type smpsearch reads", path);
    struct stat st;
    char *buf, why[400];
    int got = smp_read_input(path, opt->max_file_size, &st, &buf, why, sizeof why);
    if (got < 0) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    if (got == 0) return smp_set_error(err, SMP_EIO, "%s: %s", path, why);
    smp_segment_opts seg = {opt->max_words, opt->overlap_words, opt->min_words,
                            opt->no_heading_path};
    explain x = {fn, ud, file, opt->base_url, 0};
    smp_ingest_ctx cx = {.path = path, .root_len = smp_walk_root_len(path), .seg = &seg,
                         .emit = on_explained, .ud = &x};
    smp_html_meta meta;
    memset(&meta, 0, sizeof meta);
    smp_error e;
    int rc = smp_ingest_file(&cx, fmt, buf, (size_t)st.st_size, NULL, &meta, &e);
    free(buf);
    if (file && fmt == 'h' && !x.seen) { /* a page skipped, or without text */
        snprintf(file->title, sizeof file->title, "%s", meta.title);
        snprintf(file->language, sizeof file->language, "%s", meta.lang);
        snprintf(file->url, sizeof file->url, "%s", meta.url);
    }
    if (rc == SMP_EFORMAT) return smp_set_error(err, rc, "%s", e.msg);
    if (rc && rc != SMP_ENOMEM && rc != SMP_EINVAL) return rc; /* fn's own result */
    if (rc) return smp_set_error(err, rc, "%s: %s", path, smp_strerror(rc));
    return SMP_OK;
}
