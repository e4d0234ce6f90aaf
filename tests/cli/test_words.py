"""What the command line says: counts in the right form, hints that work, help that explains."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from freelance_ghost.cli import main
from freelance_ghost.core.history.format import HEADER_LINE

ROOT = Path(__file__).resolve().parents[2]
ONE_CLIENT = f"{HEADER_LINE}\r\nGlobex,2026-01-05T09:00:00+01:00,client,,,,,,,,,active,,,,,\r\n"
Capsys = pytest.CaptureFixture[str]


def test_importing_one_row_says_one_row_and_one_new_client(tmp_path: Path, capsys: Capsys) -> None:
    history = tmp_path / "one.csv"
    history.write_text(ONE_CLIENT, encoding="utf-8", newline="")
    data = str(tmp_path / "data")
    assert main(["import", "--progress", "--data-dir", data, str(history)]) == 0
    said = capsys.readouterr()
    assert said.out == "Imported one.csv: 1 row, 1 added, 0 already present, 1 new client.\n"
    assert said.err.splitlines()[-1] == "imported 1 row (100% of the file)"


def test_a_row_of_one_cell_is_refused_as_one_cell(tmp_path: Path, capsys: Capsys) -> None:
    history = tmp_path / "short.csv"
    history.write_text(f"{HEADER_LINE}\r\nGlobex\r\n", encoding="utf-8", newline="")
    assert main(["import", "--data-dir", str(tmp_path / "data"), str(history)]) == 2
    assert "line 2: this row has 1 cell but the header has 17" in capsys.readouterr().err


def test_the_demo_hint_opens_the_folder_it_filled(tmp_path: Path, capsys: Capsys) -> None:
    folder = tmp_path / "my sample"
    assert main(["demo", "--data-dir", str(folder)]) == 0
    hint = f"Run freelance-ghost --data-dir {shlex.quote(str(folder))} to open the window.\n"
    assert capsys.readouterr().out.endswith(hint)


def test_the_demo_hint_names_no_folder_when_none_was_given(
    tmp_path: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FREELANCE_GHOST_DATA_DIR", str(tmp_path / "data"))
    assert main(["demo"]) == 0
    assert capsys.readouterr().out.endswith(". Run freelance-ghost to open the window.\n")


def help_text(command: str, capsys: Capsys) -> str:
    """What ``freelance-ghost COMMAND --help`` prints, on one line."""
    with pytest.raises(SystemExit) as exit_status:
        main([command, "--help"])
    assert exit_status.value.code == 0
    return " ".join(capsys.readouterr().out.split())


def test_import_help_says_what_the_file_is(capsys: Capsys) -> None:
    text = help_text("import", capsys)
    assert "FILE.csv a client history CSV as written by export" in text
    assert "docs/history-format.md" in text
    assert (ROOT / "docs" / "history-format.md").is_file()


def test_attention_help_explains_the_table_and_the_json(capsys: Capsys) -> None:
    text = help_text("attention", capsys)
    assert "SPEC" not in text
    assert "docs/attention-json.md" in text
    assert (ROOT / "docs" / "attention-json.md").is_file()
    assert "Past due by" in text
    assert "! marks" in text
