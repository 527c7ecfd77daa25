"""Templates over the real team: hub, simulator, gateway and two desks with their replicas.

A customer who never wrote (so no 24-hour window is open) gets a template by phone number and
the simulator records it with the parameters the agent typed; their answer lands in the same
conversation on every desk; a paused template and Meta's template refusals reach the desks.
"""

from __future__ import annotations

import pytest

from app.demo.stack import DemoStack
from app.domain.errors import TemplateUnavailable
from app.domain.ids import ConversationId
from app.domain.model import DeliveryStatus, Direction, QueueView
from app.domain.templates import Part, TemplateParam, TemplateRef
from app.services.api import DeskApi
from tests.helpers.stack import customer_claimed_by
from tests.helpers.wait import until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(120)]

WITHIN = 15.0
ORDER = TemplateRef("order_update", "en_US")
VALUES = {TemplateParam(Part.BODY, "1"): "Lena", TemplateParam(Part.BODY, "2"): "A-1042"}


async def listed(desk: DeskApi, ref: TemplateRef, present: bool = True) -> None:
    async def check() -> bool:
        return (ref in {t.ref for t in await desk.templates()}) == present

    await until_async(check, within=WITHIN)


async def thread(desk: DeskApi, cid: ConversationId) -> list[tuple[Direction, str]]:
    return [(m.direction, m.text) for m in await desk.messages_page(cid, None, 50)]


async def test_a_template_reaches_a_customer_outside_the_window_and_their_answer_comes_back(
    stack: DemoStack,
) -> None:
    sim = stack.simulator
    assert sim is not None
    anna, ben = stack.desks["Anna"].session, stack.desks["Ben"].session
    lena = sim.add_customer("Lena", wa_id="4915112345678")  # never wrote: no window is open
    await listed(anna, ORDER)
    started = await anna.start_conversation("+49 151 1234 5678", ORDER, VALUES)

    async def received() -> bool:
        return len(sim.received(lena.user_id)) == 1

    await until_async(received, within=WITHIN)
    [message] = sim.received(lena.user_id)
    assert message.type == "template"
    assert message.content["name"] == "order_update"
    assert message.content["language"] == {"code": "en_US"}
    assert message.content["components"] == [
        {
            "type": "body",
            "parameters": [{"type": "text", "text": "Lena"}, {"type": "text", "text": "A-1042"}],
        }
    ]
    assert message.category == "utility"

    async def delivered() -> bool:
        page = await ben.messages_page(started, None, 10)
        return [m.status >= DeliveryStatus.SENT for m in page] == [True]

    await until_async(delivered, within=WITHIN)

    await sim.customer_sends_text(lena.user_id, "Great, thanks!")

    async def answered() -> bool:
        return (Direction.INBOUND, "Great, thanks!") in await thread(ben, started)

    await until_async(answered, within=WITHIN)
    assert len(await ben.queue_page(QueueView.ALL_OPEN, 0, 10)) == 1  # one conversation, not two
    # The answer opened the window: Anna writes freely now.
    await anna.reply(started, "You're welcome!")

    async def replied() -> bool:
        return [m.text for m in sim.received(lena.user_id)][-1:] == ["You're welcome!"]

    await until_async(replied, within=WITHIN)


async def test_a_paused_template_leaves_the_list_and_meta_refusals_show_their_code(
    stack: DemoStack,
) -> None:
    sim = stack.simulator
    assert sim is not None
    anna = stack.desks["Anna"].session
    lena, conversation = await customer_claimed_by(stack, "Anna")
    await listed(anna, ORDER)
    sim.set_template_status("order_update", "en_US", "PAUSED", None)  # Meta's webhook follows
    await listed(anna, ORDER, present=False)
    with pytest.raises(TemplateUnavailable):
        await anna.reply_template(conversation, ORDER, VALUES)
    # A refusal the catalogue could not foresee (paused meanwhile) comes back as its code.
    sim.configure_customer(lena.user_id, forced_error=132015)
    await anna.reply_template(conversation, TemplateRef("hello_world", "en_US"), {})

    async def failed() -> bool:
        out = [
            (m.status, m.error_code)
            for m in await anna.messages_page(conversation, None, 10)
            if m.direction is Direction.OUTBOUND
        ]
        return out == [(DeliveryStatus.FAILED, 132015)]

    await until_async(failed, within=WITHIN)
