"""Labels in the log: an admin's definitions (kind 32) and agents' marks (kind 33), folded
into a real replica; the queue's label filter is a query of it."""

from __future__ import annotations

import pytest

from app.crypto.encoding import Writer
from app.crypto.errors import DecodeError
from app.domain.errors import EnvelopeRejected
from app.domain.events import EventKind
from app.domain.ids import ID_LEN
from app.domain.labels import LabelId
from app.domain.model import QueueView, Role
from app.log.events import ConversationLabelled, LabelDefined
from app.log.registry import check_role
from app.log.values import Outcome
from app.store.records import AppliedRecord
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply, outcome_of
from tests.unit.store.builders import ANNA, BORIS, LogBuilder, conversation_of

ALICE = conversation_of("CC.alice")
BOB = conversation_of("CC.bob")
VIP = LabelId(b"v" * 16)
REFUND = LabelId(b"r" * 16)


def _define(log: LogBuilder, label: LabelDefined) -> AppliedRecord:
    return log.record(label, author=ANNA, conversation_id=label.label_id, subject="sb.team.l")


def _mark(log: LogBuilder, customer: str, label: LabelId, added: bool = True) -> AppliedRecord:
    cid = conversation_of(customer)
    return log.member(ConversationLabelled(cid, label, added), customer, BORIS)


def test_both_kinds_survive_the_wire_and_a_colour_past_rgb_does_not() -> None:
    for event in (LabelDefined(VIP, "VIP", 0xD93F3F), ConversationLabelled(ALICE, VIP, False)):
        assert codec.decode(codec.encode(event, ALICE, 7)).event == event
    body = Writer().fixed(VIP, ID_LEN).text("VIP").u32(0x1000000).u8(0).getvalue()
    plain = Writer().u8(EventKind.LABEL_DEFINED).fixed(ALICE, ID_LEN).u64(7).u32(0)
    with pytest.raises(DecodeError):
        codec.decode(plain.var(body).getvalue())


def test_only_an_admin_may_define_a_label_while_anyone_marks() -> None:
    check_role(LabelDefined(VIP, "VIP", 1), Role.ADMIN)
    with pytest.raises(EnvelopeRejected, match="kind-for-role"):
        check_role(LabelDefined(VIP, "VIP", 1), Role.MEMBER)
    check_role(ConversationLabelled(ALICE, VIP, True), Role.MEMBER)


@pytest.mark.asyncio
async def test_a_label_is_defined_renamed_and_recoloured(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, _define(log, LabelDefined(VIP, "VIP", 0x111111)))
    await apply(replica, _define(log, LabelDefined(VIP, "Key account", 0x222222)))
    [label] = await replica.labels()
    assert (label.label_id, label.name, label.colour) == (VIP, "Key account", 0x222222)


@pytest.mark.asyncio
async def test_a_name_another_label_holds_is_refused_first_come_first_kept(
    replica: Replica, log: LogBuilder
) -> None:
    first = _define(log, LabelDefined(VIP, "VIP", 1))
    second = _define(log, LabelDefined(REFUND, "vip", 2))
    await replica.apply_batch([first, second], second.seq)  # two admins at once
    assert [label.label_id for label in await replica.labels()] == [VIP]
    assert await outcome_of(replica, second) == Outcome.SKIPPED


@pytest.mark.asyncio
async def test_marks_put_labels_on_rows_and_the_filter_finds_them(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(
        replica, log.customer("hi", customer="CC.alice"), log.customer("yo", customer="CC.bob")
    )
    await apply(replica, _define(log, LabelDefined(VIP, "VIP", 1)))
    await apply(replica, _define(log, LabelDefined(REFUND, "Refund", 2)))
    await apply(replica, _mark(log, "CC.alice", VIP), _mark(log, "CC.alice", REFUND))
    await apply(replica, _mark(log, "CC.bob", REFUND))
    page = await replica.conversation_page(QueueView.ALL_OPEN, 0, 10)
    assert {s.conversation_id: s.labels for s in page} == {
        ALICE: (REFUND, VIP),  # by name
        BOB: (REFUND,),
    }
    only_vip = await replica.conversation_page(QueueView.UNASSIGNED, 0, 10, label=VIP)
    assert [s.conversation_id for s in only_vip] == [ALICE]
    assert await replica.conversation_count(QueueView.UNASSIGNED, label=VIP) == 1
    assert await replica.conversation_count(QueueView.UNASSIGNED, label=REFUND) == 2
    assert await replica.conversation_count(QueueView.RESOLVED, label=REFUND) == 0
    await apply(replica, _mark(log, "CC.alice", REFUND, added=False))
    assert await replica.labels_of(ALICE) == (VIP,)


@pytest.mark.asyncio
async def test_a_deleted_label_leaves_every_conversation_and_stays_deleted(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi"), _define(log, LabelDefined(VIP, "VIP", 1)))
    mark = _mark(log, "CC.alice", VIP)
    gone = _define(log, LabelDefined(VIP, "VIP", 1, deleted=True))
    await replica.apply_batch([mark, gone], gone.seq)  # marked, then deleted, in one batch
    assert await replica.labels() == []
    assert await replica.labels_of(ALICE) == ()
    late_copy = _define(log, LabelDefined(VIP, "VIP", 1))
    late_mark = _mark(log, "CC.alice", VIP)
    await apply(replica, late_copy, late_mark)
    assert await replica.labels() == []
    assert await replica.labels_of(ALICE) == ()
    assert await outcome_of(replica, late_mark) == Outcome.SKIPPED


@pytest.mark.asyncio
async def test_a_mark_before_its_label_or_conversation_is_skipped(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi"))
    early = _mark(log, "CC.alice", VIP)
    stranger = _mark(log, "CC.nobody", VIP)
    await apply(replica, early, _define(log, LabelDefined(VIP, "VIP", 1)), stranger)
    assert await replica.labels_of(ALICE) == ()
    assert await outcome_of(replica, early) == Outcome.SKIPPED
    assert await outcome_of(replica, stranger) == Outcome.SKIPPED


@pytest.mark.asyncio
async def test_the_change_set_says_what_views_ask_again(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, log.customer("hi"))
    defined = _define(log, LabelDefined(VIP, "VIP", 1))
    changes = await replica.apply_batch([defined], defined.seq)
    assert changes.labels_changed
    assert not changes.canned_changed
    mark = _mark(log, "CC.alice", VIP)
    changes = await replica.apply_batch([mark], mark.seq)
    assert changes.queue_changed
    assert ALICE in changes.conversations
