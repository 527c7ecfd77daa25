"""Domain rules: status merging, the 24-hour window, claiming, queue order."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.ids import ConversationId, CustomerId, DeviceId
from app.domain.model import ConversationSummary, DeliveryStatus
from app.domain.rules import (
    SERVICE_WINDOW_SECONDS,
    may_claim,
    merge_status,
    queue_order_key,
    window_open,
    window_remaining,
)

D = DeliveryStatus


@pytest.mark.parametrize(
    ("current", "reported", "expected"),
    [
        (D.QUEUED, D.SENT, D.SENT),
        (D.SENT, D.READ, D.READ),  # Meta skips delivered when delivery and read coincide
        (D.READ, D.DELIVERED, D.READ),  # a late delivered never moves a message back
        (D.DELIVERED, D.FAILED, D.FAILED),
        (D.FAILED, D.READ, D.FAILED),  # failure is final
        (D.CONFLICT, D.SENT, D.CONFLICT),
    ],
)
def test_merge_status(current: D, reported: D, expected: D) -> None:
    assert merge_status(current, reported) is expected


@given(st.lists(st.sampled_from([D.SENT, D.DELIVERED, D.READ, D.FAILED]), max_size=8))
def test_merging_any_order_of_reports_gives_the_same_result(reports: list[D]) -> None:
    results = set()
    for order in itertools.islice(itertools.permutations(reports), 50):
        status = D.QUEUED
        for report in order:
            status = merge_status(status, report)
        results.add(status)
    assert len(results) <= 1


def test_the_window_is_24_hours_from_the_last_inbound_message() -> None:
    assert window_open(1000, 1000 + SERVICE_WINDOW_SECONDS - 1)
    assert not window_open(1000, 1000 + SERVICE_WINDOW_SECONDS)
    assert not window_open(None, 1000)
    assert window_remaining(1000, 1000 + 60) == SERVICE_WINDOW_SECONDS - 60
    assert window_remaining(1000, 1000 + SERVICE_WINDOW_SECONDS + 5) == 0
    assert window_remaining(None, 5) == 0


def test_only_unheld_conversations_can_be_claimed() -> None:
    anna, ben = DeviceId(b"a" * 16), DeviceId(b"b" * 16)
    assert may_claim(None, anna)
    assert not may_claim(ben, anna)


def _row(n: int, waiting: int | None, last: int) -> ConversationSummary:
    return ConversationSummary(
        ConversationId(bytes([n]) * 16), CustomerId(f"DE.{n}"), "", None, "", last, waiting, 0, 1
    )


def test_queue_puts_the_longest_waiting_first_then_recent_answered() -> None:
    rows = [_row(1, None, 50), _row(2, 30, 40), _row(3, 10, 60), _row(4, None, 70)]
    ordered = sorted(rows, key=queue_order_key)
    assert [r.customer_id for r in ordered] == ["DE.3", "DE.2", "DE.4", "DE.1"]
