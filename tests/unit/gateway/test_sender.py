"""The send queue on fake time: order per recipient, concurrency and pacing (§11, §13).

`FakeTime`, `Rig` and `running_rig` live here; the other `test_sender_*` modules import them.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
import pytest_asyncio

from app.gateway.graph import SendResult
from app.gateway.outcomes import Backoff
from app.gateway.outcomes import SendOutcomeKind as Kind
from app.gateway.sender import SendJob, SendLimits, SendQueue

_SETTLE_ROUNDS = 20
"""Loop turns per settle: far more than the deepest await chain between two fake sleeps."""
NO_JITTER_LIMITS = SendLimits(
    number_backoff=Backoff(1.0, 2.0, 30.0),
    retry_backoff=Backoff(1.0, 4.0, 60.0),
)


async def settle() -> None:
    """Let every ready task run until it waits on fake time or an event."""
    for _ in range(_SETTLE_ROUNDS):
        await asyncio.sleep(0)


class FakeTime:
    """A clock and a sleep for the queue: time moves only when the test moves it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self._timers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._timers, (self.now + delay, next(self._order), future))
        await future

    @property
    def sleepers(self) -> int:
        """Sleeps still waiting (cancelled ones do not count)."""
        return sum(1 for *_, future in self._timers if not future.done())

    async def advance(self, seconds: float) -> None:
        """Move time on, waking each sleeper at its own due time, in order."""
        target = self.now + seconds
        await settle()
        while self._timers and self._timers[0][0] <= target:
            due, _, future = heapq.heappop(self._timers)
            if future.done():
                continue
            self.now = max(self.now, due)
            future.set_result(None)
            await settle()
        self.now = max(self.now, target)
        await settle()

    async def run(self, done: Callable[[], bool], limit: float = 100_000.0) -> None:
        """Jump from wake-up to wake-up until `done()`."""
        await settle()
        while not done():
            live = [due for due, _, future in self._timers if not future.done()]
            assert live, "nothing is waiting on time, yet the condition is not met"
            assert min(live) <= limit, "time limit passed"
            await self.advance(max(0.0, min(live) - self.now))


def ok(n: int = 1) -> SendResult:
    return SendResult(f"wamid.OUT{n:04d}")


def err(code: int) -> SendResult:
    return SendResult(None, code, "")


class Rig:
    """Builds jobs with scripted answers; records attempts, outcomes and alerts."""

    def __init__(self) -> None:
        self.time = FakeTime()
        self.attempts: list[tuple[float, bytes]] = []
        self.outcomes: list[tuple[bytes, Kind, SendResult]] = []
        self.outcome_times: dict[bytes, float] = {}
        self.alerts: list[int] = []
        self.queue = self.make_queue(NO_JITTER_LIMITS)
        self._counter = itertools.count(1)

    def make_queue(self, limits: SendLimits) -> SendQueue:
        self.queue = SendQueue(
            self.on_outcome,
            clock=self.time.clock,
            sleep=self.time.sleep,
            rng=lambda: 0.0,
            limits=limits,
            on_admin_alert=self.alerts.append,
        )
        return self.queue

    def job(
        self,
        recipient: str,
        *answers: SendResult,
        gate: asyncio.Event | None = None,
        prepare: Callable[[], Awaitable[bool]] | None = None,
    ) -> SendJob:
        """A job answering `answers` in turn (then accepted); `gate` holds each attempt open."""
        job_id = f"{recipient}{next(self._counter)}".encode()
        script = deque(answers)

        async def attempt() -> SendResult:
            self.attempts.append((self.time.now, job_id))
            if gate is not None:
                await gate.wait()
            return script.popleft() if script else ok()

        return SendJob(job_id, recipient, attempt, prepare=prepare)

    def submit(self, recipient: str, *answers: SendResult) -> SendJob:
        job = self.job(recipient, *answers)
        self.queue.submit(job)
        return job

    async def on_outcome(self, job: SendJob, kind: Kind, result: SendResult) -> None:
        self.outcomes.append((job.job_id, kind, result))
        self.outcome_times[job.job_id] = self.time.now

    def times(self, job: SendJob) -> list[float]:
        return [at for at, job_id in self.attempts if job_id == job.job_id]

    def kinds(self) -> dict[bytes, Kind]:
        return {job_id: kind for job_id, kind, _ in self.outcomes}

    async def finish(self) -> None:
        await self.time.run(lambda: self.queue.pending == 0)


