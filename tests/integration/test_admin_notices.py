"""Over the real hub: Meta pauses a template and flags the number; the admin's desk lists both
notices, newest first, and a member's desk shows none (issue 10 item 7)."""

from __future__ import annotations

import pytest

from app.demo.stack import DemoStack
from app.domain.admin_notice import NoticeTopic
from app.domain.errors import NotPermitted
from tests.helpers.wait import until_async

pytestmark = pytest.mark.slow


@pytest.mark.asyncio
async def test_the_admin_is_told_of_a_paused_template_and_a_flagged_number(
    stack: DemoStack,
) -> None:
    sim = stack.simulator
    assert sim is not None
    sim.set_template_status("order_update", "en_US", "PAUSED", "LOW_QUALITY")
    sim.update_phone_number(quality_rating="RED")  # Meta flags the number
    anna = stack.team_desks["Anna"].admin  # the founder: an admin
    ben = stack.team_desks["Ben"]  # invited as a member

    async def both_listed() -> bool:
        return len(await anna.admin_notices()) == 2

    await until_async(both_listed, within=15)
    flagged, paused = await anna.admin_notices()
    assert (flagged.notice.topic, flagged.notice.event) == (NoticeTopic.NUMBER_QUALITY, "FLAGGED")
    assert (paused.notice.topic, paused.notice.event, paused.notice.subject) == (
        NoticeTopic.TEMPLATE_STATUS,
        "PAUSED",
        "order_update",
    )
    assert flagged.seq > paused.seq
    assert flagged.notice.serious
    assert paused.notice.serious
    assert await anna.unread_admin_notices() == 2
    await anna.mark_admin_notices_read(flagged.seq)
    assert await anna.unread_admin_notices() == 0

    await ben.desk.caught_up()
    with pytest.raises(NotPermitted):
        await ben.admin.admin_notices()
    with pytest.raises(NotPermitted):
        await ben.admin.unread_admin_notices()
