/*
 * server.c - `smpsearch serve`: the HTTP JSON API and the search page,
 * on libmicrohttpd.
 *
 *   GET /                 the search page: page.html (built in) or the
 *                         site's own template (--page), with the title,
 *                         accent colour and logo filled in (branding.c)
 *   GET /widget.js        the search box, <smpsearch-box> (widget.js, built
 *                         in), for the page and for other sites
 *   GET /logo             the --logo image, when it is a file
 *   GET /api/search?q=..&k=..   results as JSON (the query as understood,
 *                         each result's article, heading, url, score,
 *                         text, answer and highlight offsets)
 *   GET /api/suggest?q=.. completions for search-as-you-type (suggest.c)
 *   GET /api/starters?k=.. questions to start from (suggest.c)
 *   GET /healthz          {"status": "ok", ...}
 *
 * With --log FILE, each /api/search appends a line to FILE (querylog.h:
 * the time, the question, answered, confidence, the top passage; nothing
 * about the client) through logwriter.c's queue and thread, so that no
 * request waits for the disk.
 *
 * The index is read into memory once (SMP_OPEN_COPY: every checksum
 * verified, and nothing done to the file afterwards, such as a copy over
 * it in place, can reach the copy) and shared by every thread; each
 * request borrows a searcher from a pool that belongs to that index.  On
 * SIGHUP, or when the index file changes (checked every second: its inode,
 * size or time of change), the main thread reads the new index and makes
 * it current once it is whole and passes its checks; until then the old
 * one keeps answering.  Requests running on the old one finish on it, and
 * it is freed when the last of them returns its searcher.
 *
 * Nothing a client sends reaches the file system: the index path is fixed
 * at start, and the query only reaches the search; nothing sent back
 * names the server's files (an article's path is given relative to the
 * folder of the index's articles, and a failed search says only that).
 * Bad parameters, and a query string that is not percent-encoded
 * correctly, get 400 with a JSON error; other methods 405; unknown paths
 * 404.
 *
 * Limits against clients that hold connections: --max-connections in all,
 * --max-per-address from one IP address, and --timeout seconds for a
 * connection that sends nothing (an idle keep-alive connection or a
 * request half sent); libmicrohttpd closes the rest.  The polling threads
 * never wait on a client, so slow ones cost a connection slot each, no
 * thread.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "cli/cli.h"
#include "cli/querylog.h"
#include "cli/serve/logwriter.h"
#include "cli/serve/serve.h"

/* An opened index with its searchers; replaced on reload. */
typedef struct generation {
    smp_index *ix;
    suggester *sg;
    const char *root; /* what articles' paths start with, left out of answers */
    struct stat st;   /* of the file when opened */
    unsigned refs;    /* requests using it, plus 1 while current */
    smp_searcher **free_list;
    size_t nfree, capfree;
    uint64_t number;
} generation;

typedef struct server {
    const char *index_path;
    serve_opts o;
    size_t word_cache; /* of each searcher (smp_searcher_set_word_cache) */
    branding brand; /* the page, made once at start */
    pthread_mutex_t mu;
    generation *cur;
    uint64_t generations;
    uint64_t requests, errors;
    logwriter *log; /* --log, or NULL */
} server;

static volatile sig_atomic_t got_hup, got_stop;
static void on_hup(int sig) { (void)sig; got_hup = 1; }
static void on_stop(int sig) { (void)sig; got_stop = 1; }

static void gen_free(generation *g) {
    for (size_t i = 0; i < g->nfree; i++) smp_searcher_free(g->free_list[i]);
    free(g->free_list);
    suggester_free(g->sg);
    smp_index_close(g->ix);
    free(g);
}

static generation *gen_open(const char *path, smp_error *err) {
    generation *g = calloc(1, sizeof *g);
    if (!g) {
        snprintf(err->msg, sizeof err->msg, "out of memory");
        return NULL;
    }
    int fd_ok = stat(path, &g->st) == 0;
    if (smp_index_open_flags(&g->ix, path, SMP_OPEN_COPY, err) || !fd_ok) {
        if (!fd_ok && !err->msg[0]) snprintf(err->msg, sizeof err->msg, "%s: %s", path, strerror(errno));
        gen_free(g);
        return NULL;
    }
    if (suggester_new(&g->sg, g->ix, err)) {
        gen_free(g);
        return NULL;
    }
    g->root = suggester_root(g->sg);
    g->refs = 1;
    return g;
}

