"""History files on disk: read a chunk at a time from regular files only; exports whole."""

import os
import stat
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from freelance_ghost.core.history.format import HEADER_LINE, HistoryEvent
from freelance_ghost.core.kinds import EventKind
from freelance_ghost.services import history_files
from freelance_ghost.services.history_files import (
    HistoryFileError,
    export_history_file,
    import_history_file,
)
from freelance_ghost.store.history import import_history
from freelance_ghost.store.models import Client, database
from tests.conftest import BERLIN

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes and devices")


def test_an_unknown_client_leaves_no_file_behind(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(LookupError):
        export_history_file(folder / "history.csv", BERLIN, client="Nobody")
    assert list(folder.iterdir()) == []


def test_a_record_that_cannot_be_written_leaves_no_file_behind(db: Path, tmp_path: Path) -> None:
    invoice = HistoryEvent(
        EventKind.INVOICE,
        "Globex",
        T0,
        invoice="1",
        amount=Decimal(1),
        currency="EUR",
        due_date=T0.date(),
    )
    import_history([invoice])
    database.execute_sql("UPDATE invoice SET currency = 'XXX'")  # damaged: no such currency
    with pytest.raises(HistoryFileError, match="'XXX' is not an ISO 4217 currency") as refused:
        export_history_file(tmp_path / "history.csv", BERLIN)
    assert str(refused.value).endswith("; nothing was written")
    assert [path.name for path in tmp_path.iterdir()] == ["data"]


def test_a_finished_export_leaves_just_its_file(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    assert export_history_file(folder / "history.csv", BERLIN) == 0
    assert [path.name for path in folder.iterdir()] == ["history.csv"]
    assert (folder / "history.csv").read_text(encoding="utf-8").startswith("client,timestamp,")


# ---- reading: regular files only, a chunk at a time -------------------------------------------

EXPORTED = "Acme,2026-02-01T10:00:00Z,interaction,,out,email,,Note {n},,,,,,,,,"


def write_history(path: Path, rows: int, last: str | None = None) -> Path:
    lines = [HEADER_LINE, *(EXPORTED.format(n=n) for n in range(rows))]
    if last is not None:
        lines.append(last)
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8", newline="")
    return path


def stored_interactions() -> int:
    """Interactions as the import's own connection sees them, inside its transaction."""
    return int(database.execute_sql("SELECT count(*) FROM interaction").fetchone()[0])


def test_an_import_writes_rows_while_the_file_is_still_being_read(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_history(tmp_path / "long.csv", 40_000)  # 2.8 MB
    monkeypatch.setattr(history_files, "_READ_SIZE", 1 << 16)  # read in 44 chunks
    handles: list[BinaryIO] = []

    def recorded_open(*args: Any, **kwargs: Any) -> Any:
        handle = open(*args, **kwargs)  # noqa: SIM115 (the import closes it)
        handles.append(handle)
        return handle

    monkeypatch.setattr(history_files, "open", recorded_open, raising=False)
    seen: list[tuple[int, int, int]] = []  # rows applied, bytes read, rows written

    def progress(rows: int, fraction: float) -> None:
        seen.append((rows, handles[0].tell(), stored_interactions()))

    import_history_file(path, BERLIN, progress)
    rows, read, written = seen[0]
    assert rows == 1000
    assert written >= 900  # rows are in the database...
    assert read < path.stat().st_size / 2  # ...while most of the file is still unread
    assert stored_interactions() == 40_000


def test_a_bad_row_after_a_long_file_leaves_the_records_as_they_were(
    db: Path, tmp_path: Path
) -> None:
    import_history([HistoryEvent(EventKind.CLIENT, "Globex", T0, status="lead")])
    bad = "Acme,2026-02-31T10:00:00Z,interaction,,out,email,,late,,,,,,,,,"
    path = write_history(tmp_path / "long.csv", 40_000, last=bad)
    with pytest.raises(HistoryFileError) as refused:
        import_history_file(path, BERLIN)
    assert str(refused.value).startswith(f"{path}: line 40002, column 'timestamp': ")
    assert str(refused.value).endswith("; nothing was imported")
    assert stored_interactions() == 0
    assert [client.name for client in Client.select()] == ["Globex"]


def test_progress_says_how_much_of_the_file_is_read_and_reaches_all_of_it_last(
    db: Path, tmp_path: Path
) -> None:
    path = write_history(tmp_path / "long.csv", 40_000)
    seen: list[tuple[int, float]] = []
    import_history_file(path, BERLIN, lambda rows, fraction: seen.append((rows, fraction)))
    assert [rows for rows, _ in seen] == list(range(1000, 40_001, 1000))
    fractions = [fraction for _, fraction in seen]
    assert fractions == sorted(fractions)
    assert 0 < fractions[-2] < 1 == fractions[-1]  # full only once the last rows are in


@posix_only
@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda path: os.mkfifo(path), "a named pipe"),
        (lambda path: path.mkdir(), "a folder"),
    ],
)
def test_what_is_not_a_regular_file_is_refused_without_reading_it(
    tmp_path: Path, make: Callable[[Path], None], kind: str
) -> None:
    path = tmp_path / "history.csv"
    make(path)  # a named pipe nobody writes to: reading it would wait for ever
    with pytest.raises(HistoryFileError) as refused:
        import_history_file(path, BERLIN)
    assert str(refused.value) == f"cannot read {path}: it is {kind}"


