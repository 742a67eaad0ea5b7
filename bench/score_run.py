#!/usr/bin/env python3
"""Score a TREC run against TREC qrels: nDCG@10, MRR@10, P@1, Recall@10,
Recall@100, with the conventions of `smpsearch eval` and `trec_eval -c`.

Usage: python3 bench/score_run.py --run RUN --qrels QRELS [--json]

- qrels: "qid iter docid rel"; a pair is relevant when rel > 0, and rel is
  its gain in nDCG (graded values are kept).
- run: "qid Q0 docid rank score tag"; each query's hits are ordered as
  trec_eval orders them: score (as a 32-bit float) descending, ties by docid
  descending (the rank column is ignored).  A docid repeated within a query
  (trec_eval refuses such a run) counts once, at its best place, with a
  warning on stderr.
- Averages are over every query of the qrels with a relevant judgment;
  a query the run misses counts as 0.  Run queries absent from the qrels are
  ignored.
- nDCG@10 = DCG@10 / ideal DCG@10, DCG = sum of gain / log2(rank + 1);
  MRR@10 = 1 / rank of the first relevant hit in the top 10 (else 0);
  P@1; Recall@k = relevant hits in the top k / relevant judgments.
Prints "queries N" then "nDCG@10 0.1234" style lines (the layout of
`smpsearch eval`), or with --json one object
{"queries": N, "ndcg@10": x, "mrr@10": x, "p@1": x, "recall@10": x,
 "recall@100": x}.  Standard library only.
"""

import json
import math
import struct
import sys
from functools import cmp_to_key


def read_qrels(path):
    qrels = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) < 4:
                raise ValueError("%s:%d: expected 'qid iter docid rel'"
                                 % (path, n))
            rel = float(parts[3])
            if rel > 0:
                qrels.setdefault(parts[0], {})[parts[2]] = rel
    return qrels


def read_run(path):
    run = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) < 5:
                raise ValueError("%s:%d: expected 'qid Q0 docid rank score"
                                 " [tag]'" % (path, n))
            # trec_eval keeps scores as C floats
            sim = struct.unpack("f", struct.pack("f", float(parts[4])))[0]
            run.setdefault(parts[0], []).append((sim, parts[2]))
    return run


def trec_order(a, b):
    """trec_eval: score descending, then docid descending."""
    if a[0] != b[0]:
        return -1 if a[0] > b[0] else 1
    if a[1] != b[1]:
        return -1 if a[1] > b[1] else 1
    return 0


def ranked(qid, hits):
    seen = set()
    out = []
    for _, doc in sorted(hits, key=cmp_to_key(trec_order)):
        if doc not in seen:
            seen.add(doc)
            out.append(doc)
    if len(out) < len(hits):
        sys.stderr.write("score_run.py: query %s: %d repeated docids counted"
                         " once\n" % (qid, len(hits) - len(out)))
    return out


def score(run, qrels):
    keys = ("ndcg@10", "mrr@10", "p@1", "recall@10", "recall@100")
    total = dict.fromkeys(keys, 0.0)
    for qid, rels in qrels.items():
        docs = ranked(qid, run.get(qid, []))
        dcg = sum(rels.get(d, 0.0) / math.log2(i + 2)
                  for i, d in enumerate(docs[:10]))
        ideal = sorted(rels.values(), reverse=True)[:10]
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
        total["ndcg@10"] += dcg / idcg if idcg > 0 else 0.0
        for i, d in enumerate(docs[:10]):
            if d in rels:
                total["mrr@10"] += 1.0 / (i + 1)
                break
        total["p@1"] += 1.0 if docs[:1] and docs[0] in rels else 0.0
        total["recall@10"] += sum(d in rels for d in docs[:10]) / len(rels)
        total["recall@100"] += sum(d in rels for d in docs[:100]) / len(rels)
    n = len(qrels)
    res = {"queries": n}
    for k in keys:
        res[k] = total[k] / n if n else 0.0
    return res


def main(argv):
    run_path = qrels_path = None
    as_json = False
    i = 1
    while i < len(argv):
        a = argv[i]
        if a in ("--run", "--qrels") and i + 1 < len(argv):
            if a == "--run":
                run_path = argv[i + 1]
            else:
                qrels_path = argv[i + 1]
            i += 2
        elif a == "--json":
            as_json = True
            i += 1
        elif a in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        else:
            sys.stderr.write("score_run.py: unknown argument %s\n" % a)
            return 2
    if not run_path or not qrels_path:
        sys.stderr.write("usage: score_run.py --run RUN --qrels QRELS"
                         " [--json]\n")
        return 2
    try:
        res = score(read_run(run_path), read_qrels(qrels_path))
    except (OSError, ValueError) as e:
        sys.stderr.write("score_run.py: %s\n" % e)
        return 1
    if as_json:
        print("{" + ", ".join(
            json.dumps(k) + ": " + ("%.4f" % v if isinstance(v, float) else
                                    str(v)) for k, v in res.items()) + "}")
    else:
        print("%-11s %d" % ("queries", res["queries"]))
        for label, key in (("nDCG@10", "ndcg@10"), ("MRR@10", "mrr@10"),
                           ("P@1", "p@1"), ("Recall@10", "recall@10"),
                           ("Recall@100", "recall@100")):
            print("%-11s %.4f" % (label, res[key]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
