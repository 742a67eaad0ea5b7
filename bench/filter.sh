#!/bin/sh
# The cost of filters and facet counts (bench/filter_run.c): on the bundled
# corpus with a common category (lash lift) and a rare one (eyeliner), and
# on a generated corpus of N articles (default 20000, about 90,000
# passages) with categories and tags (bench/gen_facets_corpus.py), with a
# common category, a rare one (1% of the articles), a tag, and a category
# and a tag together.  Prints one Markdown table per corpus.
# Run after make, from the top of the build tree:
#   sh SRCDIR/bench/filter.sh [N] [ROUNDS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
N=${1:-20000}
ROUNDS=${2:-5}
BIN=${BIN:-./smpsearch}
T=$(mktemp -d "${TMPDIR:-/tmp}/smpfilter.XXXXXX")
trap 'rm -rf "$T"' EXIT

cc -std=c11 -O2 -Wall -Wextra -I"$here/../include" "$here/filter_run.c" \
    .libs/libsmpsearch.a -lstemmer -lstreamvbyte -lz -lzstd -lutf8proc -lmd4c \
    -ljson-c -lm -lpthread -o "$T/filter_run"

table() { # table TITLE ARGS...: filter_run's lines as a Markdown table
    title=$1
    shift
    echo
    echo "$title"
    echo
    echo "| mode | p50 µs | p90 µs | mean µs | median ratio to plain | mean results |"
    echo "|---|---|---|---|---|---|"
    "$T/filter_run" -r "$ROUNDS" "$@" >"$T/out"
    sed -n 's/^filter: mode=\([^ ]*\) calls=[0-9]* p50_us=\([^ ]*\) p90_us=\([^ ]*\) mean_us=\([^ ]*\) ratio_p50=\([^ ]*\) results=\([^ ]*\)$/| \1 | \2 | \3 | \4 | \5 | \6 |/p' "$T/out"
    sed -n 's/^filter: first_facets_search_us=\([^ ]*\) later_p50_us=\([^ ]*\)$/\nFirst search with facets on a new searcher (reads the categories and tags): \1 µs; later ones: \2 µs./p' "$T/out"
}

"$BIN" index -q -o "$T/c.idx" "$here/../corpus"
Q="$here/questions.txt"
passages() { "$BIN" stats "$1" | sed -n 's/^passages: *\([0-9]*\).*/\1/p'; }
echo "## Bundled corpus ($(passages "$T/c.idx") passages), $(wc -l <"$Q") questions x $ROUNDS"
table "Category \"lash lift\" (common):" -c "lash lift" "$T/c.idx" "$Q"
table "Category \"eyeliner\" (rare):" -c "eyeliner" "$T/c.idx" "$Q"

python3 "$here/gen_facets_corpus.py" "$here/../corpus" "$T/gen" "$N" 1
s=$(date +%s)
"$BIN" index -q -o "$T/g.idx" "$T/gen"
e=$(date +%s)
echo
echo "## Generated corpus ($N articles, $(passages "$T/g.idx") passages, built in $((e - s)) s), $(wc -l <"$Q") questions x $ROUNDS"
table "Category \"lash lift\" (30% of the articles):" -c "lash lift" "$T/g.idx" "$Q"
table "Category \"rare\" (1%):" -c "rare" "$T/g.idx" "$Q"
table "Tag \"tag010\":" -g "tag010" "$T/g.idx" "$Q"
table "Category \"brows\" and tag \"tag001\":" -c "brows" -g "tag001" "$T/g.idx" "$Q"
