"""Notices and the unread count of `DeskApi` (`subscribe_notices`, `unread_count`), on the fake
desk the UI tests use and on the real desks of the embedded team (a real nats-server, the
simulator, the gateway, SQLCipher replicas). The same assertions run on both, so the window's
notification tests cannot pass against routing the product does not have.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.domain.handling import ConversationState, HandoverAction
from app.domain.ids import ConversationId
from app.domain.notify import Notice, NoticeKind
from app.services.api import DeskApi
from tests.helpers.two_desks import SIDES, Side, two_desks
from tests.helpers.wait import until, until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(120)]

WITHIN = 15.0


@pytest_asyncio.fixture(params=SIDES)
async def side(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Side]:
    async with two_desks(request.param, tmp_path) as made:
        yield made


def listen(api: DeskApi) -> list[Notice]:
    heard: list[Notice] = []
    api.subscribe_notices(heard.append)
    return heard


async def test_a_first_message_tells_everyone_and_a_later_one_only_the_holder(side: Side) -> None:
    anna_heard, ben_heard = listen(side.anna), listen(side.ben)
    await side.customer_writes("Lena", "Is the oak table back in stock?")
    await until(lambda: len(anna_heard) == len(ben_heard) == 1, timeout=WITHIN)
    for heard in (anna_heard, ben_heard):
        [notice] = heard
        assert notice.kind is NoticeKind.NEW_CONVERSATION
        assert notice.customer_name == "Lena"
        assert notice.text == "Is the oak table back in stock?"
        assert notice.actor is None
        assert notice.target is None
    lena = anna_heard[0].conversation_id

    await side.anna.claim(lena)
    await side.customer_writes("Lena", "Hello?")
    await until(lambda: len(anna_heard) == 2, timeout=WITHIN)
    assert anna_heard[1].kind is NoticeKind.CUSTOMER_MESSAGE
    assert anna_heard[1].target == side.anna.me
    assert anna_heard[1].conversation_id == lena
    assert anna_heard[1].text == "Hello?"

    # Ben hears of the next new conversation, and of nothing in between.
    await side.customer_writes("Omar", "Do you deliver?")
    await until(lambda: len(ben_heard) == 2, timeout=WITHIN)
    assert [n.kind for n in ben_heard] == [NoticeKind.NEW_CONVERSATION] * 2
    assert ben_heard[1].customer_name == "Omar"


async def test_more_words_in_the_unassigned_queue_tell_nobody(side: Side) -> None:
    anna_heard = listen(side.anna)
    await side.customer_writes("Lena", "Hi")
    await side.customer_writes("Lena", "Anyone?")
    await side.customer_writes("Omar", "Hello")
    await until(lambda: len(anna_heard) == 2, timeout=WITHIN)
    assert [(n.kind, n.customer_name) for n in anna_heard] == [
        (NoticeKind.NEW_CONVERSATION, "Lena"),
        (NoticeKind.NEW_CONVERSATION, "Omar"),
    ]


async def test_unread_counts_conversations_that_are_mine_or_nobodys(side: Side) -> None:
    anna_heard = listen(side.anna)
    assert await side.anna.unread_count() == 0
    await side.customer_writes("Lena", "Hi")
    await side.customer_writes("Lena", "Anyone?")
    await until(lambda: len(anna_heard) == 1, timeout=WITHIN)
    lena: ConversationId = anna_heard[0].conversation_id

    async def counts(anna: int, ben: int) -> bool:
        return (await side.anna.unread_count(), await side.ben.unread_count()) == (anna, ben)

    await until_async(lambda: counts(1, 1), within=WITHIN)  # two messages, one conversation
    await side.anna.claim(lena)
    await until_async(lambda: counts(1, 0), within=WITHIN)  # Anna's now, not Ben's business
    await side.anna.mark_read(lena)
    await until_async(lambda: counts(0, 0), within=WITHIN)


async def test_a_note_tells_whom_it_names_and_a_hand_over_whom_it_reaches(side: Side) -> None:
    anna_heard, ben_heard = listen(side.anna), listen(side.ben)
    await side.customer_writes("Lena", "Is the oak table back?")
    await until(lambda: len(anna_heard) == len(ben_heard) == 1, timeout=WITHIN)
    lena = ben_heard[0].conversation_id
    anna, ben = side.anna.me, side.ben.me
    await side.ben.claim(lena)
    await side.ben.add_note(lena, "Anna, is it in Altona?", (anna,))
    await side.ben.hand_over(lena, HandoverAction.TRANSFER, anna, "VIP")
    await side.ben.hand_over(lena, HandoverAction.TAKE_OVER)
    await until(lambda: len(anna_heard) == 4, timeout=WITHIN)
    assert [(n.kind, n.actor, n.target, n.text) for n in anna_heard[1:]] == [
        (NoticeKind.MENTION, ben, anna, "Anna, is it in Altona?"),
        (NoticeKind.ASSIGNED_TO_YOU, ben, anna, "VIP"),
        (NoticeKind.TAKEN_OVER, ben, anna, ""),
    ]
    assert {n.customer_name for n in anna_heard} == {"Lena"}
    # Ben heard nothing of what he did: the next thing is the next new conversation.
    await side.customer_writes("Omar", "Do you deliver?")
    await until(lambda: len(ben_heard) == 2, timeout=WITHIN)
    assert [(n.kind, n.customer_name) for n in ben_heard] == [
        (NoticeKind.NEW_CONVERSATION, "Lena"),
        (NoticeKind.NEW_CONVERSATION, "Omar"),
    ]


async def test_a_customer_back_in_a_put_away_conversation_nobody_holds(side: Side) -> None:
    anna_heard, ben_heard = listen(side.anna), listen(side.ben)
    await side.customer_writes("Lena", "Hi")
    await until(lambda: len(anna_heard) == 1, timeout=WITHIN)
    lena = anna_heard[0].conversation_id

    async def counts(anna: int, ben: int) -> bool:
        return (await side.anna.unread_count(), await side.ben.unread_count()) == (anna, ben)

    await side.anna.claim(lena)
    await side.anna.set_state(lena, ConversationState.RESOLVED)
    await side.anna.hand_over(lena, HandoverAction.RELEASE)
    await until_async(lambda: counts(0, 0), within=WITHIN)  # resolved: in no one's count
    await side.customer_writes("Lena", "Me again!")
    await until(lambda: len(anna_heard) == len(ben_heard) == 2, timeout=WITHIN)
    for heard in (anna_heard, ben_heard):
        assert (heard[1].kind, heard[1].text) == (NoticeKind.NEW_CONVERSATION, "Me again!")
    await until_async(lambda: counts(1, 1), within=WITHIN)  # open again, and nobody's
