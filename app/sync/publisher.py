"""Publishes this device's envelopes one at a time, keeping its author chain unbroken.

Every envelope names the author's previous one (`author_seq`, `author_prev`), so envelopes must
reach the hub in the order they were sealed and a refused one must not use up a sequence number.
One lock serialises sealing and publishing; the writer advances only when the hub stored the
envelope. When the outcome is unknown (timeout, lost connection, a cancelled task) the next
publish first catches up with the log and continues from what it shows; and an event the log
already holds is never sealed again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from app.domain.errors import EnvelopeRejected
from app.domain.ids import ConversationId, EventId, short
from app.log.events import (
    ApiToken,
    GatewaySettings,
    MemberEvent,
    OutboundRequest,
    PhoneSyncRequest,
    TemplateDraft,
)
from app.log.kinds.business_hours import BusinessHoursSet
from app.log.kinds.menu import MenuSet
from app.sync.engine import SyncEngine
from app.sync.protocol import LogWriter
from app.sync.transport import StaleWrite, Transport

log = logging.getLogger(__name__)

StoredSeq = Callable[[EventId], Awaitable[int | None]]
"""The stream sequence at which this replica stored an event id, if it did."""


class Publisher:
    """The only path by which a desk writes to the team log."""

    def __init__(
        self,
        transport: Transport,
        writer: LogWriter,
        engine: SyncEngine,
        stored_seq: StoredSeq,
        clock: Callable[[], float],
    ) -> None:
        self._transport = transport
        self._writer = writer
        self._engine = engine
        self._stored_seq = stored_seq
        self._clock = clock
        self._lock = asyncio.Lock()
        self._uncertain = True  # until we have caught up once, we do not know our own head

    async def member_event(
        self,
        event: MemberEvent,
        conversation_id: ConversationId,
        event_id: EventId,
        expected_subject_seq: int | None,
    ) -> int:
        """Publish a member event on its conversation's subject, guarded by the sequence the
        agent saw (None for a guard-neutral kind: a note goes in whatever came before).
        Returns the stream sequence (the original one if it was already stored).

        Raises:
            StaleWrite: The conversation changed since `expected_subject_seq`.
            TransportUnavailable: The hub did not answer; the outcome is unknown.
            EnvelopeRejected: The team chain is invalid, so nothing may be sent.
        """
        subject = self._writer.reader.conversation_subject(conversation_id)
        async with self._lock:
            stored = await self._settle(event_id)
            if stored is not None:
                return stored
            data = self._writer.seal_member(event, conversation_id, event_id, self._now())
            return await self._publish(subject, data, event_id, expected_subject_seq)

    async def outbound_request(
        self,
        request: OutboundRequest
        | GatewaySettings
        | TemplateDraft
        | ApiToken
        | PhoneSyncRequest
        | BusinessHoursSet
        | MenuSet,
        event_id: EventId,
    ) -> int:
        """Publish a request sealed to the gateway: a reply to send, or the number's settings."""
        subject = self._writer.reader.subjects.outbound
        async with self._lock:
            stored = await self._settle(event_id)
            if stored is not None:
                return stored
            data = self._writer.seal_request(request, event_id, self._now())
            return await self._publish(subject, data, event_id, None)

    async def _publish(
        self, subject: str, data: bytes, event_id: EventId, expected: int | None
    ) -> int:
        try:
            ack = await self._transport.publish(
                subject, data, msg_id=event_id.hex(), expected_last_subject_seq=expected
            )
        except BaseException as exc:
            # A timeout, a lost connection or a cancelled task may come after the hub stored
            # the envelope; only a refusal (StaleWrite) certainly did not store it.
            if not _refused(exc):
                self._uncertain = True
            raise
        if ack.duplicate:
            log.info("event %s was already in the log", short(event_id))
            self._uncertain = True
        else:
            self._writer.published(data)
        return ack.seq

    async def _settle(self, event_id: EventId) -> int | None:
        """Refuse on an invalid chain; after an unknown outcome, catch up and continue from the
        log; and return the stored sequence if the log already holds `event_id`."""
        if self._writer.reader.chain_invalid is not None:
            raise EnvelopeRejected("chain-invalid")
        if self._uncertain:
            await self._engine.caught_up()
            self._writer.resume_from_log()
            self._uncertain = False
        return await self._stored_seq(event_id)

    def _now(self) -> int:
        return int(self._clock())


def _refused(exc: BaseException) -> bool:
    return isinstance(exc, StaleWrite)
