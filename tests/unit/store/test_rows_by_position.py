"""The batch's row readers take columns by position (`rows.conversation_from_row`,
`customer_rows.customer_from_row`): what is written comes back field for field, every field
distinct, so a column read from the wrong place cannot pass."""

from __future__ import annotations

import pytest

from app.domain.content import ContentKind
from app.domain.handling import ConversationState
from app.domain.ids import ConversationId, CustomerId, DeviceId
from app.store import batch, batch_customers
from app.store.customer_rows import (
    CUSTOMER_COLUMNS,
    StoredCustomer,
    customer_from_row,
    customer_params,
)
from app.store.replica import Replica
from app.store.rows import (
    CONVERSATION_COLUMNS,
    StoredConversation,
    conversation_from_row,
    conversation_params,
)

pytestmark = pytest.mark.asyncio

CID = ConversationId(b"c" * 16)
CUSTOMER = StoredCustomer(CustomerId("CC.first"), CID, "4915112345678", "Anna", CustomerId("DE.7"))
CONVERSATION = StoredConversation(
    conversation_id=CID,
    customer_id=CustomerId("CC.first"),
    assignee=DeviceId(b"a" * 16),
    last_subject_seq=11,
    last_inbound_at=22,
    waiting_since=33,
    last_text="hello",
    last_at=44,
    unread=55,
    message_count=66,
    last_kind=ContentKind.IMAGE,
    state=ConversationState.SNOOZED,
    snooze_until=77,
)


async def test_a_customer_and_its_conversation_come_back_as_written(replica: Replica) -> None:
    async with replica._db.write() as tx:  # tests may look behind the API
        await tx.executemany(batch_customers._SQL_UPSERT_CUSTOMER, [customer_params(CUSTOMER)])
        await tx.executemany(batch._SQL_UPSERT_CONVERSATION, [conversation_params(CONVERSATION)])
    async with replica._db.read() as tx:
        customer = await tx.fetchone(f"SELECT {CUSTOMER_COLUMNS} FROM customers")
        conversation = await tx.fetchone(f"SELECT {CONVERSATION_COLUMNS} FROM conversations")
    assert customer is not None
    assert conversation is not None
    assert customer_from_row(customer) == CUSTOMER
    assert conversation_from_row(conversation) == CONVERSATION


async def test_a_kind_a_newer_build_wrote_reads_as_unsupported(replica: Replica) -> None:
    async with replica._db.write() as tx:  # tests may look behind the API
        await tx.executemany(batch_customers._SQL_UPSERT_CUSTOMER, [customer_params(CUSTOMER)])
        await tx.executemany(batch._SQL_UPSERT_CONVERSATION, [conversation_params(CONVERSATION)])
        await tx.execute("UPDATE conversations SET last_kind = 999")
    async with replica._db.read() as tx:
        row = await tx.fetchone(f"SELECT {CONVERSATION_COLUMNS} FROM conversations")
    assert row is not None
    assert conversation_from_row(row).last_kind is ContentKind.UNSUPPORTED