/* The current index, and a searcher for this request when out is not
 * NULL (requests that do not search take none). */
static generation *acquire(server *s, smp_searcher **out) {
    pthread_mutex_lock(&s->mu);
    generation *g = s->cur;
    g->refs++;
    smp_searcher *sr = out && g->nfree ? g->free_list[--g->nfree] : NULL;
    pthread_mutex_unlock(&s->mu);
    if (out && !sr) {
        if (smp_searcher_new(&sr, g->ix, NULL)) sr = NULL;
        else smp_searcher_set_word_cache(sr, s->word_cache);
    }
    if (out) *out = sr;
    return g;
}

static void release(server *s, generation *g, smp_searcher *sr) {
    pthread_mutex_lock(&s->mu);
    if (sr && g->nfree == g->capfree) {
        size_t nc = g->capfree ? 2 * g->capfree : 8;
        smp_searcher **fl = realloc(g->free_list, nc * sizeof *fl);
        if (fl) {
            g->free_list = fl;
            g->capfree = nc;
        }
    }
    if (sr && g->nfree < g->capfree) g->free_list[g->nfree++] = sr, sr = NULL;
    int last = --g->refs == 0;
    pthread_mutex_unlock(&s->mu);
    smp_searcher_free(sr);
    if (last) gen_free(g);
}

/* Opens the index again and makes it current: 0, or -1 (the old one stays). */
static int reload(server *s, const char *why) {
    smp_error err = {0, ""};
    generation *g = gen_open(s->index_path, &err);
    if (!g) {
        text_printf(stderr, "smpsearch serve: %s: keeping the index in use: %s\n", why, err.msg);
        return -1;
    }
    pthread_mutex_lock(&s->mu);
    generation *old = s->cur;
    g->number = ++s->generations;
    s->cur = g;
    int last = --old->refs == 0;
    pthread_mutex_unlock(&s->mu);
    if (last) gen_free(old);
    text_printf(stderr, "smpsearch serve: %s: index reopened (%s)\n", why, s->index_path);
    return 0;
}

/* --- responses ------------------------------------------------------------ */

static int accepts_gzip(struct MHD_Connection *c) {
    const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
    return ae && strstr(ae, "gzip") != NULL;
}

/* body compressed with gzip into *out: 0, or -1 (send it as it is). */
static int gzip_body(const char *body, size_t n, char **out, size_t *out_n) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
    size_t cap = deflateBound(&z, n) + 32;
    char *buf = malloc(cap);
    if (!buf) {
        deflateEnd(&z);
        return -1;
    }
    z.next_in = (Bytef *)body;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)buf;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    *out_n = cap - z.avail_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(buf);
        return -1;
    }
    *out = buf;
    return 0;
}

static enum MHD_Result respond(server *s, struct MHD_Connection *c, unsigned status,
                            const char *type, const char *body, size_t n, int cache) {
    char *gz = NULL;
    size_t gzn = 0;
    int zipped = n > 512 && accepts_gzip(c) && gzip_body(body, n, &gz, &gzn) == 0;
    struct MHD_Response *r = MHD_create_response_from_buffer(
        zipped ? gzn : n, zipped ? gz : (void *)body, MHD_RESPMEM_MUST_COPY);
    free(gz);
    if (!r) return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cache ? "max-age=300" : "no-store");
    if (zipped) MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    if (s->o.cors) MHD_add_response_header(r, "Access-Control-Allow-Origin", s->o.cors);
    if (!strncmp(type, "text/html", 9))
        MHD_add_response_header(r, "Content-Security-Policy", s->brand.csp);
    else if (!strncmp(type, "image/", 6)) /* an SVG logo opened alone runs nothing */
        MHD_add_response_header(r, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'");
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result send_error(server *s, struct MHD_Connection *c, unsigned status,
                                  const char *msg) {
    char *body = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&body, &n);
    if (!f) return MHD_NO;
    fprintf(f, "{\"error\": ");
    json_string(f, msg, strlen(msg));
    fprintf(f, ", \"status\": %u}\n", status);
    fclose(f);
    pthread_mutex_lock(&s->mu);
    s->errors++;
    pthread_mutex_unlock(&s->mu);
    enum MHD_Result ok = respond(s, c, status, "application/json; charset=utf-8", body, n, 0);
    free(body);
    return ok;
}

