/*
 * ingest.h - source files to passages: the walk over input folders, the
 * readers of each format and the passage splitter (subsystem ingest/,
 * above analysis/).
 * Nothing here is part of the public API (include/smpsearch.h).
 */
#ifndef SMP_INGEST_H
#define SMP_INGEST_H

#include "analysis/analysis.h"

/**************************************************************************
** Interface to code in the readers and passages.c
**
** Readers turn one source file into passages, sent one by one to a
** callback.  Text given to the callback is plain text (Markdown syntax
** removed).  All pointers are valid only during the call.
*/
/* A passage's article info (smp_article_info, base.h): its url is the one
 * the source gives (front matter url/permalink, <link rel=canonical>,
 * og:url, a JSONL record's url), else, for a file of a site, the one its
 * path gives (smp_url_from_path). */
typedef struct smp_passage {
    const char *article_id; /* slug, file stem, or JSONL _id */
    const char *title;      /* "" if unknown */
    const char *path;       /* source file as given */
    const char *heading;    /* "" if none */
    const char *fragment;   /* the section's link target in the page (the
                               part after '#'), "" if none */
    const smp_article_info *info; /* NULL: nothing known */
    const char *text;       /* plain text, text_len bytes */
    size_t text_len;
    uint32_t ordinal;       /* 1-based within the article; 0 for a JSONL
                               record that is its own passage */
    uint32_t line;          /* 1-based line of byte_start in the source */
    uint64_t byte_start, byte_end; /* source byte range */
} smp_passage;

typedef int (*smp_passage_fn)(void *ud, const smp_passage *p);
/* Notices about the input (bad JSONL line, ...).  May be NULL. */
typedef void (*smp_notice_fn)(void *ud, const char *path, const char *msg);

typedef struct smp_segment_opts {
    uint32_t max_words, overlap_words, min_words;
    int no_heading_path; /* Markdown: a passage's heading is its own only */
} smp_segment_opts;

typedef struct smp_site_profile smp_site_profile; /* site.c */

typedef struct smp_ingest_ctx {
    const char *path;          /* source path, as given */
    size_t root_len;           /* path[root_len..] is its path in the site
                                  (the folder given to the build) */
    const smp_segment_opts *seg;
    smp_passage_fn emit;
    smp_notice_fn notice;
    void *ud;
    uint64_t records_skipped;  /* out: JSONL lines skipped */
    const smp_article_info *info; /* set by a reader for the article it
                                     feeds to a segmenter (passages.c) */
    /* HTML: the build's site profile, for the rules that need the whole
       site (site.c); NULL for none, or a page it did not profile */
    const smp_site_profile *site;
} smp_ingest_ctx;

/* Each returns 0, the first non-zero emit() result, SMP_ENOMEM, or
 * SMP_EFORMAT (with a message in err) when the file is unusable. */
int smp_ingest_markdown(smp_ingest_ctx *cx, const char *buf, size_t len,
                        smp_error *err);
int smp_ingest_text(smp_ingest_ctx *cx, const char *buf, size_t len,
                    smp_error *err);
int smp_ingest_jsonl(smp_ingest_ctx *cx, const char *buf, size_t len,
                     smp_error *err);
/* html.c: an HTML page, in any charset it declares (buf as read, not
 * checked by smp_check_text's UTF-8 repair).  Pages marked noindex and
 * error pages (404, "page not found") are SMP_EFORMAT with why in err. */
int smp_ingest_html(smp_ingest_ctx *cx, const char *buf, size_t len,
                    smp_error *err);
/* What a page says about itself, for `smpsearch index --explain`
 * ("" when it does not say; cut to fit). */
typedef struct smp_html_meta {
    char title[512]; /* as the passages get it */
    char lang[64];   /* <html lang> */
    char url[1024];  /* <link rel=canonical>, else og:url */
} smp_html_meta;
/* smp_ingest_html, also filling *meta (when not NULL) once the page is
 * parsed, skipped pages included. */
int smp_ingest_html_meta(smp_ingest_ctx *cx, const char *buf, size_t len,
                         smp_html_meta *meta, smp_error *err);

/* html.c: the pre-pass of a build over its pages.  Reads the page (as
 * smp_ingest_html does: a page it would skip is SMP_EFORMAT, with why in
 * err, and not added) and adds to sp its title (before any site name is
 * taken off) and the hash (smp_site_block_hash) of each of its blocks:
 * each line of text as the reader emits it (a paragraph, a table row, a
 * list item, a cell's line) and each heading's own text.  cx->site is not
 * used.  0, SMP_EFORMAT or SMP_ENOMEM. */
