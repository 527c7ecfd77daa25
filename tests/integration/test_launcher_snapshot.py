"""The desk app joins a team with a history: the new desk starts from the admin's snapshot
(security.md 2.12 part 4), the way *Join a team* runs it with snapshot starts turned on."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.desk.launcher import DeskLauncher
from app.domain.model import QueueView, Role
from app.services.team_api import HubOnThisComputer
from app.system.keychain import MemorySecretStore
from tests.helpers.team_desks import local_launcher
from tests.integration.test_join_big_log import fill

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

EVENTS = 3000


def launcher(root: Path) -> DeskLauncher:
    return local_launcher(root, MemorySecretStore(), start_from_snapshots=True)


async def test_a_joining_desk_starts_from_the_admins_snapshot(tmp_path: Path) -> None:
    anna = launcher(tmp_path / "anna")
    await anna.probe()
    await anna.create_team("Nordlicht", "Anna", HubOnThisComputer())
    desk, hub, factory = anna.desk, anna.hub, anna._factory
    assert desk is not None
    assert hub is not None
    assert factory is not None
    await fill(hub, factory, desk, EVENTS)
    await desk.desk.caught_up()

    ben = launcher(tmp_path / "ben")
    await ben.probe()
    invite = await desk.invites.create(Role.MEMBER)
    attempt = await ben.start_join(str(anna.profile.read_config()["hub"]), str(invite.code), "Ben")
    await asyncio.gather(desk.invites.next_request(invite, within=20), attempt.wait_sas())
    await attempt.confirm()
    await asyncio.gather(desk.invites.confirm(invite, within=20), attempt.wait_added())
    progress = [p async for p in attempt.first_sync()]

    assert progress[-1].caught_up
    applied = [p.applied for p in progress]
    assert applied == sorted(applied)
    joined = await ben.open()
    assert joined.snapshot is not None
    assert joined.snapshot.used
    assert joined.snapshot.records >= EVENTS
    session = joined.desk.session
    assert await session.queue_count(QueueView.ALL_OPEN) == await desk.desk.session.queue_count(
        QueueView.ALL_OPEN
    )
    assert joined.desk.engine.refused == 0
    await ben.close()
    await anna.close()
