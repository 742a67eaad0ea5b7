#!/bin/sh
# Relevance of smpsearch beside SQLite FTS5 and Xapian on the public test
# collections (Cranfield, CISI, MED, ADI, CACM, SciFact): nDCG@10 and MRR@10
# of each engine, as a Markdown table on stdout and in a file.
#
# Steps: installs the peers' build dependencies when missing (as root, with
# apt-get), builds bench/peers/fts5_run.c and bench/peers/xapian_run.cc in a
# temporary directory, converts each collection (bench/convert_testdata.py),
# indexes and searches it with smpsearch (top K, batch mode) and with both
# peers, and scores every run with `smpsearch eval` (or bench/score_run.py,
# the same metrics in Python, with --scorer python or when `smpsearch eval`
# is unavailable).
#
# Usage: bench/relevance.sh [-o FILE] [-t TESTDATA_DIR] [-k K]
#                           [--scorer smpsearch|python] [-w WORKDIR]
#                           [TESTDATA_DIR] [collection...]
#   -o FILE      where the table goes too (default bench/results/relevance.md)
#   -t DIR       the test collections (or $SMP_TESTDATA; default
#                <repo>/../shared/testdata); a first argument naming a
#                directory is taken the same way
#   -k K         hits per query (default 100)
#   -w DIR       keep the converted data, indexes, runs and logs in DIR
#                (default: a temporary directory, removed at the end)
#   --scorer S   smpsearch (default) or python
# Environment: SMP_BIN (default <repo>/smpsearch; run `make` first),
#   SMP_TESTDATA, SMP_INDEX_OPTS / SMP_QUERY_OPTS (extra options for
#   `smpsearch index` / `smpsearch query`, e.g. --no-aliases), CC, CXX.
# smpsearch reads the collections' questions with --no-phrases: they are
# prose, whose quotation marks are not phrase operators (the peers, and
# published BM25 baselines, read them as bags of words too).
# Exit status: 0 when every engine ran on every collection, 1 otherwise.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
SMP_BIN=${SMP_BIN:-$repo/smpsearch}
SMP_TESTDATA=${SMP_TESTDATA:-$repo/../shared/testdata}
SMP_INDEX_OPTS=${SMP_INDEX_OPTS:-}
SMP_QUERY_OPTS=${SMP_QUERY_OPTS:-}
out=$repo/bench/results/relevance.md
scorer=smpsearch
k=100
workdir=

usage() {
    sed -n '/^# Usage:/,/^# Exit status/p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case $1 in
    -o) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
    -t | --testdata) [ $# -ge 2 ] || usage; SMP_TESTDATA=$2; shift 2 ;;
    -k) [ $# -ge 2 ] || usage; k=$2; shift 2 ;;
    -w) [ $# -ge 2 ] || usage; workdir=$2; shift 2 ;;
    --scorer) [ $# -ge 2 ] || usage; scorer=$2; shift 2 ;;
    -h | --help) usage ;;
    --) shift; break ;;
    -*) echo "relevance.sh: unknown option $1" >&2; usage ;;
    *) break ;;
    esac
done
if [ $# -gt 0 ] && [ -d "$1" ]; then
    SMP_TESTDATA=$1
    shift
fi
case $scorer in smpsearch | python) ;; *) usage ;; esac
case $k in '' | *[!0-9]*) usage ;; esac

say() { echo "relevance.sh: $*" >&2; }

[ -d "$SMP_TESTDATA" ] || { say "no test data at $SMP_TESTDATA (set SMP_TESTDATA or -t)"; exit 1; }
[ -x "$SMP_BIN" ] || { say "no smpsearch at $SMP_BIN (run make, or set SMP_BIN)"; exit 1; }

# --- dependencies ----------------------------------------------------------
missing=
if command -v dpkg-query >/dev/null 2>&1; then
    for p in libsqlite3-dev libxapian-dev libjson-c-dev python3 pkgconf g++; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q ' installed$' ||
            missing="$missing $p"
    done