int smp_html_profile_page(smp_site_profile *sp, smp_ingest_ctx *cx, const char *buf,
                          size_t len, smp_error *err);

/* passages.c: sections -> passages.  A reader feeds sections (heading,
 * plain text, and anchors mapping plain-text offsets to source offsets);
 * the segmenter windows long sections, merges short ones into the next,
 * numbers the passages and emits them. */
typedef struct smp_anchor {
    size_t text_off; /* offset in the plain text */
    uint64_t src_off;  /* corresponding source byte offset */
} smp_anchor;

typedef struct smp_segmenter smp_segmenter;

int smp_segmenter_new(smp_segmenter **out, smp_ingest_ctx *cx,
                      const char *article_id, const char *title,
                      const char *src, size_t src_len);
/* Adds one section.  `anchors` are in increasing text_off order; at least
 * one (text_off 0) should be given. */
int smp_segmenter_add(smp_segmenter *sg, const char *heading,
                      size_t heading_len, const char *fragment, size_t fragment_len,
                      const char *text, size_t text_len,
                      const smp_anchor *anchors, size_t nanchors);
/* Emits what is pending; returns 0 or the first error. */
int smp_segmenter_finish(smp_segmenter *sg);
void smp_segmenter_free(smp_segmenter *sg);

/* sections.c: the sections a reader collects from one file, then hands
 * to the segmenter.  A section's heading and text are ranges of the
 * shared `headings` and `text` buffers; its anchors a range of `anchors`
 * (text offsets within the section's text). */
typedef struct smp_article_section {
    size_t heading_off, heading_len; /* in headings */
    size_t text_off, text_len;       /* in text (text_len set when closed) */
    size_t anchor_first, nanchors;   /* in anchors */
    size_t fragment_off, fragment_len; /* in fragments: its link target */
    bool drop_if_empty; /* left out when it gets no text (HTML: the rest of
                           a section after a FAQ block) */
} smp_article_section;

typedef struct smp_article_sections {
    smp_buf text, headings, fragments;
    smp_article_section *secs;
    size_t nsecs, asecs;
    smp_anchor *anchors;
    size_t nanchors, aanchors;
} smp_article_sections;

void smp_sections_init(smp_article_sections *s);
void smp_sections_free(smp_article_sections *s);
static inline smp_article_section *smp_sections_cur(smp_article_sections *s) { return &s->secs[s->nsecs - 1]; }
/* Closes the current section (its text ends here) and opens an empty one
 * whose heading and text start at the buffers' ends; NULL when out of
 * memory. */
smp_article_section *smp_sections_open(smp_article_sections *s);
/* An anchor at the current end of the open section's text; one at the
 * same text offset as the previous replaces it.  0 or SMP_ENOMEM. */
int smp_sections_anchor(smp_article_sections *s, uint64_t src_off);
/* Sets the open section's link target (an element id, a slug): 0 or
 * SMP_ENOMEM. */
int smp_sections_fragment(smp_article_sections *s, const char *frag, size_t len);
/* Leaves out of every section (the last one closed) the lines of its
 * text (between '\n's) for which drop() is true, with their anchors; a
 * line kept after one left out gets an anchor of its own.  0 or
 * SMP_ENOMEM (the sections are then as they were). */
int smp_sections_drop_lines(smp_article_sections *s,
                            bool (*drop)(void *ud, const char *line, size_t n), void *ud);
/* Hands every section (the last one closed by the caller) to a segmenter
 * of the article: 0 or its first error. */
int smp_sections_feed(const smp_article_sections *s, smp_ingest_ctx *cx, const char *id,
                      const char *title, const char *src, size_t src_len);

/* ingest.c: sanity checks shared by all formats.
 * Returns SMP_OK when buf may be indexed; otherwise SMP_EFORMAT with the
 * reason in err (empty, binary).  Invalid UTF-8 sequences are replaced in
 * place by spaces; *repaired gets their count. */
int smp_check_text(char *buf, size_t len, size_t *repaired, smp_error *err);
/* The first half of smp_check_text: empty or binary (a NUL byte) input is
 * SMP_EFORMAT; nothing is changed.  For HTML, whose charset the reader
 * decodes. */
