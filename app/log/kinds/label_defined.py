"""An admin defines, renames, recolours or deletes a conversation label (member event, admin
only: the reader refuses it from anyone else, `KindSpec.admin_only`).

Team-wide, so it names no conversation: it travels on the subject of its own label id, which
the hub cannot tell from a conversation's. Same id, newer record: the label changes; a deletion
is final, and takes the label off every conversation.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError
from app.domain.events import EventKind
from app.domain.ids import ID_LEN
from app.domain.labels import MAX_COLOUR, MAX_LABEL_CHARS, LabelId, label_refusal
from app.log.kind import KindSpec, read_flag
from app.log.state import BatchState, Keys
from app.log.team_lists import StoredLabel
from app.log.values import AppliedRecord, Outcome


@dataclass(frozen=True, slots=True)
class LabelDefined:
    """The label `label_id` is now called `name` in `colour`, or (`deleted`) no more."""

    label_id: LabelId
    name: str
    colour: int
    deleted: bool = False

    kind = EventKind.LABEL_DEFINED


def _write(w: Writer, e: LabelDefined) -> None:
    w.fixed(e.label_id, ID_LEN).text(e.name).u32(e.colour).u8(int(e.deleted))


def _read(r: Reader) -> LabelDefined:
    label_id = LabelId(r.fixed(ID_LEN))
    name = r.text(MAX_LABEL_CHARS * 4)
    colour = r.u32()
    if colour > MAX_COLOUR:
        raise DecodeError("value")
    return LabelDefined(label_id, name, colour, read_flag(r))


def _keys(keys: Keys, record: AppliedRecord, event: LabelDefined) -> None:
    keys.labels = True


def _fold(state: BatchState, record: AppliedRecord, ev: LabelDefined) -> Outcome:
    """Tombstones stay; a name another live label has is refused, whoever was first in the
    log keeps it (two admins creating "VIP" at once get one label)."""
    lists = state.lists
    prior = lists.labels.get(ev.label_id)
    if prior is not None and prior.deleted:
        return Outcome.SKIPPED
    if not ev.deleted:
        others = tuple(s for s in lists.live_labels() if s.label_id != ev.label_id)
        refusal = label_refusal(ev.name, ev.colour, others)
        if refusal is not None and (refusal != "too-many-labels" or prior is None):
            return Outcome.SKIPPED
    lists.labels[ev.label_id] = StoredLabel(ev.label_id, ev.name, ev.colour, ev.deleted, record.seq)
    lists.changed_labels[ev.label_id] = None
    return Outcome.APPLIED


def _admin_only(event: LabelDefined) -> bool:
    return True


SPEC = KindSpec(
    EventKind.LABEL_DEFINED,
    LabelDefined,
    _write,
    _read,
    _fold,
    _keys,
    guard_neutral=True,
    admin_only=_admin_only,
)
