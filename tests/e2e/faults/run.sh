#!/bin/sh
# Faults during batch reindexing (make check: a short run; make stress:
# FAULT_KILLS=200 FAULT_SWAPS=50):
#  - kill -9 at random points of a build that writes runs and merges them:
#    the previous index always checks sound and answers, and the next build
#    removes what the killed one left behind;
#  - a second writer of the same index is refused while one holds the lock;
#  - readers keep answering, without one error, while builds replace the
#    index again and again, and a long-lived reader (query --batch -) keeps
#    answering from the index it opened;
#  - a full disk (ulimit -f) and a missing or unwritable target folder: a
#    clear error, a non-zero exit, the old index untouched; an unreadable
#    index or input file: a clear error, or the file skipped (as root, the
#    permission tests run as nobody through setpriv).
set -u
BIN=${SMP_BIN:-./smpsearch}
KILLS=${FAULT_KILLS:-12}
SWAPS=${FAULT_SWAPS:-6}
T=$(mktemp -d "${TMPDIR:-/tmp}/smpfault.XXXXXX") || exit 99
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# a corpus big enough that a build takes a while: 40,000 short passages
awk 'BEGIN {
    split("lash lift brow scalp pigment weeks years eight six tint serum keratin patch test " \
          "aftercare sun swim sauna sleep oil hurt numbing cream session cost price touch fade " \
          "colour dots", w, " ");
    srand(7);
    for (i = 0; i < 40000; i++) {
        t = "";
        n = 8 + int(rand() * 40);
        for (k = 0; k < n; k++) t = t " " w[1 + int(rand() * 30)];
        printf "{\"_id\":\"p%d\",\"title\":\"%s %s\",\"text\":\"%s\"}\n", i, w[1 + i % 30], w[1 + (i * 7) % 30], t;
    }
}' >"$T/big.jsonl"
printf '{"_id":"a","title":"Lash lift","text":"A lash lift lasts six to eight weeks."}\n' >"$T/small.jsonl"
IDX=$T/live.idx
"$BIN" index -q -o "$IDX" "$T/small.jsonl" || { echo "cannot build"; exit 1; }
cp "$IDX" "$T/orig.idx"
t0=$(date +%s%N)
"$BIN" index -q --memory 1M -o "$T/timing.idx" "$T/big.jsonl" || { echo "cannot build"; exit 1; }
build_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
# builds are deterministic: a killed build leaves the old index or, when it
# had replaced it, exactly this one
mv "$T/timing.idx" "$T/new.idx"
rm -f "$T/timing.idx.lock"
"$BIN" query --index "$T/orig.idx" -k 5 --format trec "lash lift" >"$T/orig.trec"
"$BIN" query --index "$T/new.idx" -k 5 --format trec "lash lift" >"$T/new.trec"

# --- kill -9 at random points ---------------------------------------------------
i=0 finished=0 seed=12345
while [ $i -lt "$KILLS" ]; do
    i=$((i + 1))
    seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
    delay=$(( seed % (build_ms + 20) ))
    "$BIN" index -q --memory 1M -o "$IDX" "$T/big.jsonl" >/dev/null 2>&1 &
    pid=$!
    sleep "$(awk -v d="$delay" 'BEGIN { printf "%.3f", d / 1000 }')"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if "$BIN" check -q "$IDX" >/dev/null 2>"$T/err"; then ok; else
        bad "kill $i after $delay ms: the index does not check: $(cat "$T/err")"
    fi
    "$BIN" query --index "$IDX" -k 5 --format trec "lash lift" >"$T/out" 2>&1
    if cmp -s "$T/out" "$T/orig.trec" || cmp -s "$T/out" "$T/new.trec"; then ok; else
        bad "kill $i after $delay ms: answers neither as before nor as after: $(head -c 200 "$T/out")"
    fi
    if cmp -s "$IDX" "$T/orig.idx"; then ok; elif cmp -s "$IDX" "$T/new.idx"; then
        ok
        finished=$((finished + 1))
    else
        bad "kill $i after $delay ms: the index is neither the old one nor the new one"
    fi
    # now and then the next build: it leaves no file of the killed ones
    if [ $((i % 25)) -eq 0 ]; then
        "$BIN" index -q -o "$IDX" "$T/small.jsonl" || bad "build after kill $i"
        left=$(ls "$T" | grep -c '^live\.idx\.\(tmp\|run\|pos\)\.' || true)
        if [ "$left" -eq 0 ]; then ok; else bad "$left files of killed builds left after the next build"; fi
    fi
    cp "$T/orig.idx" "$IDX" # back to the old index for the next round
