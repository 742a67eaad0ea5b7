/*
 * eval.c - relevance judgments (qrels) and the effectiveness measures of a
 * ranking: nDCG@10, MRR@10, P@1, Recall@10 and Recall@100.
 *
 * Conventions are trec_eval's with -c: the mean is over every query of the
 * qrels that has at least one relevant (rel > 0) passage, a query without
 * results counting 0; nDCG uses the graded relevance as gain and log2(rank
 * + 1) as discount, the ideal ranking being the judged passages sorted by
 * grade; MRR, P@1 and recall count any rel > 0 as relevant.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "eval.h"

typedef struct judgment {
    const char *qid, *docid; /* arena */
    int rel;
} judgment;

struct qrels {
    smp_arena arena;
    judgment *j;
    size_t n, cap;
    /* distinct queries with a relevant passage, sorted */
    const char **qids;
    size_t nq;
};

static int cmp_judgment(const void *a, const void *b) {
    const judgment *x = a, *y = b;
    int c = strcmp(x->qid, y->qid);
    return c ? c : strcmp(x->docid, y->docid);
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Splits s in place at runs of spaces and tabs; returns the field count. */
static int split_fields(char *s, char **f, int max) {
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(s, " \t\r\n", &save); t && n < max;
         t = strtok_r(NULL, " \t\r\n", &save))
        f[n++] = t;
    return n;
}

int qrels_load(qrels **out, const char *path, smp_error *err) {
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return smp_set_error(err, errno == ENOENT ? SMP_ENOTFOUND : SMP_EIO,
                             "cannot open qrels %s: %s", path, strerror(errno));
    qrels *q = calloc(1, sizeof *q);
    char *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0;
    int rc = SMP_OK;
    if (!q) {
        rc = smp_set_error(err, SMP_ENOMEM, "out of memory");
        goto done;
    }
    smp_arena_init(&q->arena);
    while (getline(&line, &cap, f) >= 0) {
        lineno++;
        char *fld[5];
        int nf = split_fields(line, fld, 5);
        if (nf == 0 || fld[0][0] == '#') continue;
        /* TREC: qid iter docid rel; BEIR TSV: qid docid rel (with header) */
        const char *qid, *docid, *rels;
        if (nf == 4) {
            qid = fld[0], docid = fld[2], rels = fld[3];
        } else if (nf == 3) {
            if (lineno == 1 && !strcmp(fld[0], "query-id")) continue;
            qid = fld[0], docid = fld[1], rels = fld[2];
        } else {
            rc = smp_set_error(err, SMP_EFORMAT, "%s:%lu: expected 'qid 0 docid rel'",
                               path, lineno);
            goto done;
        }
        char *end;
        long rel = strtol(rels, &end, 10);
        if (*end || end == rels || rel < -1000 || rel > 1000) {
            rc = smp_set_error(err, SMP_EFORMAT, "%s:%lu: bad relevance '%s'", path,
                               lineno, rels);
            goto done;
        }
        if (q->n == q->cap) {
            size_t nc = q->cap ? q->cap * 2 : 256;
            judgment *j = realloc(q->j, nc * sizeof *j);
            if (!j) goto nomem;
            q->j = j;
            q->cap = nc;
        }
        judgment *j = &q->j[q->n];
        j->qid = smp_arena_strndup(&q->arena, qid, strlen(qid));
        j->docid = smp_arena_strndup(&q->arena, docid, strlen(docid));
        j->rel = (int)rel;
        if (!j->qid || !j->docid) goto nomem;
        q->n++;
    }
    if (ferror(f)) {
        rc = smp_set_error(err, SMP_EIO, "cannot read %s", path);
        goto done;
    }
    if (q->n) qsort(q->j, q->n, sizeof *q->j, cmp_judgment); /* q->j is NULL when empty */
    /* a passage judged twice for one query keeps its highest grade */
    size_t w = 0;
    for (size_t i = 0; i < q->n; i++) {
        if (w && !cmp_judgment(&q->j[w - 1], &q->j[i])) {
            if (q->j[i].rel > q->j[w - 1].rel) q->j[w - 1].rel = q->j[i].rel;
            continue;
        }
        q->j[w++] = q->j[i];
    }
    q->n = w;
    q->qids = smp_arena_alloc(&q->arena, (q->n + 1) * sizeof *q->qids);
    if (!q->qids) goto nomem;
    for (size_t i = 0; i < q->n; i++)
        if (q->j[i].rel > 0 && (q->nq == 0 || strcmp(q->qids[q->nq - 1], q->j[i].qid)))
            q->qids[q->nq++] = q->j[i].qid;
    if (q->nq == 0) {
        rc = smp_set_error(err, SMP_EEMPTY, "%s: no relevant judgment", path);
        goto done;
    }
    goto done;
nomem:
    rc = smp_set_error(err, SMP_ENOMEM, "out of memory reading %s", path);
done:
    free(line);
    fclose(f);
    if (rc) {
        qrels_free(q);
        return rc;
    }
    *out = q;
    return SMP_OK;
}

