"""An agent took a conversation (member event, guarded by the conversation's sequence)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from app.crypto.encoding import Reader, Writer
from app.domain.events import EventKind
from app.domain.ids import ID_LEN, ConversationId, short
from app.log.kind import KindSpec, conversation_keys
from app.log.state import BatchState
from app.log.values import AppliedRecord, Outcome

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Claim:
    """An agent took a conversation (member event, guarded by the conversation's sequence)."""

    conversation_id: ConversationId

    kind = EventKind.CLAIM


def _write(w: Writer, e: Claim) -> None:
    w.fixed(e.conversation_id, ID_LEN)


def _read(r: Reader) -> Claim:
    return Claim(ConversationId(r.fixed(ID_LEN)))


def _fold(state: BatchState, record: AppliedRecord, ev: Claim) -> Outcome:
    conv = state.conversations.get(ev.conversation_id)
    if conv is None:
        log.warning("claim for unknown conversation %s", short(ev.conversation_id))
        return Outcome.SKIPPED
    state.put_conversation(replace(conv, assignee=record.author, last_subject_seq=record.seq))
    return Outcome.APPLIED


SPEC = KindSpec(EventKind.CLAIM, Claim, _write, _read, _fold, conversation_keys)
