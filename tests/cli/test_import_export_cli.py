"""The command line's import and export: exit codes, one-line refusals, data left as it was."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from freelance_ghost import __version__
from freelance_ghost.cli import main
from freelance_ghost.core.history.format import HEADER_LINE, UTF8_BOM
from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus, Direction
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.database import close_database, open_database
from freelance_ghost.store.interactions import log_interaction
from tests.conftest import NOW

MALFORMED = Path(__file__).parent / "malformed"
GOOD = (
    "\r\n".join(
        [
            HEADER_LINE,
            "Globex,2026-01-05T09:00:00+01:00,client,,,,,Met at a fair,,,,active,,,,,",
            "Globex,2026-01-05T09:10:00+01:00,contact,Hank,,email,hank@globex.example,CEO,,,,,,,,,",
            'Globex,2026-01-06T10:00:00+01:00,interaction,Hank,out,email,,"Proposal, ""v2""",Hank decides,2026-01-12,Website,,,,,,',
            "Globex,2026-01-07T10:00:00+01:00,invoice,,,,,,,,Website,,INV-1,1250.00,EUR,2026-02-06,",
            "Globex,2026-01-20T10:00:00+01:00,payment,,,,,,,,,,INV-1,250.00,EUR,,",
            "Globex,2026-01-21T10:00:00+01:00,interaction,,in,phone,,=HYPERLINK(1),,,,,,,,,",
        ]
    )
    + "\r\n"
)

# file -> (line, column, words the message must contain); None: the problem has no line/column
EXPECTED: dict[str, tuple[int | None, str | None, str]] = {
    "bad_date.csv": (3, "timestamp", "'2026-13-40' is not a real date"),
    "bad_timestamp_words.csv": (3, "timestamp", "not an ISO 8601"),
    "bad_next_step_due.csv": (3, "next_step_due", "not a real calendar date"),
    "unknown_event.csv": (3, "event", "'meeting' is not one of"),
    "unknown_column.csv": (1, "colour", "unknown column 'colour'"),
    "missing_header.csv": (1, None, "first line must be the header"),
    "wrong_column_order.csv": (1, None, "wrong order"),
    "missing_column.csv": (1, None, "lacks the column 'cadence_days'"),
    "negative_amount.csv": (3, "amount", "negative"),
    "over_precise_amount.csv": (3, "amount", "more decimals than EUR allows"),
    "over_precise_yen.csv": (3, "amount", "more decimals than JPY allows"),
    "zero_amount.csv": (3, "amount", "more than zero"),
    "unknown_currency.csv": (3, "currency", "not an ISO 4217 currency"),
    "payment_unknown_invoice.csv": (4, "invoice", "Acme has no invoice A-2"),
    "overpayment.csv": (5, "amount", "more than the 40.00 EUR still owed"),
    "payment_wrong_currency.csv": (4, "currency", "in EUR, not USD"),
    "invoice_number_reused.csv": (4, "invoice", "already exists with other details"),
    "stray_quote.csv": (3, "summary", "stray quote"),
    "unterminated_quote.csv": (3, None, "quoted cell that starts on this line is never closed"),
    "binary_junk.csv": (1, None, "binary data"),
    "empty.csv": (None, None, "the file is empty"),
    "latin1.csv": (3, None, "not UTF-8"),
    "unknown_direction.csv": (3, "direction", "'both' is not one of: in, out"),
    "unknown_channel.csv": (3, "channel", "'fax' is not one of"),
    "short_row.csv": (3, None, "6 cells but the header has 17"),
    "bad_cadence.csv": (3, "cadence_days", "not a whole number of days"),
    "bad_client_status.csv": (2, "status", "'vip' is not one of"),
    "missing_direction.csv": (3, "direction", "needs a value"),
    "column_not_used.csv": (3, "amount", "does not use this column"),
    "empty_client_name.csv": (3, "client", "client name is empty"),
    "huge_cadence.csv": (3, "cadence_days", "longer than the 3650-day maximum"),
    "huge_amount.csv": (3, "amount", "more than this app can record"),
    "payment_before_invoice.csv": (4, "timestamp", "cannot come before invoice A-1 was issued"),
    "instant_before_1900.csv": (3, "timestamp", "outside the years 1900 to 2200"),
    "instant_after_2200.csv": (3, "timestamp", "'9999-12-31T23:59:59+00:00' is outside the years"),
    "next_step_due_after_2200.csv": (3, "next_step_due", "'9999-12-31' is outside the years"),
    "due_date_before_1900.csv": (3, "due_date", "'1899-12-31' is outside the years 1900 to 2200"),
    "bom_at_start_of_line_2.csv": (2, "client", "U+FEFF (ZERO WIDTH NO-BREAK SPACE, a byte order"),
    "zero_width_space_in_client.csv": (3, "client", "U+200B (ZERO WIDTH SPACE) at character 3"),
    "rtl_override_in_contact.csv": (3, "contact", "U+202E (RIGHT-TO-LEFT OVERRIDE) at character 1"),
    "two_email_addresses.csv": (3, "address", "'alice@x,eve@evil' is not one email address"),
}


