"""Presence over a real hub: three desks see who views and types where, notes expire on their
own when a desk leaves or dies, and the hub carries only sealed notes of one size.

Real nats-server with logins, real replicas; only Argon2id is made cheap. Expiry is waited for
in real time (30 s), so this module is marked slow.
"""

from __future__ import annotations

import functools
import os

import pytest
from nats.aio.msg import Msg

from app.desk.team import TeamDesk, TeamDeskFactory
from app.domain.ids import ConversationId
from app.domain.model import Role
from app.domain.presence import REANNOUNCE_EVERY, VIEWING_TTL
from app.hub import Hub
from app.services.api import Changes
from app.sync.presence import presence_subject
from tests.helpers.hub_team import found, raw_client
from tests.helpers.team_desks import enroll
from tests.helpers.wait import settle, until

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

    await until(lambda: len(raw) >= 3, 10)  # viewing, typing, stopped (its own subscription)
    await stop()
    assert len({len(note) for note in raw}) == 1  # "typing" and "stopped" look alike
    for note in raw:
        for secret in (ROOM, ROOM.hex().encode(), b"Ben", b"Anna", b"Carla"):
            assert secret not in note


async def test_a_desk_that_dies_drops_out_after_the_expiry(
    hub: Hub, factory: TeamDeskFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The product's 30 s expiry and 10 s re-announcing, scaled down tenfold: the same race
    # between a silent desk's expiry and a live desk's re-announcing, in seconds, not a minute.
    monkeypatch.setattr("app.domain.presence.VIEWING_TTL", VIEWING_TTL / 10)
    monkeypatch.setattr("app.services.presence.REANNOUNCE_EVERY", REANNOUNCE_EVERY / 10)
    anna, ben, carla = await three_desks(hub, factory)
    a, b, c = (d.desk.session for d in (anna, ben, carla))
    b.set_viewing(ROOM)
    c.set_viewing(ROOM)
    await until(lambda: a.presence(ROOM).viewing == tuple(sorted((b.me, c.me))), 10)

    # Ben's desk loses the hub for good without a word: no "stopped" note goes out.
    await ben.transport.close()

    await until(lambda: a.presence(ROOM).viewing == (c.me,), VIEWING_TTL / 10 + 15)
    # Carla's desk re-announces every 1 s (here), so she outlives the 3 s expiry: still there
    # a whole expiry later.
    await settle(VIEWING_TTL / 10)
    assert a.presence(ROOM).viewing == (c.me,)


async def test_only_staff_devices_send_and_hear_presence(hub: Hub) -> None:
    """The hub's permissions: admins and members use the presence subject, the gateway cannot
    (probed with plain clients, so the refusals arrive as the hub's permission errors)."""
    team = await found(hub)
    subject = presence_subject(team.hex)
    member_keys = await team.enroll(Role.MEMBER, "ben")
    gateway_keys = await team.enroll(Role.GATEWAY, "gateway")
    gateway_errors: list[str] = []
    admin = await raw_client(hub, team.root.hub_seed())
    member = await raw_client(hub, member_keys.hub_seed())
    gateway = await raw_client(hub, gateway_keys.hub_seed(), gateway_errors)
    try:
        heard: dict[str, list[bytes]] = {"member": [], "gateway": []}

        async def to(name: str, msg: Msg) -> None:
            heard[name].append(msg.data)

        await member.subscribe(subject, cb=functools.partial(to, "member"))
        await gateway.subscribe(subject, cb=functools.partial(to, "gateway"))
        for client in (member, gateway):
            await client.flush()  # the hub has both subscriptions before anything is sent
        await gateway.publish(subject, b"from the gateway")
        await admin.publish(subject, b"from the admin")
        for client in (admin, member, gateway):
            await client.flush()
        await until(lambda: heard["member"] == [b"from the admin"], 10)
        await until(lambda: len(gateway_errors) >= 2, 10)  # subscribe and publish refused
        await settle(0.2)
        assert heard == {"member": [b"from the admin"], "gateway": []}
        assert all("permissions violation" in error.lower() for error in gateway_errors)
    finally:
        for client in (admin, member, gateway):
            await client.close()


def hub_team(desk: TeamDesk) -> str:
    return desk.writer.chain.team_id.hex()
