#!/bin/sh
# "No good answer": the development questions (all answered by the bundled
# articles) and the off-topic ones (offtopic.tsv: none is) through the
# bundled corpus index; precision and recall of the "no answer" decision
# (smp_results_answered), which fail the test when they fall below the
# recorded baseline minus a small margin.  Run by `make check`.
set -u
BIN=${SMP_BIN:-./smpsearch}
SRC=${SMP_SRCDIR:-.}
IDX=${SMP_BUILDDIR:-.}/corpus.smpidx
DIR="$SRC/tests/relevance"
MARGIN=0.02
command -v jq >/dev/null || { echo "jq is needed"; exit 77; }
answered() { "$BIN" query --index "$IDX" --batch "$1" --format jsonl | jq -r '.answered'; }
dev_no=$(answered "$DIR/dev.tsv" | grep -c false)
dev_n=$(grep -c . "$DIR/dev.tsv")
off_no=$(answered "$DIR/offtopic.tsv" | grep -c false)
off_n=$(grep -c . "$DIR/offtopic.tsv")
res=$(awk -v tp="$off_no" -v fp="$dev_no" -v n="$off_n" 'BEGIN {
    p = tp + fp ? tp / (tp + fp) : 0; r = n ? tp / n : 0
    printf "%.3f %.3f", p, r }')
p=${res% *} r=${res#* }
echo "no answer said: $off_no of $off_n off-topic questions, $dev_no of $dev_n development questions"
echo "precision $p, recall $r"
bp=$(awk '$1 == "no_answer_precision" { print $2 }' "$DIR/baseline")
br=$(awk '$1 == "no_answer_recall" { print $2 }' "$DIR/baseline")
echo "baseline precision $bp, recall $br, margin $MARGIN"
if awk -v p="$p" -v r="$r" -v bp="$bp" -v br="$br" -v m="$MARGIN" \
    'BEGIN { exit !(p + m >= bp && r + m >= br) }'; then
    echo "1 passed, 0 failed"
else
    echo "0 passed, 1 failed"
    exit 1
fi
