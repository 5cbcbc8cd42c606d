#!/usr/bin/env python3
"""Feeds a few hundred e-mails of every shape through `frontdesk mail
deliver` and counts what happened: exit codes, crashes (a signal), hangs
(over the time limit), and whether every accepted mail is in the store.

The mails are made here, from the fixtures in tests/data/mail/ and from
scratch: every fixture as it is, cut short at random places, with random
bytes flipped, with line ends changed (CRLF, LF, CR), with broken base64
and quoted-printable, with unknown and misspelled charsets, with broken and
unterminated encoded words, with NUL and 8-bit bytes in headers, nested
multiparts 60 deep, 500 parts, a 2 MB line, thousands of headers, no body,
no headers, and random bytes. Each mail gets a Message-ID of its own (or
none), so each accepted one must be a row of its own.

Usage: tests/mail/robustness.py FRONTDESK_BINARY [--count N] [--seed S] [--keep DIR]
Prints one line per outcome and a summary; exit 1 if any crash, hang,
exit code other than 0/65 or lost mail.
"""
import argparse
import base64
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "data", "mail")


def fixtures():
    out = []
    for name in sorted(os.listdir(FIXTURES)):
        if name.endswith(".eml"):
            with open(os.path.join(FIXTURES, name), "rb") as f:
                out.append((name, f.read()))
    return out


