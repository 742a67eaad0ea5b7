#!/usr/bin/env python3
"""Coordinate ascent (Metzler and Croft 2007) over smpsearch's ranking
options on a tuning set of judged questions.

Each round tries, for one option at a time, every value of its grid with
the others held, keeps the best, and stops when a round changes nothing.
The objective is nDCG@10 + P@1 of `smpsearch eval` (both over every judged
question).  Only the tuning questions are searched: the validation half is
never seen here.

Usage: bench/tune.py --bin SMPSEARCH --index IDX --queries Q --qrels R
                     [--rounds N] [--start k1=1.5,b=0.75,...]
Prints one line per improvement and, at the end, the options found as
`smpsearch query` flags.
"""

import argparse
import json
import subprocess
import sys

GRID = {
    "k1": [0.6, 0.9, 1.2, 1.5, 1.8, 2.2],
    "b": [0.3, 0.45, 0.6, 0.75, 0.9],
    "wt": [1.0, 1.5, 2.0, 3.0, 4.0],
    "wh": [1.0, 1.5, 2.0, 3.0, 4.0],
    "qw": [0.0, 0.15, 0.3, 0.5, 0.75],
    "aw": [0.25, 0.4, 0.5, 0.65, 0.8, 1.0],
}
DEFAULT = {"k1": 1.5, "b": 0.75, "wt": 2.0, "wh": 2.0, "qw": 1.0, "aw": 0.5}


def flags(p):
    return ["--k1", str(p["k1"]), "--b", str(p["b"]),
            "--weights", "%s,%s,1" % (p["wt"], p["wh"]),
            "--question-weight", str(p["qw"]), "--alias-weight", str(p["aw"])]


def evaluate(args, p, cache):
    key = tuple(sorted(p.items()))
    if key not in cache:
        out = subprocess.run([args.bin, "eval", "--index", args.index, "--queries",
                              args.queries, "--qrels", args.qrels, "--json"] + flags(p),
                             check=True, capture_output=True, text=True).stdout
        m = json.loads(out)
        cache[key] = (m["ndcg@10"] + m["p@1"], m)
    return cache[key]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--index", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--qrels", required=True)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--start", default="")
    args = ap.parse_args()
    p = dict(DEFAULT)
    for kv in filter(None, args.start.split(",")):
        k, v = kv.split("=")
        p[k] = float(v)
    cache = {}
    best, m = evaluate(args, p, cache)
    print("start %.4f (nDCG@10 %.4f, P@1 %.4f) %s" % (best, m["ndcg@10"], m["p@1"], p))
    for r in range(args.rounds):
        changed = False
        for name, values in GRID.items():
            for v in values:
                trial = dict(p)
                trial[name] = v
                score, m = evaluate(args, trial, cache)
                if score > best + 1e-9:
                    best, p, changed = score, trial, True
                    print("round %d: %s=%s -> %.4f (nDCG@10 %.4f, P@1 %.4f)" %
                          (r + 1, name, v, best, m["ndcg@10"], m["p@1"]))
                    sys.stdout.flush()
        if not changed:
            break
    print("best %.4f: %s" % (best, " ".join(flags(p))))


if __name__ == "__main__":
    main()
