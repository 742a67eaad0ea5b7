/*
 * html.c - HTML pages (an exported website), read with libxml2's HTML
 * parser (recovering from broken markup, no network).  libxml2 decodes the
 * page's charset (a BOM, <meta charset>, http-equiv) into UTF-8.
 *
 * The content, not the chrome: the elements marked data-smpsearch-body
 * are the content region; without marks, every <main>, else every
 * <article>, else role="main", else <body>.  Inside the region, elements
 * marked data-smpsearch-ignore, the page furniture (nav, header, footer,
 * aside, form), what is not text (script, style, svg, iframe, buttons...),
 * hidden elements and elements whose id, class or role has a word part
 * such as cookie, newsletter, sidebar or share are left out.
 *
 * Sections: headings h1-h6 (and role="heading" with aria-level) start
 * sections with heading paths as in markdown.c (h1 is the page's title and
 * stays out of paths); each <details> is a section of its own with its
 * <summary> as heading, and each <dt> of a <dl> with its <dd>s; a table
 * row is one line, "Header: cell, Header: cell".  Block elements end
 * lines; inline markup, entities and white space read as running text.
 * JSON-LD FAQPage questions (when built with jsonld.c) add a section each
 * unless the page shows the question already.
 *
 * With a site profile (cx->site, site.c), what the page shares with most
 * pages of its site is left out: lines of text and headings repeated
 * there, and the site's name on the title.  smp_html_profile_page reads a
 * page the same way for the profile, up to the sections.
 *
 * The DOM is walked without recursion (parent pointers), so any nesting
 * depth is safe.  Passages map back to the source by the line libxml2
 * gives each element and by finding each text's first word in the source
 * from there on.
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <utf8proc.h>

#include "ingest/ingest.h"


#define HTML_HEADING_MAX 1000 /* bytes of one heading's own text */
#define HTML_WORD_MAX 1000    /* a longer run without spaces is cut */
#define HTML_FIND_WINDOW 65536
#define HTML_MAX_COLS 256

typedef struct html_state {
    const char *src;
    size_t len;
    size_t *lines; /* byte offset of each line start (line 1 at [0]) */
    size_t nlines;
    uint64_t pos;  /* source cursor: where the last text was found */
    smp_article_sections sx; /* the sections read so far */
    smp_buf faqs, tmp;
    char sep;      /* separator owed before the next text */
    size_t word;   /* bytes of the current run without spaces */
    struct {
        unsigned level;
        size_t off, len;
    } stack[6];
    size_t nstack;
    smp_buf open;
    bool paths;
    const char *title; /* folded, for the h1 that repeats it */
    int rc;
} html_state;

/* ---- small helpers ---------------------------------------------------- */

static bool h_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool h_is(const xmlNode *n, const char *name) {
    return n && n->type == XML_ELEMENT_NODE && n->name &&
           !strcmp((const char *)n->name, name);
}

static bool h_in(const xmlNode *n, const char *const *names) {
    if (!n || n->type != XML_ELEMENT_NODE || !n->name) return false;
    for (; *names; names++)
        if (!strcmp((const char *)n->name, *names)) return true;
    return false;
}

/* The attribute's value (case-insensitive name) or NULL; libxml2 keeps
 * HTML attribute names lower-cased. */
static const char *h_attr(const xmlNode *n, const char *name) {
    if (!n || n->type != XML_ELEMENT_NODE) return NULL;
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (!a->name || strcasecmp((const char *)a->name, name)) continue;
        if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
            return (const char *)a->children->content;
        return "";
    }
    return NULL;
}

static bool h_has_attr(const xmlNode *n, const char *name) { return h_attr(n, name) != NULL; }

/* Does the space-separated list s hold word (case-insensitive)? */
static bool h_token(const char *s, const char *word) {
    size_t wl = strlen(word);
    while (s && *s) {
        while (*s && (h_space((unsigned char)*s) || *s == ',')) s++;
        const char *e = s;
        while (*e && !h_space((unsigned char)*e) && *e != ',') e++;
        if ((size_t)(e - s) == wl && !strncasecmp(s, word, wl)) return true;
        s = e;
    }
    return false;
}

/* Next node of a document-order walk below root that does not enter n's
 * children when skip; NULL at the end. */
static xmlNode *h_next(xmlNode *n, xmlNode *root, bool skip) {
    if (!skip && n->children) return n->children;
    while (n && n != root) {
        if (n->next) return n->next;
        n = n->parent;
    }
    return NULL;
}

/* The first s[0..n) in hay[0..len), or NULL (memmem is not C11). */
static const char *h_find(const char *hay, size_t len, const char *s, size_t n) {
    for (const char *p = hay, *end = hay + len; n && (size_t)(end - p) >= n; p++) {
        p = memchr(p, s[0], (size_t)(end - p) - n + 1);
        if (!p) return NULL;
        if (!memcmp(p, s, n)) return p;
    }
    return NULL;
}

static int h_fail(html_state *st, int rc) {
    if (!st->rc) st->rc = rc;
    return st->rc;
}

/* ---- chrome ----------------------------------------------------------- */

static const char *const h_never[] = {
    "script", "style", "noscript", "template", "svg", "iframe", "button", "select",
    "head", "title", "meta", "link", "object", "embed", "canvas", "input", "textarea",
    "dialog", "math", "audio", "video", "picture", "img", "map", NULL};
static const char *const h_furniture[] = {"nav", "header", "footer", "aside", "form", NULL};
/* ("widget" is no such word: page builders such as Elementor call every
   piece of content a widget; a sidebar's widgets sit in an aside or a
   sidebar) */
static const char *const h_chrome_words[] = {
    "cookie", "cookies", "consent", "gdpr", "banner", "newsletter", "subscribe", "sidebar",
    "menu", "navbar", "breadcrumb", "breadcrumbs", "share", "sharing", "sharedaddy", "social",
    "comments",
    "comment", "related", "popup", "modal", NULL};
