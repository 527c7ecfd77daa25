"""Over the real hub: a reply typed on the business's phone (coexistence) appears once on every
desk, marked as from the phone, and answers the conversation, even when Meta delivers the
webhook twice; an agent who had not seen it yet cannot answer past it; the phone's contacts
name a customer who gave no name (issue 10 item 1)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import aiohttp
import pytest

from app.demo.stack import DemoStack
from app.domain.errors import NewMessagesArrived
from app.domain.model import Direction, QueueView
from app.services.api import DeskApi
from tests.helpers.wait import until, until_async

pytestmark = pytest.mark.slow

ASKED = (Direction.INBOUND, "Is my parcel on its way?", False)
ANSWERED = (Direction.OUTBOUND, "Yes, it left today", True)
THANKED = (Direction.INBOUND, "Thanks!", False)


async def thread(desk: DeskApi) -> list[tuple[Direction, str, bool]]:
    page = await desk.queue_page(QueueView.ALL_OPEN, 0, 10)
    if len(page) != 1:
        return []
    messages = await desk.messages_page(page[0].conversation_id, None, 10)
    # Hand-over lines (a claim) are beside the point here.
    chat = (m for m in messages if m.direction in (Direction.INBOUND, Direction.OUTBOUND))
    return [(m.direction, m.text, m.from_phone) for m in chat]


async def answered(desk: DeskApi) -> bool:
    page = await desk.queue_page(QueueView.ALL_OPEN, 0, 10)
    return len(page) == 1 and page[0].waiting_since is None


def on_every_desk(
    stack: DemoStack, holds: Callable[[DeskApi], Awaitable[bool]]
) -> Callable[[], Awaitable[bool]]:
    async def everywhere() -> bool:
        return all([await holds(desk.session) for desk in stack.desks.values()])

    return everywhere


@pytest.mark.asyncio
async def test_a_phone_reply_reaches_every_desk_once_despite_retries(stack: DemoStack) -> None:
    sim = stack.simulator
    assert sim is not None
    lena = sim.add_customer("Lena", wa_id="4915112345678")
    await sim.customer_sends_text(lena.user_id, "Is my parcel on its way?")
    anna = stack.desks["Anna"].session

    async def asked(desk: DeskApi) -> bool:
        return await thread(desk) == [ASKED]

    await until_async(on_every_desk(stack, asked), within=15)
    [row] = await anna.queue_page(QueueView.ALL_OPEN, 0, 10)
    await anna.claim(row.conversation_id)
    seen = (await anna.messages_page(row.conversation_id, None, 10))[-1].position
    sim.configure_customer(lena.user_id, duplicate_webhooks=1.0)  # Meta delivers it twice
    sim.phone_sends_text(lena.user_id, "Yes, it left today")

    async def shows_the_answer(desk: DeskApi) -> bool:
        return await thread(desk) == [ASKED, ANSWERED] and await answered(desk)

    await until_async(on_every_desk(stack, shows_the_answer), within=15)
    await until(lambda: sim.stats.webhook_duplicates >= 1, timeout=15)
    # Anna began her answer before the phone's reply came: hers would go out blind.
    with pytest.raises(NewMessagesArrived):
        await anna.reply(row.conversation_id, "Let me check", seen_position=seen)
    # The gateway passes webhooks on in arrival order: once the customer's next message is on
    # every desk, the second copy of the echo (delivered before it) has been dealt with.
    sim.configure_customer(lena.user_id, duplicate_webhooks=0.0)
    await sim.customer_sends_text(lena.user_id, "Thanks!")

    async def shows_it_once(desk: DeskApi) -> bool:
        return await thread(desk) == [ASKED, ANSWERED, THANKED]

    await until_async(on_every_desk(stack, shows_it_once), within=15)


@pytest.mark.asyncio
async def test_the_phone_book_names_a_customer_on_every_desk(stack: DemoStack) -> None:
    sim = stack.simulator
    assert sim is not None
    jonas = sim.add_customer("", wa_id="491510000000")  # no WhatsApp profile name
    await sim.customer_sends_text(jonas.user_id, "Hello?")

    def named(name: str) -> Callable[[], Awaitable[bool]]:
        async def shows(desk: DeskApi) -> bool:
            page = await desk.queue_page(QueueView.ALL_OPEN, 0, 10)
            return [row.customer_name for row in page] == [name]

        return on_every_desk(stack, shows)

    await until_async(named("491510000000"), within=15)
    async with aiohttp.ClientSession() as http:
        url = f"{sim.graph_url()}/{sim.config.phone_number_id}/smb_app_data"
        body = {"messaging_product": "whatsapp", "sync_type": "smb_app_state_sync"}
        headers = {"Authorization": f"Bearer {sim.config.access_token}"}
        async with http.post(url, json=body, headers=headers) as answer:
            assert answer.status == 200
    sim.phone_saves_contact("491510000000", "Jonas Becker")
    await until_async(named("Jonas Becker"), within=15)
    sim.phone_removes_contact("491510000000")
    await until_async(named("491510000000"), within=15)
