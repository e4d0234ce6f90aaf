"""Faults: a full disk, a read-only data folder and a locked database give one clear line,
exit status 2, and leave the data as it was."""

from __future__ import annotations

import hashlib
import resource
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from freelance_ghost.core.history.format import HEADER_LINE
from tests.safety.test_kill import write_import_files
from tests.tools import unavailable

pytestmark = pytest.mark.slow
DB = "freelance_ghost.db"


def cli(
    *args: str, preexec: object = None, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "freelance_ghost", *args],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=preexec,  # type: ignore[arg-type]
        check=False,
    )


def contents(data: Path) -> tuple[int, int, int]:
    """(clients, interactions, payments) after checking the file is sound."""
    connection = sqlite3.connect(data / DB)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        return tuple(  # type: ignore[return-value]
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("client", "interaction", "payment")
        )
    finally:
        connection.close()


def one_clear_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert lines[0].startswith("freelance-ghost: ")
    return lines[0]


@pytest.fixture
def filled(tmp_path: Path) -> tuple[Path, Path]:
    """A data folder holding one imported file, and the folder of import files."""
    files, data = tmp_path / "files", tmp_path / "data"
    write_import_files(files)
    result = cli("import", str(files / "import-0.csv"), "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    return data, files


def test_full_disk_refuses_clearly_and_keeps_the_data(
    filled: tuple[Path, Path], tmp_path: Path
) -> None:
    data, _ = filled
    big = tmp_path / "big.csv"
    rows = [
        f"Big {n // 100},2025-01-03T09:00:00Z,interaction,,out,email,,Message {n} {'x' * 200},,,,,,,,,"
        for n in range(20_000)
    ]
    big.write_text("\n".join([HEADER_LINE, *rows]) + "\n", encoding="utf-8")
    before = contents(data)
    limit = (data / DB).stat().st_size + 200_000  # the WAL outgrows this long before the end

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = cli("import", str(big), "--data-dir", str(data), preexec=cap)
    assert result.returncode == 2
    line = one_clear_line(result.stderr)
    assert "disk" in line, line
    assert "nothing was saved" in line, line
    assert contents(data) == before
    # With room again the same import completes.
    assert cli("import", str(big), "--data-dir", str(data)).returncode == 0
    assert contents(data)[1] == before[1] + 20_000


# Root ignores file modes; dropping every capability makes it obey them like any user.
NO_CAPABILITIES = ("setpriv", "--bounding-set=-all", "--inh-caps=-all")


@pytest.fixture
def read_only(filled: tuple[Path, Path]) -> tuple[Path, Path]:
    data, files = filled
    if shutil.which("setpriv") is None:
        pytest.fail("setpriv (util-linux) is needed to drop root's capabilities")
    (data / DB).chmod(0o400)
    data.chmod(0o500)
    yield data, files
    data.chmod(0o700)
    (data / DB).chmod(0o600)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_read_only_folder_refuses_writes_clearly(read_only: tuple[Path, Path]) -> None:
    data, files = read_only
    before = digest(data / DB)
    names = sorted(path.name for path in data.iterdir())
    result = cli(
        "import", str(files / "import-1.csv"), "--data-dir", str(data), prefix=NO_CAPABILITIES
    )
    assert result.returncode == 2
    one_clear_line(result.stderr)
    assert digest(data / DB) == before
    assert sorted(path.name for path in data.iterdir()) == names  # as it was
    assert DB in names


def test_read_only_folder_is_named_not_called_damaged(read_only: tuple[Path, Path]) -> None:
    data, files = read_only
    result = cli(
        "import", str(files / "import-1.csv"), "--data-dir", str(data), prefix=NO_CAPABILITIES
    )
    assert result.returncode == 2
    assert "its folder is read-only" in result.stderr
    assert "damaged" not in result.stderr


@pytest.mark.parametrize(
    "command", [["export"], ["attention", "--json", "--at", "2026-01-01"], ["calendar"]]
)
def test_read_only_folder_still_reads(read_only: tuple[Path, Path], command: list[str]) -> None:
    data, _ = read_only
    before = digest(data / DB)
    names = sorted(path.name for path in data.iterdir())
    result = cli(*command, "--data-dir", str(data), prefix=NO_CAPABILITIES)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "freelance-ghost: the data folder is read-only; nothing will be saved\n"
    assert result.stdout.strip()  # the records, shown
    assert digest(data / DB) == before
    assert sorted(path.name for path in data.iterdir()) == names  # as it was
    assert DB in names


HOLD_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))  # the other program's write transaction lasts this long
connection.execute("COMMIT")
"""


def hold_lock(data: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(data / DB), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "locked\n"
    return holder


def test_locked_database_waits_then_says_so(filled: tuple[Path, Path]) -> None:
    data, files = filled
    before = contents(data)
    holder = hold_lock(data, 30)
    try:
        started = time.perf_counter()
        result = cli("import", str(files / "import-1.csv"), "--data-dir", str(data))
        waited = time.perf_counter() - started
    finally:
        holder.kill()
        holder.communicate()
    assert result.returncode == 2
    line = one_clear_line(result.stderr)
    assert "database is locked" in line, line
    assert "another program" in line, line
    assert waited >= 5  # BUSY_TIMEOUT_SECONDS
    assert contents(data) == before


def test_lock_released_within_the_timeout_lets_the_write_through(filled: tuple[Path, Path]) -> None:
    data, files = filled
    holder = hold_lock(data, 1.5)
    try:
        result = cli("import", str(files / "import-1.csv"), "--data-dir", str(data))
    finally:
        holder.communicate(timeout=30)
    assert result.returncode == 0, result.stderr
    assert contents(data)[0] == 2


@pytest.fixture
def read_only_file(filled: tuple[Path, Path]) -> tuple[Path, Path]:
    """The database file made read-only by its owner; its folder stays writable."""
    data, files = filled
    if shutil.which("setpriv") is None:
        pytest.fail("setpriv (util-linux) is needed to drop root's capabilities")
    (data / DB).chmod(0o400)
    yield data, files
    (data / DB).chmod(0o600)


# As root, whose writes no mode stops (the owner's write bit still says read-only), and as a
# user without privileges.
AS_ROOT_AND_AS_A_USER = pytest.mark.parametrize(
    "prefix", [(), NO_CAPABILITIES], ids=["root", "user"]
)


@AS_ROOT_AND_AS_A_USER
@pytest.mark.parametrize(
    "command", [["export"], ["attention", "--json", "--at", "2026-01-01"], ["calendar"]]
)
def test_a_read_only_database_file_still_reads_and_stays_read_only(
    read_only_file: tuple[Path, Path], command: list[str], prefix: tuple[str, ...]
) -> None:
    data, _ = read_only_file
    before = digest(data / DB)
    result = cli(*command, "--data-dir", str(data), prefix=prefix)
    assert result.returncode == 0, result.stderr
    assert (
        result.stderr == "freelance-ghost: the database file is read-only; nothing will be saved\n"
    )
    assert result.stdout.strip()
    assert digest(data / DB) == before
    assert stat.S_IMODE((data / DB).stat().st_mode) == 0o400


@AS_ROOT_AND_AS_A_USER
def test_a_read_only_database_file_refuses_writes_in_one_line(
    read_only_file: tuple[Path, Path], prefix: tuple[str, ...]
) -> None:
    data, files = read_only_file
    before = digest(data / DB)
    result = cli("import", str(files / "import-1.csv"), "--data-dir", str(data), prefix=prefix)
    assert result.returncode == 2
    line = one_clear_line(result.stderr)
    assert f"{data / DB} is read-only, so nothing can be saved" in line
    assert digest(data / DB) == before
    assert stat.S_IMODE((data / DB).stat().st_mode) == 0o400


@pytest.fixture
def immutable(filled: tuple[Path, Path]) -> tuple[Path, Path]:
    """The database file with the immutable attribute: not even root may change its mode."""
    data, files = filled
    chattr = shutil.which("chattr")
    if chattr is None:
        unavailable("chattr (e2fsprogs) is not installed")
    made = subprocess.run([chattr, "+i", str(data / DB)], capture_output=True, text=True)
    if made.returncode != 0:  # it needs root and a filesystem with the attribute (ext4, xfs)
        unavailable(f"chattr +i is not possible here: {made.stderr.strip()}")
    yield data, files
    subprocess.run([chattr, "-i", str(data / DB)], check=True)


@pytest.mark.parametrize(
    "command", [["export"], ["attention", "--json", "--at", "2026-01-01"], ["calendar"]]
)
def test_an_immutable_database_still_reads(
    immutable: tuple[Path, Path], command: list[str]
) -> None:
    data, _ = immutable
    result = cli(*command, "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert (
        result.stderr == "freelance-ghost: the database file is read-only; nothing will be saved\n"
    )
    assert result.stdout.strip()


def test_an_immutable_database_refuses_writes_in_one_line(immutable: tuple[Path, Path]) -> None:
    data, files = immutable
    result = cli("import", str(files / "import-1.csv"), "--data-dir", str(data))
    assert result.returncode == 2
    assert "is read-only, so nothing can be saved" in one_clear_line(result.stderr)


@pytest.mark.parametrize("command", [["attention"], ["export"], ["check"], ["backup"], ["demo"]])
def test_a_folder_where_the_database_belongs_is_named_in_one_line(
    tmp_path: Path, command: list[str]
) -> None:
    data = tmp_path / "data"
    (data / DB).mkdir(parents=True)
    result = cli(*command, "--data-dir", str(data))
    assert result.returncode == 2
    line = one_clear_line(result.stderr)
    assert f"{data / DB} is a folder" in line
    assert list(data.iterdir()) == [data / DB]
    assert list((data / DB).iterdir()) == []


@pytest.fixture
def backups_read_only(filled: tuple[Path, Path]) -> Iterator[Path]:
    """A data folder whose backups folder cannot be written (by anyone without root's powers)."""
    data, _ = filled
    assert cli("backup", "--data-dir", str(data)).returncode == 0
    (data / "backups").chmod(0o500)
    yield data
    (data / "backups").chmod(0o700)


def test_a_backup_into_a_read_only_folder_is_one_line(backups_read_only: Path) -> None:
    data = backups_read_only
    result = cli("backup", "--data-dir", str(data), prefix=NO_CAPABILITIES)
    assert result.returncode == 2
    line = one_clear_line(result.stderr)
    assert "cannot back up" in line
    assert "Permission denied" in line


def test_check_says_why_there_is_no_daily_backup_and_still_succeeds(
    backups_read_only: Path,
) -> None:
    data = backups_read_only
    manifest = data / "backups" / "manifest.json"
    day_before = manifest.read_text(encoding="utf-8").replace('"taken_at": "20', '"taken_at": "19')
    (data / "backups").chmod(0o700)
    manifest.write_text(day_before, encoding="utf-8")  # no backup yet today
    (data / "backups").chmod(0o500)
    result = cli("check", "--data-dir", str(data), prefix=NO_CAPABILITIES)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "daily backup" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith("freelance-ghost: no daily backup today: cannot back up")
    assert "Traceback" not in result.stderr


def test_a_restore_into_a_read_only_folder_is_one_line(filled: tuple[Path, Path]) -> None:
    data, _ = filled
    backup = cli("backup", "--data-dir", str(data)).stdout.strip()
    before = digest(data / DB)
    data.chmod(0o500)
    try:
        result = cli("restore", backup, "--data-dir", str(data), prefix=NO_CAPABILITIES)
    finally:
        data.chmod(0o700)
    assert result.returncode == 2
    assert "cannot restore" in one_clear_line(result.stderr)
    assert digest(data / DB) == before
