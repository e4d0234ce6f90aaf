"""The data folder check: a folder that is missing says whether it can be made."""

from __future__ import annotations

from pathlib import Path

from freelance_ghost.services.doctor import data_folder_check


def test_a_missing_folder_under_a_file_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    check = data_folder_check(blocker / "data")
    assert check.essential
    assert check.found == f"{blocker / 'data'} does not exist and cannot be created"


def test_a_missing_folder_in_a_writable_one_is_made_at_first_start(tmp_path: Path) -> None:
    check = data_folder_check(tmp_path / "new" / "data")
    assert not check.problem
    assert check.found == f"{tmp_path / 'new' / 'data'} (created on first start)"