def run(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    """The installed command line in a child process, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "freelance_ghost", *map(str, args)],
        capture_output=True,
        check=False,
        timeout=120,
    )


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A data folder that already holds a small history."""
    source = tmp_path / "good.csv"
    source.write_text(GOOD, encoding="utf-8", newline="")
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "import", str(source)]) == 0
    return data


def export_of(data: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> bytes:
    capfdbinary.readouterr()
    assert main(["export", "--data-dir", str(data)]) == 0
    return capfdbinary.readouterr().out


def test_the_corpus_has_every_malformed_file_listed() -> None:
    assert sorted(p.name for p in MALFORMED.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_is_refused_and_changes_nothing(
    name: str, filled: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    before = export_of(filled, capfdbinary)
    status = main(["--data-dir", str(filled), "import", str(MALFORMED / name)])
    err = capfdbinary.readouterr().err.decode()
    line, column, words = EXPECTED[name]
    assert status == 2
    assert err.count("\n") == 1, err  # one line, no traceback
    assert err.startswith(f"freelance-ghost: {MALFORMED / name}: ")
    assert words in err
    assert err.rstrip().endswith("nothing was imported")
    if line is not None:
        assert f"line {line}" in err
    if column is not None:
        assert f"column '{column}'" in err
    assert export_of(filled, capfdbinary) == before


def test_import_then_export_round_trips(tmp_path: Path, filled: Path) -> None:
    first = run("export", "--data-dir", filled)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(HEADER_LINE.encode() + b"\r\n")
    assert b"'=HYPERLINK(1)" in first.stdout  # a formula cell is written as text
    exported = tmp_path / "exported.csv"
    exported.write_bytes(first.stdout)
    again = tmp_path / "again"
    assert run("import", exported, "--data-dir", again).returncode == 0
    assert run("export", "--data-dir", again).stdout == first.stdout


def test_second_import_reports_nothing_added(tmp_path: Path, filled: Path) -> None:
    source = tmp_path / "good.csv"
    result = run("--data-dir", filled, "import", source)
    assert result.returncode == 0
    assert b"0 added, 6 already present" in result.stdout


def test_excel_export_starts_with_a_bom_and_imports_back(tmp_path: Path, filled: Path) -> None:
    target = tmp_path / "excel.csv"
    assert run("export", "--excel", "-o", target, "--data-dir", filled).returncode == 0
    data = target.read_bytes()
    assert data.startswith(UTF8_BOM + HEADER_LINE.encode())
    assert data[len(UTF8_BOM) :] == run("export", "--data-dir", filled).stdout
    again = tmp_path / "again"
    assert run("import", target, "--data-dir", again).returncode == 0


def test_export_of_one_client_and_of_an_unknown_one(filled: Path) -> None:
    one = run("export", "--client", "GLOBEX", "--data-dir", filled)
    assert one.returncode == 0
    assert one.stdout.count(b"\r\nGlobex,") == 7  # six rows imported plus the implied project
    unknown = run("export", "--client", "Initech", "--data-dir", filled)
    assert unknown.returncode == 2
    assert unknown.stderr == b"freelance-ghost: there is no client named 'Initech'\n"


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = run("import", tmp_path / "nope.csv", "--data-dir", tmp_path / "data")
    assert result.returncode == 2
    assert result.stderr.decode().strip() == (
        f"freelance-ghost: cannot read {tmp_path / 'nope.csv'}: No such file or directory"
    )


def test_data_dir_comes_from_the_environment(tmp_path: Path) -> None:
    source = tmp_path / "good.csv"
    source.write_text(GOOD, encoding="utf-8", newline="")
    env_dir = tmp_path / "from-env"
    result = subprocess.run(
        [sys.executable, "-m", "freelance_ghost", "import", str(source)],
        capture_output=True,
        check=False,
        env={**__import__("os").environ, "FREELANCE_GHOST_DATA_DIR": str(env_dir)},
    )
    assert result.returncode == 0, result.stderr
    assert (env_dir / "freelance_ghost.db").exists()


def test_version() -> None:
    result = run("--version")
    assert result.stdout.decode().strip() == f"freelance-ghost {__version__}"


def test_a_damaged_database_is_a_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "freelance_ghost.db").write_bytes(b"this is not a database" * 50)
    result = run("export", "--data-dir", data)
    assert result.returncode == 2
    assert b"not an SQLite file" in result.stderr
    assert b"Traceback" not in result.stderr


def test_export_into_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    rows = [
        f"Globex,2026-01-05T09:00:{n % 60:02d}Z,interaction,,out,email,,Note {n},,,,,,,,,"
        for n in range(3000)
    ]
    source = tmp_path / "many.csv"
    source.write_text("\r\n".join([HEADER_LINE, *rows]) + "\r\n", encoding="utf-8")
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "import", str(source)]) == 0
    assert source.stat().st_size > 2 * 65536  # more than a pipe holds: the writer meets EPIPE
    pipeline = subprocess.run(
        f"{sys.executable} -m freelance_ghost export --data-dir {data} | head -c 10",
        shell=True,
        capture_output=True,
        check=False,
    )
    assert pipeline.stdout == HEADER_LINE.encode()[:10]
    assert b"Traceback" not in pipeline.stderr