def other_tasks() -> set[asyncio.Task[object]]:
    return {task for task in asyncio.all_tasks() if task is not asyncio.current_task()}


@contextlib.asynccontextmanager
async def running_rig() -> AsyncIterator[Rig]:
    """A rig whose queue is stopped afterwards, checking that nothing outlives it."""
    rig = Rig()
    yield rig
    await rig.queue.stop(grace=0)
    await settle()
    assert not other_tasks(), "the queue left tasks behind"
    assert rig.time.sleepers == 0, "a sleep outlived the queue"


@pytest_asyncio.fixture
async def rig() -> AsyncIterator[Rig]:
    async with running_rig() as rig:
        yield rig


# -- order --------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_jobs_to_one_recipient_go_in_submission_order(rig: Rig) -> None:
    jobs = [rig.submit("A") for _ in range(5)]
    rig.queue.start()
    await rig.finish()

    assert [job_id for _, job_id in rig.attempts] == [job.job_id for job in jobs]
    assert [job_id for job_id, _, _ in rig.outcomes] == [job.job_id for job in jobs]
    assert set(rig.kinds().values()) == {Kind.ACCEPTED}


@pytest.mark.asyncio
async def test_one_recipient_waits_for_its_previous_send_while_others_flow(rig: Rig) -> None:
    gate = asyncio.Event()
    a1 = rig.job("A", gate=gate)
    a2 = rig.job("A")
    rig.queue.submit(a1)
    rig.queue.submit(a2)
    b_jobs = [rig.submit("B") for _ in range(3)]
    rig.queue.start()
    await settle()

    assert rig.queue.in_flight == 1
    assert [job_id for job_id, _, _ in rig.outcomes] == [job.job_id for job in b_jobs]
    assert rig.times(a2) == []  # A's second waits for A's first, however long it takes
    gate.set()
    await rig.finish()
    assert [job_id for job_id, _, _ in rig.outcomes][-2:] == [a1.job_id, a2.job_id]


@pytest.mark.asyncio
async def test_recipients_interleave_under_pacing(rig: Rig) -> None:
    rig.make_queue(SendLimits(pair_burst=2, pair_interval=6.0))
    for _ in range(4):
        rig.submit("A")
        rig.submit("B")
    rig.queue.start()
    await rig.finish()

    times = [(at, job_id[:1]) for at, job_id in rig.attempts]
    assert times == [
        (0.0, b"A"), (0.0, b"A"), (0.0, b"B"), (0.0, b"B"),
        (6.0, b"A"), (6.0, b"B"), (12.0, b"A"), (12.0, b"B"),
    ]  # fmt: skip


# -- pacing -------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_pair_bucket_sends_45_at_once_then_one_per_6_s(rig: Rig) -> None:
    jobs = [rig.submit("A") for _ in range(50)]
    rig.queue.start()
    await settle()
    assert len(rig.attempts) == 45
    await rig.time.advance(5.9)
    assert len(rig.attempts) == 45
    await rig.finish()

    assert [rig.times(job)[0] for job in jobs[44:]] == [0.0, 6.0, 12.0, 18.0, 24.0, 30.0]


@pytest.mark.asyncio
async def test_number_bucket_paces_across_recipients(rig: Rig) -> None:
    rig.make_queue(SendLimits(messages_per_second=10, max_concurrency=100))
    for n in range(15):
        rig.submit(f"R{n:02d}")
    rig.queue.start()
    await rig.finish()

    times = [at for at, _ in rig.attempts]
    assert times[:10] == [0.0] * 10
    assert times[10:] == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.5])


@pytest.mark.asyncio
async def test_sends_in_flight_are_bounded(rig: Rig) -> None:
    gate = asyncio.Event()
    for n in range(20):
        rig.queue.submit(rig.job(f"R{n:02d}", gate=gate))
    rig.queue.start()
    await settle()
    assert rig.queue.in_flight == 16
    gate.set()
    await rig.finish()
    assert len(rig.outcomes) == 20
    assert rig.queue.in_flight == 0