int smp_check_binary(const char *buf, size_t len, smp_error *err);
/* Appends the file name of path without folder and extension ("untitled"
 * when that is empty), NUL-terminated: the article id of a file without
 * a slug. */
void smp_file_stem(smp_buf *out, const char *path);
/* read.c: one file of format fmt ('m', 't', 'h', 'j': smp_format_of), checked
 * (empty, binary; invalid UTF-8 repaired in place but for HTML, with the
 * count in *repaired when not NULL) and read by its reader; *meta (may be
 * NULL) gets what an HTML page declares.  The readers' results:
 * SMP_EFORMAT with the reason when the file is to be skipped. */
int smp_ingest_file(smp_ingest_ctx *cx, int fmt, char *buf, size_t len, size_t *repaired,
                    smp_html_meta *meta, smp_error *err);

/**************************************************************************
** Interface to code in link.c
**
** Where an article and its sections are published (see link.c for the
** rules).  Each appends to out, NUL-terminated (out->rc on failure).
*/
/* The URL a static site publishes the file of cx under (its path in the
 * site: cx->path from cx->root_len): fmt is the format ('h', 'm', ...),
 * slug a Markdown article's front-matter slug or NULL. */
void smp_url_from_path(smp_buf *out, const smp_ingest_ctx *cx, int fmt, const char *slug);
/* The heading id a site generator makes of heading s[0..n). */
void smp_slug(smp_buf *out, const char *s, size_t n);

/**************************************************************************
** Interface to code in site.c
**
** What the HTML pages of one website share: the blocks of text repeated
** on most of its pages and the site's name on every title (thresholds and
** the grouping of pages into sites: the comment at the top of site.c).  A
** build adds each page (smp_html_profile_page), finishes the profile, and
** gives it to the reader (smp_ingest_ctx.site).  The profile owns copies
** of what it is given; a finished profile is read-only.
*/
typedef struct smp_site smp_site; /* one site of a profile */
/* 0 or SMP_ENOMEM; *out is freed with smp_site_profile_free (NULL: no-op). */
int smp_site_profile_new(smp_site_profile **out);
void smp_site_profile_free(smp_site_profile *sp);
/* One page: its path (as the build will read it), its title (title_len
 * bytes) and the hashes of its blocks.  0, SMP_ENOMEM, or SMP_EINVAL once
 * finished. */
int smp_site_profile_add(smp_site_profile *sp, const char *path, const char *title,
                         size_t title_len, const uint64_t *blocks, size_t nblocks);
/* Groups the pages into sites and finds what each site repeats: 0 or
 * SMP_ENOMEM. */
int smp_site_profile_finish(smp_site_profile *sp);
/* The site of the page at path in a finished profile; NULL when the
 * profile is NULL, unfinished or did not get that page. */
const smp_site *smp_site_of(const smp_site_profile *sp, const char *path);
/* The number of pages of site s (0 for NULL). */
size_t smp_site_pages(const smp_site *s);
/* The hash of a block's text s[0..n), folded (case, white space). */
uint64_t smp_site_block_hash(const char *s, size_t n);
/* Is the block repeated on most pages of s (false for NULL)? */
bool smp_site_repeated(const smp_site *s, uint64_t block);
/* The title t[0..n) less the site's shared name and its separator:
 * t[*start..*start + *len) (all of it when s is NULL, has no shared name,
 * or t is the name alone).  0 or SMP_ENOMEM. */
int smp_site_strip_title(const smp_site *s, const char *t, size_t n, size_t *start,
                         size_t *len);

/**************************************************************************
** Interface to code in frontmatter.c
**
** The front matter of a Markdown article: YAML ("---"), TOML ("+++") or
** a JSON object at the top.  Strings are owned (smp_front_free).
*/
typedef struct smp_front {
    int kind;    /* 0: none; 'y' YAML, 't' TOML, 'j' JSON */
    int bad;     /* YAML a YAML parser refused, read line by line */
    size_t body; /* where the text after it starts */
    char *title, *slug, *url, *date, *updated, *description, *lang; /* or NULL */
    char **tags, **categories;
    size_t ntags, ncategories;
    int draft; /* draft: true, or published: false */
} smp_front;

/* Reads the front matter at the top of buf: 0 (fm->kind 0 when there is
 * none) or SMP_ENOMEM. */
