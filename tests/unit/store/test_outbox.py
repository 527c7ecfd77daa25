"""The transactional outbox: message and job together, due order, retries and verdicts."""

from __future__ import annotations

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from app.domain.ids import ConversationId, EventId
from app.domain.model import DeliveryStatus
from app.store.records import OutboxKind, OutboxState, QueueView
from app.store.replica import Replica
from app.store.rows import PENDING_POSITION_BASE
from tests.unit.store.builders import ANNA, BORIS, LogBuilder, conversation_of, raw

ALICE = conversation_of("CC.alice")
BOB = conversation_of("CC.bob")


async def _conversations(replica: Replica, log: LogBuilder) -> None:
    records = [
        log.customer("hi", at=1_000),
        log.customer("hey", at=1_010, customer="CC.bob", name="Bob"),
        log.claim("CC.alice", ANNA),
    ]
    await replica.apply_batch(records, cursor=records[-1].seq)


@pytest.mark.asyncio
async def test_enqueue_writes_message_and_job(replica: Replica, log: LogBuilder) -> None:
    await _conversations(replica, log)
    event_id = log.event_id()
    message = await replica.enqueue_reply(ALICE, event_id, "Yes, until 6", ANNA, now=1_100)
    assert (message.status, message.author, message.at) == (DeliveryStatus.PENDING, ANNA, 1_100)
    assert message.position == PENDING_POSITION_BASE + 1
    assert await replica.message_by_event_id(event_id) == message
    [job] = await replica.due_outbox(now=1_100)
    assert (job.event_id, job.conversation_id, job.kind) == (event_id, ALICE, OutboxKind.REPLY)
    assert (job.payload, job.state, job.attempts) == (b"Yes, until 6", OutboxState.PENDING, 0)
    assert job.expected_subject_seq == 3  # the claim's sequence: the replica's current guard
    [row] = await replica.conversation_page(QueueView.MINE, 0, 5, me=ANNA)
    assert (row.last_text, row.last_at, row.message_count) == ("Yes, until 6", 1_100, 2)
    assert row.waiting_since == 1_000  # answered only once the log has the reply
    [newest] = await replica.messages_page(ALICE, None, 1)
    assert newest == message  # pending replies sort last


@pytest.mark.asyncio
async def test_enqueue_is_atomic(replica: Replica, log: LogBuilder) -> None:
    await _conversations(replica, log)
    # The message insert succeeds, then the job insert fails: neither may remain.
    await raw(
        replica,
        "CREATE TEMP TRIGGER fail_job BEFORE INSERT ON outbox BEGIN "
        "SELECT RAISE(ABORT, 'injected fault'); END",
    )
    event_id = log.event_id()
    with pytest.raises(sqlcipher.IntegrityError, match="injected fault"):
        await replica.enqueue_reply(ALICE, event_id, "lost?", ANNA, now=1_100)
    assert await replica.message_by_event_id(event_id) is None
    assert await raw(replica, "SELECT count(*) FROM outbox") == [(0,)]
    [row] = await replica.conversation_page(QueueView.MINE, 0, 5, me=ANNA)
    assert (row.last_text, row.message_count) == ("hi", 1)

    await raw(replica, "DROP TRIGGER temp.fail_job")
    await replica.enqueue_reply(ALICE, event_id, "now it works", ANNA, now=1_101)
    assert await replica.message_by_event_id(event_id) is not None
    assert [job.event_id for job in await replica.due_outbox(now=1_101)] == [event_id]


@pytest.mark.asyncio
async def test_enqueue_needs_a_known_conversation(replica: Replica, log: LogBuilder) -> None:
    with pytest.raises(ValueError, match="no conversation"):
        await replica.enqueue_reply(ConversationId(bytes(16)), log.event_id(), "?", ANNA, now=1)


@pytest.mark.asyncio
async def test_explicit_guard_wins(replica: Replica, log: LogBuilder) -> None:
    await _conversations(replica, log)
    event_id = log.event_id()
    await replica.enqueue_reply(ALICE, event_id, "hi", ANNA, now=1_100, expected_subject_seq=0)
    [job] = await replica.due_outbox(now=1_100)
    assert job.expected_subject_seq == 0


