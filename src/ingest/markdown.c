/*
 * markdown.c - Markdown articles (with optional YAML-like front matter).
 *
 * md4c parses the body; its callbacks collect plain text per section (a
 * section starts at each heading) together with anchors that map plain
 * text offsets back to the source.  Once the whole document is read, the
 * title is known (front matter, first H1, or the id) and the sections go
 * to the segmenter.
 *
 * Heading paths: a section's heading is the path of headings above it and
 * its own, from level 2 down, joined by " \u203A " ("Aftercare \u203A Sun
 * exposure"), so that a passage under "### Sun exposure" is found by
 * "aftercare" too and shows where it sits.  Level 1 is the article's title
 * and stays out of paths; a heading ends the paths of those at its level
 * and below.  smp_segment_opts.no_heading_path keeps only the own heading.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <md4c.h>
#include <utf8proc.h>

#include "ingest/ingest.h"

typedef struct md_state {
    const char *buf;
    size_t len;
    bool want_h1_title;  /* no title in the front matter */
    bool seen_block;     /* a content block has been entered */
    bool title_heading;  /* inside the first-block H1 used as title */
    bool in_heading;
    bool first_h1;       /* inside the first H1, a section heading */
    bool h1_seen;        /* h1 holds the first H1's text */
    bool heading_mapped; /* the heading's source offset is anchored */
    char sep;            /* separator owed before the next body text */
    uint64_t last_src;   /* source offset after the last mapped text */
    smp_article_sections sx; /* the sections read so far */
    smp_buf h1;
    /* the open headings of levels 2-6 (for heading paths): their own
       texts in `open`, from the outermost */
    struct {
        unsigned level;
        size_t off, len;
    } stack[6];
    size_t nstack;
    smp_buf open;
    smp_buf frags; /* the fragments given so far, each NUL-terminated */
    unsigned level; /* of the heading being read */
    bool paths;
    int rc;
} md_state;

/* ---- small helpers ---------------------------------------------------- */

static bool md_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Collapses whitespace runs in b->p[from..n) to one space and trims. */
static void md_squeeze(smp_buf *b, size_t from) {
    size_t w = from;
    bool space = false;
    for (size_t r = from; r < b->n; r++) {
        if (md_space(b->p[r])) {
            space = w > from;
            continue;
        }
        if (space) b->p[w++] = ' ';
        space = false;
        b->p[w++] = b->p[r];
    }
    b->n = w;
}

/* ---- front matter ----------------------------------------------------- */

/* ---- template tags ------------------------------------------------------ */

/* Blanks [s, e) of b with spaces, keeping line breaks. */
static void md_blank(char *b, size_t s, size_t e) {
    for (size_t i = s; i < e; i++)
        if (b[i] != '\n') b[i] = ' ';
}

/* A copy of buf with what site generators read and readers never see
 * blanked: Hugo shortcodes ({{< >}}, {{% %}}), Liquid and Nunjucks tags
 * ({% %}, {{ }}), and in MDX the import and export lines; NULL when there
 * is nothing to blank (or no memory: the text is then read as it is). */
static char *md_blank_templates(const char *buf, size_t len, size_t body, const char *path) {
    size_t pl = path ? strlen(path) : 0;
    int mdx = pl > 4 && !strcasecmp(path + pl - 4, ".mdx");
    char *b = NULL;
    for (size_t i = body; i + 1 < len; i++) {
        size_t end = 0;
        if (buf[i] == '{' && (buf[i + 1] == '{' || buf[i + 1] == '%')) {
            const char *close = buf[i + 1] == '%' ? "%}" : "}}";
            for (size_t j = i + 2; j + 1 < len && j < i + 4096; j++)
                if (buf[j] == close[0] && buf[j + 1] == close[1]) {
                    end = j + 2;
                    break;
                }
        } else if (mdx && (i == body || buf[i - 1] == '\n') &&
                   (!strncmp(buf + i, "import ", 7) || !strncmp(buf + i, "export ", 7))) {
            const char *nl = memchr(buf + i, '\n', len - i);
            end = nl ? (size_t)(nl - buf) : len;
        }
        if (!end) continue;
        if (!b) {
            if (!(b = malloc(len + 1))) return NULL;
            memcpy(b, buf, len);
            b[len] = 0;
        }
        md_blank(b, i, end);
        i = end - 1;
    }
    return b;
}

