"""Sealing gateway events into the team log, one at a time, keeping the author chain whole."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import TypeVar

from app.crypto.envelope import parse_envelope
from app.domain.errors import EnvelopeRejected
from app.domain.events import (
    CustomerIdChanged,
    CustomerMessage,
    DeliveryStatusChanged,
    GatewayEvent,
    PreferenceChanged,
)
from app.gateway.sealing import GatewayLog
from app.sync.subjects import Subjects
from app.sync.transport import StaleWrite, Transport, TransportError, TransportUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

_SEEN_LIMIT = 100_000


class InboundPublisher:
    """Publishes the gateway's events on `.in`: never twice, never out of chain order."""

    def __init__(
        self,
        team_log: GatewayLog,
        transport: Transport,
        clock: Callable[[], float],
        stats: dict[str, int],
    ) -> None:
        self._log = team_log
        self._transport = transport
        self._clock = clock
        self._stats = stats
        self._subject = Subjects(team_log.chain.team_id.hex()).inbound
        self._lock = asyncio.Lock()
        self._pending: bytes | None = None
        self._pending_event: GatewayEvent | None = None
        self._inbound_seq = 0
        """Stream sequence of the newest record on `.in`: the guard for the next publish."""
        self._seen: OrderedDict[tuple[str, int], None] = OrderedDict()

    async def resume(self) -> None:
        """Continue after the gateway's newest envelope in the log (verified as its own)."""
        last = await self._transport.last_on_subject(self._subject)
        self._log.resume_after(last.data if last else None)
        self._inbound_seq = last.seq if last else 0

    def already_published(self, event: GatewayEvent) -> bool:
        """Whether Meta delivered this item before and it is in the log (counted)."""
        if redelivery_key(event) in self._seen:
            self._stats["duplicates"] += 1
            return True
        return False

    async def publish_once(self, event: GatewayEvent) -> bool:
        """Publish one webhook item unless Meta delivered it before; True if published now.

        One item that cannot be sealed is reported and skipped: answering 500 would make Meta
        retry the whole batch for days and hold back every item after it.
        """
        key = redelivery_key(event)
        if key in self._seen:
            return False  # desks de-duplicate too; this only saves work
        try:
            await self.publish(event)
        except (ValueError, EnvelopeRejected) as exc:
            log.error("webhook item could not be sealed: %s", type(exc).__name__)
            return False
        self._seen[key] = None
        if len(self._seen) > _SEEN_LIMIT:
            self._seen.popitem(last=False)
        return True

    async def publish(self, event: GatewayEvent) -> None:
        """Seal and store one event.

        An envelope whose publish timed out may or may not be stored; it is re-sent byte for
        byte (same id, so the hub de-duplicates) before anything new is sealed, and asking
        again for the event that is still pending only re-sends it.
        """
        async with self._lock:
            if self._pending is not None:
                retried = self._pending_event == event
                await self._send_pending()
                if retried:
                    return
            self._pending = self._log.seal(event, int(self._clock()))
            self._pending_event = event
            await self._send_pending()
            self._stats["published"] += 1

    async def _send_pending(self) -> None:
        """Publish the pending envelope, guarded so that only this gateway extends `.in`.

        A second writer (another gateway process with the same identity) would fork the
        gateway's author chain and every desk would refuse what follows, so the publish names
        the last sequence this gateway wrote. A refusal is either our own earlier attempt that
        did land (then it is done) or another writer (then we stop and say so).
        """
        assert self._pending is not None
        event_id = parse_envelope(self._pending).header.event_id
        try:
            ack = await self._transport.publish(
                self._subject,
                self._pending,
                msg_id=event_id.hex(),
                expected_last_subject_seq=self._inbound_seq,
            )
            seq = ack.seq
        except StaleWrite:
            last = await self._transport.last_on_subject(self._subject)
            if last is None or last.data != self._pending:
                log.error("another writer extended the inbound subject: not publishing")
                raise TransportUnavailable("inbound subject has another writer") from None
            seq = last.seq
        self._log.published(self._pending)
        self._inbound_seq = seq
        self._pending = self._pending_event = None


def redelivery_key(event: GatewayEvent) -> tuple[str, int]:
    """What makes a webhook item the same as one Meta delivered before (cloud-api.md §13:
    messages by id, statuses by id and status)."""
    match event:
        case CustomerMessage(wamid=wamid):
            return (wamid, -1)
        case DeliveryStatusChanged(wamid=wamid, status=status):
            return (wamid, int(status))
        case CustomerIdChanged(previous_id=old, new_id=new, at=at):
            return (f"{old}>{new}", at)
        case PreferenceChanged(customer_id=customer, preference=preference, at=at):
            return (f"{customer}:{int(preference)}", at)
        case _:
            return (repr(event), 0)


async def until_hub(call: Callable[[], Awaitable[T]]) -> T:
    """Retry `call` while the hub is unreachable or refuses (full, say): what it carries must
    not be lost, and an administrator can free the hub while we wait."""
    delay = 0.2
    while True:
        try:
            return await call()
        except TransportError as exc:
            log.warning("hub %s; retrying in %.1f s", type(exc).__name__, delay)
            await asyncio.sleep(delay)  # back-off between attempts
            delay = min(delay * 2, 10.0)