static const char JSON_TYPE[] = "application/json; charset=utf-8";

/* ?k=: 1..max_k, or the default. 0, or -1 for a bad value. */
static int param_k(struct MHD_Connection *c, uint32_t def, uint32_t max, uint32_t *k) {
    const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "k");
    *k = def;
    if (!v) return 0;
    char *end;
    errno = 0;
    unsigned long x = strtoul(v, &end, 10);
    if (!*v || *end || errno || x < 1 || x > max) return -1;
    *k = (uint32_t)x;
    return 0;
}

/* ?q=: present, not empty, not too long. NULL after an error response. */
static const char *param_q(server *s, struct MHD_Connection *c, enum MHD_Result *res) {
    const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q");
    if (!q || !*q) {
        *res = send_error(s, c, MHD_HTTP_BAD_REQUEST, "missing parameter q");
        return NULL;
    }
    if (strlen(q) > s->o.max_query) {
        char msg[96];
        snprintf(msg, sizeof msg, "q is longer than %u bytes", s->o.max_query);
        *res = send_error(s, c, MHD_HTTP_BAD_REQUEST, msg);
        return NULL;
    }
    return q;
}

/* ?q= and ?k=: 0, or -1 with a 400 response queued in *res. */
static int params(server *s, struct MHD_Connection *c, uint32_t def_k, const char **q,
                  uint32_t *k, enum MHD_Result *res) {
    if (!(*q = param_q(s, c, res))) return -1;
    if (param_k(c, def_k, s->o.max_k, k)) {
        char msg[64];
        snprintf(msg, sizeof msg, "k must be a whole number from 1 to %u", s->o.max_k);
        *res = send_error(s, c, MHD_HTTP_BAD_REQUEST, msg);
        return -1;
    }
    return 0;
}

/* The log line of a search, queued for the writer thread. */
static void log_search(server *s, const char *q, const smp_results *r) {
    char ts[QLOG_TIME_LEN];
    qlog_time(time(NULL), ts);
    char *line = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&line, &n);
    if (f) {
        qlog_write(f, ts, q, strlen(q), r, s->o.base_url);
        fclose(f);
    }
    if (line) logwriter_push(s->log, line, n);
    else logwriter_push(s->log, "", 0); /* counted as dropped */
    free(line);
}

/* --- ?category= and ?tag= filters, each repeatable ---------------------------- */
typedef struct filter_params {
    cli_filters f;
    smp_search_options *so;
    int too_many;
} filter_params;

static enum MHD_Result on_filter_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value) {
    filter_params *fp = cls;
    (void)kind;
    int opt = !strcmp(key, "category") ? CLI_OPT_CATEGORY : !strcmp(key, "tag") ? CLI_OPT_TAG : 0;
    if (!opt || !value || !*value) return MHD_YES;
    size_t n = opt == CLI_OPT_CATEGORY ? fp->so->ncategories : fp->so->ntags;
    if (n == CLI_MAX_FILTER_VALUES) {
        fp->too_many = 1;
        return MHD_NO;
    }
    cli_parse_filter(opt, value, &fp->f, fp->so);
    return MHD_YES;
}
/* --- end of filters ---------------------------------------------------------- */

