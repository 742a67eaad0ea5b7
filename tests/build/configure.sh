#!/bin/sh
# What configure requires, tried with pkg-config files hidden or faked
# (PKG_CONFIG_LIBDIR): a libmicrohttpd older than 0.9.74 is refused (the
# program uses MHD_HTTP_CONTENT_TOO_LARGE); without Check the library and
# the program build and answer, and `make check` fails saying why.
# Usage: configure.sh SRCDIR [MAKE]  (make check-configure runs it; it
# configures and builds in a temporary folder, a few minutes)
set -u
SRC=$(cd "${1:?usage: configure.sh SRCDIR [MAKE]}" && pwd)
MAKE=${2:-make}
if [ -f "$SRC/config.status" ]; then
    echo "SKIP: $SRC is configured in place (run make distclean there first)"
    exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/smpconf.XXXXXX") || exit 99
trap 'chmod -R u+w "$T"; rm -rf "$T"' EXIT
unset PKG_CONFIG_PATH MAKEFLAGS MFLAGS

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# pc/with: every .pc file; libmicrohttpd says 0.9.73 in old/, check.pc is
# missing from nocheck/
mkdir "$T/with" "$T/old" "$T/nocheck"
for d in $(pkg-config --variable pc_path pkg-config | tr : ' '); do
    for f in "$d"/*.pc; do
        [ -f "$f" ] || continue
        b=$(basename "$f")
        [ -e "$T/with/$b" ] && continue
        ln -s "$f" "$T/with/$b"
        [ "$b" = libmicrohttpd.pc ] || ln -s "$f" "$T/old/$b"
        [ "$b" = check.pc ] || ln -s "$f" "$T/nocheck/$b"
    done
done
if [ ! -e "$T/with/libmicrohttpd.pc" ] || [ ! -e "$T/with/check.pc" ]; then
    echo "SKIP: needs libmicrohttpd and check installed"
    exit 77
fi
sed 's/^Version:.*/Version: 0.9.73/' "$T/with/libmicrohttpd.pc" >"$T/old/libmicrohttpd.pc"

# 1. libmicrohttpd 0.9.73: refused, naming the version needed
mkdir "$T/b1" && cd "$T/b1" || exit 99
if PKG_CONFIG_LIBDIR="$T/old" "$SRC/configure" -q >out 2>&1; then
    bad "configure accepted libmicrohttpd 0.9.73"
else
    if grep -q '0\.9\.74' out; then ok; else bad "no 0.9.74 in the error:"; tail -3 out; fi
fi

# 2. no Check: configure warns, the program builds and answers, make check
#    fails saying Check is needed
mkdir "$T/b2" && cd "$T/b2" || exit 99
if PKG_CONFIG_LIBDIR="$T/nocheck" "$SRC/configure" -q >out 2>&1; then
    ok
    if grep -q 'WARNING:.*Check' out; then ok; else bad "configure did not warn about Check"; cat out; fi
    if $MAKE -j2 >make.log 2>&1; then ok; else bad "make failed without Check"; tail -5 make.log; fi
    if ./smpsearch "how long does it last" >ans 2>&1 && grep -q 'weeks' ans; then ok; else
        bad "./smpsearch \"how long does it last\" failed"; head -5 ans; fi
    if $MAKE check >check.log 2>&1; then bad "make check passed without Check"; else
        if grep -q 'needs Check' check.log; then ok; else
            bad "make check failed without saying Check is needed:"; tail -5 check.log; fi
    fi
else
    bad "configure failed without Check:"
    tail -3 out
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
