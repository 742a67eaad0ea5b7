#!/bin/sh
# A full disk during a full build, an update and an optimize, each: a
# clear error, exit status 1, the index in place byte for byte as it was
# (manifest and segment files), still checking sound and answering as
# before, no temporary file left; once there is room again, the next
# update and optimize succeed.  Two ways to fill the disk: a small tmpfs
# (as root, where mount is allowed: ENOSPC, as a real disk fills) and
# RLIMIT_FSIZE (ulimit -f: EFBIG, anywhere).  Run by `make check`.
set -u
BIN=${SMP_BIN:-./smpsearch}
T=$(mktemp -d "${TMPDIR:-/tmp}/smpdisk.XXXXXX") || exit 99
MNT=
cleanup() {
    [ -n "$MNT" ] && umount "$MNT" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# 300 Markdown files of generated words
mkdir "$T/docs"
gen() { # gen SEED FILE...: rewrites the files
    s=$1
    shift
    for f in "$@"; do echo "$f"; done | awk -v dir="$T/docs" -v seed="$s" '
        BEGIN {
            nw = split("lash lift brow scalp pigment weeks years eight six tint serum keratin " \
                       "patch test aftercare sun swim sauna sleep oil hurt numbing cream session " \
                       "cost price touch fade colour dots needle hairline density", w, " ");
            srand(seed);
        }
        {
            f = dir "/" $0;
            printf "# %s %s guide\n\n", w[1 + int(rand() * nw)], w[1 + int(rand() * nw)] > f;
            for (h = 0; h < 6; h++) {
                printf "## %s %s\n\n", w[1 + int(rand() * nw)], w[1 + int(rand() * nw)] > f;
                t = "";
                for (k = 0; k < 60; k++) t = t (k ? " " : "") w[1 + int(rand() * nw)];
                printf "%s %d.\n\n", t, int(rand() * 1000) > f;
            }
            close(f);
        }'
}
files=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "d%03d.md ", i }')
# shellcheck disable=SC2086
gen 1 $files
printf 'q1\tlash lift weeks\nq2\tscalp pigment\nq3\tnumbing cream session\nq4\thairline density\n' \
    >"$T/questions"
answers() { "$BIN" query --index "$1" --format trec -k 10 --batch "$T/questions"; }

# state DIR NAME: the index's files and their checksums
state() { (cd "$1" && ls | grep "^$2" | grep -v '\.lock$' | xargs cksum 2>/dev/null); }
leftovers() { ls "$1" | grep -c "^$2\.\(tmp\|run\|pos\)\." || true; }

# fails LABEL DIR NAME CMD...: CMD fails for want of room and leaves the
# index DIR/NAME as it was
fails() {
    label=$1 dir=$2 name=$3
    shift 3
    state "$dir" "$name" >"$T/before.state"
    answers "$dir/$name" >"$T/before.trec" 2>&1
    "$@" 2>"$T/err"
    st=$?
    if [ $st -eq 1 ] && grep -q "No space\|too large" "$T/err"; then ok; else
        bad "$label: exit $st: $(head -c 300 "$T/err")"
    fi
    state "$dir" "$name" >"$T/after.state"
    if cmp -s "$T/before.state" "$T/after.state"; then ok; else
        bad "$label: the index changed: $(diff "$T/before.state" "$T/after.state" | head -4 | tr '\n' ' ')"
    fi
    if "$BIN" check -q "$dir/$name" 2>"$T/e2"; then ok; else bad "$label: check: $(cat "$T/e2")"; fi
    answers "$dir/$name" >"$T/after.trec" 2>&1
    if cmp -s "$T/before.trec" "$T/after.trec"; then ok; else bad "$label: the answers changed"; fi
    n=$(leftovers "$dir" "$name")
    if [ "$n" -eq 0 ]; then ok; else bad "$label: $n temporary files left: $(ls "$dir" | tr '\n' ' ')"; fi
    echo "$label: $(head -n 1 "$T/err")"
}

# an index of 3 segments: a build, two updates
mkdir "$T/ix"
IDX=$T/ix/live.idx
"$BIN" index --update -q -o "$IDX" "$T/docs" || { echo "cannot build"; exit 1; }
gen 2 d001.md d002.md d003.md
"$BIN" index --update -q -o "$IDX" "$T/docs"
gen 3 d010.md d011.md
"$BIN" index --update -q -o "$IDX" "$T/docs"
total_kb=$(du -sk "$T/ix" | cut -f 1)
# half the files changed: the update's segment is about half the index
# shellcheck disable=SC2086
gen 4 $(echo $files | tr ' ' '\n' | sed -n '1~2p')

