#!/bin/sh
# End-to-end tests of --category and --tag on query and eval, and of the
# facet counts in JSON and text output, on tests/fixtures/filters (Markdown
# front matter categories and tags, a page's article:section and
# article:tag) and the bundled corpus.  Run by `make check`, which sets
# SMP_BIN, SMP_SRCDIR and SMP_BUILDDIR.
set -u

BIN=${SMP_BIN:-./smpsearch}
SRC=${SMP_SRCDIR:-.}
BUILD=${SMP_BUILDDIR:-.}
FIX="$SRC/tests/fixtures/filters"
T=$(mktemp -d "${TMPDIR:-/tmp}/smpfilter.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
unset SMPSEARCH_INDEX
export NO_COLOR=1
JQ=$(command -v jq || true)
[ -n "$JQ" ] || { echo "jq is needed"; exit 77; }

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check NAME EXPECTED-STATUS COMMAND...
    name=$1 want=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else
        bad "$name: exit status $got, expected $want"
        sed 's/^/    err: /' "$T/err" | head -5
    fi
}
has() { # has NAME FILE PATTERN
    if grep -q -- "$3" "$2"; then ok; else bad "$1: '$3' not in $2"; sed 's/^/    | /' "$2" | head -8; fi
}
hasnt() {
    if grep -q -- "$3" "$2"; then bad "$1: '$3' unexpectedly in $2"; else ok; fi
}
jq_ok() { # jq_ok NAME FILTER : the filter must print "true" on $T/out
    r=$($JQ -e "$2" "$T/out" 2>&1)
    if [ "$r" = "true" ]; then ok; else bad "$1: jq '$2' gave '$r'"; head -c 600 "$T/out"; echo; fi
}

IDX="$T/f.idx"
check "index" 0 "$BIN" index -q -o "$IDX" "$FIX"
Q="how long does it last"

# --- no filter: every article, facets in JSON (passages per value)
check "json, no facets" 0 "$BIN" query --index "$IDX" --json -k 20 "$Q"
jq_ok "facets only when asked" 'has("facets") | not'
check "json" 0 "$BIN" query --index "$IDX" --json -k 20 --facets "$Q"
jq_ok "facets shape" '(.facets.category | type) == "object" and (.facets.tag | type) == "object"'
jq_ok "category counts" '.facets.category == {"Lash Lift": 3, "scalp micropigmentation": 2, "brows": 1}'
jq_ok "tag counts" '.facets.tag == {"aftercare": 5, "lashes": 3, "Pain": 2, "tint": 1}'
jq_ok "all articles" '[.results[].article.id] | unique == ["brow-lamination", "hours", "lash-lift", "lash-tint", "smp"]'
# text output: no facet line without a filter
check "text" 0 "$BIN" query --index "$IDX" -k 2 "$Q"
hasnt "no facet line" "$T/out" "^Categories:"

# --- one category, case aside: only its articles, its siblings keep counts
check "category" 0 "$BIN" query --index "$IDX" --json -k 20 --category "lash LIFT" "$Q"
jq_ok "only lash lift" '[.results[].article.categories[] | ascii_downcase] | unique == ["lash lift"]'
jq_ok "lash lift passages" '(.results | length) == 3'
jq_ok "siblings keep counts" '.facets.category == {"Lash Lift": 3, "scalp micropigmentation": 2, "brows": 1}'
jq_ok "tags under the filter" '.facets.tag == {"lashes": 3, "aftercare": 2, "tint": 1}'

# --- OR within a field, AND across fields
check "two categories" 0 "$BIN" query --index "$IDX" --json -k 20 --category brows --category "scalp micropigmentation" "$Q"
jq_ok "either category" '[.results[].article.id] | unique == ["brow-lamination", "smp"]'
check "category and tag" 0 "$BIN" query --index "$IDX" --json -k 20 --category "lash lift" --tag aftercare "$Q"
jq_ok "both" '[.results[].article.id] | unique == ["lash-lift"]'
jq_ok "category counts under the tag" '.facets.category == {"scalp micropigmentation": 2, "Lash Lift": 2, "brows": 1}'
jq_ok "tag counts under the category" '.facets.tag == {"lashes": 3, "aftercare": 2, "tint": 1}'
check "page tag" 0 "$BIN" query --index "$IDX" --json -k 20 --tag pain "$Q"
jq_ok "article:tag" '[.results[].article.id] | unique == ["smp"]'

