"""A private note in a conversation, for colleagues only (member event; it never reaches the
gateway). Published on the conversation's subject but guard-neutral: a note never makes a
colleague's reply or claim stale."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError
from app.domain import content
from app.domain.events import EventKind
from app.domain.ids import ID_LEN, ConversationId, DeviceId, short
from app.domain.model import DeliveryStatus, Direction, Message
from app.domain.notes import MAX_MENTIONS, MAX_NOTE_CHARS
from app.log.kind import KindSpec, conversation_keys
from app.log.state import BatchState
from app.log.values import AppliedRecord, Outcome

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Note:
    """A private note; `mentions` are the colleagues to notify."""

    conversation_id: ConversationId
    body: str
    mentions: tuple[DeviceId, ...] = ()

    kind = EventKind.NOTE


def _write(w: Writer, e: Note) -> None:
    w.fixed(e.conversation_id, ID_LEN).text(e.body).u8(len(e.mentions))
    for device in e.mentions:
        w.fixed(device, ID_LEN)


def _read(r: Reader) -> Note:
    conversation_id = ConversationId(r.fixed(ID_LEN))
    body = r.text(MAX_NOTE_CHARS * 4)
    count = r.u8()
    if count > MAX_MENTIONS:
        raise DecodeError("value")
    mentions = tuple(DeviceId(r.fixed(ID_LEN)) for _ in range(count))
    return Note(conversation_id, body, mentions)


def _fold(state: BatchState, record: AppliedRecord, ev: Note) -> Outcome:
    conv = state.conversations.get(ev.conversation_id)
    if conv is None:
        log.warning("note for unknown conversation %s", short(ev.conversation_id))
        return Outcome.SKIPPED
    # Not a message to or from the customer: the queue row (preview, waiting, counts) and the
    # guard stay as they are; the thread shows it at its place in the log.
    state.add_message(
        Message(
            event_id=record.event_id,
            conversation_id=ev.conversation_id,
            direction=Direction.NOTE,
            text=ev.body,
            at=record.author_time or conv.last_at,
            author=record.author,
            wamid=None,
            status=DeliveryStatus.DELIVERED,
            error_code=0,
            position=record.seq,
            content=content.Note(ev.body, ev.mentions),
        )
    )
    return Outcome.APPLIED


SPEC = KindSpec(EventKind.NOTE, Note, _write, _read, _fold, conversation_keys, guard_neutral=True)
