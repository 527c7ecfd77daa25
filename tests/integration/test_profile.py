"""A desk profile finds its device master key where it left it; never makes one silently."""

from __future__ import annotations

import stat
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from app.domain.errors import KeychainUnavailable, ProfileSettingsDamaged
from app.system.devicekey import DeviceKeyMissing
from app.system.profile import (
    PASSPHRASE_BACKEND,
    BadProfileName,
    PassphraseCancelled,
    PassphraseRequest,
    Profile,
    device_master_key,
    profile_dir,
)
from tests.helpers.secrets import memory_keyring

GOOD = "correct horse battery"


def scripted(
    *answers: str | None,
) -> tuple[Callable[[PassphraseRequest], Awaitable[str | None]], list[PassphraseRequest]]:
    """A passphrase dialog that gives `answers` in turn and records what it was asked."""
    asked: list[PassphraseRequest] = []
    queue = list(answers)

    async def ask(request: PassphraseRequest) -> str | None:
        asked.append(request)
        return queue.pop(0)

    return ask, asked


def never_asked() -> Callable[[PassphraseRequest], Awaitable[str | None]]:
    async def ask(request: PassphraseRequest) -> str | None:
        raise AssertionError(f"the passphrase dialog was opened: {request}")

    return ask


@pytest.mark.asyncio
async def test_a_keychain_keeps_the_key_and_the_profile_records_it(tmp_path: Path) -> None:
    keyring = memory_keyring()
    profile = Profile(tmp_path / "desk").create()
    first = await device_master_key(profile, never_asked(), candidates=[keyring])
    again = await device_master_key(profile, never_asked(), candidates=[keyring])
    assert first == again
    assert len(first) == 32
    assert profile.read_config()["keychain"].endswith("MemoryKeyring")


@pytest.mark.asyncio
async def test_without_a_keychain_a_passphrase_protects_a_private_key_file(tmp_path: Path) -> None:
    profile = Profile(tmp_path / "desk").create()
    ask, asked = scripted("short", GOOD)
    dmk = await device_master_key(profile, ask, candidates=[])
    assert asked == [PassphraseRequest(creating=True), PassphraseRequest(creating=True, retry=True)]
    assert stat.S_IMODE(profile.keystore.stat().st_mode) == 0o600
    assert profile.read_config()["keychain"] == PASSPHRASE_BACKEND
    assert dmk not in profile.keystore.read_bytes()

    unlock, asked = scripted("wrong passphrase!", GOOD)
    assert await device_master_key(profile, unlock, candidates=[]) == dmk
    assert asked == [PassphraseRequest(creating=False), PassphraseRequest(False, retry=True)]


@pytest.mark.asyncio
async def test_cancelling_the_dialog_creates_nothing(tmp_path: Path) -> None:
    profile = Profile(tmp_path / "desk").create()
    ask, _ = scripted(None)
    with pytest.raises(PassphraseCancelled):
        await device_master_key(profile, ask, candidates=[])
    assert not profile.keystore.exists()
    assert "keychain" not in profile.read_config()


@pytest.mark.asyncio
async def test_a_vanished_keychain_is_reported_not_replaced_by_a_passphrase(
    tmp_path: Path,
) -> None:
    profile = Profile(tmp_path / "desk").create()
    await device_master_key(profile, never_asked(), candidates=[memory_keyring()])
    with pytest.raises(KeychainUnavailable):
        await device_master_key(profile, never_asked(), candidates=[])
    assert not profile.keystore.exists()


@pytest.mark.asyncio
async def test_a_missing_key_file_stops_start_up(tmp_path: Path) -> None:
    profile = Profile(tmp_path / "desk").create()
    ask, _ = scripted(GOOD)
    await device_master_key(profile, ask, candidates=[])
    profile.keystore.unlink()
    with pytest.raises(DeviceKeyMissing):
        await device_master_key(profile, never_asked(), candidates=[])


@pytest.mark.asyncio
async def test_a_replica_without_any_key_is_never_given_a_new_one(tmp_path: Path) -> None:
    profile = Profile(tmp_path / "desk").create()
    profile.replica.write_bytes(b"an existing replica")
    with pytest.raises(DeviceKeyMissing):
        await device_master_key(profile, never_asked(), candidates=[])


def test_profiles_live_in_the_per_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert profile_dir(None) == tmp_path / "data" / "Switchboard" / "profiles" / "default"
    assert profile_dir("office-2") == tmp_path / "data" / "Switchboard" / "profiles" / "office-2"
    assert profile_dir("x", tmp_path / "given") == tmp_path / "given"


@pytest.mark.parametrize("name", ["", "../etc", "a/b", ".hidden", "x" * 41, "sp ace"])
def test_a_profile_name_is_a_plain_name(name: str) -> None:
    if name == "":
        assert profile_dir(name).name == "default"
        return
    with pytest.raises(BadProfileName):
        profile_dir(name)


@pytest.mark.parametrize("damaged", ["", '{"id": "5b0c', "\x00\x00\x00", "null", "[]"])
def test_a_damaged_settings_file_is_said_so_and_kept(tmp_path: Path, damaged: str) -> None:
    """Not "the disk may be full": the file names this profile's key in the keychain, so it
    is never replaced by new settings quietly."""
    profile = Profile(tmp_path / "desk").create()
    profile.config_path.write_text(damaged, encoding="utf-8")
    with pytest.raises(ProfileSettingsDamaged, match="profile.json is damaged"):
        profile.read_config()
    assert profile.config_path.read_text(encoding="utf-8") == damaged
