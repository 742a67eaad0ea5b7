/* link.c - the links of a result: its article's URL, its section's, and
 * one that lands on its answer sentence (a text fragment, as in
 * https://wicg.github.io/scroll-to-text-fragment/). */
#include <stdlib.h>
#include <string.h>

#include "answer/answer.h"

/* Words of the answer sentence that start and end a text fragment: a
 * sentence of more than START_WORDS + END_WORDS words is named by its
 * first START_WORDS and last END_WORDS ("start,end"), else whole. */
#define START_WORDS 5
#define END_WORDS 4

static bool l_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

/* s[0..n) percent-encoded for a text directive: everything but
 * letters, digits and ".~_" is encoded ('-', ',' and '&' have meanings
 * there), whitespace runs become one %20. */
static void l_directive_text(smp_buf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789ABCDEF";
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (l_space((char)c)) {
            space = true;
            continue;
        }
        if (space) smp_buf_puts(b, "%20");
        space = false;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '~' || c == '_') {
            smp_buf_putc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            smp_buf_append(b, e, 3);
        }
    }
}

/* ":~:text=" and the answer sentence of r, named by its first and last
 * words when long; nothing when r has no answer sentence. */
static void l_text_fragment(smp_buf *b, const smp_result *r) {
    if (!r->text || r->answer.end <= r->answer.start || r->answer.end > r->text_len) return;
    const char *s = r->text + r->answer.start;
    size_t n = r->answer.end - r->answer.start;
    while (n && l_space(s[n - 1])) n--;
    while (n && l_space(*s)) s++, n--;
    if (!n) return;
    size_t words = 0, start_end = 0, end_start = n;
    for (size_t i = 0; i < n; i++)
        if (!l_space(s[i]) && (i == 0 || l_space(s[i - 1]))) {
            words++;
            if (words == START_WORDS + 1) start_end = i;
        }
    smp_buf_puts(b, ":~:text=");
    if (words <= START_WORDS + END_WORDS) {
        l_directive_text(b, s, n);
        return;
    }
    for (size_t k = 0, i = n; i > 0; i--) /* the start of the last END_WORDS words */
        if (!l_space(s[i - 1]) && (i == 1 || l_space(s[i - 2])) && ++k == END_WORDS) {
            end_start = i - 1;
            break;
        }
    l_directive_text(b, s, start_end);
    smp_buf_putc(b, ',');
    l_directive_text(b, s + end_start, n - end_start);
}

int smp_result_link(const smp_result *r, const char *base_url, int kind, char **out,
                    smp_error *err) {
    *out = NULL;
    const char *url = r->url ? r->url : "";
    size_t bl = base_url ? strlen(base_url) : 0;
    while (bl && base_url[bl - 1] == '/') bl--;
    if (!*url && !base_url) return SMP_OK;
    smp_buf b;
    smp_buf_init(&b);
    if (!*url) { /* the article id, under base_url */
        smp_buf_append(&b, base_url, bl);
        smp_buf_putc(&b, '/');
        smp_buf_puts(&b, r->article_id ? r->article_id : "");
    } else {
        smp_url_join(&b, base_url, url);
    }
    const char *frag = r->fragment ? r->fragment : "";
    if (kind != SMP_LINK_ARTICLE && !memchr(b.p, '#', b.n) && (*frag || kind == SMP_LINK_ANSWER)) {
        size_t before = b.n;
        smp_buf_putc(&b, '#');
        smp_buf_puts(&b, frag);
        size_t mark = b.n;
        if (kind == SMP_LINK_ANSWER) l_text_fragment(&b, r);
        if (b.n == mark && !*frag) b.n = before; /* neither: no '#' */
    }
    smp_buf_nul(&b);
    if (b.rc) {
        smp_buf_free(&b);
        return smp_set_error(err, SMP_ENOMEM, "out of memory");
    }
    *out = (char *)b.p;
    return SMP_OK;
}
