#!/bin/sh
# Load test of `smpsearch serve` on loopback with wrk (Debian package wrk):
# a realistic mix of requests (the 30 questions of bench/questions.txt as
# searches, and their first words as search-as-you-type suggestions, 3
# searches to 1 suggestion) from CONNECTIONS connections for SECONDS, after
# a 5-second warm-up.  Reports requests/s, latency p50/p90/p99, non-2xx
# responses and socket errors, and the server's memory (RSS) after the
# warm-up, half-way and at the end: it must stay flat.  Writes
# bench/results/load.md (load-reload.md with -R).  Bounded: wrk stops
# after SECONDS, the server is stopped at the end, and only 127.0.0.1 is
# ever addressed.
#
# With -R N the index is replaced under load every N seconds: the server
# serves a copy of INDEX, and that copy and a second index (SOURCE built
# with --no-positions) are renamed over the served file in turn, as a
# reindex does; the server notices the new file within a second and reopens
# it, and every other replacement is also announced by SIGHUP.  The
# server's memory is then sampled every 10 s and must stay flat across the
# reloads.
#
# Usage: bench/load.sh [-d SECONDS] [-c CONNECTIONS] [-t THREADS] [-i INDEX]
#                      [-R SECONDS] [-s SOURCE]
#   -s SOURCE  the articles INDEX was built from (default <repo>/corpus),
#              for the second index of -R
# Environment: SMP_BIN (default <repo>/smpsearch).
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
SMP_BIN=${SMP_BIN:-$repo/smpsearch}
secs=20 conns=16 threads=2 index= reload=0 source=$repo/corpus
while [ $# -gt 0 ]; do
    case $1 in
    -R) reload=$2; shift 2 ;;
    -s) source=$2; shift 2 ;;
    -d) secs=$2; shift 2 ;;
    -c) conns=$2; shift 2 ;;
    -t) threads=$2; shift 2 ;;
    -i) index=$2; shift 2 ;;
    *) echo "usage: $0 [-d SECONDS] [-c CONNECTIONS] [-t THREADS] [-i INDEX] [-R SECONDS] [-s SOURCE]" >&2; exit 2 ;;
    esac
done
command -v wrk >/dev/null || { echo "wrk is needed (Debian package wrk)" >&2; exit 1; }
[ -n "$index" ] || index=$repo/corpus.smpidx
T=$(mktemp -d "${TMPDIR:-/tmp}/smpload.XXXXXX")
srv= rl=
trap '[ -n "$rl" ] && kill "$rl" 2>/dev/null; [ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$T"' EXIT

served=$index
if [ "$reload" -gt 0 ]; then
    cp "$index" "$T/a.idx"
    "$SMP_BIN" index -q --no-positions -o "$T/b.idx" "$source" ||
        { echo "cannot build the second index from $source" >&2; exit 1; }
    served=$T/served.idx
    cp "$T/a.idx" "$served"
fi

"$SMP_BIN" serve --index "$served" --listen 127.0.0.1:0 --threads "$threads" >"$T/out" 2>"$T/err" &
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
load0=$(cut -d' ' -f1 /proc/loadavg)
wrk -t2 -c"$conns" -d5s -s "$T/mix.lua" "$url" >/dev/null 2>&1 # warm-up
rss0=$(rss)
wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$T/mix.lua" "$url" >"$T/wrk" 2>&1 &
w=$!
if [ "$reload" -gt 0 ]; then
    # the replacements, as a reindex makes them: a new file renamed over
    # the served one; every other one also announced by SIGHUP
    (
        n=0
        while :; do
            sleep "$reload"
            n=$((n + 1))
            if [ $((n % 2)) -eq 1 ]; then cp "$T/b.idx" "$T/next.idx"; else cp "$T/a.idx" "$T/next.idx"; fi
            mv "$T/next.idx" "$served"
            [ $((n % 2)) -eq 1 ] || kill -HUP "$srv" 2>/dev/null
        done
    ) &
    rl=$!
