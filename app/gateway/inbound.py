"""Sealing gateway events into the team log: in runs, pipelined, keeping the author chain whole.

Webhook handlers and the gateway's own reports hand events to one `InboundPublisher`. A single
pump takes what is waiting (up to `WINDOW` events), seals it as the next run of the gateway's
author chain, reserves the run in the local state (one disk flush), and publishes it with the
acknowledgements in flight together; a webhook is answered only once its events are stored.
A bounded queue is the backpressure: past `QUEUE_LIMIT` waiting events, webhooks get 503 and
Meta retries later, so a flood cannot grow memory without bound.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from app.aio import cancel_and_wait
from app.crypto.envelope import envelope_hash, parse_envelope
from app.domain.errors import EnvelopeRejected
from app.domain.ids import EVENT_ID_RANDOM_LEN, time_ordered_event_id
from app.domain.model import Role
from app.gateway.own_chain import Attack, OwnRecord, report
from app.gateway.sealing import GatewayLog
from app.gateway.state import GatewayState, OwnHead
from app.gateway.trouble import Trouble
from app.log.events import (
    CustomerEdit,
    CustomerIdChanged,
    CustomerMessage,
    CustomerRevoke,
    DeliveryStatusChanged,
    ForeignWebhooks,
    GatewayEvent,
    GatewayStatus,
    HistoryChunk,
    PhoneEcho,
    PreferenceChanged,
)
from app.sync.subjects import Subjects
from app.sync.transport import (
    LogRecord,
    PublishAck,
    StaleWrite,
    Transport,
    TransportError,
    TransportUnavailable,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

WINDOW = 256
"""Events sealed, reserved and published together: one disk flush and one guarded publish for
the run, the other acknowledgements awaited together."""
SEAL_CHUNK = 8
"""Events sealed in one go on the loop (under a millisecond): 32 at once held the POSTs'
answers for 2 ms and more at 2,000 webhooks a second."""
QUEUE_LIMIT = 4096
"""Events that may wait for the pump; beyond, webhooks are answered 503 (Meta retries)."""
HINT_EVERY_S = 1.0
HEAD_SAVE_DELAY_S = 1.0
"""How long the head noted by the last run may wait in memory for the next run's reservation
(which writes it with no flush of its own) before the idle gateway writes it alone. Saved as
soon as the queue ran dry, it cost a disk-flushed transaction and a thread hop per run, and at
500 webhooks a second most runs are one event: about a fifth of the gateway's CPU."""
"""At most this often the hub's KV gets a hint of where the gateway's newest record is."""
_SEEN_LIMIT = 100_000
_MAX_RECONCILE = 5
"""Refused guarded publishes in a row before answering 503 (a writer flooding `.in`)."""
_MAX_COLLEAGUE_ROUNDS = 25
"""Refusals in a row caused only by the team's other gateways: their writes are the team's
own traffic, and each round reads them, so the gateway tries longer before a 503."""
_READ_STALL_S = 10.0

RedeliveryKey = tuple[str, int]


class GatewayBusy(TransportUnavailable):
    """More events wait to be published than `QUEUE_LIMIT`: ask Meta to retry later."""


@dataclass(eq=False)
class _Item:
    """One event on its way to the hub, and everyone waiting for it to be stored."""

    event: GatewayEvent | None
    """None for an envelope reserved before the last stop (its event is not known)."""
    key: RedeliveryKey | None
    once: bool = False
    """A webhook item: remembered as published, so Meta's redelivery is dropped."""
    waiters: list[tuple[asyncio.Future[bool], bool]] = field(default_factory=list)
    """(future, whether it is the first asker's) for each caller waiting."""
    envelope: bytes = b""
    author_seq: int = 0
    msg_id: str = ""


