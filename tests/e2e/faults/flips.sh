#!/bin/sh
# Single-bit flips in every part of an index file (flips.py): each one is
# refused by the query, or changes nothing; none changes an answer
# silently.  FLIPS flips (400 in make check, on the fixture articles; make
# stress runs 2,000 on the bundled corpus).  Needs python3.
set -u
BIN=${SMP_BIN:-./smpsearch}
SRC=${SMP_SRCDIR:-.}
FLIPS=${FLIPS:-400}
command -v python3 >/dev/null || { echo "python3 is needed"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/smpflip.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
IDX=${FLIP_INDEX:-}
if [ -z "$IDX" ]; then
    IDX=$T/a.idx
    "$BIN" index -q -o "$IDX" "$SRC/tests/fixtures/articles" 2>/dev/null
    [ -f "$IDX" ] || { echo "cannot build the fixture index"; exit 1; }
fi
printf '%s\n' "how long does microblading last" "lash lift aftercare" "how much does it cost" \
    "brow lamination" "does it hurt" "how many sessions of smp" >"$T/q"
python3 "$SRC/tests/e2e/faults/flips.py" "$BIN" "$IDX" "$FLIPS" 1 "$T/q"
