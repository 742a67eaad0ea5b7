#!/bin/sh
# smpsearch beside Pagefind on the static websites of tests/fixtures/sites:
# for each site (and all of them as one site), each engine's build time and
# index size, whether a page that answers each question
# (tests/fixtures/sites/questions.answers.tsv, grade 2) comes first and within
# the first 3 results, and how many phrases of boilerplate.txt (menus,
# footers, cookie banners, popups, noindex and 404 pages) ended up in what
# the engine indexed. A Markdown table on stdout and in a file.
#
# Pagefind (npm package `pagefind`, which ships its binary) is installed with
# npm into a temporary folder, never into the repository, unless
# PAGEFIND_PREFIX names a folder where `npm install --prefix` already put it.
# Its index is built through its Node API and searched by loading the
# pagefind.js bundle it writes into Node (bench/pagefind_run.mjs). Without
# npm, or when the install fails, its columns say n/a.
#
# smpsearch: `smpsearch index -o X.idx SITE`, then `smpsearch query --index
# X.idx --batch Q --json -k 3` and `smpsearch passages X.idx`. A result
# counts when its article path is the answering page. While smpsearch reads
# no HTML it indexes nothing and every figure is 0: the harness still
# succeeds.
#
# Usage: bench/sites.sh [-o FILE] [-w WORKDIR]
#   -o FILE   where the table goes too (default bench/results/sites.md)
#   -w DIR    keep the copied sites, indexes, runs and measurements in DIR
#             (default: a temporary directory, removed at the end)
# Environment: SMP_BIN (default ./smpsearch), PAGEFIND_PREFIX,
#   PAGEFIND_VERSION (default 1.6.0), SMP_INDEX_OPTS, SMP_QUERY_OPTS.
# Exit status: 0 when the table was written, 1 otherwise.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
SMP_BIN=${SMP_BIN:-./smpsearch}
PAGEFIND_VERSION=${PAGEFIND_VERSION:-1.6.0}
SMP_INDEX_OPTS=${SMP_INDEX_OPTS:-}
SMP_QUERY_OPTS=${SMP_QUERY_OPTS:-}
fixtures=$repo/tests/fixtures/sites
out=$repo/bench/results/sites.md
work=

while [ $# -gt 0 ]; do
    case $1 in
    -o) out=$2; shift 2 ;;
    -w) work=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "sites.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

case $SMP_BIN in /*) ;; *) [ -e "$SMP_BIN" ] && SMP_BIN=$(pwd)/$SMP_BIN ;; esac
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
if [ -z "$work" ]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/smpsearch-sites.XXXXXX")
    trap 'rm -rf "$work"' EXIT INT TERM
else
    mkdir -p "$work"; work=$(cd "$work" && pwd)
    rm -rf "$work/sites" "$work/q" "$work/m" "$work/pf" "$work/idx"
fi
mkdir -p "$work/m" "$work/pf" "$work/idx"

log() { echo "sites.sh: $*" >&2; }

python3 "$repo/bench/sites_tools.py" prepare "$fixtures" "$work"

# --- Pagefind
pf_prefix=${PAGEFIND_PREFIX:-}
pf_version=
if [ -z "$pf_prefix" ] && command -v npm >/dev/null 2>&1; then
    pf_prefix=$work/npm
    log "installing pagefind@$PAGEFIND_VERSION into $pf_prefix"
    if ! npm install --silent --no-audit --no-fund --prefix "$pf_prefix" "pagefind@$PAGEFIND_VERSION" >"$work/npm.log" 2>&1; then
        log "npm install pagefind failed (see below); Pagefind columns are n/a"; tail -5 "$work/npm.log" >&2
        pf_prefix=
    fi
fi
if [ -n "$pf_prefix" ] && [ -f "$pf_prefix/node_modules/pagefind/package.json" ] && command -v node >/dev/null 2>&1; then
    pf_version=$(node -e 'console.log(require(process.argv[1]).version)' "$pf_prefix/node_modules/pagefind/package.json")
else
    pf_prefix=
fi

sites="wordpress hugo builder faq legacy hidden all"
for site in $sites; do
    if [ "$site" = all ]; then dir=$work/sites; else dir=$work/sites/$site; fi
    q=$work/q/$site.tsv
    if [ -n "$pf_prefix" ]; then
        if ! node "$repo/bench/pagefind_run.mjs" "$pf_prefix" "$dir" "$work/pf/$site" "$q" \
                "$fixtures/boilerplate.txt" >"$work/m/pf-$site.json" 2>"$work/m/pf-$site.err"; then
            log "pagefind failed on $site:"; tail -3 "$work/m/pf-$site.err" >&2
            rm -f "$work/m/pf-$site.json"
        fi
    fi

    # smpsearch: exit 3 (written, something skipped) and even failures are
    # measured as what they left, never a reason to stop
    idx=$work/idx/$site.idx
    # shellcheck disable=SC2086
    python3 "$repo/bench/sites_tools.py" timed "$work/m/smp-$site.json" "$work/m/smp-$site.index.log" \
        "$SMP_BIN" index $SMP_INDEX_OPTS -o "$idx" "$dir"
    rc=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rc"])' "$work/m/smp-$site.json")
    [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || log "smpsearch index on $site exited $rc: $(tail -1 "$work/m/smp-$site.index.log")"
    : >"$work/m/smp-$site.run.jsonl"
    : >"$work/m/smp-$site.passages.jsonl"
    if [ -f "$idx" ]; then
        # shellcheck disable=SC2086
        "$SMP_BIN" query $SMP_QUERY_OPTS --index "$idx" --batch "$q" --json -k 3 \
            >"$work/m/smp-$site.run.jsonl" 2>"$work/m/smp-$site.query.log" || true
        "$SMP_BIN" passages "$idx" >"$work/m/smp-$site.passages.jsonl" 2>/dev/null || true
    fi
done

smp_version=$("$SMP_BIN" --version 2>/dev/null | head -1) || smp_version="not found ($SMP_BIN)"
table=$(python3 "$repo/bench/sites_tools.py" report "$fixtures" "$work")

report() {
    cat <<EOT
# smpsearch beside Pagefind on static websites

Made by \`bench/sites.sh\` on $(date -u +%Y-%m-%d) at commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown).
smpsearch: ${smp_version:-unknown}. Pagefind: ${pf_version:-not available}.

The sites are \`tests/fixtures/sites/\`: a WordPress theme export, Hugo
output, a page-builder export, FAQ pages (\`<details>\`, \`<dl>\`, JSON-LD),
a legacy site in Windows-1252 and ISO-8859-1, and a noindex page and a 404
page (\`hidden\`). \`all\` is every site indexed as one. A question counts for
a site when one of its answering pages (grade 2 in \`questions.answers.tsv\`)
is on that site; top-1 and top-3 count the questions whose answering page is
the first result, or among the first three (smpsearch returns passages: the
page of each is taken). "Pagefind no result" counts questions with no result
at all (Pagefind needs every word of a question on a page). "boilerplate" is
how many phrases of \`boilerplate.txt\` appear in what the engine indexed:
the text of some indexed page (Pagefind) or some passage (smpsearch). It
should be 0. Index KB for Pagefind is its data files (fragments, index
chunks, metadata); in brackets, everything it writes, with the WebAssembly
and the search UI's scripts and styles. Times are wall clock and include
starting the process (smpsearch) or the Pagefind service (Node API).

$table
EOT
}
report | tee "$out"
