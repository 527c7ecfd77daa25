"""A reply the outbox gave up on, or that met a conflict, gets a second chance or is taken back
(issue 7, item 11): `Replica.requeue_outbox` and `Replica.discard_outbox`."""

from __future__ import annotations

import pytest

from app.domain.business_hours import AUTOMATIC_SYSTEM
from app.domain.content import Text
from app.domain.ids import EventId, Wamid
from app.domain.model import DeliveryStatus
from app.domain.send_codes import OUTBOX_GAVE_UP
from app.log.events import NotificationSent
from app.store.records import OutboxState, QueueView
from app.store.replica import Replica
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of, raw

ALICE = conversation_of("CC.alice")


async def _claimed(replica: Replica, log: LogBuilder) -> None:
    records = [log.customer("hi", at=1_000), log.claim("CC.alice", ANNA)]
    await replica.apply_batch(records, cursor=records[-1].seq)


async def _given_up(replica: Replica, log: LogBuilder, text: str) -> EventId:
    event_id = log.event_id()
    await replica.enqueue_reply(ALICE, event_id, text, ANNA, now=1_100, expected_subject_seq=1)
    await replica.mark_outbox_failed(event_id, "RuntimeError", OUTBOX_GAVE_UP)
    return event_id


@pytest.mark.asyncio
async def test_requeue_starts_the_job_over_with_a_fresh_guard(
    replica: Replica, log: LogBuilder
) -> None:
    await _claimed(replica, log)
    event_id = await _given_up(replica, log, "again")
    changes = await replica.requeue_outbox(event_id, expected_subject_seq=2, now=1_200)
    assert changes.conversations == {ALICE}
    assert changes.updated_messages == {event_id}
    message = await replica.message_by_event_id(event_id)
    assert message is not None
    assert (message.status, message.error_code) == (DeliveryStatus.PENDING, 0)
    [job] = await replica.due_outbox(now=1_200)
    assert (job.event_id, job.state, job.attempts) == (event_id, OutboxState.PENDING, 0)
    assert job.expected_subject_seq == 2
    assert not await replica.requeue_outbox(event_id, 2, 1_300)  # pending already: no-op


@pytest.mark.asyncio
async def test_a_sent_reply_is_not_requeued_or_discarded(replica: Replica, log: LogBuilder) -> None:
    await _claimed(replica, log)
    event_id = log.event_id()
    await replica.enqueue_reply(ALICE, event_id, "went out", ANNA, now=1_100)
    assert not await replica.discard_outbox(event_id)  # still pending
    await replica.mark_outbox_sent(event_id)
    assert not await replica.requeue_outbox(event_id, 2, 1_200)
    assert not await replica.discard_outbox(event_id)
    assert await replica.message_by_event_id(event_id) is not None


@pytest.mark.asyncio
async def test_discard_takes_back_message_job_and_preview(
    replica: Replica, log: LogBuilder
) -> None:
    await _claimed(replica, log)
    event_id = await _given_up(replica, log, "never mind")
    [row] = await replica.conversation_page(QueueView.MINE, 0, 5, me=ANNA)
    assert (row.last_text, row.message_count) == ("never mind", 2)
    changes = await replica.discard_outbox(event_id)
    assert changes.conversations == {ALICE}
    assert changes.queue_changed
    assert await replica.message_by_event_id(event_id) is None
    assert await raw(replica, "SELECT count(*) FROM outbox") == [(0,)]
    [row] = await replica.conversation_page(QueueView.MINE, 0, 5, me=ANNA)
    assert (row.last_text, row.last_at, row.message_count) == ("hi", 1_000, 1)
    assert not await replica.discard_outbox(event_id)  # gone: nothing more happens


@pytest.mark.asyncio
async def test_a_discard_gives_the_preview_back_to_the_waiting_customer_not_a_greeting(
    replica: Replica, log: LogBuilder
) -> None:
    """As the fold keeps it: an automatic greeting sent while the customer waits is not what
    the queue previews."""
    greeting = NotificationSent(
        Wamid("wamid.G1"),
        "CC.alice",
        "4915100000001",
        AUTOMATIC_SYSTEM,
        b"t" * 16,
        1_001,
        Text("Thanks for writing! An agent will answer you shortly."),
    )
    await _claimed(replica, log)
    record = log.record(greeting, conversation_id=ALICE)
    await replica.apply_batch([record], cursor=record.seq)
    event_id = await _given_up(replica, log, "never mind")
    await replica.discard_outbox(event_id)
    [row] = await replica.conversation_page(QueueView.MINE, 0, 5, me=ANNA)
    assert (row.last_text, row.last_at) == ("hi", 1_000)