static const char *const h_chrome_roles[] = {
    "navigation", "banner", "contentinfo", "complementary", "search", "dialog",
    "alertdialog", "menu", "menubar", "toolbar", "form", NULL};

/* Is one word part of s (split at non-letters and digits, and between a
 * lower-case and an upper-case letter) a chrome word, or its plural? */
static bool h_chrome_value(const char *s) {
    while (s && *s) {
        while (*s && !isalnum((unsigned char)*s)) s++;
        const char *e = s;
        while (*e && isalnum((unsigned char)*e)) {
            e++;
            if (*e && isupper((unsigned char)*e) && islower((unsigned char)e[-1])) break;
        }
        size_t n = (size_t)(e - s);
        for (const char *const *w = h_chrome_words; *w && n; w++) {
            size_t wl = strlen(*w);
            if ((n == wl || (n == wl + 1 && tolower((unsigned char)s[wl]) == 's')) &&
                !strncasecmp(s, *w, wl))
                return true;
        }
        s = e;
    }
    return false;
}

/* Is element n left out of the text (root: the content region, which is
 * never left out for what it is called)? */
static bool h_dropped(const xmlNode *n, const xmlNode *root) {
    if (n->type != XML_ELEMENT_NODE) return false;
    if (h_has_attr(n, "data-smpsearch-ignore")) return true;
    if (h_in(n, h_never)) return true;
    if (h_has_attr(n, "hidden")) return true;
    const char *ah = h_attr(n, "aria-hidden");
    if (ah && !strcasecmp(ah, "true")) return true;
    if (n == root) return false;
    if (h_in(n, h_furniture)) return true;
    const char *role = h_attr(n, "role");
    if (role && h_token(role, "main")) return false;
    if (h_is(n, "main") || h_is(n, "article") || h_is(n, "body")) return false;
    if (role) {
        for (const char *const *r = h_chrome_roles; *r; r++)
            if (h_token(role, *r)) return true;
    }
    return h_chrome_value(role) || h_chrome_value(h_attr(n, "id")) ||
           h_chrome_value(h_attr(n, "class"));
}

/* ---- flat text (headings, table cells, the title) --------------------- */

/* Appends the text of s[0..n) to out, white space (and U+00A0) collapsed
 * to single spaces; *space: a space is owed before the next text. */
static void h_flat_text(smp_buf *out, size_t from, const char *s, size_t n, bool *space) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (h_space(c) || (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
            if (c == 0xC2) i++;
            *space = true;
            continue;
        }
        if (*space && out->n > from) smp_buf_putc(out, ' ');
        *space = false;
        smp_buf_putc(out, c);
    }
}

static bool h_inline(const xmlNode *n);

/* The text of the subtree of root (chrome left out when drop), on one
 * line, appended to out. */
static void h_flat(smp_buf *out, xmlNode *root, bool drop) {
    size_t from = out->n;
    bool space = false;
    xmlNode *n = root;
    while (n) {
        bool down = false;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                h_flat_text(out, from, (const char *)n->content,
                            strlen((const char *)n->content), &space);
        } else if (n->type == XML_ELEMENT_NODE) {
            down = n == root || !(drop ? h_dropped(n, root) : h_in(n, h_never));
            if (down && !h_inline(n)) space = true;
        }
        if (down && n->children) {
            n = n->children;
            continue;
        }
        while (n != root && !n->next) {
            n = n->parent;
            if (!h_inline(n)) space = true;
        }
        if (n == root) break;
        n = n->next;
    }
}

/* Cuts b[from..) to at most max bytes, at a character boundary. */
static void h_cut(smp_buf *b, size_t from, size_t max) {
    if (b->n - from <= max) return;
    size_t n = from + max;
    while (n > from && (b->p[n] & 0xC0) == 0x80) n--;
    b->n = n;
}

/* Folds s (case, runs of spaces) into out, NUL-terminated. */
static void h_fold(smp_buf *out, const char *s, size_t n) {
    utf8proc_uint8_t *f = NULL;
    utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &f,
                                      UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    size_t from = out->n;
    bool space = false;
    if (k >= 0) h_flat_text(out, from, (const char *)f, (size_t)k, &space);
    else h_flat_text(out, from, s, n, &space);
    free(f);
    smp_buf_putc(out, 0);
}

/* ---- sections and anchors --------------------------------------------- */

static smp_article_section *h_cur(html_state *st) { return smp_sections_cur(&st->sx); }

static uint64_t h_line_start(const html_state *st, long line) {
    if (line < 1 || st->nlines == 0) return 0;
    size_t l = (size_t)line - 1;
    if (l >= st->nlines) l = st->nlines - 1;
    return st->lines[l];
}

/* Where the text s (a node's text) starts in the source, looking from
 * the line of element el on (and not before the cursor on that line). */
static uint64_t h_locate(html_state *st, const xmlNode *el, const char *s, size_t n) {
    long ln = el ? xmlGetLineNo((xmlNode *)el) : -1;
    uint64_t from = st->pos;
    if (ln >= 1 && ln < 65535) { /* libxml2 stops counting there */
        from = h_line_start(st, ln);
        uint64_t next = (size_t)ln < st->nlines ? st->lines[ln] : st->len;
        if (st->pos > from && st->pos <= next) from = st->pos; /* on that line */
    }
    if (from > st->len) from = st->len;
    size_t w = 0;
    while (w < n && w < 24 && !h_space((unsigned char)s[w]) && s[w] != '&' && s[w] != '<' &&
           (unsigned char)s[w] < 0x80)
        w++;
    if (w >= 2) {
        size_t end = st->len - from > HTML_FIND_WINDOW ? from + HTML_FIND_WINDOW : st->len;
        const char *hit = h_find(st->src + from, end - from, s, w);
        if (hit) {
            st->pos = (uint64_t)(hit - st->src) + w;
            return (uint64_t)(hit - st->src);
        }
    }
    return from;
}

static int h_anchor(html_state *st, uint64_t src_off) { return smp_sections_anchor(&st->sx, src_off); }