int smp_front_matter(const char *buf, size_t len, smp_front *fm);
void smp_front_free(smp_front *fm);

/**************************************************************************
** Interface to code in jsonld.c
**
** The questions and answers of schema.org FAQPage JSON-LD, for the reader
** of HTML pages.  json is the content of one
** <script type="application/ld+json"> element (len bytes, no NUL needed
** after it), with or without a UTF-8 byte order mark, surrounding
** whitespace or an HTML comment's "<!--" and "-->" around the JSON.
**
** Every object whose "@type" is FAQPage ("FAQPage", a list holding it, or
** an IRI such as "https://schema.org/FAQPage") is found wherever it sits:
** the top level, a top-level array, an "@graph", or a property of another
** node.  Its "mainEntity" (one node or an array) gives the Questions; an
** entry, or an "acceptedAnswer", may be a reference ({"@id": IRI} or the
** IRI) to a node elsewhere in the same text.  A question is its "name", or
** its "text" when it has no name; its answer is the "text" of the first
** "acceptedAnswer" (an object or an array) that has one.  Questions
** without both are skipped.  Both are trimmed of ASCII whitespace and
** otherwise passed as they are: HTML and entities (&amp;...) in either
** are left to the caller.  They are not NUL-terminated and are valid only
** during the call.
*/
typedef int (*smp_faq_fn)(void *ud, const char *question, size_t qlen,
                          const char *answer_html, size_t alen);
/* Calls fn for each Question of every FAQPage in the JSON-LD text (the
 * content of one <script type="application/ld+json">), in document order;
 * returns 0, the first non-zero fn result, SMP_ENOMEM, or SMP_EFORMAT when
 * the text is not JSON (the caller reports it and goes on).  Text that is
 * empty, holds a NUL byte, has more than whitespace after the value or
 * nests deeper than 64 levels is not JSON here; json-c's leniencies
 * (comments, trailing commas, single quotes) are accepted.  fn is not
 * called before the whole text has parsed. */
int smp_jsonld_faq(const char *json, size_t len, smp_faq_fn fn, void *ud);


/**************************************************************************
** Interface to code in walk.c
**
** The input files of a build, in the order a build reads them: a file, or
** a folder walked recursively in name order.  fn is called for each file
** of a known format ('m' Markdown, 't' text, 'j' JSON Lines, 'h' HTML), for the
** synonyms.txt at the top of a folder, and for each entry skipped (why
** says why); a non-zero result stops the walk and is returned.
*/
enum {
    SMP_WALK_FILE,      /* a file to read (fmt set) */
    SMP_WALK_SYNONYMS,  /* FOLDER/synonyms.txt */
    SMP_WALK_SKIP_FILE, /* a file that cannot be read */
    SMP_WALK_SKIP_DIR,  /* a folder that cannot be read */
    SMP_WALK_NOTE,      /* nothing read there (nested too deeply) */
    SMP_WALK_OTHER,     /* a file of a type no build reads (an image, a PDF) */
    SMP_WALK_LINKS      /* once at the end: fmt links not followed, why says
                           which (out of the folder, or to a folder read
                           already) */
};
/* smp_walk's flags: follow links out of the folder walked too. */
#define SMP_WALK_FOLLOW_LINKS 1
typedef int (*smp_walk_fn)(void *ud, int kind, const char *path, int fmt, const char *why);
/* SMP_ENOTFOUND / SMP_EIO when path itself cannot be found. */
int smp_walk(const char *path, int flags, smp_walk_fn fn, void *ud, smp_error *err);
/* How much of the paths a walk of path gives is the site's top folder
 * (smp_ingest_ctx.root_len): all of path when it is a folder, its folder
 * when it is a file. */
size_t smp_walk_root_len(const char *path);
/* 'm', 't', 'j', 'h' from the file name's extension, or 0 (.html, .htm
 * and .xhtml in any case are 'h'). */
int smp_format_of(const char *path);
/* Reads an input file whole: 1 and *buf (st->st_size bytes and one
 * spare; the caller frees it); 0 when it cannot be used, with why it is
 * skipped in why (unreadable, not a regular file, larger than max_size,
 * a read error); or SMP_ENOMEM. */
struct stat;
int smp_read_input(const char *path, uint64_t max_size, struct stat *st, char **buf,
                   char *why, size_t whylen);


#endif /* SMP_INGEST_H */
