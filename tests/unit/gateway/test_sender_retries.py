"""The send queue on fake time: back-off scopes, bounded retries, answers never resent."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from app.gateway.graph import NETWORK_ERROR, SendResult
from app.gateway.outcomes import Backoff
from app.gateway.outcomes import SendOutcomeKind as Kind
from app.gateway.sender import SendJob, SendLimits, SendQueue

from .test_sender import Rig, err, running_rig, settle


@pytest_asyncio.fixture
async def rig() -> AsyncIterator[Rig]:
    async with running_rig() as rig:
        yield rig


# -- back-off ------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_pair_limit_backs_off_only_that_recipient_4_to_the_n(rig: Rig) -> None:
    a1 = rig.submit("A", err(131056), err(131056), err(131056))
    a2 = rig.submit("A")
    b_jobs = [rig.submit("B") for _ in range(3)]
    rig.queue.start()
    await rig.finish()

    assert rig.times(a1) == [0.0, 1.0, 5.0, 21.0]  # waits of 1, 4, 16 s
    assert rig.times(a2) == [21.0]
    assert all(rig.outcome_times[job.job_id] == 0.0 for job in b_jobs)
    assert rig.kinds()[a1.job_id] is Kind.ACCEPTED


@pytest.mark.asyncio
async def test_a_recipient_backing_off_holds_no_send_slot(rig: Rig) -> None:
    rig.make_queue(SendLimits(max_concurrency=1))
    a = rig.submit("A", err(131056), err(131056))
    b_jobs = [rig.submit("B") for _ in range(3)]
    rig.queue.start()
    await rig.finish()
    assert rig.times(a) == [0.0, 1.0, 5.0]
    assert [rig.outcome_times[job.job_id] for job in b_jobs] == [0.0, 0.0, 0.0]


@pytest.mark.asyncio
async def test_pair_limit_streak_ends_with_another_answer(rig: Rig) -> None:
    a1 = rig.submit("A", err(131056))
    a2 = rig.submit("A", err(131056))
    rig.queue.start()
    await rig.finish()
    assert rig.times(a1) == [0.0, 1.0]
    assert rig.times(a2) == [1.0, 2.0]  # back to 4^0 after a1 was accepted


@pytest.mark.asyncio
async def test_throughput_limit_pauses_every_recipient(rig: Rig) -> None:
    a = rig.submit("A", err(130429), err(130429))
    b = rig.submit("B")
    c = rig.submit("C")
    rig.queue.start()
    await settle()
    assert rig.queue.throttled_for == 1.0
    await rig.finish()

    assert rig.times(a) == [0.0, 1.0, 3.0]  # pauses of 1 s, then 2 s
    assert rig.times(b) == rig.times(c) == [3.0]  # A went first at 1 s and was throttled again
    assert rig.queue.throttled_for == 0.0


@pytest.mark.asyncio
async def test_throughput_answers_to_sends_already_in_flight_do_not_escalate(rig: Rig) -> None:
    gate = asyncio.Event()
    a = rig.job("A", err(130429), gate=gate)
    b = rig.job("B", err(130429), gate=gate)
    rig.queue.submit(a)
    rig.queue.submit(b)
    rig.queue.start()
    await settle()
    gate.set()
    await settle()
    assert rig.queue.throttled_for == 1.0  # one pause, not 1 s then 2 s
    await rig.finish()
    assert rig.times(a) == rig.times(b) == [0.0, 1.0]


@pytest.mark.asyncio
@pytest.mark.parametrize("code", [4, 17, 80007])
async def test_graph_call_limits_pause_every_recipient(rig: Rig, code: int) -> None:
    a = rig.submit("A", err(code))
    b = rig.submit("B")
    rig.queue.start()
    await rig.finish()
    assert rig.times(a) == [0.0, 1.0]
    assert rig.times(b) == [1.0]


@pytest.mark.asyncio
async def test_transient_errors_retry_with_growing_gaps_then_fail(rig: Rig) -> None:
    job = rig.submit("A", *[err(131000)] * 5)
    rig.queue.start()
    await rig.finish()

    assert rig.times(job) == [0.0, 1.0, 5.0, 21.0, 81.0]  # 1, 4, 16, then the 60 s cap
    assert rig.outcomes == [(job.job_id, Kind.FAILED, err(131000))]


@pytest.mark.asyncio
async def test_jitter_only_lengthens_a_back_off(rig: Rig) -> None:
    limits = SendLimits(retry_backoff=Backoff(1.0, 4.0, 60.0, jitter=0.5))
    queue = SendQueue(
        rig.on_outcome, clock=rig.time.clock, sleep=rig.time.sleep, rng=lambda: 0.5, limits=limits
    )
    rig.queue = queue
    job = rig.job("A", err(2))
    queue.submit(job)
    queue.start()
    await rig.finish()
    assert rig.times(job) == [0.0, 1.25]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (131056, Kind.RATE_LIMITED),
        (130429, Kind.RATE_LIMITED),
        (4, Kind.FAILED),
        (17, Kind.FAILED),
        (80007, Kind.FAILED),
        (1, Kind.FAILED),
        (2, Kind.FAILED),
        (131016, Kind.FAILED),
        (131057, Kind.FAILED),
    ],
)
async def test_retries_are_bounded(rig: Rig, code: int, kind: Kind) -> None:
    rig.make_queue(SendLimits(max_attempts=3))
    job = rig.submit("A", *[err(code)] * 10)
    rig.queue.start()
    await rig.finish()
    assert len(rig.times(job)) == 3
    assert rig.outcomes == [(job.job_id, kind, err(code))]


# -- never resent --------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_network_error_is_unknown_and_never_resent(rig: Rig) -> None:
    lost = SendResult(None, NETWORK_ERROR, "ClientConnectionError")
    job = rig.submit("A", lost)
    after = rig.submit("A")
    rig.queue.start()
    await rig.finish()

    assert len(rig.times(job)) == 1
    assert rig.outcomes[0] == (job.job_id, Kind.UNKNOWN, lost)
    assert rig.kinds()[after.job_id] is Kind.ACCEPTED


@pytest.mark.asyncio
async def test_a_raising_attempt_is_unknown_and_the_lane_goes_on(rig: Rig) -> None:
    calls = 0

    async def broken() -> SendResult:
        nonlocal calls
        calls += 1
        raise RuntimeError("bug in the caller")

    rig.queue.submit(SendJob(b"X1", "A", broken))
    after = rig.submit("A")
    rig.queue.start()
    await rig.finish()
    assert calls == 1
    assert rig.outcomes[0] == (b"X1", Kind.UNKNOWN, SendResult(None, NETWORK_ERROR, "RuntimeError"))
    assert rig.kinds()[after.job_id] is Kind.ACCEPTED


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (131047, Kind.WINDOW_CLOSED),
        (131026, Kind.UNDELIVERABLE),
        (131050, Kind.OPTED_OUT),
        (132001, Kind.TEMPLATE_ERROR),
        (100, Kind.INVALID_REQUEST),
        (368, Kind.ACCOUNT_PROBLEM),
        (190, Kind.TOKEN_INVALID),
    ],
)
async def test_final_answers_are_sent_once(rig: Rig, code: int, kind: Kind) -> None:
    job = rig.submit("A", err(code))
    rig.queue.start()
    await rig.finish()
    assert len(rig.times(job)) == 1
    assert rig.outcomes == [(job.job_id, kind, err(code))]


@pytest.mark.asyncio
async def test_admin_alert_is_raised_once_per_code_until_cleared(rig: Rig) -> None:
    rig.submit("A", err(190))
    rig.submit("B", err(190))
    rig.submit("C", err(131031))
    rig.queue.start()
    await rig.finish()
    assert rig.alerts == [190, 131031]
    assert rig.queue.admin_alerts == {190, 131031}

    rig.queue.clear_admin_alerts()
    rig.submit("A", err(190))
    await rig.finish()
    assert rig.alerts == [190, 131031, 190]
