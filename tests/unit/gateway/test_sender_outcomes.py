"""The send policy, without a loop: every §7 code's kind and retry, back-off and buckets."""

from __future__ import annotations

import re

import pytest

from app.gateway.graph import NETWORK_ERROR, TRANSIENT_CODES, SendResult
from app.gateway.outcomes import (
    NOT_SENT,
    THROUGHPUT_HIGH,
    THROUGHPUT_STANDARD,
    Backoff,
    NumberGate,
    RecipientGate,
    Retry,
    SendLimits,
    TokenBucket,
    classify,
    rule_for,
    stopped_outcome,
    throughput_of,
)
from app.gateway.outcomes import SendOutcomeKind as Kind

K = Kind
# cloud-api.md §7's table, row by row, with the kind and retry the gateway intends for it. Written
# out here (not read from the module) so that a change to the module's table shows up as a diff.
SECTION_7 = [
    (131047, K.WINDOW_CLOSED, Retry.NEVER),
    (131026, K.UNDELIVERABLE, Retry.NEVER),
    (131049, K.RATE_LIMITED, Retry.NEVER),
    (131050, K.OPTED_OUT, Retry.NEVER),
    (131051, K.INVALID_REQUEST, Retry.NEVER),
    (131052, K.INVALID_REQUEST, Retry.NEVER),
    (131053, K.INVALID_REQUEST, Retry.NEVER),
    (131056, K.RATE_LIMITED, Retry.RECIPIENT),
    (130429, K.RATE_LIMITED, Retry.NUMBER),
    (131048, K.ACCOUNT_PROBLEM, Retry.NEVER),
    (80007, K.FAILED, Retry.NUMBER),
    (4, K.FAILED, Retry.NUMBER),
    (17, K.FAILED, Retry.NUMBER),
    (132000, K.TEMPLATE_ERROR, Retry.NEVER),
    (132001, K.TEMPLATE_ERROR, Retry.NEVER),
    (132005, K.TEMPLATE_ERROR, Retry.NEVER),
    (132007, K.TEMPLATE_ERROR, Retry.NEVER),
    (132012, K.TEMPLATE_ERROR, Retry.NEVER),
    (132015, K.TEMPLATE_ERROR, Retry.NEVER),
    (132016, K.TEMPLATE_ERROR, Retry.NEVER),
    (131008, K.INVALID_REQUEST, Retry.NEVER),
    (131009, K.INVALID_REQUEST, Retry.NEVER),
    (100, K.INVALID_REQUEST, Retry.NEVER),
    (190, K.TOKEN_INVALID, Retry.NEVER),
    (0, K.ACCOUNT_PROBLEM, Retry.NEVER),
    (3, K.ACCOUNT_PROBLEM, Retry.NEVER),
    (10, K.ACCOUNT_PROBLEM, Retry.NEVER),
    (200, K.ACCOUNT_PROBLEM, Retry.NEVER),
    (250, K.ACCOUNT_PROBLEM, Retry.NEVER),
    (299, K.ACCOUNT_PROBLEM, Retry.NEVER),
    (368, K.ACCOUNT_PROBLEM, Retry.NEVER),
    (131031, K.ACCOUNT_PROBLEM, Retry.NEVER),
    (131042, K.ACCOUNT_PROBLEM, Retry.NEVER),
    (131021, K.INVALID_REQUEST, Retry.NEVER),
    (131030, K.INVALID_REQUEST, Retry.NEVER),
    (131000, K.FAILED, Retry.JOB),
    (131016, K.FAILED, Retry.JOB),
    (1, K.FAILED, Retry.JOB),
    (2, K.FAILED, Retry.JOB),
    (131057, K.FAILED, Retry.JOB),
    (133010, K.ACCOUNT_PROBLEM, Retry.NEVER),
    (130472, K.UNDELIVERABLE, Retry.NEVER),
    (130497, K.UNDELIVERABLE, Retry.NEVER),
    (135000, K.FAILED, Retry.NEVER),
    (NETWORK_ERROR, K.UNKNOWN, Retry.NEVER),
]
OURS = [(NOT_SENT, K.FAILED, Retry.JOB)]  # nothing went out: safe to try again
"""Our own codes, beside NETWORK_ERROR: never Graph's."""


@pytest.mark.parametrize(("code", "kind", "retry"), SECTION_7 + OURS)
def test_every_section_7_code_has_its_intended_kind_and_retry(
    code: int, kind: Kind, retry: Retry
) -> None:
    assert rule_for(code).kind is kind
    assert rule_for(code).retry is retry
    assert classify(SendResult(None, code, "details")) == rule_for(code)


@pytest.mark.parametrize("code", [300, 131999, 133000, 135001, 999_999])
def test_codes_outside_the_table_fail_without_retry(code: int) -> None:
    assert rule_for(code).kind is Kind.FAILED
    assert rule_for(code).retry is Retry.NEVER


@pytest.mark.parametrize("code", [132002, 132999])
def test_every_132xxx_code_is_a_template_error(code: int) -> None:
    assert rule_for(code).kind is Kind.TEMPLATE_ERROR


def test_graph_transient_codes_are_exactly_the_retried_ones() -> None:
    retried = {code for code, _, retry in SECTION_7 if retry is not Retry.NEVER}
    assert retried == TRANSIENT_CODES


