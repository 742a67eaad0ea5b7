#!/bin/sh
# Symbolic links in a folder being indexed: a link back up the tree ends
# (each real folder is read once), a link out of the folder is not
# followed unless --follow-links, and both are said once in the summary.
# Links inside the folder keep working.  Run by `make check` (SMP_BIN).
set -u

BIN=${SMP_BIN:-./smpsearch}
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
T=$(mktemp -d "${TMPDIR:-/tmp}/smplinks.XXXXXX")
trap 'rm -rf "$T"' EXIT

mkdir -p "$T/outside/private" "$T/site/guides/deep"
printf '# Lash lift\n\nA lash lift lasts six to eight weeks before the curl relaxes.\n' \
    > "$T/site/guides/lash-lift.md"
printf '# Brows\n\nBrow lamination keeps brows brushed up for about six weeks.\n' \
    > "$T/site/guides/deep/brows.md"
printf 'The alarm code for the back door is zebra quartz.\n' > "$T/outside/secret.txt"
printf 'Private notes about the quince orchard.\n' > "$T/outside/private/notes.txt"
ln -s . "$T/site/self"                       # loops: two links to the folder itself
ln -s . "$T/site/again"
ln -s ../.. "$T/site/guides/deep/up"         # back up to the site folder
ln -s ../outside/secret.txt "$T/site/secret.txt" # a file outside
ln -s "$T/outside/private" "$T/site/private" # a folder outside
ln -s guides/lash-lift.md "$T/site/lash.md"  # a file inside: followed

# a loop of links ends, quickly
timeout 20 "$BIN" index -o "$T/a.idx" "$T/site" 2> "$T/err"
st=$?
if [ "$st" -eq 0 ]; then ok; else bad "index of a folder with link loops: status $st"; cat "$T/err"; fi
if grep -q "2 links out of the folder not followed" "$T/err"; then ok; else
    bad "the links out of the folder are not said"; cat "$T/err"; fi
if [ "$(grep -c "links\{0,1\} out of the folder" "$T/err")" -eq 1 ]; then ok; else
    bad "the links out of the folder are said more than once"; fi
if grep -q "to a folder read already not followed" "$T/err"; then ok; else
    bad "the links back into the folder are not said"; cat "$T/err"; fi
if grep -q "Too many levels" "$T/err"; then bad "a link loop was walked into"; else ok; fi

# nothing from outside is in the index; what is inside is, once per real file
out=$("$BIN" query --index "$T/a.idx" --format trec -k 10 "zebra quartz alarm")
if [ -z "$out" ]; then ok; else bad "a file out of the folder was indexed: $out"; fi
out=$("$BIN" query --index "$T/a.idx" --format trec -k 10 "quince orchard")
if [ -z "$out" ]; then ok; else bad "a folder out of the folder was indexed: $out"; fi
n=$("$BIN" query --index "$T/a.idx" --format trec -k 10 "brow lamination" | wc -l)
if [ "$n" -eq 1 ]; then ok; else bad "brows.md indexed $n times, not once"; fi
n=$("$BIN" query --index "$T/a.idx" --format trec -k 10 "lash lift curl relaxes" | wc -l)
if [ "$n" -eq 2 ]; then ok; else bad "lash-lift.md and its link inside: $n passages, not 2"; fi

"$BIN" index --json -q -o "$T/a.idx" "$T/site" > "$T/json" 2>/dev/null
if grep -q '"links_not_followed": 5' "$T/json"; then ok; else
    bad "--json does not count 5 links not followed (2 out, 3 back)"; cat "$T/json"; fi

# --follow-links opts in
timeout 20 "$BIN" index --follow-links -o "$T/b.idx" "$T/site" 2> "$T/err"
st=$?
if [ "$st" -eq 0 ]; then ok; else bad "index --follow-links: status $st"; cat "$T/err"; fi
out=$("$BIN" query --index "$T/b.idx" --format trec -k 10 "zebra quartz alarm")
if [ -n "$out" ]; then ok; else bad "--follow-links did not follow a link to a file out of the folder"; fi
out=$("$BIN" query --index "$T/b.idx" --format trec -k 10 "quince orchard")
if [ -n "$out" ]; then ok; else bad "--follow-links did not follow a link to a folder out of the folder"; fi

# an update walks the same way
timeout 20 "$BIN" index --update -o "$T/c.idx" "$T/site" 2> "$T/err"
st=$?
if [ "$st" -eq 0 ]; then ok; else bad "index --update: status $st"; cat "$T/err"; fi
out=$("$BIN" query --index "$T/c.idx" --format trec -k 10 "zebra quartz alarm")
if [ -z "$out" ]; then ok; else bad "an update indexed a file out of the folder: $out"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
