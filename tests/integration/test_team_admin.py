"""`TeamAdmin` on real desks of one team: removing a person, burning invites, the number.

Real nats-server with logins and real replicas; only Argon2id is made cheap. The removal of a
single device and what it means for the keys is `test_team_removal.py`.
"""

from __future__ import annotations

import asyncio
import gc
import logging

import pytest
import pytest_asyncio

from app.crypto.chain import InviteStatus, RevokeReason
from app.crypto.enroll import InviteCode, invite_id
from app.desk.team import TeamDesk, TeamDeskFactory
from app.domain.errors import (
    GatewayMissing,
    InviteCodeInvalid,
    NotPermitted,
    SasMismatch,
    SimulatorUnavailable,
)
from app.domain.model import Role
from app.hub import Hub
from app.services.team_admin import TeamAdminService
from app.services.team_api import (
    CloudApiSettings,
    Handshake,
    NumberConnection,
    Simulator,
    TeamChange,
)
from app.sync.transport import HubAccessDenied
from tests.helpers.team_desks import add_gateway, enroll, hub_follows
from tests.helpers.wait import until

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]


@pytest_asyncio.fixture
async def anna(hub: Hub, factory: TeamDeskFactory) -> TeamDesk:
    assert hub.setup_code is not None
    return await factory.found("Nordlicht", "Anna", setup_code=hub.setup_code)


async def test_removing_a_person_removes_all_their_devices_in_one_link(
    hub: Hub, anna: TeamDesk, factory: TeamDeskFactory
) -> None:
    laptop = await enroll(hub, anna, factory, "Ben", Role.MEMBER, profile="ben-laptop")
    phone = await enroll(hub, anna, factory, "ben ", Role.MEMBER, profile="ben-phone")
    carl = await enroll(hub, anna, factory, "Carl", Role.MEMBER)
    roster = await anna.admin.roster()
    assert [(p.name, len(p.devices)) for p in roster.people] == [
        ("Anna", 1),
        ("Ben", 2),
        ("Carl", 1),
    ]
    ben = roster.people[1]
    head = anna.writer.chain.head_seqno

    await anna.admin.remove_person(ben.person_id)

    assert anna.writer.chain.head_seqno == head + 1  # one link for both devices
    roster = await anna.admin.roster()
    assert [p.name for p in roster.people] == ["Anna", "Carl"]
    assert roster.key_epoch == 2
    # Each closes as soon as the hub refuses it: nats-py leaks the socket of every further
    # refused reconnect attempt.
    await asyncio.gather(*(retire(factory, desk) for desk in (laptop, phone)))
    await until(lambda: 2 in carl.desk.engine.reader.keyring.epochs, timeout=15)
    assert carl.desk.engine.refused == 0


async def retire(factory: TeamDeskFactory, desk: TeamDesk) -> None:
    """Wait until the hub cut the desk and refuses its login, then close it."""
    await until(lambda: isinstance(desk.transport.refusal, HubAccessDenied), timeout=15)
    factory.desks.remove(desk)
    await desk.close()


async def test_cancelled_and_rejected_invites_are_burnt_on_the_chain(
    hub: Hub, anna: TeamDesk, factory: TeamDeskFactory
) -> None:
    cancelled = await anna.admin.create_invite(Role.MEMBER)
    await anna.admin.cancel_invite(cancelled)
    entry = anna.writer.chain.invites[invite_id(InviteCode.parse(cancelled.code))]
    assert (entry.status, entry.revoke_reason) == (InviteStatus.REVOKED, RevokeReason.CANCELLED)
    await hub_follows(hub, anna)
    with pytest.raises(InviteCodeInvalid):  # the hub no longer lets the invite's login in
        await factory.start_join(cancelled.code, "Eve")

    mismatched = await anna.admin.create_invite(Role.MEMBER)
    await hub_follows(hub, anna)
    joining = await factory.start_join(mismatched.code, "Mallory")
    pending, _ = await asyncio.wait_for(
        asyncio.gather(anna.admin.next_join_request(mismatched), joining.wait_sas(within=20)), 30
    )
    await anna.admin.reject_join(pending)
    with pytest.raises(SasMismatch):
        await asyncio.wait_for(joining.wait_added(), 20)
    await joining.close()
    entry = anna.writer.chain.invites[invite_id(InviteCode.parse(mismatched.code))]
    assert (entry.status, entry.revoke_reason) == (InviteStatus.REVOKED, RevokeReason.SAS_MISMATCH)


