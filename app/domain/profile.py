"""Who the customer is and what the team went through with them: the customer panel's facts.

PURE. The replica (and the fake desk) gather the facts; the rules here decide what they mean,
so a widget never reasons about delivery codes or episode boundaries itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.domain.ids import ConversationId, CustomerId, DeviceId, EventId
from app.domain.model import DeliveryStatus

UNDELIVERABLE_CODES = frozenset({131026})
"""Meta's "message undeliverable" (cloud-api.md §7, §8). A customer who blocked the business
is one of its causes, and the only signal Meta gives of a block; it also covers a customer no
longer on WhatsApp or on an old app, so the desk may only ever say "may have blocked"."""

RECENT_OUTBOUND = 10
"""How many of our newest messages since the customer last wrote the rule looks at."""

EARLIER_LIMIT = 20
"""How many earlier conversations the panel lists (the newest ones)."""

_DELIVERED = frozenset({DeliveryStatus.DELIVERED, DeliveryStatus.READ, DeliveryStatus.PLAYED})


@dataclass(frozen=True, slots=True)
class OutboundOutcome:
    """Where one of our messages to the customer ended up."""

    status: DeliveryStatus
    error_code: int = 0


def undeliverable_streak(newest_first: Iterable[OutboundOutcome]) -> int:
    """How many of our latest messages (since the customer last wrote) Meta could not deliver
    with an undeliverable code, counted back to the newest one that did reach the customer.

    Messages still on their way (pending, queued, merely `sent`), refused by the hub, or failed
    for another reason (a closed window, a rate limit) say nothing either way and are stepped
    over. A customer who writes again has evidently not blocked the number, so the caller passes
    only what we sent after their last message.

    Args:
        newest_first: Our messages since the customer's last one, the newest first.
    """
    streak = 0
    for outcome in newest_first:
        if outcome.status in _DELIVERED:
            break
        if outcome.status == DeliveryStatus.FAILED and outcome.error_code in UNDELIVERABLE_CODES:
            streak += 1
    return streak


@dataclass(frozen=True, slots=True)
class EpisodeBounds:
    """Where one earlier conversation lies in the thread, and how it ended."""

    after_position: int
    """It holds the messages after this position (the previous resolve's line, or 0)."""
    resolved_position: int
    resolved_at: int
    resolved_by: DeviceId | None
    resolved_event_id: EventId


def episode_bounds(
    resolved_newest_first: Sequence[tuple[int, int, DeviceId | None, EventId]], limit: int
) -> tuple[list[EpisodeBounds], bool]:
    """Cut the thread into earlier conversations at its RESOLVED lines.

    A resolved conversation reopens on the customer's next message, so each RESOLVED line ends
    one episode and the next begins right after it.

    Args:
        resolved_newest_first: (position, at, author, event id) of up to `limit + 1` RESOLVED
            lines, the newest first; the extra one only marks where the oldest listed begins.
        limit: How many episodes to return.

    Returns:
        The episodes, the newest first, and whether older ones exist beyond `limit`.
    """
    starts = [line[0] for line in resolved_newest_first[1:]] + [0]
    episodes = [
        EpisodeBounds(after, position, at, author, event_id)
        for (position, at, author, event_id), after in zip(
            resolved_newest_first[:limit], starts, strict=False
        )
    ]
    more = len(resolved_newest_first) > limit
    return episodes, more


@dataclass(frozen=True, slots=True)
class Episode:
    """One earlier conversation with the customer: the thread up to one RESOLVED line."""

    first_event_id: EventId
    """The message it began with (the thread scrolls there); the resolve's line if none."""
    first_position: int
    started_at: int
    resolved_at: int
    resolved_by: DeviceId | None
    """The device whose agent resolved it."""
    message_count: int
    """The customer's and the team's messages in it (not notes or activity lines)."""
    first_words: str
    """The customer's first message's words ("" when it had none, e.g. a photo alone)."""


@dataclass(frozen=True, slots=True)
class CustomerProfile:
    """What the customer panel shows beside a conversation."""

    conversation_id: ConversationId
    customer_id: CustomerId
    """The id the customer is reached by now (a BSUID, or phone digits for older payloads)."""
    customer_name: str
    """Their WhatsApp profile name; "" when they set none."""
    wa_id: str
    """Phone digits; "" for a customer known only by username (cloud-api.md §3.1)."""
    marketing_opt_out: bool
    last_inbound_at: int | None
    first_contact_at: int | None
    """When the thread began (its oldest message); None for an empty thread."""
    total_messages: int
    undeliverable: int
    """`undeliverable_streak` of our messages since the customer last wrote."""
    earlier: tuple[Episode, ...] = ()
    """Earlier conversations, the newest first (at most `EARLIER_LIMIT`)."""
    more_earlier: bool = False
    """Older conversations exist beyond those listed."""

    @property
    def may_have_blocked(self) -> bool:
        """Recent messages could not be delivered: the customer may have blocked the number."""
        return self.undeliverable > 0
