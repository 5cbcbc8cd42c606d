#!/usr/bin/env python3
"""A real SMTP server on loopback for the e-mail tests (Debian's
python3-aiosmtpd): every message it accepts is written to DIR as one file
(NNNN.eml, written to a temporary name first, then renamed, so a reader never
sees half a message). Prints the port it listens on, then serves until killed.

Usage: smtp_sink.py DIR [--port N] [--reject ADDR]... [--tempfail ADDR]...
  --reject ADDR    answer RCPT TO:<ADDR> with 550 (a permanent failure)
  --tempfail ADDR  answer RCPT TO:<ADDR> with 451 (a temporary one)
"""
import argparse
import asyncio
import itertools
import os

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, directory, reject, tempfail):
        self.directory = directory
        self.reject = {a.lower() for a in reject}
        self.tempfail = {a.lower() for a in tempfail}
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 No such user here"
        if address.lower() in self.tempfail:
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        n = next(self.counter)
        path = os.path.join(self.directory, "%04d.eml" % n)
        with open(path + ".tmp", "wb") as f:
            f.write(("X-Envelope-From: <%s>\r\n" % envelope.mail_from).encode())
            f.write(("X-Envelope-To: <%s>\r\n" % ",".join(envelope.rcpt_tos)).encode())
            f.write(envelope.original_content)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 Message accepted for delivery"


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--reject", action="append", default=[])
    p.add_argument("--tempfail", action="append", default=[])
    args = p.parse_args()
    sink = Sink(args.dir, args.reject, args.tempfail)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(sink, enable_SMTPUTF8=True, decode_data=False),
                                      "127.0.0.1", args.port, reuse_address=True)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
