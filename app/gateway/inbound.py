"""Sealing gateway events into the team log, one at a time, keeping the author chain whole."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from app.crypto.envelope import envelope_hash, parse_envelope
from app.domain.errors import EnvelopeRejected
from app.gateway.own_chain import Attack, OwnRecord, report
from app.gateway.sealing import GatewayLog
from app.gateway.state import GatewayState, OwnHead
from app.log.events import (
    CustomerIdChanged,
    CustomerMessage,
    DeliveryStatusChanged,
    GatewayEvent,
    GatewayStatus,
    PreferenceChanged,
)
from app.sync.subjects import Subjects
from app.sync.transport import (
    LogRecord,
    StaleWrite,
    Transport,
    TransportError,
    TransportUnavailable,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

_SEEN_LIMIT = 100_000
_MAX_RECONCILE = 5
"""Refused guarded publishes in a row before answering 503 (a writer flooding `.in`)."""
_READ_STALL_S = 10.0


class InboundPublisher:
    """Publishes the gateway's events on `.in`: never twice, never out of chain order.

    The hub is not trusted with the author chain: the head is kept in the local `state` too,
    records on `.in` are read back and verified as the gateway's own before they count, and
    whatever else the hub holds there is reported and stepped over (crypto.md §3.7).
    """

    def __init__(
        self,
        team_log: GatewayLog,
        transport: Transport,
        clock: Callable[[], float],
        stats: dict[str, int],
        state: GatewayState,
    ) -> None:
        self._log = team_log
        self._transport = transport
        self._clock = clock
        self._stats = stats
        self._state = state
        self._subject = Subjects(team_log.chain.team_id.hex()).inbound
        self._lock = asyncio.Lock()
        self._pending: bytes | None = None
        self._pending_event: GatewayEvent | None = None
        self._inbound_seq = 0
        """Stream sequence of the newest record on `.in`: the guard for the next publish."""
        self._rollback_seen: OwnHead | None = None
        self._seen: OrderedDict[tuple[str, int], None] = OrderedDict()

    async def resume(self) -> None:
        """Continue the author chain after the newest genuine record (crypto.md §3.6 step 8).

        Reads `.in` from the local head on (from the start the first time), verifying each
        record as the gateway's next envelope; anything else is reported and skipped. If the
        hub lacks the local head, the chain continues after it anyway (never reusing a seq),
        and an envelope reserved before a crash is published again byte for byte.
        """
        head = self._state.head
        if head is not None:
            self._log.resume_at(head.author_seq, head.envelope_hash)
        records, last = await read_subject(
            self._transport, self._subject, head.stream_seq if head else 1
        )
        newest: OwnHead | None = None
        head_found = head is None
        for record in records:
            if head is not None and record.seq == head.stream_seq and _is(record, head):
                head_found = True
                continue
            verdict = self._log.classify(record.data)
            if isinstance(verdict, Attack):
                report(self._stats, verdict, "the inbound subject", record.seq)
                continue
            if not verdict.in_order:  # signed by us: a seq it holds is never used again
                outcome = f"the gateway's record {verdict.author_seq}; continuing after it"
                report(self._stats, Attack.OUT_OF_ORDER, "the inbound subject", record.seq, outcome)
            self._log.resume_at(verdict.author_seq, verdict.envelope_hash)
            newest = OwnHead(verdict.author_seq, verdict.envelope_hash, record.seq)
        if head is not None and not head_found:
            self._report_rollback(head)
        self._inbound_seq = last.seq if last else 0
        if newest is not None:
            await self._state.advance(newest)
        await self._republish_reserved()

    async def _republish_reserved(self) -> None:
        """Publish an envelope reserved before a crash that the hub does not hold."""
        reserved = self._state.pending
        if reserved is None or reserved[0] != self._log.head[0] + 1:
            return  # found in the hub (and adopted above), or superseded
        log.info("publishing the envelope reserved before the last stop")
        self._pending = reserved[1]
        try:
            await self._send_pending()
        except TransportError as exc:  # the next publish sends it first
            log.warning("reserved envelope not yet published: %s", type(exc).__name__)

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
            # The gateway's own connection reports are not customer traffic: kept apart, so
            # "published" says what reached the desks from Meta.
            self._stats["reports" if isinstance(event, GatewayStatus) else "published"] += 1

    async def _send_pending(self) -> None:
        """Publish the pending envelope, guarded so that only this gateway extends `.in`.

        The envelope is reserved in the local state first, so a crash can never lead to
        another envelope with its `author_seq`. The publish names the last sequence on `.in`
        that this gateway has looked at: a second writer with the gateway's identity would fork
        its author chain, and every desk would refuse what follows. When the hub refuses, the
        records since are read and verified: our own earlier attempt that did land ends the
        publish, another genuine writer stops it, and anything else (a foreign or replayed
        record, a deleted one of ours) is reported and stepped over.
        """
        assert self._pending is not None
        pending = self._pending
        parsed = parse_envelope(pending)
        author_seq = parsed.header.author_seq
        if self._state.pending != (author_seq, pending):
            await self._state.reserve(author_seq, pending)
        seq: int | None = None
        for _ in range(_MAX_RECONCILE):
            try:
                ack = await self._transport.publish(
                    self._subject,
                    pending,
                    msg_id=parsed.header.event_id.hex(),
                    expected_last_subject_seq=self._inbound_seq,
                )
                seq = ack.seq
                break
            except StaleWrite:
                seq = await self._reconcile(pending)
                if seq is not None:
                    break
        if seq is None:
            log.error("the inbound subject keeps changing under the gateway: not publishing")
            raise TransportUnavailable("inbound subject keeps changing")
        self._log.published(pending)
        self._inbound_seq = seq
        await self._state.advance(OwnHead(author_seq, parsed.hash, seq))
        self._pending = self._pending_event = None

    async def _reconcile(self, pending: bytes) -> int | None:
        """After a refused guarded publish: the stream seq where `pending` landed, or None
        once the guard names the subject's newest record again (after reporting the rest).

        Raises:
            TransportUnavailable: Another writer extended the gateway's chain.
        """
        head = self._state.head
        if head is not None and head != self._rollback_seen:
            own = await self._transport.fetch(head.stream_seq)
            if own is None or not _is(own, head):
                self._report_rollback(head)
        records, last = await read_subject(self._transport, self._subject, self._inbound_seq + 1)
        for record in records:
            if record.data == pending:
                return record.seq
            verdict = self._log.classify(record.data)
            if isinstance(verdict, OwnRecord):
                log.error("another writer extended the inbound subject: not publishing")
                raise TransportUnavailable("inbound subject has another writer")
            report(self._stats, verdict, "the inbound subject", record.seq)
        self._inbound_seq = last.seq if last else 0
        return None

    def _report_rollback(self, head: OwnHead) -> None:
        self._rollback_seen = head
        report(
            self._stats,
            Attack.ROLLBACK,
            "the inbound subject",
            head.stream_seq,
            f"the gateway's record {head.author_seq} is gone; continuing after it",
        )


def _is(record: LogRecord, head: OwnHead) -> bool:
    return envelope_hash(record.data) == head.envelope_hash


async def read_subject(
    transport: Transport, subject: str, start_seq: int
) -> tuple[list[LogRecord], LogRecord | None]:
    """Every record on `subject` from `start_seq` to its newest, and that newest record.

    Raises:
        TransportUnavailable: The hub stopped answering part-way.
    """
    last = await transport.last_on_subject(subject)
    if last is None or last.seq < start_seq:
        return [], last
    if last.seq == start_seq:
        return [last], last
    records: list[LogRecord] = []
    done = asyncio.Event()

    async def collect(batch: Sequence[LogRecord]) -> None:
        records.extend(r for r in batch if r.seq <= last.seq)
        if batch[-1].seq >= last.seq:
            done.set()

    follower = transport.follow(start_seq, collect, subjects=[subject])
    try:
        seen = -1
        while not done.is_set():
            if len(records) == seen:
                raise TransportUnavailable(f"reading {subject} stalled")
            seen = len(records)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(_READ_STALL_S):
                    await done.wait()
    finally:
        await follower.stop()
    return records, last


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


async def until_reachable(call: Callable[[], Awaitable[T]]) -> T:
    """Like `until_hub`, but retry only while the hub is unreachable; a refusal is raised."""
    delay = 0.2
    while True:
        try:
            return await call()
        except TransportUnavailable as exc:
            log.warning("hub %s; retrying in %.1f s", type(exc).__name__, delay)
            await asyncio.sleep(delay)  # back-off between attempts
            delay = min(delay * 2, 10.0)