/* Closes the current section and opens one with heading h[0..hn). */
static int h_new_section(html_state *st, const char *h, size_t hn, uint64_t src, bool cont) {
    smp_article_section *sec = smp_sections_open(&st->sx);
    if (!sec) return SMP_ENOMEM;
    smp_buf_append(&st->sx.headings, h, hn);
    sec->heading_len = hn;
    sec->drop_if_empty = cont;
    st->sep = 0;
    st->word = 0;
    if (st->sx.headings.rc) return SMP_ENOMEM;
    return h_anchor(st, src);
}

/* The heading path of the open headings, then own[0..n) when n (in
 * st->tmp from off). */
static void h_path(html_state *st, const char *own, size_t n) {
    for (size_t i = 0; i < st->nstack; i++) {
        if (st->tmp.n) smp_buf_puts(&st->tmp, SMP_HEADING_SEP);
        smp_buf_append(&st->tmp, st->open.p + st->stack[i].off, st->stack[i].len);
    }
    if (n) {
        if (st->tmp.n) smp_buf_puts(&st->tmp, SMP_HEADING_SEP);
        smp_buf_append(&st->tmp, own, n);
    }
}

/* Remembers a visible question (folded) for the JSON-LD FAQ. */
static void h_seen_heading(html_state *st, const char *s, size_t n) {
    if (n) h_fold(&st->faqs, s, n);
}

/* A heading of level 1-6 with text s[0..n). */
static int h_heading(html_state *st, unsigned level, const char *s, size_t n, uint64_t src) {
    while (st->nstack && st->stack[st->nstack - 1].level >= level) {
        st->open.n = st->stack[st->nstack - 1].off;
        st->nstack--;
    }
    h_seen_heading(st, s, n);
    smp_buf_reset(&st->tmp);
    if (level == 1) {
        /* the title again: no heading of its own */
        smp_buf f;
        smp_buf_init(&f);
        h_fold(&f, s, n);
        bool same = !f.rc && st->title && !strcmp((const char *)f.p, st->title);
        smp_buf_free(&f);
        if (same) return SMP_OK;
        smp_buf_append(&st->tmp, s, n);
    } else if (n) {
        size_t off = st->open.n;
        smp_buf_append(&st->open, s, n);
        st->stack[st->nstack].level = level;
        st->stack[st->nstack].off = off;
        st->stack[st->nstack++].len = n;
        if (st->paths) h_path(st, NULL, 0);
        else smp_buf_append(&st->tmp, s, n);
    }
    if (st->tmp.rc || st->open.rc || st->faqs.rc) return SMP_ENOMEM;
    return h_new_section(st, (const char *)st->tmp.p, st->tmp.n, src, false);
}

/* A FAQ entry (summary, dt, JSON-LD question) with question s[0..n):
 * under the open headings. */
static int h_faq(html_state *st, const char *s, size_t n, uint64_t src) {
    h_seen_heading(st, s, n);
    smp_buf_reset(&st->tmp);
    if (st->paths) h_path(st, s, n);
    else smp_buf_append(&st->tmp, s, n);
    if (st->tmp.rc || st->faqs.rc) return SMP_ENOMEM;
    return h_new_section(st, (const char *)st->tmp.p, st->tmp.n, src, false);
}

/* After a FAQ block: the text goes on under the open headings. */
static int h_resume(html_state *st, uint64_t src) {
    smp_buf_reset(&st->tmp);
    if (st->paths) h_path(st, NULL, 0);
    else if (st->nstack)
        smp_buf_append(&st->tmp, st->open.p + st->stack[st->nstack - 1].off,
                       st->stack[st->nstack - 1].len);
    if (st->tmp.rc) return SMP_ENOMEM;
    return h_new_section(st, (const char *)st->tmp.p, st->tmp.n, src, true);
}

static void h_want_sep(html_state *st, char c) {
    if (st->sep != '\n') st->sep = c;
}

/* Appends running text s[0..n) (a text node's, or a table row's) to the
 * current section. */
static uint64_t h_src_of(html_state *st, xmlNode *n);

static int h_text(html_state *st, const xmlNode *el, const char *s, size_t n, bool find) {
    bool anchored = false;
    smp_article_section *sec = h_cur(st);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (h_space(c) || (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
            if (c == 0xC2) i++;
            h_want_sep(st, ' ');
            continue;
        }
        if (st->sep || st->word >= HTML_WORD_MAX) {
            if (st->sx.text.n > sec->text_off) smp_buf_putc(&st->sx.text, st->sep ? st->sep : ' ');
            st->sep = 0;
            st->word = 0;
        }
        if (!anchored) {
            anchored = true;
            uint64_t src = find ? h_locate(st, el, s + i, n - i) : h_src_of(st, (xmlNode *)el);
            if (h_anchor(st, src)) return SMP_ENOMEM;
        }
        smp_buf_putc(&st->sx.text, c);
        st->word++;
    }
    return st->sx.text.rc ? SMP_ENOMEM : SMP_OK;
}

/* ---- tables ----------------------------------------------------------- */

/* Each row a line: "Header: cell, Header: cell" (the header row is the
 * first row when it is in <thead> or all <th>). */