class _Line:
    """The events waiting for the pump, in arrival order, at most `limit` (0: no limit).

    What `asyncio.Queue` did here, without its task counting, its `Event` and its lists of
    waiting getters and putters: a put was some ten Python calls, here it is three (the pump
    is its only taker, and a full line is refused before a put, never waited on).
    """

    def __init__(self, limit: int) -> None:
        self._items: deque[_Item | None] = deque()
        self._limit = limit
        self._wakeup: asyncio.Future[None] | None = None

    def __len__(self) -> int:
        return len(self._items)

    def full(self) -> bool:
        return 0 < self._limit <= len(self._items)

    def put(self, item: _Item | None) -> None:
        """Add `item` (None only wakes the pump); the caller checked `full` first."""
        self._items.append(item)
        wakeup, self._wakeup = self._wakeup, None
        if wakeup is not None and not wakeup.done():
            wakeup.set_result(None)

    async def take(self, most: int) -> list[_Item | None]:
        """The first `most` items at most, once there is one."""
        items = self._items
        while not items:
            self._wakeup = asyncio.get_running_loop().create_future()
            await self._wakeup
        return [items.popleft() for _ in range(min(most, len(items)))]

    def take_all(self) -> list[_Item | None]:
        taken = list(self._items)
        self._items.clear()
        return taken


