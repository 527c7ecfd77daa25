"""One set of behaviour tests for the team services, run on the fake and on the real ones.

The team windows' UI tests use `tests.helpers.fake_team`; these tests hold that fake to the real
services (`DeskLauncher` for `TeamSetup`/`JoinAttempt`, `TeamDesk.admin` for `TeamAdmin`) on a
real authenticated hub, so a UI test cannot pass against behaviour the product does not have.
Each side is wrapped in a small harness with the same methods; the tests talk to the services
only through the Protocols of `app.services.team_api`. Where the two disagreed, the fake was made
to follow the real services.

The real side runs nats-server with logins, real replicas and the real handshake; only Argon2id
is made cheap.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

import pytest
import pytest_asyncio

from app.crypto.enroll import InviteCode
from app.crypto.enroll.code import ALPHABET
from app.desk.launcher import DeskLauncher
from app.domain.errors import (
    GatewayMissing,
    InviteCodeInvalid,
    LastAdmin,
    NotPermitted,
    SasMismatch,
)
from app.domain.model import Role
from app.domain.template_draft import TemplateDraft
from app.hub import Hub
from app.services.team_api import (
    INVITE_CODE_LENGTH,
    CloudApiSettings,
    HubOnServer,
    Invite,
    JoinAttempt,
    PendingJoin,
    Roster,
    Sas,
    Simulator,
    TeamAdmin,
    TeamChange,
    TeamPerson,
    TeamSetup,
)
from app.system.keychain import MemorySecretStore
from app.system.profile import Profile
from tests.helpers.fake_team import HUB, SETUP_CODE, FakeTeamWorld
from tests.helpers.hub import running_hub
from tests.helpers.team_desks import cheap_stretch, hub_follows
from tests.helpers.wait import until

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(300)]

DAY = 24 * 3600
WITHIN = 30.0
"""Seconds any one step of the real handshake may take before the test gives up."""


class TeamSide(Protocol):
    """What a contract test needs of one side: people at their computers, and a clock."""

    def now(self) -> float:
        """The clock the services run on (Unix seconds)."""
        ...

    async def found(self, business: str, owner: str) -> TeamAdmin:
        """`owner` founds the team on the side's hub; returns their `TeamAdmin`."""
        ...

    async def newcomer(self, name: str) -> TeamSetup:
        """A new computer for `name`, with no team yet."""
        ...

    def admin_of(self, name: str) -> TeamAdmin:
        """The `TeamAdmin` of the desk `name` founded or joined with."""
        ...

    def team_fingerprint(self) -> str:
        """The team fingerprint in hex, as the founder's desk knows it."""
        ...

    async def at_human_pace(self) -> None:
        """Wait as long as a person would before the next step: the hub has taken in every
        link the founder's desk holds (it reloads its logins after each)."""
        ...

    async def close(self) -> None: ...


class FakeSide:
    """`FakeTeamWorld` as the UI tests use it."""

    def __init__(self) -> None:
        self.world = FakeTeamWorld(int(time.time()))

    def now(self) -> float:
        return self.world.now

    async def found(self, business: str, owner: str) -> TeamAdmin:
        await self.world.setup().create_team(business, owner, HubOnServer(HUB, SETUP_CODE))
        return self.world.admin(owner)

    async def newcomer(self, name: str) -> TeamSetup:
        return self.world.setup()

    def admin_of(self, name: str) -> TeamAdmin:
        return self.world.admin(name)

    def team_fingerprint(self) -> str:
        return self.world.fingerprint.hex()

    async def at_human_pace(self) -> None:
        await asyncio.sleep(0)

    async def close(self) -> None:
        pass


class RealSide:
    """Desk launchers on one real authenticated hub, one profile folder per person."""

    def __init__(self, hub: Hub, root: Path) -> None:
        self.hub = hub
        self.root = root
        self.launchers: dict[str, DeskLauncher] = {}
        self.founder = ""

    def now(self) -> float:
        return time.time()

    async def _launcher(self, name: str) -> DeskLauncher:
        launcher = DeskLauncher(
            Profile(self.root / f"{name.lower()}-{len(self.launchers)}"),
            clock=time.time,
            stretch=cheap_stretch,
            keychain=MemorySecretStore(),
            candidates=[],
        )
        self.launchers[name] = launcher
        await launcher.probe()
        return launcher

    async def found(self, business: str, owner: str) -> TeamAdmin:
        assert self.hub.setup_code is not None
        launcher = await self._launcher(owner)
        await launcher.create_team(business, owner, HubOnServer(self.hub.url, self.hub.setup_code))
        self.founder = owner
        return self.admin_of(owner)

    async def newcomer(self, name: str) -> TeamSetup:
        return await self._launcher(name)

    def admin_of(self, name: str) -> TeamAdmin:
        desk = self.launchers[name].desk
        assert desk is not None, f"{name} has no desk"
        return desk.admin

    def team_fingerprint(self) -> str:
        desk = self.launchers[self.founder].desk
        assert desk is not None
        return desk.writer.chain.pinned_fingerprint.hex()

    async def at_human_pace(self) -> None:
        desk = self.launchers[self.founder].desk
        assert desk is not None
        await hub_follows(self.hub, desk)

    async def close(self) -> None:
        for launcher in reversed(list(self.launchers.values())):
            await launcher.close()


