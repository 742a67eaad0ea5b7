#!/bin/sh
# Times smpsearch on the bundled corpus: index build, query latency in
# batch mode (index opened once), and one whole process per question.
# Prints a Markdown table of medians.  Usage: bench/corpus-bench.sh [BIN]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
BIN=${1:-./smpsearch}
CORPUS="$here/../corpus"
Q="$here/questions.txt"
T=$(mktemp -d "${TMPDIR:-/tmp}/smpbench.XXXXXX")
trap 'rm -rf "$T"' EXIT

ns() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# index build, 21 runs
: >"$T/build"
for i in $(seq 21); do
    s=$(ns); "$BIN" index -q -o "$T/c.idx" "$CORPUS"; e=$(ns)
    echo $(( (e - s) / 1000 )) >>"$T/build"
done
# batch queries: the question set 100 times, 7 runs
nq=$(wc -l <"$Q")
for i in $(seq 100); do cat "$Q"; done >"$T/many.txt"
total=$(wc -l <"$T/many.txt")
: >"$T/batch"
for i in $(seq 7); do
    s=$(ns); "$BIN" query --index "$T/c.idx" -k 10 --format trec --batch "$T/many.txt" >/dev/null; e=$(ns)
    echo $(( (e - s) / total )) >>"$T/batch"
done
# one process per question, 51 runs of the demo question
: >"$T/e2e"
for i in $(seq 51); do
    s=$(ns); "$BIN" --index "$T/c.idx" "how long does it last" >/dev/null; e=$(ns)
    echo $(( (e - s) / 1000 )) >>"$T/e2e"
done
src=$(cat "$CORPUS"/*.md | wc -c)
idx=$(wc -c <"$T/c.idx")
echo "| figure | median |"
echo "|---|---|"
echo "| index build, bundled corpus ($src bytes of source) | $(median <"$T/build") µs |"
echo "| query, batch mode, top 10 ($nq questions x 100) | $(median <"$T/batch") ns per question |"
echo "| \`smpsearch \"how long does it last\"\`, whole process | $(median <"$T/e2e") µs |"
echo "| index size / source size | $idx / $src = $(awk "BEGIN {printf \"%.2f\", $idx / $src}") |"
