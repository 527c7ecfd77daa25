"""The customer panel's facts as the fake desk tells them: the replica's query
(`app.store.profile`) done over a list, with the same domain rules, so the contract tests can
hold both to the same answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.domain.content import Activity, ActivityKind
from app.domain.model import Direction, Message
from app.domain.pricing import summarise
from app.domain.profile import (
    EARLIER_LIMIT,
    RECENT_OUTBOUND,
    CustomerProfile,
    Episode,
    EpisodeBounds,
    OutboundOutcome,
    episode_bounds,
    undeliverable_streak,
)

if TYPE_CHECKING:
    from tests.helpers.fake_desk import FakeConversation

_CHAT = (Direction.INBOUND, Direction.OUTBOUND)


def profile_of(conversation: FakeConversation) -> CustomerProfile:
    messages = conversation.messages
    chat = [m for m in messages if m.direction in _CHAT]
    inbound = [m.at for m in chat if m.direction is Direction.INBOUND]
    episodes, more = earlier_page(conversation, None, EARLIER_LIMIT)
    return CustomerProfile(
        conversation_id=conversation.conversation_id,
        customer_id=conversation.customer_id,
        customer_name=conversation.customer_name,
        wa_id=conversation.customer_wa_id,
        marketing_opt_out=conversation.marketing_opt_out,
        last_inbound_at=inbound[-1] if inbound else None,
        first_contact_at=messages[0].at if messages else None,
        total_messages=len(chat),
        undeliverable=undeliverable_streak(_since_customer(chat)),
        earlier=tuple(episodes),
        more_earlier=more,
        costs=summarise(p for p, _ in conversation.pricings.values()),
    )


def earlier_page(
    conversation: FakeConversation, before_position: int | None, limit: int
) -> tuple[list[Episode], bool]:
    """Like `app.store.profile.earlier_page`."""
    lines = [
        (m.position, m.at, m.author, m.event_id)
        for m in conversation.messages
        if m.direction is Direction.ACTIVITY
        and isinstance(m.content, Activity)
        and m.content.activity is ActivityKind.RESOLVED
        and (before_position is None or m.position < before_position)
    ]
    bounds, more = episode_bounds(lines[::-1][: limit + 1], limit)
    chat = [m for m in conversation.messages if m.direction in _CHAT]
    return [_episode(chat, b) for b in bounds], more


def _episode(chat: Sequence[Message], bounds: EpisodeBounds) -> Episode:
    inside = [m for m in chat if bounds.after_position < m.position < bounds.resolved_position]
    first = inside[0] if inside else None
    words = next((m.text for m in inside if m.direction is Direction.INBOUND), "")
    return Episode(
        first_event_id=first.event_id if first else bounds.resolved_event_id,
        first_position=first.position if first else bounds.resolved_position,
        started_at=first.at if first else bounds.resolved_at,
        resolved_at=bounds.resolved_at,
        resolved_position=bounds.resolved_position,
        resolved_by=bounds.resolved_by,
        message_count=len(inside),
        first_words=words,
    )


def _since_customer(chat: Sequence[Message]) -> list[OutboundOutcome]:
    recent: list[OutboundOutcome] = []
    for message in reversed(chat[-RECENT_OUTBOUND:]):
        if message.direction is Direction.INBOUND:
            break
        recent.append(OutboundOutcome(message.status, message.error_code))
    return recent