done
echo "kill -9: $KILLS kill points (0 to $((build_ms + 20)) ms into a $build_ms ms build); $finished builds had finished"
"$BIN" index -q -o "$IDX" "$T/small.jsonl" || bad "build after kills"
left=$(ls "$T" | grep -c '^live\.idx\.\(tmp\|run\|pos\)\.' || true)
if [ "$left" -eq 0 ]; then ok; else bad "$left files of killed builds left after the next build"; fi

# --- one writer at a time ------------------------------------------------------------
if command -v flock >/dev/null; then
    flock -n "$IDX.lock" sleep 3 &
    holder=$!
    sleep 0.3
    if "$BIN" index -q -o "$IDX" "$T/small.jsonl" 2>"$T/err"; then bad "second writer not refused"; else
        if grep -q "being written by another smpsearch" "$T/err"; then ok; else bad "lock message: $(cat "$T/err")"; fi
    fi
    wait "$holder"
    if "$BIN" index -q -o "$IDX" "$T/small.jsonl"; then ok; else bad "writer after the lock was released"; fi
else
    echo "flock(1) not found: lock test skipped"
fi

# --- readers during swaps -------------------------------------------------------------
"$BIN" index -q -o "$IDX" "$T/small.jsonl"
(
    j=0
    while [ $j -lt "$SWAPS" ]; do
        j=$((j + 1))
        "$BIN" index -q -o "$IDX" "$T/big.jsonl" || exit 1
        "$BIN" index -q -o "$IDX" "$T/small.jsonl" || exit 1
    done
) &
writer=$!
queries=0 qerr=0
while kill -0 "$writer" 2>/dev/null; do
    queries=$((queries + 1))
    if ! "$BIN" query --index "$IDX" -k 3 --format jsonl "lash lift weeks" >"$T/q" 2>"$T/qe" ||
        ! grep -q '"rank": 1' "$T/q"; then
        qerr=$((qerr + 1))
        echo "query $queries failed: $(head -c 300 "$T/qe")"
    fi
done
wait "$writer" || bad "a build failed during the swaps"
echo "readers during swaps: $queries queries while $((SWAPS * 2)) builds replaced the index, $qerr errors"
if [ "$qerr" -eq 0 ] && [ "$queries" -gt 0 ]; then ok; else bad "queries failed during swaps"; fi

# --- a long-lived reader keeps its index across swaps ----------------------------------
# `query --batch -` opens the index once and answers each line as it comes:
# while builds replace the file, it must go on answering from the index it
# opened, exactly as before
"$BIN" index -q -o "$IDX" "$T/small.jsonl"
cp "$IDX" "$T/held.idx"
n=0
: >"$T/questions"
while [ $n -lt 40 ]; do
    n=$((n + 1))
    printf 'q%d\tlash lift weeks %d\n' "$n" "$n" >>"$T/questions"
done
"$BIN" query --index "$T/held.idx" --batch "$T/questions" --format trec -k 3 >"$T/want.trec"
(
    while read -r line; do
        printf '%s\n' "$line"
        sleep 0.05
    done <"$T/questions"
) | "$BIN" query --index "$IDX" --batch - --format trec -k 3 >"$T/got.trec" &
reader=$!
j=0
while kill -0 "$reader" 2>/dev/null && [ $j -lt 20 ]; do
    j=$((j + 1))
    "$BIN" index -q -o "$IDX" "$T/big.jsonl"
    "$BIN" index -q -o "$IDX" "$T/small.jsonl"
done
wait "$reader" || bad "the long-lived reader failed"
if cmp -s "$T/want.trec" "$T/got.trec"; then ok; else bad "the long-lived reader's answers changed during swaps"; fi
echo "long-lived reader: $(wc -l <"$T/got.trec") answer lines while $((j * 2)) builds replaced its index, all as before the swaps"

# --- full disk, missing folder, unwritable folder ---------------------------------------
"$BIN" index -q -o "$IDX" "$T/small.jsonl"
cp "$IDX" "$T/before.idx"
(ulimit -f 200; "$BIN" index -q -o "$IDX" "$T/big.jsonl") 2>"$T/err"
st=$?
if [ $st -eq 1 ] && grep -q "too large\|No space" "$T/err"; then ok; else bad "full disk: exit $st: $(cat "$T/err")"; fi
if cmp -s "$IDX" "$T/before.idx"; then ok; else bad "full disk changed the index"; fi
(ulimit -f 200; "$BIN" index -q --memory 100K -o "$IDX" "$T/big.jsonl") 2>"$T/err"
st=$?
if [ $st -eq 1 ]; then ok; else bad "full disk with runs: exit $st"; fi
if cmp -s "$IDX" "$T/before.idx"; then ok; else bad "full disk with runs changed the index"; fi
"$BIN" index -q -o "$T/none/x.idx" "$T/small.jsonl" 2>"$T/err"
if [ $? -eq 1 ] && grep -q "lock file" "$T/err"; then ok; else bad "missing folder: $(cat "$T/err")"; fi
# permissions: as an ordinary user (root writes anyway: as root, the
# commands run as nobody through setpriv)
AS=
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv >/dev/null; then
        AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
        chmod 755 "$T"
    else
        AS=skip
        echo "running as root without setpriv: the permission tests are skipped"
    fi
