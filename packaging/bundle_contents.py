"""What the bundle leaves out: Qt the app never uses, and system libraries only that Qt needed."""

# The spec imports this (PyInstaller runs it with packaging/ on sys.path); it is plain Python so
# the rules are tested on every platform, the Windows and macOS file layouts included. Entries
# are PyInstaller's (destination, source, typecode) tuples.

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import PurePath, PurePosixPath, PureWindowsPath

Entry = tuple[str, str, str]
Imports = Callable[[str], Iterable[str]]  # a binary's path -> names of the libraries it loads

# Qt modules the app never imports: kept out of the analysis as Python modules. (QtNetwork
# stays: the single-instance guard talks over a QLocalSocket.)
UNUSED_QT_MODULES = [
    "Qt3DCore",
    "QtBluetooth",
    "QtCharts",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDesigner",
    "QtGraphs",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetworkAuth",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtPrintSupport",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialPort",
    "QtSql",
    "QtStateMachine",
    "QtSvgWidgets",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtXml",
]
# Their libraries, as plugins drag them in: libQt6Quick.so.6, Qt6Quick.dll, QtQuick.framework.
UNUSED_QT_LIBRARY = re.compile(
    r"Qt6?(Qml|Quick|Pdf|WebEngine|VirtualKeyboard|3D|Multimedia|NetworkAuth|OpenGL|EglF[Ss]"
    r"|WlShellIntegration|Designer|Lottie|Labs)"
)
# Plugin folders for what the app does not do: embedded displays, touch and evdev input,
# TLS and network reachability (local sockets need neither), GL buffer sharing on Wayland,
# printing, SQL, QML tooling.
UNUSED_PLUGIN_FOLDERS = frozenset(
    {
        "designer",
        "egldeviceintegrations",
        "generic",
        "networkinformation",
        "printsupport",
        "qmltooling",
        "sqldrivers",
        "tls",
        "wayland-graphics-integration-client",
    }
)
# In these folders only the named plugins stay (file names without "lib" and suffix).
KEPT_PLUGINS = {
    "platforms": {"qxcb", "qwayland", "qoffscreen", "qminimal", "qwindows", "qdirect2d", "qcocoa"},
    "imageformats": {"qsvg", "qico", "qicns"},
    # Not qgtk3: GTK is not bundled, and the system's GTK would load against the bundle's
    # older cairo, pango and GLib; the portal theme still follows dark mode and gives native
    # file dialogs.
    "platformthemes": {"qxdgdesktopportal"},
    # Not wl-shell: it is deprecated and needs a library of its own.
    "wayland-shell-integration": {"xdg-shell", "qt-shell", "ivi-shell", "fullscreen-shell-v1"},
}


def destination_parts(entry: Entry) -> tuple[str, ...]:
    """The path an entry lands at in the bundle, as parts; a link counts as its target."""
    destination, source, typecode = entry
    flavour = PureWindowsPath if "\\" in destination else PurePosixPath
    path: PurePath = flavour(destination)
    if typecode == "SYMLINK":  # PyInstaller links Qt's libraries into the top folder
        path = path.parent / source
    return path.parts


def unused_qt_file(entry: Entry) -> bool:
    """Whether a collected file (or a link to one) is Qt the app does not use."""
    parts = destination_parts(entry)
    if not parts or parts[0] != "PySide6":
        return False
    if "translations" in parts:  # the app ships no translations, so Qt's are never loaded
        return True
    if "plugins" in parts:
        return unused_plugin(parts[parts.index("plugins") + 1 :])
    return bool(UNUSED_QT_LIBRARY.search("/".join(parts[1:]))) or parts[-1].startswith(
        "opengl32sw"  # Windows' software OpenGL, for Qt Quick and OpenGL widgets
    )


def unused_plugin(parts: tuple[str, ...]) -> bool:
    """Whether a plugin (its path below plugins/) serves something the app does not do."""
    if len(parts) < 2:
        return False
    folder, name = parts[0], parts[-1]
    if folder in UNUSED_PLUGIN_FOLDERS:
        return True
    kept = KEPT_PLUGINS.get(folder)
    return kept is not None and plugin_stem(name) not in kept


def plugin_stem(name: str) -> str:
    """'libqxcb.so' -> 'qxcb'; 'qwindows.dll' -> 'qwindows'; 'libqcocoa.dylib' -> 'qcocoa'."""
    stem = name.split(".")[0]
    return stem.removeprefix("lib")


def orphaned_libraries(
    dropped: Iterable[Entry], kept: Iterable[Entry], imports: Imports
) -> set[str]:
    """Top-folder libraries that only dropped files load: collected for them alone.

    ``imports`` must list every library a binary loads, directly or not (``ldd`` does).
    """
    kept = list(kept)
    top_folder = {entry[0] for entry in kept if len(destination_parts(entry)) == 1}
    candidates = _loaded_by(dropped, imports) & top_folder
    return candidates - _loaded_by((entry for entry in kept if entry[0] not in candidates), imports)


def _loaded_by(entries: Iterable[Entry], imports: Imports) -> set[str]:
    return {
        PurePosixPath(name).name
        for _, source, typecode in entries
        if typecode in {"BINARY", "EXTENSION"}
        for name in imports(source)
    }


def bundled_binaries(binaries: Iterable[Entry], imports: Imports | None) -> list[Entry]:
    """The binaries less unused Qt and, given ``imports``, less the libraries only it loads."""
    binaries = list(binaries)
    dropped = [entry for entry in binaries if unused_qt_file(entry)]
    kept = [entry for entry in binaries if not unused_qt_file(entry)]
    if imports is None:
        return kept
    orphans = orphaned_libraries(dropped, kept, imports)
    return [entry for entry in kept if entry[0] not in orphans]


def bundled_datas(datas: Iterable[Entry]) -> list[Entry]:
    """The data files less Qt's translations and the data of unused Qt modules."""
    return [entry for entry in datas if not unused_qt_file(entry)]