static enum MHD_Result api_search(server *s, struct MHD_Connection *c) {
    enum MHD_Result res = MHD_NO;
    const char *q;
    uint32_t k;
    if (params(s, c, 10, &q, &k, &res)) return res;
    smp_searcher *sr;
    generation *g = acquire(s, &sr);
    if (!sr) {
        release(s, g, NULL);
        return send_error(s, c, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory");
    }
    smp_search_options so;
    smp_search_options_for(&so, g->ix); /* a trained index's ranking */
    so.k = k;
    filter_params fp = {.so = &so}; /* so points into fp.f */
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_filter_arg, &fp);
    /* facet counts walk every posting of the question's words: when asked
       for (facets=1), or under a filter */
    const char *fv = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "facets");
    so.facets = (fv && !strcmp(fv, "1")) || so.ncategories || so.ntags;
    if (fp.too_many) {
        release(s, g, sr);
        return send_error(s, c, MHD_HTTP_BAD_REQUEST, "too many category or tag values");
    }
    smp_results *r = NULL;
    smp_error err = {0, ""};
    double t0 = cli_now();
    int rc = smp_searcher_search(sr, q, &so, &r, &err);
    double ms = (cli_now() - t0) * 1e3;
    if (s->log && (rc == SMP_OK || rc == SMP_EEMPTY)) log_search(s, q, rc == SMP_OK ? r : NULL);
    char *body = NULL;
    size_t n = 0;
    if (rc == SMP_OK || rc == SMP_EEMPTY) {
        FILE *f = open_memstream(&body, &n);
        if (f) {
            /* SMP_EEMPTY (nothing to search for) is no results, not an error */
            out_opts oo = {OUT_JSONL, 0, NULL, s->o.base_url, ms, NULL, g->root};
            out_results(f, &oo, NULL, q, rc == SMP_OK ? r : NULL);
            fclose(f);
        }
    }
    smp_results_free(r);
    release(s, g, sr);
    if (rc != SMP_OK && rc != SMP_EEMPTY) {
        free(body);
        if (rc == SMP_EINVAL) return send_error(s, c, MHD_HTTP_BAD_REQUEST, err.msg);
        /* the details name files: for the log, not for the client */
        text_printf(stderr, "smpsearch serve: a search failed: %s\n", err.msg);
        return send_error(s, c, MHD_HTTP_INTERNAL_SERVER_ERROR,
                          rc == SMP_ENOMEM ? "out of memory" : "the index could not be read");
    }
    if (!body) return send_error(s, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    res = respond(s, c, MHD_HTTP_OK, JSON_TYPE, body, n, 0);
    free(body);
    return res;
}

static enum MHD_Result api_suggest(server *s, struct MHD_Connection *c) {
    enum MHD_Result res = MHD_NO;
    const char *q;
    uint32_t k;
    if (params(s, c, 8, &q, &k, &res)) return res;
    generation *g = acquire(s, NULL);
    char *body = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&body, &n);
    if (f) {
        suggester_json(g->sg, q, k, f);
        fclose(f);
    }
    release(s, g, NULL);
    if (!body) return send_error(s, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    res = respond(s, c, MHD_HTTP_OK, JSON_TYPE, body, n, 0);
    free(body);
    return res;
}

static enum MHD_Result api_starters(server *s, struct MHD_Connection *c) {
    uint32_t k;
    if (param_k(c, 6, s->o.max_k, &k)) {
        char msg[64];
        snprintf(msg, sizeof msg, "k must be a whole number from 1 to %u", s->o.max_k);
        return send_error(s, c, MHD_HTTP_BAD_REQUEST, msg);
    }
    generation *g = acquire(s, NULL);
    char *body = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&body, &n);
    if (f) {
        suggester_starters_json(g->sg, k, f);
        fclose(f);
    }
    release(s, g, NULL);
    if (!body) return send_error(s, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    enum MHD_Result res = respond(s, c, MHD_HTTP_OK, JSON_TYPE, body, n, 0);
    free(body);
    return res;
}

