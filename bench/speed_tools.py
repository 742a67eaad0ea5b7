#!/usr/bin/env python3
"""Helpers of the speed benchmark (bench/run): input conversion, corpus
figures, and the report (Markdown, CSV and the gnuplot scaling plot).

Commands:

  speed_tools.py bundled < PASSAGES > corpus.jsonl
      turns `smpsearch passages INDEX` output (JSON lines {passage_id,
      article{...}, heading, text}) into BEIR JSONL: _id = passage_id,
      title = heading, text = text
  speed_tools.py clean IN.jsonl OUT.jsonl
      copies BEIR JSONL, leaving out records whose text is blank (smpsearch
      skips those, so every engine must be given the same passages)
  speed_tools.py questions IN.txt OUT.tsv
      numbers a question file (one question a line) as "qN<TAB>question"
  speed_tools.py info CORPUS.jsonl
      prints "passages TEXT_BYTES" (UTF-8 bytes of title + text)
  speed_tools.py report WORK_DIR OUT_DIR
      reads WORK_DIR/m/ (written by bench/run: corpora.tsv, meta.kv and one
      CORPUS__ENGINE.kv per measurement) and writes OUT_DIR/speed.md,
      OUT_DIR/speed.csv and OUT_DIR/scaling.png (with gnuplot, when present)

Standard library only.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys

ENGINES = ("smpsearch", "fts5", "xapian")
LABEL = {"smpsearch": "smpsearch", "fts5": "SQLite FTS5", "xapian": "Xapian"}
PEERS = ("fts5", "xapian")


# --- conversion ---------------------------------------------------------------

def cmd_bundled():
    n = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        rec = json.loads(line)
        out = {"_id": rec["passage_id"], "title": rec.get("heading") or "",
               "text": rec.get("text") or ""}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        n += 1
    if not n:
        sys.stderr.write("speed_tools.py bundled: no passage read\n")
        return 1
    return 0


def cmd_clean(src, dst):
    kept = dropped = 0
    with open(src, encoding="utf-8") as f, \
            open(dst, "w", encoding="utf-8") as g:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            text = rec.get("text")
            if not isinstance(text, str) or not text.strip():
                dropped += 1
                continue
            g.write(line if line.endswith("\n") else line + "\n")
            kept += 1
    if dropped:
        sys.stderr.write("%s: %d records with blank text left out\n" %
                         (src, dropped))
    return 0


def cmd_questions(src, dst):
    n = 0
    with open(src, encoding="utf-8") as f, \
            open(dst, "w", encoding="utf-8") as g:
        for line in f:
            q = " ".join(line.split())
            if q:
                n += 1
                g.write("q%d\t%s\n" % (n, q))
    return 0


def cmd_info(path):
    n = nbytes = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            n += 1
            for key in ("title", "text"):
                v = rec.get(key)
                if isinstance(v, str):
                    nbytes += len(v.encode("utf-8"))
    print(n, nbytes)
    return 0


# --- report -------------------------------------------------------------------

def read_kv(path):
    """key -> list of values (a key may repeat: one value per repetition)."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "=" not in line:
                continue
            k, v = line.split("=", 1)
            out.setdefault(k.strip(), []).append(v.strip())
    return out


def num(kv, key, agg=statistics.median):
    vals = []
    for v in kv.get(key, []):
        try:
            vals.append(float(v))
        except ValueError:
            pass
    return agg(vals) if vals else None


def one(kv, key, default=""):
    v = kv.get(key)
    return v[-1] if v else default


def fmt(x, digits=2):
    if x is None:
        return "–"
    if abs(x) >= 1000:
        return "{:,.0f}".format(x)
    if abs(x) >= 100:
        return "%.0f" % x
    if abs(x) >= 10:
        return "%.1f" % x
    return ("%." + str(digits) + "f") % x


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def fmt_ratio(x):
    if x is None:
        return "–"
    if x < 0.1:
        return "%.2g×" % x
    return "%.2f×" % x if x < 10 else "%.1f×" % x


