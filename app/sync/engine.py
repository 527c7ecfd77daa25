"""The pump between the transport and the replica: follow the log, check, store, apply.

Each batch the transport delivers is run through the pure `LogReader` and applied to the replica
in one transaction together with the new cursor, so a crash never leaves half a batch applied and
a restart resumes exactly after the last committed record.

The three steps overlap (`app.sync.pipeline`): while the replica applies one batch, the worker
thread checks and opens the next and the transport fetches the one after. Order is kept (one
worker, one applier, both first in first out) and nothing is applied that the reader did not
accept. While catching up, batches already opened join one transaction.

A write the replica refuses (a full disk) pauses the applier with the batch in hand; it is
written again, with back-off, until it works (`app.sync.store_pause`), so no record is skipped
and the cursor never passes one that was not applied.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from app.aio import cancel_and_wait
from app.crypto.sender_key import SenderKey
from app.domain.errors import StoreClosed, StorePaused, StoreUnavailable
from app.domain.ids import ConversationId
from app.domain.model import HubIntegrity, LocalStoreState, SyncProgress
from app.store.records import AppliedRecord, ChangeSet
from app.store.replica import Replica
from app.sync.pipeline import InOrder, Opening
from app.sync.protocol import (
    FORGED,
    GAP,
    REORDERED,
    REPLAYED,
    WITHHELD_LINK,
    LogReader,
    Received,
    Refused,
)
from app.sync.store_pause import StorePause
from app.sync.transport import Follower, LogRecord, StaleWrite, Transport, TransportError

log = logging.getLogger(__name__)

ChangeSink = Callable[[ChangeSet], None]
ProgressSink = Callable[[SyncProgress], None]
IntegritySink = Callable[[HubIntegrity], None]

FETCHED_AHEAD = 16
"""Batches fetched and handed to the worker beyond the one being applied. The transport's
batches hold up to 256 records, so at most about 4,000 records (a few MB) wait in memory.
Sixteen, so that a catching-up applier finds APPLIED_AT_ONCE records opened and joins them
into one transaction: with eight it never found more than 2,048, and each commit rewrites the
tips of every index and runs a WAL checkpoint (4,096 a commit: about 10% less SQLite CPU per
record than 2,048 on 100,000)."""

APPLIED_AT_ONCE = 4096
"""Records at most in one transaction while catching up. Each commit costs a WAL sync and a
round of index writes, so fewer, larger ones are faster; this bounds the time one write holds
the replica from the views' reads (about a third of a second at today's pace)."""


LIVE_PACE = 0.04
"""Seconds at least from one small batch to the next fetch while the log arrives faster.

Each batch costs about 1.5 ms of CPU whatever its size (a pull request, a hop to the worker
and one to SQLite, a commit that encrypts and writes every page it touched: measured 0.75 ms
for the commit of a one-record batch, 1.2 ms for the whole apply). At 500 messages a second
that is most of a core per desk if every message comes alone, and a desk that falls behind
stays behind. Waiting until LIVE_PACE has passed since the previous batch lets what arrives
meanwhile come as one batch: at most LIVE_PACE of delay, and only while messages come faster
than one per LIVE_PACE; a message after a quiet spell is fetched and applied at once.

