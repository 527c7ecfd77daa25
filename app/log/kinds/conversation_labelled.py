"""An agent puts a label on a conversation or takes it off (member event, any agent).

Guard-neutral like a note: labelling never makes a colleague's claim or reply stale. A label
unknown or deleted by the record's place in the log is not applied, so every desk agrees.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.domain.events import EventKind
from app.domain.ids import ID_LEN, ConversationId
from app.domain.labels import LabelId
from app.log.kind import KindSpec, read_flag
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome


@dataclass(frozen=True, slots=True)
class ConversationLabelled:
    """`label_id` is now on (`added`) or off the conversation."""

    conversation_id: ConversationId
    label_id: LabelId
    added: bool

    kind = EventKind.CONVERSATION_LABELLED


def _write(w: Writer, e: ConversationLabelled) -> None:
    w.fixed(e.conversation_id, ID_LEN).fixed(e.label_id, ID_LEN).u8(int(e.added))


def _read(r: Reader) -> ConversationLabelled:
    conversation_id = ConversationId(r.fixed(ID_LEN))
    return ConversationLabelled(conversation_id, LabelId(r.fixed(ID_LEN)), read_flag(r))


def _keys(keys: Keys, record: AppliedRecord, event: ConversationLabelled) -> None:
    keys.conversations.add(event.conversation_id)
    keys.labels = True


def _fold(state: BatchState, record: AppliedRecord, ev: ConversationLabelled) -> Outcome:
    label = state.lists.labels.get(ev.label_id)
    if ev.conversation_id not in state.conversations or label is None or label.deleted:
        return Outcome.SKIPPED
    state.lists.marks[(ev.conversation_id, ev.label_id)] = ev.added
    state.touched.add(ev.conversation_id)
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.CONVERSATION_LABELLED,
    ConversationLabelled,
    _write,
    _read,
    _fold,
    _keys,
    guard_neutral=True,
)
