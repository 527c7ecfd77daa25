"""An admin tells the team that the business hours changed (member event, kind 42, admin only).

The hours themselves travel sealed to the gateway (`BusinessHoursSet`, kind 38), which desks
cannot open. This record carries only *when* they changed, so that every admin's audit trail
lists the change under its author's signature like any other entry. Team-wide, it names no
conversation: it travels on the subject of a random id the hub cannot tell from a
conversation's.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.domain.events import EventKind
from app.log.kind import KindSpec
from app.log.state import BatchState
from app.log.values import AppliedRecord, Outcome


@dataclass(frozen=True, slots=True)
class BusinessHoursNoted:
    """The record's author saved new business hours at `at` (Unix seconds on their desk)."""

    at: int

    kind = EventKind.BUSINESS_HOURS_NOTED


def _write(w: Writer, e: BusinessHoursNoted) -> None:
    w.u64(e.at)


def _read(r: Reader) -> BusinessHoursNoted:
    return BusinessHoursNoted(r.u64())


def _fold(state: BatchState, record: AppliedRecord, ev: BusinessHoursNoted) -> Outcome:
    # No projection changes: the record itself, indexed in the events table, is the trail.
    return Outcome.APPLIED


def _admin_only(event: BusinessHoursNoted) -> bool:
    return True


SPEC = KindSpec(
    EventKind.BUSINESS_HOURS_NOTED,
    BusinessHoursNoted,
    _write,
    _read,
    _fold,
    guard_neutral=True,
    admin_only=_admin_only,
)
