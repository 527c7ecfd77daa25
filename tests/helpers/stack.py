"""The whole embedded team for integration tests: hub, simulator, gateway, desks."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

from app.demo.stack import DemoStack
from app.domain.content import Text
from app.domain.handling import HandoverAction
from app.domain.ids import ConversationId, EventId
from app.domain.model import Message, QueueView
from app.simulator.state import Customer
from tests.helpers.wait import until_async


@contextlib.asynccontextmanager
async def running_stack(
    data_dir: Path, agents: Sequence[str] = ("Anna", "Ben")
) -> AsyncIterator[DemoStack]:
    """A started `DemoStack`, stopped (hub included) however the block ends.

    Start it on the loop the test runs on: Qt tests use it inside the test body, since an async
    fixture would get a loop of its own.
    """
    team = DemoStack(data_dir, list(agents))
    try:
        await team.start()
        yield team
    finally:
        await team.stop()


async def customer_claimed_by(
    stack: DemoStack, agent: str = "Anna", text: str = "Hello?", wa_id: str = "4915112345678"
) -> tuple[Customer, ConversationId]:
    """A new customer writes `text`; `agent` waits for it in the queue and claims it."""
    sim = stack.simulator
    assert sim is not None
    customer = sim.add_customer("Lena", wa_id=wa_id)
    await sim.customer_sends_text(customer.user_id, text)
    desk = stack.desks[agent].session

    async def arrived() -> bool:
        return await desk.queue_count(QueueView.UNASSIGNED) == 1

    await until_async(arrived, within=15)
    conversation = (await desk.queue_page(QueueView.UNASSIGNED, 0, 1))[0].conversation_id
    await desk.claim(conversation)
    return customer, conversation


async def stale_reply(stack: DemoStack, cid: ConversationId, text: str) -> Message:
    """Anna's reply decided on a view older than a colleague's change: Ben takes the
    conversation over and gives it back to her after she looked, so the log refuses the
    reply's guard (her own earlier writes would not: they never make her view stale)."""
    anna, ben = stack.desks["Anna"], stack.desks["Ben"].session
    seen = await anna.replica.conversation(cid)
    assert seen is not None
    await ben.hand_over(cid, HandoverAction.TAKE_OVER)
    await ben.hand_over(cid, HandoverAction.ASSIGN, anna.session.me)
    await anna.caught_up()
    message = await anna.replica.enqueue_content(
        cid,
        EventId(os.urandom(16)),
        Text(text),
        author=anna.session.me,
        now=int(time.time()),
        expected_subject_seq=seen.last_subject_seq,
    )
    anna.outbox.wake()
    return message
