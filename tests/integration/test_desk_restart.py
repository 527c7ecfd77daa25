"""A desk closed and opened again from its replica carries on where it stopped.

Regression: chain links were stored as if they were envelopes, so a reopened desk rebuilt only
the first link of the team chain and refused every later event.
"""

from __future__ import annotations

import pytest

from app.demo.stack import DemoStack
from app.domain.model import Direction, QueueView
from tests.helpers.wait import until, until_async

pytestmark = pytest.mark.slow


@pytest.mark.asyncio
async def test_a_reopened_desk_reads_claims_and_replies(stack: DemoStack) -> None:
    sim = stack.simulator
    assert sim is not None
    lena = sim.add_customer("Lena", wa_id="4915112345678")
    await sim.customer_sends_text(lena.user_id, "First question")
    anna = stack.desks["Anna"].session

    async def unassigned(count: int) -> bool:
        return await stack.desks["Anna"].session.queue_count(QueueView.UNASSIGNED) == count

    await until_async(lambda: unassigned(1), within=10)
    first = (await anna.queue_page(QueueView.UNASSIGNED, 0, 1))[0].conversation_id
    await anna.claim(first)
    await anna.reply(first, "Answer before the restart")
    await until(lambda: len(sim.received(lena.user_id)) == 1, timeout=10)

    reopened = await stack.restart_desk("Anna")
    anna = reopened.session
    assert reopened.engine.refused == 0
    assert anna.agent_name(anna.me) == "Anna"

    jonas = sim.add_customer("Jonas", wa_id="4915199999999")
    await sim.customer_sends_text(jonas.user_id, "Second question")
    await sim.customer_sends_text(lena.user_id, "And a follow-up")
    await until_async(lambda: unassigned(1), within=10)
    second = (await anna.queue_page(QueueView.UNASSIGNED, 0, 1))[0].conversation_id
    await anna.claim(second)
    await anna.reply(second, "Answer after the restart")
    await anna.reply(first, "And the follow-up answer")
    await until(
        lambda: [m.text for m in sim.received(jonas.user_id)] == ["Answer after the restart"],
        timeout=10,
    )
    await until(lambda: len(sim.received(lena.user_id)) == 2, timeout=10)

    ben = stack.desks["Ben"].session

    async def ben_sees_three_replies() -> bool:
        total = 0
        for conversation in (first, second):
            messages = await ben.messages_page(conversation, None, 20)
            total += sum(m.direction is Direction.OUTBOUND for m in messages)
        return total == 3

    await until_async(ben_sees_three_replies, within=10)
    assert reopened.engine.refused == 0
    assert stack.desks["Ben"].engine.refused == 0