static enum MHD_Result healthz(server *s, struct MHD_Connection *c) {
    generation *g = acquire(s, NULL);
    smp_index_info in;
    smp_index_get_info(g->ix, &in);
    char body[512];
    pthread_mutex_lock(&s->mu);
    int n = snprintf(body, sizeof body,
                     "{\"status\": \"ok\", \"passages\": %llu, \"segments\": %u, "
                     "\"generation\": %llu, \"requests\": %llu}\n",
                     (unsigned long long)in.passages, in.segments,
                     (unsigned long long)g->number, (unsigned long long)s->requests);
    pthread_mutex_unlock(&s->mu);
    release(s, g, NULL);
    if (s->log && n > 2) { /* "log": its lines written and dropped */
        logwriter_stats ls;
        logwriter_get_stats(s->log, &ls);
        int m = snprintf(body + n - 2, sizeof body - (size_t)n + 2,
                         ", \"log\": {\"written\": %llu, \"dropped\": %llu, "
                         "\"rotations\": %llu}}\n",
                         (unsigned long long)ls.written, (unsigned long long)ls.dropped,
                         (unsigned long long)ls.rotations);
        if (m > 0 && (size_t)m < sizeof body - (size_t)n + 2) n += m - 2;
    }
    return respond(s, c, MHD_HTTP_OK, JSON_TYPE, body, (size_t)n, 0);
}

/* A request's state (*con_cls): new, new with a URI that is not
 * percent-encoded correctly, or past its headers. */
static char st_new, st_bad_uri, st_seen;

static int hexdigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* 1 when every '%' of uri starts an escape of two hex digits other than
 * %00 (which would cut the value short). */
static int uri_encoding_ok(const char *uri) {
    for (const char *p = strchr(uri, '%'); p; p = strchr(p + 1, '%'))
        if (!hexdigit(p[1]) || !hexdigit(p[2]) || (p[1] == '0' && p[2] == '0')) return 0;
    return 1;
}

/* Called with the request's URI as sent, before it is decoded (which
 * would pass a malformed escape on as it is): its first state. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
    (void)cls;
    (void)c;
    return uri_encoding_ok(uri) ? &st_new : &st_bad_uri;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version,
                              const char *upload_data, size_t *upload_size, void **state) {
    (void)version;
    (void)upload_data;
    server *s = cls;
    int known = !strcmp(method, "GET") || !strcmp(method, "HEAD") || !strcmp(method, "OPTIONS");
    if (*state != &st_seen) { /* first call: headers only; refuse a body before it comes */
        int bad_uri = *state == &st_bad_uri;
        *state = &st_seen;
        if (!known) return send_error(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD");
        if (bad_uri)
            return send_error(s, c, MHD_HTTP_BAD_REQUEST,
                              "the URL is not percent-encoded correctly (a '%' must start "
                              "%XX, two hexadecimal digits, and %00 is not allowed)");
        if (MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH) ||
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING))
            return send_error(s, c, MHD_HTTP_CONTENT_TOO_LARGE, "requests have no body");
        return MHD_YES;
    }
    if (*upload_size) { /* a body after all: not wanted */
        *upload_size = 0;
        return MHD_YES;
    }
    pthread_mutex_lock(&s->mu);
    s->requests++;
    pthread_mutex_unlock(&s->mu);
    if (!strcmp(method, "OPTIONS") && s->o.cors) { /* CORS preflight */
        struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(r, "Access-Control-Allow-Origin", s->o.cors);
        MHD_add_response_header(r, "Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        MHD_add_response_header(r, "Access-Control-Max-Age", "86400");
        enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_NO_CONTENT, r);
        MHD_destroy_response(r);
        return ok;
    }
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return send_error(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD");
    if (!strcmp(url, "/api/search")) return api_search(s, c);
    if (!strcmp(url, "/api/suggest")) return api_suggest(s, c);
    if (!strcmp(url, "/healthz")) return healthz(s, c);
    if (!strcmp(url, "/api/starters")) return api_starters(s, c);
    if (!strcmp(url, "/") || !strcmp(url, "/index.html"))
        return respond(s, c, MHD_HTTP_OK, "text/html; charset=utf-8", s->brand.page,
                       s->brand.page_len, 1);
    if (!strcmp(url, "/widget.js"))
        return respond(s, c, MHD_HTTP_OK, "text/javascript; charset=utf-8", serve_widget,
                       strlen(serve_widget), 1);
    if ((!strcmp(url, "/logo") || !strcmp(url, "/favicon.ico")) && s->brand.logo)
        return respond(s, c, MHD_HTTP_OK, s->brand.logo_type, (const char *)s->brand.logo,
                       s->brand.logo_len, 1);
    if (!strcmp(url, "/favicon.ico")) /* none: asked for by every browser */
        return respond(s, c, MHD_HTTP_NO_CONTENT, "image/x-icon", "", 0, 1);
    return send_error(s, c, MHD_HTTP_NOT_FOUND, "no such page");
}

