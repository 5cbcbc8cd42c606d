#!/usr/bin/python3
"""A real IMAP server for the mail fetch tests: Debian's Dovecot with a
configuration of its own in DIR (nothing of /etc/dovecot is read), plain
IMAP on 127.0.0.1, one mailbox per user of USERS (name:password, plain
text: a test server only). Prints the port once Dovecot accepts
connections, then stays in the foreground until killed; kill the process
group to stop Dovecot's children too. The mail lives in DIR/mail and
survives a restart on the same DIR and port.

usage: imap_server.py DIR --port P --user NAME:PASSWORD [--user ...]
"""
import argparse
import grp
import os
import pwd
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def config(d, port, root):
    if root:
        # Dovecot's own users for its processes; the mail belongs to nobody
        # (Dovecot refuses to store mail as root).
        internal, login = "dovecot", "dovenull"
        mail_uid, mail_gid = pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid
        chroot = ""
    else:
        # Without root every process runs as the caller, without chroot.
        me = pwd.getpwuid(os.getuid()).pw_name
        internal = login = me
        mail_uid, mail_gid = os.getuid(), os.getgid()
        chroot = """
service imap-login {
  chroot =
  user = $default_login_user
}
service anvil {
  chroot =
}
"""
    return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = 1
mail_location = maildir:{d}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/users
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={d}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
{chroot}
""", mail_uid, mail_gid


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--user", action="append", default=[])
    a = p.parse_args()
    d = os.path.abspath(os.path.join(a.dir, "dovecot"))
    root = os.getuid() == 0
    port = a.port or free_port()
    text, uid, gid = config(d, port, root)
    for sub in ("run", "state", "mail", "home"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    if root:
        # The mail processes run as nobody: they must reach and own their folders.
        path = d
        while path != "/":
            os.chmod(path, os.stat(path).st_mode | 0o011)
            path = os.path.dirname(path)
        for sub in ("mail", "home"):
            os.chown(os.path.join(d, sub), uid, gid)
    with open(os.path.join(d, "dovecot.conf"), "w") as f:
        f.write(text)
    with open(os.path.join(d, "users"), "w") as f:
        for u in a.user:
            name, password = u.split(":", 1)
            f.write(f"{name}:{{PLAIN}}{password}::::::\n")
    proc = subprocess.Popen(["/usr/sbin/dovecot", "-F", "-c", os.path.join(d, "dovecot.conf")])
    deadline = time.time() + 20
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.stderr.write(open(os.path.join(d, "dovecot.log")).read() if os.path.exists(os.path.join(d, "dovecot.log")) else "")
            sys.exit(f"dovecot exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        proc.kill()
        sys.exit("dovecot did not start listening")
    print(port, flush=True)
    sys.exit(proc.wait())


if __name__ == "__main__":
    main()
