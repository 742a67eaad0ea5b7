/*
 * xapian_run.cc - the Xapian peer of the relevance and speed comparisons.
 *
 * Reads a BEIR corpus.jsonl ({"_id","title","text"} per line), indexes
 * title and text together (one unprefixed field, the text after the title
 * in term positions; the document's data is its _id) with a TermGenerator
 * using Snowball "english" (STEM_SOME), then answers each "qid<TAB>query"
 * line of queries.tsv: the query text goes as it stands through a
 * QueryParser with the english stemmer, STEM_SOME, default operator OR and
 * the default flags (a query the parser rejects is retried as its bare
 * words, letters and digits only, with no flags; -W parses the bare words
 * with no flags from the start: a plain OR of the words, no phrases),
 * ranked by BM25Weight(1.2, 0, 1, 0.75, 0.5).  Writes a TREC run to stdout
 * ("qid Q0 docid rank score tag"); stderr gets the index build time and the
 * median query time, then a "speed:" line: queries, p50/p99/mean latency in
 * microseconds, single-thread queries per second and the hits returned.  A
 * query's time covers parsing it, get_mset() and copying each hit's id
 * (document data) and weight; the run is printed after the timed loop.
 *
 * Modes:
 *   xapian_run [OPTS] corpus.jsonl queries.tsv    build (in memory unless
 *                                                 -d), then search
 *   xapian_run -b -d DIR [OPTS] corpus.jsonl      build a glass DB only
 *   xapian_run -s -d DIR [OPTS] queries.tsv       search an existing DB
 * Options:
 *   -k N      hits per query (default 100)
 *   -t TAG    run tag (default xapian)
 *   -d DIR    glass database directory (replaced when building)
 *   -O        after building, compact the database (Database::compact into
 *             a new directory that replaces DIR), timed as build
 *   -W        search the query's bare words OR-ed, without query syntax
 *   -r N      run the query set N times (default 1; the run is written for
 *             the first round)
 *   -w N      before timing, run the first N queries once, untimed
 *   -n        write no run
 *
 * Build: c++ -std=c++17 -O2 -Wall -Wextra xapian_run.cc \
 *          $(pkg-config --cflags --libs xapian-core json-c) -o xapian_run
 * Run:   xapian_run [-k 100] [-t xapian] corpus.jsonl queries.tsv > x.run
 */
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <json-c/json.h>
#include <xapian.h>

namespace {

double now() {
    using clock = std::chrono::steady_clock;
    return std::chrono::duration<double>(clock::now().time_since_epoch())
        .count();
}

std::string field(json_object *obj, const char *name) {
    json_object *v = nullptr;
    if (!json_object_object_get_ex(obj, name, &v) || !v) return "";
    const char *s = json_object_get_string(v);
    return s ? s : "";
}

// The query's words joined by spaces: runs of ASCII letters and digits and
// of non-ASCII bytes (Xapian classifies those itself); the fallback for a
// query whose punctuation the parser rejects as syntax.
std::string words_of(const std::string &text) {
    std::string out;
    bool inword = false;
    for (unsigned char c : text) {
        bool w = c >= 0x80 || std::isalnum(c);
        if (w) {
            if (!inword && !out.empty()) out += ' ';
            out += static_cast<char>(c);
        }
        inword = w;
    }
    return out;
}

// Indexes the corpus into db; returns the number of documents.
size_t build(Xapian::WritableDatabase &db, const char *corpus) {
    std::ifstream cf(corpus);
    if (!cf) throw std::runtime_error(std::string("cannot open ") + corpus);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    std::string line;
    long lineno = 0;
    size_t ndocs = 0;
    while (std::getline(cf, line)) {
        lineno++;
        if (line.empty()) continue;
        json_object *obj = json_tokener_parse(line.c_str());
        if (!obj || !json_object_is_type(obj, json_type_object)) {
            std::cerr << "xapian_run: " << corpus << ":" << lineno
                      << ": not a JSON object, skipped\n";
            json_object_put(obj);
            continue;
        }
        Xapian::Document doc;
        tg.set_document(doc);
        tg.index_text(field(obj, "title"));
        tg.increase_termpos();
        tg.index_text(field(obj, "text"));
        doc.set_data(field(obj, "_id"));
        db.add_document(doc);  // docids are 1, 2, ... in this order
        ndocs++;
        json_object_put(obj);
    }
    db.commit();
    return ndocs;
}

// Compacts the glass database at dir in place.
void compact(const std::string &dir) {
    namespace fs = std::filesystem;
    std::string tmp = dir + ".compact";
    fs::remove_all(tmp);
    {
        Xapian::Database src(dir);
        src.compact(tmp);
    }
    fs::remove_all(dir);
    fs::rename(tmp, dir);
}

struct Hit {
    size_t q;
    std::string id;
    double score;
};

}  // namespace

