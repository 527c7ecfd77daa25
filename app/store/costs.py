"""What Meta charged for the team's messages (issue 10, item 6): per conversation for the
customer panel, and by day for the costs report.

Prices are kept by wamid (`message_pricing`, the first status that named one); the message
that carries the wamid says which conversation it was and who sent it.
"""

from __future__ import annotations

from app.domain.ids import ConversationId, DeviceId
from app.domain.pricing import CostSummary, PricedSend, Pricing, PricingType, summarise
from app.store.db import Row, Tx

_SQL_CONVERSATION = (
    "SELECT p.category, p.type, p.billable FROM messages AS m "
    "JOIN message_pricing AS p ON p.wamid = m.wamid WHERE m.conversation_id = ?"
)
# A price whose message this replica lacks still counts (sender unknown): Meta charged it.
_SQL_SINCE = (
    "SELECT p.at, p.category, p.type, p.billable, m.author FROM message_pricing AS p "
    "LEFT JOIN messages AS m ON m.wamid = p.wamid WHERE p.at >= ? ORDER BY p.at"
)


def _pricing(row: Row) -> Pricing:
    return Pricing(str(row["category"]), PricingType(int(row["type"])), bool(row["billable"]))


async def conversation_costs(tx: Tx, conversation_id: ConversationId) -> CostSummary:
    """How many of this conversation's sent messages were charged or free, by group."""
    rows = await tx.fetchall(_SQL_CONVERSATION, (conversation_id,))
    return summarise(_pricing(row) for row in rows)


async def priced_since(tx: Tx, since: int) -> list[PricedSend]:
    """Every priced message Meta first reported at or after `since` (Unix seconds), oldest
    first, with its sender's device when the replica knows it."""
    rows = await tx.fetchall(_SQL_SINCE, (since,))
    return [
        PricedSend(
            at=int(row["at"]),
            pricing=_pricing(row),
            author=None if row["author"] is None else DeviceId(bytes(row["author"])),
        )
        for row in rows
    ]
