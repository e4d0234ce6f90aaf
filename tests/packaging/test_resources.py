"""resources/: icons as make_icons.py draws them, valid desktop files, all shipped in the wheel."""

from __future__ import annotations

import fnmatch
import os
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from freelance_ghost import __version__
from freelance_ghost.paths import resource_path
from tests.tools import require_tool

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
MAKE_ICONS = ROOT / "packaging" / "make_icons.py"


def test_the_raster_icons_are_what_make_icons_draws(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(MAKE_ICONS), "--check"],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, ""), "run packaging/make_icons.py"


@pytest.mark.usefixtures("qapp")
def test_icon_files_hold_every_size_qt_can_read() -> None:
    from PySide6.QtGui import QImageReader

    def sizes(name: str) -> list[int]:
        reader = QImageReader(str(RESOURCES / name))
        found = []
        for index in range(reader.imageCount()):
            reader.jumpToImage(index)
            found.append(reader.read().width())
        return found

    assert sizes("freelance-ghost.ico") == [16, 24, 32, 48, 64, 128, 256]
    assert sorted(set(sizes("freelance-ghost.icns"))) == [16, 32, 64, 128, 256, 512, 1024]
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert sizes(f"freelance-ghost-{size}.png") == [size]


def test_every_resource_goes_into_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["freelance_ghost.resources"]
    left_out = [
        path.name
        for path in RESOURCES.iterdir()
        if not any(fnmatch.fnmatch(path.name, glob) for glob in globs)
    ]
    assert left_out == []


def test_resource_path_finds_them_in_a_checkout() -> None:
    for name in ("freelance-ghost.svg", "tray-idle.svg", "tray-waiting.svg"):
        assert resource_path(name) == RESOURCES / name


def test_the_desktop_file_is_valid() -> None:
    validator = require_tool("desktop-file-validate")
    path = RESOURCES / "freelance-ghost.desktop"
    result = subprocess.run([validator, str(path)], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout) == (0, "")


def test_the_metainfo_is_valid_and_names_this_version() -> None:
    path = RESOURCES / "freelance-ghost.metainfo.xml"
    component = ElementTree.parse(path).getroot()
    assert component.findtext("launchable") == "freelance-ghost.desktop"
    releases = [release.get("version") for release in component.iter("release")]
    assert releases[0] == __version__, "add a <release> for the new version"
    appstreamcli = require_tool("appstreamcli")
    # The id matches the desktop file, which matches the window's desktop file name; AppStream
    # would prefer reverse-DNS, a choice for the whole app rather than this file.
    override = "--override=cid-desktopapp-is-not-rdns=info"
    result = subprocess.run(
        [appstreamcli, "validate", "--no-net", override, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize("tray", ["tray-idle", "tray-waiting"])
def test_tray_icons_stand_out_on_light_and_dark_panels(tray: str) -> None:
    """Each tray icon has both near-white and near-black pixels, so one of them contrasts."""
    from PySide6.QtGui import QColor, QImage

    image = QImage(str(RESOURCES / f"{tray}-22.png"))
    shades = {
        QColor(image.pixel(x, y)).lightnessF()
        for x in range(image.width())
        for y in range(image.height())
        if QColor.fromRgba(image.pixel(x, y)).alphaF() > 0.9
    }
    assert max(shades) > 0.9
    assert min(shades) < 0.2
