"""A customer's message folded over a conversation row: what moves and what is kept.

The fold builds the new row field by field (faster than `dataclasses.replace`), so these tests
hold it to the row's whole field list: a field added to `StoredConversation` fails here until
the fold says what a customer's message does to it.
"""

from __future__ import annotations

import dataclasses

from app.domain.content import ContentKind
from app.domain.handling import ConversationState
from app.domain.ids import CustomerId, DeviceId
from app.log.fold import fold
from app.log.state import BatchState
from app.log.values import StoredConversation, StoredCustomer
from tests.unit.store.builders import LogBuilder, conversation_of

KEPT = {"conversation_id", "customer_id", "assignee", "last_subject_seq"}
MOVED = {
    "last_inbound_at",
    "waiting_since",
    "last_text",
    "last_at",
    "unread",
    "message_count",
    "last_kind",
    "state",
    "snooze_until",
}


def test_the_fold_names_every_field_of_a_conversation_row() -> None:
    assert {f.name for f in dataclasses.fields(StoredConversation)} == KEPT | MOVED


def test_a_message_keeps_the_rows_own_fields_and_moves_the_rest() -> None:
    log = LogBuilder()
    record = log.customer("where is my parcel", customer="CC.kept", at=5_000)
    cid = conversation_of("CC.kept")
    before = StoredConversation(
        conversation_id=cid,
        customer_id=CustomerId("CC.kept"),
        assignee=DeviceId(b"\x07" * 16),
        last_subject_seq=41,
        last_inbound_at=4_000,
        waiting_since=3_000,
        last_text="earlier",
        last_at=4_000,
        unread=2,
        message_count=9,
        last_kind=ContentKind.IMAGE,
        state=ConversationState.SNOOZED,
        snooze_until=9_999,
    )
    state = BatchState(
        conversations={cid: before},
        customers={cid: StoredCustomer(CustomerId("CC.kept"), cid, "4915112345678", "Alice")},
        customer_map={CustomerId("CC.kept"): cid},
    )

    fold(state, [record])

    after = state.conversations[cid]
    for name in KEPT:
        assert getattr(after, name) == getattr(before, name), name
    assert (after.last_inbound_at, after.waiting_since) == (5_000, 3_000)
    assert (after.last_text, after.last_at, after.last_kind) == (
        "where is my parcel",
        5_000,
        ContentKind.TEXT,
    )
    assert (after.unread, after.message_count) == (3, 10)
    assert (after.state, after.snooze_until) == (ConversationState.OPEN, 0)
    assert list(state.changed_customers) == []  # same number and name: the row is not rewritten
