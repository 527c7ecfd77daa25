"""Applying log records to the replica's projections: the fold, in plain Python.

`apply_batch` loads every row a batch can touch (`batch.load`), folds the records over them here
(and in `apply_customers`, for the events that make no bubble) in stream order, and writes back
only what changed (`batch.flush`). The fold does no I/O, so a 5,000-record batch costs a handful
of thread hops instead of several per record (stack.md §5), and its rules read like the
domain's: same log, same state, on every desk.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from app.domain.content import Media, Reaction
from app.domain.events import (
    Claim,
    CustomerIdChanged,
    CustomerMessage,
    DeliveryStatusChanged,
    Event,
    GatewayStatus,
    MediaStored,
    NumberStatus,
    PreferenceChanged,
    Reply,
    SendOutcome,
)
from app.domain.ids import ConversationId, short
from app.domain.model import DeliveryStatus, Direction, Message
from app.domain.rules import merge_status
from app.store import apply_customers
from app.store.records import AppliedRecord
from app.store.rows import Outcome, StoredConversation, WamidStatus
from app.store.state import BatchState

log = logging.getLogger(__name__)

_LOCAL_ONLY = frozenset({DeliveryStatus.PENDING, DeliveryStatus.CONFLICT})
"""Statuses only this desk ever gave a message; the log overrides them when the Reply arrives."""

INBOUND_STATUS = DeliveryStatus.DELIVERED
"""Inbound messages have arrived by definition."""


def fold(state: BatchState, records: Sequence[AppliedRecord]) -> None:
    """Apply `records` in order to `state`. Records already stored are skipped (idempotence)."""
    for record in records:
        if record.chain_link is not None:
            # Links are not envelopes: no event row, no author head (their seqno is the
            # chain's, not the signer's envelope sequence). Re-applied links are ignored.
            state.chain_links.append((record.seq, record.chain_link))
            continue
        if record.seq in state.known_seqs:
            continue
        if record.event_id in state.known_events:
            # The author published the same event again under its next sequence: the record
            # is not applied twice, but the author's chain moved on, as the reader saw.
            _advance_head(state, record)
            continue
        state.known_events.add(record.event_id)
        state.known_seqs.add(record.seq)
        state.events.append((record, _apply(state, record)))
        _advance_head(state, record)


def _advance_head(state: BatchState, record: AppliedRecord) -> None:
    head = state.heads.get(record.author)
    if head is None or record.author_seq > head[0]:
        state.heads[record.author] = (record.author_seq, record.envelope_hash)


def _apply(state: BatchState, record: AppliedRecord) -> Outcome:
    event = record.event
    if isinstance(event, CustomerMessage):
        return _customer_message(state, record, event)
    if isinstance(event, DeliveryStatusChanged):
        return _delivery_status(state, event)
    if isinstance(event, SendOutcome):
        return _send_outcome(state, event)
    if isinstance(event, Claim):
        return _claim(state, record, event)
    if isinstance(event, Reply):
        return _reply(state, record, event)
    return _customer_event(state, record, event)


def _customer_event(state: BatchState, record: AppliedRecord, event: Event | None) -> Outcome:
    """The gateway's events that make no bubble."""
    if isinstance(event, CustomerIdChanged):
        return apply_customers.customer_id_changed(state, event)
    if isinstance(event, PreferenceChanged):
        return apply_customers.preference_changed(state, record, event)
    if isinstance(event, NumberStatus):
        return _number_status(state, record, event)
    if isinstance(event, MediaStored):
        return _media_stored(state, event)
    if isinstance(event, GatewayStatus):
        return _gateway_status(state, record, event)
    return Outcome.STORED  # OutboundRequest (the gateway's to open) or nothing decoded


def _conversation_of(
    state: BatchState, record: AppliedRecord, ev: CustomerMessage
) -> ConversationId:
    """Where a customer's message goes: the customers table wins over the derived default.

    The sync layer derives the conversation from the customer id; an id the customer took on
    later (`CustomerIdChanged`) is mapped to the conversation of the id it replaced.
    """
    derived = record.conversation_id
    if derived is None:
        raise ValueError(f"customer message {short(record.event_id)} has no conversation id")
    return state.customer_map.get(ev.customer_id, derived)


def _customer_message(state: BatchState, record: AppliedRecord, ev: CustomerMessage) -> Outcome:
    cid = _conversation_of(state, record, ev)
    if isinstance(ev.content, Reaction):
        return apply_customers.reaction(state, record, ev, ev.content, cid)
    if ev.wamid in state.by_wamid:
        return Outcome.DUPLICATE  # the same webhook sealed twice, e.g. by two gateway replicas
    apply_customers.note_customer(state, cid, ev)
    conv = state.conversations.get(cid) or StoredConversation(cid, ev.customer_id)
    state.add_message(_inbound(record, ev, cid))
    last_inbound = ev.sent_at
    if conv.last_inbound_at is not None:
        last_inbound = max(conv.last_inbound_at, ev.sent_at)
    waiting = conv.waiting_since if conv.waiting_since is not None else ev.sent_at
    state.put_conversation(
        replace(
            conv,
            last_inbound_at=last_inbound,
            waiting_since=waiting,
            last_text=ev.text,
            last_at=ev.sent_at,
            last_kind=ev.content.kind,
            unread=conv.unread + 1,
            message_count=conv.message_count + 1,
        )
    )
    return Outcome.APPLIED