def load(work):
    mdir = os.path.join(work, "m")
    corpora = []
    with open(os.path.join(mdir, "corpora.tsv"), encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 8 or p[0] == "name":
                continue
            corpora.append({
                "name": p[0], "group": p[1], "passages": int(p[2]),
                "bytes": int(p[3]), "jsonl_bytes": int(p[4]),
                "queries": int(p[5]), "rounds": int(p[6]),
                "label": p[7]})
    mpath = os.path.join(mdir, "meta.kv")
    meta = read_kv(mpath) if os.path.exists(mpath) else {}
    rows = []
    for c in corpora:
        for e in ENGINES:
            path = os.path.join(mdir, "%s__%s.kv" % (c["name"], e))
            if not os.path.exists(path):
                continue
            kv = read_kv(path)
            r = {"corpus": c, "engine": e, "kv": kv}
            build = num(kv, "build_s")
            r["build_s"] = build
            r["build_reps"] = len(kv.get("build_s", []))
            r["mb_s"] = ratio(c["bytes"] / 1e6, build)
            r["pass_s"] = ratio(c["passages"], build)
            rss = num(kv, "rss_kb")
            r["rss_mb"] = rss / 1024 if rss is not None else None
            r["index_bytes"] = num(kv, "index_bytes")
            r["postings_bytes"] = num(kv, "postings_bytes")
            r["index_ratio"] = ratio(r["index_bytes"], c["bytes"])
            r["postings_ratio"] = ratio(r["postings_bytes"], c["bytes"])
            r["indexed"] = num(kv, "indexed")
            for k in ("queries", "p50_us", "p99_us", "mean_us", "qps",
                      "hits", "text_p50_us", "text_p99_us", "text_mean_us",
                      "text_qps", "open_ms"):
                r[k] = num(kv, k)
            r["ok"] = one(kv, "status", "ok")
            r["overlap"] = overlap(work, c["name"], e) if e != "smpsearch" \
                else None
            rows.append(r)
    return corpora, meta, rows


def read_run(path):
    """qid -> set of the docids of a TREC run (None when there is none)."""
    if not os.path.exists(path):
        return None
    out = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            p = line.split()
            if len(p) >= 3:
                out.setdefault(p[0], set()).add(p[2])
    return out


def overlap(work, corpus, engine):
    """Mean share of smpsearch's top 10 that engine's top 10 also holds,
    over the queries smpsearch answered."""
    base = read_run(os.path.join(work, "runs", "%s.smpsearch" % corpus))
    other = read_run(os.path.join(work, "runs", "%s.%s" % (corpus, engine)))
    if not base or other is None:
        return None
    shares = [len(docs & other.get(q, set())) / len(docs)
              for q, docs in base.items() if docs]
    return sum(shares) / len(shares) if shares else None


def find(rows, corpus, engine):
    for r in rows:
        if r["corpus"]["name"] == corpus and r["engine"] == engine:
            return r
    return None


CSV_COLS = ("corpus", "group", "engine", "passages", "text_bytes",
            "jsonl_bytes", "passages_indexed", "build_s", "build_runs",
            "mb_per_s", "passages_per_s", "peak_rss_mb", "index_bytes",
            "index_ratio", "postings_bytes", "postings_ratio", "queries",
            "p50_us", "p99_us", "mean_us", "qps", "hits",
            "text_p50_us", "text_p99_us", "text_qps", "overlap_at_10",
            "status")


def write_csv(path, rows):
    def cell(x):
        if x is None:
            return ""
        if isinstance(x, float):
            return "%.6g" % x
        return str(x)
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(CSV_COLS) + "\n")
        for r in rows:
            c = r["corpus"]
            vals = (c["name"], c["group"], r["engine"], c["passages"],
                    c["bytes"], c["jsonl_bytes"], r["indexed"], r["build_s"],
                    r["build_reps"], r["mb_s"], r["pass_s"], r["rss_mb"],
                    r["index_bytes"], r["index_ratio"], r["postings_bytes"],
                    r["postings_ratio"], r["queries"], r["p50_us"],
                    r["p99_us"], r["mean_us"], r["qps"], r["hits"],
                    r["text_p50_us"], r["text_p99_us"], r["text_qps"],
                    r["overlap"], r["ok"])
            f.write(",".join(cell(v) for v in vals) + "\n")


