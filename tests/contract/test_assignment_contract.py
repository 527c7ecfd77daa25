"""Auto-assignment settings and availability (`DeskApi.assignment`) on the fake desk the UI
tests use and on the real desks of the embedded team (a real nats-server, SQLCipher replicas):
Anna is an admin, Ben a member. The same assertions run on both."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.domain.assignment import OFF, AgentRule, AssignmentSettings
from app.domain.errors import AssignmentRefused, NotPermitted
from app.services.api import DeskApi
from tests.helpers.two_desks import SIDES, Side, two_desks
from tests.helpers.wait import until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(120)]

WITHIN = 15.0


@pytest_asyncio.fixture(params=SIDES)
async def side(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Side]:
    async with two_desks(request.param, tmp_path) as made:
        yield made


async def _settings_are(desk: DeskApi, expected: AssignmentSettings) -> None:
    async def shown() -> bool:
        return await desk.assignment.settings() == expected

    await until_async(shown, within=WITHIN)


async def test_only_an_admin_sets_auto_assignment_and_every_desk_has_it(side: Side) -> None:
    anna, ben = side.anna, side.ben
    assert await ben.assignment.settings() == OFF
    assert anna.assignment.is_admin()
    assert not ben.assignment.is_admin()
    on = AssignmentSettings(True, 4, (AgentRule(ben.me, 2),), 30)
    with pytest.raises(NotPermitted):
        await ben.assignment.save_settings(on)
    with pytest.raises(AssignmentRefused) as refused:
        await anna.assignment.save_settings(AssignmentSettings(True, 0))
    assert refused.value.reason == "capacity"
    await anna.assignment.save_settings(on)
    await _settings_are(ben, on)


async def test_an_agent_away_is_away_on_every_desk_until_she_is_back(side: Side) -> None:
    anna, ben = side.anna, side.ben

    async def away_is(expected: frozenset[bytes]) -> None:
        async def shown() -> bool:
            return await anna.assignment.away_agents() == expected

        await until_async(shown, within=WITHIN)

    await ben.assignment.set_away(True)
    await away_is(frozenset({ben.me}))
    await ben.assignment.set_away(False)
    await away_is(frozenset())
