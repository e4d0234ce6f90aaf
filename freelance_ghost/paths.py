"""Where things live: the user's data folder and the app's bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "FreelanceGhost"
DATA_DIR_ENV = "FREELANCE_GHOST_DATA_DIR"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``--data-dir``, else ``$FREELANCE_GHOST_DATA_DIR``, else the platform's."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs  # imported here: only needed when no folder was named

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resource_path(name: str) -> Path:
    """A file from ``resources/``: in a PyInstaller bundle, an installed wheel or a checkout."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources" / name
    checkout = Path(__file__).resolve().parent.parent / "resources" / name
    if checkout.exists():
        return checkout
    return Path(__file__).resolve().parent / "resources" / name
