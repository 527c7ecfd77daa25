"""A customer deleted a message they sent "for everyone" (gateway event; cloud-api.md §16)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.crypto.header import EventType
from app.domain.events import EventKind
from app.domain.ids import CustomerId, Wamid, short
from app.log import customer_changes as changes
from app.log.kind import MAX_ID, KindSpec
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome, StoredEdit

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CustomerRevoke:
    """The customer deleted a message for everyone (allowed up to 2 days after sending)."""

    wamid: Wamid
    """The deletion's own id (not the original's)."""
    customer_id: CustomerId
    target: Wamid
    """The message deleted (`revoke.original_message_id`)."""
    at: int

    kind = EventKind.CUSTOMER_REVOKE


def _write(w: Writer, e: CustomerRevoke) -> None:
    w.text(e.wamid).text(e.customer_id).text(e.target).u64(e.at)


def _read(r: Reader) -> CustomerRevoke:
    return CustomerRevoke(
        wamid=Wamid(r.text(MAX_ID)),
        customer_id=CustomerId(r.text(MAX_ID)),
        target=Wamid(r.text(MAX_ID)),
        at=r.u64(),
    )


def _keys(keys: Keys, record: AppliedRecord, event: CustomerRevoke) -> None:
    keys.wamids.add(event.target)
    keys.customer_ids.add(event.customer_id)


def _fold(state: BatchState, record: AppliedRecord, ev: CustomerRevoke) -> Outcome:
    """Drop the message's content and every version of it; the bubble says it was deleted.

    Kept by wamid when the message is not here yet: it arrives deleted, its words never stored.
    """
    if changes.is_deleted(state, ev.target):
        return Outcome.DUPLICATE
    try:
        message = changes.target_of(state, ev.target, ev.customer_id)
    except PermissionError:
        event = short(record.event_id)
        log.warning("a deletion names a message that is not its customer's (event %s)", event)
        return Outcome.SKIPPED
    changes.drop_versions(state, ev.target, StoredEdit(ev.target, record.seq, ev.at, None))
    if message is not None:
        changes.show(state, message, changes.shown(state, message))
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.CUSTOMER_REVOKE,
    CustomerRevoke,
    _write,
    _read,
    _fold,
    _keys,
    envelope=EventType.GATEWAY,
)
