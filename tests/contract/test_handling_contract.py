"""States, hand-over and private notes (`DeskApi.set_state`, `hand_over`, `add_note`,
`colleagues`, and who may reply) on the fake desk the UI tests use and on the real desks of the
embedded team (a real nats-server, the simulator, the gateway, SQLCipher replicas). The same
assertions run on both, so the window's tests cannot pass against rules the product lacks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.domain import content
from app.domain.content import ActivityKind
from app.domain.errors import HandoverRefused, NoteRefused, NotYours, StateRefused
from app.domain.handling import ConversationState, HandoverAction
from app.domain.ids import ConversationId
from app.domain.model import Direction, Message, QueueView
from app.services.api import DeskApi
from tests.helpers.two_desks import SIDES, Side, two_desks
from tests.helpers.wait import until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(120)]

WITHIN = 15.0


@pytest_asyncio.fixture(params=SIDES)
async def side(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Side]:
    async with two_desks(request.param, tmp_path) as made:
        yield made


async def counted(desk: DeskApi, view: QueueView, expected: int) -> None:
    async def reached() -> bool:
        return await desk.queue_count(view) == expected

    await until_async(reached, within=WITHIN)


async def first_conversation(side: Side, name: str, text: str) -> ConversationId:
    await side.customer_writes(name, text)
    await counted(side.anna, QueueView.UNASSIGNED, 1)
    await counted(side.ben, QueueView.UNASSIGNED, 1)
    [row] = await side.anna.queue_page(QueueView.UNASSIGNED, 0, 1)
    return row.conversation_id


async def last_line(desk: DeskApi, cid: ConversationId, direction: Direction) -> Message:
    async def shown() -> bool:
        page = await desk.messages_page(cid, None, 50)
        return any(m.direction is direction for m in page)

    await until_async(shown, within=WITHIN)
    page = await desk.messages_page(cid, None, 50)
    return [m for m in page if m.direction is direction][-1]


async def test_resolve_then_the_customer_reopens_it_for_the_same_agent(side: Side) -> None:
    lena = await first_conversation(side, "Lena", "Is the oak table back?")
    await side.anna.claim(lena)
    await side.anna.set_state(lena, ConversationState.RESOLVED)
    await counted(side.ben, QueueView.RESOLVED, 1)
    assert await side.ben.queue_count(QueueView.ALL_OPEN) == 0
    line = await last_line(side.ben, lena, Direction.ACTIVITY)
    assert (line.author, line.content) == (side.anna.me, content.Activity(ActivityKind.RESOLVED))

    await side.customer_writes("Lena", "One more question")
    await counted(side.ben, QueueView.ALL_OPEN, 1)
    await counted(side.anna, QueueView.MINE, 1)
    detail = await side.ben.conversation(lena)
    assert detail is not None
    assert (detail.state, detail.assignee) == (ConversationState.OPEN, side.anna.me)


async def test_assign_transfer_release_and_take_over(side: Side) -> None:
    lena = await first_conversation(side, "Lena", "Is the oak table back?")
    assert [device for device, _ in side.anna.colleagues()] == [side.ben.me]
    await side.anna.hand_over(lena, HandoverAction.ASSIGN, side.ben.me)
    await counted(side.ben, QueueView.MINE, 1)
    await side.ben.hand_over(lena, HandoverAction.TRANSFER, side.anna.me, "she knows the order")
    await counted(side.anna, QueueView.MINE, 1)
    line = await last_line(side.anna, lena, Direction.ACTIVITY)
    assert line.content == content.Activity(
        ActivityKind.TRANSFERRED, target=side.anna.me, note="she knows the order"
    )
    await side.ben.hand_over(lena, HandoverAction.TAKE_OVER)
    await counted(side.ben, QueueView.MINE, 1)
    await counted(side.anna, QueueView.MINE, 0)
    await side.ben.hand_over(lena, HandoverAction.RELEASE)
    await counted(side.anna, QueueView.UNASSIGNED, 1)


async def test_what_the_rules_refuse_is_refused_in_words_on_both(side: Side) -> None:
    lena = await first_conversation(side, "Lena", "Is the oak table back?")
    await side.ben.claim(lena)
    await counted(side.anna, QueueView.UNASSIGNED, 0)
    with pytest.raises(HandoverRefused) as refused:
        await side.anna.hand_over(lena, HandoverAction.TRANSFER, side.anna.me)
    assert refused.value.reason == "not-holder"
    with pytest.raises(NotYours) as not_yours:
        await side.anna.reply(lena, "I can help")
    assert not_yours.value.holder == "Ben"
    with pytest.raises(StateRefused) as past:
        await side.ben.set_state(lena, ConversationState.SNOOZED, snooze_until=1)
    assert past.value.reason == "snooze-past"
    with pytest.raises(StateRefused):
        await side.ben.set_state(lena, ConversationState.OPEN)
    with pytest.raises(NoteRefused):
        await side.anna.add_note(lena, "   ")


async def test_a_note_with_a_mention_reaches_the_colleague_and_not_the_queue(side: Side) -> None:
    lena = await first_conversation(side, "Lena", "Is the oak table back?")
    [before] = await side.ben.queue_page(QueueView.UNASSIGNED, 0, 1)
    await side.anna.add_note(lena, "@Ben she ordered twice", (side.ben.me,))
    note = await last_line(side.ben, lena, Direction.NOTE)
    assert (note.author, note.text) == (side.anna.me, "@Ben she ordered twice")
    assert note.content == content.Note("@Ben she ordered twice", (side.ben.me,))
    [after] = await side.ben.queue_page(QueueView.UNASSIGNED, 0, 1)
    assert (after.last_text, after.message_count) == (before.last_text, before.message_count)
