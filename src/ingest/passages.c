/*
 * passages.c - turns the sections of one article into passages.
 *
 * A reader feeds sections (heading, plain text, anchors back to the
 * source).  Sections with fewer than min_words words are held and merged
 * into the next one, except where that would part a question from its
 * answer: a section headed by a question keeps its answer to itself, a new
 * question does not join another section, and an article's introduction
 * is its own passage.  Sections with more than max_words words are cut
 * into overlapping windows.  Every passage gets the next ordinal, a source byte
 * range and a line number, and goes to cx->emit.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"

struct smp_segmenter {
    smp_ingest_ctx *cx;
    char *article_id, *title;
    const char *src;
    size_t src_len;
    uint32_t ordinal;   /* of the last passage emitted */
    int rc;             /* sticky: first error or non-zero emit() result */

    /* the held section (possibly several merged ones) */
    bool pending;
    smp_buf heading, text;
    smp_buf fragment; /* the link target of the passage's first section */
    smp_anchor *anchors;
    size_t nanchors, aanchors;
    size_t nwords;

    /* word boundaries of the section being flushed: start, end pairs */
    size_t *words;
    size_t awords;

    /* line cache: src[0..line_off) holds line_no - 1 newlines */
    size_t line_off;
    uint32_t line_no;
};

static bool seg_is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static size_t seg_count_words(const char *s, size_t len) {
    size_t n = 0;
    bool in_word = false;
    for (size_t i = 0; i < len; i++) {
        bool sp = seg_is_space((unsigned char)s[i]);
        if (!sp && !in_word) n++;
        in_word = !sp;
    }
    return n;
}

static int seg_fail(smp_segmenter *sg, int rc) {
    if (!sg->rc) sg->rc = rc;
    return sg->rc;
}

static char *seg_strdup(const char *s) {
    if (!s) s = "";
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p) memcpy(p, s, n + 1);
    return p;
}

int smp_segmenter_new(smp_segmenter **out, smp_ingest_ctx *cx,
                      const char *article_id, const char *title,
                      const char *src, size_t src_len) {
    *out = NULL;
    smp_segmenter *sg = calloc(1, sizeof *sg);
    if (!sg) return SMP_ENOMEM;
    sg->cx = cx;
    sg->src = src;
    sg->src_len = src ? src_len : 0;
    sg->line_no = 1;
    smp_buf_init(&sg->heading);
    smp_buf_init(&sg->text);
    smp_buf_init(&sg->fragment);
    sg->article_id = seg_strdup(article_id);
    sg->title = seg_strdup(title);
    if (!sg->article_id || !sg->title) {
        smp_segmenter_free(sg);
        return SMP_ENOMEM;
    }
    *out = sg;
    return SMP_OK;
}

void smp_segmenter_free(smp_segmenter *sg) {
    if (!sg) return;
    free(sg->article_id);
    free(sg->title);
    smp_buf_free(&sg->heading);
    smp_buf_free(&sg->text);
    smp_buf_free(&sg->fragment);
    free(sg->anchors);
    free(sg->words);
    free(sg);
}

static int seg_push_anchor(smp_segmenter *sg, size_t text_off,
                           uint64_t src_off) {
    if (sg->nanchors == sg->aanchors) {
        size_t na = sg->aanchors ? sg->aanchors * 2 : 16;
        if (na > SIZE_MAX / sizeof *sg->anchors) return SMP_ENOMEM;
        smp_anchor *p = realloc(sg->anchors, na * sizeof *p);
        if (!p) return SMP_ENOMEM;
        sg->anchors = p;
        sg->aanchors = na;
    }
    /* keep text_off strictly increasing: a later anchor at the same
       offset replaces the earlier one */
    if (sg->nanchors && sg->anchors[sg->nanchors - 1].text_off >= text_off) {
        sg->anchors[sg->nanchors - 1].src_off = src_off;
        return SMP_OK;
    }
    sg->anchors[sg->nanchors].text_off = text_off;
    sg->anchors[sg->nanchors].src_off = src_off;
    sg->nanchors++;
    return SMP_OK;
}

/* Source offset of plain-text offset `off` of the held text. */
static uint64_t seg_map(const smp_segmenter *sg, size_t off) {
    uint64_t r = 0;
    if (sg->nanchors) {
        size_t lo = 0, hi = sg->nanchors; /* first anchor > off is at hi */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (sg->anchors[mid].text_off <= off) lo = mid + 1;
            else hi = mid;
        }
        const smp_anchor *a = &sg->anchors[lo ? lo - 1 : 0];
        if (a->text_off <= off) {
            uint64_t d = off - a->text_off;
            r = a->src_off > UINT64_MAX - d ? UINT64_MAX : a->src_off + d;
        } else {
            r = a->src_off;
        }
    }
    return r > sg->src_len ? sg->src_len : r;
}

