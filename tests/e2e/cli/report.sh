#!/bin/sh
# `smpsearch report`: search logs (as `serve --log` writes them) grouped by
# what the questions ask, gaps ordered, bad lines counted, rotated and
# gzipped files read, the JSON and the self-contained HTML page.  Run by
# `make check` (JSON checks need jq).
set -u
BIN=${SMP_BIN:-./smpsearch}
SRC=${SMP_SRCDIR:-.}
FIX="$SRC/tests/fixtures/articles"
T=$(mktemp -d "${TMPDIR:-/tmp}/smpreport.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
unset SMPSEARCH_INDEX
export NO_COLOR=1
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
JQ=$(command -v jq || true)
jq_ok() { # jq_ok NAME FILTER FILE
    [ -n "$JQ" ] || return 0
    r=$($JQ -e "$2" "$3" 2>&1)
    if [ "$r" = true ]; then ok; else bad "$1: jq '$2' gave '$r'"; fi
}
IDX=$T/a.idx
"$BIN" index -q -o "$IDX" "$FIX" 2>/dev/null
[ -f "$IDX" ] || { echo "cannot build the fixture index"; exit 1; }

# rec TIME Q ANSWERED CONFIDENCE: one line as serve --log writes it
rec() {
    printf '{"time": "%s", "q": "%s", "answered": %s, "confidence": %s, "results": 1, "top": {"article": "brow-lamination", "title": "Brow lamination in brief", "heading": "Does brow lamination hurt?", "url": "/brow-lamination/#does-brow-lamination-hurt"}}\n' "$1" "$2" "$3" "$4"
}
{
    rec 2025-06-01T09:00:00Z "how long dose a lash lift last" false 0.20
    rec 2025-06-01T09:30:00Z "what are your opening hours" false 0.05
    rec 2025-06-01T10:00:00Z "How long does a lash lift last?" false 0.20
    echo 'this is not a record'
    rec 2025-06-02T10:00:00Z "how long does a lash lift last" false 0.20
    rec 2025-06-02T11:00:00Z "do you sell gift vouchers" false 0.00
    rec 2025-06-02T11:05:00Z "do you sell" false 0.00
    rec 2025-06-02T11:05:02Z "do you sell gift vouchers" false 0.00
    echo '{"time": "yesterday", "q": "x", "answered": true, "confidence": 1, "top": null}'
    rec 2025-06-03T08:00:00Z "can brow lamination go wrong" true 0.35
    rec 2025-06-03T08:10:00Z "can brow lamination go wrong" true 0.35
    rec 2025-06-03T08:20:00Z "can brow lamination go wrong" true 0.35
    rec 2025-06-03T08:30:00Z "can brow lamination go wrong" true 0.35
    rec 2025-06-03T09:00:00Z "how long does brow lamination last" true 0.90
    printf '{"time": "2025-06-03T09:01:00Z", "q": "half a line", "answ'
} >"$T/q.log.1"
{
    rec 2025-06-04T09:00:00Z "how long do lash lifts last" false 0.20
    rec 2025-06-04T09:10:00Z "opening hours" false 0.05
    rec 2025-06-04T10:00:00Z "how long does a lash lift last" false 0.20
} | gzip >"$T/q.log.2.gz"
rec 2025-06-05T12:00:00Z "what are your opening hours" false 0.05 >"$T/q.log"

"$BIN" report --index "$IDX" "$T/q.log" "$T/q.log.1" "$T/q.log.2.gz" >"$T/out" 2>"$T/err"
st=$?
if [ $st -eq 0 ]; then ok; else bad "report: exit $st: $(cat "$T/err")"; fi
if grep -q "3 lines skipped" "$T/err" && grep -q "q.log.1:4: skipped" "$T/err"; then ok
else bad "bad lines: $(cat "$T/err")"; fi
# the groups, in order: unanswered most asked first, then low confidence
awk '/^ *[0-9]+\. /' "$T/out" | sed 's/^ *[0-9]*\. //' >"$T/order"
printf '%s\n' "how long does a lash lift last" "what are your opening hours" \
    "do you sell gift vouchers" "can brow lamination go wrong" >"$T/want"
if cmp -s "$T/order" "$T/want"; then ok; else bad "order: $(tr '\n' '|' <"$T/order")"; fi
if grep -q "asked 5 times, last 2025-06-04" "$T/out"; then ok; else bad "lash lift count: $(head -20 "$T/out")"; fi
if grep -q '"how long dose a lash lift last"' "$T/out" && grep -q '"How long does a lash lift last?"' "$T/out"; then ok
else bad "spelling variants not together: $(head -20 "$T/out")"; fi
if grep -q "^Not answered" "$T/out" && grep -q "^Answered with low confidence (under 0.50)" "$T/out"; then ok
else bad "sections: $(cat "$T/out")"; fi
if grep -q "closest: Brow lamination in brief" "$T/out"; then ok; else bad "closest passage"; fi
if grep -q "^15 searches from 2025-06-01 to 2025-06-05" "$T/out"; then ok; else bad "summary: $(head -1 "$T/out")"; fi
if grep -q '"do you sell"$' "$T/out" || grep -q '^ *[0-9]*\. do you sell$' "$T/out"; then bad "typing kept"; else ok; fi
if grep -q "how long does brow lamination last" "$T/out"; then bad "an answered question is listed"; else ok; fi

# --- JSON
"$BIN" report --json --index "$IDX" "$T/q.log" "$T/q.log.1" "$T/q.log.2.gz" >"$T/j" 2>/dev/null
jq_ok "json totals" '.searches == 15 and .answered == 5 and .skipped_lines == 3 and .typing == 1 and .files == 3 and .from == "2025-06-01" and .to == "2025-06-05" and .threshold == 0.5' "$T/j"
jq_ok "json days" '(.days | length) == 5 and .days[0] == {"date": "2025-06-01", "searches": 3, "answered": 0} and .days[1].searches == 3 and .days[2].answered == 5 and ([.days[].searches] | add) == 15' "$T/j"
jq_ok "json gaps" '[.gaps[] | .status] == ["unanswered", "unanswered", "unanswered", "low_confidence"]' "$T/j"
jq_ok "json gap" '.gaps[0] | .question == "how long does a lash lift last" and .count == 5 and .unanswered == 5 and .last_asked == "2025-06-04T10:00:00Z" and (.wordings | length) == 4 and .wordings[0] == {"q": "how long does a lash lift last", "count": 2} and (.terms | length) > 0 and (.closest | type) == "object" and (.closest | has("article") and has("heading") and has("url"))' "$T/j"
jq_ok "json counts ordered" '[.gaps[] | select(.status == "unanswered") | .count] == ([.gaps[] | select(.status == "unanswered") | .count] | sort | reverse)' "$T/j"
jq_ok "json opening hours" '.gaps[1] | .question == "what are your opening hours" and .count == 3 and ([.wordings[].q] | sort) == ["opening hours", "what are your opening hours"]' "$T/j"
jq_ok "json low" '.gaps[3] | .count == 4 and .low_confidence == 4 and .confidence == 0.35' "$T/j"

# --- options
"$BIN" report --json --index "$IDX" --min-count 2 --since 2025-06-02 "$T/q.log" "$T/q.log.1" "$T/q.log.2.gz" >"$T/j2" 2>/dev/null
jq_ok "min-count, since" '.searches == 12 and (.gaps | length) == 4 and ([.gaps[] | .count] | all(. >= 2)) and .from == "2025-06-02"' "$T/j2"
"$BIN" report --json --index "$IDX" --threshold 0.3 --limit 2 "$T/q.log.1" >"$T/j3" 2>/dev/null
jq_ok "threshold, limit" '(.gaps | length) == 2 and all(.gaps[]; .status == "unanswered")' "$T/j3"
"$BIN" report --index "$IDX" --since 2025-13-01 "$T/q.log" >/dev/null 2>&1
if [ $? -eq 2 ]; then ok; else bad "--since 2025-13-01 accepted"; fi
"$BIN" report --index "$IDX" "$T/nope.log" >/dev/null 2>"$T/e"
if [ $? -eq 1 ] && grep -q "nope.log" "$T/e"; then ok; else bad "missing file: $(cat "$T/e")"; fi
"$BIN" report >/dev/null 2>&1
if [ $? -eq 2 ]; then ok; else bad "no file: not a usage error"; fi
"$BIN" report --help >"$T/o"
if grep -q -- "--html FILE" "$T/o"; then ok; else bad "help"; fi
: >"$T/empty.log"
"$BIN" report --index "$IDX" "$T/empty.log" >"$T/o" 2>&1
if [ $? -eq 0 ] && grep -q "No searches" "$T/o"; then ok; else bad "empty log: $(cat "$T/o")"; fi
rec 2025-06-01T09:00:00Z "the stdin question" false 0.1 | "$BIN" report --index "$IDX" - >"$T/o" 2>&1
if grep -q "the stdin question" "$T/o"; then ok; else bad "stdin: $(cat "$T/o")"; fi

# --- the HTML page: one file, nothing fetched from elsewhere
"$BIN" report --index "$IDX" --html "$T/r.html" "$T/q.log" "$T/q.log.1" "$T/q.log.2.gz" >/dev/null 2>&1
if [ -s "$T/r.html" ]; then ok; else bad "no HTML page written"; fi
if grep -q '<svg' "$T/r.html" && grep -q '<table>' "$T/r.html" && grep -q '<style>' "$T/r.html"; then ok
else bad "HTML: chart, table or style missing"; fi
if grep -Eiq '(src|href)=["'"'"']?(https?:)?//' "$T/r.html" || grep -Eiq '<(script|link|img|iframe)' "$T/r.html" ||
    grep -Eiq 'url\(' "$T/r.html"; then bad "HTML refers to something outside: $(grep -Eio '(src|href)=.{30}' "$T/r.html" | head -3)"
else ok; fi
if grep -q 'how long dose a lash lift last' "$T/r.html" && [ "$(grep -c '<rect class="ans"' "$T/r.html")" -eq 5 ]; then ok
else bad "HTML content"; fi
rec 2025-06-01T09:00:00Z '<script>alert(1)</script> & co' false 0.1 >"$T/x.log"
"$BIN" report --index "$IDX" --html "$T/x.html" "$T/x.log" >/dev/null 2>&1
if grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; co' "$T/x.html" && ! grep -q '<script' "$T/x.html"; then ok
else bad "HTML not escaped"; fi

echo "report: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
