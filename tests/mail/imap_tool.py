#!/usr/bin/python3
"""The mail fetch tests' own IMAP client (Python's imaplib), independent of
the libcurl one under test: puts messages into a mailbox and reads their
flags back.

usage: imap_tool.py PORT USER PASSWORD append FILE...   prints the UIDs given
       imap_tool.py PORT USER PASSWORD flags            prints {"UID": [flags]} as JSON
"""
import imaplib
import json
import re
import sys


def main():
    port, user, password, verb = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    m = imaplib.IMAP4("127.0.0.1", port)
    m.login(user, password)
    if verb == "append":
        uids = []
        for path in sys.argv[5:]:
            with open(path, "rb") as f:
                typ, data = m.append("INBOX", None, None, f.read())
            if typ != "OK":
                sys.exit(f"append {path}: {data}")
            uids.append(re.search(rb"APPENDUID \d+ (\d+)", data[0]).group(1).decode())
        print(" ".join(uids))
    elif verb == "flags":
        m.select("INBOX", readonly=True)
        typ, data = m.uid("FETCH", "1:*", "(FLAGS)")
        flags = {}
        for item in data:
            if not item:
                continue
            found = re.search(rb"UID (\d+) FLAGS \(([^)]*)\)", item) or re.search(rb"FLAGS \(([^)]*)\) UID (\d+)", item)
            if found is None:
                continue
            a, b = found.group(1).decode(), found.group(2).decode()
            uid, fl = (a, b) if a.isdigit() else (b, a)
            flags[uid] = sorted(fl.split())
        print(json.dumps(flags))
    else:
        sys.exit(f"unknown verb {verb}")
    m.logout()


if __name__ == "__main__":
    main()
