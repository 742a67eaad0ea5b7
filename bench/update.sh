#!/bin/sh
# Incremental updates: what `smpsearch index --update` costs beside a full
# build of the same folder, and beside SQLite FTS5 applying the same
# changes, in the same run.
#
# The folder: FILES generated Markdown articles (four sections of 120
# words each, drawn from the words of this repository's README, so the
# numbers are the same on every machine).  Each round changes CHANGED
# files (a line appended), then times, each REPEAT times (the median is
# reported):
#   - smpsearch index (a full build of the folder);
#   - smpsearch index --update (finds the changed files itself by size and
#     time, reads and hashes them, writes a segment, replaces the manifest;
#     merges when its policy says so);
#   - smpsearch index --update with nothing changed (the cost of looking);
#   - SQLite FTS5 (Python's sqlite3 module), one row per file: a full
#     build, and the update of the changed rows (DELETE by rowid and INSERT
#     of the changed files, in one transaction).  FTS5 is handed the list of
#     changed files; smpsearch finds them itself, which is included in its
#     time;
#   - query time over the updated (segmented) index and over the full
#     build, the same questions (p50 of `query --batch`, passes alike).
# Then smpsearch optimize.  Prints a Markdown table and writes it to
# bench/results/update.md.
#
# Usage: bench/update.sh [-n FILES] [-c CHANGED] [-r REPEAT] [-w WORKDIR]
# Environment: SMP_BIN (default <repo>/smpsearch).
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
SMP_BIN=${SMP_BIN:-$repo/smpsearch}
FILES=5000 CHANGED=50 REPEAT=5 work=
while [ $# -gt 0 ]; do
    case $1 in
    -n) FILES=$2; shift 2 ;;
    -c) CHANGED=$2; shift 2 ;;
    -r) REPEAT=$2; shift 2 ;;
    -w) work=$2; shift 2 ;;
    *) echo "usage: $0 [-n FILES] [-c CHANGED] [-r REPEAT] [-w WORKDIR]" >&2; exit 2 ;;
    esac
done
[ -x "$SMP_BIN" ] || { echo "$SMP_BIN: not built (run make)" >&2; exit 1; }
if [ -z "$work" ]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/smpupd.XXXXXX")
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
out=$repo/bench/results/update.md

python3 - "$repo" "$SMP_BIN" "$work" "$FILES" "$CHANGED" "$REPEAT" "$out" <<'EOF'
import os, random, re, sqlite3, statistics, subprocess, sys, time

repo, smp, work, nfiles, nchanged, repeat, out = sys.argv[1:8]
nfiles, nchanged, repeat = int(nfiles), int(nchanged), int(repeat)
src = os.path.join(work, "src")
words = sorted(set(re.findall(r"[a-z]{3,}", open(os.path.join(repo, "README.md")).read().lower())))
rng = random.Random(3)

def article(i):
    parts = ["---\ntitle: Article %d %s\n---\n" % (i, rng.choice(words))]
    for _ in range(4):
        parts.append("## %s %s\n\n%s.\n" % (rng.choice(words), rng.choice(words),
                                            " ".join(rng.choice(words) for _ in range(120))))
    return "\n".join(parts)

os.makedirs(src, exist_ok=True)
paths = [os.path.join(src, "a%05d.md" % i) for i in range(nfiles)]
for i, p in enumerate(paths):
    with open(p, "w") as f:
        f.write(article(i))
mb = sum(os.path.getsize(p) for p in paths) / 1e6

