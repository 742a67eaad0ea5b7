#!/bin/sh
# Faults during incremental updates of a segmented index (make check: a
# short run; make stress: FAULT_KILLS=200 FAULT_SWAPS=50):
#  - kill -9 at random points of `index --update` (after changing, deleting
#    and adding files) and of `optimize`: the index in place always checks
#    sound and answers, as it was before the update or as it is after it,
#    and the next update or optimize leaves exactly the segment files its
#    manifest names, and no temporary file;
#  - readers (query and check) keep answering, without one error, while
#    updates replace the index again and again (merging segments too), and
#    a long-lived reader (query --batch -) keeps answering from the segments
#    it opened, even once they are deleted;
#  - the updated index answers as a full build of the same folder does,
#    before and after `optimize`;
#  - a full disk (ulimit -f) during an update: a clear error, a non-zero
#    exit, the old index untouched;
#  - a second writer is refused while an update holds the lock.
set -u
BIN=${SMP_BIN:-./smpsearch}
KILLS=${FAULT_KILLS:-10}
SWAPS=${FAULT_SWAPS:-6}
T=$(mktemp -d "${TMPDIR:-/tmp}/smpfaultu.XXXXXX") || exit 99
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

D=$T/docs
mkdir "$D" "$T/ix" || exit 99
IDX=$T/ix/live.idx # alone in its folder, so that its files can be counted

# --- the folder: 800 Markdown files of generated words, and one fixed article -----
# gen.awk rewrites the files named on its input (names in $D) with words
# drawn from `seed`: a title, 4 to 12 headings, 1 to 3 paragraphs of 20 to
# 80 words under each (sections shorter than a window, so that passages
# differ in length and equal scores are not too common); one file in 16
# defines SMP, one in 16 PMU, and one in 300 PMU otherwise (then an
# ambiguous acronym, which queries do not expand): the alias groups of the
# index change with the files in it
cat >"$T/gen.awk" <<'EOF'
BEGIN {
    nw = split("lash lift brow scalp pigment weeks years eight six tint serum keratin patch test " \
               "aftercare sun swim sauna sleep oil hurt numbing cream session cost price touch " \
               "fade colour dots needle hairline density shave follicle ink layer healing redness " \
               "swelling itch crust peel blade shading powder ombre combination nano laser removal " \
               "saline glycolic retinol exfoliate moisturise sunscreen chlorine sweat gym makeup " \
               "foundation concealer consultation artist licence clinic hygiene gloves sterile " \
               "allergy reaction eczema psoriasis alopecia thinning crown temple scar camouflage " \
               "blend match tone", w, " ");
    srand(seed);
}
{
    f = dir "/" $0;
    printf "# %s %s guide %s\n\n", w[1 + int(rand() * nw)], w[1 + int(rand() * nw)], $0 > f;
    nh = 4 + int(rand() * 9);
    for (h = 0; h < nh; h++) {
        printf "## %s %s\n\n", w[1 + int(rand() * nw)], w[1 + int(rand() * nw)] > f;
        np = 1 + int(rand() * 3);
        for (p = 0; p < np; p++) {
            n = 20 + int(rand() * 60);
            t = "";
            for (k = 0; k < n; k++) t = t (k ? " " : "") w[1 + int(rand() * nw)];
            printf "%s %d.\n\n", t, int(rand() * 1000) > f;
        }
    }
    r = rand();
    if (r < 0.0625) printf "Ask about scalp micropigmentation (SMP) at the clinic.\n" > f;
    else if (r < 0.125) printf "Permanent makeup (PMU) fades over the years.\n" > f;
    else if (r < 0.1283) printf "Clean the paint mixing unit (PMU) after each session.\n" > f;
    close(f);
}
EOF
gen() { awk -v dir="$D" -v seed="$1" -f "$T/gen.awk"; }
# mutate SEED CHANGED% DELETED% EXTRA: rewrites about CHANGED% of the
# generated files, deletes about DELETED% and adds as many new ones (named
# after SEED) and EXTRA more; anchor.md never changes
mutate() {
    ls "$D" | grep '^d' >"$T/list"
    : >"$T/del"
    : >"$T/chg"
    awk -v seed="$1" -v pc="$2" -v pd="$3" -v del="$T/del" -v chg="$T/chg" '
        BEGIN { srand(seed) }
        { r = rand() * 100; if (r < pd) print >del; else if (r < pd + pc) print >chg }' "$T/list"
    while read -r mf; do rm -f "$D/$mf"; done <"$T/del"
    mk=0 mn=$(($(wc -l <"$T/del") + $4))
    while [ "$mk" -lt "$mn" ]; do
        mk=$((mk + 1))
        echo "d$1-$mk.md" >>"$T/chg"
    done
    gen "$1" <"$T/chg"
}
next_seed() { seed=$(( (seed * 1103515245 + 12345) % 2147483648 )); }
# pick N: the next seed, and r in [0, N) from its high bits
pick() { next_seed; r=$(( (seed / 65536) % $1 )); }
# the value of a number field of a --json summary
jnum() { sed -n "s/.*\"$1\": \([0-9]*\).*/\1/p" "$2"; }
segfiles() { ls "$T/ix" | grep -c '^live\.idx\.seg\.' || true; }
leftovers() { ls "$T/ix" | grep -c '^live\.idx\.\(tmp\|run\|pos\)\.' || true; }
msleep() { sleep "$(awk -v d="$1" 'BEGIN { printf "%.3f", d / 1000 }')"; }