def test_a_message_id_means_accepted_whatever_else_came() -> None:
    assert classify(SendResult("wamid.X", 131047, "")).kind is Kind.ACCEPTED


def test_details_never_change_the_rule() -> None:
    texts = ["", "more than 24 hours have passed", "rate limit hit", "x" * 200]
    assert len({classify(SendResult(None, 131047, text)) for text in texts}) == 1


def test_kinds_are_stable_reason_codes() -> None:
    assert all(re.fullmatch(r"[a-z_]+", kind.reason) for kind in Kind)
    assert len({kind.reason for kind in Kind}) == len(Kind)
    assert {kind for kind in Kind if kind.admin} == {Kind.ACCOUNT_PROBLEM, Kind.TOKEN_INVALID}


def test_a_job_stopped_before_sending_is_reported_only_if_claimed() -> None:
    assert stopped_outcome(None, claimed=False) is None
    assert stopped_outcome(None, claimed=True) == (Kind.FAILED, SendResult(None, NOT_SENT, ""))
    assert stopped_outcome(SendResult(None, 131056, ""), claimed=False) == (
        Kind.RATE_LIMITED,
        SendResult(None, 131056, ""),
    )


# -- pacing -------------------------------------------------------------------------------------


def test_backoff_is_4_to_the_n_and_capped() -> None:
    backoff = SendLimits().pair_backoff
    assert [backoff.delay(n, lambda: 0.99) for n in range(7)] == [1, 4, 16, 64, 256, 256, 256]
    assert backoff.delay(10_000, lambda: 0.0) == 256  # no overflow for long streaks


def test_jitter_adds_at_most_its_fraction() -> None:
    backoff = Backoff(2.0, 2.0, 100.0, jitter=0.25)
    assert backoff.delay(1, lambda: 0.0) == 4.0
    assert backoff.delay(1, lambda: 0.999) == pytest.approx(4.999)


def test_token_bucket_bursts_refills_and_drains() -> None:
    bucket = TokenBucket(3, 6.0, now=100.0)
    assert [bucket.take(100.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take(100.0) == pytest.approx(6.0)
    assert bucket.take(103.0) == pytest.approx(3.0)  # nothing taken while waiting
    assert bucket.take(106.0) == 0.0
    assert not bucket.full(112.0)
    assert bucket.full(124.0)
    assert [bucket.take(1000.0) for _ in range(3)] == [0.0, 0.0, 0.0]  # refill stops at 3
    assert bucket.take(1000.0) == pytest.approx(6.0)


def test_token_bucket_ignores_a_clock_going_back() -> None:
    bucket = TokenBucket(1, 1.0, now=10.0)
    assert bucket.take(10.0) == 0.0
    assert bucket.take(5.0) == pytest.approx(1.0)
    assert bucket.take(11.0) == 0.0


def test_recipient_gate_pauses_for_131056_and_is_forgettable_once_quiet() -> None:
    limits = SendLimits(pair_burst=2, pair_interval=6.0)
    gate = RecipientGate(limits, now=0.0)
    assert gate.take(0.0) == gate.take(0.0) == 0.0
    assert gate.hit(0.0, lambda: 0.0) == 1.0
    assert gate.take(0.5) == 0.5
    assert gate.hit(1.0, lambda: 0.0) == 4.0
    gate.reset()
    assert gate.hit(5.0, lambda: 0.0) == 1.0
    assert not gate.idle(6.0)
    assert gate.idle(12.0)


def test_number_gate_escalates_only_for_attempts_started_after_the_pause() -> None:
    gate = NumberGate(SendLimits(messages_per_second=2, number_backoff=Backoff(1, 2, 30)), 0.0)
    assert gate.take(0.0) == 0.0
    assert gate.hit(now=0.2, started=0.0, rng=lambda: 0.0) == 1.0
    assert gate.hit(now=0.3, started=0.1, rng=lambda: 0.0) == pytest.approx(0.9)  # same pause
    assert gate.take(1.0) == pytest.approx(0.2)
    assert gate.paused_for(1.2) == 0.0
    assert gate.take(1.2) == gate.take(1.2) == 0.0
    assert gate.take(1.2) == pytest.approx(0.5)  # the number's bucket: 2 per second
    assert gate.hit(now=2.0, started=1.7, rng=lambda: 0.0) == 2.0
    gate.reset()
    assert gate.hit(now=5.0, started=4.5, rng=lambda: 0.0) == 1.0


def test_the_number_gate_paces_at_the_throughput_meta_reports() -> None:
    gate = NumberGate(SendLimits(), 0.0)
    assert gate.messages_per_second == THROUGHPUT_STANDARD
    gate.set_rate(throughput_of("HIGH"), 0.0)
    taken = sum(1 for _ in range(2000) if gate.take(0.0) == 0.0)
    assert taken == THROUGHPUT_HIGH  # one second's sends at once, then paced
    assert gate.take(0.0) == pytest.approx(1 / THROUGHPUT_HIGH)
    assert throughput_of("STANDARD") == throughput_of("") == THROUGHPUT_STANDARD
    assert throughput_of("high") == THROUGHPUT_HIGH
