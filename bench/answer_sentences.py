#!/usr/bin/env python3
"""Answer sentence correct at 1, before and after answer types.

Answers the development questions (tests/relevance/dev.tsv) twice, with
answer types (the default) and without (--no-answer-types), and scores the
answer sentences against the sentence judgments of
tests/relevance/answers.tsv: an answer is correct when it contains one of
the substrings judged for its question.  Reports, per kind of question and
overall:

  @1   the share of judged questions whose first result's answer sentence
       is correct ("answer sentence correct at 1");
  @3   the share with a correct answer sentence among the first three
       results.

Then it lists the judged questions whose first answer changed (better,
worse, or different but equally right or wrong), counts the changed first
answers over all development questions, and checks that the ranking is the
same both ways (answer types only choose the sentence); a different
ranking is an error (exit status 1).

Run from the build tree after make:
    python3 bench/answer_sentences.py            # or -v to print the answers
Options: --bin (default $SMP_BIN or ./smpsearch), --index (default: the
bundled corpus index), --srcdir (where tests/ is; default: this file's
parent directory).
"""
import argparse
import json
import os
import subprocess
import sys

TYPES = ["duration", "count", "price", "pain", "safety", "procedure", "eligibility"]


def load_answers(path):
    judged = {}  # qid -> (type, [substrings])
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            qid, kind, sub = line.rstrip("\n").split("\t")
            if kind not in TYPES:
                sys.exit(f"{path}: unknown type {kind!r} for {qid}")
            t, subs = judged.setdefault(qid, (kind, []))
            if t != kind:
                sys.exit(f"{path}: {qid} has two types, {t} and {kind}")
            subs.append(sub)
    return judged


def run(args, extra):
    cmd = [args.bin, "query", "--batch", args.queries, "--format", "jsonl", "-k", "3"]
    if args.index:
        cmd += ["--index", args.index]
    out = subprocess.run(cmd + extra, capture_output=True, text=True, check=True).stdout
    return {d["id"]: d for d in map(json.loads, out.splitlines())}


def correct(result, subs):
    return result is not None and any(s in result["answer"] for s in subs)


def score(run_, judged):
    """qid -> (correct at 1, correct in the first 3)"""
    s = {}
    for qid, (_, subs) in judged.items():
        res = run_[qid]["results"] if qid in run_ else []
        s[qid] = (correct(res[0] if res else None, subs),
                  any(correct(r, subs) for r in res[:3]))
    return s


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.environ.get("SMP_BIN", "./smpsearch"))
    ap.add_argument("--index")
    ap.add_argument("--srcdir", default=here)
    ap.add_argument("-v", action="store_true", help="print the changed answers")
    args = ap.parse_args()
    args.queries = os.path.join(args.srcdir, "tests/relevance/dev.tsv")
    judged = load_answers(os.path.join(args.srcdir, "tests/relevance/answers.tsv"))

    before, after = run(args, ["--no-answer-types"]), run(args, [])
    sb, sa = score(before, judged), score(after, judged)

    print(f"{'type':<12} {'n':>3}  {'@1 before':>9} {'@1 after':>9}  {'@3 before':>9} {'@3 after':>9}")
    for kind in TYPES + ["all"]:
        qs = [q for q, (t, _) in judged.items() if kind in ("all", t)]
        if not qs:
            continue
        n = len(qs)
        c = [sum(s[q][i] for q in qs) for s, i in ((sb, 0), (sa, 0), (sb, 1), (sa, 1))]
        cells = "  ".join(f"{c[i]:>3} {c[i] / n:5.3f}" for i in range(4))
        if kind == "all":
            print("-" * 58)
        print(f"{kind:<12} {n:>3}  {cells}")

    def first(r, q):
        res = r[q]["results"]
        return res[0]["answer"] if res else ""

    changed = [q for q in after if first(before, q) != first(after, q)]
    better = [q for q in changed if q in judged and sa[q][0] > sb[q][0]]
    worse = [q for q in changed if q in judged and sa[q][0] < sb[q][0]]
    print(f"\nfirst answer changed for {len(changed)} of {len(after)} development questions"
          f" ({sum(q in judged for q in changed)} judged: {len(better)} better,"
          f" {len(worse)} worse)")
    for q in changed:
        mark = "better" if q in better else "WORSE" if q in worse else \
               "same" if q in judged else "unjudged"
        print(f"  {mark:<8} {q:<9} {after[q]['query']}")
        if args.v:
            print(f"      before: {first(before, q)[:160]}")
            print(f"      after:  {first(after, q)[:160]}")

    ranks = lambda r, q: [x["passage_id"] for x in r[q]["results"]]
    moved = [q for q in after if ranks(before, q) != ranks(after, q)]
    if moved:
        print(f"\nERROR: the ranking differs for {len(moved)} questions: {' '.join(moved)}")
        return 1
    print("ranking: the same with and without answer types")
    return 0


if __name__ == "__main__":
    sys.exit(main())
