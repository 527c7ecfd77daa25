"""Where a profile lives on disk: `--data-dir`, else the platform's per-user data directory.

Tests and the demo always pass a directory, so they never touch a real profile (style.md §2.4
habit 10). The profile directory is created private (0700 on POSIX).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import StoreUnavailable

PRIVATE_DIR_MODE = 0o700


@dataclass(frozen=True, slots=True)
class ProfilePaths:
    """The files of one profile (one desk's device)."""

    root: Path

    @property
    def replica(self) -> Path:
        """The SQLCipher replica (with -wal and -shm beside it)."""
        return self.root / "replica.db"

    @property
    def config(self) -> Path:
        """Non-secret profile settings: profile uuid, recorded keychain backend …"""
        return self.root / "profile.json"

    @property
    def keystore(self) -> Path:
        """The passphrase-protected fallback for the device key (crypto.md §3.15 item 4)."""
        return self.root / "keystore.v1"

    @property
    def logs(self) -> Path:
        return self.root / "logs"


def default_data_dir(
    *,
    platform: str | None = None,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Path:
    """The per-user data directory: XDG_DATA_HOME, %APPDATA% or ~/Library/Application Support."""
    platform = sys.platform if platform is None else platform
    env = os.environ if env is None else env
    home = Path.home() if home is None else home
    if platform == "win32":
        appdata = env.get("APPDATA")
        base = Path(appdata) if appdata else home / "AppData" / "Roaming"
        return base / "Switchboard"
    if platform == "darwin":
        return home / "Library" / "Application Support" / "Switchboard"
    xdg = env.get("XDG_DATA_HOME", "")
    # The XDG spec: a relative path is invalid and must be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / "switchboard"


def resolve_profile_dir(
    data_dir: Path | str | None,
    *,
    platform: str | None = None,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Path:
    """`--data-dir` made absolute, or the platform default."""
    if data_dir is not None and str(data_dir):
        return Path(data_dir).expanduser().absolute()
    return default_data_dir(platform=platform, env=env, home=home)


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) with the leaf private to this user.

    An existing directory of ours that others can read is tightened to 0700.

    Raises:
        StoreUnavailable: the directory cannot be created or is not ours.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
        info = path.stat()
        if not stat.S_ISDIR(info.st_mode):
            raise StoreUnavailable(f"{path} exists and is not a directory")
        if os.name == "posix":
            if info.st_uid != os.getuid():
                raise StoreUnavailable(f"{path} belongs to another user")
            if stat.S_IMODE(info.st_mode) != PRIVATE_DIR_MODE:
                path.chmod(PRIVATE_DIR_MODE)
    except FileExistsError as exc:
        raise StoreUnavailable(f"{path} exists and is not a directory") from exc
    except OSError as exc:
        raise StoreUnavailable(f"cannot create the profile directory {path}: {exc}") from exc
    return path


def open_profile(
    data_dir: Path | str | None,
    *,
    platform: str | None = None,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> ProfilePaths:
    """Resolve and create the profile directory."""
    root = resolve_profile_dir(data_dir, platform=platform, env=env, home=home)
    return ProfilePaths(ensure_private_dir(root))
