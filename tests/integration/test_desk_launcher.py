"""A profile's way to a running desk: found on a hub this computer runs, join it, reopen."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.desk.launcher import DeskLauncher
from app.domain.errors import DeviceRemoved, PassphraseWrong, ReplicaDamaged
from app.domain.model import Role
from app.services.team_api import HubOnServer, HubOnThisComputer
from app.system.keychain import MemorySecretStore
from app.system.profile import PASSPHRASE_BACKEND
from tests.helpers.hub import running_hub
from tests.helpers.team_desks import local_launcher
from tests.helpers.wait import until

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]


def launcher(root: Path, keychain: MemorySecretStore | None) -> DeskLauncher:
    return local_launcher(root, keychain)


async def test_found_on_this_computer_join_and_reopen(tmp_path: Path) -> None:
    keys = MemorySecretStore()
    anna = launcher(tmp_path / "anna", keys)
    await anna.probe()
    assert not anna.enrolled
    await anna.create_team("Nordlicht", "Anna", HubOnThisComputer())
    assert anna.enrolled
    assert anna.hub is not None
    assert anna.hub.tls_fingerprint is not None
    opened = await anna.open_desk()
    assert opened.business_name == "Nordlicht"

    ben = launcher(tmp_path / "ben", MemorySecretStore())
    await ben.probe()
    desk = anna.desk
    assert desk is not None
    invite = await desk.invites.create(Role.MEMBER)
    hub_address = str(anna.profile.read_config()["hub"])
    attempt = await ben.start_join(hub_address, str(invite.code), "Ben")
    (_, sas) = await asyncio.gather(
        desk.invites.next_request(invite, within=20), attempt.wait_sas()
    )
    assert sas == desk.invites.sas(invite)
    await attempt.confirm()
    await asyncio.gather(desk.invites.confirm(invite, within=20), attempt.wait_added())
    progress = [p async for p in attempt.first_sync()]
    assert progress[-1].caught_up
    ben_desk = await ben.open_desk()
    assert ben_desk.business_name == "Nordlicht"
    await ben.close()
    await anna.close()

    again = launcher(tmp_path / "anna", keys)
    await again.probe()
    assert again.enrolled
    assert not again.needs_passphrase
    reopened = await again.open_desk()
    assert reopened.business_name == "Nordlicht"
    assert reopened.desk.agent_name(reopened.desk.me) == "Anna"
    await until(lambda: reopened.desk.sync_progress().caught_up, timeout=10)
    await again.close()


async def test_without_a_keychain_the_profile_asks_for_its_passphrase(tmp_path: Path) -> None:
    async with running_hub(tmp_path, auth=True) as hub:
        assert hub.setup_code is not None
        anna = launcher(tmp_path / "anna", None)
        await anna.probe()
        assert anna.needs_passphrase
        await anna.create_team(
            "Nordlicht",
            "Anna",
            HubOnServer(hub.url, hub.setup_code),
            passphrase="correct horse battery",
        )
        assert anna.profile.read_config()["keychain"] == PASSPHRASE_BACKEND
        await anna.close()

        again = launcher(tmp_path / "anna", None)
        await again.probe()
        assert again.needs_passphrase
        with pytest.raises(PassphraseWrong):
            await again.unlock("not the passphrase")
        await again.unlock("correct horse battery")
        opened = await again.open_desk()
        assert opened.desk.agent_name(opened.desk.me) == "Anna"
        await again.close()


async def test_a_removed_device_is_told_so_when_it_starts(tmp_path: Path) -> None:
    anna = launcher(tmp_path / "anna", MemorySecretStore())
    await anna.probe()
    await anna.create_team("Nordlicht", "Anna", HubOnThisComputer())
    desk = anna.desk
    assert desk is not None
    ben_keys = MemorySecretStore()
    ben = launcher(tmp_path / "ben", ben_keys)
    await ben.probe()
    invite = await desk.invites.create(Role.MEMBER)
    attempt = await ben.start_join(str(anna.profile.read_config()["hub"]), str(invite.code), "Ben")
    await asyncio.gather(desk.invites.next_request(invite, within=20), attempt.wait_sas())
    await attempt.confirm()
    await asyncio.gather(desk.invites.confirm(invite, within=20), attempt.wait_added())
    ben_desk = await ben.open_desk()
    ben_id = ben_desk.desk.me
    await ben.close()
    await desk.admin.remove_device(ben_id)

    again = launcher(tmp_path / "ben", ben_keys)
    await again.probe()
    with pytest.raises(DeviceRemoved, match="removed"):
        await again.open_desk()
    await again.close()
    await anna.close()


async def test_an_emptied_replica_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    """Issue 9, fault 5: a 0-byte replica used to be made anew as an empty one (the device's
    identity gone, the profile looking unjoined). Now the desk refuses it, changing nothing."""
    keys = MemorySecretStore()
    async with running_hub(tmp_path, auth=True) as hub:
        assert hub.setup_code is not None
        anna = launcher(tmp_path / "anna", keys)
        await anna.probe()
        await anna.create_team("Nordlicht", "Anna", HubOnServer(hub.url, hub.setup_code))
        await anna.close()
        replica = anna.profile.replica
        replica.write_bytes(b"")  # a disk that lost the file's content
        for leftover in ("-wal", "-shm"):
            replica.with_name(replica.name + leftover).unlink(missing_ok=True)

        again = launcher(tmp_path / "anna", keys)
        await again.probe()
        assert again.enrolled
        with pytest.raises(ReplicaDamaged):
            await again.open_desk()
        await again.close()
        assert replica.stat().st_size == 0