static int h_table(html_state *st, xmlNode *table) {
    smp_buf hdr, row;
    smp_buf_init(&hdr);
    smp_buf_init(&row);
    size_t hoff[HTML_MAX_COLS + 1], ncols = 0;
    bool first = true;
    int rc = SMP_OK;
    h_want_sep(st, '\n');
    for (xmlNode *n = table->children; n && rc == SMP_OK;) {
        xmlNode *tr = NULL;
        if (h_is(n, "tr")) tr = n;
        else if (h_is(n, "caption")) {
            smp_buf_reset(&row);
            h_flat(&row, n, true);
            rc = h_text(st, n, (const char *)row.p, row.n, false);
            h_want_sep(st, '\n');
        } else if ((h_is(n, "thead") || h_is(n, "tbody") || h_is(n, "tfoot")) && n->children) {
            n = n->children;
            continue;
        }
        if (tr && !h_dropped(tr, table)) {
            bool head = h_is(tr->parent, "thead"), any = false;
            if (!head) {
                head = first;
                for (xmlNode *c = tr->children; c; c = c->next)
                    if (h_is(c, "td")) head = false;
                    else if (h_is(c, "th")) any = true;
                head = head && any;
            }
            if (head && first) {
                for (xmlNode *c = tr->children; c; c = c->next) {
                    if (!h_is(c, "td") && !h_is(c, "th")) continue;
                    const char *cs = h_attr(c, "colspan");
                    long span = cs ? strtol(cs, NULL, 10) : 1;
                    if (span < 1) span = 1;
                    size_t start = hdr.n;
                    h_flat(&hdr, c, true);
                    h_cut(&hdr, start, HTML_HEADING_MAX);
                    for (long k = 0; k < span && ncols < HTML_MAX_COLS; k++)
                        hoff[ncols++] = start;
                    smp_buf_putc(&hdr, 0);
                }
                hoff[ncols] = hdr.n;
            } else {
                smp_buf_reset(&row);
                size_t col = 0;
                for (xmlNode *c = tr->children; c; c = c->next) {
                    if (!h_is(c, "td") && !h_is(c, "th")) continue;
                    const char *cs = h_attr(c, "colspan");
                    long span = cs ? strtol(cs, NULL, 10) : 1;
                    if (span < 1 || span > HTML_MAX_COLS) span = 1;
                    size_t start = row.n;
                    if (row.n) smp_buf_puts(&row, ", ");
                    size_t cell = row.n;
                    const char *h = col < ncols && !hdr.rc ? (const char *)hdr.p + hoff[col] : "";
                    size_t hl = strlen(h);
                    if (hl) {
                        smp_buf_append(&row, h, hl);
                        smp_buf_puts(&row, ": ");
                    }
                    size_t text = row.n;
                    h_flat(&row, c, true);
                    if (row.n == text) row.n = start; /* an empty cell */
                    else if (hl && row.n - text == hl && !memcmp(row.p + text, h, hl)) {
                        memmove(row.p + cell, row.p + text, hl); /* "Price: Price" */
                        row.n = cell + hl;
                    }
                    col += (size_t)span;
                }
                if (row.rc) rc = SMP_ENOMEM;
                else if (row.n) {
                    h_want_sep(st, '\n');
                    rc = h_text(st, tr, (const char *)row.p, row.n, false);
                    h_want_sep(st, '\n');
                }
            }
            first = false;
        }
        /* next row: the next sibling, or the next row group's */
        while (n && n != table && !n->next) n = n->parent;
        n = n && n != table ? n->next : NULL;
    }
    if (hdr.rc) rc = SMP_ENOMEM;
    smp_buf_free(&hdr);
    smp_buf_free(&row);
    h_want_sep(st, '\n');
    return rc;
}

/* ---- the content region ----------------------------------------------- */

static const char *const h_blocks[] = {
    "p", "div", "section", "article", "main", "body", "blockquote", "pre", "ul", "ol",
    "li", "dl", "dt", "dd", "figure", "figcaption", "hr", "br", "table", "tr", "td", "th",
    "thead", "tbody", "tfoot", "caption", "details", "summary", "address", "center",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "nav", "aside", "form",
    "fieldset", "legend", "html", "option", "menu", "hgroup", NULL};

static bool h_inline(const xmlNode *n) {
    return n && n->type == XML_ELEMENT_NODE && !h_in(n, h_blocks);
}

static unsigned h_heading_level(const xmlNode *n) {
    if (n->type != XML_ELEMENT_NODE || !n->name) return 0;
    const char *name = (const char *)n->name;
    if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])
        return (unsigned)(name[1] - '0');
    const char *role = h_attr(n, "role");
    if (role && h_token(role, "heading")) {
        const char *lv = h_attr(n, "aria-level");
        long l = lv ? strtol(lv, NULL, 10) : 2;
        return l < 1 ? 1 : l > 6 ? 6 : (unsigned)l;
    }
    return 0;
}

/* The flat text of n in st->tmp... kept apart in out, cut to a heading's
 * length. */
static void h_heading_text(smp_buf *out, xmlNode *n) {
    smp_buf_reset(out);
    h_flat(out, n, true);
    h_cut(out, 0, HTML_HEADING_MAX);
}

static uint64_t h_src_of(html_state *st, xmlNode *n) {
    uint64_t s = h_line_start(st, xmlGetLineNo(n));
    return s > st->pos ? s : st->pos;
}

/* An element's id ("" counts as none). */
static const char *h_id(const xmlNode *n) {
    const char *id = h_attr(n, "id");
    return id && *id ? id : NULL;
}

/* The link target of the section heading n opened: n's id, else that of
 * an <a id> or <a name> inside it, else that of the element n starts (a
 * <section id> or <div id> whose first child it is).  A heading without
 * any has none: a slug would name no element of a page already made. */
static int h_fragment(html_state *st, const xmlNode *n) {
    const char *id = h_id(n);
    for (const xmlNode *c = n->children; c && !id; c = c->next)
        if (h_is(c, "a")) id = h_id(c) ? h_id(c) : h_attr(c, "name");
    for (const xmlNode *p = n; !id && p->parent && p->parent->type == XML_ELEMENT_NODE;
         p = p->parent) {
        const xmlNode *first = p->parent->children;
        while (first && first->type != XML_ELEMENT_NODE) first = first->next;
        if (first != p || h_is(p->parent, "body")) break;
        id = h_id(p->parent);
    }
    if (!id || !*id) return SMP_OK;
    size_t len = strlen(id);
    return smp_sections_fragment(&st->sx, id, len > 256 ? 256 : len);
}

