"""The outbox runner: publishes queued replies durably, exactly once (style.md §2.4 habit 5).

A reply is written to the replica together with its job (one transaction), so nothing typed is
lost. The runner then publishes two envelopes: the type-1 reply on the conversation's subject,
guarded by the sequence the agent saw, and the type-3 request that asks the gateway to send it.
Both carry the job's content as the store decoded it: a text, or a file already sealed and
stored in the hub (the request names it, so the gateway can fetch and upload it).
Both carry fixed event ids, and before each publish the runner checks whether the log already
holds it, so a crash between any two steps never sends twice and never drops the request.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
from collections.abc import Callable

from app.aio import stop_if_cancelled
from app.domain.errors import StoreUnavailable
from app.domain.ids import ConversationId, EventId, short
from app.domain.model import LocalStoreState
from app.domain.send_codes import OUTBOX_GAVE_UP
from app.log.events import OutboundRequest, Reply
from app.store.records import ChangeSet, OutboxJob
from app.store.replica import Replica
from app.sync.engine import SyncEngine
from app.sync.publisher import Publisher
from app.sync.transport import StaleWrite, TransportUnavailable

log = logging.getLogger(__name__)

MAX_BACKOFF = 60
MAX_FAULTS = 5
"""Unexpected failures of one job before it is given up (a hub outage never counts)."""
MAX_JUNK_SKIPS = 5
"""Times one publish moves its guard past records the desk refused before it gives up."""
_REQUEST_ID_LABEL = b"switchboard/v1 outbound-request-id"

SETTLE_RECHECK_SECONDS = 1.0
"""How often `settled` looks again when no job ends meanwhile (a retry waiting out a backoff)."""


def request_event_id(subject_key: bytes, reply_event_id: EventId) -> EventId:
    """The fixed id of the type-3 request for a reply, so a retry can find it in the log.

    Keyed with the team's subject key: a plain hash would let the server link each request
    on `.out` to the reply (and so the conversation) it belongs to.
    """
    digest = hmac.new(subject_key, _REQUEST_ID_LABEL + reply_event_id, hashlib.sha256)
    return EventId(digest.digest()[:16])


class OutboxRunner:
    """Works through due outbox jobs; wake it after enqueuing.

    A job's end (sent, given up, or in conflict) changes its message's status in the replica;
    `on_changes` hears of it, so the window shows the verdict and offers to send again.
    """

    def __init__(
        self,
        replica: Replica,
        publisher: Publisher,
        engine: SyncEngine,
        subject_key: Callable[[], bytes],
        clock: Callable[[], float],
        on_changes: Callable[[ChangeSet], None] | None = None,
        on_local_store: Callable[[LocalStoreState], None] | None = None,
    ) -> None:
        self._on_changes = on_changes or (lambda _changes: None)
        self._on_local_store = on_local_store or (lambda _state: None)
        self._replica = replica
        self._publisher = publisher
        self._engine = engine
        self._subject_key = subject_key
        self._clock = clock
        self._faults: dict[EventId, int] = {}
        self._wake = asyncio.Event()
        self._job_done = asyncio.Condition()
        self._own_writes: dict[tuple[ConversationId, int], int] = {}
        """(conversation, expected seq) → seq our own write created from it."""
        self._published: dict[ConversationId, int] = {}
        """Per conversation, the stream sequence of this desk's newest reply published."""
        self.store_failures = 0
        """Rounds the local store failed (a full disk); the outbox waited and went on."""

    def wake(self) -> None:
        self._wake.set()

    async def settled(self, conversation_id: ConversationId) -> None:
        """Wait until this desk's replies to the conversation are in the log (or given up).

        A hand-over or state change decided after a reply must go after it: published first,
        it would make the reply's guard stale and the reply a conflict. Waits as long as the
        hub takes; the check repeats after every job and at least once a second.
        """
        while await self._replica.has_pending_outbox(conversation_id):
            self.wake()
            async with self._job_done:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(SETTLE_RECHECK_SECONDS):
                        await self._job_done.wait()
        # And applied here: the change decided next reads its guard from this replica, which
        # must already hold the replies (else the desk's own reply would make it a conflict).
        published = self._published.get(conversation_id)
        if published is not None:
            # A sync that stalls (the hub gone) ends the wait: the change then meets the
            # guard as before, and at worst is told the conversation changed.
            with contextlib.suppress(TimeoutError):
                await self._engine.reached(published)

    async def run(self) -> None:
        """Run until cancelled."""
        await self._wait_caught_up()
        store_failures = 0
        while True:
            self._wake.clear()
            try:
                jobs = await self._replica.due_outbox(int(self._clock()))
                for job in jobs:
                    await self._run_job(job)
                async with self._job_done:
                    self._job_done.notify_all()
                delay = await self._next_delay()
                if store_failures:
                    store_failures = 0
                    self._on_local_store(LocalStoreState.OK)
            except StoreUnavailable as err:
                # A full disk, say: what is queued stays queued, and the outbox goes on once
                # the replica takes writes again (a job it sent meanwhile is found in the log).
                store_failures += 1
                self.store_failures += 1
                self._on_local_store(LocalStoreState.FAILING)
                delay = min(MAX_BACKOFF, 2 ** min(store_failures, 6))
                log.warning("outbox paused %ds: the local store failed (%s)", delay, err.code)
            stop_if_cancelled()  # a cancel nats-py dropped this round ends us here
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._wake.wait()

    async def _wait_caught_up(self) -> None:
        """Replies are guarded by what this desk has seen, so wait for the backlog first;
        a new desk's backlog may take minutes, and the hub may be away at start."""
        attempt = 0
        while True:
            try:
                await self._engine.caught_up(within=None)
                return
            except TransportUnavailable:
                attempt += 1
                await asyncio.sleep(min(MAX_BACKOFF, 2 ** min(attempt, 6)))

    async def _next_delay(self) -> float:
        upcoming = await self._replica.next_outbox_attempt()
        if upcoming is None:
            return 3600.0
        return max(0.05, upcoming - self._clock())

    async def _run_job(self, job: OutboxJob) -> None:
        try:
            if not await self._publish_reply(job):
                return
            await self._publish_request(job)
        except (TransportUnavailable, TimeoutError) as exc:
            # The hub is away: keep trying, however long it takes; nothing typed is lost.
            await self._retry(job, type(exc).__name__)
            return
        except StoreUnavailable:
            raise  # not this job's fault: the whole outbox waits (`run`)
        except Exception as exc:  # a bug or a bad state must not stop every later reply
            log.exception("outbox %s failed", short(job.event_id))
            faults = self._faults.get(job.event_id, 0) + 1
            self._faults[job.event_id] = faults
            if faults >= MAX_FAULTS:
                self._faults.pop(job.event_id, None)  # counts afresh if the agent retries
                self._tell(
                    await self._replica.mark_outbox_failed(
                        job.event_id, type(exc).__name__, OUTBOX_GAVE_UP
                    )
                )
            else:
                await self._retry(job, type(exc).__name__)
            return
        self._faults.pop(job.event_id, None)
        self._tell(await self._replica.mark_outbox_sent(job.event_id))

    def _tell(self, changes: ChangeSet) -> None:
        if changes:
            self._on_changes(changes)

    async def _retry(self, job: OutboxJob, reason: str) -> None:
        backoff = min(MAX_BACKOFF, 2 ** min(job.attempts, 6))
        log.info("outbox %s waits %ds: %s", short(job.event_id), backoff, reason)
        await self._replica.retry_outbox(job.event_id, int(self._clock()) + backoff, reason)

    async def _publish_reply(self, job: OutboxJob) -> bool:
        """Publish the type-1 reply unless the log has it; False if it became a conflict."""
        if await self._replica.has_event(job.event_id):
            return True
        known = self._follow_own_writes(job.conversation_id, job.expected_subject_seq)
        reply = Reply(job.conversation_id, job.content)
        guard = known
        for _ in range(MAX_JUNK_SKIPS):
            try:
                seq = await self._publisher.member_event(
                    reply, job.conversation_id, job.event_id, guard
                )
            except StaleWrite as stale:
                # A colleague wrote meanwhile, our own earlier attempt landed, or the hub
                # stored junk on the subject (which this desk refused): the log says.
                await self._engine.caught_up()
                if await self._replica.has_event(job.event_id):
                    return True
                skip = await self._engine.past_refused(
                    job.conversation_id, known, stale, past_own=True
                )
                if skip is None:
                    break
                guard = skip
                continue
            if seq > known:  # the log already held it: nothing new to skip past
                self._own_writes[(job.conversation_id, known)] = seq
            self._published[job.conversation_id] = seq
            return True
        log.info("outbox %s: conversation changed, not sent", short(job.event_id))
        self._tell(await self._replica.mark_conflict(job.event_id))
        return False

    async def _publish_request(self, job: OutboxJob) -> None:
        request_id = request_event_id(self._subject_key(), job.event_id)
        if await self._replica.has_event(request_id):
            return
        detail = await self._replica.conversation(job.conversation_id)
        if detail is None:
            raise RuntimeError("outbox job for a conversation the replica does not have")
        request = OutboundRequest(
            reply_event_id=job.event_id,
            customer_id=detail.customer_id,
            customer_wa_id=detail.customer_wa_id,
            content=job.content,
        )
        await self._publisher.outbound_request(request, request_id)

    def _follow_own_writes(self, conversation_id: ConversationId, expected: int) -> int:
        """Our own earlier replies do not make the agent's view stale: skip past them."""
        seen = {expected}
        while (conversation_id, expected) in self._own_writes:
            expected = self._own_writes[(conversation_id, expected)]
            if expected in seen:
                break  # never loop, whatever was recorded
            seen.add(expected)
        return expected
