"""The outbox runner publishes a job's content as the store decoded it: text or a file."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, cast

import pytest

from app.domain.content import Content, ContentKind, Media, StoredMedia, Text
from app.domain.ids import ConversationId, EventId
from app.log.events import MemberEvent, OutboundRequest, Reply
from app.store.records import OutboxState
from app.store.replica import Replica
from app.sync.outbox import OutboxRunner, request_event_id
from tests.helpers.wait import until_async
from tests.unit.store.builders import ANNA, KEY, LogBuilder, conversation_of, raw

ALICE = conversation_of("CC.alice")
SUBJECT_KEY = b"s" * 32
PHOTO = Media(
    ContentKind.IMAGE,
    "image/png",
    caption="your receipt",
    filename="receipt.png",
    stored=StoredMedia("0f" * 16, bytes(range(32)), b"\x07" * 32, 48_213),
)


class _Publisher:
    """Records what the runner publishes; the hub accepts everything."""

    def __init__(self) -> None:
        self.events: list[MemberEvent | OutboundRequest] = []
        self.ids: list[EventId] = []

    async def member_event(
        self, event: MemberEvent, conversation_id: ConversationId, event_id: EventId, seq: int
    ) -> int:
        self.events.append(event)
        self.ids.append(event_id)
        return seq + 1

    async def outbound_request(self, request: OutboundRequest, event_id: EventId) -> int:
        self.events.append(request)
        self.ids.append(event_id)
        return 0


class _Engine:
    async def caught_up(self, within: float | None = 30.0) -> None:
        return None


async def _sent(replica: Replica, content: Content) -> list[Any]:
    """Queue `content` as a reply and run the outbox until its job is SENT."""
    log = LogBuilder()
    records = [log.customer("hi", at=1_000), log.claim("CC.alice", ANNA)]
    await replica.apply_batch(records, cursor=records[-1].seq)
    event_id = log.event_id()
    await replica.enqueue_content(ALICE, event_id, content, ANNA, now=1_100)
    publisher = _Publisher()
    runner = OutboxRunner(
        replica, cast(Any, publisher), cast(Any, _Engine()), lambda: SUBJECT_KEY, lambda: 1_100.0
    )
    task = asyncio.create_task(runner.run())

    async def sent() -> bool:
        rows = await raw(replica, "SELECT state FROM outbox WHERE event_id = ?", (event_id,))
        return rows == [(int(OutboxState.SENT),)]

    try:
        await until_async(sent, within=5)
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert publisher.ids == [event_id, request_event_id(SUBJECT_KEY, event_id)]
    return publisher.events


@pytest.mark.asyncio
@pytest.mark.parametrize("content", [PHOTO, Text("On its way")], ids=["file", "text"])
async def test_reply_and_request_carry_the_jobs_content(tmp_path: Path, content: Content) -> None:
    replica = await Replica.open(tmp_path / "replica.db", KEY)
    try:
        reply, request = await _sent(replica, content)
    finally:
        await replica.close()
    assert reply == Reply(ALICE, content)
    assert isinstance(request, OutboundRequest)
    assert request.content == content  # the gateway learns the object name and key from it
    assert (request.customer_id, request.customer_wa_id) == ("CC.alice", "4915112345678")