def ms(us):
    return None if us is None else us / 1000.0


def plot(out_dir, corpora, rows, meta):
    """scaling.dat and scaling.png; returns a note for the report."""
    scale = [c for c in corpora if c["group"] == "scale"]
    dat = os.path.join(out_dir, "scaling.dat")
    with open(dat, "w", encoding="utf-8") as f:
        f.write("# passages  p50_ms(smpsearch fts5 xapian)  "
                "index_MB(smpsearch fts5 xapian)\n")
        for c in scale:
            vals = [c["passages"]]
            for key, conv in (("p50_us", ms), ("index_bytes",
                                               lambda b: b / 1e6 if b else None)):
                for e in ENGINES:
                    r = find(rows, c["name"], e)
                    v = conv(r[key]) if r and r[key] is not None else None
                    vals.append("NaN" if v is None else "%.6g" % v)
            f.write(" ".join(str(v) for v in vals) + "\n")
    gp = shutil.which("gnuplot")
    png = os.path.join(out_dir, "scaling.png")
    if not scale:
        return "no scaling run"
    if not gp:
        return "gnuplot not found: no plot (data in scaling.dat)"
    title = "smpsearch, SQLite FTS5 and Xapian: 1 thread, top 10, %s" % \
        one(meta, "date")[:10]
    script = """
set terminal pngcairo size 1200,520 font ",10"
set output '{png}'
set datafile missing 'NaN'
set multiplot layout 1,2 title '{title}'
set logscale xy
set grid
set key top left
set xlabel 'passages'
set format x '%.0s%c'
set xtics ({xtics})
set xrange [{xmin}:{xmax}]
set title 'query latency, median (p50)'
set ylabel 'ms per query'
plot '{dat}' using 1:2 with linespoints lw 2 pt 7 title 'smpsearch', \\
     '' using 1:3 with linespoints lw 2 pt 5 title 'SQLite FTS5', \\
     '' using 1:4 with linespoints lw 2 pt 9 title 'Xapian'
set title 'index size'
set ylabel 'MB'
plot '{dat}' using 1:5 with linespoints lw 2 pt 7 title 'smpsearch', \\
     '' using 1:6 with linespoints lw 2 pt 5 title 'SQLite FTS5', \\
     '' using 1:7 with linespoints lw 2 pt 9 title 'Xapian'
unset multiplot
""".format(png=png, dat=dat, title=title,
           xtics=", ".join(str(c["passages"]) for c in scale),
           xmin=scale[0]["passages"] / 2, xmax=scale[-1]["passages"] * 2)
    res = subprocess.run([gp], input=script, text=True,
                         capture_output=True)
    if res.returncode != 0:
        # pngcairo may be missing from a build: fall back to the gd png
        script = script.replace('pngcairo size 1200,520 font ",10"',
                                "png size 1200,520")
        res = subprocess.run([gp], input=script, text=True,
                             capture_output=True)
    if res.returncode != 0:
        return "gnuplot failed: %s" % res.stderr.strip().splitlines()[-1:]
    return ""


def engine_table(out, corpus_rows):
    out.append("| engine | build s | MB/s | passages/s | peak RSS MB "
               "| index / text | postings / text | p50 ms | p99 ms "
               "| mean ms | QPS | top 10 shared |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in corpus_rows:
        shared = "–" if r["overlap"] is None else "%.0f%%" % (100 * r["overlap"])
        out.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |"
                   % (LABEL[r["engine"]] + ("" if r["ok"] == "ok"
                                            else " (%s)" % r["ok"]),
                      fmt(r["build_s"], 3), fmt(r["mb_s"]),
                      fmt(r["pass_s"]), fmt(r["rss_mb"], 1),
                      fmt(r["index_ratio"]), fmt(r["postings_ratio"]),
                      fmt(ms(r["p50_us"]), 3), fmt(ms(r["p99_us"]), 3),
                      fmt(ms(r["mean_us"]), 3), fmt(r["qps"]), shared))


