"""Replies of any content: a file reply is queued, published and applied with its sealed copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.content import ContentKind, Media, StoredMedia, Text
from app.domain.ids import EventId
from app.domain.model import DeliveryStatus, Direction
from app.log.events import Reply
from app.store.content_rows import content_to_json
from app.store.records import AppliedRecord, OutboxKind, OutboxState, QueueView
from app.store.replica import Replica
from app.store.rows import outbox_content, outbox_payload
from tests.unit.store.builders import ANNA, BORIS, KEY, LogBuilder, conversation_of, raw

ALICE = conversation_of("CC.alice")
PHOTO = Media(
    ContentKind.IMAGE,
    "image/png",
    caption="your receipt",
    filename="receipt.png",
    stored=StoredMedia("0f" * 16, bytes(range(32)), b"\x07" * 32, 48_213),
)
SONG = Media(
    ContentKind.AUDIO,
    "audio/mpeg",
    filename="jingle.mp3",
    stored=StoredMedia("1e" * 16, b"k" * 32, b"\x08" * 32, 9_000),
)


async def _claimed(replica: Replica, log: LogBuilder) -> list[AppliedRecord]:
    records = [log.customer("hi", at=1_000), log.claim("CC.alice", ANNA)]
    await replica.apply_batch(records, cursor=records[-1].seq)
    return records


def _reply(log: LogBuilder, reply: Reply, event_id: EventId | None = None) -> AppliedRecord:
    """Anna's Reply as the log carries it (the builder's `reply` makes text only)."""
    return log.record(
        reply,
        author=ANNA,
        conversation_id=reply.conversation_id,
        event_id=event_id,
        author_time=1_200,
        subject="sb.team.c",
    )


@pytest.mark.asyncio
async def test_a_file_reply_is_pending_with_its_content_and_job(
    replica: Replica, log: LogBuilder
) -> None:
    await _claimed(replica, log)
    event_id = log.event_id()
    message = await replica.enqueue_content(ALICE, event_id, PHOTO, ANNA, now=1_100)
    assert (message.status, message.kind, message.content) == (
        DeliveryStatus.PENDING,
        ContentKind.IMAGE,
        PHOTO,
    )
    assert message.text == "your receipt"  # the caption is what search and previews see
    assert await replica.message_by_event_id(event_id) == message
    [job] = await replica.due_outbox(now=1_100)
    assert (job.kind, job.content) == (OutboxKind.REPLY_CONTENT, PHOTO)
    assert job.payload == content_to_json(PHOTO)
    [row] = await replica.conversation_page(QueueView.MINE, 0, 5, me=ANNA)
    assert (row.last_kind, row.last_text, row.message_count) == (
        ContentKind.IMAGE,
        "your receipt",
        2,
    )


@pytest.mark.asyncio
async def test_a_file_without_caption_previews_its_name(replica: Replica, log: LogBuilder) -> None:
    await _claimed(replica, log)
    await replica.enqueue_content(ALICE, log.event_id(), SONG, ANNA, now=1_100)
    [row] = await replica.conversation_page(QueueView.MINE, 0, 5, me=ANNA)
    assert (row.last_kind, row.last_text) == (ContentKind.AUDIO, "jingle.mp3")


@pytest.mark.asyncio
async def test_text_replies_keep_their_plain_job(replica: Replica, log: LogBuilder) -> None:
    await _claimed(replica, log)
    message = await replica.enqueue_reply(ALICE, log.event_id(), "On its way", ANNA, now=1_100)
    assert message.content == Text("On its way")
    [job] = await replica.due_outbox(now=1_100)
    assert (job.kind, job.payload, job.content) == (
        OutboxKind.REPLY,
        b"On its way",
        Text("On its way"),
    )


def test_outbox_payload_round_trips() -> None:
    for content in (Text("plain"), Text("see https://x.example", preview_url=True), PHOTO):
        kind, payload = outbox_payload(content)
        assert outbox_content(kind, payload) == content
    assert outbox_payload(Text("plain"))[0] is OutboxKind.REPLY
    assert outbox_payload(Text("x", preview_url=True))[0] is OutboxKind.REPLY_CONTENT


@pytest.mark.asyncio
async def test_own_file_reply_applied_keeps_its_content(replica: Replica, log: LogBuilder) -> None:
    await _claimed(replica, log)
    event_id = log.event_id()
    await replica.enqueue_content(ALICE, event_id, PHOTO, ANNA, now=1_100)
    record = _reply(log, Reply(ALICE, PHOTO), event_id)
    changes = await replica.apply_batch([record], cursor=record.seq)
    assert event_id in changes.updated_messages
    applied = await replica.message_by_event_id(event_id)
    assert applied is not None
    assert (applied.content, applied.kind, applied.position, applied.status) == (
        PHOTO,
        ContentKind.IMAGE,
        record.seq,
        DeliveryStatus.QUEUED,
    )
    [row] = await replica.conversation_page(QueueView.MINE, 0, 5, me=ANNA)
    assert (row.last_kind, row.message_count, row.waiting_since) == (ContentKind.IMAGE, 2, None)
    # Applying the same record again changes nothing.
    again = await replica.apply_batch([record], cursor=record.seq)
    assert not again.new_messages
    assert not again.updated_messages
    assert await replica.message_by_event_id(event_id) == applied


@pytest.mark.asyncio
async def test_file_reply_reaches_another_replica_identically(
    replica: Replica, log: LogBuilder, tmp_path: Path
) -> None:
    """Anna queues a photo; Boris's replica applies the log and shows the same message."""
    records = await _claimed(replica, log)
    event_id = log.event_id()
    pending = await replica.enqueue_content(ALICE, event_id, PHOTO, ANNA, now=1_100)
    reply = _reply(log, Reply(ALICE, PHOTO), event_id)
    other = await Replica.open(tmp_path / "boris.db", KEY)
    try:
        for _ in range(2):  # the second pass is a re-delivery: idempotent
            await other.apply_batch([*records, reply], cursor=reply.seq)
        theirs = await other.message_by_event_id(event_id)
        assert theirs is not None
        assert (theirs.direction, theirs.author, theirs.content, theirs.text) == (
            Direction.OUTBOUND,
            ANNA,
            PHOTO,
            pending.text,
        )
        assert theirs.content == PHOTO
        assert PHOTO.stored is not None
        assert theirs.content.stored == PHOTO.stored  # key, digest and size included
        [row] = await other.conversation_page(QueueView.ALL_OPEN, 0, 5, me=BORIS)
        assert (row.last_kind, row.last_text, row.message_count) == (
            ContentKind.IMAGE,
            "your receipt",
            2,
        )
        assert await other.due_outbox(now=10_000) == []  # only the author's desk sends
    finally:
        await other.close()


