"""The send queue on fake time: a clean stop that reports nothing false, and bookkeeping."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
import pytest_asyncio

from app.gateway.graph import NETWORK_ERROR, SendResult
from app.gateway.outcomes import NOT_SENT
from app.gateway.outcomes import SendOutcomeKind as Kind
from app.gateway.sender import SendJob, SendLimits, SendQueue, SendQueueClosed

from .test_sender import Rig, err, ok, other_tasks, running_rig, settle


@pytest_asyncio.fixture
async def rig() -> AsyncIterator[Rig]:
    async with running_rig() as rig:
        yield rig


# -- stop ---------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_stop_reports_nothing_for_jobs_never_attempted(rig: Rig) -> None:
    jobs = [rig.submit("A") for _ in range(50)]
    rig.queue.start()
    await rig.time.advance(6)
    assert len(rig.outcomes) == 46

    unsent = await rig.queue.stop()

    assert unsent == jobs[46:]
    assert len(rig.outcomes) == 46
    assert rig.queue.pending == 0
    assert not other_tasks()
    assert rig.time.sleepers == 0


@pytest.mark.asyncio
async def test_stop_reports_a_job_waiting_to_retry_with_its_last_answer(rig: Rig) -> None:
    limited = rig.submit("A", err(131056))
    behind = rig.submit("A")
    transient = rig.submit("B", err(131000))
    rig.queue.start()
    await settle()

    unsent = await rig.queue.stop()

    assert unsent == [behind]
    assert rig.kinds() == {limited.job_id: Kind.RATE_LIMITED, transient.job_id: Kind.FAILED}
    assert not other_tasks()


@pytest.mark.asyncio
async def test_stop_lets_a_send_in_flight_finish_and_reports_it(rig: Rig) -> None:
    gate = asyncio.Event()
    job = rig.job("A", err(131000), gate=gate)  # retryable, but the queue is stopping
    rig.queue.submit(job)
    rig.queue.start()
    await settle()

    stopping = asyncio.create_task(rig.queue.stop())
    await settle()
    assert not stopping.done()
    gate.set()
    assert await stopping == []
    assert rig.outcomes == [(job.job_id, Kind.FAILED, err(131000))]
    assert len(rig.times(job)) == 1


@pytest.mark.asyncio
async def test_stop_after_grace_reports_a_hung_send_as_unknown(rig: Rig) -> None:
    job = rig.job("A", gate=asyncio.Event())  # never answers
    rig.queue.submit(job)
    rig.queue.start()
    await settle()

    assert await rig.queue.stop(grace=0) == []
    assert rig.outcomes == [
        (job.job_id, Kind.UNKNOWN, SendResult(None, NETWORK_ERROR, "stopped while sending"))
    ]
    assert not other_tasks()


@pytest.mark.asyncio
async def test_stop_before_start_returns_every_job(rig: Rig) -> None:
    jobs = [rig.submit("A"), rig.submit("B")]
    assert await rig.queue.stop() == jobs
    assert rig.outcomes == []
    with pytest.raises(SendQueueClosed):
        rig.submit("A")
    with pytest.raises(SendQueueClosed):
        rig.queue.start()


@pytest.mark.asyncio
async def test_cancellation_from_outside_is_not_swallowed(rig: Rig) -> None:
    rig.submit("A", err(131000))
    rig.queue.start()
    await settle()
    (lane,) = other_tasks()
    lane.cancel()  # the loop tearing down, say: not a stop, so no outcome is invented
    await settle()
    assert lane.cancelled()
    assert rig.outcomes == []


# -- bookkeeping --------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_failing_outcome_handler_does_not_stop_the_lane(rig: Rig) -> None:
    seen: list[bytes] = []

    async def flaky(job: SendJob, kind: Kind, result: SendResult) -> None:
        seen.append(job.job_id)
        if len(seen) == 1:
            raise RuntimeError("hub down")

    rig.queue = SendQueue(flaky, clock=rig.time.clock, sleep=rig.time.sleep)
    jobs = [rig.submit("A") for _ in range(3)]
    rig.queue.start()
    await rig.finish()
    assert seen == [job.job_id for job in jobs]


@pytest.mark.asyncio
async def test_a_pending_job_id_is_not_queued_twice(rig: Rig) -> None:
    job = rig.submit("A")
    assert rig.queue.submit(job) is False
    rig.queue.start()
    await rig.finish()
    assert len(rig.attempts) == 1
    assert len(rig.outcomes) == 1


@pytest.mark.asyncio
async def test_introspection_counts_queued_and_in_flight_jobs(rig: Rig) -> None:
    gate = asyncio.Event()
    rig.queue.submit(rig.job("A", gate=gate))
    rig.submit("A")
    rig.submit("B", err(131056))
    assert (rig.queue.depth("A"), rig.queue.depth("B")) == (2, 1)
    assert rig.queue.pending == 3
    rig.queue.start()
    await settle()

    assert rig.queue.in_flight == 1
    assert rig.queue.depth("A") == 2
    assert rig.queue.depth("B") == 1  # backing off
    assert rig.queue.depth("nobody") == 0
    gate.set()
    await rig.finish()
    assert rig.queue.depth("A") == rig.queue.depth("B") == 0


@pytest.mark.asyncio
async def test_join_waits_until_every_job_is_reported(rig: Rig) -> None:
    rig.submit("A", err(131056))
    rig.queue.start()
    joined = asyncio.create_task(rig.queue.join())
    await settle()
    assert not joined.done()
    await rig.time.advance(1)
    await joined
    assert len(rig.outcomes) == 1


def test_job_repr_leaves_out_the_recipient() -> None:
    async def attempt() -> SendResult:
        return ok()

    assert "CC.secret" not in repr(SendJob(b"\x01", "CC.secret", attempt))


@pytest.mark.asyncio
async def test_logs_name_jobs_by_short_id_and_never_the_recipient(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG", logger="app.gateway")

    text = "Hello Ada, your order +4915112345678"

    async def broken() -> SendResult:
        raise ValueError(text)  # a message quoting the reply, as a buggy send might

    rig.submit("CC.canary", err(131056), err(131000))
    rig.queue.submit(SendJob(b"\xab\xcd" * 8, "CC.canary", broken))
    rig.queue.start()
    await rig.finish()
    assert "abcdabcd" in caplog.text
    assert "canary" not in caplog.text
    assert "Ada" not in caplog.text
    assert "4915112345678" not in caplog.text


# -- prepare (the gateway's claim) ---------------------------------------------------------------


class Claims:
    """A `prepare` per job that records when it ran and answers as told."""

    def __init__(self, rig: Rig) -> None:
        self.rig = rig
        self.calls: list[tuple[float, str]] = []

    def __call__(self, name: str, owned: bool = True) -> Callable[[], Awaitable[bool]]:
        async def prepare() -> bool:
            self.calls.append((self.rig.time.now, name))
            return owned

        return prepare


@pytest.mark.asyncio
async def test_a_job_not_claimed_is_dropped_without_budget_or_outcome(rig: Rig) -> None:
    claims = Claims(rig)
    for n in range(100):  # a replay of requests another run already handled
        rig.queue.submit(rig.job("A", prepare=claims(f"old{n}", owned=False)))
    new = rig.job("A", prepare=claims("new"))
    rig.queue.submit(new)
    rig.queue.start()
    await rig.finish()

    assert len(claims.calls) == 101
    assert rig.attempts == [(0.0, new.job_id)]  # no pair budget was spent on the replay
    assert rig.outcomes == [(new.job_id, Kind.ACCEPTED, ok())]


@pytest.mark.asyncio
async def test_prepare_runs_once_at_the_head_of_the_queue(rig: Rig) -> None:
    claims = Claims(rig)
    first = rig.job("A", err(131056), prepare=claims("first"))
    second = rig.job("A", prepare=claims("second"))
    rig.queue.submit(first)
    rig.queue.submit(second)
    rig.queue.start()
    await rig.finish()
    assert claims.calls == [(0.0, "first"), (1.0, "second")]
    assert rig.times(first) == [0.0, 1.0]


@pytest.mark.asyncio
async def test_stop_reports_a_claimed_job_as_not_sent_and_returns_the_rest(rig: Rig) -> None:
    rig.make_queue(SendLimits(pair_burst=1))
    claims = Claims(rig)
    sent = rig.job("A", prepare=claims("sent"))
    claimed = rig.job("A", prepare=claims("claimed"))  # waits 6 s for the pair bucket
    behind = rig.job("A", prepare=claims("behind"))
    for job in (sent, claimed, behind):
        rig.queue.submit(job)
    rig.queue.start()
    await settle()

    assert await rig.queue.stop() == [behind]
    assert rig.kinds() == {sent.job_id: Kind.ACCEPTED, claimed.job_id: Kind.FAILED}
    assert rig.outcomes[-1][2] == SendResult(None, NOT_SENT, "")
    assert [name for _, name in claims.calls] == ["sent", "claimed"]


@pytest.mark.asyncio
async def test_stop_after_grace_reports_a_hung_claim_as_not_sent(rig: Rig) -> None:
    never = asyncio.Event()

    async def hung() -> bool:
        await never.wait()
        return True

    job = rig.job("A", prepare=hung)
    rig.queue.submit(job)
    rig.queue.start()
    await settle()
    assert await rig.queue.stop(grace=0) == []
    assert rig.outcomes == [(job.job_id, Kind.FAILED, SendResult(None, NOT_SENT, ""))]
    assert rig.attempts == []


@pytest.mark.asyncio
async def test_a_raising_prepare_drops_the_job_and_the_lane_goes_on(rig: Rig) -> None:
    async def broken() -> bool:
        raise RuntimeError("bug")

    rig.queue.submit(rig.job("A", prepare=broken))
    after = rig.submit("A")
    rig.queue.start()
    await rig.finish()
    assert rig.attempts == [(0.0, after.job_id)]
    assert rig.kinds() == {after.job_id: Kind.ACCEPTED}
