#!/bin/sh
# Numbers and ranges (numbers.c): questions that give a number or a range
# in another form than the articles do ("6-8 weeks" for "six to eight
# weeks", "3-5 hrs", "seven to fourteen days" for "7 to 14 days"; judged
# in numbers.tsv / numbers.qrels) must be answered at least as well as the
# recorded baseline, and better than by an index built with --no-numbers.
# Run by `make check`.
set -u
BIN=${SMP_BIN:-./smpsearch}
SRC=${SMP_SRCDIR:-.}
IDX=${SMP_BUILDDIR:-.}/corpus.smpidx
DIR="$SRC/tests/relevance"
MARGIN=0.01
T=$(mktemp -d "${TMPDIR:-/tmp}/smpnumbers.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
base=$(awk '$1 == "numbers_ndcg@10" { print $2 }' "$DIR/baseline")
[ -n "$base" ] || { echo "no numbers baseline in $DIR/baseline"; exit 99; }
"$BIN" index -q --no-numbers -o "$T/plain.idx" "$SRC/corpus" || { echo "index failed"; exit 1; }
metric() { "$BIN" eval --index "$1" --queries "$DIR/numbers.tsv" --qrels "$DIR/numbers.qrels" |
           awk -v m="$2" '$1 == m { print $2 }'; }
nd=$(metric "$IDX" nDCG@10) np=$(metric "$T/plain.idx" nDCG@10)
rd=$(metric "$IDX" Recall@10) rp=$(metric "$T/plain.idx" Recall@10)
echo "$(wc -l <"$DIR/numbers.tsv") questions with numbers in another form"
echo "numbers (default): nDCG@10 $nd, Recall@10 $rd"
echo "--no-numbers:      nDCG@10 $np, Recall@10 $rp"
echo "baseline nDCG@10 $base, margin $MARGIN"
if awk -v a="$nd" -v b="$np" -v c="$rd" -v d="$rp" -v base="$base" -v m="$MARGIN" \
    'BEGIN { exit !(a > b && c >= d && a + m >= base) }'; then
    echo "1 passed, 0 failed"
else
    echo "0 passed, 1 failed"
    exit 1
fi
