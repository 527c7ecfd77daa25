"""Presence over a real hub: three desks see who views and types where, notes expire on their
own when a desk leaves or dies, and the hub carries only sealed notes of one size.

Real nats-server with logins, real replicas; only Argon2id is made cheap. Expiry is waited for
in real time (30 s), so this module is marked slow.
"""

from __future__ import annotations

import os

import pytest

from app.desk.team import TeamDesk, TeamDeskFactory
from app.domain.ids import ConversationId
from app.domain.model import Role
from app.domain.presence import VIEWING_TTL
from app.hub import Hub
from app.services.api import Changes
from app.sync.presence import presence_subject
from tests.helpers.team_desks import enroll
from tests.helpers.wait import until

pytestmark = [pytest.mark.asyncio, pytest.mark.slow, pytest.mark.timeout(240)]

ROOM = ConversationId(os.urandom(16))


async def three_desks(hub: Hub, factory: TeamDeskFactory) -> tuple[TeamDesk, ...]:
    anna = await factory.found("Nordlicht", "Anna", setup_code=hub.setup_code)
    ben = await enroll(hub, anna, factory, "Ben", Role.MEMBER)
    carla = await enroll(hub, anna, factory, "Carla", Role.MEMBER)
    for desk in (anna, ben, carla):
        await desk.desk.caught_up()
    return anna, ben, carla


async def test_presence_reaches_the_others_and_ends_when_the_viewer_leaves(
    hub: Hub, factory: TeamDeskFactory
) -> None:
    anna, ben, carla = await three_desks(hub, factory)
    a, b, c = (d.desk.session for d in (anna, ben, carla))
    raw: list[bytes] = []
    stop = await anna.transport.listen(presence_subject(hub_team(anna)), raw.append)
    heard: list[Changes] = []
    a.subscribe(heard.append)

    b.set_viewing(ROOM)
    await until(lambda: a.presence(ROOM).viewing == (b.me,) == c.presence(ROOM).viewing, 10)
    assert any(ROOM in change.presence for change in heard)
    assert not b.presence(ROOM)  # nobody is told about themselves

    b.typing(ROOM)
    await until(lambda: a.presence(ROOM).typing == (b.me,) == c.presence(ROOM).typing, 10)

    b.set_viewing(None)
    await until(lambda: not a.presence(ROOM) and not c.presence(ROOM), 10)

    await stop()
    assert len(raw) >= 3
    assert len({len(note) for note in raw}) == 1  # "typing" and "stopped" look alike
    for note in raw:
        for secret in (ROOM, ROOM.hex().encode(), b"Ben", b"Anna", b"Carla"):
            assert secret not in note


async def test_a_desk_that_dies_drops_out_after_the_expiry(
    hub: Hub, factory: TeamDeskFactory
) -> None:
    anna, ben, carla = await three_desks(hub, factory)
    a, b, c = (d.desk.session for d in (anna, ben, carla))
    b.set_viewing(ROOM)
    c.set_viewing(ROOM)
    await until(lambda: a.presence(ROOM).viewing == tuple(sorted((b.me, c.me))), 10)

    # Ben's desk loses the hub for good without a word: no "stopped" note goes out.
    await ben.transport.close()

    await until(lambda: a.presence(ROOM).viewing == (c.me,), VIEWING_TTL + 15)
    # Carla's desk re-announces every 10 s, so she outlives the 30 s expiry.
    assert a.presence(ROOM).viewing == (c.me,)


def hub_team(desk: TeamDesk) -> str:
    return desk.writer.chain.team_id.hex()