fi
if [ "$AS" != skip ]; then
    mkdir "$T/ro" "$T/rodocs"
    cp "$T/small.jsonl" "$T/rodocs/a.jsonl"
    "$BIN" index -q -o "$T/ro/x.idx" "$T/small.jsonl"
    "$BIN" index -q --update -o "$T/ro/u.idx" "$T/rodocs"
    # a second segment, so that an optimize has something to merge
    printf '{"_id":"c","title":"Tint","text":"A lash tint lasts four weeks."}\n' >"$T/rodocs/c.jsonl"
    "$BIN" index -q --update -o "$T/ro/u.idx" "$T/rodocs"
    chmod 555 "$T/ro"
    cp "$T/ro/x.idx" "$T/ro-before.idx"
    cp "$T/ro/u.idx" "$T/ro-before-u.idx"
    $AS "$BIN" index -q -o "$T/ro/x.idx" "$T/small.jsonl" 2>"$T/err"
    st=$?
    if [ $st -eq 1 ] && grep -q "Permission denied" "$T/err"; then ok; else bad "read-only folder: exit $st: $(cat "$T/err")"; fi
    if cmp -s "$T/ro/x.idx" "$T/ro-before.idx"; then ok; else bad "read-only folder changed the index"; fi
    printf '{"_id":"b","title":"Brows","text":"Brow lamination lasts six weeks."}\n' >>"$T/rodocs/a.jsonl"
    $AS "$BIN" index -q --update -o "$T/ro/u.idx" "$T/rodocs" 2>"$T/err"
    st=$?
    if [ $st -eq 1 ] && grep -q "Permission denied" "$T/err"; then ok; else bad "read-only folder, update: exit $st: $(cat "$T/err")"; fi
    if cmp -s "$T/ro/u.idx" "$T/ro-before-u.idx"; then ok; else bad "read-only folder: the update changed the index"; fi
    (cd "$T/ro" && ls | xargs cksum) >"$T/ro-before.state"
    $AS "$BIN" optimize -q "$T/ro/u.idx" 2>"$T/err"
    st=$?
    if [ $st -eq 1 ] && grep -q "Permission denied" "$T/err"; then ok; else bad "read-only folder, optimize: exit $st: $(cat "$T/err")"; fi
    (cd "$T/ro" && ls | xargs cksum) >"$T/ro-after.state"
    if cmp -s "$T/ro-before.state" "$T/ro-after.state"; then ok; else bad "read-only folder: the optimize changed a file"; fi
    if "$BIN" check -q "$T/ro/u.idx"; then ok; else bad "read-only folder: the index does not check after the optimize"; fi
    # an index the user may not read: a clear error
    chmod 755 "$T/ro"
    chmod 600 "$T/ro/x.idx"
    $AS "$BIN" query --index "$T/ro/x.idx" "lash lift" >/dev/null 2>"$T/err"
    st=$?
    if [ $st -eq 1 ] && grep -q "Permission denied" "$T/err"; then ok; else bad "unreadable index: exit $st: $(cat "$T/err")"; fi
    # an input file the user may not read: skipped with a message, exit 3
    mkdir "$T/pdocs"
    cp "$T/small.jsonl" "$T/pdocs/a.jsonl"
    cp "$T/small.jsonl" "$T/pdocs/b.jsonl"
    chmod 600 "$T/pdocs/b.jsonl"
    chmod 777 "$T/pdocs"
    $AS "$BIN" index -q -o "$T/pdocs/p.idx" "$T/pdocs" 2>"$T/err"
    st=$?
    if [ $st -eq 3 ] && grep -q "b.jsonl: skipped: cannot read: Permission denied" "$T/err"; then ok; else
        bad "unreadable input file: exit $st: $(cat "$T/err")"; fi
    $AS "$BIN" index -q --update -o "$T/pdocs/pu.idx" "$T/pdocs" 2>"$T/err"
    st=$?
    if [ $st -eq 3 ] && grep -q "b.jsonl: skipped: cannot read: Permission denied" "$T/err"; then ok; else
        bad "unreadable input file, update: exit $st: $(cat "$T/err")"; fi
    chmod -R u+w "$T/ro" "$T/pdocs"
    who="this user"
    [ -n "$AS" ] && who=nobody
    echo "permissions (as $who): read-only folder refused for a build, an update and an optimize, the indexes untouched; unreadable index and input files reported"
fi
left=$(ls "$T" | grep -c '^live\.idx\.\(tmp\|run\|pos\)\.' || true)
if [ "$left" -eq 0 ]; then ok; else bad "$left temporary files left by failed builds"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
