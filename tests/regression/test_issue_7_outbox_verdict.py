"""Issue 7, item 11: when the outbox finds a conflict the window is told, and the agent decides.

The whole embedded team (real nats-server, SQLCipher replicas, gateway and simulator): a reply
queued on a stale guard meets a conflict, the session publishes the change with the message's
new status, and the agent either sends it again (a fresh guard; the customer gets it) or
discards it (it is gone, and was never sent).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.demo.stack import DemoStack
from app.domain.errors import ReplyNotRetryable
from app.domain.ids import EventId
from app.domain.model import DeliveryStatus, Direction, QueueView
from app.services.api import Changes
from tests.helpers.stack import customer_claimed_by, running_stack, stale_reply
from tests.helpers.wait import until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(120)]


async def status_of(stack: DemoStack, event_id: EventId) -> DeliveryStatus | None:
    message = await stack.desks["Anna"].replica.message_by_event_id(event_id)
    return None if message is None else message.status


async def test_a_conflict_reaches_the_listener_and_a_retry_sends_it(tmp_path: Path) -> None:
    async with running_stack(tmp_path) as stack:
        customer, cid = await customer_claimed_by(stack)
        session = stack.desks["Anna"].session
        heard: list[Changes] = []
        unsubscribe = session.subscribe(heard.append)
        try:
            reply = await stale_reply(stack, cid, "Yes, it is back in stock")

            async def conflicted() -> bool:
                return await status_of(stack, reply.event_id) is DeliveryStatus.CONFLICT

            await until_async(conflicted, within=15)

            async def told() -> bool:  # the window hears of it
                return any(cid in c.conversations and reply.event_id in c.messages for c in heard)

            await until_async(told, within=5)
            await session.retry_reply(reply.event_id)

            async def went_out() -> bool:
                return await status_of(stack, reply.event_id) in (
                    DeliveryStatus.SENT,
                    DeliveryStatus.DELIVERED,
                    DeliveryStatus.READ,
                )

            await until_async(went_out, within=15)
            assert stack.simulator is not None
            texts = [m.text for m in stack.simulator.received(customer.user_id)]
            assert texts == ["Yes, it is back in stock"]
            with pytest.raises(ReplyNotRetryable):  # it went out: nothing to send again
                await session.retry_reply(reply.event_id)
        finally:
            unsubscribe()


async def test_a_discarded_conflict_is_gone_and_never_sent(tmp_path: Path) -> None:
    async with running_stack(tmp_path) as stack:
        customer, cid = await customer_claimed_by(stack)
        session = stack.desks["Anna"].session
        reply = await stale_reply(stack, cid, "Wrong answer")

        async def conflicted() -> bool:
            return await status_of(stack, reply.event_id) is DeliveryStatus.CONFLICT

        await until_async(conflicted, within=15)
        await session.discard_reply(reply.event_id)
        assert await status_of(stack, reply.event_id) is None
        page = await session.messages_page(cid, None, 50)
        chat = [m.text for m in page if m.direction in (Direction.INBOUND, Direction.OUTBOUND)]
        assert chat == ["Hello?"]  # beside it only the two hand-over lines
        [row] = await session.queue_page(QueueView.MINE, 0, 1)
        assert row.last_text == "Hello?"  # the queue's preview forgets it too
        assert stack.simulator is not None
        assert stack.simulator.received(customer.user_id) == []
        with pytest.raises(ReplyNotRetryable):
            await session.discard_reply(reply.event_id)
