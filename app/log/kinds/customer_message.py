"""A customer wrote to the business (gateway event): a bubble, or a reaction to one."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from app.crypto.encoding import Reader, Writer
from app.crypto.header import EventType
from app.domain.content import NO_CONTEXT, Content, MessageContext, Reaction, searchable_text
from app.domain.events import EventKind
from app.domain.frozen import quick_init
from app.domain.handling import state_after_customer_message
from app.domain.history import imported
from app.domain.ids import ConversationId, CustomerId, Wamid, short
from app.domain.model import DeliveryStatus, Direction, Message
from app.domain.outreach import number_customer_id
from app.log import customer_changes, menu_choice
from app.log.content_codec import read_content, read_context, write_content, write_context
from app.log.kind import MAX_ID, KindSpec
from app.log.state import BatchState, Keys
from app.log.values import (
    AppliedRecord,
    Outcome,
    StoredConversation,
    StoredCustomer,
    StoredReaction,
)

log = logging.getLogger(__name__)

INBOUND_STATUS = DeliveryStatus.DELIVERED
"""Inbound messages have arrived by definition."""


@quick_init
@dataclass(frozen=True, slots=True)
class CustomerMessage:
    """A customer wrote to the business (gateway event)."""

    wamid: Wamid
    customer_id: CustomerId
    customer_wa_id: str
    """Phone digits, or "" for a customer known only by username (cloud-api.md §3.1)."""
    profile_name: str
    sent_at: int
    """Meta's timestamp, Unix seconds; the 24-hour window counts from it."""
    content: Content
    context: MessageContext = NO_CONTEXT

    kind = EventKind.CUSTOMER_MESSAGE

    @property
    def text(self) -> str:
        """The message's words, for previews, search and logs-free display."""
        return searchable_text(self.content)


def _write(w: Writer, e: CustomerMessage) -> None:
    w.text(e.wamid).text(e.customer_id).text(e.customer_wa_id).text(e.profile_name)
    w.u64(e.sent_at)
    write_content(w, e.content)
    write_context(w, e.context)


def _read(r: Reader) -> CustomerMessage:
    return CustomerMessage(
        wamid=Wamid(r.text(MAX_ID)),
        customer_id=CustomerId(r.text(MAX_ID)),
        customer_wa_id=r.text(MAX_ID),
        profile_name=r.text(MAX_ID * 4),
        sent_at=r.u64(),
        content=read_content(r),
        context=read_context(r),
    )


def add_message_keys(
    keys: Keys, record: AppliedRecord, customer_id: CustomerId, customer_wa_id: str, wamid: Wamid
) -> None:
    """What a batch must load for a message between the business and a customer (either
    way: a customer's message, the phone's echo)."""
    if record.conversation_id is not None:
        keys.conversations.add(record.conversation_id)
    keys.customer_ids.add(customer_id)
    if customer_wa_id:
        keys.wa_ids.add(customer_wa_id)
    keys.wamids.add(wamid)


def _keys(keys: Keys, record: AppliedRecord, event: CustomerMessage) -> None:
    add_message_keys(keys, record, event.customer_id, event.customer_wa_id, event.wamid)
    if isinstance(event.content, Reaction):
        keys.reaction_targets.add(event.content.target)
    menu_choice.add_keys(keys, event.content)


def conversation_of(
    state: BatchState, record: AppliedRecord, ev: CustomerMessage
) -> ConversationId:
    """Where a customer's message goes: the customers table wins over the derived default.

    The sync layer derives the conversation from the customer id; an id the customer took on
    later (`CustomerIdChanged`) is mapped to the conversation of the id it replaced, and a
    customer's first answer to a conversation an agent started by their number goes there.
    """
    derived = record.conversation_id
    if derived is None:
        raise ValueError(f"customer message {short(record.event_id)} has no conversation id")
    known = state.customer_map.get(ev.customer_id)
    if known is not None:
        return known
    return _started_for(state, ev) or derived


def _started_for(state: BatchState, ev: CustomerMessage) -> ConversationId | None:
    """The conversation started by the customer's number, still waiting for their BSUID: it
    takes the BSUID from now on (as after an id change)."""
    cid = state.by_wa_id.get(ev.customer_wa_id) if ev.customer_wa_id else None
    customer = None if cid is None else state.customers.get(cid)
    if cid is None or customer is None or customer.current_id is not None:
        return None
    if customer.customer_id != number_customer_id(ev.customer_wa_id):
        return None
    state.customer_map[ev.customer_id] = cid
    state.new_customer_ids.append((ev.customer_id, cid, ev.sent_at))
    state.put_customer(replace(customer, current_id=ev.customer_id))
    return cid


