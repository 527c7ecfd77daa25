"""NotificationSent: a back-office system's template lands in the customer's thread."""

from __future__ import annotations

import pytest

from app.domain.content import Template
from app.domain.ids import Wamid
from app.domain.model import DeliveryStatus, Direction, QueueView
from app.domain.outreach import number_customer_id
from app.domain.templates import ParamFormat, Part, RenderedTemplate, TemplateValue
from app.log.events import NotificationSent
from app.log.values import Outcome
from app.store.records import AppliedRecord
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply, detail, outcome_of, thread
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of

WA_ID = "4915112345678"
BY_NUMBER = number_customer_id(WA_ID)
SHIPPED = Template(
    "order_update",
    "en_US",
    ParamFormat.POSITIONAL,
    (TemplateValue(Part.BODY, "1", "Lena"), TemplateValue(Part.BODY, "2", "A-1042")),
    RenderedTemplate("", "Hi Lena, your order A-1042 is on its way.", "Acme", ()),
)


def sent(
    log: LogBuilder, *, wamid: str = "wamid.N1", at: int = 2_000, system: str = "Shop ERP"
) -> AppliedRecord:
    event = NotificationSent(Wamid(wamid), BY_NUMBER, WA_ID, system, b"t" * 16, at, SHIPPED)
    return log.record(event, conversation_id=conversation_of(BY_NUMBER))


def test_a_notification_survives_the_wire() -> None:
    event = NotificationSent(Wamid("wamid.N"), BY_NUMBER, WA_ID, "Lager ÖÄ", b"k" * 16, 7, SHIPPED)
    assert codec.decode(codec.encode(event, conversation_of(BY_NUMBER), 3)).event == event


@pytest.mark.asyncio
async def test_it_joins_the_thread_of_a_known_customer_as_sent_by_the_system(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("Where is my parcel?", at=1_000, wa_id=WA_ID))
    await apply(replica, sent(log))
    messages = await thread(replica)
    assert [(m.direction, m.sent_by_system, m.author) for m in messages] == [
        (Direction.INBOUND, "", None),
        (Direction.OUTBOUND, "Shop ERP", None),
    ]
    assert messages[1].text == "Hi Lena, your order A-1042 is on its way.\nAcme"
    found = await detail(replica)
    assert found.unread == 1  # not an answer: the customer still waits for an agent
    summary = (await replica.conversation_page(QueueView.ALL_OPEN, 0, 10, me=ANNA))[0]
    assert summary.waiting_since == 1_000
    # The queue previews the customer's question, not what went out while they wait.
    assert (summary.last_text, summary.last_at) == ("Where is my parcel?", 1_000)


@pytest.mark.asyncio
async def test_to_a_customer_nobody_waits_for_it_is_the_preview(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, sent(log, at=2_000))
    summary = (await replica.conversation_page(QueueView.ALL_OPEN, 0, 10, me=ANNA))[0]
    assert summary.waiting_since is None
    assert summary.last_text == "Hi Lena, your order A-1042 is on its way.\nAcme"
    assert summary.last_at == 2_000


@pytest.mark.asyncio
async def test_meta_statuses_tick_it(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, sent(log), log.status("wamid.N1", DeliveryStatus.DELIVERED))
    assert [m.status for m in await thread(replica, BY_NUMBER)] == [DeliveryStatus.DELIVERED]


@pytest.mark.asyncio
async def test_a_new_customer_answering_lands_in_the_same_conversation(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, sent(log))
    await apply(replica, log.customer("Thanks!", customer="DE.77", wa_id=WA_ID, at=3_000))
    messages = await thread(replica, BY_NUMBER)
    assert [m.direction for m in messages] == [Direction.OUTBOUND, Direction.INBOUND]
    summary = (await replica.conversation_page(QueueView.ALL_OPEN, 0, 10, me=ANNA))[0]
    assert summary.waiting_since == 3_000  # in the queue, as any customer's message


@pytest.mark.asyncio
async def test_a_second_copy_is_kept_once(replica: Replica, log: LogBuilder) -> None:
    first, again = sent(log), sent(log)
    await apply(replica, first, again)
    assert len(await thread(replica, BY_NUMBER)) == 1
    assert await outcome_of(replica, again) == Outcome.DUPLICATE
