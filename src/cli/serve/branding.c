/*
 * branding.c - the search page as a site wants it (`serve --title
 * --accent --logo --page`), made once at start.
 *
 * The page is a template: the built-in page.html, or the site's own HTML
 * (--page FILE), in which
 *
 *   <!-- smpsearch -->   becomes the search box (required, once: the
 *                        <smpsearch-box> element and the /widget.js that
 *                        makes it)
 *   {{title}}            the title (--title), HTML-escaped
 *   {{logo}}             an <img> of the logo (--logo), or nothing
 *   {{accent}}           the accent colour (--accent), checked to be a
 *                        CSS colour and escaped all the same
 *
 * The logo is a file, read into memory and served at /logo with the type
 * its first bytes say (PNG, JPEG, GIF, WebP, SVG; at most LOGO_MAX
 * bytes), or an http(s) URL the browser fetches.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/serve/serve.h"

#define PLACEHOLDER "<!-- smpsearch -->"
#define LOGO_MAX (512u * 1024u)
#define PAGE_MAX (1024u * 1024u)
#define DEFAULT_TITLE "Ask a question about your treatment"
#define DEFAULT_ACCENT "#8a3f6b"

/* The built-in page and the box it gets: no inline script, so a strict
 * policy.  A site's own template may load its own styles, fonts, images
 * and scripts. */
static const char CSP_BUILTIN[] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'";
static const char CSP_BUILTIN_LOGO_URL[] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https: http:; base-uri 'none'; form-action 'self'";
static const char CSP_TEMPLATE[] =
    "default-src 'self' https:; script-src 'self' 'unsafe-inline' https:; "
    "style-src 'self' 'unsafe-inline' https:; img-src 'self' data: https: http:; "
    "font-src 'self' data: https:";

/* The CSS named colours (CSS Color Module Level 4), space-separated. */
static const char NAMED[] =
    " aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue"
    " blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk"
    " crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki"
    " darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen"
    " darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue"
    " dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite"
    " gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki"
    " lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan"
    " lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen"
    " lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen"
    " magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen"
    " mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream"
    " mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid"
    " palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum"
    " powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown"
    " seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen"
    " steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow"
    " yellowgreen ";

int branding_colour_ok(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 64) return 0;
    if (s[0] == '#') {
        for (size_t i = 1; i < n; i++)
            if (!isxdigit((unsigned char)s[i])) return 0;
        return n == 4 || n == 5 || n == 7 || n == 9;
    }
    static const char *const fns[] = {"rgb(", "rgba(", "hsl(", "hsla(", "hwb(",
                                      "lab(", "lch(", "oklab(", "oklch("};
    for (size_t f = 0; f < sizeof fns / sizeof *fns; f++) {
        size_t fl = strlen(fns[f]);
        if (n <= fl + 1 || strncmp(s, fns[f], fl) || s[n - 1] != ')') continue;
        int digits = 0;
        for (size_t i = fl; i < n - 1; i++) {
            unsigned char c = (unsigned char)s[i];
            if (isdigit(c)) digits = 1;
            else if (!(islower(c) || strchr(".%, /+-", c))) return 0;
        }
        return digits;
    }
    char word[32];
    if (n + 3 > sizeof word) return 0;
    for (size_t i = 0; i < n; i++) {
        if (!isalpha((unsigned char)s[i])) return 0;
        word[i + 1] = (char)tolower((unsigned char)s[i]);
    }
    word[0] = ' ';
    word[n + 1] = ' ';
    word[n + 2] = 0;
    return strstr(NAMED, word) != NULL;
}

/* A logo URL: http(s), without spaces, quotes or angle brackets. */
static int url_ok(const char *s) {
    if (strncmp(s, "https://", 8) && strncmp(s, "http://", 7)) return 0;
    size_t n = strlen(s);
    if (n > 2048) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7f || strchr("\"'<>`\\", c)) return 0;
    }
    return 1;
}

/* A whole file into *out (NUL-terminated): 0, -2 (cannot read), -1 (more
 * than max bytes). */
static int read_file(const char *path, size_t max, char **out, size_t *out_n, char *msg,
                     size_t msgn) {
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(msg, msgn, "%s: %s", path, strerror(errno));
        return -2;
    }
    char *buf = malloc(max + 1);
    size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
    int err = ferror(f);
    fclose(f);
    if (!buf || err) {
        snprintf(msg, msgn, "%s: %s", path, buf ? "cannot be read" : "out of memory");
        free(buf);
        return -2;
    }
    if (n > max) {
        free(buf);
        snprintf(msg, msgn, "%s: larger than %zu KB", path, max / 1024);
        return -1;
    }
    buf[n] = 0;
    *out = buf;
    *out_n = n;
    return 0;
}

