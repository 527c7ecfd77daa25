"""apply_batch for what is not a bubble: customer id changes, marketing preferences, and the
business number's status."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.log.events import NumberStatus, Preference
from app.store.records import AppliedRecord, QueueView
from app.store.replica import Replica
from tests.unit.store.builders import ANNA, KEY, LogBuilder, conversation_of, raw
from tests.unit.store.test_apply import snapshot

ALICE = conversation_of("CC.alice")
NEW_ID = "DE.20481632641282565"


async def apply(replica: Replica, *records: AppliedRecord) -> None:
    await replica.apply_batch(records, cursor=records[-1].seq)


# Customer id changes -------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_new_customer_id_keeps_the_conversation(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, log.customer("hi", at=1_000))
    changed = log.id_changed("CC.alice", NEW_ID, wa_id="4917000000001", at=1_100)
    changes = await replica.apply_batch([changed], cursor=changed.seq)
    assert changes.conversations == {ALICE}
    assert changes.queue_changed  # the row may show the new number
    detail = await replica.conversation(ALICE)
    assert detail is not None
    assert (detail.customer_id, detail.customer_wa_id) == (NEW_ID, "4917000000001")
    # The sync layer derives a new conversation from the new id; the customers table wins.
    later = log.customer("it's me, new number", customer=NEW_ID, wa_id="4917000000001", at=1_200)
    changes = await replica.apply_batch([later], cursor=later.seq)
    assert later.conversation_id != ALICE
    assert changes.conversations == {ALICE}
    assert await replica.conversation_count(QueueView.ALL_OPEN) == 1
    texts = [m.text for m in await replica.messages_page(ALICE, None, 10)]
    assert texts == ["hi", "it's me, new number"]
    [row] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 1)
    assert (row.unread, row.message_count, row.customer_name) == (2, 2, "Alice")


@pytest.mark.asyncio
async def test_replies_name_the_conversation_after_an_id_change(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi"), log.id_changed("CC.alice", NEW_ID))
    await apply(replica, log.claim("CC.alice", ANNA), log.reply("CC.alice", "hello", ANNA))
    detail = await replica.conversation(ALICE)
    assert detail is not None
    assert (detail.assignee, detail.message_count, detail.customer_id) == (ANNA, 2, NEW_ID)


@pytest.mark.asyncio
async def test_id_changes_chain_and_keep_the_known_number(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(
        replica,
        log.customer("hi"),
        log.id_changed("CC.alice", NEW_ID),  # no number given: the known one stays
        log.id_changed(NEW_ID, "DE.3"),
        log.customer("third id", customer="DE.3", at=1_300),
    )
    detail = await replica.conversation(ALICE)
    assert detail is not None
    assert (detail.customer_id, detail.customer_wa_id, detail.message_count) == (
        "DE.3",
        "4915112345678",
        2,
    )
    assert await raw(replica, "SELECT customer_id FROM customer_ids ORDER BY 1") == [
        ("DE.20481632641282565",),
        ("DE.3",),
    ]


@pytest.mark.asyncio
async def test_id_change_for_unknown_or_taken_ids_is_skipped(
    replica: Replica, log: LogBuilder
) -> None:
    bob = conversation_of("CC.bob")
    await apply(replica, log.customer("hi"), log.customer("yo", customer="CC.bob", name="Bob"))
    unknown = log.id_changed("CC.nobody", NEW_ID)
    taken = log.id_changed("CC.alice", "CC.bob")  # Bob has his own conversation: no merge
    await apply(replica, unknown, taken)
    assert (await replica.stats()).skipped == 2
    later = log.customer("still Bob", customer="CC.bob", name="Bob")
    await apply(replica, later)
    assert len(await replica.messages_page(bob, None, 10)) == 2
    assert len(await replica.messages_page(ALICE, None, 10)) == 1


@pytest.mark.asyncio
async def test_id_change_and_message_in_one_batch(tmp_path: Path) -> None:
    log = LogBuilder()
    records = [
        log.customer("hi"),
        log.id_changed("CC.alice", NEW_ID, wa_id="4917000000001"),
        log.customer("new", customer=NEW_ID, wa_id=""),
        log.customer("old number, delivered late", at=900),
    ]
    states = []
    for size in (len(records), 1):
        replica = await Replica.open(tmp_path / f"{size}.db", KEY)
        try:
            for start in range(0, len(records), size):
                await apply(replica, *records[start : start + size])
            assert len(await replica.messages_page(ALICE, None, 10)) == 3
            states.append(await snapshot(replica))
        finally:
            await replica.close()
    assert states[0] == states[1]


# Marketing preferences -----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_stop_marks_the_customer_opted_out_and_resume_undoes_it(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi"))
    stop = log.preference("CC.alice", Preference.STOP, at=1_100)
    changes = await replica.apply_batch([stop], cursor=stop.seq)
    assert changes.conversations == {ALICE}
    detail = await replica.conversation(ALICE)
    assert detail is not None
    assert detail.marketing_opt_out
    await apply(replica, log.preference("CC.alice", Preference.RESUME, at=1_200))
    detail = await replica.conversation(ALICE)
    assert detail is not None
    assert not detail.marketing_opt_out


@pytest.mark.asyncio
async def test_preference_by_phone_number_or_later_id(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, log.customer("hi", wa_id="4915112345678"))
    by_phone = log.preference("4915112345678", Preference.STOP, at=1_100)
    changes = await replica.apply_batch([by_phone], cursor=by_phone.seq)
    assert changes.conversations == {ALICE}
    detail = await replica.conversation(ALICE)
    assert detail is not None
    assert detail.marketing_opt_out
    await apply(replica, log.id_changed("CC.alice", NEW_ID))
    await apply(replica, log.preference(NEW_ID, Preference.RESUME, at=1_300))
    detail = await replica.conversation(ALICE)
    assert detail is not None
    assert not detail.marketing_opt_out  # the newest preference, under any id, counts


@pytest.mark.asyncio
async def test_preference_before_the_first_message_and_late_copies(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(
        replica,
        log.preference("CC.alice", Preference.STOP, at=1_000),
        log.preference("CC.alice", Preference.RESUME, at=1_200),
        log.preference("CC.alice", Preference.STOP, at=1_000),  # a late copy of the first
        log.customer("hi"),
    )
    detail = await replica.conversation(ALICE)
    assert detail is not None
    assert not detail.marketing_opt_out


# The business number -------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_number_status_newest_wins(replica: Replica, log: LogBuilder) -> None:
    assert await replica.number_status() is None
    first = log.number(name_status="PENDING_REVIEW", at=1_000)
    changes = await replica.apply_batch([first], cursor=first.seq)
    assert changes.number_status_changed
    assert not changes.queue_changed
    assert await replica.number_status() == NumberStatus(
        "+49 30 555000",
        "Acme Support",
        "PENDING_REVIEW",
        "GREEN",
        False,
        "STANDARD",
        "TIER_2K",
        1_000,
    )
    await apply(replica, log.number(name_status="APPROVED", oba=True, at=2_000))
    stale = log.number(name_status="DECLINED", quality="RED", at=1_500)  # an older poll, late
    changes = await replica.apply_batch([stale], cursor=stale.seq)
    assert not changes.number_status_changed
    status = await replica.number_status()
    assert status is not None
    assert (status.name_status, status.is_official_business_account, status.at) == (
        "APPROVED",
        True,
        2_000,
    )
    await apply(replica, log.number(quality="YELLOW", at=2_000))  # same time: the later record
    status = await replica.number_status()
    assert status is not None
    assert status.quality_rating == "YELLOW"


@pytest.mark.asyncio
async def test_reapplying_customer_events_changes_nothing(
    replica: Replica, log: LogBuilder
) -> None:
    records = [
        log.customer("hi"),
        log.id_changed("CC.alice", NEW_ID),
        log.customer("again", customer=NEW_ID),
        log.preference(NEW_ID, Preference.STOP),
        log.number(),
    ]
    await apply(replica, *records)
    before = await snapshot(replica)
    changes = await replica.apply_batch(records, cursor=records[-1].seq)
    assert not changes
    assert await snapshot(replica) == before