/* Entering element or text n: false to leave its children out. */
static bool h_enter(html_state *st, xmlNode *n, xmlNode *root, smp_buf *h) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content) {
            int rc = h_text(st, n->parent, (const char *)n->content,
                            strlen((const char *)n->content), true);
            if (rc) h_fail(st, rc);
        }
        return false;
    }
    if (n->type != XML_ELEMENT_NODE) return false;
    if (h_dropped(n, root)) return false;
    int rc = SMP_OK;
    unsigned level = h_heading_level(n);
    size_t nsecs = st->sx.nsecs;
    if (level) {
        h_heading_text(h, n);
        rc = h->rc ? SMP_ENOMEM : h_heading(st, level, (const char *)h->p, h->n, h_src_of(st, n));
        if (!rc && st->sx.nsecs > nsecs) rc = h_fragment(st, n);
        if (rc) h_fail(st, rc);
        return false;
    }
    if (h_is(n, "summary") && h_is(n->parent, "details")) return false; /* the heading */
    if (h_is(n, "details")) {
        xmlNode *s = n->children;
        while (s && !h_is(s, "summary")) s = s->next;
        smp_buf_reset(h);
        if (s) h_heading_text(h, s);
        rc = h->rc ? SMP_ENOMEM : h_faq(st, (const char *)h->p, h->n, h_src_of(st, n));
        if (!rc) rc = h_fragment(st, h_id(n) || !s ? n : s);
    } else if (h_is(n, "dt")) {
        h_heading_text(h, n);
        rc = h->rc ? SMP_ENOMEM : h_faq(st, (const char *)h->p, h->n, h_src_of(st, n));
        if (!rc) rc = h_fragment(st, n);
        if (rc) h_fail(st, rc);
        return false;
    } else if (h_is(n, "table")) {
        rc = h_table(st, n);
        if (rc) h_fail(st, rc);
        return false;
    } else if (h_is(n, "br") || h_is(n, "hr")) {
        h_want_sep(st, '\n');
        return false;
    }
    if (rc) h_fail(st, rc);
    if (!h_inline(n)) h_want_sep(st, '\n');
    return true;
}

static void h_leave(html_state *st, xmlNode *n) {
    if (n->type != XML_ELEMENT_NODE) return;
    if (h_is(n, "details") || h_is(n, "dl")) {
        int rc = h_resume(st, st->pos);
        if (rc) h_fail(st, rc);
    }
    if (!h_inline(n)) h_want_sep(st, '\n');
}

/* The text of the region root into sections, without recursion. */
static void h_region(html_state *st, xmlNode *root, smp_buf *h) {
    xmlNode *n = root;
    while (n && !st->rc) {
        bool down = h_enter(st, n, root, h);
        if (down && n->children) {
            n = n->children;
            continue;
        }
        if (down) h_leave(st, n);
        while (n != root && !n->next) {
            n = n->parent;
            h_leave(st, n);
        }
        if (n == root) break;
        n = n->next;
    }
    h_want_sep(st, '\n');
}

/* ---- the page --------------------------------------------------------- */

typedef struct html_page {
    smp_buf title, og_title, site, url, canonical, lang, h1;
    smp_buf description, date, tags, section; /* tags joined by '\n' */
    bool noindex;
    smp_buf ld; /* the JSON-LD scripts, each NUL-terminated */
    xmlNode **regions;
    size_t nregions;
} html_page;

static void h_set(smp_buf *b, const char *s) {
    if (b->n || !s) return;
    bool space = false;
    h_flat_text(b, 0, s, strlen(s), &space);
}

/* The page's metadata, JSON-LD and content regions, in one walk. */
static int h_survey(html_page *pg, xmlNode *top) {
    size_t cap[4] = {0}, cnt[4] = {0};
    xmlNode **found[4] = {NULL}; /* marked, main, article, role=main */
    xmlNode *body = NULL;
    int rc = SMP_OK;
    for (xmlNode *n = top; n && rc == SMP_OK;) {
        bool skip = false;
        if (n->type == XML_ELEMENT_NODE && n->name) {
            const char *name = (const char *)n->name;
            if (!strcmp(name, "html")) h_set(&pg->lang, h_attr(n, "lang"));
            else if (!strcmp(name, "body") && !body) body = n;
            else if (!strcmp(name, "title") && !pg->title.n) h_flat(&pg->title, n, false);
            else if (!strcmp(name, "meta")) {
                const char *prop = h_attr(n, "property"), *nm = h_attr(n, "name");
                const char *content = h_attr(n, "content");
                if (!prop) prop = nm;
                if (prop && !strcasecmp(prop, "og:title")) h_set(&pg->og_title, content);
                else if (prop && !strcasecmp(prop, "og:site_name")) h_set(&pg->site, content);
                else if (prop && !strcasecmp(prop, "og:url")) h_set(&pg->url, content);
                else if (prop && (!strcasecmp(prop, "description") ||
                                  !strcasecmp(prop, "og:description")))
                    h_set(&pg->description, content);
                else if (prop && (!strcasecmp(prop, "article:published_time") ||
                                  !strcasecmp(prop, "date")))
                    h_set(&pg->date, content);
                else if (prop && !strcasecmp(prop, "article:section"))
                    h_set(&pg->section, content);
                else if (prop && !strcasecmp(prop, "article:tag") && content && *content) {
                    if (pg->tags.n) smp_buf_putc(&pg->tags, '\n');
                    bool space = false;
                    h_flat_text(&pg->tags, pg->tags.n, content, strlen(content), &space);
                }
                if (nm && !strcasecmp(nm, "robots") && content &&
                    (h_token(content, "noindex") || h_token(content, "none")))
                    pg->noindex = true;
            } else if (!strcmp(name, "link")) {
                const char *rel = h_attr(n, "rel");
                if (rel && h_token(rel, "canonical")) h_set(&pg->canonical, h_attr(n, "href"));
            } else if (!strcmp(name, "script")) {
                const char *type = h_attr(n, "type");
                if (type && !strncasecmp(type, "application/ld+json", 19)) {
                    for (xmlNode *c = n->children; c; c = c->next)
                        if (c->content) smp_buf_puts(&pg->ld, (const char *)c->content);
                    smp_buf_putc(&pg->ld, 0);
                }
                skip = true;
            } else if (h_is(n, "h1") && !pg->h1.n) {
                h_flat(&pg->h1, n, false);
            }
            int kind = -1;
            const char *role = h_attr(n, "role");
            if (h_has_attr(n, "data-smpsearch-ignore")) skip = true;
            else if (h_has_attr(n, "data-smpsearch-body")) kind = 0;
            else if (!strcmp(name, "main")) kind = 1;
            else if (!strcmp(name, "article")) kind = 2;
            else if (role && h_token(role, "main")) kind = 3;
            if (kind >= 0) {
                bool inside = false;
                for (xmlNode *p = n->parent; p && !inside; p = p->parent) {
                    /* no content region in the page furniture */
                    if (kind > 0 && h_in(p, h_furniture)) inside = true;
                    for (size_t i = 0; i < cnt[kind] && !inside; i++)
                        if (found[kind][i] == p) inside = true;
                }
                if (!inside) {
                    if (cnt[kind] == cap[kind]) {
                        size_t nc = cap[kind] ? cap[kind] * 2 : 4;
                        xmlNode **p = realloc(found[kind], nc * sizeof *p);
                        if (!p) {
                            rc = SMP_ENOMEM;
                            break;
                        }
                        found[kind] = p;
                        cap[kind] = nc;
                    }
                    found[kind][cnt[kind]++] = n;
                }
            }
        }
        n = h_next(n, top, skip);
    }
    /* the first kind found names the regions */
    for (int k = 0; k < 4; k++) {
        if (cnt[k] && !pg->regions) {
            pg->regions = found[k];
            pg->nregions = cnt[k];
            found[k] = NULL;
        }
        free(found[k]);
    }
    if (!pg->regions && rc == SMP_OK) {
        pg->regions = malloc(sizeof *pg->regions);
        if (!pg->regions) return SMP_ENOMEM;
        pg->regions[0] = body ? body : top;
        pg->nregions = 1;
    }
    if (pg->title.rc || pg->og_title.rc || pg->site.rc || pg->url.rc || pg->canonical.rc ||
        pg->lang.rc || pg->h1.rc || pg->ld.rc || pg->description.rc || pg->date.rc ||
        pg->tags.rc || pg->section.rc)
        rc = SMP_ENOMEM;
    return rc;
}

