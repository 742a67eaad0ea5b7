#!/bin/sh
# One odd file or record never stops a build: a JSON Lines record of one
# 9,000,000-byte word is cut to the index's limit with a message naming it
# (exit 3), a NUL character (\u0000) in a record is read as a space with a
# message instead of ending the string, and a Markdown file of 226,602
# empty headings is skipped; the other files are indexed each time.
# Run by `make check` (SMP_BIN).
set -u

BIN=${SMP_BIN:-./smpsearch}
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
T=$(mktemp -d "${TMPDIR:-/tmp}/smplimits.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/big" "$T/nul" "$T/heads"
good='# Brows\n\nBrow lamination keeps brows brushed up for about six weeks.\n'

# a record of one 9 MB word, then a good record, beside a good file
{
    printf '{"_id": "huge", "title": "Huge", "text": "'
    head -c 9000000 /dev/zero | tr '\0' 'a'
    printf '"}\n{"_id": "fine", "title": "Fine", "text": "A lash lift lasts six to eight weeks."}\n'
} > "$T/big/records.jsonl"
printf "$good" > "$T/big/brows.md"
"$BIN" index -o "$T/big.idx" "$T/big" 2> "$T/err"
st=$?
if [ "$st" -eq 3 ]; then ok; else bad "a 9 MB word: status $st, not 3"; cat "$T/err"; fi
if grep -q "records.jsonl: a passage of 9[0-9]* bytes cut to [0-9]* (the limit is 8388608)" "$T/err"
then ok; else bad "the cut passage is not said with its limit"; cat "$T/err"; fi
for q in "brow lamination" "lash lift"; do
    if [ -n "$("$BIN" query --index "$T/big.idx" --format trec -k 3 "$q")" ]; then ok; else
        bad "'$q' not found beside the 9 MB word"; fi
done

# NUL characters in JSON strings
printf '{"_id": "n", "title": "Lash\\u0000lift", "text": "before\\u0000after the curl lasts six weeks"}\n' \
    > "$T/nul/nul.jsonl"
"$BIN" index -o "$T/nul.idx" "$T/nul" 2> "$T/err"
st=$?
if [ "$st" -eq 0 ]; then ok; else bad "NUL in JSONL: status $st"; cat "$T/err"; fi
if grep -q 'nul.jsonl: line 1: 2 NUL characters (\\u0000) read as spaces' "$T/err"; then ok; else
    bad "NUL characters are not said"; cat "$T/err"; fi
if [ -n "$("$BIN" query --index "$T/nul.idx" --format trec -k 3 "after the curl")" ]; then ok; else
    bad "the text after a NUL character is lost"; fi
if "$BIN" passages --index "$T/nul.idx" | grep -q '"title": "Lash lift"'; then ok; else
    bad "the title after a NUL character is lost"; fi

# 226,602 empty headings beside a good file
awk 'BEGIN { for (i = 0; i < 226602; i++) print "#" }' > "$T/heads/headings.md"
printf "$good" > "$T/heads/brows.md"
"$BIN" index -o "$T/heads.idx" "$T/heads" 2> "$T/err"
st=$?
if [ "$st" -eq 3 ]; then ok; else bad "empty headings: status $st, not 3"; cat "$T/err"; fi
if [ -n "$("$BIN" query --index "$T/heads.idx" --format trec -k 3 "brow lamination")" ]; then ok; else
    bad "the good file beside the empty headings is not indexed"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