awk 'BEGIN { for (i = 0; i < 800; i++) printf "d%03d.md\n", i }' | gen 1
printf '# Eyebrow lamination\n\nEyebrow lamination lasts six to eight weeks; keep the brows dry for a day.\n' \
    >"$D/anchor.md"
# 30 questions: words, pairs, triples, phrases, the fixed article
awk 'BEGIN {
    nw = split("lash lift brow scalp pigment weeks tint serum keratin aftercare sauna numbing " \
               "cream touch fade hairline follicle healing redness blade ombre laser removal " \
               "saline retinol sunscreen chlorine consultation alopecia camouflage", w, " ");
    srand(3);
    for (i = 1; i <= 30; i++) {
        if (i == 1) q = "eyebrow lamination weeks";
        else if (i == 2) q = "SMP healing";
        else if (i == 3) q = "PMU touch colour";
        else if (i == 4) q = "scalp micropigmentation clinic";
        else if (i == 5) q = "permanent makeup";
        else if (i % 7 == 0) q = "\"" w[1 + int(rand() * nw)] " " w[1 + int(rand() * nw)] "\"";
        else {
            n = 1 + i % 3;
            q = w[1 + int(rand() * nw)];
            for (k = 1; k < n; k++) q = q " " w[1 + int(rand() * nw)];
        }
        printf "q%d\t%s\n", i, q;
    }
}' >"$T/questions"
answers() { "$BIN" query --index "$1" --format trec -k 20 --batch "$T/questions"; }
# TREC lines as (query, score, passage), sorted, the passages tied at a
# query's lowest score (ties at the cut-off) as *
norm() {
    awk 'NR == FNR { if (!($1 in min) || $5 + 0 < min[$1]) min[$1] = $5 + 0; next }
         { print $1, $5, ($5 + 0 == min[$1] ? "*" : $3) }' "$1" "$1" | sort
}
# same_answers A B: 0 identical, 1 the same up to the order of equal
# scores, 2 the same up to ties at the cut-off, 3 different
same_answers() {
    cmp -s "$1" "$2" && return 0
    awk '{ print $1, $5, $3 }' "$1" | sort >"$T/sa1"
    awk '{ print $1, $5, $3 }' "$2" | sort >"$T/sa2"
    cmp -s "$T/sa1" "$T/sa2" && return 1
    norm "$1" >"$T/sa1"
    norm "$2" >"$T/sa2"
    cmp -s "$T/sa1" "$T/sa2" && return 2
    return 3
}
# the fixed question: the index in place opens and answers
fixed_answer() {
    "$BIN" query --index "$IDX" -k 3 --format trec "eyebrow lamination" >"$T/fx" 2>&1 &&
        grep -q '^1 Q0 anchor#' "$T/fx"
}