/* Drops " | Site", " - Site", " – Site", " — Site" or " · Site" from the
 * end of t when Site is the og:site_name. */
static void h_strip_site(smp_buf *t, const smp_buf *site) {
    if (!site->n || t->n <= site->n + 3) return;
    size_t tail = t->n - site->n;
    if (strncasecmp((const char *)t->p + tail, (const char *)site->p, site->n)) return;
    static const char *const seps[] = {" | ", " - ", " \xC2\xB7 ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                       " \xC2\xB7 ", " : ", NULL};
    for (const char *const *s = seps; *s; s++) {
        size_t sl = strlen(*s);
        if (tail > sl && !memcmp(t->p + tail - sl, *s, sl)) {
            t->n = tail - sl;
            return;
        }
    }
}

/* Does the title (or h1) say it is an error page? */
static bool h_error_page(const smp_buf *b) {
    if (!b->n) return false;
    char tmp[600];
    size_t n = b->n < sizeof tmp - 1 ? b->n : sizeof tmp - 1;
    for (size_t i = 0; i < n; i++) tmp[i] = (char)tolower(b->p[i]);
    tmp[n] = 0;
    if (strstr(tmp, "page not found") || strstr(tmp, "page cannot be found")) return true;
    for (const char *p = tmp; (p = strstr(p, "404")); p += 3) {
        bool before = p == tmp || !isalnum((unsigned char)p[-1]);
        bool after = !isalnum((unsigned char)p[3]);
        if (before && after) return true;
    }
    return false;
}

static void h_page_free(html_page *pg) {
    smp_buf_free(&pg->title);
    smp_buf_free(&pg->og_title);
    smp_buf_free(&pg->site);
    smp_buf_free(&pg->url);
    smp_buf_free(&pg->canonical);
    smp_buf_free(&pg->lang);
    smp_buf_free(&pg->h1);
    smp_buf_free(&pg->ld);
    smp_buf_free(&pg->description);
    smp_buf_free(&pg->date);
    smp_buf_free(&pg->tags);
    smp_buf_free(&pg->section);
    free(pg->regions);
}

static const int h_options =
    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;

/* ---- JSON-LD FAQ ------------------------------------------------------ */

typedef struct h_ld {
    html_state *st;
    uint64_t src;
} h_ld;

/* Is the folded question one of the page's visible ones? */
static bool h_seen(const html_state *st, const char *q) {
    for (size_t i = 0; i < st->faqs.n;) {
        const char *s = (const char *)st->faqs.p + i;
        size_t l = strlen(s);
        if (!strcmp(s, q)) return true;
        i += l + 1;
    }
    return false;
}

static int h_on_faq(void *ud, const char *q, size_t qlen, const char *a, size_t alen) {
    h_ld *ld = ud;
    html_state *st = ld->st;
    smp_buf f, qt;
    smp_buf_init(&f);
    smp_buf_init(&qt);
    bool space = false;
    h_flat_text(&qt, 0, q, qlen, &space);
    h_cut(&qt, 0, HTML_HEADING_MAX);
    h_fold(&f, (const char *)qt.p, qt.n);
    int rc = f.rc || qt.rc ? SMP_ENOMEM : SMP_OK;
    if (rc == SMP_OK && qt.n && !h_seen(st, (const char *)f.p)) {
        rc = h_faq(st, (const char *)qt.p, qt.n, ld->src);
        htmlDocPtr doc = rc || alen > INT_MAX
                             ? NULL
                             : htmlReadMemory(a, (int)alen, NULL, "UTF-8", h_options);
        xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
        if (root) {
            smp_buf h;
            smp_buf_init(&h);
            uint64_t pos = st->pos;
            h_region(st, root, &h);
            st->pos = pos;
            smp_buf_free(&h);
            rc = st->rc;
        }
        if (doc) xmlFreeDoc(doc);
    }
    smp_buf_free(&f);
    smp_buf_free(&qt);
    return rc;
}

/* ---- driver ----------------------------------------------------------- */

/* A buffer as a C string ("" when empty). */
static const char *h_str(smp_buf *b) {
    smp_buf_nul(b);
    return b->n && !b->rc ? (const char *)b->p : "";
}

/* Hands the sections to the segmenter with what the page says about
 * itself; url is its URL (canonical, og:url, else from its path). */
static int h_feed(html_state *st, smp_ingest_ctx *cx, html_page *pg, smp_buf *url,
                  const char *id, const char *title) {
    smp_article_info info = {h_str(url),           h_str(&pg->date), h_str(&pg->description),
                             h_str(&pg->tags),     h_str(&pg->section), h_str(&pg->lang)};
    const smp_article_info *saved = cx->info;
    cx->info = &info;
    int rc = smp_sections_feed(&st->sx, cx, id, title, st->src, st->len);
    cx->info = saved;
    return rc;
}

/* The article id: the file stem, or for FOLDER/index.html the folder's
 * name. */
static void h_article_id(smp_buf *id, const char *path) {
    smp_file_stem(id, path);
    if (!path || (strcasecmp((const char *)id->p, "index") &&
                  strcasecmp((const char *)id->p, "default")))
        return;
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path) return;
    const char *start = slash;
    while (start > path && start[-1] != '/') start--;
    size_t n = (size_t)(slash - start);
    if (n == 0 || (n == 1 && *start == '.') || (n == 2 && !memcmp(start, "..", 2))) return;
    smp_buf_reset(id);
    smp_buf_append(id, start, n);
    smp_buf_nul(id);
}

