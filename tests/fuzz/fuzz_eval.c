/*
 * fuzz_eval.c - any bytes as the files of `smpsearch eval`: relevance
 * judgments (qrels: 'qid 0 docid rel' or BEIR's 'qid docid rel'), then,
 * after the first NUL byte, a TREC run ('qid Q0 docid rank score tag') or
 * a question file ('id<TAB>question'), as the first byte chooses.  The
 * qrels reader (eval.c) gives 0 or an error with a message, and what it
 * read is consistent; the command itself (cmd_eval.c, on a small index
 * for questions) returns 0 or 1, and its text output holds no control
 * character.
 *
 * fuzz-sources: src/cli/cmd_eval.c src/cli/eval.c src/cli/common.c src/cli/output.c
 */
#include "fuzz.h"
#include "cli/cli.h"
#include "cli/eval.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    int mode = data[0];
    data++, size--;
    const uint8_t *nul = memchr(data, 0, size);
    size_t nq = nul ? (size_t)(nul - data) : size;
    const uint8_t *second = nul ? nul + 1 : data + size;
    size_t ns = nul ? size - nq - 1 : 0;
    char qrels_path[256], other[256], out[256];
    fuzz_file("qrels.txt", data, nq, qrels_path);
    fuzz_file(mode & 1 ? "queries.tsv" : "run.txt", second, ns, other);

    /* the reader alone */
    qrels *q;
    smp_error err = {0, ""};
    int rc = qrels_load(&q, qrels_path, &err);
    FUZZ_ASSERT(rc == SMP_OK || ((rc == SMP_EFORMAT || rc == SMP_EEMPTY) && err.msg[0]));
    if (rc == SMP_OK) {
        size_t n = qrels_queries(q);
        FUZZ_ASSERT(n > 0);
        for (size_t i = 0; i < n; i++) {
            const char *qid = qrels_query(q, i);
            FUZZ_ASSERT(qid && qrels_has_query(q, qid));
            const char *ids[4];
            int rels[4];
            size_t k = qrels_relevant(q, qid, ids, rels, 4);
            FUZZ_ASSERT(k > 0);
            for (size_t j = 0; j < k && j < 4; j++)
                FUZZ_ASSERT(rels[j] > 0 && qrels_rel(q, qid, ids[j]) == rels[j]);
            if (i) FUZZ_ASSERT(strcmp(qrels_query(q, i - 1), qid) < 0);
        }
        qrels_free(q);
    }

    /* the command */
    char *run_argv[] = {"eval", "--run", other, "--qrels", qrels_path, NULL, NULL};
    char *q_argv[] = {"eval", "--index", (char *)fuzz_fixture_index(), "--queries", other,
                      "--qrels", qrels_path, "--per-query", NULL, NULL};
    int json = mode & 2;
    int argc;
    char **argv;
    if (mode & 1) {
        argv = q_argv, argc = 8;
        if (json) argv[argc++] = "--json";
    } else {
        argv = run_argv, argc = 5;
        if (json) argv[argc++] = "--json";
    }
    int saved = fuzz_stdout_begin("eval.out", out);
    rc = cmd_eval(argc, argv);
    fuzz_stdout_end(saved);
    FUZZ_ASSERT(rc == EXIT_OK || rc == EXIT_FAIL);
    size_t n;
    char *s = fuzz_slurp(out, &n);
    if (!json) FUZZ_ASSERT(fuzz_text_clean(s, n));
    free(s);
    return 0;
}
