"""A back-office system's notification went out (gateway event, issue 10 item 5).

A system sends an approved template through the gateway's API (docs/notifications.md); once
Meta accepted it, the gateway publishes this so every desk shows it in the customer's thread as
sent by that system, with the ticks Meta's statuses bring (they name the wamid). It is no
answer to the customer: the conversation keeps waiting if it waited, and nobody is notified.
A customer who answers lands in the same conversation (found by their number, as when an agent
starts one by number).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.crypto.encoding import Reader, Writer
from app.crypto.header import EventType
from app.domain.content import Content, searchable_text
from app.domain.events import EventKind
from app.domain.ids import ID_LEN, ConversationId, CustomerId, Wamid, short
from app.domain.model import DeliveryStatus, Direction, Message
from app.log.content_codec import read_content, write_content
from app.log.kind import MAX_ID, KindSpec
from app.log.kinds.api_token import MAX_SYSTEM_NAME
from app.log.kinds.customer_message import add_message_keys
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome, StoredConversation, StoredCustomer


@dataclass(frozen=True, slots=True)
class NotificationSent:
    """A template a back-office system sent to a customer, accepted by Meta (gateway event)."""

    wamid: Wamid
    customer_id: CustomerId
    """The customer's conversation key: `number_customer_id(wa_id)` (the system names a
    phone number); a customer known by BSUID is found by their number."""
    customer_wa_id: str
    system: str
    """The system's name, as the admin who created its token wrote it."""
    token_id: bytes
    """Which token sent it (the desks' list shows when each was last used)."""
    sent_at: int
    content: Content

    kind = EventKind.NOTIFICATION_SENT

    @property
    def text(self) -> str:
        return searchable_text(self.content)


def _write(w: Writer, e: NotificationSent) -> None:
    w.text(e.wamid).text(e.customer_id).text(e.customer_wa_id).text(e.system)
    w.fixed(e.token_id, ID_LEN).u64(e.sent_at)
    write_content(w, e.content)


def _read(r: Reader) -> NotificationSent:
    return NotificationSent(
        wamid=Wamid(r.text(MAX_ID)),
        customer_id=CustomerId(r.text(MAX_ID)),
        customer_wa_id=r.text(MAX_ID),
        system=r.text(MAX_SYSTEM_NAME * 4),
        token_id=r.fixed(ID_LEN),
        sent_at=r.u64(),
        content=read_content(r),
    )


def _keys(keys: Keys, record: AppliedRecord, event: NotificationSent) -> None:
    add_message_keys(keys, record, event.customer_id, event.customer_wa_id, event.wamid)


def _conversation(state: BatchState, record: AppliedRecord, ev: NotificationSent) -> ConversationId:
    """The customer's conversation by any id they had, then by their number; else a new one
    under the id the sync layer derived."""
    known = state.customer_map.get(ev.customer_id)
    if known is None and ev.customer_wa_id:
        known = state.by_wa_id.get(ev.customer_wa_id)
    if known is not None:
        return known
    if record.conversation_id is None:
        raise ValueError(f"notification {short(record.event_id)} has no conversation id")
    return record.conversation_id


def _fold(state: BatchState, record: AppliedRecord, ev: NotificationSent) -> Outcome:
    if ev.wamid in state.by_wamid:
        return Outcome.DUPLICATE  # sealed twice (a gateway restart between publish and ack)
    cid = _conversation(state, record, ev)
    if cid not in state.customers:
        state.put_customer(StoredCustomer(ev.customer_id, cid, ev.customer_wa_id, ""))
    conv = state.conversations.get(cid) or StoredConversation(cid, ev.customer_id)
    state.add_message(_message(record, ev, cid))
    # Not an answer: `waiting_since`, `unread`, the 24-hour window and the guard stay; and
    # while the customer waits, the queue's preview keeps what they wrote (an agent picking
    # up the next customer reads the question, not the greeting that went out after it).
    waiting = conv.waiting_since is not None
    state.put_conversation(
        replace(
            conv,
            last_text=conv.last_text if waiting else ev.text,
            last_at=conv.last_at if waiting else max(conv.last_at, ev.sent_at),
            last_kind=conv.last_kind if waiting else ev.content.kind,
            message_count=conv.message_count + 1,
        )
    )
    return Outcome.APPLIED


def _message(record: AppliedRecord, ev: NotificationSent, cid: ConversationId) -> Message:
    return Message(
        event_id=record.event_id,
        conversation_id=cid,
        direction=Direction.OUTBOUND,
        text=ev.text,
        at=ev.sent_at,
        author=None,
        wamid=ev.wamid,
        status=DeliveryStatus.SENT,
        error_code=0,
        position=record.seq,
        content=ev.content,
        sent_by_system=ev.system,
    )


SPEC = KindSpec(
    EventKind.NOTIFICATION_SENT,
    NotificationSent,
    _write,
    _read,
    _fold,
    _keys,
    envelope=EventType.GATEWAY,
)
