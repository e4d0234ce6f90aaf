"""What a supporter asks first, checked in one go: ``doctor`` and the window's Diagnostics.

Each check says what it found and, for a problem, one sentence on how to fix it. A problem
is essential when the app cannot work with it (no usable data folder, database or time
zone); the rest (no notification server, no keyring) make the app do less, not stop.
Nothing here changes the data folder: the database is read by ``inspect_existing`` through
SQLite only, never opened with a plain ``open()`` (the window or cron may hold it).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from freelance_ghost import PROG, __version__
from freelance_ghost.core.clock import ZoneError, format_instant, system_zone
from freelance_ghost.services.autostart import login_item
from freelance_ghost.services.backups import list_backups
from freelance_ghost.store.database import refuse_read_only_file
from freelance_ghost.store.inspection import (
    DatabaseRefusedError,
    database_path,
    inspect_existing,
)

TRAY_IN_WINDOW = "checked in the window (Help, Diagnostics)"


@dataclass(frozen=True)
class Check:
    """One line of the diagnosis: what was looked at, what was found, and the fix if any."""

    name: str
    found: str
    fix: str | None = None
    essential: bool = False

    @property
    def problem(self) -> bool:
        """Whether this check found something to fix."""
        return self.fix is not None


@dataclass(frozen=True)
class Diagnosis:
    """Every check, in the order a supporter reads them."""

    checks: tuple[Check, ...]

    @property
    def can_work(self) -> bool:
        """False when an essential check failed: ``doctor`` then exits 1."""
        return not any(check.problem and check.essential for check in self.checks)

    def as_json(self) -> dict[str, object]:
        """The diagnosis as ``doctor --json`` prints it."""
        return {
            "version": __version__,
            "can_work": self.can_work,
            "checks": [{**asdict(check), "problem": check.problem} for check in self.checks],
        }

    def text(self) -> str:
        """The diagnosis as one screen of text: a line per check, then each fix."""
        width = max(len(check.name) for check in self.checks)
        lines = [f"{check.name.ljust(width)}  {check.found}" for check in self.checks]
        fixes = [f"- {check.name}: {check.fix}" for check in self.checks if check.fix]
        if fixes:
            lines += ["", "To fix:", *fixes]
        verdict = "The app can work." if self.can_work else "The app cannot work until fixed."
        return "\n".join([*lines, "", verdict]) + "\n"


def diagnose(
    folder: Path,
    tray_available: bool | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Diagnosis:
    """Runs every check; ``tray_available`` is Qt's answer when the window asks, else None.

    A check that fails in an unforeseen way becomes a problem of its own, never a traceback:
    a diagnosis must survive the machine it diagnoses.
    """
    checks: list[tuple[str, Callable[[], Check]]] = [
        ("Version", lambda: Check("Version", f"{PROG} {__version__}")),
        ("Data folder", lambda: data_folder_check(folder)),
        ("Database", lambda: database_check(folder)),
        ("Last backup", lambda: backup_check(folder)),
        ("Notifications", lambda: notification_check(environ)),
        ("Tray", lambda: tray_check(tray_available)),
        ("Start at login", autostart_check),
        ("Time zone", zone_check),
        ("Keyring", keyring_check),
    ]
    return Diagnosis(tuple(_safely(name, check) for name, check in checks))


def _safely(name: str, check: Callable[[], Check]) -> Check:
    """The check's result, or its failure said as a problem."""
    try:
        return check()
    except Exception as error:  # one broken check must not hide the others
        return Check(name, f"could not be checked ({error})", f"run {PROG} -v doctor and report it")


def data_folder_check(folder: Path) -> Check:
    """Whether the data folder exists and takes new files (a temporary one, removed at once)."""
    if not folder.exists():
        if not _writable(_nearest_existing(folder)):
            return Check(
                "Data folder",
                f"{folder} does not exist and cannot be created",
                f"create {folder} and make it yours, or choose another with --data-dir",
                essential=True,
            )
        return Check("Data folder", f"{folder} (created on first start)")
    if not folder.is_dir():
        return Check(
            "Data folder",
            f"{folder} is not a folder",
            f"move {folder} aside, or choose another folder with --data-dir",
            essential=True,
        )
    if not _writable(folder):
        return Check(
            "Data folder",
            f"{folder} is read-only",
            f"make it writable again (chmod u+rwx {folder}); until then nothing can be saved",
            essential=True,
        )
    return Check("Data folder", f"{folder} (writable)")


