"""The customer panel's query: who the customer is and their earlier conversations.

Bounded like every read here: a fixed number of RESOLVED lines and of recent replies, and per
earlier conversation one count and two single-row seeks on the (conversation_id, position)
index. The thread itself is never loaded.
"""

from __future__ import annotations

from app.domain.content import ActivityKind, ContentKind
from app.domain.ids import ConversationId, DeviceId, EventId
from app.domain.model import DeliveryStatus, Direction
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
from app.store import queries
from app.store.costs import conversation_costs
from app.store.db import Tx
from app.store.records import ConversationDetail

_IN, _OUT = int(Direction.INBOUND), int(Direction.OUTBOUND)
_NO_BOUND = (1 << 63) - 1
"""Above every position (SQLite integers are signed 64-bit)."""
# Activity contents are JSON (`app.store.content_rows`): {"kind": 15, "v": {"activity": 9, …}}.
_SQL_RESOLVED = (
    "SELECT position, at, author, event_id FROM messages "
    f"WHERE conversation_id = ? AND direction = {Direction.ACTIVITY:d} "
    f"AND content_kind = {ContentKind.ACTIVITY:d} "
    f"AND json_extract(CAST(content AS TEXT), '$.v.activity') = {ActivityKind.RESOLVED:d} "
    "AND position < ? ORDER BY position DESC LIMIT ?"
)
_SQL_FIRST = "SELECT at FROM messages WHERE conversation_id = ? ORDER BY position LIMIT 1"
# Customer and team messages between two positions (notes and activity lines are not counted).
_SQL_EPISODE = (
    "SELECT count(*) AS n, min(position) AS first FROM messages "
    f"WHERE conversation_id = ? AND position > ? AND position < ? AND direction IN ({_IN}, {_OUT})"
)
_SQL_AT = "SELECT event_id, at FROM messages WHERE conversation_id = ? AND position = ?"
_SQL_FIRST_WORDS = (
    "SELECT text FROM messages "
    f"WHERE conversation_id = ? AND position > ? AND position < ? AND direction = {_IN} "
    "ORDER BY position LIMIT 1"
)
# The newest customer and team messages; the walk stops at the customer's last one.
_SQL_RECENT = (
    "SELECT direction, status, error_code FROM messages "
    f"WHERE conversation_id = ? AND direction IN ({_IN}, {_OUT}) "
    "ORDER BY position DESC LIMIT ?"
)


async def customer_profile(tx: Tx, conversation_id: ConversationId) -> CustomerProfile | None:
    """The customer panel's facts for one conversation, or None if it is unknown."""
    detail = await queries.conversation(tx, conversation_id)
    if detail is None:
        return None
    first = await tx.fetchval(_SQL_FIRST, (conversation_id,))
    earlier, more = await earlier_page(tx, conversation_id, None, EARLIER_LIMIT)
    return CustomerProfile(
        conversation_id=conversation_id,
        customer_id=detail.customer_id,
        customer_name=_profile_name(detail),
        wa_id=detail.customer_wa_id,
        marketing_opt_out=detail.marketing_opt_out,
        last_inbound_at=detail.last_inbound_at,
        first_contact_at=None if first is None else int(first),
        total_messages=detail.message_count,
        undeliverable=undeliverable_streak(await _recent_outbound(tx, conversation_id)),
        earlier=tuple(earlier),
        more_earlier=more,
        costs=await conversation_costs(tx, conversation_id),
    )


def _profile_name(detail: ConversationDetail) -> str:
    """The detail's name falls back to the number or the id (for the queue); the panel shows
    those on lines of their own, so it wants the profile name alone."""
    shown = detail.customer_name
    return "" if shown in (detail.customer_wa_id, detail.customer_id) else shown


async def earlier_page(
    tx: Tx, conversation_id: ConversationId, before_position: int | None, limit: int
) -> tuple[list[Episode], bool]:
    """Up to `limit` earlier conversations resolved before `before_position` (None: the
    newest), the newest first, and whether older ones exist."""
    bound = _NO_BOUND if before_position is None else before_position
    rows = await tx.fetchall(_SQL_RESOLVED, (conversation_id, bound, limit + 1))
    lines = [
        (
            int(r["position"]),
            int(r["at"]),
            None if r["author"] is None else DeviceId(bytes(r["author"])),
            EventId(bytes(r["event_id"])),
        )
        for r in rows
    ]
    bounds, more = episode_bounds(lines, limit)
    return [await _episode(tx, conversation_id, b) for b in bounds], more


async def _episode(tx: Tx, conversation_id: ConversationId, bounds: EpisodeBounds) -> Episode:
    span = (conversation_id, bounds.after_position, bounds.resolved_position)
    counted = await tx.fetchone(_SQL_EPISODE, span)
    count = 0 if counted is None else int(counted["n"])
    first_event_id, first_position, started_at = (
        bounds.resolved_event_id,
        bounds.resolved_position,
        bounds.resolved_at,
    )
    if count and counted is not None:
        first_position = int(counted["first"])
        row = await tx.fetchone(_SQL_AT, (conversation_id, first_position))
        if row is not None:
            first_event_id, started_at = EventId(bytes(row["event_id"])), int(row["at"])
    words = await tx.fetchval(_SQL_FIRST_WORDS, span)
    return Episode(
        first_event_id=first_event_id,
        first_position=first_position,
        started_at=started_at,
        resolved_at=bounds.resolved_at,
        resolved_position=bounds.resolved_position,
        resolved_by=bounds.resolved_by,
        message_count=count,
        first_words="" if words is None else str(words),
    )


async def _recent_outbound(tx: Tx, conversation_id: ConversationId) -> list[OutboundOutcome]:
    rows = await tx.fetchall(_SQL_RECENT, (conversation_id, RECENT_OUTBOUND))
    recent = []
    for row in rows:
        if int(row["direction"]) == _IN:
            break  # the customer wrote after these: they have not blocked us
        recent.append(OutboundOutcome(DeliveryStatus(row["status"]), int(row["error_code"])))
    return recent
