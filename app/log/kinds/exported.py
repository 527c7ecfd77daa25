"""Someone exported a conversation or the whole history to a file (member event, kind 35).

Only the fact is logged (scope, format, how much, by whom and when), never content: the audit
trail shows it. Published guard-neutral, like a note: an export never makes a colleague's
reply stale. A whole-history export names no conversation and goes on the subject of
`NO_CONVERSATION`, a conversation nobody has.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer, read_enum
from app.domain.events import EventKind
from app.domain.export import ExportFormat, ExportScope
from app.domain.ids import ID_LEN, NO_CONVERSATION, ConversationId
from app.log.kind import KindSpec
from app.log.state import BatchState
from app.log.values import AppliedRecord, Outcome


@dataclass(frozen=True, slots=True)
class Exported:
    """An export was written by the record's author."""

    scope: ExportScope
    file_format: ExportFormat
    conversation_id: ConversationId = NO_CONVERSATION
    """The conversation exported; `NO_CONVERSATION` for the whole history."""
    conversations: int = 1
    messages: int = 0

    kind = EventKind.EXPORTED


def _write(w: Writer, e: Exported) -> None:
    w.u8(e.scope).u8(e.file_format).fixed(e.conversation_id, ID_LEN)
    w.u64(e.conversations).u64(e.messages)


def _read(r: Reader) -> Exported:
    return Exported(
        scope=read_enum(r.u8(), ExportScope),
        file_format=read_enum(r.u8(), ExportFormat),
        conversation_id=ConversationId(r.fixed(ID_LEN)),
        conversations=r.u64(),
        messages=r.u64(),
    )


def _fold(state: BatchState, record: AppliedRecord, ev: Exported) -> Outcome:
    # No projection changes: the record itself, indexed in the events table, is the trail.
    return Outcome.APPLIED


SPEC = KindSpec(EventKind.EXPORTED, Exported, _write, _read, _fold, guard_neutral=True)
