"""kill -9 during a large import: the database stays sound and holds none or all of the file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from freelance_ghost.core.history.format import HEADER_LINE

CLIENTS = 100
ROWS_PER_CLIENT = 100
ROWS = CLIENTS * (ROWS_PER_CLIENT + 1)


def write_large_history(path: Path) -> None:
    lines = [HEADER_LINE]
    for client in range(CLIENTS):
        lines.append(f"Client {client},2025-01-01T09:00:00Z,client,,,,,,,,,active,,,,,")
        for n in range(ROWS_PER_CLIENT):
            day, hour = divmod(n, 8)
            direction = "out" if n % 3 else "in"
            lines.append(
                f"Client {client},2025-{1 + day // 28:02d}-{1 + day % 28:02d}T{9 + hour:02d}:00:00Z,"
                f"interaction,Contact {client},{direction},email,,Message {n},,,,,,,,,"
            )
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


@pytest.fixture(scope="module")
def large_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("history") / "large.csv"
    write_large_history(path)
    return path


def import_and_kill(history: Path, data: Path, after_progress_lines: int) -> None:
    """Starts an import and SIGKILLs it once it has reported ``after_progress_lines`` lines."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "freelance_ghost",
            "import",
            str(history),
            "--progress",
            "--data-dir",
            str(data),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert child.stderr is not None
    for _ in range(after_progress_lines):
        line = child.stderr.readline()
        assert line.startswith(b"imported "), line  # the import is under way, not refused
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    child.stderr.close()


def rows_held(data: Path) -> tuple[int, int]:
    """(interactions, clients) in the database, after checking it is sound."""
    path = data / "freelance_ghost.db"
    if not path.exists():
        return 0, 0
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_schema")}
        if "interaction" not in tables:
            return 0, 0
        interactions = connection.execute("SELECT count(*) FROM interaction").fetchone()[0]
        clients = connection.execute("SELECT count(*) FROM client").fetchone()[0]
        return interactions, clients
    finally:
        connection.close()


# Progress comes every 1,000 rows; the last line comes just before the commit.
@pytest.mark.parametrize("after_progress_lines", [0, 1, 4, 7, 10, ROWS // 1000 + 1])
def test_kill_during_import_keeps_none_or_all(
    large_history: Path, tmp_path: Path, after_progress_lines: int
) -> None:
    data = tmp_path / "data"
    import_and_kill(large_history, data, after_progress_lines)
    held = rows_held(data)
    assert held in {(0, 0), (CLIENTS * ROWS_PER_CLIENT, CLIENTS)}
    # Whatever happened, the app opens the file again and a new import completes it.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "freelance_ghost",
            "import",
            str(large_history),
            "--data-dir",
            str(data),
        ],
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert rows_held(data) == (CLIENTS * ROWS_PER_CLIENT, CLIENTS)
