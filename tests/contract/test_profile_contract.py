"""`DeskApi.customer_profile` on the fake desk the UI tests use and on the real `DeskSession`
over a real SQLCipher replica. The same assertions run on both, so the customer panel's tests
cannot pass against facts the product does not gather."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
import pytest_asyncio

from app.domain.content import Activity, ActivityKind
from app.domain.handling import ConversationState
from app.domain.ids import ConversationId, DeviceId
from app.domain.model import DeliveryStatus
from app.log.events import Preference, StateChange
from app.services.api import ChangeBus, DeskApi
from app.services.desk import DeskSession
from app.store.replica import Replica
from tests.helpers.fake_desk import FakeTeam
from tests.unit.store.builders import ANNA, KEY, LogBuilder, conversation_of

pytestmark = pytest.mark.asyncio

NOW = 1_000_000
UNDELIVERABLE = 131026
MARIA = "4915112345678"


@dataclass
class Side:
    api: DeskApi
    agent: DeviceId
    maria: ConversationId
    customer_writes: Callable[[str, int], Awaitable[None]]
    agent_replies: Callable[[str, int, int], Awaitable[None]]
    """(text, at, error code): the reply reaches the log; a code makes it fail."""
    agent_resolves: Callable[[int], Awaitable[None]]
    customer_stops_marketing: Callable[[], Awaitable[None]]


async def _fake() -> AsyncIterator[Side]:
    team = FakeTeam(now=NOW)
    anna = team.desk("Anna")
    cid = team.customer_writes("Maria", "My parcel is late", wa_id=MARIA, at=NOW - 5_000)

    async def customer_writes(text: str, at: int) -> None:
        team.customer_writes("Maria", text, wa_id=MARIA, at=at)

    async def agent_replies(text: str, at: int, error_code: int) -> None:
        status = DeliveryStatus.FAILED if error_code else DeliveryStatus.DELIVERED
        team.agent_sent(cid, anna.me, text, status, error_code=error_code, at=at)

    async def agent_resolves(at: int) -> None:
        team.activity_line(cid, anna.me, Activity(ActivityKind.RESOLVED), at=at)

    async def stops() -> None:
        team.set_opt_out(cid, True)

    yield Side(anna, anna.me, cid, customer_writes, agent_replies, agent_resolves, stops)


async def _real(tmp_path: Path) -> AsyncIterator[Side]:
    replica = await Replica.open(tmp_path / "replica.db", KEY)
    log = LogBuilder()
    customer, cid = f"CC.{MARIA}", conversation_of(f"CC.{MARIA}")
    unused = cast(Any, None)  # reading the profile never touches the log, outbox or hub
    session = DeskSession(
        me=ANNA,
        names=lambda device: "Anna",
        replica=replica,
        engine=unused,
        publisher=unused,
        outbox=unused,
        bus=ChangeBus(),
        clock=lambda: float(NOW),
    )

    async def apply(*records: Any) -> None:
        await replica.apply_batch(list(records), cursor=records[-1].seq)

    async def customer_writes(text: str, at: int) -> None:
        await apply(log.customer(text, customer=customer, name="Maria", wa_id=MARIA, at=at))

    async def agent_replies(text: str, at: int, error_code: int) -> None:
        reply = log.reply(customer, text, ANNA, author_time=at)
        if error_code:
            await apply(reply, log.outcome(reply.event_id, error_code=error_code))
            return
        wamid = f"wamid.OUT{reply.seq}"
        delivered = log.status(wamid, DeliveryStatus.DELIVERED)
        await apply(reply, log.outcome(reply.event_id, wamid), delivered)

    async def agent_resolves(at: int) -> None:
        resolve = StateChange(cid, ConversationState.RESOLVED)
        await apply(log.member(resolve, customer, ANNA, author_time=at))

    async def stops() -> None:
        await apply(log.preference(customer, Preference.STOP))

    await customer_writes("My parcel is late", NOW - 5_000)
    try:
        yield Side(session, ANNA, cid, customer_writes, agent_replies, agent_resolves, stops)
    finally:
        await replica.close()


@pytest_asyncio.fixture(params=["fake", "real"])
async def side(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Side]:
    sides = _fake() if request.param == "fake" else _real(tmp_path)
    async for made in sides:
        yield made


async def test_who_the_customer_is(side: Side) -> None:
    profile = await side.api.customer_profile(side.maria)
    assert profile is not None
    assert (profile.customer_name, profile.wa_id) == ("Maria", MARIA)
    assert profile.first_contact_at == NOW - 5_000
    assert profile.last_inbound_at == NOW - 5_000
    assert profile.total_messages == 1
    assert not profile.marketing_opt_out
    assert not profile.may_have_blocked
    assert profile.earlier == ()

    await side.customer_stops_marketing()
    profile = await side.api.customer_profile(side.maria)
    assert profile is not None
    assert profile.marketing_opt_out


async def test_a_resolved_conversation_becomes_an_earlier_one(side: Side) -> None:
    await side.agent_replies("Looking into it", NOW - 4_900, 0)
    await side.agent_resolves(NOW - 4_800)
    await side.customer_writes("A question about my invoice", NOW - 1_000)

    profile = await side.api.customer_profile(side.maria)

    assert profile is not None
    assert profile.total_messages == 3
    assert not profile.more_earlier
    (earlier,) = profile.earlier
    assert earlier.first_words == "My parcel is late"
    assert earlier.message_count == 2
    assert (earlier.started_at, earlier.resolved_at) == (NOW - 5_000, NOW - 4_800)
    assert earlier.resolved_by == side.agent
    (first,) = await side.api.messages_page(side.maria, earlier.first_position + 1, 1)
    assert first.event_id == earlier.first_event_id
    assert first.text == "My parcel is late"


async def test_undeliverable_replies_until_the_customer_writes_again(side: Side) -> None:
    await side.agent_replies("Your refund is on its way", NOW - 4_000, UNDELIVERABLE)
    await side.agent_replies("Did you get it?", NOW - 3_000, UNDELIVERABLE)
    profile = await side.api.customer_profile(side.maria)
    assert profile is not None
    assert profile.undeliverable == 2
    assert profile.may_have_blocked

    await side.customer_writes("Sorry, my phone was off", NOW - 100)
    profile = await side.api.customer_profile(side.maria)
    assert profile is not None
    assert not profile.may_have_blocked


async def test_a_closed_window_is_no_sign_of_a_block(side: Side) -> None:
    await side.agent_replies("Hello?", NOW - 4_000, 131047)
    profile = await side.api.customer_profile(side.maria)
    assert profile is not None
    assert not profile.may_have_blocked


async def test_an_unknown_conversation_has_no_profile(side: Side) -> None:
    assert await side.api.customer_profile(conversation_of("CC.nobody")) is None


async def test_earlier_conversations_page_back_from_the_oldest_listed(side: Side) -> None:
    for n in range(3):
        await side.agent_replies(f"answer {n}", NOW - 4_900 + 100 * n, 0)
        await side.agent_resolves(NOW - 4_850 + 100 * n)
        await side.customer_writes(f"question {n + 1}", NOW - 4_800 + 100 * n)
    profile = await side.api.customer_profile(side.maria)
    assert profile is not None
    newest = profile.earlier[0]
    assert [e.first_words for e in profile.earlier] == [
        "question 2",
        "question 1",
        "My parcel is late",
    ]

    page = await side.api.earlier_conversations(side.maria, newest.resolved_position, 1)
    assert [e.first_words for e in page] == ["question 1"]
    assert page[0] == profile.earlier[1]
    rest = await side.api.earlier_conversations(side.maria, page[0].resolved_position, 5)
    assert [e.first_words for e in rest] == ["My parcel is late"]
    assert rest[0].message_count == 2  # it still begins at the thread's start
    assert await side.api.earlier_conversations(side.maria, rest[0].resolved_position, 5) == []
