"""The business number as customers see it (gateway event, from the gateway's poll).

The value itself (`NumberStatus`) is a domain value: `domain.rules` decides the badge from it.
"""

from __future__ import annotations

from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError
from app.crypto.header import EventType
from app.domain.events import EventKind, NumberStatus
from app.log.kind import MAX_ID, KindSpec
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome


def _write(w: Writer, e: NumberStatus) -> None:
    w.text(e.display_phone_number).text(e.verified_name).text(e.name_status)
    w.text(e.quality_rating).u8(e.is_official_business_account).text(e.throughput_level)
    w.text(e.messaging_limit).u64(e.at)


def _read(r: Reader) -> NumberStatus:
    display, name, name_status, quality = (r.text(MAX_ID) for _ in range(4))
    official = r.u8()
    if official > 1:
        raise DecodeError("value")
    return NumberStatus(
        display_phone_number=display,
        verified_name=name,
        name_status=name_status,
        quality_rating=quality,
        is_official_business_account=official == 1,
        throughput_level=r.text(MAX_ID),
        messaging_limit=r.text(MAX_ID),
        at=r.u64(),
    )


def _keys(keys: Keys, record: AppliedRecord, event: NumberStatus) -> None:
    keys.number_status = True


def _fold(state: BatchState, record: AppliedRecord, ev: NumberStatus) -> Outcome:
    """One status is kept: the newest by the gateway's poll time, ties going to the later record."""
    kept = state.number_status
    if kept is None or ev.at >= kept[0].at:
        state.number_status = (ev, record.seq)
        state.number_status_changed = True
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.NUMBER_STATUS, NumberStatus, _write, _read, _fold, _keys, envelope=EventType.GATEWAY
)
