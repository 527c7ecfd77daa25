"""An agent answered the customer (member event); the gateway sends it on request."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from app.crypto.encoding import Reader, Writer
from app.domain.content import Content, searchable_text
from app.domain.events import EventKind
from app.domain.handling import missed_a_customer_message
from app.domain.ids import ID_LEN, ConversationId, short
from app.domain.model import DeliveryStatus, Direction, Message
from app.domain.rules import merge_status
from app.log.content_codec import read_content, write_content
from app.log.kind import KindSpec, conversation_keys
from app.log.state import BatchState
from app.log.values import AppliedRecord, Outcome, StoredConversation

log = logging.getLogger(__name__)

_LOCAL_ONLY = frozenset({DeliveryStatus.PENDING, DeliveryStatus.CONFLICT})
"""Statuses only this desk ever gave a message; the log overrides them when the Reply arrives."""


@dataclass(frozen=True, slots=True)
class Reply:
    """An agent answered the customer (member event); the gateway sends it on request.

    `content` is a `Text`, or a `Media` whose file the desk stored sealed in the hub.
    """

    conversation_id: ConversationId
    content: Content

    kind = EventKind.REPLY

    @property
    def text(self) -> str:
        return searchable_text(self.content)


def _write(w: Writer, e: Reply) -> None:
    w.fixed(e.conversation_id, ID_LEN)
    write_content(w, e.content)


def _read(r: Reader) -> Reply:
    return Reply(ConversationId(r.fixed(ID_LEN)), read_content(r))


def _fold(state: BatchState, record: AppliedRecord, ev: Reply) -> Outcome:
    conv = state.conversations.get(ev.conversation_id)
    if conv is None:
        log.warning("reply for unknown conversation %s", short(ev.conversation_id))
        return Outcome.SKIPPED
    existing = state.messages.get(record.event_id)
    if existing is None:
        message = _colleague_reply(record, ev, conv)
        state.add_message(message)
    else:
        message = _own_reply_applied(record, ev, existing)
        state.put_message(message)
    missed = missed_a_customer_message(conv.last_inbound_at, record.author_time)
    state.put_conversation(
        replace(
            conv,
            # The latest message stands for the ones the author missed (no per-message times
            # here); the wait then counts from it, never from before the reply.
            waiting_since=conv.last_inbound_at if missed else None,
            last_text=ev.text,
            last_at=message.at,
            last_kind=ev.content.kind,
            last_subject_seq=record.seq,
            message_count=conv.message_count + (existing is None),
        )
    )
    state.replies.append(record.event_id)
    return Outcome.APPLIED


def _colleague_reply(record: AppliedRecord, ev: Reply, conv: StoredConversation) -> Message:
    """A reply this replica has not seen (a colleague's, or ours from another install)."""
    return Message(
        event_id=record.event_id,
        conversation_id=ev.conversation_id,
        direction=Direction.OUTBOUND,
        text=ev.text,
        at=conv.last_at if record.author_time is None else record.author_time,
        author=record.author,
        wamid=None,
        status=DeliveryStatus.QUEUED,
        error_code=0,
        position=record.seq,
        content=ev.content,
    )


def _own_reply_applied(record: AppliedRecord, ev: Reply, existing: Message) -> Message:
    """Our pending reply reached the log: the log decides where it sits and what it says."""
    status = DeliveryStatus.QUEUED
    if existing.status not in _LOCAL_ONLY:
        status = merge_status(existing.status, DeliveryStatus.QUEUED)
    at = existing.at if record.author_time is None else record.author_time
    return replace(
        existing,
        text=ev.text,
        content=ev.content,
        at=at,
        author=record.author,
        position=record.seq,
        status=status,
    )


SPEC = KindSpec(EventKind.REPLY, Reply, _write, _read, _fold, conversation_keys)
