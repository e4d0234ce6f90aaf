"""PyInstaller runtime hook: programs the bundle starts (notify-send) get the system's libraries."""

# On Linux the bootloader puts the bundle's folder first on LD_LIBRARY_PATH (keeping the user's
# value in LD_LIBRARY_PATH_ORIG). The running program has already resolved its own libraries;
# only child processes read the variable again, and a system program such as notify-send must
# load the system's GLib, not the copy inside the bundle.

import os
import sys


def restore_library_path() -> None:
    """Gives child processes the library path the user started the program with."""
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is not None:
        os.environ["LD_LIBRARY_PATH"] = original
    else:
        os.environ.pop("LD_LIBRARY_PATH", None)


if sys.platform.startswith("linux"):
    restore_library_path()
