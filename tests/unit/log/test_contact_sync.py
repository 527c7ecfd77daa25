"""ContactSync: the business's phone book names customers who gave no name of their own."""

from __future__ import annotations

import pytest

from app.log.events import ContactSync
from app.store.records import AppliedRecord
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply, detail
from tests.unit.store.builders import LogBuilder, conversation_of

WA_ID = "4915112345678"


def contact(log: LogBuilder, name: str, *, at: int = 5_000) -> AppliedRecord:
    return log.record(ContactSync(WA_ID, name, at))


def test_an_addition_and_a_removal_survive_the_wire() -> None:
    for event in (ContactSync(WA_ID, "Jonas Becker", 1_767_302_000), ContactSync(WA_ID, "", 9)):
        assert codec.decode(codec.encode(event, conversation_of("x"), 1)).event == event


@pytest.mark.asyncio
async def test_the_phone_book_names_a_customer_without_a_profile_name(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi", name=""))
    assert (await detail(replica)).customer_name == WA_ID
    await apply(replica, contact(log, "Jonas Becker"))
    assert (await detail(replica)).customer_name == "Jonas Becker"


@pytest.mark.asyncio
async def test_a_contact_known_before_the_first_message_names_it(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, contact(log, "Jonas Becker"))
    await apply(replica, log.customer("hi", name=""))
    assert (await detail(replica)).customer_name == "Jonas Becker"


@pytest.mark.asyncio
async def test_the_customers_own_name_wins(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, log.customer("hi", name="Alice"), contact(log, "Jonas Becker"))
    assert (await detail(replica)).customer_name == "Alice"


@pytest.mark.asyncio
async def test_a_removal_clears_only_the_phone_books_name(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi", name=""), contact(log, "Jonas Becker", at=5_000))
    await apply(replica, contact(log, "", at=6_000))
    after = await detail(replica)
    assert after.customer_name == WA_ID  # the number again; the conversation stays
    assert after.message_count == 1


@pytest.mark.asyncio
async def test_a_late_copy_of_an_older_addition_does_not_bring_the_name_back(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi", name=""), contact(log, "", at=6_000))
    await apply(replica, contact(log, "Jonas Becker", at=5_000))
    assert (await detail(replica)).customer_name == WA_ID


@pytest.mark.asyncio
async def test_a_change_tells_the_queue(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, log.customer("hi", name=""))
    record = contact(log, "Jonas Becker")
    changes = await replica.apply_batch([record], record.seq)
    assert changes.queue_changed
    assert conversation_of("CC.alice") in changes.conversations