@pytest.mark.asyncio
async def test_a_text_after_a_file_previews_as_text(replica: Replica, log: LogBuilder) -> None:
    await _claimed(replica, log)
    file_reply = _reply(log, Reply(ALICE, PHOTO))
    await replica.apply_batch([file_reply], cursor=file_reply.seq)
    [row] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 5, me=ANNA)
    assert row.last_kind is ContentKind.IMAGE
    text_reply = log.reply("CC.alice", "Anything else?", BORIS)
    await replica.apply_batch([text_reply], cursor=text_reply.seq)
    [row] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 5, me=ANNA)
    assert (row.last_kind, row.last_text) == (ContentKind.TEXT, "Anything else?")
    colleague = await replica.message_by_event_id(text_reply.event_id)
    assert colleague is not None
    assert colleague.content == Text("Anything else?")


@pytest.mark.asyncio
async def test_a_job_whose_payload_no_longer_decodes_is_given_up(
    replica: Replica, log: LogBuilder
) -> None:
    await _claimed(replica, log)
    broken, fine = log.event_id(), log.event_id()
    await replica.enqueue_content(ALICE, broken, PHOTO, ANNA, now=1_100)
    await replica.enqueue_reply(ALICE, fine, "still sent", ANNA, now=1_101)
    async with replica._db.write() as tx:  # tests may reach behind the API
        await tx.execute("UPDATE outbox SET payload = ? WHERE event_id = ?", (b"{oops", broken))
    # The broken job is closed, not returned, and no longer holds the later reply back.
    assert [job.event_id for job in await replica.due_outbox(now=1_200)] == [fine]
    assert await raw(replica, "SELECT state FROM outbox WHERE event_id = ?", (broken,)) == [
        (int(OutboxState.FAILED),)
    ]
    failed = await replica.message_by_event_id(broken)
    assert failed is not None
    assert failed.status is DeliveryStatus.FAILED