"$BIN" index --update -q -o "$IDX" "$D" || { echo "cannot build"; exit 1; }
# the time of an update of many files with merges, and of an optimize
mutate 2 55 5 0
t0=$(date +%s%N)
"$BIN" index --update --json -o "$IDX" "$D" >"$T/j" || { echo "cannot update"; exit 1; }
upd_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
t0=$(date +%s%N)
"$BIN" optimize -q "$IDX" || { echo "cannot optimize"; exit 1; }
opt_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "folder: $(ls "$D" | wc -l) files; an update of $(jnum files_changed "$T/j") changed files ($(jnum merges "$T/j") merges) takes $upd_ms ms, an optimize $opt_ms ms"

# --- kill -9 at random points of updates and optimizes ---------------------------------
# Each round changes, deletes and adds files, then kills the update (or,
# one round in three, an optimize after an update) at a random point; one
# round in two, the update writes runs and merges them (--memory 1M).  The
# index in place must then check sound, answer, and answer exactly as
# before the round or as after it.  Then the update (optimize) runs again
# to its end: finding nothing left to do tells that the killed one had
# replaced the manifest, so its answers must be those after it, else those
# before it; and it must leave exactly the segment files its manifest
# names (as many as its summary counts; one after an optimize), and no
# temporary file or run.
i=0 finished=0 seed=12345 kupd=0 kopt=0 fullcmp=0 maxspan=0
while [ $i -lt "$KILLS" ]; do
    i=$((i + 1))
    pick 56; pc=$((5 + r)); pick 9; pd=$r; pick 5
    mutate "$seed" "$pc" "$pd" "$r"
    mem=
    [ $((i % 2)) -eq 1 ] && mem="--memory 1M"
    if [ $((i % 3)) -eq 0 ]; then
        what=optimize
        kopt=$((kopt + 1))
        "$BIN" index --update -q -o "$IDX" "$D" || bad "kill $i: update before the optimize"
        answers "$IDX" >"$T/old.trec"
        pick $((opt_ms + 20)); delay=$r
        "$BIN" optimize -q "$IDX" >/dev/null 2>&1 &
    else
        what="update $mem"
        kupd=$((kupd + 1))
        answers "$IDX" >"$T/old.trec"
        # within the time an update of this many changed files takes
        span=$((upd_ms * (pc + 10) / 65 + 20))
        [ "$span" -gt "$maxspan" ] && maxspan=$span
        pick "$span"; delay=$r
        # shellcheck disable=SC2086
        "$BIN" index --update -q $mem -o "$IDX" "$D" >/dev/null 2>&1 &
    fi
    pid=$!
    msleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if "$BIN" check -q "$IDX" >/dev/null 2>"$T/err"; then ok; else
        bad "kill $i ($what after $delay ms): the index does not check: $(cat "$T/err")"
    fi
    if fixed_answer; then ok; else bad "kill $i ($what after $delay ms): no answer: $(cat "$T/fx")"; fi
    answers "$IDX" >"$T/killed.trec" 2>"$T/err" || bad "kill $i: the questions fail: $(cat "$T/err")"
    # the same job again, to its end
    if [ "$what" = optimize ]; then
        "$BIN" optimize --json "$IDX" >"$T/j" 2>"$T/err" || bad "kill $i: optimize: $(cat "$T/err")"
        fin=$(( $(jnum merges "$T/j") == 0 ))
        want=1
    else
        # shellcheck disable=SC2086
        "$BIN" index --update --json $mem -o "$IDX" "$D" >"$T/j" 2>"$T/err" ||
            bad "kill $i: update: $(cat "$T/err")"
        fin=$(( $(jnum files_changed "$T/j") + $(jnum files_added "$T/j") + $(jnum files_deleted "$T/j") == 0 ))
        want=$(jnum segments "$T/j")
    fi
    answers "$IDX" >"$T/new.trec"
    if [ "$fin" -eq 1 ]; then # the killed job had replaced the manifest
        finished=$((finished + 1))
        cmp -s "$T/killed.trec" "$T/new.trec"
    else
        cmp -s "$T/killed.trec" "$T/old.trec"
    fi
    if [ $? -eq 0 ]; then ok; else
        bad "kill $i ($what after $delay ms, finished: $fin): answers neither as before nor as after"
    fi
    if [ "$what" = optimize ]; then # an optimize changes no answer, ties included
        if cmp -s "$T/new.trec" "$T/old.trec"; then ok; else bad "kill $i: optimize changed the answers"; fi
    fi
    if "$BIN" check -q "$IDX" >/dev/null 2>"$T/err"; then ok; else
        bad "kill $i: after the next $what, the index does not check: $(cat "$T/err")"
    fi
    n=$(segfiles)
    if [ "$n" = "$want" ]; then ok; else
        bad "kill $i ($what after $delay ms): $n segment files after the next $what, its manifest names $want: $(ls "$T/ix" | tr '\n' ' ')"
    fi
    n=$(leftovers)
    if [ "$n" -eq 0 ]; then ok; else bad "kill $i: $n temporary files left after the next $what"; fi
    if [ $((i % 5)) -eq 0 ]; then # now and then, the answers of a full build
        "$BIN" index -q -o "$T/full.idx" "$D" || bad "full build"
        answers "$T/full.idx" >"$T/full.trec"
        same_answers "$T/full.trec" "$T/new.trec"
        if [ $? -le 2 ]; then ok; else
            bad "kill $i: the index answers otherwise than a full build: $(diff "$T/full.trec" "$T/new.trec" | head -4 | tr '\n' ' ')"
        fi
        fullcmp=$((fullcmp + 1))
    fi
