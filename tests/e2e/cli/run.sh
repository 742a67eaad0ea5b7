#!/bin/sh
# End-to-end tests of the smpsearch program on a small fixture corpus,
# including its error paths.  Run by `make check`, which sets SMP_BIN,
# SMP_SRCDIR and SMP_BUILDDIR.
set -u

BIN=${SMP_BIN:-./smpsearch}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac # tests run in other folders too
SRC=${SMP_SRCDIR:-.}
FIX="$SRC/tests/fixtures/articles"
T=$(mktemp -d "${TMPDIR:-/tmp}/smpcli.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
unset SMPSEARCH_INDEX
export NO_COLOR=1

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# check NAME EXPECTED-STATUS COMMAND... : runs COMMAND, keeps stdout in
# $T/out and stderr in $T/err, and checks the exit status.
check() {
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
jq_ok() { # jq_ok NAME FILTER FILE : the filter must print "true"
    if [ -z "${JQ:-}" ]; then return; fi
    r=$($JQ -e "$2" "$3" 2>&1)
    if [ "$r" = "true" ]; then ok; else bad "$1: jq '$2' gave '$r'"; fi
}
JQ=$(command -v jq || true)
[ -n "$JQ" ] || echo "note: jq not found, JSON checks skipped"

# --- help and version ----------------------------------------------------
check "help" 0 "$BIN" --help
has "help" "$T/out" "smpsearch index"
check "version" 0 "$BIN" --version
has "version" "$T/out" "^smpsearch [0-9]"
check "index help" 0 "$BIN" index --help
has "index help" "$T/out" "--output"
check "query help" 0 "$BIN" query --help
has "query help" "$T/out" "--batch"
check "stats help" 0 "$BIN" stats --help
for cmd in index query stats; do
    check "$cmd version" 0 "$BIN" $cmd --version
    has "$cmd version" "$T/out" "^smpsearch [0-9]"
done
check "no arguments" 2 "$BIN"
check "bad option" 2 "$BIN" query --no-such-option x

# --- building an index -----------------------------------------------------
IDX="$T/fix.idx"
check "index fixtures" 3 "$BIN" index -o "$IDX" "$FIX"   # 3: bad JSONL records
has "index summary" "$T/err" "4 articles, 7 passages"
has "bad jsonl line" "$T/err" "faq.jsonl: line 3: "
has "jsonl without id" "$T/err" "faq.jsonl: line 4: "
check "stats" 0 "$BIN" stats "$IDX"
has "stats passages" "$T/out" "passages: *7$"
has "stats articles" "$T/out" "articles: *4$"
has "stats sections" "$T/out" "postings"

# --- queries -----------------------------------------------------------------
check "query text" 0 "$BIN" query --index "$IDX" -k 2 "how long does microblading last"
has "top heading" "$T/out" "^1\. Microblading basics › How long does microblading last"
has "path:line" "$T/out" "sub/microblading.txt:5$"
has "answer" "$T/out" "one to three years"
hasnt "no escapes when NO_COLOR" "$T/out" "$(printf '\033')"
check "result count" 0 "$BIN" query --index "$IDX" -k 1 "lamination"
if [ "$(grep -c '^[0-9]*\. ' "$T/out")" -eq 1 ]; then ok; else bad "-k 1 gave more than one result"; fi
# options after the question are options, not words of it
check "options after the question" 0 "$BIN" query --index "$IDX" "lamination" -k 1 --json
jq_ok "-k after the question" '(.results | length) == 1 and .query == "lamination"' "$T/out"

check "query json" 0 "$BIN" query --index "$IDX" --json "does brow lamination hurt"
jq_ok "json query" '.query == "does brow lamination hurt"' "$T/out"
jq_ok "json first" '.results[0].passage_id == "brow-lamination#3"' "$T/out"
jq_ok "json heading" '.results[0].heading == "Does brow lamination hurt?"' "$T/out"
jq_ok "json article" '.results[0].article | {id, title, path, url} == {"id":"brow-lamination","title":"Brow lamination in brief","path":"'"$FIX"'/brows.md","url":"/brow-lamination/"}' "$T/out"
jq_ok "json answer" '.results[0].answer | test("does not hurt")' "$T/out"
jq_ok "json ranks" '[.results[].rank] == [range(1; (.results|length)+1)]' "$T/out"
jq_ok "json highlights" '.results[0] as $r | [$r.highlights[] | $r.text[.[0]:.[1]] | ascii_downcase] | index("hurt") != null' "$T/out"
jq_ok "json line" '.results[0].line == 14' "$T/out"

check "jsonl record" 0 "$BIN" query --index "$IDX" --json "lip blush tint"
jq_ok "jsonl id" '.results[0].passage_id == "faq-1"' "$T/out"
check "numeric id" 0 "$BIN" query --index "$IDX" --json "eyeliner lash line"
jq_ok "numeric id" '.results[0].passage_id == "2"' "$T/out"

# heading paths and numbers, and the options that turn them off
mkdir -p "$T/hp"
w='word word word word word word word word word word word word word word word word word word word word word word word word word.'
printf -- '---\ntitle: Lash care\n---\n\n## Aftercare\n\nRules for the first days. %s\n\n### Sun exposure\n\nWear sunglasses and keep out of the sun for three to five days. %s\n' "$w" "$w" >"$T/hp/care.md"
check "index heading paths" 0 "$BIN" index -q -o "$T/hp.idx" "$T/hp"
check "heading path json" 0 "$BIN" query --index "$T/hp.idx" --json "sunglasses"
jq_ok "heading path" '.results[0].heading == "Aftercare › Sun exposure" and .results[0].heading_path == ["Aftercare", "Sun exposure"]' "$T/out"
check "heading path found" 0 "$BIN" query --index "$T/hp.idx" --json "aftercare"
jq_ok "heading path found" '[.results[].heading] == ["Aftercare", "Aftercare \u203a Sun exposure"]' "$T/out"
check "range in digits" 0 "$BIN" query --index "$T/hp.idx" --json "3-5 days"
jq_ok "range term" '(.terms | split(" ") | index("3-5")) != null' "$T/out"
jq_ok "range highlighted" '.results[0] as $r | [$r.highlights[] as $h | $r.text | explode | .[$h[0]:$h[1]] | implode] | index("three to five") != null' "$T/out"
check "index plain" 0 "$BIN" index -q --no-heading-path --no-numbers -o "$T/hp2.idx" "$T/hp"
check "stats numbers" 0 "$BIN" stats "$T/hp.idx"
has "stats numbers" "$T/out" "numbers: *ranges"
check "stats no numbers" 0 "$BIN" stats "$T/hp2.idx"
has "stats no numbers" "$T/out" "numbers: *plain words"
check "own heading json" 0 "$BIN" query --index "$T/hp2.idx" --json "sunglasses"
jq_ok "own heading" '.results[0].heading == "Sun exposure" and .results[0].heading_path == ["Sun exposure"]' "$T/out"
check "no numbers" 0 "$BIN" query --index "$T/hp2.idx" --json "3-5 days"
jq_ok "no range term" '(.terms | split(" ") | index("3-5")) == null' "$T/out"

# answers that agree are grouped, those that differ shown side by side
cat >"$T/agree.jsonl" <<'EOF2'
{"_id":"a","title":"Lash lift","text":"A lash lift lasts six to eight weeks."}
{"_id":"b","title":"Lift guide","text":"Your lash lift lasts 6-8 wks."}
{"_id":"c","title":"Lift myths","text":"A lash lift lasts up to twelve weeks, some say."}
EOF2
check "index agree" 0 "$BIN" index -q -o "$T/agree.idx" "$T/agree.jsonl"
# (the first stage's order: in three passages the rerank features outweigh BM25F's tiny idf)
check "groups json" 0 "$BIN" query --index "$T/agree.idx" --rerank-depth 0 --json "how long does a lash lift last"
jq_ok "answers" '.answers == [{"answer": "6\u20138 weeks", "ranks": [1, 2]}, {"answer": "up to 12 weeks", "ranks": [3]}]' "$T/out"
jq_ok "result groups" '[.results[] | [.group, .answer_value]] == [[0, "6\u20138 weeks"], [0, "6\u20138 weeks"], [1, "up to 12 weeks"]]' "$T/out"
check "groups text" 0 "$BIN" query --index "$T/agree.idx" --rerank-depth 0 --min-confidence 0 "how long does a lash lift last"
has "answers listed" "$T/out" "6–8 weeks: 2 results (1, 2)"
has "agreeing result folded" "$T/out" "Also 6–8 weeks, as result 1."
check "no group" 0 "$BIN" query --index "$T/agree.idx" --no-group --json "how long does a lash lift last"
jq_ok "no group" '[.results[].group] == [0, 1, 2]' "$T/out"
check "no group text" 0 "$BIN" query --index "$T/agree.idx" --no-group --min-confidence 0 "how long does a lash lift last"
hasnt "no group text" "$T/out" "Also 6–8 weeks"

# JSON escaping: a title with quotes, backslashes and control characters
mkdir -p "$T/esc"
printf -- '---\ntitle: "Say \\"hi\\"" and C:\\\\path\n---\n\nA tab\there and a "quoted" word with \\\\ backslash and bell \007 char.\n' >"$T/esc/esc.md"
check "escape index" 0 "$BIN" index -q -o "$T/esc.idx" "$T/esc"
check "escape query" 0 "$BIN" query --index "$T/esc.idx" --json "quoted word"
if [ -n "$JQ" ]; then
    if $JQ -e '.results[0].text | test("\"quoted\"")' "$T/out" >/dev/null 2>&1; then ok; else bad "escaped JSON did not round-trip"; cat "$T/out"; fi
fi

# --- batch mode ----------------------------------------------------------------
printf 'q1\thow long does microblading last\nq2\tdoes lamination hurt\n\nlip blush\n?!\n' >"$T/batch.txt"
check "batch trec" 0 "$BIN" query --index "$IDX" --batch "$T/batch.txt" --format trec -k 3 --run-tag testrun
has "trec line" "$T/out" "^q1 Q0 microblading#1 1 [0-9.]* testrun$"
has "trec q2" "$T/out" "^q2 Q0 brow-lamination#3 1 "
has "trec numbered" "$T/out" "^4 Q0 faq-1 1 "
if [ "$(awk 'NF != 6' "$T/out" | wc -l)" -eq 0 ]; then ok; else bad "trec lines must have 6 fields"; fi
has "batch empty query warned" "$T/err" "^smpsearch: 5: "
check "batch jsonl" 0 "$BIN" query --index "$IDX" --batch - --json <"$T/batch.txt"
if [ "$(wc -l <"$T/out")" -eq 3 ]; then ok; else bad "batch jsonl: expected 3 lines"; fi
if [ -n "$JQ" ]; then
    if $JQ -e -s 'map(.id) == ["q1","q2","4"]' "$T/out" >/dev/null; then ok; else bad "batch jsonl ids"; fi
fi
check "batch missing file" 1 "$BIN" query --index "$IDX" --batch "$T/nope.txt"
# several threads write the same bytes as one: the development questions
# three times over (more lines than the ring of 3 threads holds), with an
# empty line and a question without a word among them, in every format
DEV="$SRC/tests/relevance/dev.tsv"
{ cat "$DEV" "$T/batch.txt" "$DEV"; printf '\n?!\n'; cat "$DEV"; } >"$T/many.tsv"
for fmt in trec jsonl text; do
    check "batch $fmt 1 thread" 0 "$BIN" query --index "$IDX" --batch "$T/many.tsv" --format $fmt \
        --threads 1
    mv "$T/out" "$T/one.out"
    mv "$T/err" "$T/one.err"
    for n in 3 8; do
        check "batch $fmt $n threads" 0 "$BIN" query --index "$IDX" --batch - --format $fmt \
            --threads $n <"$T/many.tsv"
        if cmp -s "$T/one.out" "$T/out" && cmp -s "$T/one.err" "$T/err"; then ok; else
            bad "batch $fmt: $n threads wrote other bytes than 1"
        fi
    done
done
if [ "$(grep -c '^smpsearch: ' "$T/one.err")" -eq 2 ]; then ok; else bad "batch: 2 questions without a word"; fi
check "batch explain 1 thread" 0 "$BIN" query --index "$IDX" --batch "$DEV" --threads 1 --explain
mv "$T/out" "$T/one.out"
check "batch explain 2 threads" 0 "$BIN" query --index "$IDX" --batch "$DEV" --threads 2 --explain
has "batch explain 2 threads" "$T/out" "Why:"
if cmp -s "$T/one.out" "$T/out"; then ok; else bad "batch --explain: 2 threads wrote other bytes than 1"; fi
check "batch threads 0" 2 "$BIN" query --index "$IDX" --batch "$T/batch.txt" --threads 0
has "batch threads 0" "$T/err" "--threads must be a number"

# --- passages, synonyms and spelling ----------------------------------------------
check "passages" 0 "$BIN" passages "$IDX"
if [ "$(wc -l <"$T/out")" -eq 7 ]; then ok; else bad "passages: expected 7 lines"; fi
if [ -n "$JQ" ]; then
    r=$($JQ -s 'map(select(.passage_id == "microblading#1"))[0] | .heading == "How long does microblading last" and .line == 5' "$T/out")
    [ "$r" = "true" ] && ok || bad "passages json: $r"
fi
check "passages missing index" 1 "$BIN" passages "$T/missing.idx"
printf 'eyebrow tattoo, microblading\n' >"$T/syn.txt"
check "index with synonyms" 3 "$BIN" index -o "$T/syn.idx" --synonyms "$T/syn.txt" "$FIX"
check "synonym query" 0 "$BIN" query --index "$T/syn.idx" --json "eyebrow tattoo"
jq_ok "synonym expansion" '.expansions == "microblad" and ([.results[].article.id] | index("microblading")) != null' "$T/out"
check "synonyms off" 0 "$BIN" query --index "$T/syn.idx" --json --no-aliases "eyebrow tattoo"
jq_ok "synonyms off" '.expansions == "" and ([.results[].article.id] | index("microblading")) == null' "$T/out"
printf 'just one phrase\n' >"$T/bad-syn.txt"
check "bad synonyms" 1 "$BIN" index -o "$T/x.idx" --synonyms "$T/bad-syn.txt" "$FIX"
has "bad synonyms message" "$T/err" "bad-syn.txt:1: "
mkdir -p "$T/withsyn"
cp "$FIX/brows.md" "$T/withsyn/"
printf 'eyebrow perm, brow lamination\n' >"$T/withsyn/synonyms.txt"
check "synonyms.txt in folder" 0 "$BIN" index -o "$T/ws.idx" "$T/withsyn"
has "synonyms.txt read" "$T/err" "read as the synonym list"
check "synonyms.txt used" 0 "$BIN" query --index "$T/ws.idx" -k 1 "eyebrow perm"
has "synonyms.txt result" "$T/out" "Brow lamination"
check "typo" 0 "$BIN" query --index "$IDX" -k 1 "microbalding"
has "typo shown" "$T/out" "^Showing results for: microblading$"
has "typo result" "$T/out" "Microblading basics"
check "typo json" 0 "$BIN" query --index "$IDX" --json -k 1 "how long does microbalding last"
jq_ok "typo corrected" '.corrected == "how long does microblading last"' "$T/out"
check "no typo" 0 "$BIN" query --index "$IDX" --json -k 1 "microblading"
jq_ok "nothing corrected" '.corrected == null' "$T/out"

# --- eval ------------------------------------------------------------------------
EV="$SRC/tests/fixtures/eval"
check "eval" 0 "$BIN" eval --index "$IDX" --queries "$EV/questions.tsv" --qrels "$EV/qrels.txt" --per-query --run-out "$T/eval.run"
# q1-q3 answered first; q4's first result is not the judged one; q5 is judged
# but not asked: (1 + 1 + 1 + 0 + 0) / 5
has "eval queries" "$T/out" "^queries     5$"
has "eval ndcg" "$T/out" "^nDCG@10     0.6000$"
has "eval p1" "$T/out" "^P@1         0.6000$"
has "eval failure listed" "$T/out" "^q4: permanent eyeliner$"
has "eval expected" "$T/out" "expected: faq-1 (1)"
hasnt "eval no false failure" "$T/out" "^q1:"
has "eval missing question" "$T/err" "1 judged question is not in"
has "eval run file" "$T/eval.run" "^q1 Q0 microblading#1 1 "
check "eval of a run" 0 "$BIN" eval --run "$T/eval.run" --qrels "$EV/qrels.txt" --json
jq_ok "eval json" '.queries == 5 and .["ndcg@10"] == 0.6 and .["mrr@10"] == 0.6' "$T/out"
check "eval needs qrels" 2 "$BIN" eval --queries "$EV/questions.tsv"
check "eval missing qrels" 1 "$BIN" eval --run "$T/eval.run" --qrels "$T/none.txt"
# an empty run: every judged question scores 0 (no sort or search of an
# empty, NULL table: UBSan in the sanitizer build)
: >"$T/empty.run"
check "eval of an empty run" 0 "$BIN" eval --run "$T/empty.run" --qrels "$EV/qrels.txt" --json
jq_ok "eval of an empty run" '.queries == 5 and .["ndcg@10"] == 0' "$T/out"
printf 'q1 Q0\n' >"$T/bad.run"
check "eval bad run" 1 "$BIN" eval --run "$T/bad.run" --qrels "$EV/qrels.txt"

# --- explain: why each result ranks; the shares add up to the score
"$BIN" index -q -o "$T/train.idx" "$SRC/corpus" 2>/dev/null
check "explain" 0 "$BIN" query --index "$T/train.idx" -k 2 --explain "can i swim after smp"
has "explain why" "$T/out" "^   Why:$"
has "explain word" "$T/out" "^     swim  *word  *title [0-9]*, heading [0-9]*, body [0-9]*: "
check "explain json" 0 "$BIN" query --index "$T/train.idx" -k 3 --explain --json "how much is a hair tattoo"
jq_ok "explain sums" '[.results[] | (.score - ([.explain[].score] | add)) | fabs < 0.00001] | all' "$T/out"
jq_ok "explain alternative" '[.results[].explain[] | select(.kind == "alternative")] | length > 0' "$T/out"

# --- train: ranking options fitted to a site's questions, kept in its index ---------
head -n 40 "$SRC/tests/relevance/dev.tsv" >"$T/train.tsv"
awk 'NR == FNR { q[$1] = 1; next } ($1 in q)' "$T/train.tsv" "$SRC/tests/relevance/dev.qrels" >"$T/train.qrels"
"$BIN" index -q -o "$T/train.idx" "$SRC/corpus" 2>/dev/null
check "train dry run" 0 "$BIN" train --index "$T/train.idx" --queries "$T/train.tsv" --qrels "$T/train.qrels" --folds 2 --dry-run
has "train defaults" "$T/out" "^defaults  *nDCG@10 "
has "train held out" "$T/out" "^fitted on other folds (held out)  *nDCG@10 "
has "train options" "$T/out" "^options: --k1 "
hasnt "train dry run stores nothing" "$T/out" "^stored in"
check "train" 0 "$BIN" train --index "$T/train.idx" --queries "$T/train.tsv" --qrels "$T/train.qrels" --folds 2 --force
has "train stored" "$T/out" "^stored in $T/train.idx$"
fitted=$(awk '/^fitted on all/ { print $7 }' "$T/out")
check "eval with trained options" 0 "$BIN" eval --index "$T/train.idx" --queries "$T/train.tsv" --qrels "$T/train.qrels"
has "eval uses them" "$T/out" "^nDCG@10     $fitted$"
check "trained index is sound" 0 "$BIN" check -q "$T/train.idx"
check "train reset" 0 "$BIN" train --index "$T/train.idx" --reset
check "train too few" 1 "$BIN" train --index "$T/train.idx" --queries "$EV/questions.tsv" --qrels "$EV/qrels.txt"
has "train too few why" "$T/err" "at least 10 are needed"
check "train needs questions" 2 "$BIN" train --index "$T/train.idx"

# --- default index resolution -------------------------------------------------------
# --index, then $SMPSEARCH_INDEX, then ./smpsearch.idx, then the bundled demo
# articles (with a notice on stderr, never on stdout)
DEMO="searching the bundled demo articles"
SMPSEARCH_INDEX="$IDX" check "env index" 0 "$BIN" query -k 1 "microblading"
has "env index used" "$T/out" "Microblading basics"
hasnt "env index: no notice" "$T/err" "$DEMO"
mkdir -p "$T/here" "$T/site1"
printf -- '---\ntitle: Clinic hours\n---\n\n## When are you open?\n\nOur opening hours are Monday to Friday, nine to five.\n' >"$T/site1/hours.md"
if [ -f "$(dirname "$BIN")/corpus.smpidx" ]; then
    (cd "$T/here" && check "bundled index" 0 "$BIN" "how long does it last")
    has "bundled answer" "$T/out" "Answer:"
    has "bundled duration" "$T/out" "lasts.* \(weeks\|years\)"
    has "bundled notice" "$T/err" "^smpsearch: $DEMO.*smpsearch index DIR"
    (cd "$T/here" && check "bundled json" 0 "$BIN" --json "how long does it last")
    jq_ok "bundled json is JSON" '.results | length > 0' "$T/out"
    hasnt "bundled json: notice not on stdout" "$T/out" "$DEMO"
    has "bundled json: notice on stderr" "$T/err" "$DEMO"
    (cd "$T/here" && check "bundled stats" 0 "$BIN" stats)
    has "bundled stats notice" "$T/err" "$DEMO"
    (cd "$T/here" && check "bundled check quiet" 0 "$BIN" check -q)
    if [ -s "$T/err" ] || [ -s "$T/out" ]; then bad "check -q printed something"; else ok; fi
    (cd "$T/here" && check "train refuses the demo index" 2 "$BIN" train --queries "$SRC/tests/fixtures/eval/questions.tsv" --qrels "$SRC/tests/fixtures/eval/qrels.txt")
    has "train refuses why" "$T/err" "bundled demo index is not changed"
fi
# the index just built here is the one searched, by every command
(cd "$T/here" && check "index to ./smpsearch.idx" 0 "$BIN" index "$T/site1")
[ -f "$T/here/smpsearch.idx" ] && ok || bad "index DIR did not write ./smpsearch.idx"
(cd "$T/here" && check "local index answers" 0 "$BIN" "what are your opening hours")
has "local index used" "$T/out" "Monday to Friday"
hasnt "local index: no notice" "$T/err" "$DEMO"
(cd "$T/here" && check "local index stats" 0 "$BIN" stats)
has "local stats" "$T/out" "^index: *smpsearch.idx$"
hasnt "local stats: no notice" "$T/err" "$DEMO"
(cd "$T/here" && check "local index check" 0 "$BIN" check)
has "local check" "$T/out" "^smpsearch.idx: ok"
(cd "$T/here" && check "local index passages" 0 "$BIN" passages)
has "local passages" "$T/out" "Clinic hours"
(cd "$T/here" && SMPSEARCH_INDEX="$IDX" check "env before local" 0 "$BIN" query -k 1 "microblading")
has "env before local" "$T/out" "Microblading basics"
(cd "$T/here" && check "--index before local" 0 "$BIN" query --index "$IDX" -k 1 "microblading")
has "--index before local" "$T/out" "Microblading basics"
for f in "$BIN --help" "$BIN query --help" "$BIN serve --help"; do
    $f >"$T/out" 2>&1
    has "lookup order in '$f'" "$T/out" "smpsearch.idx"
done

# --- commands, options and their errors ------------------------------------------------
check "misspelt command" 2 "$BIN" indx "$FIX"
has "misspelt command message" "$T/err" "^smpsearch: unknown command 'indx'; did you mean 'index'?$"
has "misspelt command way out" "$T/err" "smpsearch query indx "
check "misspelt stats" 2 "$BIN" stat
has "misspelt stats message" "$T/err" "did you mean 'stats'?"
check "misspelt optimize" 2 "$BIN" optimzie
has "two edits for long names" "$T/err" "did you mean 'optimize'?"
check "swapped letters" 2 "$BIN" qeury lash
has "swapped letters message" "$T/err" "did you mean 'query'?"
check "one word near a command, quoted with others" 0 "$BIN" query --index "$IDX" "stat of lash"
(cd "$T/here" && check "near-command word after --" 0 "$BIN" -- stat)
(cd "$T/here" && check "near-command word via query" 0 "$BIN" query stat)
(cd "$T/here" && check "near-command word with spaces" 0 "$BIN" "stat hours")
(cd "$T/here" && check "one word far from commands" 0 "$BIN" hours)
has "one word question" "$T/out" "Monday to Friday"
(cd "$T/here" && check "several words" 0 "$BIN" what are your opening hours)
has "several words answered" "$T/out" "Monday to Friday"
check "help" 0 "$BIN" help
has "help lists commands" "$T/out" "smpsearch index"
check "help query" 0 "$BIN" help query
has "help query is query's" "$T/out" "^Usage: smpsearch query"
check "help index" 0 "$BIN" help index
has "help index is index's" "$T/out" "^Usage: smpsearch index"
for cmd in stats check optimize serve eval train passages; do
    check "help $cmd" 0 "$BIN" help $cmd
    has "help $cmd usage" "$T/out" "^Usage: smpsearch $cmd"
    check "$cmd --help" 0 "$BIN" $cmd --help
    has "$cmd --help usage" "$T/out" "^Usage: smpsearch $cmd"
done
check "help unknown" 2 "$BIN" help indx
has "help unknown message" "$T/err" "unknown command 'indx'; did you mean 'index'?"
check "bare unknown option" 2 "$BIN" --foo
has "bare unknown option named" "$T/err" "^smpsearch: unknown option '--foo'$"
check "bare near option" 2 "$BIN" --jsn "lash"
has "bare near option" "$T/err" "unknown option '--jsn'; did you mean '--json'?"
check "query unknown option" 2 "$BIN" query --idnex "$IDX" lash
has "query unknown option" "$T/err" "^smpsearch query: unknown option '--idnex'; did you mean '--index'?"
check "missing value" 2 "$BIN" query --index
has "missing value message" "$T/err" "option '--index' needs a value"
check "ambiguous option" 2 "$BIN" query --no lash
has "ambiguous option message" "$T/err" "option '--no' is ambiguous"
check "value to a flag" 2 "$BIN" query --json=yes lash
has "value to a flag message" "$T/err" "option '--json' takes no value"
check "index unknown option" 2 "$BIN" index --memroy 1M "$FIX"
has "index unknown option" "$T/err" "did you mean '--memory'?"
check "stats unknown option" 2 "$BIN" stats --josn
has "stats unknown option" "$T/err" "^smpsearch stats: unknown option '--josn'"
check "serve unknown option" 2 "$BIN" serve --lisen 127.0.0.1:0
has "serve unknown option" "$T/err" "did you mean '--listen'?"
check "eval unknown option" 2 "$BIN" eval --qrel x
check "train unknown option" 2 "$BIN" train --fold 3
check "passages unknown option" 2 "$BIN" passages --bogus
check "optimize unknown option" 2 "$BIN" optimize --jsno
has "optimize unknown option" "$T/err" "did you mean '--json'?"
check "getopt's own message is not printed" 2 "$BIN" query --bogus x
hasnt "no getopt message" "$T/err" "unrecognized option"
hasnt "no program path prefix" "$T/err" "/smpsearch: "

# --- messages for people: words not stems, no file names, plurals -----------------
check "no match words" 0 "$BIN" query --index "$IDX" --no-spelling "flurbings zzzqqq"
has "no match shows the words" "$T/out" 'No passage matches "flurbings zzzqqq"'
hasnt "no stems" "$T/out" "flurb "
check "stats numbers, no source file" 0 "$BIN" stats "$IDX"
hasnt "stats: no source file names" "$T/out" "\.c)"
mkdir -p "$T/one"
printf '# One\n\nA single short passage about lash tint.\n' >"$T/one/one.md"
check "one file" 0 "$BIN" index -o "$T/one.idx" "$T/one"
has "one file singular" "$T/err" "^indexed 1 of 1 file (.*): 1 article, 1 passage; 0 skipped, 0 repaired, 0 bad records$"
check "one file check" 0 "$BIN" check "$T/one.idx"
has "one passage check" "$T/out" ", 1 passage, "
rm -f "$T/one.idx"
check "one file update" 0 "$BIN" index --update -o "$T/one.idx" "$T/one"
has "update singular" "$T/err" "1 file unchanged\|0 files unchanged"
has "update passage singular" "$T/err" ": 1 passage in 1 segment (0 merges)"

# --- the lock file does not stay behind ---------------------------------------------
ls "$T"/*.lock "$T"/here/*.lock >/dev/null 2>&1 && bad "lock files left behind: $(ls "$T"/*.lock "$T"/here/*.lock 2>/dev/null)" || ok
check "failed build" 1 "$BIN" index -o "$T/failed.idx" "$T/nothing-here"
[ -e "$T/failed.idx.lock" ] && bad "a failed build left its lock file" || ok
: >"$T/held.idx.lock"
# another build holds the lock: refused, and its lock file is not touched
if command -v flock >/dev/null 2>&1; then
    flock "$T/held.idx.lock" sh -c "\"$BIN\" index -q -o \"$T/held.idx\" \"$FIX\" >\"$T/out\" 2>\"$T/err\"; echo \$? >\"$T/st\""
    [ "$(cat "$T/st")" = 1 ] && ok || bad "a held lock: exit status $(cat "$T/st"), expected 1"
    has "held lock message" "$T/err" "being written by another smpsearch"
    [ -e "$T/held.idx.lock" ] && ok || bad "a refused build removed the holder's lock file"
fi
# a lock file a killed build left is taken over and removed
check "stale lock file" 3 "$BIN" index -q -o "$T/held.idx" "$FIX"
[ -e "$T/held.idx.lock" ] && bad "a stale lock file stayed behind" || ok

# --- sizes: --max-file-size takes what --memory takes --------------------------------
check "max file size with a unit" 0 "$BIN" index -q --max-file-size 200M -o "$T/mfs.idx" "$T/one"
yes 'The lash tint lasts four weeks.' | head -c 3000 >"$T/big-3000.txt"
check "max file size in K" 3 "$BIN" index --max-file-size 2K -o "$T/mfs.idx" "$T/one" "$T/big-3000.txt"
has "max file size in K skips" "$T/err" "big-3000.txt: skipped: too large"
check "max file size in K keeps" 0 "$BIN" index -q --max-file-size 3K -o "$T/mfs.idx" "$T/one" "$T/big-3000.txt"
check "max file size lower case" 0 "$BIN" index -q --max-file-size 1m -o "$T/mfs.idx" "$T/one"
check "bad max file size" 2 "$BIN" index --max-file-size 2X -o "$T/mfs.idx" "$T/one"
has "bad max file size message" "$T/err" "bad --max-file-size '2X'"
check "negative max file size" 2 "$BIN" index --max-file-size -5 -o "$T/mfs.idx" "$T/one"

# --- bad input files -----------------------------------------------------------
mkdir -p "$T/bad"
printf 'abc\000def\n' >"$T/bad/binary.md"
: >"$T/bad/empty.md"
printf '   \n\n' >"$T/bad/blank.txt"
printf '# Broken\n\nThe caf\351 serves lash lifts and \377\376 odd bytes.\n' >"$T/bad/latin1.md"
head -c 3000 /dev/zero | tr '\0' 'a' >"$T/bad/big.txt"
ln -s "$T/bad/missing-target.md" "$T/bad/dangling.md"
check "bad inputs" 3 "$BIN" index -o "$T/bad.idx" --max-file-size 2000 "$T/bad"
has "binary skipped" "$T/err" "binary.md: skipped: binary"
has "empty skipped" "$T/err" "empty.md: skipped: empty"
has "blank skipped" "$T/err" "blank.txt: skipped: empty"
has "big skipped" "$T/err" "big.txt: skipped: too large"
has "dangling skipped" "$T/err" "dangling.md: skipped"
has "latin1 repaired" "$T/err" "latin1.md: repaired: 3 invalid"
has "counts" "$T/err" "indexed 1 of 6 files"
check "repaired text searchable" 0 "$BIN" query --index "$T/bad.idx" "lash lifts"
has "repaired result" "$T/out" "odd bytes"
check "unknown extension" 3 "$BIN" index -o "$T/csv.idx" "$FIX/notes.csv" "$FIX/brows.md"
has "unknown extension message" "$T/err" "notes.csv: skipped: unknown file type"
check "missing path" 1 "$BIN" index -o "$T/x.idx" "$T/does-not-exist"
has "missing path message" "$T/err" "does-not-exist"
mkdir -p "$T/nothing"
check "nothing to index" 1 "$BIN" index -o "$T/none.idx" "$T/nothing"
[ ! -e "$T/none.idx" ] && ok || bad "an empty build must not write an index"
check "no input path" 2 "$BIN" index -o "$T/x.idx"

# --- a failed rebuild keeps the old index ------------------------------------------
cp "$IDX" "$T/keep.idx"
check "failed rebuild" 1 "$BIN" index -o "$T/keep.idx" "$T/nothing"
cmp -s "$IDX" "$T/keep.idx" && ok || bad "failed rebuild changed the index"
check "old index still answers" 0 "$BIN" query --index "$T/keep.idx" "microblading"
check "unwritable target" 1 "$BIN" index -o "$T/no/such/dir/x.idx" "$FIX/brows.md"
has "unwritable message" "$T/err" "cannot open the lock file"
if ls "$T"/*.tmp.* >/dev/null 2>&1; then bad "temporary files left behind"; else ok; fi

# --- missing, corrupt and foreign indexes ----------------------------------------
check "missing index" 1 "$BIN" query --index "$T/missing.idx" "anything"
has "missing index message" "$T/err" "cannot open index"
cp "$IDX" "$T/flip.idx"
size=$(wc -c <"$T/flip.idx")
off=$((size / 2))
printf '\377' | dd of="$T/flip.idx" bs=1 seek=$off conv=notrunc 2>/dev/null
cmp -s "$IDX" "$T/flip.idx" && printf '\000' | dd of="$T/flip.idx" bs=1 seek=$off conv=notrunc 2>/dev/null
# opening checks only the header and tables (microseconds); a query may
# answer or report the damage, never crash; check finds it
"$BIN" query --index "$T/flip.idx" "microblading" >/dev/null 2>&1
st=$?
if [ $st -le 1 ]; then ok; else bad "corrupt index query: exit status $st"; fi
check "corrupt check" 1 "$BIN" check "$T/flip.idx"
has "corrupt message" "$T/err" "checksum mismatch"
check "sound check" 0 "$BIN" check "$IDX"
mode=$(stat -c %a "$IDX")
if [ "$mode" = 644 ]; then ok; else bad "index mode $mode, expected 644"; fi
has "sound check output" "$T/out" ": ok ("
check "quiet check" 0 "$BIN" check -q --index "$IDX"
if [ -s "$T/out" ]; then bad "check -q printed something"; else ok; fi
check "check missing" 1 "$BIN" check "$T/missing.idx"
check "check usage" 2 "$BIN" check --bogus
check "check two files" 2 "$BIN" check "$IDX" "$IDX"
head -c $((size - 100)) "$IDX" >"$T/trunc.idx"
check "truncated index" 1 "$BIN" query --index "$T/trunc.idx" "microblading"
has "truncated message" "$T/err" "truncated"
check "truncated check" 1 "$BIN" check "$T/trunc.idx"
check "not an index" 1 "$BIN" query --index "$FIX/brows.md" "microblading"
has "not an index message" "$T/err" "not a smpsearch index"

# --- odd queries ----------------------------------------------------------------------
check "empty query" 2 "$BIN" query --index "$IDX" ""
has "empty query message" "$T/err" "no word to search for"
check "punctuation query" 2 "$BIN" query --index "$IDX" '?!" -- ()'
check "no match" 0 "$BIN" query --index "$IDX" "zzzqqq"
has "no match message" "$T/out" "No passage matches"
check "dash words" 0 "$BIN" query --index "$IDX" -k 1 top-up microblading
check "bad k" 2 "$BIN" query --index "$IDX" -k 0 "lash"
check "bad format" 2 "$BIN" query --index "$IDX" --format xml "lash"
check "bad weights" 2 "$BIN" query --index "$IDX" --weights 1,2 "lash"
check "bad b" 1 "$BIN" query --index "$IDX" --b 2 "lash"
has "bad b message" "$T/err" "b in \[0, 1\]"
# quoted phrases: required, in order
check "phrase" 0 "$BIN" query --index "$IDX" --format jsonl -k 50 '"eight weeks"'
jq_ok "phrase results" '[.results[] | .text + " " + .heading | test("[Ee]ight weeks")] | all and length > 0' "$T/out"
check "reversed phrase" 0 "$BIN" query --index "$IDX" '"weeks eight"'
has "reversed phrase finds nothing" "$T/out" "No passage matches"
check "reversed phrase, no phrases" 0 "$BIN" query --index "$IDX" --no-phrases '"weeks eight"'
hasnt "no phrases finds" "$T/out" "No passage matches"
check "unclosed quote" 0 "$BIN" query --index "$IDX" -k 1 'lamination "eight weeks'
hasnt "unclosed quote finds" "$T/out" "No passage matches"
check "lone quote" 2 "$BIN" query --index "$IDX" '"'
"$BIN" index -q --no-positions -o "$T/nopos.idx" "$FIX" >/dev/null 2>&1
check "phrase without positions" 0 "$BIN" query --index "$T/nopos.idx" -k 1 '"weeks eight"'
hasnt "phrase without positions finds" "$T/out" "No passage matches"
# --json: a summary of the build, also when it fails
check "index json" 3 "$BIN" index --json -o "$T/j.idx" "$FIX"
jq_ok "index json fields" '.status == "skipped" and .passages > 0 and .index_bytes > 0 and .error == null and .runs == 0' "$T/out"
check "index json failure" 1 "$BIN" index --json -o "$T/no/dir/j.idx" "$FIX"
jq_ok "index json failure fields" '.status == "failed" and (.error | test("lock file"))' "$T/out"
"$BIN" index --json --memory 1K -o "$T/j.idx" "$FIX" >"$T/out" 2>/dev/null
jq_ok "index json runs" '.runs > 1' "$T/out"

# a build in runs under a small memory budget answers like one in one piece
"$BIN" index -q --memory 1K -o "$T/runs.idx" "$FIX" >/dev/null 2>"$T/err"
check "runs build check" 0 "$BIN" check "$T/runs.idx"
for q in "how long does lamination last" '"eight weeks"' "microblading"; do
    "$BIN" query --index "$IDX" --format jsonl "$q" >"$T/a1"
    "$BIN" query --index "$T/runs.idx" --format jsonl "$q" >"$T/a2"
    if cmp -s "$T/a1" "$T/a2"; then ok; else bad "runs build answers '$q' differently"; fi
done
if ls "$T"/smpsearch-run.* >/dev/null 2>&1; then bad "run files left behind"; else ok; fi
check "bad memory" 2 "$BIN" index --memory 12X -o "$T/x.idx" "$FIX"
check "negative memory" 2 "$BIN" index --memory -5 -o "$T/x.idx" "$FIX"
long=$(yes 'lash lift' | head -n 500 | tr '\n' ' ')
check "long query" 0 "$BIN" query --index "$IDX" -k 1 "$long"
for st in exhaustive maxscore bmw; do
    check "strategy $st" 0 "$BIN" query --index "$IDX" --strategy $st --format trec "how long does microblading last"
    cp "$T/out" "$T/st-$st"
done
cmp -s "$T/st-exhaustive" "$T/st-maxscore" && cmp -s "$T/st-exhaustive" "$T/st-bmw" && ok || bad "strategies differ"
check "bad strategy" 2 "$BIN" query --index "$IDX" --strategy fast "lash"

# --- incremental updates ---------------------------------------------------------------
mkdir "$T/upd"
cp "$SRC"/corpus/*.md "$T/upd/"
check "update new" 0 "$BIN" index --update --json -o "$T/u.idx" "$T/upd"
jq_ok "update json added" '.operation == "update" and .files_added > 40 and .files_unchanged == 0 and .segments == 1' "$T/out"
check "update nothing changed" 0 "$BIN" index --update --json -o "$T/u.idx" "$T/upd"
jq_ok "update json unchanged" '.files_unchanged == .files_seen and .passages_added == 0' "$T/out"
first=$(ls "$T/upd" | head -n 1)
echo "Scalp micropigmentation lasts for years with touch-ups." >>"$T/upd/$first"
rm "$T/upd/$(ls "$T/upd" | sed -n 2p)"
check "update changed" 0 "$BIN" index --update --json -o "$T/u.idx" "$T/upd"
jq_ok "update json changed" '.files_changed == 1 and .files_deleted == 1 and .segments == 2' "$T/out"
check "update check" 0 "$BIN" check "$T/u.idx"
check "update stats" 0 "$BIN" stats "$T/u.idx"
has "stats segments" "$T/out" "segments: *2"
"$BIN" index -q -o "$T/u-full.idx" "$T/upd" 2>/dev/null
for q in "how long does scalp micropigmentation last" "lash lift aftercare" "does it hurt"; do
    "$BIN" query --index "$T/u-full.idx" --format trec -k 20 "$q" >"$T/a1"
    "$BIN" query --index "$T/u.idx" --format trec -k 20 "$q" >"$T/a2"
    if cmp -s "$T/a1" "$T/a2"; then ok; else bad "update answers '$q' unlike a full build"; fi
done
"$BIN" passages "$T/u-full.idx" | sort >"$T/p1"
check "passages of a segmented index" 0 "$BIN" passages "$T/u.idx"
sort "$T/out" >"$T/p2"
if cmp -s "$T/p1" "$T/p2"; then ok; else bad "passages of the updated index differ from a full build's"; fi
check "optimize" 0 "$BIN" optimize --json "$T/u.idx"
jq_ok "optimize json" '.operation == "optimize" and .segments == 1 and .merges == 1' "$T/out"
if [ "$(ls "$T" | grep -c '^u\.idx\.seg\.')" -eq 1 ]; then ok; else bad "segments left after optimize"; fi
check "optimize single file" 1 "$BIN" optimize "$IDX"
has "optimize single file message" "$T/err" "single index file"
check "optimize missing" 1 "$BIN" optimize "$T/none.idx"
check "optimize usage" 2 "$BIN" optimize --frobnicate

# --- an exported website: HTML pages ---------------------------------------------
mkdir -p "$T/site/lash-lift" "$T/site/blog"
cat >"$T/site/lash-lift/index.html" <<'HTML'
<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Lash lift aftercare | Glow Studio</title>
<meta property="og:site_name" content="Glow Studio">
<link rel="canonical" href="https://glow.example/lash-lift/"></head>
<body><div class="cookie-consent">We use cookies on this site.</div>
<header><nav class="navbar"><a href="/">Home</a> <a href="/book">Book</a></nav></header>
<main><h1>Lash lift aftercare</h1>
<p>A lash lift lasts six to eight weeks, as your lashes grow out.</p>
<h2>The first day</h2><p>Keep your lashes dry for 24 hours after the treatment.</p>
<details><summary>Can I wear mascara after a lash lift?</summary>
<p>Yes, but wait 24 hours and use a water-based formula.</p></details>
</main>
<footer>Opening hours: Monday to Saturday, 9am to 6pm.</footer></body></html>
HTML
printf '<html><head><title>Brow tint prices</title></head><body><article><table><tr><th>Treatment</th><th>Price</th></tr><tr><td>Brow tint</td><td>&pound;15</td></tr></table></article></body></html>\n' >"$T/site/blog/brow-tint.HTM"
printf '<html><head><meta name="robots" content="noindex"></head><body><p>Thank you for booking.</p></body></html>\n' >"$T/site/thanks.html"
printf '<html><head><title>Page not found</title></head><body><p>Sorry.</p></body></html>\n' >"$T/site/404.html"
: >"$T/site/price-list.pdf"; : >"$T/site/logo.png"; : >"$T/site/hero.PNG"
check "index html site" 3 "$BIN" index -o "$T/site.idx" "$T/site"
has "other files named" "$T/err" "3 files of other types not read: 2 .png, 1 .pdf"
has "html noindex skipped" "$T/err" "thanks.html: skipped: marked noindex"
has "html 404 skipped" "$T/err" "404.html: skipped: an error page"
has "html pages indexed" "$T/err" "indexed 2 of 4 files"
check "html query" 0 "$BIN" query --index "$T/site.idx" --json -k 1 "how long does a lash lift last"
jq_ok "html answer" '.results[0].article.id == "lash-lift" and (.results[0].answer | test("six to eight weeks"))' "$T/out"
check "html faq query" 0 "$BIN" query --index "$T/site.idx" --json -k 1 "can I wear mascara after a lash lift"
# a short FAQ answer keeps its question as its heading, apart from the others
jq_ok "html faq passage" '(.results[0].heading | test("Can I wear mascara after a lash lift\\?$")) and (.results[0].text | test("^Yes, but wait"))' "$T/out"
check "html table query" 0 "$BIN" query --index "$T/site.idx" --json -k 1 "brow tint price"
jq_ok "html table row" '.results[0].text | test("Treatment: Brow tint, Price: £15")' "$T/out"
check "html passages" 0 "$BIN" passages "$T/site.idx"
hasnt "html no cookie banner" "$T/out" "cookies"
hasnt "html no footer" "$T/out" "Opening hours"
hasnt "html no menu" "$T/out" "Home"
check "html explain" 0 "$BIN" index --explain "$T/site/lash-lift/index.html"
has "explain title" "$T/out" "^title: Lash lift aftercare$"
has "explain language" "$T/out" "^language: en-GB$"
has "explain url" "$T/out" "^url: https://glow.example/lash-lift/$"
has "explain heading" "$T/out" "Can I wear mascara after a lash lift?"
check "html explain skipped" 3 "$BIN" index --explain "$T/site/thanks.html"
has "explain skipped why" "$T/out" "skipped: marked noindex"

# --- links: URLs from paths with --base-url, heading fragments, answer links
mkdir -p "$T/links/treatments/smp"
printf '<html><head><title>SMP</title></head><body><main><h2 id="sessions">How many sessions?</h2><p>Most people need three sessions of scalp micropigmentation.</p></main></body></html>\n' >"$T/links/treatments/smp/index.html"
printf -- '---\ntitle: Brow lamination\ndate: 2026-04-01\ntags: [brows, lamination]\n---\n## How long does it last? {#lasts}\n\nBrow lamination lasts six to eight weeks.\n' >"$T/links/brow-lamination.md"
check "links index" 0 "$BIN" index -q --base-url https://clinic.example/ -o "$T/links.idx" "$T/links"
check "links query" 0 "$BIN" query --index "$T/links.idx" --json -k 1 "how many smp sessions"
jq_ok "page url" '.results[0].article.url == "https://clinic.example/treatments/smp/"' "$T/out"
jq_ok "passage url" '.results[0].url == "https://clinic.example/treatments/smp/#sessions"' "$T/out"
jq_ok "answer url" '.results[0].answer_url | startswith("https://clinic.example/treatments/smp/#sessions:~:text=Most%20people")' "$T/out"
check "links md query" 0 "$BIN" query --index "$T/links.idx" --json -k 1 "how long does brow lamination last"
jq_ok "md url" '.results[0].url == "https://clinic.example/brow-lamination/#lasts"' "$T/out"
jq_ok "md info" '.results[0].article.date == "2026-04-01" and .results[0].article.tags == ["brows", "lamination"]' "$T/out"
check "links text" 0 "$BIN" query --index "$T/links.idx" -k 1 "how many smp sessions"
has "text link" "$T/out" "^   https://clinic.example/treatments/smp/#sessions$"
check "links explain" 0 "$BIN" index --explain "$T/links/brow-lamination.md"
has "explain md url" "$T/out" "^url: /brow-lamination/$"
has "explain fragment" "$T/out" "^  #lasts$"

# --- the bundled corpus is complete in the build and the distribution -------------
for f in "$SRC"/corpus/*.md "$SRC"/corpus/synonyms.txt; do
    if grep -q "corpus/$(basename "$f")" "$SRC/Makefile.am"; then ok; else
        bad "$(basename "$f") is missing from CORPUS_FILES in Makefile.am"; fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
