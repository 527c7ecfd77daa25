"""Who the customer is and what the team went through with them: the customer panel's facts.

PURE. The replica (and the fake desk) gather the facts; the rules here decide what they mean,
so a widget never reasons about delivery codes or episode boundaries itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.domain.ids import ConversationId, CustomerId, DeviceId, EventId
from app.domain.model import DeliveryStatus
from app.domain.pricing import CostSummary

UNDELIVERABLE_CODES = frozenset({131026})
"""Meta's "message undeliverable" (cloud-api.md §7, §8). A customer who blocked the business
is one of its causes, and the only signal Meta gives of a block; it also covers a customer no
longer on WhatsApp or on an old app, so the desk may only ever say "may have blocked"."""

RECENT_OUTBOUND = 10
"""How many of our newest messages since the customer last wrote the rule looks at."""

EARLIER_LIMIT = 20
"""How many earlier conversations come in one page (the profile holds the newest page)."""

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
    resolved_position: int
    """Where its RESOLVED line is: the next page of earlier conversations ends before it."""
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
    """Older conversations exist beyond those listed (`DeskApi.earlier_conversations`)."""
    costs: CostSummary = CostSummary()
    """What Meta charged for the messages the team sent in this thread, by group."""

    @property
    def may_have_blocked(self) -> bool:
        """Recent messages could not be delivered: the customer may have blocked the number."""
        return self.undeliverable > 0


# ITU-T E.164 country calling codes one or two digits long; every other code has three.
_SHORT_CODE_LIST = (
    "1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 "
    "60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98"
)
_SHORT_CODES = frozenset(_SHORT_CODE_LIST.split())


def phone_groups(wa_id: str) -> tuple[str, ...]:
    """A WhatsApp number's digits in readable groups: the country code, then the national
    number in threes ending with four ("49", "151", "1234", "5678").

    A plain reading aid, not a national numbering plan: it never drops or reorders a digit.
    Anything but digits is returned whole, as one group; "" gives no groups.
    """
    if not wa_id.isdigit():
        return (wa_id,) if wa_id else ()
    code_length = next((n for n in (1, 2) if wa_id[:n] in _SHORT_CODES), 3)
    code, national = wa_id[:code_length], wa_id[code_length:]
    if len(national) < 5:
        return (code, national) if national else (code,)
    head, tail = national[:-4], national[-4:]
    groups = [head[i : i + 3] for i in range(0, len(head), 3)]
    if len(groups) > 1 and len(groups[-1]) == 1:
        groups[-2:] = [groups[-2] + groups[-1]]  # no lone digit before the last four
    return (code, *groups, tail)
