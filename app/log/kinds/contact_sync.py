"""The business's phone book changed (gateway event, `smb_app_state_sync`, cloud-api.md §15.4).

With coexistence the owner's phone shares its contacts: each addition (or edit) names a number,
each removal forgets one. Desks keep these names apart from what customers call themselves, and
show one only where the customer gave no profile name (`app.store.rows.CUSTOMER_NAME_SQL`), so
a removal clears only what the phone book set and never touches a conversation.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.crypto.header import EventType
from app.domain.events import EventKind
from app.log.kind import MAX_ID, KindSpec
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome, StoredContact

MAX_NAME = MAX_ID * 4
"""Bytes of a phone-book name (as of a profile name)."""


@dataclass(frozen=True, slots=True)
class ContactSync:
    """One phone-book change: a number and its name, or its removal (`full_name` "")."""

    wa_id: str
    """The contact's phone digits."""
    full_name: str
    """The name saved on the phone; "" for a removal."""
    at: int
    """Meta's time of the change, Unix seconds: the newest change of a number wins."""

    kind = EventKind.CONTACT_SYNC

    @property
    def removed(self) -> bool:
        return not self.full_name


def _write(w: Writer, e: ContactSync) -> None:
    w.text(e.wa_id).text(e.full_name).u64(e.at)


def _read(r: Reader) -> ContactSync:
    return ContactSync(wa_id=r.text(MAX_ID), full_name=r.text(MAX_NAME), at=r.u64())


def _keys(keys: Keys, record: AppliedRecord, event: ContactSync) -> None:
    keys.contacts.add(event.wa_id)
    keys.wa_ids.add(event.wa_id)


def _fold(state: BatchState, record: AppliedRecord, ev: ContactSync) -> Outcome:
    """Keep the newest name for the number, by Meta's time then log order, so a late copy of
    an older change (Meta retries) cannot undo a newer one."""
    if not ev.wa_id:
        return Outcome.SKIPPED
    prior = state.contacts.get(ev.wa_id)
    if prior is not None and (ev.at, record.seq) <= (prior.at, prior.seq):
        return Outcome.APPLIED
    state.contacts[ev.wa_id] = StoredContact(ev.wa_id, ev.full_name, ev.at, record.seq)
    state.changed_contacts[ev.wa_id] = None
    cid = state.by_wa_id.get(ev.wa_id)
    if cid is not None:
        state.touched.add(cid)  # its name in the queue and the header may change
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.CONTACT_SYNC, ContactSync, _write, _read, _fold, _keys, envelope=EventType.GATEWAY
)
