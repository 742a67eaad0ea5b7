#!/usr/bin/env python3
"""Build the large real-text corpus of the speed benchmark (bench/run).

Two sources, both Debian packages:

  linux-doc   the kernel's reStructuredText documentation
              (/usr/share/doc/linux-doc/Documentation/**/*.rst[.gz]),
              split into one passage per section: a section starts at a
              heading (a title line underlined, and optionally overlined,
              with a repeated punctuation character) and runs to the next
              heading; title = the heading, text = the section's body
  dict-gcide  the Collaborative International Dictionary of English
              (/usr/share/dictd/gcide.dict.dz with gcide.index), one
              passage per dictionary entry: title = the headword, text =
              the rest of the entry

Passages whose text is blank are left out (smpsearch skips them, and all
engines must index the same passages).  The passages are shuffled with a
fixed seed, so that any prefix of the file is a fair sample of both
sources.  Standard library only.

Commands:

  prepare_large.py large OUT_DIR [--seed N] [--queries N]
      writes OUT_DIR/large.jsonl (BEIR form {"_id","title","text"}) and
      OUT_DIR/large-queries.tsv ("qid<TAB>heading": N distinct section
      headings of linux-doc, default 1000, sampled with the seed), and
      prints one summary line

  prepare_large.py scale LARGE.jsonl OUT_DIR SIZE...
      replicates LARGE.jsonl (copy c >= 1 suffixes each _id with "~c")
      until the largest SIZE is reached and writes OUT_DIR/scale-SIZE.jsonl
      holding the first SIZE passages of that stream, for each SIZE

Environment: LINUX_DOC_DIR (default /usr/share/doc/linux-doc/Documentation),
GCIDE_DIR (default /usr/share/dictd).
"""

import gzip
import json
import os
import random
import re
import sys

LINUX_DOC_DIR = os.environ.get("LINUX_DOC_DIR",
                               "/usr/share/doc/linux-doc/Documentation")
GCIDE_DIR = os.environ.get("GCIDE_DIR", "/usr/share/dictd")
SEED = 20240229

# An rst section adornment: one punctuation character repeated (at least 3).
ADORN = re.compile(r"""^([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])\1{2,}\s*$""")
WORD = re.compile(r"\w", re.UNICODE)
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def say(msg):
    sys.stderr.write("prepare_large.py: %s\n" % msg)


def read_text(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n")


def rst_files(root):
    out = []
    for d, dirs, files in os.walk(root, followlinks=True):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".rst") or name.endswith(".rst.gz"):
                out.append(os.path.join(d, name))
    return out


def is_heading(lines, i):
    """True when lines[i] is a title underlined by lines[i + 1]."""
    title = lines[i].rstrip()
    if not title or title != title.lstrip() and not title.strip():
        return False
    if ADORN.match(title) or not WORD.search(title):
        return False
    if i + 1 >= len(lines):
        return False
    under = lines[i + 1].rstrip()
    return bool(ADORN.match(under)) and len(under) >= len(title.strip())


def split_rst(text):
    """(heading, body) per section; the text before the first heading is
    a section with the file's first heading left empty."""
    lines = text.split("\n")
    sections = []
    heading, body = "", []
    i = 0
    while i < len(lines):
        if is_heading(lines, i) and not lines[i].startswith((" ", "\t")):
            # drop an overline just collected into the previous body
            if body and ADORN.match(body[-1].rstrip() or "x"):
                body.pop()
            sections.append((heading, body))
            heading, body = lines[i].strip(), []
            i += 2
            continue
        body.append(lines[i])
        i += 1
    sections.append((heading, body))
    out = []
    for h, b in sections:
        kept = [ln for ln in b if not ln.startswith(".. SPDX-License")]
        out.append((h, "\n".join(kept).strip()))
    return out


def rst_passages(root):
    files = rst_files(root)
    if not files:
        raise SystemExit("prepare_large.py: no .rst files under %s "
                         "(apt-get install linux-doc)" % root)
    passages, headings = [], []
    for path in files:
        rel = os.path.relpath(path, root)
        if rel.endswith(".gz"):
            rel = rel[:-3]
        n = 0
        for heading, body in split_rst(read_text(path)):
            if heading:
                headings.append(heading)
            if not body.strip():
                continue
            n += 1
            passages.append(("rst:%s#%d" % (rel, n), heading, body))
    return passages, headings, len(files)


def b64num(s):
    n = 0
    for ch in s:
        n = n * 64 + B64.index(ch)
    return n