40 ms, not 20: on an idle 2-core machine, `bench live --rate 500 --desks 10 --seconds 15`
alternated, 20 ms gave p99 208 and 210 ms (12.2 messages a batch, 287 µs of desk CPU a
message, the machine's demand 0.98x), 40 ms p99 120 and 125 ms (19.8 a batch, 240 µs, 0.85x):
with ten desks sharing the cores, the CPU a larger batch saves shortens the queue in front of
them by more than the pace adds (30, 50, 60 ms: p99 133, 113, 122; docs/bench.md)."""

PACED_BELOW = 64
"""Batches of at least this many records are never paced: the desk is catching up, and a
batch that large already carries its fixed cost well."""


class SyncEngine:
    """Applies the team log to one desk's replica, in stream order."""

    def __init__(
        self,
        transport: Transport,
        reader: LogReader,
        replica: Replica,
        on_changes: ChangeSink,
        on_progress: ProgressSink | None = None,
        on_integrity: IntegritySink | None = None,
        on_local_store: Callable[[LocalStoreState], None] | None = None,
    ) -> None:
        self._transport = transport
        self._reader = reader
        self._replica = replica
        self._on_changes = on_changes
        self._on_progress = on_progress
        self._on_integrity = on_integrity
        self._integrity = HubIntegrity()
        self._published = HubIntegrity()
        self._follower: Follower | None = None
        self._applied_seq = 0
        self._known_last = 0
        self._progress = asyncio.Condition()
        self._crypto: ThreadPoolExecutor | None = None
        self._waiting = InOrder(FETCHED_AHEAD)
        self._taken_seq = 0
        """The newest stream sequence handed to the pipeline (applied or on its way)."""
        self._last_batch_at = -LIVE_PACE
        """When the follower last handed over a batch (loop time), for LIVE_PACE."""
        self._applier: asyncio.Task[None] | None = None
        self._applying = False
        self._stopping = False
        self.store_pause = StorePause(on_local_store)
        """Whether applying waits for the replica to take writes again (a full disk)."""
        self.refused = 0
        """Records that failed a check (logged by reason, never reported to the server)."""
        self.unreadable = 0
        """Authentic records stored but not applied here (a newer kind, a missing key)."""

    @property
    def reader(self) -> LogReader:
        """The log reader (its chain, keys and author heads); read it, never feed it."""
        return self._reader

    @property
    def chain_invalid(self) -> str | None:
        """Why the team chain stopped validating, if it did: the desk must stop sending."""
        return self._reader.chain_invalid

    @property
    def integrity(self) -> HubIntegrity:
        """What this desk caught the hub doing since it opened (crypto.md §3.7)."""
        # list() copies under the GIL: the sync worker may add an author meanwhile.
        withheld = sum(len(seqs) for seqs in list(self._reader.missing.values()))
        return replace(self._integrity, withheld=withheld, chain_invalid=self._reader.chain_invalid)

    @property
    def applied_seq(self) -> int:
        return self._applied_seq

    @property
    def progress(self) -> SyncProgress:
        """How far the replica is behind what the hub is known to hold."""
        return SyncProgress(self._applied_seq, max(self._known_last, self._applied_seq))

    async def start(self) -> None:
        """Resume from the replica's cursor; returns at once, catching up runs in the back.

        There is no time limit on catching up: a new desk of a team with a long history shows
        `progress` and is usable while it syncs.
        """
        self._applied_seq = await self._replica.cursor()
        try:
            self._known_last = await self._transport.last_seq()
            await self._check_rollback()
        except TransportError as err:  # offline start: progress is learnt from batches
            log.info("hub not reachable at start (%s); syncing when it is", type(err).__name__)
        # Verifying and opening costs 60-300 us per record: off the loop, which under
        # qasync is the UI thread (style.md P1). One worker keeps the records in order: the
        # reader's checks follow each author's chain. A second worker would not help anyway:
        # pyca/cryptography holds the GIL in Ed25519, X25519 and ChaCha20 (measured: two
        # threads verify 1.0-1.2x as fast as one), so the overlap that pays is this thread's
        # crypto beside SQLite's, which releases the GIL while it works.
        self._crypto = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-open")
        self._taken_seq = self._applied_seq
        self._stopping = False
        self._applier = asyncio.create_task(self._apply_in_order(), name="sync-apply")
        self._applier.add_done_callback(self._applier_ended)
        self._follower = self._transport.follow(self._applied_seq + 1, self._on_batch)

    async def stop(self) -> None:
        # First release a follower waiting for room in the queue (the applier may be paused
        # on a full disk and take nothing more): it would otherwise hold the stop forever.
        self._stopping = True
        self._waiting.drop()
        if self._follower is not None:
            await self._follower.stop()
            self._follower = None
        await self._stop_applier()
        if self._crypto is not None:
            # Batches queued behind the one being opened are cancelled (the applier dropped
            # them); that one finishes off the loop, which keeps drawing meanwhile.
            crypto, self._crypto = self._crypto, None
            await asyncio.to_thread(crypto.shutdown, wait=True, cancel_futures=True)

    async def caught_up(self, within: float | None = 30.0) -> None:
        """Wait until everything the hub held when called has been applied here.

        Args:
            within: Seconds without progress before TimeoutError; None waits however long
                catching up takes (opening a desk). A bound suits an action a person waits on:
                it ends the wait when the sync stalls, never while it moves (a new desk's
                first sync may take minutes, and a claim made meanwhile must not fail for it).
        """
        target = await self._transport.last_seq()
        self._known_last = max(self._known_last, target)
        await self.reached(target, within)

    async def reached(self, seq: int, within: float | None = 30.0) -> None:
        """Wait until the record at stream sequence `seq` has been applied.

        Raises:
            TimeoutError: Nothing was applied for `within` seconds (None: never).
            StorePaused: With a bound: the replica takes no writes (a full disk), so applying
                waits until it does; None waits that out too.
        """
        async with self._progress:
            while self._applied_seq < seq:
                paused = self.store_pause.error
                if paused is not None and within is not None:
                    raise StorePaused("this desk's store takes no writes: syncing waits") from (
                        paused
                    )
                async with asyncio.timeout(within):  # restarts with every applied batch
                    await self._progress.wait()

    async def past_refused(
        self,
        conversation_id: ConversationId,
        known: int,
        stale: StaleWrite,
        *,
        past_own: bool = False,
    ) -> int | None:
        """After a guarded write on a conversation failed and this desk caught up: the hub's
        last sequence on its subject if every record there after `known` is one this desk
        refused (junk the hub stored), or, with `past_own`, one this device wrote itself: the
        conversation did not change behind this person's back, so the write may go after
        them. Else None (a colleague's event came in: a real conflict).

        Args:
            conversation_id: The conversation written to.
            known: The guard the write was decided on (the newest genuine record seen).
            stale: The failed write's error, naming the hub's last sequence.
            past_own: For replies: the rest of a burst typed on one view goes after the
                replies before it, also after a crash lost the outbox's memory of them
                (hand-overs and state changes wait for those replies first, `settled`). Not
                for decisions: two made at once on one view still conflict.
        """
        last = stale.last_seq
        if last is None or last <= known or self._applied_seq < last:
            return None
        subject = self._reader.conversation_subject(conversation_id)
        detail = await self._replica.conversation(conversation_id, subject=subject)
        if detail is None or detail.last_subject_seq != known and not past_own:
            return None
        me = self._reader.my_id
        if detail.last_subject_seq != known and await self._replica.others_wrote_after(
            subject, known, me
        ):
            return None
        log.info("guard moved past refused or own records up to stream seq %d", last)
        return last

    async def _check_rollback(self) -> None:
        """The hub must still hold the newest record this desk applied: the log only grows
        (crypto.md §3.7 "roll back the server view"). The replica keeps what it had."""
        if self._applied_seq > 0 and await self._transport.fetch(self._applied_seq) is None:
            self._report("rolled_back", "rollback", self._applied_seq, "newest-applied-gone")
            self._publish_integrity()

    def _report(self, field: str, kind: str, seq: int, code: str) -> None:
        """Count one attack and log it by kind, stream sequence and reason code (no payload)."""
        count = getattr(self._integrity, field) + 1
        self._integrity = replace(self._integrity, **{field: count})
        log.warning("hub attack: %s at stream seq %d (%s)", kind, seq, code)

    def _publish_integrity(self) -> None:
        """Tell the sink when what the desk shows about the hub changed."""
        integrity = self.integrity
        if integrity == self._published:
            return
        if integrity.chain_invalid is not None and self._published.chain_invalid is None:
            log.warning("team chain invalid: %s", integrity.chain_invalid)
        self._published = integrity
        if self._on_integrity is not None:
            try:
                self._on_integrity(integrity)
            except Exception:  # a listener's bug must not stop the desk from syncing
                log.exception("an integrity listener failed")

    async def _on_batch(self, records: Sequence[LogRecord]) -> None:
        """The follower's callback: start checking and opening the batch, queue it, return.

        Returning before the batch is applied lets the transport fetch the next one meanwhile;
        `InOrder.put` waits when FETCHED_AHEAD batches already wait, which holds the fetching.

        Raises:
            Exception: What ended the applier (a bug: a failing disk only pauses it), so the
                follower ends too.
        """
        applier = self._applier
        if applier is not None and applier.done():
            error = None if applier.cancelled() else applier.exception()
            raise RuntimeError("syncing stopped: applying failed") from error
        fresh = [r for r in records if r.seq > self._taken_seq]  # redeliveries after reconnect
        if not fresh:
            return
        self._taken_seq = fresh[-1].seq
        loop = asyncio.get_running_loop()
        results = loop.run_in_executor(self._crypto, self._receive_all, fresh)
        await self._waiting.put(Opening(records[-1].seq, results, len(fresh)))
        await self._pace(len(records))

    async def _pace(self, size: int) -> None:
        """Hold the follower until LIVE_PACE has passed since the previous small batch, and
        until the applier has taken it, so what arrives meanwhile comes as one batch.

        Opening costs the worker a signature check and two thread hops per batch, and the loop
        a round of wake-ups, whatever the batch's size. When the applier lags (a busy
        machine), a small batch fetched every LIVE_PACE would only queue behind it; held
        instead, what arrives meanwhile stays on the hub and comes as one batch, fetched and
        opened while the one before is applied. A desk that keeps up does not wait here: its
        applier takes a batch as soon as it is queued.
        """
        now = asyncio.get_running_loop().time()
        due = self._last_batch_at + LIVE_PACE
        if size >= PACED_BELOW or self._stopping:
            self._last_batch_at = now
            return
        if due > now:
            # The hold ends at `due`: the next batch is counted from there, not from now (from
            # now, every other batch came unpaced: two per LIVE_PACE instead of one).
            self._last_batch_at = due
            await asyncio.sleep(due - now)  # pacing the fetches, not waiting for a result
        else:
            self._last_batch_at = now
        await self._waiting.taken()

    async def _apply_in_order(self) -> None:
        """Apply opened batches in stream order, joining those already opened into one
        transaction (catching up), until the engine stops."""
        while not self._stopping:
            first = await self._waiting.first()
            results = list(await first.results)
            cursor = first.cursor
            for opening in self._waiting.opened(APPLIED_AT_ONCE - len(results)):
                results += opening.results.result()
                cursor = opening.cursor
            changes = await self._store(cursor, results)
            if changes:
                self._notify(changes)

    def _applier_ended(self, applier: asyncio.Task[None]) -> None:
        """Logged here, once, as nobody awaits the applier while the desk runs. The batches
        waiting are dropped: a follower held in `InOrder.put` (the queue was full) goes on to
        its next batch, which ends it, and the desk keeps what it applied."""
        if not applier.cancelled() and (error := applier.exception()) is not None:
            log.error("applying the log stopped: %r", error, exc_info=error)
        self._waiting.drop()

    async def _stop_applier(self) -> None:
        """Let a transaction in hand commit, then end; batches not yet applied are dropped
        (the next start fetches them again from the cursor)."""
        self._stopping = True
        applier, self._applier = self._applier, None
        if applier is not None and self._applying:
            await asyncio.wait({applier})
        await cancel_and_wait(applier)
        self._waiting.drop()

    async def _store(self, cursor: int, results: list[Received]) -> ChangeSet | None:
        """Count, log and write one batch with its cursor, trying again while the replica
        refuses writes; None if the engine stopped meanwhile (nothing written)."""
        batch = self._accepted(results)
        while not self._stopping:
            self._applying = True
            try:
                changes = await self._write(batch, cursor)
            except StoreClosed:
                raise
            except StoreUnavailable as err:
                delay = self.store_pause.failed(err)
            else:
                self.store_pause.worked()
                return changes
            finally:
                self._applying = False
            async with self._progress:
                self._progress.notify_all()  # bounded waits say "paused" instead of waiting
            await asyncio.sleep(delay)  # back-off; stop() cancels it
        return None

    def _accepted(self, results: list[Received]) -> _Batch:
        """What of `results` goes into the replica; refusals and notices counted once."""
        batch = _Batch()
        for result in results:
            if isinstance(result, Refused):
                self.refused += 1
                log.warning("record %d refused: %s", result.seq, result.reason)
                if result.kind in _FIELDS:
                    self._report(_FIELDS[result.kind], result.kind, result.seq, result.reason)
                continue
            if result.notice is not None:
                kind, count = result.notice
                self._report(_FIELDS[kind], kind, result.seq, f"{count} author_seq")
            if result.problem is not None:
                self.unreadable += 1
                log.warning("record %d stored unread: %s", result.seq, result.problem)
            if result.new_seed is not None:
                batch.seeds.append(result.new_seed)
            if result.new_sender_key is not None:
                batch.sender_keys.append(result.new_sender_key)
            batch.records.append(result)  # an Accepted is the record the replica stores
        return batch

    async def _write(self, batch: _Batch, cursor: int) -> ChangeSet:
        """Write a batch; keys first (each write is idempotent, so a retry may repeat them)."""
        for seed in batch.seeds:
            await self._replica.save_seed(*seed)
        for key in batch.sender_keys:
            await self._replica.save_sender_key(key)
        changes = await self._replica.apply_batch(batch.records, cursor=cursor)
        async with self._progress:
            self._applied_seq = cursor
            self._known_last = max(self._known_last, cursor)
            self._progress.notify_all()
        if self._on_progress is not None:
            self._on_progress(self.progress)
        self._publish_integrity()
        return changes

    def _notify(self, changes: ChangeSet) -> None:
        try:
            self._on_changes(changes)
        except Exception:  # a listener's bug must not stop the desk from syncing
            log.exception("a change listener failed")

    def _receive_all(self, records: Sequence[LogRecord]) -> list[Received]:
        """The open-and-verify step: every check of the receive pipeline (security.md), one
        batch at a time. Runs on the sync worker thread, the only caller of `receive()`.

        The loop thread only reads the reader's state (chain, keyring, heads), which
        `receive()` replaces or sets one attribute or dict item at a time.
        """
        return self._reader.receive_batch(records)  # one signature per run (security.md 2.12)


@dataclass(slots=True)
class _Batch:
    """One batch as the replica takes it: accepted records, and keys they brought."""

    records: list[AppliedRecord] = field(default_factory=list)
    seeds: list[tuple[int, bytes]] = field(default_factory=list)
    sender_keys: list[SenderKey] = field(default_factory=list)


_FIELDS = {
    FORGED: "forged",
    REPLAYED: "replayed",
    GAP: "gaps",
    REORDERED: "reordered",
    WITHHELD_LINK: "ahead_of_chain",
}
"""Which `HubIntegrity` count each kind of record raises. CHAIN refusals are not counted:
they follow from a chain that stopped validating, reported once as `chain_invalid`."""
