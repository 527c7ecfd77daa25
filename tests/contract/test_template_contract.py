"""Templates (`DeskApi.templates`, `reply_template`, `start_conversation`) on the fake desk the
UI tests use and on the real desks of the embedded team (a real nats-server, the simulator, the
gateway reading the simulator's template list, SQLCipher replicas). The same assertions run on
both, so the picker's tests cannot pass against rules the product lacks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.domain.content import Template
from app.domain.errors import (
    NotYours,
    PhoneNumberInvalid,
    TemplateIncomplete,
    TemplateUnavailable,
)
from app.domain.ids import ConversationId
from app.domain.model import Direction, Message, QueueView
from app.domain.templates import Part, TemplateParam, TemplateRef
from app.gateway.templates import read_template
from app.services.api import DeskApi
from app.simulator.graph_templates import graph_item
from app.simulator.templates import DEFAULT_TEMPLATES
from tests.helpers.two_desks import SIDES, FakeSide, Side, two_desks
from tests.helpers.wait import until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(120)]

WITHIN = 15.0
ORDER = TemplateRef("order_update", "en_US")
ORDER_VALUES = {TemplateParam(Part.BODY, "1"): "Lena", TemplateParam(Part.BODY, "2"): "A-1042"}
ORDER_TEXT = "Hi Lena, your order A-1042 is on its way. Reply here if anything is wrong."
ORDER_SHOWN = ORDER_TEXT + "\nAcme Support"
"""The body and the footer: what the thread, the preview line and search read."""
USABLE = [
    ("hello_world", "en_US"),
    ("order_update", "de_DE"),
    ("order_update", "en_US"),
    ("verification_code", "en_US"),
]
"""The simulator's templates but the one with a picture header, by name then language."""


@pytest_asyncio.fixture(params=SIDES)
async def side(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Side]:
    async with two_desks(request.param, tmp_path) as made:
        if isinstance(made, FakeSide):
            # What the gateway would publish: the simulator's list as the gateway reads it.
            found = (read_template(graph_item(spec)) for spec in DEFAULT_TEMPLATES)
            made.team.set_templates(tuple(t for t in found if t is not None))
        else:
            for desk in (made.anna, made.ben):  # the gateway reads it once the number is on

                async def listed(desk: DeskApi = desk) -> bool:
                    return len(await desk.templates()) == len(USABLE)

                await until_async(listed, within=WITHIN)
        yield made


async def first_conversation(side: Side, name: str, text: str) -> ConversationId:
    await side.customer_writes(name, text)

    async def arrived() -> bool:
        return await side.anna.queue_count(QueueView.UNASSIGNED) == 1

    await until_async(arrived, within=WITHIN)
    [row] = await side.anna.queue_page(QueueView.UNASSIGNED, 0, 1)
    return row.conversation_id


async def last_outbound(desk: DeskApi, cid: ConversationId) -> Message:
    async def shown() -> bool:
        page = await desk.messages_page(cid, None, 50)
        return any(m.direction is Direction.OUTBOUND for m in page)

    await until_async(shown, within=WITHIN)
    page = await desk.messages_page(cid, None, 50)
    return [m for m in page if m.direction is Direction.OUTBOUND][-1]


async def test_the_usable_templates_are_listed_by_name_and_language(side: Side) -> None:
    listed = await side.anna.templates()
    assert [(t.name, t.language) for t in listed] == USABLE
    order = next(t for t in listed if t.ref == ORDER)
    assert (order.category, order.body_text) == (
        "UTILITY",
        "Hi {{1}}, your order {{2}} is on its way. Reply here if anything is wrong.",
    )


async def test_a_template_reply_reads_as_sent_on_every_desk(side: Side) -> None:
    lena = await first_conversation(side, "Lena", "Where is my order?")
    await side.anna.claim(lena)
    pending = await side.anna.reply_template(lena, ORDER, ORDER_VALUES)
    assert pending.text == ORDER_SHOWN
    shown = await last_outbound(side.ben, lena)
    assert isinstance(shown.content, Template)
    assert (shown.content.ref, shown.content.rendered.body) == (ORDER, ORDER_TEXT)
    assert shown.author == side.anna.me


async def test_what_cannot_be_sent_is_refused_before_anything_is_queued(side: Side) -> None:
    lena = await first_conversation(side, "Lena", "Where is my order?")
    await side.anna.claim(lena)
    with pytest.raises(TemplateIncomplete):
        await side.anna.reply_template(lena, ORDER, {TemplateParam(Part.BODY, "1"): "Lena"})
    with pytest.raises(TemplateUnavailable):
        await side.anna.reply_template(lena, TemplateRef("seasonal_promotion", "en_US"), {})
    with pytest.raises(TemplateUnavailable):
        await side.anna.reply_template(lena, TemplateRef("order_update", "fr_FR"), ORDER_VALUES)
    with pytest.raises(NotYours):
        await side.ben.reply_template(lena, ORDER, ORDER_VALUES)
    with pytest.raises(PhoneNumberInvalid):
        await side.ben.start_conversation("0151 2345678", ORDER, ORDER_VALUES)
    page = await side.anna.messages_page(lena, None, 50)
    assert [m.direction for m in page] == [Direction.INBOUND]


async def test_a_conversation_started_by_number_is_held_by_its_starter(side: Side) -> None:
    started = await side.anna.start_conversation("+49 151 2345 6789", ORDER, ORDER_VALUES)

    async def held() -> bool:
        detail = await side.ben.conversation(started)
        return detail is not None and detail.assignee == side.anna.me

    await until_async(held, within=WITHIN)
    detail = await side.ben.conversation(started)
    assert detail is not None
    assert detail.customer_wa_id == "4915123456789"
    assert (await last_outbound(side.ben, started)).text == ORDER_SHOWN
    # The same number again: the same conversation, and only its holder writes there.
    again = await side.anna.start_conversation("004915123456789", ORDER, ORDER_VALUES)
    assert again == started
    with pytest.raises(NotYours):
        await side.ben.start_conversation("+4915123456789", ORDER, ORDER_VALUES)