@pytest.mark.asyncio
async def test_due_order_and_one_job_per_conversation(replica: Replica, log: LogBuilder) -> None:
    await _conversations(replica, log)
    a1, a2, b1 = log.event_id(), log.event_id(), log.event_id()
    await replica.enqueue_reply(ALICE, a1, "first", ANNA, now=1_100)
    await replica.enqueue_reply(ALICE, a2, "second", ANNA, now=1_101)
    await replica.enqueue_reply(BOB, b1, "other", BORIS, now=1_102)
    assert [j.event_id for j in await replica.due_outbox(now=1_200)] == [a1, b1]
    assert [j.event_id for j in await replica.due_outbox(now=1_100)] == [a1]
    second = await replica.messages_page(ALICE, None, 1)
    assert second[0].position == PENDING_POSITION_BASE + 2

    await replica.mark_outbox_sent(a1)
    assert [j.event_id for j in await replica.due_outbox(now=1_200)] == [a2, b1]


@pytest.mark.asyncio
async def test_retry_backs_off(replica: Replica, log: LogBuilder) -> None:
    await _conversations(replica, log)
    event_id = log.event_id()
    await replica.enqueue_reply(ALICE, event_id, "hi", ANNA, now=1_100)
    assert await replica.next_outbox_attempt() == 1_100
    await replica.retry_outbox(event_id, next_attempt_at=1_104, error="TransportUnavailable")
    assert await replica.due_outbox(now=1_103) == []
    assert await replica.next_outbox_attempt() == 1_104
    [job] = await replica.due_outbox(now=1_104)
    assert (job.attempts, job.last_error) == (1, "TransportUnavailable")


@pytest.mark.asyncio
async def test_sent_closes_job_and_queues_message(replica: Replica, log: LogBuilder) -> None:
    await _conversations(replica, log)
    event_id = log.event_id()
    await replica.enqueue_reply(ALICE, event_id, "hi", ANNA, now=1_100)
    changes = await replica.mark_outbox_sent(event_id)
    assert changes.updated_messages == {event_id}
    assert changes.outbox_changed
    message = await replica.message_by_event_id(event_id)
    assert message is not None
    assert message.status is DeliveryStatus.QUEUED
    assert await replica.due_outbox(now=2_000) == []
    assert await replica.next_outbox_attempt() is None
    assert not await replica.mark_outbox_sent(event_id)  # twice: nothing more happens


@pytest.mark.asyncio
async def test_failed_job_fails_the_message(replica: Replica, log: LogBuilder) -> None:
    await _conversations(replica, log)
    event_id = log.event_id()
    await replica.enqueue_reply(ALICE, event_id, "hi", ANNA, now=1_100)
    await replica.mark_outbox_failed(event_id, "gave up after 8 attempts")
    message = await replica.message_by_event_id(event_id)
    assert message is not None
    assert message.status is DeliveryStatus.FAILED
    assert await raw(replica, "SELECT state, attempts, last_error FROM outbox") == [
        (OutboxState.FAILED, 1, "gave up after 8 attempts")
    ]


@pytest.mark.asyncio
async def test_conflict_then_the_log_says_otherwise(replica: Replica, log: LogBuilder) -> None:
    await _conversations(replica, log)
    event_id = log.event_id()
    await replica.enqueue_reply(ALICE, event_id, "hi", ANNA, now=1_100)
    changes = await replica.mark_conflict(event_id)
    assert changes.conversations == {ALICE}
    message = await replica.message_by_event_id(event_id)
    assert message is not None
    assert message.status is DeliveryStatus.CONFLICT
    assert await replica.due_outbox(now=2_000) == []
    # An earlier attempt had landed after all (its ack was lost): the log wins.
    reply = log.reply("CC.alice", "hi", ANNA, event_id=event_id)
    await replica.apply_batch([reply], cursor=reply.seq)
    message = await replica.message_by_event_id(event_id)
    assert message is not None
    assert (message.status, message.position) == (DeliveryStatus.QUEUED, reply.seq)


@pytest.mark.asyncio
async def test_unknown_job_changes_nothing(replica: Replica) -> None:
    assert not await replica.mark_conflict(EventId(bytes(16)))


@pytest.mark.asyncio
async def test_replies_typed_within_one_second_go_out_in_the_order_written(
    replica: Replica, log: LogBuilder
) -> None:
    # Event ids are random: ordered by them, "One, Two, Three" went out as "One, Three, Two".
    await _conversations(replica, log)
    ids = [EventId(bytes([0xF0 - 0x30 * n]) * 16) for n in range(4)]  # descending on purpose
    for event_id, text in zip(ids, ("One", "Two", "Three", "Four"), strict=True):
        await replica.enqueue_reply(ALICE, event_id, text, ANNA, now=1_100)
    sent = []
    while jobs := await replica.due_outbox(now=1_100):
        [job] = jobs  # one at a time per conversation
        sent.append(job.payload.decode())
        await replica.mark_outbox_sent(job.event_id)
    assert sent == ["One", "Two", "Three", "Four"]