def with_id(raw, n):
    """Replaces (or adds) the Message-ID so that each mail is its own."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = raw.partition(b"\n\n")
    lines = [l for l in head.splitlines() if not l.lower().startswith(b"message-id:")]
    lines.insert(0, b"Message-ID: <robust-%d@gen.example>" % n)
    return b"\r\n".join(lines) + (sep or b"\r\n\r\n") + body


def shapes(rng, base):
    """(shape name, function(n) -> bytes) for every shape."""
    def pick():
        return rng.choice(base)[1]

    def truncated(n):
        raw = pick()
        return with_id(raw, n)[: rng.randint(1, len(raw))]

    def flipped(n):
        raw = bytearray(with_id(pick(), n))
        for _ in range(rng.randint(1, 40)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)

    def line_ends(n):
        raw = with_id(pick(), n).replace(b"\r\n", b"\n")
        return raw.replace(b"\n", rng.choice([b"\r\n", b"\r", b"\n", b"\n\r"]))

    def bad_transfer(n):
        junk = bytes(rng.randrange(256) for _ in range(rng.randint(10, 4000)))
        enc = rng.choice(["base64", "quoted-printable", "x-uuencode", "8bit", "bogus"])
        body = base64.b64encode(junk)[: rng.randint(1, 5000)] + b"=!@#\r\n=ZZ=\r\n" if enc == "base64" else junk
        return (b"From: gen%d@example.com\r\nSubject: bad transfer\r\nMessage-ID: <robust-%d@gen.example>\r\n"
                b"Content-Type: text/plain; charset=%s\r\nContent-Transfer-Encoding: %s\r\n\r\n"
                % (n, n, rng.choice([b"utf-8", b"windows-1258", b"x-unknown", b"utf-7", b"\"iso-8859-1", b""]),
                   enc.encode())) + body

    def bad_words(n):
        words = [b"=?utf-8?B?", b"=?utf-8?Q?=C3?=", b"=?windows-1258?Q?=D0=F4?=", b"=?x?Q?a?=", b"=?utf-8?B?SGVsbG8?=",
                 b"=?utf-8?q?t=E1=BB=AB?==?utf-8?q?_xa?=", b"=?=?", b"?=", b"=?utf-8*vi?B?xINu?=", b"\xe2\x82"]
        subject = b" ".join(rng.choice(words) for _ in range(rng.randint(1, 30)))
        return (b"From: =?utf-8?B?" + base64.b64encode("Người gửi %d".encode()) + b"?= <g%d@example.vn>\r\n"
                % n + b"Subject: " + subject + b"\r\nMessage-ID: <robust-%d@gen.example>\r\n\r\nXin ch\xc3\xa0o\r\n" % n)

    def deep(n):
        depth = rng.randint(20, 80)
        head = b"From: deep%d@example.com\r\nSubject: deep\r\nMessage-ID: <robust-%d@gen.example>\r\n" % (n, n)
        body = b""
        for i in range(depth):
            body += b"Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n--b%d\r\n" % (i, i)
        body += b"Content-Type: text/plain\r\n\r\nwhere is my order\r\n"
        for i in reversed(range(depth)):
            if rng.random() < 0.7:
                body += b"--b%d--\r\n" % i
        return head + body

    def many_parts(n):
        parts = b"".join(b"--p\r\nContent-Type: %s\r\nContent-Disposition: attachment; filename=\"f%d\"\r\n\r\nx\r\n"
                         % (rng.choice([b"text/plain", b"image/png", b"application/pdf", b"message/rfc822"]), i)
                         for i in range(rng.randint(100, 500)))
        return (b"From: parts%d@example.com\r\nSubject: parts\r\nMessage-ID: <robust-%d@gen.example>\r\n"
                b"Content-Type: multipart/mixed; boundary=p\r\n\r\n" % (n, n)) + parts + b"--p--\r\n"

    def long_line(n):
        return (b"From: long%d@example.com\r\nSubject: " % n + b"s" * rng.randint(1000, 100000) +
                b"\r\nMessage-ID: <robust-%d@gen.example>\r\n\r\n" % n + b"a" * rng.randint(100000, 2000000) + b"\r\n")

    def many_headers(n):
        headers = b"".join(b"X-H%d: %s\r\n" % (i, b"v" * rng.randint(0, 50)) for i in range(rng.randint(1000, 5000)))
        return b"From: hdr%d@example.com\r\n" % n + headers + b"Message-ID: <robust-%d@gen.example>\r\n\r\nhi\r\n" % n

    def nul_headers(n):
        return (b"From: nul\x00%d@example.com\r\nSubject: a\x00b\xff\xfe\r\nMessage-ID: <robust-%d@gen.example>\r\n\r\n"
                % (n, n) + bytes(rng.randrange(256) for _ in range(200)))

    def no_body(n):
        return b"From: nobody%d@example.com\r\nSubject: no body\r\nMessage-ID: <robust-%d@gen.example>" % (n, n)

    def no_headers(n):
        return b"\r\n\r\nJust a body %d without any header\r\n" % n

    def random_bytes(n):
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000)))

    def html_only(n):
        html = b"<html>" + b"<div><blockquote>" * rng.randint(1, 300) + b"&#x1F600;&amp;&bogus;&#99999999;<script>x" + b"</p>" * 50
        return (b"From: html%d@example.com\r\nSubject: html\r\nMessage-ID: <robust-%d@gen.example>\r\n"
                b"Content-Type: text/html; charset=utf-8\r\n\r\n" % (n, n)) + html

    def as_is(n):
        return with_id(pick(), n)

    return [("fixture", as_is), ("truncated", truncated), ("flipped", flipped), ("line_ends", line_ends),
            ("bad_transfer", bad_transfer), ("bad_encoded_words", bad_words), ("deep_multipart", deep),
            ("many_parts", many_parts), ("long_lines", long_line), ("many_headers", many_headers),
            ("nul_8bit_headers", nul_headers), ("no_body", no_body), ("no_headers", no_headers),
            ("random_bytes", random_bytes), ("html_only", html_only)]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary")
    p.add_argument("--count", type=int, default=300)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--timeout", type=float, default=30)
    p.add_argument("--keep", help="write the generated mails here")
    args = p.parse_args()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="frontdesk-mail-robustness-")
    with open(os.path.join(work, "frontdesk.yaml"), "w") as f:
        f.write("packs: [%s, %s, %s]\n" % (os.path.join(ROOT, "intents"), os.path.join(ROOT, "rules"),
                                           os.path.join(ROOT, "examples/shop/lookups.yaml")))
        f.write("databases:\n  - {path: shop.db, build_from: %s}\n" % os.path.join(ROOT, "examples/shop/shop.sql"))
        f.write("store:\n  path: frontdesk.db\nmail:\n  from: support@shop.example\n  max_message_bytes: 4194304\n")
    config = os.path.join(work, "frontdesk.yaml")
    all_shapes = shapes(rng, fixtures())
    counts, by_shape, accepted, slowest = {}, {}, set(), 0.0
    failures = []
    for n in range(args.count):
        name, make = all_shapes[n % len(all_shapes)]
        raw = make(n)
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            with open(os.path.join(args.keep, "%04d-%s.eml" % (n, name)), "wb") as f:
                f.write(raw)
        start = time.monotonic()
        try:
            r = subprocess.run([args.binary, "mail", "deliver", "-c", config], input=raw,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=args.timeout)
            code = r.returncode
            outcome = {0: "exit 0", 65: "exit 65", 75: "exit 75"}.get(code, "crash (signal %d)" % -code if code < 0 else "exit %d" % code)
        except subprocess.TimeoutExpired:
            outcome = "hang"
        slowest = max(slowest, time.monotonic() - start)
        counts[outcome] = counts.get(outcome, 0) + 1
        by_shape.setdefault(name, {}).setdefault(outcome, 0)
        by_shape[name][outcome] += 1
        if outcome == "exit 0":
            accepted.add(raw)
        elif outcome != "exit 65":
            failures.append((n, name, outcome))
    db = sqlite3.connect(os.path.join(work, "frontdesk.db"))
    stored = db.execute("SELECT COUNT(*) FROM inbound_mail WHERE result_json != ''").fetchone()[0]
    decided = db.execute("SELECT COUNT(*) FROM messages WHERE direction = 'in' AND channel = 'email'").fetchone()[0]
    for name in sorted(by_shape):
        print("%-18s %s" % (name, ", ".join("%s: %d" % kv for kv in sorted(by_shape[name].items()))))
    print("total: %d mails; %s" % (args.count, ", ".join("%s: %d" % kv for kv in sorted(counts.items()))))
    print("accepted %d distinct, stored and decided %d (inbound_mail), %d messages recorded; slowest %.2f s"
          % (len(accepted), stored, decided, slowest))
    lost = len(accepted) - stored
    for f in failures[:20]:
        print("FAILED: mail %d (%s): %s" % f)
    if lost != 0:
        print("LOST: %d accepted mails are not in the store" % lost)
    return 1 if failures or lost != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
