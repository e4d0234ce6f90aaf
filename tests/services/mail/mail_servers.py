"""A real IMAP server for tests: Dovecot on 127.0.0.1 with a private config and its own CA.

Each server lives in a folder of its own under the system's temporary folder (the mail
processes run as an unprivileged user when the tests run as root, and must reach their
Maildir, which pytest's private temporary folders do not let them). The folder holds the
configuration, a throwaway CA and server certificate (trustme), the Maildir of one user and
Dovecot's log. Dovecot runs in the foreground (``dovecot -F -c CONF``) and is ready once its
port accepts a connection. Messages go in by IMAP APPEND (``admin()``: a read-write
connection the code under test never uses) or straight into the Maildir (``deliver``).
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import imapclient
import trustme

from tests.tools import require_tool, unavailable

USER = "ann@example.com"
PASSWORD = "ann-imap-secret-7Qx"  # unique enough to be searched for in files and logs
STARTUP_TIMEOUT = 10.0

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = {ssl}
ssl_cert = <{root}/server.pem
ssl_key = <{root}/server.key
ssl_dh = </usr/share/dovecot/dh.pem
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = {mail_uid}
first_valid_gid = {mail_gid}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
mail_fsync = never
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={root}/home/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
  }}
}}
protocol imap {{
  mail_max_userip_connections = 100
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
"""


