"""Founding a team on a hub with authentication, then inviting a colleague with code and SAS.

Real nats-server with logins, real SQLCipher replicas, the real handshake on both sides; only
Argon2id is made cheap (its cost is not what these tests are about).
"""

from __future__ import annotations

import asyncio

import pytest

from app.desk.team import FoundedDesk, TeamDeskFactory
from app.domain.errors import InviteCodeInvalid, InviteUsed, SasMismatch
from app.domain.model import Role
from app.hub import Hub
from tests.helpers.wait import until

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]


async def founded(hub: Hub, factory: TeamDeskFactory) -> FoundedDesk:
    assert hub.setup_code is not None
    return await factory.found("Nordlicht", "Anna", setup_code=hub.setup_code)


async def test_a_colleague_joins_by_code_and_sas_and_both_desks_see_each_other(
    hub: Hub, factory: TeamDeskFactory
) -> None:
    anna = await founded(hub, factory)
    invite = await anna.invites.create(Role.MEMBER)
    joining = await factory.start_join(str(invite.code), "Ben")
    newcomer, sas = await asyncio.gather(
        anna.invites.next_request(invite, within=20), joining.wait_sas(within=20)
    )
    assert newcomer.name == "Ben"
    assert sas == anna.invites.sas(invite)
    await joining.confirm()
    await anna.invites.confirm(invite, within=20)
    ben = await factory.open_joined(joining, "Ben")
    await ben.desk.caught_up()
    assert ben.desk.session.agent_name(anna.desk.session.me) == "Anna"
    await until(lambda: anna.desk.session.agent_name(ben.desk.session.me) == "Ben", timeout=10)
    assert ben.desk.engine.refused == 0
    assert anna.desk.engine.refused == 0


async def test_a_mismatch_burns_the_invite(hub: Hub, factory: TeamDeskFactory) -> None:
    anna = await founded(hub, factory)
    invite = await anna.invites.create(Role.MEMBER)
    joining = await factory.start_join(str(invite.code), "Mallory")
    await asyncio.gather(anna.invites.next_request(invite, within=20), joining.wait_sas(within=20))
    await anna.invites.reject(invite)
    with pytest.raises(SasMismatch):
        await asyncio.wait_for(joining.wait_added(), 20)
    await joining.close()
    with pytest.raises((InviteCodeInvalid, InviteUsed)):
        await factory.start_join(str(invite.code), "Mallory")


async def test_a_wrong_code_is_told_apart_from_a_typo(hub: Hub, factory: TeamDeskFactory) -> None:
    await founded(hub, factory)
    with pytest.raises(InviteCodeInvalid, match="mistyped"):
        await factory.start_join("ABCD-EFGH", "Eve")
    from app.crypto.enroll import new_invite_code

    with pytest.raises(InviteCodeInvalid):
        await factory.start_join(str(new_invite_code()), "Eve")


async def test_the_setup_code_founds_one_team_only(hub: Hub, factory: TeamDeskFactory) -> None:
    code = hub.setup_code
    assert code is not None
    await factory.found("Nordlicht", "Anna", setup_code=code)
    from app.domain.errors import HubSetupCodeWrong, HubTaken

    with pytest.raises((HubSetupCodeWrong, HubTaken)):
        await factory.found("Other", "Eve", setup_code=code)
