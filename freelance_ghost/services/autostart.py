"""Start at login: an XDG autostart entry, the HKCU Run value or a LaunchAgent, one protocol."""

# login_item() picks this platform's LoginItem once (the window's composition root does);
# its enable(command) makes the desktop run the command at each login, disable() removes
# exactly the one entry it wrote (never the folder, never another program's entry) and
# enabled() says whether that entry is there. Nothing starts the program now.

from __future__ import annotations

import importlib
import os
import plistlib
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from freelance_ghost.store.atomic_files import write_atomically

APP_NAME = "Freelance Ghost"
ENTRY_NAME = "freelance-ghost"  # the autostart .desktop file's name, as the app's desktop id
LAUNCH_AGENT_LABEL = "app.freelanceghost.FreelanceGhost"  # the macOS bundle identifier
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
OURS = "X-Freelance-Ghost-Autostart=true"  # marks the XDG entry as the one this module wrote
_EXEC_RESERVED = set(" \t\n\r\"'\\><~|&;$*?#()`")
_STRING_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


class LoginItem(Protocol):
    """One platform's way of starting a program at login."""

    def enable(self, command: Sequence[str]) -> None:
        """Makes ``command`` run at the next login (replacing an earlier one of ours)."""
        ...

    def disable(self) -> None:
        """Removes what ``enable`` added; does nothing when it is not there."""
        ...

    def enabled(self) -> bool:
        """Whether our entry is there."""
        ...


class XdgAutostartEntry:
    """A ``.desktop`` file in ``$XDG_CONFIG_HOME/autostart`` (freedesktop Autostart spec)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / f"{ENTRY_NAME}.desktop"

    def enable(self, command: Sequence[str]) -> None:
        """Writes the entry, atomically; an entry of the same name that we did not write stays."""
        _check_command(command)
        if self.path.exists() and not self.enabled():
            raise FileExistsError(f"{self.path} exists and was not written by {APP_NAME}")
        _write_entry(self.path, autostart_desktop_entry(command))

    def disable(self) -> None:
        """Deletes the entry if this module wrote it."""
        if self.enabled():
            self.path.unlink()

    def enabled(self) -> bool:
        """Whether our entry is in the autostart folder."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            return False
        return OURS in text.splitlines()


class LaunchAgent:
    """A LaunchAgent property list in ``~/Library/LaunchAgents``, loaded by launchd at login."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / f"{LAUNCH_AGENT_LABEL}.plist"

    def enable(self, command: Sequence[str]) -> None:
        """Writes the property list, atomically."""
        _check_command(command)
        _write_entry(self.path, launch_agent_plist(command).decode("utf-8"))

    def disable(self) -> None:
        """Deletes the property list if it is ours."""
        if self.enabled():
            self.path.unlink()

    def enabled(self) -> bool:
        """Whether a property list with our label is there."""
        try:
            agent = plistlib.loads(self.path.read_bytes())
        except (FileNotFoundError, plistlib.InvalidFileException):
            return False
        return isinstance(agent, dict) and agent.get("Label") == LAUNCH_AGENT_LABEL


class RunKey(Protocol):
    """The string values under one registry key."""

    def get(self, name: str) -> str | None:
        """The value, or None when it is not there."""
        ...

    def set(self, name: str, value: str) -> None:
        """Writes the value (creating the key if needed)."""
        ...

    def delete(self, name: str) -> None:
        """Removes the value; nothing when it is not there."""
        ...


class RegistryRunKey:
    """``HKEY_CURRENT_USER\\...\\CurrentVersion\\Run`` through ``winreg`` (Windows only)."""

    def __init__(self, winreg: Any = None) -> None:
        self._winreg = winreg  # None: the real module, imported when first needed

    def _registry(self) -> Any:
        # Any: typeshed declares winreg's contents for Windows alone.
        return self._winreg if self._winreg is not None else importlib.import_module("winreg")

    def get(self, name: str) -> str | None:
        """The command line stored under ``name``."""
        winreg = self._registry()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                value, _kind = winreg.QueryValueEx(key, name)
        except FileNotFoundError:
            return None
        return str(value)

    def set(self, name: str, value: str) -> None:
        """Stores a REG_SZ value."""
        winreg = self._registry()
        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, value)

    def delete(self, name: str) -> None:
        """Deletes the value if it exists."""
        winreg = self._registry()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, name)
        except FileNotFoundError:
            pass


class WindowsRunValue:
    """One value named for the app in the user's Run key: Windows starts it at sign-in."""

    def __init__(self, key: RunKey) -> None:
        self.key = key

    def enable(self, command: Sequence[str]) -> None:
        """Stores the command line, quoted as Windows splits it."""
        _check_command(command)
        self.key.set(APP_NAME, windows_command_line(command))

    def disable(self) -> None:
        """Deletes our value; other programs' values are untouched."""
        self.key.delete(APP_NAME)

    def enabled(self) -> bool:
        """Whether our value is there."""
        return self.key.get(APP_NAME) is not None


