#!/usr/bin/env python3
"""Helpers of bench/sites.sh (not meant to be run by hand).

  sites_tools.py prepare FIXTURES WORK   copies the HTML of each site to
      WORK/sites/SITE (so that no .txt/.tsv/.py beside the sites is indexed)
      and writes WORK/q/SITE.tsv, the questions answered on that site, and
      WORK/q/all.tsv, every question
  sites_tools.py report FIXTURES WORK    the Markdown table, from the
      measurements in WORK/m/
"""
import json, os, re, shutil, sys

SITES = ["wordpress", "hugo", "builder", "faq", "legacy", "hidden"]


def answers(fixtures):
    """qid -> set of answering page paths (grade 2), relative to the sites folder."""
    a = {}
    for line in open(os.path.join(fixtures, "questions.answers.tsv"), encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        qid, path, _phrase, grade = line.rstrip("\n").split("\t")
        if grade == "2":
            a.setdefault(qid, set()).add(path)
    return a


def questions(fixtures):
    return [l.rstrip("\n").split("\t", 1) for l in open(os.path.join(fixtures, "questions.tsv"), encoding="utf-8") if l.strip()]


def boilerplate(fixtures):
    return [l.strip() for l in open(os.path.join(fixtures, "boilerplate.txt"), encoding="utf-8")
            if l.strip() and not l.startswith("#")]


def prepare(fixtures, work):
    a, qs = answers(fixtures), questions(fixtures)
    os.makedirs(os.path.join(work, "q"), exist_ok=True)
    for site in SITES:
        src = os.path.join(fixtures, site)
        for dp, _dn, fn in os.walk(src):
            for f in fn:
                if f.endswith((".html", ".htm")):
                    rel = os.path.relpath(os.path.join(dp, f), src)
                    dst = os.path.join(work, "sites", site, rel)
                    os.makedirs(os.path.dirname(dst), exist_ok=True)
                    shutil.copyfile(os.path.join(dp, f), dst)
        with open(os.path.join(work, "q", site + ".tsv"), "w", encoding="utf-8") as out:
            for qid, q in qs:
                if any(p.startswith(site + "/") for p in a.get(qid, ())):
                    out.write(f"{qid}\t{q}\n")
    with open(os.path.join(work, "q", "all.tsv"), "w", encoding="utf-8") as out:
        for qid, q in qs:
            out.write(f"{qid}\t{q}\n")


def url_to_path(url):
    """A Pagefind URL (/lash-lift/, /prices.htm) as a file path under the site."""
    p = url.split("#")[0].split("?")[0].lstrip("/")
    if p == "" or p.endswith("/"):
        p += "index.html"
    return p


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return None


def report(fixtures, work):
    a, bp = answers(fixtures), boilerplate(fixtures)
    m = os.path.join(work, "m")
    rows = []
    bad = {"Pagefind": "n/a", "smpsearch": 0}
    pf_top_all, smp_top_all = None, {}
    unwanted = lambda p: p.startswith("hidden/") or p.endswith("404.html")
    for site in SITES + ["all"]:
        prefix = "" if site == "all" else site + "/"
        qids = [l.split("\t")[0] for l in open(os.path.join(work, "q", site + ".tsv"), encoding="utf-8") if l.strip()]
        want = {q: {p[len(prefix):] for p in a.get(q, ()) if p.startswith(prefix)} for q in qids}
        n = len(qids)
        sitedir = os.path.join(work, "sites") if site == "all" else os.path.join(work, "sites", site)
        pages = sum(1 for dp, _d, fn in os.walk(sitedir) for f in fn if f.endswith((".html", ".htm")))
        kb = sum(os.path.getsize(os.path.join(dp, f)) for dp, _d, fn in os.walk(sitedir) for f in fn) / 1024

        # Pagefind
        pf = load(os.path.join(m, f"pf-{site}.json"))
        if pf:
            pf = json.loads(pf)
            top = {q: [url_to_path(u) for u in pf["results"].get(q, [])] for q in qids}
            pf1 = sum(1 for q in qids if top[q][:1] and top[q][0] in want[q])
            pf3 = sum(1 for q in qids if any(p in want[q] for p in top[q][:3]))
            pf_empty = sum(1 for q in qids if not top[q])
            if site == "all":
                bad["Pagefind"] = sum(1 for q in qids if any(unwanted(p) for p in top[q]))
                pf_top_all = top
            pf_cells = [f"{pf['seconds']:.2f}", f"{pf['bytes'] / 1024:.1f} ({pf['bytes_all'] / 1024:.0f})",
                        f"{pf1}/{n}", f"{pf3}/{n}", str(pf_empty), str(len(pf["boilerplate"]))]
        else:
            pf1 = pf3 = 0
            pf_cells = ["n/a"] * 6

        # smpsearch
        sm = load(os.path.join(m, f"smp-{site}.json"))
        sm = json.loads(sm) if sm else {}
        base = os.path.realpath(sitedir) + "/"
        passages = []
        for line in (load(os.path.join(m, f"smp-{site}.passages.jsonl")) or "").splitlines():
            try:
                passages.append(json.loads(line))
            except ValueError:
                pass
        top = {q: [] for q in qids}
        for line in (load(os.path.join(m, f"smp-{site}.run.jsonl")) or "").splitlines():
            try:
                d = json.loads(line)
            except ValueError:
                continue
            paths = []
            for r in d.get("results", [])[:3]:
                p = os.path.realpath(r.get("article", {}).get("path", ""))
                paths.append(p[len(base):] if p.startswith(base) else p)
            if d.get("id") in top:
                top[d["id"]] = paths
        smp1 = sum(1 for q in qids if top[q][:1] and top[q][0] in want[q])
        smp3 = sum(1 for q in qids if any(p in want[q] for p in top[q][:3]))
        leaked = sorted({p for p in bp for x in passages
                         if p.lower() in re.sub(r"\s+", " ", " ".join(str(x.get(k) or "") for k in ("heading", "text"))).lower()})
        smp_cells = [f"{sm['seconds']:.2f}" if "seconds" in sm and sm.get("rc") not in (126, 127) else "n/a",
                     f"{sm['bytes'] / 1024:.1f}" if sm.get("bytes") else "0",
                     str(len(passages)), f"{smp1}/{n}", f"{smp3}/{n}", str(len(leaked))]
        if site == "all":
            bad["smpsearch"] = sum(1 for q in qids if any(unwanted(p) for p in top[q]))
            smp_top_all = top
        rows.append([site, str(pages), f"{kb:.0f}", str(n)] + pf_cells + smp_cells)
        if leaked:
            with open(os.path.join(m, f"smp-{site}.leaked.txt"), "w", encoding="utf-8") as f:
                f.write("\n".join(leaked) + "\n")

    head = ["site", "pages", "KB", "questions",
            "Pagefind build s", "Pagefind index KB (all files)", "Pagefind top-1", "Pagefind top-3", "Pagefind no result", "Pagefind boilerplate",
            "smpsearch build s", "smpsearch index KB", "smpsearch passages", "smpsearch top-1", "smpsearch top-3", "smpsearch boilerplate"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    out += ["", "Questions whose first 3 results (all sites as one) held a noindex or 404 page: "
            f"Pagefind {bad['Pagefind']}, smpsearch {bad['smpsearch']}."]
    # each question, all sites as one
    def cell(tops, q):
        if tops is None:
            return "n/a"
        t = tops.get(q, [])
        rank = next((i + 1 for i, p in enumerate(t) if p in a.get(q, ())), None)
        return (f"{rank}" if rank else "–") + (f" ({t[0]})" if t and not rank else "")
    out += ["", "Each question, all sites as one: the rank of the first answering page within the first 3 "
            "(– when none; in brackets what came first instead).", "",
            "| question | answering page | Pagefind | smpsearch |", "|---|---|---|---|"]
    for qid, q in questions(fixtures):
        out.append(f"| {qid} {q} | {', '.join(sorted(a.get(qid, ())))} | {cell(pf_top_all, qid)} | {cell(smp_top_all, qid)} |")
    return "\n".join(out)


def timed(out_json, log, argv):
    """Runs argv, its output to log; writes wall seconds, exit status and the
    size of the file after -o (0 when there is none) to out_json."""
    import subprocess, time
    t = time.perf_counter()
    try:
        with open(log, "w") as f:
            rc = subprocess.call(argv, stdout=f, stderr=subprocess.STDOUT)
    except OSError as e:
        with open(log, "a") as f:
            f.write(f"{e}\n")
        rc = 127
    secs = time.perf_counter() - t
    target = argv[argv.index("-o") + 1] if "-o" in argv else None
    size = os.path.getsize(target) if target and os.path.isfile(target) else 0
    with open(out_json, "w") as f:
        json.dump({"seconds": secs, "bytes": size, "rc": rc}, f)


if __name__ == "__main__":
    if sys.argv[1] == "timed":
        timed(sys.argv[2], sys.argv[3], sys.argv[4:])
        sys.exit(0)
    cmd, fixtures, work = sys.argv[1:4]
    if cmd == "prepare":
        prepare(fixtures, work)
    elif cmd == "report":
        print(report(fixtures, work))
    else:
        sys.exit(f"unknown command {cmd}")
