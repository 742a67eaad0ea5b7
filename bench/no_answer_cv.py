#!/usr/bin/env python3
# How well the "no good answer" threshold generalises: the default
# (SMP_MIN_CONFIDENCE) was chosen on the development questions and the
# off-topic ones together.  Here each set is split in two folds (by line
# parity); a threshold is chosen on one fold (the best F1 of the "no
# answer" decision) and measured on the other, both ways, and the held-out
# precision and recall are summed over the two folds.  Also prints the
# default's figures on all questions.  Run from the build tree:
#   python3 bench/no_answer_cv.py
import json, subprocess

def confidences(path):
    out = subprocess.run(["./smpsearch", "query", "--batch", path, "--format", "jsonl", "-k", "1"],
                         capture_output=True, text=True, check=True).stdout
    return [json.loads(l)["confidence"] for l in out.splitlines()]

dev = confidences("tests/relevance/dev.tsv")
off = confidences("tests/relevance/offtopic.tsv")

def counts(th, d, o):
    tp = sum(c < th for c in o)   # off-topic, said "no answer"
    fp = sum(c < th for c in d)   # answerable, said "no answer"
    return tp, fp, len(o)

def f1(th, d, o):
    tp, fp, n = counts(th, d, o)
    p = tp / (tp + fp) if tp + fp else 0
    r = tp / n if n else 0
    return 2 * p * r / (p + r) if p + r else 0

cands = sorted(set(dev + off + [0.0, 1.01]))
TP = FP = N = 0
for k in (0, 1):
    dtr, otr = dev[k::2], off[k::2]
    dte, ote = dev[1 - k::2], off[1 - k::2]
    th = max(cands, key=lambda t: (f1(t, dtr, otr), -t))
    tp, fp, n = counts(th, dte, ote)
    TP, FP, N = TP + tp, FP + fp, N + n
    print(f"fold {k}: threshold {th:.3f} chosen on {len(dtr)}+{len(otr)} questions; "
          f"held out: {tp} of {n} off-topic, {fp} of {len(dte)} development said no answer")
p = TP / (TP + FP) if TP + FP else 0
print(f"held out: precision {p:.3f}, recall {TP / N:.3f}")
tp, fp, n = counts(0.31, dev, off)
print(f"default 0.31 on all: precision {tp / (tp + fp):.3f}, recall {tp / n:.3f}")
