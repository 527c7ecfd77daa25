"""The customer stopped or resumed marketing messages (gateway event, `user_preferences`)."""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer, read_enum
from app.crypto.header import EventType
from app.domain.events import EventKind, Preference
from app.domain.ids import CustomerId
from app.log.kind import MAX_ID, KindSpec
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome, StoredPreference


@dataclass(frozen=True, slots=True)
class PreferenceChanged:
    """The customer stopped or resumed marketing messages (`user_preferences`)."""

    customer_id: CustomerId
    """The BSUID when Meta sent one, else the phone digits."""
    preference: Preference
    at: int

    kind = EventKind.PREFERENCE_CHANGED


def _write(w: Writer, e: PreferenceChanged) -> None:
    w.text(e.customer_id).u8(e.preference).u64(e.at)


def _read(r: Reader) -> PreferenceChanged:
    return PreferenceChanged(
        customer_id=CustomerId(r.text(MAX_ID)),
        preference=read_enum(r.u8(), Preference),
        at=r.u64(),
    )


def _keys(keys: Keys, record: AppliedRecord, event: PreferenceChanged) -> None:
    keys.customer_ids.add(event.customer_id)
    keys.preference_ids.add(event.customer_id)


def _fold(state: BatchState, record: AppliedRecord, ev: PreferenceChanged) -> Outcome:
    """Record an opt-out or opt-in under the id Meta named (read joins resolve it). The newest
    wins by Meta's time, then by log order, so a late copy of an older event changes nothing."""
    if not ev.customer_id:
        return Outcome.SKIPPED
    prior = state.preferences.get(ev.customer_id)
    if prior is not None and (ev.at, record.seq) < (prior.at, prior.seq):
        return Outcome.APPLIED
    state.preferences[ev.customer_id] = StoredPreference(
        ev.customer_id, ev.preference, ev.at, record.seq
    )
    state.changed_preferences[ev.customer_id] = None
    cid = state.customer_map.get(ev.customer_id) or state.by_wa_id.get(ev.customer_id)
    if cid is not None:
        state.touched.add(cid)
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.PREFERENCE_CHANGED,
    PreferenceChanged,
    _write,
    _read,
    _fold,
    _keys,
    envelope=EventType.GATEWAY,
)
