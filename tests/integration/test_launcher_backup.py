"""The desk app joins a team from a backup, the way *Join a team → Start from a backup…* runs
it: the backup is used instead of asking the admin for a snapshot, and a backup of another
team is dropped (said through `backup_not_used`) while the desk syncs from the hub."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.desk.launcher import DeskLauncher
from app.domain.model import QueueView, Role
from app.services.api import DeskApi
from app.services.backup import BackupChoice, back_up
from app.services.team_api import HubOnThisComputer
from app.store.backup import BackupFile
from app.system.keychain import MemorySecretStore
from tests.helpers.team_desks import local_launcher
from tests.helpers.wait import until_async
from tests.integration.test_join_big_log import fill

pytestmark = [pytest.mark.asyncio, pytest.mark.slow, pytest.mark.timeout(120)]

EVENTS = 40
PASSPHRASE = "correct horse battery staple"


def launcher(root: Path) -> DeskLauncher:
    return local_launcher(root, MemorySecretStore(), start_from_snapshots=True)


async def _founded(root: Path, name: str) -> DeskLauncher:
    founder = launcher(root)
    await founder.probe()
    await founder.create_team(name, "Anna", HubOnThisComputer())
    return founder


async def _join(anna: DeskLauncher, root: Path, backup: BackupChoice) -> DeskLauncher:
    desk = anna.desk
    assert desk is not None
    newcomer = launcher(root)
    await newcomer.probe()
    await newcomer.check_backup(backup)
    invite = await desk.invites.create(Role.MEMBER)
    hub = str(anna.profile.read_config()["hub"])
    attempt = await newcomer.start_join(hub, str(invite.code), root.name, backup=backup)
    await asyncio.gather(desk.invites.next_request(invite, within=20), attempt.wait_sas())
    await attempt.confirm()
    told: list[tuple[int, int]] = []
    await asyncio.gather(
        desk.invites.confirm(invite, within=20),
        attempt.wait_added(lambda read, total: told.append((read, total))),
    )
    assert told[0][0] == 0  # the window shows how far the backup's records were read …
    assert told[-1][0] == told[-1][1] > 0  # … to its last
    assert attempt.backup_not_used == (root.name == "ben"), root.name
    return newcomer


async def _same_queue(one: DeskApi, other: DeskApi) -> bool:
    mine = await one.queue_count(QueueView.UNASSIGNED)
    return mine == await other.queue_count(QueueView.UNASSIGNED)


async def test_a_desk_joins_from_a_backup_and_not_from_another_teams(tmp_path: Path) -> None:
    anna = await _founded(tmp_path / "anna", "Nordlicht")
    other = await _founded(tmp_path / "zoe", "Elsewhere")
    try:
        desk, hub, factory = anna.desk, anna.hub, anna._factory
        assert desk is not None
        assert hub is not None
        assert factory is not None
        await fill(hub, factory, desk, EVENTS)
        await desk.desk.caught_up()
        ours, theirs = tmp_path / "nordlicht.sbbackup", tmp_path / "elsewhere.sbbackup"
        await back_up(desk.desk.replica, ours, PASSPHRASE)
        assert other.desk is not None
        await back_up(other.desk.desk.replica, theirs, PASSPHRASE)

        ben = await _join(anna, tmp_path / "ben", BackupChoice(theirs, PASSPHRASE))
        carl = await _join(anna, tmp_path / "carl", BackupChoice(ours, PASSPHRASE))
        for joined in (ben, carl):
            assert joined.desk is not None
            mine, theirs_ = joined.desk.desk.session, desk.desk.session
            await until_async(lambda a=mine, b=theirs_: _same_queue(a, b), within=20)
        assert carl.desk is not None
        start = carl.desk.snapshot
        assert start is not None
        assert start.used, start.reason
        assert start.records >= EVENTS
        backup = await BackupFile.open(ours, PASSPHRASE)
        await backup.close()
        assert start.up_to == backup.up_to  # from the file, not from a snapshot of today's log
        await ben.close()
        await carl.close()
    finally:
        await other.close()
        await anna.close()