async def test_an_invite_made_before_a_restart_is_cancelled_by_its_code(
    anna: TeamDesk, factory: TeamDeskFactory
) -> None:
    invite = await anna.admin.create_invite(Role.MEMBER)
    restarted = _service(anna, factory)  # knows nothing of the invite but its code
    await restarted.cancel_invite(invite)
    entry = anna.writer.chain.invites[invite_id(InviteCode.parse(invite.code))]
    assert entry.status is InviteStatus.REVOKED
    restarted.close()


class FakeNumberLink:
    """The gateway side of connecting the number, as another part of the composition."""

    def __init__(self) -> None:
        self.sent: list[CloudApiSettings | Simulator] = []

    async def connect_number(self, settings: CloudApiSettings | Simulator) -> None:
        self.sent.append(settings)

    async def number_connection(self) -> NumberConnection | None:
        if not self.sent:
            return None
        return NumberConnection(True, "http://x/webhook", "token", Handshake.WAITING, None, None)


async def test_the_number_needs_a_gateway_and_is_an_admins_business(
    hub: Hub, anna: TeamDesk, factory: TeamDeskFactory
) -> None:
    ben = await enroll(hub, anna, factory, "Ben", Role.MEMBER)
    link = FakeNumberLink()
    with_link = _service(anna, factory, link)
    heard: list[TeamChange] = []
    with_link.subscribe(heard.append)

    with pytest.raises(GatewayMissing):
        await with_link.connect_number(Simulator())
    assert await with_link.number_connection() is None
    with pytest.raises(NotPermitted):
        await ben.admin.connect_number(Simulator())

    gateway = await add_gateway(anna, hub)
    try:
        # The desk's own service sends real settings; no simulator runs beside this desk.
        with pytest.raises(SimulatorUnavailable):
            await anna.admin.connect_number(Simulator())
        assert await anna.admin.number_connection() is None
        await with_link.connect_number(Simulator())
        assert link.sent == [Simulator()]
        assert TeamChange.NUMBER in heard
        connection = await with_link.number_connection()
        assert connection is not None
        assert connection.simulated
    finally:
        with_link.close()
        await gateway.transport.close()


def _service(
    desk: TeamDesk, factory: TeamDeskFactory, number: FakeNumberLink | None = None
) -> TeamAdminService:
    """Another `TeamAdmin` over the same desk (as after a restart of the window)."""
    return TeamAdminService(
        writer=desk.writer,
        invites=desk.invites,
        engine=desk.desk.engine,
        replica=desk.desk.replica,
        subscribe=desk.desk.session.subscribe,
        hub_url=factory.hub_url,
        clock=factory.clock,
        number=number,
    )


async def test_a_removed_desk_left_open_leaks_no_socket_while_refused(
    hub: Hub, anna: TeamDesk, factory: TeamDeskFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """nats-py used to leak the socket of every refused reconnect attempt (a ResourceWarning,
    which fails the test, once collected)."""
    ben = await enroll(hub, anna, factory, "Ben", Role.MEMBER)
    caplog.set_level(logging.DEBUG, logger="app.sync.nats_transport")

    def refusals() -> int:
        return sum("Authorization Violation" in r.getMessage() for r in caplog.records)

    await anna.admin.remove_device(ben.keys.device_id)
    await until(lambda: refusals() >= 5, timeout=30)  # the cut and four retries
    factory.desks.remove(ben)
    await ben.close()
    gc.collect()
