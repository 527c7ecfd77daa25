"""Over the real hub: the business phone's 180-day chat history (5,000 messages over 300
chats) imports into every desk once an admin asks for it (issue 10 item 1): times, sides and
wamids kept, the live message Meta shares again kept once, and the past makes no unread work,
no notification and no open 24-hour window."""

from __future__ import annotations

import time

import pytest

from app.demo.stack import DemoStack
from app.domain.content import Media
from app.domain.history import HistoryStage
from app.domain.ids import ConversationId
from app.domain.model import Direction, QueueView
from app.domain.notify import Notice
from app.services.api import DeskApi
from app.simulator.phone_history import DAY_S, PastChat, PastMessage, recent_media
from tests.helpers.wait import until, until_async

pytestmark = pytest.mark.slow

LENA = "4915112345678"
CHATS, MESSAGES = 300, 5_000


@pytest.mark.asyncio
async def test_a_180_day_history_imports_into_every_desk_as_the_past(stack: DemoStack) -> None:
    sim = stack.simulator
    assert sim is not None
    lena = sim.add_customer("Lena", wa_id=LENA)
    live = await sim.customer_sends_text(lena.user_id, "Is my parcel here?")
    desks = {name: desk.session for name, desk in stack.desks.items()}

    async def lena_waits() -> bool:
        return all([await d.queue_count(QueueView.ALL_OPEN) == 1 for d in desks.values()])

    await until_async(lena_waits, within=15)
    heard: list[Notice] = []
    for desk in desks.values():
        desk.subscribe_notices(heard.append)
    # Lena's older chat on the phone, then 298 more chats: 5,000 messages over 300 chats with
    # her live message, which Meta shares again.
    long_ago = time.time() - 100 * DAY_S
    sim.phone_keeps_chats(
        [
            PastChat(
                LENA,
                [
                    PastMessage(
                        "wamid.HLENA", long_ago, True, "text", {"body": "Your sofa ships in May."}
                    )
                ],
            )
        ]
    )
    past = sim.phone_has_past(chats=CHATS - 2, messages=MESSAGES - 2)
    await stack.team_desks["Anna"].admin.request_phone_sync()

    async def finished() -> bool:
        for desk in stack.team_desks.values():
            found = await desk.admin.phone_history()
            if found is None or found.stage is not HistoryStage.FINISHED:
                return False
        return True

    await until_async(finished, within=60)
    for name, desk in desks.items():
        found = await stack.team_desks[name].admin.phone_history()
        assert found is not None
        assert (found.progress, found.messages) == (100, MESSAGES - 1)  # the live one kept once
        assert await desk.queue_count(QueueView.ALL_OPEN) == 1  # no work but Lena's
        resolved = await desk.queue_page(QueueView.RESOLVED, 0, CHATS)
        assert len(resolved) == CHATS - 2
        assert all(row.unread == 0 and row.waiting_since is None for row in resolved)
        [open_row] = await desk.queue_page(QueueView.ALL_OPEN, 0, 10)
        assert (open_row.unread, open_row.last_text) == (1, "Is my parcel here?")
        lena_thread = await desk.messages_page(open_row.conversation_id, None, 10)
        assert [(m.wamid, m.direction, m.from_phone) for m in lena_thread] == [
            ("wamid.HLENA", Direction.OUTBOUND, True),  # the past comes first
            (live, Direction.INBOUND, False),
        ]
        lena_detail = await desk.conversation(open_row.conversation_id)
        assert lena_detail is not None
        assert lena_detail.last_inbound_at == lena_thread[-1].at  # the past never moved it
        # One invented chat, message for message: Meta's times and sides kept.
        chat = past[7]
        row = next(
            r
            for r in resolved
            if r.message_count == len(chat.messages) and r.last_at == int(chat.messages[-1].at)
        )
        detail = await desk.conversation(row.conversation_id)
        assert detail is not None
        assert detail.last_inbound_at is None  # no 24-hour window opened
        shown = await desk.messages_page(row.conversation_id, None, 100)
        assert [(m.wamid, m.at, m.direction is Direction.OUTBOUND) for m in shown] == [
            (m.wamid, int(m.at), m.from_business) for m in chat.messages
        ]
    await _recent_photos_get_their_files(stack, past)
    assert heard == []  # the past notified nobody …
    jonas = sim.add_customer("Jonas", wa_id="491510000000")
    await sim.customer_sends_text(jonas.user_id, "Hello?")
    await until(lambda: len(heard) == len(desks), timeout=15)  # … while a new chat does


async def _recent_photos_get_their_files(stack: DemoStack, past: tuple[PastChat, ...]) -> None:
    """Meta follows placeholders of the last 14 days up with their files: on every desk the
    placeholder becomes the file, fetched and stored like a customer's."""
    recent = recent_media(past, time.time())
    assert recent  # the invented past has some
    chat, photo = recent[0]
    last = int(chat.messages[-1].at)
    for desk in (d.session for d in stack.desks.values()):
        rows = await desk.queue_page(QueueView.RESOLVED, 0, CHATS)
        row = next(r for r in rows if r.message_count == len(chat.messages) and r.last_at == last)

        async def stored(cid: ConversationId = row.conversation_id, on: DeskApi = desk) -> bool:
            shown = await on.messages_page(cid, None, 100)
            content = next(m.content for m in shown if m.wamid == photo.wamid)
            return isinstance(content, Media) and content.stored is not None

        await until_async(stored, within=15)