def _inbound(record: AppliedRecord, ev: CustomerMessage, cid: ConversationId) -> Message:
    return Message(
        event_id=record.event_id,
        conversation_id=cid,
        direction=Direction.INBOUND,
        text=ev.text,
        at=ev.sent_at,
        author=None,
        wamid=ev.wamid,
        status=INBOUND_STATUS,
        error_code=0,
        position=record.seq,
        content=ev.content,
        context=ev.context,
    )


def _number_status(state: BatchState, record: AppliedRecord, ev: NumberStatus) -> Outcome:
    """One status is kept: the newest by the gateway's poll time, ties going to the later record."""
    kept = state.number_status
    if kept is None or ev.at >= kept[0].at:
        state.number_status = (ev, record.seq)
        state.number_status_changed = True
    return Outcome.APPLIED


def _gateway_status(state: BatchState, record: AppliedRecord, ev: GatewayStatus) -> Outcome:
    """One report is kept: the newest by the gateway's clock, ties going to the later record."""
    kept = state.gateway_status
    if kept is None or ev.at >= kept[0].at:
        state.gateway_status = (ev, record.seq)
        state.gateway_status_changed = True
    return Outcome.APPLIED


def _merge_into(state: BatchState, message: Message, status: DeliveryStatus, error: int) -> None:
    """Merge a reported status into an outbound message (never backwards; failure is final)."""
    merged = merge_status(message.status, status)
    if merged == message.status:
        return
    code = error if merged == DeliveryStatus.FAILED else message.error_code
    state.put_message(replace(message, status=merged, error_code=code))


def _delivery_status(state: BatchState, ev: DeliveryStatusChanged) -> Outcome:
    prior = state.statuses.get(ev.wamid)
    merged = merge_status(prior.status if prior else DeliveryStatus.PENDING, ev.status)
    if prior is None or merged != prior.status:
        error = ev.error_code if merged == DeliveryStatus.FAILED else 0
        state.statuses[ev.wamid] = WamidStatus(ev.wamid, merged, error, ev.at)
        state.changed_statuses[ev.wamid] = None
    event_id = state.by_wamid.get(ev.wamid)
    message = None if event_id is None else state.messages[event_id]
    if message is not None and message.direction == Direction.OUTBOUND:
        known = state.statuses[ev.wamid]
        _merge_into(state, message, known.status, known.error_code)
    return Outcome.APPLIED


def _media_stored(state: BatchState, ev: MediaStored) -> Outcome:
    """Attach the gateway's sealed copy to the inbound message it belongs to (by wamid)."""
    event_id = state.by_wamid.get(ev.wamid)
    message = None if event_id is None else state.messages.get(event_id)
    if message is None or not isinstance(message.content, Media):
        log.warning("media for an unknown message")
        return Outcome.SKIPPED
    if message.content.stored is not None:
        return Outcome.DUPLICATE  # attached before (a retried fetch reported twice)
    content = replace(message.content, stored=ev.stored)
    state.put_message(replace(message, content=content))
    return Outcome.APPLIED


def _send_outcome(state: BatchState, ev: SendOutcome) -> Outcome:
    message = state.messages.get(ev.reply_event_id)
    if message is None or message.direction != Direction.OUTBOUND:
        log.warning("send outcome for unknown reply %s", short(ev.reply_event_id))
        return Outcome.SKIPPED
    if ev.wamid is None:
        _merge_into(state, message, DeliveryStatus.FAILED, ev.error_code)
        return Outcome.APPLIED
    owner = state.by_wamid.get(ev.wamid)
    taken = owner is not None and owner != message.event_id
    if taken or message.wamid not in (None, ev.wamid):
        log.warning("send outcome for %s names a wamid in use", short(ev.reply_event_id))
        return Outcome.SKIPPED
    # HTTP 200 means "accepted" only (cloud-api.md §6): QUEUED until Meta's statuses say more.
    status = merge_status(message.status, DeliveryStatus.QUEUED)
    error = message.error_code
    known = state.statuses.get(ev.wamid)
    if known is not None:  # a status webhook overtook the send outcome
        status = merge_status(status, known.status)
        error = known.error_code if status == DeliveryStatus.FAILED else error
    state.put_message(replace(message, wamid=ev.wamid, status=status, error_code=error))
    return Outcome.APPLIED


def _claim(state: BatchState, record: AppliedRecord, ev: Claim) -> Outcome:
    conv = state.conversations.get(ev.conversation_id)
    if conv is None:
        log.warning("claim for unknown conversation %s", short(ev.conversation_id))
        return Outcome.SKIPPED
    state.put_conversation(replace(conv, assignee=record.author, last_subject_seq=record.seq))
    return Outcome.APPLIED


def _reply(state: BatchState, record: AppliedRecord, ev: Reply) -> Outcome:
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
    state.put_conversation(
        replace(
            conv,
            waiting_since=None,
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
