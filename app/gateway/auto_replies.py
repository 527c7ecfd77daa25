"""The greeting and away messages: sent by the gateway, once per customer and period.

The gateway is the one party that sees every customer message as it arrives, closed desks or
not, so it answers. An admin's `BusinessHoursSet` (sealed to the gateway) sets the rules; the
newest one by `at` is kept in the gateway state and survives restarts. For each customer
message `app.domain.business_hours.auto_reply` decides; the answer's key (the customer and the
greeting, or the customer and the closed period) is recorded durably BEFORE the send is queued,
so a restart, a redelivered webhook or the spool's replay never sends it twice (at most once:
a run stopped between the record and Meta's answer does not retry, as notifications do).
A customer's "seen" mark, when their first message got no answer, guards no send and is
written with the state's next transaction: a crash right after may lose it, and their next
message may then get the greeting their first did not (once: the greeting's own key is
flushed before it is sent; see `meta_batch`).

A customer's message opens the 24-hour service window, so a free-form text is allowed; what
Meta accepted goes to the team as a `NotificationSent` marked `AUTOMATIC_SYSTEM`, which every
desk shows in the thread as automatic. Customers are recorded by a salted hash, never by id.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import logging
import os
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.aio import cancel_and_wait
from app.crypto.errors import DecodeError
from app.domain.business_hours import (
    AUTOMATIC_SYSTEM,
    AUTOMATIC_TOKEN,
    AutoReply,
    BusinessHours,
    auto_reply,
)
from app.domain.content import Text
from app.domain.ids import NO_CONVERSATION, CustomerId, Wamid
from app.domain.send_codes import NETWORK_ERROR, NOT_SENT
from app.gateway.graph import GraphClient, SendResult
from app.gateway.meta_batch import Answerer, MetaBatch
from app.gateway.outcomes import SendOutcomeKind
from app.gateway.sender import SendJob, SendQueue, SendQueueClosed
from app.gateway.state import GatewayState
from app.log.events import CustomerMessage, NotificationSent
from app.log.kinds.business_hours import BusinessHoursSet
from app.sync import codec

log = logging.getLogger(__name__)

HOURS_KEY = "business_hours"
"""Meta key of the newest settings: the event's plaintext as the codec wrote it."""
_SALT_KEY = "auto_salt"
_SEEN = "auto-seen:"
_SENT = "auto-sent:"
BATCH = 256
"""Customer messages decided together, their records in one transaction: what a burst of
webhooks brings while the previous batch was recorded."""


