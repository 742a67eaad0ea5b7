/*
 * tokenize.c - UTF-8 text to normalised tokens (see analysis.h).
 *
 * Words are runs of letters, digits and combining marks.  Each code point
 * is folded (compatibility decomposition, case folding, marks stripped)
 * into a fixed buffer on the stack, so tokenizing never allocates.
 * Apostrophes join letters, a trailing possessive "'s" is dropped, and
 * hyphenated words give their parts plus the concatenation of the parts.
 *
 * Any byte sequence is accepted: invalid UTF-8 separates tokens, and the
 * input is read strictly within [0, len).
 */
#include <string.h>

#include <utf8proc.h>

#include "analysis/analysis.h"

/* Coarse classes of a code point. */
enum { CL_OTHER = 0, CL_LETTER, CL_DIGIT, CL_MARK };

/* Folding options for utf8proc_decompose_char. */
#define FOLD_OPTS                                                           \
    (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |             \
     UTF8PROC_STRIPMARK)

/* Room for the longest compatibility decomposition of one code point
 * (U+FDFA gives 18). */
#define FOLD_MAX 32

/* A token being built: folded UTF-8 bytes plus an overflow flag. */
typedef struct tok_text {
    char s[SMP_MAX_TOKEN + 1];
    size_t n;
    bool too_long;
} tok_text;

/* The class of each ASCII byte (CL_OTHER, CL_LETTER, CL_DIGIT): the fast
 * path of plain ASCII words, most text. */
static const uint8_t ascii_class[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
};

/* Each byte of an ASCII letter or digit folded (upper case to lower), 0
 * for every other byte: the fast path's copy. */
static const uint8_t ascii_fold[256] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4', ['5'] = '5', ['6'] = '6',
    ['7'] = '7', ['8'] = '8', ['9'] = '9',
    ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g',
    ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
    ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u',
    ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
    ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
    ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
    ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
    ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
};

/* 1 for the ASCII bytes that end a word outright: not a letter or digit,
 * no apostrophe or hyphen (which may join), and not the start of a
 * multi-byte character. */
static const uint8_t word_gap[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static bool ends_word(unsigned char c) { return word_gap[c]; }

static int classify(int32_t cp) {
    if (cp < 0) return CL_OTHER;
    if (cp < 0x80) return ascii_class[cp];
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return CL_LETTER;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return CL_DIGIT;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return CL_MARK;
    default:
        return CL_OTHER;
    }
}

static bool is_apostrophe(int32_t cp) { return cp == 0x27 || cp == 0x2019; }

static bool is_hyphen(int32_t cp) {
    return cp == 0x2d || cp == 0x2010 || cp == 0x2011;
}

/* Decodes the code point at text[off]; returns its byte length (0 at the
 * end of input).  An invalid byte gives length 1 and *cp = -1. */
static size_t decode_at(const char *text, size_t len, size_t off,
                        int32_t *cp) {
    *cp = -1;
    if (off >= len) return 0;
    if ((unsigned char)text[off] < 0x80) { /* ASCII: most text */
        *cp = (unsigned char)text[off];
        return 1;
    }
    size_t avail = len - off;
    if (avail > 4) avail = 4;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + off,
                                          (utf8proc_ssize_t)avail, cp);
    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    return (size_t)n;
}

static void text_reset(tok_text *t) {
    t->n = 0;
    t->too_long = false;
    t->s[0] = 0;
}

static void text_append(tok_text *t, const char *s, size_t n) {
    if (t->too_long) return;
    if (n > SMP_MAX_TOKEN - t->n) {
        t->too_long = true;
        return;
    }
    memcpy(t->s + t->n, s, n);
    t->n += n;
    t->s[t->n] = 0;
}

/* Appends the folded form of one word code point.  Only letters and
 * digits of the folded sequence are kept, so compatibility mappings that
 * produce punctuation or spaces (U+2474 "(1)", U+FDFA) stay one token. */
static void fold_append(tok_text *t, int32_t cp) {
    if (t->too_long) return;
    if (cp < 0x80) {
        char c = (char)(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
        text_append(t, &c, 1);
        return;
    }
    utf8proc_int32_t dst[FOLD_MAX];
    int boundclass = 0;
    utf8proc_ssize_t n =
        utf8proc_decompose_char(cp, dst, FOLD_MAX, FOLD_OPTS, &boundclass);
    if (n < 0) return;
    if (n > FOLD_MAX) { /* cannot happen with current Unicode data */
        t->too_long = true;
        return;
    }
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        int cl = classify(dst[i]);
        if (cl != CL_LETTER && cl != CL_DIGIT) continue;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t k = utf8proc_encode_char(dst[i], enc);
        text_append(t, (const char *)enc, (size_t)k);
    }
}

