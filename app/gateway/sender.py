"""The gateway's send pipeline: a queue per customer, paced, backed off, one outcome per job.

cloud-api.md §11 and §13: sends to one customer go one at a time and in order, paced by a token
bucket per (number, customer) so that the pair rate limit (131056) is rarely reached; when it is,
only that customer's queue backs off 4^n s. A second bucket keeps the number under its
throughput, and limits shared by the whole number (130429, Graph call limits) pause everyone.
One `SendQueue` serves one business phone number. A job is retried only when the answer proves
nothing went out: no answer at all (`NETWORK_ERROR`) is reported UNKNOWN and never resent.

The decisions (codes, back-off, buckets) live in the pure `outcomes` module; this one waits, on
an injected clock and sleep, so tests run on fake time.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import random
import time
import traceback
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from app.domain.ids import short
from app.domain.send_codes import NETWORK_ERROR
from app.gateway.graph import SendResult
from app.gateway.outcomes import (
    CodeRule,
    NumberGate,
    RecipientGate,
    Retry,
    SendLimits,
    SendOutcomeKind,
    classify,
    stopped_outcome,
)

__all__ = ["OutcomeCallback", "SendJob", "SendLimits", "SendQueue", "SendQueueClosed"]

log = logging.getLogger(__name__)

_PRUNE_FLOOR = 1024

OutcomeCallback = Callable[["SendJob", SendOutcomeKind, SendResult], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class SendJob:
    """One message to send, and how."""

    job_id: bytes
    """The reply's event id: unique per job, and the only id that is logged (shortened)."""
    recipient: str = field(repr=False)
    """The customer id (BSUID): the queue key. Never logged."""
    attempt: Callable[[], Awaitable[SendResult]] = field(repr=False)
    """One send call; called again only when the last answer proves nothing went out."""
    category: Literal["service", "marketing", "utility", "authentication"] = "service"
    prepare: Callable[[], Awaitable[bool]] | None = field(default=None, repr=False)
    """Awaited once at the head of its queue, before pacing (the gateway claims here, so replays
    cost no send budget). False drops the job: no attempt, no outcome. After True the job is
    always reported, as NOT_SENT if the queue stops before its first attempt."""
    on_outcome: OutcomeCallback | None = field(default=None, repr=False)
    """Who hears this job's outcome instead of the queue's own callback (a back-office
    system's notification is reported to its API call, not as a desk's reply)."""


class SendQueueClosed(RuntimeError):
    """The queue was stopped and takes no more jobs."""


def _uncancel() -> None:
    """Take back `stop`'s cancellation: the job is reported next, and `on_outcome` must not
    see a pending cancel (`asyncio.timeout` inside it would misread it)."""
    task = asyncio.current_task()
    if task is not None:
        task.uncancel()


class _State(enum.Enum):
    WAITING = "waiting"  # stop() may cancel: nothing is lost
    PREPARING = "preparing"  # inside `prepare`: like SENDING
    SENDING = "sending"  # inside `attempt`: stop() lets it finish (or, after grace, cancels)
    REPORTING = "reporting"  # inside `on_outcome`: never cancelled by stop()


@dataclass(slots=True, eq=False)
class _Lane:
    """One recipient's queue and pacing state."""

    gate: RecipientGate
    jobs: deque[SendJob] = field(default_factory=deque)
    task: asyncio.Task[None] | None = None
    state: _State = _State.WAITING