class AutoReplies:
    """Answers customers automatically, per the admin's business hours."""

    def __init__(
        self,
        state: GatewayState,
        queue: SendQueue,
        graph: Callable[[], GraphClient | None],
        publish: Callable[[NotificationSent], Awaitable[None]],
        clock: Callable[[], float],
        then: Answerer | None = None,
    ) -> None:
        self._state = state
        self._then = then
        """What else answers each message, after this (the menu): in order, on this task."""
        self._queue = queue
        self._graph = graph
        self._publish = publish
        self._clock = clock
        self._current: BusinessHoursSet | None = None
        self._salt = b""
        self._inbox: asyncio.Queue[CustomerMessage] = asyncio.Queue()
        """Customer messages in webhook order: one at a time, so "first message" is exact."""
        self._task: asyncio.Task[None] | None = None
        self.handled = 0
        """Customer messages decided on in this run (for tests and the beats' counters)."""
        self.last_handled: Wamid | None = None
        """The newest customer message decided on: a spooled webhook published again after a
        restart is decided on (and answered by nobody) too, so a count alone cannot say
        whether a given message was reached."""
        self.queued = 0
        """Automatic answers handed to the send queue in this run."""

    @property
    def hours(self) -> BusinessHours | None:
        return None if self._current is None else self._current.hours

    async def start(self) -> None:
        """Load the kept settings and the salt, then answer what arrives."""
        salt = await self._state.meta(_SALT_KEY)
        if salt is None:
            salt = os.urandom(16)
            await self._state.save_meta(_SALT_KEY, salt)
        self._salt = salt
        kept = await self._state.meta(HOURS_KEY)
        if kept is not None:
            with contextlib.suppress(DecodeError):
                event = codec.decode(kept).event
                if isinstance(event, BusinessHoursSet):
                    self._current = event
        self._task = asyncio.create_task(self._run(), name="auto-replies")

    async def stop(self) -> None:
        if self._task is not None:
            await cancel_and_wait(self._task)

    async def apply(self, event: BusinessHoursSet) -> None:
        """An admin's settings: the newest by `at` wins (a late copy of older ones does not)."""
        if self._current is not None and event.at < self._current.at:
            return
        self._current = event
        await self._state.save_meta(HOURS_KEY, codec.encode(event, NO_CONVERSATION, 0))

    def on_webhook(self, events: Sequence[object]) -> None:
        """Customer messages of a webhook (never waits: Meta's answer must not)."""
        for event in events:
            if isinstance(event, CustomerMessage):
                self._inbox.put_nowait(event)

    async def _run(self) -> None:
        while True:
            messages = [await self._inbox.get()]
            while len(messages) < BATCH and not self._inbox.empty():
                messages.append(self._inbox.get_nowait())
            await self._answer_all(messages)
            self.handled += len(messages)
            self.last_handled = messages[-1].wamid

    async def _answer_all(self, messages: list[CustomerMessage]) -> None:
        """Decide for each message in order (the greeting, then what `then` sends), record
        every decision in one transaction, then queue the answers."""
        batch = MetaBatch(self._state)
        then = self._then
        try:
            keys = [_SEEN + self._tag(message) for message in messages]
            await batch.load(keys + (then.keys(messages) if then is not None else []))
        except (OSError, sqlite3.Error):
            log.exception("automatic answers not decided")
            return
        for message in messages:
            for decide in (self.decide, then.decide if then is not None else None):
                if decide is None:
                    continue
                try:
                    await decide(message, batch)
                except asyncio.CancelledError:
                    raise
                except Exception:  # one bad message must not stop the answers to later ones
                    log.exception("automatic answer failed")
        try:
            await batch.commit()
        except (OSError, sqlite3.Error):  # not recorded, so not sent either
            log.exception("automatic answers not recorded")

    async def answer(self, message: CustomerMessage) -> AutoReply | None:
        """Decide and, when due and not yet recorded, record and queue the answer."""
        batch = MetaBatch(self._state)
        reply = await self.decide(message, batch)
        await batch.commit()
        return reply

    async def decide(self, message: CustomerMessage, batch: MetaBatch) -> AutoReply | None:
        """`answer`, recorded and queued with `batch`'s commit."""
        tag = self._tag(message)
        first = await batch.get(_SEEN + tag) is None
        if first:
            batch.put(_SEEN + tag, b"1")
        hours = self.hours
        zone = _zone(hours.zone) if hours is not None else None
        if hours is None or zone is None:
            return None
        received = datetime.fromtimestamp(message.sent_at, UTC)
        now = datetime.fromtimestamp(self._clock(), UTC)
        reply = auto_reply(hours, zone, received, now, first)
        if reply is None:
            return None
        key = f"{_SENT}{tag}:{reply.key}"
        if await batch.get(key) is not None:
            return None  # answered already, before a restart or for a redelivered webhook
        batch.put(key, b"1")  # recorded before the send: never twice
        job_id = hashlib.sha256(key.encode()).digest()[:16]
        batch.sends.append(functools.partial(self._queue_send, message, reply, job_id))
        return reply

    def _tag(self, message: CustomerMessage) -> str:
        return hashlib.sha256(self._salt + message.customer_id.encode()).hexdigest()

    def _queue_send(self, message: CustomerMessage, reply: AutoReply, job_id: bytes) -> None:
        async def attempt() -> SendResult:
            graph = self._graph()
            if graph is None:
                return SendResult(None, NETWORK_ERROR, "not connected")
            return await graph.send_text(
                message.customer_id, message.customer_wa_id, reply.text, "a:" + job_id.hex()
            )

        async def outcome(job: SendJob, kind: SendOutcomeKind, result: SendResult) -> None:
            if result.wamid is None:
                if result.error_code != NOT_SENT:
                    log.info("automatic %s not sent: %s", reply.kind.value, kind.reason)
                return
            await self._publish(
                NotificationSent(
                    Wamid(result.wamid),
                    CustomerId(message.customer_id),
                    message.customer_wa_id,
                    AUTOMATIC_SYSTEM,
                    AUTOMATIC_TOKEN,
                    int(self._clock()),
                    Text(reply.text),
                )
            )

        job = SendJob(job_id, message.customer_id, attempt, on_outcome=outcome)
        with contextlib.suppress(SendQueueClosed):
            if self._queue.submit(job):
                self.queued += 1


def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("business hours name an unknown time zone")
        return None
