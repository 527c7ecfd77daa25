"""Menu routing in the log: kind 41 on the wire (sealed to the gateway), and the customer's pick
folded into a label on their conversation, the same way on every desk."""

from __future__ import annotations

import pytest

from app.crypto.encoding import Writer
from app.crypto.errors import DecodeError
from app.crypto.header import EventType
from app.domain.content import InteractiveReply, ReplyType
from app.domain.events import EventKind
from app.domain.ids import ID_LEN, NO_CONVERSATION
from app.domain.labels import LabelId
from app.domain.menu import Menu, MenuOption, route_id
from app.log.events import LabelDefined
from app.log.kinds.menu import MenuSet
from app.log.registry import spec_for
from app.store.records import AppliedRecord
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of

RETURNS = LabelId(b"r" * 16)
ORDERS = LabelId(b"o" * 16)
MENU = Menu(
    True,
    "Wie können wir helfen?",
    "Auswählen",
    (MenuOption("Bestellungen", ORDERS, "Wo ist mein Paket?"), MenuOption("Retouren", RETURNS)),
    "Acme",
    "Antwort kommt gleich",
)
ALICE = conversation_of("CC.alice")


def test_the_menu_survives_the_wire_sealed_to_the_gateway() -> None:
    event = MenuSet(MENU, 1_780_000_000)
    assert codec.decode(codec.encode(event, NO_CONVERSATION, 5)).event == event
    assert spec_for(event).envelope is EventType.OUTBOUND


def _plaintext(options: list[tuple[str, bytes]], enabled: int = 1) -> bytes:
    body = Writer().u8(enabled).text("").text("Hi").text("").text("Choose")
    body.items(options, lambda o, w: w.text(o[0]).text("").fixed(o[1], ID_LEN)).u64(1)
    head = Writer().u8(EventKind.MENU).fixed(NO_CONVERSATION, ID_LEN).u64(5).u32(0)
    return head.var(body.getvalue()).getvalue()


def test_a_canonical_body_reads_and_a_broken_one_does_not() -> None:
    codec.decode(_plaintext([("A", ORDERS), ("B", RETURNS)]))
    for broken in (
        _plaintext([("A", ORDERS), ("B", ORDERS)]),  # one label twice
        _plaintext([("A", ORDERS)] * 11),  # eleven rows
        _plaintext([("t" * 97, ORDERS)]),  # a title past 24 characters of 4 bytes
        _plaintext([("A", ORDERS)], enabled=2),
    ):
        with pytest.raises(DecodeError):
            codec.decode(broken)


def _define(log: LogBuilder, label: LabelDefined) -> AppliedRecord:
    return log.record(label, author=ANNA, conversation_id=label.label_id, subject="sb.team.l")


def _pick(log: LogBuilder, reply_id: str, wamid: str = "wamid.pick") -> AppliedRecord:
    content = InteractiveReply(ReplyType.LIST, reply_id, "Retouren")
    return log.customer("", wamid=wamid, content=content, at=1_100)


@pytest.mark.asyncio
async def test_a_pick_puts_its_label_on_the_conversation(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, _define(log, LabelDefined(RETURNS, "Returns", 1)))
    await apply(replica, log.customer("hi"), _pick(log, route_id(RETURNS)))
    assert await replica.labels_of(ALICE) == (RETURNS,)


@pytest.mark.asyncio
async def test_a_pick_in_the_customers_very_first_message_labels_too(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(
        replica, _define(log, LabelDefined(RETURNS, "Returns", 1)), _pick(log, route_id(RETURNS))
    )
    assert await replica.labels_of(ALICE) == (RETURNS,)


@pytest.mark.asyncio
async def test_a_deleted_label_is_not_put_on(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, _define(log, LabelDefined(RETURNS, "Returns", 1)))
    await apply(replica, _define(log, LabelDefined(RETURNS, "Returns", 1, deleted=True)))
    await apply(replica, log.customer("hi"), _pick(log, route_id(RETURNS)))
    assert await replica.labels_of(ALICE) == ()


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "reply_id",
    [
        route_id(ORDERS),  # a label nobody defined
        "sb-route:" + "72" * 15 + "7",  # malformed hex
        "slot_2",  # some other list's row
    ],
)
async def test_a_pick_of_no_live_label_changes_nothing(
    replica: Replica, log: LogBuilder, reply_id: str
) -> None:
    await apply(replica, _define(log, LabelDefined(RETURNS, "Returns", 1)))
    await apply(replica, log.customer("hi"), _pick(log, reply_id))
    assert await replica.labels_of(ALICE) == ()
    assert len(await replica.messages_page(ALICE, None, 10)) == 2  # the bubble is kept