# --- k results still come back under a filter
check "k under filter" 0 "$BIN" query --index "$IDX" --json -k 1 --tag lashes "$Q"
jq_ok "one of the tagged" '(.results | length) == 1 and (.results[0].article.tags | index("lashes")) != null'

# --- text: a facet line under a filter, selected values first
check "text filter" 0 "$BIN" query --index "$IDX" -k 1 --category brows "$Q"
has "category line" "$T/out" "^Categories: brows 1 (selected), Lash Lift 3, scalp micropigmentation 2$"
has "tag line" "$T/out" "^Tags: aftercare 1"
has "brows result" "$T/out" "^1\. Brow lamination"

# --- a value no article has: no results, not an error; the rest still counted
check "unknown category" 0 "$BIN" query --index "$IDX" --json --category "opening hours" "$Q"
jq_ok "no results" '(.results | length) == 0 and .answered == false'
jq_ok "unknown counted 0" '.facets.category["opening hours"] == 0 and .facets.category["Lash Lift"] == 3'
check "unknown text" 0 "$BIN" query --index "$IDX" --category "opening hours" "$Q"
has "unknown line" "$T/out" "^Categories: opening hours 0 (selected)"
has "no passage" "$T/out" "No passage matches"

# --- options: help, a missing value, too many values
check "help" 0 "$BIN" query --help
has "help category" "$T/out" "--category C"
has "help tag" "$T/out" "--tag T"
check "missing value" 2 "$BIN" query --index "$IDX" --category
args=""
i=0
while [ $i -le 64 ]; do args="$args --tag t$i"; i=$((i + 1)); done
# shellcheck disable=SC2086
check "too many values" 2 "$BIN" query --index "$IDX" $args "$Q"
has "too many message" "$T/err" "at most 64 values of --tag"

# --- batch and eval take the filter too
printf 'q1\t%s\nq2\tlash tint\n' "$Q" >"$T/batch.tsv"
check "batch" 0 "$BIN" query --index "$IDX" --batch "$T/batch.tsv" --json --category brows
if [ "$($JQ -c '[.results[].article.id] | unique' "$T/out" | sort -u | tr -d '\n')" = '["brow-lamination"][]' ]; then ok; else
    bad "batch filtered: $($JQ -c '[.results[].article.id]' "$T/out" | tr '\n' ' ')"; fi
printf 'q1 0 lash-lift#1 1\nq1 0 brow-lamination#1 1\n' >"$T/qrels"
check "eval help" 0 "$BIN" eval --help
has "eval help category" "$T/out" "--category C"
check "eval filtered" 0 "$BIN" eval --index "$IDX" --queries "$T/batch.tsv" --qrels "$T/qrels" --json --category brows
check "eval trec" 0 "$BIN" eval --index "$IDX" --queries "$T/batch.tsv" --qrels "$T/qrels" --category brows --run-out "$T/run"
if grep -v "brow-lamination" "$T/run" | grep -q .; then bad "eval run has other articles: $(cat "$T/run")"; else ok; fi

# --- the bundled corpus: categories from front matter
CORPUS="$BUILD/corpus.smpidx"
if [ -f "$CORPUS" ]; then
    check "corpus" 0 "$BIN" query --index "$CORPUS" --json -k 5 --category "lash lift" "$Q"
    jq_ok "corpus lash lift" '(.results | length) == 5 and ([.results[].article.categories[]] | index("lash lift")) != null'
    jq_ok "corpus facets" '.facets.category["lash lift"] > 0 and .facets.category["scalp micropigmentation"] > 0'
    jq_ok "corpus selected counts its results" '.facets.category["lash lift"] >= (.results | length)'
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
