#!/bin/sh
# What a change that should not alter behaviour must leave as it is: writes,
# for one smpsearch binary, the bytes of several indexes and the answers to
# the development questions and the public collections into OUTDIR.  Run it
# for the program before and after a change and compare the two folders with
# `diff -r` (or give -c OTHER_OUTDIR to compare at the end).
#
# Usage: bench/same_output.sh [-t TESTDATA_DIR] [-c OTHER_OUTDIR] BIN OUTDIR
#   the bundled corpus built three ways (default, --no-positions, and an
#   update adding a folder, which writes segments); the development
#   questions (eval summary, a TREC run and the JSON answers of the first
#   40); each public collection in TESTDATA_DIR (default ../shared/testdata)
#   indexed and searched as bench/relevance.sh does (top 100, --no-phrases).
# Files are copied with their times (a manifest records each file's mtime),
# so two runs over the same checkout give the same bytes.
# Exit status: 0, or 1 when -c finds a difference.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
testdata=$repo/../shared/testdata
other=
while [ $# -gt 2 ]; do
    case $1 in
    -t) testdata=$2; shift 2 ;;
    -c) other=$2; shift 2 ;;
    *) break ;;
    esac
done
[ $# -eq 2 ] || { sed -n '/^# Usage:/,/^# Exit/p' "$0" >&2; exit 2; }
bin=$1
out=$2
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# indexes: a build, a build without positions, an update into segments
cp -rp "$repo/corpus" "$tmp/corpus"
mkdir -p "$tmp/more"
cp -p "$repo"/tests/fixtures/articles/*.md "$tmp/more/" 2>/dev/null || true
( cd "$tmp" && "$bin" index -q -o full.idx corpus &&
  "$bin" index -q --no-positions -o nopos.idx corpus &&
  "$bin" index -q -o upd.idx corpus && "$bin" index -q --update -o upd.idx corpus more ) || true
for f in "$tmp"/full.idx "$tmp"/nopos.idx "$tmp"/upd.idx "$tmp"/upd.idx.seg.*; do
    [ -e "$f" ] && cp "$f" "$out/$(basename "$f")"
done

dev=$repo/tests/relevance
"$bin" eval --index "$tmp/full.idx" --queries "$dev/dev.tsv" --qrels "$dev/dev.qrels" >"$out/dev.eval"
"$bin" query --index "$tmp/full.idx" --batch "$dev/dev.tsv" --format trec -k 100 >"$out/dev.run"
"$bin" query --index "$tmp/upd.idx" --batch "$dev/dev.tsv" --format trec -k 100 >"$out/dev-upd.run"
head -n 40 "$dev/dev.tsv" | cut -f2 | while IFS= read -r q; do
    "$bin" query --index "$tmp/full.idx" --json "$q" | sed 's/"took_ms":[0-9.]*//'
done >"$out/dev.json"

# the public collections
if [ -d "$testdata" ]; then
    python3 "$repo/bench/convert_testdata.py" "$testdata" "$tmp/data" >/dev/null 2>&1
    find "$tmp/data" -type f -exec touch -d @1700000000 {} +
    for d in "$tmp"/data/*/; do
        name=$(basename "$d")
        ( cd "$d" && "$bin" index -q -o smp.idx corpus.jsonl ) 2>/dev/null || continue
        "$bin" query --index "$d/smp.idx" --batch "$d/queries.tsv" --format trec -k 100 \
            --no-phrases >"$out/$name.run"
        cksum <"$d/smp.idx" >"$out/$name.idx.cksum"
    done
fi

if [ -n "$other" ]; then
    if diff -r "$other" "$out" >"$tmp/diff"; then
        echo "same: $(ls "$out" | wc -l) files identical"
    else
        head -n 40 "$tmp/diff"
        exit 1
    fi
fi