class InboundPublisher:
    """Publishes the gateway's events on `.in`: never twice, never out of chain order.

    The hub is not trusted with the author chain: the head is kept in the local `state` too,
    records on `.in` are read back and verified as the gateway's own before they count, and
    whatever else the hub holds there is reported and stepped over (crypto.md §3.7). Records
    of the team's other gateways are theirs: stepped over without a report.
    """

    def __init__(
        self,
        team_log: GatewayLog,
        transport: Transport,
        clock: Callable[[], float],
        stats: dict[str, int],
        state: GatewayState,
        *,
        window: int = WINDOW,
        queue_limit: int = QUEUE_LIMIT,
    ) -> None:
        self._log = team_log
        self._transport = transport
        self._clock = clock
        self._stats = stats
        self._state = state
        self._window = window
        team_hex = team_log.chain.team_id.hex()
        self._subject = Subjects(team_hex).inbound
        self._bucket = f"SB_{team_hex}_sent"
        self._hint_key = f"head.{team_log.keys.device_id.hex()}"
        self._hinted = 0
        self._hinted_at = float("-inf")
        self.sealing = asyncio.Lock()
        """Held while a run is sealed (off the loop): the chain view must not change meanwhile."""
        self._queue = _Line(queue_limit)
        self._inflight: dict[RedeliveryKey, _Item] = {}
        self._unacked: list[_Item] = []
        """Sealed and reserved, not yet known to be stored: published first, byte for byte."""
        self._found: dict[bytes, int] = {}
        """Envelopes of `_unacked` found stored while reconciling, and where."""
        self._pump_task: asyncio.Task[None] | None = None
        self._head_saver: asyncio.Task[None] | None = None
        """Writes the noted head once the gateway stayed idle for HEAD_SAVE_DELAY_S."""
        self._inbound_seq = 0
        """Stream sequence of the newest record on `.in`: the guard for the next publish."""
        self._rollback_seen: OwnHead | None = None
        self._seen: OrderedDict[RedeliveryKey, None] = OrderedDict()
        self._sealing = Trouble(log, "sealing a run")

    # -- start and stop ---------------------------------------------------------------------------

    async def resume(self) -> None:
        """Continue the author chain after the newest genuine record (crypto.md §3.6 step 8).

        Start time does not grow with the log: after a clean stop nothing is reserved, so the
        gateway only checks that the hub still holds its head. After a crash with envelopes
        reserved, `.in` is read from the local head on, verifying each record as the gateway's
        next envelope, and what the hub lacks is published again byte for byte. A gateway whose
        local state is gone reads from where the hub's hint says its newest record is (from
        nothing if there is no hint: it never published).
        """
        head = self._state.head
        if head is not None:
            self._log.resume_at(head.author_seq, head.envelope_hash)
        if head is not None and not self._state.pending_run:
            await self._check_head(head)
        else:
            start = head.stream_seq if head is not None else await self._hinted_start()
            if start is not None:
                await self._adopt_own_records(head, start)
            else:
                last = await self._transport.last_on_subject(self._subject)
                self._inbound_seq = last.seq if last else 0
        await self._republish_reserved()
        self._pump_task = asyncio.create_task(self._pump(), name="gateway-inbound")

    async def close(self) -> None:
        """Stop publishing; whatever waits is refused (Meta retries), reserved runs stay."""
        await cancel_and_wait(self._pump_task)  # first: its runs may start the head's saver
        await cancel_and_wait(self._head_saver)
        self._pump_task = self._head_saver = None
        stopped = TransportUnavailable("the gateway is stopping")
        for item in self._queue.take_all():
            if item is not None:
                self._settle(item, stopped)
        for item in self._unacked:
            _fail_waiters(item, stopped)
        await self._state.save_head()
        with contextlib.suppress(TransportError):
            await self._hint(force=True)

    async def _check_head(self, head: OwnHead) -> None:
        """A clean start: the hub must still hold the head. The first publish is guarded by
        it, so what the hub added to `.in` since is read and reported then; with other
        gateways on the team, their records since are theirs, and are not read at all."""
        own = await self._transport.fetch(head.stream_seq)
        if own is None or not _is(own, head):
            self._report_rollback(head)
        self._inbound_seq = head.stream_seq
        if self._colleagues():
            last = await self._transport.last_on_subject(self._subject)
            self._inbound_seq = last.seq if last else 0

    async def _adopt_own_records(self, head: OwnHead | None, start: int) -> None:
        records, last = await read_subject(self._transport, self._subject, start)
        newest: OwnHead | None = None
        head_found = head is None
        for record in records:
            if head is not None and record.seq == head.stream_seq and _is(record, head):
                head_found = True
                continue
            if self._colleague(record.data):
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

    async def _republish_reserved(self) -> None:
        """Publish the envelopes reserved before a stop that the hub does not hold."""
        run = [entry for entry in self._state.pending_run if entry[0] > self._log.head[0]]
        if not run or run[0][0] != self._log.head[0] + 1:
            return  # found in the hub (and adopted above), or superseded
        log.info("publishing %d envelopes reserved before the last stop", len(run))
        for author_seq, envelope in run:
            item = _Item(None, None, envelope=envelope, author_seq=author_seq)
            item.msg_id = _msg_id(envelope)
            self._unacked.append(item)
        self._log.resume_at(run[-1][0], envelope_hash(run[-1][1]))
        try:
            await self._flush()
        except TransportError as exc:  # the next run sends them first
            log.warning("reserved envelopes not yet published: %s", type(exc).__name__)

    # -- asking ---------------------------------------------------------------------------------

    def already_published(self, event: GatewayEvent) -> bool:
        """Whether Meta delivered this item before and it is in the log (counted)."""
        if redelivery_key(event) in self._seen:
            self._stats["duplicates"] += 1
            return True
        return False

    def submit_once(self, event: GatewayEvent) -> asyncio.Future[bool]:
        """Queue one webhook item unless Meta delivered it before.

        Returns:
            A future: True once published now; False if it was published before or is being
            published for an earlier delivery, or if it cannot be sealed (reported and skipped:
            answering 500 would make Meta retry the whole batch for days and hold back every
            item after it). It raises TransportUnavailable if the hub did not store it.

        Raises:
            GatewayBusy: Too many events wait already.
        """
        key = redelivery_key(event)
        if key in self._seen:  # desks de-duplicate too; this only saves work
            done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
            done.set_result(False)
            return done
        return self._submit(event, key, once=True)

    async def publish_once(self, event: GatewayEvent) -> bool:
        """`submit_once` and wait for it."""
        return await self.submit_once(event)

    async def publish(self, event: GatewayEvent) -> None:
        """Seal and store one event.

        An envelope whose publish failed may or may not be stored; it is re-sent byte for byte
        (same id, so the hub de-duplicates) before anything new, and asking again for an event
        that is still pending only waits for that re-send.

        Raises:
            TransportError: The hub did not store it (yet).
            ValueError, EnvelopeRejected: It cannot be sealed.
        """
        await self._submit(event, redelivery_key(event), once=False)

    def _submit(
        self, event: GatewayEvent, key: RedeliveryKey, *, once: bool
    ) -> asyncio.Future[bool]:
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        item = self._inflight.get(key)
        if item is not None:
            item.waiters.append((future, False))
            if item.envelope and not self._queue.full():
                self._queue.put(None)  # an envelope waiting for a re-send: wake the pump
            return future
        if self._queue.full():
            raise GatewayBusy(f"{len(self._queue)} events wait to be published")
        item = _Item(event, key, once, [(future, True)])
        self._inflight[key] = item
        self._queue.put(item)
        return future

    # -- the pump -------------------------------------------------------------------------------

    async def _pump(self) -> None:
        """Seal and reserve the next run while the previous one's acknowledgements are in
        flight; publish runs one after the other, each guarded by where the last one ended."""
        publishing: asyncio.Task[None] | None = None
        try:
            while True:
                batch = await self._queue.take(self._window)
                items = [item for item in batch if item is not None]
                sealed = await self._prepare(items)
                if publishing is not None:
                    await publishing
                publishing = asyncio.create_task(self._publish(sealed), name="gateway-run")
        finally:
            await cancel_and_wait(publishing)

    async def _prepare(self, items: list[_Item]) -> list[_Item]:
        """Seal `items` as the next run and reserve it; [] if there is nothing to publish.

        While earlier runs wait for a hub that did not store them, nothing new is sealed:
        the webhooks get 503 at once (Meta retries), and memory stays bounded.
        """
        if len(self._unacked) >= self._window:
            unavailable = TransportUnavailable("earlier events still wait for the hub")
            for item in items:
                self._settle(item, unavailable)
            return []
        try:
            sealed = await self._seal(items)
            if sealed:
                await self._reserve(sealed)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug or a full disk fails these events, not later ones
            self._sealing.failed(exc)
            for item in items:
                self._settle(item, exc)
            return []
        self._sealing.worked()
        return sealed

    async def _reserve(self, sealed: list[_Item]) -> None:
        try:
            await self._state.reserve_run([(i.author_seq, i.envelope) for i in sealed])
        except BaseException:
            # Not reserved, so never published: the chain goes on where it stood.
            first = parse_envelope(sealed[0].envelope).header
            self._log.resume_at(first.author_seq - 1, first.author_prev)
            raise

    async def _publish(self, sealed: list[_Item]) -> None:
        """Publish what earlier runs left, then `sealed`, in chain order."""
        self._unacked.extend(sealed)
        try:
            await self._flush()
        except TransportError as exc:
            for item in self._unacked:
                _fail_waiters(item, exc)
        except Exception as exc:  # a bug: these waiters get it, later runs go on
            log.exception("publishing a run failed")
            for item in self._unacked:
                _fail_waiters(item, exc)
        await self._hint()
        self._save_head_later()

    def _save_head_later(self) -> None:
        """Write the noted head within HEAD_SAVE_DELAY_S unless a run's reservation does.

        Safe to leave in memory: the envelopes up to it stay reserved on disk meanwhile, and
        after a crash they are found on `.in` and adopted (`resume`). One timer for the idle
        spell, not one per run.
        """
        if self._head_saver is None or self._head_saver.done():
            self._head_saver = asyncio.create_task(self._save_head_idle(), name="gateway-head")

    async def _save_head_idle(self) -> None:
        await asyncio.sleep(HEAD_SAVE_DELAY_S)  # a pause, not a wait for a condition
        try:
            await self._state.save_head()  # nothing to write if a reservation carried it
        except (OSError, sqlite3.Error) as exc:
            log.warning("head not saved yet: %s", type(exc).__name__)

    async def _seal(self, items: list[_Item]) -> list[_Item]:
        """Seal the run; an event that cannot be sealed fails alone.

        On the loop, SEAL_CHUNK events at a time with a turn of the loop between. The
        signature (most of the cost) releases the GIL, but each envelope's header names the
        hash of the one before, so a run is sealed one envelope after the other. On a thread
        of its own the CPU only moved off the loop, with no gain where the cores are busy
        anyway, and a hand-over per run at live rates (docs/bench.md, "bench gateway").
        """
        events = [item.event for item in items if item.event is not None]
        sealed: list[tuple[int, bytes, str] | Exception] = []
        keys: dict[int, _Item] = {}  # a new sender key, by the first event sealed under it
        async with self.sealing:
            now = int(self._clock())
            for start in range(0, len(events), SEAL_CHUNK):
                key = self._sender_key_item(now)
                if key is not None:
                    keys[start] = key
                sealed += self._seal_run(events[start : start + SEAL_CHUNK], now)
                if start + SEAL_CHUNK < len(events):  # not after the last: the run goes on
                    await asyncio.sleep(0)  # let webhooks and acknowledgements in
        done: list[_Item] = []
        for index, (item, result) in enumerate(zip(items, sealed, strict=True)):
            if index in keys:
                done.append(keys[index])  # in the chain already: published whatever follows
            if isinstance(result, Exception):
                log.error("gateway event could not be sealed: %s", type(result).__name__)
                self._settle(item, result)
                continue
            item.author_seq, item.envelope, item.msg_id = result
            done.append(item)
        return done

    def _sender_key_item(self, now: int) -> _Item | None:
        """A type-6 envelope with a new sender key when one is due (security.md 2.12): at
        start, on a new epoch, after SENDER_KEY_EVENTS events or an hour. It goes out before
        the events sealed under it, as an item no one waits for."""
        if not self._log.needs_sender_key(now):
            return None
        key_id = os.urandom(16)
        envelope = self._log.seal_sender_key(now, key_id)
        item = _Item(None, None, envelope=envelope, author_seq=self._log.head[0] + 1)
        item.msg_id = key_id.hex()
        self._log.published(envelope)  # events from here on are sealed under it
        return item

    def _seal_run(
        self, events: list[GatewayEvent], now: int
    ) -> list[tuple[int, bytes, str] | Exception]:
        """Seal each event as the next link of the author chain.

        Returns (author_seq, envelope, the hub's message id) or the error, per event.
        """
        sealed: list[tuple[int, bytes, str] | Exception] = []
        unix_ms = int(self._clock() * 1000)
        for event in events:
            # Chosen here: the message id without parsing it back. Time-ordered, so the
            # desks' event-id indexes append (app.domain.ids.time_ordered_event_id).
            event_id = time_ordered_event_id(unix_ms, os.urandom(EVENT_ID_RANDOM_LEN))
            try:
                envelope = self._log.seal(event, now, event_id)
            except (ValueError, EnvelopeRejected) as exc:
                sealed.append(exc)
                continue
            sealed.append((self._log.head[0] + 1, envelope, event_id.hex()))
            self._log.published(envelope)  # the next envelope names this one as its prev
        return sealed

    async def _flush(self) -> None:
        """Publish `_unacked` in order: the first guarded, the rest with their acknowledgements
        in flight together. Returns when all are stored.

        Raises:
            TransportError: The hub did not store some (they stay, to be re-sent first).
        """
        while self._unacked:
            first = self._unacked[0]
            seq = self._found.pop(first.envelope, None)
            if seq is None:
                seq = await self._publish_guarded(first)
            await self._landed([first], [seq])
            rest = list(self._unacked)
            if not rest:
                return
            stored: list[int] = []
            for result in await self._publish_plain(rest):
                if isinstance(result, TransportError):
                    await self._landed(rest[: len(stored)], stored)
                    raise result
                stored.append(result)
            await self._landed(rest, stored)

    async def _publish_plain(self, items: list[_Item]) -> list[int | TransportError]:
        """Each item's stream sequence (or error): those found stored while reconciling as
        found, the others published together in one go."""
        found = [self._found.pop(item.envelope, None) for item in items]
        pairs = zip(items, found, strict=True)
        wanted = [(item.envelope, item.msg_id) for item, seq in pairs if seq is None]
        acks = iter(await self._transport.publish_many(self._subject, wanted))
        results: list[int | TransportError] = []
        for seq in found:
            result = seq if seq is not None else next(acks)
            results.append(result.seq if isinstance(result, PublishAck) else result)
        return results

    async def _landed(self, items: list[_Item], seqs: list[int]) -> None:
        """The hub stored `items` at `seqs`: advance the head, answer everyone waiting."""
        if not items:
            return
        last = items[-1]
        self._inbound_seq = max(self._inbound_seq, *seqs)
        # On disk with the next run's reservation, or when the queue runs dry (`_pump`).
        self._state.note_head(OwnHead(last.author_seq, envelope_hash(last.envelope), seqs[-1]))
        del self._unacked[: len(items)]
        for item in items:
            if item.event is not None:
                # The gateway's own connection reports are not customer traffic: kept apart, so
                # "published" says what reached the desks from Meta.
                counter = "reports" if isinstance(item.event, GatewayStatus) else "published"
                self._stats[counter] += 1
            if item.once and item.key is not None:
                self._seen[item.key] = None
                if len(self._seen) > _SEEN_LIMIT:
                    self._seen.popitem(last=False)
            self._settle(item, True)

    def _settle(self, item: _Item, outcome: bool | BaseException) -> None:
        """Answer everyone waiting for `item`; it is no longer in flight."""
        if item.key is not None and self._inflight.get(item.key) is item:
            del self._inflight[item.key]
        for future, first in item.waiters:
            if future.done():
                continue
            if isinstance(outcome, BaseException):
                if item.once and isinstance(outcome, (ValueError, EnvelopeRejected)):
                    future.set_result(False)  # reported and skipped (see `submit_once`)
                else:
                    _fail(future, outcome)
            else:
                future.set_result(outcome and first)
        item.waiters.clear()

    async def _publish_guarded(self, item: _Item) -> int:
        """Publish the first envelope of a run, guarded so that only this gateway's view of
        `.in` is extended.

        The envelope was reserved in the local state first, so a crash can never lead to
        another envelope with its `author_seq`. The publish names the last sequence on `.in`
        that this gateway has looked at: a second writer with the gateway's identity would fork
        its author chain, and every desk would refuse what follows. When the hub refuses, the
        records since are read and verified: our own earlier attempt that did land ends the
        publish, another genuine writer stops it, records of the team's other gateways are
        stepped over, and anything else (a foreign or replayed record, a deleted one of ours)
        is reported and stepped over.

        Raises:
            TransportUnavailable: The subject keeps changing, or has another writer.
            TransportError: The hub refused or did not answer.
        """
        strangers = colleagues = 0
        while strangers < _MAX_RECONCILE and colleagues < _MAX_COLLEAGUE_ROUNDS:
            try:
                ack = await self._transport.publish(
                    self._subject,
                    item.envelope,
                    msg_id=item.msg_id,
                    expected_last_subject_seq=self._inbound_seq,
                )
                return ack.seq
            except StaleWrite:
                only_colleagues = await self._reconcile()
                seq = self._found.pop(item.envelope, None)
                if seq is not None:
                    return seq
                if only_colleagues:
                    colleagues += 1
                else:
                    strangers += 1
        log.error("the inbound subject keeps changing under the gateway: not publishing")
        raise TransportUnavailable("inbound subject keeps changing")

    async def _reconcile(self) -> bool:
        """After a refused guarded publish: note where envelopes of `_unacked` landed, and
        report the rest, up to the subject's newest record (the guard for the next attempt).

        Returns:
            Whether the refusal was the team's other gateways' doing: their records were read,
            and nothing else (a refusal with nothing new to read counts as a stranger's).

        Raises:
            TransportUnavailable: Another writer extended the gateway's chain.
        """
        head = self._state.head
        if head is not None and head != self._rollback_seen:
            own = await self._transport.fetch(head.stream_seq)
            if own is None or not _is(own, head):
                self._report_rollback(head)
        records, last = await read_subject(self._transport, self._subject, self._inbound_seq + 1)
        waiting = {item.envelope for item in self._unacked}
        colleagues = strangers = 0
        for record in records:
            if record.data in waiting:
                self._found[record.data] = record.seq
                continue
            if self._colleague(record.data):
                colleagues += 1
                continue
            strangers += 1
            verdict = self._log.classify(record.data)
            if isinstance(verdict, OwnRecord):
                log.error("another writer extended the inbound subject: not publishing")
                raise TransportUnavailable("inbound subject has another writer")
            report(self._stats, verdict, "the inbound subject", record.seq)
        self._inbound_seq = last.seq if last else 0
        return colleagues > 0 and strangers == 0

    def _colleagues(self) -> bool:
        """Whether the team has other active gateways (writing on `.in` too)."""
        me = self._log.keys.device_id
        return any(
            entry.role is Role.GATEWAY and entry.device_id != me
            for entry in self._log.chain.active_devices()
        )

    def _colleague(self, data: bytes) -> bool:
        """Whether `data` names another of the team's gateways as its author: its own chain,
        which the desks verify (the hub could forge the name, but not make desks accept it)."""
        try:
            author = parse_envelope(data, team_id=self._log.chain.team_id).header.author
        except (EnvelopeRejected, ValueError):
            return False
        entry = self._log.chain.devices.get(author)
        return (
            author != self._log.keys.device_id and entry is not None and entry.role is Role.GATEWAY
        )

    def _report_rollback(self, head: OwnHead) -> None:
        self._rollback_seen = head
        report(
            self._stats,
            Attack.ROLLBACK,
            "the inbound subject",
            head.stream_seq,
            f"the gateway's record {head.author_seq} is gone; continuing after it",
        )

    # -- the hub's hint of the head ---------------------------------------------------------------

    async def _hint(self, *, force: bool = False) -> None:
        """Tell the hub's KV where the newest record is, at most every HINT_EVERY_S: a gateway
        whose state folder is lost reads `.in` from there, not from the start."""
        head = self._state.head
        now = asyncio.get_running_loop().time()
        if head is None or head.stream_seq == self._hinted:
            return
        if not force and now - self._hinted_at < HINT_EVERY_S:
            return
        self._hinted_at = now
        try:
            await self._transport.kv_put(
                self._bucket, self._hint_key, str(head.stream_seq).encode()
            )
        except TransportError as exc:  # only a hint: the local head decides
            log.info("head hint not stored: %s", type(exc).__name__)
            return
        self._hinted = head.stream_seq

    async def _hinted_start(self) -> int | None:
        try:
            hint = await self._transport.kv_get(self._bucket, self._hint_key)
        except TransportError as exc:
            log.warning(
                "no head hint (%s): reading the inbound subject from the start", type(exc).__name__
            )
            return 1
        if hint is None:
            return None
        try:
            return max(1, int(hint))
        except ValueError:
            return 1