@pytest_asyncio.fixture(params=["fake", pytest.param("real", marks=pytest.mark.slow)])
async def side(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[TeamSide]:
    if request.param == "fake":
        fake = FakeSide()
        yield fake
        await fake.close()
        return
    async with running_hub(tmp_path, auth=True) as hub:
        real = RealSide(hub, tmp_path / "desks")
        try:
            yield real
        finally:
            await real.close()


# -- steps, through the Protocols only ------------------------------------------------------------


def join_link(invite: Invite) -> dict[str, str]:
    """The QR payload's fields, read the way the join form reads a pasted link."""
    assert invite.qr_payload.startswith("switchboard:join?")
    query = parse_qs(urlsplit(invite.qr_payload).query, strict_parsing=True)
    assert all(len(values) == 1 for values in query.values()), query
    return {key: values[0] for key, values in query.items()}


def grouped(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


async def start(side: TeamSide, invite: Invite, name: str, code: str | None = None) -> JoinAttempt:
    """`name` types the hub and code of the invite's link on a new computer."""
    setup = await side.newcomer(name)
    hub = join_link(invite)["hub"]
    return await setup.start_join(hub, invite.code if code is None else code, name)


async def handshake(
    admin: TeamAdmin, invite: Invite, attempt: JoinAttempt
) -> tuple[PendingJoin, Sas]:
    """Both sides wait for each other until both screens show the SAS."""
    pending, sas = await asyncio.wait_for(
        asyncio.gather(admin.next_join_request(invite), attempt.wait_sas()), WITHIN
    )
    return pending, sas


async def join(side: TeamSide, admin: TeamAdmin, name: str, role: Role = Role.MEMBER) -> TeamAdmin:
    """`name` joins by code and SAS, both sides confirming; returns their `TeamAdmin`."""
    invite = await admin.create_invite(role)
    attempt = await start(side, invite, name)
    pending, _sas = await handshake(admin, invite, attempt)
    await attempt.confirm()
    await asyncio.wait_for(
        asyncio.gather(admin.confirm_join(pending), attempt.wait_added()), WITHIN
    )
    return side.admin_of(name)


def by_name(roster: Roster) -> dict[str, TeamPerson]:
    return {p.name: p for p in roster.people}


# -- the contract ---------------------------------------------------------------------------------


async def test_the_founder_is_the_only_person_an_admin_at_key_epoch_1(side: TeamSide) -> None:
    anna = await side.found("Nordlicht", "Anna")
    roster = await anna.roster()
    assert len(roster.people) == 1
    (founder,) = roster.people
    assert (founder.name, founder.role, founder.is_me) == ("Anna", Role.ADMIN, True)
    assert len(founder.devices) == 1
    (device,) = founder.devices
    assert (device.role, device.is_me) == (Role.ADMIN, True)
    assert device.label == "Anna"  # the chain has the name given when founding, nothing else
    assert device.last_seen is None  # the time of its last event: it wrote none yet
    assert roster.gateways == ()
    assert roster.my_role is Role.ADMIN
    assert roster.key_epoch == 1


async def test_an_invite_has_a_20_character_code_a_join_link_and_24_hours(side: TeamSide) -> None:
    anna = await side.found("Nordlicht", "Anna")
    before = side.now()
    invite = await anna.create_invite(Role.MEMBER)
    after = side.now()

    assert len(invite.code) == INVITE_CODE_LENGTH == 20
    assert set(invite.code) <= set(ALPHABET)  # upper case, no dashes, no lookalikes
    assert str(InviteCode.parse(invite.code)).replace("-", "") == invite.code  # normalised
    assert (await side.newcomer("Ben")).check_invite_code(invite.code)
    assert invite.role is Role.MEMBER
    assert int(before) + DAY - 1 <= invite.expires_at <= after + DAY + 1

    link = join_link(invite)
    assert set(link) == {"hub", "code", "fp"}
    assert link["code"] == invite.code
    assert link["hub"]
    assert link["fp"] == side.team_fingerprint()
    assert len(link["fp"]) == 64  # the 32-byte team fingerprint, in hex

    second = await anna.create_invite(Role.ADMIN)
    assert second.code != invite.code
    assert second.role is Role.ADMIN


async def test_both_sides_see_the_same_sas_and_the_newcomer_joins_as_member(
    side: TeamSide,
) -> None:
    anna = await side.found("Nordlicht", "Anna")
    invite = await anna.create_invite(Role.MEMBER)
    await side.at_human_pace()
    # Typed as shown, in groups of four and in lower case: the services normalise it.
    attempt = await start(side, invite, "Ben", code=grouped(invite.code).lower())
    pending, sas = await handshake(anna, invite, attempt)
    assert pending.newcomer_name == "Ben"
    assert pending.sas == sas
    await attempt.confirm()
    await asyncio.wait_for(
        asyncio.gather(anna.confirm_join(pending), attempt.wait_added()),
        WITHIN,
    )

    roster = await anna.roster()
    assert [p.name for p in roster.people] == ["Anna", "Ben"]
    ben = by_name(roster)["Ben"]
    assert (ben.role, ben.is_me) == (Role.MEMBER, False)
    assert [(d.label, d.role, d.is_me) for d in ben.devices] == [("Ben", Role.MEMBER, False)]
    assert ben.devices[0].last_seen is None
    assert roster.key_epoch == 1  # a join does not rotate

    seen_by_ben = await side.admin_of("Ben").roster()
    assert seen_by_ben.my_role is Role.MEMBER
    assert [(p.name, p.is_me) for p in seen_by_ben.people] == [("Anna", False), ("Ben", True)]
    assert [p.person_id for p in seen_by_ben.people] == [p.person_id for p in roster.people]
    assert seen_by_ben.key_epoch == 1

    with pytest.raises(InviteCodeInvalid):  # single use
        await start(side, invite, "Eve")


async def test_the_admin_saying_mismatch_burns_the_invite(side: TeamSide) -> None:
    anna = await side.found("Nordlicht", "Anna")
    invite = await anna.create_invite(Role.MEMBER)
    attempt = await start(side, invite, "Mallory")
    pending, _sas = await handshake(anna, invite, attempt)
    await anna.reject_join(pending)
    with pytest.raises(SasMismatch):
        await asyncio.wait_for(attempt.wait_added(), WITHIN)
    await attempt.cancel()  # safe after a failure

    await side.at_human_pace()
    # The hub no longer lets a closed invite's login in, so nobody can tell a burnt code from
    # one never issued: both sides say InviteCodeInvalid.
    with pytest.raises(InviteCodeInvalid):
        await start(side, invite, "Mallory")
    assert [p.name for p in (await anna.roster()).people] == ["Anna"]


async def test_the_newcomer_saying_mismatch_burns_the_invite(side: TeamSide) -> None:
    anna = await side.found("Nordlicht", "Anna")
    invite = await anna.create_invite(Role.MEMBER)
    attempt = await start(side, invite, "Mallory")
    pending, _sas = await handshake(anna, invite, attempt)
    await attempt.cancel(mismatch=True)
    with pytest.raises(SasMismatch):
        await asyncio.wait_for(anna.confirm_join(pending), WITHIN)

    await side.at_human_pace()
    with pytest.raises(InviteCodeInvalid):
        await start(side, invite, "Mallory")
    assert [p.name for p in (await anna.roster()).people] == ["Anna"]


async def test_a_cancelled_invite_cannot_be_used(side: TeamSide) -> None:
    anna = await side.found("Nordlicht", "Anna")
    invite = await anna.create_invite(Role.MEMBER)
    await anna.cancel_invite(invite)
    await side.at_human_pace()
    with pytest.raises(InviteCodeInvalid):
        await start(side, invite, "Eve")


async def test_removing_a_person_and_rotating_bump_the_key_epoch_by_one(side: TeamSide) -> None:
    anna = await side.found("Nordlicht", "Anna")
    await join(side, anna, "Ben")
    await join(side, anna, "Carl")
    heard: list[TeamChange] = []
    anna.subscribe(heard.append)
    roster = await anna.roster()
    assert roster.key_epoch == 1

    await anna.remove_person(by_name(roster)["Ben"].person_id)
    roster = await anna.roster()
    assert [p.name for p in roster.people] == ["Anna", "Carl"]
    assert roster.key_epoch == 2
    await until(lambda: TeamChange.ROSTER in heard, timeout=5)

    heard.clear()
    await anna.rotate_keys()
    roster = await anna.roster()
    assert roster.key_epoch == 3
    assert [p.name for p in roster.people] == ["Anna", "Carl"]
    await until(lambda: TeamChange.ROSTER in heard, timeout=5)

    carl = by_name(roster)["Carl"]
    await anna.remove_device(carl.devices[0].device_id)
    roster = await anna.roster()
    assert [p.name for p in roster.people] == ["Anna"]
    assert roster.key_epoch == 4


async def test_a_member_may_not_change_the_team(side: TeamSide) -> None:
    anna = await side.found("Nordlicht", "Anna")
    ben = await join(side, anna, "Ben")
    roster = await anna.roster()
    anna_device = by_name(roster)["Anna"].devices[0].device_id

    with pytest.raises(NotPermitted):
        await ben.remove_device(anna_device)
    with pytest.raises(NotPermitted):
        await ben.remove_person(by_name(roster)["Anna"].person_id)
    with pytest.raises(NotPermitted):
        await ben.rotate_keys()
    with pytest.raises(NotPermitted):
        await ben.create_invite(Role.MEMBER)
    with pytest.raises(NotPermitted):
        await ben.connect_number(Simulator())
    with pytest.raises(NotPermitted):
        await ben.number_templates()  # agents' pickers offer the approved ones instead
    with pytest.raises(NotPermitted):
        await ben.create_template(TemplateDraft("parcel_ready", "en_US", "UTILITY", "Hi"))
    with pytest.raises(NotPermitted):
        await ben.request_phone_sync()
    assert await anna.number_templates() == ()  # no gateway has read the list yet
    assert await ben.phone_history() is None  # nobody asked Meta for the phone's history

    after = await anna.roster()
    assert [p.name for p in after.people] == ["Anna", "Ben"]
    assert after.key_epoch == 1


async def test_the_last_admin_cannot_be_removed(side: TeamSide) -> None:
    anna = await side.found("Nordlicht", "Anna")
    await join(side, anna, "Ben")
    me = next(p for p in (await anna.roster()).people if p.is_me)

    with pytest.raises(LastAdmin):
        await anna.remove_device(me.devices[0].device_id)
    with pytest.raises(LastAdmin):
        await anna.remove_person(me.person_id)

    roster = await anna.roster()
    assert [p.name for p in roster.people] == ["Anna", "Ben"]
    assert roster.key_epoch == 1


async def test_without_a_gateway_there_is_no_number_to_connect(side: TeamSide) -> None:
    anna = await side.found("Nordlicht", "Anna")
    settings = CloudApiSettings("1055", "2210", "EAA-token", "app-secret")
    with pytest.raises(GatewayMissing):
        await anna.connect_number(Simulator())
    with pytest.raises(GatewayMissing):
        await anna.connect_number(settings)
    with pytest.raises(GatewayMissing):
        await anna.request_phone_sync()
    assert await anna.number_connection() is None


async def test_a_second_device_under_the_same_name_is_the_same_person(side: TeamSide) -> None:
    anna = await side.found("Nordlicht", "Anna")
    await join(side, anna, "Ben")
    await join(side, anna, " ben  ")  # case and runs of spaces do not count
    await join(side, anna, "Carl")
    roster = await anna.roster()
    assert [(p.name, len(p.devices)) for p in roster.people] == [
        ("Anna", 1),
        ("Ben", 2),
        ("Carl", 1),
    ]
    ben = by_name(roster)["Ben"]
    assert [d.label for d in ben.devices] == ["Ben", " ben  "]

    await anna.remove_person(ben.person_id)
    roster = await anna.roster()
    assert [p.name for p in roster.people] == ["Anna", "Carl"]
    assert roster.key_epoch == 2  # both devices in one removal


async def test_an_admin_invite_makes_a_second_admin_who_may_remove_the_first(
    side: TeamSide,
) -> None:
    anna = await side.found("Nordlicht", "Anna")
    ben = await join(side, anna, "Ben", Role.ADMIN)
    roster = await ben.roster()
    assert roster.my_role is Role.ADMIN
    assert [(p.name, p.role) for p in roster.people] == [("Anna", Role.ADMIN), ("Ben", Role.ADMIN)]

    await ben.remove_person(by_name(roster)["Anna"].person_id)  # not the last admin any more
    roster = await ben.roster()
    assert [(p.name, p.is_me) for p in roster.people] == [("Ben", True)]
    assert roster.key_epoch == 2