static void h_copy(char *dst, size_t size, const smp_buf *b) {
    if (!dst || !size) return;
    size_t n = b->n < size - 1 ? b->n : size - 1;
    while (n > 0 && n < b->n && (b->p[n] & 0xC0) == 0x80) n--;
    if (n) memcpy(dst, b->p, n);
    dst[n] = 0;
}

/* ---- the rules of the whole site (site.c) ----------------------------- */

/* The own text of a section's heading: after its path's last separator. */
static const char *h_own_heading(const char *h, size_t n, size_t *own) {
    size_t sl = strlen(SMP_HEADING_SEP);
    for (size_t i = n; i >= sl; i--)
        if (!memcmp(h + i - sl, SMP_HEADING_SEP, sl)) {
            *own = n - i;
            return h + i;
        }
    *own = n;
    return h;
}

/* The hash of each line and heading of the page's sections into sp. */
static int h_profile(smp_site_profile *sp, const char *path, const html_state *st,
                     const smp_buf *title) {
    const smp_article_sections *sx = &st->sx;
    size_t cap = 2 * sx->nsecs + 1, n = 0;
    if (!path) return SMP_OK; /* no path to look the page up by */
    for (size_t i = 0; i < sx->text.n; i++) cap += sx->text.p[i] == '\n';
    uint64_t *h = malloc(cap * sizeof *h);
    if (!h) return SMP_ENOMEM;
    for (size_t i = 0; i < sx->nsecs; i++) {
        const smp_article_section *sec = &sx->secs[i];
        size_t own;
        const char *o = h_own_heading(
            sec->heading_len ? (const char *)sx->headings.p + sec->heading_off : "",
            sec->heading_len, &own);
        if (own && n < cap) h[n++] = smp_site_block_hash(o, own);
        const char *t = sec->text_len ? (const char *)sx->text.p + sec->text_off : "";
        for (size_t from = 0; from < sec->text_len;) {
            const char *nl = memchr(t + from, '\n', sec->text_len - from);
            size_t to = nl ? (size_t)(nl - t) : sec->text_len;
            if (to > from && n < cap) h[n++] = smp_site_block_hash(t + from, to - from);
            from = to + 1;
        }
    }
    int rc = smp_site_profile_add(sp, path, (const char *)title->p, title->n, h, n);
    free(h);
    return rc;
}

static bool h_repeated_line(void *ud, const char *line, size_t n) {
    return smp_site_repeated(ud, smp_site_block_hash(line, n));
}

/* Leaves out the blocks the page shares with most pages of its site: its
 * lines of text, and a section whose heading is one when it keeps no
 * text. */
static int h_drop_repeated(html_state *st, const smp_site *site) {
    smp_article_sections *sx = &st->sx;
    for (size_t i = 0; i < sx->nsecs; i++) {
        smp_article_section *sec = &sx->secs[i];
        size_t own;
        const char *o = h_own_heading(
            sec->heading_len ? (const char *)sx->headings.p + sec->heading_off : "",
            sec->heading_len, &own);
        if (own && smp_site_repeated(site, smp_site_block_hash(o, own)))
            sec->drop_if_empty = true;
    }
    return smp_sections_drop_lines(sx, h_repeated_line, (void *)site);
}

/* Reads the page; with sp, adds it to the site profile instead of
 * emitting its passages. */
