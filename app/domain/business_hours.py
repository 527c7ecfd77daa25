"""Business hours, and the greeting and away messages the gateway sends on its own.

PURE: the time zone arrives as a `tzinfo` (the caller resolves the IANA name with `zoneinfo`)
and the clock as arguments. The gateway asks `auto_reply` on every inbound customer message;
the answer carries a key (`"greeting"`, or `"away:<epoch>"` naming the closed period) that the
gateway records with the customer before sending, so a restart or a redelivered webhook never
sends the same automatic answer twice.

Every comparison is made on UTC instants: two aware datetimes sharing one `tzinfo` compare by
wall clock, which is wrong across a daylight-saving change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import Enum

DAYS = 7
"""Monday first, as `date.weekday()` counts."""
MAX_AUTO_TEXT = 1024
"""Characters of a greeting or away text: WhatsApp's limit for a body is 4096, ours is a
polite length for an automatic answer."""
MAX_HOLIDAYS = 366
SERVICE_WINDOW = timedelta(hours=24)
"""A free-form text may answer a customer only within 24 hours of their last message."""
LOOKBACK_DAYS = MAX_HOLIDAYS + DAYS + 1
"""How far back a closed period's start is searched: past every holiday and one week."""
ALWAYS_CLOSED = 0
"""The period key when no opening lies within the lookback: one long closed period."""
AUTOMATIC_SYSTEM = "\x00automatic"
"""Who sent an automatic answer, in the team's `NotificationSent`: no admin can name a
back-office system so (a control character), and desks show it as "Automatic"."""
AUTOMATIC_TOKEN = bytes(16)
"""The token id of an automatic answer: no token has it (token ids are random)."""


@dataclass(frozen=True, slots=True)
class DayHours:
    """Open from `opens` (inclusive) until `closes` (exclusive), local wall clock, same day."""

    opens: time
    closes: time


@dataclass(frozen=True, slots=True)
class BusinessHours:
    """What an admin set: the week, the holidays, the zone and the two automatic texts."""

    zone: str
    week: tuple[DayHours | None, ...]
    """Seven entries, Monday first; None is a closed day."""
    holidays: frozenset[date] = field(default_factory=frozenset)
    greeting_on: bool = False
    greeting: str = ""
    away_on: bool = False
    away: str = ""


class AutoKind(Enum):
    GREETING = "greeting"
    AWAY = "away"


@dataclass(frozen=True, slots=True)
class AutoReply:
    """Send `text` once to this customer; `key` tells this answer from every other."""

    kind: AutoKind
    key: str
    text: str


def hours_refusal(hours: BusinessHours) -> str | None:
    """Why these settings cannot be published (a code `wording` turns into words), or None."""
    if len(hours.week) != DAYS:
        return "hours-week"
    if any(day is not None and day.opens >= day.closes for day in hours.week):
        return "hours-order"
    if len(hours.holidays) > MAX_HOLIDAYS:
        return "hours-holidays"
    if len(hours.greeting) > MAX_AUTO_TEXT or len(hours.away) > MAX_AUTO_TEXT:
        return "hours-text-too-long"
    if (hours.greeting_on and not hours.greeting.strip()) or (
        hours.away_on and not hours.away.strip()
    ):
        return "hours-text-empty"
    return None


def _interval(hours: BusinessHours, tz: tzinfo, day: date) -> tuple[datetime, datetime] | None:
    """The day's opening and closing as UTC instants, or None when closed all day."""
    if day in hours.holidays:
        return None
    entry = hours.week[day.weekday()]
    if entry is None:
        return None
    opens = datetime.combine(day, entry.opens, tzinfo=tz).astimezone(UTC)
    closes = datetime.combine(day, entry.closes, tzinfo=tz).astimezone(UTC)
    return opens, closes


def is_open(hours: BusinessHours, tz: tzinfo, at: datetime) -> bool:
    """Open at the instant `at` (aware): the opening minute itself counts as open."""
    instant = at.astimezone(UTC)
    span = _interval(hours, tz, instant.astimezone(tz).date())
    return span is not None and span[0] <= instant < span[1]


def closed_since(hours: BusinessHours, tz: tzinfo, at: datetime) -> int:
    """The UTC epoch second the closed period holding `at` began (its last closing), or
    `ALWAYS_CLOSED`. Only meaningful when `is_open` is false."""
    instant = at.astimezone(UTC)
    today = instant.astimezone(tz).date()
    for back in range(LOOKBACK_DAYS):
        span = _interval(hours, tz, today - timedelta(days=back))
        if span is not None and span[1] <= instant:
            return int(span[1].timestamp())
    return ALWAYS_CLOSED


def auto_reply(
    hours: BusinessHours,
    tz: tzinfo,
    received_at: datetime,
    now: datetime,
    first_message: bool,
) -> AutoReply | None:
    """What to answer a customer's message received at `received_at`, deciding at `now`.

    Outside hours the away text wins (once per closed period); inside hours a customer's
    first message ever gets the greeting. Nothing once the service window has passed: a
    webhook delivered a day late must not be answered with a free-form text.
    """
    if now - received_at >= SERVICE_WINDOW:
        return None
    if not is_open(hours, tz, received_at):
        if not hours.away_on:
            return None
        period = closed_since(hours, tz, received_at)
        return AutoReply(AutoKind.AWAY, f"away:{period}", hours.away)
    if first_message and hours.greeting_on:
        return AutoReply(AutoKind.GREETING, "greeting", hours.greeting)
    return None