@dataclass
class MailServer:
    """One running Dovecot: where it listens, the CA that signed it, and its user's Maildir."""

    root: Path
    imap_port: int  # plain IMAP; STARTTLS is offered unless the server runs without TLS
    imaps_port: int  # implicit TLS
    cafile: Path
    mail_uid: int
    mail_gid: int
    tls: bool = True
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def maildir(self) -> Path:
        return self.root / "home" / USER / "Maildir"

    def admin(self) -> imapclient.IMAPClient:
        """A read-write connection as the user, to put messages in and look at them."""
        context = ssl.create_default_context(cafile=str(self.cafile))
        client = imapclient.IMAPClient("127.0.0.1", self.imaps_port, ssl_context=context)
        client.login(USER, PASSWORD)
        return client

    def start(self) -> None:
        """Starts Dovecot in the foreground and waits until its TLS port accepts connections."""
        self.process = subprocess.Popen(
            ["dovecot", "-F", "-c", str(self.root / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, so kill() reaches every child
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _accepts(self.imaps_port if self.tls else self.imap_port):
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot did not start: {self._log()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"dovecot was not ready in {STARTUP_TIMEOUT} s: {self._log()}")
            time.sleep(0.01)  # polling the port: the server says nothing when it is ready

    def kill(self) -> None:
        """Kills Dovecot and every process it started, as a crash or a pulled cable would."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        _wait_for_group_gone(self.process.pid)
        if self.process.stderr is not None:
            self.process.stderr.close()
        self.process = None
        for leftover in (self.root / "run").glob("*"):  # a killed master leaves its pid file
            if leftover.name == "master.pid":
                leftover.unlink()

    def deliver(self, messages: list[EmailMessage], folder: str = "INBOX") -> None:
        """Writes messages straight into the Maildir (much faster than APPEND for thousands)."""
        target = self.maildir if folder == "INBOX" else self.maildir / f".{folder}"
        for sub in ("cur", "new", "tmp"):
            (target / sub).mkdir(parents=True, exist_ok=True)
        for number, message in enumerate(messages):
            name = f"{time.time_ns()}.M{number}P{os.getpid()}.test:2,S"
            (target / "cur" / name).write_bytes(bytes(message))
        self._give_to_mail_user()

    def _give_to_mail_user(self) -> None:
        """The mail processes run as the mail user: everything under home must be theirs."""
        if os.geteuid() != 0:
            return
        for path in [self.root / "home", *(self.root / "home").rglob("*")]:
            os.chown(path, self.mail_uid, self.mail_gid)

    def _log(self) -> str:
        log = self.root / "dovecot.log"
        text = log.read_text(errors="replace") if log.exists() else ""
        return text.strip().splitlines()[-1] if text.strip() else "(no log)"


def _accepts(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1.0)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _users() -> tuple[str, str, str, int, int]:
    """(internal user, its group, login user, mail uid, mail gid) for this process."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid())
        group = grp.getgrgid(os.getegid()).gr_name
        return me.pw_name, group, me.pw_name, os.geteuid(), os.getegid()
    try:
        internal = pwd.getpwnam("dovecot")
        login = pwd.getpwnam("dovenull")
        mail = pwd.getpwnam("nobody")
    except KeyError as missing:
        unavailable(f"the user {missing} that dovecot-imapd creates is missing")
    return (
        internal.pw_name,
        grp.getgrgid(internal.pw_gid).gr_name,
        login.pw_name,
        mail.pw_uid,
        mail.pw_gid,
    )


def _write_certificates(root: Path, hosts: tuple[str, ...]) -> Path:
    """A throwaway CA and a server certificate for ``hosts``; returns the CA's PEM file."""
    authority = trustme.CA()
    server = authority.issue_cert(*hosts)
    server.private_key_pem.write_to_path(str(root / "server.key"))
    server.cert_chain_pems[0].write_to_path(str(root / "server.pem"))
    cafile = root / "ca.pem"
    authority.cert_pem.write_to_path(str(cafile))
    return cafile


@contextlib.contextmanager
def running_mail_server(
    tls: bool = True, hosts: tuple[str, ...] = ("127.0.0.1", "localhost")
) -> Iterator[MailServer]:
    """A started Dovecot (``tls=False``: one that offers no TLS at all), stopped and removed after."""
    require_tool("dovecot")
    if not Path("/usr/lib/dovecot/imap").exists() and not shutil.which("doveconf"):
        unavailable("dovecot-imapd is not installed")
    internal_user, internal_group, login_user, mail_uid, mail_gid = _users()
    root = Path(tempfile.mkdtemp(prefix="freelance-ghost-dovecot-"))
    root.chmod(0o755)  # the mail and login processes run as other users
    try:
        cafile = _write_certificates(root, hosts)
        (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        server = MailServer(root, _free_port(), _free_port(), cafile, mail_uid, mail_gid, tls)
        (root / "dovecot.conf").write_text(
            CONFIG.format(
                root=root,
                ssl="yes" if tls else "no",
                internal_user=internal_user,
                internal_group=internal_group,
                login_user=login_user,
                mail_uid=mail_uid,
                mail_gid=mail_gid,
                imap_port=server.imap_port,
                imaps_port=server.imaps_port if tls else 0,  # 0: no implicit-TLS listener
            )
        )
        (server.maildir).mkdir(parents=True)
        server._give_to_mail_user()
        server.start()
        try:
            yield server
        finally:
            server.kill()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def mail(
    sender: str,
    to: str,
    subject: str,
    *,
    message_id: str | None = None,
    date: str | None = "Mon, 16 Nov 2026 10:00:00 +0100",
    cc: str | None = None,
    extra: dict[str, str] | None = None,
) -> EmailMessage:
    """A small message with a body the app must never read."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc is not None:
        message["Cc"] = cc
    message["Subject"] = subject
    if date is not None:
        message["Date"] = date
    if message_id is not None:
        message["Message-ID"] = message_id
    for name, value in (extra or {}).items():
        message[name] = value
    message.set_content("The body, which is never fetched.\n")
    return message


def _wait_for_group_gone(group: int) -> None:
    """Returns once no live process of ``group`` is left: a login process that is still dying
    holds the listening socket, and a connection made then is reset instead of refused.
    Zombies hold no socket (and whoever adopted them may never reap them), so they count
    as gone."""
    deadline = time.monotonic() + 30
    while _live_members(group):
        if time.monotonic() > deadline:
            raise AssertionError(f"processes of group {group} outlived SIGKILL for 30 s")
        time.sleep(0.005)  # polling the condition itself; SIGKILL takes effect at once


def _live_members(group: int) -> list[int]:
    """The processes of ``group`` that are not zombies, read from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        state, process_group = fields[0], int(fields[2])
        if process_group == group and state != "Z":
            members.append(int(entry.name))
    return members