static uint32_t seg_line(smp_segmenter *sg, size_t off) {
    if (!sg->src) return 1;
    if (off < sg->line_off) {
        sg->line_off = 0;
        sg->line_no = 1;
    }
    const char *p = sg->src + sg->line_off;
    size_t left = off - sg->line_off;
    uint32_t n = sg->line_no;
    while (left) {
        const char *nl = memchr(p, '\n', left);
        if (!nl) break;
        n++;
        left -= (size_t)(nl + 1 - p);
        p = nl + 1;
    }
    sg->line_off = off;
    sg->line_no = n;
    return n;
}

/* Emits text[start..end) of the held section as one passage. */
static int seg_emit(smp_segmenter *sg, size_t start, size_t end) {
    uint64_t bs = seg_map(sg, start);
    uint64_t be = end > start ? seg_map(sg, end - 1) + 1 : bs;
    if (be > sg->src_len) be = sg->src_len;
    if (be < bs) be = bs;
    smp_passage p;
    memset(&p, 0, sizeof p);
    p.article_id = sg->article_id;
    p.title = sg->title;
    p.path = sg->cx->path ? sg->cx->path : "";
    p.heading = sg->heading.n ? (const char *)sg->heading.p : "";
    p.fragment = sg->fragment.n ? (const char *)sg->fragment.p : "";
    p.info = sg->cx->info;
    p.text = sg->text.n ? (const char *)sg->text.p + start : "";
    p.text_len = end - start;
    p.ordinal = ++sg->ordinal;
    p.line = seg_line(sg, (size_t)bs);
    p.byte_start = bs;
    p.byte_end = be;
    int rc = sg->cx->emit ? sg->cx->emit(sg->cx->ud, &p) : 0;
    return rc ? seg_fail(sg, rc) : SMP_OK;
}

/* Emits the held section, windowed when long, and forgets it. */
static int seg_flush(smp_segmenter *sg) {
    if (!sg->pending) return sg->rc;
    sg->pending = false;
    smp_buf_nul(&sg->heading);
    smp_buf_nul(&sg->fragment);
    if (sg->heading.rc || sg->fragment.rc) return seg_fail(sg, SMP_ENOMEM);

    const char *s = (const char *)sg->text.p;
    size_t len = sg->text.n, n = sg->nwords;
    uint32_t maxw = sg->cx->seg ? sg->cx->seg->max_words : 0;
    uint32_t overlap = sg->cx->seg ? sg->cx->seg->overlap_words : 0;
    int rc = SMP_OK;

    if (n == 0) {
        rc = seg_emit(sg, 0, 0);
    } else {
        if (n > SIZE_MAX / (2 * sizeof *sg->words))
            return seg_fail(sg, SMP_ENOMEM);
        if (sg->awords < 2 * n) {
            size_t *w = realloc(sg->words, 2 * n * sizeof *w);
            if (!w) return seg_fail(sg, SMP_ENOMEM);
            sg->words = w;
            sg->awords = 2 * n;
        }
        size_t k = 0;
        for (size_t i = 0; i < len && k < n;) {
            while (i < len && seg_is_space((unsigned char)s[i])) i++;
            if (i == len) break;
            sg->words[2 * k] = i;
            while (i < len && !seg_is_space((unsigned char)s[i])) i++;
            sg->words[2 * k + 1] = i;
            k++;
        }
        n = k;
        if (maxw == 0 || n <= maxw) {
            rc = seg_emit(sg, sg->words[0], sg->words[2 * n - 1]);
        } else {
            size_t step = overlap < maxw ? maxw - overlap : 1;
            for (size_t first = 0; rc == SMP_OK; first += step) {
                size_t last = first + maxw < n ? first + maxw : n;
                rc = seg_emit(sg, sg->words[2 * first],
                              sg->words[2 * (last - 1) + 1]);
                if (last == n) break;
            }
        }
    }
    smp_buf_reset(&sg->heading);
    smp_buf_reset(&sg->text);
    smp_buf_reset(&sg->fragment);
    sg->nanchors = 0;
    sg->nwords = 0;
    return rc;
}

static bool seg_blank(const char *s, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (!seg_is_space((unsigned char)s[i])) return false;
    return true;
}

/* Appends text[0..len) with its anchors to the held text. */
static int seg_append_text(smp_segmenter *sg, const char *text, size_t len,
                           const smp_anchor *anchors, size_t nanchors) {
    size_t base = sg->text.n;
    if (nanchors == 0 || anchors[0].text_off > 0) {
        /* no anchor for the start: continue from what is known */
        if (seg_push_anchor(sg, base, seg_map(sg, base))) return SMP_ENOMEM;
    }
    for (size_t i = 0; i < nanchors; i++) {
        if (anchors[i].text_off > len) break;
        if (seg_push_anchor(sg, base + anchors[i].text_off, anchors[i].src_off))
            return SMP_ENOMEM;
    }
    smp_buf_append(&sg->text, text, len);
    return sg->text.rc;
}

/* 1 when the heading asks a question (ends with '?', closing quotes and
 * spaces aside). */