class SendQueue:
    """Sends jobs per recipient, in order, within Meta's limits; reports one outcome per job."""

    def __init__(
        self,
        on_outcome: OutcomeCallback,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: Callable[[], float] = random.random,
        limits: SendLimits | None = None,
        on_admin_alert: Callable[[int], None] | None = None,
    ) -> None:
        """Create a stopped queue; `submit` may be called before `start`.

        Args:
            on_outcome: Awaited once per job with its final kind and last answer. An exception
                from it is logged and does not stop the queue.
            clock: Monotonic seconds.
            sleep: Waits that many seconds on `clock`'s time.
            rng: Returns a float in [0, 1), for jitter.
            limits: Pacing and retry settings.
            on_admin_alert: Called with the code the first time an answer needs an
                administrator (token, account), until `clear_admin_alerts`.
        """
        self._on_outcome = on_outcome
        self._clock = clock
        self._sleep = sleep
        self._rng = rng
        self._limits = limits or SendLimits()
        self._on_admin_alert = on_admin_alert
        self._lanes: dict[str, _Lane] = {}
        self._prune_at = _PRUNE_FLOOR
        self._slots = asyncio.Semaphore(self._limits.max_concurrency)
        self._number = NumberGate(self._limits, clock())
        self._ids: set[bytes] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self._alerts: set[int] = set()
        self._started = False
        self._closed = False

    # -- control ------------------------------------------------------------------------------

    def submit(self, job: SendJob) -> bool:
        """Queue a job behind earlier jobs to the same recipient.

        Args:
            job: The job.

        Returns:
            False when a job with this id is already pending (it is not queued twice).

        Raises:
            SendQueueClosed: After `stop`.
        """
        if self._closed:
            raise SendQueueClosed("send queue stopped")
        if job.job_id in self._ids:
            log.info("reply %s: already queued", short(job.job_id))
            return False
        self._ids.add(job.job_id)
        self._idle.clear()
        lane = self._lanes.get(job.recipient)
        if lane is None:
            lane = self._lanes[job.recipient] = self._new_lane()
        lane.jobs.append(job)
        if self._started and lane.task is None:
            lane.task = asyncio.create_task(self._run_lane(lane), name="gateway-send-lane")
        return True

    def start(self) -> None:
        """Start sending, with the jobs submitted so far. Needs a running loop."""
        if self._closed:
            raise SendQueueClosed("send queue stopped")
        self._started = True
        for lane in self._lanes.values():
            if lane.jobs and lane.task is None:
                lane.task = asyncio.create_task(self._run_lane(lane), name="gateway-send-lane")

    async def join(self) -> None:
        """Wait until every submitted job has been reported."""
        await self._idle.wait()

    async def stop(self, grace: float | None = None) -> list[SendJob]:
        """Stop sending and end every task; nothing is reported that did not happen.

        Jobs attempted or claimed are reported before this returns: one waiting to retry with
        its last answer, one in flight when its attempt returns, one claimed by `prepare` and
        not yet tried as NOT_SENT. After `grace` seconds (real loop time) an attempt still
        running is cancelled and reported UNKNOWN, since it may have gone out.

        Args:
            grace: Seconds to let attempts in flight finish; None waits for them.

        Returns:
            The jobs neither attempted nor claimed, in per-recipient order: nothing was sent
            for them and nothing is reported.
        """
        self._closed = True
        running = {lane.task: lane for lane in self._lanes.values() if lane.task is not None}
        for task, lane in running.items():
            if lane.state is _State.WAITING:
                task.cancel()
        if running:
            # asyncio.wait, not gather: if stop itself is cancelled, reports still finish.
            _, late = await asyncio.wait(running, timeout=grace)
            for task in late:
                if running[task].state in (_State.PREPARING, _State.SENDING):
                    task.cancel()
            if late:
                await asyncio.wait(late)
            for task in running:
                if not task.cancelled() and (error := task.exception()) is not None:
                    log.error("send lane ended with %s", type(error).__name__)
        unsent = [job for lane in self._lanes.values() for job in lane.jobs]
        self._lanes.clear()
        self._ids.clear()
        self._idle.set()
        return unsent

    # -- introspection ------------------------------------------------------------------------

    def depth(self, recipient: str) -> int:
        """Jobs for `recipient` not yet reported, the one being sent included."""
        lane = self._lanes.get(recipient)
        return len(lane.jobs) if lane else 0

    @property
    def in_flight(self) -> int:
        """Attempts running now."""
        return sum(1 for lane in self._lanes.values() if lane.state is _State.SENDING)

    @property
    def pending(self) -> int:
        """Jobs submitted and not yet reported."""
        return len(self._ids)

    @property
    def throttled_for(self) -> float:
        """Seconds until the number-wide pause ends (0.0 when there is none)."""
        return self._number.paused_for(self._clock())

    @property
    def admin_alerts(self) -> frozenset[int]:
        """Codes that needed an administrator since the last `clear_admin_alerts`."""
        return frozenset(self._alerts)

    def clear_admin_alerts(self) -> None:
        """Forget raised alerts (the administrator acted), so they can be raised again."""
        self._alerts.clear()

    @property
    def messages_per_second(self) -> float:
        """The number's pace now."""
        return self._number.messages_per_second

    def set_throughput(self, messages_per_second: float) -> None:
        """Pace every send at the number's throughput, as Meta last reported it."""
        if messages_per_second != self._number.messages_per_second:
            log.info("sending at %.0f messages a second", messages_per_second)
            self._number.set_rate(messages_per_second, self._clock())

    # -- one lane -----------------------------------------------------------------------------

    def _new_lane(self) -> _Lane:
        if len(self._lanes) >= self._prune_at:  # forget quiet customers, amortised
            now = self._clock()
            self._lanes = {
                key: lane
                for key, lane in self._lanes.items()
                if lane.task or lane.jobs or not lane.gate.idle(now)
            }
            self._prune_at = max(_PRUNE_FLOOR, 2 * len(self._lanes))
        return _Lane(RecipientGate(self._limits, self._clock()))

    async def _run_lane(self, lane: _Lane) -> None:
        try:
            while lane.jobs and not self._closed:
                job = lane.jobs[0]
                if not await self._prepare(lane, job):
                    lane.jobs.popleft()
                    self._forget(job)
                    continue
                final = await self._deliver(lane, job)
                if final is None:
                    return  # stopped before its first attempt: nothing to report
                lane.jobs.popleft()
                await self._report(lane, job, final)
        finally:
            lane.task = None

    async def _prepare(self, lane: _Lane, job: SendJob) -> bool:
        """Run the job's pre-flight; False drops it. Holds a slot, to bound calls at replay."""
        if job.prepare is None:
            return True
        await self._slots.acquire()  # cancelled here by stop: the job stays unsent, unclaimed
        lane.state = _State.PREPARING
        try:
            return await job.prepare()
        except asyncio.CancelledError:
            if not self._closed:
                raise
            _uncancel()
            return True  # it may have claimed: say "not sent" rather than nothing
        except Exception as exc:  # dropped, never sent: a bug must not risk a double send
            log.error("reply %s: prepare raised %s", short(job.job_id), type(exc).__name__)
            return False
        finally:
            lane.state = _State.WAITING
            self._slots.release()

    async def _deliver(
        self, lane: _Lane, job: SendJob
    ) -> tuple[SendOutcomeKind, SendResult] | None:
        """Attempt one job until an answer is final; None when stopped before any attempt."""
        last: SendResult | None = None
        not_before = float("-inf")
        tries = 0
        while True:
            try:
                if self._closed:
                    return stopped_outcome(last, claimed=job.prepare is not None)
                await self._acquire(lane, not_before)
            except asyncio.CancelledError:
                if not self._closed:
                    raise  # not ours: the loop or an owner is tearing down
                _uncancel()
                return stopped_outcome(last, claimed=job.prepare is not None)
            started = self._clock()
            last = await self._attempt(lane, job)
            tries += 1
            rule = classify(last)
            if rule.retry is not Retry.RECIPIENT:
                lane.gate.reset()  # a 131056 streak ends with any other answer
            if rule.kind is SendOutcomeKind.ACCEPTED:
                self._number.reset()
            if rule.retry is Retry.NEVER or tries >= self._limits.max_attempts or self._closed:
                return rule.kind, last
            not_before = self._back_off(lane, job, rule, last.error_code, tries, started)

    async def _acquire(self, lane: _Lane, not_before: float) -> None:
        """Wait for this job's turn; holds a send slot on return.

        Own back-off and pacing come before the slot, so a customer in back-off never keeps
        others from sending; the number's budget comes last, so its tokens go to attempts only.
        """
        await self._wait(lambda now: not_before - now)
        await self._wait(lane.gate.take)
        await self._slots.acquire()
        try:
            await self._wait(self._number.take)
        except BaseException:
            self._slots.release()
            raise

    async def _attempt(self, lane: _Lane, job: SendJob) -> SendResult:
        """Call `job.attempt` once (a slot is held); anything but an answer counts as UNKNOWN."""
        lane.state = _State.SENDING
        try:
            return await job.attempt()
        except asyncio.CancelledError:
            if not self._closed:
                raise
            _uncancel()
            return SendResult(None, NETWORK_ERROR, "stopped while sending")
        except Exception as exc:  # a bug in the caller's send must not end the lane
            # Frames only: an exception's message could quote the reply's text or the number.
            frames = "".join(traceback.format_tb(exc.__traceback__))
            log.error("reply %s: send raised %s\n%s", short(job.job_id), type(exc).__name__, frames)
            return SendResult(None, NETWORK_ERROR, type(exc).__name__)
        finally:
            lane.state = _State.WAITING
            self._slots.release()

    def _back_off(
        self, lane: _Lane, job: SendJob, rule: CodeRule, code: int, tries: int, started: float
    ) -> float:
        """Apply a retryable answer's back-off; returns the job's own earliest next try."""
        now = self._clock()
        if rule.retry is Retry.RECIPIENT:
            delay = lane.gate.hit(now, self._rng)
        elif rule.retry is Retry.NUMBER:
            delay = self._number.hit(now, started, self._rng)
        else:
            delay = self._limits.retry_backoff.delay(tries - 1, self._rng)
        log.info("reply %s: code=%d, retry %d in %.1f s", short(job.job_id), code, tries, delay)
        return now + delay if rule.retry is Retry.JOB else now

    async def _wait(self, take: Callable[[float], float]) -> None:
        """Sleep until `take(now)` returns 0; asked again after each wait (pauses may grow)."""
        while (wait := take(self._clock())) > 0:
            await self._sleep(wait)

    async def _report(
        self, lane: _Lane, job: SendJob, final: tuple[SendOutcomeKind, SendResult]
    ) -> None:
        kind, result = final
        lane.state = _State.REPORTING
        log.info("reply %s: %s code=%d", short(job.job_id), kind.reason, result.error_code)
        try:
            if kind.admin and result.error_code not in self._alerts:
                self._alerts.add(result.error_code)
                if self._on_admin_alert is not None:
                    self._on_admin_alert(result.error_code)
            await (job.on_outcome or self._on_outcome)(job, kind, result)
        except Exception as exc:  # the lane must outlive a failing handler
            log.error("reply %s: outcome handler raised %s", short(job.job_id), type(exc).__name__)
        finally:
            lane.state = _State.WAITING
            self._forget(job)

    def _forget(self, job: SendJob) -> None:
        self._ids.discard(job.job_id)
        if not self._ids:
            self._idle.set()