@pytest.mark.parametrize("to_file", [False, True])
def test_a_stored_amount_this_version_cannot_write_stops_the_export_cleanly(
    tmp_path: Path, filled: Path, to_file: bool
) -> None:
    connection = sqlite3.connect(filled / "freelance_ghost.db")
    with connection:
        connection.execute("UPDATE invoice SET currency = 'XXQ'")  # passes the length check
    connection.close()
    out = tmp_path / "out"
    out.mkdir()
    result = run("export", "--data-dir", filled, *(["-o", out / "history.csv"] if to_file else []))
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    error = result.stderr.decode()
    assert error.count("\n") == 1
    assert "cannot export a stored amount: 'XXQ' is not an ISO 4217 currency code" in error
    if to_file:
        assert error.rstrip().endswith("nothing was written")
        assert list(out.iterdir()) == []  # no file, no temporary left behind
    else:
        assert error.rstrip().endswith("the export stops there")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes and devices")
@pytest.mark.parametrize(
    ("special", "kind"),
    [("fifo", "a named pipe"), ("/dev/zero", "a character device")],
)
def test_import_refuses_what_is_not_a_regular_file_at_once(
    tmp_path: Path, special: str, kind: str
) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "history.csv"
        os.mkfifo(path)  # with no writer: reading it would wait for ever
    result = run("import", path, "--data-dir", tmp_path / "data")
    assert result.returncode == 2
    assert result.stderr.decode() == (f"freelance-ghost: cannot read {path}: it is {kind}\n")
    assert not (tmp_path / "data").exists()  # refused before the records were opened


def test_an_export_holding_notes_longer_than_csv_s_default_limit_imports_back(
    tmp_path: Path,
) -> None:
    note = "Pasted the whole thread: \"yes\", then 'no',\r\nthen =maybe. " * 3_600  # 205,200
    summary = "Long call notes without any quote or comma. " * 4_600  # 202,400, a plain line
    data = tmp_path / "data"
    open_database(data, NOW)
    client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, NOW, note)
    log_interaction(client.id, Direction.OUT, Channel.PHONE, NOW, summary=summary)
    close_database()
    exported = tmp_path / "exported.csv"
    assert run("export", "-o", exported, "--data-dir", data).returncode == 0
    again = tmp_path / "again"
    imported = run("import", exported, "--data-dir", again)
    assert imported.returncode == 0, imported.stderr
    assert run("export", "--data-dir", again).stdout == exported.read_bytes()
