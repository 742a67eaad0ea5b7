#!/bin/sh
# The program embeds the folder its corpus index is installed in
# (pkgdatadir).  It must name the configured one, and a new
# ./configure --prefix=..., which rewrites the Makefile, must rebuild the
# program: a dry run of make with the Makefile taken as new (-W) has to
# compile main.c again.  Run by `make check`, which sets SMP_BIN,
# SMP_BUILDDIR, SMP_PKGDATADIR and SMP_MAKE.
set -u

BIN=${SMP_BIN:-./smpsearch}
BUILD=${SMP_BUILDDIR:-.}
MAKE=${SMP_MAKE:-make}
: "${SMP_PKGDATADIR:?set by make check}"

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

if grep -aqF "$SMP_PKGDATADIR/corpus.smpidx" "$BIN"; then ok; else
    bad "$BIN does not name $SMP_PKGDATADIR/corpus.smpidx"; fi

if ! $MAKE --version 2>/dev/null | grep -q 'GNU Make'; then
    echo "SKIP: the rebuild check needs GNU make (-W)"
else
    # MAKEFLAGS of the make check running this would carry -j and its jobserver
    out=$(cd "$BUILD" && MAKEFLAGS= MFLAGS= $MAKE -n -W Makefile V=1 smpsearch 2>&1)
    if printf '%s\n' "$out" | grep -q 'smpsearch-common\.o'; then ok; else
        bad "a rewritten Makefile (a new --prefix) does not rebuild src/cli/common.c"
        printf '%s\n' "$out" | sed 's/^/    | /' | head -8
    fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
