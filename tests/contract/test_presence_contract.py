"""The collision guard of `DeskApi` (`presence`, `set_viewing`, `typing`, and `reply` with the
position the agent had seen), on the fake desk the UI tests use and on the real desks of the
embedded team (a real nats-server, the simulator, the gateway, SQLCipher replicas). The same
assertions run on both, so the window's presence and blind-send tests cannot pass against
behaviour the product does not have.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.domain.errors import NewMessagesArrived
from app.domain.ids import ConversationId
from app.domain.model import Direction, QueueView
from app.services.api import Changes
from tests.helpers.two_desks import SIDES, Side, two_desks
from tests.helpers.wait import until, until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(120)]

WITHIN = 15.0


@pytest_asyncio.fixture(params=SIDES)
async def side(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Side]:
    async with two_desks(request.param, tmp_path) as made:
        yield made


async def first_conversation(side: Side, name: str, text: str) -> ConversationId:
    await side.customer_writes(name, text)

    async def arrived() -> bool:
        return await side.anna.queue_count(QueueView.UNASSIGNED) == 1

    await until_async(arrived, within=WITHIN)
    [row] = await side.anna.queue_page(QueueView.UNASSIGNED, 0, 1)
    return row.conversation_id


async def test_colleagues_see_who_views_and_types_and_not_themselves(side: Side) -> None:
    lena = await first_conversation(side, "Lena", "Is the oak table back?")
    changes: list[Changes] = []
    side.anna.subscribe(changes.append)

    side.ben.set_viewing(lena)
    await until(lambda: side.anna.presence(lena).viewing == (side.ben.me,), timeout=WITHIN)
    assert any(lena in change.presence for change in changes)
    assert side.anna.presence(lena).typing == ()
    assert not side.ben.presence(lena)

    side.ben.typing(lena)
    await until(lambda: side.anna.presence(lena).typing == (side.ben.me,), timeout=WITHIN)

    side.ben.set_viewing(None)
    await until(lambda: not side.anna.presence(lena), timeout=WITHIN)


async def test_a_reply_past_an_unseen_message_is_refused_until_it_was_seen(side: Side) -> None:
    lena = await first_conversation(side, "Lena", "Is the oak table back?")
    await side.anna.claim(lena)
    [first] = await side.anna.messages_page(lena, None, 10)
    seen = first.position

    await side.customer_writes("Lena", "Actually, the walnut one")

    async def two_messages() -> bool:
        return len(await side.anna.messages_page(lena, None, 10)) == 2

    await until_async(two_messages, within=WITHIN)
    with pytest.raises(NewMessagesArrived) as refused:
        await side.anna.reply(lena, "Yes, it is back.", seen_position=seen)
    newest = (await side.anna.messages_page(lena, None, 10))[-1]
    assert refused.value.newest_position == newest.position
    assert len(await side.anna.messages_page(lena, None, 10)) == 2  # nothing was queued

    sent = await side.anna.reply(lena, "The walnut one is back.", seen_position=newest.position)
    assert sent.direction is Direction.OUTBOUND
    # Her own reply is not news to her: the next reply may follow at once.
    again = await side.anna.reply(lena, "Shall I reserve it?", seen_position=newest.position)
    assert again.text == "Shall I reserve it?"
