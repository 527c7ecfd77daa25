"""The whole path over real parts: simulator → gateway → hub → two desks → gateway → customer.

A real nats-server, real SQLCipher replicas, the real gateway and the simulator on loopback.
"""

from __future__ import annotations

import pytest

from app.demo.stack import DemoStack
from app.domain.errors import AlreadyClaimed
from app.domain.model import DeliveryStatus, Direction, QueueView
from tests.helpers.wait import until, until_async

pytestmark = pytest.mark.slow


async def _queue(stack: DemoStack, name: str, view: QueueView) -> list[object]:
    return list(await stack.desks[name].session.queue_page(view, 0, 50))


@pytest.mark.asyncio
async def test_a_customer_message_reaches_both_desks_and_the_reply_reaches_the_customer(
    stack: DemoStack,
) -> None:
    sim = stack.simulator
    assert sim is not None
    lena = sim.add_customer("Lena K", wa_id="4915112345678")
    await sim.customer_sends_text(lena.user_id, "Is my order shipped?")
    anna, ben = stack.desks["Anna"].session, stack.desks["Ben"].session

    rows: dict[str, list[object]] = {}

    async def both_see_it() -> bool:
        for name in ("Anna", "Ben"):
            rows[name] = await _queue(stack, name, QueueView.UNASSIGNED)
        return all(len(r) == 1 for r in rows.values())

    await until_async(both_see_it)
    conversation = (await anna.queue_page(QueueView.UNASSIGNED, 0, 1))[0]
    assert conversation.customer_name == "Lena K"
    assert conversation.last_text == "Is my order shipped?"

    await anna.claim(conversation.conversation_id)
    await until_async(lambda: _assignee_is(ben, conversation.conversation_id, anna.me))
    with pytest.raises(AlreadyClaimed):
        await ben.claim(conversation.conversation_id)

    pending = await anna.reply(conversation.conversation_id, "Yes, it left today.")
    assert pending.status is DeliveryStatus.PENDING
    await until(
        lambda: [m.text for m in sim.received(lena.user_id)] == ["Yes, it left today."], timeout=10
    )

    async def read_on_both() -> bool:
        for desk in (anna, ben):
            messages = await desk.messages_page(conversation.conversation_id, None, 10)
            outbound = [m for m in messages if m.direction is Direction.OUTBOUND]
            if len(outbound) != 1 or outbound[0].status is not DeliveryStatus.READ:
                return False
            if outbound[0].author != anna.me:
                return False
        return True

    await until_async(read_on_both, within=10)
    assert anna.agent_name(anna.me) == "Anna"
    assert ben.agent_name(anna.me) == "Anna"


async def _assignee_is(desk: object, conversation_id: bytes, who: bytes) -> bool:
    detail = await desk.conversation(conversation_id)  # type: ignore[attr-defined]
    return detail is not None and detail.assignee == who
