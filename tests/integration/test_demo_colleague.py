"""The windowed demo's scripted colleague leaves new conversations to the people at the windows
for its patience, and holds no more than its capacity, over the real hub."""

from __future__ import annotations

import asyncio
import time

import pytest

from app.aio import cancel_and_wait
from app.demo.agents import ScriptedAgent
from app.demo.stack import DemoStack
from app.domain.handling import ConversationState
from app.domain.model import QueueView
from tests.helpers.wait import until, until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

PATIENCE = 2.0


async def test_the_colleague_waits_its_patience_and_keeps_to_its_capacity(
    stack: DemoStack,
) -> None:
    sim, ben = stack.simulator, stack.desks["Ben"].session
    assert sim is not None
    agent = ScriptedAgent("Ben", ben, habits=("none",), patience=PATIENCE, capacity=1)
    task = asyncio.create_task(agent.run())
    try:
        lena = sim.add_customer("Lena", wa_id="4915112345678")
        lena_wrote = time.time()
        await sim.customer_sends_text(lena.user_id, "Hello?")
        await until(lambda: agent.claims_won == 1, timeout=15)
        # The customer's time is whole seconds: she waited at least the patience less one.
        assert time.time() - lena_wrote >= PATIENCE - 1

        max_ = sim.add_customer("Max", wa_id="4915112345679")
        await sim.customer_sends_text(max_.user_id, "Anyone?")
        max_due = time.time() + PATIENCE
        await until(lambda: time.time() > max_due + 1, timeout=PATIENCE + 5)
        assert agent.claims_won == 1  # one open conversation is all it holds
        assert await ben.queue_count(QueueView.UNASSIGNED) == 1

        (mine,) = await ben.queue_page(QueueView.MINE, 0, 1)
        await ben.set_state(mine.conversation_id, ConversationState.RESOLVED)
        await until(lambda: agent.claims_won == 2, timeout=10)
        await until_async(lambda: _none_waiting(stack), within=10)
    finally:
        assert not await cancel_and_wait(task)


async def _none_waiting(stack: DemoStack) -> bool:
    return await stack.desks["Anna"].session.queue_count(QueueView.UNASSIGNED) == 0
