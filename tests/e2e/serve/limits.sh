#!/bin/sh
# `smpsearch serve` against clients that hold connections, send slowly,
# send malformed or huge URLs, or ask question after new question; and
# what it shows of the server's files.  Run by `make check` (QUESTIONS
# sets the size of the memory run; make stress runs 10,000 and 100,000).
# Needs curl, jq and python3.
set -u
BIN=${SMP_BIN:-./smpsearch}
SRC=${SMP_SRCDIR:-.}
CLIENTS="$SRC/tests/e2e/serve/clients.py"
QUESTIONS=${QUESTIONS:-}
command -v curl >/dev/null && command -v jq >/dev/null && command -v python3 >/dev/null ||
    { echo "curl, jq and python3 are needed"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/smplimits.XXXXXX") || exit 99
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
unset SMPSEARCH_INDEX
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# the articles in a folder named by an absolute path, as a site's would be
mkdir -p "$T/srv/site"
cp -R "$SRC/tests/fixtures/articles/." "$T/srv/site/"
IDX=$T/live.idx
"$BIN" index -q -o "$IDX" "$T/srv/site" 2>/dev/null
[ -f "$IDX" ] || { echo "cannot build the fixture index"; exit 1; }

# start NAME ARGS...: a server on a free port; sets PORT and pid
start() {
    name=$1
    shift
    "$BIN" serve --listen 127.0.0.1:0 --index "$IDX" --threads 2 "$@" >"$T/$name.out" 2>"$T/$name.err" &
    pid=$!
    pids="$pids $pid"
    i=0
    while [ $i -lt 50 ] && ! grep -q 'http://' "$T/$name.out" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
    PORT=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$T/$name.out")
    [ -n "$PORT" ] || { echo "server $name did not start: $(cat "$T/$name.err")"; exit 1; }
}
# fresh NAME: a new client (from 127.0.0.2, another address) is answered within 1 s
fresh() {
    r=$(python3 "$CLIENTS" get "$PORT" "/api/search?q=lash" 127.0.0.2 2>&1 | tail -1)
    case $r in
    "200 0."*) ok ;;
    *) bad "$1: a fresh client got '$r' (status and seconds)" ;;
    esac
}

if [ -z "$QUESTIONS" ]; then
    start main --log "$T/search.log"

    # 600 idle connections from one address
    python3 "$CLIENTS" idle "$PORT" 600 5 >"$T/idle" &
    h=$!
    sleep 2
    fresh "600 idle connections"
    wait $h
    # a hundred connections sending a byte a second
    python3 "$CLIENTS" slow "$PORT" 100 5 >"$T/slow" &
    h=$!
    sleep 3
    fresh "100 slow senders"
    wait $h

    # malformed percent-encoding and a question of 10,000 words: a JSON 400, quickly
    words=$(awk 'BEGIN { for (i = 0; i < 10000; i++) printf "%sword%d", i ? "+" : "", i }')
    for q in '%' '%2' '%zz' 'a%' 'a%g1' '%%' '%00' 'lash%2x' 'lash%' "$words"; do
        r=$(curl -s -o "$T/b" -w '%{http_code} %{time_total}' "http://127.0.0.1:$PORT/api/search?q=$q")
        case $r in
        "400 0."*) if jq -e '.status == 400' "$T/b" >/dev/null 2>&1; then ok; else bad "q=$(echo "$q" | cut -c1-20): not JSON"; fi ;;
        *) bad "q=$(echo "$q" | cut -c1-20)...: '$r' (status and seconds), expected a 400 within 1 s" ;;
        esac
    done
    r=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/suggest?q=li%g")
    [ "$r" = 400 ] && ok || bad "suggest with a malformed escape: $r"
    r=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/search?q=lash%20lift")
    [ "$r" = 200 ] && ok || bad "a good escape: $r"

    # nothing public names the server's folders
    for p in "/api/search?q=how+long+does+microblading+last" "/api/search?q=brow&facets=1" \
        "/api/suggest?q=lash" "/api/starters" "/healthz" "/api/search?q=%zz" "/nowhere"; do
        curl -s "http://127.0.0.1:$PORT$p" >"$T/b"
        if grep -q "$T" "$T/b"; then bad "$p shows a path of the server: $(grep -o "$T[^\"]*" "$T/b" | head -1)"; else ok; fi
    done
    curl -s "http://127.0.0.1:$PORT/api/search?q=how+long+does+microblading+last" >"$T/b"
    if jq -e '[.results[].article.path] | length > 0 and all(startswith("/") | not) and any(. == "sub/microblading.txt")' "$T/b" >/dev/null; then ok
    else bad "paths relative to the folder: $(jq -c '[.results[].article.path]' "$T/b")"; fi
    kill "$pid"
    wait "$pid" 2>/dev/null
    if grep -q "$T" "$T/search.log"; then bad "the search log names a path of the server"; else ok; fi

    # the stemmer's cache of new words is bounded: memory stays flat (not
    # measured under AddressSanitizer, whose quarantine keeps freed memory)
    if grep -q __asan_init "$BIN" 2>/dev/null; then
        echo "note: a sanitizer build: the memory bound is not measured"
    else
    start memory --word-cache 1000
    python3 "$CLIENTS" questions "$PORT" 1000 1 >/dev/null
    r1=$(awk '/VmRSS/ { print $2 }' /proc/$pid/status)
    python3 "$CLIENTS" questions "$PORT" 6000 2 >/dev/null
    r2=$(awk '/VmRSS/ { print $2 }' /proc/$pid/status)
    echo "RSS after 1,000 new questions $r1 kB, after 7,000 $r2 kB (--word-cache 1000)"
    [ $((r2 - r1)) -lt 2048 ] && ok || bad "RSS grew from $r1 kB to $r2 kB"
    fi
else
    # make stress: RSS at 10,000 and at QUESTIONS distinct questions, default bounds
    start memory
    python3 "$CLIENTS" questions "$PORT" 10000 1 >/dev/null
    r1=$(awk '/VmRSS/ { print $2 }' /proc/$pid/status)
    python3 "$CLIENTS" questions "$PORT" $((QUESTIONS - 10000)) 2 >/dev/null
    r2=$(awk '/VmRSS/ { print $2 }' /proc/$pid/status)
    echo "RSS after 10,000 distinct questions $r1 kB, after $QUESTIONS $r2 kB"
    [ $((r2 * 2)) -le $((r1 * 3)) ] && ok || bad "RSS grew more than 1.5 times"
fi

echo "limits: $pass passed, $fail failed"
[ $fail = 0 ]
