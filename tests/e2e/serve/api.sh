#!/bin/sh
# `smpsearch serve` over loopback: every endpoint and error path of the
# JSON API, the page, gzip, CORS, limits, and reopening the index (SIGHUP,
# the file replaced) while requests keep coming.  Run by `make check`
# (needs curl and jq).
set -u
BIN=${SMP_BIN:-./smpsearch}
SRC=${SMP_SRCDIR:-.}
FIX="$SRC/tests/fixtures/articles"
command -v curl >/dev/null && command -v jq >/dev/null || { echo "curl and jq are needed"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/smpserve.XXXXXX") || exit 99
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
unset SMPSEARCH_INDEX
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

IDX=$T/live.idx
"$BIN" index -q -o "$IDX" "$FIX" 2>/dev/null
[ -f "$IDX" ] || { echo "cannot build the fixture index"; exit 1; }

# start NAME ARGS...: a server on a free port; sets URL
start() {
    name=$1
    shift
    "$BIN" serve --listen 127.0.0.1:0 "$@" >"$T/$name.out" 2>"$T/$name.err" &
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

# get NAME PATH [CURL ARGS...]: status in $code, headers in $T/h, body in $T/b
get() {
    name=$1 path=$2
    shift 2
    code=$(curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' "$@" "$URL$path")
}
expect() { # expect NAME CODE
    if [ "$code" = "$2" ]; then ok; else bad "$1: status $code, expected $2: $(head -c 200 "$T/b")"; fi
}
jq_ok() { # jq_ok NAME FILTER: the body must make FILTER print true
    if [ "$(jq -r "$2" "$T/b" 2>/dev/null)" = true ]; then ok; else bad "$1: $2 on $(head -c 300 "$T/b")"; fi
}
header() { # header NAME PATTERN
    if grep -qi "$2" "$T/h"; then ok; else bad "$1: no header $2 in $(tr -d '\r' <"$T/h" | tr '\n' '|')"; fi
}
no_header() {
    if grep -qi "$2" "$T/h"; then bad "$1: header $2 unexpected"; else ok; fi
}

start main --index "$IDX" --threads 2 --max-k 20 --max-query 200
MAIN=$pid

# --- the page
get page /
expect page 200
header "page type" '^content-type: text/html; charset=utf-8'
header "page csp" '^content-security-policy:'
if grep -q '<smpsearch-box' "$T/b" && grep -q 'src="/widget.js"' "$T/b"; then ok; else bad "page content"; fi
get "head page" / -I
expect "head page" 200

# --- search
get search '/api/search?q=how%20long%20does%20microblading%20last'
expect search 200
header "search type" '^content-type: application/json; charset=utf-8'
jq_ok "search results" '(.results | length) > 0 and (.results | length) <= 10'
jq_ok "search fields" '.results[0] | (.article.title | length) > 0 and (.heading | type) == "string" and (.score > 0) and (.answer_range | length) == 2 and (.highlights | type) == "array" and (.article.path | length) > 0'
jq_ok "search understood" '.query == "how long does microblading last" and (.terms | test("microblad")) and .corrected == null and (.took_ms >= 0)'
jq_ok "answer inside text" '.results[0] | .answer_range[1] <= (.text | utf8bytelength)'
jq_ok "answers grouped" '(.answers | length) > 0 and (.answers[0].answer == "1\u20133 years") and (.answers[0].ranks | length) >= 1 and ([.results[] | select(.answer_value == "1\u20133 years") | .group] | unique | length) == 1'
jq_ok "heading path" '.results[0] | (.heading_path | type) == "array" and (.heading_path | join(" \u203a ")) == .heading'
get k3 '/api/search?q=lash&k=3'
expect k3 200
jq_ok k3 '(.results | length) <= 3 and (.results | length) > 0'
get typo '/api/search?q=microbladng'
expect typo 200
jq_ok "typo corrected" '.corrected != null and (.results | length) > 0'
get punct '/api/search?q=%3F%3F%20%22%20(%20-'
expect "only punctuation" 200
jq_ok "only punctuation: no results, no error" '(.results | length) == 0'
get inject '/api/search?q=%3Cscript%3Ealert(1)%3C/script%3E%20lash'
expect "markup in the question" 200
jq_ok "markup stays text" '.query == "<script>alert(1)</script> lash"'
header "nosniff" '^x-content-type-options: nosniff'
get "invalid utf-8" '/api/search?q=lash%FF%FE%C3'
expect "invalid UTF-8 in the question" 200
if iconv -f UTF-8 -t UTF-8 "$T/b" >/dev/null 2>&1; then ok; else bad "the JSON is not valid UTF-8"; fi
jq_ok "invalid bytes replaced" '.query == "lash\ufffd\ufffd\ufffd"'
get traversal '/api/search?q=../../../../etc/passwd'
expect "path in the question" 200

# --- bad parameters: 400 with a JSON error
for p in '/api/search' '/api/search?q=' '/api/search?q=lash&k=0' '/api/search?q=lash&k=21' \
         '/api/search?q=lash&k=abc' '/api/search?q=lash&k=-1' '/api/suggest' \
         "/api/search?q=$(printf 'a%.0s' $(seq 1 201))"; do
    get bad "$p"
    expect "bad request $p" 400
    jq_ok "error body $p" '.status == 400 and (.error | length) > 0'
done

# --- suggest
get suggest '/api/suggest?q=how%20lo'
expect suggest 200
jq_ok suggest '(.suggestions | length) > 0 and (.suggestions[0].text | test("^How long"; "i")) and (.words | length) > 0'
get "suggest words" '/api/suggest?q=micro'
jq_ok "suggest words" '(.words | map(startswith("micro")) | all) and (.words | length) > 0'
get "suggest nothing" '/api/suggest?q=zzzzqqq'
jq_ok "suggest nothing" '(.suggestions | length) == 0 and (.words | length) == 0'

# --- health, unknown paths, methods
get health /healthz
expect health 200
jq_ok health '.status == "ok" and .passages > 0'
get missing /no/such/page
expect "unknown path" 404
jq_ok "unknown path body" '.status == 404'
get dotdot '/../../etc/passwd' --path-as-is
if [ "$code" = 404 ] || [ "$code" = 400 ]; then ok; else bad "dot-dot path: $code"; fi
get post /api/search?q=lash -X POST
expect "POST" 405
get "post body" /api/search?q=lash --data 'x=1'
if [ "$code" = 405 ] || [ "$code" = 413 ]; then ok; else bad "POST with a body: $code"; fi
get delete / -X DELETE
expect "DELETE" 405
get "long url" "/api/search?q=$(printf 'b%.0s' $(seq 1 40000))"
if [ "$code" = 414 ] || [ "$code" = 400 ] || [ "$code" = 431 ]; then ok; else bad "a 40 KB URL: $code"; fi

# --- gzip
get gzip '/api/search?q=lash%20lift&k=10' -H 'Accept-Encoding: gzip'
header gzip '^content-encoding: gzip'
if gzip -dc <"$T/b" | jq -e '.results | length > 0' >/dev/null; then ok; else bad "gzip body"; fi
get plain '/api/search?q=lash%20lift&k=10'
no_header "no gzip unasked" '^content-encoding:'
no_header "no CORS unless configured" '^access-control-allow-origin'

# --- reopening: the file replaced, and SIGHUP, while requests keep coming
"$BIN" index -q -o "$T/new.idx" "$FIX" "$SRC/corpus/how-smp-works.md" 2>/dev/null
before=$(curl -s "$URL/healthz" | jq .passages)
( n=0; while [ $n -lt 300 ]; do
    c=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/search?q=how%20long%20does%20it%20last")
    [ "$c" = 200 ] || echo "$c" >>"$T/load-errors"
    n=$((n + 1))
  done ) &
loader=$!
sleep 0.3
mv "$T/new.idx" "$IDX"
i=0
while [ $i -lt 40 ] && [ "$(curl -s "$URL/healthz" | jq .passages)" = "$before" ]; do sleep 0.1; i=$((i + 1)); done
after=$(curl -s "$URL/healthz" | jq .passages)
if [ "$after" -gt "$before" ]; then ok; else bad "index replaced: still $after passages (was $before)"; fi
get "new content" '/api/search?q=scalp%20micropigmentation%20dots'
jq_ok "new content found" '(.results | length) > 0'
gen=$(curl -s "$URL/healthz" | jq .generation)
kill -HUP "$MAIN"
i=0
while [ $i -lt 30 ] && [ "$(curl -s "$URL/healthz" | jq .generation)" = "$gen" ]; do sleep 0.1; i=$((i + 1)); done
if [ "$(curl -s "$URL/healthz" | jq .generation)" -gt "$gen" ]; then ok; else bad "SIGHUP did not reopen"; fi
# a damaged file in place: the server keeps the index it has
head -c 1000 "$IDX" >"$T/broken.idx" && mv "$T/broken.idx" "$IDX"
sleep 1.5
get "after a damaged file" '/api/search?q=lash'
expect "after a damaged file" 200
jq_ok "still answering" '(.results | length) > 0'
if grep -q "keeping the index in use" "$T/main.err"; then ok; else bad "no message about the damaged index"; fi
wait $loader
if [ -s "$T/load-errors" ]; then bad "requests failed during reopening: $(sort "$T/load-errors" | uniq -c | tr '\n' ' ')"; else ok; fi

# --- CORS and links, on a second server
"$BIN" index -q -o "$IDX" "$FIX" 2>/dev/null
start cors --index "$IDX" --cors 'https://clinic.example' --base-url 'https://clinic.example/articles/'
get cors '/api/search?q=lash'
header "cors" '^access-control-allow-origin: https://clinic.example'
jq_ok "links" '.results[0].article.url | startswith("https://clinic.example/articles/")'
jq_ok "passage links" '[.results[] | select(.fragment != "") | .url | contains("#")] | all'
jq_ok "answer links" '.results[0].answer_url | test("^https://clinic\\.example/articles/.*#.*:~:text=.")'
get preflight '/api/search?q=lash' -X OPTIONS
expect "CORS preflight" 204
header "preflight methods" '^access-control-allow-methods:'

# --- filters and facets: ?category= and ?tag=, each repeatable -------------
"$BIN" index -q -o "$T/filters.idx" "$SRC/tests/fixtures/filters" 2>/dev/null
start filters --index "$T/filters.idx"
Q='q=how%20long%20does%20it%20last&k=20'
get "no facets" "/api/search?$Q"
jq_ok "facets only when asked" 'has("facets") | not'
get facets "/api/search?$Q&facets=1"
expect facets 200
jq_ok "facets shape" '.facets.category == {"Lash Lift": 3, "scalp micropigmentation": 2, "brows": 1} and .facets.tag == {"aftercare": 5, "lashes": 3, "Pain": 2, "tint": 1}'
get category "/api/search?$Q&category=lash%20lift"
expect category 200
jq_ok "category filter" '([.results[].article.id] | unique) == ["lash-lift", "lash-tint"]'
jq_ok "category siblings keep counts" '.facets.category == {"Lash Lift": 3, "scalp micropigmentation": 2, "brows": 1} and .facets.tag.aftercare == 2'
get "two categories" "/api/search?$Q&category=brows&category=Scalp+Micropigmentation"
jq_ok "categories OR" '([.results[].article.id] | unique) == ["brow-lamination", "smp"]'
get "category and tag" "/api/search?$Q&category=lash+lift&tag=aftercare"
jq_ok "fields AND" '([.results[].article.id] | unique) == ["lash-lift"] and .facets.category["Lash Lift"] == 2 and .facets.tag.tint == 1'
get "two tags" "/api/search?$Q&tag=tint&tag=pain"
jq_ok "tags OR" '([.results[].article.id] | unique) == ["lash-tint", "smp"]'
get "unknown category" "/api/search?$Q&category=opening%20hours"
expect "unknown category" 200
jq_ok "unknown: no results" '(.results | length) == 0 and .facets.category["opening hours"] == 0 and .facets.category.brows == 1'
get "empty value" "/api/search?$Q&category="
jq_ok "empty value: no filter" '(.results | length) == 7'
many=""
i=0
while [ $i -le 64 ]; do many="$many&tag=t$i"; i=$((i + 1)); done
get "too many values" "/api/search?$Q$many"
expect "too many values" 400
# --- end of filters and facets

# --- suggestions: one per wording, no file names; starter questions
mkdir -p "$T/dup"
printf 'No title, only lash lift aftercare.\n\n## Aftercare\n\nKeep lashes dry.\n' >"$T/dup/lash-lift-aftercare.md"
printf -- '---\ntitle: Lash lift questions\n---\n## How long does a lash lift last?\n\nSix weeks.\n\n## how long does a lash lift last\n\nAbout six weeks.\n\n## Can I swim after a lash lift?\n\nWait a day.\n' >"$T/dup/b.md"
printf -- '---\ntitle: Lash lift FAQ\n---\n## How long does a lash lift last?\n\nSix to eight weeks.\n\n## How long is the appointment?\n\nAn hour.\n' >"$T/dup/c.md"
"$BIN" index -q -o "$T/dup.idx" "$T/dup" 2>/dev/null
start dup --index "$T/dup.idx"
get "suggest dedupe" '/api/suggest?q=lash&k=20'
jq_ok "suggest: one per wording" '[.suggestions[].text | ascii_downcase | gsub("[^a-z0-9]+"; " ") | rtrimstr(" ")] | (length == (unique | length)) and length > 0'
jq_ok "suggest: the heading's spelling" '[.suggestions[].text | select(test("^how long does a lash lift last"; "i"))] == ["How long does a lash lift last?"]'
jq_ok "suggest: no file names" '[.suggestions[].text | select(test("^[^ ]*-[^ ]*$"))] | length == 0'
get starters '/api/starters'
expect starters 200
jq_ok "starters: most articles first, one of a kind first" '[.starters[].text] == ["How long does a lash lift last?", "Can I swim after a lash lift?", "How long is the appointment?"] and .starters[0].articles == 2'
get "starters k" '/api/starters?k=1'
jq_ok "starters k" '(.starters | length) == 1'
get "starters bad k" '/api/starters?k=0'
expect "starters bad k" 400

# --- branding: --title, --accent, --logo, --page, /widget.js
printf '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>\n' >"$T/logo.svg"
start brand --index "$IDX" --title 'Northline <Clinic> & "Co"' --accent '#0a7c6e' --logo "$T/logo.svg"
get "brand page" /
expect "brand page" 200
if grep -q '<title>Northline &lt;Clinic&gt; &amp; &quot;Co&quot;</title>' "$T/b"; then ok; else bad "--title escaped in the page: $(grep -i '<title>' "$T/b")"; fi
if grep -q -- '--smpsearch-accent: #0a7c6e;' "$T/b"; then ok; else bad "--accent in the page"; fi
if grep -q '<img class="smpsearch-logo" src="/logo"' "$T/b" && grep -q '<smpsearch-box' "$T/b" && grep -q 'src="/widget.js"' "$T/b"; then ok; else bad "logo and box in the page"; fi
if grep -q 'Northline <Clinic>' "$T/b"; then bad "--title not escaped"; else ok; fi
header "page csp: no inline script" "^content-security-policy: .*script-src 'self';"
get logo /logo
expect logo 200
header "logo type" '^content-type: image/svg+xml'
header "logo csp" "^content-security-policy: default-src 'none'"
get favicon /favicon.ico
expect favicon 200
get widget /widget.js
expect widget 200
header "widget type" '^content-type: text/javascript'
if grep -q 'customElements.define("smpsearch-box"' "$T/b"; then ok; else bad "widget content"; fi
start nologo --index "$IDX" --logo 'https://clinic.example/logo.png?a=1&b=2'
get "logo url" /
if grep -q 'src="https://clinic.example/logo.png?a=1&amp;b=2"' "$T/b"; then ok; else bad "--logo URL: $(grep -o '<img[^>]*>' "$T/b")"; fi
header "logo url csp" "^content-security-policy: .*img-src 'self' data: https:"
get "no logo file" /logo
expect "no logo file" 404
get "no favicon" /favicon.ico
expect "no favicon" 204
cat >"$T/site.html" <<'EOF2'
<!doctype html><html><head><title>{{title}} | Northline</title></head>
<body><nav id="site-nav">Home</nav>{{logo}}
<!-- smpsearch -->
<footer>12 High Street</footer></body></html>
EOF2
start tmpl --index "$IDX" --page "$T/site.html" --title 'Help & advice' --accent 'rgb(10 124 110)'
get template /
expect template 200
if grep -q '<title>Help &amp; advice | Northline</title>' "$T/b" && grep -q '<nav id="site-nav">' "$T/b" &&
   grep -q '<smpsearch-box history autofocus slash-focus accent="rgb(10 124 110)"></smpsearch-box>' "$T/b" &&
   ! grep -q '<!-- smpsearch -->' "$T/b"; then ok; else bad "--page template: $(cat "$T/b")"; fi
# a start-up error for each bad value: status 2 (usage) or 1 (a file), a message naming it
refuse() { # refuse NAME STATUS PATTERN ARGS...
    name=$1 want=$2 pat=$3
    shift 3
    "$BIN" serve --index "$IDX" --listen 127.0.0.1:0 "$@" >/dev/null 2>"$T/err" </dev/null
    st=$?
    if [ "$st" -eq "$want" ] && grep -q -- "$pat" "$T/err"; then ok; else bad "$name: status $st: $(cat "$T/err")"; fi
}
refuse "bad colour" 2 "not a CSS colour" --accent 'red; background: url(x)'
refuse "bad colour word" 2 "not a CSS colour" --accent 'notacolour'
refuse "bad colour hex" 2 "not a CSS colour" --accent '#12345'
refuse "colour with markup" 2 "not a CSS colour" --accent '"><script>'
refuse "bad colour function" 2 "not a CSS colour" --accent 'rgb(1,2,3);x'
printf '<html><body>no box</body></html>\n' >"$T/nobox.html"
refuse "missing placeholder" 2 "no <!-- smpsearch --> in it" --page "$T/nobox.html"
refuse "missing template" 1 "none.html" --page "$T/none.html"
refuse "missing logo" 1 "none.png" --logo "$T/none.png"
refuse "logo not an image" 2 "not a PNG, JPEG, GIF, WebP or SVG" --logo "$T/nobox.html"
refuse "logo URL with quotes" 2 "not a usable URL" --logo 'https://x.example/a"onerror="x'
refuse "empty title" 2 "title" --title ''
keep=$URL n=0 # a server still running, for the port in use below
for c in '#0a7c6e' '#FFF' '#0a7c6e80' teal RebeccaPurple 'rgb(10, 124, 110)' 'hsl(170 85% 26% / .9)' 'oklch(0.5 0.1 180)'; do
    n=$((n + 1))
    start "colour$n" --index "$IDX" --accent "$c"
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
done
ok
URL=$keep

# --- start-up errors
"$BIN" serve --index "$T/none.idx" --listen 127.0.0.1:0 >/dev/null 2>"$T/err"
if [ $? -eq 1 ] && grep -q "none.idx" "$T/err"; then ok; else bad "missing index: $(cat "$T/err")"; fi
"$BIN" serve --index "$IDX" --listen nowhere >/dev/null 2>"$T/err"
if [ $? -eq 2 ]; then ok; else bad "bad --listen"; fi
"$BIN" serve --index "$IDX" --threads 0 >/dev/null 2>"$T/err"
if [ $? -eq 2 ]; then ok; else bad "bad --threads"; fi
port=${URL##*:}
"$BIN" serve --index "$IDX" --listen "127.0.0.1:$port" >/dev/null 2>"$T/err"
if [ $? -eq 1 ] && grep -q "cannot listen" "$T/err"; then ok; else bad "port in use: $(cat "$T/err")"; fi

# --- stopping: SIGTERM ends the server cleanly
for p in $pids; do kill "$p" 2>/dev/null; done
for p in $pids; do wait "$p" 2>/dev/null; done
if grep -q "stopped after" "$T/main.err"; then ok; else bad "no clean stop: $(cat "$T/main.err")"; fi
pids=""

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
