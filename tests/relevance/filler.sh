#!/bin/sh
# Question filler ("how", "does", "the", "can I"; the list of snippet.c):
# on the development questions that contain filler and a real word, the
# default (filler left out of the ranking) must rank at least as well as
# ranking with filler (--keep-filler), by nDCG@10 and Recall@10: filler
# neither drops the right passage nor floods the top.  Run by `make check`.
set -u
BIN=${SMP_BIN:-./smpsearch}
SRC=${SMP_SRCDIR:-.}
IDX=${SMP_BUILDDIR:-.}/corpus.smpidx
DIR="$SRC/tests/relevance"
T=$(mktemp -d "${TMPDIR:-/tmp}/smpfiller.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
awk -F '\t' '
    BEGIN { n = split("a am an and are as at be but by can could did do does for get had has " \
                      "have how i if in into is it me my no not of on or should such that the " \
                      "their then there these they this to was what when where which who why " \
                      "will with would you your", w, " ")
            for (i = 1; i <= n; i++) filler[w[i]] = 1 }
    { q = tolower($2); gsub(/[^a-z0-9'\'']+/, " ", q); k = split(q, words, " "); f = r = 0
      for (i = 1; i <= k; i++) if (words[i] in filler) f = 1; else r = 1
      if (f && r) print }' "$DIR/dev.tsv" >"$T/q.tsv"
cut -f1 "$T/q.tsv" >"$T/ids"
awk 'NR == FNR { k[$1] = 1; next } ($1 in k)' "$T/ids" "$DIR/dev.qrels" >"$T/qrels"
metric() { "$BIN" eval --index "$IDX" --queries "$T/q.tsv" --qrels "$T/qrels" $2 |
           awk -v m="$1" '$1 == m { print $2 }'; }
nd=$(metric nDCG@10 "") nk=$(metric nDCG@10 --keep-filler)
rd=$(metric Recall@10 "") rk=$(metric Recall@10 --keep-filler)
echo "$(wc -l <"$T/q.tsv") development questions with filler"
echo "filler left out (default): nDCG@10 $nd, Recall@10 $rd"
echo "filler ranked (--keep-filler): nDCG@10 $nk, Recall@10 $rk"
if awk -v a="$nd" -v b="$nk" -v c="$rd" -v d="$rk" 'BEGIN { exit !(a >= b && c >= d) }'; then
    echo "1 passed, 0 failed"
else
    echo "0 passed, 1 failed"
    exit 1
fi