done
echo "kill -9: $KILLS kill points ($kupd updates, 0 to $maxspan ms; $kopt optimizes, 0 to $((opt_ms + 20)) ms); $finished had finished; $fullcmp comparisons with a full build"

# --- readers during updates ----------------------------------------------------------------
"$BIN" index --update -q -o "$IDX" "$D"
: >"$T/swaps.json"
(
    j=0 seed=777
    while [ $j -lt "$SWAPS" ]; do
        j=$((j + 1))
        pick 60; pc=$((5 + r)); pick 6; pd=$r; pick 3
        mutate "$seed" "$pc" "$pd" "$r"
        "$BIN" index --update --json -o "$IDX" "$D" >>"$T/swaps.json" || exit 1
        if [ $((j % 5)) -eq 0 ]; then # an optimize now and then
            "$BIN" optimize --json "$IDX" >>"$T/swaps.json" || exit 1
        fi
    done
) &
writer=$!
queries=0 checks=0 qerr=0 cerr=0
while kill -0 "$writer" 2>/dev/null; do
    queries=$((queries + 1))
    q=$(sed -n "$((1 + queries % 30))p" "$T/questions" | cut -f 2-)
    if ! "$BIN" query --index "$IDX" -k 3 --format jsonl "$q" >"$T/q" 2>"$T/qe" ||
        ! grep -q '"rank": 1' "$T/q"; then
        qerr=$((qerr + 1))
        echo "query $queries ($q) failed: $(head -c 300 "$T/qe")"
    fi
    if [ $((queries % 4)) -eq 0 ]; then
        checks=$((checks + 1))
        if ! "$BIN" check -q "$IDX" >/dev/null 2>"$T/qe"; then
            cerr=$((cerr + 1))
            echo "check $checks failed: $(head -c 300 "$T/qe")"
        fi
    fi
done
wait "$writer" || bad "an update failed during the swaps"
merges=$(grep '"operation": "update"' "$T/swaps.json" | sed -n 's/.*"merges": \([0-9]*\).*/\1/p' |
    awk '{ s += $1 } END { print s + 0 }')