def _nearest_existing(path: Path) -> Path | None:
    """The closest folder above ``path`` that exists: where it would be created."""
    return next((parent for parent in path.parents if parent.exists()), None)


def _writable(folder: Path | None) -> bool:
    """Whether a file can be created in ``folder``: tried, as permissions alone can mislead."""
    if folder is None:
        return False
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def database_check(folder: Path) -> Check:
    """The database's schema, size and integrity (SQLite's quick_check), read-only."""
    path = database_path(folder)
    try:
        schema = inspect_existing(path)
    except DatabaseRefusedError as error:
        return Check("Database", f"unusable: {error}", _database_fix(error), essential=True)
    if schema == 0:
        return Check("Database", "none yet (created on first start)")
    try:
        refuse_read_only_file(path)  # the same rule the app opens it by
    except DatabaseRefusedError as error:
        return Check("Database", f"read-only: {error}", _database_fix(error), essential=True)
    size = path.stat().st_size
    return Check("Database", f"schema {schema}, {size / 1e6:.1f} MB, integrity ok")


def _database_fix(error: DatabaseRefusedError) -> str:
    """What to do about a refused database, in one sentence."""
    if error.damaged:
        return f"restore the newest good backup: {PROG} restore"
    if error.read_only:
        return "make the data folder and its database writable again"
    return "see the line above: the app left the file untouched"


def backup_check(folder: Path) -> Check:
    """When the newest backup was taken, in the user's time zone when it can be read."""
    backups = list_backups(folder)
    if not backups:
        if not database_path(folder).exists():
            return Check("Last backup", "none yet")
        return Check(
            "Last backup", "none yet", f"take one now: {PROG} backup (the window takes one daily)"
        )
    newest = backups[0]
    try:
        when = format_instant(newest.taken_at, system_zone())
    except ZoneError:
        when = newest.taken_at.isoformat()
    state = "checked" if newest.ok else "changed since it was taken"
    return Check("Last backup", f"{when}, {state}, {newest.path}")


def notification_check(environ: Mapping[str, str]) -> Check:
    """Which notifier reminders would use, and whether the desktop's server answers."""
    if not sys.platform.startswith("linux"):
        return Check("Notifications", "the system's notifications (through plyer)")
    from freelance_ghost.services.notify.freedesktop import notification_server

    try:
        server = notification_server(environ)
    except LookupError as error:
        return Check(
            "Notifications",
            f"none answers: {error}",
            "run the app inside your desktop session, where a notification server runs "
            f"(from cron: DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{os.getuid()}/bus)",
        )
    return Check("Notifications", f"desktop notifications over D-Bus, shown by {server}")


def tray_check(tray_available: bool | None) -> Check:
    """Whether a tray shows the app's icon; only the window can ask Qt."""
    if tray_available is None:
        return Check("Tray", TRAY_IN_WINDOW)
    if tray_available:
        return Check("Tray", "a tray shows the app's icon")
    return Check(
        "Tray",
        "no tray: closing the window quits the app",
        "add a tray to your panel (on GNOME, the AppIndicator extension)",
    )


def autostart_check() -> Check:
    """Whether the app starts at login."""
    enabled = login_item().enabled()
    return Check("Start at login", "on" if enabled else "off (Settings, Start at login)")


def zone_check() -> Check:
    """The time zone reminders are counted in."""
    try:
        zone = system_zone()
    except ZoneError as error:
        reason, _, fix = str(error).rpartition("; ")
        return Check("Time zone", reason or str(error), fix or None, essential=True)
    return Check("Time zone", str(zone))


def keyring_check() -> Check:
    """Which keyring keeps mail passwords, and whether it answers."""
    from freelance_ghost.services.mail.errors import MailError
    from freelance_ghost.services.mail.passwords import (
        PASSWORD_VARIABLE,
        get_password,
        system_keyring,
    )

    backend = system_keyring()
    if backend is None:
        return Check(
            "Keyring",
            "none: mail passwords cannot be kept",
            "install and unlock a keyring (GNOME Keyring, KWallet), or set "
            f"{PASSWORD_VARIABLE} for mail sync from the command line",
        )
    name = type(backend).__name__
    try:
        get_password("doctor: does the keyring answer")
    except MailError as error:
        return Check(
            "Keyring", f"{name}, not usable: {error}", "unlock the keyring, or log in again"
        )
    return Check("Keyring", f"{name}, usable")
