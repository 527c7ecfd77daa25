"""Profile directories: --data-dir, platform defaults, private modes.

(System-package tests, kept beside the store's; see test_store_keychain.py.)
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.domain.errors import StoreUnavailable
from app.system.paths import default_data_dir, ensure_private_dir, open_profile, resolve_profile_dir

HOME = Path("/home/agent")


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("linux", {}, HOME / ".local/share/switchboard"),
        ("linux", {"XDG_DATA_HOME": "/data/xdg"}, Path("/data/xdg/switchboard")),
        ("linux", {"XDG_DATA_HOME": "relative/xdg"}, HOME / ".local/share/switchboard"),
        ("win32", {"APPDATA": r"C:\Users\agent\AppData\Roaming"}, None),
        ("darwin", {}, HOME / "Library/Application Support/Switchboard"),
    ],
)
def test_platform_defaults(platform: str, env: dict[str, str], expected: Path | None) -> None:
    found = default_data_dir(platform=platform, env=env, home=HOME)
    if expected is None:
        assert found == Path(env["APPDATA"]) / "Switchboard"
    else:
        assert found == expected


def test_data_dir_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_profile_dir("desk-a", env={}, home=HOME) == tmp_path / "desk-a"
    assert resolve_profile_dir(None, platform="linux", env={}, home=HOME) == (
        HOME / ".local/share/switchboard"
    )


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_profile_dir_is_private(tmp_path: Path) -> None:
    profile = open_profile(tmp_path / "parent" / "profile")
    assert stat.S_IMODE(profile.root.stat().st_mode) == 0o700
    assert profile.replica == tmp_path / "parent" / "profile" / "replica.db"
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o755)
    loose.chmod(0o755)
    ensure_private_dir(loose)
    assert stat.S_IMODE(loose.stat().st_mode) == 0o700


def test_a_file_in_the_way(tmp_path: Path) -> None:
    blocker = tmp_path / "profile"
    blocker.write_text("not a directory")
    with pytest.raises(StoreUnavailable, match="not a directory"):
        ensure_private_dir(blocker)
