"""The floors: core imports nothing of ours above it and no Qt; only ui imports Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "freelance_ghost"
FLOORS = ["core", "store", "services", "ui"]


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(floor: str) -> list[Path]:
    return sorted((PACKAGE / floor).rglob("*.py"))


@pytest.mark.parametrize("floor", FLOORS)
def test_no_floor_imports_from_above(floor: str) -> None:
    above = FLOORS[FLOORS.index(floor) + 1 :]
    for path in modules(floor):
        for name in imports_of(path):
            for higher in above:
                assert not name.startswith(f"freelance_ghost.{higher}"), f"{path} imports {name}"
            if floor != "ui":
                assert not name.startswith(("PySide6", "shiboken6")), f"{path} imports {name}"
                assert name not in ("freelance_ghost.cli", "freelance_ghost.commands"), path


def test_core_imports_no_database() -> None:
    for path in modules("core"):
        for name in imports_of(path):
            assert not name.startswith(("peewee", "sqlite3", "freelance_ghost.store")), path


def test_only_the_store_names_the_database_library() -> None:
    """Its refusals reach the window and the command line as the store's own errors."""
    doors = [*modules("ui"), PACKAGE / "cli.py", PACKAGE / "commands.py"]
    for path in doors:
        for name in imports_of(path):
            assert not name.startswith(("peewee", "sqlite3")), f"{path} imports {name}"


def test_the_command_line_starts_without_qt() -> None:
    code = (
        "import sys, freelance_ghost.cli, freelance_ghost.commands, freelance_ghost.store.history; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_windows_first_step_loads_no_records_code() -> None:
    """Until its frame is drawn the window loads Qt and little else (docs/performance.md)."""
    heavy = (
        "peewee",
        "freelance_ghost.services",
        "freelance_ghost.store.models",
        "freelance_ghost.ui.workspace",
    )
    code = (
        "import sys, freelance_ghost.cli, freelance_ghost.ui.app; "
        f"print(sorted(m for m in sys.modules if m.startswith({heavy!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
