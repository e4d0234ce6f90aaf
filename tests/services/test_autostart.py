"""Start at login: the XDG entry for real, the LaunchAgent and the Run value through fakes."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from freelance_ghost.services.autostart import (
    LAUNCH_AGENT_LABEL,
    RUN_KEY,
    LaunchAgent,
    LoginItem,
    NoLoginItem,
    RegistryRunKey,
    WindowsRunValue,
    XdgAutostartEntry,
    desktop_exec,
    installed_command,
    login_item,
)
from tests.tools import require_tool

PROGRAM = "/opt/Freelance Ghost/freelance-ghost"
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="XDG autostart is how Linux desktops do it"
)


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``$XDG_CONFIG_HOME`` in a temporary folder."""
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


# Linux, for real: the login item the window is given writes into $XDG_CONFIG_HOME/autostart.


@linux_only
def test_autostart_is_off_until_enabled(config_home: Path) -> None:
    assert not login_item().enabled()
    assert not (config_home / "autostart").exists()


@linux_only
def test_enabling_writes_a_valid_xdg_autostart_entry(config_home: Path) -> None:
    item = login_item()
    item.enable([PROGRAM, "--data-dir", "/home/me/My Clients"])

    entry = config_home / "autostart" / "freelance-ghost.desktop"
    assert item.enabled()
    assert read_desktop_exec(entry) == [PROGRAM, "--data-dir", "/home/me/My Clients"]
    assert "Type=Application" in entry.read_text(encoding="utf-8").splitlines()
    validator = require_tool("desktop-file-validate")
    result = subprocess.run([validator, str(entry)], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@linux_only
def test_disabling_removes_exactly_the_entry_it_added(config_home: Path) -> None:
    folder = config_home / "autostart"
    folder.mkdir(parents=True)
    other = folder / "syncthing.desktop"
    other.write_text("[Desktop Entry]\nType=Application\nExec=syncthing\n", encoding="utf-8")
    before = sorted(folder.iterdir())

    item = login_item()
    item.enable([PROGRAM])
    item.disable()

    assert not item.enabled()
    assert sorted(folder.iterdir()) == before
    assert other.read_text(encoding="utf-8").endswith("Exec=syncthing\n")
    item.disable()  # a second time: nothing there, nothing to do


@linux_only
def test_enabling_again_replaces_the_command(config_home: Path) -> None:
    item = login_item()
    item.enable(["/old/freelance-ghost"])
    item.enable([PROGRAM])
    entries = list((config_home / "autostart").iterdir())
    assert [entry.name for entry in entries] == ["freelance-ghost.desktop"]
    assert read_desktop_exec(entries[0]) == [PROGRAM]


def test_an_entry_someone_else_wrote_is_neither_replaced_nor_removed(tmp_path: Path) -> None:
    entry = XdgAutostartEntry(tmp_path)
    theirs = "[Desktop Entry]\nType=Application\nExec=freelance-ghost --their-way\n"
    entry.path.write_text(theirs, encoding="utf-8")

    with pytest.raises(FileExistsError, match="not written by Freelance Ghost"):
        entry.enable([PROGRAM])
    entry.disable()

    assert not entry.enabled()
    assert entry.path.read_text(encoding="utf-8") == theirs


def test_an_empty_command_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    registry = FakeRunKey()
    items: list[LoginItem] = [
        XdgAutostartEntry(tmp_path / "autostart"),
        LaunchAgent(tmp_path / "LaunchAgents"),
        WindowsRunValue(registry),
    ]
    for item in items:
        with pytest.raises(ValueError, match="the command to start at login is empty"):
            item.enable([])
        assert not item.enabled()
    assert list(tmp_path.iterdir()) == []
    assert registry.values == {}


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"XDG_CONFIG_HOME": "/elsewhere/config"}, Path("/elsewhere/config/autostart")),
        ({"XDG_CONFIG_HOME": "relative/config"}, Path("/home/me/.config/autostart")),
        ({"XDG_CONFIG_HOME": ""}, Path("/home/me/.config/autostart")),
        ({}, Path("/home/me/.config/autostart")),
    ],
)
def test_the_autostart_folder_follows_the_xdg_spec(environ: dict[str, str], expected: Path) -> None:
    item = login_item("linux", environ, Path("/home/me"))
    assert isinstance(item, XdgAutostartEntry)
    assert item.path == expected / "freelance-ghost.desktop"


