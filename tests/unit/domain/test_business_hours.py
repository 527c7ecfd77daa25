"""Business hours' rules: opening minute, holidays, daylight-saving changes and the automatic
answers' keys."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.domain.business_hours import (
    ALWAYS_CLOSED,
    AutoKind,
    BusinessHours,
    DayHours,
    auto_reply,
    closed_since,
    hours_refusal,
    is_open,
)

BERLIN = ZoneInfo("Europe/Berlin")
NINE_TO_FIVE = DayHours(time(9), time(17))
WEEKDAYS = (NINE_TO_FIVE,) * 5 + (None, None)
HOURS = BusinessHours(
    "Europe/Berlin",
    WEEKDAYS,
    greeting_on=True,
    greeting="Hello!",
    away_on=True,
    away="We are closed.",
)


def local(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=BERLIN)


def test_the_opening_minute_is_open_and_the_closing_minute_is_not() -> None:
    monday = (2026, 3, 2)
    assert not is_open(HOURS, BERLIN, local(*monday, 8, 59))
    assert is_open(HOURS, BERLIN, local(*monday, 9, 0))
    assert is_open(HOURS, BERLIN, local(*monday, 16, 59))
    assert not is_open(HOURS, BERLIN, local(*monday, 17, 0))


def test_weekends_and_holidays_are_closed() -> None:
    christmas = BusinessHours("Europe/Berlin", WEEKDAYS, holidays=frozenset({date(2026, 12, 25)}))
    assert not is_open(HOURS, BERLIN, local(2026, 3, 7, 12))  # a Saturday
    assert is_open(HOURS, BERLIN, local(2026, 12, 25, 12))  # a Friday
    assert not is_open(christmas, BERLIN, local(2026, 12, 25, 12))


def test_hours_follow_the_local_clock_across_the_spring_change() -> None:
    """Berlin moves to summer time on 29 March 2026: 9:00 local is 8:00 UTC before, 7:00 after."""
    friday_utc_8 = datetime(2026, 3, 27, 8, 0, tzinfo=UTC)
    monday_utc_7 = datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    assert is_open(HOURS, BERLIN, friday_utc_8)
    assert not is_open(HOURS, BERLIN, friday_utc_8 - timedelta(minutes=1))
    assert is_open(HOURS, BERLIN, monday_utc_7)
    assert not is_open(HOURS, BERLIN, monday_utc_7 - timedelta(minutes=1))


def test_a_closed_period_spans_the_weekend_and_the_autumn_change() -> None:
    """Closed from Friday 17:00 (CEST, 15:00 UTC) to Monday 9:00 (CET) over 25 October 2026:
    one period, one key, whether asked on Friday night or on Monday morning."""
    friday_close = int(datetime(2026, 10, 23, 15, 0, tzinfo=UTC).timestamp())
    assert closed_since(HOURS, BERLIN, local(2026, 10, 23, 17, 0)) == friday_close
    assert closed_since(HOURS, BERLIN, local(2026, 10, 25, 2, 30)) == friday_close
    assert closed_since(HOURS, BERLIN, local(2026, 10, 26, 8, 59)) == friday_close
    next_close = int(datetime(2026, 10, 26, 16, 0, tzinfo=UTC).timestamp())
    assert closed_since(HOURS, BERLIN, local(2026, 10, 26, 17, 0)) == next_close


def test_a_holiday_joins_the_closed_periods_around_it() -> None:
    easter = BusinessHours("Europe/Berlin", WEEKDAYS, holidays=frozenset({date(2026, 4, 6)}))
    thursday_close = int(local(2026, 4, 2, 17).timestamp())
    friday = frozenset({date(2026, 4, 3), date(2026, 4, 6)})
    both = BusinessHours("Europe/Berlin", WEEKDAYS, holidays=friday)
    assert closed_since(easter, BERLIN, local(2026, 4, 6, 12)) == int(
        local(2026, 4, 3, 17).timestamp()
    )
    assert closed_since(both, BERLIN, local(2026, 4, 6, 12)) == thursday_close


def test_a_team_that_never_opens_has_one_closed_period() -> None:
    never = BusinessHours("Europe/Berlin", (None,) * 7)
    assert closed_since(never, BERLIN, local(2026, 3, 2, 12)) == ALWAYS_CLOSED


def test_first_message_inside_hours_gets_the_greeting() -> None:
    at = local(2026, 3, 2, 10)
    answer = auto_reply(HOURS, BERLIN, at, at, first_message=True)
    assert answer is not None
    assert (answer.kind, answer.key, answer.text) == (AutoKind.GREETING, "greeting", "Hello!")
    assert auto_reply(HOURS, BERLIN, at, at, first_message=False) is None


def test_outside_hours_the_away_key_names_the_closed_period() -> None:
    saturday, sunday = local(2026, 3, 7, 12), local(2026, 3, 8, 20)
    tuesday_night = local(2026, 3, 10, 22)
    keys = [
        auto_reply(HOURS, BERLIN, at, at, first_message=False)
        for at in (saturday, sunday, tuesday_night)
    ]
    assert all(a is not None and a.kind is AutoKind.AWAY for a in keys)
    assert keys[0] == keys[1]
    assert keys[0] != keys[2]


def test_away_wins_over_greeting_and_switches_are_respected() -> None:
    at = local(2026, 3, 7, 12)
    first = auto_reply(HOURS, BERLIN, at, at, first_message=True)
    assert first is not None
    assert first.kind is AutoKind.AWAY
    quiet = BusinessHours("Europe/Berlin", WEEKDAYS, greeting_on=True, greeting="Hi")
    assert auto_reply(quiet, BERLIN, at, at, first_message=True) is None


def test_nothing_is_sent_once_the_service_window_has_passed() -> None:
    at = local(2026, 3, 7, 12)
    assert auto_reply(HOURS, BERLIN, at, at + timedelta(hours=23, minutes=59), False) is not None
    assert auto_reply(HOURS, BERLIN, at, at + timedelta(hours=24), False) is None


def test_refusals_name_what_is_wrong() -> None:
    backwards = DayHours(time(17), time(9))
    assert hours_refusal(HOURS) is None
    assert hours_refusal(BusinessHours("UTC", WEEKDAYS[:6])) == "hours-week"
    assert hours_refusal(BusinessHours("UTC", (backwards,) + WEEKDAYS[1:])) == "hours-order"
    assert hours_refusal(BusinessHours("UTC", WEEKDAYS, away_on=True)) == "hours-text-empty"
    assert (
        hours_refusal(BusinessHours("UTC", WEEKDAYS, greeting="x" * 1025)) == "hours-text-too-long"
    )