fi
if [ -n "$missing" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        say "missing packages:$missing; install them (as root: apt-get install -y$missing)"
        exit 1
    fi
    say "installing$missing"
    # shellcheck disable=SC2086
    apt-get install -y $missing >&2 || { apt-get update >&2 && apt-get install -y $missing >&2; }
fi

# --- work directory and peer harnesses --------------------------------------
if [ -n "$workdir" ]; then
    mkdir -p "$workdir"
    work=$(cd "$workdir" && pwd)
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/smprel.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    trap 'exit 130' INT TERM
fi
mkdir -p "$work/build" "$work/data"
# shellcheck disable=SC2046 # pkg-config's flags are meant to be split
${CC:-cc} -std=c11 -O2 -Wall -Wextra -o "$work/build/fts5_run" \
    "$repo/bench/peers/fts5_run.c" $(pkg-config --cflags --libs sqlite3 json-c)
# shellcheck disable=SC2046
${CXX:-c++} -std=c++17 -O2 -Wall -Wextra -o "$work/build/xapian_run" \
    "$repo/bench/peers/xapian_run.cc" $(pkg-config --cflags --libs xapian-core json-c)

# --- test data ---------------------------------------------------------------
python3 "$repo/bench/convert_testdata.py" "$SMP_TESTDATA" "$work/data" "$@" >&2

# --- scoring -----------------------------------------------------------------
# score RUN QRELS: sets NDCG and MRR ("-" when the run is missing)
score() {
    NDCG=- MRR=-
    [ -f "$1" ] || return 0
    if [ "$scorer" = smpsearch ]; then
        if "$SMP_BIN" eval --run "$1" --qrels "$2" >"$work/score.out" 2>"$work/score.err" &&
            grep -q '^nDCG@10' "$work/score.out"; then
            :
        else
            why=$(head -n 1 "$work/score.err")
            say "\`$SMP_BIN eval\` is not usable${why:+ ($why)}; scoring with bench/score_run.py"
            scorer=python
        fi
    fi
    if [ "$scorer" = python ]; then
        python3 "$repo/bench/score_run.py" --run "$1" --qrels "$2" >"$work/score.out"
    fi
    NDCG=$(awk '$1 == "nDCG@10" { printf "%.4f", $2 }' "$work/score.out")
    MRR=$(awk '$1 == "MRR@10" { printf "%.4f", $2 }' "$work/score.out")
}

ns() { date +%s%N; }

# --- the runs ----------------------------------------------------------------
failed=0
rows=$work/rows
times=$work/times
: >"$rows"
: >"$times"
for name in cranfield cisi med adi cacm scifact; do
    d=$work/data/$name
    [ -d "$d" ] || continue
    docs=$(wc -l <"$d/corpus.jsonl" | tr -d ' ')
    nq=$(wc -l <"$d/queries.tsv" | tr -d ' ')
    say "$name: $docs documents, $nq queries"

    # smpsearch: exit 3 means written, some records skipped (empty ones)
    t0=$(ns)
    rc=0
    # shellcheck disable=SC2086
    "$SMP_BIN" index -q $SMP_INDEX_OPTS -o "$d/smp.idx" "$d/corpus.jsonl" 2>"$d/smp-index.log" || rc=$?
    t1=$(ns)
    smp_build=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    smp_query=-
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
        say "$name: smpsearch index failed (exit $rc): $(tail -n 1 "$d/smp-index.log")"
        rm -f "$d/smp.run"
        failed=1
    else
        t0=$(ns)
        # shellcheck disable=SC2086
        if "$SMP_BIN" query --index "$d/smp.idx" --batch "$d/queries.tsv" --format trec \
            -k "$k" --no-phrases $SMP_QUERY_OPTS >"$d/smp.run" 2>"$d/smp-query.log"; then
            t1=$(ns)
            smp_query=$(awk -v a="$t0" -v b="$t1" -v n="$nq" 'BEGIN { printf "%.0f", (b - a) / 1e3 / n }')
        else
            say "$name: smpsearch query failed: $(tail -n 1 "$d/smp-query.log")"
            rm -f "$d/smp.run"
            failed=1
        fi
    fi

    for peer in fts5 xapian; do
        if ! "$work/build/${peer}_run" -k "$k" "$d/corpus.jsonl" "$d/queries.tsv" \
            >"$d/$peer.run" 2>"$d/$peer.log"; then
            say "$name: $peer failed: $(tail -n 1 "$d/$peer.log")"
            rm -f "$d/$peer.run"
            failed=1
        fi
    done
    fts5_t=$(awk '/index build/ { b = $(NF - 6); q = $(NF - 1) } END { print (b == "" ? "-" : b) "|" (q == "" ? "-" : q) }' "$d/fts5.log")
    xap_t=$(awk '/index build/ { b = $(NF - 6); q = $(NF - 1) } END { print (b == "" ? "-" : b) "|" (q == "" ? "-" : q) }' "$d/xapian.log")
    printf '| %s | %s | %s s | %s µs | %s s | %s µs | %s s | %s µs |\n' "$name" "$docs" \
        "$smp_build" "$smp_query" "${fts5_t%|*}" "${fts5_t#*|}" "${xap_t%|*}" "${xap_t#*|}" >>"$times"

    for q in qrels qrels-padded; do
        [ -f "$d/$q.txt" ] || continue
        label=$name
        if [ "$name" = cacm ]; then
            if [ "$q" = qrels ]; then label="cacm (qrels as given)"; else label="cacm (ids padded)"; fi
        fi
        score "$d/smp.run" "$d/$q.txt"; s_n=$NDCG s_m=$MRR
        score "$d/fts5.run" "$d/$q.txt"; f_n=$NDCG f_m=$MRR
        score "$d/xapian.run" "$d/$q.txt"; x_n=$NDCG x_m=$MRR
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$docs" "$nq" \
            "$s_n" "$f_n" "$x_n" "$s_m" "$f_m" "$x_m" >>"$rows"
    done
done

if [ ! -s "$rows" ]; then
    say "no collection was run"
    exit 1
fi

# --- the report ----------------------------------------------------------------
if [ "$scorer" = smpsearch ]; then
    scored="\`smpsearch eval\`"
else
    scored="bench/score_run.py"
fi
smp_version=$("$SMP_BIN" --version 2>/dev/null | head -n 1 || true)
report() {
    echo "# Relevance: smpsearch, SQLite FTS5 and Xapian"
    echo
    echo "nDCG@10 (graded gains, trec_eval -c) and MRR@10 over every judged query; top $k hits"
    echo "per query; scored with $scored. Generated by bench/relevance.sh."
    echo
    echo "| collection | docs | queries | smpsearch nDCG@10 | FTS5 | Xapian | smpsearch MRR@10 | FTS5 | Xapian |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    cat "$rows"
    echo
    echo "- smpsearch: ${smp_version:-smpsearch}, default settings${SMP_INDEX_OPTS:+, index $SMP_INDEX_OPTS}${SMP_QUERY_OPTS:+, query $SMP_QUERY_OPTS}."
    echo "- FTS5: SQLite $(pkg-config --modversion sqlite3), \`tokenize='porter unicode61'\` over title and text,"
    echo "  the query's words quoted and OR-ed, ranked by \`bm25()\` (k1 1.2, b 0.75)."
    echo "- Xapian: $(pkg-config --modversion xapian-core), title and text in one field, Snowball english"
    echo "  (STEM_SOME), QueryParser default flags and operator OR, BM25Weight(1.2, 0, 1, 0.75, 0.5)."
    echo "- Fields indexed and gains: see bench/convert_testdata.py (Cranfield gains 5 - code, the"
    echo "  source document 5). CACM: \"qrels as given\" keeps the qrels' unpadded ids below 1000 (55"
    echo "  pairs match no document; Anserini's published figures count them this way), \"ids"
    echo "  padded\" matches every judged pair."
    echo
    echo "Timings (this machine; smpsearch: whole \`index\` process, and batch \`query\` wall time"
    echo "per question including start-up; peers: in-process build, median query):"
    echo
    echo "| collection | docs | smpsearch build | smpsearch query | FTS5 build | FTS5 query | Xapian build | Xapian query |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    cat "$times"
}
mkdir -p "$(dirname "$out")"
report >"$out"
report
say "wrote $out"
exit "$failed"
