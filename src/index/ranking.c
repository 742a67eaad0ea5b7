/* ranking.c - the ranking options fitted to a site's own judged questions
 * (`smpsearch train`), kept in its index file: the file is written again,
 * atomically, with every section as it was and a RANKING section
 * (docs/FORMAT.md) added, replaced or left out. */
#include <string.h>

#include "index/index.h"

int smp_index_set_ranking(const char *path, const smp_search_options *opt, smp_error *err) {
    if (!path) return smp_set_error(err, SMP_EINVAL, "no index given");
    double v[SMP_RANKING_NVALUES] = {0};
    if (opt) {
        const double given[SMP_RANKING_NVALUES] = {
            opt->k1, opt->b, opt->weight[0], opt->weight[1], opt->weight[2],
            opt->question_weight, opt->alias_weight, opt->proximity_weight,
            opt->heading_match_weight, opt->title_match_weight, opt->topic_weight,
            opt->answer_type_weight, opt->length_weight};
        for (int i = 0; i < SMP_RANKING_NVALUES; i++)
            if (!(given[i] >= (i < SMP_RANKING_NVALUES_V1 ? 0 : -1000) && given[i] < 1000))
                return smp_set_error(err, SMP_EINVAL, "ranking options out of range");
        if (opt->b > 1 || opt->alias_weight > 1)
            return smp_set_error(err, SMP_EINVAL, "b and the alias weight must be in [0, 1]");
        memcpy(v, given, sizeof v);
    }
    smp_segment *sg;
    smp_manifest *m;
    uint64_t bytes;
    int rc = smp_index_file_open(path, &sg, &m, &bytes, err);
    if (rc) return rc;
    if (m) {
        smp_manifest_free(m);
        return smp_set_error(err, SMP_EINVAL,
                             "%s is a segmented index (index --update): ranking options are kept "
                             "in a single index file; build one without --update", path);
    }
    smp_out *o;
    rc = smp_out_open(&o, path, SMP_SEC_MAX, err);
    if (rc == SMP_OK) smp_out_set_flags(o, smp_segment_flags(sg));
    for (uint32_t id = 1; rc == SMP_OK && id <= SMP_SEC_MAX; id++) {
        const uint8_t *p;
        uint64_t len;
        if (id != SMP_SEC_RANKING && smp_segment_raw_section(sg, id, &p, &len))
            smp_out_section(o, id, p, len);
    }
    if (rc == SMP_OK) {
        if (opt) {
            uint8_t r[SMP_RANKING_SIZE];
            smp_ranking_put(r, v);
            smp_out_section(o, SMP_SEC_RANKING, r, sizeof r);
        }
        rc = smp_out_commit(o, err);
    }
    smp_segment_close(sg);
    return rc;
}
