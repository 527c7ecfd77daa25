"""An agent resolved, snoozed, parked (pending) or reopened a conversation (member event,
guarded by the conversation's sequence); or a desk saw a snooze end."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, replace

from app.crypto.encoding import Reader, Writer, read_enum
from app.domain.content import Activity, ActivityKind
from app.domain.events import EventKind
from app.domain.handling import (
    ConversationState,
    missed_a_customer_message,
    state_after_customer_message,
)
from app.domain.ids import ID_LEN, ConversationId, short
from app.log.activity import add_line
from app.log.kind import KindSpec, conversation_keys
from app.log.state import BatchState
from app.log.values import AppliedRecord, Outcome

log = logging.getLogger(__name__)


class StateCause(enum.IntEnum):
    """Why the state changed. On the wire: never renumber."""

    AGENT = 1
    SNOOZE_ENDED = 2
    """The snooze's time came; the first desk to notice published it."""


@dataclass(frozen=True, slots=True)
class StateChange:
    """Move a conversation to `state` (member event, guarded like a claim)."""

    conversation_id: ConversationId
    state: ConversationState
    snooze_until: int = 0
    """Unix seconds the snooze ends; 0 unless `state` is SNOOZED."""
    cause: StateCause = StateCause.AGENT

    kind = EventKind.STATE_CHANGE


def _write(w: Writer, e: StateChange) -> None:
    w.fixed(e.conversation_id, ID_LEN).u8(e.state).u64(e.snooze_until).u8(e.cause)


def _read(r: Reader) -> StateChange:
    return StateChange(
        conversation_id=ConversationId(r.fixed(ID_LEN)),
        state=read_enum(r.u8(), ConversationState),
        snooze_until=r.u64(),
        cause=read_enum(r.u8(), StateCause),
    )


_LINES = {
    ConversationState.OPEN: ActivityKind.OPENED,
    ConversationState.PENDING: ActivityKind.PENDING,
    ConversationState.SNOOZED: ActivityKind.SNOOZED,
    ConversationState.RESOLVED: ActivityKind.RESOLVED,
}


def _fold(state: BatchState, record: AppliedRecord, ev: StateChange) -> Outcome:
    conv = state.conversations.get(ev.conversation_id)
    if conv is None:
        log.warning("state change for unknown conversation %s", short(ev.conversation_id))
        return Outcome.SKIPPED
    if ev.cause == StateCause.SNOOZE_ENDED and conv.state != ConversationState.SNOOZED:
        return Outcome.SKIPPED  # the customer woke it first; nothing to end
    until = ev.snooze_until if ev.state == ConversationState.SNOOZED else 0
    new_state = ev.state
    if missed_a_customer_message(conv.last_inbound_at, record.author_time):
        new_state, until = state_after_customer_message(ev.state), 0  # as if it came after
    state.put_conversation(
        replace(conv, state=new_state, snooze_until=until, last_subject_seq=record.seq)
    )
    line = ActivityKind.REOPENED if ev.cause == StateCause.SNOOZE_ENDED else _LINES[ev.state]
    add_line(state, record, ev.conversation_id, Activity(line, until=until))
    return Outcome.APPLIED


SPEC = KindSpec(EventKind.STATE_CHANGE, StateChange, _write, _read, _fold, conversation_keys)