opts=$(grep -c '"operation": "optimize"' "$T/swaps.json")
echo "readers during updates: $queries queries, $qerr errors; $checks checks, $cerr errors; while $SWAPS updates ($merges merges) and $opts optimizes replaced the index"
if [ "$qerr" -eq 0 ] && [ "$cerr" -eq 0 ] && [ "$queries" -gt 0 ]; then ok; else bad "readers failed during updates"; fi
n=$(segfiles)
if [ "$n" = "$(tail -n 1 "$T/swaps.json" | sed -n 's/.*"segments": \([0-9]*\).*/\1/p')" ]; then ok; else
    bad "$n segment files after the swaps: $(ls "$T/ix" | tr '\n' ' ')"
fi

# --- a long-lived reader keeps its segments across updates ----------------------------------
# `query --batch -` opens the index once and answers each line as it comes:
# while updates replace the manifest and merge (and delete) the segments it
# opened, it must go on answering exactly as before
"$BIN" index --update -q -o "$IDX" "$D"
answers "$IDX" >"$T/want.trec"
nstart=$(segfiles)
(
    while read -r line; do
        printf '%s\n' "$line"
        sleep 0.07
    done <"$T/questions"
) | "$BIN" query --index "$IDX" --batch - --format trec -k 20 >"$T/got.trec" &
reader=$!
sleep 0.2
j=0 held=0 procfs=0 seed=4242
while kill -0 "$reader" 2>/dev/null && [ $j -lt 20 ]; do
    j=$((j + 1))
    pick 40; pc=$((5 + r))
    mutate "$seed" "$pc" 2 1
    "$BIN" index --update -q -o "$IDX" "$D" || bad "update $j beside the long-lived reader"
    # the first is followed by an optimize: every segment the reader opened is deleted
    [ $j -eq 1 ] && { "$BIN" optimize -q "$IDX" || bad "optimize beside the long-lived reader"; }
    if [ -r "/proc/$reader/maps" ]; then
        procfs=1
        h=$(grep 'live\.idx\.seg\..*(deleted)' "/proc/$reader/maps" 2>/dev/null | awk '{ print $NF, $(NF - 1) }' | sort -u | wc -l)
        [ "$h" -gt "$held" ] && held=$h
    fi
done
wait "$reader" || bad "the long-lived reader failed"
if cmp -s "$T/want.trec" "$T/got.trec"; then ok; else bad "the long-lived reader's answers changed during updates"; fi
if [ "$procfs" -eq 0 ] || [ "$held" -eq "$nstart" ]; then ok; else
    bad "the long-lived reader held $held deleted segment files, not its $nstart"
fi
echo "long-lived reader: $(wc -l <"$T/got.trec") answer lines while $j updates and an optimize replaced its index (it held its $nstart segment files open once deleted: $held seen in /proc), all as before"

# --- the same answers as a full build ------------------------------------------------------
# after a few small updates (small segments, passages deleted in the big one)
seed=31337
for j in 1 2 3; do
    mutate "$seed" 3 1 2
    next_seed
    "$BIN" index --update --json -o "$IDX" "$D" >"$T/j" || bad "update before the comparison"