def _fail_waiters(item: _Item, error: BaseException) -> None:
    for future, _first in item.waiters:
        if not future.done():
            _fail(future, error)
    item.waiters.clear()


def _fail(future: asyncio.Future[bool], error: BaseException) -> None:
    """Fail `future`; a waiter that went away (a webhook whose caller hung up) is no bug, so
    the error counts as seen and is not logged as "never retrieved"."""
    future.set_exception(error)
    future.exception()


def _msg_id(envelope: bytes) -> str:
    """The hub's de-duplication id: the envelope's event id, so a re-send of the same bytes is
    dropped. Not the wamid: a copy dropped by the hub would leave a hole in the author chain
    of the gateway that sealed it (its next envelope names the dropped one as `author_prev`)."""
    return parse_envelope(envelope).header.event_id.hex()


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
        case (
            CustomerMessage(wamid=wamid)
            | CustomerEdit(wamid=wamid)
            | CustomerRevoke(wamid=wamid)
            | PhoneEcho(wamid=wamid)
        ):
            return (wamid, -1)  # an edit or a deletion has a wamid of its own
        case DeliveryStatusChanged(wamid=wamid, status=status):
            return (wamid, int(status))
        case CustomerIdChanged(previous_id=old, new_id=new, at=at):
            return (f"{old}>{new}", at)
        case ForeignWebhooks(number_tag=tag, at=at):
            return (f"foreign:{tag}", at)
        case PreferenceChanged(customer_id=customer, preference=preference, at=at):
            return (f"{customer}:{int(preference)}", at)
        case HistoryChunk(phase=phase, chunk_order=order, messages=messages):
            # A chunk's repr would hold every message: its place and first wamid tell it.
            first = messages[0].wamid if messages else ""
            return (f"history:{phase}:{order}:{first}", len(messages))
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