/* ---- entities --------------------------------------------------------- */

static const struct {
    const char *name;
    const char *utf8;
} md_entities[] = {
    {"amp", "&"},           {"lt", "<"},            {"gt", ">"},
    {"quot", "\""},         {"apos", "'"},          {"nbsp", " "},
    {"ndash", "\xE2\x80\x93"}, {"mdash", "\xE2\x80\x94"},
    {"hellip", "\xE2\x80\xA6"}, {"lsquo", "\xE2\x80\x98"},
    {"rsquo", "\xE2\x80\x99"}, {"ldquo", "\xE2\x80\x9C"},
    {"rdquo", "\xE2\x80\x9D"}, {"copy", "\xC2\xA9"},
    {"reg", "\xC2\xAE"},    {"trade", "\xE2\x84\xA2"},
};

/* Decodes the entity s[0..n) ("&...;") into out (at least 8 bytes);
 * returns the length, or 0 to keep the entity as it is. */
static size_t md_entity(const char *s, size_t n, char *out) {
    if (n < 3 || s[0] != '&' || s[n - 1] != ';') return 0;
    const char *name = s + 1;
    size_t nl = n - 2;
    if (name[0] == '#') {
        uint32_t cp = 0;
        size_t i = 1;
        bool hex = i < nl && (name[i] == 'x' || name[i] == 'X');
        if (hex) i++;
        if (i == nl) return 0;
        for (; i < nl; i++) {
            unsigned char c = (unsigned char)name[i];
            uint32_t d;
            if (c >= '0' && c <= '9') d = c - '0';
            else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
            else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
            else return 0;
            cp = cp * (hex ? 16 : 10) + d;
            if (cp > 0x10FFFF) cp = 0x110000; /* stays invalid */
        }
        if (cp == 0 || !utf8proc_codepoint_valid((utf8proc_int32_t)cp))
            cp = 0xFFFD;
        return (size_t)utf8proc_encode_char((utf8proc_int32_t)cp,
                                            (utf8proc_uint8_t *)out);
    }
    for (size_t i = 0; i < sizeof md_entities / sizeof md_entities[0]; i++) {
        if (strlen(md_entities[i].name) == nl &&
            memcmp(md_entities[i].name, name, nl) == 0) {
            size_t k = strlen(md_entities[i].utf8);
            memcpy(out, md_entities[i].utf8, k);
            return k;
        }
    }
    return 0;
}

/* ---- sections and anchors --------------------------------------------- */

static smp_article_section *md_cur(md_state *st) { return smp_sections_cur(&st->sx); }

/* Adds an anchor at the current end of the section's text.  An anchor at
 * the same text offset as the previous one replaces it. */
static int md_anchor(md_state *st, uint64_t src_off) {
    return smp_sections_anchor(&st->sx, src_off);
}

/* Closes the current section (if any) and opens a new one. */
static int md_new_section(md_state *st) {
    if (!smp_sections_open(&st->sx)) return SMP_ENOMEM;
    st->sep = 0;
    /* provisional start anchor; the first body text replaces it */
    return md_anchor(st, st->last_src);
}

/* The section's heading becomes the path of the open headings above it
 * and its own (see the top of the file), and its own opens. */
static void md_heading_path(md_state *st, smp_article_section *sec) {
    while (st->nstack && st->stack[st->nstack - 1].level >= st->level) {
        st->open.n = st->stack[st->nstack - 1].off;
        st->nstack--;
    }
    if (st->level < 2 || st->level > 6 || sec->heading_len == 0) return;
    size_t off = st->open.n;
    smp_buf_append(&st->open, st->sx.headings.p + sec->heading_off, sec->heading_len);
    if (st->open.rc) return; /* reported by the caller */
    st->stack[st->nstack].level = st->level;
    st->stack[st->nstack].off = off;
    st->stack[st->nstack++].len = sec->heading_len;
    if (st->nstack == 1) return;
    st->sx.headings.n = sec->heading_off;
    for (size_t i = 0; i < st->nstack; i++) {
        if (i) smp_buf_puts(&st->sx.headings, SMP_HEADING_SEP);
        smp_buf_append(&st->sx.headings, st->open.p + st->stack[i].off, st->stack[i].len);
    }
    sec->heading_len = st->sx.headings.n - sec->heading_off;
}

