"""Fold rules for what customers do besides writing: who they are, how they react, what they
allow. Part of the fold in `apply`: plain Python over a `BatchState`, no I/O.

Reactions and preferences keep "the newest wins" by Meta's time, then by log order, so a late
second copy of an older event (two gateway replicas sealing one webhook) cannot undo a newer one,
and every desk, applying the same log, ends in the same state.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from app.domain.content import Reaction
from app.domain.events import CustomerIdChanged, CustomerMessage, PreferenceChanged
from app.domain.ids import ConversationId, short
from app.store.customer_rows import StoredCustomer, StoredPreference, StoredReaction
from app.store.records import AppliedRecord
from app.store.rows import Outcome
from app.store.state import BatchState

log = logging.getLogger(__name__)


def note_customer(state: BatchState, cid: ConversationId, ev: CustomerMessage) -> None:
    """Keep the customer's number and profile name as their newest message gives them."""
    known = state.customers.get(cid)
    if known is None:
        state.put_customer(StoredCustomer(ev.customer_id, cid, ev.customer_wa_id, ev.profile_name))
        return
    # A customer known only by username (wa_id "") must not erase a number we already know.
    row = replace(
        known,
        wa_id=ev.customer_wa_id or known.wa_id,
        profile_name=ev.profile_name or known.profile_name,
    )
    if row != known:
        state.put_customer(row)


def reaction(
    state: BatchState,
    record: AppliedRecord,
    ev: CustomerMessage,
    content: Reaction,
    cid: ConversationId,
) -> Outcome:
    """Set or clear the customer's reaction to a message; a reaction makes no bubble.

    The reaction is kept by target wamid even when the target is not here (yet): reads join it
    to the message once it arrives. Nothing else moves: no preview, unread count or waiting time.
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


def customer_id_changed(state: BatchState, ev: CustomerIdChanged) -> Outcome:
    """Map the customer's new id to their conversation, and write to the new id from now on.

    An unknown previous id, or a new id that already has a conversation of its own, is skipped:
    conversations are never merged.
    """
    cid = state.customer_map.get(ev.previous_id)
    if cid is None:
        log.warning("id change for a customer this replica does not know")
        return Outcome.SKIPPED
    taken = state.customer_map.get(ev.new_id)
    if taken is not None and taken != cid:
        log.warning("new customer id already has conversation %s", short(taken))
        return Outcome.SKIPPED
    customer = state.customers[cid]
    if taken is None and ev.new_id != customer.customer_id:
        state.customer_map[ev.new_id] = cid
        state.new_customer_ids.append((ev.new_id, cid, ev.at))
    current = None if ev.new_id == customer.customer_id else ev.new_id
    state.put_customer(replace(customer, current_id=current, wa_id=ev.new_wa_id or customer.wa_id))
    return Outcome.APPLIED


def preference_changed(state: BatchState, record: AppliedRecord, ev: PreferenceChanged) -> Outcome:
    """Record a marketing opt-out or opt-in under the id Meta named (read joins resolve it)."""
    if not ev.customer_id:
        return Outcome.SKIPPED
    prior = state.preferences.get(ev.customer_id)
    if prior is not None and (ev.at, record.seq) < (prior.at, prior.seq):
        return Outcome.APPLIED
    state.preferences[ev.customer_id] = StoredPreference(
        ev.customer_id, ev.preference, ev.at, record.seq
    )
    state.changed_preferences[ev.customer_id] = None
    cid = state.customer_map.get(ev.customer_id) or state.by_wa_id.get(ev.customer_id)
    if cid is not None:
        state.touched.add(cid)
    return Outcome.APPLIED
