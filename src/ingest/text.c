/*
 * ingest_text.c - plain text articles.
 *
 * The first non-empty line is the title.  Paragraphs are separated by
 * blank lines.  A paragraph of one short line (at most 12 words) that does
 * not end like a sentence part ('.', ',', ';', ':') and is not a list item
 * is a heading and starts a new section; other paragraphs are body text,
 * kept verbatim so that one anchor per paragraph maps it to the source.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"

#define TXT_HEADING_MAX_WORDS 12

typedef struct txt_state {
    smp_segmenter *sg;
    const char *buf;
    size_t heading_off, heading_len; /* of the current section */
    smp_buf body;
    smp_anchor *anchors;
    size_t nanchors, aanchors;
} txt_state;

static bool txt_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' ||
           c == '\n';
}

/* Length of the white space (ASCII, or U+00A0) starting at s[i]. */
static size_t txt_space_at(const char *s, size_t i, size_t end) {
    if (i < end && txt_space((unsigned char)s[i])) return 1;
    if (i + 1 < end && (unsigned char)s[i] == 0xC2 &&
        (unsigned char)s[i + 1] == 0xA0)
        return 2;
    return 0;
}

/* Length of the white space ending at s[e - 1]. */
static size_t txt_space_before(const char *s, size_t b, size_t e) {
    if (e > b && txt_space((unsigned char)s[e - 1])) return 1;
    if (e >= b + 2 && (unsigned char)s[e - 2] == 0xC2 &&
        (unsigned char)s[e - 1] == 0xA0)
        return 2;
    return 0;
}

/* Trims white space from both ends of s[*b..*e). */
static void txt_trim(const char *s, size_t *b, size_t *e) {
    size_t k;
    while ((k = txt_space_at(s, *b, *e)) != 0) *b += k;
    while ((k = txt_space_before(s, *b, *e)) != 0) *e -= k;
}

static int txt_anchor(txt_state *st, size_t text_off, uint64_t src_off) {
    if (st->nanchors == st->aanchors) {
        size_t na = st->aanchors ? st->aanchors * 2 : 16;
        if (na > SIZE_MAX / sizeof *st->anchors) return SMP_ENOMEM;
        smp_anchor *p = realloc(st->anchors, na * sizeof *p);
        if (!p) return SMP_ENOMEM;
        st->anchors = p;
        st->aanchors = na;
    }
    st->anchors[st->nanchors].text_off = text_off;
    st->anchors[st->nanchors].src_off = src_off;
    st->nanchors++;
    return SMP_OK;
}

/* Hands the current section to the segmenter and starts an empty one. */
static int txt_flush(txt_state *st) {
    if (st->body.rc) return SMP_ENOMEM;
    if (st->nanchors == 0) {
        int rc = txt_anchor(st, 0, st->heading_off);
        if (rc) return rc;
    }
    int rc = smp_segmenter_add(st->sg, st->buf + st->heading_off,
                               st->heading_len, NULL, 0, (const char *)st->body.p,
                               st->body.n, st->anchors, st->nanchors);
    smp_buf_reset(&st->body);
    st->nanchors = 0;
    st->heading_len = 0;
    return rc;
}

/* Is the one-line paragraph p[0..n) (trimmed) a heading? */
static bool txt_is_heading(const char *p, size_t n) {
    char last = p[n - 1];
    if (last == '.' || last == ',' || last == ';' || last == ':') return false;
    /* list items: "- x", "* x", "+ x", bullet U+2022 */
    if (n >= 2 && (p[0] == '-' || p[0] == '*' || p[0] == '+') &&
        txt_space((unsigned char)p[1]))
        return false;
    if (n >= 3 && memcmp(p, "\xE2\x80\xA2", 3) == 0) return false;
    size_t words = 0;
    bool in_word = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = txt_space((unsigned char)p[i]);
        if (!sp && !in_word && ++words > TXT_HEADING_MAX_WORDS) return false;
        in_word = !sp;
    }
    return true;
}

static int txt_run(txt_state *st, const char *buf, size_t len) {
    bool first = true;
    size_t i = 0;
    while (i < len) {
        size_t start = len, end = len, nlines = 0;
        /* take lines until a blank one after some text */
        while (i < len) {
            const char *nl = memchr(buf + i, '\n', len - i);
            size_t ts = i, te = nl ? (size_t)(nl - buf) : len;
            txt_trim(buf, &ts, &te);
            if (ts == te && nlines) break; /* blank line ends the paragraph */
            i = nl ? (size_t)(nl - buf) + 1 : len;
            if (ts == te) continue;        /* blank line before it */
            if (!nlines) start = ts;
            end = te;
            nlines++;
        }
        if (!nlines) break;
        bool heading = nlines == 1 && txt_is_heading(buf + start, end - start);
        if (first && heading) {
            first = false; /* the title line: neither heading nor body */
            continue;
        }
        first = false;
        if (heading) {
            int rc = txt_flush(st);
            if (rc) return rc;
            st->heading_off = start;
            st->heading_len = end - start;
        } else {
            if (st->body.n) smp_buf_putc(&st->body, '\n');
            int rc = txt_anchor(st, st->body.n, start);
            if (rc) return rc;
            smp_buf_append(&st->body, buf + start, end - start);
            if (st->body.rc) return SMP_ENOMEM;
        }
    }
    int rc = txt_flush(st);
    return rc ? rc : smp_segmenter_finish(st->sg);
}

int smp_ingest_text(smp_ingest_ctx *cx, const char *buf, size_t len,
                    smp_error *err) {
    SMP_UNUSED(err);
    smp_buf id, title;
    smp_buf_init(&id);
    smp_buf_init(&title);
    txt_state st;
    memset(&st, 0, sizeof st);
    smp_buf_init(&st.body);
    if (!buf) {
        buf = "";
        len = 0;
    }
    st.buf = buf;

    /* title: the first non-empty line, trimmed */
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t s = i, e = nl ? (size_t)(nl - buf) : len;
        txt_trim(buf, &s, &e);
        if (s < e) {
            smp_buf_append(&title, buf + s, e - s);
            break;
        }
        i = nl ? (size_t)(nl - buf) + 1 : len;
    }
    smp_buf_nul(&title);
    smp_file_stem(&id, cx->path);
    smp_buf url;
    smp_buf_init(&url);
    smp_url_from_path(&url, cx, 't', NULL);
    smp_article_info info = {(const char *)url.p, "", "", "", "", ""};
    const smp_article_info *saved = cx->info;

    int rc = SMP_ENOMEM;
    if (id.rc || title.rc || url.rc) goto cleanup;
    rc = smp_segmenter_new(&st.sg, cx, (const char *)id.p,
                           (const char *)title.p, buf, len);
    if (rc) goto cleanup;
    cx->info = &info;
    rc = txt_run(&st, buf, len);
    cx->info = saved;

cleanup:
    smp_buf_free(&url);
    smp_segmenter_free(st.sg);
    smp_buf_free(&st.body);
    free(st.anchors);
    smp_buf_free(&id);
    smp_buf_free(&title);
    return rc;
}