def _fold(state: BatchState, record: AppliedRecord, ev: CustomerMessage) -> Outcome:
    cid = conversation_of(state, record, ev)
    if isinstance(ev.content, Reaction):
        return _reaction(state, record, ev, ev.content, cid)
    added = 1
    if ev.wamid in state.by_wamid:
        message = _came_live(state, record, ev.wamid, cid)
        if message is None:
            return Outcome.DUPLICATE  # the same webhook sealed twice, e.g. by two gateway replicas
        added = 0
    else:
        # An edit or deletion that overtook the message applies now (`customer_changes`).
        message = customer_changes.settle(state, _inbound(record, ev, cid, ev.text))
        state.add_message(message)
    _note_customer(state, cid, ev)
    conv = state.conversations.get(cid) or StoredConversation(cid, ev.customer_id)
    text = message.text
    last_inbound = ev.sent_at
    if conv.last_inbound_at is not None:
        last_inbound = max(conv.last_inbound_at, ev.sent_at)
    waiting = conv.waiting_since if conv.waiting_since is not None else ev.sent_at
    # Built field by field rather than with `dataclasses.replace`, which cost as much as the
    # rest of this fold; tests/unit/log/test_customer_message_fold.py keeps every field that
    # is not named here.
    state.put_conversation(
        StoredConversation(
            conversation_id=conv.conversation_id,
            customer_id=conv.customer_id,
            assignee=conv.assignee,
            last_subject_seq=conv.last_subject_seq,
            last_inbound_at=last_inbound,
            waiting_since=waiting,
            last_text=text,
            last_at=ev.sent_at,
            unread=conv.unread + 1,
            message_count=conv.message_count + added,
            last_kind=message.kind,
            state=state_after_customer_message(conv.state),
            snooze_until=0,
        )
    )
    menu_choice.fold(state, cid, ev.content)
    return Outcome.APPLIED


def _came_live(
    state: BatchState, record: AppliedRecord, wamid: Wamid, cid: ConversationId
) -> Message | None:
    """The message the phone's history brought before Meta's live webhook of it (history
    overlaps live traffic, and a retried webhook can come late): the live copy is news all the
    same, so the message moves to where live ones sit and the conversation takes it as a new
    customer message (unread, waiting, the 24-hour window). None for a plain duplicate.

    Not announced as new (its row exists): this one rare message notifies nobody.
    """
    known = state.messages.get(state.by_wamid[wamid])
    if known is None or not imported(known.position) or known.conversation_id != cid:
        return None
    moved = replace(known, position=record.seq)
    state.put_message(moved)
    return moved


def _inbound(record: AppliedRecord, ev: CustomerMessage, cid: ConversationId, text: str) -> Message:
    return Message(
        event_id=record.event_id,
        conversation_id=cid,
        direction=Direction.INBOUND,
        text=text,
        at=ev.sent_at,
        author=None,
        wamid=ev.wamid,
        status=INBOUND_STATUS,
        error_code=0,
        position=record.seq,
        content=ev.content,
        context=ev.context,
    )


def _note_customer(state: BatchState, cid: ConversationId, ev: CustomerMessage) -> None:
    """Keep the customer's number and profile name as their newest message gives them."""
    known = state.customers.get(cid)
    if known is None:
        state.put_customer(StoredCustomer(ev.customer_id, cid, ev.customer_wa_id, ev.profile_name))
        return
    # A customer known only by username (wa_id "") must not erase a number we already know.
    wa_id = ev.customer_wa_id or known.wa_id
    profile_name = ev.profile_name or known.profile_name
    if (wa_id, profile_name) != (known.wa_id, known.profile_name):  # rare: no copy otherwise
        state.put_customer(replace(known, wa_id=wa_id, profile_name=profile_name))


def _reaction(
    state: BatchState,
    record: AppliedRecord,
    ev: CustomerMessage,
    content: Reaction,
    cid: ConversationId,
) -> Outcome:
    """Set or clear the customer's reaction to a message; a reaction makes no bubble.

    The reaction is kept by target wamid even when the target is not here (yet): reads join it
    to the message once it arrives. Nothing else moves: no preview, unread count or waiting time.
    Reactions keep "the newest wins" by Meta's time, then by log order, so a late second copy of
    an older event cannot undo a newer one.
    """
    prior = state.reactions.get(content.target)
    if prior is not None and (ev.sent_at, record.seq) < (prior.at, prior.seq):
        return Outcome.APPLIED  # an older reaction than the one kept: it changes nothing
    kept = StoredReaction(content.target, cid, content.emoji, ev.sent_at, record.seq)
    state.reactions[content.target] = kept
    state.changed_reactions[content.target] = None
    target = state.by_wamid.get(content.target)
    if target is None:
        return Outcome.APPLIED
    message = state.messages[target]
    if message.conversation_id != cid:
        # Customers react only inside their own chat; reads match the conversation too.
        log.warning("a reaction in %s names a message of another conversation", short(cid))
        return Outcome.APPLIED
    if prior is None or prior.emoji != content.emoji:
        state.reacted[target] = None
        state.touched.add(cid)
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.CUSTOMER_MESSAGE,
    CustomerMessage,
    _write,
    _read,
    _fold,
    _keys,
    envelope=EventType.GATEWAY,
)
