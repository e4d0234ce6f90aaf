"""The one atomic write: the file appears whole, with its mode, durably, or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TextIO

import pytest

from freelance_ghost.store import atomic_files
from freelance_ghost.store.atomic_files import fsync_path, write_atomically

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def test_the_text_replaces_the_file_as_written_and_the_writer_s_answer_comes_back(
    tmp_path: Path,
) -> None:
    target = tmp_path / "list.txt"
    target.write_text("old", encoding="utf-8")
    assert write_atomically(target, lambda file: file.write("one\ntwo\n")) == 8
    assert target.read_bytes() == b"one\ntwo\n"
    assert [path.name for path in tmp_path.iterdir()] == ["list.txt"]


@posix_only
@pytest.mark.parametrize("mode", [0o600, 0o644])
def test_the_file_takes_the_mode_asked_for_whatever_the_umask(tmp_path: Path, mode: int) -> None:
    old = os.umask(0o077)
    try:
        write_atomically(tmp_path / "entry", lambda file: file.write("x"), mode=mode)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "entry").stat().st_mode) == mode


def test_a_writer_that_fails_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "list.txt"
    target.write_text("old", encoding="utf-8")

    def half_then_fail(file: TextIO) -> None:
        file.write("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, half_then_fail)
    assert target.read_text(encoding="utf-8") == "old"
    assert [path.name for path in tmp_path.iterdir()] == ["list.txt"]


def test_the_text_reaches_the_disk_before_the_rename_and_the_rename_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "list.txt"
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor: int) -> None:
        events.append("folder" if stat.S_ISDIR(os.fstat(descriptor).st_mode) else "file")
        real_fsync(descriptor)

    def replace(source: str | Path, destination: str | Path) -> None:
        events.append("rename")
        real_replace(source, destination)

    monkeypatch.setattr(atomic_files.os, "fsync", fsync)
    monkeypatch.setattr(atomic_files.os, "replace", replace)
    write_atomically(target, lambda file: file.write("x"))
    assert events == (["file", "rename", "folder"] if os.name == "posix" else ["file", "rename"])


def test_a_folder_is_not_synced_where_the_system_has_no_handle_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object) -> int:
        raise PermissionError("a folder cannot be opened here")

    monkeypatch.setattr(atomic_files.os, "name", "nt")
    monkeypatch.setattr(atomic_files.os, "open", refuse)
    fsync_path(tmp_path)  # nothing opened, nothing raised


@pytest.mark.parametrize(("system", "flags"), [("posix", os.O_RDONLY), ("nt", os.O_RDWR)])
def test_a_file_is_synced_through_a_handle_its_system_can_flush(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system: str, flags: int
) -> None:
    """Windows' _commit refuses a read-only handle (EBADF): a restore there would fail."""
    path = tmp_path / "copy.db"
    path.write_bytes(b"data")
    opened: list[int] = []
    real_open = os.open

    def recording_open(name: object, mode: int, *args: object) -> int:
        opened.append(mode)
        return real_open(name, mode, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic_files.os, "name", system)
    monkeypatch.setattr(atomic_files.os, "open", recording_open)
    atomic_files.fsync_path(path)
    assert opened == [flags]
