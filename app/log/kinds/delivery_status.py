"""Meta reported a status for a message we sent (gateway event): ticks, or a failure, and
what Meta charges for the message (issue 10, item 6).

The pricing is an optional tail, written only when the status carried one: a status without it
encodes exactly as before, so every event in the log still decodes. A desk built before the tail
refuses statuses that carry it (the codec reads canonically), so desks are upgraded before the
gateway (docs/user-guide.md, "What messages cost").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.crypto.encoding import Reader, Writer, read_enum
from app.crypto.errors import DecodeError
from app.crypto.header import EventType
from app.domain.events import EventKind
from app.domain.ids import Wamid
from app.domain.model import DeliveryStatus, Direction, Message
from app.domain.pricing import MAX_CATEGORY, Pricing, PricingType
from app.domain.rules import merge_status
from app.log.kind import MAX_ID, KindSpec
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome, WamidStatus


@dataclass(frozen=True, slots=True)
class DeliveryStatusChanged:
    """Meta reported a status for a message we sent (gateway event)."""

    wamid: Wamid
    status: DeliveryStatus
    at: int
    error_code: int
    """0 unless `status` is FAILED."""
    error_title: str
    pricing: Pricing | None = None
    """What Meta charges for the message; None when the status said nothing (failures, echoes,
    statuses before per-message pricing)."""

    kind = EventKind.DELIVERY_STATUS


def _write(w: Writer, e: DeliveryStatusChanged) -> None:
    w.text(e.wamid).u8(e.status).u64(e.at).u32(e.error_code).text(e.error_title)
    if e.pricing is not None:
        p = e.pricing
        w.u8(_PRICED).text(p.category).u8(p.type).u8(int(p.billable))


_PRICED = 1
"""Marks the pricing tail; any other byte there is refused (one encoding per event)."""


def _read(r: Reader) -> DeliveryStatusChanged:
    return DeliveryStatusChanged(
        wamid=Wamid(r.text(MAX_ID)),
        status=read_enum(r.u8(), DeliveryStatus),
        at=r.u64(),
        error_code=r.u32(),
        error_title=r.text(MAX_ID * 4),
        pricing=_read_pricing(r) if r.remaining else None,
    )


def _read_pricing(r: Reader) -> Pricing:
    if r.u8() != _PRICED:
        raise DecodeError("pricing")
    category = r.text(MAX_CATEGORY)
    pricing_type = read_enum(r.u8(), PricingType)
    billable = r.u8()
    if billable > 1:
        raise DecodeError("billable")
    return Pricing(category, pricing_type, bool(billable))


def _keys(keys: Keys, record: AppliedRecord, event: DeliveryStatusChanged) -> None:
    keys.wamids.add(event.wamid)


def merge_into(state: BatchState, message: Message, status: DeliveryStatus, error: int) -> None:
    """Merge a reported status into an outbound message (never backwards; failure is final)."""
    merged = merge_status(message.status, status)
    if merged == message.status:
        return
    # A status from Meta settles an uncertain outcome: its code (lost answer) no longer holds.
    settled = message.status is DeliveryStatus.UNCERTAIN
    code = error if merged == DeliveryStatus.FAILED else 0 if settled else message.error_code
    state.put_message(replace(message, status=merged, error_code=code))


def _fold(state: BatchState, record: AppliedRecord, ev: DeliveryStatusChanged) -> Outcome:
    """Statuses are kept by wamid even before a message carries it (a status webhook can
    overtake the send outcome), and merged into the message when it does."""
    prior = state.statuses.get(ev.wamid)
    merged = merge_status(prior.status if prior else DeliveryStatus.PENDING, ev.status)
    if prior is None or merged != prior.status:
        error = ev.error_code if merged == DeliveryStatus.FAILED else 0
        state.statuses[ev.wamid] = WamidStatus(ev.wamid, merged, error, ev.at)
        state.changed_statuses[ev.wamid] = None
    if ev.pricing is not None:
        # Meta charges once, for delivery; `read` can come without `delivered`, so the first
        # status that names a price counts and later ones change nothing (§18).
        state.pricings.setdefault(ev.wamid, (ev.pricing, ev.at))
    event_id = state.by_wamid.get(ev.wamid)
    message = None if event_id is None else state.messages[event_id]
    if message is not None and message.direction == Direction.OUTBOUND:
        known = state.statuses[ev.wamid]
        merge_into(state, message, known.status, known.error_code)
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.DELIVERY_STATUS,
    DeliveryStatusChanged,
    _write,
    _read,
    _fold,
    _keys,
    envelope=EventType.GATEWAY,
)
