#!/bin/sh
# An index copied over in place (cp new.idx live.idx, as scp and cp do)
# while `smpsearch serve` answers questions: the server stays up and every
# answer is one of the two indexes' answers, whole.  SWAPS copies (40 by
# default; make stress runs more), alternating two different indexes,
# under four clients asking all the time.  Needs curl, jq and python3.
set -u
BIN=${SMP_BIN:-./smpsearch}
SRC=${SMP_SRCDIR:-.}
BUILD=${SMP_BUILDDIR:-.}
SWAPS=${SWAPS:-40}
CLIENTS="$SRC/tests/e2e/serve/clients.py"
command -v curl >/dev/null && command -v jq >/dev/null && command -v python3 >/dev/null ||
    { echo "curl, jq and python3 are needed"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/smpinplace.XXXXXX") || exit 99
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$T"' EXIT
unset SMPSEARCH_INDEX
fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# two indexes that answer the questions differently
"$BIN" index -q -o "$T/a.idx" "$SRC/tests/fixtures/articles" 2>/dev/null
cp "$BUILD/corpus.smpidx" "$T/b.idx"
[ -f "$T/a.idx" ] && [ -f "$T/b.idx" ] || { echo "cannot make the two indexes"; exit 1; }
cp "$T/a.idx" "$T/live.idx"
for q in "how long does it last" "does it hurt" "how much does it cost" "aftercare" \
    "how many sessions" "microblading" "lash lift" "brow lamination"; do
    for x in a b; do
        ids=$("$BIN" query --index "$T/$x.idx" --json -k 3 "$q" 2>/dev/null |
            jq -r '[.results[].passage_id] | join(" ")')
        echo "200 $q${ids:+ $ids}" >>"$T/expected"
    done
done

"$BIN" serve --index "$T/live.idx" --listen 127.0.0.1:0 --threads 2 >"$T/out" 2>"$T/err" &
pid=$!
i=0
while [ $i -lt 50 ] && ! grep -q 'http://' "$T/out" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$T/out")
[ -n "$port" ] || { echo "the server did not start: $(cat "$T/err")"; exit 1; }

python3 "$CLIENTS" watch "$port" $((SWAPS / 2 + 8)) "$T/answers" >/dev/null &
watcher=$!
sleep 1
n=0
while [ $n -lt "$SWAPS" ]; do
    if [ $((n % 2)) = 0 ]; then cp "$T/b.idx" "$T/live.idx"; else cp "$T/a.idx" "$T/live.idx"; fi
    n=$((n + 1))
    sleep 0.5
    kill -0 "$pid" 2>/dev/null || break
done
wait "$watcher"

if kill -0 "$pid" 2>/dev/null; then :; else
    wait "$pid"
    bad "the server died (status $?) after $n copies in place: $(tail -3 "$T/err")"
fi
[ -s "$T/answers" ] || bad "no answers"
# every answer is one of the two indexes' answers to its question
wrong=$(grep -vxFf "$T/expected" "$T/answers" | head -5)
[ -z "$wrong" ] || bad "answers from neither index: $wrong"
gen=$(curl -s "http://127.0.0.1:$port/healthz" | jq -r .generation)
[ "${gen:-0}" -ge 2 ] || bad "the copies were never read (generation ${gen:-none})"
echo "$n copies in place, $(wc -l <"$T/answers") answers, generation $gen, $(grep -c 'index reopened' "$T/err") reloads, $(grep -c 'keeping the index' "$T/err") copies refused while incomplete"
[ $fail = 0 ] && echo "PASS: inplace" && exit 0
exit 1