/* The section's link target: the id a heading gives itself ("## Aftercare
 * {#after}", taken out of the heading), else the generator's slug of it,
 * made unique in the article as Hugo does ("aftercare", "aftercare-1"). */
static int md_fragment(md_state *st, smp_article_section *sec) {
    if (sec->heading_len == 0) return SMP_OK; /* an empty heading: none */
    char *h = (char *)st->sx.headings.p + sec->heading_off;
    size_t n = sec->heading_len;
    smp_buf f;
    smp_buf_init(&f);
    const char *open = n && h[n - 1] == '}' ? memchr(h, '{', n) : NULL;
    if (open && open[1] == '#' && (open == h || open[-1] == ' ')) {
        const char *id = open + 2, *end = id;
        while (end < h + n - 1 && *end != ' ' && *end != '}') end++;
        smp_buf_append(&f, id, (size_t)(end - id));
        smp_buf_nul(&f);
        while (open > h && open[-1] == ' ') open--;
        sec->heading_len = (size_t)(open - h);
        st->sx.headings.n = sec->heading_off + sec->heading_len;
    } else {
        smp_slug(&f, h, n);
    }
    size_t base = f.n;
    for (unsigned k = 1; !f.rc && f.n; k++) {
        bool used = false;
        for (size_t at = 0; at < st->frags.n && !used; at += strlen((char *)st->frags.p + at) + 1)
            used = !strcmp((char *)st->frags.p + at, (char *)f.p);
        if (!used) break;
        f.n = base;
        char num[16];
        smp_buf_append(&f, num, (size_t)snprintf(num, sizeof num, "-%u", k));
        smp_buf_nul(&f);
    }
    if (f.n) smp_buf_append(&st->frags, f.p, f.n + 1);
    int rc = f.rc || st->frags.rc ? SMP_ENOMEM : smp_sections_fragment(&st->sx, (char *)f.p, f.n);
    smp_buf_free(&f);
    return rc;
}

/* ---- md4c callbacks --------------------------------------------------- */

static int md_fail(md_state *st, int rc) {
    if (!st->rc) st->rc = rc;
    return st->rc;
}

static bool md_content_block(MD_BLOCKTYPE type) {
    return type != MD_BLOCK_DOC && type != MD_BLOCK_HTML &&
           type != MD_BLOCK_HR;
}

static void md_want_sep(md_state *st, char c) {
    if (st->sep != '\n') st->sep = c;
}

static int md_enter_block(MD_BLOCKTYPE type, void *detail, void *ud) {
    md_state *st = ud;
    bool first = false;
    if (md_content_block(type)) {
        first = !st->seen_block;
        st->seen_block = true;
    }
    if (type == MD_BLOCK_H) {
        const MD_BLOCK_H_DETAIL *h = detail;
        unsigned level = h ? h->level : 0;
        st->in_heading = true;
        st->heading_mapped = false;
        st->level = level;
        st->title_heading = first && level == 1 && st->want_h1_title;
        if (!st->title_heading) {
            int rc = md_new_section(st);
            if (rc) return md_fail(st, rc);
        }
        st->first_h1 = level == 1 && !st->h1_seen && !st->title_heading;
        return 0;
    }
    md_want_sep(st, type == MD_BLOCK_TD || type == MD_BLOCK_TH ? ' ' : '\n');
    return 0;
}

static int md_leave_block(MD_BLOCKTYPE type, void *detail, void *ud) {
    md_state *st = ud;
    SMP_UNUSED(detail);
    if (type == MD_BLOCK_H && st->in_heading) {
        st->in_heading = false;
        if (st->title_heading) {
            st->h1_seen = true; /* its text went to h1 */
            st->title_heading = false;
        } else {
            smp_article_section *sec = md_cur(st);
            md_squeeze(&st->sx.headings, sec->heading_off);
            sec->heading_len = st->sx.headings.n - sec->heading_off;
            if (md_fragment(st, sec)) return md_fail(st, SMP_ENOMEM);
            if (st->paths) md_heading_path(st, sec);
            if (st->first_h1 && sec->heading_len) {
                smp_buf_append(&st->h1, st->sx.headings.p + sec->heading_off,
                               sec->heading_len);
                st->h1_seen = true;
            }
        }
        if (st->h1.rc || st->sx.headings.rc || st->open.rc) return md_fail(st, SMP_ENOMEM);
        st->sep = 0;
        return 0;
    }
    md_want_sep(st, type == MD_BLOCK_TD || type == MD_BLOCK_TH ? ' ' : '\n');
    return 0;
}