@given(st.lists(st.text(alphabet=st.characters(exclude_characters="\0")), min_size=1))
def test_any_command_survives_desktop_entry_quoting(command: list[str]) -> None:
    assert parse_desktop_exec(desktop_exec(command)) == command


def test_exec_quoting_matches_the_spec_examples() -> None:
    assert desktop_exec(["/usr/bin/freelance-ghost"]) == "/usr/bin/freelance-ghost"
    assert desktop_exec([PROGRAM, "100%"]) == f'"{PROGRAM}" 100%%'
    assert desktop_exec(["C:\\x"]) == '"C:\\\\\\\\x"'  # four backslashes, as the spec says
    assert desktop_exec(["$HOME", ""]) == '"\\\\$HOME" ""'


# macOS: the LaunchAgent writer, on any system, in a temporary folder.


def test_a_launch_agent_runs_the_command_at_login(tmp_path: Path) -> None:
    item = login_item("darwin", {}, tmp_path)
    assert isinstance(item, LaunchAgent)

    item.enable([PROGRAM, "--tray"])

    path = tmp_path / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
    agent = plistlib.loads(path.read_bytes())
    assert agent["Label"] == LAUNCH_AGENT_LABEL
    assert agent["ProgramArguments"] == [PROGRAM, "--tray"]
    assert agent["RunAtLoad"] is True
    assert item.enabled()


def test_disabling_the_launch_agent_leaves_other_agents(tmp_path: Path) -> None:
    folder = tmp_path / "Library" / "LaunchAgents"
    folder.mkdir(parents=True)
    other = folder / "com.example.sync.plist"
    other.write_bytes(plistlib.dumps({"Label": "com.example.sync", "ProgramArguments": ["s"]}))
    item = login_item("darwin", {}, tmp_path)

    item.enable([PROGRAM])
    item.disable()

    assert not item.enabled()
    assert sorted(folder.iterdir()) == [other]


def test_a_plist_of_our_name_but_not_ours_is_left_alone(tmp_path: Path) -> None:
    item = LaunchAgent(tmp_path)
    item.path.write_bytes(b"not a property list")
    item.disable()
    assert item.path.read_bytes() == b"not a property list"
    assert not item.enabled()


# Windows: the Run value through a fake key, and the winreg writer through a fake winreg.


class FakeRunKey:
    """A registry key as a dict."""

    def __init__(self, values: dict[str, str] | None = None) -> None:
        self.values = dict(values or {})

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, value: str) -> None:
        self.values[name] = value

    def delete(self, name: str) -> None:
        self.values.pop(name, None)


def test_the_run_value_holds_a_quoted_command_line() -> None:
    key = FakeRunKey({"OneDrive": '"C:\\OneDrive.exe" /background'})
    item = WindowsRunValue(key)

    item.enable(["C:\\Program Files\\Freelance Ghost\\freelance-ghost-gui.exe"])

    assert item.enabled()
    assert key.values["Freelance Ghost"] == (
        '"C:\\Program Files\\Freelance Ghost\\freelance-ghost-gui.exe"'
    )
    item.disable()
    assert key.values == {"OneDrive": '"C:\\OneDrive.exe" /background'}
    assert not item.enabled()


def test_windows_uses_the_current_users_run_key() -> None:
    item = login_item("win32", {}, Path("C:/Users/me"))
    assert isinstance(item, WindowsRunValue)
    assert isinstance(item.key, RegistryRunKey)


class FakeWinreg:
    """The few winreg calls RegistryRunKey makes, over nested dicts: {root: {key: {name: ...}}}."""

    HKEY_CURRENT_USER = "HKCU"
    KEY_SET_VALUE = 2
    REG_SZ = 1

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], dict[str, tuple[Any, int]]] = {}

    def OpenKey(self, root: str, path: str, *_: Any) -> Any:  # noqa: N802 (winreg's name)
        if (root, path) not in self.keys:
            raise FileNotFoundError(path)
        return _Handle(self.keys[(root, path)])

    def CreateKeyEx(self, root: str, path: str, *_: Any) -> Any:  # noqa: N802
        return _Handle(self.keys.setdefault((root, path), {}))

    def QueryValueEx(self, handle: _Handle, name: str) -> tuple[Any, int]:  # noqa: N802
        if name not in handle.values:
            raise FileNotFoundError(name)
        return handle.values[name]

    def SetValueEx(self, handle: _Handle, name: str, _: int, kind: int, value: Any) -> None:  # noqa: N802
        handle.values[name] = (value, kind)

    def DeleteValue(self, handle: _Handle, name: str) -> None:  # noqa: N802
        if name not in handle.values:
            raise FileNotFoundError(name)
        del handle.values[name]


