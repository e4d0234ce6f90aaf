"""The spec's rules for leaving Qt out, on Linux, Windows and macOS file layouts alike."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_bundle_contents() -> ModuleType:
    """packaging/bundle_contents.py, loaded by path (``packaging`` is also a PyPI package)."""
    location = ROOT / "packaging" / "bundle_contents.py"
    spec = importlib.util.spec_from_file_location("bundle_contents", location)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


contents = load_bundle_contents()


@pytest.mark.parametrize(
    "destination",
    [
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6NetworkAuth.so.6",
        "PySide6/Qt/lib/libQt6OpenGL.so.6",
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
        "PySide6\\Qt6Qml.dll",
        "PySide6\\opengl32sw.dll",
        "PySide6\\translations\\qtbase_fr.qm",
        "PySide6\\plugins\\platforms\\qminimalegl.dll",
        "PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick",
        "PySide6/Qt/plugins/generic/libqtuiotouchplugin.dylib",
    ],
)
def test_unused_qt_is_dropped(destination: str) -> None:
    assert contents.unused_qt_file((destination, "/src", "BINARY"))


@pytest.mark.parametrize(
    "destination",
    [
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "PySide6/Qt/lib/libQt6DBus.so.6",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/QtNetwork.abi3.so",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "PySide6/Qt/lib/libQt6WaylandClient.so.6",
        "PySide6/Qt/lib/libicudata.so.73",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "PySide6/QtWidgets.abi3.so",
        "PySide6\\Qt6Gui.dll",
        "PySide6\\plugins\\platforms\\qwindows.dll",
        "PySide6\\plugins\\styles\\qmodernwindowsstyle.dll",
        "PySide6/Qt/lib/QtWidgets.framework/Versions/A/QtWidgets",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        "libpython3.11.so.1.0",
        "plyer/platforms/linux/notification.py",
    ],
)
def test_what_the_app_uses_stays(destination: str) -> None:
    assert not contents.unused_qt_file((destination, "/src", "BINARY"))


def test_a_link_goes_with_its_target() -> None:
    link = ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK")
    kept_link = ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK")
    assert contents.unused_qt_file(link)
    assert not contents.unused_qt_file(kept_link)


def test_libraries_only_dropped_plugins_load_are_dropped_too() -> None:
    loads = {
        "/q/libqgtk3.so": ["libgtk-3.so.0", "libcairo.so.2", "libglib-2.0.so.0", "libQt6Gui.so.6"],
        "/q/libqxcb.so": ["libxcb.so.1", "libglib-2.0.so.0", "libQt6Gui.so.6"],
        "/p/_ctypes.so": ["libffi.so.8"],
    }
    binaries = [
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/q/libqgtk3.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/q/libqxcb.so", "BINARY"),
        ("python3.11/lib-dynload/_ctypes.so", "/p/_ctypes.so", "EXTENSION"),
        ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),
        ("libglib-2.0.so.0", "/usr/lib/libglib-2.0.so.0", "BINARY"),
        ("libffi.so.8", "/usr/lib/libffi.so.8", "BINARY"),
        ("libxcb.so.1", "/usr/lib/libxcb.so.1", "BINARY"),
    ]

    kept = contents.bundled_binaries(binaries, lambda path: loads.get(path, []))

    assert [entry[0] for entry in kept] == [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "python3.11/lib-dynload/_ctypes.so",
        "libglib-2.0.so.0",
        "libffi.so.8",
        "libxcb.so.1",
    ]
    assert len(contents.bundled_binaries(binaries, None)) == len(binaries) - 1
