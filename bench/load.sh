#!/bin/sh
# Load test of `smpsearch serve` on loopback with wrk (Debian package wrk):
# a realistic mix of requests (the 30 questions of bench/questions.txt as
# searches, and their first words as search-as-you-type suggestions, 3
# searches to 1 suggestion) from CONNECTIONS connections for SECONDS, after
# a 5-second warm-up.  Reports requests/s, latency p50/p90/p99, non-2xx
# responses and socket errors, and the server's memory (RSS) after the
# warm-up, half-way and at the end: it must stay flat.  Writes
# bench/results/load.md.  Bounded: wrk stops after SECONDS, the server is
# stopped at the end, and only 127.0.0.1 is ever addressed.
#
# Usage: bench/load.sh [-d SECONDS] [-c CONNECTIONS] [-t THREADS] [-i INDEX]
# Environment: SMP_BIN (default <repo>/smpsearch).
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
SMP_BIN=${SMP_BIN:-$repo/smpsearch}
secs=20 conns=16 threads=2 index=
while [ $# -gt 0 ]; do
    case $1 in
    -d) secs=$2; shift 2 ;;
    -c) conns=$2; shift 2 ;;
    -t) threads=$2; shift 2 ;;
    -i) index=$2; shift 2 ;;
    *) echo "usage: $0 [-d SECONDS] [-c CONNECTIONS] [-t THREADS] [-i INDEX]" >&2; exit 2 ;;
    esac
done
command -v wrk >/dev/null || { echo "wrk is needed (Debian package wrk)" >&2; exit 1; }
[ -n "$index" ] || index=$repo/corpus.smpidx
T=$(mktemp -d "${TMPDIR:-/tmp}/smpload.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$T"' EXIT

"$SMP_BIN" serve --index "$index" --listen 127.0.0.1:0 --threads "$threads" >"$T/out" 2>"$T/err" &
srv=$!
i=0
while [ $i -lt 50 ] && ! grep -q http:// "$T/out"; do sleep 0.1; i=$((i + 1)); done
url=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$T/out")
[ -n "$url" ] || { echo "the server did not start: $(cat "$T/err")" >&2; exit 1; }

# the request mix, as a Lua table of paths
{
    echo "paths = {"
    while IFS= read -r q; do
        [ -n "$q" ] || continue
        enc=$(printf '%s' "$q" | sed 's/ /%20/g; s/?/%3F/g; s/"/%22/g; s/'"'"'/%27/g')
        echo "  \"/api/search?k=10&q=$enc\","
        echo "  \"/api/search?k=5&q=$enc\","
        echo "  \"/api/search?k=10&q=$enc%20please\","
        first=$(printf '%s' "$q" | cut -d' ' -f1-2 | sed 's/ /%20/g')
        echo "  \"/api/suggest?q=$first\","
    done <"$repo/bench/questions.txt"
    echo "}"
    cat <<'EOF'
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], {["Accept-Encoding"] = "gzip"})
end
EOF
} >"$T/mix.lua"
npaths=$(grep -c '"/api/' "$T/mix.lua")

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$srv/status"; }
wrk -t2 -c"$conns" -d5s -s "$T/mix.lua" "$url" >/dev/null 2>&1 # warm-up
rss0=$(rss)
wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$T/mix.lua" "$url" >"$T/wrk" 2>&1 &
w=$!
sleep $((secs / 2))
rss1=$(rss)
wait $w
rss2=$(rss)
cat "$T/wrk" >&2

rps=$(awk '/^Requests\/sec:/ { print $2 }' "$T/wrk")
total=$(awk '/requests in/ { print $1 }' "$T/wrk")
p50=$(awk '$1 == "50%" { print $2 }' "$T/wrk")
p90=$(awk '$1 == "90%" { print $2 }' "$T/wrk")
p99=$(awk '$1 == "99%" { print $2 }' "$T/wrk")
non2xx=$(awk '/Non-2xx/ { print $NF }' "$T/wrk")
sockerr=$(awk '/Socket errors/ { print }' "$T/wrk")
passages=$(curl -s "$url/healthz" | sed -n 's/.*"passages": \([0-9]*\).*/\1/p')
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')

out=$repo/bench/results/load.md
{
    echo "# Load test of smpsearch serve (bench/load.sh)"
    echo
    echo "$(date -u +%Y-%m-%d), $cpu, $(nproc) cores; server and wrk on the same machine (loopback)."
    echo "Index: $(basename "$index"), $passages passages. Server: --threads $threads. wrk: 2 threads,"
    echo "$conns connections, ${secs} s after a 5 s warm-up; $npaths different requests in"
    echo "turn (3 searches to 1 suggestion, gzip accepted)."
    echo
    echo "| requests/s | requests | latency p50 | p90 | p99 | non-2xx | socket errors |"
    echo "|---|---|---|---|---|---|---|"
    echo "| $rps | $total | $p50 | $p90 | $p99 | ${non2xx:-0} | ${sockerr:-none} |"
    echo
    echo "Server memory (RSS): $rss0 kB after the warm-up, $rss1 kB half-way, $rss2 kB at the end."
} >"$out"
cat "$out"
fail=0
[ -z "$non2xx" ] || fail=1
[ -z "$sockerr" ] || fail=1
# flat memory: the end within 10% (and 2 MB) of after the warm-up
awk -v a="$rss0" -v b="$rss2" 'BEGIN { exit !(b <= a * 1.10 + 2048) }' || { echo "memory grew: $rss0 -> $rss2 kB" >&2; fail=1; }
exit $fail
