"""Files under `resources/`, found from a source checkout and from a frozen build alike."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon


def resource_dir() -> Path:
    """The `resources/` folder: next to `app/` in source, in `sys._MEIPASS` when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    """The path of one resource file (it may not exist in a broken install)."""
    return resource_dir().joinpath(*parts)


def app_icon() -> QIcon:
    """The Switchboard icon, or an empty icon when the resources are missing."""
    path = resource_path("icons", "switchboard.svg")
    return QIcon(str(path)) if path.exists() else QIcon()
