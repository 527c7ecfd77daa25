"""The business answered from its WhatsApp Business app (gateway event, `smb_message_echoes`).

With coexistence (cloud-api.md §15) the number stays on the owner's phone, and what is typed
there reaches the team as an echo: an outbound message in the customer's thread, sent by the
business but by no agent. It counts as an answer (the conversation stops waiting), yet it never
opens or extends the 24-hour window and notifies nobody (§15, "Service window and echoes").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.crypto.encoding import Reader, Writer
from app.crypto.header import EventType
from app.domain.content import NO_CONTEXT, Content, MessageContext, searchable_text
from app.domain.events import EventKind
from app.domain.handling import missed_a_customer_message
from app.domain.ids import ConversationId, CustomerId, Wamid, short
from app.domain.model import DeliveryStatus, Direction, Message
from app.log.content_codec import read_content, read_context, write_content, write_context
from app.log.kind import MAX_ID, KindSpec
from app.log.kinds.customer_message import add_message_keys
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome, StoredConversation, StoredCustomer

ECHO_STATUS = DeliveryStatus.SENT
"""Meta echoes what the phone sent; whether statuses follow is uncertain (§15.2)."""


@dataclass(frozen=True, slots=True)
class PhoneEcho:
    """A message the business sent to a customer from its phone (gateway event)."""

    wamid: Wamid
    customer_id: CustomerId
    """The customer's BSUID (`to_user_id`), else their phone digits (`to`)."""
    customer_wa_id: str
    """Phone digits, or "" when Meta named the customer by BSUID only."""
    profile_name: str
    """The customer's profile name from the value's `contacts[]`, "" when absent."""
    sent_at: int
    content: Content
    context: MessageContext = NO_CONTEXT

    kind = EventKind.PHONE_ECHO

    @property
    def text(self) -> str:
        return searchable_text(self.content)


def _write(w: Writer, e: PhoneEcho) -> None:
    w.text(e.wamid).text(e.customer_id).text(e.customer_wa_id).text(e.profile_name)
    w.u64(e.sent_at)
    write_content(w, e.content)
    write_context(w, e.context)


def _read(r: Reader) -> PhoneEcho:
    return PhoneEcho(
        wamid=Wamid(r.text(MAX_ID)),
        customer_id=CustomerId(r.text(MAX_ID)),
        customer_wa_id=r.text(MAX_ID),
        profile_name=r.text(MAX_ID * 4),
        sent_at=r.u64(),
        content=read_content(r),
        context=read_context(r),
    )


def _keys(keys: Keys, record: AppliedRecord, event: PhoneEcho) -> None:
    add_message_keys(keys, record, event.customer_id, event.customer_wa_id, event.wamid)


def conversation_of(state: BatchState, record: AppliedRecord, ev: PhoneEcho) -> ConversationId:
    """The customer's conversation: by any id they had, then by their number (a conversation an
    agent started by number), else the one the sync layer derived from the id (a new one)."""
    known = state.customer_map.get(ev.customer_id)
    if known is None and ev.customer_wa_id:
        known = state.by_wa_id.get(ev.customer_wa_id)
    if known is not None:
        return known
    if record.conversation_id is None:
        raise ValueError(f"phone echo {short(record.event_id)} has no conversation id")
    return record.conversation_id


def _fold(state: BatchState, record: AppliedRecord, ev: PhoneEcho) -> Outcome:
    if ev.wamid in state.by_wamid:
        return Outcome.DUPLICATE  # Meta retried the webhook, or two gateways sealed it
    cid = conversation_of(state, record, ev)
    if cid not in state.customers:
        # The phone wrote first: the conversation starts with the business's message.
        state.put_customer(StoredCustomer(ev.customer_id, cid, ev.customer_wa_id, ev.profile_name))
    conv = state.conversations.get(cid) or StoredConversation(cid, ev.customer_id)
    state.add_message(_echo(record, ev, cid))
    answered = not missed_a_customer_message(conv.last_inbound_at, ev.sent_at)
    state.put_conversation(
        replace(
            conv,
            # Like an agent's reply: the phone answered what came before it, so the wait ends
            # and what the person on the phone read is no longer unread. `last_inbound_at` (the
            # 24-hour window) and the guard (`last_subject_seq`) stay: echoes touch neither.
            waiting_since=None if answered else conv.waiting_since,
            unread=0 if answered else conv.unread,
            last_text=ev.text,
            last_at=max(conv.last_at, ev.sent_at),
            last_kind=ev.content.kind,
            message_count=conv.message_count + 1,
        )
    )
    return Outcome.APPLIED


def _echo(record: AppliedRecord, ev: PhoneEcho, cid: ConversationId) -> Message:
    return Message(
        event_id=record.event_id,
        conversation_id=cid,
        direction=Direction.OUTBOUND,
        text=ev.text,
        at=ev.sent_at,
        author=None,
        wamid=ev.wamid,
        status=ECHO_STATUS,
        error_code=0,
        position=record.seq,
        content=ev.content,
        context=ev.context,
        from_phone=True,
    )


SPEC = KindSpec(
    EventKind.PHONE_ECHO, PhoneEcho, _write, _read, _fold, _keys, envelope=EventType.GATEWAY
)
