"""SIGKILL at seeded random points of writes: the database stays sound, keeps every reported
write and holds nothing half-written (imports, interactions, payments, a schema-1 migration)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from freelance_ghost.core.history.format import HEADER_LINE
from freelance_ghost.store.migrations import SCHEMA_VERSION
from tests.safety import writer
from tests.schema1 import make_version_1

pytestmark = pytest.mark.slow

WRITER = Path(writer.__file__)
ROOT = WRITER.parents[2]
SEED = int(os.environ.get("FREELANCE_GHOST_KILL_SEED", "20261123"))
LANES = 2  # one child per core
KILLS = {"import": 56, "interaction": 50, "payment": 50, "migration": 50}
IMPORT_INTERACTIONS = 20
V1_CLIENTS, V1_INTERACTIONS = 100, 60


@dataclass
class Lane:
    """One data folder that survives many kills, and what its children reported."""

    scenario: str
    data: Path
    rng: random.Random
    done: set[str] = field(default_factory=set)
    kills: int = 0
    runs: int = 0


def start_child(lane: Lane, files: Path) -> subprocess.Popen[bytes]:
    # Unbuffered: a buffered reader reads ahead of the line asked for, and communicate()
    # after the kill reads the pipe past that buffer, so "done" lines in it were lost.
    return subprocess.Popen(
        [sys.executable, str(WRITER), lane.scenario, str(lane.data), str(files)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )


def run_once(lane: Lane, files: Path, kill_after: int) -> bool:
    """Runs one child, SIGKILLs it after its ``kill_after``-th line; True if it was killed."""
    child = start_child(lane, files)
    assert child.stdout is not None
    lane.runs += 1
    for _ in range(kill_after):
        line = child.stdout.readline().decode().strip()
        if not line:
            break
        if line.startswith("done "):
            lane.done.add(line.removeprefix("done "))
    else:
        child.send_signal(signal.SIGKILL)
        rest, stderr = child.communicate(timeout=60)
        # Writes the child committed and reported while the signal was on its way count too:
        # their lines are in the pipe (each is flushed), only not read yet.
        _note_done(lane, rest)
        if child.returncode == -signal.SIGKILL:
            lane.kills += 1
            return True
        # It finished before the signal arrived.
        assert child.returncode == 0, stderr.decode()
        return False
    rest, stderr = child.communicate(timeout=60)
    assert child.returncode == 0, stderr.decode()
    _note_done(lane, rest)
    return False


def _note_done(lane: Lane, output: bytes) -> None:
    """Adds the writes a child's remaining output reports as committed."""
    for line in output.decode().splitlines():
        if line.startswith("done "):
            lane.done.add(line.removeprefix("done "))


def sound(path: Path) -> sqlite3.Connection:
    """A connection to the file after checking its integrity and foreign keys."""
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    return connection


def tables(connection: sqlite3.Connection) -> set[str]:
    return {row[0] for row in connection.execute("SELECT name FROM sqlite_schema")}


# ----------------------------------------------------------------------------- scenarios