/* --- the command ---------------------------------------------------------- */

static void serve_usage(FILE *f) {
    fputs("Usage: smpsearch serve [OPTIONS]\n"
          "Serves the search page and the JSON API over HTTP.\n"
          "  --index FILE        index to serve (default: $SMPSEARCH_INDEX, else\n"
          "                      ./smpsearch.idx, else the bundled demo articles)\n"
          "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; port 0 picks\n"
          "                      a free one, printed on start)\n"
          "  --threads N         worker threads (default: the number of cores)\n"
          "  --max-connections N connections at once, in all (default 1024)\n"
          "  --max-per-address N connections at once from one IP address (default 64;\n"
          "                      0: no limit, behind a proxy that limits them)\n"
          "  --timeout SECONDS   close a connection that sends nothing for this long:\n"
          "                      idle, or a request half sent (default 10)\n"
          "  --word-cache N      distinct words each searcher keeps the stems of; when\n"
          "                      more, the cache is emptied (default 8192; 0: no bound)\n"
          "  --max-query BYTES   longest question accepted (default 512)\n"
          "  --max-k N           most results a request may ask for (default 50)\n"
          "  --cors ORIGIN       Access-Control-Allow-Origin for the API (e.g. * or\n"
          "                      https://clinic.example)\n"
          "  --base-url URL      link results to URL + article id\n"
          "  --log FILE          append a line for each search to FILE (JSON Lines):\n"
          "                      the time (UTC), the question as typed, whether it\n"
          "                      was answered, the confidence and the top passage\n"
          "                      (article, heading, link).  No IP address, cookie,\n"
          "                      user agent or referrer is recorded.  Read it with\n"
          "                      'smpsearch report FILE'\n"
          "  --log-max-size SIZE rename FILE to FILE.1 when it would grow past SIZE\n"
          "                      (bytes, or a number with K, M or G; default: never)\n"
          "  --log-keep N        rotated files kept, FILE.1 .. FILE.N (default 5)\n"
          "  --title TEXT        the page's title and heading\n"
          "  --accent COLOUR     the page's colour of links and borders: a CSS\n"
          "                      colour (#0a7c6e, rgb(10 124 110), teal)\n"
          "  --logo FILE|URL     a logo beside the title: a PNG, JPEG, GIF, WebP or\n"
          "                      SVG file (up to 512 KB, served at /logo) or an\n"
          "                      http(s) URL\n"
          "  --page FILE         the site's own HTML page, with <!-- smpsearch -->\n"
          "                      where the search box goes ({{title}}, {{logo}}\n"
          "                      and {{accent}} are filled in too)\n"
          "  -h, --help          this help\n"
          "Other sites put the search box on their pages with /widget.js (see the\n"
          "README, \"Put it on your site\").  SIGHUP, or replacing the index file,\n"
          "reopens the index without dropping requests (the page, logo and template\n"
          "are read once, at start); SIGHUP also reopens the --log file (for\n"
          "logrotate).  The index is held in memory: a copy over its file in place\n"
          "is read once it is whole and passes its checks, and until then the old\n"
          "one answers.  SIGINT or SIGTERM stops the server.\n", f);
}

static int parse_listen(const char *s, struct sockaddr_in *sa) {
    char host[64];
    const char *colon = strrchr(s, ':');
    if (!colon || (size_t)(colon - s) >= sizeof host) return -1;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = 0;
    char *end;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (!colon[1] || *end || port > 65535) return -1;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (!strcmp(host, "localhost")) strcpy(host, "127.0.0.1");
    return inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &sa->sin_addr) == 1 ? 0 : -1;
}

static unsigned long number(const char *arg, const char *name, unsigned long lo,
                            unsigned long hi, int *bad) {
    char *end;
    unsigned long v = strtoul(arg, &end, 10);
    if (!*arg || *end || v < lo || v > hi) {
        text_printf(stderr, "smpsearch serve: %s must be %lu..%lu\n", name, lo, hi);
        *bad = 1;
    }
    return v;
}