done
"$BIN" index -q -o "$T/full.idx" "$D" || bad "full build"
answers "$T/full.idx" >"$T/full.trec"
for stage in updated optimized; do
    if [ "$stage" = optimized ]; then
        "$BIN" optimize -q "$IDX" || bad "optimize"
        n=$(segfiles)
        if [ "$n" -eq 1 ]; then ok; else bad "$n segment files after optimize"; fi
        for f in "$T/full.idx" "$IDX"; do
            "$BIN" stats "$f" | grep '^\(articles\|passages\|terms\|postings\):' >"$f.stats"
        done
        if cmp -s "$T/full.idx.stats" "$IDX.stats"; then ok; else
            bad "optimized index and full build differ in size: $(tr '\n' ' ' <"$IDX.stats") / $(tr '\n' ' ' <"$T/full.idx.stats")"
        fi
    fi
    answers "$IDX" >"$T/upd.trec"
    same_answers "$T/full.trec" "$T/upd.trec"
    level=$?
    nd=$(diff "$T/full.trec" "$T/upd.trec" | grep -c '^<')
    case $level in
    0) how="identical" ;;
    1) how="identical after sorting equal scores ($nd lines in another order)" ;;
    2) how="identical up to ties at the cut-off ($nd lines differ; once sorted, only passages tied at rank 20:)" ;;
    *) how="DIFFERENT" ;;
    esac
    echo "full build vs $stage index ($(jnum segments "$T/j") segments before optimize): $(wc -l <"$T/full.trec") answer lines to 30 questions, $how"
    if [ "$level" -ge 2 ]; then # what differs once sorted
        awk '{ print $1, $5, $3 }' "$T/full.trec" | sort >"$T/sa1"
        awk '{ print $1, $5, $3 }' "$T/upd.trec" | sort >"$T/sa2"
        diff "$T/sa1" "$T/sa2" | grep '^[<>]' | head -10 | sed 's/^/    /'
    fi
    # passages of equal scores rank in the order of a full build too
    if [ "$level" -eq 0 ]; then ok; else bad "the $stage index and the full build answer differently"; fi
done

# --- full disk during an update ---------------------------------------------------------------
# ulimit -f counts blocks of 512 bytes (dash) or of 1024 (bash)
(ulimit -f 1; trap '' XFSZ; printf '%01000d' 0 >"$T/u") 2>/dev/null
if [ "$(wc -c <"$T/u")" -lt 1000 ]; then unit=512; else unit=1024; fi
# cases: files changed (1 file or a percentage) and the limit:
#  1 man   after an optimize, one file changed, the limit 1 KB below the
#          manifest's size: the new segment fits, the manifest does not
#  1 k4    4 KB: the new segment does not fit
#  40 tN   N% of the index's size: the new segment, a merge or the
#          manifest does not fit, or all do
#  60 k400 400 KB: the new segment does not fit
"$BIN" index --update -q -o "$IDX" "$D"
seed=999 fulls=0 tries=0 atseg=0 atman=0
for c in "1 man" "1 k4" "40 t12" "40 t25" "40 t50" "40 t90" "60 k400"; do
    # shellcheck disable=SC2086
    set -- $c
    tries=$((tries + 1))
    [ "$2" = man ] && "$BIN" optimize -q "$IDX"
    answers "$IDX" >"$T/before.trec"
    cp "$IDX" "$T/before.idx"
    nseg=$(segfiles)
    total_kb=$(ls -l "$T/ix" | awk '/live\.idx/ { s += $5 } END { print int(s / 1024) }')
    case $2 in
    man) kb=$(( $(wc -c <"$IDX") / 1024 - 1 )) ;;
    t*) kb=$((total_kb * ${2#t} / 100)) ;;
    k*) kb=${2#k} ;;
    esac
    lim=$((kb * 1024 / unit))
    next_seed
    if [ "$1" = 1 ]; then
        f=$(ls "$D" | grep '^d' | sed -n "$((1 + (seed / 65536) % 100))p")
        echo "$f" | gen "$seed"
    else
        mutate "$seed" "$1" 2 1
    fi
    (ulimit -f "$lim"; "$BIN" index --update -q -o "$IDX" "$D") 2>"$T/err"
    st=$?
    if [ $st -eq 0 ]; then
        case $2 in t*) ;; *) bad "full disk: an update ($c) under ulimit -f $lim succeeded" ;; esac
        if "$BIN" check -q "$IDX" >/dev/null 2>&1; then ok; else
            bad "full disk: an update ($c) that succeeded under ulimit -f $lim left an index that does not check"
        fi
        continue
    fi
    fulls=$((fulls + 1))
    if grep -q 'live\.idx\.seg\.' "$T/err"; then
        atseg=$((atseg + 1))
        [ "$2" = man ] && bad "full disk ($c): failed at a segment, not at the manifest: $(cat "$T/err")"
    elif grep -q 'live\.idx\.tmp\.' "$T/err"; then
        atman=$((atman + 1))
        case $2 in k*) bad "full disk ($c): failed at the manifest: $(cat "$T/err")" ;; esac
    fi
    if [ $st -eq 1 ] && grep -q "too large\|No space" "$T/err"; then ok; else
        bad "full disk ($c, ulimit -f $lim): exit $st: $(cat "$T/err")"
    fi
    if cmp -s "$IDX" "$T/before.idx"; then ok; else bad "full disk ($c) changed the manifest"; fi
    if "$BIN" check -q "$IDX" >/dev/null 2>"$T/e2"; then ok; else
        bad "full disk ($c): the old index does not check: $(cat "$T/e2")"
    fi
    answers "$IDX" >"$T/after.trec"
    if cmp -s "$T/before.trec" "$T/after.trec"; then ok; else bad "full disk ($c) changed the answers"; fi
    if [ "$(segfiles)" = "$nseg" ] && [ "$(leftovers)" -eq 0 ]; then ok; else
        bad "full disk ($c): files left: $(ls "$T/ix" | tr '\n' ' ')"
    fi
