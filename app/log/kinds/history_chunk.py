"""Messages of the phone's chat history, one chunk of Meta's (gateway event, coexistence).

Meta sends the owner's 1:1 chats of up to 180 days once, in chunks (cloud-api.md §15.3); the
gateway seals each as one record (or a few, for a chunk too big for one), so thousands of
messages cost a handful of records, not one each. A desk files every message in its
customer's conversation as the past: with its own time, sender side, status and wamid, before
anything live (`history_position`), as no unread work, notifying nobody (the change set does
not name them as new) and leaving the 24-hour window and the waiting time alone. A message the
replica already has by wamid (a live message or an echo that overlapped) is kept once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.crypto.encoding import Reader, Writer, read_enum
from app.crypto.errors import DecodeError
from app.crypto.header import EventType
from app.domain.content import Content, Media, Unsupported, searchable_text
from app.domain.events import EventKind
from app.domain.handling import ConversationState
from app.domain.history import (
    MEDIA_PLACEHOLDER,
    after_chunk,
    history_event_id,
    history_position,
)
from app.domain.ids import ConversationId, Wamid, short
from app.domain.model import DeliveryStatus, Direction, Message
from app.domain.outreach import number_customer_id
from app.log.content_codec import read_content, write_content
from app.log.kind import MAX_ID, KindSpec, read_flag
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome, StoredConversation, StoredCustomer

MAX_MESSAGES = 4096
"""Messages in one record at most (the gateway cuts a chunk into records of ~200 KB)."""
MAX_PERCENT = 100
MAX_PHASE = 2


@dataclass(frozen=True, slots=True)
class HistoryMessage:
    """One message of a past chat, as the phone had it."""

    wamid: Wamid
    wa_id: str
    """The customer's phone digits: Meta names history threads by number only."""
    from_business: bool
    """Sent from the business's phone (else the customer wrote it)."""
    sent_at: int
    status: DeliveryStatus
    """What Meta says of it at sync time (`history_context.status`)."""
    content: Content


@dataclass(frozen=True, slots=True)
class HistoryChunk:
    """Part of the phone's chat history (gateway event)."""

    phase: int
    """0: the last day before onboarding, 1: up to 90 days, 2: up to 180 days."""
    chunk_order: int
    progress: int
    """Meta's percent of the whole sync; 100 once complete."""
    messages: tuple[HistoryMessage, ...]

    kind = EventKind.HISTORY_CHUNK

    @property
    def numbers(self) -> frozenset[str]:
        """The customers' phone digits the chunk names (the sync layer derives each one's
        conversation, as it does from a customer's own message)."""
        return frozenset(m.wa_id for m in self.messages)


def _write_message(m: HistoryMessage, w: Writer) -> None:
    w.text(m.wamid).text(m.wa_id).u8(m.from_business).u64(m.sent_at).u8(m.status)
    write_content(w, m.content)


def _read_message(r: Reader) -> HistoryMessage:
    return HistoryMessage(
        wamid=Wamid(r.text(MAX_ID)),
        wa_id=r.text(MAX_ID),
        from_business=read_flag(r),
        sent_at=r.u64(),
        status=read_enum(r.u8(), DeliveryStatus),
        content=read_content(r),
    )


def _write(w: Writer, e: HistoryChunk) -> None:
    w.u8(e.phase).u32(e.chunk_order).u8(e.progress)
    w.items(e.messages, _write_message)


def _read(r: Reader) -> HistoryChunk:
    phase, chunk_order, progress = r.u8(), r.u32(), r.u8()
    if phase > MAX_PHASE or progress > MAX_PERCENT:
        raise DecodeError("value")
    return HistoryChunk(phase, chunk_order, progress, tuple(r.items(_read_message, MAX_MESSAGES)))


def _keys(keys: Keys, record: AppliedRecord, event: HistoryChunk) -> None:
    keys.history = True
    keys.conversations.update(cid for _, cid in record.thread_conversations)
    for m in event.messages:
        keys.wamids.add(m.wamid)
    for wa_id in event.numbers:
        keys.wa_ids.add(wa_id)
        keys.customer_ids.add(number_customer_id(wa_id))


