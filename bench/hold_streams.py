#!/usr/bin/env python3
"""Opens N web-chat sessions on a frontdesk server and holds one server-sent
event stream open on each, for bench/http_bench.sh ("the same while 1,000
event streams are open"). Prints "holding N streams" once every stream has
its 200 and headers, then keeps reading (heartbeats) until killed.

    hold_streams.py URL N
"""
import json
import resource
import selectors
import socket
import sys
import urllib.parse
import urllib.request


def new_session(url):
    req = urllib.request.Request(url + "/v1/chat/sessions", data=b"{}", method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        j = json.load(r)
    return j["id"], j["token"]


def main():
    url, count = sys.argv[1].rstrip("/"), int(sys.argv[2])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # one socket per stream
    host = urllib.parse.urlparse(url)
    sessions = [new_session(url) for _ in range(count)]
    sel = selectors.DefaultSelector()
    for sid, token in sessions:
        s = socket.create_connection((host.hostname, host.port))
        s.sendall((f"GET /v1/chat/sessions/{sid}/events?token={token} HTTP/1.1\r\n"
                   f"Host: {host.netloc}\r\nAccept: text/event-stream\r\n\r\n").encode())
        sel.register(s, selectors.EVENT_READ, {"open": False, "head": bytearray()})
    opened = 0
    while opened < count:
        events = sel.select(timeout=30)
        if not events:
            sys.exit(f"hold_streams: only {opened} of {count} streams opened within 30 s")
        for key, _ in events:
            state = key.data
            chunk = key.fileobj.recv(65536)
            if not chunk:
                sys.exit(f"hold_streams: a stream closed: {bytes(state['head'][:200])!r}")
            if state["open"]:
                continue  # a heartbeat or an event: dropped
            state["head"] += chunk
            if b"\r\n\r\n" in state["head"]:
                status = state["head"].split(b" ", 2)[1]
                if status != b"200":
                    sys.exit(f"hold_streams: a stream was refused: {bytes(state['head'][:300])!r}")
                state["open"] = True
                opened += 1
    print(f"holding {count} streams", flush=True)
    while True:
        for key, _ in sel.select(timeout=60):
            if not key.fileobj.recv(65536):
                sel.unregister(key.fileobj)


if __name__ == "__main__":
    main()
