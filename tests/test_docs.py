"""The README, the docs and the comments stand alone: every file they name is in the repository."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", ROOT / "packaging" / "README.md", *(ROOT / "docs").glob("*.md")])
# A path of the repository, or of the package (docs name modules as core/clock.py, ui/...).
PATH = re.compile(
    r"(?<![\w./~$-])((?:\.ci|docs|tests|freelance_ghost|packaging|resources"
    r"|core|store|services|ui)/[\w./-]*)"
)
# Folders the project's tools make, as .gitignore lists them ("/screenshots/", ".ci/node/").
MADE_BY_TOOLS = tuple(
    line.strip().lstrip("/")
    for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    if line.strip().endswith("/") and "/" in line.strip().rstrip("/")
)
LINK = re.compile(r"\]\(([^)\s#]+)")
PAPERS = re.compile(r"\b(?:SPEC|ARCHITECTURE)\b|\bshared/")


def named_files(doc: Path) -> list[Path]:
    """Every repository path ``doc`` names, and every local file it links to."""
    text = doc.read_text(encoding="utf-8")
    named = []
    for match in PATH.finditer(text):
        path = match.group(1).rstrip(".,")
        if f"{path}/".startswith(MADE_BY_TOOLS):
            continue  # a folder a tool makes (git ignores it): not in a fresh clone
        top = path.split("/", 1)[0]
        base = ROOT / "freelance_ghost" if top in ("core", "store", "services", "ui") else ROOT
        named.append(base / path)
    for match in LINK.finditer(text):
        if not re.match(r"[a-z]+:", match.group(1)):
            named.append(doc.parent / match.group(1))
    return named


def test_paths_and_links_are_found_where_docs_write_them(tmp_path: Path) -> None:
    doc = tmp_path / "guide.md"
    doc.write_text(
        "See `docs/rules.md`, tests/cli/test_words.py::test_x and `ui/app.py`.\n"
        "Not freelance_ghost/core/clock.py's neighbour ~/.cache/x/y, nor <https://x.example/a>.\n"
        "Read [the format](history-format.md#import) and [a site](https://example.org).\n",
        encoding="utf-8",
    )
    assert named_files(doc) == [
        ROOT / "docs/rules.md",
        ROOT / "tests/cli/test_words.py",
        ROOT / "freelance_ghost/ui/app.py",
        ROOT / "freelance_ghost/core/clock.py",
        tmp_path / "history-format.md",
    ]


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: str(doc.relative_to(ROOT)))
def test_every_file_a_doc_names_is_in_the_repository(doc: Path) -> None:
    missing = sorted({str(path) for path in named_files(doc) if not path.exists()})
    assert missing == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: str(doc.relative_to(ROOT)))
def test_no_doc_points_outside_the_repository(doc: Path) -> None:
    assert PAPERS.findall(doc.read_text(encoding="utf-8")) == []


def test_no_help_text_points_outside_the_repository(capsys: pytest.CaptureFixture[str]) -> None:
    from freelance_ghost.cli import main
    from freelance_ghost.commands import COMMANDS

    texts = []
    for words in (["--help"], *([*name.split(), "--help"] for name in COMMANDS)):
        with pytest.raises(SystemExit):
            main(words)
        texts.append(capsys.readouterr().out)
    assert all(text.startswith("usage: freelance-ghost") for text in texts)
    assert [PAPERS.findall(text) for text in texts] == [[] for _ in texts]


def comments(source: str) -> list[str]:
    """The ``#`` comments of Python ``source`` (not its strings or names: a test may look
    for the word in a help text, and the bundle's build calls its recipe ``SPEC``)."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [token.string for token in tokens if token.type == tokenize.COMMENT]


def test_comments_are_found_and_strings_are_not() -> None:
    source = 'SPEC = "x.spec"  # see the recipe\nassert "SPEC" not in text  # SPEC 2.1\n'
    assert comments(source) == ["# see the recipe", "# SPEC 2.1"]


def test_no_comment_in_the_code_or_the_tests_points_outside_the_repository() -> None:
    pointing = [
        f"{path.relative_to(ROOT)}: {comment}"
        for folder in ("freelance_ghost", "tests")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for comment in comments(path.read_text(encoding="utf-8"))
        if PAPERS.search(comment)
    ]
    assert pointing == []
