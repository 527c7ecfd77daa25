"""PhoneEcho: what the business typed on its phone lands in the thread as an answer."""

from __future__ import annotations

import pytest

from app.domain.content import ContentKind, Location, Media, Text
from app.domain.ids import CustomerId, Wamid
from app.domain.model import DeliveryStatus, Direction, QueueView
from app.log.events import PhoneEcho
from app.log.values import Outcome
from app.store.records import AppliedRecord
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply, detail, outcome_of, thread
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of

WA_ID = "4915112345678"


def echo(
    log: LogBuilder,
    text: str = "Parcel left today",
    *,
    wamid: str = "wamid.ECHO0001",
    at: int = 2_000,
    customer: str = "CC.alice",
) -> AppliedRecord:
    event = PhoneEcho(Wamid(wamid), CustomerId(customer), WA_ID, "", at, Text(text))
    return log.record(event, conversation_id=conversation_of(customer))


def test_every_echo_type_survives_the_wire() -> None:
    contents = (
        Text("hello"),
        Media(ContentKind.IMAGE, "image/jpeg", caption="hi"),
        Location("52.5200", "13.4050", "Shop", "Main St 1"),
    )
    for content in contents:
        event = PhoneEcho(Wamid("wamid.E"), CustomerId("DE.1"), WA_ID, "Lena", 1_767_301, content)
        assert codec.decode(codec.encode(event, conversation_of("DE.1"), 3)).event == event


@pytest.mark.asyncio
async def test_an_echo_is_an_outbound_message_from_the_phone_that_answers(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("Where is my parcel?", at=1_000))
    before = await detail(replica)
    assert before.unread == 1
    await apply(replica, echo(log, at=2_000))
    messages = await thread(replica)
    assert [(m.direction, m.from_phone, m.author) for m in messages] == [
        (Direction.INBOUND, False, None),
        (Direction.OUTBOUND, True, None),
    ]
    assert messages[1].status is DeliveryStatus.SENT
    after = await detail(replica)
    summary = (await replica.conversation_page(QueueView.ALL_OPEN, 0, 10, me=ANNA))[0]
    assert summary.waiting_since is None  # answered: nobody is waiting for a reply
    assert after.unread == 0
    assert after.last_inbound_at == 1_000  # the 24-hour window never moves with an echo
    assert after.last_subject_seq == before.last_subject_seq  # nor a claim's or reply's guard


@pytest.mark.asyncio
async def test_a_customer_message_after_the_echo_waits_again(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi", at=1_000), echo(log, at=2_000))
    await apply(replica, log.customer("and?", at=3_000))
    summary = (await replica.conversation_page(QueueView.ALL_OPEN, 0, 10, me=ANNA))[0]
    assert summary.waiting_since == 3_000


@pytest.mark.asyncio
async def test_an_echo_older_than_the_customers_last_message_leaves_it_waiting(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi", at=1_000), log.customer("hello?", at=3_000))
    await apply(replica, echo(log, at=2_000))  # typed on the phone before "hello?" came
    summary = (await replica.conversation_page(QueueView.ALL_OPEN, 0, 10, me=ANNA))[0]
    assert summary.waiting_since == 1_000
    assert (await detail(replica)).unread == 2


@pytest.mark.asyncio
async def test_a_retried_echo_is_kept_once(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, log.customer("hi", at=1_000))
    first, again = echo(log), echo(log)  # the same wamid, sealed twice (Meta retried)
    await replica.apply_batch([first, again], again.seq)
    await apply(replica, echo(log))
    assert [m.wamid for m in await thread(replica)].count(Wamid("wamid.ECHO0001")) == 1
    assert await outcome_of(replica, again) == Outcome.DUPLICATE
    assert (await detail(replica)).message_count == 2


@pytest.mark.asyncio
async def test_the_phone_writing_first_starts_the_conversation(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, echo(log, "We have news for you", customer="DE.9"))
    found = await detail(replica, "DE.9")
    assert (found.customer_wa_id, found.last_inbound_at, found.unread) == (WA_ID, None, 0)
    assert [m.from_phone for m in await thread(replica, "DE.9")] == [True]
