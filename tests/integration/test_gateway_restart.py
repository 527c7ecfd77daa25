"""The gateway restarted mid-conversation continues its author chain; desks accept it all."""

from __future__ import annotations

import pytest

from app.demo.stack import DemoStack
from app.domain.model import QueueView
from tests.helpers.wait import until, until_async

pytestmark = pytest.mark.slow


@pytest.mark.asyncio
async def test_messages_and_replies_flow_across_a_gateway_restart(stack: DemoStack) -> None:
    sim = stack.simulator
    assert sim is not None
    lena = sim.add_customer("Lena", wa_id="4915112345678")
    await sim.customer_sends_text(lena.user_id, "Before the restart")
    anna = stack.desks["Anna"].session

    async def inbound_everywhere(count: int) -> bool:
        counts = [(await d.replica.stats()).inbound_messages for d in stack.desks.values()]
        return counts == [count] * len(counts)

    await until_async(lambda: inbound_everywhere(1), within=10)
    conversation = (await anna.queue_page(QueueView.UNASSIGNED, 0, 1))[0].conversation_id
    await anna.claim(conversation)

    await stack.restart_gateway()
    await sim.customer_sends_text(lena.user_id, "After the restart")
    await until_async(lambda: inbound_everywhere(2), within=10)
    await anna.reply(conversation, "Both answered")
    await until(
        lambda: [m.text for m in sim.received(lena.user_id)] == ["Both answered"], timeout=10
    )
    assert all(d.engine.refused == 0 for d in stack.desks.values())
