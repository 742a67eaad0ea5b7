#!/usr/bin/env python3
"""Convert the public test collections into one uniform working form.

For each collection found in TESTDATA_DIR (cranfield, cisi, med, adi, cacm,
scifact) this writes OUT_DIR/<collection>/:

  corpus.jsonl  BEIR form, {"_id", "title", "text"} one record per line,
                holding the fields REFERENCE.md says the peers indexed
  queries.tsv   "qid<TAB>query text", whitespace runs folded to one space,
                only queries with at least one relevant judgment
  qrels.txt     TREC qrels "qid 0 docid rel", rel > 0 only, graded values
                kept as the collection defines its gains

and for cacm also qrels-padded.txt (the same judgments with the document
ids zero-padded, see cacm/SOURCE.md).  A summary line per collection goes
to stdout.  Standard library only; the test data is only read.

Usage: python3 bench/convert_testdata.py TESTDATA_DIR OUT_DIR [collection...]

Field choices (REFERENCE.md / each SOURCE.md):
  cranfield  title .T, text .W; queries numbered 1..225 in file order (the
             .I numbers are not the judgment ids); gains from
             QRelsCorrectedforTRECeval (5 - code, source document = 5)
  cisi       title .T, text .W + .A (authors); .X citation links left out;
             query = .T + .W where present (.A and .B left out)
  med        no title, text .W
  adi        title .T, text .W
  cacm       cacm.jsonl: title = the record's first paragraph, text = the
             rest of the record (the whole record is indexed, as Anserini
             does); ids CACM-%04d; qrels.txt keeps the qrels' unpadded ids
             (Anserini's convention), qrels-padded.txt pads them
  scifact    title, text from corpus.jsonl; the 300 test queries and
             qrels/test.tsv
A field marker repeated inside one SMART record (Cranfield 240, 576, 578,
ADI 67) appends to that field.
"""

import json
import os
import re
import sys

COLLECTIONS = ("cranfield", "cisi", "med", "adi", "cacm", "scifact")
MARKER = re.compile(r"^\.([A-Z])(?:[ \t]+(.*))?$")


def read_lines(path):
    with open(path, "r", encoding="utf-8", errors="replace", newline="") as f:
        data = f.read()
    return data.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def one_line(s):
    return " ".join(s.split())


def parse_smart(path):
    """SMART records as a list of (id, {field: text}) in file order."""
    records = []
    fields = None
    cur = None
    for line in read_lines(path):
        m = MARKER.match(line.rstrip())
        if m and m.group(1) == "I" and m.group(2):
            fields = {}
            records.append((m.group(2).strip(), fields))
            cur = None
            continue
        if m and m.group(2) is None and fields is not None:
            cur = m.group(1)
            fields.setdefault(cur, [])
            continue
        if fields is not None and cur is not None:
            fields[cur].append(line)
    out = []
    for rid, f in records:
        out.append((rid, {k: "\n".join(v).strip() for k, v in f.items()}))
    return out


def join_fields(rec, names):
    return "\n\n".join(rec[n] for n in names if rec.get(n))


def read_pairs(path, qcol, dcol, relcol=None):
    """(qid, docid, rel) triples from a whitespace-separated file."""
    pairs = []
    for line in read_lines(path):
        parts = line.split()
        if len(parts) <= max(qcol, dcol):
            continue
        rel = 1
        if relcol is not None:
            rel = int(float(parts[relcol]))
        pairs.append((parts[qcol], parts[dcol], rel))
    return pairs


# Each loader returns (docs, queries, qrels, extra_qrels):
#   docs     list of (id, title, text)
#   queries  list of (qid, text) in source order
#   qrels    list of (qid, docid, rel)
#   extra    dict name -> qrels list (further judgment files to write)

def load_cranfield(d):
    docs = [(i, r.get("T", ""), r.get("W", ""))
            for i, r in parse_smart(os.path.join(d, "cran.all.1400"))]
    queries = [(str(n), r.get("W", "")) for n, (_, r) in
               enumerate(parse_smart(os.path.join(d, "cran.qry")), 1)]
    qrels = read_pairs(os.path.join(d, "QRelsCorrectedforTRECeval"), 0, 2, 3)
    return docs, queries, qrels, {}


def load_cisi(d):
    docs = [(i, r.get("T", ""), join_fields(r, ("W", "A")))
            for i, r in parse_smart(os.path.join(d, "CISI.ALL"))]
    queries = [(i, join_fields(r, ("T", "W")))
               for i, r in parse_smart(os.path.join(d, "CISI.QRY"))]
    qrels = read_pairs(os.path.join(d, "CISI.REL"), 0, 1)
    return docs, queries, qrels, {}


def load_med(d):
    docs = [(i, "", r.get("W", ""))
            for i, r in parse_smart(os.path.join(d, "MED.ALL"))]
    queries = [(i, r.get("W", ""))
               for i, r in parse_smart(os.path.join(d, "MED.QRY"))]
    qrels = read_pairs(os.path.join(d, "MED.REL"), 0, 2, 3)
    return docs, queries, qrels, {}


