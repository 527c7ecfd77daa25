"""Two desks claim the same conversation at the same moment: exactly one wins, on both desks.

The hub decides with `Nats-Expected-Last-Subject-Sequence` on the conversation's subject, not
with clocks; 100 trials over a real nats-server.
"""

from __future__ import annotations

import asyncio

import pytest

from app.demo.stack import DemoStack
from app.domain.errors import AlreadyClaimed
from app.domain.model import QueueView
from tests.helpers.wait import until_async

pytestmark = pytest.mark.slow

TRIALS = 100


@pytest.mark.asyncio
async def test_exactly_one_of_two_simultaneous_claims_wins(stack: DemoStack) -> None:
    sim = stack.simulator
    assert sim is not None
    for n in range(TRIALS):
        customer = sim.add_customer(f"Customer {n}")
        await sim.customer_sends_text(customer.user_id, f"Hello {n}")
    anna, ben = stack.desks["Anna"].session, stack.desks["Ben"].session
    counts = {"Anna": 0, "Ben": 0}

    async def refresh() -> None:
        counts["Anna"] = await anna.queue_count(QueueView.UNASSIGNED)
        counts["Ben"] = await ben.queue_count(QueueView.UNASSIGNED)

    async def everyone_sees_all() -> bool:
        await refresh()
        return counts["Anna"] == counts["Ben"] == TRIALS

    await until_async(everyone_sees_all, within=30)

    rows = await anna.queue_page(QueueView.UNASSIGNED, 0, TRIALS)
    winners = []
    for row in rows:
        results = await asyncio.gather(
            anna.claim(row.conversation_id),
            ben.claim(row.conversation_id),
            return_exceptions=True,
        )
        won = [desk for desk, r in zip((anna, ben), results, strict=True) if r is None]
        lost = [r for r in results if isinstance(r, AlreadyClaimed)]
        assert len(won) == 1, results
        assert len(lost) == 1, results
        winners.append((row.conversation_id, won[0].me))

    await stack.desks["Anna"].engine.caught_up()
    await stack.desks["Ben"].engine.caught_up()
    for conversation_id, winner in winners:
        seen_by_anna = await anna.conversation(conversation_id)
        seen_by_ben = await ben.conversation(conversation_id)
        assert seen_by_anna is not None
        assert seen_by_ben is not None
        assert seen_by_anna.assignee == seen_by_ben.assignee == winner