def run(*args):
    t = time.perf_counter()
    subprocess.run([smp, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t

full_idx = os.path.join(work, "full.idx")
upd_idx = os.path.join(work, "upd.idx")
db_path = os.path.join(work, "fts5.db")

def fts5_full():
    if os.path.exists(db_path):
        os.remove(db_path)
    t = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute("CREATE VIRTUAL TABLE doc USING fts5(path UNINDEXED, body)")
    with db:
        for i, p in enumerate(paths):
            with open(p) as f:
                db.execute("INSERT INTO doc(rowid, path, body) VALUES (?, ?, ?)",
                           (i, p, f.read()))
    db.close()
    return time.perf_counter() - t

def fts5_update(changed):
    t = time.perf_counter()
    db = sqlite3.connect(db_path)
    with db:
        for p in changed:
            i = paths.index(p)
            with open(p) as f:
                db.execute("DELETE FROM doc WHERE rowid = ?", (i,))
                db.execute("INSERT INTO doc(rowid, path, body) VALUES (?, ?, ?)",
                           (i, p, f.read()))
    db.close()
    return time.perf_counter() - t

questions = os.path.join(work, "q.txt")
with open(questions, "w") as f:
    for _ in range(2000):
        f.write(" ".join(rng.choice(words) for _ in range(rng.randint(2, 4))) + "\n")

def query_time(idx):
    return run("query", "--index", idx, "--batch", questions, "-k", "10", "--format", "trec") / 2000

run("index", "-q", "--update", "-o", upd_idx, src)
fts5_full()
r = {k: [] for k in ("full", "update", "nothing", "fts5_full", "fts5_update", "q_full", "q_upd")}
segments = []
for round_ in range(repeat):
    changed = rng.sample(paths, nchanged)
    for p in changed:
        with open(p, "a") as f:
            f.write("\nChanged in round %d: %s.\n" % (round_, rng.choice(words)))
    r["update"].append(run("index", "-q", "--update", "-o", upd_idx, src))
    r["nothing"].append(run("index", "-q", "--update", "-o", upd_idx, src))
    r["full"].append(run("index", "-q", "-o", full_idx, src))
    r["fts5_update"].append(fts5_update(changed))
    r["fts5_full"].append(fts5_full())
    r["q_full"].append(query_time(full_idx))
    r["q_upd"].append(query_time(upd_idx))
    info = subprocess.run([smp, "stats", upd_idx], capture_output=True, text=True).stdout
    m = re.search(r"segments:\s+(\d+)", info)
    segments.append(int(m.group(1)) if m else 1)
opt = run("optimize", "-q", upd_idx)
med = {k: statistics.median(v) for k, v in r.items()}
lines = [
    "# Incremental updates (bench/update.sh)",
    "",
    "%d Markdown files (%.1f MB), %d changed per round, %d rounds; medians. "
    "Segments after each update: %s." % (nfiles, mb, nchanged, repeat,
                                          ", ".join(map(str, segments))),
    "",
    "| | smpsearch | SQLite FTS5 | FTS5 / smpsearch |",
    "|---|---|---|---|",
    "| full build | %.3f s | %.3f s | %.2f |" % (med["full"], med["fts5_full"],
                                                 med["fts5_full"] / med["full"]),
    "| update of the changed files | %.3f s | %.3f s | %.2f |" % (
        med["update"], med["fts5_update"], med["fts5_update"] / med["update"]),
    "| update, nothing changed | %.3f s | | |" % med["nothing"],
    "| full build / update | %.1f | %.1f | |" % (med["full"] / med["update"],
                                                 med["fts5_full"] / med["fts5_update"]),
    "",
    "Query time (2,000 questions, `query --batch`, per question): %.0f µs on the "
    "updated index, %.0f µs on the full build (%.2fx). `smpsearch optimize` "
    "afterwards: %.3f s." % (med["q_upd"] * 1e6, med["q_full"] * 1e6,
                             med["q_upd"] / med["q_full"], opt),
    "",
    "FTS5 is given the list of changed files; smpsearch finds them itself "
    "(stat of every file, reading and hashing the changed ones), which its "
    "time includes, as it includes starting the program.",
]
text = "\n".join(lines) + "\n"
print(text)
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "w") as f:
    f.write(text)
EOF