int main(int argc, char **argv) {
    long k = 100, rounds = 1, warm = 0;
    std::string tag = "xapian", dbpath;
    bool build_only = false, search_only = false, optimize = false;
    bool no_run = false, bare = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        bool more = i + 1 < argc;
        if (!std::strcmp(a, "-k") && more) k = std::strtol(argv[++i], nullptr, 10);
        else if (!std::strcmp(a, "-t") && more) tag = argv[++i];
        else if (!std::strcmp(a, "-d") && more) dbpath = argv[++i];
        else if (!std::strcmp(a, "-r") && more) rounds = std::strtol(argv[++i], nullptr, 10);
        else if (!std::strcmp(a, "-w") && more) warm = std::strtol(argv[++i], nullptr, 10);
        else if (!std::strcmp(a, "-b")) build_only = true;
        else if (!std::strcmp(a, "-s")) search_only = true;
        else if (!std::strcmp(a, "-O")) optimize = true;
        else if (!std::strcmp(a, "-W")) bare = true;
        else if (!std::strcmp(a, "-n")) no_run = true;
        else break;
    }
    int nargs = build_only || search_only ? 1 : 2;
    if (argc - i != nargs || k <= 0 || rounds <= 0 || warm < 0 ||
        (build_only && search_only) ||
        ((build_only || search_only || optimize) && dbpath.empty())) {
        std::cerr << "usage: xapian_run [-k N] [-t TAG] [-d DIR [-O]] [-W] "
                     "[-r N] [-w N] [-n] corpus.jsonl queries.tsv > run\n"
                     "       xapian_run -b -d DIR [-O] corpus.jsonl\n"
                     "       xapian_run -s -d DIR [-k N] [-t TAG] [-W] [-r N] "
                     "[-w N] [-n] queries.tsv > run\n";
        return 2;
    }
    const char *corpus = search_only ? nullptr : argv[i];
    const char *qpath = build_only ? nullptr : argv[argc - 1];
    try {
        std::unique_ptr<Xapian::Database> db;
        size_t ndocs = 0;
        double buildtime = 0;
        if (!search_only) {
            double t0 = now();
            if (dbpath.empty()) {
                auto wdb = std::make_unique<Xapian::WritableDatabase>(
                    std::string(), Xapian::DB_BACKEND_INMEMORY);
                ndocs = build(*wdb, corpus);
                db = std::move(wdb);
            } else {
                {
                    Xapian::WritableDatabase wdb(
                        dbpath, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
                    ndocs = build(wdb, corpus);
                }
                if (optimize) compact(dbpath);
                if (!build_only) db = std::make_unique<Xapian::Database>(dbpath);
            }
            buildtime = now() - t0;
            if (build_only) {
                std::fprintf(stderr, "xapian: %zu docs, index build %.3f s\n",
                             ndocs, buildtime);
                return 0;
            }
        } else {
            db = std::make_unique<Xapian::Database>(dbpath);
        }

        // the query set, read before timing
        std::ifstream qf(qpath);
        if (!qf) {
            std::cerr << "xapian_run: cannot open " << qpath << "\n";
            return 1;
        }
        std::vector<std::pair<std::string, std::string>> qs;
        std::string line;
        while (std::getline(qf, line)) {
            while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
                line.pop_back();
            std::string::size_type tab = line.find('\t');
            if (tab == std::string::npos) continue;
            std::string qid = line.substr(0, tab);
            std::string text = line.substr(tab + 1);
            if (words_of(text).empty()) {
                std::cerr << "xapian_run: query " << qid
                          << " has no word, skipped\n";
                continue;
            }
            qs.emplace_back(qid, text);
        }

        Xapian::QueryParser qp;
        qp.set_stemmer(Xapian::Stem("english"));
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        qp.set_default_op(Xapian::Query::OP_OR);
        qp.set_database(*db);
        Xapian::Enquire enquire(*db);
        enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));

        std::vector<Hit> hits;
        std::vector<std::string> ids;
        size_t total_hits = 0;
        auto search = [&](size_t q, bool quiet) {
            const std::string &text = qs[q].second;
            Xapian::Query query;
            if (bare) {
                query = qp.parse_query(words_of(text), 0);
            } else {
                try {
                    query = qp.parse_query(text);
                } catch (const Xapian::QueryParserError &e) {
                    if (!quiet)
                        std::cerr << "xapian_run: query " << qs[q].first << ": "
                                  << e.get_msg() << "; searching its words\n";
                    query = qp.parse_query(words_of(text), 0);
                }
            }
            enquire.set_query(query);
            Xapian::MSet mset = enquire.get_mset(0, (Xapian::doccount)k);
            ids.clear();
            for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
                ids.push_back(it.get_document().get_data());
                if (!quiet) hits.push_back(Hit{q, ids.back(), it.get_weight()});
            }
            return ids.size();
        };
        for (long w = 0; w < warm && (size_t)w < qs.size(); w++) search((size_t)w, true);
        std::vector<double> times;
        times.reserve((size_t)rounds * qs.size());
        double loop0 = now();
        for (long r = 0; r < rounds; r++) {
            for (size_t q = 0; q < qs.size(); q++) {
                double q0 = now();
                total_hits += search(q, r > 0 || no_run);
                times.push_back((now() - q0) * 1e6);
            }
        }
        double loop = now() - loop0;

        int rank = 0;
        for (size_t h = 0; h < hits.size(); h++) {
            rank = h > 0 && hits[h - 1].q == hits[h].q ? rank + 1 : 1;
            std::printf("%s Q0 %s %d %.6f %s\n", qs[hits[h].q].first.c_str(),
                        hits[h].id.c_str(), rank, hits[h].score, tag.c_str());
        }

        std::sort(times.begin(), times.end());
        double median = 0, p99 = 0, mean = 0;
        size_t n = times.size();
        if (n) {
            median = n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
            p99 = times[(99 * n + 99) / 100 - 1];  // nearest rank
            for (double t : times) mean += t;
            mean /= (double)n;
        }
        if (search_only)
            std::fprintf(stderr, "xapian: %zu queries, median %.0f us\n", n, median);
        else
            std::fprintf(stderr, "xapian: %zu docs, index build %.3f s; %zu queries, "
                                 "median %.0f us\n", ndocs, buildtime, n, median);
        std::fprintf(stderr, "speed: queries=%zu p50_us=%.1f p99_us=%.1f mean_us=%.1f "
                             "qps=%.1f hits=%zu\n", n, median, p99, mean,
                     loop > 0 ? (double)n / loop : 0.0, total_hits);
    } catch (const Xapian::Error &e) {
        std::cerr << "xapian_run: " << e.get_description() << "\n";
        return 1;
    } catch (const std::exception &e) {
        std::cerr << "xapian_run: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
