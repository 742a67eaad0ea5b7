/*
 * fuzz_batch.c - any bytes as a question file (`query --batch FILE`: one
 * question a line, or 'id<TAB>question') through the command itself, on
 * a small index, in a format the first byte chooses: text output holds no
 * control character (nothing a terminal takes as an order), every JSON
 * line parses, the command returns 0 or 1.  Inputs of odd length are
 * answered on one thread, the others on three.
 *
 * fuzz-sources: src/cli/cmd_query.c src/cli/batch.c src/cli/common.c src/cli/output.c
 */
#include <json-c/json.h>

#include "fuzz.h"
#include "cli/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    static const char *const formats[] = {"text", "json", "jsonl", "trec"};
    const char *fmt = formats[data[0] & 3];
    char kbuf[8], batch[256], out[256];
    snprintf(kbuf, sizeof kbuf, "%d", 1 + (data[0] >> 2) % 12);
    fuzz_file("batch.txt", data + 1, size - 1, batch);
    char *argv[] = {"query", "--index", (char *)fuzz_fixture_index(), "-k", kbuf,
                    "--format", (char *)fmt, "--batch", batch, "--threads",
                    size & 1 ? "1" : "3", NULL};
    int saved = fuzz_stdout_begin("batch.out", out);
    int rc = cmd_query(11, argv, 0);
    fuzz_stdout_end(saved);
    FUZZ_ASSERT(rc == EXIT_OK || rc == EXIT_FAIL);
    size_t n;
    char *s = fuzz_slurp(out, &n);
    if (!strcmp(fmt, "text")) FUZZ_ASSERT(fuzz_text_clean(s, n));
    if (!strcmp(fmt, "jsonl")) {
        for (char *line = s, *nl; *line; line = nl + 1) {
            nl = strchr(line, '\n');
            FUZZ_ASSERT(nl);
            *nl = 0;
            json_object *o = json_tokener_parse(line);
            FUZZ_ASSERT(o && json_object_is_type(o, json_type_object));
            json_object_put(o);
        }
    }
    free(s);
    return 0;
}
