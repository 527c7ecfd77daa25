"""Over the real hub: a customer edits, then deletes a message, and every desk shows it; a
webhook for another phone number id is answered 200 and never reaches a desk (issue 10)."""

from __future__ import annotations

import pytest

from app.demo.stack import DemoStack
from app.domain.content import Deleted, Text
from app.domain.model import Message, QueueView
from app.services.api import DeskApi
from tests.helpers.wait import until_async

pytestmark = pytest.mark.slow

CANARY = "canary-5d1e order 4711"


async def only_message(desk: DeskApi) -> Message | None:
    page = await desk.queue_page(QueueView.ALL_OPEN, 0, 10)
    if len(page) != 1:
        return None
    messages = await desk.messages_page(page[0].conversation_id, None, 10)
    return messages[0] if len(messages) == 1 else None


async def on_every_desk(stack: DemoStack, shows: object) -> None:
    async def everywhere() -> bool:
        for desk in stack.desks.values():
            message = await only_message(desk.session)
            if message is None or not shows(message):  # type: ignore[operator]
                return False
        return True

    await until_async(everywhere, within=15)


@pytest.mark.asyncio
async def test_an_edit_then_a_deletion_reach_every_desk(stack: DemoStack) -> None:
    sim = stack.simulator
    assert sim is not None
    lena = sim.add_customer("Lena", wa_id="4915112345678")
    wamid = await sim.customer_sends_text(lena.user_id, f"Where is {CANARY}?")
    await on_every_desk(stack, lambda m: m.wamid == wamid)

    sim.customer_edits(lena.user_id, wamid, f"Where is {CANARY}, please?")
    await on_every_desk(stack, lambda m: m.edited and m.text.endswith("please?"))
    for desk in stack.desks.values():
        message = await only_message(desk.session)
        assert message is not None
        versions = await desk.session.message_versions(message.event_id)
        assert [c for _, c in versions] == [
            Text(f"Where is {CANARY}?"),
            Text(f"Where is {CANARY}, please?"),
        ]

    sim.customer_deletes(lena.user_id, wamid)
    await on_every_desk(stack, lambda m: m.content == Deleted() and m.text == "")
    for desk in stack.desks.values():
        message = await only_message(desk.session)
        assert message is not None
        assert await desk.session.message_versions(message.event_id) == []
        await desk.replica.index_search()
        assert await desk.session.search("canary") == []


@pytest.mark.asyncio
async def test_a_webhook_for_another_number_never_reaches_a_desk(stack: DemoStack) -> None:
    sim = stack.simulator
    assert sim is not None
    sim.message_for_other_number("770000000000999", "Is this the bakery?")
    lena = sim.add_customer("Lena", wa_id="4915112345678")
    await sim.customer_sends_text(lena.user_id, "Hello team")  # behind it, on the same callback
    await on_every_desk(stack, lambda m: m.text == "Hello team")
    stats = sim.stats
    assert stats.webhook_posts_delivered == 2  # both answered 200: Meta retries neither
    assert stats.webhook_posts_failed == 0
    for desk in stack.desks.values():
        assert await desk.session.queue_count(QueueView.ALL_OPEN) == 1
        await desk.replica.index_search()
        assert await desk.session.search("bakery") == []
    gateway = stack.gateway
    assert gateway is not None
    assert gateway.stats["foreign_number_items"] == 1

    async def admins_told() -> bool:  # the founder is the team's admin
        connection = await stack.team_desks["Anna"].admin.number_connection()
        return connection is not None and connection.ignored_webhooks == 1

    await until_async(admins_told, within=15)
