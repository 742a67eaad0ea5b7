#!/bin/sh
# make check: every kept fuzz input (seeds, and the inputs of crashes found
# and fixed) through its harness, without libFuzzer, under whatever
# sanitizers the build has; the index harness also gets index files built
# from the fixtures, whole, cut short and with bytes flipped.
set -u
src=${SMP_SRCDIR:-${srcdir:-.}}
T=$(mktemp -d "${TMPDIR:-/tmp}/smpfuzz.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
fail=0
# the harnesses (Makefile.am's FUZZ_HARNESSES); index is replayed below
harnesses=${SMP_FUZZ_HARNESSES:-query ingest tokenize index manifest jsonld html querylog frontmatter synonyms batch eval request}
for h in $harnesses; do
    [ "$h" = index ] && continue
    ./tests/fuzz/replay_$h "$src/tests/fuzz/corpus/$h" >"$T/out" 2>&1 || { fail=1; cat "$T/out"; }
    echo "$h: $(tail -n 1 "$T/out")"
done
./smpsearch index -q -o "$T/a.idx" "$src/tests/fixtures/articles" 2>/dev/null
size=$(wc -c <"$T/a.idx")
mkdir "$T/idx"
cp "$T/a.idx" "$T/idx/whole"
i=0
while [ $i -lt 40 ]; do
    off=$(( (i * 7919 + 13) % size ))
    head -c "$off" "$T/a.idx" >"$T/idx/cut$i"
    cp "$T/a.idx" "$T/idx/flip$i"
    printf '\377' | dd of="$T/idx/flip$i" bs=1 seek="$off" conv=notrunc 2>/dev/null
    i=$((i + 1))
done
./tests/fuzz/replay_index "$src/tests/fuzz/corpus/index" "$T/idx" >"$T/out" 2>&1 || { fail=1; cat "$T/out"; }
echo "index: $(tail -n 1 "$T/out")"
exit $fail
