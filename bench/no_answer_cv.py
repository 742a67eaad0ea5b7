#!/usr/bin/env python3
# "No good answer": the threshold on the confidence (SMP_MIN_CONFIDENCE) is
# chosen on the tuning half and measured on the validation half, which
# nothing is tuned on.  The positive class is an off-topic question (one no
# article answers); precision is the share of "no answer" decisions that
# were right, recall the share of off-topic questions that got one.
#
#   tuning:     customer questions of the tune side (tests/relevance/
#               customers/split.tsv), answerable and off-topic, with the
#               development questions (tests/relevance/dev.tsv, all
#               answerable) and the odd-numbered lines of
#               tests/relevance/offtopic.tsv;
#   validation: customer questions of the validation side and the
#               even-numbered lines of offtopic.tsv.
#
# The threshold chosen is the one of best F1 on the tuning half.  Prints
# both halves at that threshold and at the default, and, when given, sets
# never seen: --unseen NAME=INDEX:QUESTIONS (every question off-topic for
# that index, e.g. StackFAQ's queries against the bundled corpus).
# Run from the build tree:
#   python3 bench/no_answer_cv.py [--srcdir DIR] [--unseen NAME=IDX:TSV ...]
import argparse, json, os, subprocess, sys, tempfile

DEFAULT = 0.40  # SMP_MIN_CONFIDENCE

ap = argparse.ArgumentParser()
ap.add_argument("--srcdir", default=".")
ap.add_argument("--bin", default="./smpsearch")
ap.add_argument("--index", default="corpus.smpidx")
ap.add_argument("--unseen", action="append", default=[])
args = ap.parse_args()
rel = os.path.join(args.srcdir, "tests", "relevance")
cust = os.path.join(rel, "customers")


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n").split("\t", 1) for l in f if l.strip()]


def confidences(rows, index):
    """The confidence of each question (0 when it finds nothing)."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as f:
        for qid, text in rows:
            f.write(f"{qid}\t{text}\n")
        path = f.name
    try:
        out = subprocess.run([args.bin, "query", "--index", index, "--batch", path,
                              "--format", "jsonl", "-k", "1"],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(path)
    res = [json.loads(l) for l in out.splitlines()]
    assert len(res) == len(rows), (len(res), len(rows))
    return [r["confidence"] if r["results"] else 0.0 for r in res]


split = dict(lines(os.path.join(cust, "split.tsv")))
off_ids = {l[0] for l in lines(os.path.join(cust, "offtopic.txt"))}
sets = {k: [] for k in ("tune-ans", "tune-off", "val-ans", "val-off")}
for qid, text in lines(os.path.join(cust, "questions.tsv")):
    side = "tune" if split[qid] == "tune" else "val"
    sets[side + ("-off" if qid in off_ids else "-ans")].append((qid, text))
for i, row in enumerate(lines(os.path.join(rel, "offtopic.tsv"))):
    sets[("tune" if i % 2 == 0 else "val") + "-off"].append(row)
sets["tune-ans"] += lines(os.path.join(rel, "dev.tsv"))
conf = {k: confidences(v, args.index) for k, v in sets.items()}


def counts(th, ans, off):
    tp = sum(c < th for c in off)  # off-topic, said "no answer"
    fp = sum(c < th for c in ans)  # answerable, said "no answer"
    return tp, fp


def report(name, th, ans, off):
    tp, fp = counts(th, ans, off)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / len(off) if off else 0.0
    print(f"  {name:10s} precision {p:.3f}, recall {r:.3f}: no answer for {tp} of {len(off)}"
          f" off-topic, {fp} of {len(ans)} answerable")


def f1(th, ans, off):
    tp, fp = counts(th, ans, off)
    p = tp / (tp + fp) if tp + fp else 0
    r = tp / len(off) if off else 0
    return 2 * p * r / (p + r) if p + r else 0


ta, to = conf["tune-ans"], conf["tune-off"]
cands = sorted(set(ta + to))
# a threshold halfway between two neighbouring confidences
mids = [(a + b) / 2 for a, b in zip(cands, cands[1:])] + [cands[-1] + 0.01]
best = max(mids, key=lambda t: (f1(t, ta, to), -t))
for th, what in ((best, "chosen on the tuning half (best F1)"), (DEFAULT, "the default")):
    print(f"threshold {th:.3f}, {what}:")
    report("tuning", th, ta, to)
    report("validation", th, conf["val-ans"], conf["val-off"])
for spec in args.unseen:
    name, rest = spec.split("=", 1)
    index, questions = rest.split(":", 1)
    c = confidences(lines(questions), index)
    refused = sum(x < DEFAULT for x in c)
    print(f"unseen {name} (all off-topic), default threshold: recall {refused / len(c):.3f}"
          f" ({refused} of {len(c)} said no answer)")
sys.exit(0)