void qrels_free(qrels *q) {
    if (!q) return;
    free(q->j);
    smp_arena_free(&q->arena);
    free(q);
}

size_t qrels_queries(const qrels *q) { return q->nq; }
const char *qrels_query(const qrels *q, size_t i) {
    return i < q->nq ? q->qids[i] : NULL;
}

/* The judgments of qid: *n of them from the returned one. */
static const judgment *find_query(const qrels *q, const char *qid, size_t *n) {
    size_t lo = 0, hi = q->n;
    while (lo < hi) { /* first judgment with qid >= the given one */
        size_t mid = (lo + hi) / 2;
        if (strcmp(q->j[mid].qid, qid) < 0) lo = mid + 1;
        else hi = mid;
    }
    size_t e = lo;
    while (e < q->n && !strcmp(q->j[e].qid, qid)) e++;
    *n = e - lo;
    return q->j + lo;
}

int qrels_rel(const qrels *q, const char *qid, const char *docid) {
    size_t n;
    const judgment *j = find_query(q, qid, &n);
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(j[mid].docid, docid);
        if (c == 0) return j[mid].rel;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

size_t qrels_relevant(const qrels *q, const char *qid, const char **docids,
                          int *rels, size_t max) {
    size_t n, k = 0;
    const judgment *j = find_query(q, qid, &n);
    for (size_t i = 0; i < n; i++) {
        if (j[i].rel <= 0) continue;
        if (k < max) {
            docids[k] = j[i].docid;
            rels[k] = j[i].rel;
        }
        k++;
    }
    return k;
}

static int cmp_int_desc(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x < y) - (x > y);
}

int eval_query(const qrels *q, const char *qid, const char *const *docids,
                   size_t n, eval_metrics *out) {
    memset(out, 0, sizeof *out);
    size_t nj;
    const judgment *j = find_query(q, qid, &nj);
    int *grades = malloc((nj + 1) * sizeof *grades);
    if (!grades) return SMP_ENOMEM;
    size_t nrel = 0;
    for (size_t i = 0; i < nj; i++)
        if (j[i].rel > 0) grades[nrel++] = j[i].rel;
    if (nrel == 0) {
        free(grades);
        return SMP_OK;
    }
    out->queries = 1;
    qsort(grades, nrel, sizeof *grades, cmp_int_desc);
    double idcg = 0, dcg = 0;
    for (size_t i = 0; i < nrel && i < 10; i++) idcg += grades[i] / log2((double)i + 2);
    size_t found10 = 0, found100 = 0;
    for (size_t i = 0; i < n && i < 100; i++) {
        int dup = 0; /* a passage listed twice counts once, at its first rank */
        for (size_t k = 0; k < i && !dup; k++) dup = !strcmp(docids[k], docids[i]);
        int rel = dup ? 0 : qrels_rel(q, qid, docids[i]);
        if (rel <= 0) continue;
        if (i < 10) {
            dcg += rel / log2((double)i + 2);
            found10++;
            if (out->mrr10 == 0) out->mrr10 = 1.0 / ((double)i + 1);
        }
        if (i == 0) out->p1 = 1;
        if (i < 3) out->top3 = 1;
        found100++;
        out->map += (double)found100 / ((double)i + 1); /* precision at this rank */
    }
    out->map /= (double)nrel; /* relevant passages not retrieved count 0 */
    out->ndcg10 = dcg / idcg;
    out->recall10 = (double)found10 / (double)nrel;
    out->recall100 = (double)found100 / (double)nrel;
    free(grades);
    return SMP_OK;
}

void eval_add(eval_metrics *sum, const eval_metrics *one) {
    sum->queries += one->queries;
    sum->ndcg10 += one->ndcg10;
    sum->mrr10 += one->mrr10;
    sum->p1 += one->p1;
    sum->recall10 += one->recall10;
    sum->recall100 += one->recall100;
    sum->map += one->map;
    sum->top3 += one->top3;
}

void eval_mean(eval_metrics *sum, size_t nqueries) {
    if (nqueries == 0) return;
    double d = (double)nqueries;
    sum->ndcg10 /= d;
    sum->mrr10 /= d;
    sum->p1 /= d;
    sum->recall10 /= d;
    sum->recall100 /= d;
    sum->map /= d;
    sum->top3 /= d;
}

int qrels_has_query(const qrels *q, const char *qid) {
    /* qids come from the sorted judgments, so they are sorted too */
    return bsearch(&qid, q->qids, q->nq, sizeof *q->qids, cmp_str) != NULL;
}