class _Handle:
    """An open key: a context manager over its values."""

    def __init__(self, values: dict[str, tuple[Any, int]]) -> None:
        self.values = values

    def __enter__(self) -> _Handle:
        return self

    def __exit__(self, *_: object) -> None:
        return None


def test_the_registry_writer_sets_and_deletes_one_string_value() -> None:
    registry = FakeWinreg()
    key = RegistryRunKey(registry)

    assert key.get("Freelance Ghost") is None
    key.delete("Freelance Ghost")  # no key yet: nothing to do
    key.set("Freelance Ghost", '"C:\\fg.exe"')
    registry.keys[("HKCU", RUN_KEY)]["Other"] = ("other.exe", registry.REG_SZ)

    assert registry.keys[("HKCU", RUN_KEY)]["Freelance Ghost"] == ('"C:\\fg.exe"', 1)
    assert key.get("Freelance Ghost") == '"C:\\fg.exe"'
    key.delete("Freelance Ghost")
    key.delete("Freelance Ghost")
    assert registry.keys[("HKCU", RUN_KEY)] == {"Other": ("other.exe", 1)}


# Elsewhere, and what to start.


def test_an_unknown_system_has_no_login_item() -> None:
    item = login_item("sunos5", {}, Path("/home/me"))
    assert isinstance(item, NoLoginItem)
    assert not item.enabled()
    item.disable()
    with pytest.raises(OSError, match="not supported on"):
        item.enable([PROGRAM])


def test_a_bundle_starts_its_windowed_program_when_it_has_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    console = tmp_path / "freelance-ghost.exe"
    windowed = tmp_path / "freelance-ghost-gui.exe"
    console.touch()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(console))
    assert installed_command() == [str(console)]
    windowed.touch()
    assert installed_command() == [str(windowed)]


def test_an_installed_copy_starts_the_script_it_runs_as(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "venv" / "bin" / "freelance-ghost"
    script.parent.mkdir(parents=True)
    script.touch()
    (script.parent / "freelance-ghost-gui").touch()  # pip writes it on Linux too: not needed
    monkeypatch.setattr(sys, "argv", [str(script)])
    monkeypatch.setattr(sys, "platform", "linux")
    assert installed_command() == [str(script)]


def test_otherwise_the_command_on_path_or_python(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["/somewhere/freelance_ghost/__main__.py"])
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/local/bin/{name}")
    assert installed_command()[0].startswith("/usr/local/bin/freelance-ghost")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert installed_command() == [sys.executable, "-m", "freelance_ghost"]


def test_nothing_happens_at_import(tmp_path: Path) -> None:
    code = "import freelance_ghost.services.autostart"
    environment = {"XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path), "PATH": ""}
    subprocess.run([sys.executable, "-c", code], env=environment, check=True)
    assert list(tmp_path.iterdir()) == []


# A reader for Exec values, written from the Desktop Entry spec, to check the writer against.


def read_desktop_exec(entry: Path) -> list[str]:
    """The command of a .desktop file's Exec key."""
    for line in entry.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            return parse_desktop_exec(line.removeprefix("Exec="))
    raise AssertionError(f"{entry} has no Exec line")


def parse_desktop_exec(value: str) -> list[str]:
    """Undoes the string escapes, splits the quoted arguments, then undoes ``%%``."""
    unescaped = _unescape_string(value)
    arguments: list[str] = []
    current: list[str] = []
    quoted = started = False
    characters = iter(unescaped)
    for character in characters:
        if quoted:
            if character == "\\":
                current.append(next(characters))
            elif character == '"':
                quoted = False
            else:
                current.append(character)
        elif character == '"':
            quoted = started = True
        elif character == " ":
            if started:
                arguments.append("".join(current))
            current, started = [], False
        else:
            current.append(character)
            started = True
    assert not quoted, f"unclosed quote in {value!r}"
    if started:
        arguments.append("".join(current))
    return [argument.replace("%%", "%") for argument in arguments]


def _unescape_string(value: str) -> str:
    escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    result: list[str] = []
    characters = iter(value)
    for character in characters:
        result.append(escapes[next(characters)] if character == "\\" else character)
    assert "\n" not in value, "a raw newline would end the key's line"
    return "".join(result)