static int md_enter_span(MD_SPANTYPE type, void *detail, void *ud) {
    SMP_UNUSED(type);
    SMP_UNUSED(detail);
    SMP_UNUSED(ud);
    return 0;
}

static int md_leave_span(MD_SPANTYPE type, void *detail, void *ud) {
    SMP_UNUSED(type);
    SMP_UNUSED(detail);
    SMP_UNUSED(ud);
    return 0;
}

static int md_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size,
                   void *ud) {
    md_state *st = ud;
    char tmp[8];
    const char *out = text;
    size_t n = size;

    switch (type) {
    case MD_TEXT_HTML:
        return 0;
    case MD_TEXT_NULLCHAR:
    case MD_TEXT_SOFTBR:
        out = " ";
        n = 1;
        break;
    case MD_TEXT_BR:
        out = "\n";
        n = 1;
        break;
    case MD_TEXT_ENTITY: {
        size_t k = md_entity(text, size, tmp);
        if (k) {
            out = tmp;
            n = k;
        }
        break;
    }
    default:
        break;
    }

    /* where the text lies in the source, if it does */
    bool mapped = false;
    uint64_t src = 0;
    uintptr_t b = (uintptr_t)st->buf, t = (uintptr_t)text;
    if (type != MD_TEXT_SOFTBR && type != MD_TEXT_BR &&
        type != MD_TEXT_NULLCHAR && t >= b && t - b < st->len &&
        size <= st->len - (t - b)) {
        mapped = true;
        src = t - b;
        st->last_src = src + size;
    }

    if (st->in_heading && st->title_heading) {
        smp_buf_append(&st->h1, out, n);
        return st->h1.rc ? md_fail(st, SMP_ENOMEM) : 0;
    }
    if (st->in_heading) {
        /* until body text arrives, the section starts at its heading */
        if (mapped && !st->heading_mapped) {
            st->heading_mapped = true;
            if (md_anchor(st, src)) return md_fail(st, SMP_ENOMEM);
        }
        smp_buf_append(&st->sx.headings, out, n);
        return st->sx.headings.rc ? md_fail(st, SMP_ENOMEM) : 0;
    }
    smp_article_section *sec = md_cur(st);
    if (st->sep && st->sx.text.n > sec->text_off &&
        st->sx.text.p[st->sx.text.n - 1] != '\n') /* code blocks end with one */
        smp_buf_putc(&st->sx.text, st->sep);
    st->sep = 0;
    if (mapped && md_anchor(st, src)) return md_fail(st, SMP_ENOMEM);
    smp_buf_append(&st->sx.text, out, n);
    return st->sx.text.rc ? md_fail(st, SMP_ENOMEM) : 0;
}

/* ---- driver ----------------------------------------------------------- */

/* Hands the sections to the segmenter, with what the front matter says
 * about the article. */
static int md_feed(md_state *st, smp_ingest_ctx *cx, const smp_front *fm, const char *id,
                   const char *title) {
    smp_buf lists; /* tags, NUL, categories, NUL, URL, NUL */
    smp_buf_init(&lists);
    for (size_t i = 0; i < fm->ntags; i++) {
        if (i) smp_buf_putc(&lists, '\n');
        smp_buf_puts(&lists, fm->tags[i]);
    }
    smp_buf_put_u8(&lists, 0);
    size_t cats = lists.n;
    for (size_t i = 0; i < fm->ncategories; i++) {
        if (i) smp_buf_putc(&lists, '\n');
        smp_buf_puts(&lists, fm->categories[i]);
    }
    smp_buf_put_u8(&lists, 0);
    size_t url = lists.n;
    if (fm->url) smp_buf_puts(&lists, fm->url);
    else smp_url_from_path(&lists, cx, 'm', fm->slug);
    smp_buf_put_u8(&lists, 0);
    if (lists.rc) {
        smp_buf_free(&lists);
        return SMP_ENOMEM;
    }
    smp_article_info info = {(const char *)lists.p + url,
                             fm->date ? fm->date : fm->updated ? fm->updated : "",
                             fm->description ? fm->description : "",
                             (const char *)lists.p, (const char *)lists.p + cats,
                             fm->lang ? fm->lang : ""};
    const smp_article_info *saved = cx->info;
    cx->info = &info;
    int rc = smp_sections_feed(&st->sx, cx, id, title, st->buf, st->len);
    cx->info = saved;
    smp_buf_free(&lists);
    return rc;
}