fi
# memory every 10 s (at least at the half-way point)
step=10
[ "$reload" -gt 0 ] || step=$((secs / 2))
[ "$step" -gt 0 ] || step=1
: >"$T/rss"
t=0
while kill -0 "$w" 2>/dev/null && [ $t -lt "$secs" ]; do
    sleep "$step"
    t=$((t + step))
    kill -0 "$w" 2>/dev/null && echo "$t $(rss)" >>"$T/rss"
done
rss1=$(awk -v h=$((secs / 2)) '$1 >= h { print $2; exit }' "$T/rss")
[ -n "$rss1" ] || rss1=$(rss)
wait $w
if [ -n "$rl" ]; then kill "$rl" 2>/dev/null || true; wait "$rl" 2>/dev/null || true; rl=; fi
sleep 1.5 # the last replacement is reopened and the old index let go
rss2=$(rss)
cat "$T/wrk" >&2
load1=$(cut -d' ' -f1 /proc/loadavg)
reloads=$(grep -c 'index reopened' "$T/err" || true)
rssmin=$(awk 'NR == 1 || $2 < m { m = $2 } END { print m }' "$T/rss")
rssmax=$(awk 'NR == 1 || $2 > m { m = $2 } END { print m }' "$T/rss")

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
[ "$reload" -eq 0 ] || out=$repo/bench/results/load-reload.md
{
    echo "# Load test of smpsearch serve (bench/load.sh)"
    echo
    echo "$(date -u +%Y-%m-%d), $cpu, $(nproc) cores; server and wrk on the same machine (loopback);"
    echo "load average (1 min) $load0 at the start, $load1 at the end."
    echo "Index: $(basename "$index"), $passages passages. Server: --threads $threads. wrk: 2 threads,"
    echo "$conns connections, ${secs} s after a 5 s warm-up; $npaths different requests in"
    echo "turn (3 searches to 1 suggestion, gzip accepted)."
    if [ "$reload" -gt 0 ]; then
        echo "The index was replaced under load every $reload s ($reloads reopenings: a"
        echo "file renamed over the served one, every other time also SIGHUP), in turn"
        echo "with and without positions."
    fi
    echo
    echo "| requests/s | requests | latency p50 | p90 | p99 | non-2xx | socket errors |"
    echo "|---|---|---|---|---|---|---|"
    echo "| $rps | $total | $p50 | $p90 | $p99 | ${non2xx:-0} | ${sockerr:-none} |"
    echo
    echo "Server memory (RSS): $rss0 kB after the warm-up, $rss1 kB half-way, $rss2 kB at the end;"
    echo "sampled every $step s during the run: $rssmin to $rssmax kB."
} >"$out"
cat "$out"
fail=0
[ -z "$non2xx" ] || fail=1
[ -z "$sockerr" ] || fail=1
# flat memory: the end within 10% (and 2 MB) of after the warm-up
# with replacements (two indexes are open while requests finish on the
# old one): each one reopened, and the second half of the run and the end
# no higher than the first half's peak (10% and 2 MB of slack)
if [ "$reload" -eq 0 ]; then
    awk -v a="$rss0" -v b="$rss2" 'BEGIN { exit !(b <= a * 1.10 + 2048) }' || { echo "memory grew: $rss0 -> $rss2 kB" >&2; fail=1; }
else
    echo "end $rss2" >>"$T/rss"
    [ "$reloads" -ge $((secs / reload / 2)) ] || { echo "only $reloads reopenings" >&2; fail=1; }
    awk -v h=$((secs / 2)) '$1 != "end" && $1 < h { if ($2 > a) a = $2 } $1 == "end" || $1 >= h { if ($2 > b) b = $2 }
        END { exit !(b <= a * 1.10 + 2048) }' "$T/rss" ||
        { echo "memory grew across the reloads: $(tr '\n' ' ' <"$T/rss")" >&2; fail=1; }
fi
exit $fail
