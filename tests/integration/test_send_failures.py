"""A reply Meta refuses shows up on every desk as failed, with Meta's code, exactly once.

The simulator forces each kind of refusal the gateway does not retry (cloud-api.md §7); the
gateway reports the outcome sealed; both desks show the reply FAILED with that code.
"""

from __future__ import annotations

import pytest

from app.demo.stack import DemoStack
from app.domain.model import DeliveryStatus, Direction
from tests.helpers.stack import customer_claimed_by
from tests.helpers.wait import until_async

pytestmark = pytest.mark.slow


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "code",
    [131026, 131050, 131051, 132001, 100, 190, 368, 131031, 133010, 130472, 135000],
)
async def test_a_refused_reply_is_failed_with_its_code_on_every_desk(
    stack: DemoStack, code: int
) -> None:
    sim = stack.simulator
    assert sim is not None
    lena, conversation = await customer_claimed_by(stack, "Anna")
    anna = stack.desks["Anna"].session
    sim.configure_customer(lena.user_id, forced_error=code)
    await anna.reply(conversation, "This will be refused")

    async def failed_everywhere() -> bool:
        for desk in stack.desks.values():
            messages = await desk.session.messages_page(conversation, None, 10)
            out = [m for m in messages if m.direction is Direction.OUTBOUND]
            if [(m.status, m.error_code) for m in out] != [(DeliveryStatus.FAILED, code)]:
                return False
        return True

    await until_async(failed_everywhere, within=10)
    assert sim.received(lena.user_id) == []
    assert stack.gateway is not None
    if code == 190:
        assert stack.gateway.admin_alerts == [190]