/* A size: bytes, or a number with K, M or G. */
static uint64_t size_arg(const char *arg, const char *name, int *bad) {
    char *end;
    unsigned long long v = strtoull(arg, &end, 10);
    unsigned long long unit = *end == 'K' || *end == 'k' ? 1ull << 10
                              : *end == 'M' || *end == 'm' ? 1ull << 20
                              : *end == 'G' || *end == 'g' ? 1ull << 30
                                                           : 1;
    if (unit > 1) end++;
    if (*end || !*arg || arg[0] == '-' || v > (1ull << 50) / unit) {
        text_printf(stderr, "smpsearch serve: bad %s '%s' (bytes, or a number with K, M or G)\n",
                name, arg);
        *bad = 1;
    }
    return v * unit;
}

enum { OPT_LOG = 0x3a0, OPT_LOG_MAX_SIZE, OPT_LOG_KEEP, OPT_PER_ADDRESS, OPT_TIMEOUT,
       OPT_WORD_CACHE };

int cmd_serve(int argc, char **argv) {
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'i'},
        {"listen", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'},
        {"max-connections", required_argument, NULL, 'c'},
        {"max-per-address", required_argument, NULL, OPT_PER_ADDRESS},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"word-cache", required_argument, NULL, OPT_WORD_CACHE},
        {"max-query", required_argument, NULL, 'q'},
        {"max-k", required_argument, NULL, 'k'},
        {"cors", required_argument, NULL, 'C'},
        {"base-url", required_argument, NULL, 'B'},
        {"log", required_argument, NULL, OPT_LOG},
        {"log-max-size", required_argument, NULL, OPT_LOG_MAX_SIZE},
        {"log-keep", required_argument, NULL, OPT_LOG_KEEP},
        {"title", required_argument, NULL, 'T'},
        {"accent", required_argument, NULL, 'A'},
        {"logo", required_argument, NULL, 'L'},
        {"page", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    server s;
    memset(&s, 0, sizeof s);
    s.o.max_query = 512;
    s.o.max_k = 50;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = cores > 0 ? (unsigned)cores : 2, max_conn = 1024, per_address = 64,
             timeout = 10;
    s.word_cache = SMP_WORD_CACHE_DEFAULT;
    const char *listen = "127.0.0.1:8080", *index = NULL, *log_path = NULL;
    logwriter_opts lo = {0, 5, 4096};
    branding_opts bo = {NULL, NULL, NULL, NULL};
    int c, bad = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'i': index = optarg; break;
        case 'l': listen = optarg; break;
        case 't': threads = (unsigned)number(optarg, "--threads", 1, 256, &bad); break;
        case 'c': max_conn = (unsigned)number(optarg, "--max-connections", 1, 100000, &bad); break;
        case OPT_PER_ADDRESS:
            per_address = (unsigned)number(optarg, "--max-per-address", 0, 100000, &bad);
            break;
        case OPT_TIMEOUT: timeout = (unsigned)number(optarg, "--timeout", 1, 3600, &bad); break;
        case OPT_WORD_CACHE:
            s.word_cache = (size_t)number(optarg, "--word-cache", 0, 100000000, &bad);
            break;
        case 'q': s.o.max_query = (unsigned)number(optarg, "--max-query", 1, 65536, &bad); break;
        case 'k': s.o.max_k = (unsigned)number(optarg, "--max-k", 1, 1000, &bad); break;
        case 'C': s.o.cors = optarg; break;
        case 'B': s.o.base_url = optarg; break;
        case OPT_LOG: log_path = optarg; break;
        case OPT_LOG_MAX_SIZE: lo.max_size = size_arg(optarg, "--log-max-size", &bad); break;
        case OPT_LOG_KEEP: lo.keep = (unsigned)number(optarg, "--log-keep", 0, 1000, &bad); break;
        case 'T': bo.title = optarg; break;
        case 'A': bo.accent = optarg; break;
        case 'L': bo.logo = optarg; break;
        case 'P': bo.page = optarg; break;
        case 'h': serve_usage(stdout); return EXIT_OK;
        default: cli_option_error("serve", c, argv, longopts); return EXIT_USAGE;
        }
    }
    struct sockaddr_in sa;
    if (!bad && parse_listen(listen, &sa)) {
        text_printf(stderr, "smpsearch serve: --listen wants ADDRESS:PORT (IPv4), not '%s'\n", listen);
        bad = 1;
    }
    if (bad || optind < argc) {
        if (optind < argc) text_printf(stderr, "smpsearch serve: unexpected argument '%s'\n", argv[optind]);
        return EXIT_USAGE;
    }
    char msg[512];
    int brc = branding_make(&s.brand, &bo, msg, sizeof msg);
    if (brc) {
        text_printf(stderr, "smpsearch serve: %s\n", msg);
        branding_free(&s.brand);
        return brc == -1 ? EXIT_USAGE : EXIT_FAIL;
    }
    s.index_path = cli_default_index(index);
    smp_error err = {0, ""};
    s.cur = gen_open(s.index_path, &err);
    if (!s.cur) {
        text_printf(stderr, "smpsearch serve: %s\n", err.msg);
        branding_free(&s.brand);
        return EXIT_FAIL;
    }
    if (log_path && logwriter_open(&s.log, log_path, &lo, msg, sizeof msg)) {
        text_printf(stderr, "smpsearch serve: %s\n", msg);
        gen_free(s.cur);
        branding_free(&s.brand);
        return EXIT_FAIL;
    }
    pthread_mutex_init(&s.mu, NULL);
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = on_hup;
    sigaction(SIGHUP, &act, NULL);
    act.sa_handler = on_stop;
    sigaction(SIGINT, &act, NULL);
    sigaction(SIGTERM, &act, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        handle, &s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        threads, MHD_OPTION_CONNECTION_LIMIT, max_conn, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        per_address, MHD_OPTION_CONNECTION_TIMEOUT, timeout,
        /* room for the request line and headers: a URL of 10,000 words is
           read and refused with a 400 of its own, not libmicrohttpd's 414 */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 << 10), MHD_OPTION_URI_LOG_CALLBACK,
        on_uri, NULL, MHD_OPTION_END);
    if (!d) {
        text_printf(stderr, "smpsearch serve: cannot listen on %s: %s\n", listen, strerror(errno));
        logwriter_close(s.log);
        gen_free(s.cur);
        branding_free(&s.brand);
        return EXIT_FAIL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char host[32];
    inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
    text_printf(stdout, "smpsearch serve: http://%s:%u/ (index %s, %u threads)\n", host,
           info ? info->port : ntohs(sa.sin_port), s.index_path, threads);
    fflush(stdout);
    unsigned tick = 0;
    while (!got_stop) {
        struct timespec ts = {0, 200 * 1000 * 1000};
        nanosleep(&ts, NULL);
        if (got_hup) {
            got_hup = 0;
            if (s.log) logwriter_reopen(s.log);
            reload(&s, "SIGHUP");
            continue;
        }
        if (++tick % 5) continue; /* the file, once a second */
        struct stat st;
        if (stat(s.index_path, &st) == 0 &&
            (st.st_ino != s.cur->st.st_ino || st.st_mtim.tv_sec != s.cur->st.st_mtim.tv_sec ||
             st.st_mtim.tv_nsec != s.cur->st.st_mtim.tv_nsec || st.st_size != s.cur->st.st_size))
            if (reload(&s, "index file changed")) s.cur->st = st; /* not again until it changes */
    }
    MHD_stop_daemon(d);
    logwriter_close(s.log); /* after the last request: writes what is queued */
    text_printf(stderr, "smpsearch serve: stopped after %llu requests\n",
            (unsigned long long)s.requests);
    pthread_mutex_lock(&s.mu);
    generation *g = s.cur;
    int last = --g->refs == 0;
    pthread_mutex_unlock(&s.mu);
    if (last) gen_free(g);
    pthread_mutex_destroy(&s.mu);
    branding_free(&s.brand);
    return EXIT_OK;
}
