"""The business number as customers see it reaches every desk, and follows Meta's changes.

The gateway reads the phone-number node at start; when Meta sends a name or quality update
webhook it reads it again and publishes the change sealed; desks apply it and show the badge
by cloud-api.md §9's rule.
"""

from __future__ import annotations

import pytest

from app.demo.stack import TEAM_NAME, DemoStack
from app.domain.rules import business_badge
from tests.helpers.wait import until_async

pytestmark = pytest.mark.slow


@pytest.mark.asyncio
async def test_the_badge_follows_the_number_on_every_desk(stack: DemoStack) -> None:
    sim = stack.simulator
    assert sim is not None

    async def badges() -> set[tuple[str, bool, str] | None]:
        seen: set[tuple[str, bool, str] | None] = set()
        for desk in stack.desks.values():
            status = await desk.session.number_status()
            if status is None:
                seen.add(None)
            else:
                name, check = business_badge(status)
                seen.add((name, check, status.quality_rating))
        return seen

    async def all_show(expected: tuple[str, bool, str]) -> bool:
        return await badges() == {expected}

    first = await badges()
    # The start-up poll: the simulator's defaults (name approved, no blue check).
    await until_async(lambda: all_show((TEAM_NAME, False, "GREEN")), within=10)
    assert first <= {None, (TEAM_NAME, False, "GREEN")}

    sim.update_phone_number(is_official_business_account=True)
    sim.update_phone_number(quality_rating="YELLOW")  # a change webhook makes the gateway look
    await until_async(lambda: all_show((TEAM_NAME, True, "YELLOW")), within=10)

    status = await stack.desks["Anna"].session.number_status()
    assert status is not None
    display = status.display_phone_number
    sim.update_phone_number(name_status="PENDING_REVIEW", quality_rating="RED")
    # A name not (or no longer) approved is never shown: customers see the number.
    await until_async(lambda: all_show((display, True, "RED")), within=10)
