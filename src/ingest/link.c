/*
 * link.c - where an article and its sections are published: the URL a
 * static site gives a source file, and the fragment a site generator gives
 * a heading.
 *
 * URLs from paths follow what static-site tools publish by default:
 *   treatments/smp/index.html  -> /treatments/smp/
 *   blog/post.html             -> /blog/post.html
 *   blog/lash-lift.md          -> /blog/lash-lift/   (Hugo, Eleventy, Astro)
 *   blog/_index.md, index.md   -> /blog/
 *   with slug "lift" in the front matter: blog/lash-lift.md -> /blog/lift/
 * Bytes other than letters, digits, "-._~/" are percent-encoded.
 *
 * (A base URL in front of such a URL: smp_url_join, base/url.c.)
 *
 * Heading fragments are Hugo's and GitHub's default heading ids: the
 * heading lower-cased (ASCII letters), spaces turned into '-', and every
 * character that is not a letter, digit, '-' or '_' left out; non-ASCII
 * letters are kept as they are.  "How long does SMP last?" ->
 * "how-long-does-smp-last".
 */
#include <string.h>

#include "ingest/ingest.h"

static bool l_unreserved(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

static void l_put_encoded(smp_buf *out, const char *s, size_t n) {
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (l_unreserved(c)) {
            smp_buf_putc(out, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            smp_buf_append(out, e, 3);
        }
    }
}

static bool l_is(const char *s, size_t n, const char *name) {
    return strlen(name) == n && !strncmp(s, name, n);
}

void smp_url_from_path(smp_buf *out, const smp_ingest_ctx *cx, int fmt, const char *slug) {
    const char *rel = cx->path ? cx->path : "";
    if (cx->root_len <= strlen(rel)) rel += cx->root_len;
    while (*rel == '/' || (rel[0] == '.' && rel[1] == '/')) rel += *rel == '/' ? 1 : 2;
    const char *base = strrchr(rel, '/');
    size_t dir_len = base ? (size_t)(base - rel) + 1 : 0; /* with its '/' */
    base = rel + dir_len;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    smp_buf_putc(out, '/');
    l_put_encoded(out, rel, dir_len);
    if (fmt == 'h') {
        if (!l_is(base, stem, "index")) l_put_encoded(out, base, strlen(base));
    } else if (fmt == 'm') {
        if (slug && *slug) {
            l_put_encoded(out, slug, strlen(slug));
            smp_buf_putc(out, '/');
        } else if (!l_is(base, stem, "index") && !l_is(base, stem, "_index") && stem) {
            l_put_encoded(out, base, stem);
            smp_buf_putc(out, '/');
        }
    } else {
        l_put_encoded(out, base, strlen(base));
    }
    smp_buf_nul(out);
}

void smp_slug(smp_buf *out, const char *s, size_t n) {
    /* non-ASCII punctuation is not a letter: the common kinds are left
       out, so "Aftercare – day 1" -> "aftercare--day-1" as Hugo has it */
    static const char *const punct[] = {"\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x98",
                                        "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D",
                                        "\xE2\x80\xA6", "\xC2\xB7",     "\xC2\xA3",
                                        "\xE2\x82\xAC", "\xC2\xAB",     "\xC2\xBB",
                                        NULL};
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) { /* no-break space */
            smp_buf_putc(out, '-');
            i += 2;
            continue;
        }
        size_t skip = 0;
        for (const char *const *p = punct; *p && !skip && c >= 0x80; p++) {
            size_t pl = strlen(*p);
            if (i + pl <= n && !memcmp(s + i, *p, pl)) skip = pl;
        }
        if (skip) {
            i += skip;
            continue;
        }
        if (c >= 'A' && c <= 'Z') smp_buf_putc(out, (char)(c + 32));
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                 c >= 0x80)
            smp_buf_putc(out, (char)c);
        else if (c == ' ' || c == '\t') smp_buf_putc(out, '-');
        i++;
    }
    smp_buf_nul(out);
}