int smp_tokenize(const char *text, size_t len, smp_token_fn fn, void *ud) {
    if (!fn || (!text && len)) return SMP_EINVAL;

    tok_text part, cat;
    uint32_t pos = 0;
    size_t off = 0;

    while (off < len) {
        if (ends_word((unsigned char)text[off]) || text[off] == '-' || text[off] == '\'') {
            /* between words */
            off++;
            while (off < len && ends_word((unsigned char)text[off])) off++;
            continue;
        }
        int32_t cp;
        size_t n = 1;
        if (!ascii_fold[(unsigned char)text[off]] &&
            classify((n = decode_at(text, len, off, &cp), cp)) == CL_OTHER) {
            off += n;
            continue;
        }

        /* A word: one or more parts joined by hyphens. */
        size_t word_start = off, word_end = off;
        unsigned nparts = 0;
        bool cat_ok = true;
        text_reset(&cat);

        for (;;) {
            size_t part_start = off, part_end = off;
            int last_base = CL_OTHER; /* class of the last non-mark */
            text_reset(&part);

            for (;;) {
                /* a run of ASCII letters and digits, folded in place */
                size_t room = SMP_MAX_TOKEN - part.n; /* part.n <= SMP_MAX_TOKEN */
                const unsigned char *p = (const unsigned char *)text + off;
                const unsigned char *lim = len - off > room ? p + room : (const unsigned char *)text + len;
                char *d = part.s + part.n;
                unsigned char f;
                while (p < lim && (f = ascii_fold[*p])) *d++ = (char)f, p++;
                part.n = (size_t)(d - part.s);
                size_t o = (size_t)(p - (const unsigned char *)text);
                while (o < len && ascii_fold[(unsigned char)text[o]]) /* past the room */
                    part.too_long = true, o++;
                if (o > off) {
                    last_base = ascii_class[(unsigned char)text[o - 1]];
                    part_end = off = o;
                    /* most words end at a space or a stop */
                    if (off == len || ends_word((unsigned char)text[off])) break;
                }
                n = decode_at(text, len, off, &cp);
                if (n == 0) break;
                int cl = classify(cp);
                if (cl != CL_OTHER) {
                    fold_append(&part, cp);
                    if (cl != CL_MARK) last_base = cl;
                    off += n;
                    part_end = off;
                    continue;
                }
                if (is_apostrophe(cp) && last_base == CL_LETTER) {
                    int32_t c2, c3;
                    size_t n2 = decode_at(text, len, off + n, &c2);
                    if (n2 && classify(c2) == CL_LETTER) {
                        if (c2 == 's' || c2 == 'S') {
                            size_t n3 = decode_at(text, len, off + n + n2, &c3);
                            if (n3 == 0 || classify(c3) == CL_OTHER) {
                                /* possessive: skip "'s", end the part */
                                off += n + n2;
                                break;
                            }
                        }
                        off += n; /* joining apostrophe */
                        continue;
                    }
                }
                break;
            }

            part.s[part.n] = 0; /* the fast path leaves it off */
            bool emitted = false;
            if (!part.too_long && part.n > 0) {
                smp_token tok = {part.s, part.n, part_start, part_end, pos, 0};
                int rc = fn(ud, &tok);
                if (rc) return rc;
                emitted = true;
                pos++;
            }
            nparts++;
            word_end = part_end;

            /* Does a hyphen continue the word? */
            bool more = false;
            if (off < len && !ends_word((unsigned char)text[off])) {
                n = decode_at(text, len, off, &cp);
                if (n && is_hyphen(cp) &&
                    (last_base == CL_LETTER || last_base == CL_DIGIT)) {
                    int32_t c2;
                    size_t n2 = decode_at(text, len, off + n, &c2);
                    int cl2 = classify(c2);
                    more = n2 && (cl2 == CL_LETTER || cl2 == CL_DIGIT);
                }
            }
            /* the joined form, kept only for words of two parts or more */
            if (!emitted)
                cat_ok = false;
            else if (more || nparts > 1)
                text_append(&cat, part.s, part.n);
            if (more) {
                off += n;
                continue;
            }
            break;
        }

        if (nparts >= 2 && cat_ok && !cat.too_long) {
            smp_token tok = {cat.s, cat.n, word_start, word_end, pos - 1, 1};
            int rc = fn(ud, &tok);
            if (rc) return rc;
        }
    }
    return 0;
}
