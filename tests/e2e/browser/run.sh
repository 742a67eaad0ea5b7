#!/bin/sh
# make check-browser: the search page in headless Chromium (search.mjs).
# Installs playwright-core from npm into tests/e2e/browser/node_modules the
# first time (package-lock.json pins it); Chromium is Debian's.
# Screenshots go to DOCS (the source tree's docs/, shown by the README).
# usage: run.sh SRCDIR SMPSEARCH INDEX DOCS
set -eu
src=$1 bin=$2 index=$3 docs=$4
command -v node >/dev/null || { echo "node is needed (Debian package nodejs)"; exit 1; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "chromium is needed (Debian package chromium)"; exit 1; }
dir=$src/tests/e2e/browser
if [ ! -d "$dir/node_modules/playwright-core" ]; then
    (cd "$dir" && npm ci --silent --no-audit --no-fund)
fi
mkdir -p "$docs"
exec node "$dir/search.mjs" "$bin" "$index" "$docs"
