#!/bin/sh
# "No good answer" on the validation half, which the threshold was not
# chosen on (bench/no_answer_cv.py chooses it on the tuning half): the
# customer questions of the validation side (customers/split.tsv), the
# answerable ones and the off-topic ones (customers/offtopic.txt), and the
# even-numbered lines of offtopic.tsv, through the bundled corpus index.
# Precision and recall of the "no answer" decision (smp_results_answered;
# the positive class is an off-topic question) fail the test when they
# fall below the recorded baseline minus a small margin.  Run by `make
# check`.
set -u
BIN=${SMP_BIN:-./smpsearch}
SRC=${SMP_SRCDIR:-.}
IDX=${SMP_BUILDDIR:-.}/corpus.smpidx
DIR="$SRC/tests/relevance"
MARGIN=0.02
command -v jq >/dev/null || { echo "jq is needed"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
awk -F'\t' 'FILENAME ~ /split/ { val[$1] = $2 == "validation"; next }
            FILENAME ~ /offtopic.txt/ { off[$1] = 1; next }
            val[$1] { print > (off[$1] ? o : a) }' \
    o="$tmp/off.tsv" a="$tmp/ans.tsv" \
    "$DIR/customers/split.tsv" "$DIR/customers/offtopic.txt" "$DIR/customers/questions.tsv"
awk 'NR % 2 == 0' "$DIR/offtopic.tsv" >>"$tmp/off.tsv"
# one line per question: "false" when it says there is no good answer
answered() { "$BIN" query --index "$IDX" --batch "$1" --format jsonl -k 1 | jq -r '.answered'; }
ans_no=$(answered "$tmp/ans.tsv" | grep -c false)
ans_n=$(grep -c . "$tmp/ans.tsv")
off_no=$(answered "$tmp/off.tsv" | grep -c false)
off_n=$(grep -c . "$tmp/off.tsv")
res=$(awk -v tp="$off_no" -v fp="$ans_no" -v n="$off_n" 'BEGIN {
    p = tp + fp ? tp / (tp + fp) : 0; r = n ? tp / n : 0
    printf "%.3f %.3f", p, r }')
p=${res% *} r=${res#* }
echo "no answer said: $off_no of $off_n off-topic questions, $ans_no of $ans_n answerable ones (validation half)"
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
