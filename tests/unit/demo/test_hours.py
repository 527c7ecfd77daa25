"""The demo's business hours: open when it starts, and with windows closing soon after, so
the greeting and then the away message show."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.demo.hours import AWAY, CLOSES_AFTER, GREETING, closing_soon, demo_hours
from app.domain.business_hours import AutoKind, auto_reply, is_open

MINUTES = ((0, 0), (29, 59), (30, 0), (59, 59))
STARTS = [datetime(2026, 12, 6, h, m, s, tzinfo=UTC) for h in range(24) for m, s in MINUTES]


@pytest.mark.parametrize("start", STARTS, ids=str)
def test_the_headless_demo_is_open_whenever_it_starts_and_for_a_while(start: datetime) -> None:
    """Its first customers get the greeting, in the last minutes of the UTC day too (the one
    closed minute of the demo's day, 23:59, falls elsewhere then)."""
    hours = demo_hours(start)
    zone = ZoneInfo(hours.zone)
    assert all(is_open(hours, zone, start + timedelta(minutes=m)) for m in range(20))
    assert (hours.greeting_on, hours.greeting) == (True, GREETING)


@pytest.mark.parametrize("start", STARTS, ids=str)
def test_with_windows_it_greets_first_and_answers_away_two_minutes_in(start: datetime) -> None:
    hours = closing_soon(start)
    zone = ZoneInfo(hours.zone)
    assert hours.zone.startswith("Etc/GMT")
    greeting = auto_reply(hours, zone, start, start, first_message=True)
    assert greeting is not None
    assert (greeting.kind, greeting.text) == (AutoKind.GREETING, GREETING)
    assert is_open(hours, zone, start + CLOSES_AFTER / 2)
    later = start + CLOSES_AFTER
    away = auto_reply(hours, zone, later, later, first_message=False)
    assert away is not None
    assert (away.kind, away.text) == (AutoKind.AWAY, AWAY)
