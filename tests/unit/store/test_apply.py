"""apply_batch: the projection rules, idempotence and determinism."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.domain.ids import EventId
from app.domain.model import DeliveryStatus, Direction
from app.store.records import AppliedRecord, OutboxState, QueueView
from app.store.replica import Replica
from tests.unit.store.builders import (
    ANNA,
    BORIS,
    GATEWAY,
    KEY,
    LogBuilder,
    conversation_of,
    raw,
)

ALICE = conversation_of("CC.alice")


async def snapshot(replica: Replica) -> dict[str, Any]:
    """Everything apply maintains, for comparing whole states."""
    tables = ["events", "author_heads", "chain_links", "customers", "conversations"]
    tables += ["wamid_status", "outbox", "sync_state", "customer_ids", "reactions"]
    tables += ["marketing_preferences", "number_status"]
    state: dict[str, Any] = {t: await raw(replica, f"SELECT * FROM {t} ORDER BY 1") for t in tables}
    state["messages"] = await raw(replica, "SELECT * FROM messages ORDER BY event_id")
    state["fts"] = await raw(replica, "SELECT rowid, text FROM messages_fts ORDER BY rowid")
    return state


async def only_message(replica: Replica, event_id: EventId) -> Any:
    message = await replica.message_by_event_id(event_id)
    assert message is not None
    return message


@pytest.mark.asyncio
async def test_customer_message_opens_an_unassigned_conversation(
    replica: Replica, log: LogBuilder
) -> None:
    record = log.customer("Do you have rye bread?", at=1_000)
    changes = await replica.apply_batch([record], cursor=record.seq)
    assert changes.conversations == {ALICE}
    assert changes.new_messages == (record.event_id,)
    assert changes.queue_changed
    [row] = await replica.conversation_page(QueueView.UNASSIGNED, 0, 10)
    assert (row.customer_name, row.assignee, row.unread, row.message_count) == ("Alice", None, 1, 1)
    assert (row.waiting_since, row.last_at, row.last_text) == (
        1_000,
        1_000,
        "Do you have rye bread?",
    )
    message = await only_message(replica, record.event_id)
    assert (message.direction, message.position, message.author) == (Direction.INBOUND, 1, None)
    detail = await replica.conversation(ALICE)
    assert detail is not None
    assert (detail.customer_wa_id, detail.last_inbound_at, detail.last_subject_seq) == (
        "4915112345678",
        1_000,
        0,
    )


@pytest.mark.asyncio
async def test_reapplying_a_batch_changes_nothing(replica: Replica, log: LogBuilder) -> None:
    first = [log.customer("hi", at=1_000), log.claim("CC.alice", ANNA)]
    reply = log.reply("CC.alice", "hello", ANNA)
    first += [
        reply,
        log.outcome(reply.event_id, "wamid.OUT1"),
        log.status("wamid.OUT1", DeliveryStatus.DELIVERED),
    ]
    await replica.apply_batch(first, cursor=first[-1].seq)
    before = await snapshot(replica)
    changes = await replica.apply_batch(first, cursor=first[-1].seq)
    assert not changes
    assert await snapshot(replica) == before
    overlap = [*first[2:], log.customer("again", at=1_100)]  # a redelivery plus one new record
    changes = await replica.apply_batch(overlap, cursor=overlap[-1].seq)
    assert changes.new_messages == (overlap[-1].event_id,)
    assert (await replica.stats()).events_stored == len(first) + 1


@pytest.mark.asyncio
@pytest.mark.parametrize("batch_size", [1, 2, 5])
async def test_same_log_same_state_in_any_batching(tmp_path: Path, batch_size: int) -> None:
    log = LogBuilder()
    reply = EventId(b"R" * 16)
    records = [
        log.customer("one", at=1_000),
        log.status("wamid.OUT1", DeliveryStatus.DELIVERED),  # before the outcome names it
        log.claim("CC.alice", BORIS),
        log.reply("CC.alice", "two", BORIS, event_id=reply),
        log.customer("three", at=1_200, customer="CC.bob", name="Bob"),
        log.outcome(reply, "wamid.OUT1"),
        log.customer("four", at=1_300),
        log.status("wamid.OUT1", DeliveryStatus.READ),
        log.link(b"link-1"),
    ]
    states = []
    for name, size in (("whole", len(records)), ("split", batch_size)):
        replica = await Replica.open(tmp_path / f"{name}.db", KEY)
        try:
            for start in range(0, len(records), size):
                chunk = records[start : start + size]
                await replica.apply_batch(chunk, cursor=chunk[-1].seq)
            states.append(await snapshot(replica))
        finally:
            await replica.close()
    assert states[0] == states[1]


@pytest.mark.asyncio
async def test_same_wamid_twice_is_one_message(replica: Replica, log: LogBuilder) -> None:
    first = log.customer("hi", wamid="wamid.SAME")
    second = log.customer("hi", wamid="wamid.SAME")  # a second gateway sealed the same webhook
    third = log.customer("hi", wamid="wamid.SAME")
    await replica.apply_batch([first, second], cursor=second.seq)
    changes = await replica.apply_batch([third], cursor=third.seq)
    assert not changes.new_messages
    assert await replica.applied_inbound_count() == 1
    stats = await replica.stats()
    assert (stats.duplicates_prevented, stats.events_stored, stats.cursor) == (2, 3, 3)
    [row] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 10)
    assert (row.unread, row.message_count) == (1, 1)


@pytest.mark.asyncio
async def test_a_reply_leaves_waiting_a_message_its_author_had_not_seen(
    replica: Replica, log: LogBuilder
) -> None:
    # The customer's second message reaches the log before the reply that was written when
    # only the first was there: the second still waits (from its own time).
    records = [
        log.customer("a", at=1_000),
        log.customer("b", at=1_080),
        log.reply("CC.alice", "answer to a", ANNA, author_time=1_050),
    ]
    await replica.apply_batch(records, cursor=records[-1].seq)
    [row] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 1)
    assert (row.waiting_since, row.last_text) == (1_080, "answer to a")
    seen = log.reply("CC.alice", "answer to b", ANNA, author_time=1_090)
    await replica.apply_batch([seen], cursor=seen.seq)
    [row] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 1)
    assert row.waiting_since is None


@pytest.mark.asyncio
async def test_waiting_since_is_the_oldest_unanswered(replica: Replica, log: LogBuilder) -> None:
    records = [log.customer("a", at=1_000), log.customer("b", at=1_050)]
    await replica.apply_batch(records, cursor=records[-1].seq)
    [row] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 1)
    assert (row.waiting_since, row.last_at, row.unread) == (1_000, 1_050, 2)
    reply = log.reply("CC.alice", "answer", ANNA, author_time=1_100)
    await replica.apply_batch([reply], cursor=reply.seq)
    [row] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 1)
    assert (row.waiting_since, row.last_at, row.last_text) == (None, 1_100, "answer")
    late = log.customer("c", at=1_200)
    await replica.apply_batch([late], cursor=late.seq)
    [row] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 1)
    assert (row.waiting_since, row.message_count) == (1_200, 4)
    detail = await replica.conversation(ALICE)
    assert detail is not None
    assert detail.last_inbound_at == 1_200


@pytest.mark.asyncio
async def test_last_inbound_at_never_goes_back(replica: Replica, log: LogBuilder) -> None:
    records = [log.customer("new", at=2_000), log.customer("old, delivered late", at=1_000)]
    await replica.apply_batch(records, cursor=records[-1].seq)
    detail = await replica.conversation(ALICE)
    assert detail is not None
    assert detail.last_inbound_at == 2_000


@pytest.mark.asyncio
async def test_claim_sets_assignee_and_guard(replica: Replica, log: LogBuilder) -> None:
    records = [log.customer("hi"), log.claim("CC.alice", BORIS)]
    changes = await replica.apply_batch(records, cursor=records[-1].seq)
    assert changes.queue_changed
    detail = await replica.conversation(ALICE)
    assert detail is not None
    assert (detail.assignee, detail.last_subject_seq) == (BORIS, records[-1].seq)
    assert await replica.conversation_count(QueueView.UNASSIGNED) == 0
    assert await replica.conversation_count(QueueView.MINE, me=BORIS) == 1


@pytest.mark.asyncio
async def test_colleague_reply_appears_queued(replica: Replica, log: LogBuilder) -> None:
    records = [log.customer("hi"), log.reply("CC.alice", "hello from Boris", BORIS)]
    changes = await replica.apply_batch(records, cursor=records[-1].seq)
    assert changes.new_messages == (records[0].event_id, records[1].event_id)
    message = await only_message(replica, records[1].event_id)
    assert (message.status, message.author, message.position, message.at) == (
        DeliveryStatus.QUEUED,
        BORIS,
        2,
        1_500,
    )
    detail = await replica.conversation(ALICE)
    assert detail is not None
    assert detail.last_subject_seq == 2


@pytest.mark.asyncio
async def test_own_reply_pending_queued_sent(replica: Replica, log: LogBuilder) -> None:
    first = log.customer("hi", at=1_000)
    await replica.apply_batch([first], cursor=first.seq)
    event_id = log.event_id()
    pending = await replica.enqueue_reply(ALICE, event_id, "on my way", ANNA, now=1_400)
    assert pending.status is DeliveryStatus.PENDING

    reply = log.reply("CC.alice", "on my way", ANNA, event_id=event_id, author_time=1_400)
    changes = await replica.apply_batch([reply], cursor=reply.seq)
    assert changes.updated_messages == {event_id}
    assert not changes.new_messages
    # The job stays with the runner: it still has to publish the gateway's request.
    assert not changes.outbox_changed
    queued = await only_message(replica, event_id)
    assert (queued.status, queued.position) == (DeliveryStatus.QUEUED, reply.seq)
    assert await raw(replica, "SELECT state FROM outbox") == [(OutboxState.PENDING,)]
    [row] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 1)
    assert (row.message_count, row.waiting_since) == (2, None)

    outcome = log.outcome(event_id, "wamid.OUT1")
    await replica.apply_batch([outcome], cursor=outcome.seq)
    accepted = await only_message(replica, event_id)
    assert (accepted.wamid, accepted.status) == ("wamid.OUT1", DeliveryStatus.QUEUED)

    sent = log.status("wamid.OUT1", DeliveryStatus.SENT)
    changes = await replica.apply_batch([sent], cursor=sent.seq)
    assert changes.updated_messages == {event_id}
    assert (await only_message(replica, event_id)).status is DeliveryStatus.SENT


async def _sent_reply(replica: Replica, log: LogBuilder, wamid: str = "wamid.OUT1") -> EventId:
    records = [log.customer("hi"), log.reply("CC.alice", "hello", ANNA)]
    records.append(log.outcome(records[1].event_id, wamid))
    await replica.apply_batch(records, cursor=records[-1].seq)
    return records[1].event_id


async def _apply(replica: Replica, *records: AppliedRecord) -> None:
    await replica.apply_batch(records, cursor=records[-1].seq)


@pytest.mark.asyncio
async def test_status_never_goes_backwards(replica: Replica, log: LogBuilder) -> None:
    reply = await _sent_reply(replica, log)
    await _apply(replica, log.status("wamid.OUT1", DeliveryStatus.READ))
    await _apply(replica, log.status("wamid.OUT1", DeliveryStatus.DELIVERED))  # late webhook
    await _apply(replica, log.status("wamid.OUT1", DeliveryStatus.SENT))
    assert (await only_message(replica, reply)).status is DeliveryStatus.READ


@pytest.mark.asyncio
async def test_failure_is_final(replica: Replica, log: LogBuilder) -> None:
    reply = await _sent_reply(replica, log)
    await _apply(replica, log.status("wamid.OUT1", DeliveryStatus.FAILED, error_code=131026))
    await _apply(replica, log.status("wamid.OUT1", DeliveryStatus.READ))
    message = await only_message(replica, reply)
    assert (message.status, message.error_code) == (DeliveryStatus.FAILED, 131026)


@pytest.mark.asyncio
async def test_statuses_before_the_send_outcome(replica: Replica, log: LogBuilder) -> None:
    records = [log.customer("hi"), log.reply("CC.alice", "hello", ANNA)]
    records += [
        log.status("wamid.EARLY", DeliveryStatus.DELIVERED),
        log.status("wamid.EARLY", DeliveryStatus.READ),
        log.status("wamid.EARLY", DeliveryStatus.SENT),
    ]
    await _apply(replica, *records)
    assert await raw(replica, "SELECT wamid, status FROM wamid_status") == [
        ("wamid.EARLY", DeliveryStatus.READ)
    ]
    await _apply(replica, log.outcome(records[1].event_id, "wamid.EARLY"))
    message = await only_message(replica, records[1].event_id)
    assert (message.wamid, message.status) == ("wamid.EARLY", DeliveryStatus.READ)


@pytest.mark.asyncio
async def test_failed_send_outcome(replica: Replica, log: LogBuilder) -> None:
    records = [log.customer("hi"), log.reply("CC.alice", "hello", ANNA)]
    records.append(log.outcome(records[1].event_id, None, error_code=131047))
    await _apply(replica, *records)
    message = await only_message(replica, records[1].event_id)
    assert (message.status, message.error_code, message.wamid) == (
        DeliveryStatus.FAILED,
        131047,
        None,
    )


@pytest.mark.asyncio
async def test_records_not_applied_are_stored(replica: Replica, log: LogBuilder) -> None:
    records = [
        log.customer("hi"),
        log.request(EventId(b"R" * 16), ANNA),
        log.sealed_only(ANNA),
        log.claim("CC.nobody", ANNA),  # a conversation this replica never saw
        log.reply("CC.nobody", "hello?", ANNA),
        log.outcome(EventId(b"Z" * 16), "wamid.X"),
    ]
    changes = await replica.apply_batch(records, cursor=records[-1].seq)
    assert changes.new_messages == (records[0].event_id,)
    stats = await replica.stats()
    assert (stats.events_stored, stats.stored_not_applied, stats.skipped) == (6, 2, 3)
    assert await replica.has_event(records[2].event_id)
    assert not await replica.has_event(EventId(b"?" * 16))
    stored = await raw(replica, "SELECT envelope FROM events WHERE stream_seq = 3")
    assert stored == [(records[2].envelope,)]


@pytest.mark.asyncio
async def test_heads_links_and_cursor(replica: Replica, log: LogBuilder) -> None:
    records = [log.link(b"link-1"), log.customer("hi"), log.link(b"link-2"), log.customer("b")]
    await replica.apply_batch(records, cursor=10)
    await replica.apply_batch(records, cursor=10)  # replayed: links are kept once
    assert await replica.chain_links() == [b"link-1", b"link-2"]
    # Chain links are not envelopes: they never move their signer's author head.
    assert await replica.author_heads() == {GATEWAY: (2, records[3].envelope_hash)}
    assert await replica.cursor() == 10  # a caller's cursor past the last stored record
    await replica.apply_batch([], cursor=4)
    assert await replica.cursor() == 10  # never backwards


@pytest.mark.asyncio
async def test_username_only_message_keeps_known_number(replica: Replica, log: LogBuilder) -> None:
    await _apply(replica, log.customer("hi", wa_id="4915112345678", name="Alice"))
    await _apply(replica, log.customer("again", wa_id="", name=""))
    detail = await replica.conversation(ALICE)
    assert detail is not None
    assert (detail.customer_wa_id, detail.customer_name) == ("4915112345678", "Alice")


@pytest.mark.asyncio
async def test_customer_message_without_conversation_writes_nothing(
    replica: Replica, log: LogBuilder
) -> None:
    good = log.customer("fine")
    bad = log.record(log.customer("broken").event, conversation_id=None)
    with pytest.raises(ValueError, match="no conversation id"):
        await replica.apply_batch([good, bad], cursor=bad.seq)
    assert (await replica.stats()).events_stored == 0
    assert await replica.cursor() == 0
