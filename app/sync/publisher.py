"""Publishes this device's envelopes one at a time, keeping its author chain unbroken.

Every envelope names the author's previous one (`author_seq`, `author_prev`), so envelopes must
reach the hub in the order they were sealed and a refused one must not use up a sequence number.
One lock serialises sealing and publishing; the writer advances only when the hub stored the
envelope. When the outcome is unknown (timeout, lost connection) the next publish first catches
up with the log and continues from what it shows.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from app.domain.events import MemberEvent, OutboundRequest
from app.domain.ids import ConversationId, EventId, short
from app.sync.engine import SyncEngine
from app.sync.protocol import LogWriter
from app.sync.transport import Transport, TransportUnavailable

log = logging.getLogger(__name__)


class Publisher:
    """The only path by which a desk writes to the team log."""

    def __init__(
        self,
        transport: Transport,
        writer: LogWriter,
        engine: SyncEngine,
        clock: Callable[[], float],
    ) -> None:
        self._transport = transport
        self._writer = writer
        self._engine = engine
        self._clock = clock
        self._lock = asyncio.Lock()
        self._uncertain = True  # until we have caught up once, we do not know our own head

    async def member_event(
        self,
        event: MemberEvent,
        conversation_id: ConversationId,
        event_id: EventId,
        expected_subject_seq: int,
    ) -> int:
        """Publish a claim or reply on its conversation's subject, guarded by the sequence the
        agent saw. Returns the stream sequence.

        Raises:
            StaleWrite: The conversation changed since `expected_subject_seq`.
            TransportUnavailable: The hub did not answer; the outcome is unknown.
        """
        subject = self._writer.reader.conversation_subject(conversation_id)
        async with self._lock:
            await self._settle()
            data = self._writer.seal_member(event, conversation_id, event_id, self._now())
            return await self._publish(subject, data, event_id, expected_subject_seq)

    async def outbound_request(self, request: OutboundRequest, event_id: EventId) -> int:
        """Publish a request, sealed to the gateway, to send a reply."""
        subject = self._writer.reader.subjects.outbound
        async with self._lock:
            await self._settle()
            data = self._writer.seal_request(request, event_id, self._now())
            return await self._publish(subject, data, event_id, None)

    async def _publish(
        self, subject: str, data: bytes, event_id: EventId, expected: int | None
    ) -> int:
        try:
            ack = await self._transport.publish(
                subject, data, msg_id=event_id.hex(), expected_last_subject_seq=expected
            )
        except TransportUnavailable:
            self._uncertain = True
            raise
        if ack.duplicate:
            # The hub already holds an earlier envelope with this id: ours from before a crash.
            log.info("event %s was already in the log", short(event_id))
            self._uncertain = True
        else:
            self._writer.published(data)
        return ack.seq

    async def _settle(self) -> None:
        if self._uncertain:
            await self._engine.caught_up()
            self._writer.resume_from_log()
            self._uncertain = False

    def _now(self) -> int:
        return int(self._clock())
