#!/bin/sh
# make fuzz: builds each harness with clang's libFuzzer, AddressSanitizer
# and UndefinedBehaviorSanitizer over the library's sources, and runs each
# for a fixed time from the kept corpus (tests/fuzz/corpus/HARNESS) plus,
# for the index reader, index files built from the test fixtures.
# Crashes are written to fuzz-work/crashes/; copy each into
# tests/fuzz/corpus/HARNESS/ (make check replays them) once fixed.
#
# usage: run.sh SRCDIR SECONDS "CPPFLAGS CFLAGS" "LIBS" SOURCE...
set -u
src=$1 secs=$2 flags=$3 libs=$4
shift 4
CLANG=${CLANG:-clang}
work=fuzz-work
mkdir -p "$work/bin" "$work/crashes"
command -v "$CLANG" >/dev/null || { echo "fuzz: $CLANG not found (Debian package clang)"; exit 1; }
srcs=""
# sources of the source tree, and generated ones (absolute paths)
for f in "$@"; do case $f in /*.c) srcs="$srcs $f" ;; *.c) srcs="$srcs $src/$f" ;; esac; done

# index files to start the index harness from: the fixtures, with and
# without positions, and the bundled corpus
mkdir -p "$work/seed-index"
./smpsearch index -q -o "$work/seed-index/fixtures.idx" "$src/tests/fixtures/articles" 2>/dev/null
./smpsearch index -q --no-positions -o "$work/seed-index/nopos.idx" "$src/tests/fixtures/articles" 2>/dev/null
printf '{"_id":"a","title":"Lash lift","text":"A lash lift lasts eight weeks."}\n' >"$work/seed-index/one.jsonl"
./smpsearch index -q -o "$work/seed-index/one.idx" "$work/seed-index/one.jsonl" 2>/dev/null
rm -f "$work/seed-index/one.jsonl"

status=0
summary="$work/summary.txt"
: >"$summary"
# the harnesses: Makefile.am's FUZZ_HARNESSES, or those named in $SMP_FUZZ_HARNESSES
for h in ${SMP_FUZZ_HARNESSES:-query ingest tokenize index manifest jsonld html querylog frontmatter synonyms batch eval request}; do
    bin=$work/bin/fuzz_$h
    # sources a harness names beyond the library's ("fuzz-sources: ..." in its comment)
    extra=""
    for f in $(sed -n 's/^ \* fuzz-sources: //p' "$src/tests/fuzz/fuzz_$h.c"); do extra="$extra $src/$f"; done
    # libraries it needs beyond the library's ("fuzz-libs: ...")
    hlibs=$(sed -n 's/^ \* fuzz-libs: //p' "$src/tests/fuzz/fuzz_$h.c")
    # built again only when a source or header is newer than the binary
    # (compiling the library with clang takes minutes)
    stale=1
    if [ -x "$bin" ] && [ -z "$(find "$src/src" "$src/include" "$src/tests/fuzz" \
        -newer "$bin" \( -name '*.c' -o -name '*.h' \) 2>/dev/null | head -n 1)" ]; then
        stale=0
    fi
    # shellcheck disable=SC2086 # flag lists are meant to be split
    [ "$stale" -eq 0 ] || $CLANG -g -O1 -fsanitize=fuzzer,address,undefined \
        -fno-sanitize-recover=undefined -D_DEFAULT_SOURCE -I. -I"$src/include" -I"$src/src" \
        $flags "$src/tests/fuzz/fuzz_$h.c" $extra $srcs $libs $hlibs -o "$bin" ||
        { status=1; continue; }
    mkdir -p "$work/corpus-$h"
    seeds="$src/tests/fuzz/corpus/$h"
    [ "$h" = index ] && seeds="$seeds $work/seed-index"
    echo "fuzz: $h for $secs s"
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$secs" -print_final_stats=1 -rss_limit_mb=2048 \
        -artifact_prefix="$work/crashes/$h-" "$work/corpus-$h" $seeds \
        >"$work/$h.log" 2>&1
    rc=$?
    execs=$(awk '/stat::number_of_executed_units/ { print $NF }' "$work/$h.log")
    cov=$(grep -o 'cov: [0-9]*' "$work/$h.log" | tail -n 1)
    echo "$h: ${execs:-?} executions, $cov, exit $rc" | tee -a "$summary"
    [ "$rc" -eq 0 ] || { status=1; tail -n 30 "$work/$h.log"; }
done
ls "$work/crashes" | sed 's/^/crash: /'
exit $status
