"""The Linux bundle, built once per test run: the bundle tests and the release tests share it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
import types
from dataclasses import dataclass
from pathlib import Path

from tests.tools import unavailable

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "freelance_ghost.spec"


@dataclass(frozen=True)
class Bundle:
    """The built one-folder bundle."""

    folder: Path
    build_seconds: float

    @property
    def program(self) -> Path:
        """The freelance-ghost program at the top of the folder."""
        return self.folder / "freelance-ghost"

    @property
    def contents(self) -> Path:
        """Where PyInstaller puts everything else (``sys._MEIPASS``)."""
        return self.folder / "_internal"


def build_bundle(work: Path) -> Bundle:
    """Runs packaging/README.md's build command into ``work``."""
    if importlib.util.find_spec("PyInstaller") is None:
        unavailable("PyInstaller is not installed (pip install -e '.[package]')")
    command = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--log-level=WARN"]
    command += ["--distpath", str(work / "dist"), "--workpath", str(work / "build")]
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    assert result.returncode == 0, f"PyInstaller failed:\n{result.stderr[-4000:]}"
    return Bundle(work / "dist" / "freelance-ghost", seconds)


def release_script() -> types.ModuleType:
    """packaging/release.py as a module (packaging/ is no package: the name is PyPI's)."""
    spec = importlib.util.spec_from_file_location("release", ROOT / "packaging" / "release.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
