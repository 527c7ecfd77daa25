"""An admin sets the team's business hours, greeting and away texts (sealed to the gateway).

The gateway is the one party that answers customers automatically, so closed desks do not
matter; it cannot open the team's member events, so these settings travel type-3, to it only,
like `ApiToken`, and it takes them from an active admin only (`GatewayLog.open_outbound`).
The newest record wins (`at`, then log order). Desks cannot open it: the admin's desk keeps
its own copy of what it sent for the editor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError
from app.crypto.header import EventType
from app.domain.business_hours import (
    DAYS,
    MAX_AUTO_TEXT,
    MAX_HOLIDAYS,
    BusinessHours,
    DayHours,
)
from app.domain.events import EventKind
from app.log.kind import KindSpec, read_flag

MAX_ZONE = 64
"""Bytes of an IANA zone name ("America/Argentina/ComodRivadavia" is 32)."""
_MINUTES_A_DAY = 24 * 60
_CLOSED = 0xFFFF
"""Opening minute of a closed day on the wire."""


@dataclass(frozen=True, slots=True)
class BusinessHoursSet:
    """The team's hours as an admin saved them at `at` (Unix seconds on their desk)."""

    hours: BusinessHours
    at: int

    kind = EventKind.BUSINESS_HOURS


def _minute(t: time) -> int:
    return t.hour * 60 + t.minute


def _time(minute: int) -> time:
    if minute >= _MINUTES_A_DAY:
        raise DecodeError("value")
    return time(minute // 60, minute % 60)


def _write_day(day: DayHours | None, w: Writer) -> None:
    if day is None:
        w.u16(_CLOSED).u16(_CLOSED)
    else:
        w.u16(_minute(day.opens)).u16(_minute(day.closes))


def _read_day(r: Reader) -> DayHours | None:
    opens, closes = r.u16(), r.u16()
    if opens == _CLOSED and closes == _CLOSED:
        return None
    day = DayHours(_time(opens), _time(closes))
    if day.opens >= day.closes:
        raise DecodeError("value")
    return day


def _read_holiday(r: Reader) -> date:
    ordinal = r.u32()
    if not 1 <= ordinal <= date.max.toordinal():
        raise DecodeError("value")
    return date.fromordinal(ordinal)


def _write(w: Writer, e: BusinessHoursSet) -> None:
    h = e.hours
    w.text(h.zone).items(h.week, _write_day)
    w.items(sorted(h.holidays), lambda d, out: out.u32(d.toordinal()))
    w.u8(int(h.greeting_on)).text(h.greeting).u8(int(h.away_on)).text(h.away).u64(e.at)


def _read(r: Reader) -> BusinessHoursSet:
    zone = r.text(MAX_ZONE)
    week = tuple(r.items(_read_day, DAYS))
    if len(week) != DAYS:
        raise DecodeError("value")
    holidays = r.items(_read_holiday, MAX_HOLIDAYS)
    if holidays != sorted(set(holidays)):
        raise DecodeError("value")  # canonical: ascending, each once
    greeting_on = read_flag(r)
    greeting = r.text(MAX_AUTO_TEXT * 4)
    away_on = read_flag(r)
    away = r.text(MAX_AUTO_TEXT * 4)
    hours = BusinessHours(zone, week, frozenset(holidays), greeting_on, greeting, away_on, away)
    return BusinessHoursSet(hours, r.u64())


# Desks store it without applying it: they cannot open it.
SPEC = KindSpec(
    EventKind.BUSINESS_HOURS, BusinessHoursSet, _write, _read, envelope=EventType.OUTBOUND
)
