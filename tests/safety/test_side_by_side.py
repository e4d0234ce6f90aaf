"""Processes side by side on one data folder: backups, first-time creation, restores, locks.

Also the rule beneath them all: no code that may run while this process holds a connection
opens the database's files by path (closing such a descriptor drops SQLite's POSIX locks).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from freelance_ghost.services.attention import attention_at
from freelance_ghost.services.backups import (
    BackupError,
    BackupReason,
    backup_now,
    list_backups,
    maybe_daily_backup,
    newest_good_backup,
)
from freelance_ghost.services.history_files import (
    HistoryFileError,
    export_history_file,
    import_history_file,
)
from freelance_ghost.services.notify.log_backend import LogNotifier
from freelance_ghost.services.reminders import Reminders
from freelance_ghost.services.restore import restore
from freelance_ghost.store import database as database_module
from freelance_ghost.store.backup_manifest import check_backup, read_records
from freelance_ghost.store.database import (
    close_database,
    database_lock,
    database_path,
    open_database,
    restore_copy_path,
)
from freelance_ghost.store.history_export import history_rows
from freelance_ghost.store.inspection import (
    BackgroundInspection,
    database_lock_path,
    inspect_existing,
    peek_ui_state,
)
from freelance_ghost.store.models import Client
from tests.conftest import NOW
from tests.safety.test_faults import cli, one_clear_line
from tests.schema1 import make_version_1

pytestmark = pytest.mark.slow
_watched: list[str] | None = None  # paths of the database's files; None: not watching
_opened: list[str] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    """Notes every open() and os.open() of a watched path (Python's audit event "open")."""
    if _watched is not None and event == "open" and isinstance(args[0], str | bytes | Path):
        path = os.fsdecode(os.fspath(args[0]))  # type: ignore[arg-type]
        if os.path.abspath(path) in _watched:
            _opened.append(path)


sys.addaudithook(_audit)


@pytest.fixture
def opens_of_the_database(db: Path) -> Iterator[list[str]]:
    """Every plain open of the database, its -wal or -shm while the fixture lasts."""
    global _watched
    live = database_path(db).resolve()
    _watched = [str(live), f"{live}-wal", f"{live}-shm"]
    _opened.clear()
    try:
        yield _opened
    finally:
        _watched = None


def add_client(name: str) -> None:
    Client.create(
        name=name, name_key=name.casefold(), kind="person", status="active", created_at=NOW
    )


def test_nothing_that_runs_beside_a_connection_opens_the_database_by_path(
    db: Path, opens_of_the_database: list[str]
) -> None:
    """What the window and the commands run with the records open: backups, checks, export."""
    add_client("Open beside")
    live = database_path(db)
    maybe_daily_backup(db, NOW, UTC)
    backup_now(db, NOW + timedelta(minutes=1), BackupReason.MANUAL, UTC)
    list_backups(db)
    newest_good_backup(db)
    check_backup(live)
    inspect_existing(live)
    BackgroundInspection(live).version()
    peek_ui_state(live)
    attention_at(NOW, UTC)
    list(history_rows())
    Reminders(LogNotifier(), UTC).check(NOW)
    open_database(db, NOW)  # opening again, as the window's restore does
    add_client("Still writing")

    assert opens_of_the_database == []


def test_importing_or_exporting_the_database_itself_never_opens_it(
    db: Path, opens_of_the_database: list[str]
) -> None:
    """The database picked by mistake as a history file is refused by ``stat`` alone."""
    add_client("Kept")
    live = database_path(db)
    for path in (live, live.with_name(f"{live.name}-wal")):
        with pytest.raises(HistoryFileError, match="it is the database that holds your records"):
            import_history_file(path, UTC)
        with pytest.raises(HistoryFileError, match="it is the database that holds your records"):
            export_history_file(path, UTC)
    assert opens_of_the_database == []
    assert [client.name for client in Client.select()] == ["Kept"]


def test_the_watch_sees_a_plain_open(db: Path, opens_of_the_database: list[str]) -> None:
    """The audit hook above really sees what the rule forbids (else the test proves nothing)."""
    with database_path(db).open("rb"):
        pass
    assert opens_of_the_database == [str(database_path(db))]


def test_a_backup_in_this_process_keeps_its_locks_for_the_others(db: Path) -> None:
    """Another process that opens and closes the file afterwards leaves the WAL in place."""
    add_client("Before the backup")
    maybe_daily_backup(db, NOW, UTC)
    reader = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT count(*) FROM client').fetchall(); c.close()"
    subprocess.run([sys.executable, "-c", reader, str(database_path(db))], check=True)
    assert database_path(db).with_name("freelance_ghost.db-wal").exists()
    add_client("After the backup")
    close_database()
    connection = sqlite3.connect(database_path(db))
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert connection.execute("SELECT count(*) FROM client").fetchone() == (2,)
    connection.close()


def test_eight_backups_at_once_are_all_recorded(tmp_path: Path) -> None:
    data = tmp_path / "data"
    open_database(data, NOW)
    add_client("Backed up")
    close_database()
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "freelance_ghost", "backup", "--data-dir", str(data)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    results = [(run.wait(timeout=120), *run.communicate()) for run in runs]

    assert [(status, errors) for status, _, errors in results] == [(0, "")] * 8
    folder = data / "backups"
    recorded = {record.file for record in read_records(folder)}
    on_disk = {path.name for path in folder.glob("*.db")}
    assert recorded == on_disk, "every backup on disk is in the record, and only those"
    printed = {Path(out.strip()).name for _, out, _ in results}
    assert len(printed) == 8, "each backup has a file of its own"
    newest = max(read_records(folder), key=lambda record: record.taken_at)
    assert newest.file in printed


def test_opening_an_older_database_inspects_and_migrates_under_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process opening the folder meanwhile waits, instead of backing up a half-built
    schema (a pre-migration backup of the steps done so far) or migrating beside it."""
    data = tmp_path / "data"
    data.mkdir()
    make_version_1(database_path(data), clients=2, interactions=2).close()
    seen: list[bool] = []
    real_inspect = database_module.inspect_existing

    def inspect_and_look(path: Path) -> int:
        seen.append(_held_elsewhere(database_lock_path(data)))
        return real_inspect(path)

    monkeypatch.setattr(database_module, "inspect_existing", inspect_and_look)
    opened = open_database(data, NOW)

    assert opened.migrated
    assert seen == [False, True], "first a look without the lock, then again holding it"


_PROBE = """
import fcntl, os, sys
descriptor = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
try:
    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
except BlockingIOError:
    sys.exit(1)
"""


def _held_elsewhere(lock: Path) -> bool:
    """Whether another process would find ``lock`` taken (the operating system's lock)."""
    return subprocess.run([sys.executable, "-c", _PROBE, str(lock)], check=False).returncode == 1


def test_commands_starting_together_on_a_new_folder_back_up_no_half_built_schema(
    tmp_path: Path,
) -> None:
    data = tmp_path / "new"
    commands = [["check"], ["attention"], ["export"], ["attention", "--json"]] * 2
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "freelance_ghost", *command, "--data-dir", str(data)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    errors = [(run.wait(timeout=120), run.communicate()[1]) for run in runs]

    assert [status for status, _ in errors] == [0] * len(commands), errors
    reasons = {record.reason for record in read_records(data / "backups")}
    assert BackupReason.MIGRATION not in reasons, "a new folder has nothing to back up"


def test_restore_refuses_a_named_pipe_without_waiting_for_it(db: Path, tmp_path: Path) -> None:
    pipe = tmp_path / "backup.db"
    os.mkfifo(pipe)
    with pytest.raises(BackupError, match="a named pipe, not a database file"):
        restore(db, pipe, NOW, UTC)


def test_restore_through_a_symbolic_link_replaces_its_target_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    elsewhere, data = tmp_path / "synced", tmp_path / "data"
    open_database(elsewhere, NOW)
    add_client("Before")
    close_database()
    data.mkdir()
    database_path(data).symlink_to(database_path(elsewhere))
    open_database(data, NOW)
    backup = backup_now(data, NOW, BackupReason.MANUAL, UTC).path
    add_client("After")

    result = restore(data, backup, NOW + timedelta(minutes=1), UTC)
    close_database()

    assert database_path(data).is_symlink()
    assert result.safety_backup is not None
    connection = sqlite3.connect(database_path(elsewhere))
    assert connection.execute("SELECT name FROM client").fetchall() == [("Before",)]
    connection.close()


def test_a_killed_restores_copy_is_removed_at_the_next_open(db: Path) -> None:
    close_database()
    leftover = restore_copy_path(database_path(db), "20261123T090000Z")
    leftover.write_bytes(b"half a copy")
    leftover.with_name(leftover.name + "-journal").write_bytes(b"")

    open_database(db, NOW)

    assert not leftover.exists()
    assert not leftover.with_name(leftover.name + "-journal").exists()


def test_leftovers_are_removed_only_under_the_lock_a_restore_holds(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A running restore holds the folder's lock, so a copy seen under the lock is stale."""
    close_database()
    seen: list[bool] = []
    real_remove = database_module._remove_restore_leftovers

    def remove_and_look(path: Path) -> None:
        seen.append(_held_elsewhere(database_lock_path(db)))
        real_remove(path)

    monkeypatch.setattr(database_module, "_remove_restore_leftovers", remove_and_look)
    open_database(db, NOW)
    assert seen == [True]


def test_restore_is_refused_while_another_program_has_the_database_open(
    db: Path, tmp_path: Path
) -> None:
    add_client("Open in the window")
    backup = backup_now(db, NOW, BackupReason.MANUAL, UTC).path
    result = cli("restore", str(backup), "--data-dir", str(db))
    assert result.returncode == 2
    assert "another program is using" in one_clear_line(result.stderr)
    assert [info.reason for info in list_backups(db)] == [BackupReason.MANUAL]
    with database_lock(db):
        pass  # the refused restore let go of the folder's lock