@posix_only
def test_a_device_is_refused_before_a_byte_is_read() -> None:
    with pytest.raises(HistoryFileError) as refused:
        import_history_file(Path("/dev/zero"), BERLIN)  # it never ends
    assert str(refused.value) == ("cannot read /dev/zero: it is a character device")


def test_a_symbolic_link_to_a_history_file_is_read(db: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to(write_history(tmp_path / "history.csv", 3))
    assert import_history_file(link, BERLIN).rows == 3


# ---- writing: through links, and into devices and named pipes as they stand -----------------


def test_an_export_through_a_symbolic_link_writes_its_target_and_keeps_the_link(
    db: Path, tmp_path: Path
) -> None:
    import_history([HistoryEvent(EventKind.CLIENT, "Globex", T0, status="lead")])
    target = tmp_path / "kept" / "history.csv"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert export_history_file(link, BERLIN) == 1
    assert link.is_symlink()
    assert link.resolve() == target
    assert target.read_text(encoding="utf-8").startswith(HEADER_LINE)
    assert sorted(path.name for path in target.parent.iterdir()) == ["history.csv"]


@posix_only
def test_an_export_is_on_the_disk_before_it_replaces_the_old_file(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A power cut just after the export must not leave an empty file where the old one was."""
    import_history([HistoryEvent(EventKind.CLIENT, "Globex", T0, status="lead")])
    target = tmp_path / "history.csv"
    target.write_text("old", encoding="utf-8")
    synced: list[bytes] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        if stat.S_ISREG(os.fstat(descriptor).st_mode):
            synced.append(os.pread(descriptor, 1000, 0))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    export_history_file(target, BERLIN)
    assert synced == [target.read_bytes()]


def test_an_export_through_a_dangling_link_creates_its_target(db: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "new.csv")
    export_history_file(link, BERLIN)
    assert link.is_symlink()
    assert (tmp_path / "new.csv").read_text(encoding="utf-8").startswith(HEADER_LINE)


@posix_only
def test_an_export_into_a_named_pipe_writes_to_its_reader_and_keeps_the_pipe(
    db: Path, tmp_path: Path
) -> None:
    import_history([HistoryEvent(EventKind.CLIENT, "Globex", T0, status="lead")])
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    assert export_history_file(pipe, BERLIN, bom=True) == 1
    reader.join()
    assert received[0].startswith(b"\xef\xbb\xbf" + HEADER_LINE.encode())
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert [path.name for path in tmp_path.iterdir() if path.name != "data"] == ["pipe.csv"]


def null_device(folder: Path) -> Path:
    """A character device that discards what it is given: a private twin of /dev/null where
    this user may make one (root), else /dev/null itself."""
    twin = folder / "null"
    try:
        os.mknod(twin, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        return Path("/dev/null")
    return twin


@posix_only
def test_an_export_to_a_character_device_leaves_the_device_as_it_was(
    db: Path, tmp_path: Path
) -> None:
    import_history([HistoryEvent(EventKind.CLIENT, "Globex", T0, status="lead")])
    device = null_device(tmp_path)
    before = device.lstat()
    assert export_history_file(device, BERLIN) == 1
    after = device.lstat()
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert not [
        path for path in device.parent.iterdir() if path.name.startswith(f".{device.name}.")
    ]


def test_an_export_to_a_folder_is_refused_saying_what_it_is(db: Path, tmp_path: Path) -> None:
    with pytest.raises(HistoryFileError) as refused:
        export_history_file(tmp_path, BERLIN)
    assert str(refused.value) == f"cannot write {tmp_path}: it is a folder"


# ---- never the records' own files ----------------------------------------------------------


def the_records_and_a_link_to(db: Path, tmp_path: Path, name: str) -> tuple[Path, Path]:
    """One of the open database's files, and a symbolic link to it named like a history file."""
    import_history([HistoryEvent(EventKind.CLIENT, "Globex", T0, status="lead")])
    link = tmp_path / "looks-like-history.csv"
    link.symlink_to(db / name)
    return db / name, link


@pytest.mark.parametrize("name", ["freelance_ghost.db", "freelance_ghost.db-wal"])
def test_the_open_database_is_not_read_as_a_history_file(
    db: Path, tmp_path: Path, name: str
) -> None:
    for path in the_records_and_a_link_to(db, tmp_path, name):
        with pytest.raises(HistoryFileError) as refused:
            import_history_file(path, BERLIN)
        assert str(refused.value) == (
            f"cannot read {path}: it is the database that holds your records, not a history file"
        )


@pytest.mark.parametrize("name", ["freelance_ghost.db", "freelance_ghost.db-wal"])
def test_an_export_never_replaces_the_open_database(db: Path, tmp_path: Path, name: str) -> None:
    own, link = the_records_and_a_link_to(db, tmp_path, name)
    before = own.stat().st_ino
    for path in (own, link):
        with pytest.raises(HistoryFileError, match=f"cannot write {path}: it is the database"):
            export_history_file(path, BERLIN)
    assert own.stat().st_ino == before
    assert [client.name for client in Client.select()] == ["Globex"]