static bool seg_question(const char *h, size_t len) {
    while (len && (seg_is_space((unsigned char)h[len - 1]) || h[len - 1] == '"' ||
                   h[len - 1] == '\'' || h[len - 1] == ')'))
        len--;
    return len && (h[len - 1] == '?' || (len >= 3 && !memcmp(h + len - 3, "\xEF\xBC\x9F", 3)));
}

/* The last heading of a heading path (after the last separator). */
static const char *seg_last_heading(const char *h, size_t len, size_t *out) {
    size_t sl = strlen(SMP_HEADING_SEP);
    const char *start = h;
    for (size_t i = 0; i + sl <= len; i++)
        if (!memcmp(h + i, SMP_HEADING_SEP, sl)) start = h + i + sl;
    *out = len - (size_t)(start - h);
    return start;
}

/* Whether the held section must stand alone rather than take in the next
 * one (heading next): a section that answers a question keeps its answer
 * to itself, a new question does not join another's answer, and an
 * article's introduction is its own passage. */
static bool seg_keep_apart(smp_segmenter *sg, const char *heading, size_t heading_len) {
    if (sg->text.n == 0) return false; /* a heading right above a subheading */
    if (sg->heading.n == 0) return true; /* the introduction */
    size_t hl;
    const char *last = seg_last_heading((const char *)sg->heading.p, sg->heading.n, &hl);
    if (seg_question(last, hl)) return true;
    last = seg_last_heading(heading, heading_len, &hl);
    return seg_question(last, hl);
}

int smp_segmenter_add(smp_segmenter *sg, const char *heading,
                      size_t heading_len, const char *fragment, size_t fragment_len,
                      const char *text, size_t text_len,
                      const smp_anchor *anchors, size_t nanchors) {
    if (sg->rc) return sg->rc;
    if (!heading) heading_len = 0;
    if (!fragment) fragment_len = 0;
    if (!text) text_len = 0;
    if (!anchors) nanchors = 0;
    size_t words = seg_count_words(text, text_len);
    bool no_heading = seg_blank(heading, heading_len);
    if (no_heading && words == 0) return SMP_OK;
    if (sg->pending && !no_heading && seg_keep_apart(sg, heading, heading_len) &&
        seg_flush(sg))
        return sg->rc;

    if (!sg->pending) {
        smp_buf_append(&sg->heading, heading, heading_len);
        smp_buf_append(&sg->fragment, fragment, fragment_len);
        if (sg->heading.rc || sg->fragment.rc) return seg_fail(sg, SMP_ENOMEM);
        if (seg_append_text(sg, text, text_len, anchors, nanchors))
            return seg_fail(sg, SMP_ENOMEM);
        sg->nwords = words;
        sg->pending = true;
    } else {
        /* merge: held text + "\n" + heading + "\n" + text, empty parts
           left out.  The heading has no anchors of its own; it maps to
           where the held text ends in the source.  When the held part has
           no heading or no text, the new heading goes to the passage's
           heading instead ("Held › New"). */
        if (!no_heading && sg->text.n == 0) {
            /* a heading right above this one: the passage starts here */
            smp_buf_reset(&sg->fragment);
            smp_buf_append(&sg->fragment, fragment, fragment_len);
            if (sg->fragment.rc) return seg_fail(sg, SMP_ENOMEM);
        }
        if (!no_heading && (sg->heading.n == 0 || sg->text.n == 0)) {
            /* the held part had no heading (an article's short lead), or
               no text (a heading right above a subheading): the new
               heading names the passage, joined to the held one */
            size_t hl = sg->heading.n, sl = strlen(SMP_HEADING_SEP);
            if (hl && heading_len > hl + sl && !memcmp(heading, sg->heading.p, hl) &&
                !memcmp(heading + hl, SMP_HEADING_SEP, sl))
                sg->heading.n = 0; /* a heading path that holds it already */
            else if (hl)
                smp_buf_puts(&sg->heading, SMP_HEADING_SEP);
            smp_buf_append(&sg->heading, heading, heading_len);
            if (sg->heading.rc) return seg_fail(sg, SMP_ENOMEM);
        } else if (!no_heading) {
            size_t off = sg->text.n;
            if (seg_push_anchor(sg, off, seg_map(sg, off)))
                return seg_fail(sg, SMP_ENOMEM);
            if (sg->text.n) smp_buf_putc(&sg->text, '\n');
            smp_buf_append(&sg->text, heading, heading_len);
            sg->nwords += seg_count_words(heading, heading_len);
        }
        if (words) {
            if (sg->text.n) smp_buf_putc(&sg->text, '\n');
            if (seg_append_text(sg, text, text_len, anchors, nanchors))
                return seg_fail(sg, SMP_ENOMEM);
            sg->nwords += words;
        }
        if (sg->text.rc) return seg_fail(sg, SMP_ENOMEM);
    }
    /* a heading without body text is always short */
    uint32_t minw = sg->cx->seg ? sg->cx->seg->min_words : 0;
    if (sg->nwords < minw || sg->nwords == 0) return SMP_OK;
    return seg_flush(sg);
}

int smp_segmenter_finish(smp_segmenter *sg) {
    if (sg->rc) return sg->rc;
    return seg_flush(sg);
}