# --- RLIMIT_FSIZE (ulimit -f counts blocks of 512 bytes in dash, 1024 in bash) ---
(ulimit -f 1; trap '' XFSZ; printf '%01000d' 0 >"$T/u") 2>/dev/null
if [ "$(wc -c <"$T/u")" -lt 1000 ]; then unit=512; else unit=1024; fi
lim=$((total_kb / 3 * 1024 / unit))
fails "ulimit -f, update" "$T/ix" live.idx sh -c "ulimit -f $lim; exec \"\$0\" index --update -q -o \"\$1\" \"\$2\"" "$BIN" "$IDX" "$T/docs"
fails "ulimit -f, optimize" "$T/ix" live.idx sh -c "ulimit -f $lim; exec \"\$0\" optimize -q \"\$1\"" "$BIN" "$IDX"
cp "$T/docs/d001.md" "$T/one.md"
"$BIN" index -q -o "$T/ix/full.idx" "$T/one.md"
fails "ulimit -f, full build" "$T/ix" full.idx sh -c "ulimit -f $lim; exec \"\$0\" index -q -o \"\$1\" \"\$2\"" "$BIN" "$T/ix/full.idx" "$T/docs"
rm -f "$T/ix/full.idx" "$T/ix/full.idx.lock"

# --- a real full disk: a small tmpfs -------------------------------------------------
if [ "$(id -u)" -eq 0 ] && mkdir "$T/mnt" && mount -t tmpfs -o size=$((total_kb * 3 + 512))k tmpfs "$T/mnt" 2>/dev/null; then
    MNT=$T/mnt
    cp -p "$T/ix/"live.idx* "$MNT/"
    MIDX=$MNT/live.idx
    "$BIN" index -q -o "$MNT/full.idx" "$T/one.md"
    # fill it, leaving about a tenth of the index's size
    avail=$(df -k "$MNT" | awk 'NR == 2 { print $4 }')
    fill=$((avail - total_kb / 10))
    [ "$fill" -gt 0 ] && head -c $((fill * 1024)) /dev/zero >"$MNT/filler" 2>/dev/null
    fails "tmpfs full, update" "$MNT" live.idx "$BIN" index --update -q -o "$MIDX" "$T/docs"
    fails "tmpfs full, optimize" "$MNT" live.idx "$BIN" optimize -q "$MIDX"
    fails "tmpfs full, full build" "$MNT" full.idx "$BIN" index -q -o "$MNT/full.idx" "$T/docs"
    fails "tmpfs full, update with runs" "$MNT" live.idx "$BIN" index --update -q --memory 100K -o "$MIDX" "$T/docs"
    # room again: the update and the optimize go through, nothing left behind
    rm -f "$MNT/filler"
    "$BIN" index --update --json -o "$MIDX" "$T/docs" >"$T/j" 2>"$T/err" || bad "update after the disk was freed: $(cat "$T/err")"
    "$BIN" optimize -q "$MIDX" 2>"$T/err" || bad "optimize after the disk was freed: $(cat "$T/err")"
    n=$(ls "$MNT" | grep -c '^live\.idx\.seg\.' || true)
    if [ "$n" -eq 1 ] && "$BIN" check -q "$MIDX"; then ok; else bad "after the disk was freed: $(ls "$MNT" | tr '\n' ' ')"; fi
    "$BIN" index -q -o "$T/ref.idx" "$T/docs" 2>/dev/null
    answers "$T/ref.idx" >"$T/ref.trec"
    answers "$MIDX" >"$T/got.trec"
    if cmp -s "$T/ref.trec" "$T/got.trec"; then ok; else bad "after the disk was freed: answers differ from a full build"; fi
    if [ "$(leftovers "$MNT" live.idx)" -eq 0 ]; then ok; else bad "temporary files left on the tmpfs"; fi
    umount "$MNT" && MNT=
    echo "tmpfs of $((total_kb * 3 + 512)) KB: an update, an optimize, a full build and an update with runs failed cleanly when it was full; then the update and optimize went through"
else
    echo "tmpfs not mounted (not root, or mount not allowed): the ENOSPC cases are skipped"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
