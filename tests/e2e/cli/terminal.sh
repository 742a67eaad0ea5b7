#!/bin/sh
# A terminal never takes orders from an article: escape sequences and other
# control characters in a title, heading, passage, file name, question or
# search log are never written raw by a command's text output (they are
# shown escaped, ^[ for ESC), while JSON keeps them exact and the bold of
# highlights still works on a terminal.  Run by `make check` (SMP_BIN;
# the terminal case needs script(1), the JSON cases jq).
set -u
BIN=${SMP_BIN:-./smpsearch}
T=$(mktemp -d "${TMPDIR:-/tmp}/smpterm.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
unset SMPSEARCH_INDEX NO_COLOR
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

E=$(printf '\033')
C1=$(printf '\302\233') # U+009B, the one-character CSI
# clean NAME FILE: FILE holds no control character but newline and tab
# (after our own bold on and off, and a terminal's CR before a newline),
# no C1 control and no bidi override
clean() {
    sed "s/$E\[1m//g; s/$E\[0m//g; s/\r\$//" "$2" > "$T/clean.tmp"
    if LC_ALL=C tr -d '\n\t' < "$T/clean.tmp" | LC_ALL=C grep -q '[[:cntrl:]]'; then
        bad "$1: a raw control character:"; LC_ALL=C od -c "$2" | grep -m 3 '033\|007\|\\r'
    elif LC_ALL=C grep -q "$C1\|$(printf '\342\200\256')" "$T/clean.tmp"; then
        bad "$1: a raw C1 control or bidi override"
    else ok; fi
}

mkdir "$T/site"
# a title that retitles the terminal and clears it, a heading in red, a
# passage with a C1 CSI, a bell and a right-to-left override
printf '# Lash lift \033]0;PWNED\007 care \033[2J\n\nA lash lift lasts six to eight weeks \033[2J and then fades.\n\n## Aftercare \033[31m red\n\nKeep lashes dry for a day \302\2332J after a lash lift \342\200\256 reversed.\n' \
    > "$T/site/lash.md"
# a file whose name holds an escape sequence
printf '# Brows\n\nBrow lamination lasts about six weeks.\n' > "$T/site/brow$(printf '\033')[2Jname.md"
printf '{"_id": "j", "title": "Tint \\u001b]0;OWNED\\u0007 guide", "text": "A lash tint lasts four to six weeks \\u001b[2J and fades."}\n' \
    > "$T/site/tint.jsonl"
# a file skipped with a message naming it: not UTF-8 text
printf 'bin\000ary\001\002' > "$T/site/bad$(printf '\033')]0;X.txt"

IDX="$T/in$(printf '\033')]0;dex.idx"
"$BIN" index -o "$IDX" "$T/site" > "$T/out" 2> "$T/err"
[ -f "$IDX" ] || { echo "cannot build the index"; cat "$T/err"; exit 1; }
clean "index messages" "$T/err"
clean "index output" "$T/out"
"$BIN" index --explain "$T/site/lash.md" > "$T/out" 2>&1
clean "index --explain" "$T/out"

# query, piped: plain text, nothing raw
for q in "lash lift" "lash tint" "brow lamination" "aftercare lashes dry" "how long does it last"; do
    "$BIN" query --index "$IDX" -k 5 "$q" > "$T/out" 2>&1
    clean "query '$q'" "$T/out"
done
"$BIN" query --index "$IDX" "$(printf 'zzqxw \033[2J')" > "$T/out" 2>&1
clean "query with no match" "$T/out"
"$BIN" query --index "$IDX" --explain -k 3 "lash lift" > "$T/out" 2>&1
clean "query --explain" "$T/out"
printf 'q\0331\tlash \033[2Jlift\nhow long does a lash tint \033]0;x\007 last\n' > "$T/batch"
"$BIN" query --index "$IDX" --batch "$T/batch" > "$T/out" 2>&1
clean "query --batch" "$T/out"

# query on a terminal: our bold is there, nothing else
if command -v script > /dev/null; then
    script -qec "'$BIN' query --index '$IDX' -k 5 'lash lift'" /dev/null > "$T/tty" 2>&1
    if grep -q "$E\[1m" "$T/tty"; then ok; else bad "no bold on a terminal"; fi
    clean "query on a terminal" "$T/tty"
    script -qec "'$BIN' query --index '$IDX' -k 5 'lash tint'" /dev/null > "$T/tty" 2>&1
    clean "query on a terminal (JSONL article)" "$T/tty"
fi

# stats and check name the index's path
"$BIN" stats "$IDX" > "$T/out" 2>&1
clean "stats" "$T/out"
"$BIN" check "$IDX" > "$T/out" 2>&1
clean "check" "$T/out"
"$BIN" check "$T/no$(printf '\033')[2Jsuch.idx" > "$T/out" 2>&1
clean "check of a missing file" "$T/out"

# eval: questions and judgments from files
printf 'q\033[2J1\tlash lift \033]0;x\007\n' > "$T/queries"
printf 'q\033[2J1 0 nothing\033[2J 1\n' > "$T/qrels"
"$BIN" eval --index "$IDX" --queries "$T/queries" --qrels "$T/qrels" --per-query > "$T/out" 2>&1
clean "eval --per-query" "$T/out"

# report: questions customers typed, read from the search log
printf '{"time": "2025-06-01T09:00:00Z", "q": "gift \\u001b]0;PWNED\\u0007 vouchers \\u001b[2J", "answered": false, "confidence": 0.1, "results": 1, "top": {"article": "j", "title": "Tint \\u001b[2J", "heading": "H\\u001b[31m", "url": "/x\\u001b"}}\n' > "$T/log"
"$BIN" report --index "$IDX" "$T/log" > "$T/out" 2>&1
clean "report" "$T/out"
"$BIN" report --index "$IDX" --html "$T/report.html" "$T/log" > /dev/null 2>&1
clean "report --html" "$T/report.html"

# serve: its own messages name the index's path and the log's (the
# address line, a reload on SIGHUP, a log that cannot be opened)
LOGDIR="$T/l$(printf '\033')[2J.log"
mkdir "$LOGDIR"
"$BIN" serve --listen 127.0.0.1:0 --index "$IDX" --log "$LOGDIR" > "$T/sout" 2> "$T/serr"
if [ $? -ne 0 ] && grep -q 'log' "$T/serr"; then ok; else bad "serve: a log that is a folder was taken"; fi
clean "serve's message about its log" "$T/serr"
"$BIN" serve --listen 127.0.0.1:0 --index "$IDX" > "$T/sout" 2> "$T/serr" &
spid=$!
i=0
while [ $i -lt 50 ] && ! grep -q 'http://' "$T/sout" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
if grep -q 'http://' "$T/sout"; then ok; else bad "serve did not start: $(cat "$T/serr")"; fi
kill -HUP "$spid" 2>/dev/null
i=0
while [ $i -lt 50 ] && ! grep -q 'reopened' "$T/serr" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
kill "$spid" 2>/dev/null
wait "$spid" 2>/dev/null
if grep -q 'reopened' "$T/serr"; then ok; else bad "serve: no reload message: $(cat "$T/serr")"; fi
clean "serve's address line" "$T/sout"
clean "serve's messages" "$T/serr"

# JSON keeps the text exact
if command -v jq > /dev/null; then
    "$BIN" query --index "$IDX" --format json -k 10 "lash tint" > "$T/json"
    want=$(printf 'Tint \033]0;OWNED\007 guide')
    if [ "$(jq -r '[.results[].article.title] | map(select(startswith("Tint"))) | .[0]' "$T/json")" = "$want" ]
    then ok; else bad "JSON does not keep the title exact"; fi
    "$BIN" passages "$IDX" > "$T/json"
    if jq -e . "$T/json" > /dev/null; then ok; else bad "passages: not valid JSON"; fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
