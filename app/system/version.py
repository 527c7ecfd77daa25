"""The version this copy of Switchboard runs, read from its installed package metadata.

`pyproject.toml` is the one place a version is written. An install (pip, editable, or a frozen
build, which carries the package's `dist-info`) records it in the metadata, so the command line,
the About dialog and the installers all read the same number.
"""

from __future__ import annotations

from importlib import metadata

DISTRIBUTION = "switchboard"
UNKNOWN = "unknown"


def app_version() -> str:
    """The installed version ("0.1.0"), or "unknown" when run from a tree never installed."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return UNKNOWN
