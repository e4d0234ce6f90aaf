"""Backups over time: taken online, checked, thinned to 7 daily/4 weekly/12 monthly, restored."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path

from freelance_ghost.core.clock import local_date, system_zone
from freelance_ghost.store.backup_manifest import (
    BackupReason,
    BackupRecord,
    add_record,
    check_backup,
    manifest_lock,
    read_records,
    seal_backup,
    write_records,
)
from freelance_ghost.store.database import (
    BUSY_TIMEOUT_SECONDS,
    backup_path,
    online_backup,
)
from freelance_ghost.store.file_lock import LockError
from freelance_ghost.store.inspection import (
    BACKUP_DIRNAME,
    database_path,
    special_file_problem,
)

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12

__all__ = [
    "BackupError",
    "BackupInfo",
    "BackupReason",
    "backup_now",
    "backups_to_keep",
    "daily_backup_due",
    "file_errors_said",
    "list_backups",
    "maybe_daily_backup",
    "newest_good_backup",
    "thin_backups",
]


class BackupError(Exception):
    """A backup or restore could not be done; the message says why, and nothing was lost."""


@dataclass(frozen=True)
class BackupInfo:
    """One of the app's backups as a person sees it; ``ok``: checked when written, unchanged since."""

    path: Path
    taken_at: datetime
    reason: BackupReason
    schema: int
    size: int
    ok: bool


def backups_dir(data_dir: Path) -> Path:
    """The folder of backups inside the data folder."""
    return data_dir / BACKUP_DIRNAME


def backup_now(
    data_dir: Path, now: datetime, reason: BackupReason, zone: tzinfo | None = None
) -> BackupInfo:
    """Backs up the database with the online backup API, checks it, records it, then thins.

    The backup just taken is spared by its own thinning, so the path reported exists even
    when another backup, taken a moment later elsewhere, was recorded first.
    """
    live = database_path(data_dir)
    problem = special_file_problem(live)
    if problem is not None:
        raise BackupError(f"cannot back up: {problem}")
    if not live.exists() or live.stat().st_size == 0:
        raise BackupError(f"there is no database to back up in {data_dir}")
    with file_errors_said(f"cannot back up {live}"):
        return _back_up(data_dir, live, now, reason, zone)


def _back_up(
    data_dir: Path, live: Path, now: datetime, reason: BackupReason, zone: tzinfo | None
) -> BackupInfo:
    target = _copy_online(live, data_dir, now)
    checked = seal_backup(target)
    if not checked.ok:
        target.unlink(missing_ok=True)
        raise BackupError(f"the backup of {live} failed its check ({checked.problem}); deleted it")
    folder = backups_dir(data_dir)
    with manifest_lock(folder):
        add_record(target, now, reason, checked)
        thin_backups(data_dir, now, zone, spare=target.name)
        return _info(folder, _record_of(data_dir, target.name))


