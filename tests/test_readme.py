"""README.md's commands are the ones CI runs, so a newcomer's copy-paste is tested on every change."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_COMMAND = "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' && pytest"
APP_COMMAND = "python3 -m venv .venv && . .venv/bin/activate && pip install . && freelance-ghost"


def test_readme_shows_the_install_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert TEST_COMMAND in readme
    assert APP_COMMAND in readme


def test_ci_runs_the_readme_test_command() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == TEST_COMMAND