int smp_ingest_markdown(smp_ingest_ctx *cx, const char *buf, size_t len,
                        smp_error *err) {
    if (!buf) {
        buf = "";
        len = 0;
    }
    smp_front fm;
    if (smp_front_matter(buf, len, &fm)) return smp_set_error(err, SMP_ENOMEM, "out of memory");
    size_t body = fm.body;
    const char *path = cx->path ? cx->path : "input";
    if (fm.draft) {
        smp_front_free(&fm);
        return smp_set_error(err, SMP_EFORMAT, "%s: a draft (draft: true or published: "
                             "false), not published", path);
    }
    if (len - body > UINT_MAX) {
        smp_front_free(&fm);
        return smp_set_error(err, SMP_EFORMAT, "%s: too large for the Markdown parser", path);
    }
    if (fm.bad && cx->notice)
        cx->notice(cx->ud, path, "front matter is not valid YAML; read line by line");
    size_t title_len = fm.title ? strlen(fm.title) : 0;
    size_t slug_len = fm.slug ? strlen(fm.slug) : 0;
    /* template tags and shortcodes of site generators are not text: blanked
       in a copy, so that offsets into the source stay right */
    char *clean = md_blank_templates(buf, len, body, cx->path);
    if (clean) buf = clean;

    md_state st;
    memset(&st, 0, sizeof st);
    st.buf = buf;
    st.len = len;
    st.last_src = body;
    st.want_h1_title = title_len == 0;
    st.paths = !cx->seg || !cx->seg->no_heading_path;
    smp_buf_init(&st.open);
    smp_buf_init(&st.frags);
    smp_sections_init(&st.sx);
    smp_buf_init(&st.h1);
    smp_buf id, title;
    smp_buf_init(&id);
    smp_buf_init(&title);

    int rc = md_new_section(&st); /* text before the first heading */
    if (rc) goto cleanup;
    if (len > body) {
        MD_PARSER parser;
        memset(&parser, 0, sizeof parser);
        parser.flags = MD_DIALECT_GITHUB;
        parser.enter_block = md_enter_block;
        parser.leave_block = md_leave_block;
        parser.enter_span = md_enter_span;
        parser.leave_span = md_leave_span;
        parser.text = md_text;
        int mrc = md_parse(buf + body, (MD_SIZE)(len - body), &parser, &st);
        if (st.rc) {
            rc = st.rc;
            goto cleanup;
        }
        if (mrc) {
            rc = SMP_ENOMEM; /* md4c fails only when out of memory */
            goto cleanup;
        }
    }
    md_cur(&st)->text_len = st.sx.text.n - md_cur(&st)->text_off;

    if (slug_len) {
        smp_buf_append(&id, fm.slug, slug_len);
        smp_buf_nul(&id);
    } else {
        smp_file_stem(&id, cx->path);
    }
    md_squeeze(&st.h1, 0);
    if (title_len) smp_buf_append(&title, fm.title, title_len);
    else if (st.h1.n) smp_buf_append(&title, st.h1.p, st.h1.n);
    else smp_buf_append(&title, id.p, id.n);
    smp_buf_nul(&title);
    if (id.rc || title.rc || st.h1.rc) {
        rc = SMP_ENOMEM;
        goto cleanup;
    }
    rc = md_feed(&st, cx, &fm, (const char *)id.p, (const char *)title.p);

cleanup:
    smp_sections_free(&st.sx);
    smp_buf_free(&st.open);
    smp_buf_free(&st.frags);
    smp_buf_free(&st.h1);
    smp_buf_free(&id);
    smp_buf_free(&title);
    smp_front_free(&fm);
    free(clean);
    return rc;
}
