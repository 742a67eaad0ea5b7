#!/usr/bin/env python3
"""Clients for the server's load and fault tests (limits.sh, inplace.sh).

  clients.py idle PORT N SECONDS        hold N idle connections (from 127.0.0.1)
  clients.py slow PORT N SECONDS        N connections sending a request a byte a second
  clients.py get PORT PATH SOURCE       one GET from address SOURCE: "STATUS SECONDS"
  clients.py questions PORT N SEED      N distinct questions of made-up words, 4 at a time
  clients.py watch PORT SECONDS OUT     questions for SECONDS, 4 at a time; each answer's
                                        status and passage ids, a line each, to OUT

Standard library only; each mode prints what it did on stdout.
"""
import http.client
import random
import socket
import sys
import threading
import time
import urllib.parse


def hold(port, n, secs, slow):
    socks = []
    refused = 0
    for _ in range(n):
        s = socket.socket()
        try:
            s.connect(("127.0.0.1", port))
            socks.append(s)
        except OSError:
            refused += 1
            s.close()
    print("connected %d refused %d" % (len(socks), refused), flush=True)
    req = b"GET /api/search?q=how+long+does+it+last HTTP/1.1\r\nHost: x\r\n\r\n"
    end = time.time() + secs
    i = 0
    while time.time() < end:
        if slow:
            for s in list(socks):
                try:
                    s.send(req[i % len(req):i % len(req) + 1])
                except OSError:
                    socks.remove(s)
            i += 1
        time.sleep(1 if slow else 0.2)
    for s in socks:
        s.close()


def get(port, path, source):
    t = time.time()
    s = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.sock = s
    c.request("GET", path)
    r = c.getresponse()
    r.read()
    print("%d %.3f" % (r.status, time.time() - t))


def word(rnd):
    return "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(5, 9)))


def ask(port, questions, out=None, until=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for q in questions:
        if until and time.time() > until:
            break
        for attempt in range(3):
            try:
                c.request("GET", "/api/search?k=3&q=" + urllib.parse.quote(q))
                r = c.getresponse()
                body = r.read()
                break
            except (OSError, http.client.HTTPException):
                c.close()
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                body, r = None, None
        if out is not None:
            if r is None:
                out.append("error")
            else:
                import json
                try:
                    ids = [x["passage_id"] for x in json.loads(body)["results"]]
                except (ValueError, KeyError):
                    ids = ["unreadable"]
                out.append(("%d %s %s" % (r.status, q, " ".join(ids))).rstrip())


def questions(port, n, seed):
    rnd = random.Random(seed)
    qs = [" ".join(word(rnd) for _ in range(4)) for _ in range(n)]
    ts = [threading.Thread(target=ask, args=(port, qs[i::4])) for i in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print("asked %d" % n)


def watch(port, secs, path):
    base = ["how long does it last", "does it hurt", "how much does it cost",
            "aftercare", "how many sessions", "microblading", "lash lift", "brow lamination"]
    outs = [[] for _ in range(4)]
    until = time.time() + secs
    ts = [threading.Thread(target=ask, args=(port, base * 100000, outs[i], until)) for i in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    with open(path, "w") as f:
        for o in outs:
            for line in o:
                f.write(line + "\n")
    print("answers %d" % sum(len(o) for o in outs))


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    if mode in ("idle", "slow"):
        hold(port, int(sys.argv[3]), float(sys.argv[4]), mode == "slow")
    elif mode == "get":
        get(port, sys.argv[3], sys.argv[4])
    elif mode == "questions":
        questions(port, int(sys.argv[3]), int(sys.argv[4]))
    elif mode == "watch":
        watch(port, float(sys.argv[3]), sys.argv[4])
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
