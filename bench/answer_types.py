#!/usr/bin/env python3
# Answer sentences that give the kind of answer asked for: the development
# questions that ask for a duration, a number of visits or a price (the
# rules of src/qtype.c, restated), and how many of their first answers give
# one, with and without answer types (--no-answer-types).  A proxy for
# "answer sentence correct at 1": the questions have passage judgments, not
# sentence judgments.  Run from the build tree: python3 bench/answer_types.py
import json, re, subprocess, sys
units = {"duration": r"(second|minute|hour|day|night|week|month|year|fortnight)s?",
         "count": r"(session|treatment|appointment|visit|pass|round|sitting)s?",
         "price": r"(pound|dollar|euro|gbp|usd|eur)s?"}
num = r"(\d[\d.,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|few|several|couple|a|an|single|half)"
def qtype(q):
    s = " " + re.sub(r"[^a-z0-9\x80-\uffff]+", " ", q.lower()) + " "
    for k in [" how many session", " how many treatment", " how many appointment", " how many visit", " how many time", " number of session"]:
        if k in s: return "count"
    for k in [" how much ", " cost ", " costs ", " price ", " prices ", " expensive ", " cheap ", " cheaper "]:
        if k in s: return "price"
    for k in [" how long ", " how many week", " how many month", " how many year", " how many day", " how many hour", " is it permanent", " are they permanent", " how permanent", " last ", " lasts ", " when can ", " how soon ", " how often "]:
        if k in s: return "duration"
    return None
def gives(t, sent):
    if t == "price" and re.search(r"[$£€]\s?\d", sent): return True
    w = re.sub(r"[^a-z0-9.,]+", " ", sent.lower()).split()
    since = 99
    for x in w:
        x = x.rstrip(".,")
        if not x: continue
        if since <= 3 and re.fullmatch(units[t], x): return True
        since = 0 if re.fullmatch(num, x) else since + 1
    return False
def run(extra):
    out = subprocess.run(["./smpsearch", "query", "--batch", "tests/relevance/dev.tsv", "--format", "jsonl", "-k", "1"] + extra, capture_output=True, text=True).stdout
    return [json.loads(l) for l in out.splitlines()]
before, after = run(["--no-answer-types"]), run([])
typed = [(b, a) for b, a in zip(before, after) if qtype(b["query"])]
print("typed questions:", len(typed), {t: sum(1 for b, a in typed if qtype(b["query"]) == t) for t in units})
cb = sum(1 for b, a in typed if b["results"] and gives(qtype(b["query"]), b["results"][0]["answer"]))
ca = sum(1 for b, a in typed if a["results"] and gives(qtype(a["query"]), a["results"][0]["answer"]))
print(f"answer sentence gives the kind asked for: before {cb}/{len(typed)}, after {ca}/{len(typed)}")
changed = [(b["query"], b["results"][0]["answer"], a["results"][0]["answer"]) for b, a in typed if b["results"] and b["results"][0]["answer"] != a["results"][0]["answer"]]
print("changed:", len(changed))
for q, x, y in changed[:12]:
    print("Q:", q); print("  before:", x[:150]); print("  after: ", y[:150])