def load_adi(d):
    docs = [(i, r.get("T", ""), r.get("W", ""))
            for i, r in parse_smart(os.path.join(d, "ADI.ALL"))]
    queries = [(i, r.get("W", ""))
               for i, r in parse_smart(os.path.join(d, "ADI.QRY"))]
    qrels = read_pairs(os.path.join(d, "ADI.REL"), 0, 1)
    return docs, queries, qrels, {}


def load_cacm(d):
    docs = []
    with open(os.path.join(d, "cacm.jsonl"), encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            body = rec["text"].strip()
            title, _, rest = body.partition("\n\n")
            docs.append((rec["id"], title.strip(), rest.strip()))
    queries = []
    text = "\n".join(read_lines(os.path.join(d, "topics.cacm.txt")))
    for m in re.finditer(r"<DOC>\s*<DOCNO>\s*(\S+)\s*</DOCNO>(.*?)</DOC>",
                         text, re.S):
        queries.append((m.group(1), m.group(2)))
    qrels = read_pairs(os.path.join(d, "qrels.cacm.txt"), 0, 2, 3)

    def pad(docid):
        m = re.match(r"^CACM-(\d+)$", docid)
        return "CACM-%04d" % int(m.group(1)) if m else docid
    padded = [(q, pad(doc), rel) for q, doc, rel in qrels]
    return docs, queries, qrels, {"qrels-padded.txt": padded}


def load_scifact(d):
    docs = []
    with open(os.path.join(d, "corpus.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                docs.append((str(rec["_id"]), rec.get("title", ""),
                             rec.get("text", "")))
    qrels = []
    for line in read_lines(os.path.join(d, "qrels", "test.tsv")):
        parts = line.split("\t")
        if len(parts) < 3 or parts[0] == "query-id":
            continue
        qrels.append((parts[0].strip(), parts[1].strip(),
                      int(float(parts[2]))))
    queries = []
    with open(os.path.join(d, "queries.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                queries.append((str(rec["_id"]), rec.get("text", "")))
    return docs, queries, qrels, {}


LOADERS = {
    "cranfield": load_cranfield,
    "cisi": load_cisi,
    "med": load_med,
    "adi": load_adi,
    "cacm": load_cacm,
    "scifact": load_scifact,
}


def write_qrels(path, qrels):
    with open(path, "w", encoding="utf-8") as f:
        for q, doc, rel in qrels:
            if rel > 0:
                f.write("%s 0 %s %d\n" % (q, doc, rel))


def convert(name, src, dst):
    docs, queries, qrels, extra = LOADERS[name](src)
    os.makedirs(dst, exist_ok=True)
    ids = set()
    empty = 0
    with open(os.path.join(dst, "corpus.jsonl"), "w", encoding="utf-8") as f:
        for did, title, text in docs:
            if did in ids:
                sys.stderr.write("%s: duplicate document id %s\n" % (name, did))
            ids.add(did)
            if not title.strip() and not text.strip():
                empty += 1
            f.write(json.dumps({"_id": did, "title": title, "text": text},
                               ensure_ascii=False) + "\n")
    judged = []
    seen = set()
    for q, _, rel in qrels:
        if rel > 0 and q not in seen:
            seen.add(q)
            judged.append(q)
    qtext = {}
    for qid, text in queries:
        if qid in qtext:
            sys.stderr.write("%s: duplicate query id %s\n" % (name, qid))
        qtext[qid] = one_line(text)
    nq = 0
    with open(os.path.join(dst, "queries.tsv"), "w", encoding="utf-8") as f:
        for qid, _ in queries:
            if qid in seen and qtext.get(qid) is not None:
                f.write("%s\t%s\n" % (qid, qtext.pop(qid)))
                nq += 1
    missing_q = [q for q in judged if q not in dict(queries)]
    write_qrels(os.path.join(dst, "qrels.txt"), qrels)
    for fname, extra_qrels in extra.items():
        write_qrels(os.path.join(dst, fname), extra_qrels)
    npairs = sum(1 for _, _, rel in qrels if rel > 0)
    unknown = sum(1 for _, doc, rel in qrels if rel > 0 and doc not in ids)
    notes = []
    if empty:
        notes.append("%d empty documents" % empty)
    if unknown:
        notes.append("%d judged pairs name no document" % unknown)
    if missing_q:
        notes.append("%d judged queries have no text" % len(missing_q))
    print("%-10s %6d docs %4d queries %5d relevant pairs%s" %
          (name, len(docs), nq, npairs,
           ("  (" + "; ".join(notes) + ")") if notes else ""))


def main(argv):
    if len(argv) < 3 or argv[1] in ("-h", "--help"):
        sys.stderr.write("usage: %s TESTDATA_DIR OUT_DIR [collection...]\n"
                         % os.path.basename(argv[0]))
        return 2
    src, out = argv[1], argv[2]
    wanted = argv[3:] or list(COLLECTIONS)
    for name in wanted:
        if name not in LOADERS:
            sys.stderr.write("unknown collection: %s (known: %s)\n" %
                             (name, " ".join(COLLECTIONS)))
            return 2
    done = 0
    for name in wanted:
        cdir = os.path.join(src, name)
        if not os.path.isdir(cdir):
            if argv[3:]:
                sys.stderr.write("%s: no such collection in %s\n" % (name, src))
                return 1
            continue
        convert(name, cdir, os.path.join(out, name))
        done += 1
    if not done:
        sys.stderr.write("no collection found in %s\n" % src)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