def _fold(state: BatchState, record: AppliedRecord, ev: HistoryChunk) -> Outcome:
    derived = dict(record.thread_conversations)
    # Customers this batch met before the chunk (a live message just before it) are not in
    # `by_wa_id`, which holds what was stored: their number leads to their conversation too.
    met = {c.wa_id: cid for cid, c in state.customers.items() if c.wa_id}
    filed: dict[ConversationId, list[Message]] = {}
    taken: dict[ConversationId, set[int]] = {}
    for m in ev.messages:
        if m.wamid in state.by_wamid:
            # Live already (a customer's message, an echo), a chunk sent twice, or Meta's
            # follow-up with the file of a placeholder.
            _fill_placeholder(state, m)
            continue
        cid = _conversation(state, derived, met, m.wa_id, record)
        message = _past(m, cid, _free_position(taken.setdefault(cid, set()), m))
        state.import_message(message)
        filed.setdefault(cid, []).append(message)
    for cid, messages in filed.items():
        _note_past(state, cid, messages)
    imported = sum(map(len, filed.values()))
    state.history = after_chunk(
        state.history, ev.phase, ev.progress, imported, record.author_time or 0
    )
    state.history_changed = True
    return Outcome.APPLIED


def _fill_placeholder(state: BatchState, m: HistoryMessage) -> None:
    """Give an imported placeholder the media Meta sent for it later (its file follows as
    `MediaStored`, by wamid, like a customer's)."""
    known = state.messages.get(state.by_wamid[m.wamid])
    if known is None or not isinstance(m.content, Media):
        return
    placeholder = known.content
    if isinstance(placeholder, Unsupported) and placeholder.title == MEDIA_PLACEHOLDER:
        state.put_message(replace(known, content=m.content, text=searchable_text(m.content)))


def _conversation(
    state: BatchState,
    derived: dict[str, ConversationId],
    met: dict[str, ConversationId],
    wa_id: str,
    record: AppliedRecord,
) -> ConversationId:
    """The customer's conversation by number (a live one, or one an agent started), else a new
    one under the id the sync layer derived for the number."""
    known = (
        state.by_wa_id.get(wa_id)
        or met.get(wa_id)
        or state.customer_map.get(number_customer_id(wa_id))
    )
    if known is not None:
        return known
    cid = derived.get(wa_id)
    if cid is None:
        raise ValueError(f"history chunk {short(record.event_id)} names an underived number")
    state.put_customer(StoredCustomer(number_customer_id(wa_id), cid, wa_id, ""))
    state.by_wa_id[wa_id] = cid
    return cid


def _free_position(taken: set[int], m: HistoryMessage) -> int:
    """The message's place in its chat, moved on by one should two of this record's meet (a
    1 in 16 million chance for two messages of one chat in the same second)."""
    position = history_position(m.sent_at, m.wamid)
    while position in taken:
        position += 1
    taken.add(position)
    return position


def _past(m: HistoryMessage, cid: ConversationId, position: int) -> Message:
    return Message(
        event_id=history_event_id(m.wamid),
        conversation_id=cid,
        direction=Direction.OUTBOUND if m.from_business else Direction.INBOUND,
        text=searchable_text(m.content),
        at=m.sent_at,
        author=None,
        wamid=m.wamid,
        status=m.status,
        error_code=0,
        position=position,
        content=m.content,
        from_phone=m.from_business,
    )


def _note_past(state: BatchState, cid: ConversationId, messages: list[Message]) -> None:
    """Count the conversation's imported messages; the newest becomes its preview only when
    nothing newer is there. A chat new to the team is filed resolved (as done), and nothing
    else moves: no unread count, no waiting time, no 24-hour window, no guard."""
    conv = state.conversations.get(cid)
    if conv is None:
        customer = state.customers[cid]
        conv = StoredConversation(cid, customer.customer_id, state=ConversationState.RESOLVED)
    newest = max(messages, key=lambda m: m.at)
    later = newest.at >= conv.last_at
    state.put_conversation(
        replace(
            conv,
            message_count=conv.message_count + len(messages),
            last_text=newest.text if later else conv.last_text,
            last_at=max(conv.last_at, newest.at),
            last_kind=newest.kind if later else conv.last_kind,
        )
    )


SPEC = KindSpec(
    EventKind.HISTORY_CHUNK, HistoryChunk, _write, _read, _fold, _keys, envelope=EventType.GATEWAY
)
