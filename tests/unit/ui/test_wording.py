"""Codes, durations and names into words."""

from __future__ import annotations

import pytest

from app.domain.errors import (
    AlreadyClaimed,
    HubUnreachable,
    StaleView,
    SwitchboardError,
    WindowClosed,
)
from app.domain.model import DeliveryStatus
from app.ui import wording


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "now"), (59, "now"), (60, "1 min"), (3599, "59 min"), (3600, "1 h"), (86_400 * 3, "3 d")],
)
def test_duration(qapp: object, seconds: int, text: str) -> None:
    assert wording.duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "Reply window closed"),
        (-5, "Reply window closed"),
        (30, "1 min left to reply"),
        (45 * 60, "45 min left to reply"),
        (23 * 3600 + 5 * 60, "23 h 5 min left to reply"),
    ],
)
def test_window_left(qapp: object, seconds: int, text: str) -> None:
    assert wording.window_left(seconds) == text


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Maria López", "ML"),
        ("Chen", "C"),
        ("anna-lena schmidt", "AS"),
        ("", "?"),
        ("+49 151", "#"),
    ],
)
def test_initials(name: str, initials: str) -> None:
    assert wording.initials(name) == initials


def test_every_error_has_words(qapp: object) -> None:
    errors: list[SwitchboardError] = [
        AlreadyClaimed(),
        StaleView(),
        WindowClosed(),
        HubUnreachable(),
    ]
    texts = [wording.describe_error(e) for e in errors]
    assert all(texts)
    assert len(set(texts)) == len(texts)
    assert "unknown-code" in wording.describe_error(
        type("Odd", (SwitchboardError,), {"code": "unknown-code"})()
    )


def test_failure_reasons_name_the_code(qapp: object) -> None:
    assert "24 hours" in wording.failure_reason(131047)
    assert "131047" in wording.failure_reason(131047)
    assert "999" in wording.failure_reason(999)


def test_every_status_has_words(qapp: object) -> None:
    assert all(wording.status_text(s) for s in DeliveryStatus)
    assert wording.status_text(DeliveryStatus.CONFLICT) == "Not sent — conversation changed"


def test_phone_shows_digits_with_plus() -> None:
    assert wording.phone("4915112345678") == "+4915112345678"
    assert wording.phone("") == ""
