"""An agent assigned, transferred, released or took over a conversation (member event,
guarded by the conversation's sequence, so racing hand-overs resolve alike on every desk)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from app.crypto.encoding import Reader, Writer, read_enum
from app.domain.content import Activity, ActivityKind
from app.domain.events import EventKind
from app.domain.handling import HandoverAction, assignee_after, handover_refusal
from app.domain.ids import ID_LEN, ConversationId, DeviceId, short
from app.domain.notes import MAX_NOTE_CHARS
from app.log.activity import add_line
from app.log.kind import KindSpec, conversation_keys
from app.log.state import BatchState
from app.log.values import AppliedRecord, Outcome

log = logging.getLogger(__name__)

_NOBODY = bytes(ID_LEN)


@dataclass(frozen=True, slots=True)
class Handover:
    """Change who holds a conversation (`app.domain.handling.HandoverAction`)."""

    conversation_id: ConversationId
    action: HandoverAction
    target: DeviceId | None = None
    """Who gets it (ASSIGN, TRANSFER); None for RELEASE and TAKE_OVER."""
    note: str = ""
    """A word for the colleague who gets it."""

    kind = EventKind.HANDOVER


def _write(w: Writer, e: Handover) -> None:
    w.fixed(e.conversation_id, ID_LEN).u8(e.action).fixed(e.target or _NOBODY, ID_LEN)
    w.text(e.note)


def _read(r: Reader) -> Handover:
    conversation_id = ConversationId(r.fixed(ID_LEN))
    action = read_enum(r.u8(), HandoverAction)
    target = r.fixed(ID_LEN)
    return Handover(
        conversation_id=conversation_id,
        action=action,
        target=None if target == _NOBODY else DeviceId(target),
        note=r.text(MAX_NOTE_CHARS * 4),
    )


_LINES = {
    HandoverAction.ASSIGN: ActivityKind.ASSIGNED,
    HandoverAction.TRANSFER: ActivityKind.TRANSFERRED,
    HandoverAction.RELEASE: ActivityKind.RELEASED,
    HandoverAction.TAKE_OVER: ActivityKind.TOOK_OVER,
    HandoverAction.AUTO_ASSIGN: ActivityKind.AUTO_ASSIGNED,
}


def _fold(state: BatchState, record: AppliedRecord, ev: Handover) -> Outcome:
    conv = state.conversations.get(ev.conversation_id)
    if conv is None:
        log.warning("hand-over for unknown conversation %s", short(ev.conversation_id))
        return Outcome.SKIPPED
    refusal = handover_refusal(ev.action, conv.assignee, record.author, ev.target)
    if refusal is not None:
        # The hub's guard orders hand-overs; one the rules refuse changes nothing, alike
        # on every desk (a desk checks the same rules before it publishes).
        log.warning("hand-over refused in the log: %s", refusal)
        return Outcome.SKIPPED
    assignee = assignee_after(ev.action, conv.assignee, record.author, ev.target)
    state.put_conversation(replace(conv, assignee=assignee, last_subject_seq=record.seq))
    # The line names who got it, or for a take-over whom it was taken from.
    target = conv.assignee if ev.action == HandoverAction.TAKE_OVER else ev.target
    line = Activity(_LINES[ev.action], target=target, note=ev.note)
    add_line(state, record, ev.conversation_id, line)
    if ev.action == HandoverAction.AUTO_ASSIGN and ev.target is not None:
        state.assignment.auto_assigned = (ev.target, record.seq)  # the round robin's place
    return Outcome.APPLIED


SPEC = KindSpec(EventKind.HANDOVER, Handover, _write, _read, _fold, conversation_keys)
