"""The customer's business-scoped id changed (gateway event); the conversation stays."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from app.crypto.encoding import Reader, Writer
from app.crypto.header import EventType
from app.domain.events import EventKind
from app.domain.ids import CustomerId, short
from app.log.kind import MAX_ID, KindSpec
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CustomerIdChanged:
    """The customer's business-scoped id changed (new phone number or user id; gateway event).

    The conversation stays the same: desks map the new id to it (cloud-api.md §3.1).
    """

    previous_id: CustomerId
    new_id: CustomerId
    new_wa_id: str
    at: int

    kind = EventKind.CUSTOMER_ID_CHANGED


def _write(w: Writer, e: CustomerIdChanged) -> None:
    w.text(e.previous_id).text(e.new_id).text(e.new_wa_id).u64(e.at)


def _read(r: Reader) -> CustomerIdChanged:
    return CustomerIdChanged(
        previous_id=CustomerId(r.text(MAX_ID)),
        new_id=CustomerId(r.text(MAX_ID)),
        new_wa_id=r.text(MAX_ID),
        at=r.u64(),
    )


def _keys(keys: Keys, record: AppliedRecord, event: CustomerIdChanged) -> None:
    keys.customer_ids.update((event.previous_id, event.new_id))


def _fold(state: BatchState, record: AppliedRecord, ev: CustomerIdChanged) -> Outcome:
    """Map the customer's new id to their conversation, and write to the new id from now on.

    An unknown previous id, or a new id that already has a conversation of its own, is skipped:
    conversations are never merged.
    """
    cid = state.customer_map.get(ev.previous_id)
    if cid is None:
        log.warning("id change for a customer this replica does not know")
        return Outcome.SKIPPED
    taken = state.customer_map.get(ev.new_id)
    if taken is not None and taken != cid:
        log.warning("new customer id already has conversation %s", short(taken))
        return Outcome.SKIPPED
    customer = state.customers[cid]
    if taken is None and ev.new_id != customer.customer_id:
        state.customer_map[ev.new_id] = cid
        state.new_customer_ids.append((ev.new_id, cid, ev.at))
    current = None if ev.new_id == customer.customer_id else ev.new_id
    state.put_customer(replace(customer, current_id=current, wa_id=ev.new_wa_id or customer.wa_id))
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.CUSTOMER_ID_CHANGED,
    CustomerIdChanged,
    _write,
    _read,
    _fold,
    _keys,
    envelope=EventType.GATEWAY,
)
