"""Property tests: whatever Meta answers, each job gets one outcome, in order, never re-sent."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.gateway.graph import NETWORK_ERROR, SendResult
from app.gateway.outcomes import Backoff, SendLimits, classify
from app.gateway.outcomes import SendOutcomeKind as Kind
from app.gateway.sender import SendJob

from .test_sender import Rig, err, ok, other_tasks, settle

LIMITS = SendLimits(
    max_concurrency=2,
    max_attempts=3,
    pair_burst=2,
    messages_per_second=5,
    number_backoff=Backoff(1.0, 2.0, 8.0),
    retry_backoff=Backoff(1.0, 4.0, 8.0),
)
ANSWERS = st.sampled_from(
    [
        ok(),
        SendResult(None, NETWORK_ERROR, "TimeoutError"),
        err(131056),
        err(130429),
        err(131000),
        err(4),
        err(131047),
        err(190),
        err(132001),
        err(131026),
    ]
)
CLAIMS = st.sampled_from([None, True, False])
"""No `prepare`, or one that claims the job, or one that finds it claimed elsewhere."""
JOBS = st.lists(
    st.tuples(st.sampled_from("ABC"), st.lists(ANSWERS, min_size=1, max_size=5), CLAIMS),
    min_size=1,
    max_size=10,
)


def claim(owned: bool | None) -> Callable[[], Awaitable[bool]] | None:
    async def prepare() -> bool:
        return bool(owned)

    return None if owned is None else prepare


RETRIED = {131056, 130429, 131000, 4}
"""The answers above that prove nothing went out and may pass; every other one is final."""


def expected(script: list[SendResult]) -> tuple[int, SendResult]:
    """How many attempts a job gets, and the answer it is reported with (our own oracle)."""
    padded = [*script, *[ok()] * LIMITS.max_attempts]
    for tries, answer in enumerate(padded[: LIMITS.max_attempts], start=1):
        if answer.wamid is not None or answer.error_code not in RETRIED:
            return tries, answer
    return LIMITS.max_attempts, padded[LIMITS.max_attempts - 1]


def expected_kind(answer: SendResult) -> Kind:
    if answer.wamid is not None:
        return Kind.ACCEPTED
    if answer.error_code == NETWORK_ERROR:
        return Kind.UNKNOWN
    return classify(answer).kind  # the rest is pinned code by code in test_sender_outcomes


@pytest.mark.asyncio
@settings(max_examples=150, deadline=None)
@given(jobs=JOBS, early=st.integers(min_value=0, max_value=10), pause=st.floats(0.0, 20.0))
async def test_each_job_gets_one_outcome_in_order_and_no_resend_after_a_final_answer(
    jobs: list[tuple[str, list[SendResult], bool | None]], early: int, pause: float
) -> None:
    rig = Rig()
    rig.make_queue(LIMITS)
    everything: list[SendJob] = []
    submitted: list[tuple[SendJob, list[SendResult]]] = []
    for index, (recipient, script, owned) in enumerate(jobs):
        if index == early:  # the rest arrive while the queue is already sending
            rig.queue.start()
            await rig.time.advance(pause)
        job = rig.job(recipient, *script, prepare=claim(owned))
        rig.queue.submit(job)
        everything.append(job)
        if owned is not False:
            submitted.append((job, script))
    rig.queue.start()
    await rig.finish()

    assert Counter(job_id for job_id, _, _ in rig.outcomes) == {
        job.job_id: 1 for job, _ in submitted
    }
    dropped = {job.job_id for job in everything} - {job.job_id for job, _ in submitted}
    assert not dropped & {job_id for _, job_id in rig.attempts}, "sent a job claimed elsewhere"
    reported = {job_id: (kind, result) for job_id, kind, result in rig.outcomes}
    for job, script in submitted:
        tries, answer = expected(script)
        assert len(rig.times(job)) == tries, "attempted after a final answer, or too often"
        assert reported[job.job_id] == (expected_kind(answer), answer)
    order = [job_id for _, job_id in rig.attempts]
    for recipient in "ABC":
        mine = [job.job_id for job, _ in submitted if job.recipient == recipient]
        spans = [(order.index(j), len(order) - 1 - order[::-1].index(j)) for j in mine]
        assert spans == sorted(spans), "first attempts out of submission order"
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False)), "overlap"
    assert await rig.queue.stop() == []
    await settle()
    assert not other_tasks()
    assert rig.time.sleepers == 0
