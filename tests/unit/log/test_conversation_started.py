"""ConversationStarted: an agent writes first to a number; the customer's answer lands there."""

from __future__ import annotations

import pytest

from app.crypto.errors import DecodeError
from app.domain.ids import ConversationId
from app.domain.model import Direction
from app.domain.outreach import number_customer_id
from app.log.events import ConversationStarted
from app.store.records import AppliedRecord
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of

NUMBER = "4915112345678"
STARTED = conversation_of(number_customer_id(NUMBER))


def started(log: LogBuilder, conversation: ConversationId = STARTED) -> AppliedRecord:
    return log.record(
        ConversationStarted(conversation, NUMBER),
        author=ANNA,
        conversation_id=conversation,
        author_time=1_200,
        subject="sb.team.c",
    )


def test_the_event_survives_the_wire_and_only_with_a_phone_number() -> None:
    event = ConversationStarted(STARTED, NUMBER)
    assert codec.decode(codec.encode(event, STARTED, 7)).event == event
    for junk in ("+4915112345678", "0151 2345678", "x" * 12):
        with pytest.raises(DecodeError):
            codec.decode(codec.encode(ConversationStarted(STARTED, junk), STARTED, 7))


@pytest.mark.asyncio
async def test_the_conversation_exists_held_by_the_agent_who_started_it(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, started(log))
    detail = await replica.conversation(STARTED)
    assert detail is not None
    assert (detail.assignee, detail.customer_wa_id, detail.last_inbound_at) == (ANNA, NUMBER, None)
    assert await replica.conversation_by_wa_id(NUMBER) == STARTED


@pytest.mark.asyncio
async def test_the_customers_answer_lands_in_the_started_conversation(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, started(log))
    answer = log.customer("yes please", customer="DE.777", wa_id=NUMBER, at=2_000)
    await apply(replica, answer)
    assert await replica.conversation(conversation_of("DE.777")) is None
    thread = list(await replica.messages_page(STARTED, None, 10))
    assert [(m.direction, m.text) for m in thread] == [(Direction.INBOUND, "yes please")]
    detail = await replica.conversation(STARTED)
    assert detail is not None
    assert detail.customer_id == "DE.777"  # sends go to the BSUID now
    # Later messages find it by the BSUID, not by the number.
    await apply(replica, log.customer("and another", customer="DE.777", wa_id="", at=2_100))
    assert len(list(await replica.messages_page(STARTED, None, 10))) == 2


@pytest.mark.asyncio
async def test_an_existing_conversation_is_never_replaced_or_merged(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi", customer="DE.777", wa_id=NUMBER))
    own = conversation_of("DE.777")
    assert await replica.conversation_by_wa_id(NUMBER) == own
    await apply(replica, started(log, own))
    detail = await replica.conversation(own)
    assert detail is not None
    assert (detail.assignee, detail.customer_id) == (None, "DE.777")
    # A started conversation beside it never takes the customer's messages: their BSUID is known.
    await apply(replica, started(log))
    await apply(replica, log.customer("again", customer="DE.777", wa_id=NUMBER, at=3_000))
    assert len(list(await replica.messages_page(own, None, 10))) == 2
    assert list(await replica.messages_page(STARTED, None, 10)) == []
