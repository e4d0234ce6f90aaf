"""README.md's commands are the ones CI runs, so a newcomer's copy-paste is tested on every change."""

import re
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


def ci_list(name: str) -> list[str]:
    """The packages of one of .ci/run's bash arrays (``name=( ... )``)."""
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    body = re.search(rf"^\s*{name}=\(\n(.*?)\n\s*\)$", text, re.MULTILINE | re.DOTALL)
    assert body is not None, f".ci/run has no {name}=( ... )"
    return body.group(1).split()


def readme_apt_lines() -> list[list[str]]:
    """The packages of each ``sudo apt-get install`` line of README.md, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    prefix = "sudo apt-get install "
    return [
        line.removeprefix(prefix).split() for line in readme.splitlines() if line.startswith(prefix)
    ]


def test_the_readme_installs_what_ci_installs() -> None:
    qt_libraries, test_tools = ci_list("qt_libraries"), ci_list("test_tools")
    assert readme_apt_lines() == [qt_libraries, qt_libraries + test_tools]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert '"${qt_libraries[@]}" "${test_tools[@]}" >/dev/null' in ci


def test_the_qt_libraries_include_what_qt_names_when_it_cannot_start() -> None:
    qt_libraries = ci_list("qt_libraries")
    for package in ("libxcb-cursor0", "libegl1", "libfontconfig1", "libxkbcommon-x11-0"):
        assert package in qt_libraries
    assert {"desktop-file-utils", "appstream", "binutils"} <= set(ci_list("test_tools"))