def _copy_online(live: Path, data_dir: Path, now: datetime) -> Path:
    """A new backup file of ``live``, under a name no other backup has, not yet checked."""
    target: Path | None = None
    try:
        source = sqlite3.connect(live, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            version = int(source.execute("PRAGMA user_version").fetchone()[0])
            target = _claim(backup_path(data_dir, version, now.astimezone(UTC)))
            online_backup(source, target)
        finally:
            source.close()
    except sqlite3.Error as error:
        if target is not None:
            target.unlink(missing_ok=True)
        raise BackupError(f"cannot back up {live}: {error}") from None
    return target


def daily_backup_due(data_dir: Path, now: datetime, zone: tzinfo | None = None) -> bool:
    """True when the app has taken no backup yet on today's local date."""
    zone = zone or system_zone()
    today = local_date(now, zone)
    return all(
        local_date(record.taken_at, zone) != today for record in read_records(backups_dir(data_dir))
    )


def maybe_daily_backup(
    data_dir: Path, now: datetime, zone: tzinfo | None = None
) -> BackupInfo | None:
    """Today's backup if none was taken yet and there is a database; None otherwise."""
    if not database_path(data_dir).exists() or not daily_backup_due(data_dir, now, zone):
        return None
    return backup_now(data_dir, now, BackupReason.DAILY, zone)


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """The app's backups still on disk, newest first."""
    folder = backups_dir(data_dir)
    infos = [_info(folder, record) for record in read_records(folder)]
    return sorted(
        (info for info in infos if info.path.exists()), key=lambda info: info.taken_at, reverse=True
    )


def newest_good_backup(data_dir: Path) -> Path | None:
    """The newest backup that passes integrity_check now, or None."""
    for info in list_backups(data_dir):
        if info.ok and check_backup(info.path).ok:
            return info.path
    return None


def backups_to_keep(records: Sequence[BackupRecord], now: datetime, zone: tzinfo) -> set[str]:
    """The files thinning keeps: the newest of each of the last 7 days, 4 ISO weeks, 12 months.

    The newest backup of all, and any stamped after ``now`` (a clock set back), are kept too.
    """
    today = local_date(now, zone)
    days = {today - timedelta(days=n) for n in range(KEEP_DAILY)}
    weeks = {_iso_week(today - timedelta(weeks=n)) for n in range(KEEP_WEEKLY)}
    months = set(_last_months(today, KEEP_MONTHLY))
    newest: dict[object, str] = {}
    keep: set[str] = set()
    for record in sorted(records, key=lambda record: record.taken_at):
        day = local_date(record.taken_at, zone)
        for bucket, period in (
            (("day", day), day in days),
            (("week", _iso_week(day)), _iso_week(day) in weeks),
            (("month", (day.year, day.month)), (day.year, day.month) in months),
        ):
            if period:
                newest[bucket] = record.file  # later records replace earlier ones
        if record.taken_at > now:
            keep.add(record.file)
    if records:
        keep.add(max(records, key=lambda record: record.taken_at).file)
    return keep | set(newest.values())


def thin_backups(
    data_dir: Path, now: datetime, zone: tzinfo | None = None, spare: str | None = None
) -> list[Path]:
    """Deletes the recorded backups thinning does not keep; never any other file. Returns them.

    ``spare`` names a backup kept this time whatever its age (the one just taken).
    """
    folder = backups_dir(data_dir)
    with manifest_lock(folder):
        records = [record for record in read_records(folder) if (folder / record.file).exists()]
        keep = backups_to_keep(records, now, zone or system_zone()) | {spare}
        deleted = []
        for record in records:
            if record.file not in keep:
                (folder / record.file).unlink(missing_ok=True)
                deleted.append(folder / record.file)
        write_records(folder, [record for record in records if record.file in keep])
    return deleted


@contextlib.contextmanager
def file_errors_said(doing: str) -> Iterator[None]:
    """A file the work cannot create, write or rename (a read-only or immutable folder, a full
    disk) ends it with one line naming the file, instead of a traceback."""
    try:
        yield
    except LockError as error:
        raise BackupError(f"{doing}: {error}") from None
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        raise BackupError(f"{doing}: {error.strerror or error}{where}") from None


def _info(folder: Path, record: BackupRecord) -> BackupInfo:
    path = folder / record.file
    size = path.stat().st_size if path.exists() else 0
    return BackupInfo(
        path=path,
        taken_at=record.taken_at,
        reason=record.reason,
        schema=record.schema,
        size=record.size,
        ok=size == record.size,
    )


def _record_of(data_dir: Path, file: str) -> BackupRecord:
    return next(record for record in read_records(backups_dir(data_dir)) if record.file == file)


def _claim(path: Path) -> Path:
    """Creates ``path`` (or the same name with -2, -3 ...) empty and private, and returns it.

    Created with O_EXCL, so two backups taken at the same microsecond by two processes
    never write the same file.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    candidate, number = path, 1
    while True:
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            return candidate
        except FileExistsError:
            number += 1
            candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")


def _iso_week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def _last_months(today: date, count: int) -> Iterable[tuple[int, int]]:
    index = today.year * 12 + today.month - 1
    return ((month // 12, month % 12 + 1) for month in range(index - count + 1, index + 1))
