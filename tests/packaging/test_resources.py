"""resources/: icons as make_icons.py draws them, valid desktop files, all shipped in the wheel."""

from __future__ import annotations

import fnmatch
import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from freelance_ghost import __version__
from freelance_ghost.paths import resource_path
from tests.tools import require_tool

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
MAKE_ICONS = ROOT / "packaging" / "make_icons.py"


def check_icons(folder: Path = RESOURCES) -> subprocess.CompletedProcess[str]:
    """``make_icons.py --check`` against the raster icons in ``folder``."""
    return subprocess.run(
        [sys.executable, str(MAKE_ICONS), "--check", "--output", str(folder)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


def load_make_icons() -> ModuleType:
    """packaging/make_icons.py, loaded by path (``packaging`` is also a PyPI package)."""
    spec = importlib.util.spec_from_file_location("make_icons", MAKE_ICONS)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def repaint(name: str, data: bytes, change: Callable[[bytearray], None]) -> bytes:
    """A raster file with ``change`` applied to the premultiplied pixels of each image in it."""
    from PySide6.QtGui import QImage

    icons = load_make_icons()

    def repaint_png(png: bytes) -> bytes:
        image = QImage.fromData(png, "PNG").convertToFormat(
            QImage.Format.Format_ARGB32_Premultiplied
        )
        pixels = bytearray(image.constBits())
        change(pixels)
        changed = QImage(
            bytes(pixels),
            image.width(),
            image.height(),
            image.bytesPerLine(),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        return icons.png_bytes(changed.convertToFormat(QImage.Format.Format_ARGB32))

    if name.endswith(".ico"):
        return icons.ico_bytes((size, repaint_png(png)) for size, png in icons.ico_images(data))
    if name.endswith(".icns"):
        return icons.icns_bytes((kind, repaint_png(png)) for kind, png in icons.icns_images(data))
    return repaint_png(data)


def one_value_off_at_the_edges(pixels: bytearray) -> None:
    """What another CPU's SIMD path does: anti-aliased edge pixels rounded one value the other way.

    Pixels are B, G, R, A bytes; a premultiplied colour never exceeds its alpha.
    """
    for start in range(0, len(pixels), 4):
        alpha = pixels[start + 3]
        if 0 < alpha < 255:
            blue = pixels[start]
            pixels[start] = blue + 1 if blue < alpha else blue - 1


def raster_icons() -> list[Path]:
    """The committed files make_icons.py draws."""
    return [path for path in RESOURCES.iterdir() if path.suffix in (".png", ".ico", ".icns")]


@pytest.fixture
def drawn_on_another_cpu(qapp: object, tmp_path: Path) -> Path:
    """A folder of the raster icons as another CPU draws them: edges one value off."""
    for path in raster_icons():
        changed = repaint(path.name, path.read_bytes(), one_value_off_at_the_edges)
        assert changed != path.read_bytes()
        (tmp_path / path.name).write_bytes(changed)
    return tmp_path


def test_the_raster_icons_are_what_make_icons_draws() -> None:
    result = check_icons()
    assert (result.returncode, result.stdout) == (0, ""), "run packaging/make_icons.py"


def test_icons_drawn_on_another_cpu_pass_the_check(drawn_on_another_cpu: Path) -> None:
    result = check_icons(drawn_on_another_cpu)
    assert (result.returncode, result.stdout) == (0, "")


def brighter(pixels: bytearray) -> None:
    """A visibly lighter colour: every opaque pixel's blue a tenth brighter."""
    for start in range(0, len(pixels), 4):
        if pixels[start + 3] == 255:
            pixels[start] = min(255, pixels[start] + 26)


@pytest.mark.parametrize(
    ("name", "replace"),
    [
        ("tray-idle-22.png", lambda _data: (RESOURCES / "tray-waiting-22.png").read_bytes()),
        (
            "freelance-ghost-16.png",
            lambda _data: (RESOURCES / "freelance-ghost-24.png").read_bytes(),
        ),
        ("freelance-ghost-48.png", lambda data: repaint("freelance-ghost-48.png", data, brighter)),
        ("freelance-ghost.icns", lambda data: repaint("freelance-ghost.icns", data, brighter)),
        ("freelance-ghost.ico", lambda data: data[: len(data) // 2]),
    ],
    ids=["another picture", "another size", "another colour", "inside the icns", "truncated"],
)
@pytest.mark.usefixtures("qapp")
def test_a_really_different_icon_fails_the_check(
    tmp_path: Path, name: str, replace: Callable[[bytes], bytes]
) -> None:
    for path in raster_icons():
        shutil.copy(path, tmp_path)
    (tmp_path / name).write_bytes(replace((RESOURCES / name).read_bytes()))
    result = check_icons(tmp_path)
    assert result.returncode == 1
    assert result.stdout == f"{tmp_path / name} differs from what make_icons.py makes\n"


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
