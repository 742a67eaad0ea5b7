#!/bin/sh
# `smpsearch serve --log`: the line each search appends (its fields, and
# nothing about the client), rotation by size, reopening on SIGHUP after
# the file was moved away (logrotate), and a burst of concurrent searches
# that loses or splits no line.  Run by `make check` (needs curl and jq).
set -u
BIN=${SMP_BIN:-./smpsearch}
SRC=${SMP_SRCDIR:-.}
FIX="$SRC/tests/fixtures/articles"
command -v curl >/dev/null && command -v jq >/dev/null || { echo "curl and jq are needed"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/smplog.XXXXXX") || exit 99
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
unset SMPSEARCH_INDEX
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

IDX=$T/a.idx
"$BIN" index -q -o "$IDX" "$FIX" 2>/dev/null
[ -f "$IDX" ] || { echo "cannot build the fixture index"; exit 1; }

# start NAME ARGS...: a server on a free port; sets URL and pid
start() {
    name=$1
    shift
    "$BIN" serve --listen 127.0.0.1:0 --index "$IDX" "$@" >"$T/$name.out" 2>"$T/$name.err" &
    pid=$!
    pids="$pids $pid"
    i=0
    while [ $i -lt 50 ] && ! grep -q 'http://' "$T/$name.out" 2>/dev/null; do
        sleep 0.1
        i=$((i + 1))
    done
    URL=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$T/$name.out")
    [ -n "$URL" ] || { echo "server $name did not start: $(cat "$T/$name.err")"; exit 1; }
}
# healthz FILTER: /healthz must make FILTER true
healthz() {
    r=$(curl -s "$URL/healthz" | jq -r "$1" 2>&1)
    if [ "$r" = true ]; then ok; else bad "healthz $1: $(curl -s "$URL/healthz")"; fi
}
# wait_lines FILE N: until FILE has N lines (the writer thread is quick, not instant)
wait_lines() {
    i=0
    while [ $i -lt 50 ] && [ "$(cat "$1" 2>/dev/null | wc -l)" -lt "$2" ]; do
        sleep 0.1
        i=$((i + 1))
    done
}
# every line of the files is one record with the documented fields
records_ok() {
    name=$1
    shift
    if cat "$@" | jq -e -s 'length > 0 and all(.[];
            (keys == ["answered", "confidence", "q", "results", "time", "top"]) and
            (.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")) and
            (.q | type) == "string" and (.answered | type) == "boolean" and
            (.confidence >= 0 and .confidence <= 1) and
            (.top == null or (.top | keys == ["article", "heading", "title", "url"])))' \
            >/dev/null 2>&1; then ok; else bad "$name: records: $(head -c 400 "$1")"; fi
}

# --- the lines of a few searches, and nothing about who searched
start one --log "$T/one.log" --threads 2
curl -s -o /dev/null -A 'SecretAgent/7.1' -e 'https://referrer.example/page' \
    -b 'session=cookie-value-42' -H 'X-Forwarded-For: 203.0.113.9' \
    "$URL/api/search?q=how%20long%20does%20brow%20lamination%20last"
curl -s -o /dev/null "$URL/api/search?q=do%20you%20sell%20gift%20vouchers%20%22quoted%22%20%5C"
curl -s -o /dev/null "$URL/api/search?q=zzzzqqq"
curl -s -o /dev/null "$URL/api/search?q=the"
curl -s -o /dev/null "$URL/api/search"            # 400: no question, no line
curl -s -o /dev/null "$URL/api/suggest?q=lash"    # not a search
wait_lines "$T/one.log" 4
if [ "$(wc -l <"$T/one.log")" -eq 4 ]; then ok; else bad "one: $(wc -l <"$T/one.log") lines, expected 4"; fi
records_ok one "$T/one.log"
q1=$(sed -n 1p "$T/one.log")
if [ "$(echo "$q1" | jq -r '.q')" = "how long does brow lamination last" ] &&
    [ "$(echo "$q1" | jq -r '.answered and .top.article == "brow-lamination" and (.top.heading | test("How long")) and (.top.url | length) > 0')" = true ]; then ok
else bad "answered line: $q1"; fi
if [ "$(sed -n 2p "$T/one.log" | jq -r '.q')" = 'do you sell gift vouchers "quoted" \' ]; then ok
else bad "question as typed: $(sed -n 2p "$T/one.log")"; fi
if [ "$(sed -n 3p "$T/one.log" | jq -r '.answered == false and .top == null and .results == 0')" = true ]; then ok
else bad "unanswered line: $(sed -n 3p "$T/one.log")"; fi
for secret in 127.0.0.1 203.0.113.9 SecretAgent referrer.example cookie-value-42; do
    if grep -q "$secret" "$T/one.log"; then bad "the log records $secret"; else ok; fi
done
healthz '.log.written == 4 and .log.dropped == 0'
if [ "$(stat -c %a "$T/one.log")" = 640 ]; then ok; else bad "mode $(stat -c %a "$T/one.log")"; fi

# --- SIGHUP reopens the file (logrotate moved it away)
mv "$T/one.log" "$T/one.log.old"
kill -HUP "$pid"
sleep 0.5
curl -s -o /dev/null "$URL/api/search?q=does%20lamination%20hurt"
wait_lines "$T/one.log" 1
if [ -f "$T/one.log" ] && [ "$(wc -l <"$T/one.log")" -eq 1 ] && [ "$(wc -l <"$T/one.log.old")" -eq 4 ]; then ok
else bad "SIGHUP did not reopen the log: $(ls "$T")"; fi
kill "$pid"
wait "$pid" 2>/dev/null

# --- rotation by size: FILE.1, FILE.2 kept, no line split or lost
start rot --log "$T/rot.log" --log-max-size 1K --log-keep 2 --threads 2
i=0
while [ $i -lt 30 ]; do
    curl -s -o /dev/null "$URL/api/search?q=brow%20lamination%20$i"
    i=$((i + 1))
done
healthz '.log.written == 30 and .log.dropped == 0 and .log.rotations >= 3'
kill "$pid"
wait "$pid" 2>/dev/null
if [ -f "$T/rot.log" ] && [ -f "$T/rot.log.1" ] && [ -f "$T/rot.log.2" ] && [ ! -f "$T/rot.log.3" ]; then ok
else bad "rotated files: $(ls "$T" | tr '\n' ' ')"; fi
for f in "$T/rot.log" "$T/rot.log.1" "$T/rot.log.2"; do
    if [ "$(wc -c <"$f")" -le 1024 ]; then ok; else bad "$f: $(wc -c <"$f") bytes, over 1K"; fi
done
records_ok rotated "$T/rot.log.2" "$T/rot.log.1" "$T/rot.log"
# the newest lines are in FILE, the older in FILE.1
if [ "$(tail -n 1 "$T/rot.log" | jq -r .q)" = "brow lamination 29" ]; then ok; else bad "last line: $(tail -n 1 "$T/rot.log")"; fi
n1=$(head -n 1 "$T/rot.log" | jq -r '.q | ltrimstr("brow lamination ") | tonumber')
l1=$(tail -n 1 "$T/rot.log.1" | jq -r '.q | ltrimstr("brow lamination ") | tonumber')
if [ $((l1 + 1)) -eq "$n1" ]; then ok; else bad "FILE.1 ends at $l1, FILE starts at $n1"; fi

# --- a burst of concurrent searches: every line whole, none lost
start burst --log "$T/burst.log" --threads 4 --max-connections 64
seq 1 300 | sed "s|.*|$URL/api/search?q=how+long+does+lamination+last+&|" >"$T/urls"
xargs -P 16 -I{} curl -s -o /dev/null {} <"$T/urls"
healthz '.log.written + .log.dropped == 300'
healthz '.log.dropped == 0'
wait_lines "$T/burst.log" 300
records_ok burst "$T/burst.log"
n=$(jq -r .q "$T/burst.log" | sort -u | wc -l)
if [ "$n" -eq 300 ]; then ok; else bad "burst: $n distinct questions logged, expected 300"; fi
kill "$pid"
wait "$pid" 2>/dev/null

# --- bad options
"$BIN" serve --index "$IDX" --log "$T/no/such/dir/x.log" --listen 127.0.0.1:0 >"$T/o" 2>"$T/e" &
p=$!
sleep 1
if kill -0 $p 2>/dev/null; then kill $p; bad "serve started with a log it cannot open"
elif grep -q "no/such/dir" "$T/e"; then ok; else bad "log error: $(cat "$T/e")"; fi
"$BIN" serve --log-max-size 10X >/dev/null 2>"$T/e"
if [ $? -eq 2 ] && grep -q -- "--log-max-size" "$T/e"; then ok; else bad "--log-max-size 10X: $(cat "$T/e")"; fi
"$BIN" serve --help >"$T/o"
if grep -q -- "--log FILE" "$T/o" && grep -q "No IP address" "$T/o"; then ok; else bad "help: no --log"; fi

echo "serve log: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
