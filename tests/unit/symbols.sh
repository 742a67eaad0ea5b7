#!/bin/sh
# The shared library exports exactly the functions include/smpsearch.h
# declares: every smp_NAME( outside a comment in the header must be a
# defined dynamic symbol of .libs/libsmpsearch.so (nm -D --defined-only),
# and that must define nothing else.  Internal functions are compiled
# hidden (-fvisibility=hidden; the header marks its own SMP_API).  Skipped
# (77) when the build has no shared library (--disable-shared) or no nm.
# Run by `make check`.
set -u
LC_ALL=C; export LC_ALL
SRC=${SMP_SRCDIR:-.}
BUILD=${SMP_BUILDDIR:-.}
HDR="$SRC/include/smpsearch.h"
LA="$BUILD/libsmpsearch.la"

command -v nm >/dev/null 2>&1 || { echo "SKIP: no nm"; exit 77; }
[ -f "$HDR" ] || { echo "FAIL: no $HDR"; exit 99; }
[ -f "$LA" ] || { echo "FAIL: no $LA (run make)"; exit 99; }
# libtool's dlname is empty when shared libraries are not built
dlname=$(sed -n "s/^dlname='\(.*\)'\$/\1/p" "$LA")
[ -n "$dlname" ] || { echo "SKIP: no shared library (--disable-shared)"; exit 77; }
SO="$BUILD/.libs/libsmpsearch.so"
[ -f "$SO" ] || { echo "FAIL: no $SO"; exit 99; }

T=$(mktemp -d "${TMPDIR:-/tmp}/smpsymbols.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT

# The header without its comments, then each smp_NAME followed by '('.
awk '{
    line = $0; out = ""
    while (line != "") {
        if (incomment) {
            i = index(line, "*/")
            if (!i) { line = ""; break }
            line = substr(line, i + 2); incomment = 0
        } else {
            i = index(line, "/*")
            if (!i) { out = out line; line = "" }
            else { out = out substr(line, 1, i - 1) " "; line = substr(line, i + 2); incomment = 1 }
        }
    }
    sub(/\/\/.*/, "", out)
    print out
}' "$HDR" | grep -o 'smp_[A-Za-z0-9_]*[[:space:]]*(' | tr -d ' \t(' | sort -u >"$T/declared"
# Every defined dynamic symbol, whatever its type, but version nodes (A).
nm -D --defined-only "$SO" | awk '$(NF - 1) != "A" { print $NF }' | sed 's/@.*//' |
    sort -u >"$T/exported"

pass=$(comm -12 "$T/declared" "$T/exported" | wc -l) fail=0
if [ ! -s "$T/declared" ]; then
    echo "FAIL: no function found in $HDR"
    fail=$((fail + 1))
fi
if [ ! -s "$T/exported" ]; then
    echo "FAIL: nm -D found no symbol in $SO"
    fail=$((fail + 1))
fi
for f in $(comm -23 "$T/declared" "$T/exported"); do
    echo "FAIL: $f is declared in include/smpsearch.h but not exported"
    fail=$((fail + 1))
done
for f in $(comm -13 "$T/declared" "$T/exported"); do
    echo "FAIL: $f is exported but not declared in include/smpsearch.h"
    fail=$((fail + 1))
done
echo "$(wc -l <"$T/declared") functions declared, $(wc -l <"$T/exported") symbols exported"
echo "$((pass)) passed, $fail failed"
[ "$fail" -eq 0 ]