static int h_read(smp_ingest_ctx *cx, const char *buf, size_t len, smp_html_meta *meta,
                  smp_site_profile *sp, smp_error *err) {
    const char *path = cx->path ? cx->path : "input";
    if (meta) memset(meta, 0, sizeof *meta);
    if (!buf) {
        buf = "";
        len = 0;
    }
    if (len > INT_MAX)
        return smp_set_error(err, SMP_EFORMAT, "%s: too large for the HTML parser", path);
    html_state st;
    memset(&st, 0, sizeof st);
    st.src = buf;
    st.len = len;
    st.paths = !cx->seg || !cx->seg->no_heading_path;
    smp_sections_init(&st.sx);
    smp_buf_init(&st.faqs);
    smp_buf_init(&st.tmp);
    smp_buf_init(&st.open);
    html_page pg;
    memset(&pg, 0, sizeof pg);
    smp_buf id, title, folded, h, url, raw;
    smp_buf_init(&url);
    smp_buf_init(&raw);
    smp_buf_init(&id);
    smp_buf_init(&title);
    smp_buf_init(&folded);
    smp_buf_init(&h);
    int rc = SMP_ENOMEM;
    htmlDocPtr doc = NULL;
    const smp_site *site = sp ? NULL : smp_site_of(cx->site, cx->path);

    /* line starts, for the source offsets */
    size_t nl = 1;
    for (const char *p = buf; (p = memchr(p, '\n', (size_t)(buf + len - p))); p++) nl++;
    st.lines = malloc(nl * sizeof *st.lines);
    if (!st.lines) goto cleanup;
    st.lines[st.nlines++] = 0;
    for (const char *p = buf; (p = memchr(p, '\n', (size_t)(buf + len - p))); p++)
        st.lines[st.nlines++] = (size_t)(p + 1 - buf);

    doc = len ? htmlReadMemory(buf, (int)len, NULL, NULL, h_options) : NULL;
    xmlNode *top = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!top) {
        rc = smp_set_error(err, SMP_EFORMAT, "no HTML content");
        if (doc) xmlFreeDoc(doc);
        goto cleanup;
    }
    rc = h_survey(&pg, top);
    if (rc) goto done;

    /* title: <title>, og:title, the first h1; less the name the site's
       titles share (site.c), and less " | Site" */
    if (pg.title.n) smp_buf_append(&title, pg.title.p, pg.title.n);
    else if (pg.og_title.n) smp_buf_append(&title, pg.og_title.p, pg.og_title.n);
    else smp_buf_append(&title, pg.h1.p, pg.h1.n);
    if (sp) {
        smp_buf_append(&raw, title.p, title.n);
    } else if (site && !title.rc) {
        size_t start, n;
        rc = smp_site_strip_title(site, (const char *)title.p, title.n, &start, &n);
        if (rc) goto done;
        if (start) memmove(title.p, title.p + start, n);
        title.n = n;
    }
    h_strip_site(&title, &pg.site);
    h_article_id(&id, cx->path);
    if (pg.canonical.n || pg.url.n) {
        smp_buf *u = pg.canonical.n ? &pg.canonical : &pg.url;
        smp_buf_append(&url, u->p, u->n);
        smp_buf_nul(&url);
    } else {
        smp_url_from_path(&url, cx, 'h', NULL);
    }
    if (meta) {
        h_copy(meta->title, sizeof meta->title, &title);
        h_copy(meta->lang, sizeof meta->lang, &pg.lang);
        h_copy(meta->url, sizeof meta->url, &url);
    }
    if (pg.noindex) {
        rc = smp_set_error(err, SMP_EFORMAT, "marked noindex (<meta name=\"robots\">)");
        goto done;
    }
    if (h_error_page(&pg.title) || h_error_page(&pg.h1)) {
        rc = smp_set_error(err, SMP_EFORMAT, "an error page (its title says 404 or page not found)");
        goto done;
    }
    h_cut(&title, 0, HTML_HEADING_MAX);
    if (!title.n) smp_buf_append(&title, id.p, strlen((const char *)id.p));
    smp_buf_nul(&title);
    h_fold(&folded, (const char *)title.p, title.n);
    if (id.rc || title.rc || folded.rc || url.rc) {
        rc = SMP_ENOMEM;
        goto done;
    }
    st.title = (const char *)folded.p;

    rc = h_new_section(&st, "", 0, 0, false); /* text before the first heading */
    for (size_t i = 0; rc == SMP_OK && i < pg.nregions; i++) {
        h_region(&st, pg.regions[i], &h);
        rc = st.rc;
    }
    st.nstack = 0; /* the questions of the page's JSON-LD sit under no heading */
    st.open.n = 0;
    for (size_t i = 0; rc == SMP_OK && i < pg.ld.n;) {
        const char *s = (const char *)pg.ld.p + i;
        size_t l = strlen(s);
        h_ld ld = {&st, st.pos};
        rc = smp_jsonld_faq(s, l, h_on_faq, &ld);
        if (rc != SMP_ENOMEM) rc = st.rc; /* else a script that is no FAQ */
        i += l + 1;
    }
    if (rc == SMP_OK && pg.ld.n) rc = h_resume(&st, st.pos);
    if (rc == SMP_OK) {
        h_cur(&st)->text_len = st.sx.text.n - h_cur(&st)->text_off;
        if (sp) rc = raw.rc ? SMP_ENOMEM : h_profile(sp, cx->path, &st, &raw);
        else if (site && (rc = h_drop_repeated(&st, site)) == SMP_OK)
            rc = h_feed(&st, cx, &pg, &url, (const char *)id.p, (const char *)title.p);
        else if (!site)
            rc = h_feed(&st, cx, &pg, &url, (const char *)id.p, (const char *)title.p);
    }

done:
    xmlFreeDoc(doc);
cleanup:
    h_page_free(&pg);
    smp_sections_free(&st.sx);
    smp_buf_free(&st.faqs);
    smp_buf_free(&st.tmp);
    smp_buf_free(&st.open);
    free(st.lines);
    smp_buf_free(&id);
    smp_buf_free(&title);
    smp_buf_free(&folded);
    smp_buf_free(&h);
    smp_buf_free(&url);
    smp_buf_free(&raw);
    return rc;
}

int smp_ingest_html_meta(smp_ingest_ctx *cx, const char *buf, size_t len, smp_html_meta *meta,
                         smp_error *err) {
    return h_read(cx, buf, len, meta, NULL, err);
}

int smp_html_profile_page(smp_site_profile *sp, smp_ingest_ctx *cx, const char *buf,
                          size_t len, smp_error *err) {
    int rc = smp_check_binary(buf, len, err);
    return rc ? rc : h_read(cx, buf, len, NULL, sp, err);
}

int smp_ingest_html(smp_ingest_ctx *cx, const char *buf, size_t len, smp_error *err) {
    return smp_ingest_html_meta(cx, buf, len, NULL, err);
}
