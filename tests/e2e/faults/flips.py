#!/usr/bin/env python3
"""Single-bit flips in an index file: none may change an answer silently.

  flips.py SMPSEARCH INDEX FLIPS SEED QUESTIONS_FILE

Flips FLIPS single bits of INDEX, spread evenly over its header, section
table, every section and footer (the same number in each, at random
places), and for each asks the questions with `smpsearch query --batch
--json`.  A flip is *detected* when the query fails (exit status not 0),
*harmless* when the output is the same as the undamaged index's, and
*silent* when the query succeeds with a different output.  Prints the
counts per section and exits 1 if any flip was silent.
"""
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile

NAMES = {1: "meta", 2: "terms", 3: "dictionary", 4: "postings", 5: "passages", 6: "articles",
         7: "strings", 8: "store index", 9: "store", 10: "aliases", 11: "store dictionary",
         12: "positions", 13: "positions index", 14: "lengths", 17: "article info",
         18: "fragments", 19: "languages", 20: "ranking"}


def regions(data):
    nsec = struct.unpack_from("<I", data, 16)[0]
    out = [("header", 0, 64), ("section table", 64, 32 * nsec)]
    for i in range(nsec):
        sid, _crc, off, length = struct.unpack_from("<IIQQ", data, 64 + 32 * i)
        if length:
            out.append((NAMES.get(sid, "section %d" % sid), off, length))
    out.append(("footer", len(data) - 16, 16))
    return out


def main():
    smp, index, flips, seed, qfile = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    data = open(index, "rb").read()
    tmp = tempfile.mkdtemp(prefix="smpflips.")
    try:
        victim = os.path.join(tmp, "v.idx")

        def ask():
            p = subprocess.run([smp, "query", "--index", victim, "--json", "-k", "5", "--batch", qfile],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=60)
            return p.returncode, p.stdout

        shutil.copyfile(index, victim)
        rc, want = ask()
        if rc != 0 or not want:
            sys.exit("the undamaged index does not answer")
        rnd = random.Random(seed)
        regs = regions(data)
        per = max(1, flips // len(regs))
        counts = {}
        silent = []
        total = 0
        for name, off, length in regs:
            c = counts.setdefault(name, [0, 0, 0])
            for _ in range(per):
                at = off + rnd.randrange(length)
                bit = rnd.randrange(8)
                buf = bytearray(data)
                buf[at] ^= 1 << bit
                with open(victim, "wb") as f:
                    f.write(buf)
                rc, got = ask()
                total += 1
                if rc != 0:
                    c[0] += 1
                elif got == want:
                    c[1] += 1
                else:
                    c[2] += 1
                    silent.append("%s: byte %d bit %d" % (name, at, bit))
        print("%-18s %9s %9s %7s" % ("region", "detected", "harmless", "silent"))
        for name, c in counts.items():
            print("%-18s %9d %9d %7d" % (name, c[0], c[1], c[2]))
        print("%d flips: %d detected, %d harmless, %d silent" %
              (total, sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values()),
               len(silent)))
        for s in silent[:20]:
            print("SILENT: " + s)
        sys.exit(1 if silent else 0)
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