def report(work, out_dir):
    corpora, meta, rows = load(work)
    os.makedirs(out_dir, exist_ok=True)
    write_csv(os.path.join(out_dir, "speed.csv"), rows)
    note = plot(out_dir, corpora, rows, meta)
    o = []
    mode = one(meta, "mode", "full")
    o.append("# Speed: smpsearch, SQLite FTS5 and Xapian")
    o.append("")
    o.append("Generated by `bench/run%s` on %s in %s (%s mode). Every figure "
             "comes from this one run, on this machine, with the three engines "
             "given the same passages and the same questions."
             % (" --quick" if mode == "quick" else "", one(meta, "date"),
                one(meta, "elapsed"), mode))
    o.append("")
    o.append("- machine: %s, %s cores, %s memory; %s" %
             (one(meta, "cpu"), one(meta, "cores"), one(meta, "memory"),
              one(meta, "kernel")))
    o.append("- load average (1 min) at start %s, at end %s%s" %
             (one(meta, "load_start"), one(meta, "load_end"),
              " — other work was running: timings are noisy"
              if max(num(meta, "load_start") or 0, num(meta, "load_end") or 0)
              > 0.5 else ""))
    o.append("- %s (`%s`; its library linked into bench/smp_run.c; "
             "measured as `make` built it)"
             % (one(meta, "smp_version"), one(meta, "smp_bin")))
    o.append("- SQLite %s (FTS5), Xapian %s, compiler %s"
             % (one(meta, "sqlite_version"), one(meta, "xapian_version"),
                one(meta, "cc_version")))
    o.append("")

    # --- summary: ratios --------------------------------------------------
    o.append("## Summary: peer ÷ smpsearch (above 1: smpsearch is faster "
             "or smaller)")
    o.append("")
    o.append("| corpus | passages | FTS5 p50 | Xapian p50 | FTS5 p99 "
             "| Xapian p99 | FTS5 build time | Xapian build time "
             "| FTS5 index size | Xapian index size | FTS5 peak RSS "
             "| Xapian peak RSS |")
    o.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in corpora:
        s = find(rows, c["name"], "smpsearch")
        if not s:
            continue
        cells = []
        for key in ("p50_us", "p99_us", "build_s", "index_bytes", "rss_mb"):
            for p in PEERS:
                r = find(rows, c["name"], p)
                cells.append(fmt_ratio(ratio(r[key], s[key]) if r else None))
        o.append("| %s | %s | %s |" % (c["label"], "{:,}".format(c["passages"]),
                                      " | ".join(cells)))
    o.append("")
    o.append("Peak RSS: SQLite keeps a 2 MB page cache by default and leaves "
             "the rest to the operating system's file cache, and Xapian "
             "flushes every 10,000 documents; smpsearch builds its index in "
             "memory up to its budget (512 MB by default), then in runs merged "
             "at the end, and holds each input file whole while reading it (the "
             "JSONL files here are one file per corpus: 490 MB at 1M passages).")
    o.append("")

    # --- per corpus -----------------------------------------------------------
    o.append("## Per corpus")
    o.append("")
    o.append("Build: wall time of the whole build-only process (median of "
             "the runs shown), MB/s and passages/s of source text (UTF-8 "
             "bytes of title + text), peak RSS while indexing "
             "(`/usr/bin/time -v`). Index / text: on-disk index bytes over "
             "source text bytes; postings / text: the postings alone "
             "(smpsearch `stats` 'postings' section; FTS5 the `docs_data` "
             "table, which also holds positions; Xapian `postlist.glass`). "
             "Queries: top 10, one thread, index opened once, latency per "
             "query (p50 = median, p99 by nearest rank), QPS = queries / "
             "wall time of the timed loop. Top 10 shared: the mean share of "
             "smpsearch's top 10 that the peer's top 10 also holds (a check "
             "that the engines answer the same questions over the same "
             "passages; rankings differ by design).")
    o.append("")
    for c in corpora:
        crow = [r for r in rows if r["corpus"]["name"] == c["name"]]
        if not crow:
            continue
        reps = max((r["build_reps"] for r in crow), default=1)
        o.append("### %s" % c["label"])
        o.append("")
        qdesc = "%d questions" % c["queries"]
        if c["rounds"] > 1:
            qdesc += " × %d rounds (%d timed)" % (c["rounds"],
                                                 c["queries"] * c["rounds"])
        o.append("%s passages, %.2f MB of text (%.2f MB of JSONL), %s; "
                 "build %s." % ("{:,}".format(c["passages"]), c["bytes"] / 1e6,
                                c["jsonl_bytes"] / 1e6, qdesc,
                                "median of %d runs" % reps if reps > 1
                                else "one run"))
        o.append("")
        engine_table(o, crow)
        bad = [r for r in crow if r["indexed"] is not None and
               int(r["indexed"]) != c["passages"]]
        for r in bad:
            o.append("")
            o.append("**Warning:** %s indexed %d passages, not %d."
                     % (LABEL[r["engine"]], int(r["indexed"]), c["passages"]))
        o.append("")

    # --- smpsearch: ids only vs text ------------------------------------------
    o.append("## smpsearch: the cost of showing text")
    o.append("")
    o.append("The latency figures above use `ids_only = 1` (ids and scores, "
             "as the peers return). With `ids_only = 0` each result also "
             "carries its heading, text, answer sentence and highlights, "
             "inflated from the compressed store:")
    o.append("")
    o.append("| corpus | ids p50 ms | ids p99 ms | text p50 ms | text p99 ms "
             "| text QPS | text ÷ ids (p50) | index open ms |")
    o.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for c in corpora:
        s = find(rows, c["name"], "smpsearch")
        if not s:
            continue
        o.append("| %s | %s | %s | %s | %s | %s | %s | %s |" %
                 (c["label"], fmt(ms(s["p50_us"]), 3), fmt(ms(s["p99_us"]), 3),
                  fmt(ms(s["text_p50_us"]), 3), fmt(ms(s["text_p99_us"]), 3),
                  fmt(s["text_qps"]),
                  fmt_ratio(ratio(s["text_p50_us"], s["p50_us"])),
                  fmt(s["open_ms"], 1)))
    o.append("")

    # --- end to end -----------------------------------------------------------
    o.append("## End to end: one question from the command line")
    o.append("")
    e2e = num(meta, "e2e_median_ms")
    if e2e is not None:
        o.append("`smpsearch --index X \"how long does it last\"` on the "
                 "bundled corpus (X built from corpus/), process start to "
                 "exit, %s runs with %s: median **%s ms** (min %s, max %s, "
                 "mean %s ms)." %
                 (one(meta, "e2e_runs"), one(meta, "e2e_tool"),
                  fmt(e2e, 2), fmt(num(meta, "e2e_min_ms"), 2),
                  fmt(num(meta, "e2e_max_ms"), 2),
                  fmt(num(meta, "e2e_mean_ms"), 2)))
    else:
        o.append("Not measured.")
    o.append("")

    # --- scaling --------------------------------------------------------------
    scale = [c for c in corpora if c["group"] == "scale"]
    if scale:
        o.append("## Scaling: 10k to 1M passages")
        o.append("")
        o.append("Prefixes of the large corpus replicated until 1M passages "
                 "(copies get their ids suffixed, so terms repeat and "
                 "postings grow with the size), each searched with the same "
                 "%d section headings." % scale[0]["queries"])
        o.append("")
        o.append("![p50 latency and index size against corpus size]"
                 "(scaling.png)")
        if note:
            o.append("")
            o.append("(%s)" % note)
        o.append("")
        o.append("| passages | engine | build s | index MB | index / text "
                 "| p50 ms | p99 ms | QPS | p50 × vs previous size "
                 "| index × vs previous size |")
        o.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for e in ENGINES:
            prev = None
            for c in scale:
                r = find(rows, c["name"], e)
                if not r:
                    continue
                g50 = ratio(r["p50_us"], prev["p50_us"]) if prev else None
                gix = ratio(r["index_bytes"], prev["index_bytes"]) if prev \
                    else None
                o.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |"
                         % ("{:,}".format(c["passages"]), LABEL[e],
                            fmt(r["build_s"], 3),
                            fmt(r["index_bytes"] / 1e6 if r["index_bytes"]
                                else None, 1),
                            fmt(r["index_ratio"]), fmt(ms(r["p50_us"]), 3),
                            fmt(ms(r["p99_us"]), 3), fmt(r["qps"]),
                            fmt_ratio(g50), fmt_ratio(gix)))
                prev = r
        o.append("")

    # --- method ---------------------------------------------------------------
    o.append("## Method")
    o.append("")
    for line in METHOD:
        o.append(line)
    o.append("")
    with open(os.path.join(out_dir, "speed.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(o))
    sys.stdout.write("\n".join(o))
    return 0


METHOD = [
    "- Corpora: *bundled* = corpus/*.md indexed by smpsearch, listed with "
    "`smpsearch passages` and written as JSONL (_id = passage id, title = "
    "heading, text = text), questions bench/questions.txt; the public "
    "collections via bench/convert_testdata.py with their own judged queries "
    "(records with blank text left out); *large* = bench/prepare_large.py: "
    "linux-doc reStructuredText split at section headings plus dict-gcide "
    "entries, shuffled with a fixed seed, queried with 1,000 distinct "
    "section headings sampled with that seed; *scale-N* = the first N "
    "passages of the large corpus replicated (ids suffixed `~copy`). All "
    "three engines index the same JSONL file.",
    "- smpsearch: `smpsearch index -q` (default settings: acronyms on, "
    "title/heading/body fields) on the JSONL; queries through the library "
    "(bench/smp_run.c: smp_index_open, one smp_searcher, "
    "smp_searcher_search with the default options and k = 10; spelling "
    "correction and aliases on, as the CLI does). smpsearch keeps word "
    "positions (in a section queries without phrases never read), stores "
    "the text (zstd blocks), and builds within its default memory budget "
    "of 512 MB, writing runs merged at the end when it is reached (the 1M "
    "corpus).",
    "- SQLite FTS5 (bench/peers/fts5_run.c): an on-disk database, table "
    "fts5(id UNINDEXED, title, text, tokenize='porter unicode61'), one "
    "transaction, then `INSERT INTO docs(docs) VALUES('optimize')` (timed "
    "as part of the build); queries: the question's words quoted and OR-ed, "
    "`SELECT id, rank ... ORDER BY rank LIMIT 10` (rank = bm25()). FTS5 "
    "stores positions (detail=full) and the text itself.",
    "- Xapian (bench/peers/xapian_run.cc): a glass database, TermGenerator "
    "with the Snowball english stemmer (STEM_SOME, positions kept), the id "
    "as document data, commit, then Database::compact into a new directory "
    "(timed as part of the build); queries: the question's bare words "
    "through QueryParser with flags 0 and default operator OR, "
    "BM25Weight(1.2, 0, 1, 0.75, 0.5), get_mset(0, 10) and each hit's "
    "document data. Its index size is the whole directory; postings = "
    "postlist.glass. With STEM_SOME, Xapian searches a capitalised query "
    "word (most headings' words) unstemmed, which is why its top 10 share "
    "less with the others on the heading queries.",
    "- Each engine's query time covers analysing the question, running it "
    "and collecting the ids and scores of the top 10; runs are written after "
    "the timed loop. The first 50 questions run once untimed first. Small "
    "query sets are repeated in rounds so that at least the configured "
    "number of queries is timed. Indexes are searched right after they are "
    "built (warm page cache).",
]


def main(argv):
    usage = __doc__.split("Commands:")[1].split("Standard library")[0]
    if len(argv) == 2 and argv[1] == "bundled":
        return cmd_bundled()
    if len(argv) == 4 and argv[1] == "clean":
        return cmd_clean(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == "questions":
        return cmd_questions(argv[2], argv[3])
    if len(argv) == 3 and argv[1] == "info":
        return cmd_info(argv[2])
    if len(argv) == 4 and argv[1] == "report":
        return report(argv[2], argv[3])
    sys.stderr.write("usage:" + usage)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