class NoLoginItem:
    """Where no way is known: never enabled, and asking to enable says so."""

    def enable(self, command: Sequence[str]) -> None:
        """Refuses: there is nowhere to write."""
        raise OSError(f"starting at login is not supported on {sys.platform}")

    def disable(self) -> None:
        """Nothing to remove."""

    def enabled(self) -> bool:
        """Never."""
        return False


def login_item(
    platform: str = sys.platform,
    environ: Mapping[str, str] = os.environ,
    home: Path | None = None,
) -> LoginItem:
    """The way this platform starts programs at login."""
    home = home if home is not None else Path.home()
    if platform == "win32":
        return WindowsRunValue(RegistryRunKey())
    if platform == "darwin":
        return LaunchAgent(home / "Library" / "LaunchAgents")
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return XdgAutostartEntry(xdg_config_home(environ, home) / "autostart")
    return NoLoginItem()


def installed_command() -> list[str]:
    """How to start this copy of the app: the program it runs as, else the installed command.

    Where a windowed twin exists (Windows, and the macOS bundle) that one starts at login.
    """
    program = running_program()
    if program is None:
        script = shutil.which(f"{ENTRY_NAME}-gui" if sys.platform == "win32" else ENTRY_NAME)
        return [script] if script else [sys.executable, "-m", "freelance_ghost"]
    if getattr(sys, "frozen", False) or sys.platform == "win32":
        windowed = program.with_name(f"{ENTRY_NAME}-gui{program.suffix}")
        if windowed.is_file():
            return [str(windowed)]
    return [str(program)]


def running_program() -> Path | None:
    """The bundle's program, or the installed script this process was started as."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable)
    launched = Path(sys.argv[0]).absolute() if sys.argv and sys.argv[0] else None
    names = {ENTRY_NAME, f"{ENTRY_NAME}-gui"}
    if launched is not None and launched.stem in names and launched.is_file():
        return launched
    return None


def xdg_config_home(environ: Mapping[str, str], home: Path) -> Path:
    """``$XDG_CONFIG_HOME`` when it is an absolute path, else ``~/.config`` (as the spec says)."""
    configured = environ.get("XDG_CONFIG_HOME", "")
    return Path(configured) if os.path.isabs(configured) else home / ".config"


def autostart_desktop_entry(command: Sequence[str]) -> str:
    """The autostart ``.desktop`` file that runs ``command``."""
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        f"Name={APP_NAME}",
        "Comment=Start Freelance Ghost when you log in",
        f"Exec={desktop_exec(command)}",
        f"Icon={ENTRY_NAME}",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        OURS,
    ]
    return "\n".join(lines) + "\n"


def desktop_exec(command: Sequence[str]) -> str:
    """``command`` as an Exec value: quoted per the Desktop Entry spec, then string-escaped."""
    return " ".join(_exec_argument(argument) for argument in command)


def _exec_argument(argument: str) -> str:
    quoted = argument.replace("%", "%%")  # field codes: a literal percent is doubled
    if not argument or set(argument) & _EXEC_RESERVED:
        for special in ("\\", '"', "`", "$"):
            quoted = quoted.replace(special, "\\" + special)
        quoted = f'"{quoted}"'
    # The string type's escapes apply on top of the quoting: a backslash doubles again.
    return "".join(_STRING_ESCAPES.get(character, character) for character in quoted)


def launch_agent_plist(command: Sequence[str]) -> bytes:
    """The LaunchAgent that runs ``command`` once at login, in the user's graphical session."""
    agent = {
        "Label": LAUNCH_AGENT_LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "LimitLoadToSessionType": "Aqua",
        "ProcessType": "Interactive",
    }
    return plistlib.dumps(agent, sort_keys=True)


def windows_command_line(command: Sequence[str]) -> str:
    """``command`` as one Windows command line (how ``CreateProcess`` will split it)."""
    return subprocess.list2cmdline(list(command))


def _check_command(command: Sequence[str]) -> None:
    """Refuses an empty command: an entry without a program would fail at every login."""
    if not command:
        raise ValueError("the command to start at login is empty")


def _write_entry(path: Path, text: str) -> None:
    """Writes a login item's file whole or not at all, readable by the system that starts it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda file: file.write(text), mode=0o644)
