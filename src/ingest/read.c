/* read.c - one input file read in its format: checked (empty, binary,
 * bad UTF-8: ingest.c) and handed to its reader (markdown.c, text.c,
 * html.c, jsonl.c).  Builds and `smpsearch index --explain` both read
 * files through here. */
#include "ingest/ingest.h"

int smp_ingest_file(smp_ingest_ctx *cx, int fmt, char *buf, size_t len, size_t *repaired,
                    smp_html_meta *meta, smp_error *err) {
    /* HTML declares its charset: its reader decodes it */
    int rc = fmt == 'h' ? smp_check_binary(buf, len, err) : smp_check_text(buf, len, repaired, err);
    if (rc) return rc;
    switch (fmt) {
    case 'm': return smp_ingest_markdown(cx, buf, len, err);
    case 't': return smp_ingest_text(cx, buf, len, err);
    case 'h': return smp_ingest_html_meta(cx, buf, len, meta, err);
    case 'j': return smp_ingest_jsonl(cx, buf, len, err);
    default: return smp_set_error(err, SMP_EINVAL, "unknown format");
    }
}
