"""A customer edited a message they sent (gateway event; cloud-api.md §16)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.crypto.header import EventType
from app.domain.content import Content
from app.domain.events import EventKind
from app.domain.ids import CustomerId, Wamid, short
from app.log import customer_changes as changes
from app.log.content_codec import read_content, write_content
from app.log.kind import MAX_ID, KindSpec
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome, StoredEdit

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CustomerEdit:
    """The customer changed a text or a caption (allowed up to 15 minutes after sending)."""

    wamid: Wamid
    """The edit's own id (not the original's): the gateway de-duplicates on it."""
    customer_id: CustomerId
    target: Wamid
    """The message edited (`edit.original_message_id`)."""
    at: int
    """Meta's time of the edit, Unix seconds."""
    content: Content
    """The whole new content (`edit.message`)."""

    kind = EventKind.CUSTOMER_EDIT


def _write(w: Writer, e: CustomerEdit) -> None:
    w.text(e.wamid).text(e.customer_id).text(e.target).u64(e.at)
    write_content(w, e.content)


def _read(r: Reader) -> CustomerEdit:
    return CustomerEdit(
        wamid=Wamid(r.text(MAX_ID)),
        customer_id=CustomerId(r.text(MAX_ID)),
        target=Wamid(r.text(MAX_ID)),
        at=r.u64(),
        content=read_content(r),
    )


def _keys(keys: Keys, record: AppliedRecord, event: CustomerEdit) -> None:
    keys.wamids.add(event.target)
    keys.customer_ids.add(event.customer_id)


def _fold(state: BatchState, record: AppliedRecord, ev: CustomerEdit) -> Outcome:
    """Keep the new version and show it; every earlier one stays readable.

    A deleted message stays deleted (its content must not come back), and the same edit sealed
    twice (two gateways) is kept once.
    """
    if changes.is_deleted(state, ev.target):
        return Outcome.APPLIED
    if any((row.at, row.content) == (ev.at, ev.content) for row in state.edits.get(ev.target, ())):
        return Outcome.DUPLICATE
    try:
        message = changes.target_of(state, ev.target, ev.customer_id)
    except PermissionError:
        event = short(record.event_id)
        log.warning("an edit names a message that is not its customer's (event %s)", event)
        return Outcome.SKIPPED
    if message is not None:
        changes.keep_original(state, message)
    changes.add_version(state, StoredEdit(ev.target, record.seq, ev.at, ev.content))
    if message is not None:
        changes.show(state, message, changes.shown(state, message))
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.CUSTOMER_EDIT,
    CustomerEdit,
    _write,
    _read,
    _fold,
    _keys,
    envelope=EventType.GATEWAY,
)
