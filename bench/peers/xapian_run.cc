/*
 * xapian_run.cc - the Xapian peer of the relevance comparison.
 *
 * Reads a BEIR corpus.jsonl ({"_id","title","text"} per line), indexes
 * title and text together (one unprefixed field, the text after the title
 * in term positions) in an in-memory Xapian database with a TermGenerator
 * using Snowball "english" (STEM_SOME), then answers each "qid<TAB>query"
 * line of queries.tsv: the query text goes as it stands through a
 * QueryParser with the english stemmer, STEM_SOME, default operator OR and
 * the default flags (a query the parser rejects is retried as its bare
 * words, letters and digits only, with no flags), ranked by
 * BM25Weight(1.2, 0, 1, 0.75, 0.5).  Writes a TREC run to stdout ("qid Q0 docid rank score tag");
 * stderr gets the index build time and the median query time.
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
#include <fstream>
#include <iostream>
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

}  // namespace

int main(int argc, char **argv) {
    long k = 100;
    std::string tag = "xapian";
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!std::strcmp(argv[i], "-k") && i + 1 < argc) {
            k = std::strtol(argv[++i], nullptr, 10);
        } else if (!std::strcmp(argv[i], "-t") && i + 1 < argc) {
            tag = argv[++i];
        } else {
            break;
        }
    }
    if (argc - i != 2 || k <= 0) {
        std::cerr << "usage: xapian_run [-k N] [-t TAG] corpus.jsonl "
                     "queries.tsv > run\n";
        return 2;
    }
    std::ifstream cf(argv[i]);
    if (!cf) {
        std::cerr << "xapian_run: cannot open " << argv[i] << "\n";
        return 1;
    }
    std::ifstream qf(argv[i + 1]);
    if (!qf) {
        std::cerr << "xapian_run: cannot open " << argv[i + 1] << "\n";
        return 1;
    }
    try {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        Xapian::Stem stem("english");
        Xapian::TermGenerator tg;
        tg.set_stemmer(stem);
        tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);

        double t0 = now();
        std::vector<std::string> ids;
        std::string line;
        long lineno = 0;
        while (std::getline(cf, line)) {
            lineno++;
            if (line.empty()) continue;
            json_object *obj = json_tokener_parse(line.c_str());
            if (!obj || !json_object_is_type(obj, json_type_object)) {
                std::cerr << "xapian_run: " << argv[i] << ":" << lineno
                          << ": not a JSON object, skipped\n";
                json_object_put(obj);
                continue;
            }
            Xapian::Document doc;
            tg.set_document(doc);
            tg.index_text(field(obj, "title"));
            tg.increase_termpos();
            tg.index_text(field(obj, "text"));
            ids.push_back(field(obj, "_id"));
            db.add_document(doc);  // docids are 1, 2, ... in this order
            json_object_put(obj);
        }
        db.commit();
        double build = now() - t0;

        Xapian::QueryParser qp;
        qp.set_stemmer(stem);
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        qp.set_default_op(Xapian::Query::OP_OR);
        qp.set_database(db);
        Xapian::Enquire enquire(db);
        enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));

        std::vector<double> times;
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
            double q0 = now();
            Xapian::Query query;
            try {
                query = qp.parse_query(text);
            } catch (const Xapian::QueryParserError &e) {
                std::cerr << "xapian_run: query " << qid << ": "
                          << e.get_msg() << "; searching its words\n";
                query = qp.parse_query(words_of(text), 0);
            }
            enquire.set_query(query);
            Xapian::MSet mset = enquire.get_mset(0, (Xapian::doccount)k);
            int rank = 0;
            for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
                Xapian::docid d = *it;
                std::printf("%s Q0 %s %d %.6f %s\n", qid.c_str(),
                            ids.at(d - 1).c_str(), ++rank, it.get_weight(),
                            tag.c_str());
            }
            times.push_back((now() - q0) * 1e6);
        }
        std::sort(times.begin(), times.end());
        double median = 0;
        size_t n = times.size();
        if (n) median = n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
        std::fprintf(stderr, "xapian: %zu docs, index build %.3f s; %zu queries, "
                             "median %.0f us\n", ids.size(), build, n, median);
    } catch (const Xapian::Error &e) {
        std::cerr << "xapian_run: " << e.get_description() << "\n";
        return 1;
    }
    return 0;
}