def write_import_files(files: Path) -> None:
    files.mkdir(parents=True, exist_ok=True)
    for number in range(writer.IMPORT_FILES):
        name = f"Import {number}"
        lines = [
            HEADER_LINE,
            f"{name},2025-01-01T09:00:00Z,client,,,,,,,,,active,,,,,",
            f"{name},2025-01-01T09:00:00Z,contact,Ann,,email,ann@example.com,,,,,,,,,,",
            f"{name},2025-01-02T09:00:00Z,invoice,,,,,,,,,,INV-{number},100.00,EUR,2025-02-01,",
        ]
        for n in range(IMPORT_INTERACTIONS):
            lines.append(
                f"{name},2025-01-03T{n % 24:02d}:{n // 24:02d}:00Z,interaction,Ann,out,email,,"
                f"Message {n},,,,,,,,,"
            )
        lines.append(f"{name},2025-01-20T09:00:00Z,payment,,,,,,,,,,INV-{number},40.00,EUR,,")
        (files / f"import-{number}.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def check_imports(lane: Lane) -> bool:
    """Each file is held whole or not at all; every file reported done is held. True: all held."""
    path = lane.data / "freelance_ghost.db"
    if not path.exists():
        assert not lane.done
        return False
    connection = sound(path)
    try:
        if "client" not in tables(connection):
            assert not lane.done
            return False
        held = 0
        for number in range(writer.IMPORT_FILES):
            row = connection.execute(
                "SELECT id FROM client WHERE name_key = ?", (f"import {number}",)
            ).fetchone()
            if row is None:
                assert str(number) not in lane.done, f"file {number} was reported imported"
                continue
            counts = [
                connection.execute(sql, row).fetchone()[0]
                for sql in (
                    "SELECT count(*) FROM interaction WHERE client_id = ?",
                    "SELECT count(*) FROM contact WHERE client_id = ?",
                    "SELECT count(*) FROM invoice WHERE client_id = ?",
                    "SELECT count(*) FROM payment JOIN invoice ON invoice.id = invoice_id "
                    "WHERE client_id = ?",
                )
            ]
            assert counts == [IMPORT_INTERACTIONS, 1, 1, 1], (number, counts)
            held += 1
        return held == writer.IMPORT_FILES
    finally:
        connection.close()


def check_interactions(lane: Lane) -> bool:
    path = lane.data / "freelance_ghost.db"
    if not path.exists():
        return False
    connection = sound(path)
    try:
        if "interaction" not in tables(connection):
            assert not lane.done
            return False
        rows = connection.execute(
            "SELECT summary, next_step, direction, occurred_at FROM interaction ORDER BY id"
        ).fetchall()
        numbers = [int(summary.removeprefix("note ")) for summary, *_ in rows]
        assert numbers == list(range(1, len(numbers) + 1)), "a gap or a duplicate"
        reported = max((int(done) for done in lane.done), default=0)
        assert len(numbers) in {reported, reported + 1}, (len(numbers), reported)
        for number, (_, next_step, direction, _) in zip(numbers, rows, strict=True):
            assert next_step == f"step {number}"
            assert direction == ("in" if number % 2 else "out")
        client = connection.execute("SELECT status, created_at FROM client").fetchone()
        if rows:
            # The created_at moved back in the same transaction as the earliest interaction.
            assert client[1] <= min(row[3] for row in rows)
            if rows[-1][2] == "in":  # a message in brings a ghosted client back, atomically
                assert client[0] == "active"
        return False
    finally:
        connection.close()


def check_payments(lane: Lane) -> bool:
    path = lane.data / "freelance_ghost.db"
    if not path.exists():
        return False
    connection = sound(path)
    try:
        if "payment" not in tables(connection):
            assert not lane.done
            return False
        over = connection.execute(
            "SELECT invoice.number, invoice.amount_minor, sum(payment.amount_minor) FROM invoice "
            "JOIN payment ON payment.invoice_id = invoice.id GROUP BY invoice.id "
            "HAVING sum(payment.amount_minor) > invoice.amount_minor"
        ).fetchall()
        assert over == [], f"paid more than invoiced: {over}"
        seconds = [
            row[0]
            for row in connection.execute(
                "SELECT (received_at - ?) / 1000000 FROM payment ORDER BY id",
                (int(writer.START.timestamp()) * 1_000_000,),
            )
        ]
        assert seconds == list(range(1, len(seconds) + 1)), "a gap or a duplicate"
        reported = max((int(done) for done in lane.done), default=0)
        assert len(seconds) in {reported, reported + 1}, (len(seconds), reported)
        return False
    finally:
        connection.close()


def check_migration(lane: Lane) -> bool:
    """The version says exactly which steps are in the schema; every row is kept."""
    connection = sound(lane.data / "freelance_ghost.db")
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        steps = {step for step in lane.done if step.isdigit()}
        assert version >= max((int(step) for step in steps), default=1)
        columns = {row[1] for row in connection.execute("PRAGMA table_info(client)")}
        names = tables(connection)
        assert ("archived_at" in columns) == (version >= 2)
        assert ("setting" in names and "min_silence_hours" in columns) == (version >= 3)
        assert ("conversation" in names) == (version >= 3)
        assert ("snooze" in names and "notified_item" in names) == (version >= 4)
        assert ("interaction_pace" in names) == (3 <= version < 5)
        (table_sql,) = connection.execute(
            "SELECT sql FROM sqlite_schema WHERE name = 'interaction'"
        ).fetchone()
        assert ("channel IN" in table_sql) == (version < 6)
        assert "interaction_next" not in names
        assert ("interaction_added" in names) == (version >= 3)
        assert ("mail_account" in names and "mail_seen" in names) == (version >= 8)
        assert ("sent_message" in names) == (version >= 10)
        if version >= 10:  # filled in the same step: every message sent is there
            assert (
                connection.execute("SELECT count(*) FROM sent_message").fetchone()[0]
                == (
                    connection.execute(
                        "SELECT count(*) FROM interaction WHERE direction = 'out'"
                    ).fetchone()[0]
                )
            )
        assert connection.execute("SELECT count(*) FROM client").fetchone()[0] == V1_CLIENTS
        assert connection.execute("SELECT count(*) FROM interaction").fetchone()[0] == (
            V1_CLIENTS * V1_INTERACTIONS
        )
    finally:
        connection.close()
    if "backup" in lane.done:
        backup = sound(lane.data / "backups" / "before-migration.db")
        try:
            assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
            assert backup.execute("SELECT count(*) FROM interaction").fetchone()[0] == (
                V1_CLIENTS * V1_INTERACTIONS
            )
        finally:
            backup.close()
    return "open" in lane.done


# ----------------------------------------------------------------------------- the harness

Check = Callable[[Lane], bool]
LINES = {"import": 2 * writer.IMPORT_FILES, "interaction": 2 * writer.WRITES_PER_RUN}
LINES["payment"] = 2 * writer.WRITES_PER_RUN
LINES["migration"] = 2 * SCHEMA_VERSION  # kills up to the open


def run_lane(lane: Lane, files: Path, kills: int, check: Check, reset: Callable[[], None]) -> None:
    reset()
    while lane.kills < kills:
        run_once(lane, files, kill_after=lane.rng.randint(0, LINES[lane.scenario]))
        if check(lane):  # everything was written: start over with a fresh folder
            reset()
            lane.done.clear()


def hammer(
    scenario: str,
    tmp_path: Path,
    check: Check,
    files: Path | None = None,
    template: Path | None = None,
) -> None:
    started = time.perf_counter()
    lanes = [
        Lane(scenario, tmp_path / f"lane{n}", random.Random(f"{SEED}-{scenario}-{n}"))
        for n in range(LANES)
    ]

    def resetter(lane: Lane) -> Callable[[], None]:
        def reset() -> None:
            shutil.rmtree(lane.data, ignore_errors=True)
            if template is not None:
                lane.data.mkdir(parents=True)
                shutil.copy(template, lane.data / "freelance_ghost.db")

        return reset

    per_lane = -(-KILLS[scenario] // LANES)
    with ThreadPoolExecutor(LANES) as pool:
        futures = [
            pool.submit(run_lane, lane, files or tmp_path, per_lane, check, resetter(lane))
            for lane in lanes
        ]
        for future in futures:
            future.result()
    kills = sum(lane.kills for lane in lanes)
    runs = sum(lane.runs for lane in lanes)
    print(
        f"\nkill test {scenario}: {kills} kills in {runs} runs "
        f"({time.perf_counter() - started:.1f} s, seed {SEED})"
    )
    assert kills >= KILLS[scenario]


def test_kill_during_imports(tmp_path: Path) -> None:
    files = tmp_path / "files"
    write_import_files(files)
    hammer("import", tmp_path, check_imports, files=files)


def test_kill_while_logging_interactions(tmp_path: Path) -> None:
    hammer("interaction", tmp_path, check_interactions)


def test_kill_during_payments(tmp_path: Path) -> None:
    hammer("payment", tmp_path, check_payments)


def test_kill_during_migration_from_schema_1(tmp_path: Path) -> None:
    template = tmp_path / "template" / "freelance_ghost.db"
    make_version_1(template, V1_CLIENTS, V1_INTERACTIONS).close()
    assert SCHEMA_VERSION == 10  # the checks below name each step's tables (7, 9 add none)
    hammer("migration", tmp_path, check_migration, template=template)
