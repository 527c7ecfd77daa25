"""A reply the outbox gave up on or that met a conflict (`DeskApi.retry_reply`,
`discard_reply`; issue 7, item 11) on the fake desk the UI tests use and on the real desks of the
embedded team (a real nats-server, the gateway, the simulator, SQLCipher replicas). The same
assertions run on both, so the window's tests cannot pass against rules the product lacks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

import pytest
import pytest_asyncio

from app.demo.stack import DemoStack
from app.domain.errors import ReplyNotRetryable
from app.domain.handling import HandoverAction
from app.domain.ids import ConversationId, EventId
from app.domain.model import DeliveryStatus, Direction, Message, QueueView
from app.services.api import Changes, DeskApi
from tests.helpers.fake_desk import FakeTeam
from tests.helpers.stack import customer_claimed_by, running_stack, stale_reply
from tests.helpers.wait import until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(120)]

WITHIN = 15.0


class Side(Protocol):
    anna: DeskApi
    ben: DeskApi

    async def claimed_by_anna(self) -> ConversationId: ...

    async def conflicting_reply(self, cid: ConversationId, text: str) -> EventId:
        """Anna's reply that meets a conflict: Ben took the conversation over and gave it back
        to her after what she saw, so her reply was decided on an older view."""
        ...


class _FakeSide:
    def __init__(self) -> None:
        self.team = FakeTeam()
        self.anna = self.team.desk("Anna")
        self.ben = self.team.desk("Ben")

    async def claimed_by_anna(self) -> ConversationId:
        cid = self.team.customer_writes("Lena", "Hello?")
        await self.anna.claim(cid)
        return cid

    async def conflicting_reply(self, cid: ConversationId, text: str) -> EventId:
        await _taken_over_and_given_back(self.ben, self.anna, cid)
        message = await self.anna.reply(cid, text)
        self.team.set_status(message.event_id, DeliveryStatus.CONFLICT)
        return message.event_id


class _RealSide:
    def __init__(self, stack: DemoStack) -> None:
        self.stack = stack
        self.anna = stack.desks["Anna"].session
        self.ben = stack.desks["Ben"].session

    async def claimed_by_anna(self) -> ConversationId:
        _customer, cid = await customer_claimed_by(self.stack)
        return cid

    async def conflicting_reply(self, cid: ConversationId, text: str) -> EventId:
        return (await stale_reply(self.stack, cid, text)).event_id


@pytest_asyncio.fixture(params=["fake", "real"])
async def side(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Side]:
    if request.param == "fake":
        yield _FakeSide()
        return
    async with running_stack(tmp_path) as stack:
        yield _RealSide(stack)


async def _taken_over_and_given_back(ben: DeskApi, anna: DeskApi, cid: ConversationId) -> None:
    await ben.hand_over(cid, HandoverAction.TAKE_OVER)
    await ben.hand_over(cid, HandoverAction.ASSIGN, anna.me)


async def reply_of(desk: DeskApi, cid: ConversationId, event_id: EventId) -> Message | None:
    page = await desk.messages_page(cid, None, 50)
    return next((m for m in page if m.event_id == event_id), None)


async def status_becomes(
    desk: DeskApi, cid: ConversationId, event_id: EventId, *wanted: DeliveryStatus
) -> None:
    async def reached() -> bool:
        message = await reply_of(desk, cid, event_id)
        return message is not None and message.status in wanted

    await until_async(reached, within=WITHIN)


async def test_a_conflict_is_told_then_sent_again(side: Side) -> None:
    cid = await side.claimed_by_anna()
    heard: list[Changes] = []
    unsubscribe = side.anna.subscribe(heard.append)
    try:
        event_id = await side.conflicting_reply(cid, "Yes, it is back")
        await status_becomes(side.anna, cid, event_id, DeliveryStatus.CONFLICT)
        assert any(event_id in c.messages and cid in c.conversations for c in heard)
        with pytest.raises(ReplyNotRetryable):  # only its author may decide again
            await side.ben.retry_reply(event_id)
        heard.clear()
        await side.anna.retry_reply(event_id)
        assert any(event_id in c.messages for c in heard)
        message = await reply_of(side.anna, cid, event_id)
        assert message is not None
        assert message.status is not DeliveryStatus.CONFLICT
    finally:
        unsubscribe()


async def test_a_conflict_is_discarded(side: Side) -> None:
    cid = await side.claimed_by_anna()
    event_id = await side.conflicting_reply(cid, "Wrong answer")
    await status_becomes(side.anna, cid, event_id, DeliveryStatus.CONFLICT)
    await side.anna.discard_reply(event_id)
    assert await reply_of(side.anna, cid, event_id) is None
    page = await side.anna.messages_page(cid, None, 50)
    assert Direction.OUTBOUND not in [m.direction for m in page]
    [row] = await side.anna.queue_page(QueueView.MINE, 0, 1)
    assert row.last_text == "Hello?"
    with pytest.raises(ReplyNotRetryable):
        await side.anna.discard_reply(event_id)


async def test_a_reply_on_its_way_cannot_be_sent_again_or_discarded(side: Side) -> None:
    cid = await side.claimed_by_anna()
    message = await side.anna.reply(cid, "On its way")
    with pytest.raises(ReplyNotRetryable):
        await side.anna.retry_reply(message.event_id)
    with pytest.raises(ReplyNotRetryable):
        await side.anna.discard_reply(message.event_id)
