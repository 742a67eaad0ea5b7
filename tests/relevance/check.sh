#!/bin/sh
# Relevance regression test: answers the judged development questions from
# the bundled corpus index and fails when nDCG@10 falls below the recorded
# baseline minus a small margin.  Run by `make check`.
set -u
BIN=${SMP_BIN:-./smpsearch}
SRC=${SMP_SRCDIR:-.}
IDX=${SMP_BUILDDIR:-.}/corpus.smpidx
DIR="$SRC/tests/relevance"
MARGIN=0.01

base=$(awk '$1 == "ndcg@10" { print $2 }' "$DIR/baseline")
[ -n "$base" ] || { echo "no baseline in $DIR/baseline"; exit 99; }
out=$("$BIN" eval --index "$IDX" --queries "$DIR/dev.tsv" --qrels "$DIR/dev.qrels") || {
    echo "smpsearch eval failed"; exit 1; }
echo "$out"
ndcg=$(echo "$out" | awk '$1 == "nDCG@10" { print $2 }')
echo "baseline nDCG@10 $base, margin $MARGIN"
if awk -v n="$ndcg" -v b="$base" -v m="$MARGIN" 'BEGIN { exit !(n + m >= b) }'; then
    echo "1 passed, 0 failed"
else
    echo "nDCG@10 $ndcg is below the baseline $base - $MARGIN"
    echo "0 passed, 1 failed"
    exit 1
fi