done
echo "full disk: $fulls of $tries updates under ulimit -f failed cleanly ($atseg writing a segment, $atman the manifest), the old index in place, e.g. $(head -n 1 "$T/err")"
"$BIN" index --update --json -o "$IDX" "$D" >"$T/j" 2>"$T/err" || bad "update after the full disk: $(cat "$T/err")"
if [ "$(segfiles)" = "$(jnum segments "$T/j")" ] && "$BIN" check -q "$IDX"; then ok; else
    bad "after the full disk, the next update: $(ls "$T/ix" | tr '\n' ' ')"
fi

# --- one writer at a time --------------------------------------------------------------------
# an update running: a second update and an optimize are refused
next_seed
mutate "$seed" 70 2 1
"$BIN" index --update --json -o "$IDX" "$D" >"$T/j" 2>"$T/err1" &
first=$!
sleep 0.05
if kill -0 "$first" 2>/dev/null; then
    if "$BIN" index --update -q -o "$IDX" "$D" 2>"$T/err"; then bad "second writer not refused"; else
        if grep -q "being written by another smpsearch" "$T/err"; then ok; else bad "lock message: $(cat "$T/err")"; fi
    fi
    if "$BIN" optimize -q "$IDX" 2>"$T/err"; then bad "optimize during an update not refused"; else
        if grep -q "being written by another smpsearch" "$T/err"; then ok; else bad "lock message: $(cat "$T/err")"; fi
    fi
    lockmsg="refused while an update ran"
else
    lockmsg="not tried: the update ended within 50 ms"
fi
wait "$first" || bad "the first writer failed: $(cat "$T/err1")"
if [ "$(segfiles)" = "$(jnum segments "$T/j")" ] && "$BIN" check -q "$IDX"; then ok; else
    bad "after the refused writers: $(ls "$T/ix" | tr '\n' ' ')"
fi
if command -v flock >/dev/null; then
    flock -n "$IDX.lock" sleep 2 &
    holder=$!
    sleep 0.3
    if "$BIN" index --update -q -o "$IDX" "$D" 2>"$T/err"; then bad "second writer not refused (flock)"; else
        if grep -q "being written by another smpsearch" "$T/err"; then ok; else bad "lock message: $(cat "$T/err")"; fi
    fi
    if "$BIN" optimize -q "$IDX" 2>"$T/err"; then bad "optimize not refused (flock)"; else ok; fi
    wait "$holder"
    if "$BIN" optimize -q "$IDX"; then ok; else bad "optimize after the lock was released"; fi
    lockmsg="$lockmsg, and while flock(1) held the lock"
fi
echo "one writer: a second update and an optimize $lockmsg"
n=$(leftovers)
if [ "$n" -eq 0 ]; then ok; else bad "$n temporary files left at the end"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