def gcide_passages(d):
    index = os.path.join(d, "gcide.index")
    dictf = os.path.join(d, "gcide.dict.dz")
    if not os.path.exists(index) or not os.path.exists(dictf):
        raise SystemExit("prepare_large.py: no gcide.index / gcide.dict.dz in "
                         "%s (apt-get install dict-gcide)" % d)
    spans = set()
    with open(index, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[0].startswith("00-"):
                continue
            spans.add((b64num(parts[1]), b64num(parts[2])))
    with gzip.open(dictf, "rb") as f:
        data = f.read()
    passages = []
    for n, (off, size) in enumerate(sorted(spans), 1):
        entry = data[off:off + size].decode("utf-8", errors="replace")
        first, _, rest = entry.strip("\n").partition("\n")
        head = first.split("\\", 1)[0].strip() or first.strip()
        after = first[len(head):].strip() if first.startswith(head) else first
        text = "\n".join(x for x in (after, rest.strip()) if x)
        if not text.strip():
            continue
        passages.append(("gcide:%d" % n, head, text))
    return passages


def cmd_large(out_dir, seed, nqueries):
    os.makedirs(out_dir, exist_ok=True)
    rst, headings, nfiles = rst_passages(LINUX_DOC_DIR)
    dic = gcide_passages(GCIDE_DIR)
    passages = rst + dic
    rng = random.Random(seed)
    rng.shuffle(passages)
    nbytes = 0
    with open(os.path.join(out_dir, "large.jsonl"), "w",
              encoding="utf-8") as f:
        for pid, title, text in passages:
            nbytes += len(title.encode("utf-8")) + len(text.encode("utf-8"))
            f.write(json.dumps({"_id": pid, "title": title, "text": text},
                               ensure_ascii=False) + "\n")
    # distinct headings with at least two letters, in a stable order
    seen, cands = set(), []
    for h in headings:
        q = " ".join(h.split())
        key = q.lower()
        if key in seen or len(re.findall(r"[A-Za-z]", q)) < 2:
            continue
        seen.add(key)
        cands.append(q)
    cands.sort()
    qs = random.Random(seed).sample(cands, min(nqueries, len(cands)))
    with open(os.path.join(out_dir, "large-queries.tsv"), "w",
              encoding="utf-8") as f:
        for n, q in enumerate(qs, 1):
            f.write("h%d\t%s\n" % (n, q.replace("\t", " ")))
    print("large: %d passages (%d rst sections from %d files, %d gcide "
          "entries), %.1f MB of text, %d queries" %
          (len(passages), len(rst), nfiles, len(dic), nbytes / 1e6, len(qs)))


def cmd_scale(large, out_dir, sizes):
    os.makedirs(out_dir, exist_ok=True)
    sizes = sorted(set(sizes))
    with open(large, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    if not records:
        raise SystemExit("prepare_large.py: %s is empty" % large)
    outs = {s: open(os.path.join(out_dir, "scale-%d.jsonl" % s), "w",
                    encoding="utf-8") for s in sizes}
    try:
        n, copy = 0, 0
        while n < sizes[-1]:
            for rec in records:
                if n >= sizes[-1]:
                    break
                r = rec if copy == 0 else dict(rec, _id="%s~%d" %
                                               (rec["_id"], copy))
                line = json.dumps(r, ensure_ascii=False) + "\n"
                for s in sizes:
                    if n < s:
                        outs[s].write(line)
                n += 1
            copy += 1
    finally:
        for f in outs.values():
            f.close()
    print("scale: %s passages from %d copies of %d" %
          (", ".join(str(s) for s in sizes), copy, len(records)))


def main(argv):
    usage = ("usage: prepare_large.py large OUT_DIR [--seed N] [--queries N]\n"
             "       prepare_large.py scale LARGE.jsonl OUT_DIR SIZE...\n")
    if len(argv) >= 3 and argv[1] == "large":
        seed, nq = SEED, 1000
        rest = argv[3:]
        while rest:
            if rest[0] == "--seed" and len(rest) > 1:
                seed = int(rest[1])
            elif rest[0] == "--queries" and len(rest) > 1:
                nq = int(rest[1])
            else:
                sys.stderr.write(usage)
                return 2
            rest = rest[2:]
        cmd_large(argv[2], seed, nq)
        return 0
    if len(argv) >= 5 and argv[1] == "scale":
        try:
            sizes = [int(x) for x in argv[4:]]
        except ValueError:
            sys.stderr.write(usage)
            return 2
        if any(s <= 0 for s in sizes):
            sys.stderr.write(usage)
            return 2
        cmd_scale(argv[2], argv[3], sizes)
        return 0
    sys.stderr.write(usage)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
