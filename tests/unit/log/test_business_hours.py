"""BusinessHoursSet on the wire: the admin's hours, sealed to the gateway."""

from __future__ import annotations

from datetime import date, time

import pytest

from app.crypto.encoding import Writer
from app.crypto.errors import DecodeError
from app.crypto.header import EventType
from app.domain.business_hours import BusinessHours, DayHours
from app.domain.events import EventKind
from app.domain.ids import NO_CONVERSATION
from app.log.kinds.business_hours import BusinessHoursSet
from app.log.registry import spec_for
from app.sync import codec

WEEK = (DayHours(time(9), time(17, 30)),) * 5 + (DayHours(time(10), time(13)), None)
HOURS = BusinessHours(
    "Europe/Berlin",
    WEEK,
    frozenset({date(2026, 12, 25), date(2026, 12, 24)}),
    greeting_on=True,
    greeting="Hallo! Wir melden uns gleich.",
    away_on=True,
    away="Wir sind ab 9 Uhr wieder da.",
)


def test_the_hours_survive_the_wire() -> None:
    event = BusinessHoursSet(HOURS, 1_780_000_000)
    assert codec.decode(codec.encode(event, NO_CONVERSATION, 5)).event == event


def test_only_the_gateway_envelope_carries_it() -> None:
    assert spec_for(BusinessHoursSet(HOURS, 1)).envelope is EventType.OUTBOUND


def _plaintext(body: Writer) -> bytes:
    head = Writer().u8(EventKind.BUSINESS_HOURS).fixed(NO_CONVERSATION, 16).u64(5).u32(0)
    return head.var(body.getvalue()).getvalue()


def _body(week: list[tuple[int, int]], holidays: list[int]) -> Writer:
    w = Writer().text("UTC").items(week, lambda d, out: out.u16(d[0]).u16(d[1]))
    w.items(holidays, lambda d, out: out.u32(d))
    return w.u8(0).text("").u8(0).text("").u64(1)


def test_a_canonical_body_reads() -> None:
    codec.decode(_plaintext(_body([(540, 1020)] * 7, [739_000, 739_001])))


@pytest.mark.parametrize(
    ("week", "holidays"),
    [
        ([(1020, 540)] * 7, []),  # closes before it opens
        ([(540, 1440)] * 7, []),  # minute 1440 is no time of day
        ([(540, 1020)] * 6, []),  # six days
        ([(540, 1020)] * 7, [739_001, 739_000]),  # holidays out of order
        ([(540, 1020)] * 7, [739_000, 739_000]),  # a holiday twice
    ],
)
def test_a_non_canonical_body_is_refused(week: list[tuple[int, int]], holidays: list[int]) -> None:
    with pytest.raises(DecodeError):
        codec.decode(_plaintext(_body(week, holidays)))
