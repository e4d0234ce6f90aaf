"""Started where there is no screen, the app says so in one line instead of Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="only Linux finds its screen through DISPLAY"
)
def test_without_a_display_the_app_says_so_in_one_line(tmp_path: Path) -> None:
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    environment = {name: value for name, value in os.environ.items() if name not in hidden}
    data = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, "-m", "freelance_ghost", "--data-dir", str(data)],
        env={**environment, "DISPLAY": ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "freelance-ghost: no display was found (neither DISPLAY nor WAYLAND_DISPLAY is set), "
        "so the window cannot open; the command-line commands work without one "
        "(see freelance-ghost --help)\n"
    )
    assert not data.exists()  # nothing was opened or created
