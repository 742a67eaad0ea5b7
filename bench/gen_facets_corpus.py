#!/usr/bin/env python3
"""Writes a corpus of Markdown articles with categories and tags, for
bench/filter.sh: N articles of 3 to 6 sections, each section's heading
and sentences drawn from the bundled corpus (so words have its
frequencies), categories from 10 with skewed shares (the last, "rare",
about 1% of the articles), and 1 to 4 tags of 200 (Zipf-like shares).
Deterministic for a seed.

Usage: bench/gen_facets_corpus.py CORPUS_DIR OUT_DIR [N] [SEED]
"""
import os
import random
import re
import sys

CATS = ["lash lift", "scalp micropigmentation", "brows", "lash extensions", "lips",
        "eyeliner", "hair loss", "patch tests", "skin", "rare"]
SHARES = [30, 22, 15, 11, 8, 5, 4, 2, 2, 1]


def main():
    src, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    rnd = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    headings, sentences = [], []
    for name in sorted(os.listdir(src)):
        if not name.endswith(".md"):
            continue
        text = open(os.path.join(src, name), encoding="utf-8").read()
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        for line in text.splitlines():
            if line.startswith("## "):
                headings.append(line[3:].strip())
        body = re.sub(r"^#.*$", "", text, flags=re.M)
        for s in re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", body)):
            if len(s.split()) >= 5:
                sentences.append(s.strip())
    tags = ["tag%03d" % i for i in range(200)]
    tag_w = [1.0 / (i + 1) for i in range(200)]
    os.makedirs(out, exist_ok=True)
    for a in range(n):
        cat = rnd.choices(CATS, weights=SHARES)[0]
        ts = sorted(set(rnd.choices(tags, weights=tag_w, k=rnd.randint(1, 4))))
        parts = ["---", "title: %s" % rnd.choice(headings).rstrip("?"),
                 "categories: [%s]" % cat, "tags: [%s]" % ", ".join(ts), "---", ""]
        for _ in range(rnd.randint(3, 6)):
            parts.append("## " + rnd.choice(headings))
            parts.append("")
            parts.append(" ".join(rnd.choice(sentences) for _ in range(rnd.randint(3, 7))))
            parts.append("")
        sub = os.path.join(out, "%02d" % (a % 100))
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, "a%06d.md" % a), "w", encoding="utf-8") as f:
            f.write("\n".join(parts))


if __name__ == "__main__":
    main()