/* The media type of an image from its first bytes, or NULL. */
static const char *image_type(const unsigned char *p, size_t n) {
    if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8)) return "image/png";
    if (n >= 3 && !memcmp(p, "\xff\xd8\xff", 3)) return "image/jpeg";
    if (n >= 6 && (!memcmp(p, "GIF87a", 6) || !memcmp(p, "GIF89a", 6))) return "image/gif";
    if (n >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4)) return "image/webp";
    /* SVG: text, with an <svg element near the start */
    size_t look = n < 4096 ? n : 4096;
    for (size_t i = 0; i < look; i++)
        if (!p[i]) return NULL;
    for (size_t i = 0; i + 4 <= look; i++)
        if (!memcmp(p + i, "<svg", 4)) return "image/svg+xml";
    return NULL;
}

/* s HTML-escaped onto f. */
static void put_escaped(FILE *f, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

void branding_free(branding *b) {
    free(b->page);
    free(b->logo);
    memset(b, 0, sizeof *b);
}

int branding_make(branding *b, const branding_opts *o, char *msg, size_t msgn) {
    memset(b, 0, sizeof *b);
    const char *title = o->title ? o->title : DEFAULT_TITLE;
    const char *accent = o->accent ? o->accent : DEFAULT_ACCENT;
    const char *logo_url = NULL;
    char *tmpl = NULL;
    size_t tn = 0;
    FILE *f = NULL;
    int rc = 0;
    if (!*title || strlen(title) > 200) {
        snprintf(msg, msgn, "--title must be 1 to 200 bytes");
        return -1;
    }
    if (!branding_colour_ok(accent)) {
        snprintf(msg, msgn,
                 "--accent '%s' is not a CSS colour (try #0a7c6e, rgb(10 124 110) or teal)",
                 accent);
        return -1;
    }
    if (o->logo && (!strncmp(o->logo, "http://", 7) || !strncmp(o->logo, "https://", 8))) {
        if (!url_ok(o->logo)) {
            snprintf(msg, msgn, "--logo: not a usable URL (spaces, quotes or angle brackets)");
            return -1;
        }
        logo_url = o->logo;
    } else if (o->logo) {
        char *bytes;
        if ((rc = read_file(o->logo, LOGO_MAX, &bytes, &b->logo_len, msg, msgn))) {
            char m[256];
            snprintf(m, sizeof m, "--logo %s", msg);
            snprintf(msg, msgn, "%s", m);
            return rc;
        }
        b->logo = (unsigned char *)bytes;
        if (!(b->logo_type = image_type(b->logo, b->logo_len))) {
            snprintf(msg, msgn, "--logo %s: not a PNG, JPEG, GIF, WebP or SVG image", o->logo);
            return -1;
        }
    }
    if (o->page) {
        if ((rc = read_file(o->page, PAGE_MAX, &tmpl, &tn, msg, msgn))) {
            char m[256];
            snprintf(m, sizeof m, "--page %s", msg);
            snprintf(msg, msgn, "%s", m);
            return rc;
        }
        if (!strstr(tmpl, PLACEHOLDER)) {
            snprintf(msg, msgn,
                     "--page %s: no " PLACEHOLDER " in it; put it where the search box goes",
                     o->page);
            free(tmpl);
            return -1;
        }
    }
    const char *t = tmpl ? tmpl : serve_page;
    f = open_memstream(&b->page, &b->page_len);
    if (!f) {
        free(tmpl);
        snprintf(msg, msgn, "out of memory");
        return -2;
    }
    int boxed = 0;
    for (const char *p = t; *p;) {
        if (!boxed && !strncmp(p, PLACEHOLDER, sizeof PLACEHOLDER - 1)) {
            fputs("<smpsearch-box history autofocus slash-focus", f);
            if (o->accent) {
                fputs(" accent=\"", f);
                put_escaped(f, accent);
                fputc('"', f);
            }
            fputs("></smpsearch-box>\n<script src=\"/widget.js\"></script>", f);
            p += sizeof PLACEHOLDER - 1;
            boxed = 1;
        } else if (!strncmp(p, "{{title}}", 9)) {
            put_escaped(f, title);
            p += 9;
        } else if (!strncmp(p, "{{accent}}", 10)) {
            put_escaped(f, accent);
            p += 10;
        } else if (!strncmp(p, "{{logo}}", 8)) {
            if (b->logo || logo_url) {
                fputs("<img class=\"smpsearch-logo\" src=\"", f);
                put_escaped(f, logo_url ? logo_url : "/logo");
                fputs("\" alt=\"", f);
                put_escaped(f, title);
                fputs("\">", f);
            }
            p += 8;
        } else {
            fputc(*p++, f);
        }
    }
    int bad = fclose(f) != 0 || !b->page;
    free(tmpl);
    if (bad) {
        snprintf(msg, msgn, "out of memory");
        return -2;
    }
    b->csp = o->page ? CSP_TEMPLATE : logo_url ? CSP_BUILTIN_LOGO_URL : CSP_BUILTIN;
    return 0;
}
